"""The review screen: a table of everything entered, missing figures and problems marked, and a jump back.

Problems come from the real validator run on the saved file, so the review shows
exactly what ``drafter check`` will say.
"""

from __future__ import annotations

from collections import defaultdict

from rich.table import Table
from rich.text import Text

from ..datafile import load_report_file
from ..problems import Level, Problem
from ..validate import validate
from ..values import is_empty
from .answers import Answers
from .lastyear import LastYear
from .numbering import step_titles
from .questions import show_value
from .screen import Screen
from .steps import Step

FINISH = "__finish__"
DISCARD = "__discard__"
MISSING_SHOWN = 6


def collect_problems(answers: Answers, steps: list[Step]) -> dict[str, list[Problem]]:
    """Save, validate the file, and return its problems by field key or step id."""
    answers.save()
    loaded = load_report_file(answers.path)
    _, problems = validate(loaded, answers.structure)
    at_line: dict[int, tuple] = {}
    for path, line in loaded.lines.items():
        if len(path) >= len(at_line.get(line, ())):
            at_line[line] = path
    step_paths = {tuple(s.block.path) if s.block else (s.id,): s.id for s in steps}
    found: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        path = at_line.get(problem.line, ())
        found[_owner(path, answers, step_paths)].append(problem)
    return found


def _owner(path: tuple, answers: Answers, step_paths: dict[tuple, str]) -> str:
    for part in reversed(path):
        if isinstance(part, str) and part in answers.structure.fields:
            return part
    for length in range(len(path), 0, -1):
        if tuple(path[:length]) in step_paths:
            return step_paths[tuple(path[:length])]
    return ""


def _marks(problems: list[Problem]) -> Text:
    text = Text()
    for problem in problems:
        if text:
            text.append("\n")
        if problem.level is Level.ERROR:
            text.append(f"✗ {problem.message}", style="red")
        else:
            text.append(f"⚠ {problem.message}", style="yellow")
    return text


def build_table(answers: Answers, steps: list[Step], problems: dict[str, list[Problem]],
                last_year: LastYear | None = None) -> Table:
    """Return the table of everything entered, step by step; a skipped step takes one row."""
    with_last = last_year is not None and bool(last_year.values)
    with_marks = any(problems.values())
    table = Table(title="核对填写内容", expand=True, title_style="bold")
    titles = step_titles(steps, answers, unprinted_bare=True)
    table.add_column("项目", ratio=3, overflow="fold")
    table.add_column("本年", ratio=2, overflow="fold")
    if with_last:
        table.add_column("上年", ratio=1, style="dim", overflow="fold")
    if with_marks:
        table.add_column("提示", ratio=3, overflow="fold")

    def row(label: str | Text, value: str | Text, key: str = "",
            marks: list[Problem] | None = None) -> None:
        cells: list[str | Text] = [label, value]
        if with_last:
            spec = answers.structure.fields.get(key)
            cells.append(show_value(spec, last_year.value(key)) if spec and last_year else "")
        if with_marks:
            cells.append(_marks(marks or []))
        table.add_row(*cells)

    for step in steps:
        table.add_section()
        row(Text(titles[step.id], style="bold"), _status(answers, step), marks=problems.get(step.id))
        missing = []
        for spec in step.fields:
            value = answers.get(spec.key)
            if not is_empty(value):
                row(f"  {spec.label}", show_value(spec, value), spec.key, problems.get(spec.key))
            elif step.group is not None or problems.get(spec.key):
                row(f"  {spec.label}", Text("（未填）", style="dim"), spec.key, problems.get(spec.key))
            else:
                missing.append(spec.label)
        if missing and len(missing) < len(step.fields):
            listed = "、".join(missing[:MISSING_SHOWN]) + (
                f" 等 {len(missing)} 项" if len(missing) > MISSING_SHOWN else "")
            row(Text("  未填的数字", style="yellow"), Text(listed, style="dim"))
    return table


def _status(answers: Answers, step: Step) -> Text:
    filled = sum(1 for k in step.keys if not is_empty(answers.get(k)))
    if step.block is None:
        return Text(f"已填 {filled}/{len(step.fields)} 项")
    parts = []
    if step.fields:
        parts.append(f"已填 {filled}/{len(step.fields)} 项数字" if filled else "没有数字")
    items = answers.items(step.block)
    noun = step.items_noun
    parts.append(f"{noun} {len(items)} 条" if items else f"没有{noun}")
    return Text(" · ".join(parts), style="" if filled or items else "dim")


def review(screen: Screen, answers: Answers, steps: list[Step],
           last_year: LastYear | None = None, *, finish: str = "保存，完成",
           discard: bool = False) -> str | None:
    """Show the review table; return the id of the step to go back to, ``DISCARD``, or None to finish.

    ``finish`` is the wording of the first entry; ``discard`` offers "放弃本次修改" (edit).
    """
    problems = collect_problems(answers, steps)
    screen.clear()
    screen.print(build_table(answers, steps, problems, last_year))
    screen.show_pending()
    all_problems = [p for group in problems.values() for p in group]
    n_errors = sum(1 for p in all_problems if p.level is Level.ERROR)
    n_warnings = len(all_problems) - n_errors
    filled, total = answers.filled()
    summary = f"已填 {filled}/{total} 项数字 · {n_errors} 处错误 · {n_warnings} 处警告"
    screen.say(summary, "bold red" if n_errors else ("yellow" if n_warnings else "bold green"))
    choices = [(finish, FINISH)]
    titles = step_titles(steps, answers, unprinted_bare=True)
    for step in steps:
        marks = problems.get(step.id, []) + [p for k in step.keys for p in problems.get(k, [])]
        sign = " ✗" if any(p.level is Level.ERROR for p in marks) else (" ⚠" if marks else "")
        choices.append((f"修改：{titles[step.id]}{sign}", step.id))
    if discard:
        choices.append(("放弃本次修改（文件恢复成修改前的样子）", DISCARD))
    choice = screen.select("核对无误就保存；要修改哪一部分？", choices)
    return None if choice == FINISH else choice
