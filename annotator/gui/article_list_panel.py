"""The article list: search box, status filter, the lazy table, and the empty-project offer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.store import Store
from annotator.gui.icons import set_icon
from annotator.gui.labels import plain_label
from annotator.gui.models import ArticleListModel


class ArticleListPanel(QWidget):
    """Emits ``articleChosen(id)``; shows an import offer while the project is empty."""

    #: Outlet, Date, Status, Q, C, S: initial widths (the title takes the rest)
    COLUMN_WIDTHS = {1: 76, 2: 80, 3: 76, 4: 26, 5: 26, 6: 28}
    #: Hidden in this order while the title would get less than TITLE_MIN pixels
    HIDE_ORDER = (1, 2, 3)
    TITLE_MIN = 100

    articleChosen = Signal(int)  # noqa: N815
    importSamplesRequested = Signal()  # noqa: N815
    importFilesRequested = Signal()  # noqa: N815

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ArticleListModel(store, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search articles…")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_typed)
        self.status = QComboBox(self)
        for text, key in (("All", None), ("New", "new"), ("In progress", "in_progress"),
                          ("Done", "done")):
            self.status.addItem(text, key)
        self.status.currentIndexChanged.connect(self._apply_status)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        self.table = QTableView(self)
        # its viewport wrapped as a plain QWidget (see ArticleView.__init__): a first
        # viewport() call would load every QWidget subclass of QtWidgets to type it
        self._viewport = self.table.findChild(QWidget, "qt_scrollarea_viewport",
                                              Qt.FindChildOption.FindDirectChildrenOnly)
        # the row header is hidden and sized before the model comes: a visible one would lay
        # out a section per row (100,000 at a year's work, ~2 ms) only to hide them again
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in self.COLUMN_WIDTHS.items():
            header.resizeSection(col, width)
        # a narrow list drops columns rather than squeezing the title or scrolling sideways
        self._viewport.installEventFilter(self)
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._activated)
        self._offer: QFrame | None = None  # built when first needed (an empty project)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.update_offer()

    @property
    def offer(self) -> QFrame:
        """The import offer shown above the list while the project is empty."""
        if self._offer is None:
            self._offer = self._make_offer()
            self._offer.hide()
            self._layout.insertWidget(1, self._offer)
        return self._offer

    @property
    def samples_button(self) -> QPushButton:
        """The offer's "Import the sample articles" button."""
        return self.offer.findChild(QPushButton, "importSamplesButton")

    def _make_offer(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("emptyProjectOffer")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        box.setContentsMargins(14, 12, 14, 12)
        title = plain_label("This project has no articles yet.", frame)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        text = plain_label(
            "Start with the bundled sample articles (Indonesian and English news), "
            "or import your own .txt files, folders, JSONL or JSON exports.", frame)
        text.setWordWrap(True)
        samples = QPushButton("Import the sample articles", frame)
        set_icon(samples, "import")
        samples.setObjectName("importSamplesButton")
        samples.clicked.connect(self.importSamplesRequested.emit)
        files = QPushButton("Import files…", frame)
        set_icon(files, "open")
        files.clicked.connect(self.importFilesRequested.emit)
        row = QHBoxLayout()
        row.addWidget(samples)
        row.addWidget(files)
        row.addStretch(1)
        box.addWidget(title)
        box.addWidget(text)
        box.addLayout(row)
        return frame

    def update_offer(self) -> None:
        """Show the import offer only while the project has no articles at all."""
        model = self.model
        unfiltered = not model.search and model.status is None
        empty = (model.rowCount() if unfiltered else model.store.count_articles()) == 0
        if empty:
            self.offer.setVisible(True)
        elif self._offer is not None:
            self._offer.setVisible(False)

    def reload(self) -> None:
        """Re-read the id list (after imports) keeping the current article selected."""
        current = self.current_id()
        self.model.reload()
        self.update_offer()
        if current is not None:
            self.select(current)

    def current_id(self) -> int | None:
        """The selected article id."""
        index = self.table.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def select(self, article_id: int) -> None:
        """Select (without emitting) an article's row and scroll to it."""
        row = self.model.row_of(article_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def neighbour(self, article_id: int | None, delta: int) -> int | None:
        """The article ``delta`` rows away from ``article_id`` in the current list."""
        row = self.model.row_of(article_id) if article_id is not None else None
        target = (0 if delta > 0 else self.model.rowCount() - 1) if row is None else row + delta
        return self.model.article_id(target)

    def _activated(self, index) -> None:  # noqa: ANN001
        article_id = self.model.article_id(index.row())
        if article_id is not None:
            self.articleChosen.emit(article_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return False

    def fit_columns(self) -> None:
        """Show as many columns as leave the title TITLE_MIN pixels; hide the rest (outlet
        first, then date, then status: in a 300-pixel list at 1024×640 the title showed
        five letters)."""
        header = self.table.horizontalHeader()
        width = self._viewport.width()
        sizes = {c: (w if header.isSectionHidden(c) else header.sectionSize(c))
                 for c, w in self.COLUMN_WIDTHS.items()}
        hidden: set[int] = set()
        for col in (None, *self.HIDE_ORDER):
            if col is not None:
                hidden.add(col)
            if width - sum(w for c, w in sizes.items() if c not in hidden) >= self.TITLE_MIN:
                break
        for col in self.COLUMN_WIDTHS:
            if header.isSectionHidden(col) != (col in hidden):
                header.setSectionHidden(col, col in hidden)
                if col not in hidden:
                    header.resizeSection(col, sizes[col])

    def stop_timers(self) -> None:
        """Drop a pending search (the window is closing)."""
        self._search_timer.stop()

    SHORT_WORD_WAIT_MS = 250  # a 1-2 letter prefix matches nearly everything: wait for more
    WORD_WAIT_MS = 30  # a longer word is answered in ~10-15 ms at 100,000 articles

    def _search_typed(self, text: str) -> None:
        """Filter shortly after typing pauses; longer after a short (slow, likely unfinished)
        prefix."""
        words = text.split()
        short = bool(words) and len(words[-1]) < 3 and not text.endswith(" ")
        self._search_timer.start(self.SHORT_WORD_WAIT_MS if short else self.WORD_WAIT_MS)

    def _apply_search(self) -> None:
        self.model.set_filter(search=self.search.text())

    def _apply_status(self, _index: int) -> None:
        self.model.set_filter(status=self.status.currentData())
