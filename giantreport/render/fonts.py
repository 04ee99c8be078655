"""The bundled CJK font (a subset of Noto Sans CJK SC named "Giant Sans SC").

Files live in the ``fonts/`` asset folder (see ``fonts/README.md``); they are
found through :func:`giantreport.resources.asset_path`, never the working folder.
"""
from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from ..resources import asset_path

#: Family name stored in the fonts' name table (IDs 1 and 4).
FAMILY = "Giant Sans SC"

_FILES = {
    "regular": "fonts/GiantSans-Regular.otf",
    "bold": "fonts/GiantSans-Bold.otf",
}
_WEIGHTS = {"regular": 400, "bold": 700}
# Categories that never need a glyph: controls, format characters (ZWJ, BOM…),
# and separators (spaces, line/paragraph separators).
_IGNORED_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def font_files() -> dict[str, Path]:
    """``{"regular": Path, "bold": Path}`` of the bundled font files."""
    return {key: asset_path(rel) for key, rel in _FILES.items()}


@cache
def covered_chars() -> frozenset[str]:
    """Characters the bundled fonts map in their cmap (Regular and Bold cover the same set)."""
    from fontTools.ttLib import TTFont  # only needed here; keeps import of this module cheap

    with TTFont(str(font_files()["regular"]), lazy=True) as font:
        cmap = font.getBestCmap()
    return frozenset(chr(cp) for cp in cmap)


def missing_chars(text: str) -> list[str]:
    """Sorted unique characters of *text* the fonts lack (whitespace and controls ignored)."""
    covered = covered_chars()
    return sorted(
        {
            ch
            for ch in text
            if ch not in covered
            and not ch.isspace()
            and unicodedata.category(ch) not in _IGNORED_CATEGORIES
        }
    )


def font_face_css() -> str:
    """``@font-face`` rules for both weights, with ``file://`` URLs (for WeasyPrint)."""
    rules = []
    for key, path in font_files().items():
        rules.append(
            "@font-face {\n"
            f'  font-family: "{FAMILY}";\n'
            f'  src: url("{path.resolve().as_uri()}") format("opentype");\n'
            f"  font-weight: {_WEIGHTS[key]};\n"
            "  font-style: normal;\n"
            "}\n"
        )
    return "".join(rules)


def setup_matplotlib() -> None:
    """Register the fonts with matplotlib and make them the default family.

    Sets ``font.family`` to :data:`FAMILY` (also first in ``font.sans-serif``),
    ``axes.unicode_minus`` False (the font's U+2212 is fine, but "-" keeps
    charts consistent with tables), ``svg.fonttype`` "path" and
    ``pdf.fonttype`` 42. Safe to call repeatedly; after the first call it only
    re-applies the rcParams.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    registered = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in font_files().values():
        if str(path) not in registered:
            font_manager.fontManager.addfont(str(path))
    mpl.rcParams["font.family"] = [FAMILY]
    sans = [name for name in mpl.rcParams["font.sans-serif"] if name != FAMILY]
    mpl.rcParams["font.sans-serif"] = [FAMILY, *sans]
    mpl.rcParams["axes.unicode_minus"] = False
    mpl.rcParams["svg.fonttype"] = "path"
    mpl.rcParams["pdf.fonttype"] = 42
