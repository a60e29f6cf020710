"""REFI-QDA project: a zip with project.qde in the REFI-QDA namespace and the source texts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

from test_team_helpers import build_team_project

from annotator.core.formats.qdpx import NS, export_qdpx
from annotator.core.store import Store

Q = f"{{{NS}}}"


def test_project_codes_sources_and_selections(tmp_path):
    out = tmp_path / "team.qdpx"
    with Store.memory() as store:
        build_team_project(store)
        export_qdpx(store, out)
        count = sum(len(store.annotations(i, statuses=("accepted",))) for i in store.article_ids())
        category_names = {c.name for c in store.categories()}
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        root = ET.fromstring(archive.read("project.qde"))
        sources = {n: archive.read(n).decode("utf-8") for n in names if n.startswith("sources/")}
    assert "project.qde" in names and len(sources) == 2
    assert root.tag == f"{Q}Project"
    assert [child.tag for child in root] == [f"{Q}Users", f"{Q}CodeBook", f"{Q}Sources"]
    assert {u.get("name") for u in root.iter(f"{Q}User")} == {"ana", "budi"}
    codes = {c.get("guid"): c for c in root.iter(f"{Q}Code")}
    code_names = {c.get("name") for c in codes.values()}
    assert category_names <= code_names
    assert {"Sri Mulyani", "Bahtiar", "Direct quote", "Indirect quote"} <= code_names
    users = {u.get("guid") for u in root.iter(f"{Q}User")}
    selections = 0
    for source in root.iter(f"{Q}TextSource"):
        text = sources[f"sources/{source.get('guid')}.txt"]
        assert source.get("plainTextPath") == f"internal://{source.get('guid')}.txt"
        assert source.find(f"{Q}PlainTextContent").text == text
        assert [c.tag for c in source][:2] == [f"{Q}Description", f"{Q}PlainTextContent"]
        assert "outlet: contoh.id; published: 2024-05-01" in source.find(f"{Q}Description").text
        for selection in source.iter(f"{Q}PlainTextSelection"):
            selections += 1
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert 0 <= start < end <= len(text)
            assert selection.get("creatingUser") in users
            refs = [r.get("targetGUID") for r in selection.iter(f"{Q}CodeRef")]
            assert refs and all(codes[r].get("isCodable") == "true" for r in refs)
            if "📉" in text[start:end]:
                assert "Sri Mulyani" in {codes[r].get("name") for r in refs}
    assert selections == count


def test_gold_filter_and_stable_guids(tmp_path):
    with Store.memory() as store:
        build_team_project(store)
        export_qdpx(store, tmp_path / "a.qdpx", annotators=["budi"])
        export_qdpx(store, tmp_path / "b.qdpx", annotators=["budi"])
    roots = []
    for name in ("a.qdpx", "b.qdpx"):
        with zipfile.ZipFile(tmp_path / name) as archive:
            roots.append(ET.fromstring(archive.read("project.qde")))
    assert {u.get("name") for u in roots[0].iter(f"{Q}User")} == {"budi"}
    guids = [[s.get("guid") for s in r.iter(f"{Q}PlainTextSelection")] for r in roots]
    assert guids[0] and guids[0] == guids[1]
