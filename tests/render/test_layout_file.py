"""layout.yaml: the default file holds GB/T 9704-2012, and every bad value is refused with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import StructureError
from drafter.problems import Level
from drafter.render.layout import SIZE_NAMES, check_layout, font_size, load_layout

from .sample import DEFAULT_LAYOUT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "layout.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path) -> list:
    return [p for p in check_layout(path) if p.level is Level.ERROR]


def test_default_layout_is_gbt9704(layout):
    page, grid, fonts = layout.page, layout.grid, layout.fonts
    assert (page.width, page.height) == (210, 297)
    assert (page.margin_top, page.margin_left, page.text_width, page.text_height) == (37, 28, 156, 225)
    assert (page.margin_bottom, page.margin_right) == (35, 26)
    assert (grid.lines_per_page, grid.chars_per_line) == (22, 28)
    assert grid.line_pitch == 28.95          # 579 twips: 22 lines fill 225 mm
    assert grid.char_spacing == -0.25        # 28 characters of 3号 fill 156 mm
    assert fonts.title.families[0] == "方正小标宋简体" and fonts.title.size == 22
    assert fonts.body.families == ("仿宋_GB2312", "仿宋", "FangSong") and fonts.body.size == 16
    assert fonts.heading1.name == "黑体"
    assert fonts.heading2.name == fonts.signer_name.name == "楷体_GB2312"
    assert fonts.heading3.name == fonts.heading4.name == "仿宋_GB2312"
    assert fonts.page_number.name == "宋体" and fonts.page_number.size == 14
    assert fonts.imprint.size == 14
    assert fonts.red_header.color == "FF0000"
    assert layout.page_number.prefix == "— " and layout.page_number.suffix == " —"
    assert (layout.page_number.odd, layout.page_number.even) == ("right", "left")
    assert (layout.imprint.thick_rule, layout.imprint.thin_rule) == (0.35, 0.25)
    assert layout.red_rule.gap == 4 and layout.red_header.top == 35


def test_default_file_has_no_problems():
    assert check_layout(DEFAULT_LAYOUT) == []


def test_empty_file_takes_the_standard_values(tmp_path, layout):
    loaded = load_layout(write(tmp_path, "# 全部用国标默认值\n"))
    assert loaded.page == layout.page and loaded.grid == layout.grid and loaded.fonts == layout.fonts


@pytest.mark.parametrize("name, points", [
    ("初号", 42), ("小初", 36), ("一号", 26), ("小一", 24), ("二号", 22), ("小二", 18),
    ("三号", 16), ("小三", 15), ("四号", 14), ("小四", 12), ("五号", 10.5), ("小五", 9),
    ("六号", 7.5), ("小六", 6.5), ("七号", 5.5), ("八号", 5),
    ("2号", 22), ("3号", 16), ("小4号", 12), ("小初号", 36), (" 4号 ", 14), ("16pt", 16), ("10.5磅", 10.5),
])
def test_font_size_names(name, points):
    assert font_size(name) == points


def test_size_table_is_complete():
    assert len(SIZE_NAMES) == 16 and SIZE_NAMES["初号"] == 42 and SIZE_NAMES["八号"] == 5


@pytest.mark.parametrize("bad", ["9号", "大二号", "二号半", "16", 16, "-3pt", "号"])
def test_unknown_font_sizes_are_refused(bad):
    with pytest.raises(ValueError):
        font_size(bad)


def test_unknown_size_name_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, "version: 1\nfonts:\n  title:\n    size: 9号\n")
    with pytest.raises(StructureError) as caught:
        load_layout(path)
    [problem] = caught.value.problems
    assert problem.line == 4 and problem.file == path
    assert problem.field == "fonts.title.size"
    assert "标题字号" in problem.message and "9号" in problem.message and "初号" in problem.message


def test_bare_number_size_asks_for_a_unit(tmp_path):
    [problem] = errors_of(write(tmp_path, "fonts:\n  body:\n    size: 16\n"))
    assert "16pt" in problem.message and problem.line == 3


def test_every_problem_is_reported_at_once(tmp_path):
    path = write(tmp_path, "\n".join([
        "page:",
        "  margin_top: -37",          # 2: negative
        "  margin_left: 300",         # 3: out of range
        "  margn_right: 26",          # 4: unknown key, close to nothing? (margin_top/left)
        "grid:",
        "  lines_per_page: 22.5",     # 6: not an integer
        "fonts:",
        "  heading1:",
        "    family: []",             # 9: no font
        "    colour: red",            # 10: unknown key
        "red_rule:",
        "  color: 粉红",              # 12: unknown colour
        "page_number:",
        "  format: 第几页",           # 14: no {n}
        "  odd: 上面",                # 15: unknown alignment
        "stamp: yes",                 # 16: unknown section
    ]) + "\n")
    with pytest.raises(StructureError) as caught:
        load_layout(path)
    error = caught.value
    assert "10 处错误" in error.message
    lines = sorted(p.line for p in error.problems)
    assert lines == [2, 3, 4, 6, 9, 10, 12, 14, 15, 16]
    by_line = {p.line: p.message for p in error.problems}
    assert "负数" in by_line[2]
    assert "5～100 毫米" in by_line[3]
    assert "margn_right" in by_line[4]
    assert "整数" in by_line[6]
    assert "是不是“color”" in by_line[10]
    assert "粉红" in by_line[12]
    assert "{n}" in by_line[14]
    assert "stamp" in by_line[16]


def test_line_pitch_that_does_not_fit_the_lines(tmp_path):
    [problem] = errors_of(write(tmp_path, "grid:\n  line_pitch: 29pt\n"))
    assert problem.field == "grid.line_pitch" and problem.line == 2
    assert "28.95pt" in problem.message


def test_line_pitch_without_unit_means_millimetres(tmp_path):
    [problem] = errors_of(write(tmp_path, "grid:\n  line_pitch: 28.95\n"))
    assert "磅请写 pt" in problem.message


def test_text_block_wider_than_the_paper(tmp_path):
    [problem] = errors_of(write(tmp_path, "page:\n  margin_left: 60\n  text_width: 156\n"))
    assert problem.field == "page.text_width" and "纸张宽度" in problem.message


def test_too_many_characters_a_line(tmp_path):
    [problem] = errors_of(write(tmp_path, "grid:\n  chars_per_line: 40\n"))
    assert problem.field == "grid.chars_per_line"


def test_fewer_lines_give_a_larger_automatic_pitch(tmp_path):
    loaded = load_layout(write(tmp_path, "grid:\n  lines_per_page: 20\n"))
    assert loaded.grid.line_pitch == pytest.approx(31.85)   # floor(12755.9 / 20) twips


def test_lengths_with_units(tmp_path):
    loaded = load_layout(write(tmp_path, "page:\n  margin_top: 3.7cm\n  margin_left: 28mm\n"
                                         "red_rule:\n  width: 0.5mm\n"))
    assert loaded.page.margin_top == pytest.approx(37) and loaded.page.margin_left == 28
    assert loaded.red_rule.width == pytest.approx(1.417, abs=0.01)


def test_fonts_accept_a_single_name_and_hex_colours(tmp_path):
    loaded = load_layout(write(tmp_path, 'fonts:\n  title:\n    family: 黑体\n    color: "#c00000"\n'))
    assert loaded.fonts.title.families == ("黑体",) and loaded.fonts.title.color == "C00000"


def test_empty_values_take_the_standard_values(tmp_path, layout):
    loaded = load_layout(write(tmp_path, "page:\n  margin_top:\nfonts:\n  title:\n    size:\n"))
    assert loaded.page.margin_top == 37 and loaded.fonts.title.size == 22


def test_a_section_that_is_not_a_mapping(tmp_path):
    [problem] = errors_of(write(tmp_path, "page: A4\n"))
    assert problem.line == 1 and "字段" in problem.message


def test_unreadable_file_is_refused(tmp_path):
    from drafter.errors import UnreadableFileError
    with pytest.raises(UnreadableFileError):
        load_layout(tmp_path / "missing.yaml")


def test_a_value_left_empty_takes_the_default_and_says_so(tmp_path, layout):
    path = tmp_path / "layout.yaml"
    path.write_text(DEFAULT_LAYOUT.read_text(encoding="utf-8").replace("  margin_left: 28 ", "  margin_left: ", 1),
                    encoding="utf-8")
    [warning] = check_layout(path)
    assert warning.level is Level.WARNING and "没有填写，按默认值 28 处理" in warning.message
    assert warning.line == next(number for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                                if line.startswith("  margin_left:"))
    assert load_layout(path).page.margin_left == layout.page.margin_left
