"""Chapter 3 charts: industry distribution, its change by batch, technology scale against A-share (3.1–3.3)."""
from __future__ import annotations

from .. import words
from ..stats import columns as C
from . import style
from .base import (BASE_SOURCE, PATENT_SOURCE, TOTAL_LABEL, Spec, as_of_cn, bar_labels, batch_keys,
                   heading, category_axis, chart, frame, hbars, hide_value_axis, label_width, legend, no_ticks, num,
                   panel_title, register_labels, separate_labels, text_box_pt, unit_title, vbars,
                   with_benchmark_source)

INDUSTRY_NOTE = ("产业领域按企业名单中的“产业领域”计；电力装备、农机装备、高档数控机床和机器人三个领域合并为高端机械装备")


def _group_note(stats) -> str:
    groups = stats.summary.get("industry_groups") or {}
    parts = [f"{name}含{'、'.join(g.get('members') or [])}" for name, g in groups.items() if g.get("members")]
    return "；".join(parts)


# ------------------------------------------------------------------ 3.1 distribution vs A-share

@chart
def fig_3_1(stats, config=None):
    table = stats.tables.get("fig-3-1")
    if table is None or table.empty:
        return None
    rows = [{"name": str(r[C.label("industry")]), "count": int(r[C.label("companies")]), "share": num(r[C.label("industry_share")]),
             "ashare": num(r[C.label("ashare_industry_share")]), "group": str(r[C.label("industry")]).endswith("（合计）")}
            for r in table.to_dict("records")]
    used = any(r["ashare"] is not None for r in rows)
    data = {"size": [style.WIDTH, 0.62 + (0.3 if used else 0.235) * len(rows)], "rows": rows, "compare": used,
            "titles": ["企业数量", "企业数量占比"], "units": ["单位：家", "单位：%"],
            "legend": ["专精特新“小巨人”企业", "A股上市企业"]}
    top = max((r for r in rows if not r["group"]), key=lambda r: r["count"])
    alt = (f"条形图：企业数量最多的产业领域为{top['name']}（{words.fmt_int(top['count'])} 家，占 {words.fmt_pct(top['share'])}）；"
           + "；".join(f"{r['name']} {words.fmt_int(r['count'])} 家" for r in rows if not r["group"]) + "。")
    notes = [INDUSTRY_NOTE, _group_note(stats)]
    if used:
        notes.append("A股上市企业数量占比为外部基准数据，缺项表示基准未提供")
    return Spec("fig-3-1", *heading("fig-3-1", stats, used), with_benchmark_source(stats, BASE_SOURCE, used, "industries"),
                "；".join(n for n in notes if n), alt, data, _draw_3_1)


def _draw_3_1(fig, d):
    rows = d["rows"]
    names = [r["name"] for r in rows]
    ax, bx = frame(fig, ncols=2, left=label_width(names) + 8, wspace=30, top=30, bottom=4, width_ratios=[1, 1.15])
    ys = list(range(len(rows)))[::-1]
    colours = [style.palette().series[1] if r["group"] else style.palette().series[0] for r in rows]
    bars = hbars(ax, ys, [r["count"] for r in rows], 0.62, colours)
    bar_labels(ax, bars, [words.fmt_int(r["count"]) for r in rows], horizontal=True)
    ax.set_xlim(0, max(r["count"] for r in rows) * 1.22 or 1)
    category_axis(ax, ys, names, "y")
    h = 0.36 if d["compare"] else 0.62
    off = h / 2 if d["compare"] else 0
    giants = hbars(bx, [y + off for y in ys], [r["share"] or 0 for r in rows], h, colours)
    labels = bar_labels(bx, giants, [words.fmt_pct(r["share"]) for r in rows], horizontal=True, size=6.5)
    if d["compare"]:
        ashare = hbars(bx, [y - off for y in ys], [r["ashare"] or 0 for r in rows], h, style.palette().ashare)
        labels += bar_labels(bx, ashare, [words.fmt_pct(r["ashare"]) if r["ashare"] is not None else "—" for r in rows],
                             horizontal=True, size=6.5, colour=style.INK)
    top = max([r["share"] or 0 for r in rows] + [r["ashare"] or 0 for r in rows])
    bx.set_xlim(0, top * 1.3 or 1)
    for a in (ax, bx):
        a.set_ylim(-0.6, len(rows) - 0.4)
        hide_value_axis(a, "x")
    no_ticks(bx)
    panel_title(ax, d["titles"][0], d["units"][0])
    if d["compare"]:
        # the legend heads the share panel: "…数量占比" for each of the two groups
        legend(bx, [("box", style.palette().series[0], f"{d['legend'][0]}数量占比"), ("box", style.palette().ashare, f"{d['legend'][1]}数量占比")],
               anchor="left", column=True, offset=6)
    else:
        panel_title(bx, d["titles"][1], d["units"][1])
    groups = [y for y, r in zip(ys, rows) if r["group"]]
    if groups and len(groups) < len(rows):
        sep = max(groups) + 0.5
        for a in (ax, bx):
            a.axhline(sep, color=style.SPINE, linewidth=0.5, linestyle=(0, (2, 2)))
    separate_labels(fig, labels)
    register_labels(fig, "shares", labels)


# ------------------------------------------------------------------ 3.2 industry mix by batch

@chart
def fig_3_2(stats, config=None):
    table = stats.tables.get("fig-3-2")
    industries = stats.summary.get("industries") or {}
    keys = batch_keys(stats)
    if table is None or table.empty or not industries or len(keys) < 2:    # one batch: no change to show
        return None
    columns = [C.label("batch_industry_share", batch=b) for b in keys]
    names = [n for n in table[C.label("industry")].astype(str) if n in industries]
    focus_rows = table[~table[C.label("industry")].isin(names)]
    focus_label = str(focus_rows.iloc[0][C.label("industry")]) if len(focus_rows) else None
    bars = []
    for b, col in zip(keys, columns):
        shares = [num(table.loc[table[C.label("industry")] == n, col].iloc[0]) if col in table.columns else None for n in names]
        focus = num(focus_rows.iloc[0][col]) if focus_label and col in focus_rows.columns else None
        bars.append({"label": words.batch_name(b), "shares": shares, "focus": focus})
    bars.append({"label": TOTAL_LABEL, "shares": [num(industries[n].get("share")) for n in names],
                 "focus": num(stats.summary.get("focus_share"))})
    data = {"size": [style.WIDTH, 3.3], "names": names, "bars": bars,
            "colours": list(style.palette().industries[:len(names)]),
            "unit": "单位：%" + (f"；柱顶数字为{focus_label.replace('合计', '')}合计占比" if focus_label else "")}
    first, last = bars[0], bars[-2] if len(bars) > 1 else bars[0]
    alt = ("百分比堆积柱状图：各批次的产业领域构成" +
           (f"；{focus_label}占比由{first['label']}的 {words.fmt_pct(first['focus'])} 变为{last['label']}的 "
            f"{words.fmt_pct(last['focus'])}" if focus_label and len(bars) > 2 else "") + "。")
    return Spec("fig-3-2", *heading("fig-3-2", stats), BASE_SOURCE,
                INDUSTRY_NOTE, alt, data, _draw_3_2)


BAR_WIDTH = 0.62
SIDE_ROOM = 0.25        # data units right of the last bar for its outside labels


def _draw_3_2(fig, d):
    names, bars, colours = d["names"], d["bars"], d["colours"]
    ax = frame(fig, left=4, right=label_width(names, style.SMALL) + 28, top=34, bottom=18)
    xs = list(range(len(bars)))
    bottoms = [0.0] * len(bars)
    h_pt = fig.get_size_inches()[1] * 72 - 52
    ax.set_xlim(-0.55, len(bars) - 0.45 + SIDE_ROOM)
    ax.set_ylim(0, 1)
    inside, outside = [], [[] for _ in bars]       # outside: per bar, (text, segment's right-edge middle)
    for i, colour in enumerate(colours):
        heights = [b["shares"][i] or 0 for b in bars]
        rects = vbars(ax, xs, heights, BAR_WIDTH, colour, bottoms=bottoms, edge="white")
        fits = [v * h_pt >= 8.5 for v in heights]
        inside += bar_labels(ax, [r for r, f in zip(rects, fits) if f],
                             [words.fmt_pct(v) for v, f in zip(heights, fits) if f], inside=True, size=6.5)
        # every other segment (生物医药 4.6% …) is labelled beside its bar, with a leader line
        for j, (rect, v, f) in enumerate(zip(rects, heights, fits)):
            if not f and v > 0:
                text = ax.annotate(words.fmt_pct(v), (rect.x + rect.w, rect.y + rect.h / 2), xytext=(4, 0),
                                   textcoords="offset points", ha="left", va="center", fontsize=6.5,
                                   color=style.INK, annotation_clip=False)
                outside[j].append((text, (rect.x + rect.w, rect.y + rect.h / 2)))
        bottoms = [b + v for b, v in zip(bottoms, heights)]
    to_pt = 72 / fig.dpi
    for column in outside:
        if not column:
            continue
        texts = [t for t, _ in column]
        separate_labels(fig, texts, pad=0.4)
        for t, (x, y) in column:
            box = text_box_pt(t, fig)
            ex, ey = (v * to_pt for v in ax.transData.transform((x, y)))
            mid = (box[1] + box[3]) / 2
            inv = ax.transData.inverted()
            (x0, y0), (x1, y1) = inv.transform((ex / to_pt, ey / to_pt)), inv.transform(((box[0] - 0.8) / to_pt,
                                                                                          mid / to_pt))
            ax.plot([x0, x1], [y0, y1], color=style.MUTED, linewidth=0.45, zorder=4, clip_on=False)
    register_labels(fig, "segments", inside + [t for column in outside for t, _ in column])
    for x, b in zip(xs, bars):
        if b["focus"] is not None:
            ax.annotate(words.fmt_pct(b["focus"]), (x, 1), xytext=(0, 3), textcoords="offset points", ha="center",
                        va="bottom", fontsize=style.SMALL, fontweight="bold", color=style.INK)
    hide_value_axis(ax, "y")
    category_axis(ax, xs, [b["label"] for b in bars])
    ax.annotate(d["unit"], (0, 1), xycoords="axes fraction", xytext=(0, 18), textcoords="offset points",
                ha="left", va="bottom", fontsize=style.UNIT, color=style.MUTED)
    # legend beside the bars, top to bottom in stacking order (top segment first), centred vertically
    step = style.SMALL + 5
    legend(ax, [("box", c, n) for c, n in zip(colours, names)][::-1], anchor="left", x=1.0, dx=12, column=True,
           offset=-h_pt / 2 - (len(names) - 1) * step / 2, size=style.SMALL)


# ------------------------------------------------------------------ 3.3 valid inventions vs A-share

@chart
def fig_3_3(stats, config=None):
    table = stats.tables.get("fig-3-3")
    if table is None or table.empty:
        return None
    rows = [{"name": str(r[C.label("industry")]), "giants": num(r[C.label("giants_valid_inventions_mean")]),
             "ashare": num(r[C.label("ashare_valid_inventions_mean")]), "ratio": num(r[C.label("ratio_to_ashare")])}
            for r in table.to_dict("records")]
    rows = [r for r in rows if r["giants"] is not None or r["ashare"] is not None]
    if not rows:
        return None
    for r in rows:
        if r["name"] == "平均值":
            r["name"] = "全部产业领域平均"
    used = any(r["ashare"] is not None for r in rows)
    data = {"size": [style.WIDTH, 0.62 + 0.3 * len(rows)], "rows": rows, "compare": used,
            "legend": ["专精特新“小巨人”企业", "A股上市企业"], "ratio_head": "小巨人为A股的",
            "unit": "单位：件/家"}
    best = max((r for r in rows if r["ratio"] is not None), key=lambda r: r["ratio"], default=None)
    alt = ("条形图：各产业领域小巨人平均有效发明专利量" + ("与A股上市企业对比" if used else "")
           + (f"；{best['name']}最接近上市企业，为其 {words.fmt_pct(best['ratio'])}" if best else "") + "。")
    note = f"{INDUSTRY_NOTE}；有效发明专利量统计截至{as_of_cn(stats)}"
    return Spec("fig-3-3", *heading("fig-3-3", stats, used), with_benchmark_source(stats, PATENT_SOURCE, used, "industry_patents"), note, alt, data,
                _draw_3_3)


def _draw_3_3(fig, d):
    rows = d["rows"]
    names = [r["name"] for r in rows]
    ax = frame(fig, left=label_width(names) + 8, right=(64 if d["compare"] else 6), top=22, bottom=4)
    ys = list(range(len(rows)))[::-1]
    h = 0.36 if d["compare"] else 0.6
    off = h / 2 if d["compare"] else 0
    giants = hbars(ax, [y + off for y in ys], [r["giants"] or 0 for r in rows], h, style.palette().series[0])
    bar_labels(ax, giants, [words.fmt_auto(r["giants"]) for r in rows], horizontal=True, size=6.5)
    top = max([r["giants"] or 0 for r in rows] + [r["ashare"] or 0 for r in rows])
    if d["compare"]:
        ashare = hbars(ax, [y - off for y in ys], [r["ashare"] or 0 for r in rows], h, style.palette().ashare)
        bar_labels(ax, ashare, [words.fmt_auto(r["ashare"]) for r in rows], horizontal=True, size=6.5,
                   colour=style.MUTED)
        for y, r in zip(ys, rows):
            ax.annotate(words.fmt_pct(r["ratio"]), (1, y), xycoords=("axes fraction", "data"), xytext=(60, 0),
                        textcoords="offset points", ha="right", va="center", fontsize=style.SMALL,
                        fontweight="bold", color=style.palette().accent)
        ax.annotate(d["ratio_head"], (1, 1), xycoords="axes fraction", xytext=(60, 5), textcoords="offset points",
                    ha="right", va="bottom", fontsize=style.UNIT, color=style.MUTED)
        legend(ax, [("box", style.palette().series[0], d["legend"][0]), ("box", style.palette().ashare, d["legend"][1])])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, top * 1.12 or 1)
    avg = [y for y, r in zip(ys, rows) if r["name"] == "全部产业领域平均"]
    if avg and len(avg) < len(rows):
        ax.axhline(avg[0] + 0.5, color=style.SPINE, linewidth=0.5, linestyle=(0, (2, 2)))
    hide_value_axis(ax, "x")
    category_axis(ax, ys, names, "y")
    unit_title(ax, d["unit"])
