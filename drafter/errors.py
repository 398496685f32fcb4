"""The error family: every error a user can cause, located by file, line and field.

Constructors take keyword arguments and do no I/O; only ``cli.py`` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a problem sits: a file, a 1-based line (0 when unknown) and a field label."""

    file: Path | None = None
    line: int = 0
    field: str = ""

    def prefix(self) -> str:
        """Return ``file:line: 字段: `` for the start of a message line."""
        parts = []
        if self.file is not None:
            parts.append(f"{self.file}:{self.line}" if self.line else str(self.file))
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + (": " if parts else "")


class DrafterError(Exception):
    """Base of every error drafter reports to a user; ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str, *, file: Path | str | None = None, line: int = 0,
                 field: str = "", problems: list | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = Location(Path(file) if file is not None else None, line, field)
        self.problems = problems or []

    def __str__(self) -> str:
        return self.location.prefix() + self.message


class UnreadableFileError(DrafterError):
    """The file cannot be read as YAML at all (missing, encoding, syntax, bombs)."""

    exit_code = 2


class StructureError(DrafterError):
    """A template set's structure, layout or text templates are wrong; ``problems`` lists all."""

    exit_code = 2


class ReportInvalidError(DrafterError):
    """A report file has errors; ``problems`` holds every one of them."""


class OutputError(DrafterError):
    """The output file could not be written; the previous file is untouched."""

    exit_code = 3
