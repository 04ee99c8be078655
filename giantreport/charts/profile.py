"""Chapter 1 charts: batches, size and age, national share, financing and listing (figures 1.1–1.6)."""
from __future__ import annotations

import re

from ..data.schema import LISTED_BOARDS
from .. import words
from ..stats import columns as C
from . import style
from .base import (BASE_SOURCE, Spec, as_of_cn, bar_labels, batch_column, batch_palette, heading,
                   category_axis, category_bars, chart, frame, grouped_bars, hbars, hide_value_axis, label_width,
                   legend, num, panel_title, unit_title, vbars, with_benchmark_source)



# ------------------------------------------------------------------ 1.1 companies per batch

@chart
def fig_1_1(stats, config=None):
    table = stats.tables.get("fig-1-1")
    if table is None or table.empty:
        return None
    keys = [int(b) for b in table[C.label("batch")]]
    counts = [int(v) for v in table[C.label("companies")]]
    cumulative = [int(v) for v in table[C.label("companies_cumulative")]]
    data = {"size": [style.WIDTH, 2.5], "labels": [words.batch_name(b) for b in keys], "counts": counts,
            "cumulative": cumulative, "colours": style.palette().batch_colours(len(keys)), "unit": "单位：家",
            "legend": ["各批次企业数量", "累计企业数量"]}
    parts = "，".join(f"{lab} {words.fmt_int(c)} 家" for lab, c in zip(data["labels"], counts))
    alt = f"柱状图与折线：{parts}；累计 {words.fmt_int(cumulative[-1])} 家。"
    return Spec("fig-1-1", *heading("fig-1-1", stats), BASE_SOURCE,
                "企业数量按各批次公示名单计，与实际认定数量可能略有出入", alt, data, _draw_1_1)


def _draw_1_1(fig, d):
    ax = frame(fig, top=20, bottom=18)
    xs = list(range(len(d["counts"])))
    bars = vbars(ax, xs, d["counts"], 0.55, d["colours"])
    top = max(d["cumulative"] + d["counts"] + [1])
    ax.set_ylim(0, top * 1.18)
    ax.set_xlim(-0.6, len(xs) - 0.4)
    outside = []
    for count, cum, bar in zip(d["counts"], d["cumulative"], bars):
        if count == cum:              # the first batch: the cumulative label says it
            outside.append(None)
        elif count >= 0.09 * top:     # tall enough: label inside the top of the bar
            outside.append(None)
            ax.annotate(words.fmt_int(count), (bar.x + bar.w / 2, count), xytext=(0, -3), textcoords="offset points",
                        ha="center", va="top", fontsize=style.SMALL, color=style.text_on(bar.colour))
        else:
            outside.append(words.fmt_int(count))
    bar_labels(ax, bars, outside)
    ax.plot(xs, d["cumulative"], color=style.palette().accent, marker="o", markersize=3.5, linewidth=1.4, zorder=3)
    for x, cum in zip(xs, d["cumulative"]):
        ax.annotate(words.fmt_int(cum), (x, cum), xytext=(0, 5), textcoords="offset points", ha="center",
                    va="bottom", fontsize=style.SMALL, color=style.palette().accent, fontweight="bold")
    hide_value_axis(ax, "y")
    category_axis(ax, xs, d["labels"])
    unit_title(ax, d["unit"])
    legend(ax, [("box", d["colours"][-1], d["legend"][0]), ("dot", style.palette().accent, d["legend"][1])])


# ------------------------------------------------------------------ 1.2 size and age

@chart
def fig_1_2(stats, config=None):
    labels, employees = batch_column(stats, "fig-1-2", C.label("employees_mean_fig"))
    _, years = batch_column(stats, "fig-1-2", C.label("founded_years_median"))
    if all(v is None for v in employees + years):
        return None
    data = {"size": [style.WIDTH, 2.4], "labels": labels, "colours": batch_palette(stats),
            "panels": [{"title": "平均员工规模", "unit": "人", "values": employees, "digits": 0},
                       {"title": "成立年限中位数", "unit": "年", "values": years, "digits": 1}]}
    known = stats.summary.get("employees_known")
    total = stats.summary.get("companies")
    coverage = f"（{words.fmt_int(known)} / {words.fmt_int(total)} 家企业有数据）" if known is not None and total else ""
    note = (f"员工规模采用企业“参保人数”口径{coverage}；成立年限为成立日期至{as_of_cn(stats)}的年数，"
            f"取中位数")
    alt = (f"两组柱状图：{labels[-1]}平均员工规模 {words.fmt_int(employees[-1])} 人，"
           f"成立年限中位数 {words.fmt_num(years[-1], 1)} 年；各批次分列。")
    return Spec("fig-1-2", *heading("fig-1-2", stats), BASE_SOURCE,
                note, alt, data, _draw_1_2)


def _draw_1_2(fig, d):
    axes = frame(fig, ncols=len(d["panels"]), wspace=28, top=22, bottom=28)
    for ax, panel in zip(axes, d["panels"]):
        digits = panel["digits"]
        category_bars(ax, d["labels"], panel["values"], d["colours"], fmt=lambda v, n=digits: words.fmt_num(v, n))
        panel_title(ax, panel["title"], f"单位：{panel['unit']}")


# ------------------------------------------------------------------ 1.3 share of national totals

_LABEL_UNIT = re.compile(r"^(.*?)（(.*)）$")


@chart
def fig_1_3(stats, config=None):
    table = stats.tables.get("fig-1-3")
    if table is None:
        return None
    rows = []
    for r in table.to_dict("records"):
        share, giant, national = num(r.get(C.label("national_share"))), num(r.get(C.label("giants_value"))), num(r.get(C.label("national_value")))
        if share is None or national is None:
            continue
        m = _LABEL_UNIT.match(str(r[C.label("measure")]))
        name, unit = (m.group(1), m.group(2)) if m else (str(r[C.label("measure")]), "")
        rows.append({"name": name, "unit": unit, "share": share, "giant": giant, "national": national})
    if not rows:
        return None
    base = rows[0]["share"] if rows[0]["name"].startswith("企业数") else None
    for r in rows:
        r["multiple"] = (r["share"] / base) if base and r is not rows[0] else None
    data = {"size": [style.WIDTH, 0.75 + 0.42 * len(rows)], "rows": rows,
            "colours": [style.palette().series[0]] * len(rows),
            "headers": ["小巨人", "全国企业"], "unit": "小巨人占全国比重"}
    alt = "条形图：" + "；".join(f"{r['name']}占全国 {words.fmt_pct(r['share'])}" for r in rows) + "。"
    note = (f"小巨人就业规模采用企业“参保人数”口径，技术规模以授权发明专利量计，均统计截至{as_of_cn(stats)}；"
            "全国数据为外部基准（见资料来源）")
    return Spec("fig-1-3", *heading("fig-1-3", stats),
                with_benchmark_source(stats, BASE_SOURCE, True, "national"), note, alt, data, _draw_1_3)


def _fmt_amount(v) -> str:
    if v is None:
        return "—"
    return words.fmt_int(v) if abs(v) >= 1000 or float(v).is_integer() else words.fmt_num(v, 2)


def _draw_1_3(fig, d):
    rows = d["rows"]
    names = [r["name"] for r in rows]
    ax = frame(fig, left=label_width(names) + 10, right=200, top=20, bottom=4)
    ys = list(range(len(rows)))[::-1]
    bars = hbars(ax, ys, [r["share"] for r in rows], 0.5, d["colours"])
    labels = []
    for r in rows:
        text = words.fmt_pct(r["share"])
        if r["multiple"]:        # a share over the companies' share is a mean per company over the national mean
            text += f"（户均为全国企业的 {r['multiple']:,.1f} 倍）"
        labels.append(text)
    bar_labels(ax, bars, labels, horizontal=True)
    top = max(r["share"] for r in rows)
    ax.set_xlim(0, top * 1.9)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    hide_value_axis(ax, "x")
    category_axis(ax, ys, names, "y")
    unit_title(ax, d["unit"])
    # a small table to the right: the two totals behind each share
    for y, r in zip(ys, rows):
        for col, value in ((90, r["giant"]), (194, r["national"])):
            ax.annotate(f"{_fmt_amount(value)} {r['unit']}", (1, y), xycoords=("axes fraction", "data"),
                        xytext=(col, 0), textcoords="offset points", ha="right", va="center",
                        fontsize=style.SMALL, color=style.INK)
    for col, head in zip((90, 194), d["headers"]):
        ax.annotate(head, (1, 1), xycoords="axes fraction", xytext=(col, 5), textcoords="offset points",
                    ha="right", va="bottom", fontsize=style.UNIT, color=style.MUTED)


# ------------------------------------------------------------------ 1.4 listing and financing

@chart
def fig_1_4(stats, config=None):
    labels, listed = batch_column(stats, "fig-1-4", C.label("listed_share"))
    _, financed = batch_column(stats, "fig-1-4", C.label("financed_share"))
    if all(not v for v in listed + financed):      # no listing or financing information at all
        return None
    data = {"size": [style.WIDTH, 2.5], "labels": labels,
            "series": [{"name": "上市企业占比", "values": listed, "colour": style.palette().series[0]},
                       {"name": "参与一级市场融资企业占比", "values": financed, "colour": style.palette().series[1]}],
            "unit": "单位：%"}
    alt = (f"分组柱状图：{labels[-1]}中上市企业占 {words.fmt_pct(listed[-1])}，"
           f"参与一级市场融资的企业占 {words.fmt_pct(financed[-1])}；各批次分列。")
    note = (f"上市和融资数据统计截至{as_of_cn(stats)}；上市指在{'、'.join(LISTED_BOARDS)}上市，"
            "不含新三板挂牌")
    return Spec("fig-1-4", *heading("fig-1-4", stats), BASE_SOURCE,
                note, alt, data, _draw_1_4)


def _draw_1_4(fig, d):
    ax = frame(fig, top=20, bottom=18)
    grouped_bars(ax, d["labels"], d["series"], words.fmt_pct, width=0.62)
    unit_title(ax, d["unit"])
    legend(ax, [("box", s["colour"], s["name"]) for s in d["series"]])


# ------------------------------------------------------------------ 1.5 boards

BOARD_NAMES = {"主板": "A股主板", "创业板": "A股创业板", "科创板": "A股科创板", "北交所": "A股北交所",
               "港交所": "港交所", "新交所": "新加坡交易所", "新三板": "新三板挂牌"}
A_SHARE_BOARDS = ("主板", "创业板", "科创板", "北交所")


@chart
def fig_1_5(stats, config=None):
    table = stats.tables.get("fig-1-5")
    if table is None or table.empty:
        return None
    rows = []
    for r in table.to_dict("records"):
        board = str(r[C.label("board")])
        colour = style.palette().series[0] if board in A_SHARE_BOARDS else style.palette().series[1] if board != "新三板" else style.palette().series[2]
        rows.append({"name": BOARD_NAMES.get(board, board), "count": int(r[C.label("company_count")]), "share": num(r[C.label("board_share")]),
                     "colour": colour})
    financed, share = stats.summary.get("financed_count"), num(stats.summary.get("financed_share"))
    if financed is not None:
        rows.append({"name": "参与一级市场融资", "count": int(financed), "share": share, "colour": style.palette().total})
    if not any(r["count"] for r in rows):          # no listing or financing information at all
        return None
    data = {"size": [style.WIDTH, 0.55 + 0.27 * len(rows)], "rows": rows, "unit": "单位：家；占全部小巨人的比重"}
    alt = "条形图：" + "；".join(f"{r['name']} {words.fmt_int(r['count'])} 家（{words.fmt_pct(r['share'])}）"
                               for r in rows) + "。"
    note = f"上市和融资数据统计截至{as_of_cn(stats)}，包含双重上市、转板等情况，同一企业可计入多个板块"
    return Spec("fig-1-5", *heading("fig-1-5", stats), BASE_SOURCE,
                note, alt, data, _draw_1_5)


def _draw_1_5(fig, d):
    rows = d["rows"]
    names = [r["name"] for r in rows]
    ax = frame(fig, left=label_width(names) + 10, top=20, bottom=4)
    ys = list(range(len(rows)))[::-1]
    bars = hbars(ax, ys, [r["count"] for r in rows], 0.6, [r["colour"] for r in rows])
    bar_labels(ax, bars, [f"{words.fmt_int(r['count'])}家 · {words.fmt_pct(r['share'])}" for r in rows],
               horizontal=True)
    top = max([r["count"] for r in rows] + [1])
    ax.set_xlim(0, top * 1.25)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    hide_value_axis(ax, "x")
    category_axis(ax, ys, names, "y")
    unit_title(ax, d["unit"])


# ------------------------------------------------------------------ 1.6 share of each A-share board

@chart
def fig_1_6(stats, config=None):
    table = stats.tables.get("fig-1-6")
    if table is None or table.empty:
        return None
    rows = [{"name": "沪深主板" if str(r[C.label("board")]) == "主板" else str(r[C.label("board")]), "size": num(r[C.label("board_size")]),
             "count": int(r[C.label("board_giants")]), "share": num(r[C.label("giant_share_of_board")])}
            for r in table.to_dict("records") if num(r[C.label("board_size")])]
    if not any(r["count"] for r in rows):          # no board sizes, or no listing information
        return None
    data = {"size": [style.WIDTH, 0.7 + 0.34 * len(rows)], "rows": rows,
            "legend": ["其中专精特新“小巨人”企业", "板块其他上市企业"], "unit": "小巨人占板块上市企业数量的比重"}
    alt = "百分比条形图：" + "；".join(f"{r['name']}（{words.fmt_int(r['size'])} 家）中小巨人占 {words.fmt_pct(r['share'])}"
                                  for r in rows) + "。"
    note = f"板块上市企业数为外部基准数据（见资料来源）；小巨人上市数据统计截至{as_of_cn(stats)}，包含双重上市、转板等情况"
    return Spec("fig-1-6", *heading("fig-1-6", stats),
                with_benchmark_source(stats, BASE_SOURCE, True, "boards"), note, alt, data, _draw_1_6)


def _draw_1_6(fig, d):
    rows = d["rows"]
    ticks = [f"{r['name']}\n{words.fmt_int(r['size'])} 家" for r in rows]
    ax = frame(fig, left=label_width(ticks) + 10, top=20, bottom=4)
    ys = list(range(len(rows)))[::-1]
    shares = [min(r["share"] or 0, 1) for r in rows]
    hbars(ax, ys, [1] * len(rows), 0.55, style.palette().national)
    bars = hbars(ax, ys, shares, 0.55, style.palette().series[0])
    for bar, r, s in zip(bars, rows, shares):
        label = f"{words.fmt_pct(r['share'])}（{words.fmt_int(r['count'])} 家）"
        inside = s >= 0.3
        ax.annotate(label, (s, bar.y + bar.h / 2), xytext=(-4 if inside else 4, 0),
                    textcoords="offset points", ha="right" if inside else "left", va="center",
                    fontsize=style.SMALL, color=style.text_on(style.palette().series[0]) if inside else style.INK)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    hide_value_axis(ax, "x")
    category_axis(ax, ys, ticks, "y")
    unit_title(ax, d["unit"])
    legend(ax, [("box", style.palette().series[0], d["legend"][0]), ("box", style.palette().national, d["legend"][1])])
