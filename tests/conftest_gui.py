"""Helpers shared by the GUI tests (imported explicitly; pytest does not load this file).

Every GUI test gets an isolated QSettings (INI files under tmp_path) and a project file with
the bundled samples imported through the store, as a user would after "Import samples".
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

from annotator.core.store import Store  # noqa: E402
from annotator.paths import samples_dir  # noqa: E402

ANNOTATOR = "tester"


def isolate_settings(tmp_path: Path, name: str = ANNOTATOR) -> None:
    """Point QSettings at tmp_path and preset the annotator's name (no first-run dialog)."""
    QCoreApplication.setOrganizationName("annotator-tests")
    QCoreApplication.setApplicationName("annotator-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    settings = QSettings()
    settings.clear()
    if name:
        settings.setValue("annotator/name", name)
    settings.sync()


def make_project(tmp_path: Path, *, samples: bool = True) -> Path:
    """A project file, with the sample articles imported when asked."""
    db = tmp_path / "project.db"
    with Store.open(db) as store:
        if samples:
            report = store.import_paths([samples_dir() / "id", samples_dir() / "en"])
            assert report.imported, report.refused
    return db


def first_sample_id(db: Path) -> int:
    """Id of the first Indonesian sample (01_majalengka...)."""
    with Store.open(db) as store:
        return store.article_ids()[0]
