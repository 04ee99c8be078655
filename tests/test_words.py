"""The one words module (giantreport.words) and the declared column kinds (giantreport.stats.columns):
each formatter against cases worked out by hand from docs/style.md."""
from __future__ import annotations

import datetime as dt

import pytest

from giantreport import words as W
from giantreport.render.html import format_cell, header
from giantreport.runtime import source_date
from giantreport.stats import columns as C
from giantreport.stats.measures import batch_keys


@pytest.mark.parametrize("x, text", [(9279, "9,279"), (1234567, "1,234,567"), (12.6, "13"), (None, "—"),
                                     (float("nan"), "—")])
def test_counts_whole_and_grouped(x, text):
    assert W.fmt_int(x) == text


@pytest.mark.parametrize("x, text", [(0.4344, "43.4%"), (0.0096, "1.0%"), (0.00037, "0.037%"), (0.00049, "0.049%"),
                                     (0.00075, "0.1%"), (0, "0.0%"), (1, "100.0%"), (None, "—")])
def test_shares_one_decimal_two_significant_digits_below_005_percent(x, text):
    # §5: one decimal; a share that would print as 0.0% keeps two significant digits
    assert W.fmt_pct(x) == text


def test_whole_percents_for_radar_scores():
    assert W.fmt_pct(0.8899, 0) == "89%" and W.fmt_pct(0, 0) == "0%"


@pytest.mark.parametrize("x, text", [(6.4, "6.40"), (83.7, "83.70"), (254, "254.00"), (12345.678, "12,345.68")])
def test_means_two_decimals(x, text):
    assert W.fmt_mean(x) == text


def test_percentage_points_and_multiples():
    assert W.fmt_pp(0.023) == "2.3 个百分点" and W.fmt_pp(-0.04) == "4.0 个百分点"
    # §5: one decimal, whole from 20, two decimals below 1
    assert [W.times_text(r) for r in (2.48, 9.5, 19.96, 20.0, 124.6, 0.5)] == ["2.5", "9.5", "20.0", "20", "125", "0.50"]


def test_units_after_each_number():
    assert W.count(9279) == "9,279 家" and W.count(28, "件") == "28 件"
    assert W.mean(6.4) == "6.40 件" and W.mean(252.4, "人", 0) == "252 人" and W.mean(175.64, "次") == "175.64 次"


def test_ranges_wave_dash_unit_once():
    assert W.span("1", "9", " 件") == "1～9 件" and W.span("41.9%", "43.5%") == "41.9%～43.5%"
    assert W.span("13.0", "13.0", " 年") == "13.0 年"          # the same text twice: one value


def test_ranks():
    assert W.rank(1) == "全国第 1 位" and W.rank(12, "") == "第 12 位" and W.rank(None) == ""
    assert [W.top_n(n) for n in (2, 3, 10, 12)] == ["前两位", "前三位", "前十位", "前 12 位"]


@pytest.mark.parametrize("when", ["2022-06-30", dt.date(2022, 6, 30), dt.datetime(2022, 6, 30, 23, 59)])
def test_one_date_style(when):
    assert W.cn_date(when) == "2022 年 6 月 30 日"


def test_dates_missing_or_not_iso():
    assert W.cn_date(None) == "" and W.cn_date("") == "" and W.cn_date("六月") == "六月"


@pytest.mark.parametrize("n, text", [(0, "零"), (1, "一"), (2, "二"), (10, "十"), (12, "十二"), (20, "二十"),
                                     (35, "三十五"), (100, "100")])
def test_chinese_numerals(n, text):
    assert W.cn_number(n) == text


def test_one_count_word_for_prose_and_charts():
    # GB/T 15835: small counts in words (两 before a measure word), from 10 in digits
    assert [W.cn_count(n) + "批" for n in (2, 4, 9)] == ["两批", "四批", "九批"]
    assert W.tidy(W.cn_count(12) + "批") == "12 批" and W.tidy(W.cn_count(16) + "个") == "16 个"


def test_batch_names():
    assert W.batch_name(3) == W.batch_name("3") == "第三批" and W.batch_name(12) == "第十二批"
    assert W.batches_word(["1", "2", "3", "4"]) == "四批" and W.batches_word([3]) == "第三批"
    assert W.batches_word(range(1, 13)) == "12 批"
    assert W.earlier_name(4) == "前三批" and W.earlier_name(2) == "第一批" and W.earlier_name(3) == "前两批"
    assert W.earlier_name(4, {"batches": {"3": 10, "4": 20}}) == "第三批"
    assert W.earlier_name(5, {"batches": {"3": 1, "4": 1, "5": 1}}) == "第三批和第四批"


def test_lists():
    assert W.join_cn(["甲", "乙", "丙"]) == "甲、乙和丙" and W.join_cn(["甲", "", "乙"], "、") == "甲、乙"
    assert W.join_cn([]) == ""


@pytest.mark.parametrize("x, text", [(0.416, "约四成"), (0.795, "近八成"), (0.8, "八成"), (0.177, "近两成"), (0.165, "约两成"),
                                     (0.75, "七成半"), (0.07, "不足一成"), (0.95, "九成以上"), (1.0, "全部")])
def test_tenths(x, text):
    assert W.cheng(x) == text


def test_tidy_spacing_and_signs_leaves_markup():
    from markupsafe import Markup
    assert W.tidy("截至2022年6月30日共 9279 家") == "截至 2022 年 6 月 30 日共 9,279 家"
    assert W.tidy("1–9件") == "1～9 件" and W.tidy("WIND") == "Wind" and W.tidy("第3") == "第 3 位"
    assert W.tidy(Markup("<b>9279家</b>")) == Markup("<b>9279家</b>")


def test_cells_by_kind():
    # each kind as style.md §5–§7 prints it
    assert [W.fmt_kind(k, v) for k, v in [("count", 174.0), ("share", 0.0552), ("mean", 254), ("median", 17.0),
                                          ("median", 18.5), ("score", 0.87349), ("rank", 3), ("batch", 2),
                                          ("number", 9279.0), ("number", 63.6), (None, 15.1672)]] == \
        ["174", "5.5%", "254.00", "17.0", "18.5", "0.873", "第 3 位", "第二批", "9,279", "63.60", "15.17"]
    assert W.fmt_kind("count", None) == "—"


def test_columns_declared_once_by_key():
    assert C.label("companies") == "企业数量" and C.label("batch_companies", batch=3) == "第3批"
    assert C.label("applications_in_year_mean", year=2021) == "2021年平均公开专利申请量"
    assert C.kind_of("第3批") == "count" and C.kind_of("第12批占比") == "share"
    assert C.kind_of("其中小巨人") == "count" and C.kind_of("成立年限中位数（年）") == "median"
    assert C.kind_of("状态") is None                       # the audit's columns are not statistics' columns
    assert C.header_of("企业数量") == "企业数量（家）" and C.header_of("发明专利密度（件/千人）") == "发明专利密度（件/千人）"


def test_html_cells_and_headers_use_the_declared_kind():
    # a count is whole whatever its size (was 174.00 / 24.00 when guessed from the title)
    assert format_cell("其中小巨人", 174) == ("174", True) and format_cell("第4批", 603) == ("603", True)
    assert format_cell("批次", 1) == ("第一批", False) and format_cell("批次", "总计") == ("总计", False)
    assert format_cell("小巨人为上市企业的比例", 0.168) == ("16.8%", True)
    assert format_cell("平均员工数量", None) == ("—", True)
    assert header("第4批") == "第 4 批（家）" and header("其中小巨人") == "其中“小巨人”（家）"
    assert header("平均员工数量") == "平均员工数量（人）"


def test_batch_keys_one_function(tmp_path):
    import pandas as pd
    assert batch_keys(pd.DataFrame({"batch": [3, 1, 2, 1]})) == [1, 2, 3]
    assert batch_keys({"batches": {"10": 5, "2": 3, "1": 4}}) == ["1", "2", "10"]
    assert batch_keys({}) == []


def test_source_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_date() == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    for bad in ("", "soon"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", bad)
        assert source_date() is None
