"""Chapter 2: volume, growth, quality, influence and globalisation (figures 2.1–2.6)."""
from __future__ import annotations

import pandas as pd

from .measures import PCT_BUCKETS, by_batch, pct_bucket, ratio, tech_measures
from . import columns as C


def _rows(df: pd.DataFrame, years, columns: dict[str, str]) -> pd.DataFrame:
    per_batch = by_batch(df, lambda g: tech_measures(g, years))
    per_batch["总计"] = tech_measures(df, years)
    rows = []
    for batch, m in per_batch.items():
        row = {C.label("batch"): batch}
        for key, label in columns.items():
            if "." in key:
                outer, inner = key.split(".")
                row[label] = m[outer][inner]
            else:
                row[label] = m[key]
        rows.append(row)
    return pd.DataFrame(rows)


def fig_2_1_scale(df, years):
    return _rows(df, years, {"applications_mean": C.label("applications_mean"),
                             "valid_inventions_mean": C.label("valid_inventions_mean")})


def fig_2_2_growth(df, years):
    return _rows(df, years, {"applications_growth.from_mean": C.label("applications_in_year_mean", year=years[0]),
                             "applications_growth.to_mean": C.label("applications_in_year_mean", year=years[1]),
                             "applications_growth.rate": C.label("applications_growth_rate")})


def fig_2_3_density(df, years):
    return _rows(df, years, {"invention_density_per_1000": C.label("invention_density")})


def fig_2_4_quality(df, years):
    return _rows(df, years, {"applications_mean": C.label("applications_total_mean"),
                             "invention_applications_mean": C.label("invention_applications_mean"),
                             "invention_grants_mean": C.label("invention_grants_mean"),
                             "invention_application_share": C.label("invention_application_share"),
                             "invention_grant_rate": C.label("invention_grant_rate")})


def fig_2_5_influence(df, years):
    return _rows(df, years, {"citations_mean": C.label("citations_mean"), "licenses_mean": C.label("licenses_mean"),
                             "transfers_mean": C.label("transfers_mean")})


def fig_2_6_pct(df, years):
    return _rows(df, years, {"pct_mean": C.label("pct_mean"), "pct_share": C.label("pct_share")})


def pct_buckets(df: pd.DataFrame) -> tuple[dict[str, int], dict[str, float | None]]:
    counts = pct_bucket(df["pct_applications"]).value_counts()
    out = {b: int(counts.get(b, 0)) for b in PCT_BUCKETS}
    return out, {b: ratio(c, len(df)) for b, c in out.items()}


def fig_2_6b_pct_buckets(counts: dict, shares: dict) -> pd.DataFrame:
    return pd.DataFrame([{C.label("pct_group"): b, C.label("company_count"): counts[b], C.label("share"): shares[b]} for b in counts])
