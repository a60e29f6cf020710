"""Inter-annotator agreement in the app: the figures of ``agreement_report``, as tables.

One table per family of figures (quote spans, speakers, claim categories on sentences, claim
categories on matched claims), a row per pair of annotators and one for all of them together.
"–" marks an undefined figure (no items, or no variation); an empty cell a figure that does
not exist for that row (Cohen's kappa is for pairs, Krippendorff's alpha over all). The
figures are recomputed when the project changes, the scope or the annotators chosen.
"""

from __future__ import annotations

import csv
import io
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.adjudication import GOLD_ANNOTATOR
from annotator.core.agreement_report import (
    AgreementReport,
    GroupAgreement,
    PairAgreement,
    ScopeAgreement,
    agreement_report,
    default_annotators,
)
from annotator.core.model import Changes
from annotator.core.store import StoreError
from annotator.gui.models import plain_tooltip
from annotator.gui.pickers import no_mnemonic, plain_label
from annotator.gui.session import ProjectSession
from annotator.gui.timers import debounce

UNDEFINED = "–"
SLOW_SECONDS = 1.5  # slower than this, figures wait for Recompute instead of following edits


def figure_text(value: float, fmt: str = "num") -> str:
    """How a figure is shown: 3 decimals ("num"), a percentage ("pct"), "–" when undefined."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNDEFINED
    if fmt == "pct":
        return f"{100 * value:.1f}%"
    if fmt == "num":
        return f"{value:.3f}"
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column of a table: header, what it means, the value for a pair and for all."""

    header: str
    tip: str
    pair: Callable[[PairAgreement], Any] | None
    group: Callable[[GroupAgreement], Any] | None
    fmt: str = "num"  # num, pct, int, text


TABLES: tuple[tuple[str, str, tuple[Column, ...]], ...] = (
    ("quotes", "Quote spans", (
        Column("Articles", "Articles both (all: at least two) annotators annotated",
               lambda p: p.articles, lambda g: g.articles, "int"),
        Column("Quotes", "Quotes of the first / second annotator in those articles",
               lambda p: f"{p.quotes_a} / {p.quotes_b}", None, "text"),
        Column("F1 exact", "Quote spans matching exactly: 2 × matched / (quotes a + quotes b)",
               lambda p: p.quote_f1_exact, None),
        Column("F1 overlap", "Quote spans overlapping by at least the threshold of both spans",
               lambda p: p.quote_f1_overlap, None),
        Column("Unitizing α", "Krippendorff's unitizing alpha over the text (quote or not); "
               "for all annotators on the articles every one of them annotated",
               lambda p: p.quote_unitizing_alpha, lambda g: g.quote_unitizing_alpha),
        Column("α articles", "Articles the all-annotator unitizing alpha is computed on",
               None, lambda g: g.quote_alpha_articles, "int"),
    )),
    ("speakers", "Speakers of matched quotes", (
        Column("Matched quotes", "Pairs: overlap-matched quotes; all: clusters of "
               "overlapping quotes rated by at least two annotators",
               lambda p: p.speaker_items, lambda g: g.speaker_units, "int"),
        Column("Cohen's κ", "Cohen's kappa on the speakers of matched quotes",
               lambda p: p.speaker_kappa, None),
        Column("Agreement", "Raw agreement on the speakers of matched quotes",
               lambda p: p.speaker_agreement, None, "pct"),
        Column("Krippendorff's α", "Nominal alpha over clusters of overlapping quotes",
               None, lambda g: g.speaker_alpha),
    )),
    ("sentences", "Claim categories per sentence", (
        Column("Sentences", "Sentences compared (each takes the category of the claim "
               "overlapping it most, or 'no claim')",
               lambda p: p.sentence_items, lambda g: g.sentence_items, "int"),
        Column("Cohen's κ", "Cohen's kappa on sentence categories",
               lambda p: p.category_kappa_sentences, None),
        Column("Krippendorff's α", "Nominal alpha on sentence categories, all annotators",
               None, lambda g: g.category_alpha_sentences),
        Column("Gwet's AC1", "Gwet's AC1 on sentence categories",
               lambda p: p.category_ac1_sentences, lambda g: g.category_ac1_sentences),
        Column("Agreement", "Raw agreement on sentence categories",
               lambda p: p.category_agreement_sentences,
               lambda g: g.category_agreement_sentences, "pct"),
    )),
    ("claims", "Claim categories on matched claims", (
        Column("Claims", "Claims of the first / second annotator",
               lambda p: f"{p.claims_a} / {p.claims_b}", None, "text"),
        Column("F1 overlap", "Claim spans overlapping by at least the threshold of both spans",
               lambda p: p.claim_f1_overlap, None),
        Column("Matched", "Pairs: overlap-matched claims; all: clusters of overlapping claims",
               lambda p: p.span_items, lambda g: g.span_units, "int"),
        Column("Cohen's κ", "Cohen's kappa on the categories of matched claims",
               lambda p: p.category_kappa_spans, None),
        Column("Krippendorff's α", "Nominal alpha over clusters of overlapping claims",
               None, lambda g: g.category_alpha_spans),
        Column("Gwet's AC1", "Gwet's AC1 on the categories of matched claims",
               lambda p: p.category_ac1_spans, lambda g: g.category_ac1_spans),
        Column("Agreement", "Raw agreement on the categories of matched claims",
               lambda p: p.category_agreement_spans, None, "pct"),
    )),
)


def scope_rows(scope: ScopeAgreement) -> list[tuple[str, PairAgreement | GroupAgreement]]:
    """The rows of every table: each pair, then all annotators together."""
    rows: list[tuple[str, PairAgreement | GroupAgreement]] = [
        (f"{p.annotator_a} – {p.annotator_b}", p) for p in scope.pairs
    ]
    rows.append((f"all ({len(scope.overall.annotators)})", scope.overall))
    return rows


def cell_value(column: Column, row: PairAgreement | GroupAgreement) -> Any:
    """A column's raw value for a row, or None when it does not apply."""
    getter = column.pair if isinstance(row, PairAgreement) else column.group
    return getter(row) if getter is not None else None


def report_csv(report: AgreementReport, scope: ScopeAgreement | None = None) -> str:
    """The tables as CSV in long form: scope, table, annotators, figure, value (empty when
    undefined; rates as fractions with 6 decimals)."""
    scope = scope or report.project
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["scope", "table", "annotators", "figure", "value"])
    for _, title, columns in TABLES:
        for label, row in scope_rows(scope):
            for column in columns:
                value = cell_value(column, row)
                if value is None:
                    continue
                if isinstance(value, float):
                    value = "" if math.isnan(value) else f"{value:.6f}"
                writer.writerow([scope.label, title, label, column.header, value])
    return out.getvalue()


class FigureTable(QTableWidget):
    """One family of figures: a row per pair plus 'all', plain-text cells, no editing."""

    def __init__(self, columns: tuple[Column, ...], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns) + 1, parent)
        self.columns = columns
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setAlternatingRowColors(True)
        headers = ["Annotators", *(c.header for c in columns)]
        self.setHorizontalHeaderLabels(headers)
        for i, column in enumerate(columns, start=1):
            self.horizontalHeaderItem(i).setToolTip(plain_tooltip(column.tip))
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for i in range(1, len(columns) + 1):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)

    def show_scope(self, scope: ScopeAgreement) -> None:
        """Fill the rows for one scope."""
        rows = scope_rows(scope)
        self.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        for r, (label, row) in enumerate(rows):
            name = QTableWidgetItem(label)
            name.setToolTip(plain_tooltip(label))
            if isinstance(row, GroupAgreement):
                name.setFont(bold)
                name.setToolTip(plain_tooltip("All together: " + ", ".join(row.annotators)))
            self.setItem(r, 0, name)
            for c, column in enumerate(self.columns, start=1):
                value = cell_value(column, row)
                text = "" if value is None else figure_text(value, column.fmt)
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if text == UNDEFINED:
                    item.setToolTip(plain_tooltip("undefined: no items, or no variation"))
                self.setItem(r, c, item)
        self._fit_height()

    def _fit_height(self) -> None:
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        self.setFixedHeight(height + 2)

    def cell_text(self, row_label: str, header: str) -> str:
        """The text shown for a row (e.g. ``'ana – budi'`` or ``'all (2)'``) and a column."""
        column = ["Annotators", *(c.header for c in self.columns)].index(header)
        for r in range(self.rowCount()):
            if self.item(r, 0).text() == row_label:
                return self.item(r, column).text()
        raise KeyError(row_label)


class AgreementView(QDialog):
    """Scope, annotators, threshold; the tables; Copy as CSV and Save JSON."""

    def __init__(self, session: ProjectSession,
                 current_article: Callable[[], int | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.current_article = current_article or (lambda: None)
        self.report: AgreementReport | None = None
        self.setWindowTitle("Agreement")
        self.resize(900, 720)
        self.scope_box = QComboBox(self)
        self.scope_box.addItem("Whole project", "project")
        self.scope_box.addItem("Current article", "article")
        self.scope_box.currentIndexChanged.connect(lambda _i: self.recompute())
        self.annotator_boxes: dict[str, QCheckBox] = {}
        holder = QWidget()
        self._annotator_row = QHBoxLayout(holder)
        self._annotator_row.setContentsMargins(0, 0, 0, 0)
        self._annotator_row.addStretch(1)
        self.annotator_list = QScrollArea(self)
        self.annotator_list.setWidget(holder)
        self.annotator_list.setWidgetResizable(True)
        self.annotator_list.setFrameShape(QScrollArea.Shape.NoFrame)
        self.annotator_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.annotator_list.setFixedHeight(self.fontMetrics().height() + 12)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.05, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.5)
        self.threshold.setToolTip("Overlap matching: the overlap covers at least this share of "
                                  "both spans")
        self.threshold.valueChanged.connect(lambda _v: self.recompute())
        self.annotator_list.setToolTip("Annotators compared (those with accepted annotations)")
        self.scope_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        first = QHBoxLayout()
        first.addWidget(plain_label("Scope:", self))
        first.addWidget(self.scope_box)
        first.addSpacing(24)
        first.addWidget(plain_label("Overlap threshold:", self))
        first.addWidget(self.threshold)
        first.addStretch(1)
        form = QFormLayout()
        form.addRow(first)
        form.addRow("Annotators:", self.annotator_list)
        self.status = plain_label("", self)
        self.status.setWordWrap(True)
        self.tables: dict[str, FigureTable] = {}
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        for key, title, columns in TABLES:
            heading = plain_label(title, body)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            table = FigureTable(columns, body)
            table.setObjectName(f"table_{key}")
            self.tables[key] = table
            body_layout.addWidget(heading)
            body_layout.addWidget(table)
        body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._seconds = 0.0
        self._stale = False
        self.recompute_button = QPushButton("Recompute", self)
        self.recompute_button.setToolTip("Figures follow the project's changes by themselves "
                                         "unless computing them takes long")
        self.recompute_button.setEnabled(False)
        self.recompute_button.clicked.connect(self.refresh)
        self.copy_button = QPushButton("Copy as CSV", self)
        self.copy_button.clicked.connect(self.copy_csv)
        self.json_button = QPushButton("Save JSON…", self)
        self.json_button.clicked.connect(self._ask_save_json)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recompute_button)
        buttons.addStretch(1)
        for button in (self.copy_button, self.json_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._timer = debounce(self, 400, self.refresh)
        session.changed.connect(self._on_changed)
        self.refresh()

    # -- choosing ----------------------------------------------------------------------------------
    def _fill_annotators(self) -> None:
        """One check box per annotator (ticked by default; gold not), keeping earlier choices."""
        store = self.session.store
        names = default_annotators(store)
        if GOLD_ANNOTATOR in store.annotators():
            names.append(GOLD_ANNOTATOR)
        if names == list(self.annotator_boxes):
            return
        known = {n: box.isChecked() for n, box in self.annotator_boxes.items()}
        for box in self.annotator_boxes.values():
            self._annotator_row.removeWidget(box)
            box.deleteLater()
        self.annotator_boxes = {}
        for i, name in enumerate(names):
            box = QCheckBox(no_mnemonic(name))
            box.setChecked(known.get(name, name != GOLD_ANNOTATOR))
            box.setToolTip(plain_tooltip(name))
            box.toggled.connect(lambda _on: self.recompute())
            self._annotator_row.insertWidget(i, box)
            self.annotator_boxes[name] = box

    def chosen_annotators(self) -> list[str]:
        """The annotators ticked."""
        return [name for name, box in self.annotator_boxes.items() if box.isChecked()]

    def set_annotators(self, names: list[str]) -> None:
        """Tick exactly these annotators (and recompute)."""
        for name, box in self.annotator_boxes.items():
            box.blockSignals(True)
            box.setChecked(name in names)
            box.blockSignals(False)
        self.recompute()

    def set_scope(self, scope: str) -> None:
        """``"project"`` or ``"article"`` (the window's current article)."""
        self.scope_box.setCurrentIndex(self.scope_box.findData(scope))

    # -- computing ---------------------------------------------------------------------------------
    def _on_changed(self, change: Changes) -> None:
        if not (change.annotations or change.sentences or change.speakers
                or change.categories):
            return  # metadata or status only: no figure moves
        if not self.isVisible():
            self._stale = True
        elif self._seconds > SLOW_SECONDS:
            self._stale = True
            self.recompute_button.setEnabled(True)
            self.status.setText("The project changed: press Recompute for the new figures.")
        else:
            self._timer.start()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        if self._stale:
            self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Re-read the annotators and recompute (after the project changed)."""
        self._fill_annotators()
        self.recompute()

    def recompute(self) -> None:
        """Compute the report for the chosen scope and annotators and show it."""
        self._stale = False
        self.recompute_button.setEnabled(False)
        started = time.perf_counter()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._compute()
        finally:
            QGuiApplication.restoreOverrideCursor()
            self._seconds = time.perf_counter() - started

    def _compute(self) -> None:
        names = self.chosen_annotators()
        article = self.current_article()
        by_article = self.scope_box.currentData() == "article"
        self.scope_box.model().item(1).setEnabled(article is not None)
        if by_article and article is None:
            self._show_message("No article is open: choose one in the list.")
            return
        if len(names) < 2:
            self._show_message("Agreement needs at least two annotators: tick two or more "
                               "(annotators are those with accepted annotations).")
            return
        try:
            self.report = agreement_report(
                self.session.store, [article] if by_article and article is not None else None,
                names, threshold=self.threshold.value(), per_article=False,
            )
        except StoreError as error:
            self._show_message(str(error))
            return
        scope = self.report.project
        for table in self.tables.values():
            table.show_scope(scope)
        if by_article and article is not None:
            title = self.session.store.get_article(article).title or f"article {article}"
            where = f"Article: {title}"
        else:
            where = f"Whole project: {len(scope.article_ids)} article(s), " \
                    f"{scope.overall.articles} annotated by at least two of them"
        self.status.setText(f"{where}. Accepted annotations only; overlap matching: at least "
                            f"{self.threshold.value():.0%} of both spans. "
                            f"'{UNDEFINED}' = undefined (no items or no variation).")
        self.copy_button.setEnabled(True)
        self.json_button.setEnabled(True)

    def _show_message(self, text: str) -> None:
        self.report = None
        self.status.setText(text)
        for table in self.tables.values():
            table.setRowCount(0)
            table._fit_height()
        self.copy_button.setEnabled(False)
        self.json_button.setEnabled(False)

    # -- output ------------------------------------------------------------------------------------
    def csv_text(self) -> str:
        """The figures shown, as CSV (empty when nothing is shown)."""
        return report_csv(self.report) if self.report is not None else ""

    def copy_csv(self) -> None:
        """Copy the figures as CSV to the clipboard."""
        QGuiApplication.clipboard().setText(self.csv_text())
        self.copy_button.setText("Copied ✓")
        QTimer.singleShot(1500, self.copy_button, self._reset_copy_label)  # dies with the view

    def _reset_copy_label(self) -> None:
        self.copy_button.setText("Copy as CSV")

    def save_json(self, path: str | Path) -> None:
        """Write the report for the scope and annotators shown, with one scope per article
        (``AgreementReport.to_dict()``, as ``annotator agreement --json``), as JSON."""
        if self.report is None:
            raise ValueError("no agreement figures to save")
        full = agreement_report(self.session.store, list(self.report.project.article_ids),
                                list(self.report.annotators), threshold=self.report.threshold)
        Path(path).write_text(json.dumps(full.to_dict(), ensure_ascii=False, indent=2) + "\n",
                              encoding="utf-8")

    def _ask_save_json(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save agreement JSON", "agreement.json",
                                              "JSON (*.json)")
        if path:
            self.save_json(path)

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self._timer.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
