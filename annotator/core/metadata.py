"""Suggesting an article's metadata from its text: headline, dateline, date, boilerplate.

Everything here is a suggestion the user edits later: :func:`detect_metadata` never raises
on any string and never changes the text. Offsets are code points into the text given,
end exclusive.

Conventions of the suggested values:

* ``title`` is the first non-empty line, stripped, exactly as written (an all-capitals
  headline stays in capitals), or None when the text starts with the body.
* ``outlet`` from the dateline, else from a byline/header line near the top
  (:func:`find_header_outlet`): a web domain is lower-cased (``SORANA.CO.ID`` ->
  ``sorana.co.id``, ``KOMPAS.com`` -> ``kompas.com``); a name listed in
  ``resources/metadata/outlets.txt`` takes that list's spelling (``(Antara)`` -> ``ANTARA``);
  any other name is kept as written.
* ``place`` from the dateline: written in capitals it is re-cased word by word
  (``NEW YORK`` -> ``New York``) keeping the words of ``acronyms.txt`` in capitals
  (``DKI JAKARTA`` -> ``DKI Jakarta``); when it ends with a province of ``provinces.txt``
  after a city and has no comma, a comma is put before the province
  (``INDRAMAYU JAWA BARAT`` -> ``Indramayu, Jawa Barat``). A mixed-case place is kept.
  A region after a comma stays part of the place (``KYIV, Ukraine (AP)`` ->
  ``Kyiv, Ukraine``; ``MILLBROOK, Pa. —`` -> ``Millbrook, Pa.``, regions in
  ``regions.txt`` or abbreviated); each comma-separated part is re-cased on its own.
* ``date`` is the first date stated outside the excluded ranges (see
  :mod:`annotator.core.dates`), passing over dates in the headline and dates introduced
  by "sejak"/"since" while another date is stated; ``date_span`` is its span. A year-less
  date takes its year from the text's first full date; in words ("Selasa, 3 Januari") it
  counts only when its weekday is named and fits that year and no "lalu"/"last" follows
  (a bare "3 Mei" or "17 Agustus lalu" is another event's day).
* ``excluded`` lists boilerplate (reason ``boilerplate``: comment forms, ads, share
  buttons, copyright lines), related-article lines (``related``: ``Baca juga: ...``,
  ``Simak juga Video ...``, the headlines listed under ``BERITA TERKAIT``; a label glued
  inside a paragraph after a sentence end, ``... kata dia.Baca juga: Judul Lain Sementara
  itu, ...``, with its headline up to where the article resumes, or the label alone when
  that is unclear: see :func:`_inline_related`) and credits
  (``credit``: ``(ant/abc)``, ``Source X-(a/b)`` even glued after the last sentence,
  ``(Reporting by ...)``, and staff lines ``Editor: X``, ``Reporter: X``, ``Pewarta: X``,
  which credit people). Each range covers stripped text; ranges are sorted and never
  overlap; same-reason ranges on consecutive lines are joined. The patterns live in
  ``resources/metadata/{boilerplate,related,credits,related_headers}.txt``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import Any

from annotator.core.dates import FoundDate, find_dates, parse_date, weekday_names
from annotator.core.language import detect_language
from annotator.paths import resource

try:  # re's own parser (private, there since Python 3.11): without it, no shortcuts
    from re import _parser as _regex_parser
except ImportError:  # pragma: no cover
    _regex_parser = None

__all__ = [
    "EXCLUSION_REASONS",
    "Dateline",
    "ExcludedRange",
    "Metadata",
    "detect_metadata",
    "find_dateline",
    "find_excluded",
    "find_header_outlet",
    "find_title",
    "related_boundaries",
]

EXCLUSION_REASONS = ("boilerplate", "credit", "related")

_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
_DATELINE_LINES = 8
_DATELINE_MIN_BODY = 30


# regular-expression pieces shared by datelines and bylines
_DASH = r"(?:-{1,3}|–|—)"
# a dash closing a dateline: a hyphen needs a space on one side ("Night-shift" is a word)
_END_DASH = r"(?:(?<=\s)-{1,3}|-{1,3}(?=[^\S\n])|–|—|--)"
_DOMAIN = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,}){1,3}"
_WORD = r"[A-Z][\w'’.-]*"
_PLACE = rf"{_WORD}(?:[^\S\n]+{_WORD}){{0,4}}"
_NAME = r"[A-Za-z][\w'’.&-]*(?:[^\S\n]+[A-Za-z][\w'’.&-]*){0,3}"
_SP = r"[^\S\n]*"


@dataclass(frozen=True)
class ExcludedRange:
    """Text to leave out of annotation: ``text[start:end]``, reason in EXCLUSION_REASONS."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Metadata:
    """Suggested metadata of one article; any field may be None (language never is)."""

    title: str | None
    outlet: str | None
    place: str | None
    date: date | None
    date_span: tuple[int, int] | None
    language: str
    excluded: tuple[ExcludedRange, ...]


@dataclass(frozen=True)
class Dateline:
    """A dateline at the start of a body line: ``text[start:end]`` is the dateline itself
    including its closing dash or colon; outlet and place are normalised as documented."""

    outlet: str | None
    place: str | None
    start: int
    end: int


# data files -------------------------------------------------------------------------------


def _data_lines(filename: str) -> list[str]:
    lines = resource("metadata", filename).read_text(encoding="utf-8").splitlines()
    return [s for s in (line.strip() for line in lines) if s and not s.startswith("#")]


@lru_cache(maxsize=1)
def _line_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for filename, reason in (("related.txt", "related"), ("boilerplate.txt", "boilerplate")):
        for source in _data_lines(filename):
            patterns.append((reason, re.compile(source, re.IGNORECASE)))
    return tuple(patterns)


@lru_cache(maxsize=1)
def _credit_patterns() -> tuple[re.Pattern[str], ...]:
    # A credit is the whole stripped line or a tail right after a sentence end.
    return tuple(
        re.compile(
            r"(?:^|(?<=[.!?\"”’)\]]))[^\S\n]*(?P<credit>" + source + r")[^\S\n]*$",
            re.IGNORECASE,
        )
        for source in _data_lines("credits.txt")
    )


def _first_chars(source: str) -> re.Pattern[str] | None:
    """A one-character case-insensitive pattern matching every character a match of the
    regular expression ``source`` can start with (maybe more), or None when unsure."""
    try:
        fragments, may_be_empty = _first_fragments(_regex_parser.parse(source, re.IGNORECASE))
    except Exception:  # an unforeseen parse tree: no shortcut (still correct)
        return None
    if fragments is None or may_be_empty:
        return None
    return re.compile("[" + "".join(sorted(fragments)) + "]", re.IGNORECASE)


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _class_fragments(items: Iterable[tuple[Any, Any]]) -> set[str] | None:
    """A character class's items as regular-expression class fragments (None: unsure)."""
    fragments: set[str] = set()
    for op, value in items:
        if str(op) == "LITERAL":
            fragments.add(re.escape(chr(value)))
        elif str(op) == "RANGE":
            fragments.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif str(op) == "CATEGORY" and str(value) in _CATEGORIES:
            fragments.add(_CATEGORIES[str(value)])
        else:
            return None  # a negated class and the like
    return fragments


def _first_fragments(items: Iterable[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """(class fragments of the characters a match of the parsed ``items`` can start with,
    whether it can match the empty string); fragments None when unsure."""
    fragments: set[str] = set()
    for op, value in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero width: the first character comes after it
        if name == "LITERAL":
            return fragments | {re.escape(chr(value))}, False
        if name == "IN":
            found = _class_fragments(value)
            return (None if found is None else fragments | found), False
        if name == "SUBPATTERN":
            found, may_be_empty = _first_fragments(value[-1])
        elif name == "ATOMIC_GROUP":
            found, may_be_empty = _first_fragments(value)
        elif name == "BRANCH":
            found, may_be_empty = set(), False
            for branch in value[1]:
                branch_found, branch_empty = _first_fragments(branch)
                if branch_found is None:
                    return None, False
                found |= branch_found
                may_be_empty = may_be_empty or branch_empty
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            found, may_be_empty = _first_fragments(value[2])
            may_be_empty = may_be_empty or value[0] == 0
        else:
            return None, False  # any character, a back reference ...
        if found is None:
            return None, False
        fragments |= found
        if not may_be_empty:
            return fragments, False
    return fragments, True


@lru_cache(maxsize=1)
def _line_pattern_starts() -> tuple[re.Pattern[str] | None, ...]:
    return tuple(_first_chars(pattern.pattern) for _, pattern in _line_patterns())


@lru_cache(maxsize=4096)
def _line_patterns_from(first: str) -> re.Pattern[str] | None:
    """Fully matches a line starting with ``first`` when one of _line_patterns does (a quick
    test before them): only the patterns whose match can start with ``first``."""
    return _any_of(
        tuple(
            pattern.pattern
            for (_, pattern), starts in zip(_line_patterns(), _line_pattern_starts(), strict=True)
            if starts is None or starts.match(first)
        )
    )


@lru_cache(maxsize=256)
def _any_of(sources: tuple[str, ...]) -> re.Pattern[str] | None:
    if not sources:
        return None
    return re.compile("|".join(f"(?:{source})" for source in sources), re.IGNORECASE)


def _literal_runs(source: str) -> frozenset[str]:
    """Lower-case ASCII strings that every case-insensitive match of the regular expression
    ``source`` contains: its runs of literal characters outside groups, repeats and
    alternatives ("contributed" for the credit "... writer X contributed to this report")."""
    try:
        items = _regex_parser.parse(source, re.IGNORECASE)
    except Exception:  # an unforeseen parse tree: no shortcut (still correct)
        return frozenset()
    runs, run = set(), ""
    for op, value in items:
        if str(op) == "LITERAL" and chr(value).isascii():
            run += chr(value)
        else:
            runs.add(run.lower())
            run = ""
    runs.add(run.lower())
    return frozenset(runs - {""})


# The only characters that re's case-insensitive matching takes for an ASCII character (all
# letters) although they are not ASCII: "İ", "ı", "ſ", the Kelvin sign. A text with one of
# them tries every credit pattern (tests/test_analysis_speed_equivalence.py checks the list).
_ODD_CASE = "\u0130\u0131\u017f\u212a"
_RARE_RUN = 6  # literal runs this long are rare in a text; shorter ones ("(", " by ") are not


@lru_cache(maxsize=1)
def _credit_runs() -> tuple[tuple[frozenset[bytes], str], ...]:
    """(rare literal runs as bytes, source) of each credit pattern."""
    return tuple(
        (frozenset(r.encode() for r in _literal_runs(source) if len(r) >= _RARE_RUN), source)
        for source in _data_lines("credits.txt")
    )


@lru_cache(maxsize=1)
def _credit_words() -> tuple[bytes, ...]:
    return tuple(sorted(set().union(*(runs for runs, _ in _credit_runs()))))


@lru_cache(maxsize=256)
def _any_credit(present: tuple[bytes, ...] | None) -> tuple[re.Pattern[str], ...]:
    """Quick tests before _credit_patterns, made of the credit patterns whose rare literal runs
    are all ``present`` in the text (None: all patterns); () when there is none. One of them
    matches at the start of a line (match the first) or right after a sentence end (search
    the second, which starts with that character: the search jumps from one to the next)."""
    sources = [
        source for runs, source in _credit_runs() if present is None or runs.issubset(present)
    ]
    if not sources:
        return ()
    credit = r"[^\S\n]*(?:" + "|".join(f"(?:{source})" for source in sources) + r")[^\S\n]*$"
    return (
        re.compile(credit, re.IGNORECASE),
        re.compile(r"[.!?\"”’)\]]" + credit, re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def _known_outlets() -> dict[str, str]:
    return {name.casefold(): name for name in _data_lines("outlets.txt")}


@lru_cache(maxsize=1)
def _provinces() -> dict[tuple[str, ...], str]:
    return {tuple(name.casefold().split()): name for name in _data_lines("provinces.txt")}


@lru_cache(maxsize=1)
def _acronyms() -> frozenset[str]:
    return frozenset(name.casefold() for name in _data_lines("acronyms.txt"))


# lines ------------------------------------------------------------------------------------


# A line's content from its first to its last non-space character (re's \s is str.isspace).
_LINE_CONTENT = re.compile(r"\S(?:[^\n]*\S)?")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line's stripped content; empty lines are skipped."""
    for match in _LINE_CONTENT.finditer(text):
        yield match.span()


# excluded ranges --------------------------------------------------------------------------


# What a credit may follow inside a line (the look-behind of _credit_patterns).
_CREDIT_AFTER = re.compile(r"[.!?\"”’)\]]")


def _credit_tests(text: str) -> tuple[re.Pattern[str], ...]:
    """:func:`_any_credit` for the lines of ``text``: the credit patterns whose rare literal
    runs all occur in it (most texts have no "contributed", the slowest pattern's)."""
    if any(char in text for char in _ODD_CASE):
        return _any_credit(None)
    # The ASCII characters of the text in lower case, "?" for the others: an ASCII run that
    # matches case-insensitively in the text is in there.
    lowered = text.encode("ascii", "replace").lower()
    return _any_credit(tuple(word for word in _credit_words() if word in lowered))


def _excluded_in_line(
    line: str, start: int, credit_tests: tuple[re.Pattern[str], ...] | None = None
) -> ExcludedRange | None:
    """What the line ``line`` (at ``start``) is excluded as; ``credit_tests`` are the
    :func:`_credit_tests` of its text (None: of the line)."""
    candidates = _line_patterns_from(line[:1])
    if candidates is not None and candidates.fullmatch(line):
        for reason, pattern in _line_patterns():
            if pattern.fullmatch(line):
                return ExcludedRange(start, start + len(line), reason)
    if credit_tests is None:
        credit_tests = _credit_tests(line)
    if not credit_tests:
        return None
    at_start, after_stop = credit_tests
    if at_start.match(line) is None and after_stop.search(line) is None:
        return None
    # A credit pattern matches only at the line start or right after a sentence end: trying
    # those places in order finds what ``pattern.search(line)`` finds, without the others.
    openings = [0, *(mark.end() for mark in _CREDIT_AFTER.finditer(line))]
    for pattern in _credit_patterns():
        for opening in openings:
            match = pattern.match(line, opening)
            if match:
                return ExcludedRange(start + match.start("credit"), start + len(line), "credit")
    return None


@lru_cache(maxsize=1)
def _related_headers() -> frozenset[str]:
    return frozenset(name.casefold() for name in _data_lines("related_headers.txt"))


def _is_related_header(line: str) -> bool:
    return line.rstrip(" :").casefold() in _related_headers()


def _merge_adjacent(text: str, ranges: list[ExcludedRange]) -> list[ExcludedRange]:
    """Join ranges of one reason on consecutive lines (only one newline between them)."""
    merged: list[ExcludedRange] = []
    for current in ranges:
        if merged:
            previous = merged[-1]
            gap = text[previous.end : current.start]
            if previous.reason == current.reason and not gap.strip() and gap.count("\n") == 1:
                merged[-1] = ExcludedRange(previous.start, current.end, current.reason)
                continue
        merged.append(current)
    return merged


_PERSON = r"[A-Z][\w'’.-]*(?:[^\S\n]+[A-Z][\w'’.-]*){1,4}"
_BYLINE_BY = re.compile(
    rf"(?:By|BY|Oleh|OLEH){_SP}:?{_SP}{_PERSON}"
    rf"(?:{_SP}(?:,|and|dan|&){_SP}{_PERSON})*(?:{_SP}[,|]{_SP}[^\n]{{1,40}})?"
)
_BYLINE_DASH = re.compile(rf"(?P<person>{_PERSON}){_SP}{_END_DASH}{_SP}(?P<outlet>\S{{2,40}})")


def _is_byline(line: str) -> bool:
    """``By Jane Doe``, ``Oleh: Budi Santoso``, ``Iman Firmansyah - detakJabar``."""
    if len(line) > 80 or any(map(str.isdigit, line)):
        return False
    if _BYLINE_BY.fullmatch(line):
        return True
    match = _BYLINE_DASH.fullmatch(line)
    return bool(match and _outlet_like(match["outlet"]) and not _outlet_like(match["person"]))


def find_excluded(text: str) -> tuple[ExcludedRange, ...]:
    """Boilerplate, related-article and credit ranges of ``text``, sorted, not overlapping.

    A range covers stripped text: a whole line, or for a glued credit the credit at the end
    of its line (``...pungkasnya.Source X-(a/b)`` -> ``Source X-(a/b)``). After a heading
    such as ``BERITA TERKAIT`` the headline-like lines that follow are ``related`` too.
    A byline among the first eight lines (``Iman Firmansyah - detakJabar``, ``By Jane Doe``,
    ``Oleh: Budi``) is a ``credit``.
    Ranges of one reason on consecutive lines (a single newline between, as in
    ``Pewarta: A\nEditor: B``) are joined into one range.
    """
    found: list[ExcludedRange] = []
    in_related_list = False
    labels = next(_labels(text, 0, len(text)), None) is not None
    credit_tests = _credit_tests(text)
    for number, (start, end) in enumerate(_lines(text)):
        line = text[start:end]
        excluded = _excluded_in_line(line, start, credit_tests)
        if excluded is None and number < _DATELINE_LINES and _is_byline(line):
            excluded = ExcludedRange(start, end, "credit")
        if excluded is None and in_related_list and _looks_like_headline(line):
            excluded = ExcludedRange(start, end, "related")
        elif excluded is None or excluded.reason != "related":
            in_related_list = False
        if excluded is not None and excluded.reason == "related" and _is_related_header(line):
            in_related_list = True
        if labels and next(_labels(text, start, end), None) is not None:
            found.extend(_inline_related(text, start, end, excluded))
        elif excluded is not None:
            found.append(excluded)
    return tuple(_merge_adjacent(text, found))


def related_boundaries(text: str) -> list[int]:
    """Offsets inside a line where a ``related`` range of :func:`find_excluded` starts or ends
    (a ``Baca juga: ...`` link glued inside a paragraph), sorted. The segmenter cuts there so
    that such a range is whole sentences. Cheap when the text has no such label."""
    for label in _labels(text, 0, len(text)):
        line_start = text.rfind("\n", 0, label.start()) + 1
        if text[line_start : label.start()].strip():
            break  # glued inside a line
        line_end = text.find("\n", label.end())
        line = text[line_start : len(text) if line_end < 0 else line_end].rstrip()
        end = line_start + len(line)
        if end > label.end() and _headline_end(text, label.end(), end) != end:
            break  # the headline may end before its line does (a heading has none)
    else:
        return []  # every label opens a line that is all headline: whole lines, no cuts
    related = [r for r in find_excluded(text) if r.reason == "related"]
    if not related:
        return []
    lines = list(_lines(text))
    starts = [start for start, _ in lines]
    cuts: set[int] = set()
    for found in related:
        start, end = lines[bisect_right(starts, found.start) - 1]
        if found.start > start:
            cuts.add(found.start)
        start, end = lines[bisect_right(starts, found.end - 1) - 1]
        if found.end < end:
            cuts.add(found.end)
    return sorted(cuts)


# related-article links glued inside a paragraph -------------------------------------------

# "Baca juga:", "BACA JUGA:", "Simak juga Video:", "Read also:", "Related:": a capital first
# letter and a colon are required, so prose ("warga diminta membaca juga aturan", "baca juga
# bukunya") never opens one.
_LABEL_WORDS = (
    r"(?:(?:B(?i:aca)|L(?i:ihat)|S(?i:imak)|T(?i:onton))[^\S\n]+(?i:juga|pula)"
    r"(?:[^\S\n]+(?i:video))?"
    r"|(?:A(?i:rtikel)|B(?i:erita))[^\S\n]+(?i:terkait|lainnya)"
    r"|R(?i:ead)[^\S\n]+(?i:also|more)|S(?i:ee)[^\S\n]+(?i:also)|R(?i:elated))"
)
_INLINE_LABEL = re.compile(_LABEL_WORDS + r"[^\S\n]*:")
# The same, ending at a given colon: labels are looked for only before the text's colons,
# which is much faster than searching the whole text for the words.
_LABEL_AT_COLON = re.compile(_LABEL_WORDS + r"[^\S\n]*:\Z")
_LABEL_REACH = 40  # the longest label, spaces included


def _labels(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The related-article labels in ``text[start:end]``, in order."""
    colon = text.find(":", start, end)
    while colon >= 0:
        match = _LABEL_AT_COLON.search(text, max(start, colon - _LABEL_REACH), colon + 1)
        if match is not None:
            yield match
        colon = text.find(":", colon + 1, end)


# What may stand right before a label inside a line: the end of a sentence.
_LABEL_AFTER = re.compile(r"(?:[.!?\u2026][\"”’)\]]?|[”’)\]])[^\S\n]*\Z")
_TOKEN = re.compile(r"\S+")
_HEADLINE_LOOK = _TITLE_MAX_WORDS + 12
_OPEN_QUOTES = '“"„«'
_CLOSE_QUOTES = {"“": '”"', '"': '"”', "„": '“”"', "«": "»"}
# Lower-case words a Title Case headline keeps in lower case ("Banjir Rendam 3 Desa di Garut").
_CONNECTIVES = frozenset(
    "di ke dari dan yang untuk pada dengan oleh atau bagi tentang kepada terhadap serta hingga "
    "sampai karena agar supaya pun vs vs. x & per the a an of and or in on at to for by with "
    "from as but nor via into over".split()
)
# Sentence openers besides resources/segment/sentence_starters.txt ("i" is left out there:
# "Why I Quit" is a headline).
_EXTRA_OPENERS = frozenset(
    "menurutnya sebelumnya dirinya terpisah diberitakan ditambahkan akibatnya pasalnya padahal "
    "kendati walau lebih selanjutnya meanwhile however earlier later officials police".split()
)
# Openers that may stand alone before a comma: "Namun, ...", "Menurutnya, ...".
_COMMA_OPENERS = frozenset(
    "menurutnya sebelumnya namun kini sekarang selanjutnya kemudian bahkan padahal akibatnya "
    "pasalnya terpisah sementara meanwhile however earlier later still".split()
)
# "Menurut Andi, harga ...", "According to the agency, the ...".
_ATTRIBUTION_OPENERS = frozenset({"menurut", "according"})
# Words that open a speaker's role ("Kepala BPBD Garut Asep mengatakan ..."): where a Title
# Case headline is followed by a sentence naming its speaker, that sentence starts at one.
_PERSON_ROLES = frozenset(
    "kepala ketua wakil bupati gubernur camat lurah kapolres kapolda kapolsek kasat "
    "kasatreskrim kasi kabid kabag kadis direktur dirut sekretaris sekda menteri presiden "
    "anggota juru komisioner hakim jaksa koordinator plt pj plh kombes akbp akp kompol iptu "
    "ipda aiptu brigjen irjen kapten kolonel letkol danrem dandim kapolresta kapolrestabes "
    "chief minister mayor governor spokesperson spokesman spokeswoman director secretary "
    "sheriff superintendent".split()
)


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    lines = resource("segment", "sentence_starters.txt").read_text(encoding="utf-8")
    starters = {s.strip() for s in lines.splitlines() if s.strip() and not s.startswith("#")}
    return frozenset((starters - {"i"}) | _EXTRA_OPENERS)


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    names: set[str] = set()
    for filename in ("titles.txt", "abbreviations.txt"):
        text = resource("segment", filename).read_text(encoding="utf-8")
        names.update(s.strip().rstrip(".").casefold() for s in text.splitlines())
    return frozenset(name for name in names if name and not name.startswith("#"))


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _lower_word(word: str | None) -> bool:
    """A lower-case word that a Title Case headline would not keep in lower case."""
    return bool(word) and word[0].islower() and word.rstrip(",.;:!?").casefold() not in _CONNECTIVES


def _title_word(word: str) -> bool:
    """A word as Title Case writes it: capitalised, a number, a bracketed acronym, a connective."""
    first = word.lstrip("(\"“'‘")[:1]
    return first.isupper() or first.isdigit() or word.casefold() in _CONNECTIVES


def _sentence_stop_inside(part: str) -> bool:
    """``part`` has a full stop ending a sentence ("Naik. Warga"), not "Kab. Garut"."""
    for match in re.finditer(r"(\S+)\.(?:\s|\Z)", part):
        word = match.group(1).lstrip("(\"“'‘")
        if "." in word or len(word) <= 1 or word.casefold() in _abbreviations():
            continue
        return True
    return False


def _plausible_headline(part: str) -> bool:
    words = part.split()
    return (
        len(words) >= 2
        and _looks_like_headline(part)
        and not part.endswith((".", ",", ";", ":"))
        and not _sentence_stop_inside(part)
    )


def _sentence_quote(text: str, start: int, limit: int) -> bool:
    """The quotation opening at ``start`` is article prose ("Kami kesulitan," kata ...): it
    begins with a capital, has a lower-case word a Title Case headline would not have, and ends
    in punctuation before its closing mark (or runs on to the end of the line)."""
    closers = _CLOSE_QUOTES[text[start]]
    end = start + 1
    while end < limit and text[end] not in closers and end - start < 400:
        end += 1
    body = text[start + 1 : end].strip()
    words = body.split()
    if len(words) < 2 or not words[0][:1].isupper():
        return False
    if not any(_lower_word(word) for word in words[1:]):
        return False
    return end >= limit or body[-1:] in ",.!?\u2026"


def _resumes_at(
    text: str, tokens: list[tuple[int, int]], words: list[str], i: int, limit: int
) -> bool:
    """The article text resumes at token ``i`` after a headline made of tokens before it."""
    word, previous = words[i], words[i - 1]
    following = words[i + 1] if i + 1 < len(words) else None
    core = word.rstrip(",;:")
    key = core.casefold()
    if _capitalised(core):
        if key in _openers():
            if word.endswith(",") and key in _COMMA_OPENERS:
                return True
            if core == word and _lower_word(following):
                return True
        if key in _ATTRIBUTION_OPENERS and core == word:
            for j in range(i + 1, min(i + 7, len(words) - 1)):
                if words[j].endswith(","):
                    return _lower_word(words[j + 1])
    if word[0] in _OPEN_QUOTES and not previous.endswith(":"):
        return _sentence_quote(text, tokens[i][0], limit)
    if (
        (_capitalised(core) or core.isupper())  # "Kapolres", "AKBP"
        and key in _PERSON_ROLES
        and not previous.endswith((",", ":"))
        and previous.rstrip(",;:").casefold() not in _PERSON_ROLES
        and all(_title_word(w) for w in words[:i])
    ):
        for j in range(i + 1, min(i + 11, len(words))):
            if _lower_word(words[j]):
                return True
            if not _title_word(words[j]):
                return False
    return False


def _headline_end(text: str, begin: int, limit: int) -> int | None:
    """Where a related headline starting at ``begin`` ends in ``text[:limit]`` (its line):
    before the first token where the article plausibly resumes (a sentence opener followed by
    lower case, a prose quotation, a speaker's role in a Title Case run), else at ``limit``
    when the rest looks like a headline. None when unsure."""
    # a headline has at most _TITLE_MAX_WORDS words; a few more show how the text goes on
    tokens = [m.span() for m in islice(_TOKEN.finditer(text, begin, limit), _HEADLINE_LOOK)]
    if not tokens:
        return None
    words = [text[a:b] for a, b in tokens]
    for i in range(2, min(len(words), _TITLE_MAX_WORDS + 1)):
        if _resumes_at(text, tokens, words, i, limit):
            end = tokens[i - 1][1]
            return end if _plausible_headline(text[begin:end]) else None
    if len(tokens) == _HEADLINE_LOOK:
        return None  # the line goes on far beyond any headline
    if not all(_title_word(word) for word in words):
        return None  # lower-case words may be the article resuming ("... Naik Helmi Budiman
        # mengatakan stok aman"): only a Title Case headline is taken up to the line's end
    end = tokens[-1][1]
    return end if _plausible_headline(text[begin:end]) else None


def _inline_related(
    text: str, start: int, end: int, whole: ExcludedRange | None
) -> list[ExcludedRange]:
    """The ``related`` ranges of labels inside the line ``text[start:end]``.

    ``whole`` is what the line patterns found for the whole line. A label opens a range at the
    line start or right after the end of a sentence; the range covers the label and the
    headline up to :func:`_headline_end`, or the label alone when unsure. A line that the
    patterns exclude whole keeps that range unless its headline clearly ends before the line
    does. A glued credit at the line end bounds the search.
    """
    limit = end
    if whole is not None:
        if whole.reason == "credit":
            limit = whole.start
        elif whole.reason != "related" or not _INLINE_LABEL.match(text, start, end):
            return [whole]
    found: list[ExcludedRange] = []
    position = start
    for label in _labels(text, start, limit):
        if label.start() < position:
            continue
        opening = label.start()
        if opening > start and not _LABEL_AFTER.search(text, max(start, opening - 20), opening):
            continue
        headline = _headline_end(text, label.end(), limit)
        if (
            whole is not None
            and whole.reason == "related"
            and not found
            and (headline is None or headline >= limit)
        ):
            return [whole]
        stop = headline if headline is not None else label.end()
        found.append(ExcludedRange(label.start(), stop, "related"))
        position = stop
    if whole is not None and whole.reason == "credit":
        found.append(whole)
    return found


# title ------------------------------------------------------------------------------------


def _looks_like_headline(line: str) -> bool:
    if len(line) > _TITLE_MAX_CHARS or len(line.split()) > _TITLE_MAX_WORDS:
        return False
    if not any(ch.isalpha() for ch in line):
        return False
    if line.endswith(("...", "…")):
        return True
    return not line.endswith((".", ",", ";", ":"))


def find_title(text: str, excluded: tuple[ExcludedRange, ...] | None = None) -> str | None:
    """The first non-empty line, stripped, when it looks like a headline: short (at most 200
    characters and 30 words), no final full stop/comma/colon, not boilerplate, not a
    dateline, and followed by more text. Otherwise None (the text starts with the body)."""
    if excluded is None:
        excluded = find_excluded(text)
    return _title_of(text, _body_lines(text, excluded))


def _body_lines(text: str, excluded: tuple[ExcludedRange, ...]) -> list[tuple[int, int]]:
    """The first lines that are not excluded whole: as many as title and dateline look at."""
    skip = {(r.start, r.end) for r in excluded}
    return list(islice((span for span in _lines(text) if span not in skip), _DATELINE_LINES + 1))


def _title_of(text: str, lines: list[tuple[int, int]]) -> str | None:
    """:func:`find_title` given the :func:`_body_lines`."""
    if len(lines) < 2:
        return None
    start, end = lines[0]
    line = text[start:end]
    if not _looks_like_headline(line):
        return None
    dateline = _match_dateline(line)
    if dateline is not None and len(line) - dateline[2] >= _DATELINE_MIN_BODY:
        return None
    return line


# dateline ---------------------------------------------------------------------------------

_OUTLET_PLACE = re.compile(  # SORANA.CO.ID-INDRAMAYU JAWA BARAT:
    rf"(?P<outlet>{_DOMAIN}){_SP}{_DASH}{_SP}(?P<place>{_PLACE}){_SP}(?::|{_END_DASH})"
)
_PLACE_AGENCY = re.compile(  # JAKARTA (ANTARA) -  LONDON, Jan 3 (Reuters) -  KYIV, Ukraine (AP) —
    rf"(?P<place>{_PLACE})(?:{_SP},{_SP}(?P<mid>[^()\n,]{{2,25}}?))?{_SP},?{_SP}"
    rf"\({_SP}(?P<outlet>[^()\n]{{1,40}}?){_SP}\){_SP}(?::|{_END_DASH})"
)
_PAIR = re.compile(  # BANDUNG, KOMPAS.com -   Liputan6.com, Jakarta -   Jakarta, Kominfo -
    rf"(?P<a>{_DOMAIN}|{_NAME}){_SP},{_SP}(?P<b>{_DOMAIN}|{_NAME}){_SP}(?P<end>:|{_END_DASH})"
)
_ANY_DAY = date(2000, 6, 1)  # lets a year-less "(3/1)" count as a date in a dateline
_PLACE_DATE = re.compile(  # Jakarta, Selasa (3/1/2023) -
    rf"(?P<place>{_PLACE}){_SP},{_SP}(?P<date>[^\n]{{4,40}}?){_SP}{_END_DASH}"
)
_OUTLET_ONLY = re.compile(rf"(?P<outlet>{_DOMAIN}|{_NAME}){_SP}(?::|{_END_DASH})")  # Suara.com -
_PLACE_ONLY = re.compile(rf"(?P<place>{_PLACE}){_SP}{_END_DASH}")  # Jakarta -


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    return frozenset(name.casefold() for name in _data_lines("regions.txt"))


_REGION_ABBREVIATION = re.compile(r"[A-Z][a-z]{0,4}\.|(?:[A-Z]\.){2,3}")


def _is_region(value: str) -> bool:
    """A state, province or country written after a city: listed, or "Pa.", "N.M."."""
    value = value.strip()
    return value.casefold() in _regions() or _REGION_ABBREVIATION.fullmatch(value) is not None


def _is_domain(value: str) -> bool:
    return re.fullmatch(_DOMAIN, value) is not None


def _is_outlet(value: str) -> bool:
    return _is_domain(value) or value.casefold() in _known_outlets()


def _agency_like(value: str) -> bool:
    """What may stand in brackets after a dateline place: a known outlet, a domain, an
    acronym ("PRLM") or a camel-case brand ("HealthWire"); not a plain name ("Jokowi")."""
    return (
        _is_outlet(value)
        or re.fullmatch(r"[A-Z][A-Z0-9&.]{1,11}|[A-Za-z][a-z0-9]+(?:[A-Z][a-z0-9]*)+", value)
        is not None
    )


def _normalise_outlet(value: str) -> str:
    value = value.strip()
    if _is_domain(value):
        return value.lower()
    return _known_outlets().get(value.casefold(), value)


def _recase_word(word: str) -> str:
    if word.casefold() in _acronyms() or re.fullmatch(r"(?:[A-Z]\.)+", word):
        return word.upper()
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


_PLACE_PREFIXES = frozenset({"kota", "kabupaten", "kab.", "kab", "provinsi", "prov."})


def _normalise_place(value: str) -> str:
    value = " ".join(value.strip(" ,").split())
    if "," in value:
        return ", ".join(_normalise_place(part) for part in value.split(",") if part.strip())
    words = value.split(" ")
    if any(ch.isalpha() for ch in value) and value == value.upper():
        words = [_recase_word(word) for word in words]
    if len(words) > 1:
        folded = [word.casefold() for word in words]
        for size in range(len(words) - 1, 0, -1):
            province = _provinces().get(tuple(folded[-size:]))
            head = words[:-size]
            if province and head and head[-1].casefold() not in _PLACE_PREFIXES:
                return f"{' '.join(head)}, {province}"
    return " ".join(words)


def _match_dateline(line: str) -> tuple[str | None, str | None, int] | None:
    """(outlet, place, end) of a dateline at the start of ``line``, raw values."""
    match = _OUTLET_PLACE.match(line)
    if match:
        return match["outlet"], match["place"], match.end()
    match = _PLACE_AGENCY.match(line)
    if match and _agency_like(match["outlet"]):
        place, mid = match["place"], match["mid"]
        if mid is None or parse_date(f"{mid} 2000", language="en", reference=_ANY_DAY):
            return match["outlet"], place, match.end()
        if re.fullmatch(_PLACE, mid.strip()):  # "KYIV, Ukraine (AP)": region or country
            return match["outlet"], f"{place}, {mid.strip()}", match.end()
    match = _PAIR.match(line)
    if match and len(match["b"].split()) <= 3:
        a, b = match["a"], match["b"]
        if _is_region(b) and not _is_outlet(a):  # MILLBROOK, Pa. —
            return None, f"{a}, {b}", match.end()
        if match["end"] != ":" or _is_domain(a) or _is_domain(b):
            if _is_outlet(a) and not _is_outlet(b):
                return a, b, match.end()
            if _is_outlet(b) or (a[:1].isupper() and b[:1].isupper()):
                return b, a, match.end()
    match = _PLACE_DATE.match(line)
    if match and parse_date(match["date"], reference=_ANY_DAY) is not None:
        return None, match["place"], match.end()
    match = _OUTLET_ONLY.match(line)
    if match and _is_outlet(match["outlet"]):
        return match["outlet"], None, match.end()
    match = _PLACE_ONLY.match(line)
    if match and len(match["place"].split()) <= 3:
        return None, match["place"], match.end()
    return None


def find_dateline(text: str, excluded: tuple[ExcludedRange, ...] | None = None) -> Dateline | None:
    """The dateline opening one of the first body lines, or None.

    Looks at the first eight non-empty lines that are not boilerplate and not the title;
    a dateline must be followed on its line by at least 30 more characters of body text.
    """
    if excluded is None:
        excluded = find_excluded(text)
    lines = _body_lines(text, excluded)
    return _dateline_of(text, lines, _title_of(text, lines))


def _dateline_of(text: str, lines: list[tuple[int, int]], title: str | None) -> Dateline | None:
    """:func:`find_dateline` given the :func:`_body_lines` and the title."""
    if title is not None:
        lines = lines[1:]
    for start, end in lines[:_DATELINE_LINES]:
        line = text[start:end]
        found = _match_dateline(line)
        if found is None:
            continue
        outlet, place, length = found
        if len(line) - length < _DATELINE_MIN_BODY:
            continue
        return Dateline(
            outlet=_normalise_outlet(outlet) if outlet else None,
            place=_normalise_place(place) if place else None,
            start=start,
            end=start + length,
        )
    return None


_HEADER_PAIR = re.compile(rf"(?P<a>[^\n]{{1,60}}?){_SP}{_END_DASH}{_SP}(?P<b>[^\n]{{1,60}})")
_CAMEL_OUTLET = re.compile(r"[a-z]+[A-Z][A-Za-z0-9]*")


def _outlet_like(value: str) -> bool:
    return _is_outlet(value) or _CAMEL_OUTLET.fullmatch(value) is not None


def find_header_outlet(text: str, excluded: tuple[ExcludedRange, ...] | None = None) -> str | None:
    """The outlet named on a short byline/header line near the top, or None.

    Recognises ``Kompas.com - 12/12/2023, 16:05 WIB`` (outlet, then anything) and
    ``Iman Firmansyah - detakJabar`` (anything, then an outlet): lines of at most 80
    characters among the first eight after the title (bylines count although they are
    excluded as credits); the outlet must be a domain, a
    listed outlet or a camel-case brand (``detikNews``). Normalised like dateline outlets.
    """
    if excluded is None:
        excluded = find_excluded(text)
    return _header_outlet_of(text, find_title(text, excluded))


def _header_outlet_of(text: str, title: str | None) -> str | None:
    """:func:`find_header_outlet` given the title."""
    lines = list(islice(_lines(text), _DATELINE_LINES + 2))
    if title is not None:
        lines = [span for span in lines if text[span[0] : span[1]] != title][:_DATELINE_LINES]
    for start, end in lines:
        match = _HEADER_PAIR.fullmatch(text[start:end])
        if end - start > 80 or match is None:
            continue
        a, b = match["a"].strip(), match["b"].strip()
        if _outlet_like(a) and not _outlet_like(b):
            return _normalise_outlet(a)
        if _outlet_like(b):
            return _normalise_outlet(b)
    return None


# everything -------------------------------------------------------------------------------


_SINCE = re.compile(
    r"\b(?:sejak|since)[^\S\n]+(?:(?:hari[^\S\n]+)?[A-Za-z'’]+[^\S\n]*[,(]?[^\S\n]*)?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _weekday_before() -> re.Pattern[str]:
    names = "|".join(
        re.escape(name) for group in weekday_names() for name in sorted(group, key=len)[::-1]
    )
    return re.compile(
        rf"(?<![\w'’])(?P<day>{names})[^\S\n]*,?[^\S\n]*(?:(?:tanggal|tgl\.?)[^\S\n]+)?\Z",
        re.IGNORECASE,
    )


# "17 Agustus lalu", "3 Mei mendatang", "next March 3": another day than the article's.
_OTHER_DAY_AFTER = re.compile(
    r"[^\S\n]*,?[^\S\n]*(?:lalu|silam|kemarin|mendatang|nanti|depan|last|next|ago)\b",
    re.IGNORECASE,
)


def _names_its_day(text: str, found: FoundDate) -> bool:
    """A year-less date in words is the article's day only when its weekday is named right
    before it and agrees with the year found for it ("Selasa, 3 Januari" with a 2023 date
    elsewhere: 3 January 2023 is a Tuesday), and no "lalu"/"last" follows. A bare
    "3 Mei" or "17 Agustus lalu" is some other event's day."""
    match = _weekday_before().search(text, max(0, found.start - 30), found.start)
    if match is None or _OTHER_DAY_AFTER.match(text, found.end):
        return False
    spellings = weekday_names()[found.date.weekday()]
    return match["day"].casefold() in {name.casefold() for name in spellings}


def _first_date(
    text: str,
    language: str,
    excluded: tuple[ExcludedRange, ...],
    title_end: int,
) -> tuple[date, tuple[int, int]] | None:
    """The first date outside excluded ranges. Dates in the headline (before ``title_end``)
    and dates introduced by "sejak"/"since" (when something began: "sejak Senin
    (8/1/2024)") are taken only when no other date is stated. A year-less date in words
    counts only as :func:`_names_its_day` says (the bracketed "Senin (2/1)" counts as before)."""
    dates = [
        found
        for found in find_dates(text, language)
        if not any(r.start <= found.start < r.end for r in excluded)
        and (found.year_less != "words" or _names_its_day(text, found))
    ]
    for found in dates:
        in_title = found.start < title_end
        if not in_title and not _SINCE.search(text[max(0, found.start - 30) : found.start]):
            return found.date, (found.start, found.end)
    if dates:
        return dates[0].date, (dates[0].start, dates[0].end)
    return None


def detect_metadata(text: str) -> Metadata:
    """Suggest title, outlet, place, date, language and excluded ranges for ``text``.

    Never raises for any string; see the module docstring for the conventions.
    """
    language = detect_language(text)
    excluded = find_excluded(text)
    lines = _body_lines(text, excluded)
    title = _title_of(text, lines)
    dateline = _dateline_of(text, lines, title)
    outlet = dateline.outlet if dateline else None
    if outlet is None:
        outlet = _header_outlet_of(text, title)
    title_end = text.index(title) + len(title) if title is not None else 0
    first = _first_date(text, language, excluded, title_end)
    return Metadata(
        title=title,
        outlet=outlet,
        place=dateline.place if dateline else None,
        date=first[0] if first else None,
        date_span=first[1] if first else None,
        language=language,
        excluded=excluded,
    )
