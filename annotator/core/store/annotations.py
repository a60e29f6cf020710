"""Quotes and claims: adding, editing, deleting (and restoring), suggestions and their fate."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from annotator.core.model import ANNOTATION_STATUSES, QUOTE_TYPES, Annotation, Changes, changes
from annotator.core.store.base import MAX_ROWID, StoreBase, StoreError, insert_many, now

_SELECT = """
SELECT a.id, a.article_id, a.kind, a.start, a."end", a.text, a.speaker_id,
       coalesce(s.name, a.suggested_speaker) AS speaker_name,
       coalesce(a.speaker_role, s.role) AS speaker_role,
       a.category_id, coalesce(c.key, a.suggested_category) AS category_key,
       c.name AS category_name, a.cue_start, a.cue_end, a.quote_type, a.quote_id,
       a.annotator, a.status, a.confidence, a.note, a.origin, a.created_at, a.updated_at
FROM annotations a
LEFT JOIN speakers s ON s.id = a.speaker_id
LEFT JOIN categories c ON c.id = a.category_id
"""

EDITABLE_ANNOTATION_FIELDS = (
    "start",
    "end",
    "speaker_id",
    "category_id",
    "quote_type",
    "cue_start",
    "cue_end",
    "quote_id",
    "note",
    "status",
    "annotator",
    "speaker_role",
)


class AcceptRecord(NamedTuple):
    """What accepting a suggestion changed: the annotation's previous values and whether a
    speaker was created for it (undo removes that speaker again)."""

    annotation_id: int
    previous: dict[str, Any]
    created_speaker_id: int | None


class AnnotationsMixin(StoreBase):
    # --- reading -----------------------------------------------------------------------------
    def annotations(
        self,
        article_id: int,
        *,
        statuses: Sequence[str] = ("accepted", "suggested"),
        kind: str | None = None,
        annotator: str | None = None,
    ) -> list[Annotation]:
        """An article's annotations with the given statuses, ordered by start then end."""
        where = ["a.article_id = ?", f"a.status IN ({','.join('?' * len(statuses))})"]
        params: list[Any] = [article_id, *statuses]
        if kind:
            where.append("a.kind = ?")
            params.append(kind)
        if annotator is not None:
            where.append("a.annotator = ?")
            params.append(annotator)
        sql = _SELECT + " WHERE " + " AND ".join(where) + ' ORDER BY a.start, a."end", a.id'
        return [Annotation(**row) for row in self.query(sql, params)]

    def get_annotation(self, annotation_id: int) -> Annotation:
        row = self.query_one(_SELECT + " WHERE a.id = ?", [annotation_id])
        if row is None:
            raise StoreError(f"annotation {annotation_id} does not exist")
        return Annotation(**row)

    def annotators(self) -> list[str]:
        return [
            r["annotator"]
            for r in self.query(
                "SELECT DISTINCT annotator FROM annotations WHERE annotator IS NOT NULL "
                "ORDER BY annotator"
            )
        ]

    def enclosing_quote(self, article_id: int, start: int, end: int) -> Annotation | None:
        """The shortest accepted quote that contains [start, end), if any."""
        row = self.query_one(
            _SELECT
            + """ WHERE a.article_id = ? AND a.kind = 'quote' AND a.status = 'accepted'
              AND a.start <= ? AND a."end" >= ? ORDER BY a."end" - a.start LIMIT 1""",
            [article_id, start, end],
        )
        return Annotation(**row) if row else None

    # --- writing -----------------------------------------------------------------------------
    def _span_text(self, article_id: int, start: int, end: int) -> str:
        text = self._article_text(article_id)
        if not (0 <= start < end <= len(text)):
            raise StoreError(
                f"span {start}-{end} lies outside the article text (length {len(text)})"
            )
        return text[start:end]

    def _article_text(self, article_id: int) -> str:
        row = self.query_one("SELECT text FROM articles WHERE id = ?", [article_id])
        if row is None:
            raise StoreError(f"article {article_id} does not exist")
        return row["text"]

    def _insert_annotation(self, row: dict[str, Any]) -> int:
        """Insert one annotation row in the caller's transaction; fills text and timestamps."""
        row = dict(row)
        row["text"] = self._span_text(row["article_id"], row["start"], row["end"])
        if row.get("cue_start") is not None:
            self._span_text(row["article_id"], row["cue_start"], row["cue_end"])
        if row.get("quote_type") not in (None, *QUOTE_TYPES):
            raise StoreError(f"unknown quote type {row['quote_type']!r}")
        if row.get("status", "accepted") not in ANNOTATION_STATUSES:
            raise StoreError(f"unknown annotation status {row['status']!r}")
        stamp = now()
        row.setdefault("created_at", stamp)
        row.setdefault("updated_at", row["created_at"])
        return int(self.db["annotations"].insert(row).last_pk)

    def _mark_in_progress(self, article_id: int) -> list[int]:
        cursor = self.conn.execute(
            "UPDATE articles SET status = 'in_progress', updated_at = ? "
            "WHERE id = ? AND status = 'new'",
            [now(), article_id],
        )
        return [article_id] if cursor.rowcount else []

    def add_quote(
        self,
        article_id: int,
        start: int,
        end: int,
        *,
        speaker_id: int | None,
        quote_type: str = "direct",
        cue: tuple[int, int] | None = None,
        annotator: str | None,
        note: str | None = None,
        speaker_role: str | None = None,
    ) -> tuple[Annotation, Changes]:
        """Tag [start, end) as a quote of `speaker_id`. A 'new' article becomes 'in_progress'."""
        with self.transaction():
            new_id = self._insert_annotation(
                {
                    "article_id": article_id,
                    "kind": "quote",
                    "start": start,
                    "end": end,
                    "speaker_id": speaker_id,
                    "quote_type": quote_type,
                    "cue_start": cue[0] if cue else None,
                    "cue_end": cue[1] if cue else None,
                    "annotator": annotator,
                    "note": note,
                    "speaker_role": speaker_role,
                }
            )
            self._mark_in_progress(article_id)
        return self.get_annotation(new_id), changes(
            annotations=[new_id], articles=[article_id], speakers=[speaker_id]
        )

    def add_claim(
        self,
        article_id: int,
        start: int,
        end: int,
        *,
        category_id: int | None,
        quote_id: int | None = None,
        speaker_id: int | None = None,
        annotator: str | None,
        note: str | None = None,
    ) -> tuple[Annotation, Changes]:
        """Tag [start, end) as a claim of `category_id`, linked to the quote it sits in."""
        with self.transaction():
            if quote_id is not None and speaker_id is None:
                speaker_id = self.get_annotation(quote_id).speaker_id
            new_id = self._insert_annotation(
                {
                    "article_id": article_id,
                    "kind": "claim",
                    "start": start,
                    "end": end,
                    "category_id": category_id,
                    "quote_id": quote_id,
                    "speaker_id": speaker_id,
                    "annotator": annotator,
                    "note": note,
                }
            )
            self._mark_in_progress(article_id)
        return self.get_annotation(new_id), changes(
            annotations=[new_id], articles=[article_id], categories=[category_id]
        )

    def update_annotation(
        self, annotation_id: int, **fields: Any
    ) -> tuple[dict[str, Any], Changes]:
        """Edit fields of one annotation; returns the old values (pass them back to undo)."""
        unknown = set(fields) - set(EDITABLE_ANNOTATION_FIELDS)
        if unknown:
            raise StoreError(f"cannot edit annotation field(s): {', '.join(sorted(unknown))}")
        with self.transaction():
            old = self.query_one(
                "SELECT article_id, "
                + ", ".join(f'"{k}"' for k in fields)
                + " FROM annotations WHERE id = ?",
                [annotation_id],
            )
            if old is None:
                raise StoreError(f"annotation {annotation_id} does not exist")
            article_id = old.pop("article_id")
            update = dict(fields)
            if "start" in fields or "end" in fields:
                current = self.get_annotation(annotation_id)
                start, end = fields.get("start", current.start), fields.get("end", current.end)
                update["text"] = self._span_text(article_id, start, end)
            update["updated_at"] = now()
            self.db["annotations"].update(annotation_id, update)
        return old, changes(
            annotations=[annotation_id],
            articles=[article_id],
            speakers=[fields.get("speaker_id"), old.get("speaker_id")],
        )

    def delete_annotation(self, annotation_id: int) -> tuple[dict[str, Any], Changes]:
        """Delete one annotation; returns its raw row for `restore_annotation` (undo)."""
        with self.transaction():
            row = self.query_one("SELECT * FROM annotations WHERE id = ?", [annotation_id])
            if row is None:
                raise StoreError(f"annotation {annotation_id} does not exist")
            linked = [
                r["id"]
                for r in self.query(
                    "SELECT id FROM annotations WHERE quote_id = ?", [annotation_id]
                )
            ]
            row["_linked_claims"] = linked
            self.conn.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
        return row, changes(
            annotations=[annotation_id, *linked],
            articles=[row["article_id"]],
            speakers=[row["speaker_id"]],
        )

    def restore_annotation(self, row: dict[str, Any]) -> Changes:
        """Put back an annotation deleted by `delete_annotation`, with the same id and links."""
        row = dict(row)
        linked = row.pop("_linked_claims", [])
        with self.transaction():
            self.db["annotations"].insert(row)
            for claim_id in linked:
                self.conn.execute(
                    "UPDATE annotations SET quote_id = ? WHERE id = ?", [row["id"], claim_id]
                )
        return changes(
            annotations=[row["id"], *linked],
            articles=[row["article_id"]],
            speakers=[row["speaker_id"]],
        )

    # --- suggestions -------------------------------------------------------------------------
    def insert_suggestions(
        self, article_id: int, suggestions: Iterable[dict[str, Any]]
    ) -> list[int]:
        """Store suggestions (shapes of `annotator.core.suggest`) as status 'suggested', in the
        caller's transaction, skipping any span a person already accepted or rejected."""
        decided = {
            (r["kind"], r["start"], r["end"])
            for r in self.query(
                'SELECT kind, start, "end" FROM annotations WHERE article_id = ? '
                "AND status IN ('accepted', 'rejected')",
                [article_id],
            )
        }
        return self._store_suggestions(
            article_id, self._article_text(article_id), suggestions, decided, self.category_ids()
        )

    def category_ids(self) -> dict[str, int]:
        """Category ids by key."""
        return {c.key: c.id for c in self.categories()}  # type: ignore[attr-defined]

    def _store_suggestions(
        self,
        article_id: int,
        text: str,
        suggestions: Iterable[dict[str, Any]],
        decided: set[tuple[str, int, int]],
        keys: dict[str, int],
    ) -> list[int]:
        """`insert_suggestions` for an article whose text, decided spans and category ids the
        caller already holds (an import of a new article has no decided span)."""
        rows = _suggestion_rows(article_id, text, suggestions, decided, keys, now())
        # One statement for the whole batch: imports store tens of suggestions per article.
        first = self.query_one("SELECT coalesce(max(id), 0) AS n FROM annotations")
        self.conn.executemany(f"{_SUGGESTIONS_HEAD} {_SUGGESTION_ROW}", rows)
        new_ids = [
            r["id"]
            for r in self.query(
                "SELECT id FROM annotations WHERE article_id = ? AND id > ? ORDER BY id",
                [article_id, first["n"] if first else 0],
            )
        ]
        return new_ids

    def _store_new_suggestions(
        self,
        articles: Sequence[tuple[int, str, Iterable[dict[str, Any]]]],
        keys: dict[str, int],
    ) -> list[int]:
        """`_store_suggestions` of new articles (article id, text, suggestions) one after the
        other, many rows per statement: the new annotation ids, in order."""
        stamp = now()
        rows: list[tuple[Any, ...]] = []
        for article_id, text, suggestions in articles:
            rows.extend(_suggestion_rows(article_id, text, suggestions, set(), keys, stamp))
        last = self.conn.execute("SELECT max(id) FROM annotations").fetchone()[0] or 0
        if last + len(rows) >= MAX_ROWID:  # ids no longer max(id) + 1: SQLite's own
            insert = f"{_SUGGESTIONS_HEAD} {_SUGGESTION_ROW}"
            return [int(self.conn.execute(insert, row).lastrowid) for row in rows]
        insert_many(self.conn, _SUGGESTIONS_HEAD, _SUGGESTION_ROW, rows)  # full-text indexed
        return list(range(last + 1, last + 1 + len(rows)))  # each row got max(id) + 1

    def replace_suggestions(
        self, article_id: int, suggestions: Iterable[dict[str, Any]]
    ) -> Changes:
        """Drop an article's pending suggestions and store a fresh set (rejected stay rejected)."""
        with self.transaction():
            old = [
                r["id"]
                for r in self.query(
                    "SELECT id FROM annotations WHERE article_id = ? AND status = 'suggested'",
                    [article_id],
                )
            ]
            self.conn.execute(
                "DELETE FROM annotations WHERE article_id = ? AND status = 'suggested'",
                [article_id],
            )
            new = self.insert_suggestions(article_id, suggestions)
        return changes(annotations=[*old, *new], articles=[article_id])

    def accept_suggestion(
        self, annotation_id: int, *, annotator: str | None
    ) -> tuple[AcceptRecord, Changes]:
        """Make a suggestion an annotation of `annotator`; its suggested speaker name is looked
        up in the registry (names and aliases) and created there when new."""
        current = self.get_annotation(annotation_id)
        if current.status != "suggested":
            raise StoreError(f"annotation {annotation_id} is not a pending suggestion")
        created: int | None = None
        with self.transaction():
            previous = self.query_one(
                "SELECT status, annotator, speaker_id, category_id FROM annotations WHERE id = ?",
                [annotation_id],
            )
            assert previous is not None
            speaker_id = current.speaker_id
            if speaker_id is None and current.speaker_name:
                found = self.find_speaker(current.speaker_name)  # type: ignore[attr-defined]
                if found is None:
                    created = self._insert_speaker(  # type: ignore[attr-defined]
                        current.speaker_name, role=current.speaker_role
                    )
                    speaker_id = created
                else:
                    speaker_id = found.id
            self.db["annotations"].update(
                annotation_id,
                {
                    "status": "accepted",
                    "annotator": annotator,
                    "speaker_id": speaker_id,
                    "updated_at": now(),
                },
            )
            self._mark_in_progress(current.article_id)
        record = AcceptRecord(annotation_id, previous, created)
        return record, changes(
            annotations=[annotation_id], articles=[current.article_id], speakers=[speaker_id]
        )

    def unaccept_suggestion(self, record: AcceptRecord) -> Changes:
        with self.transaction():
            self.db["annotations"].update(record.annotation_id, record.previous)
            if record.created_speaker_id is not None:
                self.conn.execute("DELETE FROM speakers WHERE id = ?", [record.created_speaker_id])
        article_id = self.get_annotation(record.annotation_id).article_id
        return changes(
            annotations=[record.annotation_id],
            articles=[article_id],
            speakers=[record.created_speaker_id],
        )

    def reject_suggestion(self, annotation_id: int) -> Changes:
        """Mark a suggestion rejected; re-running the suggester will not bring it back."""
        return self._set_status(annotation_id, "suggested", "rejected")

    def unreject_suggestion(self, annotation_id: int) -> Changes:
        return self._set_status(annotation_id, "rejected", "suggested")

    def _set_status(self, annotation_id: int, expected: str, status: str) -> Changes:
        current = self.get_annotation(annotation_id)
        if current.status != expected:
            raise StoreError(f"annotation {annotation_id} is {current.status}, not {expected}")
        with self.transaction():
            self.db["annotations"].update(annotation_id, {"status": status, "updated_at": now()})
        return changes(annotations=[annotation_id], articles=[current.article_id])


_SUGGESTIONS_HEAD = """INSERT INTO annotations (article_id, kind, start, "end", text,
     suggested_speaker, speaker_role, category_id, suggested_category, cue_start, cue_end,
     quote_type, confidence, created_at, updated_at, status, origin, annotator) VALUES"""
_SUGGESTION_ROW = (
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'suggested', 'suggestion', 'suggester')"
)


def _suggestion_rows(
    article_id: int,
    text: str,
    suggestions: Iterable[dict[str, Any]],
    decided: set[tuple[str, int, int]],
    keys: dict[str, int],
    stamp: str,
) -> list[tuple[Any, ...]]:
    """The values of `_SUGGESTION_ROW` for an article's suggestions that can be stored and
    were not decided already."""
    rows = []
    for item in suggestions:
        if not _valid_suggestion(item, len(text)):
            continue
        if (item["kind"], item["start"], item["end"]) in decided:
            continue
        cue = item.get("cue") or None
        is_quote = item["kind"] == "quote"
        rows.append(
            (
                article_id,
                item["kind"],
                item["start"],
                item["end"],
                text[item["start"] : item["end"]],
                item.get("speaker"),
                item.get("speaker_role"),
                None if is_quote else keys.get(item.get("category")),
                item.get("category"),
                cue["start"] if cue else None,
                cue["end"] if cue else None,
                item.get("quote_type") if is_quote else None,
                item.get("confidence"),
                stamp,
                stamp,
            )
        )
    return rows


def _valid_suggestion(item: dict[str, Any], length: int) -> bool:
    """A suggestion the store can keep; a malformed one is dropped, never fails an import."""
    try:
        start, end = int(item["start"]), int(item["end"])
    except (KeyError, TypeError, ValueError):
        return False
    if item.get("kind") not in ("quote", "claim") or not 0 <= start < end <= length:
        return False
    if item["kind"] == "quote" and item.get("quote_type") not in (None, *QUOTE_TYPES):
        return False
    cue = item.get("cue")
    if cue and not (0 <= cue.get("start", -1) < cue.get("end", -1) <= length):
        return False
    confidence = item.get("confidence")
    return confidence is None or 0 <= confidence <= 1
