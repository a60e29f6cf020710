"""``python -m annotator.gui.team OUTDIR``: screenshots of the team views."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.gui.team.install import save_team_screenshots  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Save the screenshots into the folder given as the only argument."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m annotator.gui.team OUTDIR", file=sys.stderr)
        return 2
    for path in save_team_screenshots(argv[0]):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
