"""Tests for annotator.core.agreement against published worked examples and brute force."""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import (
    MISSING,
    UnitizedText,
    cohen_kappa,
    gwet_ac1,
    krippendorff_alpha_nominal,
    krippendorff_unitizing_alpha,
    match_spans,
    matched_span_label_pairs,
    overlap_matches,
    percent_agreement,
    sentence_category_units,
    unitizing_distance,
)

_ = MISSING  # short alias used in the data tables below


def _table_units(table: dict[tuple[object, object], int]) -> list[tuple[object, object]]:
    """Expand a two-rater contingency table {(a, b): count} into units."""
    return [pair for pair, count in table.items() for _ in range(count)]


# ------------------------------------------------------------------------------------------
# 1. Span matching


def test_exact_matching_counts_only_identical_boundaries() -> None:
    a = [(0, 10, "x"), (20, 30, "y"), (40, 45, None)]
    b = [(0, 10, "z"), (21, 30, "y"), (40, 45, None), (50, 60, None)]
    result = match_spans(a, b, mode="exact")
    assert [(p.reference_index, p.candidate_index) for p in result.pairs] == [(0, 0), (2, 2)]
    assert result.unmatched_reference == (1,)
    assert result.unmatched_candidate == (1, 3)
    assert result.precision == pytest.approx(2 / 4)
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(2 * 2 / 7)


def test_overlap_rule_needs_half_of_both_spans() -> None:
    assert overlap_matches((0, 10), (5, 15))  # 5 of 10 and 5 of 10
    assert not overlap_matches((0, 10), (5, 15), 0.6)
    assert not overlap_matches((0, 10), (0, 30))  # all of a, a third of b
    assert overlap_matches((0, 10), (0, 30), 1 / 3)
    assert not overlap_matches((0, 10), (10, 20), 0.01)  # touching is no overlap
    with pytest.raises(ValueError):
        overlap_matches((0, 10), (0, 10), 0)


def test_overlap_matching_is_greedy_by_largest_overlap_and_one_to_one() -> None:
    a = [(0, 10, "x")]
    b = [(0, 6, "x"), (1, 10, "x")]  # overlaps 6 and 9 - both qualify
    result = match_spans(a, b)
    assert [(p.reference_index, p.candidate_index, p.overlap) for p in result.pairs] == [(0, 1, 9)]
    assert (result.precision, result.recall) == (0.5, 1.0)
    assert result.f1 == pytest.approx(2 / 3)


def test_greedy_assignment_with_competing_spans() -> None:
    a = [(0, 10, None), (8, 20, None)]
    b = [(2, 12, None)]  # overlaps a0 by 8, a1 by 4 (< half of both), so a0 wins
    result = match_spans(a, b)
    assert [(p.reference_index, p.candidate_index) for p in result.pairs] == [(0, 0)]
    assert result.unmatched_reference == (1,)


def test_same_label_option() -> None:
    a = [(0, 10, "Jokowi")]
    b = [(0, 10, "Prabowo")]
    assert match_spans(a, b).n_matched == 1
    assert match_spans(a, b, same_label=True).n_matched == 0


def test_span_matching_degenerate_cases() -> None:
    empty = match_spans([], [])
    assert math.isnan(empty.precision) and math.isnan(empty.recall) and math.isnan(empty.f1)
    only_b = match_spans([], [(0, 4, None)])
    assert only_b.precision == 0.0 and math.isnan(only_b.recall) and only_b.f1 == 0.0
    with pytest.raises(ValueError):
        match_spans([(5, 5, None)], [])
    with pytest.raises(ValueError):
        match_spans([(0, 5, None)], [], mode="fuzzy")  # type: ignore[arg-type]


_spans = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 15), st.sampled_from(["a", "b", None])).map(
        lambda t: (t[0], t[0] + t[1], t[2])
    ),
    max_size=6,
)


@given(_spans, _spans, st.sampled_from([0.25, 0.5, 0.75, 1.0]))
def test_f1_is_symmetric_and_matching_is_valid(a, b, threshold) -> None:
    forward = match_spans(a, b, threshold=threshold)
    backward = match_spans(b, a, threshold=threshold)
    assert forward.n_matched == backward.n_matched
    if a or b:
        assert forward.f1 == pytest.approx(backward.f1)
    refs = [p.reference_index for p in forward.pairs]
    cands = [p.candidate_index for p in forward.pairs]
    assert len(set(refs)) == len(refs) and len(set(cands)) == len(cands)
    for p in forward.pairs:
        assert overlap_matches(a[p.reference_index][:2], b[p.candidate_index][:2], threshold)
    assert forward.n_matched + len(forward.unmatched_reference) == len(a)
    assert forward.n_matched + len(forward.unmatched_candidate) == len(b)


# ------------------------------------------------------------------------------------------
# 2. Krippendorff's unitizing alpha


def _book_2004_example() -> UnitizedText:
    """Krippendorff (2004) *Content Analysis* 2nd ed., p. 254 (as encoded in DKPro Statistics'
    Krippendorff2004Test): continuum 150..450, coders i and j, categories c and k.  Offsets are
    shifted by -150 so the text starts at 0 (αU is translation invariant)."""
    i = [(225, 295, "c"), (370, 400, "c"), (180, 240, "k"), (300, 350, "k")]
    j = [(220, 300, "c"), (355, 375, "c"), (400, 420, "c"), (180, 240, "k"), (300, 350, "k")]
    return UnitizedText(
        300,
        {
            "i": [(s - 150, e - 150, c) for s, e, c in i],
            "j": [(s - 150, e - 150, c) for s, e, c in j],
        },
    )


def test_unitizing_alpha_reproduces_krippendorff_2004_worked_example() -> None:
    """Published: cuDo = .0144, cuDe = .0532, cuα = .7286; kuDo = 0, kuDe = .0490, kuα = 1;
    pooled uα = 1 - (.0144 + 0)/(.0532 + .0490) = .8591 (Krippendorff 2004, p. 254).

    The pooled figure was computed from the rounded components; the exact value is .8587,
    so it is checked to the book's rounding (±.0005)."""
    result = krippendorff_unitizing_alpha(_book_2004_example())
    c, k = result.category("c"), result.category("k")
    assert round(c.observed_disagreement, 4) == 0.0144
    assert round(c.expected_disagreement, 4) == 0.0532
    assert round(c.alpha, 4) == 0.7286
    assert k.observed_disagreement == 0.0
    assert round(k.expected_disagreement, 4) == 0.0490
    assert k.alpha == 1.0
    assert result.alpha == pytest.approx(0.8591, abs=0.0005)
    assert result.n_coders == 2 and result.n_units == 9 and result.continuum_length == 300


def test_unitizing_distance_examples_from_krippendorff_2004() -> None:
    """δ² values of the 2004 book's example pairs (as encoded in DKPro Statistics'
    Krippendorff2004Test distance cases)."""
    assert unitizing_distance((225, 295, True), (220, 300, True)) == 50
    assert unitizing_distance((370, 400, True), (355, 375, True)) == 850
    assert unitizing_distance((400, 450, False), (400, 420, True)) == 400
    assert unitizing_distance((5, 11, True), (6, 10, True)) == 2
    assert unitizing_distance((5, 11, True), (5, 11, True)) == 0
    assert unitizing_distance((5, 11, True), (0, 5, True)) == 0  # adjacent, no overlap


def _example_1995(stretch: int) -> UnitizedText:
    """Krippendorff (1995: 57), four pairs of coders A-D on a 24-unit continuum, encoded as four
    categories of one two-coder study (DKPro Statistics' Krippendorff1995Test)."""
    data = {
        "A": ([(2, 8), (14, 6)], [(4, 4), (15, 2)]),
        "B": ([(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]),
        "C": ([(2, 6), (10, 2), (14, 4), (20, 2)], [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]),
        "D": (
            [(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)],
            [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)],
        ),
    }
    coders: dict[str, list[tuple[int, int, str]]] = {"first": [], "second": []}
    for category, (first, second) in data.items():
        for name, units in (("first", first), ("second", second)):
            coders[name] += [(b * stretch, (b + n) * stretch, category) for b, n in units]
    return UnitizedText(24 * stretch, coders)


def test_unitizing_alpha_krippendorff_1995_examples() -> None:
    """Krippendorff (1995: 57-59) pairs A-D.  Observed disagreements follow from the definition
    exactly (.03125, 2.26736, .02777, .38715).  The paper's α values .553, -.926, .679, .066
    treat the continuum as (nearly) continuous, so they are reproduced on a finely stretched
    continuum to ±.02 (the paper's expected disagreement has small computational slips, as
    noted by DKPro Statistics)."""
    coarse = krippendorff_unitizing_alpha(_example_1995(1))
    expected_do = {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}
    for category, value in expected_do.items():
        assert coarse.category(category).observed_disagreement == pytest.approx(value, abs=1e-5)
    fine = krippendorff_unitizing_alpha(_example_1995(50_000))
    published = {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}
    for category, value in published.items():
        assert fine.category(category).alpha == pytest.approx(value, abs=0.02)
        assert fine.category(category).observed_disagreement == pytest.approx(
            expected_do[category], abs=1e-5
        )


# Independent brute force of the same definition (Krippendorff 2004): sections
# from a per-character cover, all ordered pairs of sections with the book's conditions written
# in (b, l) form, the expected disagreement with explicit nonzero() loops.


def _bf_sections(units: list[tuple[int, int]], length: int) -> list[tuple[int, int, int]]:
    """(b, l, w) per section: the units as given plus maximal uncovered runs as gaps."""
    covered = [False] * length
    for s, e in units:
        for x in range(s, e):
            covered[x] = True
    sections = [(s, e - s, 1) for s, e in units]
    x = 0
    while x < length:
        if covered[x]:
            x += 1
            continue
        y = x
        while y < length and not covered[y]:
            y += 1
        sections.append((x, y - x, 0))
        x = y
    return sections


def _bf_delta(g: tuple[int, int, int], h: tuple[int, int, int]) -> int:
    bg, lg, wg = g
    bh, lh, wh = h
    if wg == 1 and wh == 1 and -lg < bg - bh < lh:
        return (bg - bh) ** 2 + (bg + lg - bh - lh) ** 2
    if wg == 1 and wh == 0 and lh - lg >= bg - bh >= 0:
        return lg**2
    if wg == 0 and wh == 1 and lg - lh >= bh - bg >= 0:
        return lh**2
    return 0


def _bf_alpha(
    texts: list[tuple[int, list[list[tuple[int, int, str]]]]],
) -> dict[str, tuple[Fraction, Fraction]]:
    m = len(texts[0][1])
    total = sum(length for length, _ in texts)
    labels = sorted({c for _, coders in texts for spans in coders for _, _, c in spans})
    out = {}
    for label in labels:
        observed = 0
        all_sections: list[tuple[int, int, int]] = []
        for length, coders in texts:
            per_coder = [
                _bf_sections([(s, e) for s, e, c in spans if c == label], length)
                for spans in coders
            ]
            for i, j in permutations(range(m), 2):
                observed += sum(_bf_delta(g, h) for g in per_coder[i] for h in per_coder[j])
            all_sections += [sec for secs in per_coder for sec in secs]
        units = [sec for sec in all_sections if sec[2] == 1]
        gaps = [sec for sec in all_sections if sec[2] == 0]
        n_c = len(units)
        numerator = Fraction(0)
        for _, l_unit, _ in units:
            numerator += Fraction((n_c - 1) * (2 * l_unit**3 - 3 * l_unit**2 + l_unit), 3)
            numerator += l_unit**2 * sum(max(0, l_gap - l_unit + 1) for _, l_gap, _ in gaps)
        denominator = m * total * (m * total - 1) - sum(n * (n - 1) for _, n, _ in units)
        do = Fraction(observed, m * (m - 1) * total**2)
        de = Fraction(2, total) * numerator / denominator
        out[label] = (do, de)
    return out


@st.composite
def _unitized_texts(draw):
    m = draw(st.integers(2, 3))
    texts = []
    for _ in range(draw(st.integers(1, 2))):
        length = draw(st.integers(1, 25))
        coders = []
        for _ in range(m):
            cuts = sorted(draw(st.sets(st.integers(0, length), max_size=8)) | {0, length})
            spans = []
            for s, e in zip(cuts, cuts[1:], strict=False):
                kind = draw(st.sampled_from(["gap", "gap", "a", "b"]))
                if kind != "gap":
                    spans.append((s, e, kind))
            coders.append(spans)
        texts.append((length, coders))
    return texts


def _as_unitized(texts) -> list[UnitizedText]:
    return [
        UnitizedText(length, {f"coder{i}": spans for i, spans in enumerate(coders)})
        for length, coders in texts
    ]


@settings(max_examples=300, deadline=None)
@given(_unitized_texts())
def test_unitizing_alpha_equals_brute_force(texts) -> None:
    result = krippendorff_unitizing_alpha(_as_unitized(texts))
    brute = _bf_alpha(texts)
    assert {c.category for c in result.categories} == set(brute)
    for label, (do, de) in brute.items():
        got = result.category(label)
        assert got.observed_disagreement == pytest.approx(float(do), rel=1e-12, abs=1e-15)
        assert got.expected_disagreement == pytest.approx(float(de), rel=1e-12, abs=1e-15)
        if de:
            assert got.alpha == pytest.approx(float(1 - do / de), rel=1e-9, abs=1e-12)
            assert got.alpha <= 1.0
        else:
            assert math.isnan(got.alpha)


@settings(max_examples=150, deadline=None)
@given(_unitized_texts())
def test_unitizing_alpha_perfect_agreement_is_one(texts) -> None:
    copies = [(length, [coders[0]] * len(coders)) for length, coders in texts]
    result = krippendorff_unitizing_alpha(_as_unitized(copies))
    assert result.observed_disagreement == 0.0
    for category in result.categories:
        assert category.alpha == 1.0 or math.isnan(category.alpha)
    if result.expected_disagreement > 0:
        assert result.alpha == 1.0


@settings(max_examples=100, deadline=None)
@given(_unitized_texts())
def test_unitizing_alpha_ignores_coder_order(texts) -> None:
    reversed_texts = [(length, coders[::-1]) for length, coders in texts]
    a = krippendorff_unitizing_alpha(_as_unitized(texts))
    b = krippendorff_unitizing_alpha(_as_unitized(reversed_texts))
    assert a.observed_disagreement == b.observed_disagreement
    assert a.expected_disagreement == b.expected_disagreement


def test_unitizing_alpha_single_category_ignores_labels() -> None:
    text = UnitizedText(
        40, {"x": [(0, 10, "Jokowi"), (20, 30, "Prabowo")], "y": [(0, 10, "Anies"), (20, 30, None)]}
    )
    assert krippendorff_unitizing_alpha(text, by_label=False).alpha == 1.0
    labelled = krippendorff_unitizing_alpha(text)
    assert labelled.alpha < 0.5
    assert {c.category for c in labelled.categories} == {None, "Jokowi", "Prabowo", "Anies"}


def test_unitizing_alpha_degenerate_cases() -> None:
    assert math.isnan(krippendorff_unitizing_alpha([]).alpha)
    one_coder = UnitizedText(10, {"x": [(0, 5, None)]})
    assert math.isnan(krippendorff_unitizing_alpha(one_coder).alpha)
    nothing = UnitizedText(10, {"x": [], "y": []})
    result = krippendorff_unitizing_alpha(nothing)
    assert math.isnan(result.alpha) and result.categories == ()
    whole = UnitizedText(10, {"x": [(0, 10, None)], "y": [(0, 10, None)]})
    assert krippendorff_unitizing_alpha(whole).alpha == 1.0


def test_unitizing_alpha_input_checks_and_overlap_merging() -> None:
    overlapping = UnitizedText(20, {"x": [(0, 8, None), (5, 12, None)], "y": [(0, 12, None)]})
    with pytest.raises(ValueError, match="overlapping"):
        krippendorff_unitizing_alpha(overlapping)
    merged = krippendorff_unitizing_alpha(overlapping, merge_overlaps=True)
    assert merged.alpha == 1.0
    with pytest.raises(ValueError, match="same annotators"):
        krippendorff_unitizing_alpha(
            [UnitizedText(5, {"x": [], "y": []}), UnitizedText(5, {"x": []})]
        )
    with pytest.raises(ValueError, match="past the text end"):
        krippendorff_unitizing_alpha(UnitizedText(5, {"x": [(0, 6, None)], "y": []}))


def test_unitizing_alpha_over_several_texts_keeps_boundaries() -> None:
    """Two texts are not concatenated: the trailing gap of the first text stays apart from the
    leading gap of the second (checked against the brute force, which builds gaps per text)."""
    texts = [(10, [[(0, 4, "q")], [(0, 5, "q")]]), (10, [[(6, 10, "q")], [(6, 10, "q")]])]
    result = krippendorff_unitizing_alpha(_as_unitized(texts))
    do, de = _bf_alpha(texts)["q"]
    assert result.alpha == pytest.approx(float(1 - do / de))
    assert result.continuum_length == 20


# ------------------------------------------------------------------------------------------
# 3. Cohen's kappa


def test_cohen_kappa_wikipedia_example() -> None:
    """Wikipedia, "Cohen's kappa", simple example: 50 proposals, both yes 20, A yes/B no 5,
    A no/B yes 10, both no 15: p_o = .7, p_e = .5, κ = .4."""
    units = _table_units(
        {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}
    )
    result = cohen_kappa(units)
    assert result.observed_agreement == pytest.approx(0.7)
    assert result.expected_agreement == pytest.approx(0.5)
    assert result.value == pytest.approx(0.4)
    assert result.n_items == 50 and result.n_categories == 2


def test_cohen_kappa_cohen_1960_example() -> None:
    """Cohen (1960: 45), 3x3 table of 200 cases (proportions .44 .07 .09 / .05 .20 .05 /
    .01 .03 .06): p_o = .70, p_e = .41, κ = .492."""
    table = {
        (1, 1): 88, (1, 2): 14, (1, 3): 18,
        (2, 1): 10, (2, 2): 40, (2, 3): 10,
        (3, 1): 2, (3, 2): 6, (3, 3): 12,
    }  # fmt: skip
    result = cohen_kappa(_table_units(table))
    assert result.observed_agreement == pytest.approx(0.70)
    assert result.expected_agreement == pytest.approx(0.41)
    assert round(result.value, 3) == 0.492


def test_cohen_kappa_gwet_handbook_abstractors() -> None:
    """Gwet (2014) Handbook, 3x3 pregnancy-type table of 100 women (irrCAC data set
    cont3x3abstractors): Cohen's κ = 0.7964094 as printed by irrCAC's kappa2.table."""
    table = {
        ("Ectopic", "Ectopic"): 13,
        ("AIU", "AIU"): 20, ("AIU", "NIU"): 7,
        ("NIU", "AIU"): 4, ("NIU", "NIU"): 56,
    }  # fmt: skip
    assert cohen_kappa(_table_units(table)).value == pytest.approx(0.7964094, abs=1e-7)


def test_cohen_kappa_degenerate_and_missing() -> None:
    assert math.isnan(cohen_kappa([]).value)
    same = cohen_kappa([("a", "a")] * 5)
    assert same.observed_agreement == 1.0 and math.isnan(same.value)
    with_missing = cohen_kappa([("a", "a"), ("b", "b"), ("a", MISSING)])
    assert with_missing.n_items == 2 and with_missing.value == 1.0
    assert cohen_kappa([(None, None), ("x", "x"), (None, "x")]).n_categories == 2
    with pytest.raises(ValueError):
        cohen_kappa([("a", "b", "c")])


# ------------------------------------------------------------------------------------------
# 4. Krippendorff's alpha (nominal)

KRIPPENDORFF_2011 = [  # units x observers A, B, C, D
    (1, 1, _, 1), (2, 2, 3, 2), (3, 3, 3, 3), (3, 3, 3, 3), (2, 2, 2, 2), (1, 2, 3, 4),
    (4, 4, 4, 4), (1, 1, 2, 1), (2, 2, 2, 2), (_, 5, 5, 5), (_, _, 1, 1), (_, 3, _, _),
]  # fmt: skip


def test_krippendorff_alpha_published_reliability_data() -> None:
    """Krippendorff (2011) "Computing Krippendorff's alpha-reliability", example C: 4 observers,
    12 units, missing values; nominal α = 0.743.  Same data as Gwet's Handbook p. 120
    (irrCAC's cac.raw4raters), for which irrCAC also reports 0.743."""
    result = krippendorff_alpha_nominal(KRIPPENDORFF_2011)
    assert round(result.value, 3) == 0.743
    assert result.n_items == 11  # unit 12 has a single value and is not pairable
    assert result.n_categories == 5


def test_krippendorff_alpha_wikipedia_example() -> None:
    """Wikipedia, "Krippendorff's alpha", computational example (3 coders, 15 units):
    nominal α = 0.691 (0.691358 in fast-krippendorff's test suite)."""
    coders = [
        [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
        [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
        [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
    ]
    units = list(zip(*coders, strict=True))
    assert krippendorff_alpha_nominal(units).value == pytest.approx(0.691358, abs=1e-6)


def test_krippendorff_alpha_degenerate_cases() -> None:
    assert math.isnan(krippendorff_alpha_nominal([]).value)
    assert math.isnan(krippendorff_alpha_nominal([("a", _), (_, "b")]).value)  # nothing pairable
    assert math.isnan(krippendorff_alpha_nominal([("a", "a"), ("a", "a")]).value)  # De = 0
    assert krippendorff_alpha_nominal([("a", "a"), ("b", "b")]).value == 1.0


def _alpha_by_pairs(units) -> float:
    """Pair-counting form: α = 1 - (n-1) Σ_u Σ_{i≠j} [v_i≠v_j]/(m_u-1) / Σ_{c≠k} n_c n_k."""
    disagree = Fraction(0)
    totals: Counter = Counter()
    for unit in units:
        values = [v for v in unit if v is not MISSING]
        if len(values) < 2:
            continue
        totals.update(values)
        pairs = sum(a != b for a, b in permutations(values, 2))
        disagree += Fraction(pairs, len(values) - 1)
    n = sum(totals.values())
    spread = n * n - sum(c * c for c in totals.values())
    return float(1 - (n - 1) * disagree / spread)


_ratings = st.lists(
    st.lists(st.sampled_from(["a", "b", "c", None, MISSING]), min_size=3, max_size=3),
    min_size=1,
    max_size=12,
)


@given(_ratings)
def test_krippendorff_alpha_matches_pair_counting(units) -> None:
    result = krippendorff_alpha_nominal(units)
    pairable = [u for u in units if sum(v is not MISSING for v in u) >= 2]
    values = {v for u in pairable for v in u if v is not MISSING}
    if not pairable or len(values) < 2:
        assert math.isnan(result.value)
    else:
        assert result.value == pytest.approx(_alpha_by_pairs(units))
        assert result.value <= 1.0


# ------------------------------------------------------------------------------------------
# 5. Gwet's AC1


def test_gwet_ac1_handbook_four_raters() -> None:
    """Gwet (2014) Handbook 4th ed., p. 120, 4 raters x 12 units with missing ratings (irrCAC
    data set cac.raw4raters, the same data as Krippendorff 2011): p_a = 0.818, p_e = 0.190,
    AC1 = 0.775 (irrCAC gwet.ac1.raw)."""
    result = gwet_ac1(KRIPPENDORFF_2011)
    assert round(result.observed_agreement, 3) == 0.818
    assert round(result.expected_agreement, 3) == 0.190
    assert round(result.value, 3) == 0.775
    assert result.n_items == 11


def test_gwet_ac1_two_raters_with_missing_ben_gerry() -> None:
    """Gwet (2014) Handbook, Ben and Gerry rate 12 units, one rating missing (irrCAC data set
    raw_ben_gerry / Python irrCAC test suite): p_a = 0.727, p_e = 0.194, AC1 = 0.661."""
    ben = ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"]
    gerry = ["b", "a", "b", "b", "b", "c", "c", "c", "e", _, "d", "d"]
    result = gwet_ac1(list(zip(ben, gerry, strict=True)))
    assert round(result.observed_agreement, 3) == 0.727
    assert round(result.expected_agreement, 3) == 0.194
    assert round(result.value, 3) == 0.661


def test_gwet_ac1_handbook_abstractors_table() -> None:
    """Gwet (2014) Handbook, pregnancy-type 3x3 table (irrCAC cont3x3abstractors):
    AC1 = 0.849 (irrCAC gwet.ac1.table)."""
    table = {
        ("Ectopic", "Ectopic"): 13,
        ("AIU", "AIU"): 20, ("AIU", "NIU"): 7,
        ("NIU", "AIU"): 4, ("NIU", "NIU"): 56,
    }  # fmt: skip
    assert round(gwet_ac1(_table_units(table)).value, 3) == 0.849


def test_kappa_paradox_kappa_collapses_while_ac1_stays_high() -> None:
    """Feinstein & Cicchetti (1990), "High agreement but low kappa": two 2x2 tables with the
    same p_o = .85 give κ = .70 (balanced, 40/9/6/45) and κ = .32 (skewed, 80/10/5/5).
    Gwet (2008) proposed AC1 for this paradox: it stays at .81 for the skewed table; with one
    category at 95% prevalence κ even turns negative while AC1 is .95."""
    balanced = _table_units({(1, 1): 40, (1, 0): 9, (0, 1): 6, (0, 0): 45})
    skewed = _table_units({(1, 1): 80, (1, 0): 10, (0, 1): 5, (0, 0): 5})
    assert round(cohen_kappa(balanced).value, 2) == 0.70
    assert round(cohen_kappa(skewed).value, 2) == 0.32
    assert round(gwet_ac1(skewed).value, 3) == 0.808
    extreme = _table_units({(1, 1): 95, (1, 0): 2, (0, 1): 3, (0, 0): 0})
    assert percent_agreement(extreme).value == pytest.approx(0.95)
    assert cohen_kappa(extreme).value < 0
    assert gwet_ac1(extreme).value > 0.94


def test_gwet_ac1_degenerate_cases() -> None:
    assert math.isnan(gwet_ac1([]).value)
    assert math.isnan(gwet_ac1([("a", "a")] * 4).value)  # q = 1: p_e undefined
    full_scheme = gwet_ac1([("a", "a")] * 4, categories=["a", "b"])
    assert full_scheme.expected_agreement == 0.0 and full_scheme.value == 1.0
    with pytest.raises(ValueError):
        gwet_ac1([("a", "c")], categories=["a", "b"])


_pairs = st.lists(
    st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=1, max_size=30
)


@given(_pairs)
def test_gwet_ac1_two_raters_closed_form(pairs) -> None:
    """Gwet (2008) two-rater form: p_e = Σ_k π_k(1-π_k)/(q-1), π_k = (p_A(k) + p_B(k))/2."""
    n = len(pairs)
    left = Counter(a for a, _ in pairs)
    right = Counter(b for _, b in pairs)
    q = len(set(left) | set(right))
    result = gwet_ac1(pairs)
    if q < 2:
        assert math.isnan(result.value)
        return
    pi = {k: (left[k] + right[k]) / (2 * n) for k in set(left) | set(right)}
    pe = sum(p * (1 - p) for p in pi.values()) / (q - 1)
    pa = sum(a == b for a, b in pairs) / n
    assert result.value == pytest.approx((pa - pe) / (1 - pe))


# ------------------------------------------------------------------------------------------
# 6. Raw agreement


def test_percent_agreement_two_and_more_raters() -> None:
    assert percent_agreement([("a", "a"), ("a", "b"), ("b", "b"), ("c", _)]).value == pytest.approx(
        2 / 3
    )
    # Three raters: a unit with 2 of 3 agreeing scores 2 agreeing ordered pairs of 6 = 1/3.
    result = percent_agreement([("a", "a", "b"), ("a", "a", "a")])
    assert result.value == pytest.approx((1 / 3 + 1) / 2)
    assert result.n_items == 2 and result.n_agreeing == 1
    assert math.isnan(percent_agreement([("a", _)]).value)
    assert round(percent_agreement(KRIPPENDORFF_2011).value, 3) == 0.818  # Gwet's p_a above


# ------------------------------------------------------------------------------------------
# 7. Unit builders


def test_sentence_category_units() -> None:
    sentences = [(0, 20), (20, 40), (40, 60)]
    ann_a = [(0, 15, "economy"), (22, 58, "health")]  # second claim spans sentences 2 and 3
    ann_b = [(5, 18, "economy"), (41, 49, "politics"), (49, 59, "health")]
    units = sentence_category_units(sentences, [ann_a, ann_b])
    assert units == [("economy", "economy"), ("health", None), ("health", "health")]
    # "no claim" (None) is a category like any other.
    assert cohen_kappa(units).n_categories == 3


def test_sentence_units_tie_goes_to_earlier_span() -> None:
    units = sentence_category_units([(0, 10)], [[(0, 5, "b"), (5, 10, "a")]])
    assert units == [("b",)]


def test_matched_span_label_pairs() -> None:
    a = [(0, 10, "Jokowi"), (20, 30, "Anies"), (50, 60, "Ganjar")]
    b = [(1, 10, "Jokowi"), (21, 31, "Prabowo"), (70, 80, "Puan")]
    assert matched_span_label_pairs(a, b) == [("Jokowi", "Jokowi"), ("Anies", "Prabowo")]
    full = matched_span_label_pairs(a, b, include_unmatched=True)
    assert full[2:] == [("Ganjar", None), (None, "Puan")]
    assert cohen_kappa(matched_span_label_pairs(a, b)).observed_agreement == 0.5
