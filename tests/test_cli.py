"""The command line end to end, in subprocesses, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from annotator.core.store import Store
from annotator.paths import resource, samples_dir

SAMPLES = samples_dir()
SEEDLIKE = (
    "WARGA DESA GELAR MUSYAWARAH ANGGARAN\n\n"
    "KABARDAERAH.CO.ID-CIREBON JAWA BARAT: Pemerintah Desa Sukamaju menggelar musyawarah "
    "anggaran, Selasa (3/1/2023).Musyawarah dihadiri Kepala Dinas Moh. Ridwan Hakim.\n\n"
    "“Anggaran desa tahun ini naik 12 persen,” katanya.Dirinya juga meminta warga ikut "
    "mengawasi.\n\nLEAVE A REPLY\n\nPlease enter your comment!\n"
)


def run(
    *args: str, cwd: Path | None = None, check_clean: bool = True
) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
    )
    if check_clean:
        assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


def test_new_user_flow_import_list_export_validates(db, tmp_path):
    imported = run("import", "--db", str(db), str(SAMPLES))
    assert imported.returncode == 0, imported.stderr
    count = len(list(SAMPLES.rglob("*.txt")))
    assert f"imported {count}," in imported.stdout

    listing = run("articles", "--db", str(db))
    assert listing.returncode == 0 and f"{count} article(s)" in listing.stdout

    out = tmp_path / "export.json"
    exported = run("export", "--db", str(db), "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads(resource("schema", "export-v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert len(document["articles"]) == count
    assert any(a["quotes"] for a in document["articles"]), "suggestions were stored on import"

    again = run("import", "--db", str(db), str(SAMPLES))
    assert again.returncode == 0 and f"skipped {count} duplicate(s)" in again.stdout


def test_export_of_chosen_articles_and_json_listing(db):
    run("import", "--db", str(db), str(SAMPLES / "id"))
    listing = json.loads(run("articles", "--db", str(db), "--json").stdout)
    first = listing[0]["id"]
    document = json.loads(run("export", "--db", str(db), "--article", str(first)).stdout)
    assert len(document["articles"]) == 1
    missing = run("export", "--db", str(db), "--article", "9999")
    assert missing.returncode == 2 and "9999" in missing.stderr


def test_analyze_prints_the_documented_shape(tmp_path):
    article = tmp_path / "desa.txt"
    article.write_text(SEEDLIKE, encoding="utf-8")
    result = run("analyze", str(article))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == {"text", "metadata", "excluded", "sentences", "suggestions"}
    assert document["text"] == SEEDLIKE
    assert document["metadata"]["date"] == "2023-01-03"
    text = document["text"]
    sentences = [text[s["start"] : s["end"]] for s in document["sentences"]]
    assert "Musyawarah dihadiri Kepala Dinas Moh. Ridwan Hakim." in sentences
    assert "“Anggaran desa tahun ini naik 12 persen,” katanya." in sentences
    assert any(text[e["start"] : e["end"]] == "LEAVE A REPLY" for e in document["excluded"])
    quotes = [s for s in document["suggestions"] if s["kind"] == "quote"]
    assert any(
        text[q["start"] : q["end"]] == "Anggaran desa tahun ini naik 12 persen," for q in quotes
    )


def test_analyze_touches_no_database(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(SEEDLIKE, encoding="utf-8")
    env_db = Path(os.environ["ANNOTATOR_DB"])
    run("analyze", str(article))
    assert not env_db.exists()


def refused(db: Path, path: Path, needle: str) -> None:
    result = run("import", "--db", str(db), str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert str(path) in result.stderr and needle in result.stderr
    assert "refused 1" in result.stdout


def test_bad_inputs_are_refused_one_line_each(db, tmp_path):
    refused(db, tmp_path / "missing.txt", "no such file")
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    refused(db, empty_folder, "no article")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    refused(db, empty, "empty")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    refused(db, binary, "binary")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 di Bandung.".encode("latin-1"))
    refused(db, latin, "UTF-8")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    refused(db, huge, "MB")
    with Store.open(db) as store:
        assert store.count_articles() == 0


def test_fallback_encoding_imports_with_a_warning(db, tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 di Bandung ramai dikunjungi warga.".encode("cp1252"))
    result = run("import", "--db", str(db), "--encoding", "cp1252", str(latin))
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr
    with Store.open(db) as store:
        assert "Café" in store.get_article(store.article_ids()[0]).text


def test_refused_file_leaves_nothing_and_others_still_import(db, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SEEDLIKE, encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Artikel pertama yang baik."}\n{"text": \n', encoding="utf-8")
    result = run("import", "--db", str(db), str(good), str(bad))
    assert result.returncode == 1
    assert f"{bad}" in result.stderr and "line 2" in result.stderr
    with Store.open(db) as store:
        texts = [store.get_article(i).text for i in store.article_ids()]
    assert texts == [SEEDLIKE]


def test_json_export_with_bad_offsets_or_text_is_refused(db, tmp_path):
    run("import", "--db", str(db), str(SAMPLES / "en"))
    document = json.loads(run("export", "--db", str(db)).stdout)
    article = next(a for a in document["articles"] if a["quotes"])
    article["quotes"][0]["end"] = len(article["text"]) + 50
    out_of_range = tmp_path / "range.json"
    out_of_range.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other.db"
    refused(other, out_of_range, "out of range")
    article["quotes"][0]["end"] = article["quotes"][0]["start"] + 3
    mismatch = tmp_path / "mismatch.json"
    mismatch.write_text(json.dumps(document), encoding="utf-8")
    refused(other, mismatch, "does not match")
    malformed = tmp_path / "broken.json"
    malformed.write_text('{"format": "annotator-export", ', encoding="utf-8")
    refused(other, malformed, "not valid JSON")
    with Store.open(other) as store:
        assert store.count_articles() == 0


def test_database_that_is_not_sqlite(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("these are my notes, not a project")
    result = run("articles", "--db", str(notes))
    assert result.returncode == 2
    expected = "not an annotator project (a text file, not an SQLite database)"
    assert result.stderr.strip() == f"annotator: {notes}: {expected}"


def test_read_only_database_is_refused_clearly(db, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(SEEDLIKE, encoding="utf-8")
    Store.open(db).close()
    if os.geteuid() == 0:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(db)]).returncode:
            pytest.skip("cannot make a file read-only for root here")
    else:
        db.chmod(0o444)
    try:
        result = run("import", "--db", str(db), str(article))
        assert result.returncode != 0
        assert "read-only" in result.stderr and str(db) in result.stderr
        listing = run("articles", "--db", str(db))
        assert listing.returncode == 0 and "0 article(s)" in listing.stdout
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(db)])


def test_project_shortcut_argument_and_help():
    result = run("--help")
    assert result.returncode == 0 and "import" in result.stdout and "analyze" in result.stdout


def test_native_jsonl_export_imports_with_its_annotations(db, tmp_path):
    run("import", "--db", str(db), str(SAMPLES / "id"))
    out = tmp_path / "articles.jsonl"
    exported = run("export-as", "jsonl", "--db", str(db), "--all-statuses", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    other = tmp_path / "other.db"
    result = run("import", "--db", str(other), str(out))
    assert result.returncode == 0, result.stderr
    with Store.open(db) as first, Store.open(other) as second:
        assert second.count_articles() == first.count_articles()
        article = second.article_ids()[0]
        assert second.annotations(article), "annotations travelled with the articles"
    proposals = run("speakers", "--db", str(other), "--proposals")
    assert proposals.returncode == 0


def test_evaluation_commands_report_figures():
    segmentation = run("evaluate", "segmentation")
    assert segmentation.returncode == 0 and "F1" in segmentation.stdout
    suggestions = run("evaluate", "suggestions")
    assert suggestions.returncode == 0 and "direct" in suggestions.stdout
    assert "speakers" in suggestions.stdout
    speed = run("evaluate", "speed", "--repeats", "1")
    assert speed.returncode == 0 and "articles/s" in speed.stdout


def test_a_project_in_a_folder_that_does_not_exist_is_refused(tmp_path):
    """A typo in a path must not leave a new folder and project behind."""
    article = tmp_path / "a.txt"
    article.write_text(SEEDLIKE, encoding="utf-8")
    missing = tmp_path / "no-such-folder" / "p.db"
    result = run("import", "--db", str(missing), str(article))
    assert result.returncode == 2
    expected = f"annotator: {missing}: the folder {missing.parent} does not exist"
    assert result.stderr.strip() == expected
    assert not missing.parent.exists()
