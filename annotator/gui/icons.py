"""Bundled SVG icons, tinted to the palette's text color so they read in light and dark themes.

``icon("name")`` loads ``resources/icons/name.svg``; a missing name raises FileNotFoundError
(a typo must fail loudly in tests, not show a blank button).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from annotator.paths import resource

STROKE = "#5f6b7a"  # the neutral color the bundled SVGs are drawn with


@cache
def _svg_text(name: str) -> str:
    return resource("icons", name + ".svg").read_text(encoding="utf-8")


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
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    image = QImage(QSize(size, size), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return QPixmap.fromImage(image)


def icon(name: str) -> QIcon:
    """The bundled icon ``name`` tinted for the current palette; raises when it is missing."""
    svg = _svg_text(name).replace(STROKE, _tint())
    result = QIcon()
    for size in (16, 24, 32, 48):
        result.addPixmap(_render(svg, size))
    return result


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
