"""The adapter from a declared field to a questionary prompt: parsing, validation, what is shown."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from helpers import DEFAULT_TEMPLATE
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from drafter.structure import Field
from drafter.templateset import load_structure
from drafter.values import ValueRefused
from drafter.wizard.questions import (
    answer_of,
    answer_text,
    build_question,
    choice_default,
    choice_options,
    describe,
    parse_answer,
    show_value,
    validator,
)
from drafter.wizard.screen import Screen

FIELDS = load_structure(DEFAULT_TEMPLATE / "structure.yaml").fields
COUNT = Field(key="cases", label="受理行政复议案件", unit="件")
AMOUNT = Field(key="hall_cases", label="受理审批服务事项", unit="万件", kind="amount")
PERCENT = Field(key="rate", label="满意度", kind="percent")
DATE = Field(key="written_date", label="成文日期", kind="date")
YEAR = Field(key="year", label="报告年度", kind="year", min=2000, max=2100, required=True)
LIST = Field(key="recipients", label="主送机关", kind="list")
TEXT = Field(key="issuer", label="发文机关", kind="text", required=True, help="机关全称")
NOTE = Field(key="note", label="附注", kind="text", default="此件公开发布")
CHOICE = Field(key="level", label="行政层级", kind="choice", choices=("县级政府", "设区的市"),
               default="县级政府")


@pytest.mark.parametrize(("spec", "typed", "value"), [
    (COUNT, "12", 12),
    (COUNT, "１２", 12),                 # full-width digits
    (COUNT, " 1 2 ", 12),                # stray spaces
    (COUNT, "1,200", 1200),
    (COUNT, "400余", "400余"),
    (COUNT, "", None),                   # not reported
    (COUNT, "   ", None),
    (AMOUNT, "16.76", 16.76),
    (AMOUNT, "０.５", 0.5),
    (PERCENT, "99.2", 99.2),
    (PERCENT, "99.2%", 99.2),
    (PERCENT, "100", 100),
    (DATE, "2026-01-08", dt.date(2026, 1, 8)),
    (DATE, "2026年1月8日", dt.date(2026, 1, 8)),
    (DATE, "２０２６.１.８", dt.date(2026, 1, 8)),
    (YEAR, "2025年", 2025),
    (LIST, "中共灵丘县委、县人大常委会", ["中共灵丘县委", "县人大常委会"]),
    (LIST, "甲，乙；丙", ["甲", "乙", "丙"]),
    (LIST, "", None),
    (TEXT, "  灵丘县人民政府 ", "灵丘县人民政府"),
    (TEXT, "灵丘县\r\n人民政府\t", "灵丘县人民政府"),      # pasted line breaks: Chinese wrapped, no space
    (TEXT, "发展定位，\n以建设", "发展定位，以建设"),
    (TEXT, "12345\nhotline", "12345 hotline"),              # between Latin words a space
    (CHOICE, "设区的市", "设区的市"),
])
def test_accepted_answers_become_file_values(spec: Field, typed: str, value: object) -> None:
    assert parse_answer(spec, typed).value == value
    assert validator(spec)(typed) is True


@pytest.mark.parametrize(("spec", "typed", "message"), [
    (COUNT, "abc", "“abc”不是数字"),
    (COUNT, "-3", "数量不能小于 0"),
    (COUNT, "－３", "数量不能小于 0"),
    (COUNT, "1.5", "应为整数"),
    (COUNT, "50%", "不是百分比"),
    (PERCENT, "101", "超过了允许的最大值 100%"),
    (PERCENT, "-1", "不能小于 0"),
    (AMOUNT, "十二", "不是数字"),
    (DATE, "2026-02-30", "不是一个存在的日期"),
    (DATE, "明天", "不是日期"),
    (YEAR, "1999", "小于允许的最小值 2000"),
    (YEAR, "", "必须填写"),
    (TEXT, " ", "必须填写（机关全称）"),
    (CHOICE, "乡", "不是可选的值"),
])
def test_refused_answers_say_why_in_chinese(spec: Field, typed: str, message: str) -> None:
    with pytest.raises(ValueRefused) as refused:
        parse_answer(spec, typed)
    assert message in refused.value.message
    verdict = validator(spec)(typed)
    assert isinstance(verdict, str) and message in verdict


def test_normalization_is_reported() -> None:
    assert parse_answer(COUNT, "１２").notes == ("已把“１２”按 12 处理",)
    assert parse_answer(COUNT, "12").notes == ()


@pytest.mark.parametrize(("spec", "value", "text", "shown"), [
    (COUNT, 12, "12", "12件"),
    (COUNT, "400余", "400余", "400余件"),
    (AMOUNT, 16.76, "16.76", "16.76万件"),
    (AMOUNT, "15.6万", "15.6万", "15.6万件"),            # the magnitude typed: not 15.6万万件
    (COUNT, "10以上", "10以上", "10件以上"),
    (PERCENT, 99.5, "99.5", "99.5%"),
    (DATE, dt.date(2026, 1, 8), "2026-01-08", "2026年1月8日"),
    (LIST, ["甲", "乙"], "甲、乙", "甲、乙"),
    (TEXT, "灵丘县人民政府", "灵丘县人民政府", "灵丘县人民政府"),
    (COUNT, None, "", ""),
])
def test_file_values_are_shown_and_edited_as_a_clerk_writes_them(
        spec: Field, value: object, text: str, shown: str) -> None:
    assert answer_text(spec, value) == text
    assert show_value(spec, value) == shown
    if value is not None:
        assert parse_answer(spec, text).value == value     # the edit text reads back


def test_every_question_shows_help_last_year_and_how_to_answer() -> None:
    spec = FIELDS["reconsideration_accepted"]
    lines = dict(describe(spec, last_year=64))
    assert lines["说明"] == spec.help
    assert lines["上年"] == "64件"
    assert "整数" in lines["填法"] and "直接回车" in lines["填法"]
    assert "上年" not in dict(describe(spec))
    assert dict(describe(TEXT))["填法"] == "必须填写"
    assert "必须填写" in dict(describe(YEAR))["填法"]


def test_every_declared_field_gets_a_prompt() -> None:
    for spec in FIELDS.values():
        question = choice_options(spec) if spec.kind == "choice" else build_question(spec)
        assert question is not None
        assert describe(spec)[-1][0] == "填法"


def ask(build: Callable[[], object], keys: str) -> object:
    """Ask a built question with ``keys`` typed into a pipe instead of a terminal."""
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return build().unsafe_ask()


def test_a_text_prompt_refuses_then_accepts() -> None:
    reply = ask(lambda: build_question(COUNT), "abc\r\x15-3\r\x15１２\r")
    assert reply == "１２"
    assert answer_of(COUNT, reply).value == 12


def test_a_prompt_starts_from_the_current_value() -> None:
    assert ask(lambda: build_question(COUNT, 7), "\r") == "7"
    assert ask(lambda: build_question(DATE, dt.date(2026, 1, 8)), "\r") == "2026-01-08"
    assert ask(lambda: build_question(NOTE, None), "\r") == ""
    assert answer_of(COUNT, "").value is None


def pick(keys: str, choices: list[tuple[str, object]], default: object = None,
         **kwargs: object) -> object:
    """Run ``Screen.select`` with ``keys`` typed into a pipe."""
    screen = Screen(Console(file=io.StringIO()))
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return screen.select("选一个", choices, default, **kwargs)


def test_a_choice_is_a_menu_with_its_default() -> None:
    options = choice_options(CHOICE)
    assert pick("\r", options, choice_default(CHOICE)) == "县级政府"
    assert pick("\x1b[B\r", options, choice_default(CHOICE)) == "设区的市"
    assert pick("\r", options, choice_default(CHOICE, "设区的市")) == "设区的市"
    assert answer_of(CHOICE, "设区的市").value == "设区的市"


def test_esc_enter_in_a_menu_is_ignored_or_means_back() -> None:
    options = choice_options(CHOICE)
    assert pick("\x1b\r\x1b[B\r", options, "县级政府") == "设区的市"   # Esc Enter ignored
    assert pick("\x1b\r", [("甲", 1), ("乙", 2)], back=-1) == -1
    assert pick("\x1b\r", [("是", True), ("否", False)], back=False) is False


def test_a_required_choice_is_never_blank() -> None:
    required = Field(key="level", label="行政层级", kind="choice", choices=("县级政府", "乡镇"),
                     required=True)
    with pytest.raises(ValueRefused, match="必须填写"):
        answer_of(required, "")


def test_a_list_is_typed_on_one_line() -> None:
    reply = ask(lambda: build_question(LIST, ["甲"]), "、乙\r")
    assert answer_of(LIST, reply).value == ["甲", "乙"]
