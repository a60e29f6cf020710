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

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import replace

from annotator.core.language import detect_language
from annotator.core.segment import segment
from annotator.core.suggest.claims import QuoteSpan, find_claims
from annotator.core.suggest.cues import Lexicon, load_lexicon
from annotator.core.suggest.indirect import attribute_backwards, find_indirect, find_trailing
from annotator.core.suggest.names import KnownSpeaker, SpeakerBook
from annotator.core.suggest.quotes import SALIENCE, RawQuote, find_direct
from annotator.core.suggest.resolve import Resolver
from annotator.core.suggest.speakers import (
    LEADING_CONNECTIVES,
    Mention,
    article_words,
    is_passive_verb,
    iter_sentence_topics,
    person_mentions,
)
from annotator.core.suggest.text import ArticleText, paragraphs, words

__all__ = ["KnownSpeaker", "suggest"]


def _overlaps(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(start < r_end and end > r_start for r_start, r_end in ranges)


def _quote_is_excluded(quote: RawQuote, excluded: Sequence[tuple[int, int]]) -> bool:
    if _overlaps(quote.start, quote.end, excluded):
        return True
    return quote.cue is not None and _overlaps(*quote.cue, excluded)


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
        if person.start - paras[index][0] > 120:
            continue  # not at the opening of its paragraph
        lead = words(text, paras[index][0], person.start)
        head = words(text, person.start, person.end)[0].lower
        titled = head in lex.roles or head in lex.honorifics
        following = words(text, person.end, min(paras[index][1], person.end + 40))
        passive = bool(following) and is_passive_verb(following[0].lower)
        if (
            titled
            and not passive  # "Tersangka Budi ditangkap ...": what happens to him, not his words
            and paras[index][0] <= person.start
            and all(w.lower in LEADING_CONNECTIVES for w in lead)
        ):
            opening.append(person)
    return opening


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
    (None or empty: segment here); ``excluded`` are ``(start, end, reason)`` ranges that
    yield nothing; ``language`` is "id" or "en" (None: detected from the text).
    """
    if not text.strip():
        return []
    if not sentences:
        sentences = segment(text)
    lex = load_lexicon((language or detect_language(text))[:2].lower())
    text = ArticleText(text)  # finds the article's words once for every span looked at
    blocked_ranges = sorted((int(e[0]), int(e[1])) for e in excluded)
    vocab = article_words(text, lex)
    paras = paragraphs(text)

    direct = find_direct(text, paras, lex, vocab)
    blocks = sorted(q.block for q in direct if q.block[1] > q.block[0])
    indirect = find_indirect(text, sentences, _merge(blocks + blocked_ranges), lex, vocab)
    indirect += find_trailing(text, direct, lex)
    direct = _partial_quotes_take_their_sentence_speaker(direct, indirect, sentences)
    title_end = _title_end(text, paras)
    # Headlines ("Sekda: ASN Jangan ...", "Agency says ...") carry no annotated quotes.
    direct = [q for q in direct if q.start >= title_end]
    indirect = [q for q in indirect if q.start >= title_end]
    raw = sorted(
        (q for q in direct + indirect if not _quote_is_excluded(q, blocked_ranges)),
        key=lambda q: q.start,
    )
    raw = attribute_backwards(text, raw, lex, vocab)

    # A headline's capitalized words ("Harga Cabai Melonjak Jelang Ramadan") name nobody a
    # "katanya" in the body could point back to.
    persons = [
        p
        for p in person_mentions(text, lex, vocab)
        if not _overlaps(p.start, p.end, blocked_ranges) and p.start >= title_end
    ]
    names = [q.mention.name for q in raw if q.mention and q.mention.name]
    book = SpeakerBook(names + [p.name for p in persons if p.name], known_speakers, text)

    def topics() -> Iterator[Mention]:
        return (
            t
            for t in iter_sentence_topics(text, sentences, lex, vocab)
            if not _overlaps(t.start, t.end, blocked_ranges) and t.start >= title_end
        )

    resolver = Resolver(text, persons, _introductions(text, paras, persons, lex), book, topics)
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


def _partial_quotes_take_their_sentence_speaker(
    direct: list[RawQuote], indirect: list[RawQuote], sentences: Sequence[tuple[int, int]]
) -> list[RawQuote]:
    """A partial quote without its own cue speaks for the reported sentence around it."""
    ordered = sorted(sentences)
    starts = [s[0] for s in ordered]
    by_sentence: dict[int, RawQuote] = {}
    for quote in indirect:
        index = bisect_right(starts, quote.start) - 1
        if index >= 0 and quote.mention is not None and quote.quote_type != SALIENCE:
            by_sentence.setdefault(index, quote)
    result: list[RawQuote] = []
    for quote in direct:
        index = bisect_right(starts, quote.start) - 1
        owner = by_sentence.get(index)
        if quote.mention is None and quote.cue is None and owner is not None:
            quote = replace(quote, cue=owner.cue, mention=owner.mention)
        result.append(quote)
    return result


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
