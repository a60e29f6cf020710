"""An import stores its articles table by table, a few hundred rows per statement
(`Store.insert_articles`, `_store_new_suggestions`): exactly what storing them one article at
a time stores (`_store_imported_one_by_one`, the path it replaced): the same rows, ids,
full-text index, duplicates, warnings and report, and a refused article refuses the input
with the same message and leaves nothing behind."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from annotator.core import parallel
from annotator.core.reading import SourceArticle
from annotator.core.scale import article_texts
from annotator.core.store import Store, StoreError
from annotator.core.store import store as store_module
from annotator.core.store.base import MAX_ROWID, insert_many
from annotator.core.store.store import Store as StoreClass

TABLES = {
    "articles": "id, text, text_hash, title, outlet, place, published, url, source, language, "
    "status, extra",
    "sentences": "*",
    "excluded_ranges": "*",
    "annotations": 'id, article_id, kind, start, "end", text, speaker_id, suggested_speaker, '
    "speaker_role, category_id, suggested_category, cue_start, cue_end, quote_type, quote_id, "
    "annotator, status, confidence, note, origin",
    "articles_fts": "rowid, *",
    "annotations_fts": "rowid, *",
}


def sources(count: int = 12, start: int = 0) -> list[SourceArticle]:
    """Articles; from 5 on, one with a date no calendar has (a warning, the value kept in
    extra) and extra fields, and the fifth text twice."""
    texts = [a.text for a in article_texts(count, seed=5, start=start)]
    found = [SourceArticle(text=t, source=f"in:{n}", outlet="Kompas") for n, t in enumerate(texts)]
    if count >= 5:
        found[2] = dataclasses.replace(found[2], published="31/02/2023", extra={"desk": "kota"})
        found.append(dataclasses.replace(found[4], source="again"))
    return found


def content(store: Store) -> dict[str, list[tuple]]:
    return {
        table: store.conn.execute(f"SELECT {columns} FROM {table} ORDER BY rowid").fetchall()
        for table, columns in TABLES.items()
    }


def stamps_agree(store: Store) -> None:
    for table in ("articles", "annotations"):
        row = store.conn.execute(
            f"SELECT count(*) FROM {table} WHERE updated_at <> "
            + ("imported_at" if table == "articles" else "created_at")
        ).fetchone()
        assert row[0] == 0


@pytest.fixture(autouse=True)
def batched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batch inputs of any size (small ones go one article at a time by default)."""
    monkeypatch.setattr(store_module, "BATCH_FROM", 1)


@pytest.fixture
def one_by_one(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make every import of the test store one article at a time, as it used to."""

    def switch() -> None:
        def slow(self: Store, articles: Any, digests: Any, analyzed: Any, keys: Any) -> Any:
            return self._store_imported_one_by_one(articles, analyzed, keys)

        monkeypatch.setattr(StoreClass, "_store_imported", slow)

    return switch


def twice(
    run: Callable[[Store], Any], one_by_one: Callable[[], None]
) -> tuple[tuple[Any, Store], tuple[Any, Store]]:
    """`run` on a new project table by table, then on another one article at a time."""
    fast = Store.memory()
    fast_result = run(fast)
    one_by_one()
    slow = Store.memory()
    return (fast_result, fast), (run(slow), slow)


@pytest.mark.parametrize("batch", [500, 3])
def test_same_rows_ids_index_and_report(
    monkeypatch: pytest.MonkeyPatch, one_by_one: Callable[[], None], batch: int
) -> None:
    monkeypatch.setattr(store_module, "IMPORT_BATCH", batch)  # 3: a duplicate batches apart

    def run(store: Store) -> list[Any]:
        first = store.import_sources(sources(), label="first")
        # a second input: some texts stored already, some new
        second = store.import_sources(sources(16, start=0)[8:], label="second")
        return [first, second]

    (fast, fast_store), (slow, slow_store) = twice(run, one_by_one)
    assert fast == slow
    first, second = fast
    assert len(first.imported) == 12 and first.duplicates == ("again",)
    assert any("31/02/2023" in w for w in first.warnings)
    assert second.duplicates == ("in:8", "in:9", "in:10", "in:11", "again")
    assert len(second.imported) == 4
    assert first.changes.annotations and second.changes.annotations
    assert content(fast_store) == content(slow_store)
    assert content(fast_store)["annotations"]
    stamps_agree(fast_store)
    extra = fast_store.get_article(first.imported[2]).extra
    assert extra == {"desk": "kota", "published_as_written": "31/02/2023"}


def test_many_statements_when_sqlite_allows_few_variables(
    one_by_one: Callable[[], None],
) -> None:
    """Statements hold as many rows as the build's variable limit allows (2 here)."""

    def run(store: Store) -> Any:
        store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 30)
        return store.import_sources(sources(7), label="x")

    (fast, fast_store), (slow, slow_store) = twice(run, one_by_one)
    assert fast == slow and len(fast.imported) == 7
    assert content(fast_store) == content(slow_store)


def test_a_text_stored_while_the_input_was_analysed_is_a_duplicate(
    monkeypatch: pytest.MonkeyPatch, one_by_one: Callable[[], None]
) -> None:
    real = parallel.iter_analyses
    inputs = sources(5)

    def run(store: Store) -> Any:
        def analyze_many(texts: list[str], **options: Any) -> Any:
            monkeypatch.setattr(parallel, "iter_analyses", real)
            store.import_sources([dataclasses.replace(inputs[3], source="other")], label="o")
            return real(texts, **options)

        monkeypatch.setattr(parallel, "iter_analyses", analyze_many)
        return store.import_sources(inputs, label="x")

    (fast, fast_store), (slow, slow_store) = twice(run, one_by_one)
    assert fast == slow
    assert fast.duplicates == ("in:3", "again") and len(fast.imported) == 4
    assert content(fast_store) == content(slow_store)


def spoiled(monkeypatch: pytest.MonkeyPatch, spoil: dict[int, dict[str, Any]]) -> None:
    """Analyses with fields replaced, by input position."""
    real = parallel.iter_analyses

    def analyze_many(texts: list[str], **options: Any) -> Any:
        found = list(real(texts, **options))
        for index, fields in spoil.items():
            found[index] = dataclasses.replace(found[index], **fields)
        return iter(found)

    monkeypatch.setattr(parallel, "iter_analyses", analyze_many)


@pytest.mark.parametrize(
    "spoil",
    [
        # the database refuses article 1 (CHECK on published) before article 2's sentence
        # is checked: the message is the database's, as when articles went one at a time
        {1: {"metadata": {"date": "2023-1-1"}}, 2: {"sentences": [(0, 10**6)]}},
        {2: {"sentences": [(0, 10**6)]}},
        {3: {"suggestions": [{"kind": "quote", "start": 0, "end": 5, "speaker": b"x"}]}},
        {3: {"suggestions": [{"kind": "quote", "start": 0, "end": 5, "speaker": ["x"]}]}},
    ],
)
def test_a_refused_article_refuses_the_input_with_the_same_error(
    monkeypatch: pytest.MonkeyPatch, one_by_one: Callable[[], None], spoil: dict
) -> None:
    earlier = sources(2, start=500)
    real = parallel.iter_analyses

    def run(store: Store) -> str:
        monkeypatch.setattr(parallel, "iter_analyses", real)
        store.import_sources(earlier, label="earlier")
        spoiled(monkeypatch, spoil)
        with pytest.raises(StoreError) as refused:
            store.import_sources(sources(5), label="x")
        return str(refused.value)

    (fast, fast_store), (slow, slow_store) = twice(run, one_by_one)
    assert fast == slow
    assert content(fast_store) == content(slow_store)
    assert fast_store.count_articles() == 2  # the earlier input only
    assert not fast_store.conn.in_transaction


def test_ids_near_the_largest_rowid(one_by_one: Callable[[], None]) -> None:
    """Past the largest rowid SQLite picks ids at random: they are read back, not foreseen."""

    def run(store: Store) -> Any:
        with store.transaction():
            store.conn.execute(
                "INSERT INTO articles (id, text, text_hash, imported_at, updated_at) "
                "VALUES (?, 'x', 'x', 'now', 'now')",
                [MAX_ROWID - 1],
            )
            store.conn.execute(
                'INSERT INTO annotations (id, article_id, kind, start, "end", text, '
                "created_at, updated_at) VALUES (?, ?, 'quote', 0, 1, 'x', 'now', 'now')",
                [MAX_ROWID - 1, MAX_ROWID - 1],
            )
        return store.import_sources(sources(4, start=910), label="x")

    fast = Store.memory()
    report = run(fast)
    assert len(report.imported) == 4 and MAX_ROWID in report.imported
    for article_id in report.imported:
        assert fast.get_article(article_id).id == article_id
    stored = {
        row[0]
        for row in fast.conn.execute(
            f"SELECT id FROM annotations WHERE article_id IN ({','.join('?' * 4)})",
            report.imported,
        )
    }
    assert stored == set(report.changes.annotations) and MAX_ROWID in stored


@pytest.mark.parametrize("variables", [250_000, 7, 2])
def test_insert_many_stores_every_row_in_order(variables: int) -> None:
    conn = sqlite3.connect(":memory:")
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, variables)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)")
    for count in (0, 1, 127, 128, 129, 1000):
        conn.execute("DELETE FROM t")
        rows = [(n, str(n)) for n in range(count)]
        insert_many(conn, "INSERT INTO t (a, b) VALUES", "(?, ?)", rows)
        assert conn.execute("SELECT a, b FROM t ORDER BY id").fetchall() == rows


def test_a_small_input_is_stored_one_article_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "BATCH_FROM", 32)
    batched: list[int] = []
    real = StoreClass._store_imported

    def spy(self: Store, articles: Any, digests: Any, *rest: Any) -> Any:
        batched.append(len(digests))  # the articles to store (analysed so far: fewer)
        return real(self, articles, digests, *rest)

    monkeypatch.setattr(StoreClass, "_store_imported", spy)
    store = Store.memory()
    # sources() adds a text twice: 31 and 33 articles analysed
    assert len(store.import_sources(sources(30, start=0), label="few").imported) == 30
    assert len(store.import_sources(sources(32, start=100), label="many").imported) == 32
    assert batched == [33]
