"""The line count that decides where the 版记 goes."""

from __future__ import annotations

import pytest

from drafter.render.paging import Item, paginate, wrapped_lines


@pytest.mark.parametrize("width, capacity, indent, hanging, lines", [
    (26, 28, 2, 0, 1), (27, 28, 2, 0, 2), (26 + 28, 28, 2, 0, 2), (26 + 29, 28, 2, 0, 3),
    (0, 28, 2, 0, 1), (29.5, 29.6, 0, 3, 2), (29 + 26, 29.6, 0, 3, 2), (29 + 26.5, 29.6, 0, 3, 3),
])
def test_wrapped_lines(width, capacity, indent, hanging, lines):
    assert wrapped_lines(width, capacity, indent, hanging) == lines


def test_lines_flow_over_pages():
    assert paginate([Item(10), Item(12)], 22) == (1, 22)
    assert paginate([Item(10), Item(13)], 22) == (2, 1)
    assert paginate([Item(50)], 22) == (3, 6)
    assert paginate([], 22) == (1, 0)


def test_blank_lines_above_vanish_at_the_top_of_a_page():
    assert paginate([Item(22), Item(1, before=1)], 22) == (2, 1)
    assert paginate([Item(21), Item(1, before=1)], 22) == (2, 1)
    assert paginate([Item(20), Item(1, before=1)], 22) == (1, 22)


def test_a_heading_keeps_with_the_first_line_of_what_follows():
    assert paginate([Item(21), Item(1, keep_next=True), Item(3)], 22) == (2, 4)
    assert paginate([Item(20), Item(1, keep_next=True), Item(3)], 22) == (2, 2)


def test_the_last_text_line_keeps_with_the_signature_chain():
    # A long paragraph that keeps with the next splits; only its last line moves with the signature.
    chain = [Item(30, keep_next=True), Item(1, before=1, keep_next=True), Item(1)]
    assert paginate(chain, 22) == (2, 11)
    assert paginate([Item(21)] + chain[1:], 22) == (2, 2)
