"""ooxml.py puts every element where the schema's sequence wants it, whatever was there before."""

from __future__ import annotations

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from drafter.render import ooxml


def names(parent) -> list[str]:
    return [ooxml.local_name(child) for child in parent]


def in_order(parent, order) -> bool:
    places = [ooxml.order_index(order, name) for name in names(parent)]
    return None not in places and places == sorted(places)


def test_put_places_children_in_schema_order():
    pPr = OxmlElement("w:pPr")
    for name in ("jc", "spacing", "pStyle", "outlineLvl", "widowControl", "ind", "snapToGrid"):
        ooxml.put(pPr, name)
    assert names(pPr) == ["pStyle", "widowControl", "snapToGrid", "spacing", "ind", "jc", "outlineLvl"]


def test_put_replaces_in_place():
    rPr = OxmlElement("w:rPr")
    ooxml.set_fonts(rPr, "仿宋_GB2312", "Times New Roman")
    ooxml.put(rPr, "sz", {"val": "32"})
    ooxml.set_fonts(rPr, "黑体", "Arial")
    assert names(rPr) == ["rFonts", "sz"]
    fonts = rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "黑体" and fonts.get(qn("w:hint")) == "eastAsia"
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Arial"


def test_put_refuses_an_element_the_parent_cannot_hold():
    with pytest.raises(ValueError):
        ooxml.put(OxmlElement("w:pPr"), "tblW")


def test_section_references_stay_first():
    sectPr = OxmlElement("w:sectPr")
    ooxml.put(sectPr, "pgSz")
    sectPr.insert(0, OxmlElement("w:footerReference"))
    ooxml.set_line_grid(sectPr, 579)
    ooxml.put(sectPr, "titlePg")
    ooxml.put(sectPr, "pgMar")
    assert names(sectPr) == ["footerReference", "pgSz", "pgMar", "titlePg", "docGrid"]


def test_borders_in_order():
    pPr = OxmlElement("w:pPr")
    ooxml.put(pPr, "jc", {"val": "center"})
    ooxml.set_paragraph_border(pPr, "bottom", width_pt=1, color="FF0000", space_pt=3)
    ooxml.set_paragraph_border(pPr, "top", width_pt=0.75, color="000000", space_pt=40)
    assert names(pPr) == ["pBdr", "jc"]
    borders = pPr.find(qn("w:pBdr"))
    assert names(borders) == ["top", "bottom"]
    assert borders[0].get(qn("w:sz")) == "6" and borders[0].get(qn("w:space")) == "31"  # capped
    assert borders[1].get(qn("w:sz")) == "8" and borders[1].get(qn("w:color")) == "FF0000"


def test_table_properties_in_order():
    tblPr = OxmlElement("w:tblPr")
    ooxml.put(tblPr, "tblStyle", {"val": "TableGrid"})
    ooxml.put(tblPr, "tblLook", {"val": "04A0"})
    ooxml.set_table_borders(tblPr, {"top": 1, "bottom": 1, "insideH": 0.75})
    ooxml.set_table_geometry(tblPr, 8845)
    ooxml.float_table_at_bottom(tblPr, left_twips=1587)
    assert names(tblPr) == ["tblStyle", "tblpPr", "tblOverlap", "tblW", "tblInd", "tblBorders",
                            "tblLayout", "tblCellMar", "tblLook"]
    assert in_order(tblPr.find(qn("w:tblBorders")), ooxml.TBLBORDERS_ORDER)


def test_page_field_runs():
    p = OxmlElement("w:p")
    ooxml.append_field(p, "PAGE", "1")
    kinds = [r[0].get(qn("w:fldCharType")) or ooxml.local_name(r[0]) for r in p]
    assert kinds == ["begin", "instrText", "separate", "t", "end"]


def test_character_spacing_zero_removes_it():
    rPr = OxmlElement("w:rPr")
    ooxml.set_character_spacing(rPr, -0.25)
    assert rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    ooxml.set_character_spacing(rPr, 0)
    assert rPr.find(qn("w:spacing")) is None


PPR_SETTERS = {
    "outline": lambda pPr: ooxml.set_outline_level(pPr, 1),
    "autospace": lambda pPr: ooxml.set_auto_space(pPr, False),
    "snap": lambda pPr: ooxml.set_snap_to_grid(pPr, False),
    "border": lambda pPr: ooxml.set_paragraph_border(pPr, "bottom", width_pt=1, color="FF0000", space_pt=3),
    "jc": lambda pPr: ooxml.put(pPr, "jc", {"val": "both"}),
    "style": lambda pPr: ooxml.put(pPr, "pStyle", {"val": "GwTitle"}),
    "keep": lambda pPr: ooxml.put(pPr, "keepNext"),
    "ind": lambda pPr: ooxml.put(pPr, "ind", {"firstLine": "630"}),
    "rpr": lambda pPr: ooxml.put(pPr, "rPr"),
}
RPR_SETTERS = {
    "fonts": lambda rPr: ooxml.set_fonts(rPr, "楷体_GB2312", "Times New Roman"),
    "spacing": lambda rPr: ooxml.set_character_spacing(rPr, -0.25),
    "lang": lambda rPr: ooxml.set_language(rPr),
    "size": lambda rPr: ooxml.put(rPr, "sz", {"val": "32"}),
    "color": lambda rPr: ooxml.put(rPr, "color", {"val": "FF0000"}),
    "bold": lambda rPr: ooxml.put(rPr, "b"),
    "style": lambda rPr: ooxml.put(rPr, "rStyle", {"val": "GwSignerName"}),
}


@given(st.lists(st.sampled_from(sorted(PPR_SETTERS)), max_size=15))
def test_any_sequence_of_paragraph_settings_stays_in_order(calls):
    pPr = OxmlElement("w:pPr")
    for call in calls:
        PPR_SETTERS[call](pPr)
    assert in_order(pPr, ooxml.PPR_ORDER)
    assert len(names(pPr)) == len(set(names(pPr)))


@given(st.lists(st.sampled_from(sorted(RPR_SETTERS)), max_size=12))
def test_any_sequence_of_run_settings_stays_in_order(calls):
    rPr = OxmlElement("w:rPr")
    for call in calls:
        RPR_SETTERS[call](rPr)
    assert in_order(rPr, ooxml.RPR_ORDER)
    assert len(names(rPr)) == len(set(names(rPr)))
