"""The open project as the GUI sees it: one Store, one undo stack, the annotator's name.

Views never write to the store themselves: they build an undo command (``commands.py``) and
hand it to :meth:`ProjectSession.execute`.  Every write is committed by the store at once;
every change is announced through the single ``changed(Changes)`` signal.

The GUI never waits long for another program's write lock (``lock_retry``): a write refused
as locked waits in ``waiting`` (not on the undo stack, not on screen) and is retried until it
is saved, so nothing is lost and the main thread never freezes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.model import Changes
from annotator.core.store import Store, StoreError
from annotator.core.store.base import BUSY_TIMEOUT_MS
from annotator.gui.lock_retry import (
    INTERACTIVE_BUSY_TIMEOUT_MS,
    Waiting,
    WaitingWrites,
    is_locked,
    set_busy_timeout,
)


class ProjectSession(QObject):
    """One open project: ``store``, ``undo_stack``, ``annotator`` and ``changed``."""

    changed = Signal(object)  # Changes
    annotatorChanged = Signal(str)  # noqa: N815 - Qt signal naming
    failed = Signal(str)  # a write refused during undo/redo, one line for the user

    def __init__(self, store: Store, annotator: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self._annotator = annotator
        self.closed = False
        self.restoring = False  # the stack's index is being put back after a refused step
        set_busy_timeout(store, INTERACTIVE_BUSY_TIMEOUT_MS)
        self.waiting = WaitingWrites(self)  # writes refused as locked, retried until saved

    @classmethod
    def open(cls, path: str | Path, annotator: str = "") -> ProjectSession:
        """Open (or create) the project file at ``path``; raises StoreError with one line."""
        return cls(Store.open(path), annotator)

    @property
    def path(self) -> Path | None:
        """The project file."""
        return self.store.path

    @property
    def annotator(self) -> str:
        """The name stored on every annotation made in this session."""
        return self._annotator

    def set_annotator(self, name: str) -> None:
        """Change who annotates from now on."""
        self._annotator = name.strip()
        self.annotatorChanged.emit(self._annotator)

    def execute(self, command: QUndoCommand) -> bool:
        """Run a command's first redo now, then push it; True when it is in the file.

        Commands from ``commands.py`` skip the redo ``QUndoStack.push`` performs right after.
        A refusal raises StoreError and pushes nothing, except a refusal because another
        program holds the lock: the command then waits in ``waiting`` (False is returned,
        nothing is shown) and is saved and pushed once the project is free.  While writes
        wait, a new one queues behind them (the order is kept); the same gesture again is a
        retry, never a second copy.
        """
        if getattr(command, "first_redo", None) is None:
            self.undo_stack.push(command)
            return True
        entry = Waiting("do", command.text(), command)
        if self.waiting:
            if any(entry.same_as(e) for e in self.waiting.entries):
                self.waiting.flush()
                return not any(entry.same_as(e) for e in self.waiting.entries)
            # the lock was seen held a moment ago: only a glance, so typing on stays quick
            if not self.waiting.flush(background=True):
                self.waiting.add(entry, "")
                return False
        try:
            self.run_now(command)
        except StoreError as error:
            if not is_locked(error):
                raise
            self.waiting.add(entry, str(error))
            return False
        return True

    def run_now(self, command: QUndoCommand) -> None:
        """The first redo, then the push (errors propagate, nothing is pushed)."""
        command.first_redo()  # type: ignore[attr-defined]
        self.undo_stack.push(command)

    def step_waits(self, command: Any, *, undoing: bool) -> bool:
        """An undo/redo while other writes wait for the lock: it must not overtake them, so
        the stack's move is taken back (the file is untouched).  An undo of a waiting change
        (or a redo of a waiting undo) cancels it, since it never reached the file; any other
        step queues behind the waiting writes.  False: no write waits, go ahead."""
        waiting = self.waiting
        if not waiting or waiting.flushing:
            return False
        self._take_back(command, undoing=undoing, message="")
        last = waiting.entries[-1].kind
        if (undoing and last in ("do", "redo")) or (not undoing and last == "undo"):
            waiting.cancel_last()  # undoing what waits: it is simply never saved
        else:
            waiting.add(self._step_entry(command, undoing), "")
        return True

    def step_failed(
        self, command: Any, *, undoing: bool, message: str, locked: bool = False
    ) -> None:
        """An undo (``undoing``) or redo the store refused, e.g. the project is locked by
        another program: the file did not change, so once ``QUndoStack`` has moved its index
        the move is taken back (a no-op redo/undo of the same command, queued because the
        stack cannot be driven from inside a command).  A locked step waits in ``waiting``
        and is retried; any other refusal is told to the user through ``failed``."""
        if self.waiting.flushing:  # a waiting step retried: refused again, or for good
            self.waiting.step_outcome = "locked" if locked else "refused"
            self.waiting.message = message if locked else self.waiting.message
            self._take_back(command, undoing=undoing, message="" if locked else message)
            return
        self._take_back(command, undoing=undoing, message="" if locked else message)
        if locked:
            self.waiting.add(self._step_entry(command, undoing), message)

    @staticmethod
    def _step_entry(command: Any, undoing: bool) -> Waiting:
        kind = "undo" if undoing else "redo"
        return Waiting(kind, f"{kind.capitalize()} {command.text()}")

    def _take_back(self, command: Any, *, undoing: bool, message: str) -> None:
        """Put the stack's index back over ``command`` (queued), then tell ``message``.
        ``restoring`` stays set until then: the stack's move and its taking back are no news
        (no 'Undid …', no jump to the command's article)."""
        command.skip_next(undo=not undoing)
        stack = self.undo_stack
        self.waiting.restores += 1
        self.restoring = True

        def restore() -> None:
            self.waiting.restores -= 1
            try:
                if self.closed:
                    return
                position = stack.index() if undoing else stack.index() - 1
                if stack.command(position) is command:
                    (stack.redo if undoing else stack.undo)()
                else:  # the stack changed meanwhile: leave it, drop the pending no-op
                    command.cancel_skip()
            finally:
                self.restoring = self.waiting.restores > 0
            if message:
                self.failed.emit(message)

        QTimer.singleShot(0, self, restore)

    def announce(self, change: Changes) -> None:
        """Tell every view what changed (called by the commands after each store write)."""
        if not change.is_empty():
            self.changed.emit(change)

    def close(self) -> None:
        """Close the store (the undo history goes with it)."""
        if self.closed:
            return
        if self.waiting:  # last chance for writes still waiting: the normal busy timeout
            self.waiting.flush(wait_ms=BUSY_TIMEOUT_MS)
        self.closed = True
        if self.waiting:  # still locked: say what is lost rather than lose it silently
            print(
                f"annotator: not saved, {self.waiting.message or 'the project is locked'}: "
                + "; ".join(self.waiting.texts()),
                file=sys.stderr,
            )
            self.waiting.discard()
        self.undo_stack.clear()
        self.store.close()
