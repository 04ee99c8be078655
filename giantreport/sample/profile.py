"""Company profile of the synthetic sample: employees, founding dates, listing and financing."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..data import regions
from ..published import Published
from .fit import controlled_round, rake, split_integer, split_signed

NO_UNKNOWN = ("北京市", "上海市")      # their densities are printed; keep every employee count known there
UNKNOWN_MIN_KNOWN = 100                  # unknown counts only where ≥100 companies stay known (2-decimal means)
AS_OF = dt.date(2022, 6, 30)


def batch_targets(pub: Published, key: str, sizes: np.ndarray, allow_contradicted=False) -> np.ndarray:
    return np.array([pub.value(f"{key}_by_batch.{b}", allow_contradicted=allow_contradicted) for b in (1, 2, 3, 4)])


def employee_plan(df: pd.DataFrame, pub: Published, provinces: list[str], valid_b: np.ndarray):
    """Which companies have a known employee count and what the group sums must be.

    Published: mean employees per batch (integers), per province (2 decimals), overall 252.25,
    total 224.5万 and density per batch. The total and the mean together say 8,900 companies have
    a known count; the rest (379) do not, and the densities say how their batches split.
    """
    sizes = df.groupby("batch").size().to_numpy()
    total = pub.value("employees_total", allow_contradicted=True)
    overall_mean = pub.value("employees_mean")
    known_total = int(round(total / overall_mean))
    unknown = int(sizes.sum()) - known_total
    batch_means = batch_targets(pub, "employees_mean", sizes)
    density = batch_targets(pub, "invention_density_per_1000", sizes)
    valid = np.asarray(valid_b)
    overall_density = pub.value("invention_density_per_1000")
    # unknown counts per batch: the split that best reproduces overall mean and density
    best = None
    for u4 in range(unknown + 1):
        for u3 in range(unknown - u4 + 1):
            rest = unknown - u4 - u3
            u1 = int(round(rest * sizes[0] / (sizes[0] + sizes[1])))
            u = np.array([u1, rest - u1, u3, u4])
            k = sizes - u
            e = batch_means * k
            d = (density * e).sum() / e.sum()
            score = abs(e.sum() / known_total - overall_mean) / 0.005 + abs(d - overall_density) / 0.005
            if best is None or score < best[0]:
                best = (score, u)
    u_b = best[1]
    k_b = sizes - u_b
    # employees and valid inventions of known companies per batch, consistent to the last digit
    e_b = np.round(batch_means * k_b)
    target_sum = overall_mean * known_total
    e_b = e_b + split_signed(int(round(target_sum - e_b.sum())), k_b)          # within each mean's rounding
    v_known = np.round(density * e_b / 1000)
    e_b = np.round(v_known * 1000 / density)
    # unknown counts per province: only large provinces, chosen so that province means hold
    counts = df.groupby("province").size().reindex(provinces).to_numpy()
    p_means = np.array([pub.value(f"provinces.{p}.employees_mean", default=-1.0) for p in provinces])
    missing = p_means < 0
    p_means[missing] = overall_mean
    # a printed 2-decimal mean that no integer sum over all n firms can give means some firms lack a count
    forced = np.zeros(len(provinces), dtype=np.int64)
    for i in range(len(provinces)):
        if missing[i]:
            continue
        for k in range(counts[i], 0, -1):
            if np.floor((p_means[i] + 0.00499) * k) >= np.ceil((p_means[i] - 0.00499) * k):
                forced[i] = counts[i] - k
                break
    eligible = np.array([(p not in NO_UNKNOWN) and (c - 10 >= UNKNOWN_MIN_KNOWN) and not m and f == 0
                         for p, c, m, f in zip(provinces, counts, missing, forced)])
    u_p = forced.copy()
    u_p[eligible] = split_integer(unknown - int(forced.sum()), counts[eligible])
    # move unknown slots between provinces until Σ k_p·mean_p meets the batch sums
    def gap():
        return (counts - u_p) @ p_means - e_b.sum()
    for _ in range(5000):
        g = gap()
        if abs(g) < 0.5 * 0.005 * known_total ** 0 + 20:
            break
        # g > 0: too many employees known → move an unknown slot to a higher-mean province
        order = np.argsort(p_means)
        lows = [i for i in order if eligible[i] and u_p[i] > 0]
        highs = [i for i in order[::-1] if eligible[i] and counts[i] - u_p[i] - 1 >= UNKNOWN_MIN_KNOWN]
        if not lows or not highs:
            break
        if g > 0:
            src, dst = lows[0], highs[0]
        else:
            src = [i for i in order[::-1] if eligible[i] and u_p[i] > 0][0]
            dst = [i for i in order if eligible[i] and counts[i] - u_p[i] - 1 >= UNKNOWN_MIN_KNOWN][0]
        step = max(1, min(int(abs(g) // max(1, abs(p_means[dst] - p_means[src]))), u_p[src]))
        u_p[src] -= step
        u_p[dst] += step
    k_p = counts - u_p
    e_p = np.round(p_means * k_p)
    # the province sums absorb the last few people, each within its printed mean's rounding
    up = np.floor((p_means + 0.00499) * k_p) - e_p
    down = e_p - np.ceil((p_means - 0.00499) * k_p)
    up[missing] = 10 ** 6; down[missing] = 10 ** 6
    printed_density = np.array([pub.has(f"provinces.{p}.invention_density_per_1000") for p in provinces])
    up[printed_density] = 0; down[printed_density] = 0      # their densities pin the sums (北京, 上海)
    diff = int(e_b.sum() - e_p.sum())
    for i in np.argsort(-k_p, kind="stable"):
        if diff == 0:
            break
        room = up[i] if diff > 0 else down[i]
        step = int(np.sign(diff)) * int(min(abs(diff), max(room, 0)))
        e_p[i] += step
        diff -= step
    if diff:
        raise ValueError(f"employee sums: {diff} people left over after using every province's rounding")
    return {"u_b": u_b, "u_p": u_p, "e_b": e_b, "e_p": e_p, "v_known": v_known, "valid_b": valid}


def assign_unknown(df: pd.DataFrame, provinces: list[str], u_b, u_p, rng) -> np.ndarray:
    """Boolean: employee count known."""
    sizes_bp = pd.crosstab(df["batch"], df["province"]).reindex(columns=provinces, fill_value=0).to_numpy()
    real = np.outer(u_b, u_p) / max(1, u_b.sum())
    real = np.minimum(real, sizes_bp)
    u_bp = controlled_round(real, u_b, u_p)
    known = np.ones(len(df), dtype=bool)
    for b in range(4):
        for p, province in enumerate(provinces):
            if u_bp[b, p]:
                idx = df.index[(df["batch"] == b + 1) & (df["province"] == province) & ~df["is_star"]].to_numpy()
                pick = rng.choice(idx, size=int(u_bp[b, p]), replace=False)
                known[pick] = False
    return known


def employees(df: pd.DataFrame, known: np.ndarray, plan, provinces: list[str], rng) -> pd.Series:
    base = np.exp(rng.normal(0, 0.75, len(df))) * np.where(df["is_star"], 2.0, 1.0)
    b_codes = np.where(known, df["batch"].to_numpy() - 1, -1)
    p_index = {p: i for i, p in enumerate(provinces)}
    p_codes = np.where(known, df["province"].map(p_index).to_numpy(), -1)
    x = rake(base * 250, [(b_codes, plan["e_b"].astype(float)), (p_codes, plan["e_p"].astype(float))], lo=8.0)
    values = integer_cells(x, b_codes, p_codes, plan["e_b"], plan["e_p"], lo=8)
    out = pd.array(values, dtype="Int64")
    out[~known] = pd.NA
    return pd.Series(out, index=df.index)


def integer_cells(x, a_codes, b_codes, a_targets, b_targets, lo=0, hi=None) -> np.ndarray:
    """Integers per element with exact group sums over two partitions (elements with code -1 → 0)."""
    A, B = len(a_targets), len(b_targets)
    inside = (a_codes >= 0) & (b_codes >= 0)
    cell = np.zeros((A, B))
    np.add.at(cell, (a_codes[inside], b_codes[inside]), x[inside])
    cell_int = controlled_round(cell, np.asarray(a_targets, dtype=np.int64), np.asarray(b_targets, dtype=np.int64))
    out = np.zeros(len(x), dtype=np.int64)
    order = np.lexsort((b_codes, a_codes))
    keys = a_codes[order] * B + b_codes[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(order)]
    for s, e in zip(starts, ends):
        idx = order[s:e]
        if a_codes[idx[0]] < 0 or b_codes[idx[0]] < 0:
            continue
        total = int(cell_int[a_codes[idx[0]], b_codes[idx[0]]])
        n = len(idx)
        lo_arr = np.full(n, float(lo)) if np.isscalar(lo) else np.asarray(lo, dtype=float)[idx]
        lo_arr = np.minimum(lo_arr, total / n)       # never ask more than the cell holds
        hi_arr = None if hi is None else (np.full(n, float(hi)) if np.isscalar(hi) else np.asarray(hi, dtype=float)[idx])
        out[idx] = split_integer(total, x[idx], lo=np.floor(lo_arr), hi=hi_arr)
    return out


def founded(df: pd.DataFrame, pub: Published, rng) -> pd.Series:
    """Founding dates whose median age at D matches each batch (and overall within rounding)."""
    medians = batch_targets(pub, "founded_years_median", None)
    overall = pub.value("founded_years_median")
    years = np.zeros(len(df))
    batch = df["batch"].to_numpy()
    spread = 0.28
    for _ in range(40):
        for b in range(4):
            mask = batch == b + 1
            noise = np.sort(rng.laplace(0, spread, mask.sum()))
            noise = noise - np.median(noise)
            years[mask] = medians[b] * np.exp(noise[rng.permutation(mask.sum())])
        if abs(np.median(years) - overall) < 0.45:
            break
        spread *= 0.9
    days = np.round(years * 365.25).astype(int)
    dates = pd.Timestamp(AS_OF) - pd.to_timedelta(days, unit="D")
    return pd.Series(dates, index=df.index)


def listing_and_financing(df: pd.DataFrame, pub: Published, rng) -> tuple[pd.Series, pd.Series]:
    sizes = df.groupby("batch").size().to_numpy()
    listed_b = np.round(batch_targets(pub, "listed_share", sizes) * sizes).astype(int)
    listed_b[-1] += int(pub.value("listed_count")) - listed_b.sum()
    financed_b = np.round(batch_targets(pub, "financed_share", sizes, allow_contradicted=True) * sizes).astype(int)
    financed_b[0] += int(pub.value("financed_count")) - financed_b.sum()   # batch 1's share cannot be met (see README)
    counts = {b: int(pub.value(f"boards.{b}.count")) for b in ("主板", "创业板", "科创板", "北交所", "港交所", "新交所", "新三板")}
    # dual listings: A+H and A+S on 主板; board moves 北交所→创业板/科创板 (the report counts both)
    combos = ([("主板", "港交所")] * counts["港交所"] + [("主板", "新交所")] * counts["新交所"])
    n_move = sum(counts[b] for b in ("主板", "创业板", "科创板", "北交所", "港交所", "新交所")) - int(pub.value("listed_count")) - len(combos)
    combos += [("创业板", "北交所")] * (n_move // 2) + [("科创板", "北交所")] * (n_move - n_move // 2)
    used = {b: sum(b in c for c in combos) for b in counts}
    for board in ("主板", "创业板", "科创板", "北交所"):
        combos += [(board,)] * (counts[board] - used[board])
    combos = [combos[i] for i in rng.permutation(len(combos))]
    weight = (df["employees"].fillna(200).astype(float).to_numpy() * np.exp(rng.normal(0, 1, len(df)))
              * np.where(df["is_star"], 5.0, 1.0))
    listing = np.full(len(df), "", dtype=object)
    financed = np.zeros(len(df), dtype=bool)
    batch = df["batch"].to_numpy()
    k = 0
    for b in range(4):
        idx = np.flatnonzero(batch == b + 1)
        top = idx[np.argsort(-weight[idx], kind="stable")[: listed_b[b]]]
        for i in top:
            listing[i] = ";".join(combos[k]); k += 1
        financed[top] = True
        rest = np.setdiff1d(idx, top)
        more = rng.choice(rest, size=financed_b[b] - len(top), replace=False, p=weight[rest] / weight[rest].sum())
        financed[more] = True
    unlisted = np.flatnonzero(listing == "")
    neeq = rng.choice(unlisted, size=counts["新三板"], replace=False,
                      p=weight[unlisted] / weight[unlisted].sum())
    listing[neeq] = "新三板"
    return pd.Series(listing, index=df.index), pd.Series(financed, index=df.index)
