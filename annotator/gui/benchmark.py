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
import statistics
import sys
import tempfile
import time
from pathlib import Path

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


def bench_tag(app: QApplication, n_annotations: int = 100_000, presses: int = 60) -> list[float]:
    """Milliseconds from a Q keypress (speaker picker answered at once) to the repaint."""
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from annotator.gui.bench_project import build_project
    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import ProjectSession

    tmp = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
    db = tmp / "bench.db"
    article_id, speaker = build_project(db, n_annotations)
    session = ProjectSession.open(str(db), annotator="bench")
    window = MainWindow(session)
    window.resize(1280, 800)
    window.show()
    window.open_article(article_id)
    app.processEvents()
    window.picker_answer = (speaker, "direct")  # answer the picker without showing it
    view = window.article_view
    view.setFocus()
    times = []
    for _ in range(presses):
        QTest.keyClick(view, Qt.Key.Key_J)
        app.processEvents()
        t0 = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Q)
        view.viewport().repaint()
        times.append((time.perf_counter() - t0) * 1000)
    window.close()
    session.close()
    return times


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
    times = bench_tag(app)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"(b) tag a quote with 100,000 annotations in the project: median "
          f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms (target <= 16 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
