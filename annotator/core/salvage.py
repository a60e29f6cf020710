"""Salvage: copy every row that can still be read from a damaged project into a new one.

`salvage(damaged, new)` never writes to the damaged file. It opens it read-only and
immutable (`?mode=ro&immutable=1`: no hot journal or WAL is replayed *into* it, no -shm
file is created beside it). When the damaged project has a `-wal` file (a project closed by
a crash, or copied while open) that file may hold the last minutes of work, committed but
not yet folded into the main file: then the project file and its `-wal` are copied byte for
byte into a temporary folder beside NEW.db and the copy is read, so SQLite applies the WAL's
committed, checksum-valid transactions to the copy only. A hot rollback `-journal` is copied
the same way; it holds the pages an unfinished transaction overwrote, and SQLite rolls that
transaction back in the copy (the last committed state). `use_journal=False` reads the main
file alone.

The new project is created by `Store.open` (the current schema, every migration applied)
under a temporary name beside NEW.db, filled in one transaction, checked (foreign keys,
`PRAGMA integrity_check`) and only then given its name: a failure leaves no NEW.db.

Each table that the new schema has (the list comes from the new database itself, parents
before children by their foreign keys; migrations bookkeeping and full-text index tables
excluded) is read from the damaged file in rowid ranges. A range that raises
`sqlite3.DatabaseError` (a damaged page, text that is no longer UTF-8) is bisected down to
single rows, and rows that still fail are skipped. Ids are kept. What is kept must satisfy
the project's invariants: the schema's constraints (STRICT types, CHECKs, NOT NULL,
UNIQUE; a row breaking one was decoded from a damaged page and counts as unreadable),
foreign keys (a row whose required parent was lost is dropped; an optional link to a lost
row is cleared, as `ON DELETE SET NULL` would), an article's `text_hash` (an article whose
text no longer hashes to it is dropped), every span inside its article's text,
non-overlapping sentences, and an annotation's `text` equal to the article's text at
its offsets. The full-text indexes are filled by the schema's own triggers.

How many rows a table *had* is taken from every independent record of its rowids that can
still be read: the table itself, each of its indexes, its full-text index's `_docsize`
table, and ids that surviving rows of other tables refer to. When none of those could be
read whole, the count is a lower bound and the report says "at least".

The table layout has not changed since the first schema version (later migrations add
full-text indexes, views and indexes only), so a project of any older schema is salvaged
straight into the current one by copying the columns both have. A future migration that
moves data between columns must be taught here.

A damaged schema table (`sqlite_master`, on the file's first pages) hides where the
tables are. Salvage then reads them where this program puts them in a new project (their
root pages, taken from a project it makes in a temporary folder), through a copy of the
file whose first page is replaced by a schema naming just those tables; the result is kept
only when articles come out whole (each text hashes to its `text_hash`, which a wrong
layout cannot fake). A project laid out otherwise (made by an older version whose first
migration placed the tables elsewhere, or rebuilt by VACUUM) is refused with a message
saying its schema is unreadable and nothing can be salvaged.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core import schema
from annotator.core.store.base import StoreError, connect

EXIT_ROWS_LOST = 3
"""Exit status of `annotator salvage` when some rows could not be recovered."""

_BATCH = 500
_MIN_ROWID = -(2**63)
_MAX_ROWID = 2**63 - 1
_OUTSIDE_BUDGET = 20_000  # failed reads per table spent beyond the rowids known to exist

# Why a row read from the damaged file was not kept (the report's wording).
DROP_HASH = "text no longer matches its text_hash"
DROP_SPAN = "span no longer fits its article's text"
DROP_OVERLAP = "overlapped another sentence"


class SalvageError(StoreError):
    """Salvage refused or failed; str() is one line for the user. Nothing was written."""


@dataclass
class TableReport:
    """What happened to one table."""

    table: str
    in_damaged: bool = True
    read: int = 0
    recovered: int = 0
    existed: int = 0
    exact: bool = True  # `existed` is the true count, not a lower bound
    dropped: dict[str, int] = field(default_factory=dict)
    unlinked: dict[str, int] = field(default_factory=dict)
    garbled: int = 0  # rows decoded from a damaged page that break the schema's rules
    # (counted as unreadable: their rowids may be garbled too)
    resegmented: int = 0

    @property
    def unreadable(self) -> int:
        return max(self.existed - self.read, 0)

    @property
    def complete(self) -> bool:
        """Every row the table had is in the new project, unchanged."""
        return (
            self.exact
            and self.recovered == self.existed
            and not (self.dropped or self.unlinked or self.garbled)
        )

    def line(self) -> str:
        """`articles: 9,812 of 9,830 rows recovered (18 unreadable)` and the like; "at
        least" where part of the table could not be read and no index told its size."""
        if not self.in_damaged:
            return f"{self.table}: not in the damaged project (new in this version); empty"
        if self.exact:
            head = f"{self.recovered:,} of {self.existed:,} rows recovered"
        elif self.existed:
            head = f"{self.recovered:,} of at least {self.existed:,} rows recovered"
        else:
            head = f"{self.recovered:,} rows recovered"
        details = []
        if self.unreadable:
            details.append(f"{'' if self.exact else 'at least '}{self.unreadable:,} unreadable")
        elif not self.exact:
            details.append("some unreadable: how many is not known")
        details += [f"{count:,} dropped: {reason}" for reason, count in self.dropped.items()]
        details += [f"{count:,} kept without {what}" for what, count in self.unlinked.items()]
        if self.resegmented:
            details.append(
                f"{self.resegmented:,} article(s) left without sentences segmented again"
            )
        suffix = f" ({'; '.join(details)})" if details else ""
        return f"{self.table}: {head}{suffix}"


@dataclass
class SalvageReport:
    """The outcome of `salvage`: one `TableReport` per table, in copying order."""

    damaged: Path
    new: Path
    tables: list[TableReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unread: str | None = None  # a file whose changes could not be read (a -wal file)

    @property
    def complete(self) -> bool:
        """Every row of every table was recovered."""
        return self.unread is None and all(t.complete for t in self.tables)

    def lines(self) -> list[str]:
        """The report as printed: notes, one line per table, one final line."""
        recovered = sum(t.recovered for t in self.tables)
        existed = sum(t.existed for t in self.tables)
        bound = "" if all(t.exact for t in self.tables) else "at least "
        if self.complete:
            final = f"salvaged all {recovered:,} rows of {self.damaged} into {self.new}"
        elif self.unread and all(t.complete for t in self.tables):
            final = (
                f"salvaged all {recovered:,} rows of {self.damaged} into {self.new}, but not "
                f"the changes only {self.unread} holds"
            )
        else:
            final = (
                f"salvaged {recovered:,} of {bound}{existed:,} rows of {self.damaged} into "
                f"{self.new}; some were lost (above): check the new project before using it"
            )
        return [*self.notes, *(t.line() for t in self.tables), final]


# --- reading the damaged file -----------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class _Known:
    """Rowids known to have existed in one table, and the span they cover."""

    ids: set[int] = field(default_factory=set)
    exact: bool = False  # one independent record of the rowids was read whole

    def add(self, rowids: list[int]) -> None:
        self.ids.update(rowids)

    def bounds(self) -> tuple[int, int] | None:
        return (min(self.ids), max(self.ids)) if self.ids else None


class _RangeReader:
    """Rows of one table read in rowid ranges, bisecting around what cannot be read."""

    def __init__(self, conn: sqlite3.Connection, table: str, columns: list[str]):
        self.conn = conn
        select = f"SELECT rowid, {', '.join(_quote(c) for c in columns)} FROM {_quote(table)} "
        self.sql = select + "NOT INDEXED WHERE rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?"
        # One row by equality: a range stepping past its last row reads the next page, which
        # may be the damaged one (and Python's sqlite3 steps one row ahead of what it returns).
        self.one = select + "WHERE rowid = ?"
        self.failed = False  # some range could not be read

    def rows(self, known: Callable[[], _Known]) -> Iterator[list[tuple]]:
        """Batches of (rowid, *columns), in rowid order. A range that fails is halved until
        it reads or is one rowid. Beyond the rowids known to exist (`known()`, asked at the
        first failure, and those read) a table's unreadable tail has no end to bisect
        toward: there only `_OUTSIDE_BUDGET` failed reads are spent before such ranges are
        given up."""
        low, high = _MAX_ROWID, _MIN_ROWID
        budget = _OUTSIDE_BUDGET
        pending = [(_MIN_ROWID, _MAX_ROWID)]
        while pending:
            first, last = pending.pop()
            cursor = first
            while cursor <= last:
                batch: list[tuple] = []
                try:
                    single = cursor == last
                    if single:
                        found = self.conn.execute(self.one, (cursor,))
                    else:
                        found = self.conn.execute(self.sql, (cursor, last, _BATCH))
                    for row in found:
                        batch.append(row)
                except sqlite3.DatabaseError:
                    if not self.failed:
                        self.failed = True
                        span = known().bounds()
                        if span:
                            low, high = min(low, span[0]), max(high, span[1])
                    if batch:
                        yield batch
                        cursor = batch[-1][0] + 1
                        low, high = min(low, batch[0][0]), max(high, batch[-1][0])
                    if single or cursor > last:
                        break  # one unreadable rowid
                    if last < low or cursor > high:
                        budget -= 1
                        if budget < 0:
                            break  # nothing known to lie there, and enough time spent
                    middle = cursor + (last - cursor) // 2
                    if middle < last:
                        pending.append((middle + 1, last))
                    pending.append((cursor, middle))
                    break
                if not batch:
                    break
                yield batch
                low, high = min(low, batch[0][0]), max(high, batch[-1][0])
                if len(batch) < _BATCH:
                    break
                cursor = batch[-1][0] + 1


def _rowids_from(conn: sqlite3.Connection, sql: str, known: _Known) -> bool:
    """Add the rowids a query lists; a read error keeps those read before it. True when
    the query read to its end."""
    rowids: list[int] = []
    try:
        for (rowid,) in conn.execute(sql):
            rowids.append(rowid)
    except sqlite3.DatabaseError:
        return False
    finally:
        known.add(rowids)
    return True


def _index_rowids(conn: sqlite3.Connection, table: str, index: str, known: _Known) -> None:
    """Add the rowids one index of `table` holds: read from its start, and when it breaks
    off at a damaged page, from its end too."""
    try:
        columns = [r[2] for r in conn.execute(f"PRAGMA index_info({_quote(index)})")]
    except sqlite3.DatabaseError:
        return
    if not columns or None in columns:  # an index on expressions
        return
    scan = f"SELECT rowid FROM {_quote(table)} INDEXED BY {_quote(index)} ORDER BY "
    if _rowids_from(conn, scan + ", ".join(_quote(c) for c in columns), known):
        known.exact = True
        return
    _rowids_from(conn, scan + ", ".join(f"{_quote(c)} DESC" for c in columns), known)


def _known_rowids(conn: sqlite3.Connection, table: str, master: list[tuple]) -> _Known:
    """The rowids of `table` that its indexes and full-text `_docsize` table record."""
    known = _Known()
    quoted = _quote(table)
    for kind, name, owner, sql in master:
        if known.exact:
            break  # one whole record of the rowids is enough
        if kind == "index" and owner == table and not (sql and " WHERE " in sql.upper()):
            _index_rowids(conn, table, name, known)
        if (
            kind == "table"
            and sql
            and re.search(r"content\s*=\s*[\[\"'`]?" + re.escape(table) + r"[\]\"'`]?\s*[,)]", sql)
        ):
            docsize = f"{name}_docsize"
            if any(n == docsize for _, n, _, _ in master):
                reader = _RangeReader(conn, docsize, ["id"])
                for batch in reader.rows(lambda: known):
                    known.add([row[0] for row in batch])
                known.exact = known.exact or not reader.failed
    for edge in ("min", "max"):
        with contextlib.suppress(sqlite3.DatabaseError):
            value = conn.execute(f"SELECT {edge}(rowid) FROM {quoted}").fetchone()[0]
            if value is not None:
                known.add([value])
    return known


@contextlib.contextmanager
def _open_damaged(
    path: Path, *, use_journal: bool, workdir: Path
) -> Iterator[tuple[sqlite3.Connection, str | None]]:
    """A read-only connection to the damaged project (a private copy when its -wal or
    -journal file is to be read), and the journal used, if any."""
    journal = None
    if use_journal:
        journal = next(
            (
                s
                for s in ("-wal", "-journal")
                if Path(f"{path}{s}").is_file() and Path(f"{path}{s}").stat().st_size > 0
            ),
            None,
        )
    if journal is None:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    else:
        copy = workdir / "damaged.db"
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(f"{path}{journal}", f"{copy}{journal}")
        except OSError as error:
            raise SalvageError(
                f"{path}: cannot copy it with its {journal} file to read them together "
                f"({error.strerror}); free some space beside the new project, or salvage "
                "without the journal (--ignore-wal)"
            ) from None
        conn = sqlite3.connect(copy)  # read-write: SQLite applies the journal to the copy
    try:
        conn.execute("PRAGMA query_only = ON")
        # Read a file shorter than its header says (a truncated copy) up to where it ends,
        # instead of refusing it whole; nothing is written through this connection.
        conn.execute("PRAGMA writable_schema = ON")
        yield conn, journal
    finally:
        conn.close()


def _read_master(conn: sqlite3.Connection, path: Path) -> list[tuple]:
    try:
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as error:
        if "file is not a database" in str(error).lower():
            raise SalvageError(
                f"{path}: not an SQLite database, or its first page (the file header and the "
                "schema, the list of tables) is damaged, so nothing can be salvaged from it; "
                "restore a backup instead (annotator backups, annotator restore)"
            ) from None
        raise SalvageError(
            f"{path}: its schema (the list of tables, on the file's first pages) is "
            f"unreadable ({error}), so nothing can be salvaged from it; restore a backup "
            "instead (annotator backups, annotator restore)"
        ) from None


def _check_is_project(conn: sqlite3.Connection, path: Path, master: list[tuple]) -> list[str]:
    """The damaged project's applied migrations ([] when that record is unreadable); refuses
    a database that is not an annotator project or was written by a newer version."""
    tables = {name for kind, name, _, _ in master if kind == "table"}
    if not tables & {"articles", "annotations"}:
        raise SalvageError(f"{path}: not an annotator project (it has no articles table)")
    try:
        applied = schema.applied_versions(conn)
    except sqlite3.DatabaseError:
        return []
    unknown = [name for name in applied if name not in schema.known_versions()]
    if unknown:
        raise SalvageError(
            f"{path}: written by a newer version of annotator (schema {unknown[-1]}); salvage "
            "it with that version"
        )
    return applied


# --- the new project ---------------------------------------------------------------------------


def _tables_in_order(conn: sqlite3.Connection) -> list[str]:
    """The new project's data tables, every table after the tables it refers to."""
    plain = {row[1] for row in conn.execute("PRAGMA main.table_list") if row[2] == "table"}
    names = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if row[0] in plain
        and not row[0].startswith("sqlite_")
        and row[0] != schema.MIGRATIONS_TABLE
    ]
    parents = {
        name: {r[2] for r in conn.execute(f"PRAGMA foreign_key_list({_quote(name)})")} - {name}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:  # a cycle: take the rest as they come (keys are checked after)
            ready = [n for n in names if n not in ordered]
        ordered.extend(sorted(ready, key=names.index))
    return ordered


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, bool]]:
    """(name, declared type, primary key) of each column."""
    return [
        (r[1], r[2].upper(), bool(r[5]))
        for r in conn.execute(f"PRAGMA table_info({_quote(table)})")
    ]


class _Copier:
    """Copies one table's rows into the new project, row by row where a batch is refused."""

    def __init__(
        self,
        target: sqlite3.Connection,
        table: str,
        columns: list[str],
        keep_rowid: bool,
    ):
        self.target = target
        self.keep_rowid = keep_rowid
        names = (["rowid"] if keep_rowid else []) + columns
        self.sql = (
            f"INSERT INTO {_quote(table)} ({', '.join(_quote(n) for n in names)}) "
            f"VALUES ({', '.join('?' for _ in names)})"
        )

    def insert(self, rows: list[tuple]) -> list[int]:
        """Insert rows read as (rowid, *columns); returns the rowids of those stored. A row
        the new schema refuses (a wrong type, a broken CHECK, NOT NULL or UNIQUE, a rowid
        read twice) was read from a damaged page as garbage: it counts as unreadable."""
        values = rows if self.keep_rowid else [row[1:] for row in rows]
        self.target.execute("SAVEPOINT salvage_batch")
        try:
            self.target.executemany(self.sql, values)
            stored = [row[0] for row in rows]
        except sqlite3.IntegrityError:
            self.target.execute("ROLLBACK TO salvage_batch")
            stored = []
            for row, value in zip(rows, values, strict=True):
                try:
                    self.target.execute(self.sql, value)
                except sqlite3.IntegrityError:
                    continue
                stored.append(row[0])
        self.target.execute("RELEASE salvage_batch")
        return stored


def _count(tally: dict[str, int], key: str, amount: int = 1) -> None:
    if amount:
        tally[key] = tally.get(key, 0) + amount


def _text_damaged(columns: list[str]) -> Callable[[tuple], bool] | None:
    """For articles: whether a row's text (a string) no longer hashes to its text_hash."""
    if "text" not in columns or "text_hash" not in columns:
        return None
    text, digest = columns.index("text") + 1, columns.index("text_hash") + 1

    def damaged(row: tuple) -> bool:
        value = row[text]
        return isinstance(value, str) and (
            hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest() != row[digest]
        )

    return damaged


def _resolve_foreign_keys(
    conn: sqlite3.Connection, reports: dict[str, TableReport], known: dict[str, _Known]
) -> None:
    """Rows that refer to a lost row: dropped when the link is required (NOT NULL or ON
    DELETE CASCADE), else the link is cleared; the lost ids count as rows that existed.
    Foreign keys are off meanwhile, so what a deletion would cascade to is found by the next
    round of `PRAGMA foreign_key_check`."""
    while True:
        violations = conn.execute("PRAGMA foreign_key_check").fetchall()
        if not violations:
            return
        for table, rowid, parent, fkid in violations:
            links = [
                r for r in conn.execute(f"PRAGMA foreign_key_list({_quote(table)})") if r[0] == fkid
            ]
            columns = [r[3] for r in links]
            row = conn.execute(
                f"SELECT {', '.join(_quote(c) for c in columns)} FROM {_quote(table)} "
                "WHERE rowid = ?",
                [rowid],
            ).fetchone()
            if row is None:  # deleted for another link already
                continue
            single = len(columns) == 1 and links[0][4] in (None, "id")
            if single and row[0] is not None and parent in known:
                known[parent].add([row[0]])
            info = {r[1]: r for r in conn.execute(f"PRAGMA table_info({_quote(table)})")}
            required = links[0][6].upper() == "CASCADE" or any(info[c][3] for c in columns)
            # speaker_id -> "speaker", quote_id -> "quote"
            name = columns[0].removesuffix("_id") if len(columns) == 1 else parent
            if required:
                conn.execute(f"DELETE FROM {_quote(table)} WHERE rowid = ?", [rowid])
                _count(reports[table].dropped, f"their {name} was lost")
            else:
                assignments = ", ".join(f"{_quote(c)} = NULL" for c in columns)
                conn.execute(f"UPDATE {_quote(table)} SET {assignments} WHERE rowid = ?", [rowid])
                _count(reports[table].unlinked, f"their lost {name}")


_SPAN_CHECKS = {
    "annotations": (
        "SELECT a.rowid FROM annotations a JOIN articles r ON r.id = a.article_id "
        'WHERE a."end" > length(r.text) OR a.text IS NOT substr(r.text, a.start + 1, '
        'a."end" - a.start) OR coalesce(a.cue_end, 0) > length(r.text)'
    ),
    "sentences": (
        "SELECT s.rowid FROM sentences s JOIN articles r ON r.id = s.article_id "
        'WHERE s."end" > length(r.text)'
    ),
    "excluded_ranges": (
        "SELECT x.rowid FROM excluded_ranges x JOIN articles r ON r.id = x.article_id "
        'WHERE x."end" > length(r.text)'
    ),
}

_OVERLAPPING_SENTENCES = (
    'SELECT rowid FROM (SELECT rowid, start, max("end") OVER (PARTITION BY article_id '
    "ORDER BY start, rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before "
    "FROM sentences) WHERE start < before"
)


def _check_spans(conn: sqlite3.Connection, reports: dict[str, TableReport]) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table, sql in _SPAN_CHECKS.items():
        if table in tables and table in reports:
            _delete_rows(conn, table, sql, reports[table], DROP_SPAN)
    if "sentences" in reports and "sentences" in tables:
        _delete_rows(conn, "sentences", _OVERLAPPING_SENTENCES, reports["sentences"], DROP_OVERLAP)


def _delete_rows(
    conn: sqlite3.Connection, table: str, sql: str, report: TableReport, reason: str
) -> None:
    rowids = [r[0] for r in conn.execute(sql)]
    conn.executemany(f"DELETE FROM {_quote(table)} WHERE rowid = ?", [(i,) for i in rowids])
    _count(report.dropped, reason, len(rowids))


def _resegment(conn: sqlite3.Connection, report: TableReport) -> None:
    """Articles left with no sentence at all get their sentences from the segmenter again,
    as the import made them (a hand-made split or merge in them cannot be known)."""
    from annotator.core.segment import segment

    bare = conn.execute(
        "SELECT id, text FROM articles WHERE NOT EXISTS "
        "(SELECT 1 FROM sentences s WHERE s.article_id = articles.id)"
    ).fetchall()
    for article_id, text in bare:
        spans = segment(text)
        conn.executemany(
            'INSERT INTO sentences (article_id, start, "end") VALUES (?, ?, ?)',
            [(article_id, start, end) for start, end in spans],
        )
        report.resegmented += 1 if spans else 0


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _publish(partial: Path, new: Path) -> None:
    """Give the finished project its name, never over a file that appeared meanwhile."""
    try:
        os.link(partial, new)
    except FileExistsError:
        raise SalvageError(f"{new}: already exists; nothing was written") from None
    except OSError:  # no hard links here (FAT, some network shares)
        if new.exists():
            raise SalvageError(f"{new}: already exists; nothing was written") from None
        os.replace(partial, new)
        return
    partial.unlink()


# --- salvage --------------------------------------------------------------------------------


def salvage(
    damaged: str | os.PathLike[str],
    new: str | os.PathLike[str],
    *,
    use_journal: bool = True,
    log: Callable[[str], None] | None = None,
) -> SalvageReport:
    """Copy every readable row of the project `damaged` into a new project `new`.

    Never writes to `damaged` (see the module docstring for its -wal file). Raises
    SalvageError (one line) when it refuses (no such file, `new` exists, the schema is
    unreadable, not an annotator project, a newer schema) or fails; then no `new` exists.
    `log` receives a line as each table starts (progress for a long salvage).
    """
    source_path = Path(damaged).expanduser()
    new_path = Path(new).expanduser()
    if Path() in (source_path, new_path):  # '' (click makes it '.') or '.': a folder, no name
        raise SalvageError("both the damaged project and the new project need a file name")
    if source_path.is_dir():
        raise SalvageError(f"{source_path}: is a folder, not a project file")
    if not source_path.exists():
        raise SalvageError(f"{source_path}: no such project file")
    if new_path.exists() or new_path.is_symlink():
        raise SalvageError(
            f"{new_path}: already exists; salvage writes a new project, choose a new name"
        )
    if source_path.stat().st_size == 0:
        raise SalvageError(f"{source_path}: an empty file; there is nothing to salvage")
    if not new_path.parent.is_dir():
        raise SalvageError(f"{new_path}: the folder {new_path.parent} does not exist")
    report = SalvageReport(source_path, new_path)
    partial = new_path.with_name(f".{new_path.name}.salvage-partial")
    _remove(partial)
    try:
        with tempfile.TemporaryDirectory(prefix=".salvage-", dir=new_path.parent) as work:
            workdir = Path(work)
            with _open_damaged(source_path, use_journal=use_journal, workdir=workdir) as opened:
                source, journal = opened
                try:
                    master = _read_master(source, source_path)
                except SalvageError as refusal:
                    unreadable: SalvageError | None = refusal
                else:
                    unreadable = None
                    _salvage_from(source, master, journal, partial, report, log)
            if unreadable is not None:
                _salvage_by_known_layout(source_path, workdir, unreadable, partial, report, log)
        _publish(partial, new_path)
    except sqlite3.Error as error:  # reading the damaged copy or writing the new project
        raise SalvageError(
            f"{source_path} -> {new_path}: salvage failed, nothing was written (SQLite: {error})"
        ) from None
    except OSError as error:
        raise SalvageError(
            f"{new_path}: salvage failed, nothing was written ({error.strerror or error})"
        ) from None
    finally:
        _remove(partial)
    return report


def _salvage_from(
    source: sqlite3.Connection,
    master: list[tuple],
    journal: str | None,
    partial: Path,
    report: SalvageReport,
    log: Callable[[str], None] | None,
) -> None:
    applied = _check_is_project(source, report.damaged, master)
    if journal == "-wal":
        report.notes.append(
            f"note: read {report.damaged}-wal too (committed changes not yet in the "
            "main file), from a copy; the damaged files were not changed"
        )
    elif journal:
        report.notes.append(
            f"note: rolled back the interrupted transaction that {report.damaged}-journal "
            "records, in a copy; the damaged files were not changed"
        )
    if applied and applied != schema.known_versions():
        report.notes.append(
            f"note: the damaged project had schema {applied[-1]}; salvaged "
            f"into the current schema {schema.known_versions()[-1]}"
        )
    _build(source, master, partial, report, log)


def _salvage_by_known_layout(
    path: Path,
    workdir: Path,
    refusal: SalvageError,
    partial: Path,
    report: SalvageReport,
    log: Callable[[str], None] | None,
) -> None:
    """The schema is unreadable: read the tables where this program puts them in a new
    project (their root pages), through a copy of the file whose first page is replaced by
    a schema naming just those tables. Kept only when articles come out whole (each one's
    text must hash to its `text_hash`, which a wrong layout cannot fake); else `refusal`."""
    grafted = _graft_known_layout(path, workdir)
    if grafted is None:
        raise refusal
    conn = sqlite3.connect(f"{grafted.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        try:
            master = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        except sqlite3.DatabaseError:
            raise refusal from None
        report.notes.append(
            f"note: the schema of {path} is unreadable; its tables were read where annotator "
            "places them in a new project"
        )
        for suffix in ("-wal", "-journal"):
            journal = Path(f"{path}{suffix}")
            if journal.is_file() and journal.stat().st_size > 0:
                report.unread = str(journal)
                report.notes.append(f"note: {journal} could not be read without the schema")
        _build(conn, master, partial, report, log)
    finally:
        conn.close()
    articles = next((t for t in report.tables if t.table == "articles"), None)
    if articles is None or articles.recovered == 0:
        raise refusal


def _graft_known_layout(path: Path, workdir: Path) -> Path | None:
    """A copy of `path` whose first page holds a schema of the current data tables at the
    root pages a new project gives them (None when that cannot be made)."""
    from annotator.core.store import Store

    layout = workdir / "layout.db"
    Store.open(layout).close()  # a project as this program makes one
    made = sqlite3.connect(layout)
    try:
        size = made.execute("PRAGMA page_size").fetchone()[0]
        roots = dict(made.execute("SELECT name, rootpage FROM sqlite_master WHERE type='table'"))
        tables = _tables_in_order(made)
        columns = {
            t: [
                (r[1], r[2].upper() == "INTEGER" and r[5] == 1)
                for r in made.execute(f"PRAGMA table_info({_quote(t)})")
            ]
            for t in tables
        }
    finally:
        made.close()
    if path.stat().st_size < size * max(roots[t] for t in tables):
        return None
    skeleton = workdir / "skeleton.db"
    conn = sqlite3.connect(skeleton)
    try:
        conn.execute(f"PRAGMA page_size = {size}")
        for table in tables:  # names and order of the columns only: all reading needs
            listed = ", ".join(
                _quote(name) + (" INTEGER PRIMARY KEY" if key else "")
                for name, key in columns[table]
            )
            conn.execute(f"CREATE TABLE {_quote(table)} ({listed})")
        conn.execute("PRAGMA writable_schema = ON")
        for table in tables:
            conn.execute(
                "UPDATE sqlite_master SET rootpage = ? WHERE name = ?", [roots[table], table]
            )
        conn.commit()
        pages = conn.execute("SELECT count(*) FROM dbstat WHERE name = 'sqlite_schema'")
        if pages.fetchone()[0] != 1:
            return None
    finally:
        conn.close()
    first = bytearray(skeleton.read_bytes()[:size])
    first[28:32] = bytes(4)  # no page count in the header: SQLite takes the file's size
    grafted = workdir / "grafted.db"
    shutil.copyfile(path, grafted)
    with grafted.open("r+b") as handle:
        handle.write(first)
    return grafted


def _build(
    source: sqlite3.Connection,
    master: list[tuple],
    partial: Path,
    report: SalvageReport,
    log: Callable[[str], None] | None,
) -> None:
    from annotator.core.store import Store

    try:
        Store.open(partial).close()
    except StoreError as error:
        raise SalvageError(str(error).replace(str(partial), str(report.new))) from None
    target = connect(partial, readonly=False)
    try:
        order = _tables_in_order(target)
        source_tables = {name for kind, name, _, _ in master if kind == "table"}
        reports = {name: TableReport(name) for name in order}
        known = {name: _Known() for name in order}
        # Foreign keys are checked once, after the copy (`_resolve_foreign_keys`): enforced
        # row by row, a row that refers to a later one (a claim's quote) or to a lost one
        # leaves a pending violation, and while one is pending SQLite scans the child
        # table for every row inserted into a parent table (quadratic on annotations).
        target.execute("PRAGMA foreign_keys = OFF")
        target.execute("BEGIN IMMEDIATE")
        for table in reversed(order):  # the new project's defaults (its categories)
            target.execute(f"DELETE FROM {_quote(table)}")
        for table in order:
            table_report = reports[table]
            if table not in source_tables:
                table_report.in_damaged = False
                continue
            if log:
                log(f"reading {table}")
            _copy_table(source, target, master, table, table_report, known)
        _resolve_foreign_keys(target, reports, known)
        _check_spans(target, reports)
        _resolve_foreign_keys(target, reports, known)
        for table in order:
            table_report = reports[table]
            table_report.recovered = target.execute(
                f"SELECT count(*) FROM {_quote(table)}"
            ).fetchone()[0]
            # a row garbled by the damage (skipped) was a row too, whatever its rowid says
            table_report.existed = max(
                len(known[table].ids), table_report.read + table_report.garbled
            )
        if "sentences" in reports and "articles" in reports and not reports["sentences"].complete:
            _resegment(target, reports["sentences"])
        if target.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise SalvageError("salvage failed: foreign keys still broken; nothing was written")
        target.execute("COMMIT")
        problems = [r[0] for r in target.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise SalvageError(
                f"salvage failed: the new project fails SQLite's integrity check "
                f"({problems[0]}); nothing was written"
            )
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        if target.in_transaction:
            target.execute("ROLLBACK")
        target.close()
    report.tables = [reports[name] for name in order]


def _copy_table(
    source: sqlite3.Connection,
    target: sqlite3.Connection,
    master: list[tuple],
    table: str,
    report: TableReport,
    known_by_table: dict[str, _Known],
) -> None:
    new_columns = _columns(target, table)
    old_names = {name for name, _, _ in _columns(source, table)}
    columns = [name for name, _, _ in new_columns if name in old_names]
    keys = [(name, kind) for name, kind, pk in new_columns if pk]
    keep_rowid = not (len(keys) == 1 and keys[0][1] == "INTEGER")
    elsewhere: list[_Known] = []  # the rowids the indexes record: read only when needed

    def recorded() -> _Known:
        if not elsewhere:
            elsewhere.append(_known_rowids(source, table, master))
        return elsewhere[0]

    known = _Known()  # the rowids read, and those the indexes record if some read failed
    reader = _RangeReader(source, table, columns)
    copier = _Copier(target, table, columns, keep_rowid)
    text_damaged = _text_damaged(columns) if table == "articles" else None
    for batch in reader.rows(recorded):
        report.read += len(batch)
        if text_damaged is not None:
            lost = [row[0] for row in batch if text_damaged(row)]
            _count(report.dropped, DROP_HASH, len(lost))
            known.add(lost)
            batch = [row for row in batch if row[0] not in set(lost)] if lost else batch
        if batch:
            stored = copier.insert(batch)
            report.read += len(stored) - len(batch)
            report.garbled += len(batch) - len(stored)
            known.add(stored)
    if reader.failed:
        known.add(list(recorded().ids))
    report.exact = not reader.failed or recorded().exact
    known_by_table[table].add(list(known.ids))
