"""Projects from the GUI: the empty-project offer, imports with a report, cancelling,
exporting JSON, and the layout and last article remembered between runs."""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QTableWidget  # noqa: E402

from annotator.core.store import Store  # noqa: E402
from annotator.gui.import_export import ImportReportDialog, export_json  # noqa: E402
from annotator.gui.main_window import MainWindow, add_recent_project, recent_projects  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui


def _window(qtbot, db) -> MainWindow:
    session = ProjectSession.open(db, "tester")
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    return win


def test_empty_project_offers_the_samples(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    win = _window(qtbot, tmp_path / "empty.db")
    panel = win.article_list
    assert panel.offer.isVisible()
    assert win.article_id is None and not win.article_view.isVisible()
    qtbot.mouseClick(panel.samples_button, Qt.MouseButton.LeftButton)
    assert win.runner is not None
    report = win.runner.wait()
    assert report.imported and not report.refused
    assert not panel.offer.isVisible()
    assert panel.model.rowCount() == len(report.imported)
    assert win.article_id == report.imported[0]  # a real article at once
    assert win.article_view.isVisible() and win.article_view.sentences
    win.close()
    win.session.close()


def test_import_reports_refused_files(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    win = _window(qtbot, tmp_path / "p.db")
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("Judul\n\nMenteri mengatakan harga turun. \"Kami siap,\" katanya.\n",
                    encoding="utf-8")
    (tmp_path / "in" / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    runner = win.import_paths([str(tmp_path / "in")], show_report=False)
    report = runner.wait()
    assert len(report.imported) == 1
    refused = dict(report.refused)
    assert any(p.endswith("bad.jsonl") for p in refused)
    dialog = ImportReportDialog(report, win)
    table = dialog.findChild(QTableWidget, "refusedTable")
    assert table is not None and table.rowCount() == len(report.refused)
    assert any(table.item(r, 0).text().endswith("bad.jsonl") for r in range(table.rowCount()))
    assert all(table.item(r, 1).text() for r in range(table.rowCount()))
    win.close()
    win.session.close()


def test_import_can_be_cancelled(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    win = _window(qtbot, tmp_path / "p.db")
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"Berita {i}. Isi {i} katanya.", encoding="utf-8")
    from annotator.gui.import_export import ImportRunner

    runner = ImportRunner(str(win.session.path), [str(folder)], win)
    runner.worker.cancelled = True  # as if Cancel was pressed before the first file
    runner.start()
    report = runner.wait()
    assert report.imported == ()
    with Store.open(win.session.path) as store:
        assert store.count_articles() == 0
    win.close()
    win.session.close()


def test_export_json(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    win = _window(qtbot, db)
    out = tmp_path / "out.json"
    count = export_json(win.store, str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert count == len(document["articles"]) == win.store.count_articles()
    win.close()
    win.session.close()


def test_layout_zoom_and_last_article_are_remembered(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    win = _window(qtbot, db)
    second = win.article_list.model.article_id(2)
    win.open_article(second)
    win.article_view.set_current_sentence(4)
    win.article_view.zoom(2)
    win.speakers_dock.hide()
    win.close()
    win.session.close()
    again = _window(qtbot, db)
    assert again.article_id == second
    assert again.article_view.current_index == 4
    assert again.article_view.zoom_steps == 2
    assert not again.speakers_dock.isVisible()
    again.close()
    again.session.close()


def test_recent_projects(tmp_path) -> None:
    isolate_settings(tmp_path)
    add_recent_project("/a.db")
    add_recent_project("/b.db")
    add_recent_project("/a.db")
    assert recent_projects() == ["/a.db", "/b.db"]


def test_zoom_and_shortcut_sheet(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    win = _window(qtbot, make_project(tmp_path))
    size = win.article_view.font().pointSizeF()
    win.actions_by_name["zoom_in"].trigger()
    assert win.article_view.font().pointSizeF() > size
    win.actions_by_name["zoom_reset"].trigger()
    assert win.article_view.font().pointSizeF() == pytest.approx(size)
    win.actions_by_name["shortcuts"].trigger()
    from annotator.gui.shortcuts import ShortcutSheet

    assert win.findChild(ShortcutSheet) is not None
    win.close()
    win.session.close()


def test_a_file_that_is_not_a_project_is_refused(tmp_path, monkeypatch, qapp) -> None:
    from annotator.gui import app as app_module

    isolate_settings(tmp_path)
    bad = tmp_path / "notes.db"
    bad.write_text("just some text, not SQLite", encoding="utf-8")
    shown = []
    monkeypatch.setattr(app_module, "show_warning",
                        lambda parent, title, text, block=False: shown.append((text, block)))
    assert app_module.controller().open_project(bad) is None
    assert shown and shown[0][1] is True and "notes.db" in shown[0][0]
    assert app_module.run_app(str(bad)) == 1


def test_add_panel_is_toggled_from_the_view_menu(qtbot, tmp_path) -> None:
    from PySide6.QtWidgets import QLabel

    isolate_settings(tmp_path)
    win = _window(qtbot, make_project(tmp_path, samples=False))
    dock = win.add_panel("Team", "teamDock", QLabel("team"), tab_with=win.annotations_dock)
    assert dock.toggleViewAction() in win.view_menu.actions()
    win.close()
    win.session.close()


def test_search_and_status_filter_in_the_list(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    win = _window(qtbot, make_project(tmp_path))
    panel = win.article_list
    total = panel.model.rowCount()
    panel.search.setText("Majalengka")
    qtbot.waitUntil(lambda: panel.model.rowCount() < total)
    titles = [panel.model.data(panel.model.index(r, 0)) for r in range(panel.model.rowCount())]
    assert titles and any("MAJALENGKA" in t.upper() for t in titles)
    panel.search.setText("")
    qtbot.waitUntil(lambda: panel.model.rowCount() == total)
    win.toggle_done()
    panel.status.setCurrentIndex(panel.status.findData("done"))
    assert panel.model.rowCount() == 1 and panel.model.article_id(0) == win.article_id
    win.close()
    win.session.close()
