"""Expanding per-company aggregates into patent-level rows that the engine aggregates back.

Each company gets exactly its published applications (pub_date ≤ D), inventions, grants ≤ D,
valid inventions, applications published in the two growth years, citations, licences,
transfers and PCT filings; plus a few rows that test the cut-off: applications published
after D and invention grants dated after D.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa

AS_OF = np.datetime64("2022-06-30")
DAY = np.timedelta64(1, "D")
LATE_SHARE = 0.04            # applications published after D, per company
LATE_GRANT_SHARE = 0.25      # pending inventions whose grant falls after D


def expand(companies: pd.DataFrame, agg: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    # one company at a time (the random draws come in this order), the rows gathered into one frame at the end
    columns: dict[str, list[np.ndarray]] = {k: [] for k in ("rows", "kind", "appln", "pub", "grant", "status", "pct",
                                                           "cited", "lic", "tra")}
    prev_year, last_year = 2020, 2021
    d_ord = int((AS_OF - np.datetime64("1970-01-01")) / DAY)
    counts = {k: agg[k].to_numpy().astype(np.int64) for k in (
        "applications", "invention_applications", "invention_grants", "valid_inventions", "applications_prev",
        "applications_last", "pct_applications", "citations", "licenses", "transfers")}
    for i in range(len(companies)):
        a, inv, g, v = (int(counts[k][i]) for k in ("applications", "invention_applications", "invention_grants",
                                                    "valid_inventions"))
        y0, y1 = int(counts["applications_prev"][i]), int(counts["applications_last"][i])
        late = int(round(LATE_SHARE * a))
        n = a + late
        if n == 0:
            continue
        # publication dates: the two growth years exactly, 2022 H1, older years, then after D
        rest = a - y0 - y1
        r22 = min(rest, int(round(0.45 * y1)))
        older = rest - r22
        pub = np.concatenate([
            _days_in(rng, f"{prev_year}-01-01", f"{prev_year}-12-31", y0),
            _days_in(rng, f"{last_year}-01-01", f"{last_year}-12-31", y1),
            _days_in(rng, "2022-01-01", "2022-06-30", r22),
            _days_in(rng, "2008-01-01", "2019-12-31", older, skew=2.0),
            _days_in(rng, "2022-07-01", "2022-12-31", late),
        ])
        published = np.arange(n) < a
        # types: inventions among published rows at random, the rest utility models / designs
        kind = np.full(n, 1, dtype=np.int8)                     # 0 发明, 1 实用新型, 2 外观设计
        inv_rows = rng.choice(a, size=inv, replace=False) if inv else np.zeros(0, dtype=int)
        kind[inv_rows] = 0
        other = np.flatnonzero(kind != 0)
        kind[other[rng.random(len(other)) < 0.18]] = 2
        late_rows = np.arange(a, n)
        kind[late_rows[rng.random(late) < 0.5]] = 0
        # grants: the oldest g inventions granted on or before D, v of them still valid
        grant = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)       # NaT
        status = np.full(n, 2, dtype=np.int8)                               # 0 有效, 1 失效, 2 审中
        inv_sorted = inv_rows[np.argsort(pub[inv_rows], kind="stable")]
        granted = inv_sorted[:g]
        lag = rng.integers(120, 720, size=g)
        grant[granted] = np.minimum(pub[granted] + lag, d_ord)
        valid = granted[rng.permutation(g)[:v]] if g else granted
        status[granted] = 1
        status[valid] = 0
        pending = inv_sorted[g:]
        later = pending[rng.random(len(pending)) < LATE_GRANT_SHARE]
        grant[later] = d_ord + rng.integers(1, 270, size=len(later))
        status[later] = 0
        rejected = np.setdiff1d(pending, later)
        status[rejected[rng.random(len(rejected)) < 0.15]] = 1
        util = np.flatnonzero((kind != 0) & published)
        grant[util] = pub[util]
        status[util] = np.where(rng.random(len(util)) < 0.75, 0, 1)
        # filing dates before publication
        appln = pub - np.where(kind == 0, rng.integers(400, 620, size=n), rng.integers(90, 240, size=n))
        # PCT filings: inventions first
        p = int(counts["pct_applications"][i])
        pool = np.concatenate([rng.permutation(inv_rows), rng.permutation(np.flatnonzero((kind != 0) & published))])
        pct = np.zeros(n, dtype=bool)
        pct[pool[:p]] = True
        # citations, licences and transfers: on published rows, older and granted rows weigh more
        age = np.maximum(d_ord - pub[:a], 30) / 365.25
        weight = age * np.where(kind[:a] == 0, 2.0, 1.0)
        cited = np.zeros(n, dtype=np.int64)
        lic = np.zeros(n, dtype=np.int64)
        tra = np.zeros(n, dtype=np.int64)
        if a:
            cited[:a] = rng.multinomial(int(counts["citations"][i]), weight / weight.sum())
            gw = weight * np.where(status[:a] == 0, 3.0, 1.0)
            lic[:a] = rng.multinomial(int(counts["licenses"][i]), gw / gw.sum())
            tra[:a] = rng.multinomial(int(counts["transfers"][i]), gw / gw.sum())
        for key, values in (("rows", np.full(n, i)), ("kind", kind), ("appln", appln), ("pub", pub), ("grant", grant),
                            ("status", status), ("pct", pct), ("cited", cited), ("lic", lic), ("tra", tra)):
            columns[key].append(values)
    c = {k: np.concatenate(v) for k, v in columns.items()}
    kind, grant = c["kind"], c["grant"]
    appln_year = c["appln"].astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    type_digit = np.array([1, 2, 3])[kind]
    ends = np.cumsum([len(rows) for rows in columns["rows"]])[:-1]

    def text(values) -> pd.api.extensions.ExtensionArray:
        # one Arrow chunk per company, as concatenating per-company frames gave: Parquet pages fall where they did
        return pd.array(pa.chunked_array([pa.array(part, pa.large_string()) for part in np.split(np.asarray(values), ends)]),
                        dtype="str")

    out = pd.DataFrame({
        "company_id": text(companies["company_id"].to_numpy()[c["rows"]]),
        "appln_no": text([f"CN{y}{t}{s:07d}" for y, t, s in zip(appln_year, type_digit, range(len(kind)))]),
        "patent_type": text(np.array(["发明", "实用新型", "外观设计"])[kind]),
        "appln_date": c["appln"].astype("datetime64[D]"),
        "pub_date": c["pub"].astype("datetime64[D]"),
        "grant_date": np.where(grant == np.iinfo(np.int64).min, np.datetime64("NaT"), grant.astype("datetime64[D]")),
        "legal_status": text(np.array(["有效", "失效", "审中"])[c["status"]]),
        "is_pct": c["pct"],
        "cited_by": c["cited"],
        "licenses": c["lic"],
        "transfers": c["tra"],
    })
    for col in ("appln_date", "pub_date", "grant_date"):
        out[col] = out[col].astype("datetime64[s]")
    return out


def _days_in(rng, start: str, end: str, n: int, skew: float = 1.0) -> np.ndarray:
    """n day ordinals between start and end (inclusive); skew > 1 leans towards the end."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    s = int((np.datetime64(start) - np.datetime64("1970-01-01")) / DAY)
    e = int((np.datetime64(end) - np.datetime64("1970-01-01")) / DAY)
    u = rng.random(n) ** (1.0 / skew)
    return (s + np.floor(u * (e - s + 1))).astype(np.int64)
