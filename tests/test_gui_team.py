"""The team views: agreement tables, adjudication (gold layer, undo), statistics charts and
their exports, speaker proposals (merge, undo, dismiss) and the Team menu of the window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import csv  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

import pytest  # noqa: E402
import test_team_helpers as helpers  # noqa: E402
from conftest_gui import isolate_settings, make_project  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage  # noqa: E402
from PySide6.QtWidgets import QPushButton, QWidget  # noqa: E402

from annotator.core.adjudication import GOLD_ANNOTATOR, gold_layer  # noqa: E402
from annotator.core.agreement_report import agreement_report  # noqa: E402
from annotator.core.store import Store  # noqa: E402
from annotator.gui import commands as cmd  # noqa: E402
from annotator.gui.session import ProjectSession  # noqa: E402
from annotator.gui.team import agreement_view  # noqa: E402
from annotator.gui.team.adjudication_view import AdjudicationView, differences  # noqa: E402
from annotator.gui.team.agreement_view import UNDEFINED, AgreementView, figure_text  # noqa: E402
from annotator.gui.team.charts import Bar, BarChart, ChartData, month_series  # noqa: E402
from annotator.gui.team.install import install_team_actions, team_actions  # noqa: E402
from annotator.gui.team.proposals_view import SpeakerProposalsView  # noqa: E402
from annotator.gui.team.stats_view import StatisticsView  # noqa: E402

pytestmark = pytest.mark.gui

HOSTILE = "<b>x</b>"


@pytest.fixture
def team(qtbot):
    """A session on the two-annotator project of test_team_helpers (ana and budi)."""
    store = Store.memory()
    store.project = helpers.build_team_project(store)  # type: ignore[attr-defined]
    session = ProjectSession(store, "tester")
    yield session
    session.close()


def _gold(session: ProjectSession, article_id: int) -> set[tuple]:
    return {(a.kind, a.start, a.end, a.speaker_name, a.category_key,
             bool(a.quote_id)) for a in gold_layer(session.store, article_id)}


def _layer(session: ProjectSession, article_id: int, name: str) -> set[tuple]:
    return {(a.kind, a.start, a.end, a.speaker_name, a.category_key, bool(a.quote_id))
            for a in session.store.annotations(article_id, statuses=("accepted",),
                                               annotator=name)}


# --- agreement --------------------------------------------------------------------------------
def test_agreement_view_shows_the_report_figures(qtbot, team) -> None:
    view = AgreementView(team, lambda: team.store.project.article_1)
    qtbot.addWidget(view)
    view.show()
    assert view.chosen_annotators() == ["ana", "budi"]
    report = agreement_report(team.store, None, ["ana", "budi"])
    pair, overall = report.project.pairs[0], report.project.overall
    quotes, speakers = view.tables["quotes"], view.tables["speakers"]
    sentences, claims = view.tables["sentences"], view.tables["claims"]
    assert quotes.cell_text("ana – budi", "F1 exact") == figure_text(pair.quote_f1_exact)
    assert quotes.cell_text("ana – budi", "F1 overlap") == f"{pair.quote_f1_overlap:.3f}"
    assert quotes.cell_text("ana – budi", "Quotes") == f"{pair.quotes_a} / {pair.quotes_b}"
    assert quotes.cell_text("ana – budi", "Unitizing α") == figure_text(
        pair.quote_unitizing_alpha)
    assert speakers.cell_text("ana – budi", "Cohen's κ") == figure_text(pair.speaker_kappa)
    assert speakers.cell_text("ana – budi", "Agreement") == figure_text(
        pair.speaker_agreement, "pct")
    assert sentences.cell_text("ana – budi", "Cohen's κ") == figure_text(
        pair.category_kappa_sentences)
    assert sentences.cell_text("all (2)", "Krippendorff's α") == figure_text(
        overall.category_alpha_sentences)
    assert claims.cell_text("ana – budi", "Gwet's AC1") == figure_text(pair.category_ac1_spans)
    assert claims.cell_text("all (2)", "Krippendorff's α") == figure_text(
        overall.category_alpha_spans)
    # an undefined figure is "–", a figure that does not exist for the row is empty
    assert figure_text(math.nan) == UNDEFINED
    assert speakers.cell_text("all (2)", "Cohen's κ") == ""
    shown = [speakers.cell_text("ana – budi", "Cohen's κ")]
    assert all(text == UNDEFINED or text[0].isdigit() or text[0] == "-" for text in shown)

    # the current article only
    view.set_scope("article")
    one = agreement_report(team.store, [team.store.project.article_1], ["ana", "budi"])
    assert quotes.cell_text("ana – budi", "F1 exact") == figure_text(
        one.project.pairs[0].quote_f1_exact)
    assert quotes.cell_text("ana – budi", "Articles") == "1"

    # CSV to the clipboard and JSON to a file
    view.set_scope("project")
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    rows = list(csv.DictReader(io.StringIO(QGuiApplication.clipboard().text())))
    f1 = next(r for r in rows if r["table"] == "Quote spans" and r["figure"] == "F1 exact"
              and r["annotators"] == "ana – budi")
    assert float(f1["value"]) == pytest.approx(pair.quote_f1_exact, abs=1e-6)


def test_agreement_view_recomputes_on_change_and_needs_two(qtbot, team, tmp_path,
                                                           monkeypatch) -> None:
    view = AgreementView(team)
    qtbot.addWidget(view)
    view.show()
    quotes = view.tables["quotes"]
    before = quotes.cell_text("ana – budi", "Quotes")
    p = team.store.project
    text = team.store.get_article(p.article_2).text
    start, end = helpers.span(text, "Warga 😀 antre sejak pagi.")
    team.set_annotator("budi")
    team.execute(cmd.AddQuoteCommand(team, p.article_2, start, end, new_speaker_name="Warga"))
    qtbot.waitUntil(lambda: quotes.cell_text("ana – budi", "Quotes") != before, timeout=3000)
    report = agreement_report(team.store, None, ["ana", "budi"])
    assert quotes.cell_text("ana – budi", "F1 exact") == figure_text(
        report.project.pairs[0].quote_f1_exact)
    view.save_json(tmp_path / "agreement.json")
    saved = json.loads((tmp_path / "agreement.json").read_text(encoding="utf-8"))
    assert saved == json.loads(json.dumps(report.to_dict()))
    # when computing is slow, edits wait for Recompute
    monkeypatch.setattr(agreement_view, "SLOW_SECONDS", -1.0)
    before = quotes.cell_text("ana – budi", "Quotes")
    team.undo_stack.undo()
    assert view.recompute_button.isEnabled() and "Recompute" in view.status.text()
    assert quotes.cell_text("ana – budi", "Quotes") == before
    qtbot.mouseClick(view.recompute_button, Qt.MouseButton.LeftButton)
    assert quotes.cell_text("ana – budi", "Quotes") != before
    # one annotator ticked: no figures, a sentence saying why
    view.set_annotators(["ana"])
    assert quotes.rowCount() == 0
    assert "two annotators" in view.status.text()
    assert not view.copy_button.isEnabled()


# --- adjudication --------------------------------------------------------------------------------
def test_take_version_writes_gold_and_undo_removes_it(qtbot, team) -> None:
    article = team.store.project.article_1
    view = AdjudicationView(team, article)
    qtbot.addWidget(view)
    view.show()
    assert view.names == ["ana", "budi", GOLD_ANNOTATOR]
    statuses = [view.table.item(r, 1).text() for r in range(view.table.rowCount())]
    assert [s.startswith("✓ agreed") for s in statuses] == [r.agreed for r in view.rows]
    assert all(s.startswith("≠ differs") for s, r in zip(statuses, view.rows, strict=True)
               if not r.agreed)  # said in words, not by color alone
    budi = _layer(team, article, "budi")
    qtbot.mouseClick(view.version_buttons["budi"], Qt.MouseButton.LeftButton)
    assert _gold(team, article) == budi
    qtbot.waitUntil(lambda: f"Gold layer: {len(budi)} " in view.summary.text(), timeout=3000)
    gold_column = view.names.index(GOLD_ANNOTATOR) + 2
    assert any(view.table.item(r, gold_column).text() != "—"
               for r in range(view.table.rowCount()))
    team.undo_stack.undo()
    assert gold_layer(team.store, article) == []
    team.undo_stack.redo()
    assert _gold(team, article) == budi
    # taking ana's version replaces budi's; undo brings budi's back exactly (ids and links)
    before_ids = sorted(a.id for a in gold_layer(team.store, article))
    links = {a.id: a.quote_id for a in gold_layer(team.store, article)}
    assert view.take_version("ana")
    assert _gold(team, article) == _layer(team, article, "ana")
    team.undo_stack.undo()
    assert sorted(a.id for a in gold_layer(team.store, article)) == before_ids
    assert {a.id: a.quote_id for a in gold_layer(team.store, article)} == links
    # the annotators' own layers never change
    assert _layer(team, article, "budi") == budi


def test_take_item_per_row_and_undo(qtbot, team) -> None:
    p = team.store.project
    view = AdjudicationView(team, p.article_1)
    qtbot.addWidget(view)
    view.show()
    row = next(i for i, r in enumerate(view.rows)
               if r.kind == "quote" and p.ana_quote in [a.id for a in r.versions["ana"]])
    assert "span" in differences(view.rows[row])
    view.select_cell(row, "ana")
    assert view.item_button.isEnabled() and "ana" in view.item_button.text()
    qtbot.mouseClick(view.item_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Gold layer: 1 " in view.summary.text(), timeout=3000)
    assert (view.table.currentRow(), view.selected_ids()) == (row, [p.ana_quote])  # kept
    ana_quote = team.store.get_annotation(p.ana_quote)
    assert [(a.start, a.end) for a in gold_layer(team.store, p.article_1)] == [
        (ana_quote.start, ana_quote.end)]
    # budi's item in the same row replaces it; undo puts ana's back
    view.reload()
    view.select_cell(row, "budi")
    assert view.take_selected_item()
    budi_quote = team.store.get_annotation(p.budi_quote)
    assert [(a.start, a.end) for a in gold_layer(team.store, p.article_1)] == [
        (budi_quote.start, budi_quote.end)]
    team.undo_stack.undo()
    assert [(a.start, a.end) for a in gold_layer(team.store, p.article_1)] == [
        (ana_quote.start, ana_quote.end)]
    team.undo_stack.undo()
    assert gold_layer(team.store, p.article_1) == []
    # from the keyboard: Ctrl+Enter takes the current cell's item
    view.reload()
    view.select_cell(row, "budi")
    qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [(a.start, a.end) for a in gold_layer(team.store, p.article_1)] == [
        (budi_quote.start, budi_quote.end)]
    team.undo_stack.undo()
    # the gold column itself offers nothing to take
    view.reload()
    view.select_cell(row, GOLD_ANNOTATOR)
    assert not view.item_button.isEnabled()


def test_take_item_over_a_version_undoes_to_the_exact_gold_layer(qtbot, team) -> None:
    p = team.store.project
    view = AdjudicationView(team, p.article_1)
    qtbot.addWidget(view)
    assert view.take_version("ana")

    def snapshot() -> dict[int, tuple]:
        return {a.id: (a.kind, a.start, a.end, a.speaker_id, a.category_id, a.quote_id)
                for a in gold_layer(team.store, p.article_1)}

    before = snapshot()
    assert any(v[5] for v in before.values())  # a gold claim linked to a gold quote
    assert view.take_item([p.budi_quote])  # replaces the overlapping gold quote
    after = snapshot()
    old_quotes = {i for i, v in before.items() if v[0] == "quote"}
    assert not any(v[5] in old_quotes for v in after.values())  # its quote was replaced
    team.undo_stack.undo()
    assert snapshot() == before
    team.undo_stack.redo()
    assert {v[:3] for v in snapshot().values()} == {v[:3] for v in after.values()}


def test_hostile_speaker_name_shows_literally(qtbot, team) -> None:
    store = team.store
    p = store.project
    text = store.get_article(p.article_2).text
    start, end = helpers.span(text, "pemerintah harus turun tangan.")
    hostile, _ = store.add_speaker(HOSTILE)
    store.add_quote(p.article_2, start, end, speaker_id=hostile.id, annotator="budi")
    store.add_speaker("Dr. " + HOSTILE)
    view = AdjudicationView(team, p.article_2)
    qtbot.addWidget(view)
    view.show()
    cells = [view.table.item(r, c) for r in range(view.table.rowCount())
             for c in range(view.table.columnCount())]
    hit = next(c for c in cells if HOSTILE in c.text())
    assert hit.text().startswith(HOSTILE + " [direct]")
    assert "&lt;b&gt;x&lt;/b&gt;" in hit.toolTip() and "<b>x</b>" not in hit.toolTip()
    proposals = SpeakerProposalsView(team)
    qtbot.addWidget(proposals)
    texts = [proposals.table.item(r, c).text() for r in range(proposals.table.rowCount())
             for c in range(2)]
    assert f"{HOSTILE} — 1 annotation(s)" in texts
    stats = StatisticsView(team)
    qtbot.addWidget(stats)
    labels = [b.label for b in stats.charts["speakers"].data.bars]
    assert HOSTILE in labels
    svg = stats.charts["speakers"].svg_bytes()
    root = ET.fromstring(svg)
    assert not root.findall(".//{http://www.w3.org/2000/svg}b")  # no markup smuggled in
    assert b"&lt;b&gt;x&lt;/b&gt;" in svg


# --- statistics ----------------------------------------------------------------------------------
def test_stats_charts_export_png_svg_csv(qtbot, team, tmp_path) -> None:
    view = StatisticsView(team)
    qtbot.addWidget(view)
    view.show()
    view.show_tab("categories")
    bars = view.charts["categories"].data.bars
    colors = {c.name: c.color for c in team.store.categories()}
    assert bars and all(b.color == colors[b.label] for b in bars)  # the taxonomy's colors
    assert sum(b.value for b in bars) == sum(
        team.store.stats()["claims_by_category"].values())
    png = view.save("categories", "png", tmp_path / "c.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 100 and image.height() > 100
    assert len({image.pixel(x, image.height() // 3) for x in range(0, image.width(), 4)}) > 2
    svg = view.save("categories", "svg", tmp_path / "c.svg")
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any(bars[0].label in t for t in texts)
    saved = view.save("categories", "csv", tmp_path / "c.csv")
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert rows[0] == ["category", "claims"]
    assert [(r[0], int(r[1])) for r in rows[1:]] == [(b.label, b.value) for b in bars]
    # the months: a continuous timeline
    view.show_tab("months")
    months = view.charts["months"].data.bars
    assert [b.label for b in months] == ["2024-05"]
    assert view.save("months", "png", tmp_path / "m.png").stat().st_size > 1000
    # numbers follow the project
    speakers_before = view.charts["speakers"].data.bars
    p = team.store.project
    team.execute(cmd.DeleteAnnotationCommand(team, p.ana_quote))
    qtbot.waitUntil(lambda: view.charts["speakers"].data.bars != speakers_before, timeout=3000)


def test_long_bar_charts_show_the_largest_and_save_every_number(qtbot, team, tmp_path) -> None:
    store = team.store
    p = store.project
    text = store.get_article(p.article_2).text
    start, end = helpers.span(text, "Warga 😀 antre sejak pagi.")
    for n in range(45):
        speaker, _ = store.add_speaker(f"Warga nomor {n:02d}")
        store.add_quote(p.article_2, start, end, speaker_id=speaker.id, annotator="ana")
    view = StatisticsView(team)
    qtbot.addWidget(view)
    view.show()
    chart = view.charts["speakers"]
    total = len(store.stats()["quotes_by_speaker"])
    assert len(chart.data.bars) == 30 and total > 30
    assert any(f"of {total} shown" in note for note in chart.data.notes)
    rows = list(csv.reader(io.StringIO(
        view.save("speakers", "csv", tmp_path / "s.csv").read_text(encoding="utf-8"))))
    assert len(rows) == total + 1
    view.limit.setValue(100)
    assert len(chart.data.bars) == total


def test_bar_chart_elides_long_labels_and_keeps_values(qtbot) -> None:
    long = "Gubernur Jawa Barat " * 8
    chart = BarChart(ChartData("t", (), "quotes", "speaker"))
    qtbot.addWidget(chart)
    chart.set_data(ChartData("Quotes", (Bar(long, 12), Bar("Ana", 3)), "quotes", "speaker"))
    chart.resize(500, chart.sizeHint().height())
    chart.show()
    qtbot.waitExposed(chart)
    chart.grab()  # paints
    first, second = chart.drawn_labels
    assert first.endswith("…") and len(first) < len(long) and second == "Ana"
    assert chart.bar_at(QPoint(10, chart._hit[0][0].center().y())).label == long  # tooltip
    series, undated = month_series({"2024-03": 1, "2023-12": 2, "(undated)": 4})
    assert [(b.label, b.value) for b in series] == [
        ("2023-12", 2), ("2024-01", 0), ("2024-02", 0), ("2024-03", 1)]
    assert undated == 4


# --- speaker proposals ---------------------------------------------------------------------------
def test_merge_proposal_and_undo(qtbot, team) -> None:
    store = team.store
    sri = store.find_speaker("Sri Mulyani")
    dr, _ = store.add_speaker("Dr. Sri Mulyani")
    p = store.project
    text = store.get_article(p.article_2).text
    store.add_quote(p.article_2, *helpers.span(text, "Warga 😀 antre sejak pagi."),
                    speaker_id=dr.id, annotator="ana")
    view = SpeakerProposalsView(team)
    qtbot.addWidget(view)
    view.show()
    row = next(i for i, pr in enumerate(view.proposals) if {pr.keep.id, pr.other.id}
               == {sri.id, dr.id})
    button = view.table.cellWidget(row, 3)
    assert isinstance(button, QPushButton) and button.text() == "Merge"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert store.find_speaker("Dr. Sri Mulyani").id == sri.id  # now an alias
    assert all({pr.keep.id, pr.other.id} != {sri.id, dr.id} for pr in view.proposals)
    team.undo_stack.undo()
    assert store.get_speaker(dr.id).name == "Dr. Sri Mulyani"
    assert store.get_speaker(dr.id).annotation_count == 1
    qtbot.waitUntil(lambda: any({pr.keep.id, pr.other.id} == {sri.id, dr.id}
                                for pr in view.proposals), timeout=3000)
    # Not the same: gone for this session, back on request
    count = len(view.proposals)
    row = next(i for i, pr in enumerate(view.proposals) if {pr.keep.id, pr.other.id}
               == {sri.id, dr.id})
    qtbot.mouseClick(view.table.cellWidget(row, 4), Qt.MouseButton.LeftButton)
    assert len(view.proposals) == count - 1
    assert "dismissed" in view.summary.text()
    again = SpeakerProposalsView(team)
    qtbot.addWidget(again)
    assert len(again.proposals) == count - 1
    qtbot.mouseClick(again.show_all_button, Qt.MouseButton.LeftButton)
    assert len(again.proposals) == count


# --- the Team menu on the main window -----------------------------------------------------------
def test_team_menu_on_the_main_window(qtbot, tmp_path) -> None:
    from annotator.gui.main_window import MainWindow

    isolate_settings(tmp_path)
    db = make_project(tmp_path)
    with Store.open(db) as store:
        article = store.article_ids()[0]
        for a in store.annotations(article, statuses=("suggested",))[:6]:
            store.accept_suggestion(a.id, annotator="ana")
        for a in store.annotations(article, statuses=("accepted",)):
            if a.kind == "quote":
                store.add_quote(article, a.start, a.end, speaker_id=a.speaker_id,
                                annotator="budi")
    session = ProjectSession.open(db, "tester")
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    install_team_actions(window, session)
    install_team_actions(window, session)  # once only
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus.count("Tea&m") == 1
    assert menus.index("Tea&m") == menus.index("&Help") - 1  # before Help
    actions = team_actions(window)
    assert actions is not None
    assert [a.text() for a in actions.menu.actions()] == [
        "&Agreement…", "A&djudicate this article…", "&Statistics…", "Speaker &proposals…"]
    window.open_article(article)
    actions.actions["adjudicate"].trigger()
    view = actions.views["adjudication"]
    assert view.isVisible() and view.article_id == article
    other = session.store.article_ids()[1]
    window.open_article(other)
    qtbot.mouseClick(view.follow_button, Qt.MouseButton.LeftButton)  # follow the window
    assert view.article_id == other
    view.set_article(article)
    view.select_cell(0, "budi")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter: show it in the article
    assert window.article_id == article
    actions.actions["agreement"].trigger()
    agreement = actions.views["agreement"]
    assert agreement.isVisible()
    agreement.set_scope("article")
    assert agreement.tables["quotes"].cell_text("ana – budi", "Articles") == "1"
    window.article_list.articleChosen.emit(other)  # the user picks another article
    qtbot.waitUntil(lambda: window.article_id == other and agreement.tables[
        "quotes"].cell_text("ana – budi", "Articles") == "0")
    assert agreement.tables["quotes"].cell_text("ana – budi", "F1 exact") == UNDEFINED
    actions.actions["statistics"].trigger()
    actions.actions["proposals"].trigger()
    assert all(v.isVisible() for v in actions.views.values())
    for v in actions.views.values():
        v.close()
    window.close()
    session.close()


# --- screenshots -----------------------------------------------------------------------------
def test_team_screenshots_command(tmp_path) -> None:
    """``python -m annotator.gui.team OUTDIR`` (its own process: it sets app-wide settings)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run([sys.executable, "-m", "annotator.gui.team", str(tmp_path / "shots")],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    written = [Path(line) for line in result.stdout.split("\n") if line.strip()]
    assert len([p for p in written if p.suffix == ".png"]) >= 13
    for path in written:
        assert path.stat().st_size > 1000, path
        if path.suffix == ".png":
            image = QImage(str(path))
            assert not image.isNull() and image.width() >= 400, path
    ET.parse(tmp_path / "shots" / "team_stats_categories.svg")


def test_views_follow_a_theme_switch(qtbot, team) -> None:
    """Text stays light on dark cells after switching to the dark palette (no style sheet
    freezes a view's palette)."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from annotator.gui.theme import dark_palette

    app = QApplication.instance()
    views = [AdjudicationView(team, team.store.project.article_1), AgreementView(team),
             StatisticsView(team), SpeakerProposalsView(team)]
    for view in views:
        qtbot.addWidget(view)
        view.show()
    light = QApplication.palette()
    try:
        app.setPalette(dark_palette())
        qtbot.wait(20)  # palette change events are delivered from the event loop
        for view in views:
            for child in [view, *view.findChildren(QWidget)]:
                assert not child.styleSheet(), child
                text = child.palette().color(QPalette.ColorRole.Text)
                base = child.palette().color(QPalette.ColorRole.Base)
                assert text.lightnessF() > 0.5 > base.lightnessF(), child
        table = views[0].table
        differs = next(r for r, row in enumerate(views[0].rows) if not row.agreed)
        cell = table.item(differs, 1).background().color()
        assert cell.lightnessF() < 0.5  # the differs wash is dark under light text
    finally:
        app.setPalette(light)
