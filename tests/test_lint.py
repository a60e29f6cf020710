"""The project's own code passes its chosen ruff rule set (pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (pip install '.[test]' brings it)")
    result = subprocess.run(
        [ruff, "check", "--no-cache", "annotator", "tests"], cwd=ROOT, capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]
