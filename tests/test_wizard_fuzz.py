"""Random keys into ``drafter new``: whatever a clerk presses, no crash and no invalid file.

Fixed seeds make the key sequences the same on every run. Eight wizards, each started
at another point of the questionnaire (so every kind of menu is reached), run side by
side; each takes many short sequences, with a pause between them so that menus and
prompts are redrawn (and a lone Esc is sometimes seen as Esc, sometimes as the start of
Esc Enter).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from helpers import require  # noqa: E402

pexpect = require("pexpect")

from wizard_pty import CTRL_C, PAGE_DOWN, PAGE_UP, STRUCTURE, Clerk, plain, prepared  # noqa: E402

from drafter.datafile import load_report_file  # noqa: E402
from drafter.problems import Level  # noqa: E402
from drafter.validate import validate  # noqa: E402

KEYS = (
    ["\r"] * 6 + ["\x1b", "\x1b\r", "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D", "\t", "\x15", "\x7f"]
    + [PAGE_UP, PAGE_DOWN]                      # back one question, skip the rest of the figures
    + ["3", "12", "0", "-1", "1.5", "abc", "x", " ", "2025", "[2026]", "70件"]
    + ["法治", "灵丘县人民政府", "一是加强学习。", "县委、县政府", "２０"]
)
# Where each wizard starts (the step before it is done): every kind of menu is reached.
STARTS = ("meta", "measures.leadership", "measures.disputes", "problems", "other", "",
          "measures.technology", "leaders_duty")
SEQUENCES = 32   # per spawned wizard: 256 sequences in all


class Run:
    """One spawned wizard, the random keys typed into it and what it showed."""

    def __init__(self, tmp_path: Path, seed: int) -> None:
        folder = tmp_path / f"run{seed}"
        folder.mkdir()
        self.seed = seed
        self.path = prepared(folder / "报告.yaml", done_before=STARTS[seed],
                             figures={"reconsideration_received": 10, "reconsideration_accepted": 8})
        self.rng = random.Random(seed)
        self.clerk = Clerk(folder, "new", "-o", "报告.yaml", timeout=60,
                           size=(20, 60) if seed % 2 else (40, 120))
        self.typed: list[list[str]] = []
        self.shown = ""
        self.ended = False

    def type_some(self) -> None:
        """Type one random sequence (unless the wizard has ended)."""
        if self.ended:
            return
        keys = [self.rng.choice(KEYS) for _ in range(self.rng.randint(1, 6))]
        self.typed.append(keys)
        try:
            for key in keys:
                self.clerk.child.send(key)
                time.sleep(self.rng.choice((0.0, 0.0, 0.01, 0.03)))
        except OSError:  # it ended between two keys
            self.ended = True

    def read(self) -> None:
        """Take what the wizard printed so far (its terminal must never fill up)."""
        if self.ended:
            return
        try:
            self.shown += plain(self.clerk.child.read_nonblocking(1 << 16, timeout=0))
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            self.ended = True
        assert "内部错误" not in self.shown and "Traceback" not in self.shown, self.story()

    def story(self) -> str:
        return f"seed {self.seed}, last keys {self.typed[-3:]!r}, screen:\n{self.shown[-1500:]}"


def settle(runs: list[Run], seconds: float) -> None:
    """Let every wizard redraw for ``seconds``, reading what they print."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for run in runs:
            run.read()
        time.sleep(0.02)


def errors_in(path: Path) -> list[str]:
    """Return the errors ``drafter check`` finds in ``path`` (warnings are fine)."""
    _, problems = validate(load_report_file(path), STRUCTURE)
    return [problem.format() for problem in problems if problem.level is Level.ERROR]


def test_random_keys_never_crash_and_leave_a_valid_file(tmp_path: Path) -> None:
    runs = [Run(tmp_path, seed) for seed in range(len(STARTS))]
    for run in runs:
        run.clerk.see("（用 ↑↓ 选择，回车确认）" if STARTS[run.seed] != "meta" else "发文机关")
    pauses = random.Random(-1)
    for _ in range(SEQUENCES):
        for run in runs:
            run.type_some()
        # mostly quick, sometimes long enough for a lone Esc to count as Esc
        settle(runs, 1.6 if pauses.random() < 0.1 else pauses.choice((0.1, 0.2, 0.3)))
    for run in runs:
        if run.clerk.child.isalive():
            run.clerk.child.send(CTRL_C)
    for run in runs:
        run.clerk.child.expect(pexpect.EOF)
        run.shown += plain(run.clerk.child.before or "")
        run.clerk.child.close()
        assert "内部错误" not in run.shown and "Traceback" not in run.shown, run.story()
        assert run.clerk.child.exitstatus in (0, 130), (run.clerk.child.exitstatus, run.story())
        assert errors_in(run.path) == [], run.story()
