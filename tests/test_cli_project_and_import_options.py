"""Which project a command writes to, and the import options for large corpora, run as a
user runs them (subprocesses)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.parallel import MIN_PARALLEL
from annotator.core.scale import article_texts


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1", **env},
        timeout=300,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def default_project(tmp_path: Path) -> dict[str, str]:
    """$ANNOTATOR_DB pointing at a file no command here should touch."""
    return {"ANNOTATOR_DB": str(tmp_path / "default" / "must-not-exist.db")}


def counts(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        suggested = conn.execute(
            "SELECT count(*) FROM annotations WHERE status = 'suggested'"
        ).fetchone()[0]
        return articles, suggested
    finally:
        conn.close()


@pytest.mark.parametrize("position", ["before the command", "after the command"])
def test_db_given_before_or_after_the_command_is_the_project_written(
    tmp_path, default_project, position
):
    db = tmp_path / "chosen.db"
    article = tmp_path / "article.txt"
    article.write_text("Menteri itu berkata, “Kami siap.”\n", encoding="utf-8")
    if position == "before the command":
        result = run("--db", str(db), "import", str(article), env=default_project)
    else:
        result = run("import", "--db", str(db), str(article), env=default_project)
    assert result.returncode == 0, result.stderr
    assert counts(db)[0] == 1
    assert not Path(default_project["ANNOTATOR_DB"]).exists()
    listed = run("--db", str(db), "articles", env=default_project)
    assert "1 article(s)" in listed.stdout
    backed_up = run("--db", str(db), "backup", env=default_project)
    assert backed_up.returncode == 0 and str(db) in backed_up.stdout
    assert not Path(default_project["ANNOTATOR_DB"]).exists()


def test_a_large_import_without_suggestions_then_suggest_on_every_core(tmp_path, default_project):
    source = tmp_path / "corpus.jsonl"
    count = MIN_PARALLEL + 36
    source.write_text(
        "".join(json.dumps({"text": a.text}) + "\n" for a in article_texts(count, seed=11)),
        encoding="utf-8",
    )
    db = tmp_path / "blind.db"
    env = {**default_project, "ANNOTATOR_WORKERS": "2"}
    imported = run("--db", str(db), "import", "--no-suggestions", str(source), env=env)
    assert imported.returncode == 0, imported.stderr
    assert f"imported {count}," in imported.stdout
    assert "analysing" not in imported.stderr  # no progress line when not on a terminal
    assert counts(db) == (count, 0)

    suggested = run("--db", str(db), "suggest", env=env)
    assert suggested.returncode == 0, suggested.stderr
    _, pending = counts(db)
    assert pending > count  # several suggestions per article

    compare = tmp_path / "direct.db"
    direct = run("--db", str(compare), "import", str(source), env={**env, "ANNOTATOR_WORKERS": "1"})
    assert direct.returncode == 0, direct.stderr
    assert counts(compare) == (count, pending)  # same suggestions, one process or two
