"""Benchmark: provincial briefings, one and all 31, cold and warm, as a user runs them.

Runs in fresh child processes (``python -m giantreport.cli -v province …``):

* one briefing: ``province 浙江 --out TMP``;
* every briefing: ``province --all --out TMP`` (the CLI forks one worker per CPU unless --jobs).

Each twice: cold (a new, empty giantreport cache: load, statistics, charts and layout all run)
and warm (again, with the cache the cold run left: validated data and statistics and the charts
reused). The command first loads and validates the data and computes the statistics (cold: about
the load time + 0.7 s) and only then renders, so two times are printed for each run: the whole
command (wall time of the child, Python start-up included) and the rendering part (the CLI's
``生成 … 简报`` stage line). The targets — one briefing <= 2 s, all 31 <= 20 s — are checked
against the rendering part; the whole command is shown beside them.

Also printed: the child's peak RSS (``os.wait4``; on Linux it covers the workers it waited for,
as the largest single process) and the sampled peak of the summed RSS of the whole process tree
(forked workers' shared pages counted once per worker, so an upper bound), and the output files.

    python benchmarks/bench_province.py                   # 浙江 and --all, cold + warm
    python benchmarks/bench_province.py --name 广西        # another province for the single run
    python benchmarks/bench_province.py --skip-all         # the single briefing only
    python benchmarks/bench_province.py --jobs 1           # --all in one process
    python benchmarks/bench_province.py --json --check
    python benchmarks/bench_province.py --ratio            # as ratios to the reference render, median of 3

See bench_build.py for how the cache is made cold (other programs' caches stay warm).

``--ratio`` (see bench_build.py and reference_render.py): each round (``--rounds``, default 3) times
the reference render, then ``province NAME`` cold and warm, then ``province --all`` cold and warm
(each pair with its own new cache), all as whole commands; printed are the wall times, the ratio to
the round's reference render, the median ratio beside its target (one briefing ≤ 0.3×, all 31
≤ 2×; both the cold and the warm run are held to it), the load average and the stages.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import (cache_home, report_ratios, describe_data, failed, machine, pdf_pages, print_stages,  # noqa: E402
                         run_cli, stage_seconds)

ONE_TARGET_S = 2.0
ALL_TARGET_S = 20.0


def _render_stage(label: str) -> bool:
    return label.startswith("生成") and label.rstrip().endswith(("简报", "个进程）"))


def run_pair(args: list[str], tmp: Path) -> dict[str, dict]:
    """Cold then warm run of ``province ARGS`` sharing one new cache; output files described."""
    cache = cache_home(tmp / "cache")
    runs = {}
    for kind in ("cold", "warm"):
        out = tmp / f"out-{kind}"
        run = run_cli(["-v", "province", *args, "--out", str(out)], cache, cwd=tmp)
        problem = failed(run)
        if problem:
            raise SystemExit(problem)
        run["render_s"] = stage_seconds(run, _render_stage)
        files = sorted(p for p in out.iterdir() if p.is_file()) if out.is_dir() else []
        pdfs = [p for p in files if p.suffix == ".pdf"]
        run["files"] = len(files)
        run["pdfs"] = len(pdfs)
        run["output_mb"] = sum(p.stat().st_size for p in files) / 1e6
        pages = [pdf_pages(p) for p in pdfs]
        pages = [n for n in pages if n is not None]
        run["pdf_pages"] = (min(pages), max(pages)) if pages else None
        run["pdf_mb_max"] = max((p.stat().st_size for p in pdfs), default=0) / 1e6
        runs[kind] = run
    return runs


def report(title: str, runs: dict[str, dict], target_s: float) -> bool:
    cold, warm = runs["cold"], runs["warm"]
    ok = all(r["render_s"] is not None and r["render_s"] <= target_s for r in runs.values())
    print(title)
    print(f"  {'':24}{'cold':>10}{'warm':>10}")
    print(f"  {'whole command (s)':24}{cold['wall_s']:10.2f}{warm['wall_s']:10.2f}"
          "    (start-up + load + stats + render; warm reuses the stats cache)")
    cells = "".join(f"{r['render_s']:10.2f}" if r["render_s"] is not None else f"{'—':>10}" for r in (cold, warm))
    print(f"  {'rendering (s)':24}{cells}    target ≤ {target_s:.0f} s: {'met' if ok else 'MISSED'}")
    print(f"  {'peak RSS, child (MiB)':24}{cold['peak_rss_mib']:10.0f}{warm['peak_rss_mib']:10.0f}")
    print(f"  {'peak RSS, tree (MiB)':24}{cold['peak_tree_rss_mib']:10.0f}{warm['peak_tree_rss_mib']:10.0f}"
          "    (sampled sum over the process tree)")
    pages = cold["pdf_pages"]
    page_text = "" if pages is None else (f", {pages[0]} pages" if pages[0] == pages[1] else f", {pages[0]}–{pages[1]} pages")
    print(f"  output: {cold['files']} files, {cold['output_mb']:.2f} MB ({cold['pdfs']} PDF{page_text}, "
          f"largest PDF {cold['pdf_mb_max']:.2f} MB)")
    print_stages(runs)
    return ok


RATIO_TARGETS = {"one": 0.3, "all": 2.0}


def ratio_main(args) -> int:
    from reference_render import load_average, make_document, time_floor, time_reference
    common = ["--format", args.format] + (["--data", str(args.data.resolve())] if args.data else [])
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    rows = [("one-cold", f"province {args.name}, cold", RATIO_TARGETS["one"]),
            ("one-warm", f"province {args.name}, warm", RATIO_TARGETS["one"])]
    if not args.skip_all:
        rows += [("all-cold", "province --all (31), cold", RATIO_TARGETS["all"]),
                 ("all-warm", "province --all (31), warm", RATIO_TARGETS["all"])]
    rows += [("one-floor", f"floor: WeasyPrint alone, {args.name}", None)]
    if not args.skip_all:
        rows += [("all-floor", f"floor: WeasyPrint alone, 31 ({args.jobs or os.cpu_count()} proc.)", None)]
    before = load_average()
    rounds = []
    with tempfile.TemporaryDirectory(prefix="bench-province-ratio-") as tmp:
        document = make_document(Path(tmp) / "reference").parent
        for k in range(max(1, args.rounds)):
            folder = Path(tmp) / f"round-{k}"
            folder.mkdir()
            one = {"reference": time_reference(document, folder / "reference.pdf")}
            pair = run_pair([args.name, *common], folder / "one")
            one["one-cold"], one["one-warm"] = pair["cold"], pair["warm"]
            htmls = sorted((folder / "one" / "out-cold").glob("*.html"))
            one["one-floor"] = time_floor(htmls, folder / "floor-one") if htmls else None
            if not args.skip_all:
                pair = run_pair(["--all", *common, *jobs], folder / "all")
                one["all-cold"], one["all-warm"] = pair["cold"], pair["warm"]
                htmls = sorted((folder / "all" / "out-cold").glob("*.html"))
                one["all-floor"] = time_floor(htmls, folder / "floor-all", args.jobs or os.cpu_count() or 1) \
                    if htmls else None
            rounds.append(one)
    rows = [row for row in rows if all(r.get(row[0]) is not None for r in rounds)]   # no HTML: no floor
    return report_ratios("giantreport province", args, rounds, rows, before)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--name", default="浙江", help="province of the single briefing (default 浙江)")
    ap.add_argument("--data", type=Path, help="data folder (default: the bundled sample)")
    ap.add_argument("--format", default="pdf,html", help="passed to province --format (default pdf,html)")
    ap.add_argument("--jobs", type=int, help="passed to province --all --jobs (default: the CLI's, one per CPU)")
    ap.add_argument("--skip-all", action="store_true", help="only the single briefing")
    ap.add_argument("--json", action="store_true", help="print one JSON line instead of text")
    ap.add_argument("--check", action="store_true", help="exit 1 when a rendering target is missed")
    ap.add_argument("--ratio", action="store_true",
                    help="whole commands as ratios to the reference render (reference_render.py)")
    ap.add_argument("--rounds", type=int, default=3, help="--ratio: rounds, the median shown (default 3)")
    args = ap.parse_args(argv)
    if args.ratio:
        return ratio_main(args)

    common = ["--format", args.format] + (["--data", str(args.data.resolve())] if args.data else [])
    results: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-province-") as tmp:
        results["one"] = run_pair([args.name, *common], Path(tmp) / "one")
        if not args.skip_all:
            jobs = ["--jobs", str(args.jobs)] if args.jobs else []
            results["all"] = run_pair(["--all", *common, *jobs], Path(tmp) / "all")

    targets = {"one": ONE_TARGET_S, "all": ALL_TARGET_S}
    if args.json:
        keep = ("wall_s", "render_s", "peak_rss_mib", "peak_tree_rss_mib", "stages", "files", "output_mb",
                "pdf_pages", "pdf_mb_max")
        met = {k: all(r["render_s"] is not None and r["render_s"] <= targets[k] for r in v.values())
               for k, v in results.items()}
        print(json.dumps({"data": describe_data(args.data), "machine": machine(), "name": args.name,
                          "targets_render_s": targets, "met": met,
                          **{k: {kind: {f: r[f] for f in keep} for kind, r in v.items()} for k, v in results.items()}},
                         ensure_ascii=False))
        ok = all(met.values())
    else:
        print(f"giantreport province — {describe_data(args.data)}; {machine()}")
        ok = report(f"\none briefing: province {args.name}", results["one"], ONE_TARGET_S)
        if "all" in results:
            ok = report("\nall briefings: province --all" + (f" --jobs {args.jobs}" if args.jobs else ""),
                        results["all"], ALL_TARGET_S) and ok
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
