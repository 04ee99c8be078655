"""Chapter 3: industry distribution, change by batch, technology scale against A-share, star companies."""
from __future__ import annotations

import pandas as pd

from ..data.schema import INDUSTRIES, KEY_INDUSTRIES
from .measures import batch_keys, by_batch, mean, ratio
from . import columns as C


def industries(df: pd.DataFrame, benchmarks: dict) -> dict[str, dict]:
    ashare = benchmarks.get("industries", {}) or {}
    out = {}
    for name in INDUSTRIES:
        g = df[df["industry"] == name]
        ref = ashare.get(name, {}) or {}
        valid_mean = mean(g["valid_inventions"])
        ref_mean = ref.get("valid_inventions_mean")
        out[name] = {
            "companies": int(len(g)),
            "share": ratio(len(g), len(df)),
            "valid_inventions_mean": valid_mean,
            "ashare_share": ref.get("share"),
            "ashare_valid_inventions_mean": ref_mean,
            "ratio_to_ashare": ratio(valid_mean, ref_mean) if (ref_mean and valid_mean is not None) else None,
        }
    return out


def industry_groups(df: pd.DataFrame, benchmarks: dict) -> dict[str, dict]:
    """Groups such as 高端装备制造 (fig 3.1), as defined in benchmarks."""
    out = {}
    for name, spec in (benchmarks.get("industry_groups", {}) or {}).items():
        members = [m for m in str(spec.get("members", "")).split(";") if m]
        count = int(df["industry"].isin(members).sum())
        out[name] = {"members": members, "companies": count, "share": ratio(count, len(df)),
                     "ashare_share": spec.get("share")}
    return out


def industries_by_batch(df: pd.DataFrame) -> dict[str, dict]:
    return by_batch(df, lambda g: {name: {"companies": int((g["industry"] == name).sum()),
                                          "share": ratio((g["industry"] == name).sum(), len(g))}
                                   for name in INDUSTRIES})


def focus_share(g: pd.DataFrame) -> float | None:
    return ratio(g["industry"].isin(KEY_INDUSTRIES).sum(), len(g))


def fig_3_1_industries(ind: dict, groups: dict) -> pd.DataFrame:
    rows = [{C.label("industry"): n, C.label("companies"): s["companies"], C.label("industry_share"): s["share"], C.label("ashare_industry_share"): s["ashare_share"]}
            for n, s in ind.items()]
    rows += [{C.label("industry"): n + "（合计）", C.label("companies"): s["companies"], C.label("industry_share"): s["share"],
              C.label("ashare_industry_share"): s["ashare_share"]} for n, s in groups.items()]
    return pd.DataFrame(rows)


def fig_3_2_by_batch(df: pd.DataFrame, per_batch: dict) -> pd.DataFrame:
    rows = []
    for name in INDUSTRIES:
        row = {C.label("industry"): name}
        for b in per_batch:
            row[C.label("batch_industry_share", batch=b)] = per_batch[b][name]["share"]
        rows.append(row)
    focus = {C.label("industry"): "十大重点产业领域合计"}
    for b in batch_keys(df):
        focus[C.label("batch_industry_share", batch=b)] = focus_share(df[df["batch"] == b])
    rows.append(focus)
    return pd.DataFrame(rows)


def fig_3_3_scale(ind: dict, overall_mean: float | None, ashare_mean: float | None) -> pd.DataFrame:
    rows = [{C.label("industry"): n, C.label("giants_valid_inventions_mean"): s["valid_inventions_mean"],
             C.label("ashare_valid_inventions_mean"): s["ashare_valid_inventions_mean"], C.label("ratio_to_ashare"): s["ratio_to_ashare"]}
            for n, s in ind.items() if n in KEY_INDUSTRIES]
    rows.append({C.label("industry"): "平均值", C.label("giants_valid_inventions_mean"): overall_mean,
                 C.label("ashare_valid_inventions_mean"): ashare_mean,
                 C.label("ratio_to_ashare"): ratio(overall_mean, ashare_mean) if ashare_mean else None})
    return pd.DataFrame(rows)


# ------------------------------------------------------------- star companies

STAR_SUBINDICATORS = {
    "volume": ("applications", "valid_inventions"),
    "quality": ("invention_application_share", "invention_grant_rate"),
    "influence": ("citations", "licenses", "transfers"),
    "globalisation": ("pct_applications",),
}


def star_scores(df: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Composite score in [0, 1] within each industry (see docs/metrics.md).

    Each sub-indicator becomes its percentile rank among the industry's companies (ties share the
    average rank), so one giant filer does not flatten everyone else; ranks are averaged within a
    dimension and the dimensions weighted.
    """
    x = df.copy()
    x["invention_application_share"] = (x["invention_applications"] / x["applications"].where(x["applications"] > 0)).fillna(0)
    x["invention_grant_rate"] = (x["invention_grants"] / x["invention_applications"].where(x["invention_applications"] > 0)).fillna(0)
    score = pd.Series(0.0, index=df.index)
    total_weight = sum(weights.values()) or 1.0
    grouped = x.groupby("industry")
    for dim, subs in STAR_SUBINDICATORS.items():
        parts = [grouped[sub].rank(method="average", pct=True) for sub in subs]
        score += weights.get(dim, 0.0) * sum(parts) / len(parts)
    return score / total_weight


# Tables 3.1–3.8 in the 2022 report's order of fields (not the order of INDUSTRIES, which is by size):
# table-3-1 is 新一代信息技术, table-3-2 新材料 …, so the two reports can be read side by side.
STAR_TABLE_ORDER: tuple[str, ...] = ("新一代信息技术", "新材料", "高端机械装备", "节能与新能源汽车",
                                     "生物医药及高性能医疗器械", "航空航天装备", "海洋工程装备及高技术船舶",
                                     "先进轨道交通装备")
assert set(STAR_TABLE_ORDER) == set(KEY_INDUSTRIES)


def stars(scored: pd.DataFrame, count: int) -> dict[str, pd.DataFrame]:
    """The top `count` companies of each key industry by their `star_score` (star_scores(), computed once in
    compute_stats), in the order of tables 3.1–3.8 (STAR_TABLE_ORDER)."""
    out = {}
    for name in STAR_TABLE_ORDER:
        g = scored[scored["industry"] == name].sort_values(["star_score", "company_id"], ascending=[False, True])
        out[name] = g.head(count)
    return out


def star_table(top: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({C.label("star_rank"): range(1, len(top) + 1), C.label("company_name"): top["name"].values,
                         C.label("industry_detail"): top["industry_detail"].values, C.label("company_city"): top["city"].values,
                         C.label("company_province"): top["province"].values, C.label("star_score"): top["star_score"].values})
