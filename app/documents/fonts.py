"""The fonts shipped in resources/fonts and their registration with reportlab.

Liberation Serif 2.x has Times New Roman metrics and complete Vietnamese (the 1.x series
lacks ơ, ư and most stacked tone marks). reportlab embeds TrueType fonts as subsets.
Noto Serif (1000 units per em) is used for pyHanko signature stamps, which space 2048-upem
fonts such as Liberation far apart.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app import paths

SERIF = "LiberationSerif"
SERIF_BOLD = "LiberationSerif-Bold"
SERIF_ITALIC = "LiberationSerif-Italic"
SERIF_BOLD_ITALIC = "LiberationSerif-BoldItalic"

_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
STAMP_FONT_FILE = "NotoSerif-Regular.ttf"
STAMP_FONT_BOLD_FILE = "NotoSerif-Bold.ttf"

_registered = False


def font_dir() -> Path:
    return paths.resources() / "fonts"


def font_path(filename: str) -> Path:
    return font_dir() / filename


def stamp_font_path(bold: bool = False) -> Path:
    return font_path(STAMP_FONT_BOLD_FILE if bold else STAMP_FONT_FILE)


def register() -> None:
    """Register the serif family once per process (``<b>``/``<i>`` map to the right faces)."""
    global _registered
    if _registered:
        return
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_path(filename))))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC,
                                  boldItalic=SERIF_BOLD_ITALIC)
    _registered = True
