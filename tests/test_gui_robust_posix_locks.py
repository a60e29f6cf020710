"""SQLite's POSIX locks belong to the whole process: closing ANY file handle on the project
file drops the locks of every connection of the process on it.  The app opens a second
connection in its own process to import (``ImportRunner``: ``Store.open`` in a worker
thread), and ``Store.open`` used to read the file's header with plain Python I/O and close
it.  From then on another program closing its last connection believed it was the last one
anywhere, checkpointed and deleted the WAL under the window's connection: the next reader got
"disk I/O error" (SQLITE_IOERR_SHORT_READ) and another program's committed write was lost.
(The app's backups also run in a process of their own.)

The core therefore never opens the project file from Python: whether a file is SQLite is
asked of SQLite itself (SQLITE_NOTADB), and these tests keep it that way.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from annotator.core.store import Store

OTHER_PROGRAM = (
    "import sys\nfrom annotator.core.store import Store\n"
    "s = Store.open(sys.argv[1]); s.set_setting('b', '2'); s.close()\n"
)


def _read(db) -> tuple[str, dict[str, str]]:  # noqa: ANN001
    """What another program sees: integrity and the settings written so far."""
    check = sqlite3.connect(str(db))
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
        return verdict, dict(check.execute("SELECT key, value FROM settings WHERE key IN "
                                           "('a', 'b', 'c', 'd')"))
    finally:
        check.close()


def test_a_second_store_in_the_process_keeps_the_first_ones_locks(tmp_path) -> None:
    db = tmp_path / "project.db"
    window = Store.open(db)
    try:
        window.set_setting("a", "1")
        Store.open(db).close()  # what the in-process import does before importing
        subprocess.run([sys.executable, "-c", OTHER_PROGRAM, str(db)], check=True, timeout=60)
        window.set_setting("c", "3")
        window.set_setting("d", "4")
        seen = _read(db)  # the window still open, as another app instance would read
    finally:
        window.close()
    assert seen == ("ok", {"a": "1", "b": "2", "c": "3", "d": "4"})


def test_without_a_second_handle_nothing_is_lost(tmp_path) -> None:
    db = tmp_path / "project.db"
    window = Store.open(db)
    try:
        window.set_setting("a", "1")
        subprocess.run([sys.executable, "-c", OTHER_PROGRAM, str(db)], check=True, timeout=60)
        window.set_setting("c", "3")
        window.set_setting("d", "4")
        seen = _read(db)
    finally:
        window.close()
    assert seen == ("ok", {"a": "1", "b": "2", "c": "3", "d": "4"})


def test_another_programs_write_survives_a_second_store_in_the_process(tmp_path) -> None:
    db = tmp_path / "project.db"
    window = Store.open(db)
    try:
        window.set_setting("a", "1")
        Store.open(db).close()
        subprocess.run([sys.executable, "-c", OTHER_PROGRAM, str(db)], check=True, timeout=60)
        window.set_setting("c", "3")
        other = OTHER_PROGRAM.replace("'b'", "'d'")  # another program writes while we run
        subprocess.run([sys.executable, "-c", other, str(db)], check=True, timeout=60)
        window.set_setting("e", "5")
    finally:
        window.close()
    check = sqlite3.connect(str(db))
    try:
        stored = dict(check.execute("SELECT key, value FROM settings WHERE key IN "
                                    "('a', 'b', 'c', 'd', 'e')"))
    finally:
        check.close()
    assert stored == {"a": "1", "b": "2", "c": "3", "d": "2", "e": "5"}  # 'd' is lost today
