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

TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")


@dataclass
class Table:
    frame: pd.DataFrame
    file: str            # name shown to the user
    first_row: int       # spreadsheet row number of frame row 0 (2 below a header row)
    encoding: str | None = None

    def row_number(self, index: int) -> int:
        return self.first_row + int(index)


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


def read_table(path: Path) -> tuple[Table | None, list[Problem]]:
    name = path.name
    try:
        if path.stat().st_size == 0:
            return None, [Problem(name, None, None, None, "文件为空（0 字节），应至少包含表头和一行数据")]
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".xlsx":
            return _read_xlsx(path)
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


def _read_csv(path: Path) -> tuple[Table | None, list[Problem]]:
    raw = path.read_bytes()
    encoding = detect_encoding(raw)
    if encoding is None:
        return None, [Problem(path.name, None, None, None,
                              "无法识别文件编码：应为 UTF-8（可带 BOM）或 GBK/GB18030 编码的 CSV")]
    if not raw.removeprefix(codecs.BOM_UTF8).strip():
        return None, [Problem(path.name, None, None, None, "文件为空，应至少包含表头和一行数据")]
    try:
        frame = _read_csv_arrow(raw, encoding)
        if frame is None:
            # bytes + encoding: pandas' C parser reads UTF-8 directly (a str via StringIO is re-encoded, 3x slower).
            # Blank lines are kept as empty rows and dropped below, so index + 2 stays the spreadsheet row.
            frame = pd.read_csv(io.BytesIO(raw), encoding=encoding, dtype=str, keep_default_na=False,
                                skipinitialspace=False, skip_blank_lines=False)
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
    return Table(frame, path.name, 2, encoding), []


_STR = pd.Series([], dtype=str).dtype        # what dtype=str gives in this pandas (Arrow strings in pandas 3)


def _read_csv_arrow(raw: bytes, encoding: str) -> pd.DataFrame | None:
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
        names = pd.read_csv(io.BytesIO(raw), encoding=encoding, nrows=0).columns.tolist()
        if len(set(names)) != len(names) or any(str(n).startswith("Unnamed:") or str(n) == "" for n in names):
            return None
        table = pacsv.read_csv(
            io.BytesIO(raw),
            read_options=pacsv.ReadOptions(encoding=encoding),
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


def _read_xlsx(path: Path) -> tuple[Table | None, list[Problem]]:
    frame = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
    frame = frame.dropna(how="all")
    return Table(frame, path.name, 2), []  # index kept: blank rows dropped, row numbers true
