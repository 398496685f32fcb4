"""A template set's base .docx: the county's own 版头, copied into every report unchanged.

A county's Word template has its 版头 at the top of the body: a red text, an
image logo, or a joint header (两行机关名称 with 文件 beside them, usually a
borderless table), then blank lines, then a placeholder 发文字号 whose bottom
border is the red rule. Everything above that 发文字号 is the 版头; drafter copies
it as it is, images included, and fills the 发文字号 paragraph with the report's
number and 签发人, keeping its spacing and rule. The template's Normal style
(which the copied paragraphs follow in the template) becomes the style
“版头（模板）”, so they look in the report as they did in the template.
"""

from __future__ import annotations

import re
from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
import msgspec
from docx.oxml.ns import qn
from lxml import etree

from ..errors import DrafterError, package_reason
from ..lazyregex import LazyPattern

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NUMBER = LazyPattern(r"〔.*〕|\[\s*\d{2}.*\]|［.*］|号\s*$")
_IMAGE_REFS = ((qn("a:blip"), f"{{{R_NS}}}embed"), ("{urn:schemas-microsoft-com:vml}imagedata", f"{{{R_NS}}}id"))


class BaseHeader(msgspec.Struct):
    """The 版头 of a base .docx: body elements above the 发文字号, the 发文字号 paragraph, images."""

    kind: str = ""                                  # 文字 / 图片 / 联合发文, or "" without a 版头
    elements: list[Any] = msgspec.field(default_factory=list)
    number: Any = None                              # a copy of the 发文字号 paragraph, or None
    source_number: Any = None                       # the 发文字号 paragraph in the template itself
    images: dict[str, bytes] = msgspec.field(default_factory=dict)      # rId in the template → image bytes
    red_font: tuple[str, float | None, str] | None = None       # name, size (pt), colour
    normal_pPr: Any = None                          # the template's Normal style, with its defaults
    normal_rPr: Any = None

    @property
    def lines(self) -> int:
        """Return about how many grid lines the 版头 takes (paragraphs, table rows)."""
        rows = sum(len(element.findall(qn("w:tr"))) for element in self.elements
                   if element.tag == qn("w:tbl"))
        return rows + sum(1 for element in self.elements if element.tag == qn("w:p"))


def load_base(path: Path) -> BaseHeader:
    """Open the base .docx at ``path`` and return its 版头; raise ``DrafterError`` when it is unreadable."""
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise DrafterError(f"模板的底稿 Word 文件无法读取（{package_reason(exc)}）", file=path) from None
    return read_base_header(document)


def read_base_header(document: Any) -> BaseHeader:
    """Return the 版头 of an open python-docx ``document``."""
    body = document.element.body
    children = [child for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    number_at = next((index for index, child in enumerate(children)
                      if child.tag == qn("w:p") and _NUMBER.search(_text(child))), None)
    if number_at is not None:
        region = children[:number_at]
    else:
        region = []
        for child in children:
            if child.tag == qn("w:p") and _text(child).strip() and not is_red_paragraph(child):
                break
            region.append(child)
    header = BaseHeader()
    if not any(_has_image(child) or _red_runs(child) for child in region):
        return header
    header.elements = [deepcopy(child) for child in region]
    if number_at is not None:
        header.source_number = children[number_at]
        header.number = deepcopy(children[number_at])
    if any(_has_image(child) for child in region):
        header.kind = "图片"
    elif any(child.tag == qn("w:tbl") for child in region if _red_runs(child)):
        header.kind = "联合发文"
    else:
        header.kind = "文字"
    styles = document.styles.element
    red = next((run for child in region for run in _red_runs(child)), None)
    if red is not None:
        name, size = run_font(red.find(qn("w:rPr")), styles)
        color = red.find(f"{qn('w:rPr')}/{qn('w:color')}").get(qn("w:val")).upper()
        if name:
            header.red_font = (name, size, color)
    part = document.part
    for element in header.elements:
        for tag, attr in _IMAGE_REFS:
            for node in element.iter(tag):
                rId = node.get(attr)
                if rId and rId in part.rels and not part.rels[rId].is_external:
                    header.images[rId] = part.rels[rId].target_part.blob
    header.normal_pPr, header.normal_rPr = _normal_style(styles)
    return header


def run_font(rPr: Any, styles: Any) -> tuple[str | None, float | None]:
    """Return the East Asian font name and size (pt) of a run: its own, else Normal's, else the defaults'."""
    chain = [rPr]
    normal = _style(styles, "Normal")
    if normal is not None:
        chain.append(normal.find(qn("w:rPr")))
    chain.append(styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    name = size = None
    for props in chain:
        if props is None:
            continue
        fonts = props.find(qn("w:rFonts"))
        if name is None and fonts is not None:
            name = fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:ascii"))
        sz = props.find(qn("w:sz"))
        if size is None and sz is not None and sz.get(qn("w:val"), "").isdigit():
            size = int(sz.get(qn("w:val"))) / 2
    return name, size


def copy_into(header: BaseHeader, document: Any, style_id: str) -> list[Any]:
    """Append copies of the 版头 elements to ``document``'s body, its images added; return the copies.

    Every paragraph of the copies follows ``style_id`` (the template's Normal, rebuilt).
    """
    body = document.element.body
    anchor = body.get_or_add_sectPr()
    new_ids: dict[str, str] = {}
    copies = []
    for element in header.elements:
        element = deepcopy(element)
        for tag, attr in _IMAGE_REFS:
            for node in element.iter(tag):
                rId = node.get(attr)
                if rId in header.images:
                    if rId not in new_ids:
                        from io import BytesIO
                        new_ids[rId], _ = document.part.get_or_add_image(BytesIO(header.images[rId]))
                    node.set(attr, new_ids[rId])
        restyle(element, style_id)
        anchor.addprevious(element)
        copies.append(element)
    return copies


def restyle(element: Any, style_id: str) -> None:
    """Give every paragraph in ``element`` the style ``style_id``; drop run and table style references."""
    for p in ([element] if element.tag == qn("w:p") else []) + list(element.iter(qn("w:p"))):
        pPr = p.find(qn("w:pPr"))
        if pPr is None:
            pPr = etree.SubElement(p, qn("w:pPr"))
            p.remove(pPr)
            p.insert(0, pPr)
        old = pPr.find(qn("w:pStyle"))
        if old is not None:
            pPr.remove(old)
        style = etree.Element(qn("w:pStyle"))
        style.set(qn("w:val"), style_id)
        pPr.insert(0, style)
    for tag in (qn("w:rStyle"), qn("w:tblStyle")):
        for node in list(element.iter(tag)):
            node.getparent().remove(node)


def _normal_style(styles: Any) -> tuple[Any, Any]:
    """Return the template's Normal paragraph and run properties with its document defaults under them."""
    normal = _style(styles, "Normal")
    defaults = styles.find(qn("w:docDefaults"))
    pPr = _merged(normal.find(qn("w:pPr")) if normal is not None else None,
                  defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None)
    rPr = _merged(normal.find(qn("w:rPr")) if normal is not None else None,
                  defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None)
    return pPr, rPr


def _merged(own: Any, under: Any) -> list[Any]:
    """Return copies of the children of ``own``, and of ``under`` where ``own`` lacks them (attribute-wise)."""
    result = {child.tag: deepcopy(child) for child in (under if under is not None else [])}
    for child in own if own is not None else []:
        if child.tag in result and child.tag in (qn("w:spacing"), qn("w:ind"), qn("w:rFonts")):
            merged = result[child.tag]
            for key, value in child.attrib.items():
                merged.set(key, value)
        else:
            result[child.tag] = deepcopy(child)
    fonts = result.get(qn("w:rFonts"))
    if fonts is not None:   # theme fonts would name the report's theme, not the template's
        for key in list(fonts.attrib):
            if key.endswith("Theme"):
                del fonts.attrib[key]
    return list(result.values())


def _style(styles: Any, style_id: str) -> Any:
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def _text(element: Any) -> str:
    return "".join(node.text or "" for node in element.iter(qn("w:t")))


def _has_image(element: Any) -> bool:
    return any(True for _ in element.iter(qn("w:drawing"))) or any(True for _ in element.iter(qn("w:pict")))


def _red_runs(element: Any) -> list[Any]:
    runs = []
    for run in element.iter(qn("w:r")):
        color = run.find(f"{qn('w:rPr')}/{qn('w:color')}")
        value = color.get(qn("w:val"), "") if color is not None else ""
        if re.fullmatch(r"[0-9A-Fa-f]{6}", value) and _is_red(value) and _text(run).strip():
            runs.append(run)
    return runs


def _is_red(value: str) -> bool:
    red, green, blue = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return red >= 0x99 and green <= 0x66 and blue <= 0x66


def is_red_paragraph(p: Any) -> bool:
    """Return whether paragraph ``p`` has red text (a 版头 line)."""
    return bool(_red_runs(p))
