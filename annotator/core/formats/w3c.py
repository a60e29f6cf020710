"""W3C Web Annotation Data Model (JSON-LD): an `AnnotationCollection` holding one page of
`Annotation`s, one per quote or claim.

Each annotation's `target` names the article (`source`: its URL when known, else
`urn:annotator:text:<sha256 of the text>`) with two selectors: a `TextPositionSelector`
(`start`, `end`: Unicode code points, end exclusive, as the model requires) and a
`TextQuoteSelector` (`exact`, and up to `CONTEXT` code points of `prefix` and `suffix`). Its
`body` is a list: the kind (`TextualBody`, `purpose: classifying`, value `quote`/`claim`), the
speaker (`purpose: identifying`; a `SpecificResource` pointing at Wikidata when the speaker has
a Wikidata id, else a `TextualBody` with the name), and for claims the category key
(`TextualBody`, `purpose: tagging`). `creator` is the annotator. Export only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.core.formats.common import (
    DEFAULT_STATUSES,
    resolve_article_ids,
    selected_annotations,
)
from annotator.core.model import Annotation
from annotator.core.store import Store
from annotator.core.store.base import now

CONTEXT = 32
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _body(a: Annotation, wikidata: dict[int, str]) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "classifying", "value": a.kind, "format": "text/plain"}
    ]
    if a.speaker_id is not None and a.speaker_id in wikidata:
        body.append(
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": f"http://www.wikidata.org/entity/{wikidata[a.speaker_id]}",
                "label": a.speaker_name,
            }
        )
    elif a.speaker_name:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "identifying",
                "value": a.speaker_name,
                "format": "text/plain",
            }
        )
    if a.kind == "claim" and a.category_key:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "tagging",
                "value": a.category_key,
                "format": "text/plain",
            }
        )
    if a.note:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": a.note,
                "format": "text/plain",
            }
        )
    return body


def web_annotations(
    store: Store,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> dict[str, Any]:
    """The AnnotationCollection as a JSON-ready dict."""
    wikidata = {s.id: s.wikidata_id for s in store.speakers() if s.wikidata_id}
    items: list[dict[str, Any]] = []
    for article_id in resolve_article_ids(store, article_ids):
        article = store.get_article(article_id)
        text = article.text
        source = article.url or f"urn:annotator:text:{article.text_hash}"
        for a in selected_annotations(store, article_id, annotators=annotators, statuses=statuses):
            item: dict[str, Any] = {
                "id": f"urn:annotator:annotation:{article.text_hash[:16]}:{a.id}",
                "type": "Annotation",
                "motivation": "classifying" if a.kind == "claim" else "identifying",
                "body": _body(a, wikidata),
                "target": {
                    "source": source,
                    "selector": [
                        {"type": "TextPositionSelector", "start": a.start, "end": a.end},
                        {
                            "type": "TextQuoteSelector",
                            "exact": a.text,
                            "prefix": text[max(0, a.start - CONTEXT) : a.start],
                            "suffix": text[a.end : a.end + CONTEXT],
                        },
                    ],
                },
            }
            if a.annotator:
                item["creator"] = {"type": "Person", "nickname": a.annotator}
            if a.created_at:
                item["created"] = a.created_at
            if a.updated_at:
                item["modified"] = a.updated_at
            items.append(item)
    return {
        "@context": ANNO_CONTEXT,
        "id": "urn:annotator:collection",
        "type": "AnnotationCollection",
        "label": "annotator: quotes and claims",
        "generator": {"type": "Software", "name": f"annotator {__version__}"},
        "generated": now(),
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def export_w3c(
    store: Store,
    out_path: str | Path,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> list[Path]:
    """Write the AnnotationCollection as one JSON-LD file."""
    out = Path(out_path)
    document = web_annotations(store, article_ids, annotators, statuses)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [out]
