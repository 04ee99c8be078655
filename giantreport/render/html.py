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
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
import jinja2
import pandas as pd
from markupsafe import Markup
from .. import __version__
from ..publisher import DEFAULT_ACCENT, DEFAULT_PRIMARY
from ..resources import asset_path
from ..runtime import source_date
from ..svgsafe import sanitise
from ..stats.columns import header_of, kind_of
from ..words import batch_name, cn_count, cn_date, fmt_kind, tidy
from ..definition import FIGURES, KEYWORDS, PROVINCE_FIGURES
from .shared import CREDIT, source_line

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
    text = tidy(str(value))
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
    text = tidy(str(value))
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
        finalize=tidy,          # every value a template prints in the house style; markup as it is
    )
    env.filters.update(cn_count=cn_count, nb=_f_nb, xref=_f_xref)
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
    return source_date() or dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


def _doc_meta(title: str, author: str, description: str, running_title: str, profile=None) -> dict:
    """The document's metadata (PDF info, HTML meta) and theme; `profile`: the publisher (giantreport/publisher.py)."""
    when = build_time()
    theme = None
    if profile is not None and (profile.primary, profile.accent) != (DEFAULT_PRIMARY, DEFAULT_ACCENT):
        theme = {"primary": profile.primary, "accent": profile.accent, "tint": profile.tint,
                 "cover": profile.cover, "cover_accent": profile.cover_accent}
    return {
        "title": title,
        "running_title": running_title,
        "author": author,
        "description": description,
        "keywords": list(profile.keywords) if profile is not None and profile.keywords else KEYWORDS,
        # the tool names itself only where the publisher lets it (the colophon switch)
        "generator": f"giantreport {__version__}" if profile is None or profile.colophon else None,
        "publisher": profile.header_name if profile is not None and profile.given else "",   # the running footer
        "theme": theme,
        "created": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "created_cn": cn_date(when),
    }


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
                benchmarks: dict | None = None, by: str = CREDIT) -> FigureView:
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
        title=tidy(title or getattr(fig, "title", None) or fallback_title),
        svg=svg,
        source=tidy(source_line(source, synthetic, key, benchmarks, by)),
        note=tidy(_strip_prefix(getattr(fig, "note", None), ("注：", "注:"))),
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
    """(text, numeric?) for one table cell, by the kind its column declares (stats.columns; `plain`:
    numbers as they are)."""
    if _is_missing(value):
        return "—", True
    if plain and not isinstance(value, (str, bool)):
        try:
            return plain_number(value), True
        except (TypeError, ValueError):
            return str(value), False
    if isinstance(value, bool):
        return ("是" if value else "否"), False
    kind = kind_of(column)
    if kind == "batch" and str(value).isdigit():
        return batch_name(int(value)), False
    if isinstance(value, str):
        return value, False
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value), False
    if math.isnan(f):
        return "—", True
    return fmt_kind(kind, f), True


def header(column: str) -> str:
    """A column header as printed: with the unit its column declares when the label names none, house spacing."""
    return tidy(header_of(column))


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




def render_template(name: str, context: dict) -> str:
    return environment().get_template(name).render(**context)


