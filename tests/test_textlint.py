"""The reader's lint of the report text: each check finds its fault (negative controls) and
the real report texts (the examples, ``drafter check --text``) have none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

from drafter.render.textcheck import report_text
from drafter.report import open_report
from drafter.textlint import Expect, lint_text

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
PARTS = (("主要举措和成效", True), ("存在的不足和原因", True), ("其他需要报告的情况", False))
GOOD = """\
@标题 某县人民政府2025年法治政府建设年度报告
2025年，某县扎实推进法治政府建设各项工作。
# 一、主要举措和成效
## （一）加强党的领导
年内，党委常委会听取法治建设工作汇报4次。
1.县委常委会专题听取法治建设工作汇报。
2.组织集体学法。
## （二）健全矛盾纠纷化解体系
12345政务服务便民热线共承办群众诉求8063件，群众满意度99.2%。政务大厅受理16.76万件。
# 二、存在的不足和原因
一是法治宣传的针对性还不够强。
二是执法队伍力量薄弱。
"""


def _checks(text: str, expect: Expect | None = None) -> set[str]:
    return {finding.check for finding in lint_text(text, expect or Expect(parts=PARTS))}


def test_a_clean_text_has_no_finding() -> None:
    assert lint_text(GOOD, Expect(parts=PARTS, dependent=frozenset({"群众满意度"}))) == []


# Each row: (check, the good words, the same words with the fault). The faulty text is the
# good text with one replacement, so each check is shown to bite on its fault alone.
NEGATIVE_CONTROLS = [
    ("数量级", "受理16.76万件", "受理16.76万万件"),
    ("数量级", "受理16.76万件", "受理16.76亿亿件"),
    ("单位", "工作汇报4次", "工作汇报4次次"),
    ("单位", "满意度99.2%", "满意度99.2%%"),
    ("单位", "满意度99.2%", "满意度99以上%"),
    ("单位", "工作汇报4次", "工作汇报4以上次"),
    ("序号", "一是法治宣传", "一是一是法治宣传"),
    ("序号", "1.县委常委会", "1.1.县委常委会"),
    ("序号", "二是执法队伍", "三是执法队伍"),
    ("序号", "2.组织集体学法", "（2）组织集体学法"),
    ("主语", "12345政务服务便民热线共承办群众诉求8063件，群众满意度", "群众满意度"),
    ("零", "工作汇报4次", "工作汇报0次"),
    ("零", "8063件", "0件"),
    ("百分比", "满意度99.2%", "满意度100%以上"),
    ("百分比", "满意度99.2%", "满意度100.5%"),
    ("百分比", "满意度99.2%", "满意度100％以上"),
    ("百分比", "满意度99.2%", "满意度120％"),
    ("数字写法", "满意度99.2%", "满意度99．2%"),
    ("数字写法", "满意度99.2%", "满意度９９.２%"),
    ("标点", "4次。", "4次，。"),
    ("标点", "4次。", "4次。。"),
    ("标点", "8063件，", "8063件、，"),
    ("标点", "8063件，群众", "8063件,群众"),
    ("标点", "专题听取", "专题(听取)"),
    ("标点", "8063件，群众", "8063件; 群众"),
    ("标点", "专题听取", "专题: 听取"),
    ("标点", "专题听取", "专题\"听取\""),
    ("配对", "专题听取", "专题“听取"),
    ("配对", "专题听取", "专题《听取"),
    ("配对", "专题听取", "专题听取）"),
    ("数字写法", "8063件", "8,063件"),
    ("数字写法", "满意度99.2%", "满意度99. 2%"),
    ("数字写法", "满意度99.2%", "满意度99 .2%"),
    ("数字写法", "8063件", "8 063件"),
    ("标点", "专题听取", "专题— —听取"),
    ("数字写法", "2025年，某县", "25年度，某县"),
    ("数字写法", "扎实推进", "于2025年01月08日扎实推进"),
    ("部分", "# 二、存在的不足和原因", "# 二、存在问题"),
    ("部分", "# 二、存在的不足和原因", "# 三、存在的不足和原因"),
    ("部分", "# 二、存在的不足和原因\n一是法治宣传的针对性还不够强。\n二是执法队伍力量薄弱。\n", ""),
    ("小节", "## （二）健全", "## （三）健全"),
    ("小节", "年内，党委常委会听取法治建设工作汇报4次。\n1.县委常委会专题听取法治建设工作汇报。\n2.组织集体学法。\n", ""),
]


@pytest.mark.parametrize(("check", "good", "bad"), NEGATIVE_CONTROLS,
                         ids=[f"{c}:{b[:12]}" for c, _, b in NEGATIVE_CONTROLS])
def test_each_check_finds_its_fault(check: str, good: str, bad: str) -> None:
    assert good in GOOD
    expect = Expect(parts=PARTS, dependent=frozenset({"群众满意度"}))
    findings = lint_text(GOOD.replace(good, bad, 1), expect)
    assert check in {f.check for f in findings}, findings
    assert all(f.message and f.where for f in findings)


def test_a_clerks_sentence_may_start_with_the_words_of_a_clause() -> None:
    text = GOOD.replace("二是执法队伍力量薄弱。", "二是执法队伍力量薄弱。群众满意度还不够高。")
    assert lint_text(text, Expect(parts=PARTS, dependent=frozenset({"群众满意度"}))) == []


@pytest.mark.parametrize("items", [
    ["第一，不足。", "第二、不足。", "第三：不足。"], ["1、不足。", "2.不足。"], ["（1）不足。", "(2)不足。"],
    ["首先，不足。", "其次，不足。", "最后，不足。"], ["一是不足。", "二是不足。"],
])
def test_enumerators_in_sequence_are_fine(items: list[str]) -> None:
    text = "# 一、主要举措和成效\n年内工作4次。\n# 二、存在的不足和原因\n" + "\n".join(items) + "\n"
    assert [f for f in lint_text(text, Expect(parts=PARTS)) if f.check == "序号"] == []


def test_parts_out_of_order_are_found() -> None:
    swapped = "# 一、存在的不足和原因\n一是不足。\n# 二、主要举措和成效\n年内工作4次。\n"
    findings = lint_text(swapped, Expect(parts=PARTS))
    assert "部分的顺序与规定不符" in {f.message for f in findings}


def test_a_growth_or_completion_may_pass_a_hundred_percent() -> None:
    text = "# 一、主要举措和成效\n办理法律援助案件同比增长150%，完成年度任务的197%。\n# 二、存在的不足和原因\n一是不足。\n"
    assert lint_text(text, Expect(parts=PARTS)) == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_examples_read_right(example: Path) -> None:
    text, expect = report_text(open_report(example))
    assert expect.parts and "# 一、" in text
    assert lint_text(text, expect) == []


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "drafter", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_text_lists_what_a_reader_would_send_back(tmp_path: Path) -> None:
    source = (REPO / "examples" / "灵丘县2025.yaml").read_text(encoding="utf-8")
    report = tmp_path / "report.yaml"
    report.write_text(source, encoding="utf-8")
    clean = _run("check", "--text", str(report), cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "文字检查：生成的报告文字没有发现问题" in clean.stdout

    bad = source.replace("    - 法治意识有待强化。", "    - 一是（法治意识有待强化。", 1)
    assert bad != source
    report.write_text(bad, encoding="utf-8")
    found = _run("check", "--text", str(report), cwd=tmp_path)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "“二、存在的不足和原因”第2段" in found.stdout  # after the intro
    assert "“（”没有配对" in found.stdout
    assert "文字检查：生成的报告文字有 1 处需要修改" in found.stdout


def test_check_text_waits_for_the_data_errors(tmp_path: Path) -> None:
    report = tmp_path / "report.yaml"
    source = (REPO / "examples" / "灵丘县2025.yaml").read_text(encoding="utf-8")
    report.write_text(source.replace("  year: 2025", "  year: 两千", 1), encoding="utf-8")
    result = _run("check", "--text", str(report), cwd=tmp_path)
    assert result.returncode == 1
    assert "文字检查：数据有错误，改正后才能生成文字检查。" in result.stdout
