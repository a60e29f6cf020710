"""The native JSON export: schema-valid, round trip, and refusal of bad documents."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.export_json import (
    DocumentError,
    dumps,
    export_project,
    import_document,
    write_export,
)
from annotator.core.store import Store
from annotator.paths import resource

SCHEMA = json.loads(resource("schema", "export-v1.schema.json").read_text(encoding="utf-8"))


def build_project(store: Store, text: str) -> int:
    with store.transaction():
        article_id, _ = store.insert_article(
            text, metadata={"title": "T", "published": "2023-01-03"}, sentences=[(0, len(text))]
        )
    speaker, _ = store.add_speaker("Bahtiar", aliases=["Bachtiar"], role="Dirjen")
    quote, _ = store.add_quote(
        article_id, 0, len(text), speaker_id=speaker.id, annotator="ana", cue=(0, 1)
    )
    store.add_claim(
        article_id,
        0,
        1,
        category_id=store.category_by_key("quantity").id,
        quote_id=quote.id,
        annotator="ana",
        note="<b>not html</b>",
    )
    with store.transaction():
        store.insert_suggestions(
            article_id,
            [
                {
                    "kind": "claim",
                    "start": 0,
                    "end": len(text),
                    "category": "prediction",
                    "speaker": "Someone New",
                    "confidence": 0.5,
                }
            ],
        )
    return article_id


def roundtrip(text: str) -> tuple[dict, dict]:
    with Store.memory() as first:
        build_project(first, text)
        exported = export_project(first, exported_at="T0")
    with Store.memory() as second:
        import_document(second, json.loads(dumps(exported)))
        again = export_project(second, exported_at="T0")
    return exported, again


def test_export_validates_against_shipped_schema():
    document, _ = roundtrip("Kami siap 😀 bekerja, kata Bahtiar.")
    jsonschema.validate(document, SCHEMA)
    quote = document["articles"][0]["quotes"][0]
    assert quote["speaker"] == "Bahtiar" and quote["cue"]["text"] == "K"
    claim = document["articles"][0]["claims"][0]
    assert claim["quote"] == quote["id"] and claim["speaker"] == "Bahtiar"


def test_schema_rejects_a_document_missing_a_span_text():
    document, _ = roundtrip("Sebuah teks.")
    del document["articles"][0]["quotes"][0]["text"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=2, max_size=60
    ).filter(lambda t: t.strip() and "\r" not in t)
)
def test_export_import_export_is_identical(text):
    exported, again = roundtrip(text)
    assert again == exported
    for article in again["articles"]:
        for item in article["quotes"] + article["claims"]:
            assert article["text"][item["start"] : item["end"]] == item["text"]


def test_import_refuses_text_mismatch_and_writes_nothing():
    document, _ = roundtrip("Kami siap bekerja, kata Bahtiar.")
    bad = copy.deepcopy(document)
    bad["articles"][0]["quotes"][0]["text"] = "something else"
    with Store.memory() as store:
        with pytest.raises(DocumentError) as caught:
            import_document(store, bad)
        assert store.count_articles() == 0 and store.speakers() == []
    assert str(caught.value) == (
        "article 1 quote 1: \"text\" 'something else' does not match the article text at "
        "0-32 ('Kami siap bekerja, kata Bahtiar.')"
    )


def test_import_refuses_offsets_out_of_range():
    document, _ = roundtrip("Kami siap bekerja.")
    document["articles"][0]["claims"][0]["end"] = 10_000
    with Store.memory() as store, pytest.raises(DocumentError) as caught:
        import_document(store, document)
    assert str(caught.value) == "article 1 claim 1: offsets 0-10000 out of range (text of 18 chars)"


def test_import_refuses_a_published_value_that_is_not_a_date():
    document, _ = roundtrip("Kami siap bekerja.")
    document["articles"][0]["metadata"]["published"] = "3 Januari 2023"
    with Store.memory() as store:
        with pytest.raises(DocumentError) as caught:
            import_document(store, document)
        assert store.count_articles() == 0 and store.speakers() == []
    assert str(caught.value) == (
        "article 1: \"metadata.published\" must be an ISO date (YYYY-MM-DD), "
        "got '3 Januari 2023'"
    )


@pytest.mark.parametrize(
    ("published", "problem"),
    [("2024-13-45", "there is no month 13"), ("2023-02-29", "February 2023 has 28 days")],
)
def test_import_keeps_an_article_whose_day_is_not_on_the_calendar(published, problem):
    """A project of an earlier version could store 2024-02-30: its export imports, without
    the date, the value kept in extra and a warning naming it."""
    document, _ = roundtrip("Kami siap bekerja.")
    document["articles"][0]["metadata"]["published"] = published
    with Store.memory() as store:
        report = import_document(store, document, label="team.json")
        (article_id,) = report.imported
        article = store.get_article(article_id)
        assert article.published is None
        assert article.extra == {"published_as_written": published}
    assert report.warnings == (
        f"team.json: article 1: \"metadata.published\" '{published}' is not a day on the "
        f"calendar ({problem}): imported without a date, the value kept in "
        "metadata.extra.published_as_written",
    )


@pytest.mark.parametrize(
    ("published", "stored"),
    [("2024-02-29", "2024-02-29"), ("2024-02-29T23:59:59+07:00", "2024-02-29"), ("", None)],
)
def test_import_stores_a_date_time_as_its_date(published, stored):
    document, _ = roundtrip("Kami siap bekerja.")
    document["articles"][0]["metadata"]["published"] = published
    with Store.memory() as store:
        (article_id,) = import_document(store, document).imported
        assert store.get_article(article_id).published == stored


def test_import_refuses_newer_format():
    document, _ = roundtrip("Kami siap bekerja.")
    document["format_version"] = 99
    with Store.memory() as store, pytest.raises(DocumentError, match="newer"):
        import_document(store, document)


def test_importing_twice_adds_nothing_the_second_time():
    document, _ = roundtrip("Kami siap bekerja.")
    with Store.memory() as store:
        import_document(store, document)
        report = import_document(store, document)
        assert report.imported == () and len(report.duplicates) == 1
        article_id = store.article_ids()[0]
        assert len(store.annotations(article_id)) == 3


def test_other_annotators_work_is_kept_side_by_side():
    document, _ = roundtrip("Kami siap bekerja.")
    other = copy.deepcopy(document)
    for article in other["articles"]:
        for item in article["quotes"] + article["claims"]:
            if item["annotator"] == "ana":
                item["annotator"] = "budi"
    with Store.memory() as store:
        import_document(store, document)
        import_document(store, other)
        article_id = store.article_ids()[0]
        accepted = store.annotations(article_id, statuses=("accepted",))
        assert sorted(a.annotator for a in accepted) == ["ana", "ana", "budi", "budi"]


@pytest.mark.parametrize("chosen", [None, "first", "none"])
def test_streamed_export_is_the_same_text_as_the_document(chosen):
    import io

    with Store.memory() as store:
        first = build_project(store, "Kami siap 😀 bekerja, kata Bahtiar.")
        with store.transaction():
            store.insert_article("Artikel kedua.", metadata={}, sentences=[(0, 14)])
        ids = {"first": [first], "none": [], None: None}[chosen]
        buffer = io.StringIO()
        write_export(store, buffer, ids, exported_at="T0")
        assert buffer.getvalue() == dumps(export_project(store, ids, exported_at="T0"))
