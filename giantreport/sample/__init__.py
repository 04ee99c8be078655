"""The synthetic sample behind the default build, calibrated to the 2022 report's published figures.

`generate(seed)` returns (companies, patents) in the input contract; `write(out, seed)` saves
them as Parquet. Deterministic: the same seed gives byte-identical files. The generator reads
the published figures (data/published) as targets; the statistics engine never does.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..data import regions
from ..data.schema import INDUSTRIES
from ..published import load_published
from . import profile, technology
from .fit import rake, repair, split_integer, split_signed
from .batches import solve_batch_totals
from .patents import expand
from .skeleton import build_skeleton

DEFAULT_SEED = 2022
COMPANY_COLUMNS = ["company_id", "name", "batch", "province", "city", "district", "industry", "industry_detail",
                   "employees", "founded", "listing", "financed"]


def generate(seed: int = DEFAULT_SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    pub = load_published()
    rng = np.random.default_rng(seed)
    provinces = regions.province_names()
    df = build_skeleton(pub, rng)
    sizes = df.groupby("batch").size().to_numpy()

    # profile
    bt = solve_batch_totals(pub, sizes)
    plan = profile.employee_plan(df, pub, provinces, bt["valid_inventions"])
    known = profile.assign_unknown(df, provinces, plan["u_b"], plan["u_p"], rng)
    df["employees"] = profile.employees(df, known, plan, provinces, rng)
    df["founded"] = profile.founded(df, pub, rng)
    df["listing"], df["financed"] = profile.listing_and_financing(df, pub, rng)

    # patents: valid inventions first, then each layer above it
    agg = pd.DataFrame(index=df.index)
    v_pi = technology.valid_plan(df, pub, provinces, plan)
    agg["valid_inventions"] = technology.company_valid(df, plan, v_pi, provinces, known, rng)
    p_index = {p: i for i, p in enumerate(provinces)}
    p_codes = df["province"].map(p_index).to_numpy()
    valid_p = np.bincount(p_codes, weights=agg["valid_inventions"], minlength=len(provinces))
    emp = df["employees"].fillna(0).astype(float).to_numpy()
    valid_known_p = np.bincount(p_codes, weights=np.where(known, agg["valid_inventions"], 0), minlength=len(provinces))
    density_p = valid_known_p / np.maximum(np.bincount(p_codes, weights=emp, minlength=len(provinces)), 1) * 1000
    totals = {k: int(v.sum()) for k, v in bt.items()}
    targets = technology.province_totals(df, pub, provinces, valid_p, density_p, totals)
    ptarget = {k: technology.integer_targets(v, totals[k]) for k, v in targets.items()}
    noise = rng.normal(0, 0.6, len(df))
    star = df["is_star"].to_numpy()
    size = np.where(star, 4.0 * np.exp(0.3 * noise), np.exp(noise)) * (agg["valid_inventions"].to_numpy() + 2)
    # stars: more of their inventions granted, more of their filings inventions (they lead on quality too)

    grants_b = bt["invention_grants"]
    extra = totals["invention_grants"] - int(valid_p.sum())
    grants_p = valid_p.astype(np.int64) + technology.split_integer(extra, valid_p + 1)
    agg["invention_grants"] = technology.layer(df, provinces, size * np.where(star, 2.0, 1.0),
                                               agg["valid_inventions"].to_numpy(), grants_b, grants_p)
    agg["invention_applications"] = technology.layer(
        df, provinces, size * np.where(star, 0.12, 1.0), agg["invention_grants"].to_numpy(),
        bt["invention_applications"], ptarget["invention_applications"])
    agg["applications"] = technology.layer(
        df, provinces, size * np.where(star, 0.08, 1.5), agg["invention_applications"].to_numpy(),
        bt["applications"], ptarget["applications"])
    apps = agg["applications"].to_numpy()
    for column, share in (("applications_last", 0.45), ("applications_prev", 0.4)):
        b_t = bt[column]
        room = apps - (agg["applications_last"].to_numpy() if column == "applications_prev" else 0)
        p_t = technology.split_integer(int(b_t.sum()), np.bincount(p_codes, weights=apps, minlength=len(provinces)))
        agg[column] = technology.layer(df, provinces, apps * share + 0.01, np.zeros(len(df)), b_t, p_t,
                                       hi=np.floor(room * 0.9))
    for key in ("citations", "licenses", "transfers"):
        noise = rng.normal(0, 0.8, len(df))
        base = (apps + 1) ** 0.9 * np.where(star, 6.0 * np.exp(0.2 * noise), np.exp(noise))
        agg[key] = technology.layer(df, provinces, base, np.zeros(len(df)),
                                    bt[key], ptarget[key])
    agg["pct_applications"] = pct_values(df, pub, provinces, apps, ptarget["pct_applications"], bt["pct_applications"], rng)
    agg = promote_stars(df, agg, known)

    companies = df[COMPANY_COLUMNS].copy()
    companies["employees"] = companies["employees"].astype("Int64")
    companies["founded"] = companies["founded"].dt.normalize().astype("datetime64[s]")
    patents = expand(companies, agg, rng)
    return companies, patents


def pct_values(df, pub, provinces, apps, province_totals, b_t, rng) -> np.ndarray:
    """PCT filings per company: the published bucket counts (0, 1–9, 10–100, >100), province totals
    from the radar where it is published, the batch means everywhere."""
    buckets = {b: int(pub.value(f"pct_buckets.{b}")) for b in ("1-9", "10-100", ">100")}
    p_index = {p: i for i, p in enumerate(provinces)}
    p_codes = df["province"].map(p_index).to_numpy()
    a = df["batch"].to_numpy() - 1
    P = len(provinces)
    fitted = np.array([pub.has(f"provinces.{p}.radar.globalisation") for p in provinces])
    totals = np.asarray(province_totals, dtype=np.int64).copy()
    free_total = int(totals[~fitted].sum())
    apps_p = np.bincount(p_codes, weights=apps, minlength=P)
    weight = np.where(fitted, totals, free_total * apps_p / max(apps_p[~fitted].sum(), 1))
    # bucket counts per province, proportional to its PCT total
    k_big = split_integer(buckets[">100"], np.where(fitted, totals, 0) ** 2)
    k_mid = split_integer(buckets["10-100"], np.maximum(weight - 120 * k_big, 0))
    # every named star files at least ten PCT applications (they lead their industries abroad too)
    stars_p = np.bincount(p_codes, weights=df["is_star"].to_numpy().astype(float), minlength=P).astype(np.int64)
    need = np.maximum(stars_p - k_big, 0)
    short = np.maximum(need - k_mid, 0)
    k_mid = k_mid + short
    for _ in range(int(short.sum())):
        k_mid[int(np.argmax(k_mid - need))] -= 1
    k_small = split_integer(buckets["1-9"], np.maximum(weight - 120 * k_big - 25 * k_mid, 1) ** 0.8)
    lo = np.zeros(len(df)); hi = np.zeros(len(df))
    noise = rng.gumbel(0, 1.0, len(df))
    for i in range(P):
        here = np.flatnonzero(p_codes == i)
        order = here[np.argsort(-(np.log(apps[here] + 1) + noise[here] + 100 * df["is_star"].to_numpy()[here]), kind="stable")]
        stars = [j for j in order if df.at[j, "is_star"] and apps[j] > 200 and df.at[j, "batch"] > 1]
        big = stars[: k_big[i]]
        lo[big], hi[big] = 101, np.minimum(apps[big], 800)
        rest = [j for j in order if j not in set(big) and apps[j] >= 10]
        mid = rest[: k_mid[i]]
        lo[mid], hi[mid] = 10, np.minimum(apps[mid], 100)
        rest = [j for j in order if lo[j] == 0 and apps[j] >= 1]
        small = rest[: k_small[i]]
        lo[small], hi[small] = 1, np.minimum(apps[small], 9)
    lo_p = np.bincount(p_codes, weights=lo, minlength=P)
    hi_p = np.bincount(p_codes, weights=hi, minlength=P)
    # provinces without a published radar take what their companies can hold, below the best province's PCT share
    free = ~fitted
    best = int(np.argmax(np.where(fitted, totals / np.maximum(apps_p, 1), -1)))
    cap = np.floor(0.8 * totals[best] / apps_p[best] * apps_p)
    hi_p = np.where(free, np.maximum(np.minimum(hi_p, cap), lo_p), hi_p)
    totals[free] = split_integer(free_total, (lo_p[free] + hi_p[free]) / 2 + 1e-9, lo=lo_p[free], hi=hi_p[free])
    totals = np.clip(totals, lo_p, hi_p).astype(np.int64)
    totals[free] += split_signed(int(b_t.sum() - totals.sum()), (hi_p - totals)[free] + 1e-9)
    hi = np.where(free[p_codes] & (hi > 0), np.minimum(hi, np.maximum(lo, hi)), hi)
    base = np.where(hi > 0, np.sqrt(lo * hi), 0.0)
    x = rake(base, [(a, b_t.astype(float)), (p_codes, totals.astype(float))], lo=lo, hi=hi)
    values = np.clip(np.round(x), lo, hi)
    return repair(values, lo, hi, a, p_codes, b_t, totals)


def promote_stars(df, agg, known) -> pd.DataFrame:
    """Give each named star the strongest patent record around it, without moving any calibrated sum.

    Valid inventions are fixed per (batch × known) and per (province × industry), so they are swapped
    only inside a (batch, province, industry, known) cell; every other metric is fixed per batch and
    per province, so the rest of the record may come from any company of the same batch and province.
    """
    from ..config import DEFAULT_TOML, _build
    import tomllib
    from ..stats.industries import star_scores
    weights = _build(tomllib.loads(DEFAULT_TOML), "default").stars
    out = agg.copy()
    star = df["is_star"].to_numpy()
    others = [c for c in out.columns if c != "valid_inventions"]

    def scores():
        frame = pd.concat([df[["industry", "company_id"]], out], axis=1)
        return star_scores(frame, weights).to_numpy().copy()

    cell = (df["batch"].astype(str) + df["province"] + df["industry"] + pd.Series(known, index=df.index).astype(str)).to_numpy()
    group = (df["batch"].astype(str) + df["province"]).to_numpy()
    v = out["valid_inventions"].to_numpy()
    for i in np.flatnonzero(star):            # whole records inside the cell keep valid ≤ grants ≤ …
        mates = np.flatnonzero((cell == cell[i]) & ~star)
        if len(mates) and v[mates].max() > v[i]:
            j = mates[np.argmax(v[mates])]
            out.iloc[[i, j]] = out.iloc[[j, i]].to_numpy()
            v = out["valid_inventions"].to_numpy()
    v = out["valid_inventions"].to_numpy()
    score = scores()
    taken = set()
    for i in np.flatnonzero(star):
        mates = [j for j in np.flatnonzero((group == group[i]) & ~star) if j not in taken]
        g = out["invention_grants"].to_numpy()
        ok = [j for j in mates if g[j] >= v[i] and g[i] >= v[j]]
        if not ok:
            continue
        j = max(ok, key=lambda k: (score[k], k))
        if score[j] > score[i]:
            out.iloc[[i, j], [out.columns.get_loc(c) for c in others]] = out.iloc[[j, i], [out.columns.get_loc(c) for c in others]].to_numpy()
            taken.add(j)
            score = scores()
    return out


def write(out: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    companies, patents = generate(seed)
    paths = [out / "companies.parquet", out / "patents.parquet"]
    companies.to_parquet(paths[0], index=False, compression="zstd")
    patents.to_parquet(paths[1], index=False, compression="zstd", row_group_size=250_000)
    return paths
