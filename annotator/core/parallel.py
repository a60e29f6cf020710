"""Analysing many articles on every core: `analyze_many`.

The analysis (metadata, sentences, suggestions) is pure Python and CPU bound, so a large import
runs it in worker processes (`annotator.core.analysis_worker`), one per core. They are plain
child processes talking over their standard input and output, not a multiprocessing pool: they
never re-run the caller's main script, need no POSIX semaphores, start the same way from a GUI
thread as from the command line, and exit as soon as their input closes, so a killed import
leaves no worker behind. Workers never touch the project file.

Small batches are analysed in the calling process: starting a worker costs about as much as
analysing twenty articles. If a worker cannot be started or dies, what it had not finished is
analysed in the calling process; an exception raised by the analysis itself is raised here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from annotator.core.analysis_types import Analysis
from annotator.core.model import Cancelled

WORKERS_VARIABLE = "ANNOTATOR_WORKERS"
MIN_PARALLEL = 64
CHUNK_SIZE = 16

# finished(count): called in the calling thread as items are finished; False cancels
FinishedCallback = Callable[[int], bool | None]
MAX_FRAME_BYTES = 1 << 34  # a length beyond this is a garbled stream, not a frame


# what `suggest_many` takes per article: text, sentences, excluded ranges, language
SuggestInput = tuple[str, Sequence[tuple[int, int]], Sequence[tuple[int, int, str]], str | None]

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_WORKER_CODE = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from annotator.core.analysis_worker import main; main()"
)


def worker_count() -> int:
    """Processes to analyse with: the ANNOTATOR_WORKERS variable, else the usable cores."""
    configured = os.environ.get(WORKERS_VARIABLE, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def analyze_many(
    texts: Sequence[str],
    *,
    known_speakers: Sequence[Any] = (),
    with_suggestions: bool = True,
    workers: int | None = None,
    analyzed: FinishedCallback | None = None,
) -> list[Analysis]:
    """`analyze_text` of every text, in order, on `workers` processes (default: every core)."""
    stream = iter_analyses(
        texts,
        known_speakers=known_speakers,
        with_suggestions=with_suggestions,
        workers=workers,
        analyzed=analyzed,
    )
    return list(stream)


def suggest_many(
    articles: Sequence[SuggestInput],
    *,
    known_speakers: Sequence[Any] = (),
    workers: int | None = None,
) -> list[list[dict[str, Any]]]:
    """`suggest.suggest` of every (text, sentences, excluded, language), in order."""
    options = {"known_speakers": tuple(known_speakers)}
    return run_many("suggest", articles, options, workers=workers)


def run_task(task: str, item: Any, options: dict[str, Any]) -> Any:
    """One item of a task, here or in a worker: the only code the workers run."""
    if task == "analyze":
        from annotator.core.pipeline import analyze_text  # here, not where workers do it

        return analyze_text(item, **options)
    if task == "suggest":
        from annotator.core.suggest import suggest

        text, sentences, excluded, language = item
        return suggest(text, sentences, excluded, language=language, **options)
    raise ValueError(f"unknown task {task!r}")


def run_many(
    task: str,
    items: Sequence[Any],
    options: dict[str, Any],
    *,
    workers: int | None = None,
    finished: FinishedCallback | None = None,
) -> list[Any]:
    """`run_task(task, item, options)` of every item, in order, on `workers` processes."""
    return list(iter_many(task, items, options, workers=workers, finished=finished))


def iter_analyses(
    texts: Sequence[str],
    *,
    known_speakers: Sequence[Any] = (),
    with_suggestions: bool = True,
    workers: int | None = None,
    analyzed: FinishedCallback | None = None,
) -> Iterator[Analysis]:
    """`analyze_many` as a stream: each analysis as soon as it and those before it are done,
    so the caller can store the first articles while the workers analyse the rest."""
    options = {"known_speakers": tuple(known_speakers), "with_suggestions": with_suggestions}
    return iter_many("analyze", texts, options, workers=workers, finished=analyzed)


def iter_many(
    task: str,
    items: Sequence[Any],
    options: dict[str, Any],
    *,
    workers: int | None = None,
    finished: FinishedCallback | None = None,
) -> Iterator[Any]:
    """`run_task(task, item, options)` of every item, yielded in order as they are done.

    `finished` hears of every chunk when it is done (in any order); False cancels: the
    workers take no further chunk and Cancelled is raised here. Closing the iterator early
    stops the workers the same way."""
    count = workers or worker_count()
    if count <= 1 or len(items) < MIN_PARALLEL or getattr(sys, "frozen", False):
        yield from _here(task, items, options, finished)  # a frozen app has no Python to start
        return
    chunks = [list(items[i : i + CHUNK_SIZE]) for i in range(0, len(items), CHUNK_SIZE)]
    done: dict[int, list[Any]] = {}
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(chunks)):
        todo.put(index)
    outcomes: queue.SimpleQueue[tuple[int, list[Any] | BaseException]] = queue.SimpleQueue()
    stop = threading.Event()  # cancelled or closed: workers take no further chunk
    threads = [
        threading.Thread(
            target=_feed_worker, args=(task, options, chunks, todo, outcomes, stop), daemon=True
        )
        for _ in range(min(count, len(chunks)))
    ]
    for thread in threads:
        thread.start()
    try:
        following = 0  # the chunk to yield next
        while following < len(chunks):
            if following in done:
                yield from done.pop(following)
                following += 1
                continue
            if outcomes.empty() and not any(t.is_alive() for t in threads):
                # every worker failed: what they left undone is analysed here
                done[following] = _here(task, chunks[following], options, finished)
                continue
            try:
                index, outcome = outcomes.get(timeout=0.1)
            except queue.Empty:
                continue
            if isinstance(outcome, BaseException):
                raise outcome
            done[index] = outcome
            if finished is not None and finished(len(outcome)) is False:
                raise Cancelled("cancelled")
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def _here(
    task: str, items: Sequence[Any], options: dict[str, Any], finished: FinishedCallback | None
) -> list[Any]:
    results = []
    for item in items:
        results.append(run_task(task, item, options))
        if finished is not None and finished(1) is False:
            raise Cancelled("cancelled")
    return results


def _feed_worker(
    task: str,
    options: dict[str, Any],
    chunks: list[list[Any]],
    todo: queue.SimpleQueue[int],
    outcomes: queue.SimpleQueue[tuple[int, list[Any] | BaseException]],
    stop: threading.Event,
) -> None:
    """Run one worker process: send it chunks from `todo` until none is left.

    A worker that cannot start or dies puts its chunk back and stops; an exception raised by
    the analysis in the worker is handed to the calling thread."""
    process = _take_started() or _start_worker()
    if process is None:
        return
    assert process.stdin is not None and process.stdout is not None
    index: int | None = None
    try:
        write_frame(process.stdin, (task, options))
        while True:
            try:
                index = None if stop.is_set() else todo.get_nowait()
            except queue.Empty:
                break
            if index is None:
                break
            write_frame(process.stdin, chunks[index])
            kind, payload = read_frame(process.stdout)
            if kind == "error":
                error, where = payload
                error.add_note(f"raised in an analysis worker:\n{where}")
                outcomes.put((index, error))
                index = None
                break
            outcomes.put((index, payload))
            index = None
    except Exception:  # noqa: BLE001 - the worker is gone or garbled: this chunk and the
        pass  # rest are analysed by the calling thread
    finally:
        if index is not None:
            todo.put(index)
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        process.wait()


def _start_worker() -> subprocess.Popen[bytes] | None:
    """A new worker process, or None when none can be started here."""
    try:
        return subprocess.Popen(
            # -P: the current folder is not put on sys.path (a researcher's random.py or
            # string.py beside the corpus must not be run by the workers)
            [sys.executable, "-P", "-c", _WORKER_CODE, _PACKAGE_ROOT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # a failing worker is replaced, never shown to the user
        )
    except (OSError, ValueError, TypeError):  # no Python to start here
        return None


_started: list[subprocess.Popen[bytes]] = []  # started early, not yet taken by a run
_started_lock = threading.Lock()


def _take_started() -> subprocess.Popen[bytes] | None:
    with _started_lock:
        return _started.pop() if _started else None


@contextlib.contextmanager
def workers_started_early(workers: int | None = None) -> Iterator[None]:
    """Start the worker processes at once, for runs inside this block that will need them.

    A worker takes about 0.15 s to load the analysis: started while the caller still reads
    its input, it is ready when the first chunk comes. Runs inside the block take these
    workers before starting any; those left untaken are stopped when the block ends."""
    count = workers or worker_count()
    mine: list[subprocess.Popen[bytes]] = []
    if count > 1 and not getattr(sys, "frozen", False):
        for _ in range(count):
            process = _start_worker()
            if process is None:
                break
            mine.append(process)
        with _started_lock:
            _started.extend(mine)
    try:
        yield
    finally:
        with _started_lock:
            unused = [p for p in mine if p in _started]
            _started[:] = [p for p in _started if p not in unused]
        for process in unused:
            for stream in (process.stdin, process.stdout):
                with contextlib.suppress(OSError):
                    if stream is not None:
                        stream.close()
            process.wait()


def write_frame(stream: IO[bytes], value: Any) -> None:
    """One pickled value, preceded by its length (8 bytes, big-endian)."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:
    """The value `write_frame` wrote; EOFError when the stream ends first."""
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError("the stream ended")
    size = int.from_bytes(header, "big")
    if size > MAX_FRAME_BYTES:
        raise EOFError("not a frame (garbled stream)")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the stream ended inside a frame")
    return pickle.loads(data)
