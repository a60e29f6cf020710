"""The synthetic corpus generator and the benchmark command, at tiny sizes (no timings
are asserted: speed is measured by `annotator benchmark`, not by tests)."""

from __future__ import annotations

import json

from cli_run import run

from annotator.core.scale import article_texts, generate_corpus
from annotator.core.store import Store


def test_generated_corpus_keeps_every_invariant(tmp_path):
    db = tmp_path / "corpus.db"
    with Store.open(db) as store:
        stats = generate_corpus(store, 120, 1000, speakers=40)
        again = generate_corpus(store, 30, 7, speakers=40)  # appends, numbering continues
        assert (stats.articles, stats.annotations) == (120, 1000)
        assert (again.articles, again.annotations) == (30, 7)
        assert store.count_articles() == 150
        hashes = store.query("SELECT count(DISTINCT text_hash) AS n FROM articles")[0]["n"]
        assert hashes == 150
        for article_id in store.article_ids():
            text = store.get_article(article_id).text
            end = 0
            for sentence in store.sentences(article_id):
                assert end <= sentence.start < sentence.end <= len(text)
                end = sentence.end
            for a in store.annotations(article_id, statuses=("accepted", "suggested", "rejected")):
                assert a.text == text[a.start : a.end]
        assert store.article_ids(search="Laporan nomor 7")
        assert len(store.speakers()) == 40
    checked = run("check", "--db", str(db))
    assert checked.returncode == 0 and "150 article(s), 1007 annotation(s)" in checked.stdout


def test_same_seed_same_texts():
    first = [a.text for a in article_texts(5, seed=3)]
    assert first == [a.text for a in article_texts(5, seed=3)]
    assert first != [a.text for a in article_texts(5, seed=4)]


def test_benchmark_command_runs_at_tiny_sizes(tmp_path):
    result = run(
        "benchmark",
        "--articles",
        "60",
        "--annotations",
        "300",
        "--import-articles",
        "8",
        "--workdir",
        str(tmp_path / "bench"),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["import"]["ratio"] > 0 and figures["import"]["store_ratio"] > 0
    assert figures["import"]["rows"] > 8  # articles, their sentences and suggestions
    assert figures["corpus"]["annotations"] == 300
    assert figures["export"]["export_chars"] > 0 and figures["export"]["ratio"] > 0
    assert set(figures["search"]["queries"]) and figures["search"]["median_ms"] >= 0
    text = run(
        "benchmark",
        "--articles",
        "20",
        "--annotations",
        "20",
        "--phase",
        "search",
    )
    assert text.returncode == 0 and "full-text search over 20 articles" in text.stdout
