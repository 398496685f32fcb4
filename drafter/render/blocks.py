"""The block document between the text templates and the .docx writer.

The Jinja templates produce these blocks (through the small line markup of
``markup.py``); ``docx.py`` lays them out on the page. The layout code never
parses prose and the templates never touch XML.
"""

from __future__ import annotations

import msgspec


class RedHeader(msgspec.Struct, frozen=True):
    """版头: the issuing body's mark in red, e.g. 中共岚县县委文件."""

    text: str


class DocNumber(msgspec.Struct, frozen=True):
    """发文字号, with the 签发人 names when the report is sent upward (上行文)."""

    number: str
    signers: tuple[str, ...] = ()


class Title(msgspec.Struct, frozen=True):
    """标题: one or more lines, 2号 小标宋, centred."""

    lines: tuple[str, ...]


class Recipients(msgspec.Struct, frozen=True):
    """主送机关, flush left, ending with a full-width colon."""

    text: str


class Heading(msgspec.Struct, frozen=True):
    """A heading of level 1 (一、), 2 (（一）), 3 (1.) or 4 (（1））."""

    level: int
    text: str


class Paragraph(msgspec.Struct, frozen=True):
    """A body paragraph, first line indented two characters."""

    text: str


class Signature(msgspec.Struct, frozen=True):
    """署名 and 成文日期 without a seal (GB/T 9704 7.3.5.2)."""

    issuer: str
    date: str


class Note(msgspec.Struct, frozen=True):
    """附注, printed in parentheses two characters in."""

    text: str


class Imprint(msgspec.Struct, frozen=True):
    """版记: 抄送, 印发机关 and 印发日期 at the foot of the last page."""

    copy_to: tuple[str, ...] = ()
    printer: str = ""
    print_date: str = ""


class Table(msgspec.Struct, frozen=True):
    """A table in the text: an optional caption (表题) above it; the first row is the header."""

    caption: str
    rows: tuple[tuple[str, ...], ...] = ()


Block = RedHeader | DocNumber | Title | Recipients | Heading | Paragraph | Signature | Note | Imprint | Table


class Document(msgspec.Struct):
    """A whole official document as a list of blocks, with its title for the file properties."""

    blocks: list[Block] = msgspec.field(default_factory=list)
    title: str = ""
    author: str = ""
