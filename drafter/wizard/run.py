"""``drafter new`` and ``drafter edit``: open or start the report file, walk, review, save, offer to render."""

from __future__ import annotations

import datetime as dt
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..atomic import atomic_write
from ..datafile import load_report_file
from ..errors import DrafterError
from ..problems import Level
from ..structure import Structure
from ..templateset import TemplateSet, find_template_set
from .answers import Answers
from .lastyear import LastYear, file_reference, load_last_year, template_reference
from .numbering import heading_of, step_titles
from .review import DISCARD, collect_problems, review
from .screen import Interrupted, Screen
from .sections import resolve
from .session import Session
from .steps import Step, build_steps

NOT_A_TERMINAL = (
    "drafter {command} 是问答式的，需要在终端（命令行窗口）里运行，但现在的输入不是终端。\n"
    "不用问答也可以：直接用文本编辑器编写 YAML 报告数据文件，然后运行\n"
    "  drafter check 报告.yaml    检查数字和格式\n"
    "  drafter render 报告.yaml   生成 Word 文档")


class NotATerminalError(DrafterError):
    """The wizard was started without an interactive terminal on standard input."""

    exit_code = 2


class WizardUsageError(DrafterError):
    """The wizard was asked to do something it must refuse (overwrite a finished report …)."""


def stdin_is_terminal() -> bool:
    """Return whether standard input is an interactive terminal."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # closed stdin
        return False


def _require_terminal(command: str) -> None:
    if not stdin_is_terminal():
        raise NotATerminalError(NOT_A_TERMINAL.format(command=command))


def _hang_up(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextmanager
def _closing_window_interrupts() -> Iterator[None]:
    """Turn a closed terminal window (SIGHUP) into Ctrl-C, so that what is being typed is saved."""
    hangup = getattr(signal, "SIGHUP", None)
    if hangup is None:  # Windows
        yield
        return
    previous = signal.signal(hangup, _hang_up)
    try:
        yield
    finally:
        signal.signal(hangup, previous)


def _structure_of(path: Path, template: str | None = None) -> Structure:
    wanted = template or load_report_file(path).data.get("template") or None
    return _checked_structure(find_template_set(wanted, relative_to=path.parent))


def _checked_structure(template_set: TemplateSet) -> Structure:
    """Load a set's structure after the same check ``drafter template check`` runs."""
    template_set.ensure_usable()
    return template_set.structure


def run_new(output: Path, *, from_path: Path | None = None, template: str | None = None,
            sections: list[str] | None = None, today: dt.date | None = None) -> int:
    """Ask a new report into ``output``, or resume an unfinished one; return the exit code.

    ``sections`` (``--section``) are asked first, then whatever is not answered yet.
    """
    if not sections:
        _require_terminal("new")
    if from_path is not None and output.resolve() == from_path.resolve():
        raise WizardUsageError("新报告不能写到上年的文件里；请用 -o 指定另一个文件名", file=output)
    resuming = output.exists() and output.stat().st_size > 0  # an empty file is a new report
    if resuming:
        answers, last_year = _resume(output, from_path)
    else:
        answers, last_year = _start(output, from_path, template)
    steps = build_steps(answers.structure)
    # without a terminal, an ambiguous --section is listed before the terminal is required
    screen = Screen() if stdin_is_terminal() else None
    try:
        chosen, notes = resolve(steps, sections or [], file=output, screen=screen,
                                titles=step_titles(steps, answers, unprinted_bare=True),
                                own={s.id: heading_of(s, answers) for s in steps})
    except Interrupted:  # Ctrl-C at "填哪一个？": nothing was written yet
        return 130
    _require_terminal("new")
    screen = screen or Screen()
    _watch_disk(screen, answers)
    session = Session(screen, answers, steps, last_year, today=today)
    try:
        with _closing_window_interrupts():
            if resuming and not chosen:
                screen.later(_resume_notice(session), "bold green")
            for note in notes:
                screen.later(note, "bold green")
            answers.save()
            session.resume_draft()
            if chosen:
                session.walk(only=chosen)
            session.walk()
            return _review_and_finish(session)
    except (Interrupted, KeyboardInterrupt):
        return _interrupted(screen, answers, f"下次运行 drafter new -o {output} 可以接着填")


def _start(output: Path, from_path: Path | None, template: str | None) -> tuple[Answers, LastYear]:
    last_year = load_last_year(from_path) if from_path else LastYear()
    if template:
        template_set = find_template_set(template)
    else:
        template_set = last_year.template_set or find_template_set(None)
    answers = Answers.start(
        output, _checked_structure(template_set),
        template=template_reference(template_set, output),
        previous=file_reference(from_path, output) if from_path else None)
    return answers, last_year


def _load_report(path: Path, template: str | None = None, command: str = "new") -> Answers:
    """Read the report file ``path`` for the questionnaire; refuse a YAML file that holds no report
    (its content would end up under a report skeleton the first time it is saved)."""
    answers = Answers.load(path, _structure_of(path, template))
    structure = answers.structure
    known = {"drafter", *(p[0] for p in structure.field_paths.values()), *(b.path[0] for b in structure.blocks())}
    if answers.data and not known & set(answers.data):
        raise WizardUsageError(
            f"这个文件不是报告数据文件（里面没有 {'、'.join(sorted(known - {'drafter'})[:3])} 等报告内容），"
            "drafter 不会改动它；" + ("新写一份报告请用 -o 另取一个文件名" if command == "new" else
                                    "要修改的报告请给出报告数据文件；新写一份报告请运行 drafter new -o 报告.yaml"),
            file=path)
    return answers


def _resume(output: Path, from_path: Path | None) -> tuple[Answers, LastYear]:
    answers = _load_report(output)
    if answers.finished:
        raise WizardUsageError(
            f"这份报告已经填完，不会覆盖它；要修改请运行 drafter edit {output}，"
            "要另写一份请用 -o 换一个文件名", file=output)
    if from_path is not None and not answers.data.get("previous"):
        answers.data["previous"] = file_reference(from_path, output)
    return answers, _last_year_of(answers, from_path)


def run_edit(path: Path, *, sections: list[str] | None = None, template: str | None = None) -> int:
    """Revisit chosen subsections (or go straight to the review) of a report file; return the exit code."""
    _require_terminal("edit")
    answers = _load_report(path, template, "edit")
    steps = build_steps(answers.structure)
    screen = Screen()
    try:
        chosen, notes = resolve(steps, sections or [], file=path, screen=screen,
                                titles=step_titles(steps, answers, unprinted_bare=True),
                                own={s.id: heading_of(s, answers) for s in steps})
    except Interrupted:  # Ctrl-C at "填哪一个？": nothing was changed
        return 130
    for note in notes:
        screen.later(note, "bold green")
    before = path.read_bytes()
    _watch_disk(screen, answers)
    session = Session(screen, answers, steps, _last_year_of(answers, None))
    try:
        with _closing_window_interrupts():
            session.resume_draft()
            if chosen:
                session.walk(only=chosen, editing=True)
            return _review_and_finish(session, original=before)
    except (Interrupted, KeyboardInterrupt):
        return _interrupted(screen, answers, "已经填好的内容都在文件里")


def _last_year_of(answers: Answers, from_path: Path | None) -> LastYear:
    if from_path is not None:
        return load_last_year(from_path)
    previous = answers.data.get("previous")
    if not previous:
        return LastYear()
    candidate = answers.path.parent / str(previous)
    return load_last_year(candidate) if candidate.is_file() else LastYear()


def _resume_notice(session: Session) -> str:
    point = session.resume_point()
    if point is None:
        return "接着上次填写：问题已经全部答完，现在进入核对。"
    step, field = point
    if session.answers.draft(step.id) is not None:
        return f"接着上次填写：已答的内容都已保留，“{session.title(step)}”中上次正在写的一条也已保留。"
    where = f"“{session.title(step)}”" + (f"的“{field.label}”" if field is not None else "")
    return f"接着上次填写：已答的内容都已保留，从{where}开始。"


def _review_and_finish(session: Session, *, original: bytes | None = None) -> int:
    """Review until the clerk saves; ``original`` (edit) is the file as it was, for "放弃本次修改".

    A questionnaire that was unfinished stays unfinished when ``edit`` saves it: its
    progress is kept, so ``drafter new`` resumes at the first question not answered.
    """
    by_id = {step.id: step for step in session.steps}
    answers = session.answers
    unfinished = original is not None and not answers.finished and session.resume_point() is not None
    finish = "保存（问卷还没答完，以后用 drafter new 接着填）" if unfinished else "保存，完成"
    while True:
        choice = review(session.screen, answers, session.steps, session.last_year, finish=finish,
                        discard=original is not None)
        if choice is None:
            break
        if choice == DISCARD:
            if session.screen.yes_no("确定放弃本次的全部修改吗？", default=False):
                return _discard(session.screen, answers.path, original or b"")
            continue
        step: Step = by_id[choice]
        session.revisit(step)
        unfinished = unfinished and session.resume_point() is not None
    if not unfinished:
        answers.finish()
    answers.save()
    problems = [p for group in collect_problems(answers, session.steps).values() for p in group]
    n_errors = sum(1 for p in problems if p.level is Level.ERROR)
    screen = session.screen
    screen.say(f"已保存：{answers.path}", "bold green")
    if unfinished:
        screen.say(f"问卷还没有答完，进度已保留；运行 drafter new -o {answers.path} "
                   "从第一个没答的问题接着填。", "bold yellow")
    if n_errors:
        screen.error(f"还有 {n_errors} 处错误，暂时不能生成 Word 文档。改正后运行："
                     f"drafter check {answers.path}，再运行 drafter render {answers.path}")
        return 0
    _offer_render(screen, answers.path)
    return 0


def _discard(screen: Screen, path: Path, original: bytes) -> int:
    atomic_write(path, original, what="报告数据文件")
    screen.say(f"已放弃本次修改：{path} 恢复成了修改前的样子。", "bold green")
    return 0


def _offer_render(screen: Screen, path: Path) -> None:
    if not screen.yes_no("现在就生成 Word 文档（.docx）吗？", default=True):
        screen.say(f"以后可以运行：drafter render {path}")
        return
    from ..render.pipeline import render_report_file

    backups: list[Path] = []
    try:
        target = render_report_file(path, backups_out=backups)
    except DrafterError as exc:
        screen.error(f"没有生成文档：{exc}")
        for problem in exc.problems:
            screen.say(problem.format())
        return
    for backup in backups:
        screen.warn(f"原来的 Word 文档不是 drafter 生成时的样子（生成后改过，或不是 drafter 生成的），已另存为：{backup}")
    screen.say(f"已生成 Word 文档：{target}", "bold green")


def _watch_disk(screen: Screen, answers: Answers) -> None:
    """Ask what to do when the file is changed on disk meanwhile, and say where a kept copy went."""
    answers.on_changed = lambda: _changed_on_disk(screen, answers)
    answers.on_backup = lambda backup: screen.later(f"被其他程序修改过的文件已另存为 {backup}", "bold yellow")


def _changed_on_disk(screen: Screen, answers: Answers) -> str:
    """Ask what to do with a report file changed on disk (in a text editor) during this run."""
    screen.warn(f"{answers.path} 在问答过程中被其他程序（如记事本）修改过。")
    while True:
        choice = screen.select("怎么办？", [
            ("读入文件中的改动，从那里接着填（刚才这一项的回答不保存）", "reload"),
            ("保留问答中的内容写入文件（被修改的文件另存为备份）", "keep")])
        if choice != "reload":
            return "keep"
        try:
            Answers.load(answers.path, answers.structure)
        except DrafterError as exc:
            screen.error(f"文件现在读不出来，请先改正：{exc}")
            continue
        return "reload"


def _interrupted(screen: Screen, answers: Answers, hint: str) -> int:
    answers.on_changed = None  # no question after Ctrl-C: a file edited meanwhile is kept as a backup
    answers.save()
    try:
        screen.say("")
        if answers.backup is not None:
            screen.say(f"{answers.path} 在问答过程中被其他程序修改过，修改后的文件已另存为 {answers.backup}。",
                       "bold yellow")
        if answers.writes:
            screen.say(f"已保存到 {answers.path}，{hint}。", "bold yellow")
        else:
            screen.say(f"没有改动，{answers.path} 保持原样。", "bold yellow")
    except OSError:  # the terminal is gone; the file is saved, which is what matters
        pass
    return 130
