"""Debounced refreshes: many changes in a burst cause one reload."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def debounce(parent: QObject, interval_ms: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer owned by `parent` that calls `slot` `interval_ms` after its last
    `start()`; start it on every change and the slot runs once the burst is over."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer
