"""Statistics: accepted quotes per speaker, claims per category, articles per outlet and month.

Each tab shows one chart (``charts.py``) drawn from ``store.stats()``; the buttons save the
chart shown as PNG or SVG and its numbers as CSV. The numbers are re-read when the project
changes (debounced, and only while the window is open).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Changes
from annotator.gui.pickers import plain_label
from annotator.gui.session import ProjectSession
from annotator.gui.team.charts import Bar, BarChart, Chart, ChartData, TimelineChart, month_series
from annotator.gui.timers import debounce

# tab key -> (tab title, chart title, value name, label name)
TABS = {
    "speakers": ("Speakers", "Accepted quotes per speaker", "quotes", "speaker"),
    "categories": ("Categories", "Accepted claims per category", "claims", "category"),
    "outlets": ("Outlets", "Articles per outlet", "articles", "outlet"),
    "months": ("Over time", "Articles per month of publication", "articles", "month"),
}


DEFAULT_BARS = 30


def limited(data: ChartData, limit: int | None) -> ChartData:
    """The first ``limit`` bars (the largest: stats come sorted by count), noting the rest."""
    if limit is None or len(data.bars) <= limit:
        return data
    rest = data.bars[limit:]
    note = (f"the {limit} largest of {len(data.bars)} shown; {len(rest)} more with "
            f"{sum(b.value for b in rest)} {data.value_name} in the CSV")
    return replace(data, bars=data.bars[:limit], notes=(*data.notes, note))


def chart_data(session: ProjectSession) -> dict[str, ChartData]:
    """The four charts' numbers from ``store.stats()`` (categories in taxonomy order/colors)."""
    store = session.store
    numbers = store.stats()
    categories = store.categories()
    by_key = {c.key: c for c in categories}
    claims = numbers.get("claims_by_category", {})
    category_bars = [Bar(c.name, claims[c.key], c.color) for c in categories if c.key in claims]
    category_bars += [Bar(key, n) for key, n in claims.items() if key not in by_key]
    months, undated = month_series(numbers.get("articles_by_month", {}))
    total_quotes = sum(numbers.get("quotes_by_speaker", {}).values())
    out: dict[str, ChartData] = {}
    for key, bars in (
        ("speakers", [Bar(k, v) for k, v in numbers.get("quotes_by_speaker", {}).items()]),
        ("categories", category_bars),
        ("outlets", [Bar(k, v) for k, v in numbers.get("articles_by_outlet", {}).items()]),
        ("months", months),
    ):
        _, title, value_name, label_name = TABS[key]
        notes: tuple[str, ...] = ()
        if key == "speakers":
            notes = (f"{total_quotes} accepted quote(s), {len(bars)} speaker(s); every "
                     "annotator's quotes count (the gold layer too)",)
        elif key == "categories":
            notes = (f"{sum(b.value for b in bars)} accepted claim(s); every annotator's "
                     "claims count (the gold layer too)",)
        elif key == "months":
            dated = sum(b.value for b in months)
            notes = (f"{dated} dated article(s)" + (f", {undated} undated" if undated else ""),)
        out[key] = ChartData(title, tuple(bars), value_name, label_name, notes)
    return out


class StatisticsView(QDialog):
    """Tabs of charts with Save PNG…, Save SVG… and Save CSV… for the chart shown."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Statistics")
        self.resize(860, 620)
        self.tabs = QTabWidget(self)
        self.charts: dict[str, Chart] = {}
        for key, (tab_title, *_rest) in TABS.items():
            chart: Chart = TimelineChart() if key == "months" else BarChart()
            chart.setObjectName(f"chart_{key}")
            self.charts[key] = chart
            if isinstance(chart, BarChart):
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(chart)
                scroll.setFrameShape(QScrollArea.Shape.NoFrame)
                self.tabs.addTab(scroll, tab_title)
            else:
                self.tabs.addTab(chart, tab_title)
        self.data: dict[str, ChartData] = {}
        self.limit = QSpinBox(self)
        self.limit.setRange(5, 1000)
        self.limit.setValue(DEFAULT_BARS)
        self.limit.setToolTip("How many bars a bar chart shows (the largest); the CSV has all")
        self.limit.valueChanged.connect(lambda _v: self._show())
        limit_label = QLabel("Bars shown:", self)
        limit_label.setBuddy(self.limit)
        self.summary = plain_label("", self)
        buttons = QHBoxLayout()
        buttons.addWidget(limit_label)
        buttons.addWidget(self.limit)
        buttons.addSpacing(16)
        self.png_button = QPushButton("Save PNG…", self)
        self.svg_button = QPushButton("Save SVG…", self)
        self.csv_button = QPushButton("Save CSV…", self)
        close = QPushButton("Close", self)
        self.png_button.clicked.connect(lambda: self._ask_save("png"))
        self.svg_button.clicked.connect(lambda: self._ask_save("svg"))
        self.csv_button.clicked.connect(lambda: self._ask_save("csv"))
        close.clicked.connect(self.close)
        buttons.addWidget(self.summary, 1)
        for button in (self.png_button, self.svg_button, self.csv_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self._timer = debounce(self, 300, self.reload)
        session.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, _change: Changes) -> None:
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.reload()
        super().showEvent(event)  # type: ignore[arg-type]

    def reload(self) -> None:
        """Re-read the numbers and redraw every chart."""
        self.data = chart_data(self.session)
        self._show()
        numbers = self.session.store.stats()
        status = numbers.get("articles_by_status", {})
        parts = [f"{numbers.get('articles', 0)} article(s)"]
        parts += [f"{n} {s.replace('_', ' ')}" for s, n in status.items()]
        self.summary.setText(" · ".join(parts))

    def _show(self) -> None:
        for key, data in self.data.items():
            chart = self.charts[key]
            chart.set_data(limited(data, self.limit.value()) if isinstance(chart, BarChart)
                           else data)

    def current_key(self) -> str:
        """The key of the tab shown (speakers, categories, outlets, months)."""
        return list(TABS)[self.tabs.currentIndex()]

    def show_tab(self, key: str) -> None:
        """Bring one chart to the front."""
        self.tabs.setCurrentIndex(list(TABS).index(key))

    def save(self, key: str, fmt: str, path: str | Path) -> Path:
        """Save one chart as ``png``, ``svg`` or ``csv`` at ``path``."""
        chart = self.charts[key]
        path = Path(path)
        if fmt == "png":
            chart.save_png(path)
        elif fmt == "svg":
            chart.save_svg(path)
        elif fmt == "csv":  # every number, also those beyond the bars shown
            path.write_text(self.data[key].to_csv(), encoding="utf-8")
        else:
            raise ValueError(f"unknown format {fmt!r}")
        return path

    def _ask_save(self, fmt: str) -> None:
        key = self.current_key()
        filters = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)",
                   "csv": "CSV table (*.csv)"}
        path, _ = QFileDialog.getSaveFileName(self, f"Save {fmt.upper()}",
                                              f"{key}.{fmt}", filters[fmt])
        if path:
            self.save(key, fmt, path)

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self._timer.stop()
        super().closeEvent(event)  # type: ignore[arg-type]


__all__ = ["TABS", "StatisticsView", "chart_data"]
