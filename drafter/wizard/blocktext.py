"""A subsection's own heading and a part's opening sentence: asked as one line of text each.

Stored as ``heading:`` and ``intro:`` of the block, which the validator and the
templates read. A heading equal to the template's, or emptied, is not stored: the
template's heading then applies, and a later change of the template reaches the report.
"""

from __future__ import annotations

import questionary

from .answers import Answers
from .lastyear import LastYear
from .moves import bind_moves
from .prefill import replace_on_type, same_as_last_year
from .screen import Screen
from .steps import Step

TEXT_KEYS = ("heading", "intro")
LABELS = {"heading": "本小节标题", "intro": "开头一句（可不写）"}
HELP = {
    "heading": "报告中这一小节的标题（序号后面的文字），可以改成本地的提法。",
    "intro": "这一部分标题下面、各条之前的一段总述（如“存在的不足”一部分的“2025年，我县法治政府建设……"
             "主要表现在：”）；不写就直接回车。",
}


def text_keys(step: Step) -> list[str]:
    """Return which of heading and intro the wizard asks for ``step``: a subsection's heading,
    a whole part's opening sentence (the part with subsections prints no opening of its own)."""
    if step.is_subsection:
        return ["heading"]
    if step.is_part:
        return ["intro"]
    return []


def progress_key(step: Step, key: str) -> str:
    """Return the name under which the question ``key`` of ``step`` is marked asked in the progress."""
    return f"{step.id}#{key}"


def ask_text(screen: Screen, answers: Answers, last_year: LastYear, step: Step, key: str) -> None:
    """Ask the ``heading`` or ``intro`` of ``step`` below the screen's top; store and save it."""
    block = step.block
    assert block is not None
    declared = block.heading if key == "heading" else ""
    default = answers.text(block, key) or declared
    last = last_year.text(step.id, key)
    rows = [("说明", HELP[key])]
    if last and last != default:
        rows.append(("上年", f"{last}（按 Tab 同上年）"))
    if default:
        kept = "回车保留，直接输入新标题替换，按 ← 修改" if key == "heading" else \
            "回车保留，直接输入新内容替换，按 ← 修改，按退格键清空（不写）"
        rows.append(("现有", kept + ("；清空后回车用模板的标题" if key == "heading" else "")))
    screen.lines(rows)
    question = bind_moves(questionary.text(f"{LABELS[key]}：", default=default), skip=True)
    if last:
        same_as_last_year(question, last)
    reply = screen.ask(replace_on_type(question))
    text = " ".join(str(reply or "").split())
    answers.set_text(block, key, "" if text == declared else text)
    if not answers.is_done(step.id):
        answers.mark_asked(progress_key(step, key))
    answers.save()
