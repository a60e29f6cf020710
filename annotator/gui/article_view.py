"""The read-only article text with sentence tints, annotation marks and a current sentence.

The view works on plain data (text, sentences, excluded ranges, annotation records) in
code-point offsets and converts to Qt's UTF-16 positions through :class:`OffsetMap`.  It knows
nothing about the store: the main window feeds it and listens to its signals.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from annotator.core.model import Annotation, Excluded, Sentence
from annotator.gui.highlighter import CLAIM, CUE, EXCLUDED, QUOTE, SENTENCE, Mark, MarkHighlighter
from annotator.gui.offsets import OffsetMap
from annotator.gui.theme import Theme, speaker_color, speaker_colors, speaker_key

_BLOCK_BREAK = re.compile("[\n\u2029]")
READING_WIDTH = 860  # px of text column before extra space becomes side margins


def color_sentences(sentences: Sequence[Sentence], previous: dict[int, int]) -> dict[int, int]:
    """Tint index (1 or 2, alternating) per sentence id, keeping earlier choices where possible.

    Sentences that keep their id keep their tint unless a neighbour clashes, so splitting or
    merging recolors only the sentences next to the change; tint 0 (none) breaks ties.
    """
    if not previous:
        return {s.id: 1 + (i & 1) for i, s in enumerate(sentences)}
    out: dict[int, int] = {}
    prev_tint = -1
    for i, s in enumerate(sentences):
        tint = previous.get(s.id)
        if tint is None or tint == prev_tint:
            nxt = previous.get(sentences[i + 1].id) if i + 1 < len(sentences) else None
            tint = next(t for t in (1, 2, 0) if t != prev_tint and t != nxt)
        out[s.id] = tint
        prev_tint = tint
    return out


class ArticleView(QPlainTextEdit):
    """Article text, read-only; Up/Down or J/K move the current sentence."""

    currentSentenceChanged = Signal(int)  # noqa: N815 - Qt signal naming
    zoomChanged = Signal(int)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Wrap the viewport as a plain QWidget now: the first viewport() call would otherwise
        # look for its most derived Python type, loading every QWidget subclass of QtWidgets
        # with its enums (~10 ms of start-up).
        self._viewport = self.findChild(QWidget, "qt_scrollarea_viewport",
                                        Qt.FindChildOption.FindDirectChildrenOnly)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(False)
        font = QFont(self.font())
        font.setFamilies(["Noto Serif", "DejaVu Serif", "Georgia", "serif"])
        font.setPointSizeF(12.0)
        self.setFont(font)
        self._base_point_size = 12.0
        self.zoom_steps = 0
        self.document().setDocumentMargin(18)
        self.theme = Theme(self.palette())
        self.highlighter = MarkHighlighter(self.document(), self.theme)
        self.text = ""
        self.offsets = OffsetMap("")
        self.sentences: list[Sentence] = []
        self._sentence_starts: list[int] = []
        self._tints: dict[int, int] = {}
        self.excluded: list[Excluded] = []
        self.annotations: dict[int, Annotation] = {}
        self.category_colors: dict[int, str] = {}
        self.speaker_colors: dict[str, str] = {}  # speaker_key(name) -> colour, this article
        self.current_index = -1
        self.excluded_sentences: set[int] = set()
        self.current_annotation_id: int | None = None
        self.context_actions: list[QAction | None] = []
        self.setMouseTracking(True)
        self.cursorPositionChanged.connect(self._follow_cursor)
        self._moving = False
        self.verticalScrollBar().valueChanged.connect(self._draw_visible)

    # -- loading ------------------------------------------------------------------------------
    def load(
        self,
        text: str,
        sentences: Sequence[Sentence],
        excluded: Sequence[Excluded] = (),
        annotations: Iterable[Annotation] = (),
        category_colors: dict[int, str] | None = None,
    ) -> None:
        """Show one article with all its marks; the first sentence becomes current."""
        self.highlighter.clear_marks()
        self.text = text
        self.offsets = OffsetMap(text)
        self.sentences = sorted(sentences, key=lambda s: s.start)
        self._sentence_starts = [s.start for s in self.sentences]
        self._tints = color_sentences(self.sentences, {})
        self.excluded = sorted(excluded, key=lambda x: x.start)
        self._find_excluded_sentences()
        self.annotations = {a.id: a for a in annotations}
        self._update_speaker_colors()
        self.category_colors = dict(category_colors or {})
        self.current_annotation_id = None
        self.current_index = -1
        # Qt would fold "\r\n" into one block break and shift every later offset
        shown = text.replace("\r", " ") if "\r" in text else text
        self.highlighter.set_block_starts(
            [0] + self.offsets.sorted_to_utf16([m.end() for m in _BLOCK_BREAK.finditer(shown)])
        )
        # detached while the text goes in; then the first screen is drawn at once and the
        # rest of the document in idle slices (scrolling ahead draws what comes into view)
        self.highlighter.setDocument(None)
        self.setPlainText(shown)
        self.highlighter.setDocument(self.document())
        self.set_current_sentence(self._readable(0, 1) if self.sentences else -1)
        self.highlighter.set_marks_lazily(self._all_marks(), *self._visible_blocks())

    def _visible_blocks(self) -> tuple[int, int]:
        """(first block number, block count) covering the viewport, estimated generously."""
        first = self.firstVisibleBlock().blockNumber()
        starts = self.highlighter._block_starts  # noqa: SLF001 - shared with the highlighter
        if first < 0 or first >= len(starts):
            return 0, 0
        metrics = self.fontMetrics()
        chars = (self.viewport().width() // max(1, metrics.averageCharWidth()) + 1) * (
            self.viewport().height() // max(1, metrics.lineSpacing()) + 2
        )
        last = bisect_right(starts, starts[first] + 2 * chars)
        return first, max(1, last - first + 1)

    def _draw_visible(self) -> None:
        self.highlighter.ensure_highlighted(*self._visible_blocks())

    def clear_article(self) -> None:
        """Show nothing."""
        self.load("", [], [], [], {})

    def set_annotations(
        self, annotations: Iterable[Annotation], category_colors: dict[int, str] | None = None
    ) -> None:
        """Replace the annotation marks, re-highlighting only the blocks that change."""
        self.annotations = {a.id: a for a in annotations}
        self._update_speaker_colors()
        if category_colors is not None:
            self.category_colors = dict(category_colors)
        if self.current_annotation_id not in self.annotations:
            self.current_annotation_id = None
        self.highlighter.update_marks({QUOTE, CLAIM, CUE}, self._annotation_marks())

    def set_sentences(self, sentences: Sequence[Sentence]) -> None:
        """Replace the sentence spans (after a split or merge); keeps the current position."""
        pos = self.current_sentence().start if self.current_sentence() else 0
        self.sentences = sorted(sentences, key=lambda s: s.start)
        self._sentence_starts = [s.start for s in self.sentences]
        self._tints = color_sentences(self.sentences, self._tints)
        self._find_excluded_sentences()
        self.highlighter.update_marks({SENTENCE}, self._sentence_marks())
        self.set_current_sentence(self.sentence_index_at(pos))

    def set_theme(self, palette: QPalette) -> None:
        """Re-derive the colors from a palette."""
        self.setPalette(palette)
        self.theme = Theme(palette)
        self.highlighter.set_theme(self.theme)
        self._update_current_selection()

    # -- marks --------------------------------------------------------------------------------
    def _all_marks(self) -> list[Mark]:
        return self._sentence_marks() + self._excluded_marks() + self._annotation_marks()

    def _sentence_marks(self) -> list[Mark]:
        tints = self._tints
        starts = self.offsets.sorted_to_utf16([s.start for s in self.sentences])
        ends = self.offsets.sorted_to_utf16([s.end for s in self.sentences])
        return [Mark(a, b, SENTENCE, tints.get(s.id, 0), False, s.id)
                for a, b, s in zip(starts, ends, self.sentences, strict=True)]

    def _excluded_marks(self) -> list[Mark]:
        u = self.offsets.to_utf16
        return [Mark(u(x.start), u(x.end), EXCLUDED, 0, False, -1 - i) for i, x in
                enumerate(self.excluded)]

    def _annotation_marks(self) -> list[Mark]:
        marks: list[Mark] = []
        for a in self.annotations.values():
            marks.extend(self._marks_of(a))
        return marks

    def _marks_of(self, a: Annotation) -> list[Mark]:
        if a.status == "rejected":
            return []
        u = self.offsets.to_utf16
        suggested = a.status == "suggested"
        if a.kind == "quote":
            color = (self.speaker_colors.get(speaker_key(a.speaker_name)) if a.speaker_name
                     else None) or speaker_color(a.speaker_id, a.speaker_name)
            marks = [Mark(u(a.start), u(a.end), QUOTE, color, suggested, a.id)]
            if a.cue_start is not None and a.cue_end is not None:
                marks.append(Mark(u(a.cue_start), u(a.cue_end), CUE, color, suggested, a.id))
            return marks
        color = self.category_colors.get(a.category_id or -1, "#999999")
        return [Mark(u(a.start), u(a.end), CLAIM, color, suggested, a.id)]

    def update_annotations(
        self, changed: dict[int, Annotation | None],
        category_colors: dict[int, str] | None = None,
    ) -> None:
        """Apply a few changed annotations (None: gone from this article) incrementally."""
        gone: set[Mark] = set()
        added: set[Mark] = set()
        for annotation_id in changed:  # the marks as drawn, with the colors they had
            old = self.annotations.pop(annotation_id, None)
            if old is not None:
                gone.update(self._marks_of(old))
        if category_colors is not None:
            self.category_colors = dict(category_colors)
        for annotation_id, new in changed.items():
            if new is not None and new.status != "rejected":
                self.annotations[annotation_id] = new
                added.update(self._marks_of(new))
        if self.current_annotation_id not in self.annotations:
            self.current_annotation_id = None
        if self._update_speaker_colors():  # a speaker came or went: others may change hue
            self.highlighter.update_marks({QUOTE, CLAIM, CUE}, self._annotation_marks())
            return
        self.highlighter.replace_marks(gone, added)

    def _update_speaker_colors(self) -> bool:
        """Recompute the article's speaker colours; True when any changed."""
        colors = speaker_colors(a.speaker_name or "" for a in self.annotations.values()
                                if a.kind == "quote" and a.status != "rejected")
        changed = colors != self.speaker_colors
        self.speaker_colors = colors
        return changed

    # -- sentences and targets ----------------------------------------------------------------
    def sentence_index_at(self, cp: int) -> int:
        """Index of the sentence containing (or last starting before) code point ``cp``."""
        if not self.sentences:
            return -1
        return max(0, bisect_right(self._sentence_starts, cp) - 1)

    def current_sentence(self) -> Sentence | None:
        """The current sentence record, if any."""
        if 0 <= self.current_index < len(self.sentences):
            return self.sentences[self.current_index]
        return None

    def set_current_sentence(self, index: int, *, move_cursor: bool = True) -> None:
        """Make sentence ``index`` current, scroll to it and draw its highlight."""
        if not self.sentences:
            self.current_index = -1
            self.viewport().update()
            return
        index = max(0, min(index, len(self.sentences) - 1))
        changed = index != self.current_index
        self.current_index = index
        if move_cursor:
            s = self.sentences[index]
            cursor = self.textCursor()
            self._moving = True
            cursor.setPosition(self.offsets.to_utf16(s.start))
            self.setTextCursor(cursor)
            self._moving = False
            self.ensureCursorVisible()
        self._update_current_selection()
        if changed:
            self.currentSentenceChanged.emit(index)

    def move_sentence(self, delta: int) -> None:
        """Move the current sentence by ``delta`` (clears the selection), passing over
        sentences left out of annotation (a "Baca juga: …" link, a credit line): they are
        never the sentence a key tags."""
        self.current_annotation_id = None
        if not self.sentences or not delta:
            self.set_current_sentence(self.current_index)
            return
        step = 1 if delta > 0 else -1
        target = max(0, min(len(self.sentences) - 1, self.current_index + delta))
        index = self._readable(target, step)
        if index < 0:  # nothing readable that way: the last readable one before it
            index = self._readable(target, -step, stop=self.current_index)
        self.set_current_sentence(index if index >= 0 else self.current_index)

    def _readable(self, index: int, step: int, stop: int | None = None) -> int:
        """The first sentence from ``index`` on (in direction ``step``) that is not excluded,
        stopping at ``stop`` whatever it is; -1 when there is none."""
        while 0 <= index < len(self.sentences):
            if index == stop or index not in self.excluded_sentences:
                return index
            index += step
        return -1

    def _find_excluded_sentences(self) -> None:
        self.excluded_sentences = {i for i, s in enumerate(self.sentences)
                                   if self.excluded_part(s.start, s.end) is not None}

    def excluded_part(self, start: int, end: int) -> Excluded | None:
        """The excluded range a span lies in (leading and trailing spaces aside), if it lies
        wholly in excluded text; None when any of it is open to annotation."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        first: Excluded | None = None
        pos = start
        for x in self.excluded:  # sorted by start; touching ranges cover a span together
            if x.end <= pos:
                continue
            if x.start > pos:
                break
            first = first or x
            pos = x.end
            if pos >= end:
                return first
        return None

    def extend_selection(self, delta: int) -> None:
        """Grow or shrink the selection by whole sentences (Shift+Up/Down)."""
        if not self.sentences:
            return
        cursor = self.textCursor()
        if not cursor.hasSelection():
            s = self.current_sentence()
            if s is None:
                return
            cursor.setPosition(self.offsets.to_utf16(s.start))
            cursor.setPosition(self.offsets.to_utf16(s.end), QTextCursor.MoveMode.KeepAnchor)
            if delta < 0:
                self.setTextCursor(cursor)
                return
        pos_cp = self.offsets.to_codepoint(cursor.position())
        idx = self.sentence_index_at(max(0, pos_cp - 1))
        idx = max(0, min(len(self.sentences) - 1, idx + delta))
        cursor.setPosition(
            self.offsets.to_utf16(self.sentences[idx].end), QTextCursor.MoveMode.KeepAnchor
        )
        self._moving = True
        self.setTextCursor(cursor)
        self._moving = False

    def selection_span(self) -> tuple[int, int] | None:
        """The selected code-point span, trimmed of surrounding whitespace, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.offsets.span_to_codepoint(cursor.selectionStart(), cursor.selectionEnd())
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def target_span(self) -> tuple[int, int] | None:
        """What a tag applies to: the selection, or else the current sentence."""
        span = self.selection_span()
        if span:
            return span
        s = self.current_sentence()
        return (s.start, s.end) if s else None

    def select_span(self, start: int, end: int) -> None:
        """Select a code-point span and scroll to it."""
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_utf16(start))
        cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def jump_to_annotation(self, annotation_id: int) -> None:
        """Make the annotation current: its first sentence becomes current, cursor at its start."""
        a = self.annotations.get(annotation_id)
        if a is None:
            return
        self.set_current_sentence(self.sentence_index_at(a.start))
        cursor = self.textCursor()
        self._moving = True
        cursor.setPosition(self.offsets.to_utf16(a.start))
        self.setTextCursor(cursor)
        self._moving = False
        self.current_annotation_id = annotation_id
        self.ensureCursorVisible()

    def annotations_at(self, cp: int) -> list[Annotation]:
        """Annotations covering code point ``cp``, innermost (shortest) first."""
        hits = [a for a in self.annotations.values() if a.start <= cp < a.end]
        return sorted(hits, key=lambda a: (a.end - a.start, a.start))

    def current_annotation(self) -> Annotation | None:
        """The annotation E/Delete/A/X act on: the chosen one, else the innermost at the cursor,
        else the first one in the current sentence."""
        if self.current_annotation_id in self.annotations:
            return self.annotations[self.current_annotation_id]
        cursor = self.textCursor()
        cp = self.offsets.to_codepoint(cursor.selectionStart())
        hits = [a for a in self.annotations_at(cp) if a.status != "rejected"]
        if hits:
            return hits[0]
        s = self.current_sentence()
        if s is None:
            return None
        inside = [
            a for a in self.annotations.values()
            if a.status != "rejected" and a.start < s.end and a.end > s.start
        ]
        return min(inside, key=lambda a: (a.start, a.end - a.start), default=None)

    def suggestions(self) -> list[Annotation]:
        """Suggested annotations in text order."""
        return sorted(
            (a for a in self.annotations.values() if a.status == "suggested"),
            key=lambda a: (a.start, a.end, a.id),
        )

    def move_suggestion(self, delta: int) -> Annotation | None:
        """Jump to the next (delta > 0) or previous suggestion after/before the cursor."""
        sugg = self.suggestions()
        if not sugg:
            return None
        cur = self.current_annotation()
        here = (cur.start, cur.end, cur.id) if cur else None
        if here is None:
            cp = self.offsets.to_codepoint(self.textCursor().position())
            here = (cp, -1, -1) if delta > 0 else (cp, 1 << 60, 1 << 60)
        keys = [(a.start, a.end, a.id) for a in sugg]
        if delta > 0:
            nxt = next((a for a, k in zip(sugg, keys, strict=True) if k > here), sugg[0])
        else:
            nxt = next((a for a, k in zip(reversed(sugg), reversed(keys), strict=True)
                        if k < here), sugg[-1])
        self.jump_to_annotation(nxt.id)
        return nxt

    # -- drawing the current sentence -----------------------------------------------------------
    def _update_current_selection(self) -> None:
        # drawn in paintEvent (a wash that keeps claim shading visible, and a margin bar);
        # no ExtraSelection, whose background would hide the marks underneath
        self.viewport().update()

    def _follow_cursor(self) -> None:
        if self._moving or not self.sentences:
            return
        cursor = self.textCursor()
        cp = self.offsets.to_codepoint(cursor.position())
        self.current_annotation_id = None
        idx = self.sentence_index_at(cp if not cursor.hasSelection() else
                                     self.offsets.to_codepoint(cursor.selectionStart()))
        if idx != self.current_index:
            self.set_current_sentence(idx, move_cursor=False)

    # -- zoom ---------------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        """Change the text size by ``steps`` (0 resets)."""
        self.zoom_steps = 0 if steps == 0 else max(-6, min(12, self.zoom_steps + steps))
        font = QFont(self.font())
        font.setPointSizeF(self._base_point_size * (1.1 ** self.zoom_steps))
        self.setFont(font)
        self.zoomChanged.emit(self.zoom_steps)

    # -- events -------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key, mods = event.key(), event.modifiers()
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        shift = mods == Qt.KeyboardModifier.ShiftModifier
        if plain and key in (Qt.Key.Key_Down, Qt.Key.Key_J):
            self.move_sentence(1)
        elif plain and key in (Qt.Key.Key_Up, Qt.Key.Key_K):
            self.move_sentence(-1)
        elif shift and key in (Qt.Key.Key_Down, Qt.Key.Key_J):
            self.extend_selection(1)
        elif shift and key in (Qt.Key.Key_Up, Qt.Key.Key_K):
            self.extend_selection(-1)
        elif plain and key == Qt.Key.Key_Home:
            self.move_sentence(-len(self.sentences))
        elif plain and key == Qt.Key.Key_End:
            self.move_sentence(len(self.sentences))
        elif plain and key == Qt.Key.Key_Escape:
            self.set_current_sentence(self.current_index)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().paintEvent(event)
        s = self.current_sentence()
        if s is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_utf16(s.start))
        first = self.cursorRect(cursor)
        cursor.setPosition(self.offsets.to_utf16(s.end))
        last = self.cursorRect(cursor)
        height = self.viewport().height()
        if last.bottom() < 0 or first.top() > height:
            return
        margin = int(self.document().documentMargin())
        left, right = margin, self.viewport().width() - margin
        rects = []
        if first.top() == last.top():
            rects.append(QRect(first.left(), first.top(), last.left() - first.left(),
                               first.height()))
        else:
            rects.append(QRect(first.left(), first.top(), right - first.left(), first.height()))
            if last.top() > first.bottom():
                rects.append(QRect(left, first.bottom() + 1, right - left,
                                   last.top() - first.bottom() - 1))
            rects.append(QRect(left, last.top(), last.left() - left, last.height()))
        painter = QPainter(self.viewport())
        # Filled by drawRect without a pen, as fillRect would: calling fillRect from Python
        # loads QGradient and its enums (~1.5 ms of the first paint) to match its overloads.
        painter.setPen(Qt.PenStyle.NoPen)
        # a wash multiplied (light) or screened (dark) over the drawn text keeps the claim
        # shading and the text visible underneath
        painter.setCompositionMode(
            QPainter.CompositionMode.CompositionMode_Screen if self.theme.dark
            else QPainter.CompositionMode.CompositionMode_Multiply)
        painter.setBrush(self.theme.current_sentence)
        for rect in rects:
            painter.drawRect(rect)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setBrush(self.theme.current_bar)
        painter.drawRect(QRect(margin - 13, first.top(), 4, max(4, last.bottom() - first.top())))
        painter.end()

    def wheelEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().resizeEvent(event)
        spare = max(0, self.width() - READING_WIDTH)
        side = spare // 2
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)
        self._draw_visible()

    def event(self, event: QEvent) -> bool:  # noqa: D102 - Qt override
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos() - QPoint(self.viewportMargins().left(), 0)
            text = self.tooltip_at(self.cursorForPosition(pos).position())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_at(self, doc_pos: int) -> str:
        """Rich-text tooltip (user data escaped) listing every annotation at a position."""
        import html  # with the first tooltip (its entity table is not needed at start-up)

        cp = self.offsets.to_codepoint(doc_pos)
        lines = []
        for a in self.annotations_at(cp):
            if a.status == "rejected":
                continue
            state = " (suggested)" if a.status == "suggested" else ""
            if a.kind == "quote":
                who = html.escape(a.speaker_name or "unknown speaker")
                qt = html.escape(a.quote_type or "")
                lines.append(f"<b>Quote</b>{state}: {who} <i>{qt}</i>")
            else:
                cat = html.escape(a.category_name or a.category_key or "uncategorized")
                lines.append(f"<b>Claim</b>{state}: {cat}")
            if a.note:
                lines.append(f"&nbsp;&nbsp;note: {html.escape(a.note)}")
        return "<br>".join(lines)

    def contextMenuEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        menu = QMenu(self)
        cursor = self.cursorForPosition(event.pos())
        if not self.textCursor().hasSelection():
            cp = self.offsets.to_codepoint(cursor.position())
            self.set_current_sentence(self.sentence_index_at(cp))
        for action in self.context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.addSeparator()
        copy = menu.addAction("Copy")
        copy.setEnabled(self.textCursor().hasSelection())
        copy.triggered.connect(self.copy)
        menu.exec(event.globalPos())
