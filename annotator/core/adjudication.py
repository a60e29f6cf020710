"""Adjudication: each annotator's version of one article side by side, and the gold layer.

The gold layer is the article's accepted annotations whose annotator is `GOLD_ANNOTATOR`.
Exporters restrict to it with `annotators=("gold",)`; the agreement report leaves it out unless
asked for. Invariants:
- `take_version` replaces the article's whole gold layer by copies of one annotator's accepted
  annotations (claims keep their links to the copied quotes), in one transaction.
- `adjudicate_item` copies one accepted annotation into the gold layer, removing the gold
  annotations of the same kind that overlap it; a copied quote adopts the gold claims inside
  it, a copied claim links to the gold quote containing it.
- Copies are new annotations (`origin` "manual", status "accepted"); the annotators' own
  layers are never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.model import Annotation, Changes, changes
from annotator.core.store import Store, StoreError

GOLD_ANNOTATOR = "gold"
NON_ANNOTATORS = ("suggester",)


@dataclass(frozen=True)
class AlignedRow:
    """One place in the text where annotators marked overlapping spans of one kind.

    `start`/`end` is the union of the spans; `versions` maps each annotator (gold included,
    when present) to their annotations in the row (empty tuple: marked nothing there).
    `agreed` is True when every non-gold annotator has exactly one annotation there with the
    same span and the same label (speaker for quotes, category for claims)."""

    kind: str
    start: int
    end: int
    versions: dict[str, tuple[Annotation, ...]]
    agreed: bool


def label_of(a: Annotation) -> str | None:
    """What an annotation says besides its span: the speaker of a quote (lower-cased name),
    the category key of a claim."""
    if a.kind == "quote":
        return a.speaker_name.casefold() if a.speaker_name else None
    return a.category_key


def article_annotators(store: Store, article_id: int) -> list[str]:
    """Annotators with accepted annotations in the article (the suggester left out), gold last."""
    names = {
        a.annotator
        for a in store.annotations(article_id, statuses=("accepted",))
        if a.annotator and a.annotator not in NON_ANNOTATORS
    }
    return sorted(names - {GOLD_ANNOTATOR}) + ([GOLD_ANNOTATOR] if GOLD_ANNOTATOR in names else [])


def side_by_side(
    store: Store, article_id: int, annotators: Sequence[str] | None = None
) -> list[AlignedRow]:
    """The article's accepted annotations grouped into rows of overlapping spans (per kind),
    in text order; each row shows every annotator's version."""
    names = list(annotators) if annotators is not None else article_annotators(store, article_id)
    rows: list[AlignedRow] = []
    for kind in ("quote", "claim"):
        items = [
            a
            for a in store.annotations(article_id, statuses=("accepted",), kind=kind)
            if a.annotator in names
        ]
        items.sort(key=lambda a: (a.start, a.end, a.id))
        groups: list[list[Annotation]] = []
        group_end = -1
        for a in items:
            if groups and a.start < group_end:
                groups[-1].append(a)
                group_end = max(group_end, a.end)
            else:
                groups.append([a])
                group_end = a.end
        for group in groups:
            versions = {n: tuple(a for a in group if a.annotator == n) for n in names}
            voters = [v for n, v in versions.items() if n != GOLD_ANNOTATOR]
            agreed = bool(voters) and all(len(v) == 1 for v in voters)
            if agreed:
                first = voters[0][0]
                agreed = all(
                    (v[0].start, v[0].end, label_of(v[0]))
                    == (first.start, first.end, label_of(first))
                    for v in voters
                )
            rows.append(
                AlignedRow(
                    kind,
                    min(a.start for a in group),
                    max(a.end for a in group),
                    versions,
                    agreed,
                )
            )
    rows.sort(key=lambda r: (r.start, r.end, r.kind != "quote"))
    return rows


def _copy_row(a: Annotation, quote_id: int | None) -> dict[str, Any]:
    return {
        "article_id": a.article_id,
        "kind": a.kind,
        "start": a.start,
        "end": a.end,
        "speaker_id": a.speaker_id,
        "suggested_speaker": a.speaker_name if a.speaker_id is None else None,
        "speaker_role": a.speaker_role,
        "category_id": a.category_id,
        "suggested_category": a.category_key if a.category_id is None else None,
        "cue_start": a.cue_start,
        "cue_end": a.cue_end,
        "quote_type": a.quote_type,
        "quote_id": quote_id,
        "annotator": GOLD_ANNOTATOR,
        "status": "accepted",
        "confidence": None,
        "note": a.note,
        "origin": "manual",
    }


def gold_layer(store: Store, article_id: int) -> list[Annotation]:
    """The article's gold annotations, in text order."""
    return store.annotations(article_id, statuses=("accepted",), annotator=GOLD_ANNOTATOR)


def take_version(store: Store, article_id: int, annotator: str) -> Changes:
    """Make `annotator`'s accepted annotations the article's gold layer (replacing it)."""
    if annotator == GOLD_ANNOTATOR:
        raise StoreError("the gold layer cannot be taken from itself")
    source = store.annotations(article_id, statuses=("accepted",), annotator=annotator)
    if not source:
        raise StoreError(f"{annotator!r} has no accepted annotations in article {article_id}")
    total = Changes()
    with store.transaction():
        for old in gold_layer(store, article_id):
            if _exists(store, old.id):
                _, change = store.delete_annotation(old.id)
                total = total | change
        copied: dict[int, int] = {}
        new_ids = []
        for a in sorted(source, key=lambda a: a.kind != "quote"):
            quote_id = copied.get(a.quote_id) if a.quote_id is not None else None
            new_id = store._insert_annotation(_copy_row(a, quote_id))
            new_ids.append(new_id)
            if a.kind == "quote":
                copied[a.id] = new_id
    return total | changes(annotations=new_ids, articles=[article_id])


def _exists(store: Store, annotation_id: int) -> bool:
    try:
        store.get_annotation(annotation_id)
    except StoreError:
        return False
    return True


def adjudicate_item(store: Store, annotation_id: int) -> tuple[Annotation, Changes]:
    """Copy one accepted annotation into its article's gold layer; returns the gold copy."""
    a = store.get_annotation(annotation_id)
    if a.status != "accepted":
        raise StoreError(f"annotation {annotation_id} is {a.status}, not accepted")
    if a.annotator == GOLD_ANNOTATOR:
        raise StoreError(f"annotation {annotation_id} is already in the gold layer")
    total = Changes()
    with store.transaction():
        for old in gold_layer(store, a.article_id):
            if old.kind == a.kind and old.start < a.end and a.start < old.end:
                _, change = store.delete_annotation(old.id)
                total = total | change
        quote_id = None
        if a.kind == "claim":
            quote_id = _enclosing_gold_quote(store, a.article_id, a.start, a.end)
        new_id = store._insert_annotation(_copy_row(a, quote_id))
        adopted = []
        if a.kind == "quote":
            for claim in gold_layer(store, a.article_id):
                inside = a.start <= claim.start and claim.end <= a.end
                if claim.kind == "claim" and claim.quote_id is None and inside:
                    store.update_annotation(claim.id, quote_id=new_id, speaker_id=a.speaker_id)
                    adopted.append(claim.id)
    copy = store.get_annotation(new_id)
    return copy, total | changes(annotations=[new_id, *adopted], articles=[a.article_id])


def _enclosing_gold_quote(store: Store, article_id: int, start: int, end: int) -> int | None:
    best: Annotation | None = None
    for q in gold_layer(store, article_id):
        inside = q.kind == "quote" and q.start <= start and end <= q.end
        if inside and (best is None or q.end - q.start < best.end - best.start):
            best = q
    return best.id if best else None


def remove_gold_item(store: Store, annotation_id: int) -> Changes:
    """Delete one annotation of the gold layer (refuses annotations of other annotators)."""
    a = store.get_annotation(annotation_id)
    if a.annotator != GOLD_ANNOTATOR:
        raise StoreError(f"annotation {annotation_id} is not in the gold layer")
    _, change = store.delete_annotation(annotation_id)
    return change


def rows_as_dicts(rows: Iterable[AlignedRow]) -> list[dict[str, Any]]:
    """JSON-ready form of `side_by_side` rows."""
    return [
        {
            "kind": row.kind,
            "start": row.start,
            "end": row.end,
            "agreed": row.agreed,
            "versions": {
                name: [
                    {
                        "id": a.id,
                        "start": a.start,
                        "end": a.end,
                        "text": a.text,
                        "speaker": a.speaker_name,
                        "category": a.category_key,
                        "quote_type": a.quote_type,
                    }
                    for a in items
                ]
                for name, items in row.versions.items()
            },
        }
        for row in rows
    ]
