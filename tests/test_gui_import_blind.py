"""Blind coding from the app: File ▸ Suggest quotes and claims on import, unchecked, stores
imported articles without suggestions (as `annotator import --no-suggestions`); the choice is
remembered across sessions and the status bar says when an import made no suggestions."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import isolate_settings  # noqa: E402
from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QAction, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu  # noqa: E402

from annotator.gui.import_export import SUGGEST_SETTING, ImportReportDialog  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402
from annotator.paths import samples_dir  # noqa: E402

pytestmark = pytest.mark.gui

SAMPLE = samples_dir() / "en" / "21_uk_inflation_food.txt"
OTHER = samples_dir() / "en" / "23_millbrook_council_budget.txt"


def _window(qtbot, db: Path) -> MainWindow:
    win = MainWindow(ProjectSession.open(db, "tester"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _close(win: MainWindow) -> None:
    win.close()
    win.session.close()


def _file_menu(win: MainWindow) -> QMenu:
    menu = win.menuBar().actions()[0].menu()
    assert menu.title() == "&File"
    return menu


def _open_file_menu(qtbot, win: MainWindow) -> QMenu:
    """Open the File menu as a click on it does (the check mark shows the setting)."""
    menu = _file_menu(win)
    bar = win.menuBar()
    menu.popup(bar.mapToGlobal(bar.actionGeometry(bar.actions()[0]).bottomLeft()))
    qtbot.waitUntil(menu.isVisible)
    return menu


def _suggest_action(win: MainWindow) -> QAction:
    (action,) = [a for a in _file_menu(win).actions()
                 if a.text() == "Su&ggest quotes and claims on import"]
    return action


def _import_files(qtbot, win: MainWindow, monkeypatch, path: Path):
    """File ▸ Import files…, choosing `path` in the file dialog."""
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args, **kwargs: ([str(path)], "")))
    win.actions_by_name["import_files"].trigger()
    assert win.runner is not None
    report = win.runner.wait(timeout_ms=120_000)
    assert not isinstance(report, str), report
    assert len(report.imported) == 1, report
    return report


def _suggestions(db: Path, article_id: int) -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(
            "SELECT count(*) FROM annotations WHERE article_id = ? AND status = 'suggested'",
            (article_id,),
        ).fetchone()[0]
    finally:
        connection.close()


def _save_menu_screenshot(win: MainWindow, menu: QMenu, target: Path) -> None:
    """The window with its File menu drawn where it opened (offscreen, popups are apart)."""
    shot: QPixmap = win.grab()
    painter = QPainter(shot)
    painter.drawPixmap(win.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    assert shot.save(str(target))


def test_unchecked_imports_store_no_suggestions_and_the_choice_is_remembered(
    qtbot, tmp_path, monkeypatch
) -> None:
    isolate_settings(tmp_path)
    db = tmp_path / "p.db"
    win = _window(qtbot, db)
    action = _suggest_action(win)
    assert action.isCheckable()

    menu = _open_file_menu(qtbot, win)
    assert action.isChecked() and action.isVisible()  # suggestions by default
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())  # the click closes the menu
    assert not action.isChecked()
    assert QSettings().value(SUGGEST_SETTING, type=bool) is False

    report = _import_files(qtbot, win, monkeypatch, SAMPLE)
    assert _suggestions(db, report.imported[0]) == 0
    assert win.statusBar().currentMessage() == (
        "Imported 1 article(s) without quote or claim suggestions"
    )
    # the article opened with its sentences, nothing to accept
    assert win.article_id == report.imported[0] and win.article_view.sentences
    assert win.article_list.model.rowCount() == 1

    menu = _open_file_menu(qtbot, win)
    assert not action.isChecked()
    _save_menu_screenshot(win, menu, tmp_path / "menu_no_suggestions.png")
    menu.hide()
    _close(win)

    # a new session: the choice holds, both in the menu and in what an import does
    win = _window(qtbot, db)
    action = _suggest_action(win)
    menu = _open_file_menu(qtbot, win)
    assert not action.isChecked()
    menu.hide()
    report = _import_files(qtbot, win, monkeypatch, OTHER)
    assert _suggestions(db, report.imported[0]) == 0

    # checked again: imports suggest once more
    _open_file_menu(qtbot, win)
    action.trigger()
    _file_menu(win).hide()
    assert action.isChecked()
    assert QSettings().value(SUGGEST_SETTING, type=bool) is True
    third = samples_dir() / "en" / "22_senate_broadband_bill.txt"
    report = _import_files(qtbot, win, monkeypatch, third)
    assert _suggestions(db, report.imported[0]) > 0
    assert win.statusBar().currentMessage() == "Imported 1 article(s)"
    _close(win)


def test_triggered_before_the_menu_ever_opened_it_still_flips_the_stored_choice(
    qtbot, tmp_path, monkeypatch
) -> None:
    """The window reads the setting only when the menu opens or an import starts; a trigger
    from elsewhere (a keyboard shortcut added later, accessibility tools) flips the stored
    choice, never the possibly stale check mark."""
    isolate_settings(tmp_path)
    QSettings().setValue(SUGGEST_SETTING, False)
    db = tmp_path / "p.db"
    win = _window(qtbot, db)
    action = _suggest_action(win)
    action.trigger()
    assert action.isChecked()
    assert QSettings().value(SUGGEST_SETTING, type=bool) is True
    report = _import_files(qtbot, win, monkeypatch, SAMPLE)
    assert _suggestions(db, report.imported[0]) > 0
    _close(win)


def test_the_samples_button_follows_the_choice(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    QSettings().setValue(SUGGEST_SETTING, False)
    db = tmp_path / "p.db"
    win = _window(qtbot, db)
    win.import_samples()
    report = win.runner.wait(timeout_ms=120_000)
    assert len(report.imported) > 10
    assert sum(_suggestions(db, i) for i in report.imported) == 0
    assert not _suggest_action(win).isChecked()  # the import showed the choice it used
    _close(win)


def test_the_report_says_when_articles_were_imported_without_suggestions(
    qtbot, tmp_path
) -> None:
    isolate_settings(tmp_path)
    win = _window(qtbot, tmp_path / "p.db")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    runner = win.import_paths([str(folder)], suggest=False)
    report = runner.wait(timeout_ms=120_000)
    assert len(report.imported) == 1 and report.refused
    dialogs = win.findChildren(ImportReportDialog)
    assert len(dialogs) == 1
    summary = dialogs[0].findChildren(QLabel)[0].text()
    assert summary.startswith("Imported 1 article(s) without quote or claim suggestions; ")
    dialogs[0].close()
    plain = ImportReportDialog(report, win)
    assert not plain.findChildren(QLabel)[0].text().startswith(
        "Imported 1 article(s) without"
    )
    _close(win)
