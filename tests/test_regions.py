"""Reference tables of China's administrative divisions and the region normaliser."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from giantreport.data import regions


# ---------------------------------------------------------------- tables

def test_31_provinces_with_codes():
    prov = regions.provinces()
    assert len(prov) == 31
    assert list(prov.columns) == ["code", "name", "short", "kind"]
    assert prov["code"].is_unique and prov["name"].is_unique and prov["short"].is_unique
    codes = dict(zip(prov["name"], prov["code"]))
    assert codes["北京市"] == "110000"
    assert codes["浙江省"] == "330000"
    assert codes["广西壮族自治区"] == "450000"
    assert codes["西藏自治区"] == "540000"
    assert codes["新疆维吾尔自治区"] == "650000"
    assert prov["code"].str.fullmatch(r"[1-6]\d0000").all()
    assert prov["kind"].value_counts().to_dict() == {"省": 22, "直辖市": 4, "自治区": 5}
    assert regions.province_names() == list(prov.sort_values("code")["name"])
    assert regions.province_names()[0] == "北京市" and regions.province_names()[-1] == "新疆维吾尔自治区"


def test_cities_table():
    city = regions.cities()
    assert list(city.columns) == ["code", "name", "short", "province"]
    assert 330 <= len(city) <= 340
    assert city["code"].is_unique and city["name"].is_unique
    assert city["code"].str.fullmatch(r"\d{6}").all()
    # every city's code starts with its province's two digits
    prov_code = dict(zip(regions.provinces()["name"], regions.provinces()["code"]))
    assert (city["code"].str[:2] == city["province"].map(prov_code).str[:2]).all()
    assert set(city["province"]) == set(regions.province_names())
    shorts = city["short"][city["short"] != ""]
    assert shorts.is_unique
    known = dict(zip(city["name"], city["code"]))
    assert known["杭州市"] == "330100"
    assert known["深圳市"] == "440300"
    assert known["延边朝鲜族自治州"] == "222400"
    for muni in ("北京市", "天津市", "上海市", "重庆市"):
        assert muni in known
    # prefecture-level divisions proper (without the four 直辖市)
    assert len(city) - 4 == 333


def test_plan_cities_table():
    plan = regions.plan_cities()
    assert dict(zip(plan["name"], plan["province"])) == {
        "大连市": "辽宁省", "宁波市": "浙江省", "厦门市": "福建省", "青岛市": "山东省", "深圳市": "广东省"}


# ---------------------------------------------------------------- single values

@pytest.mark.parametrize("value, expected", [
    ("浙江", "浙江省"),
    ("浙江省", "浙江省"),
    ("广西", "广西壮族自治区"),
    ("内蒙古", "内蒙古自治区"),
    ("新疆", "新疆维吾尔自治区"),
    ("西藏", "西藏自治区"),
    ("北京", "北京市"),
    ("  北京市 ", "北京市"),
    ("北\u3000京", "北京市"),          # full-width space inside
    ("\u3000浙江省\u3000", "浙江省"),   # full-width spaces around
    ("\u2f62肃", "甘肃省"),             # Kangxi radical ⽢ (PDF extraction) for 甘
])
def test_resolve_province(value, expected):
    assert regions.resolve_province(value) == (expected, None)


@pytest.mark.parametrize("city, province", [
    ("大连", "辽宁省"), ("宁波", "浙江省"), ("厦门", "福建省"), ("青岛", "山东省"), ("深圳", "广东省")])
def test_plan_cities_fold(city, province):
    for form in (city, city + "市", f" {city}市 "):
        assert regions.resolve_province(form) == (province, city + "市")


def test_unknown_province():
    assert regions.resolve_province("火星") == (None, None)
    assert regions.resolve_province("") == (None, None)
    assert regions.resolve_province(None) == (None, None)
    assert regions.resolve_province("苏州") == (None, None)      # a city, not a province


def test_resolve_city():
    assert regions.resolve_city("宁波") == "宁波市"
    assert regions.resolve_city("宁波市") == "宁波市"
    assert regions.resolve_city("延边") == "延边朝鲜族自治州"
    assert regions.resolve_city("延边州") == "延边朝鲜族自治州"
    assert regions.resolve_city("北京") == "北京市"
    assert regions.resolve_city("阿里") == "阿里地区"
    assert regions.resolve_city("锡林郭勒") == "锡林郭勒盟"
    assert regions.resolve_city("ｓｈｅｎｚｈｅｎ") is None
    assert regions.resolve_city("火星市") is None
    assert regions.resolve_city("宁波", province="浙江") == "宁波市"


def test_city_province():
    assert regions.city_province("宁波市") == "浙江省"
    assert regions.city_province("延边") == "吉林省"
    assert regions.city_province("重庆市") == "重庆市"
    assert regions.city_province("火星市") is None


def test_close_matches():
    names = regions.province_names()
    assert regions.close_matches("浙将", names)[0] == "浙江省"
    guangzhou = regions.close_matches("广州省", names)
    assert "广东省" in guangzhou and "广西壮族自治区" in guangzhou
    assert len(guangzhou) <= 3
    assert regions.close_matches("xyz", names) == []
    assert regions.close_matches("", names) == []


# ---------------------------------------------------------------- frames

def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "province": ["浙江", "宁波", " 广西 ", "内蒙古", "青岛市", "北京", "浙将", "江苏", "", "上海"],
        "city":     ["杭州", "",     "南宁",   None,     "",       "北京", "杭州", "宁波", "", "浦东新区 "],
        "district": [" 西湖区", "海曙区", "", None, "", "海淀区", "", "", "", ""],
    })


def test_normalise_regions_values():
    out, problems = regions.normalise_regions(_frame())
    assert out["province"].tolist() == [
        "浙江省", "浙江省", "广西壮族自治区", "内蒙古自治区", "山东省", "北京市", "浙将", "江苏省", "", "上海市"]
    assert out["city"].tolist()[:3] == ["杭州市", "宁波市", "南宁市"]
    assert pd.isna(out["city"].iloc[3])                 # empty stays empty
    assert out["city"].iloc[4] == "青岛市"              # filled from the province column
    assert out["city"].iloc[5] == "北京市"
    assert out["city"].iloc[9] == "浦东新区"            # unknown city: kept, trimmed, no problem
    assert out["district"].iloc[0] == "西湖区"
    assert [p[:2] for p in problems] == [(6, "province"), (7, "city")]


def test_unknown_province_problem_text():
    _, problems = regions.normalise_regions(_frame())
    index, column, value, expected = problems[0]
    assert (index, column, value) == (6, "province", "浙将")
    assert expected.startswith("31 个省级行政区之一（全称或简称，如 浙江 / 浙江省）")
    assert "是否想写：浙江省" in expected


def test_city_as_province_suggests_its_province():
    _, problems = regions.normalise_regions(pd.DataFrame({"province": ["广州省"]}))
    assert "是否想写：广东省" in problems[0][3]


def test_mismatched_city_problem():
    _, problems = regions.normalise_regions(_frame())
    assert problems[1] == (7, "city", "宁波", "城市“宁波”属于浙江省，与省份“江苏省”不一致")


def test_problems_use_index_labels():
    frame = _frame()
    frame.index = range(100, 110)
    _, problems = regions.normalise_regions(frame)
    assert [p[0] for p in problems] == [106, 107]


def test_city_column_added_for_plan_city():
    out, problems = regions.normalise_regions(pd.DataFrame({"province": ["宁波市", "浙江"]}))
    assert out["province"].tolist() == ["浙江省", "浙江省"]
    assert out["city"].tolist() == ["宁波市", ""]
    assert problems == []


def test_input_not_modified():
    frame = _frame()
    before = frame.copy()
    regions.normalise_regions(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_idempotent():
    once, problems_once = regions.normalise_regions(_frame())
    twice, problems_twice = regions.normalise_regions(once)
    pd.testing.assert_frame_equal(once, twice)
    assert [p[:2] for p in problems_once] == [p[:2] for p in problems_twice]


def test_province_column_required():
    with pytest.raises(KeyError):
        regions.normalise_regions(pd.DataFrame({"city": ["宁波"]}))


def test_fast_on_10000_rows():
    rng = np.random.default_rng(7)
    city = regions.cities()
    pick = rng.integers(0, len(city), 10_000)
    provinces = city["province"].to_numpy()[pick].copy()
    short = dict(zip(regions.provinces()["name"], regions.provinces()["short"]))
    provinces[::3] = [short[p] for p in provinces[::3]]
    provinces[::97] = "浙将"
    frame = pd.DataFrame({"province": provinces,
                          "city": city["short"].to_numpy()[pick],
                          "district": rng.choice(["", " 某区 "], 10_000)})
    regions.normalise_regions(frame.head(10))          # tables loaded outside the timing
    best = min(_timed(frame) for _ in range(3))
    assert best < 0.1, f"{best:.3f} s"


def _timed(frame: pd.DataFrame) -> float:
    start = time.perf_counter()
    out, problems = regions.normalise_regions(frame)
    elapsed = time.perf_counter() - start
    assert len(out) == len(frame) and len(problems) == len(range(0, 10_000, 97))
    return elapsed
