"""Opening a project file safely, and the pieces every store mixin shares."""

from __future__ import annotations

import contextlib
import datetime
import os
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import Changes

BUSY_TIMEOUT_MS = 5000
# The largest rowid: past it SQLite gives a new row a free rowid at random, not max(id) + 1.
MAX_ROWID = 2**63 - 1


class StoreError(Exception):
    """A problem with the project file or a refused write; str() is one line for the user."""


class ProjectError(StoreError):
    """The project itself cannot be written now (locked, read-only, full, damaged): no later
    write in the same run can succeed either, so a bulk operation stops at the first one."""


def default_db_path() -> Path:
    """The per-user project file: $ANNOTATOR_DB, else the platform's user data folder."""
    override = os.environ.get("ANNOTATOR_DB")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "annotator" / "project.db"


def now() -> str:
    """A UTC timestamp in ISO 8601 with milliseconds, as stored in every *_at column."""
    stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def text_hash(text: str) -> str:
    """The identity of an article: SHA-256 of its stored text, UTF-8 encoded, in hex."""
    import hashlib  # here: loading OpenSSL costs the app's first window 2 ms

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_sqlite_file(path: Path) -> None:
    """Refuse a folder given as a project. Whether a file is SQLite is asked of SQLite itself
    (`probe_sqlite_file`, or opening it): never open() the project file from Python, because
    closing any descriptor of a file drops every POSIX lock this process holds on it,
    SQLite's locks on the open project included."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a project file")


def probe_sqlite_file(path: Path) -> None:
    """Raise StoreError unless `path` is a readable SQLite database; safe while this process
    has the file open through SQLite (SQLite shares and defers its own descriptors)."""
    check_sqlite_file(path)
    if not path.exists():
        raise StoreError(f"{path}: no such project file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise StoreError(describe_sqlite_error(path, error)) from None


def connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """Open the file with foreign keys on, a busy timeout and (when writable) WAL journaling."""
    if readonly:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        if not os.access(path.parent, os.W_OK) and not Path(f"{path}-wal").exists():
            # WAL readers need to create the -shm file; in a read-only folder, with no
            # writer possible, reading the file as immutable is safe.
            uri += "&immutable=1"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        if not path.parent.is_dir():
            if path.absolute() != default_db_path().absolute():
                # a typo in a path must not leave a new folder and project behind
                raise ProjectError(f"{path}: the folder {path.parent} does not exist")
            path.parent.mkdir(parents=True, exist_ok=True)  # the per-user default, first use
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute("PRAGMA foreign_keys = ON")
    # As sqlite-utils' Database sets it: writes through the plain connection behave the same.
    conn.execute("PRAGMA recursive_triggers = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not readonly:
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL journaling (once per file: the mode is stored in it). The
    switch needs the file to itself and SQLite does not wait for it (no busy handler), so
    programs opening a new or old project together retry it for the busy timeout."""
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _first_bytes(path: Path | str, size: int = 4096) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(data) - 3  # only a character cut at the end
    return True


def describe_sqlite_error(path: Path | str, error: sqlite3.Error) -> str:
    """Turn an sqlite3 error into one line a user understands."""
    message = str(error)
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"{path}: the project is locked by another program; try again in a moment"
    if "readonly" in lowered or "read-only" in lowered:
        return f"{path}: the project file is read-only; nothing was changed"
    # A damaged project: point to the two ways back (README: "Backups").
    hint = f"try: annotator restore BACKUP --db {path}, or annotator salvage {path} NEW.db"
    if "file is not a database" in lowered:
        start = _first_bytes(path)
        if start.startswith(b"SQLite format 3\x00"):
            return f"{path}: the project file is damaged (its first page cannot be read; {hint})"
        if b"\x00" not in start and _is_utf8(start):  # notes, a README: nothing to recover
            return f"{path}: not an annotator project (a text file, not an SQLite database)"
        return (
            f"{path}: not an annotator project (not an SQLite database, or a damaged one; {hint})"
        )
    if "not a database" in lowered or "malformed" in lowered:
        return f"{path}: the project file is damaged or not an SQLite database ({message}; {hint})"
    if "disk is full" in lowered or "full" in lowered:
        return f"{path}: the disk is full; nothing was changed"
    if "unable to open" in lowered:
        return f"{path}: cannot open the project file (check the folder exists and is writable)"
    return f"{path}: database error: {message}"


ROWS_PER_INSERT = 128  # a power of two


def insert_many(
    conn: sqlite3.Connection, head: str, row: str, rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT `rows`, up to ROWS_PER_INSERT per statement: `head` is "INSERT INTO t (columns)
    VALUES", `row` one row's "(?, ?, ...)" with a ? per value. Into a table with full-text
    search triggers this is four times faster than a statement per row (executemany),
    because FTS5 writes its pending index out to the database at the start of every
    statement.

    Statements hold a power of two of rows: the connection keeps each statement it
    prepared (half a megabyte for 128 rows of 15 values), so only a few sizes are made."""
    width = max(1, row.count("?"))
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width
    per = ROWS_PER_INSERT
    while per > max(1, limit):
        per //= 2
    start = 0
    while start < len(rows):
        while start + per > len(rows):
            per //= 2
        part = rows[start : start + per]
        conn.execute(f"{head} {','.join([row] * per)}", list(chain.from_iterable(part)))
        start += per


if TYPE_CHECKING:
    from sqlite_utils import Database


class StoreBase:
    """State shared by the store mixins: the connection, its sqlite-utils Database (made on
    first use: reading a project never imports sqlite-utils) and the project path."""

    conn: sqlite3.Connection
    path: Path | None
    readonly: bool
    _db: Database | None = None

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection, for writes and table helpers."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a write waits for another program's lock before giving up."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    def warm_up(self) -> None:
        """Load what the first write needs now (e.g. while a window waits for input); does
        nothing once the project is closed."""
        with contextlib.suppress(sqlite3.ProgrammingError):  # closed meanwhile
            _ = self.db

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One transaction; sqlite errors become StoreError with a one-line message."""
        if self.readonly:
            raise ProjectError(f"{self.path}: the project is read-only; nothing was changed")
        try:
            with self._atomic():
                yield self.db
        except sqlite3.IntegrityError as error:
            raise StoreError(f"refused: {error}") from None
        except sqlite3.Error as error:
            raise ProjectError(describe_sqlite_error(self.path or ":memory:", error)) from None

    @contextmanager
    def _atomic(self) -> Iterator[Database]:
        """`BEGIN IMMEDIATE` at the outermost level: the write lock is taken up front, so a
        busy project is waited for (busy timeout) instead of failing at the first write when
        another process committed in between; nested levels are savepoints."""
        conn = self.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def query(self, sql: str, params: tuple | list | dict = ()) -> list[dict]:
        """Rows as dicts (column name -> value); a one-line ProjectError when SQLite fails
        (a damaged page, a lock held too long, ...)."""
        try:
            cursor = self.conn.execute(sql, params)
            if cursor.description is None:
                return []
            keys = [column[0] for column in cursor.description]
            return [dict(zip(keys, row, strict=True)) for row in cursor]
        except sqlite3.Error as error:
            raise ProjectError(describe_sqlite_error(self.path or ":memory:", error)) from None

    def query_one(self, sql: str, params: tuple | list | dict = ()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def _article_touched(self, article_id: int) -> None:
        self.conn.execute("UPDATE articles SET updated_at = ? WHERE id = ?", [now(), article_id])


NO_CHANGES = Changes()
