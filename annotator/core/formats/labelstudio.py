"""Label Studio JSON tasks, and the labeling configuration that displays them.

Export: a JSON list of tasks, one per article: `data` holds `text` and the article's
metadata; `annotations` holds one entry per annotator (`"annotator": "ana"`, and
`ground_truth: true` for the gold layer) whose `result` lists regions:
`{"id": "q1", "from_name": "kind", "to_name": "text", "type": "labels",
"value": {"start": 0, "end": 5, "text": "...", "labels": ["Quote"]}}` for every quote, claim
(`Claim`) and cue (`Cue`); per-region `choices` (`quote_type`, `category`) and `textarea`
(`speaker` and `role` for quotes, `claim_speaker` for claims) results with the region's id; and
`relation` results (quote→cue `cue`, claim→quote `in quote`). Offsets are Unicode code
points (as Label Studio stores them since its emoji fix); `labelstudio_config(store)` gives
the matching `<View>` XML, also written beside the export as `<name>.config.xml`.

Import: such tasks (a list, one task, or JSONL), from this program or from a Label Studio
export with a `<Labels>` control: `Quote`, `Claim`, `Cue` or a category key or name as label.
A claim is linked to its quote only by an `in quote` relation; a cue without a `cue` relation
goes to the nearest quote without one. Region offsets are checked against `value.text`;
offsets counted in UTF-16 code units (older Label Studio with emoji) are recognised and
converted. Cancelled annotations are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.core import jsonsafe
from annotator.core.formats.common import (
    DEFAULT_STATUSES,
    article_metadata,
    claim_item,
    import_native_articles,
    locate_span,
    nearest,
    new_article,
    quote_item,
    resolve_article_ids,
    selected_annotations,
)
from annotator.core.model import Annotation, ImportReport
from annotator.core.native_check import (
    FormatError,
    expect_list,
    expect_name,
    expect_object,
    expect_string,
    is_whole_number,
    refuse_unpaired_surrogates,
)
from annotator.core.reading import json_type
from annotator.core.store import Store

DEFAULT_ANNOTATOR = "labelstudio"
GOLD = "gold"


def labelstudio_config(store: Store) -> str:
    """The Label Studio labeling configuration (XML) for this project's taxonomy."""
    choices = "\n".join(
        f"      <Choice value={quoteattr(c.key)} hint={quoteattr(c.name)}/>"
        for c in store.categories()
    )
    return f"""<View>
  <Labels name="kind" toName="text">
    <Label value="Quote" background="#ffd27f"/>
    <Label value="Claim" background="#9fcfff"/>
    <Label value="Cue" background="#e0e0e0"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Relations>
    <Relation value="cue"/>
    <Relation value="in quote"/>
  </Relations>
  <View visibleWhen="region-selected" whenLabelValue="Quote">
    <Header value="Quote"/>
    <Choices name="quote_type" toName="text" perRegion="true" choice="single">
      <Choice value="direct"/>
      <Choice value="indirect"/>
    </Choices>
    <TextArea name="speaker" toName="text" perRegion="true" maxSubmissions="1"
              placeholder="Speaker"/>
    <TextArea name="role" toName="text" perRegion="true" maxSubmissions="1"
              placeholder="Speaker's role as stated"/>
  </View>
  <View visibleWhen="region-selected" whenLabelValue="Claim">
    <Header value="Claim category"/>
    <TextArea name="claim_speaker" toName="text" perRegion="true" maxSubmissions="1"
              placeholder="Speaker"/>
    <Choices name="category" toName="text" perRegion="true" choice="single">
{choices}
    </Choices>
  </View>
</View>
"""


def _region(ref: str, a_start: int, a_end: int, text: str, label: str) -> dict[str, Any]:
    return {
        "id": ref,
        "from_name": "kind",
        "to_name": "text",
        "type": "labels",
        "value": {"start": a_start, "end": a_end, "text": text[a_start:a_end], "labels": [label]},
    }


def _per_region(ref: str, a: Annotation, name: str, kind: str, value: Any) -> dict[str, Any]:
    key = "choices" if kind == "choices" else "text"
    return {
        "id": ref,
        "from_name": name,
        "to_name": "text",
        "type": kind,
        "value": {"start": a.start, "end": a.end, key: [value]},
    }


def _relation(from_id: str, to_id: str, label: str) -> dict[str, Any]:
    return {
        "type": "relation",
        "from_id": from_id,
        "to_id": to_id,
        "direction": "right",
        "labels": [label],
    }


def _results(text: str, items: list[Annotation]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    refs: dict[int, str] = {}
    for a in (a for a in items if a.kind == "quote"):
        ref = refs[a.id] = f"q{a.id}"
        results.append(_region(ref, a.start, a.end, text, "Quote"))
        results.append(_per_region(ref, a, "quote_type", "choices", a.quote_type or "direct"))
        if a.speaker_name:
            results.append(_per_region(ref, a, "speaker", "textarea", a.speaker_name))
        if a.speaker_role:
            results.append(_per_region(ref, a, "role", "textarea", a.speaker_role))
        if a.cue_start is not None and a.cue_end is not None:
            results.append(_region(f"{ref}-cue", a.cue_start, a.cue_end, text, "Cue"))
            results.append(_relation(ref, f"{ref}-cue", "cue"))
    for a in (a for a in items if a.kind == "claim"):
        ref = f"c{a.id}"
        results.append(_region(ref, a.start, a.end, text, "Claim"))
        if a.category_key:
            results.append(_per_region(ref, a, "category", "choices", a.category_key))
        if a.speaker_name:
            results.append(_per_region(ref, a, "claim_speaker", "textarea", a.speaker_name))
        if a.quote_id in refs:
            results.append(_relation(ref, refs[a.quote_id], "in quote"))
    return results


def export_labelstudio(
    store: Store,
    out_path: str | Path,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> list[Path]:
    """Write the tasks file and, beside it, `<stem>.config.xml` (the labeling config)."""
    out = Path(out_path)
    tasks = []
    for article_id in resolve_article_ids(store, article_ids):
        article = store.get_article(article_id)
        items = selected_annotations(store, article_id, annotators=annotators, statuses=statuses)
        groups: dict[str | None, list[Annotation]] = {}
        for a in items:
            groups.setdefault(a.annotator, []).append(a)
        tasks.append(
            {
                "id": article.id,
                "data": {
                    "text": article.text,
                    "title": article.title,
                    "outlet": article.outlet,
                    "published": article.published,
                    "url": article.url,
                    "text_hash": article.text_hash,
                },
                "annotations": [
                    {
                        "annotator": name,
                        "ground_truth": name == GOLD,
                        "was_cancelled": False,
                        "result": _results(article.text, group),
                    }
                    for name, group in sorted(groups.items(), key=lambda kv: kv[0] or "")
                ],
            }
        )
    out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    config = out.with_name(out.stem + ".config.xml")
    config.write_text(labelstudio_config(store), encoding="utf-8")
    return [out, config]


# --- import --------------------------------------------------------------------------------------
def _annotator_of(entry: dict[str, Any], where: str) -> str | None:
    named = expect_name(entry.get("annotator"), where, "annotator")
    if named:
        return named
    by = entry.get("completed_by")
    if isinstance(by, dict):
        return (
            expect_name(by.get("email"), where, "completed_by.email")
            or expect_name(by.get("username"), where, "completed_by.username")
            or expect_name(by.get("id"), where, "completed_by.id")
            or None
        )
    return expect_name(by, where, "completed_by") or None


def _task_name(task: Any, number: int) -> str:
    """How refusals name a task: its `id` when it is a short name or number, else its number."""
    task_id = task.get("id") if isinstance(task, dict) else None
    if is_whole_number(task_id):
        return str(task_id)
    if isinstance(task_id, str) and task_id.isprintable() and 0 < len(task_id) <= 40:
        return task_id
    return str(number)


def _first_string(value: Any, where: str, field: str) -> str:
    """The first of a list of strings (a single string as it is; "" when null or empty)."""
    if isinstance(value, str):
        return value
    items = expect_list(value, where, field, "a list of strings")
    if items and not isinstance(items[0], str):
        raise FormatError(f'{where}: "{field}[0]" must be a string, got {json_type(items[0])}')
    return items[0] if items else ""


def _ref(value: Any, where: str, field: str) -> str | None:
    """A region id: a string or a whole number (None when absent)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) or is_whole_number(value):
        return str(value)
    raise FormatError(f'{where}: "{field}" must be a region id, got {json_type(value)}')


def _annotation_article(
    store: Store,
    article: dict[str, Any],
    entry: dict[str, Any],
    *,
    who: str,
    where: str,
    keys: dict[str, str],
    counter: list[int],
) -> list[str]:
    text = article.get("_raw_text", article["text"])
    warnings: list[str] = []
    # ref -> {"span": (start, end), "label": ..., "fields": {from_name: value}}
    regions: dict[str, dict[str, Any]] = {}
    relations: list[tuple[str, str, str]] = []
    results = expect_list(entry.get("result"), where, "result", "a list of objects")
    for number, result in enumerate(results, start=1):
        at = f"{where} result {number}"
        if not isinstance(result, dict):
            raise FormatError(f"{at}: must be an object, got {json_type(result)}")
        kind = expect_string(result.get("type"), at, "type")
        if kind == "relation":
            label = _first_string(result.get("labels"), at, "labels")
            relations.append(
                (
                    str(_ref(result.get("from_id"), at, "from_id")),
                    str(_ref(result.get("to_id"), at, "to_id")),
                    label,
                )
            )
            continue
        value = expect_object(result.get("value"), at, "value")
        ref = _ref(result.get("id"), at, "id") or f"r{number}"
        region = regions.setdefault(ref, {"fields": {}})
        if kind in ("labels", "hypertextlabels") or "labels" in value:
            shown = value.get("text") if isinstance(value.get("text"), str) else None
            region["span"] = locate_span(
                text, value.get("start"), value.get("end"), shown, where=f"{where} {ref}"
            )
            region["label"] = _first_string(value.get("labels"), at, "value.labels")
        elif kind in ("choices", "textarea"):
            name = str(expect_name(result.get("from_name"), at, "from_name"))
            key = "choices" if kind == "choices" else "text"
            region["fields"][name] = _first_string(value.get(key), at, f"value.{key}")
    quotes: dict[str, tuple[int, int]] = {}
    cues: dict[str, tuple[int, int]] = {}
    claims: list[tuple[str, tuple[int, int], str | None]] = []
    for ref, region in regions.items():
        if "span" not in region:
            continue
        label = region["label"].strip().lower()
        if label == "quote":
            quotes[ref] = region["span"]
        elif label == "cue":
            cues[ref] = region["span"]
        elif label == "claim":
            category = region["fields"].get("category")
            claims.append(
                (ref, region["span"], keys.get(category.lower(), category) if category else None)
            )
        elif label in keys:
            claims.append((ref, region["span"], keys[label]))
        else:
            warnings.append(f"{where}: label {region['label']!r} ignored")
    cue_of = {a: b for a, b, label in relations if label == "cue" and b in cues}
    in_quote = {a: b for a, b, label in relations if label == "in quote" and b in quotes}
    for cue_ref, span in cues.items():
        if cue_ref not in cue_of.values():
            target = nearest({r: s for r, s in quotes.items() if r not in cue_of}, *span)
            if target is None:
                warnings.append(f"{where}: cue {cue_ref} without a quote ignored")
            else:
                cue_of[target] = cue_ref
    native_refs: dict[str, str] = {}
    for ref, span in quotes.items():
        counter[0] += 1
        native_refs[ref] = f"q{counter[0]}"
        fields = regions[ref]["fields"]
        quote_type = fields.get("quote_type", "direct").lower()
        article["quotes"].append(
            quote_item(
                text,
                native_refs[ref],
                span[0],
                span[1],
                annotator=who,
                speaker=fields.get("speaker") or None,
                speaker_role=fields.get("role") or None,
                quote_type=quote_type if quote_type in ("direct", "indirect") else "direct",
                cue=cues.get(cue_of.get(ref, "")),
            )
        )
    for ref, span, category in claims:
        counter[1] += 1
        quote_ref = in_quote.get(ref)
        fields = regions[ref]["fields"]
        speaker = (
            fields.get("claim_speaker")
            or fields.get("speaker")
            or (regions[quote_ref]["fields"].get("speaker") if quote_ref else None)
        )
        article["claims"].append(
            claim_item(
                text,
                f"c{counter[1]}",
                span[0],
                span[1],
                annotator=who,
                category=category,
                speaker=speaker or None,
                quote=native_refs.get(quote_ref or ""),
            )
        )
    return warnings


def import_labelstudio(
    store: Store, path: str | Path, *, annotator: str | None = None
) -> ImportReport:
    """Import Label Studio tasks in one transaction; `annotator` overrides the recorded one
    (default: the entry's `annotator`, its `completed_by`, else "labelstudio")."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    try:
        loaded: Any = jsonsafe.loads(raw)
    except json.JSONDecodeError as whole:
        if "\n" not in raw.strip():  # one line: not JSON Lines either
            raise FormatError(f"{path}: {jsonsafe.problem(whole, one_line=True)}") from None
        loaded = []
        for number, line in enumerate(raw.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                loaded.append(jsonsafe.loads(line.rstrip("\r")))
            except json.JSONDecodeError as error:
                problem = jsonsafe.problem(error, one_line=True)
                raise FormatError(f"{path} line {number}: {problem}") from None
    tasks = loaded if isinstance(loaded, list) else [loaded]
    categories = store.categories()
    keys = {c.key.lower(): c.key for c in categories}
    keys.update({c.name.lower(): c.key for c in categories})
    articles: list[dict[str, Any]] = []
    warnings: list[str] = []
    for number, task in enumerate(tasks, start=1):
        where = f"{path} task {_task_name(task, number)}"
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"]:
            raise FormatError(f"{where}: needs data.text (the article text)")
        refuse_unpaired_surrogates(task, where)
        metadata = article_metadata(data, where, "data.")
        entries: list[Any] = []
        for key in ("annotations", "completions"):  # completions: Label Studio before 1.0
            entries = entries or expect_list(task.get(key), where, key, "a list of objects")
        article = new_article(store, data["text"], metadata)
        counter = [0, 0]
        for index, entry in enumerate(entries, start=1):
            at = f"{where} annotation {index}"
            if not isinstance(entry, dict):
                raise FormatError(f"{at}: must be an object, got {json_type(entry)}")
            if entry.get("was_cancelled"):
                continue
            who = annotator or _annotator_of(entry, at) or DEFAULT_ANNOTATOR
            warnings += _annotation_article(
                store, article, entry, who=who, where=at, keys=keys, counter=counter
            )
        articles.append(article)
    report = import_native_articles(store, articles, label=str(path))
    return report | ImportReport(warnings=tuple(warnings))
