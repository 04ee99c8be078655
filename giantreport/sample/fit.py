"""Numerical tools of the calibration: raking, controlled rounding, small integer programs.

Everything is deterministic: no randomness here, ties broken by index.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def rake(base: np.ndarray, constraints: list[tuple[np.ndarray, np.ndarray]], lo=None, hi=None,
         iterations: int = 500, tol: float = 1e-10) -> np.ndarray:
    """Scale positive values so that the sums over each group of each partition hit their targets.

    constraints: (codes, targets) pairs; codes[i] is the group of element i (-1: in no group).
    lo/hi: optional per-element bounds, applied after each step (clipped raking).
    """
    x = np.asarray(base, dtype=float).copy()
    for _ in range(iterations):
        worst = 0.0
        for codes, targets in constraints:
            inside = codes >= 0
            sums = np.bincount(codes[inside], weights=x[inside], minlength=len(targets))
            factor = np.ones_like(sums)
            ok = sums > 0
            factor[ok] = targets[ok] / sums[ok]
            x[inside] *= factor[codes[inside]]
            if lo is not None or hi is not None:
                x = np.clip(x, lo if lo is not None else -np.inf, hi if hi is not None else np.inf)
            worst = max(worst, float(np.max(np.abs(sums - targets) / np.maximum(targets, 1))) if len(targets) else 0)
        if worst < tol:
            break
    return x


def controlled_round(real: np.ndarray, row_targets: np.ndarray, col_targets: np.ndarray) -> np.ndarray:
    """Integer matrix near `real` with exact row and column sums (both integer, equal totals)."""
    real = np.asarray(real, dtype=float)
    allowed = real > 0
    row_targets = np.asarray(row_targets, dtype=np.int64)
    col_targets = np.asarray(col_targets, dtype=np.int64)
    assert row_targets.sum() == col_targets.sum(), (row_targets.sum(), col_targets.sum())
    # bring the real margins to the integer targets first, so flooring leaves non-negative deficits
    r, c = np.nonzero(np.ones_like(real))
    if real.sum() > 0:
        codes_r = r.astype(np.int64)
        codes_c = c.astype(np.int64)
        flat = rake(np.where(allowed, real, 0).ravel(), [(codes_r, row_targets.astype(float)), (codes_c, col_targets.astype(float))],
                    iterations=2000, tol=1e-12)
        real = flat.reshape(real.shape)
    out = np.floor(real + 1e-9).astype(np.int64)
    frac = real - out
    dr = row_targets - out.sum(axis=1)
    dc = col_targets - out.sum(axis=0)
    order = np.argsort(-frac, axis=None, kind="stable")
    for flat_index in order:
        i, j = divmod(int(flat_index), real.shape[1])
        if dr[i] > 0 and dc[j] > 0 and allowed[i, j]:
            out[i, j] += 1
            dr[i] -= 1
            dc[j] -= 1
    # whatever is left (rare): fill deficits through cells that can hold companies
    while (dr > 0).any():
        i = int(np.flatnonzero(dr > 0)[0])
        j = int(np.flatnonzero(dc > 0)[0])
        if allowed[i, j]:
            out[i, j] += 1; dr[i] -= 1; dc[j] -= 1
            continue
        moved = False
        for l in np.flatnonzero(allowed[i]):                 # out[i,l]+1, out[k,j]+1, out[k,l]-1
            for k in np.flatnonzero(allowed[:, j] & (out[:, l] > 0) & allowed[:, l]):
                out[i, l] += 1; out[k, j] += 1; out[k, l] -= 1
                dr[i] -= 1; dc[j] -= 1
                moved = True
                break
            if moved:
                break
        if not moved:
            raise ValueError("controlled rounding could not balance the margins")
    return out


def split_integer(total: int, weights: np.ndarray, lo=None, hi=None) -> np.ndarray:
    """Integers proportional to weights summing exactly to total (largest remainder), within bounds."""
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    if n == 0:
        assert total == 0
        return np.zeros(0, dtype=np.int64)
    lo = np.zeros(n) if lo is None else np.asarray(lo, dtype=float)
    hi = np.full(n, np.inf) if hi is None else np.asarray(hi, dtype=float)
    w = weights if weights.sum() > 0 else np.ones(n)
    real = w / w.sum() * total
    real = np.clip(real, lo, hi)
    for _ in range(50):           # re-spread what clipping moved
        gap = total - real.sum()
        free = (real < hi - 1e-9) if gap > 0 else (real > lo + 1e-9)
        if abs(gap) < 1e-9 or not free.any():
            break
        real[free] += gap * w[free] / w[free].sum()
        real = np.clip(real, lo, hi)
    out = np.floor(real + 1e-9).astype(np.int64)
    rest = int(total - out.sum())
    order = np.argsort(-(real - out), kind="stable")
    k = 0
    while rest > 0:
        idx = order[k % n]
        if out[idx] + 1 <= hi[idx]:
            out[idx] += 1
            rest -= 1
        k += 1
        if k > 10 * n + 10:
            raise ValueError("split_integer: bounds too tight")
    while rest < 0:
        idx = order[::-1][k % n]
        if out[idx] - 1 >= lo[idx]:
            out[idx] -= 1
            rest += 1
        k += 1
        if k > 10 * n + 10:
            raise ValueError("split_integer: bounds too tight")
    return out


def split_signed(total: int, weights: np.ndarray) -> np.ndarray:
    """Like split_integer for a total of either sign (no bounds)."""
    sign = 1 if total >= 0 else -1
    return sign * split_integer(abs(int(total)), weights)


def closest_integers(centre, eq=(), eq_rhs=(), ub=(), ub_rhs=(), hi=None, weights=None,
                     what: str = "calibration") -> np.ndarray:
    """Non-negative integers x nearest (weighted L1) to `centre` with eq·x = eq_rhs and ub·x ≤ ub_rhs.

    Rows are over x only; |x − centre| ≤ t is added with one auxiliary t per element (HiGHS)."""
    centre = np.asarray(centre, dtype=float)
    n = len(centre)
    pad = lambda rows: [np.concatenate([np.asarray(r, dtype=float), np.zeros(n)]) for r in rows]  # noqa: E731
    ub_rows, ub_b = pad(ub), list(ub_rhs)
    for k in range(n):
        r = np.zeros(2 * n); r[k] = 1; r[n + k] = -1; ub_rows.append(r); ub_b.append(centre[k])
        r = np.zeros(2 * n); r[k] = -1; r[n + k] = -1; ub_rows.append(r); ub_b.append(-centre[k])
    constraints = []
    if len(eq):
        constraints.append(LinearConstraint(np.array(pad(eq)), eq_rhs, eq_rhs))
    constraints.append(LinearConstraint(np.array(ub_rows), -np.inf, ub_b))
    upper = np.concatenate([np.full(n, np.inf) if hi is None else np.asarray(hi, dtype=float), np.full(n, np.inf)])
    cost = np.concatenate([np.zeros(n), np.ones(n) if weights is None else np.asarray(weights, dtype=float)])
    res = milp(cost, constraints=constraints, integrality=np.concatenate([np.ones(n), np.zeros(n)]),
               bounds=Bounds(0, upper), options={"time_limit": 120})
    if res.x is None:
        raise ValueError(f"{what}: no integer solution inside every published interval ({res.message})")
    return np.round(res.x[:n]).astype(np.int64)


def integer_program(c: np.ndarray, A_eq=None, b_eq=None, A_ub=None, b_ub=None, lo=None, hi=None,
                    integral: bool = True) -> np.ndarray:
    """Minimise c·x subject to equalities and inequalities (HiGHS via scipy.optimize.milp)."""
    n = len(c)
    constraints = []
    if A_eq is not None:
        constraints.append(LinearConstraint(A_eq, b_eq, b_eq))
    if A_ub is not None:
        constraints.append(LinearConstraint(A_ub, -np.inf, b_ub))
    bounds = Bounds(np.zeros(n) if lo is None else lo, np.full(n, np.inf) if hi is None else hi)
    res = milp(c, constraints=constraints, bounds=bounds, integrality=np.ones(n) if integral else None,
               options={"time_limit": 60, "presolve": True})
    if res.x is None:
        raise ValueError(f"calibration program infeasible: {res.message}")
    return np.round(res.x).astype(np.int64) if integral else res.x


def repair(values: np.ndarray, lo: np.ndarray, hi: np.ndarray, a_codes: np.ndarray, b_codes: np.ndarray,
           a_targets: np.ndarray, b_targets: np.ndarray, max_steps: int = 200_000) -> np.ndarray:
    """Nudge integers by ±1 within [lo, hi] until the sums over both partitions hit their targets."""
    v = values.astype(np.int64).copy()
    A, B = len(a_targets), len(b_targets)
    da = a_targets - np.bincount(a_codes, weights=v, minlength=A).astype(np.int64)
    db = b_targets - np.bincount(b_codes, weights=v, minlength=B).astype(np.int64)
    cell = a_codes * B + b_codes
    members = {}
    for i, c in enumerate(cell):
        members.setdefault(int(c), []).append(i)

    def step(a, b, sign) -> bool:
        for i in members.get(a * B + b, ()):
            if (sign > 0 and v[i] < hi[i]) or (sign < 0 and v[i] > lo[i]):
                v[i] += sign
                return True
        return False

    for _ in range(max_steps):
        if not da.any() and not db.any():
            return v
        moved = False
        for sign in (1, -1):
            As = np.flatnonzero(da * sign > 0)
            Bs = np.flatnonzero(db * sign > 0)
            for a in As:
                for b in Bs:
                    if step(a, b, sign):
                        da[a] -= sign; db[b] -= sign; moved = True
                        break
                if moved:
                    break
            if moved:
                break
        if moved:
            continue
        # one partition balanced: move a unit between two groups of the other within a shared group
        for da_, db_, swap in ((da, db, False), (db, da, True)):
            plus, minus = np.flatnonzero(db_ > 0), np.flatnonzero(db_ < 0)
            for p in plus:
                for m in minus:
                    for g in range(len(da_)):
                        a1, b1, a2, b2 = (p, g, m, g) if swap else (g, p, g, m)
                        if _can(v, lo, hi, members, a1 * B + b1, 1) and _can(v, lo, hi, members, a2 * B + b2, -1):
                            step(a1, b1, 1); step(a2, b2, -1)
                            db_[p] -= 1; db_[m] += 1; moved = True
                            break
                    if moved:
                        break
                if moved:
                    break
            if moved:
                break
        if not moved:
            # three moves around a cycle: (g,b)+s, (g,q)−s, (a,q)+s
            for sign in (1, -1):
                for a in np.flatnonzero(da * sign > 0):
                    for b in np.flatnonzero(db * sign > 0):
                        for g in range(A):
                            if g == a or not _can(v, lo, hi, members, g * B + b, sign):
                                continue
                            for q in range(B):
                                if q != b and _can(v, lo, hi, members, g * B + q, -sign) \
                                        and _can(v, lo, hi, members, a * B + q, sign):
                                    step(g, b, sign); step(g, q, -sign); step(a, q, sign)
                                    da[a] -= sign; db[b] -= sign; moved = True
                                    break
                            if moved:
                                break
                        if moved:
                            break
                    if moved:
                        break
                if moved:
                    break
        if not moved:
            raise ValueError(f"repair: cannot reach targets (left {da.sum()} / {db.sum()}: {np.flatnonzero(da).tolist()} {da[da != 0].tolist()} {np.flatnonzero(db).tolist()} {db[db != 0].tolist()})")
    return v


def _can(v, lo, hi, members, c, sign) -> bool:
    return any((sign > 0 and v[i] < hi[i]) or (sign < 0 and v[i] > lo[i]) for i in members.get(c, ()))
