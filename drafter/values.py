"""Parse one typed value the way a clerk writes it, for the validator and the wizard alike.

Each kind has one parser: raw YAML or typed text in, a typed value out, plus notes
on what was normalized (full-width digits, 万, stray spaces). A value that cannot
be read raises ``ValueRefused`` with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec

from .lazyregex import LazyPattern

_NUMBER = re.compile(r"^(?P<num>\d+(?:\.\d+)?)(?P<scale>万|亿)?(?P<qual>余|多|以上|左右)?(?P<pct>%)?$")
_DATE = LazyPattern(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
SCALES = {"万": 10_000, "亿": 100_000_000}
MAX_DIGITS = 15  # no figure in a county report has more; longer ones are typing accidents


class ValueRefused(ValueError):
    """The value cannot be read as its kind; ``message`` says why in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Number(msgspec.Struct, frozen=True):
    """A reported number with an optional qualifier such as 余 (400余场次) or 以上."""

    value: int | Decimal
    qualifier: str = ""
    scale: str = ""  # 万 or 亿 when the clerk wrote 80.63万: kept for the text
    unit_scale: str = ""  # 万 or 亿 when the field's unit already holds it (万件): ``value`` is in 万件

    def __str__(self) -> str:
        if self.scale:
            full = Decimal(self.value) * SCALES.get(self.unit_scale, 1)
            return format_number(plain_number(full / SCALES[self.scale])) + self.scale + self.qualifier
        return format_number(self.value) + self.qualifier

    def to_yaml(self) -> int | float | str:
        """Return the value as it is written back into the report YAML."""
        if self.qualifier or self.scale:
            return str(self)
        if isinstance(self.value, int):
            return self.value
        as_float = float(self.value)
        return as_float if Decimal(repr(as_float)) == self.value else format_number(self.value)


def scale_of(value: Any) -> str:
    """Return the magnitude word a number was written with beyond its field's unit (万 of 80.63万 in a
    件 field), '' when it is written in the field's unit."""
    return value.scale if isinstance(value, Number) and value.scale and not value.unit_scale else ""


def unit_scale(unit: str) -> str:
    """Return the magnitude word a unit starts with: 万件 → 万, 亿元 → 亿, 件 → ''."""
    return unit[0] if unit[:1] in SCALES and len(unit) > 1 else ""


def in_unit(value: Any, unit: str) -> Any:
    """Return a parsed number counted in ``unit``: 16.76万 in a 万件 field is 16.76, not 167600.

    A clerk who writes 16.76万 into a field whose unit is 万件 means 16.76万件; the
    value is kept in the field's own unit (so sums, comparisons and rules agree with
    plain 16.76) and still written back as 16.76万.
    """
    magnitude = unit_scale(unit)
    if not isinstance(value, Number) or not value.scale or not magnitude:
        return value
    return Number(plain_number(Decimal(value.value) / SCALES[magnitude]), value.qualifier, value.scale,
                  magnitude)


def parse_in_unit(kind: str, unit: str, raw: Any, role: str = "") -> Parsed:
    """Parse ``raw`` as ``kind`` and count it in ``unit`` (see ``in_unit``): the one place a value
    typed, imported or written in a file is cleaned, for the wizard, import and check alike.

    A number may carry the field's own unit (``66件`` where 件 is shown, as ``2025年`` may);
    a field playing ``role`` gets that role's cleaning (a 发文字号's year in 〔〕).
    """
    unit_written = isinstance(raw, str) and kind in NUMERIC_KINDS and _without_unit(raw, unit)
    parsed = PARSERS[kind](unit_written or raw)
    if unit_written:
        parsed = Parsed(parsed.value, (f"已把“{raw.strip()}”按 {parsed.value} 处理（单位不必写）",))
    if role in ROLE_CLEANERS and isinstance(parsed.value, str):
        parsed = ROLE_CLEANERS[role](parsed.value)
    value = in_unit(parsed.value, unit)
    if value is parsed.value:
        return parsed
    # 16.76万 in a 万件 field needs no note: it is read exactly as written
    return Parsed(value, tuple(n for n in parsed.notes if not n.endswith(f"写作“{parsed.value}”")))


def _without_unit(text: str, unit: str) -> str:
    """Return typed ``text`` without ``unit`` written after the number (``66件`` → ``66``), else ''."""
    folded = normalize_text(text)
    if not unit or not folded.endswith(unit) or len(folded) == len(unit):
        return ""
    return folded[: -len(unit)]


_BRACKETED_YEAR = LazyPattern(r"[\[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]")


# GB/T 9704 7.2.4: the serial number takes no 第 and no leading zeros (不编虚位): 第3号, 03号 → 3号
_PADDED_SERIAL = LazyPattern(r"(〕)\s*第?\s*0*(\d+)\s*号$")


def fold_doc_number(text: str) -> str:
    """Return a 发文字号 as GB/T 9704 writes it: the year in 六角括号 (灵政函[2022]6号 → 灵政函〔2022〕6号),
    the serial number without 第 or leading zeros (〔2026〕第03号 → 〔2026〕3号)."""
    folded = _BRACKETED_YEAR.sub(lambda m: f"〔{m.group(1)}〕", text.strip())
    return _PADDED_SERIAL.sub(lambda m: f"{m.group(1)}{int(m.group(2))}号", folded)


def _clean_doc_number(text: str) -> Parsed:
    folded = fold_doc_number(text)
    return Parsed(folded, (f"已把“{text}”写作“{folded}”（年份用六角括号〔〕，顺序号不加“第”字、不编虚位）",)
                  if folded != text else ())


# How the value of a field playing a role (``report: roles:`` of the structure) is cleaned.
ROLE_CLEANERS: dict[str, Callable[[str], Parsed]] = {"doc_number": _clean_doc_number}


TRAILING_QUALIFIERS = ("以上", "左右")  # written after the unit: 10件以上, 99%以上; 余/多 before it


def number_with_unit(number: Any, unit: str) -> str:
    """Return a number and its unit as a report writes them: one magnitude word (16.76万 + 万件 →
    16.76万件), 余/多 before the unit (400余场次), 以上/左右 after it (10件以上, 99%以上)."""
    text = str(number)
    if not isinstance(number, Number):
        return text + unit
    if number.scale and unit_scale(unit):
        unit = unit[1:]
    if number.qualifier in TRAILING_QUALIFIERS:
        return text[: -len(number.qualifier)] + unit + number.qualifier
    return text + unit


def format_number(value: int | Decimal) -> str:
    """Return ``value`` in plain Arabic digits, without trailing zeros (84.80 → 84.8)."""
    if isinstance(value, int):
        return str(value)
    return format(value.normalize(), "f")


class Parsed(msgspec.Struct, frozen=True):
    """A parsed value and the notes on what was normalized on the way."""

    value: Any
    notes: tuple[str, ...] = ()


def normalize_text(text: str) -> str:
    """Return ``text`` with full-width digits, letters and signs folded to half-width, no spaces."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s,，]", "", folded)


def parse_number(raw: Any, *, integer: bool, allow_percent: bool = False) -> Parsed:
    """Parse a count (``integer``) or an amount/percentage from YAML or typed text."""
    if isinstance(raw, bool):
        raise ValueRefused("这里应填数字，不能填“是/否”")
    if isinstance(raw, (list, dict)):
        shape = "列表" if isinstance(raw, list) else "多个字段"
        raise ValueRefused(f"这里应填一个数字，不能是{shape}")
    if isinstance(raw, int):
        return Parsed(_check_sign(Number(_check_size(raw))))
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueRefused(f"“{raw}”不是数字；请只填阿拉伯数字，如 66、99.2")
        number = _check_size(Decimal(str(raw)))
        return Parsed(_check_sign(_from_decimal(number, "", integer, str(raw))))
    if isinstance(raw, (dt.date, dt.datetime)):
        raise ValueRefused("这里应填数字，不能填日期")
    text = str(raw).strip()
    _check_commas(text)
    normalized = normalize_text(text).replace("％", "%")
    notes: list[str] = []
    if normalized.startswith("-") and _NUMBER.match(normalized[1:]):
        raise ValueRefused(f"“{text}”是负数，数量不能小于 0")
    match = _NUMBER.match(re.sub(r"%(余|多|以上|左右)$", r"\1%", normalized))  # 99%以上
    if not match:
        raise ValueRefused(f"“{text}”不是数字；请只填阿拉伯数字，如 66"
                           + ("（这一项是数量，不带小数）" if integer else "、99.2 或 16.76"))
    if match["pct"] and not allow_percent:
        raise ValueRefused(f"“{text}”带了百分号，这一项不是百分比")
    number = Decimal(match["num"])
    if match["scale"]:
        number *= SCALES[match["scale"]]
    _check_size(number)
    if normalized.rstrip("%") != text.rstrip("%") and not match["scale"]:
        notes.append(f"已把“{text}”按 {normalized.rstrip('%')} 处理")
    parsed = _from_decimal(number, match["qual"] or "", integer, text)
    if match["scale"]:
        parsed = Number(parsed.value, parsed.qualifier, match["scale"])
        notes.append(f"已把“{text}”按 {format_number(parsed.value)} 核对，报告中写作“{parsed}”")
    return Parsed(parsed, tuple(notes))


_COMMA_IN_NUMBER = LazyPattern(r"\d[,，]+\d")
_GROUPED = LazyPattern(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?")
_NUMBER_PART = LazyPattern(r"[\d,，.\s]*")


def _check_commas(text: str) -> None:
    """Refuse a comma inside a number that is no thousands separator (3,5 or 99,6: a typo or a
    decimal comma), which dropping the commas would read as 35 or 996."""
    if not any(comma in text for comma in ",，﹐"):  # the commas NFKC folds to ","; most numbers have none
        return
    folded = unicodedata.normalize("NFKC", text)
    if not _COMMA_IN_NUMBER.search(folded):
        return
    if _GROUPED.fullmatch(_NUMBER_PART.match(folded).group()):
        return
    raise ValueRefused(f"“{text}”中的逗号位置不对：千分位逗号应每三位一个（如 1,234），小数请用小数点（如 99.6）")


def plain_number(number: Decimal) -> int | Decimal:
    """Return a whole ``number`` as an int, any other normalized (2.50 → 2.5, 3.0 → 3)."""
    return int(number) if number == number.to_integral_value() else number.normalize()


_DIGITS = "零一二三四五六七八九"


_PLACES = ("千", "百", "十", "")
_GROUPS = ("", "万", "亿", "万亿")


def cn_ordinal(n: int) -> str:
    """Return 1 → 一, 10 → 十, 12 → 十二, 101 → 一百零一, 10000 → 一万 (for 一、 and （一） numbering).

    Any count a document can have is written; ``n`` must be a positive integer below 10¹⁶.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0 or n >= 10 ** 16:
        raise ValueError(f"cn() 只能用于 1 到 10¹⁶ 之间的整数，这里是“{n}”")
    groups = []
    while n:
        n, group = divmod(n, 10_000)
        groups.append(group)
    text = ""
    zero = False  # a group or place skipped since the last one written: 一万零一
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero = bool(text)
            continue
        if text and (zero or group < 1000):
            text += "零"
        text += _group(group) + _GROUPS[index]
        zero = False
    return text[1:] if text.startswith("一十") else text


def _group(n: int) -> str:
    """Return 0 < n < 10000 in Chinese numerals: 1010 → 一千零一十, 5 → 五."""
    text = ""
    zero = False
    for digit, place in zip(f"{n:04d}", _PLACES, strict=True):
        if digit == "0":
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[int(digit)] + place
    return text


def _from_decimal(number: Decimal, qualifier: str, integer: bool, text: str) -> Number:
    value = plain_number(number)
    if integer and not isinstance(value, int):
        raise ValueRefused(f"“{text}”带小数，这一项是数量，应为整数")
    return Number(value, qualifier)


def _check_sign(number: Number) -> Number:
    if number.value < 0:
        raise ValueRefused(f"“{number}”是负数，数量不能小于 0")
    return number


def _check_size(number: int | Decimal) -> int | Decimal:
    if abs(number) >= 10 ** MAX_DIGITS:
        raise ValueRefused(f"这个数字超过了 {MAX_DIGITS} 位，不像是真实的数字；请核对")
    return number


def parse_count(raw: Any) -> Parsed:
    """Parse a count: a non-negative integer, optionally with 余/多/以上/左右."""
    return parse_number(raw, integer=True)


def parse_amount(raw: Any) -> Parsed:
    """Parse an amount: a non-negative number that may have decimals."""
    return parse_number(raw, integer=False)


def parse_percent(raw: Any) -> Parsed:
    """Parse a percentage such as 99.2, 99.2% or 99%以上 (100%以上 cannot be)."""
    parsed = parse_number(raw, integer=False, allow_percent=True)
    number = parsed.value
    if number.qualifier in ("以上", "余", "多") and number.value >= 100:
        raise ValueRefused(f"“{raw}”不成立：百分比最大是 100%；全部做到了就写 100")
    return parsed


def parse_year(raw: Any) -> Parsed:
    """Parse a year such as 2025 or 2025年."""
    typed = str(raw).strip() if isinstance(raw, str) else ""
    if isinstance(raw, str):
        raw = typed.removesuffix("年")
    parsed = parse_number(raw, integer=True)
    if parsed.value.qualifier:
        raise ValueRefused(f"“{parsed.value}”不是一个年份")
    year = int(parsed.value.value)
    # the note names what was typed (２０２５年), not what was left of it
    notes = (f"已把“{typed}”按 {year} 处理",) if parsed.notes and typed else parsed.notes
    return Parsed(year, notes)


def cn_date(value: dt.date) -> str:
    """Return 2026年1月8日: Arabic digits, year in full, no zero padding (GB/T 15835)."""
    return f"{value.year}年{value.month}月{value.day}日"


def parse_date(raw: Any) -> Parsed:
    """Parse a date: 2026-01-08, 2026年1月8日, 2026.1.8 or a YAML date."""
    if isinstance(raw, dt.datetime):
        return Parsed(raw.date())
    if isinstance(raw, dt.date):
        return Parsed(raw)
    if isinstance(raw, (list, dict, bool)) or raw is None:
        raise ValueRefused("这里应填一个日期，如 2026-01-08 或 2026年1月8日")
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    match = _DATE.match(text)
    if not match:
        raise ValueRefused(f"“{raw}”不是日期；请写成 2026-01-08 或 2026年1月8日")
    try:
        return Parsed(dt.date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:
        raise ValueRefused(f"“{raw}”不是一个存在的日期") from None


def parse_text(raw: Any) -> Parsed:
    """Parse a piece of text; numbers and dates are taken as their written form."""
    if isinstance(raw, (list, dict)):
        raise ValueRefused("这里应填一段文字，不能是列表或多个字段")
    if isinstance(raw, bool):
        raise ValueRefused("这里应填一段文字，不能填“是/否”（如确是文字，请加引号）")
    return Parsed(str(raw).strip())


_SEPARATORS = "、，,；;\n"
LIST_SEPARATORS = LazyPattern(f"[{_SEPARATORS}]+")  # between the names of a list written on one line
_OTHER_SEPARATOR = LazyPattern(r"[，,；;]")  # a separator that is not the list's own 、: said back to the clerk


def parse_list(raw: Any) -> Parsed:
    """Parse a list of names; a line of text is a list of the names it separates with 、，,；;
    (大同市人民政府,中共灵丘县委 is two recipients, not one with a half-width comma in it)."""
    if isinstance(raw, dict):
        raise ValueRefused("这里应填一个列表（每行“- 名称”），不能是多个字段")
    items = raw if isinstance(raw, list) else [raw]
    out = []
    notes = []
    for item in items:
        if isinstance(item, (list, dict)):
            raise ValueRefused("列表中的每一项应是一段文字")
        text = "" if item is None else str(item).strip()
        if not text:
            continue
        names = ([name.strip() for name in LIST_SEPARATORS.split(text) if name.strip()]
                 if any(sep in text for sep in _SEPARATORS) else [text])
        if len(names) > 1 and _OTHER_SEPARATOR.search(text):  # 、 and line breaks: as meant
            notes.append(f"已把“{text}”按 {len(names)} 项处理：{'、'.join(names)}")
        out.extend(names)
    return Parsed(out, tuple(notes))


PARSERS: dict[str, Callable[[Any], Parsed]] = {
    "count": parse_count,
    "amount": parse_amount,
    "percent": parse_percent,
    "date": parse_date,
    "year": parse_year,
    "text": parse_text,
    "choice": parse_text,
    "list": parse_list,
}
NUMERIC_KINDS = frozenset({"count", "amount", "percent"})


def is_empty(raw: Any) -> bool:
    """Return whether ``raw`` means 'not reported': absent, empty, or an empty list."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list):
        return all(is_empty(item) for item in raw)
    return False


def numeric(value: Any) -> Decimal | None:
    """Return the number inside a parsed value, or None for non-numbers."""
    if isinstance(value, Number):
        return Decimal(value.value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return None


__all__ = ["Number", "SCALES", "scale_of", "in_unit", "parse_in_unit", "number_with_unit", "unit_scale", "Parsed", "ValueRefused",
           "PARSERS", "NUMERIC_KINDS",
           "is_empty", "numeric", "format_number", "normalize_text", "InvalidOperation"]
