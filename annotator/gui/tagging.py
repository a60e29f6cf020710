"""Keyboard tagging on the article view: quotes (Q), claims (C, digits), edit (E), delete,
suggestions (A/Enter accept, X reject, N/P move), sentence split and merge.

:class:`Tagger` turns each gesture into an undo command on the session; pickers open
window-modal with ``open()`` and are kept in ``Tagger.picker`` so tests can drive them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from annotator.core.model import Annotation
from annotator.core.store import StoreError
from annotator.gui import commands as cmd
from annotator.gui.article_view import ArticleView
from annotator.gui.session import ProjectSession

if TYPE_CHECKING:  # imported when Q, C or E first opens one: not for the first window
    from PySide6.QtWidgets import QDialog

    from annotator.gui.pickers import CategoryPicker, SpeakerPicker

OPEN_QUOTES = "\"“‘«„'"
CUE_WINDOW = 160  # characters around a quote searched for a reporting cue


def find_cue(
    text: str, start: int, end: int, language: str | None, quote_type: str = "direct"
) -> tuple[int, int] | None:
    """The reporting cue of the quote [start, end): for a direct quote the nearest one in the
    same paragraph outside it (a cue word inside quotation marks is the speaker's own); for an
    indirect quote tagged with its reporting clause ("Siti mengatakan harga naik") the first
    one inside it, else the nearest outside."""
    try:
        from annotator.core.suggest.cues import load_lexicon

        lexicon = load_lexicon(language or "id")
    except Exception:  # no lexicon for this language: no cue
        return None
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    lo, hi = max(para_start, start - CUE_WINDOW), min(para_end, end + CUE_WINDOW)
    best: tuple[int, int, int] | None = None
    for match in lexicon.pattern.finditer(text, lo, hi):
        s, e = match.start(), match.end()
        if s > 0 and text[s - 1].isalnum():
            continue
        if s < end and e > start:
            if quote_type == "indirect" and start <= s and e <= end:
                return s, e
            continue
        distance = s - end if s >= end else start - e
        if best is None or distance < best[0]:
            best = (distance, s, e)
    return (best[1], best[2]) if best else None


EXCLUDED_WHAT = {"related": "a related-article link", "credit": "a credit line",
                 "boilerplate": "boilerplate"}


def describe(a: Annotation) -> str:
    """'quote: Yasin' or 'claim: Prediction', for status-bar messages."""
    who = a.speaker_name if a.kind == "quote" else (a.category_name or a.category_key)
    return f"{a.kind}: {who}" if who else a.kind


def guess_quote_type(text: str) -> str:
    """'direct' when the span is wrapped in (or starts with) quotation marks."""
    stripped = text.strip()
    return "direct" if stripped[:1] in OPEN_QUOTES else "indirect"


class Tagger(QObject):
    """The tagging gestures of one window."""

    message = Signal(str)

    def __init__(
        self,
        session: ProjectSession,
        view: ArticleView,
        article: Callable[[], tuple[int | None, str | None]],
        parent_widget: QWidget,
    ) -> None:
        super().__init__(parent_widget)
        self.session = session
        self.view = view
        self._article = article  # () -> (article id, language)
        self.parent_widget = parent_widget
        self.picker: QDialog | None = None

    # -- helpers --------------------------------------------------------------------------------
    def _run(self, command: cmd.StoreCommand) -> bool:
        try:
            return self.session.execute(command)
        except StoreError as error:
            self.message.emit(str(error))
            return False

    def _target(self) -> tuple[int, int, int] | None:
        article_id, _lang = self._article()
        span = self.view.target_span()
        if article_id is None or span is None:
            self.message.emit("Open an article and move to a sentence first")
            return None
        excluded = self.view.excluded_part(*span)
        if excluded is not None:
            # Left out of annotation when imported: a tag there would be counted as news
            # content. Said in the status bar, not asked in a dialog (J/K pass over it).
            what = EXCLUDED_WHAT.get(excluded.reason, excluded.reason)
            self.message.emit(f"Not tagged: this is {what}, left out of annotation; "
                              "select text outside it")
            return None
        return article_id, span[0], span[1]

    def _overlapping_suggestion(self, start: int, end: int, kind: str) -> Annotation | None:
        best, best_overlap = None, 0
        for a in self.view.annotations.values():
            if a.kind != kind or a.status != "suggested":
                continue
            overlap = min(end, a.end) - max(start, a.start)
            if overlap > best_overlap:
                best, best_overlap = a, overlap
        return best

    # -- quotes ---------------------------------------------------------------------------------
    def tag_quote(self) -> SpeakerPicker | None:
        """Q: ask who said the target span, then tag it."""
        target = self._target()
        if target is None:
            return None
        article_id, start, end = target
        text = self.view.text
        hint = self._overlapping_suggestion(start, end, "quote")
        if hint is not None:
            name, quote_type = hint.speaker_name or "", hint.quote_type or "direct"
            cue = (hint.cue_start, hint.cue_end) if hint.cue_start is not None else None
        else:
            name, quote_type = "", guess_quote_type(text[start:end])
            cue = find_cue(text, start, end, self._article()[1], quote_type)
        from annotator.gui.pickers import SpeakerPicker

        picker = SpeakerPicker(
            self.session.store.speakers(with_counts=False),
            quote_text=text[start:end],
            suggested_name=name,
            quote_type=quote_type, cue_text=text[cue[0]:cue[1]] if cue else None,
            parent=self.parent_widget,
        )
        picker.setObjectName("speakerPicker")
        picker.accepted.connect(lambda: self._finish_quote(picker, article_id, start, end, cue))
        picker.finished.connect(lambda _r: self._closed(picker))
        self.picker = picker
        self._show(picker)
        return picker

    def _finish_quote(self, picker: SpeakerPicker, article_id: int, start: int, end: int,
                      cue: tuple[int, int] | None) -> None:
        speaker_id = picker.speaker_id()
        command = cmd.AddQuoteCommand(
            self.session, article_id, start, end, speaker_id=speaker_id,
            new_speaker_name=None if speaker_id is not None else picker.speaker_name(),
            quote_type=picker.quote_type(), cue=cue if picker.use_cue() else None,
        )
        same = [a.id for a in self.view.annotations.values()
                if a.kind == "quote" and a.status == "suggested"
                and (a.start, a.end) == (start, end)]
        if same:  # the person's own quote replaces the suggestion it answers
            parts: list[cmd.StoreCommand] = [command] + [
                cmd.RejectSuggestionCommand(self.session, i) for i in same]
            self._run(cmd.CompositeCommand(self.session, "Tag quote", parts))
        else:
            self._run(command)
        self.view.setFocus()

    def _show(self, picker: QDialog) -> None:
        """Show a picker as a panel floating over the text, inside the window.

        An embedded panel (not a separate dialog window) never deactivates the main window,
        so closing it repaints only what changed, and it opens next to the sentence.
        """
        if self.picker is not None and self.picker is not picker:
            self.picker.reject()
        self.picker = picker
        picker.setWindowFlags(Qt.WindowType.Widget)
        picker.setParent(self.parent_widget)
        picker.setAutoFillBackground(True)
        picker.setObjectName(picker.objectName() or "picker")
        picker.setStyleSheet(
            f"QDialog#{picker.objectName()} {{ background: palette(window); "
            "border: 1px solid palette(dark); border-radius: 6px; }")
        from PySide6.QtWidgets import QGraphicsDropShadowEffect  # with the first picker

        shadow = QGraphicsDropShadowEffect(picker)
        shadow.setBlurRadius(18)
        shadow.setOffset(0, 3)
        picker.setGraphicsEffect(shadow)
        picker.adjustSize()
        width = max(picker.width(), picker.minimumWidth())
        height = picker.height()
        view = self.view
        origin = view.mapTo(self.parent_widget, view.rect().topLeft())
        cursor_rect = view.cursorRect()
        below = origin.y() + cursor_rect.bottom() + 36
        if below + height < origin.y() + view.height():
            y = below
        else:
            y = max(origin.y() + 8, origin.y() + cursor_rect.top() - height - 36)
        x = origin.x() + max(8, (view.width() - width) // 2)
        picker.setGeometry(x, y, width, height)
        picker.show()
        picker.raise_()
        focus = getattr(picker, "name_edit", None) or getattr(picker, "list", None)
        if focus is not None:
            focus.setFocus()

    def _closed(self, picker: QDialog) -> None:
        if self.picker is picker:
            self.picker = None
        picker.hide()
        picker.deleteLater()
        self.view.setFocus()

    # -- claims ---------------------------------------------------------------------------------
    def tag_claim(self, category_id: int | None = None) -> CategoryPicker | None:
        """C (picker) or a digit (category given): tag the target span as a claim."""
        target = self._target()
        if target is None:
            return None
        article_id, start, end = target
        if category_id is not None:
            self._finish_claim(article_id, start, end, category_id)
            return None
        quote = self.session.store.enclosing_quote(article_id, start, end)
        from annotator.gui.pickers import CategoryPicker

        picker = CategoryPicker(
            self.session.store.categories(), claim_text=self.view.text[start:end],
            quote_hint=(quote.speaker_name or "an unnamed speaker") if quote else None,
            parent=self.parent_widget,
        )
        picker.setObjectName("categoryPicker")
        picker.accepted.connect(
            lambda: self._finish_claim(article_id, start, end, picker.category_id()))
        picker.finished.connect(lambda _r: self._closed(picker))
        self.picker = picker
        self._show(picker)
        return picker

    def tag_claim_digit(self, digit: str) -> None:
        """1–9: tag a claim of the category holding that digit."""
        category = next((c for c in self.session.store.categories() if c.shortcut == digit), None)
        if category is None:
            self.message.emit(f"No category has the key {digit}")
            return
        self.tag_claim(category.id)

    def _finish_claim(self, article_id: int, start: int, end: int, category_id: int | None) -> None:
        if category_id is None:
            return
        quote = self.session.store.enclosing_quote(article_id, start, end)
        self._run(cmd.AddClaimCommand(self.session, article_id, start, end,
                                      category_id=category_id,
                                      quote_id=quote.id if quote else None))
        self.view.setFocus()

    # -- the current annotation -----------------------------------------------------------------
    def delete_current(self) -> None:
        """Delete: remove the annotation under the cursor / in the current sentence."""
        a = self.view.current_annotation()
        if a is None:
            self.message.emit("No annotation here")
            return
        if a.status == "suggested":  # a deleted suggestion would come back; reject it
            self._run(cmd.RejectSuggestionCommand(self.session, a.id))
        else:
            self._run(cmd.DeleteAnnotationCommand(self.session, a.id))
        self.view.current_annotation_id = None

    def edit_current(self, annotation_id: int | None = None) -> QDialog | None:
        """E: change the speaker/type of a quote, or the category of a claim."""
        a = (self.view.annotations.get(annotation_id) if annotation_id is not None
             else self.view.current_annotation())
        if a is None:
            self.message.emit("No annotation here")
            return None
        from annotator.gui.pickers import CategoryPicker, SpeakerPicker

        if a.kind == "claim":
            picker: QDialog = CategoryPicker(
                self.session.store.categories(), claim_text=a.text, current_id=a.category_id,
                parent=self.parent_widget)
            picker.accepted.connect(lambda: self._run(cmd.UpdateAnnotationCommand(
                self.session, a.id, category_id=picker.category_id())))
        else:
            picker = SpeakerPicker(
                self.session.store.speakers(with_counts=False), quote_text=a.text,
                suggested_name=a.speaker_name or "", quote_type=a.quote_type or "direct",
                parent=self.parent_widget, title="Edit quote")
            picker.cue_box.hide()
            picker.accepted.connect(lambda: self._finish_edit_quote(picker, a))
        picker.finished.connect(lambda _r: self._closed(picker))
        self.picker = picker
        self._show(picker)
        return picker

    def edit_note(self, annotation_id: int | None = None,
                  text: str | None = None) -> bool:
        """M: write or change the note on the current annotation (asks unless ``text``)."""
        a = (self.view.annotations.get(annotation_id) if annotation_id is not None
             else self.view.current_annotation())
        if a is None:
            self.message.emit("No annotation here")
            return False
        if text is None:
            from PySide6.QtWidgets import QInputDialog

            text, ok = QInputDialog.getMultiLineText(
                self.parent_widget, "Note", "Note on this annotation (plain text):",
                a.note or "")
            if not ok:
                return False
        note = text.strip() or None
        if note == (a.note or None):
            return False
        return self._run(cmd.UpdateAnnotationCommand(self.session, a.id, note=note))

    def _finish_edit_quote(self, picker: SpeakerPicker, a: Annotation) -> None:
        speaker_id = picker.speaker_id()
        update = cmd.UpdateAnnotationCommand(self.session, a.id, quote_type=picker.quote_type())
        if speaker_id is None:
            add = cmd.AddSpeakerCommand(self.session, picker.speaker_name())
            self._run(_AddThenAssign(self.session, add, a.id, picker.quote_type()))
            return
        update.fields["speaker_id"] = speaker_id
        self._run(update)

    # -- suggestions ----------------------------------------------------------------------------
    def _current_suggestion(self) -> Annotation | None:
        a = self.view.current_annotation()
        if a is not None and a.status == "suggested":
            return a
        s = self.view.current_sentence()
        if s is None:
            return None
        inside = [x for x in self.view.suggestions() if x.start < s.end and x.end > s.start]
        return inside[0] if inside else None

    def accept_current(self) -> None:
        """A / Enter: accept the current suggestion; the status bar names the next one."""
        a = self._current_suggestion()
        if a is None:
            self.message.emit("No suggestion here (N and P move between suggestions)")
            return
        self.decide(a.id, accept=True)

    def reject_current(self) -> None:
        """X: reject the current suggestion; the status bar names the next one."""
        a = self._current_suggestion()
        if a is None:
            self.message.emit("No suggestion here")
            return
        self.decide(a.id, accept=False)

    def decide(self, annotation_id: int, *, accept: bool) -> bool:
        """Accept or reject one suggestion (keys or the annotations panel), then say what
        was done and what comes next, replacing a "Suggested …" message that would be stale."""
        a = self.view.annotations.get(annotation_id)
        command = (cmd.AcceptSuggestionCommand if accept else cmd.RejectSuggestionCommand)(
            self.session, annotation_id)
        if not self._run(command):
            return False
        if self.view.current_annotation_id == annotation_id:
            self.view.current_annotation_id = None
        done = "Accepted" if accept else "Rejected"
        if a is not None:
            self.message.emit(f"{done} {describe(a)} — {self.next_suggestion_note(a)}")
        else:
            self.message.emit(f"{done} — {len(self.view.suggestions())} suggestions left")
        return True

    def next_suggestion_note(self, after: Annotation) -> str:
        """What N would go to after ``after``, and how many suggestions are left."""
        left = self.view.suggestions()
        if not left:
            return "no suggestions left in this article"
        here = (after.start, after.end, after.id)
        nxt = next((x for x in left if (x.start, x.end, x.id) > here), left[0])
        count = f"{len(left)} suggestion{'s' if len(left) != 1 else ''} left"
        return f"next (N): {describe(nxt)}; {count}"

    def accept_speaker(self, speaker_name: str | None = None) -> int:
        """Accept every pending suggestion in this article attributed to one speaker."""
        if speaker_name is None:
            a = self._current_suggestion()
            speaker_name = a.speaker_name if a else None
        if not speaker_name:
            self.message.emit("No suggested speaker here")
            return 0
        ids = [a.id for a in self.view.suggestions()
               if a.kind == "quote" and (a.speaker_name or "") == speaker_name]
        if ids:
            parts: list[cmd.StoreCommand] = [cmd.AcceptSuggestionCommand(self.session, i)
                                             for i in ids]
            if self._run(cmd.CompositeCommand(self.session, f"Accept {len(ids)} suggestions",
                                              parts)):
                left = len(self.view.suggestions())
                self.message.emit(
                    f"Accepted {len(ids)} suggestion{'s' if len(ids) != 1 else ''} of "
                    f"{speaker_name} — " + (f"{left} left in this article (N: next)" if left
                                            else "no suggestions left in this article"))
        return len(ids)

    # -- sentences ------------------------------------------------------------------------------
    def split_sentence(self) -> None:
        """Split the current sentence at the text cursor (or the selection's start)."""
        article_id, _ = self._article()
        if article_id is None:
            return
        cursor = self.view.textCursor()
        offset = self.view.offsets.to_codepoint(cursor.selectionStart())
        self._run(cmd.SplitSentenceCommand(self.session, article_id, offset))

    def merge_sentence(self) -> None:
        """Merge the current sentence with the next one."""
        article_id, _ = self._article()
        i = self.view.current_index
        if article_id is None or not (0 <= i < len(self.view.sentences) - 1):
            self.message.emit("No next sentence to merge with")
            return
        self._run(cmd.MergeSentencesCommand(self.session, article_id,
                                            self.view.sentences[i + 1].start))


class _AddThenAssign(cmd.StoreCommand):
    """Create a speaker and give a quote to them, as one undo step."""

    def __init__(self, session: ProjectSession, add: cmd.AddSpeakerCommand, annotation_id: int,
                 quote_type: str) -> None:
        super().__init__(session, "Edit quote")
        self.add = add
        self.annotation_id = annotation_id
        self.quote_type = quote_type
        self.update: cmd.UpdateAnnotationCommand | None = None

    def do(self) -> cmd.Changes:
        change = self.add.do()
        self.update = cmd.UpdateAnnotationCommand(
            self.session, self.annotation_id, speaker_id=self.add.speaker_id,
            quote_type=self.quote_type)
        return change | self.update.do()

    def again(self) -> cmd.Changes:
        return self.add.again() | self.update.do()

    def revert(self) -> cmd.Changes:
        return self.update.revert() | self.add.revert()
