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


#: what peers() reads: measures.tech_measures' columns, employees and the province
_PEER_COLUMNS = frozenset({"province", "employees", "applications", "invention_applications", "invention_grants",
                           "valid_inventions", "pct_applications", "applications_prev", "applications_last",
                           "citations", "licenses", "transfers"})


def peers(df: pd.DataFrame, level: str, years: tuple[int, int], min_companies: int = 1) -> dict[str, dict]:
    """The ranked values and measures of every area at `level` with at least `min_companies` companies."""
    out = {}
    # only the columns the measures read: groups of a narrow frame are cheap to cut (66 cities: 0.09 → 0.04 s)
    needed = [c for c in df.columns if c in _PEER_COLUMNS or c == level]
    for name, g in df[needed].groupby(level, sort=False):
        if str(name) and len(g) >= min_companies:
            out[str(name)] = {"companies": int(len(g)), "valid_inventions_total": int(g["valid_inventions"].sum()),
                              "valid_inventions_mean": mean(g["valid_inventions"]),
                              "invention_density_per_1000": density(g),
                              "employees_mean": mean(g["employees"].dropna()),
                              "measures": areas.measures(g, years), "province": str(g["province"].iloc[0])}
    return out


def peer_ranks(city_peers: dict[str, dict], summary: Mapping) -> dict:
    """Every ranked city's ranks, among all of them ("nation") and among its province's ("province": by city);
    no rank where the nation has no value."""
    known = {n: _as_nation({**a, "measures": dict(a["measures"])}, summary) for n, a in city_peers.items()}
    by_province: dict[str, dict] = {}
    for n, a in known.items():
        by_province.setdefault(city_peers[n]["province"], {})[n] = a
    within = {}
    for group in by_province.values():
        within.update(areas.ranks(group))
    return {"nation": areas.ranks(known), "province": within}


def city(df: pd.DataFrame, summary: Mapping, name: str, years: tuple[int, int], batches: list[int],
         star_tables: Mapping[str, pd.DataFrame | None], min_companies: int,
         city_peers: dict[str, dict] | None = None, city_ranks: dict | None = None,
         star_rows: Mapping[str, list[dict]] | None = None) -> dict:
    """A city's block: its own figures, its districts and stars, its province's and the nation's figures
    beside them, and its ranks among the province's cities and among all cities with ≥ min_companies.
    `city_peers`, `city_ranks`, `star_rows` (areas.star_rows of `star_tables`): computed once for many cities."""
    mine = areas.rows(df, "city", name)
    if mine.empty:
        raise KeyError(name)
    province = str(mine["province"].mode().iloc[0])
    city_peers = peers(df, "city", years, min_companies) if city_peers is None else city_peers
    city_ranks = peer_ranks(city_peers, summary) if city_ranks is None else city_ranks
    in_province = {n: a for n, a in city_peers.items() if a["province"] == province}
    block = _as_nation(own(mine, years, batches), summary)
    p = (summary.get("provinces") or {}).get(province) or {}
    return {"kind": "city", "name": name, "province": province, **block,
            "place_level": "district", "places": areas.places(mine, "district", batches),
            "stars": None if summary.get("stars") is None else areas.stars(
                areas.star_rows(star_tables) if star_rows is None else star_rows, "city", name),
            "min_companies": min_companies, "ranked": name in city_peers,
            "peers": {"province": len(in_province), "nation": len(city_peers)},
            "ranks": {"province": city_ranks["province"].get(name), "nation": city_ranks["nation"].get(name)},
            "parent": {"name": province, "companies": p.get("companies"),
                       "companies_by_batch": p.get("companies_by_batch") or {},
                       **{k: p.get(k) for k in ("valid_inventions_mean", "invention_density_per_1000", "employees_mean")},
                       "measures": p.get("measures") or {}, "industries": p.get("industries") or {}}}


def fields(df: pd.DataFrame, summary: Mapping, years: tuple[int, int], batches: list[int]) -> dict[str, dict]:
    """Every key industry's own figures (the peers an industry is ranked among)."""
    return {n: _as_nation(own(areas.rows(df, "industry", n), years, batches), summary) for n in KEY_INDUSTRIES}


def industry(df: pd.DataFrame, summary: Mapping, name: str, years: tuple[int, int], batches: list[int],
             star_tables: Mapping[str, pd.DataFrame | None], peers_: dict[str, dict] | None = None) -> dict:
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

    peers_ = fields(df, summary, years, batches) if peers_ is None else peers_
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
            "ranks": {"nation": areas.ranks(peers_)[name] if name in peers_ else None},
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
        st for st in areas.stars(areas.star_rows(star_tables), "city", city_name) if st["name"] in names]
    return {"kind": "district", "name": name, "city": city_name, "province": str(mine["province"].iloc[0]),
            **_as_nation(own(mine, years, batches), summary), "places": [], "stars": stars,
            "peers": {}, "ranks": {}, "ranked": False,
            "parent": {"name": city_name, **{k: parent[k] for k in ("companies", "companies_by_batch", "valid_inventions_mean",
                                                                   "invention_density_per_1000", "employees_mean",
                                                                   "measures", "industries")}}}


def block(stats, area, min_companies: int, city_peers: dict[str, dict] | None = None,
          city_ranks: dict | None = None, star_rows: Mapping[str, list[dict]] | None = None) -> dict:
    """The statistics of a city's, a district's or an industry's briefing (`area`: data.regions.Area) from
    computed statistics; KeyError when the data has no company there."""
    from .company_metrics import growth_years
    from .measures import batch_keys
    df, summary = stats.companies, stats.summary
    years, batches = growth_years(stats.as_of), batch_keys(df)
    star_tables = star_tables_of(stats)
    if area.kind == "city":
        return city(df, summary, area.name, years, batches, star_tables, min_companies, city_peers, city_ranks,
                    star_rows)
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


# ------------------------------------------------------------------ the statistics files (city-杭州市.csv, industry-新材料.csv)

#: Row labels of the dimension measures in the sheets (the briefing's table words them the same way).
MEASURE_LABELS = {"applications_mean": "平均累计专利申请量（件/家）", "valid_inventions_mean": "平均有效发明专利量（件/家）",
                  "applications_growth": "专利申请增速", "invention_density_per_1000": "发明专利密度（件/千人）",
                  "invention_application_share": "发明专利申请占比", "invention_grant_rate": "发明专利授权率",
                  "citations_mean": "平均专利被引用次数（次/家）", "licenses_mean": "平均专利对外许可次数（次/家）",
                  "transfers_mean": "平均专利对外转让次数（次/家）", "pct_mean": "平均 PCT 专利申请量（件/家）",
                  "pct_share": "PCT 申请占比"}


def _number(v):
    v = v.get("rate") if isinstance(v, dict) else v
    return None if v is None else v


def sheet(block: dict, summary: Mapping) -> pd.DataFrame:
    """A city's or an industry's numbers as one long table: item, detail, value, its parent's (a city's
    province; none for an industry), the nation's (all little giants), its ranks (a city: among the province's
    cities and all cities with ≥ min_companies; an industry: among the key industries)."""
    from . import columns as C
    parent = block.get("parent") or {}
    ranks = block.get("ranks") or {}
    rp, rn = ranks.get("province") or {}, ranks.get("nation") or {}
    rows = []

    def row(item, detail, value, parent_value=None, national=None, key=None):
        rows.append({C.label("sheet_item"): item, C.label("sheet_dimension"): detail, C.label("sheet_value"): _number(value),
                     C.label("parent_value"): _number(parent_value), C.label("national_value"): _number(national),
                     C.label("province_rank"): rp.get(key) if key else None,
                     C.label("national_rank"): rn.get(key) if key else None})

    row("企业数量", "", block["companies"], parent.get("companies"), summary.get("companies"), "companies")
    for b, n in (block.get("companies_by_batch") or {}).items():
        row("分批次企业数量", f"第{b}批", n, (parent.get("companies_by_batch") or {}).get(b), (summary.get("batches") or {}).get(b))
    row("有效发明专利总量", "", block.get("valid_inventions_total"), None, None, "valid_inventions_total")
    row("平均员工规模（人）", "", block.get("employees_mean"), parent.get("employees_mean"), summary.get("employees_mean"),
        "employees_mean")
    for dim, key in areas.DIMENSION_MEASURES:
        row(MEASURE_LABELS[key], dim, (block.get("measures") or {}).get(key), (parent.get("measures") or {}).get(key),
            summary.get(key), key)
    for name, m in (block.get("industries") or {}).items():
        row("产业领域占比", name, m.get("share"), (parent.get("industries") or {}).get(name, {}).get("share"),
            ((summary.get("industries") or {}).get(name) or {}).get("share"))
    for pl in block.get("places") or []:
        row("分区县企业数量", pl["name"], pl["companies"])
    for level, word in (("provinces", "省份"), ("cities", "城市")):
        for pl in block.get(level) or []:
            row(f"企业数量居前的{word}", pl["name"], pl["companies"])
    bm = block.get("benchmark") or {}
    for key, item in (("ashare_share", "A 股上市企业中本领域占比"), ("ashare_valid_inventions_mean", "A 股本领域平均有效发明专利量（件/家）")):
        if key in bm:
            row(item, "", bm[key])
    if block.get("stars") is not None:
        row("入选明星榜企业数", "", len(block["stars"]))
    table = pd.DataFrame(rows)
    return table


def sheets(stats, min_companies: int) -> dict[str, pd.DataFrame]:
    """The statistics files of the cities with ≥ min_companies companies and of the key industries:
    {"city-杭州市": table, …, "industry-新材料": table, …}."""
    from .company_metrics import growth_years
    from .measures import batch_keys
    df, summary = stats.companies, stats.summary
    years, batches = growth_years(stats.as_of), batch_keys(df)
    star_tables = star_tables_of(stats)
    out = {}
    city_peers = peers(df, "city", years, min_companies)
    city_ranks = peer_ranks(city_peers, summary)
    star_rows = areas.star_rows(star_tables)
    for name in cities_for_briefings(df, min_companies):
        out[f"city-{name}"] = sheet(city(df, summary, name, years, batches, star_tables, min_companies, city_peers,
                                         city_ranks, star_rows), summary)
    field_peers = fields(df, summary, years, batches)
    for name in KEY_INDUSTRIES:
        if (df["industry"] == name).any():
            out[f"industry-{name}"] = sheet(industry(df, summary, name, years, batches, star_tables, field_peers), summary)
    return out
