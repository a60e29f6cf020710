"""The project database schema, applied as numbered migrations through sqlite-utils.

Which migrations a project has is read with plain SQL from sqlite-utils' `_sqlite_migrations`
table, so opening a current project does not import sqlite-utils (a fifth of the app's
start-up); the `Migrations` set is built only to apply pending ones.

The schema is a public interface: README.md documents every table and column, and
tests/test_schema_docs.py compares that documentation with the database this module builds.
Add a change as a new numbered migration at the end; never edit an applied one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "annotator"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' table of applied migrations
_STEPS: list[tuple[str, Callable[[Database], None]]] = []
_migration_set: Migrations | None = None


def migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Register the decorated function as the next numbered migration."""

    def register(function: Callable[[Database], None]) -> Callable[[Database], None]:
        _STEPS.append((name, function))
        return function

    return register


def migration_set() -> Migrations:
    """Every migration as sqlite-utils' `Migrations` (imports sqlite-utils)."""
    global _migration_set
    if _migration_set is None:
        from sqlite_utils.migrations import Migrations

        steps = Migrations(MIGRATION_SET)
        for name, function in _STEPS:
            steps(name=name)(function)
        _migration_set = steps
    return _migration_set


def __getattr__(name: str) -> Any:
    if name == "migrations":  # schema.migrations, as in sqlite-utils' documentation
        return migration_set()
    raise AttributeError(name)


_SCHEMA_0001 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
) STRICT;

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL CHECK (text <> ''),
    text_hash TEXT NOT NULL UNIQUE,
    title TEXT,
    outlet TEXT,
    place TEXT,
    published TEXT CHECK (
        published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    url TEXT,
    source TEXT,
    language TEXT,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
    extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
    imported_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL,
    CHECK (start < "end"),
    UNIQUE (article_id, start)
) STRICT;

CREATE TABLE excluded_ranges (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL,
    reason TEXT NOT NULL,
    CHECK (start < "end")
) STRICT;
CREATE INDEX excluded_ranges_article ON excluded_ranges(article_id);

CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    role TEXT,
    organization TEXT,
    wikidata_id TEXT CHECK (wikidata_id IS NULL OR wikidata_id GLOB 'Q[0-9]*'),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE speaker_aliases (
    id INTEGER PRIMARY KEY,
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    alias TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(alias)) > 0),
    UNIQUE (speaker_id, alias)
) STRICT;

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT,
    color TEXT NOT NULL CHECK (
        color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
    shortcut TEXT CHECK (shortcut IS NULL OR shortcut GLOB '[1-9]'),
    parent_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('quote', 'claim')),
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
    suggested_speaker TEXT,
    speaker_role TEXT,
    category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    suggested_category TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    quote_type TEXT CHECK (quote_type IS NULL OR quote_type IN ('direct', 'indirect')),
    quote_id INTEGER REFERENCES annotations(id) ON DELETE SET NULL,
    annotator TEXT,
    status TEXT NOT NULL DEFAULT 'accepted' CHECK (status IN ('suggested', 'accepted', 'rejected')),
    confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
    note TEXT,
    origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'suggestion', 'import')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (start < "end"),
    CHECK ((cue_start IS NULL) = (cue_end IS NULL)),
    CHECK (cue_start IS NULL OR cue_start < cue_end),
    CHECK (kind = 'quote' OR quote_type IS NULL)
) STRICT;
CREATE INDEX annotations_article ON annotations(article_id, start);
CREATE INDEX annotations_speaker ON annotations(speaker_id);
CREATE INDEX annotations_category ON annotations(category_id);
CREATE INDEX annotations_status ON annotations(status);
"""


@migration("0001_initial")
def m0001_initial(db: Database) -> None:
    """Tables for articles, sentences, excluded ranges, speakers, categories, annotations."""
    for statement in _split_statements(_SCHEMA_0001):
        db.execute(statement)


@migration("0002_full_text_search")
def m0002_full_text_search(db: Database) -> None:
    """FTS5 indexes over article title and text and annotation text, kept by triggers."""
    db["articles"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True)
    db["annotations"].enable_fts(["text"], fts_version="FTS5", create_triggers=True)


_VIEWS_0003 = """
CREATE VIEW quotes AS
SELECT a.id, a.article_id, ar.title AS article_title, ar.outlet, ar.published,
       a.start, a."end", a.text, a.quote_type,
       coalesce(s.name, a.suggested_speaker) AS speaker,
       coalesce(a.speaker_role, s.role) AS speaker_role,
       CASE WHEN a.cue_start IS NULL THEN NULL
            ELSE substr(ar.text, a.cue_start + 1, a.cue_end - a.cue_start) END AS cue,
       a.annotator, a.status, a.confidence, a.note, a.created_at, a.updated_at
FROM annotations a
JOIN articles ar ON ar.id = a.article_id
LEFT JOIN speakers s ON s.id = a.speaker_id
WHERE a.kind = 'quote';

CREATE VIEW claims AS
SELECT a.id, a.article_id, ar.title AS article_title, ar.outlet, ar.published,
       a.start, a."end", a.text,
       coalesce(c.key, a.suggested_category) AS category, c.name AS category_name,
       coalesce(s.name, a.suggested_speaker) AS speaker, a.quote_id,
       a.annotator, a.status, a.confidence, a.note, a.created_at, a.updated_at
FROM annotations a
JOIN articles ar ON ar.id = a.article_id
LEFT JOIN categories c ON c.id = a.category_id
LEFT JOIN speakers s ON s.id = a.speaker_id
WHERE a.kind = 'claim'
"""


@migration("0003_quote_and_claim_views")
def m0003_views(db: Database) -> None:
    """Read-only views `quotes` and `claims`, joined with article, speaker and category names
    (for the sqlite3 shell, Datasette and pandas.read_sql)."""
    for statement in _split_statements(_VIEWS_0003):
        db.execute(statement)


@migration("0004_per_article_status_index")
def m0004_per_article_status_index(db: Database) -> None:
    """Counting an article's annotations by status and kind reads one covering index; the
    project-wide status index made SQLite scan every suggestion for each article."""
    db.execute("DROP INDEX IF EXISTS annotations_status")
    db.execute("CREATE INDEX annotations_article_status ON annotations(article_id, status, kind)")
    db.execute("DROP INDEX IF EXISTS annotations_speaker")
    db.execute("CREATE INDEX annotations_speaker_status ON annotations(speaker_id, status)")
    db.execute("CREATE INDEX articles_status ON articles(status)")


@migration("0005_quote_link_index")
def m0005_quote_link_index(db: Database) -> None:
    """Deleting an annotation sets the `quote_id` of the claims that point at it to NULL:
    without an index SQLite scanned every annotation for each one deleted, so re-running
    suggestions over many articles took time quadratic in the project's size."""
    db.execute("CREATE INDEX annotations_quote ON annotations(quote_id)")


def _split_statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";\n") if part.strip()]


SCHEMA_VERSION = len(_STEPS)


def applied_versions(db: Database | sqlite3.Connection) -> list[str]:
    """Names of the migrations applied to this database, oldest first."""
    conn = getattr(db, "conn", db)
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone():
        return []
    return [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
            [MIGRATION_SET],
        )
    ]


def pending_versions(db: Database | sqlite3.Connection) -> list[str]:
    """Names of the migrations this program knows that the database lacks, in order."""
    applied = set(applied_versions(db))
    return [name for name in known_versions() if name not in applied]


def apply(db: Database) -> None:
    """Apply every pending migration (each in sqlite-utils' own transaction or savepoint)."""
    migration_set().apply(db)


def known_versions() -> list[str]:
    """Names of every migration this program knows, oldest first."""
    return [name for name, _ in _STEPS]
