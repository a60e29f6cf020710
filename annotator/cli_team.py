"""Team-work commands (agreement, formats, adjudication): registered onto the main CLI."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add this module's commands to the `annotator` command group."""
