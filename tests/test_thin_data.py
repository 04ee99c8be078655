"""Any data builds: thin data folders that `validate` accepts give a report, statistics and briefings.

Each shape is a small CSV folder written here (Chinese headers as in docs/data-format.md): only the
company list; no 区县 column; no 城市 column; no listed or financed company; one batch; one province;
a dozen companies with a batch and a province of one company each. For each, `build`, `stats` and
`province` must succeed through `giantreport.cli.main` (exit code 0, never 内部错误); a figure, table or
section without data keeps its number and says in one sentence what the data lacks; the other
numbers do not move; nothing prints 0.00 件 for patents that were never given, nor None/nan.

Most shapes are built as HTML (the same page the PDF is laid out from); the companies-only shape also
as PDF, checked with pdftotext. Datasets and builds are shared per module.
"""
from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from giantreport.cli import main
from giantreport.definition import FIGURES

AS_OF = "2022-06-30"
HEADER = ["企业ID", "企业名称", "批次", "省份", "城市", "区县", "产业领域", "具体产业类别", "参保人数", "成立日期",
          "上市板块", "一级市场融资"]
PATENT_HEADER = ["企业ID", "申请号", "专利类型", "申请日", "公开日", "授权日", "法律状态", "PCT", "被引用次数", "许可次数",
                 "转让次数"]
PLACES = [("浙江", "杭州", "西湖区"), ("浙江", "宁波", "鄞州区"), ("江苏", "南京", "玄武区"), ("江苏", "苏州", "吴中区"),
          ("广东", "深圳", "南山区"), ("北京", "北京", "海淀区"), ("上海", "上海", "浦东新区"), ("山东", "青岛", "黄岛区")]
PROVINCIAL = [p for p in PLACES if p[0] not in ("北京", "上海")]      # no municipality: it would be its own city
INDUSTRIES = ["新材料", "新一代信息技术", "高端机械装备", "生物医药及高性能医疗器械", "节能与新能源汽车", "其他"]
BOARDS = ["创业板", "", "科创板", "", "", "主板", "新三板", ""]


def write_folder(folder: Path, n: int = 30, batches=(1, 2, 3), places=PLACES, drop=(), patents: bool = True,
                 listed: bool = True) -> Path:
    """A data folder of `n` companies spread over `batches` and `places`; `drop` leaves columns out."""
    folder.mkdir(parents=True)
    columns = [c for c in HEADER if c not in drop]
    rows = []
    for i in range(n):
        province, city, district = places[i % len(places)]
        record = {"企业ID": f"C{i + 1:03d}", "企业名称": f"测试{i + 1}号科技有限公司", "批次": batches[i % len(batches)],
                  "省份": province, "城市": city, "区县": district, "产业领域": INDUSTRIES[i % len(INDUSTRIES)],
                  "具体产业类别": "", "参保人数": 50 + (i * 37) % 400, "成立日期": f"{1995 + i % 25}-0{1 + i % 9}-15",
                  "上市板块": BOARDS[i % len(BOARDS)] if listed else "未上市",
                  "一级市场融资": ("是" if i % 3 == 0 else "否") if listed else "否"}
        rows.append([record[c] for c in columns])
    with open(folder / "companies.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)
    if patents:
        patent_rows, k = [], 0
        for i in range(n):
            for j in range(1 + i % 4):
                k += 1
                year = 2015 + (i + j) % 7
                kind = ["发明", "实用新型", "发明", "外观设计"][j % 4]
                granted = kind != "发明" or j % 2 == 0
                patent_rows.append([f"C{i + 1:03d}", f"CN{k:07d}", kind, f"{year}-03-01", f"{year + 1}-01-10",
                                    f"{year + 1}-06-01" if granted else "", "有效" if granted else "审中",
                                    "是" if (i + j) % 7 == 0 else "否", (i * j) % 9, j % 2, (i + j) % 3 == 0 and 1 or 0])
        with open(folder / "patents.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(PATENT_HEADER)
            writer.writerows(patent_rows)
    return folder


SHAPES = {
    "companies_only": dict(patents=False),
    "no_district": dict(drop=("区县",)),
    "no_city": dict(drop=("城市",), places=PROVINCIAL),
    "no_listed": dict(listed=False),
    "one_batch": dict(n=16, batches=(2,)),
    "one_province": dict(n=12, places=[p for p in PLACES if p[0] == "浙江"]),
    # a dozen companies; the third batch and 四川 have one company each
    "dozen": dict(n=12, batches=(1, 2) * 5 + (1, 3), places=PLACES[:4] * 2 + PLACES[:2] + [PLACES[2], ("四川", "成都", "武侯区")]),
}


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def page_text(path: Path) -> str:
    """The visible text of an HTML page (no styles, charts or markup)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<style\b.*?</style>|<svg\b.*?</svg>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """{shape: {"data", "out", "report", "briefing", "stats"}}, each command run once per shape."""
    root = tmp_path_factory.mktemp("thin")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(root / "cache"))
        mp.chdir(root)
        results = {}
        for shape, kwargs in SHAPES.items():
            data = write_folder(root / "data" / shape, **kwargs)
            out = root / "out" / shape
            formats = "pdf,html" if shape == "companies_only" else "html"
            runs = {}
            for name, args in (("build", ["build", "--format", formats]),
                               ("province", ["province", "浙江", "--format", formats]),
                               ("stats", ["stats"])):
                runs[name] = main(["-q", *args, "--data", str(data), "--out", str(out / name), "--as-of", AS_OF])
            results[shape] = {"data": data, "out": out, "codes": runs}
        yield results


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_command_succeeds(built, shape):
    b = built[shape]
    assert b["codes"] == {"build": 0, "province": 0, "stats": 0}, b["codes"]
    assert (b["out"] / "build" / "report-2022.html").is_file()
    assert (b["out"] / "province" / "province-浙江省-2022.html").is_file()
    assert (b["out"] / "stats" / "summary.json").is_file()


@pytest.mark.parametrize("shape", list(SHAPES))
def test_no_placeholder_values(built, shape):
    for page in (built[shape]["out"] / "build" / "report-2022.html", built[shape]["out"] / "province" / "province-浙江省-2022.html"):
        text = page_text(page)
        for bad in ("None", "nan", "NaN", "内部错误", "— 件", "— 人"):
            assert bad not in text, (page.name, bad)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_figure_numbers_never_move(built, shape):
    # every figure keeps its number: a caption is either its chart or one sentence; none is renumbered
    page = built[shape]["out"] / "build" / "report-2022.html"
    markup = page.read_text(encoding="utf-8")
    captions = re.findall(r'<figure class="figure[^"]*" id="fig-(\d+)-(\d+)">\s*<figcaption><span class="fig-no">图 ([\d.]+)<',
                          markup)
    assert all(number == f"{a}.{b}" for a, b, number in captions), captions
    expected = [number for number, _ in FIGURES.values()]
    if shape == "companies_only":     # chapter 2, sections 3.2 and 4.2 are one notice each: none of their figures
        expected = [n for n in expected if not n.startswith("2.") and n not in ("3.3", "4.4")]
    assert [number for _, _, number in captions] == expected
    # one sentence under each caption without a chart, and no other
    omitted = re.findall(r'<figure class="figure omitted"', markup)
    assert squash(page_text(page)).count("本图从略。") == len(omitted)


def test_companies_only(built):
    out = built["companies_only"]["out"]
    for text in (page_text(out / "build" / "report-2022.html"), pdf_text(out / "build" / "report-2022.pdf")):
        flat = squash(text)
        assert "数据中没有专利信息（既无专利明细文件，企业名单中也没有专利汇总列），本章从略。" in flat
        assert flat.count("数据中没有专利信息，本节从略。") == 4        # 3.2, 3.3 stars, 4.2, 4.3 fact sheets
        assert "0.00件" not in flat and "0.00次" not in flat
        assert "明星“小巨人”排名" not in flat and "表3.1" not in flat   # no star tables
        assert "2.1技术体量" not in flat and "图2.1" not in flat
        assert "专利数据；giantreport" not in flat                     # no source line claims patent data
        assert "表3.9" in flat and "上市企业占比" in flat              # the newest batch without patent rows
        assert "平均有效发明专利量" not in flat.split("附录A")[0]
    briefing = squash(page_text(out / "province" / "province-浙江省-2022.html"))
    assert "图1浙江省区域科创能力雷达数据中没有专利信息，本图从略。" in briefing
    assert "数据中没有专利信息，无从评选亮点产业领域。" in briefing
    assert briefing.count("数据中没有专利信息，本节从略。") == 2        # 四维对比, 明星企业
    assert "件/家" not in briefing and "0.00件" not in briefing
    assert "数据中没有专利信息" in squash(pdf_text(out / "province" / "province-浙江省-2022.pdf"))


def test_no_district_column(built):
    flat = squash(page_text(built["no_district"]["out"] / "build" / "report-2022.html"))
    assert "图4.3专精特新“小巨人”企业数量前20的区县（按批次）数据中没有区县信息，本图从略。" in flat
    assert "从区县层面看" not in flat and "区县依次为" not in flat
    assert "图4.4" in flat and "图4.2" in flat


def test_no_city_column(built):
    flat = squash(page_text(built["no_city"]["out"] / "build" / "report-2022.html"))
    assert "图4.2专精特新“小巨人”企业数量前20的城市（按批次）数据中没有城市信息，本图从略。" in flat
    assert "从地级层面看" not in flat and "城市依次为" not in flat
    briefing = squash(page_text(built["no_city"]["out"] / "province" / "province-浙江省-2022.html"))
    assert "分区县企业数量" in briefing                      # the briefing counts districts instead


def test_no_listed_or_financed_company(built):
    flat = squash(page_text(built["no_listed"]["out"] / "build" / "report-2022.html"))
    assert "数据中没有上市企业，也没有获得一级市场融资的企业，本图从略。" in flat
    assert "数据中没有上市或挂牌的企业，也没有获得一级市场融资的企业，本图从略。" in flat
    assert "数据中没有在A股上市的企业，本图从略。" in flat
    assert "已上市0家" not in flat and "以A股为主" not in flat


def test_one_batch(built):
    page = built["one_batch"]["out"] / "build" / "report-2022.html"
    flat = squash(page_text(page))
    assert "数据中只有一个批次，无从比较各批次的产业结构，本图从略。" in flat
    assert 'id="ch3-newest"' not in page.read_text(encoding="utf-8")      # no newest-batch comparison
    assert "此前批次" not in flat and "前一批" not in flat


def test_one_province(built):
    flat = squash(page_text(built["one_province"]["out"] / "build" / "report-2022.html"))
    assert "“小巨人”分布于1个省级行政区（浙江）。" in flat
    assert "前一位" not in flat and "集中度（CR10" not in flat


def test_a_dozen_with_a_batch_and_a_province_of_one(built, capsys):
    b = built["dozen"]
    flat = squash(page_text(b["out"] / "build" / "report-2022.html"))
    assert "第三批有1家，前两批合计11家；表3.9并列两者的主要指标" in flat
    assert "前20位城市中" not in flat                      # eight cities: there is no top 20
    code, output = run(capsys, "-q", "province", "四川", "--data", str(b["data"]), "--out", str(b["out"] / "sichuan"),
                       "--as-of", AS_OF, "--format", "html")
    assert code == 0, output
    briefing = squash(page_text(b["out"] / "sichuan" / "province-四川省-2022.html"))
    assert "企业数量1家" in briefing and "四川的“小巨人”" in briefing     # the card gives the count, the paragraph reads it


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext（poppler-utils）未安装")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_no_patents_no_granted_inventions_in_figure_1_3(tmp_path):
    """Without patent data the figure's 授权发明专利量 row is unknown (empty), not 0 件 and 0.0% of the nation."""
    import pandas as pd
    from giantreport.pipeline import prepare
    _, _, stats = prepare(write_folder(tmp_path / "data", patents=False), None, None)
    rows = {r["指标"]: r for r in stats.tables["fig-1-3"].to_dict("records")}
    granted = rows["授权发明专利量（万件）"]
    assert pd.isna(granted["小巨人"]) and pd.isna(granted["小巨人占全国比重"])
    assert rows["企业数量（家）"]["小巨人"] == len(stats.companies)
