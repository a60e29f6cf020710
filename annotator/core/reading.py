"""Reading article files (plain text and JSON Lines) into :class:`SourceArticle` values.

Invariants for callers:

* Every refusal is an :class:`InputError` whose ``str()`` is one line naming the input
  (``path`` or ``path line N`` for JSON Lines) and the problem; nothing is half-imported.
* ``SourceArticle.text`` is the file's text after :func:`normalize_text` only, so offsets
  computed on it are stable: no spaces inserted, no reflowing, no stripping.
* Plain text files are UTF-8 (with or without BOM) or UTF-16/UTF-32 with a BOM. Anything
  else needs an explicit ``fallback_encoding`` and then carries a warning.
"""

from __future__ import annotations

import calendar
import codecs
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core import jsonsafe

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "MAX_JSONL_BYTES",
    "InputError",
    "SourceArticle",
    "expand_paths",
    "normalize_text",
    "read_articles",
    "read_jsonl",
    "read_text_file",
]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
"""Largest plain-text article file accepted, and largest single JSON Lines record: about
800,000 words, far beyond any news article or transcript. Larger texts are refused (split
them): one article of tens of megabytes holds hundreds of thousands of suggestions, and
every keystroke in its window would be slow."""

MAX_JSONL_BYTES = 200 * 1024 * 1024
"""Largest JSON Lines file accepted (it may hold many articles)."""

ARTICLE_SUFFIXES = (".txt", ".text", ".jsonl", ".json")
"""File suffixes collected from folders by :func:`expand_paths` (compared lower-cased)."""

_BINARY_CONTROL_SHARE = 0.05
_SAMPLE_CHARS = 65536
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_JSONL_FIELDS = ("title", "url", "published", "outlet")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_PROBLEM = "holds an unpaired surrogate (\\ud800-\\udfff)"
"""How a refusal names text holding a lone surrogate (what a JSON ``\\ud800`` escape gives)."""
_MOJIBAKE = ("â€", "Ã©", "Ã¨", "Ã¶", "Ã¼", "Â ")
_MOJIBAKE_LEADS = frozenset(marker[0] for marker in _MOJIBAKE)  # one-character searches are
# many times faster than those of two: a text without any of these holds no marker
_ENCODE_CHECK_CHARS = 1 << 20


class InputError(Exception):
    """An input file or folder that cannot be imported; ``str()`` is one line, no traceback.

    ``InputError(where, problem)`` gives ``"WHERE: PROBLEM"``, where WHERE is the input's
    name (``path``, or ``path line N`` for a JSON Lines record), e.g.
    ``notes/a.txt: not text (binary data)``. ``InputError(message)`` takes a ready message.
    Line breaks in either part are flattened so the message is always one line.
    """

    def __init__(self, where: str | os.PathLike[str], problem: str | None = None) -> None:
        self.where = str(where).replace("\r", "\\r").replace("\n", "\\n")
        self.problem = " ".join(problem.split()) if problem is not None else None
        message = self.where if self.problem is None else f"{self.where}: {self.problem}"
        super().__init__(message)


@dataclass(frozen=True)
class SourceArticle:
    """One article as read from a file, before any annotation.

    ``source`` names where it came from: the path for a text file, ``path:LINE`` for a
    JSON Lines record. For plain text files title/url/published/outlet are None (use
    :func:`annotator.core.metadata.detect_metadata` for suggestions). ``extra`` holds the
    other fields of a JSON Lines record unchanged. ``warnings`` are one-line notes for the
    user (e.g. a fallback encoding was used); they never mean the text was altered.
    """

    text: str
    source: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def normalize_text(s: str) -> str:
    """Turn "\\r\\n" and lone "\\r" into "\\n" and drop one leading BOM; nothing else changes."""
    if s.startswith("\ufeff"):
        s = s[1:]
    return s.replace("\r\n", "\n").replace("\r", "\n")


def _control_share(text: str) -> float:
    """Share of C0 control characters and DEL (tab, newlines, form feeds excepted)."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if (ch < " " or ch == "\x7f") and ch not in _ALLOWED_CONTROLS)
    return controls / len(sample)


def _check_size(path: Path, limit: int) -> int:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(path, "no such file or folder") from None
    except OSError as error:
        raise InputError(path, f"cannot read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "not a regular file")
    if info.st_size > limit:
        raise InputError(
            path,
            f"too large ({info.st_size / (1024 * 1024):.1f} MB; "
            f"the limit is {limit // (1024 * 1024)} MB)",
        )
    return info.st_size


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing it when it holds more than ``limit`` (it may have grown)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(path, f"cannot read ({error.strerror or error})") from None
    if len(data) > limit:
        raise InputError(path, f"too large (the limit is {limit // (1024 * 1024)} MB)")
    return data


def _invalid_byte(data: bytes, error: UnicodeDecodeError, offset_base: int = 0) -> str:
    bad = data[error.start : error.start + 1].hex().upper()
    return f"byte 0x{bad} at offset {offset_base + error.start}"


def _decode(path: Path, data: bytes, fallback_encoding: str | None) -> tuple[str, list[str]]:
    """Decode file bytes; returns the text (BOM removed) and warnings."""
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), []
            except UnicodeDecodeError as error:
                where = _invalid_byte(data[len(bom) :], error, len(bom))
                raise InputError(path, f"not valid {label} ({where})") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"not text (binary data: {what})")
    if b"\x00" in data:
        hint = "; UTF-16 without a byte-order mark is not supported" if _looks_utf16(data) else ""
        raise InputError(path, f"not text (binary data: NUL bytes{hint})")
    if _control_share(data[:_SAMPLE_CHARS].decode("latin-1")) > _BINARY_CONTROL_SHARE:
        raise InputError(path, "not text (binary data)")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        where = _invalid_byte(data, error)
        if fallback_encoding is None:
            raise InputError(
                path,
                f"not valid UTF-8 ({where}); re-save it as UTF-8 or give a fallback "
                "encoding such as cp1252 or latin-1",
            ) from None
        try:
            text = data.decode(fallback_encoding)
        except UnicodeDecodeError as fallback_error:
            raise InputError(
                path,
                f"not valid UTF-8 ({where}) nor {fallback_encoding} "
                f"({_invalid_byte(data, fallback_error)})",
            ) from None
        return text, [f"not valid UTF-8 ({where}); read as {fallback_encoding}"]


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return sample.count(b"\x00") * 3 >= len(sample)


def _check_encoding_name(path: Path, encoding: str | None) -> None:
    if encoding is None:
        return
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(path, f"unknown fallback encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(path, f"fallback encoding {encoding!r} is not a text encoding")


def _text_warnings(text: str) -> list[str]:
    warnings = []
    if "\ufffd" in text:
        warnings.append(
            f"contains {text.count(chr(0xFFFD))} replacement character(s) (U+FFFD): "
            "some characters were lost before this file was saved"
        )
    if any(lead in text for lead in _MOJIBAKE_LEADS) and any(m in text for m in _MOJIBAKE):
        warnings.append('looks double-encoded (mojibake such as "â€™" for a quote mark)')
    return warnings


def read_text_file(
    path: str | os.PathLike[str], *, fallback_encoding: str | None = None
) -> SourceArticle:
    """Read one plain-text article; raises :class:`InputError` when it is not usable text.

    Accepts UTF-8, UTF-8 with BOM, UTF-16 and UTF-32 with BOM. Other bytes are decoded only
    with ``fallback_encoding`` (e.g. "cp1252", "latin-1"), and then a warning says so.
    Refuses files over :data:`MAX_ARTICLE_BYTES` (checked before reading), empty or
    whitespace-only files, and binary files (NUL bytes, known binary formats, or a high
    share of control characters). The text is returned through :func:`normalize_text`.
    """
    path = Path(path)
    _check_encoding_name(path, fallback_encoding)
    _check_size(path, MAX_ARTICLE_BYTES)
    data = _read_bytes(path, MAX_ARTICLE_BYTES)
    if not data:
        raise InputError(path, "empty file")
    text, warnings = _decode(path, data, fallback_encoding)
    if "\x00" in text or _control_share(text) > _BINARY_CONTROL_SHARE:
        raise InputError(path, "not text (binary data)")
    text = normalize_text(text)
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    return SourceArticle(
        text=text, source=str(path), warnings=tuple(warnings + _text_warnings(text))
    )


def has_unpaired_surrogate(text: str) -> bool:
    """True when `text` holds a lone UTF-16 surrogate: such text cannot be written as UTF-8, so
    every importer refuses it (naming the field) instead of failing when it is stored."""
    if text.isascii():
        return False
    if len(text) > _ENCODE_CHECK_CHARS:  # no copy of a large text: the slower search
        return _SURROGATE.search(text) is not None
    try:
        text.encode("utf-8")  # five times faster than the search; fails on a surrogate only
    except UnicodeEncodeError:
        return True
    return False


_DATE_PREFIX = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def calendar_problem(value: str) -> str | None:
    """Why a string starting with an ISO date (`YYYY-MM-DD`, a time may follow) names a day
    that is not on the calendar ("there is no month 13", "February 2023 has 28 days"); None
    for a real day or a string that does not start with an ISO date."""
    found = _DATE_PREFIX.match(value.strip())
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    if year == 0:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return "there is no day 0"
    if day > days:
        return f"{_MONTH_NAMES[month - 1]} {year} has {days} days"
    return None


def json_type(value: object) -> str:
    """How a refusal names a JSON value's type: "a string", "a number", "null"..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _record(where: str, source: str, line: bytes) -> SourceArticle | None:
    """One JSON Lines record, or None for a blank line."""
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            where, f"not valid UTF-8 ({_invalid_byte(line, error)} in the line)"
        ) from None
    if not decoded.strip():
        return None
    try:  # without its line end, so an error at the end of the line is placed on it
        record = jsonsafe.loads(decoded.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        raise InputError(where, jsonsafe.problem(error, one_line=True)) from None
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, got {json_type(record)}")
    if "text" not in record:
        raise InputError(where, 'missing the required field "text"')
    text = record["text"]
    if not isinstance(text, str):
        raise InputError(where, f'field "text" must be a string, got {json_type(text)}')
    if not text.strip():
        raise InputError(where, 'field "text" is empty')
    if "\x00" in text:
        raise InputError(where, 'field "text" is not text (NUL characters)')
    for name in ("text", *_JSONL_FIELDS):
        value = record.get(name)
        if isinstance(value, str) and has_unpaired_surrogate(value):
            raise InputError(where, f'field "{name}" {SURROGATE_PROBLEM}')
    fields: dict[str, str | None] = {}
    for name in _JSONL_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(
                where, f'field "{name}" must be a string or null, got {json_type(value)}'
            )
        fields[name] = (value.strip() or None) if isinstance(value, str) else None
    extra = {k: v for k, v in record.items() if k != "text" and k not in _JSONL_FIELDS}
    text = normalize_text(text)
    return SourceArticle(
        text=text,
        source=source,
        extra=extra,
        warnings=tuple(_text_warnings(text)),
        **fields,
    )


def read_jsonl(path: str | os.PathLike[str]) -> list[SourceArticle]:
    """Read a JSON Lines file: one article object a line, blank lines skipped.

    Each object needs a non-empty string ``text``; ``title``, ``url``, ``published`` and
    ``outlet`` must be strings or null (empty strings become None), a ``published`` written
    ``YYYY-MM-DD`` a day on the calendar; all other fields are kept in ``extra``. Any
    malformed line refuses the whole file with an InputError naming ``path line N`` and the
    problem, so nothing is imported partially. A file without any article is refused too.
    ``source`` of each article is ``path:N``.
    """
    path = Path(path)
    _check_size(path, MAX_JSONL_BYTES)
    articles: list[SourceArticle] = []
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(path, f"cannot read ({error.strerror or error})") from None
    with handle:
        number = 0
        while line := handle.readline(MAX_ARTICLE_BYTES + 2):
            number += 1
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            where = f"{path} line {number}"
            if len(line.rstrip(b"\r\n")) > MAX_ARTICLE_BYTES:
                raise InputError(where, "record too large (the limit is 20 MB)")
            article = _record(where, f"{path}:{number}", line)
            if article is not None:
                articles.append(article)
    if not articles:
        raise InputError(path, "no articles (the file is empty)")
    return articles


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _folder_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in sorted(files):
            if not _is_hidden(name) and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                found.append(Path(root) / name)
    return found


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Turn files and folders into the list of article files to import, in order.

    Files are kept as given (whatever their suffix). Folders are searched recursively in
    sorted order, skipping hidden files and folders, keeping ``.txt``, ``.text``, ``.jsonl``
    and ``.json`` files (case-insensitive). A file reached twice is listed once. Raises
    InputError ``PATH: no such file or folder`` for a missing path and for a folder without
    article files.
    """
    result: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = _folder_files(path)
            if not files:
                raise InputError(
                    path, f"no article files ({', '.join(ARTICLE_SUFFIXES)}) in this folder"
                )
        elif path.exists():
            files = [path]
        else:
            raise InputError(path, "no such file or folder")
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                result.append(file)
    return result


def read_articles(
    path: str | os.PathLike[str], *, fallback_encoding: str | None = None
) -> list[SourceArticle]:
    """Read the articles of one file, choosing the reader by suffix (case-insensitive).

    ``.jsonl`` goes to :func:`read_jsonl`; ``.json`` files are native JSON exports handled
    by the export importer, so this returns an empty list for them (callers route ``.json``
    there); every other suffix (``.txt``, ``.text``, none, ...) is one plain-text article
    read by :func:`read_text_file`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return []
    if suffix == ".jsonl":
        return read_jsonl(path)
    return [read_text_file(path, fallback_encoding=fallback_encoding)]
