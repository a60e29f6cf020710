"""Check-worthy claims: sentence-sized units with a category of the default claim taxonomy.

A unit is a sentence, or the part of a sentence inside a quote (a claim inside a quote
carries the quote's speaker).  Categories are chosen by marker words in a fixed order of
precedence; a unit with no marker is not suggested.  Invariant: ``text[start:end]`` is
stripped and never crosses a quote boundary.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.suggest.text import split_glued, strip_span, words

_FLAGS = re.IGNORECASE


def _markers(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", _FLAGS)


# (category, strong markers, confidence) in order of precedence.
_RULES_STRONG = _markers(
    r"UU",
    r"undang-undang",
    r"peraturan\w*",
    r"perpres|permen\w*|pkpu|perda|perppu|perbup|perwal|pergub|inpres|keppres",
    r"pasal",
    r"surat edaran",
    r"wajib",
    r"dilarang|larangan",
    r"sanksi\w*",
    r"mengatur|diatur",
    r"regulasi",
    r"ketentuan",
    r"law|laws|act|regulations?|statutes?|decree|constitution\w*|unconstitutional",
    r"illegal|unlawful|banned|prohibited|mandatory|must|required by",
    r"penalt(?:y|ies)|fines?|sanctions?",
)
_PREDICTION = _markers(
    r"(?<!yang )akan",
    r"bakal",
    r"targetkan|menargetkan|ditargetkan|target",
    r"diperkirakan|memperkirakan|diprediksi|memprediksi|proyeksi\w*|diproyeksikan",
    r"berencana|direncanakan|rencananya",
    r"mendatang",
    r"will|won't|'ll|going to|expected to|forecasts?|projected|plans? to|aims? to|next year",
)
_QUANTITY = _markers(
    r"\d+(?:[.,]\d+)*\s*(?:%|persen|percent|per cent)",
    r"(?:rp\.?|us\$|\$|€|£)\s?\d[\d.,]*",
    r"\d[\d.,]*\s*(?:juta|miliar|triliun|ribu|million|billion|trillion|thousand)",
    r"(?<![/\d.])(?!(?:19|20)\d\d(?!\d))\d+(?:[.,]\d+)*(?![/\d])",
    r"separuh|setengah|mayoritas|sepertiga|seperempat|half|majority|doubled|tripled|twice",
    r"meningkat|menurun|naik|turun|increased?|decreased?|rose|fell|dropped",
)
_CAUSATION = _markers(
    r"karena|sehingga|menyebabkan|disebabkan|mengakibatkan|akibat\w*|berdampak|memicu|dipicu",
    r"because|caused|causes|due to|led to|leads to|as a result|resulted in|result of|triggered",
    r"contributed to|blamed",
)
_PERSONAL = _markers(
    r"(?:saya|aku|kami)\s+(?:\w+\s+){0,2}(?:pernah|mengalami|merasakan|melihat|sendiri|dulu)",
    r"(?:I|we)\s+(?:\w+\s+){0,2}(?:was|were|have been|had|saw|felt|experienced|lost|grew up)",
    r"pengalaman saya|my experience|my own",
)
_NUMBER_NOT_CLAIM = re.compile(r"\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)")
_CATEGORIES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("rules", _RULES_STRONG, 0.7),
    ("prediction", _PREDICTION, 0.6),
    ("quantity", _QUANTITY, 0.65),
    ("correlation_causation", _CAUSATION, 0.6),
    ("personal_experience", _PERSONAL, 0.55),
)
MIN_WORDS = 5


@dataclass(frozen=True)
class QuoteSpan:
    """A resolved quote as the claim finder needs it."""

    start: int
    end: int
    quote_type: str
    speaker: str | None


def categorize(sentence: str) -> tuple[str, float] | None:
    """The category key and confidence of a claim-like sentence, or None."""
    cleaned = _NUMBER_NOT_CLAIM.sub(" ", sentence)
    for category, pattern, confidence in _CATEGORIES:
        if pattern.search(cleaned):
            return category, confidence
    return None


def _units(
    text: str, sentences: Sequence[tuple[int, int]], quotes: Sequence[QuoteSpan]
) -> list[tuple[int, int, str | None]]:
    units: list[tuple[int, int, str | None]] = []
    ordered = sorted(quotes, key=lambda q: q.start)
    longest = max((q.end - q.start for q in ordered), default=0)
    starts = [q.start for q in ordered]
    for s_start, s_end in sentences:
        low = bisect_left(starts, s_start - longest)
        high = bisect_left(starts, s_end)
        inside = [q for q in ordered[low:high] if q.end > s_start]
        if not inside:
            units.extend((a, b, None) for a, b in split_glued(text, s_start, s_end))
            continue
        for quote in inside:
            if quote.quote_type == "indirect":
                units.append((quote.start, quote.end, quote.speaker))
                continue
            start, end = max(s_start, quote.start), min(s_end, quote.end)
            for a, b in split_glued(text, start, end):
                units.append((*strip_span(text, a, b, " \t\n,;:—-"), quote.speaker))
    return units


def find_claims(
    text: str,
    sentences: Sequence[tuple[int, int]],
    quotes: Sequence[QuoteSpan],
    title_end: int = 0,
) -> list[dict]:
    """Claim suggestions (dicts of the public shape) for every unit after ``title_end``."""
    claims: list[dict] = []
    seen: set[tuple[int, int]] = set()
    for start, end, speaker in _units(text, sentences, quotes):
        if start < title_end or end <= start or (start, end) in seen:
            continue
        seen.add((start, end))
        if len(words(text, start, end)) < MIN_WORDS:
            continue
        found = categorize(text[start:end])
        if found is None:
            continue
        category, confidence = found
        claims.append(
            {
                "kind": "claim",
                "start": start,
                "end": end,
                "category": category,
                "speaker": speaker,
                "confidence": confidence,
            }
        )
    return claims
