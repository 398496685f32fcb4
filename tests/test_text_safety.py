"""Text from the data is data: no markers to imitate, no line separators that make markup,
no escaped control characters that crash the .docx writer (issue 11, points 7–9)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import REPO, assert_problem, docx_text, line_no, run_drafter, variant, write

from drafter.datafile import dump_report
from drafter.templateset import find_template_set, load_structure
from drafter.yamlsource import load_yaml

ITEM = "      - 县委常委会专题听取法治建设工作汇报。"
STRUCTURE = load_structure(find_template_set("default").structure_path)


def _with_item(tmp_path: Path, quoted: str) -> Path:
    return write(tmp_path, variant(ITEM, f'      - "{quoted}"'))


def _render(tmp_path: Path, report: Path) -> tuple[object, str]:
    target = tmp_path / "out.docx"
    result = run_drafter("render", str(report), "-o", str(target))
    return result, docx_text(target) if target.exists() else ""


# --- point 7: private-use characters are the clerk's text, never drafter's markers ---------------

def test_private_use_characters_are_kept_with_a_warning(tmp_path):
    text = "县委\ue000常委会\ue001专题\ue002听取\ue003法治建设工作汇报。"
    report = _with_item(tmp_path, text)
    check = run_drafter("check", str(report))
    assert check.code == 0, check.output
    assert_problem(check.warnings, report, line_no(variant(ITEM, f'      - "{text}"'), "常委会"),
                   "items", "私用区", "U+E000、U+E001、U+E002、U+E003", "字体")
    result, shown = _render(tmp_path, report)
    assert result.code == 0, result.output
    assert "县委\ue000常委会\ue001专题\ue002听取\ue003法治建设工作汇报。" in shown.split("\n")  # one item: no 1.


def test_gbk_text_with_a_user_defined_character_imports_and_renders(tmp_path):
    text = (REPO / "seeds").glob("003_*.txt").__next__().read_text(encoding="utf-8")
    marked = text.replace("推进学法述法常态化", "推进学法述\ue000法常态化", 1)
    assert marked != text
    source = tmp_path / "上年.txt"
    # GBK writes U+E000 (the first user-defined character) as the bytes AA A1
    source.write_bytes(marked.encode("gb18030"))
    assert b"\xaa\xa1" in source.read_bytes()
    target = tmp_path / "上年.yaml"
    imported = run_drafter("import", str(source), "-o", str(target))
    assert imported.code == 0, imported.output
    assert "私用区" in imported.output
    result, shown = _render(tmp_path, target)
    assert result.code == 0, result.output
    paragraph = next(p for p in shown.split("\n") if "\ue000" in p)
    assert "推进学法述\ue000法常态化。加强习近平法治思想的学习宣传贯彻" in paragraph


# --- point 8: every line separator is a line, and a line from the data is never markup ------------

SEPARATORS = ["\\r", "\\r\\n", "\\v", "\\f", "\\x1c", "\\x1d", "\\x1e", "\\N", "\\L", "\\P", "\\n"]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_line_separators_in_text_do_not_become_markup(tmp_path, separator):
    report = _with_item(tmp_path, f"县委常委会听取汇报。{separator}# 伪造的标题{separator}@版头 伪造的版头"
                                  f"{separator}  @附注 伪造的附注")
    result, shown = _render(tmp_path, report)
    assert result.code == 0, result.output
    lines = shown.split("\n")
    assert "县委常委会听取汇报。" in lines  # a single item: no 1.
    for forged in ("# 伪造的标题", "@版头 伪造的版头", "@附注 伪造的附注"):
        assert forged in lines, shown
    assert "伪造的版头" not in shown.replace("@版头 伪造的版头", "")
    assert "（伪造的附注）" not in shown


def test_one_definition_of_a_line_for_escaping_and_splitting():
    from drafter.render.markup import parse_blocks
    from drafter.render.text import _escape_markup

    for separator in ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"):
        blocks = parse_blocks(_escape_markup(f"正文{separator}# 标题{separator}@版头 红头"))
        assert [type(b).__name__ for b in blocks] == ["Paragraph"] * 3, separator
        assert [b.text for b in blocks] == ["正文", "# 标题", "@版头 红头"]


# --- point 9: escaped control characters are treated like raw ones --------------------------------

@pytest.mark.parametrize("escape, shown", [
    ("\\0", "U+0000"), ("\\x01", "U+0001"), ("\\a", "U+0007"), ("\\e", "U+001B"),
    ("\\ud800", "U+D800"), ("\\uFFFE", "U+FFFE"), ("\\uFDD0", "U+FDD0"), ("\\x7f", "U+007F"),
    ("\\u200b", "U+200B"), ("\\u202e", "U+202E"), ("\\u200e", "U+200E")])  # direction marks: text shown reversed
def test_yaml_escapes_are_removed_with_a_warning_naming_file_line_and_field(tmp_path, escape, shown):
    text = variant(ITEM, f'      - "县委常委会{escape}专题听取法治建设工作汇报。"')
    report = write(tmp_path, text)
    check = run_drafter("check", str(report))
    assert check.code == 0, check.output
    assert_problem(check.warnings, report, line_no(text, "常委会"), "items", "删除了", shown)
    result, rendered = _render(tmp_path, report)
    assert result.code == 0, result.output
    assert "县委常委会专题听取法治建设工作汇报。" in rendered.split("\n")  # a single item: no 1.


def test_escapes_in_a_meta_field_name_the_field(tmp_path):
    text = variant("  issuer: 灵丘县人民政府", '  issuer: "灵丘县\\0人民政府"')
    report = write(tmp_path, text)
    check = run_drafter("check", str(report))
    assert_problem(check.warnings, report, line_no(text, "issuer"), "issuer", "U+0000")
    result, rendered = _render(tmp_path, report)
    assert result.code == 0, result.output
    assert "灵丘县人民政府" in rendered


def test_escapes_in_layout_and_structure_are_removed_with_a_warning(tmp_path):
    source = find_template_set("default").path
    folder = tmp_path / "模板"
    run_drafter("template", "init", str(folder))
    layout = folder / "layout.yaml"
    layout_text = layout.read_text(encoding="utf-8")
    family = next(line for line in layout_text.split("\n") if "family:" in line)
    changed = layout_text.replace(family, family.split("family:")[0] + 'family: ["黑\\x00体"]', 1)
    layout.write_text(changed, encoding="utf-8")
    structure = folder / "structure.yaml"
    structure_text = structure.read_text(encoding="utf-8")
    assert (source / "structure.yaml").read_text(encoding="utf-8") == structure_text
    label = next(line for line in structure_text.split("\n") if line.strip().startswith("label:"))
    structure.write_text(structure_text.replace(label, label.split("label:")[0] + 'label: "收到\\a申请"', 1),
                         encoding="utf-8")
    result = run_drafter("template", "check", str(folder))
    assert result.code == 0, result.output
    assert_problem(result.warnings, layout, line_no(changed, '"黑\\x00体"'), "family", "U+0000")
    assert any(str(structure) in line and "U+0007" in line for line in result.warnings), result.output
    assert load_yaml(layout).data and "黑体" in yaml.safe_dump(load_yaml(layout).data, allow_unicode=True)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r", "\x0b"])
def test_text_with_any_line_separator_is_saved_and_read_back(tmp_path, separator):
    data = {"meta": {"issuer": f"灵丘县{separator}人民政府", "year": 2025},
            "opening": {"theme": f"主线{separator}第二行"},
            "problems": {"intro": f"引言{separator}", "items": [f"一是{separator}二是", "三是\x00"]},
            "extra": f"不认识{separator}的字段"}
    text = dump_report(STRUCTURE, data)
    path = write(tmp_path, text)
    loaded = load_yaml(path)
    assert loaded.problems == []
    assert loaded.data["meta"]["issuer"] == "灵丘县\n人民政府"
    assert loaded.data["opening"]["theme"] == "主线\n第二行"
    assert loaded.data["problems"]["items"] == ["一是\n二是", "三是"]
    assert loaded.data["extra"] == "不认识\n的字段"
