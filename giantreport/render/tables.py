"""Writing the statistics as files: summary.json, one CSV per figure/table, one XLSX workbook."""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import definition as D
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


# ---------------------------------------------------------------- spreadsheet-safe cells
#
# Names come from the user's data: a company called =HYPERLINK("http://…","x") must never become a
# live formula in the workbook or in a spreadsheet that opens the CSV (OWASP "CSV injection").
# Rule (docs/metrics.md, 表格文件中的文本): a text cell beginning with = + - @ tab or CR is
#   * in CSV: written with a leading single quote ('=HYPERLINK(…)), unless its column is numeric
#     (every non-empty cell a number, or text that is exactly a number such as the audit's "-0.475");
#   * in XLSX: written as a text cell (inline string, quotePrefix set), never as a formula; the
#     value itself is unchanged.
# Numbers are never touched.

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _risky(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _not_text(value) -> bool:
    """A number or an empty cell, or text that is exactly a number ("-0.475", "+1.078e-05")."""
    return not isinstance(value, str) or value == "" or _NUMBER_TEXT.fullmatch(value) is not None


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """The table as it goes into a CSV file: text cells that a spreadsheet would read as a formula get
    a leading ' (numeric columns, including text columns holding only numbers, are left alone)."""
    out = None
    for i, column in enumerate(table.columns):
        series = table.iloc[:, i]
        if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
            continue
        values = series.tolist()
        if not any(_risky(v) for v in values):
            continue
        if all(_not_text(v) for v in values):
            continue                  # e.g. the audit's differences "+0.2497", "-3.038": numbers as text
        if out is None:
            out = table.copy()
        out.isetitem(i, pd.Series(["'" + v if _risky(v) else v for v in values], index=table.index,
                                  dtype=object, name=column))
    return table if out is None else out


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """One table as UTF-8 CSV (with BOM, for Excel), spreadsheet-safe (see csv_safe)."""
    csv_safe(table).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_safe(table: pd.DataFrame) -> pd.DataFrame:
    """Control characters XML cannot hold (U+0000–U+001F but tab, LF, CR) become U+FFFD in the workbook
    (openpyxl refuses them: a name with one would stop the whole statistics run)."""
    out = None
    for i, column in enumerate(table.columns):
        values = table.iloc[:, i].tolist()
        if not any(isinstance(v, str) and _XML_ILLEGAL.search(v) for v in values):
            continue
        if out is None:
            out = table.copy()
        out.isetitem(i, pd.Series([_XML_ILLEGAL.sub("\ufffd", v) if isinstance(v, str) else v for v in values],
                                  index=table.index, dtype=object, name=column))
    return table if out is None else out


def _text_cells_as_text(ws) -> None:
    """No formula in the workbook: every text cell beginning with = + - @ tab or CR is an inline string
    with Excel's quote prefix (openpyxl would otherwise write "=…" as a formula)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f" or _risky(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def write_stats(stats: Stats, out: Path) -> list[Path]:
    written = [out / "summary.json"]
    written[0].write_text(summary_json(stats), encoding="utf-8")
    # None: no data; a table the definition does not name is no output
    present = {D.statistics_file(name): table for name, table in stats.tables.items()
               if table is not None and D.statistics_file(name)}
    for name, table in present.items():
        path = out / f"{name}.csv"
        write_csv(table, path)
        written.append(path)
    book = out / "giantreport-stats.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as xl:
        for name, table in present.items():
            sheet = name[:31]
            xlsx_safe(table).to_excel(xl, sheet_name=sheet, index=False)
            ws = xl.sheets[sheet]
            _text_cells_as_text(ws)
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
