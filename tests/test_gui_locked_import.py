"""A real ``annotator import`` in another process while the user tags in the window: no key
press keeps the main thread busy for the import's write lock, every change the user made is
in the file once the import is over (exactly once), and the screen and the undo stack match."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402
from conftest_gui import ANNOTATOR, isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from test_gui_robust_checks import check_project, write_import_file  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui
NO_FREEZE_S = 1.5  # generous: a gesture must not wait out the busy timeout (5 s)


def test_tagging_during_a_cli_import_never_freezes_and_loses_nothing(qtbot, tmp_path):
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    big = tmp_path / "big.jsonl"
    titles = write_import_file(big, 300, 4242)
    session = ProjectSession.open(db, ANNOTATOR)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.article_view
    view.setFocus()
    cli = subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", "--db", str(db), str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    slowest, presses = 0.0, 0
    keys = [Qt.Key.Key_J, Qt.Key.Key_1, Qt.Key.Key_N, Qt.Key.Key_A]
    try:
        while cli.poll() is None and presses < 400:
            for key in keys:
                view.setFocus()
                started = time.perf_counter()
                qtbot.keyClick(view, key)
                QApplication.processEvents()
                slowest = max(slowest, time.perf_counter() - started)
                presses += 1
            if window.article_view.current_index >= len(view.sentences) - 1:
                window.step_article(1)
        out, err = cli.communicate(timeout=120)
    finally:
        if cli.poll() is None:
            cli.kill()
    assert cli.returncode == 0, err
    assert "imported 300" in out
    assert slowest < NO_FREEZE_S, slowest
    qtbot.waitUntil(lambda: not session.waiting, timeout=10000)
    assert not window.lock_bar.isVisible()
    window.flush()
    shown = {a.id for a in view.annotations.values() if a.annotator == ANNOTATOR}
    check_project(db, shown, {big.name: titles})
    conn = sqlite3.connect(str(db))
    try:
        mine = conn.execute(
            "SELECT count(*) FROM annotations WHERE annotator = ? AND status = 'accepted'",
            [ANNOTATOR],
        ).fetchone()[0]
    finally:
        conn.close()
    # each undo step made one annotation of ours: every change is stored, exactly once
    assert session.undo_stack.count() == mine > 0
    window.close()
    session.close()
