"""doccano JSONL: label triples per annotator; both import forms; UTF-16 offsets."""

from __future__ import annotations

import json

import pytest
from test_team_helpers import build_team_project, layer_signature, span, without_notes

from annotator.core.formats import FormatError
from annotator.core.formats.doccano import export_doccano, import_doccano
from annotator.core.store import Store


def test_export_lines(tmp_path):
    out = tmp_path / "d.jsonl"
    with Store.memory() as store:
        build_team_project(store)
        export_doccano(store, out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["meta"]["article_id"], r["annotator"]) for r in records] == [
        (1, "ana"),
        (1, "budi"),
        (2, "ana"),
        (2, "budi"),
    ]
    for record in records:
        for start, end, label in record["label"]:
            assert 0 <= start < end <= len(record["text"])
            assert label in ("Quote", "Cue") or label.startswith("Claim:")
    first = records[0]
    quote = span(first["text"], "Inflasi turun ke 2,5 persen 📉 tahun ini.")
    assert [*quote, "Quote"] in first["label"]
    assert [*quote, "Sri Mulyani"] in first["speakers"]


def test_round_trip_without_notes(tmp_path):
    out = tmp_path / "d.jsonl"
    with Store.memory() as first:
        build_team_project(first)
        export_doccano(first, out)
        expected = without_notes(layer_signature(first))
    with Store.memory() as second:
        report = import_doccano(second, out)
        assert len(report.imported) == 2 and report.warnings == ()
        assert without_notes(layer_signature(second)) == expected


def test_entities_form_utf16_offsets_and_unknown_labels(tmp_path):
    text = "🙂🙂 Harga naik, kata Bahtiar. Ekonomi akan tumbuh."
    quote = span(text, "Harga naik")
    claim = span(text, "Ekonomi akan tumbuh.")
    cue = span(text, "kata")

    def utf16(offset: int) -> int:
        return len(text[:offset].encode("utf-16-le")) // 2

    record = {
        "id": 7,
        "text": text,
        "entities": [
            {
                "id": 1,
                "label": "Quote",
                "start_offset": utf16(quote[0]),
                "end_offset": utf16(quote[1]),
            },
            {"id": 2, "label": "Cue", "start_offset": utf16(cue[0]), "end_offset": utf16(cue[1])},
            {
                "id": 3,
                "label": "Prediction",
                "start_offset": utf16(claim[0]),
                "end_offset": utf16(claim[1]),
            },
            {
                "id": 4,
                "label": "PERSON",
                "start_offset": utf16(cue[1] + 1),
                "end_offset": utf16(cue[1] + 8),
            },
        ],
    }
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with Store.memory() as store:
        report = import_doccano(store, path, annotator="eka", utf16=True)
        assert any("PERSON" in w for w in report.warnings)
        items = store.annotations(store.article_ids()[0], statuses=("accepted",))
        [q] = [a for a in items if a.kind == "quote"]
        [c] = [a for a in items if a.kind == "claim"]
        assert (q.start, q.end, q.text) == (*quote, "Harga naik")
        assert (q.cue_start, q.cue_end) == cue
        assert c.text == "Ekonomi akan tumbuh." and c.category_key == "prediction"
        assert q.annotator == "eka"


def test_offsets_out_of_range_refused(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "abc", "label": [[0, 9, "Quote"]]}) + "\n")
    with Store.memory() as store:
        with pytest.raises(FormatError, match="out of range"):
            import_doccano(store, path)
        assert store.article_ids() == []


def test_windows_line_ends_are_normalised_and_offsets_moved(tmp_path):
    raw = "Baris 😀\r\nHarga naik.\r\n"
    start = raw.index("Harga")
    path = tmp_path / "crlf.jsonl"
    record = {"text": raw, "label": [[start, start + 11, "Claim:quantity"]]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with Store.memory() as store:
        import_doccano(store, path)
        article = store.get_article(store.article_ids()[0])
        assert article.text == "Baris 😀\nHarga naik.\n"
        [claim] = store.annotations(article.id)
        assert (claim.start, claim.text, claim.category_key) == (
            start - 1,
            "Harga naik.",
            "quantity",
        )
