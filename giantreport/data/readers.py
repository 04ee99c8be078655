"""Reading one table file (CSV in UTF-8 or GBK/GB18030, XLSX, Parquet) into a DataFrame.

Columns keep their file spelling here; the loader maps them to canonical names.
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import Problem
from .schema import normalise_header

TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")


@dataclass
class Table:
    frame: pd.DataFrame
    file: str            # name shown to the user
    first_row: int       # spreadsheet row number of frame row 0 (2 below a header row)
    encoding: str | None = None
    header_row: int = 1  # spreadsheet row of the header (below a title such as "第四批……名单")

    def row_number(self, index: int) -> int:
        return self.first_row + int(index)


TITLE_ROWS_MAX = 10       # a header this far down is still found (title, date, blank lines above it)


def header_index(rows: list[list], known: set[str] | None) -> int:
    """Which of the first rows is the header (0-based): the first row when it has a known column
    name, else the first of the next rows with at least two; 0 when none has (the loader then
    reports the missing columns). `known`: normalised, case-folded column names."""
    if not known or not rows:
        return 0

    def hits(row) -> int:
        return sum(1 for cell in row if cell is not None and normalise_header(cell).casefold() in known)

    if hits(rows[0]):
        return 0
    for i, row in enumerate(rows[1:TITLE_ROWS_MAX + 1], start=1):
        if hits(row) >= 2:
            return i
    return 0


def detect_encoding(raw: bytes) -> str | None:
    """utf-8-sig, utf-8 or gb18030 (a superset of GBK and GB2312); None if none decodes."""
    if raw.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "gb18030")
    for enc in candidates:
        try:
            raw.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc
    return None


def read_table(path: Path, known: set[str] | None = None) -> tuple[Table | None, list[Problem]]:
    """One table file; with `known` column names, a header below title rows is found (CSV, XLSX)."""
    name = path.name
    try:
        if path.stat().st_size == 0:
            return None, [Problem(name, None, None, None, "文件为空（0 字节），应至少包含表头和一行数据")]
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return _read_csv(path, known)
        if suffix == ".xlsx":
            return _read_xlsx(path, known)
        if suffix == ".parquet":
            frame = pd.read_parquet(path)
            return Table(frame.reset_index(drop=True), name, 1), []
    except PermissionError:
        return None, [Problem(name, None, None, None, "无法读取文件（没有读取权限）")]
    except zipfile.BadZipFile:  # an .xlsx is a zip archive; an old .xls renamed to .xlsx is not
        return None, [Problem(name, None, None, None,
                              "无法读取文件：不是有效的 .xlsx 工作簿（如为旧版 .xls，请在 Excel 中另存为 .xlsx）")]
    except (OSError, ValueError, KeyError) as exc:  # corrupt xlsx/parquet
        return None, [Problem(name, None, None, None, f"无法读取文件，格式可能已损坏（{type(exc).__name__}: {exc}）")]
    return None, [Problem(name, None, None, None, f"不支持的文件类型，应为 {'、'.join(TABLE_SUFFIXES)}")]


def _read_csv(path: Path, known: set[str] | None = None) -> tuple[Table | None, list[Problem]]:
    raw = path.read_bytes()
    encoding = detect_encoding(raw)
    if encoding is None:
        return None, [Problem(path.name, None, None, None,
                              "无法识别文件编码：应为 UTF-8（可带 BOM）或 GBK/GB18030 编码的 CSV")]
    if not raw.removeprefix(codecs.BOM_UTF8).strip():
        return None, [Problem(path.name, None, None, None, "文件为空，应至少包含表头和一行数据")]
    skip = _csv_title_lines(raw, encoding, known)
    try:
        frame = _read_csv_arrow(raw, encoding, skip)
        if frame is None:
            # bytes + encoding: pandas' C parser reads UTF-8 directly (a str via StringIO is re-encoded, 3x slower).
            # Blank lines are kept as empty rows and dropped below, so index + 2 stays the spreadsheet row.
            frame = pd.read_csv(io.BytesIO(raw), encoding=encoding, dtype=str, keep_default_na=False,
                                skipinitialspace=False, skip_blank_lines=False, skiprows=skip)
    except pd.errors.ParserError as exc:
        return None, [_ragged(path.name, exc)]
    except pd.errors.EmptyDataError:
        return None, [Problem(path.name, None, None, None, "文件为空，应至少包含表头和一行数据")]
    del raw
    if len(frame.columns):
        blank = (frame[frame.columns[0]].str.strip() == "")
        if blank.any():   # rows with every cell empty (blank lines, trailing ",,,," from Excel)
            for column in frame.columns[1:]:
                blank &= frame[column].str.strip() == ""
            frame = frame[~blank]
    return Table(frame, path.name, skip + 2, encoding, header_row=skip + 1), []


def _csv_title_lines(raw: bytes, encoding: str, known: set[str] | None) -> int:
    """How many lines above the header to skip (title lines, blank lines): 0 in the usual case."""
    if not known:
        return 0
    import csv
    head = raw[:1 << 16].decode(encoding, errors="ignore").lstrip("\ufeff")
    lines = head.splitlines()[:TITLE_ROWS_MAX + 1]
    rows = [next(csv.reader([line]), []) for line in lines]
    return header_index(rows, known)


_STR = pd.Series([], dtype=str).dtype        # what dtype=str gives in this pandas (Arrow strings in pandas 3)


def _read_csv_arrow(raw: bytes, encoding: str, skip: int = 0) -> pd.DataFrame | None:
    """The same frame as the C parser below, 3-4x faster (pyarrow, multithreaded); None to leave it to the C parser.

    Only tried where the two parsers agree: no blank line (pyarrow drops those, which would shift row
    numbers), header names unique and non-empty, and every row as wide as the header (otherwise pyarrow
    raises and the C parser reports the row).
    """
    if b"\n\n" in raw or b"\n\r\n" in raw or b"\r\r" in raw:
        return None
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
        names = pd.read_csv(io.BytesIO(raw), encoding=encoding, nrows=0, skiprows=skip).columns.tolist()
        if len(set(names)) != len(names) or any(str(n).startswith("Unnamed:") or str(n) == "" for n in names):
            return None
        table = pacsv.read_csv(
            io.BytesIO(raw),
            read_options=pacsv.ReadOptions(encoding=encoding, skip_rows=skip),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
        if table.column_names != names:
            return None
        mapper = None
        if isinstance(_STR, pd.StringDtype):
            def mapper(t):
                return _STR if pa.types.is_string(t) or pa.types.is_large_string(t) else None
        return table.to_pandas(types_mapper=mapper)
    except Exception:    # anything pyarrow dislikes: the C parser decides, with its row-numbered messages
        return None


def _ragged(name: str, exc: Exception) -> Problem:
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
    if m is None:
        return Problem(name, None, None, None, f"CSV 格式错误（{str(exc).strip()}）")
    return Problem(name, int(m.group(2)), None, None,
                   f"列数与表头不一致：表头有 {m.group(1)} 列，这一行有 {m.group(3)} 列"
                   "（含逗号的值需用英文双引号括起来）")


def _read_xlsx(path: Path, known: set[str] | None = None) -> tuple[Table | None, list[Problem]]:
    header = 0
    if known:
        top = pd.read_excel(path, sheet_name=0, header=None, nrows=TITLE_ROWS_MAX + 1, dtype=object, engine="openpyxl")
        header = header_index([[None if pd.isna(v) else v for v in row] for row in top.itertuples(index=False)], known)
    frame = pd.read_excel(path, sheet_name=0, header=header, dtype=object, engine="openpyxl")
    frame = frame.dropna(how="all")
    # index kept: blank rows dropped, row numbers true (frame row 0 is the row below the header)
    return Table(frame, path.name, header + 2, header_row=header + 1), []
