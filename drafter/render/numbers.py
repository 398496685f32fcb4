"""Numbers and dates as GB/T 15835 wants them in official documents, and Chinese ordinals."""

from __future__ import annotations

import re

from ..values import cn_date, cn_ordinal

__all__ = ["cn_date", "cn_ordinal", "doc_number"]


_BRACKETED_YEAR = re.compile(r"[\[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]")


def doc_number(text: str) -> str:
    """Return a 发文字号 with its year in 六角括号: 灵政函[2022]6号 → 灵政函〔2022〕6号."""
    return _BRACKETED_YEAR.sub(lambda m: f"〔{m.group(1)}〕", text.strip())
