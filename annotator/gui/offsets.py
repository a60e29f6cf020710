"""Converting between code-point offsets (the store) and UTF-16 positions (Qt).

Python strings and the store count code points; ``QTextDocument`` positions and ``QString``
indices count UTF-16 code units, where every astral character (emoji, many CJK extensions)
takes two.  :class:`OffsetMap` precomputes, once per article, the sorted positions of the
astral characters so each conversion is one binary search (O(log n) in their number) and an
article without astral characters converts for free.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Code-point <-> UTF-16 conversion table for one text.

    ``to_utf16(cp)`` maps a code-point offset (0..len(text)) to a UTF-16 offset;
    ``to_codepoint(u16)`` maps back; a UTF-16 offset that falls between the two halves of a
    surrogate pair rounds down to the start of that character (or up with ``round_up=True``).
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        cps = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_cp: list[int] = cps
        self._astral_u16: list[int] = [cp + i for i, cp in enumerate(cps)]
        self.length = len(text)
        self.utf16_length = len(text) + len(cps)

    @property
    def is_identity(self) -> bool:
        """True when the text has no astral characters, so both offsets coincide."""
        return not self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp``."""
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def sorted_to_utf16(self, values: list[int]) -> list[int]:
        """UTF-16 offsets of non-decreasing code-point offsets, in one linear pass."""
        astral = self._astral_cp
        if not astral:
            return list(values)
        out: list[int] = []
        j, n = 0, len(astral)
        for cp in values:
            while j < n and astral[j] < cp:
                j += 1
            out.append(cp + j)
        return out

    def to_codepoint(self, u16: int, *, round_up: bool = False) -> int:
        """Code-point offset of UTF-16 offset ``u16`` (mid-pair offsets round down by default)."""
        if not self._astral_u16:
            return u16
        # astral characters that end at or before u16 (each occupies p and p + 1)
        before = bisect_right(self._astral_u16, u16 - 2)
        cp = u16 - before
        inside = before < len(self._astral_u16) and self._astral_u16[before] == u16 - 1
        if inside:
            # u16 points at the low surrogate of astral character number `before`
            cp = self._astral_cp[before] + (1 if round_up else 0)
        return cp

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """UTF-16 (start, end) of a code-point span."""
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_codepoint(self, start: int, end: int) -> tuple[int, int]:
        """Code-point (start, end) of a UTF-16 span; a split pair widens the span outward."""
        return self.to_codepoint(start), self.to_codepoint(end, round_up=True)
