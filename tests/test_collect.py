"""Collecting figures from the units: form out, filled workbooks in, status, merge and the 汇总表."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from drafter.cli import main
from drafter.report import open_report
from drafter.structure import Field
from drafter.values import Number, numeric
from tests.helpers import REPO, run_drafter, write

EXAMPLE = REPO / "examples" / "灵丘县2025.yaml"
UNITS = ("甲镇人民政府", "乙镇人民政府", "县司法局")


def _forms(tmp_path: Path, *options: str) -> dict[str, Path]:
    names = write(tmp_path, "\n".join(UNITS) + "\n", "名单.txt")
    assert main(["form", str(tmp_path / "收集表.xlsx"), "--units", str(names), "--year", "2025",
                 "--deadline", "2026年1月15日", "--send-to", "县依法治县办", *options]) == 0
    return {name: tmp_path / f"收集表-{name}.xlsx" for name in UNITS}


def _rows(path: Path, sheet: str = "数字") -> dict[str, int]:
    """Return the row of each key of the hidden key column."""
    book = openpyxl.load_workbook(path)
    return {str(row[0].value): row[0].row for row in book[sheet].iter_rows(min_row=2) if row[0].value}


def _fill(path: Path, values: dict[str, Any], items: dict[str, list[str]] | None = None,
          cells: dict[tuple[str, str], Any] | None = None) -> None:
    """Fill a form as a unit would: 本年 by figure key, items by block id, or raw cells."""
    book = openpyxl.load_workbook(path)
    figures = book["数字"]
    for row in figures.iter_rows(min_row=2):
        if row[0].value in values:
            figures[f"H{row[0].row}"] = values[row[0].value]
    content = book["工作内容"]
    for block_id, texts in (items or {}).items():
        for number, text in enumerate(texts, start=1):
            row = next(r[0].row for r in content.iter_rows(min_row=2) if r[0].value == f"{block_id}#{number}")
            content[f"C{row}"] = text
    for (sheet, ref), value in (cells or {}).items():
        book[sheet][ref] = value
    book.save(path)


def _thirds(number: Number) -> list[Number]:
    """Split a number into three parts that add up to it; each part grows with the number."""
    value = Decimal(number.value)
    step = Decimal(1).scaleb(min(0, value.normalize().as_tuple().exponent))  # type: ignore[arg-type]
    units = int(value / step)
    parts = [(units + i) // 3 for i in range(3)]
    out = []
    for index, part in enumerate(parts):
        amount = Decimal(part) * step
        plain: int | Decimal = int(amount) if amount == amount.to_integral_value() else amount.normalize()
        out.append(Number(plain, number.qualifier if index == 0 else ""))
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, Number):
        if value.qualifier:
            return str(value)
        return value.value if isinstance(value.value, int) else float(value.value)
    return value


def _split_example() -> tuple[Any, list[dict[str, Any]], list[dict[str, list[str]]]]:
    """Return the example report and its figures and items split across the three units."""
    opened = open_report(EXAMPLE)
    structure, values = opened.structure, opened.report.values
    shares: list[dict[str, Any]] = [{}, {}, {}]
    for spec in structure.figures():
        if spec.kind in ("count", "amount") and spec.key in values:
            for share, part in zip(shares, _thirds(values[spec.key]), strict=True):
                share[spec.key] = part
    for rule in structure.rules():
        if rule.name == "rate" and rule.args["rate"] in values:
            for share in shares:
                part, whole = numeric(share.get(rule.args["part"])), numeric(share.get(rule.args["whole"]))
                if part is not None and whole:
                    share[rule.args["rate"]] = Number((part / whole * 100).quantize(Decimal("0.1"),
                                                                                      rounding=ROUND_HALF_UP))
    items: list[dict[str, list[str]]] = [{}, {}, {}]
    for index, block in enumerate(structure.figure_blocks()):
        texts = opened.report.block_items(block)[:8]
        if texts:
            items[index % 3][".".join(block.path)] = texts
    return opened, [{k: _cell(v) for k, v in share.items()} for share in shares], items


def _merged_figures(path: Path) -> dict[str, Any]:
    opened = open_report(path)
    assert not [p for p in opened.problems if p.level.value == "错误"], [p.format() for p in opened.problems]
    return opened.report.values


def test_round_trip_form_fill_import_merge_equals_the_original(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    original, shares, items = _split_example()
    forms = _forms(tmp_path)
    imported = []
    for name, share, texts in zip(UNITS, shares, items, strict=True):
        _fill(forms[name], share, texts)
        target = tmp_path / f"{name}.yaml"
        assert main(["import", str(forms[name]), "-o", str(target)]) == 0
        assert f"已导入“{name}”" in capsys.readouterr().out
        imported.append(target)
    by_yaml = tmp_path / "汇总.yaml"
    assert main(["merge", str(by_yaml), *map(str, imported), "--issuer", "灵丘县人民政府"]) == 0
    by_xlsx = tmp_path / "汇总2.yaml"
    table = tmp_path / "汇总表.xlsx"
    result = run_drafter("merge", str(by_xlsx), *(str(forms[n]) for n in UNITS), "--issuer", "灵丘县人民政府",
                         "--table", str(table))
    assert result.code == 0, result.output
    assert "已写入汇总表" in result.output

    values = original.report.values
    rates = {r.args["rate"]: r.args for r in original.structure.rules() if r.name == "rate"}
    for merged in (_merged_figures(by_yaml), _merged_figures(by_xlsx)):
        for spec in original.structure.figures():
            if spec.merged_own:  # the county's own body's figure: never the units' sum
                assert spec.key not in merged, spec.label
            elif spec.kind in ("count", "amount") and spec.key in values:
                assert numeric(merged[spec.key]) == numeric(values[spec.key]), spec.label
                assert merged[spec.key].qualifier == values[spec.key].qualifier, spec.label
            elif spec.key in rates and {rates[spec.key]["part"], rates[spec.key]["whole"]} <= set(values):
                args = rates[spec.key]  # recomputed from the totals, as the county would
                expected = (numeric(values[args["part"]]) / numeric(values[args["whole"]]) * 100).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP)
                assert numeric(merged[spec.key]) == expected, spec.label
        assert merged["year"] == 2025
    merged_data = yaml.safe_load(by_xlsx.read_text(encoding="utf-8"))
    first = next(b for b in original.structure.figure_blocks() if original.report.block_items(b))
    pooled = merged_data[first.path[0]][first.path[1]]["from_units"] if len(first.path) == 2 else \
        merged_data[first.path[0]]["from_units"]
    assert pooled["甲镇人民政府"] == original.report.block_items(first)[:8]

    sheet = openpyxl.load_workbook(table)["汇总表"]
    header = [c.value for c in sheet[1]]
    assert header[4:7] == list(UNITS)
    rows = {row[2]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    hotline = next(s for s in original.structure.figures() if s.key == "hotline_cases")
    row = rows[hotline.label]
    assert sum(row[4:7]) == row[7] == values["hotline_cases"].value
    assert row[8] == "3/3"
    meetings = next(s for s in original.structure.figures() if s.key == "rule_of_law_meetings")
    assert rows[meetings.label][7] == "本级数字，不相加"


def test_forms_carry_labels_validations_and_protection(tmp_path: Path) -> None:
    forms = _forms(tmp_path)
    book = openpyxl.load_workbook(forms["乙镇人民政府"])
    assert book.sheetnames == ["填表说明", "数字", "工作内容"]
    assert book.security.lockStructure  # sheets cannot be renamed or deleted by accident
    info = book["填表说明"]
    assert (info["A3"].value, info["B3"].value, info["B4"].value) == ("填报单位", "乙镇人民政府", 2025)
    assert info["B5"].value == "2026年1月15日" and info["B6"].value == "县依法治县办"
    assert info["B9"].value == "default" and info["B10"].value == 1
    assert info["B3"].protection.locked and not info["B7"].protection.locked
    figures = book["数字"]
    assert figures.protection.sheet and figures.column_dimensions["A"].hidden
    rows = _rows(forms["乙镇人民政府"])
    rules = {}
    for validation in figures.data_validations.dataValidation:
        for ref in str(validation.sqref).split():
            rules[ref] = validation
    count, rate, amount = rows["hotline_cases"], rows["mediation_success_rate"], rows["hall_cases"]
    assert (rules[f"H{count}"].type, rules[f"H{count}"].operator, rules[f"H{count}"].formula1) == (
        "whole", "greaterThanOrEqual", "0")
    assert (rules[f"H{rate}"].type, rules[f"H{rate}"].formula1, rules[f"H{rate}"].formula2) == ("decimal", "0", "100")
    assert rules[f"H{amount}"].type == "decimal"
    assert "0 到 100" in rules[f"H{rate}"].error and rules[f"H{count}"].showErrorMessage
    assert figures[f"D{count}"].value == "12345政务服务便民热线承办群众诉求"
    assert figures[f"D{count}"].protection.locked and not figures[f"H{count}"].protection.locked
    assert figures[f"H{count}"].fill.fgColor.rgb.endswith("FFF2CC")
    assert len(rules) == len(rows)
    content = book["工作内容"]
    assert content.protection.sheet
    assert not content["C3"].protection.locked and content["C2"].protection.locked


def test_libreoffice_reads_every_sheet_with_its_labels(tmp_path: Path) -> None:
    forms = _forms(tmp_path)
    source = tmp_path / "form.xlsx"
    shutil.copy(forms["甲镇人民政府"], source)
    out = tmp_path / "csv"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=120)
    sheets = {p.stem.removeprefix("form-"): p.read_text(encoding="utf-8") for p in out.glob("*.csv")}
    assert set(sheets) == {"填表说明", "数字", "工作内容"}
    assert "填报单位,甲镇人民政府" in sheets["填表说明"] and "报告年度,2025" in sheets["填表说明"]
    assert sheets["数字"].splitlines()[0] == "键名,部分,小节,项目,单位,说明,上年,本年"
    assert "hotline_cases,主要举措和成效" in sheets["数字"]
    assert "measures.leadership#1,第1条" in sheets["工作内容"]


@pytest.fixture(scope="module")
def blank_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One unnamed form per template set, made once; tests fill copies of them."""
    folder = tmp_path_factory.mktemp("forms")
    made = {}
    for template in ("default", "department"):
        made[template] = folder / f"{template}.xlsx"
        assert main(["form", str(made[template]), "--year", "2025", "--template", template]) == 0
    return made


def _one_form(tmp_path: Path, blank_forms: dict[str, Path], template: str = "default") -> Path:
    target = tmp_path / "表.xlsx"
    shutil.copy(blank_forms[template], target)
    _fill(target, {}, cells={("填表说明", "B3"): "甲镇人民政府"})
    return target


def _import(capsys: pytest.CaptureFixture[str], path: Path, *options: str) -> tuple[int, str]:
    code = main(["import", str(path), "-o", str(path.with_suffix(".yaml")), *options])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_pasted_values_get_the_messages_of_check_with_sheet_and_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], blank_forms: dict[str, Path]) -> None:
    form = _one_form(tmp_path, blank_forms)
    rows = _rows(form)
    _fill(form, {"hotline_cases": "abc", "mediation_success_rate": 120, "collective_law_study": "１２"})
    code, output = _import(capsys, form)
    assert code == 1
    assert f"{form}:数字!H{rows['hotline_cases']}: 12345政务服务便民热线承办群众诉求: “abc”不是数字" in output
    assert f"{form}:数字!H{rows['mediation_success_rate']}: 调解成功率: 120% 超过了允许的最大值 100%" in output
    assert not form.with_suffix(".yaml").exists()
    # the same values in a report YAML get the same messages
    yaml_file = write(tmp_path, "meta: {issuer: 甲镇人民政府, year: 2025}\nmeasures:\n  functions:\n"
                      "    figures: {hotline_cases: abc}\n  disputes:\n    figures: {mediation_success_rate: 120}\n"
                      "  leadership:\n    figures: {collective_law_study: １２}\n", "a.yaml")
    main(["check", str(yaml_file)])
    checked = capsys.readouterr().out
    for message in ("“abc”不是数字", "120% 超过了允许的最大值 100%", "已把“１２”按 12 处理"):
        assert message in checked and message in output


def test_full_width_number_is_a_warning_and_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    blank_forms: dict[str, Path]) -> None:
    form = _one_form(tmp_path, blank_forms)
    rows = _rows(form)
    _fill(form, {"collective_law_study": "１２", "mediation_success_rate": 0.95},
          cells={("数字", f"H{rows['mediation_success_rate']}"): 0.95})
    book = openpyxl.load_workbook(form)
    book["数字"][f"H{rows['mediation_success_rate']}"].number_format = "0%"  # “95%” typed into Excel
    book.save(form)
    code, output = _import(capsys, form)
    assert code == 0, output
    assert f"数字!H{rows['collective_law_study']}: 党委常委会、政府常务会议集体学法: 已把“１２”按 12 处理" in output
    data = yaml.safe_load(form.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert data["measures"]["leadership"]["figures"]["collective_law_study"] == 12
    assert data["measures"]["disputes"]["figures"]["mediation_success_rate"] == 95
    # the form asks no 行政层级: the unit's name shows it (甲镇人民政府 → 乡镇), as the import of a report reads it
    assert {k: v for k, v in data["meta"].items() if v is not None} == {"issuer": "甲镇人民政府", "year": 2025,
                                                                       "level": "乡镇"}


def _merge_over(path: Path, sheet: str, ref: str) -> None:
    book = openpyxl.load_workbook(path)
    book[sheet].merge_cells(ref)
    book.save(path)


def _rename(path: Path, old: str, new: str | None) -> None:
    book = openpyxl.load_workbook(path)
    if new is None:
        book.remove(book[old])
    else:
        book[old].title = new
    book.save(path)


@pytest.mark.parametrize("damage, code, expected", [
    (lambda p: _merge_over(p, "数字", "G3:H4"), 2, ["数字!H3", "G3:H4 被合并了"]),
    (lambda p: _merge_over(p, "工作内容", "B3:C3"), 2, ["工作内容!C3", "被合并了"]),
    (lambda p: _rename(p, "数字", "Sheet1"), 2, ["工作表“数字”", "找不到工作表“数字”", "Sheet1"]),
    (lambda p: _rename(p, "工作内容", None), 2, ["工作表“工作内容”", "被改名或删除"]),
    (lambda p: _fill(p, {}, cells={("填表说明", "B9"): "市级模板"}), 2, ["填表说明!B9", "“市级模板”无法使用"]),
    (lambda p: _fill(p, {}, cells={("填表说明", "B10"): 7}), 2, ["填表说明!B10", "第 7 版"]),
    (lambda p: _fill(p, {}, cells={("数字", "A3"): "made_up_figure"}), 2, ["数字!A3", "“made_up_figure”不是模板"]),
    (lambda p: _fill(p, {}, cells={("填表说明", "B11"): None}), 2, ["填表说明!B11", "不是 drafter form 生成的"]),
    (lambda p: p.write_bytes(b"ID;PWXL;N;E\nC;Y1;X1;K\"abc\"\nE\n"), 2, ["不是 .xlsx 格式"]),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), 2, ["旧的 .xls 格式"]),
    (lambda p: _bomb(p), 2, ["压缩炸弹"]),
    (lambda p: _zip_without_workbook(p), 2, ["没有 Excel 工作簿的内容"]),
    (lambda p: _entity_bomb(p), 2, ["已损坏，无法读取"]),
])
def test_hostile_workbooks_are_refused_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   blank_forms: dict[str, Path], damage: Any, code: int,
                                                   expected: list[str]) -> None:
    form = _one_form(tmp_path, blank_forms)
    damage(form)
    got, output = _import(capsys, form)
    assert got == code, output
    for text in expected:
        assert text in output
    assert output.count(expected[-1]) == 1, output  # the problem is said once, with its file and cell
    assert "内部错误" not in output and not form.with_suffix(".yaml").exists()


def _bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", b"<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)  # 5 MB packed into 5 KB


def _entity_bomb(path: Path) -> None:
    """Replace the first sheet by one whose text is a billion laughs."""
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8").replace("<t>", "<t>&l9;", 1)
    parts["xl/worksheets/sheet1.xml"] = f"<!DOCTYPE worksheet [{entities}]>{sheet}".encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _zip_without_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", b"<document/>")


def test_workbook_made_for_another_template_set_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            blank_forms: dict[str, Path]) -> None:
    form = _one_form(tmp_path, blank_forms, "department")
    code, output = _import(capsys, form, "--template", "default")
    assert code == 2
    assert f"{form}:填表说明!B9: 这张表是按模板“department”生成的，不是“default”" in output
    code, output = _import(capsys, form)
    assert code == 0, output


def test_status_lists_returned_missing_wrong_year_and_unlisted(tmp_path: Path) -> None:
    forms = _forms(tmp_path)
    back = tmp_path / "收回"
    back.mkdir()
    rows = _rows(forms["甲镇人民政府"])
    _fill(forms["甲镇人民政府"], {"hotline_cases": 12, "mediation_total": 40})
    _fill(forms["乙镇人民政府"], {"hotline_cases": "十二"})
    for name in ("甲镇人民政府", "乙镇人民政府"):
        shutil.copy(forms[name], back / forms[name].name)
    old = back / "丁镇.xlsx"
    shutil.copy(forms["县司法局"], old)
    _fill(old, {}, cells={("填表说明", "B3"): "丁镇人民政府", ("填表说明", "B4"): 2024})
    (back / "~$收集表-县司法局.xlsx").write_bytes(b"lock")
    (back / "戊镇.et").write_bytes(b"\xd0\xcf\x11\xe0 WPS")
    names = write(tmp_path, "\n".join(UNITS) + "\n", "名单.txt")
    progress = tmp_path / "进度.xlsx"
    result = run_drafter("status", str(back), "--units", str(names), "--year", "2025", "--xlsx", str(progress))
    assert result.code == 1, result.output
    assert ("应报 3 个单位，已收回 2 个；未收回 1 个：县司法局；有错误 3 个：乙镇人民政府、丁镇人民政府、戊镇"
            in result.output)
    sheet = openpyxl.load_workbook(progress)["收回情况"]
    table = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    # no warning: the empty parts and the blank 成文日期 are not on the form, so a correct form shows none
    # (the 行政层级 the form does not ask is read from the unit's name)
    assert table["甲镇人民政府"][2:7] == ("已收回", "收集表-甲镇人民政府.xlsx", "2/108", "0", "0")
    assert table["乙镇人民政府"][5] == "1" and f"数字!H{rows['hotline_cases']}" in table["乙镇人民政府"][7]
    assert table["县司法局"][2] == "未收回"
    assert "不在单位名单中" in table["丁镇人民政府"][7]
    assert "填表说明!B4: 年度是 2024，本次收集的是 2025 年" in table["丁镇人民政府"][7]
    assert "这是 .et 格式" in table["戊镇"][7] and "另存为”Excel 工作簿（*.xlsx）" in table["戊镇"][7]
    assert len(table) == 5  # the Office lock file ~$… is not a return


def test_status_flags_a_form_sent_back_untouched(tmp_path: Path) -> None:
    forms = _forms(tmp_path)
    back = tmp_path / "收回"
    back.mkdir()
    _fill(forms["甲镇人民政府"], {"hotline_cases": 12})
    _fill(forms["乙镇人民政府"], {}, items={"problems": ["乙镇的不足。"]})  # items only: not empty
    for form in forms.values():
        shutil.copy(form, back / form.name)  # 县司法局's as it was sent out
    names = write(tmp_path, "\n".join(UNITS) + "\n", "名单.txt")
    progress = tmp_path / "进度.xlsx"
    result = run_drafter("status", str(back), "--units", str(names), "--xlsx", str(progress))
    assert "已收回 3 个；交回空表 1 个（一个数字、一条工作内容也没有填，请催报）：县司法局" in result.output
    table = {row[1]: row for row in openpyxl.load_workbook(progress)["收回情况"].iter_rows(
        min_row=2, values_only=True)}
    assert table["县司法局"][2] == "空表" and table["县司法局"][7] == "没有填写任何数字和工作内容"
    assert table["甲镇人民政府"][2] == table["乙镇人民政府"][2] == "已收回"


def test_status_counts_a_unit_once_and_names_a_file_holding_another_units_form(tmp_path: Path) -> None:
    forms = _forms(tmp_path)
    back = tmp_path / "收回"
    back.mkdir()
    _fill(forms["甲镇人民政府"], {"hotline_cases": 12})
    shutil.copy(forms["甲镇人民政府"], back / forms["甲镇人民政府"].name)
    shutil.copy(forms["甲镇人民政府"], back / "副本.xlsx")                      # sent twice
    shutil.copy(forms["甲镇人民政府"], back / "收集表-乙镇人民政府.xlsx")       # 甲镇's form under 乙镇's name
    names = write(tmp_path, "\n".join(UNITS) + "\n", "名单.txt")
    progress = tmp_path / "进度.xlsx"
    result = run_drafter("status", str(back), "--units", str(names), "--xlsx", str(progress))
    assert "应报 3 个单位，已收回 1 个；未收回 2 个：乙镇人民政府、县司法局" in result.output, result.output
    notes = [row[7] for row in openpyxl.load_workbook(progress)["收回情况"].iter_rows(min_row=2, values_only=True)]
    assert any("文件名写的是“乙镇人民政府”，表里的填报单位是“甲镇人民政府”" in (n or "") for n in notes), notes
    assert sum("重复" in (n or "") for n in notes) == 2


def test_import_of_a_form_with_errors_says_nothing_was_written(tmp_path: Path) -> None:
    forms = _forms(tmp_path)
    _fill(forms["乙镇人民政府"], {"hotline_cases": "abc"})
    target = tmp_path / "乙镇.yaml"
    result = run_drafter("import", str(forms["乙镇人民政府"]), "-o", str(target))
    assert result.code == 1, result.output
    assert f"有 1 处错误，没有写入 {target}；请改正后重新导入" in result.output and not target.exists()


def test_summary_table_marks_units_that_did_not_report(tmp_path: Path) -> None:
    forms = _forms(tmp_path)
    _fill(forms["甲镇人民政府"], {"mediation_total": 100, "mediation_success": 90, "mediation_success_rate": 90})
    _fill(forms["乙镇人民政府"], {"mediation_total": 300, "mediation_success": 297, "mediation_success_rate": 99})
    _fill(forms["县司法局"], {"hotline_cases": 7})
    table = tmp_path / "汇总表.xlsx"
    result = run_drafter("merge", str(tmp_path / "汇总.yaml"), *map(str, forms.values()), "--issuer", "示例县人民政府",
                         "--table", str(table))
    assert result.code == 0, result.output
    sheet = openpyxl.load_workbook(table)["汇总表"]
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    total = rows["人民调解组织调解矛盾纠纷"]
    assert [c.value for c in total[4:10]] == [100, 300, "未报", 400, "2/3", "县司法局"]
    assert total[6].fill.fgColor.rgb.endswith("F8CBAD") and not total[4].fill.fgColor.rgb.endswith("F8CBAD")
    assert [c.value for c in rows["调解成功率"][4:8]] == [90, 99, "未报", 96.8]  # 387/400, not the mean 94.5


def test_previous_year_values_fill_the_last_year_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last = tmp_path / "上年"
    last.mkdir()
    write(last, "meta: {issuer: 甲镇人民政府, year: 2024}\nmeasures:\n  functions:\n    figures: {hotline_cases: 321}\n",
          "甲.yaml")
    forms = _forms(tmp_path, "--previous", str(last))
    assert "没有找到这些单位的上年文件，“上年”一列留空：乙镇人民政府、县司法局" in capsys.readouterr().out
    rows = _rows(forms["甲镇人民政府"])
    assert openpyxl.load_workbook(forms["甲镇人民政府"])["数字"][f"G{rows['hotline_cases']}"].value == 321
    assert openpyxl.load_workbook(forms["乙镇人民政府"])["数字"][f"G{rows['hotline_cases']}"].value is None


def test_form_refuses_to_replace_existing_workbooks(tmp_path: Path) -> None:
    forms = _forms(tmp_path)
    before = forms["甲镇人民政府"].read_bytes()
    names = tmp_path / "名单.txt"
    result = run_drafter("form", str(tmp_path / "收集表.xlsx"), "--units", str(names))
    assert result.code == 2 and "已存在，没有覆盖" in result.output
    assert forms["甲镇人民政府"].read_bytes() == before


def test_check_and_render_do_not_load_openpyxl() -> None:
    code = (f"import sys; from drafter.cli import main; main(['check', {str(EXAMPLE)!r}]); "
            "print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert out.stdout.strip().endswith("False"), out.stdout + out.stderr


def test_readme_shows_the_four_collection_commands_in_office_order() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## 向各单位收集数字", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split()[1] for line in block.splitlines() if line.startswith("drafter ")]
    assert commands == ["form", "status", "import", "merge"]
    assert "--table 汇总表.xlsx" in block and "--units 名单.txt" in block


def test_check_points_a_returned_workbook_to_import(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    blank_forms: dict[str, Path]) -> None:
    form = _one_form(tmp_path, blank_forms)
    assert main(["check", str(form)]) == 2
    assert "而是一个 Excel 工作簿；单位交回的收集表请先用 drafter import" in capsys.readouterr().err


@pytest.mark.parametrize("spec, expected", [
    (Field("n", "件数", "count", "件"), ("whole", "greaterThanOrEqual", "0", None, "不小于 0 的整数（单位：件")),
    (Field("y", "年份", "year", min=2000, max=2100), ("whole", "between", "2000", "2100", "2000 到 2100 之间的年份")),
    (Field("a", "金额", "amount", "万元", min=0.5), ("decimal", "greaterThanOrEqual", "0.5", None, "不小于 0.5 的数字")),
    (Field("r", "比率", "percent"), ("decimal", "between", "0", "100", "0 到 100 之间的数字")),
    (Field("c", "层级", "choice", choices=("县级政府", "乡镇")), ("list", None, '"县级政府,乡镇"', None, "县级政府、乡镇")),
    (Field("t", "说明", "text", help="写一句话"), (None, None, None, None, None)),
])
def test_validation_follows_kind_and_bounds(spec: Field, expected: tuple[Any, ...]) -> None:
    from drafter.collect.form import validation_for

    validation = validation_for(spec, "H2")
    kind, operator, formula1, formula2, error = expected
    assert (validation.type, validation.operator, validation.formula1, validation.formula2) == (
        kind, operator, formula1, formula2)
    assert (error is None and validation.error is None) or error in validation.error
    assert str(validation.sqref) == "H2" and validation.prompt == (spec.help or f"填写{spec.display}")


def test_merge_refuses_a_returned_workbook_with_errors_naming_its_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], blank_forms: dict[str, Path]) -> None:
    good = _one_form(tmp_path, blank_forms)
    bad = tmp_path / "乙.xlsx"
    shutil.copy(blank_forms["default"], bad)
    _fill(good, {"hotline_cases": 5})
    _fill(bad, {"hotline_cases": "abc"}, cells={("填表说明", "B3"): "乙镇人民政府"})
    out = tmp_path / "汇总.yaml"
    assert main(["merge", str(out), str(good), str(bad), "--issuer", "示例县人民政府"]) == 1
    row = _rows(bad)["hotline_cases"]
    assert f"{bad}:数字!H{row}: 12345政务服务便民热线承办群众诉求: “abc”不是数字" in capsys.readouterr().err
    assert not out.exists()


def test_merge_names_the_year_cell_of_a_workbook_made_for_another_year(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], blank_forms: dict[str, Path]) -> None:
    this_year = _one_form(tmp_path, blank_forms)
    last_year = tmp_path / "乙.xlsx"
    shutil.copy(blank_forms["default"], last_year)
    _fill(last_year, {"hotline_cases": 3}, cells={("填表说明", "B3"): "乙镇人民政府", ("填表说明", "B4"): 2024})
    out = tmp_path / "汇总.yaml"
    assert main(["merge", str(out), str(this_year), str(last_year), "--year", "2025", "--issuer", "县政府"]) == 1
    assert f"{last_year}:填表说明!B4（2024 年，乙镇人民政府）" in capsys.readouterr().err
    assert not out.exists()


def test_collection_outputs_never_replace_an_input_or_an_unnamed_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], blank_forms: dict[str, Path]) -> None:
    form = _one_form(tmp_path, blank_forms)
    before = form.read_bytes()
    assert main(["import", str(form), "-o", str(form), "--force"]) == 2
    assert "不能写到本命令读取的文件" in capsys.readouterr().err
    back = tmp_path / "收回"
    back.mkdir()
    returned = back / "甲.xlsx"
    shutil.copy(form, returned)
    assert main(["status", str(back), "--xlsx", str(returned), "--force"]) == 2
    assert "进度表不能写到本命令读取的文件" in capsys.readouterr().err
    progress = write(tmp_path, "手写的催报记录", "进度.xlsx")
    assert main(["status", str(back), "--xlsx", str(progress)]) == 1
    assert "进度表已经存在" in capsys.readouterr().err and progress.read_text(encoding="utf-8") == "手写的催报记录"
    assert main(["status", str(back), "--xlsx", str(progress), "--force"]) == 0
    table = write(tmp_path, "手写的汇总表", "汇总表.xlsx")
    assert main(["merge", str(tmp_path / "汇总.yaml"), str(returned), "--issuer", "县政府", "--table", str(table)]) == 1
    assert "汇总表已经存在" in capsys.readouterr().err and table.read_text(encoding="utf-8") == "手写的汇总表"
    assert not (tmp_path / "汇总.yaml").exists()
    assert form.read_bytes() == before == returned.read_bytes()


def test_a_formula_without_its_result_is_refused_not_read_as_empty(tmp_path: Path) -> None:
    """A form filled by a program that does not calculate holds =100+20 and no result: not an empty cell."""
    forms = _forms(tmp_path)
    book = openpyxl.load_workbook(forms["甲镇人民政府"])
    row = next(r[0].row for r in book["数字"].iter_rows(min_row=2) if r[0].value == "mediation_total")
    book["数字"][f"H{row}"] = "=100+20"
    book.save(forms["甲镇人民政府"])
    result = run_drafter("import", str(forms["甲镇人民政府"]), "-o", str(tmp_path / "甲.yaml"))
    assert result.code != 0 and f"数字!H{row}" in result.output, result.output
    assert "公式（=100+20）" in result.output and "没有保存计算结果" in result.output
    assert not (tmp_path / "甲.yaml").exists()
