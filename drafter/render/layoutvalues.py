"""Parse one value of a layout file: Chinese type sizes, lengths, colours, alignments.

Each parser returns the value in the unit the layout keeps (millimetres, points)
or raises ``Bad`` with a message for the clerk; ``layout.py`` adds the file and line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from ..lazyregex import LazyPattern

MM_PER_PT = 25.4 / 72

# Chinese type sizes (字号) in points.
SIZE_NAMES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
    "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
    "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}
_DIGIT_NAMES = dict(zip("12345678", "一二三四五六七八", strict=True))
_COLOR_NAMES = {"红色": "FF0000", "红": "FF0000", "red": "FF0000",
                "黑色": "000000", "黑": "000000", "black": "000000"}
_ALIGN_NAMES = {"right": "right", "居右": "right", "右": "right",
                "left": "left", "居左": "left", "左": "left",
                "center": "center", "居中": "center", "中": "center"}
_LENGTH = LazyPattern(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(mm|毫米|cm|厘米|pt|磅)?\s*$", re.IGNORECASE)
_UNIT_TO_MM = {None: 1.0, "mm": 1.0, "毫米": 1.0, "cm": 10.0, "厘米": 10.0,
               "pt": MM_PER_PT, "磅": MM_PER_PT}
_SIZE_PT = LazyPattern(r"^\s*(\d+(?:\.\d+)?)\s*(pt|磅)\s*$", re.IGNORECASE)
_AUTO = {"auto", "自动"}


def font_size(value: Any) -> float:
    """Return the size in points of a Chinese size name ("三号", "3号", "小四") or "16pt"; raise ValueError."""
    if isinstance(value, bool) or isinstance(value, (int, float)):
        example = f"{value}pt" if 1 <= value <= 200 else "16pt"  # 0pt would be refused in turn
        raise ValueError(f"字号“{value}”没有写单位：请写中文字号如“3号”，或写磅值如“{example}”")
    text = str(value).strip().replace(" ", "")
    match = _SIZE_PT.match(text)
    if match:
        size = float(match.group(1))
        if not 1 <= size <= 200:
            raise ValueError(f"字号“{value}”不合理，应在 1～200 磅之间")
        return size
    name = text
    small = name.startswith("小")
    if small:
        name = name[1:]
    name = name.removesuffix("号")
    name = _DIGIT_NAMES.get(name, name)
    key = ("小" if small else "") + name + ("" if small else "号")
    if key in SIZE_NAMES:
        return SIZE_NAMES[key]
    raise ValueError(f"不认识字号“{value}”；可用的字号有：{'、'.join(SIZE_NAMES)}（也可写 2号、"
                     "小4号），或写磅值如 16pt")


class Bad(Exception):
    """A value refused by a parser; the message is shown to the user."""


Parser = Callable[[Any], Any]


def to_number(value: Any) -> float:
    """Return ``value`` as a float; booleans, text and infinities are refused."""
    if isinstance(value, bool):
        raise Bad(f"“{value}”不是数字")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise Bad(f"“{value}”不是有效的数字")
        return float(value)
    try:
        number = float(str(value).strip())
    except ValueError:
        raise Bad(f"“{value}”不是数字") from None
    if not math.isfinite(number):  # "nan", "inf", "1e999" are what float() accepts, not numbers
        raise Bad(f"“{value}”不是有效的数字")
    return number


def length(low: float, high: float) -> Parser:
    """A length: a bare number in mm, or with mm/cm/pt; returned in mm."""
    def parse(value: Any) -> float:
        if isinstance(value, bool):
            raise Bad(f"“{value}”不是长度")
        if isinstance(value, (int, float)):
            mm = to_number(value)
        else:
            match = _LENGTH.match(str(value))
            if not match:
                raise Bad(f"“{value}”不是长度：请写数字（毫米），或带单位如 37mm、10pt")
            unit = match.group(2).lower() if match.group(2) else None
            mm = float(match.group(1)) * _UNIT_TO_MM[unit]
        if mm < 0:
            raise Bad(f"“{value}”是负数，长度不能是负数")
        if not low <= mm <= high:
            raise Bad(f"“{value}”超出范围：应在 {fmt(low)}～{fmt(high)} 毫米之间"
                       "（不写单位的数字按毫米算，磅请写 pt）")
        return mm
    return parse


def points(low_pt: float, high_pt: float, *, signed: bool = False) -> Parser:
    """A length returned in points (bare numbers still mean mm); ``signed`` allows negatives."""
    def parse(value: Any) -> float:
        if isinstance(value, bool):
            raise Bad(f"“{value}”不是长度")
        if isinstance(value, (int, float)):
            pt = to_number(value) / MM_PER_PT
        else:
            match = _LENGTH.match(str(value))
            if not match:
                raise Bad(f"“{value}”不是长度：请写带单位的值如 1pt、0.35mm")
            unit = match.group(2).lower() if match.group(2) else None
            pt = float(match.group(1)) * _UNIT_TO_MM[unit] / MM_PER_PT
        if pt < 0 and not signed:
            raise Bad(f"“{value}”是负数，这里不能是负数")
        if not low_pt <= pt <= high_pt:
            raise Bad(f"“{value}”超出范围：应在 {fmt(low_pt)}～{fmt(high_pt)} 磅之间"
                       "（不写单位的数字按毫米算，磅请写 pt）")
        return pt
    return parse


def count(low: int, high: int) -> Parser:
    def parse(value: Any) -> int:
        number = to_number(value)
        if number < 0:
            raise Bad(f"“{value}”是负数，这里应是 {low}～{high} 之间的整数")
        if number != int(number) or not low <= number <= high:
            raise Bad(f"“{value}”应是 {low}～{high} 之间的整数")
        return int(number)
    return parse


def chars(high: float) -> Parser:
    def parse(value: Any) -> float:
        number = to_number(value)
        if number < 0:
            raise Bad(f"“{value}”是负数，空的字数不能是负数")
        if number > high:
            raise Bad(f"“{value}”太大，应在 0～{fmt(high)} 个字之间")
        return number
    return parse


def auto_or(parser: Parser) -> Parser:
    def parse(value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in _AUTO:
            return None
        return parser(value)
    return parse


def size(value: Any) -> float:
    try:
        return font_size(value)
    except ValueError as exc:
        raise Bad(str(exc)) from None


def families(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise Bad("字体应写成字体名称的列表，如 [仿宋_GB2312, 仿宋, FangSong]")
        names.append(item.strip())
    if not names:
        raise Bad("至少要写一个字体")
    return tuple(names)


def color(value: Any) -> str:
    text = str(value).strip()
    if text.lower() in _COLOR_NAMES:
        return _COLOR_NAMES[text.lower()]
    hex_text = text.removeprefix("#")
    if re.fullmatch(r"[0-9A-Fa-f]{6}", hex_text):
        return hex_text.upper()
    raise Bad(f"不认识颜色“{value}”：请写 红色、黑色，或六位十六进制色值如 \"#FF0000\"（要加引号）")


def align(value: Any) -> str:
    text = str(value).strip().lower()
    if text in _ALIGN_NAMES:
        return _ALIGN_NAMES[text]
    raise Bad(f"不认识位置“{value}”：请写 right（居右）、left（居左）或 center（居中）")


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Bad(f"“{value}”应写 true（是）或 false（否）")


def page_format(value: Any) -> tuple[str, str]:
    text = str(value)
    if text.count("{n}") != 1:
        raise Bad(f"页码格式“{value}”里要有且只有一个 {{n}}（页码数字的位置），如 \"— {{n}} —\"")
    prefix, suffix = text.split("{n}")
    return prefix, suffix


def text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise Bad("这里应是一段文字")
    return "" if value is None else str(value)


def version(value: Any) -> int:
    if value != 1 or isinstance(value, bool):
        raise Bad(f"不支持版式文件版本“{value}”，目前只有版本 1")
    return 1


def fmt(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")
