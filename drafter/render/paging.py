"""Where the text ends: an estimate of the page and line the last paragraph reaches.

The 版记 belongs at the foot of the last page, and when it does not fit there,
on the back of the sheet (GB/T 9704 7.4, 7.5). python-docx does not lay out
pages, but the body sits on a fixed grid (22 lines of 28 characters), so the
writer counts lines: each paragraph takes as many lines as its text needs at
the grid's character width, headings keep with what follows, blank lines above
a paragraph vanish at the top of a page. The count follows Word's and
LibreOffice's page breaks for the text drafter writes; punctuation that may not
start a line can add a line the count does not see.
"""

from __future__ import annotations

import math

import msgspec


class Item(msgspec.Struct):
    """One paragraph in the flow: its lines, blank lines above it, and whether it keeps with the next."""

    lines: int
    before: int = 0
    keep_next: bool = False


def wrapped_lines(width: float, capacity: float, first_indent: float = 0.0, hanging: float = 0.0) -> int:
    """Return the lines a text ``width`` characters wide takes in lines of ``capacity`` characters.

    The first line starts ``first_indent`` characters in; the following lines
    ``hanging`` characters in (both may be zero). A line holds whole characters.
    """
    first = math.floor(capacity - first_indent + 1e-6)
    if width <= first + 1e-6:
        return 1
    rest = max(1, math.floor(capacity - hanging + 1e-6))
    return 1 + math.ceil((width - first - 1e-6) / rest)


def paginate(items: list[Item], lines_per_page: int) -> tuple[int, int]:
    """Return (page, lines used on that page) after the last of ``items``; pages count from 1."""
    page, used = 1, 0
    for index, item in enumerate(items):
        before = item.before if used else 0
        if not item.keep_next:
            if used and used + before >= lines_per_page:   # the blank lines end the page
                page, used, before = page + 1, 0, 0
            page, used = _advance(page, used, before + item.lines, lines_per_page)
            continue
        # A paragraph that keeps with the next may split; its last line may not.
        page, used = _advance(page, used, before + item.lines - 1, lines_per_page)
        need = 1 + _chain(items, index + 1)
        if used and used + need > lines_per_page and need <= lines_per_page:
            page, used = page + 1, 0
        page, used = _advance(page, used, 1, lines_per_page)
    return page, used


def _chain(items: list[Item], start: int) -> int:
    """Return the lines that must follow on the same page: keep-with-next items and the next first line."""
    need = 0
    for item in items[start:]:
        need += item.before
        if not item.keep_next:
            return need + 1
        need += item.lines
    return need


def _advance(page: int, used: int, lines: int, lines_per_page: int) -> tuple[int, int]:
    used += lines
    while used > lines_per_page:
        page, used = page + 1, used - lines_per_page
    return page, used
