"""The word scan that every suggester reads (`suggest.text`): the column scan finds exactly the
words a plain `finditer` of the word pattern finds, with the same offsets (also for spans out
of range), and stays linear on a long tail without words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.suggest.text import (
    _WORD,
    ArticleText,
    Word,
    _scan,
    make_word,
    word_columns,
    words,
)


def _plain_scan(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    end = len(text) if end is None else end
    return [make_word(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]


_PIECES = st.sampled_from(
    [
        "a", "B", "1", "_", " ", "@", ".", "-", "'", "\u2019", "\u201c", "\n", "\t", ",", "(",
        "Dr.", "M.Kes", "S.Pd.", "U.S.", "@user", "@", "e\u0301", "\U0001f600",
        "\U0001f44d\U0001f3fd",
        "\u05d0\u05d1", "\u200b", "\u00a0", "\u0130", "Moh.", "H.", "(3/1/2023)", "--", "..",
    ]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.integers(0, 60), st.integers(0, 60))
def test_column_scan_finds_what_finditer_finds(pieces: list[str], cut: int, keep: int) -> None:
    text = "".join(pieces)
    start = min(cut, len(text))
    end = min(len(text), start + keep)
    assert _scan(text) == _plain_scan(text)
    assert _scan(text, start, end) == _plain_scan(text, start, end)
    assert _scan(text, -cut, len(text) + keep) == _plain_scan(text, -cut, len(text) + keep)
    assert _scan(text, end, start) == _plain_scan(text, end, start)
    article = ArticleText(text)
    found = words(article)
    assert found == _plain_scan(text)
    values, lowers, capitalized = word_columns(article)
    assert values == [w.value for w in found]
    assert lowers == [w.lower for w in found]
    assert capitalized == [w.is_capitalized for w in found]
    assert word_columns(text) == (values, lowers, capitalized)
    assert all(text[w.start : w.end] == w.value for w in found)


def test_a_long_tail_without_words_is_scanned_once() -> None:
    """A million emoji (or full stops) after the last word: found at once, not by a search from
    every position of the tail (which would take hours)."""
    for tail in ("\U0001f600" * 1_000_000, "." * 1_000_000):
        text = "Kata Budi " + tail
        assert [w.value for w in _scan(text)] == ["Kata", "Budi"]
        assert _scan(text, 5) == _plain_scan(text, 5)
