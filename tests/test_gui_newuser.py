"""What a new-user tester found in the window: a stale status bar after A, doubled quotation
marks in the speaker picker, misaligned rows in the annotations tree, a speaker changing colour
when accepted, boilerplate that could be tagged, and a cramped layout at 1024×640."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from conftest_gui import ANNOTATOR, isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.store import Store  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui

SHOTS = os.environ.get("ANNOTATOR_TEST_SHOTS")  # a folder to save screenshots in, when set

CABAI = (
    "Harga Cabai Melonjak Jelang Ramadan\n\nSURABAYA - Harga cabai rawit di Pasar Keputran "
    "melonjak hingga Rp80.000 per kilogram, Senin (20/3/2023).Pedagang bernama Siti Aminah "
    "mengatakan kenaikan terjadi sejak sepekan terakhir.\"Pasokan dari petani berkurang karena "
    "hujan,\" katanya kepada wartawan.Baca juga: Pemkot Gelar Operasi Pasar Sementara itu, "
    "Kepala Dinas Perdagangan Jawa Timur Ir. Moh. Yasin menyebut pemerintah akan menggelar "
    "operasi pasar pekan depan.\n\n\"Kami jamin stok aman sampai Lebaran,\" tegas Yasin, "
    "Senin.\n\nMenurutnya, inflasi Jawa Timur pada Februari mencapai 5,8 persen.\n"
    "Editor: Budi S.\n"
)
BUS = (
    "Council approves new bus lanes despite protests\n\nLEEDS (Reuters) - Leeds City Council "
    "on Tuesday approved three new bus lanes, a move critics say will hurt small shops. "
    "Councillor Mary Jones said the lanes would \"cut journey times by a quarter.\" \n\n"
    "\"We cannot keep putting drivers first,\" Jones told reporters on Jan. 3, 2023. Shop owner "
    "Dr. Ahmed Khan disagreed. \"Footfall dropped 15 per cent the last time they did this,\" he "
    "said.\n\nThe scheme will cost £4.2 million, according to council documents.\n\n"
    "Read more: Leeds traffic at record levels\n"
)


def _import_tester_articles(tmp_path: Path, db: Path) -> dict[str, int]:
    folder = tmp_path / "tester_in"
    folder.mkdir()
    (folder / "id_b.txt").write_text(CABAI, encoding="utf-8")
    (folder / "en_a.txt").write_text(BUS, encoding="utf-8")
    with Store.open(db) as store:
        report = store.import_paths([folder / "en_a.txt", folder / "id_b.txt"])
        assert len(report.imported) == 2, report.refused
        return {store.get_article(i).title.split()[0].lower(): i for i in report.imported}


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    return db, _import_tester_articles(tmp_path, db)


def _open(qtbot, db: Path, size: tuple[int, int] = (1280, 800)) -> MainWindow:
    session = ProjectSession.open(db, ANNOTATOR)
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    QApplication.processEvents()
    return win


@pytest.fixture
def window(qtbot, project):
    db, ids = project
    win = _open(qtbot, db)
    win.ids = ids
    yield win
    win.close()
    win.session.close()


def shot(widget, name: str) -> None:
    QApplication.processEvents()
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def key(qtbot, widget, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, mods)
    QApplication.processEvents()


def _cabai(window: MainWindow):
    window.open_article(window.ids["harga"])
    view = window.article_view
    view.setFocus()
    return view


# -- 1. the status bar after A / X --
def test_status_bar_after_accept_names_the_next_suggestion_not_the_accepted_one(
        qtbot, window) -> None:
    view = _cabai(window)
    key(qtbot, view, Qt.Key.Key_N)
    first = view.current_annotation()
    assert first is not None and first.status == "suggested"
    bar = window.statusBar()
    assert bar.currentMessage().startswith("Suggested ")
    before = len(view.suggestions())
    key(qtbot, view, Qt.Key.Key_A)
    assert view.annotations[first.id].status == "accepted"
    message = bar.currentMessage()
    shot(window, "01_after_accept")
    assert not message.startswith("Suggested"), message
    assert message.startswith("Accepted ") and f"{before - 1} suggestions left" in message
    # it names what N goes to next
    key(qtbot, view, Qt.Key.Key_N)
    nxt = view.current_annotation()
    assert nxt is not None and nxt.status == "suggested" and nxt.id != first.id
    who = nxt.speaker_name if nxt.kind == "quote" else nxt.category_name
    assert f"next (N): {nxt.kind}: {who}" in message
    key(qtbot, view, Qt.Key.Key_X)
    assert bar.currentMessage().startswith("Rejected ")
    assert f"{before - 2} suggestions left" in bar.currentMessage()


def test_status_bar_after_the_last_suggestion_says_none_are_left(qtbot, window) -> None:
    view = _cabai(window)
    for a in view.suggestions()[1:]:
        window.tagger.decide(a.id, accept=False)  # as the panel's Reject does
        assert window.statusBar().currentMessage().startswith("Rejected ")
    key(qtbot, view, Qt.Key.Key_N)
    key(qtbot, view, Qt.Key.Key_A)
    assert not view.suggestions()
    assert window.statusBar().currentMessage().endswith("no suggestions left in this article")


# -- 2. the speaker picker's quotation marks --
def _sentence_starting(view, prefix: str) -> int:
    return next(i for i, s in enumerate(view.sentences)
                if view.text[s.start:s.end].startswith(prefix))


@pytest.mark.parametrize(("article", "prefix"), [
    ("council", '"Footfall dropped'),  # '"Footfall …," he said.': opens with a mark
    ("harga", '"Pasokan dari'),
    ("council", "Councillor Mary"),  # '… would "cut journey times by a quarter."': ends with one
])
def test_the_speaker_picker_does_not_double_quotation_marks(qtbot, window, article,
                                                            prefix) -> None:
    from annotator.gui.pickers import SpeakerPicker

    window.open_article(window.ids[article])
    view = window.article_view
    view.setFocus()
    view.set_current_sentence(_sentence_starting(view, prefix))
    key(qtbot, view, Qt.Key.Key_Q)
    picker = window.tagger.picker
    assert isinstance(picker, SpeakerPicker) and picker.isVisible()
    label = picker.findChild(type(picker.status), "quoteSnippet")
    shot(window, f"02_picker_{article}_{prefix.strip(chr(34)).split()[0]}")
    assert label.textFormat() == Qt.TextFormat.PlainText
    text = label.text()
    assert text.startswith(prefix[:1]) and not text.startswith("“"), text
    assert not text.endswith("”"), text
    assert text == " ".join(view.text[view.sentences[view.current_index].start:
                                      view.sentences[view.current_index].end].split())[:160]
    key(qtbot, picker.name_edit, Qt.Key.Key_Escape)


def test_the_speaker_picker_wraps_unmarked_text_in_quotation_marks(qtbot, window) -> None:
    view = _cabai(window)
    view.set_current_sentence(_sentence_starting(view, "Pedagang bernama"))
    key(qtbot, view, Qt.Key.Key_Q)
    label = window.tagger.picker.findChild(type(window.tagger.picker.status), "quoteSnippet")
    assert label.text().startswith("“Pedagang bernama") and label.text().endswith("terakhir.”")


# -- 3. the annotations tree's rows align --
def _annotation_rows(window: MainWindow) -> list:
    model, rows = window.annotations_panel.model, []
    for root in range(model.rowCount()):
        top = model.item(root)
        for g in range(top.rowCount()):
            group = top.child(g)
            rows += [group.child(r) for r in range(group.rowCount())]
    return rows


def _icon_image(item):
    from PySide6.QtGui import QIcon

    icon = item.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull(), item.text()
    return icon.pixmap(16, 16).toImage()


def test_accepted_and_suggested_rows_start_their_text_at_the_same_place(qtbot, window) -> None:
    view = _cabai(window)
    key(qtbot, view, Qt.Key.Key_N)
    key(qtbot, view, Qt.Key.Key_A)
    key(qtbot, view, Qt.Key.Key_N)
    key(qtbot, view, Qt.Key.Key_A)
    window.flush()
    rows = _annotation_rows(window)
    statuses = {r.data(Qt.ItemDataRole.UserRole + 3) for r in rows}
    assert statuses == {"accepted", "suggested"}
    shot(window.annotations_panel, "03_tree")
    images = {r.data(Qt.ItemDataRole.UserRole + 3): _icon_image(r) for r in rows}
    tree = window.annotations_panel.tree
    for r in rows:  # each row has an icon of the one size; no status glyph in the text
        image = _icon_image(r)
        assert image.size() == images["accepted"].size()
        assert not r.text().startswith("◌")
        assert tree.visualRect(r.index()).left() == tree.visualRect(rows[0].index()).left()
    assert images["accepted"] != images["suggested"]  # and the two statuses look different
    blank = images["accepted"].copy()
    blank.fill(0)
    assert images["accepted"] != blank and images["suggested"] != blank


# -- 4. a speaker keeps their colour when accepted --
def _quote_colors(window: MainWindow) -> dict[str, set[str]]:
    """Speaker name -> the colours of their quote marks in the text view."""
    from annotator.gui.highlighter import QUOTE

    view, out = window.article_view, {}
    for a in view.annotations.values():
        if a.kind == "quote":
            marks = [m for m in view._marks_of(a) if m.kind == QUOTE]  # noqa: SLF001
            out.setdefault(a.speaker_name, set()).update(m.style for m in marks)
    return out


def _group_colors(window: MainWindow) -> dict[str, str]:
    """Speaker name -> the colour of the swatch of their group in the annotations tree."""
    from PySide6.QtGui import QColor

    window.flush()
    quotes = window.annotations_panel.model.item(0)
    out = {}
    for g in range(quotes.rowCount()):
        group = quotes.child(g)
        image = group.data(Qt.ItemDataRole.DecorationRole).pixmap(16, 16).toImage()
        out[group.data(Qt.ItemDataRole.UserRole + 2)] = QColor(image.pixel(8, 8)).name()
    return out


def test_a_speaker_keeps_their_colour_when_their_suggestion_is_accepted(qtbot, window) -> None:
    view = _cabai(window)
    before_text, before_tree = _quote_colors(window), _group_colors(window)
    assert all(len(c) == 1 for c in before_text.values())
    assert {n: c.pop() for n, c in dict(before_text).items()} == before_tree
    before_text = _quote_colors(window)
    assert len(before_tree) >= 2
    assert len(set(before_tree.values())) == len(before_tree)  # speakers told apart
    shot(window, "04_before_accept")
    # accept the first suggested quote of the speaker with the most suggestions
    name = max(before_tree, key=lambda n: sum(a.speaker_name == n for a in view.suggestions()))
    target = next(a for a in view.suggestions() if a.kind == "quote" and a.speaker_name == name)
    view.jump_to_annotation(target.id)
    key(qtbot, view, Qt.Key.Key_A)
    assert view.annotations[target.id].status == "accepted"
    statuses = {a.status for a in view.annotations.values() if a.speaker_name == name}
    assert statuses == {"accepted", "suggested"}
    shot(window, "04_after_accept")
    assert _quote_colors(window) == before_text  # accepted and suggested quotes alike
    assert _group_colors(window) == before_tree
    # and across the window: the other speaker's quotes keep theirs too after all are accepted
    window.tagger.accept_speaker(name)
    for other in before_tree:
        window.tagger.accept_speaker(other)
    assert _quote_colors(window) == before_text
    assert _group_colors(window) == before_tree


def test_speaker_colours_depend_on_names_only() -> None:
    from annotator.gui.theme import SPEAKER_HUES, speaker_colors

    names = [f"Speaker {i}" for i in range(8)]
    colors = speaker_colors(names)
    assert len(set(colors.values())) == 8  # no two speakers of an article share a hue
    assert speaker_colors(reversed(names)) == colors
    assert speaker_colors(["  yasin "]) == speaker_colors(["Yasin"])
    assert len(speaker_colors(f"S{i}" for i in range(14))) == 14  # more than the hues: reuse
    assert set(speaker_colors(f"S{i}" for i in range(14)).values()) == set(SPEAKER_HUES)


# -- 5. boilerplate is passed over and not tagged --
def test_j_k_down_up_home_end_pass_over_excluded_sentences(qtbot, window) -> None:
    view = _cabai(window)
    related = _sentence_starting(view, "Baca juga")
    credit = _sentence_starting(view, "Editor:")
    assert {related, credit} <= view.excluded_sentences
    view.set_current_sentence(related - 1)
    key(qtbot, view, Qt.Key.Key_Down)
    assert view.current_index == related + 1
    shot(window, "05_down_over_baca_juga")
    key(qtbot, view, Qt.Key.Key_K)
    assert view.current_index == related - 1
    key(qtbot, view, Qt.Key.Key_J)
    assert view.current_index == related + 1
    key(qtbot, view, Qt.Key.Key_Up)
    assert view.current_index == related - 1
    key(qtbot, view, Qt.Key.Key_End)  # the credit line is last: End stops before it
    assert view.current_index == credit - 1
    key(qtbot, view, Qt.Key.Key_J)
    assert view.current_index == credit - 1
    key(qtbot, view, Qt.Key.Key_Home)
    assert view.current_index == 0
    # the tester's walk: Down, Down, Q, Down, C, Down, 2 never lands on the link
    for _ in range(len(view.sentences)):
        key(qtbot, view, Qt.Key.Key_Down)
        assert view.current_index not in view.excluded_sentences


def test_an_article_opens_on_its_first_sentence_open_to_annotation(qtbot, window) -> None:
    window.open_article(window.ids["council"])
    view = window.article_view
    assert view.current_index == 0  # nothing excluded at the start: the headline
    from annotator.core.model import Excluded, Sentence

    view.load("Baca juga: Harga Naik\n\nHarga cabai naik tajam.",
              [Sentence(1, 0, 21), Sentence(2, 23, 46)], [Excluded(0, 21, "related")], [])
    assert view.current_index == 1


def test_tagging_excluded_text_says_so_in_the_status_bar(qtbot, window) -> None:
    view = _cabai(window)
    related = _sentence_starting(view, "Baca juga")
    s = view.sentences[related]
    before = {a.id for a in window.store.annotations(window.article_id)}
    for gesture in (Qt.Key.Key_2, Qt.Key.Key_Q, Qt.Key.Key_C):
        view.select_span(s.start, s.end)  # selected by hand (or a click made it current)
        key(qtbot, view, gesture)
        assert window.tagger.picker is None
        message = window.statusBar().currentMessage()
        assert message.startswith("Not tagged: this is a related-article link"), message
    shot(window, "05_refused")
    view.set_current_sentence(related)  # a click on it makes it current: the keys refuse too
    key(qtbot, view, Qt.Key.Key_2)
    assert window.statusBar().currentMessage().startswith("Not tagged")
    assert {a.id for a in window.store.annotations(window.article_id)} == before
    # a selection reaching into open text is tagged as selected
    view.select_span(s.start, s.end + 12)
    key(qtbot, view, Qt.Key.Key_2)
    after = window.store.annotations(window.article_id)
    assert any((a.start, a.end) == (s.start, s.end + 12) for a in after)


# -- 6. the default layout at 1024×640, 1280×800 and 1920×1080 --
def _dock_tab_bar(window: MainWindow):
    from PySide6.QtWidgets import QTabBar

    bars = [b for b in window.findChildren(QTabBar) if b.isVisible()
            and "Annotations" in [b.tabText(i) for i in range(b.count())]]
    assert len(bars) == 1
    return bars[0]


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800), (1920, 1080)])
def test_the_first_layout_is_usable_at_common_window_sizes(qtbot, project, size) -> None:
    from PySide6.QtWidgets import QToolButton

    db, ids = project
    window = _open(qtbot, db, size)
    try:
        window.open_article(ids["council"])
        qtbot.wait(20)  # the deferred fit after a window manager's resize
        QApplication.processEvents()
        shot(window, f"06_layout_{size[0]}x{size[1]}")
        width = size[0]
        # the right-hand tabs read whole, with no scroll arrows
        bar = _dock_tab_bar(window)
        for i in range(bar.count()):
            assert bar.tabRect(i).width() >= bar.tabSizeHint(i).width(), bar.tabText(i)
        assert not any(b.isVisible() for b in bar.findChildren(QToolButton))
        assert window.annotations_dock.width() >= 250
        # the annotations tree shows a line of text, not "Mary J…"
        assert window.annotations_panel.tree.viewport().width() >= 230
        # the article list: the title readable, no sideways scrolling, no column cut off
        panel = window.article_list
        table, header = panel.table, panel.table.horizontalHeader()
        assert header.sectionSize(0) >= panel.TITLE_MIN
        assert table.horizontalScrollBar().maximum() == 0
        shown = [header.model().headerData(c, Qt.Orientation.Horizontal)
                 for c in range(header.count()) if not header.isSectionHidden(c)]
        assert {"Title", "Status", "Q", "C", "S"} <= set(shown)
        if width >= 1280:
            assert "Date" in shown
        if width >= 1920:
            assert "Outlet" in shown
        # the text keeps a readable column
        assert window.article_view.width() >= 430
        # the date field is as wide as a date, whatever the window
        date = window.header.edits["published"]
        assert date.width() <= date.fontMetrics().horizontalAdvance("2024-12-31") + 30
    finally:
        window.close()
        window.session.close()


def test_a_narrowed_article_list_drops_columns_and_a_widened_one_brings_them_back(
        qtbot, window) -> None:
    panel = window.article_list
    header = panel.table.horizontalHeader()
    window.resizeDocks([window.list_dock], [250], Qt.Orientation.Horizontal)
    QApplication.processEvents()
    assert header.isSectionHidden(1) and header.isSectionHidden(2)
    assert header.sectionSize(0) >= panel.TITLE_MIN
    window.resizeDocks([window.list_dock], [600], Qt.Orientation.Horizontal)
    QApplication.processEvents()
    assert not any(header.isSectionHidden(c) for c in range(header.count()))
    assert header.sectionSize(1) == panel.COLUMN_WIDTHS[1]


def test_the_status_icons_follow_a_dark_theme(qtbot, window) -> None:
    from PySide6.QtGui import QColor

    _cabai(window)
    window.flush()

    def ink_lightness() -> float:
        image = _icon_image(_annotation_rows(window)[0])
        inked = [QColor.fromRgba(image.pixel(x, y)) for x in range(16) for y in range(16)
                 if QColor.fromRgba(image.pixel(x, y)).alpha() > 100]
        assert inked
        return max(c.lightnessF() for c in inked)

    assert ink_lightness() < 0.5  # dark ink on the light theme
    try:
        window.set_dark(True)
        QApplication.processEvents()
        window.flush()
        shot(window.annotations_panel, "03_tree_dark")
        assert ink_lightness() > 0.5  # light ink on the dark one
    finally:
        window.set_dark(False)
        QApplication.processEvents()
