"""Plain records the store hands out, and the "what changed" record every write returns.

They are immutable named tuples: the GUI and the CLI read them, never mutate them (named tuples
rather than frozen dataclasses because the first window loads this module, and a dataclass
takes ten times as long to define). Offsets are Unicode code points into the stored article
text, end exclusive.

The annotations are evaluated (no ``from __future__ import annotations``): a named tuple with
string annotations costs a compiled forward reference per field, a third of the time this
module takes to load.
"""

from typing import Any, NamedTuple, NewType

ArticleId = NewType("ArticleId", int)
AnnotationId = NewType("AnnotationId", int)
SpeakerId = NewType("SpeakerId", int)
CategoryId = NewType("CategoryId", int)

ARTICLE_STATUSES = ("new", "in_progress", "done")
ANNOTATION_KINDS = ("quote", "claim")
ANNOTATION_STATUSES = ("suggested", "accepted", "rejected")
QUOTE_TYPES = ("direct", "indirect")


class Changes(NamedTuple):
    """Ids touched by one write. `sentences` holds ids of articles whose sentences changed."""

    articles: frozenset[int] = frozenset()
    sentences: frozenset[int] = frozenset()
    annotations: frozenset[int] = frozenset()
    speakers: frozenset[int] = frozenset()
    categories: frozenset[int] = frozenset()

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            self.articles | other.articles,
            self.sentences | other.sentences,
            self.annotations | other.annotations,
            self.speakers | other.speakers,
            self.categories | other.categories,
        )

    def is_empty(self) -> bool:
        return not (
            self.articles or self.sentences or self.annotations or self.speakers or self.categories
        )


def changes(
    *,
    articles: tuple[int, ...] | list[int] | set[int] = (),
    sentences: tuple[int, ...] | list[int] | set[int] = (),
    annotations: tuple[int, ...] | list[int] | set[int] = (),
    speakers: tuple[int, ...] | list[int] | set[int] = (),
    categories: tuple[int, ...] | list[int] | set[int] = (),
) -> Changes:
    """Build a Changes from any iterables of ids (None entries are dropped)."""

    def ids(values: Any) -> frozenset[int]:
        return frozenset(v for v in values if v is not None)

    return Changes(ids(articles), ids(sentences), ids(annotations), ids(speakers), ids(categories))


class Article(NamedTuple):
    """One article: its text and metadata."""

    id: int
    text: str
    text_hash: str
    title: str | None
    outlet: str | None
    place: str | None
    published: str | None
    url: str | None
    source: str | None
    language: str | None
    status: str
    extra: dict[str, Any]
    imported_at: str | None = None
    updated_at: str | None = None


class ArticleSummary(NamedTuple):
    """An article as the article list shows it: metadata and annotation counts."""

    id: int
    title: str | None
    outlet: str | None
    published: str | None
    status: str
    quote_count: int
    claim_count: int
    suggestion_count: int


class Sentence(NamedTuple):
    """A sentence of an article: code-point offsets into its text."""

    id: int
    start: int
    end: int


class Excluded(NamedTuple):
    """A range of an article's text left out of annotation, and why."""

    start: int
    end: int
    reason: str


class Speaker(NamedTuple):
    """A speaker of the registry, with the number of annotations naming them."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    organization: str | None = None
    wikidata_id: str | None = None
    annotation_count: int = 0


class Category(NamedTuple):
    """A claim category of the taxonomy (``shortcut``: its digit key, if any)."""

    id: int
    key: str
    name: str
    description: str | None
    color: str
    shortcut: str | None
    parent_id: int | None
    position: int


class Annotation(NamedTuple):
    """A quote or claim (accepted, suggested or rejected) in an article's text."""

    id: int
    article_id: int
    kind: str
    start: int
    end: int
    text: str
    speaker_id: int | None = None
    speaker_name: str | None = None
    speaker_role: str | None = None
    category_id: int | None = None
    category_key: str | None = None
    category_name: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    quote_type: str | None = None
    quote_id: int | None = None
    annotator: str | None = None
    status: str = "accepted"
    confidence: float | None = None
    note: str | None = None
    origin: str = "manual"
    created_at: str | None = None
    updated_at: str | None = None


class ImportReport(NamedTuple):
    """What an import did: ids imported, inputs skipped as duplicates, inputs refused and why."""

    imported: tuple[int, ...] = ()
    duplicates: tuple[str, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    changes: Changes = Changes()

    def __or__(self, other: "ImportReport") -> "ImportReport":
        return ImportReport.merged([self, other])

    @staticmethod
    def merged(reports: "list[ImportReport]") -> "ImportReport":
        """One report for many (linear: a folder of 10,000 files is 10,000 reports)."""
        return ImportReport(
            tuple(i for r in reports for i in r.imported),
            tuple(d for r in reports for d in r.duplicates),
            tuple(x for r in reports for x in r.refused),
            tuple(w for r in reports for w in r.warnings),
            changes(
                articles=[i for r in reports for i in r.changes.articles],
                sentences=[i for r in reports for i in r.changes.sentences],
                annotations=[i for r in reports for i in r.changes.annotations],
                speakers=[i for r in reports for i in r.changes.speakers],
                categories=[i for r in reports for i in r.changes.categories],
            ),
        )


class Cancelled(Exception):
    """Work stopped because the user asked (e.g. Cancel during an import's analysis)."""
