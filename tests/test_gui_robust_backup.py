"""Backups from the app: one when a project is opened and when its window closes, in a worker
thread; a failing (or missing) backup module is a status-bar message, never a refusal."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402

import pytest  # noqa: E402
from conftest_gui import isolate_settings, make_project  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core import backup  # noqa: E402
from annotator.gui.app import controller  # noqa: E402

pytestmark = pytest.mark.gui


def _wait_backups(qtbot) -> None:
    for thread in list(controller().backups):
        thread.join(60)
    QApplication.processEvents()


def _open(qtbot, db):
    window = controller().open_project(db, ask_name=False)
    assert window is not None
    qtbot.addWidget(window)
    return window


def test_opening_backs_the_project_up_and_closing_asks_again(qtbot, tmp_path, monkeypatch):
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    window = _open(qtbot, db)
    _wait_backups(qtbot)
    made = backup.list_backups(db)
    assert len(made) == 1
    backup.check_project_file(made[0].path)
    calls = []
    monkeypatch.setattr(backup, "maybe_backup", lambda path, *a, **k: calls.append(path))
    window.close()
    _wait_backups(qtbot)
    window.session.close()
    assert calls == [db]


def test_a_failing_backup_is_a_status_message_not_a_refusal(qtbot, tmp_path, monkeypatch):
    isolate_settings(tmp_path)
    db = make_project(tmp_path)

    def refuse(path, *args, **kwargs):
        raise backup.BackupError(f"{path}: the disk is full; nothing was changed")

    monkeypatch.setattr(backup, "maybe_backup", refuse)
    window = _open(qtbot, db)
    _wait_backups(qtbot)
    qtbot.waitUntil(lambda: "Backup of project.db failed" in window.statusBar().currentMessage())
    assert "disk is full" in window.statusBar().currentMessage()
    assert window.article_id is not None  # the project opened as usual
    window.close()
    _wait_backups(qtbot)
    window.session.close()


def test_without_the_backup_module_the_app_still_opens(qtbot, tmp_path, monkeypatch):
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    monkeypatch.setitem(sys.modules, "annotator.core.backup", None)  # import fails
    window = _open(qtbot, db)
    _wait_backups(qtbot)
    assert window.article_id is not None
    assert not (tmp_path / "project.backups").exists()
    window.close()
    window.session.close()
