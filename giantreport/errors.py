"""Errors a user can act on. The CLI prints them in plain words, never a traceback."""
from __future__ import annotations

from dataclasses import dataclass


class GiantReportError(Exception):
    """A failure to report to the user as a plain message (non-zero exit)."""


@dataclass(frozen=True)
class Problem:
    """One problem found in the input: file, row (as a spreadsheet shows it), column, value, expectation."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    count: int = 1       # problems this line stands for: N on a line such as "另有 N 行同类问题未逐条列出"

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"列“{self.column}”")
        where = "，".join(parts)
        if self.value is not None:
            return f"{where}：值“{_clip(self.value)}”不符合要求，应为{self.expected}"
        return f"{where}：{self.expected}"


def _clip(value: str, width: int = 40) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


class ValidationFailed(GiantReportError):
    """The data folder has problems; every one of them is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.count = sum(p.count for p in problems)     # every problem, the summarised ones too
        files = sorted({p.file for p in problems})
        super().__init__(
            f"数据校验未通过：共发现 {self.count} 处问题（涉及 {'、'.join(files)}）。"
            f" / Validation failed: {self.count} problem(s)."
        )
