"""发文字号 as GB/T 9704 writes it. (Numbers, dates and Chinese ordinals have their one home in ``values``.)"""

from __future__ import annotations

import re

_BRACKETED_YEAR = re.compile(r"[\[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]")


def doc_number(text: str) -> str:
    """Return a 发文字号 with its year in 六角括号: 灵政函[2022]6号 → 灵政函〔2022〕6号."""
    return _BRACKETED_YEAR.sub(lambda m: f"〔{m.group(1)}〕", text.strip())
