"""The `published` of a plain JSONL input: read as the article's language writes dates, and
never dropped silently when it names no day."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli

INDONESIAN = (
    "Warga Desa Gelar Musyawarah\n\nCIREBON - Pemerintah desa menggelar musyawarah anggaran, "
    "Selasa (3/1/2023). Warga hadir di balai desa untuk membahas dana desa, kata dia."
)
ENGLISH = (
    "Council Votes on Budget\n\nMILLBROOK - The council voted on the budget on Tuesday, the "
    "mayor said in a statement to residents of the town."
)


def _import(tmp_path: Path, text: str, published: str) -> tuple[object, dict]:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": text, "published": published}) + "\n", "utf-8")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), "--no-suggestions",
                                      str(source)], catch_exceptions=False)
    conn = sqlite3.connect(db)
    try:
        stored, extra = conn.execute("SELECT published, extra FROM articles").fetchone()
    finally:
        conn.close()
    return result, {"published": stored, "extra": json.loads(extra), "source": source}


@pytest.mark.parametrize(
    ("text", "published", "stored"),
    [
        (INDONESIAN, "03/02/2024", "2024-02-03"),
        (ENGLISH, "03/02/2024", "2024-03-02"),
        (INDONESIAN, "Selasa (3/1/2023)", "2023-01-03"),
        (INDONESIAN, "2024-02-29", "2024-02-29"),
        (INDONESIAN, "3 Februari 2024", "2024-02-03"),
    ],
)
def test_a_given_date_is_read_as_the_articles_language_writes_dates(
    tmp_path, text, published, stored
) -> None:
    result, row = _import(tmp_path, text, published)
    assert result.exit_code == 0 and result.stderr == "", result.output
    assert row["published"] == stored and row["extra"] == {}


@pytest.mark.parametrize(
    ("published", "why"),
    [
        ("kemarin", "not a date"),
        ("2024-02-30", "not a day on the calendar (February 2024 has 29 days)"),
    ],
)
def test_a_date_that_names_no_day_is_kept_with_one_warning(tmp_path, published, why) -> None:
    result, row = _import(tmp_path, INDONESIAN, published)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {row['source']}:1: published {published!r} is {why}; stored the date found "
        "in the text (2023-01-03), the value kept in extra.published_as_written"
    ]
    assert row["published"] == "2023-01-03"
    assert row["extra"] == {"published_as_written": published}
