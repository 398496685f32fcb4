"""Setting values in a layout.yaml text keeps its comments and the rest of the file."""

from __future__ import annotations

from drafter.templateset.layoutedit import set_values

TEXT = """page:                    # 页面
  margin_top: 37         # 天头
fonts:
  body:                  # 正文
    family: [仿宋_GB2312, 仿宋]
    size: 3号
red_rule:
  color: "红色"   # 颜色 # 注
page_number:
  format: "— {n} —"      # 格式
"""


def test_values_replace_in_place_keeping_comments():
    text, missing = set_values(TEXT, {("page", "margin_top"): 38, ("fonts", "body", "family"): ["仿宋", "FangSong"],
                                      ("red_rule", "color"): "#C00000", ("page_number", "format"): "- {n} -",
                                      ("grid", "lines_per_page"): 22})
    lines = text.splitlines()
    assert lines[1] == "  margin_top: 38         # 天头"
    assert lines[4] == "    family: [仿宋, FangSong]"
    assert lines[7].startswith("  color: '#C00000'") and lines[7].endswith("# 颜色 # 注")
    assert lines[9].startswith("  format: '- {n} -'") and lines[9].endswith("# 格式")
    assert lines[5] == "    size: 3号" and lines[0] == "page:                    # 页面"
    assert missing == [("grid", "lines_per_page")]
