"""Project-level inter-annotator agreement over a Store, per article and over the project.

Built on the pure formulas of `annotator.core.agreement`. Only accepted annotations count;
the suggester never counts, and the gold layer only when named in `annotators`.

Which articles count: an article enters a pair's figures when both annotators have at least
one accepted annotation (quote or claim) in it, and the all-annotator figures when at least
two annotators do (an annotator who did not touch an article is "missing" there, not "found
nothing"). The quote unitizing alpha across all annotators needs every annotator on a text, so
it uses the articles all of them annotated.

Figures (NaN where undefined, shown as "–" and null in JSON):
- quotes: F1 under exact matching and under overlap matching (overlap >= `threshold` of both
  spans), pooled over articles (F1 = 2 matched / (n_a + n_b)); Krippendorff's unitizing alpha
  over the character continuum (quote vs. no quote, labels ignored, a coder's overlapping
  quotes merged).
- speakers on overlap-matched quotes: Cohen's kappa and raw agreement (speaker names compared
  ignoring case; no speaker is a value of its own).
- claim categories on sentence units (each sentence gets the category of the annotator's claim
  overlapping it most, "no claim" otherwise; sentences inside excluded ranges are left out):
  Cohen's kappa, raw agreement and Gwet's AC1 per pair, Krippendorff's alpha (nominal) and AC1
  across all annotators; on overlap-matched claim spans: Cohen's kappa, AC1 and raw agreement
  per pair. Across all annotators, speakers and claim categories are also compared on
  clusters of overlapping spans (`span_units`): Krippendorff's alpha (and AC1 for claims).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

from annotator.core import agreement as ag
from annotator.core.adjudication import GOLD_ANNOTATOR, NON_ANNOTATORS
from annotator.core.model import Annotation
from annotator.core.store import Store, StoreError

NAN = float("nan")


@dataclass(frozen=True)
class PairAgreement:
    """Agreement of two annotators over the articles both annotated (`articles`)."""

    annotator_a: str
    annotator_b: str
    articles: int
    quotes_a: int
    quotes_b: int
    quote_f1_exact: float
    quote_f1_overlap: float
    quote_unitizing_alpha: float
    speaker_kappa: float
    speaker_agreement: float
    speaker_items: int
    claims_a: int
    claims_b: int
    claim_f1_overlap: float
    category_kappa_sentences: float
    category_agreement_sentences: float
    category_ac1_sentences: float
    sentence_items: int
    category_kappa_spans: float
    category_agreement_spans: float
    category_ac1_spans: float
    span_items: int


@dataclass(frozen=True)
class GroupAgreement:
    """Agreement across all chosen annotators."""

    annotators: tuple[str, ...]
    articles: int
    quote_unitizing_alpha: float
    quote_alpha_articles: int
    category_alpha_sentences: float
    category_ac1_sentences: float
    category_agreement_sentences: float
    sentence_items: int
    speaker_alpha: float
    speaker_units: int
    category_alpha_spans: float
    category_ac1_spans: float
    span_units: int


@dataclass(frozen=True)
class ScopeAgreement:
    """The figures for one scope: one article (`article_id` set) or the project."""

    label: str
    article_id: int | None
    article_ids: tuple[int, ...]
    pairs: tuple[PairAgreement, ...]
    overall: GroupAgreement


@dataclass(frozen=True)
class AgreementReport:
    """What `agreement_report` returns: the project scope and one scope per article."""

    annotators: tuple[str, ...]
    threshold: float
    project: ScopeAgreement
    articles: tuple[ScopeAgreement, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, NaN as None."""
        return _clean(asdict(self))


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


# --- gathering ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _ArticleData:
    article_id: int
    length: int
    sentences: tuple[tuple[int, int], ...]
    quotes: dict[str, tuple[ag.Span, ...]]
    claims: dict[str, tuple[ag.Span, ...]]
    annotated: frozenset[str]


def _speaker(a: Annotation) -> str | None:
    return a.speaker_name.casefold() if a.speaker_name else None


def _gather(store: Store, article_id: int, annotators: Sequence[str]) -> _ArticleData:
    article = store.get_article(article_id)
    excluded = [(e.start, e.end) for e in store.excluded(article_id)]
    sentences = tuple(
        (s.start, s.end)
        for s in store.sentences(article_id)
        if not any(x0 <= s.start and s.end <= x1 for x0, x1 in excluded)
    )
    quotes: dict[str, list[ag.Span]] = {n: [] for n in annotators}
    claims: dict[str, list[ag.Span]] = {n: [] for n in annotators}
    for a in store.annotations(article_id, statuses=("accepted",)):
        if a.annotator not in quotes:
            continue
        if a.kind == "quote":
            quotes[a.annotator].append((a.start, a.end, _speaker(a)))
        else:
            claims[a.annotator].append((a.start, a.end, a.category_key))
    annotated = frozenset(n for n in annotators if quotes[n] or claims[n])
    return _ArticleData(
        article_id,
        len(article.text),
        sentences,
        {k: tuple(v) for k, v in quotes.items()},
        {k: tuple(v) for k, v in claims.items()},
        annotated,
    )


def default_annotators(store: Store) -> list[str]:
    """Every annotator with accepted annotations, the suggester and the gold layer left out."""
    names = set()
    for article_id in store.article_ids():
        for a in store.annotations(article_id, statuses=("accepted",)):
            if a.annotator and a.annotator not in (*NON_ANNOTATORS, GOLD_ANNOTATOR):
                names.add(a.annotator)
    return sorted(names)


# --- computing -----------------------------------------------------------------------------------
def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else NAN


def _pair(
    data: Sequence[_ArticleData], a: str, b: str, threshold: float, scheme: set
) -> PairAgreement:
    shared = [d for d in data if a in d.annotated and b in d.annotated]
    n_qa = sum(len(d.quotes[a]) for d in shared)
    n_qb = sum(len(d.quotes[b]) for d in shared)
    exact = overlap = claim_matched = 0
    speaker_pairs: list[tuple] = []
    span_pairs: list[tuple] = []
    sentence_units: list[tuple] = []
    texts = []
    for d in shared:
        exact += ag.match_spans(d.quotes[a], d.quotes[b], mode="exact").n_matched
        overlap += ag.match_spans(
            d.quotes[a], d.quotes[b], mode="overlap", threshold=threshold
        ).n_matched
        claim_matched += ag.match_spans(
            d.claims[a], d.claims[b], mode="overlap", threshold=threshold
        ).n_matched
        speaker_pairs += ag.matched_span_label_pairs(d.quotes[a], d.quotes[b], threshold=threshold)
        span_pairs += ag.matched_span_label_pairs(d.claims[a], d.claims[b], threshold=threshold)
        sentence_units += ag.sentence_category_units(d.sentences, [d.claims[a], d.claims[b]])
        texts.append(ag.UnitizedText(d.length, {a: d.quotes[a], b: d.quotes[b]}))
    alpha = (
        ag.krippendorff_unitizing_alpha(texts, by_label=False, merge_overlaps=True).alpha
        if texts
        else NAN
    )
    n_ca = sum(len(d.claims[a]) for d in shared)
    n_cb = sum(len(d.claims[b]) for d in shared)
    categories = scheme | {label for unit in sentence_units for label in unit}
    return PairAgreement(
        annotator_a=a,
        annotator_b=b,
        articles=len(shared),
        quotes_a=n_qa,
        quotes_b=n_qb,
        quote_f1_exact=_ratio(2 * exact, n_qa + n_qb),
        quote_f1_overlap=_ratio(2 * overlap, n_qa + n_qb),
        quote_unitizing_alpha=alpha,
        speaker_kappa=ag.cohen_kappa(speaker_pairs).value,
        speaker_agreement=ag.percent_agreement(speaker_pairs).value,
        speaker_items=len(speaker_pairs),
        claims_a=n_ca,
        claims_b=n_cb,
        claim_f1_overlap=_ratio(2 * claim_matched, n_ca + n_cb),
        category_kappa_sentences=ag.cohen_kappa(sentence_units).value,
        category_agreement_sentences=ag.percent_agreement(sentence_units).value,
        category_ac1_sentences=ag.gwet_ac1(sentence_units, categories).value,
        sentence_items=len(sentence_units),
        category_kappa_spans=ag.cohen_kappa(span_pairs).value,
        category_agreement_spans=ag.percent_agreement(span_pairs).value,
        category_ac1_spans=ag.gwet_ac1(
            span_pairs, scheme | {x for p in span_pairs for x in p}
        ).value,
        span_items=len(span_pairs),
    )


def _group(data: Sequence[_ArticleData], names: Sequence[str], scheme: set) -> GroupAgreement:
    usable = [d for d in data if len(d.annotated) >= 2]
    units: list[tuple] = []
    for d in usable:
        rows = ag.sentence_category_units(d.sentences, [d.claims[n] for n in names])
        for row in rows:
            units.append(
                tuple(
                    label if name in d.annotated else ag.MISSING
                    for name, label in zip(names, row, strict=True)
                )
            )
    complete = [d for d in data if d.annotated >= set(names)] if len(names) >= 2 else []
    alpha = (
        ag.krippendorff_unitizing_alpha(
            [ag.UnitizedText(d.length, {n: d.quotes[n] for n in names}) for d in complete],
            by_label=False,
            merge_overlaps=True,
        ).alpha
        if complete
        else NAN
    )
    categories = scheme | {v for unit in units for v in unit if v is not ag.MISSING}
    speaker_units = [u for d in usable for u in span_units(d.quotes, names, d.annotated)]
    claim_units = [u for d in usable for u in span_units(d.claims, names, d.annotated)]
    claim_categories = scheme | {v for u in claim_units for v in u if v is not ag.MISSING}
    return GroupAgreement(
        annotators=tuple(names),
        articles=len(usable),
        quote_unitizing_alpha=alpha,
        quote_alpha_articles=len(complete),
        category_alpha_sentences=ag.krippendorff_alpha_nominal(units).value,
        category_ac1_sentences=ag.gwet_ac1(units, categories).value,
        category_agreement_sentences=ag.percent_agreement(units).value,
        sentence_items=sum(1 for u in units if sum(v is not ag.MISSING for v in u) >= 2),
        speaker_alpha=ag.krippendorff_alpha_nominal(speaker_units).value,
        speaker_units=len(speaker_units),
        category_alpha_spans=ag.krippendorff_alpha_nominal(claim_units).value,
        category_ac1_spans=ag.gwet_ac1(claim_units, claim_categories).value,
        span_units=len(claim_units),
    )


def span_units(
    spans: dict[str, tuple[ag.Span, ...]], names: Sequence[str], annotated: frozenset[str]
) -> list[tuple]:
    """Units for the all-annotator coefficients on spans: the annotators' spans grouped into
    clusters of (transitively) overlapping spans; in each cluster an annotator's rating is the
    label of their span overlapping the cluster's first span most (their earliest on a tie),
    MISSING when they have none there. Only clusters with at least two ratings are returned."""
    tagged = sorted(
        (start, end, name, label)
        for name in names
        if name in annotated
        for start, end, label in spans[name]
    )
    clusters: list[list[tuple]] = []
    cluster_end = -1
    for item in tagged:
        if clusters and item[0] < cluster_end:
            clusters[-1].append(item)
            cluster_end = max(cluster_end, item[1])
        else:
            clusters.append([item])
            cluster_end = item[1]
    units = []
    for cluster in clusters:
        first_start, first_end = cluster[0][0], cluster[0][1]
        ratings: dict[str, object] = {}
        best: dict[str, int] = {}
        for start, end, name, label in cluster:
            overlap = max(0, min(end, first_end) - max(start, first_start))
            if name not in best or overlap > best[name]:
                best[name], ratings[name] = overlap, label
        unit = tuple(ratings.get(name, ag.MISSING) for name in names)
        if sum(r is not ag.MISSING for r in unit) >= 2:
            units.append(unit)
    return units


def _scope(
    label: str,
    article_id: int | None,
    data: Sequence[_ArticleData],
    names: Sequence[str],
    threshold: float,
    scheme: set,
) -> ScopeAgreement:
    pairs = tuple(_pair(data, a, b, threshold, scheme) for a, b in combinations(names, 2))
    return ScopeAgreement(
        label,
        article_id,
        tuple(d.article_id for d in data),
        pairs,
        _group(data, names, scheme),
    )


def agreement_report(
    store: Store,
    article_ids: Sequence[int] | None = None,
    annotators: Sequence[str] | None = None,
    *,
    threshold: float = 0.5,
    per_article: bool = True,
) -> AgreementReport:
    """Agreement per article (when `per_article`) and over the chosen articles (all by
    default) for each pair of `annotators` (default: `default_annotators`) and all together."""
    known = store.article_ids()
    ids = list(article_ids) if article_ids else known
    missing = [i for i in ids if i not in set(known)]
    if missing:
        raise StoreError(f"no article with id {', '.join(map(str, missing))} in the project")
    names = list(dict.fromkeys(annotators)) if annotators else default_annotators(store)
    scheme: set = {c.key for c in store.categories()} | {None}
    data = [_gather(store, i, names) for i in ids]
    scopes = ()
    if per_article:
        scopes = tuple(
            _scope(f"article {d.article_id}", d.article_id, [d], names, threshold, scheme)
            for d in data
            if len(d.annotated) >= 2
        )
    project = _scope(f"{len(ids)} article(s)", None, data, names, threshold, scheme)
    return AgreementReport(tuple(names), threshold, project, scopes)


# --- text ----------------------------------------------------------------------------------------
def _number(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.3f}"


def _percent(value: float) -> str:
    return "–" if math.isnan(value) else f"{100 * value:.1f}%"


_PAIR_ROWS: tuple[tuple[str, Any], ...] = (
    ("articles compared", lambda p: str(p.articles)),
    ("quotes (a / b)", lambda p: f"{p.quotes_a} / {p.quotes_b}"),
    ("quote F1, exact", lambda p: _number(p.quote_f1_exact)),
    ("quote F1, overlap", lambda p: _number(p.quote_f1_overlap)),
    ("quote unitizing α", lambda p: _number(p.quote_unitizing_alpha)),
    ("speaker κ (matched quotes)", lambda p: _number(p.speaker_kappa)),
    ("speaker α (quotes)", lambda p: ""),
    ("speaker agreement", lambda p: _percent(p.speaker_agreement)),
    ("  matched quotes", lambda p: str(p.speaker_items)),
    ("claims (a / b)", lambda p: f"{p.claims_a} / {p.claims_b}"),
    ("claim F1, overlap", lambda p: _number(p.claim_f1_overlap)),
    ("category κ (sentences)", lambda p: _number(p.category_kappa_sentences)),
    ("category α (sentences)", lambda p: ""),
    ("category AC1 (sentences)", lambda p: _number(p.category_ac1_sentences)),
    ("category agreement (sent.)", lambda p: _percent(p.category_agreement_sentences)),
    ("  sentences", lambda p: str(p.sentence_items)),
    ("category κ (matched claims)", lambda p: _number(p.category_kappa_spans)),
    ("category α (claims)", lambda p: ""),
    ("category AC1 (claims)", lambda p: _number(p.category_ac1_spans)),
    ("category agreement (claims)", lambda p: _percent(p.category_agreement_spans)),
    ("  matched claims", lambda p: str(p.span_items)),
)

_GROUP_CELLS: dict[str, Any] = {
    "articles compared": lambda g: str(g.articles),
    "quote unitizing α": lambda g: (
        f"{_number(g.quote_unitizing_alpha)} ({g.quote_alpha_articles})"
        if not math.isnan(g.quote_unitizing_alpha)
        else "–"
    ),
    "category α (sentences)": lambda g: _number(g.category_alpha_sentences),
    "category AC1 (sentences)": lambda g: _number(g.category_ac1_sentences),
    "category agreement (sent.)": lambda g: _percent(g.category_agreement_sentences),
    "  sentences": lambda g: str(g.sentence_items),
    "speaker α (quotes)": lambda g: _number(g.speaker_alpha),
    "  matched quotes": lambda g: str(g.speaker_units),
    "category α (claims)": lambda g: _number(g.category_alpha_spans),
    "category AC1 (claims)": lambda g: _number(g.category_ac1_spans),
    "  matched claims": lambda g: str(g.span_units),
}


def format_scope(scope: ScopeAgreement) -> str:
    """One scope as a table: a row per figure, a column per pair and one for all annotators."""
    headers = [f"{p.annotator_a}–{p.annotator_b}" for p in scope.pairs] + ["all"]
    columns: list[list[str]] = []
    for pair in scope.pairs:
        columns.append([cell(pair) for _, cell in _PAIR_ROWS])
    columns.append(
        [
            _GROUP_CELLS[name](scope.overall) if name in _GROUP_CELLS else ""
            for name, _ in _PAIR_ROWS
        ]
    )
    width = max(len(name) for name, _ in _PAIR_ROWS)
    widths = [max(len(h), *(len(c) for c in col)) for h, col in zip(headers, columns, strict=True)]
    lines = [
        " " * width + "  " + "  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))
    ]
    for row, (name, _) in enumerate(_PAIR_ROWS):
        cells = [col[row].rjust(w) for col, w in zip(columns, widths, strict=True)]
        if any(c.strip() for c in cells):
            lines.append(name.ljust(width) + "  " + "  ".join(cells))
    return "\n".join(lines)


def format_report(report: AgreementReport) -> str:
    """The whole report as readable text: the project first, then each article."""
    names = ", ".join(report.annotators) or "(none)"
    out = [
        f"Agreement on accepted annotations; annotators: {names}; "
        f"overlap matching: at least {report.threshold:.0%} of both spans",
        "",
        f"== project: {report.project.label} ==",
        format_scope(report.project),
    ]
    for scope in report.articles:
        out += ["", f"== {scope.label} ==", format_scope(scope)]
    if len(report.annotators) < 2:
        out += ["", "(agreement needs at least two annotators)"]
    return "\n".join(out) + "\n"
