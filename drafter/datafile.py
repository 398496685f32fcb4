"""The report YAML file: read it with lines, write it back with Chinese comments, atomically.

Layout of a report file (metadata first, then the statutory parts in order)::

    drafter: 1
    template: default
    meta:        {issuer: …, year: …}            文档信息
    opening:     {guiding_thought: …}            开头
    measures:                                    一、主要举措和成效
      disputes: {heading: …, figures: {…}, items: [...]}
    problems:    {heading: …, intro: …, items: [...]}
    …

Every value written by drafter is followed by a comment with its Chinese label
and unit, so a clerk can find and change a figure in any text editor.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from . import plaintext
from .atomic import atomic_write
from .errors import OutputError, UnreadableFileError
from .structure import Field, Section, Structure
from .values import Number, is_empty
from .yamlsource import MAX_BYTES, LoadedYaml, load_yaml, parse_yaml

FORMAT_VERSION = 1
BLOCK_KEYS = {"heading": "标题", "intro": "引言", "figures": "数字", "items": "工作内容（每条一段）",
              "from_units": "各单位报来的内容，供挑选后移入 items（不会写进报告）"}
TOP_KEYS = {"drafter": "文件格式版本", "template": "所用模板", "previous": "上年度数据文件",
            "meta": "文档信息", "opening": "开头",
            "progress": "问卷进度：drafter new 自动记录，问卷填完后自动删除，不必修改",
            "unplaced": "drafter import 未能归入小节的段落：请移到合适小节的 items 下，或删除"}
COMMENT_COLUMN = 44
_WORKBOOK_HINT = ("一个 Excel 工作簿；单位交回的收集表请先用 drafter import 文件.xlsx -o 文件.yaml 转成数据文件"
                  "（drafter merge 和 drafter status 可以直接读收集表）")
_OTHER_FORMATS = {".xlsx": _WORKBOOK_HINT, ".xlsm": _WORKBOOK_HINT, ".xls": _WORKBOOK_HINT, ".et": _WORKBOOK_HINT,
                  ".docx": "一个 Word 文档；上年的报告请先用 drafter import 文件.docx -o 文件.yaml 转成数据文件"}


def load_report_file(path: Path) -> LoadedYaml:
    """Read a report file; refuse an empty file or one that is not a mapping."""
    hint = _OTHER_FORMATS.get(path.suffix.lower())
    if hint:
        raise UnreadableFileError(f"这不是报告数据文件（.yaml），而是{hint}", file=path)
    loaded = load_yaml(path, what="报告数据文件")
    if loaded.data is None:
        raise UnreadableFileError("文件是空的，里面没有报告数据；可以用 drafter new 生成",
                                  file=path, line=1)
    if not isinstance(loaded.data, dict):
        shape = "列表" if isinstance(loaded.data, list) else "一段文字"
        raise UnreadableFileError(
            f"文件内容是{shape}，而报告数据文件应由“字段: 值”组成（如 meta:、measures:）",
            file=path, line=loaded.line_of(()))
    return loaded


def to_yaml_value(value: Any) -> Any:
    """Return a parsed value in the form it is written into the file."""
    if isinstance(value, Number):
        return value.to_yaml()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        # What the reader would remove or split (a typed U+2028, a pasted \x01) never reaches the file.
        return plaintext.clean(value)[0]
    return value


def _as_block(value: Any) -> bool:
    """Return whether a text is written as a literal block (|-): several lines, the first with
    content not starting with a space (a block would read that as indentation); else quoted."""
    if not isinstance(value, str) or "\n" not in value:
        return False
    if "\t" in value:
        return False  # quoted, a tab is escaped as \t: the reader takes any raw tab for a space
    lines = value.split("\n")
    for line in lines:
        if line[:1].isspace():
            return False
        if line:
            return True
    return False


def dump_report(structure: Structure, data: dict[str, Any]) -> str:
    """Return the YAML text of ``data`` laid out along ``structure``, with Chinese comments."""
    return dump_and_read(structure, data)[0]


def dump_and_read(structure: Structure, data: dict[str, Any], path: Path = Path("<report>")
                  ) -> tuple[str, LoadedYaml]:
    """Return the YAML text of ``data`` (as ``dump_report``) and that text as the reader reads it
    back, its problems naming ``path``: reading it back proves it reads as ``data``."""
    writer = _Writer()
    meta = data.get("meta") or {}
    meta = meta if isinstance(meta, dict) else {}
    pattern = structure.report.title
    # before the year (or issuer) is answered, "灵丘县人民政府年法治…" would read as a typo
    title = structure.report.fill(pattern, meta) if structure.report.can_fill(pattern, meta) else structure.name
    writer.comment(f"drafter 报告数据文件 · {' '.join(to_yaml_value(title).split())}")
    writer.comment("可以用记事本等文本编辑器修改；“#”后面是中文名称和单位，由 drafter 自动维护。")
    writer.comment("没有的数字留空即可，不要填 0。改完后运行：drafter check 本文件  检查，"
                   "drafter render 本文件  生成 Word 文档。")
    writer.scalar(0, "drafter", data.get("drafter", FORMAT_VERSION), TOP_KEYS["drafter"])
    writer.scalar(0, "template", data.get("template") or "default", TOP_KEYS["template"])
    if not is_empty(data.get("previous")):
        writer.scalar(0, "previous", data["previous"], TOP_KEYS["previous"])
    for group in (structure.meta, structure.opening):
        values = data.get(group.key) or {}
        writer.open(0, group.key, group.title)
        for spec in group.fields:
            writer.value(2, spec, values.get(spec.key))
        writer.extras(2, values, {f.key for f in group.fields})
    for number, part in enumerate(structure.parts, start=1):
        part_data = data.get(part.key) or {}
        if part.optional and _is_blank(part_data):
            continue
        writer.open(0, part.key, f"第{number}部分 {part.heading}")
        if part.has_sections:
            for index, section in enumerate(part.sections, start=1):
                writer.open(2, section.key, f"（{index}）{section.heading}")
                _write_block(writer, 4, section, part_data.get(section.key) or {})
            writer.extras(2, part_data, {s.key for s in part.sections} | set(BLOCK_KEYS))
        _write_block(writer, 2, part, part_data, sections_done=part.has_sections)
    writer.extras(0, data, set(TOP_KEYS) | {p.key for p in structure.parts})
    if not is_empty(data.get("unplaced")):
        writer.items(0, data["unplaced"], key="unplaced", comment=TOP_KEYS["unplaced"])
    if not is_empty(data.get("progress")) and data.get("progress") != {}:
        writer.raw(0, "progress", data["progress"], TOP_KEYS["progress"])
    text = writer.text()
    return text, _verify_round_trip(text, {"drafter": FORMAT_VERSION, "template": "default", **data}, path)


def save_report(path: Path, structure: Structure, data: dict[str, Any]) -> bytes:
    """Write ``data`` to ``path`` atomically, laid out and commented along ``structure``; return the bytes."""
    return write_report_text(path, dump_report(structure, data))


def write_report_text(path: Path, text: str) -> bytes:
    """Write the report text ``text`` (from ``dump_report``) to ``path`` atomically; return the bytes."""
    content = text.encode("utf-8")
    if len(content) > MAX_BYTES:  # drafter would refuse to read it back
        raise OutputError(f"报告数据太多（{len(content) / 1_000_000:.1f} MB），超过 drafter 能读取的 "
                          f"{MAX_BYTES // 1_000_000} MB，没有写入；请分批处理（如分批汇总）", file=path)
    atomic_write(path, content, what="报告数据文件")
    return content


def _write_block(writer: _Writer, indent: int, block: Section, values: dict[str, Any],
                 sections_done: bool = False) -> None:
    for key in ("heading", "intro"):
        if not is_empty(values.get(key)):
            writer.scalar(indent, key, values[key], BLOCK_KEYS[key])
    figures = values.get("figures") or {}
    if block.figures:
        writer.open(indent, "figures", BLOCK_KEYS["figures"])
        for spec in block.figures:
            writer.value(indent + 2, spec, figures.get(spec.key))
        writer.extras(indent + 2, figures, {f.key for f in block.figures})
    elif figures:
        writer.raw(indent, "figures", figures, "drafter 不认识这些数字")
    items = values.get("items")
    if not sections_done or not is_empty(items):
        writer.items(indent, items)
    if values.get("from_units"):
        writer.raw(indent, "from_units", values["from_units"], BLOCK_KEYS["from_units"])
    if not sections_done:
        writer.extras(indent, values, set(BLOCK_KEYS))


def _is_blank(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_is_blank(v) for v in value.values())
    return is_empty(value)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _dump(value: Any, **options: Any) -> str:
    """Return ``value`` as YAML text, unwrapped, characters as they are."""
    from . import yamlwrite  # writing only: check and render never load it

    return yamlwrite.dump(value, allow_unicode=True, width=10**9, **options)


def _flow(value: Any) -> str:
    """Return a one-line YAML representation of a scalar."""
    if value is None:
        return ""
    dumped = _dump(value, default_flow_style=True)
    dumped = dumped.removesuffix("\n...\n").rstrip("\n")
    if "\n" in dumped:
        # PyYAML folds text with line breaks over several lines, whose indentation would be
        # wrong inside the report's layout: write it double-quoted, breaks escaped, on one line.
        dumped = _dump(value, default_style='"').rstrip("\n")
    return dumped


class _Writer:
    """Collect lines of YAML with aligned trailing comments."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def comment(self, text: str) -> None:
        self.lines.append(f"# {' '.join(to_yaml_value(text).split())}")

    def _with_comment(self, line: str, comment: str) -> None:
        pad = max(2, COMMENT_COLUMN - _display_width(line))
        self.lines.append(f"{line}{' ' * pad}# {comment}" if comment else line)

    def open(self, indent: int, key: str, comment: str) -> None:
        self._with_comment(f"{' ' * indent}{key}:", comment)

    def scalar(self, indent: int, key: str, value: Any, comment: str) -> None:
        value = to_yaml_value(value)
        if _as_block(value):
            self._with_comment(f"{' ' * indent}{key}: |-", comment)
            self.lines.extend(f"{' ' * (indent + 2)}{line}" if line else ""
                              for line in value.split("\n"))
            return
        if isinstance(value, (list, dict)):
            self.raw(indent, key, value, comment)
            return
        rendered = _flow(value)
        self._with_comment(f"{' ' * indent}{key}:{' ' + rendered if rendered else ''}", comment)

    def value(self, indent: int, spec: Field, value: Any) -> None:
        comment = spec.display
        if spec.kind == "list":
            entries = value if isinstance(value, list) else ([] if is_empty(value) else [value])
            self.open(indent, spec.key, comment)
            for entry in entries:
                self.lines.append(f"{' ' * (indent + 2)}- {_flow(to_yaml_value(entry))}")
            return
        self.scalar(indent, spec.key, value, comment)

    def items(self, indent: int, items: Any, key: str = "items", comment: str = BLOCK_KEYS["items"]) -> None:
        entries = items if isinstance(items, list) else ([] if is_empty(items) else [items])
        self.open(indent, key, comment)
        for entry in entries:
            entry = to_yaml_value(entry)
            if isinstance(entry, str) and not entry.strip(" \n"):
                continue  # blank (or nothing but removed characters): not an item
            if _as_block(entry):
                self.lines.append(f"{' ' * (indent + 2)}- |-")
                self.lines.extend(f"{' ' * (indent + 4)}{line}" if line else ""
                                  for line in entry.split("\n"))
            elif isinstance(entry, (list, dict)):
                dumped = _dump([entry], sort_keys=False)
                self.lines.extend(f"{' ' * (indent + 2)}{line}" for line in dumped.splitlines())
            else:
                self.lines.append(f"{' ' * (indent + 2)}- {_flow(entry)}")

    def raw(self, indent: int, key: str, value: Any, comment: str) -> None:
        dumped = _dump({key: value}, sort_keys=False)
        first, *rest = dumped.splitlines()
        if rest and not isinstance(value, (list, dict)):
            # a text over several lines: a comment after its first line would be inside the quotes
            self.lines.append(f"{' ' * indent}# {comment}")
            comment = ""
        self._with_comment(f"{' ' * indent}{first}", comment)
        self.lines.extend(f"{' ' * indent}{line}" for line in rest)

    def extras(self, indent: int, values: Any, known: set[str]) -> None:
        if not isinstance(values, dict):
            return
        for key, value in values.items():
            if key not in known:
                self.raw(indent, key, to_yaml_value(value) if not isinstance(value, (list, dict))
                         else value, "drafter 不认识这个字段，原样保留")


def _verify_round_trip(text: str, data: dict[str, Any], path: Path) -> LoadedYaml:
    """Refuse to write text that drafter's own reader would refuse, or read as other data; return it read."""
    try:
        reread = parse_yaml(text, path)
    except UnreadableFileError as exc:
        raise AssertionError(f"report YAML writer produced text its reader refuses: {exc}") from None
    # private-use characters (造字) are kept, with a warning for the clerk: not a writer's fault
    problems = [p for p in reread.problems if not plaintext.is_private_use_notice(p.message)]
    if problems or _normalized(reread.data) != _normalized(data):
        raise AssertionError("report YAML writer produced text that does not read back")
    return reread


def _normalized(value: Any) -> Any:
    if isinstance(value, dict):
        kept = {str(k): _normalized(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if not _blank_normalized(v)}
    if isinstance(value, list):
        return [n for n in map(_normalized, value) if not _blank_normalized(n)]
    if isinstance(value, str):
        return to_yaml_value(value).strip() or None
    return to_yaml_value(value)


def _blank_normalized(value: Any) -> bool:
    return value is None or value == [] or value == {}
