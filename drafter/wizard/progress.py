"""The progress header shown at the top of every screen of the questionnaire."""

from __future__ import annotations

from .answers import Answers
from .steps import Step


def header_text(step: Step, answers: Answers, parts_total: int) -> str:
    """Return e.g. “第 1 部分 / 共 5 部分 · 主要举措和成效 · 已填 41/105 项”."""
    filled, total = answers.filled()
    where = (f"第 {step.part_number} 部分 / 共 {parts_total} 部分 · {step.part_title}"
             if step.part_number else f"准备 · {step.title}")
    return f"{where} · 已填 {filled}/{total} 项"


def step_position(step: Step, steps: list[Step], answers: Answers) -> str:
    """Return how far the clerk is inside ``step`` and the questionnaire, e.g. “本小节 3/21 项”."""
    asked = sum(1 for key in step.keys if answers.was_asked(key))
    done = sum(1 for s in steps if answers.is_done(s.id))
    inside = f"本节 {asked}/{len(step.keys)} 项 · " if step.keys else ""
    return f"{inside}已完成 {done}/{len(steps)} 节"
