"""Helpers of the GUI robustness tests: run the tagging driver in a subprocess, read what it
printed, and check a project file after a crash (pytest collects no tests here)."""

from __future__ import annotations

import hashlib
import json
import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

DRIVER = Path(__file__).with_name("test_gui_robust_driver.py")


def write_import_file(path: Path, count: int, start: int) -> list[str]:
    """A JSONL file of ``count`` fresh synthetic articles; returns their titles."""
    from annotator.core.scale import article_texts

    titles = []
    with path.open("w", encoding="utf-8") as handle:
        for n, article in enumerate(article_texts(count, seed=start, start=start)):
            title = f"{path.stem} {n} {article.title}"
            titles.append(title)
            handle.write(json.dumps({"text": article.text, "title": title}) + "\n")
    return titles


@dataclass
class Driver:
    """One app subprocess running the scripted session; ``lines`` fills as it prints."""

    proc: subprocess.Popen
    lines: list[str] = field(default_factory=list)
    events: queue.Queue = field(default_factory=queue.Queue)
    reader: threading.Thread | None = None
    _stderr: str | None = None

    @classmethod
    def start(cls, db: Path, settings: Path, name: str, seed: int, *, steps: int = 100_000,
              import_file: Path | None = None) -> Driver:
        import annotator

        root = str(Path(annotator.__file__).resolve().parent.parent)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
        proc = subprocess.Popen(
            [sys.executable, str(DRIVER), str(db), str(settings), name, str(seed), str(steps),
             str(import_file or "")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        driver = cls(proc)
        driver.reader = threading.Thread(target=driver._read, daemon=True)
        driver.reader.start()
        return driver

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            self.events.put(line.rstrip("\n"))
        self.events.put(None)

    def wait_for(self, prefix: str, count: int = 1, timeout: float = 60) -> bool:
        """Block until ``count`` lines starting with ``prefix`` arrived (False: ended first)."""
        deadline = time.monotonic() + timeout
        seen = sum(1 for line in self.lines if line.startswith(prefix))
        while seen < count:
            try:
                line = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                return False
            if line is None:
                return False
            seen = sum(1 for line in self.lines if line.startswith(prefix))
        return True

    def kill(self) -> None:
        """SIGKILL (nothing runs after it) and collect everything printed before."""
        self.proc.kill()
        self.proc.wait(20)
        if self.reader is not None:
            self.reader.join(20)

    def finish(self, timeout: float = 120) -> None:
        """Wait for a normal end."""
        self.proc.wait(timeout)
        if self.reader is not None:
            self.reader.join(20)

    def ids(self) -> set[int]:
        """Annotation ids the app printed as shown on screen and stored."""
        return {int(line.split()[1]) for line in self.lines if line.startswith("ID ")}

    def stderr(self) -> str:
        """What the process wrote on stderr (read once, at its end)."""
        if self._stderr is None:
            assert self.proc.stderr is not None
            try:
                self._stderr = self.proc.stderr.read()
            except ValueError:
                self._stderr = ""
        return self._stderr


def check_project(db: Path, shown: set[int], imports: dict[str, list[str]]) -> dict[str, int]:
    """Assert the project is whole: integrity and foreign keys, full-text indexes in step,
    every annotation the app showed is stored as accepted, every article complete (text hash,
    sentences), every import file all-or-nothing. Returns a few counts."""
    conn = sqlite3.connect(str(db))
    try:
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert list(conn.execute("PRAGMA foreign_key_check")) == []
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        conn.execute("INSERT INTO annotations_fts(annotations_fts) VALUES('integrity-check')")
        conn.rollback()
        stored = dict(conn.execute("SELECT id, status FROM annotations"))
        lost = sorted(i for i in shown if stored.get(i) != "accepted")
        assert not lost, f"annotations shown on screen but not in the file: {lost}"
        sentences = dict(conn.execute("SELECT article_id, count(*) FROM sentences "
                                      "GROUP BY article_id"))
        rows = list(conn.execute("SELECT id, text, text_hash, title FROM articles"))
        for article_id, text, digest, _title in rows:
            assert hashlib.sha256(text.encode("utf-8")).hexdigest() == digest, article_id
            assert sentences.get(article_id, 0) > 0, f"article {article_id} has no sentences"
        titles = {r[3] for r in rows}
        for name, wanted in imports.items():
            present = sum(1 for t in wanted if t in titles)
            assert present in (0, len(wanted)), f"{name}: {present} of {len(wanted)} imported"
        return {"articles": len(rows), "annotations": len(stored),
                "accepted": sum(1 for s in stored.values() if s == "accepted")}
    finally:
        conn.close()
