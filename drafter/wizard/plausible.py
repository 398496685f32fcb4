"""Answers that are allowed but unlikely, which the clerk confirms before they are kept.

A figure more than five times (or less than a fifth of) last year's, a 0 (which the
report leaves out, or words as the field's ``zero`` sentence), and a report year
that is neither last year nor this year. None of these is an error: ``drafter
check`` accepts them; the wizard only asks once whether the clerk meant it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..structure import Field, ReportType
from ..values import NUMERIC_KINDS, ValueRefused, is_empty, numeric, parse_in_unit

FACTOR = 5  # more than FACTOR times last year's figure, or less than its 1/FACTOR, is asked about


def doubts(spec: Field, value: Any, *, last_year: Any = None, report: ReportType | None = None,
           today: dt.date | None = None) -> list[str]:
    """Return the questions to put to the clerk about ``value`` (an answer of ``spec``); none when likely."""
    if is_empty(value):
        return []
    found: list[str] = []
    if report is not None and report.role_of(spec.key) == "year" and today is not None:
        found += _odd_year(value, today)
    if spec.kind not in NUMERIC_KINDS:
        return found
    number = _number(spec, value)
    if number is None:
        return found
    if number == 0:
        if report is not None and report.zeros_printed:
            return found
        said = f"报告会写“{spec.zero}”" if spec.zero else "报告不写 0，这一项会略去"
        return found + [f"确认是 0 吗？{said}；没有这项数字请直接回车"]
    last = _number(spec, last_year)
    if last:
        shown = f"上年是 {format(last.normalize(), 'f')}{spec.shown_unit}"
        if number > last * FACTOR:
            found.append(f"{spec.label}是上年的 {FACTOR} 倍以上（{shown}），确认没有多打一位吗？")
        elif number * FACTOR < last:
            found.append(f"{spec.label}不到上年的五分之一（{shown}），确认没有少打一位吗？")
    return found


def _odd_year(value: Any, today: dt.date) -> list[str]:
    year = value if isinstance(value, int) else None
    if year is None or year in (today.year - 1, today.year):
        return []
    return [f"报告年度是 {year} 年，不是去年（{today.year - 1}）也不是今年（{today.year}），确认吗？"]


def _number(spec: Field, value: Any) -> Decimal | None:
    if is_empty(value):
        return None
    try:
        return numeric(parse_in_unit(spec.kind, spec.unit, value).value)
    except ValueRefused:
        return None
