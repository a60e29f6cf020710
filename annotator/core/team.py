"""Work of several annotators in one project: speaker merge proposals and statistics tables.

After importing other annotators' exports, one person may be in the registry twice
(`Bahtiar` and `Bachtiar`, `Joko Widodo` and `Widodo`). `speaker_proposals` lists pairs that
look like the same person for a person to confirm (`annotator merge-speakers KEEP OTHER`);
nothing is ever merged here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from annotator.core.model import Speaker
from annotator.core.store import Store

MAX_EDITS = 2
MIN_FUZZY_LENGTH = 5
HONORIFICS = frozenset(
    {"pak", "bu", "bapak", "ibu", "dr", "drs", "dra", "ir", "prof", "h", "hj", "kh"}
    | {"mr", "mrs", "ms", "sir", "dato", "datuk", "tuan"}
)

# strongest first: the order proposals are listed in for one pair
REASONS = (
    "same name ignoring case and diacritics",
    "one is an alias of the other",
    "names differ by {n} letter(s)",
    "one name is the other's surname",
    "one name is part of the other",
)


@dataclass(frozen=True)
class SpeakerProposal:
    """Two registry speakers that may be one person. `keep` is the suggested survivor (more
    accepted annotations, then the lower id); `rank` orders reasons, 0 strongest."""

    keep: Speaker
    other: Speaker
    reason: str
    rank: int


def normalize_name(name: str) -> str:
    """Lower case, diacritics and punctuation removed, honorifics dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    words = letters.split()
    kept = [w for w in words if w not in HONORIFICS]
    return " ".join(kept or words)


def edit_distance(a: str, b: str, limit: int = MAX_EDITS) -> int:
    """Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _why(a: Speaker, b: Speaker) -> tuple[int, str] | None:
    na, nb = normalize_name(a.name), normalize_name(b.name)
    if not na or not nb:
        return None
    if na == nb:
        return 0, REASONS[0]
    aliases_a = {normalize_name(x) for x in a.aliases}
    aliases_b = {normalize_name(x) for x in b.aliases}
    if na in aliases_b or nb in aliases_a or aliases_a & aliases_b:
        return 1, REASONS[1]
    if min(len(na), len(nb)) >= MIN_FUZZY_LENGTH:
        distance = edit_distance(na, nb)
        if distance <= MAX_EDITS:
            return 2, REASONS[2].format(n=distance)
    short, long = sorted((na.split(), nb.split()), key=len)
    if len(short) == 1 and len(long) > 1 and len(short[0]) >= 3:
        if short[0] == long[-1]:
            return 3, REASONS[3]
        if short[0] in long:
            return 4, REASONS[4]
    return None


def speaker_proposals(store: Store) -> list[SpeakerProposal]:
    """Pairs of registry speakers that may be the same person, strongest reasons first."""
    found: list[SpeakerProposal] = []
    for a, b in combinations(store.speakers(), 2):
        why = _why(a, b)
        if why is None:
            continue
        keep, other = sorted((a, b), key=lambda s: (-s.annotation_count, s.id))
        found.append(SpeakerProposal(keep, other, why[1], why[0]))
    found.sort(key=lambda p: (p.rank, p.keep.name.casefold(), p.other.name.casefold()))
    return found


# --- statistics as CSV ---------------------------------------------------------------------------
STATS_TABLES = {
    "articles_by_status": ("status", "articles"),
    "quotes_by_speaker": ("speaker", "quotes"),
    "claims_by_category": ("category", "claims"),
    "articles_by_outlet": ("outlet", "articles"),
    "articles_by_month": ("month", "articles"),
}


def write_stats_csv(store: Store, folder: str | Path) -> list[Path]:
    """Write the counts of `store.stats()` as CSV files (UTF-8, header row) into `folder`:
    one file per table in STATS_TABLES plus `annotations.csv` (kind, status, count)."""
    from annotator.core.formats.csv_tables import write_rows

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    numbers = store.stats()
    written = []
    for table, (key_column, count_column) in STATS_TABLES.items():
        rows = [{key_column: k, count_column: v} for k, v in numbers.get(table, {}).items()]
        written.append(write_rows(out / f"{table}.csv", (key_column, count_column), rows))
    annotation_rows = []
    for key, count in numbers.get("annotations", {}).items():
        kind, _, status = key.partition(":")
        annotation_rows.append({"kind": kind, "status": status, "annotations": count})
    written.append(
        write_rows(out / "annotations.csv", ("kind", "status", "annotations"), annotation_rows)
    )
    return written
