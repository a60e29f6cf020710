"""The project locked by another program (a connection holding ``BEGIN EXCLUSIVE``) while the
user tags: the gesture returns at once (no frozen window) with a message bar naming the
project, the change waits (not on screen, not on the undo stack, not in the file), and once the
lock is released it is saved exactly once, by Retry or automatically; the screen never shows
what the file does not hold and the undo stack keeps matching the file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402
from conftest_gui import ANNOTATOR, isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.models import ID_ROLE  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui
LOCKED = "locked by another program"
NO_FREEZE_S = 1.5  # generous: asserts the window is not frozen for the busy timeout (5 s)


@pytest.fixture
def window(qtbot, tmp_path):
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    session = ProjectSession.open(db, ANNOTATOR)
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.article_view.setFocus()
    yield win
    win.close()
    session.close()


@pytest.fixture
def lock(window):
    """Another program's connection; ``lock.execute('BEGIN EXCLUSIVE')`` takes the lock."""
    conn = sqlite3.connect(str(window.session.path), timeout=0, isolation_level=None)
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def key(qtbot, widget, k, mods=Qt.KeyboardModifier.NoModifier) -> float:
    """Press a key; returns how long the main thread was busy with it (seconds)."""
    started = time.perf_counter()
    qtbot.keyClick(widget, k, mods)
    QApplication.processEvents()
    return time.perf_counter() - started


def stored(window: MainWindow) -> dict[int, tuple]:
    """The open article's annotations as the file holds them (a separate connection)."""
    conn = sqlite3.connect(str(window.session.path))
    try:
        return {
            r[0]: (r[1], r[2], r[3])
            for r in conn.execute(
                'SELECT id, status, start, "end" FROM annotations WHERE article_id = ? '
                "AND status IN ('accepted', 'suggested')",
                [window.article_id],
            )
        }
    finally:
        conn.close()


def on_screen(window: MainWindow) -> dict[int, tuple]:
    return {a.id: (a.status, a.start, a.end) for a in window.article_view.annotations.values()}


def panel(window: MainWindow) -> dict[int, str]:
    """Annotation ids and statuses listed in the annotations panel."""
    model, found = window.annotations_panel.model, {}
    for root in range(model.rowCount()):
        top = model.item(root)
        for g in range(top.rowCount()):
            group = top.child(g)
            for r in range(group.rowCount()):
                item = group.child(r)
                found[item.data(ID_ROLE)] = item.data(Qt.ItemDataRole.UserRole + 3)
    return found


def assert_screen_matches_file(window: MainWindow) -> None:
    """The text view and the annotations panel show exactly what the file holds."""
    window.flush()
    held = stored(window)
    assert on_screen(window) == held
    assert panel(window) == {i: status for i, (status, _s, _e) in held.items()}


def assert_locked_message(window: MainWindow, waiting: str) -> None:
    """The bar above the text says the project is locked, names it, and what waits."""
    bar = window.lock_bar
    assert bar.isVisible()
    title, detail, where = bar.title.text(), bar.detail.text(), bar.where.text()
    assert LOCKED in title and window.session.path.name in title, title
    assert waiting in detail and str(window.session.path) in where, (detail, where)
    assert "Traceback" not in title + detail
    assert bar.retry_button.isVisible() and bar.discard_button.isVisible()


def retry(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.lock_bar.retry_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def test_accepting_a_suggestion_while_locked_waits_then_retry_saves_it_once(qtbot, window, lock):
    view = window.article_view
    key(qtbot, view, Qt.Key.Key_N)
    suggestion = view.current_annotation()
    assert suggestion is not None and suggestion.status == "suggested"
    depth = window.session.undo_stack.count()
    lock.execute("BEGIN EXCLUSIVE")
    assert key(qtbot, view, Qt.Key.Key_A) < NO_FREEZE_S  # was: the busy timeout, 5 s
    assert_locked_message(window, "Accept suggestion")
    assert view.annotations[suggestion.id].status == "suggested"
    assert window.session.undo_stack.count() == depth
    view.current_annotation_id = suggestion.id
    assert key(qtbot, view, Qt.Key.Key_A) < NO_FREEZE_S  # the same gesture again: a retry
    assert window.session.waiting.texts() == ["Accept suggestion"]
    lock.execute("ROLLBACK")
    assert_screen_matches_file(window)  # nothing that waits is shown
    retry(qtbot, window)
    assert not window.lock_bar.isVisible() and not window.session.waiting
    assert stored(window)[suggestion.id][0] == "accepted"
    assert view.annotations[suggestion.id].status == "accepted"
    assert window.session.undo_stack.count() == depth + 1
    assert "Saved to project.db" in window.statusBar().currentMessage()
    assert_screen_matches_file(window)
    conn = sqlite3.connect(str(window.session.path))
    try:  # accepted exactly once: one accepted row for that span
        count = conn.execute(
            "SELECT count(*) FROM annotations WHERE status = 'accepted' AND start = ? "
            'AND "end" = ? AND article_id = ?',
            [suggestion.start, suggestion.end, window.article_id],
        ).fetchone()[0]
    finally:
        conn.close()
    assert count == 1


def test_a_quote_for_a_new_speaker_while_locked_leaves_no_trace_then_saves(qtbot, window, lock):
    view = window.article_view
    key(qtbot, view, Qt.Key.Key_J)
    before = stored(window)
    lock.execute("BEGIN EXCLUSIVE")
    key(qtbot, view, Qt.Key.Key_Q)
    picker = window.tagger.picker
    picker.name_edit.setText("Nama Baru Sekali")
    assert key(qtbot, picker.name_edit, Qt.Key.Key_Return) < NO_FREEZE_S
    assert_locked_message(window, "Tag quote")
    assert stored(window) == before
    assert_screen_matches_file(window)
    conn = sqlite3.connect(str(window.session.path))
    try:  # the speaker the command will create is not there yet
        assert (
            conn.execute(
                "SELECT count(*) FROM speakers WHERE name = ?", ["Nama Baru Sekali"]
            ).fetchone()[0]
            == 0
        )
    finally:
        conn.close()
    assert window.session.undo_stack.count() == 0
    lock.execute("ROLLBACK")
    qtbot.waitUntil(lambda: not window.session.waiting, timeout=5000)  # retried by itself
    added = set(stored(window)) - set(before)
    assert len(added) == 1 and window.session.undo_stack.count() == 1
    assert not window.lock_bar.isVisible()
    assert_screen_matches_file(window)
    conn = sqlite3.connect(str(window.session.path))
    try:
        assert (
            conn.execute(
                "SELECT count(*) FROM speakers WHERE name = ?", ["Nama Baru Sekali"]
            ).fetchone()[0]
            == 1
        )
    finally:
        conn.close()


def test_undo_and_redo_while_locked_keep_the_stack_in_step_with_the_file(qtbot, window, lock):
    view, stack = window.article_view, window.session.undo_stack
    key(qtbot, view, Qt.Key.Key_J)
    before = set(stored(window))
    key(qtbot, view, Qt.Key.Key_1)  # a claim of the category on key 1
    (claim_id,) = set(stored(window)) - before
    assert stack.index() == 1

    lock.execute("BEGIN EXCLUSIVE")
    assert key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier) < NO_FREEZE_S
    qtbot.waitUntil(lambda: window.lock_bar.isVisible())
    assert stack.index() == 1 and stack.canUndo()  # the undo did not happen, and says so
    assert claim_id in view.annotations and claim_id in stored(window)
    assert_locked_message(window, "Undo Tag claim")
    assert_screen_matches_file(window)
    lock.execute("ROLLBACK")
    assert_screen_matches_file(window)

    retry(qtbot, window)  # unlocked: undone
    assert stack.index() == 0 and claim_id not in stored(window)
    assert claim_id not in view.annotations
    assert not window.lock_bar.isVisible()
    assert_screen_matches_file(window)

    lock.execute("BEGIN EXCLUSIVE")
    assert key(qtbot, view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier) < NO_FREEZE_S
    qtbot.waitUntil(lambda: window.lock_bar.isVisible())
    assert stack.index() == 0 and stack.canRedo()
    assert_locked_message(window, "Redo Tag claim")
    lock.execute("ROLLBACK")
    assert claim_id not in view.annotations
    assert_screen_matches_file(window)

    qtbot.waitUntil(lambda: not window.session.waiting, timeout=5000)  # redone by itself
    assert stack.index() == 1 and stored(window)[claim_id][0] == "accepted"
    assert claim_id in view.annotations
    assert_screen_matches_file(window)
