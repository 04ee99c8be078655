"""stats/areas.py against hand arithmetic on a tiny company table.

Twelve companies in three provinces, a municipality among them (per-company values in TABLE below).
Every expected value is a literal with its arithmetic in a comment; nothing here computes an expected
value with the code under test.
"""
from __future__ import annotations

import pandas as pd
import pytest

from giantreport.data.regions import Place, province_in, resolve_place
from giantreport.stats import areas
from giantreport.stats import industries as ind

YEARS = (2020, 2021)
BATCHES = [1, 2, 3]
NAN = float("nan")

# id, province, city, district, batch, industry, employees, valid inventions, applications in 2021
# (every company: applications = 2 × valid, invention applications = grants = valid, 1 application in 2020,
# no citations, licences, transfers or PCT)
TABLE = [
    ("Z1", "浙江省", "杭州市", "西湖区", 1, "新材料", 100, 4, 2),
    ("Z2", "浙江省", "杭州市", "余杭区", 2, "新材料", 50, 2, 2),
    ("Z3", "浙江省", "宁波市", "鄞州区", 2, "新一代信息技术", 200, 0, 2),
    ("Z4", "浙江省", "温州市", "", 3, "其他", NAN, 1, 2),
    ("Z5", "浙江省", "", "", 3, "新材料", 150, 3, 2),
    ("B1", "北京市", "北京市", "海淀区", 1, "新一代信息技术", 300, 10, 1),
    ("B2", "北京市", "北京市", "海淀区", 3, "新一代信息技术", 100, 6, 1),
    ("B3", "北京市", "北京市", "朝阳区", 2, "新材料", 400, 2, 1),
    ("B4", "北京市", "北京市", "", 3, "其他", 200, 2, 1),
    ("J1", "江苏省", "苏州市", "", 1, "新材料", 50, 5, 3),
    ("J2", "江苏省", "苏州市", "", 2, "新一代信息技术", 50, 1, 3),
    ("J3", "江苏省", "南京市", "", 3, "其他", 100, 0, 3),
]


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-12)


@pytest.fixture(scope="module")
def df():
    t = pd.DataFrame(TABLE, columns=["company_id", "province", "city", "district", "batch", "industry", "employees",
                                     "valid_inventions", "applications_last"])
    return t.assign(name=t["company_id"], applications=2 * t["valid_inventions"],
                    invention_applications=t["valid_inventions"], invention_grants=t["valid_inventions"],
                    citations=0, licenses=0, transfers=0, pct_applications=0, applications_prev=1)


def blocks(df) -> dict[str, dict]:
    """The three provinces as summary["provinces"] holds them, the means typed in by hand (see the tests)."""
    out = {}
    for name, companies, valid_mean, density, emp_mean, radar in (
            ("浙江省", 5, 2.0, 18.0, 125.0, {"volume": 0.5, "quality": 0.2}),
            ("北京市", 4, 5.0, 20.0, 250.0, {"volume": 1.0, "quality": 0.6}),
            ("江苏省", 3, 2.0, 30.0, 200 / 3, {"volume": 0.25, "quality": 1.0})):
        out[name] = {"companies": companies, "valid_inventions_mean": valid_mean, "invention_density_per_1000": density,
                     "employees_mean": emp_mean, "valid_inventions_total": companies * valid_mean, "radar": radar,
                     "measures": areas.measures(areas.rows(df, "province", name), YEARS)}
    return out


# ---------------------------------------------------------------- places: one rule

def test_province_by_city_municipality_by_district(df):
    # 浙江: three named cities → by city; 北京: one city (北京市) with districts → by district
    assert areas.place_level(areas.rows(df, "province", "浙江省")) == "city"
    assert areas.place_level(areas.rows(df, "province", "北京市")) == "district"
    # 江苏: two cities, no districts → by city
    assert areas.place_level(areas.rows(df, "province", "江苏省")) == "city"


def test_one_city_without_districts_stays_by_city(df):
    # J1 and J2 alone: one city (苏州市) and no district to show instead → by city
    only_suzhou = df[df["company_id"].isin(["J1", "J2"])]
    assert areas.place_level(only_suzhou) == "city"
    # a province whose companies sit in one city that has districts → by district, like a municipality
    only_hangzhou = df[df["company_id"].isin(["Z1", "Z2"])]
    assert areas.place_level(only_hangzhou) == "district"
    # a city's own companies are shown by district
    assert areas.place_level(areas.rows(df, "city", "杭州市"), "city") == "district"


def test_places_counts_batches_and_shares(df):
    zj = areas.places(areas.rows(df, "province", "浙江省"), "city", BATCHES)
    # 杭州 Z1 Z2 (batches 1, 2); 宁波 Z3 and 温州 Z4 one each, tied: by name (宁 U+5B81 before 温 U+6E29);
    # Z5 has no city: in no row, but in the share's denominator 5
    assert zj == [
        {"name": "杭州市", "companies": 2, "companies_by_batch": {"1": 1, "2": 1, "3": 0}, "share": approx(2 / 5)},
        {"name": "宁波市", "companies": 1, "companies_by_batch": {"1": 0, "2": 1, "3": 0}, "share": approx(1 / 5)},
        {"name": "温州市", "companies": 1, "companies_by_batch": {"1": 0, "2": 0, "3": 1}, "share": approx(1 / 5)},
    ]
    bj = areas.places(areas.rows(df, "province", "北京市"), "district", BATCHES)
    # 海淀 B1 B2 (2 of 4), 朝阳 B3 (1 of 4); B4 has no district
    assert [(p["name"], p["companies"], p["share"]) for p in bj] == [("海淀区", 2, approx(0.5)), ("朝阳区", 1, approx(0.25))]


# ---------------------------------------------------------------- industry mix against the nation

def test_industry_mix_against_national(df):
    zj = areas.industry_mix(areas.rows(df, "province", "浙江省"))
    nation = areas.industry_mix(df)
    # 浙江: 新材料 Z1 Z2 Z5 = 3/5, 新一代信息技术 Z3 = 1/5, 其他 Z4 = 1/5
    assert zj["新材料"] == {"companies": 3, "share": approx(0.6)}
    assert zj["新一代信息技术"] == {"companies": 1, "share": approx(0.2)}
    assert zj["其他"] == {"companies": 1, "share": approx(0.2)}
    assert zj["生物医药及高性能医疗器械"] == {"companies": 0, "share": 0.0}
    # nation: 新材料 Z1 Z2 Z5 B3 J1 = 5/12, 新一代信息技术 Z3 B1 B2 J2 = 4/12, 其他 Z4 B4 J3 = 3/12
    assert nation["新材料"]["share"] == approx(5 / 12)
    assert nation["新一代信息技术"]["share"] == approx(4 / 12)
    assert nation["其他"]["share"] == approx(3 / 12)
    assert sum(v["companies"] for v in nation.values()) == 12


# ---------------------------------------------------------------- measures and national ranks

def test_measures(df):
    zj = areas.measures(areas.rows(df, "province", "浙江省"), YEARS)
    # valid 4+2+0+1+3 = 10 over 5 companies = 2.0; density over the four with staff: (4+2+0+3) / (100+50+200+150)
    # × 1000 = 9/500 × 1000 = 18.0; applications 2 × valid = 20/5 = 4.0; growth 2 (2021) over 1 (2020) − 1 = 1.0
    assert zj["valid_inventions_mean"] == approx(2.0)
    assert zj["invention_density_per_1000"] == approx(18.0)
    assert zj["applications_mean"] == approx(4.0)
    assert zj["applications_growth"]["rate"] == approx(1.0)
    assert zj["invention_application_share"] == approx(0.5)      # Σ inv 10 / Σ apps 20
    assert zj["citations_mean"] == 0.0
    assert [k for _, k in areas.DIMENSION_MEASURES] == list(zj)


def test_rank_ties_share_the_best_place():
    # 5 > 3 = 3 > 1: ranks 1, 2, 2, 4; no value: no rank and not counted
    assert areas.rank({"a": 3, "b": 5, "c": 3, "d": 1, "e": None, "f": float("nan")}) == {
        "a": 2, "b": 1, "c": 2, "d": 4, "e": None, "f": None}


def test_national_ranks(df):
    r = areas.ranks(blocks(df))
    # companies 5 / 4 / 3
    assert [r[p]["companies"] for p in ("浙江省", "北京市", "江苏省")] == [1, 2, 3]
    # mean valid 2.0 / 5.0 / 2.0: 北京 first, 浙江 and 江苏 share second
    assert [r[p]["valid_inventions_mean"] for p in ("浙江省", "北京市", "江苏省")] == [2, 1, 2]
    # density 18 / 20 / 30
    assert [r[p]["invention_density_per_1000"] for p in ("浙江省", "北京市", "江苏省")] == [3, 2, 1]
    # total valid 10 / 20 / 6; mean staff 125 / 250 / 66.7
    assert [r[p]["valid_inventions_total"] for p in ("浙江省", "北京市", "江苏省")] == [2, 1, 3]
    assert [r[p]["employees_mean"] for p in ("浙江省", "北京市", "江苏省")] == [2, 1, 3]
    # growth by its rate: 浙江 2/1 − 1 = 1, 北京 1/1 − 1 = 0, 江苏 3/1 − 1 = 2
    assert [r[p]["applications_growth"] for p in ("浙江省", "北京市", "江苏省")] == [2, 3, 1]
    # no citations anywhere: all tie for first
    assert [r[p]["citations_mean"] for p in ("浙江省", "北京市", "江苏省")] == [1, 1, 1]
    # radar: volume 0.5 / 1.0 / 0.25, quality 0.2 / 0.6 / 1.0
    assert r["浙江省"]["radar"] == {"volume": 2, "quality": 3}
    assert r["北京市"]["radar"] == {"volume": 1, "quality": 2}
    assert r["江苏省"]["radar"] == {"volume": 3, "quality": 1}


def test_radar_medians(df):
    b = blocks(df)
    # volume 0.25, 0.5, 1.0 → 0.5; quality 0.2, 0.6, 1.0 → 0.6
    assert areas.radar_median(b) == {"volume": approx(0.5), "quality": approx(0.6)}
    # a fourth province without a radar counts 0: volume 0, 0.25, 0.5, 1.0 → (0.25 + 0.5) / 2 = 0.375
    b["上海市"] = {"companies": 1, "radar": None}
    assert areas.radar_median(b)["volume"] == approx(0.375)
    # no radar at all (no patent data): no median
    assert areas.radar_median({"浙江省": {"radar": None}}) is None


# ---------------------------------------------------------------- classes

def test_classes():
    # national means: staff 1700 / 11 known = 154.55, valid 36 / 12 = 3.0
    emp, val = 1700 / 11, 3.0
    assert areas.area_class(125.0, 2.0, emp, val) == "小而弱"        # 浙江: fewer staff, fewer inventions
    assert areas.area_class(250.0, 5.0, emp, val) == "大而强"        # 北京: more of both
    assert areas.area_class(200 / 3, 4.0, emp, val) == "小而精"      # fewer staff, more inventions
    assert areas.area_class(300.0, 1.0, emp, val) == "大而不强"
    # as table 4.1 prints them: 351.67 staff is below 351.90 although both round to 352 people;
    # 3.004 inventions print 3.00, the same as the national 3.00: not above it
    assert areas.area_class(351.67, 1.0, 351.9, 0.5) == "小而精"
    assert areas.area_class(351.67, 3.004, 351.9, 3.0) == "小而弱"
    assert areas.area_class(None, 1.0, 351.9, 0.5) is None          # staff unknown: no class


# ---------------------------------------------------------------- star companies

def test_area_stars_in_table_order():
    tables = {
        "新一代信息技术": pd.DataFrame({"排名": [1, 2], "企业名称": ["甲", "乙"], "具体产业类别": ["电子核心产业"] * 2,
                                    "所在城市": ["杭州市", "南京市"], "所在省份": ["浙江省", "江苏省"]}),
        "新材料": None,       # a table the data cannot give
        # the bundled sample's tables list the 2022 report's names without a rank
        "高端机械装备": pd.DataFrame({"企业名称": ["丙"], "具体产业类别": ["智能制造装备产业"], "所在城市": ["宁波市"],
                                  "所在省份": ["浙江省"]}),
    }
    rows = areas.star_rows(tables)              # the tables as rows, once for every area
    assert areas.stars(rows, "province", "浙江省") == [
        {"industry": "新一代信息技术", "rank": 1, "name": "甲", "industry_detail": "电子核心产业", "city": "杭州市"},
        {"industry": "高端机械装备", "rank": None, "name": "丙", "industry_detail": "智能制造装备产业", "city": "宁波市"}]
    assert areas.stars(rows, "city", "南京市")[0]["name"] == "乙"
    assert areas.stars(rows, "province", "北京市") == []


def test_star_lists_follow_the_score_computed_once():
    # B's score (0.9, given) beats A's (0.1) although A files more: the lists rank by the star_score column,
    # they do not score again
    scored = pd.DataFrame({"company_id": ["A", "B", "C"], "industry": ["新材料"] * 3, "applications": [100, 1, 5],
                           "star_score": [0.1, 0.9, 0.5]})
    assert list(ind.stars(scored, 2)["新材料"]["company_id"]) == ["B", "C"]


# ---------------------------------------------------------------- names

def test_province_in_the_data():
    held = ["浙江省", "北京市"]
    assert province_in("浙江", held) == "浙江省"
    assert province_in("浙江省", held) == "浙江省"
    assert province_in("　北京 ", held) == "北京市"          # full-width and ordinary spaces
    assert province_in("江苏", held) is None                 # a province, but not in the data
    assert province_in("宁波", held) == "浙江省"             # a 计划单列市 names its province
    assert province_in("火星", held) is None


def test_resolve_place():
    assert resolve_place("浙江") == Place("province", "浙江省", "浙江省")
    assert resolve_place("杭州") == Place("city", "杭州市", "浙江省")
    assert resolve_place("宁波") == Place("city", "宁波市", "浙江省")     # a city, not a province
    assert resolve_place("北京") == Place("province", "北京市", "北京市")
    assert resolve_place("火星") is None


def test_tied_ranks_are_marked():
    # 10, 8, 8, 5 companies: ranks 1, 2, 2, 4; the two with 8 share 2nd place ("并列第 2 位")
    peers = {n: {"companies": c, "measures": {}} for n, c in (("甲", 10), ("乙", 8), ("丙", 8), ("丁", 5))}
    r = areas.ranks(peers)
    assert [r[n]["companies"] for n in ("甲", "乙", "丙", "丁")] == [1, 2, 2, 4]
    assert "companies" in r["乙"]["tied"] and "companies" in r["丙"]["tied"]
    assert "companies" not in r["甲"]["tied"] and "companies" not in r["丁"]["tied"]
    from giantreport.narrative.briefing import place
    assert place(r["乙"], "companies") == "并列第 2 位" and place(r["丁"], "companies") == "居第 4 位"
