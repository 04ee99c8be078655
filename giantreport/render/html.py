"""HTML from the Jinja templates: the standalone report/briefing page and the input to the PDF.

One HTML string serves both outputs: ``report.css`` carries the shared and print rules (A4
pages, running header, bookmarks) for WeasyPrint, ``screen.css`` (media="screen") the
responsive column and scrolling tables for browsers. The page is self-contained: CSS and
chart SVG are inline and nothing refers to an outside URL (for the PDF, pdf.py moves the
inline charts into in-memory images, see ``pdf.charts_as_images``).

Autoescaping is on for every template: company names, table cells and chart titles are
text. Only two things are marked safe: the stylesheet (read from the assets) and chart
SVG, which is sanitised first (no scripts, event handlers, foreign objects or remote links).
"""
from __future__ import annotations

import datetime as dt
import html as htmllib
import math
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Mapping

import jinja2
import pandas as pd
from markupsafe import Markup

from .. import __version__
from .. import edition as E
from .. import narrative as N
from ..resources import asset_path
from ..svgsafe import sanitise

# ---------------------------------------------------------------- the figures of the report

#: key → (number, fallback title). Chart titles from giantreport.charts take precedence.
FIGURES: dict[str, tuple[str, str]] = {
    "fig-1-1": ("1.1", "各批次专精特新“小巨人”企业数量及累计数量"),
    "fig-1-2": ("1.2", "各批次企业的平均员工规模与成立年限中位数"),
    "fig-1-3": ("1.3", "“小巨人”企业在全国企业中的数量、就业与技术占比"),
    "fig-1-4": ("1.4", "各批次企业的上市与一级市场融资情况"),
    "fig-1-5": ("1.5", "“小巨人”企业在各级资本市场的分布"),
    "fig-1-6": ("1.6", "A 股各板块上市企业中“小巨人”的占比"),
    "fig-2-1": ("2.1", "各批次企业的专利规模及与 A 股上市企业对比"),
    "fig-2-2": ("2.2", "各批次企业的专利申请增长情况"),
    "fig-2-3": ("2.3", "各批次企业的发明专利密度及与 A 股上市企业对比"),
    "fig-2-4": ("2.4", "各批次企业的发明专利申请占比与授权率"),
    "fig-2-5": ("2.5", "各批次企业的专利被引用、许可与转让"),
    "fig-2-6": ("2.6", "各批次企业的 PCT 专利申请情况"),
    "fig-3-1": ("3.1", "“小巨人”企业的产业领域分布及与 A 股上市企业对比"),
    "fig-3-2": ("3.2", "各批次企业的产业领域结构变化"),
    "fig-3-3": ("3.3", "各产业领域企业的平均有效发明专利量及与 A 股上市企业对比"),
    "fig-4-1": ("4.1", "各省区市“小巨人”企业数量"),
    "fig-4-2": ("4.2", "企业数量前 20 位的城市"),
    "fig-4-3": ("4.3", "企业数量前 20 位的区县"),
    "fig-4-4": ("4.4", "各省区市企业的平均员工规模与平均有效发明专利量"),
}

#: Figures whose source line also names the outside benchmarks.
_WITH_BENCHMARKS = {"fig-1-3", "fig-1-6", "fig-2-1", "fig-2-3", "fig-2-4", "fig-3-1", "fig-3-3"}

PROVINCE_FIGURES: dict[str, str] = {
    "radar": "区域科创能力雷达",
    "batches": "分批次企业数量",
    "cities": "分城市企业数量",
    "industry_mix": "产业领域结构与全国对比",
}

KEYWORDS = ["专精特新", "小巨人", "科创能力", "专利", "中小企业", "产业领域", "区域分布"]


# ---------------------------------------------------------------- views handed to templates


@dataclass
class RowView:
    cells: list[str]
    total: bool = False


@dataclass
class TableView:
    columns: list[str]
    rows: list[RowView]
    numeric: list[bool]
    empty: str = "暂无数据"


@dataclass
class FigureView:
    key: str
    number: str
    title: str
    svg: Markup | None = None
    source: str = ""
    note: str = ""
    alt: str = ""
    table: TableView | None = None
    half: bool = False          # drawn for half the text width (fact sheets, briefings)
    omitted: str = ""           # no data: the one sentence printed under the caption instead


@dataclass
class Rendered:
    """An HTML document and what it was made from (for the PDF step and the checks)."""

    html: str
    title: str
    svg_text: list[str] = field(default_factory=list)   # text inside <text> of the charts


# ---------------------------------------------------------------- environment and filters


def _f_num(value, digits: int = 2) -> str:
    return N.fmt_num(value, digits)


def _f_int(value) -> str:
    return N.fmt_int(value)


def _f_pct(value, digits: int = 1) -> str:
    return N.fmt_pct(value, digits)


def _house(value):
    """Every value a template prints, in the house style of docs/style.md (words.tidy); markup
    (charts, prepared HTML) is printed as it is."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return N.tidy(value)
    return value


#: A quantity that must not break across lines (docs/style.md): a number with its unit, a range, a
#: percentage, "第 1 位", and the one Han character before it when a space separates them ("低 8.5%").
_QUANTITY = re.compile(
    r"(?:[\u4e00-\u9fff] (?=[-−+]?\d))?(?:第 ?)?[-−+]?\d[\d,]*(?:\.\d+)?"
    r"(?: ?[～~–—] ?[-−+]?\d[\d,]*(?:\.\d+)?)?"
    r"(?: ?(?:%|‰|个百分点|件/千人|件/家|次/家|人/家|万人|万件|亿元|万元|倍|家|件|次|人|位|年|月|日|个|名|元)(?![a-zA-Z]))?"
    r"(?: 位)?")
NBSP = "\u00a0"


def _f_nb(value):
    """Text whose quantities never break across lines, in the house style (words.tidy first, as every
    printed value): the spaces inside a quantity become no-break spaces (they look and copy as spaces),
    and a range ("1.2～3.0 个百分点") is kept in a <span class="nb"> (white-space: nowrap). Markup is
    returned as it is."""
    if value is None or hasattr(value, "__html__"):
        return value
    text = _house(str(value))
    out, last = [], 0
    for m in _QUANTITY.finditer(text):
        q = m.group(0)
        if " " not in q and not re.search(r"[～~–—]", q):
            continue                      # nothing in it to break at
        out.append(htmllib.escape(text[last:m.start()], quote=False))
        kept = htmllib.escape(q.replace(" ", NBSP), quote=False)
        out.append(f'<span class="nb">{kept}</span>' if re.search(r"\d ?[～~–—]", q) else kept)
        last = m.end()
    out.append(htmllib.escape(text[last:], quote=False))
    return Markup("".join(out))


_XREF = re.compile(r"([图表]) ?(\d+)\.(\d+)")


@jinja2.pass_context
def _f_xref(ctx, value):
    """"图 2.3" / "表 3.9" in a text, linked to that figure or table when the document has it
    (the context's `anchors`); the rest escaped."""
    if value is None or hasattr(value, "__html__"):
        return value
    anchors = ctx.get("anchors") or ()
    text = _house(str(value))
    out, last = [], 0
    for m in _XREF.finditer(text):
        target = ("fig" if m.group(1) == "图" else "table") + f"-{m.group(2)}-{m.group(3)}"
        if target not in anchors:
            continue
        out.append(htmllib.escape(text[last:m.start()], quote=False))
        out.append(f'<a class="xref" href="#{target}">{htmllib.escape(m.group(0), quote=False)}</a>')
        last = m.end()
    out.append(htmllib.escape(text[last:], quote=False))
    return Markup("".join(out))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(asset_path("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_house,
    )
    env.filters.update(num=_f_num, int=_f_int, pct=_f_pct, cn=N.cn_num, nb=_f_nb, xref=_f_xref)
    return env


@cache
def stylesheet() -> str:
    """Shared and print rules (A4 pages, running header, bookmarks)."""
    return asset_path("templates/report.css").read_text(encoding="utf-8")


@cache
def screen_stylesheet() -> str:
    """Screen-only rules of the standalone HTML (in a media="screen" block that WeasyPrint skips)."""
    return asset_path("templates/screen.css").read_text(encoding="utf-8")


# ---------------------------------------------------------------- dates (reproducible builds)


def build_time() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now; always UTC, whole seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            pass
    return dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


def _doc_meta(title: str, author: str, description: str, running_title: str) -> dict:
    when = build_time()
    return {
        "title": title,
        "running_title": running_title,
        "author": author,
        "description": description,
        "keywords": KEYWORDS,
        "generator": f"giantreport {__version__}",
        "created": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "created_cn": f"{when.year} 年 {when.month} 月 {when.day} 日",
    }


# ---------------------------------------------------------------- data folder


def is_synthetic(dataset) -> bool:
    """True when the data folder is the bundled synthetic sample (data.bundled.is_bundled)."""
    from ..data.bundled import is_bundled
    return getattr(dataset, "folder", None) is not None and is_bundled(dataset)


def _folder_label(dataset, synthetic: bool) -> str:
    if synthetic:
        return "内置样例数据（data/sample）"
    folder = getattr(dataset, "folder", None)
    return Path(folder).name if folder is not None else "（未知）"


# ---------------------------------------------------------------- SVG

_SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")
_SVG_WIDTH = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)(pt|px)?"')
HALF_WIDTH_PT = 300     # charts narrower than this (7.8 cm ≈ 221 pt) are half-width charts


def svg_width_pt(svg: str | None) -> float | None:
    m = _SVG_WIDTH.search(str(svg or "")[:2000])
    if not m:
        return None
    value = float(m.group(1))
    return value * 0.75 if m.group(2) == "px" else value


def is_half(svg: str | None) -> bool:
    w = svg_width_pt(svg)
    return w is not None and w < HALF_WIDTH_PT


def sanitize_svg(svg: str | None) -> Markup | None:
    """Inline-safe SVG, handled as XML (giantreport.svgsafe): the drawing elements only — no XML prolog,
    metadata, scripts, <style>, event handlers, foreign objects or non-local links — and one xmlns.
    Markup that is not well-formed XML raises SVGError (the build stops rather than lose a chart)."""
    if not svg:
        return None
    return Markup(sanitise(str(svg)).strip())


def svg_text(svg: str | None) -> list[str]:
    """The text a chart draws with <text> elements (checked against the font like the page text)."""
    if not svg:
        return []
    return [htmllib.unescape(_TAGS.sub("", m)) for m in _SVG_TEXT.findall(str(svg))]


def _strip_prefix(text: str | None, prefixes: tuple[str, ...]) -> str:
    text = (text or "").strip()
    for p in prefixes:
        if text.startswith(p):
            return text[len(p):].strip()
    return text


def figure_view(key: str, fig: Any | None, table: pd.DataFrame | None, default_source: str,
                number: str | None = None, title: str | None = None, *, synthetic: bool = False,
                benchmarks: dict | None = None) -> FigureView:
    """A chart from giantreport.charts (or, when missing, its data as a table) as the template shows it.
    On the bundled sample (`synthetic`) its source line says the company values are synthetic; outside
    benchmarks of another year than the edition's are named with their year."""
    fallback_number, fallback_title = FIGURES.get(key, ("", PROVINCE_FIGURES.get(key, key)))
    tv = frame_table(table) if table is not None else None
    if fig is None:
        return FigureView(key, number if number is not None else fallback_number, title or fallback_title,
                          None, default_source, "", title or fallback_title, tv)
    svg = sanitize_svg(getattr(fig, "svg", None))
    source = _strip_prefix(getattr(fig, "source", None), ("资料来源：", "资料来源:", "来源：")) or default_source
    return FigureView(
        key=key,
        number=number if number is not None else (getattr(fig, "number", None) or fallback_number),
        title=N.tidy(title or getattr(fig, "title", None) or fallback_title),
        svg=svg,
        source=N.tidy(source_line(source, synthetic, key, benchmarks)),
        note=N.tidy(_strip_prefix(getattr(fig, "note", None), ("注：", "注:"))),
        alt=getattr(fig, "alt", None) or getattr(fig, "title", None) or fallback_title,
        table=tv,
        half=is_half(svg),
    )


def omitted_figure(key: str, sentence: str, number: str | None = None, title: str | None = None) -> FigureView:
    """A figure the data cannot draw: its number and title, and one sentence saying what the data lacks."""
    fallback_number, fallback_title = FIGURES.get(key, ("", PROVINCE_FIGURES.get(key, key)))
    title = title or fallback_title
    return FigureView(key, fallback_number if number is None else number, title, alt=title, omitted=sentence)


def missing_inputs(stats, dataset=None) -> frozenset[str]:
    """The inputs the data lacks (canonical names such as "district", "patents"), as the statistics
    and the loader record them; empty for data that has everything."""
    out = set((stats.summary or {}).get("missing") or ())
    out |= set(getattr(dataset, "missing", None) or ())
    return frozenset(out)


def drop_empty_columns(df: pd.DataFrame | None) -> pd.DataFrame | None:
    """A statistics table without the columns that hold no value at all (an input the data lacks)."""
    if df is None:
        return None
    return df[[c for c in df.columns if not df[c].isna().all()]]


# ---------------------------------------------------------------- tables

_PCT_WORDS = ("占比", "比重", "增速", "率", "比例")


def _is_missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    try:
        return isinstance(v, float) and math.isnan(v)
    except TypeError:
        return False


def plain_number(value) -> str:
    """A number as it is, without unit conversion: 9279 → "9,279", 0.0696 → "0.0696", 184.34 → "184.34"."""
    f = float(value)
    if f.is_integer() and abs(f) < 1e15:
        return f"{int(f):,}"
    text = f"{f:,.6g}" if abs(f) >= 1 else f"{f:.4g}"
    return text


def format_cell(column: str, value, plain: bool = False) -> tuple[str, bool]:
    """(text, numeric?) for one table cell, by the column's meaning (`plain`: numbers as they are)."""
    if _is_missing(value):
        return "—", True
    if plain and not isinstance(value, (str, bool)):
        try:
            return plain_number(value), True
        except (TypeError, ValueError):
            return str(value), False
    if isinstance(value, bool):
        return ("是" if value else "否"), False
    if column == "批次" and str(value).isdigit():
        return N.batch_name(int(value)), False
    if isinstance(value, str):
        return value, False
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value), False
    if math.isnan(f):
        return "—", True
    if any(w in column for w in _PCT_WORDS) and abs(f) <= 5:
        return N.fmt_pct(f), True
    if "得分" in column:
        return f"{f:.3f}", True
    if "平均" in column or "密度" in column or "/家" in column:      # a mean: two decimals, 254 → "254.00"
        return N.fmt_mean(f), True
    if f.is_integer() and ("数" in column or "排名" in column or "批次" in column or abs(f) >= 1000):
        return N.fmt_int(f), True
    return N.fmt_num(f, 2), True


#: Units in the header of a statistics column that has none (docs/style.md §6).
UNIT_HEADERS = {"企业数量": "企业数量（家）", "平均员工数量": "平均员工数量（人）",
                "平均有效发明专利量": "平均有效发明专利量（件/家）"}


def header(column: str) -> str:
    """A column header as printed: its unit added when the statistics name has none, house spacing."""
    return N.tidy(UNIT_HEADERS.get(column, column))


def frame_table(df: pd.DataFrame, columns: list[str] | None = None, empty: str = "暂无数据",
                total_label: str | None = "总计", plain: bool = False) -> TableView:
    """A DataFrame as rows of formatted strings; the row whose first cell is `total_label` is bold."""
    cols = [str(c) for c in (columns or list(df.columns))]
    numeric = [False] * len(cols)
    rows = []
    for record in df[cols].itertuples(index=False, name=None):
        cells = []
        for i, (c, v) in enumerate(zip(cols, record)):
            text, is_num = format_cell(c, v, plain)
            numeric[i] = numeric[i] or (is_num and text != "—")
            cells.append(text)
        total = total_label is not None and bool(cells) and cells[0] in (total_label, "平均值", "全国", "合计")
        rows.append(RowView(cells, total))
    return TableView([header(c) for c in cols], rows, numeric, empty)


def plain_table(columns: list[str], rows: list[list[str]], numeric: list[bool] | None = None,
                empty: str = "暂无数据", totals: set[int] | None = None) -> TableView:
    return TableView(columns, [RowView([str(c) for c in r], i in (totals or set())) for i, r in enumerate(rows)],
                     numeric or [False] * len(columns), empty)


# ---------------------------------------------------------------- shared pieces


#: What the source line of anything built from the bundled sample's company-level values says.
SYNTHETIC_SOURCE = "内置样例数据（企业级数值为合成数据，仅汇总指标按 2022 年报告校准）"
_LIST_SOURCES = ("工信部公示名单；专利数据", "工信部公示名单")      # the charts' own wording for real lists

#: The outside benchmark blocks (benchmarks.yaml) each figure compares with.
FIGURE_BENCHMARKS: dict[str, tuple[str, ...]] = {
    "fig-1-3": ("national",), "fig-1-6": ("boards",), "fig-2-1": ("national", "ashare"), "fig-2-3": ("ashare",),
    "fig-2-4": ("ashare",), "fig-3-1": ("industries", "industry_groups"), "fig-3-3": ("industries", "ashare")}


def source_line(source: str, synthetic: bool, key: str | None = None, benchmarks: dict | None = None) -> str:
    """A figure's source line: on the bundled sample the list is the synthetic sample, not the ministry's;
    benchmarks of another year than the edition's are named with their year ("A 股上市企业为 2022 年数据")."""
    if synthetic:
        for real in _LIST_SOURCES:
            if source.startswith(real):
                source = SYNTHETIC_SOURCE + source[len(real):]
                break
        else:
            if SYNTHETIC_SOURCE not in source:
                source = f"{SYNTHETIC_SOURCE}；{source}"
    years = E.other_year_text(benchmarks or {}, FIGURE_BENCHMARKS.get(key or "", ()))
    return N.spaced(f"{source}（外部基准中{years}）") if years else source


def default_source(dataset, synthetic: bool, key: str | None = None, benchmarks: dict | None = None) -> str:
    if synthetic:
        base = SYNTHETIC_SOURCE
    else:
        base = "专精特新“小巨人”企业名单" + ("" if "patents" in (getattr(dataset, "missing", None) or ()) else "及专利数据")
    out = f"{base}；giantreport 计算"
    if key in _WITH_BENCHMARKS and benchmarks and benchmarks.get("source"):
        out += f"；外部基准：{benchmarks['source']}"
    return out


RADAR_SUBINDICATORS = {
    "applications": "专利申请总量", "valid_inventions": "有效发明专利总量",
    "invention_density": "千人有效发明专利数", "invention_application_share": "发明专利申请占比",
    "invention_grant_rate": "发明专利授权率", "citations": "专利被引用总次数", "transfers": "专利转让总次数",
    "licenses": "专利许可总次数", "pct_applications": "PCT 专利申请总量", "pct_share": "PCT 申请占全部申请的比重",
}
STAR_SUBINDICATORS_CN = {
    "applications": "累计专利申请量", "valid_inventions": "有效发明专利量",
    "invention_application_share": "发明专利申请占比", "invention_grant_rate": "发明专利授权率",
    "citations": "专利被引用次数", "licenses": "专利许可次数", "transfers": "专利转让次数",
    "pct_applications": "PCT 专利申请量",
}


def _weights_text(weights: Mapping[str, float], labels: Mapping[str, str]) -> str:
    total = sum(weights.values()) or 1.0
    return "、".join(f"{labels.get(k, k)} {N.fmt_pct(v / total, 0)}" for k, v in weights.items())


def radar_method(config) -> str:
    parts = [f"{N.RADAR_LABELS.get(dim, dim)}由{_weights_text(w, RADAR_SUBINDICATORS)}构成"
             for dim, w in config.radar.items()]
    return ("每个省份先把全部“小巨人”的各项子指标加总（计数取总和，比率取“总和之比”），再除以所有省份中该子指标的最大值归一到 0～100%，"
            "最后在各维度内按权重相加：" + "；".join(parts) + "。得分 100% 表示与该维度表现最好的省份持平。权重可在配置文件 giantreport.toml 的 [radar] 中调整。")


def star_method(config) -> str:
    from ..stats.industries import STAR_SUBINDICATORS
    dims = []
    for dim, subs in STAR_SUBINDICATORS.items():
        dims.append(f"{N.RADAR_LABELS.get(dim, dim)}（{'、'.join(STAR_SUBINDICATORS_CN.get(s, s) for s in subs)}）")
    return ("在每个重点产业领域内，先把每家企业的各子指标换算为在本领域企业中的百分位（0～1，并列取平均名次），同一维度的子指标取平均，"
            f"再按维度权重（{_weights_text(config.stars, N.RADAR_LABELS)}）加总得到 0～1 之间的综合得分。四个维度及其子指标为："
            + "；".join(dims) + f"。每个领域取得分最高的 {config.star_count} 家，得分相同时按企业 ID 排序。")


def star_method_short(config) -> str:
    """The briefing's self-contained version of star_method (a briefing reader has no appendix to turn to)."""
    from ..stats.industries import STAR_SUBINDICATORS
    subs = "、".join(STAR_SUBINDICATORS_CN.get(x, x) for group in STAR_SUBINDICATORS.values() for x in group)
    return (f"在每个重点产业领域内，把每家企业的各子指标（{subs}）换算为在本领域企业中的百分位，同一维度取平均，"
            f"再按维度权重（{_weights_text(config.stars, N.RADAR_LABELS)}）加总为综合得分，每个领域取得分最高的 "
            f"{config.star_count} 家。")


def briefing_method(config) -> str:
    """The briefing's method note: what its measures mean, without sending the reader to another document."""
    return ("专利指标只统计数据截止日前已公开的专利申请；有效发明专利指截止日前已授权且法律状态为有效的发明专利。"
            "均值按该省全部“小巨人”计算（没有专利的企业计为 0），比率类指标取总和之比；发明专利密度为有效发明专利总数"
            "除以参保人数总数再乘以 1000（只计有参保人数的企业）；专利申请增速比较截止日前最近两个完整年度按公开年份"
            "统计的申请量。科创能力雷达把各省全部“小巨人”的子指标加总，除以各省中的最大值归一，再按权重加总，"
            "100% 表示与该维度表现最好的省份持平。排名在全部有“小巨人”的省份中按数值从高到低排列，第 1 位为最高。")


#: Units of the briefing's four-dimension measures, as a number is written in a sentence ("79.88 件").
DIMENSION_UNITS = {"applications_mean": "件", "valid_inventions_mean": "件", "invention_density_per_1000": "件/千人",
                   "citations_mean": "次", "licenses_mean": "次", "transfers_mean": "次", "pct_mean": "件"}


METRICS: list[tuple[str, str, str]] = [
    ("企业数量", "数据中入选名单的企业数，按批次公示名单累计", "家"),
    ("平均员工规模", "参保人数的算术平均，只计有参保人数的企业", "人"),
    ("成立年限（中位数）", "成立日期至数据截止日的年数（天数 ÷ 365.25）的中位数", "年"),
    ("上市企业占比", "在主板、创业板、科创板、北交所、港交所或新交所上市的企业数 ÷ 企业数；新三板挂牌不计为上市", "%"),
    ("一级市场融资企业占比", "有一级市场融资记录的企业数 ÷ 企业数", "%"),
    ("累计专利申请量", "截止日前已公开的专利申请件数（发明、实用新型、外观设计），按全部企业平均", "件/家"),
    ("有效发明专利量", "截止日前已授权、且法律状态为有效的发明专利件数，按全部企业平均", "件/家"),
    ("专利申请增速", "截止日前最近两个完整年度按公开年份统计的平均专利申请量之比减 1", "%"),
    ("发明专利密度", "有效发明专利总数 ÷ 参保人数总数 × 1000（只计有参保人数的企业）", "件/千人"),
    ("发明专利申请占比", "发明专利申请总数 ÷ 专利申请总数", "%"),
    ("发明专利授权率", "截止日前已授权的发明专利总数 ÷ 发明专利申请总数", "%"),
    ("专利被引用 / 许可 / 转让次数", "截止日前已公开专利的被引用、对外许可、对外转让次数之和，按全部企业平均", "次/家"),
    ("PCT 专利申请量", "截止日前已公开的 PCT 国际专利申请件数，按全部企业平均", "件/家"),
    ("PCT 申请占比", "PCT 专利申请总数 ÷ 专利申请总数", "%"),
    ("占全国比重", "“小巨人”的企业数、参保人数、授权发明专利数分别除以外部基准中的全国总量", "%"),
    ("集中度 CR10", "企业数量前 10 位地区的企业数之和 ÷ 全部企业数（省、市、区县分别计算）", "%"),
    ("亮点产业领域", "省份在各重点产业领域有效发明专利总量的全国名次，取名次最好的三个领域（名次相同时取总量较大者）", "—"),
]

BENCHMARK_LABELS = {
    "national.companies": ("全国企业法人单位数", "家"),
    "national.employment_10k": ("全国企业就业人数", "万人"),
    "national.granted_inventions_10k": ("全国企业有效发明专利总量", "万件"),
    "national.valid_inventions_mean": ("拥有有效发明专利企业的平均有效发明专利量", "件/家"),
    "ashare.applications_mean": ("A 股上市企业平均累计专利申请量", "件/家"),
    "ashare.valid_inventions_mean": ("A 股上市企业平均有效发明专利量", "件/家"),
    "ashare.invention_applications_mean": ("A 股上市企业平均发明专利申请量", "件/家"),
    "ashare.invention_grants_mean": ("A 股上市企业平均发明专利授权量", "件/家"),
    "ashare.invention_density_per_1000": ("A 股上市企业发明专利密度", "件/千人"),
    "ashare.invention_application_share": ("A 股上市企业发明专利申请占比", "%"),
    "ashare.invention_grant_rate": ("A 股上市企业发明专利授权率", "%"),
    "top500_pct_share": ("专利规模前 500 家科技企业的 PCT 申请占比", "%"),
    "policy_growth_target": ("“十四五”规划中小企业专利申请年均增长目标", "%"),
    "policy_targets.little_giants": ("“十四五”规划专精特新“小巨人”企业培育目标", "家"),
}


def benchmarks_table(bm: dict) -> TableView:
    """The outside figures used, with the year each describes ("—": a target, not data of a year)."""
    years = bm.get("years") or {}
    year = lambda block: str(years[block]) if block in years else "—"  # noqa: E731
    rows = []
    for key, (label, unit) in BENCHMARK_LABELS.items():
        value = N.get(bm, *key.split("."))
        if N.ok(value):
            rows.append([label, N.fmt_pct(value) if unit == "%" else N.fmt_num(value, 2).removesuffix(".00"), unit,
                         year(key.split(".")[0])])
    for board, size in (bm.get("boards") or {}).items():
        if N.ok(size):
            rows.append([f"{board}上市企业数", N.fmt_int(size), "家", year("boards")])
    for name, spec in (bm.get("industries") or {}).items():
        if N.ok(N.get(spec, "share")):
            rows.append([f"A 股上市企业中{name}的占比", N.fmt_pct(spec["share"]), "%", year("industries")])
        if N.ok(N.get(spec, "valid_inventions_mean")):
            rows.append([f"{name}领域 A 股上市企业平均有效发明专利量", N.fmt_num(spec["valid_inventions_mean"], 2).removesuffix(".00"),
                         "件/家", year("industries")])
    for name, spec in (bm.get("industry_groups") or {}).items():
        if N.ok(N.get(spec, "share")):
            rows.append([f"A 股上市企业中{name}的占比", N.fmt_pct(spec["share"]), "%", year("industry_groups")])
    return plain_table(["项目", "数值", "单位", "年份"], rows, [False, True, False, True])


# ---------------------------------------------------------------- provinces


def _rank(values: dict[str, float | None], name: str) -> int | None:
    valid = {k: v for k, v in values.items() if N.ok(v)}
    if name not in valid:
        return None
    return 1 + sum(1 for v in valid.values() if v > valid[name])


def _rank_text(rank: int | None) -> str:
    return "" if rank is None else f"全国第{rank}"


def province_totals(summary: dict) -> dict[str, dict]:
    """Per province: total valid inventions (companies × mean), for the fact sheets' totals and ranks."""
    out = {}
    for name, p in (summary.get("provinces") or {}).items():
        m = p.get("valid_inventions_mean")
        out[name] = {"total_valid": (m * p["companies"]) if N.ok(m) else None}
    return out


def _no_highlights(summary: dict, p: dict) -> str:
    """What the TOP3 box says when it lists no industry."""
    missing = set(summary.get("missing") or ())
    if "patents" in missing or "industry" in missing:
        return N.sentence(f"{N.lacking([n for n in ('industry', 'patents') if n in missing])}，无从评选亮点产业领域")
    return "该省份在十大重点产业领域暂无企业。"


def fact_sheet_view(summary: dict, name: str, radar_fig: Any | None, source: str) -> dict:
    provinces = summary.get("provinces") or {}
    p = provinces[name]
    totals = province_totals(summary)
    col = lambda key: {k: v.get(key) for k, v in provinces.items()}  # noqa: E731
    radar = p.get("radar") or {}
    radar_rows = []
    for dim, value in radar.items():
        r = _rank({k: N.get(v, "radar", dim) for k, v in provinces.items()}, name)
        radar_rows.append({"label": N.RADAR_LABELS.get(dim, dim), "value": N.fmt_pct(value, 0),
                           "rank": f"第{r}" if r else "—"})
    total_valid = totals[name]["total_valid"]
    # a figure the data does not have (no patents, no 参保人数) is no KPI at all, not "— 件/家"
    with_unit = lambda value, unit, digits=2: f"{N.fmt_num(value, digits)} {unit}" if N.ok(value) else None  # noqa: E731
    return {
        "name": name,
        "short": N.short_province(name),
        "companies_text": N.count(p["companies"]),
        "rank_companies": _rank_text(_rank(col("companies"), name)),
        "total_valid_text": N.count(total_valid, "件") if N.ok(total_valid) else None,
        "rank_total_valid": _rank_text(_rank({k: v["total_valid"] for k, v in totals.items()}, name)),
        "mean_valid_text": with_unit(p.get("valid_inventions_mean"), "件/家"),
        "rank_mean_valid": _rank_text(_rank(col("valid_inventions_mean"), name)),
        "density_text": with_unit(p.get("invention_density_per_1000"), "件/千人", 1),
        "rank_density": _rank_text(_rank(col("invention_density_per_1000"), name)),
        "employees_text": with_unit(p.get("employees_mean"), "人", 0),
        "rank_employees": _rank_text(_rank(col("employees_mean"), name)),
        "share_text": N.fmt_pct(N.ratio(p["companies"], summary.get("companies"))),
        "radar": radar_rows,
        "radar_svg": sanitize_svg(getattr(radar_fig, "svg", None)) if radar_fig is not None else None,
        "radar_alt": getattr(radar_fig, "alt", None) or f"{name}科创能力雷达",
        "highlights": [{**h, "companies_text": N.count(h["companies"]), "valid_text": N.count(h["valid_inventions"], "件")}
                       for h in p.get("highlights") or []],
        "highlights_empty": _no_highlights(summary, p),
        "paragraph": N.province_paragraph(summary, name),
        "batches_text": "、".join(f"{N.batch_name(b)} {N.fmt_int(n)} 家" for b, n in (p.get("companies_by_batch") or {}).items()),
        "source": source,
    }


# ---------------------------------------------------------------- report


STARS_PUBLISHED_SOURCE = "智慧芽《2022 专精特新“小巨人”企业科创能力报告》表 {table}（data/published/stars.csv）"
STARS_SYNTHETIC_INTRO = ("下列各表照录 2022 年报告中八个重点产业领域各 10 家明星“小巨人”的名单，按原报告的顺序列出，不排名、不列得分："
                         "本版使用的内置样例数据中，企业级数值（员工、专利、被引用等）是合成的，据此给真实企业打分排名，"
                         "就等于把合成的数值当作它们的表现。用 --data 分析自己的数据时，各表按综合得分排名（方法见附录 A）。")


def _star_views(stats, synthetic: bool, source: str) -> tuple[list[dict], list[dict]]:
    views, rows = [], []
    names = list((stats.summary.get("stars") or {}).keys())
    for i, industry in enumerate(names, start=1):
        df = stats.tables.get(f"table-3-{i}")
        if df is None:
            continue
        cols = [c for c in ("排名", "企业名称", "具体产业类别", "所在城市", "所在省份") if c in df.columns]
        notes = []
        if industry == "高端机械装备":
            notes.append("对应电力装备、农机装备、高档数控机床和机器人三个重点产业领域")
        if synthetic:
            # the bundled sample: the 2022 report's list (stats gives it without rank or score)
            cols = [c for c in cols if c != "排名"]
            notes.append(f"名单及顺序照录 2022 年报告表 3.{i}，不排名、不列得分：本样例数据的企业级数值为合成数据，"
                         "不代表这些企业的真实表现")
        views.append({"number": f"3.{i}", "industry": industry, "title": f"{industry}领域明星“小巨人”",
                      "table": frame_table(df, cols, empty="本数据中该领域暂无企业"),
                      "source": STARS_PUBLISHED_SOURCE.format(table=f"3.{i}") if synthetic else source,
                      "note": "；".join(notes),
                      "omitted": N.omitted(f"数据中没有{industry}领域的企业", "表") if df.empty else ""})
        rows += [{"province": p} for p in df.get("所在省份", pd.Series(dtype=str))]
    return views, rows


_NEWEST_ROWS: list[tuple[str, str, str]] = [
    # (label, key in measures, kind: int | num0 | num | pct | growth)
    ("企业数量（家）", "companies", "int"),
    ("平均员工规模（人）", "employees_mean", "num0"),
    ("成立年限中位数（年）", "founded_years_median", "num1"),
    ("上市企业占比", "listed_share", "pct"),
    ("一级市场融资企业占比", "financed_share", "pct"),
    ("平均累计专利申请量（件/家）", "applications_mean", "num"),
    ("平均有效发明专利量（件/家）", "valid_inventions_mean", "num"),
    ("专利申请增速", "applications_growth.rate", "pct"),
    ("发明专利密度（件/千人）", "invention_density_per_1000", "num"),
    ("发明专利申请占比", "invention_application_share", "pct"),
    ("发明专利授权率", "invention_grant_rate", "pct"),
    ("平均专利被引用次数", "citations_mean", "num"),
    ("平均专利对外许可次数", "licenses_mean", "num"),
    ("平均专利对外转让次数", "transfers_mean", "num"),
    ("平均 PCT 专利申请量（件/家）", "pct_mean", "num"),
    ("PCT 申请占比", "pct_share", "pct"),
    ("十大重点产业领域企业占比", "focus_share", "pct"),
]


def _fmt_kind(value, kind: str) -> str:
    if kind == "int":
        return N.fmt_int(value)
    if kind == "pct":
        return N.fmt_pct(value)
    if kind == "num0":
        return N.fmt_num(value, 0)
    if kind == "num1":
        return N.fmt_num(value, 1)
    return N.fmt_num(value, 2)


def _signed(value: float, unit: str) -> str:
    text = f"{value:+.1f}"
    if text in ("+0.0", "-0.0"):
        return f"0.0{unit}"
    return text.replace("-", "−") + unit


def _signed_diff(c, unit: str) -> str:
    """a − b of a words.Comparison as printed, with its sign: "+2.2 个百分点", "−0.34 个百分点", "0.0 个百分点"."""
    text = f"{c.diff:+.{c.places}f}"
    if float(text) == 0:
        return text.lstrip("+-") + unit
    return text.replace("-", "−") + unit


def _diff_kind(a, b, kind: str) -> str:
    """The 差异 column, from the two values as printed beside it (so the row can be checked by hand):
    shares in percentage points, amounts as a relative difference."""
    if not (N.ok(a) and N.ok(b)) or kind == "int":
        return "—"
    c = N.compare(a, b, lambda x: _fmt_kind(x, kind))
    if c is None:
        return "—"
    if kind == "pct":
        return _signed_diff(c, " 个百分点")
    if c.ratio is None:
        return "—"
    return _signed((c.ratio - 1) * 100, "%")


def newest_view(summary: dict, source: str) -> dict | None:
    nb = summary.get("newest_batch") or {}
    if not nb.get("earlier"):
        return None
    new, old = nb["newest"], nb["earlier"]
    name, ename = N.batch_name(nb["batch"]), N.earlier_name(nb["batch"], summary)
    rows = []
    for label, key, kind in _NEWEST_ROWS:
        a, b = N.get(new, *key.split(".")), N.get(old, *key.split("."))
        if not (N.ok(a) or N.ok(b)):          # an input the data lacks (patents, 参保人数 …): no row
            continue
        rows.append([label, _fmt_kind(a, kind), _fmt_kind(b, kind), _diff_kind(a, b, kind)])
    table = plain_table(["指标", name, f"{ename}合计", "差异"], rows, [False, True, True, True])
    # only the company counts: the data has none of the measures compared here
    omitted = N.omitted("数据中除企业数量外没有可比较的指标", "节") if len(rows) <= 1 else ""
    return {"name": name, "ename": ename, "number": "3.9", "title": f"{name}与{ename}企业的主要指标对比",
            "table": table, "source": source, "omitted": omitted,
            "companies_text": N.count(new.get("companies")), "earlier_text": N.count(old.get("companies")),
            "note": "差异列按表中所列（四舍五入后）的数值计算：比率类指标为两者之差（百分点），其余为相对差异。"}


AUDIT_MEANINGS = {
    "一致": "复现值与公布值完全相同",
    "舍入范围内": "差异小于公布值最后一位的半个单位",
    "偏差": "差异超出公布精度",
    "来源矛盾": "公开报告在不同位置给出的数字互相矛盾，无法作为标准",
    "近似表述·相符": "原文为约数表述（如“近八成”），复现值在其含义范围内",
    "近似表述·不符": "原文为约数表述，复现值超出其含义范围",
    "基准（输入）": "外部基准数值，是输入而非计算结果",
    "无对应统计": "原文数字在本项目的统计中没有对应项",
}
AUDIT_EXCEPTIONS = ("偏差", "来源矛盾", "近似表述·不符")
AUDIT_EXCEPTIONS_SHOWN = 60
_PLACE = [(re.compile(r"^fig-(\d+)[-.](\d+)(\w*)$"), lambda m: f"图 {m.group(1)}.{m.group(2)}"),
          (re.compile(r"^table-(\d+)[-.](\d+)$"), lambda m: f"表 {m.group(1)}.{m.group(2)}"),
          (re.compile(r"^prose-(\d+)[-.](\d+)$"), lambda m: f"正文 {m.group(1)}.{m.group(2)}"),
          (re.compile(r"^sheet-(.+)$"), lambda m: f"{m.group(1)}速览"),
          (re.compile(r"^summary$"), lambda m: "摘要"), (re.compile(r"^intro$"), lambda m: "引言")]


def audit_place(name) -> str:
    """"fig-1-2" → "图 1.2", "sheet-浙江省" → "浙江省速览", "prose-2-1" → "正文 2.1"."""
    text = str(name)
    for pattern, label in _PLACE:
        m = pattern.match(text)
        if m:
            return label(m)
    return text


def _audit_view(audit: pd.DataFrame | None) -> dict | None:
    """The audit appendix: counts by status and by figure, the exceptions, and (HTML only) every row."""
    if audit is None:
        return None
    audit = audit.copy()
    has_status = "状态" in audit.columns
    if "图表" in audit.columns:
        audit["图表"] = audit["图表"].map(audit_place)
    cols = [c for c in ("图表", "指标", "公布值", "复现值", "状态") if c in audit.columns] or list(audit.columns)
    status = audit["状态"].astype(str).value_counts() if has_status else pd.Series(dtype=int)
    counts = "，".join(f"{k} {int(v)} 项" for k, v in status.items())
    intro = (f"下表把本次计算结果与公开发布的 2022 年度报告中的数字逐项对照，共 {len(audit)} 项"
             + (f"（{counts}）" if counts else "") + "。公布值取自报告原文，复现值由本次数据计算，两者按同一单位列出。")
    out = {"intro": intro, "table": frame_table(audit, cols, total_label=None, plain=True),
           "status": None, "by_figure": None, "exceptions": None, "exceptions_note": ""}
    if not has_status:
        return out
    out["status"] = plain_table(["状态", "项数", "含义"],
                                [[k, N.fmt_int(v), AUDIT_MEANINGS.get(k, "")] for k, v in status.items()],
                                [False, True, False])
    if "图表" in audit.columns:
        matched = audit["状态"].isin(("一致", "舍入范围内"))
        off = audit["状态"].isin(AUDIT_EXCEPTIONS)
        rows = []
        for place, g in audit.groupby("图表", sort=False):
            rows.append([place, N.fmt_int(len(g)), N.fmt_int(int(matched[g.index].sum())),
                         N.fmt_int(int(off[g.index].sum())), N.fmt_int(len(g) - int(matched[g.index].sum()) - int(off[g.index].sum()))])
        out["by_figure"] = plain_table(["图表", "项数", "一致或舍入范围内", "偏差或不符", "其他"], rows,
                                       [False, True, True, True, True])
    exceptions = audit[audit["状态"].isin(AUDIT_EXCEPTIONS)]
    ex_cols = cols + (["说明"] if "说明" in audit.columns else [])
    shown = exceptions.head(AUDIT_EXCEPTIONS_SHOWN)
    if "说明" in shown.columns:      # transcription notes can be long: keep the page readable
        shown = shown.assign(说明=shown["说明"].astype(str).map(lambda t: t if len(t) <= 90 else t[:88] + "…"))
    out["exceptions"] = frame_table(shown, ex_cols, total_label=None, plain=True, empty="没有偏差项")
    if len(exceptions) > len(shown):
        out["exceptions_note"] = (f"共 {len(exceptions)} 项，此处列出前 {len(shown)} 项；完整核对表见 HTML 版本或 "
                                  "giantreport audit 命令的输出。")
    return out


def _sources_view(stats, dataset, synthetic: bool) -> dict:
    files = getattr(dataset, "files", {}) or {}
    counted = getattr(dataset, "file_rows", {}) or {}          # rows as the files hold them
    roles = {"companies": ("企业名单", counted.get("companies", len(dataset.companies) if getattr(dataset, "companies", None) is not None else None)),
             "patents": ("专利记录", counted.get("patents", len(dataset.patents) if getattr(dataset, "patents", None) is not None else None))}
    rows = []
    for role, name in files.items():
        label, n = roles.get(role, (role, None))
        rows.append([label, name, N.fmt_int(n) if n is not None else "—"])
    for note in getattr(dataset, "notes", []) or []:
        rows.append(["说明", str(note), ""])
    bm = stats.benchmarks or {}
    return {"files": plain_table(["内容", "文件", "行数"], rows, [False, False, True]),
            "benchmarks": benchmarks_table(bm),
            "benchmark_source": bm.get("source") or "数据文件夹中的 benchmarks.yaml"}


_FILE_ROLES = {"companies": "企业名单", "patents": "专利记录"}


def _toc(newest: dict | None, factsheets: list[dict], audit: bool, chapter2: bool = True) -> list[dict]:
    """The contents; without `chapter2` (no patent data: the chapter is one notice) no 2.x sections."""
    e = lambda level, anchor, label: {"level": level, "anchor": anchor, "label": label}  # noqa: E731
    toc = [e(1, "summary", "摘要"), e(1, "intro", "引言"),
           e(1, "ch1", "第一章　专精特新“小巨人”企业的基本情况"), e(2, "s1-1", "1.1 数量与规模"), e(2, "s1-2", "1.2 融资与上市"),
           e(1, "ch2", "第二章　整体科创能力评价")]
    if chapter2:
        toc += [e(2, "s2-1", "2.1 技术体量"), e(2, "s2-2", "2.2 技术质量"),
                e(2, "s2-3", "2.3 技术影响力"), e(2, "s2-4", "2.4 技术全球化")]
    toc += [e(1, "ch3", "第三章　行业科创格局"), e(2, "s3-1", "3.1 产业领域分布"), e(2, "s3-2", "3.2 技术规模对比"),
           e(2, "s3-3", "3.3 各产业领域明星企业")]
    if newest:
        toc.append(e(2, "s3-4", f"3.4 {newest['name']}企业的特色"))
    toc += [e(1, "ch4", "第四章　区域科创版图"), e(2, "s4-1", "4.1 企业分布"), e(2, "s4-2", "4.2 技术规模对比"),
            e(2, "s4-3", "4.3 代表性省份科创能力速览")]
    toc += [e(3, f"fs-{i}", fs["name"]) for i, fs in enumerate(factsheets, start=1)]
    toc.append(e(1, "appendix-a", "附录 A　指标定义"))
    if audit:
        toc.append(e(1, "appendix-b", "附录 B　复现核对"))
    toc.append(e(1, "appendix-c", f"附录 {'C' if audit else 'B'}　数据来源"))
    toc.append(e(1, "colophon", "版本说明"))
    return toc


def _figure_hidden(key: str, notices: dict) -> bool:
    """The figure is not printed at all: its chapter or section is one notice (no patent data …)."""
    return bool((key.startswith("fig-2-") and notices.get("ch2")) or (key == "fig-3-3" and notices.get("s3-2"))
                or (key == "fig-4-4" and notices.get("s4-2")))


def _figure_table_lists(figs: dict, stars: list[dict], newest: dict | None, table41: bool) -> dict:
    """The list of figures and the list of tables after the contents (page numbers in the PDF via
    target-counter), and `anchors`: every figure and table id a text may link to ("图 2.3")."""
    figure_list = [{"anchor": f.key, "label": f"图 {f.number}　{f.title}"} for f in figs.values() if f.number]
    tables = [(f"table-{s['number'].replace('.', '-')}", s["number"], s["title"]) for s in stars]
    if newest and not newest.get("omitted"):
        tables.append((f"table-{newest['number'].replace('.', '-')}", newest["number"], newest["title"]))
    if table41:
        tables.append(("table-4-1", "4.1", "各省区市专精特新“小巨人”企业的整体表现"))
    table_list = [{"anchor": a, "label": f"表 {n}　{t}"} for a, n, t in tables]
    return {"figure_list": figure_list, "table_list": table_list,
            "anchors": frozenset(e["anchor"] for e in figure_list + table_list)}


def _batches_text(summary: dict) -> str:
    keys = N.batch_keys(summary)
    if not keys:
        return ""
    if len(keys) == 1:
        return N.batch_name(keys[0])
    ints = [int(k) for k in keys]
    if ints == list(range(ints[0], ints[-1] + 1)):          # consecutive: the span says how many
        return f"{N.batch_name(keys[0])}至{N.batch_name(keys[-1])}"
    return "、".join(N.batch_name(k) for k in keys)


def _cfg_view(config, summary: dict) -> dict:
    return {"title": config.title, "edition_year": config.edition_year,
            "as_of_cn": N.date_cn(config.as_of.isoformat()), "publisher": config.publisher,
            "companies_text": N.count(summary.get("companies")), "batches_text": _batches_text(summary),
            "version": __version__, "config_source": getattr(config, "source", "默认配置")}


#: The paragraphs that describe a report figure: when the figure has no data, they go with it.
_FIGURE_PROSE = {"fig-1-2": "ch1_size", "fig-1-3": "ch1_national", "fig-1-4": "ch1_financing", "fig-1-5": "ch1_boards",
                 "fig-1-6": "ch1_board_contribution", "fig-2-1": "ch2_volume", "fig-2-2": "ch2_growth",
                 "fig-2-3": "ch2_density", "fig-2-4": "ch2_quality", "fig-2-5": "ch2_influence", "fig-2-6": "ch2_pct",
                 "fig-3-1": "ch3_distribution", "fig-3-2": "ch3_by_batch", "fig-3-3": "ch3_scale",
                 "fig-4-2": "ch4_cities", "fig-4-3": "ch4_districts", "fig-4-4": "ch4_bubble"}


def _report_notices(s: dict, missing: frozenset[str], stars: list[dict]) -> dict[str, str]:
    """One sentence for each chapter or section the data cannot fill (keyed by its anchor; "" = filled)."""
    out = dict.fromkeys(("ch2", "s3-2", "s3-3", "s4-2", "s4-3"), "")
    if "patents" in missing:
        out["ch2"] = N.omitted(N.PATENTS_LACKING, "章")
        for anchor in ("s3-2", "s4-2", "s4-3"):
            out[anchor] = N.omitted(N.lacking(["patents"]), "节")
    if not stars:
        lacks = [n for n in ("industry", "patents") if n in missing]
        out["s3-3"] = N.omitted(N.lacking(lacks) if lacks else "数据中没有十大重点产业领域的企业", "节")
    return out


def report_context(stats, config, dataset, figures: Mapping[str, Any],
                   province_figures: Mapping[str, Mapping[str, Any]] | None = None) -> dict:
    """Everything report.html.j2 shows, computed and formatted (templates only lay out)."""
    s, bm = stats.summary, stats.benchmarks or {}
    synthetic = is_synthetic(dataset)
    src = default_source(dataset, synthetic)
    missing = missing_inputs(stats, dataset)
    # A figure without data (the charts module drew none, or an input it needs is missing) keeps its
    # number and caption, with one sentence saying what the data lacks; the others keep their numbers.
    figs = {key: (figure_view(key, figures[key], stats.tables.get(key), default_source(dataset, synthetic, key, bm),
                              synthetic=synthetic, benchmarks=bm)
                  if figures.get(key) is not None and not N.lacks(missing, key)
                  else omitted_figure(key, _left_out_sentence(key, bm, config) or N.figure_omission(key, s, missing, bm)))
            for key in FIGURES}
    stars, star_rows = _star_views(stats, synthetic, src)
    notices = _report_notices(s, missing, stars)
    newest = newest_view(s, src)
    t41 = drop_empty_columns(stats.tables.get("table-4-1"))
    factsheets = [fact_sheet_view(s, name, (province_figures or {}).get(name, {}).get("radar"), src)
                  for name in s.get("fact_sheets") or [] if name in (s.get("provinces") or {})
                  and not notices["s4-3"]]
    audit = _audit_view(stats.audit)
    title = f"{config.edition_year} {config.title}"
    prose = {
        "ch1_scale": N.ch1_scale(s), "ch1_size": N.ch1_size(s), "ch1_national": N.ch1_national(s, bm),
        "ch1_financing": N.ch1_financing(s), "ch1_boards": N.ch1_boards(s),
        "ch1_board_contribution": N.ch1_board_contribution(s),
        "ch2_intro": N.ch2_intro(), "ch2_volume": N.ch2_volume(s, bm), "ch2_growth": N.ch2_growth(s, bm),
        "ch2_density": N.ch2_density(s, bm), "ch2_quality": N.ch2_quality(s, bm), "ch2_influence": N.ch2_influence(s),
        "ch2_pct": N.ch2_pct(s, bm),
        "ch3_distribution": N.ch3_distribution(s, bm), "ch3_by_batch": N.ch3_by_batch(s), "ch3_scale": N.ch3_scale(s),
        "ch3_newest": N.ch3_newest(s, bm),
        "ch4_provinces": N.ch4_provinces(s), "ch4_cities": N.ch4_cities(s), "ch4_districts": N.ch4_districts(s),
        "ch4_concentration": N.ch4_concentration(s), "ch4_bubble": N.ch4_bubble(s),
    }
    for key, name in _FIGURE_PROSE.items():
        if figs[key].omitted:
            prose[name] = []
    for name, blocks in PROSE_BENCHMARKS.items():       # benchmarks of another year: each use says so
        if prose.get(name):
            note = _other_year_note(bm, blocks, config)
            if note:
                prose[name] = list(prose[name]) + [N.Para(None, note)]
    sheet_names = [fs["short"] for fs in factsheets]
    t41_note = "；".join(part for part, column in (("企业数量按各批次公示名单累计", "企业数量"),
                                                   ("员工数采用参保人数口径", "平均员工数量"),
                                                   ("有效发明专利统计至数据截止日", "平均有效发明专利量"))
                         if t41 is not None and column in t41.columns)
    return {
        "doc": _doc_meta(title, config.author, f"{title}：基于专利数据的“小巨人”企业科创能力分析", title),
        "css": Markup(stylesheet()),
        "screen_css": Markup(screen_stylesheet()),
        "cfg": _cfg_view(config, s),
        "synthetic": synthetic,
        "data_note": {"folder_label": _folder_label(dataset, synthetic),
                      "files_text": "、".join(f"{_FILE_ROLES.get(k, k)} {v}" for k, v in (getattr(dataset, "files", {}) or {}).items())
                      + f"，共 {N.count(s.get('companies'))}企业",
                      "lacking": (N.sentence(N.lacking([n for n in N.INPUT_LABELS if n in missing]),
                                             "依赖这些数据的章节、图表和表格从略，并在相应位置说明") if missing else "")},
        "findings": N.key_findings(s, bm),
        "findings_note": _other_year_note(bm, E.DATED, config, where="摘要中"),
        "p": prose,
        "figs": figs,
        "notices": notices,
        "stars": stars,
        "stars_intro": STARS_SYNTHETIC_INTRO if synthetic else N.ch3_stars_intro(config.stars, config.star_count),
        "stars_summary": N.ch3_stars_summary(star_rows),
        "newest": newest,
        "table41": {"number": "4.1", "title": "各省区市专精特新“小巨人”企业的整体表现",
                    "table": frame_table(t41, total_label=None) if t41 is not None else plain_table(["省份"], []),
                    "source": src,
                    "note": t41_note + "。" if t41_note else ""},
        "factsheets": factsheets,
        "factsheets_intro": (f"企业数量居前的{N.cn_count(len(factsheets))}个省份（{'、'.join(sheet_names)}）" if factsheets else "所选省份"),
        "audit": audit,
        "metrics": plain_table(["指标", "定义", "单位"], [list(m) for m in METRICS]),
        "radar_method": radar_method(config),
        "star_method": star_method(config),
        "sources": _sources_view(stats, dataset, synthetic),
        "toc": _toc(newest, factsheets, audit is not None, chapter2=not notices["ch2"]),
        **_figure_table_lists({k: f for k, f in figs.items() if not _figure_hidden(k, notices)},
                              stars if not notices["s3-3"] else [], newest, t41 is not None and not notices["s4-2"]),
        "appendix": {"sources": "C" if audit is not None else "B"},
        # national totals or A-share figures still compared (not all left out as another year's)
        "benchmarks_compared": any(b in bm for b in ("national", "ashare")),
    }


#: The paragraphs that compare with outside benchmark blocks (see FIGURE_BENCHMARKS).
PROSE_BENCHMARKS: dict[str, tuple[str, ...]] = {
    "ch1_national": ("national",), "ch1_board_contribution": ("boards",), "ch2_volume": ("national", "ashare"),
    "ch2_density": ("ashare",), "ch2_quality": ("ashare",), "ch2_pct": ("top500_pct_share",),
    "ch3_distribution": ("industries", "industry_groups"), "ch3_scale": ("industries",)}


def _other_year_note(bm: dict, blocks, config, where: str = "文中") -> str:
    """"注：文中 A 股上市企业为 2022 年数据（外部基准），本报告数据截至 2024 年 6 月 30 日。" or ""."""
    years = E.other_year_text(bm, blocks)
    if not years:
        return ""
    return N.spaced(f"注：{where}{years}（外部基准），本报告数据截至 {N.date_cn(config.as_of.isoformat())}。")


def _left_out_sentence(key: str, bm: dict, config) -> str | None:
    """A figure whose benchmarks are of another year and left out by configuration: that sentence."""
    left = (bm or {}).get("left_out") or {}
    blocks = [b for b in FIGURE_BENCHMARKS.get(key, ()) if b in left]
    if key not in ("fig-1-3", "fig-1-6") or not blocks:      # the others are drawn without the comparison
        return None
    labels = "、".join(dict.fromkeys(E.BLOCK_LABELS.get(b, b) for b in blocks))
    years = "、".join(str(y) for y in sorted({left[b] for b in blocks}))
    return N.omitted(f"外部基准（{labels}）为 {years} 年数据，按配置（report.benchmarks_other_year = \"omit\"）"
                     f"不与 {config.edition_year} 年的数据对比")


def render_template(name: str, context: dict) -> str:
    return environment().get_template(name).render(**context)


def render_report_html(stats, config, dataset, figures: Mapping[str, Any],
                       province_figures: Mapping[str, Mapping[str, Any]] | None = None) -> Rendered:
    ctx = report_context(stats, config, dataset, figures, province_figures)
    texts = [t for f in ctx["figs"].values() for t in svg_text(f.svg)]
    texts += [t for fs in ctx["factsheets"] for t in svg_text(fs["radar_svg"])]
    return Rendered(render_template("report.html.j2", ctx), ctx["doc"]["title"], texts)


# ---------------------------------------------------------------- province briefing


def province_measures(stats) -> dict[str, dict]:
    """Profile and technology measures per province (same definitions as the national figures)."""
    from ..stats.company_metrics import growth_years
    from ..stats.measures import profile_measures, tech_measures
    years = growth_years(stats.as_of)
    out = {}
    for name, g in stats.companies.groupby("province", sort=False):
        out[str(name)] = {**profile_measures(g, stats.as_of), **tech_measures(g, years)}
    return out


_DIMENSION_ROWS: list[tuple[str, str, str, str]] = [
    ("技术体量", "平均累计专利申请量（件/家）", "applications_mean", "num"),
    ("技术体量", "平均有效发明专利量（件/家）", "valid_inventions_mean", "num"),
    ("技术体量", "专利申请增速", "applications_growth.rate", "pct"),
    ("技术质量", "发明专利密度（件/千人）", "invention_density_per_1000", "num"),
    ("技术质量", "发明专利申请占比", "invention_application_share", "pct"),
    ("技术质量", "发明专利授权率", "invention_grant_rate", "pct"),
    ("技术影响力", "平均专利被引用次数（次/家）", "citations_mean", "num"),
    ("技术影响力", "平均专利对外许可次数（次/家）", "licenses_mean", "num"),
    ("技术影响力", "平均专利对外转让次数（次/家）", "transfers_mean", "num"),
    ("技术全球化", "平均 PCT 专利申请量（件/家）", "pct_mean", "num"),
    ("技术全球化", "PCT 申请占比", "pct_share", "pct"),
]


def resolve_province(summary: dict, name: str) -> str | None:
    """"浙江" / "浙江省" / "zhejiang"-free exact names → the province key used in summary["provinces"]."""
    provinces = list((summary.get("provinces") or {}).keys())
    text = str(name).strip()
    if text in provinces:
        return text
    try:
        from ..data.regions import resolve_province as _resolve
        full, _ = _resolve(text)
        if full in provinces:
            return full
    except Exception:
        pass
    matches = [p for p in provinces if p.startswith(text) or N.short_province(p) == text]
    return matches[0] if len(matches) == 1 else None


def province_context(stats, config, dataset, province: str, figures: Mapping[str, Any]) -> dict:
    s = stats.summary
    synthetic = is_synthetic(dataset)
    src = default_source(dataset, synthetic)
    p = s["provinces"][province]
    short = N.short_province(province)
    fs = fact_sheet_view(s, province, None, src)
    df = stats.companies
    mine = df[df["province"] == province]
    whole = "全市" if province.endswith("市") else ("全区" if province.endswith("自治区") else "全省")

    missing = missing_inputs(stats, dataset)
    # figures, numbered within the briefing; one without data keeps its number, with one sentence instead
    figs = {}
    for number, (key, title) in enumerate(PROVINCE_FIGURES.items(), start=1):
        fig = figures.get(key)
        if fig is None or any(all(n in missing for n in group) for group in N.PROVINCE_FIGURE_NEEDS.get(key, ())):
            figs[key] = omitted_figure(key, N.province_figure_omission(key, missing, province), number=str(number),
                                       title=f"{province}{title}")
            continue
        figs[key] = figure_view(key, fig, None, src, number=str(number),
                                title=getattr(fig, "title", None) or f"{province}{title}", synthetic=synthetic)

    # batches
    batch_keys = N.batch_keys(s)
    nat_batches = s.get("batches") or {}
    rows = []
    for b in batch_keys:
        n = p["companies_by_batch"].get(b, 0)
        rows.append([N.batch_name(b), N.fmt_int(n), N.fmt_pct(N.ratio(n, p["companies"])),
                     N.fmt_pct(N.ratio(nat_batches.get(b), s.get("companies")))])
    rows.append(["合计", N.fmt_int(p["companies"]), "100.0%", "100.0%"])
    batch_table = plain_table(["批次", "企业数", f"{whole[1:]}结构", "全国结构"],
                              rows, [False, True, True, True], totals={len(rows) - 1})
    batch_paras = []
    if batch_keys:
        newest = batch_keys[-1]
        n_new = p["companies_by_batch"].get(newest, 0)
        batch_paras.append(N.Para(None, N.sentence(
            f"分批次看，{short}" + "、".join(f"{N.batch_name(b)} {N.count(p['companies_by_batch'].get(b, 0))}" for b in batch_keys),
            f"{N.batch_name(newest)}占{whole}的 {N.fmt_pct(N.ratio(n_new, p['companies']))}，全国这一比例为 "
            f"{N.fmt_pct(N.ratio(nat_batches.get(newest), s.get('companies')))}" if len(batch_keys) > 1 else None)))

    # cities (districts for a municipality: its one city says nothing)
    level, label = ("city", "城市")
    if mine["city"].replace("", pd.NA).nunique() <= 1 and (mine["district"] != "").any():
        level, label = ("district", "区县")
    city_label = label
    known = mine[mine[level] != ""]
    city_counts = known.groupby(level).size()
    city_counts = city_counts.loc[sorted(city_counts.index, key=lambda k: (-city_counts[k], str(k)))]
    city_rows = []
    for city, n in city_counts.items():
        by_b = known[known[level] == city].groupby("batch").size()
        city_rows.append([str(city)] + [N.fmt_int(by_b.get(int(b), 0)) for b in batch_keys] + [N.fmt_int(n), N.fmt_pct(N.ratio(n, p["companies"]))])
    city_table = plain_table([label] + [N.batch_name(b) for b in batch_keys] + ["合计", f"占{whole}比重"], city_rows,
                             [False] + [True] * (len(batch_keys) + 2))
    city_omitted = "" if city_rows or figs["cities"].omitted else N.omitted(
        N.lacking(["city", "district"]) if {"city", "district"} <= missing else f"数据中没有{province}企业的城市和区县信息", "表")
    city_paras = []
    if len(city_counts):
        top = list(city_counts.items())[:3]
        name_of = N.short_city if level == "city" else str
        city_paras.append(N.Para(None, N.sentence(
            f"{short}的“小巨人”分布在 {len(city_counts)} 个{label}",
            "数量居前的是" + "、".join(f"{name_of(c)}（{N.count(n)}）" for c, n in top),
            f"{N.top_n(len(top))}合计占{whole}的 {N.fmt_pct(N.ratio(sum(n for _, n in top), p['companies']))}"
            if len(city_counts) > len(top) else None)))

    # industries
    from ..data.schema import INDUSTRIES
    nat_ind = s.get("industries") or {}
    ind_rows, diffs = [], []
    for name in INDUSTRIES:
        n = int((mine["industry"] == name).sum())
        share = N.ratio(n, p["companies"])
        nat_share = N.get(nat_ind, name, "share")
        diff = N.compare(share, nat_share, N.fmt_pct)          # of the printed shares
        diffs.append((name, n, share, nat_share, diff))
        ind_rows.append([name, N.fmt_int(n), N.fmt_pct(share), N.fmt_pct(nat_share),
                         _signed_diff(diff, "") if diff is not None else "—"])
    industry_table = plain_table(["产业领域", "企业数量（家）", f"{whole[1:]}占比", "全国占比", "占比差（百分点）"], ind_rows,
                                 [False, True, True, True, True])
    key_diffs = [d for d in diffs if d[0] != "其他" and d[4] is not None]
    industry_paras = []
    industry_omitted = N.omitted(N.lacking(["industry"]), "节") if "industry" in missing or s.get("industries") is None else ""
    if key_diffs and not industry_omitted:
        most = max(d[1] for d in key_diffs)
        largest = [d for d in key_diffs if d[1] == most]
        # differences of the printed shares, named from N.SHIFT_PP (0.5) percentage points
        over = sorted([d for d in key_diffs if d[4].diff >= N.SHIFT_PP], key=lambda d: -d[4].diff)[:2]
        under = sorted([d for d in key_diffs if d[4].diff <= -N.SHIFT_PP], key=lambda d: d[4].diff)[:2]
        industry_paras.append(N.Para(
            N.sentence(f"{short}企业数量最多的重点产业领域是{largest[0][0]}（{N.count(most)}，占{whole}的 {N.fmt_pct(largest[0][2])}）"
                       if len(largest) == 1 else
                       f"{short}企业数量最多的重点产业领域是{N.join_cn([d[0] for d in largest])}（各 {N.count(most)}，"
                       f"各占{whole}的 {N.fmt_pct(largest[0][2])}）"),
            N.sentence(("与全国相比，" + "、".join(f"{d[0]}占比高出 {d[4].diff_text()}" for d in over)) if over else None,
                       ("、".join(f"{d[0]}低 {d[4].diff_text()}" for d in under)) if under else None, sep="；")))

    # four dimensions
    measures = province_measures(stats)
    nat = s
    dim_rows, dim_paras = [], []
    per_dim: dict[str, list[str]] = {}
    for dim, label, key, kind in _DIMENSION_ROWS:
        path = key.split(".")
        mine_v = N.get(measures.get(province, {}), *path)
        nat_v = N.get(nat, *path)
        r = _rank({k: N.get(v, *path) for k, v in measures.items()}, province)
        dim_rows.append([dim, label, _fmt_kind(mine_v, kind), _fmt_kind(nat_v, kind), _diff_kind(mine_v, nat_v, kind),
                         f"第{r}" if r else "—"])
        if N.ok(mine_v) and N.ok(nat_v):
            cmp = (N.pp_phrase(mine_v, nat_v, "比全国高出", "比全国低", "与全国持平") if kind == "pct"
                   else N.rel_phrase(mine_v, nat_v, "比全国高出", "比全国低", "与全国持平"))
            unit = f" {DIMENSION_UNITS[key]}" if key in DIMENSION_UNITS else ""
            per_dim.setdefault(dim, []).append(f"{label.split('（')[0]} {_fmt_kind(mine_v, kind)}{unit}，{cmp}"
                                               + (f"，居第 {r} 位" if r else ""))
    for dim, value in (p.get("radar") or {}).items():
        r = _rank({k: N.get(v, "radar", dim) for k, v in (s.get("provinces") or {}).items()}, province)
        dim_rows.append([N.RADAR_LABELS.get(dim, dim), "科创能力雷达得分", N.fmt_pct(value, 0), "—", "—", f"第{r}" if r else "—"])
    for dim, clauses in per_dim.items():
        dim_paras.append(N.Para(f"{dim}：", N.sentence(*clauses, sep="；")))
    dimension_table = plain_table(["维度", "指标", short, "全国", "差异", "省份排名"], dim_rows,
                                  [False, False, True, True, True, True])

    # star companies of the province
    star_rows = []
    for i, industry in enumerate((s.get("stars") or {}).keys(), start=1):
        t = stats.tables.get(f"table-3-{i}")
        if t is None or "所在省份" not in t.columns:
            continue
        for r in t[t["所在省份"] == province].itertuples(index=False):
            rec = r._asdict()
            star_rows.append([industry] + ([] if synthetic else [str(rec.get("排名", ""))])
                             + [str(rec.get("企业名称", "")), str(rec.get("具体产业类别", "")), str(rec.get("所在城市", ""))])
    # the bundled sample: the 2022 report's list, unranked (its company values are synthetic)
    star_columns = ["产业领域"] + ([] if synthetic else ["领域内排名"]) + ["企业名称", "具体产业类别", "所在城市"]
    stars_table = plain_table(star_columns, star_rows, [c == "领域内排名" for c in star_columns],
                              empty="该省份暂无企业入选明星榜")
    n_industries = len({r[0] for r in star_rows})
    lacks = [n for n in ("industry", "patents") if n in missing]
    stars_omitted = N.omitted(N.lacking(lacks), "节") if lacks or s.get("stars") is None else ""
    dimension_omitted = N.omitted(N.lacking(["patents"]), "节") if "patents" in missing else ""
    if synthetic:
        stars_text = (N.sentence(f"2022 年报告列出的明星“小巨人”（八个重点产业领域各 10 家）中，{province}有 {len(star_rows)} 家",
                                 f"分布在 {n_industries} 个领域") if star_rows else
                      N.sentence(f"2022 年报告列出的明星“小巨人”中没有{province}的企业"))
    else:
        stars_text = (N.sentence(f"在八个重点产业领域各 {config.star_count} 家的明星榜中，{province}有 {len(star_rows)} 家企业入选",
                                 f"分布在 {n_industries} 个领域") if star_rows else
                      N.sentence(f"{province}暂无企业进入八个重点产业领域的明星榜"))

    summary_paras = [N.province_paragraph(s, province)]
    title = f"{province}专精特新“小巨人”企业科创能力简报"
    return {
        "doc": _doc_meta(f"{config.edition_year} {title}", config.author, f"{title}（{config.edition_year}）",
                         f"{config.edition_year} · {province}简报"),
        "css": Markup(stylesheet()),
        "screen_css": Markup(screen_stylesheet()),
        "cfg": _cfg_view(config, s),
        "synthetic": synthetic,
        "figs": figs,
        "prov": {**fs, "summary": summary_paras, "batch_table": batch_table, "batch_paras": batch_paras,
                 "city_table": city_table, "city_paras": city_paras, "city_label": city_label, "industry_table": industry_table,
                 "industry_paras": industry_paras, "dimension_table": dimension_table, "dimension_paras": dim_paras,
                 "stars_table": stars_table, "stars_text": stars_text, "city_omitted": city_omitted,
                 "industry_omitted": industry_omitted, "dimension_omitted": dimension_omitted,
                 "stars_omitted": stars_omitted,
                 "province_count": len(s.get("provinces") or {})},
        "star_method": star_method_short(config),
        "method": briefing_method(config),
        "stars_note": ("名单及顺序照录 2022 年报告表 3.1–3.8，不排名：本样例数据的企业级数值为合成数据，不代表这些企业的真实表现。"
                       if synthetic else None),
        "stars_source": "智慧芽《2022 专精特新“小巨人”企业科创能力报告》表 3.1–3.8" if synthetic else src,
        "source": src,
    }


def render_province_html(stats, config, dataset, province: str, figures: Mapping[str, Any]) -> Rendered:
    ctx = province_context(stats, config, dataset, province, figures)
    texts = [t for f in ctx["figs"].values() if f is not None for t in svg_text(f.svg)]
    return Rendered(render_template("province.html.j2", ctx), ctx["doc"]["title"], texts)
