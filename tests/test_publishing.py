"""Issue [6/8]: the publisher's report. The bundled report built with a fictitious publisher's profile,
a preface, a replaced section, an extra chapter and two parts left out; PDF text, bookmarks, HTML and
DOCX hold exactly what was asked and nothing of what was left out."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from docx import Document

from giantreport.cli import main

EPOCH = "1700000000"
NAME = "东海省中小企业发展促进中心"          # fictitious
SHORT = "东海中小企业中心"
PNG_1PX = bytes.fromhex("89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d24"
                        "0000001449444154789c638c9293fbcfc0c0c0c0c400050017c40199d4c69a990000000049454e44ae426082")  # 2×2 px, Pillow-made


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("publishing")
    texts = root / "texts"
    texts.mkdir()
    (root / "logo.png").write_bytes(PNG_1PX)
    (root / "about.md").write_text(f"{NAME}是本报告的编写单位（虚构）。\n", encoding="utf-8")
    (root / "giantreport.toml").write_text(f'''
[report]
text = "texts"
parts = ["summary", "intro", "ch1", "ch2", "ch3", "ch4", "appendix-a", "appendix-c", "about", "colophon"]

[publisher]
name = "{NAME}"
short_name = "{SHORT}"
logo = "logo.png"
primary = "#5a1e1e"
accent = "#a0522d"
about = "about.md"
copyright = "© 2026 {NAME}"
disclaimer = "本报告仅供研究参考。"
keywords = ["专精特新", "东海省"]
colophon = false
''', encoding="utf-8")
    # the preface prints two summary.json values: 9,279 companies, listed share 646 / 9,279 = 6.96% → 7.0%
    (texts / "preface.md").write_text("# 前言\n\n本版收录 {{ summary.companies }} 家企业，上市企业占 {{ summary.listed_share | pct }}。\n",
                                      encoding="utf-8")
    (texts / "ch2.volume.md").write_text("编者改写的技术体量一节。\n", encoding="utf-8")
    (texts / "chapter-05-展望.md").write_text("# 政策建议\n\n编者的建议。\n\n# 下一步\n\n编者的计划。\n", encoding="utf-8")
    out = root / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("XDG_CACHE_HOME", str(root / "cache"))
        code = main(["-q", "build", "--config", str(root / "giantreport.toml"), "--format", "pdf,html,docx",
                     "--out", str(out)])
    assert code == 0
    return out


def visible(html: str) -> str:
    html = re.sub(r"<style.*?</style>|<svg.*?</svg>|<head>.*?</head>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def bookmarks(path: Path) -> list[str]:
    out = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else out.append(item.title)
    walk(pypdf.PdfReader(path).outline)
    return out


def test_html_holds_what_was_asked(published):
    page = (published / "report-2022.html").read_text(encoding="utf-8")
    text = visible(page)
    assert f"发布方 {NAME}" in text and f"© 2026 {NAME}" in text
    assert "本版收录 9,279 家企业，上市企业占 7.0%。" in text                   # the preface, placeholders filled
    assert "编者改写的技术体量一节。" in text
    assert "第五章" in text and "5.1 政策建议" in text and "5.2 下一步" in text      # numbered with the rest
    assert f"关于{SHORT}" in text and "编写单位（虚构）" in text
    assert 'src="data:image/png;base64,' in page                            # the logo, inside the file
    assert "--primary: #5a1e1e; --accent: #a0522d" in page                  # the theme
    assert f"{SHORT}计算" in text                                          # source lines credit the publisher


def test_left_out_parts_leave_no_trace(published):
    page = (published / "report-2022.html").read_text(encoding="utf-8")
    text = visible(page)
    for absent in ("复现核对", "代表性省份科创能力速览", "附录 C", "giantreport"):
        assert absent not in text, absent
    assert 'name="generator"' not in page
    # appendix letters close up: 指标定义 A, 数据来源 B (the audit appendix B is left out)
    assert "附录 A 指标定义" in text and "附录 B 数据来源" in text
    # the replaced section's generated paragraphs are gone; its figures stay
    assert "技术规模：累计专利申请量与有效发明专利量" not in text and 'id="fig-2-1"' in page


def test_pdf_text_bookmarks_and_metadata(published):
    pdf = published / "report-2022.pdf"
    text = pdf_text(pdf)
    assert "本版收录 9,279 家企业" in text and "编者的建议。" in text
    assert "giantreport" not in text and "复现核对" not in text
    marks = bookmarks(pdf)
    assert marks[0] == "前言" and "第五章 展望" in marks and "5.1 政策建议" in marks
    assert "附录 B 数据来源" in marks and f"关于{SHORT}" in marks
    assert not any("复现核对" in m or "速览" in m for m in marks)
    info = pypdf.PdfReader(pdf).metadata
    assert info.author == NAME and "东海省" in info.get("/Keywords", "")


def test_docx_holds_the_same(published):
    doc = Document(published / "report-2022.docx")
    paragraphs = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    body = "\n".join(paragraphs)
    assert "本版收录 9,279 家企业，上市企业占 7.0%。" in body and "编者改写的技术体量一节。" in body
    assert any("展望" in h for h in headings) and any("政策建议" in h for h in headings)
    assert not any("复现核对" in h for h in headings) and "giantreport" not in body
    core = doc.core_properties
    assert core.author == NAME and "giantreport" not in (core.comments or "") and "东海省" in core.keywords


def test_default_report_is_unchanged_by_the_machinery(tmp_path, monkeypatch):
    """No profile, texts or parts: the default report, and the same bytes twice."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    for out in ("a", "b"):
        assert main(["-q", "build", "--format", "html", "--out", out]) == 0
    first = (tmp_path / "a" / "report-2022.html").read_bytes()
    assert first == (tmp_path / "b" / "report-2022.html").read_bytes()
    text = visible(first.decode("utf-8"))
    assert "发布方 giantreport 开源项目" in text and "附录 B 复现核对" in text and "附录 C 数据来源" in text


def test_a_chapter_left_out(tmp_path, monkeypatch):
    """Without chapter 2 the others close up: 第二章 is the industries chapter, its figures 2.x,
    the introduction's outline has three chapters, and no text points at the left-out one."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "giantreport.toml").write_text('[report]\nparts = ["summary", "intro", "ch1", "ch3", "ch4", '
                                               '"appendix-a", "appendix-c", "colophon"]\n', encoding="utf-8")
    assert main(["-q", "build", "--config", str(tmp_path / "giantreport.toml"), "--format", "html",
                 "--out", str(tmp_path / "out")]) == 0
    text = visible((tmp_path / "out" / "report-2022.html").read_text(encoding="utf-8"))
    assert "第二章 行业科创格局" in text and "整体科创能力评价" not in text
    assert "全文分为三章" in text and "第四章" not in text
    assert "图 2.1 " in text and "图 3.1 " in text and "图 4.1" not in text     # 3.x were the industries' figures
    assert "专利申请增长情况" not in text                                       # figure 2.2 of the full report
