"""Operations commands (backups, restore, integrity checks, benchmarks): registered onto the CLI."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add this module's commands to the `annotator` command group."""
