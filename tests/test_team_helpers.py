"""A small two-annotator project shared by the team, formats and agreement tests.

`build_team_project(store)` stores two articles with emoji (astral characters) before and
inside annotated spans, annotated by "ana" and "budi" who agree on some spans and differ on
others, and returns the ids needed by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.store import Store

TEXT_1 = (
    "JAKARTA 🇮🇩 - Menteri Keuangan Sri Mulyani mengatakan, "
    '"Inflasi turun ke 2,5 persen 📉 tahun ini."\n'
    "Bahtiar menambahkan bahwa ekonomi akan tumbuh 5 persen.\n"
    'Kata Sri Mulyani, "Subsidi 🎯 tetap jalan."'
)
TEXT_2 = (
    "Warga 😀 antre sejak pagi.\n"
    '"Harga beras naik 20 persen," ujar Bachtiar, pedagang di pasar.\n'
    "Menurut dia, pemerintah harus turun tangan."
)


def span(text: str, piece: str, occurrence: int = 0) -> tuple[int, int]:
    """Code-point offsets of the n-th occurrence of `piece` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


@dataclass(frozen=True)
class TeamProject:
    article_1: int
    article_2: int
    ana_quote: int
    budi_quote: int
    ana_claim: int
    budi_claim: int


def _article(store: Store, text: str, title: str) -> int:
    lines, start, sentences = text.split("\n"), 0, []
    for line in lines:
        sentences.append((start, start + len(line)))
        start += len(line) + 1
    with store.transaction():
        article_id, _ = store.insert_article(
            text,
            metadata={"title": title, "outlet": "contoh.id", "published": "2024-05-01"},
            sentences=sentences,
        )
    assert article_id is not None
    return article_id


def build_team_project(store: Store) -> TeamProject:
    a1 = _article(store, TEXT_1, "Inflasi 📉")
    a2 = _article(store, TEXT_2, "Harga beras")
    sri, _ = store.add_speaker("Sri Mulyani", role="Menteri Keuangan")
    bahtiar, _ = store.add_speaker("Bahtiar", aliases=["Bachtiar"])
    quantity = store.category_by_key("quantity").id
    prediction = store.category_by_key("prediction").id
    rules = store.category_by_key("rules").id

    inflasi = span(TEXT_1, "Inflasi turun ke 2,5 persen 📉 tahun ini.")
    cue = span(TEXT_1, "mengatakan")
    ana_q, _ = store.add_quote(
        a1, *inflasi, speaker_id=sri.id, cue=cue, annotator="ana", note="cek | sumber <b>"
    )
    budi_q, _ = store.add_quote(
        a1, inflasi[0], inflasi[1] - 1, speaker_id=sri.id, cue=cue, annotator="budi"
    )
    ana_c, _ = store.add_claim(
        a1, *inflasi, category_id=quantity, quote_id=ana_q.id, annotator="ana"
    )
    budi_c, _ = store.add_claim(
        a1, inflasi[0], inflasi[1] - 1, category_id=quantity, quote_id=budi_q.id, annotator="budi"
    )
    tumbuh = span(TEXT_1, "ekonomi akan tumbuh 5 persen.")
    store.add_quote(a1, *tumbuh, speaker_id=bahtiar.id, quote_type="indirect", annotator="ana")
    store.add_claim(a1, *tumbuh, category_id=prediction, speaker_id=bahtiar.id, annotator="ana")
    store.add_claim(a1, *tumbuh, category_id=quantity, speaker_id=bahtiar.id, annotator="budi")
    subsidi = span(TEXT_1, "Subsidi 🎯 tetap jalan.")
    store.add_quote(a1, *subsidi, speaker_id=sri.id, cue=span(TEXT_1, "Kata"), annotator="budi")

    harga = span(TEXT_2, "Harga beras naik 20 persen,")
    ujar = span(TEXT_2, "ujar")
    for name in ("ana", "budi"):
        quote, _ = store.add_quote(
            a2, *harga, speaker_id=bahtiar.id, cue=ujar, annotator=name, speaker_role="pedagang"
        )
        store.add_claim(a2, *harga, category_id=quantity, quote_id=quote.id, annotator=name)
    harus = span(TEXT_2, "pemerintah harus turun tangan.")
    store.add_claim(a2, *harus, category_id=rules, annotator="ana")
    return TeamProject(a1, a2, ana_q.id, budi_q.id, ana_c.id, budi_c.id)


def test_team_project_spans_hold_their_text():
    with Store.memory() as store:
        project = build_team_project(store)
        for article_id in (project.article_1, project.article_2):
            text = store.get_article(article_id).text
            items = store.annotations(article_id, statuses=("accepted",))
            assert items
            for a in items:
                assert text[a.start : a.end] == a.text
        assert store.annotators() == ["ana", "budi"]
        quote = store.get_annotation(project.ana_quote)
        assert "📉" in quote.text and quote.text.endswith("tahun ini.")


def layer_signature(store: Store, annotators: tuple[str, ...] | None = None) -> set[tuple]:
    """Everything an exchange format should carry about accepted annotations, by article text:
    kind, span, annotator, speaker, stated role, category, cue, quote type, linked quote span
    and note."""
    found = set()
    for article_id in store.article_ids():
        article = store.get_article(article_id)
        items = store.annotations(article_id, statuses=("accepted",))
        by_id = {a.id: a for a in items}
        for a in items:
            if annotators is not None and a.annotator not in annotators:
                continue
            quote = by_id.get(a.quote_id) if a.quote_id else None
            found.add(
                (
                    article.text_hash,
                    a.kind,
                    a.start,
                    a.end,
                    a.annotator,
                    a.speaker_name,
                    a.speaker_role if a.kind == "quote" else None,
                    a.category_key,
                    a.cue_start,
                    a.cue_end,
                    a.quote_type,
                    (quote.start, quote.end) if quote else None,
                    a.note,
                )
            )
    return found


def without_notes(signature: set[tuple]) -> set[tuple]:
    return {item[:-1] for item in signature}
