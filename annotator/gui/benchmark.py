"""Rendering and tagging speed of the desktop annotator: ``python -m annotator.gui.benchmark``.

(a) opening a 1 MB, 5,000-sentence article with every sentence tinted and 2,000 annotations
    drawn, against a bare ``QTextEdit.setPlainText`` + show of the same text (target <= 3x);
(b) from the keypress that tags a quote to the repaint, with 100,000 annotations in the
    project (target p95 <= 16 ms).

Prints the figures; asserts nothing.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QTextEdit  # noqa: E402

from annotator.core.model import Annotation, Sentence  # noqa: E402

WORDS = (  # noqa: SIM905 - a sentence is easier to read than a list of words
    "pemerintah mengatakan bahwa kebijakan baru akan segera diterapkan di seluruh wilayah "
    "the minister said that prices would fall next year according to officials katanya "
    "menurut juru bicara partai ekonomi tumbuh lima persen tahun ini 😀 data resmi"
).split()


def make_article(
    n_sentences: int = 5000, target_chars: int = 1_000_000, seed: int = 7
) -> tuple[str, list[Sentence]]:
    """A synthetic article: ~target_chars characters, n_sentences sentences, 3 per paragraph."""
    rng = random.Random(seed)
    per = target_chars // n_sentences
    parts: list[str] = []
    sentences: list[Sentence] = []
    pos = 0
    for i in range(n_sentences):
        words: list[str] = []
        length = 0
        while length < per - 12:
            w = rng.choice(WORDS)
            words.append(w)
            length += len(w) + 1
        sent = " ".join(words).capitalize() + "."
        sentences.append(Sentence(i + 1, pos, pos + len(sent)))
        sep = "\n\n" if i % 3 == 2 else " "
        parts.append(sent + sep)
        pos += len(sent) + len(sep)
    return "".join(parts), sentences


def make_annotations(
    sentences: list[Sentence], n: int = 2000, seed: int = 11, article_id: int = 1
) -> list[Annotation]:
    """Quotes across one to three sentences and claims inside them, some suggested."""
    rng = random.Random(seed)
    out: list[Annotation] = []
    for i in range(n):
        k = rng.randrange(len(sentences) - 3)
        if i % 2 == 0:
            end = sentences[k + rng.randrange(3)].end
            out.append(Annotation(
                i + 1, article_id, "quote", sentences[k].start, end, "", speaker_id=i % 37,
                speaker_name=f"Speaker {i % 37}", quote_type="direct",
                status="suggested" if i % 10 == 0 else "accepted",
            ))
        else:
            s = sentences[k]
            mid = (s.start + s.end) // 2
            out.append(Annotation(
                i + 1, article_id, "claim", s.start + 5, mid + 10, "", category_id=i % 9,
                category_name=f"C{i % 9}", status="suggested" if i % 7 == 0 else "accepted",
            ))
    return out


def _settle(app: QApplication, widget) -> None:  # noqa: ANN001
    widget.viewport().repaint()


def _dispose(app: QApplication, widget) -> None:  # noqa: ANN001
    widget.close()
    widget.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def bench_open(app: QApplication, repeats: int = 5) -> tuple[float, float, float]:
    """Median seconds: (annotated view to first paint, bare QTextEdit, annotated view until
    every block is highlighted)."""
    from annotator.gui.article_view import ArticleView

    text, sentences = make_article()
    anns = make_annotations(sentences)
    colors = {i: c for i, c in enumerate(
        ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf",
         "#999999", "#66c2a5"])}
    ours, bare, full = [], [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        edit = QTextEdit()
        edit.resize(1000, 700)
        edit.setPlainText(text)
        edit.show()
        _settle(app, edit)
        bare.append(time.perf_counter() - t0)
        _dispose(app, edit)

        t0 = time.perf_counter()
        view = ArticleView()
        view.resize(1000, 700)
        view.load(text, sentences, [], anns, colors)
        view.show()
        _settle(app, view)
        ours.append(time.perf_counter() - t0)
        while view.highlighter.lazy_pending:
            app.processEvents()
        full.append(time.perf_counter() - t0)
        _dispose(app, view)
    return statistics.median(ours), statistics.median(bare), statistics.median(full)


def build_project(db: Path, n_annotations: int = 100_000, per_article: int = 100) -> int:
    """A project holding ``n_annotations`` annotations over synthetic articles; returns the id
    of the article to tag in (sentences of its own, a hundred annotations like the others)."""
    from annotator.core.store import Store

    with Store.open(db) as store:
        if store.count_articles():
            return store.article_ids()[0]
        with store.transaction():
            for n in range(max(1, n_annotations // per_article)):
                text, sentences = make_article(n_sentences=60, target_chars=12_000, seed=n)
                text = f"Artikel {n}. " + text
                shift = len(f"Artikel {n}. ")
                spans = [(0, shift - 1)] + [(s.start + shift, s.end + shift) for s in sentences]
                article_id, _ = store.insert_article(
                    text, metadata={"title": f"Artikel {n}"}, sentences=spans)
                items = []
                for i in range(per_article):
                    start, end = spans[1 + i % 59]
                    items.append({"kind": "quote" if i % 2 else "claim", "start": start,
                                  "end": end - (i % 5), "speaker": f"Tokoh {i % 40}",
                                  "category": "quantity", "quote_type": "direct"})
                store.insert_suggestions(article_id, items)
        return store.article_ids()[0]


def bench_tag(app: QApplication, n_annotations: int = 100_000, presses: int = 40) -> dict:
    """Milliseconds per quote tagged from the keyboard in a project of ``n_annotations``:
    Q to the picker shown, Enter in the picker to the text repainted, and until every panel
    has caught up (deferred refreshes run)."""
    from PySide6.QtCore import QCoreApplication, QSettings

    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import ProjectSession

    tmp = Path(tempfile.gettempdir()) / "annotator-bench"
    tmp.mkdir(exist_ok=True)
    QCoreApplication.setOrganizationName("annotator-bench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
    base = tmp / f"bench-base-{n_annotations}.db"
    article_id = build_project(base, n_annotations)  # built once, then copied per run
    db = Path(tempfile.mkdtemp(prefix="annotator-bench-run-")) / "bench.db"
    shutil.copyfile(base, db)
    session = ProjectSession.open(str(db), annotator="bench")
    total = session.store.query_one("SELECT count(*) AS n FROM annotations")["n"]
    window = MainWindow(session, open_last=False)
    window.resize(1280, 800)
    window.show()
    window.open_article(article_id)
    window.activateWindow()
    app.processEvents()
    view = window.article_view
    view.setFocus()
    picker_ms, repaint_ms, settled_ms = [], [], []
    for i in range(presses):
        picker, repaint, settled = tag_next_sentence(app, window, i)
        picker_ms.append(picker)
        repaint_ms.append(repaint)
        settled_ms.append(settled)
    window.close()
    session.close()
    shutil.rmtree(db.parent, ignore_errors=True)
    return {"annotations": total, "picker": picker_ms, "repaint": repaint_ms,
            "settled": settled_ms}


def tag_next_sentence(app: QApplication, window: Any, i: int, profiler: Any = None
                      ) -> tuple[float, float, float]:
    """J, then tag that sentence a quote as a user does (Q, a speaker name, Enter): ms until
    the picker is shown, until the text is repainted, until every panel is refreshed.
    ``profiler`` (cProfile) records the Enter only."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = window.article_view
    QTest.keyClick(view, Qt.Key.Key_J)
    app.processEvents()
    t0 = time.perf_counter()
    QTest.keyClick(view, Qt.Key.Key_Q)
    picker = window.tagger.picker
    picker.repaint()
    shown = (time.perf_counter() - t0) * 1000
    picker.name_edit.setText(f"Tokoh {i % 40}" if i % 3 else f"Baru {i}")
    app.processEvents()
    if profiler is not None:
        profiler.enable()
    t0 = time.perf_counter()
    QTest.keyClick(picker.name_edit, Qt.Key.Key_Return)
    view.viewport().repaint()
    repainted = (time.perf_counter() - t0) * 1000
    app.processEvents()
    settled = (time.perf_counter() - t0) * 1000
    if profiler is not None:
        profiler.disable()
    return shown, repainted, settled


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks and print the figures."""
    argv = sys.argv[1:] if argv is None else argv
    app = QApplication.instance() or QApplication([])
    ours, bare, full = bench_open(app)
    print(f"(a) open 1 MB / 5,000 sentences / 2,000 annotations, first screen painted: "
          f"{ours * 1000:.0f} ms; bare QTextEdit setPlainText+show+paint: {bare * 1000:.0f} ms; "
          f"ratio {ours / bare:.2f}x (target <= 3x); every block highlighted (idle slices): "
          f"{full * 1000:.0f} ms, ratio {full / bare:.2f}x")
    if "--open-only" in argv:
        return 0
    result = bench_tag(app)
    print(f"(b) tag a quote with {result['annotations']:,} annotations in the project:")
    for key, label in (("repaint", "Enter in the speaker picker -> text repainted"),
                       ("picker", "Q -> speaker picker shown"),
                       ("settled", "Enter -> every panel refreshed")):
        values = result[key]
        print(f"    {label}: median {statistics.median(values):.1f} ms, "
              f"p95 {_p95(values):.1f} ms" + ("  (target p95 <= 16 ms)" if key == "repaint"
                                               else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
