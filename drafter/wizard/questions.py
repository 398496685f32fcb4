"""The one adapter from a declared field to a questionary prompt.

A field of the structure (label, unit, kind, bounds, help) becomes a prompt whose
``validate`` returns a Chinese message or True, so questionary asks again by itself.
Checking is the validator's own (``validate.check_field``), so what the wizard
accepts is exactly what ``drafter check`` accepts, refused with the same words. An
empty answer means the figure is not reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import msgspec
import questionary

from ..datafile import to_yaml_value
from ..plaintext import join_wrapped
from ..structure import Field
from ..validate import check_field
from ..values import PARSERS, Number, ValueRefused, format_number, is_empty, number_with_unit

SELECT_HINT = "（用 ↑↓ 选择，回车确认）"
HINTS = {
    "count": "填整数，如 66；没有这项数字就直接回车",
    "amount": "可以带小数，如 16.76；没有这项数字就直接回车",
    "percent": "填 0 到 100 之间的数，如 99.2；没有就直接回车",
    "date": "写成 2026-01-08 或 2026年1月8日；没有就直接回车",
    "year": "如 2025",
    "text": "没有就直接回车留空",
    "list": "多个用顿号“、”分开；没有就直接回车",
    "choice": "用 ↑↓ 选择，回车确认",
}


class Answer(msgspec.Struct, frozen=True):
    """A typed-in answer as it goes into the report file, and what was normalized on the way."""

    value: Any
    notes: tuple[str, ...] = ()


def parse_answer(spec: Field, text: str, *, zeros_printed: bool = False, role: str = "") -> Answer:
    """Return ``text`` as the value written to the report file; raise ``ValueRefused`` in Chinese.

    Empty text means "not reported" (value None) unless the field is required. The notes
    are ``drafter check``'s warnings on the value (``zeros_printed``, ``role``: as for
    ``check_field``), whose cleaning is the wizard's: ``66件`` where 件 is shown, a
    发文字号 with ``[2026]`` stored as ``〔2026〕``.
    """
    raw: Any = text
    if spec.kind in ("text", "choice"):
        raw = join_wrapped(text.replace("\t", " ").splitlines())
    # a list is split by check's own reading (parse_list), so the wizard and check say the same
    verdict = check_field(spec, raw, zeros_printed=zeros_printed, role=role)
    if verdict.refusal is not None:
        raise ValueRefused(verdict.refusal)
    if spec.required and is_empty(verdict.value):  # check falls back on a default; the clerk answers
        raise ValueRefused("这一项必须填写")
    value = None if is_empty(verdict.value) else to_yaml_value(verdict.value)
    return Answer(value, verdict.warnings)


def validator(spec: Field, role: str = "") -> Callable[[str], bool | str]:
    """Return questionary's ``validate``: True for an acceptable answer, else the Chinese reason."""

    def validate(text: str) -> bool | str:
        try:
            parse_answer(spec, text, role=role)
        except ValueRefused as exc:
            return f"✗ {exc.message}"
        return True

    return validate


def answer_text(spec: Field, value: Any) -> str:
    """Return a value of the report file as the text the clerk sees and edits in the prompt."""
    if is_empty(value):
        return ""
    if spec.kind == "list":
        return "、".join(str(x) for x in (value if isinstance(value, list) else [value])
                        if not is_empty(x))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return format_number(Decimal(str(value)))
    return str(value)


def show_value(spec: Field, value: Any) -> str:
    """Return a value as a clerk reads it: 12件, 99.2%, 2026年1月8日, 甲、乙."""
    if is_empty(value):
        return ""
    try:
        parsed = PARSERS[spec.kind](value).value
    except ValueRefused:
        return str(value)
    if isinstance(parsed, Number):  # 15.6万 in a 万件 field: 15.6万件; 10以上: 10件以上
        return number_with_unit(parsed, spec.shown_unit)
    if isinstance(parsed, dt.date):
        return f"{parsed.year}年{parsed.month}月{parsed.day}日"
    if isinstance(parsed, list):
        return "、".join(parsed)
    return str(parsed)


def describe(spec: Field, last_year: Any = None) -> list[tuple[str, str]]:
    """Return the lines shown above a question: (标题, 内容) for 说明, 上年 and 填法."""
    lines = []
    if spec.help:
        lines.append(("说明", spec.help))
    if not is_empty(last_year):
        lines.append(("上年", show_value(spec, last_year)))
    hint = HINTS[spec.kind]
    if spec.required:
        hint = "必须填写" if spec.kind == "text" else hint.split("；")[0] + "；必须填写"
    lines.append(("填法", hint))
    return lines


def choice_options(spec: Field) -> list[tuple[str, str]]:
    """Return the menu entries (title, value) of a choice field."""
    return [(c, c) for c in spec.choices]


def choice_default(spec: Field, default: Any = None) -> str | None:
    """Return the entry of a choice field highlighted first: its file value, else its declared default."""
    chosen = answer_text(spec, default) or answer_text(spec, spec.default)
    return chosen if chosen in spec.choices else None


def build_question(spec: Field, default: Any = None, role: str = "") -> questionary.Question:
    """Return the text prompt for ``spec`` (not a choice), showing ``default`` (a file value) ready to edit."""
    return questionary.text(f"{spec.display}：", default=answer_text(spec, default),
                            validate=validator(spec, role))


def answer_of(spec: Field, reply: Any, *, zeros_printed: bool = False, role: str = "") -> Answer:
    """Return the answer for what the prompt of ``spec`` returned (text, or a chosen value)."""
    return parse_answer(spec, "" if reply is None else str(reply), zeros_printed=zeros_printed, role=role)
