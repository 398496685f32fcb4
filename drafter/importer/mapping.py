"""Place the headings of a published report on the declared structure, by their wording.

Level-1 headings map to the statutory parts (主要举措和成效, 存在的不足, 第一责任人,
下一年度安排, 其他) or, where a report writes themed level-1 headings instead
(“一、始终以学习贯彻习近平法治思想为主线……”), straight to a subsection of the
measures part. Level-2 headings under the measures part map to its subsections. The
words that decide are the ``keywords:`` of each part and subsection in structure.yaml:
a heading scores the length of every keyword it contains; a heading without any is
placed by the keywords of its text, when they are clear enough. A report without a
heading for its problems or its plans (a paragraph “……还存在一些不足……”, “下一步，……”)
gets those parts where such a paragraph starts.

Every paragraph stays: as an item of the subsection it came from, as a part's intro,
or in the list of what could not be placed.
"""

from __future__ import annotations

import re

import msgspec

from ..structure import Section, Structure
from ..values import cn_ordinal
from .outline import ENDERS, Node

BODY_THRESHOLD = 8
# “……虽取得了一定成绩，但还存在一些问题和不足” / “在取得成绩的同时，还存在一些不足” / “存在的问题主要是”
_PROBLEM_SIGNAL = re.compile(r"(取得|成绩|成效)[^。]{0,40}(存在|还有|仍有|面临)[^。：]{0,16}(问题|不足|短板|差距|薄弱)"
                             r"|^(存在的?|主要)(问题|不足)")
_NEXT_SIGNAL = ("下一步", "下阶段", "今后", "新的一年", "明年")


class BlockText(msgspec.Struct):
    """What one part or subsection receives: its heading as written, intro and items."""

    heading: str = ""
    intro: list[str] = msgspec.field(default_factory=list)
    items: list[str] = msgspec.field(default_factory=list)


class Placement(msgspec.Struct, frozen=True):
    """Where one heading of the source went."""

    source: str  # the heading as written, marker included
    line: int
    target: str  # block id (measures, measures.disputes) or "" when it could not be placed
    how: str  # 按标题 / 按正文 / 按段落 / 未能归入
    merged: bool = False  # a second heading placed on the same subsection
    level: int = 1  # 1 for a level-1 heading (or a part found by its paragraph), 2 for a subsection


class Assembly(msgspec.Struct):
    """The report's text laid on the structure."""

    blocks: dict[str, BlockText] = msgspec.field(default_factory=dict)
    placements: list[Placement] = msgspec.field(default_factory=list)
    parts_in_order: list[str] = msgspec.field(default_factory=list)
    unplaced: list[str] = msgspec.field(default_factory=list)
    skipped: int = 0  # paragraphs that were drafter's own figure sentences, read as figures
    line_blocks: dict[int, str] = msgspec.field(default_factory=dict)  # source line → block id ('' unplaced)

    def block_of(self, line: int) -> str:
        """Return the block a source line went to, '' when it was not placed."""
        return self.line_blocks.get(line, "")


class _Group(msgspec.Struct):
    node: Node | None
    children: list[Node] = msgspec.field(default_factory=list)
    implicit: str = ""  # part key of a part found by its first paragraph


class Mapper:
    """Lay the outline of one report on one structure."""

    def __init__(self, structure: Structure, year: int | None = None) -> None:
        self.structure = structure
        self.year = year
        self.parts = {p.key: p for p in structure.parts}
        self.sections_part = next((p for p in structure.parts if p.has_sections), None)
        self._generated: set[int] = set()
        self._owners: dict[int, str] = {}

    # --- classification -----------------------------------------------------------------------

    def classify_level1(self, heading: str, text: str) -> tuple[str, str]:
        """Return (block id, how) for a level-1 heading: a part, a measures subsection, or ''."""
        blocks = list(self.structure.parts) + list(self.sections_part.sections if self.sections_part else [])
        scored = [(_score(heading, b.keywords, b.heading), ".".join(b.path)) for b in blocks]
        best = max(scored, key=lambda item: item[0], default=(0, ""))
        if best[0] > 0:
            return best[1], "按标题"
        section, how = self.classify_section(heading, text)
        return section, how

    def classify_section(self, heading: str, text: str) -> tuple[str, str]:
        """Return (block id, how) for a subsection heading of the measures part, or ('', 未能归入)."""
        if self.sections_part is None:
            return "", "未能归入"
        sections = self.sections_part.sections
        best = max(((_score(heading, s.keywords, s.heading), ".".join(s.path)) for s in sections),
                   key=lambda item: item[0])
        if best[0] > 0:
            return best[1], "按标题"
        best = max(((_body_score(text, s.keywords), ".".join(s.path)) for s in sections),
                   key=lambda item: item[0])
        if best[0] >= BODY_THRESHOLD:
            return best[1], "按正文"
        return "", "未能归入"

    def _section_ids(self) -> set[str]:
        return {".".join(s.path) for s in self.sections_part.sections} if self.sections_part else set()

    # --- assembly -----------------------------------------------------------------------------

    def assemble(self, nodes: list[Node], generated: set[int], owners: dict[int, str] | None = None) -> Assembly:
        """Return the blocks of the report; ``generated`` holds the lines that were figure sentences,
        ``owners`` the subsection each of drafter's own figure sentences was written for."""
        result = Assembly()
        self._generated = generated
        self._owners = owners or {}
        groups = self._groups(nodes)
        for group in groups:
            self._place_group(group, result)
        return result

    def _groups(self, nodes: list[Node]) -> list[_Group]:
        groups: list[_Group] = [_Group(None)]
        for node in nodes:
            if node.level == 1:
                groups.append(_Group(node))
            else:
                groups[-1].children.append(node)
        if not groups[0].children:
            groups.pop(0)
        explicit = set()
        for group in groups:
            if group.node is not None:
                target, _ = self.classify_level1(group.node.run_in()[0], "")
                explicit.add(target.split(".")[0])
        return self._split_implicit(groups, explicit)

    def _split_implicit(self, groups: list[_Group], explicit: set[str]) -> list[_Group]:
        """Start the problems and next-year parts where an unheaded paragraph begins them."""
        wanted = [key for key in ("problems", "next_year") if key in self.parts and key not in explicit]
        if not wanted:
            return groups
        result: list[_Group] = []
        started: set[str] = set()
        for group in groups:
            current = _Group(group.node, implicit=group.implicit)
            result.append(current)
            for node in group.children:
                signal = self._implicit_signal(node) if not node.is_heading and not node.is_item else ""
                if signal in wanted and signal not in started and (
                        signal != "problems" or "next_year" not in started):
                    started.add(signal)
                    current = _Group(None, implicit=signal)
                    result.append(current)
                current.children.append(node)
        return result

    def _implicit_signal(self, node: Node) -> str:
        first = re.split(r"[。：]", node.text, maxsplit=1)[0]
        if _PROBLEM_SIGNAL.search(first):
            return "problems"
        if node.text.startswith(_NEXT_SIGNAL):
            return "next_year"
        if self.year and node.text.startswith(f"{self.year + 1}年") and "将" in first:
            return "next_year"  # “2025年，曲沃县将坚持……”
        return ""

    def _place_group(self, group: _Group, result: Assembly) -> None:
        if group.implicit:
            target, how, heading, source, line = group.implicit, "按段落", "", "（无标题）", 0
            if group.children:
                line = group.children[0].line
                source = "（无标题）" + _shorten(group.children[0].text)
        elif group.node is None:
            target, how = (self.sections_part.key if self.sections_part else ""), "按段落"
            heading, source, line = "", "（第一个标题之前）", group.children[0].line if group.children else 0
        else:
            heading, body = group.node.run_in()
            text = " ".join([body] + [n.text for n in group.children])
            target, how = self.classify_level1(heading, text)
            source, line = group.node.raw if len(group.node.raw) <= 60 else group.node.marker + heading, \
                group.node.line
            if body:
                group.children.insert(0, Node(0, 0, body, group.node.line, body))
        if not target:
            result.placements.append(Placement(source, line, "", "未能归入"))
            self._unplace(result, group.node, group.children)
            return
        part_key = target.split(".")[0]
        if part_key not in result.parts_in_order:
            result.parts_in_order.append(part_key)
        if "." in target:  # a themed level-1 heading: a subsection of the measures part
            self._add_block(result, target, heading, group.children, "section", source, line, how)
        elif self.parts[target].has_sections:
            result.placements.append(Placement(source, line, target, how))
            text = result.blocks.setdefault(target, BlockText())
            text.heading = text.heading or self._own_heading(heading, self.structure.block(target))
            self._place_sections(group.children, result)
        else:
            self._add_block(result, target, heading, group.children, "part", source, line, how)

    def _place_sections(self, nodes: list[Node], result: Assembly) -> None:
        before: list[Node] = []
        sections: list[tuple[Node, list[Node]]] = []
        for node in nodes:
            if node.level == 2:
                sections.append((node, []))
            elif sections:
                sections[-1][1].append(node)
            else:
                before.append(node)
        if before:
            result.placements.append(Placement("（小标题之前的段落）", before[0].line, "", "未能归入", level=2))
            self._unplace(result, None, before)
        for heading_node, children in sections:
            heading, body = heading_node.run_in()
            content = ([Node(0, 0, body, heading_node.line, body)] if body else []) + children
            owned = {self._owners[n.line] for n in content if n.line in self._owners}
            if len(owned) == 1 and (owner := owned.pop()) in self._section_ids():
                target, how = owner, "按数字句"
            else:
                target, how = self.classify_section(heading, " ".join(n.text for n in content))
            source = heading_node.marker + heading
            if not target:
                result.placements.append(Placement(source, heading_node.line, "", how, level=2))
                self._unplace(result, heading_node, children)
                continue
            self._add_block(result, target, heading, content, "section", source, heading_node.line, how, 2)

    def _add_block(self, result: Assembly, target: str, heading: str, nodes: list[Node], mode: str,
                   source: str, line: int, how: str, level: int = 1) -> None:
        result.line_blocks[line] = target
        for node in nodes:
            result.line_blocks[node.line] = target
        intro, items = self._items(nodes, mode, result)
        block = self.structure.block(target)
        merged = target in result.blocks
        result.placements.append(Placement(source, line, target, how, merged, level))
        text = result.blocks.setdefault(target, BlockText())
        if not merged:
            text.heading = self._own_heading(heading, block)
        elif heading.strip():
            # the second heading placed here is kept as the run-in lead of its first paragraph
            lead = heading.strip().rstrip("：:。") + "。"
            if items and not intro:
                items[0] = lead + items[0]
            elif intro:
                intro[0] = lead + intro[0]
            else:
                items = [lead]
        if merged and intro and text.items:
            items = intro + items  # a second intro is content of the merged subsection
            intro = []
        text.intro.extend(intro)
        text.items.extend(items)

    def _own_heading(self, heading: str, block: Section) -> str:
        heading = heading.strip().rstrip("：:。")
        if self.year is not None:
            heading = heading.replace(f"{self.year + 1}年", "下一年度")
        return "" if heading == block.heading else heading

    def _unplace(self, result: Assembly, heading: Node | None, nodes: list[Node]) -> None:
        if heading is not None:
            result.unplaced.append(heading.raw)
        for node in nodes:
            if node.line in self._generated and not node.is_heading:
                result.skipped += 1
                continue
            result.unplaced.append(node.raw)

    # --- items --------------------------------------------------------------------------------

    def _items(self, nodes: list[Node], mode: str, result: Assembly) -> tuple[list[str], list[str]]:
        """Return (intro paragraphs, items) of a block's content.

        Marked lines (（一）, 1., 一是) start items, without their marker (drafter numbers them
        again); an unmarked paragraph after an item continues it on a new line. Before the
        first item, paragraphs are the intro (in a subsection only when items follow), except after
        drafter's own figure sentence, which its templates write between the intro and the items
        (a single item is printed without a number).
        """
        content = []
        sentence_line: int | None = None  # the first of drafter's figure sentences in the block
        for node in nodes:
            if node.level == 0 and node.number == 0 and node.line in self._generated:
                result.skipped += 1
                sentence_line = node.line if sentence_line is None else sentence_line
                continue
            content.append(node)
        marked = [n for n in content if n.level in (2, 3) or n.is_item
                  or n.level == 0 and _splits(n.text, mode)]
        if mode == "section" and not marked:
            return [], [n.text for n in content]
        intro: list[str] = []
        items: list[str] = []
        join_next = False
        for node in content:
            if node.level in (2, 3) or node.is_item:
                text = node.text
                # A heading alone on its line (1.加强党的领导) takes the paragraph after it.
                join_next = node.is_heading and not re.search(r"[。！？；]", text)
                lead, split = _inline_items(text) if mode == "part" or not node.is_heading else ("", [])
                if split and not lead:
                    items.extend(split)
                else:
                    items.append(text)
                continue
            text = node.raw if node.level == 4 else node.text
            if node.level == 0 and _splits(text, mode):
                lead, split = _inline_items(text)
                if lead and items:
                    _continue(items, lead)
                elif lead:
                    intro.append(lead)
                items.extend(split)
                join_next = False
            elif not items and (sentence_line is None or node.line < sentence_line):
                intro.append(text)
            elif not items:
                items.append(text)
            elif join_next:
                items[-1] = items[-1] + ("" if items[-1].endswith(tuple(ENDERS)) else "。") + text
                join_next = False
            else:
                _continue(items, text)
        return intro, items


def _continue(items: list[str], text: str) -> None:
    items[-1] = items[-1] + "\n" + text


def _splits(text: str, mode: str) -> bool:
    """Whether a paragraph is cut into items: in a part always, in a subsection when it starts with 一是."""
    lead, items = _inline_items(text)
    return bool(items) and (mode == "part" or not lead)


def _inline_items(text: str) -> tuple[str, list[str]]:
    """Split “……：一是……。二是……。” into its lead and items; no split without 一是 and 二是."""
    starts = []
    position = 0
    for number in range(1, 30):
        marker = cn_ordinal(number) + "是"
        found = -1
        index = text.find(marker, position)
        while index >= 0:
            if index == 0 or text[index - 1] in "。；：;:":
                found = index
                break
            index = text.find(marker, index + 1)
        if found < 0:
            break
        starts.append(found)
        position = found + len(marker)
    if len(starts) < 2:
        return text, []
    lead = text[: starts[0]].strip()
    items = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        marker = cn_ordinal(index + 1) + "是"
        items.append(text[start + len(marker): end].strip())
    return lead, items


def _score(heading: str, keywords: tuple[str, ...], own_heading: str = "") -> int:
    """Letters of keywords in the heading; the block's own heading (as drafter writes it) wins outright."""
    if own_heading and _plain(heading) == _plain(own_heading):
        return 1000
    return sum(len(word) for word in keywords if word in heading)


def _plain(text: str) -> str:
    return re.sub(r"[\s，、。：；]", "", text)


def _body_score(text: str, keywords: tuple[str, ...]) -> int:
    return sum(len(word) * min(text.count(word), 5) for word in keywords)


def _shorten(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[:width] + "……"
