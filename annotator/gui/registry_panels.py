"""The speakers panel (registry, rename, merge) and the taxonomy editor (add, rename, recolor,
reorder, digit keys).  Both write through undo commands on the session."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.store import StoreError
from annotator.gui import commands as cmd
from annotator.gui.icons import set_icon
from annotator.gui.labels import show_warning
from annotator.gui.models import ID_ROLE, SpeakersModel, TaxonomyModel
from annotator.gui.session import ProjectSession


def _button(text: str, icon_name: str | None, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setAutoRaise(False)
    if icon_name:
        set_icon(button, icon_name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon if text
                              else Qt.ToolButtonStyle.ToolButtonIconOnly)
    return button


class SpeakersPanel(QWidget):
    """The speaker registry with aliases, role, organization and quote counts."""

    speakerActivated = Signal(int)  # noqa: N815

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = True  # the registry (with its counts) is read when first on screen
        self.model = SpeakersModel(session.store, self, load=False)
        self.model.on_edit = self._edit
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter speakers…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in ((1, 110), (2, 100), (3, 110), (4, 56)):
            header.resizeSection(col, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name fills the dock
        # A dock is narrow: name, role and count show; aliases and organization are a
        # right-click on the header away (the filter box still searches them).
        for col in (1, 3):
            header.hideSection(col)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._choose_columns)
        self.table.setWordWrap(False)
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed)
        rename = _button("Rename", "rename", self)
        rename.clicked.connect(self.rename_selected)
        merge = _button("Merge", "merge", self)
        merge.setToolTip("Merge the selected speakers into the first one")
        merge.clicked.connect(self.merge_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(rename)
        buttons.addWidget(merge)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def _choose_columns(self, position: object) -> None:
        """The header's menu: show or hide each column (aliases, role, organization...)."""
        from PySide6.QtWidgets import QMenu

        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for col, title in enumerate(self.model.COLUMNS):
            action = menu.addAction(title.replace("&", "&&"))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(col))
            action.setEnabled(col != 0)  # the name always shows
            action.toggled.connect(lambda on, c=col: header.setSectionHidden(c, not on))
        menu.popup(header.mapToGlobal(position))

    def reload(self, *, force: bool = False) -> None:
        """Read the registry again: now when on screen, else when next shown (a tabbed-away
        dock is moved off screen, not hidden, so the visible region is what counts)."""
        if force or (self.isVisible() and not self.visibleRegion().isEmpty()):
            self._stale = False
            self.model.reload()
        else:
            self._stale = True

    def shown(self, visible: bool = True) -> None:
        """Call when the panel comes into view (its dock's ``visibilityChanged``)."""
        if visible and self._stale:
            self.reload(force=True)

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().showEvent(event)
        if self._stale:
            self.reload()  # read when actually on screen (a tabbed-away dock is not)

    def selected_ids(self) -> list[int]:
        """Speaker ids of the selected rows, in view order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in rows]

    def _edit(self, speaker_id: int, field: str, value: object) -> bool:
        try:
            self.session.execute(cmd.UpdateSpeakerCommand(self.session, speaker_id,
                                                          **{field: value}))
        except StoreError as error:
            show_warning(self, "Speaker", str(error))
            return False
        return True

    def rename_selected(self) -> None:
        """Ask for a new name for the selected speaker (renames everywhere)."""
        ids = self.selected_ids()
        if not ids:
            return
        row = self.model.row_of(ids[0])
        speaker = self.model.speaker(row if row is not None else -1)
        if speaker is None:
            return
        name, ok = QInputDialog.getText(self, "Rename speaker", "New name:", text=speaker.name)
        if ok and name.strip() and name.strip() != speaker.name:
            self._edit(speaker.id, "name", name.strip())

    def merge_selected(self) -> None:
        """Merge the selected speakers into the first selected (with confirmation)."""
        ids = self.selected_ids()
        if len(ids) < 2:
            QMessageBox.information(self, "Merge speakers",
                                    "Select two or more speakers (Ctrl+click) to merge.")
            return
        keep = self.model.speaker(self.model.row_of(ids[0]) or 0)
        names = [s.name for s in self.model.speakers if s.id in ids[1:]]
        box = QMessageBox(self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle("Merge speakers")
        box.setText(f"Merge {', '.join(names)} into {keep.name if keep else '?'}?")
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Ok:
            return
        self.merge(ids[0], ids[1:])

    def merge(self, keep_id: int, other_ids: list[int]) -> None:
        """Merge speakers into ``keep_id`` as one undo step."""
        parts = [cmd.MergeSpeakersCommand(self.session, keep_id, o) for o in other_ids]
        try:
            self.session.execute(cmd.CompositeCommand(self.session, "Merge speakers", parts))
        except StoreError as error:
            show_warning(self, "Merge speakers", str(error))


class TaxonomyPanel(QWidget):
    """Claim categories: add, rename (double-click), recolor, reorder, digit keys 1–9."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = TaxonomyModel(session.store, self)
        self.model.on_edit = self._edit
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(2, True)  # the description shows as the row's tooltip
        add = _button("Add", "add", self)
        add.clicked.connect(lambda: self.add_category())
        rename = _button("Rename", "rename", self)
        rename.clicked.connect(self.rename_selected)
        color = _button("Color", "color", self)
        color.clicked.connect(lambda: self.recolor_selected())
        up = _button("", "up", self)
        up.setToolTip("Move up")
        up.clicked.connect(lambda: self.move_selected(-1))
        down = _button("", "down", self)
        down.setToolTip("Move down")
        down.clicked.connect(lambda: self.move_selected(1))
        buttons = QHBoxLayout()
        for b in (add, rename, color, up, down):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def reload(self) -> None:
        """Read the taxonomy again, keeping the selection."""
        current = self.selected_id()
        self.model.reload()
        if current is not None:
            self.select(current)

    def selected_id(self) -> int | None:
        """The selected category id."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select(self, category_id: int) -> None:
        """Select a category row."""
        for row, c in enumerate(self.model.categories):
            if c.id == category_id:
                self.table.selectRow(row)

    def _edit(self, category_id: int, field: str, value: object) -> bool:
        try:
            self.session.execute(cmd.UpdateCategoryCommand(self.session, category_id,
                                                           **{field: value}))
        except StoreError as error:
            show_warning(self, "Category", str(error))
            return False
        return True

    def add_category(self, name: str | None = None) -> None:
        """Add a category (asks for the name when not given)."""
        if not name:
            name, ok = QInputDialog.getText(self, "Add category", "Name:")
            if not ok or not name.strip():
                return
        used = {c.shortcut for c in self.model.categories if c.shortcut}
        digit = next((d for d in "123456789" if d not in used), None)
        command = cmd.AddCategoryCommand(self.session, name.strip(), shortcut=digit,
                                         color="#5b8def")
        try:
            self.session.execute(command)
        except StoreError as error:
            show_warning(self, "Add category", str(error))
            return
        if command.category_id is not None:
            self.select(command.category_id)

    def rename_selected(self) -> None:
        """Start editing the selected category's name in place."""
        category_id = self.selected_id()
        if category_id is None:
            return
        row = [c.id for c in self.model.categories].index(category_id)
        self.table.edit(self.model.index(row, 1))

    def recolor_selected(self, color: QColor | None = None) -> None:
        """Pick a new color for the selected category (QColorDialog unless given)."""
        category_id = self.selected_id()
        if category_id is None:
            return
        current = next(c for c in self.model.categories if c.id == category_id)
        if color is None:
            color = QColorDialog.getColor(QColor(current.color), self, "Category color")
        if color.isValid() and color.name() != current.color.lower():
            self._edit(category_id, "color", color.name())

    def move_selected(self, delta: int) -> None:
        """Move the selected category up (-1) or down (+1)."""
        category_id = self.selected_id()
        if category_id is None:
            return
        ids = [c.id for c in self.model.categories]
        new = ids.index(category_id) + delta
        if 0 <= new < len(ids):
            self.session.execute(cmd.MoveCategoryCommand(self.session, category_id, new))
            self.select(category_id)
