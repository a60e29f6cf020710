"""Bar charts and a month timeline drawn with QPainter, exportable as PNG, SVG and CSV.

One drawing routine (:meth:`Chart.paint_chart`) serves the screen, the PNG (a QImage) and the
SVG (QSvgGenerator), so what is saved is what is shown. Colors come from the palette (text,
grid, the default bar color) so the charts read in light and dark themes; a bar may carry its
own color (claim categories use the taxonomy's colors). Long labels are elided, never clipped;
the full label is in the tooltip (escaped, it is user text).
"""

from __future__ import annotations

import csv
import html
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QImage,
    QPainter,
    QPalette,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from annotator.gui.theme import mix

MARGIN = 14
BAR_HEIGHT = 22
BAR_GAP = 6
MAX_LABEL_SHARE = 0.38  # the label column takes at most this share of the width


@dataclass(frozen=True)
class Bar:
    """One bar: a label, its count and an optional color ("#rrggbb")."""

    label: str
    value: int
    color: str | None = None


@dataclass(frozen=True)
class ChartData:
    """What a chart shows: a title, the bars, the name of the counted thing and of the labels."""

    title: str
    bars: tuple[Bar, ...]
    value_name: str = "count"
    label_name: str = "label"
    notes: tuple[str, ...] = field(default=())

    def to_csv(self) -> str:
        """The numbers as CSV text: a header row (label name, value name), one row per bar."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([self.label_name, self.value_name])
        for bar in self.bars:
            writer.writerow([bar.label, bar.value])
        return out.getvalue()


def nice_step(maximum: int, ticks: int = 5) -> int:
    """A round tick step (1, 2, 5 × 10^n) giving about ``ticks`` ticks up to ``maximum``."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return max(1, int(multiple * power))
    return max(1, int(10 * power))


class Chart(QWidget):
    """Base class: holds :class:`ChartData`, paints it, saves it. Subclasses draw the bars."""

    def __init__(self, data: ChartData | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data or ChartData("", ())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        self._hit: list[tuple[QRect, Bar]] = []

    def set_data(self, data: ChartData) -> None:
        """Show new numbers."""
        self.data = data
        self.updateGeometry()
        self.update()

    # -- painting ----------------------------------------------------------------------------------
    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._hit = self.paint_chart(painter, QRect(0, 0, self.width(), self.height()),
                                     self.palette())
        painter.end()

    def paint_chart(self, painter: QPainter, rect: QRect,
                    palette: QPalette) -> list[tuple[QRect, Bar]]:
        """Draw the whole chart into ``rect``; returns the bars' rectangles (for tooltips)."""
        raise NotImplementedError

    def _frame(
        self, painter: QPainter, rect: QRect, palette: QPalette
    ) -> tuple[tuple[QColor, QColor, QColor, QColor], int, QFontMetrics] | None:
        """Fill the background and draw the title and notes; returns the colors, the y below
        the title and the font metrics, or None (after saying so) when there is no bar."""
        colors = self._colors(palette)
        background, text = colors[0], colors[1]
        painter.fillRect(rect, background)
        top = self._title(painter, rect, text)
        metrics = QFontMetrics(painter.font())
        if not self.data.bars:
            painter.setPen(text)
            painter.drawText(QRect(rect.left() + MARGIN, top, rect.width() - 2 * MARGIN,
                                   metrics.height() * 2), Qt.AlignmentFlag.AlignLeft,
                             "Nothing to count yet.")
            return None
        return colors, top, metrics

    def _colors(self, palette: QPalette) -> tuple[QColor, QColor, QColor, QColor]:
        """Background, text, grid and default bar color from the palette."""
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        grid = mix(background, text, 0.18)
        bar = palette.color(QPalette.ColorRole.Highlight)
        return background, text, grid, bar

    def _title(self, painter: QPainter, rect: QRect, text_color: QColor) -> int:
        """Draw the title (bold) and notes; returns the y below them."""
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text_color)
        metrics = QFontMetrics(font)
        y = rect.top() + MARGIN
        title = metrics.elidedText(self.data.title, Qt.TextElideMode.ElideRight,
                                   rect.width() - 2 * MARGIN)
        painter.drawText(QRect(rect.left() + MARGIN, y, rect.width() - 2 * MARGIN,
                               metrics.height()), Qt.AlignmentFlag.AlignLeft, title)
        y += metrics.height() + 4
        font.setBold(False)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        for note in self.data.notes:
            painter.drawText(QRect(rect.left() + MARGIN, y, rect.width() - 2 * MARGIN,
                                   metrics.height()), Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(note, Qt.TextElideMode.ElideRight,
                                                rect.width() - 2 * MARGIN))
            y += metrics.height() + 2
        return y + 6

    @staticmethod
    def _bar_color(bar: Bar, default: QColor) -> QColor:
        return QColor(bar.color) if bar.color and QColor(bar.color).isValid() else default

    @staticmethod
    def _label_on(fill: QColor) -> QColor:
        """Black or white, whichever has the higher contrast on ``fill`` (WCAG luminance)."""

        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        luminance = (0.2126 * linear(fill.redF()) + 0.7152 * linear(fill.greenF())
                     + 0.0722 * linear(fill.blueF()))
        black_contrast = (luminance + 0.05) / 0.05
        white_contrast = 1.05 / (luminance + 0.05)
        return QColor("black") if black_contrast >= white_contrast else QColor("white")

    # -- tooltips ----------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:  # noqa: D102 - Qt override
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            for rect, bar in self._hit:
                if rect.contains(event.pos()):
                    QToolTip.showText(event.globalPos(),
                                      html.escape(f"{bar.label}: {bar.value}"), self)
                    return True
            QToolTip.hideText()
            event.ignore()
            return True
        return super().event(event)

    def bar_at(self, point: QPoint) -> Bar | None:
        """The bar under a point of the widget (after it was painted once)."""
        return next((bar for rect, bar in self._hit if rect.contains(point)), None)

    # -- export ------------------------------------------------------------------------------------
    def export_size(self) -> QSize:
        """The size used for PNG/SVG: the width shown (720 when hidden), the height the
        chart needs (bar charts) or shows (the timeline)."""
        hint = self.sizeHint()
        width = self.width() if self.isVisible() and self.width() > 300 else max(hint.width(), 720)
        height = hint.height() if isinstance(self, BarChart) or not self.isVisible() else max(
            self.height(), self.minimumSizeHint().height())
        return QSize(width, height)

    def to_image(self, size: QSize | None = None, scale: float = 2.0) -> QImage:
        """The chart as an image (``scale`` × for sharp text)."""
        size = size or self.export_size()
        if size.width() * size.height() * scale * scale > 40_000_000:
            scale = 1.0  # a very long chart: keep the file reasonable
        image = QImage(int(size.width() * scale), int(size.height() * scale),
                       QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(scale)
        image.fill(self._colors(self.palette())[0])
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        self.paint_chart(painter, QRect(0, 0, size.width(), size.height()), self.palette())
        painter.end()
        return image

    def save_png(self, path: str | Path) -> bool:
        """Write the chart as a PNG file."""
        return self.to_image().save(str(path), "PNG")

    def svg_bytes(self, size: QSize | None = None) -> bytes:
        """The chart as an SVG document."""
        size = size or self.export_size()
        buffer = QByteArray()
        device = QBuffer(buffer)
        device.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(device)
        generator.setResolution(max(72, self.logicalDpiY()))
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(self.data.title)
        generator.setDescription("annotator statistics")
        painter = QPainter(generator)
        painter.setFont(self.font())
        painter.fillRect(QRect(0, 0, size.width(), size.height()),
                         self._colors(self.palette())[0])
        self.paint_chart(painter, QRect(0, 0, size.width(), size.height()), self.palette())
        painter.end()
        device.close()
        return bytes(buffer.data())

    def save_svg(self, path: str | Path) -> None:
        """Write the chart as an SVG file."""
        Path(path).write_bytes(self.svg_bytes())

    def save_csv(self, path: str | Path) -> None:
        """Write the chart's numbers as CSV (UTF-8)."""
        Path(path).write_text(self.data.to_csv(), encoding="utf-8")


class BarChart(Chart):
    """Horizontal bars, one row per label, sorted as given; value written at each bar's end."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = QFontMetrics(self.font())
        header = MARGIN + metrics.height() * (2 + len(self.data.notes)) + 12
        rows = max(1, len(self.data.bars)) * (BAR_HEIGHT + BAR_GAP)
        return QSize(640, header + rows + metrics.height() * 2 + 2 * MARGIN)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(320, self.sizeHint().height())

    def paint_chart(self, painter: QPainter, rect: QRect,
                    palette: QPalette) -> list[tuple[QRect, Bar]]:
        frame = self._frame(painter, rect, palette)
        if frame is None:
            return []
        (background, text, grid, default), top, metrics = frame
        bars = self.data.bars
        widest_label = max(metrics.horizontalAdvance(b.label) for b in bars)
        label_width = min(widest_label + 8, int(rect.width() * MAX_LABEL_SHARE))
        maximum = max(b.value for b in bars)
        step = nice_step(maximum)
        axis_max = max(step, math.ceil(maximum / step) * step)
        value_room = metrics.horizontalAdvance(str(maximum)) + 10
        left = rect.left() + MARGIN + label_width + 6
        right = rect.right() - MARGIN - value_room
        width = max(10, right - left)
        bottom = top + len(bars) * (BAR_HEIGHT + BAR_GAP)
        # grid and axis numbers
        painter.setPen(grid)
        for tick in range(0, axis_max + 1, step):
            x = left + round(width * tick / axis_max)
            painter.drawLine(x, top - 2, x, bottom)
        painter.setPen(text)
        for tick in range(0, axis_max + 1, step):
            x = left + round(width * tick / axis_max)
            label = str(tick)
            w = metrics.horizontalAdvance(label)
            painter.drawText(QRect(x - w // 2 - 2, bottom + 2, w + 4, metrics.height()),
                             Qt.AlignmentFlag.AlignCenter, label)
        axis_title = self.data.value_name
        painter.drawText(QRect(left, bottom + metrics.height() + 4, width, metrics.height()),
                         Qt.AlignmentFlag.AlignCenter, axis_title)
        hits: list[tuple[QRect, Bar]] = []
        self.drawn_labels: list[str] = []
        y = top
        for bar in bars:
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - 4)
            self.drawn_labels.append(label)
            painter.setPen(text)
            painter.drawText(QRect(rect.left() + MARGIN, y, label_width, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            length = round(width * bar.value / axis_max)
            fill = self._bar_color(bar, default)
            bar_rect = QRect(left, y + 2, max(1, length), BAR_HEIGHT - 4)
            painter.fillRect(bar_rect, fill)
            value = str(bar.value)
            value_width = metrics.horizontalAdvance(value)
            if length >= value_width + 10:
                painter.setPen(self._label_on(fill))
                painter.drawText(QRect(left, y, length - 5, BAR_HEIGHT),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 value)
            else:
                painter.setPen(text)
                painter.drawText(QRect(left + length + 4, y, value_width + 6, BAR_HEIGHT),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 value)
            hits.append((QRect(rect.left(), y, rect.width(), BAR_HEIGHT), bar))
            y += BAR_HEIGHT + BAR_GAP
        painter.setPen(text)
        painter.drawLine(left, top - 2, left, bottom)
        return hits


class TimelineChart(Chart):
    """Columns over consecutive months (missing months shown as 0), values above columns.

    Labels are expected as ``YYYY-MM``; anything else (``(undated)``) is counted in a note."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = QFontMetrics(self.font())
        return QSize(720, 300 + metrics.height() * (2 + len(self.data.notes)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, 240)

    def paint_chart(self, painter: QPainter, rect: QRect,
                    palette: QPalette) -> list[tuple[QRect, Bar]]:
        frame = self._frame(painter, rect, palette)
        if frame is None:
            return []
        (background, text, grid, default), top, metrics = frame
        bars = self.data.bars
        maximum = max(b.value for b in bars)
        step = nice_step(maximum, 4)
        axis_max = max(step, math.ceil(maximum / step) * step)
        axis_width = metrics.horizontalAdvance(str(axis_max)) + 8
        label_width = max(metrics.horizontalAdvance(b.label) for b in bars) + 8
        left = rect.left() + MARGIN + metrics.height() + 4 + axis_width
        right = rect.right() - MARGIN - label_width // 2  # room for the last label, centered
        bottom = rect.bottom() - MARGIN - 2 * metrics.height() - 8
        top += metrics.height() + 2  # room for the value above the tallest column
        height = max(10, bottom - top)
        width = max(10, right - left)
        # horizontal grid and y axis numbers
        for tick in range(0, axis_max + 1, step):
            y = bottom - round(height * tick / axis_max)
            painter.setPen(grid)
            painter.drawLine(left, y, right, y)
            painter.setPen(text)
            painter.drawText(QRect(left - axis_width - 2, y - metrics.height() // 2,
                                   axis_width - 4, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(tick))
        # y axis title, rotated
        painter.save()
        painter.translate(rect.left() + MARGIN, top + height // 2)
        painter.rotate(-90)
        painter.drawText(QRect(-height // 2, 0, height, metrics.height()),
                         Qt.AlignmentFlag.AlignCenter, self.data.value_name)
        painter.restore()
        slot = width / len(bars)
        column = max(2, min(48, int(slot * 0.7)))
        # x labels: every k-th so that labels never overlap
        every = label_step(math.ceil(label_width / slot))
        first_month = _month_number(bars[0].label)
        hits: list[tuple[QRect, Bar]] = []
        for i, bar in enumerate(bars):
            center = left + slot * (i + 0.5)
            length = round(height * bar.value / axis_max)
            fill = self._bar_color(bar, default)
            box = QRect(round(center - column / 2), bottom - length, column, length)
            if length:
                painter.fillRect(box, fill)
            if bar.value and metrics.horizontalAdvance(str(bar.value)) <= slot + 2:
                painter.setPen(text)
                painter.drawText(QRect(round(center - slot / 2), bottom - length
                                       - metrics.height() - 1, round(slot), metrics.height()),
                                 Qt.AlignmentFlag.AlignCenter, str(bar.value))
            position = i if first_month is None else first_month + i
            if position % every == 0:
                painter.setPen(text)
                painter.drawText(QRect(round(center - label_width / 2), bottom + 4,
                                       label_width, metrics.height()),
                                 Qt.AlignmentFlag.AlignCenter, bar.label)
            hits.append((QRect(round(center - slot / 2), top, max(1, round(slot)),
                               bottom - top), bar))
        painter.setPen(text)
        painter.drawLine(left, bottom, right, bottom)
        painter.drawText(QRect(left, bottom + metrics.height() + 6, width, metrics.height()),
                         Qt.AlignmentFlag.AlignCenter, self.data.label_name)
        return hits


def label_step(minimum: int) -> int:
    """Label every n-th month, n the first of 1, 2, 3, 6, 12, 24, … not below ``minimum``."""
    for step in (1, 2, 3, 6, 12):
        if step >= minimum:
            return step
    return 12 * math.ceil(minimum / 12)


def _month_number(label: str) -> int | None:
    """Months since year 0 for ``YYYY-MM`` (so labels fall on January, July, …)."""
    try:
        return int(label[:4]) * 12 + int(label[5:7]) - 1
    except ValueError:
        return None


def month_series(counts: dict[str, int]) -> tuple[list[Bar], int]:
    """Consecutive months from the first to the last ``YYYY-MM`` key (gaps as 0), and the count
    of keys that are not months (undated articles)."""
    months: dict[tuple[int, int], int] = {}
    other = 0
    for key, value in counts.items():
        try:
            year, month = int(key[:4]), int(key[5:7])
            valid = len(key) == 7 and key[4] == "-" and 1 <= month <= 12
        except ValueError:
            valid = False
        if valid:
            months[(year, month)] = months.get((year, month), 0) + value
        else:
            other += value
    if not months:
        return [], other
    (y, m), last = min(months), max(months)
    series = []
    while (y, m) <= last and len(series) < 1200:
        series.append(Bar(f"{y:04d}-{m:02d}", months.get((y, m), 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return series, other
