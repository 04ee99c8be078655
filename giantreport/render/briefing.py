"""Render a city's, a district's or an industry's briefing to files (the province's: render/report.render_province).

    render_area(stats, config, dataset, area, block, out_dir, formats=("pdf",)) -> [Path, …]

`area` is a data.regions.Area, `block` its statistics (stats/briefs.py). Files: city-杭州市-2022.pdf,
district-杭州市滨江区-2022.html, industry-新材料-2022.pdf.
"""
from __future__ import annotations

import time
from pathlib import Path

from ..errors import GiantReportError
from ..progress import QUIET, Progress
from .briefing_view import render_area_html
from .report import DEFAULT_FORMATS, _Timer, _docx, _formats, _pdf, _write


def area_filename(config, area, fmt: str) -> str:
    return f"{area.kind}-{area.label}-{config.edition_year}.{fmt}"


def render_area(stats, config, dataset, area, block: dict, out_dir: Path, formats=DEFAULT_FORMATS,
                progress: Progress | None = None, *, cache_dir=None, timings: dict | None = None) -> list[Path]:
    from ..charts.province import area_figures
    from ..charts.base import open_cache
    progress = progress or QUIET
    formats = _formats(formats)
    if "charts" in formats:
        raise GiantReportError("简报不单独导出图表（--format charts 只用于 giantreport build）；可选 pdf、html、docx")
    timer = _Timer(progress, timings)
    t0 = time.perf_counter()
    with progress.stage(f"绘制{area.label}图表"):
        figures = area_figures(stats, area, block, cache=open_cache(cache_dir))
    timer.add("charts", None, time.perf_counter() - t0)
    t0 = time.perf_counter()
    with progress.stage(f"生成{area.label}简报 HTML"):
        rendered = render_area_html(stats, config, dataset, area, block, figures)
    timer.add("html", None, time.perf_counter() - t0)
    files: dict[str, bytes] = {}
    if "pdf" in formats:
        files[area_filename(config, area, "pdf")] = _pdf(rendered, timer, progress, variant=config.pdf_variant)
    if "html" in formats:
        files[area_filename(config, area, "html")] = rendered.html.encode("utf-8")
    if "docx" in formats:
        from ..charts.province import AREA_FIGURES
        specs = {k: s for k, f in AREA_FIGURES.items() if (s := f.spec(stats, area, block)) is not None}
        files[area_filename(config, area, "docx")] = _docx(rendered, specs, config, timer, progress)
    return _write(Path(out_dir), files, timer)
