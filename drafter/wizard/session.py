"""Walk the declared structure step by step, asking what is not answered yet, saving after each answer.

The session holds no per-figure code: every question comes from a ``Field`` of the
structure through ``questions.build_question``, every rule from the structure's rules.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from typing import Any

from ..problems import Level
from ..structure import Field
from ..values import ValueRefused, is_empty
from .answers import Answers, Draft
from .blocktext import LABELS, ask_text, progress_key, text_keys
from .consistency import Conflict, conflicts
from .items import edit_items, preview
from .lastyear import LastYear
from .moves import FIRST_QUESTION, Back, Move, bind_moves, hint, move_bindings
from .numbering import step_title
from .plausible import doubts
from .prefill import replace_hint, replace_on_type, same_as_last_year
from .progress import header_text
from .questions import (
    Answer,
    answer_of,
    answer_text,
    build_question,
    choice_default,
    choice_options,
    describe,
    show_value,
)
from .review import collect_problems, field_entry, step_problems
from .screen import Interrupted, Screen
from .steps import Step
from .walker import Question, walk

RECENT = 6
NUMBER_KINDS = ("count", "amount", "percent", "year")
DRAFT_SAVE_SECONDS = 1.0  # a paragraph being typed reaches the file at most this long after a key


def default_year(today: dt.date) -> int:
    """Return the report year a clerk most likely means: last year in the first half, else this year."""
    return today.year - 1 if today.month <= 6 else today.year


class Session:
    """One run of the questionnaire over ``steps``, writing into ``answers``."""

    def __init__(self, screen: Screen, answers: Answers, steps: list[Step],
                 last_year: LastYear | None = None, *, today: dt.date | None = None) -> None:
        self.screen = screen
        self.answers = answers
        self.steps = steps
        self.last_year = last_year or LastYear()
        self.today = today or dt.date.today()
        self.parts_total = len(answers.structure.parts)
        self.step_of = {key: step for step in steps for key in step.keys}
        self._draft_saved = 0.0

    # where we are -------------------------------------------------------

    def resume_point(self) -> tuple[Step, Field | None] | None:
        """Return the first step not done and its first field not asked; None when all are done."""
        for step in self.steps:
            if not self.answers.is_done(step.id):
                field = next((f for f in step.fields if not self.answers.was_asked(f.key)), None)
                return step, field
        return None

    def walk(self, only: list[Step] | None = None, *, editing: bool = False) -> None:
        """Ask every step not done yet in order, or the steps ``only`` (all their questions when ``editing``).

        PgUp on the first question of a step goes back to the last question of the step before.
        """
        order = self.steps if only is None else only
        index, from_end = 0, False
        while index < len(order):
            step = order[index]
            if only is None and not from_end and self.answers.is_done(step.id):
                index += 1
                continue
            again = editing or (only is not None and self.answers.is_done(step.id))
            try:
                self.run_step(step, editing=again, from_end=from_end)
            except Back:
                if index == 0:
                    self.screen.later(FIRST_QUESTION)
                    from_end = False
                else:
                    index, from_end = index - 1, True
                continue
            index, from_end = index + 1, False

    def run_step(self, step: Step, *, editing: bool = False, from_end: bool = False) -> None:
        """Ask the questions of ``step`` (all of them when ``editing``), then mark it done.

        ``from_end`` starts at its last question (the clerk came back from the next step);
        ``Back`` leaves it from its first.
        """
        if step.group is not None:
            walk([self._field_question(step, f) for f in step.fields], editing=editing,
                 from_end=from_end)
        else:
            self._block(step, editing, from_end)
        self.answers.mark_done(step.id, step.keys + [progress_key(step, k) for k in text_keys(step)])
        self.answers.save()

    def revisit(self, step: Step) -> None:
        """From the review: change one answer of ``step`` (or its work items), or go through all of it.

        Esc (or PgUp) goes back to the review; a step with nothing but work items opens them at once.
        """
        try:
            if not step.fields and not text_keys(step):
                self.run_step(step, editing=True)
                return
            self._revisit(step)
        except Move:
            pass
        self.answers.save()

    def _revisit(self, step: Step) -> None:
        choices = [("整节逐项重新填写", "")]
        if step.block is not None:
            for key in text_keys(step):
                shown = self.answers.text(step.block, key) or (step.title if key == "heading" else "")
                choices.append((f"{LABELS[key]}：{preview(shown, 20) or '（未写）'}", f"#{key}"))
        problems = collect_problems(self.answers, self.steps)
        choices += [(field_entry(self.answers, f, self.last_year, problems), f.key) for f in step.fields]
        if step.block is not None:
            items = self.answers.items(step.block)
            first = f"：{preview(items[0], 16)}" if items else ""
            choices.append((f"{step.items_noun}（{len(items)} 条）{first}", "items"))
        self.top(step)
        for problem in step_problems(step, problems):  # this page's share of what check says
            said = f"{problem.field}：{problem.message}" if problem.field else problem.message
            (self.screen.error if problem.level is Level.ERROR else self.screen.warn)(said)
        picked = self.screen.select("改哪一项？（Esc 返回核对）", choices, back=None)
        if picked is None:
            return
        if picked == "":
            self.run_step(step, editing=True)
        elif picked == "items":
            self._items(step)
        elif picked.startswith("#"):
            self.top(step, skip=True)
            ask_text(self.screen, self.answers, self.last_year, step, picked[1:])
        else:
            self.ask_field(step, self.answers.structure.fields[picked])

    def _field_question(self, step: Step, field: Field,
                        applies: Callable[[], bool] | None = None) -> Question:
        def pending() -> bool:
            return not (self.answers.is_done(step.id) or self.answers.was_asked(field.key))

        def skippable() -> bool:
            return not (field.required and is_empty(self.answers.get(field.key)))

        return Question(field.key, lambda: self.ask_field(step, field), applies=applies or (lambda: True),
                        pending=pending, skippable=skippable, skip=lambda: self._keep_shown(step, field))

    def _keep_shown(self, step: Step, field: Field) -> None:
        """PgDn passed ``field`` by: keep what its question would have offered (Enter), such as the
        text carried over from last year's file, instead of leaving it empty."""
        if self.answers.is_done(step.id) or self.answers.was_asked(field.key):
            return
        default = self._default(field)
        reply = choice_default(field, default) if field.kind == "choice" else answer_text(field, default)
        if not is_empty(reply) and is_empty(self.answers.get(field.key)):
            answer = answer_of(field, reply, zeros_printed=self.answers.structure.report.zeros_printed,
                               role=self.answers.structure.report.role_of(field.key))
            if answer.value is not None:
                self.answers.set(field.key, answer.value)
        self.answers.mark_asked(field.key)

    def resume_draft(self) -> None:
        """Offer back a paragraph kept from an earlier run in a step already gone through (a step
        still to come offers it when the walk reaches it)."""
        draft = self.answers.pending_draft()
        if draft is None:
            return
        step = next((s for s in self.steps if s.id == draft.step and s.block is not None), None)
        if step is None:  # the template no longer has that subsection
            self.answers.keep_draft(None)
            self.answers.save()
            return
        if not self.answers.is_done(step.id):
            return
        try:
            self._items(step)
        except Move:
            pass
        self.answers.save()

    # one screen ---------------------------------------------------------

    def title(self, step: Step) -> str:
        """Return the title of ``step`` numbered as the document will print it."""
        return step_title(step, self.steps, self.answers)

    def top(self, step: Step, current: Field | None = None, *, skip: bool = False, below: int = 0) -> None:
        """Clear the screen and show the header and the step, with the answers given so far.

        The panel names the moving keys: PgUp, and PgDn where ``skip`` (or a field is asked).
        ``below`` is the rows the question under it needs: the answers given so far are
        cut to what leaves them room, so that the header stays on a low window.
        """
        screen = self.screen
        screen.clear()
        header = header_text(step, self.answers, self.parts_total)
        header_rows = screen.header_rows(header) + screen.pending_rows()
        screen.header(header)
        keys = hint(skip or current is not None, "问题" if step.group is not None else "数字")
        body = [step.help] if step.help else []
        if current is not None:
            index = step.fields.index(current)
            title = f"第 {index + 1}/{len(step.fields)} 项 · {self.title(step)}"  # a narrow window cuts the end
            room = screen.console.size.height - header_rows - screen.block_rows(body, keys) - below - 1
            recent: list[str] = []
            for f in reversed(step.fields[:index]):
                if len(recent) == RECENT:
                    break
                if self.answers.was_asked(f.key) or not is_empty(self.answers.get(f.key)):
                    line = f"  {f.label}：{show_value(f, self.answers.get(f.key)) or '（未填）'}"
                    room -= screen.rows(line, 0 if screen.compact else 4)
                    if room < 0:
                        break
                    recent.insert(0, line)
            if recent:
                body += ["已填：", *recent]
        else:
            title = self.title(step)
        screen.block(title, body, keys)

    def ask_field(self, step: Step, field: Field) -> None:
        """Ask ``field`` until its answer is accepted with the declared rules; save it."""
        answer = self._ask_confirmed(step, field, self._default(field))
        while True:
            found = conflicts(self.answers.structure, self.answers.parsed(), field.key, answer.value)
            if not found:
                break
            choice = self._resolve(field, found)
            if choice == "keep":
                break
            if choice == "again":  # the screen is drawn anew, the broken rule next to the input (✗ or ⚠ as before)
                answer = self._ask_confirmed(step, field, answer.value,
                                             [c.message for c in found if c.level is Level.ERROR],
                                             [c.message for c in found if c.level is not Level.ERROR])
            else:
                try:
                    self.ask_field(self.step_of[choice], self.answers.structure.fields[choice])
                except Move:  # PgUp/PgDn there: back to this question
                    pass
                self.top(step, field)
        self.answers.set(field.key, answer.value)
        if not self.answers.is_done(step.id):
            self.answers.mark_asked(field.key)
        self.answers.save()

    def _ask_confirmed(self, step: Step, field: Field, default: Any, problems: Sequence[str] = (),
                       warnings: Sequence[str] = ()) -> Answer:
        """Ask ``field`` until its answer is likely, or the clerk confirms an unlikely one (``plausible``)."""
        answer = self._ask_once(step, field, default, problems, warnings)
        while True:
            questions = doubts(field, answer.value, last_year=self.last_year.value(field.key),
                               report=self.answers.structure.report, today=self.today)
            if not questions:
                return answer
            for question in questions:
                self.screen.warn(question)
            if self.screen.select("确认吗？", [("确认，保留这个回答", True), ("重新填写", False)],
                                  back=False):
                return answer
            answer = self._ask_once(step, field, answer.value, warnings=questions)

    def _ask_once(self, step: Step, field: Field, default: Any, problems: Sequence[str] = (),
                  warnings: Sequence[str] = ()) -> Answer:
        """Ask ``field`` once on a fresh screen; ``problems`` (a broken rule) and ``warnings`` (an
        unlikely answer asked again) are shown right above the input."""
        last = self.last_year.value(field.key)
        rows = describe(field, last)
        # Tab gives last year's answer as it was: never for a year or a date, which move on
        last_text = "" if field.kind in ("choice", "year", "date") else answer_text(field, last)
        if last_text and last_text != answer_text(field, default):  # else Enter already keeps it
            rows = [(label, f"{text}（按 Tab 同上年）" if label == "上年" else text)
                    for label, text in rows]
        shown = "" if field.kind == "choice" else answer_text(field, default)
        if shown:
            what = "数字" if field.kind in NUMBER_KINDS else "内容"
            rows.append(("现有", replace_hint(preview(shown), what)))
        below = sum(self.screen.rows(f"  {label}：{text}") for label, text in rows)
        below += sum(self.screen.rows(f"✗ {problem}") for problem in [*problems, *warnings])
        below += len(field.choices) + 1 if field.kind == "choice" else 3  # the prompt, an error
        self.top(step, field, below=below)
        self.screen.lines(rows)
        for problem in problems:
            self.screen.error(problem)
        for warning in warnings:
            self.screen.warn(warning)
        if field.kind == "choice":
            reply = self.screen.select(field.display, choice_options(field),
                                       default=choice_default(field, default),
                                       keys=move_bindings(skip=True))
        else:
            role = self.answers.structure.report.role_of(field.key)
            question = build_question(field, default, role)
            if last_text:
                same_as_last_year(question, last_text)
            try:
                reply = self.screen.ask(replace_on_type(bind_moves(question, skip=True)))
            except (Interrupted, Move):
                self._keep_typed(field, default)
                raise
        answer = answer_of(field, reply, zeros_printed=self.answers.structure.report.zeros_printed,
                           role=self.answers.structure.report.role_of(field.key))
        for note in answer.notes:
            self.screen.later(f"⚠ {field.label}：{note}")
        return answer

    def _keep_typed(self, field: Field, default: Any) -> None:
        """Keep what was typed into a question and left without Enter (Ctrl-C, PgUp): it is the answer
        until the question is asked again, which offers it (the questionnaire is not done before)."""
        typed = self.screen.typed
        if not typed.strip() or typed == answer_text(field, default):
            return
        try:
            answer = answer_of(field, typed, role=self.answers.structure.report.role_of(field.key))
        except ValueRefused:
            return
        if answer.value is not None:
            self.answers.set(field.key, answer.value)
            self.answers.save()

    def _resolve(self, field: Field, found: list[Conflict]) -> str:
        structure = self.answers.structure
        for conflict in found:
            (self.screen.error if conflict.level is Level.ERROR else self.screen.warn)(conflict.message)
        choices = [(f"重新填写“{field.label}”", "again")]
        others = list(dict.fromkeys(k for c in found for k in c.others))
        for key in others:
            other = structure.fields[key]
            shown = show_value(other, self.answers.get(key)) or "未填"
            choices.append((f"返回修改“{other.label}”（现在是 {shown}）", key))
        if all(c.level is Level.WARNING for c in found):
            choices.insert(0, ("保留这个数字，继续（以后再核对）", "keep"))
        return self.screen.select("这个数字与前面的数字对不上，怎么办？", choices, back="again")

    def _default(self, field: Field) -> Any:
        current = self.answers.get(field.key)
        if not is_empty(current) or self.answers.was_asked(field.key):
            return current
        suggested = self.last_year.suggestion(field)
        roles = self.answers.structure.report
        if field.key == roles.role("year"):
            return suggested or default_year(self.today)
        if field.key == roles.role("written_date"):
            year = self._role_value("year")
            if isinstance(year, int) and self.today.year > year:
                return self.today
            return suggested
        if field.kind == "date" and field in self.answers.structure.meta.fields:  # 印发日期: as written
            return self._role_value("written_date") or suggested
        return suggested if suggested is not None else field.default

    def _role_value(self, role: str) -> Any:
        """Return the answer of the field playing ``role`` (None when no field plays it)."""
        key = self.answers.structure.report.role(role)
        return self.answers.get(key) if key else None

    # a subsection -------------------------------------------------------

    def _block(self, step: Step, editing: bool, from_end: bool) -> None:
        """Ask a subsection or part: how to fill it, its heading or opening, its figures, its items."""
        block = step.block
        assert block is not None
        started = not editing and any(self.answers.was_asked(k) for k in step.keys)
        choosing = block.optional and not block.figures  # "有没有……要写？" instead of the three ways
        mode = ["fill" if started else None]
        start = 0
        if self.answers.draft(step.id) is not None:  # a paragraph was being typed: go back to it
            mode[0] = "fill" if started else "items"
        elif from_end:
            mode[0] = self._mode_of(step)

        def ask_mode() -> None:
            mode[0] = self._optional(step) if choosing else self._mode(step, editing)

        def going() -> bool:
            return mode[0] != "skip"

        questions = [Question("#mode", ask_mode, pending=lambda: mode[0] is None)]
        for key in text_keys(step):
            questions.append(Question(
                f"#{key}", lambda key=key: self._text(step, key), applies=going,
                pending=lambda key=key: not (self.answers.is_done(step.id)
                                             or self.answers.was_asked(progress_key(step, key))),
                skippable=lambda: True))
        questions += [self._field_question(step, f, applies=lambda: mode[0] == "fill") for f in step.fields]
        questions.append(Question("#items", lambda: self._items(step), applies=going))
        if self.answers.draft(step.id) is not None:
            start = len(questions) - 1
        walk(questions, editing=editing, from_end=from_end, start=start)

    def _mode_of(self, step: Step) -> str:
        """Return how a step already gone through was filled (for coming back to it with PgUp)."""
        assert step.block is not None
        if any(not is_empty(self.answers.get(k)) for k in step.keys):
            return "fill"
        if self.answers.items(step.block) or any(self.answers.text(step.block, k) for k in text_keys(step)):
            return "items"
        return "skip"

    def _text(self, step: Step, key: str) -> None:
        self.top(step, skip=True)
        ask_text(self.screen, self.answers, self.last_year, step, key)

    def _mode(self, step: Step, editing: bool) -> str:
        self.top(step)
        noun, where = step.items_noun, step.where
        if step.fields:
            filled = sum(1 for k in step.keys if not is_empty(self.answers.get(k)))
            choices = [(f"填写数字（共 {len(step.fields)} 项）和{noun}", "fill"),
                       (f"只写{noun}，不填数字", "items"),
                       (f"跳过{where}（不填数字，也不写{noun}）", "skip")]
            default = "fill" if filled or not editing else "items"
        else:
            choices = [(f"写{noun}", "items"), (f"跳过{where}", "skip")]
            default = "items"
        if editing:
            choices[-1] = ("不修改，返回", "skip")
        return self.screen.select("这一小节怎么填？", choices, default, keys=move_bindings(skip=False))

    def _optional(self, step: Step) -> str:
        """Ask whether an optional part is written at all; return "items" or "skip"."""
        block = step.block
        assert block is not None
        had = self.answers.items(block)
        self.top(step)
        wanted = self.screen.select(f"有没有“{block.heading}”要写？", [
            ("没有，不写这一部分", False), ("有，要写", True)], default=bool(had),
            keys=move_bindings(skip=False))
        if wanted:
            return "items"
        if had and self.screen.yes_no(f"删除已经写好的 {len(had)} 条吗？", default=False):
            self.answers.set_items(block, [])
            self.answers.save()
        return "skip"

    def _items(self, step: Step) -> None:
        block = step.block
        assert block is not None

        def save(items: list[str]) -> None:
            self.answers.set_items(block, items)
            self.answers.save()

        def keep(index: int | None, text: str | None) -> None:
            self.answers.keep_draft(None if text is None else Draft(step.id, index, text))
            now = time.monotonic()
            # not while the file was changed on disk: that question waits for the next save
            if text is not None and self.answers.progress is not None \
                    and now - self._draft_saved >= DRAFT_SAVE_SECONDS \
                    and not self.answers.changed_on_disk():
                self._draft_saved = now
                self.answers.save()

        edit_items(self.screen, self.answers.items(block), save, lambda: self.top(step),
                   pending=self.answers.draft(step.id), keep=keep,
                   last_year=self.last_year.items.get(step.id, []), keys=move_bindings(skip=False),
                   noun=step.items_noun)
