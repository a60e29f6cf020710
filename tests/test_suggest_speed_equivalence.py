"""The suggester's faster forms find exactly what the plain forms they replace find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.suggest.indirect import _BACKWARD

# "Hal itu disampaikan oleh ...": the attribution pattern as first written (a group of words
# opening it), which re can only try at every character.
_PLAIN_BACKWARD = re.compile(
    r"(?:(?:Hal|Pernyataan|Penegasan|Penjelasan|Keterangan)\s+(?:itu|tersebut|ini)\s+"
    r"|Demikian\s+)(?:di(?:sampaikan|katakan|ungkapkan|jelaskan|tegaskan|paparkan|utarakan"
    r"|ungkap|kemukakan))\s+(?:oleh\s+)?"
)
_PIECES = st.sampled_from(
    ["Hal", "Pernyataan", "Penegasan", "Penjelasan", "Keterangan", "Demikian", "itu",
     "tersebut", "ini", "disampaikan", "dikatakan", "diungkap", "diungkapkan", "oleh", "Budi",
     " ", "  ", "\n", ".", "hal", "Hal itu ", "Demikian disampaikan "]
)  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(_PIECES, max_size=30), st.sampled_from(["", " ", "\u00a0"]))
def test_backward_attribution_finds_what_the_plain_pattern_finds(
    pieces: list[str], glue: str
) -> None:
    text = glue.join(pieces)
    assert [m.span() for m in _BACKWARD.finditer(text)] == [
        m.span() for m in _PLAIN_BACKWARD.finditer(text)
    ]
