"""Input is cleaned in one place (``values.parse_in_unit``) for the wizard, import and check alike.

``66件`` is accepted where 件 is the unit shown (as ``２０２５年`` is for a year), and a
发文字号 typed or imported with ``[2026]`` is stored as ``〔2026〕`` in the YAML, not only
in the .docx.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    DEFAULT_TEMPLATE,
    VALID_REPORT,
    assert_problem,
    line_no,
    run_check,
    run_drafter,
    variant,
    write,
)

from drafter.templateset import load_structure
from drafter.values import parse_in_unit
from drafter.wizard.questions import parse_answer

STRUCTURE = load_structure(DEFAULT_TEMPLATE / "structure.yaml")
FIELDS = STRUCTURE.fields


@pytest.mark.parametrize(("key", "typed", "value"), [
    ("reconsideration_received", "66件", 66),
    ("reconsideration_received", "６６ 件", 66),
    ("hall_cases", "16.76万件", "16.76"),
    ("year", "２０２５年", 2025),
])
def test_the_unit_shown_may_be_typed_after_the_number(key: str, typed: str, value: object) -> None:
    answer = parse_answer(FIELDS[key], typed)
    assert str(answer.value) == str(value)


def test_a_unit_that_is_not_the_fields_own_is_refused() -> None:
    with pytest.raises(ValueError, match="不是数字"):
        parse_answer(FIELDS["reconsideration_received"], "66人")


def test_the_doc_number_year_goes_into_六角括号_in_the_stored_value() -> None:
    role = STRUCTURE.report.role_of("doc_number")
    assert role == "doc_number"
    for typed in ("测政函[2026]3号", "测政函【2026】3号", "测政函（2026）3号"):
        answer = parse_answer(FIELDS["doc_number"], typed, role=role)
        assert answer.value == "测政函〔2026〕3号"
        assert any("〔2026〕" in note for note in answer.notes)
    assert parse_answer(FIELDS["theme"], "（2026）", role=STRUCTURE.report.role_of("theme")).value == "（2026）"
    assert parse_in_unit("text", "", "测政函〔2026〕3号", "doc_number").notes == ()


@pytest.mark.parametrize("typed", ["测政函〔2026〕第3号", "测政函〔2026〕03号", "测政函[2026]第003号"])
def test_the_doc_number_takes_no_第_and_no_leading_zeros(typed: str) -> None:
    """GB/T 9704 7.2.4: 发文顺序号不加“第”字，不编虚位."""
    answer = parse_answer(FIELDS["doc_number"], typed, role="doc_number")
    assert answer.value == "测政函〔2026〕3号" and any("不编虚位" in note for note in answer.notes)
    assert parse_in_unit("text", "", "测政函〔2026〕10号", "doc_number").value == "测政函〔2026〕10号"


def test_check_reads_a_unit_and_a_bracketed_year_with_a_warning(tmp_path: Path) -> None:
    text = variant("      reconsideration_received: 10\n", "      reconsideration_received: 10件\n")
    text = text.replace("  written_date: 2026-01-08\n", "  written_date: 2026-01-08\n  doc_number: 测政函[2026]3号\n")
    path = write(tmp_path, text)
    result = run_check(path)
    assert result.code == 0, result.output
    assert_problem(result.warnings, path, line_no(text, "reconsideration_received"), "收到行政复议申请",
                   "已把“10件”按 10 处理")
    assert_problem(result.warnings, path, line_no(text, "doc_number"), "发文字号", "〔2026〕")


def test_import_stores_the_doc_number_with_六角括号(tmp_path: Path) -> None:
    source = write(tmp_path, "测政函[2026]3号\n测试县人民政府关于2025年法治政府建设情况的报告\n市人民政府：\n"
                   "2025年，测试县扎实推进法治政府建设，现将有关情况报告如下：\n一、主要举措和成效\n"
                   "（一）加强党的领导\n县委常委会专题听取法治建设工作汇报4次。\n二、存在的不足和原因\n"
                   "一是法治宣传的针对性还不够强。\n三、下一年度主要安排\n一是持续深化法治政府建设。\n"
                   "测试县人民政府\n2026年1月8日\n", "报告.txt")
    result = run_drafter("import", str(source), "-o", str(tmp_path / "报告.yaml"))
    assert result.code == 0, result.output
    assert "doc_number: 测政函〔2026〕3号" in (tmp_path / "报告.yaml").read_text(encoding="utf-8")


def test_a_plain_text_wrapped_over_lines_is_joined_without_a_space_between_chinese(tmp_path: Path) -> None:
    """YAML folds a wrapped line with a space; between Chinese that space is no word break (建设 推进)."""
    text = VALID_REPORT.replace("    - 一是持续深化法治政府建设。\n",
                                "    - 一是持续深化法治政府建设，\n      推进一网通办\n      and more\n      words。\n")
    path = write(tmp_path, text)
    from drafter.datafile import load_report_file

    items = load_report_file(path).data["next_year"]["items"]
    assert items == ["一是持续深化法治政府建设，推进一网通办 and more words。"]
