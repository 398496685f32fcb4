"""Render the Jinja text templates of a template set (sandboxed, StrictUndefined) to report text.

User text reaches the templates only as data: it is never compiled as a template,
and the line markup it could be mistaken for (``#`` headings, ``@`` directives)
is escaped on output by ``finalize``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from ..errors import StructureError
from ..plaintext import split_lines
from ..problems import Level, Problem
from ..values import cn_ordinal
from .context import FIG_END, FIG_START, LITERAL, MISSING, STATED, VIEW_CLASSES, ZERO
from .enumerators import form_of, numbered
from .sandbox import BoundedSandbox, TemplateLimit
from .templatesource import TemplateLoader

REPORT_TEMPLATE = "report.j2"
_JOINERS = "，：；、（“"
_ENDINGS = "。！？；"


_MARKUP_START = re.compile(r"^(\s*)([#@|])")


def _escape_markup(value: Any) -> str:
    """Finalize every ``{{ }}``: keep user lines from starting a heading, a directive or a table row.

    Lines are those of ``plaintext.split_lines``, the definition ``parse_blocks`` splits by.
    """
    text = "" if value is None else str(value)
    return "\n".join(_MARKUP_START.sub("\\1" + LITERAL + "\\2", line) for line in split_lines(text))


def sentence(caller: Callable[[], str], subject: str = "",
             record: Callable[[str], None] | None = None) -> str:
    """``{% call sentence(subject="…") %}`` block: one clause a line; clauses with a missing figure vanish.

    A line whose figures are all reported is kept; a line with a missing figure is
    dropped, and so is a line whose figures the clerk's items already state (``stated.py``).
    After a full-width colon, items separated by 、 are dropped one by one
    (其中：维持…、驳回…). A line starting with 其中 goes with the line before it: it is
    dropped after a missing figure, and brings back a stated one.
    Lines without figures are kept only if some figure line is.
    The kept clauses are joined with ， and the sentence ends with 。.

    ``subject`` is the noun phrase the clauses need (12345政务服务便民热线): it opens
    the sentence whenever any clause is kept, whichever clause comes first.
    ``record`` receives the opening words of each figure clause that relies on the
    subject, so a text lint can tell a sentence that lost it.
    """
    kept: list[str] = []
    any_figure = False
    previous_dropped = True
    held = ""  # the last clause left out because the items state it: back in if 其中 details it
    for line in (raw.strip() for raw in split_lines(caller())):
        if not line:
            continue
        if subject and record is not None:
            _record_opening(line, record)
        clause = _clause(line)
        # 其中… only makes sense right after the clause it details.
        if clause is not None and clause.startswith("其中") and previous_dropped:
            if held:
                kept.append(held)
            else:
                clause = None
        held = ""
        if clause is not None and 0 < clause.count(FIG_START) == clause.count(STATED):
            held, clause = clause.replace(STATED, ""), None
        if clause is None:
            previous_dropped = True
            continue
        clause = clause.replace(STATED, "")
        previous_dropped = False
        if FIG_START in clause:
            any_figure = True
        kept.append(clause)
    if not any_figure:
        return ""
    text = subject
    for index, clause in enumerate(kept):
        if text and text[-1] not in _JOINERS and not (index == 0 and subject):
            text += "，"
        text += clause
    text = text.rstrip("，、；：")
    return text if text.endswith(tuple(_ENDINGS)) else text + "。"


def _record_opening(line: str, record: Callable[[str], None]) -> None:
    """Pass on the words before the first figure of a clause line, if it has any."""
    cut = min((i for i in (line.find(FIG_START), line.find(MISSING)) if i >= 0), default=-1)
    opening = strip_markers(line[:cut]).strip("，、：") if cut > 0 else ""
    if len(opening) >= 2 and not opening.startswith("其中"):
        record(opening)


def _clause(line: str) -> str | None:
    lead, colon, rest = line.partition("：")
    if colon and "、" in rest:
        pieces = [_zero_words(p) for p in rest.split("、") if p and MISSING not in p and STATED not in p]
        if MISSING in lead or not pieces:
            return None
        return _zero_words(lead) + "、".join(pieces)
    return None if MISSING in line else _zero_words(line)


def _zero_words(clause: str) -> str:
    """A clause holding a figure that is 0 reads as that figure's declared words."""
    start = clause.find(ZERO)
    if start < 0:
        return clause
    end = clause.find(FIG_END, start)
    return clause[start + 1: end + 1]


class TextRenderer:
    """The text templates of one template set, ready to render reports."""

    def __init__(self, text_dirs: Sequence[Path], bytecode_cache: jinja2.BytecodeCache | None = None) -> None:
        self.text_dirs = list(text_dirs)
        self.loader = TemplateLoader(self.text_dirs)
        self.env = BoundedSandbox(
            loader=self.loader,
            bytecode_cache=bytecode_cache,
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=lambda value: self.env.count(_escape_markup(value)),
        )
        self.env.data_classes = VIEW_CLASSES
        self.dependent: set[str] = set()  # clause openings that need their sentence's subject
        self.env.globals.update(sentence=functools.partial(sentence, record=self.dependent.add),
                                cn=cn_ordinal, numbered=numbered, form_of=form_of)

    def render(self, context: dict[str, Any]) -> str:
        """Render ``report.j2`` with ``context`` and return the marked-up text.

        Whatever the templates do, this ends within the sandbox's bounds: a template's
        error is a ``StructureError`` naming the template file and line.
        """
        try:
            template = self.env.get_template(REPORT_TEMPLATE)  # compiling is bounded by the file sizes
            with self.env.limits():
                return template.render(context)
        except jinja2.TemplateSyntaxError as exc:
            from .jinjamessages import syntax_message  # its patterns are compiled only for an error

            raise self._error(exc.filename or exc.name, exc.lineno, syntax_message(exc)) from None
        except jinja2.TemplateNotFound as exc:
            raise StructureError(f"找不到文本模板“{exc.name}”", file=self.text_dirs[0]) from None
        except jinja2.UndefinedError as exc:
            raise self._error(*_template_position(exc),
                              f"模板引用了未定义的内容：{_undefined_name(exc)}") from None
        except jinja2.exceptions.SecurityError as exc:
            raise self._error(*_template_position(exc), _security_message(exc)) from None
        except TemplateLimit as exc:
            raise self._error(*_template_position(exc), exc.message) from None
        except RUNTIME_ERRORS as exc:
            raise self._error(*_template_position(exc), runtime_message(exc)) from None

    def _error(self, filename: str | None, line: int | None, message: str) -> StructureError:
        file = Path(filename) if filename else self.text_dirs[0]
        problem = Problem(Level.ERROR, message, file, line or 0)
        return StructureError(message, file=file, line=line or 0, problems=[problem])


# What a template's own code can raise while it runs (1/0, cn(0), a recursive macro …).
RUNTIME_ERRORS = (ArithmeticError, ValueError, TypeError, LookupError, AttributeError, RecursionError,
                  MemoryError)


def runtime_message(exc: BaseException) -> str:
    """Return the Chinese message for an error raised by a template's own code."""
    if isinstance(exc, ZeroDivisionError):
        return "模板运行出错：除数为零"
    if isinstance(exc, RecursionError):
        return "模板运行出错：宏或模板调用自身的层次太深（可能是没有尽头的递归）"
    if isinstance(exc, (OverflowError, MemoryError)) or "digits" in str(exc):
        return "模板运行出错：数字或文字太大"
    if str(exc).startswith("cn()"):
        return f"模板运行出错：{exc}"
    for kind, words in _RUNTIME_WORDS:
        if isinstance(exc, kind):
            return f"模板运行出错：{words}"
    return "模板运行出错：这一行的表达式无法计算"


# What a template's own code got wrong, in the clerk's words (Python's English stays out).
_RUNTIME_WORDS: tuple[tuple[type[BaseException], str], ...] = (
    (TypeError, "类型不对，如把文字和数字相加、比较，或调用了不能调用的值（请用 | string 或 | int 转换）"),
    (LookupError, "列表或表格里没有这一项"),
    (AttributeError, "这个值没有这一项属性"),
    (ValueError, "值不合适，无法转换或计算"),
)


def _security_message(exc: BaseException) -> str:
    """Return the sandbox's refusal in Chinese, naming the attribute the template reached for."""
    match = re.search(r"attribute '([^']+)'", str(exc))
    what = f"访问“{match.group(1)}”" if match else "调用或访问受保护的内容"
    return f"模板做了不允许的操作：{what}（模板只能使用报告的数字、文字和 drafter 提供的函数）"


def _template_position(exc: BaseException | None) -> tuple[str | None, int | None]:
    """Find the template file and line in a traceback raised while rendering.

    An exception raised while Jinja was handling another (a time limit hitting its traceback
    rewriting) has no template frame of its own: the one it interrupted is asked then.
    """
    found: tuple[str | None, int | None] = (None, None)
    while exc is not None and found == (None, None):
        found = _position_in(exc.__traceback__)
        exc = exc.__context__
    return found


def _position_in(tb: TracebackType | None) -> tuple[str | None, int | None]:
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        frame = tb.tb_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = (template.filename, template.get_corresponding_lineno(tb.tb_lineno))
        elif "__jinja_exception__" in frame.f_globals:  # a frame Jinja rewrote to the template's line
            found = (frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    text = str(exc)
    match = re.search(r"has no attribute '([^']+)'", text) or re.search(r"'([^']+)' is undefined", text)
    if match:
        return f"“{match.group(1)}”（结构中没有这个数字或变量）"
    return text


def strip_markers(text: str) -> str:
    """Remove the figure markers from finished text."""
    return (text.replace(FIG_START, "").replace(FIG_END, "").replace(LITERAL, "").replace(ZERO, "")
            .replace(STATED, ""))


def has_missing(text: str) -> bool:
    """Return whether ``text`` still holds a missing-figure marker."""
    return MISSING in text
