"""The figures published in the 2022 report, as transcribed in data/published/.

Read by the sample generator (as calibration targets) and by the audit (as the yardstick);
never by the statistics engine.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from .resources import asset_path

USABLE = ("ok", "derived")


@dataclass(frozen=True)
class Published:
    figures: pd.DataFrame
    highlights: pd.DataFrame
    stars: pd.DataFrame

    def rows(self, key: str) -> pd.DataFrame:
        return self.figures[self.figures["key"] == key]

    def value(self, key: str, default=None, allow_contradicted: bool = False):
        """The published value for a summary key, as the engine expresses it (percent → fraction).

        Prefers rows marked ok/derived, the most precise first; approximate statements are not targets.
        """
        rows = self.rows(key)
        statuses = USABLE + (("contradicted",) if allow_contradicted else ())
        rows = rows[rows["status"].isin(statuses)]
        if rows.empty:
            if default is not None:
                return default
            raise KeyError(key)
        row = rows.sort_values(["decimals", "status"], ascending=[False, False], kind="stable").iloc[0]
        return engine_value(row)

    def has(self, key: str) -> bool:
        return bool((self.rows(key)["status"].isin(USABLE)).any())

    def keys_like(self, prefix: str) -> list[str]:
        keys = self.figures["key"].dropna()
        return sorted({k for k in keys if k.startswith(prefix)})


def engine_value(row) -> float | str:
    value = row["value"]
    if row["unit"] == "date":
        return str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if row["unit"] == "%":
        return number / 100
    if str(row["unit"]).startswith("万"):
        return number * 1e4
    return number


@cache
def load_published() -> Published:
    folder = asset_path("data/published")
    figures = pd.read_csv(folder / "figures.csv", dtype={"value": str, "key": str}, keep_default_na=False,
                          na_values={"decimals": [""]})
    figures["key"] = figures["key"].replace("", None)
    highlights = pd.read_csv(folder / "highlights.csv")
    stars = pd.read_csv(folder / "stars.csv")
    return Published(figures, highlights, stars)
