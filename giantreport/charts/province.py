"""Province fact-sheet charts: capability radar, companies by batch, top cities, industry mix.

All four are half-width (7.8 cm) so a fact sheet can set them two by two.
"""
from __future__ import annotations

import math

from ..config import RADAR_DIMENSIONS, RADAR_LABELS
from ..data.regions import province_in
from ..data.schema import INDUSTRIES
from ..errors import GiantReportError
from .. import words
from . import style
from .base import (BASE_SOURCE, LABEL_SHARE, PATENT_SOURCE, Spec, as_of_cn, bar_labels, batch_keys, category_axis,
                   category_bars, chart, fit_labels, frame, hbars, hide_value_axis, label_width, legend, no_ticks,
                   num, register_labels, text_width_pt, unit_title)

SHEET_HEIGHT = 2.35        # inches; the radar is a little taller


def resolve(stats, province: str) -> str:
    """The province's name as the statistics spell it (accepts 浙江 / 浙江省 / full-width spaces)."""
    provinces = stats.summary.get("provinces") or {}
    name = province_in(province, provinces)
    if name is not None:
        return name
    known = "、".join(list(provinces)[:5]) + ("等" if len(provinces) > 5 else "")
    raise GiantReportError(f"数据中没有省份“{province}”（数据中的省份有：{known}）")


def _key(name: str, part: str) -> str:
    return f"province-{name}-{part}"


# ------------------------------------------------------------------ radar

@chart
def radar(stats, province):
    name = resolve(stats, province)
    provinces = stats.summary["provinces"]
    values = provinces[name].get("radar") or {}
    dims = [d for d in RADAR_DIMENSIONS if d in values] + [d for d in values if d not in RADAR_DIMENSIONS]
    if not dims:
        return None
    medians = stats.summary.get("radar_median") or {}
    median = [num(medians.get(dim)) or 0.0 for dim in dims]
    data = {"size": [style.HALF, 2.75], "labels": [RADAR_LABELS.get(d, d) for d in dims],
            "values": [min(max(num(values[d]) or 0.0, 0.0), 1.0) for d in dims], "median": median,
            "legend": [name, "各省中位数"], "province": name}
    alt = f"{name}科创能力雷达图：" + "，".join(f"{lab} {words.fmt_pct(v, 0)}"
                                          for lab, v in zip(data["labels"], data["values"])) + "（100% 为表现最好的省份）。"
    note = ("每个维度由若干子指标按省汇总、除以表现最好省份的值归一后加权而得，100% 为满分，代表与最佳省份的对比；"
            f"各项专利统计截至{as_of_cn(stats)}")
    return Spec(_key(name, "radar"), "", f"{name}专精特新“小巨人”企业科创能力雷达", PATENT_SOURCE, note, alt, data,
                _draw_radar)


RING_LABEL_ZORDER = 6      # the shape is filled at zorder 3 and outlined at 4


def _draw_radar(fig, d):
    """A radar drawn on plain axes (polar axes cost more and place labels less predictably)."""
    n = len(d["labels"])
    ax = frame(fig, left=2, right=2, top=18, bottom=2)
    no_ticks(ax)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    w_pt, h_pt = (v * 72 for v in ax.get_position().size * fig.get_size_inches())
    label_w = max(text_width_pt(lab, style.SIZE) for lab in d["labels"]) + 6
    radius = max(min(w_pt / 2 - label_w, h_pt / 2 - 2 * style.SIZE - 6), 20.0)
    # 1 data unit = `radius` pt, centred, equal aspect
    ax.set_xlim(-w_pt / 2 / radius, w_pt / 2 / radius)
    ax.set_ylim(-h_pt / 2 / radius, h_pt / 2 / radius)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]

    def ring(values):
        pts = [(v * math.cos(a), v * math.sin(a)) for v, a in zip(values, angles)]
        return [p[0] for p in pts] + [pts[0][0]], [p[1] for p in pts] + [pts[0][1]]

    for level in (0.25, 0.5, 0.75, 1.0):
        xs, ys = ring([level] * n)
        ax.plot(xs, ys, color=style.SPINE if level == 1.0 else style.GRID, linewidth=0.6, zorder=1)
    for a in angles:
        ax.plot([0, math.cos(a)], [0, math.sin(a)], color=style.GRID, linewidth=0.6, zorder=1)
    # ring values on the grid edge between the first two spokes, clear of the data vertices
    mid_x = (math.cos(angles[0]) + math.cos(angles[1 % n])) / 2
    mid_y = (math.sin(angles[0]) + math.sin(angles[1 % n])) / 2
    rings = []
    for level in (0.5, 1.0):         # above the filled shape (zorder 3–4), on a light backing
        rings.append(ax.annotate(f"{level:.0%}", (level * mid_x, level * mid_y), xytext=(2, 2),
                                 textcoords="offset points", ha="left", va="bottom", fontsize=6, color=style.MUTED,
                                 zorder=RING_LABEL_ZORDER, bbox=dict(boxstyle="square,pad=0.1", facecolor="white",
                                                                     edgecolor="none", alpha=0.75)))
    register_labels(fig, "rings", rings)
    xs, ys = ring(d["median"])
    ax.plot(xs, ys, color=style.MUTED, linewidth=0.8, linestyle=(0, (3, 2)), zorder=2)
    xs, ys = ring(d["values"])
    ax.fill(xs, ys, color=style.palette().series[1], alpha=0.35, linewidth=0, zorder=3)
    ax.plot(xs, ys, color=style.palette().series[0], linewidth=1.4, marker="o", markersize=3, zorder=4)
    for label, value, a in zip(d["labels"], d["values"], angles):
        c, s_ = math.cos(a), math.sin(a)
        ha = "left" if c > 0.3 else "right" if c < -0.3 else "center"
        va = "bottom" if s_ > 0.3 else "top" if s_ < -0.3 else "center"
        ax.annotate(f"{label}\n{words.fmt_pct(value, 0)}", (1.0 * c, 1.0 * s_), xytext=(6 * c, 6 * s_),
                    textcoords="offset points", ha=ha, va=va, fontsize=style.SIZE, color=style.INK,
                    multialignment="center", linespacing=1.25)
    legend(ax, [("dot", style.palette().series[0], d["legend"][0]), ("dash", style.MUTED, d["legend"][1])], anchor="left",
           size=style.SMALL, offset=4)


# ------------------------------------------------------------------ companies by batch

@chart
def batches(stats, province):
    name = resolve(stats, province)
    p = stats.summary["provinces"][name]
    return _batches_spec(_key(name, "batches"), name, p.get("companies_by_batch") or {}, p.get("companies"),
                         batch_keys(stats))


def _batches_spec(key: str, name: str, by_batch: dict, companies, keys) -> Spec:
    """An area's companies by batch (a province, a city, an industry): counts only."""
    counts = [int(by_batch.get(str(b), 0)) for b in keys]
    data = {"size": [style.HALF, SHEET_HEIGHT], "labels": [words.batch_name(b) for b in keys], "values": counts,
            "colours": style.palette().batch_colours(len(keys)), "unit": f"单位：家（合计 {words.fmt_int(companies)} 家）"}
    alt = f"柱状图：{name}各批次企业数量，" + "，".join(f"{lab} {c:,} 家" for lab, c in zip(data["labels"], counts)) + "。"
    return Spec(key, "", f"{name}各批次专精特新“小巨人”企业数量", BASE_SOURCE,
                "企业数量按各批次公示名单计", alt, data, _draw_batches)


def _draw_batches(fig, d):
    ax = frame(fig, top=20, bottom=18)
    category_bars(ax, d["labels"], d["values"], d["colours"], fmt=words.fmt_int, wrap=None, width=0.56)
    unit_title(ax, d["unit"])


# ------------------------------------------------------------------ top cities (or districts)

TOP_PLACES = 10


@chart
def cities(stats, province):
    name = resolve(stats, province)
    p = stats.summary["provinces"][name]
    word = {"city": "城市", "district": "区县"}[p.get("place_level") or "city"]
    return _places_spec(_key(name, "cities"), name, word, p.get("places") or [])


def _places_spec(key: str, name: str, word: str, places: list[dict], complete: bool = True) -> Spec | None:
    """The places with most of an area's companies (its cities, districts, or an industry's provinces);
    `complete`: `places` lists every place with companies (an industry's leading provinces do not)."""
    ranked = [(pl["name"], int(pl["companies"])) for pl in places][:TOP_PLACES]
    if not ranked:
        return None
    data = {"size": [style.HALF, 0.5 + 0.2 * len(ranked)], "rows": [{"name": k, "count": v} for k, v in ranked],
            "unit": "单位：家"}
    alt = f"条形图：{name}企业数量最多的{word}为" + "、".join(f"{k}（{v:,} 家）" for k, v in ranked[:3]) + "。"
    # "前 N" only when places were left out: all of them shown is the distribution ("前 1 的区县" read oddly)
    title = (f"{name}专精特新“小巨人”企业的{word}分布" if complete and len(places) == len(ranked)
             else f"{name}专精特新“小巨人”企业数量前{len(ranked)}的{word}")
    return Spec(key, "", title, BASE_SOURCE,
                None, alt, data, _draw_cities)


def _draw_cities(fig, d):
    rows = d["rows"]
    names = fit_labels([r["name"] for r in rows], LABEL_SHARE * style.HALF * 72)
    ax = frame(fig, left=label_width(names) + 8, top=20, bottom=4)
    ys = list(range(len(rows)))[::-1]
    bars = hbars(ax, ys, [r["count"] for r in rows], 0.62, style.palette().series[0])
    bar_labels(ax, bars, [words.fmt_int(r["count"]) for r in rows], horizontal=True)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, max(r["count"] for r in rows) * 1.18 or 1)
    hide_value_axis(ax, "x")
    category_axis(ax, ys, names, "y")
    unit_title(ax, d["unit"])


# ------------------------------------------------------------------ industry mix vs national

@chart
def industry_mix(stats, province):
    name = resolve(stats, province)
    p = stats.summary["provinces"][name]
    return _mix_spec(_key(name, "industry_mix"), name, p.get("companies"), p.get("industries"),
                     stats.summary.get("industries") or {})


def _mix_spec(key: str, name: str, companies, mix: dict | None, national: dict) -> Spec | None:
    """An area's industry mix against the nation's (shares from the statistics)."""
    if not companies or mix is None:
        return None
    names = [n for n in INDUSTRIES if n in national or (mix.get(n) or {}).get("companies")]
    rows = [{"name": n, "share": num((mix.get(n) or {}).get("share")) or 0.0,
             "national": num((national.get(n) or {}).get("share"))} for n in names]
    data = {"size": [style.HALF, 0.62 + 0.27 * len(rows)], "rows": rows, "legend": [name, "全国"], "unit": "单位：%"}
    top = max(rows, key=lambda r: r["share"])
    alt = (f"条形图：{name}小巨人的产业领域构成与全国对比；占比最高的是{top['name']}（{words.fmt_pct(top['share'])}，"
           f"全国 {words.fmt_pct(top['national'])}）。")
    return Spec(key, "", f"{name}专精特新“小巨人”企业的产业领域构成与全国对比", BASE_SOURCE,
                "产业领域按企业名单中的“产业领域”计；全国指全部小巨人", alt, data, _draw_industry_mix)


def _draw_industry_mix(fig, d):
    rows = d["rows"]
    names = [r["name"] for r in rows]
    ax = frame(fig, left=label_width(names, style.SMALL) + 8, top=20, bottom=4)
    ys = list(range(len(rows)))[::-1]
    h = 0.36
    mine = hbars(ax, [y + h / 2 for y in ys], [r["share"] for r in rows], h, style.palette().series[0])
    nat = hbars(ax, [y - h / 2 for y in ys], [r["national"] or 0 for r in rows], h, style.palette().ashare)
    bar_labels(ax, mine, [words.fmt_pct(r["share"]) for r in rows], horizontal=True, size=6.5)
    bar_labels(ax, nat, [words.fmt_pct(r["national"]) for r in rows], horizontal=True, size=6.5, colour=style.MUTED)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    top = max([r["share"] for r in rows] + [r["national"] or 0 for r in rows])
    ax.set_xlim(0, top * 1.3 or 1)
    hide_value_axis(ax, "x")
    category_axis(ax, ys, names, "y", size=style.SMALL)
    unit_title(ax, d["unit"])
    legend(ax, [("box", style.palette().series[0], d["legend"][0]), ("box", style.palette().ashare, d["legend"][1])], size=style.SMALL)


# ------------------------------------------------------------------ a city's, a district's or an industry's briefing

def _area_key(area, part: str) -> str:
    return f"{area.kind}-{area.label}-{part}"


@chart
def area_batches(stats, area, block):
    """`block`: the area's statistics (stats/briefs.py)."""
    return _batches_spec(_area_key(area, "batches"), area.label, block.get("companies_by_batch") or {},
                         block.get("companies"), batch_keys(stats))


@chart
def area_places(stats, area, block):
    """A city's districts; an industry's leading provinces."""
    if area.kind == "industry":
        return _places_spec(_area_key(area, "places"), area.label, "省份", block.get("provinces") or [], complete=False)
    return _places_spec(_area_key(area, "places"), area.label, "区县", block.get("places") or [])


@chart
def area_industry_mix(stats, area, block):
    return _mix_spec(_area_key(area, "industry_mix"), area.label, block.get("companies"), block.get("industries"),
                     stats.summary.get("industries") or {})


AREA_FIGURES = {"batches": area_batches, "places": area_places, "industry_mix": area_industry_mix}


def area_figures(stats, area, block, cache=None, palette=None) -> dict:
    """The charts of a city's, district's or industry's briefing that have data (an industry has no mix);
    `palette`: the publisher's (style.Palette; None: the house colours)."""
    out = {}
    for key, function in AREA_FIGURES.items():
        if key == "industry_mix" and area.kind == "industry":
            continue
        figure = function(stats, area, block, cache=cache, palette=palette)
        if figure is not None:
            out[key] = figure
    return out
