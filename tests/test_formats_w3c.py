"""W3C Web Annotation JSON-LD: selectors agree with the text, bodies carry speaker/category."""

from __future__ import annotations

import json

from test_team_helpers import build_team_project

from annotator.core.formats.w3c import ANNO_CONTEXT, CONTEXT, export_w3c
from annotator.core.store import Store


def test_collection_selectors_and_bodies(tmp_path):
    out = tmp_path / "anno.jsonld"
    with Store.memory() as store:
        build_team_project(store)
        export_w3c(store, out, annotators=["ana"])
        texts = {
            f"urn:annotator:text:{store.get_article(i).text_hash}": store.get_article(i).text
            for i in store.article_ids()
        }
        expected = sum(len(store.annotations(i, annotator="ana")) for i in store.article_ids())
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["@context"] == ANNO_CONTEXT
    assert document["type"] == "AnnotationCollection"
    items = document["first"]["items"]
    assert document["total"] == len(items) == expected
    for item in items:
        assert item["type"] == "Annotation"
        assert item["creator"]["nickname"] == "ana"
        text = texts[item["target"]["source"]]
        position, quote = item["target"]["selector"]
        assert position["type"] == "TextPositionSelector"
        assert quote["type"] == "TextQuoteSelector"
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote["prefix"]) and len(quote["prefix"]) <= CONTEXT
        assert text[end:].startswith(quote["suffix"])
        purposes = {b["purpose"]: b for b in item["body"]}
        assert purposes["classifying"]["value"] in ("quote", "claim")
        if purposes["classifying"]["value"] == "claim":
            assert purposes["tagging"]["value"] in ("quantity", "prediction", "rules")
    emoji = [i for i in items if "📉" in i["target"]["selector"][1]["exact"]]
    assert emoji
    speakers = {b["value"] for i in emoji for b in i["body"] if b["purpose"] == "identifying"}
    assert speakers == {"Sri Mulyani"}
