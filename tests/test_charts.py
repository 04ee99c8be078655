"""Charts: every figure renders to well-formed, deterministic, escaped SVG; the cache skips matplotlib.

Fixture: tests/fixtures/small (5 companies, 2 batches, 3 provinces) with the bundled benchmarks.
"""
from __future__ import annotations

import copy
import hashlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from giantreport import charts
from giantreport import definition as D
from giantreport.charts import base, cache as chart_cache, style
from giantreport.charts import profile, province, regions
from giantreport.errors import GiantReportError
from giantreport.pipeline import prepare

ROOT = Path(__file__).resolve().parent.parent
SMALL = Path(__file__).parent / "fixtures" / "small"
SVG_NS = "{http://www.w3.org/2000/svg}"
# the report's figures as the definition numbers them (test_definition checks them against the 2022 report)
SEED_NUMBERS = [D.number(f.key) for f in D.figures()]
EVIL = "<script>alert('x')</script>&\"]]>--><!--"


@pytest.fixture(scope="module")
def prepared():
    config, _, stats = prepare(SMALL, None, None)
    return config, stats


@pytest.fixture(scope="module")
def figures(prepared):
    config, stats = prepared
    return charts.report_figures(stats, config)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    return root


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]


# ---------------------------------------------------------------- the report figures

def test_all_seed_figures_present_in_order(figures):
    assert list(figures) == [f"fig-{n.replace('.', '-')}" for n in SEED_NUMBERS]
    assert [f.number for f in figures.values()] == SEED_NUMBERS


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_figure_is_well_formed_svg(figures, number):
    fig = figures[f"fig-{number.replace('.', '-')}"]
    assert isinstance(fig, charts.Figure)
    assert fig.svg.startswith("<svg ") and fig.svg.rstrip().endswith("</svg>")
    assert "<?xml" not in fig.svg and "<!DOCTYPE" not in fig.svg and "<!--" not in fig.svg
    root = parse(fig.svg)
    assert re.fullmatch(r"[\d.]+pt", root.get("width")) and re.fullmatch(r"[\d.]+pt", root.get("height"))
    view = [float(v) for v in root.get("viewBox").split()]
    assert view[:2] == [0, 0] and view[2] == pytest.approx(float(root.get("width")[:-2]))
    assert root.get("role") == "img" and root.get("aria-label") == fig.alt
    assert fig.title and not fig.title.startswith("图") and fig.number not in fig.title
    assert fig.source and fig.alt
    assert svg_texts(root), "chart text is written as <text> elements"


def test_full_width_charts_are_16_cm(figures):
    for fig in figures.values():
        width_pt = float(parse(fig.svg).get("width")[:-2])
        assert width_pt == pytest.approx(16 / 2.54 * 72, abs=0.5)


def test_titles_follow_the_data_not_2022(figures):
    # the fixture has two batches: nothing may say 四批 or name the seed's years
    for fig in figures.values():
        assert "四批" not in fig.title and "第四批" not in " ".join(svg_texts(parse(fig.svg)))
    assert figures["fig-1-1"].title.startswith("两批")
    texts = svg_texts(parse(figures["fig-1-1"].svg))
    assert "第一批" in texts and "第二批" in texts
    assert "2020 年平均公开专利申请量" in svg_texts(parse(figures["fig-2-2"].svg))   # from summary years (docs/style.md spacing)


def test_thousands_separators(figures):
    texts = svg_texts(parse(figures["fig-1-6"].svg))
    assert any("3,155" in t for t in texts)       # 主板 size from the benchmarks


def test_missing_figure_leaves_the_other_numbers_alone(prepared):
    # one rule everywhere: 图 1.4 stays 图 1.4 when 1.3 has no data (the report prints one sentence
    # under 图 1.3 instead), so captions, the audit's places and other reports line up
    config, stats = prepared
    no_national = copy.copy(stats)
    no_national.tables = dict(stats.tables)
    table = stats.tables["fig-1-3"].copy()
    table["全国"] = None
    no_national.tables["fig-1-3"] = table
    figs = charts.report_figures(no_national, config)
    assert "fig-1-3" not in figs
    assert figs["fig-1-4"].number == "1.4" and figs["fig-1-6"].number == "1.6"
    assert figs["fig-2-1"].number == "2.1"


def test_comparators_are_omitted_without_benchmarks(prepared):
    config, stats = prepared
    bare = copy.copy(stats)
    bare.benchmarks = {}
    bare.tables = dict(stats.tables)
    t = stats.tables["fig-3-3"].copy()
    t["A股上市企业平均有效发明专利量"] = None
    bare.tables["fig-3-3"] = t
    fig = charts.technology.fig_2_1(bare, config)
    texts = " ".join(svg_texts(parse(fig.svg)))
    assert "A股" not in texts and "A股" not in fig.title


# ---------------------------------------------------------------- determinism

def test_two_renders_are_identical(prepared, figures):
    config, stats = prepared
    again = charts.report_figures(stats, config)
    assert [f.svg for f in again.values()] == [f.svg for f in figures.values()]


def test_identical_across_processes(figures):
    """A fresh interpreter (other hash seed) draws byte-identical SVG."""
    code = ("import hashlib, sys; from pathlib import Path; from giantreport.pipeline import prepare; "
            "from giantreport.charts import report_figures; c, _, s = prepare(Path(sys.argv[1]), None, None); "
            "print(hashlib.sha256(''.join(f.svg for f in report_figures(s, c).values()).encode()).hexdigest())")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code, str(SMALL)], capture_output=True, text=True, env=env,
                         cwd=ROOT, check=True)
    mine = hashlib.sha256("".join(f.svg for f in figures.values()).encode()).hexdigest()
    assert out.stdout.strip() == mine


def test_ids_differ_between_figures(figures):
    """Inlined together in one page, the figures' internal ids (clip paths) must not collide."""
    seen: dict[str, str] = {}
    for key, fig in figures.items():
        for ident in re.findall(r'\bid="([^"]+)"', fig.svg):
            assert seen.setdefault(ident, key) == key, f"id {ident} in {seen[ident]} and {key}"


def test_global_rcparams_untouched(prepared):
    import matplotlib as mpl

    config, stats = prepared
    before = {k: copy.deepcopy(v) for k, v in mpl.rcParams.items() if k != "backend"}
    charts.report_figures(stats, config)
    charts.province_figures(stats, "浙江")
    after = dict(mpl.rcParams.items())
    assert {k for k in before if before[k] != after[k]} == set()


# ---------------------------------------------------------------- escaping

def test_dangerous_region_names_are_escaped(prepared):
    config, stats = prepared
    evil = copy.copy(stats)
    evil.tables = dict(stats.tables)
    t = stats.tables["fig-4-1"].copy()
    t.loc[0, "省份"] = EVIL
    evil.tables["fig-4-1"] = t
    t = stats.tables["fig-4-4"].copy()
    t.loc[0, "省份"] = EVIL
    evil.tables["fig-4-4"] = t
    for fig in (regions.fig_4_1(evil, config), regions.fig_4_4(evil, config)):
        root = parse(fig.svg)                       # still well-formed
        assert not list(root.iter(f"{SVG_NS}script"))
        assert "<script" not in fig.svg
        assert EVIL in svg_texts(root) or EVIL in fig.alt
        assert parse(fig.svg).get("aria-label") == fig.alt


def test_dangerous_city_names_are_escaped(prepared):
    _, stats = prepared
    evil = copy.copy(stats)
    evil.summary = copy.deepcopy(stats.summary)
    evil.summary["provinces"]["浙江省"]["places"][0]["name"] = EVIL     # one of its cities, as the chart reads them
    fig = province.cities(evil, "浙江省")
    root = parse(fig.svg)
    assert "<script" not in fig.svg
    # drawn as typed; on the half-width chart this 40-character label is shortened with an ellipsis
    assert any(t == EVIL or (t.endswith("…") and EVIL.startswith(t[:-1])) for t in svg_texts(root))
    assert EVIL in fig.alt


# ---------------------------------------------------------------- province fact sheets

def test_province_figures(prepared):
    _, stats = prepared
    sheet = charts.province_figures(stats, "浙江")          # short name resolves
    assert list(sheet) == ["radar", "batches", "cities", "industry_mix"]
    for fig in sheet.values():
        root = parse(fig.svg)
        assert float(root.get("width")[:-2]) == pytest.approx(7.8 / 2.54 * 72, abs=0.5)
        assert "浙江省" in fig.title
    radar_text = svg_texts(parse(sheet["radar"].svg))
    for label in ("技术体量", "技术质量", "技术影响力", "技术全球化"):
        assert label in radar_text
    assert "75%" in radar_text        # volume 0.75 in the fixture
    # keys stay unique when several provinces share a page
    other = charts.province_figures(stats, "北京市")
    assert sheet["radar"].key != other["radar"].key


def test_municipality_shows_districts(prepared):
    _, stats = prepared
    fig = charts.province_figures(stats, "北京市")["cities"]
    assert "区县" in fig.title and "海淀区" in svg_texts(parse(fig.svg))


def test_unknown_province(prepared):
    _, stats = prepared
    with pytest.raises(GiantReportError, match="西藏"):
        charts.province_figures(stats, "西藏")


# ---------------------------------------------------------------- cache

def test_cache_hit_skips_matplotlib(prepared, figures, tmp_path, monkeypatch):
    config, stats = prepared
    first = charts.report_figures(stats, config, cache_dir=tmp_path)
    assert len(list(tmp_path.rglob("*.svg"))) == len(first)
    assert [f.svg for f in first.values()] == [f.svg for f in figures.values()]

    import matplotlib.figure

    def boom(*args, **kwargs):
        raise AssertionError("matplotlib was called on a cache hit")

    monkeypatch.setattr(matplotlib.figure.Figure, "__init__", boom)
    monkeypatch.setattr(base, "draw_svg", boom)
    cache = chart_cache.ChartCache(tmp_path)
    second = charts.report_figures(stats, config, cache_dir=cache)
    assert [f.svg for f in second.values()] == [f.svg for f in first.values()]
    assert cache.hits == len(first) and cache.misses == 0


def test_cache_key_follows_the_plotted_data(prepared, tmp_path):
    config, stats = prepared
    spec = profile.fig_1_1.spec(stats, config)
    key = chart_cache.cache_key("fig_1_1", spec.data)
    assert key == chart_cache.cache_key("fig_1_1", copy.deepcopy(spec.data))
    changed = {**spec.data, "counts": [c + 1 for c in spec.data["counts"]]}
    assert chart_cache.cache_key("fig_1_1", changed) != key
    assert chart_cache.cache_key("fig_1_2", spec.data) != key
    # a changed number redraws: the cached SVG for the old data is not returned
    cache = chart_cache.ChartCache(tmp_path)
    old = base.render(spec, cache, "fig_1_1")
    new = base.render(replace(spec, data=changed), cache, "fig_1_1")
    assert old.svg != new.svg and cache.misses == 2


def test_corrupt_cache_entry_is_a_miss(prepared, tmp_path):
    config, stats = prepared
    fig = profile.fig_1_1(stats, config, cache=tmp_path)
    (entry,) = tmp_path.rglob("*.svg")
    entry.write_text("<svg broken", encoding="utf-8")
    again = profile.fig_1_1(stats, config, cache=tmp_path)
    assert again.svg == fig.svg


# ---------------------------------------------------------------- small pieces: the formatters are giantreport.words (tests/test_words.py)


def test_batch_colours_for_any_number_of_batches():
    assert style.batch_colours(4) == list(style.BATCH_COLOURS)
    six = style.batch_colours(6)
    assert len(set(six)) == 6 and six[0] == style.BATCH_COLOURS[0] and six[-1] == style.BATCH_COLOURS[-1]


# ---------------------------------------------------------------- SVG clean-up for renderers

def test_empty_groups_are_dropped_and_groups_with_attributes_kept():
    svg = ('<svg width="10pt" height="10pt">\n <g>\n  <g>\n   <path d="M 0 0"/>\n  </g>\n'
           '  <g clip-path="url(#c1)">\n   <g>\n    <text x="1">甲</text>\n   </g>\n  </g>\n </g>\n</svg>\n')
    compact = re.sub(r">\s+<", "><", base._flatten_groups(svg)).strip()
    assert compact == '<svg width="10pt" height="10pt"><path d="M 0 0"/><g clip-path="url(#c1)"><text x="1">甲</text></g></svg>'


def test_style_becomes_presentation_attributes():
    svg = ('<svg width="10pt">\n <defs>\n  <style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>\n'
           ' </defs>\n <path d="M 0 0" style="fill: #ffffff; stroke-width: 0.6"/>\n'
           ' <text style="font-size: 7px; font-family: \'Giant Sans SC\', sans-serif; fill: #2f3640">A&amp;B</text>\n</svg>\n')
    assert base._presentation_attributes(svg) == (
        '<svg stroke-linejoin="round" stroke-linecap="butt" width="10pt">\n'
        ' <path d="M 0 0" fill="#ffffff" stroke-width="0.6"/>\n'
        ' <text font-size="7px" font-family="\'Giant Sans SC\', sans-serif" fill="#2f3640">A&amp;B</text>\n</svg>\n')


def test_figures_have_no_stylesheet_or_empty_groups(figures):
    for key, fig in figures.items():
        assert "<style" not in fig.svg and ' style="' not in fig.svg, key
        assert "<g>" not in fig.svg, key
        parse(fig.svg)                      # still well-formed


def test_deferred_figures_carry_placeholders_of_the_final_size(prepared, tmp_path):
    config, stats = prepared
    pending: list = []
    deferred = charts.report_figures(stats, config, cache_dir=tmp_path, defer=pending)
    drawn = charts.report_figures(stats, config)
    assert list(deferred) == list(drawn) and len(pending) == len(drawn)
    assert [p.token for p in pending] == [f"{key}#{i}" for i, key in enumerate(drawn, start=1)]
    for key, fig in deferred.items():
        placeholder, final = parse(fig.svg), parse(drawn[key].svg)
        assert abs(float(placeholder.get("width")[:-2]) - float(final.get("width")[:-2])) < 1e-3
        assert abs(float(placeholder.get("height")[:-2]) - float(final.get("height")[:-2])) < 1e-3
        assert placeholder.get("aria-label") == final.get("aria-label")
        assert fig.number == drawn[key].number and fig.title == drawn[key].title
    filled = {key: charts.fill_pending(fig, {p.token: p.draw() for p in pending}) for key, fig in deferred.items()}
    assert {k: f.svg for k, f in filled.items()} == {k: f.svg for k, f in drawn.items()}
    # drawn once, now cached: nothing left to defer
    again: list = []
    charts.report_figures(stats, config, cache_dir=tmp_path, defer=again)
    assert again == []
