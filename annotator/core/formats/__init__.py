"""Exchange formats: one module per format, each with
`export_<fmt>(store, out_path, article_ids=None, annotators=None, statuses=("accepted",))`
returning the paths written, and for some formats `import_<fmt>(store, path, annotator=None)`
returning an `ImportReport` (one transaction: all or nothing).

`annotators` restricts an export to those annotators' layers (e.g. `("gold",)` for the
adjudicated set); None exports every annotator's annotations side by side. Offsets are Unicode
code points into the stored text in every format (see each module for the tool's own rule).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from annotator.core.formats.common import DEFAULT_STATUSES, native_document
from annotator.core.model import ImportReport
from annotator.core.native_check import FormatError
from annotator.core.store import Store

Exporter = Callable[..., list[Path]]
Importer = Callable[..., ImportReport]


def export_json(
    store: Store,
    out_path: str | Path,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> list[Path]:
    """The native JSON export (format version 1) restricted to `annotators`."""
    from annotator.core.export_json import dumps

    out = Path(out_path)
    document = native_document(store, article_ids, annotators=annotators, statuses=statuses)
    out.write_text(dumps(document), encoding="utf-8")
    return [out]


def exporters() -> dict[str, Exporter]:
    """Format name -> export function (imports are lazy to keep startup fast)."""
    from annotator.core.formats.brat import export_brat
    from annotator.core.formats.csv_tables import export_csv
    from annotator.core.formats.doccano import export_doccano
    from annotator.core.formats.jsonl import export_jsonl
    from annotator.core.formats.labelstudio import export_labelstudio
    from annotator.core.formats.network import export_graphml
    from annotator.core.formats.qdpx import export_qdpx
    from annotator.core.formats.w3c import export_w3c

    return {
        "json": export_json,
        "jsonl": export_jsonl,
        "csv": export_csv,
        "brat": export_brat,
        "w3c": export_w3c,
        "doccano": export_doccano,
        "labelstudio": export_labelstudio,
        "qdpx": export_qdpx,
        "graphml": export_graphml,
    }


def importers() -> dict[str, Importer]:
    """Format name -> import function `(store, path, *, annotator=None, **options)`."""
    from annotator.core.formats.brat import import_brat
    from annotator.core.formats.doccano import import_doccano
    from annotator.core.formats.jsonl import import_jsonl
    from annotator.core.formats.labelstudio import import_labelstudio

    return {
        "jsonl": import_jsonl,
        "brat": import_brat,
        "doccano": import_doccano,
        "labelstudio": import_labelstudio,
    }


EXPORT_FORMATS = (
    "json",
    "jsonl",
    "csv",
    "brat",
    "w3c",
    "doccano",
    "labelstudio",
    "qdpx",
    "graphml",
)
IMPORT_FORMATS = ("jsonl", "brat", "doccano", "labelstudio")
FOLDER_FORMATS = ("csv", "brat")

__all__ = [
    "DEFAULT_STATUSES",
    "EXPORT_FORMATS",
    "FOLDER_FORMATS",
    "IMPORT_FORMATS",
    "FormatError",
    "export_json",
    "exporters",
    "importers",
]
