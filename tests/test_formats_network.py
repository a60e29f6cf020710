"""Actor–category network: GraphML nodes and weighted edges, and the CSV edge list."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

from test_team_helpers import build_team_project

from annotator.core.formats.network import GRAPHML_NS, export_graphml
from annotator.core.store import Store

G = f"{{{GRAPHML_NS}}}"


def test_graphml_and_csv(tmp_path):
    out = tmp_path / "net.graphml"
    with Store.memory() as store:
        build_team_project(store)
        written = export_graphml(store, out, annotators=["ana"])
    assert [p.name for p in written] == ["net.graphml", "net-nodes.csv", "net-edges.csv"]
    root = ET.parse(out).getroot()
    graph = root.find(f"{G}graph")
    assert graph.get("edgedefault") == "directed"
    nodes = {n.get("id"): n for n in graph.iter(f"{G}node")}
    assert set(nodes) == {
        "speaker:Sri Mulyani",
        "speaker:Bahtiar",
        "category:quantity",
        "category:prediction",
    }
    weights = {}
    for edge in graph.iter(f"{G}edge"):
        data = {d.get("key"): d.text for d in edge.iter(f"{G}data")}
        weights[(edge.get("source"), edge.get("target"))] = (int(data["weight"]), data["articles"])
        assert edge.get("source") in nodes and edge.get("target") in nodes
    # ana: Sri Mulyani quantity (article 1), Bahtiar prediction (1) and quantity (article 2);
    # her "rules" claim has no speaker and is left out
    assert weights == {
        ("speaker:Sri Mulyani", "category:quantity"): (1, "1"),
        ("speaker:Bahtiar", "category:prediction"): (1, "1"),
        ("speaker:Bahtiar", "category:quantity"): (1, "1"),
    }
    with (tmp_path / "net-edges.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["speaker"], r["category"], r["weight"]) for r in rows} == {
        ("Sri Mulyani", "quantity", "1"),
        ("Bahtiar", "prediction", "1"),
        ("Bahtiar", "quantity", "1"),
    }


def test_weights_count_claims_over_annotators(tmp_path):
    out = tmp_path / "all.graphml"
    with Store.memory() as store:
        build_team_project(store)
        export_graphml(store, out)
    with (tmp_path / "all-edges.csv").open(encoding="utf-8", newline="") as handle:
        rows = {(r["speaker"], r["category"]): r for r in csv.DictReader(handle)}
    assert rows[("Bahtiar", "quantity")]["weight"] == "3"
    assert rows[("Bahtiar", "quantity")]["articles"] == "2"
    assert rows[("Sri Mulyani", "quantity")]["weight"] == "2"
