"""Killing the app (SIGKILL) right after tagging loses nothing that was on screen."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest_gui import make_project

from annotator.core.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]

DRIVER = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication, QSettings, Qt
    from PySide6.QtTest import QTest
    from annotator.gui.app import controller, ensure_application

    db, settings_dir = sys.argv[1], sys.argv[2]
    app = ensure_application(["annotator"])
    QCoreApplication.setOrganizationName("annotator-kill-test")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    QSettings().setValue("annotator/name", "killer")
    window = controller().open_project(db)
    window.activateWindow()
    app.processEvents()
    view = window.article_view
    view.setFocus()
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_J)
    QTest.keyClick(view, Qt.Key.Key_Q)
    app.processEvents()
    QTest.keyClicks(window.tagger.picker.name_edit, "Saksi Mata")
    QTest.keyClick(window.tagger.picker.name_edit, Qt.Key.Key_Return)
    app.processEvents()
    QTest.keyClick(view, Qt.Key.Key_1)
    app.processEvents()
    shown = sorted((a.kind, a.start, a.end) for a in view.annotations.values()
                   if a.status == "accepted")
    print("TAGGED", shown, flush=True)
    sys.exit(app.exec())
    """
)


def test_sigkill_after_tagging_keeps_the_annotations(tmp_path) -> None:
    db = make_project(tmp_path)
    import annotator

    root = str(Path(annotator.__file__).resolve().parent.parent)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(db), str(tmp_path / "settings")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.startswith("TAGGED") or proc.poll() is not None:
                break
        assert line.startswith("TAGGED"), proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    shown = eval(line[len("TAGGED"):].strip())  # noqa: S307 - our own repr of tuples
    assert len(shown) == 2
    with Store.open(db) as store:
        article_id = store.article_ids()[0]
        stored = sorted((a.kind, a.start, a.end) for a in store.annotations(
            article_id, statuses=("accepted",)))
        assert stored == shown
        quote = next(a for a in store.annotations(article_id) if a.kind == "quote"
                     and a.status == "accepted")
        assert quote.speaker_name == "Saksi Mata" and quote.annotator == "killer"
