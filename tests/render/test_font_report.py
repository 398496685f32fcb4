"""The font report: which layout fonts this machine lacks, and what LibreOffice prints instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drafter.render import fontcheck
from drafter.render.layout import load_layout
from tests.helpers import REPO, run_drafter

from .conftest import need_libreoffice
from .sample import DEFAULT_LAYOUT

needs_fontconfig = pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is not installed")


def layout_with(tmp_path: Path, old: str, new: str):
    path = tmp_path / "layout.yaml"
    path.write_text(DEFAULT_LAYOUT.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return load_layout(path)


@needs_fontconfig
def test_missing_fonts_name_their_roles_and_stand_ins(layout):
    missing = {font.name: font for font in fontcheck.missing_fonts(layout)}
    assert "仿宋_GB2312" in missing               # no machine but a Chinese Windows one has it
    body = missing["仿宋_GB2312"]
    assert {"正文", "发文字号", "版记"} <= set(body.roles)
    assert body.substitute == "AR PL UMing CN"    # fonts.conf's stand-in for 仿宋 (Debian fonts-arphic-uming)
    assert missing["楷体_GB2312"].substitute == "AR PL UKai CN"
    assert body.message() == ("缺少字体“仿宋_GB2312”（发文字号、正文、三级标题、四级标题、版记），"
                              "LibreOffice 用“AR PL UMing CN”代替")


@needs_fontconfig
def test_installed_fonts_are_not_reported(tmp_path):
    installed = fontcheck._match(shutil.which("fc-match"), "serif")[0]   # whatever serif face is here
    layout = layout_with(tmp_path, "latin: [Times New Roman]", f"latin: [{installed}]")
    names = {font.name for font in fontcheck.missing_fonts(layout)}
    assert installed not in names and "仿宋_GB2312" in names


def test_without_fontconfig_nothing_is_claimed(layout, monkeypatch):
    monkeypatch.setattr(fontcheck.shutil, "which", lambda name: None)
    assert fontcheck.missing_fonts(layout) == [] and fontcheck.font_report(layout) == []


@needs_fontconfig
def test_template_check_reports_missing_fonts():
    result = run_drafter("template", "check", str(REPO / "templates" / "default"))
    assert result.code == 0
    assert "PDF 只是预览" in result.output
    assert "缺少字体“仿宋_GB2312”" in result.output and "AR PL UMing CN" in result.output


@needs_fontconfig
def test_render_pdf_reports_missing_fonts(tmp_path):
    need_libreoffice()
    out = tmp_path / "报告.docx"
    result = run_drafter("render", str(REPO / "examples" / "灵寿县2021.yaml"), "-o", str(out), "--pdf",
                         timeout=300)
    assert result.code == 0, result.output
    assert out.with_suffix(".pdf").is_file()
    assert "缺少字体“方正小标宋简体”" in result.output and "PDF 只是预览" in result.output
    without_pdf = run_drafter("render", str(REPO / "examples" / "灵寿县2021.yaml"), "-o", str(out))
    assert "缺少字体" not in without_pdf.output         # the .docx alone is not a preview
