"""One measured start-up for ``python -m annotator.gui.scale_benchmark``, in a fresh process.

Run as a script, not as a module of the package::

    python -P startup_child.py floor LAUNCHED
    python -P startup_child.py app LAUNCHED PROJECT SETTINGS_FOLDER [JSON options]

``LAUNCHED`` is the parent's clock just before it started this process, so everything this
process loads before its window is painted is counted. This file imports nothing but what
every interpreter has already loaded (``os``, ``sys``, ``time``) before the measured work:

* ``floor``: a bare QApplication plus QMainWindow, shown and painted;
* ``app``: the ``annotator`` console command itself (``annotator.launch.main``) opening
  PROJECT, as a user starts it, up to the moment its event loop would start
  (``QApplication.exec`` is replaced by the measurement: paint the window, scroll the article
  list to its end, optionally the interactive measures of the benchmark, then exit).

The benchmark's own modules are imported only after the start-up figures are taken. Prints one
line ``RESULT {json}``.
"""

import os
import sys
import time

SETTINGS_ORGANIZATION = "annotator-scale-bench"


def rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _report(result: dict) -> None:
    import json

    print("RESULT " + json.dumps(result), flush=True)


def measure_floor(launched: float) -> None:
    """A bare QApplication + QMainWindow shown and painted (the floor of any Qt app)."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["floor"])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.repaint()
    shown = time.time() - launched
    _report({"shown": shown, "rss_mb": rss_mb()})
    os._exit(0)


def measure_app(launched: float, db: str, settings: str, options: str | None) -> None:
    """`annotator --db DB` up to its event loop: shown, then the list scrolled to its end."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    # The settings the parent prepared (the annotator's name: no first-run dialog).
    QCoreApplication.setOrganizationName(SETTINGS_ORGANIZATION)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)

    def instead_of_the_event_loop(app: QApplication) -> int:
        from annotator.gui.app import controller

        window = controller().windows[0]
        app.processEvents()
        window.repaint()
        shown = time.time() - launched
        table, model = window.article_list.table, window.article_list.model
        table.scrollToBottom()
        app.processEvents()
        table.viewport().repaint()
        last = model.rowCount() - 1
        assert model.summary(last) is not None
        scrollable = time.time() - launched
        assert QSettings().value("annotator/name") == "bench", "settings not prepared"
        result = {"shown": shown, "scrollable": scrollable, "rows": model.rowCount(),
                  "rss_mb": rss_mb()}
        if options:
            import json

            from annotator.gui.scale_benchmark import interactive_measures

            result.update(interactive_measures(app, window, **json.loads(options)))
            result["rss_end_mb"] = rss_mb()
        _report(result)
        for process in controller().backups:  # the opening backup is not waited for
            process.kill()
            process.waitForFinished(10000)
        os._exit(0)

    QApplication.exec = instead_of_the_event_loop  # type: ignore[method-assign]
    sys.argv[0] = "annotator"  # as the console script: Qt names the app (and settings) after it
    from annotator.launch import main

    main(["--db", db])
    raise SystemExit("the app returned before its event loop started")


if __name__ == "__main__":
    kind, started = sys.argv[1], float(sys.argv[2])
    if kind == "floor":
        measure_floor(started)
    else:
        measure_app(started, sys.argv[3], sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else None)
