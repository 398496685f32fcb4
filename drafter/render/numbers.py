"""Numbers and dates as GB/T 15835 wants them in official documents, and Chinese ordinals."""

from __future__ import annotations

import re

from ..values import cn_date

__all__ = ["cn_date", "cn_ordinal", "doc_number"]

_DIGITS = "零一二三四五六七八九"


def cn_ordinal(n: int) -> str:
    """Return 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for 一、 and （一） numbering)."""
    if n <= 0 or n >= 100:
        raise ValueError(f"ordinal out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


_BRACKETED_YEAR = re.compile(r"[\[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]")


def doc_number(text: str) -> str:
    """Return a 发文字号 with its year in 六角括号: 灵政函[2022]6号 → 灵政函〔2022〕6号."""
    return _BRACKETED_YEAR.sub(lambda m: f"〔{m.group(1)}〕", text.strip())
