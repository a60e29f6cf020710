"""An ordinary (non-editable) install finds resources/ and samples/ at run time."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{result.stderr[-3000:]}")
    (built,) = out.glob("annotator-*.whl")
    return built


def test_wheel_carries_resources_and_samples(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "annotator/_resources/taxonomy.json" in names
    assert "annotator/_resources/schema/export-v1.schema.json" in names
    assert any(n.startswith("annotator/_resources/cues/") for n in names)
    assert any(n.startswith("annotator/_samples/id/") and n.endswith(".txt") for n in names)
    assert any(n.startswith("annotator/_samples/gold/") for n in names)


def test_wheel_carries_every_module_of_the_checkout(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "annotator").rglob("*.py")}
    assert modules - names == set()


def test_installed_wheel_finds_its_resources_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import annotator.paths as p, json\n"
        "from annotator.core.store import Store\n"
        f"assert str(p.resources_dir()).startswith({str(site)!r}), p.resources_dir()\n"
        "assert (p.samples_dir() / 'id').is_dir()\n"
        "s = Store.memory()\n"
        "print(json.dumps([c.key for c in s.categories()]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert '"quantity"' in result.stdout
