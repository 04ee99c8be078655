"""The bundled subset CJK font (fonts/GiantSans-*.otf) and giantreport.render.fonts."""
from __future__ import annotations

import bz2
import io
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from giantreport.render import fonts

SIZE_LIMIT = 6 * 1024 * 1024  # bytes per font file (fonts/README.md)

# Written out here, not derived from the font or the build script's lists.
PROVINCES = [
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区",
    "辽宁省", "吉林省", "黑龙江省",
    "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
    "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省",
    "重庆市", "四川省", "贵州省", "云南省", "西藏自治区",
    "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
]
REPORT_TEXT = (
    "专精特新“小巨人”企业科创能力年度报告（2024年）——《省份简报》："
    "研发投入强度≥3％，同比增长12.5‰；①②③…⑳；温度25℃；№ 7；"
    "±0.5 × 2 ÷ 4 ≈ 0.25 ≤ 1；→←↑↓；■□▲△●○◆★☆；αβγΔΣΩ；"
    "０１２３４５６７８９ＡＢＣ，。、；：？！「」『』【】〔〕·•…—–‘’"
    "0123456789 ABC xyz Café ü ā á ǎ à ￥ ¥ ° ©"
)


def test_font_files_exist_and_are_small():
    files = fonts.font_files()
    assert set(files) == {"regular", "bold"}
    for path in files.values():
        assert path.is_file(), path
        assert path.stat().st_size <= SIZE_LIMIT, (path, path.stat().st_size)


def test_font_files_are_assets_not_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for path in fonts.font_files().values():
        assert path.is_absolute() and path.is_file()


def test_family_name_inside_the_fonts():
    from fontTools.ttLib import TTFont

    weights = {}
    for key, path in fonts.font_files().items():
        with TTFont(str(path), lazy=True) as font:
            assert font["name"].getDebugName(1) == fonts.FAMILY
            assert "Noto" not in font["name"].getDebugName(4)
            weights[key] = font["OS/2"].usWeightClass
            assert font["head"].created == font["head"].modified  # fixed, not build time
    assert weights == {"regular": 400, "bold": 700}


def test_regular_and_bold_cover_the_same_characters():
    from fontTools.ttLib import TTFont

    cmaps = []
    for path in fonts.font_files().values():
        with TTFont(str(path), lazy=True) as font:
            cmaps.append(set(font.getBestCmap()))
    assert cmaps[0] == cmaps[1]
    assert {chr(c) for c in cmaps[0]} == fonts.covered_chars()


def test_cids_equal_glyph_ids():
    # PDF writers (WeasyPrint) use glyph ids as CIDs; Ghostscript/Acrobat map
    # CIDs through the CFF charset, so it must be the identity.
    from fontTools.ttLib import TTFont

    for path in fonts.font_files().values():
        with TTFont(str(path), lazy=True) as font:
            if "CFF " not in font:
                continue
            order = font.getGlyphOrder()
            assert order == [".notdef"] + [f"cid{i:05d}" for i in range(1, len(order))]


@pytest.mark.parametrize("name", PROVINCES)
def test_province_names_covered(name):
    assert fonts.missing_chars(name) == []


def test_31_provinces_listed():
    assert len(PROVINCES) == 31 and len(set(PROVINCES)) == 31


def test_report_symbols_covered():
    assert fonts.missing_chars(REPORT_TEXT) == []
    covered = fonts.covered_chars()
    for ch in "％《》①⑳0123456789“”‘’…—·×÷±≥≤≈℃№‰":
        assert ch in covered, ch
    # CJK Symbols and Punctuation; full-width ASCII variants; half-width katakana; ￠￡￢￣￤￥￦
    for cp in [*range(0x3000, 0x3040), *range(0xFF01, 0xFF5F), *range(0xFF61, 0xFFA0), *range(0xFFE0, 0xFFE7)]:
        assert chr(cp) in covered, hex(cp)
    # Greek and Cyrillic letters (unaccented), digits, ASCII
    for cp in [*range(0x391, 0x3A2), *range(0x3A3, 0x3AA), *range(0x3B1, 0x3CA), *range(0x410, 0x450), *range(0x21, 0x7F)]:
        assert chr(cp) in covered, hex(cp)


def test_every_gb2312_character_covered():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    assert len(chars) > 7000
    assert fonts.missing_chars("".join(chars)) == []


UNIHAN = Path("/usr/share/unicode")


@pytest.mark.skipif(not list(UNIHAN.glob("Unihan_*.txt.bz2")), reason="Debian unicode-data not installed")
def test_all_8105_tongyong_guifan_characters_covered():
    chars = []
    for path in UNIHAN.glob("Unihan_*.txt.bz2"):
        with bz2.open(path, "rt", encoding="utf-8") as fh:
            chars += [chr(int(line.split("\t")[0][2:], 16)) for line in fh if "\tkTGH\t" in line]
    if len(chars) != 8105:
        pytest.skip("unicode-data too old for kTGH")
    assert fonts.missing_chars("".join(chars)) == []


def test_missing_chars():
    assert fonts.missing_chars("abc中文𠀀") == ["𠀀"]
    assert fonts.missing_chars("中文 \t\n\r\u3000\u200b\ufeff") == []
    assert fonts.missing_chars("😀𠀀a😀") == ["😀", "𠀀"]
    assert fonts.missing_chars("") == []


def test_font_face_css():
    css = fonts.font_face_css()
    assert css.count("@font-face") == 2
    assert f'font-family: "{fonts.FAMILY}"' in css
    assert "font-weight: 400" in css and "font-weight: 700" in css
    for path in fonts.font_files().values():
        assert path.as_uri() in css
    assert "base64" not in css


def _chart_svg() -> tuple[str, list[str], list[logging.LogRecord]]:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context():
        fonts.setup_matplotlib()
        assert matplotlib.rcParams["font.family"] == [fonts.FAMILY]
        assert matplotlib.rcParams["axes.unicode_minus"] is False
        assert matplotlib.rcParams["svg.fonttype"] == "path"
        assert matplotlib.rcParams["pdf.fonttype"] == 42
        handler_records: list[logging.LogRecord] = []

        class Collect(logging.Handler):
            def emit(self, record):
                handler_records.append(record)

        logger = logging.getLogger("matplotlib")
        collect = Collect(level=logging.DEBUG)
        logger.addHandler(collect)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                fig = Figure(figsize=(6, 4))
                ax = fig.subplots()
                ax.bar(PROVINCES[:5], [5, -3, 2, 4, 1])
                ax.set_title("专精特新“小巨人”企业数量（家）①", fontweight="bold")
                ax.set_xlabel("省份　占比％ ≥ ℃")
                ax.set_ylabel("新疆维吾尔自治区")
                buf = io.StringIO()
                fig.savefig(buf, format="svg")
        finally:
            logger.removeHandler(collect)
    return buf.getvalue(), [str(w.message) for w in caught], handler_records


def test_matplotlib_chinese_svg_without_missing_glyphs():
    svg, messages, records = _chart_svg()
    assert svg.startswith("<?xml")
    assert not [m for m in messages if "missing" in m.lower()], messages
    assert not [r for r in records if r.levelno >= logging.WARNING], [r.getMessage() for r in records]
    assert "<text" not in svg  # svg.fonttype 'path': glyphs as paths


def test_matplotlib_missing_glyph_is_reported():
    # The check above would notice a missing glyph: matplotlib does warn for one.
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context():
        fonts.setup_matplotlib()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig = Figure()
            fig.subplots().set_title("𠀀")
            fig.savefig(io.StringIO(), format="svg")
    assert any("missing" in str(w.message).lower() for w in caught)


def test_setup_matplotlib_idempotent():
    import matplotlib
    from matplotlib import font_manager

    with matplotlib.rc_context():
        fonts.setup_matplotlib()
        before = len(font_manager.fontManager.ttflist)
        fonts.setup_matplotlib()
        assert len(font_manager.fontManager.ttflist) == before
        names = [e for e in font_manager.fontManager.ttflist if e.name == fonts.FAMILY]
        assert sorted(e.weight for e in names) == [400, 700]
        bold = font_manager.findfont(font_manager.FontProperties(family=fonts.FAMILY, weight="bold"))
        assert Path(bold) == fonts.font_files()["bold"]


def test_weasyprint_embeds_the_font_and_text_is_extractable():
    import pypdf
    import weasyprint
    html = (
        f"<html lang='zh-CN'><head><style>{fonts.font_face_css()}"
        f"body {{ font-family: '{fonts.FAMILY}'; }}</style></head>"
        "<body><h1>专精特新“小巨人”</h1><p>新疆维吾尔自治区 占比 12.5％ ①</p></body></html>"
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "专精特新“小巨人”" in text and "新疆维吾尔自治区" in text and "％" in text
    font_names = {
        str(font["/BaseFont"])
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert font_names and all("Giant" in name for name in font_names), font_names
    assert any("Bold" in name for name in font_names), font_names


@pytest.mark.skipif(os.environ.get("GIANTREPORT_FONT_REBUILD") != "1",
                    reason="slow (~25 s); set GIANTREPORT_FONT_REBUILD=1 to check the rebuild")
def test_rebuild_is_byte_identical():
    script = fonts.font_files()["regular"].parent / "build_subset.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
