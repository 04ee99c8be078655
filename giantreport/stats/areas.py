"""Areas: everything a briefing shows about one group of companies, against its parent and its peers.

An area is a filter on the company table, ``df[df[level] == name]`` (a province today; a city or an
industry tomorrow); its parent is another such table (the nation, or the area's province), its peers the
other values of the same column. Every function is pure: DataFrames and plain dicts in, plain values out.
The briefing, its charts and its sentences only read what these return (in summary.json under
``provinces.<省>``, docs/metrics.md §5).
"""
from __future__ import annotations

from collections import Counter

from typing import Mapping

import pandas as pd

from ..data.schema import INDUSTRIES
from .measures import ratio, tech_measures

#: The dimension table's measures, in its order (same definitions as the national figures, chapter 2).
DIMENSION_MEASURES: tuple[tuple[str, str], ...] = (
    ("技术体量", "applications_mean"), ("技术体量", "valid_inventions_mean"), ("技术体量", "applications_growth"),
    ("技术质量", "invention_density_per_1000"), ("技术质量", "invention_application_share"),
    ("技术质量", "invention_grant_rate"),
    ("技术影响力", "citations_mean"), ("技术影响力", "licenses_mean"), ("技术影响力", "transfers_mean"),
    ("技术全球化", "pct_mean"), ("技术全球化", "pct_share"))
#: Area values ranked among the peers, beside the measures and the radar dimensions.
RANKED = ("companies", "valid_inventions_total", "valid_inventions_mean", "invention_density_per_1000",
          "employees_mean")
#: The level below an area's, at which its companies are counted (a province by city, a city by district).
PLACE_BELOW = {"province": "city", "city": "district"}


def rows(df: pd.DataFrame, level: str, name: str) -> pd.DataFrame:
    """The area's companies: those whose `level` column ("province", "city", "industry") reads `name`."""
    return df[df[level] == name]


def companies_by_batch(mine: pd.DataFrame, batches: list[int]) -> dict[str, int]:
    return {str(b): int((mine["batch"] == b).sum()) for b in batches}


# ------------------------------------------------------------------ places

def place_level(mine: pd.DataFrame, level: str = "province") -> str:
    """The one rule for where an area's companies are shown: by the level below it (a province by city, a
    city by district), except that an area whose companies with a city all sit in one city (a municipality,
    or a province with companies in one city only) is shown by district, when any company has one."""
    below = PLACE_BELOW.get(level, "city")
    if below == "city":
        cities = mine["city"].astype(str)
        if cities[cities != ""].nunique() <= 1 and "district" in mine.columns and (mine["district"].astype(str) != "").any():
            return "district"
    return below


def places(mine: pd.DataFrame, level: str, batches: list[int]) -> list[dict]:
    """Companies per place at `level` ("city" or "district", names as the data writes them), most first,
    ties by name; companies without a place at that level are in no row but stay in the share's denominator."""
    pairs = Counter(zip(mine[level].astype(str).tolist(), mine["batch"].tolist()))   # one pass over the rows
    counts: Counter = Counter()
    for (place, _), n in pairs.items():
        if place != "":
            counts[place] += n
    out = []
    for name in sorted(counts, key=lambda k: (-counts[k], k)):
        out.append({"name": name, "companies": int(counts[name]),
                    "companies_by_batch": {str(b): int(pairs.get((name, b), 0)) for b in batches},
                    "share": ratio(int(counts[name]), len(mine))})
    return out


# ------------------------------------------------------------------ industries

def industry_mix(mine: pd.DataFrame) -> dict[str, dict]:
    """Companies and share of the area's companies in each industry (the nine of INDUSTRIES, in order)."""
    counts = mine["industry"].value_counts()
    return {name: {"companies": int(counts.get(name, 0)), "share": ratio(int(counts.get(name, 0)), len(mine))}
            for name in INDUSTRIES}


# ------------------------------------------------------------------ measures and ranks

def measures(mine: pd.DataFrame, years: tuple[int, int]) -> dict:
    """The dimension table's measures for the area (DIMENSION_MEASURES), as chapter 2 defines them."""
    m = tech_measures(mine, years)
    return {key: m[key] for _, key in DIMENSION_MEASURES}


def measures_by(df: pd.DataFrame, level: str, years: tuple[int, int]) -> dict[str, dict]:
    """measures() for every area of a level (every province, city, industry)."""
    return {str(name): measures(g, years) for name, g in df.groupby(level, sort=False)}


def _value(x) -> float | None:
    """A rankable number (a Growth ranks by its rate); None for a missing, NaN or infinite one."""
    if isinstance(x, dict):
        x = x.get("rate")
    if x is None or isinstance(x, bool):
        return None
    f = float(x)
    return f if f == f and f not in (float("inf"), float("-inf")) else None


def rank(values: Mapping[str, object]) -> dict[str, int | None]:
    """Rank among peers, 1 = largest; ties share the best rank (1 + the number of larger values);
    a peer without a value has no rank and is not counted."""
    known = {k: v for k, v in ((k, _value(v)) for k, v in values.items()) if v is not None}
    return {k: (1 + sum(1 for v in known.values() if v > known[k]) if k in known else None) for k in values}


def ranks(areas: Mapping[str, dict]) -> dict[str, dict]:
    """Per area, its rank among `areas` (the peers: summary["provinces"]) on each RANKED value, each
    measure and each radar dimension: {"companies": 3, …, "applications_growth": 5, "radar": {"volume": 2, …},
    "tied": ["companies"]} ("tied": the keys on which another area holds the same rank)."""
    out: dict[str, dict] = {name: {} for name in areas}
    tied: dict[str, list[str]] = {name: [] for name in areas}
    keys = list(RANKED) + [key for _, key in DIMENSION_MEASURES if key not in RANKED]
    for key in keys:
        by = rank({n: (a.get(key) if key in RANKED else (a.get("measures") or {}).get(key)) for n, a in areas.items()})
        held = Counter(r for r in by.values() if r is not None)
        for n in areas:
            out[n][key] = by[n]
            if by[n] is not None and held[by[n]] > 1:      # another area holds the same rank: "并列第 N 位"
                tied[n].append(key)
    dims = list(dict.fromkeys(d for a in areas.values() for d in (a.get("radar") or {})))
    by_dim = {d: rank({n: (a.get("radar") or {}).get(d) for n, a in areas.items()}) for d in dims}
    for n in areas:
        out[n]["radar"] = {d: by_dim[d][n] for d in (areas[n].get("radar") or {})} if areas[n].get("radar") else None
        out[n]["tied"] = tied[n]
    return out


def median(values: list[float]) -> float | None:
    column = sorted(values)
    if not column:
        return None
    mid = len(column) // 2
    return column[mid] if len(column) % 2 else (column[mid - 1] + column[mid]) / 2


def radar_median(areas: Mapping[str, dict]) -> dict[str, float] | None:
    """Each radar dimension's median over the areas (an area without a score counts 0); None when no area
    has a radar (no patent data)."""
    radars = [a.get("radar") for a in areas.values()]
    if not any(radars):
        return None
    dims = list(dict.fromkeys(d for r in radars if r for d in r))
    return {d: median([_value((r or {}).get(d)) or 0.0 for r in radars]) for d in dims}


# ------------------------------------------------------------------ classes

CLASSES = ("小而精", "大而强", "大而不强", "小而弱")


def area_class(employees_mean, valid_inventions_mean, national_employees_mean, national_valid_mean) -> str | None:
    """小而精 / 大而强 / 大而不强 / 小而弱: mean staff below the national mean ("小") or not, mean valid inventions
    above it ("强"/"精") or not, both compared at two decimals as table 4.1 prints them (351.67 < 351.90);
    None when a mean is unknown."""
    if any(_value(v) is None for v in (employees_mean, valid_inventions_mean, national_employees_mean, national_valid_mean)):
        return None
    small = round(float(employees_mean), 2) < round(float(national_employees_mean), 2)
    strong = round(float(valid_inventions_mean), 2) > round(float(national_valid_mean), 2)
    return "小而精" if small and strong else "大而强" if strong else "大而不强" if not small else "小而弱"


# ------------------------------------------------------------------ star companies

def star_rows(star_tables: Mapping[str, pd.DataFrame | None]) -> dict[str, list[dict]]:
    """The star tables (3.1–3.8, by key industry, in their order) as rows, once: stars() reads them for
    every area (a boolean filter per table and area cost a third of a second over the provinces)."""
    return {industry: table.to_dict("records") for industry, table in star_tables.items() if table is not None}


def stars(rows_by_industry: Mapping[str, list[dict]], column: str, name: str) -> list[dict]:
    """The area's companies in the star tables (star_rows), in the tables' order: industry, rank (None
    where the table has none: the bundled sample lists the 2022 report's names unranked), name,
    detailed industry, city."""
    where = {"province": "所在省份", "city": "所在城市"}[column]
    out = []
    for industry, table_rows in rows_by_industry.items():
        for r in table_rows:
            if where in r and r[where] == name:
                out.append({"industry": industry, "rank": int(r["排名"]) if "排名" in r else None,
                            "name": str(r.get("企业名称", "")), "industry_detail": str(r.get("具体产业类别", "")),
                            "city": str(r.get("所在城市", ""))})
    return out


def area(df: pd.DataFrame, level: str, name: str, years: tuple[int, int], batches: list[int],
         star_table_rows: Mapping[str, list[dict]]) -> dict:
    """What the area's briefing shows that is its own (its peers' ranks and the parent's figures are added
    by ranks() and read from the parent): valid inventions in total, places, industry mix, measures, stars."""
    mine = rows(df, level, name)
    at = place_level(mine, level)
    return {"valid_inventions_total": int(mine["valid_inventions"].sum()),
            "place_level": at, "places": places(mine, at, batches),
            "industries": industry_mix(mine), "measures": measures(mine, years),
            "stars": stars(star_table_rows, level, name)}

