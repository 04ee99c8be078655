"""Benchmark: the full annual-report build, cold and warm, as a user runs it.

Runs ``python -m giantreport.cli -v build --out TMP`` in a fresh child process twice:

* cold: an empty giantreport cache (``$XDG_CACHE_HOME`` points to a new temporary folder, so
  neither the chart cache, ``giantreport/charts``, nor the validated-data-and-statistics cache,
  ``giantreport/stats``, has anything in it): loading, statistics, charts and PDF all run;
* warm: the same command again with the cache the cold run left (statistics and charts reused).

Other programs' caches in the user's cache folder (matplotlib's font list, fontconfig …) are
linked into the temporary one, so "cold" means a first build of new data, not a first run on a
new machine. ``-v`` (not ``-q``: quiet wins over verbose) makes the CLI print each stage's time;
those lines are parsed into the breakdown below.

Printed: wall time of each run with the per-stage breakdown, the child's peak RSS (its own
``ru_maxrss`` from ``os.wait4``, which on Linux also covers the processes it waited for) and the
sampled peak of the summed RSS of its process tree, the PDF's size and page count (pypdf, else
``pdfinfo``) and the HTML's size, each beside its target: full build <= 8 s, PDF < 5 MB.

    python benchmarks/bench_build.py                  # bundled sample, one cold + one warm run
    python benchmarks/bench_build.py --repeat 3       # three cold/warm pairs, the best of each shown
    python benchmarks/bench_build.py --data DIR       # another data folder
    python benchmarks/bench_build.py --json           # one JSON line
    python benchmarks/bench_build.py --check          # exit 1 when a target is missed
    python benchmarks/bench_build.py --ratio          # as ratios to the reference render, median of 3

Wall times include the machine's other load: compare runs made side by side.

``--ratio`` divides by the reference render (``reference_render.py``: one plain WeasyPrint render of
a fixed 37-page Chinese document with 12 SVG charts) timed in the same round, so the figure does not
move with the machine's speed. Each round (``--rounds``, default 3), in a new temporary folder with
an empty cache: the reference render; the cold full build (``giantreport.toml`` in the working
folder gives the default title); then the same build after changing only ``report.title`` in
``giantreport.toml`` (everything else cached from the cold build). Printed: each command's wall
time, the reference's, their ratio per round and the median ratio beside its target (cold ≤ 0.7×,
title change ≤ 0.4×), the load average before and after, and the stages of the median rounds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))       # reference_render
BUILD_TARGET_S = 8.0
PDF_TARGET_MB = 5.0

_STAGE = re.compile(r"^( {2,})(\S.*?)：([0-9]+(?:\.[0-9]+)?) s$")
_PAGES = re.compile(r"PDF 共 (\d+) 页")


# ---------------------------------------------------------------- running one command

def cache_home(folder: Path) -> Path:
    """An empty giantreport cache; the user's other cache folders linked in (kept warm)."""
    folder.mkdir(parents=True, exist_ok=True)
    real = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    if real.is_dir():
        for entry in real.iterdir():
            if entry.name != "giantreport" and not (folder / entry.name).exists():
                try:
                    (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
                except OSError:
                    pass
    return folder


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("utf-8", "replace")
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _tree_rss_kib(pid: int, page_kib: int) -> int:
    kids, total, todo = _children_map(), 0, [pid]
    while todo:
        p = todo.pop()
        todo += kids.get(p, [])
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * page_kib
        except (OSError, IndexError, ValueError):
            pass
    return total


class TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and its descendants, sampled every ``interval`` s.

    Forked workers share pages with their parent; each process's RSS counts them again, so this
    is an upper bound of the memory the tree needs. Linux only (0 elsewhere).
    """

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kib = pid, interval, 0
        self._halt = threading.Event()
        self._page_kib = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self._halt.is_set():
            self.peak_kib = max(self.peak_kib, _tree_rss_kib(self.pid, self._page_kib))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


_compiled: list[bool] = []


def compile_bytecode() -> None:
    """Write the package's .pyc files once, as `pip install` does. Where PYTHONDONTWRITEBYTECODE is set
    (this machine) an editable checkout would otherwise compile its source again in every timed process
    (≈ 0.2 s each), which a user's installed copy never does."""
    if not _compiled:
        import compileall
        compileall.compile_dir(ROOT / "giantreport", quiet=1)
        _compiled.append(True)


def run_cli(args: list[str], cache: Path, cwd: Path, timeout: float = 900) -> dict:
    """Run ``python -m giantreport.cli ARGS`` in a child; wall time, peak RSS, output, stage lines."""
    compile_bytecode()
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "giantreport.cli", *args], cwd=cwd, env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        deadline = start + timeout
        while True:   # os.wait4: this child's own rusage (its peak RSS), not the sum over all children so far
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    maxrss_kib = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return {"args": args, "returncode": proc.returncode, "wall_s": wall,
            "peak_rss_mib": maxrss_kib / 1024, "peak_tree_rss_mib": sampler.peak_kib / 1024,
            "stages": parse_stages(stderr), "stdout": stdout, "stderr": stderr}


def parse_stages(text: str) -> list[tuple[int, str, float]]:
    """The ``-v`` timing lines as (depth, label, seconds): depth 0 for a stage, 1 for its parts."""
    out = []
    for line in text.splitlines():
        m = _STAGE.match(line)
        if m:
            out.append(((len(m.group(1)) - 2) // 2, m.group(2), float(m.group(3))))
    return out


def stage_seconds(run: dict, predicate) -> float | None:
    found = [s for depth, label, s in run["stages"] if depth == 0 and predicate(label)]
    return sum(found) if found else None


def failed(run: dict) -> str | None:
    if run["returncode"] == 0:
        return None
    tail = "\n".join((run["stderr"] + run["stdout"]).strip().splitlines()[-15:])
    return f"giantreport {' '.join(run['args'])} exited {run['returncode']}:\n{tail}"


# ---------------------------------------------------------------- files

def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
        return len(PdfReader(str(path)).pages)
    except Exception:
        pass
    if shutil.which("pdfinfo"):
        done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
        m = re.search(r"^Pages:\s+(\d+)", done.stdout, flags=re.M)
        if m:
            return int(m.group(1))
    return None


def describe_data(data: Path | None) -> str:
    folder = data or ROOT / "data" / "sample"
    parts = []
    try:
        import pyarrow.parquet as pq
        for name, what in (("companies.parquet", "companies"), ("patents.parquet", "patents")):
            if (folder / name).is_file():
                parts.append(f"{pq.ParquetFile(folder / name).metadata.num_rows:,} {what}")
    except Exception:
        pass
    label = "bundled sample" if data is None else str(folder)
    return f"{label} ({', '.join(parts)})" if parts else label


def machine() -> str:
    return f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {dt.date.today().isoformat()}"


def fmt(value: float | None, unit: str = "s", width: int = 8) -> str:
    return f"{'—':>{width}}" if value is None else f"{value:{width}.2f}" + (f" {unit}" if unit else "")


def print_stages(runs: dict[str, dict]) -> None:
    """One row per stage label (in first-seen order), one column per run."""
    names = list(runs)
    rows: list[tuple[int, str]] = []
    for run in runs.values():
        for depth, label, _ in run["stages"]:
            if (depth, label) not in rows:
                rows.append((depth, label))
    width = max([len(label) * 2 + 2 * depth for depth, label in rows] + [24])
    print(f"  {'stage (-v lines)':<{width}}" + "".join(f"{n:>10}" for n in names))
    for depth, label in rows:
        cells = []
        for run in runs.values():
            vals = [s for d, l, s in run["stages"] if (d, l) == (depth, label)]
            cells.append(f"{sum(vals):10.2f}" if vals else f"{'—':>10}")
        # CJK characters take two columns in a terminal
        pad = width - sum(2 if ord(ch) > 0x2E80 else 1 for ch in "  " * depth + label)
        print("  " + "  " * depth + label + " " * max(pad, 1) + "".join(cells))
    other = []
    for run in runs.values():
        staged = sum(s for d, _, s in run["stages"] if d == 0)
        other.append(f"{run['wall_s'] - staged:10.2f}")
    label = "start-up, imports, rest"
    print(f"  {label:<{width}}" + "".join(other))


# ---------------------------------------------------------------- main

def build_once(data: Path | None, formats: str, tmp: Path) -> dict[str, dict]:
    cache = cache_home(tmp / "cache")
    args = ["-v", "build", "--format", formats]
    if data is not None:
        args += ["--data", str(data.resolve())]
    runs = {}
    for kind in ("cold", "warm"):
        out = tmp / f"out-{kind}"
        run = run_cli(args + ["--out", str(out)], cache, cwd=tmp)
        problem = failed(run)
        if problem:
            raise SystemExit(problem)
        pdfs, htmls = sorted(out.glob("*.pdf")), sorted(out.glob("*.html"))
        run["pdf_mb"] = pdfs[0].stat().st_size / 1e6 if pdfs else None
        run["pdf_pages"] = pdf_pages(pdfs[0]) if pdfs else None
        if run["pdf_pages"] is None:
            m = _PAGES.search(run["stderr"])
            run["pdf_pages"] = int(m.group(1)) if m else None
        run["html_mb"] = htmls[0].stat().st_size / 1e6 if htmls else None
        runs[kind] = run
    return runs


# ---------------------------------------------------------------- --ratio

RATIO_TARGETS = {"cold": 0.7, "title": 0.4}
TITLE = "专精特新“小巨人”企业科创能力报告"            # the default title
TITLE_CHANGED = "专精特新“小巨人”企业科创能力报告（修订稿）"


def ratio_round(data: Path | None, formats: str, tmp: Path, document: Path) -> dict:
    """Reference render, cold build, build after a title change: one round, one new empty cache."""
    from reference_render import time_reference
    tmp.mkdir(parents=True, exist_ok=True)
    out = {"reference": time_reference(document, tmp / "reference.pdf")}
    cache = cache_home(tmp / "cache")
    args = ["-v", "build", "--format", formats] + (["--data", str(data.resolve())] if data is not None else [])
    for kind, title in (("cold", TITLE), ("title", TITLE_CHANGED)):
        (tmp / "giantreport.toml").write_text(f'[report]\ntitle = "{title}"\n', encoding="utf-8")
        run = run_cli(args + ["--out", str(tmp / f"out-{kind}")], cache, cwd=tmp)
        problem = failed(run)
        if problem:
            raise SystemExit(problem)
        out[kind] = run
    from reference_render import time_floor
    htmls = sorted((tmp / "out-cold").glob("*.html"))
    out["floor"] = time_floor(htmls, tmp / "floor") if htmls else None     # --format pdf: no HTML to set
    return out


def ratio_main(args) -> int:
    from reference_render import load_average, make_document
    rows = [("cold", "cold full build (PDF + HTML)", RATIO_TARGETS["cold"]),
            ("title", "rebuild, only the title changed", RATIO_TARGETS["title"]),
            ("floor", "floor: WeasyPrint alone on its HTML", None)]
    before = load_average()
    rounds = []
    with tempfile.TemporaryDirectory(prefix="bench-build-ratio-") as tmp:
        document = make_document(Path(tmp) / "reference").parent
        for k in range(max(1, args.rounds)):
            rounds.append(ratio_round(args.data, args.format, Path(tmp) / f"round-{k}", document))
    if any(r["floor"] is None for r in rounds):
        rows = rows[:2]
    return report_ratios("giantreport build", args, rounds, rows, before)


def report_ratios(command: str, args, rounds: list[dict], rows, before: str) -> int:
    """Print (or --json) the ratios to the reference with the stages of the median runs; the exit code for --check."""
    from reference_render import load_average, print_ratios, ratios
    after = load_average()
    result = ratios(rounds, rows)
    met = all(r["met"] for r in result["rows"].values() if r["target"] is not None)
    if args.json:
        print(json.dumps({"data": describe_data(args.data), "machine": machine(), "load_before": before,
                          "load_after": after, "reference": [r["reference"] for r in rounds], **result},
                         ensure_ascii=False))
    else:
        print(f"{command} — {describe_data(args.data)}; {machine()}")
        print_ratios(result, rounds, before, after)
        median_round = {}
        for key, _, _ in rows:
            walls = sorted(rounds, key=lambda r: r[key]["wall_s"])
            median_round[key] = walls[(len(walls) - 1) // 2][key]
        if any(key.endswith("floor") for key, _, _ in rows):
            print("  (a floor: giantreport's PDF step alone, in a fresh process, on the HTML the command wrote. A command\n"
                  "   that lays each document out in one WeasyPrint process cannot be faster: a target below its floor\n"
                  "   needs another typesetter, or documents laid out in parts on several CPUs)")
        print("stages of the median runs:")
        print_stages({k: v for k, v in median_round.items() if "stages" in v})
    return 1 if args.check and not met else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="data folder (default: the bundled sample)")
    ap.add_argument("--format", default="pdf,html", help="passed to build --format (default pdf,html)")
    ap.add_argument("--repeat", type=int, default=1, help="cold/warm pairs, each with a new empty cache; best shown")
    ap.add_argument("--json", action="store_true", help="print one JSON line instead of text")
    ap.add_argument("--check", action="store_true", help="exit 1 when the cold build or the PDF misses its target")
    ap.add_argument("--ratio", action="store_true",
                    help="cold build and title-change rebuild as ratios to the reference render (reference_render.py)")
    ap.add_argument("--rounds", type=int, default=3, help="--ratio: rounds, the median shown (default 3)")
    args = ap.parse_args(argv)
    if args.ratio:
        return ratio_main(args)

    pairs = []
    for _ in range(max(1, args.repeat)):
        with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
            pairs.append(build_once(args.data, args.format, Path(tmp)))
    best = {kind: min((p[kind] for p in pairs), key=lambda r: r["wall_s"]) for kind in ("cold", "warm")}
    cold, warm = best["cold"], best["warm"]
    build_ok = cold["wall_s"] <= BUILD_TARGET_S
    pdf_ok = cold["pdf_mb"] is None or cold["pdf_mb"] < PDF_TARGET_MB

    if args.json:
        keep = ("wall_s", "peak_rss_mib", "peak_tree_rss_mib", "stages", "pdf_mb", "pdf_pages", "html_mb")
        print(json.dumps({"data": describe_data(args.data), "machine": machine(),
                          "targets": {"build_s": BUILD_TARGET_S, "pdf_mb": PDF_TARGET_MB},
                          "met": {"build": build_ok, "pdf": pdf_ok},
                          "all_wall_s": {k: [round(p[k]["wall_s"], 3) for p in pairs] for k in ("cold", "warm")},
                          **{k: {f: best[k][f] for f in keep} for k in ("cold", "warm")}}, ensure_ascii=False))
    else:
        print(f"giantreport build — {describe_data(args.data)}; {machine()}")
        print(f"  {'':24}{'cold':>10}{'warm':>10}")
        print(f"  {'wall time (s)':24}{cold['wall_s']:10.2f}{warm['wall_s']:10.2f}"
              f"    target ≤ {BUILD_TARGET_S:.0f} s (cold): {'met' if build_ok else 'MISSED'}")
        print(f"  {'peak RSS, child (MiB)':24}{cold['peak_rss_mib']:10.0f}{warm['peak_rss_mib']:10.0f}")
        print(f"  {'peak RSS, tree (MiB)':24}{cold['peak_tree_rss_mib']:10.0f}{warm['peak_tree_rss_mib']:10.0f}"
              "    (sampled sum over the process tree)")
        if cold["pdf_mb"] is not None:
            print(f"  {'PDF (MB)':24}{cold['pdf_mb']:10.2f}{warm['pdf_mb']:10.2f}"
                  f"    {cold['pdf_pages']} pages; target < {PDF_TARGET_MB:.0f} MB: {'met' if pdf_ok else 'MISSED'}")
        if cold["html_mb"] is not None:
            print(f"  {'HTML (MB)':24}{cold['html_mb']:10.2f}{warm['html_mb']:10.2f}")
        if len(pairs) > 1:
            for kind in ("cold", "warm"):
                print(f"  all {kind} runs: " + ", ".join(f"{p[kind]['wall_s']:.2f}" for p in pairs) + " s")
        print_stages(best)
    return 1 if args.check and not (build_ok and pdf_ok) else 0


if __name__ == "__main__":
    sys.exit(main())
