"""Check an edited template set before any report uses it: structure, layout, phrases and text.

Every problem carries its file and line: Jinja syntax errors, figures or variables
the templates use but the structure does not declare (a static scan of every
template, then a StrictUndefined render of a report with every figure filled and
of an empty one), structure and layout errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import nodes

from ..errors import DrafterError, StructureError
from ..problems import Level, Problem
from ..render.context import (
    DEFAULT_LEVEL_WORDS,
    DERIVED_META,
    GUIDING_THOUGHT,
    PartView,
    SectionView,
    build_context,
)
from ..render.jinjamessages import syntax_message
from ..render.markup import parse_blocks
from ..render.templatesource import outside_links, read_template
from ..render.text import TextRenderer
from ..structure import Structure
from ..validate import Report
from .finding import LAYOUT_FILE, PHRASES_FILE

if TYPE_CHECKING:
    from .loaded import TemplateSet

# Names the report templates may use, and the attributes of the objects behind them.
CONTEXT_NAMES = {"meta", "year", "next_year", "place", "formal", "opening", "parts", "f",
                 "part", "section", "item", "sentence", "cn", "numbered", "form_of", "form", "loop", "caller",
                 "range", *DEFAULT_LEVEL_WORDS}
VIEW_KEYS = set(PartView.__struct_fields__) | set(SectionView.__struct_fields__)


def check_template_set(template_set: TemplateSet) -> list[Problem]:
    """Return every problem of ``template_set``; without errors among them the set is usable."""
    try:
        structure = template_set.structure
    except StructureError as exc:
        return _as_problems(exc)
    phrase_problems = _phrase_problems(template_set)
    problems = outside_links(template_set.path) + list(structure.warnings) + _layout_problems(template_set)
    problems += phrase_problems
    if not template_set.text_dirs:
        return problems + [Problem(Level.ERROR, "模板里没有 text 文件夹（句子模板）", template_set.path)]
    renderer = template_set.renderer
    static = list(_static_problems(renderer, template_set.text_dir, structure))
    problems += static
    if not static and not phrase_problems:
        problems += _render_problems(renderer, structure, template_set)
    return problems


def _as_problems(exc: DrafterError) -> list[Problem]:
    return exc.problems or [Problem(Level.ERROR, exc.message, exc.location.file, exc.location.line)]


def _layout_problems(template_set: TemplateSet) -> list[Problem]:
    from ..render.layout import check_layout

    path = template_set.find(LAYOUT_FILE)
    if path is None:
        return [Problem(Level.ERROR, f"模板里没有版式文件 {LAYOUT_FILE}", template_set.path)]
    return check_layout(path)


def _phrase_problems(template_set: TemplateSet) -> list[Problem]:
    try:
        template_set.phrases  # noqa: B018 - loading is the check
    except DrafterError as exc:
        return _as_problems(exc)
    except (ValueError, TypeError, AttributeError):
        path = template_set.find(PHRASES_FILE)
        return [Problem(Level.ERROR, "guiding_thoughts 应写成“年份: 表述”，levels 应写成“层级: {area: …, short: …}”",
                        path, 1)]
    return []


def _static_problems(renderer: TextRenderer, own_text_dir: Path, structure: Structure) -> Iterator[Problem]:
    if not own_text_dir.is_dir():
        return
    for path in sorted(own_text_dir.rglob("*.j2")):
        try:
            source, warnings = read_template(path)
        except DrafterError as exc:
            yield Problem(Level.ERROR, exc.message, exc.location.file, exc.location.line)
            continue
        yield from warnings
        try:
            tree = renderer.env.parse(source, name=path.name, filename=str(path))
        except jinja2.TemplateSyntaxError as exc:
            yield Problem(Level.ERROR, syntax_message(exc), path, exc.lineno or 0)
            continue
        yield from _scan(tree, path, structure)


def _defined_names(tree: nodes.Template) -> set[str]:
    """Return the names a template defines itself: variables, loop targets, macros, imports."""
    names = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    names |= {n.name for n in tree.find_all(nodes.Macro)}
    names |= {n.target for n in tree.find_all(nodes.Import)}
    for node in tree.find_all(nodes.FromImport):
        names |= {name[1] if isinstance(name, tuple) else name for name in node.names}
    return names | {"varargs", "kwargs"}  # inside a macro


def _scan(tree: nodes.Template, path: Path, structure: Structure) -> Iterator[Problem]:
    meta_keys = {f.key for f in structure.meta.fields} | set(DERIVED_META)
    opening_keys = {f.key for f in structure.opening.fields} | {GUIDING_THOUGHT}
    assigned = _defined_names(tree)
    for node in tree.find_all(nodes.Getattr):
        if not isinstance(node.node, nodes.Name):
            continue
        owner, attr = node.node.name, node.attr
        if owner == "f" and attr not in structure.fields:
            yield Problem(Level.ERROR, f"模板引用了结构中没有的数字“{attr}”（f.{attr}）", path, node.lineno)
        elif owner == "meta" and attr not in meta_keys:
            yield Problem(Level.ERROR, f"meta 中没有“{attr}”，可用：" + "、".join(sorted(meta_keys)),
                          path, node.lineno)
        elif owner == "opening" and attr not in opening_keys:
            yield Problem(Level.ERROR, f"opening 中没有“{attr}”，可用：" + "、".join(sorted(opening_keys)),
                          path, node.lineno)
        elif owner in ("part", "section") and attr not in VIEW_KEYS:
            yield Problem(Level.ERROR, f"{owner} 中没有“{attr}”，可用：" + "、".join(sorted(VIEW_KEYS)),
                          path, node.lineno)
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in CONTEXT_NAMES and node.name not in assigned:
            yield Problem(Level.ERROR, f"模板使用了未定义的变量“{node.name}”", path, node.lineno)


def sample_report(structure: Structure, *, filled: bool) -> Report:
    """Return a report with every declared value filled (or only the required ones)."""
    report = Report(path=Path("样例.yaml"))
    for spec in structure.fields.values():
        if filled or spec.required:
            report.values[spec.key] = _sample(spec.kind, spec.choices)
    if filled:
        for block in structure.blocks():
            block_id = ".".join(block.path)
            report.items[block_id] = ["样例工作内容。"]
            report.intros[block_id] = "样例引言："
    return report


def _sample(kind: str, choices: tuple[str, ...]) -> Any:
    from ..values import Number

    samples: dict[str, Any] = {
        "count": Number(12), "amount": Number(3), "percent": Number(99),
        "date": dt.date(2026, 1, 8), "year": 2025, "text": "样例", "list": ["样例"],
        "choice": choices[0] if choices else "样例",
    }
    return samples[kind]


def _render_problems(renderer: TextRenderer, structure: Structure, template_set: TemplateSet) -> list[Problem]:
    for filled in (True, False):
        sample = sample_report(structure, filled=filled)
        context = build_context(sample, structure, template_set.phrases, previous=sample)
        try:
            parse_blocks(renderer.render(context))
        except StructureError as exc:
            return _as_problems(exc)
    return []
