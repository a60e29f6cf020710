"""A large file imported from the app: the progress dialog counts its articles as worker
processes analyse them, then the list shows every article."""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import isolate_settings  # noqa: E402

from annotator.core.parallel import MIN_PARALLEL, WORKERS_VARIABLE  # noqa: E402
from annotator.core.scale import article_texts  # noqa: E402
from annotator.gui.import_export import ImportRunner  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui


def test_a_large_jsonl_shows_articles_analysed_and_imports_them_all(
    qtbot, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    isolate_settings(tmp_path)
    count = MIN_PARALLEL * 2
    source = tmp_path / "corpus.jsonl"
    source.write_text(
        "".join(json.dumps({"text": a.text}) + "\n" for a in article_texts(count, seed=21)),
        encoding="utf-8",
    )
    session = ProjectSession.open(tmp_path / "p.db", "tester")
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    runner = ImportRunner(str(session.path), [str(source)], win)
    recorder = _LabelRecorder(runner.dialog)
    runner.worker.analysis_progress.connect(recorder.record, type=_queued_after_dialog())
    labels = recorder.labels
    runner.start()
    report = runner.wait(timeout_ms=120_000)
    qtbot.waitUntil(lambda: len(recorder.counts) == len(labels) and bool(labels))
    assert not isinstance(report, str), report
    assert len(report.imported) == count
    assert any(label.startswith("Analysing corpus.jsonl: ") for label in labels), labels
    assert max(recorder.counts) == (count, count)  # every article was counted as analysed
    assert not runner.worker.cancelled and "Cancelling" not in runner.dialog.labelText()
    assert session.store.count_articles() == count
    win.close()
    session.close()


def _label_recorder_class():
    from PySide6.QtCore import QObject

    class LabelRecorder(QObject):
        """The dialog's label and the counts each time the worker reports, read in the GUI
        thread (a slot of an object living there; a lambda would run in the worker's
        thread). The label read may still be the previous report's: the counts tell how far
        the analysis got."""

        def __init__(self, dialog) -> None:
            super().__init__()
            self.dialog = dialog
            self.labels: list[str] = []
            self.counts: list[tuple[int, int]] = []

        def record(self, done: int, total: int, _current: str) -> None:
            self.labels.append(self.dialog.labelText())
            self.counts.append((done, total))

    return LabelRecorder


def _LabelRecorder(dialog):  # noqa: N802 - made like a class
    return _label_recorder_class()(dialog)


def _queued_after_dialog():
    """Queued, so it runs after the runner's own slot has set the label."""
    from PySide6.QtCore import Qt

    return Qt.ConnectionType.QueuedConnection


def test_cancel_while_a_large_file_is_analysed_stores_nothing_of_it(
    qtbot, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    isolate_settings(tmp_path)
    source = tmp_path / "corpus.jsonl"
    source.write_text(
        "".join(json.dumps({"text": a.text}) + "\n" for a in article_texts(600, seed=22)),
        encoding="utf-8",
    )
    session = ProjectSession.open(tmp_path / "p.db", "tester")
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    runner = ImportRunner(str(session.path), [str(source)], win)
    from PySide6.QtWidgets import QPushButton

    cancel = runner.dialog.findChild(QPushButton)
    # the user presses Cancel as soon as the first articles are analysed (the button lives in
    # this thread: the signal from the import thread is queued to it)
    runner.worker.analysis_progress.connect(cancel.click)
    runner.start()
    report = runner.wait(timeout_ms=120_000)
    assert not isinstance(report, str), report
    assert report.imported == ()
    assert session.store.count_articles() == 0
    win.close()
    session.close()
