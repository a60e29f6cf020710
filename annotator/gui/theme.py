"""Colors derived from the current palette, so marks stay readable in light and dark themes.

Every tint is a mix of the palette's base (text background) with a hue: on a light base the
result is a pale wash under dark text, on a dark base a deep wash under light text.  Underline
colors are pushed toward the text color's lightness for contrast.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QPalette

SPEAKER_HUES = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
    "#17becf", "#e377c2", "#8c564b", "#bcbd22", "#7f7f7f",
)  # fmt: skip


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """Linear mix of two colors: t=0 gives a, t=1 gives b."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def is_dark(palette: QPalette) -> bool:
    """True when the palette's text background is dark."""
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


class Theme:
    """Tints and strokes for one palette; rebuilt when the palette changes."""

    def __init__(self, palette: QPalette) -> None:
        self.palette = palette
        self.dark = is_dark(palette)
        self.base = palette.color(QPalette.ColorRole.Base)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.highlight = palette.color(QPalette.ColorRole.Highlight)
        # three sentence tints: the page itself and two faint washes (a path is 3-colorable
        # locally, so a split or merge never forces recoloring the rest of the article)
        self.sentence_tints = (
            QColor(self.base),
            mix(self.base, self.text, 0.05 if not self.dark else 0.07),
            mix(self.base, QColor("#4a7bd0"), 0.07 if not self.dark else 0.10),
        )
        self.excluded_fg = mix(self.base, self.text, 0.45)
        # the current sentence: a warm reading-line wash (no category is amber-on-amber) and a
        # bar in the margin drawn by the view
        self.current_sentence = QColor(255, 228, 160) if not self.dark else QColor(64, 50, 8)
        self.current_bar = QColor("#e0a100") if not self.dark else QColor("#f2c230")

    def claim_wash(self, hex_color: str, suggested: bool = False) -> QColor:
        """Background for a claim of the given category color (paler when suggested)."""
        strength = 0.30 if not self.dark else 0.38
        if suggested:
            strength *= 0.5
        return mix(self.base, QColor(hex_color), strength)

    def stroke(self, hex_color: str) -> QColor:
        """An underline/marker color with enough contrast against the base."""
        c = QColor(hex_color)
        if self.dark and c.lightnessF() < 0.55:
            return mix(c, QColor("white"), 0.35)
        if not self.dark and c.lightnessF() > 0.6:
            return mix(c, QColor("black"), 0.3)
        return c


def _preferred_hue(name: str) -> int:
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(name.casefold())) % len(SPEAKER_HUES)


def speaker_color(speaker_id: int | None, name: str | None = None) -> str:
    """A speaker's own hue, from their name (the one thing a suggestion and the accepted
    quote share: a suggestion has no registry id yet); by id only when nameless; grey for
    nobody.  Within an article :func:`speaker_colors` keeps two speakers apart."""
    if name:
        return SPEAKER_HUES[_preferred_hue(name)]
    if speaker_id is not None:
        return SPEAKER_HUES[speaker_id % len(SPEAKER_HUES)]
    return "#7f7f7f"


def speaker_key(name: str) -> str:
    """The key of :func:`speaker_colors`: the name casefolded, spaces normalized."""
    return " ".join(name.split()).casefold()


def speaker_colors(names: Iterable[str]) -> dict[str, str]:
    """Colours for the speakers of one article, keyed by casefolded name.

    Each speaker gets their own hue (:func:`speaker_color`) unless another speaker of the
    article has it already; then the next free hue, the speakers taking turns in the order of
    their own hue and name.  A colour depends only on the names in the article, never on
    whether a quote is suggested or accepted, so accepting a suggestion keeps its colour.
    """
    keys = sorted({speaker_key(n) for n in names if n and n.strip()},
                  key=lambda k: (_preferred_hue(k), k))
    used: set[int] = set()
    out: dict[str, str] = {}
    count = len(SPEAKER_HUES)
    for k in keys:
        hue = _preferred_hue(k)
        if len(used) < count:
            while hue in used:
                hue = (hue + 1) % count
        used.add(hue)
        out[k] = SPEAKER_HUES[hue]
    return out


def dark_palette() -> QPalette:
    """A dark palette (for screenshots and the theme toggle under platforms without one)."""
    p = QPalette()
    role = QPalette.ColorRole
    p.setColor(role.Window, QColor(45, 45, 48))
    p.setColor(role.WindowText, QColor(220, 220, 220))
    p.setColor(role.Base, QColor(30, 30, 32))
    p.setColor(role.AlternateBase, QColor(40, 40, 44))
    p.setColor(role.Text, QColor(225, 225, 225))
    p.setColor(role.Button, QColor(55, 55, 60))
    p.setColor(role.ButtonText, QColor(220, 220, 220))
    p.setColor(role.Highlight, QColor(64, 128, 214))
    p.setColor(role.HighlightedText, QColor(255, 255, 255))
    p.setColor(role.ToolTipBase, QColor(50, 50, 55))
    p.setColor(role.ToolTipText, QColor(230, 230, 230))
    p.setColor(role.PlaceholderText, QColor(140, 140, 140))
    p.setColor(role.Link, QColor(110, 170, 255))
    return p
