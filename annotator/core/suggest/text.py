"""Small text helpers shared by the suggesters: words with offsets, paragraphs, clause ends.

All offsets are code points into the article text, end exclusive.  Nothing here looks at a
language's vocabulary except the short closed lists of abbreviations and weekday/month names.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import accumulate, repeat
from typing import NamedTuple

# A word: letters/digits with inner apostrophes or hyphens; dotted acronyms ("U.S.") whole.
_DEGREE_WORD = r"[A-Z][a-z]{0,3}\.(?:[A-Z][a-z]{0,3}\.?)+(?![\w])"
_WORD = re.compile(
    rf"@[\w.]*\w|{_DEGREE_WORD}|(?:[^\W\d_]\.){{2,}}|[^\W_](?:[\w’']*[\w])?(?:-[\w’']+)*"
)
_DEGREE_PATTERN = re.compile(_DEGREE_WORD)
_WORD_CHAR = re.compile(r"\w")
_PARAGRAPH_BREAK = re.compile(r"\n")
_CLOSERS = '\u201d\u2019"\u00bb)'
_SHORT_CAPITAL_WORD = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{0,2}$")


def wordset(spaced: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words of ``spaced``."""
    return frozenset(spaced.split())


TIME_WORDS = wordset(
    "senin selasa rabu kamis jumat jum'at jum’at sabtu minggu ahad "
    "monday tuesday wednesday thursday friday saturday sunday "
    "januari februari maret april mei juni juli agustus september oktober november desember "
    "january february march june july august october december "
    "today yesterday tonight kemarin"
)
# Abbreviations whose full stop does not end a sentence (compared without the dot, lower case).
ABBREVIATIONS = wordset(
    "dr drs prof ir h hj kh mr mrs ms st jl kab kec no moh muh m s sh si se mm mt mh "
    "sp spd skom mpd msi jr sr gen lt col sgt rep sen gov inc corp co ltd vs etc "
    "dll dsb tsb yth dkk abd mohd moch mhd mch muhd kel ds "
    "b c d e f g j k l n o p q r t u v w x y z "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)


class Word(NamedTuple):
    """One word of the text: ``text[start:end] == value``.

    ``lower`` is ``value.lower()``; ``is_capitalized`` is true when the word starts with a
    capital letter (or is an "@handle", which names someone too).  Make one with
    :func:`make_word`, which works both out once.
    """

    start: int
    end: int
    value: str
    lower: str
    is_capitalized: bool

    @property
    def is_degree(self) -> bool:
        """An academic degree written with inner dots ("M.Kes", "S.Pd", "Sp.A")."""
        value = self.value  # every degree has an inner dot: most words are out at once
        return "." in value and _DEGREE_PATTERN.fullmatch(value) is not None and not value.isupper()

    @property
    def is_acronym(self) -> bool:
        """Two or more letters, all capitals ("KPU", "U.S.")."""
        letters = 0
        for char in self.value:
            if char.isalpha():
                if not char.isupper():
                    return False
                letters += 1
        return letters >= 2


def make_word(start: int, end: int, value: str) -> Word:
    """The :class:`Word` ``value`` found at ``start``."""
    return Word(start, end, value, value.lower(), value[:1].isupper() or value[:1] == "@")


def _scan(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words the word pattern finds in ``text[start:end]`` (each as :func:`make_word`
    makes it)."""
    return _words_of(*_scan_columns(text, start, end))


def _scan_columns(
    text: str, start: int = 0, end: int | None = None
) -> tuple[list[int], list[int], list[str], list[str], list[bool]]:
    """The words of ``text[start:end]`` as columns: starts, ends, values, lower-case values
    and whether each is capitalized (as :func:`make_word` works it out).

    Every word is found as ``finditer`` of the word pattern finds it (the pattern looks
    neither behind nor past the span's end), but by ``split``, so that C code does the
    per-word work: it gives the text between the words and the words in turn, and the
    running sum of their lengths gives the offsets.
    """
    start = max(0, start)
    end = len(text) if end is None else min(end, len(text))
    parts = _WORD_SPLIT.split(text if start == 0 and end == len(text) else text[start:end])
    values = parts[1::2]
    if not values:
        return [], [], [], [], []
    bounds = list(accumulate(map(len, parts), initial=start))  # bounds[i + 1]: end of part i
    firsts = "".join([value[0] for value in values])
    capitalized = list(map(str.isupper, firsts.replace("@", "A")))  # "@handle" names someone
    lowers = list(map(str.lower, values))
    return bounds[1::2][: len(values)], bounds[2::2], values, lowers, capitalized


def _words_of(
    starts: list[int],
    ends: list[int],
    values: list[str],
    lowers: list[str],
    capitalized: list[bool],
) -> list[Word]:
    """:class:`Word` tuples of the columns ``_scan_columns`` gives (``tuple.__new__`` is what
    ``Word(...)`` calls, here without the call through the NamedTuple's own ``__new__``: this
    runs for every word of every article)."""
    return list(
        map(_new_tuple, repeat(Word), zip(starts, ends, values, lowers, capitalized, strict=True))
    )


_new_tuple = tuple.__new__
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")


class ArticleText(str):
    """The text of one article that finds its words once.

    It is the article's string (equal to it, sliced and searched like it); :func:`words` on
    it picks the words of a span out of the article's word list instead of scanning the span
    again.  ``suggest`` wraps each article's text in a new one, so nothing outlives the
    article.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.memo: dict = {}  # what the suggesters work out once per article
        columns = _scan_columns(text)
        self._words = _words_of(*columns)
        self._starts = columns[0]
        self.word_columns = columns[2:]  # see word_columns

    def words_between(self, start: int, end: int) -> list[Word] | None:
        """``words(self, start, end)`` from the word list, or None when a span edge may cut a
        word differently from the whole-text scan (then the span must be scanned itself).

        The word pattern looks neither behind nor, except once, ahead: scanning the span alone
        finds the words of the whole text inside it when no word runs across either edge and,
        at the end, the degree pattern's look-ahead for a word character cannot stop at the
        edge (after a letter or dot) where the whole text goes on with a word character.
        """
        if not 0 <= start <= end <= len(self):
            return None
        first = bisect_left(self._starts, start)
        if first > 0 and self._words[first - 1].end > start:
            return None  # a word runs across ``start``
        stop = bisect_left(self._starts, end, first)
        if stop > first and self._words[stop - 1].end > end:
            return None  # a word runs across ``end``
        if (
            start < end < len(self)
            and self[end - 1] in _DEGREE_LAST_CHARS
            and _WORD_CHAR.match(self, end) is not None
        ):
            return None
        return self._words[first:stop]


def word_columns(text: str) -> tuple[list[str], list[str], list[bool]]:
    """The words of the whole ``text`` as columns, for passes over every word: their values,
    lower-case values and whether each is capitalized (``words(text)[i].value`` is
    ``values[i]``, and so on)."""
    if isinstance(text, ArticleText):
        return text.word_columns
    return _scan_columns(text)[2:]


_DEGREE_LAST_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text[start:end]`` with absolute offsets."""
    end = len(text) if end is None else end
    if isinstance(text, ArticleText):
        found = text.words_between(start, end)
        if found is not None:
            return found
    return _scan(text, start, end)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Line spans (a paragraph is one line), stripped, blank lines dropped."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text + "\n"):
        start, end = strip_span(text, pos, match.start())
        if start < end:
            spans.append((start, end))
        pos = match.end()
    return spans


def strip_span(text: str, start: int, end: int, chars: str | None = None) -> tuple[int, int]:
    """Shrink ``[start, end)`` past leading/trailing whitespace (or ``chars``)."""
    while start < end and (text[start].isspace() if chars is None else text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() if chars is None else text[end - 1] in chars):
        end -= 1
    return start, end


def is_abbreviation_before(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation ("Dr.", "Jl.", "U.S.")."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    token = text[start:dot].replace(".", "").lower()
    if not token:
        return False
    return token in ABBREVIATIONS or "." in text[start:dot]


def sentence_end_at(text: str, pos: int) -> bool:
    """True when ``text[pos]`` is a ., ! or ? that closes a sentence."""
    char = text[pos]
    if char not in ".!?…":
        return False
    nxt = text[pos + 1] if pos + 1 < len(text) else "\n"
    if char == ".":
        prev = text[pos - 1] if pos > 0 else " "
        if prev.isdigit() and nxt.isdigit():
            return False
        if is_abbreviation_before(text, pos):
            return False
    if nxt.isspace() or nxt in "\"'“”‘’«»„)":
        return True
    # Glued sentences of scraped text: "2024.Webinar"; not a degree's inner dot ("Ed.D.",
    # "Sp.A(K)": a short word, then one capital closed by a dot or a bracket).
    if (
        nxt.isupper()
        and text[pos + 2 : pos + 3] in (".", "(")
        and _SHORT_CAPITAL_WORD.search(text, max(0, pos - 4), pos)
    ):
        return False
    return nxt.isupper() and pos >= 2 and text[pos - 1].isalnum() and text[pos - 2].isalnum()


def clause_end(text: str, pos: int, limit: int, stop_chars: str = "") -> int:
    """The first sentence end (exclusive of the mark), newline or ``stop_chars`` at/after pos."""
    end = min(limit, len(text))
    for mark in _stops("\n" + stop_chars).finditer(text, pos, end):
        index = mark.start()
        char = text[index]
        if char == "\n" or char in stop_chars or sentence_end_at(text, index):
            return index
    return end


def sentence_start(text: str, lo: int, pos: int, stop_chars: str = "") -> int:
    """Where the sentence (or clause, with ``stop_chars``) that ``pos`` is in starts, looking
    back no further than ``lo``: right after the last sentence end or stop character in
    ``text[lo:pos]``, else ``lo`` (``pos`` itself when ``pos <= lo``)."""
    if pos <= lo:
        return pos
    marks = [m.start() for m in _stops(stop_chars).finditer(text, lo, pos)]
    for index in reversed(marks):
        if text[index] in stop_chars or sentence_end_at(text, index):
            return index + 1
    return lo


@cache
def _stops(stop_chars: str) -> re.Pattern[str]:
    """The characters where a sentence may end, and ``stop_chars``: the only places the
    searches above need to look at (``sentence_end_at`` is False everywhere else)."""
    return re.compile(f"[.!?…{re.escape(stop_chars)}]")


# The only characters that may end a piece in split_glued (see sentence_end_at).
_BREAK_CANDIDATE = re.compile("[\n.!?…]")


def split_glued(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at sentence ends inside it (for glued or unsplit sentences), stripped."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for mark in _BREAK_CANDIDATE.finditer(text, start, max(start, end - 1)):
        index = mark.start()
        if index < pos:
            continue
        if text[index] == "\n" or sentence_end_at(text, index):
            stop = index + 1
            if text[index] != "\n":
                while stop < end and text[stop] in _CLOSERS:
                    stop += 1  # 'a panic."': the closing mark stays with its sentence
            piece = strip_span(text, pos, stop)
            if piece[0] < piece[1]:
                pieces.append(piece)
            pos = stop
    piece = strip_span(text, pos, end)
    if piece[0] < piece[1]:
        pieces.append(piece)
    return pieces


_DOMAIN = re.compile(r"\w\.(?:com|co|id|net|org|news)\b", re.IGNORECASE)
_DATELINE = re.compile(r"[^\n]{0,70}?\s(?:--|[-—–])\s+")  # used with .match(text, pos)


def skip_dateline(text: str, start: int, end: int) -> int:
    """Offset after a leading dateline ("LONDON (Reuters) - ", "SUMBAWA BESAR, NusraWarta - ").

    A dateline is recognised by an all-capitals first word, a bracketed agency or a web
    domain ("KOMPAS.com", "kabar.id") before a dash within 70 characters; otherwise ``start``
    comes back unchanged.
    """
    match = _DATELINE.match(text, start, end)
    if match is None:
        return start
    prefix = match.group(0).rstrip().rstrip("-—–").strip()
    first = prefix.split()[0].split(".")[0] if prefix.split() else ""
    letters = [c for c in first if c.isalpha()]
    capitals = len(letters) > 1 and all(c.isupper() for c in letters)
    if capitals or "(" in prefix or _DOMAIN.search(prefix):
        return match.end()
    separator = match.group(0)[len(match.group(0).rstrip().rstrip("-—–")) :].strip()
    if separator == "--" and "," in prefix and len(prefix.split()) <= 5:
        return match.end()  # "Jakarta, CNN Indonesia -- ": city, outlet and a double dash
    return start
