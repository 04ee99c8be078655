"""Column parsers (giantreport/data/parse.py): each returns (values, mask of bad rows).

Inputs are literal strings as they come out of a CSV (pandas' ``str`` dtype) or literal
Python objects as they come out of an XLSX (object dtype); expected values are written out.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from giantreport.data import parse


def S(*values) -> pd.Series:
    """A CSV-like text column."""
    return pd.Series(list(values), dtype="str")


def O(*values) -> pd.Series:
    """An XLSX-like object column."""
    return pd.Series(list(values), dtype=object)


def dates(*texts) -> list:
    return [pd.Timestamp(t) if t else None for t in texts]


def as_list(values: pd.Series) -> list:
    return [None if v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else v for v in values.tolist()]


# ---------------------------------------------------------------- as_text

def test_as_text_trims_and_empties_missing():
    assert parse.as_text(S(" a ", "", "b\t")).tolist() == ["a", "", "b"]
    assert parse.as_text(O(" a ", None, np.nan, 3)).tolist() == ["a", "", "", "3"]


def test_as_text_excel_whole_floats_lose_the_point_zero():
    assert parse.as_text(pd.Series([12.0, 3.5, np.nan])).tolist() == ["12", "3.5", ""]
    assert parse.as_text(pd.Series([1, 2], dtype="int64")).tolist() == ["1", "2"]


# ---------------------------------------------------------------- int

def test_int_accepts_plain_thousands_and_excel_forms():
    values, bad = parse.parse_int(S("0", "12", "1,234", " 7 ", "5.0", "1e3", ""))
    assert as_list(values) == [0, 12, 1234, 7, 5, 1000, None]
    assert not bad.any()


def test_full_width_digits_typed_in_a_chinese_ime_are_numbers():
    values, bad = parse.parse_int(S("１２", "１，２３４", "　７　", "５．０"))
    assert as_list(values) == [12, 1234, 7, 5] and not bad.any()
    values, bad = parse.parse_date(S("２０２１－０３－０５", "２０２１／３／５", "２０２１年３月５日"))
    assert as_list(values) == dates("2021-03-05", "2021-03-05", "2021-03-05") and not bad.any()
    values, bad = parse.parse_date_or_year(S("２００８"))
    assert as_list(values) == dates("2008-01-01") and not bad.any()
    values, bad = parse.parse_batch(S("第４批", "３"))
    assert as_list(values) == [4, 3] and not bad.any()
    values, bad = parse.parse_int(S("１２ａ", "－１"))
    assert bad.tolist() == [True, True]


@pytest.mark.parametrize("text", ["-1", "3.5", "abc", "1.5万", "inf", "1e400", "99999999999999999999", "nan"])
def test_int_rejects(text):
    values, bad = parse.parse_int(S("1", text))
    assert bad.tolist() == [False, True]
    assert as_list(values) == [1, None]


def test_int_from_typed_columns():
    values, bad = parse.parse_int(pd.Series([5, -1, 0], dtype="int64"))
    assert as_list(values) == [5, None, 0] and bad.tolist() == [False, True, False]
    values, bad = parse.parse_int(O(3, 4.0, "7", None, -2))
    assert as_list(values) == [3, 4, 7, None, None] and bad.tolist() == [False, False, False, False, True]


# ---------------------------------------------------------------- dates

def test_date_formats_analysts_write():
    values, bad = parse.parse_date(S("2021-03-05", "2021/3/5", "2021.3.5", "20210305", "2021年3月5日",
                                     "2021-3-5", "2021-03-05 00:00:00", ""))
    assert as_list(values) == dates(*["2021-03-05"] * 7, None)
    assert not bad.any()


@pytest.mark.parametrize("text", ["2021-02-30", "2021-13-01", "abc", "05/03/2021", "4400", "2021年13月", "123456"])
def test_date_rejects(text):
    values, bad = parse.parse_date(S("2021-01-01", text))
    assert bad.tolist() == [False, True]
    assert values.isna().tolist() == [False, True]


def test_date_from_excel_cells():
    values, bad = parse.parse_date(O(dt.datetime(2021, 3, 5), "2021/3/5", None, dt.date(2020, 1, 2)))
    assert as_list(values) == dates("2021-03-05", "2021-03-05", None, "2020-01-02")
    assert not bad.any()


def test_date_or_year_takes_a_bare_year_as_1_january():
    values, bad = parse.parse_date_or_year(S("2008", "2008-05-20", "2008/5/20", ""))
    assert as_list(values) == dates("2008-01-01", "2008-05-20", "2008-05-20", None)
    assert not bad.any()


def test_months_years_and_excel_serials_as_ministry_lists_write_them():
    # serial 43831 is 2020-01-01 (Excel shows it so); 44000 is 169 days later: Jan 31 + Feb 29 + Mar 31
    # + Apr 30 + May 31 = 152 days to 1 June, + 17 → 2020-06-18
    values, bad = parse.parse_date(S("2001年3月", "2001-03", "2001.3", "2001年", "2001 年 3 月 5 日", "44000",
                                     "2021-03-05 00:00:00"))
    assert as_list(values) == dates("2001-03-01", "2001-03-01", "2001-03-01", "2001-01-01", "2001-03-05",
                                    "2020-06-18", "2021-03-05")
    assert not bad.any()
    values, bad = parse.parse_date(O(44000, 44000.0, dt.datetime(2021, 3, 5)))
    assert as_list(values) == dates("2020-06-18", "2020-06-18", "2021-03-05") and not bad.any()
    assert parse.partial_dates(S("2001年3月", "2001-03", "2001", "2001-03-05", "")) == (2, 1)


@pytest.mark.parametrize("cell", ["-", "—", "/", "无", "暂无", "不详", "N/A", "  -  "])
def test_unknown_markers_are_empty_cells(cell):
    values, bad = parse.parse_int(S("12", cell))
    assert as_list(values) == [12, None] and not bad.any()
    values, bad = parse.parse_date(S(cell))
    assert as_list(values) == [None] and not bad.any()


@pytest.mark.parametrize("text", ["1700", "2101", "08", "二〇〇八", "1750-01-01"])
def test_date_or_year_rejects(text):
    values, bad = parse.parse_date_or_year(S("2008", text))
    assert bad.tolist() == [False, True]
    assert values.isna().tolist() == [False, True]


# ---------------------------------------------------------------- batch

def test_batch_numbers_and_chinese_ordinals():
    values, bad = parse.parse_batch(S("1", "2", "第一批", "第二批", "第三批", "第四批", "第1批", "第十批",
                                      "第十二批", "二十一", "1.0", ""))
    assert as_list(values) == [1, 2, 1, 2, 3, 4, 1, 10, 12, 21, 1, None]
    assert not bad.any()


@pytest.mark.parametrize("text", ["0", "第零批", "-1", "a", "1.5", "第一"+"百批"])
def test_batch_rejects(text):
    values, bad = parse.parse_batch(S("1", text))
    assert bad.tolist() == [False, True]
    assert as_list(values) == [1, None]


# ---------------------------------------------------------------- bool

def test_bool_words():
    values, bad = parse.parse_bool(S("是", "否", "true", "FALSE", "1", "0", "Yes", "no", "有", "无", ""))
    assert values.tolist() == [True, False, True, False, True, False, True, False, True, False, False]
    assert not bad.any()


@pytest.mark.parametrize("text", ["maybe", "2", "对", "√"])
def test_bool_rejects(text):
    assert parse.parse_bool(S("是", text))[1].tolist() == [False, True]


def test_bool_typed_column():
    values, bad = parse.parse_bool(pd.Series([True, False]))
    assert values.tolist() == [True, False] and not bad.any()


# ---------------------------------------------------------------- listing

def test_listing_separators_aliases_and_report_order():
    values, bad = parse.parse_listing(S("港交所;主板", "创业板、科创板", "科创板；北交所", "主板，新交所",
                                        "科创版", "北京证券交易所", "新三板", "无", "未上市", ""))
    assert values.tolist() == ["主板;港交所", "创业板;科创板", "科创板;北交所", "主板;新交所",
                               "科创板", "北交所", "新三板", "", "", ""]
    assert not bad.any()


@pytest.mark.parametrize("text", ["纳斯达克", "主板;纳斯达克", "A股"])
def test_listing_rejects(text):
    values, bad = parse.parse_listing(S("主板", text))
    assert bad.tolist() == [False, True]
    assert values.tolist() == ["主板", ""]


# ---------------------------------------------------------------- choices

def test_industry_folds_into_the_report_fields():
    values, bad = parse.parse_industry(S("电力装备", "农机装备", "高档数控机床和机器人", "其他领域", "新材料",
                                         "海洋工程装备", "生物医药与高性能医疗器械", ""))
    assert values.tolist() == ["高端机械装备", "高端机械装备", "高端机械装备", "其他", "新材料",
                               "海洋工程装备及高技术船舶", "生物医药及高性能医疗器械", ""]
    assert not bad.any()


@pytest.mark.parametrize("industry", ["新材料", "新一代信息技术", "高端机械装备", "节能与新能源汽车",
                                      "生物医药及高性能医疗器械", "航空航天装备", "海洋工程装备及高技术船舶",
                                      "先进轨道交通装备", "其他"])
def test_each_report_industry_is_accepted(industry):
    values, bad = parse.parse_industry(S(industry))
    assert values.tolist() == [industry] and not bad.any()


def test_industry_rejects():
    values, bad = parse.parse_industry(S("新材料", "食品"))
    assert bad.tolist() == [False, True] and values.tolist() == ["新材料", ""]


def test_patent_type_and_aliases():
    values, bad = parse.parse_patent_type(S("发明", "实用新型", "外观设计", "发明专利", "发明授权", "外观", "专利"))
    assert values.tolist() == ["发明", "实用新型", "外观设计", "发明", "发明", "外观设计", ""]
    assert bad.tolist() == [False] * 6 + [True]


def test_legal_status_and_aliases():
    values, bad = parse.parse_legal_status(S("有效", "失效", "审中", "授权", "在审", "实质审查", "无效", "未知", ""))
    assert values.tolist() == ["有效", "失效", "审中", "有效", "审中", "审中", "失效", "", ""]
    assert bad.tolist() == [False] * 7 + [True, False]


# ---------------------------------------------------------------- large columns: distinct values parsed once

@pytest.mark.parametrize("name, pool, args", [
    ("parse_int", ["1", "", "-3", "2.5", "1,000", "x", " 4 "], ()),
    ("parse_date", ["2021-03-05", "2021/3/5", "", "2021-02-30", "20200101", "abc"], ()),
    ("parse_date_or_year", ["2008", "1700", "2008-05-20", "", "x"], ()),
    ("parse_bool", ["是", "否", "", "maybe", "TRUE"], ()),
    ("parse_industry", ["新材料", "电力装备", "", "食品"], ()),
    ("parse_patent_type", ["发明", "外观", "专利", ""], ()),
    ("parse_legal_status", ["有效", "在审", "未知", ""], ()),
])
def test_large_columns_parse_as_small_ones(name, pool, args):
    rng = np.random.default_rng(1)
    n = 20_000
    column = pd.Series(np.array(pool, dtype=object)[rng.integers(0, len(pool), n)], dtype="str",
                       index=pd.RangeIndex(5, 5 + n))      # an index that is not 0…n-1
    fast_values, fast_bad = getattr(parse, name)(column, *args)
    # the same column through the parser without the distinct-values shortcut
    parser = getattr(parse, name)
    while hasattr(parser, "__wrapped__"):
        parser = parser.__wrapped__
    slow_values, slow_bad = parser(column, *args)
    assert fast_bad.index.equals(column.index) and fast_values.index.equals(column.index)
    assert fast_bad.tolist() == slow_bad.tolist()
    assert as_list(fast_values) == as_list(slow_values)
    assert fast_bad.any() and not fast_bad.all()


def test_industry_short_forms_of_one_field():
    # 生物医药 and 新能源汽车 are parts of exactly one field's name; 材料 (2 characters) and 高端装备制造
    # (the 战略性新兴产业 category, none of the ten fields) mean no one field and stay errors
    import pandas as pd
    from giantreport.data.parse import parse_industry
    values, bad = parse_industry(pd.Series(["生物医药", "新能源汽车", "材料", "高端装备制造", "新材料产业"], dtype="string"))
    assert list(values) == ["生物医药及高性能医疗器械", "节能与新能源汽车", "", "", "新材料"]
    assert list(bad) == [False, False, True, True, False]
