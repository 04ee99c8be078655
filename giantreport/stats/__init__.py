"""The statistics engine: loaded data in, plain results out (no charts, no templates, no files).

`compute_stats` reads top to bottom as the report does: profile, technology, industries, regions.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ..config import Config
from ..data.bundled import is_bundled, published_stars
from ..data.load import Dataset
from ..edition import benchmarks_for
from .. import __version__
from . import change, findings
from . import industries as ind
from . import areas, missing, profile, regions, technology
from .company_metrics import company_metrics, growth_years
from .measures import batch_keys, by_batch, profile_measures, tech_measures
from . import columns as C

BY_BATCH_KEYS = ("employees_mean", "founded_years_median", "listed_share", "financed_share",
                 "applications_mean", "valid_inventions_mean", "invention_applications_mean",
                 "invention_grants_mean", "applications_growth", "invention_density_per_1000",
                 "invention_application_share", "invention_grant_rate", "citations_mean", "licenses_mean",
                 "transfers_mean", "pct_mean", "pct_share")


@dataclass
class Stats:
    as_of: dt.date
    summary: dict
    tables: dict[str, pd.DataFrame | None]   # None: a figure or table the data cannot give
    companies: pd.DataFrame            # companies with their patent metrics and star score
    province_sheets: dict[str, pd.DataFrame] = field(default_factory=dict)
    benchmarks: dict = field(default_factory=dict)     # the outside reference figures used
    audit: pd.DataFrame | None = None                  # reproduction audit, when run on the bundled data


def compute_stats(dataset: Dataset, config: Config) -> Stats:
    as_of = config.as_of
    years = growth_years(as_of)
    # companies the data marks 未通过 or 撤销 (复核) are no longer in the list: out of every statistic
    companies, patents, review = change.listed(dataset)
    metrics = company_metrics(companies, patents, as_of)
    # aggregate columns of a companies file share names with the metrics (valid_inventions, …): metrics win
    df = pd.concat([companies.drop(columns=list(metrics.columns), errors="ignore"), metrics], axis=1)
    # the outside figures without their year fields; those of another year than the edition's are
    # marked (other_year) or left out (report.benchmarks_other_year = "omit"), see giantreport/edition.py
    bm = benchmarks_for(dataset.benchmarks, config.edition_year, config.benchmarks_other_year)
    bundled = is_bundled(dataset)
    summary: dict = {"as_of": as_of.isoformat(), "companies": int(len(df))}
    if review is not None:
        summary["review"] = review
    tables: dict[str, pd.DataFrame] = {}

    # chapter 1: profile
    summary["batches"] = {str(b): int(n) for b, n in df.groupby("batch").size().items()}
    overall = {**profile_measures(df, as_of), **tech_measures(df, years)}
    per_batch = by_batch(df, lambda g: {**profile_measures(g, as_of), **tech_measures(g, years)})
    for key, value in overall.items():
        summary.setdefault(key, value)
    for key in BY_BATCH_KEYS:
        summary[f"{key}_by_batch"] = {b: m[key] for b, m in per_batch.items()}
    summary["listed_count_by_batch"] = {b: m["listed_count"] for b, m in per_batch.items()}
    summary["financed_count_by_batch"] = {b: m["financed_count"] for b, m in per_batch.items()}
    summary["boards"] = profile.boards(df, bm)
    summary["national"] = profile.national(df, bm)
    summary["boards_by_batch"] = by_batch(df, lambda g: profile.boards(g, bm))
    summary["national_by_batch"] = by_batch(df, lambda g: profile.national(g, bm))
    summary["recognition"] = findings.recognition(summary["batches"], bm)
    summary["policy_target"] = findings.policy_target(len(df), summary["batches"], as_of, bm, summary["recognition"])
    tables["fig-1-1"] = profile.fig_1_1_batches(df)
    tables["fig-1-2"] = profile.fig_1_2_size_age(df, as_of)
    tables["fig-1-3"] = None           # built after the missing inputs are nulled (a value not known is not 0)
    tables["fig-1-4"] = profile.fig_1_4_financing(df, as_of)
    tables["fig-1-5"] = profile.fig_1_5_boards(summary["boards"])
    tables["fig-1-6"] = profile.fig_1_6_board_contribution(summary["boards"])

    # chapter 2: technology
    counts, shares = technology.pct_buckets(df)
    summary["pct_buckets"], summary["pct_bucket_shares"] = counts, shares
    summary["pct_buckets_by_batch"] = by_batch(df, lambda g: technology.pct_buckets(g)[0])
    tables["fig-2-1"] = technology.fig_2_1_scale(df, years)
    tables["fig-2-2"] = technology.fig_2_2_growth(df, years)
    tables["fig-2-3"] = technology.fig_2_3_density(df, years)
    tables["fig-2-4"] = technology.fig_2_4_quality(df, years)
    tables["fig-2-5"] = technology.fig_2_5_influence(df, years)
    tables["fig-2-6"] = technology.fig_2_6_pct(df, years)
    tables["fig-2-6b"] = technology.fig_2_6b_pct_buckets(counts, shares)

    # chapter 3: the newest batch, industries, stars
    summary["newest_batch"] = newest_batch(df, as_of, years)
    summary["industries"] = ind.industries(df, bm)
    summary["industry_groups"] = ind.industry_groups(df, bm)
    summary["industries_by_batch"] = ind.industries_by_batch(df)
    summary["focus_share"] = ind.focus_share(df)
    summary["focus_share_by_batch"] = by_batch(df, ind.focus_share)
    summary["ashare_focus_share"] = findings.ashare_focus_share(summary["industries"])
    tables["fig-3-1"] = ind.fig_3_1_industries(summary["industries"], summary["industry_groups"])
    tables["fig-3-2"] = ind.fig_3_2_by_batch(df, summary["industries_by_batch"])
    tables["fig-3-3"] = ind.fig_3_3_scale(summary["industries"], overall["valid_inventions_mean"],
                                          (bm.get("ashare", {}) or {}).get("valid_inventions_mean"))
    df["star_score"] = ind.star_scores(df, config.stars)
    star_lists = ind.stars(df, config.star_count)
    summary["stars"] = {name: list(top["name"]) for name, top in star_lists.items()}
    published = published_stars() if bundled else {}
    if bundled:
        # the bundled sample's company values are synthetic: the 2022 report's lists, in its order, unranked
        for name, names in summary["stars"].items():
            order = list(published.get(name, {}).get(C.label("company_name"), []))
            summary["stars"][name] = [n for n in order if n in names] + [n for n in names if n not in order]
    for i, (name, top) in enumerate(star_lists.items(), start=1):
        tables[f"table-3-{i}"] = published[name] if name in published else ind.star_table(top)
    star_tables = {name: tables[f"table-3-{i}"] for i, name in enumerate(star_lists, start=1)}
    star_table_rows = areas.star_rows(star_tables)                  # read by every province's area() below

    # chapter 4: regions
    summary["cr10"] = {}
    summary["regions_over_100"] = {}
    for level, fig in zip(regions.LEVELS, ("fig-4-1", "fig-4-2", "fig-4-3")):
        conc = regions.concentration(df, level)
        summary["cr10"][level] = {k: conc[k] for k in ("cr10", "top_share_of_regions", "regions", "top10",
                                                       "top10_companies", "next_companies")}
        summary["regions_over_100"][level] = conc["over_100"]
        table = regions.counts_by_batch(df, level)
        tables[fig] = (table if level == "province" else table.head(20)).reset_index()
    summary["cities"] = _top_regions(tables["fig-4-2"], C.label("city"))
    summary["districts"] = _top_regions(tables["fig-4-3"], C.label("district"))
    province_table = regions.province_table(df)
    tables["table-4-1"] = province_table
    tables["fig-4-4"] = province_table[[C.label("province"), C.label("companies"), C.label("employees_mean"), C.label("valid_inventions_mean_province")]]
    radar = regions.radar(df, config.radar)
    ranks = regions.industry_ranks(df)
    summary["provinces"] = {}
    for row in province_table.itertuples(index=False):
        name = row[0]
        g = df[df["province"] == name]
        summary["provinces"][name] = {
            "companies": int(row[1]),
            "companies_by_batch": {str(b): int((g["batch"] == b).sum()) for b in batch_keys(df)},
            # the table holds NaN where a value is undefined; the summary holds None, as everywhere else
            "employees_mean": None if pd.isna(row[2]) else float(row[2]),
            "valid_inventions_mean": None if pd.isna(row[3]) else float(row[3]),
            "invention_density_per_1000": None if pd.isna(row[4]) else float(row[4]),
            "density_ratio_to_national": findings.density_ratio(None if pd.isna(row[4]) else float(row[4]),
                                                                overall["invention_density_per_1000"]),
            "radar": {dim: float(radar.at[name, dim]) for dim in radar.columns},
            "highlights": regions.highlights(ranks, name),
            # what the briefing shows of the province itself (stats/areas.py)
            **areas.area(df, "province", name, years, batch_keys(df), star_table_rows),
        }
    absent = set(dataset.missing)
    if dataset.patents is None and "patents" not in absent and not {f"applications_{y}" for y in years} <= set(df.columns):
        absent.add("yearly_applications")
    missing.apply(absent, summary, tables)
    tables["fig-1-3"] = profile.fig_1_3_national(df, summary["national"], bm)
    # ranks, classes and medians of what is left: a value the data cannot give has no rank
    area_ranks = areas.ranks(summary["provinces"])
    for name, p in summary["provinces"].items():
        p["ranks"] = area_ranks[name]
        p["class"] = areas.area_class(p.get("employees_mean"), p.get("valid_inventions_mean"),
                                      summary.get("employees_mean"), summary.get("valid_inventions_mean"))
    summary["radar_median"] = areas.radar_median(summary["provinces"])
    sheets = fact_sheet_provinces(summary["provinces"], config)
    summary["fact_sheets"] = sheets
    summary["edition_year"] = config.edition_year
    summary["benchmark_years"] = dict(bm["years"])           # block → the year its figures describe
    summary["benchmarks_other_year"] = dict(bm["other_year"])  # used, marked "<year> 年数据"
    summary["benchmarks_left_out"] = dict(bm["left_out"])    # another year's, left out by configuration
    province_sheets = {}
    for name in summary["provinces"]:
        p = summary["provinces"][name]
        sheet = pd.DataFrame(
            [{C.label("sheet_item"): "企业数量", C.label("sheet_dimension"): "", C.label("sheet_value"): p["companies"], C.label("national_rank"): None}]
            + [{C.label("sheet_item"): "科创能力雷达", C.label("sheet_dimension"): dim, C.label("sheet_value"): v, C.label("national_rank"): None}
               for dim, v in (p["radar"] or {}).items()]
            + [{C.label("sheet_item"): f"亮点产业领域{i}", C.label("sheet_dimension"): h["industry"], C.label("sheet_value"): h["valid_inventions"],
                C.label("national_rank"): h["rank"], C.label("companies"): h["companies"]} for i, h in enumerate(p["highlights"] or [], start=1)])
        province_sheets[name] = sheet
        if name in sheets:
            tables[f"province-{name}"] = sheet
    summary["missing"] = sorted(absent)          # inputs the data lacks (their statistics are null)
    summary["definitions"] = change.definitions(config, dataset, __version__)   # what the numbers were built with
    return Stats(as_of, summary, tables, df, province_sheets, bm)


def _top_regions(table: pd.DataFrame, label: str) -> dict[str, dict]:
    batch_cols = {c[1:-1]: c for c in table.columns if C.column_of(c) is C.COLUMNS["batch_companies"]}   # 第3批 → "3"
    return {row[label]: {"companies": int(row[C.label("total_companies")]),
                         "companies_by_batch": {b: int(row[c]) for b, c in batch_cols.items()}}
            for _, row in table.iterrows()}


def newest_batch(df: pd.DataFrame, as_of: dt.date, years) -> dict:
    """The newest batch against all earlier ones together (the seed's chapter on the fourth batch)."""
    batches = batch_keys(df)
    newest = batches[-1]
    new, old = df[df["batch"] == newest], df[df["batch"] < newest]
    return {"batch": newest,
            "newest": {**profile_measures(new, as_of), **tech_measures(new, years), "focus_share": ind.focus_share(new),
                       "industry_shares": findings.industry_shares(new)},
            "earlier": ({**profile_measures(old, as_of), **tech_measures(old, years), "focus_share": ind.focus_share(old),
                         "industry_shares": findings.industry_shares(old)}
                        if len(old) else None)}


def fact_sheet_provinces(provinces: dict, config: Config) -> list[str]:
    if config.fact_sheet_provinces:
        return [p for p in config.fact_sheet_provinces if p in provinces]
    return list(provinces)[: config.fact_sheet_top]
