"""The declared structure: a bad ``structure.yaml`` is refused with file and line, and a new
figure needs a change to the structure file only (no Python) to be validated.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from helpers import (
    DEFAULT_TEMPLATE,
    VALID_REPORT,
    assert_problem,
    line_no,
    run_check,
    variant,
    write,
)

from drafter.errors import StructureError
from drafter.structure import KINDS, KINDS_WITH_UNIT
from drafter.templateset import load_structure

STRUCTURE = (DEFAULT_TEMPLATE / "structure.yaml").read_text(encoding="utf-8")


def copy_template(tmp_path: Path, name: str = "my_template") -> Path:
    """Copy the bundled default template set to ``tmp_path/name`` and return the folder."""
    folder = tmp_path / name
    shutil.copytree(DEFAULT_TEMPLATE, folder)
    return folder


def broken_template(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """Copy the default set with ``old`` replaced by ``new`` in structure.yaml; return (file, text)."""
    folder = copy_template(tmp_path)
    text = variant(old, new, STRUCTURE)
    structure = folder / "structure.yaml"
    structure.write_text(text, encoding="utf-8")
    return structure, text


def check_with(tmp_path: Path, template: Path):
    """Check the valid report against the template set in ``template``."""
    report = write(tmp_path, VALID_REPORT)
    return run_check(report, "--template", str(template))


# --- the bundled structure -------------------------------------------------------------------


def test_default_structure_loads_and_is_consistent():
    structure = load_structure(DEFAULT_TEMPLATE / "structure.yaml")
    assert structure.fields["reconsideration_received"].label == "收到行政复议申请"
    for spec in structure.fields.values():
        assert spec.label and spec.kind in KINDS
        if spec.kind in KINDS_WITH_UNIT:
            assert spec.unit, spec.key
    for rule in structure.rules():
        assert all(key in structure.fields for key in rule.fields())
    assert [p.key for p in structure.parts][:1] == ["measures"]


def test_structure_error_lists_every_problem(tmp_path):
    text = variant("            label: 收到行政复议申请\n", "", STRUCTURE)
    text = variant("            label: 行政复议撤销\n            unit: 件\n", "            label: 行政复议撤销\n", text)
    path = write(tmp_path, text, name="structure.yaml")
    with pytest.raises(StructureError) as caught:
        load_structure(path)
    assert len(caught.value.problems) == 2
    assert caught.value.exit_code == 2
    assert {p.line for p in caught.value.problems} == {
        line_no(text, "reconsideration_received:"), line_no(text, "reconsideration_revoked:")}


# --- broken structure files are refused by check (exit 2, file and line) --------------------------

BROKEN = [
    pytest.param(
        "          reconsideration_received:\n            label: 收到行政复议申请\n",
        "          reconsideration_received:\n",
        "reconsideration_received:", ("reconsideration_received", "缺少中文名称（label）"),
        id="missing-label"),
    pytest.param(
        "            label: 收到行政复议申请\n            unit: 件\n",
        "            label: 收到行政复议申请\n",
        "reconsideration_received:", ("收到行政复议申请", "缺少单位（unit）"),
        id="count-without-unit"),
    pytest.param(
        "          court_appearance_rate:\n            label: 行政机关负责人出庭应诉率\n            kind: percent\n",
        "          court_appearance_rate:\n            label: 行政机关负责人出庭应诉率\n            kind: percentage\n",
        "kind: percentage", ("不认识的类型“percentage”", "percent（百分比）"),
        id="unknown-kind"),
    pytest.param(
        "- part_of: {part: reconsideration_accepted, whole: reconsideration_received,",
        "- part_of: {part: reconsideration_acepted, whole: reconsideration_received,",
        "reconsideration_acepted", ("规则 part_of 引用了结构中没有的数字“reconsideration_acepted”",),
        id="rule-names-unknown-figure"),
    pytest.param(
        "          reconsideration_accepted:\n            label: 受理行政复议案件\n",
        "          reconsideration_received:  # 抄错了键名\n            label: 受理行政复议案件\n",
        "# 抄错了键名", ("reconsideration_received", "重复", "第 "),
        id="duplicate-key-same-section"),
    pytest.param(
        "- part_of: {part: litigation_concluded, whole: litigation_cases,",
        "- partof: {part: litigation_concluded, whole: litigation_cases,",
        "partof", ("不认识的规则“partof”", "part_of（部分不能大于总数）"),
        id="unknown-rule"),
    pytest.param(
        "- part_of: {part: litigation_concluded, whole: litigation_cases,",
        "- part_of: {part: litigation_concluded,",
        "- part_of: {part: litigation_concluded, level", ("规则 part_of 缺少参数“whole”",),
        id="rule-missing-argument"),
    pytest.param(
        "- part_of: {part: litigation_concluded, whole: litigation_cases,",
        "- part_of: {part: [litigation_concluded], whole: litigation_cases,",
        "[litigation_concluded]", ("规则 part_of 的参数“part”应写数字的键名",),
        id="rule-argument-is-a-list"),
    pytest.param(
        "- part_of: {part: litigation_concluded, whole: litigation_cases,",
        "- sum_within: {parts: [[litigation_concluded]], whole: litigation_cases,",
        "[[litigation_concluded]]", ("规则 sum_within 的参数“parts”应写数字的键名",),
        id="rule-list-argument-nested"),
    pytest.param(
        "- rate: {rate: mediation_success_rate, part: mediation_success, whole: mediation_total,",
        "- rate: {rate: mediation_success_rate, part: mediation_success, whole: mediation_total, tolerance: 半个,",
        "tolerance: 半个", ("tolerance 应是一个不小于 0 的数字",),
        id="rate-tolerance-not-a-number"),
    pytest.param(
        "- after_year: {field: print_date,", "- after_year: {field: issuer,",
        "after_year: {field: issuer,", ("after_year 只能用于日期", "发文机关"),
        id="after-year-on-text"),
    pytest.param(
        "- part_of: {part: full_time_mediators, whole: mediators,",
        "- part_of: {part: full_time_mediators, whole: mediators, level: fatal,",
        "level: fatal", ("level 只能是 error 或 warning",),
        id="rule-level-unknown"),
    pytest.param(
        "      choices: [县级政府, 设区的市, 政府部门, 乡镇]", "      choices: 县级政府",
        "choices: 县级政府", ("choices 应是一个列表",),
        id="choices-not-a-list"),
    pytest.param(
        "version: 1", "version: 第一版", "version:", ("version 应是一个整数",),
        id="version-not-a-number"),
    pytest.param(
        "      kind: text\n      required: true\n      help: 报告署名",
        "      kind: text\n      required: \"否\"\n      help: 报告署名",
        "required: \"否\"", ("required 只能是 true 或 false",),
        id="required-not-a-boolean"),
    pytest.param(
        "      carry: false", "      carry: 否", "carry: 否", ("carry 只能是 true 或 false",),
        id="carry-not-a-boolean"),
    pytest.param(
        "            label: 收到行政复议申请\n", "            label: [收到行政复议申请]\n",
        "label: [收到行政复议申请]", ("label 应是一段文字",),
        id="label-is-a-list"),
    pytest.param(
        "            label: 收到行政复议申请\n", "            lable: 收到行政复议申请\n",
        "lable:", ("不认识的设置“lable”",),
        id="unknown-figure-attribute"),
    pytest.param(
        "          reconsideration_received:\n", "          收到复议申请:\n",
        "收到复议申请:", ("键名“收到复议申请”只能用英文小写字母",),
        id="chinese-figure-key"),
    pytest.param(
        "      min: 2000\n      max: 2100\n", "      min: 2100\n      max: 2000\n",
        "min: 2100", ("最小值 2100 大于最大值 2000",),
        id="min-above-max"),
    pytest.param(
        "        heading: 健全矛盾纠纷行政预防调处化解体系，维护社会和谐稳定\n", "        help: 无标题\n",
        "      disputes:", ("“disputes”缺少标题（heading）",),
        id="section-without-heading"),
    pytest.param(
        "  fields:\n    issuer:\n", "  fields:\n\tissuer:\n",
        "\tissuer:", ("Tab",),
        id="tab-indentation"),
    pytest.param(
        "            label: 收到行政复议申请\n", "            label: \"收到行政复议申请\n",
        "label: \"收到行政复议申请", ("引号没有配对",),
        id="unclosed-quote"),
]


@pytest.mark.parametrize(("old", "new", "needle", "texts"), BROKEN)
def test_broken_structure_refused_with_file_and_line(tmp_path, old, new, needle, texts):
    structure, text = broken_template(tmp_path, old, new)
    result = check_with(tmp_path, structure.parent)
    assert result.code == 2, result.output
    line = line_no(text, needle)
    entries = result.errors or [entry.removeprefix("错误：") for entry in result.output.splitlines()]
    assert_problem(entries, structure, line, *texts)


def test_broken_structure_lists_every_problem(tmp_path):
    structure, text = broken_template(tmp_path, "            label: 收到行政复议申请\n            unit: 件\n",
                                      "            unit: 件\n")
    text = variant("            label: 行政复议撤销\n            unit: 件\n", "            label: 行政复议撤销\n", text)
    structure.write_text(text, encoding="utf-8")
    result = check_with(tmp_path, structure.parent)
    assert result.code == 2
    assert len(result.errors) == 2, result.output
    assert "检查结果：2 处错误" in result.output


def test_empty_structure_file_refused(tmp_path):
    folder = copy_template(tmp_path)
    (folder / "structure.yaml").write_text("", encoding="utf-8")
    result = check_with(tmp_path, folder)
    assert result.code == 2
    assert_problem(result.errors, folder / "structure.yaml", 1, "结构文件应是“字段: 值”的形式")


def test_missing_template_folder_refused(tmp_path):
    result = check_with(tmp_path, tmp_path / "没有这个模板")
    assert result.code == 2
    assert "找不到模板" in result.output


def test_report_naming_an_unknown_template_refused(tmp_path):
    report = write(tmp_path, variant("template: default", "template: 没有这个模板"))
    result = run_check(report)
    assert result.code == 2
    assert "找不到模板“没有这个模板”" in result.output


# --- a new figure is a change to the structure file only -----------------------------------------

NEW_FIGURE = """\
          reconsideration_hearings:
            label: 行政复议听证
            unit: 件
            help: 以听证方式审理的行政复议案件。
"""
NEW_RULE = "          - part_of: {part: reconsideration_hearings, whole: reconsideration_accepted}\n"


def template_with_new_figure(tmp_path: Path) -> Path:
    """Copy the default set and append one figure and its rule to the disputes section."""
    folder = copy_template(tmp_path, "县级政府加听证")
    path = folder / "structure.yaml"
    text = path.read_text(encoding="utf-8")
    disputes = text.index("      disputes:\n")
    figures_end = text.index("        rules:\n", disputes)  # the figures end where the rules start
    text = text[:figures_end] + NEW_FIGURE + "        rules:\n" + NEW_RULE + text[figures_end + len("        rules:\n"):]
    path.write_text(text, encoding="utf-8")
    return folder


def report_with_hearings(hearings: str, template: str) -> str:
    text = variant("template: default", f"template: {template}")
    return variant("      reconsideration_accepted: 8\n",
                   f"      reconsideration_accepted: 8\n      reconsideration_hearings: {hearings}\n", text)


def bundled_digest() -> str:
    return hashlib.sha256((DEFAULT_TEMPLATE / "structure.yaml").read_bytes()).hexdigest()


def test_new_figure_accepted_with_structure_change_only(tmp_path):
    before = bundled_digest()
    folder = template_with_new_figure(tmp_path)
    report = write(tmp_path, report_with_hearings("2", folder.name))  # relative to the report
    result = run_check(report)
    assert result.code == 0, result.output
    assert result.stdout.strip() == "检查结果：没有发现问题。"
    assert bundled_digest() == before
    assert "reconsideration_hearings" not in STRUCTURE


def test_new_figure_rule_reported_with_new_label(tmp_path):
    folder = template_with_new_figure(tmp_path)
    text = report_with_hearings("9", str(folder))  # an absolute folder works as well
    report = write(tmp_path, text)
    result = run_check(report)
    assert result.code == 1, result.output
    assert_problem(result.errors, report, line_no(text, "reconsideration_hearings"), "行政复议听证",
                   "“行政复议听证”（9件）不能大于“受理行政复议案件”（8件）")
    assert len(result.errors) == 1


def test_new_figure_is_parsed_like_every_count(tmp_path):
    folder = template_with_new_figure(tmp_path)
    text = report_with_hearings("-1", folder.name)
    report = write(tmp_path, text)
    result = run_check(report)
    assert result.code == 1
    assert_problem(result.errors, report, line_no(text, "reconsideration_hearings"), "行政复议听证", "是负数")


def test_new_figure_typo_suggests_it_with_its_label(tmp_path):
    folder = template_with_new_figure(tmp_path)
    text = report_with_hearings("2", folder.name).replace("reconsideration_hearings", "reconsideration_hearing")
    report = write(tmp_path, text)
    result = run_check(report)
    assert result.code == 1
    assert_problem(result.errors, report, line_no(text, "reconsideration_hearing"),
                   "是不是想写 reconsideration_hearings（行政复议听证）？")


def test_new_figure_unknown_to_the_bundled_structure(tmp_path):
    folder = template_with_new_figure(tmp_path)
    text = report_with_hearings("2", folder.name)
    report = write(tmp_path, text)
    result = run_check(report, "--template", "default")
    assert result.code == 1
    assert_problem(result.errors, report, line_no(text, "reconsideration_hearings"),
                   "没有“reconsideration_hearings”这个字段")
