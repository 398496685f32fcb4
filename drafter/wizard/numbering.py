"""The titles of the steps as the document prints them: the clerk's own heading, numbered as the .docx numbers it.

The document numbers only the subsections it prints (``render.context.prints``), so
skipping （三） makes the next printed subsection （三） too; the wizard shows that number.
"""

from __future__ import annotations

from ..render.context import prints
from ..values import cn_ordinal
from .answers import Answers
from .steps import Step


def heading_of(step: Step, answers: Answers) -> str:
    """Return the heading the document prints for ``step``: the clerk's own, else the declared one."""
    own = answers.text(step.block, "heading") if step.block is not None else ""
    return " ".join(own.split()) if own else step.title


def step_titles(steps: list[Step], answers: Answers, *, unprinted_bare: bool = False) -> dict[str, str]:
    """Return each step's title by id: a subsection with the number the document gives it.

    A subsection that would not be printed yet takes the number it gets once it has
    content (the wizard asks it now); with ``unprinted_bare`` it is shown without one.
    """
    values = answers.parsed()
    printed: dict[int, int] = {}
    titles: dict[str, str] = {}
    for step in steps:
        heading = heading_of(step, answers)
        if not step.is_subsection or step.block is None:
            titles[step.id] = heading
            continue
        number = printed.get(step.part_number, 0) + 1
        shown = prints(step.block, values, answers.items(step.block), answers.text(step.block, "intro"))
        if shown:
            printed[step.part_number] = number
        titles[step.id] = heading if unprinted_bare and not shown else f"（{cn_ordinal(number)}）{heading}"
    return titles


def step_title(step: Step, steps: list[Step], answers: Answers) -> str:
    """Return the title of ``step`` as the document will number it."""
    return step_titles(steps, answers)[step.id]
