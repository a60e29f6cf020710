"""Actor–category network for discourse network analysis: GraphML plus CSV node and edge lists.

Nodes are speakers (`kind` = `speaker`, with `role` and `organization`) and claim categories
(`kind` = `category`, with `name` and `color`). A directed edge speaker→category carries
`weight` (number of the speaker's claims of that category) and `articles` (number of distinct
articles they occur in). Claims without a speaker or without a category are left out.
GraphML loads in Gephi, visone, igraph (`read_graph(path, format="graphml")`) and networkx;
the CSVs (`<name>-nodes.csv`, `<name>-edges.csv`: `source` and `target` are node ids, with
the speaker name and category key beside them) load as edge lists anywhere.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator.core.formats.common import (
    DEFAULT_STATUSES,
    resolve_article_ids,
    selected_annotations,
)
from annotator.core.formats.csv_tables import write_rows
from annotator.core.store import Store

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS = (
    ("kind", "string"),
    ("label", "string"),
    ("role", "string"),
    ("organization", "string"),
    ("name", "string"),
    ("color", "string"),
)
EDGE_KEYS = (("weight", "int"), ("articles", "int"))


def speaker_category_edges(
    store: Store,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> dict[tuple[str, str], tuple[int, set[int]]]:
    """(speaker name, category key) -> (claim count, article ids)."""
    edges: dict[tuple[str, str], tuple[int, set[int]]] = {}
    for article_id in resolve_article_ids(store, article_ids):
        for a in selected_annotations(
            store, article_id, annotators=annotators, statuses=statuses, kind="claim"
        ):
            if not a.speaker_name or not a.category_key:
                continue
            count, articles = edges.get((a.speaker_name, a.category_key), (0, set()))
            edges[(a.speaker_name, a.category_key)] = (count + 1, articles | {article_id})
    return edges


def export_graphml(
    store: Store,
    out_path: str | Path,
    article_ids: Sequence[int] | None = None,
    annotators: Iterable[str] | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
) -> list[Path]:
    """Write `<name>.graphml` and, beside it, `<name>-nodes.csv` and `<name>-edges.csv`."""
    out = Path(out_path)
    edges = speaker_category_edges(store, article_ids, annotators, statuses)
    speakers = {s.name: s for s in store.speakers()}
    categories = {c.key: c for c in store.categories()}
    nodes: list[dict[str, str | None]] = []
    for name in sorted({s for s, _ in edges}):
        record = speakers.get(name)
        nodes.append(
            {
                "id": f"speaker:{name}",
                "kind": "speaker",
                "label": name,
                "role": record.role if record else None,
                "organization": record.organization if record else None,
            }
        )
    for key in sorted({k for _, k in edges}):
        category = categories.get(key)
        nodes.append(
            {
                "id": f"category:{key}",
                "kind": "category",
                "label": key,
                "name": category.name if category else None,
                "color": category.color if category else None,
            }
        )
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for name, kind in NODE_KEYS:
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            {"id": name, "for": "node", "attr.name": name, "attr.type": kind},
        )
    for name, kind in EDGE_KEYS:
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            {"id": name, "for": "edge", "attr.name": name, "attr.type": kind},
        )
    graph = ET.SubElement(
        root, f"{{{GRAPHML_NS}}}graph", {"id": "speakers-categories", "edgedefault": "directed"}
    )
    for node in nodes:
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": str(node["id"])})
        for name, _ in NODE_KEYS:
            if node.get(name):
                ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": name}).text = str(
                    node[name]
                )
    edge_rows = []
    for number, ((speaker, key), (count, articles)) in enumerate(sorted(edges.items()), 1):
        element = ET.SubElement(
            graph,
            f"{{{GRAPHML_NS}}}edge",
            {"id": f"e{number}", "source": f"speaker:{speaker}", "target": f"category:{key}"},
        )
        ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": "weight"}).text = str(count)
        ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": "articles"}).text = str(
            len(articles)
        )
        edge_rows.append(
            {
                "source": f"speaker:{speaker}",
                "target": f"category:{key}",
                "speaker": speaker,
                "category": key,
                "weight": count,
                "articles": len(articles),
            }
        )
    ET.indent(root)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    stem = out.with_suffix("")
    nodes_csv = write_rows(
        Path(f"{stem}-nodes.csv"),
        ("id", "kind", "label", "role", "organization", "name", "color"),
        nodes,
    )
    edges_csv = write_rows(
        Path(f"{stem}-edges.csv"),
        ("source", "target", "speaker", "category", "weight", "articles"),
        edge_rows,
    )
    return [out, nodes_csv, edges_csv]
