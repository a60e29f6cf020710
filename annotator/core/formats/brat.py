"""brat standoff: `<name>.txt` + `<name>.ann` per article, `annotation.conf`, `visual.conf`.

Entities: `Quote`, `Claim`, `Cue` (the reporting cue) and `Speaker` (a mention of the quote's
speaker: the occurrence of the speaker's name or an alias nearest to the quote, within
`MENTION_WINDOW` code points; none when the name does not occur there). Attributes:
`QuoteType Direct|Indirect`, `Category <key>`, `Annotator <name>`, `Status <status>`.
Relations: `Says` Speaker→Quote, `HasCue` Quote→Cue, `InQuote` Claim→Quote (the only way a
claim is linked to a quote on import). Each quote or
claim carries one `AnnotatorNotes` line `speaker: NAME | role: ROLE | annotator: NAME | note: ...`
(the speaker name is the registry name even when the text says an alias).

Offsets in the `.ann` files are Unicode code points into the `.txt` (UTF-8, `\\n` line ends),
which is what brat's server reads (Python string offsets). A span crossing a line break is
written as brat fragments (`0 5;6 12`, the text field joined by a space); the importer takes
the outer span of the fragments (a span that begins or ends with a line break also notes its
exact `span: start-end`). The `.txt` is exactly the stored text, so importing matches
the article by its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.formats.common import (
    DEFAULT_STATUSES,
    claim_item,
    import_native_articles,
    nearest,
    new_article,
    quote_item,
    resolve_article_ids,
    selected_annotations,
)
from annotator.core.model import Annotation, ImportReport
from annotator.core.native_check import FormatError
from annotator.core.store import Store

MENTION_WINDOW = 300
DEFAULT_ANNOTATOR = "brat"
_VALUE = re.compile(r"[^0-9A-Za-z_\-]+")


def attribute_value(value: str) -> str:
    """A brat attribute value: letters, digits, `_` and `-` only (others become `_`)."""
    return _VALUE.sub("_", value.strip()) or "_"


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) split at line breaks into non-empty pieces (brat fragments)."""
    pieces, piece_start = [], start
    for index in range(start, end):
        if text[index] == "\n":
            if index > piece_start:
                pieces.append((piece_start, index))
            piece_start = index + 1
    if end > piece_start:
        pieces.append((piece_start, end))
    return pieces or [(start, end)]


def _shown(value: str) -> str:
    """A span's text as written on its T line: tabs and line breaks become spaces."""
    return value.replace("\t", " ").replace("\n", " ")


def _exact_span(text: str, start: int, end: int) -> str | None:
    """`start-end` when brat fragments would not give back [start, end) (a span beginning or
    ending with a line break), else None."""
    pieces = _fragments(text, start, end)
    if (pieces[0][0], pieces[-1][1]) == (start, end):
        return None
    return f"{start}-{end}"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def speaker_mention(
    text: str, names: Sequence[str], quote: tuple[int, int], cue: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The occurrence of one of `names` (whole words, outside the quote) nearest to the cue (or
    the quote), within MENTION_WINDOW code points; None when there is none."""
    anchor = cue or quote
    best: tuple[int, int, int] | None = None
    for name in names:
        if not name.strip():
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(name.strip()) + r"(?!\w)")
        low = max(0, min(anchor[0], quote[0]) - MENTION_WINDOW)
        high = min(len(text), max(anchor[1], quote[1]) + MENTION_WINDOW)
        for match in pattern.finditer(text, low, high):
            s, e = match.span()
            if s < quote[1] and quote[0] < e:
                continue
            gap = max(0, anchor[0] - e, s - anchor[1])
            if best is None or (gap, s) < (best[0], best[1]):
                best = (gap, s, e)
    return (best[1], best[2]) if best else None


@dataclass
class _AnnWriter:
    text: str
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    mentions: dict[tuple[int, int], str] = field(default_factory=dict)

    def next_id(self, prefix: str) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{prefix}{self.counts[prefix]}"

    def entity(self, kind: str, start: int, end: int) -> str:
        ref = self.next_id("T")
        pieces = _fragments(self.text, start, end)
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        shown = _shown(" ".join(self.text[s:e] for s, e in pieces))
        self.lines.append(f"{ref}\t{kind} {offsets}\t{shown}")
        return ref

    def attribute(self, name: str, target: str, value: str) -> None:
        self.lines.append(f"{self.next_id('A')}\t{name} {target} {attribute_value(value)}")

    def relation(self, name: str, arg1: str, arg2: str) -> None:
        self.lines.append(f"{self.next_id('R')}\t{name} Arg1:{arg1} Arg2:{arg2}")

    def note(self, target: str, parts: dict[str, str | None]) -> None:
        shown = " | ".join(f"{k}: {_one_line(v)}" for k, v in parts.items() if v)
        if shown:
            self.lines.append(f"#{self.counts.get('#', 0) + 1}\tAnnotatorNotes {target}\t{shown}")
            self.counts["#"] = self.counts.get("#", 0) + 1


def _ann_for_article(
    text: str, annotations: list[Annotation], names_of: dict[int, tuple[str, ...]]
) -> str:
    out = _AnnWriter(text)
    quote_refs: dict[int, str] = {}
    for a in (a for a in annotations if a.kind == "quote"):
        ref = out.entity("Quote", a.start, a.end)
        quote_refs[a.id] = ref
        out.attribute("QuoteType", ref, (a.quote_type or "direct").capitalize())
        _common_attributes(out, ref, a)
        cue = (a.cue_start, a.cue_end) if a.cue_start is not None and a.cue_end else None
        if cue:
            cue_ref = out.entity("Cue", cue[0], cue[1])
            out.relation("HasCue", ref, cue_ref)
        names = names_of.get(a.speaker_id or -1) or ((a.speaker_name,) if a.speaker_name else ())
        mention = speaker_mention(text, names, (a.start, a.end), cue) if names else None
        if mention:
            if mention not in out.mentions:
                out.mentions[mention] = out.entity("Speaker", *mention)
            out.relation("Says", out.mentions[mention], ref)
        out.note(
            ref,
            {
                "speaker": a.speaker_name,
                "role": a.speaker_role,
                "annotator": a.annotator,
                "span": _exact_span(text, a.start, a.end),
                "note": a.note,
            },
        )
    for a in (a for a in annotations if a.kind == "claim"):
        ref = out.entity("Claim", a.start, a.end)
        if a.category_key:
            out.attribute("Category", ref, a.category_key)
        _common_attributes(out, ref, a)
        if a.quote_id in quote_refs:
            out.relation("InQuote", ref, quote_refs[a.quote_id])
        out.note(
            ref,
            {
                "speaker": a.speaker_name,
                "annotator": a.annotator,
                "span": _exact_span(text, a.start, a.end),
                "note": a.note,
            },
        )
    return "".join(line + "\n" for line in out.lines)


def _common_attributes(out: _AnnWriter, ref: str, a: Annotation) -> None:
    if a.annotator:
        out.attribute("Annotator", ref, a.annotator)
    if a.status != "accepted":
        out.attribute("Status", ref, a.status)


def annotation_conf(category_keys: Sequence[str], annotator_names: Sequence[str]) -> str:
    """brat's `annotation.conf` for these categories and annotators."""
    annotators = "|".join(sorted({attribute_value(n) for n in annotator_names})) or "unknown"
    categories = "|".join(attribute_value(k) for k in category_keys) or "other"
    return (
        "[entities]\nQuote\nClaim\nCue\nSpeaker\n\n"
        "[relations]\n"
        "Says\tArg1:Speaker, Arg2:Quote\n"
        "HasCue\tArg1:Quote, Arg2:Cue\n"
        "InQuote\tArg1:Claim, Arg2:Quote\n\n"
        "[events]\n\n"
        "[attributes]\n"
        "QuoteType\tArg:Quote, Value:Direct|Indirect\n"
        f"Category\tArg:Claim, Value:{categories}\n"
        f"Annotator\tArg:<ENTITY>, Value:{annotators}\n"
        "Status\tArg:<ENTITY>, Value:accepted|suggested|rejected\n"
    )


VISUAL_CONF = (
    "[labels]\n"
    "Quote | Quote | Q\n"
    "Claim | Claim | C\n"
    "Cue | Cue\n"
    "Speaker | Speaker | S\n"
    "Says | says\n"
    "HasCue | cue\n"
    "InQuote | in quote\n\n"
    "[drawing]\n"
    "Quote\tbgColor:#ffd27f\n"
    "Claim\tbgColor:#9fcfff\n"
    "Cue\tbgColor:#e0e0e0\n"
    "Speaker\tbgColor:#b5e6a2\n"
    "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\n"
    "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n"
    "ATTRIBUTE_DEFAULT\tglyph:*\n"
)


def export_brat(
    store: Store,
    out_path: str | Path,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> list[Path]:
    """Write `article-<id>.txt/.ann` per article plus the two brat configuration files into the
    folder `out_path` (created if needed)."""
    folder = Path(out_path)
    folder.mkdir(parents=True, exist_ok=True)
    names_of = {s.id: (s.name, *s.aliases) for s in store.speakers()}
    written: list[Path] = []
    seen_annotators: set[str] = set()
    for article_id in resolve_article_ids(store, article_ids):
        article = store.get_article(article_id)
        items = selected_annotations(store, article_id, annotators=annotators, statuses=statuses)
        seen_annotators.update(a.annotator for a in items if a.annotator)
        txt = folder / f"article-{article_id}.txt"
        ann = folder / f"article-{article_id}.ann"
        txt.write_text(article.text, encoding="utf-8", newline="")
        ann.write_text(_ann_for_article(article.text, items, names_of), encoding="utf-8")
        written += [txt, ann]
    conf = folder / "annotation.conf"
    keys = [c.key for c in store.categories()]
    conf.write_text(annotation_conf(keys, sorted(seen_annotators)), encoding="utf-8")
    visual = folder / "visual.conf"
    visual.write_text(VISUAL_CONF, encoding="utf-8")
    return [*written, conf, visual]


# --- import --------------------------------------------------------------------------------------
@dataclass
class _Entity:
    kind: str
    start: int
    end: int
    attributes: dict[str, str] = field(default_factory=dict)
    note: dict[str, str] = field(default_factory=dict)


def _parse_note(value: str) -> dict[str, str]:
    """`speaker: X | role: Y | annotator: Z | note: free text` (the note last, may hold ` | `)."""
    parts: dict[str, str] = {}
    if value.startswith("note: "):
        return {"note": value[len("note: ") :].strip()}
    head, sep, note = value.partition(" | note: ")
    if sep:
        parts["note"] = note.strip()
        value = head
    for piece in value.split(" | "):
        key, sep, rest = piece.partition(": ")
        if sep and key.strip() in ("speaker", "role", "annotator", "span", "note"):
            parts[key.strip()] = rest.strip()
        elif piece.strip():
            parts["note"] = (parts.get("note", "") + " " + piece.strip()).strip()
    return parts


def parse_ann(text: str, ann: str, *, where: str) -> tuple[dict[str, _Entity], list[tuple]]:
    """Entities by id and relations (name, arg1, arg2) of a `.ann` file; every T line's text
    must equal its fragments of `text` joined by a space (FormatError naming the line)."""
    entities: dict[str, _Entity] = {}
    relations: list[tuple[str, str, str]] = []
    notes: list[tuple[str, str]] = []
    for number, line in enumerate(ann.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        ref = fields[0]
        head = fields[1].split() if len(fields) > 1 else []
        at = f"{where} line {number}"
        if ref.startswith("T"):
            if len(fields) < 2 or len(head) < 3:
                raise FormatError(f"{at}: malformed text-bound annotation")
            try:
                pieces = [
                    tuple(int(x) for x in piece.split()) for piece in " ".join(head[1:]).split(";")
                ]
            except ValueError:
                raise FormatError(f"{at}: offsets must be whole numbers") from None
            if any(len(p) != 2 or not (0 <= p[0] < p[1] <= len(text)) for p in pieces):
                raise FormatError(f"{at}: offsets out of range for a text of {len(text)} chars")
            shown = _shown(" ".join(text[s:e] for s, e in pieces))
            if len(fields) > 2 and fields[2] != shown:
                raise FormatError(f"{at}: span text {fields[2][:40]!r} does not match the .txt")
            entities[ref] = _Entity(head[0], min(p[0] for p in pieces), max(p[1] for p in pieces))
        elif ref.startswith(("A", "M")) and len(head) >= 2:
            entities_attr = (head[0], head[1], head[2] if len(head) > 2 else "true")
            notes.append(("attr", "\t".join(entities_attr)))
        elif ref.startswith("R") and len(head) >= 3:
            args = dict(part.split(":", 1) for part in head[1:3] if ":" in part)
            if "Arg1" in args and "Arg2" in args:
                relations.append((head[0], args["Arg1"], args["Arg2"]))
        elif ref.startswith("#") and len(head) >= 2 and len(fields) > 2:
            notes.append(("note", f"{head[1]}\t{fields[2]}"))
    for kind, value in notes:
        parts = value.split("\t")
        if kind == "attr" and parts[1] in entities:
            entities[parts[1]].attributes[parts[0]] = parts[2]
        elif kind == "note" and parts[0] in entities:
            entities[parts[0]].note.update(_parse_note(parts[1]))
    return entities, relations


def _article_from_ann(
    store: Store, text: str, ann: str, *, where: str, annotator: str | None
) -> tuple[dict, list[str]]:
    entities, relations = parse_ann(text, ann, where=where)
    keys = {c.key.lower(): c.key for c in store.categories()}
    names = {c.name.lower(): c.key for c in store.categories()}
    article = new_article(store, text)
    warnings: list[str] = []
    says = {arg2: arg1 for name, arg1, arg2 in relations if name == "Says"}
    cue_of = {arg1: arg2 for name, arg1, arg2 in relations if name == "HasCue"}
    in_quote = {arg1: arg2 for name, arg1, arg2 in relations if name == "InQuote"}

    def who(entity: _Entity) -> str:
        return (
            annotator
            or entity.note.get("annotator")
            or entity.attributes.get("Annotator")
            or DEFAULT_ANNOTATOR
        )

    quote_spans: dict[str, tuple[int, int]] = {}
    claims: list[tuple[str, _Entity, str | None]] = []
    for ref, entity in entities.items():
        exact = re.fullmatch(r"(\d+)-(\d+)", entity.note.get("span", ""))
        if exact and 0 <= int(exact[1]) < int(exact[2]) <= len(text):
            entity.start, entity.end = int(exact[1]), int(exact[2])
        kind = entity.kind.lower()
        if kind == "quote":
            quote_spans[ref] = (entity.start, entity.end)
        elif kind == "claim":
            claims.append((ref, entity, entity.attributes.get("Category")))
        elif kind in keys or kind in names:
            claims.append((ref, entity, keys.get(kind) or names.get(kind)))
        elif kind not in ("cue", "speaker"):
            warnings.append(f"{where}: {ref}: entity type {entity.kind!r} ignored")
    loose_cues = {
        ref: (e.start, e.end)
        for ref, e in entities.items()
        if e.kind.lower() == "cue" and ref not in cue_of.values()
    }
    for ref in quote_spans:
        entity = entities[ref]
        cue_entity = entities.get(cue_of.get(ref, ""))
        cue = (cue_entity.start, cue_entity.end) if cue_entity else None
        speaker = entity.note.get("speaker")
        if not speaker and says.get(ref) in entities:
            mention = entities[says[ref]]
            speaker = text[mention.start : mention.end]
        quote_type = entity.attributes.get("QuoteType", "direct").lower()
        article["quotes"].append(
            quote_item(
                text,
                ref,
                entity.start,
                entity.end,
                annotator=who(entity),
                speaker=speaker,
                speaker_role=entity.note.get("role"),
                quote_type=quote_type if quote_type in ("direct", "indirect") else "direct",
                cue=cue,
                status=entity.attributes.get("Status", "accepted"),
                note=entity.note.get("note"),
            )
        )
    for cue_ref, (s, e) in loose_cues.items():
        free = {q["id"]: quote_spans[q["id"]] for q in article["quotes"] if q["cue"] is None}
        target = nearest(free, s, e)
        for quote in article["quotes"]:
            if quote["id"] == target:
                quote["cue"] = {"start": s, "end": e, "text": text[s:e]}
                break
        else:
            warnings.append(f"{where}: {cue_ref}: cue without a quote ignored")
    for ref, entity, category in claims:
        quote = in_quote.get(ref) if in_quote.get(ref) in quote_spans else None
        speaker = entity.note.get("speaker")
        article["claims"].append(
            claim_item(
                text,
                ref,
                entity.start,
                entity.end,
                annotator=who(entity),
                category=category,
                speaker=speaker,
                quote=quote,
                status=entity.attributes.get("Status", "accepted"),
                note=entity.note.get("note"),
            )
        )
    # the native importer wants quotes before the claims that link to them, in any order
    return article, warnings


def _natural(path: Path) -> list:
    """Sort key putting article-2 before article-10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def _ann_files(paths: Iterable[str | Path]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(path.rglob("*.ann"), key=_natural))
        elif path.suffix == ".txt":
            found.append(path.with_suffix(".ann"))
        else:
            found.append(path)
    return found


def import_brat(
    store: Store, paths: Iterable[str | Path] | str | Path, *, annotator: str | None = None
) -> ImportReport:
    """Import brat `.ann` files (each beside its `.txt`; folders are searched recursively) in one
    transaction. Articles match by text; `annotator` overrides the one recorded in the files
    (default: the `Annotator` attribute or note, else "brat")."""
    if isinstance(paths, str | Path):
        paths = [paths]
    articles: list[dict] = []
    warnings: list[str] = []
    files = _ann_files(paths)
    if not files:
        raise FormatError("no .ann files found")
    for ann_path in files:
        txt_path = ann_path.with_suffix(".txt")
        try:
            with txt_path.open(encoding="utf-8-sig", newline="") as handle:
                text = handle.read()  # brat counts a "\r" of "\r\n" as a character
            ann = ann_path.read_text(encoding="utf-8") if ann_path.exists() else ""
        except (OSError, UnicodeDecodeError) as error:
            raise FormatError(f"{ann_path}: cannot read the .ann/.txt pair ({error})") from None
        if not text:
            raise FormatError(f"{txt_path}: empty text")
        article, found = _article_from_ann(
            store, text, ann, where=str(ann_path), annotator=annotator
        )
        articles.append(article)
        warnings.extend(found)
    label = str(files[0]) if len(files) == 1 else f"{files[0].parent} ({len(files)} files)"
    report = import_native_articles(store, articles, label=label)
    return report | ImportReport(warnings=tuple(warnings))
