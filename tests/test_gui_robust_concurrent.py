"""Two app instances tagging and a CLI import, all on one project at the same time.

Nothing is lost (every annotation either window showed is stored, under its annotator; every
imported article is there, whole) and nothing is corrupted.  A write one window cannot make
because the other got there first (accepting a suggestion the other already accepted) is
refused with a message, never a traceback.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from conftest_gui import make_project
from test_gui_robust_checks import Driver, check_project, write_import_file

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("seed", [1, 2])
def test_two_windows_and_a_cli_import_lose_nothing(tmp_path, seed) -> None:
    db = make_project(tmp_path)
    imports: dict[str, list[str]] = {}
    cli_files = []
    for n in range(4):
        path = tmp_path / f"cli{n}.jsonl"
        imports[path.name] = write_import_file(path, 10, 5000 + 100 * n + seed)
        cli_files.append(path)
    gui_file = tmp_path / "gui.jsonl"
    imports[gui_file.name] = write_import_file(gui_file, 10, 7000 + seed)
    cli = subprocess.Popen([sys.executable, "-m", "annotator", "import", "--db", str(db),
                            *map(str, cli_files)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    alpha = Driver.start(db, tmp_path / "settings-a", "alpha", seed, steps=120,
                         import_file=gui_file)
    beta = Driver.start(db, tmp_path / "settings-b", "beta", seed + 100, steps=120)
    try:
        out, err = cli.communicate(timeout=120)
        alpha.finish()
        beta.finish()
    finally:
        for process in (cli, alpha.proc, beta.proc):
            if process.poll() is None:
                process.kill()
    assert cli.returncode == 0, err
    assert "imported 40" in out
    for driver in (alpha, beta):
        errors = driver.stderr()
        assert driver.proc.returncode == 0 and "Traceback" not in errors, errors
        assert "DONE" in driver.lines
        assert not [line for line in driver.lines if "locked" in line]
    news = [line for line in alpha.lines if not line.startswith("ID ")]
    if not any(line.startswith("IMPORTED 10 0") for line in news):
        # A refused import (seen as SQLITE_IOERR_SHORT_READ before the core stopped reading
        # the header with a plain file handle) must be refused whole, in one line.
        refusals = [line for line in news if line.startswith("REFUSED ")]
        assert refusals and str(db) in refusals[0], news
        del imports[gui_file.name]
        conn = sqlite3.connect(str(db))
        try:
            assert not conn.execute("SELECT count(*) FROM articles WHERE title LIKE 'gui %'"
                                    ).fetchone()[0]
        finally:
            conn.close()
    check_project(db, alpha.ids() | beta.ids(), imports)
    conn = sqlite3.connect(str(db))
    try:
        owner = dict(conn.execute("SELECT id, annotator FROM annotations"))
        titles = {row[0] for row in conn.execute("SELECT title FROM articles")}
    finally:
        conn.close()
    assert all(owner[i] == "alpha" for i in alpha.ids())
    assert all(owner[i] == "beta" for i in beta.ids())
    assert alpha.ids() and beta.ids()
    assert all(t in titles for wanted in imports.values() for t in wanted)
