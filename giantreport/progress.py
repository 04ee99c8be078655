"""Stage reporting for the CLI: one line per stage, timings with --verbose, silence with --quiet."""
from __future__ import annotations

import contextlib
import sys
import time


class Progress:
    def __init__(self, level: int = 1, stream=None):
        self.level = level          # 0 quiet, 1 normal, 2 verbose
        self.stream = stream or sys.stderr
        self.timings: dict[str, float] = {}

    def say(self, text: str) -> None:
        if self.level >= 1:
            print(text, file=self.stream, flush=True)

    def detail(self, text: str) -> None:
        if self.level >= 2:
            print(text, file=self.stream, flush=True)

    @contextlib.contextmanager
    def stage(self, label: str):
        start = time.perf_counter()
        if self.level >= 1:
            print(f"· {label}…", file=self.stream, flush=True)
        yield
        elapsed = time.perf_counter() - start
        self.timings[label] = self.timings.get(label, 0.0) + elapsed
        self.detail(f"  {label}：{elapsed:.2f} s")

    def summary(self) -> None:
        if self.level >= 2 and self.timings:
            total = sum(self.timings.values())
            parts = "，".join(f"{k} {v:.2f}s" for k, v in self.timings.items())
            print(f"用时合计 {total:.2f} s（{parts}）", file=self.stream, flush=True)


QUIET = Progress(0)
