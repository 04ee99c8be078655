"""Rendering: the annual report and a province briefing as PDF and HTML, checked on the files themselves.

The small fixture is rendered with stand-in charts (tests/chart_stubs.py: simple SVG with text,
the same Figure fields, passed as ``figures=``) so these tests exercise the templates and the PDF
pipeline on their own; the bundled sample is rendered with the real charts (once per session, tests/conftest.py).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import pypdf

from giantreport import audit as A
from giantreport import definition as D
from giantreport import narrative as N
from giantreport.errors import GiantReportError
from giantreport.pipeline import prepare, write_briefing, write_report
from giantreport.render import html as H
from giantreport.render import report_view as RV
from giantreport.render import shared as SH
from giantreport.render.fonts import missing_chars

FIXTURE = Path(__file__).parent / "fixtures" / "small"
EPOCH = "1656547200"          # 2022-06-30T00:00:00Z
# the bookmarks and numbers the definition gives (test_definition checks them against the 2022 report)
CHAPTERS = ([p.title for p in D.FRONT] + [f"{D.chapter_label(c)} {c.short}" for c in D.CHAPTERS]
            + [f"附录 {D.appendix_letters()['appendix-a']} {D.APPENDICES[0].title}"])
FIGURE_NUMBERS = [f"图{D.number(f.key)}" for f in D.figures()]
TABLE_NUMBERS = [f"表{D.number(k)}" for k in D.star_table_keys() + ["table-4-1"]]


import chart_stubs as stub  # noqa: E402


# ---------------------------------------------------------------- helpers


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
        return out.stdout.decode("utf-8")
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def html_text(path: Path) -> str:
    """The visible words of an HTML file, whitespace removed (figures' SVG and the style sheet left out)."""
    import html
    page = re.sub(r"<style\b.*?</style>|<svg\b.*?</svg>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def outline_titles(reader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    return titles


def font_dicts(reader):
    """Every font dictionary used on any page (descendants of Type0 fonts included)."""
    seen = {}
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            seen[id(font)] = font
            for d in font.get("/DescendantFonts") or []:
                d = d.get_object()
                seen[id(d)] = d
    return list(seen.values())


def build(data: Path, out: Path, stub_charts: bool, **kw) -> dict:
    """The report of `data`, with stand-in charts or the real ones (drawn through `cache_dir`)."""
    config, dataset, stats = prepare(data, None, None)
    timings: dict = {}
    figures = stub.report_figures(stats, config) if stub_charts else None
    paths = write_report(stats, config, dataset, out, figures=figures, timings=timings, **kw)
    return {"paths": paths, "stats": stats, "config": config, "dataset": dataset, "timings": timings}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(FIXTURE, out, stub_charts=True)
    result["pdf"] = next(p for p in result["paths"] if p.suffix == ".pdf")
    result["html"] = next(p for p in result["paths"] if p.suffix == ".html")
    return result


# ---------------------------------------------------------------- the report PDF


def test_outputs_named_and_written(small):
    assert [p.name for p in small["paths"]] == ["report-2022.pdf", "report-2022.html"]
    assert all(p.is_file() and p.stat().st_size > 0 for p in small["paths"])
    assert small["pdf"].read_bytes().startswith(b"%PDF-")
    assert not list(small["pdf"].parent.glob(".giantreport-*")), "staging folder left behind"
    for key in ("html", "pdf_layout", "pdf_write"):          # each stage timed; the charts are stand-ins, not drawn
        assert small["timings"][key] > 0, key


def test_page_count_sane(small):
    reader = pypdf.PdfReader(str(small["pdf"]))
    assert 15 <= len(reader.pages) <= 80
    assert small["timings"]["pdf_pages"] == len(reader.pages)
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 595 and round(float(box.height)) == 842      # A4


def test_every_figure_and_table_number_in_text(small):
    text = squash(pdf_text(small["pdf"]))
    for label in FIGURE_NUMBERS + TABLE_NUMBERS:
        assert label in text, label
    assert "资料来源：" in pdf_text(small["pdf"])


def test_fonts_embedded_and_only_shipped(small):
    reader = pypdf.PdfReader(str(small["pdf"]))
    fonts = font_dicts(reader)
    assert fonts
    for font in fonts:
        name = str(font.get("/BaseFont", ""))
        assert "Giant" in name, name
        if font.get("/Subtype") == "/Type0":
            continue
        descriptor = font["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_bookmarks_with_chapter_titles(small):
    titles = outline_titles(pypdf.PdfReader(str(small["pdf"])))
    for chapter in CHAPTERS:
        assert chapter in titles, (chapter, titles)
    assert "1.1 数量与规模" in titles and "4.3 代表性省份科创能力速览" in titles
    for province in small["stats"].summary["fact_sheets"]:
        assert province in titles


def test_metadata(small):
    reader = pypdf.PdfReader(str(small["pdf"]))
    meta = reader.metadata
    assert meta.title == "2022 专精特新“小巨人”企业科创能力报告"
    assert meta.author == small["config"].author
    assert "小巨人" in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert meta["/CreationDate"].startswith("D:20220630000000")


def test_text_covered_by_shipped_font(small):
    text = pdf_text(small["pdf"])
    assert missing_chars(text) == []
    assert "None" not in text and "nan" not in text.lower().split()


def test_fact_sheets_one_page_each(small):
    reader = pypdf.PdfReader(str(small["pdf"]))
    pages = [squash(p.extract_text() or "") for p in reader.pages]
    for province in small["stats"].summary["fact_sheets"]:
        hits = [i for i, t in enumerate(pages) if f"{province}·" in t and "科创能力与亮点产业速览" in t]
        assert len(hits) == 1, (province, hits)
        assert "全国第" in pages[hits[0]]


def test_reproducible_bytes(small, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = build(FIXTURE, tmp_path, stub_charts=True)
    assert again["paths"][0].read_bytes() == small["pdf"].read_bytes()
    assert again["paths"][1].read_bytes() == small["html"].read_bytes()


def test_html_is_standalone(small):
    html = small["html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert "<link" not in html and "@import" not in html and "<script" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:|//|file:)", html)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    assert '"Giant Sans SC"' in html and '"Noto Sans CJK SC"' in html
    assert "<svg" in html and 'name="viewport"' in html


def test_not_marked_synthetic_for_user_data(small):
    html = small["html"].read_text(encoding="utf-8")
    assert "本版使用软件内置的合成样例数据" not in html
    assert "tests/fixtures/small" not in html            # no absolute paths, the folder's name only


# ---------------------------------------------------------------- escaping


def test_company_names_are_escaped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    companies = data / "companies.csv"
    companies.write_text(companies.read_text(encoding="utf-8").replace("甲公司", "<script>alert(1)</script>"),
                         encoding="utf-8")
    result = build(data, tmp_path / "out", stub_charts=True, formats=("html",))
    html = result["paths"][0].read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html and "<script" not in html


def test_svg_is_sanitised():
    dirty = ('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
             '<metadata>date</metadata><script>alert(2)</script><a href="https://example.com"><rect/></a>'
             '<foreignObject><p>x</p></foreignObject><use xlink:href="#g1"/></svg>')
    clean = str(H.sanitize_svg(dirty))
    assert clean.startswith("<svg") and "<?xml" not in clean
    for bad in ("onload", "<script", "example.com", "foreignObject", "<metadata"):
        assert bad not in clean
    assert 'xlink:href="#g1"' in clean


# ---------------------------------------------------------------- PDF safety checks


def test_missing_glyph_is_an_error_naming_the_character():
    from giantreport.render.pdf import MissingGlyphsError, render_pdf
    rare = "\U00020000"             # CJK Extension B: outside the shipped subset
    assert missing_chars(rare) == [rare]
    with pytest.raises(MissingGlyphsError) as err:
        render_pdf(f'<html lang="zh-CN"><body><p>企业名称：测试{rare}公司</p></body></html>')
    assert rare in str(err.value) and "U+20000" in str(err.value)


def test_remote_resources_refused():
    from giantreport.render.pdf import RefusedURLError, render_pdf
    html = '<html><body><p>图</p><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd"></body></html>'
    with pytest.raises(RefusedURLError) as err:
        render_pdf(html)
    assert "127.0.0.1" in str(err.value) and "/etc/passwd" in str(err.value)


def test_unknown_format_rejected(tmp_path):
    config, dataset, stats = prepare(FIXTURE, None, None)
    with pytest.raises(GiantReportError):
        write_report(stats, config, dataset, tmp_path, formats=("odt",), figures=stub.report_figures(stats, config))
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- province briefing


def test_province_briefing(tmp_path):
    config, dataset, stats = prepare(FIXTURE, None, None)
    paths = write_briefing(stats, config, dataset, "浙江", tmp_path, formats=("pdf", "html"),
                           figures=stub.province_figures(stats, "浙江省"))
    assert [p.name for p in paths] == ["province-浙江省-2022.pdf", "province-浙江省-2022.html"]
    reader = pypdf.PdfReader(str(paths[0]))
    assert 2 <= len(reader.pages) <= 6
    text = squash(pdf_text(paths[0]))
    for needle in ("浙江省专精特新", "科创能力四维对比", "明星企业", "全国第", "技术体量"):
        assert needle in text, needle
    assert missing_chars(pdf_text(paths[0])) == []
    assert reader.metadata.title.endswith("浙江省专精特新“小巨人”企业科创能力简报")


def test_unknown_province(tmp_path):
    config, dataset, stats = prepare(FIXTURE, None, None)
    with pytest.raises(GiantReportError, match="西藏"):
        write_briefing(stats, config, dataset, "西藏", tmp_path, figures=stub.province_figures(stats, "西藏"))


# ---------------------------------------------------------------- narrative


def test_number_formatting():
    assert N.fmt_int(9279) == "9,279" and N.fmt_int(None) == "—"
    assert N.fmt_num(104.4321) == "104.43" and N.fmt_num(12345.6, 1) == "12,345.6"
    assert N.fmt_pct(0.43444) == "43.4%" and N.fmt_pct(0.00037) == "0.037%" and N.fmt_pct(float("nan")) == "—"
    assert N.fmt_pp(-0.0234) == "2.3 个百分点"
    assert N.count(9279) == "9,279 家" and N.count(16, "件") == "16 件"
    assert [N.cn_number(n) for n in (1, 10, 12, 20, 31)] == ["一", "十", "十二", "二十", "三十一"]
    assert N.batch_name(4) == "第四批" and N.earlier_name(4) == "前三批" and N.earlier_name(2) == "第一批"
    assert N.cheng(0.4159) == "约四成" and N.cheng(0.07) == "不足一成"


def test_comparisons():
    assert N.higher_lower(2, 1) == "高于" and N.higher_lower(1, 2) == "低于" and N.higher_lower(1, None) is None
    assert N.times_phrase(62.99, 18.51, "A 股上市企业") == "约为A 股上市企业的 3.4 倍"
    assert N.times_phrase(1.2, 5.13, "头部企业") == "相当于头部企业的 23.4%"
    assert N.times_phrase(1, 4, "其") == "约为其 1/4"
    assert N.pp_phrase(0.4344, 0.22) == "高出 21.4 个百分点"
    assert N.rel_phrase(226, 252) == "低 10.3%"
    # from the printed values, with the earlier batches' range printed (more cases: tests/test_sentences.py)
    assert N.batch_range_pp(0.447, [0.435, 0.419, 0.428], "前三批") == "比前三批各批（41.9%～43.5%）高出 1.2～2.8 个百分点"
    assert N.batch_range_rel(226, [287, 315, 250], "前三批", "多", "少") == "比前三批各批（250.00～315.00）少 9.6%～28.3%"
    assert N.batch_range_rel(250, [287, 200], "前两批") == "介于前两批各批之间（200.00～287.00）"
    assert N.spaced("约为A股的3倍") == "约为 A 股的 3 倍"


def test_sentences_follow_the_data():
    summary = {"as_of": "2022-06-30", "companies": 100, "batches": {"1": 40, "2": 60},
               "cr10": {"province": {"cr10": 0.7, "top_share_of_regions": 0.5, "regions": 20,
                                     "top10": ["浙江省", "广东省"]}},
               "regions_over_100": {"province": 0}}
    text = "".join(str(p) for p in N.ch1_scale(summary) + N.ch4_provinces(summary))
    assert "100 家" in text and "第二批 60 家" in text and "前两位的省份依次为浙江、广东" in text and "70.0%" in text
    summary["batches"] = {"1": 70, "2": 30}
    assert "第一批规模最大" in "".join(str(p) for p in N.ch1_scale(summary))


def test_missing_values_leave_clauses_out(small):
    summary = small["stats"].summary
    for bm in ({}, {"ashare": {}, "national": {}}):
        findings = N.key_findings(summary, bm)
        paragraphs = (N.ch1_national(summary, bm) + N.ch2_volume(summary, bm) + N.ch2_density(summary, bm)
                      + N.ch2_quality(summary, bm) + N.ch2_pct(summary, bm) + N.ch3_distribution(summary, bm))
        text = " ".join(str(p) for p in paragraphs) + " ".join(i for f in findings for i in f.items)
        assert "None" not in text and "nan" not in text and "—" not in text
    assert N.ch2_density({"invention_density_per_1000": None}, {}) == []


def test_newest_batch_comparison(small):
    summary = small["stats"].summary
    paras = N.ch3_newest(summary, small["stats"].benchmarks)
    text = "".join(str(p) for p in paras)
    assert "第二批" in text and "第一批" in text
    view = RV.newest_view(summary, "x")
    assert view["table"].columns == ["指标", "第二批", "第一批合计", "差异"]


# ---------------------------------------------------------------- the bundled sample


@pytest.fixture(scope="module")
def bundled(bundled_build, bundled_prepared):
    config, dataset, stats = bundled_prepared
    return {"pdf": bundled_build["pdf"], "html": bundled_build["html"], "config": config, "dataset": dataset,
            "stats": stats}


def test_bundled_report(bundled):
    reader = pypdf.PdfReader(str(bundled["pdf"]))
    assert 25 <= len(reader.pages) <= 80
    assert bundled["pdf"].stat().st_size < 5_000_000
    text = pdf_text(bundled["pdf"])
    flat = squash(text)
    for label in FIGURE_NUMBERS + TABLE_NUMBERS:
        assert label in flat, label
    assert missing_chars(text) == []
    titles = outline_titles(reader)
    for chapter in CHAPTERS:
        assert chapter in titles
    for font in font_dicts(reader):
        assert "Giant" in str(font.get("/BaseFont", ""))
    # the bundled sample is synthetic, and says so
    html = bundled["html"].read_text(encoding="utf-8")
    assert "本版使用软件内置的合成样例数据" in html and "合成数据" in flat
    if bundled["stats"].audit is not None:
        assert "附录B复现核对" in flat


def test_audit_appendix(tmp_path):
    import pandas as pd
    config, dataset, stats = prepare(FIXTURE, None, None)
    stats.audit = pd.DataFrame({"图表": ["图 1.1", "摘要"], "指标": ["企业数量", "上市企业占比"],
                                "公布值": [9279, 0.0696], "复现值": [9279, 0.0702], "状态": ["一致", "偏差"]})
    html = write_report(stats, config, dataset, tmp_path, formats=("html",), figures=stub.report_figures(stats, config))[0].read_text("utf-8")
    assert "附录 B　复现核对" in html and "附录 C　数据来源" in html
    assert "一致 1 项" in html and "偏差 1 项" in html
    assert "<td class=\"n\">0.0696</td>" in html and "<td class=\"n\">9,279</td>" in html
    assert re.search(r"<td>(<a [^>]*>)?图 1.1(</a>)?</td>", html) and "按图表汇总" in html and "偏差与不符项" in html


def test_audit_appendix_from_the_audit_module(tmp_path):
    config, dataset, stats = prepare(FIXTURE, None, None)
    stats.audit = A.audit(stats.summary).table
    paths = write_report(stats, config, dataset, tmp_path, figures=stub.report_figures(stats, config))
    text = squash(pdf_text(paths[0]))
    assert "附录B复现核对" in text and "按状态汇总" in text
    assert len(pypdf.PdfReader(str(paths[0])).pages) <= 80          # a summary, not hundreds of rows
    html = paths[1].read_text(encoding="utf-8")
    assert f"查看完整核对表（{len(stats.audit)} 项）" in html


def test_synthetic_sample_is_flagged(tmp_path, monkeypatch):
    from types import SimpleNamespace
    from giantreport.resources import asset_path
    assert SH.is_synthetic(SimpleNamespace(folder=asset_path("data/sample")))
    assert not SH.is_synthetic(SimpleNamespace(folder=FIXTURE))
    config, dataset, stats = prepare(FIXTURE, None, None)
    monkeypatch.setattr(RV, "is_synthetic", lambda dataset: True)
    ctx = RV.report_context(stats, config, dataset, stub.chapter_figures(stats, config))
    assert ctx["synthetic"] is True
    page = write_report(stats, config, dataset, tmp_path, formats=("html",), figures=stub.report_figures(stats, config))[0]
    text = html_text(page)                                  # the words only: HTML, not PDF
    assert "本版使用软件内置的合成样例数据" in text and "企业级数值" in text
    assert "样例数据" in text.split("目录")[0]             # on the cover
    assert "不排名、不列得分：本样例数据的企业级数值为合成数据" in text     # under the star tables


# ---------------------------------------------------------------- briefing page breaks (bundled sample)

def page_lines(path: Path, page: int) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, check=True, text=True)
    return [line.strip() for line in out.stdout.splitlines() if line.strip()]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("province", ["陕西", "安徽", "湖北", "云南"])   # each once ended on a page of 1–3 lines
def test_briefing_never_ends_on_a_near_empty_page(province, bundled, tmp_path):
    paths = write_briefing(bundled["stats"], bundled["config"], bundled["dataset"], province, tmp_path,
                           formats=("pdf",))
    pages = len(pypdf.PdfReader(str(paths[0])).pages)
    last = page_lines(paths[0], pages)
    # running header, page number, and more than a closing line or two of content
    assert len(last) >= 6, last
    # the radar and the top-3 industries are read together: same page
    radar_page = next(p for p in range(1, pages + 1)
                      if any(line.startswith("图") and "科创能力雷达" in line for line in page_lines(paths[0], p)))
    assert any("TOP3" in line for line in page_lines(paths[0], radar_page))
