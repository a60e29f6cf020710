"""Menus and keyboard actions of the main window.

Tagging keys (Q, C, 1–9, E, Delete, A, Enter, X, N, P) belong to the article view
(``WidgetWithChildrenShortcut``): they act while the text has focus and never fire while the
user types in a field or works in another panel.  Window keys (articles, undo, zoom) work
anywhere in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from annotator.gui.icons import set_icon
from annotator.gui.labels import no_mnemonic

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

VIEW_SCOPE = Qt.ShortcutContext.WidgetWithChildrenShortcut


def _action(
    window: MainWindow,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    keys: tuple[str | QKeySequence.StandardKey, ...] = (),
    *,
    icon_name: str | None = None,
    view_scope: bool = False,
) -> QAction:
    action = QAction(text, window)
    if icon_name:
        set_icon(action, icon_name)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
    action.triggered.connect(lambda _checked=False: slot())
    if view_scope:
        action.setShortcutContext(VIEW_SCOPE)
        window.article_view.addAction(action)
    else:
        window.addAction(action)
    menu.addAction(action)
    return action


def build_actions(w: MainWindow) -> dict[str, QAction]:
    """Create the menu bar and every action; returns them by name."""
    from annotator.gui.app import controller

    t = w.tagger
    bar = w.menuBar()
    a: dict[str, QAction] = {}

    file = bar.addMenu("&File")
    a["new"] = _action(w, file, "&New project…", lambda: controller().new_project(w),
                       (QKeySequence.StandardKey.New,), icon_name="new")
    a["open"] = _action(w, file, "&Open project…", lambda: controller().open_project_dialog(w),
                        (QKeySequence.StandardKey.Open,), icon_name="open")
    w.recent_menu = file.addMenu("Open &recent")
    w.recent_menu.aboutToShow.connect(lambda: _fill_recent(w))
    file.addSeparator()
    a["import_files"] = _action(w, file, "&Import files…", w.import_files, ("Ctrl+I",),
                                icon_name="import")
    a["import_folder"] = _action(w, file, "Import &folder…", w.import_folder)
    a["import_samples"] = _action(w, file, "Import the &sample articles", w.import_samples)
    a["suggest_on_import"] = _suggest_on_import_action(w, file)
    file.addSeparator()
    a["export"] = _action(w, file, "&Export JSON…", w.export_json_dialog, ("Ctrl+E",),
                          icon_name="export")
    a["backups"] = _action(w, file, "&Backups…", lambda: _open_backups(w))
    file.addSeparator()
    a["quit"] = _action(w, file, "&Quit", w.close, (QKeySequence.StandardKey.Quit,))

    edit = bar.addMenu("&Edit")
    undo = w.session.undo_stack.createUndoAction(w, "&Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    set_icon(undo, "undo")
    redo = w.session.undo_stack.createRedoAction(w, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    set_icon(redo, "redo")
    for act in (undo, redo):
        edit.addAction(act)
        w.addAction(act)
    a["undo"], a["redo"] = undo, redo
    edit.addSeparator()
    a["annotator"] = _action(w, edit, "Annotator &name…", w.ask_annotator_name)
    a["search"] = _action(w, edit, "&Search articles", _focus_search(w), ("Ctrl+F",))

    tag = bar.addMenu("&Tag")
    a["quote"] = _action(w, tag, "Tag &quote…", t.tag_quote, ("Q",), icon_name="quote",
                         view_scope=True)
    a["claim"] = _action(w, tag, "Tag &claim…", t.tag_claim, ("C",), icon_name="claim",
                         view_scope=True)
    w.digit_menu = tag.addMenu("Claim of &category")
    w.digit_actions = []
    for digit in "123456789":
        act = _action(w, w.digit_menu, digit, lambda d=digit: t.tag_claim_digit(d), (digit,),
                      view_scope=True)
        w.digit_actions.append(act)
    update_digit_actions(w)
    a["edit"] = _action(w, tag, "&Edit annotation…", t.edit_current, ("E",), icon_name="edit",
                        view_scope=True)
    a["note"] = _action(w, tag, "&Note on annotation…", t.edit_note, ("M",), view_scope=True)
    a["delete"] = _action(w, tag, "&Delete annotation", t.delete_current,
                          (QKeySequence.StandardKey.Delete, "Backspace"), icon_name="delete",
                          view_scope=True)
    tag.addSeparator()
    a["accept"] = _action(w, tag, "&Accept suggestion", t.accept_current,
                          ("A", "Return", "Enter"), icon_name="accept", view_scope=True)
    a["reject"] = _action(w, tag, "Re&ject suggestion", t.reject_current, ("X",),
                          icon_name="reject", view_scope=True)
    a["next_suggestion"] = _action(w, tag, "&Next suggestion", lambda: w.next_suggestion(1),
                                   ("N",), icon_name="next", view_scope=True)
    a["prev_suggestion"] = _action(w, tag, "&Previous suggestion",
                                   lambda: w.next_suggestion(-1), ("P",),
                                   icon_name="previous", view_scope=True)
    a["accept_speaker"] = _action(w, tag, "Accept all of this &speaker's suggestions",
                                  t.accept_speaker, ("Shift+A",), view_scope=True)
    tag.addSeparator()
    a["split"] = _action(w, tag, "Sp&lit sentence at cursor", t.split_sentence,
                         ("Ctrl+Shift+S",), icon_name="split", view_scope=True)
    a["merge"] = _action(w, tag, "&Merge with next sentence", t.merge_sentence,
                         ("Ctrl+Shift+M",), icon_name="join", view_scope=True)

    art = bar.addMenu("&Article")
    a["next_article"] = _action(w, art, "&Next article", lambda: w.step_article(1),
                                ("Ctrl+PgDown", "Alt+Right"), icon_name="next")
    a["prev_article"] = _action(w, art, "&Previous article", lambda: w.step_article(-1),
                                ("Ctrl+PgUp", "Alt+Left"), icon_name="previous")
    a["done"] = _action(w, art, "Mark &done / in progress", w.toggle_done, ("Ctrl+D",),
                        icon_name="done")

    view = bar.addMenu("&View")
    w.view_menu = view
    a["zoom_in"] = _action(w, view, "Zoom &in", lambda: w.article_view.zoom(1),
                           (QKeySequence.StandardKey.ZoomIn, "Ctrl+="))
    a["zoom_out"] = _action(w, view, "Zoom &out", lambda: w.article_view.zoom(-1),
                            (QKeySequence.StandardKey.ZoomOut,))
    a["zoom_reset"] = _action(w, view, "&Normal size", lambda: w.article_view.zoom(0),
                              ("Ctrl+0",))
    dark = QAction("&Dark theme", w)
    dark.setCheckable(True)
    dark.setChecked(bool(w.palette().color(w.palette().ColorRole.Base).lightnessF() < 0.5))
    dark.toggled.connect(w.set_dark)
    view.addAction(dark)
    a["dark"] = dark
    view.addSeparator()
    for dock in (w.list_dock, w.annotations_dock, w.speakers_dock, w.taxonomy_dock):
        view.addAction(dock.toggleViewAction())

    help_menu = bar.addMenu("&Help")
    a["shortcuts"] = _action(w, help_menu, "&Keyboard shortcuts", w.show_shortcuts, ("F1",),
                             icon_name="help")

    w.article_view.context_actions = [
        a["quote"], a["claim"], w.digit_menu.menuAction(), None, a["edit"], a["note"],
        a["delete"], None,
        a["accept"], a["reject"], a["accept_speaker"], None, a["split"], a["merge"],
    ]
    return a


def _open_backups(w: MainWindow) -> None:
    from annotator.gui.backups_dialog import open_backups_dialog  # loaded when first asked

    open_backups_dialog(w)


def _suggest_on_import_action(w: MainWindow, menu: QMenu) -> QAction:
    """File ▸ Suggest quotes and claims on import: checked, imports suggest (the default);
    unchecked, articles are stored without suggestions (blind coding). The choice is kept in
    QSettings and read when the menu opens or an import starts, not while the window is built."""
    action = QAction("Su&ggest quotes and claims on import", w)
    action.setCheckable(True)
    action.setChecked(True)
    action.setStatusTip("Unchecked: imported articles get no quote or claim suggestions "
                        "(blind coding; the command annotator suggest adds them later)")

    def show_setting() -> None:
        from annotator.gui.import_export import suggest_on_import

        action.setChecked(suggest_on_import())

    def toggle() -> None:  # from the setting, whatever the check mark showed before
        from annotator.gui.import_export import set_suggest_on_import, suggest_on_import

        suggest = not suggest_on_import()
        set_suggest_on_import(suggest)
        action.setChecked(suggest)
        w.show_message("Imports suggest quotes and claims" if suggest
                       else "Imports store articles without suggestions")

    action.triggered.connect(lambda _checked=False: toggle())
    menu.aboutToShow.connect(show_setting)
    menu.addAction(action)
    return action


def update_digit_actions(w: MainWindow) -> None:
    """Label the 1–9 actions with the categories holding those digits."""
    by_digit = {c.shortcut: c for c in w.categories if c.shortcut}
    for digit, act in zip("123456789", w.digit_actions, strict=True):
        category = by_digit.get(digit)
        act.setText(f"&{digit}  {no_mnemonic(category.name)}" if category
                    else f"{digit}  (unused)")
        act.setEnabled(category is not None)
        act.setVisible(category is not None)


def _fill_recent(w: MainWindow) -> None:
    from annotator.gui.app import controller
    from annotator.gui.main_window import recent_projects

    w.recent_menu.clear()
    paths = recent_projects()
    if not paths:
        w.recent_menu.addAction("(none)").setEnabled(False)
    for path in paths:
        act = w.recent_menu.addAction(no_mnemonic(path))
        act.triggered.connect(lambda _c=False, p=path: controller().open_project(p, w))


def _focus_search(w: MainWindow) -> Callable[[], None]:
    def focus() -> None:
        w.list_dock.show()
        w.article_list.search.setFocus()
        w.article_list.search.selectAll()

    return focus
