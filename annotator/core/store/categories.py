"""The claim taxonomy: categories with color, digit shortcut, parent and order."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from annotator.core.model import Category, Changes, changes
from annotator.core.store.base import StoreBase, StoreError
from annotator.paths import resource

EDITABLE_CATEGORY_FIELDS = ("name", "description", "color", "shortcut", "parent_id", "key")


class CategoryRecord(NamedTuple):
    """A deleted category and the annotations that pointed at it."""

    row: dict[str, Any]
    annotation_ids: tuple[int, ...]


def default_taxonomy() -> list[dict[str, Any]]:
    """The bundled default claim taxonomy (resources/taxonomy.json)."""
    import json  # only for a new project: opening one does not need it

    return json.loads(resource("taxonomy.json").read_text(encoding="utf-8"))["categories"]


def make_key(name: str) -> str:
    key = re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")
    return key or "category"


class CategoriesMixin(StoreBase):
    def categories(self) -> list[Category]:
        return [
            Category(**r)
            for r in self.query(
                "SELECT id, key, name, description, color, shortcut, parent_id, position "
                "FROM categories ORDER BY position, id"
            )
        ]

    def category_by_key(self, key: str) -> Category | None:
        for category in self.categories():
            if category.key == key:
                return category
        return None

    def _install_default_taxonomy(self) -> None:
        for position, entry in enumerate(default_taxonomy()):
            self.db["categories"].insert({**entry, "position": position, "parent_id": None})

    def _unique_key(self, wanted: str) -> str:
        existing = {c.key for c in self.categories()}
        key, n = wanted, 2
        while key in existing:
            key, n = f"{wanted}_{n}", n + 1
        return key

    def add_category(
        self,
        name: str,
        *,
        color: str = "#7f7f7f",
        description: str | None = None,
        shortcut: str | None = None,
        parent_id: int | None = None,
        key: str | None = None,
    ) -> tuple[Category, Changes]:
        with self.transaction():
            if shortcut:
                self._free_shortcut(shortcut)
            position = len(self.categories())
            new_id = int(
                self.db["categories"]
                .insert(
                    {
                        "key": self._unique_key(key or make_key(name)),
                        "name": name.strip(),
                        "description": description,
                        "color": color,
                        "shortcut": shortcut or None,
                        "parent_id": parent_id,
                        "position": position,
                    }
                )
                .last_pk
            )
        return self._category(new_id), changes(categories=[new_id])

    def _category(self, category_id: int) -> Category:
        for category in self.categories():
            if category.id == category_id:
                return category
        raise StoreError(f"category {category_id} does not exist")

    def _free_shortcut(self, shortcut: str, keep_id: int | None = None) -> None:
        """A digit belongs to one category: taking it clears it elsewhere."""
        self.conn.execute(
            "UPDATE categories SET shortcut = NULL WHERE shortcut = ? AND id IS NOT ?",
            [shortcut, keep_id],
        )

    def update_category(self, category_id: int, **fields: Any) -> tuple[dict[str, Any], Changes]:
        unknown = set(fields) - set(EDITABLE_CATEGORY_FIELDS)
        if unknown:
            raise StoreError(f"cannot edit category field(s): {', '.join(sorted(unknown))}")
        before = self._category(category_id)
        old = {key: getattr(before, key) for key in fields}
        touched = [category_id]
        with self.transaction():
            if fields.get("shortcut"):
                holder = self.query_one(
                    "SELECT id FROM categories WHERE shortcut = ? AND id != ?",
                    [fields["shortcut"], category_id],
                )
                if holder:
                    touched.append(holder["id"])
                self._free_shortcut(fields["shortcut"], category_id)
            self.db["categories"].update(category_id, fields)
        annotation_ids = [
            r["id"]
            for r in self.query("SELECT id FROM annotations WHERE category_id = ?", [category_id])
        ]
        return old, changes(categories=touched, annotations=annotation_ids)

    def delete_category(self, category_id: int) -> tuple[CategoryRecord, Changes]:
        row = self.query_one("SELECT * FROM categories WHERE id = ?", [category_id])
        if row is None:
            raise StoreError(f"category {category_id} does not exist")
        ids = tuple(
            r["id"]
            for r in self.query("SELECT id FROM annotations WHERE category_id = ?", [category_id])
        )
        with self.transaction():
            self.conn.execute("DELETE FROM categories WHERE id = ?", [category_id])
        return CategoryRecord(row, ids), changes(categories=[category_id], annotations=ids)

    def restore_category(self, record: CategoryRecord) -> Changes:
        with self.transaction():
            self.db["categories"].insert(record.row)
            for annotation_id in record.annotation_ids:
                self.conn.execute(
                    "UPDATE annotations SET category_id = ? WHERE id = ?",
                    [record.row["id"], annotation_id],
                )
        return changes(categories=[record.row["id"]], annotations=record.annotation_ids)

    def move_category(self, category_id: int, new_position: int) -> Changes:
        """Move a category to `new_position` (0-based) in the taxonomy's order."""
        ordered = [c.id for c in self.categories()]
        if category_id not in ordered:
            raise StoreError(f"category {category_id} does not exist")
        ordered.remove(category_id)
        ordered.insert(max(0, min(new_position, len(ordered))), category_id)
        with self.transaction():
            for position, cid in enumerate(ordered):
                self.conn.execute(
                    "UPDATE categories SET position = ? WHERE id = ?", [position, cid]
                )
        return changes(categories=ordered)
