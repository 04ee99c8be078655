"""Chapter 4: provinces, cities and districts, concentration, province table, radar and highlight industries."""
from __future__ import annotations

import pandas as pd

from ..data.schema import KEY_INDUSTRIES
from .measures import batch_keys, density, mean, ratio
from . import columns as C

LEVELS = ("province", "city", "district")


def region_key(df: pd.DataFrame, level: str) -> pd.Series:
    """Names as shown: provinces and cities by full name, districts prefixed by their city (北京市海淀区);
    a prefecture-level city without districts (东莞市) is its own county-level unit."""
    if level == "district":
        key = (df["city"] + df["district"]).where(df["district"] != df["city"], df["city"])  # 东莞市: its own unit
        return key.where(df["district"] != "", "")
    return df[level]


def counts_by_batch(df: pd.DataFrame, level: str) -> pd.DataFrame:
    """Companies per region and batch, regions sorted by total (desc), then name."""
    key = region_key(df, level)
    known = key != ""
    # a groupby's counts, unstacked: what pd.crosstab gives, without its pivot-table machinery
    table = df.loc[known, "batch"].groupby(key[known]).value_counts().unstack(fill_value=0)
    table = table.reindex(columns=batch_keys(df), fill_value=0)
    table.columns = [C.label("batch_companies", batch=b) for b in table.columns]
    table[C.label("total_companies")] = table.sum(axis=1)
    table.index.name = {"province": C.label("province"), "city": C.label("city"), "district": C.label("district")}[level]
    totals = table[C.label("total_companies")].tolist()
    order = [name for _, name in sorted(zip((-t for t in totals), table.index))]
    return table.loc[order]


def concentration(df: pd.DataFrame, level: str) -> dict:
    counts = counts_by_batch(df, level)[C.label("total_companies")]
    regions = int((counts > 0).sum())
    top = counts.head(10)
    # over all companies: those without a city or district are not dropped from the denominator
    # the counts of the ten and of the eleventh: the text says when regions it lists tie, or tie with one left out
    return {"cr10": ratio(top.sum(), len(df)), "top_share_of_regions": ratio(min(10, regions), regions),
            "regions": regions, "top10": list(top.index), "over_100": int((counts > 100).sum()),
            "top10_companies": [int(n) for n in top.tolist()],
            "next_companies": int(counts.iloc[10]) if regions > 10 else None}


def province_table(df: pd.DataFrame) -> pd.DataFrame:
    """Table 4.1 and fig 4.4: companies, mean employees, mean valid inventions, density, per province."""
    rows = []
    for name, g in df.groupby("province", sort=False):
        rows.append({C.label("province"): name, C.label("companies"): len(g), C.label("employees_mean"): mean(g["employees"].dropna()),
                     C.label("valid_inventions_mean_province"): mean(g["valid_inventions"]), C.label("invention_density"): density(g)})
    table = pd.DataFrame(rows)
    return table.sort_values([C.label("companies"), C.label("province")], ascending=[False, True]).reset_index(drop=True)


# ------------------------------------------------------------------ radar

def _province_sums(df: pd.DataFrame) -> pd.DataFrame:
    known = df["employees"].notna()
    x = df.assign(emp_known=df["employees"].fillna(0).astype(float),
                  valid_known=df["valid_inventions"].where(known, 0))
    cols = ["applications", "valid_inventions", "invention_applications", "invention_grants",
            "citations", "licenses", "transfers", "pct_applications", "emp_known", "valid_known"]
    return x.groupby("province")[cols].sum().astype(float)


def radar_subindicators(df: pd.DataFrame) -> pd.DataFrame:
    """Province-level sub-indicators: sums, and ratios of sums."""
    s = _province_sums(df)
    out = pd.DataFrame(index=s.index)
    for col in ("applications", "valid_inventions", "citations", "licenses", "transfers", "pct_applications"):
        out[col] = s[col]
    out["invention_density"] = (s["valid_known"] / s["emp_known"].where(s["emp_known"] > 0) * 1000).fillna(0)
    out["invention_application_share"] = (s["invention_applications"] / s["applications"].where(s["applications"] > 0)).fillna(0)
    out["invention_grant_rate"] = (s["invention_grants"] / s["invention_applications"].where(s["invention_applications"] > 0)).fillna(0)
    out["pct_share"] = (s["pct_applications"] / s["applications"].where(s["applications"] > 0)).fillna(0)
    return out


def radar(df: pd.DataFrame, weights: dict[str, dict[str, float]]) -> pd.DataFrame:
    """Each sub-indicator over the best province, weighted within its dimension: values in [0, 1]."""
    subs = radar_subindicators(df)
    best = subs.max()
    normalised = subs / best.where(best > 0)
    normalised = normalised.fillna(0)
    out = pd.DataFrame(index=subs.index)
    for dim, w in weights.items():
        total = sum(w.values()) or 1.0
        out[dim] = sum(normalised[k] * v for k, v in w.items()) / total
    return out


# ------------------------------------------------------------------ highlight industries

def industry_ranks(df: pd.DataFrame) -> pd.DataFrame:
    """Per (province, key industry): companies, total valid inventions, national rank by that total."""
    g = df[df["industry"].isin(KEY_INDUSTRIES)]
    t = g.groupby(["industry", "province"]).agg(companies=("company_id", "size"),
                                                valid_inventions=("valid_inventions", "sum")).reset_index()
    t["rank"] = t.groupby("industry")["valid_inventions"].rank(method="min", ascending=False).astype(int)
    return t


def highlights(ranks: pd.DataFrame, province: str, top: int = 3) -> list[dict]:
    """The industries where the province ranks best nationally (ties broken by the larger total); an industry
    without a single valid invention patent is no highlight, whatever its place among the zeros."""
    mine = ranks[(ranks["province"] == province) & (ranks["valid_inventions"] > 0)]   # no highlight of 0 件
    mine = mine.sort_values(["rank", "valid_inventions", "industry"], ascending=[True, False, True])
    return [{"industry": r.industry, "companies": int(r.companies), "valid_inventions": int(r.valid_inventions),
             "rank": int(r.rank)} for r in mine.head(top).itertuples()]
