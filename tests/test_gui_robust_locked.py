"""The project locked by another program (a connection holding ``BEGIN EXCLUSIVE``) while the
user tags: the write gives up after the busy timeout with a one-line message naming the
project, the screen shows nothing the file does not hold, the undo stack keeps matching the
file, and once the lock is released the same gesture works."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3  # noqa: E402

import pytest  # noqa: E402
from conftest_gui import ANNOTATOR, isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.models import ID_ROLE  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui
LOCKED = "locked by another program; try again"


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


def key(qtbot, widget, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, mods)
    QApplication.processEvents()


def stored(window: MainWindow) -> dict[int, tuple]:
    """The open article's annotations as the file holds them (a separate connection)."""
    conn = sqlite3.connect(str(window.session.path))
    try:
        return {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
            'SELECT id, status, start, "end" FROM annotations WHERE article_id = ? '
            "AND status IN ('accepted', 'suggested')", [window.article_id])}
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


def assert_locked_message(window: MainWindow) -> None:
    message = window.statusBar().currentMessage()
    assert LOCKED in message and str(window.session.path) in message, message
    assert "Traceback" not in message


def test_accepting_a_suggestion_while_locked_fails_cleanly_then_works(qtbot, window, lock):
    view = window.article_view
    key(qtbot, view, Qt.Key.Key_N)
    suggestion = view.current_annotation()
    assert suggestion is not None and suggestion.status == "suggested"
    depth = window.session.undo_stack.count()
    lock.execute("BEGIN EXCLUSIVE")
    key(qtbot, view, Qt.Key.Key_A)  # waits the real busy timeout (5 s), then gives up
    assert_locked_message(window)
    assert view.annotations[suggestion.id].status == "suggested"
    assert window.session.undo_stack.count() == depth
    lock.execute("ROLLBACK")
    assert_screen_matches_file(window)
    view.current_annotation_id = suggestion.id
    key(qtbot, view, Qt.Key.Key_A)
    assert stored(window)[suggestion.id][0] == "accepted"
    assert view.annotations[suggestion.id].status == "accepted"
    assert window.session.undo_stack.count() == depth + 1
    assert_screen_matches_file(window)


def test_a_quote_for_a_new_speaker_while_locked_leaves_no_trace(qtbot, window, lock):
    window.store.db.conn.execute("PRAGMA busy_timeout = 300")
    view = window.article_view
    key(qtbot, view, Qt.Key.Key_J)
    before = stored(window)
    lock.execute("BEGIN EXCLUSIVE")
    key(qtbot, view, Qt.Key.Key_Q)
    picker = window.tagger.picker
    picker.name_edit.setText("Nama Baru Sekali")
    key(qtbot, picker.name_edit, Qt.Key.Key_Return)
    assert_locked_message(window)
    lock.execute("ROLLBACK")
    assert stored(window) == before
    assert_screen_matches_file(window)
    conn = sqlite3.connect(str(window.session.path))
    try:  # the speaker the command would have created is not left behind
        assert conn.execute("SELECT count(*) FROM speakers WHERE name = ?",
                            ["Nama Baru Sekali"]).fetchone()[0] == 0
    finally:
        conn.close()
    assert window.session.undo_stack.count() == 0
    key(qtbot, view, Qt.Key.Key_Q)  # the same gesture once the lock is gone
    window.tagger.picker.name_edit.setText("Nama Baru Sekali")
    key(qtbot, window.tagger.picker.name_edit, Qt.Key.Key_Return)
    added = set(stored(window)) - set(before)
    assert len(added) == 1 and window.session.undo_stack.count() == 1
    assert_screen_matches_file(window)


def test_undo_and_redo_while_locked_keep_the_stack_in_step_with_the_file(qtbot, window, lock):
    window.store.db.conn.execute("PRAGMA busy_timeout = 300")
    view, stack = window.article_view, window.session.undo_stack
    key(qtbot, view, Qt.Key.Key_J)
    before = set(stored(window))
    key(qtbot, view, Qt.Key.Key_1)  # a claim of the category on key 1
    (claim_id,) = set(stored(window)) - before
    assert stack.index() == 1

    lock.execute("BEGIN EXCLUSIVE")
    key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: LOCKED in window.statusBar().currentMessage())
    assert stack.index() == 1 and stack.canUndo()  # the undo did not happen, and says so
    assert claim_id in view.annotations
    lock.execute("ROLLBACK")
    assert_locked_message(window)
    assert_screen_matches_file(window)

    key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # unlocked: undone
    assert stack.index() == 0 and claim_id not in stored(window)
    assert claim_id not in view.annotations
    window.statusBar().clearMessage()

    lock.execute("BEGIN EXCLUSIVE")
    key(qtbot, view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: LOCKED in window.statusBar().currentMessage())
    assert stack.index() == 0 and stack.canRedo()
    lock.execute("ROLLBACK")
    assert claim_id not in view.annotations
    assert_screen_matches_file(window)

    key(qtbot, view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redone
    assert stack.index() == 1 and stored(window)[claim_id][0] == "accepted"
    assert claim_id in view.annotations
    assert_screen_matches_file(window)
