"""What a clerk can do wrong in a template or a Word file is told in Chinese, file and line kept."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from drafter.render.jinjamessages import syntax_message
from tests.helpers import DEFAULT_TEMPLATE, VALID_REPORT, run_drafter, write

ENGLISH = re.compile(r"[A-Za-z]{4,}")  # a word of English: Jinja's or Python's own text leaking


@pytest.fixture()
def template_copy(tmp_path: Path) -> Path:
    target = tmp_path / "我县模板"
    shutil.copytree(DEFAULT_TEMPLATE, target)
    return target


def _english(output: str) -> list[str]:
    """Return the English words of ``output`` outside paths, tags and the drafter command."""
    text = re.sub(r"“[^”]*”|\S*/\S*|\{%.*?%\}|\{\{.*?\}\}|drafter \w+ \w+|\.(docx|doc|wps|j2|yaml)\b", "", output)
    return ENGLISH.findall(text)


@pytest.mark.parametrize(("source", "expected"), [
    ("{% call x() %}a{% end call %}", "不认识的标签“{% end %}”；这里还在“call”块中，应是 {% endcall %}"),
    ("{% if a %}b", "模板意外结束：“if”块没有结束，缺少 {% elif %}、{% else %} 或 {% endif %}"),
    ("{{ a ", "模板意外结束：缺少“}}”"),
    ("{{ a b }}", "这里应是“}}”，却是“b”"),
    ("{% for x y %}{% endfor %}", "这里应是“in”，却是“y”"),
    ("{% endif %}", "前面没有与它对应的 {% if … %}"),
    ("{# 注释", "注释“{#”没有用“#}”结束"),
    ("{{ a | nofilter }}", "没有名为“nofilter”的过滤器"),
    ("{{ figures..total }}", "后面应是一个名称或数字"),
    ("{% macro m() %}{% endmacro %}{% call m() %}{% if a %}b{% endcall %}",
     "“{% endcall %}”来得太早：前面的“if”块还没有结束，先要有 {% elif %}、{% else %} 或 {% endif %}"),
])
def test_jinja_syntax_errors_in_chinese(source: str, expected: str) -> None:
    import jinja2

    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        jinja2.Environment().from_string(source)
    message = syntax_message(caught.value)
    assert message.startswith("模板语法错误：") and expected in message
    assert not _english(message), message


def test_an_end_call_typo_is_told_in_chinese_by_check_and_render(tmp_path: Path, template_copy: Path) -> None:
    closing = template_copy / "text" / "closing.j2"
    text = closing.read_text(encoding="utf-8") + "{% macro m() %}{{ caller() }}{% endmacro %}\n" \
        "{% call m() %}x{% end call %}\n"
    closing.write_text(text, encoding="utf-8")
    line = text.count("\n")
    checked = run_drafter("template", "check", str(template_copy))
    rendered = run_drafter("render", str(write(tmp_path, VALID_REPORT)), "--template", str(template_copy),
                           "-o", str(tmp_path / "报告.docx"))
    for result in (checked, rendered):
        assert result.code == 2, result.output
        assert f"{closing}:{line}: 模板语法错误：不认识的标签“{{% end %}}”" in result.output
        assert "{% endcall %}" in result.output
        assert "Encountered" not in result.output and "Jinja was looking" not in result.output
    assert not (tmp_path / "报告.docx").exists()


def test_template_init_from_a_missing_word_file_says_it_does_not_exist(tmp_path: Path) -> None:
    result = run_drafter("template", "init", str(tmp_path / "X"), "--from-docx", str(tmp_path / "不存在.docx"))
    assert result.code == 2, result.output
    assert "不存在.docx: 找不到Word 模板文件" in result.output
    assert "PackageNotFound" not in result.output and not (tmp_path / "X").exists()


def test_template_init_from_a_file_that_is_no_docx_names_no_exception(tmp_path: Path) -> None:
    fake = write(tmp_path, "这不是 Word 文件", "红头.docx")
    result = run_drafter("template", "init", str(tmp_path / "X"), "--from-docx", str(fake))
    assert result.code == 1, result.output
    assert "无法读取 Word 模板：不是有效的 Office 文档" in result.output
    assert "Error" not in result.output and not (tmp_path / "X").exists()


def test_a_sandbox_refusal_and_a_type_error_are_told_in_chinese(tmp_path: Path, template_copy: Path) -> None:
    closing = template_copy / "text" / "closing.j2"
    original = closing.read_text(encoding="utf-8")
    for code, expected in (("{{ ''.__class__ }}", "模板做了不允许的操作：访问“__class__”"),
                           ("{{ 'x' + 1 }}", "模板运行出错：类型不对")):
        closing.write_text(original + code + "\n", encoding="utf-8")
        result = run_drafter("template", "check", str(template_copy))
        assert result.code == 2 and expected in result.output, result.output
        assert "unsafe" not in result.output and "concatenate" not in result.output


def test_import_of_a_word_file_with_broken_xml_names_no_parser_english(tmp_path: Path) -> None:
    import zipfile

    import docx

    good = tmp_path / "好.docx"
    document = docx.Document()
    document.add_paragraph("灵丘县人民政府2025年法治政府建设年度报告")
    document.save(str(good))
    broken = tmp_path / "坏.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data.replace(b"</w:body>", b"") if info.filename == "word/document.xml" else data)
    result = run_drafter("import", str(broken), "-o", str(tmp_path / "坏.yaml"))
    assert result.code == 2, result.output
    assert "这个 Word 文件无法读取（内部的 XML 格式错误）" in result.output
    assert "mismatch" not in result.output and "line " not in result.output


def test_a_gbk_template_file_is_read_without_advising_drafter_edit(template_copy: Path) -> None:
    """drafter edit saves report files, not a template's: the encoding warning must not send the clerk there."""
    structure = template_copy / "structure.yaml"
    structure.write_bytes(structure.read_text(encoding="utf-8").encode("gb18030"))
    result = run_drafter("template", "check", str(template_copy))
    assert result.code == 0, result.output
    assert "GBK" in result.output and "drafter edit" not in result.output
