"""Locating the bundled resources and samples, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parent.parent


def _bundled(package: str, checkout_dir: str) -> Path:
    try:
        module = __import__(f"annotator.{package}", fromlist=["__file__"])
        if getattr(module, "__file__", None):
            return Path(module.__file__).resolve().parent
        return Path(next(iter(module.__path__))).resolve()
    except ImportError:
        return _REPO_ROOT / checkout_dir


def resources_dir() -> Path:
    """The folder holding `resources/` (cue lists, taxonomy, JSON Schema, icons)."""
    return _bundled("_resources", "resources")


def samples_dir() -> Path:
    """The folder holding the bundled sample articles and their gold annotations."""
    return _bundled("_samples", "samples")


def resource(*parts: str) -> Path:
    """Path of one bundled resource file; raises FileNotFoundError naming it when missing."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {'/'.join(parts)} (looked in {path})")
    return path
