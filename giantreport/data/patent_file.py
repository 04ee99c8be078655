"""A patents file too large to load: checked and aggregated by DuckDB in SQL, never read into pandas.

The pandas loader (load.py) reads every patent row into memory and validates it cell by cell; that
stops being possible somewhere past ten million rows. With the DuckDB engine (``--engine duckdb``,
or ``auto`` for a large Parquet/CSV file) the loader keeps the patent rows in their file and asks
`inspect` for a `PatentFile`: the file's header mapped to canonical columns (the same spellings and
``[columns]`` as the pandas loader), SQL checks over every row, and the view that turns the file's
cells into the canonical ``patents`` relation the aggregation reads (``giantreport/stats/patent_sql.py``,
docs/scale.md).

How the cells are read: a text column (IDs, 专利类型, 法律状态, a PCT flag or counts written as text,
dates in a CSV) has few distinct values, so DuckDB lists them with their row counts in one pass
(GROUPING SETS) and the pandas loader's own parsers (`parse.py`) read each distinct value once:
the same spellings, the same unknown markers, the same results. The view maps each value by a CASE
(or, for many distinct values, a join with a small table). Typed Parquet columns (timestamps,
integers, booleans) are used as they are. What is checked, as counts of rows with example values
rather than row by row: required columns present and non-empty, company IDs in the company list,
values the parsers refuse, negative counts, grant dates before application dates. Not checked:
duplicate or unknown-marker (``-``, ``无``) application numbers (申请号 is not read at all; only missing
cells are counted, from the file's metadata), and cell lengths. Patents must be keyed by 企业ID:
joining by applicant name needs the pandas engine.
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from ..errors import Problem
from . import parse
from .schema import PATENT_COLUMNS, header_map, normalise_header

ENGINES = ("auto", "pandas", "duckdb")
SQL_SUFFIXES = (".parquet", ".csv")
# auto: DuckDB from this file size on (~10M patent rows; pandas peaks at ~4.3 GB loading and validating 10M)
AUTO_DUCKDB_BYTES = {".parquet": 128 << 20, ".csv": 768 << 20}
MEMORY_LIMIT_ENV = "GIANTREPORT_DUCKDB_MEMORY"       # DuckDB's memory_limit (default 2GB)
EXAMPLES = 5
CASE_MAX = 64              # distinct values mapped by a CASE; more go through a join with a small table

_COLUMNS = {c.name: c for c in PATENT_COLUMNS}
_PARSERS = {"patent_type": parse.parse_patent_type, "legal_status": parse.parse_legal_status,
            "bool": parse.parse_bool, "int": parse.parse_int, "date": parse.parse_date}
_INT_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT")


@dataclass
class PatentFile:
    """Patent rows left in their file (Parquet or UTF-8 CSV), for the DuckDB engine.

    ``len()`` is the number of patent rows, like a loaded frame's; ``latest`` the latest application,
    publication or grant date not after the day of the check (the edition's default cut-off);
    ``view`` reads the file as the canonical patents relation once ``register(con)`` has given the
    connection the value tables it joins."""

    path: Path
    source: str                      # DuckDB table function reading the file
    view: str                        # SELECT … FROM source: the canonical `patents` relation
    rows: int = 0
    latest: dt.date | None = None
    columns: frozenset[str] = field(default_factory=frozenset)   # canonical columns the file has
    tables: dict = field(default_factory=dict)                   # name → pyarrow table (raw → value)

    def __len__(self) -> int:
        return self.rows

    def register(self, con) -> None:
        for name, table in self.tables.items():
            con.register(name, table)


def duckdb_available() -> bool:
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return False
    return True


def connect():
    """A DuckDB connection bounded in memory (GIANTREPORT_DUCKDB_MEMORY, default 2GB), all cores,
    no extension downloads, spilling (if ever) to the system's temporary folder."""
    import duckdb
    limit = os.environ.get(MEMORY_LIMIT_ENV, "").strip() or "2GB"
    return duckdb.connect(config={"memory_limit": limit, "threads": os.cpu_count() or 1,
                                  "preserve_insertion_order": False, "autoinstall_known_extensions": False,
                                  "temp_directory": str(Path(tempfile.gettempdir()) / "giantreport-duckdb")})


def _q(name: str) -> str:
    return 's."' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def source_sql(path: Path) -> str:
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({_lit(str(path))})"
    return f"read_csv({_lit(str(path))}, header = true, all_varchar = true)"   # every cell as text, parsed below


# ---------------------------------------------------------------- choosing the engine

def choose_engine(engine: str, path: Path, by_id: bool) -> tuple[str, list[str], list[Problem]]:
    """(engine to use, notes, problems) for the patents file at ``path``: ``engine`` is auto, pandas or duckdb."""
    if engine == "pandas":
        return "pandas", [], []
    suffix = path.suffix.lower()
    why_not = None
    if suffix not in SQL_SUFFIXES:
        why_not = f"DuckDB 引擎只读 Parquet 和 UTF-8 CSV 格式的专利明细（{path.name} 是 {suffix or '无扩展名'} 文件）"
    elif not by_id:
        why_not = "DuckDB 引擎按企业ID关联专利，企业名单需有企业ID列（统一社会信用代码）；按申请人名称关联请用 --engine pandas"
    elif suffix == ".csv" and not _plain_utf8_csv(path):
        why_not = (f"DuckDB 引擎只读表头在第 1 行的 UTF-8 编码 CSV（{path.name} 不是，可另存为 UTF-8 或 Parquet，"
                   "或用 --engine pandas）")
    elif not duckdb_available():
        why_not = "没有安装 DuckDB：pip install 'giantreport[scale]'"
    if engine == "duckdb":
        if why_not:
            return "duckdb", [], [Problem(path.name, None, None, None, f"不能用 --engine duckdb：{why_not}")]
        return "duckdb", [], []
    size = path.stat().st_size
    big = size >= AUTO_DUCKDB_BYTES.get(suffix, 1 << 62)
    if big and why_not is None:
        return "duckdb", [f"{path.name} 有 {size / 2**20:,.0f} MB：专利明细由 DuckDB 引擎在文件上检查和汇总，不载入内存"
                          "（可用 --engine pandas 改为逐行载入）"], []
    if big:
        return "pandas", [f"{path.name} 有 {size / 2**20:,.0f} MB，仍逐行载入内存：{why_not}"], []
    return "pandas", [], []


def _plain_utf8_csv(path: Path) -> bool:
    """UTF-8 (a character cut at the end of the sample allowed) with a known header in the first line."""
    from .readers import header_index
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
        text = head[:exc.start].decode("utf-8-sig")
    import csv
    rows = list(csv.reader(text.splitlines()[:12]))
    known = set(header_map(PATENT_COLUMNS))
    return bool(rows) and header_index(rows, known) == 0


# ---------------------------------------------------------------- inspect: header, checks, the view

def inspect(path: Path, companies: pd.DataFrame, user_map: dict[str, str] | None = None, by_id: bool = True,
            con=None) -> tuple[PatentFile | None, list[Problem], list[str], set[str]]:
    """(PatentFile, problems, notes, metrics the file cannot give) — the DuckDB counterpart of the
    pandas loader's ``_patents``; the rows stay in the file."""
    from .limits import MAX_COLUMNS
    from .load import IGNORE, _missing_column, _unknown_patent_metrics
    import duckdb
    name = path.name
    con = con or connect()
    source = source_sql(path)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except duckdb.Error as exc:       # a damaged file: DuckDB's own words
        return None, [Problem(name, None, None, None, f"DuckDB 无法读取该文件：{_clip(str(exc))}")], [], set()
    if len(described) > MAX_COLUMNS.value():
        return None, [Problem(name, None, None, None, f"有 {len(described):,} 列，超过上限 {MAX_COLUMNS.value():,} 列；"
                              f"{MAX_COLUMNS.raise_hint()}")], [], set()
    known = header_map(PATENT_COLUMNS, user_map)
    ignored = {normalise_header(h).casefold() for h, c in (user_map or {}).items() if c == IGNORE}
    mapping: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    unused: list[str] = []
    for column, type_, *_ in described:
        key = normalise_header(column).casefold()
        canonical = None if key in ignored else known.get(key)
        if canonical is None:
            unused.append(str(column).strip())
        elif canonical in mapping:
            problems.append(Problem(name, 1, str(column), None,
                                    f"与列“{mapping[canonical][0]}”含义相同（都表示 {canonical}），请只保留一列，"
                                    "或在 giantreport.toml 的 [columns] 中写明用哪一列"))
        else:
            mapping[canonical] = (column, str(type_).upper())
    for col in PATENT_COLUMNS:
        if col.required and col.name not in mapping:
            problems.append(_missing_column(SimpleNamespace(file=name, header_row=1), col))
    if "company_id" not in mapping or not by_id:
        problems.append(Problem(name, 1, "企业ID", None,
                                "DuckDB 引擎按企业ID关联专利：企业名单和专利明细都需有“企业ID”（统一社会信用代码）列；"
                                "按申请人名称关联请用 --engine pandas"))
    if problems:
        return None, problems, [], set()
    mapping.pop("applicant", None)              # patents join by ID, as the pandas loader does then
    notes = [f"{name} 中未使用的列：{'、'.join(unused)}"] if unused else []
    try:
        patents, found, found_notes = _inspect_rows(con, path, source, mapping, companies)
    except duckdb.Error as exc:                 # a cell DuckDB cannot read (a broken CSV line …)
        return None, [Problem(name, None, None, None, f"DuckDB 无法读取该文件：{_clip(str(exc))}")], [], set()
    problems += found
    notes += found_notes
    notes.append(f"{name}：{patents.rows:,} 行专利明细由 DuckDB 引擎在文件上检查和汇总，未载入内存"
                 "（按列计数检查，申请号只查缺失、不查重复）")
    return (None if problems else patents), problems, notes, _unknown_patent_metrics(set(mapping))


def _typed(kind: str, type_: str) -> bool:
    """A column DuckDB can use as it is: typed dates, integers and booleans."""
    if kind == "date":
        return type_ == "DATE" or type_.startswith("TIMESTAMP")
    if kind == "int":
        return type_ in _INT_TYPES
    if kind == "bool":
        return type_ == "BOOLEAN"
    return False


def _inspect_rows(con, path: Path, source: str, mapping: dict[str, tuple[str, str]], companies: pd.DataFrame
                  ) -> tuple[PatentFile, list[Problem], list[str]]:
    file = path.name
    problems: list[Problem] = []
    notes: list[str] = []
    # columns read through their distinct values (text, or numbers of an unexpected type)
    by_value = [n for n, (_, t) in mapping.items()
                if n not in ("appln_no", "pct_number") and not _typed(_COLUMNS[n].kind, t)]
    distinct = _distinct_values(con, source, [mapping[n][0] for n in by_value])
    values: dict[str, str] = {}            # canonical column → SQL expression of its value
    joins: list[str] = []
    tables: dict = {}
    latest: list[dt.date] = []
    today = pd.Timestamp(dt.date.today())
    keys = set(companies["company_id"].astype(str))
    for n in by_value:
        column, type_ = mapping[n]
        col = _COLUMNS[n]
        raw, counts = distinct[column]
        present = ~pd.isna(raw).to_numpy(bool)
        if col.kind == "id":
            text = parse.as_text(raw)
            parsed, bad = text.where(text != "", None), np.zeros(len(raw), bool)
        else:
            parsed, bad = _PARSERS[col.kind](raw)
            bad = bad.to_numpy(bool) & present
        if bad.any():
            problems.append(_problem(file, col, counts[bad].sum(), f"的值不符合要求，应为{_expected(col.kind)}",
                                     raw[bad]))
        empty = pd.isna(parsed).to_numpy(bool) & ~bad if col.kind != "bool" else np.zeros(len(raw), bool)
        if col.kind in ("patent_type", "legal_status"):
            empty = (parsed.fillna("") == "").to_numpy(bool) & ~bad
        if (col.required or n == "company_id") and empty.any():
            problems.append(_problem(file, col, counts[empty].sum(), "为空，应为非空", None))
        if n == "company_id":
            unknown = ~empty & ~parsed.fillna("").isin(keys).to_numpy(bool)
            if unknown.any():
                problems.append(_problem(file, col, counts[unknown].sum(),
                                         "的企业ID不在企业名单中（应为企业名单中已有的企业ID）", parsed[unknown]))
        if col.kind == "date":
            notes += _partial_note(file, col.label, raw[present], counts[present])
            dates = pd.to_datetime(parsed[~bad], errors="coerce")
            dates = dates[dates <= today]
            if dates.notna().any():
                latest.append(dates.max().date())
        values[n], join, table = _mapped(n, _q(column), raw, parsed, bad, col.kind)
        if join:
            joins.append(join)
            tables.update(table)
    for n, (column, type_) in mapping.items():
        if n in values or n == "appln_no":
            continue
        c = _q(column)
        kind = _COLUMNS[n].kind
        if kind == "date":
            values[n] = f"CAST({c} AS TIMESTAMP)"
        elif kind == "int":
            values[n] = f"CAST({c} AS BIGINT)"          # negative or too large: a problem (checks below)
        elif kind == "bool":
            values[n] = f"COALESCE({c}, FALSE)"
        elif kind == "present":          # a PCT application number: any cell but blanks and unknown markers
            t = f"TRIM(CAST({c} AS VARCHAR))"
            markers = ", ".join(_lit(m) for m in ("",) + parse.UNKNOWN_MARKERS)
            values[n] = f"COALESCE({t} NOT IN ({markers}), FALSE)"
    view = _view(source, values, joins)
    # one pass for what distinct values cannot tell: counts over rows and between columns
    checks = {"rows": "COUNT(*)"}
    if "appln_no" in mapping:
        checks["empty_appln_no"] = f"COUNT(*) - COUNT({_q(mapping['appln_no'][0])})"
    typed = [n for n in mapping if n not in by_value and n not in ("appln_no", "pct_number")]
    for n in typed:
        c = _q(mapping[n][0])
        if _COLUMNS[n].kind == "int":
            checks[f"bad_{n}"] = f"COUNT(*) FILTER (WHERE {c} < 0 OR {c} > 9007199254740992)"
        if _COLUMNS[n].kind == "date":
            if _COLUMNS[n].required:
                checks[f"empty_{n}"] = f"COUNT(*) - COUNT({c})"
            checks[f"latest_{n}"] = f"MAX(CASE WHEN {c} <= TIMESTAMP '{today.date().isoformat()} 00:00:00' THEN {c} END)"
    if "grant_date" in values:
        checks["grant_before_appln"] = f"COUNT(*) FILTER (WHERE ({values['grant_date']}) < ({values['appln_date']}))"
    for t, table in tables.items():
        con.register(t, table)
    found = dict(zip(checks, con.execute(f"SELECT {', '.join(f'{e} AS {k}' for k, e in checks.items())} "
                                         f"FROM {source} AS s {' '.join(joins)}").fetchone()))
    for key, n in found.items():
        if key.startswith("latest_"):
            if n is not None:
                latest.append(pd.Timestamp(n).date())
            continue
        if key == "rows" or not n:
            continue
        name = key.split("_", 1)[1] if key != "grant_before_appln" else "grant_date"
        col = _COLUMNS[name]
        if key.startswith("empty_"):
            problems.append(_problem(file, col, n, "为空，应为非空", None))
        elif key.startswith("bad_"):
            problems.append(_problem(file, col, n, f"的值不符合要求，应为{_expected(col.kind)}", None))
        else:
            problems.append(_problem(file, col, n, "的授权日早于申请日（应为不早于申请日的日期）", None))
    patents = PatentFile(path, source, view, rows=int(found["rows"]), latest=max(latest) if latest else None,
                         columns=frozenset(mapping), tables=tables)
    return patents, problems, notes


def _distinct_values(con, source: str, columns: list[str]) -> dict[str, tuple[pd.Series, np.ndarray]]:
    """Each column's distinct values (NULL included) with their row counts, in one pass (GROUPING SETS)."""
    if not columns:
        return {}
    cols = [_q(c) for c in columns]
    flags = ", ".join(f"GROUPING({c}) AS g{i}" for i, c in enumerate(cols))
    sets = ", ".join(f"({c})" for c in cols)
    frame = con.execute(f"SELECT {', '.join(f'{c} AS v{i}' for i, c in enumerate(cols))}, {flags}, COUNT(*) AS n "
                        f"FROM {source} AS s GROUP BY GROUPING SETS ({sets})").df()
    out = {}
    for i, column in enumerate(columns):
        rows = frame[frame[f"g{i}"] == 0]
        raw = rows[f"v{i}"].reset_index(drop=True)
        if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype):
            raw = raw.astype("str") if not raw.isna().any() else raw.astype(object)
        out[column] = (raw, rows["n"].to_numpy(np.int64))
    return out


def _mapped(name: str, column: str, raw: pd.Series, parsed: pd.Series, bad: np.ndarray, kind: str
            ) -> tuple[str, str | None, dict]:
    """(value expression, join clause or None, tables to register) mapping raw values to parsed ones."""
    keep = ~pd.isna(raw).to_numpy(bool) & ~bad & ~pd.isna(parsed).to_numpy(bool)
    raw, parsed = raw[keep], parsed[keep]
    if kind in ("patent_type", "legal_status", "id"):
        keep = (parsed != "").to_numpy(bool)
        raw, parsed = raw[keep], parsed[keep]
    if kind == "int":
        parsed = parsed.astype(np.int64)
    identity = (kind in ("patent_type", "legal_status", "id") and len(raw) and
                pd.api.types.is_string_dtype(raw.dtype) and (raw.astype(str).to_numpy() == parsed.astype(str).to_numpy()).all())
    if identity:
        # every value that counts is already canonical; the others (unknown markers, read as empty) match
        # no canonical value and no company ID, as the empty text they stand for would not
        return column, None, {}
    if len(raw) <= CASE_MAX:
        if not len(raw):
            return "NULL", None, {}
        whens = " ".join(f"WHEN {_literal(r)} THEN {_literal(v, kind)}" for r, v in zip(raw, parsed))
        return f"CASE {column} {whens} END", None, {}
    return _join_value(name, column, raw, parsed, kind)


def _join_value(name: str, column: str, raw: pd.Series, parsed: pd.Series, kind: str) -> tuple[str, str, dict]:
    import pyarrow as pa
    table = f"giantreport_values_{name}"
    if kind == "date":
        value = pa.array(pd.to_datetime(parsed).astype("datetime64[us]").to_numpy(), pa.timestamp("us"))
    elif kind == "int":
        value = pa.array(parsed.to_numpy(np.int64))
    elif kind == "bool":
        value = pa.array(parsed.to_numpy(bool))
    else:
        value = pa.array(parsed.astype(str).tolist(), pa.string())
    raw_array = pa.array(raw.astype(str).tolist(), pa.string()) if raw.dtype == object or \
        pd.api.types.is_string_dtype(raw.dtype) else pa.array(raw.to_numpy())
    alias = f"m_{name}"
    join = f"LEFT JOIN {table} AS {alias} ON {column} = {alias}.raw"
    return f"{alias}.value", join, {table: pa.table({"raw": raw_array, "value": value})}


def _literal(value, kind: str | None = None) -> str:
    if kind == "date" or isinstance(value, (pd.Timestamp, dt.datetime)):
        return f"TIMESTAMP '{pd.Timestamp(value).isoformat(sep=' ')}'"
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return _lit(value)


def _view(source: str, values: dict[str, str], joins: list[str]) -> str:
    """The canonical patents relation; absent optional columns take the pandas loader's neutral values
    (no grant date, no legal status, not PCT, zero counts)."""
    is_pct = " OR ".join(f"COALESCE({values[n]}, FALSE)" for n in ("is_pct", "pct_number") if n in values) or "FALSE"
    select = {
        "company_id": values["company_id"],
        "patent_type": values["patent_type"],
        "appln_date": values["appln_date"],
        "pub_date": values["pub_date"],
        "grant_date": values.get("grant_date", "CAST(NULL AS TIMESTAMP)"),
        "legal_status": f"COALESCE({values['legal_status']}, '')" if "legal_status" in values else "''",
        "is_pct": f"({is_pct})",
        **{n: f"COALESCE({values[n]}, 0)" if n in values else "CAST(0 AS BIGINT)"
           for n in ("cited_by", "licenses", "transfers")},
    }
    return (f"SELECT {', '.join(f'{expr} AS {name}' for name, expr in select.items())} "
            f"FROM {source} AS s {' '.join(joins)}").strip()


def _expected(kind: str) -> str:
    from .load import _EXPECT
    return _EXPECT.get(kind, "")


def _problem(file: str, col, n: int, expected: str, examples: pd.Series | None) -> Problem:
    shown = ""
    if examples is not None and len(examples):
        shown = "（如 " + "、".join(f"“{_clip(str(v), 30)}”" for v in list(examples)[:EXAMPLES]) + "）"
    return Problem(file, None, col.label, None, f"{int(n):,} 行{expected}{shown}", count=int(n))


def _partial_note(file: str, label: str, raw: pd.Series, counts: np.ndarray) -> list[str]:
    """The pandas loader's note on dates given to the month or the year only, from distinct values."""
    if not len(raw) or not pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object:
        return []
    text = parse.number_text(raw.astype(object).reset_index(drop=True))
    months = int(counts[text.str.fullmatch(parse.MONTH_ONLY).to_numpy(bool)].sum())
    years = int(counts[text.str.fullmatch(parse.YEAR_ONLY).to_numpy(bool)].sum())
    parts = ([f"{months} 个只写到月的日期按当月 1 日计"] if months else []) + \
            ([f"{years} 个只写年份的日期按当年 1 月 1 日计"] if years else [])
    return [f"{file} 的“{label}”列：{'，'.join(parts)}"] if parts else []


def _clip(text: str, width: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
