"""Outputs that keep what the clerk made: edited documents backed up, PDFs replaced only when
the new one exists, autosave that notices an edit in a text editor, big merges read back."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from drafter.render.stamp import PROPERTY, unchanged_since_written
from drafter.templateset import load_structure
from drafter.wizard.answers import Answers
from tests.helpers import (
    DEFAULT_TEMPLATE,
    REPO,
    VALID_REPORT,
    assert_problem,
    docx_text,
    line_no,
    run_check,
    run_drafter,
    variant,
)

STRUCTURE = load_structure(DEFAULT_TEMPLATE / "structure.yaml")


def _render(tmp_path: Path, *extra: str) -> tuple[Path, Path]:
    data = tmp_path / "r.yaml"
    if not data.exists():
        data.write_text(VALID_REPORT, encoding="utf-8")
    out = tmp_path / "报告.docx"
    result = run_drafter("render", str(data), "-o", str(out), *extra)
    assert result.code == 0, result.output
    return data, out


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("报告.修改前-*.docx"))


def test_the_document_records_its_hash_and_a_re_render_replaces_it_silently(tmp_path: Path) -> None:
    _, out = _render(tmp_path)
    with zipfile.ZipFile(out) as package:
        assert PROPERTY.encode() in package.read("docProps/custom.xml")
    assert unchanged_since_written(out)
    result = run_drafter("render", str(tmp_path / "r.yaml"), "-o", str(out))
    assert result.code == 0 and "另存为" not in result.output
    assert _backups(tmp_path) == []


def test_a_document_edited_in_word_is_kept_as_a_dated_backup(tmp_path: Path) -> None:
    data, out = _render(tmp_path)
    edited = docx.Document(str(out))
    edited.add_paragraph("科员在 Word 中补写的一段。")
    edited.save(str(out))
    before = out.read_bytes()
    assert not unchanged_since_written(out)
    data.write_text(variant("collective_law_study: 12", "collective_law_study: 13"), encoding="utf-8")
    result = run_drafter("render", str(data), "-o", str(out))
    assert result.code == 0, result.output
    [backup] = _backups(tmp_path)
    assert backup.read_bytes() == before
    assert f"已另存为：{backup}" in result.output
    assert "科员在 Word 中补写的一段" not in docx_text(out)
    assert unchanged_since_written(out)


def test_a_document_changed_only_inside_the_zip_is_noticed(tmp_path: Path) -> None:
    _, out = _render(tmp_path)
    with zipfile.ZipFile(out) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace("灵丘县".encode(), "灵邱县".encode(), 1)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    assert not unchanged_since_written(out)


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_a_file_drafter_did_not_write_is_backed_up_too(tmp_path: Path, content: bytes) -> None:
    out = tmp_path / "报告.docx"
    out.write_bytes(content)
    _render(tmp_path)
    [backup] = _backups(tmp_path)
    assert backup.read_bytes() == content


def _fake_soffice(folder: Path, script: str) -> dict[str, str]:
    """Return an environment whose only ``soffice`` runs ``script`` (sh) with LibreOffice's arguments."""
    folder.mkdir()
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1", PATH=f"{folder}{os.pathsep}/usr/bin:/bin")


def _render_pdf(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    data = tmp_path / "r.yaml"
    data.write_text(VALID_REPORT, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "drafter", "render", str(data), "-o",
                           str(tmp_path / "报告.docx"), "--pdf"], cwd=REPO, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for LibreOffice")
def test_a_failed_pdf_conversion_keeps_the_old_pdf(tmp_path: Path) -> None:
    old = tmp_path / "报告.pdf"
    old.write_bytes(b"%PDF-1.4 last week's PDF")
    env = _fake_soffice(tmp_path / "bin", "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    proc = _render_pdf(tmp_path, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "LibreOffice 未能把文档转换为 PDF" in proc.stderr and "Traceback" not in proc.stderr
    assert old.read_bytes() == b"%PDF-1.4 last week's PDF"


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for LibreOffice")
def test_a_converted_pdf_is_moved_into_place(tmp_path: Path) -> None:
    (tmp_path / "报告.pdf").write_bytes(b"%PDF-1.4 old")
    script = ('while [ "$1" != "--outdir" ]; do shift; done\n'
              'out="$2"; src="$3"; name=$(basename "$src" .docx)\n'
              'case "$out" in "$(dirname "$src")") exit 3;; esac\n'  # converts beside the .docx: refused
              'printf "%%PDF-1.4 new" > "$out/$name.pdf"\n')
    proc = _render_pdf(tmp_path, _fake_soffice(tmp_path / "bin", script))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "报告.pdf").read_bytes() == b"%PDF-1.4 new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "r.yaml", "报告.docx", "报告.pdf"]


def _answers(tmp_path: Path) -> Answers:
    path = tmp_path / "报告.yaml"
    answers = Answers.start(path, STRUCTURE, template="default")
    answers.set("issuer", "测试县人民政府")
    answers.set("year", 2025)
    answers.save()
    return answers


def _edit_in_notepad(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("测试县人民政府", "测试县人民政府办公室")
    path.write_text(text, encoding="utf-8")
    return text


def test_autosave_asks_and_reloads_an_edit_made_in_a_text_editor(tmp_path: Path) -> None:
    answers = _answers(tmp_path)
    asked: list[bool] = []
    answers.on_changed = lambda: asked.append(True) or "reload"
    edited = _edit_in_notepad(answers.path)
    answers.set("reconsideration_received", 5)
    answers.save()
    assert asked == [True]
    assert answers.path.read_text(encoding="utf-8") == edited  # nothing written over the edit
    assert answers.get("issuer") == "测试县人民政府办公室"
    answers.set("reconsideration_received", 6)
    answers.save()  # the reloaded file is what this run knows now: no question
    assert asked == [True]
    assert "reconsideration_received: 6" in answers.path.read_text(encoding="utf-8")
    assert "测试县人民政府办公室" in answers.path.read_text(encoding="utf-8")


def test_autosave_keeping_the_answers_keeps_the_edited_file_as_a_backup(tmp_path: Path) -> None:
    answers = _answers(tmp_path)
    answers.on_changed = lambda: "keep"
    edited = _edit_in_notepad(answers.path)
    answers.set("reconsideration_received", 5)
    answers.save()
    [backup] = sorted(tmp_path.glob("报告.修改前-*.yaml"))
    assert backup.read_text(encoding="utf-8") == edited
    assert answers.backup == backup
    saved = yaml.safe_load(answers.path.read_text(encoding="utf-8"))
    assert saved["meta"]["issuer"] == "测试县人民政府"


def test_autosave_without_an_edit_asks_nothing(tmp_path: Path) -> None:
    answers = _answers(tmp_path)
    answers.on_changed = lambda: pytest.fail("asked although nobody edited the file")
    answers.set("reconsideration_received", 5)
    answers.save()
    assert list(tmp_path.glob("*修改前*")) == []


UNIT_ITEM = "组织开展专项执法检查，规范行政执法行为，落实行政执法三项制度，提升执法规范化水平。" * 3


def test_a_merge_of_500_units_is_checked_and_rendered(tmp_path: Path) -> None:
    units = tmp_path / "units"
    units.mkdir()
    items = "\n".join(f"      - 第{n}条：{UNIT_ITEM}" for n in range(6))
    for number in range(500):
        text = variant("issuer: 灵丘县人民政府", f"issuer: 灵丘县第{number}单位")
        text = variant("      - 县委常委会专题听取法治建设工作汇报。", items, text)
        (units / f"{number:03}.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "汇总.yaml"
    merged = run_drafter("merge", str(out), *sorted(map(str, units.iterdir())), "--issuer", "灵丘县人民政府",
                         timeout=600)
    assert merged.code == 0, merged.output[-2000:]
    assert out.stat().st_size > 1_000_000  # more than the old limit that refused drafter's own merges
    checked = run_drafter("check", str(out), timeout=600)
    assert checked.code == 0, checked.output[-2000:]
    assert "太大" not in checked.output
    rendered = run_drafter("render", str(out), "-o", str(tmp_path / "汇总.docx"), timeout=600)
    assert rendered.code == 0, rendered.output[-2000:]
    assert "共调解矛盾纠纷100000件" in docx_text(tmp_path / "汇总.docx")


def test_check_counts_what_an_unfinished_questionnaire_left_unanswered(tmp_path: Path) -> None:
    blocks = list(STRUCTURE.figure_blocks())
    asked = [f.key for f in blocks[0].figures[:2]]
    text = VALID_REPORT + f"progress:\n  done: [meta, opening]\n  asked: [{', '.join(asked)}]\n"
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_check(path)
    assert result.code == 0, result.output
    questions = sum(len(b.figures) for b in blocks) - len(asked)
    assert_problem(result.warnings, path, line_no(text, "progress:"),
                   f"还有 {len(blocks)} 个小节没有填，其中 {questions} 个问题没有回答", f"drafter new -o {path}")
    done = ", ".join(["meta", "opening", *(".".join(b.path) for b in blocks)])
    path.write_text(VALID_REPORT + f"progress:\n  done: [{done}]\n", encoding="utf-8")
    assert "问卷还没有填完" not in run_check(path).output  # only the review was left


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and process ids")
def test_atomic_write_follows_a_link_and_clears_only_dead_runs_temporaries(tmp_path: Path) -> None:
    from drafter.atomic import atomic_write

    real = tmp_path / "real.yaml"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    dead = tmp_path / ".real.yaml.99999999.abcd1234.tmp"
    alive = tmp_path / f".real.yaml.{os.getppid()}.abcd1234.tmp"  # a run still writing
    recent = tmp_path / ".real.yaml.abcd1234.tmp"  # an older drafter's name, without a pid: kept while recent
    for temporary in (dead, alive, recent):
        temporary.write_bytes(b"half")
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert not dead.exists() and alive.exists() and recent.exists()
    os.utime(recent, (0, 0))
    atomic_write(link, b"newer")
    assert not recent.exists() and alive.exists()


def test_a_report_file_too_big_to_read_back_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter import datafile
    from drafter.errors import OutputError

    monkeypatch.setattr(datafile, "MAX_BYTES", 2_000)
    path = tmp_path / "r.yaml"
    data = yaml.safe_load(VALID_REPORT)
    data["problems"]["items"] = ["不足。" * 400]
    with pytest.raises(OutputError, match="超过 drafter 能读取的"):
        datafile.save_report(path, STRUCTURE, data)
    assert not path.exists()
