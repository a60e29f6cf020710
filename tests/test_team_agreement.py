"""Project agreement over a Store: hand-computed figures on the two-annotator project."""

from __future__ import annotations

import json
import math

import pytest
from test_team_helpers import build_team_project

from annotator.core.adjudication import take_version
from annotator.core.agreement_report import agreement_report, format_report
from annotator.core.store import Store, StoreError


@pytest.fixture()
def store():
    with Store.memory() as s:
        build_team_project(s)
        yield s


def test_pair_figures(store):
    report = agreement_report(store)
    assert report.annotators == ("ana", "budi")
    [pair] = report.project.pairs
    assert (pair.articles, pair.quotes_a, pair.quotes_b) == (2, 3, 3)
    # one exact match (article 2), two overlap matches (the emoji quote differs by one char)
    assert pair.quote_f1_exact == pytest.approx(1 / 3)
    assert pair.quote_f1_overlap == pytest.approx(2 / 3)
    assert pair.speaker_items == 2 and pair.speaker_agreement == 1.0
    assert pair.speaker_kappa == pytest.approx(1.0)
    # sentences: (q,q) (p,q) (-,-) | (-,-) (q,q) (r,-): 4/6 agree; p_e = 1/3 -> kappa 0.5
    assert pair.sentence_items == 6
    assert pair.category_agreement_sentences == pytest.approx(4 / 6)
    assert pair.category_kappa_sentences == pytest.approx(0.5)
    # matched claim spans: (q,q) (p,q) (q,q)
    assert pair.span_items == 3
    assert pair.category_agreement_spans == pytest.approx(2 / 3)
    assert 0 < pair.quote_unitizing_alpha < 1
    overall = report.project.overall
    assert overall.sentence_items == 6
    assert overall.quote_alpha_articles == 2
    assert overall.quote_unitizing_alpha == pytest.approx(pair.quote_unitizing_alpha)


def test_identical_annotators_agree_fully(store):
    project_ids = store.article_ids()
    for article_id in project_ids:
        take_version(store, article_id, "ana")
    report = agreement_report(store, annotators=["ana", "gold"])
    [pair] = report.project.pairs
    assert pair.quote_f1_exact == 1.0 and pair.quote_f1_overlap == 1.0
    assert pair.quote_unitizing_alpha == pytest.approx(1.0)
    assert pair.category_kappa_sentences == pytest.approx(1.0)
    assert report.project.overall.category_alpha_sentences == pytest.approx(1.0)


def test_gold_and_suggester_left_out_by_default(store):
    take_version(store, store.article_ids()[0], "budi")
    assert agreement_report(store).annotators == ("ana", "budi")


def test_article_without_one_annotator_is_not_compared(store):
    text = "Satu kalimat 😀 saja."
    with store.transaction():
        article_id, _ = store.insert_article(text, metadata={}, sentences=[(0, len(text))])
    store.add_quote(article_id, 0, 5, speaker_id=None, annotator="ana")
    report = agreement_report(store)
    [pair] = report.project.pairs
    assert pair.articles == 2 and pair.quotes_a == 3
    assert [s.article_id for s in report.articles] == store.article_ids()[:2]
    single = agreement_report(store, [article_id])
    assert single.project.pairs[0].articles == 0
    assert math.isnan(single.project.pairs[0].quote_f1_exact)


def test_per_article_scope_and_three_annotators(store):
    text_id = store.article_ids()[1]
    for a in store.annotations(text_id, statuses=("accepted",), annotator="ana"):
        store.add_quote(text_id, a.start, a.end, speaker_id=a.speaker_id, annotator="cici")
    report = agreement_report(store, [text_id])
    assert [(p.annotator_a, p.annotator_b) for p in report.project.pairs] == [
        ("ana", "budi"),
        ("ana", "cici"),
        ("budi", "cici"),
    ]
    assert [s.article_id for s in report.articles] == [text_id]
    assert report.project.overall.annotators == ("ana", "budi", "cici")


def test_json_and_text(store):
    report = agreement_report(store)
    text = json.dumps(report.to_dict(), allow_nan=False)
    assert '"quote_f1_exact": 0.333333' in text
    table = format_report(report)
    assert "ana–budi" in table and "quote F1, exact" in table and "0.333" in table
    assert "== article 1 ==" in table


def test_unknown_article_refused(store):
    with pytest.raises(StoreError, match="no article with id 99"):
        agreement_report(store, [99])


def test_span_units_cluster_overlapping_spans():
    from annotator.core.agreement import MISSING
    from annotator.core.agreement_report import span_units

    spans = {
        "a": ((0, 10, "x"), (20, 30, "y")),
        "b": ((2, 12, "x"), (40, 50, "z")),
        "c": ((5, 25, "w"),),
    }
    everyone = frozenset(spans)
    # (0,10) (2,12) (5,25) (20,30) chain into one cluster; (40,50) stands alone
    assert span_units(spans, ["a", "b", "c"], everyone) == [("x", "x", "w")]
    only_ab = {"a": spans["a"], "b": spans["b"], "c": ()}
    assert span_units(only_ab, ["a", "b", "c"], frozenset({"a", "b"})) == [("x", "x", MISSING)]


def test_group_span_figures(store):
    report = agreement_report(store)
    overall = report.project.overall
    # clusters with two ratings: article 1 inflasi (q), tumbuh (p vs q); article 2 harga (q)
    assert overall.span_units == 3
    assert overall.speaker_units == 2 and overall.speaker_alpha == pytest.approx(1.0)
    # values q,q | p,q | q,q: Do = 2/6, De = (36 - 25 - 1) / 30 = 1/3, alpha = 0
    assert overall.category_alpha_spans == pytest.approx(0.0)
    [pair] = report.project.pairs
    assert not math.isnan(pair.category_ac1_spans)
