"""Open a report file: read it, find its template set, load the structure, validate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from .datafile import load_report_file
from .errors import DrafterError, StructureError
from .problems import Level, Problem, errors
from .structure import Structure
from .templateset import LoadedSets, TemplateSet, find_template_set
from .validate import Report, validate
from .yamlsource import LoadedYaml


class OpenedReport(msgspec.Struct):
    """A report file with everything needed to check, render or edit it."""

    loaded: LoadedYaml
    template_set: TemplateSet
    structure: Structure
    report: Report
    problems: list[Problem]
    previous: OpenedReport | None = None  # last year's report for 同比, checked like this one

    def role(self, name: str) -> Any:
        """Return the checked value of the field playing role ``name`` (issuer, year…), or None."""
        return self.structure.value_of(name, self.report.values)


def open_report(path: Path, *, template: str | Path | TemplateSet | None = None,
                sets: LoadedSets | None = None, previous: Path | None = None,
                with_previous: bool = True) -> OpenedReport:
    """Read and validate ``path`` with its own template set, or with ``template`` when given
    (a name, a folder, or an already loaded set); ``sets`` shares the sets of a command that opens
    many files (a batch, merge), so each set is loaded once.

    Last year's file (``previous``, else the report's ``previous:`` key) is opened and checked
    too, unless ``with_previous`` is false: what would stop 同比 in a render is an error here,
    so that ``check`` and ``render`` agree.
    """
    opened = _open_one(path, template, sets)
    if with_previous:
        _open_previous(opened, previous, sets)
    return opened


def _open_one(path: Path, template: str | Path | TemplateSet | None, sets: LoadedSets | None) -> OpenedReport:
    loaded = load_report_file(path)
    if isinstance(template, TemplateSet):
        template_set = template
    else:
        wanted = template or loaded.data.get("template") or None
        find = sets.find if sets is not None else find_template_set
        try:
            template_set = find(wanted, relative_to=path.parent)
        except StructureError as exc:
            if template or exc.problems:
                raise
            # named in the data file: point at its template: line; a folder is relative to the file
            raise StructureError(exc.message + "（文件夹按数据文件所在的文件夹找；内置模板的名称要写对大小写）",
                                 file=path, line=loaded.line_of(("template",)), field="所用模板") from None
    report, problems = validate(loaded, template_set.structure)
    return OpenedReport(loaded, template_set, template_set.structure, report, problems)


PREVIOUS_FIELD = "上年度数据文件"


def _previous_path(opened: OpenedReport, previous: Path | None = None) -> Path | None:
    """Return last year's file: ``previous`` when given, else the report's ``previous:`` key
    (relative to the report's folder)."""
    if previous is not None:
        return Path(previous)
    if opened.report.previous:
        return opened.loaded.path.parent / opened.report.previous
    return None


def _open_previous(opened: OpenedReport, given: Path | None, sets: LoadedSets | None) -> None:
    path = _previous_path(opened, given)
    if path is None:
        return
    # Named on the command line: the message names that file; from the key: the key's line.
    where = (path, 0) if given is not None else (opened.loaded.path, opened.loaded.line_of(("previous",)))

    def refuse(message: str) -> None:
        opened.problems.append(Problem(Level.ERROR, message, where[0], where[1], PREVIOUS_FIELD))

    try:
        last = _open_one(path, None, sets)
    except DrafterError as exc:
        return refuse(f"上年度数据文件用不了：{exc}")
    if errors(last.problems):
        return refuse(f"上年度数据文件 {path} 有 {len(errors(last.problems))} 处错误，无法用于同比"
                      f"（运行 drafter check {path} 查看）")
    year, last_year = opened.role("year"), last.role("year")
    if isinstance(year, int) and last_year != year - 1:
        return refuse(f"上年度数据文件 {path} 的报告年度是 {last_year}，而本报告是 {year} 年，应为 {year - 1} 年")
    issuer, last_issuer = opened.role("issuer"), last.role("issuer")
    if issuer and last_issuer and "".join(str(issuer).split()) != "".join(str(last_issuer).split()):
        opened.problems.append(Problem(
            Level.WARNING, f"上年度数据文件 {path} 的发文机关是“{last_issuer}”，与本报告的“{issuer}”不同；"
            "同比会按它的数字写，请核对是不是选错了文件", where[0], where[1], PREVIOUS_FIELD))
    opened.previous = last
