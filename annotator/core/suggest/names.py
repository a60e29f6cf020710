"""Merging the name mentions of one article with each other and with the speaker registry.

:class:`SpeakerBook` maps every name form to one canonical name: spelling variants (edit
distance on names, "Bahtiar"/"Bachtiar"), surname- or first-name-only mentions ("Wicaksono" ->
"Harimurti Wicaksono") and registry aliases ("Jokowi" -> "Joko Widodo").  The canonical form
is the registry's name when one matches, else the fullest form the article writes (most
words, then most frequent, then first written).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from annotator.core.analysis_types import KnownSpeaker


@lru_cache(maxsize=16384)  # the registry's names come back for every article
def normalize_name(name: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", "", plain.lower()).split())


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _within_one_edit(a: str, b: str) -> bool:
    """``edit_distance(a, b, 1) <= 1``, in one pass: equal, or one character replaced,
    inserted or deleted."""
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    index = 0
    while index < len(a) and a[index] == b[index]:
        index += 1
    if len(a) == len(b):
        return a[index + 1 :] == b[index + 1 :]
    return a[index:] == b[index + 1 :]


def _may_be_within_two_edits(a: str, b: str) -> bool:
    """False only when ``edit_distance(a, b, 2) > 2`` for sure (a quick test before it): two
    edits leave one of three pieces of ``a`` unedited, found in ``b`` at most two characters
    from where it stands in ``a``."""
    if abs(len(a) - len(b)) > 2:
        return False
    cuts = (0, len(a) // 3, 2 * len(a) // 3, len(a))
    return any(
        b.find(a[cuts[i] : cuts[i + 1]], max(0, cuts[i] - 2), cuts[i + 1] + 2) >= 0
        for i in range(3)
    )


def _first_word_may_be_in(short: str, full: str) -> bool:
    """False only when no word of ``full`` is ``short``'s first word or one edit from it: one
    half of that word would be in ``full`` unedited."""
    first = short.split(None, 1)
    if not first:
        return True
    half = len(first[0]) // 2
    return first[0][:half] in full or first[0][half:] in full


def _tokens_match(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and _within_one_edit(a, b)


def names_match(short: str, full: str) -> bool:
    """True when ``short`` may name the same person as ``full`` (both normalized)."""
    if not short or not full:
        return False
    if short == full:
        return True
    # A spelling variant: one edit (two in a name of 12 characters or more) apart.
    if (
        min(len(short), len(full)) >= 5
        and abs(len(short) - len(full)) <= 2
        and (
            _within_one_edit(short, full)
            if len(full) < 12
            else _may_be_within_two_edits(short, full) and edit_distance(short, full, 2) <= 2
        )
    ):
        return True
    # Else every word of ``short`` must be (one edit from) a word of ``full``.
    if not _first_word_may_be_in(short, full):
        return False  # a quick test for the first word
    short_tokens, full_tokens = short.split(), full.split()
    if len(short_tokens) > len(full_tokens):
        return False
    return all(any(_tokens_match(s, f) for f in full_tokens) for s in short_tokens)


_FIRST_NAME_ABBREVIATIONS = ("Moh", "Muh", "Mhd", "Moch", "Much", "M")
_WORD_CHAR = re.compile(r"\w")


def _abbreviated_first_name(text: str, name: str) -> bool:
    r"""True when ``name`` is written after an abbreviated first name ("Moh. Salehuddin").

    Finds what searching ``\b(?:Moh|Muh|Mhd|Moch|Much|M)\.\s*NAME\b`` finds, without
    compiling a pattern for each name: it looks at what stands around each occurrence.
    """
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if _is_word_char(text, end - 1) != _is_word_char(text, end):
            dot = at - 1
            while dot >= 0 and text[dot].isspace():
                dot -= 1
            if dot >= 0 and text[dot] == "." and _abbreviation_ends_at(text, dot):
                return True
        at = text.find(name, at + 1)
    return False


def _abbreviation_ends_at(text: str, end: int) -> bool:
    """A word of _FIRST_NAME_ABBREVIATIONS ends at ``end``."""
    return any(
        end >= len(short)
        and text[end - len(short) : end] == short
        and not _is_word_char(text, end - len(short) - 1)
        for short in _FIRST_NAME_ABBREVIATIONS
    )


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and _WORD_CHAR.match(text, index) is not None


class SpeakerBook:
    """Canonical names for one article's mentions, merged with the registry."""

    def __init__(
        self, names: Sequence[str], known: Sequence[KnownSpeaker] = (), text: str = ""
    ) -> None:
        self._known = [
            (k.name, [normalize_name(v) for v in (k.name, *k.aliases) if v.strip()]) for k in known
        ]
        self._canonical: dict[str, str] = {}
        self._ambiguous: dict[str, list[str]] = {}
        clusters: list[tuple[str, str]] = []  # (canonical display, normalized)
        # Fullest first; among equally full variants the most frequent, then the first written.
        unique = sorted(
            {n for n in names if normalize_name(n)},
            key=lambda n: (
                -len(normalize_name(n).split()),
                -text.count(n),
                text.find(n) if n in text else len(text),
                n,
            ),
        )
        for name in unique:
            norm = normalize_name(name)
            # An exact registry name or alias wins; then a fuller name of this article (the
            # "Budi" of an article about Budi Hartono is not the registry's Budi Santoso);
            # then a looser registry match (variant spelling, surname).
            registry = self._registry_exact(norm)
            if registry is None:
                matching = [d for d, c in clusters if names_match(norm, c)]
                if matching and len(norm.split()) == 1 and _abbreviated_first_name(text, name):
                    # "Moh. Salehuddin" (written with an abbreviated first name, so a full
                    # name of its own) beside "Siti Maimunah Salehuddin": two people.
                    self._ambiguous[norm] = [*dict.fromkeys(matching), name]
                    clusters.append((name, norm))
                    self._canonical[norm] = name
                    continue
                if matching:
                    self._canonical[norm] = matching[0]
                    if len(set(matching)) > 1:
                        # "Salehuddin" of an article about Moh. Salehuddin and his wife Siti
                        # Maimunah Salehuddin: the reader decides by context (see candidates).
                        self._ambiguous[norm] = list(dict.fromkeys(matching))
                    continue
                registry = self._registry_loose(norm)
            if registry is not None:
                self._canonical[norm] = registry
                clusters.append((registry, normalize_name(registry)))
                continue
            clusters.append((name, norm))
            self._canonical[norm] = name

    def _registry_exact(self, norm: str) -> str | None:
        return next((name for name, variants in self._known if norm in variants), None)

    def _registry_loose(self, norm: str) -> str | None:
        for name, variants in self._known:
            if any(names_match(norm, variant) for variant in variants):
                return name
        return None

    def _registry(self, norm: str) -> str | None:
        return self._registry_exact(norm) or self._registry_loose(norm)

    def candidates(self, name: str) -> list[str]:
        """Every canonical name a short form may stand for (more than one when two people of
        the article share it, as a surname); else just its canonical form."""
        norm = normalize_name(name)
        return self._ambiguous.get(norm) or [self.canonical(name)]

    def canonical(self, name: str) -> str:
        """The canonical form of a name seen by this book (or the registry's), else itself."""
        norm = normalize_name(name)
        if norm in self._canonical:
            return self._canonical[norm]
        return self._registry(norm) or name
