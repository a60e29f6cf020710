"""The `annotator` command: the desktop app with no subcommand, and headless subcommands.

Every subcommand takes `--db PATH` (default: `annotator.core.store.default_db_path()`, which
`ANNOTATOR_DB` overrides). Errors are one line on stderr, prefixed `annotator:`, with a non-zero
exit status; set ANNOTATOR_DEBUG=1 to see a traceback for an unexpected one.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from annotator import __version__
from annotator.core.reading import InputError
from annotator.core.store import Store, StoreError, default_db_path

EXIT_REFUSED = 1
EXIT_ERROR = 2


class UserError(click.ClickException):
    """An error the user can act on: printed as one line, exit status 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"annotator: {self.format_message()}", err=True)


def db_option(function: Callable) -> Callable:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Project file (default: $ANNOTATOR_DB or the per-user data location).",
    )(function)


def given_db(db_path: Path | None) -> Path | None:
    """A command's own --db, else the one given before the command (`annotator --db FILE
    import ...`), else None."""
    if db_path is None:
        context = click.get_current_context(silent=True)
        if context is not None:
            db_path = (context.find_root().obj or {}).get("db_path")
    return db_path


def project_path(db_path: Path | None) -> Path:
    """The project a command works on: `given_db`, else $ANNOTATOR_DB or the per-user
    default."""
    return (given_db(db_path) or default_db_path()).expanduser()


def open_store(db_path: Path | None, *, readonly: bool = False) -> Store:
    try:
        return Store.open(project_path(db_path), readonly=readonly)
    except StoreError as error:
        raise UserError(str(error)) from None


def open_for_reading(db_path: Path | None) -> Store:
    """The project for a command that only reads: read-only when the file exists (a new
    default project is created, as any command would)."""
    return open_store(db_path, readonly=project_path(db_path).exists())


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.version_option(__version__, prog_name="annotator")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """Annotate quotes, speakers and claims in news articles.

    With no command, opens the desktop app on the project (the default one, --db FILE, or a
    PROJECT.db given as the only argument).
    """
    ctx.obj = {"db_path": db_path}
    if ctx.invoked_subcommand is None:
        ctx.exit(_run_gui(db_path))


def _run_gui(db_path: Path | None) -> int:
    try:
        from annotator.gui.app import run_app
    except ImportError as error:
        raise UserError(f"the desktop app cannot start: {error}") from None
    return run_app(str(db_path) if db_path else None)


@cli.command()
@db_option
def gui(db_path: Path | None) -> None:
    """Open the desktop app."""
    sys.exit(_run_gui(given_db(db_path)))


class _AnalysisProgressLine:
    """One self-overwriting line on a terminal: articles analysed in the current input."""

    def __init__(self) -> None:
        self.shown = False
        self.width = 0

    def __call__(self, done: int, total: int, source: str) -> None:
        if total >= 64 and (done == total or done % 64 == 0):
            line = f"analysing {Path(source).name}: {done:,} of {total:,} articles"
            click.echo("\r" + line.ljust(self.width), nl=False, err=True)  # covers a longer one
            self.width = max(self.width, len(line))
            self.shown = True

    def end(self) -> None:
        if self.shown:
            click.echo("", err=True)


@cli.command("import")
@db_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--encoding",
    "fallback_encoding",
    default=None,
    help="Fallback encoding for .txt files that are not UTF-8/UTF-16 (e.g. cp1252); warns.",
)
@click.option(
    "--no-suggestions",
    "no_suggestions",
    is_flag=True,
    help="Store the articles without quote and claim suggestions (blind coding; "
    "`annotator suggest` adds them later).",
)
@click.option("--quiet", is_flag=True, help="Print only the summary line.")
def import_command(
    db_path: Path | None,
    paths: Sequence[Path],
    fallback_encoding: str | None,
    no_suggestions: bool,
    quiet: bool,
) -> None:
    """Import articles: .txt files, folders (recursively), JSONL and JSON exports.

    Exit status 1 if any input was refused; each refused input leaves nothing behind.
    Large inputs are analysed on every core (set ANNOTATOR_WORKERS to choose how many).
    """
    progress_line = _AnalysisProgressLine()
    with open_store(db_path) as store:
        try:
            report = store.import_paths(
                paths,
                fallback_encoding=fallback_encoding,
                suggest=not no_suggestions,
                analysis_progress=progress_line if not quiet and sys.stderr.isatty() else None,
            )
        finally:
            progress_line.end()  # an error message starts on a line of its own
        total = store.count_articles()
    if not quiet:
        if report.duplicates:
            click.echo(_duplicates_line(report.duplicates))
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
    for source, reason in report.refused:
        where = "" if reason.startswith(source) else f"{source}: "
        click.echo(f"refused: {where}{reason}", err=True)
    click.echo(
        f"imported {len(report.imported)}, skipped {len(report.duplicates)} duplicate(s), "
        f"refused {len(report.refused)}; the project now holds {total} article(s)"
    )
    if report.refused:
        sys.exit(EXIT_REFUSED)


DUPLICATES_SHOWN = 3
"""How many duplicates `annotator import` names before "and N more"."""


def _duplicates_line(duplicates: Sequence[str]) -> str:
    """One line for the inputs skipped as already in the project (re-importing an export of
    the project skips every article: one line, not one per article)."""
    if len(duplicates) == 1:
        return f"skipped (already in the project): {duplicates[0]}"
    names = ", ".join(duplicates[:DUPLICATES_SHOWN])
    more = len(duplicates) - DUPLICATES_SHOWN
    rest = f" and {more} more" if more > 0 else ""
    return f"skipped {len(duplicates)} (already in the project): {names}{rest}"


@cli.command()
@db_option
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["json"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@click.option("--article", "article_ids", type=int, multiple=True, help="Export only these ids.")
@click.option("--accepted-only", is_flag=True, help="Leave out suggested and rejected spans.")
def export(
    db_path: Path | None,
    format_name: str,
    output: Path | None,
    article_ids: tuple[int, ...],
    accepted_only: bool,
) -> None:
    """Export annotations as versioned JSON (see README: "The JSON export")."""
    from annotator.core.export_json import DEFAULT_STATUSES, write_export

    with open_for_reading(db_path) as store:
        known = set(store.article_ids())
        missing = [i for i in article_ids if i not in known]
        if missing:
            raise UserError(f"no article with id {', '.join(map(str, missing))} in the project")
        statuses = ("accepted",) if accepted_only else DEFAULT_STATUSES
        chosen = list(article_ids) or None
        if output is None:
            write_export(store, sys.stdout, chosen, statuses=statuses)
            return
        # A file is written beside its final name and renamed at the end, so a failed export
        # never leaves half a document; a pipe or a device is written to as it is.
        special = output.exists() and not output.is_file()
        partial = output if special else output.with_name(output.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as handle:
                count = write_export(store, handle, chosen, statuses=statuses)
            if not special:
                partial.replace(output)
        except OSError as error:
            if not special:
                partial.unlink(missing_ok=True)
            raise UserError(f"{output}: cannot write ({error.strerror})") from None
    click.echo(f"wrote {count} article(s) to {output}", err=True)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--status", type=click.Choice(["new", "in_progress", "done"]), default=None)
@click.option("--search", default=None, help="Full-text search over titles and text.")
def articles(db_path: Path | None, as_json: bool, status: str | None, search: str | None) -> None:
    """List articles with their status and annotation counts."""
    with open_for_reading(db_path) as store:
        summaries = store.article_summaries(store.article_ids(status=status, search=search))
    if as_json:
        click.echo(json.dumps([s._asdict() for s in summaries], ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{'id':>5}  {'status':<11} {'quotes':>6} {'claims':>6} {'sugg.':>5}  "
        f"{'date':<10}  {'outlet':<18} title"
    )
    for s in summaries:
        click.echo(
            f"{s.id:>5}  {s.status:<11} {s.quote_count:>6} {s.claim_count:>6} "
            f"{s.suggestion_count:>5}  {s.published or '':<10}  {(s.outlet or '')[:18]:<18} "
            f"{(s.title or '')[:70]}"
        )
    click.echo(f"{len(summaries)} article(s)")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(db_path: Path | None, as_json: bool) -> None:
    """Counts per status, speaker, category, outlet and month."""
    with open_for_reading(db_path) as store:
        numbers = store.stats()
    if as_json:
        click.echo(json.dumps(numbers, ensure_ascii=False, indent=2))
        return
    click.echo(f"articles: {numbers['articles']}")
    pending = {  # suggestions count nowhere but in "annotations": say so beside the sections
        "quotes_by_speaker": numbers["annotations"].get("quote:suggested", 0),
        "claims_by_category": numbers["annotations"].get("claim:suggested", 0),
    }
    for section, values in numbers.items():
        if isinstance(values, dict):
            waiting = pending.get(section, 0)
            noun = "suggestion" if waiting == 1 else "suggestions"
            note = f" (accepted only; {waiting} {noun} pending)" if waiting else ""
            click.echo(f"\n{section.replace('_', ' ')}{note}:")
            for key, count in values.items():
                click.echo(f"  {count:>6}  {key}")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--no-suggestions", is_flag=True, help="Skip quote and claim suggestions.")
@click.option(
    "--encoding", "fallback_encoding", default=None, help="Fallback encoding for non-UTF text."
)
def analyze(file: Path, no_suggestions: bool, fallback_encoding: str | None) -> None:
    """Print what the importer would store for FILE, as JSON; touches no database."""
    from annotator.core.pipeline import analysis_document, analyze_text
    from annotator.core.reading import read_text_file

    try:
        source = read_text_file(file, fallback_encoding=fallback_encoding)
    except InputError as error:
        raise UserError(str(error)) from None
    for warning in source.warnings:
        click.echo(f"warning: {file}: {warning}", err=True)
    analysis = analyze_text(source.text, with_suggestions=not no_suggestions)
    click.echo(json.dumps(analysis_document(analysis), ensure_ascii=False, indent=2))


@cli.command()
@db_option
@click.option("--article", "article_ids", type=int, multiple=True, help="Only these articles.")
def suggest(db_path: Path | None, article_ids: tuple[int, ...]) -> None:
    """Run the quote and claim suggester again (after cue lists or speakers changed).

    Accepted and rejected suggestions are never brought back.
    """
    with open_store(db_path) as store:
        chosen = list(dict.fromkeys(article_ids))
        store.resuggest(chosen or None)
        every = store.article_ids()
        pending = sum(s.suggestion_count for s in store.article_summaries(chosen or every))
        total = sum(s.suggestion_count for s in store.article_summaries(every)) if chosen else 0
    if not chosen:
        click.echo(f"re-ran suggestions on {len(every)} article(s); {pending} pending")
        return
    click.echo(  # the pending count of the articles it ran on, the project's labelled as such
        f"re-ran suggestions on {len(chosen)} article(s); {pending} pending in them "
        f"({total} in the whole project)"
    )


@cli.group()
def evaluate() -> None:
    """Measure segmentation and suggestions against the gold development set."""


def _gold(samples: Path | None) -> list[Any]:
    from annotator.core.gold import GoldError, load_gold_set

    try:
        return load_gold_set(samples)
    except GoldError as error:
        raise UserError(str(error)) from None


@evaluate.command("segmentation")
@click.option("--samples", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--errors", "show_errors", is_flag=True, help="List every missed/spurious boundary.")
def evaluate_segmentation_command(samples: Path | None, show_errors: bool) -> None:
    """Sentence-boundary precision, recall and F1 per language."""
    from annotator.core import eval_segmentation

    report = eval_segmentation.evaluate_segmentation(_gold(samples))
    click.echo(eval_segmentation.format_report(report, show_errors=show_errors))


@evaluate.command("suggestions")
@click.option("--samples", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--errors", "show_errors", is_flag=True, help="List every miss and false alarm.")
def evaluate_suggestions_command(samples: Path | None, show_errors: bool) -> None:
    """Quote P/R/F1 (direct, indirect), speaker accuracy and claim agreement per language."""
    from annotator.core import eval_suggestions

    gold = _gold(samples)
    report = eval_suggestions.evaluate_suggestions(gold)
    click.echo(eval_suggestions.format_report(report, errors=show_errors))


@evaluate.command("speed")
@click.option("--samples", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--repeats", type=click.IntRange(1, 50), default=5, show_default=True)
def evaluate_speed_command(samples: Path | None, repeats: int) -> None:
    """Articles per second of `analyze` (metadata, sentences, suggestions) over the samples."""
    import time

    from annotator.core import eval_suggestions
    from annotator.core.pipeline import analyze_text

    gold = _gold(samples)
    words = sum(len(a.text.split()) for a in gold)
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        for article in gold:
            analyze_text(article.text)
        best = min(best, time.perf_counter() - began)
    suggest_only = eval_suggestions.benchmark(gold, repeats=repeats)
    click.echo(
        f"analyze (metadata + sentences + suggestions): {len(gold) / best:.0f} articles/s, "
        f"{best * 1000 * 600 / words:.1f} ms per 600 words ({len(gold)} articles, {words} words, "
        f"best of {repeats})"
    )
    click.echo(
        f"suggestions alone: {suggest_only.articles_per_second:.0f} articles/s, "
        f"{suggest_only.ms_per_600_words:.1f} ms per 600 words"
    )


@cli.command()
@db_option
@click.option("--proposals", is_flag=True, help="List speakers that look like one person.")
@click.pass_context
def speakers(ctx: click.Context, db_path: Path | None, proposals: bool) -> None:
    """List the speaker registry with aliases and counts."""
    if proposals:
        ctx.invoke(cli.commands["speaker-proposals"], db_path=db_path, as_json=False)
        return
    with open_for_reading(db_path) as store:
        registry = store.speakers()
        for s in registry:
            aliases = f" (aka {', '.join(s.aliases)})" if s.aliases else ""
            role = f" — {s.role}" if s.role else ""
            click.echo(f"{s.id:>5}  {s.annotation_count:>4}  {s.name}{aliases}{role}")
        if not registry:
            waiting = store.stats()["annotations"].get("quote:suggested", 0)
            click.echo(_no_speakers_note(waiting), err=True)


def _no_speakers_note(waiting: int) -> str:
    """What `annotator speakers` says instead of nothing when the registry is empty."""
    if waiting:
        quotes = "1 suggested quote is" if waiting == 1 else f"{waiting} suggested quotes are"
        return (
            f"no speakers yet: {quotes} waiting; accepting them in the app (`annotator gui`) "
            "adds their speakers"
        )
    return (
        "no speakers yet: accepting quotes in the app (`annotator gui`) or importing an "
        "annotated export adds them"
    )


def _register_extensions() -> None:
    from annotator import cli_ops, cli_team

    cli_team.register(cli)
    cli_ops.register(cli)


_register_extensions()


def _with_db_shortcut(args: list[str]) -> list[str]:
    """`annotator PROJECT.db` opens that project: rewrite it as `--db PROJECT.db` (see
    `annotator.launch.names_a_project` for what counts as a project)."""
    from annotator.launch import names_a_project

    if len(args) == 1 and names_a_project(args[0]):
        return ["--db", args[0]]
    return args


EXIT_INTERRUPTED = 130  # 128 + SIGINT: what a shell reports for a command stopped by Ctrl-C


class _Interrupted(BaseException):
    """Ctrl-C during a command. Not a KeyboardInterrupt, which click would turn into
    "Aborted!" and exit status 1 (and which a prompt would take for an aborted answer)."""


def _on_interrupt(signum: int, frame: Any) -> None:
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is not None and widgets.QApplication.instance() is not None:
        raise KeyboardInterrupt  # the desktop app keeps Python's own behaviour
    raise _Interrupted


def _last_line(message: str, status: int) -> None:
    """`message` on a line of its own and exit: on a terminal the line may still hold the
    "^C" echo or an unanswered prompt."""
    newline = "\n" if sys.stderr is not None and sys.stderr.isatty() else ""
    click.echo(f"{newline}annotator: {message}", err=True)
    sys.exit(status)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: no traceback for the user, one line and a non-zero status.

    Click runs outside its standalone mode, so Ctrl-C is ours to report (one line, exit status
    130, like any program a shell stops) while usage errors, --help, click's own errors and
    the exit codes of commands behave as click makes them."""
    import signal
    import threading

    args = _with_db_shortcut(list(sys.argv[1:] if argv is None else argv))
    catch_interrupts = (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler  # not ignored (a
    )  # background job) nor taken over by whoever called main()
    if catch_interrupts:
        signal.signal(signal.SIGINT, _on_interrupt)
    try:
        try:
            status = cli.main(args=args, prog_name="annotator", standalone_mode=False)
        finally:
            if catch_interrupts:
                signal.signal(signal.SIGINT, signal.default_int_handler)
    except (_Interrupted, KeyboardInterrupt):
        _last_line("interrupted", EXIT_INTERRUPTED)
    except click.exceptions.Abort as error:  # a prompt's input ended, or a command gave up
        why = error.__cause__ or error.__context__
        if isinstance(why, KeyboardInterrupt):
            _last_line("interrupted", EXIT_INTERRUPTED)
        elif isinstance(why, EOFError):
            _last_line("aborted: the input ended before an answer was given", EXIT_REFUSED)
        _last_line("aborted", EXIT_REFUSED)
    except click.ClickException as error:  # usage errors (exit 2) and the commands' own
        error.show()
        sys.exit(error.exit_code)
    except (StoreError, InputError) as error:
        click.echo(f"annotator: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as error:  # the last line of defence: never a traceback for a user
        if os.environ.get("ANNOTATOR_DEBUG"):
            raise
        click.echo(
            f"annotator: unexpected error: {type(error).__name__}: {error} "
            "(set ANNOTATOR_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(EXIT_ERROR)
    # click returns the code of a ctx.exit(n) (--help, --version: 0), else what the command
    # returned, which in standalone mode never set the status either
    sys.exit(status if type(status) is int else 0)
