"""The scale benchmark runs (at a tiny size: figures are for the benchmark command, not for
tests), and the article list's fast id queries give exactly what the store gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.scale import generate_corpus
from annotator.core.store import Store
from annotator.core.store.articles import _fts_query

pytestmark = pytest.mark.gui

SEARCHES = ("", "banjir", "Banjir  kota", "pem", "minister said", '"', 'a"b', "AND", "OR NOT x",
            "-x", "pem*", "   ", "zzz", "12", "née", "kota:", "NEAR(a b)", "^banjir", "(", "'")


def _visible(fn) -> list[int]:  # noqa: ANN001 - what the list shows: a bad query shows nothing
    try:
        return fn()
    except Exception:  # noqa: BLE001
        return []


def _reference_ids(store: Store, search: str | None, status: str | None) -> list[int]:
    """The ids the article list must show, by the plain join over the articles table."""
    sql, params = "SELECT a.id FROM articles a WHERE 1", []
    if search and search.strip():
        sql += " AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
        params.append(_fts_query(search))
    if status:
        sql += " AND a.status = ?"
        params.append(status)
    return [row[0] for row in store.conn.execute(sql + " ORDER BY a.id", params)]


def test_fast_article_ids_match_the_store(tmp_path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        generate_corpus(store, 300, 900, speakers=20)
        store.delete_article(7)
        store.delete_article(250)
        store.update_article(12, status="done")
        for search in SEARCHES:
            for status in (None, "done", "new"):
                fast = _visible(lambda s=search, st=status: store.article_ids(
                    search=s or None, status=st))
                slow = _visible(lambda s=search, st=status: _reference_ids(store, s, st))
                assert fast == slow, (search, status)
        assert 7 not in store.article_ids()
        assert store.article_ids() == sorted(store.article_ids())


def test_scale_benchmark_runs_at_a_tiny_size(tmp_path) -> None:
    import annotator

    root = str(Path(annotator.__file__).resolve().parent.parent)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-m", "annotator.gui.scale_benchmark", "--articles", "60",
               "--annotations", "400", "--repeats", "1", "--searches", "2", "--presses", "3",
               "--cache", str(tmp_path), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.splitlines()[-1])
    (app,), (floor,) = figures["app"], figures["floor"]
    assert app["rows"] == 60 and app["shown"] > 0 and app["scrollable"] >= app["shown"]
    assert floor["shown"] > 0 and app["rss_mb"] > 0
    it = figures["interactive"]
    assert len(it["search_ms"]) == 2 and len(it["repaint_ms"]) == 3 and it["tagged"] == 3
    assert it["annotations"] >= 400
    assert (tmp_path / "scale-60-400.db").exists()  # cached for the next run
    assert not (tmp_path / "scale-60-400.backups").exists()  # the runs' backups are removed
    with Store.open(tmp_path / "scale-60-400.db") as store:  # the tags were undone
        assert store.query_one("SELECT count(*) AS n FROM annotations")["n"] == it["annotations"]
