"""Reading one table file (CSV in UTF-8 or GBK/GB18030, XLSX, Parquet) into a DataFrame.

Columns keep their file spelling here; the loader maps them to canonical names.
"""
from __future__ import annotations

import codecs
import io
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
    except (OSError, ValueError, KeyError) as exc:  # corrupt xlsx/parquet
        return None, [Problem(name, None, None, None, f"无法读取文件，格式可能已损坏（{type(exc).__name__}: {exc}）")]
    return None, [Problem(name, None, None, None, f"不支持的文件类型，应为 {'、'.join(TABLE_SUFFIXES)}")]


def _read_csv(path: Path) -> tuple[Table | None, list[Problem]]:
    raw = path.read_bytes()
    encoding = detect_encoding(raw)
    if encoding is None:
        return None, [Problem(path.name, None, None, None,
                              "无法识别文件编码：应为 UTF-8（可带 BOM）或 GBK/GB18030 编码的 CSV")]
    text = raw.decode(encoding)
    del raw
    if not text.strip():
        return None, [Problem(path.name, None, None, None, "文件为空，应至少包含表头和一行数据")]
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    except pd.errors.ParserError as exc:
        return None, [Problem(path.name, None, None, None, f"CSV 格式错误，列数与表头不一致（{exc}）")]
    except pd.errors.EmptyDataError:
        return None, [Problem(path.name, None, None, None, "文件为空，应至少包含表头和一行数据")]
    return Table(frame, path.name, 2, encoding), []


def _read_xlsx(path: Path) -> tuple[Table | None, list[Problem]]:
    frame = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
    frame = frame.dropna(how="all")
    return Table(frame, path.name, 2), []  # index kept: blank rows dropped, row numbers true
