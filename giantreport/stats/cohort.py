"""A comparison cohort from data (``--cohort DIR --cohort-name NAME``, docs/metrics.md §12).

benchmarks.yaml types in the A-share figures the report compares with (blocks ``ashare``, ``industries``,
``industry_groups``). A cohort is a second company/patent dataset in the same format, computed by the same
engine, definitions and cut-off; its results take the place of those three blocks, so the comparison is of
like with like. Pure: a cohort's summary in, benchmark blocks out.
"""
from __future__ import annotations

import copy

#: The ``ashare`` block's keys: the group measures of the same names in a summary.
ASHARE_KEYS = ("applications_mean", "valid_inventions_mean", "invention_applications_mean", "invention_grants_mean",
               "invention_density_per_1000", "invention_application_share", "invention_grant_rate")
#: The blocks a cohort replaces.
BLOCKS = ("ashare", "industries", "industry_groups")


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def cohort_blocks(summary: dict, groups: dict | None = None) -> dict:
    """The ``ashare``, ``industries`` and ``industry_groups`` blocks as benchmarks.yaml writes them, from a
    cohort's summary. ``groups``: the industry groups of the benchmarks in use (name → {"members": …}); their
    shares come from the cohort. A value the cohort's data cannot give is left out (as if not typed in)."""
    ashare = {k: summary[k] for k in ASHARE_KEYS if _number(summary.get(k))}
    industries = {}
    for name, v in (summary.get("industries") or {}).items():
        entry = {k: v[k] for k in ("share", "valid_inventions_mean") if isinstance(v, dict) and _number(v.get(k))}
        if entry:
            industries[name] = entry
    computed = summary.get("industry_groups") or {}
    industry_groups = {}
    for name, spec in (groups or {}).items():
        share = (computed.get(name) or {}).get("share")
        if isinstance(spec, dict) and _number(share):
            industry_groups[name] = {"members": spec.get("members"), "share": share}
    return {"ashare": ashare, "industries": industries, "industry_groups": industry_groups}


def with_cohort(benchmarks: dict, summary: dict, name: str, folder: str) -> dict:
    """The loaded benchmarks (as benchmarks.yaml gives them, with ``year`` fields) with the three A-share
    blocks replaced by the cohort's, dated with the cohort's edition year, and the source line naming it."""
    out = copy.deepcopy(benchmarks or {})
    blocks = cohort_blocks(summary, out.get("industry_groups"))
    year = summary.get("edition_year")
    for block in BLOCKS:
        out[block] = {**blocks[block], **({"year": year} if year is not None else {})}
    source = f"{name}：{folder} 的企业数据，按与本报告相同的口径计算（截至 {summary.get('as_of')}，{summary.get('companies')} 家）"
    out["source"] = f"{out['source']}；{source}" if out.get("source") else source
    out["cohort"] = {"name": name, "folder": folder, "as_of": summary.get("as_of"), "companies": summary.get("companies")}
    return out
