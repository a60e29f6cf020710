"""Finding and parsing the dates that Indonesian and English news text states.

Dates are found with regular expressions first and only the matched string is handed to
python-dateutil, never with ``fuzzy=True``: dateutil 4.0.0 silently misreads
``parse("Selasa, 3 Januari 2023", fuzzy=True)`` as 27 March, and
``parse("2023-01-03T10:00:00+07:00", dayfirst=True)`` as 1 March. ISO 8601 strings therefore
go only through :func:`dateutil.parser.isoparse`, and month/day names through
:class:`IndonesianParserInfo`, which knows Indonesian and English spellings.

Forms recognised (the span of a :class:`FoundDate` covers exactly the date as written, not a
day name before it nor brackets around it):

* ISO: ``2023-01-03``, ``2023-01-03T10:00:00+07:00``, ``2023-01-03 10:00``;
* day month year: ``3 Januari 2023``, ``3 Jan 2023``, ``3rd January 2023``;
* month day year: ``Jan. 3, 2023``, ``January 3, 2023``;
* numeric with year: ``3/1/2023``, ``3-1-2023``, ``3.1.2023``, ``3/1/20``; day first in
  Indonesian text, month first in English text (dateutil swaps them when the first number
  cannot be a month, e.g. ``13/3/2023``); ``2023/01/03`` is year first;
* numeric without a year, only in brackets as Indonesian news writes the day of the event:
  ``Selasa (21/10)``. Its year comes from a reference date (for :func:`find_dates`, the
  first full date of the same text): the reference's year, or the year before/after when
  that puts the day within six months of the reference. Without a reference it is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil import parser as du_parser

from annotator.paths import resource

__all__ = [
    "FoundDate",
    "IndonesianParserInfo",
    "find_dates",
    "parse_date",
]

_HALF_YEAR = timedelta(days=183)


@dataclass(frozen=True)
class FoundDate:
    """A date stated in a text: ``text[start:end]`` is the date as written (end exclusive)."""

    date: date
    start: int
    end: int


def _read_names(filename: str) -> list[tuple[int, tuple[str, ...]]]:
    """Parse a ``NUMBER name name ...`` data file from ``resources/metadata``."""
    rows: list[tuple[int, tuple[str, ...]]] = []
    for line in resource("metadata", filename).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        number, *names = line.split()
        rows.append((int(number), tuple(names)))
    return rows


@lru_cache(maxsize=1)
def _month_names() -> tuple[tuple[str, ...], ...]:
    rows = sorted(_read_names("months.txt"))
    if [number for number, _ in rows] != list(range(1, 13)):
        raise ValueError("resources/metadata/months.txt must list months 1 to 12 once each")
    return tuple(names for _, names in rows)


@lru_cache(maxsize=1)
def _weekday_names() -> tuple[tuple[str, ...], ...]:
    rows = sorted(_read_names("weekdays.txt"))
    if [number for number, _ in rows] != list(range(7)):
        raise ValueError("resources/metadata/weekdays.txt must list days 0 to 6 once each")
    return tuple(names for _, names in rows)


class IndonesianParserInfo(du_parser.parserinfo):
    """dateutil parser vocabulary knowing Indonesian and English month and day names.

    Use it only on a string that is a date and nothing else, never with ``fuzzy=True``.
    """

    MONTHS = list(_month_names())
    WEEKDAYS = list(_weekday_names())
    JUMP = [*du_parser.parserinfo.JUMP, "tanggal", "tgl"]


@lru_cache(maxsize=2)
def _parserinfo(dayfirst: bool) -> IndonesianParserInfo:
    return IndonesianParserInfo(dayfirst=dayfirst)


def _alternation(names: tuple[tuple[str, ...], ...]) -> str:
    """Any of ``names``, longest first, for a case-insensitive pattern.  Names opening with
    the same ASCII letter share one branch (a character matches at most one such letter and
    each branch keeps the longest-first order, so the match is the same; fewer are tried)."""
    flat = sorted({name for group in names for name in group}, key=lambda n: (-len(n), n))
    if not all(re.match("[A-Za-z]", name) for name in flat):
        return "|".join(re.escape(name) for name in flat)
    branches: dict[str, list[str]] = {}
    for name in flat:
        branches.setdefault(name[0].lower(), []).append(re.escape(name[1:]))
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in branches.items())


_ORDINAL = r"(?:st|nd|rd|th)?"


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    month = rf"(?:{_alternation(_month_names())})\.?"
    # Patterns that open with a digit are written ``\d(?<![...]\d)`` rather than
    # ``(?<![...])\d``: the same matches, but a search can jump from digit to digit.
    return (
        (
            "iso",
            re.compile(
                r"\d(?<![\w/.-]\d)\d{3}-\d{2}-\d{2}"
                r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
                r"(?![\w-]|[.:]\d)"
            ),
        ),
        (
            "words",
            re.compile(
                rf"\d(?<![\w.]\d)\d?{_ORDINAL}\s+(?:of\s+)?{month},?\s+\d{{4}}(?!\d)",
                re.IGNORECASE,
            ),
        ),
        (
            "words",
            re.compile(
                rf"(?<![\w.]){month}\s+\d{{1,2}}{_ORDINAL},?\s+\d{{4}}(?!\d)",
                re.IGNORECASE,
            ),
        ),
        ("yearfirst", re.compile(r"\d(?<![\w/.,-]\d)\d{3}/\d{1,2}/\d{1,2}(?![\w/]|[.,-]\d)")),
        (
            "numeric",
            re.compile(
                r"\d(?<![\w/.,-]\d)\d?(?P<sep>[/.-])\d{1,2}(?P=sep)(?:\d{4}|\d{2})"
                r"(?![\w/]|[.,-]\d)"
            ),
        ),
        ("yearless", re.compile(r"(?<=\()\s*(?P<d>\d{1,2}/\d{1,2})\s*(?=\))")),
    )


@dataclass(frozen=True)
class _Candidate:
    kind: str
    start: int
    end: int
    text: str


def _candidates(text: str) -> list[_Candidate]:
    """All date-looking substrings of ``text``, in order, overlapping ones removed."""
    found: list[_Candidate] = []
    for kind, pattern in _patterns():
        for match in pattern.finditer(text):
            group = "d" if kind == "yearless" else 0
            start, end = match.span(group)
            found.append(_Candidate(kind, start, end, match.group(group)))
    found.sort(key=lambda c: (c.start, c.start - c.end))
    kept: list[_Candidate] = []
    for candidate in found:
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    return kept


def _dateutil(s: str, *, dayfirst: bool, yearfirst: bool = False) -> date | None:
    try:
        result = du_parser.parse(
            s,
            parserinfo=_parserinfo(dayfirst),
            dayfirst=dayfirst,
            yearfirst=yearfirst,
            default=datetime(2000, 1, 1),
        )
    except (ValueError, OverflowError, TypeError):
        return None
    return result.date()


def _with_year(day_month: str, year: int, dayfirst: bool) -> date | None:
    return _dateutil(f"{day_month}/{year}", dayfirst=dayfirst)


def _resolve(candidate: _Candidate, dayfirst: bool, reference: date | None) -> date | None:
    if candidate.kind == "iso":
        try:
            return du_parser.isoparse(candidate.text.replace(" ", "T", 1)).date()
        except (ValueError, OverflowError):
            return None
    if candidate.kind == "words":
        return _dateutil(candidate.text, dayfirst=dayfirst)
    if candidate.kind == "yearfirst":
        return _dateutil(candidate.text, dayfirst=False, yearfirst=True)
    if candidate.kind == "numeric":
        return _dateutil(candidate.text, dayfirst=dayfirst)
    # year-less "(21/10)": year from the reference, moved by one to land near it.
    if reference is None:
        return None
    guess = _with_year(candidate.text, reference.year, dayfirst)
    if guess is None:
        return None
    if guess - reference > _HALF_YEAR:
        return _with_year(candidate.text, reference.year - 1, dayfirst)
    if reference - guess > _HALF_YEAR:
        return _with_year(candidate.text, reference.year + 1, dayfirst)
    return guess


def _dayfirst(language: str) -> bool:
    return language != "en"


def parse_date(s: str, *, language: str = "id", reference: date | None = None) -> date | None:
    """The first date stated in ``s``, or None when there is none or it is impossible.

    ``s`` may carry other words ("Selasa, 3 Januari 2023 10:00 WIB"): the date is found with
    the same rules as :func:`find_dates`, so it never guesses from stray numbers. Numeric
    dates are day first unless ``language`` is "en". A bracketed year-less date ("(21/10)")
    needs ``reference`` for its year. Never raises on any string.
    """
    dayfirst = _dayfirst(language)
    for candidate in _candidates(s):
        result = _resolve(candidate, dayfirst, reference)
        if result is not None:
            return result
    return None


def find_dates(text: str, language: str = "id") -> list[FoundDate]:
    """Every date stated in ``text`` that can be resolved, in text order.

    ``language`` ("id" or "en") decides day-first or month-first numeric dates. Year-less
    bracketed dates take their year from the first full date in the text (see the module
    docstring) and are left out when the text has none. Spans never overlap.
    """
    dayfirst = _dayfirst(language)
    candidates = _candidates(text)
    resolved: list[tuple[_Candidate, date | None]] = [
        (c, None if c.kind == "yearless" else _resolve(c, dayfirst, None)) for c in candidates
    ]
    reference = next((d for _, d in resolved if d is not None), None)
    found: list[FoundDate] = []
    for candidate, value in resolved:
        if candidate.kind == "yearless":
            value = _resolve(candidate, dayfirst, reference)
        if value is not None:
            found.append(FoundDate(value, candidate.start, candidate.end))
    return found
