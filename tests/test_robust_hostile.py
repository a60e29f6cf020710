"""Hostile input: a corpus of nasty files through `annotator import`, and fuzzed JSON export
documents (and brat files, when that format exists) through their importers.

Invariants checked: no crash or traceback; every refusal is one line naming the file and the
problem; a refused file leaves nothing behind; every stored sentence and annotation satisfies
`0 <= start < end <= len(text)` and `annotation.text == text[start:end]`; an importer raises
only its documented error and writes nothing when it refuses.
"""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.export_json import DocumentError, export_project, import_document
from annotator.core.reading import InputError
from annotator.core.store import Store, StoreError

ENV = {**os.environ, "PYTHONUTF8": "1"}
QUOTE = "“Harga beras naik 12 persen,” kata Bupati Siti Lestari."

ONE_MB_LINE = ("warga desa gelar musyawarah jalan sekolah pasar baru " * 20000)[:1_000_000]
ARABIC = (
    "قال وزير المالية إن «الاقتصاد سينمو بنسبة خمسة في المئة هذا العام»، وأضاف أن الحكومة "
    "ستخفض الضرائب. وقال المتحدث باسم الحزب: «لن نقبل هذه الميزانية».\n"
)
HEBREW = 'ראש העיר אמר כי "המחירים יירדו בשנה הבאה". הוא הוסיף שהתקציב יגדל.\n'
COMBINING = (
    "Pho\u031b\u0309 ha\u0300 no\u0323i đa\u0301nh gia\u0301 cao. "
    "Z\u0351\u0352\u0353a\u0354\u0355\u0356l\u0357g\u0358o te\u0301xt. " + QUOTE + "\n"
)
EMOJI = (
    "Warga 👨‍👩‍👧‍👦 senang 🇮🇩 merdeka 👍🏽. “Kami bahagia 😀 sekali,” kata Rina Wijaya. "
    "Harga naik 𝟓𝟎 persen 🚀.\n"
)
HTML = (
    "<html><head><script>alert('x'); document.cookie</script></head><body>"
    "<p>" + QUOTE + "</p><img src=x onerror=alert(1)></body></html>\n"
)


def nasty_files(folder: Path) -> dict[str, tuple[str, str | None]]:
    """Write the nasty corpus; returns file name -> ("refused", words in the message),
    ("skipped", None) or ("stored", None)."""
    folder.mkdir()
    outcomes: dict[str, tuple[str, str | None]] = {}

    def put(name: str, data: bytes, outcome: str, needle: str | None = None) -> None:
        (folder / name).write_bytes(data)
        outcomes[name] = (outcome, needle)

    put("empty.txt", b"", "refused", "empty")
    put("bom_only.txt", b"\xef\xbb\xbf", "refused", "empty")
    put("whitespace.txt", b"  \n\t\r\n ", "refused", "empty")
    put("binary.txt", bytes(range(256)) * 40, "refused", "binary")
    put("nul_bytes.txt", QUOTE.encode() + b"\x00\x00" + QUOTE.encode(), "refused", "binary")
    put("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "refused", "PNG")
    put("invalid_utf8.txt", QUOTE.encode() + b" caf\xe9 \xff\xfe", "refused", "UTF-8")
    put("lone_surrogate.txt", b"Kata \xed\xa0\x80 dia.", "refused", "UTF-8")
    put("utf16_no_bom.txt", ("Kata dia. " * 40).encode("utf-16-le"), "refused", "binary")
    put("utf16_bom.txt", ("\ufeff" + QUOTE).encode("utf-16-le"), "stored")
    put("crlf.txt", (QUOTE + "\r\n\r\nParagraf kedua.\r\n").encode(), "stored")
    put("lone_cr.txt", (QUOTE + "\rBaris kedua.\rBaris ketiga.").encode(), "stored")
    # One 1 MB line, no punctuation. Neutral words: a line repeating a trend word such as
    # "naik" without any digit is quadratic in the claim suggester (see the ops report).
    put("one_mb_line.txt", ONE_MB_LINE.encode(), "stored")
    put("arabic.txt", ARABIC.encode(), "stored")
    put("hebrew.txt", HEBREW.encode(), "stored")
    put("combining.txt", COMBINING.encode(), "stored")
    put("emoji.txt", EMOJI.encode(), "stored")
    put("script.html.txt", HTML.encode(), "stored")
    put(
        "bidi_controls.txt",
        ("\u202eKata\u202c \u200f" + QUOTE + "\u2066x\u2069").encode(),
        "stored",
    )
    put("bad_line.jsonl", b'{"text": "Baik."}\n{"text": 5}\n', "refused", "line 2")
    put(
        "numeric_date.jsonl",
        b'{"text": "Baik sekali."}\n{"text": "Baik.", "published": 20240131}\n',
        "refused",
        'line 2: field "published" must be a string or null, got a number',
    )
    put("not_object.json", b"[1, 2, 3]", "skipped", "JSON")  # folders skip non-export JSON
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NUL bytes, no disk used
    outcomes["huge.txt"] = ("refused", "MB")
    return outcomes


def check_spans(db: Path) -> int:
    """Every stored span is inside its text and carries exactly its text; returns articles."""
    with Store.open(db, readonly=True) as store:
        for article_id in store.article_ids():
            text = store.get_article(article_id).text
            previous_end = 0
            for sentence in store.sentences(article_id):
                assert previous_end <= sentence.start < sentence.end <= len(text)
                previous_end = sentence.end
            statuses = ("accepted", "suggested", "rejected")
            for a in store.annotations(article_id, statuses=statuses):
                assert 0 <= a.start < a.end <= len(text)
                assert a.text == text[a.start : a.end]
                if a.cue_start is not None:
                    assert 0 <= a.cue_start < a.cue_end <= len(text)
        return store.count_articles()


@pytest.mark.slow
def test_nasty_files_are_refused_clearly_or_stored_consistently(tmp_path):
    outcomes = nasty_files(tmp_path / "nasty")
    db = tmp_path / "project.db"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", "--db", str(db), str(tmp_path / "nasty")],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    assert result.returncode == 1, result.stderr
    refusals = [line for line in result.stderr.splitlines() if line.startswith("refused: ")]
    for name, (outcome, needle) in outcomes.items():
        lines = [line for line in refusals if f"{os.sep}{name}" in line]
        if outcome == "refused":
            assert len(lines) == 1, (name, result.stderr)
            assert needle in lines[0], (name, lines[0])
        else:
            assert not lines, (name, lines)
        if outcome == "skipped":
            assert "warning: skipped 1 JSON file(s)" in result.stderr
    stored = sum(1 for outcome, _ in outcomes.values() if outcome == "stored")
    assert f"imported {stored}," in result.stdout, result.stdout
    assert check_spans(db) == stored
    with Store.open(db, readonly=True) as store:
        texts = {
            Path(store.get_article(i).source or "").name: store.get_article(i).text
            for i in store.article_ids()
        }
    assert "\r" not in texts["crlf.txt"] and "\r" not in texts["lone_cr.txt"]
    assert texts["arabic.txt"] == ARABIC and texts["emoji.txt"] == EMOJI
    assert texts["combining.txt"] == COMBINING and texts["script.html.txt"] == HTML
    assert texts["utf16_bom.txt"] == QUOTE


def test_deeply_nested_jsonl_is_refused_and_the_rest_imports(tmp_path):
    deep = tmp_path / "deep.jsonl"
    deep.write_bytes(b"[" * 100000 + b"]" * 100000 + b"\n")
    good = tmp_path / "good.txt"
    good.write_text(QUOTE + "\n", encoding="utf-8")
    db = tmp_path / "project.db"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", "--db", str(db), str(deep), str(good)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode == 1
    assert f"refused: {deep}" in result.stderr and "JSON" in result.stderr
    assert "imported 1," in result.stdout


# --- fuzzed JSON export documents ----------------------------------------------------------------
def base_document() -> dict:
    with Store.memory() as store:
        report = store.import_sources(
            [
                _source(EMOJI),
                _source(ARABIC),
                _source(QUOTE + " Dia menambahkan anggaran naik 5 persen.\n"),
            ],
            label="fuzz",
        )
        assert len(report.imported) == 3
        first = report.imported[0]
        quote, _ = store.add_quote(first, 0, 5, speaker_id=None, annotator="ana")
        store.add_claim(first, 1, 4, category_id=None, quote_id=quote.id, annotator="ana")
        return export_project(store, exported_at="2026-01-01T00:00:00.000Z")


def _source(text: str):
    from annotator.core.reading import SourceArticle

    return SourceArticle(text=text, source="fuzz")


BASE = base_document()
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["", "\x00", "\ud800", "😀" * 3, "q1", "c1", "quote", "accepted"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


ALL_PATHS = [p for p in _paths(BASE) if p]


@st.composite
def mutated_documents(draw):
    document = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = document
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "delete", "shift"]))
            if action == "delete":
                del parent[path[-1]]
            elif action == "shift" and isinstance(parent[path[-1]], int):
                parent[path[-1]] += draw(st.sampled_from([-1, 1, 10**6, -(10**6), 2**63]))
            else:
                parent[path[-1]] = draw(ODD_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    return document


def _snapshot(store: Store) -> tuple:
    return tuple(
        store.query_one(f"SELECT count(*) AS n FROM {table}")["n"]
        for table in ("articles", "annotations", "speakers", "categories", "sentences")
    )


def _import_fuzzed(document: dict, *, documented_only: bool) -> None:
    with Store.memory() as store:
        before = _snapshot(store)
        try:
            import_document(store, document, label="fuzz")
        except (DocumentError, InputError, StoreError):
            assert _snapshot(store) == before, "a refused document wrote something"
            return
        except Exception:
            assert _snapshot(store) == before, "a failed import wrote something"
            if documented_only:
                raise
            return
        for article_id in store.article_ids():
            text = store.get_article(article_id).text
            for a in store.annotations(article_id, statuses=("accepted", "suggested", "rejected")):
                assert a.text == text[a.start : a.end]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_fuzzed_export_documents_never_leave_anything_partial(document):
    _import_fuzzed(document, documented_only=False)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_fuzzed_export_documents_raise_only_documented_errors(document):
    _import_fuzzed(document, documented_only=True)


def test_the_unmutated_document_imports():
    with Store.memory() as store:
        report = import_document(store, copy.deepcopy(BASE))
        assert len(report.imported) == 3


# --- fuzzed brat files ---------------------------------------------------------------------------
brat = pytest.importorskip("annotator.core.formats.brat")
BRAT_TEXT = QUOTE + " " + EMOJI


@st.composite
def valid_entity(draw):
    """A text-bound annotation whose offsets and text match BRAT_TEXT (sometimes nearly)."""
    start = draw(st.integers(0, len(BRAT_TEXT) - 2))
    end = draw(st.integers(start + 1, min(len(BRAT_TEXT), start + 40)))
    kind = draw(st.sampled_from(["Quote", "Claim", "Cue", "Speaker"]))
    ref = draw(st.sampled_from(["T1", "T2", "T3"]))
    fragment = BRAT_TEXT[start:end].replace("\n", " ")
    shift = draw(st.sampled_from([0, 0, 0, 1, -1]))
    return f"{ref}\t{kind} {start + shift} {end}\t{fragment}"


BRAT_LINE = st.one_of(
    valid_entity(),
    valid_entity(),
    st.text(max_size=60),
    st.builds(
        lambda ref, kind, a, b, txt: f"{ref}\t{kind} {a} {b}\t{txt}",
        st.sampled_from(["T1", "T2", "T", "X1", "A1", "R1", "#1"]),
        st.sampled_from(["Quote", "Claim", "Cue", "Speaker", "Unknown", ""]),
        st.one_of(st.integers(-5, 120), st.text(max_size=3)),
        st.one_of(st.integers(-5, 120), st.text(max_size=3)),
        st.text(max_size=20),
    ),
    st.builds(
        lambda ref, a, b: f"{ref}\tSays Arg1:{a} Arg2:{b}",
        st.sampled_from(["R1", "R2"]),
        st.sampled_from(["T1", "T2", "T9", ""]),
        st.sampled_from(["T1", "T2", "T9", ""]),
    ),
    st.builds(
        lambda ref, name, target, value: f"{ref}\t{name} {target} {value}",
        st.sampled_from(["A1", "A2"]),
        st.sampled_from(["QuoteType", "Category", "Status", "Annotator", "Bogus"]),
        st.sampled_from(["T1", "T2", "T9"]),
        st.text(max_size=10),
    ),
    st.builds(
        lambda target, note: f"#1\tAnnotatorNotes {target}\t{note}",
        st.sampled_from(["T1", "T2", "T9"]),
        st.text(max_size=40),
    ),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(BRAT_LINE, max_size=8))
def test_fuzzed_brat_files_import_or_refuse_cleanly(tmp_path, lines):
    folder = tmp_path / "brat"
    folder.mkdir(exist_ok=True)
    (folder / "doc.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (folder / "doc.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Store.memory() as store:
        before = _snapshot(store)
        try:
            brat.import_brat(store, folder)
        except (brat.FormatError, InputError, StoreError, DocumentError):
            assert _snapshot(store) == before, "a refused brat file wrote something"
            return
        for article_id in store.article_ids():
            stored = store.get_article(article_id).text
            for a in store.annotations(article_id, statuses=("accepted", "suggested", "rejected")):
                assert a.text == stored[a.start : a.end]


def test_refused_document_through_the_cli_writes_nothing(tmp_path):
    document = copy.deepcopy(BASE)
    document["articles"][0]["quotes"][0]["end"] = 10**30
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    db = tmp_path / "project.db"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", "--db", str(db), str(path)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"refused: {path}: article 1 quote 1: offsets " in result.stderr
    assert "out of range" in result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    conn.close()
