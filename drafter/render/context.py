"""Build what the text templates see: figures formatted as the report writes them, and the blocks.

Templates receive data only. A declared figure that was not reported is a
``Missing`` marker that the sentence machinery (``text.py``) removes with its
clause; a figure the structure does not declare is a template error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import msgspec

from ..structure import KINDS_WITH_UNIT, Field, Group, Section, Structure
from ..validate import Report, with_defaults
from ..values import Number, cn_date, cn_ordinal, number_with_unit, numeric
from .compare import change_percent_text, change_text
from .numbers import doc_number
from .stated import stated_figures

# Markers inside the rendered text. They are noncharacters, which every boundary
# (data files, text templates, imported documents: see plaintext.py) removes from
# text it reads, so no text from a file can contain or imitate them.
MISSING = "\ufdd0"
FIG_START = "\ufdd1"
FIG_END = "\ufdd2"
LITERAL = "\ufdd3"  # before a user line that starts with # or @: not markup
ZERO = "\ufdd4"  # before a figure that is 0: its clause reads as the declared words (未发生…)
STATED = "\ufdd5"  # before a figure the clerk's items already state: its clause is left out of a sentence


def shows(spec: Field, value: Any) -> bool:
    """Return whether a reported value appears in the text: a 0 only with its declared words."""
    if value is None:
        return False
    number = numeric(value)
    return not (number == 0 and spec.kind in KINDS_WITH_UNIT and not spec.zero)


def prints(block: Section, values: Mapping[str, Any], items: list[str], intro: str) -> bool:
    """Return whether a subsection appears in the document (and takes a number): it has a figure that
    shows, work items or an opening sentence. The wizard numbers its screens with the same test."""
    return bool(items or intro) or any(shows(f, values.get(f.key)) for f in block.figures)


class Missing:
    """A declared figure with no value, or 0 without words for it: a marker, false in ``{% if %}``."""

    def __init__(self, spec: Field) -> None:
        self.label = spec.label
        self.unit = spec.shown_unit

    def __str__(self) -> str:
        return MISSING

    def __bool__(self) -> bool:
        return False

    @property
    def n(self) -> str:
        """The bare number: missing too."""
        return MISSING


    @property
    def change(self) -> str:
        """No figure this year: no comparison either."""
        return MISSING

    change_percent = change
    last_year = change


class FigureText(msgspec.Struct, frozen=True):
    """A reported figure: ``{{ f.key }}`` gives number and unit (66件, 99.2%, 400余场次).

    With last year's file, ``.change`` gives 同比减少998次, ``.change_percent``
    同比下降23.7% and ``.last_year`` last year's figure; each is empty when last
    year's value is unknown, so a line holding only it vanishes.
    """

    number: str
    unit: str
    label: str
    raw: Any
    kind: str = "count"
    previous: Any = None

    def __str__(self) -> str:
        return f"{FIG_START}{self._with_unit(self.raw, self.number)}{FIG_END}"

    def _with_unit(self, value: Any, number: str) -> str:
        """The number with its unit: 16.76万件 in a 万件 field, 10件以上, 99%以上."""
        return number_with_unit(value, self.unit) if isinstance(value, Number) else number + self.unit

    @property
    def n(self) -> str:
        """The number without its unit, e.g. for sentences written by hand."""
        return f"{FIG_START}{self.number}{FIG_END}"

    @property
    def change(self) -> str:
        """同比增加12件 / 同比减少998次 / 与上年持平, or '' without last year's value."""
        return change_text(self.raw, self.previous, self.unit, self.kind)

    @property
    def change_percent(self) -> str:
        """同比增长12.5% / 同比下降23.7%, or '' without last year's value."""
        return change_percent_text(self.raw, self.previous, self.kind)

    @property
    def last_year(self) -> str:
        """Last year's figure with its unit, or ''."""
        if self.previous is None:
            return ""
        return self._with_unit(self.previous, _format(self.previous))


class StatedText(FigureText):
    """A figure the subsection's own items already write with this value (see ``stated.py``).

    In a sentence its clause is left out, unless a 其中 clause details it; it is false in
    ``{% if %}`` so that the clauses after it name their subject in full (受理行政复议案件64件).
    """

    def __str__(self) -> str:
        return STATED + super().__str__()

    def __bool__(self) -> bool:
        return False

    # Its comparison goes with it: 同比减少998次 alone would open a sentence with no subject.
    @property
    def change(self) -> str:
        """The change, left out with the figure's clause (the items state both)."""
        return _stated_clause(super().change)

    @property
    def change_percent(self) -> str:
        """The change in percent, left out with the figure's clause."""
        return _stated_clause(super().change_percent)

    @property
    def last_year(self) -> str:
        """Last year's figure, left out with the figure's clause."""
        return _stated_clause(super().last_year)


def _stated_clause(text: str) -> str:
    return f"{STATED}{FIG_START}{text}{FIG_END}" if text else ""


class ZeroText(Missing):
    """A figure reported as 0 whose clause reads as the declared words: "未收到行政复议申请"."""

    def __init__(self, spec: Field) -> None:
        super().__init__(spec)
        self.words = spec.zero

    def __str__(self) -> str:
        return f"{ZERO}{FIG_START}{self.words}{FIG_END}"


class Figures:
    """Attribute access to every declared figure: ``f.reconsideration_received``."""

    def __init__(self, structure: Structure, values: Mapping[str, Any],
                 previous: Mapping[str, Any] | None = None, stated: frozenset[str] = frozenset()) -> None:
        self._specs = structure.fields
        self._values = values
        self._previous = previous or {}
        self._stated = stated  # figures the clerk's own items already write: not repeated
        self._wholes = structure.rate_wholes()  # a rate of nothing (whole 0) is left out

    def __getattr__(self, key: str) -> FigureText | Missing:
        spec = self._specs.get(key)
        if spec is None:
            raise AttributeError(key)
        value = self._values.get(key)
        whole = self._wholes.get(key)
        if not shows(spec, value) or (whole is not None and numeric(self._values.get(whole)) == 0):
            return Missing(spec)
        if numeric(value) == 0 and spec.kind in KINDS_WITH_UNIT:
            return ZeroText(spec)
        previous = self._previous.get(key)
        kind = StatedText if key in self._stated else FigureText
        return kind(number=_format(value), unit=spec.shown_unit, label=spec.label, raw=value,
                    kind=spec.kind, previous=previous)


def _format(value: Any) -> str:
    if isinstance(value, Number):
        return str(value)
    if isinstance(value, dt.date):
        return cn_date(value)
    return str(value)


class BlockView(msgspec.Struct):
    """A part or subsection as the templates see it."""

    key: str
    number: int
    cn: str
    heading: str
    intro: str
    items: list[str]
    template: str


class SectionView(BlockView):
    """A subsection: ``has_figures`` tells whether any of its figures was reported."""

    has_figures: bool = False


class PartView(BlockView):
    """A statutory part with the subsections that have content."""

    sections: list[SectionView] = msgspec.field(default_factory=list)


def _place(issuer: str) -> str:
    """Return the short name of the place for the opening: 灵丘县人民政府 → 灵丘县."""
    last = issuer.split()[-1] if issuer.split() else issuer
    for suffix in ("人民政府", "政府"):
        if last.endswith(suffix) and len(last) > len(suffix):
            return last[: -len(suffix)]
    return last


class Phrases(msgspec.Struct, frozen=True):
    """Wording tables of a template set (``phrases.yaml``)."""

    guiding_thoughts: Mapping[int, str] = msgspec.field(default_factory=dict)
    levels: Mapping[str, Mapping[str, str]] = msgspec.field(default_factory=dict)
    issuer_endings: Mapping[str, Mapping[str, str]] = msgspec.field(default_factory=dict)

    def words(self, level: str, issuer: str) -> dict[str, str]:
        """Return the words (area, short …) for a report: its level's, or those of the ending of its
        issuer (平城区人民政府: 全区), the longest ending that fits."""
        words = {**DEFAULT_LEVEL_WORDS, **self.levels.get(level, {})}
        issuer = "".join(issuer.split())
        ending = max((e for e in self.issuer_endings if issuer.endswith(e)), key=len, default=None)
        return {**words, **self.issuer_endings[ending]} if ending else words


# Classes whose instances templates see and which hold only data (the sandbox's shortcut).
VIEW_CLASSES = frozenset({Missing, ZeroText, FigureText, StatedText, Figures, BlockView, SectionView, PartView,
                          Phrases})


# The words a level puts into the templates (phrases.yaml ``levels``), and what a level not listed there uses.
DEFAULT_LEVEL_WORDS = {"area": "全县", "short": "县", "committee": "党委常委会", "executive": "政府常务会议"}


def build_context(report: Report, structure: Structure, phrases: Phrases,
                  previous: Report | None = None, compared: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Return the Jinja context for one report (and last year's, for 同比); ``compared`` names the
    figures whose change the templates write (``.change``), see ``stated_figures``."""
    values = with_defaults(structure, report.values)
    year = structure.value_of("year", values)
    issuer = str(structure.value_of("issuer", values) or "")
    recipients = structure.value_of("recipients", values)
    meta = {**{key: "" for key in DERIVED_META}, **group_values(structure.meta, values)}
    number, signer = structure.value_of("doc_number", values), structure.value_of("signer", values)
    meta.update(doc_number=doc_number(str(number)) if number else "", signers=str(signer or "").split())
    # Each of these fills one marked-up line (@标题, @署名 …): a line break in it would end the line.
    meta = {key: _one_line(value) if isinstance(value, str) else value for key, value in meta.items()}
    opening = {GUIDING_THOUGHT: "", **group_values(structure.opening, values)}
    opening[GUIDING_THOUGHT] = opening[GUIDING_THOUGHT] or _guiding_thought(year, phrases.guiding_thoughts)
    words = phrases.words(str(structure.value_of("level", values) or ""), issuer)
    return {
        **{name: words[name] for name in DEFAULT_LEVEL_WORDS},
        "meta": meta,
        "year": year,
        "next_year": year + 1 if isinstance(year, int) else "",
        "place": _place(issuer),
        "formal": bool(recipients),
        "opening": opening,
        "parts": _parts(report, structure, year),
        "f": Figures(structure, values, previous.values if previous else None,
                     stated_figures(structure, report, previous.values if previous else None, compared)
                     if structure.report.figures_once else frozenset()),
    }


# The opening's 指导思想: the set's field of that key when filled, else the year's wording in phrases.yaml.
GUIDING_THOUGHT = "guiding_thought"
# Document elements the base templates use whether or not a set declares their field: 公文 parts
# (GB/T 9704) and the words drafter derives (doc_number and signers from the fields playing those roles).
DERIVED_META = ("issuer", "level", "recipients", "doc_number", "signers", "written_date", "note", "copy_to",
                "printer", "print_date", "red_header")


def group_values(group: Group, values: Mapping[str, Any]) -> dict[str, Any]:
    """Return every declared field of ``group`` as the text writes it: lists joined by 、, dates in
    Chinese, numbers formatted, an absent value empty."""
    shown: dict[str, Any] = {}
    for spec in group.fields:
        value = values.get(spec.key)
        if value is None:
            shown[spec.key] = ""
        elif spec.kind == "list":
            shown[spec.key] = "、".join(str(v) for v in value)
        elif isinstance(value, dt.date | Number):
            shown[spec.key] = _format(value)
        else:
            shown[spec.key] = value
    return shown


def _guiding_thought(year: Any, table: Mapping[int, str]) -> str:
    if not isinstance(year, int) or not table:
        return ""
    known = [y for y in table if y <= year] or [min(table)]
    return table[max(known)]


def _one_line(text: str) -> str:
    """Return ``text`` on one line: its lines joined by a space (joint issuers stay apart)."""
    return " ".join(line.strip() for line in text.split("\n") if line.strip()) if "\n" in text else text


def heading_of(report: Report, block: Section, year: Any) -> str:
    """Return the heading a part or subsection prints: the report's own, else the declared one."""
    heading = _one_line(report.headings.get(".".join(block.path), block.heading))
    if isinstance(year, int):
        heading = heading.replace("下一年度", f"{year + 1}年")
    return heading


def _parts(report: Report, structure: Structure, year: Any) -> list[PartView]:
    parts: list[PartView] = []
    for part in structure.parts:
        sections: list[SectionView] = []
        for section in part.sections:
            items = report.block_items(section)
            intro = report.intros.get(".".join(section.path), "")
            if not prints(section, report.values, items, intro):
                continue
            has_figures = any(shows(f, report.values.get(f.key)) for f in section.figures)
            number = len(sections) + 1
            sections.append(SectionView(
                key=section.key, number=number, cn=cn_ordinal(number),
                heading=heading_of(report, section, year), intro=intro, items=items,
                template=f"sections/{section.key}.j2", has_figures=has_figures))
        items = report.block_items(part)
        intro = report.intros.get(part.key, "")
        has_figures = any(shows(f, report.values.get(f.key)) for f in part.figures)
        if not (sections or items or intro or has_figures):
            continue
        number = len(parts) + 1
        parts.append(PartView(
            key=part.key, number=number, cn=cn_ordinal(number), heading=heading_of(report, part, year),
            intro=intro, items=items, template=f"parts/{part.key}.j2", sections=sections))
    return parts
