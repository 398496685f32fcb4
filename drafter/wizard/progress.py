"""The progress header shown at the top of every screen of the questionnaire."""

from __future__ import annotations

from ..values import is_empty
from .answers import Answers
from .steps import Step


def header_text(step: Step, answers: Answers, parts_total: int) -> str:
    """Return e.g. “第 1 部分 / 共 5 部分 · 主要举措和成效 · 已填 41/124 项”.

    The count is over every question, the document's own (发文机关, 年度 …) included,
    so that it moves from the first answer on.
    """
    keys = answers.structure.fields
    filled = sum(1 for key in keys if not is_empty(answers.get(key)))
    where = (f"第 {step.part_number} 部分 / 共 {parts_total} 部分 · {step.part_title}"
             if step.part_number else f"准备 · {step.title}")
    return f"{where} · 已填 {filled}/{len(keys)} 项"
