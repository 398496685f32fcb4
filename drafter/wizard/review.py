"""The review screen: one row per step (what it holds, the first words of its items, a mark for
its problems), and a jump into a step, whose page lists every answer.

Problems come from the real validator run on the saved file, so the review shows
exactly what ``drafter check`` will say.
"""

from __future__ import annotations

from collections import defaultdict

from ..datafile import load_report_file
from ..problems import Level, Problem
from ..structure import Field
from ..validate import validate
from ..values import is_empty
from .answers import Answers
from .items import preview
from .lastyear import LastYear
from .numbering import step_titles
from .questions import show_value
from .screen import Screen
from .steps import Step

FINISH = "__finish__"
DISCARD = "__discard__"
FIRST_WORDS = 14  # characters of a step's first item shown in its row


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


def sign(problems: list[Problem]) -> str:
    """Return " ✗" when ``problems`` hold an error, " ⚠" when only warnings, else ""."""
    if any(p.level is Level.ERROR for p in problems):
        return " ✗"
    return " ⚠" if problems else ""


def step_problems(step: Step, problems: dict[str, list[Problem]]) -> list[Problem]:
    """Return the problems of ``step``: its own and those of its fields."""
    return problems.get(step.id, []) + [p for k in step.keys for p in problems.get(k, [])]


def status(answers: Answers, step: Step) -> str:
    """Return one line on what ``step`` holds: figures filled, and the first words of its items."""
    filled = sum(1 for k in step.keys if not is_empty(answers.get(k)))
    if step.block is None:
        return f"已填 {filled}/{len(step.fields)} 项"
    parts = []
    if step.fields:
        parts.append(f"已填 {filled}/{len(step.fields)} 项数字" if filled else "没有数字")
    items = answers.items(step.block)
    noun = step.items_noun
    parts.append(f"{noun} {len(items)} 条：{preview(items[0], FIRST_WORDS)}" if items else f"没有{noun}")
    return " · ".join(parts)


def field_entry(answers: Answers, spec: Field, last_year: LastYear | None,
                problems: dict[str, list[Problem]]) -> str:
    """Return a figure as an entry of the menu of one step: value, last year's, and a mark."""
    shown = preview(show_value(spec, answers.get(spec.key)), 20) or "（未填）"
    last = show_value(spec, last_year.value(spec.key)) if last_year is not None else ""
    return f"{spec.label}：{shown}" + (f"（上年 {preview(last, 12)}）" if last else "") \
        + sign(problems.get(spec.key, []))


def review(screen: Screen, answers: Answers, steps: list[Step],
           last_year: LastYear | None = None, *, finish: str = "保存，完成",
           discard: bool = False) -> str | None:
    """Show the review, one row per step; return the id of the step to open, ``DISCARD``, or None to finish.

    A step opens on a page of its own (``Session.revisit``): every answer, last year's
    beside it, and the problems, so that each page fits a 40-row window.
    ``finish`` is the wording of the first entry; ``discard`` offers "放弃本次修改" (edit).
    """
    problems = collect_problems(answers, steps)
    screen.clear()
    screen.say("核对填写内容", "bold")
    all_problems = [p for group in problems.values() for p in group]
    n_errors = sum(1 for p in all_problems if p.level is Level.ERROR)
    n_warnings = len(all_problems) - n_errors
    filled, total = answers.filled()
    summary = f"已填 {filled}/{total} 项数字 · {n_errors} 处错误 · {n_warnings} 处警告"
    screen.say(summary, "bold red" if n_errors else ("yellow" if n_warnings else "bold green"))
    for problem in problems.get("", []):  # not tied to a step (a damaged file entry …)
        (screen.error if problem.level is Level.ERROR else screen.warn)(problem.message)
    screen.show_pending()
    choices = [(finish, FINISH)]
    titles = step_titles(steps, answers, unprinted_bare=True)
    for step in steps:
        mark = sign(step_problems(step, problems))
        # the mark first: a narrow window cuts the end of a long title
        choices.append((f"{mark.strip()}{' ' if mark else ''}修改：{titles[step.id]}　{status(answers, step)}", step.id))
    if discard:
        choices.append(("放弃本次修改（文件恢复成修改前的样子）", DISCARD))
    choice = screen.select("核对无误就保存；要修改哪一部分？", choices)
    return None if choice == FINISH else choice
