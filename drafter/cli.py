"""The ``drafter`` command: parse arguments, call one function, turn errors into Chinese and exit codes.

Heavy modules (python-docx, questionary) are imported inside the commands so that
``drafter --help`` and ``drafter check`` stay fast.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .cli_text import ChineseArgumentParser
from .collect import register as register_collect
from .errors import DrafterError, StructureError
from .problems import Level, Problem, errors, warnings

if TYPE_CHECKING:
    from rich.console import Console

    from .console import PlainConsole
    from .merge import MergeResult
    from .report import OpenedReport


def _console(stderr: bool = False) -> Console | PlainConsole:
    from .console import console  # rich only where colour shows: a terminal

    return console(stderr=stderr)


def print_problems(console: Console | PlainConsole, problems: Sequence[Problem]) -> None:
    """Print errors, then warnings, each as ``file:line: 字段: message``, and a summary line."""
    ordered = sorted(problems, key=lambda p: (str(p.file), p.line))
    for level, group in ((Level.ERROR, errors(ordered)), (Level.WARNING, warnings(ordered))):
        if not group:
            continue
        console.print(f"{level.value}（{len(group)} 处）：", style="bold red" if level is Level.ERROR else "bold yellow")
        for problem in group:
            console.print(problem.format())
    n_errors, n_warnings = len(errors(list(problems))), len(warnings(list(problems)))
    if n_errors:
        console.print(f"检查结果：{n_errors} 处错误，{n_warnings} 处警告。请先改正错误。", style="red")
    elif n_warnings:
        console.print(f"检查结果：没有错误，{n_warnings} 处警告（请核对）。", style="yellow")
    else:
        console.print("检查结果：没有发现问题。", style="green")


def cmd_check(args: argparse.Namespace) -> int:
    """``drafter check FILE…``: validate report files and list every problem."""
    from .batch import is_batch, single_report
    from .report import open_report

    if is_batch(args.files):
        if args.previous:
            _console(stderr=True).print("错误：一次检查多份报告时不能用 --previous；上年数据请在各数据文件中写 previous: 文件名",
                                        style="red")
            return 2
        return _check_many(args)
    args.file = single_report(args.files[0])
    opened = open_report(Path(args.file), template=args.template,
                         previous=Path(args.previous) if args.previous else None)
    _refuse_what_render_would(opened)
    console = _console()
    print_problems(console, opened.problems)
    if errors(opened.problems):
        if args.text:
            console.print("文字检查：数据有错误，改正后才能生成文字检查。", style="red")
        return 1
    return _check_text(console, opened) if args.text else 0


def _refuse_what_render_would(opened: OpenedReport) -> None:
    """Promise 1: what check accepts, render renders. The template set is checked (from the cache when
    unchanged); with a set of the clerk's own, a report without errors is also set in text with this
    very data, so that a template failing only on these figures ({% if %} on a value) stops check as it
    would stop render, with its file and line. drafter's own sets are proved on any figures by its tests."""
    opened.template_set.ensure_usable()
    if not opened.template_set.bundled and not errors(opened.problems):
        from .render.pipeline import render_blocks

        render_blocks(opened, opened.previous)


def _check_text(console: Console | PlainConsole, opened: OpenedReport) -> int:
    """``check --text``: render the report to text and list what a reader would send back."""
    from .render.textcheck import lint_report

    findings = lint_report(opened)
    for finding in findings:
        console.print(finding.format())
    if findings:
        console.print(f"文字检查：生成的报告文字有 {len(findings)} 处需要修改。", style="red")
        return 1
    console.print("文字检查：生成的报告文字没有发现问题。", style="green")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    """``drafter render FILE…``: validate, then write the .docx (and the PDF with ``--pdf``)."""
    from .batch import is_batch, single_report
    from .render.pipeline import render_report_file
    from .validate import BLANK_ROLE_WARNINGS, UNFINISHED_FIELD

    if is_batch(args.files):
        return _render_many(args)
    args.file = single_report(args.files[0])
    console = _console()
    output = args.output or None  # as typed: a trailing / means a folder
    previous = Path(args.previous) if args.previous else None
    found: list[Problem] = []
    backups: list[Path] = []
    fonts: list[str] = []
    target = render_report_file(Path(args.file), output, pdf=args.pdf, template=args.template,
                                previous=previous, warnings_out=found, backups_out=backups,
                                fonts_out=fonts)
    for problem in warnings(found):
        if problem.field == UNFINISHED_FIELD:
            console.print(f"注意：{problem.message}", style="yellow")
        elif problem.message in BLANK_ROLE_WARNINGS.values():
            console.print(f"注意：{problem.format()}", style="yellow")
    if warnings(found):
        console.print(f"注意：数据文件有 {len(warnings(found))} 处警告，请核对（运行 drafter check {args.file} 查看）。",
                      style="yellow")
    for backup in backups:
        console.print(f"原来的 Word 文档不是 drafter 生成时的样子（生成后改过，或不是 drafter 生成的），已另存为：{backup}", style="yellow")
    console.print(f"已生成 Word 文档：{target}", style="green")
    if args.pdf:
        console.print(f"已生成 PDF：{target.with_suffix('.pdf')}", style="green")
        for line in fonts:
            console.print(line, style="yellow", markup=False)
    return 0


def _check_many(args: argparse.Namespace) -> int:
    """``drafter check`` on several files, a folder or a pattern: each file's problems and result line."""
    from .batch import Outcome, Status, run_files
    from .report import open_report
    from .templateset import LoadedSets

    console = _console()
    sets = LoadedSets()

    def check_one(path: Path) -> Outcome:
        opened = open_report(path, template=args.template, sets=sets)
        _refuse_what_render_would(opened)
        for problem in sorted(opened.problems, key=lambda p: (p.level is not Level.ERROR, p.line)):
            console.print(f"{problem.level.value}：{problem.format()}", markup=False)
        n_errors, n_warnings = len(errors(opened.problems)), len(warnings(opened.problems))
        if n_errors:
            return Outcome(path, Status.FAILED, f"{n_errors} 处错误，{n_warnings} 处警告", 1)
        if args.text and _check_text(console, opened):
            return Outcome(path, Status.FAILED, "报告文字有需要修改之处", 1)
        if n_warnings:
            return Outcome(path, Status.WARNINGS, f"没有错误，{n_warnings} 处警告（请核对）")
        return Outcome(path, Status.DONE, "没有发现问题")

    return run_files(args.files, check_one, console, crash_log=_write_crash_log)


def _render_many(args: argparse.Namespace) -> int:
    """``drafter render`` on several files, a folder or a pattern: one result line per file, a summary."""
    from .batch import Outcome, Status, run_files
    from .render.pipeline import render_report_file
    from .templateset import LoadedSets

    if args.output or args.previous:
        _console(stderr=True).print(
            "错误：一次生成多份报告时不能用 -o 或 --previous；文档按发文机关和年度命名、放在各自的数据文件旁边，"
            "上年数据请在各数据文件中写 previous: 文件名", style="red")
        return 2
    sets = LoadedSets()
    taken: set[Path] = set()

    def render_one(path: Path) -> Outcome:
        found: list[Problem] = []
        backups: list[Path] = []
        target = render_report_file(path, pdf=args.pdf, template=args.template, warnings_out=found,
                                    backups_out=backups, sets=sets, taken=taken)
        written = f"已生成 {target}" + (f" 和 {target.with_suffix('.pdf').name}" if args.pdf else "")
        written += "".join(f"（原来的文档生成后改过或不是 drafter 生成的，已另存为 {b.name}）" for b in backups)
        if warnings(found):
            return Outcome(path, Status.WARNINGS,
                           f"{written}；数据文件有 {len(warnings(found))} 处警告，请运行 drafter check {path} 核对")
        return Outcome(path, Status.DONE, written)

    return run_files(args.files, render_one, _console(), crash_log=_write_crash_log)


def cmd_template_init(args: argparse.Namespace) -> int:
    """``drafter template init DIR``: copy a template set for editing (or make one from a Word template)."""
    console = _console()
    if args.from_docx:
        from .templateset.init import init_from_docx

        target = Path(args.dir)
        reading = init_from_docx(target, Path(args.from_docx), args.source)
        console.print(f"已按 Word 模板“{args.from_docx}”建立模板：{target}", style="green", markup=False)
        if reading.header_kind:
            console.print(f"版头（{reading.header_kind}）、发文字号下的红线照模板原样使用（模板已另存为 "
                          f"{target / 'base.docx'}）", markup=False)
        read = sorted({".".join(path[:2]) for path in reading.values})
        console.print("已写入 layout.yaml：" + "、".join(read), markup=False)
        if reading.unread:
            console.print("以下内容未能从模板读出，如需要请在 layout.yaml 中手工填写：", style="yellow")
            for setting, what in reading.unread:
                console.print(f"  {setting}：{what}", style="yellow", markup=False)
    else:
        from .templateset.init import init_template_set

        target = init_template_set(Path(args.dir), args.source)
        console.print(f"已复制模板“{args.source}”到：{target}", style="green")
    console.print(f"修改后运行 drafter template check {target} 检查；生成报告时加 --template {target}",
                  markup=False)
    return 0


def cmd_template_check(args: argparse.Namespace) -> int:
    """``drafter template check DIR``: list every problem of an edited template set."""
    from .render.fontcheck import font_report
    from .templateset import find_template_set

    template_set = find_template_set(args.dir)
    problems = template_set.check()
    console = _console()
    print_problems(console, problems)
    if errors(problems):
        return StructureError.exit_code  # as render and new refuse the set
    for line in font_report(template_set.layout):
        console.print(line, style="yellow", markup=False)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """``drafter new``: ask a new report in the terminal, or resume an unfinished one."""
    from .wizard import run_new

    return run_new(Path(args.output), from_path=Path(args.from_path) if args.from_path else None,
                   template=args.template, sections=args.section)


def cmd_edit(args: argparse.Namespace) -> int:
    """``drafter edit FILE``: revisit chosen subsections of a report file in the terminal."""
    from .wizard import run_edit

    return run_edit(Path(args.file), sections=args.section, template=args.template)


def cmd_merge(args: argparse.Namespace) -> int:
    """``drafter merge OUT UNIT…``: sum unit reports into one report file and show what was done."""
    from .datafile import write_report_text
    from .merge import check_merged, exclude_units, merge_reports
    from .outputs import check_name, refuse_existing, refuse_inputs

    output = Path(args.output)
    units, excluded = exclude_units([Path(p) for p in args.units], args.exclude or [])
    into = Path(args.into) if args.into else None
    check_name(output, "汇总结果文件")
    inputs = [*([into] if into else []), *units]
    refuse_inputs(output, inputs, what="汇总结果文件")
    if args.table:
        check_name(Path(args.table), "汇总表")
        refuse_inputs(Path(args.table), [*inputs, output], what="汇总表")
        if not args.force:
            refuse_existing(Path(args.table), what="汇总表", hint="请换一个文件名，或加 --force 覆盖它")
    if not args.force:
        refuse_existing(output, what="汇总结果文件", hint="请换一个文件名，或加 --force 覆盖它")
    for note in excluded:
        _console().print(note, markup=False)
    result = merge_reports(units, into=into, issuer=args.issuer or "", year=args.year)
    refuse_inputs(output, [], folders=result.template_folders, what="汇总结果文件")
    text, problems = check_merged(result, output)
    if errors(problems):
        _print_merge_table(result)
        console = _console(stderr=True)
        source = f"各单位和 {into} 的数字" if into else "各单位的数字"
        console.print(f"错误：汇总后的数据有错误，没有写入 {output}；请按上表核对{source}后重试：",
                      style="red", markup=False)
        # the merged file was not written: its lines would point nowhere, the figure's name says which
        print_problems(console, [Problem(p.level, p.message, field=p.field) for p in problems])
        return 1
    write_report_text(output, text)
    if args.table:
        from .collect.commands import write_merge_table

        write_merge_table(result, Path(args.table))
    console = _print_merge_table(result)
    console.print(f"已写入：{output}（可用 drafter check / drafter render 继续）", style="green", markup=False)
    if args.table:
        console.print(f"已写入汇总表：{args.table}", style="green", markup=False)
    return 0


def _print_merge_table(result: MergeResult) -> Console | PlainConsole:
    """Print what the merge summed, from which units, and what the clerk should know."""
    from rich.table import Table

    console = _console()
    table = Table(title=f"汇总了 {len(result.units)} 个单位：{'、'.join(result.units)}")
    for column in ("数字", "合计", "计入的单位数", "未计入的单位", "方法"):
        table.add_column(column)
    for row in result.rows:
        table.add_row(f"{row.label}（{row.unit}）", row.total, f"{row.reporting}/{len(result.units)}",
                      "、".join(row.missing) or "—", row.how)
    console.print(table)
    for conflict in result.conflicts:
        console.print(f"注意：{conflict}", style="yellow", markup=False)
    return console


def cmd_import(args: argparse.Namespace) -> int:
    """``drafter import 上年报告.docx|.txt``: start a report file from last year's published report."""
    if Path(args.file).suffix.lower() in (".xlsx", ".xlsm"):
        from .collect.commands import import_workbook

        return import_workbook(args, print_problems)
    from .importer import import_report
    from .importer.summary import print_summary

    result = import_report(Path(args.file), Path(args.output) if args.output else None,
                           template=args.template, force=args.force)
    print_summary(_console(), result)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``drafter`` command."""
    parser = ChineseArgumentParser(
        prog="drafter", description="法治政府建设年度报告起草助手：问卷 → YAML 数据文件 → 检查 → Word 文档")
    parser.add_version(f"drafter {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令")

    check = sub.add_parser("check", help="检查报告数据文件（YAML）中的错误", description="检查报告数据文件，列出全部错误和警告")
    check.add_argument("files", nargs="+", metavar="file",
                       help="报告数据文件（.yaml）；可写多个，或一个文件夹，或通配符如 *.yaml")
    check.add_argument("--template", help="使用的模板（内置名称或文件夹），默认用文件中记录的模板")
    check.add_argument("--previous", help="上年度报告数据文件：与生成时一样检查它能否用于同比（也可在数据文件中写 previous: 文件名）")
    check.add_argument("--text", action="store_true",
                       help="再把报告生成为文字，检查读者会挑出的毛病（单位、序号、主语、0件、标点、数字写法、部分标题）")
    check.set_defaults(handler=cmd_check)

    new = sub.add_parser("new", help="问答式填写一份新报告（随时可中断，下次接着填）",
                         description="一问一答填写报告数据，每答一项就保存；再次运行同一命令从没答的地方接着填")
    new.add_argument("-o", "--output", default="报告.yaml", help="保存到哪个报告数据文件（默认：报告.yaml）")
    new.add_argument("--from", dest="from_path", metavar="上年.yaml",
                     help="上年度的报告数据文件：沿用发文机关、主送、抄送等，并在每个问题旁显示上年数字")
    new.add_argument("--template", help="使用的模板（内置名称或文件夹），默认 default 或上年所用模板")
    new.add_argument("--section", action="append", metavar="NAME",
                     help="先填这一小节：键名（如 disputes）、标题或说明中的几个字（如 矛盾纠纷、公证）；"
                          "对应几个小节时会列出来让您选；可重复。填完后接着填没答的问题")
    new.set_defaults(handler=cmd_new)

    edit = sub.add_parser("edit", help="问答式修改已有报告的某些小节",
                          description="重新回答选定小节的问题（原来的答案作默认值），然后核对、保存")
    edit.add_argument("file", help="报告数据文件（.yaml）")
    edit.add_argument("--section", action="append", metavar="NAME",
                      help="要修改的小节：键名（如 disputes、meta）、标题或说明中的几个字（如 矛盾纠纷、公证）；"
                           "对应几个小节时会列出来让您选；可重复；不写则直接进入核对")
    edit.add_argument("--template", help="使用的模板（内置名称或文件夹），默认用文件中记录的模板")
    edit.set_defaults(handler=cmd_edit)

    render = sub.add_parser("render", help="由报告数据文件生成 Word 文档（GB/T 9704 公文格式）",
                            description="检查报告数据文件，无错误时生成 .docx；--pdf 同时用 LibreOffice 转成 PDF")
    render.add_argument("files", nargs="+", metavar="file",
                        help="报告数据文件（.yaml）；可写多个，或一个文件夹，或通配符如 *.yaml（逐份生成，最后列出汇总）")
    render.add_argument("-o", "--output", help="输出的 .docx 文件，默认按发文机关和年度命名，放在数据文件旁边")
    render.add_argument("--pdf", action="store_true", help="同时生成 PDF（需要已安装 LibreOffice）")
    render.add_argument("--template", help="使用的模板（内置名称或文件夹），默认用文件中记录的模板")
    render.add_argument("--previous", help="上年度报告数据文件，用于写同比（也可在数据文件中写 previous: 文件名）")
    render.set_defaults(handler=cmd_render)

    merge = sub.add_parser("merge", help="把各部门、各乡镇的报告数据汇总成一个文件",
                           description="数量和金额按单位相加，比率按合计数重新计算，各单位的工作内容保留在 from_units 下供挑选")
    merge.add_argument("output", help="汇总结果文件（.yaml）")
    merge.add_argument("units", nargs="+", help="各单位的报告数据文件（.yaml），或收回的收集表（.xlsx）")
    merge.add_argument("--into", help="县级报告数据文件：保留它的文档信息、文字和本级自己的数字，合计数按本次各单位重新计算"
                                      "（结果写到新文件，不改动它）")
    merge.add_argument("--year", type=int, help="汇总年度；不写时用 --into 文件的年度，或各单位一致的年度")
    merge.add_argument("--force", action="store_true", help="汇总结果文件（和 --table 的汇总表）已存在时覆盖它")
    merge.add_argument("--exclude", action="append", metavar="文件",
                       help="不汇总这个单位文件（写文件名或路径，如通配符选进来的去年的文件）；可重复")
    merge.add_argument("--issuer", help="汇总报告的发文机关，如“灵丘县人民政府”（不用 --into 时填写）")
    merge.add_argument("--table", metavar="汇总表.xlsx", help="同时生成汇总表：数字 × 单位，合计和重新计算的比率，标出未报的单位")
    merge.set_defaults(handler=cmd_merge)

    imp = sub.add_parser("import", help="从上年已发布的报告（.docx 或 .txt）生成报告数据文件",
                         description="读取上年报告的 Word 文档或网页文字，识别文档信息、各部分和小节、数字，"
                                     "写成报告数据文件，并列出识别结果供核对")
    imp.add_argument("file", help="上年报告（.docx，或从网页复制保存的 .txt），或单位收回的收集表（.xlsx）")
    imp.add_argument("-o", "--output", help="报告数据文件（.yaml），默认与原文件同名、放在同一文件夹")
    imp.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    imp.add_argument("--template", help="使用的模板（内置名称或文件夹），默认 default")
    imp.set_defaults(handler=cmd_import)

    register_collect(sub)
    template = sub.add_parser("template", help="复制、检查模板（结构、句子、版式）",
                              description="模板是一个文件夹：structure.yaml（结构）、text/（句子）、layout.yaml（版式）")
    template_sub = template.add_subparsers(dest="template_command", metavar="操作", required=True)
    init = template_sub.add_parser("init", help="复制一套模板到文件夹，供修改")
    init.add_argument("dir", help="新模板文件夹（不能已存在）")
    init.add_argument("--from", dest="source", default="default", help="从哪套模板复制：default（县政府）或 department（政府部门）")
    init.add_argument("--from-docx", dest="from_docx", metavar="模板.docx",
                      help="读取本单位已有的 Word 红头模板（.docx）：页面、网格、字体、版头、红线和页码写入 "
                           "layout.yaml，版头照原样用于每份报告")
    init.set_defaults(handler=cmd_template_init)
    tcheck = template_sub.add_parser("check", help="检查修改过的模板中的全部错误")
    tcheck.add_argument("dir", help="模板文件夹或内置模板名")
    tcheck.set_defaults(handler=cmd_template_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return handler(args)
    except DrafterError as exc:
        console = _console(stderr=True)
        if exc.problems:
            print_problems(console, exc.problems)
            if exc.message not in {p.message for p in exc.problems}:  # not the one problem again
                console.print(exc.message, style="red", markup=False)  # what was (not) done, after the list
        else:
            console.print(f"错误：{exc}", style="red")
        return exc.exit_code
    except KeyboardInterrupt:
        _console(stderr=True).print("已中断。")
        return 130
    except BrokenPipeError:  # the reader went away (drafter check … | head): nothing more to show
        _silence_stdout()
        return 1
    except Exception:  # an internal bug: say so in Chinese, keep the details in a log file
        log = _write_crash_log()
        _console(stderr=True).print(
            f"drafter 内部错误（不是您的文件的问题）。您的文件没有被改动。详细信息已保存到 {log}，"
            "请把这个文件发给维护人员。", style="red")
        return 70


def _silence_stdout() -> None:
    """Send what is left of standard output nowhere, so that flushing it at exit raises nothing."""
    _silence(sys.stdout)


def _silence(stream: Any) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file behind it (a test's StringIO)
        pass


class ReaderMayLeave:
    """An output stream whose reader may go away (``drafter render 各乡镇/ | head -1``): from then
    on what is written is dropped, and the command goes on with its work and its exit code."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._gone = False

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._leave()
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._leave()

    def _leave(self) -> None:
        self._gone = True
        _silence(self._stream)   # what the stream still buffers now goes nowhere, quietly

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _write_crash_log() -> Path:
    import tempfile
    import traceback

    handle, name = tempfile.mkstemp(prefix="drafter-错误-", suffix=".log")
    with open(handle, "w", encoding="utf-8") as stream:
        stream.write(traceback.format_exc())
    return Path(name)


def run() -> None:
    """Console-script entry point: run the command, then leave without tearing Python down.

    A command builds many objects that live to its end (modules, the template set, the
    document). With Python's default thresholds the collector scans them again and again,
    and freeing them all at exit costs as much again; together about a tenth of a render.
    Nothing of drafter's waits for exit: by the time ``main`` returns, files are written and
    closed and temporary folders removed, so only the output streams are left to flush.
    """
    gc.set_threshold(50_000, 20, 50)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not stream.isatty():
            setattr(sys, name, ReaderMayLeave(stream))
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (drafter check … | head): nothing to save
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
