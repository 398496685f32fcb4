"""The table block of the block document: rows between bars, a caption, user text never a table."""

from __future__ import annotations

from drafter.render.blocks import Paragraph, Table
from drafter.render.markup import parse_blocks
from drafter.render.text import _escape_markup


def test_rows_in_a_row_make_one_table_under_its_caption() -> None:
    blocks = parse_blocks("@表题 表一\n| 项目 | 件数 |\n| 规章 | 3 |\n正文\n| a | b\n")
    assert blocks == [Table("表一", (("项目", "件数"), ("规章", "3"))), Paragraph("正文"),
                      Table("", (("a", "b"),))]


def test_a_caption_ends_the_table_before_it() -> None:
    blocks = parse_blocks("| a |\n@表题 表二\n| b |\n")
    assert blocks == [Table("", (("a",),)), Table("表二", (("b",),))]


def test_a_clerks_line_starting_with_a_bar_stays_a_paragraph() -> None:
    blocks = parse_blocks("正文\n" + _escape_markup("| 不是表格 |") + "\n")
    assert blocks == [Paragraph("正文"), Paragraph("| 不是表格 |")]
