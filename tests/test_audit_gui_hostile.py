"""Audit: the nasty-file corpus imported through the app, not only the CLI.

The window's import (worker thread, own connection) must refuse each bad file with one line
naming it, list every refusal in the report dialog, store the good files whole, and every
stored article (1 MB line, right-to-left, combining marks, emoji, HTML) must open in the text
view with its text intact and take a tagging gesture, without an error.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import isolate_settings  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableWidget  # noqa: E402
from test_audit_cli import REFUSED, STORED  # noqa: E402

from annotator.gui.import_export import ImportReportDialog  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui
SKIP = {"fifty_mb.txt"}  # refused by size before it is read: tests/test_audit_cli.py has it


@pytest.fixture
def window(qtbot, tmp_path):
    isolate_settings(tmp_path)
    session = ProjectSession.open(tmp_path / "project.db", "tester")
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    win.close()
    session.close()


def test_the_nasty_corpus_through_the_window(qtbot, window, tmp_path) -> None:
    folder = tmp_path / "nasty"
    folder.mkdir()
    refused_names = sorted(n for n in REFUSED if n not in SKIP and not n.endswith(".json"))
    for name in refused_names:
        REFUSED[name][0](folder / name)
    for name, (data, _) in STORED.items():
        (folder / name).write_bytes(data)
    runner = window.import_paths([str(folder)], show_report=False)
    report = runner.wait()
    assert not isinstance(report, str), report
    refused = dict(report.refused)
    for name in refused_names:
        (reason,) = [why for path, why in refused.items() if path.endswith(os.sep + name)]
        assert "\n" not in reason and reason.strip(), (name, reason)
    assert len(report.refused) == len(refused_names), sorted(refused)
    assert len(report.imported) == len(STORED)

    dialog = ImportReportDialog(report, window)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget, "refusedTable")
    assert table is not None and table.rowCount() == len(refused_names)
    listed = {table.item(r, 0).text() for r in range(table.rowCount())}
    assert all(any(path.endswith(name) for path in listed) for name in refused_names)

    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    store = window.store
    view = window.article_view
    for article_id in store.article_ids():
        article = store.get_article(article_id)
        assert window.open_article(article_id)
        QApplication.processEvents()
        assert view.toPlainText() == article.text, article.source
        expected = STORED[os.path.basename(article.source)][1]
        if expected is not None:
            assert article.text == expected
        view.setFocus()
        before = window.session.undo_stack.count()
        qtbot.keyClick(view, Qt.Key.Key_J)
        qtbot.keyClick(view, Qt.Key.Key_1)  # a claim on the current sentence
        QApplication.processEvents()
        message = window.statusBar().currentMessage()
        assert "Traceback" not in message and "error" not in message.lower(), message
        assert window.session.undo_stack.count() == before + 1, (article.source, message)
        for a in store.annotations(article_id, statuses=("accepted", "suggested")):
            assert a.text == article.text[a.start : a.end]
