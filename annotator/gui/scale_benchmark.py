"""The desktop app on a year of a lab's work: ``python -m annotator.gui.scale_benchmark``.

Builds (or reuses, cached in the temp folder) a project of ``--articles`` synthetic articles
(default 100,000) and ``--annotations`` annotations (default 1,000,000) with
:func:`annotator.core.scale.generate_corpus`, then measures in one run:

(a) start-up, each in a fresh process (``startup_child.py``): a bare ``QApplication`` +
    ``QMainWindow`` shown (the floor) against the ``annotator --db PROJECT`` command itself,
    until its main window is shown, and until the article list is scrollable (scrolled
    to the end, rows fetched, repainted); the ratio (target <= 2x), the time to a scrollable
    list (target <= 1 s) and each process's peak RSS (target <= 300 MB);
(b) full-text search typed into the article list's search box: from the last keystroke until
    the list model has filtered (median, target <= 100 ms);
(c) opening an article, and tagging a quote (Enter in the speaker picker until the text is
    repainted; p95, target <= 16 ms) with the project's 1,000,000 annotations.

Every measured process runs from compiled bytecode kept in the temp folder, as an installed
app does (``--no-bytecode-cache``: as the environment says, e.g. compiling the sources again in
every process under ``PYTHONDONTWRITEBYTECODE``); one unmeasured floor and app process run
first.  Prints the figures; asserts nothing.  ``--profile`` prints a cProfile summary of (b)
and (c).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator.gui.startup_child import SETTINGS_ORGANIZATION

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEARCH_WORDS = ("banjir", "minister", "korupsi", "pupuk", "election", "zonasi", "bridge",
                "anggaran", "inflation", "nelayan")


# -- the project ------------------------------------------------------------------------------
def cache_dir() -> Path:
    """Where generated projects are kept between runs."""
    return Path(tempfile.gettempdir()) / "annotator-scale"


def build_project(articles: int, annotations: int, folder: Path | None = None, *,
                  quiet: bool = False) -> Path:
    """The project file of that size: reused when cached, generated (to a partial file renamed
    at the end, so an interrupted run is never reused) otherwise."""
    from annotator.core.scale import generate_corpus
    from annotator.core.store import Store

    folder = folder or cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"scale-{articles}-{annotations}.db"
    if path.exists():
        return path
    partial = path.with_name(path.name + ".partial")
    for leftover in folder.glob(partial.name + "*"):
        leftover.unlink()
    t0 = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if not quiet and (done == total or done % 20000 == 0):
            print(f"  generated {done:,}/{total:,} articles "
                  f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)

    with Store.open(partial) as store:
        generate_corpus(store, articles, annotations, progress=progress)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.db.execute("ANALYZE")
    partial.rename(path)
    return path


# -- the fresh processes ----------------------------------------------------------------------
# Each measured start-up runs startup_child.py as a script (see its docstring).
CHILD_SCRIPT = Path(__file__).with_name("startup_child.py")


def prepare_settings(folder: str | Path, name: str = "bench") -> None:
    """The settings a measured app process starts from, written by the parent before it starts
    the process: only the annotator's name (no first-run dialog), as on a first start.

    Written here rather than in the measured process: each QSettings write rewrites (and syncs)
    the file, tens of milliseconds on some disks, which is the benchmark's set-up, not the
    app's start-up.  The file is what ``QSettings`` (INI format, user scope, organization
    SETTINGS_ORGANIZATION, application "annotator") reads."""
    ini = Path(folder) / SETTINGS_ORGANIZATION / "annotator.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text(f"[annotator]\nname={name}\n", encoding="utf-8")


def interactive_measures(app, window, *, searches: int, presses: int,  # noqa: ANN001
                         profile: bool) -> dict:
    """(b) search typed in the list's search box; (c) open articles, tag quotes."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile() if profile else None
    out: dict = {}
    out.update(_measure_search(app, window, searches, profiler))
    out.update(_measure_tagging(app, window, presses, profiler))
    if profiler is not None:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
        out["profile"] = text.getvalue()
    return out


def _wait_until(app, done, timeout: float = 30.0) -> None:  # noqa: ANN001
    deadline = time.perf_counter() + timeout
    while not done() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.0005)


def _measure_search(app, window, searches: int, profiler) -> dict:  # noqa: ANN001
    """Type a word in the search box: the last keystroke until the model has filtered and the
    table repainted; then clearing the box (the whole list back)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    panel = window.article_list
    model, box, table = panel.model, panel.search, panel.table
    resets: list[float] = []
    model.modelReset.connect(lambda: resets.append(time.perf_counter()))
    typed, cleared, hits = [], [], []
    for i in range(searches):
        word = SEARCH_WORDS[i % len(SEARCH_WORDS)]
        box.setFocus()
        QTest.keyClicks(box, word[:-1])
        app.processEvents()
        resets.clear()
        if profiler is not None:
            profiler.enable()
        t0 = time.perf_counter()
        QTest.keyClick(box, word[-1])
        _wait_until(app, lambda: bool(resets))
        table.viewport().repaint()
        typed.append(time.perf_counter() - t0)
        if profiler is not None:
            profiler.disable()
        hits.append(model.rowCount())
        resets.clear()
        t0 = time.perf_counter()
        QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(box, Qt.Key.Key_Backspace)
        _wait_until(app, lambda: bool(resets))
        table.viewport().repaint()
        cleared.append(time.perf_counter() - t0)
    return {"search_ms": [t * 1000 for t in typed], "clear_ms": [t * 1000 for t in cleared],
            "search_hits": hits}


def _measure_tagging(app, window, presses: int, profiler) -> dict:  # noqa: ANN001
    """Open articles from the list; in one, tag quotes from the keyboard (J, Q, a speaker,
    Enter): Enter until the text is repainted, and until every panel caught up."""
    from annotator.gui.benchmark import tag_next_sentence

    session = window.session
    total = session.store.query_one("SELECT count(*) AS n FROM annotations")["n"]
    model = window.article_list.model
    rows = model.rowCount()
    opened = []
    for i in range(10):
        article_id = model.article_id((i * 7919) % rows)
        t0 = time.perf_counter()
        window.open_article(article_id)
        window.article_view.viewport().repaint()
        opened.append(time.perf_counter() - t0)
        app.processEvents()
    window.activateWindow()
    view = window.article_view
    picker_ms, repaint_ms, settled_ms = [], [], []
    for i in range(presses):
        view.setFocus()
        if view.current_index >= len(view.sentences) - 1:
            window.step_article(1)
            app.processEvents()
        picker, repaint, settled = tag_next_sentence(app, window, i, profiler)
        picker_ms.append(picker)
        repaint_ms.append(repaint)
        settled_ms.append(settled)
    tagged = session.undo_stack.count()
    while session.undo_stack.canUndo():  # leave the cached project as it was
        session.undo_stack.undo()
    app.processEvents()
    return {"annotations": total, "open_ms": [t * 1000 for t in opened], "tagged": tagged,
            "picker_ms": picker_ms, "repaint_ms": repaint_ms, "settled_ms": settled_ms}


# -- the parent ----------------------------------------------------------------------------------
def pycache_dir() -> Path:
    """Where the measured processes keep compiled bytecode (see :func:`child_env`)."""
    return cache_dir() / "pycache"


def child_env(bytecode_cache: bool = True) -> dict[str, str]:
    """The environment of a measured process.

    With ``bytecode_cache`` (the default) every child, the floor's and the app's alike, reads
    and writes compiled bytecode in :func:`pycache_dir` even when the calling environment sets
    ``PYTHONDONTWRITEBYTECODE``: an installed app runs from compiled bytecode, so compiling
    the sources again in every process would measure the development set-up, not start-up.
    ``measure`` runs one unmeasured floor and app process first, which fills the cache.
    The children import the same ``annotator`` as this process (its folder goes first on
    ``PYTHONPATH``: they run with ``-P``, so a checkout is not on their path by itself).
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache_dir())
    return env


_BYTECODE_CACHE = True  # --no-bytecode-cache: the children compile what the environment says


def run_child(args: list[str]) -> dict:
    """Start a fresh Python process for one measurement; its RESULT line as a dict."""
    env = child_env(_BYTECODE_CACHE)
    launched = time.time()
    proc = subprocess.run(
        [sys.executable, "-P", str(CHILD_SCRIPT), args[0], repr(launched), *args[1:]],
        capture_output=True, text=True, env=env, timeout=900,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"benchmark child failed:\n{proc.stdout}\n{proc.stderr}")


def _drop_backups(db: Path) -> None:
    shutil.rmtree(db.with_name(f"{db.stem}.backups"), ignore_errors=True)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(round(0.95 * (len(ordered) - 1)))]


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values):.1f} ms, p95 {_p95(values):.1f} ms"


def measure(db: Path, *, repeats: int, searches: int, presses: int, profile: bool) -> dict:
    """All the figures: (a) over ``repeats`` fresh processes each, (b) and (c) in one more."""
    settings = tempfile.mkdtemp(prefix="annotator-scale-settings-")
    try:
        floor, app = [], []
        run_child(["floor"])  # unmeasured: bytecode compiled, files in the page cache
        prepare_settings(settings)
        run_child(["app", str(db), settings])
        _drop_backups(db)
        for _ in range(repeats):
            floor.append(run_child(["floor"]))
            prepare_settings(settings)
            app.append(run_child(["app", str(db), settings]))
            _drop_backups(db)
        options = {"searches": searches, "presses": presses, "profile": profile}
        prepare_settings(settings)
        interactive = run_child(["app", str(db), settings, json.dumps(options)])
        _drop_backups(db)
    finally:
        shutil.rmtree(settings, ignore_errors=True)
    return {"floor": floor, "app": app, "interactive": interactive}


def report(figures: dict, articles: int) -> str:
    """The figures as text, with their targets."""
    floor, app, it = figures["floor"], figures["app"], figures["interactive"]

    def med(items: list[dict], key: str) -> float:
        return statistics.median(item[key] for item in items)

    f_shown, a_shown = med(floor, "shown"), med(app, "shown")
    a_scroll = med(app, "scrollable")
    lines = [
        f"(a) start-up, fresh processes, median of {len(app)}:",
        f"    bare QApplication + QMainWindow shown: {f_shown * 1000:.0f} ms "
        f"(peak RSS {med(floor, 'rss_mb'):.0f} MB)",
        f"    `annotator --db` on {app[0]['rows']:,} articles, window shown: "
        f"{a_shown * 1000:.0f} ms; "
        f"ratio {a_shown / f_shown:.2f}x (target <= 2x)",
        f"    shown + article list scrolled to the end and repainted: {a_scroll * 1000:.0f} ms "
        f"(target <= 1000 ms)",
        f"    peak RSS of the app process: {max(a['rss_mb'] for a in app):.0f} MB "
        f"(target <= 300 MB); after (b) and (c): {it.get('rss_end_mb', 0):.0f} MB",
        f"(b) full-text search typed in the list's search box, {len(it['search_ms'])} words "
        f"({min(it['search_hits']):,}-{max(it['search_hits']):,} hits of {articles:,}): "
        f"last key -> model filtered + repainted {_ms(it['search_ms'])} (target median <= "
        f"100 ms); clearing the box: {_ms(it['clear_ms'])}",
        f"(c) {it['annotations']:,} annotations in the project: open an article "
        f"{_ms(it['open_ms'])}; tag a quote ({len(it['repaint_ms'])} presses):",
        f"    Enter in the speaker picker -> text repainted: {_ms(it['repaint_ms'])} "
        f"(target p95 <= 16 ms)",
        f"    Q -> speaker picker shown: {_ms(it['picker_ms'])}",
        f"    Enter -> every panel refreshed: {_ms(it['settled_ms'])}",
    ]
    if it.get("profile"):
        lines += ["", "cProfile of (b) and (c):", it["profile"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the project and print the figures."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m annotator.gui.scale_benchmark")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--annotations", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes for (a)")
    parser.add_argument("--searches", type=int, default=10, help="words typed for (b)")
    parser.add_argument("--presses", type=int, default=40, help="quotes tagged for (c)")
    parser.add_argument("--cache", type=Path, default=None, help="folder of cached projects")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile (b) and (c)")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="no shared bytecode cache: with PYTHONDONTWRITEBYTECODE set, every "
                             "process compiles the sources again")
    args = parser.parse_args(argv)
    global _BYTECODE_CACHE
    _BYTECODE_CACHE = not args.no_bytecode_cache
    t0 = time.perf_counter()
    db = build_project(args.articles, args.annotations, args.cache)
    print(f"project: {db} ({db.stat().st_size / 1e6:.0f} MB, ready in "
          f"{time.perf_counter() - t0:.1f} s)", flush=True)
    if args.build_only:
        return 0
    figures = measure(db, repeats=args.repeats, searches=args.searches, presses=args.presses,
                      profile=args.profile)
    print(json.dumps(figures) if args.json else report(figures, args.articles))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
