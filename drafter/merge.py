"""Roll unit reports (departments, townships) up into one report file.

Counts and amounts are summed over the units that reported them; rates are
recomputed from the summed counts of their declared ``rate`` rule, never
averaged; a figure no unit reported stays absent. A figure declared ``merge: own``
belongs to the merged report's own body (县委常委会, 依法治县委员会): the units'
values are never summed into it; ``--into``'s value is kept, else it stays empty. Each unit's own paragraphs are
kept under ``from_units`` of their subsection, attributed, for the clerk to pick.
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import msgspec

from .collect.reader import open_unit
from .datafile import dump_and_read
from .datapath import set_at, set_field
from .errors import DrafterError, ReportInvalidError
from .problems import Problem, errors
from .report import OpenedReport, open_report
from .structure import Structure
from .templateset import LoadedSets
from .validate import validate
from .values import Number, numeric, plain_number


class MergeUsageError(DrafterError):
    """The merge was asked something contradictory (``--year`` against ``--into``)."""

    exit_code = 2


class FigureRow(msgspec.Struct):
    """One line of the merge report: a figure, its total and who did not report it."""

    key: str
    label: str
    unit: str
    total: str
    reporting: int
    missing: list[str]
    how: str


class MergeResult(msgspec.Struct):
    """The merged report data and what the clerk should know about it."""

    data: dict[str, Any]
    units: list[str]
    structure: Structure
    rows: list[FigureRow] = msgspec.field(default_factory=list)
    conflicts: list[str] = msgspec.field(default_factory=list)
    unit_values: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict)  # unit → its checked values
    template_folders: list[Path] = msgspec.field(default_factory=list)  # every template-set folder read


def exclude_units(units: list[Path], excludes: list[str]) -> tuple[list[Path], list[str]]:
    """Return the units left after ``--exclude`` and one line per excluded file.

    An exclude names a unit by its path, or by its bare file name (``去年剩的.yaml`` excludes
    ``乡镇/去年剩的.yaml``); one that names none of the units is refused, so a mistyped name
    never lets the file it meant into the sums."""
    from .outputs import resolved

    kept, notes = list(units), []
    for wanted in excludes:
        by_path = resolved(Path(wanted))
        bare = Path(wanted).name == wanted
        hits = [u for u in kept if resolved(u) == by_path or (bare and u.name == wanted)]
        if not hits:
            raise MergeUsageError(f"--exclude {wanted} 没有对应本次要汇总的任何文件，没有汇总；"
                                  "请写要汇总的文件中的一个（文件名或路径），如 "
                                  f"--exclude {units[0].name if units else '文件名.yaml'}")
        kept = [u for u in kept if u not in hits]
        notes.extend(f"已排除：{u}（--exclude {wanted}）" for u in hits)
    return kept, notes


def merge_reports(unit_paths: list[Path], *, into: Path | None = None, issuer: str = "",
                  year: int | None = None) -> MergeResult:
    """Merge the unit files of one year; with ``into``, lay the sums over that report.

    The year is ``into``'s, else ``year``, else the one all units agree on; a unit of
    another year stops the merge, named, so a leftover file is never summed (or summed
    alone). With ``into``, every total comes from this run's units and replaces the one
    in that file (each replacement is named); its figures no unit reported are kept,
    listed, and its earlier ``from_units`` are dropped.
    """
    if into is None and not issuer.strip():
        raise MergeUsageError("请加 --issuer 某某县人民政府（汇总报告的发文机关），"
                              "或用 --into 县级报告.yaml 把各单位的数补进县政府自己的文件")
    sets = LoadedSets()
    base = open_report(into, sets=sets, with_previous=False) if into else None
    if base is not None:
        _refuse_errors(base)
    opened_units: list[OpenedReport] = []
    for path in unit_paths:
        unit = open_unit(path, sets=sets)
        _refuse_errors(unit)
        opened_units.append(unit)
    if not opened_units:
        raise ReportInvalidError("没有可以汇总的单位文件", problems=[])
    year = _merge_year(base, year, opened_units)
    conflicts: list[str] = []
    names: dict[str, Path] = {}
    reference = base or opened_units[0]
    structure = reference.structure
    units: list[OpenedReport] = []
    for unit in opened_units:
        path = unit.loaded.path
        name = str(unit.role("issuer") or path.stem)
        if name in names:
            conflicts.append(f"单位重复：{path} 与 {names[name]} 都是“{name}”，只汇总了第一个")
            continue
        names[name] = path
        if unit.template_set.path != reference.template_set.path or unit.structure.version != structure.version:
            conflicts.append(f"结构不同：“{name}”用的是模板 {unit.template_set.name}"
                             f"（版本 {unit.structure.version}），汇总用的是 {reference.template_set.name}"
                             f"（版本 {structure.version}）；只汇总两者共有的数字")
        units.append(unit)
    result = MergeResult(data=_start(reference, base is not None, issuer, year), units=[
        str(u.role("issuer")) for u in units], structure=structure, conflicts=conflicts,
        unit_values={str(u.role("issuer")): u.report.values for u in units})
    result.template_folders = list(dict.fromkeys(
        folder for opened in [*([base] if base else []), *opened_units] for folder in opened.template_set.chain))
    totals = _sum_counts(structure, units, result)
    _recompute_rates(structure, units, totals, result)
    _fill(structure, totals, result, base)
    _keep_own(structure, units, result, base)
    _attribute_items(structure, units, result)
    return result


def _merge_year(base: OpenedReport | None, wanted: int | None, units: list[OpenedReport]) -> Any:
    """Return the year of the merge; refuse, naming them, units of another year."""
    by_year: dict[object, list[OpenedReport]] = {}
    for unit in units:
        by_year.setdefault(unit.role("year"), []).append(unit)
    if base is not None:
        year = base.role("year")
        if wanted is not None and wanted != year:
            raise MergeUsageError(f"--year {wanted} 与县级文件的报告年度（{year} 年）不同；"
                                  "汇总年度以 --into 文件为准，请去掉 --year 或改正", file=base.loaded.path)
        origin = f"县级文件 {base.loaded.path} 的年度"
    elif wanted is not None:
        year, origin = wanted, "--year 指定的年度"
    elif len(by_year) == 1:
        return next(iter(by_year))
    else:
        groups = "；".join(f"{y} 年：{_file_list(group)}" for y, group in sorted(
            by_year.items(), key=lambda item: -len(item[1])))
        raise ReportInvalidError(
            f"各单位文件的报告年度不一致（{groups}）。请从命令中去掉不属于本次汇总的文件"
            "（或用 --exclude 文件名 排除），或用 --year 指定汇总年度", problems=[])
    others = [u for u in units if u.role("year") != year]
    if others:
        listed = "、".join(f"{_where(u, 'year')}（{u.role('year')} 年，{u.role('issuer')}）" for u in others)
        raise ReportInvalidError(
            f"汇总的是 {year} 年（{origin}），以下单位文件不是这一年的：{listed}；"
            "请从命令中去掉这些文件（或用 --exclude 文件名 排除）后重新汇总",
            file=others[0].loaded.path, problems=[])
    return year


def _file_list(units: list[OpenedReport]) -> str:
    return "、".join(_where(u, "year") for u in units)


def check_merged(result: MergeResult, output: Path) -> tuple[str, list[Problem]]:
    """Return the merged report's text and the problems ``drafter check`` would find in it once
    written to ``output``."""
    text, loaded = dump_and_read(result.structure, result.data, output)
    return text, loaded.problems + validate(loaded, result.structure)[1]


def _refuse_errors(opened: OpenedReport) -> None:
    if errors(opened.problems):
        raise ReportInvalidError(f"{opened.loaded.path} 有 {len(errors(opened.problems))} 处错误，"
                                 "请先改正再汇总", file=opened.loaded.path, problems=opened.problems)


def _start(reference: OpenedReport, keep_all: bool, issuer: str, year: Any) -> dict[str, Any]:
    raw, structure = reference.loaded.data, reference.structure
    roles = structure.report
    if keep_all:
        data = copy.deepcopy(raw)
        _drop_from_units(data)
    else:
        data = {"drafter": raw.get("drafter", 1), "template": raw.get("template") or "default"}
        year_key, level_key = roles.role("year"), roles.role("level")
        if year_key:
            set_field(structure, data, year_key, year)
        if level_key:  # the merged report is of the level's default (县级政府), not of a unit's
            set_field(structure, data, level_key, structure.fields[level_key].default)
    issuer_key = roles.role("issuer")
    if issuer and issuer_key:
        set_field(structure, data, issuer_key, issuer)
    return data


def _where(opened: OpenedReport, role: str) -> str:
    """Return ``file:line`` (``file:工作表!单元格`` for a workbook) of the field playing ``role``."""
    key = opened.structure.report.role(role)
    return opened.loaded.where(opened.structure.field_paths.get(key, ()) if key else ())


def _drop_from_units(node: Any) -> None:
    """Remove the ``from_units`` of an earlier merge: this run attributes its own units' items."""
    if isinstance(node, dict):
        node.pop("from_units", None)
        for child in node.values():
            _drop_from_units(child)


def _needs(structure: Structure) -> dict[str, set[str]]:
    """Return, per figure, the figures a unit must also report for that figure to count in the sums.

    A part (of ``part_of``, ``sum_within`` or ``rate``) counts only where the unit also reports
    its whole, and the whole of a rate only where the unit also reports its part: so the
    merged part never exceeds the merged whole, and the merged rate is the rate of the units
    that report both, not of a part and a whole summed over different units."""
    needs: dict[str, set[str]] = {}
    for rule in structure.rules():
        if rule.name == "part_of":
            needs.setdefault(rule.args["part"], set()).add(rule.args["whole"])
        elif rule.name == "sum_within":
            for part in rule.args["parts"]:
                needs.setdefault(part, set()).add(rule.args["whole"])
        elif rule.name == "rate":
            needs.setdefault(rule.args["part"], set()).add(rule.args["whole"])
            needs.setdefault(rule.args["whole"], set()).add(rule.args["part"])
    return needs


def _counted(structure: Structure, units: list[OpenedReport]) -> dict[str, set[str]]:
    """Return, per unit name, the figures whose value goes into the sums (see ``_needs``):
    a figure counts where the unit reports its partners, or where no unit reports them."""
    needs = _needs(structure)
    counted = {_name(unit): _summable(structure, unit) for unit in units}
    while True:
        # a partner no unit reports (any more) holds nothing back: 审查 without any 报备 is summed
        in_play = set().union(*counted.values())
        dropped = {name: {key for key in keys if needs.get(key, set()) & in_play - keys}
                   for name, keys in counted.items()}
        if not any(dropped.values()):
            return counted
        for name, keys in dropped.items():
            counted[name] -= keys


def _left_out(units: list[OpenedReport], counted: dict[str, set[str]], key: str) -> list[str]:
    """Name the units not in the sum of ``key``: not reported, or reported without its partner."""
    return [_name(u) if key not in u.report.values else f"{_name(u)}（未计入）"
            for u in units if key not in counted[_name(u)]]


def _explain_left_out(structure: Structure, units: list[OpenedReport], counted: dict[str, set[str]],
                      result: MergeResult) -> None:
    needs = _needs(structure)
    reported = {k for u in units for k in u.report.values}
    for unit in units:
        keys = _summable(structure, unit)
        dropped = [spec for spec in structure.figures() if spec.key in keys - counted[_name(unit)]]
        if not dropped:
            continue
        lacking = sorted({k for spec in dropped for k in needs[spec.key] & reported if k not in keys},
                         key=list(structure.fields).index)
        result.conflicts.append(
            f"“{_name(unit)}”填了“{'”“'.join(spec.label for spec in dropped)}”，没有填“"
            f"{'”“'.join(structure.fields[k].label for k in lacking)}”，这些数字没有计入合计"
            "（分项只和总数一起汇总，比率的分子、分母只汇总两者都填了的单位）")


def _sum_counts(structure: Structure, units: list[OpenedReport], result: MergeResult) -> dict[str, Number]:
    totals: dict[str, Number] = {}
    counted = _counted(structure, units)
    for spec in structure.figures():
        if spec.kind not in ("count", "amount") or spec.merged_own:
            continue
        reported = [u.report.values[spec.key] for u in units if spec.key in counted[_name(u)]]
        if not reported:
            continue
        total = sum((Decimal(v.value) for v in reported), Decimal(0))
        qualifier = next((v.qualifier for v in reported if v.qualifier in ("余", "多")), "")
        value = plain_number(total)
        totals[spec.key] = Number(value, qualifier)
        result.rows.append(FigureRow(spec.key, spec.label, spec.shown_unit, str(totals[spec.key]), len(reported),
                                     _left_out(units, counted, spec.key), "合计"))
    _explain_left_out(structure, units, counted, result)
    return totals


def _recompute_rates(structure: Structure, units: list[OpenedReport], totals: dict[str, Number],
                     result: MergeResult) -> None:
    rules = {r.args["rate"]: r for r in structure.rules() if r.name == "rate"}
    counted = _counted(structure, units)
    for spec in structure.figures():
        if spec.kind != "percent" or spec.merged_own:
            continue
        reported = [u for u in units if spec.key in u.report.values]
        rule = rules.get(spec.key)
        part = totals.get(rule.args["part"]) if rule else None
        whole = totals.get(rule.args["whole"]) if rule else None
        if rule and part is not None and whole is not None and numeric(whole):
            rate = (numeric(part) / numeric(whole) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            totals[spec.key] = Number(plain_number(rate))
            whole_key = rule.args["whole"]
            result.rows.append(FigureRow(
                spec.key, spec.label, "%", str(totals[spec.key]),
                sum(whole_key in counted[_name(u)] for u in units),
                _left_out(units, counted, whole_key), "由合计数重新计算"))
        elif reported:
            result.conflicts.append(
                f"比率无法汇总：{len(reported)} 个单位填了“{spec.label}”，但没有可汇总的分子和分母"
                "（比率不能取平均），汇总文件中留空，请手工填写")


def _fill(structure: Structure, totals: dict[str, Number], result: MergeResult,
          base: OpenedReport | None) -> None:
    for key, total in totals.items():
        had = base.report.values.get(key) if base is not None else None
        if had is not None and numeric(had) != numeric(total):
            done = (f"已按本次各单位相加后的数重新计算为 {total}" if structure.fields[key].kind == "percent"
                    else f"已改为本次各单位的合计 {total}")
            result.conflicts.append(f"“{structure.fields[key].label}”：县级文件中原为 {had}，{done}")
        set_at(result.data, structure.field_paths[key], total.to_yaml())
    if base is not None:
        kept = [spec.label for spec in structure.figures() if spec.key not in totals and not spec.merged_own
                and base.report.values.get(spec.key) is not None]
        if kept:
            result.conflicts.append(f"本次没有单位报告这些数字，沿用了县级文件中原有的数"
                                    f"（若是以前汇总的结果，请核对）：{'、'.join(kept)}")


def _summable(structure: Structure, unit: OpenedReport) -> set[str]:
    """Return the figures of ``unit`` that may go into the sums: all it reports but its own body's."""
    return {key for key in unit.report.values if not structure.fields[key].merged_own}


def _keep_own(structure: Structure, units: list[OpenedReport], result: MergeResult,
              base: OpenedReport | None) -> None:
    """Say what became of the figures of the merged report's own body (``merge: own``): the
    ``--into`` value is kept as it is; without one they stay empty for the clerk to fill in."""
    kept: list[str] = []
    empty: list[str] = []
    for spec in structure.figures():
        if not spec.merged_own:
            continue
        had = base.report.values.get(spec.key) if base is not None else None
        if had is not None:
            kept.append(spec.label)
            result.rows.append(FigureRow(spec.key, spec.label, spec.shown_unit, str(had), 0, [],
                                         "本级数字，沿用县级文件"))
        elif any(spec.key in u.report.values for u in units):
            empty.append(spec.label)
    if kept:
        result.conflicts.append("这些是汇总报告本级（发文机关自己）的数字，沿用了县级文件中的数，"
                                f"没有把各单位的数相加：{'、'.join(kept)}")
    if empty:
        where = "，县级文件中也没有填写" if base is not None else ""
        result.conflicts.append(f"这些是汇总报告本级（发文机关自己）的数字，各单位的数不相加{where}，"
                                f"汇总文件中留空，请填写本级的数：{'、'.join(empty)}")


def _attribute_items(structure: Structure, units: list[OpenedReport], result: MergeResult) -> None:
    for block in structure.figure_blocks():
        pooled = {str(u.role("issuer")): u.report.block_items(block) for u in units}
        pooled = {name: items for name, items in pooled.items() if items}
        if pooled:
            set_at(result.data, block.path + ("from_units",), pooled)


def _name(unit: OpenedReport) -> str:
    return str(unit.role("issuer"))
