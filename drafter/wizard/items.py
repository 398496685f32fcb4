"""The clerk's work items of a subsection: a list to add to, edit, remove from and reorder.

An item may hold several paragraphs: a line break inside an item starts a new
paragraph of the same item in the .docx (the enumerator 一是/1. only on its first),
and the list on screen shows each of its paragraphs on a line of its own, the same
way. The list is saved after every change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import questionary
from prompt_toolkit.key_binding import KeyBindings
from rich.cells import cell_len

from .answers import Draft
from .prefill import watch_text
from .screen import Screen

# What saves comes first: a narrow window cuts the end of the line.
MULTILINE_HINT = ("（写完按 Esc 再按 Enter 保存；回车换行＝报告中另起一段，仍属这一条；"
                  "什么也不写则不添加）\n> ")
PREVIEW = 36
LAST_YEAR_SHOWN = 5
PARAGRAPH_MARK = " ↵ "  # between the paragraphs of one item where it must fit on one line


def move(items: list[str], index: int, to: int) -> list[str]:
    """Return ``items`` with the entry at ``index`` moved to position ``to``."""
    moved = list(items)
    entry = moved.pop(index)
    moved.insert(max(0, min(to, len(moved))), entry)
    return moved


def preview(text: str, width: int = PREVIEW) -> str:
    """Return the start of an item on one line, its paragraphs apart by ↵."""
    flat = PARAGRAPH_MARK.join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= width else flat[:width] + "……"


def fit(text: str, cells: int) -> str:
    """Return ``text`` cut to ``cells`` terminal columns (a Chinese character takes two), ending in …… when cut."""
    if cell_len(text) <= cells:
        return text
    kept = ""
    for ch in text:
        if cell_len(kept + ch) > max(cells - 4, 0):
            break
        kept += ch
    return kept + "……"


def clean(text: str | None) -> str:
    """Return a typed or pasted paragraph: lines trimmed (the layout indents), no blank lines, no tabs.

    Tabs and leading spaces would make the YAML file unreadable or change its
    indentation, and the first-line indent of a paragraph is the layout's job.
    """
    lines = (line.replace("\t", " ").strip() for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


Keep = Callable[[int | None, str | None], None]
"""Called with (item number or None for a new item, text typed so far) while a paragraph is typed,
and with (…, None) once it is saved or given up."""


def edit_items(screen: Screen, items: list[str], save: Callable[[list[str]], None],
               show: Callable[[], None], *, pending: Draft | None = None,
               keep: Keep | None = None, last_year: Sequence[str] = (),
               keys: KeyBindings | None = None, noun: str = "工作内容") -> list[str]:
    """Let the clerk work on ``items`` until done; call ``save`` after every change.

    ``show`` redraws the top of the screen (header and subsection) before each menu.
    ``pending`` is a paragraph left unsaved by the last run, offered back first;
    ``keep`` follows the paragraph being typed so that an interruption does not lose it.
    ``last_year`` are last year's items of the subsection: listed under this year's, and
    one can be copied into this year's list and edited there. ``keys`` are the moving keys
    of the menu (PgUp leaves it for the question before).
    ``noun`` is what the paragraphs are called (工作内容, or 内容 for 存在的不足 and the like).
    """
    items = list(items)
    if pending is not None:
        items = _offer_draft(screen, items, pending, show, keep)
        save(items)
    while True:
        show()
        _list(screen, items)
        _last_year(screen, last_year)
        action = screen.select(f"{noun}（每条一段）：", _actions(items, len(last_year)), keys=keys)
        if action == "done":
            return items
        if action == "add":
            text = _write(screen, "新的一条：", keep=keep)
            if text:
                items.append(text)
        elif action == "copy":
            chosen = _pick(screen, list(last_year), "复制上年的哪一条？（复制后可以修改）")
            if chosen is None:
                continue
            text = _write(screen, "新的一条（从上年复制，改好后保存）：", last_year[chosen], keep=keep)
            if text:
                items.append(text)
        else:
            index = _pick(screen, items, {"edit": "修改哪一条？", "remove": "删除哪一条？",
                                          "move": "移动哪一条？"}[action])
            if index is None:
                continue
            if action == "edit":
                text = _write(screen, f"修改第 {index + 1} 条：", items[index], keep=keep,
                              index=index)
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


def _changed_part(before: str, after: str, width: int = PREVIEW) -> str:
    """Return the changed item around where it first differs from what it was, so the clerk sees
    the change and not the unchanged start (……整改率100%，新加的话)."""
    start = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), min(len(before), len(after)))
    if start <= width // 2:
        return preview(after, width)
    return "……" + preview(after[start - width // 2:], width)


def _offer_draft(screen: Screen, items: list[str], pending: Draft, show: Callable[[], None],
                 keep: Keep | None) -> list[str]:
    """Offer the paragraph typed when the last run stopped; return the items with it, if taken."""
    index = pending.item if pending.item is not None and pending.item < len(items) else None
    show()
    _list(screen, items)
    what = "新的一条" if index is None else f"第 {index + 1} 条的修改"
    shown = preview(pending.text) if index is None else _changed_part(items[index], pending.text)
    screen.say(f"上次正在写{what}，还没有保存：“{shown}”", "bold yellow")
    if not screen.yes_no("接着写这一条吗？（选“否”就不要它了）", default=True):
        if keep is not None:
            keep(index, None)
        return items
    message = "新的一条：" if index is None else f"修改第 {index + 1} 条："
    text = _write(screen, message, pending.text, keep=keep, index=index)
    items = list(items)
    if text and index is None:
        items.append(text)
    elif text and index is not None:
        items[index] = text
    return items


def _actions(items: list[str], last_year: int = 0) -> list[tuple[str, str]]:
    actions = [("添加一条", "add")]
    if last_year:
        actions.append((f"从上年的 {last_year} 条中复制一条再修改", "copy"))
    if items:
        actions += [("修改一条", "edit"), ("删除一条", "remove")]
    if len(items) > 1:
        actions.append(("调整顺序", "move"))
    actions.append(("写好了，继续" if items else "不写了，继续", "done"))
    return actions


def _list(screen: Screen, items: list[str]) -> None:
    if not items:
        screen.say("  （还没有内容）", "dim")
    width = screen.console.width
    for number, text in enumerate(items, start=1):
        lead = f"  {number}. "
        for paragraph in text.splitlines() or [""]:  # as in the .docx: one line per paragraph
            screen.say(lead + fit(paragraph.strip(), width - len(lead) - 1))
            lead = " " * len(lead)


def _last_year(screen: Screen, items: Sequence[str]) -> None:
    """List last year's items of the subsection, one line each, under this year's."""
    if not items:
        return
    screen.say(f"  上年的工作内容（{len(items)} 条）：", "dim")
    width = screen.console.width
    for number, text in enumerate(items[:LAST_YEAR_SHOWN], start=1):
        lead = f"    {number}. "
        screen.say(lead + fit(preview(text, 200), width - len(lead) - 1), "dim")
    if len(items) > LAST_YEAR_SHOWN:
        screen.say(f"    ……还有 {len(items) - LAST_YEAR_SHOWN} 条，选“从上年的……复制一条”可以看到全部", "dim")


def _pick(screen: Screen, items: list[str], message: str) -> int | None:
    choices = [(f"{n + 1}. {preview(text)}", n) for n, text in enumerate(items)]
    index = screen.select(message, choices + [("返回", -1)], back=-1)
    return None if index == -1 else index


def _write(screen: Screen, message: str, default: str = "", *, keep: Keep | None = None,
           index: int | None = None) -> str:
    question = questionary.text(message, default=default, multiline=True,
                                instruction=MULTILINE_HINT)
    if keep is not None:
        watch_text(question, lambda text: keep(index, text))
    text = clean(screen.ask(question))
    if keep is not None:
        keep(index, None)
    return text
