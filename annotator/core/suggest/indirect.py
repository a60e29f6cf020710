"""Indirect quotes: reported content around a reporting verb, outside quotation marks.

Forms found (Indonesian and English alike): a subject before the verb and the content after
it (``X mengatakan, ...``, ``X said (that) ...``, ``X told Reuters ...``); content before a
closing cue (``..., kata X.``, ``..., X said.``); ``menurut X, ...`` / ``according to X, ...``;
an interposed cue (``Kominfo, lanjutnya, akan ...``); a participle (``..., saying ...``) and a
second verb joined by "and" (``warned that A and urged B``).  Invariant: a quote's span is
the reported content without speaker, verb, a leading bahwa/that/agar and the final full
stop, inside one sentence fragment outside every direct quote.
"""

from __future__ import annotations

import re
from dataclasses import replace

from annotator.core.suggest.cues import Cue, Lexicon
from annotator.core.suggest.quotes import SALIENCE, RawQuote
from annotator.core.suggest.speakers import (
    ADVERBIAL_STARTS,
    DATA_WORDS,
    LEADING_CONNECTIVES,
    ArticleWords,
    Mention,
    bare_subject,
    clause_subject,
    is_degree_token,
    mention_after,
    mention_before,
)
from annotator.core.suggest.text import (
    TIME_WORDS,
    Word,
    skip_dateline,
    split_glued,
    strip_span,
    words,
    wordset,
)

_PREP_INTRO = re.compile(r"[^,.]{0,80}?,\s*")
_CONTENT_INTRO = re.compile(
    r"\s*(?:[,:]\s*(?:bahwa|that|agar|supaya)?|\b(?:bahwa|that|agar|supaya)\b)\s*", re.IGNORECASE
)
_PARTICIPLE_END = "ing"


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
    quantifier = (
        first + 1 < len(after)
        and after[first].lower == "at"
        and after[first + 1].lower in ("least", "most")
    )  # "said at least three deaths ...": a number, not an adverbial opener
    if (
        first < len(after)
        and not quantifier
        and (after[first].lower in ADVERBIAL_STARTS or after[first].lower in TIME_WORDS)
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
        if lex.language == "en" and after[first].lower in TIME_WORDS and first + 1 < len(after):
            return after[first + 1].start  # "said Tuesday the shortfall stems from ..."
        return None
    if cue.is_weak or first >= len(after):
        return None
    if lex.language != "en" and _nominal_adjective(after[first].lower):
        return None  # "mengeluhkan sulitnya mendapatkan pupuk": a topic, not a clause
    if not cue.bare and not _reads_as_clause(after[first:], lex.language):
        return None  # "menegaskan komitmennya untuk ...": an object, not reported content
    return after[first].start


_PREDICATES = wordset(
    "akan sudah telah masih belum tidak tak bukan harus perlu wajib bisa dapat boleh sedang "
    "tengah merupakan adalah ialah menjadi ada tetap cukup sangat lebih kurang paling hanya "
    "sempat segera terus mulai mampu ingin mau berhasil mencapai naik turun kehilangan makin "
    "semakin kekurangan kesulitan kebanjiran tercukupi terpenuhi terkendali teratasi terjamin "
    "terdampak terlambat tersalurkan terselesaikan terbukti "
    # verbs without a prefix that carry a clause ("ombak besar datang tiba-tiba")
    "datang tiba pergi pulang jatuh hilang tenggelam hanyut habis muncul tumbuh hidup tinggal "
    "kembali masuk keluar lari mati rusak roboh ambruk putus pecah lolos kabur"
)
# Words after which a verb belongs to a phrase, not to the reported clause ("untuk memberantas").
_SUBORDINATORS = wordset("untuk agar supaya dengan bagi yang guna demi")
_PREDICATES_EN = wordset(
    "is are was were be been will would could should can may might must had has have did does "
    "do won't can't isn't wasn't aren't weren't didn't doesn't don't hasn't haven't wouldn't "
    "rose fell grew stood went came made took gave saw knew thought found left lost paid spent "
    "kept held ran won began became got sent built cut put set hit shut led met fed needs "
    "remains seems stays says lacks shows means wants plans expects cannot"
)
# Adjectives made nouns by "-nya" ("sulitnya", "mahalnya harga"): content opening with one is
# a noun phrase (the topic of a complaint or remark), not a reported clause.
_NOMINAL_ADJECTIVES = wordset(
    "sulit mudah susah mahal murah lambat cepat minim minimnya banyak sedikit kurang tinggi "
    "rendah lama langka terbatas buruk pentingnya penting besar kecil maraknya marak lemah "
    "rusak padat macet tingginya rendahnya"
)
_AGENT_PRONOUNS = wordset("ia dia mereka kami kita saya aku beliau")
_SUBJECT_PRONOUNS = wordset("he she it this that which who")
_SUBORDINATORS_EN = wordset("to for with who which that of")
_VERB_SHAPE = re.compile(
    r"(?:me[mnr]?|meng|meny|ber|ter(?=jadi|dapat|sedia|catat|masuk|kena))\w{3,}|di\w{4,}"
)


def _nominal_adjective(lower: str) -> bool:
    """ "sulitnya", "mahalnya": an adjective made a noun by "-nya" (a bare "banyak honorer
    ..." is a quantity opening a clause)."""
    return lower.endswith("nya") and (
        lower in _NOMINAL_ADJECTIVES or lower.removesuffix("nya") in _NOMINAL_ADJECTIVES
    )


def _reads_as_clause(ws: list[Word], language: str) -> bool:
    """True when the words after a verb carry their own predicate ("pemerintah akan ...",
    "stok beras di gudang masih aman", "the clinic would close"), not just an object ("maaf
    kepada masyarakat", "komitmennya untuk memberantas korupsi", "claimed the title")."""
    english = language == "en"
    if not english and ws and _nominal_adjective(ws[0].lower):
        return False  # "mengeluhkan sulitnya mendapatkan pupuk": a topic, not a clause
    if not english and ws and ws[0].lower in ("adanya", "tidak adanya"):
        return True  # "mengungkap adanya aliran dana ...": a claim that something exists
    for index, word in enumerate(ws[:15]):
        lower = word.lower
        if index and ws[index - 1].lower in (_SUBORDINATORS_EN if english else _SUBORDINATORS):
            continue
        if english:
            if lower in _PREDICATES_EN or (
                index
                and word.value.islower()
                and (
                    lower.endswith("ed")
                    # "she uses ...", "it needs ...": a present-tense verb after its subject
                    or (lower.endswith("s") and ws[index - 1].lower in _SUBJECT_PRONOUNS)
                )
            ):
                return True
        elif lower in _PREDICATES or (index and _VERB_SHAPE.fullmatch(lower)):
            return True
        elif index and lower in _AGENT_PRONOUNS and index + 1 < len(ws):
            return True  # "gol tersebut ia persembahkan untuk ...": a pronoun agent's verb
    return False


_DEGREE_CHUNK = re.compile(r"\s*([^\s,]+(?:\s+[^\s,]+){0,2})\s*,\s*")


def _after_degrees(text: str, start: int, end: int) -> int:
    """Past the degrees set off by commas after a name ("Menurut X, M.Si., curah hujan ...":
    the content starts at "curah")."""
    while (chunk := _DEGREE_CHUNK.match(text, start, end)) is not None and all(
        is_degree_token(token) for token in chunk.group(1).split()
    ):
        start = chunk.end()
    return start


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
    for index in lex.cue_candidates(ws, start, end):
        word = ws[index]
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
            if mention is None or intro is None or _is_data(text, mention):
                continue
            begin = _after_degrees(text, intro.end(), end)
            content = (begin, _content_end(text, begin, end))
            return _listed(_make_indirect(text, content, word, cue_end, mention, 0.75))
        if cue.is_post or cue.is_nya or cue.is_prep:
            if comma is None:
                continue
            aside = _parenthetical(text, cue, word.start, cue_end, end, lex, vocab)
            if aside is not None and (index <= 4 or _continues(text, aside, cue_end, end)):
                # "Kominfo, lanjutnya, akan menambah ...": the cue sits inside the content.
                begin = skip_dateline(text, start, end)
                content = (begin, _content_end(text, begin, end))
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
            begin = skip_dateline(text, start, comma)
            content = (begin, _content_end(text, begin, comma))
            return _listed(_make_indirect(text, content, word, cue_end, mention, 0.75))
        if lex.language == "en" and cue.form.endswith(_PARTICIPLE_END) and comma is not None:
            # "X dismissed the criticism, saying ...": the speaker is the sentence's subject.
            mention = clause_subject(text, start, _first_comma(text, start, word.start), lex, vocab)
        else:
            mention = mention_before(text, start, word.start, lex, vocab)
        if mention is None and index >= 3 and ws[index - 1].lower in ("dan", "and"):
            # "Budi ditangkap di bandara dan mengaku ...": the subject of the first verb.
            subject = clause_subject(text, start, ws[index - 1].start, lex, vocab)
            if subject is not None and (subject.name or subject.pronoun):
                mention = subject
        if mention is None:
            mention = bare_subject(text, start, word.start, cue_end, end)
        if mention is None:
            continue
        if mention.pronoun and text[mention.start : mention.end].lower() in _PLURAL_PRONOUNS:
            # "Forecasters expect ..., but they warned ...": the group opening the sentence.
            group = clause_subject(text, start, mention.start, lex, vocab)
            if group is not None and group.name and " " not in group.name:
                plural = group.name.endswith("s") and not group.name.endswith("ss")
                group = (
                    replace(group, name=None, description=group.name.lower()) if plural else None
                )
            if group is not None and group.description and group.start < mention.start:
                mention = group
        mention = _speaker_of_reduced_relative(text, mention, cue_end, end, lex)
        named = mention.name or (mention.description or "")[:1].isupper()
        if salient is None and named and len(words(text, start, mention.start)) <= 12:
            salient = mention
        content_from = _content_start(text, cue, cue_end, end, lex)
        before_subject = _comma_before(text, start, mention.start)
        if (
            before_subject is not None
            and _content_before(text, start, before_subject)
            and text[cue_end : cue_end + 2].strip() == ","
            and len(words(text, mention.start, word.start)) <= 4
            and not text[mention.end : word.start].strip()
            and _continues(text, mention, cue_end, end)
        ):
            # "The levels in the north, Smith said, were the lowest ...": an interposed cue.
            begin = skip_dateline(text, start, end)
            content = (begin, _content_end(text, begin, end))
            return _listed(_make_indirect(text, content, word, cue_end, mention, 0.7))
        if (
            content_from is not None
            and before_subject is not None
            and _content_before(text, start, before_subject)
            and text[cue_end:content_from].strip() == ","
            and _participle_at(text, content_from, end)
        ):
            content_from = None  # "GDP rose 0.3%, the ONS said, beating forecasts": post cue
        if content_from is not None and (
            len(words(text, start, mention.start)) <= 12
            or _NEW_CLAUSE.search(text, start, mention.start)
        ):
            confidence = 0.8 if content_from > cue_end + 1 else 0.65
            second = _coordinated(text, content_from, end, lex)
            content_end = second[0] if second else end
            content = (content_from, _content_end(text, content_from, content_end))
            first_quote = _make_indirect(text, content, word, cue_end, mention, confidence)
            if first_quote is None:
                continue  # "X menyampaikan:" before a quote: X stays salient (below)
            if second is None:
                return [first_quote]
            _, verb, verb_cue, verb_end = second
            rest_from = _content_start(text, verb_cue, verb_end, end, lex)
            if rest_from is None:
                return [first_quote]
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


_NOT_CONTENT = re.compile(r"(?:hal (?:itu|ini|tersebut)|demikian|begitu|maaf|terima kasih)\b", re.I)


_RELATIVE_HEADS = wordset("a an the")
_REDUCED_RELATIVE_VERBS = wordset("will would could can may might is are was were has have")


def _speaker_of_reduced_relative(
    text: str, mention: Mention, cue_end: int, end: int, lex: Lexicon
) -> Mention:
    """ "…, a move critics say will hurt small shops": the content has no subject of its own
    (it is the move), so the speakers are the bare plural after the head noun ("critics"),
    not "move critics"."""
    if lex.language != "en" or not mention.description:
        return mention
    after = words(text, cue_end, end)
    if not after or after[0].lower not in _REDUCED_RELATIVE_VERBS:
        return mention
    ws = words(text, mention.start, mention.end)
    if ws and ws[0].lower in _RELATIVE_HEADS:
        ws = ws[1:]
    if not 2 <= len(ws) <= 3 or any(w.is_capitalized for w in ws):
        return mention
    group = ws[1:]
    if not (group[-1].lower.endswith("s") and not group[-1].lower.endswith("ss")):
        return mention
    description = " ".join(w.value for w in group)
    return Mention(group[0].start, group[-1].end, description=description)


def _is_data(text: str, mention: Mention) -> bool:
    """ "menurut data BPS", "according to city records", "Menurut Undang-Undang ...": a
    source that is a document or data set, which README calls data sourcing, not a quote."""
    return any(w.lower in DATA_WORDS for w in words(text, mention.start, mention.end))


def _listed(quote: RawQuote | None) -> list[RawQuote]:
    return [quote] if quote is not None else []


def _coordinated(
    text: str, start: int, end: int, lex: Lexicon
) -> tuple[int, Word, Cue, int] | None:
    """A second reporting verb joined by "and"/"dan" ("warned that A and urged B")."""
    ws = words(text, start, end)
    for index in range(1, len(ws)):
        participle = (
            lex.language == "en"
            and ws[index].lower.endswith(_PARTICIPLE_END)
            and text[ws[index - 1].end : ws[index].start].strip() == ","
        )  # "urged drivers to stay home, warning that roads would freeze"
        if ws[index - 1].lower not in ("and", "dan") and not participle:
            continue
        hit = lex.cue_at_word(text, ws[index], start, end)
        if hit is None or hit[0].is_post or hit[0].is_nya or hit[0].is_prep:
            continue
        cut = ws[index].start if participle else ws[index - 1].start
        while cut > start and text[cut - 1] in " ,":
            cut -= 1
        return cut, ws[index], hit[0], hit[1]
    return None


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


_PLURAL_PRONOUNS = frozenset(("they", "mereka"))
_NEW_CLAUSE = re.compile(r"[,;]\s+(?:and|but|dan|tetapi|namun|while)\s+$", re.IGNORECASE)
_NOT_CONTINUATION = wordset("seraya sambil while adding saying usai seusai setelah saat ketika")


def _continues(text: str, aside: Mention, cue_end: int, end: int) -> bool:
    """ "Stok cabai di gudang, kata Hendra, cukup untuk dua bulan": after the interposed cue
    the reported clause goes on in lower case (not "..., kata X, seraya ...")."""
    after = words(text, max(aside.end, cue_end), end)
    if len(after) < 3:
        return False
    first = after[0]
    return (
        first.value.islower()
        and first.lower not in _NOT_CONTINUATION
        and first.lower not in ADVERBIAL_STARTS
        and not first.lower.endswith("ing")
    )


def _make_indirect(
    text: str,
    content: tuple[int, int],
    word: Word,
    cue_end: int,
    mention: Mention,
    confidence: float,
) -> RawQuote | None:
    start, end = content
    if len(words(text, start, end)) < 3 or _NOT_CONTENT.match(text, start, end):
        return None  # too short, or "mengatakan hal itu saat ...": no reported content
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


# Every branch opens with its own word (not with a group of words): then re finds the
# places to try by their first letters, four times faster over a whole article.
_BACKWARD = re.compile(
    "(?:"
    + "".join(
        rf"{word}\s+(?:itu|tersebut|ini)\s+|"
        for word in ("Hal", "Pernyataan", "Penegasan", "Penjelasan", "Keterangan")
    )
    + r"Demikian\s+)(?:di(?:sampaikan|katakan|ungkapkan|jelaskan|tegaskan|paparkan|utarakan"
    r"|ungkap|kemukakan))\s+(?:oleh\s+)?"
)
_BACKWARD_REACH = 1200  # characters back from the attribution sentence


def attribute_backwards(
    text: str, quotes: list[RawQuote], lex: Lexicon, vocab: ArticleWords
) -> list[RawQuote]:
    """ "Hal itu disampaikan Bupati X saat ...": the quotes just before it that named nobody
    ("katanya", no cue) get X as their speaker.  ``quotes`` sorted by start."""
    result = list(quotes)
    if lex.language != "id":
        return result
    for match in _BACKWARD.finditer(text):
        before = text[: match.start()].rstrip(" \t\u00a0")
        if before and before[-1] not in '\n.!?”"':
            continue  # not at the start of a sentence
        mention = mention_after(text, match.end(), min(len(text), match.end() + 200), lex, vocab)
        if mention is None or mention.pronoun:
            continue
        for index in range(len(result) - 1, -1, -1):
            quote = result[index]
            if quote.start >= match.start():
                continue
            if quote.start < match.start() - _BACKWARD_REACH:
                break
            if quote.mention is not None and not quote.mention.pronoun:
                break  # a named speaker before: the attribution only covers what follows it
            result[index] = replace(quote, mention=mention)
    return result


_TRAILING = re.compile(r",\s+(?:(?:seraya|sambil|while)\s+)?")


def find_trailing(text: str, direct: list[RawQuote], lex: Lexicon) -> list[RawQuote]:
    """Indirect quotes hanging off a direct quote's cue clause, sharing its speaker:
    '"...," Bostic said, adding that inflation remained too high' /
    '“...,” kata Budi, seraya menegaskan bahwa ...'."""
    found: list[RawQuote] = []
    for quote in direct:
        if quote.cue is None or quote.mention is None or quote.block[1] <= quote.cue[1]:
            continue
        start = max(quote.cue[1], quote.mention.end)
        end = quote.block[1]
        for match in _TRAILING.finditer(text, start, end):
            hit = lex.cue_at(text, match.end())
            if hit is None or hit[0].is_post or hit[0].is_nya or hit[0].is_prep:
                continue
            cue, cue_end = hit
            content_from = _content_start(text, cue, cue_end, end, lex)
            if content_from is None:
                continue
            content = (content_from, _content_end(text, content_from, end))
            verb = words(text, match.end(), cue_end)[0]
            made = _make_indirect(text, content, verb, cue_end, quote.mention, 0.7)
            if made is not None:
                found.append(made)
            break
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
    stripped = [strip_span(text, a, b) for a, b in pieces]
    return [(a, b) for a, b in stripped if a < b]


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
