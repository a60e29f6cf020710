"""A worker process of `annotator.core.parallel`: analyses the chunks of texts it is sent.

Protocol over standard input and output, one frame each (see `parallel.write_frame`): first
``(task, options)``, then any number of item lists; each list is answered with
``("ok", [result, ...])`` of `parallel.run_task` or ``("error", exception)``. The worker exits
when its input ends.
"""

from __future__ import annotations

import os
import sys
import traceback


def main() -> None:
    from annotator.core.parallel import read_frame, run_task, write_frame

    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray output (print, C code, child
    sys.stdout = sys.stderr  # processes) goes to stderr, never into the protocol
    requests = sys.stdin.buffer
    _load_the_analysis()
    try:
        task, options = read_frame(requests)
        while True:
            items = read_frame(requests)
            try:
                results = [run_task(task, item, options) for item in items]
            except Exception as error:  # handed to the importing process, which raises it
                where = traceback.format_exc()
                try:
                    write_frame(answers, ("error", (error, where)))
                except Exception:  # noqa: BLE001 - an exception pickle cannot carry
                    write_frame(answers, ("error", (RuntimeError(repr(error)), where)))
                continue
            write_frame(answers, ("ok", results))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass


def _load_the_analysis() -> None:
    """Load what the first analysis of each language would (word lists, patterns) before
    the first chunk comes: a worker started early does it while the caller reads its input."""
    from annotator.core.pipeline import analyze_text

    analyze_text("Menurut Budi, harga naik. Kata dia, \u201cini penting.\u201d")
    analyze_text("The minister said prices rose. \u201cIt matters,\u201d she said.")


if __name__ == "__main__":
    main()
