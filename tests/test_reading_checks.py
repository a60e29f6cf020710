"""The quick checks every imported text goes through answer as the plain searches they replace:
a lone surrogate (refused) and double-encoded text (a warning)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import reading
from annotator.core.reading import _MOJIBAKE, _text_warnings, has_unpaired_surrogate

_PIECES = st.sampled_from(
    ["a", " ", "\u00e9", "\u201c", "\U0001f600", "\ud800", "\udfff", "\ud83d\ude00", "\ud7ff",
     "\ue000", "\u00c3", "\u00e2", "\u00c2", "\u20ac", "\u00a9", "\u00e2\u20ac", "\u00c3\u00a9",
     "\u00c2 ", "\u00c3\u00bc", "\u00c3\u00b6", "\u00c3\u00a8", "\n"]
)  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_the_quick_checks_answer_as_the_plain_searches(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert has_unpaired_surrogate(text) == (re.search("[\ud800-\udfff]", text) is not None)
    double_encoded = any(marker in text for marker in _MOJIBAKE)
    assert any("double-encoded" in w for w in _text_warnings(text)) == double_encoded


def test_a_large_text_is_searched_for_surrogates_too(monkeypatch) -> None:
    monkeypatch.setattr(reading, "_ENCODE_CHECK_CHARS", 10)
    assert has_unpaired_surrogate("\u201c" * 20 + "\udc00")
    assert not has_unpaired_surrogate("\u201c" * 20 + "\U0001f600")
