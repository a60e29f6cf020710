"""One check for the native article shape, seen from the command line.

`annotator import FILE.json` (a JSON export) and `annotator import-as jsonl FILE.jsonl` read
the same article objects; both run `native_check.check_native_article`, so the same bad
article gets the same one-line refusal, only the place differs (`article N` in a JSON
export, `line N` in a JSONL file). A `published` date must be a day on the calendar
(2024-02-29 is, 2023-02-29 and 2024-13-45 are not); a date-time is stored as its date. A
refused file leaves the project exactly as it was, even when its first article was good.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.native_check import FormatError, iso_date

TEXT = "“Harga beras naik 12 persen,” kata Bupati Siti Lestari. Dia menambahkan sesuatu."
GOOD_TEXT = "Warga senang sekali hari ini, kata Rina Wijaya di balai desa."
SEED_TEXT = "Artikel yang sudah ada di proyek sebelum impor."


def native_article(text: str = TEXT, **metadata: Any) -> dict[str, Any]:
    """A valid native article object (as in the JSON export) with one quote and one claim."""
    return {
        "text": text,
        "metadata": {"title": "Harga beras", "outlet": "contoh.id", **metadata},
        "sentences": [{"start": 0, "end": len(text)}],
        "excluded": [],
        "quotes": [
            {
                "id": "q1",
                "start": 1,
                "end": 28,
                "text": text[1:28],
                "quote_type": "direct",
                "speaker": "Siti Lestari",
                "status": "accepted",
                "annotator": "ana",
            }
        ],
        "claims": [
            {
                "id": "c1",
                "start": 1,
                "end": 27,
                "text": text[1:27],
                "category": "quantity",
                "quote": "q1",
                "status": "accepted",
                "annotator": "ana",
            }
        ],
    }


def export_document(articles: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "annotator-export", "format_version": 1, "articles": articles}


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def seeded_project(tmp_path: Path) -> Path:
    """A project already holding one article (with its annotations)."""
    db = tmp_path / "project.db"
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(export_document([native_article(SEED_TEXT)])))
    assert run("import", "--db", str(db), str(seed)).exit_code == 0
    return db


def snapshot(db: Path) -> tuple:
    """Everything a refused import could have written."""
    conn = sqlite3.connect(db)
    try:
        return tuple(
            tuple(conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())
            for table in ("articles", "sentences", "annotations", "speakers", "categories")
        )
    finally:
        conn.close()


def published_of(db: Path, text: str) -> str | None:
    conn = sqlite3.connect(db)
    try:
        (value,) = conn.execute("SELECT published FROM articles WHERE text = ?", [text]).fetchone()
    finally:
        conn.close()
    return value


def write_both(tmp_path: Path, articles: list[dict[str, Any]]) -> tuple[Path, Path]:
    """The same articles as a JSON export and as a native JSONL file."""
    as_json, as_jsonl = tmp_path / "team.json", tmp_path / "team.jsonl"
    as_json.write_text(json.dumps(export_document(copy.deepcopy(articles))), encoding="utf-8")
    as_jsonl.write_text(
        "".join(json.dumps(a) + "\n" for a in copy.deepcopy(articles)), encoding="utf-8"
    )
    return as_json, as_jsonl


def refusal(db: Path, *args: str) -> str:
    """Run an import that must be refused: exit status 1, exactly one `refused:` line (and
    no other line on stderr), the project unchanged. Returns the refusal line."""
    before = snapshot(db)
    result = run(*args[:1], "--db", str(db), *args[1:])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("refused: "), result.stderr
    assert "imported 0" in result.stdout
    assert snapshot(db) == before, "a refused file changed the project"
    return lines[0]


def set_published(value: Any) -> Callable[[dict], None]:
    def change(article: dict) -> None:
        article["metadata"]["published"] = value

    return change


def set_quote(**fields: Any) -> Callable[[dict], None]:
    def change(article: dict) -> None:
        article["quotes"][0].update(fields)

    return change


# name: (change to the second article, what follows "article 2" / "line 2" in the refusal)
BAD_ARTICLES: dict[str, tuple[Callable[[dict], None], str]] = {
    "published-word": (
        set_published("kemarin"),
        ": \"metadata.published\" must be an ISO date (YYYY-MM-DD), got 'kemarin'",
    ),
    "published-number": (
        set_published(20240305),
        ': "metadata.published" must be an ISO date (YYYY-MM-DD), got 20240305',
    ),
    "text-empty": (
        lambda article: article.update(text=""),
        ': "text" must be a non-empty string',
    ),
    "title-object": (
        lambda article: article["metadata"].update(title={"a": 1}),
        ': "metadata.title" must be a string or null, got an object',
    ),
    "hash-wrong": (
        lambda article: article.update(text_hash="0" * 64),
        ': "text_hash" is not the SHA-256 of its text',
    ),
    "quote-text-mismatch": (
        set_quote(text="something else"),
        " quote 1: \"text\" 'something else' does not match the article text at 1-28 "
        "('Harga beras naik 12 persen,')",
    ),
    "quote-out-of-range": (
        set_quote(end=10_000),
        f" quote 1: offsets 1-10000 out of range (text of {len(TEXT)} chars)",
    ),
    "quote-status": (
        set_quote(status="maybe"),
        " quote 1: \"status\" must be one of suggested, accepted, rejected, got 'maybe'",
    ),
    "quote-end-true": (
        set_quote(end=True),
        ' quote 1: "end" must be a whole number, got true/false',
    ),
    "claim-unknown-quote": (
        lambda article: article["claims"][0].update(quote="q9"),
        " claim 1: \"quote\" names no quote of the article: 'q9'",
    ),
    "quotes-not-a-list": (
        lambda article: article.update(quotes="q1"),
        ': "quotes" must be a list, got a string',
    ),
    "sentences-overlap": (
        lambda article: article.update(
            sentences=[{"start": 0, "end": 30}, {"start": 20, "end": len(TEXT)}]
        ),
        ": sentences overlap at offset 20",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ARTICLES))
def test_the_same_bad_article_is_refused_in_the_same_words_by_both_importers(tmp_path, case):
    change, expected = BAD_ARTICLES[case]
    bad = native_article()
    change(bad)
    as_json, as_jsonl = write_both(tmp_path, [native_article(GOOD_TEXT), bad])
    db = seeded_project(tmp_path)
    from_import = refusal(db, "import", str(as_json))
    from_import_as = refusal(db, "import-as", "jsonl", str(as_jsonl))
    assert from_import == f"refused: {as_json}: article 2{expected}"
    assert from_import_as == f"refused: {as_jsonl}: line 2{expected}"
    # `annotator import` of the JSONL file (recognised as native) says the same
    assert refusal(db, "import", str(as_jsonl)) == from_import_as


# a day not on the calendar: what the warning says after the value
NOT_ON_CALENDAR = {
    "2024-13-45": "there is no month 13",
    "2023-02-29": "February 2023 has 28 days",
    "2024-02-30": "February 2024 has 29 days",
    "2023-02-29T10:00:00Z": "February 2023 has 28 days",
}


def extra_of(db: Path, text: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    try:
        (value,) = conn.execute("SELECT extra FROM articles WHERE text = ?", [text]).fetchone()
    finally:
        conn.close()
    return json.loads(value)


@pytest.mark.parametrize("given", sorted(NOT_ON_CALENDAR))
def test_a_day_not_on_the_calendar_is_imported_without_it_by_both_importers(tmp_path, given):
    """An export of a project where an earlier version stored 2024-02-30 must import: the
    article comes in without the date, the value is kept in extra, one warning names it."""
    as_json, as_jsonl = write_both(
        tmp_path, [native_article(GOOD_TEXT), native_article(published=given)]
    )
    note = (
        f": \"metadata.published\" '{given}' is not a day on the calendar "
        f"({NOT_ON_CALENDAR[given]}): imported without a date, the value kept in "
        "metadata.extra.published_as_written"
    )
    for name, args, where in (
        ("json", ["import", str(as_json)], f"{as_json}: article 2"),
        ("import-as", ["import-as", "jsonl", str(as_jsonl)], f"{as_jsonl}: line 2"),
        ("jsonl", ["import", str(as_jsonl)], f"{as_jsonl}: line 2"),
    ):
        db = tmp_path / f"{name}.db"
        result = run(args[0], "--db", str(db), *args[1:])
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == [f"warning: {where}{note}"], name
        assert published_of(db, TEXT) is None
        assert extra_of(db, TEXT) == {"published_as_written": given}
        assert published_of(db, GOOD_TEXT) == native_article(GOOD_TEXT)["metadata"].get("published")


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2024-02-29", "2024-02-29"),
        ("2000-02-29", "2000-02-29"),
        (" 2024-12-31 ", "2024-12-31"),
        ("2024-03-05T23:30:00+07:00", "2024-03-05"),
        ("2024-02-29T10:00:00Z", "2024-02-29"),
        ("2024-03-05 08:15", "2024-03-05"),
        ("", None),
        (None, None),
    ],
)
@pytest.mark.parametrize("command", ["import", "import-as"])
def test_a_real_date_or_date_time_is_stored_as_its_date(tmp_path, command, given, stored):
    as_json, as_jsonl = write_both(tmp_path, [native_article(published=given)])
    db = tmp_path / "project.db"
    args = (
        ["import", str(as_json)] if command == "import" else ["import-as", "jsonl", str(as_jsonl)]
    )
    result = run(args[0], "--db", str(db), *args[1:])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert published_of(db, TEXT) == stored


def test_a_date_time_is_stored_as_its_date_by_both_importers_alike(tmp_path):
    """Imported twice (once per importer, into two projects), the article is stored alike."""
    as_json, as_jsonl = write_both(
        tmp_path, [native_article(published="2024-02-29T18:00:00-05:00")]
    )
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    assert run("import", "--db", str(first), str(as_json)).exit_code == 0
    assert run("import-as", "jsonl", "--db", str(second), str(as_jsonl)).exit_code == 0
    assert published_of(first, TEXT) == published_of(second, TEXT) == "2024-02-29"


def test_an_impossible_date_in_a_plain_jsonl_file_is_kept_with_a_warning(tmp_path):
    """Plain JSONL (`text`, `published`...): a YYYY-MM-DD that is not on the calendar neither
    refuses the file nor vanishes: the date found in the text is stored, the value is kept in
    extra, and one warning names the line and the value."""
    path = tmp_path / "plain.jsonl"
    path.write_text(
        json.dumps({"text": GOOD_TEXT, "published": "2024-02-29"})
        + "\n"
        + json.dumps({"text": TEXT, "published": "2023-02-29"})
        + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "project.db"
    result = run("import", "--db", str(db), "--no-suggestions", str(path))
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"warning: {path}:2: published '2023-02-29' is not a day on the "
                           "calendar (February 2023 has 28 days); stored ")
    assert line.endswith("the value kept in extra.published_as_written")
    assert published_of(db, GOOD_TEXT) == "2024-02-29"
    assert extra_of(db, TEXT) == {"published_as_written": "2023-02-29"}


def test_a_real_date_in_a_plain_jsonl_file_is_stored(tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps({"text": TEXT, "published": "2024-02-29"}) + "\n", "utf-8")
    db = tmp_path / "project.db"
    result = run("import", "--db", str(db), "--no-suggestions", str(path))
    assert result.exit_code == 0, result.output
    assert published_of(db, TEXT) == "2024-02-29"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1900-02-29", "February 1900 has 28 days"),
        ("2024-04-31", "April 2024 has 30 days"),
        ("2024-00-10", "there is no month 0"),
        ("2024-01-00", "there is no day 0"),
        ("0000-01-01", "there is no year 0"),
    ],
)
def test_every_kind_of_impossible_day_is_named(value, problem):
    with pytest.raises(FormatError) as caught:
        iso_date(value, "f.jsonl line 4", "meta.published")
    assert str(caught.value) == (
        f'f.jsonl line 4: "meta.published" must be a date on the calendar, '
        f"got {value!r} ({problem})"
    )


def test_a_project_holding_an_impossible_day_round_trips_and_check_names_it(tmp_path):
    """An earlier version stored 2024-02-30 as typed: `check` points at it (without failing),
    and the project's export imports into a new project, the value kept in extra."""
    db = tmp_path / "old.db"
    as_json, _ = write_both(tmp_path, [native_article(published="2024-03-01")])
    assert run("import", "--db", str(db), str(as_json)).exit_code == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE articles SET published = '2024-02-30'")
    conn.close()
    checked = run("check", "--db", str(db))
    assert checked.exit_code == 0, checked.output
    assert checked.stderr.splitlines() == [
        "note: article 1: published 2024-02-30 is not a day on the calendar (February 2024 has "
        "29 days); correct it in the app's article header"
    ]
    exported = tmp_path / "export.json"
    assert run("export", "--db", str(db), "-o", str(exported)).exit_code == 0
    new = tmp_path / "new.db"
    result = run("import", "--db", str(new), str(exported))
    assert result.exit_code == 0, result.output
    assert "is not a day on the calendar" in result.stderr
    assert published_of(new, TEXT) is None
    assert extra_of(new, TEXT) == {"published_as_written": "2024-02-30"}


def test_checking_an_article_twice_changes_nothing_the_first_check_did_not():
    """Importers check each article, then the native importer checks it again: the second
    check must neither change the article nor note the same date twice."""
    from annotator.core.native_check import check_native_article

    article = native_article(published="2024-02-30")
    article["quotes"][0]["speaker"] = "  "
    article["sentences"] = None
    notes: list[str] = []
    check_native_article(article, "first", notes)
    once = copy.deepcopy(article)
    check_native_article(article, "second", notes)
    assert article == once
    assert len(notes) == 1 and notes[0].startswith("first: ")
    assert once["metadata"]["published"] is None and once["quotes"][0]["speaker"] is None
