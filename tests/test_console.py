"""Off a terminal, drafter prints text lines itself, exactly as rich would print them there."""

from __future__ import annotations

import pytest
from rich.table import Table

from drafter.console import PlainConsole, console, rich_console


@pytest.fixture(autouse=True)
def no_forced_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("text", [
    "已生成 Word 文档：/tmp/报告.docx", "a\rb\x07c\x08d\x0be\x0cf", "路径 :smile: 照原样", "  两端空格  ",
    "多行\n第二行", "[bold]不是标记[/bold]", "字" * 200, "制表\t符", "",
])
@pytest.mark.parametrize("stderr", [False, True])
def test_plain_console_writes_what_rich_writes_off_a_terminal(text, stderr, capsys):
    rich_console(stderr=stderr).print(text, style="green")
    expected = capsys.readouterr()
    PlainConsole(stderr=stderr).print(text, style="green", markup=False)
    assert capsys.readouterr() == expected


def test_a_table_still_goes_through_rich(capsys):
    table = Table(title="共处理 2 个文件")
    table.add_column("结果")
    table.add_row("完成")
    rich_console().print(table)
    expected = capsys.readouterr().out
    PlainConsole().print(table)
    assert capsys.readouterr().out == expected and "共处理 2 个文件" in expected


def test_rich_only_where_colour_shows(monkeypatch):
    assert isinstance(console(), PlainConsole)            # pytest captures the output
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not isinstance(console(), PlainConsole)
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    assert not isinstance(console(stderr=True), PlainConsole)
