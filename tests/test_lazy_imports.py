"""Each command imports what it needs: ``--help`` and ``check`` stay light."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, VALID_REPORT

HEAVY = ("docx", "questionary", "openpyxl", "lxml")


def _imported(*args: str, cwd: Path = REPO) -> set[str]:
    """Run ``python -X importtime -m drafter ARGS``; return the top-level packages it imported."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUTF8="1", NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "drafter", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    names = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
             if line.startswith("import time:")}
    return {name.split(".")[0] for name in names}


def test_the_importtime_reader_sees_heavy_packages(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(VALID_REPORT, encoding="utf-8")
    imported = _imported("render", str(path), "-o", str(tmp_path / "r.docx"))
    assert {"docx", "jinja2"} <= imported
    assert "rich" not in imported   # its output is not a terminal: plain lines, no colour


def test_rich_prints_the_summary_table_of_a_batch(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(VALID_REPORT, encoding="utf-8")
    assert "rich" in _imported("check", str(tmp_path))


def test_help_imports_no_heavy_package_and_no_rich() -> None:
    imported = _imported("--help")
    assert "drafter" in imported
    assert not imported & {*HEAVY, "rich", "jinja2", "yaml"}


@pytest.mark.parametrize("report", ["valid", "with errors"])
def test_check_imports_neither_docx_nor_questionary(report: str, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    text = VALID_REPORT if report == "valid" else VALID_REPORT.replace("year: 2025", "year: 二〇二五")
    path.write_text(text, encoding="utf-8")
    imported = _imported("check", str(path))
    assert "yaml" in imported  # it read the file
    assert "rich" not in imported  # and printed the result off a terminal without it
    assert not imported & {*HEAVY, "jinja2"}
