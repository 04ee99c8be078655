"""Inputs of the 摘要 findings that no chapter computes (docs/metrics.md §6 and §10).

The key findings restate the 2022 report's conclusions only where the data supports them; the numbers
they rest on are computed here, from the data and the benchmarks, and written to summary.json:

* ``recognition``: how many companies of the list passed 培育认定, when the benchmarks give the
  recognised count for exactly this list (``recognition.listed`` per batch equal to the data's
  batches); else null — the data itself has no recognised flag.
* ``policy_target``: the list (or the recognised part of it) against the 十四五 target of 10,000
  little giants, when the cut-off falls in the plan's years and the list starts at the first batch.
* ``ashare_focus_share``: the share of A-share listed firms in the ten key industries (1 − 其他).
* ``industry_shares`` of the newest batch and of the earlier ones together (``newest_batch``).
* ``density_ratio_to_national`` per province.

Pure functions of plain values; thresholds for wording are in giantreport.narrative.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..data.schema import INDUSTRIES
from .measures import ratio


def _by_batch(node) -> dict[str, int] | None:
    """A benchmark mapping batch → count ({1: 248, …}) with string keys, or None when malformed."""
    if not isinstance(node, dict) or not node:
        return None
    out = {}
    for key, value in node.items():
        try:
            out[str(int(key))] = int(value)
        except (TypeError, ValueError):
            return None
    return dict(sorted(out.items(), key=lambda kv: int(kv[0])))


def recognition(batches: dict[str, int], benchmarks: dict) -> dict | None:
    """Listed and recognised counts, when ``benchmarks["recognition"]`` describes this very list: for each
    of the data's batches its ``listed`` count equals the data's companies in that batch (`batches`), and a
    ``recognised`` count is given. Batches the data does not have are ignored (a data folder's own
    benchmarks.yaml is merged into the bundled one, which describes the 2022 list)."""
    spec = (benchmarks or {}).get("recognition")
    if not isinstance(spec, dict) or not batches:
        return None
    listed, recognised = _by_batch(spec.get("listed")), _by_batch(spec.get("recognised"))
    mine = {str(k): int(v) for k, v in batches.items()}
    if listed is None or recognised is None or any(listed.get(b) != n or b not in recognised for b, n in mine.items()):
        return None
    listed = {b: listed[b] for b in mine}
    recognised = {b: recognised[b] for b in mine}
    if any(recognised[b] > listed[b] or recognised[b] < 0 for b in listed):
        return None
    total_listed, total_recognised = sum(listed.values()), sum(recognised.values())
    return {"listed": total_listed, "recognised": total_recognised,
            "listed_by_batch": listed, "recognised_by_batch": recognised,
            "recognised_share": ratio(total_recognised, total_listed)}


def policy_target(companies: int, batches: dict[str, int], as_of: dt.date, benchmarks: dict,
                  recognised: dict | None) -> dict | None:
    """The list against the 十四五 target (``benchmarks["policy_targets"]``): counted are the recognised
    companies when known, else the listed ones. None without a target, when the cut-off year is outside
    the plan's years, or when the list does not start at the first batch (then it is not the whole
    cumulative list the target speaks of)."""
    spec = (benchmarks or {}).get("policy_targets")
    if not isinstance(spec, dict):
        return None
    target = spec.get("little_giants")
    first, last = spec.get("from_year"), spec.get("to_year")
    if not target or not first or not last or not (int(first) <= as_of.year <= int(last)):
        return None
    if "1" not in batches:
        return None
    counted = recognised["recognised"] if recognised else int(companies)
    return {"target": int(target), "from_year": int(first), "to_year": int(last),
            "counted": int(counted), "counted_as": "recognised" if recognised else "listed",
            "share": ratio(counted, target)}


def ashare_focus_share(industries: dict | None) -> float | None:
    """Share of A-share listed firms in the ten key industries: 1 − the benchmark share of 其他."""
    other = ((industries or {}).get("其他") or {}).get("ashare_share")
    return None if other is None else 1.0 - float(other)


def industry_shares(g: pd.DataFrame) -> dict[str, float | None]:
    """Each industry's share of the group's companies (all INDUSTRIES, 其他 included)."""
    return {name: ratio(int((g["industry"] == name).sum()), len(g)) for name in INDUSTRIES}


def density_ratio(province_density: float | None, national_density: float | None) -> float | None:
    if province_density is None or not national_density:
        return None
    return float(province_density) / float(national_density)
