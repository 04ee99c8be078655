"""Per-company patent metrics as of a cut-off date D: the heavy step of the engine.

From patent rows when the dataset has them, else from the aggregate columns of the
companies file. Everything downstream reads only the frame returned here.

Two engines count the patent rows, with identical results (tests/test_engines.py): pandas/numpy
over a loaded frame, and DuckDB running the SQL of `patent_sql.py` over the patents file itself
(a `PatentFile`: rows never loaded into memory) or over a loaded frame. ``engine="auto"`` uses
DuckDB for a `PatentFile` and pandas for a frame; the loader decides which of the two a dataset
holds (`giantreport.data.patent_file.choose_engine`: by the file's size, ``--engine``).
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

METRICS = ("applications", "invention_applications", "invention_grants", "valid_inventions",
           "citations", "licenses", "transfers", "pct_applications", "applications_prev", "applications_last")


def growth_years(as_of: dt.date) -> tuple[int, int]:
    """(Y-1, Y): Y is the last calendar year ending on or before D."""
    last = as_of.year if as_of == dt.date(as_of.year, 12, 31) else as_of.year - 1
    return last - 1, last


def company_metrics(companies: pd.DataFrame, patents, as_of: dt.date, engine: str = "auto") -> pd.DataFrame:
    """One row per company (same order as `companies`), one column per metric, zeros for no patents.

    ``patents``: a loaded frame, a `PatentFile` (DuckDB only) or None (the companies' aggregate columns).
    ``engine``: "auto", "pandas" or "duckdb"."""
    if engine not in ("auto", "pandas", "duckdb"):
        raise ValueError(f"engine must be auto, pandas or duckdb, not {engine!r}")
    if patents is None:
        counts = _from_aggregates(companies, as_of)
    elif engine == "duckdb" or (engine == "auto" and not isinstance(patents, pd.DataFrame)):
        from .patent_sql import duckdb_metrics
        counts = duckdb_metrics(companies, patents, as_of)
    elif not isinstance(patents, pd.DataFrame):
        raise ValueError("patent rows left in their file (PatentFile) are aggregated by the duckdb engine only")
    else:
        counts = _from_patents(companies, patents, as_of)
    return pd.DataFrame(counts, index=companies.index)


def _from_patents(companies: pd.DataFrame, patents: pd.DataFrame, as_of: dt.date) -> dict[str, np.ndarray]:
    n = len(companies)
    cut = np.datetime64(as_of, "ns")
    codes = pd.Categorical(patents["company_id"], categories=companies["company_id"]).codes
    pub = patents["pub_date"].to_numpy("datetime64[ns]")
    grant = patents["grant_date"].to_numpy("datetime64[ns]")
    published = pub <= cut                                  # NaT compares False
    invention = (patents["patent_type"] == "发明").to_numpy(bool)
    granted = invention & (grant <= cut)
    valid = granted & (patents["legal_status"] == "有效").to_numpy(bool)
    pct = patents["is_pct"].to_numpy(bool) & published
    prev, last = growth_years(as_of)
    pub_year = pub.astype("datetime64[Y]").astype(np.int64) + 1970

    def count(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        w = None if weights is None else np.where(mask, weights, 0)
        c = codes if w is not None else codes[mask]
        return np.bincount(c, weights=w, minlength=n)[:n].astype(np.int64)

    return {
        "applications": count(published),
        "invention_applications": count(published & invention),
        "invention_grants": count(granted),
        "valid_inventions": count(valid),
        "citations": count(published, patents["cited_by"].to_numpy(np.int64)),
        "licenses": count(published, patents["licenses"].to_numpy(np.int64)),
        "transfers": count(published, patents["transfers"].to_numpy(np.int64)),
        "pct_applications": count(pct),
        "applications_prev": count(published & (pub_year == prev)),
        "applications_last": count(published & (pub_year == last)),
    }


_AGGREGATES = {
    "applications": "patent_applications", "invention_applications": "invention_applications",
    "invention_grants": "invention_grants", "valid_inventions": "valid_inventions",
    "citations": "citations", "licenses": "licenses", "transfers": "transfers",
    "pct_applications": "pct_applications",
}


def _from_aggregates(companies: pd.DataFrame, as_of: dt.date) -> dict[str, np.ndarray]:
    prev, last = growth_years(as_of)
    sources = {**_AGGREGATES, "applications_prev": f"applications_{prev}", "applications_last": f"applications_{last}"}
    out = {}
    for metric, column in sources.items():
        if column in companies.columns:
            out[metric] = companies[column].fillna(0).to_numpy(np.int64)
        else:
            out[metric] = np.zeros(len(companies), dtype=np.int64)
    return out
