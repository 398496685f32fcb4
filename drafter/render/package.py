"""The package around the document: drafter's own theme, font table, styles and properties.

python-docx starts every document from its default template, which carries a
Calibri/Cambria theme with Japanese and Traditional Chinese script fonts, a font
table naming Symbol and ＭＳ 明朝, a thumbnail, a customXml item, numbering and
web settings, and dozens of unused built-in styles. WPS resolves theme fonts and
reports fonts the document never shows as missing, so ``finish_package`` leaves
only what drafter means to write, every font named being one of the layout's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.ns import qn
from lxml import etree

from .. import __version__
from .layout import ROLES, FontSpec, Layout

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

# Relationships of python-docx's template that drafter never fills.
_UNWANTED_DOCUMENT_RELS = (
    RT.CUSTOM_XML, RT.WEB_SETTINGS, RT.NUMBERING, RT.GLOSSARY_DOCUMENT,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
)
_UNWANTED_PACKAGE_RELS = (RT.THUMBNAIL, RT.CUSTOM_PROPERTIES)

# Styles every Word document has as the defaults of their kind; Word shows them in Chinese.
DEFAULT_STYLES = ("Normal", "DefaultParagraphFont", "TableNormal")

# Fonts that come with Chinese Windows or Office (and WPS): the alternative names worth
# giving, since Word and WPS substitute the altName when the font itself is missing.
COMMON_FONTS = (
    "宋体", "新宋体", "仿宋", "楷体", "黑体", "微软雅黑", "等线", "华文中宋", "华文宋体", "华文仿宋",
    "华文楷体", "SimSun", "NSimSun", "FangSong", "KaiTi", "SimHei", "Microsoft YaHei",
    "STZhongsong", "Times New Roman", "Arial",
)
_GB2312 = "86"
_ANSI = "00"


def start_package(doc: DocxDocument) -> None:
    """Drop the template's styles but the defaults of each kind, before drafter adds its own.

    python-docx looks styles up by walking all of them (its template has over 160), once
    for every style added and every paragraph styled; with only drafter's it stays cheap.
    """
    _prune_styles(doc, set(DEFAULT_STYLES))


def finish_package(doc: DocxDocument, layout: Layout, *, title: str, issuer: str,
                   style_ids: Iterable[str]) -> None:
    """Turn python-docx's template package into drafter's own, before the document is saved.

    ``style_ids`` are the styles drafter defined; every other style but the
    defaults of each kind is dropped.
    """
    _drop_unwanted_parts(doc)
    _replace_part(doc, RT.THEME, "/word/theme/theme1.xml", CT.OFC_THEME, theme_xml(layout))
    _replace_part(doc, RT.FONT_TABLE, "/word/fontTable.xml", CT.WML_FONT_TABLE, font_table_xml(layout))
    _prune_styles(doc, set(style_ids) | set(DEFAULT_STYLES))
    _clean_settings(doc)
    _core_properties(doc, title, issuer)
    _app_properties(doc, title, issuer)


def package_parts(doc: DocxDocument) -> dict[str, bytes]:
    """Return the parts of ``doc``'s package by zip member name, in the order python-docx's
    ``save`` writes them (content types, package relationships, each part then its own)."""
    package = doc.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    members = {CONTENT_TYPES_URI.membername: _ContentTypesItem.from_parts(parts).blob,
               PACKAGE_URI.rels_uri.membername: package.rels.xml}
    for part in parts:
        members[part.partname.membername] = part.blob
        if len(part.rels):
            members[part.partname.rels_uri.membername] = part.rels.xml
    return members


def used_fonts(layout: Layout) -> dict[str, FontSpec | None]:
    """Return the fonts the document names, first choice of each role then the Latin font.

    The value is the role's font spec (for its fallbacks), or None for the Latin font.
    """
    fonts: dict[str, FontSpec | None] = {}
    for role in ROLES:
        spec: FontSpec = getattr(layout.fonts, role)
        fonts.setdefault(spec.name, spec)
    fonts.setdefault(layout.latin_font, None)
    return fonts


def alternative_name(name: str, fallbacks: Iterable[str]) -> str | None:
    """Return the fallback Word and WPS should substitute for ``name``: a usual Windows font first."""
    candidates = [font for font in fallbacks if font != name]
    common = [font for font in candidates if font in COMMON_FONTS]
    return (common or candidates or [None])[0]


# --- parts ------------------------------------------------------------------------------------


def _drop_unwanted_parts(doc: DocxDocument) -> None:
    part = doc.part
    for rId, rel in list(part.rels.items()):
        if rel.reltype in _UNWANTED_DOCUMENT_RELS:
            part.rels.pop(rId)
    package_rels = part.package.rels
    for rId, rel in list(package_rels.items()):
        if rel.reltype in _UNWANTED_PACKAGE_RELS:
            package_rels.pop(rId)


def _replace_part(doc: DocxDocument, reltype: str, name: str, content_type: str, blob: bytes) -> None:
    """Relate the document to a new part ``name`` in place of the template's part of ``reltype``."""
    part = doc.part
    for rId, rel in list(part.rels.items()):
        if rel.reltype == reltype:
            part.rels.pop(rId)
    part.relate_to(Part(PackURI(name), content_type, blob, part.package), reltype)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- theme --------------------------------------------------------------------------------------


def theme_xml(layout: Layout) -> bytes:
    """Return a theme whose fonts are the layout's: titles for headings, the body font for text."""
    def a(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{A_NS}}}{tag}", attrs)

    theme = etree.Element(f"{{{A_NS}}}theme", {"name": "drafter"}, nsmap={"a": A_NS})
    elements = a(theme, "themeElements")
    colors = a(elements, "clrScheme", name="drafter")
    a(a(colors, "dk1"), "sysClr", val="windowText", lastClr="000000")
    a(a(colors, "lt1"), "sysClr", val="window", lastClr="FFFFFF")
    scheme = {"dk2": "000000", "lt2": "FFFFFF", "accent1": layout.red_rule.color, "accent2": "000000",
              "accent3": "000000", "accent4": "000000", "accent5": "000000", "accent6": "000000",
              "hlink": "0000FF", "folHlink": "800080"}
    for tag, value in scheme.items():
        a(a(colors, tag), "srgbClr", val=value)
    fonts = a(elements, "fontScheme", name="drafter")
    for tag, east_asian in (("majorFont", layout.fonts.title.name), ("minorFont", layout.fonts.body.name)):
        group = a(fonts, tag)
        a(group, "latin", typeface=layout.latin_font)
        a(group, "ea", typeface=east_asian)
        a(group, "cs", typeface=layout.latin_font)
        a(group, "font", script="Hans", typeface=east_asian)
    formats = a(elements, "fmtScheme", name="drafter")
    for list_tag in ("fillStyleLst", "lnStyleLst", "effectStyleLst", "bgFillStyleLst"):
        styles = a(formats, list_tag)
        for _ in range(3):
            if list_tag == "lnStyleLst":
                a(a(a(styles, "ln", w="9525"), "solidFill"), "schemeClr", val="phClr")
            elif list_tag == "effectStyleLst":
                a(a(styles, "effectStyle"), "effectLst")
            else:
                a(a(styles, "solidFill"), "schemeClr", val="phClr")
    a(theme, "objectDefaults")
    a(theme, "extraClrSchemeLst")
    return _serialize(theme)


# --- font table ---------------------------------------------------------------------------------


def font_table_xml(layout: Layout) -> bytes:
    """Return ``w:fonts`` listing exactly the fonts the document names, with alternative names.

    East Asian fonts carry the GB2312 character set, which tells Word and WPS to
    look for a Chinese font when substituting; the Latin font carries ANSI.
    """
    root = etree.Element(qn("w:fonts"), nsmap={"w": W_NS})
    for name, spec in used_fonts(layout).items():
        fallbacks = spec.fallbacks if spec is not None else tuple(layout.latin[1:])
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        alt = alternative_name(name, fallbacks)
        if alt:
            etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        east_asian = spec is not None
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): _GB2312 if east_asian else _ANSI})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "auto" if east_asian else "roman"})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
    return _serialize(root)


# --- styles and settings ------------------------------------------------------------------------


def _prune_styles(doc: DocxDocument, keep: set[str]) -> None:
    """Drop every style not in ``keep`` (nor a base of one), and the built-in latent style list."""
    styles = doc.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    wanted, todo = set(), [style_id for style_id in keep if style_id in by_id]
    while todo:
        style_id = todo.pop()
        if style_id in wanted:
            continue
        wanted.add(style_id)
        for link in ("w:basedOn", "w:next", "w:link"):
            target = by_id[style_id].find(qn(link))
            if target is not None and target.get(qn("w:val")) in by_id:
                todo.append(target.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in wanted:
            styles.remove(style)
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)


def _clean_settings(doc: DocxDocument) -> None:
    """Drop the template's math font (Cambria Math), preview picture and attached template."""
    settings = doc.settings.element
    for tag in (f"{{{M_NS}}}mathPr", qn("w:savePreviewPicture"), qn("w:attachedTemplate")):
        for child in settings.findall(tag):
            settings.remove(child)


# --- properties ---------------------------------------------------------------------------------


# python-docx refuses a core property of over 255 characters (Word shows them in 属性 only).
_MAX_PROPERTY = 255


def _core_properties(doc: DocxDocument, title: str, issuer: str) -> None:
    props = doc.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    title, issuer = title[:_MAX_PROPERTY], issuer[:_MAX_PROPERTY]
    props.title = title
    props.author = issuer
    props.last_modified_by = issuer
    props.subject = ""
    props.keywords = ""
    props.comments = "由 drafter 生成"
    props.language = "zh-CN"
    props.created = props.modified = now
    props.revision = 1


def app_properties_xml(title: str, issuer: str) -> bytes:
    """Return docProps/app.xml naming drafter as the application, the issuer as the company."""
    root = etree.Element(f"{{{EP_NS}}}Properties", nsmap={None: EP_NS, "vt": VT_NS})

    def add(tag: str, text: str | None = None) -> etree._Element:
        child = etree.SubElement(root, f"{{{EP_NS}}}{tag}")
        child.text = text
        return child

    add("Application", f"drafter {__version__}")
    add("DocSecurity", "0")
    add("ScaleCrop", "false")
    pairs = etree.SubElement(add("HeadingPairs"), f"{{{VT_NS}}}vector", size="2", baseType="variant")
    etree.SubElement(etree.SubElement(pairs, f"{{{VT_NS}}}variant"), f"{{{VT_NS}}}lpstr").text = "标题"
    etree.SubElement(etree.SubElement(pairs, f"{{{VT_NS}}}variant"), f"{{{VT_NS}}}i4").text = "1"
    parts = etree.SubElement(add("TitlesOfParts"), f"{{{VT_NS}}}vector", size="1", baseType="lpstr")
    etree.SubElement(parts, f"{{{VT_NS}}}lpstr").text = title
    add("Company", issuer)
    add("LinksUpToDate", "false")
    add("SharedDoc", "false")
    add("HyperlinksChanged", "false")
    return _serialize(root)


def _app_properties(doc: DocxDocument, title: str, issuer: str) -> None:
    package = doc.part.package
    for rId, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            package.rels.pop(rId)
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES,
                app_properties_xml(title, issuer), package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)
