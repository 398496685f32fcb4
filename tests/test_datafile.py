"""The report file writer: what ``dump_report`` writes reads back as the same data, keeps what it
does not know, explains every figure in a Chinese comment, and ``save_report`` never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import DEFAULT_TEMPLATE, as_non_root, run_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter import datafile
from drafter.datafile import dump_report, load_report_file, save_report
from drafter.errors import OutputError
from drafter.plaintext import clean
from drafter.templateset import load_structure
from drafter.validate import validate
from drafter.values import Number

STRUCTURE = load_structure(DEFAULT_TEMPLATE / "structure.yaml")

MULTI_LINE = "一是健全行政复议体制：\n  全年收到申请 10 件。\n\n二是“复议为民”，他说: “好”。"
AWKWARD_TEXTS = [
    "主要做法: 办理行政复议案件",
    "他说：“依法行政”",
    'quote " inside',
    "single ' inside",
    "'整段单引号'",
    '"整段双引号"',
    "# 不是注释",
    "文字中 #号",
    "- 以横线开头",
    "@以艾特开头",
    "*以星号开头",
    "&以和号开头",
    "!以叹号开头",
    "%以百分号开头",
    "[以方括号开头",
    "{以花括号开头",
    "yes",
    "null",
    "~",
    "010",
    "1:20",
    "2026-01-08",
    "---",
    "...",
    "反斜杠 \\n 不是换行",
    "\u3000\u3000一是全角空格开头的段落。",
    MULTI_LINE,
    "末尾有空格的行  \n下一行",
    "第一行\n  缩进的第二行",
    "APP：上线移动端",
    "OA：办公系统",
    "\n\u3000- ",
    "第一行\n\t第二行以 Tab 开头",
    "第一行中间有\tTab\n第二行",  # a raw tab would be read back as a space: written escaped
    "第一行\n  year：2025",
]


def full_data() -> dict[str, Any]:
    """Return report data touching every kind of value, with keys drafter does not know."""
    return {
        "drafter": 1,
        "template": "default",
        "previous": "灵丘县2024.yaml",
        "meta": {
            "issuer": "灵丘县人民政府",
            "level": "县级政府",
            "year": 2025,
            "recipients": ["中共灵丘县委", "县人大常委会"],
            "doc_number": "灵政函〔2026〕1号",
            "written_date": dt.date(2026, 1, 8),
            "note": "此件公开发布",
            "contact": "张三 0352-1234567",  # unknown: kept
        },
        "opening": {"theme": "围绕“三区两地”发展定位: 建设法治灵丘", "summary": MULTI_LINE},
        "measures": {
            "functions": {
                "figures": {"hall_cases": Number(Decimal("16.76")), "hotline_satisfaction": Number(Decimal("99.2")),
                            "hall_units": 35},
            },
            "disputes": {
                "heading": "健全矛盾纠纷化解体系: 维护稳定",
                "intro": "全县上下“一盘棋”。",
                "figures": {
                    "reconsideration_received": 10,
                    "reconsideration_accepted": 8,
                    "mediation_total": Number(400, "余"),
                    "reconsideration_hearings": 2,  # unknown figure: kept
                },
                "items": list(AWKWARD_TEXTS),
                "notes": "内部备注",  # unknown key in a section: kept
            },
            "extra_section": {"items": ["不认识的小节"]},  # unknown subsection: kept
        },
        "problems": {"items": ["一是……", "二是……"], "remark": {"a": [1, 2]}},
        "next_year": {"items": ["一是……"]},
        "remarks": ["顶层未知字段", {"嵌套": "保留"}],  # unknown top-level key: kept
    }


def written(value: Any) -> Any:
    """Return ``value`` as the file holds it: numbers in YAML form, blanks dropped."""
    if isinstance(value, dict):
        kept = {k: written(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [written(v) for v in value]
    if isinstance(value, Number):
        return value.to_yaml()
    return value


def reload(tmp_path: Path, text: str) -> dict[str, Any]:
    """Write ``text`` and read it back with drafter's own reader."""
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_report_file(path)
    # private-use characters (造字) are kept with a warning that the font may not show them
    assert [p for p in loaded.problems if "私用区" not in p.message] == []
    return loaded.data


# --- round trip ---------------------------------------------------------------------------------


def test_dump_reloads_to_the_same_data(tmp_path):
    data = full_data()
    assert written(reload(tmp_path, dump_report(STRUCTURE, data))) == written(data)


def test_dump_reloads_the_same_with_plain_yaml(tmp_path):
    data = full_data()
    assert written(yaml.safe_load(dump_report(STRUCTURE, data))) == written(data)


def test_dump_is_stable(tmp_path):
    first = dump_report(STRUCTURE, full_data())
    again = dump_report(STRUCTURE, reload(tmp_path, first))
    assert again == first


@pytest.mark.parametrize("text", AWKWARD_TEXTS, ids=[repr(t)[:24] for t in AWKWARD_TEXTS])
def test_awkward_text_round_trips_as_item_and_as_value(tmp_path, text):
    data = {"meta": {"issuer": "灵丘县人民政府", "year": 2025}, "opening": {"theme": text},
            "problems": {"items": [text]}}
    back = reload(tmp_path, dump_report(STRUCTURE, data))
    assert back["problems"]["items"] == [text]
    assert back["opening"]["theme"] == text


def test_multi_line_item_written_as_block(tmp_path):
    text = dump_report(STRUCTURE, {"meta": {"year": 2025}, "problems": {"items": [MULTI_LINE]}})
    assert "    - |-\n      一是健全行政复议体制：\n        全年收到申请 10 件。\n\n      二是" in text


def test_multi_line_text_starting_with_spaces_round_trips(tmp_path):
    text = "  缩进的第一行\n第二行"
    data = {"meta": {"year": 2025}, "problems": {"items": [text]}}
    assert reload(tmp_path, dump_report(STRUCTURE, data))["problems"]["items"] == [text]


def test_windows_line_ends_in_text_are_written(tmp_path):
    data = {"meta": {"year": 2025}, "problems": {"items": ["第一行\r\n第二行"]}}
    assert reload(tmp_path, dump_report(STRUCTURE, data))["problems"]["items"] == ["第一行\n第二行"]


_CHUNK = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), max_size=8) | st.sampled_from(
    [": ", " #", "# ", "“", "”", "'", '"', "- ", "\u3000", " ", "\n", "\n\n", "  ", "APP：", "year：",
     "\u3000- ", "\t"])
_TEXT = st.lists(_CHUNK, min_size=1, max_size=6).map("".join)


def _writable(text: str) -> bool:
    """Leave out blank text, which means 'not written'."""
    return bool(text.strip(" \n"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(_TEXT.filter(_writable), max_size=4))
def test_any_item_text_round_trips(tmp_path, items):
    """Item text reads back as written (ends trimmed of spaces and line breaks, as check does;
    noncharacters, which no text may hold, left out)."""
    data = {"meta": {"issuer": "灵丘县人民政府", "year": 2025}, "problems": {"items": items}}
    back = reload(tmp_path, dump_report(STRUCTURE, data))
    expected = [clean(t)[0].strip(" \n") for t in items]
    assert [t.strip(" \n") for t in back["problems"].get("items") or []] == [t for t in expected if t]


# --- unknown keys, comments ---------------------------------------------------------------------


def test_unknown_keys_are_kept_with_a_comment():
    text = dump_report(STRUCTURE, full_data())
    for line in ("  contact: 张三 0352-1234567", "      reconsideration_hearings: 2", "    notes: 内部备注",
                 "  extra_section:", "  remark:", "remarks:"):
        found = [entry for entry in text.splitlines() if entry.startswith(line)]
        assert found, line
        assert found[0].endswith("# drafter 不认识这个字段，原样保留"), found[0]


def test_every_figure_has_its_label_and_unit_in_a_comment():
    text = dump_report(STRUCTURE, {"meta": {"year": 2025}})
    lines = text.splitlines()
    for block in STRUCTURE.figure_blocks():
        for spec in block.figures:
            unit = "%" if spec.kind == "percent" else spec.unit
            expected = f"{spec.label}（{unit}）" if unit else spec.label
            pattern = re.compile(rf"^ +{spec.key}:\s+# {re.escape(expected)}$")
            assert any(pattern.match(line) for line in lines), (spec.key, expected)


def test_figure_values_sit_before_their_comment():
    text = dump_report(STRUCTURE, full_data())
    assert re.search(r"^      reconsideration_received: 10 +# 收到行政复议申请（件）$", text, re.M)
    assert re.search(r"^      mediation_total: 400余 +# 人民调解组织调解矛盾纠纷（件）$", text, re.M)
    assert re.search(r"^      hall_cases: 16.76 +# 政务大厅受理行政审批服务事项（万件）$", text, re.M)
    assert re.search(r"^      hotline_satisfaction: 99.2 +# 12345热线群众满意度（%）$", text, re.M)
    assert re.search(r"^  written_date: 2026-01-08 +# 成文日期$", text, re.M)


def test_metadata_and_headings_have_chinese_comments():
    text = dump_report(STRUCTURE, full_data())
    assert re.search(r"^meta: +# 文档信息$", text, re.M)
    assert re.search(r"^  issuer: 灵丘县人民政府 +# 发文机关$", text, re.M)
    assert re.search(r"^  disputes: +# （\d+）健全矛盾纠纷行政预防调处化解体系，维护社会和谐稳定$", text, re.M)
    assert re.search(r"^measures: +# 第1部分 主要举措和成效$", text, re.M)


def test_dumped_values_validate_to_the_parsed_values(tmp_path):
    data = full_data()
    path = tmp_path / "report.yaml"
    path.write_text(dump_report(STRUCTURE, data), encoding="utf-8")
    report, problems = validate(load_report_file(path), STRUCTURE)
    assert report.values["hall_cases"] == Number(Decimal("16.76"))
    assert report.values["mediation_total"] == Number(400, "余")
    assert report.values["written_date"] == dt.date(2026, 1, 8)
    assert report.items["measures.disputes"] == [t.strip() for t in AWKWARD_TEXTS]


# --- save_report ------------------------------------------------------------------------------


def valid_data() -> dict[str, Any]:
    data = full_data()
    for key in ("remarks",):
        data.pop(key)
    data["meta"].pop("contact")
    data["measures"].pop("extra_section")
    data["measures"]["disputes"].pop("notes")
    data["measures"]["disputes"]["figures"].pop("reconsideration_hearings")
    data["problems"].pop("remark")
    data.pop("previous")
    data["leaders_duty"] = {"items": ["县政府主要负责人认真履行推进法治建设第一责任人职责。"]}
    return data


def test_saved_file_passes_check(tmp_path):
    path = tmp_path / "灵丘县2025.yaml"
    save_report(path, STRUCTURE, valid_data())
    result = run_check(path)
    assert result.code == 0, result.output
    assert result.stdout.strip() == "检查结果：没有发现问题。"


def test_save_replaces_an_existing_file(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text("旧内容\n", encoding="utf-8")
    save_report(path, STRUCTURE, valid_data())
    assert written(load_report_file(path).data) == written(valid_data())
    assert [p.name for p in tmp_path.iterdir()] == ["report.yaml"]


def _old_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.yaml"
    path.write_text("# 旧的报告数据文件\nmeta: {year: 2024}\n", encoding="utf-8")
    return path


def _assert_untouched(path: Path) -> None:
    assert path.read_text(encoding="utf-8") == "# 旧的报告数据文件\nmeta: {year: 2024}\n"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "a temporary file was left behind"


def test_failed_replace_leaves_old_file_intact(tmp_path, monkeypatch):
    path = _old_file(tmp_path)

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError) as caught:
        save_report(path, STRUCTURE, valid_data())
    assert "原文件未改动" in caught.value.message
    assert caught.value.exit_code == 3
    _assert_untouched(path)


def test_failed_write_leaves_old_file_intact(tmp_path, monkeypatch):
    path = _old_file(tmp_path)

    def refuse(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(OutputError):
        save_report(path, STRUCTURE, valid_data())
    _assert_untouched(path)


def test_interrupted_write_leaves_old_file_intact(tmp_path, monkeypatch):
    path = _old_file(tmp_path)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_report(path, STRUCTURE, valid_data())
    _assert_untouched(path)


def test_text_the_reader_would_refuse_is_never_saved(tmp_path, monkeypatch):
    """The writer's text is verified with drafter's own reader, not with plain YAML: a duplicate
    key reads back as the same data with ``yaml.safe_load``, but drafter refuses the file."""
    path = _old_file(tmp_path)
    text_of = datafile._Writer.text
    monkeypatch.setattr(datafile._Writer, "text", lambda self: text_of(self) + "drafter: 1\n")
    with pytest.raises(AssertionError, match="does not read back"):
        save_report(path, STRUCTURE, valid_data())
    _assert_untouched(path)


def test_text_that_reads_back_as_other_data_is_never_saved(tmp_path, monkeypatch):
    path = _old_file(tmp_path)
    monkeypatch.setattr(datafile, "_flow", lambda value: "" if value is None else "改动了的文字")
    with pytest.raises(AssertionError, match="does not read back"):
        save_report(path, STRUCTURE, valid_data())
    _assert_untouched(path)


def test_invisible_characters_are_not_written(tmp_path):
    # the reader removes them from a file (with a warning): the writer leaves them out
    # a line separator (U+2028) is a line break, as everywhere drafter reads text (plaintext.py)
    data = {"meta": {"issuer": "灵丘县\u200b人民政府", "year": 2025}, "problems": {"items": ["一是\u2028……"]}}
    written = dump_report(STRUCTURE, data)
    assert "\u200b" not in written  # not written at all: reading it back would warn the clerk
    back = reload(tmp_path, written)
    assert back["meta"]["issuer"] == "灵丘县人民政府"
    assert back["problems"]["items"] == ["一是\n……"]


def test_missing_folder_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="不存在"):
        save_report(tmp_path / "没有的文件夹" / "report.yaml", STRUCTURE, valid_data())


def test_read_only_file_is_an_output_error(tmp_path, monkeypatch):
    path = _old_file(tmp_path)
    path.chmod(0o444)
    as_non_root(monkeypatch)
    with pytest.raises(OutputError, match="只读"):
        save_report(path, STRUCTURE, valid_data())
    _assert_untouched(path)


def test_saved_file_keeps_permissions(tmp_path):
    path = _old_file(tmp_path)
    path.chmod(0o640)
    save_report(path, STRUCTURE, valid_data())
    assert path.stat().st_mode & 0o777 == 0o640


def test_issuer_with_a_line_break_stays_inside_the_header_comment(tmp_path):
    data = {"meta": {"issuer": "灵丘县\nmeasures: 人民政府", "year": 2025}}
    back = reload(tmp_path, dump_report(STRUCTURE, data))
    assert back["meta"]["issuer"] == "灵丘县\nmeasures: 人民政府"
    assert "measures" not in back or back["measures"] != "人民政府"


def test_text_that_cannot_be_a_block_is_written_on_one_line(tmp_path):
    # PyYAML would fold it over several lines, a blank line standing for each break: a clerk
    # editing the file could not tell them apart; written double-quoted, a break reads "\n"
    items = ["\n\u3000- 以换行开头", "  缩进的第一行\n第二行"]
    text = dump_report(STRUCTURE, {"meta": {"year": 2025}, "problems": {"items": items}})
    assert '    - "\\n\u3000- 以换行开头"\n' in text
    assert '    - "  缩进的第一行\\n第二行"\n' in text
    assert reload(tmp_path, text)["problems"]["items"] == items
