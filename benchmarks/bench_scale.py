"""Benchmark: patent aggregation at national scale, pandas and DuckDB engines (issue 17, items 3–4).

For each size (default 1M, 10M and 100M patent rows; 10,000 companies) it writes a data folder —
``companies.parquet`` and ``patents.parquet``, the patents generated in chunks of 2M rows with
pyarrow's ParquetWriter so that generation itself never holds more than one chunk — then, in a
fresh child process per engine, times what ``giantreport stats`` does with the patents:

* pandas: ``load_dataset`` (read every row, validate cell by cell) + ``company_metrics`` (numpy);
* duckdb: ``load_dataset(engine="duckdb")`` (companies loaded; the patents file checked in SQL, see
  giantreport/data/patent_file.py) + ``company_metrics`` (the SQL of giantreport/stats/patent_sql.py
  over the file).

Printed per size and engine: wall time of the two steps and of both, the child's peak RSS
(``ru_maxrss`` from ``os.wait4``: measured, covering DuckDB's own threads and buffers), and the
target (100M rows ≤ 60 s, peak ≤ 4 GB). pandas is skipped where it does not fit (over
``--pandas-max``, default 10M rows: 10M rows peak at ~4.3 GB while loading). The per-company results of
the two engines are compared where both ran. The generated files are deleted afterwards (``--keep
DIR`` keeps them).

    python benchmarks/bench_scale.py                         # 1M, 10M, 100M
    python benchmarks/bench_scale.py --sizes 1000000          # one size
    python benchmarks/bench_scale.py --engines duckdb --sizes 100000000
    python benchmarks/bench_scale.py --json

The 100M case writes ~1.2 GB and keeps both CPUs busy for about two minutes: run it on a quiet machine.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

AS_OF = dt.date(2022, 6, 30)
CHUNK = 2_000_000
TARGET_S, TARGET_MB, TARGET_ROWS = 60.0, 4096, 100_000_000
DAY_MS = 86_400_000
PATENT_SCHEMA = pa.schema([("company_id", pa.string()), ("appln_no", pa.string()), ("patent_type", pa.string()),
                           ("appln_date", pa.timestamp("ms")), ("pub_date", pa.timestamp("ms")),
                           ("grant_date", pa.timestamp("ms")), ("legal_status", pa.string()), ("is_pct", pa.bool_()),
                           ("cited_by", pa.int64()), ("licenses", pa.int64()), ("transfers", pa.int64())])


# ---------------------------------------------------------------- data

def write_companies(folder: Path, n: int) -> np.ndarray:
    from bench_stats import make_companies
    frame = make_companies(n)
    frame.to_parquet(folder / "companies.parquet", index=False)
    return frame["company_id"].to_numpy(dtype=object)


def _days(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def patent_chunk(ids: pa.Array, weights: np.ndarray, start: int, rows: int, seed: int) -> pa.Table:
    """Rows start … start+rows-1 of the patents table (application numbers follow the row number)."""
    rng = np.random.default_rng([seed, start])
    owner = rng.choice(len(ids), size=rows, p=weights).astype(np.int32)
    pub = rng.integers(_days(dt.date(2005, 1, 1)), _days(dt.date(2023, 12, 31)), rows)
    appln = pub - rng.integers(0, 900, rows)
    kind = rng.choice(3, size=rows, p=[0.5, 0.4, 0.1]).astype(np.int8)          # 发明, 实用新型, 外观设计
    invention = kind == 0
    grant = np.where(invention, pub + rng.integers(200, 1500, rows), pub)
    pending = invention & (rng.random(rows) < 0.35)
    status = np.where(pending, 2, np.where(rng.random(rows) < 0.8, 0, 1)).astype(np.int8)   # 有效, 失效, 审中
    number = pc.utf8_lpad(pc.cast(pa.array(np.arange(start, start + rows, dtype=np.int64)), pa.string()), 12, "0")
    return pa.table({
        "company_id": pc.take(ids, pa.array(owner)),
        "appln_no": pc.binary_join_element_wise("CN", number, ""),
        "patent_type": pc.take(pa.array(["发明", "实用新型", "外观设计"]), pa.array(kind)),
        "appln_date": pa.array(appln * DAY_MS, pa.timestamp("ms")),
        "pub_date": pa.array(pub * DAY_MS, pa.timestamp("ms")),
        "grant_date": pa.array(grant * DAY_MS, pa.timestamp("ms"), mask=pending),
        "legal_status": pc.take(pa.array(["有效", "失效", "审中"]), pa.array(status)),
        "is_pct": pa.array(rng.random(rows) < 0.03),
        "cited_by": pa.array(rng.poisson(2.0, rows).astype(np.int64)),
        "licenses": pa.array((rng.random(rows) < 0.01).astype(np.int64)),
        "transfers": pa.array(rng.poisson(0.08, rows).astype(np.int64)),
    }, schema=PATENT_SCHEMA)


def write_patents(folder: Path, company_ids: np.ndarray, rows: int, seed: int = 2) -> Path:
    """patents.parquet in row groups of up to CHUNK rows, one chunk in memory at a time."""
    rng = np.random.default_rng(seed)
    weights = rng.lognormal(0.0, 1.5, len(company_ids))          # a few companies hold many patents
    weights /= weights.sum()
    ids = pa.array(list(company_ids), pa.string())
    path = folder / "patents.parquet"
    with pq.ParquetWriter(path, PATENT_SCHEMA, compression="snappy") as writer:
        for start in range(0, rows, CHUNK):
            writer.write_table(patent_chunk(ids, weights, start, min(CHUNK, rows - start), seed), row_group_size=CHUNK)
    return path


# ---------------------------------------------------------------- one measurement, in a child

CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
import datetime as dt
t0 = time.perf_counter()
from giantreport.data.load import load_dataset
from giantreport.stats.company_metrics import company_metrics
import numpy as np
t1 = time.perf_counter()
ds = load_dataset({folder!r}, engine={engine!r})
t2 = time.perf_counter()
m = company_metrics(ds.companies, ds.patents, dt.date.fromisoformat({as_of!r}))
t3 = time.perf_counter()
np.save({result!r}, m.to_numpy())
print(json.dumps({{"import_s": t1 - t0, "load_s": t2 - t1, "aggregate_s": t3 - t2, "rows": len(ds.patents),
                  "kind": type(ds.patents).__name__}}))
"""


def measure(folder: Path, engine: str, result: Path) -> dict:
    """Time the child; its own peak RSS from os.wait4 (exactly that child, its threads included)."""
    code = CHILD.format(root=str(ROOT), folder=str(folder), engine=engine, as_of=AS_OF.isoformat(), result=str(result))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"{engine} failed (exit {proc.returncode}):\n{stderr[-3000:]}")
    parts = json.loads(stdout.strip().splitlines()[-1])
    parts.update(wall_s=wall, peak_rss_mib=usage.ru_maxrss / 1024, cpu_s=usage.ru_utime + usage.ru_stime)
    return parts


# ---------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000000,10000000,100000000", help="patent rows, comma-separated")
    ap.add_argument("--companies", type=int, default=10_000)
    ap.add_argument("--engines", default="pandas,duckdb")
    ap.add_argument("--pandas-max", type=int, default=10_000_000, help="largest size the pandas engine is run on")
    ap.add_argument("--keep", type=Path, help="write the data folders under DIR and keep them")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    try:
        load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    results = []
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        for rows in sizes:
            folder = base / f"patents-{rows}"
            folder.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            ids = write_companies(folder, args.companies)
            write_patents(folder, ids, rows)
            gen_s = time.perf_counter() - t0
            size_mb = (folder / "patents.parquet").stat().st_size / 2**20
            row = {"rows": rows, "companies": args.companies, "generate_s": gen_s, "parquet_mib": size_mb, "engines": {}}
            if not args.json:
                print(f"{rows:>12,} patent rows: patents.parquet {size_mb:,.0f} MiB, generated in {gen_s:.1f} s")
            arrays = {}
            for engine in engines:
                if engine == "pandas" and rows > args.pandas_max:
                    row["engines"][engine] = None
                    if not args.json:
                        print(f"  {engine:7} skipped: over --pandas-max {args.pandas_max:,} rows (does not fit)")
                    continue
                out = folder / f"metrics-{engine}.npy"
                r = measure(folder, engine, out)
                arrays[engine] = np.load(out)
                row["engines"][engine] = r
                if not args.json:
                    total = r["load_s"] + r["aggregate_s"]
                    print(f"  {engine:7} load+check {r['load_s']:7.2f} s  aggregate {r['aggregate_s']:7.2f} s  "
                          f"both {total:7.2f} s  (process {r['wall_s']:.2f} s, CPU {r['cpu_s']:.1f} s)  "
                          f"peak RSS {r['peak_rss_mib']:,.0f} MiB")
            if len(arrays) == 2:
                row["identical"] = bool(np.array_equal(*arrays.values()))
                if not args.json:
                    print(f"  per-company metrics identical: {row['identical']}")
            if rows >= TARGET_ROWS and row["engines"].get("duckdb"):
                r = row["engines"]["duckdb"]
                total = r["load_s"] + r["aggregate_s"]
                row["target_met"] = total <= TARGET_S and r["peak_rss_mib"] <= TARGET_MB
                if not args.json:
                    print(f"  target ≤ {TARGET_S:.0f} s and ≤ {TARGET_MB} MiB at {TARGET_ROWS:,} rows (duckdb, load+check "
                          f"+ aggregate): {'met' if row['target_met'] else 'MISSED'}")
            results.append(row)
            if args.keep is None:
                shutil.rmtree(folder)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    try:
        load_after = "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load_after = "?"
    if args.json:
        print(json.dumps({"load_before": load, "load_after": load_after, "cpus": os.cpu_count(), "sizes": results}))
    else:
        print(f"load average 1/5/15 min: {load} before, {load_after} after; {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
