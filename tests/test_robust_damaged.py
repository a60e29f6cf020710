"""Damaged and unusable projects: not SQLite, truncated, read-only file and folder, a full
disk, a schema newer than the program. Each gives one clear line and a non-zero status, never
a traceback, and the file is left exactly as it was; reading works where the file allows it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_run import digest, run

from annotator.core.scale import article_texts, generate_corpus
from annotator.core.store import ProjectError, Store, StoreError

COMMANDS = (["articles"], ["stats"], ["export"], ["check"], ["import", "ARTICLE"])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    db = tmp_path / "whole.db"
    with Store.open(db) as store:
        generate_corpus(store, 200, 2000)
    Store.open(db).close()  # the last connection checkpoints: every page in the main file
    return db


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "new.txt"
    path.write_text(next(article_texts(1, seed=4, start=90_000)).text, encoding="utf-8")
    return path


def each_command(
    db: Path, article: Path
) -> Iterator[tuple[list[str], subprocess.CompletedProcess]]:
    for command in COMMANDS:
        args = [str(article) if a == "ARTICLE" else a for a in command]
        yield command, run(*args, "--db", str(db))


def assert_refused_everywhere(db: Path, article: Path, needle: str) -> None:
    before = digest(db)
    for command, result in each_command(db, article):
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0] and str(db) in lines[0], (command, lines)
    assert digest(db) == before, "a refused project file was modified"


def test_a_file_that_is_not_sqlite(tmp_path, article):
    db = tmp_path / "notes.db"
    db.write_text("my notes\n" * 100)
    assert_refused_everywhere(db, article, "not an SQLite database")


@pytest.mark.parametrize("fraction", [0.5, 0.1, 0.9])
def test_a_truncated_project(tmp_path, project, article, fraction):
    db = tmp_path / "cut.db"
    data = project.read_bytes()
    db.write_bytes(data[: int(len(data) * fraction)])
    assert_refused_everywhere(db, article, "damaged")


def test_a_schema_newer_than_the_program(tmp_path, project, article):
    conn = sqlite3.connect(project)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('annotator', '0099_from_the_future', '2031-01-01')"
    )
    conn.commit()
    conn.close()
    assert_refused_everywhere(project, article, "newer version of annotator")


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Make `path` (file or folder) unwritable, even for root (chattr +i)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)]).returncode:
        pytest.skip("cannot make a path read-only for root here (no chattr support)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)])


def test_a_read_only_file_reads_and_refuses_writes(project, article, tmp_path):
    before = digest(project)
    with immutable(project):
        listing = run("articles", "--db", str(project))
        exported = run("export", "--db", str(project), "-o", str(tmp_path / "out.json"))
        checked = run("check", "--db", str(project))
        imported = run("import", "--db", str(project), str(article))
    assert listing.returncode == 0 and "200 article(s)" in listing.stdout
    assert exported.returncode == 0 and (tmp_path / "out.json").stat().st_size > 0
    assert checked.returncode == 0 and "integrity ok" in checked.stdout
    assert imported.returncode != 0
    assert "read-only" in imported.stderr and str(project) in imported.stderr
    assert digest(project) == before


def test_a_read_only_folder_refuses_writes_clearly(project, article):
    folder = project.parent / "locked"
    folder.mkdir()
    db = folder / "project.db"
    shutil.copy(project, db)
    before = digest(db)
    with immutable(folder):
        imported = run("import", "--db", str(db), str(article))
    assert imported.returncode != 0
    lines = imported.stderr.strip().splitlines()
    assert lines and all(str(db) in line for line in lines), lines
    assert digest(db) == before


def test_a_read_only_folder_still_reads(project, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "project.db"
    shutil.copy(project, db)
    with immutable(folder):
        listing = run("articles", "--db", str(db))
        exported = run("export", "--db", str(db), "-o", str(tmp_path / "out.json"))
    assert listing.returncode == 0 and "200 article(s)" in listing.stdout
    assert exported.returncode == 0


def _limit_pages(conn: sqlite3.Connection, spare: int) -> None:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + spare}")


def test_a_full_disk_refuses_whole_writes_and_keeps_the_data(project, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for number, item in enumerate(article_texts(30, seed=6, start=50_000)):
        (folder / f"{number:02d}.txt").write_text(item.text * 3, encoding="utf-8")
    with Store.open(project) as store:
        _limit_pages(store.db.conn, 4)  # room for a few pages, not for 30 long articles
        # A full disk stops the whole import at the first file that does not fit: every
        # later file would fail the same way. What was committed before stays whole.
        with pytest.raises(ProjectError, match="disk is full"):
            store.import_paths([folder])
        stored = store.count_articles()
        with pytest.raises(StoreError, match="disk is full"):
            for _ in range(5000):
                store.add_quote(1, 0, 5, speaker_id=None, annotator="full", note="x" * 2000)
    conn = sqlite3.connect(project)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == stored
        for article_id, text in conn.execute("SELECT id, text FROM articles WHERE id > 200"):
            sentences = conn.execute(
                "SELECT count(*) FROM sentences WHERE article_id = ?", [article_id]
            ).fetchone()[0]
            assert sentences > 0 and text, "an article was stored without its sentences"
    finally:
        conn.close()
    with Store.open(project) as store:  # space again: the rest imports
        report = store.import_paths([folder])
        assert not report.refused and store.count_articles() == 230


FULL_DISK_CLI = """
import sys
from annotator.core.store import base, store as store_module
original = base.connect
def connect(path, *, readonly):
    conn = original(path, readonly=readonly)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    return conn
store_module.connect = connect
sys.argv[0] = "annotator"
from annotator.cli import main
main()
"""


def test_a_full_disk_through_the_cli(project, article):
    article.write_text(article.read_text(encoding="utf-8") * 60, encoding="utf-8")  # ~150 KB
    result = run("import", "--db", str(project), str(article), script=FULL_DISK_CLI)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "disk is full" in result.stderr and str(project) in result.stderr
    listing = run("articles", "--db", str(project))
    assert "200 article(s)" in listing.stdout
    conn = sqlite3.connect(project)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
