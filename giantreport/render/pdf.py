"""PDF from the report HTML with WeasyPrint: offline, deterministic, checked against the shipped font.

* Fonts come only from the bundled asset folder through ``font_face_css()``; the URL
  fetcher serves ``file://`` URLs inside the assets and refuses everything else, so
  rendering never touches the network (a refused URL is an error, not a silent gap).
* The same input gives the same bytes: the creation date comes from the HTML
  (``SOURCE_DATE_EPOCH`` when set, see ``html.build_time``) and the PDF file identifier is
  a hash of the input.
* After layout, the text of every page is checked with ``fonts.missing_chars``: characters
  the shipped font cannot draw raise :class:`MissingGlyphsError` naming them.
* Layout and writing are timed separately (:attr:`PdfResult.timings`).
"""
from __future__ import annotations

import hashlib
import logging
from html import escape as html_escape
import base64
import re
from functools import cache
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from ..errors import GiantReportError
from ..resources import asset_path
from ..runtime import paused_gc
from ..svgsafe import root_attributes, sanitise
from .flow import page_flow


class MissingGlyphsError(GiantReportError):
    """The document has characters the bundled font does not cover."""

    def __init__(self, chars: list[str], contexts: dict[str, str]):
        self.chars = chars
        self.contexts = contexts
        self._args = (chars, contexts)
        shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in chars[:20])
        more = f" 等 {len(chars)} 个字符" if len(chars) > 20 else ""
        where = "；".join(f"“{c}”见于“{contexts[c]}”" for c in chars[:5] if c in contexts)
        super().__init__(f"内置字体 Giant Sans SC 不含以下字符，PDF 中无法正确显示：{shown}{more}。"
                         + (f"出处：{where}。" if where else "")
                         + "请检查数据中的企业名称等文字（可改用常用字写法），或按 fonts/README.md 重建包含这些字符的字体子集。")

    def __reduce__(self):          # crosses from the PDF worker process (pickle)
        return MissingGlyphsError, self._args


class RefusedURLError(GiantReportError):
    """The document asked for a resource outside the bundled assets."""


@dataclass
class PdfResult:
    data: bytes
    pages: int
    timings: dict[str, float] = field(default_factory=dict)   # seconds: "import", "layout", "check", "write"
    warnings: list[str] = field(default_factory=list)         # WeasyPrint's messages (CSS it ignored, …)


# ---------------------------------------------------------------- URL fetcher


def _allowed_roots() -> list[Path]:
    return [asset_path("fonts").resolve(), asset_path("templates").resolve()]


def _local_path(url: str) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return None
    return Path(url2pathname(unquote(parsed.path))).resolve()


CHART_SCHEME = "giantreport-chart"


def make_url_fetcher(refused: list[str], charts: dict[str, bytes] | None = None):
    """A WeasyPrint URL fetcher that never touches the network.

    It serves files under the bundled fonts/templates folders and the in-memory chart SVGs
    (``giantreport-chart:<n>``, see :func:`charts_as_images`); any other URL is recorded in
    `refused` and refused."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = _allowed_roots()
    charts = charts or {}

    class AssetsOnly(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)

        def fetch(self, url, headers=None):
            if url.startswith(CHART_SCHEME + ":") and url in charts:
                return URLFetcherResponse(url, charts[url], {"Content-Type": "image/svg+xml"})
            image = _data_image(url)
            if image is not None:
                return URLFetcherResponse(url[:64], image[1], {"Content-Type": image[0]})
            path = _local_path(url)
            if path is None or not any(path == r or r in path.parents for r in roots) or not path.is_file():
                refused.append(url)
                raise ValueError(f"giantreport 渲染时不访问外部资源：{url}")
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": _mime(path)})

    return AssetsOnly()


_DATA_IMAGE = re.compile(r"^data:(image/png|image/svg\+xml);base64,([A-Za-z0-9+/=]+)$")


def _data_image(url: str) -> tuple[str, bytes] | None:
    """The publisher's logo, embedded as a data: URI (PNG, or SVG sanitised again); nothing else."""
    m = _DATA_IMAGE.match(url)
    if m is None:
        return None
    data = base64.b64decode(m.group(2))
    if m.group(1) == "image/svg+xml":
        data = sanitise(data.decode("utf-8")).encode("utf-8")
    elif not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    return m.group(1), data


def _mime(path: Path) -> str:
    return {".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff", ".woff2": "font/woff2",
            ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(path.suffix.lower(),
                                                                                  "application/octet-stream")


# ---------------------------------------------------------------- print-only HTML

_INLINE_CHART = re.compile(r'<div class="(chart[^"]*)">\s*(<svg\b.*?</svg>)\s*</div>', re.S)
_SCREEN_ONLY = re.compile(r'<details class="data screen-only">.*?</details>', re.S)


def image_bytes(svg: str) -> bytes:
    """A chart's inline SVG as a standalone image file: parsed as XML and sanitised (giantreport.svgsafe),
    its root with exactly one xmlns. Markup that is not well-formed raises svgsafe.SVGError."""
    return sanitise(svg).encode("utf-8")


def charts_as_images(html: str) -> tuple[str, dict[str, bytes]]:
    """The HTML as WeasyPrint gets it: each inline chart becomes an <img> served from memory, and
    screen-only data tables are dropped. Chart markup then never enters the HTML tree and the
    style cascade (tens of thousands of glyph elements), which keeps layout fast; the drawing is
    the same SVG renderer either way."""
    charts: dict[str, bytes] = {}

    def replace(match: re.Match) -> str:
        cls, svg = match.group(1), match.group(2)
        url = f"{CHART_SCHEME}:{len(charts) + 1}"
        charts[url] = image_bytes(svg)
        alt = html_escape(root_attributes(svg).get("aria-label", ""), quote=True)
        return f'<div class="{cls}"><img src="{url}" alt="{alt}"></div>'

    html = _SCREEN_ONLY.sub("", html)
    return _INLINE_CHART.sub(replace, html), charts


# ---------------------------------------------------------------- text of the laid-out document


def document_text(document) -> str:
    """All text WeasyPrint laid out (page content, generated content, running headers, page numbers).
    WeasyPrint has no public API for it: the pages' boxes are read (``_page_box``), which is why
    pyproject.toml pins the tested WeasyPrint versions (tests/test_weasyprint_support.py)."""
    from weasyprint.formatting_structure import boxes

    parts: list[str] = []

    def walk(box):
        if isinstance(box, boxes.TextBox):
            parts.append(box.text)
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return "\n".join(parts)


def check_glyphs(text: str) -> None:
    from .fonts import missing_chars
    missing = missing_chars(text)
    if missing:
        contexts = {}
        for c in missing:
            i = text.find(c)
            if i >= 0:
                contexts[c] = text[max(0, i - 12): i + 13].replace("\n", " ")
        raise MissingGlyphsError(missing, contexts)


# ---------------------------------------------------------------- rendering


@cache
def _fonts_digest() -> bytes:
    """Content hash of the bundled fonts (not their paths: the same input gives the same PDF anywhere)."""
    from .fonts import font_files
    h = hashlib.sha256()
    for key, path in sorted(font_files().items()):
        h.update(key.encode())
        h.update(path.read_bytes())
    return h.digest()


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


_FONTS: dict = {}


def _font_setup(base_url: str):
    """One font configuration and @font-face stylesheet per process: loading the CJK faces once
    lets a batch of briefings share them (the fonts are the bundled files, never fetched)."""
    if base_url not in _FONTS:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from .fonts import font_face_css
        font_config = FontConfiguration()
        refused: list[str] = []
        stylesheet = CSS(string=font_face_css(), font_config=font_config,
                         url_fetcher=make_url_fetcher(refused, {}), base_url=base_url)
        if refused:
            raise RefusedURLError("字体加载时拒绝了外部资源：" + "、".join(refused))
        _FONTS[base_url] = (font_config, stylesheet)
    return _FONTS[base_url]


def render_pdf(html: str, extra_text: list[str] | None = None, check: bool = True,
               variant: str | None = None) -> PdfResult:
    """Lay out `html` (print media) with the bundled fonts and write the PDF to bytes (`variant`: see write)."""
    t0 = time.perf_counter()
    from weasyprint import HTML  # noqa: F401 - timed apart from the layout
    timings: dict[str, float] = {"import": time.perf_counter() - t0}
    print_html, charts = charts_as_images(html)
    with paused_gc():
        document, warnings = lay_out(print_html, charts, timings)
        return write(document, html, extra_text or [], timings, warnings, check, variant)


def lay_out(print_html: str, charts, timings: dict[str, float]):
    """WeasyPrint's layout of the print HTML; `charts` maps the chart URLs to SVG bytes (any mapping:
    the worker's blocks until a chart it asks for has been drawn). Returns (document, warnings)."""
    from weasyprint import HTML
    refused: list[str] = []
    fetcher = make_url_fetcher(refused, charts)
    base_url = asset_path("templates").resolve().as_uri() + "/"
    # WeasyPrint's messages are collected (PdfResult.warnings), not printed on the user's terminal.
    logger = logging.getLogger("weasyprint")
    collector = _WarningCollector()
    logger.addHandler(collector)
    propagate, logger.propagate = logger.propagate, False
    try:
        t0 = time.perf_counter()
        font_config, stylesheet = _font_setup(base_url)
        with page_flow():       # figures float to the next page instead of leaving holes; 续表 rows
            document = HTML(string=print_html, base_url=base_url, url_fetcher=fetcher, media_type="print").render(
                font_config=font_config, stylesheets=[stylesheet])
        timings["layout"] = time.perf_counter() - t0
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate
    if refused:
        raise RefusedURLError("渲染 PDF 时拒绝了以下外部资源（只允许内置字体与模板文件）：" + "、".join(sorted(set(refused))))
    check_charts_drawn(collector.messages)
    return document, collector.messages


class ChartImageError(GiantReportError):
    """A chart could not be drawn into the PDF (WeasyPrint would have shown its text alternative instead)."""


def check_charts_drawn(messages: list[str]) -> None:
    """A chart is in the PDF or the build fails: WeasyPrint only logs an image it cannot load or draw."""
    failed = [m for m in messages if CHART_SCHEME + ":" in m and "Failed" in m]
    if failed:
        raise ChartImageError("有图表无法绘入 PDF（PDF 中会只剩图表的文字说明），已停止生成："
                              + "；".join(failed[:3]) + "。/ A chart could not be drawn into the PDF.")


def write(document, html: str, extra_text: list[str], timings: dict[str, float], warnings: list[str],
          check: bool = True, variant: str | None = None) -> PdfResult:
    """Check the laid-out text against the font, then write the PDF (identifier: hash of `html` and fonts).

    `variant` ([pdf] variant: "pdf/a-3b", "pdf/ua-1", "pdf/x-4") is WeasyPrint's pdf_variant; PDF/UA is
    written with structure tags (headings, tables with header cells, figures with their alt text),
    the language coming from <html lang>. None: a plain, untagged PDF, the fastest to write."""
    if check:
        t0 = time.perf_counter()
        check_glyphs(document_text(document) + "\n" + "\n".join(extra_text))
        timings["check"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    identifier = hashlib.sha256(html.encode("utf-8") + _fonts_digest()).hexdigest()[:32].encode("ascii")
    logger = logging.getLogger("weasyprint")
    collector = _WarningCollector()
    logger.addHandler(collector)
    try:
        options = {} if variant is None else {"pdf_variant": variant, "pdf_tags": variant.startswith("pdf/ua")}
        data = document.write_pdf(pdf_identifier=identifier, **options)
    finally:
        logger.removeHandler(collector)
    check_charts_drawn(collector.messages)
    timings["write"] = time.perf_counter() - t0
    if check:
        check_font_names(document)
    return PdfResult(data, len(document.pages), timings, warnings)


def check_font_names(document) -> None:
    """Every font WeasyPrint embedded must be the bundled family (no silent system-font fallback)."""
    from .fonts import FAMILY
    wanted = FAMILY.replace(" ", "").lower()
    others = set()
    for font in getattr(document, "fonts", {}).values():
        name = getattr(font, "name", b"")
        name = name.decode("latin-1", "replace") if isinstance(name, bytes) else str(name)
        plain = name.lstrip("/").split("+", 1)[-1].replace("-", "").replace(" ", "").lower()
        if wanted not in plain:
            others.add(name.lstrip("/").split("+", 1)[-1])
    if others:
        raise GiantReportError("PDF 排版用到了内置字体以外的字体：" + "、".join(sorted(others))
                               + "（内置字体未能加载，或有字符不在内置字体中）")

