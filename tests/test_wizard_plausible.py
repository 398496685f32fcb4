"""Unlikely answers the clerk confirms: far from last year's figure, a 0, an odd report year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import DEFAULT_TEMPLATE, require

from drafter.templateset import load_structure
from drafter.wizard.plausible import doubts

STRUCTURE = load_structure(DEFAULT_TEMPLATE / "structure.yaml")
FIELDS = STRUCTURE.fields
TODAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(("value", "last", "expected"), [
    (51, 10, "是上年的 5 倍以上（上年是 10件）"),
    (50, 10, None),
    (2, 10, None),
    (1, 10, "不到上年的五分之一（上年是 10件）"),
    ("16件", 3, "是上年的 5 倍以上"),
    (12, None, None),
    (None, 10, None),
])
def test_a_figure_far_from_last_years_is_asked_about(value, last, expected) -> None:
    found = doubts(FIELDS["reconsideration_received"], value, last_year=last, report=STRUCTURE.report)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0] and "收到行政复议申请" in found[0]


def test_zero_is_asked_about_with_what_the_report_will_say() -> None:
    plain = doubts(FIELDS["reconsideration_received"], 0, last_year=10, report=STRUCTURE.report)
    assert plain and plain[0].startswith("确认是 0 吗？") and "没有这项数字请直接回车" in plain[0]
    assert doubts(FIELDS["mediation_success_rate"], "0", report=STRUCTURE.report)[0].startswith("确认是 0 吗？")
    assert doubts(FIELDS["issuer"], "0", report=STRUCTURE.report) == []


@pytest.mark.parametrize(("year", "asked"), [(2025, False), (2026, False), (2024, True), (2062, True)])
def test_a_report_year_not_last_or_this_year_is_asked_about(year: int, asked: bool) -> None:
    found = doubts(FIELDS["year"], year, report=STRUCTURE.report, today=TODAY)
    assert bool(found) is asked
    if asked:
        assert f"报告年度是 {year} 年" in found[0] and "不是去年（2025）也不是今年（2026）" in found[0]


def test_the_clerk_confirms_or_retypes_in_the_wizard(tmp_path: Path) -> None:
    require("pexpect")
    from wizard_pty import DOWN, ENTER, THIS_YEAR, Clerk, prepared, prompt, read
    from wizard_pty import FIELDS as PTY_FIELDS

    prepared(tmp_path / "上年.yaml", done_before="", finished=True, meta={"year": 2024},
             figures={"reconsideration_received": 10})
    path = prepared(tmp_path / "报告.yaml", done_before="meta", previous="上年.yaml")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.answer("issuer")
    clerk.choose(PTY_FIELDS["level"].display)
    clerk.answer("year", "2019", clear=True)
    assert "报告年度是 2019 年" in clerk.see("确认吗？")
    clerk.child.send(DOWN + ENTER)                               # 重新填写
    clerk.answer("year", str(THIS_YEAR - 1), clear=True)
    clerk.see(prompt("recipients"))
    clerk.interrupt()
    assert read(path)["meta"]["year"] == THIS_YEAR - 1

    path = prepared(tmp_path / "报告.yaml", done_before="measures.disputes", previous="上年.yaml")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.fill()
    clerk.answer("reconsideration_received", "100")
    assert "是上年的 5 倍以上（上年是 10件）" in clerk.see("确认吗？")
    clerk.child.send(DOWN + ENTER)                               # 重新填写
    clerk.answer("reconsideration_received", "12", clear=True)
    clerk.answer("reconsideration_accepted", "0")
    assert "没有这项数字请直接回车" in clerk.see("确认吗？")
    clerk.child.send(ENTER)                                      # 确认，保留
    clerk.see(prompt("reconsideration_concluded"))
    clerk.interrupt()
    figures = read(path)["measures"]["disputes"]["figures"]
    assert figures["reconsideration_received"] == 12 and figures["reconsideration_accepted"] == 0
