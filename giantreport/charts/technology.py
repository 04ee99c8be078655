"""Chapter 2 charts: volume, growth, quality, influence and globalisation (figures 2.1–2.6)."""
from __future__ import annotations

from .. import words
from ..stats import columns as C
from . import style
from .base import (ASHARE_LABEL, NATIONAL_LABEL, PATENT_SOURCE, Spec, as_of_cn, bar_labels, batch_column,
                   batch_palette, heading, benchmark, category_axis, category_bars, chart, frame,
                   grouped_bars, hbars, hide_value_axis, label_width, legend, num, panel_title, rate_line,
                   table_value, unit_title, with_benchmark_source)


def _ashare(stats, key: str):
    return num(benchmark(stats, "ashare", key))


def _ashare_valid_mean(stats):
    value = _ashare(stats, "valid_inventions_mean")
    if value is None:     # the comparator column of table fig-3-3
        value = table_value(stats.tables.get("fig-3-3"), C.label("industry"), "平均值", C.label("ashare_valid_inventions_mean"))
    return value


def _growth_years(stats) -> tuple[int, int] | None:
    g = stats.summary.get("applications_growth") or {}
    if g.get("from_year") is None or g.get("to_year") is None:
        return None
    return int(g["from_year"]), int(g["to_year"])


def _patent_note(stats, extra: str = "") -> str:
    return f"{extra}专利申请和有效发明专利均按截至{as_of_cn(stats)}公开公告计"


# ------------------------------------------------------------------ 2.1 scale

@chart
def fig_2_1(stats, config=None):
    labels, valid = batch_column(stats, "fig-2-1", C.label("valid_inventions_mean"))
    _, apps = batch_column(stats, "fig-2-1", C.label("applications_mean"))
    if all(v is None for v in valid + apps):
        return None
    colours = batch_palette(stats)
    left = {"title": "平均有效发明专利量", "labels": list(labels), "values": list(valid), "colours": list(colours)}
    right = {"title": "平均累计专利申请量", "labels": list(labels), "values": list(apps), "colours": list(colours)}
    national, ashare_valid, ashare_apps = (num(benchmark(stats, "national", "valid_inventions_mean")),
                                           _ashare_valid_mean(stats), _ashare(stats, "applications_mean"))
    for panel, extra in ((left, [(NATIONAL_LABEL, national, style.palette().national), (ASHARE_LABEL, ashare_valid, style.palette().ashare)]),
                         (right, [(ASHARE_LABEL, ashare_apps, style.palette().ashare)])):
        for label, value, colour in extra:
            if value is not None:
                panel["labels"].append(label)
                panel["values"].append(value)
                panel["colours"].append(colour)
    used = any(v is not None for v in (national, ashare_valid, ashare_apps))
    data = {"size": [style.WIDTH, 2.5], "panels": [left, right], "unit": "单位：件/家"}
    alt = (f"两组柱状图：{labels[-1]}平均有效发明专利量 {words.fmt_num(valid[-1])} 件/家，"
           f"平均累计专利申请量 {words.fmt_num(apps[-1])} 件/家"
           + (f"；A股上市企业分别为 {words.fmt_num(ashare_valid)} 和 {words.fmt_num(ashare_apps)} 件/家" if used else "")
           + "。")
    number, title = heading("fig-2-1", stats, bool(ashare_valid or ashare_apps))
    note = _patent_note(stats, "全国企业平均值按拥有有效发明专利的企业计；" if national is not None else "")
    return Spec("fig-2-1", number, title, with_benchmark_source(stats, PATENT_SOURCE, used,
                                                            *(["national_inventions"] if national is not None else []),
                                                            *(["ashare"] if ashare_valid is not None or ashare_apps is not None else [])),
                note, alt, data, _draw_2_1)


def _draw_2_1(fig, d):
    panels = d["panels"]
    axes = frame(fig, ncols=2, wspace=28, top=22, bottom=28,
                 width_ratios=[len(p["labels"]) + 0.6 for p in panels])
    for ax, p in zip(axes, panels):
        category_bars(ax, p["labels"], p["values"], p["colours"])
        panel_title(ax, p["title"], d["unit"])


# ------------------------------------------------------------------ 2.2 growth

@chart
def fig_2_2(stats, config=None):
    years = _growth_years(stats)
    if years is None:
        return None
    y0, y1 = years
    labels, before = batch_column(stats, "fig-2-2", f"{y0}年平均公开专利申请量")
    _, after = batch_column(stats, "fig-2-2", f"{y1}年平均公开专利申请量")
    _, rate = batch_column(stats, "fig-2-2", C.label("applications_growth_rate"))
    if all(v is None for v in before + after):
        return None
    target = num(benchmark(stats, "policy_growth_target"))
    data = {"size": [style.WIDTH, 2.7], "labels": labels,
            "series": [{"name": f"{y0}年平均公开专利申请量", "values": before, "colour": style.palette().series[1]},
                       {"name": f"{y1}年平均公开专利申请量", "values": after, "colour": style.palette().series[0]}],
            "rates": rate, "rate_name": "专利申请增速", "target": target,
            "target_label": None if target is None else f"规划目标 {words.fmt_pct(target, 0)}",
            "unit": "单位：件/家，%"}
    alt = (f"柱状图与折线：{labels[-1]}平均每家 {y0} 年公开专利申请 {words.fmt_num(before[-1])} 件，"
           f"{y1} 年 {words.fmt_num(after[-1])} 件，增速 {words.fmt_pct(rate[-1])}；各批次分列。")
    note = (f"专利申请的公开有一定滞后期，按公开日所在年份计；{y1}年为截至{as_of_cn(stats)}的最近一个完整自然年"
            + ("；规划目标为《“十四五”促进中小企业发展规划》中的专利申请年均增长目标" if target is not None else ""))
    return Spec("fig-2-2", *heading("fig-2-2", stats, years=f"{y0}—{y1}"),
                with_benchmark_source(stats, PATENT_SOURCE, target is not None, "policy_growth_target"), note, alt, data, _draw_2_2)


def _draw_2_2(fig, d):
    ax = frame(fig, top=20, bottom=18, right=42)
    grouped_bars(ax, d["labels"], d["series"], words.fmt_auto, width=0.6, headroom=1.9)
    rate_line(ax, range(len(d["labels"])), d["rates"], reference=d["target"], reference_label=d["target_label"],
              axis_label=d["rate_name"])
    unit_title(ax, d["unit"])
    legend(ax, [("box", s["colour"], s["name"]) for s in d["series"]] + [("dot", style.palette().accent, d["rate_name"])])


# ------------------------------------------------------------------ 2.3 density

@chart
def fig_2_3(stats, config=None):
    labels, density = batch_column(stats, "fig-2-3", C.label("invention_density"))
    if all(v is None for v in density):
        return None
    colours = batch_palette(stats)
    ashare = _ashare(stats, "invention_density_per_1000")
    if ashare is not None:
        labels, density, colours = labels + [ASHARE_LABEL], density + [ashare], colours + [style.palette().ashare]
    data = {"size": [style.WIDTH, 2.3], "labels": labels, "values": density, "colours": colours,
            "unit": "单位：件有效发明专利/千人"}
    alt = (f"柱状图：{labels[len(density) - (2 if ashare is not None else 1)]}发明专利密度 "
           f"{words.fmt_num(density[-2 if ashare is not None else -1])} 件/千人"
           + (f"，A股上市企业 {words.fmt_num(ashare)} 件/千人" if ashare is not None else "") + "；各批次分列。")
    note = ("发明专利密度 = 有效发明专利总量 ÷ 参保人数总和 × 1000，只计参保人数已知的企业"
            + ("；A股上市企业员工数采用财报披露口径" if ashare is not None else "")
            + f"；有效发明专利统计截至{as_of_cn(stats)}")
    number, title = heading("fig-2-3", stats, ashare is not None)
    return Spec("fig-2-3", number, title, with_benchmark_source(stats, PATENT_SOURCE, ashare is not None, "ashare"), note, alt,
                data, _draw_2_3)


def _draw_2_3(fig, d):
    ax = frame(fig, top=20, bottom=18)
    category_bars(ax, d["labels"], d["values"], d["colours"], wrap=None, width=0.55)
    unit_title(ax, d["unit"])


# ------------------------------------------------------------------ 2.4 quality

@chart
def fig_2_4(stats, config=None):
    cols = {"applications": C.label("applications_total_mean"), "inv_apps": C.label("invention_applications_mean"),
            "grants": C.label("invention_grants_mean"), "share": C.label("invention_application_share"),
            "rate": C.label("invention_grant_rate")}
    labels, values = None, {}
    for key, col in cols.items():
        labels, values[key] = batch_column(stats, "fig-2-4", col)
    if all(v is None for v in values["applications"]):
        return None
    ashare = {key: _ashare(stats, b) for key, b in (("applications", "applications_mean"),
                                                    ("inv_apps", "invention_applications_mean"),
                                                    ("grants", "invention_grants_mean"),
                                                    ("share", "invention_application_share"),
                                                    ("rate", "invention_grant_rate"))}
    used = any(v is not None for v in ashare.values())
    if used:
        labels = labels + [ASHARE_LABEL]
        for key in values:
            values[key] = values[key] + [ashare[key]]
    names = ("专利申请总量", "发明专利申请总量", "发明专利授权量")
    data = {"size": [style.WIDTH, 2.9], "labels": labels,
            "series": [{"name": n, "values": values[k], "colour": c}
                       for n, k, c in zip(names, ("applications", "inv_apps", "grants"), style.palette().series)],
            "rows": [{"name": "发明专利申请占比", "values": values["share"]},
                     {"name": "发明专利授权率", "values": values["rate"]}],
            "unit": "单位：件/家"}
    i = labels.index("全部小巨人") if "全部小巨人" in labels else len(labels) - 1
    alt = (f"分组柱状图：{labels[i]}平均专利申请 {words.fmt_num(values['applications'][i])} 件、发明专利申请 "
           f"{words.fmt_num(values['inv_apps'][i])} 件、发明专利授权 {words.fmt_num(values['grants'][i])} 件；"
           f"发明专利申请占比 {words.fmt_pct(values['share'][i])}，授权率 {words.fmt_pct(values['rate'][i])}。")
    note = _patent_note(stats, "发明专利申请占比 = 发明专利申请量 ÷ 专利申请总量；发明专利授权率 = 发明专利授权量 ÷ 发明专利申请量；")
    number, title = heading("fig-2-4", stats, used)
    return Spec("fig-2-4", number, title, with_benchmark_source(stats, PATENT_SOURCE, used, "ashare"), note, alt, data, _draw_2_4)


def _draw_2_4(fig, d):
    rows = d["rows"]
    head = label_width([r["name"] for r in rows], style.SMALL)
    ax = frame(fig, left=head + 8, top=20, bottom=18 + 13 * len(rows) + 4)
    grouped_bars(ax, d["labels"], d["series"], words.fmt_auto, width=0.78, wrap=8, label_size=6.5)
    for j, row in enumerate(rows):
        dy = -(22 + 13 * j)
        ax.annotate(row["name"], (0, 0), xycoords="axes fraction", xytext=(-4, dy), textcoords="offset points",
                    ha="right", va="top", fontsize=style.SMALL, color=style.MUTED)
        for x, v in enumerate(row["values"]):
            ax.annotate(words.fmt_pct(v), (x, 0), xycoords=("data", "axes fraction"), xytext=(0, dy),
                        textcoords="offset points", ha="center", va="top", fontsize=style.SMALL,
                        color=style.palette().accent if j == 0 else style.palette().series[0], fontweight="bold")
    unit_title(ax, d["unit"])
    legend(ax, [("box", s["colour"], s["name"]) for s in d["series"]])


# ------------------------------------------------------------------ 2.5 influence

@chart
def fig_2_5(stats, config=None):
    panels = []
    for key, title in (("citations_mean", "平均专利被引次数"), ("licenses_mean", "平均专利对外许可次数"),
                       ("transfers_mean", "平均专利对外转让次数")):
        labels, values = batch_column(stats, "fig-2-5", C.label(key))
        panels.append({"title": title, "labels": labels, "values": values})
    if all(v is None for p in panels for v in p["values"]):
        return None
    data = {"size": [style.WIDTH, 2.3], "panels": panels, "colours": batch_palette(stats), "unit": "次/家"}
    alt = ("三组柱状图：" + "；".join(f"{p['labels'][-1]}{p['title']} {words.fmt_num(p['values'][-1])} 次"
                                   for p in panels) + "；各批次分列。")
    note = f"专利被引、许可、转让次数均按截至{as_of_cn(stats)}公开公告的专利计，为每家企业的合计次数的平均值"
    return Spec("fig-2-5", *heading("fig-2-5", stats), PATENT_SOURCE, note, alt, data,
                _draw_2_5)


def _draw_2_5(fig, d):
    axes = frame(fig, ncols=len(d["panels"]), wspace=14, top=22, bottom=28)
    for ax, p in zip(axes, d["panels"]):
        category_bars(ax, p["labels"], p["values"], d["colours"], width=0.66, tick_size=style.SMALL)
        panel_title(ax, p["title"], d["unit"])


# ------------------------------------------------------------------ 2.6 globalisation

def _bucket_label(bucket: str) -> str:
    return bucket.replace("-", "–") + "件"


@chart
def fig_2_6(stats, config=None):
    labels, mean = batch_column(stats, "fig-2-6", C.label("pct_mean"))
    _, share = batch_column(stats, "fig-2-6", C.label("pct_share"))
    if all(v is None for v in mean):
        return None
    buckets = stats.tables.get("fig-2-6b")
    rows = []
    if buckets is not None:
        rows = [{"name": _bucket_label(str(r[C.label("pct_group")])), "count": int(r[C.label("company_count")]), "share": num(r[C.label("share")])}
                for r in buckets.to_dict("records")]
    data = {"size": [style.WIDTH, 2.6], "labels": labels, "mean": mean, "share": share,
            "colours": batch_palette(stats), "buckets": rows,
            "left_title": "平均PCT专利申请量和占比", "left_unit": "单位：件/家，%",
            "right_title": "按PCT专利申请量分组的企业数", "right_unit": f"单位：家（{labels[-1]}）",
            "legend": ["平均PCT专利申请量", "PCT专利占全部专利申请比重"], "rate_axis": "PCT专利占比"}
    alt = (f"柱状图与折线：{labels[-1]}平均PCT专利申请 {words.fmt_num(mean[-1])} 件/家，占全部专利申请的 "
           f"{words.fmt_pct(share[-1])}" + ("；分组：" + "，".join(f"{r['name']} {words.fmt_int(r['count'])} 家"
                                                              for r in rows) if rows else "") + "。")
    note = f"PCT专利申请按截至{as_of_cn(stats)}公开公告计；分组按每家企业的PCT专利申请量"
    return Spec("fig-2-6", *heading("fig-2-6", stats), PATENT_SOURCE, note, alt, data,
                _draw_2_6)


def _draw_2_6(fig, d):
    rows = d["buckets"]
    names = [r["name"] for r in rows]
    if rows:
        ax, bx = frame(fig, ncols=2, width_ratios=[1.45, 1], wspace=label_width(names) + 26 + 40, top=34, bottom=28)
    else:
        ax, bx = frame(fig, top=34, bottom=28, right=46), None
    category_bars(ax, d["labels"], d["mean"], d["colours"], width=0.58, headroom=1.9)
    rate_line(ax, range(len(d["labels"])), d["share"], band=(0.6, 0.86), axis_label=d["rate_axis"])
    panel_title(ax, d["left_title"], d["left_unit"], offset=18)
    legend(ax, [("box", d["colours"][-1], d["legend"][0]), ("dot", style.palette().accent, d["legend"][1])],
           anchor="left", offset=4, size=style.SMALL)
    if bx is not None:
        ys = list(range(len(rows)))[::-1]
        bars = hbars(bx, ys, [r["count"] for r in rows], 0.6, style.palette().series[0])
        bar_labels(bx, bars, [f"{words.fmt_int(r['count'])} · {words.fmt_pct(r['share'])}" for r in rows],
                   horizontal=True)
        bx.set_ylim(-0.6, len(rows) - 0.4)
        top = max([r["count"] for r in rows] + [1])
        bx.set_xlim(0, top * 1.6)
        hide_value_axis(bx, "x")
        category_axis(bx, ys, names, "y")
        panel_title(bx, d["right_title"], offset=18)
        unit_title(bx, d["right_unit"])
