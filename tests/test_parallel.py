"""Analysis in worker processes (`annotator.core.parallel`): the same results as in one
process, in input order, whatever the workers do; no worker outlives a killed import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core import parallel
from annotator.core.parallel import analyze_many
from annotator.core.pipeline import analyze_text
from annotator.core.scale import article_texts
from annotator.core.store import Store
from annotator.core.suggest import KnownSpeaker

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
KNOWN = [KnownSpeaker("Bahtiar Arif", ("Bahtiar",)), KnownSpeaker("Sri Mulyani Indrawati")]


def texts(count: int) -> list[str]:
    samples = sorted(p.read_text(encoding="utf-8") for p in SAMPLES.glob("*/*.txt"))
    synthetic = [a.text for a in article_texts(count, seed=3)]
    return (samples + synthetic)[:count]


def test_workers_give_exactly_what_one_process_gives_in_order():
    batch = texts(parallel.MIN_PARALLEL + 5)
    assert len(batch) == parallel.MIN_PARALLEL + 5
    reported = []
    in_workers = analyze_many(batch, known_speakers=KNOWN, workers=2, analyzed=reported.append)
    here = [analyze_text(text, known_speakers=KNOWN) for text in batch]
    assert in_workers == here
    assert sum(reported) == len(batch)


def test_a_worker_that_cannot_start_leaves_the_work_to_this_process(monkeypatch):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    batch = texts(parallel.MIN_PARALLEL)
    assert analyze_many(batch, workers=2) == [analyze_text(text) for text in batch]


def test_an_error_in_the_analysis_is_raised_here():
    batch = texts(parallel.MIN_PARALLEL)
    batch[40] = None  # not a text: analyze_text fails inside a worker
    with pytest.raises((TypeError, AttributeError)):
        analyze_many(batch, workers=2)  # type: ignore[arg-type]


def test_worker_count_follows_the_environment(monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "3")
    assert parallel.worker_count() == 3
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "many")
    assert parallel.worker_count() >= 1


def stored_rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {
            "articles": conn.execute(
                "SELECT id, text_hash, title, outlet, place, published, language FROM articles "
                "ORDER BY id"
            ).fetchall(),
            "sentences": conn.execute(
                'SELECT article_id, start, "end" FROM sentences ORDER BY id'
            ).fetchall(),
            "annotations": conn.execute(
                'SELECT article_id, kind, start, "end", text, suggested_speaker, '
                "suggested_category, cue_start, cue_end FROM annotations ORDER BY id"
            ).fetchall(),
        }
    finally:
        conn.close()


def test_an_import_stores_the_same_rows_with_or_without_workers(tmp_path, monkeypatch):
    source = tmp_path / "batch.jsonl"
    source.write_text(
        "".join(json.dumps({"text": t}) + "\n" for t in texts(parallel.MIN_PARALLEL + 20)),
        encoding="utf-8",
    )
    results = {}
    for workers in ("1", "2"):
        monkeypatch.setenv(parallel.WORKERS_VARIABLE, workers)
        db = tmp_path / f"workers{workers}.db"
        with Store.open(db) as store:
            report = store.import_paths([source])
        assert len(report.imported) == parallel.MIN_PARALLEL + 20
        results[workers] = stored_rows(db)
    assert results["1"] == results["2"]
    assert len(results["2"]["annotations"]) > 100


KILLED_IMPORT = """
import sys
from annotator.core.parallel import analyze_many
from annotator.core.scale import article_texts
texts = [a.text for a in article_texts(4000, seed=5)]
print("started", flush=True)
analyze_many(texts, workers=2)
"""


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_killing_the_importer_leaves_no_worker_behind():
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    importer = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT], stdout=subprocess.PIPE, env=env
    )
    try:
        assert importer.stdout is not None
        assert importer.stdout.readline().strip() == b"started"
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = children_of(importer.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the import should have started two workers"
        time.sleep(0.5)  # let them get to work
    finally:
        importer.send_signal(signal.SIGKILL)
        importer.wait()
    deadline = time.monotonic() + 20
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in workers)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_finished_callback_cancels(workers):
    from annotator.core.model import Cancelled

    batch = texts(parallel.MIN_PARALLEL * 3)
    seen = []

    def finished(count: int) -> bool:
        seen.append(count)
        return sum(seen) < parallel.CHUNK_SIZE  # stop after about one chunk

    with pytest.raises(Cancelled):
        analyze_many(batch, workers=workers, analyzed=finished)
    assert sum(seen) < len(batch)


def test_a_cancelled_analysis_stores_nothing_of_that_file(tmp_path, monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    pool = texts(parallel.MIN_PARALLEL * 2)
    first.write_text("".join(json.dumps({"text": t}) + "\n" for t in pool[:70]), encoding="utf-8")
    second.write_text("".join(json.dumps({"text": t}) + "\n" for t in pool[70:]), encoding="utf-8")
    with Store.open(tmp_path / "p.db") as store:
        report = store.import_paths(
            [first, second], analysis_progress=lambda done, total, source: "b.jsonl" not in source
        )
        assert store.count_articles() == 70 and len(report.imported) == 70


def test_worker_errors_carry_the_workers_traceback():
    batch = texts(parallel.MIN_PARALLEL)
    batch[40] = None
    with pytest.raises((TypeError, AttributeError)) as error:
        analyze_many(batch, workers=2)  # type: ignore[arg-type]
    notes = "".join(getattr(error.value, "__notes__", []))
    assert "raised in an analysis worker" in notes and "Traceback" in notes


def test_workers_do_not_run_modules_from_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "unicodedata.py").write_text(
        "import pathlib, os\npathlib.Path(os.environ['HIJACK_MARK']).touch()\n"
        "raise SystemExit('hijacked')\n",
        encoding="utf-8",
    )
    mark = tmp_path / "hijacked"
    monkeypatch.setenv("HIJACK_MARK", str(mark))
    monkeypatch.chdir(tmp_path)
    batch = texts(parallel.MIN_PARALLEL)
    assert analyze_many(batch, workers=2) == [analyze_text(t) for t in batch]
    assert not mark.exists()


def test_the_stream_yields_the_first_analyses_before_the_last_are_done():
    batch = texts(parallel.MIN_PARALLEL * 4)
    reported: list[int] = []
    stream = parallel.iter_analyses(batch, workers=2, analyzed=reported.append)
    first = next(stream)
    assert first == analyze_text(batch[0])
    assert sum(reported) < len(batch)  # the rest were still being analysed
    assert [first, *stream] == [analyze_text(text) for text in batch]
    assert sum(reported) == len(batch)


def test_closing_the_stream_early_stops_the_workers():
    batch = texts(parallel.MIN_PARALLEL * 4)
    reported: list[int] = []
    stream = parallel.iter_analyses(batch, workers=2, analyzed=reported.append)
    next(stream)
    stream.close()
    settled = sum(reported)
    time.sleep(0.3)
    assert sum(reported) == settled < len(batch)


def test_workers_started_early_do_the_work_and_the_unused_stop(monkeypatch):
    """Workers started before the input is read are the ones that analyse it; a block whose
    work needed no worker leaves none running."""
    started: list[subprocess.Popen] = []
    start = parallel._start_worker

    def counted() -> subprocess.Popen | None:
        process = start()
        if process is not None:
            started.append(process)
        return process

    monkeypatch.setattr(parallel, "_start_worker", counted)
    batch = texts(parallel.MIN_PARALLEL)
    with parallel.workers_started_early(workers=2):
        assert len(started) == 2
        assert analyze_many(batch, workers=2) == [analyze_text(text) for text in batch]
        assert len(started) == 2  # the run took the early ones and started none
    assert all(process.poll() is not None for process in started)

    with parallel.workers_started_early(workers=2):
        assert analyze_many(batch[:3], workers=2) == [analyze_text(t) for t in batch[:3]]
        idle = list(started[2:])
    assert len(idle) == 2 and all(process.poll() is not None for process in idle)
    assert parallel._started == []


def test_a_large_json_lines_import_starts_its_workers_before_reading(tmp_path, monkeypatch):
    source = tmp_path / "many.jsonl"
    lines = [json.dumps({"text": text}) for text in texts(parallel.MIN_PARALLEL + 8)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr("annotator.core.store.store.EARLY_WORKERS_BYTES", 1)
    blocks: list[int] = []
    early = parallel.workers_started_early

    def recorded(workers: int | None = None):
        blocks.append(len(parallel._started))
        return early(workers)

    monkeypatch.setattr(parallel, "workers_started_early", recorded)
    with Store.open(tmp_path / "p.db") as store:
        report = store.import_paths([source])
    assert len(report.imported) == len(lines) and blocks == [0]
    assert parallel._started == []


def test_an_import_analysed_by_workers_does_not_load_the_analysis_here(tmp_path):
    """The importing process only stores: the analysis (~0.1 s of word lists and patterns)
    is loaded by the workers alone, so they start sooner and nothing is loaded twice."""
    source = tmp_path / "many.jsonl"
    lines = [json.dumps({"text": text}) for text in texts(parallel.MIN_PARALLEL + 8)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from annotator.core.store import Store\n"
        "with Store.open(sys.argv[1]) as store:\n"
        "    report = store.import_paths([sys.argv[2]])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('annotator.core.suggest')\n"
        "                or m in ('annotator.core.pipeline', 'annotator.core.metadata'))\n"
        "print(len(report.imported), loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "p.db"), str(source)],
        capture_output=True,
        text=True,
        env={**os.environ, parallel.WORKERS_VARIABLE: "2"},
        check=True,
    )
    assert done.stdout.split() == [str(len(lines)), "[]"]
