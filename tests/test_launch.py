"""The `annotator` console command: opening the app skips the command line's modules; every
other command line goes to click unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest_gui import make_project

from annotator.core.store import Store
from annotator.launch import app_project


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["gui"], (True, None)),
        (["--db", "p.db"], (True, "p.db")),
        (["--db=p.db"], (True, "p.db")),
        (["gui", "--db", "p.db"], (True, "p.db")),
        (["project.db"], (True, "project.db")),
        (["import", "a.txt"], (False, None)),
        (["--db", "p.db", "articles"], (False, None)),
        (["--help"], (False, None)),
        (["--version"], (False, None)),
        (["notes.txt"], (False, None)),  # no such file, not .db: a command (click says no)
        (["exprot"], (False, None)),
        (["--db", ""], (False, None)),
        (["--db"], (False, None)),
        (["gui", "x.db"], (False, None)),  # not a form `gui` takes: click says so
    ],
)
def test_which_command_lines_only_open_the_app(args, expected) -> None:
    assert app_project(args) == expected


def test_a_folder_as_the_project_gets_clicks_message(tmp_path) -> None:
    assert app_project(["--db", str(tmp_path)]) == (False, None)
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "is a directory" in result.stderr and "Traceback" not in result.stderr


# The console command as a user starts it, up to its event loop (replaced: report and exit).
OPEN_APP = """
import os, sys
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
def event_loop(app):
    from annotator.gui.app import controller
    window = controller().windows[0]
    print("opened:", window.session.path.name, window.article_list.model.rowCount())
    print("click loaded:", "click" in sys.modules, "annotator.cli" in sys.modules, flush=True)
    os._exit(0)
QApplication.exec = event_loop
sys.argv[0] = "annotator"
from annotator.launch import main
main(sys.argv[3:])
"""


def test_opening_the_app_does_not_load_the_command_line(tmp_path) -> None:
    db = make_project(tmp_path)
    with Store.open(db) as store:
        articles = store.count_articles()
    settings = tmp_path / "settings"
    ini = settings / "annotator" / "annotator.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[annotator]\nname=tester\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for args in (["--db", str(db)], [str(db)], ["gui", "--db", str(db)]):
        result = subprocess.run(
            [sys.executable, "-c", OPEN_APP, "x", str(settings), *args],
            capture_output=True, text=True, env=env, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert f"opened: project.db {articles}" in result.stdout, (args, result.stdout)
        assert "click loaded: False False" in result.stdout, (args, result.stdout)


def test_an_existing_file_is_a_project_and_a_typo_is_a_command(tmp_path) -> None:
    existing = tmp_path / "project.sqlite"
    existing.write_bytes(b"")
    assert app_project([str(existing)]) == (True, str(existing))
    typo = subprocess.run([sys.executable, "-m", "annotator", "exprot"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert typo.returncode == 2 and "No such command 'exprot'" in typo.stderr
    assert not (tmp_path / "exprot").exists(), "a typo must not create a project"


def test_the_launchers_command_names_are_the_clis() -> None:
    from annotator.cli import cli
    from annotator.launch import COMMANDS

    assert set(cli.commands) == COMMANDS


def test_a_file_named_like_a_command_is_the_command(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stats").write_text("output of an earlier run\n", encoding="utf-8")
    assert app_project(["stats"]) == (False, None)


def test_without_arguments_the_app_opens_annotator_db(tmp_path) -> None:
    db = make_project(tmp_path)
    settings = tmp_path / "settings"
    ini = settings / "annotator" / "annotator.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[annotator]\nname=tester\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_DB": str(db)}
    result = subprocess.run([sys.executable, "-c", OPEN_APP, "x", str(settings)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "opened: project.db" in result.stdout, result.stdout


def test_other_commands_still_go_through_click(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    usage = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), "nosuch"],
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "No such command" in usage.stderr
    listing = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), "articles"],
                             capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0 and "0 article(s)" in listing.stdout
