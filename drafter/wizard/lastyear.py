"""Last year's report (``--from 上年.yaml``): what carries over, and the figures shown beside the questions."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import msgspec

from ..datapath import field_values
from ..report import open_report
from ..structure import Field
from ..templateset import TemplateSet, set_reference


class LastYear(msgspec.Struct):
    """Last year's values by field key (as written in its file), its text by block, and its template set.

    ``items`` are the work items by block id (``measures.disputes``), ``texts`` the
    clerk's own ``heading`` and ``intro`` by (block id, key).
    """

    path: Path | None = None
    values: dict[str, Any] = msgspec.field(default_factory=dict)
    template_set: TemplateSet | None = None
    items: dict[str, list[str]] = msgspec.field(default_factory=dict)
    texts: dict[tuple[str, str], str] = msgspec.field(default_factory=dict)

    def value(self, key: str) -> Any:
        """Return last year's value of ``key`` (None when absent or not reported)."""
        return self.values.get(key)

    def text(self, block_id: str, key: str) -> str:
        """Return last year's own ``heading`` or ``intro`` of block ``block_id`` ("" when none)."""
        return self.texts.get((block_id, key), "")

    def suggestion(self, spec: Field) -> Any:
        """Return the answer carried over for field ``spec`` (declared ``carry``), or None.

        A year or a date moves on by one year; any other value is offered again as it was.
        """
        if not spec.carry:
            return None
        value = self.values.get(spec.key)
        if spec.kind == "year":
            return value + 1 if isinstance(value, int) and not isinstance(value, bool) else None
        if spec.kind == "date":
            return _next_year(value)
        return value


def _next_year(value: Any) -> dt.date | None:
    if not isinstance(value, dt.date):
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:  # 29 February
        return value.replace(year=value.year + 1, day=28)


def load_last_year(path: Path) -> LastYear:
    """Read last year's report file with its own template set."""
    opened = open_report(path, with_previous=False)  # only its own figures and text are offered
    values = field_values(opened.structure, opened.loaded.data)
    report = opened.report
    texts = {**{(block_id, "heading"): text for block_id, text in report.headings.items()},
             **{(block_id, "intro"): text for block_id, text in report.intros.items()}}
    items = {block_id: list(entries) for block_id, entries in report.items.items() if entries}
    return LastYear(path=path, values=values, template_set=opened.template_set, items=items,
                    texts=texts)


def template_reference(template_set: TemplateSet, report_path: Path) -> str:
    """Return how the report file at ``report_path`` names ``template_set``: a bundled name or a relative folder."""
    return set_reference(template_set.path, report_path)


def file_reference(target: Path, report_path: Path) -> str:
    """Return ``target`` as written in the report file at ``report_path`` (relative when possible)."""
    try:
        return os.path.relpath(target.resolve(), report_path.resolve().parent)
    except ValueError:
        return str(target.resolve())
