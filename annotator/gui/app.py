"""Starting the desktop app: ``run_app(db_path)`` (called by the CLI), projects and windows."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QWidget

from annotator.core.store import StoreError, default_db_path
from annotator.gui.main_window import MainWindow, add_recent_project, settings
from annotator.gui.pickers import show_warning
from annotator.gui.session import ProjectSession

ORGANIZATION = "annotator"
APPLICATION = "annotator"
_controller: AppController | None = None


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once, with the organization names QSettings needs)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(ORGANIZATION)
    if not QCoreApplication.applicationName():
        QCoreApplication.setApplicationName(APPLICATION)
    return app  # type: ignore[return-value]


def annotator_name(parent: QWidget | None = None, *, ask: bool = True) -> str:
    """The annotator's name from QSettings; asked once (a dialog) on first run."""
    name = str(settings().value("annotator/name", "") or "").strip()
    if name or not ask:
        return name
    text, ok = QInputDialog.getText(
        parent, "Welcome to annotator",
        "Your name or initials (stored on every annotation you make):")
    name = text.strip() if ok else ""
    if name:
        settings().setValue("annotator/name", name)
    return name


class _BackupNews(QObject):
    """Carries a backup thread's failure to the GUI thread (a queued signal)."""

    failed = Signal(str)


def backup_in_background(
    path: str | Path, on_failure: Callable[[str], None] | None = None
) -> threading.Thread | None:
    """``annotator.core.backup.maybe_backup(path)`` in a worker thread, so opening or closing a
    large project never waits for it; a failure only reaches ``on_failure`` (one line, on the
    GUI thread).  The thread is not a daemon: a backup under way finishes before the process
    exits.  None when there is no backup module (or nothing to back up)."""
    try:
        from annotator.core.backup import maybe_backup
    except ImportError:
        return None
    project = Path(path).expanduser()
    news = _BackupNews()
    if on_failure is not None:
        news.failed.connect(on_failure, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            maybe_backup(project)
        except Exception as error:  # noqa: BLE001 - a backup never breaks the app
            news.failed.emit(f"Backup of {project.name} failed: {error}")

    thread = threading.Thread(target=work, name=f"backup {project.name}")
    thread.news = news  # type: ignore[attr-defined] - keeps the QObject alive with the thread
    thread.start()
    return thread


class AppController(QObject):
    """Owns the open windows; File ▸ New/Open replace the window's project."""

    def __init__(self) -> None:
        super().__init__()
        self.windows: list[MainWindow] = []
        self.backups: list[threading.Thread] = []  # backups under way (tests wait on them)

    def open_project(self, path: str | Path, replacing: MainWindow | None = None,
                     *, ask_name: bool = True) -> MainWindow | None:
        """Open a project file in a window (closing ``replacing``); None when refused."""
        try:
            session = ProjectSession.open(path, annotator_name(replacing, ask=ask_name))
        except StoreError as error:
            show_warning(replacing, "Open project", str(error), block=replacing is None)
            return None
        window = MainWindow(session)
        self.windows.append(window)
        window.destroyed.connect(lambda _o=None, w=window: self._forget(w))
        add_recent_project(str(Path(path).expanduser()))
        if replacing is not None:
            window.restoreGeometry(replacing.saveGeometry())
            replacing.close()
            replacing.session.close()
        window.show()
        self._backup(window)
        window.closing.connect(lambda w=window: self._backup(w))
        return window

    def _backup(self, window: MainWindow) -> None:
        """Back the window's project up (at most every 10 minutes, only when it changed);
        a failure stays in the window's status bar, it never refuses anything."""
        if window.session.path is None:
            return
        thread = backup_in_background(window.session.path, window.statusBar().showMessage)
        self.backups = [t for t in self.backups if t.is_alive()]
        if thread is not None:
            self.backups.append(thread)

    def _forget(self, window: MainWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def new_project(self, parent: MainWindow | None = None) -> MainWindow | None:
        """File ▸ New: choose where the new project file goes."""
        path, _ = QFileDialog.getSaveFileName(parent, "New project", "project.db",
                                              "Annotator projects (*.db)")
        if not path:
            return None
        if Path(path).exists():
            Path(path).unlink()
        return self.open_project(path, parent)

    def open_project_dialog(self, parent: MainWindow | None = None) -> MainWindow | None:
        """File ▸ Open."""
        path, _ = QFileDialog.getOpenFileName(parent, "Open project", "",
                                              "Annotator projects (*.db);;All files (*)")
        return self.open_project(path, parent) if path else None


def controller() -> AppController:
    """The process-wide controller."""
    global _controller
    if _controller is None:
        _controller = AppController()
    return _controller


def run_app(db_path: str | None) -> int:
    """Open the main window on ``db_path`` (None: the default project) and run the app."""
    app = ensure_application()
    path = Path(db_path).expanduser() if db_path else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if bool(QSettings().value("view/dark", False, type=bool)):
        from annotator.gui.theme import dark_palette

        app.setPalette(dark_palette())
    window = controller().open_project(path)
    if window is None:
        return 1
    code = app.exec()
    for w in list(controller().windows):
        w.session.close()
    return code
