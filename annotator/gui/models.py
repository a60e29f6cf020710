"""Qt item models over the store: the article list, the speaker registry, the taxonomy.

All text is shown as plain text (item views never interpret DisplayRole as HTML); tooltips,
which Qt would read as rich text, go through :func:`plain_tooltip`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from annotator.core.model import ArticleSummary, Category, Speaker
from annotator.core.store import ProjectError, Store
from annotator.gui.icons import same_in_every_mode

Index = QModelIndex | QPersistentModelIndex
STATUS_LABELS = {"new": "new", "in_progress": "in progress", "done": "done"}
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _ALIGNMENT, ID_ROLE))  # the article list's roles
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def escape_html(text: str) -> str:
    """``html.escape(text)`` (quotes too) without importing ``html``, whose entity table costs
    about 2 ms of start-up."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt would render markup in a plain string)."""
    return "<p style='white-space:pre-wrap'>" + escape_html(text) + "</p>"


class _ColumnsModel(QAbstractTableModel):
    """A table whose columns are the titles in ``COLUMNS``."""

    COLUMNS: tuple[str, ...] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:  # noqa: N802
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == _DISPLAY and horizontal and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None


class ArticleListModel(_ColumnsModel):
    """Article ids, with summaries fetched lazily a page at a time (fast at 100,000 rows)."""

    COLUMNS = ("Title", "Outlet", "Date", "Status", "Q", "C", "S")
    COLUMN_TIPS = ("", "", "", "", "Accepted quotes", "Accepted claims", "Pending suggestions")
    PAGE = 50  # rows per summaries query: about one screenful (the first paint waits for it)
    CACHE_PAGES = 80

    # Rows could not be read (a damaged page of the project file): said once per reload; the
    # rows show empty rather than the view asking again on every paint.
    failed = Signal(str)

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.search = ""
        self.status: str | None = None
        self._ids: Sequence[int] = []  # ascending (row_of bisects); a range when no gaps
        self._pages: OrderedDict[int, list[ArticleSummary | None]] = OrderedDict()
        self._failed = False
        self.reload()

    # -- filtering ------------------------------------------------------------------------------
    def set_filter(self, search: str | None = None, status: str | None = "") -> None:
        """Change the search text and/or status filter ('' keeps, None clears the status)."""
        if search is not None:
            self.search = search
        if status != "":
            self.status = status
        self.reload()

    def reload(self) -> None:
        """Fetch the id list again (after imports, deletions or a new filter)."""
        self.beginResetModel()
        try:
            if not self.search and self.status is None:
                self._ids = self.store.all_article_ids()
            else:
                self._ids = self.store.article_ids(search=self.search or None, status=self.status)
        except Exception:  # a search the full-text index cannot parse shows nothing
            self._ids = []
        self._pages.clear()
        self._failed = False
        self.endResetModel()

    def refresh(self, article_ids: set[int] | frozenset[int]) -> None:
        """Re-read the summaries of some articles (their counts or status changed)."""
        for article_id in article_ids:
            row = self.row_of(article_id)
            if row is None:
                continue
            page = self._pages.get(row // self.PAGE)
            if page is not None:
                page[row % self.PAGE] = None
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # -- lookups --------------------------------------------------------------------------------
    def article_id(self, row: int) -> int | None:
        """The article id at a row."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        """The row of an article id (None when filtered out)."""
        row = bisect_left(self._ids, article_id)
        return row if row < len(self._ids) and self._ids[row] == article_id else None

    def ids(self) -> list[int]:
        """All ids in list order."""
        return list(self._ids)

    def summary(self, row: int) -> ArticleSummary | None:
        """The summary at a row, fetching its page when needed."""
        if not 0 <= row < len(self._ids):
            return None
        number, offset = divmod(row, self.PAGE)
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number)
        else:
            self._pages.move_to_end(number)
        item = page[offset]
        if item is None and not self._failed:
            found = self._summaries([self._ids[row]])
            item = found[0] if found else None
            page[offset] = item
        return item

    def _summaries(self, ids: list[int]) -> list[ArticleSummary]:
        """The store's summaries of `ids`. Where the file cannot be read (a damaged page) the
        ids are read one by one, and those that still fail are left out."""
        try:
            return self.store.article_summaries(ids)
        except ProjectError as error:
            if not self._failed:
                self._failed = True
                self.failed.emit(str(error))
        found: list[ArticleSummary] = []
        for article_id in ids if len(ids) > 1 else ():
            try:
                found.extend(self.store.article_summaries([article_id]))
            except ProjectError:
                continue
        return found

    def _fetch(self, number: int) -> list[ArticleSummary | None]:
        ids = list(self._ids[number * self.PAGE : (number + 1) * self.PAGE])
        by_id = {s.id: s for s in self._summaries(ids)}
        page: list[ArticleSummary | None] = [by_id.get(i) for i in ids]
        self._pages[number] = page
        while len(self._pages) > self.CACHE_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = index.row()
        if not index.isValid() or not (0 <= row < len(self._ids)):
            return None
        return self._value(row, index.column(), role)

    def multiData(self, index: Index, roleDataSpan: Any) -> None:  # noqa: N802, N803
        """data() for the roles a view asks for at once: painting a cell is one call into
        Python instead of seven (one per role), 224 calls instead of 1,568 at first paint."""
        row = index.row()
        if not index.isValid() or not (0 <= row < len(self._ids)):
            for item in roleDataSpan:
                item.clearData()
            return
        col = index.column()
        for item in roleDataSpan:
            role = item.role()
            if role in _ROLES:
                item.setData(self._value(row, col, role))
            else:
                item.clearData()

    def _value(self, row: int, col: int, role: int) -> Any:
        if role == ID_ROLE:
            return self._ids[row]
        if role not in _ROLES:
            return None
        if role == _ALIGNMENT:
            return _RIGHT if col >= 4 else None
        s = self.summary(row)
        if s is None:
            return None
        values = (
            s.title or f"(untitled #{s.id})",
            s.outlet or "",
            s.published or "",
            STATUS_LABELS.get(s.status, s.status),
            s.quote_count,
            s.claim_count,
            s.suggestion_count or "",
        )
        value = values[col] if 0 <= col < len(values) else None
        if role == _TOOLTIP:
            return plain_tooltip(str(value)) if col <= 1 and value else None
        return value


class _RecordTableModel(_ColumnsModel):
    """A table over a list of records (`_records()`), one column per name in COLUMNS."""

    def _records(self) -> list[Any]:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._records())


class SpeakersModel(_RecordTableModel):
    """The speaker registry; name/aliases/role/organization are edited through ``on_edit``."""

    COLUMNS = ("Name", "Aliases", "Role", "Organization", "Quotes")
    FIELDS = ("name", "aliases", "role", "organization", None)

    def __init__(self, store: Store, parent: Any = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self.store = store
        self.speakers: list[Speaker] = []
        self.on_edit: Any = None  # callable(speaker_id, field, value) set by the panel
        if load:  # else empty until ``reload``
            self.reload()

    def reload(self) -> None:
        """Read the registry again."""
        self.beginResetModel()
        self.speakers = self.store.speakers()
        self.endResetModel()

    def _records(self) -> list[Speaker]:
        return self.speakers

    def speaker(self, row: int) -> Speaker | None:
        """The speaker record at a row."""
        return self.speakers[row] if 0 <= row < len(self.speakers) else None

    def row_of(self, speaker_id: int) -> int | None:
        """Row of a speaker id."""
        return next((i for i, s in enumerate(self.speakers) if s.id == speaker_id), None)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() < 4:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        s = self.speaker(index.row()) if index.isValid() else None
        if s is None:
            return None
        if role == ID_ROLE:
            return s.id
        values = (s.name, ", ".join(s.aliases), s.role or "", s.organization or "",
                  s.annotation_count)
        col = index.column()
        if role in (_DISPLAY, Qt.ItemDataRole.EditRole) and 0 <= col < len(values):
            return values[col]
        if role == _TOOLTIP and col < 4 and values[col]:
            return plain_tooltip(str(values[col]))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        s = self.speaker(index.row()) if index.isValid() else None
        field = self.FIELDS[index.column()] if s and index.column() < 4 else None
        if s is None or field is None or role != Qt.ItemDataRole.EditRole or self.on_edit is None:
            return False
        text = str(value).strip()
        if field == "aliases":
            new: Any = tuple(a.strip() for a in text.split(",") if a.strip())
        elif field == "name":
            if not text:
                return False
            new = text
        else:
            new = text or None
        if new == (getattr(s, field) or (None if field != "aliases" else ())):
            return False
        return bool(self.on_edit(s.id, field, new))


_SWATCHES: dict[str, QIcon] = {}


def color_swatch(color: str, size: int = 16) -> QIcon:
    """A category's colour as an icon that looks the same on a selected row.

    A bare QColor decoration becomes an icon whose *selected* pixmap Qt tints with the
    highlight colour, so the selected row lost its true colour (and a blue category vanished
    into the blue highlight). The same pixmap for every mode, with a light ring and a dark
    outline, keeps the swatch visible on any background.
    """
    icon = _SWATCHES.get(color)
    if icon is None:
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        # drawRect without a pen fills as fillRect would; calling fillRect from Python loads
        # QGradient and its enums (~1.2 ms of the first window) to match its overloads
        painter.setPen(Qt.PenStyle.NoPen)
        rings = ((0, QColor(60, 60, 60)), (1, QColor(255, 255, 255)), (2, QColor(color)))
        for inset, fill in rings:
            painter.setBrush(fill)
            painter.drawRect(inset, inset, size - 2 * inset, size - 2 * inset)
        painter.end()
        icon = same_in_every_mode(pix)
        _SWATCHES[color] = icon
    return icon


class TaxonomyModel(_RecordTableModel):
    """The claim categories in order: digit, name, color swatch, description."""

    COLUMNS = ("Key", "Category", "Description")

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.categories: list[Category] = []
        self.on_edit: Any = None  # callable(category_id, field, value)
        self.reload()

    def reload(self) -> None:
        """Read the taxonomy again."""
        self.beginResetModel()
        self.categories = self.store.categories()
        self.endResetModel()

    def _records(self) -> list[Category]:
        return self.categories

    def category(self, row: int) -> Category | None:
        """Category at a row."""
        return self.categories[row] if 0 <= row < len(self.categories) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        c = self.category(index.row()) if index.isValid() else None
        if c is None:
            return None
        col = index.column()
        if role == ID_ROLE:
            return c.id
        if role in (_DISPLAY, Qt.ItemDataRole.EditRole):
            return (c.shortcut or "", c.name, c.description or "")[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return color_swatch(c.color)
        if role == _TOOLTIP and col in (1, 2):
            return plain_tooltip(c.name + ("\n\n" + c.description if c.description else ""))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        c = self.category(index.row()) if index.isValid() else None
        if c is None or role != Qt.ItemDataRole.EditRole or self.on_edit is None:
            return False
        text = str(value).strip()
        col = index.column()
        if col == 0:
            if text and not (len(text) == 1 and text in "123456789"):
                return False
            return bool(self.on_edit(c.id, "shortcut", text or None))
        if col == 1:
            return bool(text) and text != c.name and bool(self.on_edit(c.id, "name", text))
        return bool(self.on_edit(c.id, "description", text or None))
