"""User data is plain text everywhere: a speaker named like markup shows those characters."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from annotator.gui import commands as cmd  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.models import ID_ROLE  # noqa: E402
from annotator.gui.pickers import SpeakerPicker, completer_entries  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui
EVIL = "<b>x</b><img src=x>"
ESCAPED = "&lt;b&gt;x&lt;/b&gt;&lt;img src=x&gt;"


@pytest.fixture
def window(qtbot, tmp_path):
    isolate_settings(tmp_path, name=EVIL)
    db = make_project(tmp_path)
    session = ProjectSession.open(db, EVIL)
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    session.close()


def _tag_evil_quote(window: MainWindow) -> int:
    view = window.article_view
    view.move_sentence(3)
    start, end = view.target_span()
    command = cmd.AddQuoteCommand(window.session, window.article_id, start, end,
                                  new_speaker_name=EVIL)
    window.session.execute(command)
    window.session.execute(cmd.UpdateAnnotationCommand(window.session, command.annotation_id,
                                                       note="<i>note</i>"))
    window.flush()
    return command.annotation_id


def _all_plain(widget) -> None:
    for label in widget.findChildren(QLabel):
        if EVIL in label.text() or "<i>note" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()


def test_markup_in_names_is_shown_literally(qtbot, window) -> None:
    annotation_id = _tag_evil_quote(window)
    store = window.store
    speaker = store.find_speaker(EVIL)
    assert speaker is not None and speaker.name == EVIL

    # status bar (annotator name), every QLabel in the window
    assert window.annotator_label.text() == "Annotator: " + EVIL
    assert window.annotator_label.textFormat() == Qt.TextFormat.PlainText
    _all_plain(window)

    # speakers panel: display text literal, tooltip escaped
    window.speakers_panel.reload(force=True)  # a tabbed-away panel reads when shown
    model = window.speakers_panel.model
    row = model.row_of(speaker.id)
    assert model.data(model.index(row, 0)) == EVIL
    tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert ESCAPED in tip and "<img" not in tip

    # annotations tree: group label literal, tooltip escaped
    tree = window.annotations_panel.model
    quotes = tree.item(0)
    labels = [quotes.child(i).text() for i in range(quotes.rowCount())]
    assert any(label.startswith(EVIL) for label in labels)
    for i in range(quotes.rowCount()):
        assert "<img" not in (quotes.child(i).toolTip() or "")

    # text view tooltip
    a = window.article_view.annotations[annotation_id]
    tip = window.article_view.tooltip_at(window.article_view.offsets.to_utf16(a.start + 1))
    assert ESCAPED in tip and "<img" not in tip and "&lt;i&gt;note" in tip

    # speaker picker: completer entries and labels literal
    picker = window.tagger.tag_quote()
    assert isinstance(picker, SpeakerPicker)
    assert EVIL in completer_entries(picker)
    picker.name_edit.setText(EVIL)
    assert picker.status.text() == "Known speaker"
    _all_plain(picker)
    picker.reject()

    # the annotations tree item data is the id, text plain
    item = quotes.child(0).child(0)
    assert item.data(ID_ROLE) is not None


def test_error_messages_and_menus_show_names_literally(qtbot, window) -> None:
    from PySide6.QtWidgets import QMessageBox

    _tag_evil_quote(window)
    other, _ = window.store.add_speaker("Someone & Co")
    window.speakers_panel.reload()
    assert not window.speakers_panel._edit(other.id, "name", EVIL)  # name taken
    boxes = [b for b in window.findChildren(QMessageBox) if EVIL in b.text()]
    assert boxes and all(b.textFormat() == Qt.TextFormat.PlainText for b in boxes)
    for box in boxes:
        box.close()
    # a category called "Q&A" keeps its ampersand in the digit menu
    window.taxonomy_panel.add_category("Q&A")
    window.flush()
    texts = [a.text() for a in window.digit_actions if a.isVisible()]
    assert any(t.endswith("Q&&A") for t in texts)
