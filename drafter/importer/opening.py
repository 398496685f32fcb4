"""The opening paragraph of an imported report: kept whole, unless it is the template's own.

A published opening carries the county's own content (“荣获全国法治政府建设示范市”), so
import keeps it as ``opening.text``; the template then prints it as written. Where the
paragraph is exactly what the set's ``opening.j2`` writes (a report drafter rendered),
``theme`` and ``summary`` already give it back and the text is not kept twice.
"""

from __future__ import annotations

import re
from pathlib import Path

from .figures import compile_template_text

_SET_TURN = re.compile(r"[，,。]?\s*(?:特|现)将[^。：]{0,60}?(?:报告|汇报|总结|报告如下)如下\s*[：:。]?\s*$")


def opening_text(text: str) -> str:
    """Return the opening paragraph as written, without the set turn “现将有关情况报告如下：”
    (the template adds it to a formal report); what is left ends with a full stop."""
    kept = _SET_TURN.sub("", text.strip()).rstrip("，,；; ")
    if not kept:
        return ""
    return kept if kept.endswith(("。", "！", "？", "…")) else kept + "。"


def is_template_opening(text: str, template: Path | None, variables: dict[str, list[str]]) -> bool:
    """Return whether ``text`` is what the opening template writes with these ``variables``."""
    if template is None:
        return False
    try:
        source = template.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    pattern = compile_template_text(source, variables)
    return bool(pattern and pattern.fullmatch(re.sub(r"\s+", "", text)))
