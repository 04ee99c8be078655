"""Render the annual report and the province briefings to files.

    render_report(stats, config, dataset, out_dir, formats=("pdf", "html")) -> [Path, …]
    render_province(stats, config, dataset, "浙江", out_dir, formats=("pdf",)) -> [Path, …]

Every output is rendered to bytes first; only when all formats succeeded are the files
moved into `out_dir` (through a staging folder), so a failure never leaves a half-written
or mixed set of files. Stage timings go to `progress` (``--verbose`` prints them) and, when
given, into the `timings` dict (seconds): "charts", "html", "pdf_import", "pdf_layout",
"pdf_check", "pdf_write", "docx", "chart_files", "write_files" (and "pdf_pages", the page count).
Formats: pdf, html, docx (render/docx.py) and charts (a folder report-<year>-charts/ of SVG, PNG
and CSV per figure, render/chart_export.py).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Mapping

from ..errors import GiantReportError
from ..output import atomic_output
from ..progress import QUIET, Progress
from . import html as H
from .briefing_view import render_province_html, resolve_province
from .report_view import render_report_html

FORMATS = ("pdf", "html", "docx", "charts")
DEFAULT_FORMATS = ("pdf", "html")


def report_filename(config, fmt: str) -> str:
    return f"report-{config.edition_year}.{fmt}"


def province_filename(config, province: str, fmt: str) -> str:
    return f"province-{province}-{config.edition_year}.{fmt}"


def _formats(formats) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = (formats,)
    out = tuple(dict.fromkeys(f.lower().lstrip(".") for f in formats))
    bad = [f for f in out if f not in FORMATS]
    if bad or not out:
        raise GiantReportError(f"不支持的输出格式：{'、'.join(bad) or '（空）'}；可选 {'、'.join(FORMATS)}")
    return out


def _charts_module(charts):
    if charts is not None:
        return charts
    try:
        from .. import charts as module
        module.report_figures, module.province_figures  # noqa: B018 - presence check
    except (ImportError, AttributeError) as exc:
        raise GiantReportError(f"图表模块 giantreport.charts 不可用（{exc}）") from None
    return module


def _radar_only(module, stats, name: str, cache_dir, defer: list | None = None) -> dict:
    """The fact sheets show only the radar: draw just that chart when the charts module allows it
    (its PROVINCE_FIGURES table), else take it from province_figures()."""
    radar = (getattr(module, "PROVINCE_FIGURES", None) or {}).get("radar")
    if radar is not None:
        cache = module.ChartCache(cache_dir) if (cache_dir is not None and hasattr(module, "ChartCache")) else None
        figure = radar(stats, name, cache=cache, defer=defer) if defer is not None else radar(stats, name, cache=cache)
        return {"radar": figure} if figure is not None else {}
    try:
        return dict(module.province_figures(stats, name, cache_dir=cache_dir))
    except TypeError:
        return dict(module.province_figures(stats, name))


class _Timer:
    def __init__(self, progress: Progress, timings: dict | None):
        self.progress, self.timings = progress, timings

    def add(self, key: str, label: str | None, seconds: float) -> None:
        """Record a timing; `label` also prints it with --verbose (sub-steps of a progress stage)."""
        if self.timings is not None:
            self.timings[key] = self.timings.get(key, 0.0) + seconds
        if label:
            self.progress.detail(f"    {label}：{seconds:.2f} s")


def _write(out_dir: Path, files: dict[str, bytes], timer: _Timer) -> list[Path]:
    t0 = time.perf_counter()
    with atomic_output(out_dir) as staging:
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)     # charts: a folder of files
            (staging / name).write_bytes(data)
    timer.add("write_files", None, time.perf_counter() - t0)
    return [Path(out_dir) / name for name in files]


def _docx(rendered: H.Rendered, specs: dict, config, timer: _Timer, progress: Progress) -> bytes:
    from .chart_export import PRINT_DPI
    from .docx import chart_images, render_docx
    t0 = time.perf_counter()
    with progress.stage("生成 Word 文档（图表 300 dpi）"):
        data = render_docx(rendered.html, chart_images(specs, PRINT_DPI), config.author)
    timer.add("docx", None, time.perf_counter() - t0)
    return data


def _chart_files(stats, config, timer: _Timer, progress: Progress) -> dict[str, bytes]:
    """The report's figures as files (SVG, PNG at 2x, data CSV) in the folder report-<year>-charts/."""
    from .chart_export import chart_files
    t0 = time.perf_counter()
    with progress.stage("导出图表（SVG、PNG、CSV）"):
        folder = f"report-{config.edition_year}-charts"
        files = {f"{folder}/{name}": data for name, data in chart_files(stats, config).items()}
    timer.add("chart_files", None, time.perf_counter() - t0)
    return files


def _pdf(rendered: H.Rendered, timer: _Timer, progress: Progress, worker=None, variant: str | None = None) -> bytes:
    from .pdf import render_pdf
    with progress.stage("排版 PDF" if worker is None else "排版 PDF（等待排版进程）"):
        if worker is None:
            result = render_pdf(rendered.html, rendered.svg_text, variant=variant)
        else:
            if not worker.sent_html:
                worker.lay_out(rendered.html)
            result = worker.finish(rendered.html, rendered.svg_text, variant)
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


def render_report(stats, config, dataset, out_dir: Path, formats=DEFAULT_FORMATS, figures: Mapping[str, Any] | None = None,
                  progress: Progress | None = None, *, charts=None, cache_dir=None,
                  timings: dict | None = None, pdf_worker=None) -> list[Path]:
    """Write the annual report (report-<year>.pdf / .html) into `out_dir`; returns the paths written.

    `figures` are the report charts (``giantreport.charts.report_figures``); when None they are
    drawn here, with `cache_dir` as the chart cache. Fact sheets take their radar charts from
    ``province_figures``. `charts` replaces the giantreport.charts module (tests).

    With a `pdf_worker` (render.pdf_worker.PdfWorker, already started) the PDF is laid out in that
    process: it gets the HTML with placeholder charts first and each chart as it is drawn here.
    """
    progress = progress or QUIET
    formats = _formats(formats)
    timer = _Timer(progress, timings)
    worker = pdf_worker if "pdf" in formats else None
    sheets = [p for p in stats.summary.get("fact_sheets") or [] if p in (stats.summary.get("provinces") or {})]
    module = _charts_module(charts) if figures is None or sheets else None
    pending = [] if worker is not None and hasattr(module, "Pending") else None

    t0 = time.perf_counter()
    with progress.stage("绘制图表" if pending is None else "准备图表"):
        if figures is None:
            figures = module.report_figures(stats, config, cache_dir=cache_dir, **_deferring(pending))
        province_figs = {name: _radar_only(module, stats, name, cache_dir, pending) for name in sheets}
    timer.add("charts", None, time.perf_counter() - t0)

    if pending:
        # HTML with placeholder charts to the worker; draw the charts while it reads the styles
        t0 = time.perf_counter()
        with progress.stage("生成排版用 HTML"):
            worker.lay_out(render_report_html(stats, config, dataset, figures, province_figs).html)
        timer.add("html", None, time.perf_counter() - t0)
        t0 = time.perf_counter()
        with progress.stage(f"绘制图表（{len(pending)} 幅，PDF 同时排版）"):
            drawn = {}
            for job in pending:
                drawn[job.token] = job.draw()
                worker.chart(job.token, H.sanitize_svg(drawn[job.token]))
            figures = {key: module.fill_pending(fig, drawn) for key, fig in figures.items()}
            province_figs = {name: {k: module.fill_pending(f, drawn) for k, f in figs.items()}
                             for name, figs in province_figs.items()}
        timer.add("charts", None, time.perf_counter() - t0)

    t0 = time.perf_counter()
    with progress.stage("生成 HTML"):
        rendered = render_report_html(stats, config, dataset, figures, province_figs)
    timer.add("html", None, time.perf_counter() - t0)

    files: dict[str, bytes] = {}
    if "pdf" in formats:
        files[report_filename(config, "pdf")] = _pdf(rendered, timer, progress, worker, config.pdf_variant)
    if "html" in formats:
        files[report_filename(config, "html")] = rendered.html.encode("utf-8")
    if "docx" in formats:
        from .chart_export import report_specs
        specs = report_specs(stats, config)
        radar = (getattr(module, "PROVINCE_FIGURES", None) or {}).get("radar") if sheets else None
        specs.update({f"radar:{name}": radar.spec(stats, name) for name in sheets if radar is not None})
        files[report_filename(config, "docx")] = _docx(rendered, specs, config, timer, progress)
    if "charts" in formats:
        files.update(_chart_files(stats, config, timer, progress))
    return _write(Path(out_dir), files, timer)


def _deferring(pending: list | None) -> dict:
    return {} if pending is None else {"defer": pending}


def render_province(stats, config, dataset, province: str, out_dir: Path, formats=DEFAULT_FORMATS,
                    progress: Progress | None = None, *, charts=None, figures: Mapping[str, Any] | None = None,
                    cache_dir=None, timings: dict | None = None) -> list[Path]:
    """Write one province's briefing (province-<省份>-<year>.pdf / .html / .docx); `province` may be short ("浙江")."""
    progress = progress or QUIET
    formats = _formats(formats)
    if "charts" in formats:
        raise GiantReportError("省份简报不单独导出图表（--format charts 只用于 giantreport build）；可选 pdf、html、docx")
    timer = _Timer(progress, timings)
    name = resolve_province(stats.summary, province)
    if name is None:
        available = "、".join(stats.summary.get("provinces") or {}) or "（无）"
        raise GiantReportError(f"数据中没有省份“{province}”的企业。可选省份：{available}")
    t0 = time.perf_counter()
    with progress.stage(f"绘制{name}图表"):
        if figures is None:
            module = _charts_module(charts)
            try:
                figures = module.province_figures(stats, name, cache_dir=cache_dir)
            except TypeError:
                figures = module.province_figures(stats, name)
    timer.add("charts", None, time.perf_counter() - t0)
    t0 = time.perf_counter()
    with progress.stage(f"生成{name}简报 HTML"):
        rendered = render_province_html(stats, config, dataset, name, figures)
    timer.add("html", None, time.perf_counter() - t0)
    files: dict[str, bytes] = {}
    if "pdf" in formats:
        files[province_filename(config, name, "pdf")] = _pdf(rendered, timer, progress, variant=config.pdf_variant)
    if "html" in formats:
        files[province_filename(config, name, "html")] = rendered.html.encode("utf-8")
    if "docx" in formats:
        from .chart_export import province_specs
        files[province_filename(config, name, "docx")] = _docx(rendered, province_specs(stats, name), config,
                                                                timer, progress)
    return _write(Path(out_dir), files, timer)
