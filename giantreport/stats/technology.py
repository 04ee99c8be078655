"""Chapter 2: volume, growth, quality, influence and globalisation (figures 2.1–2.6)."""
from __future__ import annotations

import pandas as pd

from .measures import PCT_BUCKETS, by_batch, pct_bucket, ratio, tech_measures


def _rows(df: pd.DataFrame, years, columns: dict[str, str]) -> pd.DataFrame:
    per_batch = by_batch(df, lambda g: tech_measures(g, years))
    per_batch["总计"] = tech_measures(df, years)
    rows = []
    for batch, m in per_batch.items():
        row = {"批次": batch}
        for key, label in columns.items():
            if "." in key:
                outer, inner = key.split(".")
                row[label] = m[outer][inner]
            else:
                row[label] = m[key]
        rows.append(row)
    return pd.DataFrame(rows)


def fig_2_1_scale(df, years):
    return _rows(df, years, {"applications_mean": "平均累计专利申请量（件/家）",
                             "valid_inventions_mean": "平均有效发明专利量（件/家）"})


def fig_2_2_growth(df, years):
    return _rows(df, years, {"applications_growth.from_mean": f"{years[0]}年平均公开专利申请量",
                             "applications_growth.to_mean": f"{years[1]}年平均公开专利申请量",
                             "applications_growth.rate": "专利申请增速"})


def fig_2_3_density(df, years):
    return _rows(df, years, {"invention_density_per_1000": "发明专利密度（件/千人）"})


def fig_2_4_quality(df, years):
    return _rows(df, years, {"applications_mean": "专利申请总量（件/家）",
                             "invention_applications_mean": "发明专利申请总量（件/家）",
                             "invention_grants_mean": "发明专利授权量（件/家）",
                             "invention_application_share": "发明专利申请占比",
                             "invention_grant_rate": "发明专利授权率"})


def fig_2_5_influence(df, years):
    return _rows(df, years, {"citations_mean": "平均专利被引次数", "licenses_mean": "平均专利对外许可次数",
                             "transfers_mean": "平均专利对外转让次数"})


def fig_2_6_pct(df, years):
    return _rows(df, years, {"pct_mean": "平均PCT专利申请量（件/家）", "pct_share": "PCT专利占全部专利申请比重"})


def pct_buckets(df: pd.DataFrame) -> tuple[dict[str, int], dict[str, float | None]]:
    counts = pct_bucket(df["pct_applications"]).value_counts()
    out = {b: int(counts.get(b, 0)) for b in PCT_BUCKETS}
    return out, {b: ratio(c, len(df)) for b, c in out.items()}


def fig_2_6b_pct_buckets(counts: dict, shares: dict) -> pd.DataFrame:
    return pd.DataFrame([{"PCT专利申请量分组（件）": b, "企业数": counts[b], "占比": shares[b]} for b in counts])
