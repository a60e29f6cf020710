"""Parsing untrusted JSON: every failure, including absurd nesting, is a JSONDecodeError."""

from __future__ import annotations

import json
from typing import Any


def loads(text: str) -> Any:
    """`json.loads`, but input nested too deeply for Python's parser (a RecursionError) is
    reported as a JSONDecodeError like any other malformed input."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text[:100], 0) from None
