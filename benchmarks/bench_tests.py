"""Where the test suite's time goes: pytest with --durations=0, summed per test file, plus the slowest tests.

    python benchmarks/bench_tests.py                         # the whole suite (issue 17 target: ≤ 60 s, quiet machine)
    python benchmarks/bench_tests.py tests/test_render.py    # some files only
    python benchmarks/bench_tests.py --from pytest-out.txt   # read a saved `pytest --durations=0` output instead

Prints the wall time, the load average before and after (the machine is shared), the time per file
(setup + call + teardown, largest first) and the slowest tests. The suite runs as pyproject.toml says: one
pytest-xdist worker per CPU, so the durations add up to more than the wall time. The bundled build and the
generated sample are jobs that run beside the tests (tests/conftest.py); a test that waits for one is charged
the wait.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s+(setup|call|teardown)\s+(\S+?\.py)::(\S.*)$")
TARGET_S = 60


def parse(text: str) -> list[tuple[float, str, str, str]]:
    return [(float(m[1]), m[2], m[3], m[4]) for m in map(LINE.match, text.splitlines()) if m]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", help="test files or folders (default: tests/)")
    ap.add_argument("--from", dest="saved", type=Path, help="a saved pytest --durations=0 output")
    ap.add_argument("--top", type=int, default=10, help="slowest tests to list (default 10)")
    args = ap.parse_args()

    if args.saved:
        text, wall, loads = args.saved.read_text(encoding="utf-8"), None, None
    else:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        before = os.getloadavg()
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=0",
                               "--durations-min=0", *(args.paths or ["tests"])], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        wall, loads = time.perf_counter() - t0, (before, os.getloadavg())
        text = done.stdout + done.stderr
        print(text.strip().splitlines()[-1] if text.strip() else "(no pytest output)")

    rows = parse(text)
    per_file: dict[str, float] = defaultdict(float)
    per_test: dict[tuple[str, str], float] = defaultdict(float)
    for seconds, _, path, test in rows:
        per_file[path] += seconds
        per_test[(path, test)] += seconds
    if wall is not None:
        print(f"wall {wall:.1f} s (target ≤ {TARGET_S} s on a quiet machine); "
              f"load average before {loads[0][0]:.2f}, after {loads[1][0]:.2f} (1 min)")
    print(f"sum of reported durations {sum(per_file.values()):.1f} s\n\nper file:")
    for path, seconds in sorted(per_file.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:7.1f} s  {path}")
    print(f"\nslowest {args.top} tests (setup + call + teardown):")
    for (path, test), seconds in sorted(per_test.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {seconds:7.1f} s  {path}::{test}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
