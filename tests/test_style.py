"""The house style of docs/style.md, checked on what a reader sees.

The built HTML (text of every element, chart text included) and the PDF's text (pdftotext) of the
bundled report, one province briefing and a report built on a small 5-batch dataset are scanned with
one regular expression per rule. A rule's exceptions are the ones docs/style.md names.

Run as a script to count the violations in a built report: ``python tests/test_style.py OUT/report-2022.html``.
"""
from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

HAN = "\u4e00-\u9fff"

#: rule name → (regex, what it means). Each hit is a violation.
RULES: dict[str, tuple[re.Pattern, str]] = {
    # §1 a space between Han and Latin letters or digits (and after %), none between two Han characters
    "han-digit": (re.compile(f"[{HAN}][A-Za-z0-9]|[A-Za-z0-9%][{HAN}]"), "Han directly next to a digit or Latin letter"),
    "han-gap": (re.compile(f"[{HAN}] +[{HAN}]"), "a space between two Han characters"),
    # §3 one range sign
    "range-sign": (re.compile(r"\d ?[–—~] ?\d|\d ～|～ \d"), "a range not written 1～9"),
    # §4 thousands grouped with commas; years (1900–2099) and numbers after a decimal point are not
    "grouping": (re.compile(r"(?<![\d,.])(?<!T )(?!(?:19|20)\d\d(?!\d))\d{4,}(?![\d])"), "four or more digits without grouping"),
    # §5 a share with one decimal (two significant digits only when one decimal would print 0.0%)
    "share-decimals": (re.compile(r"(?<![\d.,])(?:[1-9][\d,]*\.\d{2,}|0\.[1-9]\d+|0\.0[5-9]\d*|0\.0\d{3,})%"),
                       "a share printed with other than one decimal"),
    # §7 ordinal ranks "第 1 位"
    "rank": (re.compile(r"第\d|第 \d+(?!\d)(?! ?[位批名章页节])(?!\s*$)"), "a rank not written 第 N 位"),
    # §8 “小巨人” in quotation marks
    "giant-quotes": (re.compile(r"(?<!“)小巨人|小巨人(?!”)"), "小巨人 without quotation marks"),
    # §9 source names as their owners write them
    "wind": (re.compile(r"\bWIND\b"), "WIND for Wind"),
    # §5 no multiple of a share
    "share-multiple": (re.compile(r"(?:占比|比重|比例|授权率)[^，。；（]{0,12}约为[^，。；]{0,8}\d[\d.,]* 倍"),
                       "a share compared as N 倍"),
}

#: Rules for sentences only (HTML <p> and <li>): every decimal number carries its unit.
PROSE_RULES: dict[str, tuple[re.Pattern, str]] = {
    "unit": (re.compile(r"(?<![\d.,～])(?<!表 )(?<!图 )(?<!giantreport )\d[\d,]*\.\d+(?!\d)(?! ?(?:%|件|次|家|人|年|倍|个|分|位|万|亿|项|批|元|千|/|～))"),
             "a decimal number in a sentence without its unit"),
}

_DROP = re.compile(r"<(style|script)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
_PROSE = re.compile(r"<(p|li)\b[^>]*>(.*?)</\1>", re.S)


def _plain(fragment: str) -> str:
    """Text of an HTML fragment; a no-break space (kept inside quantities: "15.46 件") counts as a space."""
    return htmllib.unescape(_TAG.sub("\n", fragment)).replace("\xa0", " ")


#: The one part of the report outside the house style (docs/style.md, exceptions): appendix B quotes the
#: 2022 report's numbers exactly as that report prints them ("23.24%", "63643.7 万人"), to check them.
_AUDIT = re.compile(r'<section class="appendix" id="appendix-b">.*?(?=<section class="appendix" id="appendix-c">|</body>)', re.S)


def html_texts(page: str) -> tuple[list[str], list[str]]:
    """(text of every element — chart <text> elements one each —, text of every paragraph and list item)."""
    page = _AUDIT.sub("", _DROP.sub("", page))
    chart_text = [htmllib.unescape(_TAG.sub("", t)) for t in _SVG_TEXT.findall(page)]
    page_no_svg = re.sub(r"<svg\b.*?</svg>", "\n", page, flags=re.S)
    lines = [ln.strip() for ln in _plain(page_no_svg).split("\n")]
    prose = [re.sub(r"\s*\n\s*", "", _plain(m.group(2))).strip() for m in _PROSE.finditer(page_no_svg)]
    return [ln for ln in lines + chart_text if ln], [p for p in prose if p]


def pdf_lines(pdf: Path) -> list[str]:
    """The PDF's text lines, without appendix B (from its heading to appendix C's: the quoted 2022 numbers)."""
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    lines, quoting = [], False
    for ln in (ln.replace("\xa0", " ").strip() for ln in out.stdout.split("\n")):
        if re.match(r"附录 B\s", ln):
            quoting = True
        elif re.match(r"附录 C\s", ln):
            quoting = False
        if ln and not quoting:
            lines.append(ln)
    return lines


def violations(lines: list[str], prose: list[str] = (), rules=None) -> list[tuple[str, str]]:
    """(rule, the text around the hit) for every violation."""
    rules = rules or RULES
    out = []
    for rule_set, texts in ((rules, lines), (PROSE_RULES, prose)):
        for text in texts:
            for name, (rx, _) in rule_set.items():
                for m in rx.finditer(text):
                    if rule_set is PROSE_RULES and m.start() == 0:       # a heading's number ("2.1 技术体量")
                        continue
                    out.append((name, text[max(0, m.start() - 12): m.end() + 12]))
    return out


#: The PDF's text loses what a line break swallowed: a space between Han characters there is a line
#: break in the middle of a sentence, not a space in the text.
PDF_RULES = {k: v for k, v in RULES.items() if k != "han-gap"}


def check_html(path: Path) -> list[tuple[str, str]]:
    lines, prose = html_texts(path.read_text(encoding="utf-8"))
    return violations(lines, prose)


def check_pdf(path: Path) -> list[tuple[str, str]]:
    return violations(pdf_lines(path), rules=PDF_RULES)


def _report(found: list[tuple[str, str]]) -> str:
    counts = Counter(name for name, _ in found)
    lines = [f"{sum(counts.values())} violations: " + ", ".join(f"{k} {v}" for k, v in counts.most_common())]
    seen = set()
    for name, where in found:
        if (name, where) not in seen and len(seen) < 40:
            seen.add((name, where))
            lines.append(f"  {name}: …{where}…")
    return "\n".join(lines)


# ---------------------------------------------------------------- unit checks of the rules


def test_rules_catch_the_issue_examples():
    bad = ["截至2022年6月30日", "A股上市企业", "对9,279 家", "6 月 30 日 的状态", "1–9件", "2020—2021年",
           "全国第1", "国家统计局；WIND", "占比 0.96%", "0.075%", "发明专利占比约为 125 倍", "共 9279 家", "全部小巨人"]
    for text in bad:
        assert violations([text]), text
    assert violations([], ["平均累计专利申请量 79.88，居全国第 3 位。"])
    good = ["截至 2022 年 6 月 30 日", "A 股上市企业", "对 9,279 家", "1～9 件", "2020～2021 年", "全国第 1 位",
            "国家统计局；Wind", "占比 1.0%", "0.037%", "共 9,279 家“小巨人”", "2022 年", "《2022 专精特新", "23.2%"]
    for text in good:
        assert not violations([text], [text]), (text, violations([text], [text]))


def test_tidy_applies_the_rules():
    from giantreport.words import tidy

    for text in ["截至2022年6月30日", "A股上市企业", "对9,279 家", "6 月 30 日 的状态", "1–9件", "2020—2021年",
                 "国家统计局；WIND"]:
        assert not violations([tidy(text)]), (text, tidy(text))


# ---------------------------------------------------------------- built documents

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")


@pytest.fixture(scope="module")
def bundled(bundled_build):
    """The folder of the session's bundled build (tests/conftest.py): report-2022.* and province-浙江省-2022.*."""
    return bundled_build["folder"]


@pytest.fixture(scope="module")
def briefing(bundled_build):
    return bundled_build["folder"]


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert found, f"no {pattern} in {folder}: {sorted(p.name for p in folder.iterdir())}"
    return found[0]


def test_bundled_report_html(bundled):
    found = check_html(_one(bundled, "report-*.html"))
    assert not found, _report(found)


@needs_pdftotext
def test_bundled_report_pdf(bundled):
    found = check_pdf(_one(bundled, "report-*.pdf"))
    assert not found, _report(found)


def test_briefing_html(briefing):
    found = check_html(_one(briefing, "province-*.html"))
    assert not found, _report(found)


@needs_pdftotext
def test_briefing_pdf(briefing):
    found = check_pdf(_one(briefing, "province-*.pdf"))
    assert not found, _report(found)


def _five_batches(tmp_path: Path) -> Path:
    """The bundled sample with a fifth batch: the newest quarter of the fourth batch's companies."""
    import pandas as pd

    from giantreport.resources import asset_path

    src = asset_path("data/sample")
    folder = tmp_path / "five"
    shutil.copytree(src, folder)
    companies = folder / "companies.parquet"
    df = pd.read_parquet(companies)
    fourth = df.index[df["batch"] == df["batch"].max()]
    df.loc[fourth[: len(fourth) // 4], "batch"] = int(df["batch"].max()) + 1
    df.to_parquet(companies, index=False)
    return folder


def test_five_batch_build(tmp_path):
    from giantreport.cli import main

    data = _five_batches(tmp_path)
    out = tmp_path / "out"
    assert main(["-q", "build", "--data", str(data), "--as-of", "2022-06-30", "--format", "html", "--out", str(out)]) == 0
    page = _one(out, "report-*.html")
    assert "第五批" in page.read_text(encoding="utf-8")
    found = check_html(page)
    assert not found, _report(found)


if __name__ == "__main__":          # python tests/test_style.py FILE.html|FILE.pdf …
    for arg in sys.argv[1:]:
        p = Path(arg)
        print(p, _report(check_pdf(p) if p.suffix == ".pdf" else check_html(p)))
