"""Turn the text the templates produce into blocks.

The line markup, one block a line (blank lines are ignored):

    # 一、标题 … #### （1）标题     headings of level 1 to 4
    @版头 中共岚县县委文件          red header
    @发文字号 岚报〔2024〕1号       document number;  @签发人 张新春  its signer(s)
    @标题 …                         a title line (several lines make one title)
    @主送 …                         recipients
    @署名 …  /  @日期 …             signature and date of writing
    @附注 …                         note, printed in parentheses
    @抄送 …  /  @印发机关 …  /  @印发日期 …   the imprint (版记)
    @表题 …                         the caption of the table that follows
    | 项目 | 件数 |                  a table row, cells between bars; the rows in a row make one
                                    table, the first of them its header
    any other line                  a body paragraph

A paragraph that still holds a missing figure outside a ``sentence`` block is
dropped whole. User text that starts with ``#`` or ``@`` was marked literal by
the templates' ``finalize`` and stays a paragraph.
"""

from __future__ import annotations

import re

from ..errors import StructureError
from ..plaintext import split_lines
from .blocks import (
    Block,
    DocNumber,
    Heading,
    Imprint,
    Note,
    Paragraph,
    Recipients,
    RedHeader,
    Signature,
    Table,
    Title,
)
from .context import LITERAL
from .prose import tidy
from .text import has_missing, strip_markers

_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_DIRECTIVE = re.compile(r"^@(\S+)\s*(.*)$")
DIRECTIVES = ("版头", "发文字号", "签发人", "标题", "主送", "署名", "日期", "附注", "抄送", "印发机关", "印发日期",
              "表题")
TABLE_ROW = "|"


def _cells(line: str) -> tuple[str, ...]:
    """Return the cells of a table row ``| a | b |`` (the outer bars are optional at the end)."""
    inner = line[1:-1] if line.endswith(TABLE_ROW) and len(line) > 1 else line[1:]
    return tuple(cell.strip() for cell in inner.split(TABLE_ROW))


def parse_blocks(text: str) -> list[Block]:
    """Return the blocks of the rendered report text, in order."""
    blocks: list[Block] = []
    number: dict[str, str] = {}
    title_lines: list[str] = []
    imprint: dict[str, str] = {}
    signer = ""
    table: list[tuple[str, ...]] = []
    caption: list[str] = []

    def flush_table() -> None:
        if table or caption:
            blocks.append(Table(caption[0] if caption else "", tuple(table)))
            table.clear()
            caption.clear()

    def flush(keep: str = "") -> None:
        if keep not in ("表题", TABLE_ROW):
            flush_table()
        if keep != "标题" and title_lines:
            blocks.append(Title(tuple(title_lines)))
            title_lines.clear()
        if keep not in ("发文字号", "签发人") and number:
            blocks.append(DocNumber(number.pop("发文字号", ""), tuple(number.pop("签发人", "").split())))

    for raw in split_lines(text):
        line = raw.strip()
        if not line or has_missing(line):
            continue
        literal = line.startswith(LITERAL)
        line = strip_markers(line)
        if not literal and line.startswith(TABLE_ROW):
            flush(keep=TABLE_ROW)
            table.append(_cells(line))
            continue
        heading = None if literal else _HEADING.match(line)
        directive = None if literal else _DIRECTIVE.match(line)
        if heading:
            flush()
            blocks.append(Heading(len(heading.group(1)), tidy(heading.group(2).strip())))
            continue
        if not directive:
            flush()
            blocks.append(Paragraph(tidy(line)))
            continue
        name, value = directive.group(1), directive.group(2).strip()
        if name not in DIRECTIVES:
            raise StructureError(f"模板输出中有不认识的指令“@{name}”，可用的有："
                                 + "、".join("@" + d for d in DIRECTIVES))
        flush(keep=name)
        if not value and name != "日期":  # a signature without a date still closes the text
            continue
        if name == "表题":
            flush_table()
            caption.append(value)
        elif name == "标题":
            title_lines.append(value)
        elif name in ("发文字号", "签发人"):
            number[name] = value
        elif name == "版头":
            blocks.append(RedHeader(value))
        elif name == "主送":
            blocks.append(Recipients(value))
        elif name == "署名":
            signer = value
        elif name == "日期":
            if signer or value:
                blocks.append(Signature(signer, value))
            signer = ""
        elif name == "附注":
            blocks.append(Note(value))
        else:
            imprint[name] = value
    flush()
    if signer:
        blocks.append(Signature(signer, ""))
    if imprint:
        copy_to = tuple(n for n in re.split(r"[、，,]", imprint.get("抄送", "")) if n)
        blocks.append(Imprint(copy_to=copy_to, printer=imprint.get("印发机关", ""),
                              print_date=imprint.get("印发日期", "")))
    return blocks

