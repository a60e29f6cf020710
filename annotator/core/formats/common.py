"""What every exporter and importer shares: choosing articles and annotations, and handing
foreign annotations to the native importer.

Invariants callers rely on:
- `selected_annotations` returns an article's annotations with the given statuses, of the given
  annotators only (all annotators when `annotators` is None), ordered by start then end.
- `native_articles` gives the native article objects of the JSON export (format version 1)
  holding only the selected annotations; quote ids (`q1`, ...) are renumbered per article and a
  claim whose quote was left out loses its `quote` link.
- Importers never write directly: they build native article objects and pass them to
  `import_native_articles`, which validates every span (`text[start:end] == text`) and writes all
  or nothing, keeping other annotators' work side by side.
- Importers check what they read before building anything (the `expect_*` helpers,
  `refuse_unpaired_surrogates`, `article_metadata`, `check_native_article`): a field of the
  wrong type or with a value the project cannot store is refused with a FormatError naming the
  file, the line or task and the field, never left for the database to reject.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from annotator.core.export_json import (
    FORMAT_NAME,
    FORMAT_VERSION,
    DocumentError,
    export_article,
    export_project,
    import_document,
)
from annotator.core.model import Annotation, ImportReport
from annotator.core.native_check import (
    FormatError,
    check_native_article,
    expect_string,
    iso_date,
)
from annotator.core.store import ProjectError, Store, StoreError
from annotator.core.store.base import text_hash

DEFAULT_STATUSES: tuple[str, ...] = ("accepted",)


def article_metadata(source: dict[str, Any], where: str, prefix: str) -> dict[str, Any]:
    """An article's title, outlet, published date and url from a tool's record (`source`,
    whose fields are named `<prefix><name>`, e.g. `meta.title`), checked: strings or null,
    `published` an ISO date."""
    found: dict[str, Any] = {
        name: expect_string(source.get(name), where, prefix + name)
        for name in ("title", "outlet", "url")
    }
    found["published"] = iso_date(source.get("published"), where, prefix + "published")
    return found


def resolve_article_ids(store: Store, article_ids: Sequence[int] | None) -> list[int]:
    """The chosen article ids (all when None), refusing ids that are not in the project."""
    known = store.article_ids()
    if article_ids is None:
        return known
    missing = [i for i in article_ids if i not in set(known)]
    if missing:
        raise FormatError(f"no article with id {', '.join(map(str, missing))} in the project")
    return list(article_ids)


def selected_annotations(
    store: Store,
    article_id: int,
    *,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
    kind: str | None = None,
) -> list[Annotation]:
    """An article's annotations with `statuses` by `annotators` (all when None)."""
    items = store.annotations(article_id, statuses=tuple(statuses), kind=kind)
    if annotators is None:
        return items
    wanted = set(annotators)
    return [a for a in items if a.annotator in wanted]


def native_articles(
    store: Store,
    article_ids: Sequence[int] | None = None,
    *,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> Iterator[dict[str, Any]]:
    """Native article objects (as in the JSON export) with only the selected annotations,
    built one article at a time so that a large export stays in flat memory."""
    for article_id in resolve_article_ids(store, article_ids):
        yield _filter_article(export_article(store, article_id, tuple(statuses)), annotators)


def native_document(
    store: Store,
    article_ids: Sequence[int] | None = None,
    *,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> dict[str, Any]:
    """The JSON export document restricted to `annotators` (e.g. the gold layer)."""
    ids = resolve_article_ids(store, article_ids)
    document = export_project(store, ids, statuses=tuple(statuses))
    document["articles"] = [_filter_article(a, annotators) for a in document["articles"]]
    return document


def _filter_article(article: dict[str, Any], annotators: Iterable[str] | None) -> dict[str, Any]:
    wanted = None if annotators is None else set(annotators)

    def keep(item: dict[str, Any]) -> bool:
        return wanted is None or item.get("annotator") in wanted

    quotes = [dict(q) for q in article["quotes"] if keep(q)]
    claims = [dict(c) for c in article["claims"] if keep(c)]
    renamed: dict[str, str] = {}
    for number, quote in enumerate(quotes, start=1):
        renamed[quote["id"]] = f"q{number}"
        quote["id"] = f"q{number}"
    for number, claim in enumerate(claims, start=1):
        claim["id"] = f"c{number}"
        claim["quote"] = renamed.get(claim.get("quote") or "")
    return {**article, "quotes": quotes, "claims": claims}


# --- importing ---------------------------------------------------------------------------------
def quote_item(
    text: str,
    ref: str,
    start: int,
    end: int,
    *,
    annotator: str | None,
    speaker: str | None = None,
    speaker_role: str | None = None,
    quote_type: str | None = "direct",
    cue: tuple[int, int] | None = None,
    status: str = "accepted",
    note: str | None = None,
) -> dict[str, Any]:
    """A native quote object for `import_native_articles` (span text taken from `text`)."""
    return {
        "id": ref,
        "start": start,
        "end": end,
        "text": text[start:end],
        "quote_type": quote_type,
        "speaker": speaker or None,
        "speaker_role": speaker_role or None,
        "speaker_in_registry": bool(speaker),
        "cue": {"start": cue[0], "end": cue[1], "text": text[cue[0] : cue[1]]} if cue else None,
        "status": status,
        "annotator": annotator,
        "origin": "import",
        "confidence": None,
        "note": note or None,
    }


def claim_item(
    text: str,
    ref: str,
    start: int,
    end: int,
    *,
    annotator: str | None,
    category: str | None = None,
    speaker: str | None = None,
    quote: str | None = None,
    status: str = "accepted",
    note: str | None = None,
) -> dict[str, Any]:
    """A native claim object for `import_native_articles`; `quote` names a quote's ref."""
    return {
        "id": ref,
        "start": start,
        "end": end,
        "text": text[start:end],
        "category": category or None,
        "speaker": speaker or None,
        "speaker_in_registry": bool(speaker),
        "quote": quote,
        "status": status,
        "annotator": annotator,
        "origin": "import",
        "confidence": None,
        "note": note or None,
    }


def normalize_newlines(text: str) -> str:
    """`\r\n` and lone `\r` become `\n`, as every importer of the program stores text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def newline_offset_map(raw: str) -> list[int]:
    """For each position 0..len(raw) of `raw`, the position in `normalize_newlines(raw)`."""
    positions, removed = [], 0
    for index, char in enumerate(raw):
        positions.append(index - removed)
        if char == "\r" and raw[index + 1 : index + 2] == "\n":
            removed += 1
    positions.append(len(raw) - removed)
    return positions


def new_article(store: Store, text: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    """A native article object for `text`. When the project does not hold the text yet, its
    sentences, excluded ranges and undetected metadata come from the importer's analysis
    (no suggestions), as for a `.txt` import.

    Line ends are normalised to `\n`; importers keep building spans on the tool's own text
    (offsets and span texts as the tool gave them) and `import_native_articles` moves them onto
    the stored text."""
    given = {k: v for k, v in (metadata or {}).items() if v not in (None, "")}
    raw, text = text, normalize_newlines(text)
    article: dict[str, Any] = {"text": text, "quotes": [], "claims": []}
    if raw != text:
        article["_raw_text"] = raw
    if store.find_article_by_hash(text_hash(text)) is not None:
        article["metadata"] = given
        return article
    from annotator.core.pipeline import analyze_text

    analysis = analyze_text(text, with_suggestions=False)
    detected = {
        "title": analysis.metadata.get("title"),
        "outlet": analysis.metadata.get("outlet"),
        "place": analysis.metadata.get("place"),
        "published": analysis.metadata.get("date"),
        "language": analysis.metadata.get("language"),
    }
    article["metadata"] = {**detected, **given}
    article["sentences"] = [{"start": s, "end": e} for s, e in analysis.sentences]
    article["excluded"] = [{"start": s, "end": e, "reason": r} for s, e, r in analysis.excluded]
    return article


def import_native_articles(
    store: Store, articles: list[dict[str, Any]], *, label: str, notes: list[str] | None = None
) -> ImportReport:
    """Import native article objects in one transaction (all or nothing). Raises FormatError
    naming `label` when a span does not match its text or anything else is invalid. A new
    article without a status becomes `in_progress` when it brings accepted annotations.
    What `check_native_article` noted (in `notes`, and on these articles) becomes the
    report's warnings."""
    notes = [] if notes is None else notes
    for number, article in enumerate(articles, start=1):
        if isinstance(article, dict) and "_raw_text" in article:
            _move_to_normalized(article)  # spans built by an importer on the tool's text
        check_native_article(article, f"{label} article {number}", notes)
        metadata = article.setdefault("metadata", {})
        if isinstance(metadata, dict) and not metadata.get("status"):
            annotated = any(
                item.get("status") == "accepted"
                for group in ("quotes", "claims")
                for item in article.get(group) or []
                if isinstance(item, dict)
            )
            metadata["status"] = "in_progress" if annotated else "new"
    document = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "articles": articles}
    try:
        report = import_document(store, document, label=label)
    except DocumentError as error:
        raise FormatError(f"{label}: {error}") from None
    except ProjectError:
        raise  # the project cannot be written now (locked, read-only, full): not the file's fault
    except StoreError as error:  # a value the project refused: the file is refused, named
        raise FormatError(f"{label}: {str(error).removeprefix('refused: ')}") from None
    return report._replace(warnings=(*report.warnings, *notes))


def _move_to_normalized(article: dict[str, Any]) -> None:
    """Map spans built on `_raw_text` onto the article's normalised `text` (in place)."""
    positions = newline_offset_map(article.pop("_raw_text"))
    text = article["text"]
    for group in ("quotes", "claims"):
        for item in article.get(group) or []:
            item["start"], item["end"] = positions[item["start"]], positions[item["end"]]
            item["text"] = text[item["start"] : item["end"]]
            cue = item.get("cue")
            if cue:
                cue["start"], cue["end"] = positions[cue["start"]], positions[cue["end"]]
                cue["text"] = text[cue["start"] : cue["end"]]


def utf16_to_code_points(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Convert UTF-16 code-unit offsets (JavaScript string positions) to code points; None when
    an offset falls outside the text or inside a surrogate pair."""
    position = 0
    found: dict[int, int] = {}
    for index, char in enumerate(text):
        found[position] = index
        position += 2 if ord(char) > 0xFFFF else 1
    found[position] = len(text)
    if start not in found or end not in found:
        return None
    return found[start], found[end]


def locate_span(
    text: str, start: int, end: int, expected: str | None, *, where: str
) -> tuple[int, int]:
    """Code-point offsets of a span given by a tool that may count UTF-16 code units.

    The offsets are taken as code points when they fit and (if the tool gave the span text)
    `text[start:end] == expected`; otherwise as UTF-16 code units when that gives `expected`.
    Raises FormatError naming `where` when neither reading matches.
    """
    if isinstance(start, bool) or not isinstance(start, int) or not isinstance(end, int):
        raise FormatError(f"{where}: start and end must be whole numbers")
    if 0 <= start < end <= len(text) and (expected is None or text[start:end] == expected):
        return start, end
    converted = utf16_to_code_points(text, start, end)
    if (
        converted
        and converted[0] < converted[1]
        and (expected is None or text[converted[0] : converted[1]] == expected)
    ):
        return converted
    if expected is not None:
        raise FormatError(
            f"{where}: offsets {start}-{end} do not give the span text {expected[:40]!r}"
        )
    raise FormatError(f"{where}: offsets {start}-{end} out of range (text of {len(text)} chars)")


def enclosing(spans: dict[str, tuple[int, int]], start: int, end: int) -> str | None:
    """The ref of the shortest span containing [start, end), if any."""
    best: tuple[int, str] | None = None
    for ref, (s, e) in spans.items():
        if s <= start and end <= e and (best is None or e - s < best[0]):
            best = (e - s, ref)
    return best[1] if best else None


def nearest(spans: dict[str, tuple[int, int]], start: int, end: int) -> str | None:
    """The ref of the span closest to [start, end) (gap in code points; 0 when touching)."""
    best: tuple[int, str] | None = None
    for ref, (s, e) in spans.items():
        gap = max(0, s - end, start - e)
        if best is None or gap < best[0]:
            best = (gap, ref)
    return best[1] if best else None
