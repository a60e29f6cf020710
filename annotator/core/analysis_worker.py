"""A worker process of `annotator.core.parallel`: analyses the chunks of texts it is sent.

Protocol over standard input and output, one frame each (see `parallel.write_frame`): first
``(task, options)``, then any number of item lists; each list is answered with
``("ok", [result, ...])`` of `parallel.run_task` or ``("error", exception)``. The worker exits
when its input ends.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    from annotator.core.parallel import read_frame, run_task, write_frame

    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print must not break the protocol
    requests = sys.stdin.buffer
    try:
        task, options = read_frame(requests)
        while True:
            items = read_frame(requests)
            try:
                results = [run_task(task, item, options) for item in items]
            except Exception as error:  # handed to the importing process, which raises it
                write_frame(answers, ("error", error))
                continue
            write_frame(answers, ("ok", results))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass


if __name__ == "__main__":
    main()
