"""Load a data folder and validate it against the contract (docs/data-format.md).

`load_dataset` returns a Dataset or raises ValidationFailed listing every problem.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..errors import GiantReportError, Problem, ValidationFailed
from ..resources import asset_path
from . import parse
from .readers import TABLE_SUFFIXES, Table, column_letters, read_table
from .regions import MUNICIPALITIES, normalise_regions, split_region
from .schema import (AGGREGATE_COLUMNS, COMPANY_COLUMNS, PATENT_COLUMNS, YEARLY_APPLICATIONS,
                     Column, header_map, name_key, normalise_header)

COMPANY_STEMS = ("companies", "企业名单", "企业")
PATENT_STEMS = ("patents", "专利")
PATENT_SUFFIXES = TABLE_SUFFIXES   # a patents.xlsx must not be silently ignored
MAX_LISTED_PER_RULE = 50   # beyond this, one line summarises the rest of the same rule


@dataclass
class Dataset:
    companies: pd.DataFrame
    patents: pd.DataFrame | None
    benchmarks: dict
    folder: Path
    files: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # inputs a chapter depends on that the data does not have (canonical names: industry, listing,
    # financed, employees, founded, city, district, patents, and patent metrics such as citations)
    missing: frozenset[str] = frozenset()
    # data rows of each file as written ("companies", "patents"): a patent with two listed applicants is one row
    file_rows: dict[str, int] = field(default_factory=dict)


# Company columns that some figures or tables need; absent (or with every cell empty) they are "missing".
OPTIONAL_INPUTS = ("industry", "listing", "financed", "employees", "founded", "city", "district")
AGGREGATE_METRICS = {"patent_applications": "applications", "invention_applications": "invention_applications",
                     "invention_grants": "invention_grants", "valid_inventions": "valid_inventions",
                     "citations": "citations", "licenses": "licenses", "transfers": "transfers",
                     "pct_applications": "pct_applications"}


def find_file(folder: Path, stems: tuple[str, ...], suffixes: tuple[str, ...]) -> list[Path]:
    return [folder / f"{stem}{suf}" for stem in stems for suf in suffixes if (folder / f"{stem}{suf}").is_file()]


def load_dataset(folder: str | Path, columns: dict[str, str] | None = None, engine: str = "pandas") -> Dataset:
    dataset, problems = validate_folder(folder, columns, engine)
    if problems:
        raise ValidationFailed(problems)
    assert dataset is not None
    return dataset


def _spreadsheets(folder: Path) -> list[Path]:
    """Table files of a folder, without Excel's lock files (~$名单.xlsx) and hidden files."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TABLE_SUFFIXES
                  and not p.name.startswith(("~$", ".")))


def _patent_files(folder: Path) -> list[Path]:
    named = find_file(folder, PATENT_STEMS, PATENT_SUFFIXES)
    more = [p for p in _spreadsheets(folder) if p not in named
            and ("专利" in p.stem or p.stem.casefold().startswith("patent"))]
    return named + more


def locate_files(path: Path) -> tuple[Path | None, Path | None, list[str], list[Problem]]:
    """(companies file, patents file or None, notes, problems) for a --data folder or a companies file."""
    notes: list[str] = []
    if path.is_file():
        if path.suffix.lower() not in TABLE_SUFFIXES:
            return None, None, notes, [Problem(path.name, None, None, None,
                                               f"不支持的文件类型，企业名单应为 {'、'.join(TABLE_SUFFIXES)}")]
        patents = [p for p in _patent_files(path.parent) if p != path]
        if len(patents) > 1:
            return None, None, notes, [_many(path.parent, "专利", patents)]
        return path, (patents[0] if patents else None), notes, []
    patents = _patent_files(path)
    companies = find_file(path, COMPANY_STEMS, TABLE_SUFFIXES)
    if len(companies) > 1:
        return None, None, notes, [_many(path, "企业名单", companies)]
    if not companies:
        others = [p for p in _spreadsheets(path) if p not in patents]
        if len(others) == 1:
            companies = others
            notes.append(f"{others[0].name} 是文件夹中唯一的表格文件，作为企业名单读取")
        elif not others:
            return None, None, notes, [Problem(str(path), None, None, None,
                                               "缺少企业名单文件：应有 companies.csv、companies.xlsx 或 companies.parquet"
                                               "（也可以用 --data 直接指定名单文件）")]
        else:
            listed = "、".join(p.name for p in others)
            return None, None, notes, [Problem(str(path), None, None, None,
                                               f"找到多个表格文件（{listed}），无法判断哪个是企业名单：请把名单文件改名为 "
                                               "companies.xlsx（或 .csv），专利明细改名为 patents.xlsx（或 .csv），"
                                               "或用 --data 直接指定名单文件")]
    if len(patents) > 1:
        return None, None, notes, [_many(path, "专利", patents)]
    return companies[0], (patents[0] if patents else None), notes, []


def _many(folder: Path, what: str, files: list[Path]) -> Problem:
    return Problem(str(folder), None, None, None,
                   f"发现多个{what}文件（{'、'.join(p.name for p in files)}），只能保留一个")


def validate_folder(folder: str | Path, columns: dict[str, str] | None = None,
                    engine: str = "pandas") -> tuple[Dataset | None, list[Problem]]:
    """Read and check a data folder (or a companies file and its folder).

    ``columns`` maps a file's header to a canonical column (the ``[columns]`` table of giantreport.toml).
    ``engine``: "pandas" reads the patent rows into a frame and checks them cell by cell; "duckdb" leaves
    them in their file, checked in SQL (``Dataset.patents`` is then a `patent_file.PatentFile`); "auto"
    chooses by the file's size (`patent_file.choose_engine`).
    """
    path = Path(folder)
    if not path.exists():
        raise GiantReportError(f"找不到数据文件夹：{path}（请用 --data 指定包含 companies.csv/.xlsx/.parquet 的文件夹，"
                               "或直接指定名单文件）")
    problems: list[Problem] = []
    company_file, patent_file, notes, found = locate_files(path)
    if found:
        return None, found
    folder = company_file.parent
    table, found = read_table(company_file, set(header_map(COMPANY_COLUMNS + AGGREGATE_COLUMNS, columns)))
    problems += found
    companies = None
    missing: set[str] = set()
    by_id = True
    if table is not None:
        notes += _title_note(table)
        companies, found, found_notes, missing = _companies(table, columns)
        problems += found
        notes += found_notes
        by_id = companies is not None and companies.attrs.get("key") == "id"

    patents = None
    file_rows: dict[str, int] = {}
    unknown_metrics: set[str] = set()
    use = "pandas"
    if patent_file is not None and engine != "pandas":
        if companies is None:          # the list's problems first; a file meant for DuckDB is not loaded
            from .patent_file import AUTO_DUCKDB_BYTES
            large = patent_file.stat().st_size >= AUTO_DUCKDB_BYTES.get(patent_file.suffix.lower(), 1 << 62)
            use = "duckdb" if engine == "duckdb" or large else "pandas"    # a small file's problems are listed too
        else:
            from .patent_file import choose_engine
            use, found_notes, found = choose_engine(engine, patent_file, by_id)
            notes += found_notes
            problems += found
    if patent_file is not None and use == "duckdb":
        if companies is not None and not problems:      # the rows stay in the file (patent_file.py)
            from .patent_file import inspect
            patents, found, found_notes, unknown_metrics = inspect(patent_file, companies, columns, by_id)
            problems += found
            notes += found_notes
    elif patent_file is not None:
        table, found = read_table(patent_file, set(header_map(PATENT_COLUMNS, columns)))
        problems += found
        if table is not None:
            file_rows["patents"] = len(table.frame)
            notes += _title_note(table)
            patents, found, found_notes, unknown_metrics = _patents(table, companies, columns, by_id)
            problems += found
            notes += found_notes

    benchmarks, found = load_benchmarks(folder / "benchmarks.yaml")
    problems += found
    if problems:
        return None, problems
    files = {"companies": company_file.name}
    if patent_file is not None:
        files["patents"] = patent_file.name
        notes += _unused_aggregates(companies, company_file.name, patent_file.name)
        missing = {m for m in missing if m not in AGGREGATE_METRICS.values() and m != "patents"}
        missing |= unknown_metrics
    if "patents" in missing:
        notes.append(f"没有专利数据（既无专利明细文件 patents.csv/.xlsx，{company_file.name} 中也没有专利汇总列）："
                     "科创能力、行业技术、明星企业和区域科创的图表从略")
    file_rows = {"companies": len(companies), **file_rows}
    return Dataset(companies, patents, benchmarks, folder, files, notes, frozenset(missing), file_rows), []


def _unused_aggregates(companies: pd.DataFrame, company_file: str, patent_file: str) -> list[str]:
    """Patent totals in the company list are not used when patent rows exist: say so."""
    labels = [c.label for c in AGGREGATE_COLUMNS if c.name in companies.columns]
    labels += [f"{c[-4:]}年专利申请量" for c in companies.columns if c.startswith("applications_")]
    if not labels:
        return []
    return [f"{company_file} 中的专利汇总列（{'、'.join(labels)}）未使用：有专利明细文件 {patent_file} 时，"
            "专利指标一律按明细逐条计算"]


def _title_note(table: Table) -> list[str]:
    sheet = [table.sheet_note()] if table.sheet_note() else []      # the list on a later sheet (说明 sheets before it)
    if table.header_row == 1:
        return sheet
    return sheet + [f"{table.file}：表头在第 {table.header_row} 行，上方 {table.header_row - 1} 行（标题、空行等）未作为数据读取"]


# ---------------------------------------------------------------- columns

def _rename(table: Table, columns: tuple[Column, ...], extra: tuple[Column, ...] = (),
            user_map: dict[str, str] | None = None) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """Columns under their canonical names, the problems, and the file's headers left unused."""
    known = header_map(columns + extra, user_map)
    known.update({normalise_header(h).casefold(): IGNORE for h, c in (user_map or {}).items() if c == IGNORE})
    chosen_headers = {normalise_header(h).casefold() for h, c in (user_map or {}).items() if c != IGNORE}
    frame = table.frame
    rename, seen, problems, unused = {}, {}, [], []
    for position, original in enumerate(frame.columns):
        text = normalise_header(original)
        canonical = known.get(text.casefold())
        if canonical is None and YEARLY_APPLICATIONS.match(text):
            m = YEARLY_APPLICATIONS.match(text)
            canonical = f"applications_{m.group(1) or m.group(2)}"
        if canonical is None:
            if str(original).startswith("Unnamed:") or text == "":
                if not parse.empty(frame.iloc[:, position]).all():
                    unused.append(f"第 {column_letters(position)} 列（无表头）")
            else:
                unused.append(str(original).strip())
            continue
        if canonical == IGNORE:
            unused.append(str(original).strip())
            continue
        if canonical in seen:
            chosen = [h for h in (seen[canonical], str(original)) if normalise_header(h).casefold() in chosen_headers]
            if len(chosen) == 1:                  # [columns] names the one to use: the other is left unused
                if chosen[0] == str(original):
                    unused.append(seen[canonical])
                    del rename[next(k for k, v in rename.items() if v == canonical)]
                else:
                    unused.append(str(original).strip())
                    continue
            else:
                problems.append(Problem(table.file, table.header_row, str(original), None,
                                        f"与列“{seen[canonical]}”含义相同（都表示 {canonical}），请只保留一列，"
                                        f"或在 giantreport.toml 的 [columns] 中写明用哪一列（如 \"{original}\" = "
                                        f"\"{canonical}\"），不用的列写 \"{seen[canonical]}\" = \"-\""))
                continue
        seen[canonical] = str(original)
        rename[original] = canonical
    out = frame[list(rename)].rename(columns=rename)
    return out, problems, unused


IGNORE = "-"          # [columns] "备注" = "-": a column left out on purpose


def _missing_column(table: Table, col: Column, also: str = "") -> Problem:
    spellings = "、".join(col.aliases or (col.name,))
    return Problem(table.file, table.header_row, None, None,
                   f"缺少必填列“{col.label}”（可用列名：{spellings}{also}；表头是其他写法时，在 giantreport.toml 的 "
                   f"[columns] 中写 \"表头原文\" = \"{col.name}\"）")


def _unused_note(table: Table, unused: list[str]) -> list[str]:
    return [f"{table.file} 中未使用的列：{'、'.join(unused)}"] if unused else []


_PARSERS = {
    "present": parse.parse_present, "int": parse.parse_int, "batch": parse.parse_batch, "date": parse.parse_date,
    "date_or_year": parse.parse_date_or_year, "bool": parse.parse_bool, "listing": parse.parse_listing,
    "industry": parse.parse_industry, "patent_type": parse.parse_patent_type,
    "legal_status": parse.parse_legal_status, "review": parse.parse_review,
}
_EXPECT = {
    "present": "",
    "int": "不小于 0 的整数",
    "batch": "不小于 1 的整数，或“第一批”“第二批”这样的写法",
    "date": "日期，如 2021-03-05、2021/3/5、2021.3.5、20210305 或 2021年3月5日",
    "date_or_year": "1800–2100 年间的日期（如 2008-05-20、2008年5月）或四位年份（如 2008）",
    "bool": "是/否、true/false 或 1/0",
    "listing": "主板、创业板、科创板、北交所、港交所、新交所、新三板中的零个或多个（可带交易所，如 上交所科创板），"
               "用 ; 或 、 分隔；未上市可写 未上市、无 或留空",
    "industry": "产业领域之一：新材料、新一代信息技术、高端机械装备、节能与新能源汽车、生物医药及高性能医疗器械、"
                "航空航天装备、海洋工程装备及高技术船舶、先进轨道交通装备、其他（电力装备、农机装备、高档数控机床和机器人归入高端机械装备）",
    "patent_type": "发明、实用新型或外观设计（也可写 发明专利、发明授权、实用新型专利、外观设计专利）",
    "legal_status": "有效、失效或审中（也可写 授权、维持、驳回、撤回、视为撤回、放弃、届满、未缴年费、实质审查、公开等）",
    "review": "通过、未通过或撤销（也可写 复核通过、不通过、已撤销；留空为通过）",
}


def _column_problems(table: Table, column: Column, raw: pd.Series, bad: pd.Series, expected: str) -> list[Problem]:
    idx = bad[bad].index
    out = [Problem(table.file, table.row_number(i), column.label, parse.as_text(raw.loc[[i]]).iloc[0], expected)
           for i in idx[:MAX_LISTED_PER_RULE]]
    if len(idx) > MAX_LISTED_PER_RULE:
        out.append(Problem(table.file, None, column.label, None,
                           f"另有 {len(idx) - MAX_LISTED_PER_RULE} 行同类问题未逐条列出（应为{expected}）",
                           count=len(idx) - MAX_LISTED_PER_RULE))
    return out


def _parse_columns(table: Table, frame: pd.DataFrame, columns: tuple[Column, ...]) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    out = pd.DataFrame(index=frame.index)
    for col in columns:
        if col.name not in frame.columns:
            continue
        raw = frame[col.name]
        if col.kind in ("id", "text", "region"):
            values = parse.as_text(raw, markers=col.kind != "id")
            if col.required:
                missing = values == ""
                problems += _column_problems(table, col, raw, missing, "非空")
            out[col.name] = values
            continue
        values, bad = _PARSERS[col.kind](raw)
        if col.kind == "listing" and bad.any():     # 上市板块 "A股": which board cannot be known
            choices = parse.as_text(raw).map(parse.ambiguous_listing)
            vague = bad & choices.notna()
            found = []
            for choice in choices[vague].unique():
                found += _column_problems(table, col, raw, vague & (choices == choice),
                                          f"写明的上市板块：这一写法无法区分{choice}，请改为具体板块（如 深交所创业板、科创板）")
            bad = bad & ~vague
            problems += sorted(found + _column_problems(table, col, raw, bad, _EXPECT[col.kind]),
                               key=lambda p: (p.row is None, p.row or 0))
            out[col.name] = values
            continue
        problems += _column_problems(table, col, raw, bad, _EXPECT[col.kind])
        if col.required:
            missing = parse.empty(raw) & ~bad
            problems += _column_problems(table, col, raw, missing, "非空")
        out[col.name] = values
    return out, problems


def _duplicates(table: Table, frame: pd.DataFrame, column: Column) -> list[Problem]:
    values = frame[column.name]
    if values.is_unique:    # the usual case, and cheaper to establish than the mask (1M appln_no: ~0.1 s saved)
        return []
    dup = values.duplicated(keep="first") & (values != "")
    if not dup.any():
        return []
    first_row = {v: table.row_number(i) for i, v in values[values.duplicated(keep=False)].items()
                 if not dup.loc[i]}
    idx = dup[dup].index
    out = [Problem(table.file, table.row_number(i), column.label, values.loc[i],
                   f"唯一值，但与第 {first_row.get(values.loc[i], '?')} 行重复") for i in idx[:MAX_LISTED_PER_RULE]]
    if len(idx) > MAX_LISTED_PER_RULE:
        out.append(Problem(table.file, None, column.label, None, f"另有 {len(idx) - MAX_LISTED_PER_RULE} 行重复未逐条列出",
                           count=len(idx) - MAX_LISTED_PER_RULE))
    return out


# ---------------------------------------------------------------- companies

def _companies(table: Table, user_map: dict[str, str] | None = None
               ) -> tuple[pd.DataFrame | None, list[Problem], list[str], set[str]]:
    """(companies, problems, notes, missing inputs)."""
    if len(table.frame) == 0:
        return None, [Problem(table.file, None, None, None, "只有表头、没有数据行")], [], set()
    renamed, problems, unused = _rename(table, COMPANY_COLUMNS, AGGREGATE_COLUMNS, user_map)
    has = set(renamed.columns)
    for col in COMPANY_COLUMNS:
        if col.required and col.name not in has and not (col.name == "province" and "region" in has):
            problems.append(_missing_column(table, col, "，或写在一列中的“所在地区”，如 浙江省杭州市余杭区"
                                            if col.name == "province" else ""))
    if any(p.row == table.header_row and "缺少必填列" in p.expected for p in problems):
        return None, problems, [], set()
    notes = _unused_note(table, unused)
    # 无 / 否 in 上市情况 or 融资情况 is an answer ("not listed"); only blank cells make those columns empty
    empty_inputs = {name for name in OPTIONAL_INPUTS if name in has and
                    (parse.blank(renamed[name]) if name in ("listing", "financed") else parse.empty(renamed[name])).all()}
    yearly = tuple(Column(c, f"{c[-4:]}年专利申请量", "int") for c in renamed.columns if c.startswith("applications_"))
    frame, found = _parse_columns(table, renamed, COMPANY_COLUMNS + AGGREGATE_COLUMNS + yearly)
    problems += found
    region_label = {}
    if "region" in frame.columns:
        split_into = [n for n in ("province", "city", "district") if n not in frame.columns]
        frame, region_notes = _split_region(table, frame)
        notes += region_notes
        region_label = {n: "所在地区" for n in split_into}
        if "province" in split_into:             # the region cell is the only place of the province
            problems += _column_problems(table, COMPANY_COLUMNS[6], frame["region"], frame["province"] == "",
                                         "非空（应含省份，如 浙江省杭州市余杭区）")
    if "company_id" in frame.columns:
        problems += _duplicates(table, frame, COMPANY_COLUMNS[0])
    else:                       # keyed by name: 统一社会信用代码 is often left out of the ministry's lists
        frame.insert(0, "company_id", frame["name"].map(name_key))
        problems += _duplicate_names(table, frame)
        notes.append(f"{table.file} 没有企业ID列（统一社会信用代码）：按企业名称识别企业"
                     "（全角与半角括号、空格视为相同）")
    located = {name for name in ("city", "district") if name in frame.columns and (parse.as_text(frame[name]) != "").any()}
    frame, region_problems = normalise_regions(frame)
    for index, column, value, expected in region_problems:
        label = region_label.get(column) or {"province": "省份", "city": "城市", "district": "区县"}.get(column, column)
        problems.append(Problem(table.file, table.row_number(index), label, value, expected))
    text = frame["name"].dtype            # filled columns in the dtype of the text read (the stats cache keeps it)
    for name in ("city", "district", "industry_detail"):
        if name not in frame.columns:
            frame[name] = pd.Series("", index=frame.index, dtype=text)
    # a municipality is its own city (北京市 counts as a city in the city rankings)
    municipal = frame["province"].isin(MUNICIPALITIES) & (frame["city"] == "")
    frame.loc[municipal, "city"] = frame.loc[municipal, "province"]
    missing = {name for name in OPTIONAL_INPUTS if name not in frame.columns} | empty_inputs
    # a city or district read from 所在地区 counts; a municipality filling its own city does not
    missing |= {name for name in ("city", "district") if name not in located or (frame[name] == "").all()}
    # inside the engine an absent column has a neutral value; the statistics that need it are
    # nulled by the stats layer from `missing`, never shown as 其他 or 0
    if "industry" not in frame.columns:
        frame["industry"] = pd.Series("其他", index=frame.index, dtype=text)
    frame["industry"] = frame["industry"].where(frame["industry"] != "", "其他")
    if "listing" not in frame.columns:
        frame["listing"] = pd.Series("", index=frame.index, dtype=text)
    if "financed" not in frame.columns:
        frame["financed"] = False
    if "employees" not in frame.columns:
        frame["employees"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    if "founded" not in frame.columns:
        frame["founded"] = pd.NaT
    frame = frame.drop(columns=["region"], errors="ignore")
    metrics = {metric for column, metric in AGGREGATE_METRICS.items() if column in frame.columns}
    if not metrics and not yearly:
        missing.add("patents")
    elif metrics or yearly:
        missing |= {m for m in AGGREGATE_METRICS.values() if m not in metrics}
    notes += [f"{table.file} 的“{_LABELS[name]}”列全部为空，按缺失处理" for name in sorted(empty_inputs)]
    notes += _partial_date_notes(table, renamed)
    problems += _aggregate_consistency(table, frame)
    frame = frame.reset_index(drop=True)
    frame.attrs["key"] = "id" if "company_id" in renamed.columns else "name"
    return frame, problems, notes, missing


_LABELS = {c.name: c.label for c in COMPANY_COLUMNS + AGGREGATE_COLUMNS + PATENT_COLUMNS}


def _split_region(table: Table, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Province, city and district from one 所在地区 column, for those of the three without a column of their own."""
    uniques = frame["region"].unique()
    parts = {value: split_region(value) for value in uniques}
    filled = []
    for position, name in enumerate(("province", "city", "district")):
        if name in frame.columns:
            continue
        frame[name] = frame["region"].map(lambda v: parts[v][position]).astype(frame["region"].dtype)   # text, as read
        filled.append(_LABELS[name])
    if not filled:
        return frame, [f"{table.file} 中未使用的列：所在地区（已有省份、城市、区县列）"]
    return frame, [f"{table.file}：从“所在地区”列拆出{'、'.join(filled)}（按民政部区划表）"]


def _duplicate_names(table: Table, frame: pd.DataFrame) -> list[Problem]:
    """Without an ID column the name is the key: the same company twice is an error naming both rows."""
    keys = frame["company_id"]
    dup = keys.duplicated(keep=False) & (keys != "")
    if not dup.any():
        return []
    first: dict[str, int] = {}
    out = []
    for i in dup[dup].index:
        k = keys.loc[i]
        if k not in first:
            first[k] = table.row_number(i)
            continue
        out.append(Problem(table.file, table.row_number(i), "企业名称", frame.at[i, "name"],
                           f"不重复的企业名称（与第 {first[k]} 行是同一家企业；名单没有企业ID列时按名称识别企业）"))
    if len(out) > MAX_LISTED_PER_RULE:
        rest = len(out) - MAX_LISTED_PER_RULE
        out = out[:MAX_LISTED_PER_RULE] + [Problem(table.file, None, "企业名称", None,
                                                   f"另有 {rest} 行重复的企业名称未逐条列出", count=rest)]
    return out


def _partial_date_notes(table: Table, frame: pd.DataFrame) -> list[str]:
    notes = []
    for name in ("founded", "appln_date", "pub_date", "grant_date"):
        if name in frame.columns:
            months, years = parse.partial_dates(frame[name])
            if months or years:
                parts = ([f"{months} 个只写到月的日期按当月 1 日计"] if months else []) + \
                        ([f"{years} 个只写年份的日期按当年 1 月 1 日计"] if years else [])
                notes.append(f"{table.file} 的“{_LABELS[name]}”列：{'，'.join(parts)}")
    return notes


def _aggregate_consistency(table: Table, frame: pd.DataFrame) -> list[Problem]:
    """valid ≤ grants ≤ invention applications ≤ applications, where the columns are present."""
    chain = [c.name for c in AGGREGATE_COLUMNS[:4][::-1] if c.name in frame.columns]
    labels = {c.name: c.label for c in AGGREGATE_COLUMNS}
    problems = []
    for small, big in zip(chain, chain[1:]):
        bad = (frame[small] > frame[big]).fillna(False)
        for i in bad[bad].index[:MAX_LISTED_PER_RULE]:
            problems.append(Problem(table.file, table.row_number(i), labels[small], str(frame.at[i, small]),
                                    f"不大于同一行的“{labels[big]}”（{frame.at[i, big]}）"))
        rest = int(bad.sum()) - MAX_LISTED_PER_RULE
        if rest > 0:
            problems.append(Problem(table.file, None, labels[small], None,
                                    f"另有 {rest} 行同类问题未逐条列出（应不大于同一行的“{labels[big]}”）", count=rest))
    return problems


# ---------------------------------------------------------------- patents

# patent columns without which a metric cannot be counted (absent: the metric is null, not 0)
PATENT_METRIC_NEEDS = {"citations": ("cited_by",), "licenses": ("licenses",), "transfers": ("transfers",),
                       "pct_applications": ("is_pct", "pct_number"), "invention_grants": ("grant_date",),
                       "valid_inventions": ("grant_date", "legal_status")}


def _unknown_patent_metrics(columns: set[str]) -> set[str]:
    """Metrics a patents file cannot give: 许可次数 absent → licences unknown, not zero."""
    out = set()
    for metric, needs in PATENT_METRIC_NEEDS.items():
        if metric == "pct_applications":
            if not set(needs) & columns:
                out.add(metric)
        elif not set(needs) <= columns:
            out.add(metric)
    return out

APPLICANT_SEPARATORS = re.compile(r"[;；、\n|]")


def _patents(table: Table, companies: pd.DataFrame | None, user_map: dict[str, str] | None = None,
             by_id: bool = True) -> tuple[pd.DataFrame | None, list[Problem], list[str], set[str]]:
    """(patent rows keyed by company_id, problems, notes, metrics the file cannot give).
    ``by_id``: the company list has an ID column."""
    renamed, problems, unused = _rename(table, PATENT_COLUMNS, (), user_map)   # header only: zero patents
    has = set(renamed.columns)
    for col in PATENT_COLUMNS:
        if col.required and col.name not in has:
            problems.append(_missing_column(table, col))
    if "company_id" not in has and "applicant" not in has:
        problems.append(Problem(table.file, table.header_row, None, None,
                                "缺少关联企业的列：应有“企业ID”（统一社会信用代码）或“申请人”（申请(专利权)人）"))
    if any(p.row == table.header_row and ("缺少必填列" in p.expected or "缺少关联" in p.expected) for p in problems):
        return None, problems, [], set()
    notes = _unused_note(table, unused) + _partial_date_notes(table, renamed)
    cannot_count = _unknown_patent_metrics(has)
    frame, found = _parse_columns(table, renamed, PATENT_COLUMNS)
    problems += found
    problems += _duplicates(table, frame, PATENT_COLUMNS[2])
    for name in ("cited_by", "licenses", "transfers"):
        frame[name] = frame[name].fillna(0) if name in frame.columns else 0
        frame[name] = frame[name].astype("int64")
    pct_number = frame.pop("pct_number") if "pct_number" in frame.columns else None
    if "is_pct" not in frame.columns:
        frame["is_pct"] = False if pct_number is None else pct_number
    elif pct_number is not None:
        frame["is_pct"] = frame["is_pct"] | pct_number
    if "grant_date" not in frame.columns:
        frame["grant_date"] = pd.NaT
    if "legal_status" not in frame.columns:
        frame["legal_status"] = ""
    early = (frame["grant_date"] < frame["appln_date"]).fillna(False)
    if early.any():   # format the offending dates only (strftime on 1M rows costs 0.2 s)
        problems += _column_problems(table, PATENT_COLUMNS[6], frame.loc[early, "grant_date"].dt.strftime("%Y-%m-%d"),
                                     early, "不早于申请日的日期")
    if companies is not None:
        if "company_id" in frame.columns and by_id:
            col = PATENT_COLUMNS[0]
            problems += _column_problems(table, col, frame["company_id"], frame["company_id"] == "", "非空")
            known = frame["company_id"].isin(companies["company_id"].unique())   # (an array: Arrow's is_in, 5x a set)
            unknown = ~known & (frame["company_id"] != "")
            problems += _column_problems(table, col, frame["company_id"], unknown,
                                         "企业名单中已有的企业ID（该企业不在企业名单里）")
            frame = frame.drop(columns=["applicant"], errors="ignore")
        elif "applicant" in frame.columns:
            if "company_id" in frame.columns:
                notes.append(f"{table.file} 的“企业ID”列未使用：企业名单没有企业ID列，专利按申请人名称关联")
            frame, join_notes = _join_by_applicant(table, frame.drop(columns=["company_id"], errors="ignore"), companies)
            notes += join_notes
            if len(frame) == 0 and len(table.frame):      # 4: nothing matched: a wrong column, not zero patents
                problems.append(Problem(table.file, None, "申请人", None,
                                        "至少有一行的申请人是企业名单中的企业：没有一行能按申请人名称关联到名单，"
                                        "请检查申请人列是否写的是企业全称，或改用企业ID关联"))
        else:
            problems.append(Problem(table.file, table.header_row, "企业ID", None,
                                    "企业名单没有企业ID列，专利只能按申请人名称关联：请在专利文件中保留“申请人”"
                                    "（申请(专利权)人）列，或在企业名单中加上统一社会信用代码"))
    return frame.reset_index(drop=True), problems, notes, cannot_count


def _join_by_applicant(table: Table, frame: pd.DataFrame, companies: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """One row per (patent, listed company among its applicants); the other applicants are skipped.

    Each distinct applicant cell is split and looked up once (1M rows hold far fewer distinct cells);
    the rows are then repeated with numpy, in their order.
    """
    position = {key: i for i, key in enumerate(companies["name"].map(name_key))}
    codes, uniques = pd.factorize(frame["applicant"], use_na_sentinel=False)
    flat: list[int] = []                                  # company positions of every unique cell, in a row
    count = np.zeros(len(uniques), dtype=np.int64)        # listed companies per unique cell
    partial = np.zeros(len(uniques), dtype=bool)          # … with applicants off the list beside them
    for u, cell in enumerate(uniques):
        names = {name_key(part) for part in APPLICANT_SEPARATORS.split(str(cell))} - {""}
        found = sorted({position[n] for n in names if n in position})
        flat += found
        count[u] = len(found)
        partial[u] = bool(found) and len(found) < len(names)
    start = np.cumsum(count) - count
    per_row = count[codes]
    rows = np.repeat(np.arange(len(frame)), per_row)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    company = np.asarray(flat, dtype=np.int64)[np.repeat(start[codes], per_row) + within]
    matched = per_row > 0
    out = frame.drop(columns=["applicant"]).take(rows).reset_index(drop=True)
    out.insert(0, "company_id", companies["company_id"].take(company).reset_index(drop=True))
    notes = [f"{table.file}：按申请人名称关联企业名单，{int(matched.sum()):,} 行专利属于名单内的企业"]
    if (~matched).any():
        notes.append(f"{table.file}：{int((~matched).sum()):,} 行的申请人不在企业名单中，已忽略")
    shared = int((partial[codes] & matched).sum())
    if shared:
        notes.append(f"{table.file}：{shared:,} 行有名单外的共同申请人（如高校、其他企业），只计入名单内的企业")
    return out, notes


# ---------------------------------------------------------------- benchmarks

def default_benchmarks() -> dict:
    with open(asset_path("data/benchmarks.yaml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


class _Refused(yaml.YAMLError):
    """A benchmarks.yaml beyond what the loader accepts (aliases, nesting); line is 1-based."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class _BenchmarkLoader(yaml.SafeLoader):
    """safe_load without aliases and with a nesting cap: a 730-byte "billion laughs" file of nested
    aliases expands to a billion values, and recursive or very deep nesting exhausts the stack."""

    _max_depth = 20           # set from GIANTREPORT_MAX_YAML_DEPTH for each file

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1,
                           f"不支持 YAML 别名（*{event.anchor}）：请把引用处的值直接写出（别名可以让很小的文件展开成"
                           "数十亿个值） / YAML aliases are not accepted")
        from .limits import MAX_YAML_DEPTH
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > self._max_depth:
                raise _Refused(self.peek_event().start_mark.line + 1,
                               f"嵌套超过 {self._max_depth} 层：参照数据只有几层（如 industries → 新材料 → share），"
                               f"{MAX_YAML_DEPTH.raise_hint()} / nested deeper than GIANTREPORT_MAX_YAML_DEPTH")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_benchmarks(path: Path) -> tuple[dict, list[Problem]]:
    from .limits import MAX_YAML_DEPTH, MAX_YAML_KB
    merged = default_benchmarks()
    if not path.is_file():
        return merged, []
    size, limit = path.stat().st_size, MAX_YAML_KB.value()
    if size > limit * 1024:
        return merged, [Problem(path.name, None, None, None,
                                f"文件有 {size / 1024:,.0f} KB，超过上限 {limit:,} KB：参照数据只需写要改的几项，"
                                f"{MAX_YAML_KB.raise_hint()} / larger than GIANTREPORT_MAX_YAML_KB")]
    try:
        with open(path, encoding="utf-8") as fh:
            loader = _BenchmarkLoader(fh)
            loader._max_depth = MAX_YAML_DEPTH.value()
            try:
                user = loader.get_single_data() or {}
            finally:
                loader.dispose()
    except UnicodeDecodeError:
        return merged, [Problem(path.name, None, None, None, "应为 UTF-8 编码的 YAML 文件")]
    except _Refused as exc:
        return merged, [Problem(path.name, exc.line, None, None, exc.message)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        return merged, [Problem(path.name, row, None, None, f"YAML 格式错误：{getattr(exc, 'problem', exc)}")]
    except ValueError as exc:     # e.g. an integer of more than 4,300 digits
        return merged, [Problem(path.name, None, None, None, f"YAML 格式错误：{exc}")]
    if not isinstance(user, dict):
        return merged, [Problem(path.name, None, None, None, "顶层应为“名称: 数值”的映射")]
    problems: list[Problem] = []
    _check_numbers(path.name, user, "", problems, merged)
    return _deep_merge(merged, user), problems


_TEXT_KEYS = ("source", "note", "unit", "label", "members")


def _check_numbers(file: str, node: dict, prefix: str, problems: list[Problem], default=None) -> None:
    """Every value a finite number (only _TEXT_KEYS may be text), in the shape of the built-in
    benchmarks (``default``): where they have a mapping only a mapping, where a number only a
    number; a new key takes the shape its siblings share (a new board is a number, a new
    industry group a mapping). The statistics read the merged result in that shape."""
    for key, value in node.items():
        where = f"{prefix}{key}"
        shape, inner = _shape(default, key)
        if isinstance(value, dict):
            if shape == "number":
                problems.append(Problem(file, None, where, _shown(value), "一个数值（如 444.25），不能是下一层的映射"))
            else:
                _check_numbers(file, value, where + ".", problems, inner)
        elif shape == "mapping":
            figures = {k: v for k, v in inner.items() if k != "year"} if isinstance(inner, dict) else {}
            example = next(iter(figures.items()), ("…", "…"))      # a figure of the block, not its year
            problems.append(Problem(file, None, where, _shown(value),
                                    f"下一层的映射，不能是单个值（写法如 “{key}:” 换行后缩进写 "
                                    f"“{example[0]}: {'…' if isinstance(example[1], dict) else _shown(example[1])}”）"))
        elif isinstance(value, str) and key in _TEXT_KEYS:
            continue
        elif not _finite_number(value):
            problems.append(Problem(file, None, where, _shown(value), "数值（如 444.25）"))


def _shape(default, key) -> tuple[str | None, dict | None]:
    """('mapping' | 'number' | None, the default mapping below the key) for a key of ``default``."""
    if not isinstance(default, dict):
        return None, None
    if key in default:
        ref = default[key]
        if isinstance(ref, dict):
            return "mapping", ref
        return ("number", None) if _finite_number(ref) else (None, None)
    siblings = [v for k, v in default.items() if k != "year"]     # a block's year is no sibling figure
    if siblings and all(isinstance(v, dict) for v in siblings):
        template: dict = {}
        for v in siblings:
            template.update(v)
        return "mapping", template
    if siblings and all(_finite_number(v) for v in siblings):
        return "number", None
    return None, None


def _finite_number(value) -> bool:
    import math
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def _shown(value) -> str:
    return "" if value is None else str(value)


def _deep_merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out
