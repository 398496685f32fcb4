"""Lay out a table block: a statistical table inside the text of an official document.

GB/T 9704-2012 keeps a table in the text block and in the document's fonts: the caption
(表题) centred above it in the body font, bold; the table as wide as the text block, ruled
with single thin lines; its text in the body font one size smaller (4号), the header row
bold and repeated at the top of every page the table runs onto, a row never split across
two pages; the first column (the row names) flush left, the figures centred.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from . import ooxml
from .blocks import Table
from .layout import Layout

TABLE_TEXT_SIZE = 14.0   # 4号: one size below the 3号 body
RULE_EIGHTHS = 4         # border width in eighths of a point: 0.5 pt
CELL_MARGIN = 2.0        # points of space left and right of a cell's text


def add_table(doc: DocxDocument, block: Table, layout: Layout, width: float,
              measure: Callable[[str], float]) -> None:
    """Append ``block`` (its caption, then the table) to ``doc``; ``width`` is the text block in points,
    ``measure`` gives a text's width in characters."""
    body = layout.fonts.body
    if block.caption:
        caption = doc.add_paragraph()
        _plain(caption, WD_ALIGN_PARAGRAPH.CENTER)
        caption.paragraph_format.keep_with_next = True
        run = caption.add_run(block.caption)
        run.bold = True
        ooxml.set_fonts(run._element.get_or_add_rPr(), body.name, layout.latin_font)
    if not block.rows:
        return
    columns = max(len(row) for row in block.rows)
    table = doc.add_table(rows=len(block.rows), cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table._tbl)
    widths = _column_widths(block, columns, width, measure)
    for index, row in enumerate(block.rows):
        docx_row = table.rows[index]
        trPr = docx_row._tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:cantSplit"))
        if index == 0:
            trPr.append(OxmlElement("w:tblHeader"))
        for column in range(columns):
            cell = docx_row.cells[column]
            cell.width = Pt(widths[column])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            align = WD_ALIGN_PARAGRAPH.LEFT if column == 0 and index > 0 else WD_ALIGN_PARAGRAPH.CENTER
            _plain(paragraph, align)
            run = paragraph.add_run(row[column] if column < len(row) else "")
            run.font.size = Pt(TABLE_TEXT_SIZE)
            run.bold = True if index == 0 else None
            ooxml.set_fonts(run._element.get_or_add_rPr(), body.name, layout.latin_font)


def _plain(paragraph: object, align: WD_ALIGN_PARAGRAPH) -> None:
    """No first-line indent, single exact lines off the body's grid, aligned as asked."""
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    fmt.first_line_indent = Pt(0)
    fmt.alignment = align
    fmt.line_spacing = Pt(round(TABLE_TEXT_SIZE * 1.5))
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ooxml.set_snap_to_grid(paragraph._element.get_or_add_pPr(), False)  # type: ignore[attr-defined]


def _column_widths(block: Table, columns: int, width: float, measure: Callable[[str], float]) -> list[float]:
    """Give the name column room for its longest row name (at most half the width); share the rest."""
    names = [row[0] for row in block.rows[1:] if row] or [row[0] for row in block.rows if row]
    longest = max((measure(name) for name in names), default=0.0)
    first = min(width / 2, max(width / (columns + 1), longest * TABLE_TEXT_SIZE + 2 * CELL_MARGIN + 4))
    if columns == 1:
        return [width]
    rest = (width - first) / (columns - 1)
    return [first] + [rest] * (columns - 1)


def _borders(tbl: object) -> None:
    tblPr = tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(RULE_EIGHTHS))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tblPr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)
