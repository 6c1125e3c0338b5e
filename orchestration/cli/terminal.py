"""Terminal output shared by the commands."""

from __future__ import annotations


def shown(path: str) -> str:
    """A path for the terminal: as is when printable, else quoted with escapes (a newline in a name stays visible)."""
    return path if path.isprintable() else repr(path)
