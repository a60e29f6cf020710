"""Audit: damaged and unusable projects seen from the desktop app (the CLI side is in
tests/test_robust_damaged.py; the app was only tested on a file that is not SQLite).

Opening a truncated file or a project from a newer program shows one warning naming the file
and opens nothing, leaving the file as it was; a read-only project opens read-only (the
articles show, a tagging gesture says the project is read-only, nothing changes on screen or
in the file); a full disk while tagging says so and the screen, the undo stack and the file
stay in step; a project of an older schema opens migrated.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from conftest_gui import isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from test_robust_damaged import immutable  # noqa: E402 - chattr +i, even for root

from annotator.core import schema  # noqa: E402
from annotator.core.store import Store  # noqa: E402
from annotator.gui import app as app_module  # noqa: E402
from annotator.gui.app import controller, wait_for_backups  # noqa: E402

pytestmark = pytest.mark.gui
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def warnings(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app_module,
        "show_warning",
        lambda parent, title, text, block=False: shown.append((title, text)),
    )
    return shown


def _refused(path: Path, warnings: list[tuple[str, str]], needle: str) -> None:
    before = digest(path)
    assert controller().open_project(path, ask_name=False) is None
    assert len(warnings) == 1, warnings
    text = warnings[0][1]
    assert str(path) in text and needle in text and "Traceback" not in text, text
    assert "\n" not in text.strip(), text
    assert digest(path) == before
    assert not path.with_name(f"{path.stem}.backups").exists(), "a refused file was backed up"


def test_a_truncated_project_is_refused_with_one_warning(qtbot, tmp_path, warnings) -> None:
    isolate_settings(tmp_path)
    whole = make_project(tmp_path)
    Store.open(whole).close()
    data = whole.read_bytes()
    cut = tmp_path / "cut.db"
    cut.write_bytes(data[: len(data) // 2])
    _refused(cut, warnings, "damaged")


def test_a_project_from_a_newer_program_is_refused(qtbot, tmp_path, warnings) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('annotator', '0099_from_the_future', '2031-01-01')"
    )
    conn.commit()
    conn.close()
    _refused(db, warnings, "newer version of annotator")


def test_an_older_project_opens_migrated(qtbot, tmp_path, warnings) -> None:
    isolate_settings(tmp_path)
    db = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0001.db", db)
    window = controller().open_project(db, ask_name=False)
    assert window is not None and not warnings
    qtbot.addWidget(window)
    try:
        assert window.article_id is not None
        assert window.store.schema_versions() == schema.known_versions()
        assert window.store.count_articles() == 3
    finally:
        window.close()
        wait_for_backups(60)
        window.session.close()


def _key(qtbot, widget, key) -> None:
    qtbot.keyClick(widget, key)
    QApplication.processEvents()


def _accepted(db: Path, article_id: int | None = None) -> set[int]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT id, article_id FROM annotations WHERE status = 'accepted'"
        ).fetchall()
    finally:
        conn.close()
    return {i for i, a in rows if article_id is None or a == article_id}


def _annotation_rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, status FROM annotations ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_read_only_project_opens_read_only(qtbot, tmp_path, warnings, locked) -> None:
    isolate_settings(tmp_path)
    folder = tmp_path / "shared"
    folder.mkdir()
    db = make_project(folder)
    Store.open(db).close()  # checkpointed: the file alone holds everything
    before, rows = digest(db), _annotation_rows(db)
    with immutable(db if locked == "file" else folder):
        window = controller().open_project(db, ask_name=False)
        assert window is not None, warnings
        qtbot.addWidget(window)
        wait_for_backups(60)  # the opening backup (it fails in a read-only folder) is done
        QApplication.processEvents()
        try:
            assert window.store.readonly
            assert window.article_id is not None and window.article_view.toPlainText()
            view = window.article_view
            view.setFocus()
            accepted = {i for i, a in view.annotations.items() if a.status == "accepted"}
            _key(qtbot, view, Qt.Key.Key_J)
            _key(qtbot, view, Qt.Key.Key_1)  # a claim
            _key(qtbot, view, Qt.Key.Key_N)
            _key(qtbot, view, Qt.Key.Key_A)  # accept a suggestion
            message = window.statusBar().currentMessage()
            assert "read-only" in message and str(db) in message, message
            now = {i for i, a in view.annotations.items() if a.status == "accepted"}
            assert now == accepted, "the screen shows a change the file cannot hold"
            assert window.session.undo_stack.count() == 0
        finally:
            window.close()
            wait_for_backups(60)
            QApplication.processEvents()
            window.session.close()
    assert digest(db) == before and _annotation_rows(db) == rows


def test_a_full_disk_while_tagging_says_so_and_keeps_screen_and_file_in_step(
    qtbot, tmp_path, warnings
) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    window = controller().open_project(db, ask_name=False)
    assert window is not None
    qtbot.addWidget(window)
    wait_for_backups(60)
    QApplication.processEvents()
    try:
        conn = window.store.db.conn
        accepted_before = _accepted(db)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from now on
        view = window.article_view
        view.setFocus()
        message = ""
        for _ in range(400):  # claims fill the free space left in the pages, then fail
            _key(qtbot, view, Qt.Key.Key_J)
            _key(qtbot, view, Qt.Key.Key_1)
            message = window.statusBar().currentMessage()
            if "full" in message:
                break
        assert "disk is full" in message and str(db) in message, message
        window.flush()
        shown = {i for i, a in view.annotations.items() if a.status == "accepted"}
        assert shown == _accepted(db, window.article_id), "screen and file differ"
        depth = window.session.undo_stack.count()
        assert depth == len(_accepted(db) - accepted_before) > 0
        conn.execute(f"PRAGMA max_page_count = {pages + 10_000}")  # space again
        _key(qtbot, view, Qt.Key.Key_J)
        _key(qtbot, view, Qt.Key.Key_1)
        assert window.session.undo_stack.count() == depth + 1
    finally:
        window.close()
        wait_for_backups(60)
        window.session.close()
    check = sqlite3.connect(db)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()


def _damage_leaf_pages(db: Path, table: str) -> None:
    """Overwrite every other leaf page of `table` (after its first) with random bytes."""
    conn = sqlite3.connect(db)
    try:
        pages = [
            page for (page,) in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
                [table],
            )
        ]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table")
    finally:
        conn.close()
    noise = random.Random(7)
    with db.open("r+b") as handle:
        for page in pages[1::2]:
            handle.seek((page - 1) * size)
            handle.write(bytes(noise.getrandbits(8) for _ in range(size)))


def test_a_project_with_damaged_pages_opens_with_one_warning_and_no_traceback(
    qtbot, tmp_path, monkeypatch, capfd
) -> None:
    """Damage inside the file (not its header) shows up only when a row is read: the window
    opens with what can be read, says once that the file is damaged and what to do, and never
    prints a traceback, however often the list is painted."""
    from annotator.gui import main_window as window_module

    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    Store.open(db).close()  # checkpointed: every row is in the main file
    _damage_leaf_pages(db, "annotations")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(window_module, "show_warning",
                        lambda parent, title, text, block=False: shown.append((title, text)))
    window = controller().open_project(db, ask_name=False)
    assert window is not None
    qtbot.addWidget(window)
    table, model = window.article_list.table, window.article_list.model
    for _ in range(3):
        table.scrollToBottom()
        QApplication.processEvents()
        table.scrollToTop()
        QApplication.processEvents()
    qtbot.waitUntil(lambda: bool(shown))
    QApplication.processEvents()
    assert len(shown) == 1, shown
    title, text = shown[0]
    assert "damaged" in title and str(db) in text and "annotator salvage" in text
    readable = [model.summary(row) for row in range(model.rowCount())]
    assert any(readable), "the rows that can be read are shown"
    errors = capfd.readouterr().err
    assert "Traceback" not in errors and "Error calling Python override" not in errors, errors
    window.close()
    wait_for_backups()


def test_a_file_that_is_no_project_is_refused_before_the_name_is_asked(
    qtbot, tmp_path, warnings, monkeypatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    isolate_settings(tmp_path, name="")  # a first start: no annotator name yet
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *args, **kwargs: (asked.append("name"), ("Ana", True))[1])
    notes = tmp_path / "README.md"
    notes.write_text("# my notes\n\nnot a project\n", encoding="utf-8")
    assert controller().open_project(notes, ask_name=True) is None
    assert asked == [], "the name was asked before the file was checked"
    assert len(warnings) == 1 and "not an annotator project" in warnings[0][1], warnings
