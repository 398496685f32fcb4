"""The collection commands: ``drafter form``, ``drafter status``, ``drafter import`` of a workbook,
and the 汇总表 of ``drafter merge --table``. Thin: parse, call, print."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ..atomic import atomic_write
from ..errors import ReportInvalidError, UnreadableFileError
from ..outputs import check_name, refuse_existing, refuse_inputs
from ..problems import Problem, errors
from ..templateset import find_template_set
from .reader import WORKBOOK_SUFFIXES, open_unit, read_workbook, report_data
from .status import collect_status, read_unit_names, returned_files


def _console() -> Console:
    return Console(highlight=False, markup=False, soft_wrap=True)


def cmd_form(args: argparse.Namespace) -> int:
    """``drafter form 收集表.xlsx``: write one collection workbook, or one per listed unit."""
    from .form import FormSpec, build_form

    template_set = find_template_set(args.template)
    structure = template_set.structure
    output = Path(args.output)
    if output.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise UnreadableFileError("收集表文件名应以 .xlsx 结尾", file=output)
    names = read_unit_names(Path(args.units)) if args.units else [""]
    targets = {name: output.with_name(f"{output.stem}-{name}{output.suffix}") if name else output
               for name in names}
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing and not args.force:
        raise UnreadableFileError(f"这些文件已存在，没有覆盖：{'、'.join(existing)}；要覆盖请加 --force")
    previous, read = _previous_values(Path(args.previous), names) if args.previous else ({}, [])
    for target in targets.values():
        check_name(target, "收集表")
        refuse_inputs(target, [*read, *([Path(args.units)] if args.units else [])], what="收集表")
    year = args.year or dt.date.today().year - 1
    console = _console()
    without = [name for name in names if name and args.previous and name not in previous]
    if without:
        console.print(f"注意：在 {args.previous} 中没有找到这些单位的上年文件，“上年”一列留空：{'、'.join(without)}",
                      style="yellow")
    for name, target in targets.items():
        spec = FormSpec(structure, template_set.name, year, unit=name, deadline=args.deadline,
                        send_to=args.send_to, previous=previous.get(name, {}))
        atomic_write(target, build_form(spec), what="收集表")
        console.print(f"已生成收集表：{target}", style="green")
    console.print(f"收回后放进一个文件夹，运行 drafter status 文件夹{' --units ' + args.units if args.units else ''}"
                  " 查看收回情况")
    return 0


def _previous_values(source: Path, names: list[str]) -> tuple[dict[str, dict[str, Any]], list[Path]]:
    """Return last year's values per unit name, from a folder of unit files or from one file,
    and the files read."""
    if source.is_dir():
        files = returned_files(source)
    else:
        files = [source]
    found: dict[str, dict[str, Any]] = {}
    for path in files:
        opened = open_unit(path)
        if errors(opened.problems):
            raise ReportInvalidError(f"上年文件 {path} 有错误，请先改正", file=path, problems=opened.problems)
        found[str(opened.role("issuer") or "")] = opened.report.values
    if names == [""]:  # one form without a unit name: only a single last-year file is unambiguous
        if len(found) != 1:
            raise UnreadableFileError("不用 --units 时，--previous 应是一个上年数据文件", file=source)
        return {"": next(iter(found.values()))}, files
    return {name: found[name] for name in names if name in found}, files


def import_workbook(args: argparse.Namespace, show_problems: Callable[[Console, list[Problem]], None]) -> int:
    """``drafter import 单位.xlsx -o 单位.yaml``: read a returned workbook, check it, write the report file.

    ``show_problems`` is the CLI's printer, so warnings look as ``drafter check`` shows them."""
    from ..datafile import save_report

    source = Path(args.file)
    output = Path(args.output) if args.output else source.with_suffix(".yaml")
    check_name(output, "报告数据文件")
    refuse_inputs(output, [source], what="报告数据文件")
    if not args.force:
        refuse_existing(output, what="报告数据文件", hint="要覆盖请加 --force，或用 -o 换一个文件名")
    opened = read_workbook(source, template=args.template)
    console = _console()
    if errors(opened.problems):
        raise ReportInvalidError(f"{source} 有 {len(errors(opened.problems))} 处错误，没有写入 {output}；"
                                 "请改正后重新导入",
                                 file=source, problems=opened.problems)
    save_report(output, opened.structure, report_data(opened))
    show_problems(console, opened.problems)
    filled = sum(1 for f in opened.structure.figures() if f.key in opened.report.values)
    console.print(f"已导入“{opened.role('issuer')}”：{filled}/{len(opened.structure.figures())} "
                  f"个数字，已写入：{output}", style="green")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """``drafter status 收回/``: which units came back, how complete, with which problems."""
    folder = Path(args.folder)
    names = read_unit_names(Path(args.units)) if args.units else []
    files = returned_files(folder)
    if args.xlsx:
        refuse_inputs(Path(args.xlsx), [*files, *([Path(args.units)] if args.units else [])], what="进度表")
        if not args.force:
            refuse_existing(Path(args.xlsx), what="进度表", hint="要覆盖请加 --force，或换一个文件名")
    statuses = collect_status(files, names, year=args.year)
    headers = ("序号", "单位", "收回", "文件", "已填数字", "错误", "警告", "说明")
    rows = [(str(n), s.unit, s.state, s.file.name if s.file else "—",
             f"{s.filled}/{s.total}" if s.total else "—", str(s.errors), str(s.warnings), s.note or "")
            for n, s in enumerate(statuses, start=1)]
    table = Table(title=f"收回情况：{folder}")
    for header in headers:
        table.add_column(header)
    for row, status in zip(rows, statuses, strict=True):
        table.add_row(*row, style="red" if status.errors else (
            "yellow" if not status.returned or status.empty else None))
    console = _console()
    console.print(table)
    missing = [s.unit for s in statuses if s.expected and not s.returned]
    broken = [s.unit for s in statuses if s.errors]
    empty = [s.unit for s in statuses if s.empty]
    returned = sum(1 for s in statuses if s.expected and s.returned)
    console.print((f"应报 {len(names)} 个单位，已收回 {returned} 个" if names else f"收回 {len(statuses)} 个文件")
                  + (f"；未收回 {len(missing)} 个：{'、'.join(missing)}" if missing else "")
                  + (f"；有错误 {len(broken)} 个：{'、'.join(broken)}" if broken else "")
                  + (f"；交回空表 {len(empty)} 个（一个数字、一条工作内容也没有填，请催报）：{'、'.join(empty)}"
                     if empty else ""))
    if args.xlsx:
        from .table import Sheet, write_sheets

        write_sheets(Path(args.xlsx), [Sheet("收回情况", headers, rows)], what="进度表")
        console.print(f"已写入进度表：{args.xlsx}", style="green")
    return 1 if broken else 0


def write_merge_table(result: Any, path: Path) -> None:
    """Write the 汇总表 of a merge to ``path``."""
    from .table import summary_sheet, write_sheets

    write_sheets(path, [summary_sheet(result)], what="汇总表")
