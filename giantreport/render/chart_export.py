"""The report's charts as files: SVG and PNG for slides, PNG for the Word document, with the data.

Charts are drawn from the same `Spec`s as the report's inline SVG (giantreport/charts/base.py):
the PNG is matplotlib's Agg drawing of the spec (not a rasterised SVG), in the shipped font.

    specs = report_specs(stats, config)          # {"fig-1-1": Spec, …} in report order, numbered
    png = png_bytes(specs["fig-1-1"], dpi=300)   # white background
    files = chart_files(stats, config)           # {"图1.1-四批….svg": bytes, ….png, ….csv}
"""
from __future__ import annotations

import io
import re
from typing import Iterator

from ..charts.base import Spec, draw_figure, draw_svg, finish_svg

#: Slides: twice the resolution of a 96 dpi screen ("@2x"); the Word document: print resolution.
SLIDE_DPI = 192
PRINT_DPI = 300
#: Part of the cached PNGs' and outlined SVGs' keys: raise it when png_bytes or _outlined draws differently.
PNG_VERSION = 1

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_filename(text: str, limit: int = 80) -> str:
    """A file name every system accepts: no path separators or characters Windows forbids, at most
    `limit` characters (Chinese quotation marks “” are kept)."""
    name = _UNSAFE.sub("_", text).strip(" .")
    return name[:limit].rstrip(" .") or "_"


def report_specs(stats, config) -> dict[str, Spec]:
    """The report figures that have data, as specs numbered by their key (fig-2-3 → 2.3), in report order,
    in the publisher's palette (charts.palette_of(config), as the report's inline charts)."""
    from ..charts import REPORT_FIGURES, palette_of
    from ..definition import FIGURES
    palette = palette_of(config)
    out: dict[str, Spec] = {}
    for function in REPORT_FIGURES:
        spec = function.spec(stats, config, palette=palette)
        if spec is None:
            continue
        spec.number = FIGURES.get(spec.key, (spec.number, ""))[0]
        out[spec.key] = spec
    return out


def province_specs(stats, province: str, palette=None) -> dict[str, Spec]:
    """A province's briefing charts (radar, batches, cities, industry_mix) that have data, in `palette`
    (charts.Palette; None: the house palette)."""
    from ..charts import PROVINCE_FIGURES
    out = {}
    for name, function in PROVINCE_FIGURES.items():
        spec = function.spec(stats, province, palette=palette)
        if spec is not None:
            out[name] = spec
    return out


def png_bytes(spec: Spec, dpi: int = PRINT_DPI, cache=None) -> bytes:
    """The chart as PNG at `dpi`, white background, drawn by Agg from the spec (no timestamps: the
    same spec gives the same bytes); read from and kept in the chart cache `cache` (a folder or
    charts.ChartCache; None: drawn every time)."""
    from ..charts.cache import open_cache
    cache = open_cache(cache)
    key = _file_key(spec, f"png{dpi}") if cache and spec.builder else None
    if key is not None:
        cached = cache.get_png(key)
        if cached is not None:
            return cached
    fig = draw_figure(spec)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white", transparent=False, metadata={"Software": None})
    if key is not None:
        cache.put_png(key, buf.getvalue())
    return buf.getvalue()


def _file_key(spec: Spec, kind: str) -> str:
    """The chart cache key of the spec's PNG or outlined SVG: the inline SVG's key (figure function, data,
    palette, style and library versions), the kind and resolution, PNG_VERSION and Pillow's version (it
    encodes matplotlib's PNGs)."""
    from importlib import metadata
    from ..charts.cache import cache_key
    try:
        pillow = metadata.version("Pillow")
    except metadata.PackageNotFoundError:   # pragma: no cover
        pillow = "?"
    return cache_key(f"{spec.builder}@{kind}|v{PNG_VERSION}|Pillow {pillow}", spec.data, spec.palette)


def png_size(spec: Spec, dpi: int) -> tuple[int, int]:
    """Pixel size of png_bytes(spec, dpi): the figure's size in inches times dpi."""
    width, height = spec.data["size"]
    return round(width * dpi), round(height * dpi)


def standalone_svg(spec: Spec, cache=None) -> bytes:
    """The chart as a standalone SVG file whose text is drawn as glyph outlines: it looks the same on a
    machine without the report font (slides), at ~4x the size of the inline SVG; the drawing is read from
    and kept in the chart cache `cache` (None: drawn every time)."""
    from ..charts.cache import open_cache
    from .pdf import image_bytes
    cache = open_cache(cache)
    key = _file_key(spec, "outlined") if cache and spec.builder else None
    svg = None if key is None else cache.get(key)
    if svg is None:
        svg = draw_svg(_outlined(spec))
        if key is not None:
            cache.put(key, svg)
    return image_bytes(finish_svg(svg, spec.alt))


def _outlined(spec: Spec) -> Spec:
    """The spec with its draw function run under svg.fonttype "path" (house_style sets "none")."""
    import dataclasses

    def draw(fig, data, _draw=spec.draw):
        import matplotlib as mpl
        mpl.rcParams["svg.fonttype"] = "path"
        _draw(fig, data)

    return dataclasses.replace(spec, draw=draw)


def figure_stem(spec: Spec) -> str:
    """"图1.1-四批专精特新“小巨人”企业数量及累计数量" (safe as a file name)."""
    from ..words import tidy
    return safe_filename(f"图{spec.number}-{tidy(spec.title)}")


def _data_tables(stats, key: str) -> Iterator[tuple[str, object]]:
    """The statistics tables behind a figure: its own ("fig-2-6") and any part ("fig-2-6b" → suffix "b")."""
    for name, table in stats.tables.items():
        if table is not None and (name == key or (name.startswith(key) and name[len(key):].isalpha())):
            yield name[len(key):], table


def chart_files(stats, config, dpi: int = SLIDE_DPI, cache=None) -> dict[str, bytes]:
    """Every report figure as "<图号-标题>.svg", ".png" (`dpi`, white background; PNGs kept in the chart
    cache `cache`) and its data as ".csv" (the same table and writer as `giantreport stats`; a second
    table gets a suffix "-b")."""
    import tempfile
    from pathlib import Path
    from ..charts.cache import open_cache
    from .tables import write_csv
    cache = open_cache(cache)
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for key, spec in report_specs(stats, config).items():
            stem = figure_stem(spec)
            files[f"{stem}.svg"] = standalone_svg(spec, cache)
            files[f"{stem}.png"] = png_bytes(spec, dpi, cache)
            for suffix, table in _data_tables(stats, key):
                path = Path(tmp) / "data.csv"
                write_csv(table, path)
                files[f"{stem}{'-' + suffix if suffix else ''}.csv"] = path.read_bytes()
    return files
