"""Many reports in one run: ``drafter render``/``check`` on several files, a folder or a pattern."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from drafter import batch
from drafter.templateset import loaded
from tests.helpers import REPO, VALID_REPORT, run_drafter, variant

BAD = variant("collective_law_study: 12", "collective_law_study: 十二")


def _reports(folder: Path, **reports: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in reports.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _unit(issuer: str) -> str:
    return VALID_REPORT.replace("issuer: 灵丘县人民政府", f"issuer: {issuer}")


def _line_of(output: str, name: str) -> str:
    lines = [line for line in output.splitlines() if f"{name}.yaml：" in line]
    assert len(lines) == 1, output
    return lines[0]


def test_render_many_files_one_line_each_and_the_others_still_render(tmp_path: Path) -> None:
    _reports(tmp_path, 甲=_unit("甲县人民政府"), 乙=BAD, 丙=_unit("丙县人民政府"))
    result = run_drafter("render", "甲.yaml", "乙.yaml", "丙.yaml", cwd=tmp_path)
    assert result.code == 1, result.output
    assert _line_of(result.output, "甲").startswith("完成：")
    assert _line_of(result.output, "丙").startswith("完成：")
    failed = _line_of(result.output, "乙")
    assert failed.startswith("出错：") and "错误" in failed and "十二" in failed
    assert (tmp_path / "甲县人民政府2025年法治政府建设年度报告.docx").is_file()
    assert (tmp_path / "丙县人民政府2025年法治政府建设年度报告.docx").is_file()
    assert len(list(tmp_path.glob("*.docx"))) == 2
    summary = result.output.split("共处理 3 个文件", 1)[1]
    assert "完成" in summary and "│ 2 " in summary and "乙.yaml" in summary


def test_a_folder_and_a_pattern_name_every_report_in_them(tmp_path: Path) -> None:
    _reports(tmp_path / "各县", 甲=_unit("甲县人民政府"), 乙=_unit("乙县人民政府"))
    (tmp_path / "各县" / "说明.txt").write_text("不是报告", encoding="utf-8")
    by_folder = run_drafter("check", "各县", cwd=tmp_path)
    assert by_folder.code == 0, by_folder.output
    assert "共处理 2 个文件" in by_folder.output
    by_pattern = run_drafter("render", "各县/*.yaml", cwd=tmp_path)  # as Windows passes it: unexpanded
    assert by_pattern.code == 0, by_pattern.output
    assert len(list((tmp_path / "各县").glob("*.docx"))) == 2


def test_a_pattern_or_folder_naming_nothing_is_a_failed_line(tmp_path: Path) -> None:
    _reports(tmp_path, 甲=_unit("甲县人民政府"))
    (tmp_path / "空").mkdir()
    result = run_drafter("check", "甲.yaml", "无此*.yaml", "空", cwd=tmp_path)
    assert result.code == 2, result.output
    assert "没有与这个通配符相符" in result.output and "文件夹，里面没有报告数据文件" in result.output
    assert _line_of(result.output, "甲").startswith("完成：")


def test_check_many_lists_each_files_problems_and_fails_if_any_has_errors(tmp_path: Path) -> None:
    _reports(tmp_path, 甲=_unit("甲县人民政府"), 乙=BAD)
    result = run_drafter("check", "甲.yaml", "乙.yaml", cwd=tmp_path)
    assert result.code == 1, result.output
    bad_line = BAD.splitlines().index(next(li for li in BAD.splitlines() if "十二" in li)) + 1
    assert f"错误：乙.yaml:{bad_line}:" in result.output
    assert _line_of(result.output, "乙").startswith("出错：")
    assert _line_of(result.output, "甲").startswith("完成：")


def test_two_reports_that_would_write_the_same_document_do_not_overwrite(tmp_path: Path) -> None:
    _reports(tmp_path, 甲=_unit("甲县人民政府"), 甲二=_unit("甲县人民政府"))
    result = run_drafter("render", "甲.yaml", "甲二.yaml", cwd=tmp_path)
    assert result.code == 3, result.output
    assert "同名" in _line_of(result.output, "甲二")
    assert len(list(tmp_path.glob("*.docx"))) == 1


def test_one_output_name_for_many_reports_is_refused(tmp_path: Path) -> None:
    _reports(tmp_path, 甲=_unit("甲县人民政府"), 乙=_unit("乙县人民政府"))
    result = run_drafter("render", "甲.yaml", "乙.yaml", "-o", "x.docx", cwd=tmp_path)
    assert result.code == 2, result.output
    assert "-o" in result.output and not list(tmp_path.glob("*.docx"))


def test_a_batch_loads_its_template_set_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.cli import main

    paths = _reports(tmp_path, 甲=_unit("甲县人民政府"), 乙=_unit("乙县人民政府"), 丙=_unit("丙县人民政府"))
    loads: list[Path] = []
    real = loaded.load_structure
    monkeypatch.setattr(loaded, "load_structure", lambda path: loads.append(path) or real(path))
    assert main(["render", *map(str, paths)]) == 0
    assert len(loads) == 1


def test_a_long_batch_shows_a_progress_bar_and_a_short_one_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    def action(path: Path) -> batch.Outcome:
        return batch.Outcome(path, batch.Status.DONE, "好")

    shown = []
    for after in (0.0, 60.0):
        monkeypatch.setattr(batch, "PROGRESS_AFTER", after)
        out = io.StringIO()
        console = Console(file=out, force_terminal=True, width=100, color_system=None)
        clock = iter(range(0, 1000, 2))
        monkeypatch.setattr(batch.time, "monotonic", lambda ticks=clock: next(ticks))
        batch.run_all([Path("a.yaml"), Path("b.yaml"), Path("c.yaml")], action, console)
        shown.append("正在处理" in out.getvalue())
    assert shown == [True, False]


def test_examples_render_as_one_batch(tmp_path: Path) -> None:
    folder = tmp_path / "examples"
    shutil.copytree(REPO / "examples", folder)
    result = run_drafter("render", str(folder))
    assert result.code == 0, result.output
    count = len(list(folder.glob("*.yaml")))
    assert len(list(folder.glob("*.docx"))) == count
    assert f"共处理 {count} 个文件" in result.output


def test_a_batch_whose_output_reader_goes_away_still_renders_every_report(tmp_path: Path) -> None:
    """drafter render 各乡镇/ | head -1: the reader leaves after a line; every report is still
    written, and the exit code is the batch's own, as when the output goes to a file."""
    import os
    import subprocess
    import sys

    _reports(tmp_path / "各乡镇", 甲=_unit("甲县人民政府"), 乙=BAD, 丙=_unit("丙县人民政府"))
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "render", "各乡镇"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()   # gone before the first line
    errors = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 1, errors
    assert "Traceback" not in errors and "内部错误" not in errors
    assert len(list((tmp_path / "各乡镇").glob("*.docx"))) == 2


@pytest.mark.parametrize("command", ["check", "render"])
def test_a_folder_without_reports_says_so(command: str, tmp_path: Path) -> None:
    (tmp_path / "各乡镇" / "甲镇").mkdir(parents=True)
    result = run_drafter(command, "各乡镇", cwd=tmp_path)
    assert result.code == 2, result.output
    assert "各乡镇: 这个文件夹里没有报告数据文件" in result.output and "各乡镇/甲镇/" in result.output
