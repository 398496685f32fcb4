"""Any Unicode text in any text field: check and render agree, the text reaches the .docx verbatim,
and it never changes the document's structure (issue 11, point 10).

Rendered in process with one loaded template set, so each example costs a fraction of a second.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import yaml
from helpers import VALID_REPORT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.errors import DrafterError
from drafter.plaintext import clean
from drafter.problems import errors
from drafter.render.blocks import Paragraph
from drafter.render.docx import write_docx
from drafter.render.pipeline import build_document
from drafter.report import open_report
from drafter.templateset import find_template_set

TEMPLATE_SET = find_template_set("default")
BASE = yaml.safe_load(VALID_REPORT)

# Every kind of text field a report has: meta text and list fields, the opening, a section's
# heading and intro, and the items of a section and of a part.
FIELDS: list[tuple[str, ...]] = [
    ("meta", "issuer"), ("meta", "note"), ("meta", "red_header"), ("meta", "printer"),
    ("meta", "recipients", 0), ("opening", "theme"), ("opening", "summary"),
    ("measures", "disputes", "heading"), ("measures", "disputes", "intro"),
    ("measures", "leadership", "items", 0), ("problems", "items", 0),
]

# Arbitrary text, with the characters of issue 11 (markers, separators, escapes, markup) mixed in.
SPECIAL = ["\ue000", "\ue001", "\ue002", "\ue003", "\ufdd0", "\ufdd1", "\ufdd3", "\r", "\r\n", "\v", "\f",
           "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x00", "\x01", "\x07", "\x1b", "\x7f",
           "\ud800", "\udfff", "\ufffe", "\uffff", "\U0010ffff", "\u200b", "\ufeff", "\t", "\n", "# ",
           "## ", "@版头 ", "@标题 ", "@署名 ", "@日期 ", "@附注 ", "@抄送 ", "@未知 ", "{{ 1/0 }}", "{%",
           "：", "、", "，", "。", "其中", "一是", " ", "\u3000"]
SEPARATORS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
MARKUP = ["# ", "## ", "#### ", "@版头 ", "@标题 ", "@主送 ", "@署名 ", "@日期 ", "@附注 ", "@印发机关 ", " \u3000# "]
LINE_OF_MARKUP = st.tuples(st.sampled_from(SEPARATORS), st.sampled_from(MARKUP), st.text(max_size=3)).map("".join)
TEXT = st.lists(st.text(max_size=6) | st.sampled_from(SPECIAL) | LINE_OF_MARKUP, min_size=1, max_size=8).map("".join)


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = data
    for step, following in zip(path, path[1:], strict=False):
        if isinstance(node, dict) and step not in node:
            node[step] = [] if isinstance(following, int) else {}
        node = node[step]
    last = path[-1]
    if isinstance(node, list):
        node[last:last + 1] = [value]
    else:
        node[last] = value


def _report(tmp_path: Path, field: tuple[str | int, ...], value: str, name: str) -> Path:
    data = yaml.safe_load(VALID_REPORT)
    _set(data, field, value)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _render(path: Path) -> tuple[list[Any] | None, str, list]:
    """Return (blocks, document text, problems) as render makes them; blocks are None when refused."""
    opened = open_report(path, template=TEMPLATE_SET)
    if errors(opened.problems):
        return None, "", opened.problems
    document = build_document(opened)
    content = write_docx(document, TEMPLATE_SET.layout)
    reopened = docx.Document(io.BytesIO(content))
    lines = [p.text for p in reopened.paragraphs]
    lines += [p.text for table in reopened.tables for row in table.rows for cell in row.cells
              for p in cell.paragraphs]  # the imprint (版记) is a table
    return document.blocks, "\n".join(lines), opened.problems


REFERENCES: dict[tuple[tuple[str | int, ...], str], list[Any] | None] = {}  # the plain-text render per field


def _shape(blocks: list[Any]) -> list[str]:
    """The document's structure: every block but body paragraphs, headings with their level."""
    return [f"{type(b).__name__}{getattr(b, 'level', '')}" for b in blocks if not isinstance(b, Paragraph)]


@settings(max_examples=50, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=TEXT)
def test_any_text_in_any_field_renders_verbatim_without_changing_the_structure(tmp_path, field, value):
    kept, _removed = clean(value)
    plain = "文字" if kept.strip() else value  # a text that is blank once cleaned stays blank in both
    try:
        blocks, text, problems = _render(_report(tmp_path, field, value, "任意.yaml"))
    except DrafterError as exc:  # refused by render: check must refuse it too, in Chinese
        raise AssertionError(f"render refused what check accepted: {exc}") from None
    if (field, plain) not in REFERENCES:
        REFERENCES[field, plain] = _render(_report(tmp_path, field, plain, "对照.yaml"))[0]
    reference = REFERENCES[field, plain]
    if reference is None:  # blank where a value is required: refused like the blank plain text
        assert blocks is None, value
        return
    if blocks is None:
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in p.message) for p in errors(problems))
        return
    for token in kept.split():
        assert token in text, f"{token!r} of {value!r} missing from the .docx"
    assert _shape(blocks) == _shape(reference), value
