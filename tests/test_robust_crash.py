"""Crash safety: SIGKILL a CLI import and an annotating process at random moments.

After every kill the project must pass `PRAGMA integrity_check`, every article must be whole
(its row, all its sentences, all its suggestions) or absent, and re-running the import must
complete the rest. For the writer, every annotation id printed after its call returned must
be in the file. The kill delays are random; the seed is in every failure message
(set ANNOTATOR_CRASH_SEED to replay one).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.pipeline import analyze_text
from annotator.core.scale import article_texts, generate_corpus
from annotator.core.store import Store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

SEED = int(os.environ.get("ANNOTATOR_CRASH_SEED", random.randrange(1_000_000)))
ENV = {**os.environ, "PYTHONUTF8": "1"}


def short_articles(count: int, seed: int) -> list[str]:
    """Realistic articles (a headline, a dateline, 4-26 sentences, quotes)."""
    texts = []
    for article in article_texts(count, seed=seed):
        cut = article.sentences[min(len(article.sentences) - 1, 4 + len(texts) % 23)][1]
        texts.append(article.text[:cut] + "\n")
    return texts


_ANALYSES: dict[str, tuple[list[tuple[int, int]], int]] = {}


def expected_analysis(text: str) -> tuple[list[tuple[int, int]], int]:
    """(sentences, number of suggestions) the importer stores for `text` (cached)."""
    if text not in _ANALYSES:
        analysis = analyze_text(text)
        _ANALYSES[text] = (analysis.sentences, len(analysis.suggestions))
    return _ANALYSES[text]


def make_inputs(folder: Path, count: int, jsonl_count: int) -> dict[str, str]:
    """`count` .txt files and one JSONL of `jsonl_count` articles; returns source -> text."""
    folder.mkdir()
    texts = short_articles(count + jsonl_count, seed=SEED % 1000)
    expected = {}
    for number, text in enumerate(texts[:count]):
        path = folder / f"a{number:04d}.txt"
        path.write_text(text, encoding="utf-8")
        expected[str(path)] = text
    lines = folder / "batch.jsonl"
    with lines.open("w", encoding="utf-8") as handle:
        for line, text in enumerate(texts[count:], start=1):
            handle.write(json.dumps({"text": text}) + "\n")
            expected[f"{lines}:{line}"] = text
    return expected


def check_whole_or_absent(db: Path, expected: dict[str, str]) -> int:
    """Integrity ok and each stored article complete; returns how many are stored."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"seed {SEED}"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], f"seed {SEED}"
        rows = conn.execute("SELECT id, source, text FROM articles").fetchall()
        for article_id, source, text in rows:
            assert expected[source] == text, f"seed {SEED}: {source} stored differently"
            want_sentences, want_suggestions = expected_analysis(text)
            sentences = conn.execute(
                'SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY start',
                [article_id],
            ).fetchall()
            assert sentences == want_sentences, f"seed {SEED}: {source} sentences"
            stored = conn.execute(
                "SELECT count(*) FROM annotations WHERE article_id = ?", [article_id]
            ).fetchone()[0]
            assert stored == want_suggestions, f"seed {SEED}: {source} suggestions"
        jsonl = [s for _, s, _ in rows if ".jsonl:" in s]
        total_jsonl = sum(1 for s in expected if ".jsonl:" in s)
        assert len(jsonl) in (0, total_jsonl), f"seed {SEED}: JSONL file half imported"
        return len(rows)
    finally:
        conn.close()


def children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (the import's analysis workers), from /proc."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_import(db: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", "--quiet", "--db", str(db), str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
    )


@pytest.mark.slow
def test_killed_import_leaves_whole_articles_and_resumes(tmp_path):
    # The JSONL is big enough to be analysed in worker processes (parallel.MIN_PARALLEL).
    expected = make_inputs(tmp_path / "in", 300, 150)
    scratch = tmp_path / "scratch.db"
    started = time.monotonic()
    start_import(scratch, tmp_path / "in").communicate(timeout=300)
    duration = time.monotonic() - started  # a whole import, to spread the kill points over
    rng = random.Random(SEED)
    stored_at_kill = []
    orphans: set[int] = set()
    for round_number in range(6):  # each kill hits a fresh import at a random moment
        db = tmp_path / f"project{round_number}.db"
        Store.open(db).close()
        process = start_import(db, tmp_path / "in")
        time.sleep(duration * rng.uniform(0.15, 0.95))
        workers = children_of(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait()
        stored_at_kill.append(check_whole_or_absent(db, expected))
        orphans.update(workers)
    print(
        f"seed {SEED}: import of {len(expected)} takes {duration:.1f} s; "
        f"articles stored at each kill: {stored_at_kill}"
    )
    deadline = time.monotonic() + 20
    while any(running(pid) for pid in orphans) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in orphans), f"seed {SEED}: workers outlived the import"
    finish = start_import(db, tmp_path / "in")  # the last killed project: resume
    _, errors = finish.communicate(timeout=300)
    assert finish.returncode == 0, errors.decode()
    assert check_whole_or_absent(db, expected) == len(expected)
    with Store.open(db, readonly=True) as store:
        assert store.count_articles() == len(expected)


WRITER = """
import sys
from annotator.core.store import Store
store = Store.open(sys.argv[1])
articles = store.article_ids()
n = 0
while True:
    article = articles[n % len(articles)]
    if n % 2:
        added, _ = store.add_quote(article, 0, 10 + n % 7, speaker_id=None, annotator="crash")
    else:
        added, _ = store.add_claim(article, 2, 12, category_id=None, annotator="crash")
    print(added.id, flush=True)
    n += 1
"""


def test_killed_writer_loses_no_returned_annotation(tmp_path):
    db = tmp_path / "project.db"
    with Store.open(db) as store:
        generate_corpus(store, 10, 0)
    rng = random.Random(SEED + 1)
    for round_number in range(4):
        log = tmp_path / f"ids{round_number}.txt"
        with log.open("w") as out:
            writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=out, env=ENV)
            time.sleep(rng.uniform(0.6, 2.0))
            writer.send_signal(signal.SIGKILL)
            writer.wait()
        content = log.read_text()
        printed = [int(line) for line in content.split("\n")[:-1]]  # complete lines only
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {row[0] for row in conn.execute("SELECT id FROM annotations")}
        finally:
            conn.close()
        missing = [i for i in printed if i not in stored]
        assert not missing, f"seed {SEED}: annotations lost after SIGKILL: {missing}"
        print(f"seed {SEED}: round {round_number}: {len(printed)} returned, all stored")


def test_killed_restore_leaves_the_old_or_the_new_project(tmp_path):
    current, backup_file = tmp_path / "current.db", tmp_path / "backup.db"
    for path, which, count in ((current, "current", 3000), (backup_file, "backup", 2000)):
        with Store.open(path) as store:
            generate_corpus(store, count, count, seed=count)
            store.set_setting("which", which)
        Store.open(path).close()  # checkpointed: one self-contained file
    rng = random.Random(SEED + 2)
    outcomes = []
    for round_number in range(8):
        project = tmp_path / f"round{round_number}" / "project.db"
        project.parent.mkdir()
        project.write_bytes(current.read_bytes())
        restore = subprocess.Popen(
            [sys.executable, "-m", "annotator", "restore", "--db", str(project), str(backup_file)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENV,
        )
        time.sleep(rng.uniform(0.15, 0.6))
        restore.send_signal(signal.SIGKILL)
        restore.wait()
        conn = sqlite3.connect(project)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"seed {SEED}"
            which = conn.execute("SELECT value FROM settings WHERE key = 'which'").fetchone()[0]
            count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
        assert (which, count) in {("current", 3000), ("backup", 2000)}, f"seed {SEED}"
        saved = list((project.parent / "project.backups").glob("*.db"))
        outcomes.append(f"{which}{'+saved' if saved else ''}")
        for path in saved:  # a named backup is always complete
            conn = sqlite3.connect(path)
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3000
            conn.close()
    print(f"seed {SEED}: project after each killed restore: {outcomes}")
