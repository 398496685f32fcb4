"""convert_to_pdf: how LibreOffice is called, and the Chinese errors when it is missing or fails.

A stand-in ``soffice`` script on PATH records its arguments and environment, so
these tests run in a moment and need no LibreOffice.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from drafter.errors import DrafterError
from drafter.render import pdf
from drafter.render.pdf import FONTS_CONF, convert_to_pdf
from tests.helpers import missing

FAKE = """#!/bin/sh
# record what drafter passed, then behave as asked by $FAKE_MODE
printf '%s\\n' "$@" > "$FAKE_LOG"
printf 'FONTCONFIG_FILE=%s\\n' "$FONTCONFIG_FILE" >> "$FAKE_LOG"
case "$FAKE_MODE" in
  ok)
    for last; do :; done
    while [ $# -gt 0 ]; do
      if [ "$1" = "--outdir" ]; then out="$2"; fi
      shift
    done
    name=$(basename "$last" .docx)
    printf '%%PDF-1.7 fake' > "$out/$name.pdf" ;;
  silent) exit 0 ;;
  fail) echo "Error: source file could not be loaded" >&2; exit 1 ;;
  slow) exec sleep 10 ;;
esac
"""


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "soffice"
    program.write_text(FAKE, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    log = tmp_path / "calls.txt"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.setenv("FAKE_LOG", str(log))
    monkeypatch.setenv("FAKE_MODE", "ok")
    return log


@pytest.fixture
def docx_file(tmp_path) -> Path:
    path = tmp_path / "报告.docx"
    path.write_bytes(b"PK fake")
    return path


def test_calls_soffice_headless_with_its_own_profile_and_fonts(fake_soffice, docx_file, tmp_path):
    out = tmp_path / "out"
    result = convert_to_pdf(docx_file, out)
    assert result == out / "报告.pdf" and result.read_bytes().startswith(b"%PDF")
    args = fake_soffice.read_text(encoding="utf-8").splitlines()
    assert "--headless" in args and "--convert-to" in args
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file:///"))
    assert not Path(profile.split("file://", 1)[1]).exists()          # thrown away afterwards
    assert args[args.index("--outdir") + 1] == str(out)
    assert f"FONTCONFIG_FILE={FONTS_CONF}" in args


def test_two_runs_use_different_profiles(fake_soffice, docx_file, tmp_path):
    profiles = []
    for _ in range(2):
        convert_to_pdf(docx_file, tmp_path / "out")
        args = fake_soffice.read_text(encoding="utf-8").splitlines()
        profiles.append(next(a for a in args if a.startswith("-env:UserInstallation=")))
    assert profiles[0] != profiles[1]


def test_missing_libreoffice(monkeypatch, docx_file, tmp_path):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "_USUAL_PLACES", ())
    with pytest.raises(DrafterError) as caught:
        convert_to_pdf(docx_file, tmp_path)
    assert "未安装 LibreOffice" in caught.value.message and "libreoffice-writer" in caught.value.message


def test_missing_docx(fake_soffice, tmp_path):
    with pytest.raises(DrafterError) as caught:
        convert_to_pdf(tmp_path / "无此文件.docx", tmp_path)
    assert "找不到" in caught.value.message


def test_failure_shows_libreoffice_message(fake_soffice, monkeypatch, docx_file, tmp_path):
    monkeypatch.setenv("FAKE_MODE", "fail")
    with pytest.raises(DrafterError) as caught:
        convert_to_pdf(docx_file, tmp_path)
    assert "退出码 1" in caught.value.message and "could not be loaded" in caught.value.message


def test_no_pdf_written_is_a_failure_even_with_an_old_pdf(fake_soffice, monkeypatch, docx_file, tmp_path):
    (tmp_path / "报告.pdf").write_bytes(b"%PDF old")
    monkeypatch.setenv("FAKE_MODE", "silent")
    with pytest.raises(DrafterError) as caught:
        convert_to_pdf(docx_file, tmp_path)
    assert "未能" in caught.value.message


def test_timeout(fake_soffice, monkeypatch, docx_file, tmp_path):
    monkeypatch.setenv("FAKE_MODE", "slow")
    with pytest.raises(DrafterError) as caught:
        convert_to_pdf(docx_file, tmp_path, timeout=0.5)
    assert "超过" in caught.value.message


@pytest.mark.parametrize("name, family", [
    ("仿宋_GB2312", "AR PL UMing CN"), ("FangSong", "AR PL UMing CN"), ("楷体_GB2312", "AR PL UKai CN"),
    ("KaiTi", "AR PL UKai CN"), ("黑体", "Noto Sans CJK SC"), ("SimSun", "Noto Serif CJK SC"),
    ("方正小标宋简体", "Noto Serif CJK SC:Bold"),
])
def test_fonts_conf_maps_gb_font_names(name, family):
    if shutil.which("fc-match") is None:
        missing("fontconfig tools are not installed")
    found = subprocess.run(["fc-match", "-f", "%{family[0]}:%{style[0]}", name], capture_output=True,
                           text=True, env=dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF)), check=True)
    if "CJK" not in found.stdout and "AR PL" not in found.stdout:
        missing("the free CJK fonts are not installed here")
    expected_family, _, style = family.partition(":")
    assert found.stdout.startswith(expected_family)
    if style:
        assert style in found.stdout
