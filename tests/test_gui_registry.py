"""Speakers panel (rename everywhere, merge) and taxonomy editor (add, rename, recolor,
reorder, digits), each undoable and visible in the text at once."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest_gui import isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtWidgets import QApplication, QMenu  # noqa: E402

from annotator.core.store import Store  # noqa: E402
from annotator.gui import commands as cmd  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
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
    yield win
    win.close()
    session.close()


def _quote(window: MainWindow, sentence: int, name: str) -> int:
    view = window.article_view
    view.set_current_sentence(sentence)
    start, end = view.target_span()
    command = cmd.AddQuoteCommand(window.session, window.article_id, start, end,
                                  new_speaker_name=name)
    window.session.execute(command)
    window.flush()
    return command.annotation_id


def test_rename_speaker_shows_everywhere_and_undoes(window) -> None:
    annotation_id = _quote(window, 4, "Budi Santoso")
    panel = window.speakers_panel
    panel.reload(force=True)  # a tabbed-away panel reads when shown
    speaker = window.store.find_speaker("Budi Santoso")
    row = panel.model.row_of(speaker.id)
    assert panel.model.setData(panel.model.index(row, 0), "Budi S. Santoso")
    window.flush()
    assert window.article_view.annotations[annotation_id].speaker_name == "Budi S. Santoso"
    assert window.store.find_speaker("Budi S. Santoso").id == speaker.id
    # aliases through the same model
    row = panel.model.row_of(speaker.id)
    assert panel.model.setData(panel.model.index(row, 1), "Pak Budi, Budi")
    assert window.store.get_speaker(speaker.id).aliases == ("Pak Budi", "Budi")
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    window.flush()
    assert window.article_view.annotations[annotation_id].speaker_name == "Budi Santoso"


def test_merge_speakers_moves_quotes(window) -> None:
    a = _quote(window, 4, "Endang Suparman")
    b = _quote(window, 6, "Sekda Endang")
    keep = window.store.find_speaker("Endang Suparman").id
    other = window.store.find_speaker("Sekda Endang").id
    window.speakers_panel.merge(keep, [other])
    window.flush()
    assert window.article_view.annotations[b].speaker_id == keep
    assert "Sekda Endang" in window.store.get_speaker(keep).aliases
    assert window.speakers_panel.model.row_of(other) is None
    window.session.undo_stack.undo()
    window.flush()
    assert window.article_view.annotations[b].speaker_id == other
    assert window.article_view.annotations[a].speaker_id == keep


def test_taxonomy_add_rename_recolor_reorder_digits(window, qtbot) -> None:
    panel = window.taxonomy_panel
    count = panel.model.rowCount()
    panel.add_category("Hoaks")
    window.flush()
    assert panel.model.rowCount() == count + 1
    new = panel.model.categories[-1]
    assert new.name == "Hoaks" and new.shortcut == "8"
    # digit 8 now tags a claim of it from the text
    view = window.article_view
    view.setFocus()
    view.set_current_sentence(3)
    window.tagger.tag_claim_digit("8")
    claim = next(a for a in view.annotations.values() if a.kind == "claim"
                 and a.category_id == new.id)
    # rename and recolor: the mark's color follows at once
    row = panel.model.rowCount() - 1
    assert panel.model.setData(panel.model.index(row, 1), "Hoaks dan disinformasi")
    panel.select(new.id)
    panel.recolor_selected(QColor("#123456"))
    window.flush()
    assert window.article_view.category_colors[new.id] == "#123456"
    marks = [m for m in view.highlighter.marks() if m.ident == claim.id]
    assert marks and marks[0].style == "#123456"
    # reorder up: position changes, undo puts it back
    panel.select(new.id)
    panel.move_selected(-1)
    window.flush()
    assert [c.id for c in panel.model.categories].index(new.id) == count - 1
    window.session.undo_stack.undo()
    window.flush()
    assert [c.id for c in panel.model.categories].index(new.id) == count
    # taking digit 1 moves it over; undo gives it back
    holder = next(c for c in panel.model.categories if c.shortcut == "1")
    assert panel.model.setData(panel.model.index(row, 0), "1")
    assert window.store._category(holder.id).shortcut is None
    window.session.undo_stack.undo()
    assert window.store._category(holder.id).shortcut == "1"
    assert window.store._category(new.id).shortcut == "8"


def test_delete_and_edit_current_annotation(window, qtbot) -> None:
    annotation_id = _quote(window, 4, "Budi")
    view = window.article_view
    view.jump_to_annotation(annotation_id)
    picker = window.tagger.edit_current()
    picker.name_edit.setText("Ani")
    qtbot.keyClick(picker.name_edit, Qt.Key.Key_Return)
    assert view.annotations[annotation_id].speaker_name == "Ani"
    window.session.undo_stack.undo()
    assert view.annotations[annotation_id].speaker_name == "Budi"
    assert window.store.find_speaker("Ani") is None
    view.jump_to_annotation(annotation_id)
    window.tagger.delete_current()
    assert annotation_id not in view.annotations
    window.session.undo_stack.undo()
    assert annotation_id in view.annotations
    with Store.open(window.session.path) as fresh:
        assert fresh.get_annotation(annotation_id).speaker_name == "Budi"


def test_enter_takes_the_highlighted_completion(window, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    _quote(window, 4, "Endang Suparman")
    view = window.article_view
    view.set_current_sentence(6)
    picker = window.tagger.tag_quote()
    picker.name_edit.clear()
    qtbot.keyClicks(picker.name_edit, "supar")
    qtbot.waitUntil(lambda: picker.completer.popup().isVisible())
    QApplication.processEvents()
    qtbot.keyClick(picker.completer.popup(), Qt.Key.Key_Return)
    assert picker.name_edit.text() == "Endang Suparman"
    assert picker.status.text() == "Known speaker"
    qtbot.keyClick(picker.name_edit, Qt.Key.Key_Return)
    quotes = [a for a in view.annotations.values() if a.kind == "quote"
              and a.status == "accepted"]
    assert len(quotes) == 2 and {a.speaker_name for a in quotes} == {"Endang Suparman"}


def test_accept_all_of_one_speaker_is_one_undo_step(window) -> None:
    view = window.article_view
    by_speaker: dict[str, list[int]] = {}
    for a in view.suggestions():
        if a.kind == "quote" and a.speaker_name:
            by_speaker.setdefault(a.speaker_name, []).append(a.id)
    name, ids = max(by_speaker.items(), key=lambda item: len(item[1]))
    assert window.tagger.accept_speaker(name) == len(ids)
    assert all(view.annotations[i].status == "accepted" for i in ids)
    speaker = window.store.find_speaker(name)
    assert speaker is not None
    assert {view.annotations[i].speaker_id for i in ids} == {speaker.id}
    window.session.undo_stack.undo()
    assert all(view.annotations[i].status == "suggested" for i in ids)
    assert window.store.find_speaker(name) is None


def test_first_run_asks_the_name_once(tmp_path, monkeypatch, qapp) -> None:
    from PySide6.QtWidgets import QInputDialog

    from annotator.gui.app import annotator_name

    isolate_settings(tmp_path, name="")
    asked = []

    def fake_get_text(*args, **kwargs):
        asked.append(args)
        return "Dewi", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake_get_text))
    assert annotator_name() == "Dewi"
    assert annotator_name() == "Dewi"
    assert len(asked) == 1


def test_dark_palette_switch_rethemes_the_text(window, qapp) -> None:
    light = window.article_view.theme.dark
    window.set_dark(True)
    qapp.processEvents()
    assert window.article_view.theme.dark is True
    window.set_dark(False)
    qapp.processEvents()
    assert window.article_view.theme.dark is light is False


def test_cue_and_quote_type_are_proposed(window) -> None:
    from annotator.gui.tagging import find_cue, guess_quote_type

    text = "“Kami siap membantu,” katanya kepada wartawan."
    end = text.index("”") + 1
    cue = find_cue(text, 0, end, "id")
    assert cue is not None and text[cue[0]:cue[1]] == "katanya"
    assert guess_quote_type(text[:end]) == "direct"
    assert guess_quote_type("harga akan turun") == "indirect"
    english = 'Prices will fall, the minister said on Monday.'
    cue = find_cue(english, 0, english.index(","), "en")
    assert cue is not None and english[cue[0]:cue[1]] == "said"
    # Q on a whole sentence reporting someone: its own cue, not the next sentence's
    # (tester: "katanya" of the quote after it was stored)
    both = (
        "Pedagang Siti Aminah mengatakan kenaikan terjadi sejak sepekan terakhir."
        "“Pasokan berkurang,” katanya."
    )
    sentence_end = both.index("“")
    cue = find_cue(both, 0, sentence_end, "id", guess_quote_type(both[:sentence_end]))
    assert cue is not None and both[cue[0]:cue[1]] == "mengatakan"
    quoted = both.index("“"), both.index("”") + 1
    cue = find_cue(both, *quoted, "id", guess_quote_type(both[quoted[0]:quoted[1]]))
    assert cue is not None and both[cue[0]:cue[1]] == "katanya"


def test_note_on_an_annotation_is_plain_and_undoable(window) -> None:
    annotation_id = _quote(window, 4, "Budi")
    view = window.article_view
    view.jump_to_annotation(annotation_id)
    evil = "<b>cek</b> lagi & <img src=x>"
    assert window.tagger.edit_note(text=evil)
    window.flush()
    assert view.annotations[annotation_id].note == evil
    tree = window.annotations_panel.model
    tips = []
    quotes = tree.item(0)
    for g in range(quotes.rowCount()):
        group = quotes.child(g)
        tips += [group.child(r).toolTip() for r in range(group.rowCount())]
    tip = next(t for t in tips if "cek" in t)
    assert "&lt;b&gt;cek&lt;/b&gt; lagi &amp; &lt;img src=x&gt;" in tip and "<img" not in tip
    window.session.undo_stack.undo()
    assert view.annotations[annotation_id].note is None


def test_hidden_speakers_panel_reloads_when_shown(window, qtbot) -> None:
    qtbot.waitExposed(window)
    window.annotations_dock.raise_()
    qtbot.waitUntil(lambda: window.speakers_panel.visibleRegion().isEmpty())
    _quote(window, 4, "Tersembunyi")
    speaker = window.store.find_speaker("Tersembunyi")
    assert window.speakers_panel.model.row_of(speaker.id) is None  # not read while hidden
    window.speakers_dock.raise_()
    qtbot.waitUntil(lambda: window.speakers_panel.model.row_of(speaker.id) is not None)


def test_the_speakers_dock_shows_name_role_and_count_without_scrolling(window, qtbot) -> None:
    window.resize(1280, 800)
    window.speakers_dock.raise_()
    panel = window.speakers_panel
    panel.reload(force=True)
    qtbot.waitUntil(lambda: panel.table.isVisible())
    QApplication.processEvents()
    table, header = panel.table, panel.table.horizontalHeader()
    columns = panel.model.COLUMNS
    shown = [c for c in range(len(columns)) if not header.isSectionHidden(c)]
    assert [columns[c] for c in shown] == ["Name", "Role", "Quotes"]
    right_edge = max(header.sectionViewportPosition(c) + header.sectionSize(c) for c in shown)
    assert right_edge <= table.viewport().width(), "a shown column needs scrolling"
    assert table.horizontalScrollBar().maximum() == 0
    panel._choose_columns(header.rect().center())  # the header's menu brings Aliases back
    menu = panel.findChildren(QMenu)[-1]
    aliases = next(a for a in menu.actions() if a.text() == "Aliases")
    aliases.trigger()
    assert not header.isSectionHidden(columns.index("Aliases"))
    menu.close()


def test_the_shortcut_sheet_shows_every_description_whole(window, qtbot) -> None:
    from annotator.gui.shortcuts import ShortcutSheet

    sheet = ShortcutSheet(window)
    qtbot.addWidget(sheet)
    sheet.show()
    QApplication.processEvents()
    table = sheet.table
    for row in range(table.rowCount()):
        text = table.item(row, 2).text()
        needed = table.fontMetrics().horizontalAdvance(text) + 8
        assert table.columnWidth(2) >= needed, text
    assert table.verticalScrollBar().maximum() == 0
    sheet.close()
