"""Code-point <-> UTF-16 conversions next to emoji and other astral characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.gui.offsets import OffsetMap


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_offsets() -> None:
    text = "Dia 😀 berkata 👍🏽 \"ya\" 𝕏"
    m = OffsetMap(text)
    for cp in range(len(text) + 1):
        u = m.to_utf16(cp)
        assert u == _u16(text[:cp])
        assert m.to_codepoint(u) == cp
    assert m.utf16_length == _u16(text)
    assert not m.is_identity


def test_mid_pair_rounds() -> None:
    text = "a😀b"
    m = OffsetMap(text)
    assert m.to_codepoint(2) == 1
    assert m.to_codepoint(2, round_up=True) == 2
    assert m.span_to_codepoint(2, 2) == (1, 2)


def test_identity_without_astral() -> None:
    m = OffsetMap("plain ascii and é ü")
    assert m.is_identity
    assert m.to_utf16(7) == 7
    assert m.to_codepoint(7) == 7


@given(st.text(alphabet=st.sampled_from(["a", " ", "é", "😀", "𝕏", "\n", "中"]), max_size=60))
def test_roundtrip_property(text: str) -> None:
    m = OffsetMap(text)
    for cp in range(len(text) + 1):
        u = m.to_utf16(cp)
        assert u == _u16(text[:cp])
        assert m.to_codepoint(u) == cp
    positions = list(range(len(text) + 1))
    assert m.sorted_to_utf16(positions) == [m.to_utf16(cp) for cp in positions]


@pytest.mark.gui
def test_qt_document_positions_agree() -> None:
    """QTextDocument positions are UTF-16 units; the map must land on the same characters."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QTextCursor, QTextDocument

    text = "Kata 😀 dia:\n\"Saya 👍 setuju\" 𝕏 katanya."
    doc = QTextDocument()
    doc.setPlainText(text)
    m = OffsetMap(text)
    start, end = text.index("Saya"), text.index("setuju") + len("setuju")
    cur = QTextCursor(doc)
    cur.setPosition(m.to_utf16(start))
    cur.setPosition(m.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    assert cur.selectedText() == text[start:end]
