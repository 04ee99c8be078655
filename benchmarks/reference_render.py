"""The reference render: one plain WeasyPrint render of a fixed Chinese document with charts.

The yardstick the other benchmarks divide by (``bench_build.py --ratio``, ``bench_province.py
--ratio``): a hand-made render, as anyone would write it without giantreport, timed on the same
machine in the same run, so a ratio means the same on a fast or a slow (or a busy) machine.

The document is fixed: about 37 A4 pages of Chinese text (a cover, twelve chapters of headings,
paragraphs and a data table, running page numbers) in the shipped font (``fonts/GiantSans-*.otf``, declared with
``@font-face``), and 12 SVG charts drawn once with matplotlib (bars, lines, pies, scatter …; the
text of each chart as paths, matplotlib's SVG default). Text, numbers and charts come from fixed
seeds: the same files every time (``svg.hashsalt`` and no date in the SVG). Making the document is
not timed.

Timed, in a fresh child process (``python reference_render.py --render-only DIR OUT.pdf``), as a
user runs ``weasyprint doc.html doc.pdf``: the whole process (Python start-up, ``import
weasyprint``, layout, writing the PDF) by its parent's wall clock; the child reports its parts.

    python benchmarks/reference_render.py                 # make the document, time one render
    python benchmarks/reference_render.py --repeat 3      # three renders (each a fresh process), median
    python benchmarks/reference_render.py --keep DIR      # write the document (HTML, SVG, PDF) to DIR
    python benchmarks/reference_render.py --json

Other scripts use ``make_document(folder)`` and ``time_reference(folder)``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = {400: ROOT / "fonts" / "GiantSans-Regular.otf", 700: ROOT / "fonts" / "GiantSans-Bold.otf"}
FAMILY = "Giant Sans SC"
CHAPTERS = 12            # one chart per chapter
PARAGRAPHS = 11           # per chapter (with the table and chart: ~3 pages a chapter, ~37 in all)
SEED = 2022

PROVINCES = ["广东省", "浙江省", "江苏省", "山东省", "北京市", "上海市", "安徽省", "湖北省", "湖南省", "四川省",
             "福建省", "河南省"]
INDUSTRIES = ["新材料", "新一代信息技术", "高端机械装备", "节能与新能源汽车", "生物医药及高性能医疗器械",
              "航空航天装备", "海洋工程装备及高技术船舶", "先进轨道交通装备"]
TITLES = ["总体情况", "批次与规模", "成立年限", "融资与上市", "专利规模", "专利增长", "技术质量", "技术影响力",
          "全球化布局", "产业领域", "区域分布", "省份速览"]
# sentences are combined at random (fixed seed) into paragraphs; {p}, {i}, {n}, {x} are filled in
SENTENCES = [
    "截至数据截止日，{p}共有{n}家专精特新“小巨人”企业，占全国总数的{x}%。",
    "从产业领域看，{i}领域的企业数量最多，平均有效发明专利量为{n}件。",
    "这些企业普遍深耕细分市场多年，主导产品在国内细分市场的占有率较高，具有较强的配套能力。",
    "与A股上市企业相比，“小巨人”企业的研发投入强度更高，千人有效发明专利数达到{x}件。",
    "从批次看，后批次企业的平均成立年限略短，但专利申请的增速明显更快。",
    "{p}的企业在{i}领域形成了较为完整的产业链，上下游协同创新的特点突出。",
    "发明专利申请占全部专利申请的比重为{x}%，反映出企业对核心技术的重视程度不断提高。",
    "近两年间，企业的专利申请量年均增长{x}%，其中发明专利授权量增长尤为明显。",
    "被引用次数和许可、转让次数是衡量技术影响力的重要指标，{i}领域在这几项指标上表现领先。",
    "在全球化布局方面，共有{n}家企业提交过PCT国际专利申请，占比约为{x}%。",
    "区域分布呈现明显的集聚特征，排名前十的城市集中了超过{x}%的企业。",
    "部分企业已登陆科创板、创业板或北交所，借助资本市场加快技术成果的产业化。",
    "一级市场融资活跃，获得过融资的企业占比为{x}%，其中{i}领域的融资事件最多。",
    "整体来看，专精特新“小巨人”企业已经成为推动产业基础高级化和产业链现代化的重要力量。",
    "从城市层面看，{p}的省会城市和副省级城市贡献了该省大部分的专利申请。",
    "需要说明的是，部分指标受专利公开滞后的影响，最近一年的数据可能偏低。",
]

CSS = """
@page {{ size: A4; margin: 22mm 18mm 20mm 18mm;
        @top-center {{ content: "专精特新“小巨人”企业科创能力报告（参照文档）"; font-size: 8pt; color: #666; }}
        @bottom-center {{ content: "第 " counter(page) " 页"; font-size: 8pt; color: #666; }} }}
{faces}
body {{ font-family: "{family}", sans-serif; font-size: 10.5pt; line-height: 1.7; color: #222; }}
h1 {{ font-size: 20pt; page-break-before: always; color: #1f4e79; margin: 0 0 8mm; }}
.cover {{ text-align: center; padding-top: 80mm; font-size: 26pt; font-weight: 700; color: #1f4e79; }}
.cover small {{ display: block; font-size: 12pt; font-weight: 400; color: #555; margin-top: 10mm; }}
h2 {{ font-size: 13pt; color: #1f4e79; margin: 6mm 0 3mm; }}
p {{ text-indent: 2em; margin: 0 0 3mm; text-align: justify; }}
figure {{ margin: 4mm 0; text-align: center; page-break-inside: avoid; }}
figure img {{ width: 100%; }}
figcaption {{ font-size: 9pt; color: #555; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; margin: 3mm 0 5mm; }}
th, td {{ border: 0.5pt solid #999; padding: 1.2mm 2mm; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
th {{ background: #dde7f2; }}
"""


# ---------------------------------------------------------------- the document

def _charts(folder: Path) -> list[Path]:
    """Twelve SVG charts, deterministic (fixed seed, hash salt, no date)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import font_manager

    for path in FONTS.values():
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update({"font.family": [FAMILY], "axes.unicode_minus": False, "svg.fonttype": "path",
                                "svg.hashsalt": "giantreport-reference"})
    rng = np.random.default_rng(SEED)
    years = np.arange(2012, 2023)
    paths = []
    for k in range(CHAPTERS):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        kind = k % 6
        if kind == 0:
            values = rng.integers(50, 900, len(PROVINCES))
            ax.bar(PROVINCES, values, color="#2f6fae")
            ax.tick_params(axis="x", labelrotation=45)
            ax.set_ylabel("企业数量（家）")
        elif kind == 1:
            for name in INDUSTRIES[:4]:
                ax.plot(years, np.cumsum(rng.integers(20, 120, len(years))), marker="o", label=name)
            ax.legend(fontsize=7, frameon=False)
            ax.set_ylabel("专利申请量（件）")
        elif kind == 2:
            ax.pie(rng.integers(5, 40, 6), labels=INDUSTRIES[:6], autopct="%1.1f%%", textprops={"fontsize": 7})
        elif kind == 3:
            ax.scatter(rng.lognormal(5, 1, 300), rng.lognormal(2, 1, 300), s=8, alpha=0.6, color="#c0504d")
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("参保人数")
            ax.set_ylabel("有效发明专利量")
        elif kind == 4:
            bottom = np.zeros(len(PROVINCES[:8]))
            for batch in ("第一批", "第二批", "第三批", "第四批"):
                v = rng.integers(10, 200, 8)
                ax.bar(PROVINCES[:8], v, bottom=bottom, label=batch)
                bottom += v
            ax.legend(fontsize=7, frameon=False)
            ax.tick_params(axis="x", labelrotation=45)
        else:
            values = np.sort(rng.uniform(0.5, 9.5, len(INDUSTRIES)))
            ax.barh(INDUSTRIES, values, color="#70ad47")
            ax.set_xlabel("千人有效发明专利数（件）")
        ax.set_title(f"图 {k + 1}  {TITLES[k]}", fontsize=10)
        fig.tight_layout()
        path = folder / f"chart-{k + 1:02d}.svg"
        fig.savefig(path, format="svg", metadata={"Date": None})
        plt.close(fig)
        paths.append(path)
    return paths


def _paragraph(rnd: random.Random) -> str:
    parts = []
    for _ in range(rnd.randint(5, 8)):
        parts.append(rnd.choice(SENTENCES).format(p=rnd.choice(PROVINCES), i=rnd.choice(INDUSTRIES),
                                                  n=rnd.randint(12, 1800), x=f"{rnd.uniform(1, 60):.1f}"))
    return "".join(parts)


def _table(rnd: random.Random) -> str:
    head = "<tr><th>省份</th><th>企业数量</th><th>平均参保人数</th><th>平均有效发明专利量</th><th>PCT 申请占比</th></tr>"
    rows = "".join(f"<tr><td>{p}</td><td>{rnd.randint(40, 1500):,}</td><td>{rnd.uniform(80, 600):.1f}</td>"
                   f"<td>{rnd.uniform(5, 60):.2f}</td><td>{rnd.uniform(1, 30):.1f}%</td></tr>" for p in PROVINCES)
    return f"<table>{head}{rows}</table>"


def make_document(folder: Path) -> Path:
    """Write chart-01.svg … chart-12.svg and document.html into ``folder``; the HTML's path."""
    folder.mkdir(parents=True, exist_ok=True)
    charts = _charts(folder)
    faces = "".join(f'@font-face {{ font-family: "{FAMILY}"; src: url("{p.resolve().as_uri()}"); '
                    f"font-weight: {w}; }}\n" for w, p in FONTS.items())
    rnd = random.Random(SEED)
    body = ['<div class="cover">专精特新“小巨人”企业科创能力报告<small>参照文档（固定内容，用于计时）</small></div>']
    for k, title in enumerate(TITLES):
        body.append(f"<h1>第{k + 1}章　{title}</h1>")
        for j in range(PARAGRAPHS):
            if j in (3, 9):
                body.append(f"<h2>{k + 1}.{1 if j == 3 else 2}　{rnd.choice(INDUSTRIES)}与{rnd.choice(PROVINCES)}</h2>")
            if j == 5:
                body.append(f'<figure><img src="{charts[k].name}"><figcaption>图 {k + 1}　{title}</figcaption></figure>')
            if j == 10:
                body.append(_table(rnd))
            body.append(f"<p>{_paragraph(rnd)}</p>")
    html = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>参照文档</title>'
            f"<style>{CSS.format(faces=faces, family=FAMILY)}</style></head><body>{''.join(body)}</body></html>")
    path = folder / "document.html"
    path.write_text(html, encoding="utf-8")
    return path


# ---------------------------------------------------------------- timing

def _render_only(folder: Path, out: Path) -> None:
    """The timed child: import WeasyPrint, lay out, write; prints its parts as one JSON line."""
    t0 = time.perf_counter()
    import weasyprint
    t1 = time.perf_counter()
    document = weasyprint.HTML(filename=str(folder / "document.html")).render()
    t2 = time.perf_counter()
    document.write_pdf(str(out))
    t3 = time.perf_counter()
    print(json.dumps({"import_s": t1 - t0, "layout_s": t2 - t1, "write_s": t3 - t2, "pages": len(document.pages)}))


def time_reference(folder: Path, out: Path | None = None) -> dict:
    """One render of the document in ``folder`` in a fresh process: wall time (start-up included) and parts."""
    out = out or folder / "document.pdf"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--render-only", str(folder), str(out)],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"reference render failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    parts = json.loads(done.stdout.strip().splitlines()[-1])
    parts["wall_s"] = wall
    parts["startup_s"] = wall - parts["import_s"] - parts["layout_s"] - parts["write_s"]
    parts["pdf_mb"] = out.stat().st_size / 1e6
    return parts


def _floor_only(jobs: int, out: Path, htmls: list[Path]) -> None:
    """The timed child of time_floor: giantreport's own PDF step (render.pdf.render_pdf: print HTML, shipped
    fonts, glyph check) on finished HTML files, in `jobs` processes; prints its parts as one JSON line."""
    t0 = time.perf_counter()
    import weasyprint  # noqa: F401
    from giantreport.render.pdf import render_pdf
    t1 = time.perf_counter()
    if jobs > 1 and len(htmls) > 1:
        import multiprocessing as mp
        with mp.get_context("fork").Pool(jobs) as pool:
            pages = sum(pool.map(_floor_one, [(h, out) for h in htmls]))
    else:
        pages = sum(_floor_one((h, out)) for h in htmls)
    t2 = time.perf_counter()
    print(json.dumps({"import_s": t1 - t0, "render_s": t2 - t1, "pages": pages, "documents": len(htmls)}))


def _floor_one(item: tuple[Path, Path]) -> int:
    from giantreport.render.pdf import render_pdf
    html, out = item
    result = render_pdf(html.read_text(encoding="utf-8"))
    (out / (html.stem + ".pdf")).write_bytes(result.data)
    return result.pages


def time_floor(htmls: list[Path], out: Path, jobs: int = 1) -> dict:
    """The floor under a command: WeasyPrint alone typesetting the HTML the command wrote (its charts,
    fonts and pages), in a fresh process (`jobs` processes for several files). Nothing of giantreport's
    loading, statistics or chart drawing is in it, so no build of that document can be faster on one
    process per CPU."""
    out.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--floor-only", str(jobs), str(out),
                           *map(str, htmls)], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"floor render failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    parts = json.loads(done.stdout.strip().splitlines()[-1])
    parts["wall_s"] = wall
    return parts


def describe(ref: dict) -> str:
    return (f"{ref['wall_s']:.2f} s (start-up {ref['startup_s']:.2f} + import {ref['import_s']:.2f} + "
            f"layout {ref['layout_s']:.2f} + write {ref['write_s']:.2f}; {ref['pages']} pages)")


# ---------------------------------------------------------------- ratios (for bench_build.py, bench_province.py)

def load_average() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def ratios(rounds: list[dict], rows: list[tuple[str, str, float | None]]) -> dict:
    """Per-round ratio of each command's wall time to the reference render of the same round, and the
    median of the rounds. ``rounds``: dicts with "reference" and one run (with "wall_s") per key;
    ``rows``: (key, label, target ratio or None)."""
    refs = [r["reference"]["wall_s"] for r in rounds]
    out = {"reference_s": refs, "reference_median_s": statistics.median(refs), "rows": {}}
    for key, label, target in rows:
        walls = [r[key]["wall_s"] for r in rounds]
        per_round = [w / ref for w, ref in zip(walls, refs)]
        median = statistics.median(per_round)
        out["rows"][key] = {"label": label, "wall_s": walls, "ratio": per_round, "median_ratio": median,
                            "median_wall_s": statistics.median(walls), "target": target,
                            "met": None if target is None else median <= target}
    return out


def print_ratios(result: dict, rounds: list[dict], load_before: str, load_after: str) -> None:
    n = len(rounds)
    mid_ref = sorted(rounds, key=lambda r: r["reference"]["wall_s"])[(n - 1) // 2]["reference"]
    print(f"ratios to the reference render timed in the same run (median of {n} rounds; "
          f"load average 1/5/15 min: {load_before} before, {load_after} after)")
    cells = "".join(f"{s:8.2f}" for s in result["reference_s"])
    print(f"  {'reference render (s)':40}{cells}   median {result['reference_median_s']:6.2f} s")
    print(f"  {'':40}median run: {describe(mid_ref)}")
    for row in result["rows"].values():
        width = 40 - sum(1 for ch in row["label"] if ord(ch) > 0x2E80)
        walls = "".join(f"{s:8.2f}" for s in row["wall_s"])
        print(f"  {row['label'] + ' (s)':{width}}{walls}   median {row['median_wall_s']:6.2f} s")
        ratios_ = "".join(f"{r:7.2f}×" for r in row["ratio"])
        target = "" if row["target"] is None else \
            f"   target ≤ {row['target']}×: {'met' if row['met'] else 'MISSED'}"
        print(f"  {'  ratio':40}{ratios_}   median {row['median_ratio']:5.2f}×{target}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="renders, each in a fresh process; the median is shown")
    ap.add_argument("--keep", type=Path, help="write the document and its PDF to this folder and keep them")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--render-only", nargs=2, type=Path, metavar=("DIR", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--floor-only", nargs="+", metavar="JOBS OUT HTML", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.render_only:
        _render_only(*args.render_only)
        return 0
    if args.floor_only:
        jobs, out, *htmls = args.floor_only
        _floor_only(int(jobs), Path(out), [Path(h) for h in htmls])
        return 0
    with tempfile.TemporaryDirectory(prefix="reference-render-") as tmp:
        folder = args.keep or Path(tmp)
        make_document(folder)
        runs = [time_reference(folder) for _ in range(max(1, args.repeat))]
    median = statistics.median(r["wall_s"] for r in runs)
    mid = min(runs, key=lambda r: abs(r["wall_s"] - median))
    if args.json:
        print(json.dumps({"median_wall_s": median, "runs": runs}))
    else:
        print(f"reference render (WeasyPrint, {mid['pages']} pages, 12 SVG charts, {mid['pdf_mb']:.2f} MB): "
              f"median {median:.2f} s; median run {describe(mid)}")
        if len(runs) > 1:
            print("  all runs: " + ", ".join(f"{r['wall_s']:.2f}" for r in runs) + " s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
