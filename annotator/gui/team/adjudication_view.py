"""Adjudication of one article: every annotator's version side by side, and the gold layer.

Rows come from ``adjudication.side_by_side`` (overlapping spans of one kind), marked
"agreed" or "differs" in words and in color. "Take <name>'s version" makes one annotator's
annotations the article's gold layer; "Take this item" copies the selected cell's annotation
into it. Both are undo commands: undo deletes what was written and puts back the gold
annotations that were replaced (with their ids and links), using only store methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.adjudication import (
    GOLD_ANNOTATOR,
    AlignedRow,
    adjudicate_item,
    article_annotators,
    gold_layer,
    label_of,
    side_by_side,
    take_version,
)
from annotator.core.model import Annotation, Changes
from annotator.core.store import StoreError
from annotator.gui.annotations_panel import snippet
from annotator.gui.commands import StoreCommand
from annotator.gui.models import plain_tooltip
from annotator.gui.pickers import no_mnemonic, plain_label, show_warning
from annotator.gui.session import ProjectSession
from annotator.gui.theme import mix
from annotator.gui.timers import debounce

AGREED = "agreed"
DIFFERS = "differs"
ID_ROLE = Qt.ItemDataRole.UserRole + 1


# --- undoable gold-layer writes -------------------------------------------------------------------
class _GoldCommand(StoreCommand):
    """Runs one gold-layer write and remembers how to take it back.

    Before the write, the gold annotations it would replace are deleted here (claims before
    quotes, keeping their raw rows) and the fields of the remaining gold claims are noted;
    undo deletes the gold annotations the write added, restores the deleted rows (quotes
    first, so claims find their quote) and the claims' links. Redo runs the write again."""

    def __init__(self, session: ProjectSession, article_id: int, text: str) -> None:
        super().__init__(session, text)
        self.article_id = article_id
        self._removed: list[dict[str, Any]] = []
        self._added: list[int] = []
        self._links: dict[int, dict[str, Any]] = {}

    def _replaced(self, gold: list[Annotation]) -> list[Annotation]:
        raise NotImplementedError

    def _write(self) -> Changes:
        raise NotImplementedError

    def do(self) -> Changes:
        store = self.store
        total = Changes()
        with store.transaction():
            gold = gold_layer(store, self.article_id)
            before = {a.id for a in gold}
            self._links = {a.id: {"quote_id": a.quote_id, "speaker_id": a.speaker_id}
                           for a in gold if a.kind == "claim"}
            replaced = sorted(self._replaced(gold), key=lambda a: a.kind == "quote")
            self._removed = []
            for a in replaced:
                row, change = store.delete_annotation(a.id)
                self._removed.append(row)
                total |= change
            total |= self._write()
            after = gold_layer(store, self.article_id)
        kept = before - {a.id for a in replaced}
        self._added = [a.id for a in sorted(after, key=lambda a: a.kind == "quote")
                       if a.id not in kept]
        return total

    def revert(self) -> Changes:
        store = self.store
        total = Changes()
        with store.transaction():
            for annotation_id in self._added:  # claims first: quotes leave no dangling links
                total |= store.delete_annotation(annotation_id)[1]
            for row in sorted(self._removed, key=lambda r: r["kind"] != "quote"):
                total |= store.restore_annotation(row)
            for claim_id, fields in self._links.items():
                current = store.get_annotation(claim_id)
                if (current.quote_id, current.speaker_id) != (fields["quote_id"],
                                                              fields["speaker_id"]):
                    total |= store.update_annotation(claim_id, **fields)[1]
        return total


class TakeVersionCommand(_GoldCommand):
    """Make one annotator's version the article's gold layer (``adjudication.take_version``)."""

    def __init__(self, session: ProjectSession, article_id: int, annotator: str) -> None:
        super().__init__(session, article_id, f"Take {annotator}'s version")
        self.annotator = annotator

    def _replaced(self, gold: list[Annotation]) -> list[Annotation]:
        return gold

    def _write(self) -> Changes:
        return take_version(self.store, self.article_id, self.annotator)


class TakeItemCommand(_GoldCommand):
    """Copy one annotation into the gold layer (``adjudication.adjudicate_item``)."""

    def __init__(self, session: ProjectSession, annotation_id: int) -> None:
        source = session.store.get_annotation(annotation_id)
        super().__init__(session, source.article_id,
                         f"Take {source.annotator or '?'}'s {source.kind}")
        self.source = source
        self.annotation_id = annotation_id

    def _replaced(self, gold: list[Annotation]) -> list[Annotation]:
        a = self.source
        return [g for g in gold if g.kind == a.kind and g.start < a.end and a.start < g.end]

    def _write(self) -> Changes:
        return adjudicate_item(self.store, self.annotation_id)[1]


# --- the view ------------------------------------------------------------------------------------
def describe(a: Annotation) -> str:
    """One cell's text for an annotation: its label and offsets, then the text (one line)."""
    if a.kind == "quote":
        label = a.speaker_name or "(no speaker)"
        if a.quote_type:
            label += f" [{a.quote_type}]"
    else:
        label = a.category_name or a.category_key or "(no category)"
    return f"{label} · {a.start}–{a.end}\n{snippet(a.text, 90)}"


def differences(row: AlignedRow) -> list[str]:
    """How the annotators' versions of a row differ, in words (empty when they agree)."""
    if row.agreed:
        return []
    voters = [n for n in row.versions if n != GOLD_ANNOTATOR]
    missing = [n for n in voters if not row.versions[n]]
    present = [row.versions[n] for n in voters if row.versions[n]]
    found = []
    if missing:
        found.append("missing: " + ", ".join(missing))
    if any(len(v) > 1 for v in present):
        found.append("split")
    firsts = [v[0] for v in present]
    if len({(a.start, a.end) for a in firsts}) > 1:
        found.append("span")
    if len({label_of(a) for a in firsts}) > 1:
        found.append("speaker" if row.kind == "quote" else "category")
    return found


class PaddedDelegate(QStyledItemDelegate):
    """Cells with a little room around the text (4 px left/right, 2 px top/bottom)."""

    PAD_X, PAD_Y = 4, 2

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: D102 - Qt override
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if background is not None and not (option.state & QStyle.StateFlag.State_Selected):
            painter.fillRect(option.rect, background)
        inner = QStyleOptionViewItem(option)
        inner.rect = option.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        super().paint(painter, inner, index)

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        inner = QStyleOptionViewItem(option)
        inner.rect = option.rect.adjusted(self.PAD_X, 0, -self.PAD_X, 0)
        size = super().sizeHint(inner, index)
        return QSize(size.width() + 2 * self.PAD_X, size.height() + 2 * self.PAD_Y)


class AdjudicationView(QDialog):
    """One article's versions side by side, with take-version and take-item commands."""

    jumpRequested = Signal(int, int)  # noqa: N815 - article id, annotation id (or -1)

    def __init__(self, session: ProjectSession, article_id: int,
                 parent: QWidget | None = None,
                 open_article: Callable[[int, int | None], None] | None = None,
                 current_article: Callable[[], int | None] | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.article_id = article_id
        self.open_article = open_article
        self.rows: list[AlignedRow] = []
        self.names: list[str] = []
        self.setWindowTitle("Adjudication")
        self.resize(1100, 640)
        self.summary = plain_label("", self)
        self.summary.setWordWrap(True)
        self.title = plain_label("", self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.follow_button = QPushButton("Article open in the window", self)
        self.follow_button.setToolTip("Adjudicate the article open in the main window")
        self.follow_button.clicked.connect(self.follow_window)
        self.follow_button.setVisible(current_article is not None)
        self.current_article = current_article
        self.table = QTableWidget(0, 0, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setItemDelegate(PaddedDelegate(self.table))  # no style sheet: it would
        # freeze the palette and leave dark text on dark cells after a theme switch
        self._rows_timer = debounce(self, 0, self.table.resizeRowsToContents)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_: self._rows_timer.start())
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.jump())
        self.version_bar = QHBoxLayout()
        self.version_buttons: dict[str, QPushButton] = {}
        self.item_button = QPushButton("Take this item", self)
        self.item_button.setToolTip("Copy the selected cell's annotation into the gold layer "
                                    "(replacing gold annotations of the same kind it "
                                    "overlaps); Ctrl+Enter")
        self.item_button.clicked.connect(self.take_selected_item)
        self.table.installEventFilter(self)  # Enter: show in article; Ctrl+Enter: take item
        self.jump_button = QPushButton("Show in article", self)
        self.jump_button.setToolTip("Open the article at the selected row (Enter, or double-click)")
        self.jump_button.clicked.connect(self.jump)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.follow_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.item_button)
        bottom.addWidget(self.jump_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(self.version_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._timer = debounce(self, 150, self.reload)
        session.changed.connect(self._on_changed)
        self.reload()

    # -- articles ----------------------------------------------------------------------------------
    def follow_window(self) -> None:
        """Show the article open in the main window (when there is one)."""
        article = self.current_article() if self.current_article is not None else None
        if article is not None and article != self.article_id:
            self.set_article(article)

    def set_article(self, article_id: int) -> None:
        """Show another article."""
        self.article_id = article_id
        self.reload()

    def _on_changed(self, change: Changes) -> None:
        if self.article_id in change.articles or change.speakers or change.categories:
            self._timer.start()

    # -- filling -----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the article's versions and rebuild the table."""
        store = self.session.store
        try:
            article = store.get_article(self.article_id)
        except StoreError as error:
            self.title.setText("")
            self.summary.setText(str(error))
            self.rows, self.names = [], []
            self.table.setRowCount(0)
            return
        title = article.title or f"Article {article.id}"
        self.title.setText(snippet(title, 160))
        self.title.setToolTip(plain_tooltip(title))
        self.setWindowTitle(f"Adjudication — {snippet(title, 60)}")
        self.names = article_annotators(store, self.article_id)
        if GOLD_ANNOTATOR not in self.names:
            self.names.append(GOLD_ANNOTATOR)
        same_article = getattr(self, "_shown_article", None) == self.article_id
        keep = (self.table.currentRow(), self.table.currentColumn(),
                self.table.verticalScrollBar().value()) if same_article else None
        self._shown_article = self.article_id
        self.rows = side_by_side(store, self.article_id, self.names)
        self._fill_table()
        if keep is not None and 0 <= keep[0] < self.table.rowCount() \
                and 0 <= keep[1] < self.table.columnCount():
            self.table.setCurrentCell(keep[0], keep[1])  # the same place after an edit
            self.table.verticalScrollBar().setValue(keep[2])
        self._fill_version_buttons()
        voters = [n for n in self.names if n != GOLD_ANNOTATOR]
        agreed = sum(r.agreed for r in self.rows)
        gold = len(gold_layer(store, self.article_id))
        if len(voters) < 2:
            hint = " Agreement needs two annotators; only " + (
                voters[0] if voters else "nobody") + " annotated this article."
        else:
            hint = ""
        self.summary.setText(
            f"{len(self.rows)} place(s): {agreed} agreed, {len(self.rows) - agreed} differ. "
            f"Gold layer: {gold} annotation(s).{hint}")
        self._update_buttons()

    def _colors(self) -> tuple[QColor, QColor, QColor]:
        base = self.palette().color(QPalette.ColorRole.Base)
        return (mix(base, QColor("#2ca02c"), 0.22), mix(base, QColor("#ff7f0e"), 0.28),
                mix(base, QColor("#d4af37"), 0.18))

    def _fill_table(self) -> None:
        agreed_bg, differs_bg, gold_bg = self._colors()
        headers = ["Where", "Status", *[
            "Gold layer" if n == GOLD_ANNOTATOR else n for n in self.names]]
        table = self.table
        table.clear()
        table.setColumnCount(len(headers))
        table.setRowCount(len(self.rows))
        table.setHorizontalHeaderLabels(headers)
        for c, name in enumerate(self.names, start=2):
            table.horizontalHeaderItem(c).setToolTip(plain_tooltip(name))
        bold = QFont(table.font())
        bold.setBold(True)
        for r, row in enumerate(self.rows):
            where = QTableWidgetItem(f"{row.kind} {row.start}–{row.end}")
            reasons = differences(row)
            status = QTableWidgetItem(("✓ " + AGREED) if row.agreed
                                      else "≠ " + DIFFERS + "\n" + "; ".join(reasons))
            status.setFont(bold)
            status.setToolTip(plain_tooltip(
                "Every annotator marked the same span with the same label" if row.agreed
                else "Annotators differ here: " + "; ".join(reasons)))
            background = QBrush(agreed_bg if row.agreed else differs_bg)
            for item in (where, status):
                item.setBackground(background)
            table.setItem(r, 0, where)
            table.setItem(r, 1, status)
            for c, name in enumerate(self.names, start=2):
                items = row.versions.get(name, ())
                text = "\n".join(describe(a) for a in items) if items else "—"
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, [a.id for a in items])
                tip = "\n\n".join(
                    f"{describe(a)}\n{a.text}" + (f"\nNote: {a.note}" if a.note else "")
                    for a in items) or f"{name} marked nothing here"
                cell.setToolTip(plain_tooltip(tip))
                if name == GOLD_ANNOTATOR:
                    cell.setBackground(QBrush(gold_bg))
                elif not row.agreed:
                    cell.setBackground(background)
                table.setItem(r, c, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for c in range(2, len(headers)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()

    def _fill_version_buttons(self) -> None:
        while self.version_bar.count():
            item = self.version_bar.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.version_buttons = {}
        store = self.session.store
        for name in self.names:
            if name == GOLD_ANNOTATOR:
                continue
            button = QPushButton(no_mnemonic(f"Take {name}'s version"), self)
            button.setToolTip(plain_tooltip(
                f"Make {name}'s annotations of this article the gold layer (replacing it)"))
            has = bool(store.annotations(self.article_id, statuses=("accepted",),
                                         annotator=name))
            button.setEnabled(has)
            button.clicked.connect(lambda _checked=False, n=name: self.take_version(n))
            self.version_buttons[name] = button
            self.version_bar.addWidget(button)
        self.version_bar.addStretch(1)

    # -- selection ---------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """Annotation ids in the current cell (an annotator's or the gold layer's version)."""
        item = self.table.currentItem()
        if item is None or item.column() < 2:
            return []
        return list(item.data(ID_ROLE) or [])

    def select_cell(self, row: int, annotator: str) -> None:
        """Make one annotator's cell of a row current."""
        self.table.setCurrentCell(row, 2 + self.names.index(annotator))

    def _update_buttons(self) -> None:
        item = self.table.currentItem()
        ids = self.selected_ids()
        name = self.names[item.column() - 2] if item is not None and item.column() >= 2 else ""
        usable = bool(ids) and name != GOLD_ANNOTATOR
        self.item_button.setEnabled(usable)
        self.item_button.setText(no_mnemonic(f"Take {name}'s item") if usable
                                 else "Take this item")
        self.jump_button.setEnabled(item is not None)

    # -- actions -----------------------------------------------------------------------------------
    def _run(self, command: StoreCommand) -> bool:
        try:
            return self.session.execute(command)
        except StoreError as error:
            show_warning(self, "Adjudication", str(error))
            return False

    def take_version(self, annotator: str) -> bool:
        """Make ``annotator``'s version the gold layer (undoable)."""
        return self._run(TakeVersionCommand(self.session, self.article_id, annotator))

    def take_item(self, annotation_ids: list[int]) -> bool:
        """Copy annotations into the gold layer as one undo step."""
        if not annotation_ids:
            return False
        if len(annotation_ids) == 1:
            return self._run(TakeItemCommand(self.session, annotation_ids[0]))
        from annotator.gui.commands import CompositeCommand

        parts: list[StoreCommand] = [TakeItemCommand(self.session, i) for i in annotation_ids]
        return self._run(CompositeCommand(self.session, "Take items", parts))

    def take_selected_item(self) -> bool:
        """Take this item: the selected cell's annotation(s) into the gold layer."""
        item = self.table.currentItem()
        if item is None or item.column() < 2 or self.names[item.column() - 2] == GOLD_ANNOTATOR:
            return False
        return self.take_item(self.selected_ids())

    def jump(self) -> None:
        """Open the article at the selected row (its first annotation shown)."""
        row = self.table.currentRow()
        ids = self.selected_ids()
        if not ids and 0 <= row < len(self.rows):
            ids = [a.id for items in self.rows[row].versions.values() for a in items][:1]
        target = ids[0] if ids else -1
        self.jumpRequested.emit(self.article_id, target)
        if self.open_article is not None:
            self.open_article(self.article_id, target if target >= 0 else None)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (obj is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.take_selected_item()
            else:
                self.jump()
            return True
        return super().eventFilter(obj, event)

    def changeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.PaletteChange,  # type: ignore[attr-defined]
                            QEvent.Type.ApplicationPaletteChange) and self.rows:
            self._fill_table()
        super().changeEvent(event)  # type: ignore[arg-type]

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self._timer.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
