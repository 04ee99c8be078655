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
statistics to the plain data it plots; with a cache, that data (plus the palette, STYLE_VERSION,
matplotlib version and the font) is the cache key and matplotlib is not touched on a hit.

Colours: `palette_of(config)` is the build's `Palette` (the publisher's theme, or the house
colours); report_figures and province_figures take it as `palette=`, every figure function and its
`.spec` too. The Spec records it, and it is drawn with it however late (deferred PDF drawing, DOCX
PNGs, chart files): see style.py (`using`, `palette()`).
"""
from __future__ import annotations

from pathlib import Path

from .. import definition as D
from . import industries, profile, province, regions, technology
from .base import Figure, Pending, fill_pending
from .cache import ChartCache, default_dir, open_cache
from .style import STYLE_VERSION, Palette

__all__ = ["Figure", "Pending", "fill_pending", "report_figures", "province_figures", "REPORT_FIGURES", "PROVINCE_FIGURES",
           "ChartCache", "default_dir", "STYLE_VERSION", "Palette", "palette_of"]

_MODULES = {"industries": industries, "profile": profile, "regions": regions, "technology": technology}


def _function(name: str):
    module, function = name.split(".")
    return getattr(_MODULES[module], function)


#: The drawing function of each report figure, in report order (giantreport.definition names them).
REPORT_FIGURES = tuple(_function(f.chart) for f in D.figures())

PROVINCE_FIGURES = {"radar": province.radar, "batches": province.batches, "cities": province.cities,
                    "industry_mix": province.industry_mix}

def palette_of(config) -> Palette:
    """The charts' palette for a build: from the publisher's colours (config.profile), else the house one."""
    return Palette.of(getattr(config, "profile", None))


def report_figures(stats, config=None, cache_dir: str | Path | ChartCache | None = None,
                   defer: list[Pending] | None = None, palette: Palette | None = None) -> dict[str, Figure]:
    """All report figures that have data, keyed "fig-1-1" … "fig-4-4", each with its fixed number,
    in `palette` (None: palette_of(config)).

    With a list as `defer`, figures not in the cache carry placeholder SVGs and are appended to it
    as :class:`Pending` (``pending.draw()`` gives the SVG)."""
    cache = open_cache(cache_dir)
    palette = palette or palette_of(config)
    out: dict[str, Figure] = {}
    for f in D.figures():
        figure = _function(f.chart)(stats, config, cache=cache, defer=defer, palette=palette)
        if figure is not None:
            out[figure.key] = figure
    return out


def province_figures(stats, province_name: str, cache_dir: str | Path | ChartCache | None = None,
                     palette: Palette | None = None) -> dict[str, Figure]:
    """The fact-sheet charts of one province ("浙江" or "浙江省"): radar, batches, cities, industry_mix,
    in `palette` (None: the house palette).

    Raises GiantReportError when the province is not in the data."""
    cache = open_cache(cache_dir)
    out = {}
    for name, function in PROVINCE_FIGURES.items():
        figure = function(stats, province_name, cache=cache, palette=palette)
        if figure is not None:
            out[name] = figure
    return out
