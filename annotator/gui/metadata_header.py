"""The editable article header: title, outlet, place, date, url and status."""

from __future__ import annotations

import re

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

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


class TitleEdit(QTextEdit):
    """A one-paragraph plain-text field that wraps, as tall as its text (up to ``MAX_LINES``).

    A long headline does not fit one line of the central column at 1280 px; a QLineEdit cut it
    off. This keeps the QLineEdit calls the header uses (text, setText, setCursorPosition,
    editingFinished on Enter or leaving the field) and never accepts a line break or markup.
    """

    editingFinished = Signal()  # noqa: N815 - the QLineEdit name

    MAX_LINES = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(2)
        self.document().contentsChanged.connect(self._fit_height)
        self._fit_height()

    def text(self) -> str:
        """The title as one line."""
        return self.toPlainText().replace("\n", " ")

    def setText(self, text: str) -> None:  # noqa: N802 - the QLineEdit name
        """Show ``text`` (plain, never markup)."""
        self.setPlainText(" ".join(text.split("\n")))
        self._fit_height()

    def setCursorPosition(self, position: int) -> None:  # noqa: N802 - the QLineEdit name
        """Put the cursor at ``position`` and scroll there."""
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.editingFinished.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.editingFinished.emit()

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt override
        # pasted text arrives as plain text on one line
        self.insertPlainText(" ".join(source.text().split()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_height()

    def _lines_height(self, lines: int) -> int:
        margins = self.contentsMargins()
        document_margin = round(self.document().documentMargin())
        return (lines * self.fontMetrics().lineSpacing() + 2 * document_margin
                + margins.top() + margins.bottom() + 1)

    def _fit_height(self) -> None:
        document = self.document()
        document.setTextWidth(self.contentsRect().width())  # viewport(): 8 ms on first call
        margins = self.contentsMargins()
        wanted = int(document.size().height()) + margins.top() + margins.bottom() + 1
        height = max(self._lines_height(1), min(wanted, self._lines_height(self.MAX_LINES)))
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().sizeHint().width(), self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().minimumSizeHint().width(), self.height())


class MetadataHeader(QWidget):
    """Edits emit ``edited(field, value)``; the window turns them into undo commands."""

    edited = Signal(str, object)

    FIELDS = (("title", "Title"), ("outlet", "Outlet"), ("place", "Place"),
              ("published", "Date"), ("url", "URL"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit | TitleEdit] = {}
        self._values: dict[str, str | None] = {}
        for name, label in self.FIELDS:
            edit: QLineEdit | TitleEdit = TitleEdit(self) if name == "title" else QLineEdit(self)
            edit.setObjectName(f"meta_{name}")
            edit.setPlaceholderText(label if name != "published" else "YYYY-MM-DD")
            edit.editingFinished.connect(lambda n=name: self._commit(n))
            self.edits[name] = edit
        metrics = self.fontMetrics()
        self.edits["published"].setFixedWidth(metrics.horizontalAdvance("2024-12-31") + 18)
        self.edits["outlet"].setMinimumWidth(metrics.horizontalAdvance("panturanews.id") + 12)
        self.edits["place"].setMinimumWidth(metrics.horizontalAdvance("Majalengka") + 12)
        title = self.edits["title"]
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        self.status = QComboBox(self)
        for key, text in STATUSES:
            self.status.addItem(text, key)
        self.status.activated.connect(self._status_chosen)
        label = dict(self.FIELDS)
        # the title has a row of its own and wraps; place (stretching) and date share the
        # second row, outlet, url (stretching) and status the third: at 1280 px, with the
        # docks open, a 90-character headline and "Majalengka, Jawa Barat" show whole
        first_column = max(metrics.horizontalAdvance(label[name] + ":") for name in
                           ("place", "outlet"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(title)
        for fields, stretch in ((("place", "published"), "place"),
                                (("outlet", "url", "status"), "url")):
            row = QHBoxLayout()
            row.setSpacing(6)
            for name in fields:
                if row.count():
                    row.addSpacing(6)
                caption = plain_label(label.get(name, "Status") + ":", self)
                if not row.count():  # the rows' first fields start at the same x
                    caption.setMinimumWidth(first_column)
                row.addWidget(caption)
                row.addWidget(self.status if name == "status" else self.edits[name],
                              1 if name == stretch else 0)
            layout.addLayout(row)
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
