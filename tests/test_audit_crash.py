"""Audit of crash safety beyond `annotator import` and tagging (tests/test_robust_crash.py,
tests/test_gui_robust_crash.py): SIGKILL two other bulk writers at random moments.

* `annotator suggest` rewrites every article's pending suggestions: after a kill each
  article holds its whole set (the suggester is deterministic, so the set a finished run
  leaves), and accepted, rejected and hand-made annotations are untouched.
* `annotator import-as doccano` imports a file in one transaction: after a kill the file's
  articles and annotations are all there or none are, and a rerun completes it.

After every kill `PRAGMA integrity_check` says ok and no foreign key dangles.  The kill delays
are random; the seed is in every failure message (ANNOTATOR_CRASH_SEED replays one).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.reading import SourceArticle
from annotator.core.scale import article_texts
from annotator.core.store import Store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

SEED = int(os.environ.get("ANNOTATOR_CRASH_SEED", random.randrange(1_000_000)))
ENV = {**os.environ, "PYTHONUTF8": "1"}
KILLS = 5


def annotator(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "annotator", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
    )


def timed_run(*args: str) -> float:
    started = time.monotonic()
    process = annotator(*args)
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors.decode()
    return time.monotonic() - started


def kill_at_random(
    args: list[str], duration: float, rng: random.Random, latest: float = 0.95
) -> None:
    process = annotator(*args)
    time.sleep(duration * rng.uniform(0.25, latest))
    process.send_signal(signal.SIGKILL)
    process.wait()


def sound(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"seed {SEED}"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], f"seed {SEED}"
    return conn


def project_with_work(db: Path, count: int) -> None:
    """`count` realistic articles with their suggestions, and some human work on them."""
    with Store.open(db) as store:
        texts = [a.text for a in article_texts(count, seed=SEED % 997, start=40_000)]
        report = store.import_sources(
            [SourceArticle(text=t, source=f"a{n}") for n, t in enumerate(texts)], label="audit"
        )
        for n, article_id in enumerate(report.imported[:40]):
            pending = store.annotations(article_id, statuses=("suggested",))
            if pending and n % 2:
                store.accept_suggestion(pending[0].id, annotator="hand")
            elif pending:
                store.reject_suggestion(pending[0].id)
            store.add_claim(article_id, 0, 5, category_id=None, annotator="hand")


def suggestion_sets(conn: sqlite3.Connection) -> dict[int, list[tuple]]:
    found: dict[int, list[tuple]] = {}
    for row in conn.execute(
        "SELECT article_id, kind, start, \"end\" FROM annotations WHERE status = 'suggested' "
        'ORDER BY article_id, kind, start, "end"'
    ):
        found.setdefault(row[0], []).append(row[1:])
    return found


def human_work(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT id, status, kind, start, \"end\" FROM annotations WHERE status != 'suggested' "
        "ORDER BY id"
    ).fetchall()


@pytest.mark.slow
def test_killed_suggest_leaves_every_article_with_a_whole_set(tmp_path):
    db = tmp_path / "project.db"
    project_with_work(db, 300)
    timed_run("suggest", "--db", str(db))  # the fixed point a finished run leaves
    conn = sound(db)
    expected, work = suggestion_sets(conn), human_work(conn)
    conn.close()
    assert expected and work
    duration = timed_run("suggest", "--db", str(db))
    conn = sound(db)
    assert suggestion_sets(conn) == expected, "the suggester is not deterministic"
    conn.close()
    rng = random.Random(SEED)
    for round_number in range(KILLS):
        kill_at_random(["suggest", "--db", str(db)], duration, rng)
        conn = sound(db)
        try:
            now = suggestion_sets(conn)
            broken = sorted(
                a for a in expected.keys() | now.keys() if expected.get(a) != now.get(a)
            )
            assert not broken, f"seed {SEED} round {round_number}: partial sets in {broken[:5]}"
            assert human_work(conn) == work, f"seed {SEED}: a kill changed human work"
        finally:
            conn.close()
    print(f"seed {SEED}: suggest takes {duration:.1f} s; {KILLS} kills, every set whole")


@pytest.mark.slow
def test_killed_import_as_is_all_or_nothing_and_resumes(tmp_path):
    source = tmp_path / "source.db"
    project_with_work(source, 400)
    exported = tmp_path / "team.jsonl"
    timed_run("export-as", "doccano", "--db", str(source), "-o", str(exported))
    scratch = tmp_path / "scratch.db"
    duration = timed_run("import-as", "doccano", "--db", str(scratch), str(exported))
    conn = sound(scratch)
    want = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    want_annotations = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    conn.close()
    assert want == 400 and want_annotations > 0
    rng = random.Random(SEED + 1)
    db = tmp_path / "project.db"
    Store.open(db).close()
    seen = []
    for _ in range(KILLS):
        args = ["import-as", "doccano", "--db", str(db), str(exported)]
        kill_at_random(args, duration, rng, latest=1.1)  # its writes come last
        conn = sound(db)
        try:
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            annotations = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
        finally:
            conn.close()
        seen.append(articles)
        assert articles in (0, want), f"seed {SEED}: {articles} of {want} articles imported"
        if articles == 0:
            assert annotations == 0, f"seed {SEED}: annotations without their articles"
    timed_run("import-as", "doccano", "--db", str(db), str(exported))
    conn = sound(db)
    try:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == want
    finally:
        conn.close()
    print(f"seed {SEED}: import-as takes {duration:.1f} s; articles after each kill: {seen}")


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def big_old_project(path: Path, count: int) -> tuple[int, int]:
    """The schema_0001 fixture grown to `count` more articles (one sentence and one accepted
    quote each, written as a program of that version wrote them), so that upgrading it takes
    long enough to be killed in the middle.  Returns (articles, annotations)."""
    shutil.copy(FIXTURES / "schema_0001.db", path)
    conn = sqlite3.connect(path)
    stamp = "2026-01-05T10:00:00.000Z"
    texts = [a.text for a in article_texts(count, seed=SEED % 991, start=60_000)]
    with conn:
        for n, text in enumerate(texts):
            article = conn.execute(
                "INSERT INTO articles (text, text_hash, title, source, language, imported_at, "
                "updated_at) VALUES (?, ?, ?, ?, 'id', ?, ?)",
                [text, f"h{n}", f"old {n}", f"old/{n}.txt", stamp, stamp],
            ).lastrowid
            conn.execute(
                'INSERT INTO sentences (article_id, start, "end") VALUES (?, 0, ?)',
                [article, len(text)],
            )
            conn.execute(
                'INSERT INTO annotations (article_id, kind, start, "end", text, annotator, '
                "status, created_at, updated_at) VALUES (?, 'quote', 0, 8, ?, 'old', "
                "'accepted', ?, ?)",
                [article, text[:8], stamp, stamp],
            )
    counts = (
        conn.execute("SELECT count(*) FROM articles").fetchone()[0],
        conn.execute("SELECT count(*) FROM annotations").fetchone()[0],
    )
    conn.close()
    return counts


@pytest.mark.slow
def test_a_killed_upgrade_leaves_the_old_or_the_new_schema_and_all_data(tmp_path):
    template = tmp_path / "template.db"
    want = big_old_project(template, 12_000)
    scratch = tmp_path / "scratch.db"
    shutil.copy(template, scratch)
    duration = timed_run("check", "--db", str(scratch))  # a reading command upgrades it
    known = schema_versions_of(scratch)
    assert known[-1] == known_versions()[-1]
    rng = random.Random(SEED + 2)
    outcomes = []
    for round_number in range(KILLS):
        db = tmp_path / f"old{round_number}" / "project.db"
        db.parent.mkdir()
        shutil.copy(template, db)
        kill_at_random(["check", "--db", str(db)], duration, rng, latest=1.0)
        conn = sound(db)
        try:
            counts = (
                conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                conn.execute("SELECT count(*) FROM annotations").fetchone()[0],
            )
        finally:
            conn.close()
        assert counts == want, f"seed {SEED}: {counts} after the kill, {want} before"
        versions = schema_versions_of(db)
        assert versions == known_versions()[: len(versions)], f"seed {SEED}: {versions}"
        outcomes.append(len(versions))
        for made in db.parent.rglob("*"):  # a backup by its name is always whole
            if made.is_file() and made.suffix == ".db" and made != db:
                check = sqlite3.connect(made)
                try:
                    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                finally:
                    check.close()
        with Store.open(db) as store:  # the next open finishes the upgrade
            assert store.schema_versions() == known_versions()
            assert store.count_articles() == want[0]
            assert store.article_ids(search="old") is not None
    print(f"seed {SEED}: upgrade takes {duration:.1f} s; versions after each kill: {outcomes}")


def schema_versions_of(db: Path) -> list[str]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    finally:
        conn.close()


def known_versions() -> list[str]:
    from annotator.core import schema

    return schema.known_versions()
