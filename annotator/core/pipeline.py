"""From text to what the project stores about it: metadata, excluded ranges, sentences and
suggestions. `annotator analyze` prints `analysis_document(analyze_text(text))`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.core.analysis_types import Analysis
from annotator.core.metadata import detect_metadata
from annotator.core.segment import segment
from annotator.core.suggest import KnownSpeaker, suggest


def analyze_text(
    text: str, *, known_speakers: Sequence[KnownSpeaker] = (), with_suggestions: bool = True
) -> Analysis:
    """Detect metadata, boilerplate, sentences and (optionally) quote and claim suggestions."""
    detected = detect_metadata(text)
    excluded = [(r.start, r.end, r.reason) for r in detected.excluded]
    sentences = segment(text)
    metadata = {
        "title": detected.title,
        "outlet": detected.outlet,
        "place": detected.place,
        "date": detected.date.isoformat() if detected.date else None,
        "language": detected.language,
    }
    suggestions: list[dict[str, Any]] = []
    if with_suggestions:
        suggestions = suggest(
            text,
            sentences,
            excluded,
            language=detected.language,
            known_speakers=known_speakers,
        )
    return Analysis(text, metadata, excluded, sentences, suggestions)


def analysis_document(analysis: Analysis) -> dict[str, Any]:
    """The JSON document `annotator analyze` prints (documented in README.md)."""
    return {
        "text": analysis.text,
        "metadata": analysis.metadata,
        "excluded": [{"start": s, "end": e, "reason": r} for s, e, r in analysis.excluded],
        "sentences": [{"start": s, "end": e} for s, e in analysis.sentences],
        "suggestions": analysis.suggestions,
    }
