"""The one check of a native article object (as in the JSON export) for every importer.

`check_native_article` is what `annotator import FILE.json` (through
`export_json.validate_document`), `import-as jsonl` and the other importers of
`annotator.core.formats` run on each article before anything is written; the `expect_*`
helpers, `iso_date` and `refuse_unpaired_surrogates` are the checks the importers also run on
what a tool wrote. Each refusal is a FormatError whose text is one line naming the input (its
file and line, record or task), the field and the problem:
`WHERE: "FIELD" must be ..., got ...`.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from annotator.core.model import ANNOTATION_STATUSES, ARTICLE_STATUSES, QUOTE_TYPES
from annotator.core.reading import (
    SURROGATE_PROBLEM,
    calendar_problem,
    has_unpaired_surrogate,
    json_type,
)
from annotator.core.store.base import text_hash

ANNOTATION_ORIGINS = ("manual", "suggestion", "import")
ARTICLE_TEXT_FIELDS = ("title", "outlet", "place", "url", "source", "language")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class FormatError(ValueError):
    """An input or output the format cannot handle; str() is one line for the user."""


def _shown(value: Any) -> str:
    """A value as a refusal quotes it: short, on one line."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if isinstance(value, int | float) and not isinstance(value, bool) and len(repr(value)) <= 24:
        return repr(value)
    return json_type(value)


def is_whole_number(value: Any) -> bool:
    """True for a whole number (an int, not true/false)."""
    return isinstance(value, int) and not isinstance(value, bool)


def expect_string(value: Any, where: str, field: str) -> str | None:
    """`value` when it is a string or null; anything else is refused, naming `field`."""
    if value is None or isinstance(value, str):
        return value
    raise FormatError(f'{where}: "{field}" must be a string or null, got {json_type(value)}')


def expect_name(value: Any, where: str, field: str) -> str | None:
    """A person's name as tools write it: a string, a whole number (a user id) or null."""
    if is_whole_number(value):
        return str(value)
    if value is None or isinstance(value, str):
        return value
    raise FormatError(f'{where}: "{field}" must be a name (a string), got {json_type(value)}')


def expect_offset(value: Any, where: str, field: str) -> int:
    """`value` when it is a whole number (not true/false); anything else is refused."""
    if is_whole_number(value):
        return value
    raise FormatError(f'{where}: "{field}" must be a whole number, got {json_type(value)}')


def expect_list(value: Any, where: str, field: str, shape: str = "a list") -> list[Any]:
    """`value` when it is a list ([] when null); anything else is refused, naming `shape`."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise FormatError(f'{where}: "{field}" must be {shape}, got {json_type(value)}')


def expect_object(value: Any, where: str, field: str) -> dict[str, Any]:
    """`value` when it is a JSON object ({} when null); anything else is refused."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise FormatError(f'{where}: "{field}" must be an object, got {json_type(value)}')


def iso_date(value: Any, where: str, field: str = "published") -> str | None:
    """The `YYYY-MM-DD` date the project stores for such a string or an ISO 8601 date-time
    (its date as written; None for null or blank); a day that is not on the calendar
    (2024-02-30) or any other value is refused, naming `field`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip()
        problem = calendar_problem(text)
        if problem is not None:
            shown = _shown(text)
            raise FormatError(
                f'{where}: "{field}" must be a date on the calendar, got {shown} ({problem})'
            )
        if _ISO_DATE.fullmatch(text):
            return text
        if _ISO_DATE.match(text):
            try:
                return datetime.datetime.fromisoformat(text).date().isoformat()
            except ValueError:
                pass
    raise FormatError(f'{where}: "{field}" must be an ISO date (YYYY-MM-DD), got {_shown(value)}')


def refuse_unpaired_surrogates(value: Any, where: str) -> None:
    """Refuse a parsed JSON value holding, in any string or key, an unpaired surrogate (a lone
    `\\ud800` escape): such text cannot be stored. The refusal names the field's path."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if has_unpaired_surrogate(item):
                raise FormatError(f'{where}: field "{path or "(value)"}" {SURROGATE_PROBLEM}')
        elif isinstance(item, dict):
            for key, child in item.items():
                inner = f"{path}.{key}" if path else str(key)
                if has_unpaired_surrogate(str(key)):
                    raise FormatError(f"{where}: a field name {SURROGATE_PROBLEM}")
                stack.append((child, inner))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{n}]") for n, child in enumerate(item))


def check_native_article(article: Any, where: str, notes: list[str] | None = None) -> None:
    """Refuse a native article object (as in the JSON export) holding a field of the wrong
    type, a value the project cannot store (a `published` that is not a day on the calendar)
    or a span that does not match its text, naming `where` and the field in one line. Adjusts
    in place what has one obvious meaning: a null list becomes empty, a blank `published` or
    speaker name null, a date-time in `published` its date.

    With `notes`, a `published` day that is not on the calendar (2024-02-30, which projects
    of earlier versions could store) does not refuse the article: it is imported without a
    date, the value is kept in `metadata.extra.published_as_written`, and a line saying so
    is added to `notes`.

    The one check of an article for every importer: `annotator import FILE.json` (through
    `export_json.validate_document`, where is `article N`), `import-as jsonl` (`FILE: line N`)
    and the other importers (`FILE article N`)."""
    if not isinstance(article, dict):
        raise FormatError(f"{where}: not a JSON object, got {json_type(article)}")
    refuse_unpaired_surrogates(article, where)
    if not isinstance(article.get("text"), str) or not article["text"]:
        raise FormatError(f'{where}: "text" must be a non-empty string')
    metadata = article["metadata"] = expect_object(article.get("metadata"), where, "metadata")
    for name in (*ARTICLE_TEXT_FIELDS, "imported_at", "updated_at"):
        expect_string(metadata.get(name), where, f"metadata.{name}")
    if metadata.get("status") not in (None, "", *ARTICLE_STATUSES):
        raise FormatError(
            f'{where}: "metadata.status" must be one of {", ".join(ARTICLE_STATUSES)}, '
            f"got {_shown(metadata['status'])}"
        )
    extra = expect_object(metadata.get("extra"), where, "metadata.extra")
    try:
        json.dumps(extra, allow_nan=False)
    except ValueError:
        raise FormatError(f'{where}: "metadata.extra" holds NaN or Infinity') from None
    published = metadata.get("published")
    problem = calendar_problem(published.strip()) if isinstance(published, str) else None
    if problem is not None and notes is not None:
        metadata["extra"] = {**extra, "published_as_written": published}
        metadata["published"] = None
        notes.append(
            f'{where}: "metadata.published" {_shown(published.strip())} is not a day on the '
            f"calendar ({problem}): imported without a date, the value kept in "
            "metadata.extra.published_as_written"
        )
    else:
        metadata["published"] = iso_date(published, where, "metadata.published")
    claimed_hash = article.get("text_hash")
    if claimed_hash is not None and claimed_hash != text_hash(article["text"]):
        raise FormatError(f'{where}: "text_hash" is not the SHA-256 of its text')
    length = len(article["text"])
    for group in ("sentences", "excluded", "quotes", "claims"):
        article[group] = expect_list(article.get(group), where, group)  # null: none
    for group in ("sentences", "excluded"):
        spans = []
        for number, item in enumerate(article[group]):
            label = f"{group}[{number}]"
            spans.append(_span(item, where, label, length))
            reason = item.get("reason")
            if group == "excluded" and not isinstance(reason, str):
                raise FormatError(
                    f'{where}: "{label}.reason" must be a string, got {json_type(reason)}'
                )
        if group == "sentences":
            previous_end = None
            for start, end in sorted(spans):
                if previous_end is not None and start < previous_end:
                    raise FormatError(f"{where}: sentences overlap at offset {start}")
                previous_end = end
    quote_ids: set[Any] = set()
    for group in ("quotes", "claims"):
        for number, item in enumerate(article[group], start=1):
            at = f"{where} {group[:-1]} {number}"
            _check_native_item(item, at, article["text"], quote_ids if group == "quotes" else None)
            if group == "quotes":
                quote_ids.add(item["id"])
            elif item.get("quote") is not None and item["quote"] not in quote_ids:
                raise FormatError(f'{at}: "quote" names no quote of the article: {item["quote"]!r}')


def _span(item: Any, where: str, field: str, length: int) -> tuple[int, int]:
    """The whole-number offsets of a span object `{"start": ..., "end": ...}` in a text of
    `length` characters; refuses anything else, naming `field`."""
    if not isinstance(item, dict):
        raise FormatError(f'{where}: "{field}" must be an object, got {json_type(item)}')
    prefix = f"{field}." if field else ""
    start = expect_offset(item.get("start"), where, f"{prefix}start")
    end = expect_offset(item.get("end"), where, f"{prefix}end")
    if not 0 <= start < end <= length:
        named = f'"{field}" ' if field else ""
        raise FormatError(
            f"{where}: {named}offsets {start}-{end} out of range (text of {length} chars)"
        )
    return start, end


def _check_native_item(item: Any, where: str, text: str, quote_ids: set[Any] | None) -> None:
    """Check one quote (`quote_ids` given: the ids of the quotes before it) or claim."""
    quote = quote_ids is not None
    if not isinstance(item, dict):
        raise FormatError(f"{where}: must be an object, got {json_type(item)}")
    start, end = _span(item, where, "", len(text))
    if item.get("text") != text[start:end]:
        raise FormatError(
            f'{where}: "text" {_shown(item.get("text"))} does not match the article text at '
            f"{start}-{end} ({_shown(text[start:end])})"
        )
    if item.get("status") not in ANNOTATION_STATUSES:
        raise FormatError(
            f'{where}: "status" must be one of {", ".join(ANNOTATION_STATUSES)}, '
            f"got {_shown(item.get('status'))}"
        )
    if quote and item.get("quote_type") not in (None, *QUOTE_TYPES):
        raise FormatError(
            f'{where}: "quote_type" must be {" or ".join(QUOTE_TYPES)}, '
            f"got {_shown(item['quote_type'])}"
        )
    if quote and item.get("cue") is not None:
        _span(item["cue"], where, "cue", len(text))
    ref = item.get("id")
    if not (isinstance(ref, str) or is_whole_number(ref) or (ref is None and not quote)):
        raise FormatError(f'{where}: "id" must be a string, got {json_type(ref)}')
    link = item.get("quote")
    if not (link is None or isinstance(link, str) or is_whole_number(link)):
        raise FormatError(f'{where}: "quote" must be a quote\'s id, got {json_type(link)}')
    for name in ("annotator", "note", "speaker", "speaker_role", "category"):
        expect_string(item.get(name), where, name)
    for name in ("created_at", "updated_at"):
        expect_string(item.get(name), where, name)
    if isinstance(item.get("speaker"), str) and not item["speaker"].strip():
        item["speaker"] = None
    if item.get("origin") not in (None, "", *ANNOTATION_ORIGINS):
        raise FormatError(
            f'{where}: "origin" must be one of {", ".join(ANNOTATION_ORIGINS)}, '
            f"got {_shown(item['origin'])}"
        )
    confidence = item.get("confidence")
    if confidence is not None and (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0 <= confidence <= 1  # NaN fails this too
    ):
        raise FormatError(
            f'{where}: "confidence" must be a number from 0 to 1 or null, got {_shown(confidence)}'
        )
