"""Benchmark of the statistics step: `compute_stats` on synthetic data of report scale.

    python benchmarks/bench_stats.py                       # 10 000 companies, 1 000 000 patents
    python benchmarks/bench_stats.py --rows 10000000       # 10 million patents
    python benchmarks/bench_stats.py --parquet             # round-trip the frames through Parquet first
    python benchmarks/bench_stats.py --repeat 3 --json     # best of 3, one JSON line

The frames are built with the canonical dtypes that `giantreport.data.load` produces (pyarrow-backed
`str`, `Int64`, `datetime64[us]`, `bool`, `int64`), so the step measured is exactly the one the CLI runs
after loading: `compute_stats(Dataset(companies, patents, benchmarks, folder), config)`.

Printed: generation time, wall time of the stats step (and of its heavy part, the per-company patent
aggregation), resident memory before the step and the peak during it (VmHWM, reset just before the step
through /proc/self/clear_refs; on systems without it, the process-wide peak).

Targets on the project's 2-core / 24 GiB machine: 1M rows ≤ 3 s, 10M rows ≤ 30 s and peak < 4 GB.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from giantreport.config import load_config  # noqa: E402
from giantreport.data.load import Dataset, default_benchmarks  # noqa: E402
from giantreport.data.regions import cities  # noqa: E402
from giantreport.data.schema import BOARDS, INDUSTRIES, LEGAL_STATUSES, PATENT_TYPES  # noqa: E402
from giantreport.stats import compute_stats  # noqa: E402
from giantreport.stats.company_metrics import company_metrics  # noqa: E402

AS_OF = dt.date(2022, 6, 30)
DAY_US = 86_400_000_000


# ---------------------------------------------------------------- synthetic data

def _str(values: pa.Array) -> pd.Series:
    """A pyarrow string array as the loader's `str` column (ArrowStringArray, NaN as missing)."""
    return values.to_pandas()


def _choice_str(rng, choices, size, p=None) -> pd.Series:
    idx = rng.choice(len(choices), size=size, p=p).astype(np.int32)
    return _str(pa.DictionaryArray.from_arrays(pa.array(idx), pa.array(list(choices))).cast(pa.string()))


def _ids(prefix: str, n: int, width: int) -> pa.Array:
    digits = pc.utf8_lpad(pc.cast(pa.array(np.arange(n, dtype=np.int64)), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _dates(days: np.ndarray) -> pd.Series:
    """Days since 1970-01-01 (NaN → NaT) as datetime64[us]."""
    us = np.where(np.isnan(days), np.iinfo(np.int64).min, np.nan_to_num(days).astype(np.int64) * DAY_US)
    return pd.Series(us.view("datetime64[us]"))


def make_companies(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ref = cities()
    pick = rng.integers(0, len(ref), n)
    ids = _ids("91", n, 16)
    batch = rng.choice([1, 2, 3, 4], size=n, p=[0.03, 0.19, 0.31, 0.47])
    employees = np.round(rng.lognormal(5.0, 1.0, n)).astype(np.int64)
    employees = pd.array(employees, dtype="Int64")
    employees[rng.random(n) < 0.05] = pd.NA
    founded = (dt.date(2022, 6, 30) - dt.date(1970, 1, 1)).days - rng.integers(365, 40 * 365, n).astype(float)
    founded[rng.random(n) < 0.02] = np.nan
    listing = ["", "主板", "创业板", "科创板", "北交所", "港交所", "新交所", "新三板", "主板;港交所"]
    frame = pd.DataFrame({
        "company_id": _str(ids),
        "name": _str(_ids("企业", n, 5)),
        "batch": pd.array(batch, dtype="Int64"),
        "province": _str(pa.array(ref["province"].to_numpy()[pick].tolist())),
        "city": _str(pa.array(ref["name"].to_numpy()[pick].tolist())),
        "district": _choice_str(rng, [f"第{k}区" for k in range(20)], n),
        "industry": _choice_str(rng, INDUSTRIES, n),
        "industry_detail": _choice_str(rng, ["", "智能制造装备产业", "电子核心产业"], n),
        "employees": employees,
        "founded": _dates(founded),
        "listing": _choice_str(rng, listing, n, p=[0.80, 0.02, 0.03, 0.02, 0.01, 0.002, 0.001, 0.107, 0.01]),
        "financed": rng.random(n) < 0.4,
    })
    assert set(frame["listing"]) <= {""} | {";".join(x) for x in [(b,) for b in BOARDS] + [("主板", "港交所")]}
    return frame


def make_patents(company_ids: pd.Series, rows: int, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = len(company_ids)
    weights = rng.lognormal(0.0, 1.5, n)                     # a few companies hold many patents
    owner = rng.choice(n, size=rows, p=weights / weights.sum()).astype(np.int32)
    start = (dt.date(2005, 1, 1) - dt.date(1970, 1, 1)).days
    end = (dt.date(2023, 12, 31) - dt.date(1970, 1, 1)).days
    pub = rng.integers(start, end, rows).astype(float)
    appln = pub - rng.integers(0, 900, rows)
    kind = rng.choice(3, size=rows, p=[0.5, 0.4, 0.1]).astype(np.int8)      # 发明, 实用新型, 外观设计
    invention = kind == 0
    grant = np.where(invention, pub + rng.integers(200, 1500, rows), pub)
    grant[invention & (rng.random(rows) < 0.35)] = np.nan                  # still pending
    status = np.where(np.isnan(grant), 2, np.where(rng.random(rows) < 0.8, 0, 1)).astype(np.int8)
    del weights
    frame = pd.DataFrame({
        "company_id": _str(pc.take(pa.array(company_ids.to_numpy(dtype=object)), pa.array(owner))),
        "appln_no": _str(_ids("CN", rows, 10)),
        "patent_type": _str(pa.DictionaryArray.from_arrays(pa.array(kind), pa.array(list(PATENT_TYPES))).cast(pa.string())),
        "appln_date": _dates(appln),
        "pub_date": _dates(pub),
        "grant_date": _dates(grant),
        "legal_status": _str(pa.DictionaryArray.from_arrays(pa.array(status), pa.array(list(LEGAL_STATUSES))).cast(pa.string())),
        "is_pct": rng.random(rows) < 0.03,
        "cited_by": rng.poisson(2.0, rows).astype(np.int64),
        "licenses": (rng.random(rows) < 0.01).astype(np.int64),
        "transfers": rng.poisson(0.08, rows).astype(np.int64),
    })
    return frame


# ---------------------------------------------------------------- memory

def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_peak() -> bool:
    """Reset VmHWM (Linux ≥ 4.0) so that the next reading is the peak of what follows."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def peak_mb(resettable: bool) -> float:
    kb = _status_kb("VmHWM") if resettable else None
    if kb is None:
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024


def rss_mb() -> float:
    return (_status_kb("VmRSS") or 0) / 1024


# ---------------------------------------------------------------- run

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="patent rows (default 1 000 000)")
    ap.add_argument("--companies", type=int, default=10_000, help="companies (default 10 000)")
    ap.add_argument("--parquet", action="store_true", help="write the frames to Parquet in a temp folder and read them back")
    ap.add_argument("--repeat", type=int, default=1, help="run the stats step this many times, report the best")
    ap.add_argument("--json", action="store_true", help="print one JSON line instead of text")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when over target: ≤ 3 s per 1M rows up to 1M, ≤ 30 s up to 10M, peak < 4 GB")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    companies = make_companies(args.companies)
    patents = make_patents(companies["company_id"], args.rows)
    generate_s = time.perf_counter() - t0

    with tempfile.TemporaryDirectory(prefix="giantreport-bench-") as tmp:
        folder = Path(tmp)
        read_s = None
        if args.parquet:
            companies.to_parquet(folder / "companies.parquet", index=False)
            patents.to_parquet(folder / "patents.parquet", index=False, row_group_size=1_000_000)
            del companies, patents
            gc.collect()
            t0 = time.perf_counter()
            companies = pd.read_parquet(folder / "companies.parquet")
            patents = pd.read_parquet(folder / "patents.parquet")
            read_s = time.perf_counter() - t0
        dataset = Dataset(companies, patents, default_benchmarks(), folder)
        config = load_config(None, search_dir=folder).with_as_of(AS_OF)
        gc.collect()
        before = rss_mb()

        process_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss   # before the reset
        resettable = reset_peak()
        times, metric_times = [], []
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            company_metrics(companies, patents, AS_OF)
            metric_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            stats = compute_stats(dataset, config)
            times.append(time.perf_counter() - t0)
        peak = peak_mb(resettable)

    result = {
        "companies": args.companies, "rows": args.rows, "parquet": args.parquet,
        "generate_s": round(generate_s, 2), "read_parquet_s": None if read_s is None else round(read_s, 2),
        "stats_s": round(min(times), 3), "company_metrics_s": round(min(metric_times), 3),
        "rss_before_mb": round(before), "peak_rss_mb": round(peak),
        "peak_scope": "stats step (VmHWM reset)" if resettable else "whole process (ru_maxrss)",
        "process_peak_rss_mb": round(max(process_peak_kb / 1024, peak)),
        "check_applications_mean": stats.summary["applications_mean"],
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"companies {args.companies:,}  patents {args.rows:,}  (generated in {generate_s:.1f} s"
              + (f", Parquet read {read_s:.1f} s" if read_s is not None else "") + ")")
        print(f"compute_stats      {min(times):8.3f} s   (best of {len(times)})")
        print(f"  company_metrics  {min(metric_times):8.3f} s")
        print(f"RSS before step    {before:8.0f} MB")
        print(f"peak RSS           {peak:8.0f} MB   ({result['peak_scope']})")
        print(f"process peak RSS   {result['process_peak_rss_mb']:8.0f} MB   (generation included)")
    if args.check:
        limit_s = 3.0 if args.rows <= 1_000_000 else 30.0
        ok = min(times) <= limit_s and peak < 4096
        print(f"target {limit_s:.0f} s / 4096 MB: {'met' if ok else 'MISSED'}", file=sys.stderr)
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
