"""The editable article header: title, outlet, place, date, url and status."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QWidget

from annotator.core.model import Article
from annotator.gui.pickers import plain_label

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATUSES = (("new", "New"), ("in_progress", "In progress"), ("done", "Done"))


class MetadataHeader(QWidget):
    """Edits emit ``edited(field, value)``; the window turns them into undo commands."""

    edited = Signal(str, object)

    FIELDS = (("title", "Title"), ("outlet", "Outlet"), ("place", "Place"),
              ("published", "Date"), ("url", "URL"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self._values: dict[str, str | None] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 4)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        for name, label in self.FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"meta_{name}")
            edit.setPlaceholderText(label if name != "published" else "YYYY-MM-DD")
            edit.editingFinished.connect(lambda n=name: self._commit(n))
            self.edits[name] = edit
        title = self.edits["title"]
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        title.setFrame(False)
        self.status = QComboBox(self)
        for key, text in STATUSES:
            self.status.addItem(text, key)
        self.status.activated.connect(self._status_chosen)
        grid.addWidget(title, 0, 0, 1, 8)
        row = (("outlet", 1), ("place", 1), ("published", 1))
        col = 0
        for name, span in row:
            grid.addWidget(plain_label(dict(self.FIELDS)[name] + ":", self), 1, col)
            grid.addWidget(self.edits[name], 1, col + 1, 1, span)
            col += 2
        grid.addWidget(plain_label("Status:", self), 1, 6)
        grid.addWidget(self.status, 1, 7)
        grid.addWidget(plain_label("URL:", self), 2, 0)
        grid.addWidget(self.edits["url"], 2, 1, 1, 7)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(5, 2)
        self.setEnabled(False)

    def show_article(self, article: Article | None) -> None:
        """Fill the fields from an article (or clear and disable)."""
        self.setEnabled(article is not None)
        for name, edit in self.edits.items():
            value = getattr(article, name) if article else None
            self._values[name] = value
            if edit.text() != (value or ""):
                edit.setText(value or "")
            edit.setCursorPosition(0)
            edit.setStyleSheet("")
        status = article.status if article else "new"
        self._values["status"] = status
        self.status.setCurrentIndex(max(0, self.status.findData(status)))

    def _commit(self, name: str) -> None:
        edit = self.edits[name]
        value = " ".join(edit.text().split()) or None
        if name == "published" and value and not _DATE.match(value):
            edit.setStyleSheet("color: #c0392b")
            edit.setToolTip("Dates are written YYYY-MM-DD")
            return
        edit.setStyleSheet("")
        if value != self._values.get(name):
            self._values[name] = value
            self.edited.emit(name, value)

    def _status_chosen(self, index: int) -> None:
        key = self.status.itemData(index)
        if key != self._values.get("status"):
            self._values["status"] = key
            self.edited.emit("status", key)
