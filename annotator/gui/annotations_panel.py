"""This article's quotes and claims, grouped by speaker and by category, with snippets."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Annotation, Category
from annotator.gui.icons import same_in_every_mode
from annotator.gui.models import ID_ROLE, color_swatch, plain_tooltip
from annotator.gui.theme import speaker_color, speaker_colors, speaker_key

SNIPPET = 70


def snippet(text: str, limit: int = SNIPPET) -> str:
    """One line of at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_STATUS_ICONS: dict[tuple[str, str], QIcon] = {}


def status_icon(status: str, size: int = 16) -> QIcon:
    """A row's status: a dotted ring for a suggestion, a check mark for an accepted one.

    Both are ``size`` pixels square and drawn in the palette's text colour (half strength for
    a suggestion), the same pixmap in every mode so a selected row keeps it."""
    from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPixmap

    color = QApplication.palette().color(QPalette.ColorRole.Text)
    key = (status, color.name())
    icon = _STATUS_ICONS.get(key)
    if icon is not None:
        return icon
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if status == "suggested":
        faint = QColor(color)
        faint.setAlphaF(0.6)
        pen = QPen(faint, 1.4, Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.drawEllipse(3, 3, size - 6, size - 6)
    elif status == "accepted":
        pen = QPen(color, 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        s = size / 16
        painter.drawPolyline([QPointF(3.5 * s, 8.5 * s), QPointF(6.5 * s, 11.5 * s),
                              QPointF(12.5 * s, 4.5 * s)])
    painter.end()
    icon = same_in_every_mode(pix)
    _STATUS_ICONS[key] = icon
    return icon


class AnnotationsPanel(QWidget):
    """A tree: Quotes ▸ speaker ▸ quote, Claims ▸ category ▸ claim. Click jumps; keys act."""

    jumpRequested = Signal(int)  # noqa: N815 - annotation id
    editRequested = Signal(int)  # noqa: N815
    deleteRequested = Signal(int)  # noqa: N815
    acceptRequested = Signal(int)  # noqa: N815
    rejectRequested = Signal(int)  # noqa: N815
    acceptSpeakerRequested = Signal(str)  # noqa: N815 - speaker name
    noteRequested = Signal(int)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.activated.connect(self._activated)
        self.tree.clicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        for key, signal in (
            (QKeySequence.StandardKey.Delete, self.deleteRequested),
            ("E", self.editRequested),
            ("A", self.acceptRequested),
            ("X", self.rejectRequested),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, s=signal: self._emit_current(s))
            self.tree.addAction(action)

    def show_annotations(
        self, annotations: Sequence[Annotation], categories: Sequence[Category]
    ) -> None:
        """Rebuild the tree for one article (keeps groups expanded)."""
        self.model.clear()
        quotes = QStandardItem("Quotes")
        claims = QStandardItem("Claims")
        for root in (quotes, claims):
            root.setEditable(False)
            root.setSelectable(False)
        by_speaker: dict[str, list[Annotation]] = {}
        by_category: dict[str, list[Annotation]] = {}
        colors = {c.id: c.color for c in categories}
        order = {c.id: c.position for c in categories}
        speaker_ids: dict[str, int | None] = {}
        for a in sorted(annotations, key=lambda x: (x.start, x.end, x.id)):
            if a.status == "rejected":
                continue
            if a.kind == "quote":
                name = a.speaker_name or "(no speaker)"
                by_speaker.setdefault(name, []).append(a)
                speaker_ids.setdefault(name, a.speaker_id)
            else:
                by_category.setdefault(a.category_name or a.category_key or "(uncategorized)",
                                       []).append(a)
        hues = speaker_colors(  # as the text view colours them
            a.speaker_name or "" for a in annotations if a.kind == "quote"
            and a.status != "rejected")
        for name in sorted(by_speaker, key=str.casefold):
            color = hues.get(speaker_key(name)) or speaker_color(speaker_ids[name], None)
            group = self._group(name, by_speaker[name], color)
            quotes.appendRow(group)
        cat_sorted = sorted(by_category, key=lambda n: order.get(by_category[n][0].category_id
                                                                 or -1, 999))
        for name in cat_sorted:
            items = by_category[name]
            claims.appendRow(self._group(name, items, colors.get(items[0].category_id or -1,
                                                                 "#999999")))
        quotes.setText(f"Quotes ({sum(len(v) for v in by_speaker.values())})")
        claims.setText(f"Claims ({sum(len(v) for v in by_category.values())})")
        self.model.appendRow(quotes)
        self.model.appendRow(claims)
        self.tree.expandAll()

    def _group(self, label: str, items: list[Annotation], color: str) -> QStandardItem:
        pending = sum(1 for a in items if a.status == "suggested")
        suffix = f" ({len(items)}" + (f", {pending} suggested)" if pending else ")")
        group = QStandardItem(label + suffix)
        group.setData(color_swatch(color), Qt.ItemDataRole.DecorationRole)
        group.setEditable(False)
        group.setData(label, Qt.ItemDataRole.UserRole + 2)
        group.setToolTip(plain_tooltip(label))
        for a in items:
            kind = f"[{a.quote_type}] " if a.kind == "quote" and a.quote_type else ""
            item = QStandardItem(kind + snippet(a.text))
            # every row has a status icon of one size, so accepted and suggested texts align
            item.setData(status_icon(a.status), Qt.ItemDataRole.DecorationRole)
            item.setEditable(False)
            item.setData(a.id, ID_ROLE)
            item.setData(a.status, Qt.ItemDataRole.UserRole + 3)
            tip = a.text if len(a.text) < 600 else a.text[:600] + "…"
            if a.note:
                tip += "\n\nNote: " + a.note
            if a.annotator:
                tip += "\n\nBy " + a.annotator
            item.setToolTip(plain_tooltip(tip))
            if a.status == "suggested":
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            group.appendRow(item)
        return group

    def select_annotation(self, annotation_id: int | None) -> None:
        """Highlight the row of an annotation (without emitting a jump)."""
        if annotation_id is None:
            self.tree.clearSelection()
            return
        for root in range(self.model.rowCount()):
            top = self.model.item(root)
            for g in range(top.rowCount()):
                group = top.child(g)
                for r in range(group.rowCount()):
                    item = group.child(r)
                    if item.data(ID_ROLE) == annotation_id:
                        self.tree.setCurrentIndex(item.index())
                        return

    def current_annotation_id(self) -> int | None:
        """The annotation id of the selected row, if it is an annotation."""
        index = self.tree.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def _emit_current(self, signal: Signal) -> None:
        annotation_id = self.current_annotation_id()
        if annotation_id is not None:
            signal.emit(annotation_id)

    def _activated(self, index) -> None:  # noqa: ANN001
        annotation_id = index.data(ID_ROLE)
        if annotation_id is not None:
            self.jumpRequested.emit(annotation_id)

    def _menu(self, pos) -> None:  # noqa: ANN001
        index = self.tree.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        annotation_id = index.data(ID_ROLE)
        if annotation_id is not None:
            status = index.data(Qt.ItemDataRole.UserRole + 3)
            menu.addAction("Go to", lambda: self.jumpRequested.emit(annotation_id))
            if status == "suggested":
                menu.addAction("Accept", lambda: self.acceptRequested.emit(annotation_id))
                menu.addAction("Reject", lambda: self.rejectRequested.emit(annotation_id))
            menu.addAction("Edit…", lambda: self.editRequested.emit(annotation_id))
            menu.addAction("Note…", lambda: self.noteRequested.emit(annotation_id))
            menu.addAction("Delete", lambda: self.deleteRequested.emit(annotation_id))
        else:
            label = index.data(Qt.ItemDataRole.UserRole + 2)
            parent = index.parent()
            if label and parent.isValid() and parent.row() == 0:
                menu.addAction(
                    "Accept all suggestions of this speaker",
                    lambda: self.acceptSpeakerRequested.emit(label),
                )
        if not menu.isEmpty():
            menu.exec(self.tree.viewport().mapToGlobal(pos))
