"""`Store`: opening a project, settings, importing articles, re-running suggestions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, nullcontext
from itertools import islice
from math import ceil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core import schema
from annotator.core.model import Cancelled, Changes, ImportReport, changes
from annotator.core.store.annotations import AnnotationsMixin
from annotator.core.store.articles import ArticlesMixin, NewArticle
from annotator.core.store.base import (
    ProjectError,
    StoreError,
    check_sqlite_file,
    connect,
    describe_sqlite_error,
    text_hash,
)
from annotator.core.store.categories import CategoriesMixin
from annotator.core.store.speakers import SpeakersMixin

if TYPE_CHECKING:  # reading articles is loaded with the first import, not with the project
    from annotator.core.reading import SourceArticle

# progress(done, total, current_input) -> False to cancel
ProgressCallback = Callable[[int, int, str], bool | None]
# analysis_progress(articles analysed, articles in the input, input)
# analysis_progress(...) -> False cancels: nothing of that input is stored, the import stops
AnalysisProgress = Callable[[int, int, str], bool | None]


RESUGGEST_BATCH = 512
IMPORT_BATCH = 500  # articles stored table by table together
# The share of a large input's analysis done before its transaction begins: storing then
# overlaps the analysis of the rest and the write lock is held briefly (see README,
# Performance: 0.8 gave the speed of 0.5-0.65 with a shorter lock).
STORE_AFTER = 0.8
# An input of fewer articles (a folder of .txt files is an input per article) is stored an
# article at a time, as it always was: batching saves nothing measurable there, and its file
# keeps the layout it had (one statement per suggestion leaves the full-text index's pages
# with room to spare, which tests/test_audit_gui_damaged.py's full disk relies on).
BATCH_FROM = 32
# A JSON Lines file this large holds enough articles for worker processes: they are started
# before it is read (see parallel.workers_started_early).
EARLY_WORKERS_BYTES = 256 * 1024


class _NeedsUpgrade(StoreError):
    """An older schema met by a read-only connection (`Store.open` upgrades it when it may)."""


class Store(ArticlesMixin, AnnotationsMixin, SpeakersMixin, CategoriesMixin):
    """One open project. Create with `Store.open(path)` or `Store.memory()`; close when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, *, readonly: bool = False):
        self.conn = conn
        self.path = path
        self.readonly = readonly

    # --- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Store:
        """Open (creating if needed) the project at `path`, migrating an older schema.

        A project of an older schema is upgraded first, after a backup of it, even when
        `readonly` is asked for (a reading command), unless the file itself cannot be written.
        Raises StoreError with one line for: not an SQLite file, a damaged file, a locked file,
        a read-only file that needs upgrading, a schema newer than this program.
        """
        path = Path(path).expanduser()
        check_sqlite_file(path)
        exists = path.exists()
        writable = not exists or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
        if readonly and not exists:
            raise StoreError(f"{path}: no such project file")
        try:
            return cls._connect(path, readonly=readonly or not writable)
        except _NeedsUpgrade:
            if not writable:
                raise StoreError(
                    f"{path}: was written by an older version of annotator and needs "
                    "upgrading, but the file is read-only; make it writable (or copy it) and "
                    "open it again"
                ) from None
        cls._connect(path, readonly=False).close()  # a reading command: upgrade, then read
        return cls._connect(path, readonly=True)

    @classmethod
    def _connect(cls, path: Path, *, readonly: bool) -> Store:
        conn = None
        try:
            conn = connect(path, readonly=readonly)
            store = cls(conn, path, readonly=readonly)
            store._prepare()
        except BaseException as error:
            if conn is not None:
                conn.close()
            if isinstance(error, sqlite3.Error):
                raise StoreError(describe_sqlite_error(path, error)) from None
            raise
        return store

    @classmethod
    def memory(cls) -> Store:
        """A throwaway in-memory project (tests, `analyze`)."""
        conn = sqlite3.connect(":memory:")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")
        store = cls(conn, None)
        store._prepare()
        return store

    def _prepare(self) -> None:
        self._refuse_newer_schema()
        if not schema.applied_versions(self.conn):
            self._refuse_foreign_database()
        if not schema.pending_versions(self.conn):
            return
        if self.readonly:
            raise _NeedsUpgrade(f"{self.path}: needs upgrading but is opened read-only")
        # One transaction, its write lock taken up front: a program opening the project at
        # the same moment waits for it (busy timeout), then finds nothing left to do.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._refuse_newer_schema()  # re-read under the lock: someone may have upgraded
            fresh = not schema.applied_versions(self.conn)
            if schema.pending_versions(self.conn):
                if not fresh and self.path is not None:
                    self._backup_before_upgrade()  # under the lock: one backup, not one each
                schema.apply(self.db)
                if fresh:
                    self._install_default_taxonomy()
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _refuse_foreign_database(self) -> None:
        """No annotator schema yet: only an empty database may become a project, and only
        when it is opened for writing (a reading command never creates one)."""
        row = self.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()
        if row[0]:
            raise StoreError(
                f"{self.path}: an SQLite database but not an annotator project (it holds "
                "other tables); nothing was changed"
            )
        if self.readonly:
            raise StoreError(
                f"{self.path}: an empty database, not an annotator project yet (import "
                "articles into it, or open it in the app, to make it one)"
            )

    def _refuse_newer_schema(self) -> None:
        applied = schema.applied_versions(self.conn)
        unknown = [name for name in applied if name not in schema.known_versions()]
        if unknown:
            raise StoreError(
                f"{self.path}: the project was written by a newer version of annotator "
                f"(schema {unknown[-1]}); update annotator to open it"
            )

    def _backup_before_upgrade(self) -> None:
        """A year of work should not hang on a migration: keep the old file's state."""
        from annotator.core.backup import BackupError, backup_project

        try:
            backup_project(self.path)  # its own reader: this connection holds the lock
        except BackupError as error:
            raise StoreError(
                f"{self.path}: not upgraded, because backing it up first failed ({error})"
            ) from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_versions(self) -> list[str]:
        return schema.applied_versions(self.conn)

    # --- settings ----------------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.query_one("SELECT value FROM settings WHERE key = ?", [key])
        return row["value"] if row else default

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction():
            self.db["settings"].upsert({"key": key, "value": value}, pk="key")

    # --- importing ---------------------------------------------------------------------------
    def known_speakers(self) -> list[Any]:
        from annotator.core.analysis_types import KnownSpeaker

        return [KnownSpeaker(s.name, tuple(s.aliases)) for s in self.speakers()]

    def _analyze_sources(
        self,
        sources: Sequence[SourceArticle],
        known: Sequence[Any],
        *,
        suggest: bool,
        analysis_progress: AnalysisProgress | None,
        label: str,
    ) -> Iterator[tuple[SourceArticle, Any, dict]]:
        """Analyze articles (no database access, on every core for a large batch): each
        source with its analysis and the metadata to store, in order, as they are done."""
        from annotator.core.parallel import iter_analyses

        done = 0

        def analyzed(count: int) -> bool | None:
            nonlocal done
            done += count
            if analysis_progress is None:
                return None
            return analysis_progress(done, len(sources), label)

        analyses = iter_analyses(
            [s.text for s in sources],
            known_speakers=known,
            with_suggestions=suggest,
            analyzed=analyzed,
        )
        for source, analysis in zip(sources, analyses, strict=True):
            yield source, analysis, _stored_metadata(source, analysis.metadata)

    def import_sources(
        self,
        sources: list[SourceArticle],
        *,
        label: str,
        suggest: bool = True,
        analysis_progress: AnalysisProgress | None = None,
    ) -> ImportReport:
        """Import articles read from one input in ONE transaction: all of them or none.

        The slow part, analysis, runs in worker processes. The first STORE_AFTER (80%) of
        it runs before the transaction; then the analysed articles are stored while the
        workers analyse the rest, so the write lock is held for the last fifth of the
        analysis and the inserts (10,000 articles: ~2.9 s, against ~1.8 s when storing after
        the whole analysis and ~4 s from half-way), and the import takes the time of the
        analysis plus little more. Without `suggest`, no quote or claim is suggested (blind
        coding; `resuggest` adds them later)."""
        known = self.known_speakers()
        digests = [text_hash(s.text) for s in sources]
        existing = self.stored_hashes(digests)
        stored = [digest in existing for digest in digests]
        duplicates = [s.source or label for s, old in zip(sources, stored, strict=True) if old]
        fresh = [s for s, old in zip(sources, stored, strict=True) if not old]
        fresh_digests = [d for d, old in zip(digests, stored, strict=True) if not old]
        stream = self._analyze_sources(
            fresh, known, suggest=suggest, analysis_progress=analysis_progress, label=label
        )
        notes: list[str] = []
        articles: list[NewArticle] = []
        analyzed: list[tuple[SourceArticle, Any, dict]] = []
        analysis_failed = False

        def take(count: int) -> None:
            """Up to `count` more analysed articles from the stream (waiting for them)."""
            nonlocal analysis_failed
            try:
                for source, analysis, metadata in islice(stream, count):
                    extra = dict(source.extra)
                    if source.published and not _iso_date(source.published, metadata["language"]):
                        extra["published_as_written"] = source.published  # never lost silently
                        notes.append(_unread_published(source, metadata, label))
                    analyzed.append((source, analysis, metadata))
                    articles.append(
                        NewArticle(
                            source.text,
                            metadata,
                            analysis.sentences,
                            analysis.excluded,
                            extra,
                            source.source,
                        )
                    )
            except BaseException:
                analysis_failed = True  # cancelled, or the analysis itself failed
                raise

        batched = len(fresh) >= BATCH_FROM
        take(ceil(len(fresh) * STORE_AFTER) if batched else len(fresh))
        with closing(stream), self.transaction():  # closing: a failure stops the workers
            category_ids = self.category_ids()
            if not batched:
                ids, annotation_ids = self._store_imported_one_by_one(
                    articles, analyzed, category_ids
                )
            else:
                try:
                    with self._atomic():  # a savepoint: a refused row undoes only this attempt
                        ids, annotation_ids = self._store_imported(
                            articles, fresh_digests, analyzed, category_ids, take
                        )
                except Exception as error:
                    if analysis_failed or not self.conn.in_transaction or _cannot_write(error):
                        raise
                    take(len(fresh))
                    # Something refused (a row, a value): again one article at a time, so
                    # the input is refused just as it always was (the same error, from the
                    # same article), or stored if only statements of many rows were refused.
                    ids, annotation_ids = self._store_imported_one_by_one(
                        articles, analyzed, category_ids
                    )
        for source, article_id in zip(fresh, ids, strict=True):
            if article_id is None:  # the same text twice in one input
                duplicates.append(source.source or label)
        imported = [article_id for article_id in ids if article_id is not None]
        warnings = (*(_named(w, s.source or label) for s in sources for w in s.warnings), *notes)
        total = changes(articles=imported, sentences=imported, annotations=annotation_ids)
        return ImportReport(tuple(imported), tuple(duplicates), (), warnings, total)

    def _store_imported(
        self,
        articles: list[NewArticle],
        digests: list[str],
        analyzed: list[tuple[SourceArticle, Any, dict]],
        category_ids: dict[str, int],
        take: Callable[[int], None],
    ) -> tuple[list[int | None], list[int]]:
        """Store analysed articles and their suggestions, table by table for each batch of
        IMPORT_BATCH articles (a batch's rows at a time: all of a large file's would add a
        tenth to the import's peak memory): each article's id (None for a duplicate) and the
        new annotation ids. `articles` and `analyzed` grow by `take(count)` as the analysis
        goes on, up to one per digest."""
        ids: list[int | None] = []
        annotation_ids: list[int] = []
        for start in range(0, len(digests), IMPORT_BATCH):
            if len(articles) < start + IMPORT_BATCH:
                take(start + IMPORT_BATCH - len(articles))
            batch = slice(start, start + IMPORT_BATCH)
            batch_ids = self.insert_articles(articles[batch], digests[batch])
            annotation_ids += self._store_new_suggestions(
                [
                    (article_id, source.text, analysis.suggestions)
                    for article_id, (source, analysis, _) in zip(
                        batch_ids, analyzed[batch], strict=True
                    )
                    if article_id is not None
                ],
                category_ids,
            )
            ids += batch_ids
        return ids, annotation_ids

    def _store_imported_one_by_one(
        self,
        articles: list[NewArticle],
        analyzed: list[tuple[SourceArticle, Any, dict]],
        category_ids: dict[str, int],
    ) -> tuple[list[int | None], list[int]]:
        """`_store_imported` an article at a time (for the error a refused one raises)."""
        ids: list[int | None] = []
        annotation_ids: list[int] = []
        for article, (source, analysis, _) in zip(articles, analyzed, strict=True):
            article_id = self._insert_one(article)
            ids.append(article_id)
            if article_id is not None:
                annotation_ids.extend(
                    self._store_suggestions(
                        article_id, source.text, analysis.suggestions, set(), category_ids
                    )
                )
        return ids, annotation_ids

    def import_paths(
        self,
        paths: Sequence[str | Path],
        *,
        progress: ProgressCallback | None = None,
        fallback_encoding: str | None = None,
        suggest: bool = True,
        analysis_progress: AnalysisProgress | None = None,
    ) -> ImportReport:
        """Import files and folders (.txt, .jsonl, JSON exports). Each input file is one
        transaction: a refused file leaves nothing behind and the others still import.

        `progress` hears of each input file, `analysis_progress` of the articles analysed in
        the current one; without `suggest`, articles are stored with no suggestions."""
        from annotator.core.reading import InputError, expand_paths

        reports: list[ImportReport] = []
        files: list[Path] = []
        for raw in paths:
            try:
                found = expand_paths([raw])
            except InputError as error:
                reports.append(ImportReport(refused=((str(raw), str(error)),)))
                continue
            if Path(raw).is_dir():
                # A folder may hold other JSON files (gold annotations, configs): only
                # annotator exports in it are imported; a JSON file named directly must be one.
                others = [f for f in found if f.suffix.lower() == ".json" and not _is_export(f)]
                found = [f for f in found if f not in others]
                if others:
                    note = f"skipped {len(others)} JSON file(s) in {raw}: not annotator exports"
                    reports.append(ImportReport(warnings=(note,)))
            files.extend(found)
        for done, path in enumerate(files):
            if progress is not None and progress(done, len(files), str(path)) is False:
                break
            try:
                report = self._import_file(path, fallback_encoding, suggest, analysis_progress)
            except Cancelled:
                break  # cancelled while its articles were analysed: nothing of it was stored
            reports.append(report)
        if progress is not None:
            progress(len(files), len(files), "")
        return ImportReport.merged(reports)

    def _import_file(
        self,
        path: Path,
        fallback_encoding: str | None,
        suggest: bool = True,
        analysis_progress: AnalysisProgress | None = None,
    ) -> ImportReport:
        from annotator.core.parallel import workers_started_early
        from annotator.core.reading import InputError, read_articles

        try:
            if path.suffix.lower() == ".json":
                from annotator.core.export_json import import_document_file

                return import_document_file(self, path)
            if path.suffix.lower() == ".jsonl":
                from annotator.core.formats.jsonl import import_jsonl, is_native_jsonl

                if is_native_jsonl(path):
                    return import_jsonl(self, path)
            early = path.suffix.lower() == ".jsonl" and _size(path) >= EARLY_WORKERS_BYTES
            with workers_started_early() if early else nullcontext():
                sources = read_articles(path, fallback_encoding=fallback_encoding)
                return self.import_sources(
                    sources, label=str(path), suggest=suggest, analysis_progress=analysis_progress
                )
        except InputError as error:
            return ImportReport(refused=((str(path), _without_path(str(error), path)),))
        except ProjectError:
            raise  # locked, read-only, full or damaged: every other file would fail the same way
        except (StoreError, ValueError) as error:  # ValueError: FormatError, DocumentError
            return ImportReport(refused=((str(path), _without_path(str(error), path)),))

    def resuggest(self, article_ids: Sequence[int] | None = None) -> Changes:
        """Run the suggester again on chosen articles (all when None), e.g. after the cue lists
        or the speaker registry changed. Accepted and rejected spans are never suggested again.
        Articles are suggested on every core, a batch at a time; each article's new set is
        stored in its own transaction."""
        from annotator.core.parallel import suggest_many

        known = self.known_speakers()
        ids = list(article_ids) if article_ids is not None else self.article_ids()
        touched: set[int] = set()
        annotations: set[int] = set()
        for start in range(0, len(ids), RESUGGEST_BATCH):
            batch = ids[start : start + RESUGGEST_BATCH]
            inputs = []
            for article_id in batch:
                article = self.get_article(article_id)
                sentences = [(s.start, s.end) for s in self.sentences(article_id)]
                excluded = [(e.start, e.end, e.reason) for e in self.excluded(article_id)]
                inputs.append((article.text, sentences, excluded, article.language))
            found = suggest_many(inputs, known_speakers=known)
            for article_id, suggestions in zip(batch, found, strict=True):
                change = self.replace_suggestions(article_id, suggestions)
                touched |= change.articles
                annotations |= change.annotations
        return changes(articles=touched, annotations=annotations)

    # --- numbers -----------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts over the project: articles by status, annotations by kind and status,
        accepted quotes per speaker, accepted claims per category, articles per outlet."""

        def pairs(sql: str) -> dict[str, int]:
            return {str(r["k"]): r["n"] for r in self.query(sql)}

        return {
            "articles": self.count_articles(),
            "articles_by_status": pairs(
                "SELECT status AS k, count(*) AS n FROM articles GROUP BY k"
            ),
            "annotations": pairs(
                "SELECT kind || ':' || status AS k, count(*) AS n FROM annotations GROUP BY k"
            ),
            "quotes_by_speaker": pairs(
                "SELECT coalesce(s.name, '(none)') AS k, count(*) AS n FROM annotations a "
                "LEFT JOIN speakers s ON s.id = a.speaker_id WHERE a.kind = 'quote' "
                "AND a.status = 'accepted' GROUP BY k ORDER BY n DESC, k"
            ),
            "claims_by_category": pairs(
                "SELECT coalesce(c.key, '(none)') AS k, count(*) AS n FROM annotations a "
                "LEFT JOIN categories c ON c.id = a.category_id WHERE a.kind = 'claim' "
                "AND a.status = 'accepted' GROUP BY k ORDER BY n DESC, k"
            ),
            "articles_by_outlet": pairs(
                "SELECT coalesce(outlet, '(unknown)') AS k, count(*) AS n FROM articles "
                "GROUP BY k ORDER BY n DESC, k"
            ),
            "articles_by_month": pairs(
                "SELECT coalesce(substr(published, 1, 7), '(undated)') AS k, count(*) AS n "
                "FROM articles GROUP BY k ORDER BY k"
            ),
        }


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it says what is wrong


def _cannot_write(error: Exception) -> bool:
    """Whether an error says the project cannot be written now (locked, full, damaged, out of
    memory) rather than that something written was refused."""
    if isinstance(error, ProjectError | MemoryError | sqlite3.OperationalError):
        return True
    refused = sqlite3.IntegrityError | sqlite3.DataError | sqlite3.ProgrammingError
    return isinstance(error, sqlite3.DatabaseError) and not isinstance(error, refused)


def _is_export(path: Path) -> bool:
    """Whether a JSON file announces itself as an annotator export in its first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return True  # let the importer report the problem
    return b'"annotator-export"' in head


def _iso_date(value: str | None, language: str | None) -> str | None:
    """An input's own `published` as YYYY-MM-DD, read as the article's language writes dates
    (day first unless English: "3/1/2023" is 3 January in an Indonesian article); None when
    it names no day."""
    if not value:
        return None
    from annotator.core.dates import parse_date

    try:
        found = parse_date(value, language=language or "id")
    except Exception:  # a JSONL date we cannot read is left for the detector
        return None
    return found.isoformat() if found else None


def _unread_published(source: SourceArticle, metadata: dict[str, Any], label: str) -> str:
    """The warning for an input whose `published` names no day it can read."""
    from annotator.core.reading import calendar_problem

    value = source.published or ""
    problem = calendar_problem(value)
    why = f"not a day on the calendar ({problem})" if problem else "not a date"
    stored = metadata.get("published")
    kept = f"stored the date found in the text ({stored})" if stored else "stored no date"
    return (
        f"{source.source or label}: published {value!r} is {why}; {kept}, the value kept in "
        "extra.published_as_written"
    )


def _named(warning: str, where: str) -> str:
    """A reader's warning with its input named (a folder's warnings must say which file)."""
    return warning if warning.startswith(f"{where}: ") else f"{where}: {warning}"


def _without_path(message: str, path: Path) -> str:
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _stored_metadata(source: SourceArticle, detected: dict[str, Any]) -> dict[str, Any]:
    """The metadata an article is stored with: what the input says, else what was detected."""
    return {
        "title": source.title or detected.get("title"),
        "outlet": source.outlet or detected.get("outlet"),
        "place": detected.get("place"),
        "published": _iso_date(source.published, detected.get("language")) or detected.get("date"),
        "url": source.url,
        "language": detected.get("language"),
    }
