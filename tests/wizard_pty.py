"""Drive the real ``drafter new`` / ``drafter edit`` through a pseudo-terminal, as a clerk would.

Shared by the pty tests. Each ``Clerk`` spawns ``python -m drafter …`` under pexpect
with PYTHONPATH set to this checkout, waits for stable Chinese text on the screen and
types keys: "\\r" is Enter, "\\x1b[A"/"\\x1b[B" the arrow keys, "\\x15" (Ctrl-U) clears
a default, "\\x1b\\r" (Esc, Enter) finishes a multi-line paragraph, "\\x03" is Ctrl-C.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sys
from pathlib import Path

import pexpect
import yaml
from helpers import DEFAULT_TEMPLATE, REPO

from drafter.templateset import load_structure
from drafter.wizard.answers import Answers
from drafter.wizard.steps import build_steps

ENTER, UP, DOWN, CLEAR, FINISH_TEXT, CTRL_C = "\r", "\x1b[A", "\x1b[B", "\x15", "\x1b\r", "\x03"
PAGE_UP, PAGE_DOWN = "\x1b[5~", "\x1b[6~"    # back one question; skip the rest of the figures
HEADING, INTRO = "本小节标题：", "开头一句（可不写）："
STRUCTURE = load_structure(DEFAULT_TEMPLATE / "structure.yaml")
STEPS = build_steps(STRUCTURE)
FIELDS = STRUCTURE.fields


def prompt(key: str) -> str:
    """Return the text of the question asking field ``key`` (label, unit, colon)."""
    return f"{FIELDS[key].display}："


def _hang_up_as_a_terminal_does() -> None:
    """Restore SIGHUP's default in the child: a runner started with ``nohup`` (or a CI agent that
    ignores it) would pass the ignored signal on, and closing the window would do nothing."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


class Clerk:
    """A spawned ``drafter`` command and the keys a clerk types into it."""

    def __init__(self, cwd: Path, *args: str, timeout: float = 20,
                 size: tuple[int, int] = (40, 120)) -> None:
        env = dict(os.environ, TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1",
                   PYTHONPATH=str(REPO), PYTHONUTF8="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("NO_COLOR", None)
        self.child = pexpect.spawn(sys.executable, ["-m", "drafter", *args], cwd=str(cwd),
                                   env=env, encoding="utf-8", dimensions=size,
                                   timeout=timeout, preexec_fn=_hang_up_as_a_terminal_does)
        self.cwd = cwd

    def see(self, text: str) -> str:
        """Wait until ``text`` is on the screen; return what came before it."""
        try:
            self.child.expect_exact(text)
        except (pexpect.TIMEOUT, pexpect.EOF):
            tail = plain(self.child.before or "")[-1500:]
            raise AssertionError(f"never saw {text!r}; the screen ended with:\n{tail}") from None
        return plain(self.child.before)

    def answer(self, key: str, typed: str = "", *, clear: bool = False) -> None:
        """Wait for the question of ``key`` and type ``typed`` + Enter (Ctrl-U first when ``clear``)."""
        self.see(prompt(key))
        self.child.send((CLEAR if clear else "") + typed + ENTER)

    def choose(self, question: str, keys: str = "") -> None:
        """Wait for a menu and pick with arrow ``keys`` (none: the highlighted one) then Enter."""
        self.see(question)
        self.child.send(keys + ENTER)

    def keep_heading(self) -> None:
        """Wait for a subsection's heading (or a part's opening sentence) and keep it with Enter."""
        try:
            self.child.expect_exact([HEADING, INTRO])
        except (pexpect.TIMEOUT, pexpect.EOF):
            tail = plain(self.child.before or "")[-1500:]
            raise AssertionError(f"never saw the heading question; the screen ended with:\n{tail}") from None
        self.child.send(ENTER)

    def fill(self, keys: str = "") -> None:
        """Answer "这一小节怎么填？" with arrow ``keys`` (none: the first way), then keep the heading."""
        self.choose("这一小节怎么填？", keys)
        self.keep_heading()

    def paragraph(self, text: str) -> None:
        """Add one paragraph in the items editor (add, type, Esc Enter)."""
        self.choose("工作内容（每条一段）：")
        self.see("新的一条")
        self.child.send(text + FINISH_TEXT)

    def items_done(self) -> None:
        """Leave the items editor (its last entry)."""
        self.choose("工作内容（每条一段）：", UP)

    def skip_section(self) -> None:
        """Skip the subsection now asking how to fill it (its last entry)."""
        self.choose("这一小节怎么填？", UP)

    def interrupt(self) -> str:
        """Press Ctrl-C; return what was printed up to the end, and check exit code 130."""
        self.child.send(CTRL_C)
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.exitstatus == 130, self.child.exitstatus
        return plain(self.child.before)

    def end(self) -> int:
        """Wait for the command to end; return its exit code."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>()][0-9A-Za-z]?|\r")


def plain(text: str) -> str:
    return _ANSI.sub("", text)


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def prepared(path: Path, *, done_before: str, meta: dict | None = None, finished: bool = False,
             figures: dict | None = None) -> Path:
    """Write a report file whose questionnaire is done up to (not including) step ``done_before``."""
    answers = Answers.start(path, STRUCTURE, template="default")
    for key, value in {"issuer": "测试县人民政府", "level": "县级政府", "year": 2025,
                       "written_date": dt.date(2026, 1, 8), **(meta or {})}.items():
        answers.set(key, value)
    for key, value in (figures or {}).items():
        answers.set(key, value)
    for step in STEPS:
        if step.id == done_before:
            break
        answers.mark_done(step.id, step.keys)
    if finished:
        answers.finish()
    answers.save()
    return path


def render_available() -> bool:
    try:
        from drafter.render import docx  # noqa: F401
        from drafter.render.pipeline import render_report_file  # noqa: F401
    except ImportError:
        return False
    return True
