"""What the analysis takes and gives, apart from the analysis itself: `KnownSpeaker` (a
speaker of the project's registry) and `Analysis` (everything found in one text).

An import hands the first to its worker processes and receives the second from them: this
module is all the importing process loads for that, never the analysis (its word lists and
patterns, ~0.1 s) when the workers do all of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class KnownSpeaker:
    """A speaker of the project's registry: canonical ``name`` and other ways to write it."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """Everything detected in one text; every offset indexes into `text`."""

    text: str
    metadata: dict[str, Any]
    excluded: list[tuple[int, int, str]]
    sentences: list[tuple[int, int]]
    suggestions: list[dict[str, Any]] = field(default_factory=list)
