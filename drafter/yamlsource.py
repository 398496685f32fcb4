"""Read a YAML file the way a clerk saves it: any common encoding, located values, no surprises.

Returns the data with the line of every key, and the problems met on the way
(duplicate keys, tab indentation, stray control characters). Refuses, with an
``UnreadableFileError``, what cannot be read at all: a missing or huge file, an
unknown encoding, broken YAML syntax, anchors and aliases, absurd nesting.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

import msgspec
import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import plaintext
from .errors import UnreadableFileError, os_reason
from .lazyregex import LazyPattern
from .problems import Level, Problem

MAX_BYTES = 20_000_000  # a county-wide merge of 500 units stays well below
MAX_DEPTH = 40
MAX_NODES = 1_000_000

KeyPath = tuple[Any, ...]

# A line that starts like a key written with a full-width colon: "year：2025".
_FULLWIDTH_COLON_KEY = LazyPattern(r"^ *[A-Za-z_][A-Za-z0-9_]*[ \u3000]*：")
# ``  issuer 灵丘县人民政府``: a key followed by its value with no colon in between.
_MISSING_COLON_KEY = LazyPattern(r"^( *[A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_])[ ]*(?=[^\s:#：])")
# A key or list item indented with full-width (U+3000) or no-break (U+00A0) spaces.
_WIDE_SPACE_INDENT = re.compile(r"^[ \u3000\u00a0]*[\u3000\u00a0][ \u3000\u00a0]*"
                                r"(-\s|[A-Za-z_][A-Za-z0-9_]*\s*[:：])")
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_NO_SPACE = LazyPattern(r"\s+")  # what may differ between YAML's folding of wrapped lines and drafter's
# Numbers YAML 1.1 would read in surprising ways (010 → 8, 1:20 → 80, 0x1F, .inf) stay text.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)")
# Characters Word and web pages leave behind that YAML (or a reader) cannot see.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
              "\ufffe", "\uffff"}  # U+FFFE/U+FFFF: a byte-order mark read the wrong way; YAML refuses them


class LoadedYaml(msgspec.Struct):
    """A YAML document with the line of every key and the problems found reading it."""

    path: Path
    data: Any
    lines: dict[KeyPath, int] = msgspec.field(default_factory=dict)
    problems: list[Problem] = msgspec.field(default_factory=list)

    def locate(self, path: KeyPath) -> tuple[Path, int]:
        """Return the file and line where ``path`` (or its nearest ancestor) is written."""
        return self.path, self.line_of(path)

    def where(self, path: KeyPath) -> str:
        """Return ``file:line`` of ``path``, for a message that names several files."""
        return f"{self.path}:{self.line_of(path)}"

    def line_of(self, path: KeyPath) -> int:
        """Return the line of ``path``, or of its nearest present ancestor."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


REPORT_FILE = "报告数据文件"


def load_yaml(path: Path, *, what: str = "文件") -> LoadedYaml:
    """Read ``path`` as YAML; raise ``UnreadableFileError`` when it cannot be read at all."""
    raw = read_bytes(path, what)
    # only a report file is saved again by drafter (as UTF-8); a template's files are the clerk's
    text, problems = decode_file(raw, path, what=what, rewritten=what == REPORT_FILE)
    return parse_yaml(text, path, problems)


def parse_yaml(text: str, path: Path, problems: list[Problem] | None = None) -> LoadedYaml:
    """Read YAML ``text`` as the content of ``path``, exactly as ``load_yaml`` reads a file."""
    if "\r" in text:   # Windows (CR LF) and old Mac (CR) line ends: YAML reads both as \n, and so
        text = text.replace("\r\n", "\n").replace("\r", "\n")   # must the lines of messages
    text, cleaned = _remove_invisible(text, path)
    problems = [*(problems or []), *cleaned]
    _refuse_tabs(text, path)
    text, softened = _soften_tabs(text, path)
    problems += softened
    root = _compose(text, path)
    result = LoadedYaml(path=path, data=None, problems=problems)
    if root is None:
        return result
    lines = text.split("\n")
    if not _inspect(root, lines, path):   # libyaml's own composer went past the guard's limits:
        root = _compose(text, path, LOADER)  # the guarded one refuses the file, with its line
        if root is None or not _inspect(root, lines, path):
            raise UnreadableFileError(f"层次嵌套过深（超过 {MAX_DEPTH} 层）或内容过多（超过 {MAX_NODES} 项）", file=path)
    result.lines[()] = root.start_mark.line + 1
    # Values can only need cleaning when the file holds what cleaning removes, or an escape
    # ("\\0" in double quotes) that makes it: most files hold neither, and skip it value by value.
    cleans = "\\" in text or not plaintext.is_clean(text)
    result.data = _Builder(path, result, cleans, lines).build(root, ())
    return result


def read_bytes(path: Path, what: str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """Return the bytes of ``path``; refuse, in Chinese naming ``what``, a missing, huge or special file.

    The file is opened without blocking and checked to be a regular file before anything
    is read (a FIFO would wait forever, ``/dev/zero`` never ends), and no more than
    ``max_bytes`` are read whatever its size claims to be.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UnreadableFileError(f"找不到{what}", file=path) from None
    except IsADirectoryError:
        raise UnreadableFileError(f"这是一个文件夹，不是{what}", file=path) from None
    except PermissionError:
        if path.is_dir():  # Windows refuses to open a folder with "permission denied"
            raise UnreadableFileError(f"这是一个文件夹，不是{what}", file=path) from None
        raise UnreadableFileError(f"没有权限读取{what}", file=path) from None
    except OSError as exc:
        raise UnreadableFileError(f"无法读取{what}（{os_reason(exc)}）", file=path) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFileError(f"这是一个文件夹，不是{what}", file=path)
        if not stat.S_ISREG(mode):
            raise UnreadableFileError(
                f"这不是一个普通文件（而是设备、管道等特殊文件），不能作为{what}读取", file=path)
        raw = _read_at_most(descriptor, max_bytes + 1)
    except OSError as exc:
        raise UnreadableFileError(f"无法读取{what}（{os_reason(exc)}）", file=path) from None
    finally:
        os.close(descriptor)
    if len(raw) > max_bytes:
        raise UnreadableFileError(
            f"{what}太大（超过 {max_bytes // 1_000_000} MB），请确认选对了文件", file=path)
    return raw


def _read_at_most(descriptor: int, limit: int) -> bytes:
    """Return the file's bytes, stopping after ``limit`` of them."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(descriptor, min(limit - size, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def decode_file(raw: bytes, path: Path, *, what: str = "文件", rewritten: bool = True) -> tuple[str, list[Problem]]:
    """Return the text of a file a clerk saved in Notepad (UTF-8 with or without BOM, UTF-16, GBK)
    and a warning for each encoding other than UTF-8; refuse a damaged one with its line.

    ``what`` names the kind of file in the messages (文件, 文本模板); ``rewritten``: drafter
    saves this kind of file itself, as UTF-8 (a report file), so the warning says so.
    """
    resaved = "（用 drafter edit 修改并保存后就是 UTF-8）" if rewritten else ""
    kind = _binary_kind(raw)
    if kind:
        hint = ("；上年的报告请用 drafter import 转成数据文件" if rewritten and "Word" in kind else
                "；单位交回的收集表请用 drafter import 转成数据文件" if rewritten and "Excel" in kind else "")
        raise UnreadableFileError(f"这不是{what}：文件的内容是{kind}（扩展名可能被改过）{hint}", file=path)
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8", errors="strict"), []
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(
                f"{what}开头标明是 UTF-8 编码，但这一行有不是 UTF-8 的文字（可能混入了 GBK 编码的内容）；"
                "请用记事本“另存为”UTF-8 编码后再试", file=path,
                line=raw[: exc.start + 3].count(b"\n") + 1) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].decode("utf-16", errors="ignore").count("\n") + 1
            raise UnreadableFileError(
                f"{what}开头标明是 UTF-16 编码，但内容不完整或已损坏；请用记事本“另存为”UTF-8 编码后再试",
                file=path, line=line) from None
        return text, [Problem(Level.WARNING, f"{what}是 UTF-16 编码，已自动识别；建议另存为 UTF-8 编码{resaved}",
                              path, 1)]
    bare = _utf16_without_bom(raw)
    if bare:
        try:
            text = raw.decode(bare)
        except UnicodeDecodeError:
            pass
        else:
            return text, [Problem(Level.WARNING, f"{what}是 UTF-16 编码（开头没有编码标记），已自动识别；"
                                  f"建议另存为 UTF-8 编码{resaved}", path, 1)]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadableFileError(
            f"{what}编码无法识别（既不是 UTF-8，也不是 GBK/GB18030）；请用记事本“另存为”"
            "UTF-8 编码后再试", file=path, line=bad_line) from None
    return text, [Problem(Level.WARNING, f"{what}是 GBK/GB18030 编码，已自动识别；建议另存为 UTF-8 编码{resaved}",
                          path, bad_line)]


def _binary_kind(raw: bytes) -> str:
    """Return what kind of non-text file ``raw`` is, by its first bytes ('' for text)."""
    if raw.startswith(b"PK\x03\x04"):
        if b"word/" in raw:
            return "一个 Word 文档（.docx）"
        if b"xl/" in raw:
            return "一个 Excel 工作簿（.xlsx）"
        return "一个压缩文件（.zip 等）"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "一个旧版 Word 或 Excel 文件（.doc、.xls、.wps、.et）"
    if raw.startswith(b"%PDF"):
        return "一个 PDF 文件"
    return ""


def _utf16_without_bom(raw: bytes) -> str:
    """Return 'utf-16-le' or 'utf-16-be' for text saved as UTF-16 without its mark (every other byte
    of the first characters 0: keys and numbers are ASCII), else ''."""
    head = raw[:4000]
    if len(head) < 8 or len(raw) % 2:
        return ""
    even, odd = head[0::2].count(0), head[1::2].count(0)  # 一 (U+4E00) has a 0 byte too: compare
    if odd >= 8 and odd >= 4 * even:
        return "utf-16-le"
    if even >= 8 and even >= 4 * odd:
        return "utf-16-be"
    return ""


def _remove_invisible(text: str, path: Path) -> tuple[str, list[Problem]]:
    if not _INVISIBLE_RE.search(text):  # the usual file: nothing to remove, no per-line work
        return text, []
    problems: list[Problem] = []
    out_lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        kept = _INVISIBLE_RE.sub("", line)
        if kept != line:
            removed = sorted({f"U+{ord(ch):04X}" for ch in _INVISIBLE_RE.findall(line)})
            problems.append(Problem(
                Level.WARNING, f"删除了从 Word 或网页粘贴带来的不可见控制字符（{'、'.join(removed)}）",
                path, number))
        out_lines.append(kept)
    return "\n".join(out_lines), problems


def visible_text(text: str) -> str:
    """Return ``text`` without the invisible characters the reader removes from a file."""
    return _INVISIBLE_RE.sub("", text)


def _is_invisible(ch: str) -> bool:
    if ch in "\t\r":
        return False
    return ch in _INVISIBLE or unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029"


# Every character _is_invisible accepts but the line break; the category Cc is U+0000–001F, U+007F–009F.
_INVISIBLE_RE = re.compile("[" + "".join(
    re.escape(chr(c)) for c in [*range(0x20), *range(0x7F, 0xA0), *map(ord, _INVISIBLE), 0x2028, 0x2029]
    if _is_invisible(chr(c)) and chr(c) != "\n") + "]")


def _refuse_tabs(text: str, path: Path) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise UnreadableFileError(
                "这一行用 Tab 键缩进，YAML 文件只能用空格缩进；请把行首的 Tab 换成空格"
                "（每级两个空格）", file=path, line=number)


def _soften_tabs(text: str, path: Path) -> tuple[str, list[Problem]]:
    """Read each Tab after a line's indentation (``key:<Tab>36``, one pasted into a value) as a
    space, with a warning. drafter itself never writes a raw Tab (it escapes one as ``\\t``)."""
    if "\t" not in text:
        return text, []
    problems = [Problem(Level.WARNING, "这一行有 Tab 字符（可能是从 Word 粘贴来的），已当作空格读取；"
                        "YAML 文件只能用空格，建议把 Tab 换成空格", path, number)
                for number, line in enumerate(text.split("\n"), start=1) if "\t" in line]
    return text.replace("\t", " "), problems


_MAX_REPAIRS = 5
_WIDE_SPACE_MESSAGE = ("这一行行首用了全角空格（或从网页复制来的不换行空格）缩进，YAML 文件只能用"
                       "半角空格缩进；请把行首的空格删掉后用半角空格重新缩进")
_FULLWIDTH_COLON_MESSAGE = "字段名后面用了中文全角冒号“：”，请改成英文半角冒号“:”并在后面留一个空格"
_MISSING_COLON_MESSAGE = "这一行缺少冒号（字段名后面要有“: ”）"
_WIDE_SPACE_AFTER_COLON = LazyPattern(r"^( *[A-Za-z_][A-Za-z0-9_]*):[\u3000\u00a0]+")
_WIDE_SPACE_AFTER_COLON_MESSAGE = ("字段名的冒号后面是全角空格（或从网页复制来的不换行空格），YAML 要的是半角空格；"
                                   "请把冒号后面的空格删掉，重新打一个半角空格")


def _inspect(root: Node, lines: list[str], path: Path) -> bool:
    """Walk the composed tree once: return False when it is deeper than ``MAX_DEPTH`` or holds more
    than ``MAX_NODES`` nodes (libyaml's own composer does not stop there, the guarded one does),
    else refuse a misread key, if any, and return True.

    A misread key is a plain scalar that starts a line where YAML reads a key, but that is no
    key: a key indented with wide spaces, or ``year：2025`` read as text (a value on its own line).
    Text after ``- `` or ``key: ``, quoted text and block text are never looked at: there YAML
    reads text, whatever it holds (``- APP：上线移动端`` is an ordinary item)."""
    misread: UnreadableFileError | None = None
    count = 0
    stack: list[tuple[Node, bool, int]] = [(root, False, 1)]
    while stack:
        node, is_key, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH or count > MAX_NODES:
            return False
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                stack += [(key_node, True, depth + 1), (value_node, False, depth + 1)]
        elif isinstance(node, SequenceNode):
            stack += [(child, False, depth + 1) for child in node.value]
        elif misread is None and not node.style:  # plain: None from PyYAML, "" from libyaml
            misread = _misread_key(node, is_key, lines, path)
    if misread is not None:
        raise misread
    return True


def _misread_key(node: Node, is_key: bool, lines: list[str], path: Path) -> UnreadableFileError | None:
    line = lines[node.start_mark.line]
    if line[: node.start_mark.column].strip(" "):
        return None  # the text follows "- " or "key: " on its line
    if _WIDE_SPACE_INDENT.match(line):
        return UnreadableFileError(_WIDE_SPACE_MESSAGE, file=path, line=node.start_mark.line + 1)
    if not is_key and _FULLWIDTH_COLON_KEY.match(line):
        return UnreadableFileError(_FULLWIDTH_COLON_MESSAGE, file=path, line=node.start_mark.line + 1)
    return None


def _blame_misread_key(text: str, error_line: int) -> tuple[str, int] | None:
    """Return the message and line of a full-width colon, a missing colon or a wide-space indent
    that caused the syntax error at ``error_line``: the nearest such line at or above it whose
    repair moves the error."""
    lines = text.split("\n")
    tried = 0
    for index in range(min(error_line, len(lines)) - 1, -1, -1):
        line = lines[index]
        if tried == _MAX_REPAIRS:
            break  # each try reads the whole file again: a few near the error are enough
        repairs: list[tuple[str, str]] = []
        if _WIDE_SPACE_INDENT.match(line):
            stripped = line.lstrip(" \u3000\u00a0")
            lead = line[: len(line) - len(stripped)]
            repairs += [(_WIDE_SPACE_MESSAGE, lead.replace("\u3000", "  ").replace("\u00a0", " ") + stripped),
                        (_WIDE_SPACE_MESSAGE, " " * len(lead) + stripped)]
        if _FULLWIDTH_COLON_KEY.match(line):
            repairs.append((_FULLWIDTH_COLON_MESSAGE, line.replace("：", ": ", 1)))
        wide_after = _WIDE_SPACE_AFTER_COLON.match(line)
        if wide_after:
            repairs.append((_WIDE_SPACE_AFTER_COLON_MESSAGE, wide_after.group(1) + ": " + line[wide_after.end():]))
        missing_colon = _MISSING_COLON_KEY.match(line)
        if missing_colon:
            key = missing_colon.group(1)
            repaired = key + ": " + line[len(key):].lstrip(" ")
            shown = repaired.split("#", 1)[0].strip()
            repairs.append((f"{_MISSING_COLON_MESSAGE}，应写成“{shown}”", repaired))
        tried += bool(repairs)
        for message, repaired in repairs:
            if _error_line("\n".join([*lines[:index], repaired, *lines[index + 1:]])) > error_line:
                return message, index + 1
    return None


def _error_line(text: str) -> float:
    """Return the line of the first YAML syntax error of ``text``, or infinity when it has none."""
    loader = _GuardedLoader(text)
    try:
        loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line + 1 if mark is not None else 0
    except (yaml.YAMLError, _Refused):
        return 0
    finally:
        loader.dispose()
    return float("inf")


class _Guard:
    """Composer hooks that refuse anchors, aliases, deep nesting and huge node counts."""

    _depth = 0
    _nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _Refused("不支持 YAML 锚点（&）和别名（*），请把内容直接写出来",
                           event.start_mark.line + 1)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(f"文件内容过多（超过 {MAX_NODES} 项），不像是一份报告数据",
                           event.start_mark.line + 1)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(f"层次嵌套过深（超过 {MAX_DEPTH} 层）", event.start_mark.line + 1)
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class _GuardedLoader(_Guard, yaml.SafeLoader):
    """The pure-Python safe loader, guarded: used where PyYAML was built without libyaml."""


if yaml.__with_libyaml__:
    from yaml._yaml import CParser
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    class _FastGuardedLoader(_Guard, Composer, CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """libyaml scans and parses (the slow part in Python); the guarded Python composer builds
        the nodes from its events, so marks, tags and refusals are the pure-Python loader's."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)

    LOADER: type = _FastGuardedLoader
    _NativeLoader: type | None = yaml.CSafeLoader
else:  # pragma: no cover - PyYAML wheels ship libyaml
    LOADER = _GuardedLoader
    _NativeLoader = None


class _Refused(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "这一行的冒号位置不对：可能是这一行比上一行多缩进了空格，"
     "或者文字里有“: ”（请把文字里的冒号改成中文全角“：”，或给整段文字加引号）"),
    ("could not find expected ':'", "这一行缺少“字段名: 值”中的冒号（冒号后面要留一个空格），"
     "或者上一行的引号没有配对"),
    ("expected <block end>", "缩进没有对齐：同一层的字段要用相同数量的空格缩进"),
    ("found unexpected end of stream", "引号没有配对：这一行开始的引号没有结束"),
    ("that cannot start any token", "这一行的值以 YAML 不允许的字符（如 @、`、%）开头，请给这段文字加引号"),
    ("expected alphabetic or numeric character", "这一行的值以 * 或 & 开头，YAML 会把它当作别名或锚点；"
     "请给这段文字加引号"),
    ("expected URI", "这一行的值以 ! 开头，YAML 会把它当作标记；请给这段文字加引号"),
    ("expected ',' or ']'", "以 [ 开头的值没有用 ] 正确结束；如果这是一段文字，请给整段文字加引号"),
    ("expected ',' or '}'", "以 { 开头的值没有用 } 正确结束；如果这是一段文字，请给整段文字加引号"),
    ("did not find expected key", "缩进没有对齐，或者列表项“- ”和字段混在了同一层"),
    ("did not find expected '-' indicator", "列表项没有对齐：每一项都应以相同缩进的“- ”开头"),
    ("expected the node content", "这一行的值没有写完：以“[”或“{”开头的值缺少结尾的“]”或“}”，或者“-”“?”后面"
     "缺少内容；如果这是一段文字，请给整段文字加引号"),
    ("but found another document", "从这一行起是用“---”分开的第二份内容；一个报告数据文件只能有一份，"
     "请删掉“---”和多余的内容（或把它另存为一个文件）"),
)


def _compose(text: str, path: Path, loader_class: type | None = None) -> Node | None:
    """Compose ``text`` into a node tree with libyaml; a file it refuses is read again with the
    pure-Python loader, so messages and lines of YAML errors are the same with or without libyaml.

    A text without ``&`` and ``*`` can hold no anchor and no alias: libyaml's own composer builds
    its tree (several times faster than the guarded Python composer); ``parse_yaml`` then holds it
    to the guard's limits of depth and size (``_inspect``)."""
    if loader_class is None and _NativeLoader is not None and "&" not in text and "*" not in text:
        native = _NativeLoader(text)
        try:
            return native.get_single_node()
        except yaml.YAMLError:
            pass  # the guarded loader says what is wrong, and where
        finally:
            native.dispose()
    loader = (loader_class or LOADER)(text)
    try:
        return loader.get_single_node()
    except _Refused as exc:
        raise UnreadableFileError(exc.message, file=path, line=exc.line) from None
    except yaml.YAMLError as exc:
        if loader_class is not _GuardedLoader:
            return _compose(text, path, _GuardedLoader)
        raise _syntax_error(exc, path, text) from None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.YAMLError, path: Path, text: str) -> UnreadableFileError:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return UnreadableFileError(f"YAML 格式错误（{exc}）", file=path)
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and exc.context in (
            "while scanning a quoted scalar", "while scanning a simple key"):
        mark = exc.context_mark  # the line where the quote or the key starts
    line = mark.line + 1 if mark is not None else 0
    blamed = _blame_misread_key(text, (exc.problem_mark or mark).line + 1) if mark else None
    if blamed is not None:
        return UnreadableFileError(blamed[0], file=path, line=blamed[1])
    problem = exc.problem or ""
    hint = _value_start_hint(text, (exc.problem_mark or mark).line if mark else -1) \
        or next((h for key, h in _SYNTAX_HINTS if key in problem), None)
    return UnreadableFileError(hint or f"YAML 格式错误（{problem}）", file=path, line=line)


_VALUE_START = LazyPattern(r"^\s*(?:-\s+|[^:#]+:\s+)([\[{>|])")


def _value_start_hint(text: str, index: int) -> str | None:
    """Say why a text that starts with [ { > | cannot be read: YAML takes the character for a list,
    a mapping or a block of lines."""
    lines = text.split("\n")
    found = _VALUE_START.match(lines[index]) if 0 <= index < len(lines) else None
    if found is None:
        return None
    meaning = "列表或字段" if found.group(1) in "[{" else "多行文字的标记"
    return (f"这一行的文字以“{found.group(1)}”开头，YAML 把它当作{meaning}；"
            "请给整段文字加引号（如 - \"[重点]……\"），或换用全角的“【】”“｛｝”“＞”")


class _Builder:
    """Turn a composed node tree into Python data, recording lines and duplicate keys."""

    def __init__(self, path: Path, result: LoadedYaml, cleans: bool = True, lines: list[str] | None = None) -> None:
        self.path = path
        self.result = result
        self.cleans = cleans
        self.lines = lines or []
        self.constructor = yaml.SafeLoader("")

    def build(self, node: Node, at: KeyPath) -> Any:
        if isinstance(node, MappingNode):
            return self._mapping(node, at)
        if isinstance(node, SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                self.result.lines[at + (index,)] = child.start_mark.line + 1
                items.append(self.build(child, at + (index,)))
                if isinstance(child, ScalarNode) and not child.style:
                    self._comment_after(child)
            return items
        assert isinstance(node, ScalarNode)
        if node.tag == _NULL_TAG and not node.value:
            self._comment_eaten(node, at)
            return None
        if node.tag == _STR_TAG:  # most values: the text as it stands, all the constructor would give
            value = node.value
            if not node.style and node.end_mark.line != node.start_mark.line:
                value = self._refold(node)
            return self._text(value, node, at) if self.cleans else value
        if not node.style and (  # plain: None from the Python parser, "" from libyaml
                node.tag == "tag:yaml.org,2002:int" and not _PLAIN_INT.fullmatch(node.value)
                or node.tag == "tag:yaml.org,2002:float" and not _PLAIN_FLOAT.fullmatch(node.value)):
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            message = ("不支持 YAML 合并键“<<”，请把内容直接写出来" if tag == "!!merge" else
                       f"不认识的 YAML 标记“{tag}”，报告数据文件里不需要以“!”开头的标记，请删掉它")
            self.result.problems.append(Problem(
                Level.ERROR, message, self.path, node.start_mark.line + 1))
            return node.value
        except ValueError:
            # 2026-02-30, a 5000-digit number: keep the text, the value's parser says what is wrong.
            return node.value
        return self._text(value, node, at) if self.cleans and isinstance(value, str) else value

    def _refold(self, node: ScalarNode) -> str:
        """Return a plain text written over several lines as YAML folds it, but without the space YAML
        puts where a line of Chinese was wrapped (加强数字政府建设\n推进一网通办 is one sentence)."""
        start, end = node.start_mark, node.end_mark
        if end.line >= len(self.lines):
            return node.value
        pieces = [self.lines[start.line][start.column:], *self.lines[start.line + 1:end.line],
                  self.lines[end.line][:end.column]]
        paragraphs: list[list[str]] = [[]]
        for piece in pieces:  # an empty line is a line break in the folded text
            if piece.strip():
                paragraphs[-1].append(piece)
            elif paragraphs[-1]:
                paragraphs.append([])
        folded = "\n".join(plaintext.join_wrapped(lines) for lines in paragraphs if lines)
        # only the spaces may differ from what YAML read; anything else: keep YAML's reading
        return folded if _NO_SPACE.sub("", folded) == _NO_SPACE.sub("", node.value) else node.value

    def _comment_after(self, item: ScalarNode) -> None:
        """Warn of text after `` #`` on the line of a list item: YAML reads it as a comment, so a clerk
        who wrote ``- 加强建设 #第二点`` would miss the end of the item in the report without a word."""
        end = item.end_mark
        line = self.lines[end.line] if end.line < len(self.lines) else ""
        if "#" not in line:
            return
        rest = line[end.column:].strip()
        comment = rest.lstrip("#").strip()
        if rest.startswith("#") and comment:
            self.result.problems.append(Problem(
                Level.WARNING, f"“#”后面的“{comment}”被当作注释，不会写进报告；要写进报告，"
                "请去掉“#”前的空格，或给整条加引号", self.path, end.line + 1))

    def _comment_eaten(self, node: ScalarNode, at: KeyPath) -> None:
        """Refuse an empty value whose line goes on with ``#text``: YAML read the clerk's text as a
        comment (``- #加强……``, ``note: #此件公开发布``). drafter's own comments, ``# 发文机关``
        after an empty field, have a space after the ``#``; an item never has one."""
        line = self.lines[node.start_mark.line] if node.start_mark.line < len(self.lines) else ""
        rest = line[node.start_mark.column:].lstrip(" ")
        in_list = bool(at) and isinstance(at[-1], int)
        if not rest.startswith("#") or not (in_list or rest[1:2] not in ("", " ", "\t", "#")):
            return
        label = next((str(step) for step in reversed(at) if isinstance(step, str)), "")
        self.result.problems.append(Problem(
            Level.ERROR, "“#”和它后面的文字被 YAML 当成了注释，这一项成了空的；请去掉“#”，"
            "或给整段文字加引号（如 \"#……\"）", self.path, node.start_mark.line + 1, label))

    def _text(self, value: str, node: ScalarNode, at: KeyPath) -> str:
        """Clean a string the way raw characters are cleaned: escapes such as "\\0" or "\\L" too."""
        value, removed = plaintext.clean(value)
        label = next((str(step) for step in reversed(at) if isinstance(step, str)), "")
        line = node.start_mark.line + 1
        if removed:
            self.result.problems.append(Problem(
                Level.WARNING, plaintext.removed_message(removed), self.path, line, label))
        private = plaintext.private_use(value)
        if private:
            self.result.problems.append(Problem(
                Level.WARNING, plaintext.private_use_message(private), self.path, line, label))
        return value

    def _mapping(self, node: MappingNode, at: KeyPath) -> dict[Any, Any]:
        data: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, at) if isinstance(key_node, ScalarNode) else None
            line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                self.result.problems.append(Problem(
                    Level.ERROR, "字段名必须是一段文字", self.path, line))
                continue
            key = str(key)
            if key in data:
                first = self.result.lines[at + (key,)]
                self.result.problems.append(Problem(
                    Level.ERROR, f"字段“{key}”重复出现（第 {first} 行已经有了），"
                    "YAML 只会保留后一个，请删除多余的一个", self.path, line, key))
            self.result.lines[at + (key,)] = line
            data[key] = self.build(value_node, at + (key,))
        return data
