"""A scripted tagging session in the real app, run as a subprocess by the robustness tests.

``python tests/test_gui_robust_driver.py DB SETTINGS_DIR NAME SEED [STEPS] [IMPORT_FILE]``
opens the main window on DB the way ``annotator gui`` does (``AppController.open_project``),
then, step by step through the real widgets and keys, tags quotes (Q, a speaker typed in the
picker, Enter), claims (a digit), accepts suggestions (N then A), moves to the next article
(Alt+Right) and, when IMPORT_FILE is given, imports it once through the window's import runner.

Protocol on stdout (flushed line by line): ``READY`` once the window is shown; ``ID <id>
<kind>`` right after an annotation is on screen AND the store call that wrote it returned;
``IMPORT_START`` / ``IMPORTED <n>``; ``REFUSED <message>`` when the store refused a write (e.g.
another process changed the suggestion); ``DONE`` at the end.  pytest collects no tests here.
"""

from __future__ import annotations

import os
import random
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _say(*parts: object) -> None:
    print(*parts, flush=True)


def run(db: str, settings_dir: str, name: str, seed: int, steps: int,
        import_file: str | None) -> int:
    """The session; returns the process exit code."""
    from PySide6.QtCore import QCoreApplication, QSettings, Qt
    from PySide6.QtTest import QTest

    from annotator.gui.app import controller, ensure_application, wait_for_backups

    app = ensure_application(["annotator"])
    QCoreApplication.setOrganizationName("annotator-robust-test")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    QSettings().setValue("annotator/name", name)
    window = controller().open_project(db, ask_name=False)
    if window is None:
        _say("REFUSED could not open")
        return 1
    window.activateWindow()
    app.processEvents()
    view = window.article_view
    refused: list[str] = []
    window.tagger.message.connect(refused.append)
    window.session.failed.connect(refused.append)
    rng = random.Random(seed)
    _say("READY")

    def accepted() -> dict[int, str]:
        return {a.id: a.kind for a in view.annotations.values()  # ours, not another window's
                if a.status == "accepted" and a.annotator == name}

    def press(key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(view, key, mods)
        app.processEvents()

    imported = import_file is None
    for step in range(steps):
        view.setFocus()
        before = accepted()
        refused.clear()
        roll = rng.random()
        if not imported and step >= 3 and roll < 0.15:
            imported = True
            runner = window.import_paths([import_file], show_report=False)
            _say("IMPORT_START")
            while runner is not None and window.runner is not None:
                app.processEvents()
                runner.wait(20)
            app.processEvents()
            report = window.last_report
            if isinstance(report, str):
                _say("REFUSED", report.replace("\n", " "))
            _say("IMPORTED", len(getattr(report, "imported", ())),
                 len(getattr(report, "refused", ())))
            continue
        if roll < 0.45:
            press(Qt.Key.Key_J)
            press(Qt.Key.Key_Q)
            picker = window.tagger.picker
            if picker is None:
                continue
            picker.name_edit.setText(f"{name} speaker {rng.randrange(5)}")
            QTest.keyClick(picker.name_edit, Qt.Key.Key_Return)
            app.processEvents()
        elif roll < 0.7:
            press(Qt.Key.Key_J)
            press(Qt.Key.Key_1)
        elif roll < 0.92:
            press(Qt.Key.Key_N)
            press(Qt.Key.Key_A)
        else:
            press(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
        after = accepted()
        for annotation_id, kind in sorted(after.items()):
            if annotation_id not in before:
                _say("ID", annotation_id, kind)
        for message in refused:
            if "locked" in message or "refused" in message or "not a pending" in message:
                _say("REFUSED", message.replace("\n", " "))
    _say("DONE")
    window.close()
    window.session.close()
    wait_for_backups()  # as run_app does at exit
    return 0


def main(argv: list[str]) -> int:
    """Command line entry (see the module docstring)."""
    db, settings_dir, name, seed = argv[0], argv[1], argv[2], int(argv[3])
    steps = int(argv[4]) if len(argv) > 4 else 10_000
    import_file = argv[5] if len(argv) > 5 and argv[5] else None
    return run(db, settings_dir, name, seed, steps, import_file)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
