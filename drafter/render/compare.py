"""Year-over-year comparisons (同比) of one figure, in the words the reports use."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..values import SCALES, Number, format_number, numeric, plain_number, scale_of


def _exact(current: Any, previous: Any) -> bool:
    """Whether the two years' figures can be subtracted: neither is approximate (400余, 99%以上) and both
    are written to the same magnitude (1.2万 against 10544 would print a difference nobody counted)."""
    def qualifier(value: Any) -> str:
        return value.qualifier if isinstance(value, Number) else ""

    return not qualifier(current) and not qualifier(previous) and scale_of(current) == scale_of(previous)


def _plain(number: Decimal) -> str:
    return format_number(plain_number(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)))


def change_text(current: Any, previous: Any, unit: str, kind: str) -> str:
    """Return 同比增加12件 / 同比减少998次 / 与上年持平 (percentages: 提高1.2个百分点); '' without data."""
    now, before = numeric(current), numeric(previous)
    if now is None or before is None or not _exact(current, previous):
        return ""
    diff = now - before
    if diff == 0:
        return "与上年持平"
    if kind == "percent":
        word = "提高" if diff > 0 else "降低"
        return f"同比{word}{_plain(abs(diff))}个百分点"
    word = "增加" if diff > 0 else "减少"
    scale = scale_of(current)
    if scale:  # 16.76万 against 15.2万: 同比增加1.56万件, in the words the figures are written in
        return f"同比{word}{_plain(abs(diff) / SCALES[scale])}{scale}{unit}"
    return f"同比{word}{_plain(abs(diff))}{unit}"


def change_percent_text(current: Any, previous: Any, kind: str) -> str:
    """Return 同比增长12.5% / 同比下降23.7% / 与上年持平; '' when it cannot be computed."""
    now, before = numeric(current), numeric(previous)
    if now is None or before is None or kind == "percent" or before == 0 or not _exact(current, previous):
        return ""
    ratio = (now - before) / before * 100
    ratio = ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if ratio == 0:
        return "与上年持平"
    word = "增长" if ratio > 0 else "下降"
    return f"同比{word}{format_number(plain_number(abs(ratio)))}%"
