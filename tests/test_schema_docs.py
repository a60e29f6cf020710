"""README.md documents every table and column of the project database; keep them in step."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.core.store import Store

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def documented_tables() -> dict[str, list[tuple[str, str]]]:
    tables: dict[str, list[tuple[str, str]]] = {}
    for match in re.finditer(r"^### Table `(\w+)`\n((?:\|.*\n)+)", README, re.M):
        rows = [line.split("|")[1:3] for line in match.group(2).splitlines()[2:]]
        tables[match.group(1)] = [(name.strip(), kind.strip()) for name, kind in rows]
    return tables


def real_tables() -> dict[str, list[tuple[str, str]]]:
    with Store.memory() as store:
        names = [
            row["name"]
            for row in store.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%' "
                "AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: [(r["name"], r["type"]) for r in store.query(f"PRAGMA table_info([{name}])")]
            for name in names
        }


def test_every_table_and_column_is_documented_with_its_type():
    assert documented_tables() == real_tables()


def test_documented_views_exist_with_their_columns():
    with Store.memory() as store:
        for view in ("quotes", "claims"):
            section = re.search(rf"### View `{view}`\n(.*?)`(.*?)`", README, re.S)
            assert section, f"view {view} undocumented"
            documented = [c.strip() for c in re.sub(r"\s+", " ", section.group(2)).split(",")]
            columns = [r["name"] for r in store.query(f"PRAGMA table_info([{view}])")]
            assert documented == columns
