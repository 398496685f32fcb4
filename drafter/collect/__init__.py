"""Collecting figures from the units: Excel forms out, filled workbooks back in, status, 汇总表.

``layout`` says where everything sits in a collection workbook; ``form`` writes
it, ``reader`` reads a returned one through the same validator as ``drafter
check``, ``status`` lists who sent what, ``table`` writes the 汇总表. openpyxl is
imported only inside these modules' functions, so ``check`` and ``render`` never
load it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def register(sub: Any) -> None:
    """Add ``form`` and ``status`` to the ``drafter`` subcommands."""
    form = sub.add_parser("form", help="生成发给各单位的 Excel 数字收集表",
                          description="按模板结构生成收集表（.xlsx）：填表说明、数字（每个数字一行）、工作内容；"
                                      "用 --units 给名单中的每个单位各生成一份")
    form.add_argument("output", help="收集表文件（.xlsx）；用 --units 时按“文件名-单位.xlsx”各生成一份")
    form.add_argument("--template", default="default", help="按哪套模板生成：default（县政府）、department（政府部门）或模板文件夹")
    form.add_argument("--units", metavar="名单.txt", help="单位名单，每行一个单位名称")
    form.add_argument("--year", type=int, help="报告年度，默认为上一年")
    form.add_argument("--previous", metavar="上年/", help="上年各单位的数据文件（.yaml 或收回的 .xlsx）所在文件夹，或一个文件：填入“上年”一列")
    form.add_argument("--deadline", default="", help="报送截止日期，写在填表说明中，如 2026年1月15日")
    form.add_argument("--send-to", default="", help="填好后报送给谁，写在填表说明中，如“县依法治县办 王某 0352-1234567”")
    form.add_argument("--force", action="store_true", help="收集表文件已存在时覆盖它")
    form.set_defaults(handler=_lazy("cmd_form"))

    status = sub.add_parser("status", help="查看各单位收集表的收回情况，列出未收回和填错的单位",
                            description="读取文件夹中收回的收集表（.xlsx）和数据文件（.yaml），按单位名单列出收回情况、"
                                        "已填数字、错误和警告")
    status.add_argument("folder", help="放收回文件的文件夹")
    status.add_argument("--units", metavar="名单.txt", help="单位名单，每行一个单位名称")
    status.add_argument("--year", type=int, help="本次收集的报告年度，默认取多数文件的年度")
    status.add_argument("--xlsx", metavar="进度.xlsx", help="同时把收回情况存为 Excel 表，便于催报")
    status.add_argument("--force", action="store_true", help="进度表已存在时覆盖它")
    status.set_defaults(handler=_lazy("cmd_status"))


def _lazy(name: str) -> Callable[[argparse.Namespace], int]:
    """Return a handler that imports the collection commands only when one of them runs."""
    def handler(args: argparse.Namespace) -> int:
        from . import commands

        return int(getattr(commands, name)(args))
    return handler
