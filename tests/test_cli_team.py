"""The team commands end to end: two annotators' projects merged, proposals, agreement,
adjudication, export-as every format and import-as back, stats-csv."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_team_helpers import build_team_project, layer_signature, without_notes

from annotator.cli import cli
from annotator.core.formats import EXPORT_FORMATS, FOLDER_FORMATS
from annotator.core.store import Store


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output + result.stderr
    return result


@pytest.fixture()
def merged(tmp_path):
    """ana's and budi's projects (one speaker spelled differently), merged by import."""
    paths = {}
    for name in ("ana", "budi"):
        db = tmp_path / f"{name}.db"
        with Store.open(db) as store:
            build_team_project(store)
            for article_id in store.article_ids():
                for a in store.annotations(article_id, statuses=("accepted",)):
                    other = "budi" if name == "ana" else "ana"
                    if a.annotator == other:
                        store.delete_annotation(a.id)
            if name == "budi":
                speaker = store.find_speaker("Bahtiar")
                store.update_speaker(speaker.id, name="Bahtiarr", aliases=[])
        paths[name] = db
        run("export", "--db", db, "-o", tmp_path / f"{name}.json")
    run("import", "--db", paths["ana"], tmp_path / "budi.json")
    return paths["ana"]


def test_proposals_then_merge(merged):
    out = run("speaker-proposals", "--db", merged).output
    assert "Bahtiar" in out and "Bahtiarr" in out and "nothing was merged" in out
    [proposal] = json.loads(run("speaker-proposals", "--db", merged, "--json").output)
    keep, other = proposal["keep"]["id"], proposal["other"]["id"]
    out = run("merge-speakers", "--db", merged, keep, other).output
    assert "merged Bahtiarr" in out
    assert "no speakers look alike" in run("speaker-proposals", "--db", merged).output
    with Store.open(merged) as store:
        assert store.find_speaker("Bahtiarr").name == "Bahtiar"
    run("merge-speakers", "--db", merged, keep, keep, code=2)


def test_agreement_table_and_json(merged):
    out = run("agreement", "--db", merged).output
    assert "ana–budi" in out and "quote F1, exact" in out and "0.333" in out
    assert "== article 1 ==" in out
    data = json.loads(run("agreement", "--db", merged, "--json", "--project-only").output)
    assert data["articles"] == []
    assert data["project"]["pairs"][0]["quote_f1_overlap"] == pytest.approx(2 / 3, abs=1e-6)
    one = json.loads(run("agreement", "--db", merged, "--json", "--article", "2").output)
    assert one["project"]["article_ids"] == [2]
    chosen = json.loads(run("agreement", "--db", merged, "--json", "--annotators", "ana").output)
    assert chosen["project"]["pairs"] == []
    result = run("agreement", "--db", merged, "--article", "99", code=2)
    assert "no article with id 99" in result.stderr


def test_adjudicate_and_export_gold(merged, tmp_path):
    view = run("adjudicate", "--db", merged, "2").output
    assert "(agreed)" in view and "ana" in view and "budi" in view
    out = run("adjudicate", "--db", merged, "2", "--take", "budi").output
    assert "budi's version" in out
    rows = json.loads(run("adjudicate", "--db", merged, "2", "--json").output)
    assert all("gold" in row["versions"] for row in rows)
    extra = next(v[0]["id"] for row in rows for n, v in row["versions"].items() if n == "ana" and v)
    assert (
        "copied into the gold layer"
        in run("adjudicate", "--db", merged, "2", "--item", extra).output
    )
    result = run("adjudicate", "--db", merged, "1", "--item", extra, code=2)
    assert "not in article 1" in result.stderr
    gold = tmp_path / "gold.json"
    run("export-as", "json", "--db", merged, "--annotator", "gold", "-o", gold)
    document = json.loads(gold.read_text(encoding="utf-8"))
    items = [x for a in document["articles"] for x in a["quotes"] + a["claims"]]
    assert items and {x["annotator"] for x in items} == {"gold"}


@pytest.mark.parametrize("format_name", EXPORT_FORMATS)
def test_export_as_every_format(merged, tmp_path, format_name):
    target = tmp_path / ("out" if format_name in FOLDER_FORMATS else f"out.{format_name}")
    result = run("export-as", format_name, "--db", merged, "-o", target, "--article", "1")
    assert "wrote" in result.stderr
    assert target.exists()


@pytest.mark.parametrize("format_name", ["jsonl", "brat", "doccano", "labelstudio"])
def test_import_as_round_trip(merged, tmp_path, format_name):
    target = tmp_path / ("out" if format_name == "brat" else f"out.{format_name}")
    run("export-as", format_name, "--db", merged, "-o", target)
    fresh = tmp_path / "fresh.db"
    out = run("import-as", format_name, "--db", fresh, target).output
    assert "imported 2, refused 0" in out
    with Store.open(merged) as a, Store.open(fresh) as b:
        assert without_notes(layer_signature(b)) == without_notes(layer_signature(a))


def test_import_as_refusals(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = run("import-as", "jsonl", "--db", db, bad, tmp_path / "missing.jsonl", code=1)
    assert "bad.jsonl line 1: not valid JSON" in result.stderr
    assert "missing.jsonl: no such file" in result.stderr
    assert "refused 2" in result.output


def test_export_as_refusals(merged, tmp_path):
    result = run("export-as", "csv", "--db", merged, "-o", tmp_path / "x", "--article", "7", code=2)
    assert "no article with id 7" in result.stderr
    (tmp_path / "file").write_text("x")
    result = run("export-as", "brat", "--db", merged, "-o", tmp_path / "file", code=2)
    assert "writes into a folder" in result.stderr


def test_stats_csv(merged, tmp_path):
    run("stats-csv", "--db", merged, "-o", tmp_path / "stats")
    text = (tmp_path / "stats" / "claims_by_category.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "category,claims"
    assert "quantity," in text


def test_export_as_warns_about_unknown_annotator(merged, tmp_path):
    result = run("export-as", "jsonl", "--db", merged, "--annotator", "zed", "-o", tmp_path / "z")
    assert "no annotations by 'zed'" in result.stderr
    assert (tmp_path / "z").read_text(encoding="utf-8").count('"annotator"') == 0
