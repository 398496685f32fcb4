"""The enumerators that open the items of a part: 一是/二是, 首先/其次, 第一, 1., （1）.

A clerk often writes the enumerator into the item already ("一是法治宣传…"). The
template then adds none of its own: each item keeps the form the part uses (the
first one the clerk wrote, else the template's), numbered in sequence, so one
part never mixes 一是 with 1. and never prints 一是一是.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..lazyregex import LazyPattern
from ..values import cn_ordinal

_CN = "[一二三四五六七八九十]{1,3}"
# form name → how an item written in that form starts (group 1: the enumerator)
FORMS: dict[str, re.Pattern[str]] = {
    "一是": re.compile(rf"^({_CN})是(?!否)[，,：:]?"),
    "首先": re.compile(r"^(首先|其次)[，,：:]?|^(再次|然后|最后)[，,：:]"),  # 最后一公里 is no enumerator
    "第一": re.compile(rf"^(第{_CN})[，,、：:]"),
    "1.": re.compile(r"^(\d{1,2})\s*[.．、](?!\d)"),
    "（1）": re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]"),
}
_ORDER_WORDS = ("首先", "其次", "再次")
# Numbers a clerk types by habit that are no item enumerator of a report (（一） and 一、 number
# headings, ① and 1) are not used in body text): replaced by the part's own, never kept.
_OTHER_STARTS = frozenset("（(一二三四五六七八九十0123456789" + "".join(map(chr, range(0x2460, 0x2474))))
_OTHER_ENUMERATORS = LazyPattern(rf"^(?:[（(]\s*{_CN}\s*[）)]|{_CN}、|[\u2460-\u2473]|\d{{1,2}}[)）])\s*")


def enumerator_form(item: str) -> str:
    """Return the form of the enumerator ``item`` starts with, or ''."""
    for form, pattern in FORMS.items():
        if pattern.match(item):
            return form
    return ""


def form_of(items: Iterable[str | Iterable[str]], default: str = "一是") -> str:
    """Return the form the clerk used first in ``items`` (lists of items are searched too)."""
    for item in items:
        nested = [item] if isinstance(item, str) else list(item)
        for text in nested:
            form = enumerator_form(text)
            if form:
                return form
    return default


def strip_enumerator(item: str) -> str:
    """Return ``item`` without the enumerator it starts with (one of the forms, or （一） 一、 ① 1))."""
    form = enumerator_form(item)
    if form:
        return item[FORMS[form].match(item).end():].lstrip()  # type: ignore[union-attr]
    if item[:1] not in _OTHER_STARTS:  # most items start with a word: no pattern to run
        return item
    other = _OTHER_ENUMERATORS.match(item)
    return item[other.end():] if other else item


def enumerator(form: str, index: int, count: int) -> str:
    """Return the ``index``-th (1-based) of ``count`` enumerators of ``form``, with its punctuation."""
    if form == "首先" and count <= 4:
        word = "最后" if index == count and count > 2 else _ORDER_WORDS[index - 1]
        return word + "，"
    if form == "第一":
        return f"第{cn_ordinal(index)}，"
    if form == "1.":
        return f"{index}."
    if form == "（1）":
        return f"（{index}）"
    return f"{cn_ordinal(index)}是"


def numbered(items: Iterable[str], form: str = "一是") -> list[str]:
    """Return ``items`` each opened by the enumerator of ``form`` in sequence.

    An enumerator the clerk already wrote is replaced by the one in sequence, so
    "一是一是" and "1.1." cannot occur. 首先 fits four items at most; more fall back to 一是.
    A single item takes none: 一是 without 二是 reads as if something were missing.
    """
    texts = [str(item) for item in items]
    if len(texts) == 1:
        return [strip_enumerator(texts[0])]
    if form == "首先" and len(texts) > 4:
        form = "一是"
    if len(texts) >= 100:  # Chinese ordinals stop at 99
        form = "1."
    return [enumerator(form, i, len(texts)) + strip_enumerator(text)
            for i, text in enumerate(texts, start=1)]
