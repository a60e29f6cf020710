"""Direct quotes between quotation marks, with the cue and speaker attached to them.

Quote finders (this module and :mod:`annotator.core.suggest.indirect`) return
:class:`RawQuote` objects whose speaker is still a raw :class:`Mention` (a name as written, a
description or a pronoun); :mod:`annotator.core.suggest` resolves them.  Invariants:
``text[start:end]`` is the quote's content, stripped, without the quotation marks; ``block``
covers the marks and the attached cue clause (empty for a partial quote inside reported
speech, which must not hide the indirect quote around it).  Marks: “…”, "…", ‘…’, '…', «…»,
»…«, „…“, ‚…‘ and ”…”; an apostrophe ("Jum'at", "workers'") neither opens nor closes; a quote
that never closes ends with its paragraph; short title-case or cue-less terms are not quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.suggest.cues import Lexicon
from annotator.core.suggest.speakers import (
    ArticleWords,
    Mention,
    bare_subject,
    mention_after,
    mention_before,
)
from annotator.core.suggest.text import (
    clause_end,
    sentence_end_at,
    sentence_start,
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
_OPENERS = re.compile("[" + re.escape("".join(PAIRS)) + "]")  # every mark find_marks acts on
_REGION_STOPS = '“„«‹「";'  # opening marks that end a cue clause (not apostrophes)
_AMBIGUOUS = "'‘\"”"  # marks that also serve as apostrophes or closers: open only at a word start


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
        mark = _OPENERS.search(text, index, end)
        if mark is None:
            break
        index = mark.start()
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
    if ws[0].lower in ("but", "tetapi", "namun", "yet") and pos < len(text) and text[pos] != ",":
        return None  # '... called it "a cash grab," but Kim said ...': a new clause
    if ws[0].lower in ("demikian", "begitu") and len(ws) > 1:
        ws = ws[1:]  # '“...” Demikian kata Bupati X.'
        start = ws[0].start
    for index, word in enumerate(ws[:10]):
        hit = lex.cue_at_word(text, word, start, region_end)
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
                mention = bare_subject(
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
    start = sentence_start(text, lo, start)
    start, end = strip_span(text, max(start, lo), open_pos)
    if end <= start or text[end - 1] not in ",:":
        return None
    ws = words(text, start, end)
    for index in range(len(ws) - 1, -1, -1):
        hit = lex.cue_at_word(text, ws[index], start, end)
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
    start = sentence_start(text, floor, start)
    end = clause_end(text, marks.close_end, min(para_end, marks.close_end + 600))
    for word in words(text, start, end):
        if marks.open_pos <= word.start < marks.close_end:
            continue
        hit = lex.cue_at_word(text, word, start, end)
        if hit is not None and not hit[0].is_post and not hit[0].is_nya:
            return True
    return False


_DESCRIBING = frozenset(
    "described describes describe describing called calls call labelled labeled branded dubbed "
    "termed menyebut menyebutnya menilai menilainya menggambarkan menyebutkan".split()
)
# English verbs of judging something in one's own words (not naming it: "dubbed", "termed").
_JUDGING = frozenset(
    "described describes describe describing called calls call labelled labeled branded".split()
)
_AS = frozenset(("as", "sebagai", "it", "them", "him", "her"))
_COPULAS = frozenset("was is were are been seemed looked felt".split())
_VERBAL = frozenset(
    "not never no will would could can cannot won't don't be been being is are was were".split()
)


def _short_partial(
    text: str,
    marks: _Marks,
    start: int,
    end: int,
    para_start: int,
    para_end: int,
    lex: Lexicon,
) -> bool:
    """A short quoted phrase that repeats someone's words inside a sentence: after a verb of
    describing ("described it as", "menyebutnya sebagai"), or an English verb phrase
    ("not hesitate", "working closely") in a sentence with a reporting verb.  Quoted nouns
    ("gudang transit", "panic buying") are terms, not quotes."""
    inner = words(text, start, end)
    if not inner or len(inner) > 7 or _title_like(text, start, end):
        return False
    before = words(text, max(para_start, marks.open_pos - 80), marks.open_pos)[-6:]
    if (
        lex.language == "en"
        and before
        and not before[-1].value[:1].isupper()
        and any(w.lower in _JUDGING for w in before[-4:])
    ):
        return True  # 'called the strike "unnecessary"', 'described the plan as "a mess"'
    if (
        before
        and (before[-1].lower in _AS or before[-1].lower in _DESCRIBING)
        and any(w.lower in _DESCRIBING for w in before)
    ):
        return True
    if lex.language != "en" or not before or before[-1].value[:1].isupper():
        return False
    if before[-1].lower in _COPULAS and len(inner) <= 3:
        # "said the water was 'knee-deep' inside": the speaker's own word for it.
        return _in_reported_sentence(text, marks, para_start, para_end, lex)
    if 2 <= len(inner) <= 7 and before[-1].lower not in ("so-called", "dubbed", "named"):
        # 'would provide "every resource available" to ...': words of the reporting speaker
        # quoted inside their reported clause.
        return _in_reported_sentence(text, marks, para_start, para_end, lex)
    verbal = inner[0].lower in _VERBAL or (
        inner[0].value.islower() and inner[0].lower.endswith(("ing", "ed")) and len(inner) >= 2
    )
    return verbal and _in_reported_sentence(text, marks, para_start, para_end, lex)


def _judging_subject(
    text: str, marks: _Marks, para_start: int, lex: Lexicon, vocab: ArticleWords
) -> tuple[tuple[int, int], Mention] | None:
    """'Some residents called the rollout "a cash grab"': the verb of judging right before
    the quote and its subject, who said those words."""
    before = words(text, max(para_start, marks.open_pos - 80), marks.open_pos)[-5:]
    verb = next((w for w in reversed(before) if w.lower in _JUDGING), None)
    if verb is None or lex.language != "en":
        return None
    lo = sentence_start(text, para_start, verb.start, ",;")
    mention = mention_before(text, lo, verb.start, lex, vocab)
    if mention is None:
        subject = words(text, lo, verb.start)
        while subject and subject[0].lower in _QUANTIFIERS:
            subject = subject[1:]  # "Some residents called ..."
        if 1 <= len(subject) <= 3 and all(not w.is_capitalized for w in subject):
            value = " ".join(w.value for w in subject)
            mention = Mention(subject[0].start, subject[-1].end, description=value)
    return ((verb.start, verb.end), mention) if mention is not None else None


_QUANTIFIERS = frozenset("some many several most few other the a an".split())


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
            previous = found[-1] if found and found[-1].start >= para_start else None
            if (
                hit is None
                and previous is not None
                and previous.cue is not None
                and previous.block[1] <= marks.open_pos
                and not text[previous.block[1] : marks.open_pos].strip(" ,\u00a0")
            ):
                # '“Kami,” kata dia, “tidak akan mundur.”': the cue sits between two halves.
                hit = _CueHit(previous.cue, previous.mention, marks.close_end)
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
            elif _short_partial(text, marks, start, end, para_start, para_end, lex):
                # 'described the decision as "a hammer blow"', 'would "not hesitate" to ...'
                judge = _judging_subject(text, marks, para_start, lex, vocab)
                cue, mention = judge if judge else (None, None)
                found.append(RawQuote(start, end, "direct", cue, mention, 0.55, (start, start)))
                continue
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
