"""REFI-QDA project (`.qdpx`) for QDA software (ATLAS.ti, MAXQDA, NVivo, QDA Miner, ...).

The `.qdpx` is a zip holding `project.qde` (XML, namespace `urn:QDA-XML:project:1.0`) and
`sources/<guid>.txt`, one UTF-8 text per article. The code book has three code groups (not
codable themselves): `Claim categories` (one code per category, with its color and
description), `Speakers` (one code per speaker with an annotation) and `Quotes` (`Direct quote`,
`Indirect quote`). Each article is a `TextSource` (`plainTextPath="internal://<guid>.txt"`,
the text also inline as `PlainTextContent`, outlet, date, URL and text hash in its
`Description`); each quote or claim is a `PlainTextSelection` (`startPosition`,
`endPosition`) with one `Coding` per code: a quote gets its quote-type code and its speaker's
code, a claim its category code and its speaker's code. Annotators are
`Users`; a selection's `creatingUser` is its annotator.

Positions: REFI-QDA counts characters of the plain text; this export counts Unicode code
points (end exclusive, as everywhere in annotator). Texts without characters outside the Basic
Multilingual Plane (no emoji) read the same in programs that count UTF-16 code units. GUIDs
are stable (UUID 5 from the project's content), so exporting twice gives the same ids.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator import __version__
from annotator.core.formats.common import (
    DEFAULT_STATUSES,
    resolve_article_ids,
    selected_annotations,
)
from annotator.core.store import Store
from annotator.core.store.base import now

NS = "urn:QDA-XML:project:1.0"
_BASE = uuid.UUID("6f1c2a9e-0d5b-4c63-9e51-7a2b1f0c9d10")


def guid(*parts: object) -> str:
    """A stable GUID (UUID 5) for the given parts."""
    return str(uuid.uuid5(_BASE, "\x1f".join(str(p) for p in parts)))


def _el(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{NS}}}{tag}", attributes)


def _color(value: str | None) -> str | None:
    return value if value and value.startswith("#") and len(value) == 7 else None


def export_qdpx(
    store: Store,
    out_path: str | Path,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> list[Path]:
    """Write the `.qdpx` zip file."""
    out = Path(out_path)
    stamp = now()
    ids = resolve_article_ids(store, article_ids)
    selections = {
        i: selected_annotations(store, i, annotators=annotators, statuses=statuses) for i in ids
    }
    used_annotators = sorted({a.annotator or "unknown" for v in selections.values() for a in v})
    used_speakers = sorted(
        {a.speaker_name for v in selections.values() for a in v if a.speaker_name}
    )

    ET.register_namespace("", NS)
    project = ET.Element(
        f"{{{NS}}}Project",
        {
            "name": "annotator export",
            "origin": f"annotator {__version__}",
            "creationDateTime": stamp,
        },
    )
    users = _el(project, "Users")
    user_guid = {name: guid("user", name) for name in used_annotators}
    for name in used_annotators:
        _el(users, "User", guid=user_guid[name], name=name)

    codebook = _el(project, "CodeBook")
    codes = _el(codebook, "Codes")
    category_group = _el(
        codes, "Code", guid=guid("group", "categories"), name="Claim categories", isCodable="false"
    )
    category_guid: dict[str, str] = {}
    for category in store.categories():
        category_guid[category.key] = guid("category", category.key)
        attributes = {
            "guid": category_guid[category.key],
            "name": category.name,
            "isCodable": "true",
        }
        color = _color(category.color)
        if color:
            attributes["color"] = color
        code = _el(category_group, "Code", **attributes)
        _el(code, "Description").text = f"{category.key}: {category.description or ''}".strip()
    speaker_group = _el(
        codes, "Code", guid=guid("group", "speakers"), name="Speakers", isCodable="false"
    )
    speaker_guid: dict[str, str] = {}
    for name in used_speakers:
        speaker_guid[name] = guid("speaker", name.lower())
        _el(speaker_group, "Code", guid=speaker_guid[name], name=name, isCodable="true")
    quote_group = _el(codes, "Code", guid=guid("group", "quotes"), name="Quotes", isCodable="false")
    quote_guid = {kind: guid("quote", kind) for kind in ("direct", "indirect")}
    for kind in ("direct", "indirect"):
        _el(
            quote_group,
            "Code",
            guid=quote_guid[kind],
            name=f"{kind.capitalize()} quote",
            isCodable="true",
        )

    sources = _el(project, "Sources")
    texts: dict[str, str] = {}
    for article_id in ids:
        article = store.get_article(article_id)
        source_guid = guid("article", article.text_hash)
        texts[source_guid] = article.text
        source = _el(
            sources,
            "TextSource",
            guid=source_guid,
            name=article.title or f"article {article.id}",
            plainTextPath=f"internal://{source_guid}.txt",
            creationDateTime=article.imported_at or stamp,
        )
        about = [
            f"{label}: {value}"
            for label, value in (
                ("outlet", article.outlet),
                ("published", article.published),
                ("url", article.url),
                ("sha256", article.text_hash),
            )
            if value
        ]
        _el(source, "Description").text = "; ".join(about)
        _el(source, "PlainTextContent").text = article.text
        for a in selections[article_id]:
            user = user_guid[a.annotator or "unknown"]
            selection = _el(
                source,
                "PlainTextSelection",
                guid=guid("selection", article.text_hash, a.id),
                name=f"{a.kind} {a.id}: {a.text[:40]}",
                startPosition=str(a.start),
                endPosition=str(a.end),
                creatingUser=user,
                creationDateTime=a.created_at or stamp,
            )
            targets: list[str] = []
            if a.kind == "quote":
                targets.append(quote_guid[a.quote_type or "direct"])
            elif a.category_key in category_guid:
                targets.append(category_guid[a.category_key])
            if a.speaker_name:
                targets.append(speaker_guid[a.speaker_name])
            for target in targets:
                coding = _el(
                    selection,
                    "Coding",
                    guid=guid("coding", article.text_hash, a.id, target),
                    creatingUser=user,
                    creationDateTime=a.created_at or stamp,
                )
                _el(coding, "CodeRef", targetGUID=target)
    ET.indent(project)
    xml = ET.tostring(project, encoding="unicode", xml_declaration=False)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", '<?xml version="1.0" encoding="utf-8"?>\n' + xml)
        for source_guid, text in texts.items():
            archive.writestr(f"sources/{source_guid}.txt", text.encode("utf-8"))
    return [out]
