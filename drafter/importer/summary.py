"""The summary screen of ``drafter import``: what was recognized, for the clerk to confirm."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..problems import Level
from ..structure import Structure
from ..values import cn_date
from .command import ImportResult
from .figures import Extraction

CONTEXT = 22


def print_summary(console: Console, result: ImportResult) -> None:
    """Print what an import recognized: metadata, parts and subsections, figures, leftovers."""
    structure = result.structure
    target = f" → {result.output}" if result.output else ""
    console.print(f"导入：{result.source}{target}", style="bold")
    _metadata(console, result)
    _structure(console, result, structure)
    _figures(console, result, structure)
    _left_out(console, result, structure)
    _check(console, result)


def _metadata(console: Console, result: ImportResult) -> None:
    found = result.meta_found
    console.print()
    console.print(f"文档信息：识别出 {len(found)} 项", style="bold cyan")
    table = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
    table.add_column("项目", no_wrap=True)
    table.add_column("内容", ratio=3, overflow="fold")
    table.add_column("依据", ratio=2, overflow="fold", style="dim")
    labels = {f.key: f.label for f in result.structure.meta.fields}
    for item in found:
        where = item.how + (f"，第 {item.line} 行" if item.line else "")
        table.add_row(labels.get(item.key, item.key), _show(item.value), where)
    opening = result.data.get("opening") or {}
    if opening.get("theme"):
        table.add_row("本地工作主线", opening["theme"], f"开头段，第 {result.frame.opening_line} 行")
    if opening.get("summary"):
        table.add_row("总体成效", opening["summary"], "开头段")
    console.print(table)
    missing = [f.label for f in result.structure.meta.fields
               if f.required and f.key not in (result.data.get("meta") or {})]
    if missing:
        console.print("没有找到：" + "、".join(missing) + "（必填，请在文件中补上）", style="red")
    notes = list(result.source_notes)
    if result.template_reason:
        notes.append(result.template_reason)
    if result.converted:
        notes.append(f"原文是繁体字，已转为简体（{result.converted} 个字）")
    if result.doubled:
        notes.append(f"原文有 {result.doubled} 处重复的标点（如“，，”“，。”），已改为一个")
    if result.frame.debris:
        notes.append(f"删去了网页上的栏目文字 {len(result.frame.debris)} 行（如“"
                     f"{_shorten(result.frame.debris[0][1], 16)}”）")
    for note in notes:
        console.print("· " + note)
    for garble in result.garbles:
        console.print(f"· 第 {garble.line} 行疑似乱码“{garble.text}”：…{garble.context}…，"
                      "已原样保留，请对照原文改正", style="yellow")


def _structure(console: Console, result: ImportResult, structure: Structure) -> None:
    titles = {".".join(b.path): b.heading for b in structure.blocks()}
    numbers = {p.key: index for index, p in enumerate(structure.parts, start=1)}
    console.print()
    found = "、".join(f"{numbers[key]}.{titles[key]}" for key in result.assembly.parts_in_order)
    console.print(f"结构：找到 {len(result.assembly.parts_in_order)} 个部分（{found}）", style="bold cyan")
    table = Table(box=box.SIMPLE, show_header=True, pad_edge=False)
    table.add_column("原文标题", ratio=1, overflow="fold")
    table.add_column("归入", ratio=1, overflow="fold")
    table.add_column("依据", style="dim", no_wrap=True)
    for placement in result.assembly.placements:
        indent = "  " * (placement.level - 1)
        if placement.target:
            target = titles[placement.target]
            if placement.merged:
                target += "（与上一个同类小节合并，标题用前一个）"
            table.add_row(indent + _shorten(placement.source, 34), target,
                          f"{placement.how}，第 {placement.line} 行")
        else:
            table.add_row(indent + _shorten(placement.source, 34), Text("未能归入", style="red"),
                          f"第 {placement.line} 行")
    console.print(table)
    if result.assembly.skipped:
        console.print(f"· {result.assembly.skipped} 段是 drafter 按数字生成的句子，已读回为数字，不再作为工作内容")


def _figures(console: Console, result: ImportResult, structure: Structure) -> None:
    accepted = [(key, item) for key, item in result.figures.accepted.items()
                if key not in {e.key for e, _ in result.dropped}]
    console.print()
    console.print(f"数字：提取出 {len(accepted)} 个，请对照原文逐一核对（原文仍保留在工作内容中）",
                  style="bold cyan")
    if not accepted:
        return
    table = Table(box=box.SIMPLE, show_header=True, pad_edge=False)
    table.add_column("数字", ratio=3, overflow="fold")
    table.add_column("值", justify="right", no_wrap=True)
    table.add_column("行", justify="right", no_wrap=True, style="dim")
    table.add_column("原文", ratio=5, overflow="fold", style="dim")
    for key, item in accepted:
        spec = structure.fields[key]
        note = result.noted.get(key)
        source = Text(context_of(item))
        if note:
            source.append(f"（⚠ {note}，请核对）", style="yellow")
        table.add_row(spec.label, f"{item.value}{spec.shown_unit}", str(item.line), source)
    console.print(table)


def _left_out(console: Console, result: ImportResult, structure: Structure) -> None:
    if result.dropped:
        console.print()
        console.print(f"没有填入的数字：{len(result.dropped)} 个", style="bold yellow")
        for item, why in result.dropped:
            console.print(f"· {structure.fields[item.key].label}：{why}（第 {item.line} 行：{context_of(item)}）")
    unplaced = result.unplaced
    console.print()
    if not unplaced:
        console.print("未能归位的段落：没有", style="bold cyan")
        return
    console.print(f"未能归位的段落：{len(unplaced)} 段，已放在文件末尾的 unplaced: 下，"
                  "请移到合适小节的 items 下或删除（生成文档时不会写入）", style="bold yellow")
    for text in unplaced:
        console.print("· " + _shorten(text, 60))


def _check(console: Console, result: ImportResult) -> None:
    errors = [p for p in result.problems if p.level is Level.ERROR]
    warnings = [p for p in result.problems if p.level is Level.WARNING]
    console.print()
    name = result.output or "导出的文件"
    if errors:
        console.print(f"检查：{len(errors)} 处错误、{len(warnings)} 处警告，请运行 drafter check {name} 查看",
                      style="red")
    elif warnings:
        console.print(f"检查：没有错误，{len(warnings)} 处警告；可运行 drafter check {name} 查看", style="yellow")
    else:
        console.print("检查：没有发现问题", style="green")
    if result.output:
        console.print(f"下一步：打开 {result.output} 核对、修改，再运行 drafter render {result.output} 生成 Word 文档")


def context_of(item: Extraction) -> str:
    """Return the part of the source sentence around the number, for confirming it."""
    sentence = item.sentence.replace("\n", " ")
    at = sentence.find(item.written)
    if at < 0:
        return _shorten(sentence, 2 * CONTEXT)
    start, end = max(0, at - CONTEXT), min(len(sentence), at + len(item.written) + CONTEXT // 2)
    return ("…" if start else "") + sentence[start:end] + ("…" if end < len(sentence) else "")


def _show(value: object) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if hasattr(value, "year") and hasattr(value, "day"):
        return cn_date(value)  # type: ignore[arg-type]
    return str(value)


def _shorten(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width] + "……"
