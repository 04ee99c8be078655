"""Output formats for review and reuse: Word (--format docx), chart files (--format charts), the PDF
variants ([pdf] variant) and the statistics workbook a reader opens.

Values are checked against hand arithmetic on tests/fixtures/small (5 companies: 第一批 C1 C2, 第二批
C3 C4 C5; 浙江省 C1 C2 C4 (宁波 is in 浙江), 北京市 C3, 广东省 C5; listed: C1 创业板, C3 主板) and
against the published 2022 figures (data/published/figures.csv prose-1-1.batches.1–4: 248, 1,744,
2,930 and 4,357 companies).
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from giantreport.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small"
PUBLISHED_BATCHES = [248, 1744, 2930, 4357]          # figures.csv prose-1-1.batches.1–4
FIGURES = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
           "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4"]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch, cache):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1656547200")


# ---------------------------------------------------------------- the statistics workbook


@pytest.fixture(scope="module")
def small_book(tmp_path_factory, cache):
    out = tmp_path_factory.mktemp("stats")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(cache))
        assert main(["-q", "stats", "--data", str(SMALL), "--as-of", "2022-06-30", "--out", str(out)]) == 0
    return openpyxl.load_workbook(out / "giantreport-stats.xlsx")


def rows(ws, first: int = 1):
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first)]


def test_workbook_contents_sheet_links_every_sheet(small_book):
    contents = small_book["目录"]
    assert small_book.sheetnames[0] == "目录"
    listed = [r[0] for r in rows(contents, 3) if r[0]]
    assert listed == small_book.sheetnames[1:]
    link = contents["A3"].hyperlink
    assert link is not None and link.location == f"'{contents['A3'].value}'!A1"


def test_workbook_sheet_per_figure_with_title_units_and_batch_names(small_book):
    ws = small_book["图1.1"]
    assert ws["A1"].value.startswith("图 1.1　")
    assert rows(ws, 2)[:3] == [["批次", "企业数量（家）", "累计企业数量（家）"],
                               ["第一批", 2, 2], ["第二批", 3, 5]]          # C1 C2 | C3 C4 C5
    assert ws["B3"].number_format == "#,##0"
    assert squash(small_book["图4.1"]["B2"].value) == "第一批（家）"


def test_workbook_shares_are_percent_formatted_numbers(small_book):
    ws = small_book["图1.4"]
    header = [c.value for c in ws[2]]
    share = header.index("上市企业占比") + 1
    first, second = ws.cell(3, share), ws.cell(4, share)
    # 第一批: C1 listed of C1 C2 → 1/2; 第二批: C3 listed of C3 C4 C5 → 1/3; one decimal, as the report prints
    assert first.value == pytest.approx(1 / 2) and second.value == pytest.approx(1 / 3)
    assert first.number_format == second.number_format == "0.0%"


def test_workbook_has_every_province_in_chinese_words(small_book):
    for name, companies in (("浙江省", 3), ("北京市", 1), ("广东省", 1)):
        ws = small_book[name]
        body = rows(ws, 3)
        assert body[0][:3] == ["企业数量", None, companies]
        dimensions = [r[1] for r in body if r[0] == "科创能力雷达"]
        assert dimensions == ["技术体量", "技术质量", "技术影响力", "技术全球化"]
        assert {ws.cell(r, 3).number_format for r in range(4, 8)} == {"0%"}


def test_workbook_has_no_formula(small_book):
    assert [c.coordinate for ws in small_book for row in ws.iter_rows() for c in row if c.data_type == "f"] == []


# ---------------------------------------------------------------- charts for slides


@pytest.fixture(scope="module")
def bundled_outputs(tmp_path_factory, cache):
    out = tmp_path_factory.mktemp("bundled")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(cache))
        mp.setenv("SOURCE_DATE_EPOCH", "1656547200")
        assert main(["-q", "build", "--format", "html,docx,charts", "--out", str(out)]) == 0
    return out


def test_chart_files_named_by_number_and_title_with_data(bundled_outputs):
    folder = bundled_outputs / "report-2022-charts"
    names = sorted(p.name for p in folder.iterdir())
    for number in FIGURES:
        mine = [n for n in names if n.startswith(f"图{number}-")]
        assert {Path(n).suffix for n in mine} == {".svg", ".png", ".csv"}, number
    fig_1_1 = next(folder.glob("图1.1-*.csv"))
    import pandas as pd
    assert pd.read_csv(fig_1_1, encoding="utf-8-sig")["企业数量"].tolist() == PUBLISHED_BATCHES
    # the SVG carries its text as outlines (no <text>: the same look without the report font)
    svg = next(folder.glob("图1.1-*.svg")).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<text" not in svg and 'xmlns="http://www.w3.org/2000/svg"' in svg


def test_chart_png_at_twice_screen_resolution_on_white(bundled_outputs):
    from PIL import Image
    png = next((bundled_outputs / "report-2022-charts").glob("图1.1-*.png"))
    image = Image.open(png)
    # a full-width chart is 16 cm wide: 16 / 2.54 in × 192 dpi (2 × 96) = 1,209.4 px
    assert image.size[0] == 1209
    assert image.convert("RGB").getpixel((1, 1)) == (255, 255, 255)


# ---------------------------------------------------------------- Word


def test_docx_holds_the_headings_tables_and_figures(bundled_outputs):
    docx = pytest.importorskip("docx")
    from giantreport.render.docx import headings_and_captions
    data = (bundled_outputs / "report-2022.docx").read_bytes()
    headings, captions = headings_and_captions(data)
    texts = [t for _, t in headings]
    for chapter in ("第一章　专精特新“小巨人”企业的基本情况", "第四章　区域科创版图"):
        assert (1, chapter) in headings
    assert "1.1 数量与规模" in texts and "批次与数量" in texts
    figure_captions = [c for c in captions if c.startswith("图 ")]
    assert [c.split("　")[0] for c in figure_captions] == [f"图 {n}" for n in FIGURES]
    # every table title the HTML prints, in order (表 3.1–3.8 the stars, 3.9 the newest batch, 4.1)
    html = (bundled_outputs / "report-2022.html").read_text(encoding="utf-8")
    html_captions = re.findall(r"<caption>([^<]*)</caption>", html)
    assert [c for c in captions if c.startswith("表 ")] == [c for c in html_captions if c.startswith("表 ")]
    assert [c.split("　")[0] for c in html_captions if c.startswith("表 4")] == ["表 4.1"]
    document = docx.Document(io.BytesIO(data))
    # 19 figures and the radar of each of the ten fact sheets, every picture with a description
    pictures = document.inline_shapes
    assert len(pictures) == 19 + 10
    assert all(p._inline.docPr.get("descr") for p in pictures)
    # the same numbers as the HTML: table 4.1's first row is 浙江省 with 1,079 companies
    t41 = next(t for t in document.tables if t.rows[0].cells[0].text == "省份" and len(t.columns) >= 4)
    assert [c.text for c in t41.rows[1].cells][:2] == ["浙江省", "1,079"]


def test_docx_converts_in_libreoffice_with_every_heading_and_table_title(bundled_outputs, tmp_path):
    """The issue's acceptance test: LibreOffice opens the DOCX without repair and converts it to PDF,
    whose text holds every heading and table title."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (apt-get install libreoffice-writer-nogui) or pdftotext not installed")
    from giantreport.render.docx import headings_and_captions
    src = bundled_outputs / "report-2022.docx"
    fonts = tmp_path / "fonts.conf"         # the shipped font, so LibreOffice draws the CJK text
    fonts.write_text('<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                     f'<dir>{ROOT / "fonts"}</dir></fontconfig>', encoding="utf-8")
    env = {"HOME": str(tmp_path), "FONTCONFIG_FILE": str(fonts), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                         capture_output=True, env=env, timeout=300)
    pdf = tmp_path / "report-2022.pdf"
    assert run.returncode == 0 and pdf.is_file(), run.stderr.decode(errors="replace")
    text = squash(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                 check=True).stdout.decode("utf-8"))
    headings, captions = headings_and_captions(src.read_bytes())
    missing = [t for _, t in headings if squash(t) not in text]
    missing += [c for c in captions if c.startswith("表 ") and squash(c) not in text]
    assert missing == []


def test_briefing_docx(tmp_path):
    pytest.importorskip("docx")
    from giantreport.render.docx import headings_and_captions
    assert main(["-q", "province", "浙江", "--data", str(SMALL), "--as-of", "2022-06-30", "--format", "docx",
                 "--out", str(tmp_path)]) == 0
    headings, captions = headings_and_captions((tmp_path / "province-浙江省-2022.docx").read_bytes())
    assert headings[0] == (1, "浙江省专精特新“小巨人”企业科创能力简报")
    assert any(c.startswith("图 1") for c in captions)


def test_word_and_chart_files_read_their_pngs_from_the_chart_cache(tmp_path, monkeypatch):
    # a second build with the same chart cache draws no chart (no PNG, no outlined SVG) and writes the same
    # bytes; a cache entry that is not the PNG giantreport wrote is not served: that chart is drawn again
    from giantreport.render import chart_export
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "own-cache"))
    drawn = []
    real_figure, real_svg = chart_export.draw_figure, chart_export.draw_svg
    monkeypatch.setattr(chart_export, "draw_figure", lambda spec: drawn.append(spec.key) or real_figure(spec))
    monkeypatch.setattr(chart_export, "draw_svg", lambda spec: drawn.append(spec.key) or real_svg(spec))
    args = ["-q", "build", "--data", str(SMALL), "--as-of", "2022-06-30", "--format", "docx,charts"]

    def build(out: str) -> dict[str, bytes]:
        del drawn[:]
        assert main([*args, "--out", str(tmp_path / out)]) == 0
        return {p.relative_to(tmp_path / out).as_posix(): p.read_bytes() for p in (tmp_path / out).rglob("*") if p.is_file()}

    cold = build("cold")
    pngs = [n for n in cold if n.endswith(".png")]
    assert len(pngs) >= 10 and len(drawn) >= 2 * len(pngs)      # each chart file: a PNG and an outlined SVG
    assert build("warm") == cold and drawn == []
    entry = sorted((tmp_path / "own-cache").rglob("*.png"))[0]
    good = entry.read_bytes()
    iend = b"\x00\x00\x00\x00IEND\xaeB`\x82"
    text = b"tEXt" + b"Comment\x00<script>"
    chunk = len(text[4:]).to_bytes(4, "big") + text + zlib.crc32(text).to_bytes(4, "big")
    damages = {"cut short": good[:200], "a stub": good[:8] + iend,
               "a byte flipped": good[:400] + bytes([good[400] ^ 1]) + good[401:],
               "a chunk added": good[:-12] + chunk + iend}
    for damage, data in damages.items():
        entry.write_bytes(data)
        assert build(damage) == cold and len(drawn) == 1, damage
        assert entry.read_bytes() == good, damage                  # drawn again and written back


def test_briefings_have_no_chart_export(tmp_path, capsys):
    assert main(["province", "浙江", "--data", str(SMALL), "--format", "charts", "--out", str(tmp_path)]) != 0
    assert "charts" in capsys.readouterr().err


# ---------------------------------------------------------------- PDF variants


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3b"])
def test_pdf_variants(tmp_path, variant):
    pikepdf = pytest.importorskip("pikepdf")
    config = tmp_path / "giantreport.toml"
    config.write_text(f'[pdf]\nvariant = "{variant}"\n', encoding="utf-8")
    assert main(["-q", "province", "浙江", "--data", str(SMALL), "--as-of", "2022-06-30", "--format", "pdf",
                 "--config", str(config), "--out", str(tmp_path)]) == 0
    pdf = pikepdf.open(tmp_path / "province-浙江省-2022.pdf")
    assert str(pdf.Root.Lang) == "zh-CN"
    xmp = str(pdf.open_metadata())
    fonts = [f for page in pdf.pages for f in page.Resources.get("/Font", {}).values()]
    assert fonts and all("/FontFile" in str(f.get("/FontDescriptor", f.get("/DescendantFonts", [{}])[0]).keys())
                         or "/DescendantFonts" in f for f in fonts)
    if variant == "pdf/ua-1":
        assert "pdfuaid:part" in xmp
        assert bool(pdf.Root.MarkInfo.Marked)
        kinds, figures = set(), []

        def walk(node, depth=0):
            if depth > 60 or not isinstance(node, pikepdf.Dictionary):
                return
            if "/S" in node:
                kinds.add(str(node.S))
                if node.S == "/Figure":
                    figures.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                walk(kid, depth + 1)

        walk(pdf.Root.StructTreeRoot)
        assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= kinds
        assert figures and all(figures)                  # every chart has its text alternative
    else:
        assert re.search(r"pdfaid:part[^0-9]*3", xmp) and re.search(r"pdfaid:conformance[^A-Z]*B", xmp)
        assert [str(o.S) for o in pdf.Root.OutputIntents] == ["/GTS_PDFA1"]


def test_unknown_pdf_variant_is_refused(tmp_path, capsys):
    config = tmp_path / "giantreport.toml"
    config.write_text('[pdf]\nvariant = "pdf/a-1"\n', encoding="utf-8")
    assert main(["validate", "--data", str(SMALL), "--config", str(config)]) == 1
    assert "pdf.variant" in capsys.readouterr().err


def test_init_writes_the_variant_commented(tmp_path):
    assert main(["init", "--path", str(tmp_path / "g.toml")]) == 0
    text = (tmp_path / "g.toml").read_text(encoding="utf-8")
    assert "[pdf]" in text and '# variant = "pdf/a-3b"' in text
