"""Writes the project refused because another program holds its write lock.

Another program (``annotator import`` on a big file, annotator in a second window) may hold
the project's write lock for seconds.  The GUI never waits for it on its main thread longer
than :data:`INTERACTIVE_BUSY_TIMEOUT_MS`: a gesture refused as locked is not lost and not
shown either; it *waits* in :class:`WaitingWrites`, in order, and is retried in the background
(:data:`RETRY_INTERVALS_MS`, each try waiting at most :data:`BACKGROUND_BUSY_TIMEOUT_MS`) and
whenever the user makes another change.  Once saved it goes on the undo stack and shows on
screen like any other change, so the screen and the undo stack only ever show what the file
holds.  :class:`LockBar` is the window's non-modal message: what waits, the project's name and
path, *Retry now* and *Discard*.

Undo and redo refused as locked wait the same way; an undo or redo made while changes wait
queues behind them (the order is kept), except that undoing a change that waits simply cancels
it (it never reached the file).  Doing the same gesture again while it waits (pressing A again
on the same suggestion) is a retry, never a second copy.  Closing the window while changes
wait keeps it open until they are saved or discarded; ``ProjectSession.close`` makes a last
attempt with the normal busy timeout.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from annotator.core.store import StoreError

if TYPE_CHECKING:
    from annotator.gui.session import ProjectSession

INTERACTIVE_BUSY_TIMEOUT_MS = 200  # longest the GUI's main thread waits for the write lock
BACKGROUND_BUSY_TIMEOUT_MS = 20  # a background retry's wait: never a felt pause
RETRY_INTERVALS_MS = (250, 500, 1000, 2000)  # then every 2 s for as long as writes wait
LOCKED_PHRASE = "locked by another program"


def is_locked(error: BaseException) -> bool:
    """True when ``error`` is the store's 'the project is locked by another program'."""
    return isinstance(error, StoreError) and LOCKED_PHRASE in str(error)


def set_busy_timeout(store: Any, ms: int) -> None:
    """How long the store's connection waits for another program's lock (milliseconds)."""
    if store.path is not None and not store.readonly:
        store.set_busy_timeout(ms)


@contextmanager
def busy_timeout(store: Any, ms: int, restore: int) -> Iterator[None]:
    """Wait at most ``ms`` for the lock inside the block, ``restore`` after it."""
    set_busy_timeout(store, ms)
    try:
        yield
    finally:
        set_busy_timeout(store, restore)


class Waiting:
    """One write waiting for the lock: a new command (``kind == 'do'``), an undo or a redo."""

    __slots__ = ("command", "kind", "since", "text")

    def __init__(self, kind: str, text: str, command: Any = None) -> None:
        self.kind = kind
        self.text = text
        self.command = command
        self.since = time.monotonic()

    def same_as(self, other: Waiting) -> bool:
        """The same gesture again (a retry, not a second copy)."""
        if self.kind != other.kind:
            return False
        if self.kind != "do":
            return True
        mine = getattr(self.command, "gesture_key", None)
        theirs = getattr(other.command, "gesture_key", None)
        return mine is not None and theirs is not None and mine() == theirs()


class WaitingWrites(QObject):
    """The session's writes refused as locked, in order, retried until saved or discarded."""

    changed = Signal()  # the list changed or another retry failed (the bar redraws)
    saved = Signal(list)  # texts of the writes just saved after waiting
    cancelled = Signal(str)  # a waiting write undone before it was saved (its text)

    def __init__(self, session: ProjectSession) -> None:
        super().__init__(session)
        self.session = session
        self.entries: list[Waiting] = []
        self.message = ""  # the store's last 'locked' line (names the project file)
        self.attempts = 0
        self.flushing = False
        self.step_outcome = "saved"  # a replayed undo/redo the store refused sets it
        self.restores = 0  # refused undo/redo steps whose stack index is not put back yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.flush(background=True))

    def __bool__(self) -> bool:
        return bool(self.entries)

    def texts(self) -> list[str]:
        """What waits, oldest first ('Accept suggestion', 'Undo Tag claim', …)."""
        return [e.text for e in self.entries]

    def add(self, entry: Waiting, message: str) -> bool:
        """Queue ``entry`` (False when the same gesture already waits: that is a retry)."""
        self.message = message or self.message
        # the same gesture again is a retry; an undo (redo) only repeats the one just before
        same = self.entries if entry.kind == "do" else self.entries[-1:]
        if any(entry.same_as(e) for e in same):
            self.changed.emit()
            return False
        self.entries.append(entry)
        self.attempts = 0
        self._schedule()
        self.changed.emit()
        return True

    def cancel_last(self) -> None:
        """Undo the newest waiting write: it was never saved, so it is just forgotten."""
        entry = self.entries.pop()
        if not self.entries:
            self._timer.stop()
        self.cancelled.emit(entry.text)
        self.changed.emit()

    def discard(self) -> list[str]:
        """Forget every waiting write (none of them is in the file or on screen)."""
        texts = self.texts()
        self.entries.clear()
        self._timer.stop()
        self.changed.emit()
        return texts

    def _schedule(self) -> None:
        if self.entries and not self.session.closed:
            step = min(self.attempts, len(RETRY_INTERVALS_MS) - 1)
            self._timer.start(RETRY_INTERVALS_MS[step])

    def flush(self, *, background: bool = False, wait_ms: int | None = None) -> bool:
        """Try the waiting writes in order; True when none is left.  A write refused for
        another reason than the lock (e.g. another window accepted that suggestion first) is
        dropped with a message through ``session.failed``."""
        if not self.entries:
            return True
        session = self.session
        if self.flushing or session.closed or self.restores:
            self._schedule()
            return False
        if wait_ms is None:
            wait_ms = BACKGROUND_BUSY_TIMEOUT_MS if background else INTERACTIVE_BUSY_TIMEOUT_MS
        saved: list[str] = []
        self.flushing = True
        try:
            with busy_timeout(session.store, wait_ms, INTERACTIVE_BUSY_TIMEOUT_MS):
                while self.entries:
                    entry = self.entries[0]
                    try:
                        outcome = self._replay(entry)
                    except StoreError as error:
                        if is_locked(error):
                            self.message = str(error)
                            break
                        outcome = "refused"
                        session.failed.emit(f"Not saved: {entry.text}: {error}")
                    if outcome == "locked":
                        break
                    self.entries.pop(0)
                    if outcome == "saved":
                        saved.append(entry.text)
                    if self.restores:  # a step was refused: its stack index is not back yet
                        break
        finally:
            self.flushing = False
        if self.entries:
            self.attempts += 1
            self._schedule()
        else:
            self._timer.stop()
        if saved:
            self.saved.emit(saved)
        self.changed.emit()
        return not self.entries

    def _replay(self, entry: Waiting) -> str:
        """Run one waiting write: 'saved', 'locked' (it keeps waiting) or 'refused' (dropped,
        the user is told why)."""
        stack = self.session.undo_stack
        if entry.kind == "do":
            self.session.run_now(entry.command)
            return "saved"
        can = stack.canUndo() if entry.kind == "undo" else stack.canRedo()
        if not can:  # a newer change replaced the step (a redo after a new change)
            self.session.failed.emit(f"Not done: {entry.text} (nothing left to {entry.kind})")
            return "refused"
        self.step_outcome = "saved"
        (stack.undo if entry.kind == "undo" else stack.redo)()
        return self.step_outcome


def waiting_summary(texts: list[str], limit: int = 3) -> str:
    """'Accept suggestion', 'Tag quote and Tag claim', 'A, B, C and 2 more'."""
    if len(texts) <= 1:
        return "".join(texts)
    if len(texts) <= limit:
        return ", ".join(texts[:-1]) + " and " + texts[-1]
    return ", ".join(texts[:limit]) + f" and {len(texts) - limit} more"


class LockBar(QFrame):
    """The window's non-modal 'not saved yet: the project is locked' message, with Retry now
    and Discard; hidden while nothing waits.  Every text is plain text."""

    STYLE = """
        QFrame#lockBar { background: #fff3cd; border: none;
                         border-bottom: 1px solid #d9b74a; }
        QFrame#lockBar QLabel { color: #3d3000; background: transparent; }
    """

    def __init__(self, session: ProjectSession, window: QWidget, status: Any = None) -> None:
        super().__init__(window)
        self.session = session
        self.window_ = window
        self.status = status  # callable(text, timeout) for 'saved' news
        self.close_when_saved = False
        self.setObjectName("lockBar")
        self.setStyleSheet(self.STYLE)
        self.title = self._label(bold=True)
        self.title.setObjectName("lockBarTitle")
        self.detail = self._label()
        self.detail.setObjectName("lockBarDetail")
        self.retry_button = QPushButton("&Retry now", self)
        self.retry_button.setObjectName("lockBarRetry")
        self.retry_button.setToolTip("Try to save the waiting changes now")
        self.discard_button = QPushButton("&Discard", self)
        self.discard_button.setObjectName("lockBarDiscard")
        self.discard_button.setToolTip("Forget the waiting changes (none of them is saved)")
        for button in (self.retry_button, self.discard_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # keys stay in the text
            button.setAutoDefault(False)
        self.retry_button.clicked.connect(self.retry)
        self.discard_button.clicked.connect(self.discard)
        self.where = self._label()
        self.where.setObjectName("lockBarPath")
        self.where.setStyleSheet("color: #6b5a1e;")
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.discard_button)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 6, 12, 8)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.title, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addLayout(buttons, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.detail, 1, 0, 1, 2)
        grid.addWidget(self.where, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self.hide()
        waiting = session.waiting
        waiting.changed.connect(self.refresh)
        waiting.saved.connect(self._saved)
        waiting.cancelled.connect(
            lambda text: self._say(f"Undone before it was saved: {text}", 6000)
        )
        window.installEventFilter(self)

    def _label(self, *, bold: bool = False) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        return label

    def refresh(self) -> None:
        """Show what waits, or hide when nothing does."""
        waiting = self.session.waiting
        texts = waiting.texts()
        if not texts:
            if self.close_when_saved and self.session.closed:  # closed under the window
                QTimer.singleShot(0, self.window_.close)
            self.close_when_saved = False
            self.hide()
            return
        path = self.session.path
        name = path.name if path is not None else "The project"
        self.title.setText(f"{name} is locked by another program")
        it = "it is" if len(texts) == 1 else "they are"
        lines = [
            f"Not saved yet: {waiting_summary(texts)}. Saved automatically as soon as the "
            f"other program (an import, or annotator in another window) is done; {it} shown "
            "here then.",
        ]
        if self.close_when_saved:
            lines.append("The window closes once everything is saved (or discarded).")
        self.detail.setText("\n".join(lines))
        self.where.setText(f"Project file: {path}" if path is not None else "")
        self.where.setVisible(path is not None)
        self.show()

    def retry(self) -> bool:
        """Retry now (the button); True when everything was saved."""
        done = self.session.waiting.flush()
        if not done:
            self._say("Still locked by another program; retrying automatically", 4000)
        return done

    def discard(self) -> None:
        texts = self.session.waiting.discard()
        if texts:
            self._say(f"Discarded (never saved): {waiting_summary(texts)}", 8000)
        self.close_when_saved = False

    def _saved(self, texts: list[str]) -> None:
        path = self.session.path
        where = path.name if path is not None else "the project"
        self._say(f"Saved to {where} after waiting: {waiting_summary(texts)}", 6000)
        if self.close_when_saved and not self.session.waiting:
            self.close_when_saved = False
            QTimer.singleShot(0, self.window_.close)

    def _say(self, text: str, timeout: int) -> None:
        if self.status is not None:
            self.status(text, timeout)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Closing the window while changes wait: try once more; if the project is still
        locked the window stays open (it closes once they are saved), so none is lost."""
        if (
            watched is self.window_
            and event.type() == QEvent.Type.Close
            and not self.session.closed
            and self.session.waiting
            and not self.session.waiting.flush()
        ):
            self.close_when_saved = True
            self.refresh()
            event.ignore()
            return True
        return super().eventFilter(watched, event)
