"""Chapter 1: batches, size and age, national contribution, financing and listing (figures 1.1–1.6)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..data.schema import BOARDS
from .measures import by_batch, profile_measures, ratio
from . import columns as C


def fig_1_1_batches(df: pd.DataFrame) -> pd.DataFrame:
    counts = df.groupby("batch").size().sort_index()
    return pd.DataFrame({C.label("batch"): counts.index.astype(int), C.label("companies"): counts.values,
                         C.label("companies_cumulative"): counts.cumsum().values})


def _batch_rows(df: pd.DataFrame, as_of: dt.date, columns: dict[str, str]) -> pd.DataFrame:
    rows = [{C.label("batch"): str(b), **{label: m[key] for key, label in columns.items()}}
            for b, m in by_batch(df, lambda g: profile_measures(g, as_of)).items()]
    total = profile_measures(df, as_of)
    rows.append({C.label("batch"): "总计", **{label: total[key] for key, label in columns.items()}})
    return pd.DataFrame(rows)


def fig_1_2_size_age(df: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    return _batch_rows(df, as_of, {"employees_mean": C.label("employees_mean_fig"), "founded_years_median": C.label("founded_years_median")})


def fig_1_4_financing(df: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    return _batch_rows(df, as_of, {"listed_count": C.label("listed_count"), "listed_share": C.label("listed_share"),
                                   "financed_count": C.label("financed_count"), "financed_share": C.label("financed_share")})


def boards(df: pd.DataFrame, benchmarks: dict) -> dict[str, dict]:
    sizes = benchmarks.get("boards", {}) or {}
    tokens = df["listing"].str.split(";")
    out = {}
    for board in BOARDS:
        count = int(tokens.map(lambda t: board in t).sum())
        size = sizes.get(board)
        out[board] = {"count": count, "share": ratio(count, len(df)), "board_size": size,
                      "giant_share_of_board": ratio(count, size) if size else None}
    return out


def fig_1_5_boards(board_stats: dict) -> pd.DataFrame:
    return pd.DataFrame([{C.label("board"): b, C.label("company_count"): s["count"], C.label("board_share"): s["share"]} for b, s in board_stats.items()])


def fig_1_6_board_contribution(board_stats: dict) -> pd.DataFrame:
    return pd.DataFrame([{C.label("board"): b, C.label("board_size"): s["board_size"], C.label("board_giants"): s["count"],
                          C.label("giant_share_of_board"): s["giant_share_of_board"]}
                         for b, s in board_stats.items() if s["board_size"]])


def national(df: pd.DataFrame, benchmarks: dict) -> dict:
    nat = benchmarks.get("national", {}) or {}
    known = df["employees"].dropna()
    employees = float(known.sum()) if len(known) else None        # no known counts: no figure, not zero
    grants = float(df["invention_grants"].sum())
    companies_share = ratio(len(df), nat.get("companies"))
    employment_share = (ratio(employees, nat["employment_10k"] * 1e4)
                        if nat.get("employment_10k") and employees is not None else None)
    grants_share = ratio(grants, nat["granted_inventions_10k"] * 1e4) if nat.get("granted_inventions_10k") else None
    return {
        "companies_share": companies_share,
        "employment_share": employment_share,
        "granted_inventions_share": grants_share,
        "granted_inventions_total": grants,
        "employees_total": employees,
        "employment_ratio": ratio(employment_share, companies_share) if employment_share else None,
        "granted_inventions_ratio": ratio(grants_share, companies_share) if grants_share else None,
    }


def fig_1_3_national(df: pd.DataFrame, nat: dict, benchmarks: dict) -> pd.DataFrame:
    b = benchmarks.get("national", {}) or {}
    return pd.DataFrame([
        {C.label("measure"): "企业数量（家）", C.label("giants_value"): len(df), C.label("national_value"): b.get("companies"), C.label("national_share"): nat["companies_share"]},
        {C.label("measure"): "就业规模（万人）", C.label("giants_value"): None if nat["employees_total"] is None else nat["employees_total"] / 1e4,
         C.label("national_value"): b.get("employment_10k"),
         C.label("national_share"): nat["employment_share"]},
        {C.label("measure"): "授权发明专利量（万件）",
         C.label("giants_value"): None if nat["granted_inventions_total"] is None else nat["granted_inventions_total"] / 1e4,
         C.label("national_value"): b.get("granted_inventions_10k"), C.label("national_share"): nat["granted_inventions_share"]},
    ])
