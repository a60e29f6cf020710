"""Concurrent use of one project: two annotating processes and a CLI import at once; a
project locked by another program.

Writes take the write lock up front (`BEGIN IMMEDIATE` in `StoreBase.transaction`), so a
writer waits for another (up to the busy timeout) instead of failing on a stale snapshot:
every write of every process arrives.
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


def run_concurrently(tmp_path: Path, *, n: int, m: int) -> tuple[Path, list[str]]:
    db = tmp_path / "project.db"
    with Store.open(db) as store:
        generate_corpus(store, 20, 0)
    folder = tmp_path / "incoming"
    folder.mkdir()
    for number, article in enumerate(article_texts(m, seed=5, start=10_000)):
        (folder / f"{number:04d}.txt").write_text(article.text, encoding="utf-8")
    commands = [
        [sys.executable, "-c", WRITER, str(db), "ana", str(n)],
        [sys.executable, "-c", WRITER, str(db), "budi", str(n)],
        [sys.executable, "-c", CLI, "import", "--quiet", "--db", str(db), str(folder)],
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
def test_two_writers_and_an_import_lose_nothing(tmp_path):
    n, m = 300, 120
    db, outputs = run_concurrently(tmp_path, n=n, m=m)
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
