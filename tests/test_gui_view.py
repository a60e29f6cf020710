"""The article view over plain data: marks, current sentence, astral offsets, tooltips."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402

from annotator.core.model import Annotation, Excluded, Sentence  # noqa: E402
from annotator.gui.article_view import ArticleView, color_sentences  # noqa: E402
from annotator.gui.highlighter import CLAIM, QUOTE, SENTENCE  # noqa: E402

pytestmark = pytest.mark.gui

TEXT = (
    "Judul 😀 berita\n\n"
    "“Kami 👍 siap,” katanya. Dia menambahkan bahwa harga 𝕏 turun.\n"
    "Baca juga: lainnya"
)


def _sentences(text: str) -> list[Sentence]:
    spans, pos = [], 0
    for i, part in enumerate(["Judul 😀 berita", "“Kami 👍 siap,” katanya.",
                              "Dia menambahkan bahwa harga 𝕏 turun.", "Baca juga: lainnya"]):
        start = text.index(part, pos)
        spans.append(Sentence(i + 1, start, start + len(part)))
        pos = start + len(part)
    return spans


def _view(qtbot) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    return view


def test_marks_land_on_the_right_characters_next_to_emoji(qtbot) -> None:
    view = _view(qtbot)
    sents = _sentences(TEXT)
    q_start = TEXT.index("“Kami")
    q_end = TEXT.index("siap,”") + len("siap,”")
    c_start = TEXT.index("harga")
    c_end = TEXT.index("turun") + len("turun")
    anns = [
        Annotation(1, 1, "quote", q_start, q_end, TEXT[q_start:q_end], speaker_id=3,
                   speaker_name="Budi"),
        Annotation(2, 1, "claim", c_start, c_end, TEXT[c_start:c_end], category_id=1,
                   status="suggested"),
    ]
    view.load(TEXT, sents, [Excluded(TEXT.index("Baca"), len(TEXT), "boilerplate")], anns,
              {1: "#2a8bd8"})
    view.highlighter.finish_lazy()
    doc = view.document()
    for mark in view.highlighter.marks():
        cursor = QTextCursor(doc)
        cursor.setPosition(mark.start)
        cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
        selected = cursor.selectedText().replace("\u2029", "\n")
        if mark.kind == QUOTE:
            assert selected == TEXT[q_start:q_end]
        elif mark.kind == CLAIM:
            assert selected == TEXT[c_start:c_end]
        elif mark.kind == SENTENCE:
            s = next(s for s in sents if s.id == mark.ident)
            assert selected == TEXT[s.start:s.end]
    # the formats in the claim's block cover the claim's UTF-16 range
    block = doc.findBlock(view.offsets.to_utf16(c_start))
    ranges = block.layout().formats()
    assert any(r.format.underlineStyle() for r in ranges)


def test_selection_maps_back_to_code_points(qtbot) -> None:
    view = _view(qtbot)
    view.load(TEXT, _sentences(TEXT), [], [], {})
    start = TEXT.index("siap")
    end = TEXT.index("𝕏") + 1
    view.select_span(start, end)
    assert view.selection_span() == (start, end)
    assert TEXT[slice(*view.target_span())] == TEXT[start:end]


def test_moving_the_current_sentence_2000_times(qtbot) -> None:
    """Moving repaints the current sentence every time (PySide6 6.12.0 crashed when an
    ExtraSelection.cursor was reassigned this often; the view uses at most one, here none)."""
    view = _view(qtbot)
    view.load(TEXT, _sentences(TEXT), [], [], {})
    for i in range(2000):
        view.move_sentence(1 if (i // 3) % 2 == 0 else -1)
        assert len(view.extraSelections()) <= 1
        view.viewport().repaint()
    assert 0 <= view.current_index < 4


def test_tooltip_escapes_speaker_names(qtbot) -> None:
    view = _view(qtbot)
    evil = "<b>x</b><img src=x>"
    start = TEXT.index("“Kami")
    anns = [Annotation(1, 1, "quote", start, start + 10, "", speaker_id=1, speaker_name=evil,
                       note="<i>n</i>")]
    view.load(TEXT, _sentences(TEXT), [], anns, {})
    tip = view.tooltip_at(view.offsets.to_utf16(start + 2))
    assert "&lt;b&gt;x&lt;/b&gt;&lt;img src=x&gt;" in tip
    assert "<img" not in tip and "<i>n" not in tip


def test_incremental_update_touches_only_changed_blocks(qtbot) -> None:
    view = _view(qtbot)
    sents = _sentences(TEXT)
    view.load(TEXT, sents, [], [], {})
    view.highlighter.finish_lazy()
    start = TEXT.index("Dia")
    touched = view.highlighter.update_marks(
        {QUOTE, CLAIM}, [view.highlighter.marks().pop()._replace(kind=QUOTE, start=start,
                                                                  end=start + 3, ident=9)])
    assert touched == {view.document().findBlock(view.offsets.to_utf16(start)).blockNumber()}


def test_sentence_tints_stay_local_after_split() -> None:
    sents = [Sentence(i, i * 10, i * 10 + 8) for i in range(1, 8)]
    before = color_sentences(sents, {})
    split = sents[:3] + [Sentence(4, 40, 43), Sentence(99, 44, 48)] + sents[4:]
    after = color_sentences(split, before)
    changed = {sid for sid in after if before.get(sid) != after[sid]}
    assert changed <= {99}
    tints = [after[s.id] for s in split]
    assert all(a != b for a, b in zip(tints, tints[1:], strict=False))


def test_a_long_article_opens_whole_and_highlights_lazily(qtbot) -> None:
    from annotator.gui.benchmark import make_annotations, make_article

    text, sents = make_article(n_sentences=1500, target_chars=200_000)
    view = _view(qtbot)
    view.load(text, sents, [], make_annotations(sents, 300), {i: "#e0782c" for i in range(9)})
    assert view.document().characterCount() - 1 == view.offsets.utf16_length
    view.highlighter.finish_lazy()
    last = view.document().findBlock(view.offsets.to_utf16(sents[-1].start))
    assert last.layout().formats()


@pytest.mark.parametrize("dark", [False, True])
def test_tints_are_readable_in_light_and_dark_palettes(qapp, dark) -> None:
    from PySide6.QtGui import QPalette

    from annotator.gui.theme import Theme, dark_palette

    palette = dark_palette() if dark else qapp.style().standardPalette()
    theme = Theme(palette)
    assert theme.dark is dark
    text = palette.color(QPalette.ColorRole.Text).lightnessF()
    for color in ("#8e6cd1", "#2a8bd8", "#e0782c", "#2e9e5b", "#d4475a", "#9a8a2a", "#8a8f98"):
        wash = theme.claim_wash(color).lightnessF()
        assert abs(wash - text) > 0.4, color  # text stays readable on every claim wash
    for tint in theme.sentence_tints:
        assert abs(tint.lightnessF() - text) > 0.5


def test_scrolling_ahead_draws_what_comes_into_view(qtbot) -> None:
    from annotator.gui.benchmark import make_annotations, make_article

    text, sents = make_article(n_sentences=3000, target_chars=600_000)
    view = _view(qtbot)
    view.load(text, sents, [], make_annotations(sents, 500), {i: "#e0782c" for i in range(9)})
    assert view.highlighter.lazy_pending  # the rest is drawn in idle slices
    view.set_current_sentence(len(sents) - 1)  # jump to the end before the idle pass
    assert view.highlighter.lazy_pending
    block = view.document().findBlock(view.offsets.to_utf16(sents[-1].start))
    assert block.layout().formats()
    view.highlighter.finish_lazy()
    assert not view.highlighter.lazy_pending


@pytest.mark.parametrize("seed", range(12))
def test_overlapping_marks_are_all_visible(qtbot, seed) -> None:
    """Random quotes and claims over several paragraphs: every character under a quote is
    underlined, every character under a claim is shaded, whatever overlaps it."""
    import random

    rng = random.Random(seed)
    paragraphs = ["".join(rng.choice("abc de😀f ") for _ in range(rng.randint(5, 40)))
                  for _ in range(5)]
    text = "\n".join(p.strip() or "x" for p in paragraphs)
    anns = []
    for i in range(8):
        start = rng.randrange(len(text) - 1)
        end = rng.randint(start + 1, min(len(text), start + 60))
        kind = rng.choice(["quote", "claim"])
        anns.append(Annotation(i + 1, 1, kind, start, end, text[start:end],
                               speaker_id=i if kind == "quote" else None, category_id=i % 3,
                               status=rng.choice(["accepted", "suggested"])))
    view = _view(qtbot)
    view.load(text, [], [], anns, {0: "#2a8bd8", 1: "#e0782c", 2: "#2e9e5b"})
    view.highlighter.finish_lazy()
    doc = view.document()
    for cp, _ch in enumerate(text):
        if text[cp] == "\n":
            continue
        pos = view.offsets.to_utf16(cp)
        block = doc.findBlock(pos)
        rel = pos - block.position()
        ranges = block.layout().formats()
        found = [r for r in ranges if r.start <= rel < r.start + r.length]
        assert len(found) <= 1, (seed, cp)  # overlaps are blended into one format
        fmt = found[0].format if found else None
        quoted = any(a.kind == "quote" and a.start <= cp < a.end for a in anns)
        claimed = any(a.kind == "claim" and a.start <= cp < a.end for a in anns)
        underlined = fmt is not None and fmt.underlineStyle() != fmt.UnderlineStyle.NoUnderline
        shaded = fmt is not None and fmt.background().style() != Qt.BrushStyle.NoBrush
        assert shaded == claimed, (seed, cp)
        if quoted:
            assert underlined, (seed, cp)
        if not quoted and not claimed:
            assert fmt is None, (seed, cp)
