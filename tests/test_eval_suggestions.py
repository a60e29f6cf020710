"""Scoring suggestions against gold: matching, figures, report, benchmark, dev-set targets."""

from __future__ import annotations

import pytest

from annotator.core.eval_suggestions import (
    LanguageReport,
    SpanScores,
    benchmark,
    evaluate_article,
    evaluate_suggestions,
    format_report,
    overlap_match,
    speaker_is_right,
)
from annotator.core.gold import GoldArticle, GoldClaim, GoldQuote, load_gold_set

TEXT = "“Harga naik,” kata Budi. Andi mengatakan, stok aman sampai Juni. Ada 5 gudang baru."


def _quote(start: int, end: int, kind: str, speaker: str | None, aliases=()) -> GoldQuote:
    return GoldQuote(start, end, kind, speaker, tuple(aliases), None, None)


def _article(quotes: list[GoldQuote], claims: list[GoldClaim], language: str = "id"):
    return GoldArticle("fixture", language, TEXT, {}, [], [], quotes, claims)


def _span(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


def _pred_quote(piece: str, kind: str, speaker: str | None) -> dict:
    start, end = _span(piece)
    return {
        "kind": "quote",
        "start": start,
        "end": end,
        "quote_type": kind,
        "speaker": speaker,
        "speaker_role": None,
        "cue": None,
        "confidence": 0.9,
    }


def _pred_claim(piece: str, category: str) -> dict:
    start, end = _span(piece)
    return {
        "kind": "claim",
        "start": start,
        "end": end,
        "category": category,
        "speaker": None,
        "confidence": 0.6,
    }


def test_overlap_match_needs_half_of_both_spans_and_is_one_to_one() -> None:
    assert overlap_match([(0, 10)], [(0, 10)]) == [(0, 0)]
    assert overlap_match([(0, 10)], [(5, 10)]) == [(0, 0)]  # covers all of gold, half of pred
    assert overlap_match([(0, 10)], [(6, 30)]) == []  # less than half of both
    assert overlap_match([(0, 4)], [(2, 30)]) == []  # half of pred, not of gold
    # two predictions for one gold span: only the larger overlap matches
    assert overlap_match([(0, 10), (0, 8)], [(0, 10)]) == [(0, 0)]
    assert overlap_match([], [(0, 1)]) == []


def test_span_scores() -> None:
    scores = SpanScores(tp=3, fp=1, fn=2)
    assert scores.precision == pytest.approx(0.75)
    assert scores.recall == pytest.approx(0.6)
    assert scores.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert SpanScores().f1 == 1.0  # nothing to find and nothing found
    assert (scores + SpanScores(1, 1, 1)) == SpanScores(4, 2, 3)


def test_speaker_is_right_with_aliases_and_case() -> None:
    gold = _quote(0, 1, "direct", "Budi Santoso", ["Budi"])
    assert speaker_is_right("budi santoso", gold)
    assert speaker_is_right("BUDI", gold)
    assert not speaker_is_right("Andi", gold)
    assert not speaker_is_right(None, gold)
    nobody = _quote(0, 1, "direct", None)
    assert speaker_is_right(None, nobody)
    assert not speaker_is_right("Budi", nobody)


def test_evaluate_article_counts_each_layer() -> None:
    direct = _span("Harga naik,")
    indirect = _span("stok aman sampai Juni")
    claim = _span("Ada 5 gudang baru.")
    article = _article(
        [
            _quote(*direct, "direct", "Budi Santoso", ["Budi"]),
            _quote(*indirect, "indirect", "Andi"),
        ],
        [GoldClaim(*claim, "quantity", None), GoldClaim(*indirect, "prediction", "Andi")],
    )
    predicted = [
        _pred_quote("Harga naik,", "direct", "Budi"),
        _pred_quote("stok aman sampai Juni", "direct", "Andi"),  # right span, wrong type
        _pred_claim("Ada 5 gudang baru.", "other"),
    ]
    errors: list[str] = []
    report = evaluate_article(article, predicted, errors)
    assert report.direct == SpanScores(1, 1, 0)
    assert report.indirect == SpanScores(0, 0, 1)
    assert (report.speaker_right, report.speaker_total) == (1, 1)
    assert report.claims == SpanScores(1, 0, 1)
    assert (report.category_same, report.category_total) == (0, 1)
    assert any("spurious direct" in e for e in errors)
    assert any("missed indirect" in e for e in errors)
    assert any("claim category 'other', gold 'quantity'" in e for e in errors)


def test_evaluate_suggestions_groups_by_language_and_formats() -> None:
    direct = _span("Harga naik,")
    id_article = _article([_quote(*direct, "direct", "Budi")], [])
    en_article = _article([_quote(*direct, "direct", "Budi")], [], language="en")

    def suggester(article: GoldArticle) -> list[dict]:
        speaker = "Budi" if article.language == "id" else "Someone"
        return [_pred_quote("Harga naik,", "direct", speaker)]

    report = evaluate_suggestions([id_article, en_article], suggester)
    assert set(report.languages) == {"id", "en", "all"}
    assert report.languages["id"].speaker_accuracy == 1.0
    assert report.languages["en"].speaker_accuracy == 0.0
    assert report.overall.articles == 2
    assert report.overall.direct == SpanScores(2, 0, 0)
    text = format_report(report)
    assert "id (1 articles)" in text and "en (1 articles)" in text and "all (2" in text
    assert "direct" in text and "indirect" in text and "speakers" in text
    assert "category" in text and "claims" in text
    assert "errors:" not in text
    assert "errors:" in format_report(report, errors=True)


def test_language_report_adds_up() -> None:
    one = LanguageReport("id", 1, SpanScores(1, 0, 0), SpanScores(), 1, 1, SpanScores(), 0, 0)
    total = one + one
    assert total.articles == 2 and total.direct.tp == 2 and total.speaker_accuracy == 1.0
    assert LanguageReport("en").category_agreement == 1.0


def test_benchmark_reports_throughput() -> None:
    article = _article([], [])
    result = benchmark([article], repeats=2)
    assert result.articles == 1 and result.words == len(TEXT.split())
    assert result.articles_per_second > 0 and result.ms_per_600_words > 0
    assert benchmark([]).articles == 0


# ---------------------------------------------------------------- the development set


def _dev_set() -> list[GoldArticle]:
    articles = load_gold_set()
    if not articles:
        pytest.skip("no gold samples yet")
    return articles


def test_dev_set_meets_the_targets() -> None:
    report = evaluate_suggestions(_dev_set())
    overall = report.overall
    message = format_report(report, errors=True)
    assert overall.direct.f1 >= 0.95, message
    assert overall.indirect.f1 >= 0.8, message
    assert overall.speaker_accuracy >= 0.9, message
    for language, figures in report.languages.items():
        assert figures.direct.f1 >= 0.9, (language, message)
        assert figures.indirect.f1 >= 0.75, (language, message)
        assert figures.speaker_accuracy >= 0.85, (language, message)


def test_dev_set_is_fast() -> None:
    result = benchmark(_dev_set(), repeats=3)
    assert result.ms_per_600_words < 50
