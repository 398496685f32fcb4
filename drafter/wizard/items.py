"""The clerk's own paragraphs of a subsection: a list to add to, edit, remove from and reorder.

Each paragraph may run over several lines; the list is saved after every change.
"""

from __future__ import annotations

from collections.abc import Callable

import questionary

from .screen import Screen

MULTILINE_HINT = "（可以换行；写完后按 Esc 再按 Enter 保存，什么也不写则不添加）\n> "
PREVIEW = 36


def move(items: list[str], index: int, to: int) -> list[str]:
    """Return ``items`` with the entry at ``index`` moved to position ``to``."""
    moved = list(items)
    entry = moved.pop(index)
    moved.insert(max(0, min(to, len(moved))), entry)
    return moved


def preview(text: str, width: int = PREVIEW) -> str:
    """Return the start of a paragraph on one line."""
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= width else flat[:width] + "……"


def clean(text: str | None) -> str:
    """Return a typed or pasted paragraph: lines trimmed (the layout indents), no blank lines, no tabs.

    Tabs and leading spaces would make the YAML file unreadable or change its
    indentation, and the first-line indent of a paragraph is the layout's job.
    """
    lines = (line.replace("\t", " ").strip() for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


def edit_items(screen: Screen, items: list[str], save: Callable[[list[str]], None],
               show: Callable[[], None]) -> list[str]:
    """Let the clerk work on ``items`` until done; call ``save`` after every change.

    ``show`` redraws the top of the screen (header and subsection) before each menu.
    """
    items = list(items)
    while True:
        show()
        _list(screen, items)
        action = screen.select("工作内容（每条一段）：", _actions(items))
        if action == "done":
            return items
        if action == "add":
            text = _write(screen, "新的一条：")
            if text:
                items.append(text)
        else:
            index = _pick(screen, items, {"edit": "修改哪一条？", "remove": "删除哪一条？",
                                          "move": "移动哪一条？"}[action])
            if index is None:
                continue
            if action == "edit":
                text = _write(screen, f"修改第 {index + 1} 条：", items[index])
                if text:
                    items[index] = text
                elif screen.yes_no("内容已清空，删除这一条吗？", default=False):
                    del items[index]
            elif action == "remove":
                if screen.yes_no(f"确定删除第 {index + 1} 条“{preview(items[index])}”吗？",
                                 default=False):
                    del items[index]
            else:
                to = screen.select("移到第几条？", [(f"第 {n + 1} 条", n) for n in range(len(items))],
                                   default=index, back=index)
                items = move(items, index, to)
        save(items)


def _actions(items: list[str]) -> list[tuple[str, str]]:
    actions = [("添加一条", "add")]
    if items:
        actions += [("修改一条", "edit"), ("删除一条", "remove")]
    if len(items) > 1:
        actions.append(("调整顺序", "move"))
    actions.append(("写好了，继续" if items else "不写了，继续", "done"))
    return actions


def _list(screen: Screen, items: list[str]) -> None:
    if not items:
        screen.say("  （还没有内容）", "dim")
    for number, text in enumerate(items, start=1):
        screen.say(f"  {number}. {preview(text, 60)}")


def _pick(screen: Screen, items: list[str], message: str) -> int | None:
    choices = [(f"{n + 1}. {preview(text)}", n) for n, text in enumerate(items)]
    index = screen.select(message, choices + [("返回", -1)], back=-1)
    return None if index == -1 else index


def _write(screen: Screen, message: str, default: str = "") -> str:
    return clean(screen.ask(questionary.text(message, default=default, multiline=True,
                                             instruction=MULTILINE_HINT)))
