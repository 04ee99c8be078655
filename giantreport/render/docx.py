"""The report (or a briefing) as an editable Word document, for review in Word or WPS.

The DOCX is read off the rendered HTML, so it holds the same headings, prose, tables and figures
with no second copy of the wording. The HTML's structure is regular (templates/macros.html.j2):
sections of h1–h4, p, ul, figure (figcaption, chart, source, note), table blocks (caption, thead,
tbody, source, note), dl, the fact sheets' KPI boxes and highlights. Charts become PNG pictures
drawn from the same chart specs (render/chart_export.py), with the SVG's text alternative as the
picture's description. Screen-only data tables (<details>) are left out, as in the PDF.

Word features: Heading 1–4 (navigation pane, TOC field), the contents as a TOC field whose cached
entries are the HTML's, tables as Word tables with a repeated header row (the cells hold the
house-formatted numbers the HTML prints), captions in the Caption style, a running header (the
document title) and the page number (PAGE field) from the second page on, A4 with the PDF's margins.

Fonts: the HTML uses the shipped "Giant Sans SC" (a sans serif). Word documents name fonts rather
than carry them, so the East Asian text asks for 微软雅黑 (Microsoft YaHei): a sans serif like the
report's, installed with every Windows and Office for Mac, and mapped by WPS; 宋体 would turn the
report's sans-serif design into a serif one. Latin text and digits: Arial.
"""
from __future__ import annotations

import html as htmllib

import io
import re
from typing import Callable

from ..errors import GiantReportError

EAST_ASIA_FONT = "微软雅黑"
LATIN_FONT = "Arial"
# the house colours (templates/report.css): ink, accent, dark accent, muted, tint, warning tint
INK, ACCENT, DARK, MUTED, TINT, WARN_TINT, RULE = "1F2A36", "0B5FA5", "12304F", "6B7580", "EEF4FA", "FFF6E5", "D5DBE1"
TEXT_WIDTH_CM = 16.0     # A4 210 mm − 2 × 25 mm, the width the charts are drawn for

_INLINE = {"span", "strong", "b", "em", "i", "a", "code", "br", "small", "sup", "sub"}
_BLOCK_SECTIONS = {"cover", "front", "chapter", "appendix", "factsheet", "part", "briefing-head"}


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


class _Builder:
    def __init__(self, title: str, author: str, images: Callable[[str], bytes | None]):
        import docx
        self.doc = docx.Document()
        self.images = images
        self.title = title
        self.toc_labels: dict[str, str] = {}
        self.break_next = False
        self.figures = 0
        self.style_ids: dict[str, str | None] = {}
        self._setup(title, author)

    # ------------------------------------------------------------ styles, page, header
    def _setup(self, title: str, author: str) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Cm, Pt, RGBColor
        doc = self.doc
        section = doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
        section.left_margin = section.right_margin = Cm(2.5)
        section.different_first_page_header_footer = True       # the cover carries no header or number
        styles = doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(10)
        normal.font.color.rgb = RGBColor.from_string(INK)
        normal.paragraph_format.line_spacing = 1.4
        normal.paragraph_format.space_after = Pt(4)
        for name, size, colour, bold in (("Title", 26, DARK, True), ("Subtitle", 12, "4A5663", False),
                                         ("Heading 1", 18, DARK, True), ("Heading 2", 14, DARK, True),
                                         ("Heading 3", 11.5, ACCENT, True), ("Heading 4", 10.5, INK, True),
                                         ("TOC Heading", 18, DARK, True), ("Caption", 10, DARK, True)):
            style = styles[name]
            style.font.size = Pt(size)
            style.font.bold = bold
            style.font.italic = False
            style.font.color.rgb = RGBColor.from_string(colour)
            if name.startswith("Heading") or name == "Caption":
                style.paragraph_format.keep_with_next = True
        styles["Title"].paragraph_format.space_after = Pt(12)
        source = styles.add_style("Source", WD_STYLE_TYPE.PARAGRAPH)
        source.base_style = normal
        source.font.size = Pt(7.8)
        source.font.color.rgb = RGBColor.from_string(MUTED)
        source.paragraph_format.space_after = Pt(2)
        source.paragraph_format.line_spacing = 1.2
        cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        cell.font.size = Pt(8.6)
        cell.paragraph_format.space_after = Pt(0)
        cell.paragraph_format.line_spacing = 1.15
        for style in styles:
            if getattr(style, "type", None) in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
                _fonts(style.element.get_or_add_rPr())
        self._language()
        core = doc.core_properties
        core.title, core.author, core.language = title, author, "zh-CN"
        self._header_footer(section, title)

    def _language(self) -> None:
        """zh-CN as the document language (spelling, line breaking), in the default run properties."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(rpr)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
        lang.set(qn("w:bidi"), "ar-SA")

    def _header_footer(self, section, title: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, RGBColor
        header = section.header.paragraphs[0]
        run = header.add_run(title)
        run.font.size = Pt(7.5)
        run.font.color.rgb = RGBColor.from_string(MUTED)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(footer, "PAGE", "1", size=8.5)

    def styled(self, p, name: str):
        """`p` in paragraph style `name`, as python-docx's `p.style = name` sets it (the default style is no
        pStyle), with the style id looked up once: python-docx scans every style for the default on each
        assignment, which took most of the Word document's time."""
        if name not in self.style_ids:
            from docx.enum.style import WD_STYLE_TYPE
            style = self.doc.styles[name]
            if style.type != WD_STYLE_TYPE.PARAGRAPH:
                raise ValueError(f"{name} is not a paragraph style")     # as python-docx says it
            default = self.doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            self.style_ids[name] = None if style == default else style.style_id
        p._p.style = self.style_ids[name]
        return p

    # ------------------------------------------------------------ blocks
    def paragraph(self, style: str | None = None):
        p = self.doc.add_paragraph()
        if style is not None:
            self.styled(p, style)
        if self.break_next:
            p.paragraph_format.page_break_before = True
            self.break_next = False
        return p

    def inline(self, p, el, bold: bool = False, code: bool = False, tail: bool = False) -> None:
        """The text of `el` and its inline children as runs of `p` (strong → bold, code → monospace)."""
        if el.text:
            _run(p, el.text, bold, code)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "br":
                p.add_run().add_break()
            elif tag:
                self.inline(p, child, bold or tag in ("strong", "b"), code or tag == "code")
            if child.tail:
                _run(p, child.tail, bold, code)

    def heading(self, el, level: int) -> None:
        cls = _classes(el)
        if "cover-title" in cls:
            self.inline(self.paragraph("Title"), el)
            return
        section = _section_id(el)
        if "no-bookmark" in cls and section == "contents":      # 目录, 图目录: not in the contents
            self.inline(self.paragraph("TOC Heading"), el)
            return
        p = self.paragraph(f"Heading {min(level, 4)}")
        label = self.toc_labels.get(section) if level == 1 and el.getparent().get("class") == "chapter-head" else None
        if label:                                        # "第一章　…", as the contents name it
            _run(p, label)
        else:
            self.inline(p, el)

    def block(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        cls = _classes(el)
        if not tag or tag in ("details", "style", "script") or cls & {"screen-only", "band", "ch-no"}:
            return
        if tag in ("section", "main"):
            if cls & _BLOCK_SECTIONS and len(self.doc.paragraphs) > 1:
                self.break_next = True
            self.children(el)
        elif tag in ("h1", "h2", "h3", "h4", "h5"):
            self.heading(el, int(tag[1]))
        elif tag == "p":
            self.para(el)
        elif tag in ("ul", "ol"):
            for li in el:
                if li.tag == "li":
                    self.inline(self.paragraph("List Bullet" if tag == "ul" else "List Number"), li)
        elif tag == "nav":
            self.nav(el)
        elif tag == "figure":
            self.figure(el)
        elif tag == "table":
            self.table(el)
        elif tag == "dl":
            self.definition_list(el)
        elif tag == "div" and "fs-kpis" in cls:
            self.kpis(el)
        elif tag == "div" and "hl" in cls:
            self.highlight(el)
        elif tag == "div" and "chart" in cls:
            self.picture(el, _factsheet_key(el))
        elif tag == "div" and cls & {"warning", "callout"}:
            self.box(el, WARN_TINT if "warning" in cls else TINT)
        elif tag == "div" and _only_inline(el):
            self.inline(self.paragraph(), el)
        else:
            self.children(el)

    def children(self, el) -> None:
        for child in el:
            self.block(child)

    def para(self, el, shade: str | None = None) -> None:
        cls = _classes(el)
        style = ("Source" if cls & {"source", "note"} else "Caption" if "caption" in cls
                 else "Subtitle" if cls & {"subtitle", "fs-sub", "kicker"} else None)
        p = self.paragraph(style)
        if "edition" in cls:
            from docx.shared import Pt, RGBColor
            run = _run(p, el.text_content().strip(), bold=True)
            run.font.size, run.font.color.rgb = Pt(40), RGBColor.from_string(ACCENT)
            return
        self.inline(p, el, bold="takeaway" in cls)
        if cls & {"muted", "omitted", "chapter-intro"}:
            from docx.shared import RGBColor
            for run in p.runs:
                run.font.color.rgb = RGBColor.from_string(MUTED if "chapter-intro" not in cls else "4A5663")
        if shade:
            _shade(p, shade)

    def box(self, el, fill: str) -> None:
        """A warning or callout: its paragraphs shaded, with the accent rule on the left."""
        if _only_inline(el):
            p = self.paragraph()
            self.inline(p, el)
            _shade(p, fill)
            return
        for child in el:
            if child.tag == "p":
                self.para(child, shade=fill)
            else:
                self.block(child)

    def nav(self, el) -> None:
        links = [(a.get("href", "").lstrip("#"), a.text_content().strip(), li.get("class", ""))
                 for li in el.iter("li") for a in li.iter("a")]
        if "lof" in _classes(el) or "lot" in _classes(el):
            for _, label, _ in links:
                self.paragraph().add_run(label)
            return
        for anchor, label, _ in links:
            self.toc_labels[anchor] = label
        self.toc_field([(label, int(cls[1:]) if cls[1:].isdigit() else 1) for _, label, cls in links])

    def toc_field(self, entries: list[tuple[str, int]]) -> None:
        """Word's TOC field over Heading 1–2 (chapters and sections, as the HTML's contents); until Word updates it (it asks on opening), it shows the
        HTML's contents. LibreOffice shows the same entries."""
        from docx.shared import Cm
        first = True
        for label, level in entries:
            p = self.paragraph()
            p.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            if first:
                _field_begin(p, 'TOC \\o "1-2" \\h \\z \\u')
                first = False
            _run(p, label, bold=level == 1)
        if not first:
            _field_end(p)
        self._update_fields_on_open()

    def _update_fields_on_open(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        settings = self.doc.settings.element
        if settings.find(qn("w:updateFields")) is None:
            update = OxmlElement("w:updateFields")
            update.set(qn("w:val"), "true")
            settings.append(update)

    def figure(self, el) -> None:
        key = el.get("id") or ""
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "figcaption":
                p = self.paragraph("Caption")
                number = child.find(".//span[@class='fig-no']")
                if number is not None:         # "图 1.1　标题"
                    _run(p, number.text_content().strip() + "　" + (number.tail or "").strip())
                else:
                    self.inline(p, child)
            elif tag == "div" and "chart" in _classes(child):
                self.picture(child, key)
            else:
                self.block(child)

    def picture(self, el, key: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Emu
        png = self.images(key)
        if png is None:
            raise GiantReportError(f"Word 文档缺少图表 {key} 的图片")
        svg = el.find(".//svg")
        alt = svg.get("aria-label", "") if svg is not None else ""
        width_pt = _svg_width_pt(svg)
        width = Cm(min(TEXT_WIDTH_CM, width_pt * 2.54 / 72)) if width_pt else Cm(TEXT_WIDTH_CM)
        p = self.paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        shape = p.add_run().add_picture(io.BytesIO(png), width=Emu(int(width)))
        self.figures += 1
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", key)

    def table(self, el) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        caption = el.find("caption")
        if caption is not None:
            self.inline(self.paragraph("Caption"), caption)
        rows = [tr for tr in el.iter("tr") if "cont" not in _classes(tr)]
        if not rows:
            return
        width = max(sum(int(c.get("colspan", "1")) for c in tr if c.tag in ("td", "th")) for tr in rows)
        table = self.doc.add_table(rows=0, cols=width)
        table.style = self.doc.styles["Table Grid"]
        _table_borders(table)
        for tr in rows:
            cells = [c for c in tr if c.tag in ("td", "th")]
            row = table.add_row()
            header = all(c.tag == "th" for c in cells)
            if header:
                tr_pr = row._tr.get_or_add_trPr()
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                tr_pr.append(repeat)
            i = 0
            for c in cells:
                span = int(c.get("colspan", "1"))
                cell = row.cells[i]
                if span > 1:
                    cell = cell.merge(row.cells[i + span - 1])
                i += span
                p = self.styled(cell.paragraphs[0], "Table Text")
                self.inline(p, c, bold=header or "total" in _classes(tr))
                if "n" in _classes(c):
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if header:
                    _cell_shade(cell, TINT)
        self.styled(self.doc.add_paragraph(), "Source").paragraph_format.space_after = 0   # no pending break

    def definition_list(self, el) -> None:
        term = None
        for child in el:
            if child.tag == "dt":
                term = child.text_content().strip()
            elif child.tag == "dd":
                p = self.paragraph()
                if term:
                    _run(p, term + "　", bold=True)
                self.inline(p, child)
                term = None

    def kpis(self, el) -> None:
        """The KPI boxes as one table: a column per KPI, rows label / value / rank."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        boxes = [k for k in el if "kpi" in _classes(k)]
        if not boxes:
            return
        table = self.doc.add_table(rows=3, cols=len(boxes))
        table.style = self.doc.styles["Table Grid"]
        _table_borders(table)
        for j, box in enumerate(boxes):
            parts = {cls: span for span in box for cls in _classes(span)}
            for i, (part, bold) in enumerate((("k", False), ("v", True), ("r", False))):
                cell = table.cell(i, j)
                p = self.styled(cell.paragraphs[0], "Table Text")
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if part in parts:
                    self.inline(p, parts[part], bold=bold)
                _cell_shade(cell, TINT)
        self.styled(self.doc.add_paragraph(), "Source").paragraph_format.space_after = 0   # no pending break

    def highlight(self, el) -> None:
        p = self.paragraph()
        for span in el:
            cls = _classes(span)
            if "hl-rank" in cls:
                _run(p, span.text_content().strip() + "　", bold=True)
            elif "hl-name" in cls:
                _run(p, span.text_content().strip(), bold=True)
            elif "hl-facts" in cls:
                p.add_run().add_break()
                self.inline(p, span)


# ---------------------------------------------------------------- low-level XML helpers

def _fonts(rpr) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIA_FONT)


def _run(p, text: str, bold: bool = False, code: bool = False):
    text = re.sub(r"[ \t\r\n]+", " ", text)
    run = p.add_run(text)
    if bold:
        run.bold = True
    if code:
        run.font.name = "Consolas"
    return run


def _field(p, instruction: str, shown: str, size: float | None = None) -> None:
    from docx.shared import Pt
    _field_begin(p, instruction)
    run = p.add_run(shown)
    if size:
        run.font.size = Pt(size)
    _field_end(p)


def _fld_char(p, kind: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")
    p.add_run()._r.append(char)


def _field_begin(p, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    _fld_char(p, "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    p.add_run()._r.append(text)
    _fld_char(p, "separate")


def _field_end(p) -> None:
    _fld_char(p, "end")


def _shade(p, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for k, v in (("w:val", "single"), ("w:sz", "24"), ("w:space", "6"),
                 ("w:color", "D98B00" if fill == WARN_TINT else ACCENT)):
        left.set(qn(k), v)
    borders.append(left)
    shading = OxmlElement("w:shd")
    for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(k), v)
    _insert_ppr(ppr, borders)
    _insert_ppr(ppr, shading)


_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc")


def _insert_ppr(ppr, element) -> None:
    """Insert into w:pPr in the schema's order (Word refuses out-of-order properties as a corrupt file)."""
    name = element.tag.split("}")[1]
    rank = _PPR_ORDER.index(name)
    for i, child in enumerate(ppr):
        other = child.tag.split("}")[1]
        if other in _PPR_ORDER and _PPR_ORDER.index(other) > rank:
            ppr.insert(i, element)
            return
    ppr.append(element)


def _cell_shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(k), v)
    tc_pr.append(shading)


def _table_borders(table) -> None:
    """House rules: thin grey lines between rows, none between columns."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side, val in (("top", "single"), ("left", "nil"), ("bottom", "single"), ("right", "nil"),
                      ("insideH", "single"), ("insideV", "nil")):
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), val)
        if val != "nil":
            b.set(qn("w:sz"), "4")
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), RULE)
        borders.append(b)
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    tbl_pr.append(borders)


def _svg_width_pt(svg) -> float | None:
    if svg is None:
        return None
    m = re.match(r"([\d.]+)pt", svg.get("width") or "")
    return float(m.group(1)) if m else None


def _section_id(el) -> str:
    for parent in el.iterancestors("section"):
        return parent.get("id") or ""
    return ""


def _factsheet_key(el) -> str:
    """The fact sheet's radar chart: "radar:<省份>" (the fact sheet's title names the province)."""
    for parent in el.iterancestors("section"):
        if "factsheet" in _classes(parent):
            title = parent.find(".//h3")
            return "radar:" + (title.get("data-label") if title is not None else "")
    return ""


def _only_inline(el) -> bool:
    return all((c.tag if isinstance(c.tag, str) else "span") in _INLINE for c in el) and bool(el.text_content().strip())


def _body(html: str):
    import lxml.html
    root = lxml.html.document_fromstring(html)
    main = root.find(".//main")
    return main if main is not None else root.find("body")


# ---------------------------------------------------------------- entry point

def render_docx(html: str, images: Callable[[str], bytes | None], author: str = "giantreport") -> bytes:
    """The DOCX of a rendered report/briefing HTML. `images(key)` gives a chart's PNG: the figure's id
    ("fig-1-1", "radar" …), or "radar:<省份>" for a fact sheet's radar."""
    from .tables import fixed_zip_times
    main = _body(html)
    title = main.get("data-title") or (main.findtext(".//h1") or "").strip()
    builder = _Builder(title, author, images)
    core = builder.doc.core_properties             # the document's metadata, as the HTML's <meta> give it
    core.subject, core.keywords = _meta(html, "description"), _meta(html, "keywords")
    generator = _meta(html, "generator")           # absent when the publisher's colophon is off
    core.comments = f"由 {generator} 生成" if generator else ""
    builder.children(main)
    buf = io.BytesIO()
    builder.doc.save(buf)
    return fixed_zip_times(buf.getvalue())


def _meta(html: str, name: str) -> str:
    m = re.search(rf'<meta name="{name}" content="([^"]*)">', html)
    return htmllib.unescape(m.group(1)) if m else ""


def chart_images(specs: dict, dpi: int, cache=None) -> Callable[[str], bytes | None]:
    """images(key) for render_docx: each chart drawn once, on first use, from its spec (or read from the
    chart cache `cache`)."""
    from ..charts.cache import open_cache
    from .chart_export import png_bytes
    cache = open_cache(cache)
    drawn: dict[str, bytes] = {}

    def images(key: str) -> bytes | None:
        if key not in drawn:
            spec = specs.get(key)
            if spec is None:
                return None
            drawn[key] = png_bytes(spec, dpi, cache)
        return drawn[key]
    return images


def headings_and_captions(data: bytes) -> tuple[list[tuple[int, str]], list[str]]:
    """(level, text) of every heading and the text of every caption of a DOCX (for checks and tests)."""
    import docx
    document = docx.Document(io.BytesIO(data))
    headings, captions = [], []
    for p in document.paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith("Heading "):
            headings.append((int(name.split()[1]), p.text))
        elif name == "Caption":
            captions.append(p.text)
    return headings, captions

