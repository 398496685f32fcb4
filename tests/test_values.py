"""Parsing one value the way a clerk writes it: tables of accepted and refused inputs per kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from drafter.values import (
    MAX_DIGITS,
    PARSERS,
    Number,
    ValueRefused,
    format_number,
    is_empty,
    normalize_text,
    numeric,
    parse_amount,
    parse_count,
    parse_date,
    parse_list,
    parse_percent,
    parse_text,
    parse_year,
)

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# --- counts ---------------------------------------------------------------------------------

COUNTS = [
    # raw, value, qualifier, note (substring, "" for none)
    (12, 12, "", ""),
    (0, 0, "", ""),
    ("12", 12, "", ""),
    (" 12 ", 12, "", ""),
    ("0", 0, "", ""),
    (12.0, 12, "", ""),
    ("１２３", 123, "", "已把“１２３”按 123 处理"),
    ("1,234", 1234, "", "已把“1,234”按 1234 处理"),
    ("1，234", 1234, "", "按 1234 处理"),
    ("1 000", 1000, "", "按 1000 处理"),
    ("1.2万", 12000, "", "已把“1.2万”按 12000 核对，报告中写作“1.2万”"),
    ("１.２万", 12000, "", "按 12000 核对，报告中写作“1.2万”"),
    ("3万", 30000, "", "按 30000 核对"),
    ("1.2万余", 12000, "余", "按 12000 核对，报告中写作“1.2万余”"),
    ("2亿", 200_000_000, "", "按 200000000 核对"),
    ("400余", 400, "余", ""),
    ("400多", 400, "多", ""),
    ("400以上", 400, "以上", ""),
    ("400左右", 400, "左右", ""),
    ("４００余", 400, "余", "按 400余 处理"),
    (10**MAX_DIGITS - 1, 10**MAX_DIGITS - 1, "", ""),
]


@pytest.mark.parametrize(("raw", "value", "qualifier", "note"), COUNTS, ids=[repr(c[0]) for c in COUNTS])
def test_parse_count_accepts(raw, value, qualifier, note):
    parsed = parse_count(raw)
    assert (parsed.value.value, parsed.value.qualifier) == (value, qualifier)
    assert isinstance(parsed.value.value, int)
    if note:
        assert len(parsed.notes) == 1 and note in parsed.notes[0]
    else:
        assert parsed.notes == ()


COUNT_REFUSALS = [
    ("3,5", "逗号位置不对"),      # a typo: not 35
    ("12,34", "逗号位置不对"),
    ("1,2345", "逗号位置不对"),
    ("1,234,56", "逗号位置不对"),
    ("abc", "“abc”不是数字"),
    ("十二", "不是数字"),
    ("12件", "不是数字"),
    ("约12", "不是数字"),
    ("+5", "不是数字"),
    ("1e5", "不是数字"),
    ("0x1F", "不是数字"),
    ("1:20", "不是数字"),
    ("", "不是数字"),
    (True, "不能填“是/否”"),
    (False, "不能填“是/否”"),
    ([1, 2], "不能是列表"),
    ({"a": 1}, "不能是多个字段"),
    (dt.date(2025, 1, 1), "不能填日期"),
    (dt.datetime(2025, 1, 1, 8, 0), "不能填日期"),
    (10.5, "“10.5”带小数，这一项是数量，应为整数"),
    ("10.5", "带小数"),
    ("1.23456万", "带小数"),
    (-3, "“-3”是负数，数量不能小于 0"),
    ("-3", "“-3”是负数"),
    ("－３", "是负数"),
    ("-1.2万", "是负数"),
    (-0.5, "带小数"),
    ("10%", "带了百分号，这一项不是百分比"),
    (float("inf"), "不是数字"),
    (float("-inf"), "不是数字"),
    (float("nan"), "不是数字"),
    (10**MAX_DIGITS, f"超过了 {MAX_DIGITS} 位"),
    (10**5000, f"超过了 {MAX_DIGITS} 位"),
    ("1" + "0" * 5000, f"超过了 {MAX_DIGITS} 位"),
    ("1" + "0" * 20 + "亿", f"超过了 {MAX_DIGITS} 位"),
    (1e300, f"超过了 {MAX_DIGITS} 位"),
]


@pytest.mark.parametrize(("raw", "message"), COUNT_REFUSALS, ids=[f"{c[1][:8]}-{n}" for n, c in enumerate(COUNT_REFUSALS)])
def test_parse_count_refuses(raw, message):
    with pytest.raises(ValueRefused) as caught:
        parse_count(raw)
    assert message in caught.value.message
    assert len(caught.value.message) < 200


@pytest.mark.parametrize(("raw", "full", "written"), [("1.2万", 12000, "1.2万"), ("1.20万", 12000, "1.2万"),
                                                     ("80.63万", 806300, "80.63万"), ("1.2万余", 12000, "1.2万余"),
                                                     ("2亿", 200_000_000, "2亿")])
def test_wan_is_checked_in_full_and_kept_as_written(raw, full, written):
    number = parse_amount(raw).value
    assert numeric(number) == full
    assert str(number) == written
    assert number.to_yaml() == written
    assert parse_amount(number.to_yaml()).value == number


# --- amounts and percentages ------------------------------------------------------------------

AMOUNTS = [
    ("16.76", Decimal("16.76"), ""),
    (16.76, Decimal("16.76"), ""),
    ("84.80", Decimal("84.8"), ""),
    (12, 12, ""),
    ("12.0", 12, ""),
    ("1.2345万", 12345, "按 12345 核对"),
    ("0.5万", 5000, "按 5000 核对"),
    ("１６.７６", Decimal("16.76"), "按 16.76 处理"),
    ("1.12345678901234567890", Decimal("1.1234567890123456789"), ""),
]


@pytest.mark.parametrize(("raw", "value", "note"), AMOUNTS, ids=[repr(a[0]) for a in AMOUNTS])
def test_parse_amount_accepts(raw, value, note):
    parsed = parse_amount(raw)
    assert parsed.value.value == value
    assert (note in parsed.notes[0]) if note else parsed.notes == ()


@pytest.mark.parametrize(("raw", "message"), [("-0.5", "是负数"), ("16.76%", "带了百分号"), ("16.76.1", "不是数字"),
                                              ("1/2", "不是数字")])
def test_parse_amount_refuses(raw, message):
    with pytest.raises(ValueRefused, match=message):
        parse_amount(raw)


PERCENTS = [
    (99.2, Decimal("99.2"), "", ""),
    ("99.2", Decimal("99.2"), "", ""),
    ("99.2%", Decimal("99.2"), "", ""),
    ("99.2 %", Decimal("99.2"), "", "按 99.2 处理"),
    ("99.2％", Decimal("99.2"), "", "按 99.2 处理"),
    (100, 100, "", ""),
    ("100%", 100, "", ""),
    ("120", 120, "", ""),  # the range is the validator's business (percent max 100)
    ("99%以上", 99, "以上", ""),
    ("99以上%", 99, "以上", ""),
    ("95%左右", 95, "左右", ""),
]


@pytest.mark.parametrize(("raw", "value", "qualifier", "note"), PERCENTS, ids=[repr(p[0]) for p in PERCENTS])
def test_parse_percent_accepts(raw, value, qualifier, note):
    parsed = parse_percent(raw)
    assert parsed.value == Number(value, qualifier)
    assert (note in parsed.notes[0]) if note else parsed.notes == ()


@pytest.mark.parametrize(("raw", "message"), [("99.2%%", "不是数字"), ("百分之九十", "不是数字"), ("-5%", "是负数"),
                                              ("%99", "不是数字")])
def test_parse_percent_refuses(raw, message):
    with pytest.raises(ValueRefused, match=message):
        parse_percent(raw)


# --- years and dates --------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "value", "noted"), [(2025, 2025, False), ("2025", 2025, False),
                                                     ("2025年", 2025, False), (" 2025年 ", 2025, False),
                                                     ("２０２５", 2025, True), ("２０２５年", 2025, True)])
def test_parse_year_accepts(raw, value, noted):
    parsed = parse_year(raw)
    assert parsed.value == value and type(parsed.value) is int
    assert bool(parsed.notes) is noted


@pytest.mark.parametrize(("raw", "message"), [("2025余", "不是一个年份"), ("2025.5", "带小数"), ("二〇二五", "不是数字"),
                                              (True, "是/否"), ("2025年度", "不是数字"), (dt.date(2025, 1, 1), "日期")])
def test_parse_year_refuses(raw, message):
    with pytest.raises(ValueRefused, match=message):
        parse_year(raw)


DATES = [
    dt.date(2026, 1, 8),
    dt.datetime(2026, 1, 8, 9, 30),
    "2026-01-08",
    "2026-1-8",
    "2026年1月8日",
    "2026年01月08日",
    "2026年1月8",
    "2026 年 1 月 8 日",
    "2026.1.8",
    "2026/01/08",
    "２０２６年１月８日",
    " 2026-01-08 ",
]


@pytest.mark.parametrize("raw", DATES, ids=[repr(d) for d in DATES])
def test_parse_date_accepts(raw):
    parsed = parse_date(raw)
    assert parsed.value == dt.date(2026, 1, 8)
    assert type(parsed.value) is dt.date


DATE_REFUSALS = [
    ("2026-02-30", "“2026-02-30”不是一个存在的日期"),
    ("2026年2月29日", "不是一个存在的日期"),
    ("2026-13-01", "不是一个存在的日期"),
    ("2026-00-10", "不是一个存在的日期"),
    ("20260108", "不是日期；请写成 2026-01-08 或 2026年1月8日"),
    (20260108, "不是日期"),
    ("明年一月", "不是日期"),
    ("2026年1月", "不是日期"),
    ("26-1-8", "不是日期"),
    (True, "应填一个日期"),
    (None, "应填一个日期"),
    (["2026-01-08"], "应填一个日期"),
    ({"year": 2026}, "应填一个日期"),
]


@pytest.mark.parametrize(("raw", "message"), DATE_REFUSALS, ids=[repr(d[0]) for d in DATE_REFUSALS])
def test_parse_date_refuses(raw, message):
    with pytest.raises(ValueRefused) as caught:
        parse_date(raw)
    assert message in caught.value.message


def test_leap_day_accepted():
    assert parse_date("2028-02-29").value == dt.date(2028, 2, 29)


# --- text and lists ---------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "value"), [("灵丘县人民政府", "灵丘县人民政府"), ("  前后空格  ", "前后空格"),
                                            (123, "123"), (dt.date(2026, 1, 8), "2026-01-08"),
                                            ("含: 冒号和“引号”", "含: 冒号和“引号”")])
def test_parse_text_accepts(raw, value):
    assert parse_text(raw).value == value


@pytest.mark.parametrize(("raw", "message"), [(["a"], "不能是列表"), ({"a": 1}, "多个字段"), (True, "是/否"),
                                              (False, "加引号")])
def test_parse_text_refuses(raw, message):
    with pytest.raises(ValueRefused, match=message):
        parse_text(raw)


@pytest.mark.parametrize(("raw", "value"), [("中共灵丘县委", ["中共灵丘县委"]),
                                            ([" 中共灵丘县委 ", "县人大常委会"], ["中共灵丘县委", "县人大常委会"]),
                                            (["a", None, "", "  ", "b"], ["a", "b"]),
                                            ([], []), (None, []), ([2025], ["2025"])])
def test_parse_list_accepts(raw, value):
    assert parse_list(raw).value == value


@pytest.mark.parametrize(("raw", "message"), [({"a": 1}, "不能是多个字段"), ([["a"]], "每一项应是一段文字"),
                                              ([{"a": 1}], "每一项应是一段文字")])
def test_parse_list_refuses(raw, message):
    with pytest.raises(ValueRefused, match=message):
        parse_list(raw)


def test_every_kind_has_a_parser():
    assert set(PARSERS) == {"count", "amount", "percent", "date", "text", "year", "choice", "list"}


# --- helpers ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "empty"), [(None, True), ("", True), ("  \n", True), ([], True),
                                            ([None, "", " "], True), (0, False), ("0", False),
                                            (["a"], False), (False, False), ({}, False)])
def test_is_empty(raw, empty):
    assert is_empty(raw) is empty


@pytest.mark.parametrize(("raw", "value"), [(Number(3), Decimal(3)), (Number(Decimal("1.5"), "余"), Decimal("1.5")),
                                            (5, Decimal(5)), (True, None), ("5", None), (None, None),
                                            (dt.date(2026, 1, 8), None)])
def test_numeric(raw, value):
    assert numeric(raw) == value


@pytest.mark.parametrize(("value", "text"), [(12, "12"), (Decimal("84.80"), "84.8"), (Decimal("1E+3"), "1000"),
                                             (Decimal("0.50"), "0.5"), (Decimal("16.76"), "16.76")])
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(("text", "normalized"), [("１２３", "123"), ("1, 234", "1234"), ("１，２３４", "1234"),
                                                  ("99.2％", "99.2%"), (" 4 0 0 余 ", "400余")])
def test_normalize_text(text, normalized):
    assert normalize_text(text) == normalized


@pytest.mark.parametrize(("number", "written"), [(Number(12), 12), (Number(400, "余"), "400余"),
                                                 (Number(Decimal("16.76")), 16.76), (Number(Decimal("84.80")), 84.8),
                                                 (Number(Decimal("1.1234567890123456789")), "1.1234567890123456789")])
def test_number_to_yaml(number, written):
    assert number.to_yaml() == written
    assert str(number) == (format_number(number.value) + number.qualifier)


# --- properties ---------------------------------------------------------------------------------

@given(st.integers(min_value=0, max_value=10**MAX_DIGITS - 1))
def test_any_count_reads_back_from_int_text_and_fullwidth(n):
    assert parse_count(n).value == Number(n)
    assert parse_count(str(n)).value == Number(n)
    fullwidth = parse_count(str(n).translate(FULLWIDTH))
    assert fullwidth.value == Number(n)
    assert len(fullwidth.notes) == 1


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
       st.sampled_from(["", "余", "多", "以上", "左右"]))
def test_written_amount_reads_back_the_same(value, qualifier):
    number = parse_amount(format_number(value) + qualifier).value
    assert number.value == value and number.qualifier == qualifier
    reread = yaml.safe_load(yaml.safe_dump({"x": number.to_yaml()}, allow_unicode=True))["x"]
    assert parse_amount(reread).value == number
