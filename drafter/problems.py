"""Problems found in a file: data, never printed here."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import msgspec


class Level(str, Enum):
    """How serious a problem is: errors stop a render, warnings do not."""

    ERROR = "错误"
    WARNING = "警告"


class Problem(msgspec.Struct, frozen=True):
    """One problem: what is wrong, where, and how serious."""

    level: Level
    message: str
    file: Path | None = None
    line: int = 0
    field: str = ""
    cell: str = ""  # ``工作表!单元格`` for a problem in an Excel workbook; then ``line`` only orders

    def format(self) -> str:
        """Return the problem as ``file:line: 字段: message`` (``file:工作表!单元格: …`` in a workbook)."""
        head = f"{self.file}:{self.cell or self.line}" if self.cell or self.line else f"{self.file}"
        parts = [head] if self.file is not None else []
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


def errors(problems: list[Problem]) -> list[Problem]:
    """Return only the errors of ``problems``."""
    return [p for p in problems if p.level is Level.ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    """Return only the warnings of ``problems``."""
    return [p for p in problems if p.level is Level.WARNING]
