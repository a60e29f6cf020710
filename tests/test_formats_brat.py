"""brat standoff: files brat can load, code-point offsets, round trip, foreign files."""

from __future__ import annotations

import pytest
from test_team_helpers import build_team_project, layer_signature, span

from annotator.core.formats import FormatError
from annotator.core.formats.brat import export_brat, import_brat
from annotator.core.store import Store


def entity_lines(ann: str) -> list[tuple[str, str, list[tuple[int, int]], str]]:
    found = []
    for line in ann.splitlines():
        if line.startswith("T"):
            ref, head, shown = line.split("\t")
            kind, offsets = head.split(" ", 1)
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            found.append((ref, kind, pieces, shown))
    return found


def test_export_is_loadable_standoff(tmp_path):
    with Store.memory() as store:
        project = build_team_project(store)
        written = export_brat(store, tmp_path)
        text = store.get_article(project.article_1).text
    names = sorted(p.name for p in written)
    assert "annotation.conf" in names and "visual.conf" in names
    assert (tmp_path / f"article-{project.article_1}.txt").read_text(encoding="utf-8") == text
    ann = (tmp_path / f"article-{project.article_1}.ann").read_text(encoding="utf-8")
    entities = entity_lines(ann)
    for _, _, pieces, shown in entities:
        assert " ".join(text[s:e] for s, e in pieces) == shown
    kinds = {kind for _, kind, _, _ in entities}
    assert kinds == {"Quote", "Claim", "Cue", "Speaker"}
    mention = [e for e in entities if e[1] == "Speaker"]
    assert mention and all(shown in ("Sri Mulyani", "Bahtiar") for *_, shown in mention)
    assert "\tSays Arg1:" in ann and "\tInQuote Arg1:" in ann and "\tHasCue Arg1:" in ann
    assert "AnnotatorNotes" in ann and "speaker: Sri Mulyani" in ann
    conf = (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    assert "Category\tArg:Claim, Value:" in conf and "quantity" in conf
    assert "Annotator\tArg:<ENTITY>, Value:ana|budi" in conf


def test_span_across_a_line_break_becomes_fragments(tmp_path):
    text = "Dia berkata 🙂 bahwa\nharga naik."
    with Store.memory() as store:
        with store.transaction():
            article_id, _ = store.insert_article(text, metadata={}, sentences=[])
        store.add_quote(article_id, 12, len(text), speaker_id=None, annotator="ana")
        export_brat(store, tmp_path)
        ann = (tmp_path / f"article-{article_id}.ann").read_text(encoding="utf-8")
        [(_, _, pieces, shown)] = entity_lines(ann)
        assert pieces == [(12, 19), (20, len(text))]
        assert shown == "🙂 bahwa harga naik."
        with Store.memory() as other:
            import_brat(other, tmp_path)
            [quote] = other.annotations(other.article_ids()[0])
            assert (quote.start, quote.end) == (12, len(text))


def test_round_trip(tmp_path):
    with Store.memory() as first:
        build_team_project(first)
        export_brat(first, tmp_path)
        expected = layer_signature(first)
    with Store.memory() as second:
        report = import_brat(second, tmp_path)
        assert len(report.imported) == 2 and report.warnings == ()
        assert layer_signature(second) == expected
        import_brat(second, tmp_path)
        assert layer_signature(second) == expected


def test_foreign_brat_file(tmp_path):
    text = 'Kata Bahtiar 😀, "Harga naik 10 persen."'
    quote = span(text, "Harga naik 10 persen.")
    cue = span(text, "Kata")
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    (tmp_path / "doc.ann").write_text(
        f"T1\tQuote {quote[0]} {quote[1]}\t{text[quote[0] : quote[1]]}\n"
        f"T2\tCue {cue[0]} {cue[1]}\tKata\n"
        f"T3\tquantity {quote[0]} {quote[1] - 1}\t{text[quote[0] : quote[1] - 1]}\n"
        f"T4\tSpeaker 5 12\tBahtiar\n"
        "R1\tSays Arg1:T4 Arg2:T1\n"
        "T5\tPerson 5 12\tBahtiar\n",
        encoding="utf-8",
    )
    with Store.memory() as store:
        report = import_brat(store, tmp_path / "doc.ann", annotator="dewi")
        assert any("Person" in w for w in report.warnings)
        items = store.annotations(store.article_ids()[0], statuses=("accepted",))
        [q] = [a for a in items if a.kind == "quote"]
        [c] = [a for a in items if a.kind == "claim"]
        assert (q.cue_start, q.cue_end) == cue and q.speaker_name == "Bahtiar"
        assert q.annotator == c.annotator == "dewi"
        assert c.category_key == "quantity" and c.quote_id is None
        assert store.get_article(store.article_ids()[0]).status == "in_progress"


def test_mismatched_span_text_refused_nothing_written(tmp_path):
    (tmp_path / "doc.txt").write_text("Harga 😀 naik.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text("T1\tQuote 0 5\tHarg\n", encoding="utf-8")
    with Store.memory() as store:
        with pytest.raises(FormatError, match="does not match"):
            import_brat(store, tmp_path)
        assert store.article_ids() == []


def test_windows_line_ends_are_normalised_and_offsets_moved(tmp_path):
    raw = 'Judul 😀\r\nKata Bahtiar, "Harga naik."\r\nSelesai.'
    start = raw.index("Harga")
    end = start + len("Harga naik.")
    (tmp_path / "doc.txt").write_bytes(raw.encode("utf-8"))
    (tmp_path / "doc.ann").write_text(f"T1\tQuote {start} {end}\tHarga naik.\n", encoding="utf-8")
    with Store.memory() as store:
        import_brat(store, tmp_path)
        article = store.get_article(store.article_ids()[0])
        assert "\r" not in article.text
        [quote] = store.annotations(article.id)
        assert quote.text == "Harga naik." and quote.start == start - 1
