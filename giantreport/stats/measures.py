"""Group measures shared by every chapter: one dict of plain numbers for any group of companies.

Shares and rates are ratios of sums over the group; means are over every company in the
group (a company without patents counts as 0). Undefined values (an empty denominator) are None.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..data.schema import LISTED_BOARDS


def ratio(numerator: float, denominator: float) -> float | None:
    return None if not denominator else float(numerator) / float(denominator)


def mean(series: pd.Series) -> float | None:
    return None if len(series) == 0 else float(series.sum()) / len(series)


def batch_keys(source) -> list:
    """The batches in order, keyed as the source keys them: the ints of a companies table's batch
    column (1, 2, …); the text keys of computed statistics' summary["batches"] ("1", "2", …, as every
    *_by_batch dict of the summary is keyed), given a Stats or its summary."""
    if isinstance(source, pd.DataFrame):
        return sorted(int(b) for b in source["batch"].unique())
    summary = getattr(source, "summary", source) or {}
    return sorted((summary.get("batches") or {}), key=int)


def by_batch(df: pd.DataFrame, measure) -> dict[str, object]:
    """{"1": measure(batch 1 rows), "2": …} in batch order."""
    return {str(int(b)): measure(rows) for b, rows in df.groupby("batch", sort=True, observed=True)}


def is_listed(df: pd.DataFrame) -> pd.Series:
    pattern = "|".join(LISTED_BOARDS)
    return df["listing"].str.contains(pattern, regex=True)


def founded_years(df: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Whole years completed from founding to D, as a person states an age (founded 2009-07-01,
    D 2022-06-30: 12), for companies with a founding date; a median of these is an integer or .5."""
    founded = df["founded"].dropna()
    before_birthday = (founded.dt.month > as_of.month) | ((founded.dt.month == as_of.month) & (founded.dt.day > as_of.day))
    return (as_of.year - founded.dt.year - before_birthday.astype(int)).astype(float)


def profile_measures(g: pd.DataFrame, as_of: dt.date) -> dict:
    employees = g["employees"].dropna()
    listed = is_listed(g)
    years = founded_years(g, as_of)
    return {
        "companies": int(len(g)),
        "employees_mean": mean(employees),
        "employees_total": int(employees.sum()),
        "employees_known": int(len(employees)),
        "founded_years_median": None if years.empty else float(years.median()),
        "listed_count": int(listed.sum()),
        "listed_share": ratio(listed.sum(), len(g)),
        "financed_count": int(g["financed"].sum()),
        "financed_share": ratio(g["financed"].sum(), len(g)),
    }


def growth(g: pd.DataFrame, years: tuple[int, int]) -> dict:
    from_mean, to_mean = mean(g["applications_prev"]), mean(g["applications_last"])
    rate = None if not from_mean else to_mean / from_mean - 1
    return {"from_year": years[0], "to_year": years[1], "from_mean": from_mean, "to_mean": to_mean, "rate": rate}


def density(g: pd.DataFrame) -> float | None:
    """Σ valid inventions / Σ employees × 1000, over companies whose employees are known."""
    employees = g["employees"]
    known = employees.notna()
    total = employees.sum()                          # NaN skipped: the known companies' staff
    value = ratio(g["valid_inventions"].where(known, 0).sum(), total)
    return None if value is None else value * 1000


def tech_measures(g: pd.DataFrame, years: tuple[int, int]) -> dict:
    s = {m: float(g[m].sum()) for m in ("applications", "invention_applications", "invention_grants",
                                         "valid_inventions", "pct_applications")}
    return {
        "applications_mean": mean(g["applications"]),
        "valid_inventions_mean": mean(g["valid_inventions"]),
        "invention_applications_mean": mean(g["invention_applications"]),
        "invention_grants_mean": mean(g["invention_grants"]),
        "applications_growth": growth(g, years),
        "invention_density_per_1000": density(g),
        "invention_application_share": ratio(s["invention_applications"], s["applications"]),
        "invention_grant_rate": ratio(s["invention_grants"], s["invention_applications"]),
        "citations_mean": mean(g["citations"]),
        "licenses_mean": mean(g["licenses"]),
        "transfers_mean": mean(g["transfers"]),
        "pct_mean": mean(g["pct_applications"]),
        "pct_share": ratio(s["pct_applications"], s["applications"]),
    }


PCT_BUCKETS = ("0", "1-9", "10-100", ">100")


def pct_bucket(counts: pd.Series) -> pd.Series:
    return pd.cut(counts, bins=[-1, 0, 9, 100, float("inf")], labels=list(PCT_BUCKETS))
