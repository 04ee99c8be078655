"""Limits that keep the work bounded for bounded input (docs/data-format.md §5).

A file beyond a limit is refused with a plain message naming the limit and the environment
variable that raises it; nothing is read past the point where the limit is known to be exceeded.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import GiantReportError


@dataclass(frozen=True)
class Limit:
    env: str           # environment variable that overrides the default
    default: int
    unit: str          # shown after the number: 列, 个字符, MB …

    def value(self) -> int:
        text = os.environ.get(self.env, "").strip()
        if not text:
            return self.default
        try:
            number = int(text.replace("_", "").replace(",", ""))
        except ValueError:
            number = 0
        if number < 1:
            raise GiantReportError(f"环境变量 {self.env} 应为正整数，实际为“{text}” / {self.env} must be a positive integer")
        return number

    def raise_hint(self) -> str:
        """How to raise it, in the words of the messages."""
        return f"如确有需要，可设环境变量 {self.env} 放宽上限（当前 {self.value():,} {self.unit}）"


MAX_COLUMNS = Limit("GIANTREPORT_MAX_COLUMNS", 500, "列")
MAX_CELL_CHARS = Limit("GIANTREPORT_MAX_CELL_CHARS", 32_767, "个字符")      # Excel's own limit for a cell
MAX_ROWS = Limit("GIANTREPORT_MAX_ROWS", 20_000_000, "行")
MAX_XLSX_MB = Limit("GIANTREPORT_MAX_XLSX_MB", 1024, "MB")                  # uncompressed size of an .xlsx
MAX_XLSX_RATIO = Limit("GIANTREPORT_MAX_XLSX_RATIO", 100, "倍")            # compression ratio of one part
MAX_YAML_KB = Limit("GIANTREPORT_MAX_YAML_KB", 1024, "KB")                  # size of benchmarks.yaml
MAX_YAML_DEPTH = Limit("GIANTREPORT_MAX_YAML_DEPTH", 20, "层")             # nesting of benchmarks.yaml

EXCEL_MAX_ROWS = 1_048_576          # rows of one Excel sheet; a row number beyond it is a damaged file
RATIO_MIN_BYTES = 1 << 20           # parts smaller than this are never refused for their ratio
