"""File ▸ Backups…: see the project's automatic backups, make one now, restore one.

Everything goes through ``annotator.core.backup`` (the GUI runs no SQL).  A restore releases
the project first (the window's store connection is closed), lets
``annotator.core.backup.restore_backup`` save the current state as a backup and copy the chosen
one in, then opens the project again in a window that replaces the old one, so what is shown
is what the file holds.  A backup that fails its check is refused before anything is closed;
a restore refused later (e.g. the project is locked by another program) leaves the file as it
was, the project is opened again and one message says why.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core import backup as core_backup
from annotator.core.backup import BackupError, BackupInfo
from annotator.gui.labels import plain_label, show_warning

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

TITLE = "Backups"
COLUMNS = ("Made", "Size", "Articles", "Annotations")


def local_time(moment: datetime.datetime) -> str:
    """A backup's creation time in the computer's time zone, to the second."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def age(moment: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """How long ago, in words short enough for a table cell."""
    seconds = ((now or datetime.datetime.now(datetime.UTC)) - moment).total_seconds()
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h ago"
    return f"{hours // 24} days ago"


def file_size(size: int) -> str:
    """Bytes for people: 812 KB, 3.4 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    if size < 1024**3:
        return f"{size / 1024**2:.1f} MB"
    return f"{size / 1024**3:.2f} GB"


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A plain-text Yes/Cancel question (tests replace this function)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, "",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText("Restore")
    return box.exec() == QMessageBox.StandardButton.Yes


class BackupsDialog(QDialog):
    """The backups of the window's project, newest first, with Back up now / Restore…"""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main_window = window
        self.project = Path(window.session.path) if window.session.path else None
        self.folder = core_backup.backup_folder(self.project) if self.project else None
        self.backups: list[BackupInfo] = []
        self.setWindowTitle(TITLE)
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        name = self.project.name if self.project else "this project"
        self.intro = plain_label(
            f"Backups of {name} are made when it is opened and closed, and every 10 minutes "
            f"while it changes; the newest {core_backup.DEFAULT_KEEP} are kept. Restoring one "
            "first saves the current state as a backup, so a restore can itself be undone.",
            self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        folder_row = QHBoxLayout()
        folder_row.addWidget(plain_label("Folder:", self))
        self.folder_label = plain_label(str(self.folder) if self.folder else "(none)", self)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        folder_row.addWidget(self.folder_label, 1)
        layout.addLayout(folder_row)

        self.table = QTreeWidget(self)
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        numbers = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        metrics = self.table.fontMetrics()
        for column in range(1, len(COLUMNS)):  # numbers: right-aligned with room either side
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            widest = max(metrics.horizontalAdvance(COLUMNS[column]),
                         metrics.horizontalAdvance("999.9 MB" if column == 1 else "99999"))
            header.resizeSection(column, widest + 28)
            self.table.headerItem().setTextAlignment(column, numbers)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        layout.addWidget(self.table, 1)
        self.empty_label = plain_label("No backups yet. “Back up now” makes one.", self)
        self.empty_label.setEnabled(False)
        layout.addWidget(self.empty_label)
        self.status = plain_label("", self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        self.backup_button = QPushButton("&Back up now", self)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("&Restore…", self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton("&Open folder", self)
        self.folder_button.clicked.connect(self.open_folder)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        for button in (self.backup_button, self.restore_button, self.folder_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.backup_button.setEnabled(self.project is not None)
        self.resize(640, 400)
        self.reload()

    # -- the list ---------------------------------------------------------------------------
    def reload(self, select: Path | None = None) -> None:
        """Read the backup folder again (newest first); select ``select`` if listed."""
        self.backups = (
            list(reversed(core_backup.list_backups(self.project))) if self.project else []
        )
        self.table.clear()
        now = datetime.datetime.now(datetime.UTC)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for info in self.backups:
            counts = core_backup.backup_counts(info.path)
            item = QTreeWidgetItem([
                f"{local_time(info.created)}   ({age(info.created, now)})",
                file_size(info.size),
                str(counts.articles) if counts else "?",
                str(counts.annotations) if counts else "?",
            ])
            item.setToolTip(0, str(info.path))
            if counts is None:
                item.setToolTip(2, "This file cannot be read as a project")
            for column in range(1, len(COLUMNS)):
                item.setTextAlignment(column, right)
            self.table.addTopLevelItem(item)
            if select is not None and info.path == select:
                self.table.setCurrentItem(item)
        self.table.setVisible(bool(self.backups))
        self.empty_label.setVisible(not self.backups)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        """The backup chosen in the list."""
        items = self.table.selectedItems()
        if not items:
            return None
        row = self.table.indexOfTopLevelItem(items[0])
        return self.backups[row] if 0 <= row < len(self.backups) else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)
        self.folder_button.setEnabled(self.folder is not None and self.folder.is_dir())

    # -- the buttons ------------------------------------------------------------------------
    def back_up_now(self) -> Path | None:
        """Back the project up now through the window's own connection (a consistent
        snapshot; the store commits every change at once, so none is half written)."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            made = core_backup.backup_project(self.main_window.session.store)
        except BackupError as error:
            QGuiApplication.restoreOverrideCursor()
            show_warning(self, "Back up now", str(error))
            return None
        QGuiApplication.restoreOverrideCursor()
        self.reload(select=made)
        self.status.setText(f"Backed up to {made.name}")
        return made

    def open_folder(self) -> None:
        """Show the backup folder in the file manager."""
        if self.folder is not None and self.folder.is_dir():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    def restore_selected(self) -> MainWindow | None:
        """Ask, then replace the project with the chosen backup and show it again."""
        info = self.selected()
        if info is None or self.project is None:
            return None
        when = local_time(info.created)
        question = (
            f"Restore {self.project.name} to the backup of {when}?\n\n"
            "Everything changed since then is replaced. The current state is saved as a "
            "backup first, so it can be restored again from this list.")
        if not ask(self, "Restore backup", question):
            return None
        try:
            # Checked while the project is still open: a damaged backup changes nothing.
            if self.main_window.session.waiting:
                raise BackupError(
                    "changes are still waiting for another program to release the project; "
                    "wait until they are saved (or discard them) and try again")
            core_backup.check_project_file(info.path)
        except BackupError as error:
            show_warning(self, "Restore backup", f"Not restored: {error}")
            return None
        self.accept()
        return restore_into_window(self.main_window, info)


def restore_into_window(window: MainWindow, info: BackupInfo) -> MainWindow | None:
    """Release the window's project, restore ``info`` into it and open it again in a window
    that replaces ``window``.  Returns that window (None if the project could not be opened
    again: ``open_project`` has said why).  A refused restore is one warning on the new
    window; the file is then as it was."""
    from annotator.gui.app import controller

    session = window.session
    project = Path(session.path) if session.path else None
    if project is None:
        return None
    annotator = session.annotator
    when = local_time(info.created)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        session.close()  # the store's connection goes: nothing of this process holds the file
        try:
            saved = core_backup.restore_backup(info.path, project)
            failure = None
        except BackupError as error:
            saved, failure = None, str(error)
        except OSError as error:  # e.g. the backup folder cannot be written
            saved, failure = None, f"{project}: {error.strerror or error}"
        reopened = controller().open_project(project, replacing=window, ask_name=False)
    finally:
        QGuiApplication.restoreOverrideCursor()
    if reopened is None:
        return None
    reopened.session.set_annotator(annotator)
    if failure is not None:
        show_warning(reopened, "Restore backup",
                     f"Not restored: {failure}\n\nThe project is unchanged.")
    else:
        kept = f"; the state before is saved as backup {saved.name}" if saved else ""
        reopened.show_message(f"Restored the backup of {when}{kept}", 15000)
    return reopened


def open_backups_dialog(window: MainWindow) -> BackupsDialog:
    """File ▸ Backups…: the dialog, window-modal, one per window."""
    for existing in window.findChildren(BackupsDialog):
        if existing.isVisible():
            existing.reload()
            existing.raise_()
            existing.activateWindow()
            return existing
    dialog = BackupsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

