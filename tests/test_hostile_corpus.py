"""A corpus of hostile inputs, each run through the real ``drafter`` command.

Every case holds whatever the input: no exit 70, no traceback, a Chinese message that
names the file (and the line where there is one), the expected exit code (non-zero when
the input is refused), no temporary file left behind, and every file that existed
before the run byte-for-byte unchanged unless the case names it as the command's output.

To add a case, append a ``Case`` to ``CASES`` (or to a list gathered into it): the files
to write into a fresh folder, the command line (run inside that folder, so messages name
the files as given), and what the clerk must see. ``prepare`` makes what plain files
cannot: FIFOs, links, a document rendered earlier.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

import pytest

from tests.helpers import DATA, DEFAULT_TEMPLATE, VALID_REPORT, line_no, run_drafter, variant

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Case:
    """One hostile input and what ``drafter`` must do with it."""

    id: str
    args: tuple[str, ...]
    files: dict[str, str | bytes] = field(default_factory=dict)
    code: int = 2
    says: tuple[str, ...] = ()       # fragments the output must contain
    names: str | None = None         # the file the message must name, as given on the command line
    line: int | None = None          # with ``names``: the message names ``names:line``
    output: tuple[str, ...] = ()     # glob patterns of files the command may create or replace
    prepare: Callable[[Path], None] | None = None
    needs: str = ""                  # "posix": skipped where the platform lacks FIFOs and the like


def copy_default_set(folder: Path) -> None:
    """Put an editable copy of the default template set at ``folder/tpl``."""
    shutil.copytree(DEFAULT_TEMPLATE, folder / "tpl")


def make_fifo(name: str) -> Callable[[Path], None]:
    """Return a ``prepare`` that makes a FIFO called ``name`` (nobody ever writes to it)."""
    def prepare(folder: Path) -> None:
        os.mkfifo(folder / name)
    return prepare


def symlink(name: str, target: str) -> Callable[[Path], None]:
    """Return a ``prepare`` that makes ``name`` a symbolic link to ``target``."""
    def prepare(folder: Path) -> None:
        os.symlink(target, folder / name)
    return prepare


VALID = VALID_REPORT
BAD_FIGURE = variant("collective_law_study: 12", "collective_law_study: 十二")
UNIT_B = variant("issuer: 灵丘县人民政府", "issuer: 灵丘县司法局")

# Reading: files that are missing, not files, not text, not YAML, or bombs.
READING = [
    Case("missing file", ("check", "nope.yaml"), says=("找不到",), names="nope.yaml"),
    Case("a folder as the data file", ("check", "folder"), says=("文件夹",), names="folder",
         prepare=lambda f: (f / "folder").mkdir()),
    Case("binary garbage", ("check", "r.yaml"), files={"r.yaml": bytes(range(256)) * 4},
         names="r.yaml"),
    Case("UTF-8 BOM then GBK", ("check", "r.yaml"),
         files={"r.yaml": b"\xef\xbb\xbfmeta:\n  issuer: " + "灵丘县".encode("gbk") + b"\n"},
         says=("UTF-8",), names="r.yaml", line=2),
    Case("billion laughs", ("check", "bomb.yaml"),
         files={"bomb.yaml": (DATA / "billion_laughs.yaml").read_bytes()},
         says=("锚点",), names="bomb.yaml", line=3),
    Case("a list, not a report", ("check", "r.yaml"), files={"r.yaml": "- 1\n- 2\n"},
         says=("列表",), names="r.yaml", line=1),
    Case("an empty file", ("check", "r.yaml"), files={"r.yaml": ""}, says=("空",), names="r.yaml"),
    Case("unclosed quote", ("check", "r.yaml"),
         files={"r.yaml": variant("  issuer: 灵丘县人民政府", '  issuer: "灵丘县人民政府')},
         says=("引号",), names="r.yaml", line=4),
    Case("a figure in words", ("check", "r.yaml"), files={"r.yaml": BAD_FIGURE}, code=1,
         names="r.yaml", line=line_no(BAD_FIGURE, "十二")),
    Case("old Mac line ends (CR alone)", ("check", "r.yaml"), files={"r.yaml": BAD_FIGURE.replace("\n", "\r")},
         code=1, names="r.yaml", line=line_no(BAD_FIGURE, "十二")),
    Case("a full-width space after a colon", ("check", "r.yaml"),
         files={"r.yaml": variant("  issuer: 灵丘县人民政府", "  issuer:\u3000灵丘县人民政府")},
         says=("冒号后面是全角空格",), names="r.yaml", line=line_no(VALID, "issuer")),
    Case("a YAML list left open", ("check", "r.yaml"), files={"r.yaml": VALID + "extra: [\n"},
         says=("没有写完",), names="r.yaml"),
    Case("an item that starts with #", ("render", "r.yaml", "-o", "out.docx"),
         files={"r.yaml": variant("      - 县委常委会专题听取法治建设工作汇报。", "      - #县委常委会专题听取法治建设工作汇报。")},
         code=1, says=("注释",), names="r.yaml", line=line_no(VALID, "县委常委会专题听取法治建设工作汇报")),
    Case("CR alone, a wide-space indent", ("check", "r.yaml"),
         files={"r.yaml": variant("  year: 2025", "\u3000\u3000year: 2025").replace("\n", "\r")},
         says=("全角空格",), names="r.yaml", line=line_no(VALID, "year: 2025")),
]

# Special files: refused before a byte is read, never waited on.
SPECIAL = [
    Case("a FIFO as the data file", ("check", "ff"), says=("不是一个普通文件",), names="ff",
         prepare=make_fifo("ff"), needs="posix"),
    Case("/dev/zero as the data file", ("check", "/dev/zero"), says=("不是一个普通文件",),
         names="/dev/zero", needs="posix"),
    Case("/dev/zero as last year's file", ("render", "r.yaml", "-o", "out.docx"),
         files={"r.yaml": "previous: /dev/zero\n" + VALID}, code=1, says=("不是一个普通文件",),
         names="r.yaml", line=1, needs="posix"),
    Case("a FIFO to import", ("import", "old.txt", "-o", "r.yaml"), says=("不是一个普通文件",), names="old.txt",
         prepare=make_fifo("old.txt"), needs="posix"),
    Case("a link to itself as the data file", ("check", "loop.yaml"), names="loop.yaml",
         prepare=symlink("loop.yaml", "loop.yaml"), needs="posix"),
    Case("a data file name too long to exist", ("check", "长" * 90 + ".yaml"), names="长" * 90 + ".yaml"),
    Case("a name too long among several files", ("check", "r.yaml", "长" * 90 + ".yaml"),
         files={"r.yaml": VALID}, names="长" * 90 + ".yaml"),
    Case("a FIFO as last year's file", ("render", "r.yaml", "--previous", "ff", "-o", "out.docx"),
         files={"r.yaml": VALID}, code=1, says=("不是一个普通文件",), names="ff",
         prepare=make_fifo("ff"), needs="posix"),
]

# Outputs: a command never replaces a file the clerk did not name as its output.
OUTPUTS = [
    Case("render into a missing folder", ("render", "r.yaml", "-o", "nofolder/x.docx"),
         files={"r.yaml": VALID}, code=3, says=("不存在",), names="nofolder/x.docx"),
    Case("render with errors writes nothing", ("render", "r.yaml", "-o", "out.docx"),
         files={"r.yaml": BAD_FIGURE}, code=1, names="r.yaml", line=line_no(BAD_FIGURE, "十二")),
    Case("render onto its own data file", ("render", "r.yaml", "-o", "r.yaml"),
         files={"r.yaml": VALID}, says=("不能写到本命令读取的文件",), names="r.yaml"),
    Case("render onto a link to its data file", ("render", "r.yaml", "-o", "link.docx"),
         files={"r.yaml": VALID}, says=("不能写到本命令读取的文件",), names="link.docx",
         prepare=symlink("link.docx", "r.yaml"), needs="posix"),
    Case("render onto a hard link to its data file", ("render", "r.yaml", "-o", "hard.docx"),
         files={"r.yaml": VALID}, says=("不能写到本命令读取的文件",), names="hard.docx",
         prepare=lambda f: os.link(f / "r.yaml", f / "hard.docx"), needs="posix"),
    Case("render onto last year's file", ("render", "r.yaml", "--previous", "last.yaml", "-o", "last.yaml"),
         files={"r.yaml": VALID, "last.yaml": VALID.replace("year: 2025", "year: 2024")},
         says=("不能写到本命令读取的文件",), names="last.yaml"),
    Case("render onto a file of the template set", ("render", "r.yaml", "--template", "tpl", "-o",
                                                    "tpl/layout.yaml"),
         files={"r.yaml": VALID}, says=("模板文件夹",), names="tpl/layout.yaml", prepare=copy_default_set),
    Case("render -o names a PDF", ("render", "r.yaml", "--pdf", "-o", "x.pdf"),
         files={"r.yaml": VALID, "x.pdf": b"%PDF-1.4 old"}, says=("--pdf", ".docx"), names="x.pdf"),
    Case("render onto a FIFO", ("render", "r.yaml", "-o", "ff"), files={"r.yaml": VALID},
         says=("不是普通文件",), names="ff", prepare=make_fifo("ff"), needs="posix"),
    Case("render onto /dev/null", ("render", "r.yaml", "-o", "/dev/null"), files={"r.yaml": VALID},
         says=("不是普通文件",), names="/dev/null", needs="posix"),
    Case("render into a folder", ("render", "r.yaml", "-o", "folder"), files={"r.yaml": VALID}, code=0,
         says=("已生成 Word 文档：folder/灵丘县人民政府2025年法治政府建设年度报告.docx",),
         output=("folder/*.docx",), prepare=lambda f: (f / "folder").mkdir()),
    Case("render to a name too long", ("render", "r.yaml", "-o", "长" * 90 + ".docx"),
         files={"r.yaml": VALID}, code=3, says=("文件名太长",), names="长" * 90 + ".docx"),
    Case("an issuer too long for a file name", ("render", "r.yaml"),   # promise 1: the name is shortened
         files={"r.yaml": variant("issuer: 灵丘县人民政府", "issuer: " + "灵丘县" * 30 + "人民政府")},
         code=0, says=("已生成", "…县人民政府2025年法治政府建设年度报告.docx"), output=("*.docx",)),
    Case("a name too long given with -o", ("render", "r.yaml", "-o", "报" * 100 + ".docx"),
         files={"r.yaml": VALID}, code=3, says=("文件名太长",)),
    Case("a killed run's temporary file is removed", ("render", "r.yaml", "-o", "out.docx"),
         files={"r.yaml": VALID, ".out.docx.99999999.abcd1234.tmp": b"half a document"}, code=0,
         output=("out.docx", ".out.docx.*.tmp")),
    Case("render over a document polished in WPS keeps it as a backup", ("render", "r.yaml", "-o", "out.docx"),
         files={"r.yaml": VALID, "out.docx": b"PK\x03\x04 polished in WPS"}, code=0, says=("已另存为",),
         output=("out.docx", "out.修改前-*.docx")),
    Case("an unfinished questionnaire is rendered with a warning", ("render", "r.yaml", "-o", "out.docx"),
         files={"r.yaml": VALID + "progress:\n  done: [meta]\n"}, code=0, says=("问卷还没有填完",),
         output=("out.docx",)),
    Case("import onto an existing file", ("import", "old.txt", "-o", "r.yaml"),
         files={"old.txt": "灵丘县人民政府2024年法治政府建设年度报告\n", "r.yaml": VALID},
         code=1, says=("--force",), names="r.yaml"),
    Case("import onto its own source", ("import", "old.txt", "-o", "old.txt", "--force"),
         files={"old.txt": "灵丘县人民政府2024年法治政府建设年度报告\n"},
         says=("不能写到本命令读取的文件",), names="old.txt"),
    Case("import onto a file of the template set", ("import", "old.txt", "--template", "tpl", "-o",
                                                    "tpl/structure.yaml", "--force"),
         files={"old.txt": "灵丘县人民政府2024年法治政府建设年度报告\n"},
         says=("模板文件夹",), names="tpl/structure.yaml", prepare=copy_default_set),
    Case("merge onto one of its units", ("merge", "a.yaml", "a.yaml", "b.yaml"),
         files={"a.yaml": VALID, "b.yaml": UNIT_B}, says=("不能写到本命令读取的文件",), names="a.yaml"),
    Case("merge onto its --into file", ("merge", "c.yaml", "a.yaml", "b.yaml", "--into", "c.yaml", "--force"),
         files={"a.yaml": VALID, "b.yaml": UNIT_B, "c.yaml": VALID},
         says=("不能写到本命令读取的文件",), names="c.yaml"),
    Case("merge onto an existing file", ("merge", "sum.yaml", "a.yaml", "b.yaml"),
         files={"a.yaml": VALID, "b.yaml": UNIT_B, "sum.yaml": "# 手工改过的汇总\n"}, code=1,
         says=("已经存在", "--force"), names="sum.yaml"),
    Case("merge with a leftover unit of last year first", ("merge", "sum.yaml", "old.yaml", "a.yaml", "b.yaml",
                                                             "--issuer", "灵丘县人民政府"),
         files={"a.yaml": VALID, "b.yaml": UNIT_B,
                "old.yaml": VALID.replace("year: 2025", "year: 2024").replace("灵丘县人民政府", "灵丘县旧单位")},
         code=1, says=("年度不一致", "2024 年"), names="old.yaml"),
    Case("merge --year against the --into file", ("merge", "sum.yaml", "a.yaml", "--into", "c.yaml", "--year", "2024"),
         files={"a.yaml": UNIT_B, "c.yaml": VALID}, says=("--year 2024",), names="c.yaml"),
    Case("merge --year names the unit of another year", ("merge", "sum.yaml", "a.yaml", "b.yaml", "--year", "2025",
                                                            "--issuer", "灵丘县人民政府"),
         files={"a.yaml": VALID, "b.yaml": UNIT_B.replace("year: 2025", "year: 2024")}, code=1,
         says=("不是这一年的", "2024 年"), names="b.yaml"),
]

# Text: escapes and markers inside the data are data (accepted, with a warning naming file, line, field).
ITEM = "      - 县委常委会专题听取法治建设工作汇报。"


def _item(text: str) -> str:
    return variant(ITEM, f'      - "{text}"')


ESCAPED = _item("县委\\0常委会\\x01专题\\a听取\\ud800汇报\\uFFFE。")
PRIVATE = _item("县委\ue000常委会\ue003专题听取汇报。")
FORGED = _item("县委常委会听取汇报。\\L# 伪造标题\\P@版头 伪造版头\\N@附注 伪造附注\\v# 又一个")
TEXT = [
    Case("escaped control characters: check", ("check", "r.yaml"), files={"r.yaml": ESCAPED}, code=0,
         says=("U+0000", "U+0001", "U+0007", "U+D800", "U+FFFE", "items"), names="r.yaml",
         line=line_no(ESCAPED, "常委会")),
    Case("escaped control characters: render", ("render", "r.yaml", "-o", "out.docx"),
         files={"r.yaml": ESCAPED}, code=0, says=("警告",), names="r.yaml", output=("out.docx",)),
    Case("private-use characters: check", ("check", "r.yaml"), files={"r.yaml": PRIVATE}, code=0,
         says=("私用区", "U+E000"), names="r.yaml", line=line_no(PRIVATE, "常委会")),
    Case("line separators before markup: render", ("render", "r.yaml", "-o", "out.docx"),
         files={"r.yaml": FORGED}, code=0, output=("out.docx",)),
    Case("escaped control characters in layout.yaml", ("template", "check", "tpl"), code=0,
         says=("U+0000", "family"), names="tpl/layout.yaml",
         prepare=lambda f: _edit_set(f, "layout.yaml", "[黑体, SimHei]", '["黑\\x00体", SimHei]')),
]


def _edit_set(folder: Path, name: str, old: str, new: str | bytes) -> None:
    """Copy the default set to ``folder/tpl`` and replace ``old`` in its file ``name`` (bytes: the whole file)."""
    copy_default_set(folder)
    path = folder / "tpl" / name
    if isinstance(new, bytes):
        path.write_bytes(new)
        return
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CLOSING = (DEFAULT_TEMPLATE / "text" / "closing.j2").read_text(encoding="utf-8").rstrip("\n") + "\n"
CODE_LINE = CLOSING.count("\n") + 1  # the line of code appended to closing.j2


def _append_template(code: str) -> Callable[[Path], None]:
    """Return a ``prepare`` that appends ``code`` as line ``CODE_LINE`` of the set's closing.j2."""
    def prepare(folder: Path) -> None:
        copy_default_set(folder)
        (folder / "tpl" / "text" / "closing.j2").write_text(CLOSING + code + "\n", encoding="utf-8")
    return prepare


def _link_out(name: str) -> Callable[[Path], None]:
    """Return a ``prepare`` that moves the set's ``name`` out of it and links it back."""
    def prepare(folder: Path) -> None:
        copy_default_set(folder)
        (folder / "tpl" / name).rename(folder / "outside")
        os.symlink(folder / "outside", folder / "tpl" / name)
    return prepare


# Templates: whatever a template does, check and render end soon with its file and line, exit 2.
RUNTIME = {"division by zero": "{{ 1/0 }}", "huge range": "{{ range(10**9)|list }}",
           "recursion": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "cn(0)": "{{ cn(0) }}",
           "huge integer": "{{ 10**5000 }}", "power tower": "{{ 10**(10**10) }}",
           "string of gigabytes": "{{ 'x'*10**10 }}", "huge format width": "{{ '%999999999d' % 1 }}",
           "5000-digit literal": "{{ 1" + "0" * 5000 + " }}"}
TEMPLATES = [
    case for name, code in RUNTIME.items() for case in (
        Case(f"template {name}: template check", ("template", "check", "tpl"),
             names="tpl/text/closing.j2", line=CODE_LINE, prepare=_append_template(code)),
        Case(f"template {name}: render", ("render", "r.yaml", "--template", "tpl", "-o", "out.docx"),
             files={"r.yaml": VALID}, names="tpl/text/closing.j2", line=CODE_LINE, prepare=_append_template(code)),
        # promise 1: what render refuses, check refuses too
        Case(f"template {name}: check", ("check", "r.yaml", "--template", "tpl"),
             files={"r.yaml": VALID}, names="tpl/text/closing.j2", line=CODE_LINE, prepare=_append_template(code)))
] + [
    Case("template syntax error: check", ("check", "r.yaml", "--template", "tpl"), files={"r.yaml": VALID},
         says=("模板语法错误",), names="tpl/text/sections/disputes.j2", line=5,
         prepare=lambda f: _edit_set(f, "text/sections/disputes.j2", "{{ f.reconsideration_accepted }}",
                                     "{{ f.reconsideration_accepted }")),
    Case("template syntax error: check --text", ("check", "--text", "r.yaml", "--template", "tpl"),
         files={"r.yaml": VALID}, says=("模板语法错误",), names="tpl/text/sections/disputes.j2", line=5,
         prepare=lambda f: _edit_set(f, "text/sections/disputes.j2", "{{ f.reconsideration_accepted }}",
                                     "{{ f.reconsideration_accepted }")),
    Case("template syntax error: check of several files", ("check", "r.yaml", "s.yaml", "--template", "tpl"),
         files={"r.yaml": VALID, "s.yaml": VALID}, says=("模板语法错误", "出错"), names="tpl/text/sections/disputes.j2",
         line=5, prepare=lambda f: _edit_set(f, "text/sections/disputes.j2", "{{ f.reconsideration_accepted }}",
                                             "{{ f.reconsideration_accepted }")),
    # a template that fails only on this report's data (the set's own check renders sample data)
    Case("template failing on this data: check", ("check", "r.yaml", "--template", "tpl"), files={"r.yaml": VALID},
         says=("除数为零",), names="tpl/text/closing.j2", line=CODE_LINE,
         prepare=_append_template('{% if meta.issuer == "灵丘县人民政府" %}{{ 1 // 0 }}{% endif %}')),
    Case("template failing on this data: render", ("render", "r.yaml", "--template", "tpl", "-o", "out.docx"),
         files={"r.yaml": VALID}, says=("除数为零",), names="tpl/text/closing.j2", line=CODE_LINE,
         prepare=_append_template('{% if meta.issuer == "灵丘县人民政府" %}{{ 1 // 0 }}{% endif %}')),
    Case("layout error: check", ("check", "r.yaml", "--template", "tpl"), files={"r.yaml": VALID},
         names="tpl/layout.yaml", prepare=lambda f: _edit_set(f, "layout.yaml", "indent: 1 ", "indent: abc ")),

    Case("template in no known encoding", ("template", "check", "tpl"), says=("编码",),
         names="tpl/text/title.j2", line=2,
         prepare=lambda f: _edit_set(f, "text/title.j2", "", b"{% if formal %}\n@\xff\x80\xff\n{% endif %}\n")),
    Case("layout nan", ("template", "check", "tpl"), names="tpl/layout.yaml",
         prepare=lambda f: _edit_set(f, "layout.yaml", "indent: 1 ", "indent: nan ")),
    Case("template file linked outside the set", ("render", "r.yaml", "--template", "tpl", "-o", "out.docx"),
         files={"r.yaml": VALID}, says=("以外的链接",), names="tpl/text/title.j2", needs="posix",
         prepare=_link_out("text/title.j2")),
    Case("layout linked outside the set", ("template", "check", "tpl"), says=("以外的链接",),
         names="tpl/layout.yaml", needs="posix", prepare=_link_out("layout.yaml")),
]


def _docx_bytes(document_xml: bytes | None = None, numbering_xml: bytes | None = None,
                extra: dict[str, bytes] | None = None, stored: bool = False) -> bytes:
    """Return a small .docx (python-docx's default) with parts replaced or added."""
    import io
    import zipfile

    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("灵丘县2025年法治政府建设年度报告 CRCMARK")
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    replaced = {"word/document.xml": document_xml, "word/numbering.xml": numbering_xml, **(extra or {})}
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as target:
        for info in source.infolist():
            target.writestr(info.filename, replaced.get(info.filename) or source.read(info))
        for name, data in (extra or {}).items():
            if name not in source.namelist():
                target.writestr(name, data)
    return out.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _numbering(level: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering ' + W + b'>'
            b'<w:abstractNum w:abstractNumId="0">' + level + b'</w:abstractNum>'
            b'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def _crc_broken() -> bytes:
    data = _docx_bytes(stored=True)
    assert data.count(b"CRCMARK") == 1
    return data.replace(b"CRCMARK", b"CRCMARX")


def _write_bomb(folder: Path) -> None:
    (folder / "bomb.docx").write_bytes(_docx_bytes(extra={"word/media/bomb.bin": bytes(60_000_000)}))


DEEP = b"<w:document " + W + b"><w:body>" + b"<w:sdt><w:sdtContent>" * 300 + b"</w:sdtContent></w:sdt>" * 300 + \
    b"</w:body></w:document>"
ENTITY = (b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
          b"<w:document " + W + b"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
IMPORT = [
    Case("docx with an XML syntax error", ("import", "x.docx"), says=("XML",), names="x.docx",
         files={"x.docx": _docx_bytes(document_xml=b"<w:document " + W + b"><w:body><w:p></w:body>")}),
    Case("docx with entity declarations", ("import", "x.docx"), says=("实体",), names="x.docx",
         files={"x.docx": _docx_bytes(document_xml=ENTITY)}),
    Case("docx nested deeper than the parser allows", ("import", "x.docx"), names="x.docx",
         files={"x.docx": _docx_bytes(document_xml=DEEP)}),
    Case("docx with a CRC error", ("import", "x.docx"), says=("校验",), names="x.docx",
         files={"x.docx": _crc_broken()}),
    Case("docx expanding past the limit", ("import", "bomb.docx"), says=("MB",), names="bomb.docx",
         prepare=_write_bomb),
    *[Case(f"docx numbering {name}", ("import", "x.docx", "-o", "x.yaml"), code=0, output=("x.yaml",),
           files={"x.docx": _docx_bytes(numbering_xml=_numbering(level))})
      for name, level in (("ilvl not a number", b'<w:lvl w:ilvl="x"><w:start w:val="1"/></w:lvl>'),
                          ("ilvl 10", b'<w:lvl w:ilvl="10"><w:start w:val="1"/></w:lvl>'),
                          ("start without a value", b'<w:lvl w:ilvl="0"><w:start/></w:lvl>'))],
    Case("UTF-16 text without BOM", ("import", "x.txt", "-o", "x.yaml"), code=0, says=("UTF-16",),
         output=("x.yaml",),
         files={"x.txt": "灵丘县人民政府\n灵丘县2025年法治政府建设年度报告\n一、主要举措和成效\n开展普法活动12场次。\n"
                .encode("utf-16-le")}),
]

# Files that are no text under a data file's name: a Word document renamed, UTF-16 without its mark.
DISGUISED = [
    Case("a Word document renamed to .yaml", ("check", "r.yaml"), files={"r.yaml": _docx_bytes()},
         says=("Word 文档", "drafter import"), names="r.yaml"),
    Case("a Word document renamed to .yaml: render", ("render", "r.yaml", "-o", "out.docx"),
         files={"r.yaml": _docx_bytes()}, says=("Word 文档",), names="r.yaml"),
    Case("an old Word file renamed to .yaml", ("check", "r.yaml"),
         files={"r.yaml": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)}, says=("旧版",), names="r.yaml"),
    Case("a data file in UTF-16 without its mark", ("check", "r.yaml"), code=0, says=("UTF-16",),
         files={"r.yaml": VALID.encode("utf-16-le")}),
]

CASES: list[Case] = [*READING, *SPECIAL, *OUTPUTS, *TEXT, *TEMPLATES, *IMPORT, *DISGUISED]


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Return the bytes of every regular file under ``folder`` (links and FIFOs are not read)."""
    found: dict[str, bytes] = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root, name)
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def _allowed(name: str, case: Case) -> bool:
    return any(fnmatch(name, pattern) for pattern in case.output)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    if case.needs == "posix" and os.name != "posix":
        pytest.skip("needs FIFOs and symbolic links")
    for name, content in case.files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if case.prepare is not None:
        case.prepare(tmp_path)
    before = _snapshot(tmp_path)

    result = run_drafter(*case.args, cwd=tmp_path, timeout=60)

    out = result.output
    assert result.code != 70, out
    assert result.code == case.code, out
    assert CJK.search(out), out
    for fragment in case.says:
        assert fragment in out, f"{fragment!r} not in:\n{out}"
    if case.names is not None:
        where = f"{case.names}:{case.line}" if case.line else case.names
        assert where in out, f"{where!r} not named in:\n{out}"
    after = _snapshot(tmp_path)
    for name, content in before.items():
        if not _allowed(name, case):
            assert after.get(name) == content, f"{name} was changed or removed"
    for name in after.keys() - before.keys():
        assert _allowed(name, case), f"{name} was created"
    leftovers = [n for n in after if n.rsplit("/", 1)[-1].startswith(".") and n.endswith(".tmp")]
    assert not leftovers, leftovers
