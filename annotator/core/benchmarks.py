"""`annotator benchmark`: speed at scale, each figure against a floor measured in the same run.

Phases (each runs in a forked child process on POSIX, so its peak memory is its own):

* import: K synthetic articles written as one JSONL file, imported through the real path
  (`Store.import_paths`: reading, metadata, segmenter, suggester, store) into a new project;
  the floor is sqlite-utils `insert_all` of the very rows that import stored into a new
  project with the same schema and triggers. Measured again with the analysis replaced by a
  stub (no segmenter, no suggester) to separate the store's cost from the analysis.
* export: the JSON export as `annotator export -o FILE` writes it (`write_export`) of a
  corpus of N articles and M annotations; the floor is reading the same tables raw (sqlite3
  rows as dicts) and writing one `json.dumps` of them to a file.
* search: full-text searches over the N-article corpus through `Store.article_ids(search=)`,
  the median of several runs per query.

Timings are wall-clock seconds with `time.perf_counter`; peak memory is the maximum resident
set size of the process that did the work (`getrusage`), including the interpreter. Nothing
here asserts a target: it prints what it measured.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pickle
import pstats
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_ARTICLES = 100_000
DEFAULT_ANNOTATIONS = 1_000_000
DEFAULT_IMPORT_ARTICLES = 10_000
SEARCH_QUERIES = (
    "banjir",
    "Garut",
    "pupuk petani",
    "inflation economy",
    "korupsi tersangka polisi",
    "Laporan nomor 4242",
    "menteri",
    "zzzz tidak ada",
)
RAW_TABLES = ("articles", "sentences", "excluded_ranges", "annotations")
ANNOTATION_TABLES = ("sentences", "excluded_ranges", "annotations")


@dataclass
class Measurement:
    """One timed run: seconds, peak RSS in MiB of the worker, and any extra numbers."""

    seconds: float
    peak_mib: float
    extra: dict[str, Any] = field(default_factory=dict)


def _peak_mib(usage: Any) -> float:
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return usage.ru_maxrss * scale / 2**20


def measure(work: Callable[[], dict[str, Any] | None]) -> Measurement:
    """Run `work` (timed) in a forked child when possible, so the peak memory is its own."""
    if not hasattr(os, "fork"):
        start = time.perf_counter()
        extra = work() or {}
        seconds = time.perf_counter() - start
        return Measurement(seconds, _peak_mib(resource.getrusage(resource.RUSAGE_SELF)), extra)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        code = 0
        try:
            start = time.perf_counter()
            extra = work() or {}
            payload: Any = (time.perf_counter() - start, extra)
        except BaseException as error:  # report it to the parent, never run its code
            payload = ("error", f"{type(error).__name__}: {error}")
            code = 1
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(payload, pipe)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, _, usage = os.wait4(pid, 0)
    first, second = pickle.loads(data) if data else ("error", "the worker died")
    if first == "error":
        raise RuntimeError(f"benchmark step failed: {second}")
    return Measurement(first, _peak_mib(usage), second)


def _profile(work: Callable[[], Any], limit: int = 15) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


# --- import --------------------------------------------------------------------------------------
def write_jsonl(path: Path, count: int, seed: int = 7) -> None:
    """`count` synthetic articles as JSON Lines (title, outlet, published, text)."""
    from annotator.core.scale import article_texts

    with path.open("w", encoding="utf-8") as handle:
        for article in article_texts(count, seed=seed):
            record = {"text": article.text, "outlet": article.outlet}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _real_import(db: Path, source: Path, *, suggest: bool = True) -> Callable[[], dict[str, Any]]:
    """The import as `annotator import [--no-suggestions]` runs it: reading, analysis on every
    core, store."""

    def work() -> dict[str, Any]:
        from annotator.core.parallel import worker_count
        from annotator.core.store import Store

        with Store.open(db) as store:
            report = store.import_paths([source], suggest=suggest)
        if report.refused:
            raise RuntimeError(f"import refused: {report.refused[:1]}")
        return {"imported": len(report.imported), "workers": worker_count()}

    return work


def _store_only_import(db: Path, source: Path) -> Callable[[], dict[str, Any]]:
    """The analysis timed on its own, then the same import with those analyses handed over
    ready-made: the store's own cost (reading, checks, inserts, FTS) for the same rows."""

    def work() -> dict[str, Any]:
        from annotator.core import parallel
        from annotator.core.reading import read_articles
        from annotator.core.store import Store

        texts = [article.text for article in read_articles(source)]
        start = time.perf_counter()
        ready = dict(zip(texts, parallel.analyze_many(texts), strict=True))
        analysis_seconds = time.perf_counter() - start
        parallel.iter_analyses = lambda texts, **_: (ready[t] for t in texts)  # type: ignore
        start = time.perf_counter()
        with Store.open(db) as store:
            report = store.import_paths([source])
        store_seconds = time.perf_counter() - start
        if report.refused:
            raise RuntimeError(f"import refused: {report.refused[:1]}")
        return {"analysis_s": analysis_seconds, "store_s": store_seconds}

    return work


def _empty_project(db: Path) -> None:
    from annotator.core.store import Store

    Store.open(db).close()


def _raw_rows(db: Path, table: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
    finally:
        conn.close()


def _stored_spans(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            'SELECT article_id, kind, start, "end", text, suggested_speaker FROM annotations '
            "UNION ALL SELECT article_id, 'sentence', start, \"end\", NULL, NULL FROM sentences "
            "ORDER BY 1, 2, 3, 4"
        ).fetchall()
    finally:
        conn.close()


def _floor_insert(target: Path, source: Path) -> Callable[[], dict[str, Any]]:
    """sqlite-utils insert_all of the rows `source` holds, into the fresh project `target`."""

    def work() -> dict[str, Any]:
        from sqlite_utils import Database

        rows = {table: _raw_rows(source, table) for table in RAW_TABLES}
        db = Database(target)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        start = time.perf_counter()
        with db.atomic():
            for table in RAW_TABLES:
                if rows[table]:
                    db[table].insert_all(rows[table], batch_size=1000)
        seconds = time.perf_counter() - start
        db.close()
        return {"insert_seconds": seconds, "rows": sum(len(r) for r in rows.values())}

    return work


def _fresh(*paths: Path) -> None:
    """Remove projects (and their -wal/-shm files) a previous run left in the work folder."""
    for path in paths:
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()


def bench_import(folder: Path, count: int, *, profile: bool = False) -> dict[str, Any]:
    """The real import against its insert_all floor; then the analysis and the store timed
    apart, the store against the floor of the same rows."""
    source = folder / "import.jsonl"
    write_jsonl(source, count)
    names = ("real", "split", "floor", "blind", "blind_floor")
    real_db, split_db, floor_db, blind_db, blind_floor_db = (
        folder / f"import_{name}.db" for name in names
    )
    _fresh(real_db, split_db, floor_db, blind_db, blind_floor_db)
    real = measure(_real_import(real_db, source))
    _empty_project(floor_db)
    floor = measure(_floor_insert(floor_db, real_db))
    floor_seconds = floor.extra["insert_seconds"]
    split = measure(_store_only_import(split_db, source))
    if _stored_spans(split_db) != _stored_spans(real_db):
        raise RuntimeError("the store-only import did not store the rows the real import did")
    blind = measure(_real_import(blind_db, source, suggest=False))
    _empty_project(blind_floor_db)
    blind_floor = measure(_floor_insert(blind_floor_db, blind_db))
    blind_floor_seconds = blind_floor.extra["insert_seconds"]
    results: dict[str, Any] = {
        "articles": count,
        "rows": floor.extra["rows"],
        "workers": real.extra["workers"],
        "floor_insert_all_s": floor_seconds,
        "floor_peak_mib": floor.peak_mib,
        "import_s": real.seconds,
        "import_peak_mib": real.peak_mib,
        "ratio": real.seconds / floor_seconds,
        "analysis_s": split.extra["analysis_s"],
        "analysis_ms_per_article": 1000 * split.extra["analysis_s"] / count,
        "store_s": split.extra["store_s"],
        "store_ratio": split.extra["store_s"] / floor_seconds,
        "no_suggestions": {
            "import_s": blind.seconds,
            "import_peak_mib": blind.peak_mib,
            "rows": blind_floor.extra["rows"],
            "floor_insert_all_s": blind_floor_seconds,
            "ratio": blind.seconds / blind_floor_seconds,
        },
    }
    if profile:
        small = folder / "profile.jsonl"
        write_jsonl(small, min(count, 1000), seed=8)
        _fresh(folder / "profile.db")
        results["profile"] = measure(
            lambda: {"text": _profile(_real_import(folder / "profile.db", small))}
        ).extra["text"]
    return results


# --- export --------------------------------------------------------------------------------------
def build_corpus(db: Path, articles: int, annotations: int) -> dict[str, Any]:
    """Create the synthetic corpus project (see `annotator.core.scale`)."""

    def work() -> dict[str, Any]:
        from annotator.core.scale import generate_corpus
        from annotator.core.store import Store

        with Store.open(db) as store:
            stats = generate_corpus(store, articles, annotations)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return stats.__dict__

    run = measure(work)
    return {**run.extra, "seconds": run.seconds, "peak_mib": run.peak_mib}


def _real_export(db: Path, target: Path) -> dict[str, Any]:
    """What `annotator export -o FILE` does: `write_export` streaming into a file."""
    from annotator.core.export_json import write_export
    from annotator.core.store import Store

    with Store.open(db, readonly=True) as store, target.open("w", encoding="utf-8") as handle:
        write_export(store, handle)
    return {"chars": target.stat().st_size}


def _floor_export(db: Path, target: Path) -> dict[str, Any]:
    """The same rows read raw and written with one `json.dumps` (C encoder) to a file."""
    rows = {table: _raw_rows(db, table) for table in RAW_TABLES}
    target.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return {"chars": target.stat().st_size}


def bench_export(db: Path, *, profile: bool = False) -> dict[str, Any]:
    target = db.with_name("export.json")
    real = measure(lambda: _real_export(db, target))
    floor = measure(lambda: _floor_export(db, target))
    results = {
        "export_s": real.seconds,
        "export_peak_mib": real.peak_mib,
        "export_chars": real.extra["chars"],
        "floor_read_and_json_dumps_s": floor.seconds,
        "floor_peak_mib": floor.peak_mib,
        "ratio": real.seconds / floor.seconds if floor.seconds else float("inf"),
    }
    if profile:
        results["profile"] = measure(
            lambda: {"text": _profile(lambda: _real_export(db, target))}
        ).extra["text"]
    target.unlink(missing_ok=True)
    return results


# --- search --------------------------------------------------------------------------------------
def bench_search(db: Path, queries: tuple[str, ...] = SEARCH_QUERIES, runs: int = 5) -> dict:
    """Median time of `Store.article_ids(search=)` per query, beside the floor: the bare FTS5
    MATCH returning the same rowids through sqlite3."""

    def work() -> dict[str, Any]:
        from annotator.core.store import Store
        from annotator.core.store.articles import _fts_query

        per_query = {}
        with Store.open(db, readonly=True) as store:
            store.article_ids(search="warm up")
            raw = store.db.conn
            for query in queries:
                times, floors, hits = [], [], 0
                for _ in range(runs):
                    start = time.perf_counter()
                    hits = len(store.article_ids(search=query))
                    times.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    raw.execute(
                        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
                        [_fts_query(query)],
                    ).fetchall()
                    floors.append(time.perf_counter() - start)
                per_query[query] = {
                    "median_ms": statistics.median(times) * 1000,
                    "floor_ms": statistics.median(floors) * 1000,
                    "hits": hits,
                }
        return per_query

    run = measure(work)
    medians = [q["median_ms"] for q in run.extra.values()]
    return {
        "queries": run.extra,
        "median_ms": statistics.median(medians),
        "worst_median_ms": max(medians),
        "floor_median_ms": statistics.median(q["floor_ms"] for q in run.extra.values()),
        "peak_mib": run.peak_mib,
    }


# --- driver --------------------------------------------------------------------------------------
def run_benchmarks(
    *,
    articles: int = DEFAULT_ARTICLES,
    annotations: int = DEFAULT_ANNOTATIONS,
    import_articles: int = DEFAULT_IMPORT_ARTICLES,
    phases: tuple[str, ...] = ("import", "export", "search"),
    workdir: Path | None = None,
    profile: bool = False,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Run the chosen phases in `workdir` (a temporary folder, removed after, by default)."""
    results: dict[str, Any] = {
        "load_average_before": _load(),
        "sizes": {
            "articles": articles,
            "annotations": annotations,
            "import_articles": import_articles,
        },
    }
    temporary = None
    if workdir is None:
        temporary = tempfile.TemporaryDirectory(prefix="annotator-bench-")
        workdir = Path(temporary.name)
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        if "import" in phases:
            log(f"import: {import_articles} articles through the real import path ...")
            results["import"] = bench_import(workdir, import_articles, profile=profile)
        if "export" in phases or "search" in phases:
            corpus = workdir / "corpus.db"
            corpus.unlink(missing_ok=True)
            log(f"corpus: {articles} articles, {annotations} annotations ...")
            results["corpus"] = build_corpus(corpus, articles, annotations)
            if "export" in phases:
                log("export: the whole corpus as JSON ...")
                results["export"] = bench_export(corpus, profile=profile)
            if "search" in phases:
                log("search: full-text queries ...")
                results["search"] = bench_search(corpus)
    finally:
        if temporary is not None:
            temporary.cleanup()
    results["load_average_after"] = _load()
    return results


def _load() -> list[float] | None:
    """1, 5 and 15 minute load averages: other work on the machine skews every figure."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def format_results(results: dict[str, Any]) -> str:
    """The human-readable report `annotator benchmark` prints."""
    lines = []
    sizes = results["sizes"]
    if results.get("load_average_before") is not None:
        lines.append(
            f"machine load average (1/5/15 min) before {results['load_average_before']}, "
            f"after {results.get('load_average_after')} ({os.cpu_count()} CPU(s))"
        )
    if "import" in results:
        imp = results["import"]
        lines.append(
            f"import of {imp['articles']:,} articles (one JSONL file, the real import path, "
            f"analysis on {imp['workers']} worker process(es)):\n"
            f"  import: {imp['import_s']:.2f} s vs insert_all floor "
            f"{imp['floor_insert_all_s']:.2f} s ({imp['rows']:,} rows) = {imp['ratio']:.1f}x "
            f"(target <= 3x); peak {imp['import_peak_mib']:.0f} MiB "
            f"(floor {imp['floor_peak_mib']:.0f} MiB)\n"
            f"  of which analysis (metadata, sentences, suggestions): {imp['analysis_s']:.2f} s "
            f"= {imp['analysis_ms_per_article']:.2f} ms per article (wall)\n"
            f"  and the store, the same rows with the analysis ready-made: {imp['store_s']:.2f} s "
            f"= {imp['store_ratio']:.1f}x the floor"
        )
        blind = imp["no_suggestions"]
        lines.append(
            f"  import --no-suggestions: {blind['import_s']:.2f} s vs insert_all floor "
            f"{blind['floor_insert_all_s']:.2f} s ({blind['rows']:,} rows) = "
            f"{blind['ratio']:.1f}x (target <= 3x); peak {blind['import_peak_mib']:.0f} MiB"
        )
        if "profile" in imp:
            lines.append("  profile (1,000 articles, cumulative):\n" + imp["profile"])
    if "corpus" in results:
        corpus = results["corpus"]
        lines.append(
            f"corpus: {corpus['articles']:,} articles, {corpus['annotations']:,} annotations, "
            f"{corpus['sentences']:,} sentences generated in {corpus['seconds']:.1f} s "
            f"(peak {corpus['peak_mib']:.0f} MiB)"
        )
    if "export" in results:
        exp = results["export"]
        lines.append(
            f"export of {sizes['annotations']:,} annotations to a file "
            f"({exp['export_chars'] / 1e6:.0f} MB): {exp['export_s']:.2f} s vs read + "
            f"json.dumps floor "
            f"{exp['floor_read_and_json_dumps_s']:.2f} s = {exp['ratio']:.1f}x (target <= 2x); "
            f"peak {exp['export_peak_mib']:.0f} MiB (floor {exp['floor_peak_mib']:.0f} MiB)"
        )
        if "profile" in exp:
            lines.append("  profile (cumulative):\n" + exp["profile"])
    if "search" in results:
        search = results["search"]
        lines.append(
            f"full-text search over {sizes['articles']:,} articles: median "
            f"{search['median_ms']:.1f} ms per query, worst query median "
            f"{search['worst_median_ms']:.1f} ms (target <= 100 ms); bare FTS5 MATCH floor: "
            f"median {search['floor_median_ms']:.1f} ms; peak {search['peak_mib']:.0f} MiB"
        )
        for query, figures in search["queries"].items():
            lines.append(
                f"  {query!r}: {figures['median_ms']:.1f} ms (floor {figures['floor_ms']:.1f} ms), "
                f"{figures['hits']:,} hit(s)"
            )
    return "\n".join(lines)
