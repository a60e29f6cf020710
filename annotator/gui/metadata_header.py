"""The editable article header: title, outlet, place, date, url and status."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QWidget

from annotator.core.model import Article
from annotator.gui.labels import plain_label

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATUSES = (("new", "New"), ("in_progress", "In progress"), ("done", "Done"))


def _date_problem(value: str) -> str | None:
    """Why ``value`` cannot be an article's date (None when it can)."""
    if not _DATE.match(value):
        return "Dates are written YYYY-MM-DD"
    from annotator.core.reading import calendar_problem  # not needed for the first window

    problem = calendar_problem(value)
    return None if problem is None else f"{value} is not on the calendar: {problem}"


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
        metrics = self.fontMetrics()
        self.edits["published"].setMinimumWidth(metrics.horizontalAdvance("2024-12-31") + 18)
        self.edits["outlet"].setMinimumWidth(metrics.horizontalAdvance("panturanews.id") + 12)
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
        grid.addWidget(title, 0, 0, 1, 6)
        label = dict(self.FIELDS)
        for row, col, name in ((1, 0, "outlet"), (1, 2, "published"), (2, 0, "place"),
                               (2, 2, "url")):
            grid.addWidget(plain_label(label[name] + ":", self), row, col)
            grid.addWidget(self.edits[name], row, col + 1, 1, 1 if name != "url" else 3)
        grid.addWidget(plain_label("Status:", self), 1, 4)
        grid.addWidget(self.status, 1, 5)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        grid.setColumnStretch(5, 1)
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
            if edit.styleSheet():  # an invalid date's red; resetting an empty one re-polishes
                edit.setStyleSheet("")
        status = article.status if article else "new"
        self._values["status"] = status
        self.status.setCurrentIndex(max(0, self.status.findData(status)))

    def _commit(self, name: str) -> None:
        edit = self.edits[name]
        value = " ".join(edit.text().split()) or None
        if name == "published" and value:
            problem = _date_problem(value)
            if problem is not None:
                edit.setStyleSheet("color: #c0392b")
                edit.setToolTip(problem)
                return
        if edit.styleSheet():
            edit.setStyleSheet("")
        if value != self._values.get(name):
            self._values[name] = value
            self.edited.emit(name, value)

    def _status_chosen(self, index: int) -> None:
        key = self.status.itemData(index)
        if key != self._values.get("status"):
            self._values["status"] = key
            self.edited.emit("status", key)
