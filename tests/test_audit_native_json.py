"""Audit: `annotator import` of a native JSON export with a wrongly typed field.

tests/test_robust_hostile.py fuzzes these documents through ``import_document`` and accepts
any ``StoreError``; it does not look at what the user reads.  A field of the wrong JSON type
(an object or a list where a string goes) reaches SQLite as a parameter it cannot bind: the
error is a ``ProjectError`` (the class meant for a full disk or a locked project), so the CLI
stops the whole import, names the project instead of the input file and prints SQLite's words.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.export_json import export_project
from annotator.core.reading import SourceArticle
from annotator.core.store import Store

ENV = {**os.environ, "PYTHONUTF8": "1"}
QUOTE = "“Harga beras naik 12 persen,” kata Bupati Siti Lestari. Dia menambahkan sesuatu.\n"


def export_document() -> dict:
    with Store.memory() as store:
        report = store.import_sources([SourceArticle(text=QUOTE, source="a")], label="audit")
        store.add_quote(report.imported[0], 1, 29, speaker_id=None, annotator="ana")
        return export_project(store, exported_at="2026-01-01T00:00:00.000Z")


def import_with_a_good_file(tmp_path: Path, document: dict) -> tuple[Path, str, str, int, int]:
    bad = tmp_path / "team.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Kata dia hari ini, sekali lagi, di balai desa.\n", encoding="utf-8")
    db = tmp_path / "project.db"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", "--db", str(db), str(bad), str(good)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    conn = sqlite3.connect(db)
    try:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
    return bad, result.stdout, result.stderr, result.returncode, stored


def test_the_untouched_export_imports_beside_a_text_file(tmp_path):
    _, out, err, code, stored = import_with_a_good_file(tmp_path, export_document())
    assert code == 0 and stored == 2, (out, err)


def _set(document: dict, field: str, value: object) -> dict:
    document["articles"][0]["metadata"][field] = value
    return document


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("title", {"a": 1}, '"metadata.title" must be a string or null, got an object'),
        ("outlet", ["x"], '"metadata.outlet" must be a string or null, got a list'),
        ("place", [1, 2], '"metadata.place" must be a string or null, got a list'),
        (
            "published",
            "30/02/2024",
            "\"metadata.published\" must be an ISO date (YYYY-MM-DD), got '30/02/2024'",
        ),
    ],
    ids=["title-object", "outlet-list", "place-list", "published-not-a-date"],
)
def test_a_wrongly_typed_field_refuses_that_file_only(tmp_path, field, value, problem):
    bad, out, err, code, stored = import_with_a_good_file(
        tmp_path, _set(export_document(), field, value)
    )
    assert "database error" not in err, err
    refusals = [line for line in err.splitlines() if line.startswith("refused: ")]
    assert code == 1 and refusals == [f"refused: {bad}: article 1: {problem}"], err
    assert stored == 1 and "imported 1," in out, "the good file was not imported"
