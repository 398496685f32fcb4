"""The cache of template-set checks and compiled templates: a set that passed is not checked
again, an edited file is, a broken edit is still refused, and no cache folder means no cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from drafter.errors import StructureError
from drafter.templateset import TemplateSet, cache, find_template_set
from drafter.templateset import check as check_module
from tests.helpers import DEFAULT_TEMPLATE, VALID_REPORT, docx_text, run_drafter


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(folder))
    return folder


@pytest.fixture()
def template(tmp_path: Path) -> Path:
    target = tmp_path / "tpl"
    shutil.copytree(DEFAULT_TEMPLATE, target)
    return target


@pytest.fixture()
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every full check that runs."""
    seen: list[Path] = []
    real = check_module.check_template_set

    def counting(template_set: TemplateSet) -> list:
        seen.append(template_set.path)
        return real(template_set)

    monkeypatch.setattr(check_module, "check_template_set", counting)
    return seen


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_set_that_passed_is_not_checked_again(cache_dir: Path, template: Path, checks: list[Path]) -> None:
    find_template_set(str(template)).ensure_usable()
    find_template_set(str(template)).ensure_usable()
    assert checks == [template.resolve()]
    assert list(cache_dir.glob("*/checks/*")), "the passed check is recorded"


def test_an_edited_template_is_checked_before_its_first_use(cache_dir: Path, template: Path,
                                                            checks: list[Path]) -> None:
    find_template_set(str(template)).ensure_usable()
    closing = template / "text" / "closing.j2"
    closing.write_text(closing.read_text(encoding="utf-8") + "{% if %}\n", encoding="utf-8")
    with pytest.raises(StructureError) as refused:
        find_template_set(str(template)).ensure_usable()
    assert len(checks) == 2
    assert any(p.file == closing and p.line > 0 for p in refused.value.problems)
    with pytest.raises(StructureError):  # a broken set is never recorded as passed
        find_template_set(str(template)).ensure_usable()
    assert len(checks) == 3


def test_an_edit_in_a_base_set_is_checked_too(cache_dir: Path, tmp_path: Path, template: Path,
                                              checks: list[Path]) -> None:
    child = tmp_path / "child"
    (child / "text").mkdir(parents=True)
    (child / "structure.yaml").write_text("extends: tpl\n", encoding="utf-8")
    find_template_set(str(child)).ensure_usable()
    _replace(template / "layout.yaml", "size: 3号", "size: 三好")
    with pytest.raises(StructureError):
        find_template_set(str(child)).ensure_usable()
    assert len(checks) == 2


def test_a_changed_template_is_not_served_from_stale_bytecode(cache_dir: Path, tmp_path: Path,
                                                              template: Path) -> None:
    report = tmp_path / "r.yaml"
    report.write_text(VALID_REPORT.replace("template: default", "template: tpl"), encoding="utf-8")
    first = run_drafter("render", str(report), "-o", str(tmp_path / "a.docx"), env={cache.ENV_VAR: str(cache_dir)})
    assert first.code == 0, first.output
    assert list(cache_dir.glob("*/jinja/*")), "compiled templates are kept"
    closing = template / "text" / "closing.j2"
    closing.write_text("特此报告，本句为新增内容。\n" + closing.read_text(encoding="utf-8"), encoding="utf-8")
    second = run_drafter("render", str(report), "-o", str(tmp_path / "b.docx"), env={cache.ENV_VAR: str(cache_dir)})
    assert second.code == 0, second.output
    assert "本句为新增内容" in docx_text(tmp_path / "b.docx")
    assert "本句为新增内容" not in docx_text(tmp_path / "a.docx")


def test_a_corrupt_cache_entry_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.yaml"
    report.write_text(VALID_REPORT, encoding="utf-8")
    assert run_drafter("render", str(report), "-o", str(tmp_path / "a.docx"),
                       env={cache.ENV_VAR: str(cache_dir)}).code == 0
    for entry in cache_dir.glob("*/jinja/*"):
        entry.write_bytes(entry.read_bytes()[:20])
    again = run_drafter("render", str(report), "-o", str(tmp_path / "b.docx"), env={cache.ENV_VAR: str(cache_dir)})
    assert again.code == 0, again.output
    assert docx_text(tmp_path / "a.docx") == docx_text(tmp_path / "b.docx")


@pytest.mark.parametrize("where", ["under a file", "turned off", "read-only"])
def test_no_usable_cache_folder_means_no_cache(where: str, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    folder = {"under a file": str(blocker / "cache"), "turned off": "", "read-only": str(tmp_path / "ro")}[where]
    if where == "read-only":
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            pytest.skip("root may write read-only folders")
        (tmp_path / "ro").mkdir(mode=0o555)
    report = tmp_path / "r.yaml"
    report.write_text(VALID_REPORT, encoding="utf-8")
    for _ in range(2):
        result = run_drafter("render", str(report), "-o", str(tmp_path / "a.docx"), env={cache.ENV_VAR: folder})
        assert result.code == 0, result.output
        assert "已生成" in result.output
    assert not list(tmp_path.glob("ro/**/*"))


def test_the_cache_folder_is_refused_quietly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker / "cache"))
    assert cache.cache_root() is None and cache.bytecode_cache() is None
    cache.mark("checks", "k")  # nothing to write to: no error
    assert not cache.is_marked("checks", "k")


def test_a_read_only_cache_folder_is_no_cache(monkeypatch: pytest.MonkeyPatch, cache_dir: Path,
                                              template: Path, checks: list[Path]) -> None:
    cache_dir.mkdir()
    monkeypatch.setattr(cache.os, "access", lambda *args, **kwargs: False)  # what a read-only folder says
    for _ in range(2):
        template_set = find_template_set(str(template))
        template_set.ensure_usable()
        assert template_set.renderer.env.bytecode_cache is None
    assert len(checks) == 2
    assert not list(cache_dir.glob("*/*/*"))


def test_a_cache_that_fails_while_writing_is_no_error(monkeypatch: pytest.MonkeyPatch, cache_dir: Path,
                                                      template: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(cache.tempfile, "mkstemp", refuse)
    monkeypatch.setattr("jinja2.bccache.tempfile.NamedTemporaryFile", refuse)
    template_set = find_template_set(str(template))
    template_set.ensure_usable()
    assert not list(cache_dir.glob("*/checks/*")) and not list(cache_dir.glob("*/jinja/*"))


def test_a_kept_structure_follows_edits_to_the_set_and_to_its_base(cache_dir: Path, tmp_path: Path,
                                                                   template: Path) -> None:
    child = tmp_path / "child"
    child.mkdir()
    (child / "structure.yaml").write_text("extends: tpl\nname: 子模板\n", encoding="utf-8")
    assert find_template_set(str(child)).structure.name == "子模板"
    assert list(cache_dir.glob("*/structures/*")), "the structure is kept"
    assert find_template_set(str(child)).structure.name == "子模板"  # from the cache
    _replace(template / "structure.yaml", "label: 发文机关", "label: 发文单位")
    assert find_template_set(str(child)).structure.fields["issuer"].label == "发文单位"
    (child / "structure.yaml").write_text("extends: tpl\nname: 改过的子模板\n", encoding="utf-8")
    assert find_template_set(str(child)).structure.name == "改过的子模板"
    for entry in cache_dir.glob("*/structures/*"):
        entry.write_bytes(b"not a pickle")
    assert find_template_set(str(child)).structure.name == "改过的子模板"


def test_kept_layout_and_phrases_follow_edits(cache_dir: Path, template: Path) -> None:
    first = find_template_set(str(template))
    assert (first.layout.page.margin_top, first.phrases.levels["县级政府"]["area"]) == (37, "全县")
    assert list(cache_dir.glob("*/layouts/*")) and list(cache_dir.glob("*/phrases/*")), "both are kept"
    kept = find_template_set(str(template))
    assert (kept.layout, kept.phrases) == (first.layout, first.phrases)   # from the cache
    _replace(template / "layout.yaml", "margin_top: 37 ", "margin_top: 36.5 ")
    _replace(template / "phrases.yaml", "area: 全县", "area: 全县范围内")
    edited = find_template_set(str(template))
    assert (edited.layout.page.margin_top, edited.phrases.levels["县级政府"]["area"]) == (36.5, "全县范围内")
    for entry in [*cache_dir.glob("*/layouts/*"), *cache_dir.glob("*/phrases/*")]:
        entry.write_bytes(b"not a pickle")
    assert find_template_set(str(template)).layout == edited.layout


def test_a_broken_layout_is_refused_and_never_kept(cache_dir: Path, template: Path) -> None:
    _replace(template / "layout.yaml", "margin_top: 37 ", "margin_top: 三十七 ")
    for _ in range(2):
        with pytest.raises(StructureError):
            assert find_template_set(str(template)).layout is None
    assert not list(cache_dir.glob("*/layouts/*"))


def test_a_phrase_entry_that_is_no_year_or_level_is_named_on_its_line(template: Path) -> None:
    phrases = template / "phrases.yaml"
    _replace(phrases, "  2025:", "  二零二五:")
    text = phrases.read_text(encoding="utf-8")
    problems = find_template_set(str(template)).check()
    [problem] = [p for p in problems if p.file == phrases]
    assert problem.line == next(number for number, line in enumerate(text.split("\n"), start=1)
                                if "二零二五" in line)
    assert "不是年份" in problem.message
