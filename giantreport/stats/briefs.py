"""City and industry briefings: one area's block against its parent and the nation (docs/metrics.md §5).

Computed on demand from the company table (not in summary.json: 300 cities would double it), from the same
functions as the province blocks (stats/areas.py). A city is compared with its province and the nation,
ranked among the province's cities and among all cities — only cities with at least `min_companies`
companies are ranked ([briefings] min_companies, 30 by default: a mean over fewer companies moves with one
company). An industry is compared with all little giants and with the field's outside benchmark
(summary["industries"][name]: its share and mean valid inventions among A-share companies).
Every value a national figure lacks (a missing input, stats/missing.py) is None here too.
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from ..data.schema import KEY_INDUSTRIES
from . import areas
from .measures import density, mean, ratio

#: Leading provinces and cities of an industry briefing.
TOP_PLACES = 10


def own(mine: pd.DataFrame, years: tuple[int, int], batches: list[int]) -> dict:
    """An area's own figures: companies (by batch), the ranked values (areas.RANKED), the measures, industries."""
    employees = mine["employees"].dropna()
    return {"companies": int(len(mine)),
            "companies_by_batch": areas.companies_by_batch(mine, batches),
            "valid_inventions_total": int(mine["valid_inventions"].sum()),
            "valid_inventions_mean": mean(mine["valid_inventions"]),
            "invention_density_per_1000": density(mine),
            "employees_mean": mean(employees),
            "measures": areas.measures(mine, years),
            "industries": areas.industry_mix(mine)}


def _as_nation(block: dict, summary: Mapping) -> dict:
    """None wherever the nation's figure is None (an input the data lacks, stats/missing.py)."""
    for key in ("valid_inventions_mean", "invention_density_per_1000", "employees_mean"):
        if summary.get(key) is None:
            block[key] = None
    if summary.get("valid_inventions_mean") is None:
        block["valid_inventions_total"] = None
    block["measures"] = {k: (None if summary.get(k) is None else v) for k, v in block["measures"].items()}
    return block


def peers(df: pd.DataFrame, level: str, years: tuple[int, int], min_companies: int = 1) -> dict[str, dict]:
    """The ranked values and measures of every area at `level` with at least `min_companies` companies."""
    out = {}
    for name, g in df.groupby(level, sort=False):
        if str(name) and len(g) >= min_companies:
            out[str(name)] = {"companies": int(len(g)), "valid_inventions_total": int(g["valid_inventions"].sum()),
                              "valid_inventions_mean": mean(g["valid_inventions"]),
                              "invention_density_per_1000": density(g),
                              "employees_mean": mean(g["employees"].dropna()),
                              "measures": areas.measures(g, years), "province": str(g["province"].iloc[0])}
    return out


def _ranks_of(name: str, among: dict[str, dict], summary: Mapping) -> dict | None:
    """`name`'s ranks among `among` (None when it is not one of them); no rank where the nation has no value."""
    if name not in among:
        return None
    known = {n: _as_nation({**a, "measures": dict(a["measures"])}, summary) for n, a in among.items()}
    return areas.ranks(known)[name]


def city(df: pd.DataFrame, summary: Mapping, name: str, years: tuple[int, int], batches: list[int],
         star_tables: Mapping[str, pd.DataFrame | None], min_companies: int,
         city_peers: dict[str, dict] | None = None) -> dict:
    """A city's block: its own figures, its districts and stars, its province's and the nation's figures
    beside them, and its ranks among the province's cities and among all cities with ≥ min_companies."""
    mine = areas.rows(df, "city", name)
    if mine.empty:
        raise KeyError(name)
    province = str(mine["province"].mode().iloc[0])
    city_peers = peers(df, "city", years, min_companies) if city_peers is None else city_peers
    in_province = {n: a for n, a in city_peers.items() if a["province"] == province}
    block = _as_nation(own(mine, years, batches), summary)
    p = (summary.get("provinces") or {}).get(province) or {}
    return {"kind": "city", "name": name, "province": province, **block,
            "place_level": "district", "places": areas.places(mine, "district", batches),
            "stars": None if summary.get("stars") is None else areas.stars(star_tables, "city", name),
            "min_companies": min_companies, "ranked": name in city_peers,
            "peers": {"province": len(in_province), "nation": len(city_peers)},
            "ranks": {"province": _ranks_of(name, in_province, summary), "nation": _ranks_of(name, city_peers, summary)},
            "parent": {"name": province, "companies": p.get("companies"),
                       "companies_by_batch": p.get("companies_by_batch") or {},
                       **{k: p.get(k) for k in ("valid_inventions_mean", "invention_density_per_1000", "employees_mean")},
                       "measures": p.get("measures") or {}, "industries": p.get("industries") or {}}}


def industry(df: pd.DataFrame, summary: Mapping, name: str, years: tuple[int, int], batches: list[int],
             star_tables: Mapping[str, pd.DataFrame | None]) -> dict:
    """An industry's block: its own figures, its share of all little giants, the provinces and cities leading
    it (with the field's share of each one's companies), its outside benchmark, its ranks among the key
    industries, its star table."""
    mine = areas.rows(df, "industry", name)
    block = _as_nation(own(mine, years, batches), summary)
    block.pop("industries")

    def leading(level: str) -> list[dict]:
        totals = df[level].astype(str).value_counts()
        return [{**pl, "share_of_place": ratio(pl["companies"], int(totals[pl["name"]]))}
                for pl in areas.places(mine, level, batches)[:TOP_PLACES]]

    fields = {n: _as_nation(own(areas.rows(df, "industry", n), years, batches), summary) for n in KEY_INDUSTRIES}
    table = star_tables.get(name)
    stars = None if summary.get("stars") is None or table is None else [
        {"industry": name, "rank": int(r["排名"]) if "排名" in r else None, "name": str(r.get("企业名称", "")),
         "industry_detail": str(r.get("具体产业类别", "")), "city": str(r.get("所在城市", "")),
         "province": str(r.get("所在省份", ""))} for r in table.to_dict("records")]
    return {"kind": "industry", "name": name, **block, "share": ratio(len(mine), summary.get("companies")),
            "provinces": leading("province"), "cities": leading("city"),
            "province_count": int(mine["province"].astype(str).replace("", pd.NA).nunique()),
            "city_count": int(mine["city"].astype(str).replace("", pd.NA).nunique()),
            "benchmark": dict((summary.get("industries") or {}).get(name) or {}),
            "peers": {"nation": len(KEY_INDUSTRIES)},
            "ranks": {"nation": areas.ranks(fields)[name] if name in fields else None},
            "stars": stars}


def cities_for_briefings(df: pd.DataFrame, min_companies: int) -> list[str]:
    """The cities `briefing --all cities` writes: those with at least `min_companies` companies, most first."""
    counts = df["city"].astype(str).value_counts()
    return sorted((c for c, n in counts.items() if c and n >= min_companies), key=lambda c: (-int(counts[c]), c))


def district(df: pd.DataFrame, summary: Mapping, city_name: str, name: str, years: tuple[int, int],
             batches: list[int], star_tables: Mapping[str, pd.DataFrame | None]) -> dict:
    """A district's block, against its city and the nation (not ranked: district lists differ by source)."""
    in_city = areas.rows(df, "city", city_name)
    mine = areas.rows(in_city, "district", name)
    if mine.empty:
        raise KeyError(name)
    names = set(mine["name"].astype(str))
    parent = _as_nation(own(in_city, years, batches), summary)
    stars = None if summary.get("stars") is None else [
        st for st in areas.stars(star_tables, "city", city_name) if st["name"] in names]
    return {"kind": "district", "name": name, "city": city_name, "province": str(mine["province"].iloc[0]),
            **_as_nation(own(mine, years, batches), summary), "places": [], "stars": stars,
            "peers": {}, "ranks": {}, "ranked": False,
            "parent": {"name": city_name, **{k: parent[k] for k in ("companies", "companies_by_batch", "valid_inventions_mean",
                                                                   "invention_density_per_1000", "employees_mean",
                                                                   "measures", "industries")}}}


def block(stats, area, min_companies: int, city_peers: dict[str, dict] | None = None) -> dict:
    """The statistics of a city's, a district's or an industry's briefing (`area`: data.regions.Area) from
    computed statistics; KeyError when the data has no company there."""
    from .company_metrics import growth_years
    from .measures import batch_keys
    df, summary = stats.companies, stats.summary
    years, batches = growth_years(stats.as_of), batch_keys(df)
    star_tables = star_tables_of(stats)
    if area.kind == "city":
        return city(df, summary, area.name, years, batches, star_tables, min_companies, city_peers)
    if area.kind == "district":
        return district(df, summary, area.city, area.name, years, batches, star_tables)
    if area.kind == "industry":
        if not (df["industry"] == area.name).any():
            raise KeyError(area.name)
        return industry(df, summary, area.name, years, batches, star_tables)
    raise ValueError(f"not an area of stats/briefs.py: {area.kind}")


def star_tables_of(stats) -> dict[str, pd.DataFrame | None]:
    """Industry → its star table (tables 3.1–3.8), in the order of summary["stars"]."""
    names = list(stats.summary.get("stars") or {}) or list(KEY_INDUSTRIES)
    return {name: stats.tables.get(f"table-3-{i}") for i, name in enumerate(names, start=1)}
