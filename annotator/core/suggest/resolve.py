"""Resolving raw speaker mentions to canonical speakers, in text order.

Names go through the article's :class:`SpeakerBook` (a surname two people share goes to the
one whose role it repeats, else the one written in full most recently); descriptions ("Ketua
DKPP") become the named person whose role they match (a lower-case "jaksa", "polisi" only
someone who has spoken), "the cooperative"/"the company" the organisation that spoke before,
else stay as written; pronouns and ``-nya`` cues go to the person the passage is about: the
latest person introduced since the last quote (a role and name opening a paragraph, or a
person opening a sentence as its subject, not as the patient of a passive verb), else the
last speaker, else the last person mentioned; "he"/"she" skip people whose English title
says otherwise ("Pak"/"Bu" say nothing of gender).  Every lookup is a bisection or bounded
walk, so resolving stays linear in the article length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence

from annotator.core.suggest.names import SpeakerBook, names_match, normalize_name
from annotator.core.suggest.quotes import RawQuote
from annotator.core.suggest.speakers import Mention, topic_is_person
from annotator.core.suggest.text import words, wordset

# English titles only: Indonesian "Pak"/"Bu" are used for anyone senior, not a gender.
_FEMALE = wordset(
    "mrs ms miss madam councilwoman chairwoman spokeswoman congresswoman businesswoman she her"
)
_MALE = wordset("mr sir councilman chairman spokesman congressman businessman he him")
_LOOKBACK = 40
_GENERIC_ORGS = wordset(
    "company firm group agency organisation organization ministry department council "
    "authority regulator bank business utility charity insurer manufacturer retailer "
    "perusahaan lembaga kementerian instansi"
)


def title_gender(text: str, mention: Mention) -> str | None:
    """ "f"/"m" from a gendered title or pronoun in the mention ("Mrs.", "Councilman", "she")."""
    titles = {w.lower for w in words(text, mention.start, mention.end)}
    if titles & _FEMALE:
        return "f"
    if titles & _MALE:
        return "m"
    return None


class Resolver:
    """Canonical speaker (and best-known role) for each raw quote, fed in text order."""

    def __init__(
        self,
        text: str,
        persons: list[Mention],
        introductions: list[Mention],
        book: SpeakerBook,
        topics: Sequence[Mention] | Callable[[], Iterable[Mention]] = (),
    ) -> None:
        """``topics`` may be a function that finds them in text order: it is called only
        when a pronoun or an unattributed quote needs them (most articles name every
        speaker), and its topics are taken only as far as the quotes being resolved."""
        self.text = text
        self.book = book
        named = sorted((p for p in persons if p.name), key=lambda p: p.start)
        self.persons = [(p, book.canonical(p.name or "")) for p in named]
        plain_roles: dict[str, set[str]] = {}
        for person, name in self.persons:
            if len(book.candidates(person.name or "")) == 1 and person.role:
                plain_roles.setdefault(name, set()).update(normalize_name(person.role).split())
        for index, (person, _name) in enumerate(self.persons):
            options = book.candidates(person.name or "")
            if len(options) > 1 and person.role:
                # "Bupati Salehuddin" beside two Salehuddins: the one whose title it repeats.
                wanted = set(normalize_name(person.role).split())
                fitting = [o for o in options if wanted & plain_roles.get(o, set())]
                if len(fitting) == 1:
                    self.persons[index] = (person, fitting[0])
        self.person_ends = sorted((p.end, i) for i, (p, _) in enumerate(self.persons))
        self.intro_starts = [p.start for p in introductions if p.name]
        self.intro_names = [book.canonical(p.name or "") for p in introductions if p.name]
        self._find_topics = (
            topics
            if callable(topics)
            else lambda: sorted(topics, key=lambda t: (t.start, t.name or ""))
        )
        self._topics: list[tuple[int, str, bool]] = []  # those found so far, in text order
        self._topic_starts: list[int] = []
        self._more_topics: Iterator[Mention] | None = None  # the rest, once asked for
        self.history: list[tuple[int, str]] = []
        self.org_speakers: list[str] = []
        self.person_names = {name for _, name in self.persons}
        self.last: str | None = None
        self.last_at = 0
        self.people = {name for _, name in self.persons}
        self.roles: dict[str, str] = {}
        self.genders: dict[str, set[str]] = {}
        self.role_words: list[tuple[frozenset[str], str, int]] = []
        for person, name in self.persons:
            self._remember_role(name, person.role)
            gender = title_gender(text, person)
            if gender:
                self.genders.setdefault(name, set()).add(gender)
            if person.role:
                role = frozenset(normalize_name(person.role).split())
                self.role_words.append((role, name, person.start))

    def _topics_before(self, before: int) -> list[tuple[int, str, bool]]:
        """(start, name, surely a person) of the named sentence subjects that start before
        ``before``, in text order; the topics are found only as far as that."""
        if self._more_topics is None:
            self._more_topics = iter(self._find_topics())
        while not self._topic_starts or self._topic_starts[-1] < before:
            topic = next(self._more_topics, None)
            if topic is None:
                break
            if topic.name:
                self._topics.append((topic.start, topic.name, topic_is_person(topic)))
                self._topic_starts.append(topic.start)
        return self._topics[: bisect_left(self._topic_starts, before)]

    def gender(self, speaker: str | None) -> str | None:
        found = self.genders.get(speaker or "", set())
        return next(iter(found)) if len(found) == 1 else None

    def _by_gender(self, wanted: str, before: int) -> str | None:
        candidates = [(start, name) for start, name in self.history[-_LOOKBACK:] if start < before]
        upto = bisect_right(self.person_ends, (before, len(self.persons)))
        for _, index in self.person_ends[max(0, upto - _LOOKBACK) : upto]:
            person, name = self.persons[index]
            candidates.append((person.start, name))
        for _, name in sorted(candidates, reverse=True):
            if name in self.people and self.gender(name) in (None, wanted):
                return name
        return None

    def _choose(self, mention: Mention, before: int) -> str:
        """The canonical name of a named mention; a name two people share (a surname) goes to
        the one whose role it repeats, else to the one written in full most recently."""
        options = self.book.candidates(mention.name or "")
        if len(options) == 1:
            return options[0]
        if mention.role:
            wanted = set(normalize_name(mention.role).split())
            fitting = [
                n for n in options if wanted <= set(normalize_name(self.roles.get(n, "")).split())
            ]
            if len(fitting) == 1:
                return fitting[0]
        exact = normalize_name(mention.name or "")
        latest: tuple[int, str] | None = None
        for person, name in self.persons:
            if person.start >= before:
                break
            if name in options and normalize_name(person.name or "") != exact:
                latest = (person.start, name)
        for start, name in self.history:
            if name in options and (latest is None or start > latest[0]) and start < before:
                latest = (start, name)
        return latest[1] if latest else options[0]

    def _remember_role(self, speaker: str, role: str | None) -> None:
        if role and len(role) > len(self.roles.get(speaker, "")):
            self.roles[speaker] = role

    def _by_role(self, description: str, before: int) -> str | None:
        wanted = set(normalize_name(description).split())
        if not wanted:
            return None
        matches = [(start, name) for role, name, start in self.role_words if wanted <= role]
        if description[:1].islower():
            # "menurut polisi", "jaksa juga meminta": a common noun names someone who has
            # spoken already, never a capitalized run that only looks like a titled name.
            spoken = {name for _, name in self.history}
            matches = [m for m in matches if m[1] in spoken]
        if not matches:
            return None
        earlier = [m for m in matches if m[0] < before]
        if earlier:
            return max(earlier)[1]
        later = [m for m in matches if m[1] in self.people]
        return min(later)[1] if later else None

    def _by_head_noun(self, description: str) -> str | None:
        """ "the cooperative" after "Ozark Valley Electric Cooperative" spoke: a lower-case
        common noun that ends the full name of an earlier speaker stands for that name."""
        plain = description.split()
        if plain and plain[0].lower() in ("the", "a", "an"):
            plain = plain[1:]
        if not plain or len(plain) > 2 or not plain[0][:1].islower():
            return None
        head = plain[-1].lower()
        for _, name in reversed(self.history):
            parts = name.split()
            if len(parts) >= 2 and parts[0][:1].isupper() and parts[-1].lower() == head:
                return name
        if len(plain) == 1 and head in _GENERIC_ORGS:
            # "The company said" after "Halvorsen Pharma said it ...": the organisation that
            # spoke last (one the article refers to as "it"), never a person.
            for name in reversed(self.org_speakers):
                return name
        return None

    def _body_before(self, before: int) -> str | None:
        """The organisation "it" stands for: the latest organisation that spoke, or the latest
        capitalized speaker or sentence subject that no title marks as a person."""
        candidates: list[tuple[int, str]] = [
            (start, name)
            for start, name in self.history
            if name in self.org_speakers
            or (name[:1].isupper() and name not in self.person_names and " " in name)
        ]
        candidates += [
            (start, name)
            for start, name, _ in self._topics_before(before)
            if start < before and self.book.canonical(name) not in self.person_names and " " in name
        ]
        earlier = [c for c in candidates if c[0] < before]
        return max(earlier)[1] if earlier else None

    def _recent_person(self, before: int) -> str | None:
        upto = bisect_right(self.person_ends, (before, len(self.persons)))
        if upto == 0:
            return None
        return self.persons[self.person_ends[upto - 1][1]][1]

    def _introduced_since(self, after: int, before: int) -> str | None:
        """The person the passage turned to since the last quote: a role and name opening a
        paragraph, or a known person named as the subject opening a sentence."""
        low = bisect_left(self.intro_starts, after)
        high = bisect_left(self.intro_starts, before)
        best: tuple[int, str] | None = None
        if high > low:
            best = (self.intro_starts[high - 1], self.intro_names[high - 1])
        topics = self._topics_before(before)
        high = len(topics)
        low = bisect_left(self._topic_starts, max(after, best[0] + 1 if best else after), 0, high)
        for index in range(high - 1, low - 1, -1):
            _, written, person = topics[index]
            name = self._known_person(written)
            if name is None and person:
                name = self.book.canonical(written)  # a person named only here
                self.people.add(name)
            if name is not None:
                return name
        return best[1] if best else None

    def _known_person(self, name: str) -> str | None:
        """The person of this article a bare name stands for ("Hartono" -> "Hartono
        Wibisono"), when exactly one fits; None for names of no known person."""
        canonical = self.book.canonical(name)
        if canonical in self.people:
            return canonical
        norm = normalize_name(name)
        fitting = {p for p in self.people if names_match(norm, normalize_name(p))}
        return fitting.pop() if len(fitting) == 1 else None

    def resolve(self, quote: RawQuote) -> tuple[str | None, str | None]:
        """The (speaker, role) of ``quote``; quotes must come in text order."""
        mention = quote.mention
        speaker: str | None
        if mention is not None and mention.name:
            speaker = self._choose(mention, quote.start)
            self.people.add(speaker)
            self._remember_role(speaker, mention.role)
            if mention.role:
                role = frozenset(normalize_name(mention.role).split())
                self.role_words.append((role, speaker, mention.start))
        elif mention is not None and mention.description:
            speaker = (
                self._by_role(mention.description, quote.start)
                or self._by_head_noun(mention.description)
                or mention.description
            )
        elif mention is not None and not mention.pronoun:
            return None, None  # "someone shouted": nobody named, and nobody becomes salient
        elif mention is not None and self.text[mention.start : mention.end].lower() == "it":
            speaker = self._body_before(quote.start)  # "It said ...": an organisation
        else:
            speaker = (
                self._introduced_since(self.last_at, quote.start)
                or self.last
                or self._recent_person(quote.start)
            )
            wanted = title_gender(self.text, mention) if mention is not None else None
            if wanted and (
                self.gender(speaker) not in (None, wanted) or speaker not in self.people
            ):
                speaker = self._by_gender(wanted, quote.start) or speaker
        if (
            speaker is not None
            and quote.quote_type == "indirect"
            and speaker not in self.person_names
        ):
            content = self.text[quote.start : quote.end].split(" ", 1)[0].lower()
            if content in ("it", "its") and speaker[:1].isupper():
                self.org_speakers.append(speaker)  # "X said it was recalling ...": a body
        if speaker is not None:
            self.last = speaker
            self.last_at = quote.end
            self.history.append((quote.start, speaker))
        return speaker, self.roles.get(speaker or "")
