"""A second report type from files alone: the 政府信息公开工作年度报告 set in examples/ goes through
``template check``, ``check`` and ``render``; its six statutory parts and its statistical tables
reach the document and the PDF."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import docx
import pytest

from tests.helpers import REPO, run_drafter
from tests.render.conftest import need_libreoffice

FOLDER = REPO / "examples" / "政府信息公开"
SET = FOLDER / "模板"
EXAMPLE = FOLDER / "示例县2024.yaml"
PARTS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example copied beside its set and rendered without -o (the set names the file), with a PDF."""
    need_libreoffice()
    folder = tmp_path_factory.mktemp("gov") / "政府信息公开"
    shutil.copytree(FOLDER, folder)
    result = run_drafter("render", str(folder / EXAMPLE.name), "--pdf", timeout=300)
    assert result.code == 0, result.output
    out = folder / "示例县人民政府2024年政府信息公开工作年度报告.docx"
    assert out.is_file(), result.output
    return out, out.with_suffix(".pdf")


def test_the_set_and_its_example_pass_the_checks() -> None:
    assert run_drafter("template", "check", str(SET)).code == 0
    result = run_drafter("check", str(EXAMPLE))
    assert result.code == 0, result.output
    assert "没有发现问题" in result.output


def test_the_set_declares_its_title_and_file_name(rendered: tuple[Path, Path]) -> None:
    document = docx.Document(str(rendered[0]))
    assert document.core_properties.title == "示例县人民政府2024年政府信息公开工作年度报告"
    assert document.core_properties.author == "示例县人民政府"


def test_the_six_statutory_parts_in_order(rendered: tuple[Path, Path]) -> None:
    import pdfplumber

    with pdfplumber.open(str(rendered[1])) as pdf:
        lines = [line.replace(" ", "") for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    found = [line for line in lines if line in PARTS]
    assert found == PARTS


def test_the_statistical_tables_reach_the_pdf(rendered: tuple[Path, Path]) -> None:
    import pdfplumber

    with pdfplumber.open(str(rendered[1])) as pdf:
        rows = [[(cell or "").replace("\n", "") for cell in row]
                for page in pdf.pages for table in page.extract_tables() for row in table]
    assert ["行政规范性文件", "12", "7", "64"] in rows
    assert ["行政许可", "18520"] in rows
    assert ["行政事业性收费", "386.5"] in rows
    assert ["行政复议", "2", "1", "0", "0", "3"] in rows
    assert ["行政诉讼", "1", "0", "0", "1", "2"] in rows
    assert ["（二）部分公开", "4", "1"] in rows
    assert ["规章", "0", "0", "0"] in rows  # figures not reported print as 0


def test_the_tables_in_the_docx_repeat_their_header_and_keep_rows_whole(rendered: tuple[Path, Path]) -> None:
    document = docx.Document(str(rendered[0]))
    assert len(document.tables) == 5
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert first.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None for row in first.rows)
    assert all(run.bold for cell in first.rows[0].cells for run in cell.paragraphs[0].runs)
    captions = [p.text for p in document.paragraphs if p.text.startswith("第二十条")]
    assert captions == ["第二十条第（一）项", "第二十条第（五）项、第（六）项", "第二十条第（八）项"]


def test_a_part_without_its_own_template_uses_the_sets_fallback() -> None:
    assert not (SET / "text" / "parts" / "overview.j2").exists()
    assert (SET / "text" / "parts" / "_items.j2").is_file()


def test_a_missing_statutory_figure_is_named_by_the_sets_rules(tmp_path: Path) -> None:
    folder = tmp_path / "政府信息公开"
    shutil.copytree(FOLDER, folder)
    report = folder / EXAMPLE.name
    report.write_text(report.read_text(encoding="utf-8").replace("review_total: 3", "review_total: 2"),
                      encoding="utf-8")
    result = run_drafter("check", str(report))
    assert result.code != 0 or "警告" in result.output, result.output
    assert "行政复议总计" in result.output


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_new_asks_the_sets_own_questions_and_saves_them(tmp_path: Path) -> None:
    import pexpect

    folder = tmp_path / "政府信息公开"
    shutil.copytree(SET, folder / "模板")
    env = dict(os.environ, TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1", PYTHONPATH=str(REPO),
               PYTHONUTF8="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    child = pexpect.spawn(sys.executable, ["-m", "drafter", "new", "-o", "报告.yaml", "--template", "模板"],
                          cwd=str(folder), env=env, encoding="utf-8", dimensions=(40, 120), timeout=60)
    child.expect("发布机关")  # the set's label, not the default set's 发文机关
    child.sendline("示例县人民政府")
    child.expect("报告年度")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    saved = (folder / "报告.yaml").read_text(encoding="utf-8")
    assert "issuer: 示例县人民政府" in saved and "template: 模板" in saved
    assert "政府信息公开工作年度报告" in saved.splitlines()[0]
    assert "rules_made:" in saved and "review_total:" in saved
