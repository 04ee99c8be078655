"""Writing the statistics as files: summary.json, one CSV per figure/table, one XLSX workbook."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..stats import Stats


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        v = float(value)
        return None if math.isnan(v) else v
    if value is pd.NA or value is None:
        return None
    return value


def summary_json(stats: Stats) -> str:
    return json.dumps(_plain(stats.summary), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_stats(stats: Stats, out: Path) -> list[Path]:
    written = [out / "summary.json"]
    written[0].write_text(summary_json(stats), encoding="utf-8")
    for name, table in stats.tables.items():
        path = out / f"{name}.csv"
        table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        written.append(path)
    book = out / "giantreport-stats.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as xl:
        for name, table in stats.tables.items():
            sheet = name[:31]
            table.to_excel(xl, sheet_name=sheet, index=False)
            ws = xl.sheets[sheet]
            ws.freeze_panes = "A2"
            for col in ws.columns:
                width = max(len(str(c.value or "")) for c in col[:50])
                ws.column_dimensions[col[0].column_letter].width = min(40, max(10, width * 1.6))
    _fix_zip_times(book)
    written.append(book)
    return written


def _fix_zip_times(path: Path) -> None:
    """Byte-identical workbooks for identical statistics: fixed document dates and zip entry times
    (SOURCE_DATE_EPOCH when set)."""
    import datetime as dt
    import os
    import re
    import zipfile
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "946684800"))
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.timezone.utc)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", lambda m: m.group(1) + iso.encode() + m.group(2), data)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            zout.writestr(zi, data)
    os.replace(tmp, path)
