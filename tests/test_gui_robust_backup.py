"""Backups from the app: one when a project is opened and one when its window closes, each in
a process of its own (never in the GUI process: see ``annotator.gui.app``); a failing backup
is a status-bar message, never a refusal."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402

import pytest  # noqa: E402
from conftest_gui import isolate_settings, make_project  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core import backup  # noqa: E402
from annotator.gui.app import controller, wait_for_backups  # noqa: E402

pytestmark = pytest.mark.gui


def _open(qtbot, db):
    window = controller().open_project(db, ask_name=False)
    assert window is not None
    qtbot.addWidget(window)
    return window


def _settle() -> None:
    wait_for_backups(60)
    QApplication.processEvents()


def test_opening_backs_the_project_up_and_closing_asks_again(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    window = _open(qtbot, db)
    _settle()
    made = backup.list_backups(db)
    assert len(made) == 1
    backup.check_project_file(made[0].path)
    window.close()
    assert controller().backups[-1].arguments()[-1] == str(db)  # asked again at close
    _settle()
    window.session.close()
    assert len(backup.list_backups(db)) == 1  # a backup younger than 10 minutes is enough


def test_a_failing_backup_is_a_status_message_not_a_refusal(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    (tmp_path / "project.backups").write_text("a file where the backup folder goes")
    window = _open(qtbot, db)
    _settle()
    qtbot.waitUntil(lambda: "Backup of project.db failed" in window.statusBar().currentMessage())
    assert "backup folder" in window.statusBar().currentMessage()
    assert window.article_id is not None  # the project opened as usual
    window.close()
    _settle()
    window.session.close()


def test_a_backup_that_cannot_start_does_not_stop_the_app(qtbot, tmp_path, monkeypatch) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    window = _open(qtbot, db)
    qtbot.waitUntil(lambda: "cannot start" in window.statusBar().currentMessage())
    assert window.article_id is not None
    window.close()
    _settle()
    window.session.close()
