"""Vectorised parsers for one column: each returns (parsed values, mask of bad rows).

Empty cells are never 'bad' here; whether a column may be empty is the loader's rule.
"""
from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from .schema import (BOARDS, CHINESE_DIGITS, FALSE_WORDS, INDUSTRIES, INDUSTRY_FOLDS, KEY_INDUSTRIES,
                     LEGAL_STATUSES, LISTING_SEPARATORS, PATENT_TYPES, REVIEW_STATUSES, TRUE_WORDS)


_UNIQUE_MIN_ROWS = 5_000   # from this length, parse each distinct value once (1M patents: ~10k distinct dates)


def per_unique(parser):
    """Run ``parser`` on the distinct values of a text column and spread the result back.

    Same values and bad-row mask as the parser on the whole column; on a million-row
    column with few distinct values (dates, types, counts) it is many times faster.
    """
    @functools.wraps(parser)
    def wrapped(s: pd.Series, *args, **kwargs):
        # text columns only: in an object column (XLSX) 1, 1.0 and True are one key to factorize
        if len(s) < _UNIQUE_MIN_ROWS or not isinstance(s.dtype, pd.StringDtype):
            return parser(s, *args, **kwargs)
        codes, uniques = pd.factorize(s, use_na_sentinel=False)
        if len(uniques) * 2 > len(s):
            return parser(s, *args, **kwargs)
        values, bad = parser(pd.Series(uniques, dtype=s.dtype), *args, **kwargs)
        values = values.take(codes).set_axis(s.index)
        bad = bad.take(codes).set_axis(s.index)
        return values, bad
    return wrapped


# cells that say "unknown" in Chinese lists and database exports: read as empty
UNKNOWN_MARKERS = ("-", "--", "—", "——", "/", "无", "暂无", "不详", "N/A", "n/a", "NA", "#N/A", "null", "NULL")


def as_text(s: pd.Series, markers: bool = True) -> pd.Series:
    """Strings, trimmed; missing and unknown markers (-, —, /, 无, 暂无, 不详, N/A) → ''.
    Numbers that Excel stored as 12.0 become '12'. ``markers=False``: keys (申请号, 企业ID), where
    a marker is no answer to read and a million-row look-up costs 0.1 s."""
    out = _as_text(s)
    if markers and (out.dtype == object or isinstance(out.dtype, pd.StringDtype)):
        marked = out.isin(UNKNOWN_MARKERS)
        if marked.any():
            out = out.where(~marked, "")
    return out


def _as_text(s: pd.Series) -> pd.Series:
    if pd.api.types.is_float_dtype(s):
        whole = s.notna() & (s == np.floor(s)) & (s.abs() < 2**63)    # inf / 1e300: no Int64 form, kept as float text
        out = s.astype(object).where(~whole, s[whole].astype("Int64").astype(str) if whole.any() else s)
        return out.where(s.notna(), "").astype(str).str.strip()
    if pd.api.types.is_integer_dtype(s):
        out = s.astype(str)
        return out.fillna("") if s.hasnans else out       # a nullable Int64 <NA> is missing too
    if isinstance(s.dtype, pd.StringDtype):      # CSV columns: stay in the (Arrow) string dtype, no object round trip
        return s.fillna("").str.strip()
    out = s.astype(object).where(s.notna(), "")
    return out.astype(str).str.strip()


_HALF_WIDTH = str.maketrans("０１２３４５６７８９．－／，：　", "0123456789.-/,: ")


def number_text(s: pd.Series) -> pd.Series:
    """as_text for numbers and dates: full-width digits and marks typed in a Chinese IME (１２，２０２１／３／５)
    read as their ASCII forms. Names and other text columns keep their characters."""
    return as_text(s).str.translate(_HALF_WIDTH).str.strip()


def blank(s: pd.Series) -> pd.Series:
    """Cells that are missing or only spaces (an unknown marker such as 无 is not blank)."""
    if _typed(s):
        return s.isna()
    return _as_text(s) == ""


def _typed(s: pd.Series) -> bool:
    """Numbers, booleans, dates or durations (Parquet, typed frames): a cell is either missing or a value."""
    dtype = s.dtype
    return (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
            or pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype))


def empty(s: pd.Series) -> pd.Series:
    """Cells that are missing or blank text."""
    if _typed(s):    # as_text never gives '' for a present typed value; skip formatting 1M dates as text
        return s.isna()
    return as_text(s) == ""


_MAX_INT = 2**53


def parse_present(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """True where the cell holds anything (a PCT application number means a PCT filing)."""
    return as_text(s) != "", pd.Series(False, index=s.index)


@per_unique
def parse_int(s: pd.Series, minimum: int = 0) -> tuple[pd.Series, pd.Series]:
    """Non-negative integers (Int64, NA where empty)."""
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu":
        # Parquet / typed int64 column: no cell can be empty or fractional, only out of range.
        # Same rule and values as below (the comparison runs on the float64 form, as there).
        num = s.to_numpy(dtype=np.float64)
        bad = (num < minimum) | (np.abs(num) > _MAX_INT)
        out = pd.arrays.IntegerArray(np.where(bad, 0, num).astype(np.int64), bad.copy())
        return pd.Series(out, index=s.index, name=s.name), pd.Series(bad, index=s.index, name=s.name)
    if pd.api.types.is_integer_dtype(s):
        num = s.astype("Float64")
    else:
        text = number_text(s).str.replace(",", "", regex=False)
        num = pd.to_numeric(text.where(text != "", None), errors="coerce").astype("Float64")
        unparsable = num.isna() & (text != "")
        num = num.mask(unparsable)
    was_empty = empty(s) if not pd.api.types.is_integer_dtype(s) else s.isna()
    # beyond 2**53 a float is no exact integer; inf/1e400 would silently become -2**63 in Int64
    bad = (~was_empty) & (num.isna() | (num < minimum) | (num != num.round()) | (num.abs() > _MAX_INT))
    out = num.where(~bad).round().astype("Int64")
    return out, bad.fillna(True).astype(bool)


_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
YEAR_ONLY = r"\d{4}年?"
MONTH_ONLY = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*月?"
EXCEL_EPOCH = pd.Timestamp("1899-12-30")          # Excel's day 0 (its 1900 leap-year bug included)
EXCEL_SERIALS = (10_000, 99_999)                  # 1927-05-18 … 2173-10-14: five-digit serial numbers


def partial_dates(s: pd.Series) -> tuple[int, int]:
    """How many cells give only a month (2001年3月, 2001-03) and only a year (2001): read as the first
    day of that month / 1 January, which the loader says once in a note. Each distinct cell is
    matched once (a million patent dates hold a few thousand distinct values)."""
    if _typed(s):
        return 0, 0
    codes, uniques = pd.factorize(s, use_na_sentinel=False)
    text = number_text(pd.Series(uniques, dtype=s.dtype if isinstance(s.dtype, pd.StringDtype) else object))
    counts = np.bincount(codes, minlength=len(uniques))
    months = int(counts[text.str.fullmatch(MONTH_ONLY).to_numpy(bool)].sum())
    years = int(counts[text.str.fullmatch(YEAR_ONLY).to_numpy(bool)].sum())
    return months, years


@per_unique
def parse_date(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates written 2021-03-05, 2021/3/5, 2021.3.5, 20210305 or 2021年3月5日; Excel dates as they come."""
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s.astype("datetime64[ns]") if s.dt.tz is None else s.dt.tz_localize(None)
        return out, pd.Series(False, index=s.index)
    text = number_text(s)
    out = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    todo = out.isna() & (text != "")
    if todo.any():
        # Excel via object dtype: datetime objects
        obj = s[todo]
        is_dt = obj.map(lambda v: hasattr(v, "year") and hasattr(v, "month"))
        if is_dt.any():
            out.loc[is_dt[is_dt].index] = pd.to_datetime(obj[is_dt], errors="coerce")
        todo = out.isna() & (text != "")
    if todo.any():
        # Excel serial numbers: a number cell of an XLSX date column, or five digits in a CSV
        serial = pd.to_numeric(text[todo].where(text[todo].str.fullmatch(r"\d{5}(\.0+)?"), None), errors="coerce")
        serial = serial[(serial >= EXCEL_SERIALS[0]) & (serial <= EXCEL_SERIALS[1])]
        if len(serial):
            out.loc[serial.index] = EXCEL_EPOCH + pd.to_timedelta(serial.astype("int64"), unit="D")
        todo = out.isna() & (text != "")
    if todo.any():
        t = (text[todo].str.replace(r"\s*([-/.年月日])\s*", r"\1", regex=True).str.replace(r"[/.年月]", "-", regex=True)
             .str.replace("日", "", regex=False).str.strip("-"))
        t = t.str.replace(r"^(\d{4})$", r"\1-01-01", regex=True)              # a year: 1 January
        t = t.str.replace(r"^(\d{4})-(\d{1,2})$", r"\1-\2-01", regex=True)   # a month: its first day
        t = t.str.replace(r"^(\d{4})-(\d{1,2})-(\d{1,2})", _pad, regex=True)
        for fmt in _DATE_FORMATS:
            parsed = pd.to_datetime(t, format=fmt, errors="coerce")
            out.loc[parsed.dropna().index] = parsed.dropna()
            t = t[parsed.isna()]
            if t.empty:
                break
    out = out.mask(out.notna() & ((out.dt.year < 1800) | (out.dt.year > 2100)))    # 4400, 1234-05-06: no date
    bad = out.isna() & (text != "")
    return out, bad


def _pad(m) -> str:
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


@per_unique
def parse_date_or_year(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A date, a month (its first day) or a bare year (1 January), within 1800–2100."""
    dates, bad = parse_date(s)
    implausible = dates.notna() & ((dates.dt.year < 1800) | (dates.dt.year > 2100))
    return dates.mask(implausible), bad | implausible


def parse_batch(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """1, 2, … or 第一批, 第二批 … (also 第1批)."""
    text = number_text(s).str.replace(" ", "", regex=False)
    uniques = {v: _batch_value(v) for v in text.unique()}
    out = text.map(uniques).astype("Int64")
    bad = out.isna() & (text != "")
    return out, bad


def _batch_value(text: str) -> int | None:
    t = re.sub(r"^\d{4}(年度?|(?=第))", "", text)          # 2023年第五批, 2023第五批: the year is not the batch
    t = t.removeprefix("第").removesuffix("次").removesuffix("批")
    if t.endswith(".0"):
        t = t[:-2]
    if t.isdigit():
        n = int(t)
    elif t and all(ch in CHINESE_DIGITS for ch in t):
        n = _chinese_number(t)
    else:
        return None
    return n if n and n >= 1 else None


def _chinese_number(t: str) -> int | None:
    if t == "十":
        return 10
    if t.startswith("十"):
        return 10 + CHINESE_DIGITS.get(t[1:], 0) if len(t) == 2 else None
    if len(t) == 1:
        return CHINESE_DIGITS[t]
    if len(t) == 2 and t[1] == "十":
        return CHINESE_DIGITS[t[0]] * 10
    if len(t) == 3 and t[1] == "十":
        return CHINESE_DIGITS[t[0]] * 10 + CHINESE_DIGITS[t[2]]
    return None


@per_unique
def parse_bool(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """是/否, true/false, 1/0, yes/no (and 已融资/未融资, a financing round such as A轮 or 天使轮); empty → False."""
    if pd.api.types.is_bool_dtype(s):
        return s.fillna(False).astype(bool), pd.Series(False, index=s.index)
    text = as_text(s).str.casefold()
    out = text.isin(TRUE_WORDS) | (text.str.endswith("轮") & (text.str.len() <= 8)) | text.isin(ROUND_WORDS)
    bad = ~(out | text.isin(FALSE_WORDS))
    return out, bad


ROUND_WORDS = frozenset({"战略融资", "战略投资", "天使投资", "ipo"})

_BOARD_ALIASES = {
    "A股主板": "主板", "沪深主板": "主板", "科创版": "科创板", "北京证券交易所": "北交所", "北证": "北交所",
    "香港联交所": "港交所", "香港交易所": "港交所", "港股": "港交所", "H股": "港交所", "香港主板": "港交所",
    "新加坡交易所": "新交所", "新加坡证券交易所": "新交所", "新三板挂牌": "新三板", "全国股转系统": "新三板",
    "中小板": "主板", "中小企业板": "主板",
}
# an exchange written before its board: 上交所科创板, 深市创业板, 上海证券交易所主板
_EXCHANGE_PREFIX = re.compile(r"^(上海证券交易所|深圳证券交易所|上交所|深交所|沪市|深市|沪深|上证|深证|A股)")
NOT_LISTED = frozenset({"", "无", "否", "未上市", "暂无", "非上市", "未上市企业"})
# a cell that names an exchange or "A股" but no board: which board is meant cannot be known
AMBIGUOUS_LISTING = {"A股": "主板、创业板、科创板、北交所", "上市": "主板、创业板、科创板、北交所、港交所、新交所",
                     "已上市": "主板、创业板、科创板、北交所、港交所、新交所",
                     "上交所": "主板、科创板", "沪市": "主板、科创板", "上海证券交易所": "主板、科创板",
                     "深交所": "主板、创业板", "深市": "主板、创业板", "深圳证券交易所": "主板、创业板"}


def parse_listing(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Zero or more boards separated by ; or 、 → canonical 'board;board' (report order)."""
    text = as_text(s)
    mapping = {v: _listing_value(v) for v in text.unique()}
    out = text.map(lambda v: mapping[v] if mapping[v] is not None else "")
    bad = text.map(lambda v: mapping[v] is None)
    return out, bad.astype(bool)


def ambiguous_listing(value: str) -> str | None:
    """The boards a bare "A股" or exchange name could mean, for the error message; None otherwise."""
    tokens = [t.strip() for t in LISTING_SEPARATORS.split(value) if t.strip()]
    for t in tokens:
        if t in AMBIGUOUS_LISTING:
            return AMBIGUOUS_LISTING[t]
    return None


def _board(token: str) -> str:
    t = re.sub(r"[(（][^)）]*[)）]", "", token)            # 科创板（688123）: the stock code is not the board
    t = _BOARD_ALIASES.get(t, t)
    if t in BOARDS or t in AMBIGUOUS_LISTING:
        return t
    stripped = _EXCHANGE_PREFIX.sub("", t)
    return _BOARD_ALIASES.get(stripped, stripped) if stripped else t


def _listing_value(text: str) -> str | None:
    if text in NOT_LISTED:
        return ""
    tokens = [t.strip() for t in LISTING_SEPARATORS.split(text) if t.strip()]
    boards = {_board(t) for t in tokens}
    if not boards <= set(BOARDS):
        return None
    return ";".join(b for b in BOARDS if b in boards)


def parse_choice(s: pd.Series, allowed: tuple[str, ...], aliases: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    if isinstance(s.dtype, pd.StringDtype) and len(s) >= _UNIQUE_MIN_ROWS:
        # a clean text column (Parquet, a tidy CSV): every cell already canonical or empty,
        # so the parse below would give the column back unchanged, and no bad cell
        uniques = s.unique()
        if len(uniques) <= len(allowed) + 1 and not pd.isna(uniques).any() and \
                all(v == "" or (v in allowed and aliases.get(v, v) == v) for v in uniques):
            return s.copy(), pd.Series(False, index=s.index)
    return _parse_choice(s, allowed, aliases)


@per_unique
def _parse_choice(s: pd.Series, allowed: tuple[str, ...], aliases: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    text = as_text(s)
    out = text.map(lambda v: aliases.get(v, v))
    bad = (~out.isin(allowed)) & (out != "")
    return out.where(~bad, ""), bad


# 中国制造2025's ten key fields as the ministry's lists write them (…产业, 其他领域)
INDUSTRY_ALIASES = {**INDUSTRY_FOLDS, "海洋工程装备": "海洋工程装备及高技术船舶",
                    "生物医药与高性能医疗器械": "生物医药及高性能医疗器械",
                    "新一代信息技术产业": "新一代信息技术", "农业机械装备": "高端机械装备",
                    "高档数控机床和机器人产业": "高端机械装备", "高档数控机床与机器人": "高端机械装备",
                    "新材料产业": "新材料", "电力装备产业": "高端机械装备", "航空航天": "航空航天装备",
                    "先进轨道交通": "先进轨道交通装备", "节能与新能源汽车产业": "节能与新能源汽车",
                    "生物医药及高性能医疗器械产业": "生物医药及高性能医疗器械", "其它": "其他", "其它领域": "其他"}
# every field also as "…产业" (航空航天装备产业, 农机装备产业 …)
INDUSTRY_ALIASES.update({f"{name}产业": INDUSTRY_ALIASES.get(name, name)
                         for name in (*INDUSTRIES, *INDUSTRY_FOLDS) if f"{name}产业" not in INDUSTRY_ALIASES})
PATENT_TYPE_ALIASES = {"发明专利": "发明", "发明申请": "发明", "发明授权": "发明", "授权发明": "发明",
                       "发明公开": "发明", "实用新型专利": "实用新型", "实用新型授权": "实用新型",
                       "外观": "外观设计", "外观设计专利": "外观设计", "外观设计授权": "外观设计"}
# legal statuses as patent databases write them
LEGAL_STATUS_ALIASES = {
    "授权": "有效", "维持": "有效", "部分有效": "有效", "有效专利": "有效", "权利维持": "有效", "专利权维持": "有效",
    "失效": "失效", "无效": "失效", "驳回": "失效", "撤回": "失效", "视为撤回": "失效", "放弃": "失效",
    "期限届满": "失效", "届满": "失效", "未缴年费": "失效", "避重放弃": "失效", "全部无效": "失效",
    "失效专利": "失效", "权利终止": "失效", "专利权终止": "失效",
    "审中": "审中", "实质审查": "审中", "在审": "审中", "公开": "审中", "等待实审": "审中", "审查中": "审中",
    "实审": "审中",
}


#: A written name that is a part of exactly one key field's name, this long or longer, means that field
#: (生物医药 → 生物医药及高性能医疗器械, 新能源汽车 → 节能与新能源汽车); shorter parts (材料) mean nothing.
INDUSTRY_PART_MIN = 4


def industries_meant(value: str, aliases: dict[str, str] | None = None) -> list[str]:
    """The key fields a written name can mean: itself, its alias, or the one field whose name contains it
    (the rule of the lists and of `giantreport briefing NAME` alike; data/regions.py); several when ambiguous."""
    aliases = INDUSTRY_ALIASES if aliases is None else aliases
    value = aliases.get(value, value)
    if value in INDUSTRIES:
        return [value]
    return [n for n in KEY_INDUSTRIES if len(value) >= INDUSTRY_PART_MIN and value in n]


def parse_industry(s):
    """Key fields as lists write them: names, aliases (…产业, 其它) and the unambiguous parts (industries_meant)."""
    aliases = {v: meant[0] for v in as_text(s).unique() if len(meant := industries_meant(v)) == 1}
    return parse_choice(s, INDUSTRIES, aliases)


def parse_patent_type(s):
    return parse_choice(s, PATENT_TYPES, PATENT_TYPE_ALIASES)


def parse_legal_status(s):
    return parse_choice(s, LEGAL_STATUSES, LEGAL_STATUS_ALIASES)


# 复核 results as the ministry's notices write them; an empty cell is a company not (yet) reviewed: listed
REVIEW_ALIASES = {"复核通过": "通过", "已通过": "通过", "保留": "通过",
                  "复核未通过": "未通过", "不通过": "未通过", "未通过复核": "未通过",
                  "已撤销": "撤销", "撤销资格": "撤销", "取消资格": "撤销", "被撤销": "撤销"}


def parse_review(s):
    return parse_choice(s, REVIEW_STATUSES, REVIEW_ALIASES)
