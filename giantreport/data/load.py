"""Load a data folder and validate it against the contract (docs/data-format.md).

`load_dataset` returns a Dataset or raises ValidationFailed listing every problem.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ..errors import GiantReportError, Problem, ValidationFailed
from ..resources import asset_path
from . import parse
from .readers import TABLE_SUFFIXES, Table, read_table
from .regions import normalise_regions

MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
from .schema import (AGGREGATE_COLUMNS, COMPANY_COLUMNS, PATENT_COLUMNS, YEARLY_APPLICATIONS,
                     Column, header_map, normalise_header)

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


def find_file(folder: Path, stems: tuple[str, ...], suffixes: tuple[str, ...]) -> list[Path]:
    return [folder / f"{stem}{suf}" for stem in stems for suf in suffixes if (folder / f"{stem}{suf}").is_file()]


def load_dataset(folder: str | Path) -> Dataset:
    dataset, problems = validate_folder(folder)
    if problems:
        raise ValidationFailed(problems)
    assert dataset is not None
    return dataset


def validate_folder(folder: str | Path) -> tuple[Dataset | None, list[Problem]]:
    folder = Path(folder)
    if not folder.is_dir():
        raise GiantReportError(f"找不到数据文件夹：{folder}（请用 --data 指定包含 companies.csv/.xlsx/.parquet 的文件夹）")
    problems: list[Problem] = []
    notes: list[str] = []

    company_files = find_file(folder, COMPANY_STEMS, TABLE_SUFFIXES)
    if not company_files:
        return None, [Problem(str(folder), None, None, None,
                              "缺少企业名单文件：应有 companies.csv、companies.xlsx 或 companies.parquet")]
    if len(company_files) > 1:
        return None, [Problem(str(folder), None, None, None,
                              f"发现多个企业名单文件（{'、'.join(p.name for p in company_files)}），只能保留一个")]
    table, found = read_table(company_files[0], set(header_map(COMPANY_COLUMNS + AGGREGATE_COLUMNS)))
    problems += found
    companies = None
    if table is not None:
        notes += _title_note(table)
        companies, found = _companies(table)
        problems += found

    patents = None
    patent_files = find_file(folder, PATENT_STEMS, PATENT_SUFFIXES)
    if len(patent_files) > 1:
        problems.append(Problem(str(folder), None, None, None,
                                f"发现多个专利文件（{'、'.join(p.name for p in patent_files)}），只能保留一个"))
    elif patent_files:
        table, found = read_table(patent_files[0], set(header_map(PATENT_COLUMNS)))
        problems += found
        if table is not None:
            notes += _title_note(table)
            patents, found = _patents(table, companies)
            problems += found

    benchmarks, found = load_benchmarks(folder / "benchmarks.yaml")
    problems += found
    if problems:
        return None, problems
    files = {"companies": company_files[0].name}
    if patent_files:
        files["patents"] = patent_files[0].name
        notes += _unused_aggregates(companies, company_files[0].name, patent_files[0].name)
    return Dataset(companies, patents, benchmarks, folder, files, notes), []


def _unused_aggregates(companies: pd.DataFrame, company_file: str, patent_file: str) -> list[str]:
    """Patent totals in the company list are not used when patent rows exist: say so."""
    labels = [c.label for c in AGGREGATE_COLUMNS if c.name in companies.columns]
    labels += [f"{c[-4:]}年专利申请量" for c in companies.columns if c.startswith("applications_")]
    if not labels:
        return []
    return [f"{company_file} 中的专利汇总列（{'、'.join(labels)}）未使用：有专利明细文件 {patent_file} 时，"
            "专利指标一律按明细逐条计算"]


def _title_note(table: Table) -> list[str]:
    if table.header_row == 1:
        return []
    return [f"{table.file}：表头在第 {table.header_row} 行，上方 {table.header_row - 1} 行（标题、空行等）未作为数据读取"]


# ---------------------------------------------------------------- columns

def _rename(table: Table, columns: tuple[Column, ...], extra: tuple[Column, ...] = ()) -> tuple[pd.DataFrame, list[Problem]]:
    known = header_map(columns + extra)
    frame = table.frame
    rename, seen, problems = {}, {}, []
    for original in frame.columns:
        key = normalise_header(original).casefold()
        canonical = known.get(key)
        if canonical is None and YEARLY_APPLICATIONS.match(normalise_header(original)):
            m = YEARLY_APPLICATIONS.match(normalise_header(original))
            canonical = f"applications_{m.group(1) or m.group(2)}"
        if canonical is None:
            continue
        if canonical in seen:
            problems.append(Problem(table.file, table.header_row, str(original), None,
                                    f"与列“{seen[canonical]}”含义相同（都表示 {canonical}），请只保留一列"))
            continue
        seen[canonical] = str(original)
        rename[original] = canonical
    out = frame[list(rename)].rename(columns=rename)
    for col in columns:
        if col.required and col.name not in out.columns:
            spellings = "、".join((col.name,) + col.aliases)
            problems.append(Problem(table.file, table.header_row, None, None,
                                    f"缺少必填列“{col.label}”（可用列名：{spellings}）"))
    return out, problems


_PARSERS = {
    "int": parse.parse_int, "batch": parse.parse_batch, "date": parse.parse_date,
    "date_or_year": parse.parse_date_or_year, "bool": parse.parse_bool, "listing": parse.parse_listing,
    "industry": parse.parse_industry, "patent_type": parse.parse_patent_type,
    "legal_status": parse.parse_legal_status,
}
_EXPECT = {
    "int": "不小于 0 的整数",
    "batch": "不小于 1 的整数，或“第一批”“第二批”这样的写法",
    "date": "日期，如 2021-03-05、2021/3/5 或 2021年3月5日",
    "date_or_year": "日期（如 2008-05-20）或四位年份（如 2008）",
    "bool": "是/否、true/false 或 1/0",
    "listing": "主板、创业板、科创板、北交所、港交所、新交所、新三板中的零个或多个，用 ; 或 、 分隔",
    "industry": "产业领域之一：新材料、新一代信息技术、高端机械装备、节能与新能源汽车、生物医药及高性能医疗器械、"
                "航空航天装备、海洋工程装备及高技术船舶、先进轨道交通装备、其他（电力装备、农机装备、高档数控机床和机器人归入高端机械装备）",
    "patent_type": "发明、实用新型或外观设计",
    "legal_status": "有效、失效或审中",
}


def _column_problems(table: Table, column: Column, raw: pd.Series, bad: pd.Series, expected: str) -> list[Problem]:
    idx = bad[bad].index
    out = [Problem(table.file, table.row_number(i), column.label, parse.as_text(raw.loc[[i]]).iloc[0], expected)
           for i in idx[:MAX_LISTED_PER_RULE]]
    if len(idx) > MAX_LISTED_PER_RULE:
        out.append(Problem(table.file, None, column.label, None,
                           f"另有 {len(idx) - MAX_LISTED_PER_RULE} 行同类问题未逐条列出（应为{expected}）"))
    return out


def _parse_columns(table: Table, frame: pd.DataFrame, columns: tuple[Column, ...]) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    out = pd.DataFrame(index=frame.index)
    for col in columns:
        if col.name not in frame.columns:
            continue
        raw = frame[col.name]
        if col.kind in ("id", "text"):
            values = parse.as_text(raw)
            if col.required:
                missing = values == ""
                problems += _column_problems(table, col, raw, missing, "非空")
            out[col.name] = values
            continue
        values, bad = _PARSERS[col.kind](raw)
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
        out.append(Problem(table.file, None, column.label, None, f"另有 {len(idx) - MAX_LISTED_PER_RULE} 行重复未逐条列出"))
    return out


# ---------------------------------------------------------------- companies

def _companies(table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    if len(table.frame) == 0:
        return None, [Problem(table.file, None, None, None, "只有表头、没有数据行")]
    renamed, problems = _rename(table, COMPANY_COLUMNS, AGGREGATE_COLUMNS)
    if any(p.row == table.header_row and "缺少必填列" in p.expected for p in problems):
        return None, problems
    yearly = tuple(Column(c, f"{c[-4:]}年专利申请量", "int") for c in renamed.columns if c.startswith("applications_"))
    frame, found = _parse_columns(table, renamed, COMPANY_COLUMNS + AGGREGATE_COLUMNS + yearly)
    problems += found
    problems += _duplicates(table, frame, COMPANY_COLUMNS[0])
    frame, region_problems = normalise_regions(frame)
    for index, column, value, expected in region_problems:
        label = {"province": "省份", "city": "城市", "district": "区县"}.get(column, column)
        problems.append(Problem(table.file, table.row_number(index), label, value, expected))
    for name in ("city", "district", "industry_detail"):
        if name not in frame.columns:
            frame[name] = ""
    # a municipality is its own city (北京市 counts as a city in the city rankings)
    municipal = frame["province"].isin(MUNICIPALITIES) & (frame["city"] == "")
    frame.loc[municipal, "city"] = frame.loc[municipal, "province"]
    if "industry" not in frame.columns:
        frame["industry"] = "其他"
    frame["industry"] = frame["industry"].where(frame["industry"] != "", "其他")
    if "listing" not in frame.columns:
        frame["listing"] = ""
    if "financed" not in frame.columns:
        frame["financed"] = False
    for name in ("employees",):
        if name not in frame.columns:
            frame[name] = pd.array([pd.NA] * len(frame), dtype="Int64")
    if "founded" not in frame.columns:
        frame["founded"] = pd.NaT
    problems += _aggregate_consistency(table, frame)
    return frame.reset_index(drop=True), problems


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
    return problems


# ---------------------------------------------------------------- patents

def _patents(table: Table, companies: pd.DataFrame | None) -> tuple[pd.DataFrame | None, list[Problem]]:
    renamed, problems = _rename(table, PATENT_COLUMNS)     # header only: zero patents, canonical columns
    if any(p.row == table.header_row and "缺少必填列" in p.expected for p in problems):
        return None, problems
    frame, found = _parse_columns(table, renamed, PATENT_COLUMNS)
    problems += found
    problems += _duplicates(table, frame, PATENT_COLUMNS[1])
    for name in ("cited_by", "licenses", "transfers"):
        frame[name] = frame[name].fillna(0) if name in frame.columns else 0
        frame[name] = frame[name].astype("int64")
    if "is_pct" not in frame.columns:
        frame["is_pct"] = False
    if "grant_date" not in frame.columns:
        frame["grant_date"] = pd.NaT
    if "legal_status" not in frame.columns:
        frame["legal_status"] = ""
    if companies is not None:
        known = frame["company_id"].isin(companies["company_id"].unique())   # (an array: Arrow's is_in, 5x a set)
        unknown = ~known & (frame["company_id"] != "")
        col = PATENT_COLUMNS[0]
        problems += _column_problems(table, col, frame["company_id"], unknown,
                                     "企业名单中已有的企业ID（该企业不在企业名单里）")
    early = (frame["grant_date"] < frame["appln_date"]).fillna(False)
    if early.any():   # format the offending dates only (strftime on 1M rows costs 0.2 s)
        problems += _column_problems(table, PATENT_COLUMNS[5], frame.loc[early, "grant_date"].dt.strftime("%Y-%m-%d"),
                                     early, "不早于申请日的日期")
    return frame.reset_index(drop=True), problems


# ---------------------------------------------------------------- benchmarks

def default_benchmarks() -> dict:
    with open(asset_path("data/benchmarks.yaml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_benchmarks(path: Path) -> tuple[dict, list[Problem]]:
    merged = default_benchmarks()
    if not path.is_file():
        return merged, []
    try:
        with open(path, encoding="utf-8") as fh:
            user = yaml.safe_load(fh) or {}
    except UnicodeDecodeError:
        return merged, [Problem(path.name, None, None, None, "应为 UTF-8 编码的 YAML 文件")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        return merged, [Problem(path.name, row, None, None, f"YAML 格式错误：{getattr(exc, 'problem', exc)}")]
    if not isinstance(user, dict):
        return merged, [Problem(path.name, None, None, None, "顶层应为“名称: 数值”的映射")]
    problems: list[Problem] = []
    _check_numbers(path.name, user, "", problems)
    return _deep_merge(merged, user), problems


def _check_numbers(file: str, node, prefix: str, problems: list[Problem]) -> None:
    for key, value in node.items():
        where = f"{prefix}{key}"
        if isinstance(value, dict):
            _check_numbers(file, value, where + ".", problems)
        elif isinstance(value, bool) or not isinstance(value, (int, float, str)) or \
                (isinstance(value, str) and key not in ("source", "note", "unit", "label", "members")):
            problems.append(Problem(file, None, where, str(value), "数值（如 444.25）"))


def _deep_merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out
