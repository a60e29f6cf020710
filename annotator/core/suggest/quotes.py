"""Direct quotes between quotation marks and indirect quotes around reporting verbs.

Both finders return :class:`RawQuote` objects whose speaker is still a raw :class:`Mention`
(a name as written, a description or a pronoun); :mod:`annotator.core.suggest` resolves them.
Invariants: ``text[start:end]`` is the quote's content, stripped of surrounding whitespace,
without the quotation marks (direct) or without speaker, verb, a leading "bahwa"/"that" and
the final full stop (indirect); ``block`` covers the marks and the attached cue clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.suggest.cues import Cue, Lexicon
from annotator.core.suggest.speakers import (
    ADVERBIAL_STARTS,
    LEADING_CONNECTIVES,
    ArticleWords,
    Mention,
    clause_subject,
    mention_after,
    mention_before,
)
from annotator.core.suggest.text import (
    TIME_WORDS,
    Word,
    clause_end,
    sentence_end_at,
    skip_dateline,
    split_glued,
    strip_span,
    words,
)

# Opening mark -> the marks that may close it.
PAIRS = {
    "“": "”",
    "„": "“”",
    "«": "»",
    "»": "«",
    "‹": "›",
    "‘": "’",
    "‚": "‘’",
    '"': '"',
    "'": "'",
    "”": "”",
    "「": "」",
}
OPENERS = "".join(PAIRS)
CLOSERS = "”»«›’\"'“」"
_REGION_STOPS = '“„«‹「";'  # opening marks that end a cue clause (not apostrophes)
_AMBIGUOUS = "'‘\"”"  # marks that also serve as apostrophes or closers: open only at a word start
_PREP_INTRO = re.compile(r"[^,.]{0,80}?,\s*")
_CONTENT_INTRO = re.compile(
    r"\s*(?:[,:]\s*(?:bahwa|that|agar|supaya)?|\b(?:bahwa|that|agar|supaya)\b)\s*", re.IGNORECASE
)
_PARTICIPLE_END = "ing"


SALIENCE = "salience"  # quote_type of the internal "who the passage is about" markers


@dataclass(frozen=True)
class RawQuote:
    """A quote before speaker resolution (see the module docstring for the invariants)."""

    start: int
    end: int
    quote_type: str
    cue: tuple[int, int] | None
    mention: Mention | None
    confidence: float
    block: tuple[int, int]


@dataclass(frozen=True)
class _Marks:
    open_pos: int
    content_start: int
    content_end: int
    close_end: int
    orphan: bool = False


# ---------------------------------------------------------------- quotation marks


def _can_open(text: str, pos: int, para_start: int) -> bool:
    char = text[pos]
    nxt = text[pos + 1] if pos + 1 < len(text) else " "
    if nxt.isspace():
        return False
    if char not in _AMBIGUOUS:
        return True
    prev = text[pos - 1] if pos > para_start else " "
    if char in "'‘" and not (nxt.isalpha() or nxt.isdigit()):
        return False
    if char == "”" and not nxt.isalpha():
        return False
    return not prev.isalnum()


def _find_close(text: str, pos: int, end: int, opener: str) -> int | None:
    closers = PAIRS[opener]
    if opener not in "‘'\"":
        found = [i for i in (text.find(c, pos, end) for c in closers) if i >= 0]
        return min(found) if found else None
    index = pos
    while index < end:
        char = text[index]
        if char in closers:
            nxt = text[index + 1] if index + 1 < len(text) else " "
            prev = text[index - 1]
            if opener in "‘'" and (nxt.isalpha() or prev.isspace()):
                index += 1  # an apostrophe ("Jum’at"), not a closing mark
                continue
            if opener == '"' and prev.isspace() and index + 1 < end and nxt.isalnum():
                return None  # looks like the next opening mark: this one never closes
            return index
        index += 1
    return None


MAX_UNCLOSED = 800


def _unclosed_end(text: str, open_pos: int, para_end: int) -> int:
    """Where a quote that never closes ends: its paragraph's end, or in a paragraph longer
    than ``MAX_UNCLOSED`` characters (text that lost its line breaks) its last sentence end
    within that many characters."""
    if para_end - open_pos <= MAX_UNCLOSED:
        return para_end
    limit = open_pos + MAX_UNCLOSED
    for index in range(limit, open_pos + 1, -1):
        if sentence_end_at(text, index - 1):
            return index
    return limit


def find_marks(text: str, start: int, end: int) -> list[_Marks]:
    """Top-level quotations in one paragraph; nested marks stay inside their quote."""
    marks: list[_Marks] = []
    index = start
    last_end = start
    while index < end:
        char = text[index]
        if char in PAIRS and _can_open(text, index, start):
            close = _find_close(text, index + 1, end, char)
            if close is None:
                stop = _unclosed_end(text, index, end)
                marks.append(_Marks(index, index + 1, stop, stop))
                if stop >= end:
                    break
                index = last_end = stop
                continue
            marks.append(_Marks(index, index + 1, close, close + 1))
            index = last_end = close + 1
            continue
        if char in "”»" and index > last_end:
            marks.append(_Marks(last_end, last_end, index, index + 1, orphan=True))
            last_end = index + 1
        index += 1
    return marks


# ---------------------------------------------------------------- cues beside a direct quote


@dataclass(frozen=True)
class _CueHit:
    cue: tuple[int, int]
    mention: Mention | None
    block_end: int


def _cue_after(
    text: str, pos: int, para_end: int, lex: Lexicon, vocab: ArticleWords, terminal: bool
) -> _CueHit | None:
    skip = re.match(r"[\s,\u2013\u2014-]*", text[pos : pos + 10])
    start = pos + (skip.end() if skip else 0)
    region_end = clause_end(text, start, min(para_end, start + 300), _REGION_STOPS)
    ws = words(text, start, region_end)
    if not ws or ws[0].start != start:
        return None
    for index, word in enumerate(ws[:10]):
        hit = lex.cue_at(text, word.start)
        if hit is None:
            continue
        cue, cue_end = hit
        if index == 0:
            if cue.is_nya:
                mention: Mention | None = Mention(word.start, cue_end, pronoun=True)
            else:
                mention = mention_after(text, cue_end, region_end, lex, vocab)
            tail_from = mention.end if mention else cue_end
        else:
            if cue.is_post or cue.is_nya or cue.is_prep:
                return None
            mention = mention_before(text, start, word.start, lex, vocab)
            if mention is None:
                mention = _bare_subject(
                    text, start, word.start, cue_end, region_end, after_quote=True
                )
            if mention is None:
                return None
            tail_from = cue_end
        if terminal and len(words(text, tail_from, region_end)) > 6:
            return None
        if not terminal and index == 0 and not cue.is_nya and mention is None:
            return _CueHit((word.start, cue_end), None, region_end)
        return _CueHit((word.start, cue_end), mention, region_end)
    return None


def _cue_before(
    text: str, open_pos: int, lo: int, lex: Lexicon, vocab: ArticleWords
) -> _CueHit | None:
    start = open_pos - 1
    lo = max(lo, open_pos - 400)
    while start > lo and not sentence_end_at(text, start - 1):
        start -= 1
    start, end = strip_span(text, max(start, lo), open_pos)
    if end <= start or text[end - 1] not in ",:":
        return None
    ws = words(text, start, end)
    for index in range(len(ws) - 1, -1, -1):
        hit = lex.cue_at(text, ws[index].start)
        if hit is None:
            continue
        cue, cue_end = hit
        if cue.is_nya:
            return _CueHit(
                (ws[index].start, cue_end), Mention(ws[index].start, cue_end, pronoun=True), start
            )
        if cue.is_prep or (cue.is_post and index == 0):
            mention = mention_after(text, cue_end, end - 1, lex, vocab)
            if mention is None:
                return None
            return _CueHit((ws[index].start, cue_end), mention, start)
        if cue.is_post:
            return None
        if len(ws) - index > 6:
            return None
        mention = mention_before(text, start, ws[index].start, lex, vocab)
        if mention is None:
            return None
        return _CueHit((ws[index].start, cue_end), mention, start)
    return None


def _opens_sentence(text: str, open_pos: int, para_start: int) -> bool:
    """True when nothing but a sentence end, colon or dash stands before the opening mark."""
    index = open_pos
    while index > para_start and text[index - 1] in " \t\u00a0":
        index -= 1
    if index <= para_start:
        return True
    return text[index - 1] in '.!?…:—–-”"»)' or sentence_end_at(text, index - 1)


def _in_reported_sentence(
    text: str, marks: _Marks, para_start: int, para_end: int, lex: Lexicon
) -> bool:
    """True when the sentence around a quotation has a reporting verb (not a post cue)."""
    start = marks.open_pos
    floor = max(para_start, marks.open_pos - 600)
    while start > floor and not sentence_end_at(text, start - 1):
        start -= 1
    end = clause_end(text, marks.close_end, min(para_end, marks.close_end + 600))
    for word in words(text, start, end):
        if marks.open_pos <= word.start < marks.close_end:
            continue
        hit = lex.cue_at(text, word.start)
        if hit is not None and not hit[0].is_post and not hit[0].is_nya:
            return True
    return False


def _title_like(text: str, start: int, end: int) -> bool:
    ws = [w for w in words(text, start, end) if len(w.value) > 3]
    return bool(ws) and sum(w.is_capitalized for w in ws) >= 0.7 * len(ws)


def find_direct(
    text: str, paragraphs: list[tuple[int, int]], lex: Lexicon, vocab: ArticleWords
) -> list[RawQuote]:
    """Direct quotes of every paragraph, with their cue and raw speaker when one is attached."""
    found: list[RawQuote] = []
    for para_start, para_end in paragraphs:
        previous_end = para_start
        for marks in find_marks(text, para_start, para_end):
            start, end = strip_span(text, marks.content_start, marks.content_end)
            if end <= start:
                continue
            content = text[start:end]
            terminal = content[-1] in ".!?…" and not content.endswith("..")
            hit = _cue_after(text, marks.close_end, para_end, lex, vocab, terminal)
            if hit is not None and marks.orphan and hit.mention is None:
                hit = None
            block = (marks.open_pos, hit.block_end if hit else marks.close_end)
            if hit is None and not marks.orphan:
                hit = _cue_before(text, marks.open_pos, previous_end, lex, vocab)
                if hit is not None:
                    block = (hit.block_end, marks.close_end)
            n_words = len(words(text, start, end))
            if hit is not None:
                confidence = 0.95 if hit.mention and not hit.mention.pronoun else 0.9
            elif marks.orphan or _title_like(text, start, end):
                continue
            elif (
                n_words >= 3
                and (terminal or content[-1] == ",")
                and _opens_sentence(text, marks.open_pos, para_start)
            ):
                confidence = 0.7
                previous = found[-1] if found and found[-1].start >= para_start else None
                if previous is not None and previous.cue is not None:
                    # '“A,” kata X. “B.”': the second half shares the first half's cue.
                    hit = _CueHit(previous.cue, previous.mention, marks.close_end)
                    confidence = 0.85
            elif n_words >= (3 if terminal else 4) and _in_reported_sentence(
                text, marks, para_start, para_end, lex
            ):
                # A partial quote inside reported speech: it does not block indirect quotes.
                found.append(RawQuote(start, end, "direct", None, None, 0.6, (start, start)))
                continue
            elif n_words >= 8:
                confidence = 0.5
            else:
                continue
            found.append(
                RawQuote(
                    start,
                    end,
                    "direct",
                    hit.cue if hit else None,
                    hit.mention if hit else None,
                    confidence,
                    block,
                )
            )
            previous_end = block[1]
    return found


# ---------------------------------------------------------------- indirect quotes


def _content_start(text: str, cue: Cue, cue_end: int, end: int, lex: Lexicon) -> int | None:
    intro = _CONTENT_INTRO.match(text, cue_end, end)
    if intro and intro.end() > cue_end:
        return intro.end()
    after = words(text, cue_end, end)
    if not after:
        return None
    first = 0
    if cue.has_addressee:
        first = 1
        if after[0].lower in ("the", "a", "an") and len(after) > 1:
            first = 2
        while first < len(after) and after[first].is_capitalized and after[0].is_capitalized:
            first += 1
        if first < len(after):
            intro = _CONTENT_INTRO.match(text, after[first - 1].end, end)
            if intro and intro.end() > after[first - 1].end:
                return intro.end()
    if first < len(after) and (
        after[first].lower in ADVERBIAL_STARTS or after[first].lower in TIME_WORDS
    ):
        for index in range(first + 1, min(first + 9, len(after))):
            gap = text[after[index - 1].end : after[index].start]
            if ("," in gap or ":" in gap) and gap[-1:].isspace():
                return after[index].start
            if after[index].lower in ("bahwa", "that"):
                return after[index + 1].start if index + 1 < len(after) else None
        if (
            lex.language == "en"
            and after[first].lower == "on"
            and first + 2 < len(after)
            and after[first + 1].lower in TIME_WORDS
        ):
            return after[first + 2].start
        return None
    if cue.is_weak:
        return None
    return after[first].start if first < len(after) else None


def _content_end(text: str, start: int, end: int) -> int:
    start, end = strip_span(text, start, end)
    while end > start and text[end - 1] in " .;:,":
        end -= 1
    return end


def _comma_before(text: str, fragment_start: int, pos: int) -> int | None:
    gap_start = pos
    while gap_start > fragment_start and not text[gap_start - 1].isalnum():
        gap_start -= 1
    comma = text.rfind(",", gap_start, pos)
    return comma if comma >= 0 else None


def _indirect(text: str, start: int, end: int, lex: Lexicon, vocab: ArticleWords) -> list[RawQuote]:
    ws = words(text, start, end)
    if len(ws) < 4:
        return []
    salient: Mention | None = None
    examined = 0
    leading_upto = 0  # ws[:leading_upto] are all connectives
    while leading_upto < len(ws) and ws[leading_upto].lower in LEADING_CONNECTIVES:
        leading_upto += 1
    for index, word in enumerate(ws):
        hit = lex.cue_at(text, word.start)
        if hit is None:
            continue
        examined += 1
        if examined > MAX_CUES_PER_FRAGMENT:
            break
        cue, cue_end = hit
        leading = index <= leading_upto
        comma = _comma_before(text, start, word.start) if index >= 1 else None
        if cue.is_prep and leading:
            mention = (
                Mention(word.start, cue_end, pronoun=True)
                if cue.is_nya
                else mention_after(text, cue_end, end, lex, vocab)
            )
            after = mention.end if mention else cue_end
            intro = _PREP_INTRO.match(text, after, end)
            if mention is None or intro is None:
                continue
            content = (intro.end(), _content_end(text, intro.end(), end))
            return _listed(_make_indirect(text, content, word, cue_end, mention, 0.75))
        if cue.is_post or cue.is_nya or cue.is_prep:
            if comma is None:
                continue
            aside = _parenthetical(text, cue, word.start, cue_end, end, lex, vocab)
            if aside is not None and index <= 4:
                # "Kominfo, lanjutnya, akan menambah ...": the cue sits inside the content.
                content = (start, _content_end(text, start, end))
                return _listed(_make_indirect(text, content, word, cue_end, aside, 0.7))
            if index < 3:
                continue
            if cue.is_nya:
                mention = Mention(word.start, cue_end, pronoun=True)
                tail = cue_end
            else:
                mention = mention_after(text, cue_end, end, lex, vocab)
                if mention is None:
                    continue
                tail = mention.end
            if len(words(text, tail, end)) > 8:
                continue
            content = (start, _content_end(text, start, comma))
            return _listed(_make_indirect(text, content, word, cue_end, mention, 0.75))
        if lex.language == "en" and cue.form.endswith(_PARTICIPLE_END) and comma is not None:
            # "X dismissed the criticism, saying ...": the speaker is the sentence's subject.
            mention = clause_subject(text, start, _first_comma(text, start, word.start), lex, vocab)
        else:
            mention = mention_before(text, start, word.start, lex, vocab)
        if mention is None:
            mention = _bare_subject(text, start, word.start, cue_end, end)
        if mention is None:
            continue
        if salient is None and mention.name and len(words(text, start, mention.start)) <= 12:
            salient = mention
        content_from = _content_start(text, cue, cue_end, end, lex)
        before_subject = _comma_before(text, start, mention.start)
        if (
            content_from is not None
            and before_subject is not None
            and _content_before(text, start, before_subject)
            and text[cue_end:content_from].strip() == ","
            and _participle_at(text, content_from, end)
        ):
            content_from = None  # "GDP rose 0.3%, the ONS said, beating forecasts": post cue
        if content_from is not None and len(words(text, start, mention.start)) <= 12:
            confidence = 0.8 if content_from > cue_end + 1 else 0.65
            second = _coordinated(text, content_from, end, lex)
            content_end = second[0] if second else end
            content = (content_from, _content_end(text, content_from, content_end))
            first_quote = _make_indirect(text, content, word, cue_end, mention, confidence)
            if second is None:
                return [first_quote] if first_quote else []
            _, verb, verb_cue, verb_end = second
            rest_from = _content_start(text, verb_cue, verb_end, end, lex)
            if rest_from is None:
                return [first_quote] if first_quote else []
            rest = (rest_from, _content_end(text, rest_from, end))
            second_quote = _make_indirect(text, rest, verb, verb_end, mention, confidence)
            return [q for q in (first_quote, second_quote) if q is not None]
        remainder = words(text, cue_end, end)
        if before_subject is not None and (
            not remainder
            or len(remainder) <= 6
            and (remainder[0].lower in ADVERBIAL_STARTS or remainder[0].lower in TIME_WORDS)
            or (
                text[cue_end : remainder[0].start].strip() == ","
                and _participle_at(text, remainder[0].start, end)
                and _content_before(text, start, before_subject)
            )
        ):
            begin = skip_dateline(text, start, before_subject)
            content = (begin, _content_end(text, begin, before_subject))
            return _listed(_make_indirect(text, content, word, cue_end, mention, 0.75))
    if salient is not None:
        # A named subject of a cue without content ("X membenarkan adanya ..."): not a
        # quote, but it makes X the person the following pronouns and -nya cues point at.
        return [RawQuote(salient.start, salient.end, SALIENCE, None, salient, 0.0, (0, 0))]
    return []


def _listed(quote: RawQuote | None) -> list[RawQuote]:
    return [quote] if quote is not None else []


def _coordinated(
    text: str, start: int, end: int, lex: Lexicon
) -> tuple[int, Word, Cue, int] | None:
    """A second reporting verb joined by "and"/"dan" ("warned that A and urged B")."""
    ws = words(text, start, end)
    for index in range(1, len(ws)):
        if ws[index - 1].lower not in ("and", "dan"):
            continue
        hit = lex.cue_at(text, ws[index].start)
        if hit is None or hit[0].is_post or hit[0].is_nya or hit[0].is_prep:
            continue
        cut = ws[index - 1].start
        while cut > start and text[cut - 1] in " ,":
            cut -= 1
        return cut, ws[index], hit[0], hit[1]
    return None


def _bare_subject(
    text: str, start: int, verb_start: int, verb_end: int, end: int, *, after_quote: bool = False
) -> Mention | None:
    """ ", officials said." / '," officials said.': a short lower-case closing subject."""
    comma = text.rfind(",", start, verb_start)
    if comma < 0 and not after_quote:
        return None
    subject = words(text, max(comma + 1, start), verb_start)
    remainder = words(text, verb_end, end)
    if not 1 <= len(subject) <= 4 or len(remainder) > 6:
        return None
    if remainder and remainder[0].lower not in ADVERBIAL_STARTS | TIME_WORDS:
        return None
    if any(w.is_capitalized or w.lower in LEADING_CONNECTIVES for w in subject):
        return None
    value = " ".join(w.value for w in subject)
    return Mention(subject[0].start, subject[-1].end, description=value)


def _participle_at(text: str, start: int, end: int) -> bool:
    """True when the words at ``start`` open a participle clause ("beating forecasts")."""
    ws = words(text, start, end)
    return (
        bool(ws) and ws[0].lower.endswith("ing") and ws[0].value.islower() and len(ws[0].value) > 4
    )


def _content_before(text: str, start: int, comma: int) -> bool:
    """True when the words before ``comma`` read as reported content, not as an adverbial
    opener ("Saat ditemui di kantornya,") or connectives ("Sementara itu,")."""
    ws = words(text, start, comma)
    if len(ws) < 4:
        return False
    first = ws[0].lower
    return first not in ADVERBIAL_STARTS and first not in LEADING_CONNECTIVES


def _first_comma(text: str, start: int, end: int) -> int:
    comma = text.find(",", start, end)
    return comma if comma >= 0 else end


def _parenthetical(
    text: str, cue: Cue, cue_start: int, cue_end: int, end: int, lex: Lexicon, vocab: ArticleWords
) -> Mention | None:
    """The speaker of a cue set off by commas inside the content, else None."""
    if cue.is_nya:
        mention: Mention | None = Mention(cue_start, cue_end, pronoun=True)
        after = cue_end
    else:
        mention = mention_after(text, cue_end, end, lex, vocab)
        after = mention.end if mention else cue_end
    tail = re.compile(r"\s*,\s*").match(text, after, end)
    if mention is None or tail is None or len(words(text, tail.end(), end)) < 3:
        return None
    return mention


def _make_indirect(
    text: str,
    content: tuple[int, int],
    word: Word,
    cue_end: int,
    mention: Mention,
    confidence: float,
) -> RawQuote | None:
    start, end = content
    if len(words(text, start, end)) < 3:
        return None
    cue_start = word.start
    block = (min(start, cue_start, mention.start), max(end, cue_end, mention.end))
    return RawQuote(start, end, "indirect", (cue_start, cue_end), mention, confidence, block)


def find_indirect(
    text: str,
    sentences: list[tuple[int, int]],
    blocked: list[tuple[int, int]],
    lex: Lexicon,
    vocab: ArticleWords,
) -> list[RawQuote]:
    """Indirect quotes in the parts of sentences outside ``blocked`` (sorted, disjoint)."""
    found: list[RawQuote] = []
    for fragment in _fragments(text, sentences, blocked):
        for window in _windows(text, *fragment):
            found.extend(_indirect(text, *window, lex, vocab))
    return found


MAX_FRAGMENT = 1500
MAX_CUES_PER_FRAGMENT = 12


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A fragment cut at whitespace into pieces of at most ``MAX_FRAGMENT`` characters (text
    without sentence ends would otherwise make the cue search quadratic)."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_FRAGMENT:
        cut = text.rfind(" ", start + MAX_FRAGMENT // 2, start + MAX_FRAGMENT)
        cut = cut if cut > start else start + MAX_FRAGMENT
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return [strip_span(text, a, b) for a, b in pieces if strip_span(text, a, b)[0] < b]


def _fragments(
    text: str, sentences: list[tuple[int, int]], blocked: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for s_start, s_end in sorted(sentences):
        pos = s_start
        while cursor < len(blocked) and blocked[cursor][1] <= s_start:
            cursor += 1
        index = cursor
        while index < len(blocked) and blocked[index][0] < s_end:
            b_start, b_end = blocked[index]
            if b_start > pos:
                pieces.extend(split_glued(text, pos, b_start))
            pos = max(pos, b_end)
            index += 1
        if pos < s_end:
            pieces.extend(split_glued(text, pos, s_end))
    return pieces
