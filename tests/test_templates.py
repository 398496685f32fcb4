"""Template sets: the README's worked examples end to end, broken sets, the sandbox, the department set."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.helpers import REPO, docx_text, run_drafter

REPORT = """\
template: default
meta:
  issuer: 示例县人民政府
  year: 2025
  recipients: [中共示例县委, 县人大常委会]
  written_date: 2026-01-08
measures:
  disputes:
    figures:
      reconsideration_received: 66
      reconsideration_accepted: 64
      reconsideration_concluded: 60
    items:
      - 畅通行政复议申请渠道。
  technology:
    items:
      - 推进数字政府建设。
problems:
  items: [法治意识有待强化。]
next_year:
  items: [持续推进法治政府建设。]
"""


@pytest.fixture()
def template_copy(tmp_path: Path) -> Path:
    target = tmp_path / "我县模板"
    result = run_drafter("template", "init", str(target))
    assert result.code == 0, result.output
    assert "已复制模板" in result.output
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _render(tmp_path: Path, template: Path, report: str = REPORT) -> Path:
    source = tmp_path / "报告.yaml"
    source.write_text(report, encoding="utf-8")
    out = tmp_path / "报告.docx"
    result = run_drafter("render", str(source), "--template", str(template), "-o", str(out))
    assert result.code == 0, result.output
    return out


def test_readme_shows_every_worked_example() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for title in ("例一：改一句话", "例二：改小节名称", "例三：增加一个数字", "例四：删掉一个小节", "例五：换正文字体"):
        assert title in readme


def test_example_change_a_sentence(tmp_path: Path, template_copy: Path) -> None:
    _edit(template_copy / "text/sections/disputes.j2", "共收到行政复议申请{{ f.reconsideration_received }}",
          "共接收行政复议申请{{ f.reconsideration_received }}")
    assert run_drafter("template", "check", str(template_copy)).code == 0
    text = docx_text(_render(tmp_path, template_copy))
    assert "共接收行政复议申请66件" in text
    assert "共收到行政复议申请" not in text


def test_example_rename_a_subsection(tmp_path: Path, template_copy: Path) -> None:
    _edit(template_copy / "structure.yaml", "heading: 健全矛盾纠纷行政预防调处化解体系，维护社会和谐稳定",
          "heading: 依法化解矛盾纠纷，维护社会和谐稳定")
    text = docx_text(_render(tmp_path, template_copy))
    assert "（一）依法化解矛盾纠纷，维护社会和谐稳定" in text


def test_example_add_a_figure(tmp_path: Path, template_copy: Path) -> None:
    _edit(template_copy / "structure.yaml", "          reconsideration_accepted:\n",
          "          reconsideration_hearings:\n            label: 组织行政复议听证\n            unit: 次\n"
          "            help: 行政复议机构组织听证的次数。\n          reconsideration_accepted:\n")
    disputes = template_copy / "text/sections/disputes.j2"
    lines = disputes.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("其中：维持"))
    lines.insert(at + 1, "组织听证{{ f.reconsideration_hearings }}")
    disputes.write_text("\n".join(lines), encoding="utf-8")
    assert run_drafter("template", "check", str(template_copy)).code == 0
    report = REPORT.replace("      reconsideration_concluded: 60\n",
                            "      reconsideration_concluded: 60\n      reconsideration_hearings: 3\n")
    text = docx_text(_render(tmp_path, template_copy, report))
    assert "审结60件，组织听证3次" in text
    bad = tmp_path / "坏.yaml"
    bad.write_text(report.replace("reconsideration_hearings: 3", "reconsideration_hearings: abc"), encoding="utf-8")
    result = run_drafter("check", str(bad), "--template", str(template_copy))
    assert result.code == 1
    assert f"{bad}:13: 组织行政复议听证: “abc”不是数字" in result.output
    without = docx_text(_render(tmp_path, template_copy))
    assert "听证" not in without


def test_example_drop_a_subsection(tmp_path: Path, template_copy: Path) -> None:
    structure = template_copy / "structure.yaml"
    text = structure.read_text(encoding="utf-8")
    start = text.index("      technology:\n")
    end = text.index("  problems:\n")
    structure.write_text(text[:start] + text[end:], encoding="utf-8")
    assert run_drafter("template", "check", str(template_copy)).code == 0
    source = tmp_path / "报告.yaml"
    source.write_text(REPORT, encoding="utf-8")
    result = run_drafter("check", str(source), "--template", str(template_copy))
    assert result.code == 1 and "technology" in result.output
    report = REPORT.replace("  technology:\n    items:\n      - 推进数字政府建设。\n", "")
    rendered = docx_text(_render(tmp_path, template_copy, report))
    assert "科技保障" not in rendered
    assert "（一）健全矛盾纠纷" in rendered


def _east_asian_fonts(path: Path, needle: str) -> set[str]:
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if needle in p.text)
    fonts = set()
    for element in [paragraph._p, *paragraph._p.iterchildren()]:
        for rfonts in element.iter(qn("w:rFonts")):
            if rfonts.get(qn("w:eastAsia")):
                fonts.add(rfonts.get(qn("w:eastAsia")))
    style = paragraph.style
    while style is not None:
        for rfonts in style.element.iter(qn("w:rFonts")):
            if rfonts.get(qn("w:eastAsia")):
                fonts.add(rfonts.get(qn("w:eastAsia")))
        style = style.base_style
    return fonts


def test_example_change_the_body_font(tmp_path: Path, template_copy: Path) -> None:
    before = _render(tmp_path, template_copy)
    assert "仿宋_GB2312" in _east_asian_fonts(before, "畅通行政复议申请渠道")
    _edit(template_copy / "layout.yaml", "  body:                  # 主送机关、正文、署名、成文日期、附注\n"
          "    family: [仿宋_GB2312, 仿宋, FangSong]",
          "  body:                  # 主送机关、正文、署名、成文日期、附注\n    family: [楷体_GB2312, 楷体, KaiTi]")
    after = _render(tmp_path, template_copy)
    fonts = _east_asian_fonts(after, "畅通行政复议申请渠道")
    assert "楷体_GB2312" in fonts and "仿宋_GB2312" not in fonts


BROKEN = {
    "syntax": ("text/sections/disputes.j2", "年内，\n共收到", "年内，{% if %}\n共收到", "disputes.j2", "模板语法错误"),
    "unknown variable": ("text/sections/disputes.j2", "{{ f.reconsideration_accepted }}",
                         "{{ f.reconsideration_acepted }}", "disputes.j2", "结构中没有的数字“reconsideration_acepted”"),
    "duplicate key": ("structure.yaml", "          reconsideration_accepted:\n",
                      "          reconsideration_received:\n            label: 又一个\n            unit: 件\n"
                      "          reconsideration_accepted:\n", "structure.yaml", "重复"),
    "missing label": ("structure.yaml", "            label: 受理行政复议案件\n", "", "structure.yaml", "缺少中文名称"),
    "unknown font size": ("layout.yaml", "  heading1:              # 一级标题“一、”\n    family: [黑体, SimHei]\n    size: 3号",
                          "  heading1:              # 一级标题“一、”\n    family: [黑体, SimHei]\n    size: 三好",
                          "layout.yaml", "三好"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_sets_are_refused_with_file_and_line(tmp_path: Path, template_copy: Path, case: str) -> None:
    relative, old, new, file_name, message = BROKEN[case]
    _edit(template_copy / relative, old, new)
    result = run_drafter("template", "check", str(template_copy))
    assert result.code != 0, result.output
    lines = [line for line in result.output.splitlines() if message in line]
    assert lines, result.output
    assert any(f"{file_name}:" in line and line.split(f"{file_name}:")[1].split(":")[0].isdigit()
               for line in lines), lines
    source = tmp_path / "报告.yaml"
    source.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "报告.docx"
    rendered = run_drafter("render", str(source), "--template", str(template_copy), "-o", str(out))
    assert rendered.code != 0
    assert message in rendered.output
    assert not out.exists()


def _render_with(tmp_path: Path, template_copy: Path, line: str):
    opening = template_copy / "text/opening.j2"
    opening.write_text(opening.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    source = tmp_path / "报告.yaml"
    source.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "报告.docx"
    return run_drafter("render", str(source), "--template", str(template_copy), "-o", str(out)), out


@pytest.mark.parametrize("attack", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",   # from a string to every class
    "{{ sentence.func.__globals__ }}",                        # from a helper to the module's globals
    "{{ '{0.__class__}'.format('') }}",                  # the same through str.format
    "{{ [].append(1) }}",                                # changing data: the sandbox is immutable
])
def test_templates_run_in_a_sandbox(tmp_path: Path, template_copy: Path, attack: str) -> None:
    result, out = _render_with(tmp_path, template_copy, attack)
    assert result.code == 2, result.output
    assert "模板做了不允许的操作" in result.output and "unsafe" not in result.output  # no English leaks
    assert not out.exists()


@pytest.mark.parametrize("attack", ["{% include '/etc/passwd' %}", "{% include '../../../../etc/passwd' %}"])
def test_templates_include_only_files_of_the_set(tmp_path: Path, template_copy: Path, attack: str) -> None:
    result, out = _render_with(tmp_path, template_copy, attack)
    assert result.code == 2, result.output
    assert "找不到文本模板" in result.output and "root:" not in result.output
    assert not out.exists()


def test_report_remembers_its_template_folder(tmp_path: Path, template_copy: Path) -> None:
    _edit(template_copy / "text/sections/disputes.j2", "共收到行政复议申请", "共接收行政复议申请")
    source = tmp_path / "报告.yaml"
    source.write_text(REPORT.replace("template: default", "template: 我县模板"), encoding="utf-8")
    out = tmp_path / "报告.docx"
    result = run_drafter("render", str(source), "-o", str(out), cwd=REPO.parent)
    assert result.code == 0, result.output
    assert "共接收行政复议申请66件" in docx_text(out)


def test_department_set_extends_default_and_renders(tmp_path: Path) -> None:
    assert run_drafter("template", "check", "department").code == 0
    files = {p.relative_to(REPO / "templates/department").as_posix()
             for p in (REPO / "templates/department").rglob("*") if p.is_file()}
    assert "layout.yaml" not in files and "text/report.j2" not in files  # shared, not copied
    example = REPO / "examples" / "示例县司法局2025.yaml"
    out = tmp_path / "部门.docx"
    result = run_drafter("render", str(example), "-o", str(out))
    assert result.code == 0, result.output
    text = docx_text(out)
    assert "主要负责人履行推进法治建设第一责任人职责情况" in text
    assert "规范行政许可和行政处罚" in text
    assert "突发事件" not in text


def test_department_copy_keeps_extending(tmp_path: Path) -> None:
    target = tmp_path / "部门模板"
    assert run_drafter("template", "init", str(target), "--from", "department").code == 0
    assert (target / "structure.yaml").read_text(encoding="utf-8").count("extends: default") == 1
    assert run_drafter("template", "check", str(target)).code == 0


def test_template_init_refuses_to_overwrite(tmp_path: Path, template_copy: Path) -> None:
    result = run_drafter("template", "init", str(template_copy))
    assert result.code != 0
    assert "已存在" in result.output


def test_wizard_runs_the_same_template_check_first(tmp_path: Path, template_copy: Path) -> None:
    import os
    import sys

    import pexpect

    _edit(template_copy / "text/sections/disputes.j2", "{{ f.reconsideration_accepted }}",
          "{{ f.reconsideration_acepted }}")
    output = tmp_path / "新报告.yaml"
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "drafter", "new", "-o", str(output), "--template",
                                           str(template_copy)], env=env, encoding="utf-8",
                          dimensions=(40, 120), timeout=30)
    child.expect("结构中没有的数字“reconsideration_acepted”")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus != 0
    assert "Traceback" not in (child.before or "")
    assert not output.exists()


def test_removing_an_inherited_figure_names_the_rules_that_use_it(tmp_path: Path) -> None:
    child = tmp_path / "子模板"
    child.mkdir()
    (child / "structure.yaml").write_text(
        "extends: default\nparts:\n  measures:\n    sections:\n      disputes:\n        figures:\n"
        "          mediation_total: null\n", encoding="utf-8")
    result = run_drafter("template", "check", str(child))
    assert result.code != 0
    lines = [line for line in result.output.splitlines() if "mediation_total" in line]
    assert lines and all("templates/default/structure.yaml:" in line for line in lines)
    assert all("被删去" in line for line in lines)


def test_error_inside_a_subsection_added_by_a_child_set_names_its_own_line(tmp_path: Path) -> None:
    child = tmp_path / "子模板"
    child.mkdir()
    text = ("extends: default\nparts:\n  measures:\n    sections:\n      new_section:\n"
            "        heading: 新增的小节\n        figures:\n          new_count:\n"
            "            label: 新增的数字\n            unit: 件\n            kind: bogus_kind\n")
    (child / "structure.yaml").write_text(text, encoding="utf-8")
    result = run_drafter("template", "check", str(child))
    assert result.code != 0
    wanted = f"{child / 'structure.yaml'}:{text.split(chr(10)).index('            kind: bogus_kind') + 1}:"
    assert any(line.startswith(wanted) and "bogus_kind" in line for line in result.output.splitlines()), \
        result.output
