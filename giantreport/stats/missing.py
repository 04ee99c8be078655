"""What the statistics cannot say when an input is missing.

The loader records the inputs a data folder lacks (``Dataset.missing``: a column absent or empty
in every row, or no patent data at all). Inside the engine an absent column has a neutral value
so that nothing else breaks; here every number that depends on it becomes null (None in
summary.json, an empty cell or no table at all in the CSV/XLSX), so that no chart, table or
sentence shows 100% 其他, 0 listed or 0.00 件 for data that was never there.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import definition as D

_BATCHED = ("", "_by_batch.*")


def _keys(*names: str, batched: bool = True) -> tuple[str, ...]:
    """Summary paths of a measure: overall, per batch, and in the newest-batch comparison."""
    out: list[str] = []
    for name in names:
        out += [name + suffix for suffix in (_BATCHED if batched else ("",))]
        out += [f"newest_batch.newest.{name}", f"newest_batch.earlier.{name}", f"provinces.*.measures.{name}"]
    return tuple(out)


@dataclass(frozen=True)
class Effect:
    """`tables` and `columns` name statistics tables of giantreport.definition (tests check they exist)."""
    label: str                            # the input, in the user's words
    affects: str                          # which figures and tables, for the note
    summary: tuple[str, ...] = ()         # dotted paths set to None ('*' = every key at that level)
    tables: tuple[str, ...] = ()          # tables left out entirely
    columns: tuple[tuple[str, str], ...] = ()   # (table, column) emptied


_TECH = ("applications_mean", "valid_inventions_mean", "invention_applications_mean", "invention_grants_mean",
         "applications_growth", "invention_density_per_1000", "invention_application_share",
         "invention_grant_rate", "citations_mean", "licenses_mean", "transfers_mean", "pct_mean", "pct_share")

EFFECTS: dict[str, Effect] = {
    "industry": Effect(
        "产业领域", "图 3.1–3.3、表 3.1–3.8（各领域明星企业）和省份速览中的亮点产业领域",
        ("industries", "industry_groups", "industries_by_batch", "focus_share", "focus_share_by_batch", "stars",
         "provinces.*.highlights", "provinces.*.industries", "provinces.*.stars", "newest_batch.newest.focus_share", "newest_batch.earlier.focus_share",
         "ashare_focus_share", "newest_batch.newest.industry_shares", "newest_batch.earlier.industry_shares"),
        ("fig-3-1", "fig-3-2", "fig-3-3", *D.star_table_keys())),
    "listing": Effect(
        "上市板块", "图 1.4 的上市企业数与占比、图 1.5、图 1.6",
        _keys("listed_count", "listed_share") + ("boards", "boards_by_batch"),
        ("fig-1-5", "fig-1-6"), (("fig-1-4", "上市企业数"), ("fig-1-4", "上市企业占比"))),
    "financed": Effect(
        "一级市场融资", "图 1.4 的一级市场融资企业数与占比",
        _keys("financed_count", "financed_share"),
        (), (("fig-1-4", "一级市场融资企业数"), ("fig-1-4", "一级市场融资企业占比"))),
    "employees": Effect(
        "参保人数", "图 1.2 的平均员工规模、图 1.3 的就业规模、图 2.3 发明专利密度、表 4.1 与图 4.4 的员工数和密度",
        _keys("employees_mean", "employees_total", "employees_known", "invention_density_per_1000")
        + ("national.employees_total", "national.employment_share", "national.employment_ratio",
           "national_by_batch.*.employees_total", "national_by_batch.*.employment_share",
           "national_by_batch.*.employment_ratio",
           "provinces.*.employees_mean", "provinces.*.invention_density_per_1000",
           "provinces.*.density_ratio_to_national"),
        ("fig-2-3",),
        (("fig-1-2", "平均员工规模（人）"), ("fig-4-4", "平均员工数量"), ("table-4-1", "平均员工数量"),
         ("table-4-1", "发明专利密度（件/千人）"))),
    "founded": Effect(
        "成立日期", "图 1.2 的成立年限中位数",
        _keys("founded_years_median"), (), (("fig-1-2", "成立年限中位数（年）"),)),
    "city": Effect(
        "城市", "图 4.2（城市分布）",
        ("cr10.city", "regions_over_100.city", "cities"), ("fig-4-2",)),
    "district": Effect(
        "区县", "图 4.3（区县分布）",
        ("cr10.district", "regions_over_100.district", "districts"), ("fig-4-3",)),
    "patents": Effect(
        "专利数据", "第二章全部图表、图 3.3、表 3.1–3.8、图 4.4、表 4.1 的专利指标和省份科创雷达",
        _keys(*_TECH) + ("pct_buckets", "pct_bucket_shares", "pct_buckets_by_batch", "stars",
                         "national.granted_inventions_share", "national.granted_inventions_total",
                         "national.granted_inventions_ratio", "national_by_batch.*.granted_inventions_share",
                         "national_by_batch.*.granted_inventions_total",
                         "national_by_batch.*.granted_inventions_ratio",
                         "industries.*.valid_inventions_mean", "industries.*.ratio_to_ashare",
                         "provinces.*.valid_inventions_mean", "provinces.*.invention_density_per_1000",
                         "provinces.*.density_ratio_to_national", "provinces.*.radar", "provinces.*.highlights",
                         "provinces.*.valid_inventions_total", "provinces.*.stars"),
        ("fig-2-1", "fig-2-2", "fig-2-3", "fig-2-4", "fig-2-5", "fig-2-6", "fig-2-6b", "fig-3-3", *D.star_table_keys()),
        (("fig-4-4", "平均有效发明专利量"), ("table-4-1", "平均有效发明专利量"),
         ("table-4-1", "发明专利密度（件/千人）"))),
}
EFFECTS["yearly_applications"] = Effect(
    "分年度专利申请量", "图 2.2（专利申请量增长）", _keys("applications_growth"), ("fig-2-2",))
# a patent metric the data cannot give: from a companies file with some totals but not others,
# or a patents file without the column (no 许可次数 column: licences unknown, not 0)
_METRICS = {
    "applications": ("专利申请量", "图 2.1、图 2.4 的专利申请量与比率", ("applications_mean", "invention_application_share", "pct_share"),
                     ("fig-2-1", "专利申请总量（件/家）"), ("fig-2-4", "专利申请总量（件/家）"),
                     ("fig-2-4", "发明专利申请占比"), ("fig-2-6", "PCT专利占全部专利申请比重")),
    "invention_applications": ("发明专利申请量", "图 2.4 的发明专利申请量、申请占比与授权率",
                               ("invention_applications_mean", "invention_application_share", "invention_grant_rate"),
                               ("fig-2-4", "发明专利申请总量（件/家）"), ("fig-2-4", "发明专利申请占比"),
                               ("fig-2-4", "发明专利授权率")),
    "invention_grants": ("发明专利授权量", "图 2.4 的发明专利授权量与授权率",
                         ("invention_grants_mean", "invention_grant_rate"),
                         ("fig-2-4", "发明专利授权量（件/家）"), ("fig-2-4", "发明专利授权率")),
    "valid_inventions": ("有效发明专利量", "图 2.1 的有效发明专利量、图 2.3 发明专利密度",
                         ("valid_inventions_mean", "invention_density_per_1000"),
                         ("fig-2-1", "平均有效发明专利量（件/家）"), ("fig-2-3", "发明专利密度（件/千人）")),
    "citations": ("专利被引用次数", "图 2.5 的平均专利被引次数", ("citations_mean",), ("fig-2-5", "平均专利被引次数")),
    "licenses": ("专利许可次数", "图 2.5 的平均专利对外许可次数", ("licenses_mean",), ("fig-2-5", "平均专利对外许可次数")),
    "transfers": ("专利转让次数", "图 2.5 的平均专利对外转让次数", ("transfers_mean",), ("fig-2-5", "平均专利对外转让次数")),
    "pct_applications": ("PCT 申请", "图 2.6 的 PCT 专利申请量与占比", ("pct_mean", "pct_share", "pct_buckets",
                                                                  "pct_bucket_shares", "pct_buckets_by_batch"),
                         ("fig-2-6", "平均PCT专利申请量（件/家）"), ("fig-2-6", "PCT专利占全部专利申请比重")),
}
for _metric, (_label, _affects, _names, *_columns) in _METRICS.items():
    EFFECTS[_metric] = Effect(_label, _affects, _keys(*_names), ("fig-2-6b",) if _metric == "pct_applications" else (),
                              tuple(_columns))


def notes(missing: frozenset[str] | set[str]) -> list[str]:
    """One sentence per missing input: what is missing and which figures and tables it leaves out."""
    out = []
    for name in EFFECTS:
        if name in missing and name != "patents":     # the loader words the no-patent case itself
            e = EFFECTS[name]
            out.append(f"数据中没有“{e.label}”，以下内容从略（统计结果中为空值）：{e.affects}")
    return out


def apply(missing: frozenset[str] | set[str], summary: dict, tables: dict[str, pd.DataFrame]) -> None:
    """Null, in place, every summary value and table that depends on a missing input
    (a table left out stays as a key holding None)."""
    for name in missing:
        effect = EFFECTS.get(name)
        if effect is None:
            continue
        for path in effect.summary:
            _null(summary, path.split("."))
        for key in effect.tables:
            if key in tables:
                tables[key] = None
        for key, column in effect.columns:
            if tables.get(key) is not None and column in tables[key].columns:
                table = tables[key].assign(**{column: pd.NA}).astype({column: "Float64"})
                values = table.columns[1:]          # the first column labels the rows
                tables[key] = None if table[values].isna().all().all() else table


def _null(node: dict, parts: list[str]) -> None:
    if not isinstance(node, dict) or not parts:
        return
    head, rest = parts[0], parts[1:]
    keys = list(node) if head == "*" else [head]
    for key in keys:
        if key not in node:
            continue
        if rest:
            _null(node[key], rest)
        else:
            node[key] = None
