"""Persistent marks on the article text: sentence tints, exclusions, quotes, claims, suggestions.

Marks are given in document (UTF-16) positions and filed per block, so a change re-highlights
only the blocks it touches.  Overlapping marks are combined per segment before ``setFormat``:
claim washes blend, the innermost quote gives the underline, suggestions are dashed and lighter.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from typing import NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.gui.theme import Theme, mix

SENTENCE = "sentence"
EXCLUDED = "excluded"
QUOTE = "quote"
CLAIM = "claim"
CUE = "cue"


class Mark(NamedTuple):
    """One styled span: ``kind`` is sentence/excluded/quote/claim/cue, ``style`` its look.

    ``style`` is a tint index for sentences, a hex color for quotes/claims/cues; ``ident`` names
    the thing marked (a sentence or annotation id) for tooltips and lookups.
    """

    start: int
    end: int
    kind: str
    style: str | int = 0
    suggested: bool = False
    ident: int = 0


class MarkHighlighter(QSyntaxHighlighter):
    """A QSyntaxHighlighter drawing :class:`Mark` lists, filed per block."""

    def __init__(self, document: QTextDocument, theme: Theme) -> None:
        super().__init__(document)
        self.theme = theme
        self._by_block: dict[int, list[Mark]] = {}
        self._marks: set[Mark] = set()
        self._format_cache: dict[tuple, QTextCharFormat] = {}
        self._block_starts: list[int] = [0]
        self._cascade_from = self._cascade_to = -1  # the block range of an explicit pass
        # lazy mode: blocks >= _lazy_next are drawn by idle slices, except _drawn_ahead ones
        self._lazy_next = -1
        self._drawn_ahead: set[int] = set()
        self._lazy_timer = QTimer(self)
        self._lazy_timer.setSingleShot(True)
        self._lazy_timer.setInterval(0)
        self._lazy_timer.timeout.connect(self._lazy_slice)

    # -- data -------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        """Switch palettes and redraw everything."""
        self.theme = theme
        self._format_cache.clear()
        self.rehighlight()

    def clear_marks(self) -> None:
        """Forget all marks (without re-highlighting)."""
        self._by_block.clear()
        self._marks.clear()
        self._lazy_next = -1
        self._drawn_ahead.clear()
        self._lazy_timer.stop()

    def set_block_starts(self, starts: list[int]) -> None:
        """Document positions where blocks begin (from the text, so filing needs no Qt calls)."""
        self._block_starts = starts

    def set_marks_lazily(self, marks: list[Mark], first_block: int, count: int) -> None:
        """Replace all marks; draw blocks first..first+count now and the rest in idle slices."""
        self.clear_marks()
        self._file_all(marks)
        self._marks = set(marks)
        self._lazy_next = 0
        self.highlight_range(first_block, count)
        self._lazy_timer.start()

    def highlight_range(self, first_block: int, count: int) -> None:
        """Re-highlight ``count`` blocks from ``first_block`` in one pass."""
        doc = self.document()
        block = doc.findBlockByNumber(max(0, first_block))
        if not block.isValid() or count <= 0:
            return
        self._cascade_from = block.blockNumber()
        self._cascade_to = self._cascade_from + count - 1
        try:
            self.rehighlightBlock(block)
        finally:
            if self._lazy_next >= 0:
                self._drawn_ahead.update(
                    range(max(self._lazy_next, self._cascade_from), self._cascade_to + 1)
                )
            self._cascade_from = self._cascade_to = -1

    def ensure_highlighted(self, first_block: int, count: int) -> None:
        """Draw a visible range now if the background pass has not reached it yet."""
        if self._lazy_next < 0:
            return
        todo = [n for n in range(first_block, first_block + count)
                if n >= self._lazy_next and n not in self._drawn_ahead]
        if todo:
            self.highlight_range(todo[0], todo[-1] - todo[0] + 1)

    def finish_lazy(self) -> None:
        """Complete the background pass now (tests, benchmarks, exports of the view)."""
        while self._lazy_next >= 0:
            self._lazy_step(budget_blocks=1 << 30)

    @property
    def lazy_pending(self) -> bool:
        """True while the background pass still has blocks to draw."""
        return self._lazy_next >= 0

    def _lazy_slice(self, budget_ms: float = 12.0) -> None:
        """One idle slice: draw chunks of blocks for about ``budget_ms`` (one frame)."""
        deadline = time.perf_counter() + budget_ms / 1000
        while self._lazy_next >= 0 and time.perf_counter() < deadline:
            self._lazy_step(budget_blocks=150, reschedule=False)
        if self._lazy_next >= 0:
            self._lazy_timer.start()

    def _lazy_step(self, budget_blocks: int = 400, *, reschedule: bool = True) -> None:
        if self._lazy_next < 0 or self.document() is None:
            return
        total = self.document().blockCount()
        start = self._lazy_next
        while start in self._drawn_ahead:
            start += 1
        end = min(total, start + budget_blocks)
        self.highlight_range(start, end - start)
        self._lazy_next = end
        while self._lazy_next in self._drawn_ahead:
            self._lazy_next += 1
        if self._lazy_next >= total:
            self._lazy_next = -1
            self._drawn_ahead.clear()
        elif reschedule:
            self._lazy_timer.start()

    def set_marks(self, marks: list[Mark], *, rehighlight: bool = True) -> None:
        """Replace all marks; re-highlight the whole document when asked."""
        self.clear_marks()
        self._file_all(marks)
        self._marks = set(marks)
        if rehighlight:
            self.rehighlight()

    def update_marks(self, kinds: set[str], marks: list[Mark]) -> set[int]:
        """Replace the marks of the given kinds; re-highlight only the touched blocks.

        Returns the block numbers re-highlighted.
        """
        new = set(marks)
        old = {m for m in self._marks if m.kind in kinds}
        return self.replace_marks(old - new, new - old)

    def replace_marks(self, gone: set[Mark], added: set[Mark]) -> set[int]:
        """Remove some marks and add others; re-highlight only the blocks they touch."""
        gone, added = gone - added, added - gone
        touched: set[int] = set()
        for mark in gone:
            for bn in self._blocks_of(mark):
                lst = self._by_block.get(bn)
                if lst is not None and mark in lst:
                    lst.remove(mark)
                touched.add(bn)
        for mark in added:
            touched.update(self._file(mark))
        self._marks -= gone
        self._marks |= added
        if not touched:
            return touched
        doc = self.document()
        for bn in sorted(touched):
            block = doc.findBlockByNumber(bn)
            if block.isValid():
                self.rehighlightBlock(block)
        return touched

    def marks_at(self, pos: int) -> list[Mark]:
        """Marks covering document position ``pos`` (start <= pos < end)."""
        number = bisect_right(self._block_starts, pos) - 1
        return [m for m in self._by_block.get(number, ()) if m.start <= pos < m.end]

    def marks(self) -> set[Mark]:
        """All current marks."""
        return set(self._marks)

    def _blocks_of(self, mark: Mark) -> range:
        starts = self._block_starts
        first = bisect_right(starts, mark.start) - 1
        last = bisect_right(starts, max(mark.start, mark.end - 1)) - 1
        return range(max(0, first), max(0, last) + 1)

    def _file(self, mark: Mark) -> range:
        blocks = self._blocks_of(mark)
        for bn in blocks:
            self._by_block.setdefault(bn, []).append(mark)
        return blocks

    def _file_all(self, marks: list[Mark]) -> None:
        starts, by_block = self._block_starts, self._by_block
        for mark in marks:
            first = bisect_right(starts, mark.start) - 1
            last = bisect_right(starts, mark.end - 1) - 1 if mark.end > mark.start + 1 else first
            if first == last:
                lst = by_block.get(first)
                if lst is None:
                    by_block[first] = [mark]
                else:
                    lst.append(mark)
            else:
                for bn in range(max(0, first), last + 1):
                    by_block.setdefault(bn, []).append(mark)

    # -- drawing ----------------------------------------------------------------------------
    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        block = self.currentBlock()
        number = block.blockNumber()
        if number < self._cascade_to:
            # a changed state makes QSyntaxHighlighter go on to the next block in the same pass
            self.setCurrentBlockState(1 if self.currentBlockState() != 1 else 2)
        if (
            self._lazy_next >= 0
            and number >= self._lazy_next
            and not (self._cascade_from <= number <= self._cascade_to)
            and number not in self._drawn_ahead
        ):
            return  # the idle pass will draw it
        marks = self._by_block.get(number)
        if not marks:
            return
        base = block.position()
        length = block.length() - 1
        starts: dict[int, list[Mark]] = {}
        ends: dict[int, list[Mark]] = {}
        for m in marks:
            s = max(0, m.start - base)
            e = min(length, m.end - base)
            if s < e:
                starts.setdefault(s, []).append(m)
                ends.setdefault(e, []).append(m)
        bounds = sorted(starts.keys() | ends.keys())
        active: dict[Mark, None] = {}
        for a, b in zip(bounds, bounds[1:], strict=False):
            for m in ends.get(a, ()):
                active.pop(m, None)
            for m in starts.get(a, ()):
                active[m] = None
            if active:
                self.setFormat(a, b - a, self._format_for(active))

    def _format_for(self, active: dict[Mark, None]) -> QTextCharFormat:
        tint = 0
        claims: list[tuple[str, bool]] = []
        inner: Mark | None = None
        cue = excluded = False
        for m in active:
            kind = m.kind
            if kind == SENTENCE:
                tint = int(m.style)
            elif kind == CLAIM:
                claims.append((str(m.style), m.suggested))
            elif kind == QUOTE:
                if inner is None or (m.start, -m.end) > (inner.start, -inner.end):
                    inner = m
            elif kind == CUE:
                cue = True
            elif kind == EXCLUDED:
                excluded = True
        key = (
            tint,
            tuple(sorted(claims)),
            None if inner is None else (str(inner.style), inner.suggested),
            cue,
            excluded,
        )
        fmt = self._format_cache.get(key)
        if fmt is None:
            fmt = self._compose(*key)
            if len(self._format_cache) > 4096:
                self._format_cache.clear()
            self._format_cache[key] = fmt
        return fmt

    def _compose(
        self,
        tint: int,
        claims: tuple[tuple[str, bool], ...],
        quote: tuple[str, bool] | None,
        cue: bool,
        excluded: bool,
    ) -> QTextCharFormat:
        th = self.theme
        fmt = QTextCharFormat()
        bg: QColor | None = None
        if tint:
            bg = th.sentence_tints[tint % len(th.sentence_tints)]
        if claims:
            washes = [th.claim_wash(color, suggested) for color, suggested in claims]
            wash = washes[0]
            for i, w in enumerate(washes[1:], start=2):
                wash = mix(wash, w, 1.0 / i)
            bg = wash if bg is None else mix(bg, wash, 0.85)
            if all(s for _, s in claims) and quote is None:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(th.stroke(claims[-1][0]))
        if bg is not None:
            fmt.setBackground(bg)
        if quote is not None:
            color, suggested = quote
            fmt.setUnderlineStyle(
                QTextCharFormat.UnderlineStyle.DashUnderline
                if suggested
                else QTextCharFormat.UnderlineStyle.SingleUnderline
            )
            fmt.setUnderlineColor(th.stroke(color))
            if suggested:
                fmt.setForeground(mix(th.text, th.base, 0.3))
        if cue:
            fmt.setFontItalic(True)
        if excluded:
            fmt.setForeground(th.excluded_fg)
        return fmt
