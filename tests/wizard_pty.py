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
from typing import Any

import pexpect
import yaml
from helpers import DEFAULT_TEMPLATE, REPO, require

from drafter.templateset import load_structure
from drafter.wizard.answers import Answers
from drafter.wizard.steps import build_steps

ENTER, UP, DOWN, CLEAR, FINISH_TEXT, CTRL_C = "\r", "\x1b[A", "\x1b[B", "\x15", "\x1b\r", "\x03"
PAGE_UP, PAGE_DOWN = "\x1b[5~", "\x1b[6~"    # back one question; skip the rest of the figures
HEADING, INTRO = "本小节标题：", "开头一句（可不写）："
THIS_YEAR = dt.date.today().year  # a report year other than this or last year is asked about again
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
                 size: tuple[int, int] = (40, 120), terminal: bool = False) -> None:
        """Spawn ``drafter ARGS``; with ``terminal``, keep a model of the screen (pyte) for ``display``.

        The model answers the cursor-position requests a real terminal answers, so the
        program lays out its prompts as it does in a clerk's window.
        """
        env = dict(os.environ, TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1",
                   PYTHONPATH=str(REPO), PYTHONUTF8="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("NO_COLOR", None)
        if terminal:
            del env["PROMPT_TOOLKIT_NO_CPR"]
        self.rows, self.columns = size
        self._terminal: Any = self._model() if terminal else None
        self.child = pexpect.spawn(sys.executable, ["-m", "drafter", *args], cwd=str(cwd),
                                   env=env, encoding="utf-8", dimensions=size,
                                   timeout=timeout, preexec_fn=_hang_up_as_a_terminal_does)
        self.cwd = cwd
        if terminal:
            stream = require("pyte").Stream(self._terminal)

            class _Feed:
                def write(self, data: str) -> None:
                    stream.feed(data)

                def flush(self) -> None:
                    pass

            self.child.logfile_read = _Feed()

    def _model(self) -> Any:
        clerk = self

        class _Screen(require("pyte").Screen):  # type: ignore[misc]
            def write_process_input(self, data: str) -> None:
                clerk.child.send(data)  # the answer to a cursor-position request

        return _Screen(self.columns, self.rows)

    def resize(self, rows: int, columns: int) -> None:
        """Resize the window, as a clerk dragging its corner does."""
        self.rows, self.columns = rows, columns
        if self._terminal is not None:
            self._terminal.resize(rows, columns)
        self.child.setwinsize(rows, columns)

    def display(self) -> list[str]:
        """Return the rows of the terminal as a clerk sees them now (``terminal=True``)."""
        assert self._terminal is not None, "spawn with terminal=True"
        return [row.rstrip() for row in self._terminal.display]

    def row_of(self, text: str) -> int:
        """Return the last row of the terminal showing ``text``; fail with the screen when none does."""
        rows = [n for n, row in enumerate(self.display()) if text in row]
        assert rows, f"{text!r} is not on the screen:\n" + "\n".join(self.display())
        return rows[-1]

    def settle(self, seconds: float = 0.3) -> None:
        """Read what the program prints for ``seconds`` (so that ``display`` is up to date)."""
        try:
            self.child.expect(pexpect.TIMEOUT, timeout=seconds)
        except pexpect.EOF:
            pass

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
        self.choose("（每条一段）：")
        self.see("新的一条")
        self.child.send(text + FINISH_TEXT)

    def items_done(self) -> None:
        """Leave the items editor (its last entry)."""
        self.choose("（每条一段）：", UP)

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
             figures: dict | None = None, previous: str | None = None) -> Path:
    """Write a report file whose questionnaire is done up to (not including) step ``done_before``
    (``previous``: last year's file, as ``--from`` records it)."""
    answers = Answers.start(path, STRUCTURE, template="default", previous=previous)
    for key, value in {"issuer": "测试县人民政府", "level": "县级政府", "year": THIS_YEAR - 1,
                       "written_date": dt.date(THIS_YEAR, 1, 8), **(meta or {})}.items():
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
