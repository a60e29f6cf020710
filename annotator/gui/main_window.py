"""The main window: article list, header + text, annotations, speakers and taxonomy docks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Changes
from annotator.core.store import ProjectError, StoreError
from annotator.gui import commands as cmd
from annotator.gui.annotations_panel import AnnotationsPanel
from annotator.gui.article_list_panel import ArticleListPanel
from annotator.gui.article_view import ArticleView
from annotator.gui.icons import icon, retint
from annotator.gui.labels import plain_label, show_warning
from annotator.gui.metadata_header import MetadataHeader
from annotator.gui.session import ProjectSession
from annotator.gui.tagging import Tagger, describe
from annotator.gui.team.install import install_team_actions

if TYPE_CHECKING:  # imported where first used: not needed for the first window
    from annotator.gui.import_export import ImportRunner
    from annotator.gui.lock_retry import LockBar
    from annotator.gui.registry_panels import SpeakersPanel, TaxonomyPanel


def settings() -> QSettings:
    """The application's QSettings (organization/application names are set by app.py)."""
    return QSettings()


class MainWindow(QMainWindow):
    """One window on one project session."""

    closing = Signal()  # the window is closing (its project is backed up)
    storeFailed = Signal(str)  # noqa: N815 - reading the project failed (e.g. a damaged page)

    def __init__(self, session: ProjectSession, *, open_last: bool = True) -> None:
        super().__init__()
        self.session = session
        self.store = session.store
        self.article_id: int | None = None
        self.language: str | None = None
        self.categories = self.store.categories()
        self._unreadable_warned = False
        self.storeFailed.connect(self._warn_unreadable)
        self.runner: ImportRunner | None = None
        self.last_report: object = None
        self.setWindowIcon(icon("app"))
        self.resize(1280, 800)
        self._build_central()
        self._build_docks()
        self.tagger = Tagger(session, self.article_view, self._article_info, self)
        self.tagger.message.connect(self.show_message)
        from annotator.gui.actions import build_actions

        self.actions_by_name: dict[str, QAction] = build_actions(self)
        install_team_actions(self, self.session)
        self._build_status_bar()
        session.changed.connect(self._on_changed)
        session.failed.connect(lambda m: self.show_message(m, 8000))
        session.annotatorChanged.connect(self._show_annotator)
        self._stack_index = session.undo_stack.index()
        session.undo_stack.indexChanged.connect(self._undo_moved)
        self._deferred: set[str] = set()
        self._list_rows: set[int] = set()
        self._defer_timer = QTimer(self)
        self._defer_timer.setSingleShot(True)
        self._defer_timer.timeout.connect(self._run_deferred)
        self._update_title()
        self._restore_layout()
        if open_last:
            self._starting = True  # the article opened now is the one remembered (or the
            try:  # first: the same on the next start): no settings write before it shows
                self._open_last_article()
            finally:
                self._starting = False

    # -- building -------------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.header = MetadataHeader(self)
        self.header.edited.connect(self._metadata_edited)
        self.article_view = ArticleView(self)
        self.article_view.setObjectName("articleView")
        self.article_view.currentSentenceChanged.connect(self._sentence_moved)
        self.placeholder = plain_label("Choose an article in the list (or import some).", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.article_view, 1)
        layout.addWidget(self.placeholder, 1)
        self.article_view.hide()
        self.setCentralWidget(central)

    def _dock(self, title: str, name: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.article_list = ArticleListPanel(self.store, self)
        self.article_list.model.failed.connect(self.storeFailed.emit,
                                               Qt.ConnectionType.QueuedConnection)
        self.article_list.articleChosen.connect(self.open_article)
        self.article_list.importSamplesRequested.connect(self.import_samples)
        self.article_list.importFilesRequested.connect(self.import_files)
        self.annotations_panel = AnnotationsPanel(self)
        p = self.annotations_panel
        p.jumpRequested.connect(self.jump_to_annotation)
        p.deleteRequested.connect(
            lambda i: self.tagger._run(cmd.DeleteAnnotationCommand(self.session, i)))
        p.editRequested.connect(lambda i: self.tagger.edit_current(i))
        p.acceptRequested.connect(lambda i: self.tagger.decide(i, accept=True))
        p.rejectRequested.connect(lambda i: self.tagger.decide(i, accept=False))
        p.acceptSpeakerRequested.connect(self.tagger_accept_speaker)
        p.noteRequested.connect(lambda i: self.tagger.edit_note(i))
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.list_dock = self._dock("Articles", "articlesDock", self.article_list, left)
        self.annotations_dock = self._dock("Annotations", "annotationsDock", p, right)
        # The speakers and taxonomy panels are built when their dock is first shown (or a
        # caller asks for them): reading the registry with its counts is not needed before.
        self._speakers_panel: SpeakersPanel | None = None
        self._taxonomy_panel: TaxonomyPanel | None = None
        self.speakers_dock = self._dock("Speakers", "speakersDock", QWidget(self), right)
        self.taxonomy_dock = self._dock("Taxonomy", "taxonomyDock", QWidget(self), right)
        self.speakers_dock.visibilityChanged.connect(self._speakers_dock_visible)
        self.taxonomy_dock.visibilityChanged.connect(
            lambda visible: visible and self.taxonomy_panel)
        self.tabifyDockWidget(self.annotations_dock, self.speakers_dock)
        self.tabifyDockWidget(self.speakers_dock, self.taxonomy_dock)
        self.annotations_dock.raise_()
        # the right-hand docks are tabbed: never so narrow that their titles are cut
        # ("An…", "S…" with scroll arrows at 1024×640)
        metrics = self.fontMetrics()
        tabs = sum(metrics.horizontalAdvance(d.windowTitle()) + 30 for d in
                   (self.annotations_dock, self.speakers_dock, self.taxonomy_dock))
        for dock in (self.annotations_dock, self.speakers_dock, self.taxonomy_dock):
            dock.setMinimumWidth(max(240, tabs))
        self.list_dock.setMinimumWidth(240)
        self._docks_fitted = False
        self.fit_docks()

    def fit_docks(self) -> None:
        """Give the docks widths for the window's width: the article list 300 px and the
        annotations 260 at 1024 (the text keeps ~450), growing to 440 and 300 at 1280 and
        520 and 380 from 1920 on."""
        width = self.width()
        left = round(max(260, min(520, 300 + (width - 1024) * 0.55)))
        right = round(max(self.annotations_dock.minimumWidth(),
                          min(380, 260 + (width - 1024) * 0.16)))
        self.resizeDocks([self.list_dock, self.annotations_dock], [left, right],
                         Qt.Orientation.Horizontal)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._docks_fitted:  # sized for the window as first shown (unless restored)
            self._docks_fitted = True
            if not self._layout_restored:
                self.fit_docks()
                QTimer.singleShot(0, self, self.fit_docks)  # after a window manager's resize

    @property
    def speakers_panel(self) -> SpeakersPanel:
        """The Speakers dock's panel (built on first use)."""
        if self._speakers_panel is None:
            from annotator.gui.registry_panels import SpeakersPanel

            panel = SpeakersPanel(self.session, self)
            self._speakers_panel = panel
            self._replace_dock_widget(self.speakers_dock, panel)
        return self._speakers_panel

    def _speakers_dock_visible(self, visible: bool) -> None:
        if visible:  # the panel reads the registry now if it is new or missed changes
            self.speakers_panel.shown(True)

    @property
    def taxonomy_panel(self) -> TaxonomyPanel:
        """The Taxonomy dock's panel (built on first use)."""
        if self._taxonomy_panel is None:
            from annotator.gui.registry_panels import TaxonomyPanel

            panel = TaxonomyPanel(self.session, self)
            self._taxonomy_panel = panel
            self._replace_dock_widget(self.taxonomy_dock, panel)
        return self._taxonomy_panel

    @staticmethod
    def _replace_dock_widget(dock: QDockWidget, widget: QWidget) -> None:
        placeholder = dock.widget()
        dock.setWidget(widget)
        if dock.isVisible():  # at once, as if it had been there (the layout shows it later)
            widget.show()
        if placeholder is not None and placeholder is not widget:
            placeholder.deleteLater()

    def add_panel(self, title: str, name: str, widget: QWidget, *,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
                  tab_with: QDockWidget | None = None) -> QDockWidget:
        """Add a dockable panel (e.g. a team view) with a toggle in the View menu; its place
        is remembered with the rest of the layout (``name`` must be unique and stable)."""
        dock = self._dock(title, name, widget, area)
        if tab_with is not None:
            self.tabifyDockWidget(tab_with, dock)
        view_menu = getattr(self, "view_menu", None)
        if view_menu is not None:
            view_menu.addAction(dock.toggleViewAction())
        return dock

    def tagger_accept_speaker(self, name: str) -> None:
        """Accept all suggestions of a speaker group (from the annotations panel)."""
        self.tagger.accept_speaker(name)

    def _build_status_bar(self) -> None:
        self.annotator_label = QLabel(self)
        self.annotator_label.setTextFormat(Qt.TextFormat.PlainText)
        self.position_label = QLabel(self)
        self.position_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.position_label)
        self.statusBar().addPermanentWidget(self.annotator_label)
        self._show_annotator(self.session.annotator)
        # Changes waiting for another program's lock: a bar above the text with Retry/Discard.
        # Hidden while nothing waits, so it is built when something first does (its widgets,
        # style sheet and filter of the window's events are not needed for the first window).
        self._lock_bar: LockBar | None = None
        self.session.waiting.changed.connect(self._waiting_changed)
        if self.session.waiting:  # changes already wait: built at once (hidden), as before
            self._build_lock_bar()

    @property
    def lock_bar(self) -> LockBar:
        """The bar showing the changes that wait for another program's lock."""
        return self._lock_bar if self._lock_bar is not None else self._build_lock_bar()

    def _build_lock_bar(self) -> LockBar:
        from annotator.gui.lock_retry import LockBar

        self._lock_bar = LockBar(self.session, self, self.show_message)
        self.centralWidget().layout().insertWidget(0, self._lock_bar)
        return self._lock_bar

    def _waiting_changed(self) -> None:
        if self._lock_bar is None:  # built now: it shows what waits (it missed this change)
            self._build_lock_bar().refresh()

    def _show_annotator(self, name: str) -> None:
        self.annotator_label.setText("Annotator: " + (name or "(none)"))

    def show_message(self, text: str, timeout: int = 5000) -> None:
        """A transient status-bar message (plain text)."""
        self.statusBar().showMessage(text, timeout)

    def _update_title(self) -> None:
        path = self.session.path
        self.setWindowTitle(f"{path.name if path else 'in-memory'} — annotator")

    # -- articles ---------------------------------------------------------------------------------
    def _article_info(self) -> tuple[int | None, str | None]:
        return self.article_id, self.language

    def open_article(self, article_id: int, sentence_index: int | None = None) -> bool:
        """Show one article (text, marks, header, annotations) and remember it."""
        try:
            article = self.store.get_article(article_id)
            annotations = self.store.annotations(article_id)
            sentences = self.store.sentences(article_id)
            excluded = self.store.excluded(article_id)
        except ProjectError as error:  # e.g. a damaged page of the file
            self.show_message(str(error))
            self.storeFailed.emit(str(error))
            return False
        except StoreError as error:  # deleted meanwhile
            self.show_message(str(error))
            return False
        if self.tagger.picker is not None:  # a half-finished tag belongs to the old article
            self.tagger.picker.reject()
        self.article_id = article_id
        self.language = article.language
        self.placeholder.hide()
        self.article_view.show()
        self.article_view.load(article.text, sentences, excluded, annotations,
                               self._category_colors())
        if sentence_index:
            self.article_view.set_current_sentence(sentence_index)
        self.header.show_article(article)
        self.annotations_panel.show_annotations(annotations, self.categories)
        self.article_list.select(article_id)
        self.article_view.setFocus()
        self._remember_article()
        self._sentence_moved(self.article_view.current_index)
        return True

    def _warn_unreadable(self, message: str) -> None:
        """Once per window: the project file could not be read somewhere (a damaged page).
        What can be read stays on screen; the box says what to do."""
        if self._unreadable_warned:
            return
        self._unreadable_warned = True
        text = (f"{message}\n\nWhat can still be read is shown, but parts of this project "
                "cannot be read. Close it and recover it from the command line as above: "
                "'annotator salvage' copies every readable row into a new project; 'annotator "
                "restore' brings back a backup.")
        QTimer.singleShot(0, self, lambda: show_warning(self, "The project file is damaged",
                                                        text))

    def _category_colors(self) -> dict[int, str]:
        return {c.id: c.color for c in self.categories}

    def _settings_key(self) -> str:
        return "last_article/" + str(self.session.path or "memory").replace("/", "|")

    def _remember_article(self) -> None:
        if self.article_id is not None and not getattr(self, "_starting", False):
            value = [self.article_id, max(0, self.article_view.current_index)]
            s, key = settings(), self._settings_key()
            try:  # an unchanged value is not written again (each write rewrites the file)
                same = [int(v) for v in s.value(key)] == value  # type: ignore[union-attr]
            except (TypeError, ValueError):
                same = False
            if not same:
                s.setValue(key, value)

    def _open_last_article(self) -> None:
        value = settings().value(self._settings_key())
        try:
            article_id, index = int(value[0]), int(value[1])  # type: ignore[index]
        except (TypeError, ValueError, IndexError):
            first = self.article_list.model.article_id(0)
            if first is not None:
                self.open_article(first)
            return
        if not self.open_article(article_id, index):
            first = self.article_list.model.article_id(0)
            if first is not None:
                self.open_article(first)

    def _sentence_moved(self, index: int) -> None:
        total = len(self.article_view.sentences)
        self.position_label.setText(f"Sentence {index + 1} of {total}" if total else "")
        if index >= 0 and index % 5 == 0:
            self._remember_article()

    def step_article(self, delta: int) -> None:
        """Open the next (1) or previous (-1) article of the list."""
        target = self.article_list.neighbour(self.article_id, delta)
        if target is not None:
            self.open_article(target)
        else:
            self.show_message("No more articles in the list")

    def toggle_done(self) -> None:
        """Mark the article done, or back to in progress."""
        if self.article_id is None:
            return
        status = self.store.get_article(self.article_id).status
        new = "in_progress" if status == "done" else "done"
        label = "Mark done" if new == "done" else "Mark in progress"
        self.tagger._run(cmd.UpdateArticleCommand(self.session, self.article_id, label,
                                                  status=new))
        self.show_message("Article marked " + new.replace("_", " "))

    def _metadata_edited(self, field: str, value: object) -> None:
        if self.article_id is None:
            return
        if not self.tagger._run(cmd.UpdateArticleCommand(self.session, self.article_id,
                                                         "Edit " + field, **{field: value})):
            self.header.show_article(self.store.get_article(self.article_id))

    def jump_to_annotation(self, annotation_id: int) -> None:
        """Show an annotation in the text and make it current."""
        self.article_view.jump_to_annotation(annotation_id)
        self.article_view.setFocus()

    def next_suggestion(self, delta: int) -> None:
        """N / P."""
        found = self.article_view.move_suggestion(delta)
        if found is None:
            self.show_message("No suggestions in this article")
        else:
            self.annotations_panel.select_annotation(found.id)
            self.show_message(f"Suggested {describe(found)}  (A accept, X reject)")

    def _undo_moved(self, index: int) -> None:
        """After undo/redo in another article, show that article (the change is visible)."""
        stack, previous = self.session.undo_stack, self._stack_index
        self._stack_index = index
        if index == previous or self.session.restoring:  # a refused step put back: no news
            return
        command = stack.command(index if index < previous else index - 1)
        article_id = cmd.article_of(command) if command is not None else None
        if article_id is not None and article_id != self.article_id:
            self.open_article(article_id)
            self.show_message(f"{'Undid' if index < previous else 'Redid'}: {command.text()}")

    # -- changes ----------------------------------------------------------------------------------
    def _on_changed(self, change: Changes) -> None:
        if change.categories:
            self.categories = self.store.categories()
            self._defer("taxonomy")
        aid = self.article_id
        if aid is not None:
            if aid in change.sentences:
                self.article_view.set_sentences(self.store.sentences(aid))
            if change.annotations and len(change.annotations) <= 50:
                self._refresh_some_annotations(aid, change.annotations)
            elif (aid in change.articles or change.annotations or change.speakers
                    or change.categories):
                annotations = self.store.annotations(aid)
                self.article_view.set_annotations(annotations, self._category_colors())
                self._defer("annotations")
            if aid in change.articles:
                self._defer("header")
        known = all(self.article_list.model.row_of(a) is not None for a in change.articles)
        if not known or len(change.articles) > 100:
            self._defer("list")
        elif change.articles:
            self._list_rows |= set(change.articles)
            self._defer("list_rows")
        if change.speakers or change.annotations:
            self._defer("speakers")

    def _refresh_some_annotations(self, article_id: int, ids: frozenset[int]) -> None:
        """Re-read only the annotations a change names (fast path while tagging)."""
        changed: dict[int, object] = {}
        for annotation_id in ids:
            try:
                a = self.store.get_annotation(annotation_id)
            except StoreError:  # deleted
                a = None
            if a is not None and a.article_id != article_id:
                a = None
            if a is not None or annotation_id in self.article_view.annotations:
                changed[annotation_id] = a
        if changed:
            self.article_view.update_annotations(changed, self._category_colors())  # type: ignore[arg-type]
            self._defer("annotations")

    def _defer(self, what: str) -> None:
        self._deferred.add(what)
        self._defer_timer.start(0)

    def _run_deferred(self) -> None:
        todo, self._deferred = self._deferred, set()
        if self.session.closed:
            return
        if "annotations" in todo and self.article_id is not None:
            self.annotations_panel.show_annotations(
                list(self.article_view.annotations.values()), self.categories)
            current = self.article_view.current_annotation_id
            self.annotations_panel.select_annotation(current)
        if "header" in todo and self.article_id is not None:
            self.header.show_article(self.store.get_article(self.article_id))
        rows, self._list_rows = self._list_rows, set()
        if "list" in todo:
            self.article_list.reload()
        elif rows:
            self.article_list.model.refresh(rows)
        if "speakers" in todo and self._speakers_panel is not None:
            self._speakers_panel.reload()  # not built yet: it reads the registry when built
        if "taxonomy" in todo:
            if self._taxonomy_panel is not None:
                self._taxonomy_panel.reload()
            from annotator.gui.actions import update_digit_actions

            update_digit_actions(self)

    def flush(self) -> None:
        """Run pending panel refreshes now (tests)."""
        self._defer_timer.stop()
        self._run_deferred()

    # -- projects, import, export -----------------------------------------------------------------
    def import_paths(self, paths: list[str], *, show_report: bool = True,
                     suggest: bool | None = None) -> ImportRunner | None:
        """Import files/folders in a worker thread with progress; reload the list after.
        ``suggest`` defaults to File ▸ Suggest quotes and claims on import."""
        if not paths or self.session.path is None:
            return None
        from annotator.gui.import_export import ImportRunner, suggest_on_import

        if suggest is None:
            suggest = suggest_on_import()
            self.actions_by_name["suggest_on_import"].setChecked(suggest)
        runner = ImportRunner(str(self.session.path), paths, self, suggest=suggest)
        runner.finished.connect(lambda r: self._import_done(r, show_report, suggest))
        self.runner = runner
        runner.start()
        return runner

    def _import_done(self, result: object, show_report: bool, suggested: bool = True) -> None:
        self.last_report = result
        self.runner = None
        if isinstance(result, str):
            show_warning(self, "Import", result)
            return
        self.session.announce(result.changes)  # type: ignore[attr-defined]
        self.article_list.reload()
        if self._speakers_panel is not None:
            self._speakers_panel.reload()
        if self.article_id is None and result.imported:  # type: ignore[attr-defined]
            self.open_article(result.imported[0])  # type: ignore[attr-defined]
        from annotator.gui.import_export import WITHOUT_SUGGESTIONS, ImportReportDialog

        blind = not suggested and result.imported  # type: ignore[attr-defined]
        self.show_message(f"Imported {len(result.imported)} article(s)"  # type: ignore[attr-defined]
                          + (f" {WITHOUT_SUGGESTIONS}" if blind else ""))
        if show_report and (result.refused or result.warnings):  # type: ignore[attr-defined]
            ImportReportDialog(result, self, suggested=suggested).open()  # type: ignore[arg-type]

    def import_samples(self) -> ImportRunner | None:
        """Import the bundled sample articles."""
        from annotator.paths import samples_dir

        folders = [str(samples_dir() / lang) for lang in ("id", "en")
                   if (samples_dir() / lang).is_dir()]
        return self.import_paths(folders, show_report=False)

    def import_files(self) -> None:
        """File ▸ Import files…"""
        from annotator.gui.import_export import ask_import_files

        self.import_paths(ask_import_files(self))

    def import_folder(self) -> None:
        """File ▸ Import folder…"""
        from annotator.gui.import_export import ask_import_folder

        self.import_paths(ask_import_folder(self))

    def export_json_dialog(self) -> None:
        """File ▸ Export JSON…"""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "Export JSON", "annotations.json",
                                              "JSON (*.json)")
        if path:
            from annotator.gui.import_export import export_json

            count = export_json(self.store, path)
            self.show_message(f"Exported {count} article(s) to {Path(path).name}")

    def ask_annotator_name(self) -> None:
        """Edit ▸ Annotator name…"""
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, "Annotator", "Your name (stored on every "
                                        "annotation):", text=self.session.annotator)
        if ok and name.strip():
            self.session.set_annotator(name)
            settings().setValue("annotator/name", name.strip())

    def show_shortcuts(self) -> None:
        """F1."""
        from annotator.gui.shortcuts import ShortcutSheet

        ShortcutSheet(self).open()

    def set_dark(self, dark: bool) -> None:
        """View ▸ Dark theme."""
        from annotator.gui.theme import dark_palette

        app = QApplication.instance()
        palette = dark_palette() if dark else app.style().standardPalette()  # type: ignore[union-attr]
        app.setPalette(palette)  # type: ignore[union-attr]
        settings().setValue("view/dark", dark)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.article_view.set_theme(QApplication.palette())
            retint(self)
            self._defer("annotations")  # the tree's status icons take the new text colour
        super().changeEvent(event)

    # -- layout persistence -----------------------------------------------------------------------
    def _restore_layout(self) -> None:
        s = settings()
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._layout_restored = False
        if state is not None:
            self._layout_restored = bool(self.restoreState(state))
        zoom = s.value("view/zoom")
        if zoom is not None and int(zoom):
            self.article_view.zoom(int(zoom))

    def save_layout(self) -> None:
        """Remember window geometry, docks, zoom and the open article."""
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("view/zoom", self.article_view.zoom_steps)
        self._remember_article()
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.save_layout()
        self._defer_timer.stop()
        self.article_list.stop_timers()
        self.article_view.highlighter.clear_marks()
        super().closeEvent(event)
        if event.isAccepted():
            self.closing.emit()


def recent_projects() -> list[str]:
    """Recently opened project paths, newest first."""
    value = settings().value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [v for v in (value or []) if isinstance(v, str)]


def add_recent_project(path: str) -> None:
    """Put a project path at the top of the recent list."""
    recent = recent_projects()
    if recent[:1] == [path]:
        return  # already first: nothing to write
    items = [p for p in recent if p != path]
    settings().setValue("recent", [path, *items][:10])


def shortcut(text: str) -> QKeySequence:
    """A QKeySequence from portable text."""
    return QKeySequence(text)
