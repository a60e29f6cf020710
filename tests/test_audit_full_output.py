"""Audit: writing OUT of the project onto a full or odd target (tests/test_robust_damaged.py
fills the project's own disk with max_page_count; the README suggests backing up to another
disk, `annotator backup --folder /media/usb/...`).

A real full file system is a small tmpfs (root only; skipped elsewhere).  The backup and
named-pipe tests pin bugs the audit found (the project blamed for the backup disk being full,
a journal left behind; a pipe replaced by a regular file).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import run

from annotator.core.scale import generate_corpus
from annotator.core.store import Store


@pytest.fixture
def project(tmp_path) -> Path:
    db = tmp_path / "project.db"
    with Store.open(db) as store:
        generate_corpus(store, 400, 2000)
    Store.open(db).close()
    assert db.stat().st_size > 2_000_000
    return db


@pytest.fixture
def full_disk(tmp_path) -> Iterator[Path]:
    """A 64 KB file system, too small for the project's backup or export."""
    mount = tmp_path / "usb"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)])


def test_an_export_onto_a_full_disk_says_so_and_leaves_nothing(project, full_disk):
    target = full_disk / "export.json"
    result = run("export", "--db", str(project), "-o", str(target))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(target) in lines[0] and "No space left" in lines[0], lines
    assert list(full_disk.iterdir()) == []


def test_a_backup_onto_a_full_disk_names_the_backup_and_leaves_nothing(project, full_disk):
    folder = full_disk / "backups"
    result = run("backup", "--db", str(project), "--folder", str(folder))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "full" in lines[0], lines
    left = sorted(p.name for p in full_disk.rglob("*") if p.is_file())
    assert not left, f"left behind on the full disk: {left}"
    assert str(folder) in lines[0], f"the message does not name the backup target: {lines[0]}"


def test_an_export_to_a_named_pipe_does_not_replace_the_pipe(project, tmp_path):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    received: list[bytes] = []

    def read_all() -> None:  # a reader at the other end, as `annotator export -o FIFO | ...`
        with open(pipe, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    result = run("export", "--db", str(project), "-o", str(pipe))
    reader.join(timeout=60)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode), (
        f"the pipe was replaced by a regular file ({result.stdout.strip()})"
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(received[0])
    assert document["format"] == "annotator-export" and document["articles"]
