"""``drafter --help``, every subcommand's help and argparse's usage errors are in Chinese."""

from __future__ import annotations

import re

import pytest

from drafter.cli import build_parser, main

ENGLISH = re.compile(r"usage|positional arguments|options:|show this help|show program|"
                     r"required|invalid choice|unrecognized|\b(?!YAML\b)[A-Z_]{4,}\b")


def commands() -> list[list[str]]:
    """Return every command and subcommand of the parser, e.g. ["template", "init"]."""
    found = [[]]
    parser = build_parser()
    for action in parser._subparsers._group_actions:  # noqa: SLF001 - argparse keeps them there
        for name, sub in action.choices.items():
            found.append([name])
            for inner in sub._actions:  # noqa: SLF001
                if isinstance(inner.choices, dict):
                    found.extend([name, deeper] for deeper in inner.choices)
    return found


@pytest.mark.parametrize("command", commands(), ids=" ".join)
def test_every_help_is_chinese(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main([*command, "--help"])
    assert ended.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("用法：drafter") and "显示本帮助并退出" in shown
    if command == ["template"]:
        assert "init " in shown and "check " in shown               # command names stay as typed
    assert not ENGLISH.search(shown), ENGLISH.search(shown)


def test_usage_errors_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, said in ((["check"], "缺少必需的参数：文件"), (["bogus"], "没有“bogus”这一项"),
                       (["check", "a.yaml", "--nonsense"], "不认识的参数：--nonsense")):
        with pytest.raises(SystemExit) as ended:
            main(argv)
        assert ended.value.code == 2
        shown = capsys.readouterr().err
        assert said in shown and "用法：drafter" in shown and "错误：" in shown, shown
