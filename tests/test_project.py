"""The project as a newcomer meets it: the README's two commands, CI, the installed package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, missing


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
    lines = [line.strip() for line in ci.splitlines() if line.strip() and not line.startswith("#")]
    assert lines[-1] == _readme_commands()[1]  # ends with it, as written
    # before it: CI=1 (nothing skipped for a missing tool) and a fresh virtual environment
    assert "export CI=1" in lines and any(line.startswith("python3 -m venv ") for line in lines)
    assert lines.index("export CI=1") < len(lines) - 1


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


def test_installed_command_finds_its_templates_outside_the_checkout(tmp_path: Path) -> None:
    if shutil.which("drafter") is None:
        missing("drafter is not installed (pip install .)")
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
        missing("ruff is not installed (pip install '.[test]')")
    result = subprocess.run([ruff, "check", "drafter", "tests", "benchmarks"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout


def test_the_wheel_holds_every_module_and_template_file_and_the_one_version(tmp_path: Path) -> None:
    # Package data at any depth of templates/ (a set may nest text/parts/…); the version is
    # written once, in drafter/__init__.py, and the wheel's metadata takes it from there.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("drafter", "templates"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    deep = source / "templates" / "default" / "text" / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "deep.j2").write_text("{# nested four levels down #}\n", encoding="utf-8")
    # setuptools' own build (what pip runs to make the wheel), without needing the network
    built = subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q",
                            "egg_info", "--egg-base", str(tmp_path), "build_py", "--build-lib", str(tmp_path / "lib")],
                           cwd=source, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    names = {p.relative_to(tmp_path / "lib").as_posix() for p in (tmp_path / "lib").rglob("*") if p.is_file()}
    metadata = (tmp_path / "drafter.egg-info" / "PKG-INFO").read_text(encoding="utf-8")
    templates = {"drafter/templates/" + p.relative_to(source / "templates").as_posix()
                 for p in (source / "templates").rglob("*") if p.is_file()}
    modules = {p.relative_to(source).as_posix() for p in (source / "drafter").rglob("*.py")}
    assert "drafter/templates/default/text/a/b/c/deep.j2" in names
    assert not templates - names, sorted(templates - names)
    assert not modules - names, sorted(modules - names)
    import drafter

    assert f"\nVersion: {drafter.__version__}\n" in metadata
