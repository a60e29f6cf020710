"""Adjudication: versions side by side, taking a version, copying single items into gold."""

from __future__ import annotations

import pytest
from test_team_helpers import build_team_project, layer_signature

from annotator.core.adjudication import (
    GOLD_ANNOTATOR,
    adjudicate_item,
    gold_layer,
    remove_gold_item,
    side_by_side,
    take_version,
)
from annotator.core.formats import export_json
from annotator.core.store import Store, StoreError


@pytest.fixture()
def store():
    with Store.memory() as s:
        s.project = build_team_project(s)
        yield s


def as_gold(signature: set[tuple], annotator: str) -> set[tuple]:
    return {(*item[:4], GOLD_ANNOTATOR, *item[5:]) for item in signature if item[4] == annotator}


def test_side_by_side_rows(store):
    rows = side_by_side(store, store.project.article_2)
    quote_rows = [r for r in rows if r.kind == "quote"]
    assert len(quote_rows) == 1 and quote_rows[0].agreed
    assert set(quote_rows[0].versions) == {"ana", "budi"}
    claim_rows = [r for r in rows if r.kind == "claim"]
    assert [r.agreed for r in claim_rows] == [True, False]
    assert claim_rows[1].versions["budi"] == ()
    first = side_by_side(store, store.project.article_1)
    inflasi = next(r for r in first if r.kind == "quote")
    assert not inflasi.agreed
    assert [a.id for a in inflasi.versions["ana"]] == [store.project.ana_quote]
    assert [a.id for a in inflasi.versions["budi"]] == [store.project.budi_quote]
    assert [r.start for r in first] == sorted(r.start for r in first)


def test_take_version_replaces_the_gold_layer(store):
    before = layer_signature(store)
    article = store.project.article_1
    take_version(store, article, "budi")
    gold = layer_signature(store, (GOLD_ANNOTATOR,))
    budi = {i for i in before if i[4] == "budi" and i[0] == store.get_article(article).text_hash}
    assert gold == as_gold(budi, "budi")
    take_version(store, article, "ana")
    ana = {i for i in before if i[4] == "ana" and i[0] == store.get_article(article).text_hash}
    assert layer_signature(store, (GOLD_ANNOTATOR,)) == as_gold(ana, "ana")
    assert layer_signature(store, ("ana", "budi")) == before
    rows = side_by_side(store, article)
    assert "gold" in rows[0].versions


def test_adjudicate_items_one_by_one(store):
    p = store.project
    claim_copy, _ = adjudicate_item(store, p.budi_claim)
    assert claim_copy.annotator == GOLD_ANNOTATOR and claim_copy.quote_id is None
    quote_copy, _ = adjudicate_item(store, p.ana_quote)
    assert store.get_annotation(claim_copy.id).quote_id == quote_copy.id
    replaced, _ = adjudicate_item(store, p.budi_quote)
    gold = gold_layer(store, p.article_1)
    quotes = [a for a in gold if a.kind == "quote"]
    assert [q.id for q in quotes] == [replaced.id]
    assert (replaced.start, replaced.end) == (
        store.get_annotation(p.budi_quote).start,
        store.get_annotation(p.budi_quote).end,
    )
    assert store.get_annotation(claim_copy.id).quote_id == replaced.id
    remove_gold_item(store, claim_copy.id)
    assert [a.kind for a in gold_layer(store, p.article_1)] == ["quote"]


def test_refusals(store):
    p = store.project
    with pytest.raises(StoreError, match="no accepted annotations"):
        take_version(store, p.article_1, "nobody")
    copy, _ = adjudicate_item(store, p.ana_quote)
    with pytest.raises(StoreError, match="already in the gold layer"):
        adjudicate_item(store, copy.id)
    with pytest.raises(StoreError, match="not in the gold layer"):
        remove_gold_item(store, p.ana_quote)


def test_gold_exports_as_the_gold_set(store, tmp_path):
    take_version(store, store.project.article_2, "ana")
    export_json(store, tmp_path / "gold.json", annotators=[GOLD_ANNOTATOR])
    import json

    document = json.loads((tmp_path / "gold.json").read_text(encoding="utf-8"))
    items = [x for art in document["articles"] for x in art["quotes"] + art["claims"]]
    assert items and {x["annotator"] for x in items} == {GOLD_ANNOTATOR}
    assert len(items) == len(store.annotations(store.project.article_2, annotator="ana"))
