"""Benchmark: load and validate a national-scale data folder.

Generates 10,000 companies and 1,000,000 patent rows as CSV (UTF-8, Chinese headers,
the way analysts bring them) in a temporary folder, then times ``load_dataset`` on it
in a fresh child process and prints its wall time, CPU time and peak resident memory
(the child's VmHWM from /proc, else ``resource.getrusage(RUSAGE_SELF).ru_maxrss``, which on
Linux carries the parent's peak over exec; tracemalloc would slow pandas down too much).
The machine's other load shows in the wall time: compare runs made side by side (--repeat).

    python benchmarks/bench_load.py                       # the default: 10k + 1M
    python benchmarks/bench_load.py --patents 200000      # smaller
    python benchmarks/bench_load.py --encoding gbk        # GBK files
    python benchmarks/bench_load.py --profile             # cProfile top 25 of the load
    python benchmarks/bench_load.py --keep DIR            # write the folder to DIR and keep it
    python benchmarks/bench_load.py --keyed-by name       # a ministry list without IDs + a patent export
                                                          # keyed by 申请(专利权)人 (1 in 5 with a co-applicant
                                                          # university, 1 in 50 rows of outsiders only)

The generated data is valid, so the load must succeed: the child checks the row counts.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

COMPANY_HEADER = ["企业ID", "企业名称", "批次", "省份", "城市", "区县", "产业领域", "具体产业类别",
                  "参保人数", "成立日期", "上市板块", "一级市场融资"]
PATENT_HEADER = ["企业ID", "申请号", "专利类型", "申请日", "公开日", "授权日", "法律状态", "PCT",
                 "被引用次数", "许可次数", "转让次数"]
INDUSTRY_SPELLINGS = np.array(["新材料", "新一代信息技术", "高端机械装备", "节能与新能源汽车",
                               "生物医药及高性能医疗器械", "航空航天装备", "海洋工程装备及高技术船舶",
                               "先进轨道交通装备", "其他", "电力装备", "农机装备", "高档数控机床和机器人"])
LISTINGS = np.array(["", "", "", "", "", "", "", "", "主板", "创业板", "科创板", "北交所", "新三板",
                     "创业板;港交所", "主板、新交所"])
BATCHES = np.array(["1", "2", "3", "4", "第一批", "第二批", "第三批", "第四批"])
PATENT_TYPES = np.array(["发明", "发明", "实用新型", "实用新型", "外观设计"])
LEGAL = np.array(["有效", "有效", "失效", "审中"])


def _dates(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 → 'YYYY-MM-DD' strings (vectorised)."""
    return days.astype("datetime64[D]").astype(str)


def generate(folder: Path, n_companies: int, n_patents: int, seed: int = 0, encoding: str = "utf-8",
             keyed_by: str = "id") -> None:
    from giantreport.data import regions

    rng = np.random.default_rng(seed)
    cities = regions.cities()
    pick = rng.integers(0, len(cities), n_companies)
    short = rng.random(n_companies) < 0.5           # half the rows use short forms (浙江, 杭州)
    prov_full = cities["province"].to_numpy()[pick]
    prov_short = pd.Series(prov_full).map(dict(zip(regions.provinces()["name"], regions.provinces()["short"])))
    city_name = cities["name"].to_numpy()[pick]
    city_short = cities["short"].to_numpy()[pick]
    city_short = np.where(city_short == "", city_name, city_short)
    ids = np.char.add("91330100MA", np.char.zfill(np.arange(n_companies).astype(str), 8))
    founded_days = rng.integers(-10000, 19000, n_companies)
    founded = _dates(founded_days)
    founded = np.where(rng.random(n_companies) < 0.2, founded.astype("U4"), founded)  # some bare years
    companies = pd.DataFrame({
        "企业ID": ids,
        "企业名称": np.char.add(np.char.add("测试企业", np.arange(n_companies).astype(str)), "有限公司"),
        "批次": BATCHES[rng.integers(0, len(BATCHES), n_companies)],
        "省份": np.where(short, prov_short.to_numpy(), prov_full),
        "城市": np.where(short, city_short, city_name),
        "区县": np.char.add("区县", rng.integers(0, 50, n_companies).astype(str)),
        "产业领域": INDUSTRY_SPELLINGS[rng.integers(0, len(INDUSTRY_SPELLINGS), n_companies)],
        "具体产业类别": "细分类别",
        "参保人数": rng.integers(5, 5000, n_companies),
        "成立日期": founded,
        "上市板块": LISTINGS[rng.integers(0, len(LISTINGS), n_companies)],
        "一级市场融资": np.array(["是", "否"])[rng.integers(0, 2, n_companies)],
    })
    if keyed_by == "name":
        companies = companies.drop(columns=["企业ID"])
    companies.to_csv(folder / "companies.csv", index=False, encoding=encoding)
    owner = rng.integers(0, n_companies, n_patents)

    appln = rng.integers(10957, 19100, n_patents)                  # 2000-01-01 … 2022-04
    pub = appln + rng.integers(90, 720, n_patents)
    granted = rng.random(n_patents) < 0.5
    grant = np.where(granted, pub + rng.integers(0, 900, n_patents), 0)
    grant_text = np.where(granted, _dates(grant), "")
    patents = pd.DataFrame({
        "企业ID": ids[owner],
        "申请号": np.char.add("CN", np.char.zfill(np.arange(n_patents).astype(str), 12)),
        "专利类型": PATENT_TYPES[rng.integers(0, len(PATENT_TYPES), n_patents)],
        "申请日": _dates(appln),
        "公开日": _dates(pub),
        "授权日": grant_text,
        "法律状态": LEGAL[rng.integers(0, len(LEGAL), n_patents)],
        "PCT": np.array(["否"] * 19 + ["是"])[rng.integers(0, 20, n_patents)],
        "被引用次数": rng.poisson(2, n_patents),
        "许可次数": rng.poisson(0.05, n_patents),
        "转让次数": rng.poisson(0.05, n_patents),
    })
    if keyed_by == "name":
        names = companies["企业名称"].to_numpy()[owner].astype(object)
        shared = rng.random(n_patents) < 0.2
        names[shared] = names[shared] + "；某某大学"
        names[rng.random(n_patents) < 0.02] = "某某研究院"         # not on the list: skipped by the join
        patents = patents.drop(columns=["企业ID"])
        patents.insert(0, "申请(专利权)人", names)
    patents.to_csv(folder / "patents.csv", index=False, encoding=encoding)


CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
import giantreport.data.load as load

def peak_kib():
    # VmHWM restarts at exec; ru_maxrss carries the parent's peak over exec on Linux
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss     # bytes on macOS
before = peak_kib()
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
cpu0 = cpu()
start = time.perf_counter()
if {profile!r}:
    import cProfile, pstats
    prof = cProfile.Profile()
    prof.enable()
ds = load.load_dataset({folder!r})
elapsed = time.perf_counter() - start
cpu_seconds = cpu() - cpu0
if {profile!r}:
    prof.disable()
    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
peak = peak_kib()
if {n_companies} >= 0:
    assert len(ds.companies) == {n_companies} and {n_patents} * 0.95 <= len(ds.patents) <= {n_patents}, \
        (len(ds.companies), len(ds.patents))
print(json.dumps({{"seconds": elapsed, "cpu": cpu_seconds, "peak_kib": peak, "import_kib": before}}))
"""


def measure(folder: Path, n_companies: int, n_patents: int, profile: bool = False) -> dict:
    code = CHILD.format(root=str(ROOT), folder=str(folder), profile=profile,
                        n_companies=n_companies, n_patents=n_patents)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"load_dataset failed (exit {done.returncode})")
    if profile:
        sys.stderr.write(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--companies", type=int, default=10_000)
    ap.add_argument("--patents", type=int, default=1_000_000)
    ap.add_argument("--encoding", default="utf-8", choices=["utf-8", "utf-8-sig", "gbk", "gb18030"])
    ap.add_argument("--repeat", type=int, default=1, help="runs (each in a fresh process); the best is reported")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one load")
    ap.add_argument("--keep", type=Path, help="write the data folder here and keep it")
    ap.add_argument("--data", type=Path, help="time an existing folder instead of generating one")
    ap.add_argument("--keyed-by", choices=["id", "name"], default="id",
                    help="id: 企业ID in both files; name: no ID column, patents keyed by applicant name")
    args = ap.parse_args(argv)

    if args.data:
        runs = [measure(args.data, -1, -1, args.profile) for _ in range(max(1, args.repeat))]
        report(runs)
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        generate(folder, args.companies, args.patents, encoding=args.encoding, keyed_by=args.keyed_by)
        size = sum(p.stat().st_size for p in folder.glob("*.csv")) / 2**20
        print(f"generated {args.companies:,} companies + {args.patents:,} patents keyed by {args.keyed_by} "
              f"({size:.0f} MiB CSV, {args.encoding}) in {time.perf_counter() - start:.1f} s")
        runs = [measure(folder, args.companies, args.patents, args.profile) for _ in range(max(1, args.repeat))]
    report(runs)
    return 0


def report(runs: list[dict]) -> None:
    best = min(runs, key=lambda r: r["seconds"])
    peak = max(r["peak_kib"] for r in runs) / 1024
    base = best["import_kib"] / 1024
    print(f"load_dataset: {best['seconds']:.2f} s wall ({best['cpu']:.2f} s CPU); peak RSS {peak:.0f} MiB "
          f"(of which {base:.0f} MiB after imports)"
          + ("; all runs: " + ", ".join(f"{r['seconds']:.2f}" for r in runs) + " s" if len(runs) > 1 else ""))


if __name__ == "__main__":
    sys.exit(main())
