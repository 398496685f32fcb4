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


# --- the same set with other keys for the fields drafter needs: only the roles tell them ---------

RENAMED = {"issuer": "agency", "year": "report_year", "written_date": "published_on"}


def _renamed_set(tmp_path: Path) -> Path:
    """Copy the set and its example, the fields playing issuer, year and written_date renamed."""
    folder = tmp_path / "政府信息公开"
    shutil.copytree(FOLDER, folder)
    structure = folder / "模板" / "structure.yaml"
    text = structure.read_text(encoding="utf-8")
    for old, new in RENAMED.items():
        text = text.replace(f"{old}: {old}", f"{old}: {new}").replace(f"{{{old}}}", f"{{{new}}}")
        text = text.replace(f"\n    {old}:\n", f"\n    {new}:\n").replace(f"field: {old}}}", f"field: {new}}}")
    structure.write_text(text, encoding="utf-8")
    report_j2 = folder / "模板" / "text" / "report.j2"
    report_j2.write_text(report_j2.read_text(encoding="utf-8").replace("meta.issuer", "meta.agency")
                         .replace("meta.written_date", "meta.published_on"), encoding="utf-8")
    example = folder / EXAMPLE.name
    data = example.read_text(encoding="utf-8")
    for old, new in RENAMED.items():
        data = data.replace(f"\n  {old}: ", f"\n  {new}: ")
    example.write_text(data, encoding="utf-8")
    assert "issuer:" not in data and "\n  year:" not in data and "agency: 示例县人民政府" in data
    return folder


def test_other_role_keys_go_through_check_render_and_merge(tmp_path: Path) -> None:
    folder = _renamed_set(tmp_path)
    example = folder / EXAMPLE.name
    assert run_drafter("template", "check", str(folder / "模板")).code == 0
    checked = run_drafter("check", str(example))
    assert checked.code == 0 and "没有发现问题" in checked.output, checked.output

    rendered = run_drafter("render", str(example), cwd=folder)
    assert rendered.code == 0, rendered.output
    out = folder / "示例县人民政府2024年政府信息公开工作年度报告.docx"  # the file-name pattern's own keys
    document = docx.Document(str(out))
    assert document.core_properties.author == "示例县人民政府"
    lines = [p.text for p in document.paragraphs]
    assert "示例县人民政府\n2024年政府信息公开工作年度报告" in lines  # the title: meta.agency and year
    assert "示例县人民政府" in lines and "2025年1月20日" in lines  # the signature: meta.published_on

    second = folder / "乙县2024.yaml"
    second.write_text(example.read_text(encoding="utf-8").replace("agency: 示例县人民政府", "agency: 乙县人民政府")
                      .replace("review_total: 3", "review_total: 4").replace("review_upheld: 2", "review_upheld: 3"),
                      encoding="utf-8")
    merged = folder / "汇总.yaml"
    result = run_drafter("merge", str(merged), str(example), str(second), "--issuer", "示例市人民政府")
    assert result.code == 0, result.output
    text = merged.read_text(encoding="utf-8")
    assert "agency: 示例市人民政府" in text and "report_year: 2024" in text
    assert "issuer" not in text and "\n  year:" not in text
    assert "review_total: 7" in text
    assert run_drafter("check", str(merged)).code in (0, 1)  # readable: items to pick are warnings at most


def test_the_date_rule_reads_the_year_from_the_role(tmp_path: Path) -> None:
    example = _renamed_set(tmp_path) / EXAMPLE.name
    example.write_text(example.read_text(encoding="utf-8").replace("published_on: 2025-01-20", "published_on: 2024-12-20"),
                       encoding="utf-8")
    result = run_drafter("check", str(example))
    assert "2024年12月20日 不在报告年度（2024年）之后" in result.output, result.output


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_new_from_last_year_carries_the_role_fields_over(tmp_path: Path) -> None:
    """The issuer is offered again, the year moves on and the written date defaults to today:
    the wizard finds them by their roles, whatever their keys."""
    import pexpect

    folder = _renamed_set(tmp_path)
    env = dict(os.environ, TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1", PYTHONPATH=str(REPO),
               PYTHONUTF8="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    child = pexpect.spawn(sys.executable, ["-m", "drafter", "new", "-o", "新.yaml", "--from", EXAMPLE.name],
                          cwd=str(folder), env=env, encoding="utf-8", dimensions=(40, 120), timeout=60)
    child.expect("发布机关")
    child.sendline("")  # take the carried-over name
    child.expect("报告年度")
    child.sendline("")  # take the next year
    child.expect("发布日期")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    saved = (folder / "新.yaml").read_text(encoding="utf-8")
    assert "agency: 示例县人民政府" in saved and "report_year: 2025" in saved, saved
