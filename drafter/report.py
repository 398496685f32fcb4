"""Open a report file: read it, find its template set, load the structure, validate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datafile import load_report_file
from .problems import Problem
from .structure import Structure
from .templateset import TemplateSet, find_template_set
from .validate import Report, validate
from .yamlsource import LoadedYaml


@dataclass
class OpenedReport:
    """A report file with everything needed to check, render or edit it."""

    loaded: LoadedYaml
    template_set: TemplateSet
    structure: Structure
    report: Report
    problems: list[Problem]


def open_report(path: Path, *, template: str | Path | TemplateSet | None = None,
                sets: dict[Path, TemplateSet] | None = None) -> OpenedReport:
    """Read and validate ``path`` with its own template set, or with ``template`` when given
    (a name, a folder, or an already loaded set). ``sets`` keeps the sets found so far by
    folder, so a command opening many files (merge) loads each set once."""
    loaded = load_report_file(path)
    if isinstance(template, TemplateSet):
        template_set = template
    else:
        wanted = template or loaded.data.get("template") or None
        template_set = find_template_set(wanted, relative_to=path.parent)
        if sets is not None:
            template_set = sets.setdefault(template_set.path, template_set)
    report, problems = validate(loaded, template_set.structure)
    return OpenedReport(loaded, template_set, template_set.structure, report, problems)
