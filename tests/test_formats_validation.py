"""What the format importers (doccano, Label Studio, JSON Lines) refuse, and how: a field of the
wrong type, a value the project cannot store (a `published` that is not an ISO date or not a
day on the calendar, an unknown `origin`...) or text holding an unpaired surrogate is refused
before anything is written, with one FormatError line naming the file, the line or task and the
field (never SQLite's words, a TypeError or a UnicodeEncodeError); `annotator import-as` prints
it once, after `refused: `.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_audit_fuzz_formats import BASE, TEXTS, _fill, _snapshot, mutated

from annotator.cli import cli
from annotator.cli_team import _refusal
from annotator.core.formats import FormatError, importers
from annotator.core.store import Store, StoreError

TEXT = "Kata dia hari ini."
SUFFIX = {"doccano": "jsonl", "labelstudio": "json", "jsonl": "jsonl"}


def _doccano(**fields) -> str:
    return json.dumps({"text": TEXT, "label": [[0, 4, "Quote"]], **fields}) + "\n"


def _task(data=None, annotations=None, **task) -> str:
    return json.dumps(
        [{"data": {"text": TEXT, **(data or {})}, "annotations": annotations or [], **task}]
    )


def _region(**value) -> dict:
    return {
        "id": "q1",
        "type": "labels",
        "value": {"start": 0, "end": 4, "text": "Kata", "labels": ["Quote"], **value},
    }


def _native(quote=None, **article) -> str:
    """The JSONL export's first article, its first quote and top-level fields changed."""
    record = copy.deepcopy(BASE["jsonl"][0])
    record["quotes"][0].update(quote or {})
    for key, value in article.items():
        if key.startswith("metadata_"):
            record["metadata"][key.removeprefix("metadata_")] = value
        else:
            record[key] = value
    return json.dumps(record) + "\n"  # ASCII escapes: surrogates survive the writing


def _refused(tmp_path: Path, name: str, content: str) -> str:
    """Import `content` as `name` into a project holding one article; the refusal's message
    (one line naming the file), the project left exactly as it was."""
    path = tmp_path / f"input.{SUFFIX[name]}"
    path.write_text(content, encoding="utf-8")
    with Store.memory() as store:
        _fill(store, TEXTS[:1])
        before = _snapshot(store)
        with pytest.raises(FormatError) as caught:
            importers()[name](store, path)
        assert _snapshot(store) == before
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path)), message
    for words in ("constraint", "database", "Error binding", "TypeError", "UnicodeEncodeError"):
        assert words not in message, message
    return message.removeprefix(str(path))


# --- wrongly typed fields: refused, never a TypeError or AttributeError -------------------------
WRONG_TYPES = {
    "doccano-speakers-number": (
        "doccano",
        _doccano(speakers=5),
        ' line 1: "speakers" must be a list of [start, end, name], got a number',
    ),
    "doccano-speaker-offset-list": (
        "doccano",
        _doccano(speakers=[[[0], 4, "Siti"]]),
        ' line 1: "speakers[0]" must be [start, end, name]',
    ),
    "doccano-speaker-name-number": (
        "doccano",
        _doccano(speakers=[[0, 4, 7]]),
        ' line 1: "speakers[0]" must be [start, end, name]',
    ),
    "doccano-cues-short": (
        "doccano",
        _doccano(cues=[[0, 4]]),
        ' line 1: "cues[0]" must be [quote start, quote end, cue start, cue end]',
    ),
    "doccano-label-number": (
        "doccano",
        _doccano(label=[[0, 4, 5]]),
        ' line 1: "label[0]" must be [start, end, label]',
    ),
    "doccano-entities-object": (
        "doccano",
        _doccano(entities={"label": "Quote"}),
        ' line 1: "entities" must be a list of objects, got an object',
    ),
    "doccano-meta-list": (
        "doccano",
        _doccano(meta=[1]),
        ' line 1: "meta" must be an object, got a list',
    ),
    "doccano-user-list": (
        "doccano",
        _doccano(user=["a"]),
        ' line 1: "user" must be a name (a string), got a list',
    ),
    "labelstudio-result-number": (
        "labelstudio",
        _task(annotations=[{"result": 5}]),
        ' task 1 annotation 1: "result" must be a list of objects, got a number',
    ),
    "labelstudio-value-string": (
        "labelstudio",
        _task(annotations=[{"result": [{"type": "labels", "value": "Quote"}]}]),
        ' task 1 annotation 1 result 1: "value" must be an object, got a string',
    ),
    "labelstudio-labels-number": (
        "labelstudio",
        _task(annotations=[{"result": [_region(labels=5)]}]),
        ' task 1 annotation 1 result 1: "value.labels" must be a list of strings, got a number',
    ),
    "labelstudio-textarea-number": (
        "labelstudio",
        _task(
            annotations=[
                {
                    "result": [
                        _region(),
                        {
                            "id": "q1",
                            "type": "textarea",
                            "from_name": "speaker",
                            "value": {"text": [7]},
                        },
                    ]
                }
            ]
        ),
        ' task 1 annotation 1 result 2: "value.text[0]" must be a string, got a number',
    ),
    "labelstudio-relation-labels-object": (
        "labelstudio",
        _task(annotations=[{"result": [{"type": "relation", "labels": {"a": 1}}]}]),
        ' task 1 annotation 1 result 1: "labels" must be a list of strings, got an object',
    ),
    "labelstudio-annotations-object": (
        "labelstudio",
        _task(annotations={"result": []}),
        ' task 1: "annotations" must be a list of objects, got an object',
    ),
    "labelstudio-annotation-string": (
        "labelstudio",
        _task(annotations=["x"]),
        " task 1 annotation 1: must be an object, got a string",
    ),
    "jsonl-annotator-list": (
        "jsonl",
        _native(quote={"annotator": ["ana"]}),
        ': line 1 quote 1: "annotator" must be a string or null, got a list',
    ),
    "jsonl-end-true": (
        "jsonl",
        _native(quote={"end": True}),
        ': line 1 quote 1: "end" must be a whole number, got true/false',
    ),
    "jsonl-metadata-string": (
        "jsonl",
        _native(metadata="x"),
        ': line 1: "metadata" must be an object, got a string',
    ),
    "jsonl-sentence-number": (
        "jsonl",
        _native(sentences=[3]),
        ': line 1: "sentences[0]" must be an object, got a number',
    ),
}


@pytest.mark.parametrize("case", sorted(WRONG_TYPES))
def test_a_wrongly_typed_field_is_refused_naming_it(tmp_path, case):
    name, content, expected = WRONG_TYPES[case]
    assert _refused(tmp_path, name, content) == expected


# --- values the project cannot store: refused in the format's words ------------------------------
INVALID_VALUES = {
    "doccano-published-word": (
        "doccano",
        _doccano(meta={"published": "yesterday"}),
        " line 1: \"meta.published\" must be an ISO date (YYYY-MM-DD), got 'yesterday'",
    ),
    "doccano-published-day-first": (
        "doccano",
        _doccano(meta={"published": "05/03/2024"}),
        " line 1: \"meta.published\" must be an ISO date (YYYY-MM-DD), got '05/03/2024'",
    ),
    "doccano-published-bad-time": (
        "doccano",
        _doccano(meta={"published": "2024-03-05 noon"}),
        " line 1: \"meta.published\" must be an ISO date (YYYY-MM-DD), got '2024-03-05 noon'",
    ),
    "doccano-published-not-on-calendar": (
        "doccano",
        _doccano(meta={"published": "2024-02-30"}),
        " line 1: \"meta.published\" must be a date on the calendar, got '2024-02-30' "
        "(February 2024 has 29 days)",
    ),
    "doccano-published-date-time-not-on-calendar": (
        "doccano",
        _doccano(meta={"published": "2024-13-45T10:00:00"}),
        " line 1: \"meta.published\" must be a date on the calendar, "
        "got '2024-13-45T10:00:00' (there is no month 13)",
    ),
    "doccano-title-list": (
        "doccano",
        _doccano(meta={"title": ["x"]}),
        ' line 1: "meta.title" must be a string or null, got a list',
    ),
    "labelstudio-published-number": (
        "labelstudio",
        _task({"published": 2024}),
        ' task 1: "data.published" must be an ISO date (YYYY-MM-DD), got 2024',
    ),
    "labelstudio-published-not-on-calendar": (
        "labelstudio",
        _task({"published": "2023-02-29"}),
        " task 1: \"data.published\" must be a date on the calendar, got '2023-02-29' "
        "(February 2023 has 28 days)",
    ),
    "labelstudio-url-object": (
        "labelstudio",
        _task({"url": {"a": 1}}),
        ' task 1: "data.url" must be a string or null, got an object',
    ),
    "jsonl-confidence-text": (
        "jsonl",
        _native(quote={"confidence": "high"}),
        ": line 1 quote 1: \"confidence\" must be a number from 0 to 1 or null, got 'high'",
    ),
    "jsonl-confidence-above-one": (
        "jsonl",
        _native(quote={"confidence": 7}),
        ': line 1 quote 1: "confidence" must be a number from 0 to 1 or null, got 7',
    ),
    "jsonl-origin-unknown": (
        "jsonl",
        _native(quote={"origin": "hacker"}),
        ": line 1 quote 1: \"origin\" must be one of manual, suggestion, import, got 'hacker'",
    ),
    "jsonl-status-unknown": (
        "jsonl",
        _native(metadata_status="finished"),
        ": line 1: \"metadata.status\" must be one of new, in_progress, done, got 'finished'",
    ),
    "jsonl-published-word": (
        "jsonl",
        _native(metadata_published="kemarin"),
        ": line 1: \"metadata.published\" must be an ISO date (YYYY-MM-DD), got 'kemarin'",
    ),
    "jsonl-title-object": (
        "jsonl",
        _native(metadata_title={"a": 1}),
        ': line 1: "metadata.title" must be a string or null, got an object',
    ),
    "jsonl-extra-nan": (
        "jsonl",
        _native(metadata_extra={"x": float("nan")}),
        ': line 1: "metadata.extra" holds NaN or Infinity',
    ),
    "jsonl-sentences-overlap": (
        "jsonl",
        _native(sentences=[{"start": 0, "end": 10}, {"start": 5, "end": 20}]),
        ": line 1: sentences overlap at offset 5",
    ),
    "jsonl-excluded-without-reason": (
        "jsonl",
        _native(excluded=[{"start": 0, "end": 4}]),
        ': line 1: "excluded[0].reason" must be a string, got null',
    ),
    "jsonl-claim-links-unknown-quote": (
        "jsonl",
        json.dumps(
            {**BASE["jsonl"][0], "claims": [{**BASE["jsonl"][0]["claims"][0], "quote": "q9"}]}
        )
        + "\n",
        ": line 1 claim 1: \"quote\" names no quote of the article: 'q9'",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID_VALUES))
def test_a_value_the_project_cannot_store_is_refused_in_the_formats_words(tmp_path, case):
    name, content, expected = INVALID_VALUES[case]
    assert _refused(tmp_path, name, content) == expected


# --- unpaired surrogates: refused like `annotator import` refuses them ---------------------------
SURROGATES = {
    "doccano-text": ("doccano", _doccano(text="Kata \ud800 dia."), ' line 1: field "text"'),
    "doccano-speaker": (
        "doccano",
        _doccano(speakers=[[0, 4, "Siti \udfff"]]),
        ' line 1: field "speakers[0][2]"',
    ),
    "doccano-key": ("doccano", _doccano(meta={"\ud800": 1}), " line 1: a field name"),
    "labelstudio-text": (
        "labelstudio",
        _task({"text": "Kata \ud800 dia."}),
        ' task 1: field "data.text"',
    ),
    "labelstudio-speaker": (
        "labelstudio",
        _task(
            annotations=[
                {
                    "result": [
                        _region(),
                        {
                            "id": "q1",
                            "type": "textarea",
                            "from_name": "speaker",
                            "value": {"text": ["Siti \ud800"]},
                        },
                    ]
                }
            ]
        ),
        ' task 1: field "annotations[0].result[1].value.text[0]"',
    ),
    "jsonl-speaker": (
        "jsonl",
        _native(quote={"speaker": "\ud800"}),
        ': line 1: field "quotes[0].speaker"',
    ),
    "jsonl-title": ("jsonl", _native(metadata_title="a\udc00"), ': line 1: field "metadata.title"'),
}


@pytest.mark.parametrize("case", sorted(SURROGATES))
def test_an_unpaired_surrogate_is_refused_naming_the_field(tmp_path, case):
    name, content, expected = SURROGATES[case]
    assert (
        _refused(tmp_path, name, content)
        == f"{expected} holds an unpaired surrogate (\\ud800-\\udfff)"
    )


# --- what has one obvious meaning is taken --------------------------------------------------------
def test_a_published_date_time_keeps_its_date_and_blank_values_count_as_none(tmp_path):
    path = tmp_path / "tasks.json"
    path.write_text(
        json.dumps(
            [
                {"data": {"text": TEXT, "published": "2024-03-05T10:00:00+07:00"}},
                {"data": {"text": "Kata kedua.", "published": "  ", "title": None}},
            ]
        ),
        encoding="utf-8",
    )
    with Store.memory() as store:
        report = importers()["labelstudio"](store, path)
        published = [store.get_article(i).published for i in report.imported]
    assert published[0] == "2024-03-05"
    assert published[1] is None  # blank: as if missing (the text holds no date either)


def test_null_lists_in_a_native_line_mean_none(tmp_path):
    path = tmp_path / "a.jsonl"
    record = {**BASE["jsonl"][2], "sentences": None, "excluded": None, "quotes": None}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Store.memory() as store:
        report = importers()["jsonl"](store, path)
        assert len(report.imported) == 1


# --- the command line: one line, the file named once ---------------------------------------------
def test_refusal_names_the_file_exactly_once(tmp_path):
    path = tmp_path / "in.jsonl"
    store_error = StoreError("refused: CHECK constraint failed: something")
    assert _refusal(path, store_error) == f"{path}: CHECK constraint failed: something"
    format_error = FormatError(f"{path} line 2: bad\nthing")
    assert _refusal(path, format_error) == f"{path} line 2: bad thing"


def test_import_as_refuses_the_bad_file_and_imports_the_good_one(tmp_path):
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text(_doccano(), encoding="utf-8")
    bad.write_text(
        _doccano(text="Teks lain.", label=[], meta={"published": "yesterday"}), encoding="utf-8"
    )
    db = tmp_path / "p.db"
    result = CliRunner().invoke(
        cli, ["import-as", "doccano", "--db", str(db), str(bad), str(good)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'refused: {bad} line 1: "meta.published" must be an ISO date (YYYY-MM-DD), '
        "got 'yesterday'"
    ]
    assert "imported 1, refused 1; the project now holds 1 article(s)" in result.output


def test_annotator_import_names_the_line_and_field_of_a_native_jsonl(tmp_path):
    path = tmp_path / "native.jsonl"
    path.write_text(_native(quote={"origin": "hacker"}), encoding="utf-8")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(path)])
    assert result.exit_code == 1
    assert f'{path}: line 1 quote 1: "origin" must be one of' in result.stderr
    assert "constraint" not in result.stderr


# --- fuzzing: every failure is a FormatError naming the file -----------------------------------
ODD_TEXT = st.sampled_from(["\ud800", "a\udfffb", " ", "", "2024-13-01", "\x00"])


@st.composite
def hostile(draw, name: str):
    """A mutated export (tests/test_audit_fuzz_formats.py), sometimes with a string replaced
    by odd text (unpaired surrogates included, which that fuzz leaves out)."""
    document = draw(mutated(name))
    holders = []
    stack = [document]
    while stack:
        item = stack.pop()
        children = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child in children:
            if isinstance(child, str):
                holders.append((item, key))
            elif isinstance(child, dict | list):
                stack.append(child)
    if holders and draw(st.booleans()):
        holder, key = draw(st.sampled_from(holders))
        holder[key] = draw(ODD_TEXT)
    return document


def _check_fuzzed(tmp_path: Path, name: str, document: list) -> None:
    path = tmp_path / f"fuzz.{SUFFIX[name]}"
    if name == "labelstudio":
        path.write_text(json.dumps(document), encoding="utf-8")
    else:
        path.write_text("".join(json.dumps(item) + "\n" for item in document), encoding="utf-8")
    with Store.memory() as store:
        _fill(store, TEXTS[:1])
        before = _snapshot(store)
        try:
            importers()[name](store, path)
        except FormatError as error:
            assert "\n" not in str(error) and str(error).startswith(str(path)), str(error)
            assert _snapshot(store) == before
            return
        for article_id in store.article_ids():
            text = store.get_article(article_id).text
            for a in store.annotations(article_id, statuses=("accepted", "suggested", "rejected")):
                assert a.text == text[a.start : a.end]


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(document=hostile("doccano"))
def test_fuzzed_doccano_fails_only_with_a_format_error_naming_the_file(tmp_path, document):
    _check_fuzzed(tmp_path, "doccano", document)


@FUZZ
@given(document=hostile("labelstudio"))
def test_fuzzed_labelstudio_fails_only_with_a_format_error_naming_the_file(tmp_path, document):
    _check_fuzzed(tmp_path, "labelstudio", document)


@FUZZ
@given(document=hostile("jsonl"))
def test_fuzzed_jsonl_fails_only_with_a_format_error_naming_the_file(tmp_path, document):
    _check_fuzzed(tmp_path, "jsonl", document)


def test_a_date_the_calendar_lacks_is_imported_without_it(tmp_path):
    """A YYYY-MM-DD that is not a day (2024-02-30, which an earlier version could store) in the
    project's own JSONL: the article is imported without the date, the value kept in extra,
    and one warning names the line and the field."""
    record = {**BASE["jsonl"][2], "metadata": {**BASE["jsonl"][2]["metadata"]}}
    record["metadata"]["published"] = "2024-02-30"
    source = tmp_path / "input.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Store.memory() as store:
        report = importers()["jsonl"](store, source)
        (article_id,) = report.imported
        article = store.get_article(article_id)
        assert article.published is None
        assert article.extra.get("published_as_written") == "2024-02-30"
    assert report.warnings == (
        f"{source}: line 1: \"metadata.published\" '2024-02-30' is not a day on the calendar "
        "(February 2024 has 29 days): imported without a date, the value kept in "
        "metadata.extra.published_as_written",
    )
