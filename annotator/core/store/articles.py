"""Articles, their sentences and excluded ranges, and importing new ones."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from annotator.core.model import (
    ARTICLE_STATUSES,
    Article,
    ArticleSummary,
    Changes,
    Excluded,
    Sentence,
    changes,
)
from annotator.core.store.base import (
    MAX_ROWID,
    StoreBase,
    StoreError,
    describe_sqlite_error,
    insert_many,
    now,
    text_hash,
)

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EDITABLE_ARTICLE_FIELDS = ("title", "outlet", "place", "published", "url", "status", "language")
_HASH_CHUNK = 500  # placeholders per statement, well under any SQLite build's limit
_ARTICLES_HEAD = """INSERT INTO articles (text, text_hash, title, outlet, place, published,
     url, source, language, status, extra, imported_at, updated_at) VALUES"""
_ARTICLE_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_SENTENCES_HEAD = 'INSERT INTO sentences (article_id, start, "end") VALUES'
_SENTENCE_ROW = "(?, ?, ?)"
_EXCLUDED_HEAD = 'INSERT INTO excluded_ranges (article_id, start, "end", reason) VALUES'
_EXCLUDED_ROW = "(?, ?, ?, ?)"


class NewArticle(NamedTuple):
    """An article for `insert_articles`: the arguments `insert_article` takes."""

    text: str
    metadata: dict[str, Any]
    sentences: Sequence[tuple[int, int]]  # sequences: an import may store them twice
    excluded: Sequence[tuple[int, int, str]] = ()
    extra: dict[str, Any] | None = None
    source: str | None = None


def _fts_query(search: str) -> str:
    """Quote each word so user input is never FTS syntax; words are ANDed, prefixes match."""
    words = [w.replace('"', '""') for w in search.split() if w.strip()]
    return " ".join(f'"{w}"*' for w in words)


class ArticlesMixin(StoreBase):
    # --- reading -----------------------------------------------------------------------------
    def count_articles(self) -> int:
        row = self.query_one("SELECT count(*) AS n FROM articles")
        return int(row["n"]) if row else 0

    def article_ids(self, *, search: str | None = None, status: str | None = None) -> list[int]:
        """Article ids in import order, optionally filtered by full-text search and status.

        Only ids are read: unfiltered, from the smallest covering index (the table's own pages
        hold the texts: three times slower at 100,000 articles); a search from the full-text
        index alone, whose rowids are the article ids."""
        try:
            if search and search.strip():
                query = _fts_query(search)
                if not query:
                    return []
                sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
                params: list[object] = [query]
                if status:
                    sql += " AND rowid IN (SELECT id FROM articles WHERE status = ?)"
                    params.append(status)
                return [row[0] for row in self.conn.execute(sql + " ORDER BY rowid", params)]
            if status:
                rows = self.conn.execute(
                    "SELECT id FROM articles WHERE status = ? ORDER BY id", [status]
                )
                return [row[0] for row in rows]
            return sorted(row[0] for row in self.conn.execute("SELECT id FROM articles"))
        except sqlite3.Error as error:
            raise StoreError(describe_sqlite_error(self.path or ":memory:", error)) from None

    def all_article_ids(self) -> Sequence[int]:
        """Every article id, ascending: a `range` when the ids have no gaps (the usual case;
        ids go missing only by deletion), from three O(log n) lookups instead of a list."""
        row = self.query_one(
            "SELECT (SELECT min(id) FROM articles) AS first, (SELECT max(id) FROM articles) "
            "AS last, (SELECT count(*) FROM articles) AS count"
        )
        if not row or not row["count"]:
            return []
        if row["last"] - row["first"] + 1 == row["count"]:
            return range(row["first"], row["last"] + 1)
        return self.article_ids()

    def article_summaries(self, ids: Sequence[int]) -> list[ArticleSummary]:
        """Summaries for the given ids, in the order given (unknown ids are left out)."""
        if not ids:
            return []
        rows: dict[int, ArticleSummary] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.query(
                f"""
                SELECT a.id, a.title, a.outlet, a.published, a.status,
                  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id
                     AND n.kind = 'quote' AND n.status = 'accepted') AS quote_count,
                  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id
                     AND n.kind = 'claim' AND n.status = 'accepted') AS claim_count,
                  (SELECT count(*) FROM annotations n WHERE n.article_id = a.id
                     AND n.status = 'suggested') AS suggestion_count
                FROM articles a WHERE a.id IN ({marks})
                """,
                chunk,
            ):
                rows[row["id"]] = ArticleSummary(**row)
        return [rows[i] for i in ids if i in rows]

    def get_article(self, article_id: int) -> Article:
        row = self.query_one("SELECT * FROM articles WHERE id = ?", [article_id])
        if row is None:
            raise StoreError(f"article {article_id} does not exist")
        row["extra"] = _extra(row["extra"])
        return Article(**row)

    def find_article_by_hash(self, digest: str) -> int | None:
        row = self.query_one("SELECT id FROM articles WHERE text_hash = ?", [digest])
        return row["id"] if row else None

    def stored_hashes(self, digests: Sequence[str]) -> set[str]:
        """Which of these text hashes are stored already (a few statements for any number)."""
        found: set[str] = set()
        unique = list(dict.fromkeys(digests))
        for start in range(0, len(unique), _HASH_CHUNK):
            chunk = unique[start : start + _HASH_CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT text_hash FROM articles WHERE text_hash IN ({marks})"
            found.update(row["text_hash"] for row in self.query(sql, chunk))
        return found

    def sentences(self, article_id: int) -> list[Sentence]:
        return [
            Sentence(r["id"], r["start"], r["end"])
            for r in self.query(
                'SELECT id, start, "end" FROM sentences WHERE article_id = ? ORDER BY start',
                [article_id],
            )
        ]

    def excluded(self, article_id: int) -> list[Excluded]:
        return [
            Excluded(r["start"], r["end"], r["reason"])
            for r in self.query(
                'SELECT start, "end", reason FROM excluded_ranges WHERE article_id = ? '
                "ORDER BY start",
                [article_id],
            )
        ]

    # --- writing -----------------------------------------------------------------------------
    def insert_article(
        self,
        text: str,
        *,
        metadata: dict[str, Any],
        sentences: Iterable[tuple[int, int]],
        excluded: Iterable[tuple[int, int, str]] = (),
        extra: dict[str, Any] | None = None,
        source: str | None = None,
    ) -> tuple[int | None, Changes]:
        """Store one article with its sentences and excluded ranges, in the caller's transaction.

        Returns (None, no changes) when an article with the same text is already stored.
        """
        digest = text_hash(text)
        if self.find_article_by_hash(digest) is not None:
            return None, Changes()
        values = _article_values(text, digest, metadata, extra, source, now())
        cursor = self.conn.execute(f"{_ARTICLES_HEAD} {_ARTICLE_ROW}", values)
        article_id = int(cursor.lastrowid)
        length = len(text)
        # Plain executemany: imports store dozens of sentences per article, and insert_all's
        # per-row type detection would cost more than the inserts themselves.
        self.conn.executemany(
            f"{_SENTENCES_HEAD} {_SENTENCE_ROW}", _sentence_rows(article_id, sentences, length)
        )
        self.conn.executemany(
            f"{_EXCLUDED_HEAD} {_EXCLUDED_ROW}", _excluded_rows(article_id, excluded, length)
        )
        return article_id, changes(articles=[article_id], sentences=[article_id])

    def insert_articles(
        self, articles: Sequence[NewArticle], digests: Sequence[str] | None = None
    ) -> list[int | None]:
        """`insert_article` of each article in turn, in the caller's transaction, but table by
        table, many rows per statement (the articles, then all their sentences, then all
        excluded ranges): the same rows with the same ids, each article's id in order, None
        for one whose text is stored already or comes earlier in `articles`. `digests`, when
        given, are the texts' `text_hash`es. On an error, what was written so far stays in the
        transaction (roll it back) and the error may differ from `insert_article`'s."""
        if digests is None:
            digests = [text_hash(article.text) for article in articles]
        taken = self.stored_hashes(digests)
        row = self.conn.execute("SELECT max(id) FROM articles").fetchone()
        last = row[0] or 0
        if last + len(articles) >= MAX_ROWID:  # ids no longer max(id) + 1: one at a time
            return [self._insert_one(article) for article in articles]
        stamp = now()
        ids: list[int | None] = []
        rows: list[list[Any]] = []
        sentence_rows: list[tuple[int, int, int]] = []
        excluded_rows: list[tuple[int, int, int, str]] = []
        for article, digest in zip(articles, digests, strict=True):
            if digest in taken:
                ids.append(None)
                continue
            taken.add(digest)
            text = article.text
            metadata, extra = article.metadata, article.extra
            rows.append(_article_values(text, digest, metadata, extra, article.source, stamp))
            last += 1  # what SQLite gives a row without an id: one past the largest
            ids.append(last)
            length = len(text)
            sentence_rows.extend(_sentence_rows(last, article.sentences, length))
            excluded_rows.extend(_excluded_rows(last, article.excluded, length))
        insert_many(self.conn, _ARTICLES_HEAD, _ARTICLE_ROW, rows)  # full-text indexed
        # fewer statements are faster here too (statement setup), though by less
        insert_many(self.conn, _SENTENCES_HEAD, _SENTENCE_ROW, sentence_rows)
        insert_many(self.conn, _EXCLUDED_HEAD, _EXCLUDED_ROW, excluded_rows)
        return ids

    def _insert_one(self, article: NewArticle) -> int | None:
        article_id, _ = self.insert_article(
            article.text,
            metadata=article.metadata,
            sentences=article.sentences,
            excluded=article.excluded,
            extra=article.extra,
            source=article.source,
        )
        return article_id

    def update_article(self, article_id: int, **fields: Any) -> tuple[dict[str, Any], Changes]:
        """Change metadata fields; returns the previous values (pass them back to undo)."""
        unknown = set(fields) - set(EDITABLE_ARTICLE_FIELDS)
        if unknown:
            raise StoreError(f"cannot edit article field(s): {', '.join(sorted(unknown))}")
        if "status" in fields and fields["status"] not in ARTICLE_STATUSES:
            raise StoreError(f"unknown article status {fields['status']!r}")
        if fields.get("published") is not None:
            _check_published(fields["published"])
        with self.transaction():
            old = self.query_one(
                f"SELECT {', '.join(fields)} FROM articles WHERE id = ?", [article_id]
            )
            if old is None:
                raise StoreError(f"article {article_id} does not exist")
            self.db["articles"].update(article_id, {**fields, "updated_at": now()})
        return old, changes(articles=[article_id])

    def delete_article(self, article_id: int) -> Changes:
        with self.transaction():
            ids = [
                r["id"]
                for r in self.query("SELECT id FROM annotations WHERE article_id = ?", [article_id])
            ]
            self.conn.execute("DELETE FROM articles WHERE id = ?", [article_id])
        return changes(articles=[article_id], sentences=[article_id], annotations=ids)

    def split_sentence(self, article_id: int, offset: int) -> Changes:
        """Split the sentence containing `offset` into [start, offset) and [offset, end),
        trimming whitespace at the cut. Undo with `merge_sentences(article_id, second_start)`."""
        text = self.get_article(article_id).text
        with self.transaction():
            row = self.query_one(
                'SELECT id, start, "end" FROM sentences WHERE article_id = ? AND start < ? '
                'AND "end" > ?',
                [article_id, offset, offset],
            )
            if row is None:
                raise StoreError(f"no sentence to split at offset {offset}")
            first_end = offset
            while first_end > row["start"] and text[first_end - 1].isspace():
                first_end -= 1
            second_start = offset
            while second_start < row["end"] and text[second_start].isspace():
                second_start += 1
            if first_end <= row["start"] or second_start >= row["end"]:
                raise StoreError("a sentence can only be split between two non-empty parts")
            self.conn.execute('UPDATE sentences SET "end" = ? WHERE id = ?', [first_end, row["id"]])
            self.db["sentences"].insert(
                {"article_id": article_id, "start": second_start, "end": row["end"]}
            )
            self._article_touched(article_id)
        return changes(articles=[article_id], sentences=[article_id])

    def merge_sentences(self, article_id: int, offset: int) -> Changes:
        """Merge the sentence starting at `offset` into the one before it."""
        with self.transaction():
            second = self.query_one(
                'SELECT id, start, "end" FROM sentences WHERE article_id = ? AND start = ?',
                [article_id, offset],
            )
            first = self.query_one(
                'SELECT id, start, "end" FROM sentences WHERE article_id = ? AND start < ? '
                "ORDER BY start DESC LIMIT 1",
                [article_id, offset],
            )
            if second is None or first is None:
                raise StoreError(f"no two sentences meet at offset {offset}")
            self.conn.execute("DELETE FROM sentences WHERE id = ?", [second["id"]])
            self.conn.execute(
                'UPDATE sentences SET "end" = ? WHERE id = ?', [second["end"], first["id"]]
            )
            self._article_touched(article_id)
        return changes(articles=[article_id], sentences=[article_id])

    def replace_sentences(self, article_id: int, spans: Iterable[tuple[int, int]]) -> Changes:
        """Replace an article's whole segmentation (e.g. after re-running the segmenter)."""
        text = self.get_article(article_id).text
        rows = [
            {"article_id": article_id, "start": s, "end": e} for s, e in _checked(spans, len(text))
        ]
        with self.transaction():
            self.conn.execute("DELETE FROM sentences WHERE article_id = ?", [article_id])
            if rows:
                self.db["sentences"].insert_all(rows)
            self._article_touched(article_id)
        return changes(articles=[article_id], sentences=[article_id])


def _article_values(
    text: str,
    digest: str,
    metadata: dict[str, Any],
    extra: dict[str, Any] | None,
    source: str | None,
    stamp: str,
) -> list[Any]:
    """The values of `_ARTICLE_ROW` for a new article."""
    status = metadata.get("status") or "new"
    if status not in ARTICLE_STATUSES:
        raise StoreError(f"unknown article status {status!r}")
    return [
        text,
        digest,
        metadata.get("title"),
        metadata.get("outlet"),
        metadata.get("place"),
        metadata.get("published"),
        metadata.get("url"),
        source,
        metadata.get("language"),
        status,
        _extra_json(extra),
        metadata.get("imported_at") or stamp,
        metadata.get("updated_at") or stamp,
    ]


def _sentence_rows(
    article_id: int, sentences: Iterable[tuple[int, int]], length: int
) -> list[tuple[int, int, int]]:
    """The values of `_SENTENCE_ROW` for an article's sentences (checked: see `_checked`)."""
    return [(article_id, s, e) for s, e in _checked(sentences, length)]


def _excluded_rows(
    article_id: int, excluded: Iterable[tuple[int, int, str]], length: int
) -> list[tuple[int, int, int, str]]:
    """The values of `_EXCLUDED_ROW` for an article's excluded ranges that fit its text."""
    return [(article_id, s, e, reason) for s, e, reason in excluded if 0 <= s < e <= length]


def _checked(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Sorted spans that fit the text and do not overlap; raises StoreError otherwise."""
    ordered = sorted(spans)
    previous_end = 0
    for start, end in ordered:
        if not (0 <= start < end <= length):
            raise StoreError(f"sentence {start}-{end} lies outside the text (length {length})")
        if start < previous_end:
            raise StoreError(f"sentences overlap at offset {start}")
        previous_end = end
    return ordered


def _check_published(value: Any) -> None:
    """A publication date as the store keeps it: a day on the calendar, as YYYY-MM-DD."""
    from annotator.core.reading import calendar_problem

    if not isinstance(value, str) or _ISO_DAY.fullmatch(value) is None:
        raise StoreError(f"the date must be written YYYY-MM-DD, got {value!r}")
    problem = calendar_problem(value)
    if problem is not None:
        raise StoreError(f"the date {value} is not on the calendar ({problem})")


def _extra(stored: str | None) -> dict[str, Any]:
    """An article's `extra` column as a dict (most articles have none: the json module is then
    not loaded, which the first window does not need)."""
    if not stored or stored == "{}":
        return {}
    import json

    return json.loads(stored)


def _extra_json(extra: dict[str, Any] | None) -> str:
    if not extra:
        return "{}"
    import json

    return json.dumps(extra, ensure_ascii=False, sort_keys=True)
