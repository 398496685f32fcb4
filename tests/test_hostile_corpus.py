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
]

# Special files: refused before a byte is read, never waited on.
SPECIAL = [
    Case("a FIFO as the data file", ("check", "ff"), says=("不是一个普通文件",), names="ff",
         prepare=make_fifo("ff"), needs="posix"),
    Case("/dev/zero as the data file", ("check", "/dev/zero"), says=("不是一个普通文件",),
         names="/dev/zero", needs="posix"),
    Case("/dev/zero as last year's file", ("render", "r.yaml", "-o", "out.docx"),
         files={"r.yaml": "previous: /dev/zero\n" + VALID}, says=("不是一个普通文件",),
         names="/dev/zero", needs="posix"),
    Case("a FIFO to import", ("import", "old.txt", "-o", "r.yaml"), says=("不是一个普通文件",), names="old.txt",
         prepare=make_fifo("old.txt"), needs="posix"),
    Case("a link to itself as the data file", ("check", "loop.yaml"), names="loop.yaml",
         prepare=symlink("loop.yaml", "loop.yaml"), needs="posix"),
    Case("a data file name too long to exist", ("check", "长" * 90 + ".yaml"), names="长" * 90 + ".yaml"),
    Case("a name too long among several files", ("check", "r.yaml", "长" * 90 + ".yaml"),
         files={"r.yaml": VALID}, names="长" * 90 + ".yaml"),
    Case("a FIFO as last year's file", ("render", "r.yaml", "--previous", "ff", "-o", "out.docx"),
         files={"r.yaml": VALID}, says=("不是一个普通文件",), names="ff",
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
    Case("render onto a folder", ("render", "r.yaml", "-o", "folder"), files={"r.yaml": VALID},
         says=("文件夹",), names="folder", prepare=lambda f: (f / "folder").mkdir()),
    Case("render to a name too long", ("render", "r.yaml", "-o", "长" * 90 + ".docx"),
         files={"r.yaml": VALID}, code=3, says=("文件名太长",), names="长" * 90 + ".docx"),
    Case("an issuer too long for a file name", ("render", "r.yaml"),
         files={"r.yaml": variant("issuer: 灵丘县人民政府", "issuer: " + "灵丘县" * 30 + "人民政府")},
         code=3, says=("文件名太长",)),
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
    Case("merge with a leftover unit of last year first", ("merge", "sum.yaml", "old.yaml", "a.yaml", "b.yaml"),
         files={"a.yaml": VALID, "b.yaml": UNIT_B,
                "old.yaml": VALID.replace("year: 2025", "year: 2024").replace("灵丘县人民政府", "灵丘县旧单位")},
         code=1, says=("年度不一致", "2024 年"), names="old.yaml"),
    Case("merge --year against the --into file", ("merge", "sum.yaml", "a.yaml", "--into", "c.yaml", "--year", "2024"),
         files={"a.yaml": UNIT_B, "c.yaml": VALID}, says=("--year 2024",), names="c.yaml"),
    Case("merge --year names the unit of another year", ("merge", "sum.yaml", "a.yaml", "b.yaml", "--year", "2025"),
         files={"a.yaml": VALID, "b.yaml": UNIT_B.replace("year: 2025", "year: 2024")}, code=1,
         says=("不是这一年的", "2024 年"), names="b.yaml"),
]

CASES: list[Case] = [*READING, *SPECIAL, *OUTPUTS]


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
