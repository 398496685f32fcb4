"""Tidy the junctions of a body paragraph: what typing, pasting and sentence templates leave there.

A clerk's field that ends with 。 inside a sentence that goes on (…法治保障。。现将…), a
line break or a non-breaking space pasted from a web page (发展定位， 以建设…): no reader
wants these, and none of them can be meant, so the paragraph is printed without them.
A space between two Chinese characters stays (中共中央办公厅 国务院办公厅 is written so).
"""

from __future__ import annotations

import re

# Spaces a web page or Word leaves in a paragraph, written as a plain space (NBSP, en/em/thin spaces).
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
_OPENING = "（《“‘「『〔【"
_CLOSING = "，。、；：！？）》”’」』〕】"
_SPACE_AT_PUNCTUATION = re.compile(f"[ \t]+(?=[{_CLOSING}])|(?<=[{_CLOSING}{_OPENING}])[ \t]+")
# ，。  ；。  。。 : the sentence ends once.
_DOUBLED_STOP = re.compile("[，、；：]+(?=。)|(?<=。)。+")


def tidy(text: str) -> str:
    """Return ``text`` with odd spaces made plain, no space next to full-width punctuation and
    no doubled full stop."""
    if text.isascii():
        return text
    text = _ODD_SPACES.sub(" ", text)
    text = _SPACE_AT_PUNCTUATION.sub("", text)
    return _DOUBLED_STOP.sub("", text)
