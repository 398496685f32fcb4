"""Rendering never replaces a good document with a broken one, and says why in Chinese."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from drafter.cli import main
from tests.helpers import REPO, VALID_REPORT, as_non_root, run_drafter

EXAMPLE = REPO / "examples" / "灵寿县2021.yaml"


def _good_document(tmp_path: Path) -> tuple[Path, bytes]:
    out = tmp_path / "报告.docx"
    assert run_drafter("render", str(EXAMPLE), "-o", str(out)).code == 0
    return out, out.read_bytes()


def _limit_file_size() -> None:
    # A full disk: any file written past 4 KB fails with EFBIG (instead of killing the process).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_failed_write_keeps_the_previous_document(tmp_path: Path) -> None:
    out, before = _good_document(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "drafter", "render", str(EXAMPLE), "-o", str(out)],
                          cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8",
                          preexec_fn=_limit_file_size, timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 3, output
    assert "无法保存Word 文档" in output and "原文件未改动" in output
    assert "文件太大" in output and "File too large" not in output  # the reason in Chinese
    assert "Traceback" not in output
    assert out.read_bytes() == before
    docx.Document(str(out))  # still a good document
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]  # no temp file left behind


def test_a_read_only_document_is_left_alone(tmp_path: Path, monkeypatch, capsys) -> None:
    out, before = _good_document(tmp_path)
    out.chmod(0o444)
    as_non_root(monkeypatch)
    assert main(["render", str(EXAMPLE), "-o", str(out)]) == 3
    assert "文件是只读的或被锁定" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    out = tmp_path / "没有的文件夹" / "报告.docx"
    result = run_drafter("render", str(EXAMPLE), "-o", str(out))
    assert result.code == 3
    assert "不存在" in result.output


def test_errors_stop_the_render_with_the_check_messages(tmp_path: Path) -> None:
    out, before = _good_document(tmp_path)
    broken = tmp_path / "坏.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("reconsideration_received: 11", "reconsideration_received: abc")
    assert "abc" in text
    broken.write_text(text, encoding="utf-8")
    checked = run_drafter("check", str(broken))
    rendered = run_drafter("render", str(broken), "-o", str(out))
    assert rendered.code == 1
    problem = next(line for line in checked.output.splitlines() if "“abc”不是数字" in line)
    assert problem in rendered.output
    assert out.read_bytes() == before


def test_default_output_name_comes_from_issuer_and_year(tmp_path: Path) -> None:
    source = tmp_path / "数据.yaml"
    source.write_bytes(EXAMPLE.read_bytes())
    result = run_drafter("render", str(source))
    assert result.code == 0, result.output
    assert (tmp_path / "灵寿县人民政府2021年法治政府建设年度报告.docx").is_file()


def test_pdf_without_libreoffice_says_so(tmp_path: Path) -> None:
    env_path = str(tmp_path / "empty-bin")
    os.mkdir(env_path)
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1", PATH=env_path)
    out = tmp_path / "报告.docx"
    proc = subprocess.run([sys.executable, "-m", "drafter", "render", str(EXAMPLE), "-o", str(out), "--pdf"],
                          cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "LibreOffice" in output and "Traceback" not in output
    assert out.is_file()  # the .docx itself was written


def test_a_locked_document_is_explained_in_chinese(tmp_path: Path, monkeypatch, capsys) -> None:
    """Word on Windows holds the file open: replacing it fails with a permission error."""
    out, before = _good_document(tmp_path)

    def locked(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    assert main(["render", str(EXAMPLE), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert "正在 Word/WPS 中打开" in err and "Permission denied" not in err, err
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]


def test_output_names_as_a_clerk_types_them(tmp_path: Path) -> None:
    """-o without an extension gets .docx; -o a folder puts the usual name inside it."""
    result = run_drafter("render", str(EXAMPLE), "-o", str(tmp_path / "输出"))
    assert result.code == 0 and (tmp_path / "输出.docx").is_file() and not (tmp_path / "输出").exists()
    assert "输出.docx" in result.output
    folder = tmp_path / "文档"
    folder.mkdir()
    result = run_drafter("render", str(EXAMPLE), "-o", str(folder))
    assert result.code == 0, result.output
    written = list(folder.iterdir())
    assert len(written) == 1 and written[0].suffix == ".docx" and written[0].name in result.output
    docx.Document(str(written[0]))


@pytest.mark.parametrize("name", ["报告 v2.0", "灵丘县报告.定稿", "灵丘县报告（2026.1.8）"])
def test_a_name_with_a_dot_but_no_docx_gets_docx(tmp_path: Path, name: str) -> None:
    """A dot in a name a clerk types (a version, a date) is not an extension: Word needs .docx."""
    result = run_drafter("render", str(EXAMPLE), "-o", str(tmp_path / name))
    assert result.code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [name + ".docx"]


def test_a_folder_that_is_not_there_is_refused(tmp_path: Path) -> None:
    """-o 文档/ names a folder: when it is missing, say so instead of writing 文档.docx."""
    result = run_drafter("render", str(EXAMPLE), "-o", str(tmp_path / "文档") + os.sep)
    assert result.code == 2 and "文件夹" in result.output and "不存在" in result.output, result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, words", [("报告.doc", "旧版 Word 格式"), ("报告.wps", "WPS"),
                                         ("报告.yaml", "报告数据文件"), ("报告.pdf", "--pdf")])
def test_another_format_is_refused_before_anything_is_written(tmp_path: Path, name: str, words: str) -> None:
    result = run_drafter("render", str(EXAMPLE), "-o", str(tmp_path / name))
    assert result.code == 2 and words in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_very_long_issuer_passes_check_and_renders_under_a_shortened_name(tmp_path: Path) -> None:
    """Promise 1 for an issuer far longer than a file name may be (and than Word's 255-character
    title property): the default name keeps its start and its year and kind around “…”."""
    issuer = "灵丘县人民政府" * 150
    report = tmp_path / "r.yaml"
    report.write_text(VALID_REPORT.replace("issuer: 灵丘县人民政府", f"issuer: {issuer}"), encoding="utf-8")
    assert run_drafter("check", str(report)).code == 0
    result = run_drafter("render", str(report), cwd=tmp_path)
    assert result.code == 0, result.output
    [document] = tmp_path.glob("*.docx")
    assert document.name.startswith("灵丘县人民政府") and document.name.endswith("…县人民政府2025年法治政府建设年度报告.docx")
    assert len(document.name.encode("utf-8")) <= 200
    assert docx.Document(str(document)).core_properties.title == (issuer + "2025年法治政府建设年度报告")[:255]
