"""Start-up work left for later: the Speakers and Taxonomy panels are built when their dock is
first shown, the article list reads its ids cheaply when they have no gaps, and the opening
backup starts once the window is up."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import isolate_settings, make_project  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.scale import generate_corpus  # noqa: E402
from annotator.core.store import Store  # noqa: E402
from annotator.gui import commands as cmd  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.models import ArticleListModel  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path):
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    session = ProjectSession.open(db, "tester")
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    session.close()


def _names(panel) -> list[str]:  # noqa: ANN001
    model = panel.proxy
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_speakers_panel_is_built_with_its_rows_when_first_shown(window, qtbot) -> None:
    assert window._speakers_panel is None  # not built for the first window
    _quote(window, 4, "Sebelum Dibuka")
    assert window._speakers_panel is None  # a change before it is built reads nothing
    window.speakers_dock.raise_()
    qtbot.waitUntil(lambda: window._speakers_panel is not None)
    panel = window.speakers_panel
    assert window.speakers_dock.widget() is panel
    qtbot.waitUntil(lambda: "Sebelum Dibuka" in _names(panel))
    expected = sorted(s.name for s in window.store.speakers())
    assert sorted(_names(panel)) == expected
    row = panel.model.row_of(window.store.find_speaker("Sebelum Dibuka").id)
    assert panel.model.data(panel.model.index(row, 4)) == 1  # its quote counted
    _quote(window, 6, "Sesudah Dibuka")  # once built, it follows changes as before
    qtbot.waitUntil(lambda: "Sesudah Dibuka" in _names(panel))


def _quote(window: MainWindow, sentence: int, name: str) -> None:
    view = window.article_view
    view.set_current_sentence(sentence)
    start, end = view.target_span()
    window.session.execute(
        cmd.AddQuoteCommand(window.session, window.article_id, start, end, new_speaker_name=name)
    )
    window.flush()


def test_taxonomy_panel_is_built_when_first_shown(window, qtbot) -> None:
    assert window._taxonomy_panel is None
    window.taxonomy_dock.raise_()
    qtbot.waitUntil(lambda: window._taxonomy_panel is not None)
    panel = window.taxonomy_panel
    assert window.taxonomy_dock.widget() is panel
    assert panel.model.rowCount() == len(window.store.categories()) > 0


def test_a_restored_layout_with_the_speakers_tab_in_front_builds_it(qtbot, tmp_path) -> None:
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    session = ProjectSession.open(db, "tester")
    first = MainWindow(session)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.speakers_dock.raise_()
    qtbot.waitUntil(lambda: first._speakers_panel is not None)
    first.close()
    again = MainWindow(session)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    qtbot.waitUntil(lambda: again._speakers_panel is not None)
    assert again.speakers_panel.model.rowCount() == len(session.store.speakers())
    again.close()
    session.close()


def test_article_ids_are_a_range_without_gaps_and_a_list_with(tmp_path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        assert list(store.all_article_ids()) == []
        generate_corpus(store, 40, 80, speakers=5)
        ids = store.all_article_ids()
        assert isinstance(ids, range) and list(ids) == store.article_ids()
        store.delete_article(40)  # the last one: still no gap
        assert isinstance(store.all_article_ids(), range)
        assert list(store.all_article_ids()) == store.article_ids()
        store.delete_article(7)
        ids = store.all_article_ids()
        assert not isinstance(ids, range) and list(ids) == store.article_ids()
        assert 7 not in ids


def test_article_list_model_on_a_range_of_ids(qtmodeltester, tmp_path) -> None:
    with Store.open(tmp_path / "p.db") as store:
        generate_corpus(store, 450, 900, speakers=5)
        model = ArticleListModel(store)
        assert isinstance(model._ids, range)
        qtmodeltester.check(model)
        assert model.rowCount() == 450
        assert model.row_of(1) == 0 and model.row_of(450) == 449 and model.row_of(451) is None
        assert model.article_id(449) == 450 and model.article_id(450) is None
        assert model.summary(449).id == 450 and model.summary(0).id == 1
        assert model.ids() == list(range(1, 451))
        model.set_filter(status="new")
        assert model.ids() == store.article_ids(status="new")
        model.set_filter(status=None)
        store.delete_article(200)
        model.reload()
        assert model.rowCount() == 449 and model.row_of(200) is None
        assert model.article_id(199) == 201


def test_the_opening_backup_starts_once_the_window_is_up(qtbot, tmp_path) -> None:
    from annotator.gui.app import controller, wait_for_backups

    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    window = controller().open_project(db, ask_name=False)
    assert window is not None
    qtbot.addWidget(window)

    def started() -> bool:
        return any(p.arguments()[-1] == str(db) for p in controller().backups)

    assert not started()  # not during start-up
    qtbot.waitUntil(started, timeout=5000)
    wait_for_backups(60)
    QApplication.processEvents()
    window.close()
    wait_for_backups(60)
    window.session.close()


def test_an_open_window_backs_its_project_up_every_ten_minutes(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QTimer

    from annotator.core.backup import list_backups
    from annotator.gui.app import PERIODIC_BACKUP_MS, controller, wait_for_backups

    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    window = controller().open_project(db, ask_name=False)
    assert window is not None
    qtbot.addWidget(window)
    controller().start_waiting_backups()  # the opening backup, done now
    wait_for_backups(60)
    assert len(list_backups(db)) == 1
    periodic = [t for t in window.findChildren(QTimer) if t.interval() == PERIODIC_BACKUP_MS]
    assert len(periodic) == 1 and periodic[0].isActive() and not periodic[0].isSingleShot()
    window.session.store.update_article(window.store.article_ids()[0], status="done")
    for backup in list_backups(db):  # the newest backup must look old enough to be replaced
        os.utime(backup.path, (1, 1))
    periodic[0].timeout.emit()  # as if ten minutes had passed
    wait_for_backups(60)
    assert len(list_backups(db)) == 2
    window.close()
    wait_for_backups(60)
    window.session.close()


def test_icons_render_when_drawn_as_before(qapp) -> None:
    import gc

    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon, QPixmap

    from annotator.gui import icons

    lazy = icons.icon("quote")
    eager = icons._rendered(icons._svg_text("quote").replace(icons.STROKE, icons._tint()))
    assert not lazy.isNull()
    for size in icons.SIZES:
        assert lazy.pixmap(size).toImage() == eager.pixmap(size).toImage()
    assert lazy.availableSizes() == [QSize(s, s) for s in icons.SIZES]
    disabled = lazy.pixmap(QSize(24, 24), QIcon.Mode.Disabled)
    assert not disabled.isNull() and disabled.toImage() != lazy.pixmap(24).toImage()
    copy = QIcon(lazy)
    copy.addPixmap(QPixmap(8, 8))  # Qt clones the engine to modify the copy
    del lazy
    gc.collect()
    assert not copy.pixmap(24).isNull()


def test_escape_html_is_html_escape() -> None:
    import html

    from annotator.gui.models import escape_html

    samples = ("", "plain", "<b>a & b</b>", "\"q\" 'a'", "&amp;&lt;", "née <img src=x>", "'\"&<>")
    for text in samples:
        assert escape_html(text) == html.escape(text)


OPEN_AND_TAG = """
import sys
from annotator.gui.app import controller, ensure_application
app = ensure_application(["annotator"])
window = controller().open_project(sys.argv[1], ask_name=False)
app.processEvents()
print("at first paint:", "sqlite_utils" in sys.modules, "dateutil" in sys.modules, flush=True)
article = window.store.article_ids()[0]
window.open_article(article)
window.session.store.warm_up()
window.close()
print("after:", "sqlite_utils" in sys.modules, flush=True)
"""


def test_the_first_window_opens_without_loading_what_only_writes_need(tmp_path) -> None:
    """sqlite-utils and dateutil are a fifth of the start-up: a project is opened, listed
    and shown with plain sqlite3; they load just after (``Store.warm_up``)."""
    import subprocess
    import sys

    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANNOTATOR_DB": str(tmp_path / "x.db"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # the child's settings stay here
    }
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AND_TAG, str(db)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "at first paint: False False" in result.stdout, result.stdout
    assert "after: True" in result.stdout


def test_the_article_list_paints_the_same_with_multi_data(qtbot, tmp_path, monkeypatch) -> None:
    """The list's cells are read with one multiData() call each (not one data() call per
    role): the same values for every role, so the same pixels."""
    from PySide6.QtCore import QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt
    from PySide6.QtWidgets import QTableView

    from annotator.gui.models import ID_ROLE

    with Store.open(tmp_path / "p.db") as store:
        generate_corpus(store, 60, 200, speakers=5)
        model = ArticleListModel(store)
        roles = [*Qt.ItemDataRole, ID_ROLE]
        for row in (0, 7, 59):
            for col in range(model.columnCount()):
                index = model.index(row, col)
                for role in roles:
                    item = QModelRoleData(role)
                    model.multiData(index, QModelRoleDataSpan(item))
                    assert item.data() == model.data(index, role), (row, col, role)
        blank = QModelRoleData(Qt.ItemDataRole.DisplayRole)
        model.multiData(QModelIndex(), QModelRoleDataSpan(blank))
        assert blank.data() is None

        def shot() -> object:
            view = QTableView()
            qtbot.addWidget(view)
            view.resize(600, 400)
            view.setModel(ArticleListModel(store))
            view.show()
            qtbot.waitExposed(view)
            return view.grab().toImage()

        with_multi = shot()
        monkeypatch.delattr(ArticleListModel, "multiData")  # Qt's: data() for each role
        assert shot() == with_multi


def test_the_current_sentence_is_drawn_with_its_wash_and_bar(window, qtbot) -> None:
    view = window.article_view
    assert view.current_sentence() is not None
    qtbot.waitUntil(lambda: view.viewport().isVisible())
    image = view.viewport().grab().toImage()
    colors = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2)
              for y in range(0, min(image.height(), 300), 2)}
    assert view.theme.current_bar.name() in colors


IMPORT_APP = """
import gc
import annotator.gui.app
print("collecting:", gc.isenabled(), "frozen:", gc.get_freeze_count() > 0)
"""


def test_collection_is_paused_only_while_the_app_loads(tmp_path) -> None:
    """Loading the app pauses automatic garbage collection and freezes what it loaded (a
    process starting); collection runs again after, and never stays off."""
    import gc
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", IMPORT_APP], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "collecting: True frozen: True" in result.stdout
    import annotator.gui.app  # noqa: F401 - in this process (a QApplication exists): as before

    assert gc.isenabled()


def test_the_faster_pyside_import_check_gives_the_same_answers() -> None:
    """PySide6's check of each imported module (does its source mention PySide6?) is made by
    reading the file instead of inspect.getsource: the same answer for every module loaded."""
    import sys

    import annotator.gui.app  # noqa: F401 - installs it
    import annotator.gui.import_export  # noqa: F401 - more modules, with and without Qt
    from annotator.gui import import_check

    check = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    assert check.faster
    modules = [m for name, m in list(sys.modules.items())
               if m is not None and name not in ("typing.io", "typing.re")]  # no source
    answers = {m.__name__: check.original(m) for m in modules}
    assert {m.__name__: import_check._uses_pyside(m, check.original) for m in modules} == answers
    assert answers["annotator.gui.main_window"] and not answers["annotator.core.store"]


def test_color_swatches_are_drawn_as_with_fill_rect(qapp, monkeypatch) -> None:
    """The swatch's rings are drawn with drawRect (fillRect loads QGradient): same pixels."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

    from annotator.gui import models
    from annotator.gui.models import color_swatch

    for color in ("#1f77b4", "#d62728", "#80ff0000", "nonsense"):
        for size in (12, 16):
            monkeypatch.setattr(models, "_SWATCHES", {})
            pix = QPixmap(size, size)
            pix.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pix)
            painter.fillRect(0, 0, size, size, QColor(60, 60, 60))
            painter.fillRect(1, 1, size - 2, size - 2, QColor(255, 255, 255))
            painter.fillRect(2, 2, size - 4, size - 4, QColor(color))
            painter.end()
            drawn = color_swatch(color, size).pixmap(size, QIcon.Mode.Selected).toImage()
            assert drawn == pix.toImage(), (color, size)


def test_the_lock_bar_is_built_when_a_change_first_waits(window, qtbot) -> None:
    """The bar for changes waiting for another program's lock is hidden until one waits: not
    built for the first window; built (and shown) by the first change that waits, above the
    header as before."""
    from annotator.gui.lock_retry import Waiting

    assert window._lock_bar is None
    command = cmd.UpdateArticleCommand(window.session, window.article_id, "Mark done",
                                       status="done")
    window.session.waiting.add(Waiting("do", command.text(), command), "locked")
    bar = window._lock_bar
    assert bar is not None and bar is window.lock_bar
    assert window.centralWidget().layout().itemAt(0).widget() is bar
    qtbot.waitUntil(bar.isVisible)
    assert "Mark done" in bar.detail.text()
    window.session.waiting.discard()
    assert not bar.isVisible()


def test_the_article_list_row_header_is_hidden_and_sized_before_its_rows(window) -> None:
    """The row header is hidden and given its row height before the model is set (a visible
    one lays out a section per article first): the same header and rows as set after."""
    table = window.article_list.table
    header = table.verticalHeader()
    rows = window.article_list.model.rowCount()
    assert rows > 1 and header.isHidden() and header.count() == rows
    assert header.defaultSectionSize() == 22 == table.rowHeight(rows - 1)
    assert header.sectionPosition(rows - 1) == 22 * (rows - 1) == table.rowViewportPosition(
        rows - 1) + table.verticalOffset()
