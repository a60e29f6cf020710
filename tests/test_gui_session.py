"""A keyboard-only annotation session on a sample article, checked in the database after."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import ANNOTATOR, first_sample_id, isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.store import Store  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.pickers import CategoryPicker, SpeakerPicker  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path):
    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    session = ProjectSession.open(db, ANNOTATOR)
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    yield win
    win.close()
    session.close()


def key(qtbot, widget, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, mods)
    QApplication.processEvents()


def test_keyboard_only_session(qtbot, window) -> None:
    db = window.session.path
    article_id = first_sample_id(db)
    assert window.article_id == article_id  # the first article opens by itself
    view = window.article_view
    view.setFocus()
    text = view.text
    # move to the sentence "Dirinya juga mengingatkan, ..." with J/Down
    wanted = next(i for i, s in enumerate(view.sentences)
                  if text[s.start:s.end].startswith("Dirinya juga"))
    for _ in range(wanted):
        key(qtbot, view, Qt.Key.Key_J)
    assert view.current_index == wanted
    key(qtbot, view, Qt.Key.Key_K)
    key(qtbot, view, Qt.Key.Key_Down)
    assert view.current_index == wanted
    target = view.sentences[wanted]

    # Q: tag a quote to a new speaker typed in the picker
    key(qtbot, view, Qt.Key.Key_Q)
    picker = window.tagger.picker
    assert isinstance(picker, SpeakerPicker) and picker.isVisible()
    picker.name_edit.clear()
    qtbot.keyClicks(picker.name_edit, "Rina Wulandari")
    assert picker.status.text() == "New speaker: Rina Wulandari"
    key(qtbot, picker.name_edit, Qt.Key.Key_Return)
    assert window.tagger.picker is None
    assert any(a.kind == "quote" and a.speaker_name == "Rina Wulandari"
               for a in view.annotations.values())

    # C: a claim in the same sentence, category by digit, linked to the quote
    key(qtbot, view, Qt.Key.Key_C)
    picker = window.tagger.picker
    assert isinstance(picker, CategoryPicker)
    key(qtbot, picker.list, Qt.Key.Key_2)
    claims = [a for a in view.annotations.values()
              if a.kind == "claim" and a.status == "accepted"]
    assert len(claims) == 1 and claims[0].start == target.start

    # undo the claim, redo it
    key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not [a for a in view.annotations.values()
                if a.kind == "claim" and a.status == "accepted"]
    key(qtbot, view, Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [a for a in view.annotations.values() if a.kind == "claim" and a.status == "accepted"]

    # suggestions: N to the first, A accepts; N to the next, X rejects
    suggestions_before = len(view.suggestions())
    assert suggestions_before >= 2
    key(qtbot, view, Qt.Key.Key_N)
    first = view.current_annotation()
    assert first is not None and first.status == "suggested"
    key(qtbot, view, Qt.Key.Key_A)
    key(qtbot, view, Qt.Key.Key_N)
    second = view.current_annotation()
    assert second is not None and second.status == "suggested" and second.id != first.id
    key(qtbot, view, Qt.Key.Key_X)
    assert len(view.suggestions()) == suggestions_before - 2

    # E, then Escape leaves things alone; Delete on nothing says so
    window.flush()
    assert window.annotations_panel.model.rowCount() == 2

    with Store.open(db) as fresh:
        anns = fresh.annotations(article_id, statuses=("accepted", "suggested", "rejected"))
        quote = next(a for a in anns if a.kind == "quote" and a.speaker_name == "Rina Wulandari")
        assert (quote.start, quote.end) == (target.start, target.end)
        assert quote.annotator == ANNOTATOR
        claim = next(a for a in anns if a.kind == "claim" and a.status == "accepted")
        assert claim.quote_id == quote.id and claim.annotator == ANNOTATOR
        assert claim.category_key == "quantity"  # the category holding the digit 2
        accepted = fresh.get_annotation(first.id)
        assert accepted.status == "accepted" and accepted.annotator == ANNOTATOR
        assert fresh.get_annotation(second.id).status == "rejected"
        assert fresh.get_article(article_id).status == "in_progress"
        assert fresh.find_speaker("Rina Wulandari") is not None


def test_undo_everything_restores_the_database(qtbot, window) -> None:
    db = window.session.path
    article_id = window.article_id
    with Store.open(db) as before_store:
        before = [(a.id, a.status, a.speaker_id) for a in before_store.annotations(article_id)]
        speakers_before = [s.name for s in before_store.speakers()]
    view = window.article_view
    view.setFocus()
    key(qtbot, view, Qt.Key.Key_J)
    key(qtbot, view, Qt.Key.Key_Q)
    qtbot.keyClicks(window.tagger.picker.name_edit, "Someone New")
    key(qtbot, window.tagger.picker.name_edit, Qt.Key.Key_Return)
    key(qtbot, view, Qt.Key.Key_3)
    key(qtbot, view, Qt.Key.Key_N)
    key(qtbot, view, Qt.Key.Key_Return)
    key(qtbot, view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, view, Qt.Key.Key_J)
    for _ in range(12):
        key(qtbot, view, Qt.Key.Key_Right)
    sentences_before = len(view.sentences)
    key(qtbot, view, Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(view.sentences) == sentences_before + 1
    stack = window.session.undo_stack
    assert stack.count() == 5
    while stack.canUndo():
        stack.undo()
    with Store.open(db) as after:
        assert [(a.id, a.status, a.speaker_id) for a in after.annotations(article_id)] == before
        assert [s.name for s in after.speakers()] == speakers_before
        assert after.get_article(article_id).status == "new"
    while stack.canRedo():
        stack.redo()
    with Store.open(db) as again:
        assert again.find_speaker("Someone New") is not None
        assert again.get_article(article_id).status == "done"


def test_next_article_and_done_shortcuts(qtbot, window) -> None:
    first = window.article_id
    key(qtbot, window.article_view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.article_id != first
    key(qtbot, window.article_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.article_id == first
    key(qtbot, window.article_view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.store.get_article(first).status == "done"
    window.flush()
    assert window.header.status.currentData() == "done"


def test_metadata_edit_is_undoable(qtbot, window) -> None:
    edit = window.header.edits["outlet"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Koran Contoh")
    key(qtbot, edit, Qt.Key.Key_Return)
    assert window.store.get_article(window.article_id).outlet == "Koran Contoh"
    window.session.undo_stack.undo()
    assert window.store.get_article(window.article_id).outlet != "Koran Contoh"
    window.flush()  # panels and the header refresh right after the text is repainted
    assert window.header.edits["outlet"].text() != "Koran Contoh"


def test_a_date_not_on_the_calendar_is_refused_in_the_header(qtbot, window) -> None:
    """Typing 2023-02-29 turns the field red with the reason; nothing is stored until a real
    day is typed."""
    before = window.store.get_article(window.article_id).published
    edit = window.header.edits["published"]
    for typed, reason in (("2023-02-29", "February 2023 has 28 days"),
                          ("2024-13-01", "there is no month 13"),
                          ("3/1/2023", "YYYY-MM-DD")):
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClicks(edit, typed)
        key(qtbot, edit, Qt.Key.Key_Return)
        assert window.store.get_article(window.article_id).published == before
        assert edit.styleSheet() and reason in edit.toolTip()
    edit.selectAll()
    qtbot.keyClicks(edit, "2024-02-29")
    key(qtbot, edit, Qt.Key.Key_Return)
    assert window.store.get_article(window.article_id).published == "2024-02-29"
    assert not edit.styleSheet()


def test_tagging_next_to_emoji_stores_the_exact_text(qtbot, window) -> None:
    """Article 06 quotes social-media posts with emoji: offsets must survive UTF-16."""
    store = window.store
    article_id = next(i for i in store.article_ids()
                      if "\U0001F68C" in store.get_article(i).text)
    window.open_article(article_id)
    view = window.article_view
    text = view.text
    bus = text.index("\U0001F68C")
    start = bus + 2  # just after the two emoji
    end = text.index("\U0001F64F") + 1  # up to and including the praying hands
    view.select_span(start, end)
    assert view.selection_span() is not None
    s, e = view.selection_span()
    assert text[s:e] == text[start:end].strip()
    key(qtbot, view, Qt.Key.Key_Q)
    picker = window.tagger.picker
    picker.name_edit.setText("Warganet")
    key(qtbot, picker.name_edit, Qt.Key.Key_Return)
    with Store.open(window.session.path) as fresh:
        quote = next(a for a in fresh.annotations(article_id)
                     if a.kind == "quote" and a.speaker_name == "Warganet")
        assert (quote.start, quote.end) == (s, e)
        assert quote.text == text[s:e] and quote.text.endswith("\U0001F64F")
    mark = next(m for m in view.highlighter.marks() if m.ident == quote.id and m.kind == "quote")
    assert (mark.start, mark.end) == (view.offsets.to_utf16(s), view.offsets.to_utf16(e))
    assert mark.end - mark.start == len(text[s:e].encode("utf-16-le")) // 2


def test_undo_in_another_article_shows_it(qtbot, window) -> None:
    first = window.article_id
    view = window.article_view
    view.set_current_sentence(3)
    key(qtbot, view, Qt.Key.Key_2)
    window.step_article(1)
    assert window.article_id != first
    window.session.undo_stack.undo()
    assert window.article_id == first
    assert not [a for a in view.annotations.values()
                if a.kind == "claim" and a.status == "accepted"]
