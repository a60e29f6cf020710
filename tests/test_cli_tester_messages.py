"""A new user's reading of the command line's messages (tester report): JSON syntax errors
placed where Python's parser places them and worded alike by every importer, warnings that
name their input, notes instead of silence or empty sections when nothing is accepted yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

GOOD = {"text": "Polisi menangkap dua pelaku, kata Kapolsek Cicendo Kompol Dadang.", "title": "A"}
BROKEN = '{"text": "Menteri Keuangan mengatakan defisit naik.", "title": "B", "published": "x"'


def _broken_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "mix.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + BROKEN + "\n" + json.dumps(GOOD) + "\n", "utf-8")
    return path


def _column_of(line: str) -> int:
    with pytest.raises(json.JSONDecodeError) as error:
        json.loads(line)
    return error.value.colno


@pytest.mark.parametrize("command", [("import",), ("import-as", "jsonl"), ("import-as", "doccano")])
def test_a_jsonl_syntax_error_is_placed_on_its_line_and_worded_alike(tmp_path, command):
    path = _broken_jsonl(tmp_path)
    result = run(*command, "--db", str(tmp_path / "p.db"), str(path))
    assert result.returncode == 1, result.stderr
    column = _column_of(BROKEN)
    assert column == len(BROKEN) + 1  # the missing "}" is at the end of line 2
    expected = f"{path} line 2: not valid JSON (Expecting ',' delimiter at column {column})"
    assert expected in result.stderr, result.stderr
    assert "malformed" not in result.stderr


def test_a_json_document_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "annotator-export",\n  "articles": [}\n', encoding="utf-8")
    result = run("import", "--db", str(tmp_path / "p.db"), str(path))
    assert result.returncode == 1
    assert f"{path}: not valid JSON (Expecting value at line 2, column 16)" in result.stderr


def test_every_import_warning_names_its_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    latin = folder / "latin.txt"
    latin.write_bytes("Caf\u00e9 Bandung dibuka, kata pemiliknya.\n".encode("cp1252"))
    mojibake = folder / "mojibake.txt"
    mojibake.write_text("Dia berkata \u00e2\u20ac\u0153baik\u00e2\u20ac\u009d.\n", "utf-8")
    records = folder / "records.jsonl"
    records.write_text(
        json.dumps({"text": "Harga naik \u00e2\u20ac\u2122 kata dia."}) + "\n", "utf-8"
    )
    result = run("import", "--db", str(tmp_path / "p.db"), "--encoding", "cp1252", str(folder))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert f"warning: {latin}: not valid UTF-8 (byte 0xE9 at offset 3); read as cp1252" in warnings
    assert any(w.startswith(f"warning: {mojibake}: looks double-encoded") for w in warnings)
    assert any(w.startswith(f"warning: {records}:1: looks double-encoded") for w in warnings)
    assert len(warnings) == 3, warnings
    analysed = run("analyze", "--encoding", "cp1252", "--no-suggestions", str(latin))
    assert f"warning: {latin}: not valid UTF-8" in analysed.stderr


ARTICLES = (
    "Pemerintah Desa Sukamaju menggelar musyawarah anggaran, Selasa (3/1/2023).\n\n"
    "“Anggaran desa tahun ini naik 12 persen,” kata Kepala Desa Ahmad Sudrajat.\n\n"
    "Ia juga meminta warga ikut mengawasi penggunaan dana desa.\n",
    "Harga cabai rawit di Pasar Kosambi naik menjadi Rp 80.000 per kilogram.\n\n"
    "“Pasokan dari petani berkurang karena hujan,” ujar pedagang Siti Aminah.\n\n"
    "Dinas Perdagangan menyatakan akan menggelar operasi pasar pekan depan.\n",
)


def _project_with_suggestions(tmp_path: Path) -> tuple[Path, list[int]]:
    """A project of two articles holding suggested quotes and claims, none accepted; returns
    its path and the pending suggestions of each article."""
    from annotator.core.store import Store

    db = tmp_path / "p.db"
    for number, text in enumerate(ARTICLES):
        (tmp_path / f"a{number}.txt").write_text(text, encoding="utf-8")
    result = run("import", "--db", str(db), str(tmp_path / "a0.txt"), str(tmp_path / "a1.txt"))
    assert result.returncode == 0, result.stderr
    with Store.open(db) as store:
        pending = [s.suggestion_count for s in store.article_summaries(store.article_ids())]
        quotes = store.stats()["annotations"].get("quote:suggested", 0)
    assert all(pending) and quotes
    return db, pending


def test_speakers_says_why_the_registry_is_empty(tmp_path):
    from annotator.core.store import Store

    db, _ = _project_with_suggestions(tmp_path)
    with Store.open(db) as store:
        quotes = store.stats()["annotations"]["quote:suggested"]
    result = run("speakers", "--db", str(db))
    assert result.returncode == 0
    assert result.stdout == ""  # the listing stays empty, for scripts
    note = f"no speakers yet: {quotes} suggested quote{'s are' if quotes > 1 else ' is'} waiting"
    assert result.stderr.startswith(note) and "annotator gui" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    empty = run("speakers", "--db", str(tmp_path / "empty.db"))
    assert empty.returncode == 0 and empty.stderr.startswith("no speakers yet: ")


def test_stats_says_its_sections_count_accepted_annotations_only(tmp_path):
    from annotator.core.store import Store

    db, _ = _project_with_suggestions(tmp_path)
    with Store.open(db) as store:
        counts = store.stats()["annotations"]
    lines = run("stats", "--db", str(db)).stdout.splitlines()
    quotes, claims = counts["quote:suggested"], counts["claim:suggested"]
    assert f"quotes by speaker (accepted only; {quotes} suggestions pending):" in lines
    assert f"claims by category (accepted only; {claims} suggestions pending):" in lines
    assert "annotations:" in lines and "articles by outlet:" in lines  # the rest as it was
    assert f"  {quotes:>6}  quote:suggested" in lines


def test_suggest_on_chosen_articles_counts_their_pending_suggestions(tmp_path):
    db, pending = _project_with_suggestions(tmp_path)
    one = run("suggest", "--db", str(db), "--article", "2")
    assert one.returncode == 0, one.stderr
    assert one.stdout.strip() == (
        f"re-ran suggestions on 1 article(s); {pending[1]} pending in them "
        f"({sum(pending)} in the whole project)"
    )
    every = run("suggest", "--db", str(db))
    assert every.stdout.strip() == f"re-ran suggestions on 2 article(s); {sum(pending)} pending"


def test_reimporting_an_export_summarises_its_duplicates_in_one_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(5):
        (folder / f"{number}.txt").write_text(f"Berita nomor {number} hari ini.\n", "utf-8")
    db = tmp_path / "p.db"
    assert run("import", "--db", str(db), "--no-suggestions", str(folder)).returncode == 0
    export = tmp_path / "project.json"
    assert run("export", "--db", str(db), "-o", str(export)).returncode == 0
    again = run("import", "--db", str(db), str(export))
    assert again.returncode == 0, again.stderr
    skipped = [line for line in again.stdout.splitlines() if line.startswith("skipped")]
    assert skipped == [
        f"skipped 5 (already in the project): {export} article 1, {export} article 2, "
        f"{export} article 3 and 2 more"
    ]
    assert "skipped 5 duplicate(s)" in again.stdout
    one = run("import", "--db", str(db), str(folder / "0.txt"))
    assert f"skipped (already in the project): {folder / '0.txt'}\n" in one.stdout


@pytest.mark.parametrize(("format_name", "target"), [("csv", "tables"), ("w3c", "out.jsonld")])
def test_an_export_of_nothing_accepted_says_so(tmp_path, format_name, target):
    db, _ = _project_with_suggestions(tmp_path)
    output = tmp_path / target
    result = run("export-as", format_name, "--db", str(db), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert output.exists()
    note = (
        "0 accepted annotations exported (suggestions are left out; add --all-statuses to "
        "include them)"
    )
    assert note in result.stderr.splitlines(), result.stderr
    everything = run("export-as", format_name, "--db", str(db), "-o", str(output), "--all-statuses")
    assert everything.returncode == 0 and "exported" not in everything.stderr
