"""Rolling backups of a project file with SQLite's online backup API, and restoring one.

Invariants:

* A backup is one self-contained SQLite file (journal mode DELETE, no -wal beside it) in the
  folder ``<project stem>.backups`` next to the project (``project.db`` ->
  ``project.backups/``), named by its UTC creation time ``YYYY-MM-DD_HHMMSS_mmm.db``, so the
  names sort oldest first.
* A backup is a consistent snapshot even while another connection writes: the backup API
  copies every page inside one read transaction (WAL readers see one committed state).
* A backup is written to ``*.partial`` and renamed into place only after it passed
  ``PRAGMA quick_check``; a crash never leaves a half backup with a backup's name.
* ``restore_backup`` refuses a file that is not an annotator project, fails the integrity
  check, or was written by a newer program, and always saves the current project as a backup
  before replacing it: a restore never loses the state it replaces.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.core import schema
from annotator.core.store.base import (
    BUSY_TIMEOUT_MS,
    StoreError,
    describe_sqlite_error,
    probe_sqlite_file,
)

BACKUP_SUFFIX = ".db"
DEFAULT_KEEP = 10
DEFAULT_MIN_INTERVAL_S = 600


SIDE_FILES = ("-journal", "-wal", "-shm")  # what SQLite may leave beside a database file
SQLITE_BUSY, SQLITE_LOCKED = 5, 6  # result codes a backup step reports while it waits


class BackupError(StoreError):
    """A backup or restore that could not be done; str() is one line for the user."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where it is, when it was made (UTC, from its name) and its size."""

    path: Path
    created: datetime.datetime
    size: int


def backup_folder(db_path: str | os.PathLike[str]) -> Path:
    """The folder holding the backups of the project at `db_path`."""
    path = Path(db_path).expanduser()
    return path.with_name(f"{path.stem}.backups")


def _stamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%d_%H%M%S_") + f"{moment.microsecond // 1000:03d}"


def _parse_stamp(name: str) -> datetime.datetime | None:
    try:
        base = datetime.datetime.strptime(name[:21], "%Y-%m-%d_%H%M%S_%f")
    except ValueError:
        return None
    return base.replace(tzinfo=datetime.UTC)


def list_backups(
    db_path: str | os.PathLike[str], folder: str | os.PathLike[str] | None = None
) -> list[BackupInfo]:
    """The backups of a project, oldest first (files whose name is not a timestamp ignored)."""
    where = Path(folder) if folder is not None else backup_folder(db_path)
    if not where.is_dir():
        return []
    found = []
    for item in sorted(where.iterdir()):
        if item.suffix != BACKUP_SUFFIX or not item.is_file():
            continue
        created = _parse_stamp(item.name)
        if created is not None:
            found.append(BackupInfo(item, created, item.stat().st_size))
    return found


@dataclass(frozen=True)
class BackupCounts:
    """What a backup holds, for choosing one: articles and accepted annotations."""

    articles: int
    annotations: int


def backup_counts(backup: str | os.PathLike[str]) -> BackupCounts | None:
    """Count the articles and accepted annotations in a backup file, read-only (a backup is
    one self-contained file: no journal is read or written). None when it cannot be read as
    a project (damaged, not a project, written by a newer program with other tables)."""
    path = Path(backup).expanduser()
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        annotations = conn.execute(
            "SELECT count(*) FROM annotations WHERE status = 'accepted'"
        ).fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return BackupCounts(int(articles), int(annotations))


def _new_backup_path(folder: Path) -> Path:
    stamp = _stamp(datetime.datetime.now(datetime.UTC))
    candidate = folder / f"{stamp}{BACKUP_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stamp}_{number}{BACKUP_SUFFIX}"
        number += 1
    return candidate


def _source_connection(store_or_path: object) -> tuple[sqlite3.Connection, Path, bool]:
    """(connection, project path, whether we opened it and must close it)."""
    conn = getattr(store_or_path, "conn", None)
    if conn is not None:
        path = getattr(store_or_path, "path", None)
        if path is None:
            raise BackupError("an in-memory project has no file to back up")
        return conn, Path(path), False
    path = Path(store_or_path).expanduser()  # type: ignore[arg-type]
    _check_header(path)
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as error:
        raise BackupError(describe_sqlite_error(path, error)) from None
    return conn, path, True


def _check_header(path: Path) -> None:
    """Is `path` an SQLite file? Asked of SQLite, never with open(): closing a plain
    descriptor would drop this process's SQLite locks on an open project."""
    if not path.is_file():
        raise BackupError(f"{path}: no such project file")
    try:
        probe_sqlite_file(path)
    except StoreError as error:
        raise BackupError(str(error)) from None


def backup_project(
    store_or_path: object,
    folder: str | os.PathLike[str] | None = None,
    keep: int = DEFAULT_KEEP,
) -> Path:
    """Copy the project (a `Store` or a file path) to a new timestamped backup and prune the
    folder to the newest `keep` backups. Returns the new backup's path; raises BackupError.

    Given a `Store`, its own connection is the source: call it outside a transaction (inside
    one, the backup would include the uncommitted changes)."""
    if keep < 1:
        raise BackupError("keep must be at least 1")
    conn, path, owned = _source_connection(store_or_path)
    target_folder = Path(folder) if folder is not None else backup_folder(path)
    created_folder = not target_folder.exists()
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(
            f"{target_folder}: cannot create the backup folder ({error.strerror})"
        ) from None
    # The partial name is this process's own; the final name is claimed without overwriting,
    # so two programs backing up in the same millisecond keep both backups.
    partial = target_folder / f"{os.getpid()}-{time.monotonic_ns()}{BACKUP_SUFFIX}.partial"
    try:
        _copy(conn, partial, path)
        target = _publish(partial, target_folder)
    except BaseException:
        for leftover in (partial, *(partial.with_name(partial.name + x) for x in SIDE_FILES)):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        if created_folder and not any(target_folder.iterdir()):
            target_folder.rmdir()  # a failed first backup leaves no empty folder behind
        raise
    finally:
        if owned:
            conn.close()
    prune_backups(path, keep, folder=target_folder)
    _remove_stale_partials(target_folder)
    return target


def _publish(partial: Path, folder: Path) -> Path:
    """Give the finished backup its timestamped name, never replacing another backup."""
    while True:
        target = _new_backup_path(folder)
        try:
            os.link(partial, target)  # fails if the name was taken meanwhile
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: the rare race is accepted there
            os.replace(partial, target)
            return target
        partial.unlink()
        return target


def _remove_stale_partials(folder: Path, older_than_s: float = 3600) -> None:
    """Delete `*.partial` files left by a backup that was killed (not by a running one)."""
    limit = time.time() - older_than_s
    for item in folder.glob(f"*{BACKUP_SUFFIX}.partial"):
        try:
            if item.stat().st_mtime < limit:
                item.unlink()
        except OSError:
            continue


def _copy(source: sqlite3.Connection, target: Path, label: Path) -> None:
    """Backup `source` into a fresh file `target`, self-contained and quick-checked."""
    target.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(str(target))
    except sqlite3.Error as error:
        raise BackupError(describe_sqlite_error(target, error)) from None
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
        verdict = dest.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"{label}: the project failed its integrity check ({verdict})")
    except sqlite3.Error as error:
        raise BackupError(_describe_copy_error(label, target, error)) from None
    except OSError as error:
        raise BackupError(f"{target}: cannot write the backup ({error.strerror})") from None
    finally:
        dest.close()


def _describe_copy_error(project: Path, target: Path, error: sqlite3.Error) -> str:
    """Name the side that failed: the project only reads, the backup file is written."""
    lowered = str(error).lower()
    if "full" in lowered:
        return f"{target.parent}: the disk is full; no backup was written"
    if "disk i/o" in lowered or "readonly" in lowered or "unable to open" in lowered:
        return f"{target.parent}: cannot write the backup here ({error})"
    return describe_sqlite_error(project, error)


def prune_backups(
    db_path: str | os.PathLike[str], keep: int, folder: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Delete all but the newest `keep` backups; returns the deleted paths."""
    backups = list_backups(db_path, folder)
    doomed = [b.path for b in backups[: max(0, len(backups) - keep)]]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def maybe_backup(
    path: str | os.PathLike[str],
    min_interval_s: float = DEFAULT_MIN_INTERVAL_S,
    keep: int = DEFAULT_KEEP,
) -> Path | None:
    """Back up the project unless it is missing or empty, the newest backup is younger than
    `min_interval_s`, or nothing changed since the newest backup (file times of the project
    and its -wal). For the app to call at open and close. Raises BackupError on failure."""
    project = Path(path).expanduser()
    if not project.is_file() or project.stat().st_size == 0:
        return None
    backups = list_backups(project)
    if backups:
        newest = backups[-1].path.stat().st_mtime
        if time.time() - newest < min_interval_s:
            return None
        wal = project.with_name(project.name + "-wal")
        changed = max(project.stat().st_mtime, wal.stat().st_mtime if wal.exists() else 0.0)
        if changed <= newest:
            return None
    return backup_project(project, keep=keep)


def check_project_file(path: str | os.PathLike[str]) -> None:
    """Raise BackupError unless `path` is an annotator project this program can open whose
    `PRAGMA integrity_check` says ok."""
    path = Path(path).expanduser()
    _check_header(path)
    if path.stat().st_size == 0:
        raise BackupError(f"{path}: an empty file, not an annotator project or backup")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(describe_sqlite_error(path, error)) from None
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            raise BackupError(f"{path}: fails the integrity check ({'; '.join(verdict[:3])})")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if not {"_sqlite_migrations", "articles", "annotations"} <= tables:
            raise BackupError(f"{path}: an SQLite database but not an annotator project")
        applied = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                [schema.MIGRATION_SET],
            )
        ]
        unknown = [name for name in applied if name not in schema.known_versions()]
        if unknown:
            raise BackupError(
                f"{path}: written by a newer version of annotator (schema {unknown[-1]})"
            )
    except sqlite3.Error as error:
        raise BackupError(describe_sqlite_error(path, error)) from None
    finally:
        conn.close()


def restore_backup(
    backup: str | os.PathLike[str], db_path: str | os.PathLike[str], keep: int = DEFAULT_KEEP
) -> Path | None:
    """Replace the project at `db_path` with `backup` after checking the backup, saving the
    current project as a backup first. Returns the path of that safety backup (None when there
    was no current project). The backup file itself is left untouched."""
    source = Path(backup).expanduser()
    project = Path(db_path).expanduser()
    if source.resolve() == project.resolve():
        raise BackupError(f"{source}: is the project itself")
    check_project_file(source)
    if not project.exists():
        project.parent.mkdir(parents=True, exist_ok=True)
        _restore_through_sqlite(source, project)
        return None
    saved, healthy = _save_current(project, keep)
    if healthy:
        _restore_through_sqlite(source, project)
    else:
        _restore_by_replacing(source, project)
    return saved


def _save_current(project: Path, keep: int) -> tuple[Path, bool]:
    """Back up the current project: (backup path, True), or for a damaged project a byte for
    byte copy named ``*_damaged.bak`` (never pruned): (its path, False)."""
    try:
        check_project_file(project)
    except BackupError:
        folder = backup_folder(project)
        folder.mkdir(parents=True, exist_ok=True)
        target = _new_backup_path(folder)
        target = target.with_name(target.stem + "_damaged.bak")
        shutil.copy2(project, target)
        wal = project.with_name(project.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, target.with_name(target.name + "-wal"))
        return target, False
    return backup_project(project, keep=keep), True


def _restore_through_sqlite(source: Path, project: Path) -> None:
    """Copy with the backup API into the live file: SQLite's locking protects readers and
    other writers, and a crash midway leaves the old or the new state, never a mix."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(str(project), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dest.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            src.backup(dest, progress=_give_up_when_locked_for(BUSY_TIMEOUT_MS / 1000))
            dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dest.close()
    except sqlite3.Error as error:
        raise BackupError(describe_sqlite_error(project, error)) from None
    finally:
        src.close()


def _give_up_when_locked_for(seconds: float) -> Callable[[int, int, int], None]:
    """A `Connection.backup` progress callback: sqlite3 retries a busy destination forever,
    so stop (as SQLite itself would after its busy timeout) once it has been busy so long."""
    busy_since: list[float] = []

    def progress(status: int, remaining: int, total: int) -> None:
        if status not in (SQLITE_BUSY, SQLITE_LOCKED):
            busy_since.clear()
            return
        if not busy_since:
            busy_since.append(time.monotonic())
        elif time.monotonic() - busy_since[0] > seconds:
            raise sqlite3.OperationalError("database is locked")

    return progress


def _restore_by_replacing(source: Path, project: Path) -> None:
    """For a damaged project SQLite cannot write into: swap the file atomically."""
    partial = project.with_name(project.name + ".restoring")
    try:
        shutil.copy2(source, partial)
        for extra in ("-wal", "-shm"):
            project.with_name(project.name + extra).unlink(missing_ok=True)
        os.replace(partial, project)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"{project}: cannot replace the project ({error.strerror})") from None
