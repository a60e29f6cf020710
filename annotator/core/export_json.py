"""The native JSON export (format version 1) and its importer.

The document is described field by field in `resources/schema/export-v1.schema.json` and in
README.md. Offsets are Unicode code points into each article's `text`, end exclusive, and every
span carries its text; the importer refuses a document whose spans do not match its text
(each article is checked by `native_check.check_native_article`, as `import-as jsonl` is).
Exporting, importing into a new project and exporting again gives the same document apart
from `exported_at`.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from annotator import __version__
from annotator.core import jsonsafe
from annotator.core.model import Annotation, ImportReport, changes
from annotator.core.native_check import FormatError, check_native_article
from annotator.core.store import Store, StoreError
from annotator.core.store.base import now, text_hash

FORMAT_NAME = "annotator-export"
FORMAT_VERSION = 1
DEFAULT_STATUSES = ("accepted", "suggested", "rejected")


class DocumentError(ValueError):
    """A JSON export that cannot be imported; str() says where and what."""


# --- export --------------------------------------------------------------------------------------
def export_project(
    store: Store,
    article_ids: Sequence[int] | None = None,
    *,
    statuses: Sequence[str] = DEFAULT_STATUSES,
    exported_at: str | None = None,
) -> dict[str, Any]:
    """The whole project, or the chosen articles, as one JSON-ready document (in memory; for
    large projects write it with `write_export`, which streams the same text)."""
    ids = list(article_ids) if article_ids is not None else store.article_ids()
    articles = [export_article(store, article_id, statuses) for article_id in ids]
    used = _used_speakers(articles) if article_ids is not None else None
    return {**_header(store, used, exported_at), "articles": articles}


def write_export(
    store: Store,
    handle: TextIO,
    article_ids: Sequence[int] | None = None,
    *,
    statuses: Sequence[str] = DEFAULT_STATUSES,
    exported_at: str | None = None,
) -> int:
    """Write exactly `dumps(export_project(...))` to `handle`, one article at a time, so that
    memory stays flat however large the project. Returns the number of articles written."""
    ids = list(article_ids) if article_ids is not None else store.article_ids()
    used = None
    if article_ids is not None:
        used = set()
        for article_id in ids:
            used |= {a.speaker_name for a in store.annotations(article_id, statuses=statuses)}
    empty = dumps({**_header(store, used, exported_at), "articles": []})
    if not ids:
        handle.write(empty)
        return 0
    handle.write(empty[: empty.rindex("[]")] + "[\n")
    for number, article_id in enumerate(ids):
        article = json.dumps(
            export_article(store, article_id, statuses), ensure_ascii=False, indent=2
        )
        handle.write(textwrap.indent(article, "    "))
        handle.write(",\n" if number < len(ids) - 1 else "\n")
    handle.write("  ]\n}\n")
    return len(ids)


def _used_speakers(articles: list[dict[str, Any]]) -> set[str]:
    return {
        a["speaker"] for art in articles for a in art["quotes"] + art["claims"] if a.get("speaker")
    }


def _header(store: Store, used_speakers: set[str] | None, exported_at: str | None) -> dict:
    """Everything but the articles; `used_speakers` None means the whole registry."""
    categories = store.categories()
    keys = {c.id: c.key for c in categories}
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "generator": f"annotator {__version__}",
        "exported_at": exported_at or now(),
        "taxonomy": [
            {
                "key": c.key,
                "name": c.name,
                "description": c.description,
                "color": c.color,
                "shortcut": c.shortcut,
                "parent": keys.get(c.parent_id) if c.parent_id else None,
            }
            for c in categories
        ],
        "speakers": [
            {
                "name": s.name,
                "aliases": list(s.aliases),
                "role": s.role,
                "organization": s.organization,
                "wikidata_id": s.wikidata_id,
            }
            for s in store.speakers()
            if used_speakers is None or s.name in used_speakers
        ],
    }


def export_article(store: Store, article_id: int, statuses: Sequence[str]) -> dict[str, Any]:
    """One article object of the export document (metadata, sentences, quotes, claims)."""
    article = store.get_article(article_id)
    annotations = store.annotations(article_id, statuses=statuses)
    quote_refs: dict[int, str] = {}
    for n, a in enumerate((a for a in annotations if a.kind == "quote"), start=1):
        quote_refs[a.id] = f"q{n}"
    quotes, claims = [], []
    claim_number = 0
    for a in annotations:
        if a.kind == "quote":
            quotes.append(_export_quote(a, article.text, quote_refs[a.id]))
        else:
            claim_number += 1
            claims.append(_export_claim(a, f"c{claim_number}", quote_refs))
    return {
        "text_hash": article.text_hash,
        "text": article.text,
        "metadata": {
            "title": article.title,
            "outlet": article.outlet,
            "place": article.place,
            "published": article.published,
            "url": article.url,
            "source": article.source,
            "language": article.language,
            "status": article.status,
            "extra": article.extra,
            "imported_at": article.imported_at,
            "updated_at": article.updated_at,
        },
        "sentences": [{"start": s.start, "end": s.end} for s in store.sentences(article_id)],
        "excluded": [
            {"start": e.start, "end": e.end, "reason": e.reason} for e in store.excluded(article_id)
        ],
        "quotes": quotes,
        "claims": claims,
    }


def _common(a: Annotation, ref: str) -> dict[str, Any]:
    return {
        "id": ref,
        "start": a.start,
        "end": a.end,
        "text": a.text,
        "status": a.status,
        "annotator": a.annotator,
        "origin": a.origin,
        "confidence": a.confidence,
        "note": a.note,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
    }


def _export_quote(a: Annotation, text: str, ref: str) -> dict[str, Any]:
    cue = None
    if a.cue_start is not None and a.cue_end is not None:
        cue = {"start": a.cue_start, "end": a.cue_end, "text": text[a.cue_start : a.cue_end]}
    return {
        **_common(a, ref),
        "quote_type": a.quote_type,
        "speaker": a.speaker_name,
        "speaker_role": a.speaker_role,
        "speaker_in_registry": a.speaker_id is not None,
        "cue": cue,
    }


def _export_claim(a: Annotation, ref: str, quote_refs: dict[int, str]) -> dict[str, Any]:
    return {
        **_common(a, ref),
        "category": a.category_key,
        "speaker": a.speaker_name,
        "speaker_in_registry": a.speaker_id is not None,
        "quote": quote_refs.get(a.quote_id) if a.quote_id is not None else None,
    }


def dumps(document: dict[str, Any]) -> str:
    """The canonical serialisation: UTF-8 text, two-space indent, keys in a fixed order."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- import --------------------------------------------------------------------------------------
def import_document_file(store: Store, path: Path) -> ImportReport:
    """Import a JSON export file; a bad document is refused whole with one clear message."""
    from annotator.core.reading import InputError

    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        document = jsonsafe.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: {jsonsafe.problem(error)}") from None
    try:
        return import_document(store, document, label=str(path))
    except DocumentError as error:
        raise InputError(f"{path}: {error}") from None


def import_document(store: Store, document: Any, *, label: str = "document") -> ImportReport:
    """Import an export document in one transaction. Articles already in the project (same
    text hash) receive the document's annotations beside their own; identical annotations
    are not added twice. Raises DocumentError (nothing written) on any invalid part."""
    try:
        return _import_document(store, document, label)
    except DocumentError:
        raise
    except (TypeError, KeyError, ValueError, AttributeError, OverflowError, UnicodeError) as error:
        # A field of the wrong type or shape that validation did not name: the transaction
        # was rolled back, so nothing is written; say what broke in one line.
        raise DocumentError(f"malformed document ({type(error).__name__}: {error})") from None


def _import_document(store: Store, document: Any, label: str) -> ImportReport:
    notes: list[str] = []
    validate_document(document, notes=notes)
    imported, duplicates, touched = [], [], []
    annotation_ids: list[int] = []
    speaker_ids: list[int] = []
    with store.transaction():
        _merge_taxonomy(store, document.get("taxonomy") or [])
        for entry in document.get("speakers") or []:
            speaker_ids.extend(_ensure_speaker(store, entry))
        for number, article in enumerate(document["articles"], start=1):
            existing = store.find_article_by_hash(text_hash(article["text"]))
            if existing is None:
                metadata = dict(article.get("metadata") or {})
                article_id, _ = store.insert_article(
                    article["text"],
                    metadata=metadata,
                    sentences=[(s["start"], s["end"]) for s in article.get("sentences", [])],
                    excluded=[
                        (e["start"], e["end"], e["reason"]) for e in article.get("excluded", [])
                    ],
                    extra=metadata.get("extra") or {},
                    source=metadata.get("source"),
                )
                assert article_id is not None
                imported.append(article_id)
            else:
                article_id = existing
                duplicates.append(f"{label} article {number}")
            touched.append(article_id)
            annotation_ids.extend(_import_annotations(store, article_id, article))
    return ImportReport(
        tuple(imported),
        tuple(duplicates),
        (),
        tuple(f"{label}: {note}" for note in notes),
        changes(
            articles=touched,
            sentences=imported,
            annotations=annotation_ids,
            speakers=speaker_ids,
        ),
    )


def _merge_taxonomy(store: Store, taxonomy: list[dict[str, Any]]) -> None:
    known = {c.key for c in store.categories()}
    parents: dict[str, str] = {}
    for entry in taxonomy:
        if entry["key"] in known:
            continue
        position = len(store.categories())
        store.db["categories"].insert(
            {
                "key": entry["key"],
                "name": entry["name"],
                "description": entry.get("description"),
                "color": entry.get("color") or "#7f7f7f",
                "shortcut": None,
                "parent_id": None,
                "position": position,
            }
        )
        if entry.get("parent"):
            parents[entry["key"]] = entry["parent"]
    for key, parent_key in parents.items():
        parent = store.category_by_key(parent_key)
        child = store.category_by_key(key)
        if parent and child:
            store.db.execute(
                "UPDATE categories SET parent_id = ? WHERE id = ?", [parent.id, child.id]
            )


def _ensure_speaker(store: Store, entry: dict[str, Any]) -> list[int]:
    """Speakers match by exact name (ignoring case); a new name is added, never merged."""
    if store.find_speaker(entry["name"]) is not None:
        return []
    speaker_id = store._insert_speaker(
        entry["name"],
        [a for a in entry.get("aliases") or [] if store.find_speaker(a) is None],
        role=entry.get("role"),
        organization=entry.get("organization"),
        wikidata_id=entry.get("wikidata_id"),
    )
    return [speaker_id]


def _speaker_id(store: Store, item: dict[str, Any]) -> int | None:
    if not item.get("speaker") or not item.get("speaker_in_registry", True):
        return None
    found = store.find_speaker(item["speaker"])
    if found is None:
        return store._insert_speaker(item["speaker"])
    return found.id


def _import_annotations(store: Store, article_id: int, article: dict[str, Any]) -> list[int]:
    existing = {
        (a.kind, a.start, a.end, a.annotator, a.status): a.id
        for a in store.annotations(article_id, statuses=DEFAULT_STATUSES)
    }
    new_ids: list[int] = []
    quote_ids: dict[str, int] = {}
    for kind, items in (("quote", article.get("quotes", [])), ("claim", article.get("claims", []))):
        for item in items:
            key = (kind, item["start"], item["end"], item.get("annotator"), item["status"])
            if key in existing:
                if kind == "quote":
                    quote_ids[item["id"]] = existing[key]
                continue
            speaker_id = _speaker_id(store, item)
            row: dict[str, Any] = {
                "article_id": article_id,
                "kind": kind,
                "start": item["start"],
                "end": item["end"],
                "status": item["status"],
                "annotator": item.get("annotator"),
                "origin": item.get("origin") or "import",
                "confidence": item.get("confidence"),
                "note": item.get("note"),
                "speaker_id": speaker_id,
                "suggested_speaker": item.get("speaker") if speaker_id is None else None,
                "created_at": item.get("created_at") or now(),
                "updated_at": item.get("updated_at") or item.get("created_at") or now(),
            }
            if kind == "quote":
                cue = item.get("cue")
                row.update(
                    quote_type=item.get("quote_type"),
                    speaker_role=item.get("speaker_role"),
                    cue_start=cue["start"] if cue else None,
                    cue_end=cue["end"] if cue else None,
                )
            else:
                category = store.category_by_key(item["category"]) if item.get("category") else None
                row.update(
                    category_id=category.id if category else None,
                    suggested_category=item.get("category"),
                    quote_id=quote_ids.get(item.get("quote") or ""),
                )
            new_id = store._insert_annotation(row)
            new_ids.append(new_id)
            if kind == "quote":
                quote_ids[item["id"]] = new_id
    return new_ids


# --- validation ----------------------------------------------------------------------------------
SPEAKER_TEXT_FIELDS = ("role", "organization", "wikidata_id")
TAXONOMY_TEXT_FIELDS = ("key", "name", "description", "color", "shortcut", "parent")


def validate_document(document: Any, *, notes: list[str] | None = None) -> None:
    """Check the document (format, version, speakers, taxonomy) and every article; raise
    DocumentError on the first problem, in one line naming the article (`article 3`), the
    annotation and the field.

    Articles are checked by `native_check.check_native_article`, the same check as
    `import-as jsonl`, which also adjusts in place what has one obvious meaning (a date-time
    in `published` becomes its date) and, given `notes`, imports a day not on the calendar as
    no date (noted). Checking an article twice changes nothing the first check did not."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise DocumentError(f'not an annotator export (no "format": "{FORMAT_NAME}")')
    version = document.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise DocumentError("format_version must be a positive whole number")
    if version > FORMAT_VERSION:
        raise DocumentError(
            f"format version {version} is newer than this program reads ({FORMAT_VERSION})"
        )
    articles = document.get("articles")
    if not isinstance(articles, list):
        raise DocumentError('"articles" must be a list')
    for entry in _list(document, "speakers", "the document"):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise DocumentError("every speaker needs a name")
        _check_text_fields(f"speaker {entry['name']!r}", entry, SPEAKER_TEXT_FIELDS)
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise DocumentError(f"speaker {entry['name']!r}: aliases must be a list of strings")
    for entry in _list(document, "taxonomy", "the document"):
        if not isinstance(entry, dict) or not entry.get("key") or not entry.get("name"):
            raise DocumentError("every taxonomy entry needs a key and a name")
        _check_text_fields(f"taxonomy entry {entry['key']!r}", entry, TAXONOMY_TEXT_FIELDS)
    for number, article in enumerate(articles, start=1):
        try:
            check_native_article(article, f"article {number}", notes)
        except FormatError as error:
            raise DocumentError(str(error)) from None


def _list(container: dict[str, Any], key: str, where: str) -> list[Any]:
    value = container.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise DocumentError(f"{where}: {key} must be a list")
    return value


def _check_text_fields(where: str, entry: dict[str, Any], fields: tuple[str, ...]) -> None:
    for field_name in fields:
        value = entry.get(field_name)
        if value is not None and not isinstance(value, str):
            raise DocumentError(
                f"{where}: {field_name} must be a string, not {type(value).__name__}"
            )


def load_document(path: Path) -> dict[str, Any]:
    """Read an export file (for tools and tests); raises StoreError with a one-line message."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise StoreError(f"{path}: {error}") from None
