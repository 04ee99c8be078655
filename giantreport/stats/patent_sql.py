"""The per-company patent aggregation as SQL: what `company_metrics` computes, for DuckDB here and,
unchanged, for Spark SQL or Trino where a user's patents live in a data lake (docs/scale.md).

Input relations (names configurable):

* ``patents``: one row per patent and company, canonical columns ``company_id`` (text),
  ``patent_type`` ('发明', '实用新型', '外观设计'), ``pub_date`` and ``grant_date`` (timestamps or dates,
  NULL = none), ``legal_status`` ('有效', '失效', '审中' or ''), ``is_pct`` (boolean), ``cited_by``,
  ``licenses``, ``transfers`` (integers ≥ 0);
* ``companies``: the companies of the report, column ``company_id``.

Output: one row per company with the aggregate columns the companies file accepts
(docs/data-format.md §2) under their canonical names: ``patent_applications`` (专利申请量),
``invention_applications`` (发明专利申请量), ``invention_grants`` (发明专利授权量),
``valid_inventions`` (有效发明专利量), ``citations`` (被引用次数), ``licenses`` (许可次数),
``transfers`` (转让次数), ``pct_applications`` (PCT专利申请量), ``applications_<Y-1>`` and
``applications_<Y>`` (<year>年专利申请量). Only portable SQL: CASE, SUM, EXTRACT, LEFT JOIN, GROUP BY,
DATE/TIMESTAMP literals; no dialect functions.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .company_metrics import growth_years

# SQL output column → company_metrics' metric (the first eight are the companies file's aggregate names)
OUTPUT = {"patent_applications": "applications", "invention_applications": "invention_applications",
          "invention_grants": "invention_grants", "valid_inventions": "valid_inventions",
          "citations": "citations", "licenses": "licenses", "transfers": "transfers",
          "pct_applications": "pct_applications"}

TEMPLATE = """\
-- giantreport: per-company patent aggregates as of {as_of} (docs/scale.md)
SELECT
  c.company_id,
  SUM(CASE WHEN p.pub_date <= {cut} THEN 1 ELSE 0 END) AS patent_applications,
  SUM(CASE WHEN p.pub_date <= {cut} AND p.patent_type = '发明' THEN 1 ELSE 0 END) AS invention_applications,
  SUM(CASE WHEN p.patent_type = '发明' AND p.grant_date <= {cut} THEN 1 ELSE 0 END) AS invention_grants,
  SUM(CASE WHEN p.patent_type = '发明' AND p.grant_date <= {cut}
            AND p.legal_status = '有效' THEN 1 ELSE 0 END) AS valid_inventions,
  SUM(CASE WHEN p.pub_date <= {cut} THEN COALESCE(p.cited_by, 0) ELSE 0 END) AS citations,
  SUM(CASE WHEN p.pub_date <= {cut} THEN COALESCE(p.licenses, 0) ELSE 0 END) AS licenses,
  SUM(CASE WHEN p.pub_date <= {cut} THEN COALESCE(p.transfers, 0) ELSE 0 END) AS transfers,
  SUM(CASE WHEN p.pub_date <= {cut} AND p.is_pct THEN 1 ELSE 0 END) AS pct_applications,
  SUM(CASE WHEN p.pub_date <= {cut} AND EXTRACT(YEAR FROM p.pub_date) = {prev} THEN 1 ELSE 0 END) AS applications_{prev},
  SUM(CASE WHEN p.pub_date <= {cut} AND EXTRACT(YEAR FROM p.pub_date) = {last} THEN 1 ELSE 0 END) AS applications_{last}
FROM {companies} c
LEFT JOIN {patents} p ON p.company_id = c.company_id
GROUP BY c.company_id
"""


def aggregate_sql(as_of: dt.date, patents: str = "patents", companies: str = "companies") -> str:
    """The aggregation for cut-off ``as_of`` (a patent counts once published by D; growth years Y-1, Y)."""
    prev, last = growth_years(as_of)
    return TEMPLATE.format(as_of=as_of.isoformat(), cut=f"TIMESTAMP '{as_of.isoformat()} 00:00:00'",
                           prev=prev, last=last, patents=patents, companies=companies)


PATENT_COLUMNS = ("company_id", "patent_type", "pub_date", "grant_date", "legal_status", "is_pct",
                  "cited_by", "licenses", "transfers")


def duckdb_metrics(companies: pd.DataFrame, patents, as_of: dt.date, con=None) -> dict[str, np.ndarray]:
    """company_metrics' columns computed by DuckDB running `aggregate_sql`.

    ``patents``: a `PatentFile` (the rows stay in their Parquet/CSV file, read through its canonical
    view) or a loaded frame with the loader's canonical columns (registered with DuckDB as it is)."""
    import pyarrow as pa
    from ..data.patent_file import PatentFile, connect
    con = con or connect()
    keys = pa.table({"company_id": pa.array(companies["company_id"].astype(str).tolist(), pa.string())})
    con.register("giantreport_keys", keys)
    if isinstance(patents, PatentFile):
        patents.register(con)
        con.execute(f"CREATE OR REPLACE TEMP VIEW giantreport_patents AS {patents.view}")
    else:
        frame = pa.Table.from_pandas(patents[list(PATENT_COLUMNS)], preserve_index=False)
        con.register("giantreport_patents", frame)
    prev, last = growth_years(as_of)
    names = {**OUTPUT, f"applications_{prev}": "applications_prev", f"applications_{last}": "applications_last"}
    sql = aggregate_sql(as_of, patents="giantreport_patents", companies="giantreport_keys")
    # SUM of integers is a 128-bit integer in DuckDB: back to BIGINT around the portable query
    typed = ", ".join(f"CAST({c} AS BIGINT) AS {c}" for c in names)
    result = con.execute(f"SELECT company_id, {typed} FROM (\n{sql}) AS aggregated").fetchnumpy()
    order = pd.Index(np.asarray(result["company_id"], dtype=object)).get_indexer(companies["company_id"].astype(str))
    if (order < 0).any():                # every company is in the LEFT JOIN's output
        raise AssertionError("aggregation lost a company")
    return {metric: np.asarray(result[column], dtype=np.int64)[order]
            for column, metric in names.items()}
