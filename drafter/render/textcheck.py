"""``drafter check --text``: render a report to plain text and run the reader's lint over it."""

from __future__ import annotations

from ..report import OpenedReport
from ..textlint import UNITS, Expect, Finding, lint_text
from .blocks import Document, Heading, Paragraph, Title
from .context import heading_of
from .pipeline import render_blocks


def document_text(document: Document) -> str:
    """Return the document as the lint reads it: ``#`` headings, paragraphs, ``@`` for the rest."""
    lines = []
    for block in document.blocks:
        if isinstance(block, Heading):
            lines.append("#" * block.level + " " + block.text)
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Title):
            lines.append("@标题 " + "".join(block.lines))
        else:
            lines.append("@" + type(block).__name__)
    return "\n".join(lines) + "\n"


def expectations(opened: OpenedReport, dependent: frozenset[str] = frozenset()) -> Expect:
    """Return what the template set promises about the text of ``opened``."""
    structure, report = opened.structure, opened.report
    year = opened.role("year")
    parts = [(heading_of(report, part, year), not part.optional) for part in structure.parts]
    units = tuple({f.shown_unit for f in structure.figures() if f.shown_unit} | set(UNITS))
    return Expect(parts=parts, dependent=dependent, units=units)


def report_text(opened: OpenedReport) -> tuple[str, Expect]:
    """Render a validated report to lint text, with the expectations to lint it against."""
    document, dependent = render_blocks(opened, opened.previous)
    return document_text(document), expectations(opened, dependent)


def lint_report(opened: OpenedReport) -> list[Finding]:
    """Return the lint findings of a validated report's rendered text."""
    text, expect = report_text(opened)
    return lint_text(text, expect)
