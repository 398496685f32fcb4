"""The block document between the text templates and the .docx writer.

The Jinja templates produce these blocks (through the small line markup of
``markup.py``); ``docx.py`` lays them out on the page. The layout code never
parses prose and the templates never touch XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RedHeader:
    """版头: the issuing body's mark in red, e.g. 中共岚县县委文件."""

    text: str


@dataclass(frozen=True)
class DocNumber:
    """发文字号, with the 签发人 names when the report is sent upward (上行文)."""

    number: str
    signers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Title:
    """标题: one or more lines, 2号 小标宋, centred."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Recipients:
    """主送机关, flush left, ending with a full-width colon."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A heading of level 1 (一、), 2 (（一）), 3 (1.) or 4 (（1））."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph, first line indented two characters."""

    text: str


@dataclass(frozen=True)
class Signature:
    """署名 and 成文日期 without a seal (GB/T 9704 7.3.5.2)."""

    issuer: str
    date: str


@dataclass(frozen=True)
class Note:
    """附注, printed in parentheses two characters in."""

    text: str


@dataclass(frozen=True)
class Imprint:
    """版记: 抄送, 印发机关 and 印发日期 at the foot of the last page."""

    copy_to: tuple[str, ...] = ()
    printer: str = ""
    print_date: str = ""


@dataclass(frozen=True)
class Table:
    """A table in the text: an optional caption (表题) above it; the first row is the header."""

    caption: str
    rows: tuple[tuple[str, ...], ...] = ()


Block = RedHeader | DocNumber | Title | Recipients | Heading | Paragraph | Signature | Note | Imprint | Table


@dataclass
class Document:
    """A whole official document as a list of blocks, with its title for the file properties."""

    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    author: str = ""
