"""Audit: HTML in ANY field is never rendered by the app.

tests/test_gui_html_safety.py checks a speaker name and a note.  Here every user-supplied
field at once holds markup (article text, title, outlet, place, URL; a category's name and
description; a speaker's name, role, organization, alias; an annotator's name; a note), and a
sweep over every widget of the main window and of the team views checks the places Qt would
read text as rich text: a QLabel not set to plain text, any widget's tooltip, any item's
tooltip in any view.  The marker must never appear there raw (escaped is fine).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QLabel,
    QMessageBox,
    QWidget,
)

from annotator.core.reading import SourceArticle  # noqa: E402
from annotator.core.store import Store  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402
from annotator.gui.team.adjudication_view import AdjudicationView  # noqa: E402
from annotator.gui.team.agreement_view import AgreementView  # noqa: E402
from annotator.gui.team.proposals_view import SpeakerProposalsView  # noqa: E402
from annotator.gui.team.stats_view import StatisticsView  # noqa: E402

pytestmark = pytest.mark.gui

RAW = "<b>audit</b>"  # rendered, this would be a bold word: it must never reach rich text
EVIL = RAW + "<img src=x onerror=alert(1)><script>alert(2)</script>"
QUOTE = "“Harga beras naik 12 persen,” kata Bupati Siti Lestari. Dia menambahkan sesuatu."
HTML_ARTICLE = f"<html><script>alert(3)</script><p>{QUOTE}</p>{EVIL}</html>\n"


def _hostile_project(tmp_path):
    db = make_project(tmp_path)
    with Store.open(db) as store:
        first = store.article_ids()[0]
        store.update_article(
            first,
            title="T " + EVIL,
            outlet="O " + EVIL,
            place="P " + EVIL,
            url="javascript:" + EVIL,
        )
        report = store.import_sources(
            [SourceArticle(text=HTML_ARTICLE, source="evil.html", title=EVIL)], label="audit"
        )
        html_id = report.imported[0]
        category, _ = store.add_category("C " + EVIL, description="D " + EVIL, shortcut="9")
        speaker, _ = store.add_speaker(
            "S " + EVIL, aliases=["A " + EVIL], role="R " + EVIL, organization="G " + EVIL
        )
        text = store.get_article(first).text
        for who in (EVIL, "ana"):
            quote, _ = store.add_quote(
                first, 0, 12, speaker_id=speaker.id, annotator=who, note="N " + EVIL
            )
            store.add_claim(first, 2, 10, category_id=category.id, quote_id=quote.id, annotator=who)
        start = HTML_ARTICLE.index("Harga")
        store.add_quote(html_id, start, start + 20, speaker_id=speaker.id, annotator=EVIL)
        assert text
    return db, first, html_id


def _items(model: QAbstractItemModel, parent: QModelIndex = QModelIndex()):  # noqa: B008
    for row in range(min(model.rowCount(parent), 500)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and model.rowCount(index) > 0:
                yield from _items(model, index)


def _sweep(root: QWidget) -> dict[str, int]:
    """Assert RAW never reaches a place Qt renders as rich text; count what was looked at."""
    seen = {"labels": 0, "tooltips": 0, "items": 0, "user_text": 0}
    for widget in [root, *root.findChildren(QWidget)]:
        tip = widget.toolTip()
        seen["tooltips"] += 1
        assert RAW not in tip, (type(widget).__name__, widget.objectName(), tip)
        if isinstance(widget, QLabel) and "audit" in widget.text():
            seen["labels"] += 1
            if RAW in widget.text():
                assert widget.textFormat() == Qt.TextFormat.PlainText, (
                    widget.objectName(),
                    widget.text(),
                )
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for index in _items(model):
                seen["items"] += 1
                shown = model.data(index, Qt.ItemDataRole.DisplayRole)
                if isinstance(shown, str) and "audit" in shown:
                    seen["user_text"] += 1
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                assert not (isinstance(tip, str) and RAW in tip), (type(widget).__name__, tip)
    for box in root.findChildren(QMessageBox):
        if RAW in box.text():
            assert box.textFormat() == Qt.TextFormat.PlainText
    return seen


@pytest.fixture
def hostile(qtbot, tmp_path):
    isolate_settings(tmp_path, name=EVIL)
    db, first, html_id = _hostile_project(tmp_path)
    session = ProjectSession.open(db, EVIL)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    yield window, first, html_id
    window.close()
    session.close()


def test_markup_in_every_field_is_never_rendered_in_the_main_window(qtbot, hostile) -> None:
    window, first, html_id = hostile
    totals = {"labels": 0, "tooltips": 0, "items": 0, "user_text": 0}
    for article_id in (first, html_id):
        assert window.open_article(article_id)
        window.speakers_panel.reload(force=True)
        window.taxonomy_panel.reload()
        window.flush()
        QApplication.processEvents()
        for key, count in _sweep(window).items():
            totals[key] += count
        view = window.article_view
        tip = view.tooltip_at(view.offsets.to_utf16(1 if article_id == first else 60))
        assert RAW not in (tip or "")
    assert "<script>alert(3)</script>" in window.article_view.toPlainText()
    assert totals["user_text"] >= 5, totals  # the sweep did see the hostile values
    picker = window.tagger.tag_quote()
    if picker is not None:
        picker.name_edit.setText("S " + EVIL)
        QApplication.processEvents()
        _sweep(picker)
        picker.reject()


def test_markup_is_never_rendered_in_the_team_views(qtbot, hostile) -> None:
    window, first, _ = hostile
    session = window.session
    views = [
        AgreementView(session, lambda: first),
        AdjudicationView(session, first),
        StatisticsView(session),
        SpeakerProposalsView(session),
    ]
    seen = 0
    for view in views:
        qtbot.addWidget(view)
        view.show()
        QApplication.processEvents()
        seen += _sweep(view)["user_text"] + _sweep(view)["labels"]
    assert seen, "no team view showed the hostile names at all"
