"""``drafter check FILE``: every bad input a clerk can produce, fed as a real file to the command.

Each test asserts the exit code (0 clean or warnings only, 1 errors, 2 unreadable),
the Chinese message, the line it points at, and that no Traceback is printed
(``run_check`` asserts the last one for every run).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import (
    DATA,
    REPO,
    VALID_REPORT,
    assert_problem,
    line_no,
    run_check,
    run_drafter,
    variant,
    write,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.errors import DrafterError
from drafter.report import open_report
from drafter.yamlsource import MAX_BYTES

DISPUTES = "健全矛盾纠纷行政预防调处化解体系，维护社会和谐稳定"
FUNCTIONS = "健全政府机构职能体系，持续优化法治化营商环境"


def check_text(tmp_path: Path, text: str):
    """Write ``text`` as a report file and check it; return (path, result)."""
    path = write(tmp_path, text)
    return path, run_check(path)


def assert_refused(result, path: Path, line: int | None, *texts: str) -> None:
    """Assert exit 2 with one ``错误：file[:line]: message`` line naming every text."""
    assert result.code == 2, result.output
    where = f"{path}:{line}: " if line else f"{path}: "
    matching = [entry for entry in result.output.splitlines()
                if entry.startswith(f"错误：{where}") and all(t in entry for t in texts)]
    assert matching, f"expected 错误：{where}… {texts} in:\n{result.output}"


# --- the baseline ------------------------------------------------------------------------


def test_valid_report_has_no_problem(tmp_path):
    path, result = check_text(tmp_path, VALID_REPORT)
    assert result.code == 0
    assert result.stdout.strip() == "检查结果：没有发现问题。"
    assert result.stderr == ""


def test_output_format_groups_errors_then_warnings_with_summary(tmp_path):
    text = variant("reconsideration_accepted: 8", "reconsideration_accepted: 12")
    text = variant("mediation_success_rate: 95", "mediation_success_rate: 80", text)
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    lines = result.stdout.splitlines()
    accepted, rate = line_no(text, "reconsideration_accepted"), line_no(text, "mediation_success_rate")
    assert lines == [
        "错误（1 处）：",
        f"{path}:{accepted}: 受理行政复议案件: “受理行政复议案件”（12件）不能大于“收到行政复议申请”（10件）",
        "警告（1 处）：",
        f"{path}:{rate}: 调解成功率: 填的是 80%，但按“调解成功”（190件）÷“人民调解组织调解矛盾纠纷”（200件）"
        "计算是 95.0%，相差超过 0.5 个百分点",
        "检查结果：1 处错误，1 处警告。请先改正错误。",
    ]


def test_warnings_only_exit_zero_with_summary(tmp_path):
    text = variant("mediation_success_rate: 95", "mediation_success_rate: 80")
    path, result = check_text(tmp_path, text)
    assert result.code == 0
    assert result.errors == []
    assert len(result.warnings) == 1
    assert "检查结果：没有错误，1 处警告（请核对）。" in result.stdout


def test_every_problem_listed_at_once(tmp_path):
    text = variant("  year: 2025\n", "")
    text = variant("reconsideration_received: 10", "reconsideration_received: abc", text)
    text = variant("collective_law_study: 12", "collective_law_study: -1", text)
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert len(result.errors) == 3, result.output
    assert "检查结果：3 处错误" in result.stdout


# --- encodings ---------------------------------------------------------------------------


def test_gbk_file_accepted_with_warning_naming_encoding():
    path = DATA / "gbk.yaml"
    result = run_check(path)
    assert result.code == 0, result.output
    assert result.errors == []
    # the first byte that is not UTF-8 is the Chinese comment on line 1
    assert_problem(result.warnings, path, 1, "GBK/GB18030", "UTF-8")


def test_gb18030_four_byte_character_accepted(tmp_path):
    text = variant("issuer: 灵丘县人民政府", "issuer: 𠀀县人民政府")
    path = write(tmp_path, text, encoding="gb18030")
    result = run_check(path)
    assert result.code == 0, result.output
    assert_problem(result.warnings, path, line_no(text, "issuer"), "GB18030")


def test_gbk_file_problems_keep_their_lines(tmp_path):
    text = variant("reconsideration_accepted: 8", "reconsideration_accepted: 12")
    path = write(tmp_path, text, encoding="gbk")
    result = run_check(path)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "reconsideration_accepted"), "受理行政复议案件", "不能大于")


def test_undecodable_binary_file_refused():
    path = DATA / "binary.yaml"  # a zip archive under a data file's name: told for what it is
    result = run_check(path)
    assert_refused(result, path, None, "这不是报告数据文件", "压缩文件")


def test_undecodable_bytes_refused(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_bytes(bytes(range(128, 256)) * 4)
    result = run_check(path)
    assert_refused(result, path, 1, "编码无法识别", "UTF-8")


def test_utf8_with_bom_accepted_without_problem(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + VALID_REPORT.encode("utf-8"))
    result = run_check(path)
    assert result.code == 0, result.output
    assert result.stdout.strip() == "检查结果：没有发现问题。"


def test_utf16_with_bom_accepted_with_warning():
    path = DATA / "utf16.yaml"
    result = run_check(path)
    assert result.code == 0, result.output
    assert result.errors == []
    assert_problem(result.warnings, path, 1, "UTF-16")


def test_utf16_big_endian_problems_keep_their_lines(tmp_path):
    text = variant("collective_law_study: 12", "collective_law_study: -3")
    path = write(tmp_path, b"\xfe\xff" + text.encode("utf-16-be"))
    result = run_check(path)
    assert result.code == 1, result.output
    assert_problem(result.warnings, path, 1, "UTF-16")
    assert_problem(result.errors, path, line_no(text, "collective_law_study"), "是负数")


def test_utf8_bom_with_gbk_text_refused_at_its_line(tmp_path):
    # saved as “UTF-8 with BOM”, then text in GBK pasted in by another program
    text = variant("theme: 以建设更高水平的法治灵丘为目标", "theme: 以建设更高水平的法治灵丘为目标XX")
    raw = b"\xef\xbb\xbf" + text.encode("utf-8").replace(b"XX", "法治".encode("gbk"))
    path = write(tmp_path, raw)
    result = run_check(path)
    assert_refused(result, path, line_no(text, "theme"), "标明是 UTF-8", "GBK")


@pytest.mark.parametrize("cut", [1, 2], ids=["odd-length", "lone-surrogate"])
def test_damaged_utf16_refused(tmp_path, cut):
    raw = VALID_REPORT.encode("utf-16")
    raw = raw[:-1] if cut == 1 else raw + b"\x00\xd8" + "\n".encode("utf-16-le")
    path = write(tmp_path, raw)
    result = run_check(path)
    assert result.code == 2, result.output
    assert "标明是 UTF-16 编码，但内容不完整或已损坏" in result.output


def test_reversed_byte_order_mark_inside_text_removed(tmp_path):
    text = variant("issuer: 灵丘县人民政府", "issuer: 灵丘县人民政府\ufffe")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    assert_problem(result.warnings, path, line_no(text, "issuer"), "U+FFFE")


# --- tabs, full-width colons and spaces ----------------------------------------------------


def test_tab_indentation_refused_with_line(tmp_path):
    text = variant("  level: 县级政府", "\tlevel: 县级政府")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "level"), "Tab", "空格")


def test_tab_pasted_inside_a_value_is_read_as_a_space_with_a_warning(tmp_path):
    text = variant("year: 2025", "year:\t2025")
    text = variant("issuer: 灵丘县人民政府", "issuer: 灵丘县\t人民政府", text)
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    for key in ("issuer:", "year:\t"):
        assert_problem(result.warnings, path, line_no(text, key), "Tab 字符", "已当作空格读取")
    opened = open_report(path)
    assert (opened.role("issuer"), opened.role("year")) == ("灵丘县 人民政府", 2025)


def test_fullwidth_colon_after_key_refused_with_line(tmp_path):
    text = variant("  year: 2025", "  year：2025")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "  year"), "全角冒号", "半角冒号")


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("  issuer: 灵丘县人民政府", "  issuer 灵丘县人民政府", "issuer: 灵丘县人民政府"),  # the error shows on the next line
    ("  level: 县级政府", "  level 县级政府", "level: 县级政府"),
    ("      reconsideration_accepted: 8", "      reconsideration_accepted 8", "reconsideration_accepted: 8"),
])
def test_missing_colon_is_named_on_its_own_line(tmp_path, old, new, shown):
    text = variant(old, new)
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, new.strip()), "这一行缺少冒号（字段名后面要有“: ”）", f"应写成“{shown}”")


def test_fullwidth_colon_in_list_item_key_refused(tmp_path):
    text = variant("reconsideration_upheld: 3", "reconsideration_upheld： 3")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "reconsideration_upheld"), "全角冒号")


def test_fullwidth_colon_key_on_its_own_line_refused(tmp_path):
    # YAML reads "collective_law_study：12" as the text value of figures: still a mistyped key
    text = variant("    figures:\n      committee_law_hearings: 4\n      collective_law_study: 12\n",
                   "    figures:\n      collective_law_study：12\n")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "collective_law_study"), "全角冒号")


@pytest.mark.parametrize("item", ["- APP：上线移动端", "- OA：办公系统",
                                  "- |-\n        year：2025 是报告年度\n        OA：办公系统",
                                  '- "第一行\\n\u3000- 第二行"'],
                         ids=["item", "item2", "block", "quoted"])
def test_fullwidth_colon_or_wide_space_inside_text_is_accepted(tmp_path, item):
    # only where YAML reads a key does a full-width colon mean a mistyped key
    text = variant("- 县委常委会专题听取法治建设工作汇报。", item)
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output


@pytest.mark.parametrize("space", ["\u3000", "\u00a0"], ids=["fullwidth", "nbsp"])
def test_wide_space_indentation_refused_with_line(tmp_path, space):
    text = variant("  level: 县级政府", f"{space}{space}level: 县级政府")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "level"), "全角空格", "半角空格")


def test_fullwidth_spaces_inside_a_paragraph_are_kept(tmp_path):
    text = variant("      - 办理行政复议案件，化解行政争议。\n",
                   "      - |-\n        \u3000\u3000一是办理行政复议案件。\n        \u3000\u3000二是化解行政争议。\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output


# --- duplicate keys -----------------------------------------------------------------------


def test_duplicate_key_reports_both_lines(tmp_path):
    text = variant("  year: 2025\n", "  year: 2025\n  year: 2024\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    first = line_no(text, "year: 2025")
    second = line_no(text, "year: 2024")
    assert_problem(result.errors, path, second, "year", "重复", f"第 {first} 行")


def test_duplicate_figure_reports_both_lines(tmp_path):
    text = variant("      mediation_total: 200\n", "      mediation_total: 200\n      mediation_total: 300\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "mediation_total: 300"), "mediation_total", "重复",
                   f"第 {line_no(text, 'mediation_total: 200')} 行")


def test_duplicate_subsection_reported(tmp_path):
    text = VALID_REPORT.replace("problems:\n", "measures:\n  leadership:\n    items:\n      - 重复\nproblems:\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    first, second = [n for n, line in enumerate(text.splitlines(), 1) if line == "measures:"]
    assert_problem(result.errors, path, second, "measures", "重复", f"第 {first} 行")


# --- unknown keys with suggestions -----------------------------------------------------------


def test_typo_in_figure_key_suggests_nearest(tmp_path):
    text = variant("reconsideration_received: 10", "reconsideration_recieved: 10")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "reconsideration_recieved"),
                   "没有“reconsideration_recieved”这个字段",
                   "是不是想写 reconsideration_received（收到行政复议申请）？")


def test_chinese_label_used_as_key_names_the_key(tmp_path):
    text = variant("reconsideration_received: 10", "收到行政复议申请: 10")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "收到行政复议申请"),
                   "“收到行政复议申请”请写成 reconsideration_received")


def test_figure_in_wrong_subsection_names_its_subsection(tmp_path):
    text = variant("      mediation_total: 200\n", "      mediation_total: 200\n      hall_units: 35\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "hall_units"), "hall_units",
                   f"“{DISPUTES}”的数字中没有", f"“入驻政务大厅的单位”属于“{FUNCTIONS}”，请移到那里")


def test_figure_written_without_figures_level_is_pointed_there(tmp_path):
    text = variant("    items:\n      - 县委常委会", "    law_documents: 3\n    items:\n      - 县委常委会")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "law_documents"), "应写在本小节的 figures: 下面")


def test_unknown_top_level_key_typo_suggests_nearest(tmp_path):
    text = variant("measures:\n", "mesures:\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "mesures"), "报告数据文件中没有“mesures”这个字段",
                   "是不是想写 measures")


def test_unknown_top_level_key_without_near_match(tmp_path):
    text = VALID_REPORT + "remarks: 备注\n"
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "remarks"), "报告数据文件中没有“remarks”这个字段")


def test_meta_field_at_top_level_names_meta(tmp_path):
    text = variant("  year: 2025\n", "") + "year: 2025\n"
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "year: 2025"), "“报告年度”属于“文档信息”（meta:）")


def test_unknown_meta_key_suggests_nearest(tmp_path):
    text = variant("  issuer: 灵丘县人民政府\n", "  issuer: 灵丘县人民政府\n  isuer: 灵丘县\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "isuer: 灵丘县\n".strip()), "文档信息中没有“isuer”这个字段",
                   "是不是想写 issuer（发文机关）？")


def test_unknown_subsection_suggests_nearest(tmp_path):
    text = variant("  disputes:\n", "  dispute:\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "dispute:"), "是不是想写 disputes")


# --- wrong types ------------------------------------------------------------------------------

WRONG_COUNTS = [
    ("abc", "“abc”不是数字"),
    ('"十"', "“十”不是数字"),
    ("[1, 2]", "这里应填一个数字，不能是列表"),
    ("\n        - 1\n        - 2", "这里应填一个数字，不能是列表"),
    ("{a: 1}", "这里应填一个数字，不能是多个字段"),
    ("true", "不能填“是/否”"),
    ("false", "不能填“是/否”"),
    ("yes", "不能填“是/否”"),
    ("10.5", "“10.5”带小数，这一项是数量，应为整数"),
    ('"10.5"', "带小数"),
    ("2020-01-01", "不能填日期"),
    ("1:20", "“1:20”不是数字"),
    ("0x1F", "“0x1F”不是数字"),
    ("1.5e+3", "不是数字"),
    (".inf", "不是数字"),
    ("-.inf", "不是数字"),
    (".nan", "不是数字"),
    ("10%", "带了百分号，这一项不是百分比"),
    ("1" + "0" * 30, "超过了 15 位"),
    ('"1' + "0" * 5000 + '"', "超过了 15 位"),
    ("1" + "0" * 5000, "超过了 15 位"),
    ('"10亿亿"', "不是数字"),
]


@pytest.mark.parametrize(("raw", "message"), WRONG_COUNTS, ids=[w[0][:12] for w in WRONG_COUNTS])
def test_wrong_type_for_a_count(tmp_path, raw, message):
    text = variant("reconsideration_received: 10", f"reconsideration_received: {raw}")
    path, result = check_text(tmp_path, text)
    assert result.code == 1, result.output
    assert_problem(result.errors, path, line_no(text, "reconsideration_received"), "收到行政复议申请", message)
    assert len(result.errors) == 1, result.output


@pytest.mark.parametrize("raw", ["-3", '"-3"', "－3", '" -3 "'])
def test_negative_count_refused(tmp_path, raw):
    text = variant("collective_law_study: 12", f"collective_law_study: {raw}")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "collective_law_study"),
                   "党委常委会、政府常务会议集体学法", "是负数，数量不能小于 0")


def test_wrong_type_for_text_and_list_and_year(tmp_path):
    text = variant("issuer: 灵丘县人民政府", "issuer: [灵丘县人民政府]")
    text = variant("  recipients:\n    - 中共灵丘县委\n", "  recipients: {a: 1}\n", text)
    text = variant("year: 2025", "year: 二〇二五", text)
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "issuer"), "发文机关", "不能是列表")
    assert_problem(result.errors, path, line_no(text, "recipients"), "主送机关", "不能是多个字段")
    assert_problem(result.errors, path, line_no(text, "  year"), "报告年度", "不是数字")


def test_section_that_is_a_value_instead_of_fields(tmp_path):
    text = variant("  leadership:\n    figures:\n      committee_law_hearings: 4\n      collective_law_study: 12\n"
                   "    items:\n      - 县委常委会专题听取法治建设工作汇报。\n", "  leadership: 召开会议 4 次\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "leadership"), "加强党的领导", "这里应是下一级的“字段: 值”")


def test_previous_must_be_a_file_name(tmp_path):
    text = VALID_REPORT + "previous: [灵丘县2024.yaml]\n"
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "previous"), "上年度数据文件", "文件名")


def test_yaml_tags_reported_in_chinese(tmp_path):
    text = variant("reconsideration_received: 10", "reconsideration_received: !!python/object:os.system 10")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "reconsideration_received"), "不认识的 YAML 标记")
    assert "constructor" not in result.output


# --- normalized values ------------------------------------------------------------------------


def test_fullwidth_digits_normalized_with_warning(tmp_path):
    text = variant("reconsideration_received: 10", "reconsideration_received: １２３")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    assert_problem(result.warnings, path, line_no(text, "reconsideration_received"),
                   "收到行政复议申请", "已把“１２３”按 123 处理")


def test_fullwidth_digits_take_part_in_rules(tmp_path):
    text = variant("reconsideration_received: 10", "reconsideration_received: ５")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "reconsideration_accepted"), "（8件）不能大于", "（5件）")


def test_wan_normalized_to_number_with_warning(tmp_path):
    text = variant("reconsideration_received: 10", "reconsideration_received: 1.2万")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    assert_problem(result.warnings, path, line_no(text, "reconsideration_received"), "收到行政复议申请",
                   "已把“1.2万”按 12000 核对，报告中写作“1.2万”")


def test_wan_is_checked_in_full(tmp_path):
    # 1.2万 is 12000 for the rules: 12001 accepted is more than 1.2万 received
    text = variant("reconsideration_received: 10", "reconsideration_received: 1.2万")
    text = variant("reconsideration_accepted: 8", "reconsideration_accepted: 12001", text)
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "reconsideration_accepted"), "（12001件）不能大于",
                   "（1.2万件）")
    text = variant("reconsideration_accepted: 12001", "reconsideration_accepted: 12000", text)
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output


def test_yu_accepted_without_warning(tmp_path):
    text = variant("reconsideration_received: 10", "reconsideration_received: 400余")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    assert result.stdout.strip() == "检查结果：没有发现问题。"


def test_leading_zero_is_decimal_not_octal(tmp_path):
    # YAML 1.1 reads 010 as 8; a clerk means 10
    text = variant("reconsideration_accepted: 8", "reconsideration_accepted: 010")
    text = variant("reconsideration_received: 10", "reconsideration_received: 9", text)
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "reconsideration_accepted"), "（10件）不能大于", "（9件）")


@pytest.mark.parametrize("raw", ["120", "120%", "100.1"])
def test_percentage_above_100_refused(tmp_path, raw):
    text = variant("court_appearance_rate: 100", f"court_appearance_rate: {raw}")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "court_appearance_rate"),
                   "行政机关负责人出庭应诉率", "超过了允许的最大值 100%")


@pytest.mark.parametrize("raw", ["99.2%", '"99.2%"', "99.2", "99%以上"])
def test_percentage_forms_accepted(tmp_path, raw):
    text = variant("court_appearance_rate: 100", f"court_appearance_rate: {raw}")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    assert result.stdout.strip() == "检查结果：没有发现问题。"


# --- control characters pasted from Word -----------------------------------------------------------


def test_control_characters_removed_with_warning_naming_line():
    path = DATA / "word_paste.yaml"
    text = path.read_text(encoding="utf-8")
    result = run_check(path)
    assert result.code == 0, result.output
    assert result.errors == []
    assert_problem(result.warnings, path, line_no(text, "theme"), "不可见控制字符", "U+000B", "U+0007")
    assert_problem(result.warnings, path, line_no(text, "summary"), "不可见控制字符", "U+200B")
    assert_problem(result.warnings, path, line_no(text, "办理行政复议案件"), "U+200B", "U+00AD")
    assert len(result.warnings) == 3


def test_nul_and_line_separator_removed(tmp_path):
    text = variant("issuer: 灵丘县人民政府", "issuer: 灵丘县\x00人民\u2028政府")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    assert_problem(result.warnings, path, line_no(text, "issuer"), "U+0000", "U+2028")


# --- bombs, size and nesting ---------------------------------------------------------------


def test_billion_laughs_refused_quickly():
    path = DATA / "billion_laughs.yaml"
    result = run_check(path, timeout=30)
    assert result.seconds < 5, result.seconds
    assert_refused(result, path, 3, "锚点", "别名")


def test_single_alias_refused(tmp_path):
    text = variant("  recipients:\n    - 中共灵丘县委\n", "  recipients: &r\n    - 中共灵丘县委\n  copy_to: *r\n")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "recipients"), "锚点")


def test_file_larger_than_the_limit_refused(tmp_path):
    path = write(tmp_path, VALID_REPORT + "# " + "注" * (MAX_BYTES // 3) + "\n")
    assert path.stat().st_size > MAX_BYTES
    result = run_check(path)
    assert result.seconds < 5
    assert_refused(result, path, None, "太大", f"{MAX_BYTES // 1_000_000} MB")


def test_deep_flow_nesting_refused(tmp_path):
    path = write(tmp_path, "meta: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = run_check(path)
    assert result.seconds < 5
    assert_refused(result, path, 1, "嵌套过深")


def test_deep_block_nesting_refused_at_its_line(tmp_path):
    path = write(tmp_path, "".join("  " * level + f"k{level}:\n" for level in range(60)))
    result = run_check(path)
    assert_refused(result, path, 40, "嵌套过深")


# --- not a report at all ------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n\n", "# 只有注释\n", "---\n", "~\n"],
                         ids=["empty", "blank-lines", "comment", "document-marker", "null"])
def test_empty_file_refused(tmp_path, content):
    path, result = check_text(tmp_path, content)
    assert_refused(result, path, 1, "文件是空的")


def test_list_instead_of_mapping_refused(tmp_path):
    path, result = check_text(tmp_path, "- meta\n- measures\n")
    assert_refused(result, path, 1, "文件内容是列表", "字段: 值")


def test_bare_string_instead_of_mapping_refused(tmp_path):
    path, result = check_text(tmp_path, "灵丘县2025年法治政府建设年度报告\n")
    assert_refused(result, path, 1, "文件内容是一段文字", "字段: 值")


def test_missing_file_refused(tmp_path):
    path = tmp_path / "没有这个文件.yaml"
    result = run_check(path)
    assert_refused(result, path, None, "找不到报告数据文件")


def test_directory_refused(tmp_path):
    result = run_check(tmp_path)
    assert_refused(result, tmp_path, None, "这个文件夹里没有报告数据文件")


@pytest.mark.parametrize("template", ["没有这个模板", "[default]", "5"])
def test_unknown_template_refused(tmp_path, template):
    text = variant("template: default", f"template: {template}")
    path, result = check_text(tmp_path, text)
    assert result.code == 2
    assert "找不到模板" in result.output
    # named in the data file: the message points at its line, and says where a folder is looked for
    assert f"{path}:{line_no(text, 'template:')}: 所用模板" in result.output and "数据文件所在的文件夹" in result.output


@pytest.mark.parametrize("template", ["模" * 100, "~没有这个用户/模板"], ids=["too-long", "unknown-home"])
def test_odd_template_value_refused(tmp_path, template):
    path, result = check_text(tmp_path, variant("template: default", f"template: {template}"))
    assert result.code == 2
    assert "找不到模板" in result.output


# --- YAML syntax errors ---------------------------------------------------------------------


def test_unclosed_quote_points_at_the_quote(tmp_path):
    text = variant("issuer: 灵丘县人民政府", 'issuer: "灵丘县人民政府')
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "issuer"), "引号没有配对")


def test_unclosed_quote_in_an_item_points_at_the_quote(tmp_path):
    text = variant("- 一是法治宣传的针对性还不够强。", "- '一是法治宣传的针对性还不够强。")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "一是法治宣传"), "引号没有配对")


def test_extra_indentation_refused_with_hint(tmp_path):
    text = variant("  year: 2025", "   year: 2025")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "  year"), "缩进")


def test_missing_indentation_refused_with_hint(tmp_path):
    text = variant("  year: 2025", " year: 2025")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "year: 2025"), "缩进没有对齐")


def test_item_text_containing_colon_space_is_an_error_on_its_line(tmp_path):
    text = variant("- 办理行政复议案件，化解行政争议。", "- 主要做法: 办理行政复议案件")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "主要做法"), "每一条应是一段文字", "全角“：”", "引号")


def test_value_text_containing_colon_space_refused_with_hint(tmp_path):
    text = variant("theme: 以建设更高水平的法治灵丘为目标", "theme: 工作主线: 法治灵丘")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "theme"), "冒号", "引号")


def test_key_without_space_after_colon_refused_at_its_line(tmp_path):
    text = variant("  year: 2025", "  year:2025")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "  year"), "冒号")


@pytest.mark.parametrize(("start", "hint"), [("@", "加引号"), ("`", "加引号"), ("%", "加引号"),
                                             ("*", "别名"), ("&", "锚点"), ("!", "加引号"),
                                             ("[", "]"), ("{", "}")])
def test_value_starting_with_yaml_indicator_gets_chinese_hint(tmp_path, start, hint):
    text = variant("theme: 以建设", f"theme: {start}以建设")
    path, result = check_text(tmp_path, text)
    assert result.code == 2, result.output
    line = line_no(text, "theme")
    assert f"{path}:{line}: " in result.output or f"{path}:{line + 1}: " in result.output, result.output
    assert hint in result.output
    assert "YAML 格式错误" not in result.output, result.output


def test_second_yaml_document_refused_with_hint(tmp_path):
    text = VALID_REPORT + "---\nmeta:\n  year: 2024\n"
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, "---"), "第二份内容", "---")


# --- consistency rules ------------------------------------------------------------------------


def test_accepted_more_than_received_is_an_error_on_the_accepted_line(tmp_path):
    text = variant("reconsideration_accepted: 8", "reconsideration_accepted: 12")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "reconsideration_accepted"), "受理行政复议案件",
                   "“受理行政复议案件”（12件）不能大于“收到行政复议申请”（10件）")
    assert len(result.errors) == 1


def test_outcome_breakdown_exceeding_concluded_is_an_error(tmp_path):
    text = variant("      reconsideration_dismissed: 2\n",
                   "      reconsideration_dismissed: 2\n      reconsideration_revoked: 3\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "reconsideration_concluded"), "审结行政复议案件",
                   "“行政复议维持”（3件）、“行政复议驳回”（2件）、“行政复议撤销”（3件）合计 8",
                   "超过了“审结行政复议案件”（6件）")


def test_outcome_breakdown_equal_to_concluded_is_fine(tmp_path):
    text = variant("      reconsideration_dismissed: 2\n",
                   "      reconsideration_dismissed: 2\n      reconsideration_revoked: 1\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output


def test_stated_rate_far_from_counts_is_a_warning(tmp_path):
    text = variant("mediation_success_rate: 95", "mediation_success_rate: 96")
    path, result = check_text(tmp_path, text)
    assert result.code == 0
    assert_problem(result.warnings, path, line_no(text, "mediation_success_rate"), "调解成功率",
                   "填的是 96%", "计算是 95.0%", "相差超过 0.5 个百分点")


@pytest.mark.parametrize("rate", ["95.5", "94.5", "95%", "94%以上"])
def test_stated_rate_close_to_counts_is_fine(tmp_path, rate):
    text = variant("mediation_success_rate: 95", f"mediation_success_rate: {rate}")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    assert result.warnings == []


def test_written_date_in_report_year_is_an_error(tmp_path):
    text = variant("written_date: 2026-01-08", "written_date: 2025-12-28")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "written_date"), "成文日期",
                   "2025年12月28日 不在报告年度（2025年）之后")


@pytest.mark.parametrize("written", ["2026年1月8日", "2026.1.8", "2026/01/08", '"2026-01-08"', "２０２６年１月８日"])
def test_written_date_forms_accepted(tmp_path, written):
    text = variant("written_date: 2026-01-08", f"written_date: {written}")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    assert result.errors == [] and result.warnings == []


@pytest.mark.parametrize("written", ["2026-02-30", "2026年2月30日", "2026-13-01"])
def test_invalid_date_is_one_chinese_error(tmp_path, written):
    text = variant("written_date: 2026-01-08", f"written_date: {written}")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "written_date"), "成文日期", "不是一个存在的日期")
    assert len(result.errors) == 1, result.output


def test_date_that_is_not_a_date(tmp_path):
    text = variant("written_date: 2026-01-08", "written_date: 明年一月")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "written_date"), "成文日期", "不是日期", "2026年1月8日")


# --- metadata --------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "label"), [("  issuer: 灵丘县人民政府\n", "发文机关"),
                                             ("  year: 2025\n", "报告年度")])
def test_required_metadata_missing(tmp_path, line, label):
    text = variant(line, "")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "meta:"), label, "必须填写")


def test_required_metadata_left_empty_points_at_its_line(tmp_path):
    text = variant("  issuer: 灵丘县人民政府", "  issuer:")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "issuer"), "发文机关", "必须填写")


def test_whole_meta_missing(tmp_path):
    text = VALID_REPORT.split("meta:\n")[0] + "opening:\n" + VALID_REPORT.split("opening:\n")[1]
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, 1, "发文机关", "必须填写")
    assert_problem(result.errors, path, 1, "报告年度", "必须填写")


def test_choice_not_among_choices_suggests_nearest(tmp_path):
    text = variant("level: 县级政府", "level: 县政府")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "level"), "行政层级", "“县政府”不是可选的值",
                   "县级政府、设区的市、政府部门、乡镇", "是不是“县级政府”？")


def test_year_out_of_range(tmp_path):
    text = variant("year: 2025", "year: 1925")
    path, result = check_text(tmp_path, text)
    assert result.code == 1
    assert_problem(result.errors, path, line_no(text, "  year"), "报告年度", "小于允许的最小值 2000")


# --- no input crashes check -----------------------------------------------------------------------

_FRAGMENTS = st.sampled_from([
    ": ", ":", "- ", "#", "'", '"', "[", "]", "{", "}", "&a", "*a", "!!str", "|", ">", "%", "@", "?", "\t", "  ",
    "１２", "万", "余", "%", "以上", "-3", "0x1", ".inf", "1:2", "2026-02-30", "2026年1月8日", "true", "~", "<<",
    "县级政府", "meta", "measures", "disputes", "figures", "items", "reconsideration_received", "\u3000", "\u00a0",
    "\x0b", "\u200b", "\ufeff", "\ufffe", "9" * 40, "---", "...", "：", "\\", "\r"]) | st.text(max_size=4)


@st.composite
def _mutated_report(draw):
    lines = VALID_REPORT.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(2, len(lines) - 1))  # leave drafter: and template: alone
        fragment = "".join(draw(st.lists(_FRAGMENTS, max_size=5)))
        operation = draw(st.sampled_from(["value", "line", "insert", "delete", "indent"]))
        if operation == "value" and ":" in lines[index]:
            lines[index] = lines[index].split(":", 1)[0] + ": " + fragment
        elif operation == "line":
            lines[index] = " " * draw(st.integers(0, 8)) + fragment
        elif operation == "insert":
            lines.insert(index, " " * draw(st.integers(0, 8)) + fragment)
        elif operation == "delete":
            del lines[index]
        else:
            lines[index] = " " * draw(st.integers(1, 3)) + lines[index]
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_mutated_report())
def test_mutated_reports_never_crash(tmp_path, text):
    """Whatever a clerk's editing does to a file, check answers with problems, never an exception."""
    path = write(tmp_path, text)
    try:
        opened = open_report(path)
    except DrafterError as exc:
        assert exc.exit_code == 2 and exc.message
        return
    for problem in opened.problems:
        assert problem.message and problem.format().startswith(str(path))


# --- the shipped examples -----------------------------------------------------------------------


def test_example_reports_pass_check():
    examples = sorted((REPO / "examples").glob("*.yaml"))
    assert len(examples) >= 2, f"expected at least 2 example reports in examples/, found {examples}"
    failures = []
    for path in examples:
        result = run_check(path)
        if result.code != 0:
            failures.append(f"{path.name}: exit {result.code}\n{result.output}")
    assert not failures, "\n".join(failures)


# --- rules at their edges ------------------------------------------------------------------


def test_parts_without_their_whole_are_a_warning_naming_the_whole(tmp_path):
    # the 其中 sentence follows the whole: without it the parts would silently not be written
    text = variant("      reconsideration_concluded: 6\n", "")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    line = line_no(text, "reconsideration_upheld")
    assert f"{path}:{line}: " in result.output
    assert "但没有填总数“审结行政复议案件”" in result.output
    assert "警告（1 处）" in result.output


def test_a_rate_over_a_zero_whole_is_not_computed(tmp_path):
    text = variant("      mediation_total: 200\n      mediation_success: 190\n      mediation_success_rate: 95\n",
                   "      mediation_total: 0\n      mediation_success: 0\n      mediation_success_rate: 95\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    # no rate computed over a zero whole: the rate itself is what is warned about (and not printed)
    rates = [line for line in result.warnings if "调解成功率" in line]
    assert len(rates) == 1 and "无从算起" in rates[0]
    assert all("填的是 0" in line for line in result.warnings if line not in rates)  # else only the zeros


def test_an_empty_outline_the_template_no_longer_has_is_only_a_warning(tmp_path):
    """README 例四 deletes a subsection from structure.yaml: the data files written before still hold
    its empty outline (technology: / items:). Nothing is lost by leaving it out, so it is no error."""
    text = VALID_REPORT.replace("problems:\n", "  old_section:\n    figures:\n      apps:\n    items:\n"
                                              "problems:\n").replace("  theme:", "  old_key:\n  theme:")
    path = write(tmp_path, text)
    result = run_check(path)
    assert result.code == 0, result.output
    assert_problem(result.warnings, path, line_no(text, "old_section:"), "old_section", "没有填写任何内容")
    assert_problem(result.warnings, path, line_no(text, "old_key:"), "old_key", "可以删去")
    rendered = run_drafter("render", str(path), "-o", str(tmp_path / "out.docx"))
    assert rendered.code == 0, rendered.output
    # the same outline with something written in it is still an error: that text would be lost
    path = write(tmp_path, text.replace("      apps:\n", "      apps: 3\n"), name="filled.yaml")
    result = run_check(path)
    assert result.code == 1 and "没有“old_section”这个字段" in result.output


def test_missing_written_date_is_a_warning_in_check_and_render(tmp_path):
    text = variant("  written_date: 2026-01-08\n", "")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    assert_problem(result.warnings, path, line_no(text, "meta:"), "成文日期", "落款下没有日期", "定稿前请填写")
    rendered = run_drafter("render", str(path), "-o", str(tmp_path / "报告.docx"))
    assert rendered.code == 0, rendered.output
    assert "成文日期: 没有填写：生成的报告落款下没有日期" in rendered.output
    dated = write(tmp_path, VALID_REPORT, "有日期.yaml")
    assert "成文日期" not in run_check(dated).output


def test_output_to_a_pipe_closed_early_costs_no_traceback_and_keeps_the_exit_code(tmp_path: Path) -> None:
    """A reader that went away (drafter check … | head) is no internal error, and drafter's exit
    without Python's teardown (``cli.run``) flushes what it printed, or drops it quietly."""
    broken = tmp_path / "r.yaml"
    broken.write_text(VALID_REPORT.replace("year: 2025", "year: 二〇二五"), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "check", str(broken)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()   # before drafter writes a word: every write it makes finds no reader
    error_output = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in error_output
    whole = subprocess.run([sys.executable, "-m", "drafter", "check", str(broken)], capture_output=True,
                           env=env, timeout=60)
    assert whole.returncode == 1 and "年度" in whole.stdout.decode("utf-8") + whole.stderr.decode("utf-8")


@pytest.mark.parametrize(("line", "refused"), [
    ("  note: #此件公开发布", True),                       # the clerk's text read as a comment
    ("    - #中共灵丘县委", True),                         # an item: never a comment
    ("    - # 中共灵丘县委", True),
    ("  note:                     # 附注", False),         # drafter's own comment after an empty field
])
def test_text_yaml_reads_as_a_comment_is_refused(line: str, refused: bool, tmp_path: Path) -> None:
    text = VALID_REPORT.replace("  written_date: 2026-01-08\n", "  written_date: 2026-01-08\n" + line + "\n")
    if line.startswith("    -"):
        text = VALID_REPORT.replace("    - 中共灵丘县委\n", line + "\n")
    path = write(tmp_path, text)
    result = run_check(path)
    if refused:
        assert result.code == 1, result.output
        assert_problem(result.errors, path, line_no(text, line.strip()), "注释")
    else:
        assert result.code == 0, result.output


def test_main_called_directly_treats_a_closed_pipe_as_no_internal_error(tmp_path: Path, monkeypatch) -> None:
    """Without ``cli.run``'s stream wrappers (drafter used as a library, or a test), a write that
    finds the reader gone still ends with exit 1, not with 内部错误."""
    from drafter import cli

    class Gone:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def isatty(self) -> bool:
            return False

    broken = tmp_path / "r.yaml"
    broken.write_text(VALID_REPORT.replace("year: 2025", "year: 二〇二五"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", Gone())
    assert cli.main(["check", str(broken)]) == 1


def test_a_statutory_part_left_empty_is_warned(tmp_path):
    """Every part the report must have is named when it is empty, not only those written as items."""
    text = ("drafter: 1\ntemplate: default\nmeta:\n  issuer: 灵丘县人民政府\n  year: 2025\n"
            "problems:\n  items:\n    - 法治意识有待加强。\nnext_year:\n  items:\n    - 继续推进。\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    for title in ("主要举措和成效", "党政主要负责人履行推进法治建设第一责任人职责情况"):
        # not written at all: the file is named, no line (line 1 would point at drafter: 1)
        assert f"{path}: {title}: “{title}”还没有内容" in result.output, result.output
    assert not any("其他需要报告的情况" in line for line in result.warnings)  # optional: no warning


def test_last_years_file_of_another_issuer_is_warned(tmp_path):
    this_year = REPO / "examples" / "灵丘县2025.yaml"
    other = tmp_path / "岚县2024.yaml"
    other.write_text(this_year.read_text(encoding="utf-8").replace("issuer: 灵丘县人民政府", "issuer: 岚县人民政府")
                     .replace("year: 2025", "year: 2024", 1), encoding="utf-8")
    result = run_drafter("check", str(this_year), "--previous", str(other))
    assert result.code == 0, result.output
    assert any("岚县人民政府" in line and "不同" in line for line in result.warnings), result.output


def test_text_after_a_hash_in_an_item_is_told_as_a_comment(tmp_path):
    """YAML reads `` #…`` after an item as a comment: the clerk is told the words do not reach the report."""
    text = VALID_REPORT.replace("    - 一是持续深化法治政府建设。\n", "    - 一是持续深化法治政府建设 #第二点要写上\n"
                                "    - \"二是加强 #引号里的不是注释\"\n")
    path, result = check_text(tmp_path, text)
    assert result.code == 0, result.output
    assert_problem(result.warnings, path, line_no(text, "第二点要写上"), "“第二点要写上”被当作注释")
    assert not any("引号里的" in line for line in result.warnings)


@pytest.mark.parametrize("item", ["[重点]数字政府建设", "{重点}数字政府建设", "> 加强数字政府建设", "| 加强数字政府建设"])
def test_an_item_starting_with_a_yaml_character_is_told_so(tmp_path, item):
    text = VALID_REPORT.replace("    - 一是持续深化法治政府建设。\n", f"    - {item}\n")
    path, result = check_text(tmp_path, text)
    assert_refused(result, path, line_no(text, item), f"以“{item[0]}”开头", "加引号")


def test_names_on_one_line_are_a_list_and_dates_in_order(tmp_path):
    """A clerk writes the recipients on one line with a half-width comma; the print date before the
    written date is an error (先成文，后印发)."""
    text = VALID_REPORT.replace("  recipients:\n    - 中共灵丘县委\n  written_date: 2026-01-08\n",
                                "  recipients: 大同市人民政府,中共灵丘县委，灵丘县人大常委会\n"
                                "  written_date: 2026-01-08\n  print_date: 2026-01-05\n")
    assert "print_date" in text
    path, result = check_text(tmp_path, text)
    assert result.code == 1, result.output
    assert_problem(result.warnings, path, line_no(text, "recipients:"), "按 3 项处理")
    assert_problem(result.errors, path, line_no(text, "print_date:"), "2026年1月5日 早于“成文日期”2026年1月8日")


def test_a_part_of_one_paragraph_written_as_its_opening_is_content(tmp_path):
    """drafter prints a single item without a number; imported back it is the part's opening: not empty."""
    text = VALID_REPORT.replace("problems:\n  items:\n    - 一是法治宣传的针对性还不够强。\n",
                                "problems:\n  intro: 法治宣传的针对性还不够强。\n")
    assert "intro:" in text
    path, result = check_text(tmp_path, text)
    assert result.code == 0 and "还没有内容" not in result.output, result.output
