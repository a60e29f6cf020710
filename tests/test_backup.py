"""Rolling backups with SQLite's backup API, `maybe_backup`, and restoring (API and CLI)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core import backup
from annotator.core.scale import generate_corpus
from annotator.core.store import Store


def run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def make_project(path: Path, articles: int = 20, annotations: int = 100) -> Path:
    with Store.open(path) as store:
        generate_corpus(store, articles, annotations)
    return path


def counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return (
            conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            conn.execute("SELECT count(*) FROM annotations").fetchone()[0],
        )
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_is_a_complete_self_contained_copy_and_pruned_to_keep(tmp_path):
    db = make_project(tmp_path / "project.db")
    made = [backup.backup_project(db, keep=3) for _ in range(5)]
    folder = tmp_path / "project.backups"
    assert all(path.parent == folder for path in made)
    listed = [b.path for b in backup.list_backups(db)]
    assert listed == made[-3:], "the newest three are kept, oldest first"
    assert not list(folder.glob("*-wal")) and not list(folder.glob("*.partial"))
    assert counts(listed[-1]) == counts(db) == (20, 100)
    assert integrity(listed[-1]) == "ok"
    with Store.open(listed[-1], readonly=True) as copy:
        assert copy.article_ids(search="Laporan")


def test_backup_from_an_open_store_includes_uncommitted_wal_content(tmp_path):
    with Store.open(tmp_path / "p.db") as store:
        generate_corpus(store, 5, 10)
        target = backup.backup_project(store)
    assert counts(target) == (5, 10)


WRITER = """
import sys
from annotator.core.store import Store
store = Store.open(sys.argv[1])
article = store.article_ids()[0]
print("ready", flush=True)
while True:
    with store.transaction():  # two annotations per transaction: a snapshot has an even count
        for _ in range(2):
            store._insert_annotation({"article_id": article, "kind": "quote", "start": 0,
                                      "end": 5, "annotator": "w", "created_at": "x"})
"""


def test_backups_are_consistent_while_another_process_writes(tmp_path):
    db = make_project(tmp_path / "project.db", articles=3, annotations=0)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        seen = []
        for _ in range(6):
            made = backup.backup_project(db, keep=10)
            assert integrity(made) == "ok"
            seen.append(counts(made)[1])
            time.sleep(0.05)
    finally:
        writer.kill()
        writer.wait()
    assert all(n % 2 == 0 for n in seen), seen
    assert seen[-1] > 0 and seen == sorted(seen)
    assert integrity(db) == "ok"


def test_maybe_backup_respects_the_interval_and_skips_an_unchanged_project(tmp_path):
    db = tmp_path / "project.db"
    assert backup.maybe_backup(db) is None, "no project yet"
    make_project(db)
    first = backup.maybe_backup(db)
    assert first is not None and first.exists()
    assert backup.maybe_backup(db) is None, "younger than the interval"
    old = time.time() - 3600
    os.utime(first, (old, old))
    for extra in ("", "-wal"):
        path = tmp_path / f"project.db{extra}"
        if path.exists():
            os.utime(path, (old - 10, old - 10))
    assert backup.maybe_backup(db, min_interval_s=0) is None, "nothing changed since"
    with Store.open(db) as store:
        store.set_setting("touched", "yes")
    second = backup.maybe_backup(db, min_interval_s=60)
    assert second is not None and second != first


def test_cli_backup_list_and_restore_keeps_the_replaced_state(tmp_path):
    db = make_project(tmp_path / "project.db")
    made = run("backup", "--db", str(db))
    assert made.returncode == 0, made.stderr
    listing = run("backups", "--db", str(db))
    assert listing.returncode == 0 and "1 backup(s)" in listing.stdout
    saved = backup.list_backups(db)[0].path
    with Store.open(db) as store:
        store.delete_article(store.article_ids()[0])
    assert counts(db)[0] == 19
    restored = run("restore", "--db", str(db), str(saved))
    assert restored.returncode == 0, restored.stderr
    assert "previous state is saved" in restored.stdout
    assert counts(db) == (20, 100) and integrity(db) == "ok"
    previous = backup.list_backups(db)[-1].path
    assert counts(previous)[0] == 19, "the state replaced by the restore is kept as a backup"
    with Store.open(db) as store:
        assert store.count_articles() == 20


def future_schema(path: Path) -> Path:
    make_project(path, 2, 2)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('annotator', '9999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    return path


def truncated(path: Path) -> Path:
    source = make_project(path.with_name("whole.db"), 200, 2000)
    Store.open(source).close()  # checkpoint: all pages in the main file
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def foreign_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("maker", "needle"),
    [
        (lambda p: p.write_text("not a database") and p, "not an SQLite database"),
        (foreign_sqlite, "not an annotator project"),
        (truncated, "damaged"),
        (future_schema, "newer version"),
        (lambda p: p.write_bytes(b"") == 0 and p, "an empty file"),
    ],
    ids=["text", "other-sqlite", "truncated", "future-schema", "empty"],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(tmp_path, maker, needle):
    db = make_project(tmp_path / "project.db")
    Store.open(db).close()
    before = digest(db)
    bad = maker(tmp_path / "bad.db")
    result = run("restore", "--db", str(db), str(bad))
    assert result.returncode == 2
    assert needle in result.stderr and str(bad) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert digest(db) == before
    assert backup.list_backups(db) == []


def test_restore_over_a_damaged_project_keeps_the_damaged_file(tmp_path):
    good = make_project(tmp_path / "good.db")
    saved = backup.backup_project(good)
    db = tmp_path / "project.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    kept = backup.restore_backup(saved, db)
    assert kept is not None and kept.name.endswith("_damaged.bak")
    assert kept.read_bytes().startswith(b"SQLite format 3\x00\xff")
    assert counts(db) == (20, 100) and integrity(db) == "ok"


def test_cli_backup_into_another_folder(tmp_path):
    db = make_project(tmp_path / "project.db")
    elsewhere = tmp_path / "usb" / "backups"
    made = run("backup", "--db", str(db), "--folder", str(elsewhere), "--keep", "2")
    assert made.returncode == 0, made.stderr
    listing = run("backups", "--db", str(db), "--folder", str(elsewhere))
    assert "1 backup(s)" in listing.stdout and str(elsewhere) in listing.stdout
    assert not (tmp_path / "project.backups").exists()


def test_cli_check_reports_a_span_that_no_longer_matches(tmp_path):
    db = make_project(tmp_path / "project.db")
    assert run("check", "--db", str(db)).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE annotations SET text = 'tampered' WHERE id = 3")
    conn.commit()
    conn.close()
    result = run("check", "--db", str(db))
    assert result.returncode == 2
    assert "annotation 3: text does not match" in result.stderr
    assert "1 problem(s) found" in result.stderr


def test_a_failed_backup_leaves_no_folder_behind(tmp_path):
    db = tmp_path / "project.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\x07" * 3000)
    result = run("backup", "--db", str(db))
    assert result.returncode == 2 and "damaged" in result.stderr
    assert not (tmp_path / "project.backups").exists()


def test_a_killed_backups_partial_file_is_ignored_and_later_removed(tmp_path):
    db = make_project(tmp_path / "project.db")
    folder = tmp_path / "project.backups"
    folder.mkdir()
    stale = folder / "2020-01-01_000000_000.db.partial"
    stale.write_bytes(b"half a backup")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    assert backup.list_backups(db) == []
    backup.backup_project(db)
    assert not stale.exists() and len(backup.list_backups(db)) == 1
