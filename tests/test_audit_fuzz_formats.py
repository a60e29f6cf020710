"""Audit: fuzzed imports of the exchange formats `annotator import-as` reads (doccano,
Label Studio, JSON Lines), which tests/test_robust_hostile.py does not fuzz (it fuzzes the
native JSON export and brat).

Each example is an export of a small project, mutated (values replaced by odd ones, keys
deleted, offsets shifted), then imported into a project that already holds one of its
articles.  The importer must either import (every stored span then carries exactly its text)
or fail, and then the project must be exactly as before.  It must also fail only with its
documented error in one line naming the file: the tests at the end of this file pin the two
kinds of failure the fuzzing first found (crashes on wrongly typed fields, refusals in
SQLite's words), through ``annotator import-as``.  Unpaired surrogates are tested in
tests/test_audit_cli.py and tests/test_formats_validation.py.
"""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.export_json import DocumentError
from annotator.core.formats import FormatError, exporters, importers
from annotator.core.reading import InputError, SourceArticle
from annotator.core.store import Store, StoreError

DOCUMENTED = (FormatError, StoreError, InputError, DocumentError)
QUOTE = "“Harga beras naik 12 persen,” kata Bupati Siti Lestari."
TEXTS = [
    QUOTE + " Dia menambahkan anggaran naik 5 persen.\n",
    "Warga 👨‍👩‍👧‍👦 senang 🇮🇩 👍🏽. “Kami bahagia 😀 sekali,” kata Rina Wijaya.\n",
    "قال الوزير إن «الاقتصاد سينمو». وأضاف أن الضرائب ستنخفض.\n",
]
FORMATS = ("doccano", "labelstudio", "jsonl")


def _fill(store: Store, texts: list[str]) -> None:
    report = store.import_sources(
        [SourceArticle(text=t, source="audit") for t in texts], label="audit"
    )
    assert len(report.imported) == len(texts)
    first = report.imported[0]
    speaker, _ = store.add_speaker("Siti Lestari")
    categories = store.categories()
    quote, _ = store.add_quote(first, 1, 29, speaker_id=speaker.id, annotator="ana")
    store.add_claim(first, 1, 28, category_id=categories[0].id, quote_id=quote.id, annotator="ana")
    if len(texts) > 1:
        store.add_quote(report.imported[1], 41, 58, speaker_id=None, annotator="budi")


def _exports() -> dict[str, list]:
    """Each format's export of the project: a list of JSON values (lines or tasks)."""
    documents = {}
    with tempfile.TemporaryDirectory() as folder, Store.memory() as store:
        _fill(store, TEXTS)
        for name in FORMATS:
            (path,) = [
                p
                for p in exporters()[name](store, Path(folder) / f"out.{name}")
                if not p.name.endswith(".xml")
            ]
            raw = path.read_text(encoding="utf-8")
            if name == "labelstudio":
                documents[name] = json.loads(raw)
            else:
                documents[name] = [json.loads(line) for line in raw.splitlines() if line]
    return documents


BASE = _exports()
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.sampled_from(["", "\x00", "<script>x</script>", "😀" * 3, "Quote", "Claim", "T1"]),
    st.lists(st.one_of(st.integers(-5, 200), TEXT), max_size=4),
    st.dictionaries(TEXT, st.one_of(st.integers(), TEXT, st.none()), max_size=3),
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@st.composite
def mutated(draw, name: str):
    document = copy.deepcopy(BASE[name])
    paths = [p for p in _paths(document) if p]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(paths))
        parent = document
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "delete", "shift"]))
            if action == "delete":
                del parent[path[-1]]
            elif action == "shift" and isinstance(parent[path[-1]], int):
                parent[path[-1]] += draw(st.sampled_from([-1, 1, 3, 10**6, -(10**6), 2**63]))
            else:
                parent[path[-1]] = draw(ODD_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    return document


def _write(name: str, document: list, path: Path) -> None:
    if name == "labelstudio":
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    else:
        lines = (json.dumps(item, ensure_ascii=False) for item in document)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _snapshot(store: Store) -> tuple:
    counts = tuple(
        store.query_one(f"SELECT count(*) AS n FROM {table}")["n"]
        for table in ("articles", "annotations", "speakers", "categories", "sentences")
    )
    rows = store.query('SELECT id, status, start, "end", annotator FROM annotations ORDER BY id')
    return counts, tuple(tuple(r.values()) for r in rows)


def _import(name: str, document: list, folder: Path) -> Exception | None:
    """Import the document; returns the exception it raised (None: imported).  Whatever
    happens, a failed import leaves the project exactly as it was."""
    path = folder / f"fuzz.{'json' if name == 'labelstudio' else 'jsonl'}"
    _write(name, document, path)
    with Store.memory() as store:
        _fill(store, TEXTS[:1])  # one article already there: the import matches it by text
        before = _snapshot(store)
        try:
            importers()[name](store, path)
        except Exception as error:  # noqa: BLE001 - checked below
            assert _snapshot(store) == before, f"a refused {name} file wrote something"
            return error
        for article_id in store.article_ids():
            text = store.get_article(article_id).text
            for a in store.annotations(article_id, statuses=("accepted", "suggested", "rejected")):
                assert 0 <= a.start < a.end <= len(text)
                assert a.text == text[a.start : a.end]
    return None


FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def test_the_unmutated_exports_import_into_a_fresh_project(tmp_path):
    for name in FORMATS:
        path = tmp_path / f"plain.{name}"
        _write(name, BASE[name], path)
        with Store.memory() as store:
            report = importers()[name](store, path)
            assert len(report.imported) == len(TEXTS), name
            assert store.query_one("SELECT count(*) AS n FROM annotations")["n"] >= 3, name


@FUZZ
@given(document=mutated("doccano"))
def test_fuzzed_doccano_never_leaves_anything_partial(tmp_path, document):
    _import("doccano", document, tmp_path)


@FUZZ
@given(document=mutated("labelstudio"))
def test_fuzzed_labelstudio_never_leaves_anything_partial(tmp_path, document):
    _import("labelstudio", document, tmp_path)


@FUZZ
@given(document=mutated("jsonl"))
def test_fuzzed_jsonl_never_leaves_anything_partial(tmp_path, document):
    _import("jsonl", document, tmp_path)


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize(
    "raw",
    [b"", b"\x00\x01\x02", b"\xff\xfe{}", b"[" * 20000, b"null", b"{}", b"[]", b"\xef\xbb\xbf"],
    ids=["empty", "binary", "bad-utf8", "deep", "null", "object", "list", "bom"],
)
def test_junk_files_are_refused_or_import_nothing(tmp_path, name, raw):
    path = tmp_path / "junk.json"
    path.write_bytes(raw)
    with Store.memory() as store:
        _fill(store, TEXTS[:1])
        before = _snapshot(store)
        try:
            report = importers()[name](store, path)
        except DOCUMENTED as error:
            assert "\n" not in str(error) and str(path) in str(error), str(error)
        else:
            assert not report.imported
        assert _snapshot(store) == before


# --- bugs found by the fuzzing, reproduced through the CLI -----------------------------------
def _cli_import_as(tmp_path: Path, name: str, content: str) -> tuple[Path, list[str], int]:
    path = tmp_path / f"input.{'json' if name == 'labelstudio' else 'jsonl'}"
    path.write_text(content, encoding="utf-8")
    db = tmp_path / "project.db"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import-as", name, "--db", str(db), str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    conn = sqlite3.connect(db)
    try:  # nothing partial, whatever the message
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    finally:
        conn.close()
    return path, result.stderr.strip().splitlines(), result.returncode


def _jsonl_line(**changes) -> str:
    """The JSONL export's first article with some quote or metadata fields changed."""
    article = copy.deepcopy(BASE["jsonl"][0])
    for key, value in changes.items():
        where, field = key.split("__")
        target = article["quotes"][0] if where == "quote" else article["metadata"]
        target[field] = value
    return json.dumps(article, ensure_ascii=False) + "\n"


def _task(data: dict, annotations: object) -> str:
    return json.dumps(
        [{"data": {"text": "Kata dia hari ini.", **data}, "annotations": annotations}]
    )


CRASHES = {
    "doccano-speakers-int": (
        "doccano",
        '{"text": "Kata dia hari ini.", "label": [[0, 4, "Quote"]], "speakers": 5}\n',
    ),
    "doccano-speaker-offset-list": (
        "doccano",
        '{"text": "Kata dia hari ini.", "label": [[0, 4, "Quote"]], '
        '"speakers": [[[0], 4, "Siti"]]}\n',
    ),
    "labelstudio-result-int": ("labelstudio", _task({}, [{"result": 5}])),
    "labelstudio-value-string": (
        "labelstudio",
        _task({}, [{"result": [{"type": "labels", "value": "Quote"}]}]),
    ),
}


@pytest.mark.parametrize("case", sorted(CRASHES))
def test_import_as_refuses_wrongly_typed_fields_without_crashing(tmp_path, case):
    name, content = CRASHES[case]
    path, lines, code = _cli_import_as(tmp_path, name, content)
    assert not any("unexpected error" in line for line in lines), lines
    refusals = [line for line in lines if line.startswith("refused: ")]
    assert code == 1 and len(refusals) == 1 and str(path) in refusals[0], lines


UNCLEAR = {
    "jsonl-confidence-text": ("jsonl", _jsonl_line(quote__confidence="high")),
    "jsonl-origin-unknown": ("jsonl", _jsonl_line(quote__origin="hacker")),
    "jsonl-title-object": ("jsonl", _jsonl_line(metadata__title={"a": 1})),
    "labelstudio-published-word": ("labelstudio", _task({"published": "yesterday"}, [])),
    "labelstudio-title-list": ("labelstudio", _task({"title": ["a"]}, [])),
    "doccano-published-word": (
        "doccano",
        '{"text": "Kata dia hari ini.", "label": [], "meta": {"published": "yesterday"}}\n',
    ),
    "doccano-title-list": (
        "doccano",
        '{"text": "Kata dia hari ini.", "label": [], "meta": {"title": ["x"]}}\n',
    ),
}


@pytest.mark.parametrize("case", sorted(UNCLEAR))
def test_import_as_names_the_file_and_the_field_it_refuses(tmp_path, case):
    name, content = UNCLEAR[case]
    path, lines, code = _cli_import_as(tmp_path, name, content)
    refusals = [line for line in lines if line.startswith("refused: ")]
    assert code == 1 and len(refusals) == 1, lines
    assert str(path) in refusals[0], refusals[0]
    assert "database error" not in refusals[0] and "constraint" not in refusals[0], refusals[0]
