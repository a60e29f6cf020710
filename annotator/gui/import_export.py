"""Importing (files, folders, JSONL, JSON exports) and exporting JSON from the GUI.

An import runs in a worker thread with its own Store connection (the main connection only
reads meanwhile; SQLite's WAL lets it), reports progress through the store's callback into a
cancellable QProgressDialog, and ends with a report listing refused files and why.

File ▸ Suggest quotes and claims on import (on by default, remembered in QSettings) chooses
whether imported articles get suggestions; off, they are stored without any (blind coding,
as `annotator import --no-suggestions`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import ImportReport
from annotator.core.store import Store, StoreError
from annotator.gui.labels import plain_label

IMPORT_FILTER = "Articles (*.txt *.jsonl *.json);;All files (*)"
SUGGEST_SETTING = "import/suggest"
WITHOUT_SUGGESTIONS = "without quote or claim suggestions"


def suggest_on_import() -> bool:
    """Whether imports suggest quotes and claims (the File menu's choice; default yes)."""
    return bool(QSettings().value(SUGGEST_SETTING, True, type=bool))


def set_suggest_on_import(suggest: bool) -> None:
    QSettings().setValue(SUGGEST_SETTING, suggest)


class _ImportWorker(QObject):
    progress = Signal(int, int, str)
    analysis_progress = Signal(int, int, str)  # articles analysed in the current file
    done = Signal(object)  # ImportReport or str (an error)

    def __init__(self, db_path: str, paths: list[str], suggest: bool = True) -> None:
        super().__init__()
        self.db_path = db_path
        self.paths = paths
        self.suggest = suggest
        self.cancelled = False

    def run(self) -> None:
        try:
            with Store.open(self.db_path) as store:
                report = store.import_paths(
                    self.paths,
                    suggest=self.suggest,
                    progress=self._progress,
                    analysis_progress=self._analysis_progress,
                )
        except StoreError as error:
            self.done.emit(str(error))
            return
        except Exception as error:  # noqa: BLE001 - report anything rather than die silently
            self.done.emit(f"import failed: {error}")
            return
        self.done.emit(report)

    def _progress(self, done: int, total: int, current: str) -> bool:
        self.progress.emit(done, total, current)
        return not self.cancelled

    def _analysis_progress(self, done: int, total: int, current: str) -> bool:
        """Cancel reaches a large file while it is analysed: nothing of it is stored."""
        self.analysis_progress.emit(done, total, current)
        return not self.cancelled


class ImportRunner(QObject):
    """Runs one import with a progress dialog; emits ``finished(ImportReport | str)``.
    Without ``suggest`` the articles are stored with no quote or claim suggestions."""

    finished = Signal(object)

    def __init__(
        self, db_path: str, paths: list[str], parent: QWidget | None = None, *,
        suggest: bool = True,
    ) -> None:
        super().__init__(parent)
        self.suggest = suggest
        self.dialog = QProgressDialog("Importing…", "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle("Import" if suggest else "Import without suggestions")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.thread = QThread(self)
        self.worker = _ImportWorker(db_path, paths, suggest)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.analysis_progress.connect(self._analysis_progress)
        self.worker.done.connect(self._done)
        self.dialog.canceled.connect(self._cancel)
        self.result: ImportReport | str | None = None

    def start(self) -> None:
        """Start importing (returns at once)."""
        self.thread.start()

    def wait(self, timeout_ms: int = 60_000) -> ImportReport | str | None:
        """Block until the import ends, processing events (tests, scripts)."""
        import time

        deadline = time.monotonic() + timeout_ms / 1000
        while self.result is None and time.monotonic() < deadline:
            QApplication.processEvents()
            self.thread.wait(10)
        QApplication.processEvents()
        return self.result

    def _progress(self, done: int, total: int, current: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        if current:
            self.dialog.setLabelText(f"Importing {Path(current).name} ({done + 1} of {total})")

    def _analysis_progress(self, done: int, total: int, current: str) -> None:
        """A large file: count its articles (analysed on every core) instead of files."""
        if total < 64 or self.worker.cancelled:
            return
        self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total - 1))  # the file still has to be stored
        self.dialog.setLabelText(f"Analysing {Path(current).name}: {done:,} of {total:,} articles")

    def _cancel(self) -> None:
        self.worker.cancelled = True
        self.dialog.setLabelText("Cancelling…")

    def _done(self, result: ImportReport | str) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.canceled.disconnect(self._cancel)  # closing a progress dialog cancels it
        self.dialog.close()
        self.result = result
        self.finished.emit(result)


class ImportReportDialog(QDialog):
    """What an import did: counts, then every refused file and why."""

    def __init__(
        self, report: ImportReport, parent: QWidget | None = None, *, suggested: bool = True
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        summary = (
            f"Imported {len(report.imported)} article(s)"
            f"{'' if suggested or not report.imported else ' ' + WITHOUT_SUGGESTIONS}; "
            f"{len(report.duplicates)} already in the project; "
            f"{len(report.refused)} file(s) refused."
        )
        summary_label = plain_label(summary, self)
        summary_label.setWordWrap(True)
        layout.addWidget(summary_label)
        if report.refused:
            table = QTableWidget(len(report.refused), 2, self)
            table.setObjectName("refusedTable")
            table.setHorizontalHeaderLabels(["File", "Why"])
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            for row, (path, why) in enumerate(report.refused):
                table.setItem(row, 0, QTableWidgetItem(path))
                table.setItem(row, 1, QTableWidgetItem(why))
            table.horizontalHeader().setStretchLastSection(True)
            table.resizeColumnToContents(0)
            layout.addWidget(table)
        if report.warnings:
            warn: QLabel = plain_label("Warnings:\n" + "\n".join(report.warnings[:20]), self)
            warn.setWordWrap(True)
            layout.addWidget(warn)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def ask_import_files(parent: QWidget) -> list[str]:
    """Ask for files to import."""
    files, _ = QFileDialog.getOpenFileNames(parent, "Import articles", "", IMPORT_FILTER)
    return files


def ask_import_folder(parent: QWidget) -> list[str]:
    """Ask for a folder to import."""
    folder = QFileDialog.getExistingDirectory(parent, "Import a folder of articles")
    return [folder] if folder else []


def export_json(store: Store, path: str, article_ids: list[int] | None = None) -> int:
    """Write the project (or chosen articles) as a JSON export; returns the article count."""
    from annotator.core.export_json import dumps, export_project

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        document = export_project(store, article_ids)
        Path(path).write_text(dumps(document), encoding="utf-8")
    finally:
        QApplication.restoreOverrideCursor()
    return len(document["articles"])
