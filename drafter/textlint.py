"""A reader's checks of a finished report text: what a section chief would send back.

The text is the report as plain lines: ``# 一、标题`` and ``## （一）标题`` for headings,
any other line a paragraph, lines starting with ``@`` (title, signature, 版记) are
not prose and are skipped. Each check is one small function that yields
``(message, excerpt)`` pairs; ``lint_text`` runs them all and locates each finding
by part and paragraph. Nothing here knows the report's fields: what a check needs
from the template set (the statutory part titles, the clause openings that need a
subject) is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal

import msgspec

from .render.enumerators import FORMS, enumerator, enumerator_form
from .values import cn_ordinal

CJK = "\u4e00-\u9fff"
UNITS = ("人次", "场次", "万件", "万元", "亿元", "件", "次", "人", "场", "个", "项", "家", "条", "户", "份",
         "期", "宗", "名", "批", "支", "台", "册", "元", "所", "起", "篇", "部", "%")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_PART_NUMBER = re.compile(r"^([一二三四五六七八九十]+)、")
_SECTION_NUMBER = re.compile(r"^（([一二三四五六七八九十]+)）")

Hit = tuple[str, str]  # (message, excerpt)


class Finding(msgspec.Struct, frozen=True):
    """One fault in the text: the check that found it, where, what, and the words at fault."""

    check: str
    where: str
    message: str
    excerpt: str

    def format(self) -> str:
        """Return the finding as one line: ``where: message：“excerpt”``."""
        return f"{self.where}: {self.message}：“{self.excerpt}”"


class Expect(msgspec.Struct, frozen=True):
    """What the template set promises about a text: statutory parts and subject-bound openings."""

    parts: Sequence[tuple[str, bool]] = ()  # (part title, required) in the structure's order
    dependent: frozenset[str] = msgspec.field(default_factory=frozenset)  # openings that need a subject
    units: Sequence[str] = UNITS


class Line(msgspec.Struct, frozen=True):
    """A line of the text: heading level (0 for a paragraph), text, and its place."""

    level: int
    text: str
    where: str


def _excerpt(text: str, start: int, end: int, around: int = 8) -> str:
    return text[max(0, start - around): end + around]


def _matches(pattern: str | re.Pattern[str], text: str, message: str) -> Iterator[Hit]:
    for match in re.finditer(pattern, text):
        yield message, _excerpt(text, match.start(), match.end())


# ---- checks on one paragraph -------------------------------------------------------------

def check_doubled_magnitude(text: str, expect: Expect) -> Iterator[Hit]:
    """万万, 亿亿: a value's magnitude word written twice."""
    yield from _matches(r"万(?:余|多)?万|亿(?:余|多)?亿", text, "数量级写了两遍")


def _unit_pattern(units: Sequence[str]) -> str:
    return "|".join(re.escape(u) for u in sorted(set(units), key=len, reverse=True))


def check_unit_after_unit(text: str, expect: Expect) -> Iterator[Hit]:
    """66件件, 99.2%%: a unit after a value that already has one; 10以上件 for 10件以上."""
    units = _unit_pattern(expect.units)
    pattern = rf"\d(?:[万亿])?(?:余|多|以上|左右)?({units})(?:\1|[%％])"
    yield from _matches(pattern, text, "数字后面的单位写了两遍")
    yield from _matches(rf"\d[万亿]?(?:以上|左右)(?:{units})", text, "“以上”“左右”应写在单位之后（10件以上）")


def check_doubled_enumerator(text: str, expect: Expect) -> Iterator[Hit]:
    """一是一是, 1.1., （1）（1）: an enumerator right after another."""
    form = enumerator_form(text)
    if form:
        rest = text[FORMS[form].match(text).end():].lstrip()  # type: ignore[union-attr]
        if enumerator_form(rest):
            yield "序号重复", text[:12]
    if re.match(r"^\d{1,2}[.．、]\s*\d{1,2}[.．、](?!\d)", text):
        yield "序号重复", text[:12]
    yield from _matches(rf"(?:[{'一二三四五六七八九十'}]是){{2}}", text, "序号重复")


def check_subject(text: str, expect: Expect) -> Iterator[Hit]:
    """A sentence that starts with a clause whose subject the template declares (群众满意度…)."""
    if not expect.dependent:
        return
    for sentence in re.findall(r"[^。！？]+", text):
        opening = sentence.lstrip("，、 ")
        for phrase in expect.dependent:
            # the clause as the template writes it: its words, then the figure (发现问题及时整改 is fine)
            if opening.startswith(phrase) and opening[len(phrase):len(phrase) + 1].isdigit():
                yield "句子缺少主语（模板为这一分句声明了主语）", opening[:20]
                break


def check_zero(text: str, expect: Expect) -> Iterator[Hit]:
    """0件, 0次: a zero written as a count."""
    yield from _matches(rf"(?<![\d.])0(?:\.0+)?(?:余|多|以上|左右)?(?=[{CJK}])", text,
                        "报告不写“0件”“0次”，应写“未发生……”“无……”或不写")


# a growth or a plan's completion can pass 100%; a share of a whole cannot
_OVER_100_WORDS = "增长|增加|提高|上升|下降|减少|降低|超过|完成|任务|计划|目标|是上年"


def check_percent(text: str, expect: Expect) -> Iterator[Hit]:
    """100%以上, and any share over 100% (同比增长150% and 完成率124% may exceed it)."""
    yield from _matches(r"(?<![\d.])100(?:\.0+)?[%％](?:以上|余|多)", text, "百分之百不能再“以上”")
    for match in re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)[%％]", text):
        before = text[max(0, match.start() - 8): match.start()]
        if Decimal(match.group(1)) > 100 and not re.search(_OVER_100_WORDS, before):
            yield "百分比超过100%", _excerpt(text, match.start(), match.end())


def check_punctuation(text: str, expect: Expect) -> Iterator[Hit]:
    """，。 。。 、， and the like; half-width ,;:() between Chinese characters; a spaced “— —”."""
    yield from _matches(r"[，、；：][。，；]|。[。，]|、、", text, "标点重复或连用")
    yield from _matches(rf"(?<=[{CJK}])[,;:!?](?=[ \u00a0]*[{CJK}“‘《（])", text, "汉字之间用了半角标点")
    yield from _matches(rf"\((?=[{CJK}])|(?<=[{CJK}])\)", text, "汉字旁用了半角括号")
    yield from _matches(rf"[\"'](?=[{CJK}])|(?<=[{CJK}])[\"']", text, "汉字旁用了半角引号（应为“”‘’）")
    yield from _matches(r"—[ \u00a0\u3000]+—", text, "破折号“——”中间有空格")


_PAIRS = {"“": "”", "《": "》", "（": "）", "‘": "’"}


def check_pairs(text: str, expect: Expect) -> Iterator[Hit]:
    """Unmatched “” 《》 （） ‘’ within a paragraph."""
    closers = {v: k for k, v in _PAIRS.items()}
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char in _PAIRS:
            stack.append((char, index))
        elif char in closers:
            if stack and stack[-1][0] == closers[char]:
                stack.pop()
            else:
                yield f"“{char}”没有配对", _excerpt(text, index, index + 1)
                return
    for char, index in stack[:1]:
        yield f"“{char}”没有配对", _excerpt(text, index, index + 1)


def check_numbers(text: str, expect: Expect) -> Iterator[Hit]:
    """GB/T 15835: no thousands separators or spaces inside a number, years in full, no zero-padded
    month or day."""
    yield from _matches(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d])", text, "数字中用了千分位逗号")
    yield from _matches(r"[０-９]+(?:[.．][０-９0-9]+)?|\d．\d", text, "数字用了全角字符（应写半角，如 99.6）")
    # Text pasted from web pages: "99. 6%", "8 063件" (a space inside one number).
    yield from _matches(r"\d[.．][ \u00a0\u3000]+\d|\d[ \u00a0\u3000]+[.．]\d|(?<![\d.])\d{1,3}[ \u00a0]\d{3}(?!\d)",
                        text, "数字中间有空格（多半是从网页复制来的）")
    yield from _matches(r"(?<![\d.〔\[［'’])['’]?\d{2}年(?=度|底|初|\d{1,2}月)", text, "年份应写全（如2025年）")
    yield from _matches(r"年0\d月|月0\d日", text, "月、日前不补0（如1月8日）")


PARAGRAPH_CHECKS: dict[str, Callable[[str, Expect], Iterator[Hit]]] = {
    "数量级": check_doubled_magnitude,
    "单位": check_unit_after_unit,
    "序号": check_doubled_enumerator,
    "主语": check_subject,
    "零": check_zero,
    "百分比": check_percent,
    "标点": check_punctuation,
    "配对": check_pairs,
    "数字写法": check_numbers,
}


# ---- checks on the whole text ------------------------------------------------------------

def _cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十一 → 21."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def _position(text: str, form: str) -> int | str:
    """Return where an enumerator counts: 三是 → 3, （2） → 2, 第四 → 4; 首先/其次/最后 as the word."""
    match = FORMS[form].match(text)
    written = next((g for g in match.groups() if g), "") if match else ""
    if form == "首先":
        return written
    if form in ("1.", "（1）"):
        return int(written)
    return _cn_number(written.removeprefix("第"))


def check_enumerator_sequence(lines: Sequence[Line], expect: Expect) -> Iterator[tuple[Line, Hit]]:
    """Within a part one form of enumerator; within a part or subsection, in sequence from the first."""
    runs: list[list[Line]] = [[]]
    part_form = ""
    for line in lines:
        if line.level:
            runs.append([])
            part_form = "" if line.level == 1 else part_form
            continue
        form = enumerator_form(line.text)
        if not form:
            continue
        if part_form and form != part_form:
            yield line, (f"同一部分的序号形式不一致（这一部分先用的是“{part_form}”的形式）", line.text[:12])
        part_form = part_form or form
        runs[-1].append(line)
    for run in runs:
        for index, line in enumerate(run, start=1):
            form = enumerator_form(line.text)
            if form == "首先" and len(run) > 4:
                break
            wanted = enumerator(form, index, len(run)).rstrip("，")
            expected: int | str = wanted if form == "首先" else index
            if _position(line.text, form) != expected:
                yield line, (f"序号不连续：这里应是“{wanted}”", line.text[:12])
                break


def check_parts(lines: Sequence[Line], expect: Expect) -> Iterator[tuple[Line, Hit]]:
    """The statutory parts: present when required, in the structure's order, numbered 一、二、…"""
    titles = [title for title, _ in expect.parts]
    seen: list[int] = []
    last: Line | None = None
    for count, line in enumerate((x for x in lines if x.level == 1), start=1):
        last = line
        number = _PART_NUMBER.match(line.text)
        if not number or _cn_number(number.group(1)) != count:
            yield line, (f"部分的序号应是“{_ordinal(count)}、”", line.text[:16])
        title = line.text[number.end():] if number else line.text
        if titles and title not in titles:
            yield line, ("不是结构中规定的部分标题", title)
            continue
        if titles:
            position = titles.index(title)
            if seen and position <= seen[-1]:
                yield line, ("部分的顺序与规定不符", title)
            seen.append(position)
    for position, (title, required) in enumerate(expect.parts):
        if required and position not in seen:
            anchor = last or (lines[0] if lines else Line(0, "", "全文"))
            yield anchor, ("缺少规定的部分", title)


def check_sections(lines: Sequence[Line], expect: Expect) -> Iterator[tuple[Line, Hit]]:
    """Subsections numbered （一）（二）… afresh in each part; no heading without content."""
    count = 0
    for index, line in enumerate(lines):
        if line.level == 1:
            count = 0
        elif line.level == 2:
            count += 1
            number = _SECTION_NUMBER.match(line.text)
            if not number or _cn_number(number.group(1)) != count:
                yield line, (f"小节的序号应是“（{_ordinal(count)}）”", line.text[:16])
        if line.level:
            following = lines[index + 1] if index + 1 < len(lines) else None
            if following is None or (following.level and following.level <= line.level):
                yield line, ("标题下没有内容", line.text[:16])


def _ordinal(n: int) -> str:
    return cn_ordinal(n) if 0 < n < 100 else str(n)


TEXT_CHECKS: dict[str, Callable[[Sequence[Line], Expect], Iterator[tuple[Line, Hit]]]] = {
    "序号": check_enumerator_sequence,
    "部分": check_parts,
    "小节": check_sections,
}


# ---- running them ------------------------------------------------------------------------

def split_lines(text: str) -> list[Line]:
    """Return the headings and paragraphs of ``text``, each with a readable place."""
    lines: list[Line] = []
    part, paragraph = "开头", 0
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("@"):
            continue
        heading = _HEADING.match(stripped)
        if heading:
            level, body = len(heading.group(1)), heading.group(2).strip()
            if level == 1:
                part, paragraph = body, 0
            lines.append(Line(level, body, f"“{body[:16]}”标题"))
            continue
        paragraph += 1
        lines.append(Line(0, stripped, f"“{part[:16]}”第{paragraph}段"))
    return lines


def lint_text(text: str, expect: Expect | None = None) -> list[Finding]:
    """Return every finding of every check in ``text``, in reading order."""
    expect = expect or Expect()
    lines = split_lines(text)
    found: list[tuple[int, Finding]] = []
    for position, line in enumerate(lines):
        for name, check in PARAGRAPH_CHECKS.items():
            found.extend((position, Finding(name, line.where, message, excerpt))
                         for message, excerpt in check(line.text, expect))
    order = {id(line): position for position, line in enumerate(lines)}
    for name, text_check in TEXT_CHECKS.items():
        found.extend((order.get(id(line), len(lines)), Finding(name, line.where, message, excerpt))
                     for line, (message, excerpt) in text_check(lines, expect))
    return [finding for _, finding in sorted(found, key=lambda pair: pair[0])]


def format_findings(findings: Iterable[Finding]) -> list[str]:
    """Return the findings as lines for the terminal."""
    return [finding.format() for finding in findings]
