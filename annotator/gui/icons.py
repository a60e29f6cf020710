"""Bundled SVG icons, tinted to the palette's text color so they read in light and dark themes.

``icon("name")`` loads ``resources/icons/name.svg``; a missing name raises FileNotFoundError
(a typo must fail loudly in tests, not show a blank button).  The file is read and the pixmaps
are rendered when the icon is first drawn or asked for (most sit in menus that are never opened
at start-up).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPalette

from annotator.paths import resource

if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter, QPixmap

STROKE = "#5f6b7a"  # the neutral color the bundled SVGs are drawn with


@cache
def _icons_dir() -> Path:
    return resource("icons")


@cache
def _icon_names() -> frozenset[str]:
    # one listing of the folder tells whether an icon exists (its file is read when drawn)
    return frozenset(n[:-4] for n in os.listdir(_icons_dir()) if n.endswith(".svg"))


@cache
def _svg_text(name: str) -> str:
    # read from the folder found once: resource() resolves the package path for each file
    # (about 0.1 ms each, 2 ms for the first window's icons)
    path = _icons_dir() / (name + ".svg")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return resource("icons", name + ".svg").read_text(encoding="utf-8")  # raises, naming it


def _tint() -> str:
    app = QGuiApplication.instance()
    if app is None:
        return STROKE
    text = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    base = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    mixed = QColor.fromRgbF(
        (text.redF() * 3 + base.redF()) / 4,
        (text.greenF() * 3 + base.greenF()) / 4,
        (text.blueF() * 3 + base.blueF()) / 4,
    )
    return mixed.name()


def _render(svg: str, size: int) -> QPixmap:
    from PySide6.QtCore import QByteArray  # with the first icon drawn, not at start-up
    from PySide6.QtGui import QImage, QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    image = QImage(QSize(size, size), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return QPixmap.fromImage(image)


SIZES = (16, 24, 32, 48)
# Engines returned by clone() (Qt clones when an icon is modified): Qt owns them, but their
# Python side must stay alive (a collected one crashes the next draw).  Rare: never at start-up.
_CLONES: list[QIconEngine] = []


def _rendered(svg: str) -> QIcon:
    result = QIcon()
    for size in SIZES:
        result.addPixmap(_render(svg, size))
    return result


class _LazySvgEngine(QIconEngine):
    """An icon engine that renders the bundled SVG ``name`` tinted with ``tint`` (as
    ``_rendered``: one pixmap per size in SIZES, other modes derived by Qt as for any pixmap
    icon) the first time it is needed."""

    def __init__(self, name: str, tint: str, rendered: list[QIcon] | None = None) -> None:
        super().__init__()
        self._name = name
        self._tint = tint
        self._rendered = rendered if rendered is not None else []  # shared with clones

    def _icon(self) -> QIcon:
        if not self._rendered:
            self._rendered.append(_rendered(_svg_text(self._name).replace(STROKE, self._tint)))
        return self._rendered[0]

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._icon().pixmap(size, mode, state)

    def scaledPixmap(
        self,
        size: QSize,
        mode: QIcon.Mode,
        state: QIcon.State,  # noqa: N802
        scale: float,
    ) -> QPixmap:
        return self._icon().pixmap(size, scale, mode, state)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._icon().paint(painter, rect, Qt.AlignmentFlag.AlignCenter, mode, state)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        return self._icon().actualSize(size, mode, state)

    def availableSizes(
        self,
        mode: QIcon.Mode = QIcon.Mode.Normal,  # noqa: N802
        state: QIcon.State = QIcon.State.Off,
    ) -> list[QSize]:
        return [QSize(s, s) for s in SIZES] if mode == QIcon.Mode.Normal else []

    def isNull(self) -> bool:  # noqa: N802
        return False

    def key(self) -> str:
        return "annotator-svg"

    def clone(self) -> QIconEngine:
        clone = _LazySvgEngine(self._name, self._tint, self._rendered)
        _CLONES.append(clone)
        return clone


def icon(name: str) -> QIcon:
    """The bundled icon ``name`` tinted for the current palette; raises when it is missing."""
    if name not in _icon_names():
        _svg_text(name)  # raises FileNotFoundError naming it
    return QIcon(_LazySvgEngine(name, _tint()))


def icon_path(name: str) -> str:
    """Filesystem path of a bundled icon (raises FileNotFoundError when missing)."""
    return str(resource("icons", name + ".svg"))


def set_icon(target: object, name: str) -> None:
    """Give an action or button a bundled icon and remember its name for :func:`retint`."""
    target.setIcon(icon(name))  # type: ignore[attr-defined]
    target.setProperty("icon_name", name)  # type: ignore[attr-defined]


def retint(root: object) -> None:
    """Re-tint every icon set with :func:`set_icon` under ``root`` (after a palette change)."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton

    for kind in (QAction, QAbstractButton):
        for child in root.findChildren(kind):  # type: ignore[attr-defined]
            name = child.property("icon_name")
            if name:
                child.setIcon(icon(str(name)))


def same_in_every_mode(pixmap: QPixmap) -> QIcon:
    """An icon drawn with ``pixmap`` as it is, selected or not (Qt tints the selected mode of
    a plain icon with the highlight colour, which can hide a coloured swatch or mark)."""
    icon = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
        icon.addPixmap(pixmap, mode)
    return icon
