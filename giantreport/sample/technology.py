"""Per-company patent aggregates of the synthetic sample.

Group targets: batch means (fig 2.1–2.6), province means (table 4.1), industry means (fig 3.3),
the fact sheets' highlight totals and ranks, and the radar values, which are turned back into
province totals of each radar sub-indicator (inverting the engine's documented formula with the
default weights). Values are raked to the targets, then rounded with exact group sums.
"""
from __future__ import annotations

import tomllib

import numpy as np
import pandas as pd

from ..config import DEFAULT_TOML
from ..data.schema import INDUSTRIES, KEY_INDUSTRIES
from ..published import Published
from .fit import closest_integers, rake, split_integer
from .profile import batch_targets, integer_cells

SHARE_MAX_PROVINCE = "海南省"     # some province must be the best on invention share; a small one outside the ten
FREE_LEVEL = 0.45                 # radar level of provinces whose radar is not published, relative to national rates


def radar_weights() -> dict:
    return tomllib.loads(DEFAULT_TOML)["radar"]


# ----------------------------------------------------------------- valid inventions

def valid_plan(df, pub: Published, provinces, plan) -> np.ndarray:
    """Valid inventions per (province, industry): margins, the fact-sheet cells, and their ranks."""
    P, I = len(provinces), len(INDUSTRIES)
    m = pd.crosstab(df["province"], df["industry"]).reindex(index=provinces, columns=list(INDUSTRIES), fill_value=0).to_numpy()
    counts = m.sum(axis=1)
    total = int(plan["valid_b"].sum())
    v_p = np.array([round(pub.value(f"provinces.{p}.valid_inventions_mean", default=-1) * c) for p, c in zip(provinces, counts)])
    v_p[v_p < 0] = 0
    # where a density is printed too (北京, 上海), pick the total inside the mean's rounding that also meets it
    emp = df["employees"].astype("Float64").fillna(0).to_numpy(float)
    for i, p in enumerate(provinces):
        if pub.has(f"provinces.{p}.invention_density_per_1000") and pub.has(f"provinces.{p}.valid_inventions_mean"):
            mean, dens = pub.value(f"provinces.{p}.valid_inventions_mean"), pub.value(f"provinces.{p}.invention_density_per_1000")
            e = emp[(df["province"] == p).to_numpy()].sum()
            rows = pub.rows(f"provinces.{p}.invention_density_per_1000")
            half = 0.5 * 10 ** -int(rows["decimals"].max())
            for v in range(int(np.ceil((mean - 0.00499) * counts[i])), int(np.floor((mean + 0.00499) * counts[i])) + 1):
                if abs(v / e * 1000 - dens) < half:
                    v_p[i] = v
                    break
    missing = [i for i, p in enumerate(provinces) if not pub.has(f"provinces.{p}.valid_inventions_mean")]
    v_p[missing] = split_integer(total - v_p.sum() + v_p[missing].sum(), counts[missing])
    ind_counts = m.sum(axis=0)
    v_i = np.zeros(I, dtype=np.int64)
    bench = {}
    for j, name in enumerate(KEY_INDUSTRIES):
        ratio = pub.value(f"industries.{name}.ratio_to_ashare")
        ashare = [r for r in pub.figures.itertuples() if r.figure == "fig-3-3" and r.status == "benchmark" and name in r.label]
        bench[name] = float(ashare[0].value) if ashare else None
        v_i[j] = round(ratio * bench[name] * ind_counts[j])
    v_i[-1] = total - v_i[:-1].sum()
    # fact-sheet cells and national ranks
    fixed, ranks = {}, {}
    hl = pub.highlights
    for r in hl.itertuples():
        key = (provinces.index(r.province), INDUSTRIES.index(r.industry))
        ranks[key] = int(r.national_rank)
        if not _is_contradicted(pub, r):
            fixed[key] = int(r.valid_inventions)
    worst = {}
    for r in hl.itertuples():
        p = provinces.index(r.province)
        worst[p] = max(worst.get(p, 0), int(r.national_rank))
    prior = m * (v_i / np.maximum(ind_counts, 1))[None, :] * (v_p / np.maximum(counts, 1) / (total / counts.sum()))[:, None]
    # a named star needs room in its cell to lead its industry
    stars = pd.crosstab(df.loc[df["is_star"], "province"], df.loc[df["is_star"], "industry"]).reindex(
        index=provinces, columns=list(INDUSTRIES), fill_value=0).to_numpy()
    prior = prior + stars * (v_i / np.maximum(ind_counts, 1))[None, :] * 25
    # an order of provinces within each key industry honouring every published rank
    orders = {}
    for j, name in enumerate(KEY_INDUSTRIES):
        slots = {}
        for (p, jj), rank in ranks.items():
            if jj == j:
                slots[rank] = p
        rest = [p for p in np.argsort(-prior[:, j], kind="stable") if p not in slots.values() and m[p, j] > 0]
        order = []
        pos = 1
        pending = list(rest)
        while pending or any(r >= pos for r in slots):
            if pos in slots:
                order.append(slots[pos])
            else:
                pick = next((p for p in pending if pos > worst.get(p, 0)), None)
                if pick is None:
                    if not pending:
                        pos += 1
                        continue
                    pick = pending[0]
                pending.remove(pick)
                order.append(pick)
            pos += 1
        orders[j] = order
    # integer program: V ≥ 0, margins, fixed cells, strict order, V ≤ 200·companies, closest (L1) to prior
    n = P * I
    idx = np.arange(n).reshape(P, I)
    eq, rhs, ub, ubr = [], [], [], []
    for p in range(P):
        r = np.zeros(n); r[idx[p]] = 1; eq.append(r); rhs.append(v_p[p])
    for j in range(I):
        r = np.zeros(n); r[idx[:, j]] = 1; eq.append(r); rhs.append(v_i[j])
    for (p, j), v in fixed.items():
        r = np.zeros(n); r[idx[p, j]] = 1; eq.append(r); rhs.append(v)
    for j, order in orders.items():
        for a, b in zip(order, order[1:]):
            r = np.zeros(n); r[idx[b, j]] = 1; r[idx[a, j]] = -1; ub.append(r); ubr.append(-1)   # V_b ≤ V_a − 1
    plan = closest_integers(prior.ravel(), eq, rhs, ub, ubr, hi=(m * 200).ravel(), what="valid-invention plan")
    return plan.reshape(P, I)


def _is_contradicted(pub: Published, r) -> bool:
    rows = pub.figures[pub.figures["id"] == f"sheet-{r.province}.highlight.{r.position}.valid_inventions"]
    return bool((rows["status"] == "contradicted").any())


def company_valid(df, plan, v_pi, provinces, known, rng) -> np.ndarray:
    """Valid inventions per company: exact per (batch × known) and per (province × industry)."""
    P, I = v_pi.shape
    a_codes = (df["batch"].to_numpy() - 1) * 2 + known.astype(int)        # batch × known
    a_targets = np.zeros(8, dtype=np.int64)
    for b in range(4):
        a_targets[b * 2 + 1] = plan["v_known"][b]
        a_targets[b * 2] = plan["valid_b"][b] - plan["v_known"][b]
    p_index = {p: i for i, p in enumerate(provinces)}
    b_codes = df["province"].map(p_index).to_numpy() * I + df["industry"].map({n: j for j, n in enumerate(INDUSTRIES)}).to_numpy()
    noise = rng.normal(0, 1.1, len(df))
    base = np.where(df["is_star"], 80.0 * np.exp(0.25 * noise), np.exp(noise))
    b_targets = v_pi.ravel().astype(float)
    x = rake(base, [(a_codes, a_targets.astype(float)), (b_codes, b_targets)])
    return integer_cells(x, a_codes, b_codes, a_targets, v_pi.ravel())


# ----------------------------------------------------------------- radar → province totals

def province_totals(df, pub: Published, provinces, valid_p: np.ndarray, density_p: np.ndarray, totals: dict) -> dict:
    """Province totals of applications, invention applications, citations, licenses, transfers and PCT
    applications such that the engine's radar reproduces the published fact-sheet values."""
    w = radar_weights()
    P = len(provinces)
    counts = df.groupby("province").size().reindex(provinces).to_numpy()
    published = {dim: np.full(P, np.nan) for dim in ("volume", "quality", "influence", "globalisation")}
    for i, p in enumerate(provinces):
        for dim in published:
            key = f"provinces.{p}.radar.{dim}"
            if pub.has(key):
                published[dim][i] = pub.value(key)
    fitted = ~np.isnan(published["volume"])
    natural = valid_p / valid_p.sum()                   # a free province's share of any total
    # volume = wA·A/Amax + wV·V/Vmax
    wv = w["volume"]
    a_rel = np.where(fitted, ((wv["applications"] + wv["valid_inventions"]) * np.nan_to_num(published["volume"])
                              - wv["valid_inventions"] * valid_p / valid_p.max()) / wv["applications"], np.nan)
    a_free = natural * totals["applications"]
    a_max = (totals["applications"] - a_free[~fitted].sum()) / np.nansum(a_rel[fitted])
    apps = np.where(fitted, a_rel * a_max, a_free)
    # quality = wD·D/Dmax + wS·S/Smax (+ other sub-indicators at their national level)
    wq = w["quality"]
    wsum = sum(wq.values())
    d_rel = density_p / density_p.max()
    s_rel = np.where(fitted, (wsum * np.nan_to_num(published["quality"]) - wq["invention_density"] * d_rel)
                     / wq["invention_application_share"], FREE_LEVEL + 0.2)
    s_rel[provinces.index(SHARE_MAX_PROVINCE)] = 1.0
    s_max = totals["invention_applications"] / (s_rel * apps).sum()
    inv = s_rel * s_max * apps
    # influence: every sub-indicator at the province's published level (best province = 1)
    level = np.where(fitted, np.nan_to_num(published["influence"]), FREE_LEVEL * natural / natural[fitted].max())
    infl = {k: level * totals[k] / level.sum() for k in ("citations", "licenses", "transfers")}
    # globalisation = wP·P/Pmax + wS·(P/A)/(P/A)max, the best province best on both
    wg = w["globalisation"]
    best = int(np.nanargmax(np.where(fitted, published["globalisation"], -1)))
    g = np.where(fitted, np.nan_to_num(published["globalisation"]), 0.0)
    t = g * (wg["pct_applications"] + wg["pct_share"]) / (wg["pct_applications"] + wg["pct_share"] * apps[best] / apps)
    t[~fitted] = 0.12 * apps[~fitted] / apps[best]
    pct = t * totals["pct_applications"] / t.sum()
    return {"applications": apps, "invention_applications": inv, "citations": infl["citations"],
            "licenses": infl["licenses"], "transfers": infl["transfers"], "pct_applications": pct}


def integer_targets(real: np.ndarray, total: int) -> np.ndarray:
    return split_integer(int(total), np.maximum(real, 0))


def layer(df, provinces, base, lower, batch_targets_, province_targets_, lo=0, hi=None) -> np.ndarray:
    """Company values ≥ lower (element-wise), raked so batch and province sums hit their targets."""
    p_index = {p: i for i, p in enumerate(provinces)}
    a = df["batch"].to_numpy() - 1
    b = df["province"].map(p_index).to_numpy()
    extra_b = batch_targets_ - np.bincount(a, weights=lower, minlength=4).round().astype(np.int64)
    extra_p = province_targets_ - np.bincount(b, weights=lower, minlength=len(provinces)).round().astype(np.int64)
    if (extra_b < 0).any() or (extra_p < 0).any():
        raise ValueError(f"targets below the values they must exceed: {extra_b}, {extra_p[extra_p < 0]}")
    x = rake(base, [(a, extra_b.astype(float)), (b, extra_p.astype(float))],
             lo=None if hi is None else 0, hi=None if hi is None else np.maximum(hi - lower, 0))
    return lower + integer_cells(x, a, b, extra_b, extra_p, lo=lo, hi=None if hi is None else np.maximum(hi - lower, 0))
