"""The edition follows the data; honest about synthetic data; numbered as the original; briefing fixes.

A small folder of six companies (five batches, 浙江 and 江苏) whose latest patent is published on 2024-05-20
is built as a user's data: its cut-off, edition year, file names, cover, running headers and briefing all say
2024, and the bundled 2022 benchmarks are marked "2022 年数据" beside each use (or left out by configuration).
The bundled sample is built once per session (tests/conftest.py): its star tables list the 2022 report's companies in its order,
without rank or score, and every source line says the company values are synthetic. Expected values are
worked out by hand from the rows written below.
"""
from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from giantreport.cli import main

COMPANIES = [
    ["企业ID", "企业名称", "批次", "省份", "城市", "区县", "产业领域", "具体产业类别", "参保人数", "成立日期", "上市板块", "一级市场融资"],
    ["C1", "甲科技有限公司", 1, "浙江", "杭州", "西湖区", "新材料", "", 100, "2010-01-01", "创业板", "是"],
    ["C2", "乙科技有限公司", 2, "浙江", "宁波", "鄞州区", "新一代信息技术", "", 200, "2012-01-01", "", "否"],
    ["C3", "丙科技有限公司", 3, "江苏", "南京", "玄武区", "高端机械装备", "", 300, "2014-01-01", "科创板", "是"],
    ["C4", "丁科技有限公司", 4, "江苏", "苏州", "吴中区", "新材料", "", 400, "2016-01-01", "", "否"],
    ["C5", "戊科技有限公司", 5, "浙江", "杭州", "滨江区", "新一代信息技术", "", 100, "2018-01-01", "", "是"],
    ["C6", "己科技有限公司", 5, "江苏", "南京", "鼓楼区", "其他", "", 200, "2019-01-01", "", "否"],
]
PATENTS = [
    ["企业ID", "申请号", "专利类型", "申请日", "公开日", "授权日", "法律状态", "PCT", "被引用次数", "许可次数", "转让次数"],
    ["C1", "CN1", "发明", "2021-01-10", "2022-03-01", "2023-05-01", "有效", "否", 3, 0, 0],
    ["C2", "CN2", "发明", "2022-02-01", "2023-04-01", "", "审中", "是", 1, 0, 1],
    ["C3", "CN3", "实用新型", "2023-01-05", "2023-06-01", "2023-06-01", "有效", "否", 0, 0, 0],
    ["C4", "CN4", "发明", "2023-01-01", "2024-05-20", "", "审中", "否", 5, 0, 0],   # the latest date: 2024-05-20
    ["C5", "CN5", "发明", "2020-01-01", "2021-01-01", "2022-01-01", "有效", "否", 2, 1, 0],
    ["C6", "CN6", "外观设计", "2023-05-01", "2023-09-01", "2023-09-01", "有效", "否", 0, 0, 0],
]
DATED_BLOCKS = {"national", "ashare", "boards", "top500_pct_share", "industries", "industry_groups"}


def write_csv(path: Path, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def page_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<style\b.*?</style>|<svg\b.*?</svg>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\xa0", " ")   # no-break spaces keep quantities whole


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext（poppler-utils）未安装")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


def blocks(page: str, tag: str, cls: str | None = None) -> list[str]:
    """The inner HTML of each <tag …> element (of class `cls`), not nested."""
    attr = rf'[^>]*class="[^"]*\b{cls}\b[^"]*"' if cls else ""
    return re.findall(rf"<{tag}\b{attr}[^>]*>(.*?)</{tag}>", page, flags=re.S)


def plain(fragment: str) -> str:
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


@pytest.fixture(scope="module")
def runs(tmp_path_factory, bundled_build):
    root = tmp_path_factory.mktemp("edition")
    (root / "bundled").symlink_to(bundled_build["folder"], target_is_directory=True)   # built once per session
    data = root / "d2024"
    data.mkdir()
    write_csv(data / "companies.csv", COMPANIES)
    write_csv(data / "patents.csv", PATENTS)
    omit = root / "omit.toml"
    omit.write_text('[report]\nbenchmarks_other_year = "omit"\n', encoding="utf-8")
    edition = root / "edition.toml"
    edition.write_text("[report]\nedition_year = 2025\n", encoding="utf-8")
    codes = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(root / "cache"))
        mp.chdir(root)
        for name, args in {
            "build": ["build", "--data", str(data), "--out", "o2024"],                     # pdf and html
            "province": ["province", "浙江", "--data", str(data), "--out", "o2024"],
            "stats": ["stats", "--data", str(data), "--out", "s2024"],
            "omit": ["build", "--format", "html", "--data", str(data), "--config", str(omit), "--out", "omit"],
            "as_of": ["stats", "--data", str(data), "--as-of", "2023-12-31", "--out", "s2023"],
            "edition": ["stats", "--data", str(data), "--config", str(edition), "--out", "s2025"],
            "bundled_stats": ["stats", "--out", "bundled-stats"],
        }.items():
            codes[name] = main(["-q", *args])
    return root, codes


def test_every_run_succeeds(runs):
    _, codes = runs
    assert codes == dict.fromkeys(codes, 0)


# ---------------------------------------------------------------- 2: the edition follows the data

def test_cut_off_and_edition_from_the_latest_patent_date(runs):
    root, _ = runs
    s = json.loads((root / "s2024" / "summary.json").read_text(encoding="utf-8"))
    assert s["as_of"] == "2024-05-20" and s["edition_year"] == 2024     # CN4's publication date
    assert s["batches"] == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 2}
    assert set(s["benchmark_years"]) == DATED_BLOCKS and set(s["benchmark_years"].values()) == {2022}
    assert s["benchmarks_other_year"] == dict.fromkeys(DATED_BLOCKS, 2022) and s["benchmarks_left_out"] == {}
    # --as-of wins, the edition follows it; a configured edition_year wins over the cut-off's year
    s2023 = json.loads((root / "s2023" / "summary.json").read_text(encoding="utf-8"))
    assert (s2023["as_of"], s2023["edition_year"]) == ("2023-12-31", 2023)
    s2025 = json.loads((root / "s2025" / "summary.json").read_text(encoding="utf-8"))
    assert (s2025["as_of"], s2025["edition_year"]) == ("2024-05-20", 2025)


def test_file_names_cover_title_and_headers_say_2024(runs):
    root, _ = runs
    out = root / "o2024"
    assert sorted(p.name for p in out.iterdir()) == ["province-浙江省-2024.html", "province-浙江省-2024.pdf",
                                                     "report-2024.html", "report-2024.pdf"]
    page = (out / "report-2024.html").read_text(encoding="utf-8")
    assert "<title>2024 专精特新“小巨人”企业科创能力报告</title>" in page
    assert 'data-title="2024 专精特新“小巨人”企业科创能力报告"' in page          # the running header
    cover = squash(page_text(out / "report-2024.html"))
    assert '2024专精特新“小巨人”企业科创能力报告' in cover
    assert "数据截止日2024年5月20日" in cover
    assert "6家专精特新“小巨人”企业（第一批至第五批）" in cover
    assert "2024年版" in cover and "共四批" not in cover
    pages = pdf_pages(out / "report-2024.pdf")
    assert pages[0].split()[0] == "2024"                                      # the cover's edition
    for text in pages[1:-1]:
        if text.strip():
            assert text.lstrip().startswith("2024 专精特新“小巨人”企业科创能力报告"), text[:80]


def test_2022_benchmarks_say_their_year_beside_each_use(runs):
    root, _ = runs
    page = (root / "o2024" / "report-2024.html").read_text(encoding="utf-8")
    figures = {m.group(1): m.group(2) for m in re.finditer(r'<figure class="figure" id="(fig-[\d-]+)">(.*?)</figure>',
                                                            page, flags=re.S)}
    for key, what in {"fig-1-3": "全国企业", "fig-1-6": "A股各板块上市企业数", "fig-2-1": "全国企业、A股上市企业",
                      "fig-2-3": "A股上市企业", "fig-2-4": "A股上市企业", "fig-3-3": "A股上市企业分产业领域"}.items():
        source = plain(blocks(figures[key], "p", "source")[0])
        assert f"外部基准中{what}" in source and "为2022年数据" in source, (key, source)
    # every paragraph that compares with an A-share or national figure is followed in its section by the note
    text = page_text(root / "o2024" / "report-2024.html")
    sections = re.split(r"\n\s*(?=\d\.\d [^\n]+\n)", text)
    compared = [sec for sec in sections if re.search(r"A 股上市企业（\d|A 股上市企业的 \d|全国拥有有效发明专利企业", sec)]
    assert compared
    for sec in compared:
        assert "为 2022 年数据（外部基准），本报告数据截至 2024 年 5 月 20 日" in sec, sec[:200]
    # the appendix lists each benchmark with its year
    rows = re.findall(r"<tr><td>A 股上市企业平均有效发明专利量</td>(.*?)</tr>", page)
    assert rows and plain(rows[0]).endswith("件/家2022")


def test_benchmarks_of_another_year_left_out_by_configuration(runs):
    root, _ = runs
    page = (root / "omit" / "report-2024.html").read_text(encoding="utf-8")
    text = squash(page_text(root / "omit" / "report-2024.html"))
    for key, label in (("fig-1-3", "全国企业"), ("fig-1-6", "A股各板块上市企业数")):
        figure = re.search(rf'<figure class="figure omitted" id="{key}">(.*?)</figure>', page, flags=re.S).group(1)
        assert plain(figure).endswith(f"外部基准（{label}）为2022年数据，按配置（report.benchmarks_other_year=\"omit\"）"
                                      "不与2024年的数据对比，本图从略。")
    assert not re.search(r"外部基准中[^。；]*为2022年数据", text) and "（外部基准），本报告数据截至" not in text
    assert not re.search(r"A股上市企业（\d|A股上市企业的\d", text)
    assert "并与全国企业、A股上市企业等外部基准对照" not in text


# ---------------------------------------------------------------- 2: audit and appendices

def test_audit_on_other_data_says_so_in_one_line(runs, capsys):
    root, _ = runs
    out = root / "audit-out"
    for args, what in ((["--data", str(root / "d2024")], "这份数据截至 2024-05-20"),
                       (["--as-of", "2023-06-30"], "内置样例数据截至 2023-06-30")):
        code = main(["-q", "audit", *args, "--out", str(out)])
        lines = capsys.readouterr().out.splitlines()
        assert code == 0
        assert lines == [f"复现审计：{what}，不是 2022 年报告所用的数据（内置样例数据，截至 2022-06-30），没有可对照的公开数字。"]
    assert not out.exists()                                   # no table written


def test_no_audit_appendix_and_every_appendix_reference_resolves(runs):
    root, _ = runs
    for page in (root / "o2024" / "report-2024.html", root / "omit" / "report-2024.html"):
        text = page_text(page)
        headings = set(re.findall(r"附录 ([A-Z])　", text))
        assert headings == {"A", "B"} and "复现核对" not in text
        assert "外部基准数值及其年份见附录 B" in text
        assert set(re.findall(r"附录 ?([A-Z])", text)) <= headings
    bundled = page_text(root / "bundled" / "report-2022.html")
    assert set(re.findall(r"附录 ([A-Z])　", bundled)) == {"A", "B", "C"} and "附录 B　复现核对" in bundled
    assert set(re.findall(r"附录 ?([A-Z])", bundled)) <= {"A", "B", "C"}


# ---------------------------------------------------------------- 5 and 6: stars on the bundled sample

def test_bundled_star_tables_in_the_original_order_without_rank(runs):
    root, _ = runs
    page = (root / "bundled" / "report-2022.html").read_text(encoding="utf-8")
    import pandas as pd
    published = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "published" / "stars.csv")
    for i in range(1, 9):
        start = page.index(f'id="table-3-{i}"')
        body = page[start:page.index('class="table-block', start + 1)]
        expected = published[published["table"] == float(f"3.{i}")]
        industry = expected["industry"].iloc[0]
        assert f"表 3.{i}　{industry}领域明星“小巨人”" in body
        heads = [plain(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", body)]
        assert heads == ["企业名称", "具体产业类别", "所在城市", "所在省份"]          # no 排名, no 综合得分
        names = [plain(r) for r in re.findall(r"<tr><td>(.*?)</td>", body)]
        assert names == list(expected["name"])                                   # the 2022 report's order
        assert f"表3.{i}" in plain("".join(blocks(body, "p", "source")))
        assert "合成数据" in plain("".join(blocks(body, "p", "note")))
    assert "综合得分最高" not in page_text(root / "bundled" / "report-2022.html")


def test_bundled_source_lines_say_synthetic(runs):
    root, _ = runs
    page = (root / "bundled" / "report-2022.html").read_text(encoding="utf-8")
    sources = [plain(p) for p in blocks(page, "p", "source")]
    assert len(sources) > 30
    for source in sources:
        assert "工信部公示名单" not in source
        assert "内置样例数据（企业级数值为合成数据" in source or "《2022专精特新“小巨人”企业科创能力报告》表3." in source, source
    briefing = (root / "bundled" / "province-浙江省-2022.html").read_text(encoding="utf-8")
    for source in (plain(p) for p in blocks(briefing, "p", "source")):
        assert "工信部公示名单" not in source
    # every table of the briefing has its source line (synthetic); the star table no rank column
    for chunk in briefing.split("<caption>")[1:]:
        table_block = chunk.split("</table>")[1].split("<div")[0]
        assert '<p class="source">' in table_block, chunk[:60]
    city = re.search(r"<caption>分城市企业数量</caption>.*?</div>\s*(.*?)</div>", briefing, flags=re.S).group(1)
    assert "内置样例数据（企业级数值为合成数据" in plain(city)
    stars = re.search(r"<caption>浙江列入 2022 年报告明星名单的企业</caption>(.*?)</table>", briefing, flags=re.S).group(1)
    assert [plain(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", stars)] == ["产业领域", "企业名称", "具体产业类别", "所在城市"]
    # 浙江's three companies of stars.csv, tables 3.1, 3.5, 3.8 in that order
    assert [plain(r) for r in re.findall(r"<tr><td>(.*?)</td>", stars)] == [
        "新一代信息技术", "生物医药及高性能医疗器械", "先进轨道交通装备"]


def test_table_3_1_is_new_generation_it(runs):
    root, _ = runs
    import pandas as pd
    bundled = pd.read_csv(root / "bundled-stats" / "table-3-1.csv")
    assert list(bundled.columns) == ["企业名称", "具体产业类别", "所在城市", "所在省份"]
    assert bundled["企业名称"].iloc[0] == "西安诺瓦星云科技股份有限公司" and len(bundled) == 10
    assert pd.read_csv(root / "bundled-stats" / "table-3-2.csv")["企业名称"].iloc[0] == "西安宏星电子浆料科技股份有限公司"
    s = json.loads((root / "bundled-stats" / "summary.json").read_text(encoding="utf-8"))
    assert list(s["stars"])[:2] == ["新一代信息技术", "新材料"]
    # user data: ranked. 新一代信息技术 = C2 乙, C5 戊 (percentile ranks among the two):
    #   volume  C2 (0.75 + 0.5)/2 = 0.625, C5 (0.75 + 1)/2 = 0.875; quality the same (grant rate 0 vs 1)
    #   influence C2 (0.5 + 0.5 + 1)/3 = 2/3, C5 (1 + 1 + 0.5)/3 = 5/6; globalisation C2 1 (CN2 is PCT), C5 0.5
    #   score C2 0.3·0.625 + 0.2·0.625 + 0.3·2/3 + 0.2·1 = 0.7125; C5 0.2625 + 0.175 + 0.25 + 0.1 = 0.7875
    mine = pd.read_csv(root / "s2024" / "table-3-1.csv")
    assert list(mine["排名"]) == [1, 2] and list(mine["企业名称"]) == ["戊科技有限公司", "乙科技有限公司"]
    assert list(mine["综合得分"]) == [pytest.approx(0.7875), pytest.approx(0.7125)]
    # 新材料 = C1 甲 (CN1 granted, cited 3), C4 丁 (CN4 pending, cited 5): 甲 0.7875, 丁 0.7125 (as above, mirrored)
    assert list(pd.read_csv(root / "s2024" / "table-3-2.csv")["企业名称"]) == ["甲科技有限公司", "丁科技有限公司"]


# ---------------------------------------------------------------- 7: the briefing

def test_briefing_one_running_header_units_and_no_appendix(runs):
    root, _ = runs
    pages = pdf_pages(root / "o2024" / "province-浙江省-2024.pdf")
    assert pages[0].lstrip().startswith("2024 · 省份简报")                  # the kicker; no header on page 1
    body = [p for p in pages[1:] if p.strip()]
    assert body
    for text in body:
        head = text.lstrip().splitlines()[0]
        assert head.startswith("2024 · 浙江省简报") and head.count("浙江省简报") == 1, head
    page = (root / "o2024" / "province-浙江省-2024.html").read_text(encoding="utf-8")
    assert 'data-title="2024 · 浙江省简报"' in page
    text = squash(page_text(root / "o2024" / "province-浙江省-2024.html"))
    assert "附录" not in text and "方法说明：" in text
    # 浙江 = C1, C2, C5: one patent each; cited 3 + 1 + 2; valid inventions CN1, CN5 over 100 + 200 + 100 staff
    assert "平均累计专利申请量1.00件，与全国持平" in text
    assert "平均有效发明专利量0.67件" in text
    assert "发明专利密度5.00件/千人" in text
    assert "平均专利被引用次数2.00次" in text
    assert "平均PCT专利申请量0.33件" in text
    captions = [plain(c) for c in re.findall(r"<caption>(.*?)</caption>", page)]
    assert captions == ["分批次企业数量", "分城市企业数量", "产业领域结构：浙江与全国", "四个维度的主要指标",
                        "浙江入选各产业领域明星榜的企业"]
    # the city table: 杭州 C1 (第一批) C5 (第五批), 宁波 C2 (第二批)
    city = re.search(r"<caption>分城市企业数量</caption>(.*?)</table>", page, flags=re.S).group(1)
    assert [plain(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", city)] == [
        "城市", "第一批", "第二批", "第三批", "第四批", "第五批", "合计", "占全省比重"]
    assert [plain(r) for r in re.findall(r"<tr>(.*?)</tr>", city)][1:] == ["杭州市10001266.7%", "宁波市01000133.3%"]
