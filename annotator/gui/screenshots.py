"""Screenshots of the main states: ``python -m annotator.gui.screenshots OUTDIR``.

Opens the app offscreen on a temporary project, imports the bundled samples, annotates a
little, and saves PNGs: the empty project's import offer, an annotated article with
suggestions, the speaker and category pickers, the speakers panel, the taxonomy editor, the
shortcut sheet and the dark palette.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402


def _settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with a dialog drawn centered over it (offscreen dialogs are separate)."""
    shot = window.grab()
    over = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColorAlpha.shade())
    x = (shot.width() - over.width()) // 2
    y = max(40, (shot.height() - over.height()) // 3)
    painter.drawPixmap(QPoint(x, y), over)
    painter.end()
    return shot


class QColorAlpha:
    """The dimming drawn behind a dialog."""

    @staticmethod
    def shade():  # noqa: ANN205
        from PySide6.QtGui import QColor

        return QColor(0, 0, 0, 60)


def take(outdir: Path) -> list[Path]:
    """Save every screenshot into ``outdir``; returns the files written."""
    from annotator.gui import commands as cmd
    from annotator.gui.app import controller, ensure_application
    from annotator.gui.theme import dark_palette

    outdir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="annotator-shots-"))
    app = ensure_application(["annotator"])
    QCoreApplication.setOrganizationName("annotator-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
    QSettings().setValue("annotator/name", "Dewi")
    written: list[Path] = []

    def save(pixmap: QPixmap, name: str) -> None:
        path = outdir / f"{name}.png"
        pixmap.save(str(path))
        written.append(path)

    window = controller().open_project(tmp / "project.db")
    assert window is not None
    window.resize(1280, 800)
    _settle(app)
    save(window.grab(), "01_empty_project")

    runner = window.import_samples()
    assert runner is not None
    runner.wait()
    _settle(app)
    window.flush()
    view = window.article_view
    session = window.session
    # annotate a little: accept some suggestions, tag a quote and a claim by hand
    for _ in range(4):
        found = view.move_suggestion(1)
        if found is not None:
            window.tagger.accept_current()
    for name in ("Dadang Rusmana", "Nurlaela Kartini"):
        window.tagger.accept_speaker(name)
    speaker = session.store.find_speaker("Dadang Rusmana")
    if speaker is not None:
        session.execute(cmd.UpdateSpeakerCommand(session, speaker.id, aliases=("Dadang",),
                                                 organization="BKPSDM Majalengka"))
    text = view.text
    index = next((i for i, s in enumerate(view.sentences)
                  if text[s.start:s.end].startswith("Menurut Endang")), 5)
    view.set_current_sentence(index)
    start, end = view.target_span()
    quote = cmd.AddQuoteCommand(session, window.article_id, start, end,
                                new_speaker_name="Endang Suparman", quote_type="indirect")
    session.execute(quote)
    inner = text.index("14 laporan", start) if "14 laporan" in text[start:end] else start
    session.execute(cmd.AddClaimCommand(session, window.article_id, inner,
                                        min(end, inner + 60),
                                        category_id=session.store.categories()[1].id,
                                        quote_id=quote.annotation_id))
    view.set_current_sentence(index)
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 2)
    window.flush()
    view.highlighter.finish_lazy()
    _settle(app)
    save(window.grab(), "02_article_annotated")

    view.set_current_sentence(index + 2)
    picker = window.tagger.tag_quote()
    _settle(app)
    if picker is not None:
        save(window.grab(), "03_speaker_picker")
        picker.reject()
    _settle(app)
    picker = window.tagger.tag_claim()
    _settle(app)
    if picker is not None:
        save(window.grab(), "04_category_picker")
        picker.reject()
    _settle(app)

    window.speakers_dock.raise_()
    window.speakers_panel.reload()
    _settle(app)
    save(window.grab(), "05_speakers_panel")
    window.taxonomy_dock.raise_()
    window.taxonomy_panel.table.selectRow(1)
    _settle(app)
    save(window.grab(), "06_taxonomy_editor")
    window.annotations_dock.raise_()

    from annotator.gui.shortcuts import ShortcutSheet

    sheet = ShortcutSheet(window)
    sheet.show()
    _settle(app)
    save(_with_dialog(window, sheet), "07_shortcut_sheet")
    sheet.close()

    app.setPalette(dark_palette())
    _settle(app)
    view.highlighter.finish_lazy()
    _settle(app)
    save(window.grab(), "08_dark_palette")

    window.close()
    window.session.close()
    from annotator.gui.app import wait_for_backups

    wait_for_backups()  # the closing window's backup, before its folder goes
    shutil.rmtree(tmp, ignore_errors=True)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line entry: one argument, the output folder."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m annotator.gui.screenshots OUTDIR", file=sys.stderr)
        return 2
    for path in take(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
