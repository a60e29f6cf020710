"""Finding who speaks: the noun phrase beside a cue, and its role split from its name.

A :class:`Mention` is what the text says at one cue: a name (with the role words before or
after it split off, honorifics, ranks and degrees dropped), an unnamed description
("Ketua DKPP", "the minister"), a pronoun, or nobody ("someone").  Merging the names of an
article is :mod:`annotator.core.suggest.names`' job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, count
from operator import or_

from annotator.core.suggest.cues import Lexicon
from annotator.core.suggest.text import (
    TIME_WORDS,
    Word,
    is_abbreviation_before,
    skip_dateline,
    word_columns,
    words,
    wordset,
)
from annotator.paths import resource

CONNECTORS = wordset("dan dari pada untuk of for and the de la bin binti van der von al el")
NAME_PARTICLES = wordset("bin binti van der von de al el")
_JOINING_CONNECTORS = CONNECTORS - NAME_PARTICLES  # "of", "dan": they never join a name
LEADING_CONNECTIVES = wordset(
    "sementara itu selain kemudian namun tetapi tapi adapun lebih lanjut sedangkan bahkan juga "
    "pun dan sebelumnya terpisah meanwhile however but and also still yet so then later earlier "
    "separately"
)
CLAUSE_JOINERS = wordset("and but dan tetapi tapi namun sedangkan while")
_TRAILING_ADVERBS = wordset(
    "juga pun pula kemudian lalu lantas sempat sudah telah masih bahkan also still then later "
    "again once"
)
# English quantifiers open a group speaker and are dropped from it like an article
_QUANTIFIERS = wordset("some many several most")
DETERMINERS = wordset("the a an seorang salah satu sejumlah para this that") | _QUANTIFIERS
ADVERBIAL_STARTS = wordset(
    "di ke dalam saat ketika kepada usai seusai setelah sebelum pada melalui lewat secara "
    "in on at during after before when to via while through by over"
)
RELATIVES = wordset("yang who which whose")
# Sources that are data, not speakers ("according to city records", "berdasarkan data").
DATA_WORDS = wordset(
    "records record data figures statistics estimates documents document survey surveys "
    "polls poll catatan dokumen angka statistik rencana jadwal hasil survei kajian pantauan "
    "undang-undang uu peraturan pasal perda perpres permen law act regulation regulations "
    "schedule plan plans"
)
ARTICLES = wordset("a an the seorang")
ORG_JOINERS = wordset("and of for dan untuk")
# Capitalized only because they open a sentence: never the start of a name.
FUNCTION_WORDS = wordset(
    "all some many most both each every few several such these those it there here what when "
    "where why how if as yes no not more less only even ini itu hal semua banyak beberapa setiap "
    "tak tidak bila jika kalau"
)
ANONYMOUS = wordset("someone somebody seseorang anonymous")
MAX_NAME_WORDS = 4  # initials ("F.") do not count
NAME_SUFFIXES = wordset("jr sr ii iii iv")
# Abbreviated first names ("Moh. Iskak", "Andi Muh. Fadli", "Mustari Abd. Wahab"): part of the name.
NAME_PREFIXES = wordset("moh muh abd mohd moch mhd mch muhd")
ANAPHORS = wordset("tersebut itu ini")
# Last words of English organisation names ("Marsh Lane Medical Practice").
ORG_HEADS = wordset(
    "practice surgery cooperative co-op council service services agency department board "
    "company corporation corp ltd inc plc llc university college school hospital clinic "
    "association union foundation trust institute authority commission committee office "
    "bureau ministry party group bank network coalition federation society club partnership "
    "alliance centre center church academy league network collaborative consortium "
    "initiative forum caucus"
)
# Suspects, victims and witnesses are named by their initials in Indonesian news ("tersangka AF").
INITIALS_AFTER = wordset("tersangka pelaku korban terdakwa terpidana saksi berinisial inisial")
_DEGREE = re.compile(r"(?:[A-Z][a-z]{0,3}\.){1,3}(?:[A-Z]{2,3}\.?|[A-Z][a-z]{0,3}\.?)?")  # "M.AP."
_AGE_AFTER = re.compile(r"\s*(?:,\s*\d{1,3}\s*,|\(\d{1,3}\))")
_PARTY = re.compile(r"[RDI]-[A-Z][A-Za-z.]*")
_DEGREE_WORDS = wordset("SE SH MM MBA PhD MSc MA BA SKom SPd MPd MSi")
# "Sp.A(K)", "Sp.PD-KGEH", "Sp.OG(K)": Indonesian medical specialist titles.
_SPECIALIST = re.compile(r"Sp\.?[A-Z][A-Za-z.]{0,5}(?:-[A-Z]{2,6})?(?:\([A-Z]{1,3}\))?")
_CONSULTANT = re.compile(r"\([A-Z]{1,3}\)$")
_CREDENTIAL = re.compile(r"[A-Z]{2,4}")


@cache
def _degree_list() -> frozenset[str]:
    """Degrees and credentials after a name (resources/segment/degrees.txt and
    resources/cues/degrees.txt), without their dots."""
    entries: set[str] = set()
    for folder in ("segment", "cues"):
        for raw in resource(folder, "degrees.txt").read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line and not line.startswith("#"):
                plain = line.replace(".", "")
                entries.update((plain, plain.upper()))
    return frozenset(entries | _DEGREE_WORDS)


@lru_cache(maxsize=8192)  # asked of the same few words again and again
def is_degree_token(token: str) -> bool:
    """ "M.Si.", "Ph.D.", "MPH", "Sp.A(K)": a degree or credential written after a name."""
    token = token.strip(",;")
    if not token:
        return False
    if _SPECIALIST.fullmatch(token.rstrip(".")):
        return True
    plain = _CONSULTANT.sub("", token.rstrip(".")).replace(".", "")
    if plain in _degree_list():
        return True
    return _DEGREE.fullmatch(token) is not None and sum(c.isupper() for c in token) >= 2


@dataclass(frozen=True)
class ArticleWords:
    """What an article tells about its own words: places, and words it writes in lower case."""

    places: frozenset[str]
    commons: frozenset[str]


@dataclass(frozen=True)
class Mention:
    """Who a cue points at; exactly one of ``name``, ``description``, ``pronoun`` is set."""

    start: int
    end: int
    name: str | None = None
    role: str | None = None
    description: str | None = None
    pronoun: bool = False


def _is_abbrev(text: str, word: Word) -> bool:
    return word.end < len(text) and text[word.end] == "." and len(word.value) <= 4


def _gap_ok(text: str, left: Word, right: Word) -> bool:
    gap = text[left.end : right.start]
    if gap == " ":
        return True  # the usual case, answered as below
    stripped = gap.replace(" ", "").replace("\u00a0", "")
    if stripped == "":
        return gap != ""
    if stripped == "." and _is_abbrev(text, left):
        # "Drs. H. Moh. Salehuddin", "A. J. Whitfield"; not "Sam Cole. Resident Tom Baker".
        return len(left.value) <= 2 or is_abbreviation_before(text, left.end)
    return stripped in ("(", ")", ")(", ".(") or (stripped == ")." and _is_abbrev(text, left))


def _run_length(text: str, ws: list[Word], first: int, lex: Lexicon) -> int:
    """How many words from ``ws[first]`` form one capitalized noun phrase."""
    if first >= len(ws) or ws[first].lower in TIME_WORDS or ws[first].lower in FUNCTION_WORDS:
        return 0
    if not ws[first].is_capitalized:
        honorific = ws[first].lower in lex.honorifics and first + 1 < len(ws)
        if not (
            honorific and ws[first + 1].is_capitalized and _gap_ok(text, ws[first], ws[first + 1])
        ):
            return 0
    index = first + 1
    while index < len(ws):
        word = ws[index]
        previous = ws[index - 1]
        listed = (  # "Bidang Pemerintahan, Hukum dan Politik": a list inside a title
            text[previous.end : word.start] == ", "
            and previous.lower in lex.roles
            and word.is_capitalized
            and word.lower in lex.roles
        )
        if not listed and not _gap_ok(text, previous, word):
            break
        if word.is_degree:
            break
        if word.is_capitalized and word.lower not in TIME_WORDS:
            index += 1
            continue
        if (
            word.value.isdigit()
            and len(word.value) <= 2
            and (previous.lower in lex.roles or previous.is_acronym)
            and index + 1 < len(ws)
            and ws[index + 1].is_capitalized
            and _gap_ok(text, word, ws[index + 1])
        ):
            index += 1  # "Kanit 1 Satresnarkoba", "Ketua RT 03 Desa X": a numbered unit
            continue
        # Lower-case connectors and role words inside a title ("Juru bicara Fraksi PKB",
        # "Harbor board chair Margaret Ellison") continue the run up to a capitalized word.
        ahead = index
        while (
            ahead < len(ws)
            and ahead - index < 3
            and not ws[ahead].is_capitalized
            and (
                ws[ahead].lower in CONNECTORS
                or ws[ahead].lower in lex.roles
                or ws[ahead].lower in lex.honorifics
            )
            and _gap_ok(text, ws[ahead - 1], ws[ahead])
        ):
            ahead += 1
        if (
            ahead > index
            and ahead < len(ws)
            and ws[ahead].is_capitalized
            and _gap_ok(text, ws[ahead - 1], ws[ahead])
        ):
            index = ahead + 1
            continue
        break
    return index - first


def _clean_name(value: str) -> str:
    return " ".join(value.replace("\u00a0", " ").split())


def split_role_name(
    text: str, run: list[Word], lex: Lexicon, vocab: ArticleWords
) -> tuple[str | None, str | None]:
    """Split a capitalized run into (role, name); name None when the run is only a role."""
    name_words: list[Word] = []
    if (
        len(run) >= 2
        and run[-1].lower in ORG_HEADS
        and not any(w.lower in ("of", "from", "dari") for w in run)
    ):
        # "Marsh Lane Medical Practice", "Ozark Valley Electric Cooperative": an organisation
        # named in full, none of whose words is a person's name.
        return _clean_name(text[run[0].start : _run_end(text, run[-1])]), None
    while len(run) > 1 and (
        run[-1].lower in NAME_SUFFIXES
        or (
            is_degree_token(run[-1].value)
            and run[-2].is_capitalized
            and not run[-2].is_acronym
            and run[-2].lower not in lex.roles
        )
    ):
        run = run[:-1]  # "John F. Rivera Jr." -> "John F. Rivera"; "Budi Santoso MPH"
    for position in range(len(run) - 1, -1, -1):
        word = run[position]
        lower = word.lower
        if lower in _JOINING_CONNECTORS:
            if lower in ORG_JOINERS and position > 0:
                if lower in ("of", "from", "dari"):
                    # "Paul Dales of Capital Economics": a person of an organisation.
                    role, name = split_role_name(text, run[:position], lex, vocab)
                    if name is not None:
                        affiliation = _clean_name(text[word.start : _run_end(text, run[-1])])
                        return (f"{role} {affiliation}" if role else affiliation), name
                name_words = []  # "Fire and Rescue Service", "Bureau of Labor Statistics"
            break
        inside_parens = text[word.start - 1 : word.start] == "("
        if (
            not name_words
            and position > 0
            and run[position - 1].lower in INITIALS_AFTER
            and _INITIALS.fullmatch(word.value)
        ):
            name_words.insert(0, word)  # "tersangka AF": initials stand for a name
            continue
        if (
            (lower in lex.roles and not _surname_like_role(run, position, lex, vocab))
            or lower in lex.honorifics
            or (word.is_acronym and len(word.value) > 1 and "." not in word.value)
            or (lower in vocab.places and not _after_honorific(run, position, lex))
            or (name_words and len(lower) >= 5 and lower in vocab.commons)
            or inside_parens
            or sum(len(w.value) > 1 for w in name_words) >= MAX_NAME_WORDS
        ):
            break
        name_words.insert(0, word)
    while name_words and (
        name_words[0].lower in NAME_PARTICLES
        or (
            len(name_words) > 1
            and _is_abbrev(text, name_words[0])
            and len(name_words[0].value) <= 3
            and name_words[0].lower not in NAME_PREFIXES  # "Moh. Salehuddin" keeps "Moh."
            and not _initial(name_words[0], lex)  # "Drs. H. M. Hilman": "M." is a name
        )
    ):
        name_words.pop(0)
    if sum(len(w.value) > 1 for w in name_words) == MAX_NAME_WORDS:
        before = [w for w in run if w.start < name_words[0].start]
        if before and before[-1].lower not in lex.honorifics:
            name_words.pop(0)  # "Bulog Sulselbar Andi Rahmat Syamsuddin": an org word leads
    if not name_words:
        return _clean_name(text[run[0].start : _run_end(text, run[-1])]), None
    name = _clean_name(text[name_words[0].start : name_words[-1].end])
    role_words = [w for w in run if w.start < name_words[0].start]
    while role_words and (
        role_words[-1].lower in lex.honorifics
        or role_words[-1].lower in CONNECTORS
        or (_is_abbrev(text, role_words[-1]) and len(role_words[-1].value) <= 3)
    ):
        role_words.pop()
    role = None
    if role_words:
        role = _clean_name(text[role_words[0].start : _run_end(text, role_words[-1])])
    return role, name


def _initial(word: Word, lex: Lexicon) -> bool:
    """A one-letter initial ("M." of "M. Hilman"), not the honorific "H." (Haji)."""
    return len(word.value) == 1 and word.value.isupper() and word.lower not in lex.honorifics


def _after_honorific(run: list[Word], position: int, lex: Lexicon) -> bool:
    """ "H. Ahmad Fauzi Rahman": a word after an honorific is a name, even where the article
    also names a place after it ("Jl. Ahmad Yani")."""
    return position > 0 and run[position - 1].lower in lex.honorifics


def _surname_like_role(run: list[Word], position: int, lex: Lexicon, vocab: ArticleWords) -> bool:
    """ "Rinaldi Hakim", "Agus Raja": a role word closing a run right after a given name is a
    surname (a title stands before the name, never after it)."""
    if position != len(run) - 1 or position == 0:
        return False
    before = run[position - 1]
    return (
        before.is_capitalized
        and not before.is_acronym
        and before.lower not in lex.roles
        and before.lower not in lex.honorifics
        and before.lower not in vocab.places
        and before.lower not in vocab.commons
        and before.lower not in CONNECTORS
        and len(before.value) > 2
    )


def _run_end(text: str, word: Word) -> int:
    end = word.end
    if end < len(text) and text[end] == ")" and "(" in text[word.start - 1 : word.start]:
        return end + 1
    if end < len(text) and text[end] == "." and len(word.value) <= 4:
        return end + 1
    return end


_INITIALS = re.compile(r"[A-Z]{2,3}")


def _introduced_initials(text: str, value: str) -> bool:
    """True when the article names someone by these initials ("tersangka AF", "berinisial RS
    (34) dan AF"), so a bare "AF" later is that person, not an organisation."""
    if not _INITIALS.fullmatch(value):
        return False
    return _initials_introduced_in(str(text), value)


@lru_cache(maxsize=512)
def _initials_introduced_in(text: str, value: str) -> bool:
    lead = "|".join(sorted(INITIALS_AFTER))
    pattern = rf"(?i:\b(?:{lead}))\s+(?:[A-Z]{{2,3}}\b[^.;]{{0,30}}?(?:,|dan|and)\s+)*{value}\b"
    return re.search(pattern, text) is not None


def _mention_from_run(text: str, run: list[Word], lex: Lexicon, vocab: ArticleWords) -> Mention:
    memo = getattr(text, "memo", None)
    if memo is None:
        return _mention_of_run(text, run, lex, vocab)
    # An article's capitalized runs are read by several passes (people, topics, cues).
    key = ("run", run[0].start, run[-1].end, len(run), lex.language, id(vocab))
    found = memo.get(key)
    if found is None:
        found = memo[key] = _mention_of_run(text, run, lex, vocab)
    return found


def _mention_of_run(text: str, run: list[Word], lex: Lexicon, vocab: ArticleWords) -> Mention:
    if len(run) == 1 and _introduced_initials(text, run[0].value):
        return Mention(run[0].start, run[0].end, name=run[0].value)
    role, name = split_role_name(text, run, lex, vocab)
    start, end = run[0].start, _run_end(text, run[-1])
    if name is None:
        return Mention(start, end, description=tidy_description(role) if role else role)
    return Mention(start, end, name=name, role=role)


def _description(text: str, ws: list[Word]) -> Mention | None:
    kept: list[Word] = []
    for word in ws:
        if kept and (word.lower in ADVERBIAL_STARTS or word.lower in RELATIVES):
            break
        if kept and any(c in ",.;:!?" for c in text[kept[-1].end : word.start]):
            break
        if len(kept) >= 2 and word.lower.endswith("ed") and _next_is_determiner(ws, word):
            break  # "A spokesperson for the palace dismissed the criticism"
        kept.append(word)
        if len(kept) >= 7 and not _inside_proper_name(text, kept, ws):
            break
        if len(kept) >= 12:
            break
    if len(kept) < 2:
        return None
    end = kept[-1].end
    if text.count("(", kept[0].start, end) > text.count(")", kept[0].start, end):
        close = text.find(")", end, end + 3)
        end = close + 1 if close >= 0 else end
    value = _clean_name(text[kept[0].start : end])
    if kept[0].lower in ARTICLES or kept[0].lower in _QUANTIFIERS:
        value = value[len(kept[0].value) :].strip()  # "Some economists said": "economists"
    return Mention(kept[0].start, end, description=tidy_description(value))


def _inside_proper_name(text: str, kept: list[Word], ws: list[Word]) -> bool:
    """ "spokesperson for the Montana Department of | Commerce": the next word goes on the
    capitalized name the description has reached."""
    following = next((w for w in ws if w.start >= kept[-1].end), None)
    if following is None or not following.is_capitalized:
        return False
    if text[kept[-1].end : following.start].strip():
        return False
    last = kept[-1]
    return last.is_capitalized or (last.lower in CONNECTORS and kept[-2].is_capitalized)


def _next_is_determiner(ws: list[Word], word: Word) -> bool:
    index = ws.index(word)
    return index + 1 < len(ws) and ws[index + 1].lower in DETERMINERS


def tidy_description(value: str) -> str:
    """Drop an acronym in brackets and acronyms after it ("Komisi Pemilihan Umum (KPU) RI")."""
    match = re.fullmatch(r"(.+?)\s*\(([A-Z][A-Za-z]+)\)((?:\s+[A-Z]{2,})*)", value)
    return match.group(1) if match else value


def mention_after(
    text: str, start: int, limit: int, lex: Lexicon, vocab: ArticleWords
) -> Mention | None:
    """The speaker named right after a cue ("kata Bahtiar", "said John Smith, a spokesman")."""
    ws = words(text, start, limit)
    if not ws or text[start : ws[0].start].strip(" \u00a0"):
        return None
    first = ws[0]
    if first.lower in ANONYMOUS:
        return Mention(first.start, first.end)  # says nobody: the speaker stays unknown
    if first.lower in lex.pronouns:
        return Mention(first.start, first.end, pronoun=True)
    if first.lower in DETERMINERS:
        desc = _description(text, ws)
        source = _source_of(text, ws, desc, lex, vocab) if desc else None
        return source or desc
    if not first.is_capitalized and any(w.lower in ANAPHORS for w in ws[1:3]):
        anaphor = next(w for w in ws[1:3] if w.lower in ANAPHORS)
        return Mention(first.start, anaphor.end, pronoun=True)
    epithet = _epithet(text, ws)
    if epithet is not None:
        return epithet
    length = _run_length(text, ws, 0, lex)
    if length == 0:
        return _lowercase_then_name(text, ws, lex, vocab) or _bare_description(text, ws, limit)
    run = ws[:length]
    mention = _mention_from_run(text, run, lex, vocab)
    rest = text[mention.end : limit]
    appositive = re.match(r"\s*,\s*", rest)
    named = _name_apposed(text, mention, appositive, limit, lex, vocab)
    if named is not None:
        return named
    if mention.name and appositive:
        tail = words(text, mention.end + appositive.end(), limit)
        if tail and tail[0].lower in DETERMINERS:
            desc = _description(text, tail)
            if desc is not None:
                return Mention(mention.start, mention.end, name=mention.name, role=desc.description)
        elif tail and tail[0].is_capitalized:
            role_len = _run_length(text, tail, 0, lex)
            role_run = tail[:role_len]
            if role_run and all(w.lower in lex.roles or w.is_acronym for w in role_run[:1]):
                role = _clean_name(text[role_run[0].start : _run_end(text, role_run[-1])])
                return Mention(mention.start, mention.end, name=mention.name, role=role)
    return mention


def _source_of(
    text: str, ws: list[Word], desc: Mention, lex: Lexicon, vocab: ArticleWords
) -> Mention | None:
    """ "a survey by the nonprofit Digital Bridge Coalition" -> the coalition (within 4 words)."""
    rest = [w for w in ws if w.start >= desc.end]
    if not rest or rest[0].lower not in ("by", "from", "of", "dari", "oleh"):
        return None
    if text[desc.end : rest[0].start].strip():
        return None
    for offset in range(1, min(5, len(rest))):
        length = _run_length(text, rest, offset, lex)
        if length:
            run = rest[offset : offset + length]
            mention = _mention_from_run(text, run, lex, vocab)
            if mention.description:
                value = tidy_description(mention.description)
                return Mention(mention.start, mention.end, description=value)
            return mention
        if "," in text[rest[offset - 1].end : rest[offset].start]:
            return None
    return None


def _epithet(text: str, ws: list[Word]) -> Mention | None:
    """ "ujar pria yang akrab disapa Kang Emil itu": a description closed by "itu"/"tersebut"
    points back at the person the passage is about, like a pronoun."""
    if not ws or ws[0].is_capitalized:
        return None
    for index, word in enumerate(ws[:10]):
        if index and any(c in ",.;:!?" for c in text[ws[index - 1].end : word.start]):
            return None
        if index and word.lower in ANAPHORS:
            after = text[word.end : word.end + 2].lstrip(" ")
            if not after or after[0] in ",.;:!?":
                return Mention(ws[0].start, word.end, pronoun=True)
    return None


def _name_apposed(
    text: str,
    mention: Mention,
    appositive: re.Match[str] | None,
    limit: int,
    lex: Lexicon,
    vocab: ArticleWords,
) -> Mention | None:
    """ "Kepala BPS Jawa Barat, Marsudijono," / "Ketua Umum Partai X, Budi Hartono,": a bare
    name set off by commas after a title is the speaker, the title its role."""
    if appositive is None:
        return None
    start = mention.end + appositive.end()
    tail = words(text, start, limit)
    length = _run_length(text, tail, 0, lex)
    if not length or length > MAX_NAME_WORDS:
        return None
    run = tail[:length]
    after = text[_run_end(text, run[-1]) : limit].lstrip(" \u00a0")
    if after and after[0] not in ",.;:":
        return None
    apposed = _mention_from_run(text, run, lex, vocab)
    if apposed.name is None or apposed.role is not None:
        return None
    if any(w.lower in lex.roles or w.is_acronym for w in run):
        return None
    role = mention.description or _clean_name(text[mention.start : mention.end])
    return Mention(apposed.start, apposed.end, name=apposed.name, role=role)


def _lowercase_then_name(
    text: str, ws: list[Word], lex: Lexicon, vocab: ArticleWords
) -> Mention | None:
    """ "asked neighbor Tom Baker", "kata warga Budi Santoso": a common-noun role, then a name."""
    for offset in (1, 2):
        if offset >= len(ws) or any(
            not _gap_ok(text, a, b) for a, b in zip(ws, ws[1 : offset + 1], strict=False)
        ):
            return None
        if any(w.is_capitalized for w in ws[:offset]):
            return None
        length = _run_length(text, ws, offset, lex)
        if (
            length == 1
            and ws[offset - 1].lower in INITIALS_AFTER
            and re.fullmatch(r"[A-Z]{2,3}", ws[offset].value)
        ):
            initials = ws[offset]  # "tersangka AF (27)"
            role = _clean_name(text[ws[0].start : ws[offset - 1].end])
            return Mention(ws[0].start, initials.end, name=initials.value, role=role)
        if length:
            mention = _mention_from_run(text, ws[offset : offset + length], lex, vocab)
            if mention.name is None:
                return None
            role = _clean_name(text[ws[0].start : ws[offset - 1].end])
            return Mention(ws[0].start, mention.end, name=mention.name, role=mention.role or role)
    return None


def _bare_description(text: str, ws: list[Word], limit: int) -> Mention | None:
    """ "according to police, ..." / "kata warga setempat.": a short lower-case noun phrase."""
    kept: list[Word] = []
    for word in ws[:4]:
        if kept and any(c in ",.;:!?" for c in text[kept[-1].end : word.start]):
            break
        if word.lower in ADVERBIAL_STARTS or word.lower in RELATIVES or word.lower in CONNECTORS:
            break
        kept.append(word)
    if not kept or any(w.lower in DATA_WORDS or w.lower in ANAPHORS for w in kept):
        return None
    rest = text[kept[-1].end : limit].lstrip(" \u00a0")
    if rest and rest[0] not in ",.;:!?" and len(kept) == len(ws[:4]):
        return None
    return Mention(
        kept[0].start, kept[-1].end, description=_clean_name(text[kept[0].start : kept[-1].end])
    )


_CHUNK_MARKS = re.compile("[(),;:\u2014\u2013]")  # the characters _split_commas acts on


def _split_commas(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunks: list[tuple[int, int]] = []
    depth = 0
    pos = start
    for mark in _CHUNK_MARKS.finditer(text, start, end):
        index = mark.start()
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char in ",;:\u2014\u2013" and depth == 0:
            chunks.append((pos, index))
            pos = index + 1
    chunks.append((pos, end))
    return chunks


def _strip_connectives(ws: list[Word]) -> list[Word]:
    index = 0
    while index < len(ws) - 1 and ws[index].lower in LEADING_CONNECTIVES:
        index += 1
    return ws[index:]


def _is_adverbial_chunk(ws: list[Word]) -> bool:
    first = ws[0].lower
    if first in ADVERBIAL_STARTS or first in RELATIVES:
        return True
    if first in TIME_WORDS:
        return True
    return all(w.value.isdigit() or w.lower in TIME_WORDS for w in ws)


def _subject_of_chunk(
    text: str, ws: list[Word], lex: Lexicon, vocab: ArticleWords, *, whole: bool
) -> Mention | None:
    ws = _strip_connectives(ws)
    if not ws:
        return None
    first = ws[0]
    if first.lower in ANONYMOUS and len(ws) <= 6:
        return Mention(first.start, first.end)  # says nobody: the speaker stays unknown
    if first.lower in lex.pronouns:
        if first.lower == "it" and not all(w.lower in _TRAILING_ADVERBS for w in ws[1:]):
            return None  # "It is said that ...": impersonal, nobody speaks
        if len(ws) <= 4:
            return Mention(first.start, first.end, pronoun=True)
        return None
    named = _named_after_naming_word(text, ws, lex, vocab)
    if named is not None:
        return named
    if first.lower in DETERMINERS:
        desc = _description(text, ws)
        if desc is None or (whole and len(ws) > 10):
            return None
        return desc
    length = _run_length(text, ws, 0, lex)
    if length == 0:
        # "But spokesperson Carla Dent said": a lower-case role, then the name.
        return _lowercase_then_name(text, ws, lex, vocab) if first.value.islower() else None
    rest = ws[length:]
    titled = _described_name(text, ws, length, lex, vocab)
    if titled is not None:
        return titled
    if length == 1 and len(ws) <= 7 and _name_follows_description(ws):
        # "Local angler Peter Hughes", "Campaign group River Action": a capitalized first
        # word and lower-case nouns describe the name after them.
        index = next(i for i in range(1, len(ws)) if ws[i].is_capitalized)
        tail = _run_length(text, ws, index, lex)
        if index + tail == len(ws) or not whole:
            named = _mention_from_run(text, ws[index : index + tail], lex, vocab)
            if named.name is not None and (index + tail == len(ws) or _rest_ok(ws[index + tail :])):
                role = _clean_name(text[ws[0].start : ws[index - 1].end])
                return Mention(ws[0].start, named.end, name=named.name, role=role)
    if whole and any(not w.value.isdigit() for w in rest):
        return None
    if (
        lex.language == "en"
        and length == 1
        and rest
        and first.lower in vocab.commons
        and not rest[0].is_capitalized
        and rest[0].lower not in ADVERBIAL_STARTS
    ):
        # "Consumer groups said": a common word capitalized only because it opens the sentence.
        return _description(text, ws)
    if rest and not (
        len(rest) <= 3
        and all(not w.is_capitalized for w in rest)
        or rest[0].lower in RELATIVES
        and len(rest) <= 9
        or rest[0].lower in ADVERBIAL_STARTS
        and len(rest) <= 8
    ):
        return None
    return _mention_from_run(text, ws[:length], lex, vocab)


NAMING_WORDS = wordset("bernama named")


def _named_after_naming_word(
    text: str, ws: list[Word], lex: Lexicon, vocab: ArticleWords
) -> Mention | None:
    """ "Pedagang bernama Siti Aminah", "a farmer named Joe Banks": the name after "bernama" /
    "named" speaks; the words before it are its role."""
    for index in range(1, min(len(ws) - 1, 5)):
        if ws[index].lower not in NAMING_WORDS:
            continue
        length = _run_length(text, ws, index + 1, lex)
        if length == 0 or index + 1 + length != len(ws):
            return None
        mention = _mention_from_run(text, ws[index + 1 :], lex, vocab)
        if mention.name is None:
            return None
        role = _clean_name(text[ws[0].start : ws[index - 1].end])
        return Mention(ws[0].start, mention.end, name=mention.name, role=mention.role or role)
    return None


def _described_name(
    text: str, ws: list[Word], length: int, lex: Lexicon, vocab: ArticleWords
) -> Mention | None:
    """ "Dokter spesialis anak dr. Ani Rahmawati": a title with lower-case words ("spesialis
    anak") that break the capitalized run, closed by a name; the name speaks, the rest is
    its role.  Only a short phrase of a title word and lower-case words, without a verb."""
    if length >= len(ws) or ws[0].lower not in lex.roles or len(ws) > 9:
        return None
    if _mention_from_run(text, ws[:length], lex, vocab).name is not None:
        return None  # "Presiden Joko Widodo dalam rapat di Istana Merdeka": named already
    for index in range(length, len(ws)):
        tail = _run_length(text, ws, index, lex)
        if tail == 0:
            lower = ws[index].lower
            if (
                ws[index].is_capitalized
                or _VERB_LIKE.fullmatch(lower)
                or lower in ADVERBIAL_STARTS
                or lower in RELATIVES
            ):
                return None
            continue
        if index + tail != len(ws):
            return None
        mention = _mention_from_run(text, ws[index:], lex, vocab)
        if mention.name is None:
            return None
        role = _clean_name(text[ws[0].start : mention.start].rstrip(" ,"))
        if mention.role:
            role = f"{role} {mention.role}"
        return Mention(ws[0].start, mention.end, name=mention.name, role=role)
    return None


_VERB_LIKE = re.compile(r"(?:me[mnr]?|meng|meny|ber|di)\w{3,}|\w+(?:ed|ing)")


def clause_subject(
    text: str, start: int, end: int, lex: Lexicon, vocab: ArticleWords
) -> Mention | None:
    """The subject opening a clause ("He rejected ...", "A spokesperson for X dismissed ...")."""
    ws = _strip_connectives(words(text, skip_dateline(text, start, end), end))
    if not ws:
        return None
    if ws[0].lower in lex.pronouns:
        return Mention(ws[0].start, ws[0].end, pronoun=True)
    if ws[0].lower in DETERMINERS:
        return _description(text, ws)
    length = _run_length(text, ws, 0, lex)
    if length == 0:
        return None
    return _mention_from_run(text, ws[:length], lex, vocab)


def _is_degree(chunk: str) -> bool:
    """ "M.Kes.", "S.H., M.H." or "MBA": academic degrees written after a name."""
    tokens = chunk.replace(",", " ").split()
    return bool(tokens) and all(is_degree_token(token) for token in tokens)


def _credential_after_name(text: str, chunks: list[tuple[int, int]], index: int) -> bool:
    """ "Budi Santoso, FRCS, said": all-capitals words of 2-4 letters set off by a comma right
    after a name (a capitalized word that is not itself an acronym) are a credential."""
    tokens = text[chunks[index][0] : chunks[index][1]].split()
    if not tokens or len(tokens) > 3:
        return False
    if not all(_CREDENTIAL.fullmatch(t) or is_degree_token(t) for t in tokens):
        return False
    while index > 0:
        index -= 1
        before = words(text, *chunks[index])
        if not before:
            return False
        if _is_degree(text[chunks[index][0] : chunks[index][1]]) or all(
            _CREDENTIAL.fullmatch(w.value) for w in before
        ):
            continue  # "Name, MBA, CPA, said"
        return before[-1].is_capitalized and not before[-1].is_acronym
    return False


def _skippable(text: str, start: int, end: int, ws: list[Word]) -> bool:
    """Degrees, party tags and ages between a name and its verb ("X, M.Si.,", "R-Mont."),
    also a degree that runs on into where or when ("X, M.Si. di Palu, Senin, mengatakan")."""
    chunk = text[start:end].strip()
    if _is_degree(chunk) or _PARTY.fullmatch(chunk) is not None:
        return True
    if ws and all(w.value.isdigit() for w in ws):
        return True
    tokens = chunk.split()
    leading = 0
    while leading < len(tokens) and is_degree_token(tokens[leading]):
        leading += 1
    if 0 < leading < len(tokens):
        rest = [w for w in ws if w.start >= start + text[start:end].index(tokens[leading])]
        return bool(rest) and _is_adverbial_chunk(rest)
    return False


def _appositive_subject(
    text: str, chunks: list[tuple[int, int]], lex: Lexicon, vocab: ArticleWords
) -> Mention | None:
    """Subject of "Name, 71, of Roswell, said" / "Role, Name, M.Si., said": the first name."""
    index = 0
    while index < min(2, len(chunks) - 1):
        ws = words(text, *chunks[index])
        if ws and (all(w.lower in LEADING_CONNECTIVES for w in ws) or _is_adverbial_chunk(ws)):
            index += 1
            continue
        break
    chunks = chunks[index:]
    if len(chunks) < 2:
        return None
    description: Mention | None = None
    named: list[Mention] = []
    for position, (c_start, c_end) in enumerate(chunks):
        ws = words(text, c_start, c_end)
        last = position == len(chunks) - 1
        if not ws:
            if last:
                continue
            return None
        if len(ws) > 10:
            return None
        if _skippable(text, c_start, c_end, ws) or _credential_after_name(text, chunks, position):
            continue
        mention = _subject_of_chunk(text, ws, lex, vocab, whole=not last)
        if mention is not None and mention.name:
            named.append(mention)
            continue
        if mention is not None:
            if position == 0 or (description is None and ws[0].lower in ARTICLES):
                description = mention
            continue
        if position == 0 or ws[0].is_capitalized:
            return None
    if named:
        # "Pengamat dari Universitas Negeri Semarang, Prof. Dr. Edi Santoso Wijaya, M.Pd.,":
        # a bare name beats a name that is only the tail of a title.
        best = next((m for m in named if m.role is None), named[0])
        role = best.role or (description.description if description else None)
        if role is None and best is not named[0]:
            role = named[0].description or _clean_name(text[named[0].start : named[0].end])
        return Mention(best.start, best.end, name=best.name, role=role)
    return description


def mention_before(
    text: str, lo: int, verb_start: int, lex: Lexicon, vocab: ArticleWords
) -> Mention | None:
    """The subject of a reporting verb, searched in ``text[lo:verb_start]``.

    Steps back over comma-separated adverbials ("Bahtiar, di Jakarta, Senin (3/1),
    mengatakan"), degrees ("X, M.Si., menilai") and appositives ("Smith, a spokesman,
    said"; "Warsini (67), warga Kec. Harjamukti, mengaku").
    """
    lo = skip_dateline(text, lo, verb_start)
    chunks = _split_commas(text, lo, verb_start)
    last_ws = words(text, *chunks[-1])
    last_skipped = bool(last_ws) and (
        _skippable(text, *chunks[-1], last_ws)
        or _credential_after_name(text, chunks, len(chunks) - 1)
    )
    if not last_ws or last_skipped:
        found = _appositive_subject(text, chunks, lex, vocab)
        if found is not None:
            return found
    descriptor: Mention | None = None
    first_real = True
    for step, (c_start, c_end) in enumerate(reversed(chunks)):
        if step >= 7:
            break
        ws = last_ws if step == 0 else words(text, c_start, c_end)
        if not ws:
            if step == 0:
                continue
            break
        if (
            last_skipped
            if step == 0
            else _skippable(text, c_start, c_end, ws)
            or _credential_after_name(text, chunks, len(chunks) - 1 - step)
        ):
            continue
        if first_real and _is_adverbial_chunk(ws):
            continue
        mention = _subject_of_chunk(text, ws, lex, vocab, whole=not first_real)
        if first_real and mention is None and ws[0].lower in CLAUSE_JOINERS:
            group = ws[1:]
            if 1 <= len(group) <= 3 and all(
                w.value.islower() and w.lower not in LEADING_CONNECTIVES for w in group
            ):
                # "..., and campaigners say ...", "But critics argue ...": a new clause whose
                # subject is a lower-case group of people.
                value = _clean_name(text[group[0].start : group[-1].end])
                return Mention(group[0].start, group[-1].end, description=value)
        if first_real:
            first_real = False
            if mention is not None and not (
                mention.description and mention.description[:1].islower()
            ):
                return mention
            if mention is None:
                if ws[0].is_capitalized or ws[0].lower in lex.pronouns:
                    return None
                if all(w.lower in LEADING_CONNECTIVES or w.lower in CONNECTORS for w in ws):
                    return None  # '"...," and said': no subject here
                kept = list(ws)
                while len(kept) > 1 and kept[-1].lower in _TRAILING_ADVERBS:
                    kept.pop()  # "jaksa juga mengungkap": the subject is "jaksa"
                mention = Mention(
                    kept[0].start,
                    kept[-1].end,
                    description=_clean_name(text[kept[0].start : kept[-1].end]),
                )
            descriptor = mention
            continue
        if mention is not None and mention.name:
            return Mention(
                mention.start,
                mention.end,
                name=mention.name,
                role=descriptor.description
                if descriptor and descriptor.description
                else mention.role,
            )
        break
    if descriptor is not None and descriptor.description:
        lead = words(text, lo, descriptor.start)
        first = words(text, descriptor.start, descriptor.end)[0]
        inner = words(text, descriptor.start, descriptor.end)
        if first.lower in DETERMINERS:
            return descriptor
        if len(lead) <= 3 and len(inner) <= 8:
            named = _lowercase_then_name(text, inner, lex, vocab)
            if named is not None:
                return named
            capital = next((w for w in inner if w.is_capitalized), None)
            if capital is not None:
                value = tidy_description(_clean_name(text[capital.start : descriptor.end]))
                return Mention(capital.start, descriptor.end, description=value)
            return descriptor
    return None


def article_words(text: str, lex: Lexicon) -> ArticleWords:
    """Places (words right after "di", "Kabupaten", ...) and lower-case words of an article."""
    found: set[str] = set()
    ws = words(text)
    values, lowers, capitalized = word_columns(text)
    commons = frozenset(filter(str.islower, values))
    heads = lex.place_heads  # a word neither bare nor with a full stop a marker is skipped
    for index in compress(count(), map(heads.__contains__, lowers[:-1])):
        left = ws[index]
        marker = left.lower
        if text[left.end : left.end + 1] == ".":
            marker += "."
        if not (marker in lex.place_markers or left.lower in lex.place_markers):
            continue
        run: list[Word] = []
        for right in ws[index + 1 : index + 4]:
            previous = run[-1] if run else left
            if not right.is_capitalized or right.start - previous.end > 2:
                break
            if run and text[previous.end : right.start].strip():
                break  # "Desa Sukamaju, Tarno,": a comma ends the place
            if right.lower in lex.roles or right.lower in lex.honorifics:
                break
            run.append(right)
        # "Kabupaten Ogan Ilir," is a two-word place; in "Kota Ciremai Rahmat Hidayatullah"
        # only the first word is: a name follows the place.
        found.update(w.lower for w in (run if len(run) <= 2 else run[:1]))
    found.update(_title_qualifiers(text, ws, capitalized, lex))
    return ArticleWords(frozenset(found), commons)


def _title_qualifiers(text: str, ws: list[Word], capitalized: list[bool], lex: Lexicon) -> set[str]:
    """Words that follow a title word with ever-changing continuations: places and bodies.

    "KPU Garut,", "Bupati Garut Rudy", "Sekda Garut Nurdin", "Kapolres Garut AKBP": Garut is
    no one's name.  A name after a title is followed by the same surname (or nothing) each
    time, so two different following names, or three different continuations in all, mark
    the word as a qualifier.
    """
    continuations: dict[str, set[str]] = {}
    for index in compress(range(1, len(ws)), capitalized[1:]):  # capitalized[i]: of ws[i]
        word, previous = ws[index], ws[index - 1]
        if word.lower in lex.roles or word.start - previous.end > 2:
            continue
        if previous.lower not in lex.roles and not previous.is_acronym:
            continue
        nxt = ws[index + 1] if index + 1 < len(ws) else None
        joined = (
            nxt is not None
            and nxt.is_capitalized
            and nxt.start - word.end <= 2
            and not text[word.end : nxt.start].strip()
        )
        continuations.setdefault(word.lower, set()).add(nxt.lower if joined and nxt else "")
    return {word for word, seen in continuations.items() if len(seen - {""}) >= 2 or len(seen) >= 3}


def person_mentions(text: str, lex: Lexicon, vocab: ArticleWords) -> list[Mention]:
    """Named people introduced with a role or title anywhere in the text (for name merging)."""
    mentions: list[Mention] = []
    ws = words(text)
    honorifics = lex.honorifics
    # only a capitalized word or an honorific may open a run (see _run_length)
    _, lowers, capitalized = word_columns(text)
    openers = compress(count(), map(or_, capitalized, map(honorifics.__contains__, lowers)))
    following = 0  # the first word not yet part of a run
    for index in openers:
        if index < following:
            continue
        length = _run_length(text, ws, index, lex)
        if length < 2 and not (length == 1 and _AGE_AFTER.match(text, ws[index].end)):
            continue
        run = ws[index : index + length]
        mention = _mention_from_run(text, run, lex, vocab)
        titled = any(w.lower in lex.honorifics for w in run[:-1])
        aged = _AGE_AFTER.match(text, mention.end) is not None
        if (
            mention.name
            and (mention.role or titled or aged)
            and mention.name.lower() not in lex.roles
        ):
            mentions.append(mention)
        following = index + length
    return mentions


def bare_subject(
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


_PASSIVE = re.compile(r"di(?!a\b|rinya\b)[a-z]{4,}")


def is_passive_verb(lower: str) -> bool:
    """ "ditangkap", "diperiksa": an Indonesian passive verb (not "dia", "dirinya")."""
    return _PASSIVE.fullmatch(lower) is not None


_SIMILAR_VIEW = re.compile(
    r"(?:Hal|Pendapat|Keluhan|Pandangan|Keterangan)\s+(?:senada|serupa|yang sama|berbeda)\s+"
    r"(?:juga\s+)?(?:di\w+|di\w+kan)\s+(?:oleh\s+)?"
    r"|Similar (?:concerns|views|complaints) (?:were|was) (?:raised|voiced|expressed) by\s+",
)


def sentence_topics(
    text: str, sentences: list[tuple[int, int]], lex: Lexicon, vocab: ArticleWords
) -> list[Mention]:
    """Named subjects opening a sentence, after connectives and one adverbial clause ("Hartono
    yang mengenakan batik ...", "Saat ditanya wartawan, Jokowi enggan ...", "Margaret Holt,
    78, has been ...", "Local baker Tom Riggs has ...", "Petani lain, Asep, juga ..."): the
    people a passage is about, whom later pronouns point at.  A topic's ``role`` is set when
    a role, title or age marks it as a person (see :func:`topic_is_person`)."""
    return list(iter_sentence_topics(text, sentences, lex, vocab))


def iter_sentence_topics(
    text: str, sentences: list[tuple[int, int]], lex: Lexicon, vocab: ArticleWords
) -> Iterator[Mention]:
    """:func:`sentence_topics` one at a time, in text order: a reader that needs only the
    topics before some place (the resolver, before a quote) leaves the rest unfound."""
    for s_start, s_end in sorted(sentences):
        begin = skip_dateline(text, s_start, s_end)
        similar = _SIMILAR_VIEW.match(text, begin, s_end)
        if similar is not None:
            # "Hal senada disampaikan Iis Sumiati, warga setempat.": the next speaker.
            named = mention_after(text, similar.end(), s_end, lex, vocab)
            if named is not None and named.name:
                yield named
            continue
        ws = _strip_connectives(words(text, begin, min(s_end, begin + 400)))
        if len(ws) < 3 or text[begin] in "\"“‘'«":
            continue  # a quotation opens the sentence: its words are not the writer's subject
        if ws[0].lower in ADVERBIAL_STARTS or ws[0].lower in TIME_WORDS:
            comma = next(
                (i for i in range(1, min(len(ws), 16)) if "," in text[ws[i - 1].end : ws[i].start]),
                None,
            )
            if comma is None:
                continue
            ws = _strip_connectives(ws[comma:])
        topic = _topic_at(text, ws, lex, vocab)
        if topic is not None:
            yield topic


def _topic_at(text: str, ws: list[Word], lex: Lexicon, vocab: ArticleWords) -> Mention | None:
    """The named subject opening ``ws``, possibly after lower-case role words ("Local baker
    Tom Riggs") or a role set off by commas ("Petani lain, Asep,")."""
    if len(ws) < 3 or ws[0].lower in lex.pronouns or ws[0].lower in DETERMINERS:
        return None
    index = 0
    prefix = False
    length = _run_length(text, ws, 0, lex)
    first = _mention_from_run(text, ws[:length], lex, vocab) if length else None
    described = length == 1 and _name_follows_description(ws)
    if first is None or first.name is None or described:
        # The opening words are a description ("Local baker", "Petani lain,"): look for the
        # name right after them, within five words and before any verb.
        for ahead in range(1, min(6, len(ws))):
            word = ws[ahead]
            if word.is_capitalized:
                index = ahead
                break
            if _VERB_LIKE.fullmatch(word.lower) or word.lower in ADVERBIAL_STARTS:
                return None
            if word.lower in RELATIVES or word.lower in _PREDICATE_WORDS:
                return None
        else:
            return None
        length = _run_length(text, ws, index, lex)
        prefix = True
    if length == 0 or index + length >= len(ws):
        return None
    run = ws[index : index + length]
    if run[-1].is_acronym:
        return None
    follower = ws[index + length]
    gap = text[run[-1].end : follower.start].strip()
    if follower.is_capitalized or gap not in ("", ",", ".") or follower.lower in ANAPHORS:
        return None  # "Pelatih asal Spanyol itu": an epithet, not a name
    after = ws[index + length + 1] if index + length + 1 < len(ws) else None
    indonesian_passive = lex.language != "en" and _PASSIVE.fullmatch(follower.lower)
    if (not gap and indonesian_passive) or (
        follower.lower in ("was", "were", "is", "are")
        and after is not None
        and after.lower.endswith("ed")
    ):
        return None  # "Tersangka Budi ditangkap ...", "Smith was arrested": not the agent
    # Without the description prefix the run is the opening run, already made a mention.
    mention = _mention_from_run(text, run, lex, vocab) if prefix or first is None else first
    if not mention.name or mention.name.lower() in lex.roles:
        return None
    if any(w.lower in vocab.places for w in run):
        return None  # "Jakarta Barat menjadi ...": a place, not a person
    role = mention.role
    if prefix:
        role = _clean_name(text[ws[0].start : run[0].start].rstrip(" ,")) or role
    elif role is None and _AGE_AFTER.match(text, run[-1].end):
        role = "(age)"
    return Mention(mention.start, mention.end, name=mention.name, role=role)


def _rest_ok(rest: list[Word]) -> bool:
    """Words after a subject that still leave it the subject of the cue after them."""
    return (
        len(rest) <= 3
        and all(not w.is_capitalized for w in rest)
        or rest[0].lower in RELATIVES
        and len(rest) <= 9
        or rest[0].lower in ADVERBIAL_STARTS
        and len(rest) <= 8
    )


def _name_follows_description(ws: list[Word]) -> bool:
    """ "Local baker Tom Riggs has ...": one capitalized word, lower-case nouns, then a
    capitalized word before any verb."""
    for word in ws[1:6]:
        if word.is_capitalized:
            return word is not ws[1]
        lower = word.lower
        if (
            _VERB_LIKE.fullmatch(lower)
            or lower in ADVERBIAL_STARTS
            or lower in RELATIVES
            or lower in _PREDICATE_WORDS
            or lower in ANAPHORS
        ):
            return False
    return False


def topic_is_person(topic: Mention) -> bool:
    """A topic surely names a person: a role, title or age marks it, or it is a name of two or
    more words none of which is an acronym or an organisation word ("Budi Hartono")."""
    if topic.role:
        return True
    parts = (topic.name or "").split()
    return len(parts) >= 2 and not any(
        p.isupper() or p.lower().strip(".") in ORG_HEADS or p.lower() in _TEAM_WORDS for p in parts
    )


_TEAM_WORDS = wordset("fc united city rovers putra jaya persib persija arema")
_PREDICATE_WORDS = wordset("is are was were has have had akan sudah telah adalah merupakan")
