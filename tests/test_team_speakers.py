"""Speaker merge proposals after merging annotators' work, and statistics as CSV."""

from __future__ import annotations

import csv

from test_team_helpers import build_team_project

from annotator.core.store import Store
from annotator.core.team import (
    edit_distance,
    normalize_name,
    speaker_proposals,
    write_stats_csv,
)


def test_normalize_and_distance():
    assert normalize_name("  Dr. Zulkifli  Hasán ") == "zulkifli hasan"
    assert normalize_name("Pak Bahtiar") == "bahtiar"
    assert edit_distance("bahtiar", "bachtiar") == 1
    assert edit_distance("bahtiar", "sri mulyani") == 3  # capped at limit + 1


def test_proposals_with_reasons_nothing_merged():
    with Store.memory() as store:
        build_team_project(store)
        store.add_speaker("Bachtiar Baharuddin")
        store.add_speaker("Bahtiarr")
        store.add_speaker("Zulkifli Hasán")
        store.add_speaker("Zulkifli Hasan.")
        store.add_speaker("Joko Widodo", aliases=["Jokowi"])
        store.add_speaker("JOKOWI!")
        store.add_speaker("Mulyani")
        store.add_speaker("Ali")
        store.add_speaker("Adi")
        before = [(s.id, s.name) for s in store.speakers()]
        found = {(p.keep.name, p.other.name): p.reason for p in speaker_proposals(store)}
        assert [(s.id, s.name) for s in store.speakers()] == before
    assert found[("Zulkifli Hasán", "Zulkifli Hasan.")].startswith("same name")
    assert found[("Joko Widodo", "JOKOWI!")] == "one is an alias of the other"
    assert found[("Bahtiar", "Bahtiarr")] == "names differ by 1 letter(s)"
    assert found[("Sri Mulyani", "Mulyani")] == "one name is the other's surname"
    assert ("Ali", "Adi") not in found and ("Adi", "Ali") not in found
    # the speaker with annotations is the one to keep
    assert all(keep != "Bahtiarr" for keep, _ in found)


def test_part_of_name():
    with Store.memory() as store:
        store.add_speaker("Bahtiar Baharuddin")
        store.add_speaker("Bahtiar")
        [proposal] = speaker_proposals(store)
        assert proposal.reason == "one name is part of the other"
        assert proposal.keep.name == "Bahtiar Baharuddin"  # same count: the lower id


def test_stats_csv(tmp_path):
    with Store.memory() as store:
        build_team_project(store)
        written = write_stats_csv(store, tmp_path / "stats")
        numbers = store.stats()
    names = sorted(p.name for p in written)
    assert "quotes_by_speaker.csv" in names and "annotations.csv" in names
    with (tmp_path / "stats" / "quotes_by_speaker.csv").open(encoding="utf-8") as handle:
        rows = {r["speaker"]: int(r["quotes"]) for r in csv.DictReader(handle)}
    assert rows == numbers["quotes_by_speaker"]
    with (tmp_path / "stats" / "annotations.csv").open(encoding="utf-8") as handle:
        counts = {(r["kind"], r["status"]): int(r["annotations"]) for r in csv.DictReader(handle)}
    assert counts[("quote", "accepted")] == 6
