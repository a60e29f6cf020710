"""The development set: every gold file loads and agrees with its article text."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from annotator.core.gold import (
    CLAIM_CATEGORIES,
    EXCLUDED_REASONS,
    GoldArticle,
    GoldError,
    load_gold,
    load_gold_set,
)
from annotator.paths import samples_dir

OPENING_MARKS = "“\"‘'«„‹"
CLOSING_MARKS = "”\"’'»“›"
GOLD_FILES = sorted((samples_dir() / "gold").glob("*.json"))
# The third blind held-out set is checked for consistency too (never measured against here).
HELDOUT3_FILES = sorted((samples_dir() / "heldout3" / "gold").glob("*.json"))
CHECKED_FILES = GOLD_FILES + HELDOUT3_FILES


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


@pytest.fixture(scope="module")
def gold_set() -> list[GoldArticle]:
    return load_gold_set()


def test_gold_set_is_sorted_and_named_after_files(gold_set: list[GoldArticle]) -> None:
    names = [article.name for article in gold_set]
    assert names == sorted(names)
    assert names == _ids(GOLD_FILES)


def test_every_gold_file_has_an_article_and_every_article_gold() -> None:
    articles = sorted(
        p.relative_to(samples_dir()).as_posix()
        for lang in ("id", "en")
        for p in (samples_dir() / lang).glob("*.txt")
    )
    files = sorted(json.loads(p.read_text(encoding="utf-8"))["file"] for p in GOLD_FILES)
    assert files == articles


def test_set_has_enough_articles_of_news_length(gold_set: list[GoldArticle]) -> None:
    languages = [article.language for article in gold_set]
    assert languages.count("id") >= 10
    assert languages.count("en") >= 5
    for article in gold_set:
        assert 250 <= len(article.text.split()) <= 700, article.name


def test_set_exercises_the_hard_cases(gold_set: list[GoldArticle]) -> None:
    quotes = [q for article in gold_set for q in article.quotes]
    assert any(q.type == "direct" for q in quotes) and any(q.type == "indirect" for q in quotes)
    assert any(q.speaker is None for q in quotes)
    assert any(q.cue is None for q in quotes)
    assert any(any(ord(ch) > 0xFFFF for ch in article.text) for article in gold_set)
    reasons = {reason for article in gold_set for _, _, reason in article.excluded}
    assert reasons == {"boilerplate", "credit", "related"}
    categories = {claim.category for article in gold_set for claim in article.claims}
    assert categories >= {"quantity", "rules", "prediction", "correlation_causation"}


def test_numbers_are_unique_across_languages() -> None:
    numbers = [p.stem.split("_", 1)[0] for p in GOLD_FILES]
    assert len(numbers) == len(set(numbers))
    assert all(n.isdigit() and len(n) == 2 for n in numbers)


@pytest.mark.parametrize("path", CHECKED_FILES, ids=_ids(CHECKED_FILES))
def test_gold_file_is_consistent(path: Path) -> None:
    article = load_gold(path)
    text = article.text
    data = json.loads(path.read_text(encoding="utf-8"))
    assert article.language in ("id", "en")
    assert article.file.startswith(article.language + "/")
    assert Path(article.file).stem == article.name
    assert "\r" not in text
    # Metadata records what the text states: a field the text never gives is null.
    for key in ("title", "outlet", "place", "date"):
        assert key in article.metadata, key
    assert article.metadata["title"]
    if article.metadata["date"] is not None:
        date.fromisoformat(article.metadata["date"])
    for key in ("outlet", "place"):
        value = article.metadata[key]
        assert value is None or value.split(",")[0].lower() in text.lower(), (key, value)
    assert article.metadata["title"] in text

    # Sentences: stripped, in order, non-overlapping, covering all non-whitespace.
    covered = "".join(text[s:e] for s, e in article.sentences)
    assert "".join(covered.split()) == "".join(text.split())
    previous_end = 0
    for (start, end), sentence in zip(article.sentences, data["sentences"], strict=True):
        assert text[start:end] == sentence == sentence.strip()
        assert start >= previous_end and not text[previous_end:start].strip()
        previous_end = end

    # Excluded ranges: in order, each one whole sentence (or several).
    starts = {s for s, _ in article.sentences}
    ends = {e for _, e in article.sentences}
    for (start, end, reason), entry in zip(article.excluded, data["excluded"], strict=True):
        assert text[start:end] == entry["text"]
        assert reason in EXCLUDED_REASONS
        assert start in starts and end in ends, entry["text"]
    assert [e[0] for e in article.excluded] == sorted(e[0] for e in article.excluded)

    # Quotes: exact, in order; direct quotes sit between quotation marks; cues outside
    # direct quotes, and inside an indirect one only when interposed between commas.
    for quote, entry in zip(article.quotes, data["quotes"], strict=True):
        content = text[quote.start : quote.end]
        assert content == entry["text"] == content.strip()
        assert quote.speaker is None or quote.speaker not in quote.speaker_aliases
        if quote.type == "direct":
            assert quote.start > 0 and text[quote.start - 1] in OPENING_MARKS, content[:40]
            closed = quote.end < len(text) and text[quote.end] in CLOSING_MARKS
            unclosed_to_paragraph_end = text[quote.end :].startswith("\n")
            assert closed or unclosed_to_paragraph_end, content[-40:]
        else:
            assert not content.startswith(("bahwa ", "that ")), content[:40]
            assert not content.endswith("."), content[-40:]
        if quote.cue is None:
            # Only a direct quote the article gives no reporting word (one that never closes).
            assert entry["cue"] is None and quote.type == "direct", entry
            continue
        assert text[quote.cue[0] : quote.cue[1]] == entry["cue"]
        between = text[min(quote.cue[1], quote.end) : max(quote.cue[0], quote.start)]
        assert "\n" not in between, f"cue not in the quote's paragraph: {entry}"
        if quote.cue[1] <= quote.start or quote.cue[0] >= quote.end:
            continue
        assert quote.type == "indirect", entry
        assert text[quote.cue[0] - 2 : quote.cue[0]] == ", ", entry
        after = text[quote.cue[1] : text.index(",", quote.cue[1])]
        assert len(after.split()) <= 1, entry  # "lanjutnya," or "kata dia,"
    assert [q.start for q in article.quotes] == sorted(q.start for q in article.quotes)

    # Claims: exact, in order, known categories, no claim in excluded boilerplate.
    for claim, entry in zip(article.claims, data["claims"], strict=True):
        assert text[claim.start : claim.end] == entry["text"]
        assert claim.category in CLAIM_CATEGORIES
        for start, end, _ in article.excluded:
            assert claim.end <= start or claim.start >= end
    assert [c.start for c in article.claims] == sorted(c.start for c in article.claims)


@pytest.mark.parametrize("path", CHECKED_FILES, ids=_ids(CHECKED_FILES))
def test_claims_inside_quotes_carry_the_quote_speaker(path: Path) -> None:
    article = load_gold(path)
    for claim in article.claims:
        for quote in article.quotes:
            if quote.start <= claim.start and claim.end <= quote.end:
                assert claim.speaker == quote.speaker, article.text[claim.start : claim.end]


def _write_sample(root: Path, text: str, gold: dict) -> Path:
    (root / "id").mkdir(parents=True)
    (root / "gold").mkdir()
    (root / "id" / "01_x.txt").write_bytes(text.encode("utf-8"))
    path = root / "gold" / "01_x.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


def _minimal_gold(**overrides: object) -> dict:
    gold: dict = {
        "file": "id/01_x.txt",
        "language": "id",
        "metadata": {"title": "Judul", "outlet": "x", "place": "y", "date": "2024-01-01"},
        "sentences": ["Judul", "“Halo 🙂 semua,” katanya.", "“Halo lagi,” katanya."],
        "excluded": [],
        "quotes": [
            {
                "text": "Halo 🙂 semua,",
                "type": "direct",
                "speaker": "Ani",
                "speaker_aliases": [],
                "speaker_role": None,
                "cue": "katanya",
            },
            {
                "text": "Halo lagi,",
                "type": "direct",
                "speaker": "Ani",
                "speaker_aliases": [],
                "speaker_role": None,
                "cue": "katanya",
            },
        ],
        "claims": [],
    }
    gold.update(overrides)
    return gold


def test_loader_offsets_are_code_points_and_newlines_normalized(tmp_path: Path) -> None:
    text = "Judul\r\n\r\n“Halo 🙂 semua,” katanya. “Halo lagi,” katanya.\r\n"
    article = load_gold(_write_sample(tmp_path, text, _minimal_gold()))
    assert article.text == "Judul\n\n“Halo 🙂 semua,” katanya. “Halo lagi,” katanya.\n"
    first, second = article.quotes
    assert (first.start, first.end) == (8, 21)
    assert article.text[first.cue[0] : first.cue[1]] == "katanya"
    assert first.cue[0] == 23
    assert second.cue[0] > second.end
    assert load_gold_set(tmp_path)[0].name == "01_x"


def test_loader_names_the_string_it_cannot_place(tmp_path: Path) -> None:
    text = "Judul\n“Halo 🙂 semua,” katanya. “Halo lagi,” katanya.\n"
    gold = _minimal_gold(claims=[{"text": "tidak ada", "category": "other", "speaker": None}])
    path = _write_sample(tmp_path, text, gold)
    with pytest.raises(GoldError, match="tidak ada") as error:
        load_gold(path)
    assert "01_x.json" in str(error.value)


def test_loader_rejects_sentences_that_skip_text(tmp_path: Path) -> None:
    text = "Judul\n“Halo 🙂 semua,” katanya. “Halo lagi,” katanya.\n"
    gold = _minimal_gold(sentences=["Judul", "“Halo lagi,” katanya."])
    with pytest.raises(GoldError, match="Halo lagi"):
        load_gold(_write_sample(tmp_path, text, gold))


def test_loader_rejects_unknown_category(tmp_path: Path) -> None:
    text = "Judul\n“Halo 🙂 semua,” katanya. “Halo lagi,” katanya.\n"
    gold = _minimal_gold(claims=[{"text": "Halo lagi", "category": "gossip", "speaker": None}])
    with pytest.raises(GoldError, match="gossip"):
        load_gold(_write_sample(tmp_path, text, gold))
