"""The shortcuts that make metadata, segmentation and language detection fast answer exactly
as the plain searches they replace."""

from __future__ import annotations

import re
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import metadata, segment
from annotator.core.language import _ENGLISH, _INDONESIAN, detect_language


def _everything() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)


def test_odd_case_characters_are_all_known() -> None:
    """The only characters that re's case-insensitive matching takes for an ASCII character
    although they are not ASCII are metadata._ODD_CASE (elsewhere a run of ASCII characters
    matches case-insensitively where the lower-cased ASCII bytes hold it)."""
    everything = _everything()
    found = {m.group() for m in re.finditer(r"[\x00-\x7f]", everything, re.IGNORECASE)}
    assert {c for c in found if not c.isascii()} == set(metadata._ODD_CASE)
    assert all(c.lower().isascii() for c in map(chr, range(128)))


def _plain_detect_language(text: str) -> str:
    indonesian = english = 0
    for word in re.findall(r"[A-Za-z]+", text[:20000]):
        lowered = word.lower()
        if lowered in _INDONESIAN:
            indonesian += 1
        elif lowered in _ENGLISH:
            english += 1
    return "en" if english > indonesian else "id"


_WORDS = st.sampled_from(
    [*sorted(_INDONESIAN | _ENGLISH), "The", "YANG", "Dan", "x", "yangx", "thé", "\u0130t"]
)
_GLUE = st.sampled_from(["", " ", "  ", "\n", ".", ",", "-", "'", "\u201c", "\u0130", "\u212a"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(_WORDS, _GLUE), max_size=30))
def test_detect_language_counts_like_a_word_regex(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + glue for word, glue in parts)
    assert detect_language(text) == _plain_detect_language(text)


def test_detect_language_reads_the_first_20000_characters_only() -> None:
    text = "the " * 5000 + "yang " * 3000
    assert detect_language(text) == _plain_detect_language(text) == "en"


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_line_patterns_start_with_their_first_characters(data: st.DataObject) -> None:
    """Every match of a boilerplate/related pattern starts with a character that the
    first-character test worked out for it accepts (lines are tried only against those)."""
    for (_, pattern), starts in zip(
        metadata._line_patterns(), metadata._line_pattern_starts(), strict=True
    ):
        line = data.draw(st.from_regex(pattern, fullmatch=True))
        assert starts is None or starts.match(line[:1]), (pattern.pattern, line)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_credit_patterns_hold_their_rare_runs(data: st.DataObject) -> None:
    """Every match of a credit pattern holds its rare literal runs in its lower-cased ASCII
    bytes (a text without them does not try that pattern)."""
    for runs, source in metadata._credit_runs():
        credit = data.draw(st.from_regex(re.compile(source, re.IGNORECASE), fullmatch=True))
        if any(char in credit for char in metadata._ODD_CASE):
            continue  # such texts try every pattern
        lowered = credit.encode("ascii", "replace").lower()
        assert all(run in lowered for run in runs), (source, credit)


def test_first_characters_of_sample_patterns() -> None:
    assert metadata._first_chars(r"(?:baca|lihat) juga").pattern == "[bl]"
    assert metadata._first_chars(r"(?:additional )?reporting").pattern == "[ar]"
    assert metadata._first_chars(r"\b[_*=~-]+") is not None
    assert metadata._first_chars(r"x?") is None  # may match nothing
    assert metadata._first_chars(r".{0,3}x") is None  # any character
    assert metadata._first_chars(r"[^a]b") is None  # a negated class
    assert metadata._literal_runs(r"(?:a|b)\s*contributed\b[^\n]{0,9} by x") == {
        "contributed",
        " by x",
    }


_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_TEXT = st.lists(
    st.sampled_from(["a", "b c", " ", "\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e"])
    | st.sampled_from(["\x85", "\u2028", "\u2029", "\n\r", ".", "\u201c", '"', "\t"]),
    max_size=30,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_line_spans_are_the_runs_between_line_breaks(text: str) -> None:
    assert segment._line_spans(text) == [m.span() for m in _LINE.finditer(text)]
    assert list(metadata._lines(text)) == [
        (
            m.start() + len(m.group()) - len(m.group().lstrip()),
            m.end() - len(m.group()) + len(m.group().rstrip()),
        )
        for m in re.finditer(r"[^\n]+", text)
        if m.group().strip()
    ]
    assert segment._positions(text, '.\u201c"') == [
        i for i, char in enumerate(text) if char in '.\u201c"'
    ]
