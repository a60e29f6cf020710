"""The speaker registry: names, aliases, roles, organizations; merging and renaming."""

from __future__ import annotations

from typing import Any, NamedTuple

from annotator.core.model import Changes, Speaker, changes
from annotator.core.store.base import StoreBase, StoreError, now

EDITABLE_SPEAKER_FIELDS = ("name", "role", "organization", "wikidata_id", "aliases")


class SpeakerRecord(NamedTuple):
    """A deleted speaker with everything needed to restore it (its annotations' links too)."""

    row: dict[str, Any]
    aliases: tuple[str, ...]
    annotation_ids: tuple[int, ...]


class MergeRecord(NamedTuple):
    """What `merge_speakers` did, so that `unmerge_speakers` can put it back."""

    keep_id: int
    keep_aliases_before: tuple[str, ...]
    removed: SpeakerRecord


class SpeakersMixin(StoreBase):
    _SPEAKER_SQL = """SELECT s.*, (SELECT count(*) FROM annotations a WHERE a.speaker_id = s.id
                     AND a.status = 'accepted') AS annotation_count FROM speakers s"""

    def speakers(self, *, with_counts: bool = True) -> list[Speaker]:
        """The registry sorted by name, each with its aliases and (unless `with_counts` is
        False, which is much faster on a large project) its accepted-annotation count."""
        aliases = self._aliases_by_speaker()
        sql = (
            self._SPEAKER_SQL
            if with_counts
            else "SELECT s.*, 0 AS annotation_count FROM speakers s"
        )
        rows = self.query(sql + " ORDER BY s.name COLLATE NOCASE")
        return [_speaker(r, aliases.get(r["id"], ())) for r in rows]

    def get_speaker(self, speaker_id: int) -> Speaker:
        row = self.query_one(self._SPEAKER_SQL + " WHERE s.id = ?", [speaker_id])
        if row is None:
            raise StoreError(f"speaker {speaker_id} does not exist")
        aliases = self.query(
            "SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY id", [speaker_id]
        )
        return _speaker(row, tuple(r["alias"] for r in aliases))

    def find_speaker(self, name: str) -> Speaker | None:
        """The speaker whose name or one of whose aliases equals `name`, ignoring case."""
        cleaned = " ".join(name.split())
        row = self.query_one("SELECT id FROM speakers WHERE name = ? COLLATE NOCASE", [cleaned])
        if row is None:
            row = self.query_one(
                "SELECT speaker_id AS id FROM speaker_aliases WHERE alias = ? COLLATE NOCASE "
                "ORDER BY id LIMIT 1",
                [cleaned],
            )
        return self.get_speaker(row["id"]) if row else None

    def _aliases_by_speaker(self) -> dict[int, tuple[str, ...]]:
        result: dict[int, list[str]] = {}
        for row in self.query("SELECT speaker_id, alias FROM speaker_aliases ORDER BY id"):
            result.setdefault(row["speaker_id"], []).append(row["alias"])
        return {k: tuple(v) for k, v in result.items()}

    def _insert_speaker(
        self,
        name: str,
        aliases: tuple[str, ...] | list[str] = (),
        *,
        speaker_id: int | None = None,
        role: str | None = None,
        organization: str | None = None,
        wikidata_id: str | None = None,
        created_at: str | None = None,
    ) -> int:
        name = " ".join(name.split())
        if not name:
            raise StoreError("a speaker needs a name")
        if self.find_speaker(name) is not None:
            raise StoreError(f"a speaker named {name!r} already exists")
        row: dict[str, Any] = {
            "name": name,
            "role": role,
            "organization": organization,
            "wikidata_id": wikidata_id,
            "created_at": created_at or now(),
        }
        if speaker_id is not None:
            row["id"] = speaker_id
        new_id = int(self.db["speakers"].insert(row).last_pk)
        self._set_aliases(new_id, aliases)
        return new_id

    def _set_aliases(self, speaker_id: int, aliases: tuple[str, ...] | list[str]) -> None:
        self.conn.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", [speaker_id])
        seen: set[str] = set()
        for alias in aliases:
            cleaned = " ".join(alias.split())
            if cleaned and cleaned.lower() not in seen:
                seen.add(cleaned.lower())
                self.db["speaker_aliases"].insert({"speaker_id": speaker_id, "alias": cleaned})

    def add_speaker(
        self,
        name: str,
        *,
        aliases: tuple[str, ...] | list[str] = (),
        role: str | None = None,
        organization: str | None = None,
        wikidata_id: str | None = None,
    ) -> tuple[Speaker, Changes]:
        with self.transaction():
            speaker_id = self._insert_speaker(
                name, aliases, role=role, organization=organization, wikidata_id=wikidata_id
            )
        return self.get_speaker(speaker_id), changes(speakers=[speaker_id])

    def update_speaker(self, speaker_id: int, **fields: Any) -> tuple[dict[str, Any], Changes]:
        """Edit a speaker (renaming shows everywhere at once); returns the old values."""
        unknown = set(fields) - set(EDITABLE_SPEAKER_FIELDS)
        if unknown:
            raise StoreError(f"cannot edit speaker field(s): {', '.join(sorted(unknown))}")
        before = self.get_speaker(speaker_id)
        old = {key: getattr(before, key) for key in fields}
        with self.transaction():
            columns = {k: v for k, v in fields.items() if k != "aliases"}
            if "name" in columns:
                columns["name"] = " ".join(str(columns["name"]).split())
                other = self.find_speaker(columns["name"])
                if other is not None and other.id != speaker_id:
                    raise StoreError(f"a speaker named {columns['name']!r} already exists")
            if columns:
                self.db["speakers"].update(speaker_id, columns)
            if "aliases" in fields:
                self._set_aliases(speaker_id, tuple(fields["aliases"]))
        return old, changes(speakers=[speaker_id], annotations=self._annotation_ids_of(speaker_id))

    def _annotation_ids_of(self, speaker_id: int) -> list[int]:
        return [
            r["id"]
            for r in self.query("SELECT id FROM annotations WHERE speaker_id = ?", [speaker_id])
        ]

    def _speaker_record(self, speaker_id: int) -> SpeakerRecord:
        row = self.query_one("SELECT * FROM speakers WHERE id = ?", [speaker_id])
        if row is None:
            raise StoreError(f"speaker {speaker_id} does not exist")
        return SpeakerRecord(
            row,
            self._aliases_by_speaker().get(speaker_id, ()),
            tuple(self._annotation_ids_of(speaker_id)),
        )

    def delete_speaker(self, speaker_id: int) -> tuple[SpeakerRecord, Changes]:
        """Remove a speaker; its annotations keep their spans and lose the speaker link."""
        record = self._speaker_record(speaker_id)
        with self.transaction():
            self.conn.execute("DELETE FROM speakers WHERE id = ?", [speaker_id])
        return record, changes(
            speakers=[speaker_id],
            annotations=record.annotation_ids,
            articles=self._articles_of(record.annotation_ids),
        )

    def restore_speaker(self, record: SpeakerRecord) -> Changes:
        with self.transaction():
            self._restore_speaker_row(record)
        return changes(
            speakers=[record.row["id"]],
            annotations=record.annotation_ids,
            articles=self._articles_of(record.annotation_ids),
        )

    def _restore_speaker_row(self, record: SpeakerRecord) -> None:
        self.db["speakers"].insert(record.row)
        self._set_aliases(record.row["id"], record.aliases)
        for annotation_id in record.annotation_ids:
            self.conn.execute(
                "UPDATE annotations SET speaker_id = ? WHERE id = ?",
                [record.row["id"], annotation_id],
            )

    def merge_speakers(self, keep_id: int, other_id: int) -> tuple[MergeRecord, Changes]:
        """Fold `other_id` into `keep_id`: its annotations move, its name and aliases become
        aliases of the kept speaker."""
        if keep_id == other_id:
            raise StoreError("cannot merge a speaker with itself")
        keep = self.get_speaker(keep_id)
        removed = self._speaker_record(other_id)
        with self.transaction():
            self.conn.execute(
                "UPDATE annotations SET speaker_id = ? WHERE speaker_id = ?", [keep_id, other_id]
            )
            self.conn.execute("DELETE FROM speakers WHERE id = ?", [other_id])
            merged = [*keep.aliases, removed.row["name"], *removed.aliases]
            self._set_aliases(keep_id, [a for a in merged if a.lower() != keep.name.lower()])
        record = MergeRecord(keep_id, keep.aliases, removed)
        return record, changes(
            speakers=[keep_id, other_id],
            annotations=removed.annotation_ids,
            articles=self._articles_of(removed.annotation_ids),
        )

    def unmerge_speakers(self, record: MergeRecord) -> Changes:
        with self.transaction():
            self._set_aliases(record.keep_id, record.keep_aliases_before)
            self._restore_speaker_row(record.removed)
        ids = record.removed.annotation_ids
        return changes(
            speakers=[record.keep_id, record.removed.row["id"]],
            annotations=ids,
            articles=self._articles_of(ids),
        )

    def _articles_of(self, annotation_ids: tuple[int, ...] | list[int]) -> list[int]:
        if not annotation_ids:
            return []
        marks = ",".join("?" * len(annotation_ids))
        return [
            r["article_id"]
            for r in self.query(
                f"SELECT DISTINCT article_id FROM annotations WHERE id IN ({marks})",
                list(annotation_ids),
            )
        ]


def _speaker(row: dict[str, Any], aliases: tuple[str, ...]) -> Speaker:
    return Speaker(
        row["id"],
        row["name"],
        aliases,
        row["role"],
        row["organization"],
        row["wikidata_id"],
        row["annotation_count"],
    )
