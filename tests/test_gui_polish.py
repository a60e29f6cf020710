"""Visual polish a tester asked for: the category picker shows its categories without a
scrollbar, the taxonomy keeps the colour swatch on the selected row, and the article header
shows a long title and the place whole at 1280×800."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import ANNOTATOR, isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.model import Category  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.pickers import CategoryPicker  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path):
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    session = ProjectSession.open(db, ANNOTATOR)
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    session.close()


def _categories(count: int) -> list[Category]:
    return [Category(i, f"k{i}", f"Category number {i}", None, f"#{(i * 20) % 256:02x}8040",
                     str(i) if i < 10 else None, None, i) for i in range(1, count + 1)]


def _all_rows_visible(picker: CategoryPicker) -> None:
    lst = picker.list
    bar = lst.verticalScrollBar()
    assert bar.maximum() == 0 and not bar.isVisible()
    viewport = lst.viewport().rect()
    for row in range(lst.count()):
        assert viewport.contains(lst.visualItemRect(lst.item(row))), row
    # the dialog holds the whole list
    assert picker.rect().contains(lst.geometry())


def test_the_category_picker_shows_seven_categories_without_a_scrollbar(window, qtbot) -> None:
    """The floating picker C opens (style sheet set after construction) had a scrollbar for
    the 7 default categories."""
    assert len(window.store.categories()) == 7
    view = window.article_view
    view.setFocus()
    view.set_current_sentence(3)
    picker = window.tagger.tag_claim()
    assert isinstance(picker, CategoryPicker)
    qtbot.waitUntil(picker.isVisible)
    QApplication.processEvents()
    _all_rows_visible(picker)


@pytest.mark.parametrize("count", [7, 12])
def test_up_to_twelve_categories_fit_and_more_scroll(window, qtbot, count) -> None:
    picker = CategoryPicker(_categories(count), claim_text="A claim.", parent=window)
    window.tagger._show(picker)
    QApplication.processEvents()
    _all_rows_visible(picker)
    picker.reject()


def test_fifteen_categories_scroll(window) -> None:
    picker = CategoryPicker(_categories(15), claim_text="A claim.", parent=window)
    window.tagger._show(picker)
    QApplication.processEvents()
    assert picker.list.verticalScrollBar().maximum() > 0
    assert picker.rect().contains(picker.list.geometry())
    picker.reject()


def test_the_selected_taxonomy_row_keeps_its_colour_swatch(window, qtbot) -> None:
    """Qt tinted a QColor decoration with the highlight on the selected row (a blue category
    vanished into the blue selection)."""
    panel = window.taxonomy_panel
    table = panel.table
    table.resize(max(table.width(), 320), max(table.height(), 260))
    for row, category in enumerate(panel.model.categories):
        panel.select(category.id)
        table.setFocus()
        QApplication.processEvents()
        image = table.grab().toImage()
        rect = table.visualRect(panel.model.index(row, 1))
        rect.moveTopLeft(table.viewport().mapTo(table, rect.topLeft()))
        want = QColor(category.color)
        found = sum(1 for x in range(rect.left(), rect.right() + 1)
                    for y in range(rect.top(), rect.bottom() + 1)
                    if image.pixelColor(x, y) == want)
        assert found >= 49, (category.name, category.color, found)  # a 7×7 swatch at least
        assert table.selectionModel().isRowSelected(row)
        assert panel.model.index(row, 1).data(Qt.ItemDataRole.DecorationRole) is not None


TITLE_90 = ("Pemerintah Kabupaten Majalengka menargetkan pembangunan 3.000 rumah layak huni "
            "hingga 2029")


def _shows_whole_line(edit) -> bool:  # noqa: ANN001 - a QLineEdit
    margins = edit.textMargins()
    room = edit.contentsRect().width() - margins.left() - margins.right() - 8  # the frame's
    return edit.fontMetrics().horizontalAdvance(edit.text()) <= room


def test_the_header_shows_a_long_title_and_the_place_whole_at_1280(window) -> None:
    """At 1280×800 with the docks open the header cut off the title and the place."""
    assert len(TITLE_90) == 90
    article = window.store.get_article(window.article_id)
    header = window.header
    header.show_article(article._replace(title=TITLE_90, place="Majalengka, Jawa Barat",
                                         outlet="panturanews.id", published="2024-07-11",
                                         url="https://panturanews.id/berita/12345"))
    QApplication.processEvents()
    assert window.width() == 1280
    title = header.edits["title"]
    assert title.text() == TITLE_90
    if hasattr(title, "document"):  # it wraps inside its own row: every line shows
        assert title.document().size().height() <= title.viewport().height()
        assert title.verticalScrollBar().maximum() == 0
    else:
        assert _shows_whole_line(title)
    assert title.width() >= header.width() - 20  # a full-width row
    for name in ("place", "published", "outlet"):
        assert _shows_whole_line(header.edits[name]), name
    assert header.status.currentText() == "New" and header.status.isVisible()
    # compact: a one-line title keeps the header three rows tall
    header.show_article(article._replace(title="Banjir di Majalengka"))
    QApplication.processEvents()
    one_line = header.height()
    assert title.height() < 2 * title.fontMetrics().lineSpacing()
    assert title.text() == "Banjir di Majalengka"
    assert one_line < 110


def test_the_title_field_commits_on_enter_and_stays_plain(window, qtbot) -> None:
    title = window.header.edits["title"]
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "<b>Judul</b> baru")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert window.store.get_article(window.article_id).title == "<b>Judul</b> baru"
    assert title.text() == "<b>Judul</b> baru"  # as typed, on one line
