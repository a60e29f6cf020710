"""Icons: every name the GUI uses exists; a missing one fails loudly."""

from __future__ import annotations

import os
import re
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from annotator.gui.icons import icon, icon_path  # noqa: E402

pytestmark = pytest.mark.gui
GUI = Path(__file__).resolve().parent.parent / "annotator" / "gui"


def test_missing_icon_raises(qapp) -> None:
    with pytest.raises(FileNotFoundError, match="no_such_icon"):
        icon("no_such_icon")


def test_every_icon_used_exists(qapp) -> None:
    used: set[str] = set()
    for source in (p for p in GUI.glob("*.py") if p.name != "icons.py"):
        text = source.read_text(encoding="utf-8")
        used |= set(re.findall(r'icon\("([a-z_]+)"\)', text))
        used |= set(re.findall(r'icon_name="([a-z_]+)"', text))
        used |= set(re.findall(r'_button\("[^"]*", "([a-z_]+)"', text))
        used |= set(re.findall(r'set_icon\([^,]+, "([a-z_]+)"\)', text))
    assert used
    for name in sorted(used):
        assert Path(icon_path(name)).is_file()
        assert not icon(name).isNull()


def test_icons_follow_the_palette(qtbot, tmp_path) -> None:
    from conftest_gui import isolate_settings, make_project

    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import ProjectSession

    isolate_settings(tmp_path)
    session = ProjectSession.open(make_project(tmp_path, samples=False), "tester")
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    action = window.actions_by_name["quote"]
    before = action.icon().pixmap(24).toImage()
    window.set_dark(True)
    qtbot.waitUntil(lambda: window.article_view.theme.dark)
    after = action.icon().pixmap(24).toImage()
    window.set_dark(False)
    assert before != after
    window.close()
    session.close()
