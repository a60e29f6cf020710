"""A worker process of `annotator.core.parallel`: analyses the chunks of texts it is sent.

Protocol over standard input and output, one frame each (see `parallel.write_frame`): first
the known speakers, then any number of text lists; each list is answered with
``("ok", [Analysis, ...])`` or ``("error", exception)``. The worker exits when its input ends.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    from annotator.core.parallel import read_frame, write_frame
    from annotator.core.pipeline import analyze_text

    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print must not break the protocol
    requests = sys.stdin.buffer
    try:
        known_speakers = read_frame(requests)
        while True:
            texts = read_frame(requests)
            try:
                results = [analyze_text(text, known_speakers=known_speakers) for text in texts]
            except Exception as error:  # handed to the importing process, which raises it
                write_frame(answers, ("error", error))
                continue
            write_frame(answers, ("ok", results))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass


if __name__ == "__main__":
    main()
