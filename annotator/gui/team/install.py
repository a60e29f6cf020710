"""The Team menu of the main window, and screenshots of the team views.

``install_team_actions(window, session)`` adds Team ▸ Agreement…, Adjudicate this article…,
Statistics… and Speaker proposals… to ``window.menuBar()``. Each opens a non-modal window
(kept and reused); the current article is ``window.article_id`` (None when none is open).

``save_team_screenshots(outdir)`` builds a temporary project (the samples imported, "ana"
accepting the suggestions of a few articles and "budi" annotating the same ones with some
differences), opens every view offscreen and saves PNGs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from annotator.core.store import Store
from annotator.gui.session import ProjectSession

if TYPE_CHECKING:
    from annotator.gui.team.adjudication_view import AdjudicationView
    from annotator.gui.team.agreement_view import AgreementView
    from annotator.gui.team.proposals_view import SpeakerProposalsView
    from annotator.gui.team.stats_view import StatisticsView


class TeamActions(QObject):
    """The Team menu's actions and the windows they open (a child of the main window)."""

    def __init__(self, window: Any, session: ProjectSession) -> None:
        super().__init__(window)
        self.setObjectName("teamActions")
        self.window = window
        self.session = session
        self.views: dict[str, QWidget] = {}
        bar = window.menuBar()
        help_action = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"),
                           None)
        menu = QMenu("Tea&m", bar)  # Alt+T is the Tag menu's
        menu.setObjectName("teamMenu")
        if help_action is not None:
            bar.insertMenu(help_action, menu)
        else:
            bar.addMenu(menu)
        self.menu = menu
        self.actions: dict[str, QAction] = {}
        for key, text, slot in (
            ("agreement", "&Agreement…", self.show_agreement),
            ("adjudicate", "A&djudicate this article…", self.show_adjudication),
            ("statistics", "&Statistics…", self.show_statistics),
            ("proposals", "Speaker &proposals…", self.show_proposals),
        ):
            action = QAction(text, window)
            action.setObjectName(f"team_{key}")
            action.triggered.connect(lambda _checked=False, s=slot: s())
            menu.addAction(action)
            self.actions[key] = action

        article_list = getattr(window, "article_list", None)
        if article_list is not None and hasattr(article_list, "articleChosen"):
            article_list.articleChosen.connect(
                lambda _id: QTimer.singleShot(0, self, self._article_changed))

    def _article_changed(self) -> None:
        """The window shows another article: an agreement view on "current article" follows."""
        view = self.views.get("agreement")
        if view is not None and view.isVisible() and view.scope_box.currentData() == "article":
            view.recompute()

    def current_article(self) -> int | None:
        """The article open in the window, if any."""
        return getattr(self.window, "article_id", None)

    def _present(self, view: QWidget) -> QWidget:
        view.show()
        view.raise_()
        view.activateWindow()
        return view

    def show_agreement(self) -> AgreementView:
        """Team ▸ Agreement…"""
        from annotator.gui.team.agreement_view import AgreementView

        view = self.views.get("agreement")
        if view is None:
            view = AgreementView(self.session, self.current_article, self.window)
            self.views["agreement"] = view
        else:
            view.refresh()
        return self._present(view)

    def show_adjudication(self) -> AdjudicationView | None:
        """Team ▸ Adjudicate this article… (the article open in the window)."""
        from annotator.gui.team.adjudication_view import AdjudicationView

        article = self.current_article()
        if article is None:
            message = getattr(self.window, "show_message", None)
            if message is not None:
                message("Open an article first, then choose Team ▸ Adjudicate this article")
            return None
        view = self.views.get("adjudication")
        if view is None:
            view = AdjudicationView(self.session, article, self.window,
                                    open_article=self.open_in_window,
                                    current_article=self.current_article)
            self.views["adjudication"] = view
        else:
            view.set_article(article)
        return self._present(view)

    def open_in_window(self, article_id: int, annotation_id: int | None) -> None:
        """Jump: open the article in the main window and show the annotation."""
        window = self.window
        if getattr(window, "article_id", None) != article_id:
            window.open_article(article_id)
        if annotation_id is not None and hasattr(window, "jump_to_annotation"):
            view = getattr(window, "article_view", None)
            if view is None or annotation_id in getattr(view, "annotations", {annotation_id: 0}):
                window.jump_to_annotation(annotation_id)
        window.raise_()
        window.activateWindow()

    def show_statistics(self) -> StatisticsView:
        """Team ▸ Statistics…"""
        from annotator.gui.team.stats_view import StatisticsView

        view = self.views.get("statistics")
        if view is None:
            view = StatisticsView(self.session, self.window)
            self.views["statistics"] = view
        return self._present(view)

    def show_proposals(self) -> SpeakerProposalsView:
        """Team ▸ Speaker proposals…"""
        from annotator.gui.team.proposals_view import SpeakerProposalsView

        view = self.views.get("proposals")
        if view is None:
            view = SpeakerProposalsView(self.session, self.window)
            self.views["proposals"] = view
        else:
            view.reload()
        return self._present(view)


def install_team_actions(window: Any, session: ProjectSession) -> None:
    """Add the Team menu to a main window (once; a second call does nothing)."""
    if window.findChild(TeamActions, "teamActions") is None:
        TeamActions(window, session)


def team_actions(window: Any) -> TeamActions | None:
    """The TeamActions installed on a window (tests, screenshots)."""
    return window.findChild(TeamActions, "teamActions")


# --- a demo project of three annotators ----------------------------------------------------------
def build_demo_project(store: Store, articles: int = 4) -> list[int]:
    """Import the samples; "ana" accepts every suggestion of the first ``articles`` articles,
    "budi" annotates the same articles and "cici" the first two, each with a varied copy of
    ana's work (same, shorter span, other label, missing). Returns the annotated articles."""
    from annotator.paths import samples_dir

    store.import_paths([samples_dir() / "id", samples_dir() / "en"])
    ids = store.article_ids()[:articles]
    for article_id in ids:
        for a in store.annotations(article_id, statuses=("suggested",)):
            store.accept_suggestion(a.id, annotator="ana")
    for article_id in ids:
        _vary(store, article_id, "budi", seed=0, period=6)
    for article_id in ids[:2]:
        _vary(store, article_id, "cici", seed=3, period=5)
    # registry entries that look alike (as after importing another annotator's export)
    named = [s for s in store.speakers() if len(s.name.split()) >= 2][:3]
    for n, s in enumerate(named):
        variant = ("Dr. " + s.name, s.name.split()[-1], s.name.replace("a", "aa", 1))[n]
        if store.find_speaker(variant) is None:
            store.add_speaker(variant)
    return ids


def _vary(store: Store, article_id: int, name: str, *, seed: int, period: int) -> None:
    """Copy ana's accepted annotations of an article as ``name``'s, varying some of them."""
    categories = store.categories()
    speakers = [s for s in store.speakers() if s.annotation_count]
    ana = store.annotations(article_id, statuses=("accepted",), annotator="ana")
    quote_of: dict[int, int] = {}
    for i, a in enumerate(sorted(ana, key=lambda x: x.kind != "quote")):
        variant = (i + article_id + seed) % period
        if variant == 0:
            continue  # missed it
        start, end = a.start, a.end
        if variant == 1 and end - start > 12:
            end -= 6  # a shorter span
        if a.kind == "quote":
            speaker_id = a.speaker_id
            if variant == 2 and len(speakers) > 1:
                others = [s.id for s in speakers if s.id != a.speaker_id]
                speaker_id = others[i % len(others)]
            cue = (a.cue_start, a.cue_end) if a.cue_start is not None else None
            q, _ = store.add_quote(article_id, start, end, speaker_id=speaker_id,
                                   quote_type=a.quote_type or "direct", cue=cue, annotator=name)
            quote_of[a.id] = q.id
        else:
            category_id = a.category_id
            if variant == 2:
                category_id = categories[(i + 3) % len(categories)].id
            store.add_claim(article_id, start, end, category_id=category_id,
                            quote_id=quote_of.get(a.quote_id or -1), annotator=name)


def save_team_screenshots(outdir: str | Path) -> list[Path]:
    """Open each team view through the Team menu of a main window on a temporary demo project
    (``build_demo_project``) and save PNGs (and one chart as SVG) into ``outdir``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QPoint, QSettings
    from PySide6.QtGui import QColor, QPainter

    from annotator.core.adjudication import adjudicate_item, side_by_side
    from annotator.gui.app import ensure_application
    from annotator.gui.main_window import MainWindow
    from annotator.gui.team.stats_view import TABS
    from annotator.gui.theme import dark_palette

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="annotator-team-shots-"))
    app = ensure_application(["annotator"])
    QCoreApplication.setOrganizationName("annotator-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
    QSettings().setValue("annotator/name", "ana")
    with Store.open(tmp / "project.db") as store:
        ids = build_demo_project(store)
        first = ids[0]
        for row in side_by_side(store, first)[:3]:  # a few items adjudicated: gold shows
            version = row.versions.get("budi") or row.versions.get("ana")
            if version:
                adjudicate_item(store, version[0].id)
    session = ProjectSession.open(tmp / "project.db", "ana")
    window = MainWindow(session, open_last=False)
    window.resize(1280, 800)
    install_team_actions(window, session)
    team = team_actions(window)
    assert team is not None
    window.show()
    window.open_article(first)
    written: list[Path] = []

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    def save(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    # the Team menu, drawn open over the window (offscreen menus are separate windows)
    bar = window.menuBar()
    team.menu.popup(window.mapToGlobal(QPoint(0, 0)))
    settle()
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 30))
    place = bar.actionGeometry(team.menu.menuAction())
    painter.drawPixmap(bar.mapTo(window, place.bottomLeft()), team.menu.grab())
    painter.end()
    team.menu.hide()
    path = out / "team_00_menu.png"
    shot.save(str(path))
    written.append(path)

    agreement = team.show_agreement()
    agreement.resize(980, 760)
    save(agreement, "team_01_agreement")
    agreement.set_scope("article")
    save(agreement, "team_02_agreement_article")
    agreement.close()

    adjudication = team.show_adjudication()
    assert adjudication is not None
    adjudication.resize(1280, 720)
    settle()
    adjudication.select_cell(min(3, len(adjudication.rows) - 1), "budi")
    save(adjudication, "team_03_adjudication")
    adjudication.close()

    stats = team.show_statistics()
    stats.resize(900, 640)
    for n, key in enumerate(TABS, start=4):
        stats.show_tab(key)
        save(stats, f"team_{n:02d}_stats_{key}")
    stats.save("categories", "svg", out / "team_stats_categories.svg")
    stats.save("categories", "png", out / "team_stats_categories_export.png")
    written += [out / "team_stats_categories.svg", out / "team_stats_categories_export.png"]

    proposals = team.show_proposals()
    proposals.resize(980, 420)
    save(proposals, "team_08_speaker_proposals")
    proposals.close()

    light = QApplication.palette()
    app.setPalette(dark_palette())
    stats.show_tab("speakers")
    save(stats, "team_09_stats_dark")
    stats.show_tab("months")
    save(stats, "team_10_timeline_dark")
    stats.close()
    adjudication = team.show_adjudication()
    assert adjudication is not None
    save(adjudication, "team_11_adjudication_dark")
    adjudication.close()
    agreement = team.show_agreement()
    agreement.set_scope("project")
    save(agreement, "team_12_agreement_dark")
    agreement.close()
    app.setPalette(light)
    window.close()
    session.close()
    return written
