"""Figures the clerk's own work items already state, so the figure sentence need not repeat them.

drafter writes each subsection's figures as one sentence before the work items. When an item
says the same thing ("2024年复议机构共收到行政复议申请66件…"), printing "年内，共收到行政复议
申请66件" above it reads twice. A figure counts as stated when an item of its own subsection
writes its name (the label, or a plain alias from structure.yaml) followed, after a few filler
words at most, by the same number and unit the sentence would print (and, with last year's
file, the same change: 减少998次, 23.7%, 持平). Only then is its clause left out of the
sentence; the clerk's text is never changed, and a table still prints it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..lazyregex import LazyPattern
from ..structure import KINDS_WITH_UNIT, Field, Structure
from ..validate import Report
from ..values import number_with_unit, numeric
from .compare import change_percent_text, change_text

# Words that may stand between a figure's name and its number: 共收到行政复议申请共计66件.
FILLER = r"(?:共计|总计|合计|累计|总量|共|达到|达|为|均为|均达|均|了|约|：)*"
GAP = r"[^。；！？\n]{0,60}?"  # what “…” in an alias spans
_FILLER = re.compile(FILLER)
BETWEEN = r"(?:的|次|各类|各项)?"  # between a number that comes first and its wording
NUMBER_FIRST = 4  # a wording this long names its figure when the number comes first too


def stated_figures(structure: Structure, report: Report, previous: Mapping[str, Any] | None = None,
                   compared: frozenset[str] = frozenset()) -> frozenset[str]:
    """Return the keys of the figures that their block's own items or opening sentence write
    with the same value, and with last year's comparison too when the sentence would write one
    (a figure of ``compared``, whose change the templates print, with a change that can be computed)."""
    stated = set()
    for block in structure.blocks():
        text = "\n".join([report.intros.get(".".join(block.path), ""), *report.block_items(block)])
        if not text.strip():
            continue
        for spec in block.figures:
            value = report.values.get(spec.key)
            last = (previous or {}).get(spec.key)
            if _printable(spec, value) and _states(text, spec, value) and (
                    not _change_printed(spec, value, last, compared) or _compares(text, spec, value, last)):
                stated.add(spec.key)
    return frozenset(stated)


def _change_printed(spec: Field, value: Any, last: Any, compared: frozenset[str]) -> bool:
    """Whether the figure sentence would write a 同比 for this figure: its templates print one and the
    two years give one (an approximate figure gives none)."""
    return last is not None and spec.key in compared and bool(
        change_text(value, last, spec.shown_unit, spec.kind) or change_percent_text(value, last, spec.kind))


def _printable(spec: Field, value: Any) -> bool:
    return (spec.kind in KINDS_WITH_UNIT or spec.kind == "percent") and value is not None \
        and numeric(value) not in (None, 0)


def _states(text: str, spec: Field, value: Any) -> bool:
    """Whether ``text`` writes the figure's wording with its number, and never with another number."""
    written = number_with_unit(value, spec.shown_unit)
    same = False
    for number, end in _numbers(spec, text):
        if _continues_number(text, end, spec):
            continue  # 66件 of 66件次: another figure's number
        if number != written:
            return False  # the items give it another value too: printing ours shows the difference
        same = True
    return same


def _numbers(spec: Field, text: str) -> Iterator[tuple[str, int]]:
    """Yield each number (with its unit) that ``text`` writes with one of the figure's wordings as the
    import reads them (label and aliases; {n} where the number stands, … a few words between; the
    number after the wording, or before a long one), and where it ends."""
    units = ("%", "％") if spec.shown_unit in ("%", "％") else (spec.shown_unit,)
    for wording in (spec.label, *spec.aliases):
        pieces = tuple(p for p in re.split(r"(\{n\}|…)", wording) if p)
        if not pieces or not all(p in text for p in pieces if p not in ("{n}", "…")):
            continue
        number_first = spec.kind != "percent" and len(wording.replace("…", "")) >= NUMBER_FIRST
        if len(pieces) == 1:  # plain words: found without compiling a pattern for them
            yield from _around(text, wording, units, number_first)
            continue
        orders = [pieces] if "{n}" in pieces else [(*pieces, "<filler>", "{n}")] + (
            [("{n}", "<between>", *pieces)] if number_first else [])
        for order in orders:
            for match in _compiled(order, spec.shown_unit).finditer(text):
                yield match.group("num") + match.group("unit"), match.end("unit")


# A number as the reports write it (16.76万, 400余); in a unit that holds the magnitude (万件) the
# magnitude word belongs to the unit.
_NUMBER = r"(?<![\d.])\d+(?:\.\d+)?(?:万|亿)?(?:余|多)?"
_NUMBER_IN_SCALED_UNIT = r"(?<![\d.])\d+(?:\.\d+)?(?:余|多)?"
_NUMBER_AT = (re.compile(_NUMBER), re.compile(_NUMBER_IN_SCALED_UNIT))
_NUMBER_BEFORE = (LazyPattern(_NUMBER + "$"), LazyPattern(_NUMBER_IN_SCALED_UNIT + "$"))
_BETWEEN_WORDS = ("", "的", "次", "各类", "各项")


def _around(text: str, wording: str, units: tuple[str, ...], number_first: bool) -> Iterator[tuple[str, int]]:
    """The numbers right after ``wording`` (past filler words) and, when ``number_first``, right before it."""
    start = text.find(wording)
    while start >= 0:
        after = _FILLER.match(text, start + len(wording)).end()
        number = _NUMBER_AT[units[0].startswith(("万", "亿"))].match(text, after)
        unit = number and next((u for u in units if text.startswith(u, number.end())), None)
        if number and unit:
            yield number.group() + unit, number.end() + len(unit)
        if number_first:
            yield from _before(text, start, units)
        start = text.find(wording, start + 1)


def _before(text: str, start: int, units: tuple[str, ...]) -> Iterator[tuple[str, int]]:
    for between in _BETWEEN_WORDS:
        unit_end = start - len(between)
        if unit_end < 0 or text[unit_end:start] != between:
            continue
        for unit in units:
            if unit and text.startswith(unit, unit_end - len(unit)):
                number = _NUMBER_BEFORE[unit.startswith(("万", "亿"))].search(
                    text, max(0, unit_end - len(unit) - 24), unit_end - len(unit))
                if number:
                    yield number.group() + unit, unit_end
                    return


@functools.lru_cache(maxsize=1024)
def _compiled(pieces: tuple[str, ...], unit: str) -> re.Pattern[str]:
    units = "[%％]" if unit in ("%", "％") else re.escape(unit)
    number = rf"(?<![\d.])(?P<num>\d+(?:\.\d+)?(?:万|亿)?(?:余|多)?)(?P<unit>{units})"
    parts = {"{n}": number, "…": GAP, "<filler>": FILLER, "<between>": BETWEEN}
    return re.compile("".join(parts.get(piece) or re.escape(piece) for piece in pieces))


def _compares(text: str, spec: Field, value: Any, last: Any) -> bool:
    """Whether ``text`` gives this year's change too: its amount (998次, 23.7%) or 持平."""
    for words in (change_text(value, last, spec.shown_unit, spec.kind), change_percent_text(value, last, spec.kind)):
        amount = re.search(r"\d[\d.]*\D*$", words)
        if words.endswith("持平") and "持平" in text:
            return True
        if amount and re.search(r"(?<![\d.])" + re.escape(amount.group()), text):
            return True
    return False


def _continues_number(text: str, end: int, spec: Field) -> bool:
    """Whether the match is only the start of a longer number or unit: 66件 in 66件次."""
    if end >= len(text):
        return False
    following = text[end]
    # a digit right after a unit starts the next figure (145批371人次), except after a bare number
    return (following.isdigit() and not spec.shown_unit) or following in ".余多" or (following == "次" and not spec.shown_unit.endswith("次"))
