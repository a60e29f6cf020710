"""JSONL: one native article per line; round trip, annotator filter, merging, refusal."""

from __future__ import annotations

import json

import pytest
from test_team_helpers import build_team_project, layer_signature

from annotator.core.formats import FormatError
from annotator.core.formats.jsonl import export_jsonl, import_jsonl, is_native_jsonl
from annotator.core.store import Store


def test_round_trip_keeps_every_annotation(tmp_path):
    out = tmp_path / "team.jsonl"
    with Store.memory() as first:
        build_team_project(first)
        export_jsonl(first, out)
        expected = layer_signature(first)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    article = json.loads(lines[0])
    assert "taxonomy" not in article and "speakers" not in article
    assert "📉" in article["text"]
    for quote in article["quotes"]:
        assert article["text"][quote["start"] : quote["end"]] == quote["text"]
    with Store.memory() as second:
        report = import_jsonl(second, out)
        assert len(report.imported) == 2
        assert layer_signature(second) == expected
        again = import_jsonl(second, out)
        assert again.imported == () and len(again.duplicates) == 2
        assert layer_signature(second) == expected


def test_annotator_filter_and_side_by_side_merge(tmp_path):
    ana, budi = tmp_path / "ana.jsonl", tmp_path / "budi.jsonl"
    with Store.memory() as first:
        build_team_project(first)
        export_jsonl(first, ana, annotators=["ana"])
        export_jsonl(first, budi, annotators=["budi"])
        expected = layer_signature(first)
    for line in budi.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        assert {q["annotator"] for q in article["quotes"] + article["claims"]} == {"budi"}
        for claim in article["claims"]:
            assert claim["quote"] is None or claim["quote"] in {q["id"] for q in article["quotes"]}
    with Store.memory() as merged:
        import_jsonl(merged, ana)
        assert merged.annotators() == ["ana"]
        import_jsonl(merged, budi)
        assert merged.annotators() == ["ana", "budi"]
        assert layer_signature(merged) == expected


def test_annotator_override(tmp_path):
    out = tmp_path / "x.jsonl"
    with Store.memory() as first:
        build_team_project(first)
        export_jsonl(first, out, annotators=["ana"])
    with Store.memory() as second:
        import_jsonl(second, out, annotator="carla")
        assert second.annotators() == ["carla"]


def test_malformed_line_refuses_the_whole_file(tmp_path):
    out = tmp_path / "bad.jsonl"
    with Store.memory() as first:
        build_team_project(first)
        export_jsonl(first, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    out.write_text(lines[0] + "\n{not json\n", encoding="utf-8")
    with Store.memory() as second, pytest.raises(FormatError, match="line 2"):
        import_jsonl(second, out)


def test_span_not_matching_text_is_refused_and_nothing_written(tmp_path):
    out = tmp_path / "bad.jsonl"
    with Store.memory() as first:
        build_team_project(first)
        export_jsonl(first, out)
    first_line, second_line = out.read_text(encoding="utf-8").splitlines()
    broken = json.loads(second_line)
    broken["quotes"][0]["start"] += 1
    out.write_text(first_line + "\n" + json.dumps(broken) + "\n", encoding="utf-8")
    with Store.memory() as second:
        with pytest.raises(FormatError) as caught:
            import_jsonl(second, out)
        assert second.article_ids() == []
    assert str(caught.value).startswith(f'{out}: line 2 quote 1: "text" ')
    assert "does not match the article text at" in str(caught.value)


def test_native_jsonl_is_recognised(tmp_path):
    out = tmp_path / "team.jsonl"
    plain = tmp_path / "plain.jsonl"
    plain.write_text('{"text": "Harga naik 😀."}\n', encoding="utf-8")
    with Store.memory() as store:
        build_team_project(store)
        export_jsonl(store, out)
    assert is_native_jsonl(out)
    assert not is_native_jsonl(plain)
    assert not is_native_jsonl(tmp_path / "missing.jsonl")
