"""Item models: Qt's model tester, laziness at 100,000 articles, registry edits."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import isolate_settings, make_project  # noqa: E402

from annotator.core.store import Store  # noqa: E402
from annotator.gui.models import ArticleListModel, SpeakersModel, TaxonomyModel  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui


def _bulk_articles(store: Store, n: int) -> None:
    """n small articles inserted straight through the store (no analysis)."""
    with store.transaction():
        for i in range(n):
            store.insert_article(
                f"Artikel nomor {i}. Isi berita {i}.",
                metadata={"title": f"Berita {i}", "outlet": "Contoh", "published": "2024-01-02"},
                sentences=[(0, 16)],
            )


def test_article_list_model_tester(qtmodeltester, tmp_path) -> None:
    store = Store.open(tmp_path / "p.db")
    _bulk_articles(store, 450)
    model = ArticleListModel(store)
    qtmodeltester.check(model)
    model.set_filter(search="Berita 12")
    qtmodeltester.check(model)
    model.set_filter(search="", status="done")
    assert model.rowCount() == 0
    model.set_filter(status=None)
    assert model.rowCount() == 450
    store.close()


class _FakeStore:
    """The reads the list model makes, for 100,000 articles, counting fetched rows."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.fetched: list[int] = []

    def article_ids(self, *, search=None, status=None) -> list[int]:
        return list(range(1, self.n + 1))

    def all_article_ids(self) -> range:
        return range(1, self.n + 1)

    def article_summaries(self, ids):
        from annotator.core.model import ArticleSummary

        self.fetched.append(len(ids))
        return [ArticleSummary(i, f"Berita {i}", "Contoh", "2024-01-02", "new", 0, 0, 0)
                for i in ids]

    def count_articles(self) -> int:
        return self.n


def test_article_list_fetches_lazily_at_100000() -> None:
    store = _FakeStore(100_000)
    model = ArticleListModel(store)  # type: ignore[arg-type]
    assert model.rowCount() == 100_000
    assert store.fetched == []  # nothing fetched until a row is shown
    assert model.data(model.index(99_999, 0)) == "Berita 100000"
    assert model.data(model.index(50_000, 3)) == "new"
    assert sum(store.fetched) <= 2 * ArticleListModel.PAGE
    for row in range(0, 100_000, 97):  # scrolling through everything keeps a bounded cache
        model.summary(row)
    assert len(model._pages) <= ArticleListModel.CACHE_PAGES
    assert model.row_of(77_777) == 77_776
    model.refresh({77_777})
    assert model.data(model.index(77_776, 0)) == "Berita 77777"


def test_speakers_and_taxonomy_models(qtmodeltester, qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    session = ProjectSession.open(db, "tester")
    session.store.add_speaker("Budi", aliases=["Pak Budi"], role="menteri")
    speakers = SpeakersModel(session.store)
    qtmodeltester.check(speakers)
    taxonomy = TaxonomyModel(session.store)
    qtmodeltester.check(taxonomy)
    assert taxonomy.data(taxonomy.index(0, 0)) == "1"
    session.close()
