"""This edition against the previous one: what changed (docs/metrics.md §11).

Pure functions of two summaries (and, when the previous *data folder* is given, of the two company
lists). The summary of every edition carries ``definitions`` (what it was built with); a measure is
compared only when both editions define it alike:

* ``definitions_version``: bumped whenever a measure's definition changes in the engine. A previous
  summary without ``definitions`` (an earlier giantreport) or with another version leaves every measure
  but the counts (companies, batches, ranks by company count) uncompared.
* ``patent_source``: patent rows counted at the cut-off (``patents``) or the list's aggregate columns
  (``aggregates``). Patent measures of two editions with different sources are not compared.
* ``settings`` (radar and star weights …) shape no headline measure; differing settings are listed.
* another ``tool_version`` with the same definitions is named, and compared.
"""
from __future__ import annotations

from ..words import cn_number

import hashlib
import json

import pandas as pd

from ..data.schema import KEY_INDUSTRIES, REVIEW_DROPPED, name_key

#: Bumped when a measure below (or the way companies are counted) is defined differently.
DEFINITIONS_VERSION = 1

#: The headline measures compared, in the order the report names them: key → (kind, what it rests on).
#: kind "count": change in units and relative change; "mean": change and relative change; "share": change
#: in percentage points (``change`` holds the difference of the two fractions; × 100 = pp), no relative change.
#: "patents": a patent measure (compared only when both editions count patents alike).
HEADLINE: dict[str, tuple[str, str]] = {
    "companies": ("count", "list"),
    "batch_count": ("count", "list"),
    "employees_mean": ("mean", "profile"),
    "listed_share": ("share", "profile"),
    "financed_share": ("share", "profile"),
    "applications_mean": ("mean", "patents"),
    "valid_inventions_mean": ("mean", "patents"),
    "invention_applications_mean": ("mean", "patents"),
    "invention_grants_mean": ("mean", "patents"),
    "invention_density_per_1000": ("mean", "patents"),
    "invention_application_share": ("share", "patents"),
    "invention_grant_rate": ("share", "patents"),
    "pct_share": ("share", "patents"),
    "focus_share": ("share", "profile"),
}

#: Rank tables compared: level → where the summary holds the companies per name.
RANK_LEVELS = ("province", "city", "industry")


# ---------------------------------------------------------------- what an edition was built with

def definitions(config, dataset, tool_version: str) -> dict:
    """The ``definitions`` block of a summary: what its numbers depend on besides the data."""
    missing = set(getattr(dataset, "missing", ()) or ())
    if "patents" in missing:
        source = None
    else:
        source = "patents" if getattr(dataset, "patents", None) is not None else "aggregates"
    settings = {"radar": config.radar, "stars": config.stars, "star_count": config.star_count,
                "benchmarks_other_year": config.benchmarks_other_year}
    block = {"tool_version": tool_version, "definitions_version": DEFINITIONS_VERSION,
             "patent_source": source, "settings": settings}
    block["fingerprint"] = hashlib.sha256(json.dumps(
        {k: block[k] for k in ("definitions_version", "patent_source", "settings")},
        sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]
    return block


def listed(dataset) -> tuple[pd.DataFrame, object, dict | None]:
    """(companies, patents, ``review`` block) of the companies still in the list (see `review`);
    loaded patent rows of the companies no longer listed are left out with them."""
    companies, block = review(dataset.companies)
    patents = dataset.patents
    if block and block["dropped"] and isinstance(patents, pd.DataFrame):
        patents = patents[patents["company_id"].isin(companies["company_id"])]
    return companies, patents, block


def review(companies: pd.DataFrame) -> tuple[pd.DataFrame, dict | None]:
    """(the companies still in the list, the ``review`` block) from the 复核状态 column; without the
    column, (companies, None). 未通过 and 撤销 are no longer listed: out of every statistic."""
    if "review" not in companies.columns:
        return companies, None
    status = companies["review"].fillna("")
    dropped = status.isin(REVIEW_DROPPED)
    block = {"passed": int((~dropped).sum()), "failed": int((status == "未通过").sum()),
             "revoked": int((status == "撤销").sum()),
             "dropped": [{"id": str(i), "name": str(n), "status": str(s)} for i, n, s in
                         zip(companies.loc[dropped, "company_id"], companies.loc[dropped, "name"], status[dropped])]}
    return companies[~dropped].reset_index(drop=True), block


# ---------------------------------------------------------------- the change

def previous_block(prev: dict, source: str) -> dict:
    """What the previous edition was: ``source`` "data" (its folder, computed now) or "summary" (its summary.json)."""
    d = prev.get("definitions") or {}
    return {"source": source, "edition_year": prev.get("edition_year"), "as_of": prev.get("as_of"),
            "tool_version": d.get("tool_version"), "definitions_version": d.get("definitions_version"),
            "settings_fingerprint": d.get("fingerprint"), "companies": prev.get("companies"),
            "batches": dict(prev.get("batches") or {})}


def differences(current: dict, previous: dict) -> list[dict]:
    """What the two editions were built with differently: [{"what", "previous", "current"}]."""
    cur, prev = current.get("definitions") or {}, previous.get("definitions") or {}
    if not prev:
        return [{"what": "definitions", "previous": None, "current": cur.get("definitions_version")}]
    out = []
    for key in ("definitions_version", "patent_source", "tool_version"):
        if prev.get(key) != cur.get(key):
            out.append({"what": key, "previous": prev.get(key), "current": cur.get(key)})
    for key in sorted(set(cur.get("settings") or {}) | set(prev.get("settings") or {})):
        a, b = (prev.get("settings") or {}).get(key), (cur.get("settings") or {}).get(key)
        if a != b:
            out.append({"what": f"settings.{key}", "previous": a, "current": b})
    return out


def incomparable(basis: str, diffs: list[dict]) -> str | None:
    """Why a measure resting on ``basis`` is not compared, or None when it is."""
    whats = {d["what"] for d in diffs}
    if basis == "list":
        return None                      # counts of companies and batches mean the same in every edition
    if "definitions" in whats:
        return "上一版的统计结果没有记录口径（较早版本的 giantreport），无法确认口径一致"
    if "definitions_version" in whats:
        return "两版的指标口径不同（definitions_version）"
    if basis == "patents" and "patent_source" in whats:
        return "两版的专利数据来源不同（专利明细与名单中的汇总列），专利指标不作比较"
    return None


def measure_change(kind: str, previous, current) -> dict:
    """{"previous", "current", "change", "change_relative"}; None where either value is missing."""
    out = {"previous": previous, "current": current, "change": None, "change_relative": None}
    if previous is None or current is None:
        return out
    out["change"] = current - previous
    if kind != "share" and previous:
        out["change_relative"] = current / previous - 1
    return out


def _value(summary: dict, key: str):
    if key == "batch_count":
        return len(summary.get("batches") or {})
    value = summary.get(key)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def ranks(counts: dict[str, int]) -> dict[str, int]:
    """Competition ranks by companies, most first (10, 8, 8, 5 → 1, 2, 2, 4)."""
    return {name: 1 + sum(1 for m in counts.values() if m > n) for name, n in counts.items()}


def level_counts(summary: dict, level: str) -> dict[str, int] | None:
    """Companies per province, city (the top 20 the summary holds) or key industry; None when not known."""
    if level == "province":
        table = summary.get("provinces")
    elif level == "city":
        table = summary.get("cities")
    else:
        table = {k: v for k, v in (summary.get("industries") or {}).items() if k in KEY_INDUSTRIES}
    if not table:
        return None
    return {name: int(v["companies"]) for name, v in table.items()
            if isinstance(v, dict) and isinstance(v.get("companies"), int) and v["companies"] > 0}


def rank_changes(current: dict, previous: dict, level: str) -> dict | None:
    """{name: {"previous", "current", "change"}}: change > 0 is a rise (5th → 3rd: +2). A name ranked in one
    edition only has None for the other (for cities: outside the top 20 the summary holds)."""
    cur, prev = level_counts(current, level), level_counts(previous, level)
    if cur is None or prev is None:
        return None
    rc, rp = ranks(cur), ranks(prev)
    out = {}
    for name in list(cur) + [n for n in prev if n not in cur]:
        a, b = rp.get(name), rc.get(name)
        out[name] = {"previous": a, "current": b, "change": None if a is None or b is None else a - b,
                     "previous_companies": prev.get(name), "current_companies": cur.get(name)}
    return out


def company_keys(companies: pd.DataFrame, by: str) -> dict[str, str]:
    """key → name: the company ID (``by`` "id") or the normalised name."""
    keys = companies["company_id"].astype(str) if by == "id" else companies["name"].astype(str).map(name_key)
    return dict(zip(keys, companies["name"].astype(str)))


def membership(current: pd.DataFrame | None, previous: pd.DataFrame | None, review_block: dict | None) -> dict:
    """Companies added and dropped. By ID when both lists have IDs, else by normalised name; without the
    previous list only those the current data marks (未通过, 撤销) are known to be dropped."""
    marked = [dict(d) for d in (review_block or {}).get("dropped", [])]
    if current is None or previous is None:
        return {"matched_by": None, "added": None, "dropped_unlisted": None, "dropped_marked": marked,
                "dropped": None if not marked else len(marked), "note": "上一版只给出统计结果（summary.json），无法逐家比对"}
    by = "id" if current.attrs.get("key") == "id" and previous.attrs.get("key") == "id" else "name"
    cur, prev = company_keys(current, by), company_keys(previous, by)
    marked_keys = {(d["id"] if by == "id" else name_key(d["name"])) for d in marked}
    added = [cur[k] for k in cur if k not in prev and k not in marked_keys]
    unlisted = [prev[k] for k in prev if k not in cur and k not in marked_keys]
    return {"matched_by": by, "added": added, "dropped_unlisted": unlisted, "dropped_marked": marked,
            "dropped": len(unlisted) + len(marked), "note": None}


#: More than this share of the previous list in batches the current list lacks: the two lists cover
#: different companies and are not compared (docs/metrics.md §11).
COVERAGE_LOST = 0.5


def scope_problem(current: dict, previous: dict) -> str | None:
    """Why the two editions cannot be compared at all, or None: the previous list has batches this one
    lacks (a list of the newest batch against the whole list: every change would be the change of
    coverage), or the "previous" edition's cut-off is later than this one's."""
    cur_b, prev_b = current.get("batches") or {}, previous.get("batches") or {}
    lacking = [b for b in prev_b if b not in cur_b]
    # a batch can empty by review (撤销, 未通过) and dropped companies; more than half of the previous list
    # in batches this one lacks is another coverage (the newest batch alone against the whole list)
    lost = sum(int(prev_b[b]) for b in lacking if isinstance(prev_b[b], int))
    total = sum(int(v) for v in prev_b.values() if isinstance(v, int))
    if lacking and total and lost / total > COVERAGE_LOST:
        def names(keys):
            return "、".join(f"第{cn_number(int(k))}批" for k in sorted(keys, key=int))
        return (f"上一版名单含{names(prev_b)}，本版名单含{names(cur_b)}，本版缺少{names(lacking)}："
                f"两版覆盖的企业范围不同，各项数值的差别来自名单范围而非企业的变化，故不作比较")
    a, b = previous.get("as_of"), current.get("as_of")
    if a and b and str(a) > str(b):
        return f"“上一版”的数据截止日（{a}）晚于本版（{b}），请检查 --previous 是否指向了较新的一版；两版不作比较"
    return None


def same_data(current: dict, previous: dict) -> bool:
    """The previous edition is this one again: same cut-off, same batches with the same companies."""
    return (current.get("as_of") == previous.get("as_of") and current.get("companies") == previous.get("companies")
            and dict(current.get("batches") or {}) == dict(previous.get("batches") or {}))


def compare(current: dict, previous: dict, source: str = "summary",
            current_companies: pd.DataFrame | None = None, previous_companies: pd.DataFrame | None = None
            ) -> tuple[dict, dict]:
    """(``previous`` block, ``change`` block) of the current summary against the previous one."""
    diffs = differences(current, previous)
    measures, notes = {}, []
    for key, (kind, basis) in HEADLINE.items():
        why = incomparable(basis, diffs)
        entry = measure_change(kind, _value(previous, key), _value(current, key))
        entry["unit"] = "pp" if kind == "share" else kind
        if why:
            entry.update(change=None, change_relative=None)
            if why not in notes:
                notes.append(why)
        entry["note"] = why
        measures[key] = entry
    cur_b, prev_b = current.get("batches") or {}, previous.get("batches") or {}
    batches = {b: {"previous": prev_b.get(b), "current": cur_b.get(b)} for b in sorted(set(cur_b) | set(prev_b), key=int)}
    scope = scope_problem(current, previous)
    if scope:                       # unlike lists, or editions the wrong way round: nothing is compared
        for entry in measures.values():
            entry.update(change=None, change_relative=None, note=scope)
        notes = [scope]
    change = {
        "scope": scope,
        "same_data": scope is None and same_data(current, previous),
        "comparable": not any(m["note"] for m in measures.values()),
        "differences": diffs,
        "notes": notes,
        "measures": measures,
        "batches": batches,
        "new_batches": [b for b in cur_b if b not in prev_b],
        "companies": membership(current_companies, previous_companies, current.get("review")),
        "ranks": ({level: rank_changes(current, previous, level) for level in RANK_LEVELS} if not scope
                  else {level: None for level in RANK_LEVELS}),
    }
    return previous_block(previous, source), change
