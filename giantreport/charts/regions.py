"""Chapter 4 charts: provinces, top cities and districts by batch, and the province bubble chart (4.1–4.4)."""
from __future__ import annotations

import math

from .. import words
from ..stats import columns as C
from . import style
from .base import (BASE_SOURCE, LABEL_SHARE, PATENT_SOURCE, Spec, as_of_cn, batch_keys, category_axis, chart, heading,
                   fit_labels, frame, hbars, label_width, legend, num, register_labels, renderer, repel, text_box_pt,
                   unit_title, value_axis)

LEVEL_WORDS = {"province": ("省份", "省区市"), "city": ("城市", "城市"), "district": ("区县", "区县")}


def _cr10_note(stats, level: str) -> str | None:
    c = (stats.summary.get("cr10") or {}).get(level) or {}
    cr10, regions = num(c.get("cr10")), c.get("regions")
    if cr10 is None or not regions:
        return None
    word = LEVEL_WORDS[level][1]
    top = min(10, int(regions))
    return (f"前{top}个{word}的企业数量占全部企业的 {words.fmt_pct(cr10)}（集中度 CR{top}），"
            f"这些{word}占全部 {int(regions):,} 个有“小巨人”的{word}的 {words.fmt_pct(num(c.get('top_share_of_regions')))}")


def _stacked(stats, key: str, label_col: str, level: str, note_extra: str = ""):
    table = stats.tables.get(key)
    if table is None or table.empty:
        return None
    keys = batch_keys(stats)
    columns = [C.label("batch_companies", batch=b) for b in keys]
    rows = [{"name": str(r[label_col]), "counts": [int(r.get(c, 0) or 0) for c in columns], "total": int(r[C.label("total_companies")])}
            for r in table.to_dict("records")]
    data = {"size": [style.WIDTH, 0.62 + 0.205 * len(rows)], "rows": rows,
            "batches": [words.batch_name(b) for b in keys], "colours": style.palette().batch_colours(len(keys)),
            "unit": "单位：家"}
    lead = "；".join(f"{r['name']} {words.fmt_int(r['total'])} 家" for r in rows[:5])
    alt = f"按批次堆积的条形图，共 {len(rows)} 个{LEVEL_WORDS[level][1]}，按企业数量降序：{lead}" + ("等。" if len(rows) > 5 else "。")
    notes = [n for n in (note_extra, _cr10_note(stats, level)) if n]
    return Spec(key, *heading(key, stats, n=len(table)), BASE_SOURCE, "；".join(notes) or None, alt, data,
                _draw_stacked)


MIN_BAR_PT = 2.5       # narrowest drawn row of a stacked bar chart (pt)


def _draw_stacked(fig, d):
    rows = d["rows"]
    names = fit_labels([r["name"] for r in rows], LABEL_SHARE * style.WIDTH * 72)
    ax = frame(fig, left=label_width(names) + 8, right=10, top=20, bottom=16)
    ys = list(range(len(rows)))[::-1]
    top = max([r["total"] for r in rows] + [1])
    ax.set_xlim(0, top * 1.1)
    # the smallest rows (西藏: a few companies) stay visible: at least MIN_BAR_PT wide, segments in proportion
    per_pt = top * 1.1 / (ax.get_window_extent().width * 72 / fig.dpi)
    stretch = [max(1.0, MIN_BAR_PT * per_pt / r["total"]) if r["total"] > 0 else 1.0 for r in rows]
    lefts = [0.0] * len(rows)
    for i, colour in enumerate(d["colours"]):
        widths = [r["counts"][i] * k for r, k in zip(rows, stretch)]
        for thin in (False, True):       # stretched rows without the white seams (they would eat the bar)
            pick = [j for j, k in enumerate(stretch) if (k > 1.0) == thin]
            if pick:
                hbars(ax, [ys[j] for j in pick], [widths[j] for j in pick], 0.68, colour,
                      lefts=[lefts[j] for j in pick], edge=None if thin else "white")
        lefts = [a + b for a, b in zip(lefts, widths)]
    texts = []
    for y, r, end in zip(ys, rows, lefts):
        texts.append(ax.annotate(words.fmt_int(r["total"]), (end, y), xytext=(3, 0), textcoords="offset points",
                                 ha="left", va="center", fontsize=style.SMALL, color=style.INK))
    register_labels(fig, "totals", texts)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    value_axis(ax, "x", integer=True)           # companies
    ax.tick_params(axis="x", labelsize=style.SMALL, labelcolor=style.MUTED)
    category_axis(ax, ys, names, "y")
    unit_title(ax, d["unit"])
    legend(ax, [("box", c, b) for c, b in zip(d["colours"], d["batches"])])


@chart
def fig_4_1(stats, config=None):
    return _stacked(stats, "fig-4-1", "省份", "province")


@chart
def fig_4_2(stats, config=None):
    return _stacked(stats, "fig-4-2", "城市", "city", "直辖市按一个城市计")


@chart
def fig_4_3(stats, config=None):
    return _stacked(stats, "fig-4-3", "区县", "district", "区县名前加所在城市名")


# ------------------------------------------------------------------ 4.4 bubble chart

def _short_names() -> dict[str, str]:
    from ..data.regions import provinces
    table = provinces()
    return {n: s for n, s in zip(table["name"], table["short"]) if s}


@chart
def fig_4_4(stats, config=None):
    table = stats.tables.get("fig-4-4")
    if table is None or table.empty:
        return None
    short = _short_names()
    points, skipped = [], []
    for r in table.to_dict("records"):
        x, y, n = num(r[C.label("employees_mean")]), num(r[C.label("valid_inventions_mean_province")]), int(r[C.label("companies")])
        name = str(r[C.label("province")])
        if x is None or y is None or n <= 0:
            skipped.append(name)
            continue
        points.append({"name": name, "label": short.get(name, name), "x": x, "y": y, "n": n})
    if not points:
        return None
    avg_x, avg_y = num(stats.summary.get("employees_mean")), num(stats.summary.get("valid_inventions_mean"))
    trend = trend_line([p["x"] for p in points], [p["y"] for p in points])
    data = {"size": [style.WIDTH, 4.3], "points": points, "avg": [avg_x, avg_y], "trend": trend,
            "xlabel": "平均经营规模：平均员工数（人）", "ylabel": "平均技术规模：平均有效发明专利量（件/家）",
            "legend_title": "企业数量", "avg_label": "全国小巨人平均", "trend_label": "趋势线"}
    big = sorted(points, key=lambda p: -p["n"])[:3]
    alt = ("气泡图：横轴为各省平均员工数，纵轴为平均有效发明专利量，气泡面积代表企业数量；"
           + (f"全国平均分别为 {words.fmt_num(avg_x, 0)} 人和 {words.fmt_num(avg_y)} 件/家；" if avg_x and avg_y else "")
           + "企业最多的" + "、".join(f"{p['name']}（{words.fmt_num(p['x'], 0)} 人，{words.fmt_num(p['y'])} 件/家）"
                                   for p in big) + "。")
    note = (f"员工数采用企业“参保人数”口径；有效发明专利量统计截至{as_of_cn(stats)}；虚线为全部小巨人的平均值"
            + ("；实线为趋势线（各省平均有效发明专利量对平均员工数的最小二乘直线，各省等权）" if trend else "")
            + (f"；{'、'.join(skipped)}无员工数据，未画出" if skipped else ""))
    return Spec("fig-4-4", *heading("fig-4-4", stats), PATENT_SOURCE, note, alt, data, _draw_4_4)


BUBBLE_MAX = 34.0     # pt, diameter of the largest bubble


def trend_line(xs: list[float], ys: list[float]) -> list[float] | None:
    """[slope, intercept] of the least-squares line y = a·x + b through the provinces (each one point,
    as the 2022 report's 趋势线); None with fewer than two distinct x values."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx <= 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return [round(slope, 10), round(my - slope * mx, 10)]


def _nice_sizes(n_max: int) -> list[int]:
    """Round company counts for the bubble legend: the largest 1/2/5×10ᵏ not above n_max, and its tenth."""
    if n_max <= 0:
        return []
    top = 10 ** math.floor(math.log10(n_max))
    lead = n_max / top
    first = (5 if lead >= 5 else 2 if lead >= 2 else 1) * top
    return list(dict.fromkeys(v for v in (first, first // 10) if v >= 1))


def _draw_4_4(fig, d):
    pts = d["points"]
    n_max = max(p["n"] for p in pts)
    ax = frame(fig, left=34, right=100, top=16, bottom=30)

    def area(n):                       # marker area in pt², proportional to the companies
        return (BUBBLE_MAX ** 2) * n / n_max

    xs, ys = [p["x"] for p in pts], [p["y"] for p in pts]
    avg_x, avg_y = d["avg"]
    # limits: data ± room for the largest bubble
    bbox = ax.get_window_extent()
    w_pt, h_pt = bbox.width * 72 / fig.dpi, bbox.height * 72 / fig.dpi

    def padded(lo, hi, length):
        span = (hi - lo) or max(abs(hi), 1.0)
        pad = span * (BUBBLE_MAX * 0.6) / max(length - BUBBLE_MAX * 1.2, 1)
        return lo - pad, hi + pad
    x_lo, x_hi = padded(min(xs + [avg_x or xs[0]]), max(xs + [avg_x or xs[0]]), w_pt)
    y_lo, y_hi = padded(min(ys + [avg_y or ys[0]]), max(ys + [avg_y or ys[0]]), h_pt)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    order = sorted(range(len(pts)), key=lambda i: -pts[i]["n"])      # big bubbles behind small ones
    ax.scatter([xs[i] for i in order], [ys[i] for i in order], s=[area(pts[i]["n"]) for i in order],
               color=style.palette().series[1], alpha=0.55, edgecolors=style.palette().series[0], linewidths=0.6, zorder=3)
    if avg_x is not None:
        ax.axvline(avg_x, color=style.palette().accent, linewidth=0.8, linestyle=(0, (4, 3)), zorder=2)
    if avg_y is not None:
        ax.axhline(avg_y, color=style.palette().accent, linewidth=0.8, linestyle=(0, (4, 3)), zorder=2)
    if d.get("trend"):
        slope, intercept = d["trend"]
        ax.plot([x_lo, x_hi], [slope * x_lo + intercept, slope * x_hi + intercept], color=style.MUTED,
                linewidth=0.9, zorder=2, clip_on=True)
    value_axis(ax, "y")
    value_axis(ax, "x")
    ax.grid(True, axis="both")
    ax.tick_params(axis="both", length=2.5, labelsize=style.SMALL)
    ax.set_xlabel(d["xlabel"], fontsize=style.SMALL, color=style.MUTED, labelpad=4)
    ax.set_ylabel(d["ylabel"], fontsize=style.SMALL, color=style.MUTED, labelpad=4)
    if avg_x is not None:
        ax.annotate(f"平均 {words.fmt_num(avg_x, 0)}", (avg_x, 1), xycoords=("data", "axes fraction"), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=style.SMALL, color=style.palette().accent)
    reserved, avg_text = [], None
    if avg_y is not None:
        text = f"平均 {words.fmt_num(avg_y)}"
        avg_text = ax.annotate(text, (1, avg_y), xycoords=("axes fraction", "data"), xytext=(-3, 2),
                               textcoords="offset points", ha="right", va="bottom", fontsize=style.SMALL,
                               color=style.palette().accent, zorder=5,
                               bbox=dict(boxstyle="square,pad=0.05", facecolor="white", edgecolor="none", alpha=0.7))
        reserved.append(text_box_pt(avg_text, fig))
    lines = []
    to_pt = 72 / fig.dpi
    corners = [ax.transAxes.transform(c) * to_pt for c in ((0, 0), (1, 1))]
    if avg_x is not None:
        px = ax.transData.transform((avg_x, 0))[0] * to_pt
        lines.append(((px, corners[0][1]), (px, corners[1][1])))
    if avg_y is not None:
        py = ax.transData.transform((0, avg_y))[1] * to_pt
        lines.append(((corners[0][0], py), (corners[1][0], py)))
    if d.get("trend"):
        slope, intercept = d["trend"]
        lines.append(tuple(tuple(ax.transData.transform((x, slope * x + intercept)) * to_pt) for x in (x_lo, x_hi)))
    texts = _place_labels(ax, fig, pts, area, reserved, lines)
    register_labels(fig, "provinces", texts + [avg_text])
    _bubble_legend(fig, ax, d, [(s, math.sqrt(area(s))) for s in _nice_sizes(n_max)])


def _bubble_legend(fig, ax, d, sizes) -> None:
    """Nested size circles and the average-line sample, in the right margin (drawn in pt units)."""
    from matplotlib.patches import Circle

    box = ax.get_window_extent()
    fw, fh = fig.get_size_inches() * fig.dpi
    width, height = 80.0, 110.0
    lax = fig.add_axes(((box.x1 + 16) / fw, (box.y1 - height) / fh, width / fw, height / fh))
    lax.set_xlim(0, width)
    lax.set_ylim(0, height)
    lax.set_axis_off()
    lax.annotate(d["legend_title"], (0, height), ha="left", va="top", fontsize=style.SMALL, color=style.MUTED)
    big = max((dia for _, dia in sizes), default=0)
    cx, base = big / 2 + 1, 34.0
    for count, dia in sizes:
        lax.add_patch(Circle((cx, base + dia / 2), dia / 2, facecolor=style.palette().series[1], alpha=0.55,
                             edgecolor=style.palette().series[0], linewidth=0.6))
        top = base + dia
        lax.plot([cx, big + 5], [top, top], color=style.MUTED, linewidth=0.4)
        lax.annotate(f"{count:,}家", (big + 6, top), ha="left", va="center", fontsize=style.SMALL, color=style.INK)
    lax.plot([1, 17], [20, 20], color=style.palette().accent, linewidth=0.8, linestyle=(0, (4, 3)))
    lax.annotate(d["avg_label"], (20, 20), ha="left", va="center", fontsize=style.SMALL, color=style.INK)
    if d.get("trend"):
        lax.plot([1, 17], [8, 8], color=style.MUTED, linewidth=0.9)
        lax.annotate(d["trend_label"], (20, 8), ha="left", va="center", fontsize=style.SMALL, color=style.INK)


def _place_labels(ax, fig, pts, area, reserved=(), lines=()) -> list:
    """Label every bubble, biggest provinces first. Candidates: 16 directions around the bubble at
    growing distances; a label never covers another label, the reserved boxes or a bubble when any
    candidate avoids them (measured with the renderer, not estimated); one set apart from its
    bubble gets a leader line. What still collides is nudged apart (`repel`). Returns the texts."""
    from matplotlib.font_manager import FontProperties

    size = style.SMALL
    to_pt = 72 / fig.dpi
    rend = renderer(fig)
    box = ax.get_window_extent()
    ax_box = (box.x0 * to_pt, box.y0 * to_pt, box.x1 * to_pt, box.y1 * to_pt)
    centres = [tuple(v * to_pt for v in ax.transData.transform((p["x"], p["y"]))) for p in pts]
    radii = [math.sqrt(area(p["n"])) / 2 for p in pts]
    placed: list[tuple[float, float, float, float]] = list(reserved)
    font = FontProperties(size=size)
    directions = [(math.cos(a), math.sin(a)) for a in (k * math.pi / 8 for k in (0, 8, 4, 12, 2, 6, 14, 10,
                                                                                  1, 7, 9, 15, 3, 5, 11, 13))]
    rings = (1.5, 7.0, 13.0, 20.0, 30.0, 42.0)
    chosen: list[tuple[int, tuple, bool]] = []
    for i in sorted(range(len(pts)), key=lambda i: (-pts[i]["n"], pts[i]["name"])):
        cx, cy = centres[i]
        r = radii[i]
        w, h, _ = rend.get_text_width_height_descent(pts[i]["label"], font, ismath=False)
        w, h = w * to_pt + 2, max(h * to_pt, size) + 1
        best = None
        for ring, gap in enumerate(rings):
            for dx, dy in directions:
                ox, oy = cx + dx * (r + gap), cy + dy * (r + gap)
                x0 = ox if dx > 0.2 else ox - w if dx < -0.2 else ox - w / 2
                y0 = oy if dy > 0.2 else oy - h if dy < -0.2 else oy - h / 2
                rect = (x0, y0, x0 + w, y0 + h)
                if rect[0] < ax_box[0] + 1 or rect[2] > ax_box[2] - 1 or rect[1] < ax_box[1] + 1 or rect[3] > ax_box[3] - 1:
                    continue
                clash = any(_overlap(rect, q, 1.0) for q in placed)
                bubbles = sum(1 for j, (px, py) in enumerate(centres) if j != i and _circle_hits(rect, px, py, radii[j]))
                crossing = sum(1 for line in lines if _segment_hits(rect, line))
                cost = 1000 * clash + 40 * bubbles + 6 * crossing + 3 * ring + (0.5 if dy < -0.2 else 0)
                if best is None or cost < best[0]:
                    best = (cost, rect, ring)
            if best is not None and best[0] < 3 * (ring + 1):
                break
        if best is None:                 # axes too small for the label anywhere: beside the bubble
            best = (0, (cx + r + 1.5, cy - h / 2, cx + r + 1.5 + w, cy + h / 2), 0)
        placed.append(best[1])
        chosen.append((i, best[1], best[2] > 0))
    # anything still colliding (only when no candidate was free): nudge apart
    fixed = list(reserved)
    moved = repel([rect for _, rect, _ in chosen], fixed, ax_box, axis="xy", pad=1.0)
    texts = []
    for (i, rect, far), new in zip(chosen, moved):
        tx, ty = (new[0] + new[2]) / 2, (new[1] + new[3]) / 2
        data_xy = ax.transData.inverted().transform((tx / to_pt, ty / to_pt))
        texts.append(ax.annotate(pts[i]["label"], data_xy, ha="center", va="center_baseline", fontsize=size,
                                 color=style.INK, zorder=5, annotation_clip=False))
        cx, cy = centres[i]
        if far or new != rect or any(j != i and radii[j] > radii[i] and math.hypot(cx - px, cy - py) < radii[j]
                                     for j, (px, py) in enumerate(centres)):
            nx, ny = min(max(cx, new[0]), new[2]), min(max(cy, new[1]), new[3])
            ex, ey = nx - cx, ny - cy
            dist = math.hypot(ex, ey) or 1
            # a bubble inside a bigger one: the leader starts at its centre (its edge is lost in the other)
            nested = any(j != i and radii[j] > radii[i] and math.hypot(cx - px, cy - py) < radii[j]
                         for j, (px, py) in enumerate(centres))
            if dist > radii[i] + 2.5 or nested:
                start_r = 0.0 if nested else radii[i]
                start = ax.transData.inverted().transform(((cx + ex / dist * start_r) / to_pt,
                                                           (cy + ey / dist * start_r) / to_pt))
                end = ax.transData.inverted().transform(((nx - ex / dist * 1.0) / to_pt, (ny - ey / dist * 1.0) / to_pt))
                ax.plot([start[0], end[0]], [start[1], end[1]], color=style.INK, linewidth=0.5, zorder=4)
    return texts


def _segment_hits(rect, line) -> bool:
    """Whether the segment ((x0, y0), (x1, y1)) in pt passes through the rectangle (sampled)."""
    (x0, y0), (x1, y1) = line
    for k in range(41):
        t = k / 40
        x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        if rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]:
            return True
    return False


def _overlap(a, b, pad: float = 0.0) -> bool:
    return not (a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1] or b[3] + pad <= a[1])


def _circle_hits(rect, cx, cy, r) -> bool:
    nx = min(max(cx, rect[0]), rect[2])
    ny = min(max(cy, rect[1]), rect[3])
    return (nx - cx) ** 2 + (ny - cy) ** 2 < (r + 0.5) ** 2
