"""Chinese numerals before a unit, as published reports write them: 十二期, 两万余人次, 一百二十件.

``arabic_before_units`` rewrites such a numeral in Arabic digits (十二期 → 12期, 两万余人次 →
2万余人次) so that the figure patterns read it like any other number. A lone 一 is left alone:
“一件事”, “一批” are words, not counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = "零〇一二两三四五六七八九十百千"


def cn_to_int(text: str) -> int | None:
    """Return the value of a Chinese numeral below 10,000 (十二 → 12, 一百零五 → 105), or None."""
    if not text or any(ch not in _NUMERAL for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def arabic_before_units(sentence: str, units: Iterable[str]) -> str:
    """Return ``sentence`` with each Chinese numeral that stands before one of ``units`` in digits."""
    wanted = sorted({u for u in units if u}, key=len, reverse=True)
    if not wanted or not any(ch in sentence for ch in _NUMERAL):
        return sentence
    pattern = re.compile(rf"(?<![{_NUMERAL}\d])([{_NUMERAL}]+)(万|亿)?(余|多)?(?=(?:{'|'.join(map(re.escape, wanted))}))")

    def convert(match: re.Match[str]) -> str:
        numeral = match.group(1)
        value = cn_to_int(numeral)
        if value is None or numeral == "一" and not match.group(2) or value == 0:
            return match.group(0)
        return f"{value}{match.group(2) or ''}{match.group(3) or ''}"

    return pattern.sub(convert, sentence)
