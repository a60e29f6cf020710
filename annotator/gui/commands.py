"""Undo commands: every change the GUI makes, each calling store functions in redo and undo.

A command does its work in :meth:`StoreCommand.do` (first time), :meth:`StoreCommand.again`
(redo after an undo; defaults to ``do``) and :meth:`StoreCommand.revert` (undo), each returning
the store's ``Changes``, which the session announces.  ``ProjectSession.execute`` runs the first
``do`` before pushing, so a refused write raises and leaves the stack untouched.

Each step runs in ONE store transaction (nested store writes become savepoints), and is
announced only after it committed: a step is in the file whole or not at all (a write refused
half-way, e.g. the project locked by another program, leaves no speaker or status behind), and
the views never show what the file does not hold.  An undo or redo the store refuses puts the
stack's index back (``ProjectSession.step_failed``), so the stack keeps matching the file; one
refused because another program holds the lock waits and is retried (``lock_retry``), as does
an undo or redo made while other changes wait (it never overtakes them).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.core.model import Changes, changes
from annotator.core.store import StoreError
from annotator.gui.lock_retry import is_locked
from annotator.gui.session import ProjectSession


class StoreCommand(QUndoCommand):
    """Base class: subclasses implement do / revert (and again when redo differs from do)."""

    def __init__(self, session: ProjectSession, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.store = session.store
        self._skip_redo = False
        self._skip_undo = False

    def first_redo(self) -> None:
        """Run the first time (from ``ProjectSession.execute``); errors propagate and nothing
        of the command stays in the file."""
        self.session.announce(self._atomic(self.do))
        self._skip_redo = True

    def redo(self) -> None:  # noqa: D102 - Qt override
        if self._skip_redo:
            self._skip_redo = False
            return
        self._guard(self.again, undoing=False)

    def undo(self) -> None:  # noqa: D102 - Qt override
        if self._skip_undo:
            self._skip_undo = False
            return
        self._guard(self.revert, undoing=True)

    def skip_next(self, *, undo: bool) -> None:
        """Make the next undo (``undo=True``) or redo a no-op: the stack's index moves back
        over a step the store refused, without touching the file."""
        if undo:
            self._skip_undo = True
        else:
            self._skip_redo = True

    def cancel_skip(self) -> None:
        """Forget a pending :meth:`skip_next`."""
        self._skip_undo = self._skip_redo = False

    def _atomic(self, step: Any) -> Changes:
        """Run one step in a single transaction (committed before anything is announced)."""
        with self.store.transaction():
            return step()

    def _guard(self, step: Any, *, undoing: bool) -> None:
        if self.session.step_waits(self, undoing=undoing):  # behind writes waiting for a lock
            return
        try:
            change = self._atomic(step)
        except StoreError as error:  # locked or changed under us: the file is as it was
            self.session.step_failed(
                self, undoing=undoing, message=str(error), locked=is_locked(error)
            )
            return
        self.session.announce(change)

    def gesture_key(self) -> tuple:
        """What the gesture asked for (class, text, public arguments): the same key twice
        while the first waits for a locked project means a retry, not a second change."""

        def plain(value: Any) -> Any:
            if isinstance(value, StoreCommand):
                return value.gesture_key()
            if isinstance(value, list | tuple):
                return tuple(plain(v) for v in value)
            if isinstance(value, dict):
                return tuple(sorted((k, repr(plain(v))) for k, v in value.items()))
            return repr(value)

        fields = sorted(
            (name, plain(value))
            for name, value in vars(self).items()
            if not name.startswith("_") and name not in ("session", "store")
        )
        return (type(self).__name__, self.text(), tuple(fields))

    def do(self) -> Changes:
        raise NotImplementedError

    def again(self) -> Changes:
        return self.do()

    def revert(self) -> Changes:
        raise NotImplementedError


class _StatusKeeper:
    """Remembers an article's status so undo can put 'new' back after auto 'in_progress'."""

    def _remember_status(self, store: Any, article_id: int) -> None:
        self.article_id = article_id
        self.status_before = store.get_article(article_id).status

    def _restore_status(self, store: Any) -> Changes:
        if store.get_article(self.article_id).status != self.status_before:
            return store.update_article(self.article_id, status=self.status_before)[1]
        return Changes()

    def _reapply_status(self, store: Any) -> Changes:
        if self.status_before == "new":
            return store.update_article(self.article_id, status="in_progress")[1]
        return Changes()


class AddQuoteCommand(StoreCommand, _StatusKeeper):
    """Tag a span as a quote; a speaker name not in the registry creates the speaker."""

    def __init__(
        self,
        session: ProjectSession,
        article_id: int,
        start: int,
        end: int,
        *,
        speaker_id: int | None = None,
        new_speaker_name: str | None = None,
        quote_type: str = "direct",
        cue: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(session, "Tag quote")
        self.args = (article_id, start, end)
        self.speaker_id = speaker_id
        self.new_speaker_name = new_speaker_name
        self.quote_type = quote_type
        self.cue = cue
        self.annotation_id: int | None = None
        self._row: dict[str, Any] | None = None
        self._speaker_record: Any = None

    def do(self) -> Changes:
        article_id, start, end = self.args
        self._remember_status(self.store, article_id)
        total = Changes()
        if self.new_speaker_name:
            existing = self.store.find_speaker(self.new_speaker_name)
            if existing is not None:  # typed a name (or alias) the registry already has
                self.speaker_id, self.new_speaker_name = existing.id, None
            else:
                speaker, change = self.store.add_speaker(self.new_speaker_name)
                self.speaker_id = speaker.id
                total |= change
        annotation, change = self.store.add_quote(
            article_id,
            start,
            end,
            speaker_id=self.speaker_id,
            quote_type=self.quote_type,
            cue=self.cue,
            annotator=self.session.annotator or None,
        )
        self.annotation_id = annotation.id
        return total | change

    def revert(self) -> Changes:
        row, total = self.store.delete_annotation(self.annotation_id)
        self._row = row
        if self.new_speaker_name and self.speaker_id is not None:
            self._speaker_record, change = self.store.delete_speaker(self.speaker_id)
            total |= change
        return total | self._restore_status(self.store)

    def again(self) -> Changes:
        total = Changes()
        if self._speaker_record is not None:
            total |= self.store.restore_speaker(self._speaker_record)
        total |= self.store.restore_annotation(self._row)
        return total | self._reapply_status(self.store)


class AddClaimCommand(StoreCommand, _StatusKeeper):
    """Tag a span as a claim of a category, linked to its enclosing quote when given."""

    def __init__(
        self,
        session: ProjectSession,
        article_id: int,
        start: int,
        end: int,
        *,
        category_id: int | None,
        quote_id: int | None = None,
    ) -> None:
        super().__init__(session, "Tag claim")
        self.args = (article_id, start, end)
        self.category_id = category_id
        self.quote_id = quote_id
        self.annotation_id: int | None = None
        self._row: dict[str, Any] | None = None

    def do(self) -> Changes:
        article_id, start, end = self.args
        self._remember_status(self.store, article_id)
        annotation, change = self.store.add_claim(
            article_id,
            start,
            end,
            category_id=self.category_id,
            quote_id=self.quote_id,
            annotator=self.session.annotator or None,
        )
        self.annotation_id = annotation.id
        return change

    def revert(self) -> Changes:
        self._row, change = self.store.delete_annotation(self.annotation_id)
        return change | self._restore_status(self.store)

    def again(self) -> Changes:
        return self.store.restore_annotation(self._row) | self._reapply_status(self.store)


class DeleteAnnotationCommand(StoreCommand):
    """Remove one annotation (claims linked to a deleted quote keep their spans)."""

    def __init__(self, session: ProjectSession, annotation_id: int) -> None:
        super().__init__(session, "Delete annotation")
        self.annotation_id = annotation_id
        self._row: dict[str, Any] | None = None

    def do(self) -> Changes:
        self._row, change = self.store.delete_annotation(self.annotation_id)
        self.article_id = self._row["article_id"]
        return change

    def revert(self) -> Changes:
        return self.store.restore_annotation(self._row)


class UpdateAnnotationCommand(StoreCommand):
    """Edit fields of an annotation (speaker, category, type, cue, note, span)."""

    def __init__(self, session: ProjectSession, annotation_id: int, **fields: Any) -> None:
        super().__init__(session, "Edit annotation")
        self.annotation_id = annotation_id
        self.fields = fields
        self._old: dict[str, Any] = {}

    def do(self) -> Changes:
        self._old, change = self.store.update_annotation(self.annotation_id, **self.fields)
        return change

    def revert(self) -> Changes:
        return self.store.update_annotation(self.annotation_id, **self._old)[1]


class AcceptSuggestionCommand(StoreCommand, _StatusKeeper):
    """Accept a suggestion as this annotator's (creating its speaker when new)."""

    def __init__(self, session: ProjectSession, annotation_id: int) -> None:
        super().__init__(session, "Accept suggestion")
        self.annotation_id = annotation_id
        self._record: Any = None

    def do(self) -> Changes:
        article_id = self.store.get_annotation(self.annotation_id).article_id
        self._remember_status(self.store, article_id)
        self._record, change = self.store.accept_suggestion(
            self.annotation_id, annotator=self.session.annotator or None
        )
        return change

    def revert(self) -> Changes:
        return self.store.unaccept_suggestion(self._record) | self._restore_status(self.store)


class RejectSuggestionCommand(StoreCommand):
    """Reject a suggestion (it will not be suggested again)."""

    def __init__(self, session: ProjectSession, annotation_id: int) -> None:
        super().__init__(session, "Reject suggestion")
        self.annotation_id = annotation_id

    def do(self) -> Changes:
        return self.store.reject_suggestion(self.annotation_id)

    def revert(self) -> Changes:
        return self.store.unreject_suggestion(self.annotation_id)


class CompositeCommand(StoreCommand):
    """Several commands as one undo step (e.g. accept all of one speaker's suggestions)."""

    def __init__(self, session: ProjectSession, text: str, parts: list[StoreCommand]) -> None:
        super().__init__(session, text)
        self.parts = parts
        self._done: list[StoreCommand] = []

    def do(self) -> Changes:
        total = Changes()
        for part in self.parts:
            try:
                total |= part.do()
            except StoreError:
                for done in reversed(self._done):
                    total |= done.revert()
                self._done.clear()
                self.session.announce(total)
                raise
            self._done.append(part)
        return total

    def again(self) -> Changes:
        total = Changes()
        for part in self._done:
            total |= part.again()
        return total

    def revert(self) -> Changes:
        total = Changes()
        for part in reversed(self._done):
            total |= part.revert()
        return total


class UpdateArticleCommand(StoreCommand):
    """Edit article metadata or status."""

    def __init__(
        self, session: ProjectSession, article_id: int, text: str = "Edit article", **fields: Any
    ) -> None:
        super().__init__(session, text)
        self.article_id = article_id
        self.fields = fields
        self._old: dict[str, Any] = {}

    def do(self) -> Changes:
        self._old, change = self.store.update_article(self.article_id, **self.fields)
        return change

    def revert(self) -> Changes:
        return self.store.update_article(self.article_id, **self._old)[1]


class SplitSentenceCommand(StoreCommand):
    """Split the sentence containing ``offset`` at ``offset``."""

    def __init__(self, session: ProjectSession, article_id: int, offset: int) -> None:
        super().__init__(session, "Split sentence")
        self.article_id = article_id
        self.offset = offset
        self._second_start = offset

    def do(self) -> Changes:
        change = self.store.split_sentence(self.article_id, self.offset)
        starts = [s.start for s in self.store.sentences(self.article_id)]
        self._second_start = min((s for s in starts if s >= self.offset), default=self.offset)
        return change

    def revert(self) -> Changes:
        return self.store.merge_sentences(self.article_id, self._second_start)


class MergeSentencesCommand(StoreCommand):
    """Merge the sentence starting at ``offset`` into the previous one."""

    def __init__(self, session: ProjectSession, article_id: int, offset: int) -> None:
        super().__init__(session, "Merge sentences")
        self.article_id = article_id
        self.offset = offset

    def do(self) -> Changes:
        return self.store.merge_sentences(self.article_id, self.offset)

    def revert(self) -> Changes:
        return self.store.split_sentence(self.article_id, self.offset)


class UpdateSpeakerCommand(StoreCommand):
    """Rename a speaker (everywhere at once) or edit aliases, role, organization."""

    def __init__(self, session: ProjectSession, speaker_id: int, **fields: Any) -> None:
        super().__init__(session, "Rename speaker" if "name" in fields else "Edit speaker")
        self.speaker_id = speaker_id
        self.fields = fields
        self._old: dict[str, Any] = {}

    def do(self) -> Changes:
        self._old, change = self.store.update_speaker(self.speaker_id, **self.fields)
        return change

    def revert(self) -> Changes:
        return self.store.update_speaker(self.speaker_id, **self._old)[1]


class AddSpeakerCommand(StoreCommand):
    """Add a speaker to the registry."""

    def __init__(self, session: ProjectSession, name: str, **fields: Any) -> None:
        super().__init__(session, "Add speaker")
        self.name = name
        self.fields = fields
        self.speaker_id: int | None = None
        self._record: Any = None

    def do(self) -> Changes:
        speaker, change = self.store.add_speaker(self.name, **self.fields)
        self.speaker_id = speaker.id
        return change

    def revert(self) -> Changes:
        self._record, change = self.store.delete_speaker(self.speaker_id)
        return change

    def again(self) -> Changes:
        return self.store.restore_speaker(self._record)


class MergeSpeakersCommand(StoreCommand):
    """Fold one speaker into another (annotations move, the name becomes an alias)."""

    def __init__(self, session: ProjectSession, keep_id: int, other_id: int) -> None:
        super().__init__(session, "Merge speakers")
        self.keep_id, self.other_id = keep_id, other_id
        self._record: Any = None

    def do(self) -> Changes:
        self._record, change = self.store.merge_speakers(self.keep_id, self.other_id)
        return change

    def revert(self) -> Changes:
        return self.store.unmerge_speakers(self._record)


class AddCategoryCommand(StoreCommand):
    """Add a claim category."""

    def __init__(self, session: ProjectSession, name: str, **fields: Any) -> None:
        super().__init__(session, "Add category")
        self.name = name
        self.fields = fields
        self.category_id: int | None = None
        self._record: Any = None

    def do(self) -> Changes:
        category, change = self.store.add_category(self.name, **self.fields)
        self.category_id = category.id
        return change

    def revert(self) -> Changes:
        self._record, change = self.store.delete_category(self.category_id)
        return change

    def again(self) -> Changes:
        return self.store.restore_category(self._record)


class UpdateCategoryCommand(StoreCommand):
    """Rename, recolor or re-key a category (a taken digit moves over; undo gives it back)."""

    def __init__(self, session: ProjectSession, category_id: int, **fields: Any) -> None:
        super().__init__(session, "Edit category")
        self.category_id = category_id
        self.fields = fields
        self._old: dict[str, Any] = {}
        self._shortcut_holder: tuple[int, str] | None = None

    def do(self) -> Changes:
        digit = self.fields.get("shortcut")
        if digit:
            holder = next(
                (
                    c
                    for c in self.store.categories()
                    if c.shortcut == digit and c.id != self.category_id
                ),
                None,
            )
            self._shortcut_holder = (holder.id, digit) if holder else None
        self._old, change = self.store.update_category(self.category_id, **self.fields)
        return change

    def revert(self) -> Changes:
        change = self.store.update_category(self.category_id, **self._old)[1]
        if self._shortcut_holder:
            holder_id, digit = self._shortcut_holder
            change |= self.store.update_category(holder_id, shortcut=digit)[1]
        return change


class MoveCategoryCommand(StoreCommand):
    """Move a category in the taxonomy's order."""

    def __init__(self, session: ProjectSession, category_id: int, new_position: int) -> None:
        super().__init__(session, "Reorder categories")
        self.category_id = category_id
        self.new_position = new_position
        self._old_position = 0

    def do(self) -> Changes:
        ids = [c.id for c in self.store.categories()]
        self._old_position = ids.index(self.category_id)
        return self.store.move_category(self.category_id, self.new_position)

    def revert(self) -> Changes:
        return self.store.move_category(self.category_id, self._old_position)


def article_of(command: object) -> int | None:
    """The article a command changes, when it changes exactly one (for undo navigation)."""
    if isinstance(command, CompositeCommand):
        ids = {article_of(part) for part in command.parts} - {None}
        return ids.pop() if len(ids) == 1 else None
    article_id = getattr(command, "article_id", None)
    if article_id is None and hasattr(command, "args"):
        article_id = command.args[0]
    if article_id is None and getattr(command, "annotation_id", None) is not None:
        try:
            article_id = command.store.get_annotation(command.annotation_id).article_id
        except StoreError:
            return None
    return article_id


def touched_articles(change: Changes) -> set[int]:
    """Article ids a change mentions (for refreshing the article list)."""
    return set(change.articles) | set(change.sentences)


__all__ = [name for name in dir() if name.endswith("Command")] + ["changes", "touched_articles"]
