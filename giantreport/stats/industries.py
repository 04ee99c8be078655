"""Chapter 3: industry distribution, change by batch, technology scale against A-share, star companies."""
from __future__ import annotations

import pandas as pd

from ..data.schema import INDUSTRIES, KEY_INDUSTRIES
from .measures import batch_keys, by_batch, mean, ratio


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
    rows = [{"产业领域": n, "企业数量": s["companies"], "企业数量占比": s["share"], "A股上市企业数量占比": s["ashare_share"]}
            for n, s in ind.items()]
    rows += [{"产业领域": n + "（合计）", "企业数量": s["companies"], "企业数量占比": s["share"],
              "A股上市企业数量占比": s["ashare_share"]} for n, s in groups.items()]
    return pd.DataFrame(rows)


def fig_3_2_by_batch(df: pd.DataFrame, per_batch: dict) -> pd.DataFrame:
    rows = []
    for name in INDUSTRIES:
        row = {"产业领域": name}
        for b in per_batch:
            row[f"第{b}批占比"] = per_batch[b][name]["share"]
        rows.append(row)
    focus = {"产业领域": "十大重点产业领域合计"}
    for b in batch_keys(df):
        focus[f"第{b}批占比"] = focus_share(df[df["batch"] == b])
    rows.append(focus)
    return pd.DataFrame(rows)


def fig_3_3_scale(ind: dict, overall_mean: float | None, ashare_mean: float | None) -> pd.DataFrame:
    rows = [{"产业领域": n, "小巨人平均有效发明专利量": s["valid_inventions_mean"],
             "A股上市企业平均有效发明专利量": s["ashare_valid_inventions_mean"], "小巨人为上市企业的比例": s["ratio_to_ashare"]}
            for n, s in ind.items() if n in KEY_INDUSTRIES]
    rows.append({"产业领域": "平均值", "小巨人平均有效发明专利量": overall_mean,
                 "A股上市企业平均有效发明专利量": ashare_mean,
                 "小巨人为上市企业的比例": ratio(overall_mean, ashare_mean) if ashare_mean else None})
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
    return pd.DataFrame({"排名": range(1, len(top) + 1), "企业名称": top["name"].values,
                         "具体产业类别": top["industry_detail"].values, "所在城市": top["city"].values,
                         "所在省份": top["province"].values, "综合得分": top["star_score"].values})
