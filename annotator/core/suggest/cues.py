"""Reporting cues, pronouns and role words, read from ``resources/cues/`` (see their headers).

Invariants: every form is lower case; a multi-word form is matched as whole words separated
by single spaces of any kind; lexicons are cached per language and never mutated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from annotator.core.suggest.text import Word
from annotator.paths import resource

CUE_TAGS = frozenset({"post", "nya", "prep", "weak", "addressee", "bare"})


@dataclass(frozen=True)
class Cue:
    """One reporting cue form and how it is used (tags as in ``resources/cues/id.txt``)."""

    form: str
    tags: frozenset[str]

    @property
    def is_post(self) -> bool:
        return "post" in self.tags

    @property
    def is_nya(self) -> bool:
        return "nya" in self.tags

    @property
    def is_prep(self) -> bool:
        return "prep" in self.tags

    @property
    def is_weak(self) -> bool:
        return "weak" in self.tags

    @property
    def bare(self) -> bool:
        return "bare" in self.tags

    @property
    def has_addressee(self) -> bool:
        return "addressee" in self.tags


@dataclass(frozen=True)
class Lexicon:
    """Everything the suggester knows about one language's wording."""

    language: str
    cues: dict[str, Cue]
    pattern: re.Pattern[str]
    pronouns: frozenset[str]
    roles: frozenset[str]
    honorifics: frozenset[str]
    place_markers: frozenset[str]
    heads: frozenset[str]  # the first word of every form
    place_heads: frozenset[str]  # the place markers, also without their full stop

    def cue_at(self, text: str, pos: int) -> tuple[Cue, int] | None:
        """The longest cue starting exactly at ``pos`` (whole words), with its end offset."""
        if pos > 0 and text[pos - 1].isalnum():
            return None
        match = self.pattern.match(text, pos)
        if match is None:
            return None
        return self.cues[_normal(match.group(0))], match.end()

    def cue_candidates(self, ws: Sequence[Word], start: int, end: int) -> list[int]:
        """The indices of the words of ``words(text, start, end)`` (or a run of them) where
        ``cue_at`` may find a cue; at the others it finds none.

        A word inside the span is whole (the word pattern ends where a cue form must), so
        one that is no form's first word opens no cue. A word at the span's edges may be cut
        by them and stays a candidate."""
        heads = self.heads
        return [i for i, w in enumerate(ws) if w.lower in heads or w.start <= start or w.end >= end]

    def cue_at_word(self, text: str, word: Word, start: int, end: int) -> tuple[Cue, int] | None:
        """``cue_at(text, word.start)`` for a word of ``words(text, start, end)``, without the
        pattern where :meth:`cue_candidates` rules the word out."""
        if not self.cue_candidates((word,), start, end):
            return None
        return self.cue_at(text, word.start)


def _normal(form: str) -> str:
    return " ".join(form.lower().split())


def _data_lines(name: str) -> list[str]:
    lines = resource("cues", name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def parse_cues(lines: list[str]) -> dict[str, Cue]:
    """Parse ``FORM | TAGS`` lines; raises ValueError on an unknown tag."""
    cues: dict[str, Cue] = {}
    for line in lines:
        form, _, tags_text = line.partition("|")
        tags = frozenset(tags_text.split())
        unknown = tags - CUE_TAGS
        if unknown:
            raise ValueError(f"unknown cue tag(s) {sorted(unknown)} in line {line!r}")
        cues[_normal(form)] = Cue(_normal(form), tags)
    return cues


def _cue_pattern(forms: list[str]) -> re.Pattern[str]:
    """Any form, longest first, as whole words.  Forms that open with an ASCII letter share
    one branch per letter (a character matches at most one such letter, and the order within
    a branch stays longest first, so the match is the same; only fewer forms are tried)."""
    ordered = sorted(forms, key=len, reverse=True)
    written = [r"\s+".join(map(re.escape, form.split())) for form in ordered]
    if not all(re.match("[a-z]", form) for form in ordered):
        return re.compile(rf"(?:{'|'.join(written)})(?![\w’'-])", re.IGNORECASE)
    branches: dict[str, list[str]] = {}
    for form in written:
        branches.setdefault(form[0], []).append(form[1:])
    alternatives = "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in branches.items())
    return re.compile(rf"(?:{alternatives})(?![\w’'-])", re.IGNORECASE)


@cache
def _word_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    pronouns = frozenset(line.lower() for line in _data_lines("pronouns.txt"))
    groups: dict[str, set[str]] = {"role": set(), "honorific": set(), "place": set()}
    group = "role"
    for line in _data_lines("roles.txt"):
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
            if group not in groups:
                raise ValueError(f"unknown section {line!r} in roles.txt")
            continue
        groups[group].add(line.lower())
    return (
        pronouns,
        frozenset(groups["role"]),
        frozenset(groups["honorific"]),
        frozenset(groups["place"]),
    )


@cache
def load_lexicon(language: str) -> Lexicon:
    """The lexicon for "id" or "en" (anything else falls back to "id")."""
    language = language if language in ("id", "en") else "id"
    cues = parse_cues(_data_lines(f"{language}.txt"))
    pronouns, roles, honorifics, places = _word_lists()
    return Lexicon(
        language=language,
        cues=cues,
        pattern=_cue_pattern(list(cues)),
        pronouns=pronouns,
        roles=roles,
        honorifics=honorifics,
        place_markers=places,
        heads=frozenset(form.split()[0] for form in cues),
        place_heads=places | frozenset(p.removesuffix(".") for p in places),
    )
