"""The `annotator` console command: opens the desktop app without loading the command line.

`annotator`, `annotator PROJECT.db`, `annotator --db FILE` and `annotator gui [--db FILE]`
open the app. They go straight to `annotator.gui.app.run_app`; click and the headless
commands (`annotator.cli`) are not imported, which is about a sixth of the time to the first
window. Every other command line, and any form this module does not recognise, is handed to
`annotator.cli.main` unchanged, so the options, the help and the error messages are the ones
click gives.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

EXIT_ERROR = 2  # as annotator.cli.EXIT_ERROR (not imported: that loads click)
# The names of the CLI's commands (not read from annotator.cli: that loads click); a test
# checks this list against the commands the CLI registers.
COMMANDS = frozenset({
    "adjudicate", "agreement", "analyze", "articles", "backup", "backups", "benchmark",
    "check", "evaluate", "export", "export-as", "gui", "import", "import-as", "merge-speakers",
    "restore", "salvage", "speaker-proposals", "speakers", "stats", "stats-csv", "suggest",
})


def names_a_project(arg: str) -> bool:
    """Whether the only argument of a command line names a project to open in the app:
    `PROJECT.db`, or a file that exists, unless it is a command's name. Anything else is a
    command (a typo gets click's "No such command" rather than a new project named after
    it)."""
    if arg.startswith("-") or arg in COMMANDS:
        return False
    return arg.endswith(".db") or os.path.isfile(arg)


def app_project(args: Sequence[str]) -> tuple[bool, str | None]:
    """Whether `args` only open the desktop app, and on which project file (None: the
    default one). Forms that need click's checks (a folder given as the project, an empty
    name, any other option) answer False."""
    rest = list(args)
    if rest[:1] == ["gui"]:
        rest = rest[1:]
    if not rest:
        return True, None
    if len(rest) == 1 and rest[0].startswith("--db="):
        rest = ["--db", rest[0][len("--db=") :]]
    if len(rest) == 2 and rest[0] == "--db":
        path = rest[1]
    elif len(rest) == 1 and len(args) == 1 and names_a_project(rest[0]):
        path = rest[0]  # `annotator PROJECT.db`
    else:
        return False, None
    if not path or path.startswith("-") or os.path.isdir(path):
        return False, None
    if os.path.exists(path) and not os.access(path, os.R_OK):
        return False, None  # click's "is not readable" message
    return True, path


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point (see the module docstring)."""
    args = list(sys.argv[1:] if argv is None else argv)
    opens_app, path = app_project(args)
    if not opens_app:
        from annotator.cli import main as cli_main

        cli_main(args)
        return
    sys.exit(_open_app(path))


def _open_app(path: str | None) -> int:
    """`run_app` with the command line's promises: one line on stderr and a non-zero status
    for what goes wrong, never a traceback (unless ANNOTATOR_DEBUG is set)."""
    try:
        from annotator.gui.app import run_app
    except ImportError as error:
        return _fail(f"the desktop app cannot start: {error}")
    try:
        return run_app(path)
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if os.environ.get("ANNOTATOR_DEBUG"):
            raise
        from annotator.core.store import StoreError

        if isinstance(error, StoreError):
            return _fail(str(error))
        return _fail(
            f"unexpected error: {type(error).__name__}: {error} "
            "(set ANNOTATOR_DEBUG=1 for details)"
        )


def _fail(message: str) -> int:
    print(f"annotator: {message}", file=sys.stderr)
    return EXIT_ERROR
