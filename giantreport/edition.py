"""The edition follows the data: its cut-off date, its year, and the year of the outside benchmarks.

    resolve(config, dataset) -> (config, note)   the cut-off D and edition year for this data
    benchmarks_for(raw, edition_year, policy)    the benchmarks without their year fields, and which
                                                 blocks describe another year (marked or left out)
    audit_applies(dataset, as_of)                 whether the reproduction audit has anything to compare

Cut-off D: ``--as-of``; else ``report.as_of`` written in the configuration; else the latest date the data
supports (the bundled sample: 2022-06-30, the cut-off of the report it is calibrated to; other data: the
latest application, publication or grant date of its patents, not after today); else 2022-06-30.
Edition year: ``report.edition_year`` when written, else the year of D.
"""
from __future__ import annotations

import copy
import datetime as dt

from .data.bundled import PUBLISHED_EDITION, SAMPLE_AS_OF, is_bundled

PATENT_DATES = ("appln_date", "pub_date", "grant_date")

#: Benchmark entries that describe a year (a block's own ``year``, else the file's top-level ``year``).
#: policy_growth_target is a target of the 2021–2025 plan, not data of a year: never marked.
DATED = ("national", "ashare", "boards", "top500_pct_share", "industries", "industry_groups")

#: What each dated block is, for the sentences that name it.
BLOCK_LABELS = {"national": "全国企业", "ashare": "A 股上市企业", "boards": "A 股各板块上市企业数",
                "top500_pct_share": "专利规模前 500 家科技企业", "industries": "A 股上市企业分产业领域",
                "industry_groups": "A 股上市企业分产业领域"}


def latest_date(dataset) -> dt.date | None:
    """The latest date the data supports: the bundled sample's cut-off, or the latest patent date."""
    if is_bundled(dataset):
        return SAMPLE_AS_OF
    patents = getattr(dataset, "patents", None)
    if patents is None or not len(patents):
        return None
    from .data.patent_file import PatentFile
    if isinstance(patents, PatentFile):       # rows left in their file for DuckDB: found by SQL
        return patents.latest
    import pandas as pd
    today = pd.Timestamp(dt.date.today())
    latest = None
    for column in PATENT_DATES:
        if column not in patents.columns:
            continue
        values = pd.to_datetime(patents[column], errors="coerce")
        values = values[values <= today]
        if values.notna().any():
            top = values.max()
            latest = top if latest is None or top > latest else latest
    return None if latest is None else latest.date()


def resolve(config, dataset):
    """The configuration with the cut-off D and the edition year for this data (see the module's docstring)."""
    if config.as_of_given:
        return config
    latest = latest_date(dataset)
    return config if latest is None else config.resolved(latest)


def as_of_note(configured, resolved, dataset) -> str | None:
    """One line saying where a cut-off that was not given came from (none for the bundled sample)."""
    if configured.as_of_given or is_bundled(dataset):
        return None
    if resolved.as_of != configured.as_of:
        return (f"数据截止日取数据中最近的专利日期 {resolved.as_of.isoformat()}，版次为 {resolved.edition_year} 年"
                "（可用 --as-of 指定截止日）")
    return f"数据截止日取默认的 {resolved.as_of.isoformat()}（数据中没有更晚的专利日期；可用 --as-of 指定）"


def audit_applies(dataset, as_of: dt.date) -> bool:
    """The audit compares with the 2022 publication: only the bundled sample as of its cut-off has its figures."""
    return is_bundled(dataset) and as_of == SAMPLE_AS_OF


def nothing_to_audit(dataset, as_of: dt.date) -> str:
    """The one line `audit` prints on data it cannot compare."""
    what = "内置样例数据" if is_bundled(dataset) else "这份数据"
    return (f"复现审计：{what}截至 {as_of.isoformat()}，不是 {PUBLISHED_EDITION} 年报告所用的数据（内置样例数据，截至 "
            f"{SAMPLE_AS_OF.isoformat()}），没有可对照的公开数字。")


# ---------------------------------------------------------------- benchmarks and their years

def benchmarks_for(raw: dict | None, edition_year: int, policy: str = "mark") -> dict:
    """The benchmarks as the statistics use them: no ``year`` fields, plus three keys —
    ``years`` (block → year it describes), ``other_year`` (blocks used although their year differs from
    the edition's: each use says so) and ``left_out`` (blocks of another year removed, policy "omit")."""
    bm = copy.deepcopy(raw or {})
    default_year = bm.pop("year", None)
    years: dict[str, int] = {}
    for block in DATED:
        value = bm.get(block)
        year = value.pop("year", None) if isinstance(value, dict) else None
        year = year if year is not None else default_year
        if value is not None and _is_year(year):
            years[block] = int(year)
    for value in bm.values():                       # a year field anywhere else is no figure
        if isinstance(value, dict):
            value.pop("year", None)
    other = {b: y for b, y in years.items() if y != edition_year}
    left_out: dict[str, int] = {}
    if policy == "omit":
        for block in other:
            bm.pop(block, None)
        left_out, other = other, {}
    bm["years"], bm["other_year"], bm["left_out"] = years, other, left_out
    return bm


def _is_year(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200


def other_year_text(bm: dict, blocks) -> str | None:
    """"A 股上市企业为 2022 年数据" for the given blocks used with another year's benchmarks, else None."""
    other = (bm or {}).get("other_year") or {}
    by_year: dict[int, list[str]] = {}
    for block in blocks:
        if block in other:
            label = BLOCK_LABELS.get(block, block)
            names = by_year.setdefault(other[block], [])
            if label not in names:
                names.append(label)
    if not by_year:
        return None
    return "；".join(f"{'、'.join(names)}为 {year} 年数据" for year, names in sorted(by_year.items()))
