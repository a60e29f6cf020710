"""Scoring :func:`annotator.core.suggest.suggest` against the hand-made gold of the dev set.

Matching rule (the same for quotes and claims): a suggestion matches a gold item when their
overlap covers at least half of each span; matching is one-to-one, largest overlaps first.
Direct and indirect quotes are scored separately (a suggested direct quote only matches a
gold direct quote).  Speaker accuracy counts matched quotes whose suggested speaker equals the
gold speaker or one of its aliases, ignoring case (a gold speaker of None wants None).
Claim category agreement is the share of matched claims with the gold category.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.gold import GoldArticle, GoldQuote
from annotator.core.scores import PrecisionRecall
from annotator.core.suggest import suggest

Suggester = Callable[[GoldArticle], list[dict]]


@dataclass(frozen=True)
class SpanScores(PrecisionRecall):
    """True positives, false positives and false negatives of one span layer."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: SpanScores) -> SpanScores:
        return SpanScores(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class LanguageReport:
    """All figures of one language (or of everything, language "all")."""

    language: str
    articles: int = 0
    direct: SpanScores = field(default_factory=SpanScores)
    indirect: SpanScores = field(default_factory=SpanScores)
    speaker_right: int = 0
    speaker_total: int = 0
    claims: SpanScores = field(default_factory=SpanScores)
    category_same: int = 0
    category_total: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_total if self.speaker_total else 1.0

    @property
    def category_agreement(self) -> float:
        return self.category_same / self.category_total if self.category_total else 1.0

    def __add__(self, other: LanguageReport) -> LanguageReport:
        return LanguageReport(
            self.language,
            self.articles + other.articles,
            self.direct + other.direct,
            self.indirect + other.indirect,
            self.speaker_right + other.speaker_right,
            self.speaker_total + other.speaker_total,
            self.claims + other.claims,
            self.category_same + other.category_same,
            self.category_total + other.category_total,
        )


@dataclass(frozen=True)
class SuggestionReport:
    """Figures per language plus ``"all"``, and one line per error for debugging."""

    languages: dict[str, LanguageReport]
    errors: tuple[str, ...] = ()

    @property
    def overall(self) -> LanguageReport:
        return self.languages["all"]


@dataclass(frozen=True)
class BenchmarkResult:
    """Throughput of the suggester on a set of articles."""

    articles_per_second: float
    ms_per_600_words: float
    articles: int
    words: int


def overlap_match(
    predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs overlapping at least half of both."""
    candidates: list[tuple[int, int, int]] = []
    for i, (p_start, p_end) in enumerate(predicted):
        for j, (g_start, g_end) in enumerate(gold):
            overlap = min(p_end, g_end) - max(p_start, g_start)
            if overlap > 0 and 2 * overlap >= p_end - p_start and 2 * overlap >= g_end - g_start:
                candidates.append((overlap, i, j))
    pairs: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def speaker_is_right(predicted: str | None, gold: GoldQuote) -> bool:
    """True when ``predicted`` names the gold speaker (or an alias), ignoring case."""
    if gold.speaker is None:
        return predicted is None
    if predicted is None:
        return False
    wanted = {gold.speaker.casefold(), *(a.casefold() for a in gold.speaker_aliases)}
    return predicted.strip().casefold() in wanted


def _short(text: str, start: int, end: int, width: int = 70) -> str:
    snippet = " ".join(text[start:end].split())
    return repr(snippet if len(snippet) <= width else snippet[: width - 1] + "…")


def default_suggester(article: GoldArticle) -> list[dict]:
    """Run :func:`suggest` the way the app does, with the gold sentences and exclusions."""
    return suggest(article.text, article.sentences, article.excluded, language=article.language)


def _score_layer(
    article: GoldArticle,
    preds: list[dict],
    golds: Sequence[Any],
    name: str,
    label_key: str,
    gold_label: Callable[[Any], Any],
    is_right: Callable[[dict, Any], bool],
    errors: list[str],
) -> tuple[SpanScores, int]:
    """Overlap-match one layer (direct quotes, indirect quotes or claims), count matched
    pairs whose `label_key` is right, and list every wrong label, spurious and missed span."""
    pairs = overlap_match(
        [(p["start"], p["end"]) for p in preds], [(g.start, g.end) for g in golds]
    )
    text = article.text
    right = 0
    for i, j in pairs:
        if is_right(preds[i], golds[j]):
            right += 1
        else:
            errors.append(
                f"{article.name}: {name} {label_key} {preds[i][label_key]!r}, gold "
                f"{gold_label(golds[j])!r}: {_short(text, golds[j].start, golds[j].end)}"
            )
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    for i, p in enumerate(preds):
        if i not in matched_p:
            errors.append(
                f"{article.name}: spurious {name} ({p[label_key]!r}): "
                f"{_short(text, p['start'], p['end'])}"
            )
    for j, g in enumerate(golds):
        if j not in matched_g:
            errors.append(
                f"{article.name}: missed {name} ({gold_label(g)!r}): {_short(text, g.start, g.end)}"
            )
    scores = SpanScores(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs))
    return scores, right


def _score_quotes(
    article: GoldArticle, predicted: list[dict], kind: str, errors: list[str]
) -> tuple[SpanScores, int, int]:
    preds = [p for p in predicted if p["kind"] == "quote" and p["quote_type"] == kind]
    golds = [g for g in article.quotes if g.type == kind]
    scores, right = _score_layer(
        article,
        preds,
        golds,
        kind,
        "speaker",
        lambda g: g.speaker,
        lambda p, g: speaker_is_right(p["speaker"], g),
        errors,
    )
    return scores, right, scores.tp


def _score_claims(
    article: GoldArticle, predicted: list[dict], errors: list[str]
) -> tuple[SpanScores, int]:
    preds = [p for p in predicted if p["kind"] == "claim"]
    return _score_layer(
        article,
        preds,
        article.claims,
        "claim",
        "category",
        lambda g: g.category,
        lambda p, g: p["category"] == g.category,
        errors,
    )


def evaluate_article(
    article: GoldArticle, predicted: list[dict], errors: list[str] | None = None
) -> LanguageReport:
    """The figures of one article given its suggestions; error lines go to ``errors``."""
    errors = [] if errors is None else errors
    direct, direct_right, direct_matched = _score_quotes(article, predicted, "direct", errors)
    indirect, ind_right, ind_matched = _score_quotes(article, predicted, "indirect", errors)
    claims, same = _score_claims(article, predicted, errors)
    return LanguageReport(
        article.language,
        1,
        direct,
        indirect,
        direct_right + ind_right,
        direct_matched + ind_matched,
        claims,
        same,
        claims.tp,
    )


def evaluate_suggestions(
    gold_articles: Sequence[GoldArticle], suggester: Suggester = default_suggester
) -> SuggestionReport:
    """Score the suggester on every gold article; figures per language and for all."""
    reports: dict[str, LanguageReport] = {"all": LanguageReport("all")}
    errors: list[str] = []
    for article in gold_articles:
        report = evaluate_article(article, suggester(article), errors)
        language = article.language
        reports[language] = reports.get(language, LanguageReport(language)) + report
        reports["all"] = reports["all"] + report
    return SuggestionReport(reports, tuple(errors))


def _prf(name: str, scores: SpanScores) -> str:
    return (
        f"  {name:<9} P {scores.precision:6.1%}  R {scores.recall:6.1%}  F1 {scores.f1:6.1%}"
        f"  (tp {scores.tp}, fp {scores.fp}, fn {scores.fn})"
    )


def format_report(report: SuggestionReport, *, errors: bool = False) -> str:
    """A plain-text table of the report; with ``errors=True`` the error listing follows."""
    lines: list[str] = []
    ordered = sorted(report.languages, key=lambda name: (name == "all", name))
    for name in ordered:
        lang = report.languages[name]
        lines.append(f"{name} ({lang.articles} articles)")
        lines.append(_prf("direct", lang.direct))
        lines.append(_prf("indirect", lang.indirect))
        lines.append(
            f"  speakers  {lang.speaker_accuracy:6.1%} right "
            f"({lang.speaker_right}/{lang.speaker_total} matched quotes)"
        )
        lines.append(_prf("claims", lang.claims))
        lines.append(
            f"  category  {lang.category_agreement:6.1%} agree "
            f"({lang.category_same}/{lang.category_total} matched claims)"
        )
    if errors and report.errors:
        lines.append("")
        lines.append("errors:")
        lines.extend(f"  {line}" for line in report.errors)
    return "\n".join(lines)


def benchmark(
    gold_articles: Sequence[GoldArticle],
    suggester: Suggester = default_suggester,
    repeats: int = 5,
) -> BenchmarkResult:
    """Best-of-``repeats`` time of suggesting every article (time.perf_counter)."""
    if not gold_articles:
        return BenchmarkResult(0.0, 0.0, 0, 0)
    total_words = sum(len(a.text.split()) for a in gold_articles)
    best = float("inf")
    for _ in range(max(1, repeats)):
        began = time.perf_counter()
        for article in gold_articles:
            suggester(article)
        best = min(best, time.perf_counter() - began)
    best = max(best, 1e-9)
    return BenchmarkResult(
        articles_per_second=len(gold_articles) / best,
        ms_per_600_words=best * 1000 * 600 / max(total_words, 1),
        articles=len(gold_articles),
        words=total_words,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m annotator.core.eval_suggestions [--errors]``: print the dev-set report."""
    import sys

    from annotator.core.gold import load_gold_set

    args = list(sys.argv[1:] if argv is None else argv)
    articles = load_gold_set()
    report = evaluate_suggestions(articles)
    print(format_report(report, errors="--errors" in args))
    result = benchmark(articles)
    print(
        f"speed: {result.articles_per_second:.1f} articles/s, "
        f"{result.ms_per_600_words:.2f} ms per 600 words"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
