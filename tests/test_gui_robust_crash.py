"""SIGKILL the app at random moments of a tagging session: nothing it showed is lost.

Each run is one project and several kill points: the app is started on the project, tags
quotes, claims and accepts suggestions through the real keys (and sometimes imports a file),
and is killed with SIGKILL at a random moment (a random delay, right after it printed an
annotation, or in the middle of an import), then started again on the same file.  After every
kill the file must pass ``PRAGMA integrity_check``, hold every annotation the app printed as
shown on screen, and have no half-written article or import.
"""

from __future__ import annotations

import random
import sys
import time

import pytest
from conftest_gui import make_project
from test_gui_robust_checks import Driver, check_project, write_import_file

pytestmark = [pytest.mark.gui, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]

KILL_POINTS = 4


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_at_random_moments_loses_nothing_shown(tmp_path, seed) -> None:
    db = make_project(tmp_path)
    rng = random.Random(seed)
    shown: set[int] = set()
    imports: dict[str, list[str]] = {}
    for point in range(KILL_POINTS):
        mode = rng.choice(("delay", "after_id", "import"))
        import_file = None
        if mode == "import" or rng.random() < 0.5:
            import_file = tmp_path / f"import{point}.jsonl"
            imports[import_file.name] = write_import_file(import_file, 12, 1000 * (point + 1))
        driver = Driver.start(db, tmp_path / "settings", f"ann{point}", seed * 10 + point,
                              import_file=import_file)
        try:
            assert driver.wait_for("READY"), driver.stderr()
            if mode == "delay":
                time.sleep(rng.uniform(0.0, 1.5))
            elif mode == "after_id":
                driver.wait_for("ID ", rng.randint(1, 40), timeout=30)
            else:
                driver.wait_for("IMPORT_START", timeout=30)
                time.sleep(rng.uniform(0.0, 0.3))
        finally:
            driver.kill()
        assert not any(line.startswith("DONE") for line in driver.lines)
        shown |= driver.ids()
        check_project(db, shown, imports)
    assert shown, "the sessions tagged nothing before the kills"
