"""Operations commands (backups, restore, salvage, integrity checks, benchmarks): registered
onto the CLI.

`backup`, `backups` and `restore` work on `<project stem>.backups/` beside the project (see
`annotator.core.backup`); `salvage` copies what is readable of a damaged project into a new
one (see `annotator.core.salvage`); `check` reports SQLite's integrity check and the span
invariant; `benchmark` measures import, export and search at scale (see
`annotator.core.benchmarks`). Every error is one line on stderr through `UserError` (exit
status 2); `salvage` exits with status 3 when some rows could not be recovered.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def register(cli: click.Group) -> None:
    """Add this module's commands to the `annotator` command group."""
    from annotator.cli import UserError, db_option, open_store, project_path
    from annotator.core import backup as backups_module

    folder_option = click.option(
        "--folder",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Backup folder (default: <project name>.backups beside the project).",
    )

    @cli.command("backup")
    @db_option
    @click.option(
        "--keep",
        type=click.IntRange(min=1),
        default=10,
        show_default=True,
        help="How many backups to keep (the oldest beyond are deleted).",
    )
    @folder_option
    def backup_command(db_path: Path | None, keep: int, folder: Path | None) -> None:
        """Back up the project now (SQLite's online backup: safe while the app is open)."""
        path = project_path(db_path)
        if not path.exists():
            raise UserError(f"{path}: no such project file")
        try:
            target = backups_module.backup_project(path, folder, keep=keep)
        except backups_module.BackupError as error:
            raise UserError(str(error)) from None
        kept = len(backups_module.list_backups(path, folder))
        click.echo(f"backed up {path} to {target} ({kept} backup(s) kept)")

    @cli.command("backups")
    @db_option
    @folder_option
    def backups_command(db_path: Path | None, folder: Path | None) -> None:
        """List the project's backups, oldest first."""
        path = project_path(db_path)
        found = backups_module.list_backups(path, folder)
        for item in found:
            stamp = item.created.strftime("%Y-%m-%d %H:%M:%S UTC")
            click.echo(f"{stamp}  {item.size / 1e6:>9.1f} MB  {item.path}")
        click.echo(f"{len(found)} backup(s) in {folder or backups_module.backup_folder(path)}")

    @cli.command("restore")
    @db_option
    @click.argument("backup", type=click.Path(dir_okay=False, path_type=Path))
    def restore_command(db_path: Path | None, backup: Path) -> None:
        """Replace the project with BACKUP (checked first); the current state is backed up."""
        path = project_path(db_path)
        try:
            saved = backups_module.restore_backup(backup, path)
        except backups_module.BackupError as error:
            raise UserError(str(error)) from None
        click.echo(f"restored {path} from {backup}")
        if saved is not None:
            click.echo(f"the previous state is saved as {saved}")

    @cli.command("salvage")
    @click.argument("damaged", type=click.Path(dir_okay=False, path_type=Path))
    @click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
    @click.option(
        "--ignore-wal",
        is_flag=True,
        help="Read DAMAGED alone, not its -wal or -journal file (by default a copy of both "
        "is read, so the last changes not yet folded into the file are recovered too).",
    )
    def salvage_command(damaged: Path, new: Path, ignore_wal: bool) -> None:
        """Copy every readable row of the damaged project DAMAGED into a new project NEW.

        DAMAGED is only read. NEW must not exist; it is written whole or not at all. Prints
        one line per table (rows recovered of rows there were) and a final line; exit status
        0 when everything was recovered, 3 when some rows were lost, 2 when it refused.
        """
        from annotator.core.salvage import EXIT_ROWS_LOST, SalvageError, salvage

        progress = sys.stderr is not None and sys.stderr.isatty()
        try:
            report = salvage(
                damaged,
                new,
                use_journal=not ignore_wal,
                log=(lambda line: click.echo(f"{line}…", err=True)) if progress else None,
            )
        except SalvageError as error:
            raise UserError(str(error)) from None
        for line in report.lines():
            click.echo(line)
        if not report.complete:
            sys.exit(EXIT_ROWS_LOST)

    @cli.command("check")
    @db_option
    def check_command(db_path: Path | None) -> None:
        """Check the project: SQLite integrity, foreign keys, and every span's text."""
        with open_store(db_path, readonly=True) as store:
            problems = [r["integrity_check"] for r in store.query("PRAGMA integrity_check")]
            problems = [p for p in problems if p != "ok"]
            problems += [
                f"foreign key: {r['table']} row {r['rowid']} -> {r['parent']}"
                for r in store.query("PRAGMA foreign_key_check")
            ]
            problems += [
                f"annotation {r['id']}: text does not match the article at {r['start']}-{r['end']}"
                for r in store.query(
                    'SELECT a.id, a.start, a."end" FROM annotations a JOIN articles r '
                    'ON r.id = a.article_id WHERE a."end" > length(r.text) '
                    'OR substr(r.text, a.start + 1, a."end" - a.start) != a.text'
                )
            ]
            counts = store.query_one(
                "SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM annotations) "
                "AS n"
            ) or {"a": 0, "n": 0}
            dated = store.query("SELECT id, published FROM articles WHERE published IS NOT NULL")
        from annotator.core.reading import calendar_problem

        for row in dated:  # stored by an earlier version: worth fixing, not damage
            problem = calendar_problem(row["published"])
            if problem is not None:
                click.echo(
                    f"note: article {row['id']}: published {row['published']} is not a day on "
                    f"the calendar ({problem}); correct it in the app's article header",
                    err=True,
                )
        for problem in problems[:50]:
            click.echo(f"problem: {problem}", err=True)
        if problems:
            raise UserError(f"{project_path(db_path)}: {len(problems)} problem(s) found")
        click.echo(f"ok: {counts['a']} article(s), {counts['n']} annotation(s), integrity ok")

    @cli.command("benchmark")
    @click.option(
        "--articles",
        type=click.IntRange(min=1),
        default=100_000,
        show_default=True,
        help="Articles in the synthetic corpus (export and search).",
    )
    @click.option(
        "--annotations",
        type=click.IntRange(min=0),
        default=1_000_000,
        show_default=True,
        help="Annotations in the synthetic corpus.",
    )
    @click.option(
        "--import-articles",
        type=click.IntRange(min=1),
        default=10_000,
        show_default=True,
        help="Articles imported through the real import path.",
    )
    @click.option(
        "--phase",
        "phases",
        type=click.Choice(["import", "export", "search"]),
        multiple=True,
        help="Run only these phases (default: all).",
    )
    @click.option(
        "--workdir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Keep the generated projects here (default: a temporary folder).",
    )
    @click.option("--profile", is_flag=True, help="Also print cProfile hot spots.")
    @click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
    def benchmark_command(
        articles: int,
        annotations: int,
        import_articles: int,
        phases: tuple[str, ...],
        workdir: Path | None,
        profile: bool,
        as_json: bool,
    ) -> None:
        """Measure import, export and full-text search speed against floors in the same run."""
        from annotator.core import benchmarks

        results = benchmarks.run_benchmarks(
            articles=articles,
            annotations=annotations,
            import_articles=import_articles,
            phases=phases or ("import", "export", "search"),
            workdir=workdir,
            profile=profile,
            log=lambda line: click.echo(line, err=True),
        )
        if as_json:
            click.echo(json.dumps(results, indent=2))
        else:
            click.echo(benchmarks.format_results(results))
