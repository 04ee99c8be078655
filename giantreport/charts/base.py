"""Shared machinery: the Figure record, figure specs, SVG export, cache use and drawing helpers.

A figure function does two things, kept apart so the cache can skip the second:

1. read the statistics into `data`, a plain JSON-able dict holding *everything* the
   chart shows (labels, values, colours, texts) — cheap, no matplotlib;
2. hand a `Spec` (data + a draw function that reads only `data`) to `render`, which
   returns the cached SVG for that data or draws it.
"""
from __future__ import annotations

import dataclasses
import functools
import html
import io
import math
import re
from dataclasses import dataclass
from typing import Callable

from .. import words
from ..stats import columns as C
from ..stats.measures import batch_keys
from ..svgsafe import PENDING_ATTR
from . import style
from .cache import ChartCache, cache_key, open_cache


@dataclass(frozen=True)
class Figure:
    key: str            # "fig-1-1"
    number: str         # "1.1"
    title: str          # 图题 without the number
    svg: str            # inline <svg …>…</svg>: width/height in pt and a viewBox, no prolog
    source: str         # 资料来源
    note: str | None    # 注
    alt: str            # short text alternative


@dataclass
class Spec:
    key: str
    number: str
    title: str
    source: str
    note: str | None
    alt: str
    data: dict
    draw: Callable      # draw(fig, data) -> None; fig is a fresh matplotlib Figure of data["size"]
    palette: style.Palette = style.HOUSE    # the colours it was read with and is drawn with (set by `chart`)
    builder: str = ""                       # the figure function's name (set by `chart`): with data and
                                            # palette, the chart cache's key (charts/cache.py)


# ------------------------------------------------------------------ SVG

_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


def house_text(fig) -> None:
    """Every text drawn (ticks, labels, legend, annotations) in the house spacing and signs of
    docs/style.md (giantreport.words.tidy): "A股" → "A 股", "1–9件" → "1～9 件"."""
    from matplotlib.text import Text

    for artist in fig.findobj(Text):
        text = artist.get_text()
        tidied = words.tidy(text)
        if tidied != text:
            artist.set_text(tidied)


def draw_figure(spec: Spec):
    """The spec drawn on a fresh matplotlib Figure (not saved): for SVG export and for checks that
    read the drawn artists (label boxes, bar widths)."""
    from matplotlib.figure import Figure as MplFigure

    with style.using(spec.palette), style.house_style(spec.key):
        width, height = spec.data["size"]
        fig = MplFigure(figsize=(width, height))
        spec.draw(fig, spec.data)
        house_text(fig)
    return fig


def draw_svg(spec: Spec) -> str:
    """Draw the spec with matplotlib (object API, no pyplot state) and return clean SVG markup.

    No layout engine: each draw function places its axes with `frame()` from margins it
    computes from its own labels (constrained layout would double the drawing time)."""
    from matplotlib.figure import Figure as MplFigure

    with style.using(spec.palette), style.house_style(spec.key):
        width, height = spec.data["size"]
        fig = MplFigure(figsize=(width, height))
        spec.draw(fig, spec.data)
        house_text(fig)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return clean_svg(buf.getvalue())


_FAMILY = re.compile(r"font-family: ('[^']*')")
_REF = re.compile(r"""(?:url\(#|href=["']#)([^)"']+)""")
_ID = re.compile(r' id="([^"]*)"')
_EMPTY_GROUP = re.compile(r"\n\s*<g/>")
_NO_ROTATION = re.compile(r' transform="rotate\(-0 [-\d.e]+ [-\d.e]+\)"')
CSS_CLASS = "giantreport-chart"


def clean_svg(text: str) -> str:
    """Inline-ready: no XML prolog/doctype, no comments (they repeat the text), no empty metadata;
    text elements name CSS fallback fonts after the report font."""
    text = text[text.index("<svg"):]
    text = _COMMENT.sub("", text)
    text = _METADATA.sub("", text)
    text = _FAMILY.sub(lambda m: f"font-family: {m.group(1)}, {style.CSS_FAMILY_FALLBACKS}", text)
    # matplotlib names every group (figure_1, axes_1, text_3 …): the same names in every chart,
    # so duplicate ids once several charts share a page. Keep only ids something refers to
    # (clip paths, markers: hashed with the per-figure salt, hence unique between figures).
    used = set(_REF.findall(text))
    text = _ID.sub(lambda m: m.group(0) if m.group(1) in used else "", text)
    text = _EMPTY_GROUP.sub("", text)
    text = _NO_ROTATION.sub("", text)
    text = _flatten_groups(text)
    text = _presentation_attributes(text)
    return text.rstrip() + "\n"


_GROUP_TAG = re.compile(r"<g>\s*|<g\s[^>]*?(?<!/)>|</g>\s*")


def _flatten_groups(text: str) -> str:
    """Drop the <g> wrappers that carry nothing (matplotlib writes one around every artist; with
    their ids gone they only cost renderers a node each: 1,212 of 1,225 groups in the report)."""
    keep: list[bool] = []

    def one(m: re.Match) -> str:
        tag = m.group(0)
        if tag.startswith("</g>"):
            return tag if keep.pop() else ""
        keep.append(not tag.startswith("<g>"))
        return tag if keep[-1] else ""

    return _GROUP_TAG.sub(one, text)


_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_STYLESHEET = re.compile(r'\s*<defs>\s*<style type="text/css">\*\{([^}]*)\}</style>\s*</defs>')


def _presentation_attributes(text: str) -> str:
    """style="fill: #fff; stroke-width: 0.6" → fill="#fff" stroke-width="0.6", and matplotlib's
    "*{stroke-linejoin: round; …}" sheet → the same properties on the root (they inherit). Same
    drawing; no CSS to parse per element (WeasyPrint: ~10 % of the PDF writing), and no <style>
    in the HTML page."""
    def attributes(declarations: str) -> str:
        out = []
        for declaration in declarations.split(";"):
            name, sep, value = declaration.partition(":")
            if sep and name.strip():
                value = html.escape(value.strip(), quote=False).replace('"', "&quot;")
                out.append(f' {name.strip()}="{value}"')
        return "".join(out)

    sheet = _STYLESHEET.search(text)
    if sheet is not None:
        text = text[:sheet.start()] + text[sheet.end():]
        text = text.replace("<svg ", "<svg" + attributes(sheet.group(1)) + " ", 1)
    return _STYLE_ATTR.sub(lambda m: attributes(html.unescape(m.group(1))), text)


def finish_svg(svg: str, alt: str) -> str:
    """Accessible root element: role=img and the text alternative (attribute-escaped)."""
    label = html.escape(alt, quote=True)
    return svg.replace("<svg ", f'<svg class="{CSS_CLASS}" role="img" aria-label="{label}" ', 1)


def _figure(spec: Spec, svg: str) -> Figure:
    return Figure(spec.key, spec.number, spec.title, svg, spec.source, spec.note, spec.alt)


def _cached(spec: Spec, cache: ChartCache | None, function_name: str) -> str | None:
    return cache.get(cache_key(function_name, spec.data, spec.palette)) if cache is not None else None


def render(spec: Spec, cache: ChartCache | None, function_name: str) -> Figure:
    svg = _cached(spec, cache, function_name)
    if svg is None:
        svg = draw_svg(spec)
        if cache is not None:
            cache.put(cache_key(function_name, spec.data, spec.palette), svg)
    return _figure(spec, finish_svg(svg, spec.alt))


@dataclass
class Pending:
    """A figure whose drawing was put off (``defer=``): its Figure carries a placeholder SVG of the
    final width and height, enough to lay out the page; `draw()` gives the real SVG markup."""
    token: str
    spec: Spec
    function_name: str
    cache: ChartCache | None

    def draw(self) -> str:
        return render(self.spec, self.cache, self.function_name).svg


def placeholder_svg(spec: Spec, token: str) -> str:
    """An empty <svg> of the chart's size (pt, as matplotlib writes it), marked with its token as the
    root's first attribute (found near the start however long the aria-label is)."""
    width, height = (72.0 * v for v in spec.data["size"])
    svg = finish_svg(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}pt" height="{height:g}pt" '
                     f'viewBox="0 0 {width:g} {height:g}"></svg>\n', spec.alt)
    return svg.replace("<svg ", f'<svg {PENDING_ATTR}="{html.escape(token, quote=True)}" ', 1)


def fill_pending(figure: Figure, drawn: dict[str, str]) -> Figure:
    """The figure with its placeholder replaced by the drawn SVG (`drawn`: token -> Pending.draw())."""
    m = _PENDING_TOKEN.search(figure.svg[:2000]) if figure is not None else None
    return figure if m is None else dataclasses.replace(figure, svg=drawn[m.group(1)])


_PENDING_TOKEN = re.compile(f'{PENDING_ATTR}="([^"]+)"')


def chart(builder):
    """Turn a spec builder `f(*args) -> Spec | None` into the figure function
    `f(*args, cache=None, defer=None, palette=None) -> Figure | None` (None: the data for this figure
    is absent); `f.spec(*args, palette=None)` gives the Spec. `palette` (style.Palette; None: the one in
    use) is in use while the builder reads the data and recorded in the Spec, which is drawn with it.

    With a list as `defer`, a figure not in the cache is not drawn: it comes back with a placeholder
    SVG and a :class:`Pending` is appended to the list (draw it later, e.g. while the PDF is laid out)."""
    @functools.wraps(builder)
    def spec_of(*args, palette: style.Palette | None = None) -> Spec | None:
        palette = palette or style.palette()
        with style.using(palette):
            spec = builder(*args)
        if spec is not None:
            spec.palette = palette
            spec.builder = builder.__name__
        return spec

    @functools.wraps(builder)
    def figure_function(*args, cache=None, defer=None, palette=None):
        spec = spec_of(*args, palette=palette)
        if spec is None:
            return None
        cache = open_cache(cache)
        if defer is not None:
            svg = _cached(spec, cache, builder.__name__)
            if svg is not None:
                return _figure(spec, finish_svg(svg, spec.alt))
            token = f"{spec.key}#{len(defer) + 1}"
            defer.append(Pending(token, spec, builder.__name__, cache))
            return _figure(spec, placeholder_svg(spec, token))
        return render(spec, cache, builder.__name__)
    figure_function.spec = spec_of
    return figure_function


# ------------------------------------------------------------------ reading stats

def num(value) -> float | None:
    """A float, or None for missing/NaN/NA."""
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def batches_phrase(stats) -> str:
    """"四批" for four batches; the batch's own name when there is only one."""
    return words.batches_word(batch_keys(stats))


def heading(key: str, stats, compared: bool = False, **values) -> tuple[str, str]:
    """(number, title) of report figure `key`, as giantreport.definition words it for these data."""
    from .. import definition as D
    return D.number(key), D.figure(key).caption(batches_phrase(stats), compared, **values)


def benchmark(stats, *path):
    """An outside reference figure, or None. Stats.benchmarks when the engine provides it
    (or summary["benchmarks"]); callers fall back to comparator columns of the tables."""
    node = getattr(stats, "benchmarks", None) or stats.summary.get("benchmarks") or {}
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def table_value(table, row_col: str, row_value, column: str):
    """One cell of a stats table by row label, or None when the row/column is absent."""
    if table is None or column not in table.columns or row_col not in table.columns:
        return None
    labels = [str(v) for v in table[row_col].tolist()]
    try:
        i = labels.index(str(row_value))
    except ValueError:
        return None
    return num(table[column].iloc[i])


def as_of_cn(stats) -> str:
    return words.cn_date(str(stats.summary.get("as_of") or stats.as_of))


BASE_SOURCE = "工信部公示名单；giantreport 计算"
PATENT_SOURCE = "工信部公示名单；专利数据；giantreport 计算"


#: What each outside benchmark block of the bundled benchmarks.yaml rests on, named per figure
#: instead of the file's whole list (国家统计局；国家知识产权局；Wind …) under every chart.
BLOCK_SOURCES = {
    "national": "国家统计局（全国企业数、就业人数）；国家知识产权局（全国企业有效发明专利）",
    "national_inventions": "国家知识产权局（全国企业平均有效发明专利量）",
    "ashare": "Wind 上市公司数据；智慧芽专利数据（A 股上市企业平均值，据智慧芽《2022 专精特新“小巨人”企业科创能力报告》）",
    "boards": "Wind 上市公司数据（各板块上市企业数）",
    "industries": "Wind 上市公司数据（A 股上市企业的产业领域构成，据智慧芽《2022 专精特新“小巨人”企业科创能力报告》）",
    "industry_patents": "Wind 上市公司数据；智慧芽专利数据（A 股上市企业分产业领域的平均有效发明专利量，"
                        "据智慧芽《2022 专精特新“小巨人”企业科创能力报告》）",
    "policy_growth_target": "《“十四五”促进中小企业发展规划》（专利申请年均增长目标）",
}


_BLOCK_OF = {"national_inventions": "national", "industry_patents": "industries"}    # BLOCK_SOURCES key → yaml block


@functools.cache
def _bundled_source() -> str | None:
    from ..data.load import default_benchmarks
    return default_benchmarks().get("source")


def _wind(text: str) -> str:
    """The data vendor's name as it spells it: Wind, not WIND."""
    return re.sub(r"\bWIND\b", "Wind", text)


def benchmark_source(stats, *blocks: str) -> str:
    """The source of the benchmark blocks one figure uses: a block's own `source` when the
    benchmarks give one; for the bundled benchmarks what that block rests on (BLOCK_SOURCES); for
    a data folder's own benchmarks.yaml its top-level `source`."""
    overall = benchmark(stats, "source")
    parts: list[str] = []
    for block in blocks:
        node = benchmark(stats, _BLOCK_OF.get(block, block))
        own = node.get("source") if isinstance(node, dict) else None
        if own:
            text = str(own)
        elif overall and overall != _bundled_source():
            text = str(overall)
        else:
            text = BLOCK_SOURCES.get(block) or overall or "外部基准数据（benchmarks.yaml）"
        if text not in parts:
            parts.append(text)
    return _wind("；".join(parts))


def with_benchmark_source(stats, base: str, used: bool, *blocks: str) -> str:
    """`base` followed by the benchmark blocks the figure draws on (when `used`)."""
    if not used:
        return base
    if not blocks:
        extra = _wind(benchmark(stats, "source") or "外部基准数据（benchmarks.yaml）")
    else:
        extra = benchmark_source(stats, *blocks)
    return f"{base}；{extra}"


# ------------------------------------------------------------------ batch-indexed data

TOTAL_LABEL = "全部小巨人"
ASHARE_LABEL = "A股上市企业"
NATIONAL_LABEL = "全国企业"


def batch_column(stats, table_key: str, column: str, total: bool = True) -> tuple[list[str], list[float | None]]:
    """(labels, values) of one column of a per-batch table: 第一批 … 第N批 [, 全部小巨人]."""
    table = stats.tables.get(table_key)
    keys = batch_keys(stats)
    labels = [words.batch_name(b) for b in keys]
    values = [table_value(table, C.label("batch"), b, column) for b in keys]
    if total:
        labels.append(TOTAL_LABEL)
        values.append(table_value(table, C.label("batch"), "总计", column))
    return labels, values


def batch_palette(stats, total: bool = True) -> list[str]:
    colours = style.palette().batch_colours(len(batch_keys(stats)))
    return colours + ([style.palette().total] if total else [])


def wrap_label(label: str, width: int = 4) -> str:
    """Break a long category label onto two lines (CJK: by characters)."""
    if "\n" in label or len(label) <= width:
        return label
    if label == TOTAL_LABEL:
        return "全部\n小巨人"
    if label == ASHARE_LABEL:
        return "A股\n上市企业"
    if label == NATIONAL_LABEL:
        return "全国\n企业"
    cut = (len(label) + 1) // 2
    return label[:cut] + "\n" + label[cut:]


# ------------------------------------------------------------------ drawing helpers (need matplotlib)
#
# Speed matters (every chart of the report is drawn on each uncached build), so these avoid
# matplotlib's costlier conveniences: bars are one PolyCollection instead of a Rectangle
# per bar, category labels are plain texts instead of Tick objects, hidden axes get no
# tick locator, legends are a few patches and texts instead of a Legend box, and no
# layout engine runs (axes are placed by `frame` from the labels' estimated widths).

@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    colour: str


def draw_bars(ax, bars: list[Bar], edge: str | None = None) -> list[Bar]:
    from matplotlib.collections import PolyCollection

    if bars:
        verts = [((b.x, b.y), (b.x + b.w, b.y), (b.x + b.w, b.y + b.h), (b.x, b.y + b.h)) for b in bars]
        ax.add_collection(PolyCollection(verts, facecolors=[b.colour for b in bars],
                                         edgecolors=edge or "none", linewidths=0.4 if edge else 0), autolim=False)
    return bars


def vbars(ax, xs, heights, width, colours, bottoms=None, edge=None) -> list[Bar]:
    colours = colours if isinstance(colours, (list, tuple)) else [colours] * len(xs)
    bottoms = bottoms or [0.0] * len(xs)
    return draw_bars(ax, [Bar(x - width / 2, b, width, h or 0.0, c)
                          for x, h, b, c in zip(xs, heights, bottoms, colours)], edge)


def hbars(ax, ys, lengths, height, colours, lefts=None, edge=None) -> list[Bar]:
    colours = colours if isinstance(colours, (list, tuple)) else [colours] * len(ys)
    lefts = lefts or [0.0] * len(ys)
    return draw_bars(ax, [Bar(left, y - height / 2, w or 0.0, height, c)
                          for y, w, left, c in zip(ys, lengths, lefts, colours)], edge)


def bar_labels(ax, bars: list[Bar], labels, inside: bool = False, horizontal: bool = False, colour=None,
               size: float = style.SMALL, padding: float = 2) -> list:
    """Value labels at the end of each bar (outside), or centred inside it; returns the texts."""
    out = []
    for bar, label in zip(bars, labels):
        if label is None or label == "":
            continue
        if inside:
            out.append(ax.annotate(label, (bar.x + bar.w / 2, bar.y + bar.h / 2), ha="center", va="center",
                                   fontsize=size, color=colour or style.text_on(bar.colour)))
        elif horizontal:
            out.append(ax.annotate(label, (bar.x + bar.w, bar.y + bar.h / 2), xytext=(padding, 0),
                                   textcoords="offset points", ha="left", va="center", fontsize=size,
                                   color=colour or style.INK))
        else:
            out.append(ax.annotate(label, (bar.x + bar.w / 2, bar.y + bar.h), xytext=(0, padding),
                                   textcoords="offset points", ha="center", va="bottom", fontsize=size,
                                   color=colour or style.INK))
    return out


def category_axis(ax, positions, labels, axis: str = "x", size: float = style.SIZE, pad: float = 4,
                  colour: str = style.INK) -> None:
    """Category names beside the bars, as texts (no ticks)."""
    from matplotlib.ticker import NullLocator

    if axis == "x":
        ax.xaxis.set_major_locator(NullLocator())
        for p, lab in zip(positions, labels):
            ax.annotate(lab, (p, 0), xycoords=("data", "axes fraction"), xytext=(0, -pad), textcoords="offset points",
                        ha="center", va="top", fontsize=size, color=colour, multialignment="center")
    else:
        ax.yaxis.set_major_locator(NullLocator())
        for p, lab in zip(positions, labels):
            ax.annotate(lab, (0, p), xycoords=("axes fraction", "data"), xytext=(-pad, 0), textcoords="offset points",
                        ha="right", va="center", fontsize=size, color=colour, multialignment="right")


def value_axis(ax, axis: str = "y", percent: bool = False, decimals: int = 0, integer: bool = False) -> None:
    """Light grid on the value axis, thousands separators or percent ticks; ``integer``: counts (no 0.5 company)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    scale = 100 if percent else 1

    def places() -> int:
        """Decimals the ticks need: a step of 0.25 on a small range prints 0.25, never "0 0 1" (decimals at least)."""
        locs = target.get_majorticklocs()
        step = min((b - a for a, b in zip(locs, locs[1:]) if b > a), default=1) * scale
        for d in range(decimals, 4):
            if abs(round(step * 10 ** d) - step * 10 ** d) < 1e-6:
                return d
        return 3

    if percent:
        target.set_major_formatter(FuncFormatter(lambda v, _: f"{v * 100:.{places()}f}%"))
    else:
        target.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.{places()}f}"))
    target.set_major_locator(MaxNLocator(nbins=5, min_n_ticks=1 if integer else 3, integer=integer))
    ax.grid(True, axis=axis, which="major")


def no_ticks(ax) -> None:
    from matplotlib.ticker import NullLocator

    ax.xaxis.set_major_locator(NullLocator())
    ax.yaxis.set_major_locator(NullLocator())


def hide_value_axis(ax, axis: str = "y") -> None:
    """Bars carry their own labels: no value axis (and no tick objects at all)."""
    from matplotlib.ticker import NullLocator

    if axis == "y":
        ax.spines["left"].set_visible(False)
        ax.yaxis.set_major_locator(NullLocator())
    else:
        ax.spines["bottom"].set_visible(False)
        ax.xaxis.set_major_locator(NullLocator())


def frame(fig, left: float = 6, right: float = 6, top: float = 18, bottom: float = 20, ncols: int = 1,
          wspace: float = 18, width_ratios=None, nrows: int = 1, hspace: float = 24, height_ratios=None,
          **kwargs):
    """Axes placed by margins in pt (figure edge → axes edge) with gaps of `wspace`/`hspace` pt.

    Returns one axes, or a list (row-major) when there are several."""
    w_pt, h_pt = (v * 72 for v in fig.get_size_inches())
    width_ratios = width_ratios or [1] * ncols
    height_ratios = height_ratios or [1] * nrows
    # margins from labels too wide for the figure: give the axes at least a quarter of it (the labels
    # overrun the edge rather than the drawing fail); callers shorten data labels with fit_label first
    spare_w, spare_h = w_pt * 0.75 - wspace * (ncols - 1), h_pt * 0.75 - hspace * (nrows - 1)
    if left + right > spare_w > 0:
        left, right = left * spare_w / (left + right), right * spare_w / (left + right)
    if top + bottom > spare_h > 0:
        top, bottom = top * spare_h / (top + bottom), bottom * spare_h / (top + bottom)
    avail_w = w_pt - left - right - wspace * (ncols - 1)
    avail_h = h_pt - top - bottom - hspace * (nrows - 1)
    axes = []
    y = h_pt - top
    for r in range(nrows):
        h = avail_h * height_ratios[r] / sum(height_ratios)
        y -= h
        x = left
        for c in range(ncols):
            w = avail_w * width_ratios[c] / sum(width_ratios)
            axes.append(fig.add_axes((x / w_pt, y / h_pt, w / w_pt, h / h_pt), **kwargs))
            x += w + wspace
        y -= hspace
    return axes[0] if len(axes) == 1 else axes


def text_width_pt(text: str, size: float) -> float:
    """Estimated width of a one-line label in pt: CJK and full-width characters are 1 em in the
    report font, digits and most Latin ~0.56 em (close enough for margins and legend spacing)."""
    wide = sum(1 for ch in text if ord(ch) > 0x2E7F or ch in "“”‘’·—…")
    return (wide + 0.56 * (len(text) - wide)) * size


def label_width(labels, size: float = style.SIZE) -> float:
    """Widest of the labels in pt (multi-line labels: widest line)."""
    return max([text_width_pt(line, size) for lab in labels for line in str(lab).split("\n")] + [0])


ELLIPSIS = "…"
LABEL_SHARE = 0.45      # a category label from the data takes at most this share of the chart's width


def fit_label(label: str, max_pt: float, size: float = style.SIZE) -> str:
    """A one-line label cut to at most `max_pt` wide with an ellipsis (names from the data can be any
    length; the full name stays in the tables, the CSV and the text alternative)."""
    label = str(label)
    if text_width_pt(label, size) <= max_pt:
        return label
    room, used, kept = max_pt - text_width_pt(ELLIPSIS, size), 0.0, []
    for ch in label:
        used += text_width_pt(ch, size)
        if used > room:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + ELLIPSIS


def fit_labels(labels, max_pt: float, size: float = style.SIZE) -> list[str]:
    return [fit_label(lab, max_pt, size) for lab in labels]


def unit_title(ax, text: str | None, x: float = 0.0) -> None:
    """The small grey 单位 line just above the axes' top-left corner."""
    if text:
        ax.annotate(text, (x, 1), xycoords="axes fraction", xytext=(0, 5), textcoords="offset points",
                    ha="left", va="bottom", fontsize=style.UNIT, color=style.MUTED)


def panel_title(ax, text: str, unit: str | None = None, offset: float = 6) -> None:
    """Bold heading of one panel at its top-left, its unit at the top-right (`offset` pt above the axes)."""
    ax.annotate(text, (0, 1), xycoords="axes fraction", xytext=(0, offset), textcoords="offset points",
                ha="left", va="bottom", fontsize=style.PANEL, fontweight="bold", color=style.INK)
    if unit:
        ax.annotate(unit, (1, 1), xycoords="axes fraction", xytext=(0, offset), textcoords="offset points",
                    ha="right", va="bottom", fontsize=style.UNIT, color=style.MUTED)


def legend(ax, entries, anchor: str = "right", offset: float = 5, size: float = style.SIZE, column: bool = False,
           x: float | None = None, dx: float = 0.0) -> None:
    """A legend row (or a column) above the axes, as swatches and texts.

    entries: (kind, colour, label), kind "box", "line", "dot" (line with marker) or "dash".
    anchor "right" ends the row at the axes' right edge, "left" starts it at the left edge
    (or at axes-fraction x), moved `dx` pt. The text baseline is `offset` pt above the axes top
    (for a column: the last entry's; the column grows upwards)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Affine2D, ScaledTranslation

    fig = ax.figure
    swatch, gap, spacing = 9.0, 3.0, 11.0
    widths = [swatch + gap + text_width_pt(label, size) for _, _, label in entries]
    if column:
        positions = [(0.0, offset + (len(entries) - 1 - i) * (size + 5)) for i in range(len(entries))]
        total = max(widths + [0])
    else:
        total = sum(widths) + spacing * (len(entries) - 1)
        run, positions = 0.0, []
        for w in widths:
            positions.append((run, offset))
            run += w + spacing
    x0 = (1.0 if anchor == "right" else 0.0) if x is None else x
    shift = -total if anchor == "right" else 0.0
    # geometry in pt relative to the anchor point (x0, 1) of the axes
    in_pt = Affine2D().scale(1 / 72) + fig.dpi_scale_trans + ScaledTranslation(x0, 1, ax.transAxes)
    for (kind, colour, label), (ex, dy) in zip(entries, positions):
        left, mid = ex + shift + dx, dy + size * 0.33
        if kind == "box":
            ax.add_patch(Rectangle((left, dy - size * 0.06), swatch, size * 0.74, facecolor=colour, edgecolor="none",
                                   transform=in_pt, clip_on=False))
        else:
            line = Line2D([left, left + swatch / 2, left + swatch], [mid] * 3, transform=in_pt, color=colour,
                          linewidth=0.8 if kind == "dash" else 1.3, clip_on=False,
                          linestyle=(0, (2.5, 1.5)) if kind == "dash" else "-")
            if kind == "dot":
                line.set(marker="o", markersize=3, markevery=[1])
            ax.add_line(line)
        ax.annotate(label, (x0, 1), xycoords="axes fraction", xytext=(left + swatch + gap, dy),
                    textcoords="offset points", ha="left", va="baseline", fontsize=size, color=style.INK,
                    annotation_clip=False)


def category_bars(ax, labels, values, colours, fmt=words.fmt_auto, wrap: int | None = 4, width: float = 0.62,
                  label_size: float = style.SMALL, tick_size: float = style.SIZE, headroom: float = 1.16) -> list[Bar]:
    """Vertical bars, one per category, each labelled above; no value axis (the labels carry it)."""
    xs = list(range(len(labels)))
    heights = [v if v is not None else 0.0 for v in values]
    bars = vbars(ax, xs, heights, width, list(colours))
    bar_labels(ax, bars, [fmt(v) if v is not None else "—" for v in values], size=label_size)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    top = max(heights + [0.0])
    ax.set_ylim(0, top * headroom if top > 0 else 1)
    hide_value_axis(ax, "y")
    category_axis(ax, xs, [wrap_label(lab, wrap) if wrap else lab for lab in labels], "x", size=tick_size)
    return bars


def grouped_bars(ax, labels, series, fmt, width: float = 0.8, wrap: int = 6, label_size: float = style.SMALL,
                 headroom: float = 1.15) -> None:
    """Bars side by side within each category, every bar labelled; no value axis."""
    n = len(series)
    w = width / n
    xs = list(range(len(labels)))
    top = 0.0
    groups: list[list] = [[] for _ in xs]
    for i, s in enumerate(series):
        heights = [v if v is not None else 0.0 for v in s["values"]]
        bars = vbars(ax, [x - width / 2 + w * (i + 0.5) for x in xs], heights, w * 0.92, s["colour"])
        for x, bar, v in zip(xs, bars, s["values"]):
            groups[x] += bar_labels(ax, [bar], [fmt(v) if v is not None else "—"], size=label_size)
        top = max([top] + heights)
    ax.set_xlim(-0.55, len(labels) - 0.45)
    ax.set_ylim(0, top * headroom if top > 0 else 1)
    # a label wider than its bar that runs into its left neighbour's label is lifted above it
    fig = ax.figure
    for texts in groups:
        placed = []
        for t in texts:
            box = text_box_pt(t, fig)
            for other in placed:
                if boxes_overlap(box, other, 0.5):
                    lift = other[3] + 0.5 - box[1]
                    move_text_pt(t, fig, 0, lift)
                    box = (box[0], box[1] + lift, box[2], box[3] + lift)
            placed.append(box)
    register_labels(fig, "values", [t for texts in groups for t in texts])
    hide_value_axis(ax, "y")
    category_axis(ax, xs, [wrap_label(lab, wrap) for lab in labels], "x")


def rate_line(ax, xs, rates, colour: str | None = None, band=(0.58, 0.86), reference=None,
              reference_label: str | None = None, axis_label: str | None = None):
    """A rate drawn over the bars on its own axis at the right (a second y axis whose ticks span only
    the upper `band` of the height, so the line sits clear of the bars below: callers top the bars
    out at about half height), labelled `axis_label`. Labelled points, on a white backing and moved
    below the point where a label would sit on the reference line. Returns the rate axes."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    colour = colour or style.palette().accent
    values = [r for r in rates if r is not None] + ([reference] if reference is not None else [])
    lo, hi = min(values + [0.0]), max(values + [0.0])
    if hi <= lo:
        hi = lo + 0.01
    ticks = [t for t in MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)]
    t0, t1 = min(ticks[0], lo), max(ticks[-1], hi)
    ticks = [t for t in ticks if t0 - 1e-12 <= t <= t1 + 1e-12]
    b0, b1 = band
    span = t1 - t0
    rx = ax.twinx()
    rx.set_ylim(t0 - span * b0 / (b1 - b0), t1 + span * (1 - b1) / (b1 - b0))
    rx.set_xlim(ax.get_xlim())
    for side in ("top", "left", "bottom"):
        rx.spines[side].set_visible(False)
    rx.spines["right"].set_visible(True)
    rx.spines["right"].set_bounds(t0, t1)
    rx.spines["right"].set_color(colour)
    rx.set_yticks(ticks)
    decimals = 0 if all(abs(t * 100 - round(t * 100)) < 1e-9 for t in ticks) else 1
    rx.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v * 100:.{decimals}f}%"))
    rx.tick_params(axis="y", colors=colour, labelcolor=colour, labelsize=style.SMALL, length=2.5, pad=2)
    rx.xaxis.set_visible(False)
    if axis_label:        # beside the tick labels, centred on the band the axis spans
        from matplotlib.font_manager import FontProperties
        rend, font = renderer(ax.figure), FontProperties(size=style.SMALL)
        widest = max(rend.get_text_width_height_descent(f"{t * 100:.{decimals}f}%", font, ismath=False)[0]
                     for t in ticks) * 72 / ax.figure.dpi
        room = 2.5 + 2 + widest + 3
        rx.annotate(axis_label, (1, (b0 + b1) / 2), xycoords="axes fraction", xytext=(room, 0),
                    textcoords="offset points", rotation=90, ha="center", va="top", rotation_mode="anchor",
                    fontsize=style.SMALL, color=colour)
    pts = [(x, r) for x, r in zip(xs, rates) if r is not None]
    rx.plot([x for x, _ in pts], [r for _, r in pts], color=colour, marker="o", markersize=3.5, linewidth=1.4,
            zorder=4)
    ref_y = None
    if reference is not None:
        rx.axhline(reference, color=style.MUTED, linewidth=0.8, linestyle=(0, (4, 3)), zorder=2)
        rx.annotate(reference_label or words.fmt_pct(reference), (1, reference),
                    xycoords=("axes fraction", "data"), xytext=(-3, -3), textcoords="offset points", ha="right",
                    va="top", fontsize=style.SMALL, color=style.MUTED)
        ref_y = rx.transData.transform((0, reference))[1] * 72 / ax.figure.dpi
    texts = []
    for x, r in pts:
        t = rx.annotate(words.fmt_pct(r), (x, r), xytext=(0, 5), textcoords="offset points", ha="center",
                        va="bottom", fontsize=style.SMALL, color=colour, fontweight="bold", zorder=5,
                        bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none"))
        if ref_y is not None:
            box = text_box_pt(t, ax.figure)
            if box[1] - 1.5 <= ref_y <= box[3] + 1.5:          # on the reference line: below the point
                t.xyann = (0, -5)
                t.set_va("top")
        texts.append(t)
    register_labels(ax.figure, "rates", texts)
    return rx



# ------------------------------------------------------------------ label placement

LABELS_ATTR = "_giantreport_labels"


def renderer(fig):
    """A renderer to measure text with (Agg at the figure's dpi: the same font metrics the SVG uses)."""
    if getattr(fig.canvas, "get_renderer", None) is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def text_box_pt(text, fig) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a drawn Text in pt from the figure's lower-left corner."""
    bb = text.get_window_extent(renderer(fig))
    k = 72 / fig.dpi
    return (bb.x0 * k, bb.y0 * k, bb.x1 * k, bb.y1 * k)


def register_labels(fig, group: str, texts) -> None:
    """Remember the data labels of a chart under `group` (checked by the tests: no two overlap)."""
    store = getattr(fig, LABELS_ATTR, None)
    if store is None:
        store = {}
        setattr(fig, LABELS_ATTR, store)
    store.setdefault(group, []).extend(t for t in texts if t is not None)


def label_boxes(fig, group: str | None = None) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, box in pt) of the labels a draw function registered (all groups, or one)."""
    store = getattr(fig, LABELS_ATTR, None) or {}
    groups = [group] if group is not None else sorted(store)
    return [(t.get_text(), text_box_pt(t, fig)) for g in groups for t in store.get(g, [])]


def boxes_overlap(a, b, pad: float = 0.0) -> bool:
    return not (a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1] or b[3] + pad <= a[1])


def repel(boxes, fixed=(), bounds=None, axis: str = "y", pad: float = 0.8, rounds: int = 200):
    """Nudge boxes (x0, y0, x1, y1) apart until none overlaps another or a fixed box: deterministic,
    pairwise, along `axis` ("y", "x" or "xy": the axis of least overlap). Returns the moved boxes in
    the input order; `bounds` (x0, y0, x1, y1) keeps them inside."""
    out = [list(b) for b in boxes]

    def shift(b, dx, dy):
        b[0] += dx; b[2] += dx; b[1] += dy; b[3] += dy
        if bounds is not None:
            fx = max(bounds[0] - b[0], 0) - max(b[2] - bounds[2], 0)
            fy = max(bounds[1] - b[1], 0) - max(b[3] - bounds[3], 0)
            b[0] += fx; b[2] += fx; b[1] += fy; b[3] += fy

    def push(a, b):
        """(dx, dy) that moves a off b, along the chosen axis."""
        ox = min(a[2], b[2]) - max(a[0], b[0]) + pad
        oy = min(a[3], b[3]) - max(a[1], b[1]) + pad
        use_y = axis == "y" or (axis == "xy" and oy <= ox)
        if use_y:
            sign = 1 if (a[1] + a[3]) >= (b[1] + b[3]) else -1
            return 0.0, sign * oy
        sign = 1 if (a[0] + a[2]) >= (b[0] + b[2]) else -1
        return sign * ox, 0.0

    for _ in range(rounds):
        moved = False
        for i, a in enumerate(out):
            for f in fixed:
                if boxes_overlap(a, f):
                    dx, dy = push(a, f)
                    shift(a, dx, dy)
                    moved = True
            for j in range(i + 1, len(out)):
                b = out[j]
                if boxes_overlap(a, b):
                    dx, dy = push(a, b)
                    shift(a, dx / 2, dy / 2)
                    shift(b, -dx / 2, -dy / 2)
                    moved = True
        if not moved:
            break
    return [tuple(b) for b in out]


def move_text_pt(text, fig, dx: float, dy: float) -> None:
    """Move a Text (or Annotation) by (dx, dy) pt on the page."""
    from matplotlib.text import Annotation

    if isinstance(text, Annotation) and text.get_anncoords() == "offset points":
        ox, oy = text.xyann
        text.xyann = (ox + dx, oy + dy)
        return
    x, y = text.get_transform().transform(text.get_position())
    k = fig.dpi / 72
    text.set_position(text.get_transform().inverted().transform((x + dx * k, y + dy * k)))


def separate_labels(fig, texts, fixed=(), axis: str = "y", pad: float = 0.6) -> None:
    """Measure the texts and nudge overlapping ones apart (`repel`), moving the drawn texts."""
    texts = [t for t in texts if t is not None]
    boxes = [text_box_pt(t, fig) for t in texts]
    moved = repel(boxes, fixed, axis=axis, pad=pad)
    for t, old, new in zip(texts, boxes, moved):
        if new != old:
            move_text_pt(t, fig, new[0] - old[0], new[1] - old[1])
