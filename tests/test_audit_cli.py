"""Audit of the robustness issue from a user's seat: the CLI, one nasty input at a time.

Every refusal must be ONE line on stderr naming the input and the problem, a non-zero exit
status, no traceback (nor the last-line-of-defence "unexpected error"), and nothing stored.
Inputs the program accepts must be stored exactly (after newline normalisation) with spans
inside their text.  The restore-under-lock and unpaired-surrogate tests pin bugs this audit
found (a restore that waited forever; an "unexpected error" instead of a refusal).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.scale import generate_corpus
from annotator.core.store import Store

ENV = {**os.environ, "PYTHONUTF8": "1"}
QUOTE = "“Harga beras naik 12 persen,” kata Bupati Siti Lestari."
ARABIC = "قال الوزير إن «الاقتصاد سينمو». وأضاف أن الضرائب ستنخفض.\n"
HEBREW = 'ראש העיר אמר כי "המחירים יירדו בשנה הבאה". הוא הוסיף שהתקציב יגדל.\n'
BIDI = "\u202eKata\u202c \u200f" + QUOTE + " \u2066x\u2069 \u061c.\n"
COMBINING = "Z\u0351\u0352a\u0354l\u0357g\u0358o te\u0301xt. Pho\u031b\u0309 ha\u0300. " + QUOTE
EMOJI = "Warga 👨‍👩‍👧‍👦 senang 🇮🇩 👍🏽. “Kami bahagia 😀 sekali,” kata Rina Wijaya. 𝟓𝟎 🚀\n"
HTML = (
    "<html><head><script>alert('x'); document.cookie</script></head><body><p>"
    + QUOTE
    + "</p><img src=x onerror=alert(1)><a href='javascript:alert(2)'>x</a></body></html>\n"
)
LONG_LINE = ("warga desa gelar musyawarah jalan sekolah pasar baru " * 20000)[:1_000_000]


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120):
    """`annotator ARGS` in a subprocess; never a traceback, whatever happens."""
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        env=env or ENV,
        timeout=timeout,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def article_count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_50_mb(path: Path) -> None:
    """50 MB of real text (not a sparse file of NUL bytes): refused for its size alone."""
    block = ((QUOTE + " Warga desa gelar musyawarah.\n") * 2000).encode()
    with path.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            handle.write(block)


# name -> (writer, words the one refusal line must hold)
REFUSED: dict[str, tuple[Callable[[Path], object], str]] = {
    "empty.txt": (lambda p: p.write_bytes(b""), "empty"),
    "only_bom.txt": (lambda p: p.write_bytes(b"\xef\xbb\xbf"), "empty"),
    "whitespace.txt": (lambda p: p.write_bytes(b" \r\n\t \r \n"), "empty"),
    "random_bytes.txt": (lambda p: p.write_bytes(bytes(range(256)) * 16), "binary"),
    "nul_in_text.txt": (lambda p: p.write_bytes(QUOTE.encode() + b"\x00" + b"x"), "binary"),
    "only_nul.txt": (lambda p: p.write_bytes(b"\x00" * 64), "binary"),
    "control_chars.txt": (lambda p: p.write_bytes(b"Kata\x0b dia\x1b hari \x7f."), "binary"),
    "invalid_utf8.txt": (lambda p: p.write_bytes(QUOTE.encode() + b" \xff\xfe"), "UTF-8"),
    "latin1.txt": (lambda p: p.write_bytes("Café naïve. Kata dia.".encode("latin-1")), "UTF-8"),
    "truncated_utf8.txt": (lambda p: p.write_bytes((QUOTE + " 😀").encode()[:-1]), "UTF-8"),
    "utf16le_no_bom.txt": (
        lambda p: p.write_bytes(("Kata dia hari ini. " * 30).encode("utf-16-le")),
        "UTF-16 without a byte-order mark",
    ),
    "utf16be_no_bom.txt": (
        lambda p: p.write_bytes(("Kata dia hari ini. " * 30).encode("utf-16-be")),
        "UTF-16 without a byte-order mark",
    ),
    "fifty_mb.txt": (_write_50_mb, "too large"),
    "nul_escape.jsonl": (
        lambda p: p.write_text('{"text": "Kata \\u0000 dia."}\n', encoding="utf-8"),
        "NUL",
    ),
    "surrogate_escape.jsonl": (
        lambda p: p.write_text('{"text": "Kata \\ud800 dia."}\n', encoding="utf-8"),
        "surrogate",
    ),
    "blank_text.jsonl": (lambda p: p.write_text('{"text": "  "}\n', encoding="utf-8"), "empty"),
    "string_line.jsonl": (lambda p: p.write_text('"just text"\n', encoding="utf-8"), "object"),
    "number_field.jsonl": (
        lambda p: p.write_text('{"text": "Kata dia.", "published": 1e999}\n', encoding="utf-8"),
        "published",
    ),
    "truncated.json": (lambda p: p.write_text('{"articles": [', encoding="utf-8"), "JSON"),
    "empty.json": (lambda p: p.write_bytes(b""), "JSON"),
    "deep.json": (lambda p: p.write_bytes(b"[" * 50_000 + b"]" * 50_000), "JSON"),
}

# name -> text written (UTF-8 unless the writer says otherwise), text expected in the project
STORED: dict[str, tuple[bytes, str]] = {
    "crlf.txt": ((QUOTE + "\r\n\r\nParagraf kedua.\r\n").encode(), QUOTE + "\n\nParagraf kedua.\n"),
    "lone_cr.txt": ((QUOTE + "\rBaris kedua.\rBaris ketiga.").encode(), None),
    "utf16_bom.txt": (("\ufeff" + QUOTE).encode("utf-16-le"), QUOTE),
    "arabic.txt": (ARABIC.encode(), ARABIC),
    "hebrew.txt": (HEBREW.encode(), HEBREW),
    "bidi_controls.txt": (BIDI.encode(), BIDI),
    "combining.txt": (COMBINING.encode(), COMBINING),
    "emoji.txt": (EMOJI.encode(), EMOJI),
    "script.html.txt": (HTML.encode(), HTML),
    "one_mb_line.txt": (LONG_LINE.encode(), LONG_LINE),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_nasty_file_alone_is_refused_in_one_line_and_leaves_nothing(tmp_path, name):
    writer, needle = REFUSED[name]
    path = tmp_path / name
    writer(path)
    db = tmp_path / "project.db"
    result = run("import", "--db", str(db), str(path))
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"refused: {path}"), lines[0]
    assert needle.lower() in lines[0].lower(), lines[0]
    assert "unexpected error" not in lines[0]
    assert "imported 0," in result.stdout
    assert article_count(db) == 0


@pytest.mark.parametrize("name", sorted(STORED))
def test_each_odd_but_valid_file_is_stored_exactly(tmp_path, name):
    data, expected = STORED[name]
    path = tmp_path / name
    path.write_bytes(data)
    db = tmp_path / "project.db"
    result = run("import", "--db", str(db), str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    with Store.open(db, readonly=True) as store:
        (article_id,) = store.article_ids()
        text = store.get_article(article_id).text
        if expected is not None:
            assert text == expected
        assert "\r" not in text
        for sentence in store.sentences(article_id):
            assert 0 <= sentence.start < sentence.end <= len(text)
        for a in store.annotations(article_id, statuses=("accepted", "suggested", "rejected")):
            assert a.text == text[a.start : a.end]


def test_a_mixed_batch_keeps_the_good_files_and_names_every_bad_one(tmp_path):
    """The user's view of a folder of good and bad files: one line per bad file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("empty.txt", "random_bytes.txt", "invalid_utf8.txt", "utf16le_no_bom.txt"):
        REFUSED[name][0](folder / name)
    for name in ("emoji.txt", "arabic.txt", "script.html.txt"):
        (folder / name).write_bytes(STORED[name][0])
    db = tmp_path / "project.db"
    result = run("import", "--db", str(db), str(folder))
    assert result.returncode == 1
    refused = [line for line in result.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refused) == 4 and len(result.stderr.strip().splitlines()) == 4, result.stderr
    assert "imported 3," in result.stdout
    assert article_count(db) == 3


# --- refusals of backup and restore arguments ------------------------------------------------
@pytest.fixture
def project(tmp_path) -> Path:
    db = tmp_path / "project.db"
    with Store.open(db) as store:
        generate_corpus(store, 5, 20)
    Store.open(db).close()
    return db


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda p: p, "no such"),
        (lambda p: (p.write_bytes(b""), p)[1], "not an annotator project"),
        (lambda p: (p.write_bytes(bytes(range(256)) * 8), p)[1], "not an annotator project"),
        (lambda p: (p.write_text(QUOTE, encoding="utf-8"), p)[1], "not an annotator project"),
    ],
    ids=["missing", "empty", "binary", "text"],
)
def test_restore_refuses_odd_files_in_one_line(tmp_path, project, make, needle):
    before = digest(project)
    bad = make(tmp_path / "bad.db")
    result = run("restore", "--db", str(project), str(bad))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and needle in lines[0], lines
    assert digest(project) == before
    assert not (tmp_path / "project.backups").exists()


def test_restoring_the_project_onto_itself_is_refused(project):
    before = digest(project)
    result = run("restore", "--db", str(project), str(project))
    assert result.returncode == 2 and "is the project itself" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert digest(project) == before


def test_backup_of_a_missing_project_is_refused_and_creates_nothing(tmp_path):
    db = tmp_path / "nothing.db"
    result = run("backup", "--db", str(db))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"annotator: {db}: no such project file"]
    assert not db.exists() and not (tmp_path / "nothing.backups").exists()


def test_a_project_path_that_is_a_folder_is_refused(tmp_path):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    article = tmp_path / "a.txt"
    article.write_text(QUOTE, encoding="utf-8")
    result = run("import", "--db", str(folder), str(article))
    assert result.returncode == 2
    assert str(folder.name) in result.stderr and "directory" in result.stderr
    assert list(folder.iterdir()) == []


# --- bugs found by the audit -----------------------------------------------------------------
def test_the_top_level_db_option_is_honoured_by_subcommands(tmp_path):
    """Found by this audit: `annotator --db FILE import X` (the --db `annotator --help` shows)
    was ignored, the articles silently went to the default project (fixed in 9717790)."""
    article = tmp_path / "a.txt"
    article.write_text(QUOTE + "\n", encoding="utf-8")
    mine, default = tmp_path / "mine.db", tmp_path / "default.db"
    env = {**ENV, "ANNOTATOR_DB": str(default)}
    imported = run("--db", str(mine), "import", str(article), env=env)
    assert imported.returncode == 0, imported.stderr
    listed = run("--db", str(mine), "articles", env=env)
    assert not default.exists(), "the article went into the default project"
    assert article_count(mine) == 1 and "1 article(s)" in listed.stdout


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(90)
"""


@pytest.mark.slow
def test_restore_of_a_locked_project_says_so_instead_of_freezing(tmp_path, project):
    """Found by this audit: restore waited for as long as another program held the lock,
    without a word (sqlite3's backup() retries SQLITE_BUSY forever; fixed in 69c4218)."""
    saved = tmp_path / "saved.db"
    with Store.open(saved) as store:
        generate_corpus(store, 2, 2, seed=7)
    Store.open(saved).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(project)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        try:
            result = run("restore", "--db", str(project), str(saved), timeout=40)
        except subprocess.TimeoutExpired:
            pytest.fail("restore froze on a locked project (no answer within 40 s)")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2
    assert "locked by another program" in result.stderr and str(project) in result.stderr
    assert article_count(project) == 5


SURROGATE_INPUTS = {
    "doccano": '{"text": "Kata dia \\ud800 hari ini.", "label": [[0, 4, "Quote"]]}\n',
    "labelstudio": '[{"data": {"text": "Kata \\ud800 dia."}, "annotations": []}]\n',
}


@pytest.mark.parametrize("format_name", sorted(SURROGATE_INPUTS))
def test_import_as_refuses_an_unpaired_surrogate_cleanly(tmp_path, format_name):
    path = tmp_path / f"tasks.{'jsonl' if format_name == 'doccano' else 'json'}"
    path.write_text(SURROGATE_INPUTS[format_name], encoding="utf-8")
    db = tmp_path / "project.db"
    result = run("import-as", format_name, "--db", str(db), str(path))
    assert article_count(db) == 0
    assert "unexpected error" not in result.stderr, result.stderr
    assert result.returncode == 1
    refusals = [line for line in result.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refusals) == 1 and str(path) in refusals[0], result.stderr
