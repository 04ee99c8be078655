"""Integer batch totals of every patent metric that satisfy all published batch-level figures at once.

Each published mean, share, rate and growth figure is an interval (its printed rounding); every
one is a linear inequality in the batch totals, so a small integer program finds totals inside
all of them, as close as possible to mean × companies.
"""
from __future__ import annotations

import numpy as np

from ..published import Published
from .fit import closest_integers

METRICS = ("applications", "invention_applications", "invention_grants", "valid_inventions",
           "applications_prev", "applications_last", "citations", "licenses", "transfers", "pct_applications")
MEAN_KEYS = {"applications": "applications_mean", "invention_applications": "invention_applications_mean",
             "invention_grants": "invention_grants_mean", "valid_inventions": "valid_inventions_mean",
             "applications_prev": "applications_growth.from_mean", "applications_last": "applications_growth.to_mean",
             "citations": "citations_mean", "licenses": "licenses_mean", "transfers": "transfers_mean",
             "pct_applications": "pct_mean"}
# ratio figures: key → (numerator, denominator, offset): value = num/den − offset
RATIO_KEYS = {"invention_application_share": ("invention_applications", "applications", 0.0),
              "invention_grant_rate": ("invention_grants", "invention_applications", 0.0),
              "applications_growth.rate": ("applications_last", "applications_prev", 1.0),
              "pct_share": ("pct_applications", "applications", 0.0)}


def _interval(pub: Published, key: str):
    rows = pub.rows(key)
    rows = rows[rows["status"].isin(("ok", "derived"))]
    if rows.empty:
        return None
    row = rows.sort_values("decimals", ascending=False).iloc[0]
    d = int(row["decimals"]) if row["decimals"] == row["decimals"] else 0
    half = 0.5 * 10 ** -d
    value = float(row["value"])
    if row["unit"] == "%":
        value, half = value / 100, half / 100
    return value - half * 0.999, value + half * 0.999


def batch_key(key: str, b: int) -> str:
    if "." in key:
        head, tail = key.split(".", 1)
        return f"{head}_by_batch.{b}.{tail}"
    return f"{key}_by_batch.{b}"


def solve_batch_totals(pub: Published, sizes: np.ndarray) -> dict[str, np.ndarray]:
    M, B = len(METRICS), len(sizes)
    N = float(sizes.sum())
    n = M * B
    var = {(m, b): i * B + b for i, m in enumerate(METRICS) for b in range(B)}
    rows, rhs = [], []

    def le(coeffs: dict, bound: float):
        r = np.zeros(n)
        for k, c in coeffs.items():
            r[k] += c
        rows.append(r); rhs.append(bound)

    centre = np.zeros(n)
    for m in METRICS:
        for b in range(B):
            iv = _interval(pub, batch_key(MEAN_KEYS[m], b + 1))
            if iv:
                le({var[m, b]: 1}, iv[1] * sizes[b]); le({var[m, b]: -1}, -iv[0] * sizes[b])
                centre[var[m, b]] = (iv[0] + iv[1]) / 2 * sizes[b]
        iv = _interval(pub, MEAN_KEYS[m])
        if iv:
            le({var[m, b]: 1 for b in range(B)}, iv[1] * N); le({var[m, b]: -1 for b in range(B)}, -iv[0] * N)
    for key, (num, den, offset) in RATIO_KEYS.items():
        for b in list(range(B)) + [None]:
            iv = _interval(pub, batch_key(key, b + 1) if b is not None else key)
            if not iv:
                continue
            bs = range(B) if b is None else [b]
            lo, hi = iv[0] + offset, iv[1] + offset
            # num − hi·den ≤ 0 and lo·den − num ≤ 0
            c1, c2 = {}, {}
            for x in bs:
                c1[var[num, x]] = c1.get(var[num, x], 0) + 1; c1[var[den, x]] = c1.get(var[den, x], 0) - hi
                c2[var[num, x]] = c2.get(var[num, x], 0) - 1; c2[var[den, x]] = c2.get(var[den, x], 0) + lo
            le(c1, 0.0); le(c2, 0.0)
    for b in range(B):       # valid ≤ grants ≤ inventions ≤ applications; both growth years fit in applications
        le({var["valid_inventions", b]: 1, var["invention_grants", b]: -1}, 0)
        le({var["invention_grants", b]: 1, var["invention_applications", b]: -1}, 0)
        le({var["invention_applications", b]: 1, var["applications", b]: -1}, 0)
        le({var["applications_prev", b]: 1, var["applications_last", b]: 1, var["applications", b]: -1}, 0)
    x = closest_integers(centre, ub=rows, ub_rhs=rhs, weights=1 / np.maximum(centre, 1), what="batch totals")
    return {m: x[i * B:(i + 1) * B] for i, m in enumerate(METRICS)}
