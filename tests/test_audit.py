"""The reproduction audit: the bundled sample against the 2022 report's published figures, and the
audit's status logic on a hand-made yardstick.

Expected values are the literal numbers printed in the 2022 report (as transcribed in
data/published/figures.csv, whose ids are quoted beside each assertion), never the code's own output.
"""
from __future__ import annotations

import pandas as pd
import pytest

from giantreport import audit as A
from giantreport.pipeline import prepare, run_audit
from giantreport.published import Published


# ------------------------------------------------------------------ the bundled sample

@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """(audit result, summary) on the bundled data, computed with the default configuration.

    The working folder is an empty temporary one so that no giantreport.toml lying around (for instance
    one written by `giantreport init`) changes the configuration, and the statistics cache is a fresh
    temporary one, so the numbers are computed here and not read from the developer's ~/.cache.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path_factory.mktemp("audit-cwd"))
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("audit-cache")))
        result = run_audit(None, None, None, None)
        _, _, stats = prepare(None, None, None)
    return result, stats.summary


@pytest.fixture(scope="module")
def summary(bundled):
    return bundled[1]


def test_audit_match_count_does_not_regress(bundled):
    result, _ = bundled
    counts = result.counts()
    # `giantreport audit` on the bundled data: 737 checkable figures, all 737 within their published rounding
    # since the sample's named stars lead their industries (736 before that); any loss of a match fails here
    assert len(result.checked) >= 737
    assert result.matched >= 737
    assert counts.get(A.CONTRADICTED, 0) == 12          # the source contradicts itself 12 times
    assert counts.get(A.APPROX_OFF, 0) == 0             # every loose statement holds …
    assert counts.get(A.APPROX_OK, 0) >= 10             # … and there are at least 10 checked
    assert counts.get(A.BENCHMARK, 0) == 51             # outside inputs, not computed
    assert list(result.table.columns) == ["编号", "图表", "指标", "公布值", "复现值", "差值", "状态", "说明"]
    line = result.line()
    assert line.startswith("复现审计：可核对的公开数字") and f"其中 {result.matched} 个" in line


def test_audit_mismatches_are_listed_with_their_difference(bundled):
    result, _ = bundled
    off = result.table[result.table["状态"] == A.OFF]
    assert len(off) == len(result.checked) - result.matched
    # a figure off by more than its rounding says by how much (stars say 未在列 instead)
    for row in off.itertuples(index=False):
        assert row.复现值 == "未在列" or row.说明.startswith("偏差"), row


def _within(value, published, half_unit):
    """|value − published| ≤ half a unit of the last printed digit."""
    return abs(value - published) <= half_unit + 1e-12


def test_profile_figures_reproduce(summary):
    assert summary["companies"] == 9279                                       # summary.companies
    assert summary["batches"] == {"1": 248, "2": 1744, "3": 2930, "4": 4357}  # prose-1-1.batches.1–4
    assert _within(summary["employees_mean"], 252.25, 0.005)                 # fig-4-4.employees_mean
    assert summary["listed_count"] == 646                                    # summary.listed_count
    assert summary["financed_count"] == 3859                                 # fig-1-5.financed_count
    assert _within(summary["financed_share"] * 100, 41.6, 0.05)              # fig-1-5.financed_share (%)
    assert summary["boards"]["科创板"]["count"] == 205                         # fig-1-5.boards.科创板.count
    assert summary["boards"]["北交所"]["count"] == 29                          # fig-1-5.boards.北交所.count
    assert summary["boards"]["新三板"]["count"] == 1372                        # fig-1-5.boards.新三板.count


def test_patent_figures_reproduce(summary):
    assert _within(summary["applications_mean"], 104.43, 0.005)               # fig-2-1.applications_mean
    assert _within(summary["valid_inventions_mean"], 15.89, 0.005)            # fig-2-1.valid_inventions_mean
    assert _within(summary["invention_density_per_1000"], 62.99, 0.005)       # fig-2-3.invention_density_per_1000
    g = summary["applications_growth"]
    assert (g["from_year"], g["to_year"]) == (2020, 2021)
    assert _within(g["from_mean"], 15.19, 0.005)                              # fig-2-2.applications_growth.from_mean
    assert _within(g["to_mean"], 17.97, 0.005)                                # fig-2-2.applications_growth.to_mean
    assert _within(g["rate"] * 100, 18.3, 0.05)                               # fig-2-2.applications_growth.rate (%)
    assert _within(summary["pct_mean"], 1.27, 0.005)                          # fig-2-6.pct_mean
    # fig-2-6.pct_buckets.*: 8, 277, 1617 as printed. The printed 0-bucket, 7376, makes the four add to
    # 9278, one short of 9279 (marked contradicted); 7377 is what 9279 − 8 − 277 − 1617 leaves.
    assert summary["pct_buckets"] == {">100": 8, "10-100": 277, "1-9": 1617, "0": 7377}
    assert _within(summary["pct_bucket_shares"]["0"] * 100, 79.5, 0.05)       # fig-2-6.pct_bucket_shares.0 (%)


def test_industry_figures_reproduce(summary):
    ind = summary["industries"]
    assert ind["新材料"]["companies"] == 2156                                  # fig-3-1.industries.新材料.companies
    assert _within(ind["新材料"]["share"] * 100, 23.24, 0.005)                # fig-3-1.industries.新材料.share (%)
    assert ind["新一代信息技术"]["companies"] == 1881                           # fig-3-1.industries.新一代信息技术.companies
    assert ind["高端机械装备"]["companies"] == 1536                             # fig-3-1.industries.高端机械装备.companies
    assert sum(v["companies"] for v in ind.values()) == 9279


def test_region_figures_reproduce(summary):
    cr = summary["cr10"]
    assert _within(cr["province"]["cr10"] * 100, 68.1, 0.05)                 # prose-4-1.cr10.province.cr10 (%)
    assert cr["province"]["regions"] == 31                                   # prose-4-1.cr10.province.regions
    assert cr["city"]["regions"] == 300                                      # prose-4-1.cr10.city.regions
    assert cr["district"]["regions"] == 1461                                 # prose-4-1.cr10.district.regions
    assert summary["regions_over_100"] == {"province": 20, "city": 21, "district": 4}   # prose-4-1.regions_over_100.*


def test_province_sheet_figures_reproduce(summary):
    zj, js = summary["provinces"]["浙江省"], summary["provinces"]["江苏省"]
    assert zj["companies"] == 1079                                           # sheet-浙江省.provinces.浙江省.companies
    # radar values are printed as whole percents: ±0.5 pp
    assert _within(zj["radar"]["volume"] * 100, 89, 0.5)                      # sheet-浙江省 …radar.volume
    assert _within(zj["radar"]["quality"] * 100, 55, 0.5)                     # …radar.quality (default weights)
    assert _within(js["radar"]["volume"] * 100, 93, 0.5)                      # sheet-江苏省 …radar.volume
    assert js["companies"] == 714                                            # sheet-江苏省.provinces.江苏省.companies
    # highlights.csv: 江苏省, 1, 新材料, 182, 4204, 1
    assert js["highlights"][0] == {"industry": "新材料", "companies": 182, "valid_inventions": 4204, "rank": 1}
    # highlights.csv: 浙江省, 1, 高端机械装备, 299, 4287, 1
    assert zj["highlights"][0] == {"industry": "高端机械装备", "companies": 299, "valid_inventions": 4287, "rank": 1}


def test_published_stars_are_listed(summary):
    # stars.csv (table 3.1 / 3.3): published star companies
    assert "西安诺瓦星云科技股份有限公司" in summary["stars"]["新一代信息技术"]
    assert "北京八亿时空液晶科技股份有限公司" in summary["stars"]["新一代信息技术"]


# ------------------------------------------------------------------ the status logic, by hand

COLUMNS = ["id", "figure", "key", "label", "value", "unit", "decimals", "status", "source_line", "note"]


def _fig(rid, key, value, unit, decimals, status="ok", note=""):
    return [rid, rid.split(".")[0], key, rid, value, unit, decimals, status, 1, note]


HAND_FIGURES = [
    _fig("t.exact", "companies", "8", "家", 0),                               # 8 = 8
    _fig("t.rounded", "listed_share", "37.5", "%", 1),                         # 37.54 − 37.5 = 0.04 ≤ 0.05
    _fig("t.half", "applications_mean", "2.2", "件/家", 1),                     # 2.25 − 2.2 = 0.05 = half a unit
    _fig("t.off", "citations_mean", "2.2", "件/家", 1),                         # 2.26 − 2.2 = 0.06 > 0.05
    _fig("t.wan", "national.employees_total", "1.23", "万人", 2),               # 12345 → 1.2345; −1.23 = 0.0045 ≤ 0.005
    _fig("t.contra", "employees_mean", "252", "人", 0, "contradicted"),        # 250 ≠ 252, but the source disagrees with itself
    _fig("t.approx_in", "focus_share", "85", "%", 0, "approximate", "printed: 八成多; bounds: [85, 90]"),   # 87.5
    _fig("t.approx_out", "focus_share", "80", "%", 0, "approximate", "printed: 约八成; bounds: [75, 85]"),  # 87.5 > 85
    # 0.1 % on the open upper end of "不足 0.1%": not within
    _fig("t.approx_open", "pct_bucket_shares.>100", "0.1", "%", 1, "approximate", "printed: 不足0.1%; bounds: [0, 0.1)"),
    # 0.1 % on the closed upper end: within
    _fig("t.approx_closed", "pct_bucket_shares.>100", "0.1", "%", 1, "approximate", "printed: 0.1%左右; bounds: [0, 0.1]"),
    _fig("t.approx_inf", "companies", "5", "家", 0, "approximate", "printed: 5 家以上; bounds: [5, inf)"),   # 8 ≥ 5
    _fig("t.approx_nobounds", "companies", "8", "家", 0, "approximate", "printed: 约 8 家"),   # no bounds: cannot hold
    _fig("t.bench", "", "18.51", "件/千人", 2, "benchmark", "benchmark: ashare.invention_density_per_1000"),
    _fig("t.nokey", "", "8997", "家", 0, "ok", "no engine counterpart"),
    _fig("t.missing", "no_such_key", "1", "家", 0),
    _fig("t.date", "as_of", "2022-06-30", "date", float("nan")),
    _fig("t.date_off", "as_of", "2022-07-31", "date", float("nan")),
    _fig("t.date_contra", "as_of", "2022-07-31", "date", float("nan"), "contradicted"),
    # highlight rows in figures.csv only lend their status; they are checked through highlights.csv
    _fig("sheet-浙江省.highlight.1.national_rank", "", "1", "名", 0, "contradicted"),
]

HAND_SUMMARY = {
    "as_of": "2022-06-30",
    "companies": 8,
    "listed_share": 0.3754,
    "applications_mean": 2.25,
    "citations_mean": 2.26,
    "employees_mean": 250.0,
    "national": {"employees_total": 12345.0},
    "focus_share": 0.875,
    "pct_bucket_shares": {">100": 0.001},
    "provinces": {"浙江省": {"highlights": [{"industry": "新材料", "companies": 2, "valid_inventions": 1, "rank": 2}]}},
    "stars": {"新材料": ["丙公司", "甲公司"]},
}


@pytest.fixture(scope="module")
def hand():
    figures = pd.DataFrame(HAND_FIGURES, columns=COLUMNS)
    highlights = pd.DataFrame([["浙江省", 1, "新材料", 2, 3, 1],          # companies 2 = 2; total 1 ≠ 3; rank: contradicted
                               ["浙江省", 2, "新一代信息技术", 5, 9, 1]],  # not among the computed highlights
                              columns=["province", "position", "industry", "companies", "valid_inventions", "national_rank"])
    stars = pd.DataFrame([["新材料", "甲公司", "x", "杭州市", "浙江省", 3.1],
                          ["新材料", "乙公司", "x", "宁波市", "浙江省", 3.1]],
                         columns=["industry", "name", "industry_detail", "city", "province", "table"])
    result = A.audit(HAND_SUMMARY, Published(figures, highlights, stars))
    return result, result.table.set_index("编号")


def test_status_of_each_hand_made_figure(hand):
    _, t = hand
    assert t["状态"].to_dict() == {
        "t.exact": A.EXACT,
        "t.rounded": A.ROUNDED,
        "t.half": A.ROUNDED,
        "t.off": A.OFF,
        "t.wan": A.ROUNDED,
        "t.contra": A.CONTRADICTED,
        "t.approx_in": A.APPROX_OK,
        "t.approx_out": A.APPROX_OFF,
        "t.approx_open": A.APPROX_OFF,
        "t.approx_closed": A.APPROX_OK,
        "t.approx_inf": A.APPROX_OK,
        "t.approx_nobounds": A.APPROX_OFF,
        "t.bench": A.BENCHMARK,
        "t.nokey": A.NONE,
        "t.missing": A.NONE,
        "t.date": A.EXACT,
        "t.date_off": A.OFF,
        "t.date_contra": A.CONTRADICTED,
        "sheet-浙江省.highlight.1.companies#audit": A.EXACT,            # 2 = 2
        "sheet-浙江省.highlight.1.valid_inventions#audit": A.OFF,       # 1 ≠ 3
        "sheet-浙江省.highlight.1.national_rank#audit": A.CONTRADICTED,  # marked so in figures.csv
        "sheet-浙江省.highlight.2.companies#audit": A.OFF,              # 新一代信息技术 is not in the computed top 3
        "sheet-浙江省.highlight.2.valid_inventions#audit": A.OFF,
        "sheet-浙江省.highlight.2.national_rank#audit": A.OFF,
        "star.新材料.甲公司": A.EXACT,                                   # listed
        "star.新材料.乙公司": A.OFF,                                     # not listed
    }


def test_shown_values_and_differences(hand):
    _, t = hand
    assert t.loc["t.exact", "公布值"] == "8家"
    assert t.loc["t.exact", "复现值"] == "8.00"                 # printed decimals + 2
    assert t.loc["t.rounded", "复现值"] == "37.540"             # a fraction shown in percent
    assert float(t.loc["t.rounded", "差值"]) == pytest.approx(0.04)
    assert t.loc["t.wan", "复现值"] == "1.2345"                  # 12345 人 shown in 万人
    assert float(t.loc["t.off", "差值"]) == pytest.approx(0.06)
    assert t.loc["t.off", "说明"] == "偏差 +0.06"
    assert t.loc["t.rounded", "说明"] == ""
    assert t.loc["t.missing", "说明"] == "summary 中没有 no_such_key"
    assert t.loc["t.date", "公布值"] == "2022-06-30" and t.loc["t.date", "复现值"] == "2022-06-30"
    assert t.loc["sheet-浙江省.highlight.1.valid_inventions#audit", "差值"] == "-2"     # 1 − 3
    assert t.loc["sheet-浙江省.highlight.2.companies#audit", "复现值"] == "（未入前三）"
    assert t.loc["star.新材料.甲公司", "复现值"] == "在列" and t.loc["star.新材料.乙公司", "复现值"] == "未在列"


def test_counts_only_exact_figures_with_a_counterpart(hand):
    result, _ = hand
    # checked = exact, rounded and off rows: t.exact t.rounded t.half t.off t.wan t.date t.date_off,
    # highlight companies (1) + valid (1) + the three of position 2, and the two stars → 14; matched 7
    # (t.exact t.rounded t.half t.wan t.date, highlight 1 companies, star 甲公司)
    assert len(result.checked) == 14
    assert result.matched == 7
    c = result.counts()
    assert (c[A.EXACT], c[A.ROUNDED], c[A.OFF]) == (4, 3, 7)
    assert (c[A.CONTRADICTED], c[A.APPROX_OK], c[A.APPROX_OFF], c[A.BENCHMARK], c[A.NONE]) == (3, 3, 3, 1, 2)
    assert result.line() == ("复现审计：可核对的公开数字 14 个，其中 7 个在公布精度内一致（一致 4，舍入范围内 3，偏差 7）；"
                             "来源自相矛盾 3 个，近似表述 6 个（相符 3），外部基准 1 个。")


def test_printed_units():
    assert A.printed_units(0.375, "%") == pytest.approx(37.5)
    assert A.printed_units(151672, "万件") == pytest.approx(15.1672)
    assert A.printed_units(104.43, "件/家") == 104.43
    assert A.resolve({"a": {"b": [10, 20]}}, "a.b.1") == 20
    assert A.resolve({"a": {"b": [10, 20]}}, "a.b.2") is None
    assert A.resolve({"a": {}}, "a.c") is None
