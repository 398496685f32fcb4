"""Convert a .docx to PDF with LibreOffice, for previews and for checking the layout.

Each run uses a throwaway LibreOffice profile, so conversions may run side by
side, and a fontconfig file that maps the GB font names (仿宋_GB2312, 楷体_GB2312,
方正小标宋简体 …) to the free CJK fonts a Linux machine has.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import DrafterError, os_reason

FONTS_CONF = Path(__file__).with_name("fonts.conf")
DEFAULT_TIMEOUT = 180


# Where the LibreOffice installers put the program when it is not on PATH.
_USUAL_PLACES = (
    Path("C:/Program Files/LibreOffice/program/soffice.exe"),
    Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)


def find_soffice() -> str | None:
    """Return the LibreOffice program: on PATH, else where its installer usually puts it; or None."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((str(place) for place in _USUAL_PLACES if place.is_file()), None)


def convert_to_pdf(docx_path: Path, out_dir: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert ``docx_path`` into ``out_dir`` and return the PDF's path; raise ``DrafterError`` on failure."""
    docx_path, out_dir = Path(docx_path), Path(out_dir)
    program = find_soffice()
    if program is None:
        raise DrafterError("未安装 LibreOffice，无法生成 PDF；可安装 libreoffice-writer 后重试"
                           "（Debian/Ubuntu：sudo apt-get install libreoffice-writer）", file=docx_path)
    if not docx_path.is_file():
        raise DrafterError("找不到要转换的 Word 文档", file=docx_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / (docx_path.stem + ".pdf")
    target.unlink(missing_ok=True)  # never mistake an old PDF for the result of this run
    with tempfile.TemporaryDirectory(prefix="drafter-lo-") as profile:
        command = [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--nologo", "--convert-to", "pdf:writer_pdf_Export",
                   "--outdir", str(out_dir), str(docx_path)]
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))
        returncode, output = _run(command, env, timeout, docx_path)
    if returncode != 0 or not target.is_file():
        detail = output.strip().splitlines()
        hint = f"：{detail[-1]}" if detail else ""
        raise DrafterError(f"LibreOffice 未能把文档转换为 PDF（退出码 {returncode}）{hint}",
                           file=docx_path)
    return target


def _run(command: list[str], env: dict[str, str], timeout: float, docx_path: Path) -> tuple[int, str]:
    """Run LibreOffice in its own process group, so a timeout ends it and every child it started."""
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, env=env, text=True,
                                   start_new_session=True)
    except OSError as exc:
        raise DrafterError(f"无法启动 LibreOffice（{os_reason(exc)}），无法生成 PDF",
                           file=docx_path) from None
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            if hasattr(os, "killpg"):
                os.killpg(process.pid, signal.SIGKILL)
            else:  # Windows: no process groups
                process.kill()
        process.communicate()
        raise DrafterError(f"LibreOffice 转换 PDF 超过 {timeout:g} 秒仍未完成，已放弃；"
                           "请关闭其他 LibreOffice 窗口后重试", file=docx_path) from None
    return process.returncode, stderr or stdout
