"""Write the 汇总表 (figure × unit, totals, recomputed rates) and the 进度表 as .xlsx files."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from ..atomic import atomic_write
from ..values import NUMERIC_KINDS
from .form import cell_value, put
from .layout import figure_lines

if TYPE_CHECKING:
    from ..merge import MergeResult

NOT_REPORTED = "未报"
MISSING_FILL = "F8CBAD"  # a unit that did not report this figure
TOTAL_FILL = "E2EFDA"


class Sheet(msgspec.Struct, frozen=True):
    """A plain table for one worksheet: headers, rows, and the cells to mark (row, column), 0-based."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    marked: frozenset[tuple[int, int]] = frozenset()
    totals_column: int = -1  # shaded as the result column


def summary_sheet(result: MergeResult) -> Sheet:
    """Return the 汇总表: one row per figure, one column per unit, the total, who did not report."""
    units = result.units
    rows_by_key = {row.key: row for row in result.rows}
    headers = ["部分", "小节", "项目", "单位", *units, "合计（比率为重新计算）", "报告单位数", "未报告的单位"]
    rows: list[list[Any]] = []
    marked: set[tuple[int, int]] = set()
    for line in figure_lines(result.structure):
        figure = line.field
        if figure.kind not in NUMERIC_KINDS:
            continue
        cells: list[Any] = [line.part, line.section, figure.label, figure.shown_unit]
        missing = []
        for column, unit in enumerate(units, start=len(cells)):
            value = result.unit_values.get(unit, {}).get(figure.key)
            if value is None:
                missing.append(unit)
                marked.add((len(rows), column))
                cells.append(NOT_REPORTED)
            else:
                cells.append(cell_value(value))
        merged = rows_by_key.get(figure.key)
        if merged:
            total = merged.total
        elif figure.merged_own:
            total = "本级数字，不相加"
        else:
            total = "无法汇总（没有分子分母）" if len(missing) < len(units) else ""
        cells += [_number(total), f"{len(units) - len(missing)}/{len(units)}", "、".join(missing) or "—"]
        rows.append(cells)
    return Sheet("汇总表", headers, rows, frozenset(marked), totals_column=4 + len(units))


def _number(text: str) -> Any:
    """Return a total as a number when it is a plain one (so the 汇总表 can be summed again)."""
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in text else value


def write_sheets(path: Path, sheets: Sequence[Sheet], *, what: str) -> None:
    """Write ``sheets`` into one .xlsx at ``path`` atomically (the previous file stays on failure)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        for row_index, row in enumerate([spec.headers, *spec.rows], start=1):
            for column, value in enumerate(row, start=1):
                put(sheet, sheet.cell(row=row_index, column=column).coordinate, value)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for index, column in spec.marked:
            sheet.cell(row=index + 2, column=column + 1).fill = PatternFill("solid", fgColor=MISSING_FILL)
        if spec.totals_column >= 0:
            for index in range(len(spec.rows) + 1):
                cell = sheet.cell(row=index + 1, column=spec.totals_column + 1)
                cell.fill = PatternFill("solid", fgColor=TOTAL_FILL)
                cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for column, header in enumerate(spec.headers, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = max(
                8, min(40, 2 * len(str(header)) + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(path, buffer.getvalue(), what=what)

