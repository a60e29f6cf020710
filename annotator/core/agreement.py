"""Inter-annotator agreement for span (quote/claim) and category annotations.

Pure Python, free of Qt and of the store.  Offsets are Unicode code points with an exclusive
end; a span annotation is ``(start, end, label)`` where ``label`` is a speaker name, a category
key or ``None``.

Contents and sources
--------------------
* :func:`match_spans` - exact or overlap matching of two annotators' spans with precision, recall
  and F1 (A is the reference; F1 = 2*matched / (n_a + n_b) is symmetric).
* :func:`krippendorff_unitizing_alpha` - Krippendorff's alpha for unitizing a continuum,
  uα (Krippendorff 1995, "On the reliability of unitizing continuous data", Sociological
  Methodology 25:47-76; Krippendorff 2004, *Content Analysis*, 2nd ed., reliability
  chapter, unitizing; worked example p. 254).
* :func:`cohen_kappa` - Cohen (1960), Educational and Psychological Measurement 20:37-46.
* :func:`krippendorff_alpha_nominal` - Krippendorff (2011), "Computing Krippendorff's
  alpha-reliability", and *Content Analysis* (2004/2013), coincidence-matrix form.
* :func:`gwet_ac1` - Gwet (2008), British Journal of Mathematical and Statistical Psychology
  61:29-48; Gwet (2014), *Handbook of Inter-Rater Reliability*, 4th ed.
* :func:`percent_agreement` - raw (pairwise) agreement.
* :func:`sentence_category_units` and :func:`matched_span_label_pairs` - build the units that the
  nominal coefficients consume.

Nominal coefficients take *units*: a sequence with one entry per item (sentence, matched span),
each entry a sequence with one rating per annotator (always in the same annotator order).  A
rating may be any hashable value, ``None`` included ("no claim" is a category); an absent rating
is :data:`MISSING`.

Degenerate cases return ``float("nan")`` where the coefficient is 0/0 (no pairable items, or
chance agreement 1 / expected disagreement 0); each function documents its own rule.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import Final, Literal

Label = Hashable
Span = tuple[int, int, Label]


class _Missing(Enum):
    """Type of the :data:`MISSING` sentinel."""

    MISSING = "missing"

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing.MISSING
"""Marks an absent rating in a unit (``None`` is a real category, e.g. "no claim")."""

NAN: Final = float("nan")


# --------------------------------------------------------------------------------------------
# Span validation


def _check_span(span: Sequence[object]) -> tuple[int, int, Label]:
    if len(span) != 3:
        raise ValueError(f"a span is (start, end, label), got {span!r}")
    start, end, label = span
    if not isinstance(start, int) or not isinstance(end, int):
        raise ValueError(f"span offsets must be integers, got {span!r}")
    if start < 0 or end <= start:
        raise ValueError(f"a span needs 0 <= start < end, got {span!r}")
    return start, end, label


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


# --------------------------------------------------------------------------------------------
# 1. Span matching


@dataclass(frozen=True)
class SpanPair:
    """One matched pair: indices into the reference (A) and candidate (B) span lists."""

    reference_index: int
    candidate_index: int
    overlap: int


@dataclass(frozen=True)
class SpanMatching:
    """Result of :func:`match_spans`.

    precision = matched / n_candidate, recall = matched / n_reference and
    F1 = 2 * matched / (n_reference + n_candidate) (the harmonic mean of the two, symmetric in A
    and B).  A ratio whose denominator is zero is ``nan``; F1 is ``nan`` only when neither side
    has any span.
    """

    mode: str
    threshold: float
    n_reference: int
    n_candidate: int
    pairs: tuple[SpanPair, ...]
    unmatched_reference: tuple[int, ...]
    unmatched_candidate: tuple[int, ...]

    @property
    def n_matched(self) -> int:
        return len(self.pairs)

    @property
    def precision(self) -> float:
        return self.n_matched / self.n_candidate if self.n_candidate else NAN

    @property
    def recall(self) -> float:
        return self.n_matched / self.n_reference if self.n_reference else NAN

    @property
    def f1(self) -> float:
        total = self.n_reference + self.n_candidate
        return 2 * self.n_matched / total if total else NAN


def overlap_matches(
    a: tuple[int, int], b: tuple[int, int], threshold: float | Fraction = 0.5
) -> bool:
    """True when the overlap of ``a`` and ``b`` covers at least ``threshold`` of *both* spans.

    overlap = max(0, min(end_a, end_b) - max(start_a, start_b)); the rule is
    overlap >= threshold * len(a) and overlap >= threshold * len(b) and overlap > 0.
    """
    ratio = _as_fraction(threshold)
    inter = _overlap(a[0], a[1], b[0], b[1])
    return inter > 0 and inter >= ratio * (a[1] - a[0]) and inter >= ratio * (b[1] - b[0])


def _as_fraction(threshold: float | Fraction) -> Fraction:
    ratio = Fraction(threshold).limit_denominator(10**6)
    if not 0 < ratio <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    return ratio


def match_spans(
    reference: Sequence[Span],
    candidate: Sequence[Span],
    *,
    mode: Literal["exact", "overlap"] = "overlap",
    threshold: float = 0.5,
    same_label: bool = False,
) -> SpanMatching:
    """Match two annotators' spans on one text one-to-one.

    ``mode="exact"``: a pair matches when start and end are both equal.
    ``mode="overlap"``: a pair matches when their overlap covers at least ``threshold`` (default
    one half) of both spans (:func:`overlap_matches`).  Candidate pairs are taken greedily by
    largest overlap (ties: smaller boundary displacement |Δstart| + |Δend|, then lower indices),
    each span used at most once.  ``same_label=True`` additionally requires equal labels.
    Spans must satisfy 0 <= start < end (``ValueError`` otherwise).
    """
    if mode not in ("exact", "overlap"):
        raise ValueError(f"mode must be 'exact' or 'overlap', got {mode!r}")
    ratio = _as_fraction(threshold)
    ref = [_check_span(s) for s in reference]
    cand = [_check_span(s) for s in candidate]
    options: list[tuple[int, int, int, int, int]] = []
    for i, (a_start, a_end, a_label) in enumerate(ref):
        for j, (b_start, b_end, b_label) in enumerate(cand):
            if same_label and a_label != b_label:
                continue
            inter = _overlap(a_start, a_end, b_start, b_end)
            if mode == "exact":
                ok = a_start == b_start and a_end == b_end
            else:
                ok = overlap_matches((a_start, a_end), (b_start, b_end), ratio)
            if ok:
                shift = abs(a_start - b_start) + abs(a_end - b_end)
                options.append((-inter, shift, i, j, inter))
    options.sort()
    used_ref: set[int] = set()
    used_cand: set[int] = set()
    pairs: list[SpanPair] = []
    for _neg, _shift, i, j, inter in options:
        if i in used_ref or j in used_cand:
            continue
        used_ref.add(i)
        used_cand.add(j)
        pairs.append(SpanPair(i, j, inter))
    pairs.sort(key=lambda p: p.reference_index)
    return SpanMatching(
        mode=mode,
        threshold=float(ratio) if mode == "overlap" else 1.0,
        n_reference=len(ref),
        n_candidate=len(cand),
        pairs=tuple(pairs),
        unmatched_reference=tuple(i for i in range(len(ref)) if i not in used_ref),
        unmatched_candidate=tuple(j for j in range(len(cand)) if j not in used_cand),
    )


# --------------------------------------------------------------------------------------------
# 2. Krippendorff's unitizing alpha


@dataclass(frozen=True)
class UnitizedText:
    """One continuum: a text of ``length`` code points and each annotator's spans on it.

    Every text passed to :func:`krippendorff_unitizing_alpha` must list the same annotators;
    an annotator who marked nothing gets an empty sequence.
    """

    length: int
    annotations: Mapping[str, Sequence[Span]]


@dataclass(frozen=True)
class CategoryUnitizingAlpha:
    """uα for one category c: alpha = 1 - observed / expected (``nan`` when expected is 0)."""

    category: Label
    alpha: float
    observed_disagreement: float
    expected_disagreement: float
    n_units: int


@dataclass(frozen=True)
class UnitizingAlpha:
    """Result of :func:`krippendorff_unitizing_alpha`.

    ``alpha`` = 1 - sum_c uDo_c / sum_c uDe_c over all categories (Krippendorff 2004, p. 254);
    ``observed_disagreement`` and ``expected_disagreement`` are those sums.
    """

    alpha: float
    observed_disagreement: float
    expected_disagreement: float
    n_coders: int
    n_units: int
    continuum_length: int
    categories: tuple[CategoryUnitizingAlpha, ...] = field(default=())

    def category(self, label: Label) -> CategoryUnitizingAlpha:
        for item in self.categories:
            if item.category == label:
                return item
        raise KeyError(label)


_SINGLE: Final = "unit"


def _sections(units: list[tuple[int, int]], length: int) -> list[tuple[int, int, bool]]:
    """Partition [0, length) into the given sorted, disjoint units and the gaps between them."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for start, end in units:
        if start > pos:
            out.append((pos, start, False))
        out.append((start, end, True))
        pos = end
    if pos < length:
        out.append((pos, length, False))
    return out


def unitizing_distance(g: tuple[int, int, bool], h: tuple[int, int, bool]) -> int:
    """Squared distance δ² between section g of one coder and section h of another.

    Sections are (begin, end, is_unit).  Krippendorff (2004; 1995):

    * both units and overlapping (-l_g < b_g - b_h < l_h): (b_g - b_h)² + (e_g - e_h)²;
    * g a unit lying wholly inside gap h: l_g²; h a unit wholly inside gap g: l_h²;
    * otherwise 0.
    """
    gb, ge, g_unit = g
    hb, he, h_unit = h
    if g_unit and h_unit:
        if gb < he and hb < ge:
            return (gb - hb) ** 2 + (ge - he) ** 2
        return 0
    if g_unit and not h_unit and hb <= gb and ge <= he:
        return (ge - gb) ** 2
    if h_unit and not g_unit and gb <= hb and he <= ge:
        return (he - hb) ** 2
    return 0


def _observed_sum(per_coder: list[list[tuple[int, int, bool]]]) -> int:
    """Σ over ordered coder pairs i != j of Σ_g Σ_h δ²(g, h); only overlapping sections count."""
    total = 0
    for i in range(len(per_coder)):
        for j in range(i + 1, len(per_coder)):
            a, b = per_coder[i], per_coder[j]
            x = y = 0
            while x < len(a) and y < len(b):
                total += unitizing_distance(a[x], b[y])
                if a[x][1] <= b[y][1]:
                    x += 1
                else:
                    y += 1
    return 2 * total


def _expected_numerator(unit_lengths: list[int], gap_lengths: list[int]) -> int:
    """Σ_units [ (N_c-1)(2l³-3l²+l)/3 + l² Σ_gaps max(0, l_gap - l + 1) ] (integer, exact)."""
    n_c = len(unit_lengths)
    gaps = sorted(gap_lengths)
    suffix = [0] * (len(gaps) + 1)
    for k in range(len(gaps) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + gaps[k]
    total = 0
    for length in unit_lengths:
        total += (n_c - 1) * (2 * length**3 - 3 * length**2 + length) // 3
        first = bisect_left(gaps, length)
        count = len(gaps) - first
        total += length**2 * (suffix[first] - count * (length - 1))
    return total


def _prepare_units(
    texts: Sequence[UnitizedText], by_label: bool, merge_overlaps: bool
) -> tuple[list[str], dict[Label, list[list[list[tuple[int, int]]]]]]:
    """units[c][t][i] = sorted, disjoint (start, end) units of category c, text t, coder i."""
    if not texts:
        return [], {}
    coders = list(texts[0].annotations)
    units: dict[Label, list[list[list[tuple[int, int]]]]] = {}
    for t, text in enumerate(texts):
        if text.length < 0:
            raise ValueError("text length must be >= 0")
        if set(text.annotations) != set(coders):
            raise ValueError("every text must list the same annotators (use [] for none)")
        for i, coder in enumerate(coders):
            for span in text.annotations[coder]:
                start, end, label = _check_span(span)
                if end > text.length:
                    raise ValueError(f"span {span!r} runs past the text end {text.length}")
                key = label if by_label else _SINGLE
                slot = units.setdefault(key, [[[] for _ in coders] for _ in range(len(texts))])
                slot[t][i].append((start, end))
    for key, per_text in units.items():
        for t, per_coder in enumerate(per_text):
            for i, spans in enumerate(per_coder):
                per_coder[i] = _disjoint(sorted(spans), merge_overlaps, key, coders[i], t)
    return coders, units


def _disjoint(
    spans: list[tuple[int, int]], merge: bool, key: Label, coder: str, text: int
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            if not merge:
                raise ValueError(
                    f"annotator {coder!r} has overlapping {key!r} units in text {text}; "
                    "pass merge_overlaps=True to take their union"
                )
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def krippendorff_unitizing_alpha(
    texts: Sequence[UnitizedText] | UnitizedText,
    *,
    by_label: bool = True,
    merge_overlaps: bool = False,
) -> UnitizingAlpha:
    """Krippendorff's uα for span annotations by m >= 2 annotators over one or more texts.

    Each coder i splits each continuum into sections g: units of category c (w=1) and gaps
    (w=0).  With m coders and total length L (the sum of text lengths), per category c
    (Krippendorff 2004, *Content Analysis* 2nd ed., section on unitizing; Krippendorff 1995):

        uDo_c = Σ_i Σ_{j≠i} Σ_g Σ_h δ²_{c,ig,jh} / (m (m-1) L²)          (δ²: unitizing_distance)

        uDe_c = (2/L) Σ_i Σ_g w_cig [ (N_c-1)(2 l_ig³ - 3 l_ig² + l_ig)/3
                                      + l_ig² Σ_j Σ_h (1-w_cjh) max(0, l_jh - l_ig + 1) ]
                / [ m L (m L - 1) - Σ_i Σ_g w_cig l_ig (l_ig - 1) ]

        uα_c = 1 - uDo_c / uDe_c,   uα = 1 - Σ_c uDo_c / Σ_c uDe_c

    where N_c is the number of c-units over all coders.  ``by_label=False`` gives the single
    category case (quote vs. not quote, labels ignored); ``by_label=True`` treats each distinct
    label (``None`` included) as a category.  Several texts: δ² is summed within each text and
    the expected term pools all units and gaps, gaps ending at text boundaries (unlike literal
    concatenation, a text's trailing gap never merges with the next text's leading gap).

    A coder's units of one category must not overlap (Krippendorff's requirement): a
    ``ValueError`` is raised unless ``merge_overlaps=True``, which replaces them by their union.
    Adjacent units stay separate.  Degenerate cases: fewer than two coders, zero length or an
    expected disagreement of 0 give ``nan``.  Arithmetic is exact (integers/fractions).

    This is the 2004 definition, the one with a published worked example (reproduced in the
    tests).  The later family of Krippendorff et al. (2016, Quality & Quantity 50:2347-2364)
    and the 3rd/4th editions (|uα, uα, cuα, based on coincidences of intersection lengths)
    is not implemented here.
    """
    if isinstance(texts, UnitizedText):
        texts = [texts]
    coders, units = _prepare_units(texts, by_label, merge_overlaps)
    m = len(coders)
    total_length = sum(text.length for text in texts)
    n_units_all = sum(
        len(spans) for per_text in units.values() for per_coder in per_text for spans in per_coder
    )
    if m < 2 or total_length == 0:
        return UnitizingAlpha(NAN, NAN, NAN, m, n_units_all, total_length, ())
    categories: list[CategoryUnitizingAlpha] = []
    sum_do = Fraction(0)
    sum_de = Fraction(0)
    for key in sorted(units, key=_sort_key):
        observed = 0
        unit_lengths: list[int] = []
        gap_lengths: list[int] = []
        for text, per_coder in zip(texts, units[key], strict=True):
            sections = [_sections(spans, text.length) for spans in per_coder]
            observed += _observed_sum(sections)
            for coder_sections in sections:
                for start, end, is_unit in coder_sections:
                    (unit_lengths if is_unit else gap_lengths).append(end - start)
        do = Fraction(observed, m * (m - 1) * total_length**2)
        denominator = m * total_length * (m * total_length - 1) - sum(
            length * (length - 1) for length in unit_lengths
        )
        de = Fraction(2 * _expected_numerator(unit_lengths, gap_lengths), total_length)
        de /= denominator
        sum_do += do
        sum_de += de
        categories.append(
            CategoryUnitizingAlpha(
                category=key if by_label else None,
                alpha=_one_minus_ratio(do, de),
                observed_disagreement=float(do),
                expected_disagreement=float(de),
                n_units=len(unit_lengths),
            )
        )
    return UnitizingAlpha(
        alpha=_one_minus_ratio(sum_do, sum_de),
        observed_disagreement=float(sum_do),
        expected_disagreement=float(sum_de),
        n_coders=m,
        n_units=n_units_all,
        continuum_length=total_length,
        categories=tuple(categories),
    )


def _one_minus_ratio(do: Fraction, de: Fraction) -> float:
    return float(1 - do / de) if de else NAN


def _sort_key(label: Label) -> tuple[int, str]:
    return (0, "") if label is None else (1, str(label))


# --------------------------------------------------------------------------------------------
# 3-6. Nominal coefficients


@dataclass(frozen=True)
class ChanceCorrected:
    """A chance-corrected coefficient (kappa, alpha, AC1).

    value = (observed_agreement - expected_agreement) / (1 - expected_agreement).  For
    Krippendorff's alpha observed_agreement = 1 - Do and expected_agreement = 1 - De, so that
    value = 1 - Do/De.  ``n_items`` counts the items that entered the coefficient,
    ``n_categories`` the categories q used for chance agreement.
    """

    name: str
    value: float
    observed_agreement: float
    expected_agreement: float
    n_items: int
    n_categories: int


@dataclass(frozen=True)
class RawAgreement:
    """Percent agreement: ``value`` in [0, 1] (``nan`` with no pairable item)."""

    value: float
    n_items: int
    n_agreeing: int


def _present(unit: Iterable[object]) -> list[Hashable]:
    return [r for r in unit if r is not MISSING]


def _chance_corrected(
    name: str, observed: float, expected: float, n_items: int, n_categories: int
) -> ChanceCorrected:
    undefined = n_items == 0 or expected >= 1
    value = NAN if undefined else (observed - expected) / (1 - expected)
    return ChanceCorrected(name, value, observed, expected, n_items, n_categories)


def percent_agreement(units: Iterable[Sequence[object]]) -> RawAgreement:
    """Raw agreement over units rated by at least two annotators.

    Per unit with r_u >= 2 ratings, p_u = Σ_k r_uk (r_uk - 1) / (r_u (r_u - 1)) (share of
    agreeing ordered rater pairs; for two raters 1 if equal else 0); value = mean of p_u
    (Fleiss 1971; Gwet 2014's p_a).  ``n_agreeing`` counts units where all raters agree.
    """
    scores: list[Fraction] = []
    unanimous = 0
    for unit in units:
        ratings = _present(unit)
        r = len(ratings)
        if r < 2:
            continue
        counts = Counter(ratings)
        scores.append(Fraction(sum(c * (c - 1) for c in counts.values()), r * (r - 1)))
        unanimous += len(counts) == 1
    if not scores:
        return RawAgreement(NAN, 0, 0)
    return RawAgreement(float(sum(scores) / len(scores)), len(scores), unanimous)


def cohen_kappa(units: Iterable[Sequence[object]]) -> ChanceCorrected:
    """Cohen's kappa for two annotators on nominal labels (Cohen 1960).

    Units are (rating_a, rating_b); units with a :data:`MISSING` rating are dropped.
    p_o = share of units with equal ratings; p_e = Σ_k p_a(k) p_b(k) with each annotator's own
    marginal proportions; κ = (p_o - p_e) / (1 - p_e).  No units, or p_e = 1 (both annotators
    used one and the same category throughout, κ = 0/0), give ``nan``.
    """
    pairs: list[tuple[Hashable, Hashable]] = []
    for unit in units:
        if len(unit) != 2:
            raise ValueError(f"Cohen's kappa needs exactly two ratings per unit, got {unit!r}")
        a, b = unit
        if a is MISSING or b is MISSING:
            continue
        pairs.append((a, b))
    n = len(pairs)
    if n == 0:
        return ChanceCorrected("cohen_kappa", NAN, NAN, NAN, 0, 0)
    agree = sum(a == b for a, b in pairs)
    left = Counter(a for a, _ in pairs)
    right = Counter(b for _, b in pairs)
    observed = Fraction(agree, n)
    expected = Fraction(sum(left[k] * right[k] for k in left), n * n)
    categories = len(set(left) | set(right))
    return _chance_corrected("cohen_kappa", float(observed), float(expected), n, categories)


def krippendorff_alpha_nominal(units: Iterable[Sequence[object]]) -> ChanceCorrected:
    """Krippendorff's alpha, nominal metric, any number of annotators, missing values allowed.

    Coincidences over pairable units (m_u >= 2 values): o_ck = Σ_u Σ_{i≠j} [v_ui=c][v_uj=k]
    / (m_u - 1); n_c = Σ_k o_ck; n = Σ_c n_c.  Then
    Do = Σ_{c≠k} o_ck / n, De = Σ_{c≠k} n_c n_k / (n (n - 1)), α = 1 - Do / De
    (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"; 2004, ch. 11).
    ``n_items`` is the number of pairable units.  No pairable unit, or a single value in all
    pairable data (De = 0, α = 0/0), gives ``nan``.
    """
    agree_coincidence = Fraction(0)
    totals: defaultdict[Hashable, Fraction] = defaultdict(Fraction)
    n_units = 0
    for unit in units:
        ratings = _present(unit)
        m_u = len(ratings)
        if m_u < 2:
            continue
        n_units += 1
        counts = Counter(ratings)
        for value, count in counts.items():
            agree_coincidence += Fraction(count * (count - 1), m_u - 1)
            totals[value] += count
    n = sum(totals.values())
    if n_units == 0:
        return ChanceCorrected("krippendorff_alpha", NAN, NAN, NAN, 0, 0)
    observed_disagreement = (n - agree_coincidence) / n
    expected_disagreement = (n * n - sum(t * t for t in totals.values())) / (n * (n - 1))
    observed = float(1 - observed_disagreement)
    expected = float(1 - expected_disagreement)
    if expected_disagreement == 0:
        return ChanceCorrected("krippendorff_alpha", NAN, observed, expected, n_units, 1)
    value = float(1 - observed_disagreement / expected_disagreement)
    return ChanceCorrected("krippendorff_alpha", value, observed, expected, n_units, len(totals))


def gwet_ac1(
    units: Iterable[Sequence[object]], categories: Iterable[Hashable] | None = None
) -> ChanceCorrected:
    """Gwet's AC1 for two or more annotators, nominal, missing values allowed.

    With r_uk raters putting unit u in category k, r_u = Σ_k r_uk, q categories (``categories``
    if given - the full scheme - else those observed), n units with r_u >= 1 and n' units with
    r_u >= 2 (Gwet 2008; Gwet 2014, Handbook 4th ed.):

        p_a = (1/n') Σ_{u: r_u>=2} Σ_k r_uk (r_uk - 1) / (r_u (r_u - 1))
        π_k = (1/n) Σ_u r_uk / r_u
        p_e = Σ_k π_k (1 - π_k) / (q - 1)
        AC1 = (p_a - p_e) / (1 - p_e)

    For two annotators without missing values p_a is the plain agreement and
    π_k = (p_A(k) + p_B(k)) / 2.  No pairable unit, or q < 2 (p_e undefined), gives ``nan``;
    pass ``categories`` so that one observed category out of a larger scheme gives p_e = 0.
    """
    pa_terms: list[Fraction] = []
    pi: defaultdict[Hashable, Fraction] = defaultdict(Fraction)
    n_rated = 0
    for unit in units:
        ratings = _present(unit)
        r_u = len(ratings)
        if r_u == 0:
            continue
        n_rated += 1
        counts = Counter(ratings)
        for value, count in counts.items():
            pi[value] += Fraction(count, r_u)
        if r_u >= 2:
            pa_terms.append(Fraction(sum(c * (c - 1) for c in counts.values()), r_u * (r_u - 1)))
    scheme = set(pi) if categories is None else set(categories)
    if not set(pi) <= scheme:
        raise ValueError(f"ratings outside the given categories: {set(pi) - scheme!r}")
    q = len(scheme)
    if not pa_terms:
        return ChanceCorrected("gwet_ac1", NAN, NAN, NAN, 0, q)
    observed = sum(pa_terms) / len(pa_terms)
    if q < 2:
        return ChanceCorrected("gwet_ac1", NAN, float(observed), NAN, len(pa_terms), q)
    proportions = [p / n_rated for p in pi.values()]
    expected = sum(p * (1 - p) for p in proportions) / (q - 1)
    return _chance_corrected("gwet_ac1", float(observed), float(expected), len(pa_terms), q)


# --------------------------------------------------------------------------------------------
# 7. Building units for category agreement


def sentence_category_units(
    sentences: Sequence[tuple[int, int]],
    annotations: Sequence[Sequence[Span]],
) -> list[tuple[Label, ...]]:
    """One unit per sentence: each annotator's claim category for it, ``None`` for no claim.

    ``sentences`` are (start, end) offsets; ``annotations`` holds one span list per annotator
    (their order is the rating order in every unit).  A sentence gets the label of the
    annotator's claim span overlapping it most (ties: the earlier span, then the smaller
    label string); with no overlapping claim it gets ``None``, which the coefficients treat as
    an ordinary category ("no claim").
    """
    checked = [[_check_span(s) for s in spans] for spans in annotations]
    units: list[tuple[Label, ...]] = []
    for s_start, s_end in sentences:
        if s_end < s_start:
            raise ValueError(f"bad sentence offsets ({s_start}, {s_end})")
        row: list[Label] = []
        for spans in checked:
            best: tuple[int, int, str] | None = None
            label: Label = None
            for start, end, span_label in spans:
                inter = _overlap(s_start, s_end, start, end)
                if inter == 0:
                    continue
                key = (-inter, start, str(span_label))
                if best is None or key < best:
                    best, label = key, span_label
            row.append(label)
        units.append(tuple(row))
    return units


def matched_span_label_pairs(
    reference: Sequence[Span],
    candidate: Sequence[Span],
    *,
    threshold: float = 0.5,
    include_unmatched: bool = False,
) -> list[tuple[Label, Label]]:
    """Label pairs (label_a, label_b) of overlap-matched spans, ready for :func:`cohen_kappa`.

    Spans are matched with :func:`match_spans` (overlap mode, labels ignored).  With
    ``include_unmatched=True`` an unmatched reference span adds (label, ``None``) and an
    unmatched candidate span (``None``, label): ``None`` then stands for "no span here".
    """
    result = match_spans(reference, candidate, mode="overlap", threshold=threshold)
    pairs: list[tuple[Label, Label]] = [
        (reference[p.reference_index][2], candidate[p.candidate_index][2]) for p in result.pairs
    ]
    if include_unmatched:
        pairs += [(reference[i][2], None) for i in result.unmatched_reference]
        pairs += [(None, candidate[j][2]) for j in result.unmatched_candidate]
    return pairs
