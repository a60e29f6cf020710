"""Concurrent use of one project: two annotating processes and a CLI import at once; a
project locked by another program.

Finding (see the ops report): the store opens transactions with a deferred `BEGIN`, so a
writer whose transaction reads before it writes gets SQLITE_BUSY at once (no busy wait)
when another process committed in between; its write is refused ("locked ... try again").
Nothing is lost silently and nothing is corrupted, but writes fail under concurrency. The
test run as shipped is marked xfail; the same test with `BEGIN IMMEDIATE` (the proposed fix
for `StoreBase.transaction`, patched into the child processes) must pass.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.scale import article_texts, generate_corpus
from annotator.core.store import Store

ENV = {**os.environ, "PYTHONUTF8": "1"}

IMMEDIATE_FIX = '''
import sqlite3
from contextlib import contextmanager
from annotator.core.store import base

@contextmanager
def transaction(self):
    """The proposed StoreBase.transaction: BEGIN IMMEDIATE takes the write lock up front."""
    if self.readonly:
        raise base.StoreError(f"{self.path}: the project is read-only; nothing was changed")
    conn = self.db.conn
    try:
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.IntegrityError as error:
        raise base.StoreError(f"refused: {error}") from None
    except sqlite3.Error as error:
        raise base.StoreError(base.describe_sqlite_error(self.path or ":memory:", error)) from None

base.StoreBase.transaction = transaction
'''

WRITER = """
import sys
from annotator.core.store import Store, StoreError
store = Store.open(sys.argv[1])
articles = store.article_ids()
name, count = sys.argv[2], int(sys.argv[3])
failed = 0
for n in range(count):
    try:
        if n % 2:
            store.add_quote(articles[n % len(articles)], 0, 8, speaker_id=None, annotator=name)
        else:
            store.add_claim(articles[n % len(articles)], 1, 9, category_id=None, annotator=name)
    except StoreError as error:
        failed += 1
        last = str(error)
print(f"{name}: {count - failed} written, {failed} refused" + (f" ({last})" if failed else ""))
"""

CLI = "from annotator.cli import main\nmain()\n"


def run_concurrently(tmp_path: Path, *, fixed: bool, n: int, m: int) -> tuple[Path, list[str]]:
    db = tmp_path / "project.db"
    with Store.open(db) as store:
        generate_corpus(store, 20, 0)
    folder = tmp_path / "incoming"
    folder.mkdir()
    for number, article in enumerate(article_texts(m, seed=5, start=10_000)):
        (folder / f"{number:04d}.txt").write_text(article.text, encoding="utf-8")
    prefix = IMMEDIATE_FIX if fixed else ""
    commands = [
        [sys.executable, "-c", prefix + WRITER, str(db), "ana", str(n)],
        [sys.executable, "-c", prefix + WRITER, str(db), "budi", str(n)],
        [sys.executable, "-c", prefix + CLI, "import", "--quiet", "--db", str(db), str(folder)],
    ]
    processes = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        for c in commands
    ]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert "Traceback" not in err, err
        outputs.append(out.strip() + (" | " + err.strip() if err.strip() else ""))
    return db, outputs


def check_nothing_lost(db: Path, n: int, m: int, outputs: list[str]) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        per_annotator = dict(
            conn.execute(
                "SELECT annotator, count(*) FROM annotations WHERE annotator IN ('ana', 'budi') "
                "GROUP BY annotator"
            ).fetchall()
        )
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
    assert per_annotator == {"ana": n, "budi": n}, outputs
    assert articles == 20 + m, outputs


@pytest.mark.slow
def test_two_writers_and_an_import_lose_nothing_with_immediate_transactions(tmp_path):
    n, m = 300, 120
    db, outputs = run_concurrently(tmp_path, fixed=True, n=n, m=m)
    print(outputs)
    check_nothing_lost(db, n, m, outputs)


@pytest.mark.slow
@pytest.mark.xfail(
    reason="store bug: deferred BEGIN gives SQLITE_BUSY_SNAPSHOT without waiting; "
    "writes are refused under concurrency (see IMMEDIATE_FIX)",
    strict=False,
)
def test_two_writers_and_an_import_lose_nothing_as_shipped(tmp_path):
    n, m = 300, 120
    db, outputs = run_concurrently(tmp_path, fixed=False, n=n, m=m)
    print(outputs)
    check_nothing_lost(db, n, m, outputs)


def test_a_locked_project_gives_one_clear_line_and_a_failure_status(tmp_path):
    db = tmp_path / "project.db"
    with Store.open(db) as store:
        generate_corpus(store, 3, 3)
    article = tmp_path / "a.txt"
    article.write_text(next(article_texts(1, seed=9, start=500)).text, encoding="utf-8")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "import", "--db", str(db), str(article)],
            capture_output=True,
            text=True,
            env=ENV,
            timeout=120,  # a freeze fails the test here
        )
        reading = subprocess.run(
            [sys.executable, "-m", "annotator", "articles", "--db", str(db)],
            capture_output=True,
            text=True,
            env=ENV,
            timeout=120,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "is locked by another program; try again" in result.stderr, result.stderr
    assert str(db) in result.stderr
    assert reading.returncode == 0 and "3 article(s)" in reading.stdout, "readers still read"
    with Store.open(db, readonly=True) as store:
        assert store.count_articles() == 3
