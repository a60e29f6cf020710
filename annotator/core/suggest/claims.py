"""Check-worthy claims: sentence-sized units with a category of the default claim taxonomy.

A unit is a sentence, or the part of a sentence inside a quote (a claim inside a quote
carries the quote's speaker; inside an indirect quote the unit is the quote's span).  The
category comes from marker words in a fixed order of precedence; a unit with no marker is not
suggested.  Invariants: ``text[start:end]`` is stripped, never crosses a quote boundary and
never starts inside a dateline ("LONDON (Reuters) - ").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from annotator.core.suggest.text import skip_dateline, split_glued, strip_span, words

_FLAGS = re.IGNORECASE


_MARKER_OPEN, _MARKER_CLOSE = r"(?<![\w-])(?:", r")(?![\w-])"


class _Markers:
    """Whole-word markers, case-insensitive: ``search(text)`` tells whether one occurs.

    Case-insensitive matching tries every first-letter branch at every word, so the markers
    are searched in the lower-cased text with a case-sensitive copy instead, where a branch
    that cannot start with the next character is skipped at once: the same answer, as each
    character matches a marker character case-insensitively exactly when its lower case
    matches the lower-cased one, save the few in :data:`_CASE_ODD` (then the case-insensitive
    pattern is used).  Alternatives that switch case-insensitivity off (``(?-i:UU)``) are
    searched in the text as it is.  Only whether there is a match is ever asked: the
    alternatives are regrouped by first letter, which changes which alternative a match comes
    from, never whether there is one.
    """

    def __init__(self, alternatives: list[str]) -> None:
        self.alternatives = alternatives
        self.pattern = _whole_words(alternatives, _FLAGS)  # for text with odd case folding
        cased = [a for a in alternatives if "(?-i" in a]
        uncased = [
            form for a in alternatives if "(?-i" not in a for form in _char_first(_lower_case(a))
        ]
        uncased = list(dict.fromkeys(uncased))  # a marker may be in two lists of a union
        # In the lower-cased text, which starts with a space (see _Unit), a marker follows a
        # character that is neither a word character nor a hyphen: the search jumps from one
        # such character to the next instead of looking behind at every position.  (A marker's
        # own look-behinds see that space where the text starts; none tells them apart.)
        self._lowered = (
            re.compile(r"[^\w-](?:" + _by_first_letter(uncased, 3) + _MARKER_CLOSE)
            if uncased
            else None
        )
        self._cased = _whole_words(cased, _FLAGS) if cased else None
        # "(?-i:UU)" can only match where "UU" occurs: a substring test spares the search.
        self._cased_needs = tuple(_cased_literal(a) for a in cased)
        # Markers that are all markers of _ANY_CATEGORY too start no earlier than its first
        # one: they are searched from there (see _from_first_marker).
        self.in_any = False

    def search(self, text: str) -> bool:
        return self.found(_Unit.of(text))

    def found(self, unit: _Unit) -> bool:
        text, lowered, start = unit
        if lowered is None:
            return self.pattern.search(text) is not None
        if (
            self._lowered is not None
            and self._lowered.search(lowered, start if self.in_any else 0) is not None
        ):
            return True
        return self.found_cased(text)

    def found_cased(self, text: str) -> bool:
        """Whether a case-sensitive marker occurs in ``text`` (not lowered)."""
        for literal in self._cased_needs:
            if literal in text:
                return self._cased.search(text) is not None
        return False


class _Unit(NamedTuple):
    """A text to search for markers, with a space and its lower case when that may stand for
    it (see :class:`_Markers`), and where in that the first marker of _ANY_CATEGORY may be."""

    text: str
    lowered: str | None
    start: int = 0

    @staticmethod
    def of(text: str) -> _Unit:
        if text.isascii() or _CASE_ODD.search(text) is None:
            return _new_unit(_Unit, (text, " " + text.lower(), 0))
        return _Unit(text, None)


_new_unit = tuple.__new__  # what _Unit(...) calls, without the call through its __new__


def _cased_literal(alternative: str) -> str:
    """The letters a case-sensitive alternative opens with ("UU" of ``(?-i:UU)``), or ""."""
    match = re.match(r"\(\?-i:([A-Za-z]+)(?![?*+{])", alternative)
    return match.group(1) if match else ""


# Characters that match a marker character case-insensitively although their lower case does
# not match its lower case, or whose lower case is longer ("İ" -> "i̇"): tests/
# test_claims_speed_equivalence.py finds them among all characters.
_CASE_ODD = re.compile("[\u0130\u0131\u017f]")


def _whole_words(alternatives: list[str], flags: int) -> re.Pattern[str]:
    return re.compile(_MARKER_OPEN + _by_first_letter(alternatives) + _MARKER_CLOSE, flags)


def _lower_case(pattern: str) -> str:
    """``HET|°[CF]?|\\S`` -> ``het|°[cf]?|\\S``: literal letters lowered, escapes kept."""
    chars = []
    escaped = False
    for char in pattern:
        chars.append(char if escaped else char.lower())
        escaped = not escaped and char == "\\"
    return "".join(chars)


def _markers(*patterns: str) -> _Markers:
    """Whole-word markers, case-insensitive (see :class:`_Markers`)."""
    return _Markers([a for pattern in patterns for a in _alternatives(pattern)])


def _any_marker(*markers: _Markers) -> _Markers:
    """Finds something exactly where one of ``markers`` does."""
    return _Markers([a for m in markers for a in m.alternatives])


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (split at ``|`` outside groups and
    character classes)."""
    parts: list[str] = []
    start = 0
    for index, char, depth in _scan_regex(pattern):
        if char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts


def _scan_regex(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth before it) of the characters of a regular expression
    outside escapes and character classes."""
    depth = 0
    class_start: int | None = None  # inside a character class: where its members start
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if class_start is not None:
            if char == "]" and index > class_start:
                class_start = None
        elif char == "[":
            class_start = index + 1 + (pattern[index + 1 : index + 2] == "^")
        else:
            yield index, char, depth
            depth += (char == "(") - (char == ")")
        index += 1


def _opened(alternative: str) -> list[str]:
    """``(?:a|b)c`` -> ``ac``, ``bc`` (a leading group without a quantifier, opened)."""
    if not alternative.startswith("(?:"):
        return [alternative]
    close = next(i for i, char, depth in _scan_regex(alternative) if char == ")" and depth == 1)
    rest = alternative[close + 1 :]
    if rest[:1] in ("?", "*", "+", "{"):
        return [alternative]
    return [o for inner in _alternatives(alternative[3:close]) for o in _opened(inner + rest)]


def _char_first(alternative: str) -> list[str]:
    """Forms of an alternative opening with the character it matches first, where it opens
    with look-arounds or an optional group: ``(?<!yang )akan`` -> ``a(?<=(?<!yang )a)kan``
    (the same look-arounds, looked at from behind the letter; letters are taken to be lower
    case) and ``(?:pada )?bulan`` -> ``pada bulan``, ``bulan``.  A branch that opens with a
    character is skipped at once where the text has another one; the others are tried at
    every word."""
    if alternative.startswith("(?:"):
        group, rest = _leading_group(alternative)
        if rest[:1] == "?" and rest[1:2] not in ("?", "+"):
            return [*_char_first(group + rest[1:]), *_char_first(rest[1:])]
        return [alternative]
    assertions, rest = "", alternative
    while rest.startswith(("(?<!", "(?<=", "(?!", "(?=")):
        group, rest = _leading_group(rest)
        assertions += group
    if assertions:
        heads = [_head(o) for form in _char_first(rest) for o in _opened(form)]
        if None not in heads:
            return [f"{h}(?<={assertions}{h}){after}" for h, after in heads]
    return [alternative]


def _leading_group(alternative: str) -> tuple[str, str]:
    """``(?:a|b)c`` -> ``(?:a|b)``, ``c``."""
    close = next(i for i, char, depth in _scan_regex(alternative) if char == ")" and depth == 1)
    return alternative[: close + 1], alternative[close + 1 :]


def _head(alternative: str) -> tuple[str, str] | None:
    """The plain character (a letter in lower case), escaped symbol or digit class an
    alternative opens with, and the rest."""
    if re.match(r"[A-Za-z](?![?*+{])", alternative):
        return alternative[0].lower(), alternative[1:]
    if re.match(r"(?:[^\\\[\](){}?*+|.^$\w\s]|\\[^\w\s])(?![?*+{])", alternative):
        size = 2 if alternative[0] == "\\" else 1
        return alternative[:size], alternative[size:]
    if alternative.startswith("\\d+"):
        return "\\d", "\\d*" + alternative[3:]
    if re.match(r"\\d(?![?*+{])", alternative):
        return "\\d", alternative[2:]
    return None


def _by_first_letter(alternatives: list[str], depth: int = 1) -> str:
    """``abc|abd|x|(?:y|z)w|(?-i:v)`` -> ``a(?:bc|bd)|x(?:)|y(?:w)|z(?:w)|(?-i:v)``:
    alternatives that open with a plain letter (case-insensitively) or a digit, leading groups
    opened, share one branch per letter; the others stay as they are.  With a ``depth`` above
    one the rests of each branch are grouped the same way, ``depth - 1`` letters deep."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for alternative in (o for a in alternatives for o in _opened(a)):
        head = _head(alternative)
        if head is None:
            others.append(alternative)
        else:
            groups.setdefault(head[0], []).append(head[1])
    branches = [
        f"{letter}(?:{_by_first_letter(rests, depth - 1) if depth > 1 else '|'.join(rests)})"
        for letter, rests in groups.items()
    ]
    return "|".join(branches + others)


_RULES = _markers(
    r"(?-i:UU)",
    r"undang-undang",
    r"peraturan\w*|permendagri|permendikbud|permenkes|permen\w*",
    r"perpres|pkpu|perda|perppu|perbup|perwal|pergub|inpres|keppres|ranperda|raperda",
    r"pasal",
    r"surat edaran",
    r"wajib",
    r"dilarang|larangan",
    r"sanksi\w*",
    r"mengatur|diatur",
    r"regulasi",
    r"ketentuan",
    r"tarif\w*|HET|harga eceran tertinggi|kuota",
    r"berlaku\w*|ditetapkan|menetapkan|berhak|syarat|persyaratan",
    r"laws?|(?-i:Act)|regulations?|rules?|statutes?|decree|constitution\w*|unconstitutional",
    r"illegal|unlawful|banned|prohibited|mandatory|required by|eligib\w*",
    r"penalt(?:y|ies)|fines?|sanctions?|tariffs?|takes effect|took effect",
    r"aturan\w*|otomatis|disita|dipidana|diancam|diberikan gratis|digratiskan",
    r"(?:are|is|were|was|not) (?:permitted|allowed|entitled) to|automatically"
    r"|penali[sz]es?|penali[sz]ed",
)
# "harus" states a rule ("Pasien harus minum obat"), except as an exhortation to everyone
# ("Semua pihak harus turun tangan", "yang harus kita ubah", "juga harus naik").
_MUST = _markers(r"harus|must")
_EXHORTATION = _markers(
    r"kita|bersama|(?:juga|yang|ia|dia|saya|aku|kami) harus|semua (?:pihak |elemen |orang )?harus"
    r"|we all|everyone"
)
# "kami" alone is an institution speaking ("Kami sudah menyiapkan operasi pasar"), not a person.
_FIRST_PERSON = _markers(r"saya|aku|gue|gua", r"I|I've|I’ve|I'd|I’d|my|we|our")
_EXPERIENCE = _markers(
    r"pernah|dulu|dulunya|awalnya|sempat|sudah|tahun lalu|biasanya|mengalami|merasakan",
    r"used to|ve had|had|was|were|lost|paid|spent|saw|felt|ago|last (?:year|month|week)",
    r"pertama kali|any more|anymore|no longer|every (?:summer|winter|day|week|year)|find",
)


class _Personal:
    """First person together with a past or experience marker ("Awalnya saya cuma coba")."""

    @staticmethod
    def search(sentence: str) -> bool:
        return _Personal.found(_Unit.of(sentence))

    @staticmethod
    def found(unit: _Unit) -> bool:
        sentence = unit.text
        if _HABIT.match(sentence.lstrip(" \"“‘'")):
            return True  # '"Biasanya sebulan habis Rp 30 ribu"': the speaker's own routine
        if not _FIRST_PERSON.found(unit):
            return False
        if _EXPERIENCE.found(unit):
            return True
        # '"Gaji terakhir saya Rp 350.000"', '"Servis saya dua kali nyangkut"': a figure of the
        # speaker's own life, not a statistic.
        return bool(_SINGULAR_FIRST_PERSON.search(sentence)) and (
            _QUANTITY.found(unit) or _WORD_NUMBERS.found(unit)
        )


_SINGULAR_FIRST_PERSON = re.compile(r"\b(?:(?i:saya|aku|gue|gua|my)|I|I've|I’ve|I'd|I’d)\b")
_HABIT = re.compile(r"(?:biasanya|usually|normally)\b", re.IGNORECASE)


_PERSONAL = _Personal()
# A modal before a verb of change ("bisa turun", "could reach") forecasts a quantity.
_CHANGE = (
    r"(?:naik|turun|mencapai|menambah|meningkat|menurun|melonjak|bertambah|berkurang|tembus"
    r"|rise|fall|reach|increase|decrease|drop|grow|double|climb|exceed|hit)"
)
_FORECAST = _markers(
    rf"(?:akan|bakal|bisa|dapat|diprediksi|diperkirakan|could|may|might|will|would|expected to)"
    rf"(?:\s+(?!normally|usually|typically|biasanya)\w+)?\s+{_CHANGE}\w*",
    r"targetkan|menargetkan|ditargetkan|targetnya",
    r"diperkirakan|memperkirakan|diprediksi|memprediksi|proyeksi\w*|diproyeksikan",
    r"expected to|forecasts?|projected|predicts?|predicted",
)
_PREDICTION = _markers(
    r"(?<!yang )(?<!tidak )akan",
    r"bakal",
    # "target" alone is mostly a yardstick ("di atas target nasional 14 persen"), not a plan.
    r"targetkan|menargetkan|ditargetkan|targetnya|targets? to",
    r"diperkirakan|memperkirakan|diprediksi|memprediksi|proyeksi\w*|diproyeksikan",
    r"berencana|direncanakan|rencananya|janji|berjanji",
    r"mendatang|tahun depan",
    r"will|won't|'ll|’ll|would(?! normally| usually| typically)|could|should|going to"
    r"|expected to|forecasts?|projected",
    r"plans? to|aims? to|next year",
)
_CAUSATION = _markers(
    r"karena|sehingga|menyebabkan|disebabkan|penyebab\w*|mengakibatkan|akibat\w*",
    r"berdampak|dampak\w*|memicu|dipicu|berkaitan",
    r"because|caused|causes|due to|led to|leads to|as a result|resulted in|result of",
    r"triggered|driven by|linked to|associated with|contributed to|blamed|meaning|more likely",
)
_QUANTITY = _markers(
    r"\d+(?:[.,]\d+)*\s*(?:%|persen|percent|per cent)",
    r"(?:rp\.?|us\$|\$|€|£)\s?\d[\d.,]*",
    r"\d[\d.,]*\s*(?:juta|miliar|triliun|ribu|million|billion|trillion|thousand)",
    r"\d+(?:[.,]\d+)*\s?(?:mm|cm|km|kg|ha|mph|kph|km/h|m2|m3|°[CF]?)",
    r"(?<![/\d.])(?!(?:19|20)\d\d(?!\d))\d+(?:[.,]\d+)*(?![/\d])",
    r"separuh|setengah|mayoritas|sepertiga|seperempat|sebagian besar|rata-rata",
    r"half|majority|doubled|tripled|twice|a fifth|a third|a quarter|record high|record",
    r"(?:meningkat|menurun|naik|turun|melonjak|anjlok|increased?|decreased?|rose|fell|dropped"
    r"|climbed|jumped|surged)(?=[^.]{0,300}\d)",
)
_ENACTED = _markers(r"disahkan|diresmikan|ditandatangani|was passed|were passed|was signed")
# Checkable facts without a number: past events of record, absences, rough counts.
_OTHER = _markers(
    r"disahkan|diresmikan|ditandatangani|bermula|dilantik",
    r"there (?:is|are|was|were) no|tidak ada|tak ada|tidak punya|tidak pernah",
    r"dozens|hundreds|puluhan|ratusan|belasan|canceled|cancelled",
    r"(?:pada|sejak|since) (?:tahun )?(?:19|20)\d\d",
    r"(?:pada )?(?:bulan|tahun|pekan) lalu|(?:januari|februari|maret|april|mei|juni|juli"
    r"|agustus|september|oktober|november|desember) lalu",
)
_WORD_NUMBERS = _markers(
    r"(?:dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|puluhan)"
    r"(?= (?:kali|unit|orang|hari|bulan|tahun|pekan|jam|kg|ton|persen))",
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) of (?:its|the|their)",
    r"\d+-\d+(?= (?:on|in|to|vote))|peringkat (?:kedua|ketiga|pertama)",
)
_DATE_WORDS = re.compile(
    r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun|senin|selasa|rabu|kamis|jumat|sabtu|minggu)\w*"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mei|agu|okt|des)\w*\.?"
    r"|\b(?:gmt|bst|utc|wib|wita|wit|a\.m\.|p\.m\.|am|pm|updated|published|diperbarui)\b"
    r"|\d+|[^\w\s]"
)


_DIGIT = re.compile(r"\d")


def _is_date_line(unit: str, has_digit: bool) -> bool:
    """ "Tue 3 Jan 2023 06.00 GMT", "Jan. 4, 2023 11:32 a.m.": a timestamp, never a claim
    (``has_digit``: whether ``unit`` holds a digit, as every timestamp does)."""
    if not has_digit:
        return False
    # Nothing but white space between the date words (stops at the first other word).
    pos = 0
    for match in _DATE_WORDS.finditer(unit):
        if unit[pos : match.start()].strip():
            return False
        pos = match.end()
    return not unit[pos:].strip()


# Month names and their abbreviations, never a longer word ("14 sepeda" is no date).
_MONTH = (
    r"(?:Jan(?:uari|uary)?|Feb(?:ruari|ruary)?|Mar(?:et|ch)?|Apr(?:il)?|Mei|May|Jun[ie]?"
    r"|Jul[iy]?|Agu(?:stus)?|Aug(?:ust)?|Sep(?:t|tember)?|Okt(?:ober)?|Oct(?:ober)?"
    r"|Nov(?:ember)?|Des(?:ember)?|Dec(?:ember)?)"
)
# Numbers that are not statistics: dates, times, ages, clock times, addresses and URLs.
_NOT_A_NUMBER = re.compile(
    r"\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)"
    rf"|\b\d{{1,2}}\s+{_MONTH}\b"
    rf"|\b{_MONTH}\.?\s+\d{{1,2}}\b"
    r"|\bpukul\s+\d{1,2}[.:]\d{2}|\b\d{1,2}[.:]\d{2}\s*(?:WIB|WITA|WIT)\b"
    r"|\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)"
    r"|\(\d{1,3}\)|,\s*\d{1,3}\s*,"
    r"|\bberusia\s+\d{1,3}\s+tahun|\baged\s+\d{1,3}|\b\d{1,3}-year-old"
    r"|\b(?:Route|Highway|Interstate|I-|US|Jalan|Jl\.|RT|RW)\s*\d+|\b\d{1,2}:\d{2}\b"
    r"|\bNo\.\s*\d+|\b(?:https?://|www\.)\S+",
    _FLAGS,
)
# Every form of _NOT_A_NUMBER holds a digit or opens a web address: without either there is
# nothing to blank out.  (An address holds "://" or "www." in any case: ":" and "/" have no
# case and only "W" lowers to "w".)
_ADDRESS = re.compile(r"https?://|www\.", _FLAGS)
_FIRST_PERSON_IN_QUOTE = ("personal_experience", _PERSONAL, 0.55)
_CATEGORIES: tuple[tuple[str, _Markers | _Personal, float], ...] = (
    ("rules", _RULES, 0.65),
    _FIRST_PERSON_IN_QUOTE,
    ("prediction", _any_marker(_PREDICTION, _FORECAST), 0.6),  # either, in one search
    ("correlation_causation", _CAUSATION, 0.55),
    ("quantity", _QUANTITY, 0.65),
)
# Every marker a sentence outside a direct quote may be categorized by (one search tells
# whether to try them one by one).
_ANY_CATEGORY = _any_marker(
    _ENACTED, _RULES, _MUST, _PREDICTION, _FORECAST, _CAUSATION, _QUANTITY, _WORD_NUMBERS, _OTHER
)
# Whether a rule or an enacted rule may be found at all.
_ENACTED_OR_RULE = _any_marker(_ENACTED, _RULES, _MUST)


def _search_from_first_marker(*markers: _Markers | _Personal) -> None:
    """Lets those of ``markers`` that are all markers of _ANY_CATEGORY search from the first
    of these (see _from_first_marker)."""
    of_any = set(_ANY_CATEGORY.alternatives)
    for m in markers:
        if isinstance(m, _Markers):
            m.in_any = set(m.alternatives) <= of_any


_search_from_first_marker(
    _ENACTED_OR_RULE,
    _ENACTED,
    _MUST,
    _PREDICTION,
    _WORD_NUMBERS,
    _OTHER,
    _QUANTITY,
    *(pattern for _, pattern, _ in _CATEGORIES),
)


def _from_first_marker(unit: _Unit) -> _Unit | None:
    """``unit`` with ``start`` where the first marker of _ANY_CATEGORY is in its lower case
    (at its end when only a case-sensitive one is found), or None without any.  No marker of
    the categories starts before, so their searches start there."""
    text, lowered, _ = unit
    if lowered is None:
        return unit if _ANY_CATEGORY.found(unit) else None
    first = _ANY_CATEGORY._lowered.search(lowered) if _ANY_CATEGORY._lowered else None
    if first is not None:
        return _new_unit(_Unit, (text, lowered, first.start()))
    if _ANY_CATEGORY.found_cased(text):
        return _new_unit(_Unit, (text, lowered, len(lowered)))
    return None


MIN_WORDS = 5


@dataclass(frozen=True)
class QuoteSpan:
    """A resolved quote as the claim finder needs it."""

    start: int
    end: int
    quote_type: str
    speaker: str | None


def categorize(sentence: str, *, in_direct_quote: bool = False) -> tuple[str, float] | None:
    """The category key and confidence of a claim-like sentence, or None.

    First-person wording counts as personal experience only inside a direct quote.
    """
    has_digit = _DIGIT.search(sentence) is not None
    if _is_date_line(sentence, has_digit):
        return None
    unit = _Unit.of(sentence)
    if has_digit or (
        ("://" in sentence or "www." in (unit.lowered or sentence.lower()))
        and _ADDRESS.search(sentence)
    ):
        unit = _Unit.of(_NOT_A_NUMBER.sub(" ", sentence))
    gated = _from_first_marker(unit)
    if gated is not None:
        unit = gated
    elif not (in_direct_quote and _PERSONAL.found(unit)):
        return None
    maybe_rule = _ENACTED_OR_RULE.found(unit)  # one search instead of three, mostly
    if maybe_rule and _ENACTED.found(unit) and not _PREDICTION.found(unit):
        return "other", 0.5  # "Aturan tersebut disahkan DPRD pada Oktober lalu": an event
    for category, pattern, confidence in _CATEGORIES:
        if category == "personal_experience" and not in_direct_quote:
            continue
        if category == "rules" and not maybe_rule:
            continue
        if pattern.found(unit):
            return category, confidence
        if category == "rules" and _MUST.found(unit) and not _EXHORTATION.found(unit):
            return category, confidence
    if _WORD_NUMBERS.found(unit):
        return "quantity", 0.5
    if _OTHER.found(unit):
        return "other", 0.45
    return None


def _units(
    text: str, sentences: Sequence[tuple[int, int]], quotes: Sequence[QuoteSpan]
) -> list[tuple[int, int, str | None, bool]]:
    units: list[tuple[int, int, str | None, bool]] = []
    ordered = sorted(quotes, key=lambda q: q.start)
    longest = max((q.end - q.start for q in ordered), default=0)
    starts = [q.start for q in ordered]
    for s_start, s_end in sentences:
        low = bisect_left(starts, s_start - longest)
        high = bisect_left(starts, s_end)
        inside = [q for q in ordered[low:high] if q.end > s_start] if low < high else None
        if not inside:
            units += [(a, b, None, False) for a, b in split_glued(text, s_start, s_end)]
            continue
        for quote in inside:
            if quote.quote_type == "indirect":
                lead = _leading_clause(text, s_start, quote.start)
                if lead is not None and not any(
                    q.start < lead[1] and q.end > lead[0] for q in inside
                ):
                    units.append((*lead, None, False))
                units.append((quote.start, quote.end, quote.speaker, False))
                continue
            start, end = max(s_start, quote.start), min(s_end, quote.end)
            for a, b in split_glued(text, start, end):
                units.append((*strip_span(text, a, b, " \t\n,;:—-"), quote.speaker, True))
    return units


_CLAUSE_BREAK = re.compile(r"(?:,\s+(?:and|but|while|dan|tetapi|namun|sedangkan)|;)\s+", _FLAGS)


def _leading_clause(text: str, start: int, quote_start: int) -> tuple[int, int] | None:
    """ "The nearest practice is 11 miles away, and campaigners say ...": the writer's own
    clause before the reporting one is a unit of its own."""
    if quote_start <= start:
        return None
    breaks = list(_CLAUSE_BREAK.finditer(text, start, quote_start))
    if not breaks:
        return None
    end = breaks[-1].start()
    span = strip_span(text, start, end, " \t\n,;")
    if len(words(text, *span)) < MIN_WORDS or '"' in text[span[0] : span[1]]:
        return None
    return span


_DASH = re.compile("[-—–]")
_DATELINE_DASH_WITHIN = 72  # ``[^\n]{0,70}?\s(?:--|[-—–])``: the dash at offset 71 at most


def find_claims(
    text: str,
    sentences: Sequence[tuple[int, int]],
    quotes: Sequence[QuoteSpan],
    title_end: int = 0,
) -> list[dict]:
    """Claim suggestions (dicts of the public shape) for every unit after ``title_end``."""
    claims: list[dict] = []
    seen: set[tuple[int, int]] = set()
    for start, end, speaker, in_direct in _units(text, sentences, quotes):
        if start < title_end or end <= start or (start, end) in seen:
            continue
        seen.add((start, end))
        # A dateline has a dash at most 71 characters in (skip_dateline's pattern): most units
        # have none there, which one search for a dash tells sooner than that pattern.
        if _DASH.search(text, start, min(end, start + _DATELINE_DASH_WITHIN)) is not None:
            start = skip_dateline(text, start, end)
        # Most units are no claim: categorizing first spares finding their words.
        found = categorize(text[start:end], in_direct_quote=in_direct)
        if found is None or len(words(text, start, end)) < MIN_WORDS:
            continue
        category, confidence = found
        claims.append(
            {
                "kind": "claim",
                "start": start,
                "end": end,
                "category": category,
                "speaker": speaker,
                "confidence": confidence,
            }
        )
    return claims
