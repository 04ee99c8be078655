"""How far down its body each page of a PDF is filled, and which pages end too high.

    python benchmarks/page_fill.py giantreport-out/report-2022.pdf            # one line per page
    python benchmarks/page_fill.py out/province-浙江省-2022.pdf --short        # only the short pages
    python benchmarks/page_fill.py a.pdf b.pdf --json

A page's *fill* is where its lowest mark (text, chart drawing, table shading, rule) lies within
the page body — the area inside the page margins, without the running header and the page
number — as a fraction of the body height: 1.0 reaches the bottom margin, 0.3 leaves the lower
70 % empty. The page is rasterised with poppler's ``pdftoppm`` (grey, 30 dpi), so drawings count
as well as text; nothing is read from the HTML.

A page is *short* when its fill is below one half, unless it is excused: the cover (page 1) and
the last page of a chapter. A chapter here is what starts on a new page with a level-1 bookmark
(摘要, 引言, each chapter, each appendix, 版本说明; the PDF outline, read with pypdf); the last
page of the document always ends a chapter. The issue's rule (issue 14, item 3): no page other
than these ends above half of its body height.

The margins default to those of templates/report.css (``@page { margin: 22mm 25mm 20mm 25mm }``).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

MM = 72 / 25.4            # points per millimetre
DPI = 30
INK = 250                 # grey level below which a pixel is a mark (white paper is 255)
HALF = 0.5


@dataclass
class PageFill:
    page: int             # 1-based
    fill: float           # 0 (empty body) … 1 (content reaches the bottom margin)
    chapter_end: bool     # the last page of a chapter (or of the document)
    excused: bool         # cover or chapter end: may be short
    short: bool           # fill < HALF and not excused


def _read_pgm(data: bytes):
    """(width, height, pixels) of a binary PGM (P5, 8 bit)."""
    import numpy as np
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    w, h = int(fields[1]), int(fields[2])
    return w, h, np.frombuffer(data, dtype=np.uint8, count=w * h, offset=pos).reshape(h, w)


def _fills(pdf: Path, top_mm: float, bottom_mm: float, dpi: int = DPI) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="page-fill-") as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(Path(tmp) / "p")], check=True)
        fills = []
        for f in sorted(Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            _, h, px = _read_pgm(f.read_bytes())
            scale = dpi / 25.4                   # pixels per millimetre
            page_mm = h / scale
            top = int(round((top_mm + 0.5) * scale))
            bottom = int(round((page_mm - bottom_mm) * scale))
            body = px[top:bottom]
            rows = (body < INK).any(axis=1).nonzero()[0]
            fills.append(0.0 if len(rows) == 0 else float(rows[-1] + 1) / max(1, bottom - top))
        return fills


def chapter_starts(pdf: Path) -> set[int]:
    """1-based pages on which a level-1 bookmark points (each chapter, appendix … starts a page)."""
    try:
        from pypdf import PdfReader
    except ImportError:                   # without pypdf only the last page counts as a chapter end
        print("page_fill: pypdf not installed; only the last page is taken as a chapter end", file=sys.stderr)
        return set()
    reader = PdfReader(str(pdf))
    starts = set()
    for item in reader.outline:
        if isinstance(item, list):        # children of the previous entry
            continue
        try:
            starts.add(reader.get_destination_page_number(item) + 1)
        except Exception:
            pass
    return starts


def page_fill(pdf: str | Path, top_mm: float = 22, bottom_mm: float = 20, half: float = HALF) -> list[PageFill]:
    pdf = Path(pdf)
    fills = _fills(pdf, top_mm, bottom_mm)
    starts = chapter_starts(pdf)
    n = len(fills)
    out = []
    for i, fill in enumerate(fills, start=1):
        end = i == n or (i + 1) in starts
        excused = i == 1 or end
        out.append(PageFill(i, round(fill, 3), end, excused, fill < half and not excused))
    return out


def short_pages(pdf: str | Path, **kw) -> list[int]:
    return [p.page for p in page_fill(pdf, **kw) if p.short]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf", nargs="+")
    ap.add_argument("--short", action="store_true", help="list only the short pages")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--top", type=float, default=22, help="top page margin in mm (22)")
    ap.add_argument("--bottom", type=float, default=20, help="bottom page margin in mm (20)")
    args = ap.parse_args(argv)
    results = {}
    for name in args.pdf:
        pages = page_fill(name, args.top, args.bottom)
        results[name] = pages
        if args.json:
            continue
        short = [p.page for p in pages if p.short]
        print(f"{name}: {len(pages)} pages, {len(short)} short (fill < {HALF:.0%}, not cover or chapter end)"
              + (f": {', '.join(map(str, short))}" if short else ""))
        for p in pages:
            if args.short and not p.short:
                continue
            mark = "SHORT" if p.short else ("end" if p.chapter_end else ("cover" if p.page == 1 else ""))
            print(f"  p.{p.page:>3}  {p.fill:5.0%}  {'#' * int(p.fill * 40):<40} {mark}")
    if args.json:
        print(json.dumps({k: [asdict(p) for p in v] for k, v in results.items()}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
