"""Write a collection workbook (填表说明, 数字, 工作内容) from a template set's structure.

Input cells are unlocked and shaded and carry Excel data validation derived from
each figure's kind and bounds; everything else is locked by sheet protection
without a password, so a unit cannot shift a row by accident.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import msgspec

from ..structure import Field, Structure
from ..values import Number, format_number
from .layout import (
    FIGURE_HEADERS,
    FIGURES_SHEET,
    FORM_MARK,
    INFO_INPUTS,
    INFO_ROWS,
    INFO_SHEET,
    INPUT_COLUMN,
    INSTRUCTIONS_ROW,
    ITEM_HEADERS,
    ITEM_INPUT_COLUMN,
    ITEMS_SHEET,
    PREVIOUS_COLUMN,
    figure_lines,
    info_cell,
    item_lines,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

INPUT_FILL = "FFF2CC"  # light yellow: the cells to fill
HEADER_FILL = "D9E1F2"
MAX_PROMPT = 250  # Excel refuses input messages over 255 characters


class FormSpec(msgspec.Struct, frozen=True):
    """What one workbook is made for: the structure, the year and (optionally) the unit."""

    structure: Structure
    template: str
    year: int
    unit: str = ""
    deadline: str = ""
    send_to: str = ""
    previous: Mapping[str, Any] = msgspec.field(default_factory=dict)  # figure key → last year's value


def build_form(spec: FormSpec) -> bytes:
    """Return the .xlsx bytes of the collection workbook described by ``spec``."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    book = Workbook()
    info = book.active
    info.title = INFO_SHEET
    _info_sheet(info, spec)
    _figures_sheet(book.create_sheet(FIGURES_SHEET), spec)
    _items_sheet(book.create_sheet(ITEMS_SHEET), spec)
    book.security = WorkbookProtection(lockStructure=True)  # sheets cannot be renamed, moved or deleted
    book.properties.title = f"{spec.unit}{spec.year}年度法治政府建设数字收集表"
    book.properties.creator = "drafter"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def put(sheet: Worksheet, ref: str, value: Any) -> None:
    """Write a value into ``sheet[ref]``; text stays text, even when it starts with “=”."""
    cell = sheet[ref]
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _unlock(sheet: Worksheet, ref: str, wrap: bool = False) -> None:
    from openpyxl.styles import Alignment, PatternFill, Protection

    cell = sheet[ref]
    cell.protection = Protection(locked=False)
    cell.fill = PatternFill("solid", fgColor=INPUT_FILL)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _headers(sheet: Worksheet, headers: tuple[str, ...]) -> None:
    from openpyxl.styles import Font, PatternFill

    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    sheet.freeze_panes = "B2"


def _protect(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"  # printed for signing: the whole width on one page
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.protection.sheet = True  # no password: protection against accidents, not people
    sheet.protection.formatColumns = False  # widening a column is harmless
    sheet.protection.formatRows = False


def _info_sheet(sheet: Worksheet, spec: FormSpec) -> None:
    from openpyxl.styles import Alignment, Font

    title = f"{spec.unit or '各单位'}{spec.year}年度法治政府建设情况数字收集表"
    put(sheet, "A1", title)
    sheet["A1"].font = Font(bold=True, size=14)
    values = {"unit": spec.unit, "year": spec.year, "deadline": spec.deadline, "send_to": spec.send_to,
              "template": spec.template, "version": spec.structure.version, "mark": FORM_MARK}
    for name, (row, label) in INFO_ROWS.items():
        put(sheet, f"A{row}", label)
        if values.get(name) not in (None, ""):
            put(sheet, info_cell(name), values[name])
    for name in INFO_INPUTS + (() if spec.unit else ("unit",)):
        _unlock(sheet, info_cell(name))
    for offset, line in enumerate(_instructions(spec)):
        put(sheet, f"A{INSTRUCTIONS_ROW + offset}", line)
        sheet[f"A{INSTRUCTIONS_ROW + offset}"].alignment = Alignment(wrap_text=False)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 48
    _protect(sheet)


def _instructions(spec: FormSpec) -> list[str]:
    deadline = f"请于 {spec.deadline} 前" if spec.deadline else "请按时"
    send_to = f"报送{spec.send_to}" if spec.send_to else "报送"
    lines = [
        "填表说明",
        f"1. 在“{FIGURES_SHEET}”工作表“本年”一列的浅黄色格子里，填写本单位 {spec.year} 年度的数字；"
        "其他格子已锁定，不必修改。",
        "2. 只填阿拉伯数字，不带单位，如 66、16.76；百分比只填数字，如 99.2 表示 99.2%。"
        "没有的数字留空，不要填 0。把鼠标放在格子上可以看到说明。",
        f"3. 在“{ITEMS_SHEET}”工作表中，按小节写本单位的主要做法和成效，每个浅黄色格子写一条。",
        "4. 请不要修改工作表名称，不要插入、删除行列或合并单元格，也不要改动“请勿修改”的格子。",
        f"5. 填好后保存为 .xlsx 格式，{deadline}{send_to}。",
    ]
    if spec.previous:
        lines.insert(3, "   “上年”一列是本单位上年度报来的数字，供核对。")
    return lines


def _figures_sheet(sheet: Worksheet, spec: FormSpec) -> None:
    from openpyxl.styles import Alignment

    _headers(sheet, FIGURE_HEADERS)
    for line in figure_lines(spec.structure):
        figure = line.field
        row = line.row
        for column, value in zip("ABCDEF", (figure.key, line.part, line.section, figure.label,
                                            figure.shown_unit, figure.help), strict=True):
            put(sheet, f"{column}{row}", value)
        sheet[f"F{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        previous = spec.previous.get(figure.key)
        if previous is not None:
            put(sheet, f"{PREVIOUS_COLUMN}{row}", cell_value(previous))
        ref = f"{INPUT_COLUMN}{row}"
        _unlock(sheet, ref)
        sheet[ref].number_format = "0" if figure.kind == "count" else "General"
        sheet.add_data_validation(validation_for(figure, ref))
    for column, width in zip("ABCDEFGH", (4, 16, 24, 28, 8, 48, 10, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.column_dimensions["A"].hidden = True
    _protect(sheet)


def _items_sheet(sheet: Worksheet, spec: FormSpec) -> None:
    from openpyxl.styles import Alignment, Font

    _headers(sheet, ITEM_HEADERS)
    for line in item_lines(spec.structure):
        put(sheet, f"A{line.row}", line.key)
        if line.number == 0:
            put(sheet, f"B{line.row}", line.block.heading)
            sheet[f"B{line.row}"].font = Font(bold=True)
            put(sheet, f"C{line.row}", line.block.help)
            sheet[f"C{line.row}"].alignment = Alignment(wrap_text=True, vertical="top")
        else:
            put(sheet, f"B{line.row}", f"第{line.number}条")
            _unlock(sheet, f"{ITEM_INPUT_COLUMN}{line.row}", wrap=True)
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 90
    _protect(sheet)


def cell_value(value: Any) -> Any:
    """Return a parsed value as a spreadsheet shows it: plain numbers as numbers."""
    if isinstance(value, Number):
        if value.qualifier or value.scale:
            return str(value)
        return value.value if isinstance(value.value, int) else float(value.value)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return value


def _bound(value: float | None) -> str:
    return "" if value is None else format_number(Decimal(str(value)))


def validation_for(figure: Field, ref: str) -> Any:
    """Return the Excel data validation of ``figure``'s input cell, derived from kind and bounds."""
    from openpyxl.worksheet.datavalidation import DataValidation

    low, high = figure.bounds()
    unit = figure.shown_unit
    kinds = {"count": ("whole", "整数"), "year": ("whole", "年份"), "amount": ("decimal", "数字"),
             "percent": ("decimal", "数字")}
    options: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True, "showInputMessage": True,
                               "errorTitle": "填写的内容不对", "promptTitle": figure.label[:30]}
    if figure.kind in kinds:
        excel_type, noun = kinds[figure.kind]
        options["type"] = excel_type
        if low is not None and high is not None:
            options.update(operator="between", formula1=_bound(low), formula2=_bound(high))
            allowed = f"{_bound(low)} 到 {_bound(high)} 之间的{noun}"
        elif low is not None:
            options.update(operator="greaterThanOrEqual", formula1=_bound(low))
            allowed = f"不小于 {_bound(low)} 的{noun}"
        elif high is not None:
            options.update(operator="lessThanOrEqual", formula1=_bound(high))
            allowed = f"不大于 {_bound(high)} 的{noun}"
        else:
            allowed = noun
        options["error"] = f"“{figure.label}”应填{allowed}" + (f"（单位：{unit}，不要写单位）" if unit else "")
    elif figure.kind == "choice" and _list_formula(figure.choices):
        options.update(type="list", formula1=_list_formula(figure.choices))
        options["error"] = f"“{figure.label}”只能从下拉列表中选：" + "、".join(figure.choices)
    prompt = figure.help or f"填写{figure.display}"
    options["prompt"] = prompt if len(prompt) <= MAX_PROMPT else prompt[:MAX_PROMPT - 1] + "…"
    validation = DataValidation(**options)
    validation.add(ref)
    return validation


def _list_formula(choices: tuple[str, ...]) -> str:
    """Return the list validation formula, or "" when Excel cannot hold the choices in one."""
    if any("," in c or '"' in c for c in choices):
        return ""
    formula = '"' + ",".join(choices) + '"'
    return formula if len(formula) <= 255 else ""
