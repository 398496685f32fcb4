"""Run ``drafter check`` on real files, the way a clerk does, and read what it prints.

Shared by the test modules (plain helpers, not fixtures, so that other test folders
can keep their own ``conftest.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DEFAULT_TEMPLATE = REPO / "templates" / "default"

# A small report that passes ``drafter check`` with no problem at all. Tests derive bad
# inputs from it with ``variant`` and locate the expected line with ``line_no``.
VALID_REPORT = """\
drafter: 1
template: default
meta:
  issuer: 灵丘县人民政府
  level: 县级政府
  year: 2025
  recipients:
    - 中共灵丘县委
  written_date: 2026-01-08
opening:
  theme: 以建设更高水平的法治灵丘为目标
measures:
  leadership:
    figures:
      committee_law_hearings: 4
      collective_law_study: 12
    items:
      - 县委常委会专题听取法治建设工作汇报。
  disputes:
    figures:
      reconsideration_received: 10
      reconsideration_accepted: 8
      reconsideration_concluded: 6
      reconsideration_upheld: 3
      reconsideration_dismissed: 2
      mediation_total: 200
      mediation_success: 190
      mediation_success_rate: 95
      court_appearance_rate: 100
    items:
      - 办理行政复议案件，化解行政争议。
problems:
  items:
    - 一是法治宣传的针对性还不够强。
leaders_duty:
  items:
    - 县政府主要负责人认真履行推进法治建设第一责任人职责。
next_year:
  items:
    - 一是持续深化法治政府建设。
"""


@dataclass
class CheckResult:
    """What one run of ``drafter check`` did: exit code, output, and how long it took."""

    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        """Return stdout and stderr together."""
        return self.stdout + self.stderr

    def section(self, level: str) -> list[str]:
        """Return the problem lines printed under the ``错误`` or ``警告`` heading."""
        lines: list[str] = []
        current = None
        for line in self.output.splitlines():
            if line.startswith(("错误（", "警告（")) and line.endswith("处）："):
                current = line[:2]
            elif line.startswith("检查结果："):
                current = None
            elif current == level:
                lines.append(line)
        return lines

    @property
    def errors(self) -> list[str]:
        """Return the lines listed under ``错误``."""
        return self.section("错误")

    @property
    def warnings(self) -> list[str]:
        """Return the lines listed under ``警告``."""
        return self.section("警告")


def run_check(path: Path | str, *options: str, timeout: float = 60) -> CheckResult:
    """Run ``python -m drafter check [options] path`` from the repository root."""
    env = dict(os.environ, PYTHONUTF8="1", PYTHONIOENCODING="utf-8", NO_COLOR="1")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "drafter", "check", *options, str(path)],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    result = CheckResult(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)
    assert "Traceback" not in result.output, result.output
    return result


def write(tmp_path: Path, text: str | bytes, name: str = "report.yaml",
          encoding: str = "utf-8") -> Path:
    """Write ``text`` (or raw bytes) to ``tmp_path/name`` and return the path."""
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def variant(old: str, new: str, text: str = VALID_REPORT) -> str:
    """Return ``text`` with the single occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_no(text: str, needle: str) -> int:
    """Return the 1-based line of the single line of ``text`` that contains ``needle``."""
    # split on "\n" only: str.splitlines() also splits on \x0b, \x1c, U+2028 …, YAML does not
    found = [n for n, line in enumerate(text.split("\n"), start=1) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found}"
    return found[0]


def has_line(lines: list[str], path: Path, line: int, *texts: str) -> bool:
    """Return whether one of ``lines`` starts with ``path:line:`` and contains every text."""
    prefix = f"{path}:{line}: "
    return any(entry.startswith(prefix) and all(t in entry for t in texts) for entry in lines)


def assert_problem(lines: list[str], path: Path, line: int, *texts: str) -> None:
    """Assert that ``lines`` hold a problem at ``path:line`` mentioning every text."""
    assert has_line(lines, path, line, *texts), (
        f"no line {path}:{line}: … {' … '.join(texts)} in:\n" + "\n".join(lines))


def run_drafter(*args: str, timeout: float = 120, cwd: Path = REPO,
                env: dict[str, str] | None = None) -> CheckResult:
    """Run ``python -m drafter ARGS`` as a clerk would (with ``env`` added to the environment);
    assert no traceback was printed."""
    env = dict(os.environ, PYTHONUTF8="1", PYTHONIOENCODING="utf-8", NO_COLOR="1",
               PYTHONPATH=str(REPO), **(env or {}))
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "drafter", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    result = CheckResult(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)
    assert "Traceback" not in result.output, result.output
    return result


def docx_text(path: Path) -> str:
    """Return the text of every paragraph of a .docx (body and tables), one per line."""
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def as_non_root(monkeypatch) -> None:
    """Make ``os.access`` answer for a write as it does for a clerk, also when the tests run as root
    (root may write a read-only file): a file without any write permission bit is not writable."""
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and os.path.exists(path) and not os.stat(path).st_mode & 0o222:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def in_ci() -> bool:
    """Return whether the suite runs in CI (``.ci/run`` sets ``CI=1``), where nothing may be missing."""
    return bool(os.environ.get("CI"))


def require(module: str):
    """Import the test-only ``module``; outside CI skip the calling test module where it is missing,
    in CI fail: a missing ``[test]`` dependency must not hide the tests that need it."""
    import importlib

    import pytest

    if in_ci():
        return importlib.import_module(module)
    return pytest.importorskip(module)


def missing(reason: str) -> None:
    """Skip for ``reason`` outside CI; in CI, where the tools are installed, fail."""
    import pytest

    if in_ci():
        pytest.fail(f"{reason} (CI installs it: see .ci/install-system-deps and pyproject's [test] extra)")
    pytest.skip(reason)
