"""argparse in Chinese: section titles, usage, the -h/--version help lines and the usage errors.

argparse writes a few English words of its own ("usage:", "positional arguments",
"show this help message and exit", "the following arguments are required"). A clerk
reads only Chinese, so the parser class below replaces each of them; everything else
(the commands, their arguments and help) is written in Chinese in ``cli.py``.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

# argparse's own usage errors (Python 3.11–3.13 wordings), by pattern.
_ERRORS = (
    (r"the following arguments are required: (.+)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.+)", "不认识的参数：{0}"),
    (r"argument (.+?): invalid choice: '?(.+?)'? \(choose from (.+)\)", "参数 {0}：没有“{1}”这一项，可选：{2}"),
    (r"argument (.+?): expected one argument", "参数 {0} 后面要跟一个值"),
    (r"argument (.+?): expected at least one argument", "参数 {0} 后面至少要跟一个值"),
    (r"argument (.+?): invalid (\w+) value: (.+)", "参数 {0}：{2} 不是有效的值"),
    (r"argument (.+?): not allowed with argument (.+)", "参数 {0} 不能和 {1} 一起用"),
    (r"argument (.+?): ignored explicit argument (.+)", "参数 {0} 不接受值 {1}"),
    (r"ambiguous option: (.+?) could match (.+)", "选项 {0} 不明确，可能是：{1}"),
)


def translate_error(message: str) -> str:
    """Return argparse's English usage error ``message`` in Chinese (unchanged when unknown)."""
    for pattern, chinese in _ERRORS:
        found = re.fullmatch(pattern, message.strip())
        if found:
            return chinese.format(*found.groups())
    return message


# Placeholders argparse makes from argument names (``-o OUTPUT``), in Chinese.
_METAVARS = {
    "output": "输出文件", "template": "模板", "previous": "上年文件", "issuer": "发文机关",
    "year": "年度", "into": "汇总文件", "name": "小节", "deadline": "截止日期",
    "send_to": "报送单位", "source": "来源文件", "file": "文件", "dir": "文件夹",
    "folder": "文件夹", "units": "单位文件", "files": "文件",
}


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Help text with a Chinese usage line and Chinese placeholders."""

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return _METAVARS.get(action.dest, action.dest.upper())

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return _METAVARS.get(action.dest, action.dest)

    def _metavar_formatter(self, action: argparse.Action, default_metavar: str) -> Any:
        pseudo = argparse._SubParsersAction._ChoicesPseudoAction  # a command's name: never translated
        if (isinstance(action.metavar, str) and action.metavar.lower() in _METAVARS
                and not isinstance(action, pseudo)):
            action.metavar = _METAVARS[action.metavar.lower()]
        return super()._metavar_formatter(action, default_metavar)

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` (and, through ``add_subparsers``, its sub-parsers) speaking Chinese."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="显示本帮助并退出")

    def add_version(self, version: str) -> None:
        """Add ``--version`` with its help line in Chinese."""
        self.add_argument("--version", action="version", version=version, help="显示版本号并退出")

    def error(self, message: str) -> NoReturn:
        """Print the usage and the usage error in Chinese; exit 2 (as argparse does)."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate_error(message)}\n")
