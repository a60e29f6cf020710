"""CSV tables: `quotes.csv` and `claims.csv`, one row per annotation, in a folder.

Plain UTF-8 without a byte-order mark, a header row, comma separated, fields quoted when needed
(RFC 4180, `\\r\\n` row ends; a span's line breaks stay inside its quoted field). Empty fields
are empty strings. pandas: `pd.read_csv("quotes.csv", keep_default_na=False)`; R:
`read.csv("quotes.csv", encoding = "UTF-8")` or `readr::read_csv("quotes.csv")`.
Offsets are Unicode code points, end exclusive; `id` and `quote_id` are project annotation ids.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.core.formats.common import (
    DEFAULT_STATUSES,
    resolve_article_ids,
    selected_annotations,
)
from annotator.core.store import Store

_SHARED_COLUMNS = (
    "article_id",
    "article_title",
    "outlet",
    "published",
    "annotator",
    "status",
    "id",
    "start",
    "end",
    "text",
    "speaker",
)
QUOTE_COLUMNS = (*_SHARED_COLUMNS, "speaker_role", "cue_start", "cue_end", "cue_text", "quote_type")
CLAIM_COLUMNS = (*_SHARED_COLUMNS, "category", "category_name", "quote_id")


def export_csv(
    store: Store,
    out_path: str | Path,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> list[Path]:
    """Write `quotes.csv` and `claims.csv` into the folder `out_path` (created if needed)."""
    folder = Path(out_path)
    folder.mkdir(parents=True, exist_ok=True)
    quotes: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for article_id in resolve_article_ids(store, article_ids):
        article = store.get_article(article_id)
        common = {
            "article_id": article.id,
            "article_title": article.title,
            "outlet": article.outlet,
            "published": article.published,
        }
        for a in selected_annotations(store, article_id, annotators=annotators, statuses=statuses):
            row = {
                **common,
                "annotator": a.annotator,
                "status": a.status,
                "id": a.id,
                "start": a.start,
                "end": a.end,
                "text": a.text,
                "speaker": a.speaker_name,
            }
            if a.kind == "quote":
                cue = a.cue_start is not None and a.cue_end is not None
                quotes.append(
                    {
                        **row,
                        "speaker_role": a.speaker_role,
                        "cue_start": a.cue_start,
                        "cue_end": a.cue_end,
                        "cue_text": article.text[a.cue_start : a.cue_end] if cue else None,
                        "quote_type": a.quote_type,
                    }
                )
            else:
                claims.append(
                    {
                        **row,
                        "category": a.category_key,
                        "category_name": a.category_name,
                        "quote_id": a.quote_id,
                    }
                )
    written = []
    for name, columns, rows in (
        ("quotes.csv", QUOTE_COLUMNS, quotes),
        ("claims.csv", CLAIM_COLUMNS, claims),
    ):
        written.append(write_rows(folder / name, columns, rows))
    return written


def write_rows(path: Path, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Path:
    """Write rows (dicts; None becomes an empty field) as a UTF-8 CSV file with a header."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return path
