"""Label Studio tasks: round trip, the labeling config, foreign exports, UTF-16 offsets."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from test_team_helpers import build_team_project, layer_signature, span, without_notes

from annotator.core.formats import FormatError
from annotator.core.formats.labelstudio import export_labelstudio, import_labelstudio
from annotator.core.store import Store


def test_export_tasks_and_config(tmp_path):
    out = tmp_path / "tasks.json"
    with Store.memory() as store:
        build_team_project(store)
        written = export_labelstudio(store, out)
        keys = {c.key for c in store.categories()}
    assert written == [out, tmp_path / "tasks.config.xml"]
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 2
    for task in tasks:
        text = task["data"]["text"]
        assert [a["annotator"] for a in task["annotations"]] == ["ana", "budi"]
        for entry in task["annotations"]:
            for result in entry["result"]:
                if result["type"] == "labels":
                    value = result["value"]
                    assert text[value["start"] : value["end"]] == value["text"]
                    assert result["to_name"] == "text" and result["from_name"] == "kind"
    config = ET.fromstring((tmp_path / "tasks.config.xml").read_text(encoding="utf-8"))
    choices = {c.get("value") for c in config.iter("Choice")}
    assert keys <= choices
    assert {label.get("value") for label in config.iter("Label")} == {"Quote", "Claim", "Cue"}
    names = [e.get("name") for e in config.iter() if e.get("name")]
    assert len(names) == len(set(names))  # Label Studio needs unique control names
    used = {r.get("from_name") for t in tasks for a in t["annotations"] for r in a["result"]}
    assert used - {None} <= set(names)


def test_round_trip_without_notes(tmp_path):
    out = tmp_path / "tasks.json"
    with Store.memory() as first:
        build_team_project(first)
        export_labelstudio(first, out)
        expected = without_notes(layer_signature(first))
    with Store.memory() as second:
        report = import_labelstudio(second, out)
        assert len(report.imported) == 2 and report.warnings == ()
        assert without_notes(layer_signature(second)) == expected


def test_foreign_export_with_utf16_offsets(tmp_path):
    text = "😀 Menurut Bahtiar, harga naik 10 persen."
    claim = span(text, "harga naik 10 persen.")
    shifted = (claim[0] + 1, claim[1] + 1)  # JavaScript counts the emoji as two units
    task = {
        "id": 3,
        "data": {"text": text},
        "annotations": [
            {
                "completed_by": 12,
                "result": [
                    {
                        "id": "abc",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {
                            "start": shifted[0],
                            "end": shifted[1],
                            "text": "harga naik 10 persen.",
                            "labels": ["Quantity in the past or present"],
                        },
                    }
                ],
            },
            {"completed_by": 13, "was_cancelled": True, "result": []},
        ],
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    with Store.memory() as store:
        category = store.category_by_key("quantity")
        assert category.name == "Quantity in the past or present"
        import_labelstudio(store, path)
        [c] = store.annotations(store.article_ids()[0], statuses=("accepted",))
        assert (c.kind, c.start, c.end, c.category_key) == ("claim", *claim, "quantity")
        assert c.annotator == "12"


def test_wrong_region_text_refused(tmp_path):
    task = {
        "data": {"text": "Harga naik."},
        "annotations": [
            {
                "result": [
                    {
                        "id": "x",
                        "type": "labels",
                        "value": {"start": 0, "end": 5, "text": "Naik", "labels": ["Quote"]},
                    }
                ]
            }
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(task), encoding="utf-8")
    with Store.memory() as store:
        with pytest.raises(FormatError, match="do not give the span text"):
            import_labelstudio(store, path)
        assert store.article_ids() == []
