"""The rendering steps of a city's, a district's or an industry's briefing (the province's: render/report.py);
pipeline.write_area_briefing calls them in order.

`area` is a data.regions.Area, `block` its statistics (stats/briefs.py). Files: city-杭州市-2022.pdf,
district-杭州市滨江区-2022.html, industry-新材料-2022.pdf.
"""
from __future__ import annotations

from . import html as H
from .briefing_view import render_area_html
from .report import Timer


def area_filename(config, area, fmt: str) -> str:
    return f"{area.kind}-{area.label}-{config.edition_year}.{fmt}"


def area_figures(stats, area, block: dict, cache_dir=None, timer: Timer | None = None, config=None) -> dict:
    """The briefing's charts, in the publisher's palette of `config` (None: the house palette)."""
    from ..charts import palette_of
    from ..charts.base import open_cache
    from ..charts.province import area_figures as draw
    timer = timer or Timer()
    with timer.stage(f"绘制{area.label}图表", "charts"):
        return draw(stats, area, block, cache=open_cache(cache_dir), palette=palette_of(config))


def area_document(stats, config, dataset, area, block: dict, figures: dict, timer: Timer) -> H.Rendered:
    with timer.stage(f"生成{area.label}简报 HTML", "html"):
        return render_area_html(stats, config, dataset, area, block, figures)


def area_specs(stats, area, block: dict, config=None) -> dict:
    """The briefing's chart specs, for the Word document's PNGs (in the palette of `config`)."""
    from ..charts import palette_of
    from ..charts.province import AREA_FIGURES
    palette = palette_of(config)
    # keyed as the briefing's figures are (briefing_view.area_context: "<kind>-<figure>")
    return {f"{area.kind}-{k}": s for k, f in AREA_FIGURES.items()
            if (s := f.spec(stats, area, block, palette=palette)) is not None}
