"""A synthetic 公文 that uses every kind of block, long enough for several pages."""

from __future__ import annotations

from pathlib import Path

from drafter.render.blocks import (
    DocNumber,
    Document,
    Heading,
    Imprint,
    Note,
    Paragraph,
    Recipients,
    RedHeader,
    Signature,
    Title,
)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_LAYOUT = ROOT / "templates" / "default" / "layout.yaml"

# A paragraph of plain Chinese text without digits or punctuation: each line of it on the
# page is a full line of the grid, so the PDF shows exactly how many characters a line holds.
PLAIN = ("坚持把法治政府建设摆在全局工作的重要位置统筹推进依法行政各项任务不断提升政府工作"
         "法治化规范化水平深入开展法治宣传教育引导全社会尊法学法守法用法形成良好法治氛围")

SENTENCES = (
    "全年召开县政府常务会议学法12次，组织领导干部旁听庭审活动3场，参加人员达到156人次。",
    "严格落实重大行政决策程序规定，对7项重大行政决策事项全部进行合法性审查。",
    "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。",
    "办理行政复议案件41件，其中维持28件、驳回5件、撤销3件，纠错率为12.2%。",
    "深化“放管服”改革，政务服务事项网上可办率达到99.2%，群众满意度持续提升。",
)

ISSUER = "示例县人民政府"
RED_HEADER = "示例县人民政府文件"
DOC_NUMBER = "示政报〔2025〕3号"
SIGNER = "王某某"
COPY_TO = ("县委办公室", "县人大常委会办公室", "县政协办公室", "县纪委监委", "县法院", "县检察院",
           "县委依法治县办", "县司法局")
PRINTER = "示例县人民政府办公室"
PRINT_DATE = "2025年1月8日"


def sample_document() -> Document:
    """Return a three-page report using every kind of block."""
    blocks: list = [
        RedHeader(RED_HEADER),
        DocNumber(DOC_NUMBER, (SIGNER,)),
        Title(("示例县人民政府", "关于2024年度法治政府建设情况的报告")),
        Recipients("市人民政府："),
        Paragraph("2024年，示例县坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平"
                  "法治思想，全面推进法治政府建设。现将有关情况报告如下："),
        Heading(1, "一、主要举措和成效"),
        Heading(2, "（一）加强组织领导，压实法治建设责任"),
        Paragraph(PLAIN * 8),
        Paragraph("".join(SENTENCES[:3])),
        Heading(3, "1. 健全工作机制"),
        Paragraph(PLAIN),
        Heading(4, "（1）完善考核办法"),
        Paragraph("".join(SENTENCES[2:])),
        Paragraph(PLAIN * 2),
        Heading(2, "（二）规范行政执法，提升执法质效"),
        Paragraph(PLAIN * 2),
        Paragraph("".join(SENTENCES)),
        Heading(1, "二、存在的问题"),
        Paragraph(PLAIN),
        Heading(1, "三、下一步工作安排"),
        Paragraph("".join(SENTENCES[1:4])),
        Paragraph("特此报告。"),
        Signature(ISSUER, "2025年1月8日"),
        Note("此件公开发布"),
        Imprint(copy_to=COPY_TO, printer=PRINTER, print_date=PRINT_DATE),
    ]
    return Document(blocks=blocks, title="示例县人民政府关于2024年度法治政府建设情况的报告",
                    author=ISSUER)
