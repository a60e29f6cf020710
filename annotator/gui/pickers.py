"""The speaker picker (Q) and the category picker (C): small keyboard-first dialogs.

Both open window-modal with ``open()`` (not ``exec()``), so the caller connects ``accepted`` and
tests can type into them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Category, Speaker
from annotator.gui.annotations_panel import snippet
from annotator.gui.labels import no_mnemonic, plain_label, show_warning

__all__ = ["CategoryPicker", "SpeakerPicker", "completer_entries", "no_mnemonic",
           "plain_label", "quoted", "show_warning"]


QUOTATION_MARKS = "\"“”‘’«»„‟‹›'"


def quoted(text: str) -> str:
    """``text`` in curly quotes, unless it already starts or ends with quotation marks (a
    direct quote with its cue: '"Footfall dropped…," he said.'), which would double them."""
    core = text.strip()
    if core[:1] in QUOTATION_MARKS or core.rstrip(".,;:!?…")[-1:] in QUOTATION_MARKS:
        return core
    return "“" + core + "”"


class SpeakerPicker(QDialog):
    """Who said it: a name with completion over names and aliases; direct/indirect; the cue."""

    def __init__(
        self,
        speakers: Sequence[Speaker],
        *,
        quote_text: str,
        suggested_name: str = "",
        quote_type: str = "direct",
        cue_text: str | None = None,
        parent: QWidget | None = None,
        title: str = "Tag quote",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._by_name: dict[str, int] = {}
        entries: list[str] = []
        for s in speakers:
            self._by_name[s.name.casefold()] = s.id
            entries.append(s.name)
            for alias in s.aliases:
                self._by_name.setdefault(alias.casefold(), s.id)
                entries.append(alias)
        layout = QVBoxLayout(self)
        quote = plain_label(quoted(snippet(quote_text, 160)), self)
        quote.setWordWrap(True)
        quote.setObjectName("quoteSnippet")
        layout.addWidget(quote)
        layout.addWidget(plain_label("Speaker (Enter accepts; a new name adds a speaker):", self))
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("name or alias")
        self.name_edit.setText(suggested_name)
        self.name_edit.selectAll()
        self.completer = QCompleter(sorted(set(entries), key=str.casefold), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.name_edit.setCompleter(self.completer)
        layout.addWidget(self.name_edit)
        self.status = plain_label("", self)
        self.status.setObjectName("speakerStatus")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.direct = QRadioButton("&Direct", self)
        self.indirect = QRadioButton("&Indirect", self)
        group = QButtonGroup(self)
        group.addButton(self.direct)
        group.addButton(self.indirect)
        (self.direct if quote_type == "direct" else self.indirect).setChecked(True)
        row.addWidget(self.direct)
        row.addWidget(self.indirect)
        row.addStretch(1)
        layout.addLayout(row)
        self.cue_box = QCheckBox(self)
        if cue_text:
            self.cue_box.setText("Cue: " + no_mnemonic(cue_text))  # never rich text
            self.cue_box.setChecked(True)
        else:
            self.cue_box.setText("No reporting cue found nearby")
            self.cue_box.setEnabled(False)
        layout.addWidget(self.cue_box)
        from PySide6.QtWidgets import QDialogButtonBox

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name_edit.textChanged.connect(self._update_status)
        self.name_edit.textEdited.connect(self._preselect_completion)
        self._update_status()

    def _preselect_completion(self, _text: str) -> None:
        """Highlight the first completion so Enter takes it (Esc closes the list to keep
        exactly what was typed, e.g. a new speaker whose name starts like a known one)."""
        QTimer.singleShot(0, self._select_first)

    def _select_first(self) -> None:
        popup = self.completer.popup()
        model = self.completer.completionModel()
        if popup is not None and popup.isVisible() and model.rowCount() > 0:
            popup.setCurrentIndex(model.index(0, 0))

    def _update_status(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.status.setText("")
        elif self.speaker_id() is not None:
            self.status.setText("Known speaker")
        else:
            self.status.setText("New speaker: " + " ".join(name.split()))

    def speaker_id(self) -> int | None:
        """The registry id for the typed name or alias, or None when it is new."""
        return self._by_name.get(" ".join(self.name_edit.text().split()).casefold())

    def speaker_name(self) -> str:
        """The typed name, whitespace-normalized."""
        return " ".join(self.name_edit.text().split())

    def quote_type(self) -> str:
        """'direct' or 'indirect'."""
        return "direct" if self.direct.isChecked() else "indirect"

    def use_cue(self) -> bool:
        """Whether to store the proposed cue."""
        return self.cue_box.isEnabled() and self.cue_box.isChecked()

    def accept(self) -> None:  # noqa: D102 - Qt override
        popup = self.completer.popup()
        if popup is not None and popup.isVisible():
            popup.hide()
        if self.speaker_name():
            super().accept()


class CategoryPicker(QDialog):
    """Claim category: a digit picks directly; arrows and Enter work too."""

    def __init__(
        self,
        categories: Sequence[Category],
        *,
        claim_text: str,
        quote_hint: str | None = None,
        current_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tag claim")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        claim = plain_label(snippet(claim_text, 160), self)
        claim.setWordWrap(True)
        layout.addWidget(claim)
        if quote_hint:
            layout.addWidget(plain_label("Inside the quote of " + quote_hint, self))
        self.list = QListWidget(self)
        self._digits: dict[str, int] = {}
        for c in categories:
            label = (f"{c.shortcut}  " if c.shortcut else "    ") + c.name
            item = QListWidgetItem(label)
            pix = QPixmap(14, 14)
            pix.fill(QColor(c.color))
            item.setIcon(pix)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            if c.description:
                from annotator.gui.models import plain_tooltip

                item.setToolTip(plain_tooltip(c.description))
            self.list.addItem(item)
            if c.shortcut:
                self._digits[c.shortcut] = self.list.count() - 1
            if c.id == current_id:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self._fit_list()
        layout.addWidget(self.list)
        layout.addWidget(plain_label("Press a digit to pick, or Enter.", self))
        from PySide6.QtWidgets import QDialogButtonBox

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.installEventFilter(self)

    #: Up to this many categories show without a scrollbar; more scroll.
    VISIBLE_ROWS = 12

    def _fit_list(self) -> None:
        """Make the list exactly as tall as its first VISIBLE_ROWS rows (all of them if fewer)."""
        self.list.ensurePolished()
        rows = min(self.list.count(), self.VISIBLE_ROWS)
        height = sum(max(self.list.sizeHintForRow(i), 1) for i in range(rows))
        if rows == 0:
            height = self.list.fontMetrics().height() + 4
        height += 2 * self.list.frameWidth() + 2 * self.list.spacing() + 2
        self.list.setFixedHeight(height)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        # a style sheet or font set after construction (the floating picker gets one) can
        # change the row height: fit the list again
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit_list()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self._fit_list()
        # the list keeps the scroll range of a layout made before the style sheet applied
        # (a scrollbar for 7 rows that all fit): lay the rows out again now
        self.list.doItemsLayout()
        super().showEvent(event)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001 - Qt override
        is_key = isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress
        if is_key and self._digit(event):
            return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if not self._digit(event):
            super().keyPressEvent(event)

    def _digit(self, event: QKeyEvent) -> bool:
        row = self._digits.get(event.text())
        if row is None:
            return False
        self.list.setCurrentRow(row)
        self.accept()
        return True

    def category_id(self) -> int | None:
        """The chosen category id."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


def completer_entries(picker: SpeakerPicker) -> list[str]:
    """The completion strings (for tests)."""
    model = picker.completer.model()
    assert isinstance(model, QStringListModel)
    return model.stringList()
