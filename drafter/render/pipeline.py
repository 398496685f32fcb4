"""From a report file to a .docx (and a PDF): validate, fill the templates, lay out, write atomically."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from ..atomic import atomic_write
from ..errors import OutputError, ReportInvalidError
from ..outputs import OutputRefused, check_name, keep_backup, refuse_inputs
from ..problems import errors
from ..report import OpenedReport, open_report
from ..templateset import LoadedSets
from ..values import is_empty
from .blocks import Document
from .context import build_context
from .markup import parse_blocks

# Other kinds of file a clerk may name by habit: drafter writes only .docx, so it refuses these
# rather than writing a Word document under a name Word or WPS would open as something else.
_OTHER_FORMATS = {".doc": "旧版 Word 格式", ".wps": "WPS 文字的旧格式", ".pdf": "PDF", ".odt": "OpenDocument 格式",
                  ".txt": "纯文本", ".yaml": "报告数据文件", ".yml": "报告数据文件", ".xlsx": "Excel 工作簿",
                  ".xls": "旧版 Excel 格式", ".rtf": "RTF 格式", ".docm": "带宏的 Word 文档"}


def document_path(output: Path | str | None, opened: OpenedReport) -> Path:
    """Return where the .docx goes: ``-o`` as given; into that folder when it is one (named as by
    default); with ``.docx`` added to a new name that does not end in it (报告 v2.0, 报告.定稿)."""
    if output is None:
        return default_output(opened)
    written = str(output)
    output = Path(output)
    if _stat_says(output, Path.is_dir):
        return output / default_output(opened).name
    if written.endswith(("/", os.sep)):  # meant as a folder, which is not there
        raise OutputRefused(f"文件夹“{output}”不存在；请先建好这个文件夹，或在 -o 后写文件名", file=output)
    if (output.suffix.lower() not in {".docx", *_OTHER_FORMATS} and not _stat_says(output, Path.exists)
            and not output.is_symlink()):
        return output.with_name(output.name + ".docx")
    return output


def refuse_other_format(target: Path) -> None:
    """Refuse a document name whose extension is another format's: Word or WPS would not open it."""
    suffix = target.suffix.lower()
    if suffix == ".pdf":
        raise OutputRefused("-o 指定的是 Word 文档（.docx）的文件名；要同时生成 PDF，请加 --pdf，"
                            "PDF 会与 Word 文档同名、放在同一文件夹", file=target)
    if suffix in _OTHER_FORMATS:
        raise OutputRefused(f"“{suffix}”是{_OTHER_FORMATS[suffix]}的扩展名，drafter 生成的是 Word 文档（.docx）；"
                            f"请写 -o {target.with_suffix('.docx').name}", file=target)


def _stat_says(path: Path, test: Callable[[Path], bool]) -> bool:
    try:
        return test(path)
    except OSError:  # a name too long and the like: the output checks below say what is wrong
        return False


def default_output(opened: OpenedReport) -> Path:
    """Return the document's path beside the report file, named by the set's ``report: file_name``
    pattern (e.g. 〈发文机关〉〈年度〉年法治政府建设年度报告.docx); the data file's name when the
    pattern's fields are all empty."""
    report_type = opened.structure.report
    issuer_key = report_type.role("issuer")
    values = opened.report.values
    if issuer_key and is_empty(values.get(issuer_key)):
        values = {**values, issuer_key: opened.loaded.path.stem}
    name = "".join(report_type.fill(report_type.file_name, values).split()) or opened.loaded.path.stem
    name = _shortened(re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name))
    return opened.loaded.path.parent / (name + ".docx")


# A file name holds 255 bytes (255 UTF-16 units on Windows); the backup's “.修改前-日期-时刻-2.docx”
# needs about 40 more. A name made of a very long issuer is cut in the middle to fit.
_NAME_BYTES = 180
_KEPT_TAIL = 20   # characters: the year and the kind of report, as in “2025年法治政府建设年度报告”


def _shortened(name: str) -> str:
    """Return ``name``, or its start and end around “…” when it is too long for a file name."""
    if len(name.encode("utf-8")) <= _NAME_BYTES:
        return name
    tail = name[-_KEPT_TAIL:]
    budget = _NAME_BYTES - len(("…" + tail).encode("utf-8"))
    head = name[:-_KEPT_TAIL].encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    return head + "…" + tail


def build_document(opened: OpenedReport, previous: OpenedReport | None = None) -> Document:
    """Return the block document of a validated report (with 同比 when ``previous`` is given)."""
    return render_blocks(opened, previous)[0]


def render_blocks(opened: OpenedReport, previous: OpenedReport | None = None
                  ) -> tuple[Document, frozenset[str]]:
    """Return the block document and the clause openings the templates bind to a subject."""
    template_set = opened.template_set
    context = build_context(opened.report, opened.structure, template_set.phrases,
                            previous.report if previous else None,
                            template_set.compared_figures if previous else frozenset())
    text = template_set.renderer.render(context)
    structure = opened.structure
    title = structure.report.fill(structure.report.title, opened.report.values)
    author = opened.role("issuer")
    document = Document(blocks=parse_blocks(text), title=title, author="" if author is None else str(author))
    return document, frozenset(template_set.renderer.dependent)


def _claim(target: Path, taken: set[Path]) -> None:
    """Refuse a document another report of the same batch has just written."""
    key = target.resolve()
    if key in taken:
        raise OutputError(f"同一批中另一份报告已生成了同名的“{target.name}”（发文机关和年度相同）；为免覆盖，"
                          "这一份没有生成，请单独生成它并用 -o 指定文件名", file=target)
    taken.add(key)


def render_report_file(yaml_path: Path, output: Path | str | None = None, *, pdf: bool = False,
                       template: str | None = None, previous: Path | None = None,
                       warnings_out: list | None = None, backups_out: list | None = None,
                       sets: LoadedSets | None = None, taken: set[Path] | None = None,
                       fonts_out: list[str] | None = None) -> Path:
    """Render ``yaml_path`` to a .docx (and a PDF beside it when ``pdf``); return the .docx path.

    ``previous`` (or the report's ``previous:`` key) names last year's file for 同比;
    the report's warnings are appended to ``warnings_out`` when it is given; ``sets`` shares
    loaded template sets across a batch, ``taken`` holds the documents the batch wrote already;
    with ``pdf``, the fonts this machine lacks (the PDF is then a preview) go to ``fonts_out``.
    Errors in the report stop the render with ``ReportInvalidError``; the output is
    written atomically, so an existing good file is never replaced by a broken one.
    An output that is one of the files read (the data, last year's data, a template
    file) is refused; an existing .docx that is not exactly as drafter wrote it (the
    clerk edited it in Word or WPS) is first kept beside it as ``…修改前-日期-时刻.docx``,
    whose path is appended to ``backups_out``.
    """
    from .basedocx import load_base
    from .docx import docx_parts
    from .stamp import stamped_package, unchanged_since_written

    opened = open_report(Path(yaml_path), template=template, sets=sets, previous=previous)
    opened.template_set.ensure_usable()
    if errors(opened.problems):
        raise ReportInvalidError(f"报告数据有 {len(errors(opened.problems))} 处错误，未生成文档",
                                 file=yaml_path, problems=opened.problems)
    if warnings_out is not None:
        warnings_out.extend(opened.problems)
    target = document_path(output, opened)
    if taken is not None:
        _claim(target, taken)
    inputs = [opened.loaded.path] + ([opened.previous.loaded.path] if opened.previous else [])
    for written in [target, target.with_suffix(".pdf")] if pdf else [target]:
        check_name(written, "生成的文档")
        refuse_inputs(written, inputs, folders=opened.template_set.chain, what="生成的文档")
    refuse_other_format(target)
    document = build_document(opened, opened.previous)
    base = opened.template_set.base_docx
    content = stamped_package(docx_parts(document, opened.template_set.layout, load_base(base) if base else None))
    backup = None
    if target.is_file() and not unchanged_since_written(target):
        backup = keep_backup(target)
    try:
        atomic_write(target, content, what="Word 文档")
    except BaseException:
        if backup is not None:
            backup.unlink(missing_ok=True)  # the document was not replaced: no backup needed
        raise
    if backup is not None and backups_out is not None:
        backups_out.append(backup)
    if pdf:
        _write_pdf(target)
        if fonts_out is not None:
            from .fontcheck import font_report

            fonts_out.extend(font_report(opened.template_set.layout))
    return target


def _write_pdf(docx_path: Path) -> None:
    """Convert into a temporary folder, then put the PDF in place: a failure keeps the old PDF."""
    import tempfile

    from .pdf import convert_to_pdf

    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as folder:
        converted = convert_to_pdf(docx_path, Path(folder))
        atomic_write(docx_path.with_suffix(".pdf"), converted.read_bytes(), what="PDF 文件")
