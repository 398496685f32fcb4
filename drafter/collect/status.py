"""Who sent what back: match the returned files to the expected units and check each one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import msgspec

from ..errors import DrafterError, UnreadableFileError
from ..problems import Problem, errors, warnings
from ..report import OpenedReport
from ..validate import count_filled
from ..yamlsource import read_bytes
from .reader import OLD_WORKBOOK_SUFFIXES, open_unit

RETURN_SUFFIXES = (".xlsx", ".xlsm", ".yaml", ".yml", *OLD_WORKBOOK_SUFFIXES)  # old ones: to be listed as refused


class UnitStatus(msgspec.Struct):
    """One line of the status table."""

    unit: str
    expected: bool
    file: Path | None = None
    filled: int = 0
    total: int = 0
    errors: int = 0
    warnings: int = 0
    note: str = ""
    empty: bool = False  # came back with no figure and no work item filled in

    @property
    def state(self) -> str:
        """Return the 收回 column: 未收回, 已收回, or 空表 for a form sent back untouched (still returned)."""
        return "未收回" if not self.returned else ("空表" if self.empty else "已收回")

    @property
    def returned(self) -> bool:
        """Return whether a file came back for this unit."""
        return self.file is not None


def read_unit_names(path: Path) -> list[str]:
    """Return the unit names of a list file: one a line, blank lines and ``#`` lines skipped."""
    raw = read_bytes(path, "单位名单")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFileError("单位名单的编码无法识别，请用记事本“另存为”UTF-8 编码后再试", file=path)
    names: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if any(ch in name for ch in '/\\:*?"<>|'):
            raise UnreadableFileError(f"单位名称“{name}”里有不能用在文件名中的字符（/ \\ : * ? \" < > |）",
                                      file=path, line=number)
        if name in names:
            raise UnreadableFileError(f"单位“{name}”在名单中出现了两次", file=path, line=number)
        names.append(name)
    if not names:
        raise UnreadableFileError("单位名单是空的：请每行写一个单位名称", file=path)
    return names


def returned_files(folder: Path) -> list[Path]:
    """Return the report files in ``folder`` (workbooks and YAML), skipping Office lock files."""
    if not folder.is_dir():
        raise UnreadableFileError("这不是一个文件夹；请给出放收回文件的文件夹", file=folder)
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in RETURN_SUFFIXES and not p.name.startswith(("~$", ".")) and p.is_file())


def collect_status(files: list[Path], names: list[str], *, year: int | None = None) -> list[UnitStatus]:
    """Return one status per expected unit (in list order), then one per file of an unlisted unit."""
    opened: list[tuple[Path, OpenedReport | None, str]] = []
    for path in files:
        try:
            opened.append((path, open_unit(path), ""))
        except DrafterError as exc:
            opened.append((path, None, _first(exc)))
    years = Counter(o.role("year") for _, o, _ in opened if o is not None)
    wanted_year = year if year is not None else (years.most_common(1)[0][0] if years else None)
    by_unit: dict[str, UnitStatus] = {name: UnitStatus(name, expected=True) for name in names}
    extra: list[UnitStatus] = []
    for path, report, refusal in opened:
        unit = _unit_of(path, report, names)
        status = UnitStatus(unit or path.stem, expected=unit in by_unit, file=path)
        if report is None:
            status.errors, status.note = 1, refusal
        else:
            _fill(status, report, wanted_year)
        named = [name for name in names if name in path.stem and name != status.unit and name not in status.unit]
        if unit and named:  # 收集表-乙镇人民政府.xlsx holding 甲镇's figures: which one came back?
            status.note = f"文件名写的是“{max(named, key=len)}”，表里的填报单位是“{unit}”" + (
                f"；{status.note}" if status.note else "")
        if status.expected and by_unit[status.unit].returned:
            status.note = f"重复：{by_unit[status.unit].file.name} 也是这个单位的" + (  # type: ignore[union-attr]
                f"；{status.note}" if status.note else "")
            status.expected = False  # an extra row: the unit is counted once
            extra.append(status)
        elif status.expected:
            by_unit[status.unit] = status
        else:
            if names:
                status.note = "不在单位名单中" + (f"；{status.note}" if status.note else "")
            extra.append(status)
    return list(by_unit.values()) + extra


def _unit_of(path: Path, report: OpenedReport | None, names: list[str]) -> str:
    issuer = str(report.role("issuer") or "").strip() if report else ""
    if issuer:
        return issuer
    in_name = [name for name in names if name in path.stem]
    return max(in_name, key=len) if in_name else ""


def _fill(status: UnitStatus, report: OpenedReport, wanted_year: object) -> None:
    status.filled, status.total = count_filled(report.report, report.structure)
    status.empty = status.filled == 0 and not any(report.report.items.values())
    if status.empty and not status.note:
        status.note = "没有填写任何数字和工作内容"
    found = errors(report.problems)
    # a unit fills figures on the form: warnings on what the form does not ask (成文日期, the parts
    # written as text) would be in every correct form
    figures = {f.label for f in report.structure.figures()}
    status.errors, status.warnings = len(found), sum(1 for p in warnings(report.problems) if p.field in figures)
    if found:
        status.note = _where(found[0])
    year = report.role("year")
    if wanted_year is not None and year != wanted_year:
        status.errors += 1
        key = report.structure.report.role("year")
        where = report.loaded.where(report.structure.field_paths.get(key, ()) if key else ())
        status.note = f"{where}: 年度是 {year}，本次收集的是 {wanted_year} 年" + (
            f"；{status.note}" if status.note else "")


def _where(problem: Problem) -> str:
    place = problem.cell or (f"第 {problem.line} 行" if problem.line else "")
    return ": ".join(p for p in (place, problem.field, problem.message) if p)


def _first(exc: DrafterError) -> str:
    return _where(exc.problems[0]) if exc.problems else exc.message
