"""Many reports in one run: expand the file arguments, run one command on each file, summarise.

A file argument may be a report file, a folder (its ``.yaml``/``.yml`` files) or a glob
pattern (``*.yaml``, for the Windows shell, which does not expand patterns). Each file gets one
result line; one failing file does not stop the others.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from .errors import UnreadableFileError

if TYPE_CHECKING:
    from rich.console import Console

    from .console import PlainConsole

REPORT_SUFFIXES = (".yaml", ".yml")
PROGRESS_AFTER = 1.0  # seconds: a batch still running after this shows a progress bar
_GLOB_CHARS = "*?["


class Status(Enum):
    """How one file came out."""

    DONE = "完成"
    WARNINGS = "有警告"
    FAILED = "出错"


class Outcome(msgspec.Struct, frozen=True):
    """The result of one file: its status, the line to show, and the exit code it stands for."""

    path: Path
    status: Status
    message: str
    code: int = 0


def is_batch(arguments: Sequence[str]) -> bool:
    """Return whether ``arguments`` name more than one file: several arguments, a folder holding
    report files, or a pattern. (A folder without any is refused like a single file.)"""
    if len(arguments) != 1:
        return True
    path = Path(arguments[0])
    kind = _kind(path)
    if kind == "folder":
        return bool(_reports_in(path))
    return kind == "missing" and any(ch in arguments[0] for ch in _GLOB_CHARS)


def single_report(argument: str) -> Path:
    """Return the one report file ``argument`` names (``is_batch`` said it is one); a folder here holds
    none, and is refused saying so."""
    path = Path(argument)
    if _kind(path) == "folder":
        raise UnreadableFileError("这个文件夹里没有报告数据文件（.yaml 或 .yml）；子文件夹里的报告要写出子文件夹，"
                                  f"如 {path.as_posix().rstrip('/')}/甲镇/", file=path)
    return path


def _kind(path: Path) -> str:
    """Return "folder", "missing" or "file"; a name the file system refuses (too long) counts as a
    file, so the command reads it and says what is wrong, as for a single file."""
    try:
        if path.is_dir():
            return "folder"
        return "file" if path.exists() else "missing"
    except OSError:
        return "file"


def _reports_in(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir()
                      if p.suffix.lower() in REPORT_SUFFIXES and p.is_file() and not p.name.startswith("."))
    except OSError:
        return []


def run_files(arguments: Sequence[str], action: Callable[[Path], Outcome], console: Console | PlainConsole, *,
              crash_log: Callable[[], Path]) -> int:
    """Run ``action`` on every file ``arguments`` name, print a result line each and a summary;
    return the exit code. A file that fails (even by a drafter bug) does not stop the others."""
    files, refused = expand(arguments)
    for outcome in refused:
        print_outcome(console, outcome)
    outcomes = refused + run_all(files, lambda path: _guarded(action, path, crash_log), console)
    print_summary(console, outcomes)
    return exit_code(outcomes)


def _guarded(action: Callable[[Path], Outcome], path: Path, crash_log: Callable[[], Path]) -> Outcome:
    from .errors import DrafterError
    from .problems import errors

    try:
        return action(path)
    except DrafterError as exc:
        detail = exc.message if exc.location.file == path else str(exc)
        if exc.location.file == path and exc.location.line:
            detail = f"第 {exc.location.line} 行：{detail}"
        first = errors(exc.problems)[:1]
        if first:
            detail += f"（第一处：{first[0].format()}）"
        return Outcome(path, Status.FAILED, detail, exc.exit_code)
    except Exception:  # a bug in drafter: record it, go on with the other files
        log = crash_log()
        return Outcome(path, Status.FAILED,
                       f"drafter 内部错误（不是您的文件的问题），文件没有被改动；详细信息已保存到 {log}", 70)


def expand(arguments: Sequence[str]) -> tuple[list[Path], list[Outcome]]:
    """Return the report files ``arguments`` name, in order and without repeats, and a failed
    outcome for each argument that names none (a missing file, an empty folder, a pattern that
    matches nothing)."""
    files: list[Path] = []
    refused: list[Outcome] = []
    for argument in arguments:
        path = Path(argument)
        kind = _kind(path)
        if kind == "folder":
            found = _reports_in(path)
            if not found:
                refused.append(Outcome(path, Status.FAILED, "这是一个文件夹，里面没有报告数据文件（.yaml）", 2))
        elif kind == "missing" and any(ch in argument for ch in _GLOB_CHARS):
            found = sorted(Path(p) for p in glob.glob(argument)
                           if Path(p).is_file() and Path(p).suffix.lower() in REPORT_SUFFIXES)
            if not found:
                refused.append(Outcome(path, Status.FAILED, "没有与这个通配符相符的报告数据文件（.yaml）", 2))
        else:
            found = [path]  # a missing file is reported by the command, like a single file
        files += found
    unique = list(dict.fromkeys(files))
    return unique, refused


def run_all(files: Sequence[Path], action: Callable[[Path], Outcome], console: Console | PlainConsole) -> list[Outcome]:
    """Run ``action`` on every file, printing each result line as it comes; a progress bar
    appears when the batch is still running after ``PROGRESS_AFTER`` seconds."""
    outcomes: list[Outcome] = []
    started = time.monotonic()
    progress = None
    task = None
    try:
        for index, path in enumerate(files):
            if progress is None and time.monotonic() - started > PROGRESS_AFTER and console.is_terminal:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

                progress = Progress(TextColumn("正在处理"), BarColumn(), MofNCompleteColumn(),
                                    console=console, transient=True)
                progress.start()
                task = progress.add_task("", total=len(files), completed=index)
            outcome = action(path)
            outcomes.append(outcome)
            print_outcome(console, outcome)
            if progress is not None and task is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()
    return outcomes


_STYLES = {Status.DONE: "green", Status.WARNINGS: "yellow", Status.FAILED: "red"}


def print_outcome(console: Console | PlainConsole, outcome: Outcome) -> None:
    """Print the one line of one file's result."""
    console.print(f"{outcome.status.value}：{outcome.path}：{outcome.message}", style=_STYLES[outcome.status])


def print_summary(console: Console | PlainConsole, outcomes: Sequence[Outcome]) -> None:
    """Print how many files came out how, as a table, and which ones failed."""
    from rich.table import Table

    table = Table(title=f"共处理 {len(outcomes)} 个文件")
    for column in ("结果", "文件数", "文件"):
        table.add_column(column)
    for status in Status:
        group = [o for o in outcomes if o.status is status]
        # the files done are many and need nothing: their lines are above, the table names the others
        named = "、".join(o.path.name for o in group) if status is not Status.DONE else ("见上面各行" if group else "")
        table.add_row(status.value, str(len(group)), named or "—")
    console.print(table)


def exit_code(outcomes: Sequence[Outcome]) -> int:
    """Return 0 when every file succeeded, else the highest exit code among the failures."""
    return max((o.code for o in outcomes if o.status is Status.FAILED), default=0)
