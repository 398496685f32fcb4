"""Tidy the junctions of a body paragraph: what typing, pasting and sentence templates leave there.

A clerk's field that ends with 。 inside a sentence that goes on (…法治保障。。现将…), a
line break or a non-breaking space pasted from a web page (发展定位， 以建设…): no reader
wants these, and none of them can be meant, so the paragraph is printed without them.
A space between two Chinese characters stays (中共中央办公厅 国务院办公厅 is written so).
"""

from __future__ import annotations

from ..lazyregex import LazyPattern

# Spaces a web page or Word leaves in a paragraph, written as a plain space (NBSP, en/em/thin spaces).
_ODD_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                                     "\u200a\u202f\u205f"), " ")
_OPENING = "（《“‘「『〔【"
_CLOSING = "，。、；：！？）》”’」』〕】"
_AROUND = _CLOSING + _OPENING  # a space after either goes
_SPACES = LazyPattern("[ \t]+")
# ，。  ；。  。。  。、。 : a run of these marks that ends a sentence ends it once (the whole run, so
# that what is left cannot meet another 。 and the result is tidy already).
_DOUBLED_STOP = LazyPattern("[，、；：。]*。")
_DOUBLED = ("。。", "，。", "、。", "；。", "：。")


def tidy(text: str) -> str:
    """Return ``text`` with odd spaces made plain, no space next to full-width punctuation and
    no doubled full stop. The patterns run only where their characters are (most paragraphs: none)."""
    if text.isascii():
        return text
    text = text.translate(_ODD_SPACES)
    if " " in text or "\t" in text:
        text = _SPACES.sub(lambda found: _space_kept(text, found.start(), found.end()), text)
    for pair in _DOUBLED:
        if pair in text:
            return _DOUBLED_STOP.sub("。", text)
    return text


def _space_kept(text: str, start: int, end: int) -> str:
    """Return the spaces text[start:end] unless they stand next to full-width punctuation."""
    before, after = text[start - 1:start], text[end:end + 1]
    return "" if (before and before in _AROUND) or (after and after in _CLOSING) else text[start:end]
