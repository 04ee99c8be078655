"""City, district and industry briefings: the resolution rules, the numbers (stats/briefs.py) against hand
arithmetic on a tiny company table, the paragraph, and the command.

Twelve companies in two provinces, four cities, two industries (TABLE below). Every expected value is a
literal with its arithmetic in a comment; nothing here computes an expected value with the code under test.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from giantreport.cli import cli
from giantreport.data.regions import Area, area_candidates, resolve_area
from giantreport.errors import GiantReportError
from giantreport.narrative.briefing import city_paragraph
from giantreport.stats import areas, briefs

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small"
YEARS = (2020, 2021)
BATCHES = [1, 2, 3]
NAN = float("nan")
MIN = 3        # cities with at least 3 companies are ranked: 杭州 (5), 宁波 (3), 苏州 (3); 南京 (1) is not

# id, province, city, district, batch, industry, employees, valid inventions
# (applications = 2 × valid, invention applications = grants = valid, 1 application in 2020 and 2 in 2021)
TABLE = [
    ("H1", "浙江省", "杭州市", "滨江区", 1, "新材料", 100, 10),
    ("H2", "浙江省", "杭州市", "滨江区", 2, "新材料", 100, 6),
    ("H3", "浙江省", "杭州市", "西湖区", 2, "新一代信息技术", 200, 4),
    ("H4", "浙江省", "杭州市", "西湖区", 3, "新一代信息技术", 100, 0),
    ("H5", "浙江省", "杭州市", "上城区", 3, "新材料", NAN, 5),
    ("N1", "浙江省", "宁波市", "鄞州区", 1, "新材料", 100, 3),
    ("N2", "浙江省", "宁波市", "鄞州区", 3, "新一代信息技术", 100, 3),
    ("N3", "浙江省", "宁波市", "", 3, "新一代信息技术", 200, 0),
    ("S1", "江苏省", "苏州市", "", 1, "新一代信息技术", 50, 8),
    ("S2", "江苏省", "苏州市", "", 2, "新材料", 50, 8),
    ("S3", "江苏省", "苏州市", "", 3, "新材料", 100, 2),
    ("J1", "江苏省", "南京市", "", 2, "新一代信息技术", 100, 1),
]


@pytest.fixture(scope="module")
def df():
    t = pd.DataFrame(TABLE, columns=["company_id", "province", "city", "district", "batch", "industry", "employees",
                                     "valid_inventions"])
    return t.assign(name=t["company_id"], applications=2 * t["valid_inventions"],
                    invention_applications=t["valid_inventions"], invention_grants=t["valid_inventions"],
                    citations=0, licenses=0, transfers=0, pct_applications=0, applications_prev=1,
                    applications_last=2)


def national(**override) -> dict:
    """The summary's national figures a block reads: present (1.0: not asserted on) unless overridden."""
    s = {key: 1.0 for _, key in areas.DIMENSION_MEASURES}
    s.update(companies=12, batches={"1": 3, "2": 4, "3": 5}, employees_mean=1.0, stars={},
             provinces={"浙江省": {"companies": 8, "companies_by_batch": {"1": 2, "2": 2, "3": 4}}},
             industries={"新材料": {"share": 0.5, "ashare_share": 0.19, "ashare_valid_inventions_mean": 82.0}})
    s.update(override)
    return s


STARS = {"新材料": pd.DataFrame({"企业名称": ["H1", "S2"], "具体产业类别": ["a", "b"], "所在城市": ["杭州市", "苏州市"],
                                "所在省份": ["浙江省", "江苏省"]}),
         "新一代信息技术": None}


def city(df, name, summary=None):
    return briefs.city(df, summary or national(), name, YEARS, BATCHES, STARS, MIN)


# ---------------------------------------------------------------- resolution

@pytest.mark.parametrize("text, kind, name, province", [
    ("浙江", "province", "浙江省", "浙江省"),
    ("杭州", "city", "杭州市", "浙江省"),
    ("杭州市", "city", "杭州市", "浙江省"),
    ("宁波", "city", "宁波市", "浙江省"),            # a 计划单列市 is a city here, not its province
    ("北京", "province", "北京市", "北京市"),        # a 直辖市 is a province
    ("新材料", "industry", "新材料", None),
    ("生物医药", "industry", "生物医药及高性能医疗器械", None),
    ("高端装备", "industry", "高端机械装备", None),
])
def test_one_name_one_area(text, kind, name, province):
    a = resolve_area(text)
    assert (a.kind, a.name, a.province) == (kind, name, province)


def test_a_district_with_its_city():
    assert resolve_area("杭州市滨江区") == Area("district", "滨江区", "浙江省", "杭州市")
    assert resolve_area("浙江省杭州市滨江区") == Area("district", "滨江区", "浙江省", "杭州市")
    assert resolve_area("杭州市滨江区").label == "杭州市滨江区"


def test_an_ambiguous_name_lists_the_choices():
    # 吉林 is a province and a city in it
    assert [(a.kind, a.name) for a in area_candidates("吉林")] == [("province", "吉林省"), ("city", "吉林市")]
    with pytest.raises(GiantReportError) as e:
        resolve_area("吉林")
    assert "“吉林”" in str(e.value) and "吉林省（省份）" in str(e.value) and "吉林市（城市）" in str(e.value)
    with pytest.raises(GiantReportError) as e:
        resolve_area("装备")           # part of four industry names
    assert "航空航天装备（产业领域）" in str(e.value)


def test_an_unknown_name_suggests_close_ones_of_every_kind():
    with pytest.raises(GiantReportError) as e:
        resolve_area("杭洲")
    assert "不认识“杭洲”" in str(e.value) and "杭州市" in str(e.value)
    with pytest.raises(GiantReportError) as e:
        resolve_area("新才料")
    assert "新材料" in str(e.value)


# ---------------------------------------------------------------- a city's numbers

def test_city_counts_by_batch_and_districts(df):
    b = city(df, "杭州市")
    assert b["province"] == "浙江省"
    assert b["companies"] == 5
    assert b["companies_by_batch"] == {"1": 1, "2": 2, "3": 2}          # H1 | H2 H3 | H4 H5
    assert b["valid_inventions_total"] == 25                            # 10 + 6 + 4 + 0 + 5
    assert b["valid_inventions_mean"] == pytest.approx(5.0)             # 25 / 5
    assert b["invention_density_per_1000"] == pytest.approx(40.0)       # (10+6+4+0) / (100+100+200+100) × 1000; H5 no staff
    assert b["employees_mean"] == pytest.approx(125.0)                  # 500 / 4 known
    # districts, most first, ties by name (滨江区 before 西湖区); share of the city's 5
    assert [(p["name"], p["companies"], p["share"]) for p in b["places"]] == [
        ("滨江区", 2, pytest.approx(0.4)), ("西湖区", 2, pytest.approx(0.4)), ("上城区", 1, pytest.approx(0.2))]
    assert b["places"][0]["companies_by_batch"] == {"1": 1, "2": 1, "3": 0}     # H1, H2
    assert b["industries"]["新材料"]["companies"] == 3                         # H1 H2 H5
    assert b["parent"]["name"] == "浙江省" and b["parent"]["companies"] == 8
    assert [s["name"] for s in b["stars"]] == ["H1"]


def test_city_ranks_among_its_province_and_all_ranked_cities(df):
    # ranked (≥ 3 companies): 杭州 5, 宁波 3, 苏州 3; 南京 (1) is not
    hz, nb, sz, nj = (city(df, n) for n in ("杭州市", "宁波市", "苏州市", "南京市"))
    assert hz["peers"] == {"province": 2, "nation": 3}
    # companies: 杭州 5 first; 宁波 and 苏州 tie at 3 → both second
    assert (hz["ranks"]["province"]["companies"], hz["ranks"]["nation"]["companies"]) == (1, 1)
    assert (nb["ranks"]["province"]["companies"], nb["ranks"]["nation"]["companies"]) == (2, 2)
    assert sz["ranks"]["nation"]["companies"] == 2 and sz["ranks"]["province"]["companies"] == 1    # alone in 江苏
    # mean valid inventions: 苏州 18/3 = 6 > 杭州 5 > 宁波 6/3 = 2
    assert [c["ranks"]["nation"]["valid_inventions_mean"] for c in (sz, hz, nb)] == [1, 2, 3]
    assert hz["ranks"]["province"]["valid_inventions_mean"] == 1
    # density: 苏州 18/200 × 1000 = 90 > 杭州 40 > 宁波 6/400 × 1000 = 15
    assert [c["ranks"]["nation"]["invention_density_per_1000"] for c in (sz, hz, nb)] == [1, 2, 3]
    assert nj["ranked"] is False and nj["ranks"] == {"province": None, "nation": None}


def test_a_measure_the_nation_lacks_is_null_and_unranked(df):
    b = city(df, "杭州市", national(invention_density_per_1000=None))
    assert b["invention_density_per_1000"] is None
    assert b["measures"]["invention_density_per_1000"] is None
    assert b["ranks"]["nation"]["invention_density_per_1000"] is None
    assert b["ranks"]["nation"]["companies"] == 1


def test_a_district_against_its_city(df):
    b = briefs.district(df, national(), "杭州市", "滨江区", YEARS, BATCHES, STARS)
    assert b["companies"] == 2 and b["companies_by_batch"] == {"1": 1, "2": 1, "3": 0}
    assert b["valid_inventions_mean"] == pytest.approx(8.0)             # (10 + 6) / 2
    assert b["parent"]["name"] == "杭州市" and b["parent"]["companies"] == 5
    assert [s["name"] for s in b["stars"]] == ["H1"]


# ---------------------------------------------------------------- an industry's numbers

def test_industry_block(df):
    b = briefs.industry(df, national(), "新材料", YEARS, BATCHES, STARS)
    assert b["companies"] == 6                                          # H1 H2 H5 N1 S2 S3
    assert b["share"] == pytest.approx(0.5)                             # 6 / 12
    assert b["companies_by_batch"] == {"1": 2, "2": 2, "3": 2}          # H1 N1 | H2 S2 | H5 S3
    assert b["valid_inventions_mean"] == pytest.approx(34 / 6)          # 10+6+5+3+8+2 = 34
    assert b["invention_density_per_1000"] == pytest.approx(29 / 450 * 1000)   # H5's 5 without staff left out
    # leading provinces: 浙江 4 (of its 8: 50%), 江苏 2 (of its 4: 50%)
    assert [(p["name"], p["companies"]) for p in b["provinces"]] == [("浙江省", 4), ("江苏省", 2)]
    assert [p["share_of_place"] for p in b["provinces"]] == [pytest.approx(0.5), pytest.approx(0.5)]
    # leading cities: 杭州 3 of 5, 苏州 2 of 3, 宁波 1 of 3
    assert [(p["name"], p["companies"]) for p in b["cities"]] == [("杭州市", 3), ("苏州市", 2), ("宁波市", 1)]
    assert b["cities"][0]["share_of_place"] == pytest.approx(0.6)
    assert (b["province_count"], b["city_count"]) == (2, 3)
    # among the key industries: 6 companies each for 新材料 and 新一代信息技术 → both first;
    # mean valid inventions 34/6 against 16/6 → first
    assert b["ranks"]["nation"]["companies"] == 1
    assert b["ranks"]["nation"]["valid_inventions_mean"] == 1
    assert b["benchmark"]["ashare_share"] == 0.19
    assert [s["name"] for s in b["stars"]] == ["H1", "S2"]


def test_the_cities_briefed_by_all(df):
    # at least 3 companies, most first, ties by name: 杭州 5; 宁波 3 and 苏州 3
    assert briefs.cities_for_briefings(df, MIN) == ["杭州市", "宁波市", "苏州市"]


def test_sheet_rows_carry_the_block(df):
    table = briefs.sheet(city(df, "杭州市"), national())
    first = table.iloc[0]
    assert (first["项目"], first["数值"], first["所在省份数值"], first["全国"], first["省内排名"], first["全国排名"]) == (
        "企业数量", 5, 8, 12, 1, 1)


# ---------------------------------------------------------------- the paragraph

def test_paragraph_of_a_ranked_city(df):
    text = city_paragraph(city(df, "杭州市"), national(valid_inventions_mean=50 / 12))
    assert "杭州市有“小巨人” 5 家，占浙江省的 62.5%" in text                     # 5 / 8
    assert "2 个城市中居第 1 位" in text and "全国 3 个这样的城市中居第 1 位" in text


def test_paragraph_of_a_city_with_few_companies_makes_no_comparison(df):
    text = city_paragraph(city(df, "南京市"), national())
    assert "只有 1 家" in text and "不宜据此与其他地区比较" in text
    assert "第" not in text and "高出" not in text


# ---------------------------------------------------------------- the command

def invoke(*args):
    return CliRunner().invoke(cli, list(args), prog_name="giantreport", catch_exceptions=False)


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


def test_the_command_writes_city_district_and_industry_briefings(isolated):
    out = isolated / "b"
    result = invoke("briefing", "杭州", "杭州市西湖区", "新材料", "--data", str(SMALL), "--format", "html",
                    "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "city-杭州市-2022.html", "district-杭州市西湖区-2022.html", "industry-新材料-2022.html"]
    html = (out / "city-杭州市-2022.html").read_text(encoding="utf-8")
    assert "杭州市专精特新“小巨人”企业科创能力简报" in html
    text = re.sub(r"&nbsp;|&#160;|\xa0", " ", html)
    assert "只有 1 家" in text                  # the small fixture has one company in 杭州: no ranks, no rank columns
    assert "省内排名" not in text and "不参与城市排名" in text


@pytest.mark.parametrize("formats", ["html", "pdf"])
def test_province_of_a_city_points_to_briefing(isolated, formats):
    # with a PDF the worker process has started by the time the name is checked: it is gone with the error
    import multiprocessing
    result = CliRunner().invoke(cli, ["province", "杭州", "--data", str(SMALL), "--format", formats, "--out", "o"])
    assert result.exit_code == 1
    assert "杭州市" in str(result.exception) and "giantreport briefing 杭州" in str(result.exception)
    assert multiprocessing.active_children() == [] and not (isolated / "o").exists()


def test_briefing_of_a_province_is_the_province_briefing(isolated):
    a, b = isolated / "a", isolated / "b"
    assert invoke("province", "浙江", "--data", str(SMALL), "--format", "html", "--out", str(a)).exit_code == 0
    assert invoke("briefing", "浙江", "--data", str(SMALL), "--format", "html", "--out", str(b)).exit_code == 0
    name = "province-浙江省-2022.html"
    assert (a / name).read_text(encoding="utf-8") == (b / name).read_text(encoding="utf-8")


def test_a_place_without_companies_is_an_error(isolated):
    result = CliRunner().invoke(cli, ["briefing", "苏州", "--data", str(SMALL), "--format", "html", "--out", "o"])
    assert result.exit_code == 1
    assert "数据中没有苏州市" in str(result.exception)


def test_industry_paragraph_names_a_tie_at_the_cut():
    """64, 52, 48, 48, 40 companies: the third place is shared, so both 48s are named as tied, and no
    "合计占" share is given for an arbitrary three."""
    from giantreport.narrative.briefing import industry_paragraph
    block = {"name": "生物医药及高性能医疗器械", "companies": 300, "share": 0.1, "ranks": {"nation": {}},
             "provinces": [{"name": "北京市", "companies": 64}, {"name": "浙江省", "companies": 52},
                           {"name": "上海市", "companies": 48}, {"name": "江苏省", "companies": 48},
                           {"name": "广东省", "companies": 40}]}
    text = industry_paragraph(block, {"companies": 3000})
    assert "企业最多的省份是北京市和浙江省（64 家、52 家），上海市和江苏省各有 48 家，并列第 3 位。" in text
    assert "合计占" not in text
