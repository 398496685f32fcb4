"""Convert a .docx to PDF with LibreOffice, for previews and for checking the layout.

Each run uses a throwaway LibreOffice profile, so conversions may run side by
side, and a fontconfig file that maps the GB font names (仿宋_GB2312, 楷体_GB2312,
方正小标宋简体 …) to the free CJK fonts a Linux machine has.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import DrafterError

FONTS_CONF = Path(__file__).with_name("fonts.conf")
DEFAULT_TIMEOUT = 180


def find_soffice() -> str | None:
    """Return the LibreOffice program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


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
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                    env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise DrafterError(f"LibreOffice 转换 PDF 超过 {timeout:.0f} 秒仍未完成，已放弃；"
                               "请关闭其他 LibreOffice 窗口后重试", file=docx_path) from None
        except OSError as exc:
            raise DrafterError(f"无法启动 LibreOffice（{exc.strerror}），无法生成 PDF",
                               file=docx_path) from None
    if result.returncode != 0 or not target.is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()
        hint = f"：{detail[-1]}" if detail else ""
        raise DrafterError(f"LibreOffice 未能把文档转换为 PDF（退出码 {result.returncode}）{hint}",
                           file=docx_path)
    return target
