"""Consistency rules between figures: one small function per rule, keyed by its name.

The structure file names a rule and its arguments; each rule yields findings
(the figure to blame and a Chinese message). The validator attaches file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import msgspec

from .values import Number, cn_date, format_number, numeric

RATE_TOLERANCE = Decimal("0.5")


class Finding(msgspec.Struct, frozen=True):
    """A broken rule: which field to point at, and why."""

    field: str
    message: str
    level: str | None = None  # overrides the rule's level for this finding


class Facts:
    """What a rule may look at: parsed values, the labels and units of the fields, and which
    field plays which role (``report: roles`` of the structure: role → field key)."""

    def __init__(self, values: Mapping[str, Any], labels: Mapping[str, str],
                 units: Mapping[str, str], roles: Mapping[str, str] | None = None) -> None:
        self.values = values
        self.labels = labels
        self.units = units
        self.roles = roles or {}

    def of_role(self, role: str) -> Any:
        """Return the value of the field playing ``role`` (None when no field plays it or it is empty)."""
        key = self.roles.get(role)
        return self.values.get(key) if key else None

    def number(self, key: str) -> Decimal | None:
        """Return the number of ``key``, or None when it was not reported."""
        return numeric(self.values.get(key))

    def show(self, key: str) -> str:
        """Return ``label（value unit）`` for a message."""
        value = self.values.get(key)
        unit = "%" if self.units.get(key) == "%" else self.units.get(key, "")
        return f"“{self.labels[key]}”（{value}{unit}）"


RuleCheck = Callable[[Mapping[str, Any], Facts], Iterator[Finding]]


class RuleKind(msgspec.Struct, frozen=True):
    """A kind of validation rule (part_of, rate…): its name, the arguments it takes, which of them
    name fields, the field roles it reads besides them (``report: roles``), and its check."""

    name: str
    description: str
    field_args: tuple[str, ...]
    list_args: tuple[str, ...]
    check: RuleCheck
    default_level: str = "error"
    roles: tuple[str, ...] = ()


def _part_of(args: Mapping[str, Any], facts: Facts) -> Iterator[Finding]:
    part, whole = facts.number(args["part"]), facts.number(args["whole"])
    if part is None or whole is None or part <= whole:
        return
    if args.get("level") == "warning":
        # a warning: the figures may well be right, and the rule's reason says when
        reason = str(args.get("reason") or "").rstrip("。")
        yield Finding(args["part"], f"{facts.show(args['part'])}大于{facts.show(args['whole'])}"
                      + (f"：{reason}。请核对" if reason else "，请核对"))
    else:
        yield Finding(args["part"], f"{facts.show(args['part'])}不能大于{facts.show(args['whole'])}")


def _sum_within(args: Mapping[str, Any], facts: Facts) -> Iterator[Finding]:
    whole = facts.number(args["whole"])
    present = [key for key in args["parts"] if facts.number(key) is not None]
    if not present:
        return
    if whole is None and args.get("needs_whole"):
        listed = "、".join(f"“{facts.labels[key]}”" for key in present)
        yield Finding(present[0], f"填了{listed}，但没有填总数“{facts.labels[args['whole']]}”；"
                      "分项在报告中跟在总数后面（“其中……”），没有总数就不会写出", level="warning")
    if whole is None:
        return
    total = sum((facts.number(key) or Decimal(0) for key in present), Decimal(0))
    if total > whole:
        listed = "、".join(facts.show(key) for key in present)
        yield Finding(args["whole"], f"{listed}合计 {format_number(total)}，"
                      f"超过了{facts.show(args['whole'])}")


def _rate(args: Mapping[str, Any], facts: Facts) -> Iterator[Finding]:
    yield from _rate_of(args, facts)
    stated = facts.number(args["rate"])
    part, whole = facts.number(args["part"]), facts.number(args["whole"])
    if stated is None or part is None or whole is None or whole == 0:
        return
    computed = part / whole * 100
    rate_value = facts.values.get(args["rate"])
    qualifier = rate_value.qualifier if isinstance(rate_value, Number) else ""
    if qualifier == "以上" and computed >= stated:
        return
    tolerance = Decimal(str(args.get("tolerance", RATE_TOLERANCE)))
    if abs(computed - stated) > tolerance:
        yield Finding(args["rate"], (
            f"填的是 {rate_value}%，但按{facts.show(args['part'])}÷{facts.show(args['whole'])}"
            f"计算是 {computed.quantize(Decimal('0.1'))}%，相差超过 {tolerance} 个百分点"))


def _rate_of(args: Mapping[str, Any], facts: Facts) -> Iterator[Finding]:
    if facts.number(args["rate"]) is not None and facts.number(args["whole"]) == 0:
        yield Finding(args["rate"], f"“{facts.labels[args['whole']]}”为 0，{facts.show(args['rate'])}无从算起，"
                      "报告中不写这个比率；请核对这两个数字", level="warning")


def _after_year(args: Mapping[str, Any], facts: Facts) -> Iterator[Finding]:
    date, year = facts.values.get(args["field"]), facts.of_role("year")
    if isinstance(date, dt.date) and isinstance(year, int) and date.year <= year:
        yield Finding(args["field"], f"{cn_date(date)} 不在报告年度"
                      f"（{year}年）之后；年度报告应在次年成文")


def _not_before(args: Mapping[str, Any], facts: Facts) -> Iterator[Finding]:
    later, earlier = facts.values.get(args["field"]), facts.values.get(args["earlier"])
    if isinstance(later, dt.date) and isinstance(earlier, dt.date) and later < earlier:
        yield Finding(args["field"], f"{cn_date(later)} 早于“{facts.labels[args['earlier']]}”{cn_date(earlier)}")


RULES: dict[str, RuleKind] = {spec.name: spec for spec in (
    RuleKind("part_of", "部分不能大于总数", ("part", "whole"), (), _part_of),
    RuleKind("sum_within", "各项之和不能大于总数", ("whole",), ("parts",), _sum_within),
    RuleKind("rate", "比率应与数字算出的结果一致", ("rate", "part", "whole"), (), _rate,
             default_level="warning"),
    RuleKind("rate_of", "总数为 0 时不填比率（报告中也不写）", ("rate", "whole"), (), _rate_of,
             default_level="warning"),
    RuleKind("after_year", "日期应在报告年度之后", ("field",), (), _after_year, roles=("year",)),
    RuleKind("not_before", "日期不能早于另一个日期", ("field", "earlier"), (), _not_before),
)}
