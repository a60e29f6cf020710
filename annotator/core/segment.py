"""Rule-based sentence segmentation for Indonesian and English web news.

:func:`segment` returns sentence spans as code-point offsets into the text (end exclusive).
Invariants callers can rely on, for any input string:

* spans are sorted, non-overlapping and non-empty;
* no span starts or ends with whitespace (``str.isspace``);
* together they cover every non-whitespace character of the text;
* a line break (``\\n``, ``\\r``, ``\\u2028`` ...) is never inside a span: every paragraph or
  line is at least one sentence, so headlines and boilerplate lines stand alone.

Rules inside a line, in short (the data lists live in ``resources/segment/``):

* A boundary follows ``.``, ``!``, ``?`` or an ellipsis, also with no space after it when a
  capital letter or an opening quotation mark follows (``2024.Webinar``, ``katanya.Dirinya``,
  ``2017.“Bentuk``, ``pungkasnya.Source ...``, and ``meriah.(ant)``).  Closing quotation marks
  and brackets right after the stop stay with the sentence before.  A straight ``"`` closes when
  an odd number of ``"`` precede it on the line; a ``”`` followed by a letter with no ``“`` open
  before it is a misused opening mark and goes with the next sentence.
* No boundary after titles and ranks (``titles.txt``: ``Moh.``, ``Dr.``, ``Jl.``, ``No.``, also
  glued after a stop: ``habits.Mrs. Ann``), after an abbreviation closing a bracket
  (``(Purn.) Moeldoko``), inside numbers (``1.000.000``, ``3.5%``), domains (``sorana.co.id``,
  ``SORANA.CO.ID-INDRAMAYU``, ``Kompas.Com``; but ``Jakarta.Info lebih`` splits) and URLs, nor
  after a list number at the start of a line, after a colon, or after a stop when the
  neighbouring number is a list number too (``jujur. 2. Pemilu`` but ``Sept. 30. Harga``).
* A single capital letter is an initial (``H. M. Tauhid``, ``J.K.Rowling``): no boundary unless
  a common sentence starter follows (``Vitamin C. Ini``, ``M.T.Menurut``); after a number it
  is a unit (``Rp 2,5 M. Dana``) except a compass letter (``210 N. Main St.``).
* Abbreviations that may end a sentence (``abbreviations.txt``: ``U.S.``, ``Inc.``, ``Jr.``,
  ``Ill.``; and any dotted chain of 1-4 letter groups) are boundaries only before a common
  sentence starter (``sentence_starters.txt``: ``The``, ``Dia``, ``Namun`` ...), never before a
  digit (``Jan. 5``).
* Degrees after a name (``degrees.txt``: ``S.H.``, ``M.Si.``, ``Ph.D.``) close the name: a
  boundary before a capital letter, digit or opening quotation mark (``Budi, M.Si. Dalam ...``)
  unless another degree follows (``S.H. M.H.``); none before lower case (``M.M. mengatakan``).
* List closers (``list_enders.txt``: ``dll.``, ``dkk.``, ``etc.``) are boundaries when
  whitespace and a capital letter, digit or opening quotation mark follow; not before lower
  case, brackets or punctuation (``dkk. mengatakan``, ``dkk. (2020)``, ``etc.,``).
* A lower-case word after the stop: no boundary after an ellipsis, ``!``/``?``, a closing
  quotation mark (``"Why?" he asked.``, ``“Siap.” katanya.``), a known abbreviation or a word
  of at most three letters; after a longer ordinary word it is a boundary (a lost capital).
  A digit after the stop is a boundary unless an abbreviation or a 1-2 letter word precedes.
* A stop plus closing quotation mark, then one to four capitalised words and a reporting verb
  (``speech_verbs.txt``: ``"Why?" Smith asked.``, ``“Siap.” Budi menegaskan.``) is one sentence.
* An opening quotation mark glued to the previous word with no stop (``(TPS)“Disini``) starts a
  sentence when it opens a real quotation (starts with a capital letter, contains a space and
  ends in punctuation before its closing mark), not a glued scare quote (``Program“Maju”``).
* Zero-width characters (U+200B, U+FEFF ...) are not whitespace: they stay inside spans, but
  are looked through when deciding whether a stop is followed by a space.

Everything is regex scanning plus constant work per stop character, so time is linear in the
text length (a 1 MB article takes a fraction of a second; a 1 MB line without punctuation is
one span).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from annotator.paths import resource

# Lines are what str.splitlines() gives: it breaks on \n \r \v \f \x1c \x1d \x1e \x85 \u2028
# \u2029 (and \r\n), all of them whitespace by str.isspace().
# A run of stop characters, then closing quotes/brackets (which may later be given back).
_STOP = re.compile(r"[.!?\u2026]+([\"'\u201d\u2019\u00bb\u203a)\]}]*)")
# An opening quotation mark glued to a word, bracket or closing quote, before a letter.  The
# look-behind comes after the mark so that a search jumps from quotation mark to mark.
_GLUED_OPEN = re.compile(r"[\u201c\u201d\"](?<=[\w)\]\u201d\u2019][\u201c\u201d\"])(?=[^\W\d_])")
_CURLY_DOUBLE = re.compile("[\u201c\u201d]")
_NON_SPACE = re.compile(r"\S")
# Zero-width characters scraped pages leave between sentences; they are not whitespace.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_VISIBLE = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff]")
_LETTERS_END = re.compile(r"[^\W\d_]+\Z")
_LETTERS = re.compile(r"[^\W\d_]*")
_CHAIN = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}")
_LIST_MARKER = re.compile(r"\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4}")
_ATTRIBUTION_TAIL = re.compile(r"(?:\s+[\w'\u2019-]+){0,5}\s*(?:[.!?\u2026]|\Z)")
_REPORTED_CLAUSE = re.compile(r"\b(?:bahwa|that)\b", re.IGNORECASE)
_CAPITALISED_THEN_WORD = re.compile(r"\s*(?:[A-Z\u00c0-\u00de][\w.'\u2019-]*\s+){1,4}([^\W\d_]+)")

_OPENERS = "\"'\u201c\u2018\u00ab\u2039([{"
_CLOSING_ALWAYS = "\u201d\u2019\u00bb\u203a)]}"
_STOP_CHARS = ".!?\u2026"
_NO_BREAK_BEFORE = ",;:.!?\u2026)]}\u201d\u2019\u00bb"
_WINDOW = 64


@dataclass(frozen=True)
class _Lexicon:
    titles: frozenset[str]
    abbreviations: frozenset[str]
    list_enders: frozenset[str]
    degrees: frozenset[str]
    starters: frozenset[str]
    speech_verbs: frozenset[str]
    tlds: frozenset[str]
    # Unions of the lists above that the rules test together (one lookup instead of several).
    title_abbr: frozenset[str]  # titles, abbreviations
    title_abbr_ender: frozenset[str]  # titles, abbreviations, list enders
    title_abbr_degree: frozenset[str]  # titles, abbreviations, degrees
    title_abbr_ender_degree: frozenset[str]  # all four


def _read_list(name: str, *, add_upper: bool) -> frozenset[str]:
    entries: set[str] = set()
    for raw in resource("segment", name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removesuffix(".")
        entries.add(line)
        if add_upper:
            entries.add(line.upper())
    return frozenset(entries)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    titles = _read_list("titles.txt", add_upper=True)
    abbreviations = _read_list("abbreviations.txt", add_upper=True)
    list_enders = _read_list("list_enders.txt", add_upper=True)
    degrees = _read_list("degrees.txt", add_upper=True)
    return _Lexicon(
        titles=titles,
        abbreviations=abbreviations,
        list_enders=list_enders,
        degrees=degrees,
        starters=_read_list("sentence_starters.txt", add_upper=False),
        speech_verbs=_read_list("speech_verbs.txt", add_upper=False),
        tlds=_read_list("tlds.txt", add_upper=False),
        title_abbr=titles | abbreviations,
        title_abbr_ender=titles | abbreviations | list_enders,
        title_abbr_degree=titles | abbreviations | degrees,
        title_abbr_ender_degree=titles | abbreviations | list_enders | degrees,
    )


class _Line:
    """One line of the text with lazily computed straight-quote positions."""

    __slots__ = ("text", "start", "end", "_quotes", "_curly", "_depth")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self._quotes: list[int] | None = None
        self._curly: list[int] = []
        self._depth: list[int] | None = None

    def curly_quote_open_before(self, pos: int) -> bool:
        """More “ than ” precede ``pos`` on this line (a ” there can close something)."""
        if self._depth is None:
            depth = [0]
            for m in _CURLY_DOUBLE.finditer(self.text, self.start, self.end):
                self._curly.append(m.start())
                depth.append(depth[-1] + (1 if m.group() == "\u201c" else -1))
            self._depth = depth
        return self._depth[bisect.bisect_left(self._curly, pos)] > 0

    def straight_quote_is_closing(self, pos: int) -> bool:
        """A ``"`` at ``pos`` closes a quotation when an odd number of ``"`` precede it."""
        if self._quotes is None:
            self._quotes = [m.start() for m in re.finditer('"', self.text[self.start : self.end])]
        return bisect.bisect_left(self._quotes, pos - self.start) % 2 == 1


def _closing_length(line: _Line, stop_end: int, closers: str) -> int:
    """How many of the characters after the stop close the sentence before it."""
    text = line.text
    taken = 0
    for offset, char in enumerate(closers):
        pos = stop_end + offset
        after = text[pos + 1] if pos + 1 < line.end else " "
        if char == '"':
            if not (line.straight_quote_is_closing(pos) or after.isspace() or after in closers):
                break
        elif char == "\u201d" and after.isalpha() and not line.curly_quote_open_before(pos):
            break  # a ” used as the opening mark of the next quotation: "2017.”Bentuk"
        elif char == "'":
            if not (after.isspace() or after in _NO_BREAK_BEFORE or after in "\"'"):
                break
        elif char not in _CLOSING_ALWAYS:
            break
        taken += 1
    return taken


def _previous_token(text: str, line_start: int, stop_start: int) -> str:
    """The non-space run before the stop, without leading opening quotes/brackets."""
    chunk = text[max(line_start, stop_start - _WINDOW) : stop_start]
    if not chunk or chunk[-1].isspace():
        return ""
    parts = chunk.rsplit(None, 1)
    return parts[-1].lstrip(_OPENERS)


def _inside_url(text: str, line_start: int, stop_start: int) -> bool:
    """The stop is inside a URL: its token (up to 300 characters back) has "://" or "www."."""
    chunk = text[max(line_start, stop_start - 300) : stop_start]
    if not chunk or chunk[-1].isspace():
        return False
    token = chunk.rsplit(None, 1)[-1]
    token = token.lower().lstrip(_OPENERS)
    return "://" in token or token.startswith("www.") or token == "www"


def _glued_tail(token: str) -> str:
    """The letters ending ``token`` when a stop, quote or bracket precedes them ("benar?Ms")."""
    if token.isalpha():
        return ""  # letters only: no stop inside (a quick exit for most tokens)
    tail = _LETTERS_END.search(token)
    if not tail or tail.start() == 0:
        return ""
    return tail.group() if token[tail.start() - 1] in ".!?\u2026\"'\u201d\u2019)]" else ""


def _is_chain(token: str) -> bool:
    """A dotted chain of 1-4 letter groups: "U.S", "M.Si", "S.Pd" (the final stop left off)."""
    return "." in token and _CHAIN.fullmatch(token) is not None


def _is_list_marker(text: str, line_start: int, stop_start: int, token: str) -> bool:
    """``1.`` / ``a.`` / ``iv.`` numbering a list item, not ending a sentence.

    At the start of a line always; inside a line right after a colon (``hal: 1. Pemilu``), or
    after a stop when the previous item's marker (``1.`` before ``2.``, ``a.`` before ``b.``)
    comes shortly before on the line ("... jujur. 2. Pemilu" but not "Sept. 30. Harga").
    """
    if len(token) > 4 or not _LIST_MARKER.fullmatch(token):  # longer never matches
        return False
    token_start = stop_start - len(token)
    before = text[max(line_start, token_start - _WINDOW) : token_start].rstrip()
    if not before:
        return _VISIBLE.search(text, line_start, token_start) is None
    if before[-1] == ":":
        return True
    if before[-1] not in ".!?\u2026":
        return False
    if token.isdigit():
        previous, following = str(int(token) - 1), str(int(token) + 1)
    elif len(token) == 1 and token.isalpha():
        previous, following = chr(ord(token) - 1), chr(ord(token) + 1)
    else:
        return False
    marker = r"(?:^|[\s:(])%s[.)]\s"
    window = text[max(line_start, token_start - 400) : token_start]
    if re.search(marker % re.escape(previous), window):
        return True
    ahead = text[stop_start : min(stop_start + 400, len(text))].split("\n", 1)[0]
    return re.search(marker % re.escape(following), ahead) is not None


def _speech_attribution_follows(text: str, pos: int, end: int, lex: _Lexicon) -> bool:
    """Capitalised words, a reporting verb and a short tail ending the sentence follow.

    '"Why?" Smith asked reporters.' is an attribution; '“Siap.” Budi mengatakan, pihaknya ...'
    (comma, or "bahwa"/"that" after the verb) starts a new sentence that reports more.
    """
    chunk = text[pos : min(end, pos + 160)]
    match = _CAPITALISED_THEN_WORD.match(chunk)
    if not match or match.group(1).lower() not in lex.speech_verbs:
        return False
    tail = _ATTRIBUTION_TAIL.match(chunk, match.end())
    return bool(tail) and not _REPORTED_CLAUSE.search(tail.group())


def _unit_after_number(text: str, line: _Line, stop_start: int) -> bool:
    """The one-letter token ending at ``stop_start`` is a unit after a number: "Rp 2,5 M."

    Compass letters stay initials there: "210 N. Main St."
    """
    if text[stop_start - 1] in "NSEW":
        return False
    before = text[max(line.start, stop_start - 1 - _WINDOW) : stop_start - 1].rstrip()
    return before[-1:].isdigit()


def _degree_or_chain_follows(text: str, pos: int, end: int, lex: _Lexicon) -> bool:
    """The token at ``pos`` is a degree or a dotted chain: "S.H. M.H.", "S.H.M.H."."""
    chunk = text[pos : min(end, pos + _WINDOW)]
    token = chunk.split(None, 1)[0] if chunk.strip() else ""
    token = token.rstrip(",;:").removesuffix(".")
    return bool(token) and (token in lex.degrees or _is_chain(token))


def _starter_follows(text: str, pos: int, lex: _Lexicon) -> bool:
    """The word at ``pos`` (after one opening mark) is a common sentence starter.

    A single letter followed by a full stop is an initial ("H. A. Rahman"), never a starter.
    """
    if text[pos] in _OPENERS:
        pos += 1
    word = _LETTERS.match(text, pos, min(len(text), pos + _WINDOW)).group()
    if len(word) == 1 and text[pos + 1 : pos + 2] == ".":
        return False
    return word.lower() in lex.starters  # "It's" counts as "it"


def _spaced_boundary(
    text: str, line: _Line, stop: str, stop_start: int, closed: bool, nxt_pos: int, lex: _Lexicon
) -> bool:
    """Decide a stop followed by whitespace and then ``text[nxt_pos]`` on the same line."""
    nxt = text[nxt_pos]
    if nxt in _NO_BREAK_BEFORE:
        return False
    token = _previous_token(text, line.start, stop_start)
    if "-" in token:
        # A hyphenated prefix before an abbreviation: "se-Kab. Bondowoso", "eks-Gub. Jatim".
        tail = token.rsplit("-", 1)[1]
        if tail in lex.title_abbr:
            token = tail
    is_period = stop == "."
    if is_period and not closed:
        if token in lex.titles or _glued_tail(token) in lex.titles:
            return False  # "Moh. Iskak"; also glued after a stop: "habits.Mrs. Ann"
        if len(token) == 1 and token.isupper() and not _unit_after_number(text, line, stop_start):
            # An initial ("J. K. Rowling"), unless a common sentence starter follows.
            return _starter_follows(text, nxt_pos, lex)
        if _is_list_marker(text, line.start, stop_start, token):
            return False
    if nxt.islower():
        if not is_period or closed:
            return False
        if token in lex.title_abbr_ender_degree:
            return False
        if _is_chain(token):
            return False
        word = _LETTERS_END.search(token)
        return bool(word) and len(word.group()) > 3 and word.group() == token
    if nxt.isdigit():
        if not is_period or closed:
            return True
        if token in lex.title_abbr or _is_chain(token):
            return False
        return not (token.isalpha() and len(token) <= 2)
    if closed and _speech_attribution_follows(text, nxt_pos, line.end, lex):
        return False
    if is_period and not closed:
        if token in lex.list_enders:
            return nxt.isupper() or nxt in '\u201c"\u00ab'
        if token in lex.degrees:
            return not _degree_or_chain_follows(text, nxt_pos, line.end, lex)
        if token in lex.abbreviations or _is_chain(token):
            return _starter_follows(text, nxt_pos, lex)
    return True


def _glued_boundary(
    text: str, line: _Line, stop: str, stop_start: int, closed: bool, nxt_pos: int, lex: _Lexicon
) -> bool:
    """Decide a stop followed directly (no whitespace) by ``text[nxt_pos]``."""
    nxt = text[nxt_pos]
    opening_quote = (
        nxt in "\u201c\u2018\u00ab"
        or (nxt == '"' and not line.straight_quote_is_closing(nxt_pos))
        or (nxt == "\u201d" and not line.curly_quote_open_before(nxt_pos))
    )
    if opening_quote:
        after = text[nxt_pos + 1] if nxt_pos + 1 < line.end else " "
        if not after.isalpha():
            return False
    elif nxt == "(":
        # A credit glued after the stop: "meriah.(ant)"; not "Rp.(" or "(Purn.)(".
        if stop != "." or closed:
            return True
        token = _previous_token(text, line.start, stop_start)
        word = _LETTERS_END.search(token)
        return (
            bool(token)
            and not (word and len(word.group()) <= 2)
            and token not in lex.title_abbr_ender
            and not _is_chain(token)
        )
    elif not nxt.isupper():
        return False
    if stop != "." or closed:
        return True
    token = _previous_token(text, line.start, stop_start)
    if token in lex.titles:
        return False
    left = _LETTERS_END.search(token)
    left_word = left.group() if left else ""
    if left_word in lex.titles:
        return False
    if token in lex.degrees and not opening_quote:
        # "M.Si.Dalam" splits; "S.H.M.H." is a chain of degrees.
        return not _degree_or_chain_follows(text, nxt_pos, line.end, lex)
    if len(left_word) == 1:
        # Initials, degree chains ("J.K.Rowling", "S.Pd") unless a starter follows: "M.T.Menurut".
        return _starter_follows(text, nxt_pos, lex)
    if opening_quote:
        return True
    if _inside_url(text, line.start, stop_start):
        return False
    right = _LETTERS.match(text, nxt_pos, min(line.end, nxt_pos + _WINDOW)).group()
    right_end = nxt_pos + len(right)
    if f"{left_word}.{right}" in lex.degrees and (
        right_end >= line.end or not text[right_end].isalpha()
    ):
        return False  # a degree split by its inner dot: "Sp.A(K)", "Ph.D", "Ed.D"
    if _looks_like_domain(text, line, left_word, right, right_end, lex):
        return False
    if right in lex.titles:
        return True  # a title starts the next sentence: "deal.Ms. Jones", "aman.Sen. Warren"
    if len(left_word) <= 4 and len(right) <= 3 and right_end < line.end and text[right_end] == ".":
        return False  # a dotted chain: "M.Si.", "S.Pd.", "A.Md."
    return not _is_list_marker(text, line.start, stop_start, token)


_COMMON_TLDS = frozenset({"com", "id", "net", "org"})


def _looks_like_domain(
    text: str, line: _Line, left: str, right: str, right_end: int, lex: _Lexicon
) -> bool:
    """``left.RIGHT`` is a domain: ``KOMPAS.COM``, ``SORANA.CO.ID-``, ``Detik.Com``.

    Some endings are also words ("Info", "News", "Go"), so a title-case ending followed by a
    space counts only for the most common ones: "Jakarta.Info lebih lanjut" is a boundary.
    """
    lowered = right.lower()
    if lowered not in lex.tlds:
        return False
    if right.isupper() and (not left or left.isupper()):
        return True
    if right_end >= line.end or not text[right_end].isspace():
        return True
    return lowered in _COMMON_TLDS


def _line_cuts(
    text: str, line: _Line, lex: _Lexicon, cuts: list[int], stops: list[int], quotes: list[int]
) -> None:
    """Append the sentence-boundary offsets inside one line to ``cuts`` (ascending).

    ``stops`` are where the line's runs of stop characters start, ``quotes`` where its double
    quotation marks are (what ``_STOP`` and ``_GLUED_OPEN`` can match at)."""
    found: list[int] = []
    for stop_start in stops:
        match = _STOP.match(text, stop_start, line.end)
        assert match is not None  # a run of stop characters starts here
        closers_start = match.start(1)
        stop = text[stop_start:closers_start]
        if "\u2026" in stop or ".." in stop:
            stop = "\u2026"
        elif "!" in stop or "?" in stop:
            stop = "!"
        taken = _closing_length(line, closers_start, match.group(1)) if match.group(1) else 0
        cut = closers_start + taken
        if cut >= line.end:
            continue
        following = _VISIBLE.search(text, cut, line.end)
        if following is None:
            continue
        nxt_pos = following.start()
        # Only whitespace and zero-width characters lie between; any whitespace means "spaced".
        spaced = bool(text[cut:nxt_pos].strip(_INVISIBLE))
        decide = _spaced_boundary if spaced else _glued_boundary
        if stop_start == line.start:
            continue
        if taken and stop == "." and not match.group(1)[:taken].strip(")]}"):
            # An abbreviation closing a bracket: "Jenderal TNI (Purn.) Moeldoko".
            token = _previous_token(text, line.start, stop_start)
            if token in lex.title_abbr_degree or _is_chain(token):
                continue
        if decide(text, line, stop, stop_start, taken > 0, nxt_pos, lex):
            found.append(cut)
    for pos in quotes:
        if _GLUED_OPEN.match(text, pos, line.end) is None:
            continue
        if text[pos] == '"' and line.straight_quote_is_closing(pos):
            continue
        if text[pos] == "\u201d" and line.curly_quote_open_before(pos):
            continue
        if text[pos - 1] in _STOP_CHARS:
            continue
        if _opens_real_quotation(text, pos, line.end):
            found.append(pos)
    if found:
        cuts.extend(sorted(set(found)))


_QUOTATION_BODY = {
    "\u201c": re.compile(r"\u201c([^\u201c\u201d\"]{0,2000}?)[\u201d\"]"),
    "\u201d": re.compile(r"\u201d([^\u201c\u201d\"]{0,2000}?)[\u201d\"]"),
    '"': re.compile(r'"([^"\u201c\u201d]{0,2000}?)"'),
}


def _opens_real_quotation(text: str, pos: int, line_end: int) -> bool:
    """The quotation starting at ``pos`` has a capital letter, a space, and ends in punctuation."""
    match = _QUOTATION_BODY[text[pos]].match(text, pos, line_end)
    if not match:
        # Unclosed on this line: a lost full stop before a quotation running to the line's end.
        rest = text[pos + 1 : min(line_end, pos + 200)]
        return rest[:1].isupper() and " " in rest
    body = match.group(1)
    return body[:1].isupper() and " " in body and body.rstrip()[-1:] in ",.!?\u2026"


def _strip(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    first = _NON_SPACE.search(text, start, end)
    if first is None:
        return
    start = first.start()
    while text[end - 1].isspace():
        end -= 1
    spans.append((start, end))


def _add_related_cuts(related: list[int], line: _Line, cuts: list[int]) -> None:
    """Add the ends of a related-article link glued inside this line (``... kata dia. Baca
    juga: Harga Beras Naik Sementara itu, ...``) so that the excluded link is a sentence."""
    low = bisect.bisect_right(related, line.start)
    high = bisect.bisect_left(related, line.end)
    if low < high:
        cuts[:] = sorted({*cuts, *related[low:high]})


def _positions(text: str, chars: str) -> list[int]:
    """Where ``chars`` occur in ``text``, ascending (str.find runs far faster than a regular
    expression scanning for a character class)."""
    found: list[int] = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, line breaks as str.splitlines() sees them."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.splitlines():
        end = start + len(line)
        if line:
            spans.append((start, end))
        start = end + (2 if text.startswith("\r\n", end) else 1)
    return spans


def segment(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: sorted, non-overlapping, stripped, covering all non-space.

    Offsets are code points, end exclusive.  See the module docstring for the rules.
    """
    from annotator.core.metadata import related_boundaries  # metadata never imports segment

    lex = _lexicon()
    spans: list[tuple[int, int]] = []
    cuts: list[int] = []
    related = related_boundaries(text)
    stops = [p for p in _positions(text, _STOP_CHARS) if p == 0 or text[p - 1] not in _STOP_CHARS]
    quotes = _positions(text, '"\u201c\u201d')
    for line_start, line_end in _line_spans(text):
        line = _Line(text, line_start, line_end)
        cuts.clear()
        _line_cuts(
            text,
            line,
            lex,
            cuts,
            stops[bisect.bisect_left(stops, line_start) : bisect.bisect_left(stops, line_end)],
            quotes[bisect.bisect_left(quotes, line_start) : bisect.bisect_left(quotes, line_end)],
        )
        if related:
            _add_related_cuts(related, line, cuts)
        start = line.start
        for cut in cuts:
            _strip(text, start, cut, spans)
            start = cut
        _strip(text, start, line.end, spans)
    return spans


def sentence_boundaries(spans: Iterable[tuple[int, int]]) -> set[int]:
    """End offsets of all spans but the last one: the positions where one sentence stops."""
    ends = sorted(end for _, end in spans)
    return set(ends[:-1])


def sentences(text: str) -> list[str]:
    """The sentence strings of ``text`` (convenience wrapper over :func:`segment`)."""
    return [text[start:end] for start, end in segment(text)]
