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


def problem(error: json.JSONDecodeError, *, one_line: bool = False) -> str:
    """How every importer words a JSON syntax error: "not valid JSON (Expecting ',' delimiter
    at column 157)" for one JSON Lines record (`one_line`: the column counts from the start of
    that line), "not valid JSON (Expecting value at line 3, column 5)" for a whole document."""
    message = error.msg.removesuffix(" at")  # "Invalid control character at"
    if message == "nested too deeply":
        return "not valid JSON (nested too deeply)"
    if one_line and error.lineno == 1:
        return f"not valid JSON ({message} at column {error.colno})"
    return f"not valid JSON ({message} at line {error.lineno}, column {error.colno})"
