"""Charts: statistics in, inline SVG figures out (no files, no templates).

    figures = report_figures(stats, config, cache_dir=None)   # {"fig-1-1": Figure, …, "fig-4-4": Figure}
    sheet = province_figures(stats, "浙江省", cache_dir=None)  # {"radar", "batches", "cities", "industry_mix"}

Every `Figure` carries its number, title (without the number), the SVG markup, the
资料来源 line, the 注 (or None) and a short text alternative (also set as the SVG's
aria-label). Keys and numbers are stable: fig-2-3 is always 图 2.3. A figure without
data (e.g. 1.3 without national benchmarks, 4.3 without a 区县 column) is absent from the
result and the others keep their numbers (the report prints one sentence in its place).

SVG: width/height in pt (16 cm = 453.5 pt for full-width charts, 7.8 cm = 221 pt for the
fact-sheet charts) and a viewBox: place it at its natural size (`max-width: 100%;
height: auto` is safe), the type sizes (7–8.5 pt) are meant for that size. Text is real
<text> (svg.fonttype "none") in font-family 'Giant Sans SC' with CSS fallbacks 'Noto Sans
CJK SC', 'Source Han Sans SC', sans-serif: the page must declare the @font-face for
'Giant Sans SC' weights 400 and 700 (render.fonts.font_face_css() does), so WeasyPrint
draws the charts with the font matplotlib measured them with. Chosen over glyph outlines
because outlines made the 19 charts ~4x larger (1.2 MB vs 0.3 MB) and WeasyPrint ~5x slower,
and left chart text unsearchable in the PDF. Output is byte-identical for identical input
(per-figure hash salt, no dates, no comments, unreferenced ids removed).

Each figure function (`profile.fig_1_1(stats, config, cache=None)`, …) first reduces the
statistics to the plain data it plots; with a cache, that data (plus STYLE_VERSION,
matplotlib version and the font) is the cache key and matplotlib is not touched on a hit.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from . import industries, profile, province, regions, technology
from .base import Figure, Pending, fill_pending
from .cache import ChartCache, default_dir, open_cache
from .style import STYLE_VERSION

__all__ = ["Figure", "Pending", "fill_pending", "report_figures", "province_figures", "REPORT_FIGURES", "PROVINCE_FIGURES",
           "ChartCache", "default_dir", "STYLE_VERSION"]

# In report order; the key of each is "fig-<chapter>-<n>" as in the seed report.
REPORT_FIGURES = (
    profile.fig_1_1, profile.fig_1_2, profile.fig_1_3, profile.fig_1_4, profile.fig_1_5, profile.fig_1_6,
    technology.fig_2_1, technology.fig_2_2, technology.fig_2_3, technology.fig_2_4, technology.fig_2_5,
    technology.fig_2_6,
    industries.fig_3_1, industries.fig_3_2, industries.fig_3_3,
    regions.fig_4_1, regions.fig_4_2, regions.fig_4_3, regions.fig_4_4,
)

PROVINCE_FIGURES = {"radar": province.radar, "batches": province.batches, "cities": province.cities,
                    "industry_mix": province.industry_mix}

_KEY = re.compile(r"^fig-(\d+)-(\d+)$")


def report_figures(stats, config=None, cache_dir: str | Path | ChartCache | None = None,
                   defer: list[Pending] | None = None) -> dict[str, Figure]:
    """All report figures that have data, keyed "fig-1-1" … "fig-4-4", each with its fixed number.

    With a list as `defer`, figures not in the cache carry placeholder SVGs and are appended to it
    as :class:`Pending` (``pending.draw()`` gives the SVG)."""
    cache = open_cache(cache_dir)
    out: dict[str, Figure] = {}
    for function in REPORT_FIGURES:
        figure = function(stats, config, cache=cache, defer=defer)
        if figure is None:
            continue
        m = _KEY.match(figure.key)
        out[figure.key] = replace(figure, number=f"{m.group(1)}.{m.group(2)}")
    return out


def province_figures(stats, province_name: str, cache_dir: str | Path | ChartCache | None = None) -> dict[str, Figure]:
    """The fact-sheet charts of one province ("浙江" or "浙江省"): radar, batches, cities, industry_mix.

    Raises GiantReportError when the province is not in the data."""
    cache = open_cache(cache_dir)
    out = {}
    for name, function in PROVINCE_FIGURES.items():
        figure = function(stats, province_name, cache=cache)
        if figure is not None:
            out[name] = figure
    return out
