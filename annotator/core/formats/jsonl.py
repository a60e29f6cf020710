"""JSONL: one native article object (as in the JSON export, format version 1) per line.

The taxonomy and the speaker registry are left out; categories travel as keys and speakers as
names. Importing matches articles by text (SHA-256), keeps other annotators' annotations side by
side, and refuses the whole file when one line is malformed or one span does not match its text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator.core import jsonsafe
from annotator.core.formats.common import DEFAULT_STATUSES, import_native_articles, native_articles
from annotator.core.model import ImportReport
from annotator.core.native_check import FormatError, check_native_article
from annotator.core.store import Store


def export_jsonl(
    store: Store,
    out_path: str | Path,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> list[Path]:
    """Write one article per line (UTF-8, `\\n` line ends); returns the file written."""
    out = Path(out_path)
    articles = native_articles(store, article_ids, annotators=annotators, statuses=statuses)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for article in articles:
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    return [out]


def import_jsonl(store: Store, path: str | Path, *, annotator: str | None = None) -> ImportReport:
    """Import a JSONL file written by `export_jsonl` in one transaction. `annotator`, when
    given, replaces every annotation's annotator."""
    path = Path(path)
    articles = []
    notes: list[str] = []  # what was imported differently from the file (see check_native_article)
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            article = jsonsafe.loads(line.rstrip("\r"))
        except json.JSONDecodeError as error:
            problem = jsonsafe.problem(error, one_line=True)
            raise FormatError(f"{path} line {number}: {problem}") from None
        if not isinstance(article, dict):
            raise FormatError(f"{path}: line {number}: not a JSON object")
        check_native_article(article, f"{path}: line {number}", notes)
        if annotator is not None:
            for group in ("quotes", "claims"):
                for item in article.get(group) or []:
                    if isinstance(item, dict):
                        item["annotator"] = annotator
        articles.append(article)
    return import_native_articles(store, articles, label=str(path), notes=notes)


def is_native_jsonl(path: str | Path) -> bool:
    """True when the file's first non-empty line is a native article object (it has `quotes`,
    `claims` or `text_hash`), i.e. a file for `import_jsonl` rather than plain articles."""
    try:
        with Path(path).open(encoding="utf-8-sig") as handle:
            for line in handle:
                if line.strip():
                    record = jsonsafe.loads(line)
                    return isinstance(record, dict) and bool(
                        {"quotes", "claims", "text_hash"} & set(record)
                    )
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return False
