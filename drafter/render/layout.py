"""The page layout of a template set: ``layout.yaml`` loaded into frozen records (msgspec Structs).

Every key is optional (a missing one takes the GB/T 9704-2012 value); every
present value is checked, and all problems are reported at once with file and
line. Lengths are kept in millimetres, font sizes and spacings in points.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Any

import msgspec

from ..errors import StructureError
from ..problems import Level, Problem
from ..yamlsource import KeyPath, LoadedYaml, load_yaml
from . import layoutvalues as lv
from .layoutvalues import MM_PER_PT, SIZE_NAMES, font_size

__all__ = ["MM_PER_PT", "ROLES", "SIZE_NAMES", "FontSet", "FontSpec", "GridSpec", "ImprintSpec", "Layout",
           "PageNumberSpec", "PageSpec", "RedHeaderSpec", "RedLineSpec", "check_layout", "font_size",
           "load_layout"]

ROLES: dict[str, str] = {
    "red_header": "发文机关标志", "doc_number": "发文字号", "signer_name": "签发人姓名",
    "title": "标题", "body": "正文", "heading1": "一级标题", "heading2": "二级标题",
    "heading3": "三级标题", "heading4": "四级标题", "page_number": "页码", "imprint": "版记",
}


class FontSpec(msgspec.Struct, frozen=True):
    """A font for one role: the family names (first choice, then fallbacks), size in points, colour."""

    families: tuple[str, ...]
    size: float
    color: str = "000000"
    bold: bool = False

    @property
    def name(self) -> str:
        """Return the first-choice family."""
        return self.families[0]

    @property
    def fallbacks(self) -> tuple[str, ...]:
        """Return the families to use when the first choice is missing."""
        return self.families[1:]


class FontSet(msgspec.Struct, frozen=True):
    """The font of every role of an official document."""

    red_header: FontSpec
    doc_number: FontSpec
    signer_name: FontSpec
    title: FontSpec
    body: FontSpec
    heading1: FontSpec
    heading2: FontSpec
    heading3: FontSpec
    heading4: FontSpec
    page_number: FontSpec
    imprint: FontSpec

    def heading(self, level: int) -> FontSpec:
        """Return the font of heading ``level`` (1–4)."""
        return getattr(self, f"heading{level}")


class PageSpec(msgspec.Struct, frozen=True):
    """Paper and text block, in millimetres."""

    width: float = 210
    height: float = 297
    margin_top: float = 37
    margin_left: float = 28
    text_width: float = 156
    text_height: float = 225

    @property
    def margin_right(self) -> float:
        """Return the right margin: what the text block leaves of the width."""
        return self.width - self.margin_left - self.text_width

    @property
    def margin_bottom(self) -> float:
        """Return the bottom margin: what the text block leaves of the height."""
        return self.height - self.margin_top - self.text_height


class GridSpec(msgspec.Struct, frozen=True):
    """The document grid: lines a page, characters a line, exact line pitch and character spacing in points."""

    lines_per_page: int
    chars_per_line: int
    line_pitch: float
    char_spacing: float


class RedHeaderSpec(msgspec.Struct, frozen=True):
    """版头: the top edge of the issuing body's mark below the top of the text block, in mm."""

    top: float = 35


class RedLineSpec(msgspec.Struct, frozen=True):
    """The red rule under the document number: colour, width in points, gap below the number in mm."""

    color: str = "FF0000"
    width: float = 1.0
    gap: float = 4


class PageNumberSpec(msgspec.Struct, frozen=True):
    """Page numbers: text around the number, gap below the text block (mm), alignment, indent (chars)."""

    prefix: str = "— "
    suffix: str = " —"
    gap: float = 7
    odd: str = "right"
    even: str = "left"
    indent: float = 1


class ImprintSpec(msgspec.Struct, frozen=True):
    """版记: indent in characters, rule widths in mm, the word after the print date.

    ``even_page``: a 版记 that does not fit under the text goes to the next even
    page (the back of the last sheet), after a blank page if need be.
    """

    indent: float = 1
    thick_rule: float = 0.35
    thin_rule: float = 0.25
    print_suffix: str = "印发"
    even_page: bool = True


class Layout(msgspec.Struct, frozen=True):
    """A whole layout file, checked."""

    page: PageSpec
    grid: GridSpec
    fonts: FontSet
    red_header: RedHeaderSpec
    red_rule: RedLineSpec
    page_number: PageNumberSpec
    imprint: ImprintSpec
    latin: tuple[str, ...] = ("Times New Roman",)
    path: Path | None = None

    @property
    def latin_font(self) -> str:
        """Return the font of Latin letters and digits in every role (w:rFonts ascii/hAnsi)."""
        return self.latin[0]

    def all_families(self) -> set[str]:
        """Return every font name the layout mentions: each role's families and the Latin ones."""
        names = set(self.latin)
        for role in ROLES:
            names.update(getattr(self.fonts, role).families)
        return names

    @property
    def body_char_width(self) -> float:
        """Return the advance of one body character in points (size plus character spacing)."""
        return self.fonts.body.size + self.grid.char_spacing

    def spacing_for(self, font: FontSpec) -> float:
        """Return the character spacing (points) for text in ``font``: the grid's at body size, else 0."""
        return self.grid.char_spacing if font.size == self.fonts.body.size else 0.0


def load_layout(path: Path) -> Layout:
    """Load and check ``layout.yaml``; raise ``StructureError`` listing every problem."""
    loaded = load_yaml(Path(path), what="版式文件")
    reader = _Reader(loaded)
    layout = reader.read()
    problems = [p for p in loaded.problems + reader.problems if p.level is Level.ERROR]
    if problems or layout is None:
        raise StructureError(f"版式文件有 {len(problems)} 处错误", file=path, problems=problems)
    return layout


def check_layout(path: Path) -> list[Problem]:
    """Return every problem of ``layout.yaml`` (errors and warnings) without raising for them."""
    loaded = load_yaml(Path(path), what="版式文件")
    reader = _Reader(loaded)
    reader.read()
    return loaded.problems + reader.problems


class _Key(msgspec.Struct, frozen=True):
    label: str
    parse: lv.Parser
    default: Any


def _font_keys(families: list[str], size: float, color: str = "000000") -> dict[str, _Key]:
    return {"family": _Key("字体", lv.families, tuple(families)),
            "size": _Key("字号", lv.size, size),
            "color": _Key("颜色", lv.color, color),
            "bold": _Key("加粗", lv.boolean, False)}


_FANGSONG = ["仿宋_GB2312", "仿宋", "FangSong"]
_KAITI = ["楷体_GB2312", "楷体", "KaiTi"]
_XIAOBIAOSONG = ["方正小标宋简体", "方正小标宋_GBK", "华文中宋", "宋体", "SimSun"]

# The layout file's keys: section → key → (label, parser, GB/T 9704 default).
_SPEC: dict[str, Any] = {
    "version": _Key("版本", lv.version, 1),
    "page": {
        "width": _Key("纸张宽度", lv.length(100, 500), 210),
        "height": _Key("纸张高度", lv.length(100, 500), 297),
        "margin_top": _Key("天头（上白边）", lv.length(5, 100), 37),
        "margin_left": _Key("订口（左白边）", lv.length(5, 100), 28),
        "text_width": _Key("版心宽度", lv.length(50, 450), 156),
        "text_height": _Key("版心高度", lv.length(50, 450), 225),
    },
    "grid": {
        "lines_per_page": _Key("每页行数", lv.count(5, 60), 22),
        "chars_per_line": _Key("每行字数", lv.count(5, 60), 28),
        "line_pitch": _Key("行距", lv.auto_or(lv.points(6, 60)), None),
        "char_spacing": _Key("字距", lv.auto_or(lv.points(-10, 10, signed=True)), None),
    },
    "fonts": {
        "latin": _Key("西文字体", lv.families, ("Times New Roman",)),
        "red_header": _font_keys(_XIAOBIAOSONG, 42, "FF0000"),
        "doc_number": _font_keys(_FANGSONG, 16),
        "signer_name": _font_keys(_KAITI, 16),
        "title": _font_keys(_XIAOBIAOSONG, 22),
        "body": _font_keys(_FANGSONG, 16),
        "heading1": _font_keys(["黑体", "SimHei"], 16),
        "heading2": _font_keys(_KAITI, 16),
        "heading3": _font_keys(_FANGSONG, 16),
        "heading4": _font_keys(_FANGSONG, 16),
        "page_number": _font_keys(["宋体", "SimSun"], 14),
        "imprint": _font_keys(_FANGSONG, 14),
    },
    "red_header": {"top": _Key("发文机关标志距版心上边缘", lv.length(0, 200), 35)},
    "red_rule": {
        "color": _Key("分隔线颜色", lv.color, "FF0000"),
        "width": _Key("分隔线粗细", lv.points(0.25, 6), 1.0),
        "gap": _Key("分隔线距发文字号", lv.length(0, 20), 4),
    },
    "page_number": {
        "format": _Key("页码格式", lv.page_format, ("— ", " —")),
        "gap": _Key("页码距版心下边缘", lv.length(0, 40), 7),
        "odd": _Key("单页页码位置", lv.align, "right"),
        "even": _Key("双页页码位置", lv.align, "left"),
        "indent": _Key("页码空字数", lv.chars(10), 1),
    },
    "imprint": {
        "indent": _Key("版记空字数", lv.chars(10), 1),
        "thick_rule": _Key("版记首末条分隔线粗细", lv.length(0.1, 2), 0.35),
        "thin_rule": _Key("版记中间分隔线粗细", lv.length(0.1, 2), 0.25),
        "print_suffix": _Key("印发日期后的字", lv.text, "印发"),
        "even_page": _Key("版记排在偶数页", lv.boolean, True),
    },
}


class _Reader:
    """Parse the loaded YAML against ``_SPEC``, collecting located problems."""

    def __init__(self, loaded: LoadedYaml) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []

    def error(self, at: KeyPath, message: str) -> None:
        self.problems.append(Problem(Level.ERROR, message, self.loaded.path,
                                     self.loaded.line_of(at), ".".join(str(k) for k in at)))

    def read(self) -> Layout | None:
        data = self.loaded.data
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.error((), "版式文件应是“字段: 值”的形式")
            return None
        values = self._section(data, _SPEC, ())
        layout = self._build(values)
        self._cross_check(layout)
        return layout

    def _section(self, data: Any, spec: dict[str, Any], at: KeyPath) -> dict[str, Any]:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.error(at, "这里应是一组“字段: 值”，而不是单个值")
            data = {}
        for key in data:
            if key not in spec:
                self.error(at + (key,), self._unknown_key(key, spec, at))
        values: dict[str, Any] = {}
        for key, entry in spec.items():
            if isinstance(entry, dict):
                values[key] = self._section(data.get(key), entry, at + (key,))
                continue
            values[key] = entry.default
            if key in data and data[key] is None:   # left empty: the default, said, as a deleted key is not
                shown = f"{entry.default:g}" if isinstance(entry.default, float) else str(entry.default)
                self.problems.append(Problem(
                    Level.WARNING, f"{self._label(at, entry)}：没有填写，按默认值 {shown} 处理", self.loaded.path,
                    self.loaded.line_of(at + (key,)), ".".join(str(k) for k in at + (key,))))
            if data.get(key) is not None:
                try:
                    values[key] = entry.parse(data[key])
                except lv.Bad as exc:
                    self.error(at + (key,), f"{self._label(at, entry)}：{exc}")
        return values

    @staticmethod
    def _label(at: KeyPath, entry: _Key) -> str:
        if len(at) == 2 and at[0] == "fonts":
            return ROLES[at[1]] + entry.label
        return entry.label

    @staticmethod
    def _unknown_key(key: str, spec: dict[str, Any], at: KeyPath) -> str:
        where = "版式文件" if not at else f"“{'.'.join(str(k) for k in at)}”"
        close = difflib.get_close_matches(str(key), list(spec), n=1)
        hint = f"，是不是“{close[0]}”？" if close else f"；这里可以写：{'、'.join(spec)}"
        return f"{where}里没有“{key}”这一项{hint}"

    def _build(self, values: dict[str, Any]) -> Layout:
        page = PageSpec(**values["page"])
        fonts = FontSet(**{role: FontSpec(families=spec["family"], size=spec["size"],
                                          color=spec["color"], bold=spec["bold"])
                           for role, spec in values["fonts"].items() if role in ROLES})
        grid_values = values["grid"]
        lines, chars = grid_values["lines_per_page"], grid_values["chars_per_line"]
        pitch = grid_values["line_pitch"]
        if pitch is None:  # the largest whole twip that fits the lines in the text block
            pitch = math.floor(page.text_height / MM_PER_PT * 20 / lines) / 20
        spacing = grid_values["char_spacing"]
        if spacing is None:  # the largest whole 1/20 pt that fits the characters in a line
            spacing = math.floor((page.text_width / MM_PER_PT / chars - fonts.body.size) * 20) / 20
        grid = GridSpec(lines, chars, round(pitch * 20) / 20, round(spacing * 20) / 20)
        prefix, suffix = values["page_number"]["format"]
        numbers = {k: v for k, v in values["page_number"].items() if k != "format"}
        return Layout(page=page, grid=grid, fonts=fonts,
                      red_header=RedHeaderSpec(**values["red_header"]),
                      red_rule=RedLineSpec(**values["red_rule"]),
                      page_number=PageNumberSpec(prefix=prefix, suffix=suffix, **numbers),
                      imprint=ImprintSpec(**values["imprint"]), latin=values["fonts"]["latin"],
                      path=self.loaded.path)

    def _cross_check(self, layout: Layout) -> None:
        page, grid, fonts = layout.page, layout.grid, layout.fonts
        if page.margin_left + page.text_width > page.width - 5:
            self.error(("page", "text_width"),
                       f"订口 {lv.fmt(page.margin_left)} 毫米加版心宽度 {lv.fmt(page.text_width)} 毫米，"
                       f"超出了纸张宽度 {lv.fmt(page.width)} 毫米（右白边至少要留 5 毫米）")
        if page.margin_top + page.text_height > page.height - 5:
            self.error(("page", "text_height"),
                       f"天头 {lv.fmt(page.margin_top)} 毫米加版心高度 {lv.fmt(page.text_height)} 毫米，"
                       f"超出了纸张高度 {lv.fmt(page.height)} 毫米（下白边至少要留 5 毫米）")
        text_height_pt = page.text_height / MM_PER_PT
        if grid.line_pitch * grid.lines_per_page > text_height_pt + 0.05:
            most = math.floor(text_height_pt * 20 / grid.lines_per_page) / 20
            self.error(("grid", "line_pitch"),
                       f"每页 {grid.lines_per_page} 行、行距 {lv.fmt(grid.line_pitch)} 磅需要 "
                       f"{lv.fmt(grid.line_pitch * grid.lines_per_page * MM_PER_PT)} 毫米，超出版心高度 "
                       f"{lv.fmt(page.text_height)} 毫米；行距最大可为 {lv.fmt(most)}pt（或写 auto）")
        if grid.line_pitch < fonts.body.size:
            self.error(("grid", "line_pitch"),
                       f"行距 {lv.fmt(grid.line_pitch)} 磅小于正文字号 {lv.fmt(fonts.body.size)} 磅，"
                       "文字会重叠；请减少每页行数或减小正文字号")
        advance = fonts.body.size + grid.char_spacing
        if advance < fonts.body.size * 0.75:
            self.error(("grid", "chars_per_line"),
                       f"每行 {grid.chars_per_line} 个字时字距要压缩到 {lv.fmt(grid.char_spacing)} 磅，"
                       "文字会挤在一起；请减少每行字数或减小正文字号")
        elif advance * grid.chars_per_line > page.text_width / MM_PER_PT + 0.05:
            self.error(("grid", "char_spacing"),
                       f"字距 {lv.fmt(grid.char_spacing)} 磅时一行排不下 {grid.chars_per_line} 个"
                       f"{lv.fmt(fonts.body.size)} 磅的字；请减小字距或写 auto")
        numbers = layout.page_number
        needed = numbers.gap + fonts.page_number.size * MM_PER_PT
        if needed > page.margin_bottom - 2:
            self.error(("page_number", "gap"),
                       f"页码距版心 {lv.fmt(numbers.gap)} 毫米，加上页码本身的高度，放不进下白边 "
                       f"{lv.fmt(page.margin_bottom)} 毫米")
        if layout.red_header.top > page.text_height / 2:
            self.error(("red_header", "top"),
                       f"发文机关标志距版心上边缘 {lv.fmt(layout.red_header.top)} 毫米，超过了版心高度的一半")
