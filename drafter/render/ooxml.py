"""The WordprocessingML that python-docx has no API for, in one place.

Each function sets one property and puts the element where the schema's
sequence wants it (CT_PPr, CT_RPr, CT_SectPr, CT_TblPr, CT_Settings …): Word and
WPS "repair" a file whose children are out of order. An existing element of the
same name is replaced in place, so calling a function twice is harmless.
Units follow the XML: twips (1/20 pt) for distances, eighths of a point for
border widths, half-points for font sizes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import deepcopy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

# Child sequences of the ECMA-376 transitional schema (wml.xsd), in order.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
)
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath", "rPrChange",
)
# headerReference and footerReference share the first place (a choice, repeated).
SECTPR_ORDER = (
    ("headerReference", "footerReference"), "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
    "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
)
TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
    "tblLook", "tblCaption", "tblDescription", "tblPrChange",
)
PBDR_ORDER = ("top", "left", "bottom", "right", "between", "bar")
TBLBORDERS_ORDER = (("top",), ("left", "start"), ("bottom",), ("right", "end"), ("insideH",), ("insideV",))
TBLCELLMAR_ORDER = (("top",), ("left", "start"), ("bottom",), ("right", "end"))
FONT_ORDER = (
    "altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig", "embedRegular",
    "embedBold", "embedItalic", "embedBoldItalic",
)
DOCDEFAULTS_ORDER = ("rPrDefault", "pPrDefault")
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
    "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState",
    "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
    "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema",
    "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt",
    "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults",
    "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)

ORDERS: dict[str, Sequence[str | tuple[str, ...]]] = {
    "pPr": PPR_ORDER, "rPr": RPR_ORDER, "sectPr": SECTPR_ORDER, "tblPr": TBLPR_ORDER,
    "pBdr": PBDR_ORDER, "tblBorders": TBLBORDERS_ORDER, "tblCellMar": TBLCELLMAR_ORDER,
    "font": FONT_ORDER,
    "docDefaults": DOCDEFAULTS_ORDER, "settings": SETTINGS_ORDER,
}


def element(proxy: object) -> BaseOxmlElement:
    """Return the XML element behind a python-docx proxy (paragraph, run, table, cell, style)."""
    return proxy._element  # type: ignore[attr-defined]  # every python-docx proxy keeps it here


def local_name(node: BaseOxmlElement) -> str:
    """Return the tag of ``node`` without its namespace."""
    tag = node.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def order_index(order: Sequence[str | tuple[str, ...]], name: str) -> int | None:
    """Return the place of ``name`` in a schema sequence, or None when the sequence does not name it."""
    for index, entry in enumerate(order):
        if name == entry or (isinstance(entry, tuple) and name in entry):
            return index
    return None


def put(parent: BaseOxmlElement, name: str, attrs: dict[str, str] | None = None,
        order: Sequence[str | tuple[str, ...]] | None = None) -> BaseOxmlElement:
    """Set the child ``w:name`` of ``parent`` with ``attrs``, replacing one of that name, in schema order."""
    order = order if order is not None else ORDERS[local_name(parent)]
    child = OxmlElement(f"w:{name}")
    for key, value in (attrs or {}).items():
        child.set(qn(key) if ":" in key else qn(f"w:{key}"), value)
    existing = parent.find(qn(f"w:{name}"))
    if existing is not None:
        existing.addprevious(child)
        parent.remove(existing)
        return child
    place = order_index(order, name)
    if place is None:
        raise ValueError(f"w:{name} is not a child of w:{local_name(parent)}")
    for sibling in parent:
        index = order_index(order, local_name(sibling))
        if index is not None and index > place:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def get_or_put(parent: BaseOxmlElement, name: str) -> BaseOxmlElement:
    """Return the child ``w:name`` of ``parent``, adding an empty one in schema order if missing."""
    existing = parent.find(qn(f"w:{name}"))
    return existing if existing is not None else put(parent, name)


def remove(parent: BaseOxmlElement, name: str) -> None:
    """Remove every child ``w:name`` of ``parent``."""
    for child in parent.findall(qn(f"w:{name}")):
        parent.remove(child)


# --- run properties (CT_RPr) ---------------------------------------------------------------


def set_fonts(rPr: BaseOxmlElement, east_asian: str, latin: str) -> None:
    """Use ``east_asian`` for Chinese and ``latin`` for Latin letters, digits and complex scripts.

    The East Asian hint gives characters both kinds of font could show (quotation
    marks, dashes) to the Chinese font. Theme font attributes are dropped: Word
    lets them win over named fonts.
    """
    put(rPr, "rFonts", {"ascii": latin, "hAnsi": latin, "eastAsia": east_asian, "cs": latin,
                        "hint": "eastAsia"})


def set_character_spacing(rPr: BaseOxmlElement, points: float) -> None:
    """Widen (positive) or condense (negative) the space after each character; 0 removes it."""
    twips = round(points * 20)
    if twips == 0:
        remove(rPr, "spacing")
    else:
        put(rPr, "spacing", {"val": str(twips)})


def set_language(rPr: BaseOxmlElement, east_asian: str = "zh-CN", latin: str = "zh-CN") -> None:
    """Mark the text's languages, so Word's proofing and line breaking treat it as Chinese."""
    put(rPr, "lang", {"val": latin, "eastAsia": east_asian, "bidi": "ar-SA"})


def set_doc_defaults(styles: BaseOxmlElement, family: str, latin: str, size_pt: float) -> None:
    """Set the document-wide run defaults (fonts, size, zh-CN) and neutral paragraph defaults."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rPr = get_or_put(get_or_put(defaults, "rPrDefault"), "rPr")
    for child in list(rPr):
        rPr.remove(child)
    set_fonts(rPr, family, latin)
    half_points = str(round(size_pt * 2))
    put(rPr, "sz", {"val": half_points})
    put(rPr, "szCs", {"val": half_points})
    set_language(rPr)
    pPr = get_or_put(get_or_put(defaults, "pPrDefault"), "pPr")
    put(pPr, "spacing", {"before": "0", "after": "0", "line": "240", "lineRule": "auto"})


# --- paragraph properties (CT_PPr) -----------------------------------------------------------


def set_outline_level(pPr: BaseOxmlElement, level: int) -> None:
    """Give a heading its outline level (0 = 一级), so Word's navigation pane lists it."""
    put(pPr, "outlineLvl", {"val": str(level)})


def set_auto_space(pPr: BaseOxmlElement, enabled: bool) -> None:
    """Turn the automatic gap between Chinese and Latin letters or digits on or off."""
    value = "1" if enabled else "0"
    put(pPr, "autoSpaceDE", {"val": value})
    put(pPr, "autoSpaceDN", {"val": value})


def set_snap_to_grid(pPr: BaseOxmlElement, enabled: bool) -> None:
    """Let the paragraph follow the document grid, or not (footers, the closing empty paragraph)."""
    put(pPr, "snapToGrid", {"val": "1" if enabled else "0"})


def set_paragraph_border(pPr: BaseOxmlElement, side: str, *, width_pt: float, color: str,
                         space_pt: float) -> None:
    """Draw a single line on ``side`` (top, bottom …) of the paragraph, ``space_pt`` from the text."""
    borders = get_or_put(pPr, "pBdr")
    put(borders, side, {"val": "single", "sz": str(_eighths(width_pt)),
                        "space": str(max(0, min(31, round(space_pt)))), "color": color})


# --- fields ------------------------------------------------------------------------------------


def append_field(p: BaseOxmlElement, instruction: str, placeholder: str) -> None:
    """Append a complex field (e.g. ``PAGE``) to paragraph ``p``, showing ``placeholder`` until updated."""
    def run(child_name: str, text: str | None = None, **attrs: str) -> None:
        r = OxmlElement("w:r")
        child = OxmlElement(f"w:{child_name}")
        for key, value in attrs.items():
            child.set(qn(f"w:{key}"), value)
        if text is not None:
            child.text = text
            child.set(qn("xml:space"), "preserve")
        r.append(child)
        p.append(r)

    run("fldChar", fldCharType="begin")
    run("instrText", f" {instruction} ")
    run("fldChar", fldCharType="separate")
    run("t", placeholder)
    run("fldChar", fldCharType="end")


# --- section and settings ------------------------------------------------------------------


def set_line_grid(sectPr: BaseOxmlElement, line_pitch_twips: int) -> None:
    """Use a line-only document grid (文档网格: 只指定行网格) of ``line_pitch_twips``."""
    put(sectPr, "docGrid", {"type": "lines", "linePitch": str(line_pitch_twips)})


def end_section_at(p: BaseOxmlElement, sectPr: BaseOxmlElement) -> BaseOxmlElement:
    """End a section at paragraph ``p`` with a copy of ``sectPr`` (page, margins, grid, footers).

    The section after ``p`` keeps ``sectPr`` itself; return the copy.
    """
    copy = deepcopy(sectPr)
    pPr = p.get_or_add_pPr()
    existing = pPr.find(qn("w:sectPr"))
    if existing is not None:
        pPr.remove(existing)
    place = order_index(PPR_ORDER, "sectPr")
    for sibling in pPr:
        index = order_index(PPR_ORDER, local_name(sibling))
        if index is not None and place is not None and index > place:
            sibling.addprevious(copy)
            return copy
    pPr.append(copy)
    return copy


def fill_properties(props: BaseOxmlElement, children: Iterable[BaseOxmlElement]) -> None:
    """Set copies of ``children`` (elements of a w:pPr or w:rPr) on ``props``, in schema order.

    Children the schema does not place in ``props`` are left out.
    """
    order = ORDERS[local_name(props)]
    for child in children:
        name = local_name(child)
        if order_index(order, name) is None or name in ("pStyle", "rStyle", "sectPr", "rPr"):
            continue
        new = put(props, name)
        for key, value in child.attrib.items():
            new.set(key, value)
        for grandchild in child:
            new.append(deepcopy(grandchild))


def set_theme_font_language(settings: BaseOxmlElement, east_asian: str = "zh-CN") -> None:
    """Make the theme's East Asian fonts those of ``east_asian`` (the template says ja-JP)."""
    put(settings, "themeFontLang", {"val": "en-US", "eastAsia": east_asian})


# --- tables (the 版记) -----------------------------------------------------------------------


def float_table_at_bottom(tblPr: BaseOxmlElement, *, left_twips: int) -> None:
    """Float the table to the bottom of the text block, its left edge ``left_twips`` from the page edge.

    Placed against the page horizontally because LibreOffice only floats a table
    as wide as the text block when its position is relative to the page.
    """
    put(tblPr, "tblpPr", {"leftFromText": "0", "rightFromText": "0", "topFromText": "0",
                          "bottomFromText": "0", "vertAnchor": "margin", "horzAnchor": "page",
                          "tblpX": str(left_twips), "tblpYSpec": "bottom"})
    put(tblPr, "tblOverlap", {"val": "never"})


def set_table_geometry(tblPr: BaseOxmlElement, width_twips: int) -> None:
    """Fix the table's width, put it at the text edge, and take away the cells' side padding."""
    put(tblPr, "tblW", {"w": str(width_twips), "type": "dxa"})
    put(tblPr, "tblInd", {"w": "0", "type": "dxa"})
    put(tblPr, "tblLayout", {"type": "fixed"})
    margins = get_or_put(tblPr, "tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        put(margins, side, {"w": "0", "type": "dxa"})


def set_table_borders(tblPr: BaseOxmlElement, widths: dict[str, float], color: str = "000000") -> None:
    """Draw the table's rules: ``widths`` maps top/bottom/insideH … to a width in points; others none."""
    borders = get_or_put(tblPr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in widths:
            put(borders, side, {"val": "single", "sz": str(_eighths(widths[side])), "space": "0",
                                "color": color})
        else:
            put(borders, side, {"val": "nil"})


def _eighths(points: float) -> int:
    """Return a border width in eighths of a point, within what the schema allows (2–96)."""
    return max(2, min(96, round(points * 8)))
