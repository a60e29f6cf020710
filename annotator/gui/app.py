"""Starting the desktop app: ``run_app(db_path)`` (called by the CLI), projects and windows."""

from __future__ import annotations

import gc

# Loading the app (PySide6 and its Qt enums, the store, the window's modules) creates some
# 40,000 objects that live as long as the process; automatic collections over them while they
# load (about 50, 5-6 ms of the start-up) free nothing.  So collection waits until they are
# loaded, and when this is the process starting (no QApplication, so no window or Qt object
# yet) they are frozen: later collections never scan them again.
_COLLECTING = gc.isenabled()
gc.disable()
try:
    from annotator.gui import import_check

    import_check.install()  # first: every module loaded after is checked the faster way
    import contextlib
    import sys
    from collections.abc import Callable
    from pathlib import Path
    from typing import TYPE_CHECKING

    from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from annotator.core.store import StoreError, default_db_path
    from annotator.gui.labels import show_warning
    from annotator.gui.main_window import MainWindow, add_recent_project, settings
    from annotator.gui.session import ProjectSession

    if QCoreApplication.instance() is None:
        gc.freeze()
finally:
    if _COLLECTING:
        gc.enable()

if TYPE_CHECKING:  # the dialogs and backup processes come after the first window
    from PySide6.QtCore import QProcess

ORGANIZATION = "annotator"
APPLICATION = "annotator"
# The backup made when a project is opened, and its entry in the recent projects, wait this
# long after its window is shown: the backup process's start (a fork of this one, then a
# Python start-up) competes for the CPU with the window's first paint, and a settings write
# rewrites the settings file (tens of ms on some disks).  Closing the window, or
# ``wait_for_backups``, does them at once.
OPEN_BACKUP_DELAY_MS = 1000
# While a window stays open its project is backed up this often (when something changed:
# ``maybe_backup`` skips an unchanged project), so a long session is never a day unsaved.
PERIODIC_BACKUP_MS = 10 * 60 * 1000
WARM_UP_DELAY_MS = 150
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
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(
        parent, "Welcome to annotator",
        "Your name or initials (stored on every annotation you make):")
    name = text.strip() if ok else ""
    if name:
        settings().setValue("annotator/name", name)
    return name


# Run in a separate Python process: SQLite's POSIX locks belong to the whole process, and the
# backup module reads the project's header with plain file I/O; closing that file handle in
# this process would drop the locks of the window's own connection, letting another program
# checkpoint and delete the WAL under it (corruption).  A process of its own is also never
# slowed by, nor slows, the GUI thread.
_BACKUP_SCRIPT = """
import os
import sys
if hasattr(os, "nice"):  # a background task: the window's work goes first on a busy CPU
    try:
        os.nice(10)
    except OSError:
        pass
try:
    from annotator.core.backup import maybe_backup
except ImportError:
    sys.exit(0)
try:
    maybe_backup(sys.argv[1])
except Exception as error:
    print(str(error).splitlines()[0] if str(error) else type(error).__name__, file=sys.stderr)
    sys.exit(1)
"""


def backup_in_background(
    path: str | Path, on_failure: Callable[[str], None] | None = None,
    parent: QObject | None = None,
) -> QProcess:
    """``annotator.core.backup.maybe_backup(path)`` in a separate process, so opening or closing
    a large project never waits for it; a failure only reaches ``on_failure`` as one line
    (on the GUI thread).  Nothing happens without the backup module."""
    from PySide6.QtCore import QProcess

    project = Path(path).expanduser()
    program = sys.executable
    process = QProcess(parent)
    process.setProgram(program)
    process.setArguments(["-c", _BACKUP_SCRIPT, str(project)])
    process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)

    def finished(code: int, status: QProcess.ExitStatus) -> None:
        if on_failure is None or (code == 0 and status == QProcess.ExitStatus.NormalExit):
            return
        with contextlib.suppress(RuntimeError):  # the process object or the window is gone
            lines = bytes(process.readAllStandardError().data()).decode(
                "utf-8", "replace").strip().splitlines()
            reason = lines[-1] if lines else "the backup process stopped"
            on_failure(f"Backup of {project.name} failed: {reason}")

    def not_started(error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and on_failure is not None:
            with contextlib.suppress(RuntimeError):
                on_failure(f"Backup of {project.name} failed: cannot start {program}")

    process.finished.connect(finished)
    process.errorOccurred.connect(not_started)
    process.start()
    return process


def wait_for_backups(timeout_s: float = 300) -> None:
    """Let backups under way finish (at exit: a killed backup would leave a partial file);
    an opening backup still waiting for its delay is started first."""
    from PySide6.QtCore import QProcess

    controller().start_waiting_backups()
    for process in controller().backups:
        if process.state() != QProcess.ProcessState.NotRunning:
            process.waitForFinished(int(timeout_s * 1000))


class AppController(QObject):
    """Owns the open windows; File ▸ New/Open replace the window's project."""

    def __init__(self) -> None:
        super().__init__()
        self.windows: list[MainWindow] = []
        self.backups: list[QProcess] = []  # backup processes (run_app waits for them)
        # opened windows whose recent-projects entry and backup wait for OPEN_BACKUP_DELAY_MS
        self._waiting: dict[int, tuple[MainWindow, QTimer, str]] = {}

    def open_project(self, path: str | Path, replacing: MainWindow | None = None,
                     *, ask_name: bool = True) -> MainWindow | None:
        """Open a project file in a window (closing ``replacing``); None when refused."""
        try:  # the file first: a file that is no project is refused before any question
            session = ProjectSession.open(path)
        except StoreError as error:
            show_warning(replacing, "Open project", str(error), block=replacing is None)
            return None
        session.set_annotator(annotator_name(replacing, ask=ask_name))
        try:
            window = MainWindow(session)
        except StoreError as error:  # the file cannot be read where every window needs it
            session.close()
            show_warning(replacing, "Open project", str(error), block=replacing is None)
            return None
        self.windows.append(window)
        window.destroyed.connect(lambda _o=None, w=window: self._forget(w))
        if replacing is not None:
            window.restoreGeometry(replacing.saveGeometry())
            replacing.close()
            replacing.session.close()
        window.show()
        timer = QTimer(window)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda w=window: self._opened(w))
        self._waiting[id(window)] = (window, timer, str(Path(path).expanduser()))
        timer.start(OPEN_BACKUP_DELAY_MS)
        window.closing.connect(lambda w=window: self._backup(w))
        # The first write's modules load just after the first paint, not on the first key.
        QTimer.singleShot(WARM_UP_DELAY_MS, window, session.store.warm_up)
        periodic = QTimer(window)
        periodic.timeout.connect(lambda w=window: self._backup(w))
        periodic.start(PERIODIC_BACKUP_MS)
        return window

    def _opened(self, window: MainWindow) -> None:
        """Once the window is up: the project goes first in the recent projects, and is
        backed up."""
        waiting = self._waiting.pop(id(window), None)
        if waiting is None:
            return
        with contextlib.suppress(RuntimeError):  # the timer went with its window
            waiting[1].stop()
        add_recent_project(waiting[2])
        self._backup(window)

    def start_waiting_backups(self) -> None:
        """Do now what opened windows still wait for (recent projects entry, backup)."""
        for window, _timer, _path in list(self._waiting.values()):
            self._opened(window)

    def _backup(self, window: MainWindow) -> None:
        """Back the window's project up (at most every 10 minutes, only when it changed);
        a failure stays in the window's status bar, it never refuses anything."""
        if id(window) in self._waiting:  # closed before its opening backup: that one is this
            self._opened(window)
            return
        if window.session.path is None:
            return
        from PySide6.QtCore import QProcess

        for done in [p for p in self.backups if p.state() == QProcess.ProcessState.NotRunning]:
            self.backups.remove(done)
            done.deleteLater()
        self.backups.append(backup_in_background(window.session.path,
                                                 window.statusBar().showMessage, self))

    def _forget(self, window: MainWindow) -> None:
        self._waiting.pop(id(window), None)
        if window in self.windows:
            self.windows.remove(window)

    def new_project(self, parent: MainWindow | None = None) -> MainWindow | None:
        """File ▸ New: choose where the new project file goes."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(parent, "New project", "project.db",
                                              "Annotator projects (*.db)")
        if not path:
            return None
        if Path(path).exists():
            Path(path).unlink()
        return self.open_project(path, parent)

    def open_project_dialog(self, parent: MainWindow | None = None) -> MainWindow | None:
        """File ▸ Open."""
        from PySide6.QtWidgets import QFileDialog

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
    if bool(QSettings().value("view/dark", False, type=bool)):
        from annotator.gui.theme import dark_palette

        app.setPalette(dark_palette())
    window = controller().open_project(path)
    if window is None:
        return 1
    code = app.exec()
    for w in list(controller().windows):
        w.session.close()
    wait_for_backups()
    return code
