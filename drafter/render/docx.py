"""Lay out a block document on the page as GB/T 9704-2012 wants it, and return the .docx bytes.

python-docx's public API does what it can (page, margins, styles, indents, line
spacing, footers, core properties); ``ooxml.py`` adds the rest (document grid,
East-Asian font slots, PAGE field, borders, outline levels, the floating 版记).

Vertical positions are kept on the line grid: the 版头 elements, whose sizes and
gaps are not whole lines, are followed by spacing that brings the next line back
onto the grid, so the first page holds as many lines as the others.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from copy import deepcopy
from io import BytesIO

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from ..templateset.cache import fetch, store
from . import ooxml
from .basedocx import BaseHeader, copy_into, restyle
from .blocks import (
    Block,
    DocNumber,
    Document,
    Heading,
    Imprint,
    Note,
    Paragraph,
    Recipients,
    RedHeader,
    Signature,
    Table,
    Title,
)
from .layout import MM_PER_PT, FontSpec, Layout
from .package import finish_package, package_parts, start_package
from .paging import Item, paginate, wrapped_lines
from .runs import add_run, new_paragraph
from .stamp import zip_package

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "center": WD_ALIGN_PARAGRAPH.CENTER}
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Paragraph and character styles: key → (name a clerk sees in Word, style id).
STYLE_NAMES = {
    "red_header": ("发文机关标志", "GwRedHeader"),
    "doc_number": ("发文字号", "GwDocNumber"),
    "signer_name": ("签发人姓名", "GwSignerName"),
    "title": ("公文标题", "GwTitle"),
    "recipients": ("主送机关", "GwRecipients"),
    "heading1": ("一级标题", "GwHeading1"),
    "heading2": ("二级标题", "GwHeading2"),
    "heading3": ("三级标题", "GwHeading3"),
    "heading4": ("四级标题", "GwHeading4"),
    "signature": ("署名", "GwSignature"),
    "date": ("成文日期", "GwDate"),
    "note": ("附注", "GwNote"),
    "imprint": ("版记", "GwImprint"),
    "page_number": ("页码", "GwPageNumber"),
}
BASE_HEADER_STYLE = ("版头（模板）", "GwBaseHeader")   # the template's Normal, for its copied 版头
BODY_STYLE = "Normal"  # Word and WPS show the built-in Normal style as “正文”.

_CACHE_KIND = "docx-start"
_KEEP_STARTS = 8
# The start of a document by its key, for this process: its bytes after the first report, opened
# from the second on (a single render need not copy it).
_STARTS: dict[str, bytes | DocxDocument] = {}


def write_docx(document: Document, layout: Layout, base: BaseHeader | None = None) -> bytes:
    """Return the .docx bytes of ``document`` laid out by ``layout``.

    With ``base`` (the 版头 of the template set's base .docx), a red header block
    takes the base's 版头 as it is, and the 发文字号 its paragraph and rule.
    """
    return zip_package(docx_parts(document, layout, base))


def docx_parts(document: Document, layout: Layout, base: BaseHeader | None = None) -> dict[str, bytes]:
    """Return the parts of ``write_docx``'s package by name, in package order, not yet zipped
    (``stamp`` adds its own and zips them once)."""
    return _Writer(layout, base).write(document)


def text_width(text: str) -> float:
    """Return the width of ``text`` in characters: 1 for Chinese and full-width, 0.5 for the rest."""
    return sum(map(_WIDTHS.__getitem__, text))


class _Widths(dict[str, float]):
    """The width of each character met so far: a report measures thousands of the same few hundred."""

    def __missing__(self, ch: str) -> float:
        width = self[ch] = 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5
        return width


_WIDTHS = _Widths()


class _Writer:
    """Builds one .docx; holds the python-docx document and the derived measures."""

    def __init__(self, layout: Layout, base: BaseHeader | None = None) -> None:
        self.layout = layout
        self.base = base if base is not None and base.elements else None
        self.pitch = layout.grid.line_pitch                     # one line, in points
        self.char = layout.body_char_width                      # one body character, in points
        self.width = layout.page.text_width / MM_PER_PT         # the text block, in points
        self.styles: dict[str, BaseStyle] = {}
        self.previous: Block | None = None
        self.next: Block | None = None
        self.last_text: DocxParagraph | None = None   # the last body paragraph so far
        self.realign = 0.0   # spacing that brings the next paragraph back onto the line grid
        self.flow: list[Item] = []          # the grid lines each paragraph takes, for the 版记
        self.last_text_item: Item | None = None
        self.doc = self._start()
        self.end = self.doc.element.body.get_or_add_sectPr()   # the body's last child: paragraphs go before it
        self.styles = self._styles_by_key()

    # --- the whole document ------------------------------------------------------------

    def write(self, document: Document) -> dict[str, bytes]:
        blocks = list(document.blocks)
        for index, block in enumerate(blocks):
            self.next = blocks[index + 1] if index + 1 < len(blocks) else None
            self._block(block)
            self.previous = block
        if not self.doc.paragraphs and not self.doc.tables:
            self.doc.add_paragraph()   # Word wants at least one paragraph in the body
        finish_package(self.doc, self.layout, title=document.title, issuer=document.author,
                       style_ids=[BODY_STYLE, *(style.style_id for style in self.styles.values())])
        return package_parts(self.doc)

    def _start(self) -> DocxDocument:
        """Return a new document with its page, styles and page numbers already set.

        They depend only on the layout (and the base's 版头 style), so the package is
        built once, kept as bytes in drafter's cache folder (for the next run) and in this
        process; from the second report with the same layout (a batch) it is kept opened, and
        each report starts from a copy of it, which costs a fraction of opening the package
        again. A fresh build is saved and opened again too, so every report starts from
        exactly the same package.
        """
        key = self._start_key()
        kept = _STARTS.get(key)
        if isinstance(kept, bytes):   # the second report with this layout: keep the start opened
            kept = _STARTS[key] = docx.Document(BytesIO(kept))
        if kept is not None:
            return deepcopy(kept)
        data = fetch(_CACHE_KIND, key)
        doc = None
        if data is not None:
            try:
                doc = docx.Document(BytesIO(data))
            except Exception:  # a damaged cache entry: build the start afresh
                data = None
        if data is None:
            self.doc = docx.Document()
            start_package(self.doc)
            self._page()
            self._styles()
            self._page_numbers()
            out = BytesIO()
            self.doc.save(out)
            data = out.getvalue()
            store(_CACHE_KIND, key, data)
            doc = docx.Document(BytesIO(data))
        if len(_STARTS) >= _KEEP_STARTS:
            _STARTS.clear()
        _STARTS[key] = data   # opened from these bytes for the next report, if one comes (a batch)
        return doc

    def _start_key(self) -> str:
        """Return a hash of everything the start depends on: the layout, the base's Normal style,
        python-docx's version (drafter's own code is part of the cache folder's name)."""
        digest = hashlib.sha256(f"{docx.__version__}\0{self.layout!r}\0".encode())
        if self.base is not None:
            for props in (self.base.normal_pPr, self.base.normal_rPr):
                for child in props or ():
                    digest.update(etree.tostring(child))
                digest.update(b"\0")
        return digest.hexdigest()

    def _styles_by_key(self) -> dict[str, BaseStyle]:
        by_id = {style.style_id: style for style in self.doc.styles}
        keys = [(key, style_id) for key, (_, style_id) in STYLE_NAMES.items()]
        if self.base is not None:
            keys.append(("base_header", BASE_HEADER_STYLE[1]))
        return {key: by_id[style_id] for key, style_id in keys}

    def _page(self) -> None:
        page = self.layout.page
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(page.width), Mm(page.height)
        section.top_margin, section.bottom_margin = Mm(page.margin_top), Mm(page.margin_bottom)
        section.left_margin, section.right_margin = Mm(page.margin_left), Mm(page.margin_right)
        section.gutter = 0
        section.header_distance = Mm(15)
        numbers, font = self.layout.page_number, self.layout.fonts.page_number
        line = self._footer_line_height()
        # The number's top edge sits ``gap`` below the text block; the footer distance is
        # measured from the page bottom to the bottom of the footer's line.
        top_of_number = page.margin_top + page.text_height + numbers.gap
        section.footer_distance = Mm(page.height - top_of_number - (line + font.size) / 2 * MM_PER_PT)
        ooxml.set_line_grid(self.doc.element.body.get_or_add_sectPr(), _twips(self.pitch))
        self.doc.settings.odd_and_even_pages_header_footer = True
        ooxml.set_theme_font_language(self.doc.settings.element)

    def _footer_line_height(self) -> float:
        return math.ceil(self.layout.fonts.page_number.size * 1.25)

    # --- styles ---------------------------------------------------------------------------

    def _styles(self) -> None:
        fonts = self.layout.fonts
        ooxml.set_doc_defaults(self.doc.styles.element, fonts.body.name, self.layout.latin_font,
                               fonts.body.size)
        body = self.doc.styles[BODY_STYLE]
        self._font(body, fonts.body)
        fmt = body.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Pt(2 * self.char)
        fmt.left_indent = fmt.right_indent = Pt(0)
        fmt.space_before = fmt.space_after = Pt(0)
        self._exact(fmt, self.pitch)
        fmt.widow_control = False
        ooxml.set_auto_space(body.element.get_or_add_pPr(), False)

        for key in ("red_header", "title"):
            font = getattr(fonts, key)
            style = self._paragraph_style(key, font, align="center", first_line=0,
                                          line=self._line_height(font.size), keep_next=True)
            # LibreOffice gives a snapped line as many grid lines as the font's own line height
            # needs (two for 2号 in a CJK font with tall ascenders); off the grid, the exact
            # height holds there as in Word.
            ooxml.set_snap_to_grid(style.element.get_or_add_pPr(), False)
        number = self._paragraph_style("doc_number", fonts.doc_number, align="left",
                                       first_line=self.char)
        number.paragraph_format.tab_stops.add_tab_stop(Pt(self.width - self.char),
                                                       WD_TAB_ALIGNMENT.RIGHT)
        signer = self.doc.styles.add_style(STYLE_NAMES["signer_name"][0], WD_STYLE_TYPE.CHARACTER)
        signer.style_id = STYLE_NAMES["signer_name"][1]
        self._font(signer, fonts.signer_name)
        self.styles["signer_name"] = signer
        self._paragraph_style("recipients", None, align="left", first_line=0)
        for level in range(1, 5):
            heading = self._paragraph_style(f"heading{level}", fonts.heading(level), keep_next=True)
            ooxml.set_outline_level(heading.element.get_or_add_pPr(), level - 1)
        self._paragraph_style("signature", None, align="left", first_line=0, keep_next=True)
        self._paragraph_style("date", None, align="left", first_line=0)
        self._paragraph_style("note", None, align="left")
        imprint_char = fonts.imprint.size + self.layout.spacing_for(fonts.imprint)
        self._paragraph_style("imprint", fonts.imprint, align="left", first_line=0,
                              left=self.layout.imprint.indent * imprint_char,
                              right=self.layout.imprint.indent * imprint_char)
        numbers = self._paragraph_style("page_number", fonts.page_number, first_line=0,
                                        line=self._footer_line_height())
        ooxml.set_snap_to_grid(numbers.element.get_or_add_pPr(), False)
        if self.base is not None:
            style = self.doc.styles.add_style(BASE_HEADER_STYLE[0], WD_STYLE_TYPE.PARAGRAPH)
            style.style_id = BASE_HEADER_STYLE[1]
            ooxml.fill_properties(style.element.get_or_add_pPr(), self.base.normal_pPr)
            ooxml.fill_properties(style.element.get_or_add_rPr(), self.base.normal_rPr)
            self.styles["base_header"] = style

    def _paragraph_style(self, key: str, font: FontSpec | None, *, align: str | None = None,
                         first_line: float | None = None, left: float | None = None,
                         right: float | None = None, line: float | None = None,
                         keep_next: bool = False) -> ParagraphStyle:
        name, style_id = STYLE_NAMES[key]
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.base_style = self.doc.styles[BODY_STYLE]
        style.quick_style = True
        if font is not None:
            self._font(style, font)
        fmt = style.paragraph_format
        if align is not None:
            fmt.alignment = _ALIGN[align]
        if first_line is not None:
            fmt.first_line_indent = Pt(first_line)
        if left is not None:
            fmt.left_indent = Pt(left)
        if right is not None:
            fmt.right_indent = Pt(right)
        if line is not None:
            self._exact(fmt, line)
        if keep_next:
            fmt.keep_with_next = True
        self.styles[key] = style
        return style

    def _font(self, style: BaseStyle, font: FontSpec) -> None:
        style.font.size = Pt(font.size)
        style.font.color.rgb = RGBColor.from_string(font.color)
        style.font.bold = True if font.bold else None
        rPr = style.element.get_or_add_rPr()
        ooxml.set_fonts(rPr, font.name, self.layout.latin_font)
        ooxml.set_character_spacing(rPr, self.layout.spacing_for(font))

    @staticmethod
    def _exact(fmt: object, points: float) -> None:
        fmt.line_spacing = Pt(points)  # type: ignore[attr-defined]
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY  # type: ignore[attr-defined]

    def _line_height(self, size: float) -> float:
        """Return a whole number of grid lines tall enough for text of ``size`` points."""
        return max(1, math.ceil(size * 1.2 / self.pitch - 0.05)) * self.pitch

    # --- page numbers -----------------------------------------------------------------------

    def _page_numbers(self) -> None:
        section = self.doc.sections[0]
        numbers = self.layout.page_number
        indent = Pt(numbers.indent * self.layout.fonts.page_number.size)
        for footer, align in ((section.footer, numbers.odd), (section.even_page_footer, numbers.even)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.styles["page_number"]
            paragraph.alignment = _ALIGN[align]
            if align == "right":
                paragraph.paragraph_format.right_indent = indent
            elif align == "left":
                paragraph.paragraph_format.left_indent = indent
            paragraph.add_run(numbers.prefix)
            ooxml.append_field(ooxml.element(paragraph), "PAGE", "1")
            paragraph.add_run(numbers.suffix)
            # The number's runs name their fonts too: a clerk who restyles the footer in Word or
            # WPS keeps the Latin digits and the 宋体 dashes.
            font = self.layout.fonts.page_number
            for run in ooxml.element(paragraph).iter(qn("w:r")):
                ooxml.set_fonts(run.get_or_add_rPr(), font.name, self.layout.latin_font)

    # --- blocks -------------------------------------------------------------------------------

    def _block(self, block: Block) -> None:
        if isinstance(block, RedHeader):
            self._red_header(block)
        elif isinstance(block, DocNumber):
            self._doc_number(block)
        elif isinstance(block, Title):
            self._title(block)
        elif isinstance(block, Recipients):
            before = self.pitch if isinstance(self.previous, Title) else 0
            self._add(block.text, "recipients", before=before)
            self._count(self._text_lines(block.text, indent=0), before)
        elif isinstance(block, Heading):
            if block.level not in (1, 2, 3, 4):
                raise ValueError(f"heading level must be 1-4, not {block.level}")
            self._add(block.text, f"heading{block.level}")
            self._count(self._text_lines(block.text), keep_next=True)
        elif isinstance(block, Paragraph):
            self.last_text = self._add(block.text, None)
            self.last_text_item = self._count(self._text_lines(block.text))
        elif isinstance(block, Signature):
            self._signature(block)
        elif isinstance(block, Note):
            text = block.text.strip()
            if not text.startswith(("（", "(")):
                text = f"（{text}）"
            self._add(text, "note")
            self._count(self._text_lines(text))
        elif isinstance(block, Imprint):
            self._imprint(block)
        elif isinstance(block, Table):
            from .table import add_table

            add_table(self.doc, block, self.layout, self.width, text_width)
        else:  # pragma: no cover - the Block union is closed
            raise TypeError(f"unknown block {block!r}")

    def _add(self, text: str, style: str | None, *, before: float = 0.0) -> DocxParagraph:
        """Append a paragraph in ``style`` (None: the body) with ``before`` points above, plus any realignment."""
        before = max(0.0, before + self.realign)
        self.realign = 0.0
        p = new_paragraph(self.end, self.styles[style].style_id if style else None, before)
        if text:
            add_run(p, text)
        return DocxParagraph(p, self.doc)

    def _red_header(self, block: RedHeader) -> None:
        if self.base is not None:   # the county's own 版头, as it is in its template
            copy_into(self.base, self.doc, BASE_HEADER_STYLE[1])
            self._count(self.base.lines)
            return
        font = self.layout.fonts.red_header
        lines = [line.strip() for line in block.text.splitlines() if line.strip()] or [""]
        widest = max(text_width(line) for line in lines)
        size = font.size
        if widest * size > self.width:  # shrink a long mark to fit one line
            size = math.floor(self.width / widest * 2) / 2
        height = self._line_height(size)
        top = self.layout.red_header.top / MM_PER_PT - (height - size) / 2
        paragraph = self._add("", "red_header", before=0 if self.previous else max(0.0, top))
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if size != font.size:
                run.font.size = Pt(size)
            if index < len(lines) - 1:
                run.add_break()
        if size != font.size:
            self._exact(paragraph.paragraph_format, height)
        used = (top if not self.previous else 0) + height * len(lines)
        self.realign = self._to_grid(used)
        self._count(max(1, round(used / self.pitch)))
        if not isinstance(self.next, DocNumber):
            self._red_rule(paragraph, size, height)

    def _doc_number(self, block: DocNumber) -> None:
        before = 2 * self.pitch if isinstance(self.previous, RedHeader) else 0.0
        if self.base is not None and self.base.number is not None and isinstance(self.previous, RedHeader):
            self._base_doc_number(block, self.base.number)
            return
        if len(block.signers) > 1:
            paragraph = self._several_signers(block, before)
        else:
            paragraph = self._add("", "doc_number", before=before)
            paragraph.add_run(block.number)
            if block.signers:  # the style's right tab puts the name one character in from the right
                paragraph.add_run("\t签发人：")
                paragraph.add_run(block.signers[0], self.styles["signer_name"])
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.first_line_indent = Pt(0)
            self._count(1, before)
        self._red_rule(paragraph, self.layout.fonts.doc_number.size, self.pitch)

    def _base_doc_number(self, block: DocNumber, template: BaseOxmlElement) -> None:
        """Fill the template's 发文字号 paragraph: its spacing and red rule stay, the text is the report's."""
        p = deepcopy(template)
        restyle(p, self.styles["doc_number"].style_id)
        for child in list(p):
            if child.tag != qn("w:pPr"):
                p.remove(child)
        self.doc.element.body.get_or_add_sectPr().addprevious(p)
        paragraph = self.doc.paragraphs[-1]
        paragraph.add_run(block.number)
        if block.signers:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.first_line_indent = Pt(self.char)
            paragraph.add_run("\t签发人：")
            paragraph.add_run("　".join(block.signers), self.styles["signer_name"])
        self._count(1)

    def _several_signers(self, block: DocNumber, before: float) -> DocxParagraph:
        """Lay out 签发人 two names a line, further lines under the first name (GB/T 9704 7.2.6).

        The 发文字号 shares the last line. Names stand in two columns as wide as the
        longest name with one character between them, the second column ending one
        character in from the right; ``签发人：`` stands just before the first column.
        Return the last paragraph (the red rule goes under it).
        """
        names = [name.strip() for name in block.signers]
        column = max(text_width(name) for name in names) * self.char
        second = self.width - self.char - column
        first = second - self.char - column
        label = "签发人："
        rows = [names[index:index + 2] for index in range(0, len(names), 2)]
        lines: list[DocxParagraph] = []
        for index, row in enumerate(rows):
            paragraph = self._add("", "doc_number", before=before if index == 0 else 0.0)
            tabs = paragraph.paragraph_format.tab_stops
            tabs.add_tab_stop(Pt(self.width - self.char), WD_TAB_ALIGNMENT.CLEAR)  # the style's
            tabs.add_tab_stop(Pt(first - (text_width(label) * self.char if index == 0 else 0)))
            tabs.add_tab_stop(Pt(second))
            if index == len(rows) - 1:
                paragraph.add_run(block.number)
            paragraph.add_run("\t" + (label if index == 0 else ""))
            for position, name in enumerate(row):
                if position:
                    paragraph.add_run("\t")
                paragraph.add_run(name, self.styles["signer_name"])
            lines.append(paragraph)
            self._count(1, before if index == 0 else 0.0)
        return lines[-1]

    def _red_rule(self, paragraph: DocxParagraph, size: float, line: float) -> None:
        rule = self.layout.red_rule
        # The characters sit a little above the middle of an exact line (measured in
        # LibreOffice: the bottom of a 3号 character is about 8 pt above the bottom of its
        # 28.95 pt line), so the border is that much closer to the line than ``gap``.
        space = rule.gap / MM_PER_PT - (line - size) / 2 - 1.5 - rule.width / 2
        space = max(0, min(31, round(space)))
        ooxml.set_paragraph_border(ooxml.element(paragraph).get_or_add_pPr(), "bottom",
                                   width_pt=rule.width, color=rule.color, space_pt=space)
        # The border adds its distance and width below the line; take them off the next gap.
        self.realign -= space + rule.width

    def _title(self, block: Title) -> None:
        after_header = isinstance(self.previous, (RedHeader, DocNumber))
        paragraph = self._add("", "title", before=2 * self.pitch if after_header else 0)
        for index, line in enumerate(block.lines):
            run = paragraph.add_run(line)
            if index < len(block.lines) - 1:
                run.add_break()
        font = self.layout.fonts.title
        per_line = round(self._line_height(font.size) / self.pitch)
        lines = sum(wrapped_lines(text_width(line), self.width / font.size) for line in block.lines)
        self._count(lines * per_line, 2 * self.pitch if after_header else 0)

    def _signature(self, block: Signature) -> None:
        # GB/T 9704 7.3.5.2: the issuer two characters in from the right, the date on the next
        # line with its first character two characters right of the issuer's; a date longer
        # than that allows stands two characters in from the right and pushes the issuer left.
        # Both lines are placed by their left indent, so the two-character step holds exactly
        # whatever the width of the digits in the font at hand.
        issuers = block.issuer.split() or [""]
        two = 2 * self.char
        widest = max(max(text_width(name) for name in issuers) * self.char,
                     text_width(block.date) * self.char + two)
        start = max(0.0, self.width - two - widest)
        if self.last_text is not None:  # no page with only the signature on it
            self.last_text.paragraph_format.keep_with_next = True
        if self.last_text_item is not None:
            self.last_text_item.keep_next = True
        issuer = self._add("", "signature", before=self.pitch)
        issuer.paragraph_format.left_indent = Pt(start)
        for index, name in enumerate(issuers):
            run = issuer.add_run(name)
            if index < len(issuers) - 1:
                run.add_break()
        date = self._add(block.date, "date")
        date.paragraph_format.left_indent = Pt(start + two)
        if isinstance(self.next, Note):
            date.paragraph_format.keep_with_next = True
        self._count(len(issuers), self.pitch, keep_next=True)
        self._count(1, keep_next=isinstance(self.next, Note))

    def _imprint(self, block: Imprint) -> None:
        spec, font = self.layout.imprint, self.layout.fonts.imprint
        char = font.size + self.layout.spacing_for(font)
        rows: list[tuple[str, bool]] = []
        if block.copy_to:
            names = "，".join(name.strip() for name in block.copy_to if name.strip())
            if not names.endswith("。"):
                names += "。"
            rows.append(("抄送：" + names, True))
        date = block.print_date.strip()
        if date and spec.print_suffix and not date.endswith(spec.print_suffix):
            date += spec.print_suffix
        if block.printer or date:
            rows.append((f"{block.printer}\t{date}", False))
        if not rows:
            return
        copy_lines = (wrapped_lines(text_width(rows[0][0]), self.width / char - 2 * spec.indent, hanging=3)
                      if rows[0][1] else 0)
        height = ((copy_lines + len(rows) - (1 if copy_lines else 0)) * self.pitch
                  + (2 * spec.thick_rule + (len(rows) - 1) * spec.thin_rule) / MM_PER_PT)
        place = self._imprint_place(height)
        if place == "back":
            self._back_of_last_sheet()
        if place != "here":
            self._page_break()
        table = self.doc.add_table(rows=len(rows), cols=1)
        table.autofit = False
        tblPr = ooxml.element(table).tblPr
        ooxml.float_table_at_bottom(tblPr, left_twips=round(self.layout.page.margin_left / MM_PER_PT * 20))
        ooxml.set_table_geometry(tblPr, _twips(self.width))
        thick, thin = spec.thick_rule / MM_PER_PT, spec.thin_rule / MM_PER_PT
        ooxml.set_table_borders(tblPr, {"top": thick, "bottom": thick, "insideH": thin})
        table.columns[0].width = Pt(self.width)
        for row, (text, is_copy) in zip(table.rows, rows, strict=True):
            cell = row.cells[0]
            cell.width = Pt(self.width)
            paragraph = cell.paragraphs[0]
            paragraph.style = self.styles["imprint"]
            paragraph.add_run(text)
            if is_copy:  # continuation lines start after “抄送：”
                fmt = paragraph.paragraph_format
                fmt.left_indent = Pt((spec.indent + 3) * char)
                fmt.first_line_indent = Pt(-3 * char)
            else:
                paragraph.paragraph_format.tab_stops.add_tab_stop(
                    Pt(self.width - spec.indent * char), WD_TAB_ALIGNMENT.RIGHT)
        # A document cannot end with a table: close it with an empty paragraph one point high.
        closing = self.doc.add_paragraph()
        fmt = closing.paragraph_format
        fmt.first_line_indent = Pt(0)
        self._exact(fmt, 1)
        ooxml.set_snap_to_grid(ooxml.element(closing).get_or_add_pPr(), False)

    # --- where the 版记 goes (GB/T 9704 7.4, 7.5) ---------------------------------------------

    def _count(self, lines: int, before: float = 0.0, *, keep_next: bool = False) -> Item:
        """Add a paragraph of ``lines`` grid lines with ``before`` points above it to the line count."""
        item = Item(lines, round(before / self.pitch), keep_next)
        self.flow.append(item)
        return item

    def _text_lines(self, text: str, indent: float = 2) -> int:
        """Return the grid lines a body-size paragraph of ``text`` takes, its first line ``indent`` in."""
        return wrapped_lines(text_width(text), self.width / self.char, indent)

    def _imprint_place(self, height: float) -> str:
        """Return where a 版记 ``height`` points tall goes: "here", "next" page or the "back" of the sheet.

        It stays on the last page when it fits under the text; otherwise it goes to
        the next even page, the back of the last sheet, unless the layout says the
        office prints single-sided.
        """
        page, used = paginate(self.flow, self.layout.grid.lines_per_page)
        free = self.layout.page.text_height / MM_PER_PT - used * self.pitch
        if height <= free + 0.01:
            return "here"
        if not self.layout.imprint.even_page or page % 2 == 1:
            return "next"
        return "back"

    def _page_break(self) -> None:
        """Start a new page with an empty paragraph one point high (the 版记 floats to its foot)."""
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.page_break_before = True
        fmt.first_line_indent = Pt(0)
        self._exact(fmt, 1)
        ooxml.set_snap_to_grid(ooxml.element(paragraph).get_or_add_pPr(), False)

    def _back_of_last_sheet(self) -> None:
        """End the text's section and start one without page numbers: a blank page, then the 版记's.

        GB/T 9704 7.5: a blank page before the 版记 page, and the 版记 page after it,
        carry no page number.
        """
        sectPr = self.doc.element.body.get_or_add_sectPr()
        ooxml.end_section_at(ooxml.element(self.doc.paragraphs[-1]), sectPr)
        ooxml.remove(sectPr, "footerReference")   # not python-docx's unlink: it would drop the rels
        section = self.doc.sections[-1]
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False   # its own, empty footers
            footer.paragraphs[0].style = self.styles["page_number"]
        self.doc.add_paragraph().paragraph_format.first_line_indent = Pt(0)   # the blank page

    def _to_grid(self, used: float) -> float:
        """Return the spacing (maybe negative) that moves ``used`` points to the nearest grid line."""
        return round(used / self.pitch) * self.pitch - used

def _twips(points: float) -> int:
    return round(points * 20)
