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
* day and month in words without a year, the same way (a reference gives the year):
  ``Selasa, 3 Januari``, ``17 Agustus lalu``, ``3rd of March``; in English text also month
  first, ``on March 3``, ``Jan. 3``. The month must be capitalised and written out (``Mei``,
  ``May`` and names of four letters or more) or abbreviated with a full stop (``Jan.``), and
  no number may follow (``3 Januari 20`` is not a date; ``March 10 percent`` neither).
  :attr:`FoundDate.year_less` tells these and the bracketed form from full dates.
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
    year_less: str | None = None  # "numeric" for "(21/10)", "words" for "3 Januari"; else None


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
def weekday_names() -> tuple[tuple[str, ...], ...]:
    """The spellings of each weekday (Monday first), Indonesian and English, as listed in
    resources/metadata/weekdays.txt."""
    rows = sorted(_read_names("weekdays.txt"))
    if [number for number, _ in rows] != list(range(7)):
        raise ValueError("resources/metadata/weekdays.txt must list days 0 to 6 once each")
    return tuple(names for _, names in rows)


class IndonesianParserInfo(du_parser.parserinfo):
    """dateutil parser vocabulary knowing Indonesian and English month and day names.

    Use it only on a string that is a date and nothing else, never with ``fuzzy=True``.
    """

    MONTHS = list(_month_names())
    WEEKDAYS = list(weekday_names())
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
# After "March 10" these make a quantity, not a date ("rose in March 10 percent").
_QUANTITY = r"\s*(?:%|percent\b|per\s+cent\b|persen\b)"


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
                rf"\d(?<![\w.]\d)\d?{_ORDINAL}\s+(?:of\s+)?(?P<month>{month})"
                rf"(?:,?\s+\d{{4}}(?!\d)|(?P<yearless>)(?!\w|,?\s*\d))",
                re.IGNORECASE,
            ),
        ),
        (
            "words",
            re.compile(
                rf"(?<![\w.])(?P<month>{month})\s+\d{{1,2}}{_ORDINAL}"
                rf"(?:,?\s+\d{{4}}(?!\d)|(?P<yearless>)(?!\w|[/.:,-]?\d|,?\s*\d|{_QUANTITY}))",
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
        # Only the group "d" is used; the "(" opens the match so that a search jumps to it.
        ("yearless", re.compile(r"\(\s*(?P<d>\d{1,2}/\d{1,2})\s*(?=\))")),
    )


@dataclass(frozen=True)
class _Candidate:
    kind: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _written_out_months() -> frozenset[str]:
    """Month names a year-less date may use without a full stop: "Mei", "May" and names of
    four letters or more ("Juni", "Sept"); "Jan", "Des", "Mar" need one ("Jan.")."""
    names = {name.casefold() for group in _month_names() for name in group}
    return frozenset(name for name in names if len(name) >= 4 or name in {"mei", "may"})


def _year_less_words(match: re.Match[str], month_first: bool, english: bool) -> bool:
    """Whether a year-less "3 Januari" / "March 3" match is taken as a date."""
    if month_first and not english:
        return False  # "pada Mei 3 orang ..." is Indonesian for "in May, 3 people"
    month = match.group("month")
    if not month[:1].isupper():
        return False  # "up to 3 may ..."
    return month.endswith(".") or month.casefold() in _written_out_months()


@lru_cache(maxsize=1)
def _scanners() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two regular expressions that find what :func:`_patterns` finds with fewer scans.

    * The four patterns that open with a digit (``iso``, day-first ``words``, ``yearfirst``,
      ``numeric``) as one alternation behind their shared ``\\d``, each branch marked by an
      empty group ``_kN`` (N = its index in :func:`_patterns`). At one position at most one
      branch can match (four digits then "-" or "/", or one or two digits then a separator, a
      space or an ordinal), so matching it at every digit finds every match of each of the
      four, which is what their own ``finditer`` gives: none of them can match again inside
      its own match. Each branch's look-behind rejects a digit after a letter, digit, "_" or
      ".", so only the digits of :data:`_NUMBER_START` need trying.
    * For month-first ``words`` ("March 3, 2023"), whose leading alternation of month names
      is slow to search for, a pattern matched in the reversed text at the day's digit:
      digit, spaces, an optional full stop, a whole month name (so only digits after a space
      need trying). Where it matches, the month-first pattern itself is matched at the month
      (its matches never overlap either).
    """
    patterns = _patterns()
    branches = []
    for index in _DIGIT_FIRST:
        pattern = patterns[index][1]
        body = pattern.pattern
        if not body.startswith(r"\d"):
            raise ValueError(f"pattern {index} must open with a digit")
        body = body[2:]
        if pattern.flags & re.IGNORECASE:
            body = f"(?i:{body})"
        branches.append(f"(?P<_k{index}>){body}")
    digit_first = re.compile(r"\d(?:" + "|".join(branches) + ")")
    names = tuple(tuple(name[::-1] for name in group) for group in _month_names())
    month_locator = re.compile(rf"\d\s+\.?(?:{_alternation(names)})(?![\w.])", re.IGNORECASE)
    return digit_first, month_locator


_DIGIT_FIRST = (0, 1, 3, 4)  # indices in _patterns() of the patterns opening with a digit
_MONTH_FIRST = 2
_BRACKETED = 5


# A digit that may open a date: not after a letter, digit, "_" or "." (the one scan of the
# text for digits; scanning for a character class costs far more than matching at a place).
_NUMBER_START = re.compile(r"\d(?<![\w.]\d)")


def _matches(text: str) -> list[tuple[int, re.Match[str]]]:
    """(index in :func:`_patterns`, match) for every match ``pattern.finditer(text)`` gives
    for each of the patterns, in no particular order (see :func:`_scanners`)."""
    digit_first, month_locator = _scanners()
    patterns = _patterns()
    found: list[tuple[int, re.Match[str]]] = []
    starts = [number.start() for number in _NUMBER_START.finditer(text)]
    for start in starts:
        match = digit_first.match(text, start)
        if match is not None:
            index = next(i for i in _DIGIT_FIRST if match.start(f"_k{i}") >= 0)
            found.append((index, match))
    spaced = [start for start in starts if start and text[start - 1].isspace()]
    if spaced:
        month_first = patterns[_MONTH_FIRST][1]
        length = len(text)
        reverse = text[::-1]
        for start in reversed(spaced):
            hit = month_locator.match(reverse, length - 1 - start)
            if hit is not None:
                match = month_first.match(text, length - hit.end())
                if match is not None:
                    found.append((_MONTH_FIRST, match))
    found.extend((_BRACKETED, match) for match in patterns[_BRACKETED][1].finditer(text))
    return found


def _candidates(text: str, english: bool = False) -> list[_Candidate]:
    """All date-looking substrings of ``text``, in order, overlapping ones removed.
    Year-less dates in words count month first ("March 3") only when ``english``."""
    found: list[_Candidate] = []
    patterns = _patterns()
    for index, match in _matches(text):
        kind = patterns[index][0]
        group = "d" if kind == "yearless" else 0
        if kind == "words" and match.group("yearless") is not None:
            if not _year_less_words(match, index == _MONTH_FIRST, english):
                continue
            if index == 1 and text[match.start() - 1 : match.start()] == "-":
                continue  # "hari ke-3 Maret": an ordinal
            start, end = match.span()
            month = match.group("month")
            if (
                index == 1
                and month.endswith(".")
                and month[:-1].casefold() in _written_out_months()
            ):
                end -= 1  # "pada 3 Januari." ends a sentence: the stop is not the month's
            found.append(_Candidate("yearless_words", start, end, text[start:end]))
            continue
        start, end = match.span(group)
        found.append(_Candidate(kind, start, end, match.group(group)))
    found.sort(key=lambda c: (c.start, c.start - c.end))
    kept: list[_Candidate] = []
    for candidate in found:
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    return kept


# Parsing is slow and news texts state the same dates again and again; the result depends on
# the arguments only (a fixed default date, never fuzzy), so it is kept.
@lru_cache(maxsize=4096)
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


def _with_year(candidate: _Candidate, year: int, dayfirst: bool) -> date | None:
    if candidate.kind == "yearless_words":
        return _dateutil(f"{candidate.text} {year}", dayfirst=dayfirst)
    return _dateutil(f"{candidate.text}/{year}", dayfirst=dayfirst)


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
    # year-less "(21/10)", "3 Januari": year from the reference, moved by one to land near it.
    if reference is None:
        return None
    guess = _with_year(candidate, reference.year, dayfirst)
    if guess is None:
        return None
    if guess - reference > _HALF_YEAR:
        return _with_year(candidate, reference.year - 1, dayfirst)
    if reference - guess > _HALF_YEAR:
        return _with_year(candidate, reference.year + 1, dayfirst)
    return guess


def _dayfirst(language: str) -> bool:
    return language != "en"


def parse_date(s: str, *, language: str = "id", reference: date | None = None) -> date | None:
    """The first date stated in ``s``, or None when there is none or it is impossible.

    ``s`` may carry other words ("Selasa, 3 Januari 2023 10:00 WIB"): the date is found with
    the same rules as :func:`find_dates`, so it never guesses from stray numbers. Numeric
    dates are day first unless ``language`` is "en". A year-less date ("(21/10)",
    "3 Januari", in English "March 3") needs ``reference`` for its year. Never raises on any
    string.
    """
    dayfirst = _dayfirst(language)
    for candidate in _candidates(s, english=not dayfirst):
        result = _resolve(candidate, dayfirst, reference)
        if result is not None:
            return result
    return None


def find_dates(text: str, language: str = "id") -> list[FoundDate]:
    """Every date stated in ``text`` that can be resolved, in text order.

    ``language`` ("id" or "en") decides day-first or month-first numeric dates (and whether
    "March 3" is a date). Year-less dates, bracketed or in words, take their year from the
    first full date in the text (see the module docstring) and are left out when the text
    has none; their :attr:`FoundDate.year_less` says so. Spans never overlap.
    """
    dayfirst = _dayfirst(language)
    candidates = _candidates(text, english=not dayfirst)
    resolved: list[tuple[_Candidate, date | None]] = [
        (c, None if c.kind in _YEAR_LESS else _resolve(c, dayfirst, None)) for c in candidates
    ]
    reference = next((d for _, d in resolved if d is not None), None)
    found: list[FoundDate] = []
    for candidate, value in resolved:
        year_less = _YEAR_LESS.get(candidate.kind)
        if year_less is not None:
            value = _resolve(candidate, dayfirst, reference)
        if value is not None:
            found.append(FoundDate(value, candidate.start, candidate.end, year_less))
    return found


_YEAR_LESS = {"yearless": "numeric", "yearless_words": "words"}
