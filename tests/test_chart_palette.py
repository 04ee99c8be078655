"""The charts in the publisher's colours (issue 15 item 1): style.Palette, house or themed.

Hand-worked theme: primary #1b5e20 = (27, 94, 32), accent #c75b00. A tint at share s is
round(s·c + (1 − s)·255) per channel, e.g. 40 %: (10.8 + 153, 37.6 + 153, 12.8 + 153) → (164, 191, 166) = #a4bfa6.
"""
from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest

from giantreport import charts
from giantreport.charts import cache as chart_cache
from giantreport.charts import profile, style
from giantreport.publisher import Publisher, contrast, mix, read_publisher
from giantreport.render import chart_export
from giantreport.render import report as R

# the house colours as style.py writes them down
HOUSE_BATCHES = ("#9ecae1", "#5b9bd0", "#2b6cb0", "#163f73")
HOUSE_SERIES = ("#24507a", "#74a9cf", "#bcd6ea")
HOUSE_ACCENT = "#e07a2f"
HOUSE_INDUSTRIES = ("#1f4e79", "#3f7fbf", "#8ab8e0", "#2e8b7a", "#86c7b6", "#b5832a", "#e2bd6e", "#9c5a4c", "#cdd2d7")
TOTAL, ASHARE, NATIONAL = "#454f5a", "#a9b1b9", "#d3d8dc"
HOUSE_BLUES = {*HOUSE_BATCHES, *HOUSE_SERIES, *HOUSE_INDUSTRIES[:3], HOUSE_ACCENT}

PRIMARY, ACCENT = "#1b5e20", "#c75b00"
THEME_BATCHES = ("#a4bfa6", "#769e79", "#497e4d", "#1b5e20")   # 40, 60, 80, 100 % of primary
THEME_SERIES = ("#1b5e20", "#82a684", "#bbcfbc")                # 100, 55, 30 %
THEME_INDUSTRY_BLUES = ("#1b5e20", "#5f8e63", "#a4bfa6")        # 100, 70, 40 %
THEME = {*THEME_BATCHES, *THEME_SERIES, *THEME_INDUSTRY_BLUES, ACCENT}


def themed_profile(tmp_path: Path, **colours) -> Publisher:
    problems: list[str] = []
    profile_ = read_publisher({"name": "绿野研究院", **colours}, {}, tmp_path, problems)
    assert problems == []
    return profile_


@pytest.fixture(scope="module")
def themed(bundled_prepared, tmp_path_factory):
    """(config with the green theme, dataset, stats, palette)."""
    config, dataset, stats = bundled_prepared
    publisher = themed_profile(tmp_path_factory.mktemp("theme"), primary=PRIMARY, accent=ACCENT)
    config = dataclasses.replace(config, profile=publisher)
    return config, dataset, stats, charts.palette_of(config)


def colours_in(svg: str) -> set[str]:
    return {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", svg)}


# ---------------------------------------------------------------- the palettes


def test_house_palette_without_a_theme(tmp_path):
    house = style.Palette()
    assert house.batches == HOUSE_BATCHES and house.series == HOUSE_SERIES and house.accent == HOUSE_ACCENT
    assert house.industries == HOUSE_INDUSTRIES
    assert (house.total, house.ashare, house.national) == (TOTAL, ASHARE, NATIONAL)
    # no profile, a profile without [publisher], and a [publisher] table that keeps the house colours
    assert charts.palette_of(None) == house
    assert style.Palette.of(Publisher()) == house
    assert style.Palette.of(themed_profile(tmp_path)) == house
    assert style.Palette.of(themed_profile(tmp_path, primary="#12304F", accent="#0b5fa5")) == house
    assert style.palette() == house                 # in use outside any `using`


def test_themed_palette_hand_worked(tmp_path):
    palette = style.Palette.of(themed_profile(tmp_path, primary=PRIMARY, accent=ACCENT))
    assert palette.batches == THEME_BATCHES
    assert palette.batch_colours(4) == list(THEME_BATCHES)
    assert palette.series == THEME_SERIES
    assert palette.accent == ACCENT
    assert palette.industries == THEME_INDUSTRY_BLUES + HOUSE_INDUSTRIES[3:]
    assert (palette.total, palette.ashare, palette.national) == (TOTAL, ASHARE, NATIONAL)   # comparators stay grey
    # two batches: the ends of the ramp, lightest tint and primary
    assert palette.batch_colours(2) == ["#a4bfa6", "#1b5e20"]
    # one colour given: the other stays the house one, and the palette is themed
    only_primary = style.Palette.of(themed_profile(tmp_path, primary=PRIMARY))
    assert only_primary.batches == THEME_BATCHES and only_primary.accent == "#0b5fa5"


def test_derived_line_and_text_colours_reach_3_to_1():
    # WCAG by hand: #c75b00 → L = 0.2126·0.571 + 0.7152·0.105 = 0.196, (1.05)/(0.246) = 4.26
    assert contrast(ACCENT, "#ffffff") == pytest.approx(4.26, abs=0.01)
    assert contrast(PRIMARY, "#ffffff") == pytest.approx(7.87, abs=0.01)
    # colours a profile would reject (below 3:1 on white) are darkened towards black until they reach 3:1
    for primary, accent in (("#9ab0c8", "#f0a030"), ("#ffeb3b", "#ffffff"), ("#1b5e20", "#7fd0ff")):
        palette = style.Palette.themed(primary, accent)
        for colour, given in ((palette.accent, accent), (palette.series[0], primary), (palette.batches[-1], primary)):
            assert contrast(colour, "#ffffff") >= 3.0, (given, colour)
            if contrast(given, "#ffffff") < 3.0:          # the first 5 % step that is enough, not darker
                share = next(s / 20 for s in range(20, -1, -1) if mix(given, "#000000", s / 20) == colour)
                assert contrast(mix(given, "#000000", share + 0.05), "#ffffff") < 3.0
            else:
                assert colour == given


def test_text_on_a_bar_stays_readable():
    # the house rule's answers on the house colours are what they were: dark text on light, white on dark
    assert [style.text_on(c) for c in HOUSE_BATCHES] == [style.INK, style.INK, "white", "white"]
    assert [style.text_on(c) for c in HOUSE_SERIES] == ["white", style.INK, style.INK]
    # every fill of a themed palette carries its labels at 3:1 or better
    for primary in ("#1b5e20", "#5a1e1e", "#12304f", "#0b5fa5", "#6a1b9a", "#8a4b00", "#00796b"):
        palette = style.Palette.themed(primary, ACCENT)
        for fill in (*palette.batches, *palette.series, *palette.industries, palette.total):
            text = style.text_on(fill)
            assert contrast(fill, "#ffffff" if text == "white" else text) >= 3.0, (primary, fill, text)
    # a saturated green the luminance rule calls dark (0.7152 · 0.753 = 0.539 < 0.55): white on it is
    # 1.05 / (0.377 + 0.05) = 2.46:1, INK (L = 0.036) 0.427 / 0.086 = 4.96:1, so INK
    assert style.text_on("#00c000") == style.INK
    assert style.text_on("#ff0000") == "white"          # pure red: white 4.0:1, kept


# ---------------------------------------------------------------- the charts of a themed build


def test_themed_report_charts_through_the_deferred_drawing(themed, tmp_path):
    config, _, stats, palette = themed
    figures = R.report_figures(stats, config, tmp_path / "cache", defer=True)
    assert figures.pending and {job.spec.palette for job in figures.pending} == {palette}
    filled = figures.filled({job.token: job.draw() for job in figures.pending})     # as draw_during_layout does
    svgs = [f.svg for f in filled.chapters.values()] + [f.svg for s in filled.sheets.values() for f in s.values()]
    seen = set().union(*(colours_in(svg) for svg in svgs))
    assert seen & HOUSE_BLUES == set()
    assert THEME <= seen, THEME - seen
    fig_1_1 = colours_in(filled.chapters["fig-1-1"].svg)
    assert {*THEME_BATCHES, ACCENT} <= fig_1_1                  # ramp for the batches, accent for the cumulative line


def test_themed_briefing_docx_and_chart_files_use_the_same_palette(themed):
    config, _, stats, palette = themed
    specs = R.report_specs(stats, config)                       # the Word document's PNGs
    assert specs and {spec.palette for spec in specs.values()} == {palette}
    assert {spec.palette for spec in R.briefing_specs(stats, "浙江省", config).values()} == {palette}
    assert {spec.palette for spec in chart_export.report_specs(stats, config).values()} == {palette}
    brief = R.briefing_figures(stats, "浙江省", None, None, config)
    seen = set().union(*(colours_in(f.svg) for f in brief.values()))
    assert seen & HOUSE_BLUES == set() and PRIMARY in seen
    from PIL import Image
    png = Image.open(io.BytesIO(chart_export.png_bytes(specs["fig-1-1"], dpi=72))).convert("RGB")
    pixels = {colour for _, colour in png.getcolors(maxcolors=png.width * png.height)}
    assert (0x1b, 0x5e, 0x20) in pixels and (0x16, 0x3f, 0x73) not in pixels     # newest batch: primary, not house navy


def test_the_cache_keeps_themes_apart(themed, bundled_prepared, tmp_path):
    config, _, stats, palette = themed
    house_config = bundled_prepared[0]
    spec = profile.fig_1_1.spec(stats, house_config)
    assert spec.palette == style.HOUSE
    assert chart_cache.cache_key("fig_1_1", spec.data, palette) != chart_cache.cache_key("fig_1_1", spec.data)
    cache = chart_cache.ChartCache(tmp_path)
    house = profile.fig_1_1(stats, house_config, cache=cache)
    green = profile.fig_1_1(stats, config, cache=cache, palette=palette)
    assert cache.misses == 2 and cache.hits == 0
    assert HOUSE_BATCHES[-1] in colours_in(house.svg) and PRIMARY not in colours_in(house.svg)
    assert PRIMARY in colours_in(green.svg) and not colours_in(green.svg) & HOUSE_BLUES
    again = profile.fig_1_1(stats, house_config, cache=cache)
    assert cache.hits == 1 and again.svg == house.svg
