"""The open project as the GUI sees it: one Store, one undo stack, the annotator's name.

Views never write to the store themselves: they build an undo command (``commands.py``) and
hand it to :meth:`ProjectSession.execute`.  Every write is committed by the store at once;
every change is announced through the single ``changed(Changes)`` signal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.model import Changes
from annotator.core.store import Store


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
        """Run a command's first redo now (errors propagate, nothing is pushed), then push it.

        Commands from ``commands.py`` skip the redo ``QUndoStack.push`` performs right after.
        """
        first = getattr(command, "first_redo", None)
        if first is not None:
            first()
        self.undo_stack.push(command)
        return True

    def step_failed(self, command: Any, *, undoing: bool, message: str) -> None:
        """An undo (``undoing``) or redo the store refused, e.g. the project is locked by
        another program: the file did not change, so once ``QUndoStack`` has moved its index
        the move is taken back (a no-op redo/undo of the same command, queued because the
        stack cannot be driven from inside a command), then the user is told."""
        command.skip_next(undo=not undoing)
        stack = self.undo_stack

        def restore() -> None:
            if self.closed:
                return
            self.restoring = True
            try:
                position = stack.index() if undoing else stack.index() - 1
                if stack.command(position) is command:
                    (stack.redo if undoing else stack.undo)()
                else:  # the stack changed meanwhile: leave it, drop the pending no-op
                    command.cancel_skip()
            finally:
                self.restoring = False
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
        self.closed = True
        self.undo_stack.clear()
        self.store.close()
