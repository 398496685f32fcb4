"""Which of the layout's fonts this machine lacks, and what LibreOffice prints instead.

A PDF made where 仿宋_GB2312 or 方正小标宋简体 are missing is a preview: the
characters come from a stand-in face, with other widths. LibreOffice finds its
stand-ins through fontconfig, with drafter's ``fonts.conf`` (the file the PDF
conversion uses), so ``fc-match`` under that file names the face it will use.
Where fontconfig is not installed (Windows), nothing can be said and nothing is.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import msgspec

from .layout import ROLES, Layout
from .pdf import FONTS_CONF


class MissingFont(msgspec.Struct, frozen=True):
    """A font the layout names that this machine lacks: where it is used and its stand-in."""

    name: str
    roles: tuple[str, ...]
    substitute: str | None

    def message(self) -> str:
        """Return one Chinese line for the clerk."""
        used = "、".join(self.roles)
        instead = f"LibreOffice 用“{self.substitute}”代替" if self.substitute else "LibreOffice 找不到代替的字体"
        return f"缺少字体“{self.name}”（{used}），{instead}"


def font_roles(layout: Layout) -> dict[str, list[str]]:
    """Return each first-choice font of the layout with the Chinese names of the roles using it."""
    roles: dict[str, list[str]] = {}
    for role, label in ROLES.items():
        roles.setdefault(getattr(layout.fonts, role).name, []).append(label)
    roles.setdefault(layout.latin_font, []).append("西文和数字")
    return roles


def missing_fonts(layout: Layout) -> list[MissingFont]:
    """Return the layout's fonts this machine lacks, each with LibreOffice's stand-in; [] when unknown."""
    program = shutil.which("fc-match")
    if program is None:
        return []
    missing = []
    for name, roles in font_roles(layout).items():
        families = _match(program, name)
        if families is None:
            return []
        if name.casefold() not in {family.casefold() for family in families}:
            missing.append(MissingFont(name, tuple(roles), families[0] if families else None))
    return missing


def font_report(layout: Layout) -> list[str]:
    """Return the lines that tell the clerk which fonts are missing here; [] when none (or unknown)."""
    missing = missing_fonts(layout)
    if not missing:
        return []
    return [f"本机缺少版式文件中的 {len(missing)} 种字体，生成的 PDF 只是预览，不是最终的打印效果；"
            "在装有这些字体的电脑上用 Word 或 WPS 打开 .docx 打印："] + [f"  {m.message()}" for m in missing]


def _match(program: str, name: str) -> list[str] | None:
    """Return the family names (all languages) of the face fontconfig picks for ``name``, or None on failure."""
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))
    try:
        pattern = "".join("\\" + ch if ch in "\\-:," else ch for ch in name)   # fontconfig's specials
        result = subprocess.run([program, "-f", "%{family}", pattern], capture_output=True, text=True,
                                env=env, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return [family.strip() for family in result.stdout.split(",") if family.strip()]
