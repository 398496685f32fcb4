"""Templates a clerk edits in Notepad (issue 11, points 15–18): read like data files, their
runtime errors located, their loops and numbers bounded, their links kept inside the set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import DEFAULT_TEMPLATE, VALID_REPORT, docx_text, run_drafter, write

from drafter.errors import StructureError
from drafter.render import sandbox
from drafter.render.text import TextRenderer
from drafter.values import cn_ordinal


@pytest.fixture
def template_copy(tmp_path: Path) -> Path:
    target = tmp_path / "模板"
    shutil.copytree(DEFAULT_TEMPLATE, target)
    return target


def _render_cli(tmp_path: Path, template: Path, report: str = VALID_REPORT):
    source = write(tmp_path, report)
    out = tmp_path / "报告.docx"
    result = run_drafter("render", str(source), "--template", str(template), "-o", str(out))
    return result, out


def _append(path: Path, text: str) -> int:
    """Append ``text`` as the last line of ``path``; return its line number."""
    old = path.read_text(encoding="utf-8")
    new = old + ("" if old.endswith("\n") else "\n") + text + "\n"
    path.write_text(new, encoding="utf-8")
    return new.count("\n")


# --- point 15: template files read like data files ----------------------------------------------

TITLE = "{% if formal %}\n@标题 {{ meta.issuer }}\n@标题 关于{{ year }}年度自定义的报告\n{% else %}\n@标题 自定义\n{% endif %}\n"


@pytest.mark.parametrize("encoding, bom, warned", [
    ("utf-8", b"\xef\xbb\xbf", ""), ("gb18030", b"", "GBK"), ("utf-16", b"", "")])
def test_notepad_encodings_of_a_template_render_the_same(tmp_path, template_copy, encoding, bom, warned):
    title = template_copy / "text" / "title.j2"
    title.write_bytes(bom + TITLE.replace("\n", "\r\n").encode(encoding))
    checked = run_drafter("template", "check", str(template_copy))
    assert checked.code == 0, checked.output
    if warned:
        assert any(f"{title}:" in line and warned in line for line in checked.warnings), checked.output
    result, out = _render_cli(tmp_path, template_copy)
    assert result.code == 0, result.output
    text = docx_text(out)
    assert "关于2025年度自定义的报告" in text.split("\n")
    assert "@标题" not in text and "\ufeff" not in text


def test_a_template_in_no_known_encoding_is_refused_with_file_and_line(tmp_path, template_copy):
    title = template_copy / "text" / "title.j2"
    title.write_bytes(TITLE.encode("utf-8") + b"@\xff\x80\xff\n")
    checked = run_drafter("template", "check", str(template_copy))
    assert checked.code == 2, checked.output
    assert f"{title}:7: " in checked.output and "编码无法识别" in checked.output
    result, out = _render_cli(tmp_path, template_copy)
    assert result.code == 2 and "编码无法识别" in result.output
    assert not out.exists()


# --- point 16: a template's runtime error names its file and line, exit 2 ------------------------

RUNTIME = {
    "division by zero": ("{{ 1/0 }}", "除数为零"),
    "a huge range": ("{{ range(10**9)|list }}", "太大"),
    "recursion": ("{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}", "递归"),
    "cn of zero": ("{{ cn(0) }}", "cn()"),
    "a 5000-digit integer": ("{{ 10**5000 }}", "太大"),
    "a power tower": ("{{ 10**(10**10) }}", "太大"),
    "a string of gigabytes": ("{{ 'x'*10**10 }}", "太长"),
    "adding text to a number": ("{{ 'x' + 1 }}", "模板运行出错：类型不对"),
}


@pytest.mark.parametrize("case", sorted(RUNTIME))
def test_template_runtime_errors_name_file_and_line(tmp_path, template_copy, case):
    code, message = RUNTIME[case]
    closing = template_copy / "text" / "closing.j2"
    line = _append(closing, code)
    checked = run_drafter("template", "check", str(template_copy))
    assert checked.code == 2, checked.output
    assert f"{closing}:{line}: " in checked.output and message in checked.output, checked.output
    result, out = _render_cli(tmp_path, template_copy)
    assert result.code == 2, result.output
    assert f"{closing}:{line}: " in result.output and message in result.output, result.output
    assert not out.exists()


# --- point 17: bounds on size and time, in process (fast) ----------------------------------------

def _render_text(tmp_path: Path, source: str) -> str:
    folder = tmp_path / "text"
    folder.mkdir(exist_ok=True)
    (folder / "report.j2").write_text("第一行\n" + source + "\n", encoding="utf-8")
    return TextRenderer([folder]).render({})


@pytest.mark.parametrize("source, message", [
    ("{{ 'a'.ljust(10**9) }}", "太大"),
    ("{{ '{:>999999999}'.format(1) }}", "宽度"),
    ("{{ '%999999999d' % 1 }}", "宽度"),
    ("{{ 'x'|center(10**9) }}", "太大"),
    ("{{ ('a'*999999)|replace('a', 'bb') }}", "太长"),
    ("{{ ('a'*999999).replace('a', 'bb') }}", "太长"),
    ("{{ (['x'*999999]*2)|join('') }}", "太长"),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "太长"),
    ("{% for i in range(10000) %}{{ 'x'*9999 }}{% endfor %}", "太多"),
    ("{{ range(20000)|list|length }}", "range()"),
])
def test_sandbox_bounds_size(tmp_path, source, message):
    with pytest.raises(StructureError) as caught:
        _render_text(tmp_path, source)
    assert message in caught.value.message
    assert caught.value.location.line == 2, caught.value


@pytest.mark.parametrize("attempt", range(3))
@pytest.mark.parametrize("source", [
    "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "{% for x in 'a'*10000 %}{% for y in 'a'*10000 %}{% endfor %}{% endfor %}",
])
def test_one_render_has_a_wall_clock_limit(tmp_path, monkeypatch, source, attempt):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.3)
    with pytest.raises(StructureError) as caught:
        _render_text(tmp_path, source)
    assert "秒" in caught.value.message or "太多" in caught.value.message
    # whether a hook or the alarm stops it, and even when the alarm interrupts Jinja's own handling
    # of the first stop, the template file and line are named
    assert caught.value.location.file == tmp_path / "text" / "report.j2"
    assert caught.value.location.line == 2


def test_ordinary_template_code_is_not_bounded(tmp_path):
    text = _render_text(tmp_path, "{{ range(100)|sum }} {{ 2**10 }} {{ 'ab'*3 }} {{ cn(120) }} "
                                  "{{ '%s件'|format(3) }} {{ ['a','b']|join('、') }}")
    assert text.split("\n")[1] == "4950 1024 ababab 一百二十 3件 a、b"


# --- point 18: links, macros, layout numbers, many items -----------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@pytest.mark.parametrize("link", ["text/sections/disputes.j2", "text/parts", "layout.yaml"])
def test_links_out_of_the_template_folder_are_refused(tmp_path, template_copy, link):
    outside = tmp_path / "外面"
    target = template_copy / link
    shutil.move(target, outside)
    os.symlink(outside, target)
    checked = run_drafter("template", "check", str(template_copy))
    assert checked.code == 2, checked.output
    assert f"{target}: " in checked.output and "模板文件夹以外的链接" in checked.output
    result, out = _render_cli(tmp_path, template_copy)
    assert result.code == 2 and "以外的链接" in result.output
    assert not out.exists()


def test_a_link_inside_the_template_folder_is_fine(tmp_path, template_copy):
    if os.name != "posix":
        pytest.skip("symbolic links")
    items = template_copy / "text" / "parts" / "_items.j2"
    copy = items.with_name("_items_copy.j2")
    os.symlink("_items.j2", copy)
    assert run_drafter("template", "check", str(template_copy)).code == 0


def test_macros_and_imports_pass_template_check_and_render(tmp_path, template_copy):
    (template_copy / "text" / "macros.j2").write_text(
        "{% macro signed(name) %}落款：{{ name }}{% endmacro %}\n", encoding="utf-8")
    closing = template_copy / "text" / "closing.j2"
    _append(closing, "{% import 'macros.j2' as m %}{% from 'macros.j2' import signed as s %}"
                     "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}\n"
                     "{{ m.signed(meta.issuer) }}{{ s('乙') }}{{ twice('甲') }}")
    checked = run_drafter("template", "check", str(template_copy))
    assert checked.code == 0, checked.output
    result, out = _render_cli(tmp_path, template_copy)
    assert result.code == 0, result.output
    assert "落款：灵丘县人民政府落款：乙甲甲" in docx_text(out)


def test_an_undefined_name_is_still_reported_beside_macros(template_copy):
    closing = template_copy / "text" / "closing.j2"
    line = _append(closing, "{% macro twice(x) %}{{ x }}{{ y }}{% endmacro %}{{ twice(1) }}")
    checked = run_drafter("template", "check", str(template_copy))
    assert checked.code == 2
    assert f"{closing}:{line}: " in checked.output and "“y”" in checked.output


@pytest.mark.parametrize("value", ["nan", ".nan", "inf", "-inf", "1e999", ".inf"])
def test_layout_nan_and_inf_are_refused(template_copy, value):
    layout = template_copy / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    old = next(line for line in text.split("\n") if line.strip().startswith("indent:"))
    layout.write_text(text.replace(old, old.split("indent:")[0] + f"indent: {value}", 1), encoding="utf-8")
    line = text.split("\n").index(old) + 1
    checked = run_drafter("template", "check", str(template_copy))
    assert checked.code == 2, checked.output
    assert f"{layout}:{line}: " in checked.output


def test_a_part_with_a_hundred_and_more_items_renders(tmp_path):
    items = "".join(f"    - 第{n}项工作。\n" for n in range(1, 121))
    report = VALID_REPORT.replace("next_year:\n  items:\n    - 一是持续深化法治政府建设。\n",
                                  "next_year:\n  items:\n" + items)
    source = write(tmp_path, report)
    out = tmp_path / "报告.docx"
    result = run_drafter("render", str(source), "-o", str(out))
    assert result.code == 0, result.output
    text = docx_text(out)
    for number in (99, 100, 101, 120):  # numbered in the clerk's own style (templates' numbered())
        assert f"第{number}项工作。" in text


@pytest.mark.parametrize("number, text", [
    (1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九"), (100, "一百"), (101, "一百零一"),
    (110, "一百一十"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"), (10000, "一万"),
    (10001, "一万零一"), (100000, "十万"), (110000, "十一万"), (100010000, "一亿零一万"),
    (12345678, "一千二百三十四万五千六百七十八")])
def test_cn_writes_any_count(number, text):
    assert cn_ordinal(number) == text


@pytest.mark.parametrize("bad", [0, -1, 10 ** 16, 1.5, True, "3"])
def test_cn_refuses_what_is_not_a_count(bad):
    with pytest.raises(ValueError, match="cn"):
        cn_ordinal(bad)


# --- point 19: a structure that extends another loads in time linear in its keys ----------------

def test_extending_structure_with_6000_keys_loads_quickly(tmp_path):
    import time

    from drafter.templateset import load_structure

    lines = ["extends: default", "parts:", "  measures:", "    sections:", "      disputes:", "        figures:"]
    for n in range(2000):
        lines += [f"          extra_{n:04d}:", f"            label: 额外数字{n}", "            unit: 件"]
    child = tmp_path / "子模板" / "structure.yaml"
    child.parent.mkdir()
    child.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.process_time()  # CPU time: a busy machine does not make a linear load look slow
    structure = load_structure(child)
    assert time.process_time() - started < 3  # the quadratic merge took 6 s of CPU here, 15 s at 6,000 figures
    assert "extra_1999" in structure.fields and "reconsideration_received" in structure.fields


def test_the_views_shortcut_answers_as_jinjas_own_attribute_check() -> None:
    """For drafter's data views the sandbox skips Jinja's per-access inspection: only if that
    inspection could never answer otherwise (every attribute, method and special name of each view)."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from drafter.render.context import VIEW_CLASSES

    ours, jinjas = sandbox.BoundedSandbox(), ImmutableSandboxedEnvironment()
    ours.data_classes = VIEW_CLASSES
    for cls in VIEW_CLASSES:
        fields = getattr(cls, "__struct_fields__", None)
        instance = cls(**dict.fromkeys(fields)) if fields is not None else object.__new__(cls)
        for name in {*dir(cls), "items", "append", "update", "pop", "mro", "gi_frame", "f_globals", "_specs"}:
            value = getattr(cls, name, None)
            assert ours.is_safe_attribute(instance, name, value) == jinjas.is_safe_attribute(instance, name, value), \
                (cls, name)
    assert not ours.is_safe_attribute([], "append", [].append)   # other objects: Jinja's own check


def test_a_template_cannot_reach_private_or_special_attributes_of_a_view(tmp_path, template_copy):
    report = write(tmp_path, VALID_REPORT)
    part = template_copy / "text" / "parts" / "measures.j2"
    part.write_text("{{ part.__class__ }}{{ part.__struct_fields__ }}\n" + part.read_text(encoding="utf-8"),
                    encoding="utf-8")
    result = run_drafter("render", str(report), "-o", str(tmp_path / "r.docx"), "--template", str(template_copy))
    assert result.code != 0 and "__class__" in result.output, result.output
    assert not (tmp_path / "r.docx").exists()
