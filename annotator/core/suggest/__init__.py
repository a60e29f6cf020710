"""Suggesting quotes (with speakers and cues) and claims (with categories) in one article.

Entry point: :func:`suggest`.  Rule-based and Qt-free; the wording it relies on (reporting
cues, pronouns, role words) is data in ``resources/cues/``.

Output invariants (what callers may rely on):

* a list of plain dicts sorted by ``start`` (then ``kind``), each of exactly the shapes::

    {"kind": "quote", "start", "end", "quote_type": "direct"|"indirect", "speaker": str|None,
     "speaker_role": str|None, "cue": {"start", "end"}|None, "confidence": float}
    {"kind": "claim", "start", "end", "category": str, "speaker": str|None,
     "confidence": float}

* offsets are code points into ``text``, end exclusive, ``0 <= start < end <= len(text)``;
  ``text[start:end]`` is stripped of surrounding whitespace;
* a direct quote's span is the content between its marks; an indirect quote's span is the
  reported content without speaker, verb, a leading "bahwa"/"that" or the final full stop;
* nothing overlaps an ``excluded`` range (neither a span nor its cue);
* speakers are canonical: one name per person within the article, the ``known_speakers``
  name when a mention matches the registry (name, alias, spelling variant or surname).
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.language import detect_language
from annotator.core.suggest.claims import QuoteSpan, find_claims
from annotator.core.suggest.cues import Lexicon, load_lexicon
from annotator.core.suggest.quotes import SALIENCE, RawQuote, find_direct, find_indirect
from annotator.core.suggest.speakers import (
    LEADING_CONNECTIVES,
    KnownSpeaker,
    Mention,
    SpeakerBook,
    article_words,
    normalize_name,
    person_mentions,
)
from annotator.core.suggest.text import paragraphs, words, wordset

__all__ = ["KnownSpeaker", "suggest"]


def _overlaps(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(start < r_end and end > r_start for r_start, r_end in ranges)


def _quote_is_excluded(quote: RawQuote, excluded: Sequence[tuple[int, int]]) -> bool:
    if _overlaps(quote.start, quote.end, excluded):
        return True
    return quote.cue is not None and _overlaps(*quote.cue, excluded)


_FEMALE = wordset(
    "mrs ms miss madam ibu bu nyonya councilwoman chairwoman spokeswoman congresswoman "
    "businesswoman she her"
)
_MALE = wordset(
    "mr sir bapak pak tuan councilman chairman spokesman congressman businessman he him"
)


def _title_gender(text: str, person: Mention) -> str | None:
    """ "f"/"m" from a gendered title in the person's mention ("Mrs.", "Councilman"), else None."""
    titles = {w.lower for w in words(text, person.start, person.end)}
    if titles & _FEMALE:
        return "f"
    if titles & _MALE:
        return "m"
    return None


def _pronoun_gender(text: str, mention: Mention | None) -> str | None:
    if mention is None or not mention.pronoun:
        return None
    return _title_gender(text, mention)


class _Resolver:
    """Turns raw mentions into canonical speakers, in text order."""

    def __init__(
        self, text: str, persons: list[Mention], introductions: list[Mention], book: SpeakerBook
    ) -> None:
        self.text = text
        self.history: list[tuple[int, str]] = []
        self.persons = persons
        self.introductions = introductions
        self.book = book
        self.last: str | None = None
        self.last_at = 0
        self.people = {book.canonical(p.name) for p in persons if p.name}
        self.roles: dict[str, str] = {}
        for person in persons:
            self._remember_role(self.book.canonical(person.name or ""), person.role)

    def _gender(self, speaker: str | None) -> str | None:
        if speaker is None:
            return None
        found = {
            _title_gender(self.text, p)
            for p in self.persons
            if p.name and self.book.canonical(p.name) == speaker
        } - {None}
        return found.pop() if len(found) == 1 else None

    def _by_gender(self, wanted: str, before: int) -> str | None:
        candidates = [(start, name) for start, name in self.history if start < before]
        candidates += [
            (p.start, self.book.canonical(p.name))
            for p in self.persons
            if p.name and p.end <= before
        ]
        for _, name in sorted(candidates, reverse=True):
            if name in self.people and self._gender(name) in (None, wanted):
                return name
        return None

    def _remember_role(self, speaker: str, role: str | None) -> None:
        if role and len(role) > len(self.roles.get(speaker, "")):
            self.roles[speaker] = role

    def _by_role(self, description: str, before: int) -> str | None:
        wanted = set(normalize_name(description).split())
        if not wanted:
            return None
        matches = [
            p
            for p in self.persons
            if p.name and p.role and wanted <= set(normalize_name(p.role).split())
        ]
        if not matches:
            return None
        earlier = [p for p in matches if p.start < before]
        chosen = (earlier or matches)[-1] if earlier else matches[0]
        return self.book.canonical(chosen.name or "")

    def _recent_person(self, before: int) -> str | None:
        earlier = [p for p in self.persons if p.end <= before and p.name]
        return self.book.canonical(earlier[-1].name or "") if earlier else None

    def _introduced_since(self, after: int, before: int) -> str | None:
        """A person introduced (role and name opening a paragraph) between two offsets."""
        between = [p for p in self.introductions if after <= p.start < before and p.name]
        return self.book.canonical(between[-1].name or "") if between else None

    def resolve(self, quote: RawQuote) -> tuple[str | None, str | None]:
        mention = quote.mention
        speaker: str | None
        if mention is not None and mention.name:
            speaker = self.book.canonical(mention.name)
            self.people.add(speaker)
            self._remember_role(speaker, mention.role)
        elif mention is not None and mention.description:
            speaker = self._by_role(mention.description, quote.start) or mention.description
        elif mention is not None and not mention.pronoun:
            return None, None  # "someone shouted": nobody named, and nobody becomes salient
        else:
            speaker = (
                self._introduced_since(self.last_at, quote.start)
                or self.last
                or self._recent_person(quote.start)
            )
            wanted = _pronoun_gender(self.text, mention)
            if wanted and (
                self._gender(speaker) not in (None, wanted) or speaker not in self.people
            ):
                speaker = self._by_gender(wanted, quote.start) or speaker
        if speaker is not None:
            self.last = speaker
            self.last_at = quote.end
            self.history.append((quote.start, speaker))
        return speaker, self.roles.get(speaker or "")


def _introductions(
    text: str, paras: list[tuple[int, int]], persons: list[Mention], lex: Lexicon
) -> list[Mention]:
    """Named people with a role who open a paragraph ("Kepala Dinas X Andi Suryadi ...")."""
    opening: list[Mention] = []
    index = 0
    for person in persons:
        while index < len(paras) and paras[index][1] <= person.start:
            index += 1
        if index == len(paras):
            break
        lead = words(text, paras[index][0], person.start)
        head = words(text, person.start, person.end)[0].lower
        titled = head in lex.roles or head in lex.honorifics
        if (
            titled
            and paras[index][0] <= person.start
            and all(w.lower in LEADING_CONNECTIVES for w in lead)
        ):
            opening.append(person)
    return opening


def _default_sentences(text: str) -> list[tuple[int, int]]:
    try:
        from annotator.core.segment import segment
    except ImportError:  # the teammate's segmenter has not landed yet
        from annotator.core.suggest.text import split_glued

        return split_glued(text, 0, len(text))
    return [(s[0], s[1]) for s in segment(text)]


def _title_end(text: str, paras: list[tuple[int, int]]) -> int:
    """End of the leading headline lines (short lines without a final full stop)."""
    end = 0
    for start, stop in paras[:3]:
        line = text[start:stop]
        if line.endswith((".", "”", '"')) or len(line.split()) > 20:
            break
        end = stop
    return end


def suggest(
    text: str,
    sentences: list[tuple[int, int]] | None,
    excluded: Sequence[tuple[int, int, str]] = (),
    *,
    language: str | None = None,
    known_speakers: Sequence[KnownSpeaker] = (),
) -> list[dict]:
    """Suggested quotes and claims of one article (see the module docstring for the shapes).

    ``sentences`` are ``(start, end)`` spans as from ``annotator.core.segment.segment``
    (None: segment here); ``excluded`` are ``(start, end, reason)`` ranges that yield nothing;
    ``language`` is "id" or "en" (None: detected from the text).
    """
    if not text.strip():
        return []
    if sentences is None:
        sentences = _default_sentences(text)
    lex = load_lexicon(language or detect_language(text))
    blocked_ranges = sorted((int(e[0]), int(e[1])) for e in excluded)
    vocab = article_words(text, lex)
    paras = paragraphs(text)

    direct = find_direct(text, paras, lex, vocab)
    blocks = sorted(q.block for q in direct if q.block[1] > q.block[0])
    indirect = find_indirect(text, sentences, _merge(blocks + blocked_ranges), lex, vocab)
    title_end = _title_end(text, paras)
    indirect = [q for q in indirect if q.start >= title_end]  # "Agency says ..." headlines
    raw = sorted(
        (q for q in direct + indirect if not _quote_is_excluded(q, blocked_ranges)),
        key=lambda q: q.start,
    )

    persons = [
        p
        for p in person_mentions(text, lex, vocab)
        if not _overlaps(p.start, p.end, blocked_ranges)
    ]
    names = [q.mention.name for q in raw if q.mention and q.mention.name]
    book = SpeakerBook(names + [p.name for p in persons if p.name], known_speakers, text)
    resolver = _Resolver(text, persons, _introductions(text, paras, persons, lex), book)
    results: list[dict] = []
    spans: list[QuoteSpan] = []
    for quote in raw:
        speaker, role = resolver.resolve(quote)
        if quote.quote_type == SALIENCE:
            continue
        results.append(
            {
                "kind": "quote",
                "start": quote.start,
                "end": quote.end,
                "quote_type": quote.quote_type,
                "speaker": speaker,
                "speaker_role": role,
                "cue": {"start": quote.cue[0], "end": quote.cue[1]} if quote.cue else None,
                "confidence": quote.confidence,
            }
        )
        spans.append(QuoteSpan(quote.start, quote.end, quote.quote_type, speaker))
    # Roles learnt later in the article (a fuller mention) fill earlier quotes too.
    for result in results:
        if result["speaker"] and not result["speaker_role"]:
            result["speaker_role"] = resolver.roles.get(result["speaker"])

    open_sentences = [s for s in sentences if not _overlaps(s[0], s[1], blocked_ranges)]
    claims = find_claims(text, open_sentences, spans, title_end)
    results.extend(c for c in claims if not _overlaps(c["start"], c["end"], blocked_ranges))
    results.sort(key=lambda r: (r["start"], r["kind"] != "quote", r["end"]))
    return results


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
