"""The frame of a published report: 版头, 发文字号, 签发人, title, 主送, the opening paragraph,
then after the body 特此报告, 署名, 成文日期, 附注, 抄送, 印发机关 and 印发日期.

``split_document`` cuts the cleaned lines into the header, the opening, the body and the
closing, and reads the metadata it recognizes; lines of the header and closing it cannot
place are handed back (never dropped), web-page debris is listed apart.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import msgspec

from .cleanup import CJK, is_debris
from .outline import Node, _promote_mistyped_level1, classify

_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号)")
_SIGNER = re.compile(r"签\s*发\s*人\s*[:：]\s*(.+)$")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_PRINT = re.compile(r"^(.*?)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印\s*发$")
_NOTE = re.compile(r"^[（(]([^（）()]{2,40})[）)]$")
_COPY = re.compile(r"^抄\s*送\s*[:：]\s*(.+)$")
_YEAR = re.compile(r"(\d{4})\s*年")
_TITLE_WORDS = ("法治政府", "法治建设", "依法行政", "法治")
_ORGAN = re.compile(rf"^[{CJK}（）()·\s]{{2,40}}$")
_ORGAN_END = ("政府", "县委", "市委", "区委", "党委", "委员会", "常委会", "办公室", "办", "局", "厅", "院",
              "部", "中心", "委", "政协", "人大", "党组", "司法所")
_PLACE = re.compile(rf"^\d{{4}}\s*年(?:以来|度)?\s*[，,]?\s*([{CJK}]{{1,10}}?(?:自治县|自治州|县|市|区|旗|盟|州|镇|乡))(?!委)")
# A full organ name stated in a sentence: “……，某县人民政府坚持……”, “灵丘县司法局认真……”.
_ORGAN_IN_TEXT = re.compile(
    rf"(?:^|(?<=[，。；：、\s]))(?:\d{{4}}\s*年(?:以来|度)?\s*[，,]?\s*)?"
    rf"([{CJK}]{{1,15}}?(?:自治县|自治州|县|市|区|旗|盟|州|镇|乡|街道)"
    rf"(?:人民政府|街道办事处|[{CJK}]{{1,8}}?(?:局|委员会|办公室)))(?!的)")
# Words a clause starts with that are not a name: “在市委……领导下”, “按照……”, “根据……”.
_NOT_A_NAME = ("在", "关于", "按照", "根据", "依据", "经", "由", "以", "为", "对", "向", "全", "我", "本", "各", "据",
               "按", "从", "与", "和", "及", "将", "把", "被", "受", "于")
_PLACE_IN_TITLE = re.compile(rf"^([{CJK}]{{2,20}}?)\s*\d{{4}}\s*年")


class Found(msgspec.Struct, frozen=True):
    """A piece of metadata read from the document, and where."""

    key: str
    value: Any
    how: str
    line: int = 0


class Frame(msgspec.Struct):
    """The document cut into its regions, with the metadata read from header and closing."""

    found: list[Found] = msgspec.field(default_factory=list)
    opening: str = ""
    opening_line: int = 0
    body: list[tuple[str, int]] = msgspec.field(default_factory=list)
    leftovers: list[tuple[int, str, str]] = msgspec.field(default_factory=list)  # (line, text, where)
    debris: list[tuple[int, str]] = msgspec.field(default_factory=list)
    hints: list[tuple[str, Any, str, int]] = msgspec.field(default_factory=list)  # used when the text says nothing
    place: str = ""

    def meta(self) -> dict[str, Any]:
        """Return the metadata values, the first found of each key winning."""
        values: dict[str, Any] = {}
        for item in self.found:
            values.setdefault(item.key, item.value)
        return values

    def add(self, key: str, value: Any, how: str, line: int = 0) -> None:
        if value not in (None, "", []):
            self.found.append(Found(key, value, how, line))


def split_document(lines: list[str], numbers: list[int]) -> Frame:
    """Cut the cleaned lines into header, opening, body and closing; read the metadata."""
    frame = Frame()
    nodes = _promote_mistyped_level1([classify(line, number) for line, number in zip(lines, numbers, strict=True)])
    first = _first_heading(nodes)
    opening_at = _opening_index(nodes, first)
    body_start = first if first is not None else (opening_at + 1 if opening_at is not None else 0)
    closing = _closing_index(nodes, body_start)
    header_end = opening_at if opening_at is not None else body_start
    _read_header(frame, nodes[:header_end])
    if opening_at is not None:
        frame.opening, frame.opening_line = nodes[opening_at].raw, nodes[opening_at].line
        for node in nodes[opening_at + 1: body_start]:
            _leftover(frame, node, "开头段之后")
    for node in nodes[body_start:closing]:
        if is_debris(node.raw):
            frame.debris.append((node.line, node.raw))
        else:
            frame.body.append((node.raw, node.line))
    _read_closing(frame, nodes[closing:])
    _infer(frame)
    return frame


def _first_heading(nodes: list[Node]) -> int | None:
    for level in (1, 2):
        for index, node in enumerate(nodes):
            if node.level == level and not is_debris(node.raw):
                return index
    return None


def _opening_index(nodes: list[Node], first: int | None) -> int | None:
    """The opening paragraph: the first long paragraph before the first heading."""
    end = first if first is not None else len(nodes)
    for index, node in enumerate(nodes[:end]):
        if node.is_heading or is_debris(node.raw) or _is_metadata_line(node.raw):
            continue
        if re.match(r"^\d{4}\s*年", node.raw) and "，" in node.raw or len(node.raw) >= 50 and "，" in node.raw:
            return index
    return None


def _is_metadata_line(text: str) -> bool:
    return bool(_DOC_NUMBER.search(text) and len(text) <= 40 or _SIGNER.search(text)
                or _is_title(text) or _is_recipients(text))


def _is_recipients(text: str) -> bool:
    """主送机关: short organ names ending with “：”, not an opening that ends with “如下：”."""
    return (text.endswith("：") and len(text) <= 80 and "。" not in text
            and not re.match(r"^\d{4}\s*年", text) and "如下" not in text)


def _closing_index(nodes: list[Node], start: int) -> int:
    """The first line of the closing: 特此报告, a 附注, 抄送, a date, or a signature before a date."""
    for index in range(start, len(nodes)):
        node = nodes[index]
        if node.is_heading:
            continue
        text = node.raw
        if (text.startswith("特此报告") or _DATE.match(text) or _PRINT.match(text) or _COPY.match(text)
                or _is_note(text)):
            return index
        if _is_organ(text):
            following = [n.raw for n in nodes[index + 1:] if not is_debris(n.raw)]
            if all(_is_organ(line) or _is_note(line) for line in following):
                return index  # the signature ends the document (no date written)
            for line in following[:3]:
                if _DATE.match(line) or _PRINT.match(line):
                    return index
                if not _is_organ(line):
                    break
    return len(nodes)


def _is_note(text: str) -> bool:
    match = _NOTE.match(text)
    return bool(match) and any(word in match.group(1) for word in ("公开", "发布", "公布", "删减", "密"))


def _is_organ(text: str) -> bool:
    compact = text.replace(" ", "")
    return bool(_ORGAN.match(text)) and compact.endswith(_ORGAN_END) and len(compact) <= 30


def _is_title(text: str) -> bool:
    return (text.rstrip("》").endswith("报告") and any(w in text for w in _TITLE_WORDS)
            and len(text) <= 60 and not re.search(r"[。，；]", text))


_PAGE_NUMBER = re.compile(r"^(?:备注\s*[/／]\s*)?文\s*号\s*[:：]\s*(.+)$")
_PAGE_DATE = re.compile(r"^(公文生成日期|生成日期|成文日期|发布日期|发布时间)\s*[:：]\s*(\d{4})\s*[-/年.]\s*(\d{1,2})"
                        r"\s*[-/月.]\s*(\d{1,2})")


def _read_header(frame: Frame, nodes: list[Node]) -> None:
    kept = []
    page_hints: list[tuple[str, Any, str, int]] = []  # what the web page's own fields say
    for node in nodes:
        text = node.raw
        if is_debris(text):
            number, date = _PAGE_NUMBER.match(text), _PAGE_DATE.match(text)
            if number and _DOC_NUMBER.search(number.group(1)):
                page_hints.append(("doc_number", re.sub(r"\s+", "", _DOC_NUMBER.search(number.group(1)).group(1)),
                                   "网页的“文号”栏", node.line))
            elif date and _date(date.groups()[1:]) is not None:
                page_hints.append(("written_date", _date(date.groups()[1:]),
                                   f"网页的“{date.group(1)}”栏（推测，请核对）", node.line))
            frame.debris.append((node.line, text))
            continue
        kept.append(node)
    kept = _drop_repeated_title(frame, kept)
    frame.hints.extend(page_hints)
    title_at = next((i for i, n in enumerate(kept) if _is_title(n.raw)), None)
    if title_at is None:  # 关于…建设 / 情况的报告 over two lines
        for index in range(len(kept) - 1):
            joined = kept[index].raw + kept[index + 1].raw
            if kept[index].raw.startswith("关于") and _is_title(joined):
                kept[index] = Node(0, 0, joined, kept[index].line, joined)
                del kept[index + 1]
                title_at = index
                break
    used: set[int] = set()
    if title_at is not None:
        used.add(title_at)
        _read_title(frame, kept, title_at, used)
    for index, node in enumerate(kept):
        if index in used:
            continue
        text = node.raw
        number, signer = _DOC_NUMBER.search(text), _SIGNER.search(text)
        if number or signer:
            if number:
                frame.add("doc_number", re.sub(r"\s+", "", number.group(1)), "发文字号行", node.line)
            if signer:
                frame.add("signer", " ".join(signer.group(1).split()), "签发人行", node.line)
            continue
        if text.endswith("文件") and len(text) <= 30 and not re.search(r"[，。：；]", text) and (
                title_at is None or index < title_at):
            frame.add("red_header", text, "版头", node.line)
            continue
        if _is_recipients(text):
            names = [n.strip() for n in re.split(r"[、，,]", text.rstrip("：")) if n.strip()]
            frame.add("recipients", names, "主送机关行", node.line)
            continue
        _leftover(frame, node, "标题前后")


def _drop_repeated_title(frame: Frame, kept: list[Node]) -> list[Node]:
    """Drop a web page's own title line: the document title written once more above the document."""
    titles = [i for i, n in enumerate(kept) if _is_title(n.raw)]
    if len(titles) < 2:
        return kept
    last = titles[-1]
    repeats = {i for i in titles[:-1] if _plain_title(kept[i].raw) == _plain_title(kept[last].raw)}
    for index in sorted(repeats):
        frame.debris.append((kept[index].line, kept[index].raw))
    return [node for index, node in enumerate(kept) if index not in repeats]


def _plain_title(text: str) -> str:
    return re.sub(r"[\s《》“”]", "", text)


def _read_title(frame: Frame, kept: list[Node], at: int, used: set[int]) -> None:
    node = kept[at]
    title = node.raw
    year = _YEAR.search(title)
    if year:
        frame.add("year", int(year.group(1)), "标题", node.line)
    if "关于" in title and not title.startswith("关于"):
        frame.add("issuer", title[: title.index("关于")].strip(), "标题", node.line)
    elif title.startswith("关于") and at > 0 and _is_organ(kept[at - 1].raw):
        frame.add("issuer", " ".join(kept[at - 1].raw.split()), "标题（发文机关行）", kept[at - 1].line)
        used.add(at - 1)
    else:
        match = _PLACE_IN_TITLE.match(title)
        if match and is_place_name(match.group(1)):
            frame.place = match.group(1)


def _read_closing(frame: Frame, nodes: list[Node]) -> None:
    pending: list[Node] = []
    for node in nodes:
        text = node.raw
        if is_debris(text):
            frame.debris.append((node.line, text))
            continue
        if text.startswith("特此报告"):
            continue
        date, printed, copy = _DATE.match(text), _PRINT.match(text), _COPY.match(text)
        if date:
            frame.add("written_date", _date(date.groups()), "成文日期", node.line)
            if pending:
                frame.add("issuer", " ".join(n.raw for n in pending), "落款", pending[0].line)
                pending = []
        elif printed:
            printer = printed.group(1).strip() or " ".join(n.raw for n in pending)
            frame.add("printer", printer, "版记", node.line)
            frame.add("print_date", _date(printed.groups()[1:]), "版记", node.line)
            pending = []
        elif copy:
            names = [n.strip() for n in re.split(r"[、，,；;]", copy.group(1).rstrip("。")) if n.strip()]
            frame.add("copy_to", names, "版记（抄送）", node.line)
        elif _NOTE.match(text):
            frame.add("note", _NOTE.match(text).group(1).strip(), "附注", node.line)
        elif _is_organ(text):
            pending.append(node)
        else:
            _leftover(frame, node, "落款前后")
    if pending:  # a signature with no date under it
        frame.add("issuer", " ".join(n.raw for n in pending), "落款", pending[0].line)


def _leftover(frame: Frame, node: Node, where: str) -> None:
    if is_debris(node.raw):
        frame.debris.append((node.line, node.raw))
    elif re.fullmatch(r"现将.{0,20}报告如下[：:。]?", node.raw):
        return  # the template writes this sentence itself
    else:
        frame.leftovers.append((node.line, node.raw, where))


def _date(parts: tuple[str, ...]) -> dt.date | None:
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _infer(frame: Frame) -> None:
    """Fill what the document implies: the year and the place from the opening, the issuer."""
    opening_place = _PLACE.match(frame.opening)
    if opening_place and is_place_name(opening_place.group(1)):
        frame.place = frame.place or opening_place.group(1)
    year = re.match(r"^(\d{4})\s*年", frame.opening)
    if year:
        frame.add("year", int(year.group(1)), "开头段", frame.opening_line)
    stated = organ_in_text(frame.opening)
    if stated:
        frame.add("issuer", stated, "开头段写明的机关名称", frame.opening_line)
    if frame.place and is_place_name(frame.place):
        place = frame.place
        issuer = place if place.endswith(("政府", "局", "委员会", "办公室")) else place + "人民政府"
        frame.add("issuer", issuer, "由“" + place + "”推断（请核对）")
    for key, value, how, line in frame.hints:
        if key not in frame.meta():
            frame.add(key, value, how, line)
    issuer = frame.meta().get("issuer", "")
    level = level_of(issuer)
    if level:
        frame.add("level", level, "由发文机关推断")


def is_place_name(place: str) -> bool:
    """Return whether ``place`` can name a county, city or township (not 我县, 全市, 在市…)."""
    return len(place) >= 2 and not place.startswith(_NOT_A_NAME) and place not in ("自治县", "自治州")


def organ_in_text(text: str) -> str:
    """Return the first full organ name that a sentence of ``text`` starts with, or ''.

    Only a name at the start of a clause counts (the subject of the report), never one that
    follows 在/按照/根据 or is followed by 的 (“在市人民政府的领导下” names a superior body).
    """
    for match in _ORGAN_IN_TEXT.finditer(text):
        name = match.group(1)
        if not name.startswith(_NOT_A_NAME) and is_place_name(name[:2]):
            return name
    return ""


def level_of(issuer: str) -> str | None:
    """Return the administrative level an issuer's name shows, or None when it does not."""
    last = issuer.split()[-1] if issuer.split() else ""
    if not last:
        return None
    if last.endswith(("局", "委员会", "办公室", "中心")) or re.search(r"(县|市|区)(司法|公安|财政|民政)", last):
        return "政府部门"
    if re.search(r"(乡|镇|街道)(人民)?政府$", last):
        return "乡镇"
    if re.search(r"(县|区|旗)(人民)?政府$", last):
        return "县级政府"
    if re.search(r"市(人民)?政府$", last):
        return "设区的市"
    return None


# --- the opening paragraph -------------------------------------------------------------------------

_BOILERPLATE = (
    re.compile(r"^\d{4}\s*年(以来|度|全年)?$"),
    re.compile(r"习近平新时代中国特色社会主义思想"),
    re.compile(r"^(深入|全面|认真|坚持)?(学习)?(宣传)?(贯彻|践行)(落实)?(党的.*精神$|习近平)"),
    re.compile(r"党的[^，]*(大|全会)[^，]*精神"),
    re.compile(r"^扎实推进法治(政府)?建设(各项工作)?$"),
    re.compile(r"如下$"),
)
_SUMMARY = re.compile(r"^为|保障$|成效|成绩|新台阶|新进展")


def parse_opening(text: str) -> tuple[str, str]:
    """Return (theme, summary) of an opening paragraph, as the opening template places them.

    The template writes the year, the place, the guiding thought and “全面贯彻落实习近平法治思想”
    itself; what is left is the county's own line of work (theme) and, when the paragraph ends
    with it, the overall result (summary, “为……提供了坚实的法治保障”).
    """
    sentences = [s for s in re.split(r"[。！？]|\?[^\u4e00-\u9fff]{0,3}", text) if s.strip()]
    clauses: list[str] = []
    for sentence in sentences:
        for clause in _split_clauses(sentence):
            clause = clause.strip(" ：:；;")
            if clause and not any(p.search(clause) for p in _BOILERPLATE):
                clauses.append(clause)
    summary = clauses.pop() if clauses and _SUMMARY.search(clauses[-1]) else ""
    return "，".join(clauses), summary


def _split_clauses(sentence: str) -> list[str]:
    """Split at “，” outside brackets, quotes and book-title marks."""
    clauses, depth, start = [], 0, 0
    for index, ch in enumerate(sentence):
        if ch in "（“《【〔":
            depth += 1
        elif ch in "）”》】〕":
            depth = max(0, depth - 1)
        elif ch == "，" and depth == 0:
            clauses.append(sentence[start:index])
            start = index + 1
    clauses.append(sentence[start:])
    return clauses
