"""Projects written by earlier schema versions open with the current program: migrated to
the current version with every row intact, spans consistent, full-text search working.

The fixtures are built by tests/fixtures/make_fixtures.py (committed .db files).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from annotator.core import schema
from annotator.core.export_json import export_project
from annotator.core.store import Store, StoreError
from annotator.paths import resource

FIXTURES = Path(__file__).resolve().parent / "fixtures"
_spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
make_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fixtures)
EXPECTED = make_fixtures.EXPECTED
NAMES = sorted(make_fixtures.FIXTURES)


@pytest.fixture(params=NAMES)
def old_project(request, tmp_path) -> Path:
    copy = tmp_path / request.param
    shutil.copy(FIXTURES / request.param, copy)
    return copy


def test_fixtures_are_at_their_old_versions():
    for name, stop_before in make_fixtures.FIXTURES.items():
        conn = sqlite3.connect(f"{(FIXTURES / name).as_uri()}?mode=ro", uri=True)
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
        conn.close()
        known = schema.known_versions()
        assert applied == known[: known.index(stop_before)]


def test_old_project_migrates_with_all_data_intact(old_project):
    with Store.open(old_project) as store:
        assert store.schema_versions() == schema.known_versions()
        counts = {
            table: store.query_one(f"SELECT count(*) AS n FROM {table}")["n"]
            for table in ("articles", "annotations", "speakers", "categories")
        }
        assert counts == {
            "articles": EXPECTED["articles"],
            "annotations": EXPECTED["annotations"],
            "speakers": EXPECTED["speakers"],
            "categories": EXPECTED["categories"],
        }
        assert store.get_setting("annotator_name") == "ana"
        assert {s.name: s.aliases for s in store.speakers()} == {
            "Siti Lestari": ("Bu Siti",),
            "Budi Santoso": ("Pak Budi",),
        }
        texts = []
        for article_id in store.article_ids():
            article = store.get_article(article_id)
            assert article.extra == {"batch": "fixture"}
            for a in store.annotations(article_id, statuses=("accepted", "suggested", "rejected")):
                assert a.text == article.text[a.start : a.end]
                texts.append(a.text)
            assert store.sentences(article_id)
        assert sorted(texts) == EXPECTED["span_texts"]
        for words, hits in EXPECTED["search"].items():
            assert len(store.article_ids(search=words)) == hits, words
        found = store.query(
            "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?", ['"ready"']
        )
        assert len(found) == 1
        quotes = store.query("SELECT speaker, cue FROM quotes WHERE status = 'accepted'")
        assert sorted((q["speaker"], q["cue"]) for q in quotes) == [
            ("Budi Santoso", "said"),
            ("Siti Lestari", "kata"),
        ]
        claims = store.query("SELECT category, speaker FROM claims ORDER BY id")
        assert claims[0] == {"category": "quantity", "speaker": "Siti Lestari"}
        document = export_project(store)
    export_schema = json.loads(resource("schema", "export-v1.schema.json").read_text("utf-8"))
    jsonschema.validate(document, export_schema)
    conn = sqlite3.connect(old_project)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_new_writes_after_migration_are_searchable(old_project):
    with Store.open(old_project) as store:
        article_id = store.article_ids()[0]
        added, _ = store.add_quote(article_id, 0, 5, speaker_id=None, annotator="budi")
        assert added.text == store.get_article(article_id).text[0:5]
        store.update_article(article_id, title="Judul baru tentang pupuk")
        assert store.article_ids(search="pupuk") == [article_id]


def test_migrating_twice_changes_nothing(old_project):
    Store.open(old_project).close()
    before = old_project.read_bytes()
    Store.open(old_project).close()
    with Store.open(old_project) as store:
        assert store.schema_versions() == schema.known_versions()
        assert store.count_articles() == EXPECTED["articles"]
    assert len(old_project.read_bytes()) == len(before)


def test_an_old_project_that_cannot_be_written_says_so(old_project):
    if os.geteuid() == 0:
        if (
            not shutil.which("chattr")
            or subprocess.run(["chattr", "+i", str(old_project)]).returncode
        ):
            pytest.skip("cannot make a file read-only for root here")
    else:
        old_project.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="needs upgrading"):
            Store.open(old_project)
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "articles", "--db", str(old_project)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "needs upgrading" in result.stderr and str(old_project) in result.stderr
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(old_project)])


def test_deleting_an_annotation_finds_the_claims_linked_to_it_by_index(old_project):
    """ON DELETE SET NULL on quote_id looks the linked claims up: with the index of 0005 it
    does not scan every annotation for each suggestion re-suggesting deletes."""
    with Store.open(old_project) as store:
        plan = store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM annotations WHERE quote_id = ?", [1]
        ).fetchall()
    assert any("annotations_quote" in str(row) for row in plan), plan
