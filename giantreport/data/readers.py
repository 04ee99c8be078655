"""Reading one table file (CSV in UTF-8 or GBK/GB18030, XLSX, Parquet) into a DataFrame.

Columns keep their file spelling here; the loader maps them to canonical names.
Work is bounded by the limits in `limits.py`: too many columns, too long a cell, too many rows,
an .xlsx that unpacks too large, or a date the engine cannot hold is a Problem, never a crash.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
import warnings
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import GiantReportError, Problem
from . import limits
from .schema import YEARLY_APPLICATIONS, normalise_header

TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")
MAX_LISTED = 50           # cells listed per column and kind of problem; one line counts the rest


@dataclass
class Table:
    frame: pd.DataFrame
    file: str            # name shown to the user
    first_row: int       # spreadsheet row number of frame row 0 (2 below a header row)
    encoding: str | None = None
    header_row: int = 1  # spreadsheet row of the header (below a title such as "第四批……名单")
    sheet: str | None = None               # the worksheet read (XLSX)
    skipped_sheets: tuple[str, ...] = ()   # worksheets before it without a header (说明, 填表说明 …)

    def row_number(self, index: int) -> int:
        return self.first_row + int(index)

    def sheet_note(self) -> str | None:
        """'companies.xlsx：名单在工作表“第五批名单”中（跳过了“填表说明”）' when it is not the first sheet."""
        if not self.skipped_sheets:
            return None
        skipped = "、".join(f"“{s}”" for s in self.skipped_sheets)
        return f"{self.file}：名单在工作表“{self.sheet}”中（跳过了{skipped}）"


TITLE_ROWS_MAX = 10       # a header this far down is still found (title, date, blank lines above it)


def header_index(rows: list[list], known: set[str] | None) -> int:
    """Which of the first rows is the header (0-based): the first row when it has a known column
    name, else the first of the next rows with at least two; 0 when none has (the loader then
    reports the missing columns). `known`: normalised, case-folded column names."""
    if not known or not rows:
        return 0
    if _hits(rows[0], known):
        return 0
    for i, row in enumerate(rows[1:TITLE_ROWS_MAX + 1], start=1):
        if _hits(row, known) >= 2:
            return i
    return 0


def _hits(row, known: set[str]) -> int:
    return sum(1 for cell in row if cell is not None and normalise_header(cell).casefold() in known)


def column_letters(position: int) -> str:
    """Excel's letters for a 0-based column position: 0 → A, 27 → AB."""
    out, n = "", position + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


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
    """One table file; with `known` column names, a header below title rows is found (CSV, XLSX),
    and in a workbook the first sheet with such a header."""
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
            return _read_parquet(path, known)
    except PermissionError:
        return None, [Problem(name, None, None, None, "无法读取文件（没有读取权限）")]
    except zipfile.BadZipFile:  # an .xlsx is a zip archive; an old .xls renamed to .xlsx is not
        return None, [_not_xlsx(name)]
    except (OSError, ValueError, KeyError) as exc:  # corrupt file
        return None, [_corrupt(name, exc)]
    return None, [Problem(name, None, None, None, f"不支持的文件类型，应为 {'、'.join(TABLE_SUFFIXES)}")]


def _not_xlsx(name: str) -> Problem:
    return Problem(name, None, None, None,
                   "无法读取文件：不是有效的 .xlsx 工作簿（如为旧版 .xls，请在 Excel 中另存为 .xlsx）")


def _corrupt(name: str, exc: BaseException) -> Problem:
    detail = str(exc).strip()
    detail = detail if len(detail) <= 200 else detail[:199] + "…"
    return Problem(name, None, None, None, f"无法读取文件，格式可能已损坏（{type(exc).__name__}: {detail}）")


# ---------------------------------------------------------------- problems found in cells

def _listed(name: str, column: str, hits: list[tuple[int, str]], count: int, expected: str) -> list[Problem]:
    """The first MAX_LISTED (row, value) hits of a column, then one line counting the rest."""
    out = [Problem(name, row, column, value, expected) for row, value in hits[:MAX_LISTED]]
    if count > MAX_LISTED:
        out.append(Problem(name, None, column, None,
                           f"另有 {count - MAX_LISTED} 行同类问题未逐条列出（应为{expected}）", count=count - MAX_LISTED))
    return out


def _too_long(length: int) -> str:
    return (f"不超过 {limits.MAX_CELL_CHARS.value():,} 个字符的内容（Excel 单元格的上限），这一格有 {length:,} 个字符；"
            f"{limits.MAX_CELL_CHARS.raise_hint()}")


def _long_cells(name: str, frame: pd.DataFrame, known: set[str] | None, row_of) -> list[Problem]:
    """Cells longer than GIANTREPORT_MAX_CELL_CHARS in the text columns the loader reads (CSV, Parquet);
    a long note in a column it ignores (备注) does no harm."""
    limit = limits.MAX_CELL_CHARS.value()
    problems: list[Problem] = []
    for position in range(frame.shape[1]):
        if known and not _used(frame.columns[position], known):
            continue
        s = frame.iloc[:, position]
        if isinstance(s.dtype, pd.StringDtype):
            if _max_bytes(s) <= limit:     # a character is at least a byte: no cell is too long (1M rows: ~4 ms)
                continue
            lengths = s.str.len()
        elif s.dtype == object:
            lengths = s.map(lambda v: len(v) if isinstance(v, str) else 0)
        else:
            continue
        if not len(lengths) or not lengths.max(skipna=True) > limit:
            continue
        over = lengths[lengths > limit]
        hits = [(row_of(i), s.loc[i][:41]) for i in over.index[:MAX_LISTED]]
        problems += _listed(name, str(frame.columns[position]), hits, len(over), _too_long(int(over.max())))
    return problems


def _max_bytes(s: pd.Series) -> float:
    """The longest cell's UTF-8 length from Arrow's offsets (no string is looked at); inf when not Arrow-backed."""
    to_arrow = getattr(s.array, "__arrow_array__", None)
    if to_arrow is None:
        return float("inf")
    import pyarrow.compute as pc
    longest = pc.max(pc.binary_length(to_arrow())).as_py()
    return longest or 0


_DATE_YEARS = (1678, 2261)     # dates the engine holds (nanosecond timestamps: 1677-09-21 … 2262-04-11)
_DATE_RANGE = f"{_DATE_YEARS[0]}–{_DATE_YEARS[1]} 年间的日期（超出这一范围的日期无法处理，请检查是否录入有误）"


def _out_of_range_dates(name: str, frame: pd.DataFrame, known: set[str] | None, row_of) -> list[Problem]:
    """Dates the engine cannot hold, in the columns the loader reads (Parquet timestamps, Excel date cells).
    Columns it ignores may hold them (a 9999-12-31 "valid until" column is common)."""
    lo, hi = _DATE_YEARS
    problems: list[Problem] = []
    for position in range(frame.shape[1]):
        label = frame.columns[position]
        if known and not _used(label, known):
            continue
        s = frame.iloc[:, position]
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            if s.dt.unit == "ns":
                continue          # nanoseconds: in range by construction
            years = s.dt.year
            bad = s.notna() & ((years < lo) | (years > hi))
        elif s.dtype == object:
            bad = s.map(lambda v: isinstance(v, dt.date) and v == v and not lo <= v.year <= hi).astype(bool)
        else:
            continue
        if not bad.any():
            continue
        idx = bad[bad].index
        hits = [(row_of(i), _date_text(s.loc[i])) for i in idx[:MAX_LISTED]]
        problems += _listed(name, str(label), hits, len(idx), _DATE_RANGE)
    return problems


def _date_text(value) -> str:
    if isinstance(value, (dt.datetime, pd.Timestamp)) and (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, np.datetime64):
        return str(value)
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)


def _used(label, known: set[str]) -> bool:
    """A header the loader reads (a known spelling, or a yearly count such as 2021年专利申请量)."""
    text = normalise_header(label)
    return text.casefold() in known or YEARLY_APPLICATIONS.match(text) is not None


def _duplicate_headers(name: str, header: list, known: set[str] | None, header_row: int | None,
                       letters: bool = True) -> list[Problem]:
    """Two columns with the same header: pandas would keep the first and rename the second
    (企业名称.1), so the loader would drop it without a word. An error naming both positions."""
    positions: dict[str, list[int]] = defaultdict(list)
    for i, cell in enumerate(header):
        if cell is None or (isinstance(cell, float) and cell != cell):
            continue
        text = str(cell)
        if text.strip() == "" or (known and not _used(text, known)):
            continue
        positions[text].append(i)
    problems = []
    for text, where in positions.items():
        if len(where) < 2:
            continue
        shown = "、".join(column_letters(i) if letters else str(i + 1) for i in where)
        problems.append(Problem(name, header_row, text, None,
                                f"表头中第 {shown} 列同名（都叫“{text}”），只能保留一列：请删去或改名其余各列"
                                "（否则只会读取第一列）"))
    return problems


def _dedup(names: list) -> list:
    """pandas' names for repeated headers: X, X.1, X.2 …"""
    out, counts = [], defaultdict(int)
    for col in names:
        cur = counts[col]
        while cur > 0:
            counts[col] = cur + 1
            col = f"{col}.{cur}"
            cur = counts[col]
        out.append(col)
        counts[col] = cur + 1
    return out


def _too_many_rows(name: str, rows: int | None) -> Problem:
    """`rows`: how many there are, or None when reading stopped at the limit."""
    count = f"数据有 {rows:,} 行，超过" if rows is not None else "数据超过"
    return Problem(name, None, None, None,
                   f"{count}上限 {limits.MAX_ROWS.value():,} 行：请拆分文件；{limits.MAX_ROWS.raise_hint()}"
                   " / more rows than GIANTREPORT_MAX_ROWS allows")


def _too_many_columns(name: str, row: int | None, count: int, empty: int, at_least: bool = False) -> Problem:
    blank = f"（其中 {empty:,} 列没有列名）" if empty else ""
    return Problem(name, row, None, None,
                   f"表头{'至少' if at_least else ''}有 {count:,} 列{blank}，超过上限 {limits.MAX_COLUMNS.value():,} 列："
                   f"请删去多余的列；{limits.MAX_COLUMNS.raise_hint()} / more columns than GIANTREPORT_MAX_COLUMNS allows")


# ---------------------------------------------------------------- CSV

def _read_csv(path: Path, known: set[str] | None = None) -> tuple[Table | None, list[Problem]]:
    raw = path.read_bytes()
    encoding = detect_encoding(raw)
    if encoding is None:
        return None, [Problem(path.name, None, None, None,
                              "无法识别文件编码：应为 UTF-8（可带 BOM）或 GBK/GB18030 编码的 CSV")]
    if not raw.removeprefix(codecs.BOM_UTF8).strip():
        return None, [Problem(path.name, None, None, None, "文件为空，应至少包含表头和一行数据")]
    skip = _csv_title_lines(raw, encoding, known)
    max_columns = limits.MAX_COLUMNS.value()
    head, cut = _csv_head(raw, encoding, skip, max_columns)
    header = head[0] if head else []
    if len(header) > max_columns:   # a 2 MB line of commas is 2 million columns: refused before pandas allocates them
        return None, [_too_many_columns(path.name, skip + 1, len(header), sum(1 for h in header if not h.strip()), cut)]
    problems = _duplicate_headers(path.name, header, known, skip + 1)
    try:
        frame = _read_csv_arrow(raw, encoding, skip)
        if frame is None:
            # A first data row wider than the header: pandas would take its first cells as the index
            # (and fail on 'C2' later), so it is said as for any other row. Unless the header has no
            # known name at all (a title line and no header found): then the rows are cut to the
            # header's width and the loader's "缺少必填列" says more than a count of commas.
            wide = len(head) > 1 and len(head[1]) > len(header)
            if wide and not (known and not _hits(header, known)):
                return None, problems + [_ragged_first(path.name, skip, len(header), len(head[1]))]
            # bytes + encoding: pandas' C parser reads UTF-8 directly (a str via StringIO is re-encoded, 3x slower).
            # Blank lines are kept as empty rows and dropped below, so index + 2 stays the spreadsheet row.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", pd.errors.ParserWarning)     # the rows cut when `wide`
                frame = pd.read_csv(io.BytesIO(raw), encoding=encoding, dtype=str, keep_default_na=False,
                                    skipinitialspace=False, skip_blank_lines=False, skiprows=skip,
                                    index_col=False if wide else None)
            if not isinstance(frame.index, pd.RangeIndex):   # a first row wider than the header became the index
                return None, problems + [_ragged_first(path.name, skip, len(frame.columns),
                                                       len(frame.columns) + frame.index.nlevels)]
    except pd.errors.ParserError as exc:
        return None, problems + [_ragged(path.name, exc)]
    except pd.errors.EmptyDataError:
        return None, [Problem(path.name, None, None, None, "文件为空，应至少包含表头和一行数据")]
    del raw
    if len(frame.columns):
        blank = (frame[frame.columns[0]].str.strip() == "")
        if blank.any():   # rows with every cell empty (blank lines, trailing ",,,," from Excel)
            for column in frame.columns[1:]:
                blank &= frame[column].str.strip() == ""
            frame = frame[~blank]
    if len(frame) > limits.MAX_ROWS.value():
        return None, problems + [_too_many_rows(path.name, len(frame))]
    long = _long_cells(path.name, frame, known, lambda i: skip + 2 + int(i))
    if long:
        return None, problems + long
    return Table(frame, path.name, skip + 2, encoding, header_row=skip + 1), problems


def _csv_title_lines(raw: bytes, encoding: str, known: set[str] | None) -> int:
    """How many lines above the header to skip (title lines, blank lines): 0 in the usual case."""
    if not known:
        return 0
    head = raw[:1 << 16].decode(encoding, errors="ignore").lstrip("\ufeff")
    lines = head.splitlines()[:TITLE_ROWS_MAX + 1]
    rows = [next(csv.reader([line]), []) for line in lines]
    return header_index(rows, known)


def _csv_head(raw: bytes, encoding: str, skip: int, max_columns: int) -> tuple[list[list[str]], bool]:
    """The header row and the first data row as the csv module reads them (quoted commas and line
    breaks included), from a growing slice of the file ([] if the csv module cannot read them), and
    whether the header may be cut short: reading stops once it is wider than ``max_columns``."""
    start = 0
    if skip:
        ends = _LINE_END.finditer(raw)
        for _ in range(skip):       # title lines: plain lines, as _csv_title_lines reads them
            m = next(ends, None)
            start = m.end() if m else len(raw)
    size = 1 << 16
    while True:
        whole = start + size >= len(raw)
        text = raw[start:start + size].decode(encoding, errors="ignore").lstrip("\ufeff")
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(text, newline="")), 3))
        except csv.Error:       # e.g. a cell beyond the csv module's field size limit
            return [], False
        if whole or len(rows) == 3:
            return rows[:2], False
        if rows and len(rows[0]) > max_columns:
            return rows[:2], len(rows) == 1      # a header cut at the slice's end: at least this wide
        size *= 4


_LINE_END = re.compile(rb"\r\n|\n|\r")


def _ragged_first(name: str, skip: int, width: int, seen: int) -> Problem:
    return Problem(name, skip + 2, None, None,
                   f"列数与表头不一致：表头有 {width} 列，这一行有 {seen} 列（含逗号的值需用英文双引号括起来）")


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


# ---------------------------------------------------------------- XLSX

# cells pandas' read_excel read as missing: empty text, its default NA spellings and Excel's error values
_XLSX_MISSING = frozenset((
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
    "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#GETTING_DATA"))


def _xlsx_unpacked(path: Path) -> Problem | None:
    """Refuse a zip bomb before opening it: the parts' declared sizes (zipfile never inflates a
    part beyond its declared size) against GIANTREPORT_MAX_XLSX_MB and GIANTREPORT_MAX_XLSX_RATIO."""
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
    total = sum(p.file_size for p in parts)
    limit_mb = limits.MAX_XLSX_MB.value()
    if total > limit_mb * 2**20:
        return Problem(path.name, None, None, None,
                       f"工作簿解压后有 {total / 2**20:,.0f} MB，超过上限 {limit_mb:,} MB：百万行级的数据请用 CSV 或 Parquet；"
                       f"{limits.MAX_XLSX_MB.raise_hint()} / unpacks to more than GIANTREPORT_MAX_XLSX_MB allows")
    ratio = limits.MAX_XLSX_RATIO.value()
    for p in parts:
        if p.file_size > limits.RATIO_MIN_BYTES and p.file_size > ratio * max(p.compress_size, 1):
            return Problem(path.name, None, None, None,
                           f"工作簿中的 {p.filename} 压缩比为 {p.file_size / max(p.compress_size, 1):,.0f} 倍"
                           f"（{p.compress_size:,} 字节解压为 {p.file_size:,} 字节），超过上限 {ratio:,} 倍，"
                           f"可能是恶意构造的文件；{limits.MAX_XLSX_RATIO.raise_hint()}"
                           " / compression ratio above GIANTREPORT_MAX_XLSX_RATIO allows")
    return None


def _read_xlsx(path: Path, known: set[str] | None = None) -> tuple[Table | None, list[Problem]]:
    bomb = _xlsx_unpacked(path)
    if bomb is not None:
        return None, [bomb]
    from openpyxl import load_workbook
    with warnings.catch_warnings(record=True) as said:   # openpyxl's warnings: read below, never printed
        warnings.simplefilter("always")
        try:
            book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
        except zipfile.BadZipFile:
            return None, [_not_xlsx(path.name)]
        except GiantReportError:
            raise
        except Exception as exc:      # damaged parts: XML ParseError, missing members, bad attribute values …
            return None, [_corrupt(path.name, exc)]
        try:
            return _read_sheet(path.name, book, known)
        except GiantReportError:
            raise
        except Exception as exc:      # a damaged sheet shows only while it is read
            return None, [_corrupt(path.name, exc)]
        finally:
            book.close()


_BAD_SERIAL = re.compile(r"Cell ([A-Z]{1,3})(\d+) is marked as a date but the serial value (\S+) is outside")


def _bad_serial_dates(name: str, said: list, names: list, first: int, known: set[str] | None) -> list[Problem]:
    """A date cell whose serial number is no date (99999999 formatted as a date): openpyxl warns and
    reads it as #VALUE!, which would look like an empty cell. Said as the value it is."""
    hits: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for warning in said:
        m = _BAD_SERIAL.search(str(warning.message))
        if m is None or int(m.group(2)) < first:
            continue
        position = _column_index(m.group(1))
        if position >= len(names) or (known and not _used(names[position], known)):
            continue
        hits[str(names[position])].append((int(m.group(2)), m.group(3)))
    problems = []
    for label, found in hits.items():
        problems += _listed(name, label, found, len(found),
                            "日期：这一格设成了日期格式，但其中的数字不是 Excel 能表示的日期（请改为正确的日期）")
    return problems


def _column_index(letters: str) -> int:
    """0-based position of Excel's column letters: A → 0, AB → 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _read_sheet(name: str, book, known: set[str] | None) -> tuple[Table | None, list[Problem]]:
    sheets = book.worksheets
    if not sheets:
        return None, [Problem(name, None, None, None, "工作簿中没有工作表")]
    chosen, top = 0, None
    tops = []
    for i, sheet in enumerate(sheets):
        sheet.reset_dimensions()          # declared sizes can be wrong (and huge): read what is there
        rows = [list(r) for r in sheet.iter_rows(max_row=TITLE_ROWS_MAX + 1, values_only=True)]
        tops.append(rows)
        if known and any(_hits(row, known) >= 2 for row in rows):
            chosen, top = i, rows
            break
    if top is None:
        chosen, top = 0, tops[0]
    sheet = sheets[chosen]
    header = header_index(top, known)
    cells = list(top[header]) if header < len(top) else []
    while cells and _missing(cells[-1]):
        cells.pop()
    max_columns = limits.MAX_COLUMNS.value()
    if len(cells) > max_columns:
        return None, [_too_many_columns(name, header + 1, len(cells), sum(1 for c in cells if _missing(c)))]
    problems = _duplicate_headers(name, cells, known, header + 1)
    skipped = tuple(s.title for s in sheets[:chosen])
    with warnings.catch_warnings(record=True) as said:     # openpyxl warns of date cells that hold no date
        warnings.simplefilter("always")
        table, found = _read_rows(name, sheet, cells, header, known, said)
    if table is not None:
        table.skipped_sheets = skipped
    return table, problems + found


def _read_rows(name: str, sheet, cells: list, header: int, known: set[str] | None,
               said: list) -> tuple[Table | None, list[Problem]]:
    """The rows below the header, streamed: blank rows skipped (row numbers stay Excel's), cells as
    pandas' read_excel gave them (12.0 → 12, NA spellings and error values missing), limits checked."""
    problems: list[Problem] = []
    max_columns = limits.MAX_COLUMNS.value()
    used = [not known or (not _missing(c) and _used(c, known)) for c in cells]   # columns the loader reads
    first = header + 2                      # Excel row of frame row 0
    rows, index, long, width = [], [], defaultdict(list), len(cells)
    long_count: dict[int, int] = defaultdict(int)
    max_rows, max_chars = limits.MAX_ROWS.value(), limits.MAX_CELL_CHARS.value()
    nan = np.nan
    for excel_row, row in enumerate(sheet.iter_rows(min_row=first, values_only=True), start=first):
        if excel_row > limits.EXCEL_MAX_ROWS:
            return None, [Problem(name, None, None, None,
                                  f"工作表的行号超过 Excel 的上限 {limits.EXCEL_MAX_ROWS:,} 行，文件可能已损坏")]
        n = len(row)
        while n and row[n - 1] is None:
            n -= 1
        if not n:
            continue
        if n > max_columns:
            return None, [Problem(name, excel_row, None, None,
                                  f"这一行第 {column_letters(n - 1)} 列还有内容，超过列数上限 {max_columns:,} 列："
                                  f"请删去多余的列；{limits.MAX_COLUMNS.raise_hint()}")]
        out, present = [], False
        for position in range(n):
            v = row[position]
            if v is None:
                out.append(nan)
                continue
            kind = v.__class__
            if kind is str:
                if v in _XLSX_MISSING:
                    out.append(nan)
                    continue
                if len(v) > max_chars and position < len(used) and used[position]:
                    long_count[position] += 1
                    if len(long[position]) < MAX_LISTED:
                        long[position].append((excel_row, v[:41], len(v)))   # clipped as shown, with its …
            elif kind is float and v.is_integer():
                v = int(v)          # 12.0 → 12, as pandas read it
            out.append(v)
            present = True
        if not present:
            continue
        if n > width:
            width = n
        rows.append(out)
        index.append(excel_row - first)
        if len(rows) > max_rows:
            return None, problems + [_too_many_rows(name, None)]
    if long:
        for position in sorted(long):
            hits = long[position]
            label = _label(cells, position)
            problems += _listed(name, label, [(r, v) for r, v, _ in hits], long_count[position],
                                _too_long(max(n for _, _, n in hits)))
        return None, problems
    for out in rows:
        if len(out) < width:
            out.extend([nan] * (width - len(out)))
    names = _dedup([_label(cells, i) if i < len(cells) and not _missing(cells[i]) else f"Unnamed: {i}"
                    for i in range(width)])
    frame = pd.DataFrame(rows, columns=names, index=pd.Index(index, dtype="int64"), dtype=object)
    dates = (_bad_serial_dates(name, said, names, first, known)
             + _out_of_range_dates(name, frame, known, lambda i: first + int(i)))
    if dates:
        return None, problems + dates
    return Table(frame, name, first, header_row=header + 1, sheet=sheet.title), problems


def _missing(cell) -> bool:
    return cell is None or (isinstance(cell, str) and cell in _XLSX_MISSING)


def _label(cells: list, position: int):
    """A header cell as pandas named the column: text as written, 2021.0 → 2021."""
    cell = cells[position] if position < len(cells) else None
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell if cell is not None else f"Unnamed: {position}"


# ---------------------------------------------------------------- Parquet

def _read_parquet(path: Path, known: set[str] | None = None) -> tuple[Table | None, list[Problem]]:
    try:
        import pyarrow.parquet as pq
        source = pq.ParquetFile(path)
        meta = source.metadata        # the footer only: sizes before any data is read
        if meta.num_columns > limits.MAX_COLUMNS.value():
            return None, [_too_many_columns(path.name, None, meta.num_columns, 0)]
        if meta.num_rows > limits.MAX_ROWS.value():
            return None, [_too_many_rows(path.name, meta.num_rows)]
        header = list(source.schema_arrow.names)
        if len(set(header)) == len(header):
            frame = pd.read_parquet(path).reset_index(drop=True)
        else:     # pandas' reader refuses repeated names: renamed as pandas names repeated CSV headers
            frame = source.read().rename_columns(_dedup(header)).to_pandas().reset_index(drop=True)
    except GiantReportError:
        raise
    except Exception as exc:      # damaged file: pyarrow's ArrowInvalid, OSError, …
        return None, [_corrupt(path.name, exc)]
    problems = _duplicate_headers(path.name, header, known, None, letters=False)
    row_of = lambda i: int(i) + 1      # noqa: E731  (Parquet rows are numbered from 1)
    found = _long_cells(path.name, frame, known, row_of) + _out_of_range_dates(path.name, frame, known, row_of)
    if found:
        return None, problems + found
    return Table(frame, path.name, 1), problems
