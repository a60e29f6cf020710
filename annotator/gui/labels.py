"""Plain-text widgets and texts: labels that never read markup, button and menu texts whose
'&' stays literal, warning boxes that show their text as written.

Kept apart from the pickers (dialogs opened by Q and C) so the first window does not load
the dialogs' Qt classes; ``annotator.gui.pickers`` re-exports these names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:  # imported where used: a warning box comes after the first window
    from PySide6.QtWidgets import QMessageBox


def no_mnemonic(text: str) -> str:
    """Text for a button, action or menu: a literal '&' must not become a shortcut marker."""
    return text.replace("&", "&&")


def show_warning(
    parent: QWidget | None, title: str, text: str, *, block: bool = False
) -> QMessageBox:
    """A warning box showing ``text`` literally (QMessageBox guesses rich text otherwise);
    ``block`` waits for it to be closed (needed before the event loop runs)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if block:
        box.exec()
    else:
        box.open()
    return box


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets markup (for anything users or articles wrote)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
