"""`annotator salvage DAMAGED NEW`: what a user with a damaged project relies on.

A project of a few hundred articles is built through the store (in several batches, so the
tables' pages interleave in the file as in a project that grew over months), then damaged
as disks and copies damage files: pages overwritten with random bytes at page-size offsets,
the file cut short, only the annotations table's pages hit, the schema page hit. Which rows
survived each damage is computed from the undamaged file (SQLite's `dbstat`: the pages each
row's b-tree path, leaf and overflow chain use), and the salvaged project must hold exactly
those rows, unchanged, and nothing else. The damaged file must be left byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import ENV, digest, run

from annotator.core import schema
from annotator.core.salvage import EXIT_ROWS_LOST, SalvageError, salvage
from annotator.core.scale import generate_corpus
from annotator.core.segment import segment
from annotator.core.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = (
    "settings",
    "articles",
    "sentences",
    "excluded_ranges",
    "speakers",
    "speaker_aliases",
    "categories",
    "annotations",
)
LINE = re.compile(r"^(\w+): ([\d,]+) of (at least )?([\d,]+) rows recovered(?: \((.*)\))?$")


# --- the project -------------------------------------------------------------------------------


def _build(db: Path) -> None:
    with Store.open(db) as store:
        store.set_setting("team.name", "salvage lab")
        parent, _ = store.add_category("Economy (custom)", color="#123456", key="econ_custom")
        store.add_category("Prices", color="#654321", parent_id=parent.id, key="prices")
        for batch in range(5):  # batches: each table's pages spread over the whole file
            generate_corpus(store, 60, 400, seed=batch + 1, speakers=80)
            article_ids = store.all_article_ids()[-60:]
            speaker, _ = store.add_speaker(
                f"Narasumber Batch {batch}", aliases=[f"NB{batch}", f"Pak B{batch}"]
            )
            for number, article_id in enumerate(article_ids[:12]):
                text = store.get_article(article_id).text
                start = 10 + number
                quote, _ = store.add_quote(
                    article_id,
                    start,
                    start + 40,
                    speaker_id=speaker.id,
                    cue=(start + 41, start + 45),
                    annotator="ana",
                    note=f"batch {batch} — “kutipan” {number}",
                )
                store.add_claim(
                    article_id,
                    start + 5,
                    start + 30,
                    category_id=parent.id,
                    quote_id=quote.id,
                    annotator="budi",
                )
                assert text[start : start + 40] == quote.text
            text = f"Berita tambahan {batch}. " + "Harga naik lagi di pasar. " * 40
            with store.transaction():
                store.insert_article(
                    text,
                    metadata={"title": f"Tambahan {batch}", "status": "done"},
                    sentences=segment(text),
                    excluded=[(0, 10, "boilerplate"), (20, 30, "caption")],
                    extra={"batch": batch},
                )
    Store.open(db).close()  # the last connection checkpoints: every page in the main file


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("salvage") / "whole.db"
    _build(db)
    return db


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    db = tmp_path / "lab.db"
    shutil.copyfile(built, db)
    return db


# --- which rows survive a damage ---------------------------------------------------------------


def page_size(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()


def row_pages(db: Path, table: str) -> dict[int, set[int]]:
    """For each rowid of `table`, every page SQLite reads to reach it: the b-tree's interior
    pages above its leaf, the leaf, and the overflow chain of its cell."""
    conn = sqlite3.connect(db)
    try:
        pages = conn.execute(
            "SELECT pageno, pagetype, ncell, path FROM dbstat WHERE name = ? ORDER BY path",
            [table],
        ).fetchall()
        rowids = [r[0] for r in conn.execute(f"SELECT rowid FROM {table} ORDER BY rowid")]
    finally:
        conn.close()
    interior = {path: page for page, kind, _, path in pages if kind == "internal"}
    cells: dict[str, list[int]] = {}
    taken = 0
    for _, kind, count, path in pages:
        if kind == "leaf":
            cells[path] = rowids[taken : taken + count]
            taken += count
    assert taken == len(rowids)
    result: dict[int, set[int]] = {}
    for page, kind, _, path in pages:
        if kind == "leaf":
            above = {p for prefix, p in interior.items() if path.startswith(prefix)}
            for rowid in cells[path]:
                result[rowid] = {page, *above}
    for page, kind, _, path in pages:
        if kind == "overflow":  # "/03a/001+000002": cell 1 of leaf /03a/, third page
            leaf, cell = path[: path.rindex("/") + 1], int(path.rsplit("/", 1)[1][:3], 16)
            result[cells[leaf][cell]].add(page)
    return result


def survivors(db: Path, bad_pages: set[int]) -> dict[str, set[int]]:
    """Rowids of each table whose pages are all intact."""
    return {
        table: {rowid for rowid, pages in row_pages(db, table).items() if not pages & bad_pages}
        for table in TABLES
    }


def overwrite(db: Path, pages: list[int], seed: int) -> None:
    size = page_size(db)
    rng = random.Random(seed)
    with db.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(rng.randbytes(size))


def pages_of(db: Path, *names: str) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        marks = ", ".join("?" for _ in names)
        return [
            r[0] for r in conn.execute(f"SELECT pageno FROM dbstat WHERE name IN ({marks})", names)
        ]
    finally:
        conn.close()


def rows(db: Path, table: str) -> dict[int, tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    try:
        return {r[0]: r[1:] for r in conn.execute(f"SELECT rowid, * FROM {table}")}
    finally:
        conn.close()


# --- checks ------------------------------------------------------------------------------------


def report_lines(stdout: str) -> dict[str, re.Match]:
    found = {}
    for line in stdout.splitlines():
        match = LINE.match(line)
        if match:
            found[match.group(1)] = match
    assert set(found) == set(TABLES), stdout
    return found


def number(text: str) -> int:
    return int(text.replace(",", ""))


def assert_sound(new: Path) -> None:
    """The project invariants, read from the salvaged file with plain SQLite."""
    conn = sqlite3.connect(new)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        texts = dict(conn.execute("SELECT id, text FROM articles"))
        for article_id, text in texts.items():
            digest_ = conn.execute("SELECT text_hash FROM articles WHERE id = ?", [article_id])
            assert digest_.fetchone()[0] == hashlib.sha256(text.encode()).hexdigest()
        spans = conn.execute('SELECT article_id, start, "end", text, cue_end FROM annotations')
        for article_id, start, end, text, cue_end in spans:
            assert article_id in texts
            assert texts[article_id][start:end] == text
            assert cue_end is None or cue_end <= len(texts[article_id])
        for table in ("sentences", "excluded_ranges"):
            for article_id, end in conn.execute(f'SELECT article_id, "end" FROM {table}'):
                assert end <= len(texts[article_id])
        applied = schema.applied_versions(conn)
        assert applied == schema.known_versions()
        # the full-text indexes hold every row (filled by the triggers)
        for table in ("articles", "annotations"):
            indexed = conn.execute(f"SELECT count(*) FROM {table}_fts_docsize").fetchone()[0]
            assert indexed == len(rows(new, table)), table
            conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")
    finally:
        conn.close()
    checked = run("check", "--db", str(new))
    assert checked.returncode == 0 and "integrity ok" in checked.stdout, checked.stderr
    listed = run("articles", "--db", str(new))
    assert listed.returncode == 0, listed.stderr


def assert_rows_unchanged(
    original: Path, new: Path, lost: dict[str, set[int]], remade: set[int]
) -> None:
    """Every salvaged row is the original row; only links to rows that were lost are
    cleared (a speaker, a category, a quote, a parent category). `remade`: the sentences
    made again for articles that had none left."""
    links = {
        "annotations": {
            "speaker_id": "speakers",
            "category_id": "categories",
            "quote_id": "annotations",
        },
        "categories": {"parent_id": "categories"},
    }
    for table in TABLES:
        before, after = rows(original, table), rows(new, table)
        if table == "sentences":
            after = {k: v for k, v in after.items() if k not in remade}
        assert set(after) <= set(before), f"{table}: rows that were never in the project"
        conn = sqlite3.connect(original)
        names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        conn.close()
        for rowid, values in after.items():
            expected = list(before[rowid])
            for column, parent in links.get(table, {}).items():
                index = names.index(column)
                if expected[index] in lost.get(parent, set()):
                    expected[index] = None
            assert list(values) == expected, (table, rowid)


def expected_after(original: Path, alive: dict[str, set[int]]) -> dict[str, set[int]]:
    """The rows a salvage keeps: those that survived, less those whose article (or
    speaker, for an alias) was lost."""
    kept = dict(alive)
    conn = sqlite3.connect(original)
    try:
        for table, column, parent in (
            ("sentences", "article_id", "articles"),
            ("excluded_ranges", "article_id", "articles"),
            ("annotations", "article_id", "articles"),
            ("speaker_aliases", "speaker_id", "speakers"),
        ):
            owner = dict(conn.execute(f"SELECT rowid, {column} FROM {table}"))
            kept[table] = {r for r in alive[table] if owner[r] in alive[parent]}
    finally:
        conn.close()
    return kept


def remade_sentences(new: Path, kept: dict[str, set[int]]) -> set[int]:
    """Sentences of articles that kept none: made again by the segmenter, as on import."""
    conn = sqlite3.connect(new)
    try:
        owners = dict(conn.execute("SELECT rowid, article_id FROM sentences"))
        texts = dict(conn.execute("SELECT id, text FROM articles"))
    finally:
        conn.close()
    with_kept = {owners[r] for r in kept["sentences"] if r in owners}
    remade = {r for r, article in owners.items() if article not in with_kept}
    for article in {owners[r] for r in remade}:
        spans = sorted((s, e) for r, (s, e) in _spans(new, remade).items() if owners[r] == article)
        assert spans == segment(texts[article])
    return remade


def _spans(db: Path, rowids: set[int]) -> dict[int, tuple[int, int]]:
    return {r: (v[2], v[3]) for r, v in rows(db, "sentences").items() if r in rowids}


def salvage_and_check(original: Path, damaged: Path, bad_pages: set[int]) -> dict[str, re.Match]:
    """Salvage `damaged`; the new project must hold exactly the rows that survived."""
    new = damaged.with_name("new.db")
    before = digest(damaged)
    result = run("salvage", str(damaged), str(new))
    assert result.returncode == EXIT_ROWS_LOST, (result.stdout, result.stderr)
    assert digest(damaged) == before, "salvage changed the damaged file"
    assert not Path(f"{damaged}-shm").exists() and not Path(f"{damaged}-wal").exists()
    assert_sound(new)
    alive = survivors(original, bad_pages)
    kept = expected_after(original, alive)
    lost = {t: set(rows(original, t)) - alive[t] for t in TABLES}
    remade = remade_sentences(new, kept)
    assert_rows_unchanged(original, new, lost, remade)
    lines = report_lines(result.stdout)
    for table in TABLES:
        recovered = set(rows(new, table)) - (remade if table == "sentences" else set())
        assert recovered == kept[table], (table, len(recovered), len(kept[table]))
        line = lines[table]
        assert number(line.group(2)) == len(kept[table]), line.group(0)
        if not line.group(3):  # an exact total: what the table had
            assert number(line.group(4)) == len(rows(original, table)), line.group(0)
        else:
            assert number(line.group(4)) <= len(rows(original, table)), line.group(0)
    assert result.stdout.splitlines()[-1].startswith("salvaged ")
    return lines


# --- tests -------------------------------------------------------------------------------------


def test_an_undamaged_project_is_salvaged_whole(project, tmp_path):
    new = tmp_path / "new.db"
    before = digest(project)
    result = run("salvage", str(project), str(new))
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert digest(project) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lab.db", "new.db"]  # nothing else
    lines = report_lines(result.stdout)
    for table in TABLES:
        count = len(rows(project, table))
        assert count > 0, f"the test project should have {table} rows"
        assert lines[table].group(0) == f"{table}: {count:,} of {count:,} rows recovered"
    assert result.stdout.splitlines()[-1].startswith("salvaged all ")
    assert_sound(new)
    for table in TABLES:
        assert rows(new, table) == rows(project, table), table
    exports = []
    for db in (project, new):
        out = tmp_path / f"{db.stem}.json"
        exported = run("export", "--db", str(db), "-o", str(out))
        assert exported.returncode == 0, exported.stderr
        document = json.loads(out.read_text(encoding="utf-8"))
        document.pop("exported_at")
        exports.append(document)
    assert exports[0] == exports[1]


def test_pages_overwritten_in_the_middle(project, tmp_path):
    original = tmp_path / "original.db"
    shutil.copyfile(project, original)
    count = project.stat().st_size // page_size(project)
    schema_pages = set(pages_of(project, "sqlite_schema"))
    bad = [p for p in range(count * 45 // 100, count * 45 // 100 + 12) if p not in schema_pages]
    bad += random.Random(7).sample(
        [p for p in range(40, count) if p not in schema_pages and p not in bad], 8
    )
    overwrite(project, bad, seed=1)
    lines = salvage_and_check(original, project, set(bad))
    assert any(lines[t].group(5) for t in TABLES), "the damage should have cost some rows"


def test_only_the_annotations_pages_damaged(project, tmp_path):
    original = tmp_path / "original.db"
    shutil.copyfile(project, original)
    conn = sqlite3.connect(project)
    leaves = [
        r[0]
        for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'annotations' AND pagetype = 'leaf'"
        )
    ]
    conn.close()
    bad = random.Random(3).sample(leaves, 6)
    overwrite(project, bad, seed=2)
    lines = salvage_and_check(original, project, set(bad))
    total = len(rows(original, "annotations"))
    lost = total - len(survivors(original, set(bad))["annotations"])
    assert lost > 0
    # the indexes are intact: the report knows exactly how many rows could not be read
    assert lines["annotations"].group(0) == (
        f"annotations: {total - lost:,} of {total:,} rows recovered ({lost:,} unreadable)"
    )
    for table in set(TABLES) - {"annotations"}:
        assert lines[table].group(5) is None, lines[table].group(0)


def test_a_copy_cut_to_60_percent(project, tmp_path):
    original = tmp_path / "original.db"
    shutil.copyfile(project, original)
    data = project.read_bytes()
    keep = int(len(data) * 0.6)
    project.write_bytes(data[:keep])
    size = page_size(original)
    first_missing = keep // size + 1  # the page cut in the middle is lost too
    bad = set(range(first_missing, len(data) // size + 1))
    lines = salvage_and_check(original, project, bad)
    alive = survivors(original, bad)
    assert len(alive["annotations"]) > 0.3 * len(rows(original, "annotations"))
    assert lines["annotations"].group(5), "lost rows must be reported"


def test_a_damaged_schema_is_read_by_the_known_layout(project, tmp_path):
    """The schema's pages overwritten (page 1 with the file header, or a later one): the
    tables are read where this program puts them, and every row comes back."""
    for page in pages_of(project, "sqlite_schema")[:2]:  # page 1 and one after
        damaged = tmp_path / f"schema{page}.db"
        shutil.copyfile(project, damaged)
        overwrite(damaged, [page], seed=page)
        refused = run("articles", "--db", str(damaged))
        assert refused.returncode == 2 and "annotator salvage" in refused.stderr
        before = digest(damaged)
        new = tmp_path / f"new{page}.db"
        result = run("salvage", str(damaged), str(new))
        assert result.returncode == 0, (result.stdout, result.stderr)
        assert f"note: the schema of {damaged} is unreadable" in result.stdout
        assert digest(damaged) == before
        for table in TABLES:
            assert rows(new, table) == rows(project, table), table
        assert_sound(new)


def test_a_damaged_schema_in_another_layout_is_refused_clearly(tmp_path):
    """An older project's tables lie elsewhere: reading them by the current layout finds no
    whole article, so salvage refuses in one line and writes nothing."""
    damaged = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "schema_0001.db", damaged)
    with damaged.open("ab") as handle:  # long enough to hold the current layout's pages
        handle.write(bytes(page_size(damaged) * 40))
    overwrite(damaged, [1], seed=1)
    before = digest(damaged)
    new = tmp_path / "new.db"
    result = run("salvage", str(damaged), str(new))
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"annotator: {damaged}: "), lines
    assert "schema" in lines[0] and "nothing can be salvaged" in lines[0]
    assert result.stdout == ""
    assert not new.exists() and digest(damaged) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.db"]


def test_an_existing_new_project_is_refused(project, tmp_path):
    new = tmp_path / "new.db"
    new.write_text("precious")
    result = run("salvage", str(project), str(new))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"annotator: {new}: already exists; salvage writes a new project, choose a new name"
    )
    assert new.read_text() == "precious"
    same = run("salvage", str(project), str(project))
    assert same.returncode == 2 and "already exists" in same.stderr


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda p: p, "no such project file"),
        (lambda p: (p.write_text("my notes\n" * 500), p)[1], "schema"),
        (lambda p: (p.write_bytes(b""), p)[1], "empty file"),
    ],
)
def test_other_refusals(tmp_path, make, needle):
    damaged = make(tmp_path / "damaged.db")
    result = run("salvage", str(damaged), str(tmp_path / "new.db"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and str(damaged) in lines[0], lines
    assert not (tmp_path / "new.db").exists()


def test_a_database_that_is_not_a_project_is_refused(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    result = run("salvage", str(other), str(tmp_path / "new.db"))
    assert result.returncode == 2 and "not an annotator project" in result.stderr


def test_an_old_schema_is_salvaged_into_the_current_one(tmp_path):
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "schema_0001.db", old)
    before = digest(old)
    new = tmp_path / "new.db"
    result = run("salvage", str(old), str(new))
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "had schema 0001_initial" in result.stdout
    assert digest(old) == before
    assert_sound(new)
    for table in TABLES:
        assert rows(new, table) == rows(old, table), table
    assert rows(new, "articles"), "the fixture has articles"


def _write_and_crash(db: Path) -> None:
    """A program that adds a quote and dies before closing: the quote is only in -wal."""
    script = (
        "import os, sys\n"
        "from annotator.core.store import Store\n"
        "store = Store.open(sys.argv[1])\n"
        "article = store.all_article_ids()[0]\n"
        "text = store.get_article(article).text\n"
        "store.add_quote(article, 0, 12, speaker_id=None, annotator='late', note='last')\n"
        "os._exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(db)], env=ENV, timeout=120)
    assert done.returncode == 0


def test_the_last_changes_in_the_wal_file_are_salvaged(project, tmp_path):
    _write_and_crash(project)
    wal = Path(f"{project}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    Path(f"{project}-shm").unlink()  # as copied from a USB stick: the file and its -wal
    before = (digest(project), digest(wal))
    new = tmp_path / "new.db"
    result = run("salvage", str(project), str(new))
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert f"read {project}-wal too (committed changes" in result.stdout
    assert (digest(project), digest(wal)) == before
    assert not Path(f"{project}-shm").exists()
    notes = [r[18] for r in rows(new, "annotations").values()]
    assert "last" in notes
    assert_sound(new)
    without = tmp_path / "without.db"
    result = run("salvage", "--ignore-wal", str(project), str(without))
    assert result.returncode == 0
    assert "last" not in [r[18] for r in rows(without, "annotations").values()]
    assert (digest(project), digest(wal)) == before


def test_an_interrupted_transaction_in_a_rollback_journal_is_rolled_back(project, tmp_path):
    conn = sqlite3.connect(project)
    conn.execute("PRAGMA journal_mode = DELETE")  # as a copy made by other tools may be
    conn.close()
    original = {table: rows(project, table) for table in TABLES}
    script = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA cache_size = 5')  # changed pages spill into the file\n"
        "conn.execute('BEGIN')\n"
        "conn.execute(\"UPDATE annotations SET note = 'never committed'\")\n"
        "conn.execute('DELETE FROM sentences WHERE id % 2 = 0')\n"
        "os._exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(project)], env=ENV, timeout=120)
    assert done.returncode == 0
    journal = Path(f"{project}-journal")
    assert journal.exists() and journal.stat().st_size > 0
    before = (digest(project), digest(journal))
    new = tmp_path / "new.db"
    result = run("salvage", str(project), str(new))
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert f"rolled back the interrupted transaction that {project}-journal" in result.stdout
    assert (digest(project), digest(journal)) == before
    for table in TABLES:
        assert rows(new, table) == original[table], table
    assert_sound(new)


def test_a_failure_leaves_no_new_project(project, tmp_path, monkeypatch):
    from annotator.core import salvage as module

    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(module, "_check_spans", broken)
    new = tmp_path / "out" / "new.db"
    new.parent.mkdir()
    with pytest.raises(SalvageError, match="nothing was written"):
        salvage(project, new)
    assert not new.exists()
    assert list(new.parent.iterdir()) == []


def test_a_damaged_project_points_to_salvage(project, tmp_path):
    cut = tmp_path / "cut.db"
    cut.write_bytes(project.read_bytes()[: project.stat().st_size // 2])
    result = run("articles", "--db", str(cut))
    assert result.returncode == 2
    line = result.stderr.strip()
    assert "damaged" in line
    assert line.endswith(
        f"try: annotator restore BACKUP --db {cut}, or annotator salvage {cut} NEW.db)"
    )


def test_a_new_project_in_a_missing_folder_or_without_a_name_is_refused(project, tmp_path):
    for new, problem in (
        (tmp_path / "no-such-folder" / "new.db", "the folder"),
        ("", "need a file name"),
    ):
        result = run("salvage", str(project), str(new))
        assert result.returncode == 2, result.stdout
        assert problem in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "no-such-folder").exists()
