"""Where everything sits in a collection workbook: sheets, fixed cells, one row per figure.

Both the form writer and the workbook reader take their positions from here, and
the rows come from the template set's structure, so a figure added to
``structure.yaml`` appears in the form and is read back without code.
"""

from __future__ import annotations

import msgspec

from ..structure import Field, Section, Structure

FORM_MARK = "drafter 数字收集表 第1版"
INFO_SHEET = "填表说明"
FIGURES_SHEET = "数字"
ITEMS_SHEET = "工作内容"
SHEETS = (INFO_SHEET, FIGURES_SHEET, ITEMS_SHEET)

# 填表说明: label in column A, value in column B, one fixed row each.
INFO_ROWS = {"unit": (3, "填报单位"), "year": (4, "报告年度"), "deadline": (5, "报送截止日期"),
             "send_to": (6, "填好后报送"), "filler": (7, "填表人"), "phone": (8, "联系电话"),
             "template": (9, "模板（请勿修改）"), "version": (10, "结构版本（请勿修改）"),
             "mark": (11, "表格格式（请勿修改）")}
INFO_INPUTS = ("filler", "phone")  # always for the unit to fill; ``unit`` too when the form has no name
INSTRUCTIONS_ROW = 13

FIGURE_HEADERS = ("键名", "部分", "小节", "项目", "单位", "说明", "上年", "本年")
KEY_COLUMN, PREVIOUS_COLUMN, INPUT_COLUMN = "A", "G", "H"
FIRST_ROW = 2  # row 1 holds the headers, on both data sheets

ITEM_HEADERS = ("键名", "小节", "工作内容（每格写一条，一段话）")
ITEM_INPUT_COLUMN = "C"
ITEM_ROWS = 8  # input rows per subsection


def info_cell(name: str) -> str:
    """Return the value cell of a fixed 填表说明 row, such as ``B4`` for the year."""
    return f"B{INFO_ROWS[name][0]}"


class FigureLine(msgspec.Struct, frozen=True):
    """One row of the 数字 sheet: the figure and the headings it sits under."""

    row: int
    field: Field
    part: str
    section: str


class ItemLine(msgspec.Struct, frozen=True):
    """One row of the 工作内容 sheet: a subsection's heading (``number`` 0) or its n-th input."""

    row: int
    block: Section
    number: int

    @property
    def key(self) -> str:
        """Return the text of the hidden key column: the block id, with ``#n`` on input rows."""
        block_id = ".".join(self.block.path)
        return f"{block_id}#{self.number}" if self.number else block_id


def figure_lines(structure: Structure) -> list[FigureLine]:
    """Return the 数字 sheet's rows: every figure of the structure in document order."""
    lines: list[FigureLine] = []
    for part in structure.parts:
        blocks = part.sections if part.has_sections else (part,)
        for block in blocks:
            section = block.heading if block is not part else ""
            for spec in block.figures:
                lines.append(FigureLine(FIRST_ROW + len(lines), spec, part.heading, section))
    return lines


def item_lines(structure: Structure) -> list[ItemLine]:
    """Return the 工作内容 sheet's rows: per subsection a heading row, then its input rows."""
    lines: list[ItemLine] = []
    for block in structure.figure_blocks():
        for number in range(ITEM_ROWS + 1):
            lines.append(ItemLine(FIRST_ROW + len(lines), block, number))
    return lines

