"""CSV tables: plain UTF-8 with a header, one row per annotation, spans match the text."""

from __future__ import annotations

import csv

from test_team_helpers import build_team_project

from annotator.core.formats.csv_tables import CLAIM_COLUMNS, QUOTE_COLUMNS, export_csv
from annotator.core.store import Store


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_quotes_and_claims_tables(tmp_path):
    with Store.memory() as store:
        project = build_team_project(store)
        written = export_csv(store, tmp_path / "tables")
        texts = {i: store.get_article(i).text for i in store.article_ids()}
        n_quotes = sum(len(store.annotations(i, kind="quote")) for i in texts)
        n_claims = sum(len(store.annotations(i, kind="claim")) for i in texts)
    assert [p.name for p in written] == ["quotes.csv", "claims.csv"]
    raw = (tmp_path / "tables" / "quotes.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    quotes = read(tmp_path / "tables" / "quotes.csv")
    claims = read(tmp_path / "tables" / "claims.csv")
    assert tuple(quotes[0]) == QUOTE_COLUMNS and tuple(claims[0]) == CLAIM_COLUMNS
    assert len(quotes) == n_quotes and len(claims) == n_claims
    for row in quotes + claims:
        text = texts[int(row["article_id"])]
        assert text[int(row["start"]) : int(row["end"])] == row["text"]
    emoji = [q for q in quotes if int(q["id"]) == project.ana_quote][0]
    assert "📉" in emoji["text"]
    assert emoji["speaker"] == "Sri Mulyani" and emoji["cue_text"] == "mengatakan"
    assert emoji["article_title"] == "Inflasi 📉" and emoji["quote_type"] == "direct"
    quote_ids = {q["id"] for q in quotes}
    linked = [c for c in claims if c["quote_id"]]
    assert linked and all(c["quote_id"] in quote_ids for c in linked)
    assert {c["category"] for c in claims} == {"quantity", "prediction", "rules"}
    assert any(c["category_name"] for c in claims)


def test_annotator_filter(tmp_path):
    with Store.memory() as store:
        build_team_project(store)
        export_csv(store, tmp_path, annotators=["budi"])
    rows = read(tmp_path / "quotes.csv") + read(tmp_path / "claims.csv")
    assert rows and {r["annotator"] for r in rows} == {"budi"}
