"""The project as a newcomer meets it: the README's two commands, CI, the installed package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert text.startswith("```bash\n")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_starts_with_exactly_two_commands() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && drafter render examples/")
    assert "pytest" in commands[1]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _readme_commands()[1]
    assert test_command.replace('pip install ".[test]"', 'pip install -q ".[test]"') in ci or test_command in ci


def test_main_job_example_exists() -> None:
    example = _readme_commands()[0].split("drafter render ", 1)[1].split()[0]
    assert (REPO / example).is_file()


def test_seeds_are_the_shared_reference_reports_unchanged() -> None:
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip(f"this test compares seeds/ with the shared reference reports, expected in {shared} "
                    "(a folder shared/seeds beside the checkout); it is not there")
    ours = sorted(p.name for p in (REPO / "seeds").iterdir())
    assert ours == sorted(p.name for p in shared.iterdir())
    for name in ours:
        assert (REPO / "seeds" / name).read_bytes() == (shared / name).read_bytes()


@pytest.mark.skipif(shutil.which("drafter") is None, reason="drafter is not installed (pip install .)")
def test_installed_command_finds_its_templates_outside_the_checkout(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    example = REPO / "examples" / "灵寿县2021.yaml"
    out = tmp_path / "报告.docx"
    result = subprocess.run(["drafter", "render", str(example), "-o", str(out)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    where = subprocess.run([sys.executable, "-c", "import drafter.templateset as t; print(t.builtin_root())"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60).stdout
    assert out.is_file() and where.strip()
    assert (Path(where.strip()) / "default" / "structure.yaml").is_file()
    assert (Path(where.strip()) / "department" / "text" / "sections" / "licensing.j2").is_file()


def test_code_passes_the_linter() -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (pip install '.[test]')")
    result = subprocess.run([ruff, "check", "drafter", "tests", "benchmarks"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
