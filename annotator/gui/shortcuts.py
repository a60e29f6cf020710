"""The keyboard shortcut table (one source for the actions, the F1 sheet and the README)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# (group, keys as shown, what it does)
SHEET: tuple[tuple[str, str, str], ...] = (
    ("Reading", "Down / J, Up / K", "Next / previous sentence (skips excluded text)"),
    ("Reading", "Shift+Down / Shift+Up", "Extend the selection by a sentence"),
    ("Reading", "Shift+Left / Shift+Right", "Fine-tune the selection by a character"),
    ("Reading", "Home / End", "First / last sentence"),
    ("Reading", "Esc", "Drop the selection"),
    ("Tagging", "Q", "Tag the selection (or current sentence) as a quote"),
    ("Tagging", "C", "Tag a claim (opens the category picker)"),
    ("Tagging", "1 … 9", "Tag a claim of that category directly"),
    ("Tagging", "E", "Edit the annotation under the cursor"),
    ("Tagging", "M", "Write a note on the annotation under the cursor"),
    ("Tagging", "Delete", "Delete the annotation under the cursor (a suggestion: reject)"),
    ("Suggestions", "N / P", "Next / previous suggestion"),
    ("Suggestions", "A or Enter", "Accept the current suggestion"),
    ("Suggestions", "X", "Reject the current suggestion"),
    ("Suggestions", "Shift+A", "Accept all suggestions of this speaker"),
    ("Sentences", "Ctrl+Shift+S", "Split the sentence at the cursor"),
    ("Sentences", "Ctrl+Shift+M", "Merge the sentence with the next one"),
    ("Articles", "Ctrl+PgDown / Alt+Right", "Next article"),
    ("Articles", "Ctrl+PgUp / Alt+Left", "Previous article"),
    ("Articles", "Ctrl+D", "Mark the article done (again: in progress)"),
    ("Articles", "Ctrl+F", "Search articles"),
    ("Editing", "Ctrl+Z / Ctrl+Shift+Z", "Undo / redo (every change is saved at once)"),
    ("View", "Ctrl++ / Ctrl+- / Ctrl+0", "Bigger / smaller / normal text"),
    ("View", "F1", "This sheet"),
)


class ShortcutSheet(QDialog):
    """F1: every shortcut in one table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(len(SHEET), 3, self)
        table.setHorizontalHeaderLabels(["", "Keys", "Does"])
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setWordWrap(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setShowGrid(False)
        previous = None
        for row, (group, keys, does) in enumerate(SHEET):
            shown = group if group != previous else ""
            previous = group
            for col, text in enumerate((shown, keys, does)):
                item = QTableWidgetItem(text)
                if col == 0:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(row, col, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        # as wide and tall as the sheet's text (no cut-off line, no empty space below it)
        width = sum(table.sizeHintForColumn(col) for col in range(3)) + 40
        height = table.verticalHeader().length() + header.height() + 90
        self.resize(max(640, width), height)
