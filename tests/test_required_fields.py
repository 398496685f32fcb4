"""A required field left blank: an error, or, where the set declares a default, a warning and the default.

The 行政层级 (``level``) is required, but an imported report or a form may not know it:
``check`` names it with file and line, and ``render`` writes what ``check`` announced.
"""

from __future__ import annotations

from pathlib import Path

from helpers import VALID_REPORT, assert_problem, docx_text, line_no, run_check, run_drafter, variant, write

CITY_SET = """\
extends: default
version: 1
name: 市级测试模板
meta:
  fields:
    level:
      default: 设区的市
"""

WITH_AREA = VALID_REPORT.replace("  disputes:\n", "  functions:\n    figures:\n      centralized_powers: 120\n"
                                 "  disputes:\n", 1)


def test_a_blank_level_is_reported_with_its_line_and_the_default_used(tmp_path: Path) -> None:
    text = variant("  level: 县级政府\n", "  level:\n")
    path = write(tmp_path, text)
    result = run_check(path)
    assert result.code == 0, result.output
    assert_problem(result.warnings, path, line_no(text, "level:"), "行政层级", "没有填写",
                   "按默认的“县级政府”写", "可选：县级政府、设区的市")


def test_a_blank_required_field_without_default_is_an_error(tmp_path: Path) -> None:
    text = variant("  issuer: 灵丘县人民政府\n", "  issuer: ''\n")
    path = write(tmp_path, text)
    result = run_check(path)
    assert result.code == 1, result.output
    assert_problem(result.errors, path, line_no(text, "issuer:"), "发文机关", "必须填写")


def test_render_writes_the_default_check_announced(tmp_path: Path) -> None:
    (tmp_path / "市级").mkdir()
    (tmp_path / "市级" / "structure.yaml").write_text(CITY_SET, encoding="utf-8")
    text = variant("  level: 县级政府\n", "  level:\n",
                   WITH_AREA.replace("template: default", "template: 市级"))
    # an issuer whose ending names no kind of government: the words come from the (default) level
    text = text.replace("issuer: 灵丘县人民政府", "issuer: 某某经济开发区管理委员会", 1)
    path = write(tmp_path, text)
    checked = run_check(path)
    assert checked.code == 0 and "按默认的“设区的市”写" in checked.output, checked.output
    rendered = run_drafter("render", str(path), "-o", str(tmp_path / "out.docx"), cwd=tmp_path)
    assert rendered.code == 0, rendered.output
    body = docx_text(tmp_path / "out.docx")
    assert "全市共有120项依申请权力事项" in body and "全县" not in body
