"""Another program holds the project's write lock (``BEGIN IMMEDIATE``, as ``annotator import``
does for its whole insert phase) while the user works in the real window, keys and clicks:

* every gesture returns at once (the main thread never waits the 5 s busy timeout);
* the refused changes wait, in order, in a non-modal bar naming the project (plain text), with
  Retry now and Discard; nothing that waits is on screen, on the undo stack or in the file;
* once the lock is gone they are saved exactly once, in order, and the undo stack matches;
* reading (opening and switching articles) keeps working while the other program writes.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from conftest_gui import ANNOTATOR, isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from annotator.gui.lock_retry import INTERACTIVE_BUSY_TIMEOUT_MS  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui
NO_FREEZE_S = 1.5  # generous: the window must not wait the busy timeout (5 s), not be fast
SHOTS = os.environ.get("ANNOTATOR_LOCK_SHOTS")  # a folder to also save the screenshot into


def open_window(qtbot, db: Path) -> MainWindow:
    session = ProjectSession.open(db, ANNOTATOR)
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.article_view.setFocus()
    return win


@pytest.fixture
def window(qtbot, tmp_path):
    isolate_settings(tmp_path)
    win = open_window(qtbot, make_project(tmp_path))
    yield win
    win.session.waiting.discard()
    win.close()
    win.session.close()


class Importer:
    """Another program's connection writing like an import: ``hold()`` takes the write lock
    with ``BEGIN IMMEDIATE`` and inserts an article it has not committed yet."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(str(path), timeout=0, isolation_level=None)

    def hold(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO settings (key, value) VALUES ('lock-test', 'uncommitted')")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.release()
        self.conn.close()


@pytest.fixture
def importer(window):
    other = Importer(window.session.path)
    yield other
    other.close()


def timed(qtbot, widget, key, mods=Qt.KeyboardModifier.NoModifier) -> float:
    """Press a key on a real widget; seconds the main thread was busy with it."""
    started = time.perf_counter()
    qtbot.keyClick(widget, key, mods)
    QApplication.processEvents()
    return time.perf_counter() - started


def rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(str(path))
    try:
        return list(conn.execute(sql, params))
    finally:
        conn.close()


def stored(window: MainWindow) -> dict[int, tuple]:
    return {
        r[0]: (r[1], r[2], r[3])
        for r in rows(
            window.session.path,
            'SELECT id, status, start, "end" FROM annotations '
            "WHERE article_id = ? AND status IN ('accepted', 'suggested')",
            (window.article_id,),
        )
    }


def on_screen(window: MainWindow) -> dict[int, tuple]:
    return {a.id: (a.status, a.start, a.end) for a in window.article_view.annotations.values()}


def stored_title(window: MainWindow) -> str:
    return rows(
        window.session.path, "SELECT title FROM articles WHERE id = ?", (window.article_id,)
    )[0][0]


def retry(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.lock_bar.retry_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def test_the_gui_waits_for_the_lock_only_briefly(window):
    """The session's connection gives up on another program's lock after a short moment."""
    conn = window.store.db.conn
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == INTERACTIVE_BUSY_TIMEOUT_MS
    assert INTERACTIVE_BUSY_TIMEOUT_MS <= 250


def test_gestures_while_an_import_writes_return_at_once_and_are_saved_in_order(
    qtbot, window, importer
):
    view, stack = window.article_view, window.session.undo_stack
    original = stored(window)
    timed(qtbot, view, Qt.Key.Key_J)
    timed(qtbot, view, Qt.Key.Key_1)  # one claim saved before the import starts
    assert stack.count() == 1
    before, title = stored(window), stored_title(window)

    importer.hold()
    blocked = [timed(qtbot, view, Qt.Key.Key_J), timed(qtbot, view, Qt.Key.Key_1)]
    blocked.append(timed(qtbot, view, Qt.Key.Key_N))
    suggestion = view.current_annotation()
    assert suggestion is not None and suggestion.status == "suggested"
    blocked.append(timed(qtbot, view, Qt.Key.Key_A))
    edit = window.header.edits["title"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Judul yang diubah")
    blocked.append(timed(qtbot, edit, Qt.Key.Key_Return))
    assert max(blocked) < NO_FREEZE_S, blocked
    bar = window.lock_bar
    assert bar.isVisible()
    assert window.session.waiting.texts() == ["Tag claim", "Accept suggestion", "Edit title"]
    assert "Not saved yet: Tag claim, Accept suggestion and Edit title." in bar.detail.text()
    # nothing that waits is anywhere: not in the file, not on screen, not on the undo stack
    assert stored(window) == before == on_screen(window)
    assert edit.text() == title == stored_title(window)
    assert stack.count() == 1

    view.setFocus()  # Ctrl+Z undoes the newest change, which never reached the file
    assert timed(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier) < NO_FREEZE_S
    qtbot.waitUntil(lambda: window.session.waiting.texts() == ["Tag claim", "Accept suggestion"])
    assert "Undone before it was saved: Edit title" in window.statusBar().currentMessage()
    assert stack.count() == 1 and stack.index() == 1

    importer.release()
    retry(qtbot, window)
    assert not window.session.waiting and not bar.isVisible()
    after = stored(window)
    added = set(after) - set(before)
    assert len(added) == 1 and after[added.pop()][0] == "accepted"  # the second claim, once
    assert after[suggestion.id][0] == "accepted"
    assert stored_title(window) == title
    window.flush()
    assert on_screen(window) == after
    assert stack.count() == 3 and stack.index() == 3
    assert [stack.text(i) for i in range(3)] == ["Tag claim", "Tag claim", "Accept suggestion"]
    assert "Saved to project.db" in window.statusBar().currentMessage()

    # the undo stack matches the file: three undos take every saved change back
    for _ in range(3):
        timed(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stack.index() == 0
    assert stored(window) == original
    window.flush()
    assert on_screen(window) == original


def test_discard_forgets_the_waiting_changes(qtbot, window, importer):
    view = window.article_view
    before = stored(window)
    importer.hold()
    timed(qtbot, view, Qt.Key.Key_J)
    timed(qtbot, view, Qt.Key.Key_1)
    assert window.lock_bar.isVisible()
    qtbot.mouseClick(window.lock_bar.discard_button, Qt.MouseButton.LeftButton)
    assert not window.lock_bar.isVisible() and not window.session.waiting
    assert "Discarded (never saved): Tag claim" in window.statusBar().currentMessage()
    importer.release()
    qtbot.wait(600)  # no retry left to run
    assert stored(window) == before == on_screen(window)
    assert window.session.undo_stack.count() == 0


def test_a_change_waits_until_the_import_ends_then_is_saved_by_itself(qtbot, window, tmp_path):
    """A real second process holds the lock for a few seconds, as a big import does."""
    script = tmp_path / "hold.py"
    script.write_text(
        "import sqlite3, sys, time\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "conn.execute(\"INSERT INTO settings (key, value) VALUES ('held', '1')\")\n"
        "print('LOCKED', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
        "conn.execute('COMMIT')\n",
        encoding="utf-8",
    )
    view = window.article_view
    timed(qtbot, view, Qt.Key.Key_J)
    before = stored(window)
    holder = subprocess.Popen(
        [sys.executable, str(script), str(window.session.path), "2.5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "LOCKED"
        assert timed(qtbot, view, Qt.Key.Key_1) < NO_FREEZE_S
        assert window.lock_bar.isVisible() and stored(window) == before
        # the window stays responsive while it waits: moving around and opening articles
        for key in (Qt.Key.Key_J, Qt.Key.Key_K):
            assert timed(qtbot, view, key) < NO_FREEZE_S
        qtbot.waitUntil(lambda: not window.session.waiting, timeout=15000)
        assert holder.wait(10) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
    added = set(stored(window)) - set(before)
    assert len(added) == 1 and window.session.undo_stack.count() == 1
    assert rows(window.session.path, "SELECT value FROM settings WHERE key = 'held'") == [("1",)]
    window.flush()
    assert on_screen(window) == stored(window)
    assert not window.lock_bar.isVisible()


@pytest.mark.parametrize("begin", ["BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"])
def test_opening_and_switching_articles_while_another_program_writes(qtbot, window, begin):
    view = window.article_view
    first = window.article_id
    other = sqlite3.connect(str(window.session.path), timeout=0, isolation_level=None)
    try:
        other.execute(begin)
        other.execute("UPDATE articles SET title = 'not committed' WHERE id = ?", [first])
        seen = []
        for _ in range(3):  # Alt+Right: the next article, read while the other one writes
            assert timed(qtbot, view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier) < 1.0
            seen.append(window.article_id)
            assert view.text and view.isVisible()
        assert len(set(seen)) == 3 and first not in seen
        assert window.open_article(first)
        assert window.header.edits["title"].text() != "not committed"  # committed data only
        assert "locked" not in window.statusBar().currentMessage()
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_second_window_opens_while_an_import_holds_the_lock(qtbot, window, importer):
    importer.hold()
    started = time.perf_counter()
    second = open_window(qtbot, window.session.path)
    try:
        assert time.perf_counter() - started < NO_FREEZE_S * 2
        assert second.article_id is not None and second.article_view.text
    finally:
        second.close()
        second.session.close()


def test_closing_with_changes_waiting_keeps_the_window_until_they_are_saved(
    qtbot, window, importer
):
    view = window.article_view
    timed(qtbot, view, Qt.Key.Key_J)
    before = stored(window)
    importer.hold()
    timed(qtbot, view, Qt.Key.Key_1)
    assert window.session.waiting
    started = time.perf_counter()
    window.close()
    assert time.perf_counter() - started < NO_FREEZE_S
    assert window.isVisible() and not window.session.closed  # not closed, nothing lost
    assert "closes once everything is saved" in window.lock_bar.detail.text()
    importer.release()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert len(set(stored(window)) - set(before)) == 1


def test_a_speaker_edit_while_locked_shows_no_dialog_and_is_saved_later(qtbot, window, importer):
    speaker, _change = window.store.add_speaker("Budi Santoso")
    panel = window.speakers_panel
    panel.reload(force=True)
    importer.hold()
    started = time.perf_counter()
    assert panel._edit(speaker.id, "role", "juru bicara")
    assert time.perf_counter() - started < NO_FREEZE_S
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert window.session.waiting.texts() == ["Edit speaker"]
    importer.release()
    retry(qtbot, window)
    assert rows(window.session.path, "SELECT role FROM speakers WHERE id = ?", (speaker.id,)) == [
        ("juru bicara",)
    ]


def test_the_locked_bar_is_plain_text_and_readable(qtbot, tmp_path):
    isolate_settings(tmp_path)
    folder = tmp_path / "<b>riset & <i>berita"
    folder.mkdir()
    db = make_project(tmp_path)
    target = folder / "project.db"
    db.rename(target)
    win = open_window(qtbot, target)
    importer = Importer(target)
    try:
        win.resize(1280, 800)
        importer.hold()
        view = win.article_view
        timed(qtbot, view, Qt.Key.Key_N)
        timed(qtbot, view, Qt.Key.Key_A)
        timed(qtbot, view, Qt.Key.Key_J)
        timed(qtbot, view, Qt.Key.Key_1)
        bar = win.lock_bar
        assert bar.isVisible()
        assert win.session.waiting.texts() == ["Accept suggestion", "Tag claim"]
        for label in (bar.title, bar.detail, bar.where):
            assert label.textFormat() == Qt.TextFormat.PlainText
        assert bar.where.text() == f"Project file: {target}"  # tags and all, literally
        assert bar.height() < win.height() / 4
        assert bar.retry_button.width() >= bar.retry_button.sizeHint().width()
        shot = win.grab()
        path = tmp_path / "locked.png"
        assert shot.save(str(path)) and path.stat().st_size > 0
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            shot.save(str(Path(SHOTS) / "locked.png"))
            bar.grab().save(str(Path(SHOTS) / "locked-bar.png"))
    finally:
        importer.close()
        win.session.waiting.discard()
        win.close()
        win.session.close()


def test_a_locked_undo_of_another_articles_change_neither_jumps_nor_claims_it_was_done(
    qtbot, window, importer
):
    view, stack = window.article_view, window.session.undo_stack
    timed(qtbot, view, Qt.Key.Key_J)
    timed(qtbot, view, Qt.Key.Key_1)
    first = window.article_id
    timed(qtbot, view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    second = window.article_id
    assert second != first
    window.statusBar().clearMessage()
    importer.hold()
    assert timed(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier) < NO_FREEZE_S
    qtbot.waitUntil(lambda: window.session.waiting.texts() == ["Undo Tag claim"])
    qtbot.wait(50)
    assert window.article_id == second and stack.index() == 1
    assert "Undid" not in window.statusBar().currentMessage()
    importer.release()
    retry(qtbot, window)
    assert stack.index() == 0 and window.article_id == first  # done now: shown where it was
    assert not window.session.waiting
    window.flush()
    assert on_screen(window) == stored(window)


def test_a_waiting_change_the_other_program_made_moot_is_dropped_with_a_message(
    qtbot, window, importer
):
    """The other window accepted the same suggestion while ours waited: ours is refused when
    retried (told in the status bar), never stored twice, and nothing else waits."""
    view, stack = window.article_view, window.session.undo_stack
    timed(qtbot, view, Qt.Key.Key_N)
    suggestion = view.current_annotation()
    assert suggestion is not None and suggestion.status == "suggested"
    importer.hold()
    timed(qtbot, view, Qt.Key.Key_A)
    assert window.session.waiting.texts() == ["Accept suggestion"]
    importer.conn.execute(
        "UPDATE annotations SET status = 'accepted', annotator = 'beta' WHERE id = ?",
        [suggestion.id],
    )
    importer.conn.execute("COMMIT")
    retry(qtbot, window)
    assert not window.session.waiting and not window.lock_bar.isVisible()
    message = window.statusBar().currentMessage()
    assert message.startswith("Not saved: Accept suggestion:") and "Traceback" not in message
    assert stack.count() == 0
    assert rows(
        window.session.path,
        "SELECT status, annotator FROM annotations WHERE id = ?",
        (suggestion.id,),
    ) == [("accepted", "beta")]
