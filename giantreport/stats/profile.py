"""Chapter 1: batches, size and age, national contribution, financing and listing (figures 1.1–1.6)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..data.schema import BOARDS
from .measures import by_batch, profile_measures, ratio


def fig_1_1_batches(df: pd.DataFrame) -> pd.DataFrame:
    counts = df.groupby("batch").size().sort_index()
    return pd.DataFrame({"批次": counts.index.astype(int), "企业数量": counts.values,
                         "累计企业数量": counts.cumsum().values})


def _batch_rows(df: pd.DataFrame, as_of: dt.date, columns: dict[str, str]) -> pd.DataFrame:
    rows = [{"批次": str(b), **{label: m[key] for key, label in columns.items()}}
            for b, m in by_batch(df, lambda g: profile_measures(g, as_of)).items()]
    total = profile_measures(df, as_of)
    rows.append({"批次": "总计", **{label: total[key] for key, label in columns.items()}})
    return pd.DataFrame(rows)


def fig_1_2_size_age(df: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    return _batch_rows(df, as_of, {"employees_mean": "平均员工规模（人）", "founded_years_median": "成立年限中位数（年）"})


def fig_1_4_financing(df: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    return _batch_rows(df, as_of, {"listed_count": "上市企业数", "listed_share": "上市企业占比",
                                   "financed_count": "一级市场融资企业数", "financed_share": "一级市场融资企业占比"})


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
    return pd.DataFrame([{"板块": b, "企业数": s["count"], "占全部小巨人比重": s["share"]} for b, s in board_stats.items()])


def fig_1_6_board_contribution(board_stats: dict) -> pd.DataFrame:
    return pd.DataFrame([{"板块": b, "板块上市企业数": s["board_size"], "其中小巨人": s["count"],
                          "小巨人占比": s["giant_share_of_board"]}
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
        {"指标": "企业数量（家）", "小巨人": len(df), "全国": b.get("companies"), "小巨人占全国比重": nat["companies_share"]},
        {"指标": "就业规模（万人）", "小巨人": None if nat["employees_total"] is None else nat["employees_total"] / 1e4,
         "全国": b.get("employment_10k"),
         "小巨人占全国比重": nat["employment_share"]},
        {"指标": "授权发明专利量（万件）", "小巨人": nat["granted_inventions_total"] / 1e4,
         "全国": b.get("granted_inventions_10k"), "小巨人占全国比重": nat["granted_inventions_share"]},
    ])
