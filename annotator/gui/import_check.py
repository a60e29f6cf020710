"""A faster form of the check PySide6 makes on every module imported after it.

For its ``from __feature__ import ...`` switches, PySide6 asks of each newly imported module
whether its source mentions "PySide6", reading it with ``inspect.getsource`` (through
``linecache``: the file decoded and split into lines, then joined again).  For the 57 modules
the app loads before its first window that is about 5 ms of the start-up (``os``, ``typing``,
``datetime`` and ``collections`` alone 1.6 ms).  :func:`install` replaces it by a plain read
of the file that gives the same answers: a file without the bytes ``PySide6`` cannot mention
it, and one that has them and reads as UTF-8 (without an encoding declaration) does; anything
else (no source file, another encoding, a file that cannot be read) is asked of PySide6's own
check, as before.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import PySide6.QtCore  # noqa: F401 - loads the check replaced here

if TYPE_CHECKING:
    from types import ModuleType

_DECLARED = (b"coding:", b"coding=")  # PEP 263: the first two lines may declare an encoding


def _uses_pyside(module: ModuleType, original: object) -> bool:
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError:
            data = None
        if data is not None:
            if b"PySide6" not in data:
                return False
            head = b"\n".join(data.split(b"\n", 2)[:2])
            if not any(mark in head for mark in _DECLARED):
                try:
                    return "PySide6" in data.decode("utf-8")
                except UnicodeDecodeError:
                    pass
    return original(module)  # type: ignore[operator]


def install() -> None:
    """Use the faster check from now on (once PySide6 is loaded; nothing happens if its
    internals are not as expected)."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "faster", False):
        return

    def check(module: ModuleType) -> bool:
        return _uses_pyside(module, original)

    check.faster = True  # type: ignore[attr-defined]
    check.original = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = check  # type: ignore[union-attr]
