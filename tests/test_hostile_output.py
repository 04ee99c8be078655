"""Hostile and broken names in the data: the statistics files, the report and the chart cache stay safe.

A small data set (28 companies, 4 batches, 6 provinces, districts, listed and financed companies, patent
rows, so every figure has data) whose names are long (a 67-character district, a 41-character city, a
74-character company), hold mathtext ``$…$``, ``<``, ``&``, quotes and an emoji, or start like a
spreadsheet formula (``=HYPERLINK(…)``, ``+1``, ``-2``, ``@SUM(…)``, a tab or CR before ``=``).

* ``giantreport stats``: no formula cell in the workbook, formula-like text cells begin with ``'`` in the
  CSVs, numbers untouched;
* ``giantreport build``: every chart is in the PDF (its labels are PDF text, its description is not) and in
  the HTML (each <svg> parses as XML with exactly one xmlns and nothing active in it); labels are drawn
  as typed, long ones shortened with an ellipsis;
* a chart cache entry poisoned with <style>@import …, <script> … is not served.

The emoji cannot be drawn by the bundled font, so the PDF is built from the same data without it (a
name the font lacks is a clear error, see test_render.test_missing_glyph_is_an_error_naming_the_character).
"""
from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers import expat

import pandas as pd
import pytest

from giantreport.cli import main
from giantreport.errors import GiantReportError
from giantreport.render import pdf as P
from giantreport.render.tables import csv_safe, write_csv, xlsx_safe
from giantreport.svgsafe import SVGError, sanitise

import openpyxl  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1656547200"          # 2022-06-30T00:00:00Z
SVG_NS = "{http://www.w3.org/2000/svg}"

LONG_DISTRICT = "超长区县名称" * 11 + "区"            # 67 characters
LONG_BJ_DISTRICT = "中关村科技园区" * 9                 # 63 characters, in a municipality (its briefing lists districts)
LONG_CITY = "超长城市名称" * 7 + "市"                  # 43 characters, not a known city: kept as given
LONG_COMPANY = "长" * 70 + "有限公司"                 # 74 characters
EMOJI_COMPANY = "😀表情科技有限公司"
FORMULA_NAMES = ['=HYPERLINK("http://evil.invalid","x")', "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1:A2)",
                 "\t=1+2", "\r=3+4"]
OTHER_NAMES = ["<b>粗</b> & \"双引号\" '单引号' 公司", "$\\frac{1}{2}$数学公司", LONG_COMPANY]
# (province, city, district); the districts in the report are shown after their city's name
# (the two long districts come first: 4 companies each, so both are named in the description of 图4.3)
PLACES = [("广东", "深圳", LONG_DISTRICT), ("北京", "北京", LONG_BJ_DISTRICT), ("浙江", "杭州", "西湖区"),
          ("浙江", "$\\undefinedcmd{x}$市", "$\\undefinedcmd{x}$区"), ("北京", "北京", "海淀区"),
          ("江苏", LONG_CITY, "=SUM(1)区"), ("上海", "上海", "浦东新区<&>\"'"), ("湖北", "武汉", "$\\frac{1}{2}$区")]
KEY_INDUSTRIES = ["新材料", "新一代信息技术", "高端机械装备", "生物医药及高性能医疗器械"]
BOARDS = ["创业板", "", "主板", "科创板", "", "新三板", ""]
N = 28


def write_data(folder: Path, emoji: bool = True) -> Path:
    """Companies C1…C28: batch (i % 4) + 1, place PLACES[i % 8], the hostile names first (all in the four
    key industries, so each appears in a star-company table), then 公司NN号; patent rows for everyone."""
    folder.mkdir(parents=True)
    names = FORMULA_NAMES + OTHER_NAMES + ([EMOJI_COMPANY] if emoji else ["表情科技有限公司"])
    rows = []
    for i in range(N):
        province, city, district = PLACES[i % len(PLACES)]
        industry = KEY_INDUSTRIES[i % 4] if i < len(names) or i % 5 else "其他"
        rows.append([f"C{i + 1}", names[i] if i < len(names) else f"公司{i:02d}号", (i % 4) + 1, province, city,
                     district, industry, "细类", 50 + 13 * i, f"{2000 + i % 20}-06-30", BOARDS[i % len(BOARDS)],
                     "是" if i % 3 == 0 else "否"])
    with open(folder / "companies.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow("企业ID,企业名称,批次,省份,城市,区县,产业领域,具体产业类别,参保人数,成立日期,上市板块,一级市场融资".split(","))
        w.writerows(rows)
    with open(folder / "patents.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow("企业ID,申请号,专利类型,申请日,公开日,授权日,法律状态,PCT,被引用次数,许可次数,转让次数".split(","))
        n = 0
        for i in range(N):
            for k in range(1 + i % 4):
                n += 1
                kind = ("发明", "实用新型", "发明", "外观设计")[k]
                year = 2018 + (i + k) % 4
                w.writerow([f"C{i + 1}", f"CN{n}", kind, f"{year}-03-01", f"{year + 1}-01-01",
                            f"{year + 1}-06-01" if kind != "发明" or k == 0 else "", "有效" if k % 2 == 0 else "审中",
                            "是" if (i + k) % 5 == 0 else "否", k * 2, k % 2, int(i % 3 == 0)])
    return folder


def run_cli(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "SOURCE_DATE_EPOCH": EPOCH,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "giantreport.cli", *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=600)


def inline_svgs(html: str) -> list[str]:
    return re.findall(r'<div class="chart[^"]*">\s*(<svg\b.*?</svg>)', html, re.S)


def raw_root_attributes(svg: str) -> list[tuple[str, str]]:
    """The root's attributes as written (expat without namespace processing keeps xmlns as attributes)."""
    found: list[tuple[str, str]] = []

    def start(name, attrs):
        if not found:
            found.extend(zip(attrs[::2], attrs[1::2]) if attrs else [("", "")])

    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    parser.StartElementHandler = start
    parser.Parse(svg.encode("utf-8"), True)
    return found


def svg_texts(root) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(SVG_NS + "text")]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    return {"data": write_data(base / "data"), "plain": write_data(base / "data-no-emoji", emoji=False),
            "cache": base / "xdg-cache", "base": base}


# ---------------------------------------------------------------- statistics files


def test_statistics_files_hold_no_formula(work, capsys, monkeypatch):
    out = work["base"] / "stats"
    monkeypatch.setenv("XDG_CACHE_HOME", str(work["cache"]))
    assert main(["-q", "stats", "--data", str(work["data"]), "--out", str(out)]) == 0, capsys.readouterr().err

    # XLSX: not one formula cell; the names are stored as typed (trimmed by the loader), as text
    book = openpyxl.load_workbook(out / "giantreport-stats.xlsx")
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value: c for c in cells if isinstance(c.value, str)}
    for name in ['=HYPERLINK("http://evil.invalid","x")', "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1:A2)",
                 "=1+2", "=3+4"]:
        assert name in values, name
        assert values[name].data_type == "s" and values[name].quotePrefix, name

    # CSV: every formula-like text cell begins with ', numbers are written as numbers
    texts: set[str] = set()
    for path in sorted(out.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in list(csv.reader(fh))[1:]:
                for cell in row:
                    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                        float(cell)          # only a number may start like a formula
                    texts.add(cell)
    for expected in ["'=HYPERLINK(\"http://evil.invalid\",\"x\")", "'=cmd|' /C calc'!A0", "'+1", "'-2",
                     "'@SUM(A1:A2)", "'=1+2", "'=3+4", EMOJI_COMPANY, LONG_COMPANY]:
        assert expected in texts, expected
    # a district whose own name starts with "=" is shown after its city: no prefix needed, none added
    fig_4_3 = pd.read_csv(out / "fig-4-3.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert set(fig_4_3["区县"]) == {
        "杭州市西湖区", "$\\undefinedcmd{x}$市$\\undefinedcmd{x}$区", "北京市海淀区", "深圳市" + LONG_DISTRICT,
        LONG_CITY + "=SUM(1)区", "上海市浦东新区<&>\"'", "武汉市$\\frac{1}{2}$区", "北京市" + LONG_BJ_DISTRICT}
    # numbers by hand: 28 companies, batch (i % 4) + 1 → 7 per batch, cumulative 7, 14, 21, 28
    fig_1_1 = pd.read_csv(out / "fig-1-1.csv", encoding="utf-8-sig")
    assert fig_1_1["企业数量"].tolist() == [7, 7, 7, 7]
    assert fig_1_1["累计企业数量"].tolist() == [7, 14, 21, 28]


def test_csv_rule_leaves_numbers_and_numeric_columns_alone(tmp_path):
    table = pd.DataFrame({"名称": ["=1+1", "-", "-2", "普通", None], "差值": ["+0.25", "-3.5", "", "+1e-05", None],
                          "数值": [-1.5, 2.0, -3.0, 0.0, float("nan")]})
    path = tmp_path / "t.csv"
    write_csv(table, path)
    assert path.read_text(encoding="utf-8-sig").splitlines() == [
        "名称,差值,数值", "'=1+1,+0.25,-1.5", "'-,-3.5,2.0", "'-2,,-3.0", "普通,+1e-05,0.0", ",,"]
    untouched = table[["差值", "数值"]]
    assert csv_safe(untouched) is untouched                   # nothing to change: the same frame


def test_control_characters_do_not_stop_the_workbook(tmp_path):
    table = pd.DataFrame({"企业名称": ["控制\x01字符", "=A\x1f", "普通"], "得分": [1.5, -2.0, 3.0]})
    with pd.ExcelWriter(tmp_path / "t.xlsx", engine="openpyxl") as xl:
        xlsx_safe(table).to_excel(xl, sheet_name="t", index=False)
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]
    assert [c.value for c in ws["A"]] == ["企业名称", "控制\ufffd字符", "=A\ufffd", "普通"]
    assert [c.value for c in ws["B"]][1:] == [1.5, -2.0, 3.0]


# ---------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def report(work):
    out = work["base"] / "report"
    p = run_cli("build", "--data", str(work["plain"]), "--out", str(out), cache=work["cache"])
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    html = (out / "report-2022.html").read_text(encoding="utf-8")
    out_pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out / "report-2022.pdf"), "-"], capture_output=True,
                             check=True).stdout.decode("utf-8") if _has("pdftotext") else None
    return {"html": html, "pdf_text": out_pdf, "out": out}


def _has(tool: str) -> bool:
    import shutil
    return shutil.which(tool) is not None


def test_every_chart_in_the_html_is_clean_xml(report):
    svgs = inline_svgs(report["html"])
    # 19 report figures (图1.1–图4.4) and one radar for each of the 6 provinces with companies
    assert len(svgs) == 19 + 6
    for svg in svgs:
        root = ET.fromstring(svg)                  # well-formed, namespaces bound
        assert root.tag == SVG_NS + "svg"
        names = [k for k, _ in raw_root_attributes(svg)]
        assert names.count("xmlns") == 1, names
        for el in root.iter():
            assert el.tag.startswith(SVG_NS), el.tag
            assert el.tag[len(SVG_NS):] not in ("script", "style", "foreignObject", "a", "image")
            for key, value in el.attrib.items():
                assert not key.lower().startswith("on")
                if key.endswith("href"):
                    assert value.startswith("#")
                if key not in ("aria-label",):
                    assert "url(" not in value.replace("url(#", "")


def test_labels_are_drawn_as_typed_and_long_ones_shortened(report):
    charts = {root.get("aria-label", "")[:40]: svg_texts(root)
              for root in (ET.fromstring(s) for s in inline_svgs(report["html"]))}
    districts = next(t for alt, t in charts.items() if alt.startswith("按批次堆积的条形图，共 8 个区县"))
    assert "武汉市$\\frac{1}{2}$区" in districts                   # not ½: no mathtext
    assert "$\\undefinedcmd{x}$市$\\undefinedcmd{x}$区" in districts
    assert "上海市浦东新区<&>\"'" in districts
    for full in ("深圳市" + LONG_DISTRICT, "北京市" + LONG_BJ_DISTRICT):
        (short,) = [t for t in districts if t.startswith(full[:9])]
        assert short.endswith("…") and full.startswith(short[:-1]) and len(short) < len(full)
    cities = next(t for alt, t in charts.items() if alt.startswith("按批次堆积的条形图，共 7 个城市"))
    assert [t for t in cities if t.startswith("超长城市名称")][0].endswith("…")


def test_every_chart_is_drawn_in_the_pdf(report):
    if report["pdf_text"] is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = squash(report["pdf_text"])
    for svg in inline_svgs(report["html"]):
        root = ET.fromstring(svg)
        labels = [squash(t) for t in svg_texts(root) if squash(t)]
        assert labels and all(label in text for label in labels), root.get("aria-label")
        # WeasyPrint shows the description in place of a chart it cannot draw
        assert squash(root.get("aria-label"))[:14] not in text, root.get("aria-label")
    assert "深圳市超长区县名称超长区县名称超长区县名称超长区…" in text


def test_poisoned_cache_entries_are_not_served(work, report):
    entries = sorted((work["cache"] / "giantreport" / "charts").rglob("*.svg"))
    assert len(entries) >= 25
    poison = ('<style>@import url("http://poison.invalid/x.css");</style><script>fetch("http://poison.invalid/")</script>'
              '<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="http://poison.invalid/i.png"/></foreignObject>'
              '<image href="http://poison.invalid/p.png" width="1" height="1"/>')
    for entry in entries:
        svg = entry.read_text(encoding="utf-8")
        end = svg.index(">") + 1                    # after the root's start tag (test code: fine as text)
        entry.write_text(svg[:end] + poison + svg[end:], encoding="utf-8")
        assert ET.fromstring(entry.read_text(encoding="utf-8")) is not None     # still a valid SVG
    out = work["base"] / "report-again"
    p = run_cli("build", "--data", str(work["plain"]), "--format", "html", "--out", str(out), cache=work["cache"])
    assert p.returncode == 0, p.stderr
    html = (out / "report-2022.html").read_text(encoding="utf-8")
    assert "poison.invalid" not in html and "@import" not in html
    assert inline_svgs(html) == inline_svgs(report["html"])        # redrawn: the same charts
    assert not any("poison.invalid" in e.read_text(encoding="utf-8") for e in entries)    # and rewritten


def test_briefing_of_a_municipality_with_a_long_district_name(work, report):
    out = work["base"] / "briefing"
    p = run_cli("province", "北京", "--data", str(work["plain"]), "--format", "html", "--out", str(out),
                cache=work["cache"])
    assert p.returncode == 0, p.stderr
    (page,) = out.glob("*.html")
    svgs = inline_svgs(page.read_text(encoding="utf-8"))
    assert svgs and all(ET.fromstring(s).tag == SVG_NS + "svg" for s in svgs)
    texts = [t for s in svgs for t in svg_texts(ET.fromstring(s))]
    # 北京 is one city: its briefing ranks districts, 海淀区 (C5, C13, C21) and the long one (C2, C10, C18, C26)
    assert "海淀区" in texts
    (short,) = [t for t in texts if t.startswith("中关村科技园区")]
    assert short.endswith("…") and LONG_BJ_DISTRICT.startswith(short[:-1])


# ---------------------------------------------------------------- SVG as XML


def test_image_bytes_has_one_xmlns_however_long_the_description():
    label = "，".join(["深圳市" + LONG_DISTRICT] * 5)             # ~350 characters before the xmlns
    svg = (f'<svg class="giantreport-chart" role="img" aria-label="{label}" width="10pt" height="10pt" '
           f'viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>')
    assert svg.index("xmlns=") > 400
    data = P.image_bytes(svg).decode("utf-8")
    assert [k for k, _ in raw_root_attributes(data)].count("xmlns") == 1
    assert ET.fromstring(data).get("aria-label") == label
    bare = P.image_bytes('<svg width="10pt" height="10pt"><rect width="5" height="5"/></svg>').decode("utf-8")
    assert ET.fromstring(bare).tag == SVG_NS + "svg"
    assert [k for k, _ in raw_root_attributes(bare)].count("xmlns") == 1


@pytest.mark.parametrize("bad", ['<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
                                 '<!DOCTYPE svg [<!ENTITY x "xx">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
                                 '<svg xmlns="http://www.w3.org/2000/svg" xmlns="http://www.w3.org/2000/svg"/>',
                                 '<html xmlns="http://www.w3.org/1999/xhtml"/>'])
def test_broken_svg_stops_the_build(bad):
    with pytest.raises(SVGError) as err:
        P.image_bytes(bad)
    assert isinstance(err.value, GiantReportError) and "SVG" in str(err.value)


def test_sanitise_removes_everything_active():
    dirty = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="x()">'
             '<style>@import url(http://evil.invalid/a.css);</style><script>x()</script>'
             '<foreignObject><p>x</p></foreignObject><a href="http://evil.invalid"><rect/></a>'
             '<image xlink:href="http://evil.invalid/i.png"/><use xlink:href="#keep"/>'
             '<rect fill="url(#grad)" style="fill: url(http://evil.invalid/f)" clip-path="url(#c1)"/></svg>')
    clean = sanitise(dirty)
    assert "evil.invalid" not in clean and "@import" not in clean and "onload" not in clean
    for tag in ("<style", "<script", "<foreignObject", "<a ", "<image"):
        assert tag not in clean
    assert 'xlink:href="#keep"' in clean and 'fill="url(#grad)"' in clean and 'clip-path="url(#c1)"' in clean
    assert sanitise(clean) == clean
    # CDATA is text to XML but ends at "]]>" in HTML only inside SVG: written out escaped
    cdata = sanitise('<svg xmlns="http://www.w3.org/2000/svg"><text><![CDATA[</svg><script>x()</script>]]></text></svg>')
    assert "<script" not in cdata and ET.fromstring(cdata).find(SVG_NS + "text").text == "</svg><script>x()</script>"


def test_a_chart_weasyprint_cannot_draw_stops_the_build():
    html = f'<html><body><div class="chart"><img src="{P.CHART_SCHEME}:1" alt="图表说明"></div></body></html>'
    with pytest.raises(P.ChartImageError) as err:
        P.lay_out(html, {f"{P.CHART_SCHEME}:1": b"<svg broken"}, {})
    assert "图表" in str(err.value)
