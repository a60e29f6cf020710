"""doccano sequence-labeling JSONL.

Export: one line per article and annotator (doccano keeps one label set per user):

    {"text": "...", "label": [[0, 5, "Quote"], [0, 3, "Claim:quantity"], [7, 13, "Cue"]],
     "annotator": "ana", "speakers": [[0, 5, "Bahtiar"]], "quote_types": [[0, 5, "direct"]],
     "speaker_roles": [[0, 5, "Dirjen"]], "cues": [[0, 5, 7, 13]], "links": [[0, 3, 0, 5]],
     "claim_speakers": [[0, 3, "Bahtiar"]],
     "meta": {"article_id": 1, "title": "...", "outlet": "..."}}

doccano keeps the extra keys as the example's metadata. Offsets are Unicode code points.

Import: the `label` form above (triples) and doccano's newer `entities` form
(`[{"id": 1, "label": "Quote", "start_offset": 0, "end_offset": 5}]`). Labels: `Quote`,
`Cue` (attached to its quote through `cues`, else to the nearest quote without a cue),
`Claim`, `Claim:<category key>`, or a category key or name alone (a claim of that category);
other labels are reported and skipped. `links` ([claim start, claim end, quote start,
quote end]) link claims to quotes; without `links` a claim inside a quote is linked to it.
`utf16=True` reads offsets counted in UTF-16 code units (JavaScript string positions), as
some doccano versions wrote them for texts with emoji.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.core import jsonsafe
from annotator.core.formats.common import (
    DEFAULT_STATUSES,
    article_metadata,
    claim_item,
    enclosing,
    import_native_articles,
    nearest,
    new_article,
    quote_item,
    resolve_article_ids,
    selected_annotations,
    utf16_to_code_points,
)
from annotator.core.model import ImportReport
from annotator.core.native_check import (
    FormatError,
    expect_list,
    expect_name,
    expect_object,
    expect_offset,
    is_whole_number,
    refuse_unpaired_surrogates,
)
from annotator.core.reading import json_type
from annotator.core.store import Store

DEFAULT_ANNOTATOR = "doccano"


def export_doccano(
    store: Store,
    out_path: str | Path,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> list[Path]:
    """Write the doccano JSONL file; an article nobody annotated still gets one line."""
    out = Path(out_path)
    lines: list[str] = []
    for article_id in resolve_article_ids(store, article_ids):
        article = store.get_article(article_id)
        items = selected_annotations(store, article_id, annotators=annotators, statuses=statuses)
        by_annotator: dict[str | None, list] = {}
        for a in items:
            by_annotator.setdefault(a.annotator, []).append(a)
        meta = {
            "article_id": article.id,
            "title": article.title,
            "outlet": article.outlet,
            "published": article.published,
            "url": article.url,
            "text_hash": article.text_hash,
        }
        for name, group in sorted(by_annotator.items(), key=lambda kv: kv[0] or "") or [(None, [])]:
            labels: list[list[Any]] = []
            speakers: list[list[Any]] = []
            quote_types: list[list[Any]] = []
            cues: list[list[int]] = []
            links: list[list[int]] = []
            claim_speakers: list[list[Any]] = []
            roles: list[list[Any]] = []
            quotes_by_id = {a.id: a for a in group if a.kind == "quote"}
            for a in group:
                if a.kind == "quote":
                    labels.append([a.start, a.end, "Quote"])
                    if a.cue_start is not None and a.cue_end is not None:
                        if [a.cue_start, a.cue_end, "Cue"] not in labels:
                            labels.append([a.cue_start, a.cue_end, "Cue"])
                        cues.append([a.start, a.end, a.cue_start, a.cue_end])
                    if a.speaker_name:
                        speakers.append([a.start, a.end, a.speaker_name])
                    if a.speaker_role:
                        roles.append([a.start, a.end, a.speaker_role])
                    quote_types.append([a.start, a.end, a.quote_type or "direct"])
                else:
                    label = f"Claim:{a.category_key}" if a.category_key else "Claim"
                    labels.append([a.start, a.end, label])
                    if a.speaker_name:
                        claim_speakers.append([a.start, a.end, a.speaker_name])
                    quote = quotes_by_id.get(a.quote_id or -1)
                    if quote is not None:
                        links.append([a.start, a.end, quote.start, quote.end])
            labels.sort(key=lambda t: (t[0], t[1], t[2]))
            record = {
                "text": article.text,
                "label": labels,
                "annotator": name,
                "speakers": speakers,
                "quote_types": quote_types,
                "cues": cues,
                "links": links,
                "claim_speakers": claim_speakers,
                "speaker_roles": roles,
                "meta": meta,
            }
            lines.append(json.dumps(record, ensure_ascii=False))
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return [out]


def _spans(record: dict[str, Any], where: str) -> list[tuple[int, int, str]]:
    if record.get("entities") is not None:
        spans = []
        entities = expect_list(record["entities"], where, "entities", "a list of objects")
        for number, entity in enumerate(entities):
            field = f"entities[{number}]"
            if not isinstance(entity, dict):
                raise FormatError(f'{where}: "{field}" must be an object, got {json_type(entity)}')
            label = entity.get("label")
            if not isinstance(label, str):
                raise FormatError(
                    f'{where}: "{field}.label" must be a string, got {json_type(label)}'
                )
            spans.append(
                (
                    expect_offset(entity.get("start_offset"), where, f"{field}.start_offset"),
                    expect_offset(entity.get("end_offset"), where, f"{field}.end_offset"),
                    label,
                )
            )
        return spans
    key = "label" if "label" in record else "labels"
    return _triples(record, key, where, "label")


def _triples(record: dict[str, Any], key: str, where: str, what: str) -> list[tuple[int, int, str]]:
    """`record[key]` checked as a list of [start, end, <what>] (empty when absent or null)."""
    shape = f"a list of [start, end, {what}]"
    triples = []
    for number, item in enumerate(expect_list(record.get(key), where, key, shape)):
        if not (
            isinstance(item, list)
            and len(item) == 3
            and is_whole_number(item[0])
            and is_whole_number(item[1])
            and isinstance(item[2], str)
        ):
            raise FormatError(f'{where}: "{key}[{number}]" must be [start, end, {what}]')
        triples.append((item[0], item[1], item[2]))
    return triples


def _quadruples(record: dict[str, Any], key: str, where: str, shape: str) -> list[list[int]]:
    """`record[key]` checked as a list of four whole numbers each (empty when absent)."""
    found = []
    for number, item in enumerate(expect_list(record.get(key), where, key, f"a list of {shape}")):
        if not isinstance(item, list) or len(item) != 4 or not all(map(is_whole_number, item)):
            raise FormatError(f'{where}: "{key}[{number}]" must be {shape}')
        found.append(item)
    return found


def _offsets(text: str, start: Any, end: Any, utf16: bool, where: str) -> tuple[int, int]:
    if isinstance(start, bool) or not isinstance(start, int) or not isinstance(end, int):
        raise FormatError(f"{where}: offsets must be whole numbers")
    if utf16:
        converted = utf16_to_code_points(text, start, end)
        if converted is None:
            raise FormatError(f"{where}: UTF-16 offsets {start}-{end} do not fit the text")
        start, end = converted
    if not 0 <= start < end <= len(text):
        raise FormatError(f"{where}: offsets {start}-{end} out of range ({len(text)} chars)")
    return start, end


def _by_span(record: dict[str, Any], key: str, where: str) -> dict[tuple[int, int], str]:
    what = {"quote_types": "type", "speaker_roles": "role"}.get(key, "name")
    return {(start, end): value for start, end, value in _triples(record, key, where, what)}


def _article(
    store: Store, record: dict[str, Any], *, where: str, annotator: str | None, utf16: bool
) -> tuple[dict[str, Any], list[str]]:
    text = record.get("text")
    if not isinstance(text, str) or not text:
        raise FormatError(f'{where}: "text" must be a non-empty string')
    categories = store.categories()
    keys = {c.key.lower(): c.key for c in categories}
    keys.update({c.name.lower(): c.key for c in categories})
    metadata = article_metadata(expect_object(record.get("meta"), where, "meta"), where, "meta.")
    recorded = expect_name(record.get("annotator"), where, "annotator") or expect_name(
        record.get("user"), where, "user"
    )
    who = annotator or recorded or DEFAULT_ANNOTATOR
    speakers = _by_span(record, "speakers", where)
    claim_speakers = _by_span(record, "claim_speakers", where)
    roles = _by_span(record, "speaker_roles", where)
    quote_types = _by_span(record, "quote_types", where)
    cue_links = _quadruples(record, "cues", where, "[quote start, quote end, cue start, cue end]")
    links = _quadruples(record, "links", where, "[claim start, claim end, quote start, quote end]")
    spans = _spans(record, where)
    article = new_article(store, text, metadata)
    warnings: list[str] = []
    quotes: dict[str, tuple[int, int]] = {}
    cues: list[tuple[int, int]] = []
    claims: list[tuple[int, int, str | None]] = []
    raw_claim_spans: dict[tuple[int, int], tuple[int, int]] = {}
    for raw_start, raw_end, label in spans:
        start, end = _offsets(text, raw_start, raw_end, utf16, where)
        raw_claim_spans[(start, end)] = (raw_start, raw_end)
        lowered = label.strip().lower()
        if lowered == "quote":
            ref = f"q{len(quotes) + 1}"
            quotes[ref] = (start, end)
            quote_type = quote_types.get((raw_start, raw_end), "direct")
            article["quotes"].append(
                quote_item(
                    text,
                    ref,
                    start,
                    end,
                    annotator=who,
                    speaker=speakers.get((raw_start, raw_end)),
                    speaker_role=roles.get((raw_start, raw_end)),
                    quote_type=quote_type if quote_type in ("direct", "indirect") else "direct",
                )
            )
        elif lowered == "cue":
            cues.append((start, end))
        elif lowered == "claim":
            claims.append((start, end, None))
        elif lowered.startswith("claim:"):
            key = label.split(":", 1)[1].strip()
            claims.append((start, end, keys.get(key.lower(), key)))
        elif lowered in keys:
            claims.append((start, end, keys[lowered]))
        else:
            warnings.append(f"{where}: label {label!r} ignored")
    linked: dict[tuple[int, int], tuple[int, int]] = {}
    for item in cue_links:
        quote_span = _offsets(text, item[0], item[1], utf16, where)
        linked[quote_span] = _offsets(text, item[2], item[3], utf16, where)
    for quote in article["quotes"]:
        cue = linked.get((quote["start"], quote["end"]))
        if cue:
            quote["cue"] = {"start": cue[0], "end": cue[1], "text": text[cue[0] : cue[1]]}
    used = {(q["cue"]["start"], q["cue"]["end"]) for q in article["quotes"] if q["cue"]}
    for start, end in cues:
        if (start, end) in used:
            continue
        free = {q["id"]: quotes[q["id"]] for q in article["quotes"] if q["cue"] is None}
        target = nearest(free, start, end)
        quote = next((q for q in article["quotes"] if q["id"] == target), None)
        if quote is None:
            warnings.append(f"{where}: cue {start}-{end} without a quote ignored")
            continue
        quote["cue"] = {"start": start, "end": end, "text": text[start:end]}
    has_links = isinstance(record.get("links"), list)
    link_of: dict[tuple[int, int], tuple[int, int]] = {}
    for item in links:
        claim_span = _offsets(text, item[0], item[1], utf16, where)
        link_of[claim_span] = _offsets(text, item[2], item[3], utf16, where)
    ref_of = {span: ref for ref, span in quotes.items()}
    for number, (start, end, category) in enumerate(claims, start=1):
        if has_links:
            quote_ref = ref_of.get(link_of.get((start, end), (-1, -1)))
        else:
            quote_ref = enclosing(quotes, start, end)
        speaker = claim_speakers.get(raw_claim_spans.get((start, end), (-1, -1))) or next(
            (q["speaker"] for q in article["quotes"] if q["id"] == quote_ref), None
        )
        article["claims"].append(
            claim_item(
                text,
                f"c{number}",
                start,
                end,
                annotator=who,
                category=category,
                speaker=speaker,
                quote=quote_ref,
            )
        )
    return article, warnings


def import_doccano(
    store: Store, path: str | Path, *, annotator: str | None = None, utf16: bool = False
) -> ImportReport:
    """Import a doccano JSONL file (or a JSON list of such records) in one transaction."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    records: list[tuple[str, Any]] = []
    stripped = raw.lstrip()
    if stripped.startswith("["):
        try:
            loaded = jsonsafe.loads(raw)
        except json.JSONDecodeError as error:
            raise FormatError(f"{path}: {jsonsafe.problem(error)}") from None
        records = [(f"{path} record {n}", r) for n, r in enumerate(loaded, start=1)]
    else:
        for number, line in enumerate(raw.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                records.append((f"{path} line {number}", jsonsafe.loads(line.rstrip("\r"))))
            except json.JSONDecodeError as error:
                problem = jsonsafe.problem(error, one_line=True)
                raise FormatError(f"{path} line {number}: {problem}") from None
    articles: list[dict[str, Any]] = []
    warnings: list[str] = []
    for where, record in records:
        if not isinstance(record, dict):
            raise FormatError(f"{where}: not a JSON object")
        refuse_unpaired_surrogates(record, where)
        article, found = _article(store, record, where=where, annotator=annotator, utf16=utf16)
        articles.append(article)
        warnings.extend(found)
    report = import_native_articles(store, _merged(articles), label=str(path))
    return report | ImportReport(warnings=tuple(warnings))


def _merged(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines with the same text (one per annotator) become one native article."""
    by_text: dict[str, dict[str, Any]] = {}
    for article in articles:
        known = by_text.get(article["text"])
        if known is None:
            by_text[article["text"]] = article
            continue
        offset = len(known["quotes"])
        renamed = {}
        for quote in article["quotes"]:
            new_ref = f"q{offset + len(renamed) + 1}"
            renamed[quote["id"]] = new_ref
            known["quotes"].append({**quote, "id": new_ref})
        claim_offset = len(known["claims"])
        for number, claim in enumerate(article["claims"], start=1):
            known["claims"].append(
                {
                    **claim,
                    "id": f"c{claim_offset + number}",
                    "quote": renamed.get(claim["quote"] or ""),
                }
            )
    return list(by_text.values())
