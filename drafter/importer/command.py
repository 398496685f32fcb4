"""``drafter import``: read last year's report, lay it on the structure, write the report YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import yaml

from ..datafile import FORMAT_VERSION, dump_report, save_report
from ..datapath import block_id_of, has_key_at, remove_at, set_field
from ..errors import DrafterError
from ..outputs import check_name, refuse_existing, refuse_inputs
from ..problems import Level, Problem
from ..structure import Structure
from ..templateset import TemplateSet, builtin_names, find_template_set, set_reference
from ..validate import validate
from ..values import ROLE_CLEANERS
from ..yamlsource import LoadedYaml
from .cleanup import Garble, clean_lines
from .figures import OTHER_UNIT, Extraction, FigureFinder, FigureResult, resolve
from .mapping import Assembly, Mapper
from .metadata import Found, Frame, parse_opening, split_document
from .opening import is_template_opening, opening_text
from .outline import build_outline
from .sources import read_source

UNPLACED_KEY = "unplaced"
MAX_ROUNDS = 20


class ImportResult(msgspec.Struct):
    """What an import read, where it put it, and what it could not place."""

    source: Path
    output: Path | None
    data: dict[str, Any]
    structure: Structure
    frame: Frame
    assembly: Assembly
    figures: FigureResult
    dropped: list[tuple[Extraction, str]] = msgspec.field(default_factory=list)  # figures left out, and why
    converted: int = 0
    doubled: int = 0  # doubled punctuation made single
    garbles: list[Garble] = msgspec.field(default_factory=list)
    problems: list[Problem] = msgspec.field(default_factory=list)  # what drafter check says of the result
    source_notes: list[str] = msgspec.field(default_factory=list)
    template_reason: str = ""  # why this template set was used, when the clerk did not name one
    noted: dict[str, str] = msgspec.field(default_factory=dict)  # figures filled from another subsection's text

    @property
    def meta_found(self) -> list[Found]:
        """The metadata taken, one per field, in the order of the structure."""
        first: dict[str, Found] = {}
        for item in self.frame.found:
            first.setdefault(item.key, item)
        return [first[f.key] for f in self.structure.meta.fields if f.key in first]

    @property
    def unplaced(self) -> list[str]:
        return list(self.data.get(UNPLACED_KEY) or [])


def default_output(source: Path) -> Path:
    """Return the YAML path beside the source: 上年报告.docx → 上年报告.yaml."""
    return source.with_suffix(".yaml")


def import_report(source: Path, output: Path | None = None, *, template: str | Path | None = None,
                  write: bool = True, force: bool = False) -> ImportResult:
    """Import ``source`` (.docx/.txt) and, when ``write``, save the report YAML to ``output``."""
    source = Path(source)
    target = Path(output) if output else default_output(source)
    if write:
        check_name(target, "报告数据文件")
        refuse_inputs(target, [source], what="报告数据文件")
        if not force:
            refuse_existing(target, what="输出文件", hint="请用 -o 指定新文件名，或加 --force 覆盖")
    read = read_source(source)
    cleaned = clean_lines(read.lines)
    if not cleaned.lines:
        raise DrafterError("要导入的文件里没有文字；请确认选对了文件（扫描件或图片中的文字无法读取）", file=source)
    frame = split_document(cleaned.lines, cleaned.numbers)
    meta = frame.meta()
    chosen = template if template is not None else template_for_level(meta.get("level"))
    template_set = find_template_set(chosen, relative_to=Path.cwd())
    structure = template_set.structure
    if write:
        refuse_inputs(target, [], folders=template_set.chain, what="报告数据文件")
    year = meta.get("year") if isinstance(meta.get("year"), int) else None
    nodes = build_outline([text for text, _ in frame.body], [line for _, line in frame.body])

    finder = FigureFinder(structure, template_set.text_dirs, _variables(template_set))
    found: list[Extraction] = []
    generated: set[int] = set()
    for node in nodes:
        extractions, whole = finder.find(node.text, node.line)
        found.extend(extractions)
        if whole and not node.is_heading and not node.is_item:
            generated.add(node.line)
    figures = resolve(found)
    assembly = Mapper(structure, year).assemble(nodes, generated, _sentence_owners(structure, found, generated))

    misplaced, noted = _place_figures(structure, assembly, figures)
    data = _report_data(structure, template_set, set_reference(template_set.path, target), frame, assembly,
                        figures)
    result = ImportResult(source=source, output=target if write else None, data=data, structure=structure,
                          frame=frame, assembly=assembly, figures=figures, converted=cleaned.converted,
                          doubled=cleaned.doubled,
                          garbles=cleaned.garbles, source_notes=read.notes,
                          template_reason=_template_reason(template, meta.get("level"), template_set))
    for key, items in figures.conflicts.items():
        values = "、".join(dict.fromkeys(i.written for i in items))
        if all(i.how == OTHER_UNIT for i in items):
            unit = structure.fields[key].shown_unit
            why = f"原文的单位与这一项的单位（{unit}）不同（{values}），请自行核对填写"
        else:
            why = f"原文有不同的数字（{values}），请自行核对填写"
        result.dropped.append((items[0], why))
    for items in figures.doubtful.values():
        result.dropped.append((items[0], items[0].doubt))
    result.dropped.extend(misplaced)
    result.noted = noted
    _settle(result, target)
    if write:
        save_report(target, structure, result.data)
    return result


def _sentence_owners(structure: Structure, found: list[Extraction], generated: set[int]) -> dict[int, str]:
    """Return line → subsection for drafter's own figure sentences: their figures name the subsection
    they were written for, whatever its own heading says (a report drafter wrote reads back as written)."""
    owners: dict[int, str] = {}
    for extraction in found:
        if extraction.line in generated and extraction.key in structure.field_paths:
            block = ".".join(structure.field_paths[extraction.key][:-2])  # …/<section>/figures/<key>
            owners[extraction.line] = block if owners.get(extraction.line, block) == block else ""
    return {line: block for line, block in owners.items() if block}


# The bundled set written for a level, where it is not the county government's (default).
LEVEL_TEMPLATES = {"政府部门": "department"}


def template_for_level(level: object) -> str | None:
    """Return the bundled set for a report of ``level`` (a department's report: department)."""
    name = LEVEL_TEMPLATES.get(str(level or ""))
    return name if name in builtin_names() else None


def _place_figures(structure: Structure, assembly: Assembly,
                   figures: FigureResult) -> tuple[list[tuple[Extraction, str]], dict[str, str]]:
    """Compare where each figure was read with the subsection it belongs to.

    A figure read by a generic wording (办复率, 备案率) from another subsection's text is taken
    out and returned with the reason: elsewhere such a wording may be another matter's rate, and
    filling it could add a subsection the source never had. A figure named by its full label or a
    specific alias stays, with a note saying where it was found.
    """
    titles = {".".join(b.path): b.heading for b in structure.blocks()}
    left_out, notes = [], {}
    for key, item in list(figures.accepted.items()):
        own, found_in = block_id_of(structure, key), assembly.block_of(item.line)
        if not own or found_in == own:
            continue
        where = f"“{titles[found_in]}”" if found_in in titles else "未归入小节的文字"
        if item.generic:
            left_out.append((item, f"出现在{where}里，而本项属于“{titles.get(own, own)}”小节；请核对后自行填写"))
            del figures.accepted[key]
        else:
            notes[key] = f"取自{where}，不在本项所在小节"
    return left_out, notes


def _template_reason(asked: str | Path | None, level: object, template_set: TemplateSet) -> str:
    if asked is not None:
        return ""
    if level and template_for_level(level):
        return f"按行政层级“{level}”选用模板 {template_set.name}"
    if level and level != "县级政府":
        return f"用模板 {template_set.name}，按“{level}”的称谓写；如有本级专用模板，请加 --template 指定"
    return ""


def _variables(template_set: TemplateSet) -> dict[str, list[str]]:
    """Return the words the templates put in by level or issuer ({{ area }} 全县/全区…, {{ short }} 县/区…)."""
    try:
        phrases = template_set.phrases
    except (DrafterError, ValueError, TypeError, AttributeError):  # a broken phrases file: no words
        return {}
    words: dict[str, list[str]] = {}
    for spec in (*phrases.levels.values(), *phrases.issuer_endings.values()):
        for name, value in spec.items():
            words.setdefault(name, [])
            if value not in words[name]:
                words[name].append(value)
    return words


def _written_by_template(template_set: TemplateSet, frame: Frame, theme: str, summary: str) -> bool:
    """Return whether the opening is the set's own opening.j2 with this theme and summary."""
    try:
        thoughts = [str(text) for text in template_set.phrases.guiding_thoughts.values()]
    except (DrafterError, ValueError, TypeError, AttributeError):  # a broken phrases file: no words
        thoughts = []
    variables = {"opening.theme": [theme], "opening.summary": [summary], "opening.guiding_thought": thoughts}
    year = frame.meta().get("year")
    if isinstance(year, int):
        variables["year"] = [str(year)]
    return is_template_opening(frame.opening, template_set.find("text/opening.j2"), variables)


def _meta_data(structure: Structure, found: dict[str, Any]) -> dict[str, Any]:
    """Return the 公文 elements read from the document (issuer, year, doc_number…) under the keys of
    the set's fields playing those roles, or of its fields of the same name, cleaned as check and
    the wizard clean them (a 发文字号's year in 〔〕)."""
    meta_keys = {f.key for f in structure.meta.fields}
    keyed = {structure.report.role(name) or name: value for name, value in found.items()}
    return {key: _cleaned(structure, key, value) for key, value in keyed.items() if key in meta_keys}


def _cleaned(structure: Structure, key: str, value: Any) -> Any:
    cleaner = ROLE_CLEANERS.get(structure.report.role_of(key))
    return cleaner(value).value if cleaner is not None and isinstance(value, str) else value


def _report_data(structure: Structure, template_set: TemplateSet, template: str, frame: Frame,
                 assembly: Assembly, figures: FigureResult) -> dict[str, Any]:
    data: dict[str, Any] = {"drafter": FORMAT_VERSION, "template": template}
    data["meta"] = _meta_data(structure, frame.meta())
    theme, summary = parse_opening(frame.opening)
    opening = {"theme": theme, "summary": summary, "text": opening_text(frame.opening)}
    if _written_by_template(template_set, frame, theme, summary):
        opening["text"] = ""
    declared = {f.key for f in structure.opening.fields}
    data["opening"] = {key: value for key, value in opening.items() if value and key in declared}
    for part in structure.parts:
        block = assembly.blocks.get(part.key)
        part_data: dict[str, Any] = _block_data(block) if block is not None else {}
        for section in part.sections:
            block = assembly.blocks.get(".".join(section.path))
            if block is not None:
                part_data[section.key] = _block_data(block)
        if part_data:
            data[part.key] = part_data
    for key, extraction in figures.accepted.items():
        set_field(structure, data, key, extraction.value)
    unplaced = [text for _, text, _ in frame.leftovers] + assembly.unplaced
    if unplaced:
        data[UNPLACED_KEY] = unplaced
    return data




def _block_data(block: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if block.heading:
        out["heading"] = block.heading
    if block.intro:
        out["intro"] = "\n".join(block.intro)
    if block.items:
        out["items"] = list(block.items)
    return out


def _settle(result: ImportResult, target: Path) -> None:
    """Validate the data as ``drafter check`` will; leave out figures that contradict the others."""
    labels = {spec.label: key for key, spec in result.structure.fields.items()}
    for _ in range(MAX_ROUNDS):
        text = dump_report(result.structure, result.data)
        loaded = LoadedYaml(path=target, data=yaml.safe_load(text))
        _, problems = validate(loaded, result.structure)
        bad = [p for p in problems if p.level is Level.ERROR and labels.get(p.field) in result.figures.accepted
               and has_key_at(result.data, result.structure.field_paths[labels[p.field]])]
        if not bad:
            result.problems = problems
            return
        for problem in bad:
            key = labels[problem.field]
            path = result.structure.field_paths[key]
            if has_key_at(result.data, path):
                remove_at(result.data, path)
                result.dropped.append((result.figures.accepted[key], f"与其他数字矛盾：{problem.message}"))
    result.problems = problems
