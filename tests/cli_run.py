"""The `annotator` command run in a subprocess, as a user runs it, for the tests."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ENV = {**os.environ, "PYTHONUTF8": "1"}


def run(*args: str, script: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m annotator ARGS` (or `python -c SCRIPT ARGS`); never a traceback or an
    "unexpected error" on stderr, whatever the exit status."""
    launcher = ["-c", script] if script else ["-m", "annotator"]
    result = subprocess.run(
        [sys.executable, *launcher, *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=timeout,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "unexpected error" not in result.stderr, result.stderr
    return result


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes (to show a file was not changed)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
