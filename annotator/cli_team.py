"""Team-work commands (agreement, formats, adjudication): registered onto the main CLI.

Commands: `speaker-proposals`, `merge-speakers`, `agreement`, `adjudicate`, `export-as`,
`import-as`, `stats-csv`. Each takes `--db PATH`; errors are one line on stderr (exit 2; 1 when
an import was refused).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click


def _count(
    store: Any, statuses: Sequence[str], article_ids: Sequence[int], annotators: Sequence[str]
) -> int:
    """How many annotations `export-as` writes with these filters (as its exporters choose)."""
    where = [f"status IN ({','.join('?' * len(statuses))})"]
    params: list[Any] = [*statuses]
    if article_ids:
        where.append(f"article_id IN ({','.join('?' * len(article_ids))})")
        params.extend(article_ids)
    if annotators:
        where.append(f"annotator IN ({','.join('?' * len(annotators))})")
        params.extend(annotators)
    sql = f"SELECT count(*) AS n FROM annotations WHERE {' AND '.join(where)}"
    return int(store.query(sql, params)[0]["n"])


def register(cli: click.Group) -> None:
    """Add this module's commands to the `annotator` command group."""
    from annotator.cli import EXIT_REFUSED, UserError, db_option, open_for_reading, open_store
    from annotator.core.store import StoreError

    # --- speakers ------------------------------------------------------------------------------
    @cli.command("speaker-proposals")
    @db_option
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    def speaker_proposals_command(db_path: Path | None, as_json: bool) -> None:
        """List registry speakers that look like the same person (after merging other
        annotators' work). Nothing is merged: confirm each with `annotator merge-speakers`."""
        from annotator.core.team import speaker_proposals

        with open_for_reading(db_path) as store:
            proposals = speaker_proposals(store)
        if as_json:
            click.echo(
                json.dumps(
                    [
                        {
                            "keep": {"id": p.keep.id, "name": p.keep.name},
                            "other": {"id": p.other.id, "name": p.other.name},
                            "reason": p.reason,
                        }
                        for p in proposals
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        if not proposals:
            click.echo("no speakers look alike")
            return
        for p in proposals:
            click.echo(
                f"{p.keep.name} (#{p.keep.id}, {p.keep.annotation_count}) ~ "
                f"{p.other.name} (#{p.other.id}, {p.other.annotation_count}): {p.reason}\n"
                f"    annotator merge-speakers {p.keep.id} {p.other.id}"
            )
        click.echo(f"{len(proposals)} proposal(s); nothing was merged")

    @cli.command("merge-speakers")
    @db_option
    @click.argument("keep_id", type=int)
    @click.argument("other_id", type=int)
    def merge_speakers_command(db_path: Path | None, keep_id: int, other_id: int) -> None:
        """Fold speaker OTHER_ID into KEEP_ID: its annotations move to KEEP_ID, its name and
        aliases become aliases of KEEP_ID."""
        with open_store(db_path) as store:
            try:
                other = store.get_speaker(other_id)
                store.merge_speakers(keep_id, other_id)
                keep = store.get_speaker(keep_id)
            except StoreError as error:
                raise UserError(str(error)) from None
        aliases = ", ".join(keep.aliases) or "none"
        click.echo(
            f"merged {other.name} (#{other_id}) into {keep.name} (#{keep_id}); aliases: {aliases}"
        )

    # --- agreement -----------------------------------------------------------------------------
    @cli.command("agreement")
    @db_option
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @click.option("--article", "article_ids", type=int, multiple=True, help="Only these ids.")
    @click.option(
        "--annotators",
        default=None,
        help="Comma-separated annotators (default: all but the suggester and gold).",
    )
    @click.option(
        "--threshold",
        type=click.FloatRange(0, 1, min_open=True),
        default=0.5,
        show_default=True,
        help="Overlap matching: share of both spans that must overlap.",
    )
    @click.option("--project-only", is_flag=True, help="Leave out the per-article tables.")
    def agreement_command(
        db_path: Path | None,
        as_json: bool,
        article_ids: tuple[int, ...],
        annotators: str | None,
        threshold: float,
        project_only: bool,
    ) -> None:
        """Inter-annotator agreement on accepted annotations, per article and over the project:
        quote spans (F1 exact/overlap, unitizing alpha), speakers (kappa), claim categories
        (kappa, Krippendorff's alpha, Gwet's AC1)."""
        from annotator.core.agreement_report import agreement_report, format_report

        names = [n.strip() for n in annotators.split(",") if n.strip()] if annotators else None
        with open_for_reading(db_path) as store:
            try:
                report = agreement_report(
                    store,
                    list(article_ids) or None,
                    names,
                    threshold=threshold,
                    per_article=not project_only,
                )
            except StoreError as error:
                raise UserError(str(error)) from None
        if as_json:
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(format_report(report), nl=False)

    # --- adjudication --------------------------------------------------------------------------
    @cli.command("adjudicate")
    @db_option
    @click.argument("article_id", type=int)
    @click.option("--take", "take", default=None, help="Make this annotator's version gold.")
    @click.option(
        "--item",
        "items",
        type=int,
        multiple=True,
        help="Copy this annotation (id) into the gold layer; repeatable.",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the side-by-side view as JSON.")
    def adjudicate_command(
        db_path: Path | None,
        article_id: int,
        take: str | None,
        items: tuple[int, ...],
        as_json: bool,
    ) -> None:
        """Show each annotator's version of ARTICLE_ID side by side, or write the gold layer
        (annotator "gold") with --take ANNOTATOR and/or --item ID."""
        from annotator.core import adjudication as adj

        writing = bool(take or items)
        opener = open_store if writing else open_for_reading
        with opener(db_path) as store:
            try:
                store.get_article(article_id)
                if take:
                    adj.take_version(store, article_id, take)
                    click.echo(f"gold layer of article {article_id} is now {take}'s version")
                for item in items:
                    if store.get_annotation(item).article_id != article_id:
                        raise UserError(f"annotation {item} is not in article {article_id}")
                    copy, _ = adj.adjudicate_item(store, item)
                    click.echo(f"annotation {item} copied into the gold layer as {copy.id}")
                rows = adj.side_by_side(store, article_id)
            except StoreError as error:
                raise UserError(str(error)) from None
        if as_json:
            click.echo(json.dumps(adj.rows_as_dicts(rows), ensure_ascii=False, indent=2))
            return
        if not writing:
            click.echo(_side_by_side_text(rows))

    # --- formats -------------------------------------------------------------------------------
    from annotator.core.formats import EXPORT_FORMATS, FOLDER_FORMATS, IMPORT_FORMATS

    @cli.command("export-as")
    @db_option
    @click.argument("format_name", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
    @click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        required=True,
        help="File to write (a folder for csv and brat).",
    )
    @click.option("--article", "article_ids", type=int, multiple=True, help="Only these ids.")
    @click.option(
        "--annotator",
        "annotators",
        multiple=True,
        help="Only this annotator's annotations (repeatable; `gold` for the adjudicated set).",
    )
    @click.option(
        "--all-statuses", is_flag=True, help="Include suggested and rejected spans as well."
    )
    def export_as_command(
        db_path: Path | None,
        format_name: str,
        output: Path,
        article_ids: tuple[int, ...],
        annotators: tuple[str, ...],
        all_statuses: bool,
    ) -> None:
        """Export accepted annotations as FORMAT: json, jsonl, csv, brat, w3c, doccano,
        labelstudio, qdpx, graphml (see README, "Formats")."""
        from annotator.core.formats import FormatError, exporters

        if format_name not in FOLDER_FORMATS and output.is_dir():
            raise UserError(f"{output}: is a folder; {format_name} writes a file")
        if format_name in FOLDER_FORMATS and output.exists() and not output.is_dir():
            raise UserError(f"{output}: is a file; {format_name} writes into a folder")
        statuses = ("accepted", "suggested", "rejected") if all_statuses else ("accepted",)
        with open_for_reading(db_path) as store:
            known = set(store.annotators())
            for name in annotators:
                if name not in known:
                    click.echo(f"warning: no annotations by {name!r} in the project", err=True)
            try:
                written = exporters()[format_name](
                    store,
                    output,
                    list(article_ids) or None,
                    list(annotators) or None,
                    statuses,
                )
            except (FormatError, StoreError) as error:
                raise UserError(str(error)) from None
            except OSError as error:
                raise UserError(f"{output}: cannot write ({error.strerror})") from None
            exported = _count(store, statuses, article_ids, annotators)
            left_out = 0 if all_statuses else _count(store, ("suggested",), article_ids, annotators)
        for path in written:
            click.echo(f"wrote {path}", err=True)
        if not exported:  # an empty file is not an error, but never a silent one
            what = "annotations" if all_statuses else "accepted annotations"
            hint = (
                " (suggestions are left out; add --all-statuses to include them)"
                if left_out
                else ""
            )
            click.echo(f"0 {what} exported{hint}", err=True)

    @cli.command("import-as")
    @db_option
    @click.argument("format_name", metavar="FORMAT", type=click.Choice(IMPORT_FORMATS))
    @click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option(
        "--annotator", default=None, help="Record every imported annotation under this name."
    )
    @click.option(
        "--utf16-offsets",
        is_flag=True,
        help="doccano: offsets count UTF-16 code units (JavaScript), not code points.",
    )
    def import_as_command(
        db_path: Path | None,
        format_name: str,
        paths: tuple[Path, ...],
        annotator: str | None,
        utf16_offsets: bool,
    ) -> None:
        """Import annotations in FORMAT (jsonl, brat, doccano, labelstudio); each PATH is one
        transaction (brat: a folder or .ann files). Articles match by their text; other
        annotators' work is kept side by side. Native JSON exports: `annotator import`."""
        from annotator.core.formats import FormatError, importers

        function = importers()[format_name]
        refused = 0
        imported = 0
        with open_store(db_path) as store:
            for path in paths:
                if not path.exists():
                    click.echo(f"refused: {path}: no such file or folder", err=True)
                    refused += 1
                    continue
                options = {"utf16": True} if utf16_offsets and format_name == "doccano" else {}
                try:
                    report = function(store, path, annotator=annotator, **options)
                except (FormatError, StoreError) as error:
                    click.echo(f"refused: {_refusal(path, error)}", err=True)
                    refused += 1
                    continue
                for warning in report.warnings:
                    click.echo(f"warning: {warning}", err=True)
                imported += len(report.imported)
                click.echo(
                    f"{path}: {len(report.imported)} new article(s), "
                    f"{len(report.duplicates)} already in the project, "
                    f"{len(report.changes.annotations)} annotation(s) added"
                )
            total = store.count_articles()
        click.echo(
            f"imported {imported}, refused {refused}; the project now holds {total} article(s)"
        )
        if refused:
            sys.exit(EXIT_REFUSED)

    # --- statistics ----------------------------------------------------------------------------
    @cli.command("stats-csv")
    @db_option
    @click.option(
        "-o",
        "--output",
        type=click.Path(file_okay=False, path_type=Path),
        required=True,
        help="Folder to write the CSV files into (created if needed).",
    )
    def stats_csv_command(db_path: Path | None, output: Path) -> None:
        """Write the counts of `annotator stats` as CSV files (per status, speaker, category,
        outlet, month, and annotations by kind and status)."""
        from annotator.core.team import write_stats_csv

        with open_for_reading(db_path) as store:
            try:
                written = write_stats_csv(store, output)
            except OSError as error:
                raise UserError(f"{output}: cannot write ({error.strerror})") from None
        for path in written:
            click.echo(f"wrote {path}", err=True)


def _refusal(path: Path, error: Exception) -> str:
    """Why the input `path` was refused, on one line naming the file once: `FILE: problem`
    (a store refusal comes as `refused: problem`, a format refusal already names the file)."""
    message = str(error).replace("\r", " ").replace("\n", " ").removeprefix("refused: ")
    return message if message.startswith(str(path)) else f"{path}: {message}"


def _side_by_side_text(rows: list) -> str:
    """The adjudication view: one block per aligned row, one line per annotator."""
    if not rows:
        return "no accepted annotations in this article"
    lines = []
    names = list(rows[0].versions)
    width = max(len(n) for n in names)
    for row in rows:
        mark = "agreed" if row.agreed else "differs"
        lines.append(f"{row.kind} {row.start}-{row.end} ({mark})")
        for name, items in row.versions.items():
            if not items:
                lines.append(f"  {name.ljust(width)}  —")
            for a in items:
                label = (
                    f"speaker {a.speaker_name or '?'}, {a.quote_type or 'direct'}"
                    if a.kind == "quote"
                    else f"category {a.category_key or '?'}"
                )
                snippet = " ".join(a.text.split())
                snippet = snippet if len(snippet) <= 60 else snippet[:57] + "…"
                lines.append(
                    f"  {name.ljust(width)}  #{a.id} {a.start}-{a.end} {label}: “{snippet}”"
                )
    return "\n".join(lines)
