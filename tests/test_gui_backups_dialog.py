"""File ▸ Backups…: the project's backups newest first, "Back up now", and a restore that
saves the current state first and reopens the project on the restored data; a damaged backup
or a refused restore is one message and the project stays as it was."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import first_sample_id, isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from annotator.core import backup  # noqa: E402
from annotator.core.store import Store  # noqa: E402
from annotator.gui import backups_dialog  # noqa: E402
from annotator.gui.app import controller, wait_for_backups  # noqa: E402
from annotator.gui.backups_dialog import BackupsDialog  # noqa: E402

pytestmark = pytest.mark.gui


def _open(qtbot, db):
    window = controller().open_project(db, ask_name=False)
    assert window is not None
    qtbot.addWidget(window)
    wait_for_backups(60)  # the opening backup, so the counts below are the dialog's own
    QApplication.processEvents()
    return window


def _dialog(qtbot, window) -> BackupsDialog:
    """Open File ▸ Backups… as a user would: through the menu's action."""
    action = window.actions_by_name["backups"]
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions() and action.text() == "&Backups…"
    action.trigger()
    shown = [d for d in window.findChildren(BackupsDialog) if d.isVisible()]
    assert len(shown) == 1
    return shown[0]


def _close(window) -> None:
    window.close()
    wait_for_backups(60)
    QApplication.processEvents()
    window.session.close()


def _annotation_count(db) -> int:
    with Store.open(db, readonly=True) as store:
        return sum(1 for a in store.annotations(first_sample_id(db)) if a.status == "accepted")


def _warnings(parent) -> list[QMessageBox]:
    return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def test_back_up_now_adds_a_row_newest_first(qtbot, tmp_path, monkeypatch) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    window = _open(qtbot, db)
    dialog = _dialog(qtbot, window)
    before = dialog.table.topLevelItemCount()
    assert before == len(backup.list_backups(db)) == 1  # the one made when it opened
    assert not dialog.restore_button.isEnabled()  # nothing selected yet
    assert dialog.folder_label.text() == str(tmp_path / "project.backups")
    assert dialog.folder_label.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.table.topLevelItemCount() == before + 1
    newest = backup.list_backups(db)[-1]
    assert dialog.backups[0] == newest  # newest first, and it is selected
    assert dialog.selected() == newest
    assert dialog.restore_button.isEnabled()
    row = dialog.table.topLevelItem(0)
    assert row.text(0).startswith(backups_dialog.local_time(newest.created))
    with Store.open(db, readonly=True) as store:
        articles = store.count_articles()
    assert row.text(2) == str(articles)
    assert row.text(3) == str(_annotation_count(db))
    assert "Backed up to " + newest.path.name == dialog.status.text()
    opened: list[str] = []
    monkeypatch.setattr(backups_dialog.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(backup.backup_folder(db))]
    dialog.close()
    _close(window)


def test_restore_brings_back_the_earlier_state_and_saves_the_current_one(
    qtbot, tmp_path, monkeypatch
) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    window = _open(qtbot, db)
    article = first_sample_id(db)
    annotations_before = _annotation_count(db)
    dialog = _dialog(qtbot, window)
    earlier = dialog.back_up_now()
    assert earlier is not None
    dialog.close()
    # a change after that backup: a quote tagged, and the article marked done in the window
    window.open_article(article)
    text = window.store.get_article(article).text
    start = text.index(" ") + 1
    window.store.add_quote(article, start, start + 20, speaker_id=None, annotator="tester")
    window.toggle_done()
    assert window.store.get_article(article).status == "done"
    assert _annotation_count(db) == annotations_before + 1

    questions: list[str] = []
    monkeypatch.setattr(backups_dialog, "ask",
                        lambda parent, title, text: questions.append(text) or True)
    dialog = _dialog(qtbot, window)
    row = [b.path for b in dialog.backups].index(earlier)
    dialog.table.setCurrentItem(dialog.table.topLevelItem(row))
    assert dialog.restore_button.isEnabled()
    count_before = len(backup.list_backups(db))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    info = next(b for b in backup.list_backups(db) if b.path == earlier)
    assert len(questions) == 1
    assert backups_dialog.local_time(info.created) in questions[0]
    assert "saved as a backup first" in questions[0]
    # the window was replaced by one on the restored file
    new = next(w for w in controller().windows if w is not window and w.isVisible())
    qtbot.addWidget(new)
    assert not window.isVisible() and window.session.closed
    assert new.session.annotator == "tester"
    new.open_article(article)
    assert new.store.get_article(article).status != "done"
    shown = [a for a in new.article_view.annotations.values() if a.status == "accepted"]
    assert len(shown) == annotations_before
    assert _annotation_count(db) == annotations_before  # the file holds it
    assert "Restored the backup of " in new.statusBar().currentMessage()
    # the state before the restore was saved as a backup, and can be restored in turn
    after = backup.list_backups(db)
    assert len(after) == count_before + 1
    saved = after[-1]
    assert saved.path.name in new.statusBar().currentMessage()
    with Store.open(saved.path, readonly=True) as store:
        assert store.get_article(article).status == "done"
        assert sum(1 for a in store.annotations(article) if a.status == "accepted") == (
            annotations_before + 1)
    dialog = _dialog(qtbot, new)
    assert dialog.backups[0].path == saved.path
    dialog.close()
    _close(new)


def test_a_damaged_backup_is_a_message_and_the_project_stays_open(
    qtbot, tmp_path, monkeypatch
) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    window = _open(qtbot, db)
    damaged = backup.backup_folder(db) / "2001-01-01_000000_000.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    monkeypatch.setattr(backups_dialog, "ask", lambda parent, title, text: True)
    dialog = _dialog(qtbot, window)
    assert dialog.backups[-1].path == damaged  # oldest last
    assert dialog.table.topLevelItem(len(dialog.backups) - 1).text(2) == "?"
    dialog.table.setCurrentItem(dialog.table.topLevelItem(len(dialog.backups) - 1))
    listed = backup.list_backups(db)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    boxes = _warnings(dialog)
    assert len(boxes) == 1
    assert boxes[0].text().startswith("Not restored: ")
    assert "\n" not in boxes[0].text() and "Traceback" not in boxes[0].text()
    assert boxes[0].textFormat() == Qt.TextFormat.PlainText
    boxes[0].close()
    # the same window and store are still open; nothing was written
    assert window.isVisible() and not window.session.closed
    assert window.store.count_articles() > 0
    assert dialog.isVisible()
    assert backup.list_backups(db) == listed
    assert [w for w in controller().windows if w is not window and w.isVisible()] == []
    dialog.close()
    _close(window)


def test_a_restore_refused_after_release_reopens_the_unchanged_project(
    qtbot, tmp_path, monkeypatch
) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    window = _open(qtbot, db)
    article = first_sample_id(db)
    window.toggle_done()  # the state to keep
    status = window.store.get_article(window.article_id).status

    def locked(source, project, keep=backup.DEFAULT_KEEP):
        raise backup.BackupError(f"{project}: the project is locked by another program")

    monkeypatch.setattr(backup, "restore_backup", locked)
    monkeypatch.setattr(backups_dialog, "ask", lambda parent, title, text: True)
    dialog = _dialog(qtbot, window)
    dialog.table.setCurrentItem(dialog.table.topLevelItem(0))
    new = dialog.restore_selected()
    assert new is not None and new is not window
    qtbot.addWidget(new)
    boxes = _warnings(new)
    assert len(boxes) == 1
    assert "locked by another program" in boxes[0].text()
    assert "The project is unchanged." in boxes[0].text()
    boxes[0].close()
    assert new.store.get_article(window.article_id).status == status
    assert new.store.count_articles() > 0 and article in new.store.article_ids()
    _close(new)
