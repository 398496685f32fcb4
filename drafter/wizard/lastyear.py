"""Last year's report (``--from 上年.yaml``): what carries over, and the figures shown beside the questions."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..datapath import field_values
from ..report import open_report
from ..templateset import TemplateSet, set_reference

# Metadata that does not change from one year to the next; offered as the answer.
CARRIED = ("issuer", "level", "recipients", "signer", "note", "copy_to", "printer", "red_header")


@dataclass
class LastYear:
    """Last year's values by field key (as written in its file), and its template set."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)
    template_set: TemplateSet | None = None

    def value(self, key: str) -> Any:
        """Return last year's value of ``key`` (None when absent or not reported)."""
        return self.values.get(key)

    def suggestion(self, key: str) -> Any:
        """Return the answer carried over for metadata field ``key``, or None."""
        if key == "year" and isinstance(self.values.get("year"), int):
            return self.values["year"] + 1
        if key in ("written_date", "print_date"):
            return _next_year(self.values.get(key))
        return self.values.get(key) if key in CARRIED else None


def _next_year(value: Any) -> dt.date | None:
    if not isinstance(value, dt.date):
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:  # 29 February
        return value.replace(year=value.year + 1, day=28)


def load_last_year(path: Path) -> LastYear:
    """Read last year's report file with its own template set."""
    opened = open_report(path)
    values = field_values(opened.structure, opened.loaded.data)
    return LastYear(path=path, values=values, template_set=opened.template_set)


def template_reference(template_set: TemplateSet, report_path: Path) -> str:
    """Return how the report file at ``report_path`` names ``template_set``: a bundled name or a relative folder."""
    return set_reference(template_set.path, report_path)


def file_reference(target: Path, report_path: Path) -> str:
    """Return ``target`` as written in the report file at ``report_path`` (relative when possible)."""
    try:
        return os.path.relpath(target.resolve(), report_path.resolve().parent)
    except ValueError:
        return str(target.resolve())
