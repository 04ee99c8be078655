"""Charts at a glance (issue 14, item 4), on the bundled sample: labels measured and kept apart,
secondary series on their own axis, the smallest bar visible, discussed segments labelled, ring
labels above the radar's shape, per-figure source lines."""
from __future__ import annotations

import pytest

from giantreport import charts, words
from giantreport.charts import base, industries, province, regions, style, technology


@pytest.fixture(scope="module")
def bundled(bundled_prepared):
    config, _, stats = bundled_prepared
    return config, stats


def drawn(function, *args):
    return base.draw_figure(function.spec(*args))


def overlapping(boxes):
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if base.boxes_overlap(a[1], b[1])]


def test_repel_moves_two_boxes_apart_evenly():
    # two 10 pt tall boxes, 4 pt of vertical overlap, pad 1: each moves (4 + 1) / 2 = 2.5 pt
    a, b = base.repel([(0, 0, 10, 10), (0, 6, 10, 16)], pad=1.0)
    assert a == (0, -2.5, 10, 7.5) and b == (0, 8.5, 10, 18.5)
    # a fixed box pushes the label all the way off it
    (c,) = base.repel([(0, 0, 10, 10)], fixed=[(0, 8, 10, 20)], pad=0.0)
    assert c == (0, -2, 10, 8)
    assert base.repel([(0, 0, 1, 1), (5, 5, 6, 6)]) == [(0, 0, 1, 1), (5, 5, 6, 6)]


def test_fig_4_4_labels_do_not_overlap(bundled):
    config, stats = bundled
    fig = drawn(regions.fig_4_4, stats, config)
    boxes = base.label_boxes(fig, "provinces")
    names = {t for t, _ in boxes}
    assert {"浙江", "安徽", "黑龙江", "湖北", "河南", "山东"} <= names
    assert overlapping(boxes) == []


def test_fig_4_4_anhui_label_outside_zhejiang_bubble(bundled):
    config, stats = bundled
    spec = regions.fig_4_4.spec(stats, config)
    fig = base.draw_figure(spec)
    ax = fig.axes[0]
    k = 72 / fig.dpi
    p = {q["label"]: q for q in spec.data["points"]}
    n_max = max(q["n"] for q in spec.data["points"])
    cx, cy = (v * k for v in ax.transData.transform((p["浙江"]["x"], p["浙江"]["y"])))
    r = regions.BUBBLE_MAX * (p["浙江"]["n"] / n_max) ** 0.5 / 2
    box = dict(base.label_boxes(fig, "provinces"))["安徽"]
    assert not regions._circle_hits(box, cx, cy, r)


def test_fig_3_1_value_labels_do_not_overlap(bundled):
    config, stats = bundled
    fig = drawn(industries.fig_3_1, stats, config)
    boxes = base.label_boxes(fig, "shares")
    assert len(boxes) >= 18
    assert overlapping(boxes) == []
    # the A-share labels are set in the text colour, not the faint grey
    store = getattr(fig, base.LABELS_ATTR)["shares"]
    assert all(t.get_color() == style.INK for t in store)


def test_fig_4_1_every_bar_is_visible(bundled):
    config, stats = bundled
    fig = drawn(regions.fig_4_1, stats, config)
    ax = fig.axes[0]
    k = 72 / fig.dpi
    rows: dict[float, float] = {}
    for collection in ax.collections:
        for path in collection.get_paths():
            xy = ax.transData.transform(path.vertices)
            y = round(float(path.vertices[:, 1].mean()), 3)
            rows[y] = rows.get(y, 0.0) + (xy[:, 0].max() - xy[:, 0].min()) * k
    assert len(rows) == len(stats.tables["fig-4-1"])
    assert min(rows.values()) >= regions.MIN_BAR_PT - 0.01


def test_fig_3_2_labels_every_segment_including_biomedicine(bundled):
    config, stats = bundled
    spec = industries.fig_3_2.spec(stats, config)
    fig = base.draw_figure(spec)
    texts = [t for t, _ in base.label_boxes(fig, "segments")]
    i = next(j for j, n in enumerate(spec.data["names"]) if n.startswith("生物医药"))
    bio = [words.fmt_pct(b["shares"][i]) for b in spec.data["bars"]]
    assert "4.6%" in bio and "4.8%" in bio             # the shares the text discusses
    for label in bio:
        assert label in texts
    nonzero = sum(1 for b in spec.data["bars"] for v in b["shares"] if v)
    assert len(texts) == nonzero
    assert overlapping(base.label_boxes(fig, "segments")) == []


def test_radar_ring_labels_above_the_shape(bundled):
    _, stats = bundled
    fig = drawn(province.radar, stats, "浙江省")
    ax = fig.axes[0]
    rings = getattr(fig, base.LABELS_ATTR)["rings"]
    assert [t.get_text() for t in rings] == ["50%", "100%"]
    shape = max(a.get_zorder() for a in ax.patches + ax.lines)
    assert all(t.get_zorder() > shape for t in rings)


def test_fig_2_2_growth_has_its_own_labelled_axis(bundled):
    config, stats = bundled
    fig = drawn(technology.fig_2_2, stats, config)
    assert len(fig.axes) == 2
    rx = fig.axes[1]
    assert rx.spines["right"].get_visible()
    ticks = [t for t in rx.get_yticks()]
    assert len(ticks) >= 2
    labels = [t.get_text() for t in rx.texts]
    assert "专利申请增速" in labels
    # the rate labels keep off the 10% target line
    k = 72 / fig.dpi
    target = rx.transData.transform((0, 0.10))[1] * k
    for _, box in base.label_boxes(fig, "rates"):
        assert not (box[1] <= target <= box[3])


def test_source_lines_name_what_each_figure_draws_on(bundled):
    config, stats = bundled
    figures = charts.report_figures(stats, config)
    for fig in figures.values():
        assert "WIND" not in fig.source
    assert "Wind" in figures["fig-1-6"].source
    assert "国家统计局" not in figures["fig-1-6"].source and "国家知识产权局" not in figures["fig-1-6"].source
    assert "规划" in figures["fig-2-2"].source
    assert "Wind" not in figures["fig-2-2"].source and "国家统计局" not in figures["fig-2-2"].source
    assert "专利数据" in figures["fig-2-2"].source


def test_grouped_bar_labels_do_not_run_together(bundled):
    # fig 2.4: "97.94" and "92.32" on the A-share bars, wider than the bars
    config, stats = bundled
    for function in (technology.fig_2_4, technology.fig_2_2):
        fig = drawn(function, stats, config)
        boxes = base.label_boxes(fig, "values")
        assert boxes and overlapping(boxes) == []


def test_small_ranges_get_ticks_with_the_decimals_they_need_and_counts_stay_whole():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from giantreport.charts.base import value_axis
    fig, (a, b) = plt.subplots(1, 2)
    a.bar([0, 1], [1.0, 0.5])
    value_axis(a, "y")                 # a mean between 0 and 1: ticks 0.00 … 1.00, never "0 0 1"
    b.barh([0, 1], [2, 1])
    value_axis(b, "x", integer=True)   # companies: 0, 1, 2 — no half company
    fig.canvas.draw()
    ylabels = [t.get_text() for t in a.get_yticklabels()]
    xlabels = [t.get_text() for t in b.get_xticklabels()]
    assert len(set(ylabels)) == len(ylabels) and "0.50" in ylabels
    assert all("." not in t for t in xlabels) and len(set(xlabels)) == len(xlabels)
    plt.close(fig)
