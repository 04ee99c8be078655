"""The columns of the statistics' display tables (fig-*, table-*, province-*), declared once.

Each column has an internal key, the label it carries in the CSV/XLSX files (and, in the house
style with its unit, in the HTML tables), its kind and its unit. The table builders name their
columns with :func:`label`, the charts read them with :func:`label`, and the HTML table formatter
prints a cell by its column's declared kind (:func:`kind_of`), never by words in the title.

Kinds (docs/style.md §5–§7):

* ``text``   — names, as they are;
* ``batch``  — a batch number, printed as its name (1 → 第一批); other text ("总计") as it is;
* ``count``  — whole companies, patents …: "9,279";
* ``share``  — a share or rate in [0, 1] (also a ratio shown as a percent): "23.2%";
* ``mean``   — a mean per company or per 1,000 staff, two decimals: "6.40";
* ``median`` — a median of whole years, one decimal (an integer or .5): "18.5", "17.0";
* ``score``  — a composite score in [0, 1], three decimals: "0.873";
* ``rank``   — a place: "第 3 位";
* ``number`` — a column holding several units (one per row, named in the row): whole numbers grouped,
  others two decimals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

KINDS = ("text", "batch", "count", "share", "mean", "median", "score", "rank", "number")


@dataclass(frozen=True)
class Column:
    key: str
    label: str          # may hold {batch} or {year}: one column per batch or per year
    kind: str
    unit: str = ""      # printed in the HTML header when the label names none


_DECLARED = (
    # row labels
    Column("batch", "批次", "batch"),
    Column("measure", "指标", "text"),
    Column("board", "板块", "text"),
    Column("industry", "产业领域", "text"),
    Column("province", "省份", "text"),
    Column("city", "城市", "text"),
    Column("district", "区县", "text"),
    Column("pct_group", "PCT专利申请量分组（件）", "text"),
    # counts
    Column("companies", "企业数量", "count", "家"),
    Column("companies_cumulative", "累计企业数量", "count", "家"),
    Column("company_count", "企业数", "count", "家"),
    Column("listed_count", "上市企业数", "count", "家"),
    Column("financed_count", "一级市场融资企业数", "count", "家"),
    Column("board_size", "板块上市企业数", "count", "家"),
    Column("board_giants", "其中小巨人", "count", "家"),
    Column("batch_companies", "第{batch}批", "count", "家"),
    Column("total_companies", "总计", "count", "家"),
    # shares and rates
    Column("listed_share", "上市企业占比", "share"),
    Column("financed_share", "一级市场融资企业占比", "share"),
    Column("board_share", "占全部小巨人比重", "share"),
    Column("giant_share_of_board", "小巨人占比", "share"),
    Column("national_share", "小巨人占全国比重", "share"),
    Column("applications_growth_rate", "专利申请增速", "share"),
    Column("invention_application_share", "发明专利申请占比", "share"),
    Column("invention_grant_rate", "发明专利授权率", "share"),
    Column("pct_share", "PCT专利占全部专利申请比重", "share"),
    Column("share", "占比", "share"),
    Column("industry_share", "企业数量占比", "share"),
    Column("ashare_industry_share", "A股上市企业数量占比", "share"),
    Column("batch_industry_share", "第{batch}批占比", "share"),
    Column("ratio_to_ashare", "小巨人为上市企业的比例", "share"),
    # means (per company, per 1,000 staff)
    Column("employees_mean_fig", "平均员工规模（人）", "mean"),
    Column("employees_mean", "平均员工数量", "mean", "人"),
    Column("applications_mean", "平均累计专利申请量（件/家）", "mean"),
    Column("valid_inventions_mean", "平均有效发明专利量（件/家）", "mean"),
    Column("valid_inventions_mean_province", "平均有效发明专利量", "mean", "件/家"),
    Column("applications_in_year_mean", "{year}年平均公开专利申请量", "mean", "件/家"),
    Column("invention_density", "发明专利密度（件/千人）", "mean"),
    Column("applications_total_mean", "专利申请总量（件/家）", "mean"),
    Column("invention_applications_mean", "发明专利申请总量（件/家）", "mean"),
    Column("invention_grants_mean", "发明专利授权量（件/家）", "mean"),
    Column("citations_mean", "平均专利被引次数", "mean", "次/家"),
    Column("licenses_mean", "平均专利对外许可次数", "mean", "次/家"),
    Column("transfers_mean", "平均专利对外转让次数", "mean", "次/家"),
    Column("pct_mean", "平均PCT专利申请量（件/家）", "mean"),
    Column("giants_valid_inventions_mean", "小巨人平均有效发明专利量", "mean", "件/家"),
    Column("ashare_valid_inventions_mean", "A股上市企业平均有效发明专利量", "mean", "件/家"),
    # other
    Column("founded_years_median", "成立年限中位数（年）", "median"),
    Column("giants_value", "小巨人", "number"),
    Column("national_value", "全国", "number"),
    # star companies (tables 3.1–3.8)
    Column("star_rank", "排名", "rank"),
    Column("company_name", "企业名称", "text"),
    Column("industry_detail", "具体产业类别", "text"),
    Column("company_city", "所在城市", "text"),
    Column("company_province", "所在省份", "text"),
    Column("star_score", "综合得分", "score"),
    # province sheets (province-<name>)
    Column("sheet_item", "项目", "text"),
    Column("sheet_dimension", "维度/产业领域", "text"),
    Column("sheet_value", "数值", "number"),
    Column("national_rank", "全国排名", "rank"),
    # city and industry sheets (city-<name>, industry-<name>; stats/briefs.py)
    Column("parent_value", "所在省份数值", "number"),
    Column("province_rank", "省内排名", "rank"),
)
COLUMNS: dict[str, Column] = {c.key: c for c in _DECLARED}
assert len(COLUMNS) == len(_DECLARED), "a column key declared twice"
assert all(c.kind in KINDS for c in _DECLARED)


def label(key: str, **fields) -> str:
    """The label of a declared column: label("companies") → "企业数量"; label("batch_companies", batch=3)
    → "第3批"; label("applications_in_year_mean", year=2021) → "2021年平均公开专利申请量"."""
    return COLUMNS[key].label.format(**fields)


@cache
def _patterns() -> tuple[tuple[re.Pattern, Column], ...]:
    out = []
    for c in _DECLARED:
        if "{" in c.label:
            pattern = re.escape(c.label).replace(r"\{batch\}", r"\d+").replace(r"\{year\}", r"\d{4}")
            out.append((re.compile(pattern), c))
    return tuple(out)


@cache
def _by_label() -> dict[str, Column]:
    return {c.label: c for c in _DECLARED if "{" not in c.label}


def column_of(name: str) -> Column | None:
    """The declared column a table's column label belongs to (None for a column not declared here,
    such as the audit's)."""
    found = _by_label().get(str(name))
    if found is not None:
        return found
    for pattern, c in _patterns():
        if pattern.fullmatch(str(name)):
            return c
    return None


def kind_of(name: str) -> str | None:
    c = column_of(name)
    return None if c is None else c.kind


def header_of(name: str) -> str:
    """A column label as a table header prints it: with its declared unit when the label names none."""
    c = column_of(name)
    if c is None:
        return str(name)
    return f"{name}（{c.unit}）" if c.unit and "（" not in str(name) else str(name)


#: The sheets' columns (province-*.csv, city-*.csv, industry-*.csv) that hold counts beside measures or
#: ranks beside gaps: a float column by type, whose whole numbers are printed as counts (see mixed_values).
MIXED_VALUE_KEYS = ("sheet_value", "parent_value", "national_value", "national_rank", "province_rank", "companies")


def mixed_values(series: pd.Series) -> pd.Series:
    """A value column holding counts and measures side by side, as a file prints it: whole numbers as
    int (1079, not 1079.0), the others as they are, missing as None (an object column; for writing
    only: the statistics keep the float column, which the cache stores exactly)."""
    return pd.Series([None if v is None or (isinstance(v, float) and v != v) else
                      int(v) if isinstance(v, float) and v.is_integer() else v for v in series.tolist()],
                     index=series.index, dtype=object, name=series.name)
