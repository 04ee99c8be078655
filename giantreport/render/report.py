"""The rendering steps of the annual report and the province briefings, each one plain call; the
pipeline (giantreport/pipeline.py: write_report, write_briefing) calls them in order:

    figures = report_figures(stats, config, cache_dir, timer)             # the charts
    document = report_document(stats, config, dataset, figures, timer)     # the HTML (Jinja)
    pdf = pdf_bytes(document, timer, worker)                              # WeasyPrint
    write_files(out_dir, {report_filename(config, "pdf"): pdf, …}, timer) # all files, or none

Every output is rendered to bytes first; write_files moves them into the output folder all at once.
Stage timings go to `progress` (``--verbose`` prints them) and, when the Timer has a `timings`
dict, into it (seconds): "charts", "html", "pdf_import", "pdf_layout", "pdf_check", "pdf_write",
"docx", "chart_files", "write_files" (and "pdf_pages", the page count). Formats: pdf, html,
docx (render/docx.py) and charts (a folder report-<year>-charts/ of SVG, PNG and CSV per figure,
render/chart_export.py).
"""
from __future__ import annotations

import contextlib
import dataclasses
import time
from pathlib import Path
from typing import Any

from ..errors import GiantReportError
from ..output import atomic_output
from ..progress import QUIET, Progress
from . import html as H
from .briefing_view import render_province_html, resolve_province
from .report_view import render_report_html

FORMATS = ("pdf", "html", "docx", "charts")
BRIEFING_FORMATS = ("pdf", "html", "docx")


def report_filename(config, fmt: str) -> str:
    return f"report-{config.edition_year}.{fmt}"


def province_filename(config, province: str, fmt: str) -> str:
    return f"province-{province}-{config.edition_year}.{fmt}"


def check_formats(formats, allowed: tuple[str, ...] = FORMATS) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = (formats,)
    out = tuple(dict.fromkeys(f.lower().lstrip(".") for f in formats))
    bad = [f for f in out if f not in allowed]
    if bad or not out:
        hint = "（图表导出只用于 giantreport build）" if "charts" in bad else ""
        raise GiantReportError(f"不支持的输出格式：{'、'.join(bad) or '（空）'}{hint}；可选 {'、'.join(allowed)}")
    return out


class Timer:
    """Stages shown through `progress` and added up in `timings` (when given)."""

    def __init__(self, progress: Progress | None = None, timings: dict | None = None):
        self.progress, self.timings = progress or QUIET, timings

    def add(self, key: str, label: str | None, seconds: float) -> None:
        """Record a timing; `label` also prints it with --verbose (sub-steps of a progress stage)."""
        if self.timings is not None:
            self.timings[key] = self.timings.get(key, 0.0) + seconds
        if label:
            self.progress.detail(f"    {label}：{seconds:.2f} s")

    @contextlib.contextmanager
    def stage(self, label: str, key: str):
        t0 = time.perf_counter()
        with self.progress.stage(label):
            yield
        self.add(key, None, time.perf_counter() - t0)


# ---------------------------------------------------------------- figures


@dataclasses.dataclass
class ReportFigures:
    """The report's charts: the chapters' figures ("fig-1-1" …) and each fact sheet's radar."""

    chapters: dict[str, Any]
    sheets: dict[str, dict[str, Any]]                         # province -> {"radar": Figure}
    pending: list = dataclasses.field(default_factory=list)   # charts.Pending: drawn later (placeholders now)

    def filled(self, drawn: dict[str, str]) -> ReportFigures:
        """The figures with each placeholder replaced by its drawn SVG (`drawn`: token -> SVG)."""
        from ..charts import fill_pending
        return ReportFigures({key: fill_pending(f, drawn) for key, f in self.chapters.items()},
                             {name: {k: fill_pending(f, drawn) for k, f in figs.items()}
                              for name, figs in self.sheets.items()})


def fact_sheet_provinces(stats) -> list[str]:
    provinces = stats.summary.get("provinces") or {}
    return [p for p in stats.summary.get("fact_sheets") or [] if p in provinces]


def report_figures(stats, config, cache_dir=None, timer: Timer | None = None, defer: bool = False) -> ReportFigures:
    """The report's charts from the chart cache at `cache_dir` (None: no cache). With `defer`, the
    charts not in the cache are left as placeholders, listed in `pending` (see draw_during_layout)."""
    from .. import charts
    timer = timer or Timer()
    pending: list | None = [] if defer else None
    with timer.stage("准备图表" if defer else "绘制图表", "charts"):
        cache = charts.open_cache(cache_dir)
        palette = charts.palette_of(config)
        chapters = charts.report_figures(stats, config, cache_dir=cache, defer=pending, palette=palette)
        radar = charts.PROVINCE_FIGURES["radar"]       # the fact sheets show only the radar
        sheets = {}
        for name in fact_sheet_provinces(stats):
            figure = radar(stats, name, cache=cache, defer=pending, palette=palette)
            sheets[name] = {"radar": figure} if figure is not None else {}
    return ReportFigures(chapters, sheets, pending or [])


def draw_during_layout(stats, config, dataset, figures: ReportFigures, worker, timer: Timer) -> ReportFigures:
    """The PDF worker's overlap: it gets the document with placeholder charts and computes styles and
    boxes while the pending charts are drawn here, each sent to it as soon as it is drawn."""
    with timer.stage("生成排版用 HTML", "html"):
        worker.lay_out(render_report_html(stats, config, dataset, figures.chapters, figures.sheets).html)
    with timer.stage(f"绘制图表（{len(figures.pending)} 幅，PDF 同时排版）", "charts"):
        drawn = {}
        for job in figures.pending:
            drawn[job.token] = job.draw()
            worker.chart(job.token, H.sanitize_svg(drawn[job.token]))
    return figures.filled(drawn)


def briefing_province(stats, province: str) -> str:
    """The province's name as the statistics spell it ("浙江" -> "浙江省"); a clear error when absent."""
    name = resolve_province(stats.summary, province)
    if name is None:
        available = "、".join(stats.summary.get("provinces") or {}) or "（无）"
        raise GiantReportError(f"数据中没有省份“{province}”的企业。可选省份：{available}")
    return name


def briefing_figures(stats, name: str, cache_dir=None, timer: Timer | None = None, config=None) -> dict[str, Any]:
    """The briefing's charts, in the publisher's palette of `config` (None: the house palette)."""
    from .. import charts
    timer = timer or Timer()
    with timer.stage(f"绘制{name}图表", "charts"):
        return charts.province_figures(stats, name, cache_dir=cache_dir, palette=charts.palette_of(config))


# ---------------------------------------------------------------- documents


def report_document(stats, config, dataset, figures: ReportFigures, timer: Timer) -> H.Rendered:
    with timer.stage("生成 HTML", "html"):
        return render_report_html(stats, config, dataset, figures.chapters, figures.sheets)


def briefing_document(stats, config, dataset, name: str, figures, timer: Timer) -> H.Rendered:
    with timer.stage(f"生成{name}简报 HTML", "html"):
        return render_province_html(stats, config, dataset, name, figures)


def html_bytes(document: H.Rendered) -> bytes:
    return document.html.encode("utf-8")


def pdf_bytes(document: H.Rendered, timer: Timer, worker=None, variant: str | None = None) -> bytes:
    """The PDF, laid out here or, given a started render.pdf_worker.PdfWorker, in that process;
    `variant`: [pdf] variant (pdf/a-3b, pdf/ua-1, pdf/x-4) or None."""
    from .pdf import render_pdf
    progress = timer.progress
    with progress.stage("排版 PDF" if worker is None else "排版 PDF（等待排版进程）"):
        if worker is None:
            result = render_pdf(document.html, document.svg_text, variant=variant)
        else:
            result = worker.finish(document.html, document.svg_text, variant)
    timer.add("pdf_import", "载入 WeasyPrint", result.timings.get("import", 0.0))
    timer.add("pdf_layout", "PDF 排版", result.timings.get("layout", 0.0))
    timer.add("pdf_check", "PDF 字符检查", result.timings.get("check", 0.0))
    timer.add("pdf_write", "PDF 生成", result.timings.get("write", 0.0))
    if timer.timings is not None:
        timer.timings["pdf_pages"] = timer.timings.get("pdf_pages", 0) + result.pages
    progress.detail(f"  PDF{'（' + variant + '）' if variant else ''} 共 {result.pages} 页，{len(result.data) / 1e6:.2f} MB")
    for message in result.warnings:
        progress.detail(f"  WeasyPrint：{message}")
    return result.data


def docx_bytes(document: H.Rendered, specs: dict, config, timer: Timer, cache_dir=None) -> bytes:
    """The editable Word document of `document`, its charts as PNG at print resolution from `specs`
    (kept in the chart cache at `cache_dir`; None: drawn every time)."""
    from .chart_export import PRINT_DPI
    from .docx import chart_images, render_docx
    with timer.stage("生成 Word 文档（图表 300 dpi）", "docx"):
        return render_docx(document.html, chart_images(specs, PRINT_DPI, cache_dir), config.author)


def report_specs(stats, config) -> dict:
    """The report's chart specs (charts and the fact sheets' radars), for the Word document's PNGs."""
    from .. import charts
    from .chart_export import report_specs as chapter_specs
    specs = chapter_specs(stats, config)
    radar = charts.PROVINCE_FIGURES["radar"]
    palette = charts.palette_of(config)
    specs.update({f"radar:{name}": radar.spec(stats, name, palette=palette) for name in fact_sheet_provinces(stats)})
    return specs


def briefing_specs(stats, name: str, config=None) -> dict:
    from .. import charts
    from .chart_export import province_specs
    return province_specs(stats, name, charts.palette_of(config))


def chart_files(stats, config, timer: Timer, cache_dir=None) -> dict[str, bytes]:
    """The report's figures as files (SVG, PNG at 2x, data CSV) in the folder report-<year>-charts/
    (PNGs kept in the chart cache at `cache_dir`)."""
    from .chart_export import SLIDE_DPI
    from .chart_export import chart_files as files_of
    with timer.stage("导出图表（SVG、PNG、CSV）", "chart_files"):
        folder = f"report-{config.edition_year}-charts"
        return {f"{folder}/{name}": data for name, data in files_of(stats, config, SLIDE_DPI, cache_dir).items()}


def document_files(document: H.Rendered, formats, filename, specs, config, timer: Timer, cache_dir=None,
                   worker=None, more=None) -> dict[str, bytes]:
    """A report's or briefing's files, named by `filename(fmt)`: the PDF laid out by `worker` (a started
    render.pdf_worker.PdfWorker, or None: here) while the HTML, the Word document (charts from `specs()`)
    and `more()` (the chart files) are made; in the order pdf, html, docx, more."""
    if worker is not None and "pdf" in formats and not worker.sent_html:
        worker.lay_out(document.html)        # layout starts now, while the other files are made
    others: dict[str, bytes] = {}
    if "html" in formats:
        others[filename("html")] = html_bytes(document)
    if "docx" in formats:
        others[filename("docx")] = docx_bytes(document, specs(), config, timer, cache_dir)
    if more is not None:
        others.update(more())
    files: dict[str, bytes] = {}
    if "pdf" in formats:
        files[filename("pdf")] = pdf_bytes(document, timer, worker, config.pdf_variant)
    return {**files, **others}


# ---------------------------------------------------------------- files


def write_files(out_dir: Path, files: dict[str, bytes], timer: Timer) -> list[Path]:
    """All files into `out_dir` through a staging folder: every one, or (on a failure) none."""
    t0 = time.perf_counter()
    with atomic_output(out_dir) as staging:
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)     # charts: a folder of files
            (staging / name).write_bytes(data)
    timer.add("write_files", None, time.perf_counter() - t0)
    return [Path(out_dir) / name for name in files]
