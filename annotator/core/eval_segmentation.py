"""Scoring sentence segmentation against the hand-made gold of the development set.

Boundary definition (what is counted): for each article, the set of END offsets of all its
sentences except the last one (the end of the text is not a decision).  A predicted boundary
is a true positive when the gold has a sentence ending at exactly the same offset, so a
closing quotation mark kept on the wrong side counts as one miss plus one spurious boundary.

Two scores are given per language and overall:

* ``all``: every boundary, paragraph ends included (the headline figure; the lead's target
  F1 >= 0.98 applies to it);
* ``inline``: only boundaries with no line break between the sentence end and the next
  sentence's start, i.e. the hard decisions inside a paragraph.

Scores are micro-averaged: counts are summed over articles before computing P/R/F1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from annotator.core.scores import PrecisionRecall
from annotator.core.segment import segment

Span = tuple[int, int]
_CONTEXT = 30


class _GoldLike(Protocol):
    name: str
    language: str
    text: str
    sentences: list[Span]


@dataclass
class Counts(PrecisionRecall):
    """True positives, false positives (spurious) and false negatives (missed)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class LanguageScore:
    """Scores for one language (or ``"all"``): every boundary and inline-only boundaries."""

    language: str
    articles: int = 0
    gold_sentences: int = 0
    predicted_sentences: int = 0
    all: Counts = field(default_factory=Counts)
    inline: Counts = field(default_factory=Counts)


@dataclass(frozen=True)
class BoundaryError:
    """One wrong boundary: ``kind`` is "missed" (in gold only) or "spurious" (predicted only).

    ``context`` shows the text around ``offset`` with ``|`` marking the boundary position.
    """

    article: str
    language: str
    offset: int
    kind: str
    context: str


@dataclass
class SegmentationReport:
    """Per-language scores (keys are language codes), the overall score and every error."""

    languages: dict[str, LanguageScore]
    overall: LanguageScore
    errors: list[BoundaryError]


def _boundaries(spans: Sequence[Span]) -> set[int]:
    ends = sorted(end for _, end in spans)
    return set(ends[:-1])


def _inline(text: str, offsets: Iterable[int]) -> set[int]:
    """Offsets after which the next non-space character comes before any line break."""
    result = set()
    for offset in offsets:
        rest = text[offset : offset + 200]
        stripped = rest.lstrip()
        gap = rest[: len(rest) - len(stripped)]
        if "\n" not in gap and "\r" not in gap and stripped:
            result.add(offset)
    return result


def _context(text: str, offset: int) -> str:
    before = text[max(0, offset - _CONTEXT) : offset]
    after = text[offset : offset + _CONTEXT]
    return (before + "|" + after).replace("\n", "⏎")


def _count(gold: set[int], predicted: set[int]) -> Counts:
    return Counts(len(gold & predicted), len(predicted - gold), len(gold - predicted))


def evaluate_segmentation(
    gold_articles: Iterable[_GoldLike],
    segmenter: Callable[[str], list[Span]] = segment,
) -> SegmentationReport:
    """Score ``segmenter`` (default :func:`segment`) on gold articles (``GoldArticle``-like).

    Errors are listed article by article in text order.
    """
    languages: dict[str, LanguageScore] = {}
    overall = LanguageScore("all")
    errors: list[BoundaryError] = []
    for article in gold_articles:
        text = article.text
        predicted_spans = segmenter(text)
        gold = _boundaries(article.sentences)
        predicted = _boundaries(predicted_spans)
        score = languages.setdefault(article.language, LanguageScore(article.language))
        all_counts = _count(gold, predicted)
        inline_counts = _count(_inline(text, gold), _inline(text, predicted))
        for target in (score, overall):
            target.articles += 1
            target.gold_sentences += len(article.sentences)
            target.predicted_sentences += len(predicted_spans)
            target.all.add(all_counts)
            target.inline.add(inline_counts)
        wrong = [(o, "missed") for o in gold - predicted] + [
            (o, "spurious") for o in predicted - gold
        ]
        for offset, kind in sorted(wrong):
            errors.append(
                BoundaryError(article.name, article.language, offset, kind, _context(text, offset))
            )
    return SegmentationReport(dict(sorted(languages.items())), overall, errors)


def format_report(
    report: SegmentationReport, show_errors: bool = False, *, max_errors: int | None = None
) -> str:
    """A plain-text table of P/R/F1 per language and overall.

    With ``show_errors`` every missed/spurious boundary follows (at most ``max_errors`` when
    given), one line each with ``|`` marking the position in a context snippet; without it only
    their number is given.
    """
    header = (
        f"{'language':<9}{'articles':>9}{'gold':>6}{'pred':>6}"
        f"{'P':>8}{'R':>7}{'F1':>7}   {'inline P':>8}{'R':>7}{'F1':>7}"
    )
    lines = ["Sentence segmentation (boundary = sentence end offset, last one excluded)", header]
    lines.append("-" * len(header))
    for score in [*report.languages.values(), report.overall]:
        a, i = score.all, score.inline
        lines.append(
            f"{score.language:<9}{score.articles:>9}{score.gold_sentences:>6}"
            f"{score.predicted_sentences:>6}{a.precision:>8.3f}{a.recall:>7.3f}{a.f1:>7.3f}"
            f"   {i.precision:>8.3f}{i.recall:>7.3f}{i.f1:>7.3f}"
        )
    missed = sum(1 for e in report.errors if e.kind == "missed")
    spurious = len(report.errors) - missed
    lines.append("")
    if not report.errors:
        lines.append("No errors.")
    elif not show_errors:
        lines.append(f"{missed} missed and {spurious} spurious boundaries (--errors lists them).")
    else:
        lines.append(f"Errors ({missed} missed, {spurious} spurious):")
        shown = report.errors if max_errors is None else report.errors[:max_errors]
        for error in shown:
            lines.append(f"  {error.kind:<8} {error.article} @{error.offset}: {error.context!r}")
        if len(shown) < len(report.errors):
            lines.append(f"  ... {len(report.errors) - len(shown)} more")
    return "\n".join(lines)


def evaluate_dev_set(samples_dir: Path | str | None = None) -> SegmentationReport:
    """Score :func:`segment` on the development set (``samples/gold``; default: bundled)."""
    from annotator.core.gold import load_gold_set

    return evaluate_segmentation(load_gold_set(Path(samples_dir) if samples_dir else None))


def report_to_dict(report: SegmentationReport) -> dict[str, Any]:
    """A JSON-ready form of the report: scores with P/R/F1 spelled out, and the errors."""

    def score(s: LanguageScore) -> dict[str, Any]:
        result: dict[str, Any] = {
            "language": s.language,
            "articles": s.articles,
            "gold_sentences": s.gold_sentences,
            "predicted_sentences": s.predicted_sentences,
        }
        for name, counts in (("all", s.all), ("inline", s.inline)):
            result[name] = {
                "tp": counts.tp,
                "fp": counts.fp,
                "fn": counts.fn,
                "precision": round(counts.precision, 4),
                "recall": round(counts.recall, 4),
                "f1": round(counts.f1, 4),
            }
        return result

    return {
        "languages": {code: score(s) for code, s in report.languages.items()},
        "overall": score(report.overall),
        "errors": [asdict(error) for error in report.errors],
    }
