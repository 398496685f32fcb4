"""The system's reasons for a refused file operation reach the clerk in Chinese."""

from __future__ import annotations

import errno

import pytest

from drafter.errors import os_reason


@pytest.mark.parametrize("code, words", [
    (errno.EACCES, "没有权限"), (errno.ENOSPC, "磁盘已满"), (errno.ENOENT, "不存在"),
    (errno.EROFS, "只读"), (errno.ENAMETOOLONG, "太长"), (errno.EFBIG, "文件太大"),
])
def test_common_reasons_are_chinese(code, words):
    assert words in os_reason(OSError(code, "english words"))
    assert "english" not in os_reason(OSError(code, "english words"))


def test_an_unusual_reason_keeps_its_number_for_support():
    assert os_reason(OSError(errno.EPROTO, "Protocol error")) == f"系统错误 {errno.EPROTO}：Protocol error"
    assert os_reason(OSError("no errno at all")).startswith("系统错误：")
