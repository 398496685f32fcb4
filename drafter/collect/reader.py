"""Read a returned collection workbook into report data and check it with ``drafter check``'s validator.

The cells are laid into the same nested data a report YAML holds, each value's
key path remembered with its cell; ``validate.validate`` then runs unchanged and
every problem it finds is pointed at ``文件:工作表!单元格``. A workbook whose shape
was changed (a sheet renamed, rows moved, an input merged away) or that was made
for another template set is refused with exit 2 before any value is read.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import msgspec

from ..datafile import FORMAT_VERSION, to_yaml_value
from ..datapath import field_value, mapping_at, set_at, set_field
from ..errors import StructureError, UnreadableFileError
from ..problems import Level, Problem
from ..report import OpenedReport, open_report
from ..structure import Structure
from ..templateset import LoadedSets, TemplateSet, find_template_set
from ..validate import validate
from ..values import is_empty
from ..yamlsource import KeyPath, LoadedYaml
from .layout import (
    FIGURE_HEADERS,
    FIGURES_SHEET,
    FORM_MARK,
    INFO_ROWS,
    INFO_SHEET,
    INPUT_COLUMN,
    ITEM_INPUT_COLUMN,
    ITEMS_SHEET,
    KEY_COLUMN,
    SHEETS,
    figure_lines,
    info_cell,
    item_lines,
)
from .workbook import open_workbook

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OLD_WORKBOOK_SUFFIXES = (".xls", ".et")  # saved by old Excel or in WPS's own format: to be saved as .xlsx


class LoadedWorkbook(LoadedYaml):
    """Report data read from a workbook; ``lines`` index ``cells`` (``工作表!单元格``)."""

    cells: list[str] = msgspec.field(default_factory=lambda: ["", f"{INFO_SHEET}!A1"])

    def place(self, at: KeyPath, sheet: str, ref: str) -> None:
        """Remember that the value at key path ``at`` came from ``sheet!ref``."""
        self.cells.append(f"{sheet}!{ref}")
        self.lines[at] = len(self.cells) - 1

    def cell_of(self, at: KeyPath) -> str:
        """Return ``工作表!单元格`` of key path ``at`` (or of its nearest placed ancestor)."""
        return self.cells[self.line_of(at)]

    def where(self, at: KeyPath) -> str:
        """Return ``file:工作表!单元格`` of key path ``at``."""
        return f"{self.path}:{self.cell_of(at)}"

    def locate_problem(self, problem: Problem) -> Problem:
        """Return ``problem`` pointed at its cell when it was found in this workbook."""
        if problem.file != self.path or not problem.line or problem.cell:
            return problem
        return msgspec.structs.replace(problem, cell=self.cells[problem.line])


def is_workbook(path: Path) -> bool:
    """Return whether ``path`` names an Excel workbook (by its suffix)."""
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def open_unit(path: Path, *, template: str | Path | None = None,
              sets: LoadedSets | None = None) -> OpenedReport:
    """Open a unit's report: a returned workbook or a report YAML, checked the same way
    (``sets``: the template sets already loaded, by folder, see ``open_report``)."""
    if path.suffix.lower() in OLD_WORKBOOK_SUFFIXES:
        raise UnreadableFileError(f"这是 {path.suffix.lower()} 格式（旧版 Excel 或 WPS 表格），drafter 读不了；请在 Excel "
                                  "或 WPS 中打开，“另存为”Excel 工作簿（*.xlsx）后再试", file=path)
    if is_workbook(path):
        return read_workbook(path, template=template)
    return open_report(path, template=template, sets=sets, with_previous=False)


def read_workbook(path: Path, *, template: str | Path | None = None) -> OpenedReport:
    """Read and validate a returned workbook; with ``template``, refuse one made for another set."""
    book = open_workbook(path)
    sheets = _sheets(book, path)
    info = sheets[INFO_SHEET]
    if str(info[info_cell("mark")].value or "").strip() != FORM_MARK:
        _refuse(path, INFO_SHEET, info_cell("mark"),
                f"这不是 drafter form 生成的收集表（“{INFO_ROWS['mark'][1]}”一格应是“{FORM_MARK}”）；"
                "请用 drafter form 生成的表填写")
    template_set, structure = _template(info, path, template)
    _check_rows(sheets, structure, path, template_set.name)
    _check_merged(sheets, structure, path)
    _check_formulas(book, structure, path)
    loaded = LoadedWorkbook(path=path, data={"drafter": FORMAT_VERSION, "template": template_set.name})
    loaded.lines[()] = 1
    _read_info(info, structure, loaded)
    _read_figures(sheets[FIGURES_SHEET], structure, loaded)
    _read_items(sheets[ITEMS_SHEET], structure, loaded)
    report, problems = validate(loaded, structure)
    return OpenedReport(loaded, template_set, structure, report, [loaded.locate_problem(p) for p in problems])


def report_data(opened: OpenedReport) -> dict[str, Any]:
    """Return the report YAML data of a read workbook: the checked values, laid along the structure."""
    structure, values = opened.structure, opened.report.values
    data: dict[str, Any] = {"drafter": FORMAT_VERSION, "template": opened.template_set.name}
    for key, value in values.items():
        set_field(structure, data, key, to_yaml_value(value))
    for block in structure.figure_blocks():
        items = opened.report.block_items(block)
        if items:
            set_at(data, block.path + ("items",), items)
    return data


def _refuse(path: Path, sheet: str, ref: str, message: str) -> NoReturn:
    where = f"{sheet}!{ref}" if ref else f"工作表“{sheet}”"
    raise UnreadableFileError(message, file=path, problems=[
        Problem(Level.ERROR, message, path, 1, cell=where)])


def _sheets(book: Workbook, path: Path) -> dict[str, Worksheet]:
    present = book.sheetnames
    for name in SHEETS:
        if name not in present:
            _refuse(path, name, "", f"找不到工作表“{name}”（现有：{'、'.join(present)}）；工作表被改名或删除了，"
                    f"请把它改回“{name}”，或用 drafter form 重新生成的表填写")
    return {name: book[name] for name in SHEETS}


def _text(sheet: Worksheet, ref: str) -> str:
    value = sheet[ref].value
    return "" if value is None else str(value).strip()


def _template(info: Worksheet, path: Path, wanted: str | Path | None) -> tuple[TemplateSet, Structure]:
    name, ref = _text(info, info_cell("template")), info_cell("template")
    if wanted is not None and str(wanted) != name:
        _refuse(path, INFO_SHEET, ref, f"这张表是按模板“{name}”生成的，不是“{wanted}”；"
                "请用按同一模板生成的表，或去掉 --template")
    try:
        template_set = find_template_set(name or None, relative_to=path.parent)
        structure = template_set.structure
    except StructureError as exc:
        _refuse(path, INFO_SHEET, ref, f"这张表所用的模板“{name}”无法使用（{exc.message}）")
    version = info[info_cell("version")].value
    if isinstance(version, str) and version.strip().isdigit():  # retyped as text
        version = int(version)
    if version != structure.version:
        _refuse(path, INFO_SHEET, info_cell("version"),
                f"这张表是按模板“{name}”的第 {version} 版结构生成的，现在的模板是第 {structure.version} 版；"
                "请用 drafter form 重新生成收集表")
    return template_set, structure


def _check_rows(sheets: dict[str, Worksheet], structure: Structure, path: Path, set_name: str) -> None:
    """Refuse a sheet whose hidden key column no longer matches the structure (rows moved, other set)."""
    figures = sheets[FIGURES_SHEET]
    header = tuple(str(c.value or "") for c in figures[1][: len(FIGURE_HEADERS)])
    if header != FIGURE_HEADERS:
        _refuse(path, FIGURES_SHEET, "A1", "表头被改动了（应是：" + "、".join(FIGURE_HEADERS[1:])
                + "）；请用 drafter form 重新生成的表填写")
    known = {f.key for f in structure.figures()}
    lines = figure_lines(structure)
    expected = [(FIGURES_SHEET, line.row, line.field.key, line.field.label) for line in lines]
    expected += [(ITEMS_SHEET, line.row, line.key, line.block.heading) for line in item_lines(structure)]
    for sheet_name, row, key, label in expected:
        found = _text(sheets[sheet_name], f"{KEY_COLUMN}{row}")
        if found == key:
            continue
        if sheet_name == FIGURES_SHEET and found and found not in known:
            why = f"“{found}”不是模板“{set_name}”中的数字，这张表是按别的模板或旧版模板生成的"
        else:
            why = f"这一行原来是“{label}”，表格的行被插入、删除或移动过"
        _refuse(path, sheet_name, f"{KEY_COLUMN}{row}", why + "；请用 drafter form 重新生成的表填写")
    extra_row = (lines[-1].row + 1) if lines else 2
    extra = _text(figures, f"{KEY_COLUMN}{extra_row}")
    if extra:
        _refuse(path, FIGURES_SHEET, f"{KEY_COLUMN}{extra_row}",
                f"多出了一行“{extra}”，模板“{set_name}”中没有这个数字；这张表是按别的模板或旧版模板生成的")


def _input_cells(structure: Structure) -> dict[str, list[str]]:
    return {INFO_SHEET: [info_cell(name) for name in INFO_ROWS],
            FIGURES_SHEET: [f"{INPUT_COLUMN}{line.row}" for line in figure_lines(structure)],
            ITEMS_SHEET: [f"{ITEM_INPUT_COLUMN}{line.row}" for line in item_lines(structure) if line.number]}


def _check_merged(sheets: dict[str, Worksheet], structure: Structure, path: Path) -> None:
    for sheet_name, refs in _input_cells(structure).items():
        for merged in sheets[sheet_name].merged_cells.ranges:
            hit = next((ref for ref in refs if ref in merged), None)
            if hit is not None:
                _refuse(path, sheet_name, hit, f"单元格 {merged.coord} 被合并了，盖住了要填写的格子 {hit}；"
                        "请取消合并（“合并后居中”再点一次），把数字填回各自的格子")


def _check_formulas(book: Workbook, structure: Structure, path: Path) -> None:
    uncached: dict[tuple[str, str], str] = getattr(book, "uncached_formulas", {})
    for sheet_name, refs in _input_cells(structure).items():
        for ref in refs:
            formula = uncached.get((sheet_name, ref))
            if formula is not None:
                _refuse(path, sheet_name, ref, f"单元格 {ref} 是公式（{formula}），但文件里没有保存计算结果，"
                        "drafter 读不出数字；请在 Excel 或 WPS 中打开这个文件、保存后再交回，或直接填写数字")


def _value(cell: Any) -> Any:
    """Return a cell's value as a report YAML would hold it."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _percent_format(cell.number_format):
        return Decimal(str(value)) * 100  # “95%” typed into Excel is stored as 0.95
    return value


def _percent_format(number_format: str) -> bool:
    outside_quotes = "".join(part for index, part in enumerate(str(number_format).split('"')) if index % 2 == 0)
    return "%" in outside_quotes.replace("\\%", "")


def _read_info(info: Worksheet, structure: Structure, loaded: LoadedWorkbook) -> None:
    """Read the unit's name and the year into the fields playing the roles ``issuer`` and ``year``."""
    loaded.place((structure.meta.key,), INFO_SHEET, info_cell("unit"))
    for role, cell_name in (("issuer", "unit"), ("year", "year")):
        key = structure.report.role(role)
        if key is None:
            continue
        path, ref = structure.field_paths[key], info_cell(cell_name)
        loaded.place(path, INFO_SHEET, ref)
        value = _value(info[ref])
        if not is_empty(value):
            set_at(loaded.data, path, value)
    _infer_level(structure, loaded)


def _infer_level(structure: Structure, loaded: LoadedWorkbook) -> None:
    """The form has no 行政层级 cell: take it from the unit's name (甲镇人民政府 → 乡镇) when the name
    shows one of the set's choices, as the import of a report does."""
    from ..importer.metadata import level_of

    level_key, issuer_key = structure.report.role("level"), structure.report.role("issuer")
    if level_key is None or issuer_key is None:
        return
    issuer = field_value(structure, loaded.data, issuer_key)
    level = level_of(issuer) if isinstance(issuer, str) else None
    if level in structure.fields[level_key].choices:
        set_field(structure, loaded.data, level_key, level)


def _read_figures(sheet: Worksheet, structure: Structure, loaded: LoadedWorkbook) -> None:
    for line in figure_lines(structure):
        ref = f"{INPUT_COLUMN}{line.row}"
        path = structure.field_paths[line.field.key]
        loaded.place(path, FIGURES_SHEET, ref)
        value = _value(sheet[ref])
        if not is_empty(value):
            set_at(loaded.data, path, value)


def _read_items(sheet: Worksheet, structure: Structure, loaded: LoadedWorkbook) -> None:
    for line in item_lines(structure):
        ref = f"{ITEM_INPUT_COLUMN}{line.row}"
        items_path = line.block.path + ("items",)
        if line.number == 1:
            loaded.place(items_path, ITEMS_SHEET, ref)
        if line.number == 0:
            continue
        value = sheet[ref].value
        if is_empty(value):
            continue
        items = mapping_at(loaded.data, line.block.path).setdefault("items", [])
        loaded.place(items_path + (len(items),), ITEMS_SHEET, ref)
        items.append(value if isinstance(value, str) else str(value))
