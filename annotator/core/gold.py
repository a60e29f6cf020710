"""Loading the hand-made gold annotations of the development set (``samples/gold/*.json``).

A gold file names its article (``"file": "id/01_slug.txt"``, relative to the samples folder,
i.e. the gold file's parent's parent) and lists sentences, excluded ranges, quotes and claims
as exact strings of the article text.  The loader turns every string into code-point offsets
(end exclusive) into the article text with newlines normalized to ``"\\n"``.

Placement rules (the invariants callers can rely on after a successful load):

* ``sentences``: each sentence starts at the first non-whitespace character after the previous
  sentence's end; together they cover every non-whitespace character of the text, in order,
  non-overlapping, each stripped of surrounding whitespace.
* ``excluded``, ``quotes``, ``claims``: each entry is the first occurrence at or after one past
  the start of the previous entry in the same list (the first entry: from offset 0), so each
  list is sorted by start and repeated strings work.
* a quote's ``cue`` is the whole-word occurrence of the cue string nearest to the quote span,
  preferring occurrences in the quote's own paragraph (ties go to the occurrence after the
  span).  For a direct quote only occurrences outside the
  content count; an indirect quote may hold its cue inside (an interposed cue: ``Kominfo,
  lanjutnya, akan ...``), and such an occurrence counts as distance 0.  Failing whole words,
  any occurrence counts.

Any string that cannot be placed, or an unknown type/category/reason, raises
:class:`GoldError` naming the gold file and the offending string.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUOTE_TYPES = frozenset({"direct", "indirect"})
EXCLUDED_REASONS = frozenset({"boilerplate", "credit", "related"})
CLAIM_CATEGORIES = frozenset(
    {"personal_experience", "quantity", "correlation_causation", "rules", "prediction", "other"}
)


class GoldError(ValueError):
    """A gold file is malformed or names a string that is not where it should be."""


@dataclass(frozen=True)
class GoldQuote:
    """One quote: ``text[start:end]`` is the content; ``cue`` the reporting word's span."""

    start: int
    end: int
    type: str
    speaker: str | None
    speaker_aliases: tuple[str, ...]
    speaker_role: str | None
    cue: tuple[int, int] | None


@dataclass(frozen=True)
class GoldClaim:
    """One check-worthy claim: ``text[start:end]`` with a taxonomy category key."""

    start: int
    end: int
    category: str
    speaker: str | None


@dataclass(frozen=True)
class GoldArticle:
    """One sample article with its gold layers; all offsets index ``text`` (code points)."""

    name: str
    language: str
    text: str
    metadata: dict[str, Any]
    sentences: list[tuple[int, int]]
    excluded: list[tuple[int, int, str]]
    quotes: list[GoldQuote]
    claims: list[GoldClaim]
    file: str = field(default="")

    def span_text(self, start: int, end: int) -> str:
        """The article text between two offsets."""
        return self.text[start:end]


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; a leading BOM is dropped."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _fail(path: Path, message: str) -> GoldError:
    return GoldError(f"{path}: {message}")


def _string(path: Path, entry: dict[str, Any], key: str, what: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise _fail(path, f"{what} needs a non-empty string {key!r}: {entry!r}")
    return value


def _place_sentences(path: Path, text: str, sentences: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for sentence in sentences:
        if not isinstance(sentence, str) or not sentence or sentence != sentence.strip():
            raise _fail(path, f"sentence must be a non-empty stripped string: {sentence!r}")
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(sentence, pos):
            found = text[pos : pos + len(sentence) + 20]
            raise _fail(
                path, f"cannot place sentence {sentence!r} at offset {pos} (text: {found!r})"
            )
        spans.append((pos, pos + len(sentence)))
        pos += len(sentence)
    if text[pos:].strip():
        raise _fail(
            path, f"sentences do not cover the text from offset {pos}: {text[pos : pos + 60]!r}"
        )
    return spans


def _place_in_order(path: Path, text: str, strings: list[str], what: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    search_from = 0
    for string in strings:
        start = text.find(string, search_from)
        if start < 0:
            raise _fail(path, f"cannot place {what} {string!r} at or after offset {search_from}")
        spans.append((start, start + len(string)))
        search_from = start + 1
    return spans


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def locate_cue(
    text: str, cue: str, span: tuple[int, int], inside_allowed: bool = False
) -> tuple[int, int] | None:
    """The occurrence of ``cue`` nearest to ``span`` (see the module docstring), or None.

    ``inside_allowed`` is True for indirect quotes, whose cue may be interposed in the span.
    """
    whole = [
        (m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", text)
    ]
    outside = [occ for occ in whole if occ[1] <= span[0] or occ[0] >= span[1]]
    candidates = whole if inside_allowed else (outside or whole)
    paragraph_start = text.rfind("\n", 0, span[0]) + 1
    paragraph_end = text.find("\n", span[1])
    if paragraph_end < 0:
        paragraph_end = len(text)
    same_paragraph = [
        occ for occ in candidates if occ[0] >= paragraph_start and occ[1] <= paragraph_end
    ]
    candidates = same_paragraph or candidates
    if not candidates:
        candidates = [(m.start(), m.end()) for m in re.finditer(re.escape(cue), text)]
    if not candidates:
        return None
    # Nearest first; on a tie the occurrence after the span wins.
    return min(candidates, key=lambda occ: (_distance(occ, span), occ[0] < span[0]))


def _optional_str(path: Path, entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    if value is None or isinstance(value, str):
        return value
    raise _fail(path, f"{key!r} must be a string or null: {entry!r}")


def load_gold(path: Path | str) -> GoldArticle:
    """Load one gold file and its article; raises GoldError on anything it cannot place."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise _fail(path, f"cannot read gold JSON: {error}") from error
    if not isinstance(data, dict):
        raise _fail(path, "gold JSON must be an object")
    file = _string(path, data, "file", "gold file")
    article_path = path.resolve().parent.parent / file
    try:
        text = normalize_newlines(article_path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _fail(path, f"cannot read article {file!r}: {error}") from error
    language = _string(path, data, "language", "gold file")
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise _fail(path, "'metadata' must be an object")

    sentences = _place_sentences(path, text, list(data.get("sentences") or []))

    excluded_entries = list(data.get("excluded") or [])
    excluded_spans = _place_in_order(
        path,
        text,
        [_string(path, e, "text", "excluded entry") for e in excluded_entries],
        "excluded range",
    )
    excluded: list[tuple[int, int, str]] = []
    for entry, (start, end) in zip(excluded_entries, excluded_spans, strict=True):
        reason = _string(path, entry, "reason", "excluded entry")
        if reason not in EXCLUDED_REASONS:
            raise _fail(path, f"unknown excluded reason {reason!r} for {entry['text']!r}")
        excluded.append((start, end, reason))

    quote_entries = list(data.get("quotes") or [])
    quote_spans = _place_in_order(
        path, text, [_string(path, q, "text", "quote") for q in quote_entries], "quote"
    )
    quotes: list[GoldQuote] = []
    for entry, span in zip(quote_entries, quote_spans, strict=True):
        kind = _string(path, entry, "type", "quote")
        if kind not in QUOTE_TYPES:
            raise _fail(path, f"unknown quote type {kind!r} for {entry['text']!r}")
        aliases = entry.get("speaker_aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _fail(path, f"'speaker_aliases' must be a list of strings: {entry!r}")
        cue_string = _optional_str(path, entry, "cue")
        cue = None
        if cue_string:
            cue = locate_cue(text, cue_string, span, inside_allowed=kind == "indirect")
            if cue is None:
                raise _fail(path, f"cannot place cue {cue_string!r} of quote {entry['text']!r}")
        quotes.append(
            GoldQuote(
                start=span[0],
                end=span[1],
                type=kind,
                speaker=_optional_str(path, entry, "speaker"),
                speaker_aliases=tuple(aliases),
                speaker_role=_optional_str(path, entry, "speaker_role"),
                cue=cue,
            )
        )

    claim_entries = list(data.get("claims") or [])
    claim_spans = _place_in_order(
        path, text, [_string(path, c, "text", "claim") for c in claim_entries], "claim"
    )
    claims: list[GoldClaim] = []
    for entry, (start, end) in zip(claim_entries, claim_spans, strict=True):
        category = _string(path, entry, "category", "claim")
        if category not in CLAIM_CATEGORIES:
            raise _fail(path, f"unknown claim category {category!r} for {entry['text']!r}")
        claims.append(GoldClaim(start, end, category, _optional_str(path, entry, "speaker")))

    return GoldArticle(
        name=path.stem,
        language=language,
        text=text,
        metadata=metadata,
        sentences=sentences,
        excluded=excluded,
        quotes=quotes,
        claims=claims,
        file=file,
    )


def load_gold_set(samples_dir: Path | None = None) -> list[GoldArticle]:
    """Every ``gold/*.json`` under the samples folder (default: the bundled one), by name."""
    if samples_dir is None:
        from annotator.paths import samples_dir as bundled_samples_dir

        samples_dir = bundled_samples_dir()
    gold_dir = Path(samples_dir) / "gold"
    articles = [load_gold(p) for p in sorted(gold_dir.glob("*.json"))]
    return sorted(articles, key=lambda article: article.name)
