"""``drafter import``: start a report YAML from last year's report as published (.docx or .txt).

The flow, one module a step::

    sources.py   the file → its lines (python-docx paragraphs, or text in any common encoding)
    cleanup.py   Traditional → Simplified, punctuation and spaces, garbled spots, web-page debris
    outline.py   lines → metadata, opening, and a tree of headings (一、 （一） 1. （1） 一是)
    mapping.py   headings → statutory parts and the structure's subsections (keywords: in structure.yaml)
    figures.py   sentences → declared figures (labels, aliases: in structure.yaml, and the text templates)
    command.py   puts it together into report data and writes it through datafile.py
    summary.py   what was recognized, for the clerk to confirm (rich)
"""

from __future__ import annotations

from .command import ImportResult, import_report  # noqa: E402

__all__ = ["ImportResult", "import_report"]
