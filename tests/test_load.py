"""Loading and validating a data folder (docs/data-format.md), and `giantreport validate`.

Every input is built in tmp_path from literal text or bytes (GBK via .encode("gbk"), XLSX via
openpyxl), so each expected message — file, row as a spreadsheet shows it (header = row 1),
column label, value, expectation — is known independently of the code under test.

Each kind of bad input is checked four ways: validate_folder, load_dataset, click's CliRunner
on giantreport.cli.cli, and giantreport.cli.main (the console script) with its exact printed lines; one
case per reader also as a real `python -m giantreport.cli validate --data DIR` process.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from giantreport.cli import cli, main
from giantreport.data import schema
from giantreport.data.load import load_dataset, validate_folder
from giantreport.data.readers import detect_encoding
from giantreport.errors import GiantReportError, Problem, ValidationFailed

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "<folder>"          # stands for the data folder in folder-level problems


# ---------------------------------------------------------------- building inputs

def csv(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def xlsx(*rows) -> bytes:
    """A workbook whose first sheet holds ``rows`` (cells as given: int, float, datetime, None …)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


COMPANY_HEADER = "企业ID,企业名称,批次,省份,城市,区县,产业领域,具体产业类别,参保人数,成立日期,上市板块,一级市场融资"
C1 = "C1,甲公司,第一批,浙江,杭州,西湖区,新材料,先进石化化工新材料,100,2000-06-30,创业板,是"
C2 = "C2,乙公司,2,江苏省,南京市,玄武区,新一代信息技术,电子核心产业,50,2015,,否"
PATENT_HEADER = "企业ID,申请号,专利类型,申请日,公开日,授权日,法律状态,PCT,被引用次数,许可次数,转让次数"
P1 = "C1,CN101,发明,2019-01-10,2020-03-01,2021-05-01,有效,否,10,1,0"
P2 = "C2,CN102,实用新型,2020-02-01,2020-08-01,2020-08-01,有效,是,0,0,1"
COMPANIES = csv(COMPANY_HEADER, C1, C2)


def company(cid="C9", name="丙公司", batch="1", province="浙江", city="", district="", industry="",
            detail="", employees="", founded="", listing="", financed="") -> str:
    return ",".join([cid, name, batch, province, city, district, industry, detail, employees, founded,
                     listing, financed])


def patent(cid="C1", no="CN9", kind="发明", appln="2019-01-10", pub="2020-03-01", grant="", status="",
           pct="", cited="", licenses="", transfers="") -> str:
    return ",".join([cid, no, kind, appln, pub, grant, status, pct, cited, licenses, transfers])


# ---------------------------------------------------------------- expectations, written out

INT = "不小于 0 的整数"
BATCH = "不小于 1 的整数，或“第一批”“第二批”这样的写法"
DATE = "日期，如 2021-03-05、2021/3/5、2021.3.5、20210305 或 2021年3月5日"
DATE_OR_YEAR = "1800–2100 年间的日期（如 2008-05-20、2008年5月）或四位年份（如 2008）"
BOOL = "是/否、true/false 或 1/0"
LISTING = ("主板、创业板、科创板、北交所、港交所、新交所、新三板中的零个或多个（可带交易所，如 上交所科创板），"
           "用 ; 或 、 分隔；未上市可写 未上市、无 或留空")
INDUSTRY = ("产业领域之一：新材料、新一代信息技术、高端机械装备、节能与新能源汽车、生物医药及高性能医疗器械、"
            "航空航天装备、海洋工程装备及高技术船舶、先进轨道交通装备、其他（电力装备、农机装备、高档数控机床和机器人归入高端机械装备）")
PATENT_TYPE = "发明、实用新型或外观设计（也可写 发明专利、发明授权、实用新型专利、外观设计专利）"
LEGAL = "有效、失效或审中（也可写 授权、维持、驳回、撤回、视为撤回、放弃、届满、未缴年费、实质审查、公开等）"
PROVINCE = "31 个省级行政区之一（全称或简称，如 浙江 / 浙江省）"
NONEMPTY = "非空"


def MISSING(label: str, spellings: str, canonical: str, also: str = "") -> str:
    return (f"缺少必填列“{label}”（可用列名：{spellings}{also}；表头是其他写法时，在 giantreport.toml 的 "
            f"[columns] 中写 \"表头原文\" = \"{canonical}\"）")


NAME_SPELLINGS = "企业名称、公司名称、单位名称、企业名单"
BATCH_SPELLINGS = "批次、入选批次、所属批次"
PROVINCE_SPELLINGS = "省份、省、所在省份、所属省份、省(区、市)、省(自治区、直辖市)、省(区、市)及计划单列市、省级行政区"
REGION_ALSO = "，或写在一列中的“所在地区”，如 浙江省杭州市余杭区"


@dataclass
class Bad:
    id: str
    files: dict[str, str | bytes]
    problems: list[Problem]
    summary: str | None = None           # the last line the CLI prints, where written out literally
    notes: list[str] = field(default_factory=list)


def P(file, row, column, value, expected) -> Problem:
    return Problem(file, row, column, value, expected)


BAD: list[Bad] = [
    Bad("missing_column", {"companies.csv": csv("企业ID,企业名称,省份", "C1,甲公司,浙江")},
        [P("companies.csv", 1, None, None, MISSING("批次", BATCH_SPELLINGS, "batch"))],
        summary="数据校验未通过：共发现 1 处问题（涉及 companies.csv）。 / Validation failed: 1 problem(s)."),
    Bad("missing_columns_everywhere", {"companies.csv": csv("编号,名称", "C1,甲公司"),
                                       "patents.csv": csv("企业ID,申请号,专利类型", "C1,CN1,发明")},
        [P("companies.csv", 1, None, None, MISSING("企业名称", NAME_SPELLINGS, "name")),
         P("companies.csv", 1, None, None, MISSING("批次", BATCH_SPELLINGS, "batch")),
         P("companies.csv", 1, None, None, MISSING("省份", PROVINCE_SPELLINGS, "province", REGION_ALSO)),
         P("patents.csv", 1, None, None, MISSING("申请日", "申请日、申请日期", "appln_date")),
         P("patents.csv", 1, None, None, MISSING("公开日", "公开日、公开公告日、公开(公告)日、公开日期", "pub_date"))],
        summary="数据校验未通过：共发现 5 处问题（涉及 companies.csv、patents.csv）。 / Validation failed: 5 problem(s)."),
    Bad("same_column_twice", {"companies.csv": csv("企业ID,统一社会信用代码,企业名称,批次,省份", "C1,C1,甲公司,1,浙江")},
        [P("companies.csv", 1, "统一社会信用代码", None, "与列“企业ID”含义相同（都表示 company_id），请只保留一列，"
                                                      "或在 giantreport.toml 的 [columns] 中写明用哪一列（如 "
                                                      "\"统一社会信用代码\" = \"company_id\"），不用的列写 \"企业ID\" = \"-\"")]),
    Bad("duplicate_company_id", {"companies.csv": csv(COMPANY_HEADER, C1, C2, company("C1"), company(" C2 "))},
        [P("companies.csv", 4, "企业ID", "C1", "唯一值，但与第 2 行重复"),
         P("companies.csv", 5, "企业ID", "C2", "唯一值，但与第 3 行重复")]),
    Bad("duplicate_appln_no", {"companies.csv": COMPANIES, "patents.csv": csv(PATENT_HEADER, P1, P2, patent(no="CN101"))},
        [P("patents.csv", 4, "申请号", "CN101", "唯一值，但与第 2 行重复")]),
    Bad("unknown_province", {"companies.csv": csv(COMPANY_HEADER, C1, company(province="火星"), company("C3", province="浙将"))},
        [P("companies.csv", 3, "省份", "火星", PROVINCE),
         P("companies.csv", 4, "省份", "浙将", PROVINCE + "；是否想写：浙江省？")]),
    Bad("city_of_another_province", {"companies.csv": csv(COMPANY_HEADER, C1, company(province="浙江", city="广州"))},
        [P("companies.csv", 3, "城市", "广州", "城市“广州”属于广东省，与省份“浙江省”不一致")]),
    Bad("batch_zero", {"companies.csv": csv(COMPANY_HEADER, C1, company(batch="0"), company("C3", batch="第零批"))},
        [P("companies.csv", 3, "批次", "0", BATCH), P("companies.csv", 4, "批次", "第零批", BATCH)]),
    Bad("negative_employees", {"companies.csv": csv(COMPANY_HEADER, C1, company(employees="-5"))},
        [P("companies.csv", 3, "参保人数", "-5", INT)]),
    Bad("non_integer_employees", {"companies.csv": csv(COMPANY_HEADER, company(employees="3.5"), company("C3", employees="约100"))},
        [P("companies.csv", 2, "参保人数", "3.5", INT), P("companies.csv", 3, "参保人数", "约100", INT)]),
    Bad("unparseable_founded", {"companies.csv": csv(COMPANY_HEADER, C1, company(founded="2020-13-45"),
                                                     company("C3", founded="1700"))},
        [P("companies.csv", 3, "成立日期", "2020-13-45", DATE_OR_YEAR),
         P("companies.csv", 4, "成立日期", "1700", DATE_OR_YEAR)]),
    Bad("unparseable_patent_date", {"companies.csv": COMPANIES,
                                    "patents.csv": csv(PATENT_HEADER, patent(appln="2021-02-30"), patent(no="CN8", pub="明年"))},
        [P("patents.csv", 2, "申请日", "2021-02-30", DATE), P("patents.csv", 3, "公开日", "明年", DATE)]),
    Bad("empty_required_cells", {"companies.csv": csv(COMPANY_HEADER, C1, company(name="")),
                                 "patents.csv": csv(PATENT_HEADER, patent(appln=""))},
        [P("companies.csv", 3, "企业名称", "", NONEMPTY), P("patents.csv", 2, "申请日", "", NONEMPTY)]),
    Bad("patent_of_unknown_company", {"companies.csv": COMPANIES, "patents.csv": csv(PATENT_HEADER, P1, patent(cid="C9"))},
        [P("patents.csv", 3, "企业ID", "C9", "企业名单中已有的企业ID（该企业不在企业名单里）")]),
    Bad("empty_file", {"companies.csv": b""},
        [P("companies.csv", None, None, None, "文件为空（0 字节），应至少包含表头和一行数据")]),
    Bad("blank_file", {"companies.csv": "\r\n  \n"},
        [P("companies.csv", None, None, None, "文件为空，应至少包含表头和一行数据")]),
    Bad("header_only", {"companies.csv": csv(COMPANY_HEADER)},
        [P("companies.csv", None, None, None, "只有表头、没有数据行")]),
    Bad("header_only_xlsx", {"companies.xlsx": xlsx(["企业ID", "企业名称", "批次", "省份"])},
        [P("companies.xlsx", None, None, None, "只有表头、没有数据行")]),
    Bad("bad_listing_board", {"companies.csv": csv(COMPANY_HEADER, C1, company(listing="纳斯达克"),
                                                   company("C3", listing="主板;纽交所"))},
        [P("companies.csv", 3, "上市板块", "纳斯达克", LISTING), P("companies.csv", 4, "上市板块", "主板;纽交所", LISTING)]),
    Bad("bad_bool", {"companies.csv": csv(COMPANY_HEADER, C1, company(financed="maybe")),
                     "patents.csv": csv(PATENT_HEADER, patent(pct="可能"))},
        [P("companies.csv", 3, "一级市场融资", "maybe", BOOL), P("patents.csv", 2, "PCT", "可能", BOOL)]),
    Bad("bad_industry", {"companies.csv": csv(COMPANY_HEADER, C1, company(industry="食品"))},
        [P("companies.csv", 3, "产业领域", "食品", INDUSTRY)]),
    Bad("bad_patent_type", {"companies.csv": COMPANIES, "patents.csv": csv(PATENT_HEADER, patent(kind="专利"))},
        [P("patents.csv", 2, "专利类型", "专利", PATENT_TYPE)]),
    Bad("bad_legal_status", {"companies.csv": COMPANIES, "patents.csv": csv(PATENT_HEADER, patent(status="驳回中"))},
        [P("patents.csv", 2, "法律状态", "驳回中", LEGAL)]),
    Bad("grant_before_application", {"companies.csv": COMPANIES,
                                     "patents.csv": csv(PATENT_HEADER, P1, patent(appln="2019-01-10", grant="2018/5/1"))},
        [P("patents.csv", 3, "授权日", "2018-05-01", "不早于申请日的日期")]),
    Bad("non_integer_counts", {"companies.csv": COMPANIES,
                               "patents.csv": csv(PATENT_HEADER, patent(cited="1.5", licenses="x", transfers="-1"))},
        [P("patents.csv", 2, "被引用次数", "1.5", INT), P("patents.csv", 2, "许可次数", "x", INT),
         P("patents.csv", 2, "转让次数", "-1", INT)]),
    Bad("aggregates_inconsistent", {"companies.csv": csv("企业ID,企业名称,批次,省份,发明专利授权量,有效发明专利量,专利申请量",
                                                         "C1,甲公司,1,浙江,3,5,10", "C2,乙公司,1,浙江,2,1,-4")},
        [P("companies.csv", 3, "专利申请量", "-4", INT),
         P("companies.csv", 2, "有效发明专利量", "5", "不大于同一行的“发明专利授权量”（3）")]),
    Bad("undecodable_bytes", {"companies.csv": COMPANY_HEADER.encode("utf-8") + b"\nC1,\xff\xfe\x81,1,\xd5\xe3\xbd\xad\n"},
        [P("companies.csv", None, None, None, "无法识别文件编码：应为 UTF-8（可带 BOM）或 GBK/GB18030 编码的 CSV")]),
    Bad("ragged_row", {"companies.csv": csv(COMPANY_HEADER, C1, "C2,乙公司,1,浙江,杭州,西湖区,新材料,a,b,c,10,2001,,是,多余")},
        [P("companies.csv", 3, None, None, "列数与表头不一致：表头有 12 列，这一行有 15 列（含逗号的值需用英文双引号括起来）")]),
    Bad("two_company_files", {"companies.csv": COMPANIES, "companies.xlsx": xlsx(["企业ID"], ["C1"])},
        [P(FOLDER, None, None, None, "发现多个企业名单文件（companies.csv、companies.xlsx），只能保留一个")]),
    Bad("two_patent_files", {"companies.csv": COMPANIES, "patents.csv": csv(PATENT_HEADER, P1),
                             "专利.csv": csv(PATENT_HEADER, P2)},
        [P(FOLDER, None, None, None, "发现多个专利文件（patents.csv、专利.csv），只能保留一个")]),
    Bad("no_companies_file", {"patents.csv": csv(PATENT_HEADER, P1)},
        [P(FOLDER, None, None, None, "缺少企业名单文件：应有 companies.csv、companies.xlsx 或 companies.parquet"
                                     "（也可以用 --data 直接指定名单文件）")]),
    Bad("not_really_xlsx", {"companies.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls"},
        [P("companies.xlsx", None, None, None, "无法读取文件：不是有效的 .xlsx 工作簿（如为旧版 .xls，请在 Excel 中另存为 .xlsx）")]),
    Bad("gbk_bad_values", {"companies.csv": csv(COMPANY_HEADER, C1, company(province="火星", industry="食品")).encode("gbk")},
        [P("companies.csv", 3, "产业领域", "食品", INDUSTRY), P("companies.csv", 3, "省份", "火星", PROVINCE)]),
    Bad("xlsx_bad_values", {"companies.xlsx": xlsx(
            ["企业ID", "企业名称", "批次", "省份", "参保人数", "成立日期"],
            ["C1", "甲公司", 1, "浙江", 10, dt.datetime(2001, 2, 3)],
            [None, None, None, None, None, None],                       # a blank row: row 3 stays row 3
            ["C2", "乙公司", 0, "浙江", -3, "2001/2/3"],
            ["C3", "丙公司", 2.0, "火星", 3.5, "去年"])},
        [P("companies.xlsx", 4, "批次", "0", BATCH),
         P("companies.xlsx", 4, "参保人数", "-3", INT), P("companies.xlsx", 5, "参保人数", "3.5", INT),
         P("companies.xlsx", 5, "成立日期", "去年", DATE_OR_YEAR),
         P("companies.xlsx", 5, "省份", "火星", PROVINCE)]),
    Bad("csv_blank_lines_keep_row_numbers", {"companies.csv": "\r\n".join([
            COMPANY_HEADER, C1, "", company(employees="-1"), ",,,,,,,,,,,", company("C3", province="火星"), ""])},
        [P("companies.csv", 4, "参保人数", "-1", INT), P("companies.csv", 6, "省份", "火星", PROVINCE)]),
    Bad("quoted_newline_keeps_row_numbers", {"companies.csv": csv(
            COMPANY_HEADER, '"C1","甲公司\n（原名：甲厂）",1,浙江,,,,,,,,', company(batch="零"))},
        [P("companies.csv", 3, "批次", "零", BATCH)]),
    Bad("parquet_bad_values", {"companies.parquet": parquet(pd.DataFrame({
            "企业ID": ["C1", "C2"], "企业名称": ["甲公司", "乙公司"], "批次": [1, 0], "省份": ["浙江", "江苏"],
            "参保人数": [3, -1]}))},
        [P("companies.parquet", 2, "批次", "0", BATCH), P("companies.parquet", 2, "参保人数", "-1", INT)],
        notes=["Parquet has no header row: its first record is row 1"]),
    Bad("benchmarks_not_a_number", {"companies.csv": COMPANIES, "benchmarks.yaml": "ashare:\n  applications_mean: 很多\n"},
        [P("benchmarks.yaml", None, "ashare.applications_mean", "很多", "数值（如 444.25）")]),
    Bad("benchmarks_bad_yaml", {"companies.csv": COMPANIES, "benchmarks.yaml": "ashare: [1, 2\n"},
        [P("benchmarks.yaml", 2, None, None, "YAML 格式错误：expected ',' or ']', but got '<stream end>'")]),
    Bad("xlsx_title_rows_above_the_header", {"companies.xlsx": xlsx(
            ["第四批专精特新“小巨人”企业名单"],
            ["公示日期：2022年8月"],
            [None],
            ["企业ID", "企业名称", "批次", "省份"],
            ["C1", "甲公司", 4, "浙江"],
            ["C2", "乙公司", 0, "浙江"])},                               # row 6 in Excel
        [P("companies.xlsx", 6, "批次", "0", BATCH)]),
    Bad("gbk_csv_title_line_above_the_header", {"companies.csv": csv(
            "第四批专精特新“小巨人”企业名单,,,", "", "企业ID,企业名称,批次,省份", "C1,甲公司,4,火星").encode("gbk")},
        [P("companies.csv", 4, "省份", "火星", PROVINCE)]),
    Bad("no_header_in_the_first_rows", {"companies.csv": csv("名单", "序号,名称", "1,甲公司")},
        [P("companies.csv", 1, None, None, MISSING("企业名称", NAME_SPELLINGS, "name")),
         P("companies.csv", 1, None, None, MISSING("批次", BATCH_SPELLINGS, "batch")),
         P("companies.csv", 1, None, None, MISSING("省份", PROVINCE_SPELLINGS, "province", REGION_ALSO))]),
    Bad("many_bad_rows_are_summarised", {"companies.csv": csv(COMPANY_HEADER, *[company(f"C{i}", batch="0") for i in range(53)])},
        [P("companies.csv", row, "批次", "0", BATCH) for row in range(2, 52)]
        + [Problem("companies.csv", None, "批次", None, f"另有 3 行同类问题未逐条列出（应为{BATCH}）", count=3)]),
]
BAD_IDS = [case.id for case in BAD]


def expected_problems(case: Bad, folder: Path) -> list[Problem]:
    return [P(str(folder), p.row, p.column, p.value, p.expected) if p.file == FOLDER else p for p in case.problems]


def expected_summary(problems: list[Problem]) -> str:
    files = "、".join(sorted({p.file for p in problems}))
    total = sum(p.count for p in problems)      # a summary line counts the rows it stands for
    return f"数据校验未通过：共发现 {total} 处问题（涉及 {files}）。 / Validation failed: {total} problem(s)."


def test_bad_cases_cover_the_issue_list():
    assert len(BAD) >= 12
    for kind in ("missing_column", "duplicate_company_id", "unknown_province", "batch_zero", "negative_employees",
                 "unparseable_founded", "patent_of_unknown_company", "empty_file", "header_only", "bad_listing_board",
                 "bad_bool", "bad_industry", "bad_patent_type", "grant_before_application", "non_integer_counts",
                 "undecodable_bytes", "two_company_files"):
        assert kind in BAD_IDS


# ---------------------------------------------------------------- bad input, four ways

@pytest.mark.parametrize("case", BAD, ids=BAD_IDS)
def test_bad_input_validate_folder(case, tmp_path):
    write(tmp_path, case.files)
    dataset, problems = validate_folder(tmp_path)
    assert dataset is None
    assert problems == expected_problems(case, tmp_path)


@pytest.mark.parametrize("case", BAD, ids=BAD_IDS)
def test_bad_input_load_dataset(case, tmp_path):
    write(tmp_path, case.files)
    with pytest.raises(ValidationFailed) as caught:
        load_dataset(tmp_path)
    expected = expected_problems(case, tmp_path)
    assert caught.value.problems == expected
    assert str(caught.value) == (case.summary or expected_summary(expected))


@pytest.mark.parametrize("case", BAD, ids=BAD_IDS)
def test_bad_input_cli_runner(case, tmp_path):
    write(tmp_path, case.files)
    result = CliRunner().invoke(cli, ["validate", "--data", str(tmp_path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    # the group raises; giantreport.cli.main (the console script) turns this into the printed lines below
    assert isinstance(result.exception, ValidationFailed)
    assert result.exception.problems == expected_problems(case, tmp_path)


@pytest.mark.parametrize("case", BAD, ids=BAD_IDS)
def test_bad_input_cli_main(case, tmp_path, capsys):
    write(tmp_path, case.files)
    assert main(["validate", "--data", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    expected = expected_problems(case, tmp_path)
    assert_printed(out + err, expected, case.summary)


def assert_printed(output: str, expected: list[Problem], summary: str | None) -> None:
    assert "Traceback" not in output
    lines = output.splitlines()
    listed = [line for line in lines if line.startswith("  ✗ ")]
    assert listed == [f"  ✗ {p}" for p in expected]
    assert lines[-1] == (summary or expected_summary(expected))


# Every case's printed lines are checked through main() above; a real process each costs a Python start-up, so
# these go through `python -m giantreport.cli` too: one per reader (CSV, GBK, Excel, Parquet, YAML), undecodable
# bytes, a file that is not what its name says, and the long summarised list.
SUBPROCESS_IDS = ["missing_column", "undecodable_bytes", "gbk_bad_values", "xlsx_bad_values", "not_really_xlsx",
                  "parquet_bad_values", "benchmarks_bad_yaml", "empty_file", "many_bad_rows_are_summarised"]
SUBPROCESS = [case for case in BAD if case.id in SUBPROCESS_IDS]


@pytest.fixture(scope="module")
def subprocess_runs(tmp_path_factory):
    """The cases above through a real `python -m giantreport.cli validate`, a few processes at a time."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    folders = {case.id: write(tmp_path_factory.mktemp(case.id), case.files) for case in SUBPROCESS}
    results, pending = {}, list(SUBPROCESS)
    running: dict[str, subprocess.Popen] = {}
    while pending or running:
        while pending and len(running) < 4:
            case = pending.pop(0)
            running[case.id] = subprocess.Popen(
                [sys.executable, "-m", "giantreport.cli", "validate", "--data", str(folders[case.id])],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=folders[case.id], env=env)
        case_id = next(iter(running))
        proc = running.pop(case_id)
        out, err = proc.communicate(timeout=120)
        results[case_id] = (proc.returncode, out.decode("utf-8"), err.decode("utf-8"), folders[case_id])
    return results


def test_subprocess_cases_exist():
    assert [case.id for case in SUBPROCESS] == [i for i in BAD_IDS if i in SUBPROCESS_IDS] and len(SUBPROCESS) == 9


@pytest.mark.parametrize("case", SUBPROCESS, ids=[case.id for case in SUBPROCESS])
def test_bad_input_subprocess(case, subprocess_runs):
    code, out, err, folder = subprocess_runs[case.id]
    assert code == 1, err
    assert "Traceback" not in out + err
    assert_printed(out + err, expected_problems(case, folder), case.summary)


def test_bad_message_rendering_is_exactly_this():
    """The printed form of each part of a problem, pinned once."""
    assert str(P("companies.csv", 3, "批次", "0", BATCH)) == \
        "companies.csv，第 3 行，列“批次”：值“0”不符合要求，应为不小于 1 的整数，或“第一批”“第二批”这样的写法"
    assert str(P("patents.csv", 1, None, None, "缺少必填列“申请日”（可用列名：appln_date、申请日）")) == \
        "patents.csv，第 1 行：缺少必填列“申请日”（可用列名：appln_date、申请日）"
    assert str(P("companies.csv", None, None, None, "只有表头、没有数据行")) == "companies.csv：只有表头、没有数据行"
    assert str(P("c.csv", 2, "企业名称", "很" * 50, "x")) == f"c.csv，第 2 行，列“企业名称”：值“{'很' * 39}…”不符合要求，应为x"


def test_missing_folder_is_a_plain_error(tmp_path):
    missing = tmp_path / "没有这个文件夹"
    with pytest.raises(GiantReportError, match="找不到数据文件夹"):
        validate_folder(missing)
    result = CliRunner().invoke(cli, ["validate", "--data", str(missing)])
    assert result.exit_code != 0 and isinstance(result.exception, GiantReportError)
    done = run_cli(missing, tmp_path)
    assert done.returncode == 1
    assert f"错误：找不到数据文件夹：{missing}" in done.stderr and "Traceback" not in done.stdout + done.stderr


def run_cli(folder: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    return subprocess.run([sys.executable, "-m", "giantreport.cli", "validate", "--data", str(folder)],
                          capture_output=True, cwd=cwd, env=env, encoding="utf-8", timeout=120)


# ---------------------------------------------------------------- a clean folder, three ways

def test_clean_folder_passes_everywhere(tmp_path):
    write(tmp_path, {"companies.csv": COMPANIES, "patents.csv": csv(PATENT_HEADER, P1, P2)})
    dataset, problems = validate_folder(tmp_path)
    assert problems == [] and len(dataset.companies) == 2 and len(dataset.patents) == 2
    assert dataset.files == {"companies": "companies.csv", "patents": "patents.csv"}
    ok = f"校验通过：{tmp_path}，2 家企业，2 条专利记录。 / OK: 2 companies, 2 patents."
    result = CliRunner().invoke(cli, ["validate", "--data", str(tmp_path)])
    assert result.exit_code == 0 and ok in result.output
    done = run_cli(tmp_path, tmp_path)
    assert done.returncode == 0 and ok in done.stdout and "Traceback" not in done.stderr


def test_shipped_small_fixture_is_valid():
    dataset = load_dataset(ROOT / "tests" / "fixtures" / "small")
    assert len(dataset.companies) == 5 and len(dataset.patents) == 9


# ---------------------------------------------------------------- every column alias

COMPANY_CASES = {   # canonical: (cell text, loaded value, or {column: loaded value})
    "company_id": ("91330100MA2AXXXX1X", "91330100MA2AXXXX1X"),
    "name": ("甲公司", "甲公司"),
    "batch": ("第二批", 2),
    "province": ("浙江", "浙江省"),
    "city": ("杭州", "杭州市"),
    "district": ("西湖区", "西湖区"),
    # one cell holding province + city + district, in place of the 省份 column
    "region": ("浙江省杭州市余杭区", {"province": "浙江省", "city": "杭州市", "district": "余杭区"}),
    "industry": ("电力装备", "高端机械装备"),
    "industry_detail": ("智能制造装备产业", "智能制造装备产业"),
    "employees": ("120", 120),
    "founded": ("2010", pd.Timestamp("2010-01-01")),
    "listing": ("港交所、主板", "主板;港交所"),
    "financed": ("是", True),
    "review": ("已撤销", "撤销"),
    "patent_applications": ("12", 12),
    "invention_applications": ("8", 8),
    "invention_grants": ("5", 5),
    "valid_inventions": ("4", 4),
    "citations": ("30", 30),
    "licenses": ("2", 2),
    "transfers": ("1", 1),
    "pct_applications": ("3", 3),
}
COMPANY_ALIASES = {   # written out from the issue and docs/data-format.md, not read from the schema
    "company_id": ["company_id", "企业ID", "企业id", "统一社会信用代码", "社会信用代码", "信用代码"],
    "name": ["name", "企业名称", "公司名称", "单位名称", "企业名单"],
    "batch": ["batch", "批次", "入选批次", "所属批次"],
    "province": ["province", "省份", "省", "所在省份", "所属省份", "省(区、市)", "省(自治区、直辖市)",
                 "省(区、市)及计划单列市", "省级行政区"],
    "city": ["city", "城市", "地市", "所在城市", "所在地市", "市", "所属地市", "所属城市"],
    "district": ["district", "区县", "区(县)", "县区", "所在区县", "区/县"],
    "region": ["region", "所在地区", "所属地区", "地区", "注册地", "注册地址所在地区"],
    "industry": ["industry", "产业领域", "所属领域", "所属重点领域", "重点领域", "所属行业领域", "重点产业领域", "领域"],
    "industry_detail": ["industry_detail", "具体产业类别"],
    "employees": ["employees", "参保人数", "员工数", "员工人数", "从业人数", "职工人数"],
    "founded": ["founded", "成立日期", "成立年份", "成立时间", "注册日期"],
    "listing": ["listing", "上市板块", "上市情况", "上市状态", "上市地点"],
    "financed": ["financed", "一级市场融资", "是否融资", "是否获得融资", "融资情况"],
    "review": ["review", "复核状态", "复核结果", "复核", "状态", "名单状态"],
    "patent_applications": ["patent_applications", "专利申请量", "专利申请总量"],
    "invention_applications": ["invention_applications", "发明专利申请量"],
    "invention_grants": ["invention_grants", "发明专利授权量"],
    "valid_inventions": ["valid_inventions", "有效发明专利量", "有效发明专利数"],
    "citations": ["citations", "专利被引用次数", "被引用次数"],
    "licenses": ["licenses", "专利许可次数", "许可次数"],
    "transfers": ["transfers", "专利转让次数", "转让次数"],
    "pct_applications": ["pct_applications", "PCT专利申请量", "PCT申请量"],
}
PATENT_CASES = {
    "company_id": ("C2", "C2"),
    # several applicants, one of them on the list (乙公司 = C2), in place of the 企业ID column
    "applicant": ("乙公司；示例理工大学", {"company_id": "C2"}),
    "appln_no": ("CN202010000001.2", "CN202010000001.2"),
    "patent_type": ("发明专利", "发明"),
    "appln_date": ("2020/1/2", pd.Timestamp("2020-01-02")),
    "pub_date": ("2020年7月3日", pd.Timestamp("2020-07-03")),
    "grant_date": ("20210304", pd.Timestamp("2021-03-04")),
    "legal_status": ("授权", "有效"),
    "is_pct": ("是", True),
    # a PCT application number: non-empty means a PCT filing
    "pct_number": ("PCT/CN2020/000601", {"is_pct": True}),
    "cited_by": ("7", 7),
    "licenses": ("2", 2),
    "transfers": ("1", 1),
}
PATENT_ALIASES = {
    "company_id": ["company_id", "企业ID", "企业id", "统一社会信用代码", "社会信用代码", "信用代码"],
    "applicant": ["applicant", "申请人", "申请(专利权)人", "当前申请(专利权)人", "专利权人", "申请人名称",
                  "原始申请(专利权)人"],
    "appln_no": ["appln_no", "申请号"],
    "patent_type": ["patent_type", "专利类型", "专利类别"],
    "appln_date": ["appln_date", "申请日", "申请日期"],
    "pub_date": ["pub_date", "公开日", "公开公告日", "公开(公告)日", "公开日期"],
    "grant_date": ["grant_date", "授权日", "授权日期", "授权公告日"],
    "legal_status": ["legal_status", "法律状态", "当前法律状态", "简单法律状态"],
    "is_pct": ["is_pct", "PCT", "是否PCT"],
    "pct_number": ["pct_number", "PCT国际申请号", "PCT申请号"],
    "cited_by": ["cited_by", "被引用次数", "被引证次数", "被引用专利数"],
    "licenses": ["licenses", "许可次数"],
    "transfers": ["transfers", "转让次数"],
}
BASE_COMPANY = {"company_id": ("企业ID", "C1"), "name": ("企业名称", "甲公司"), "batch": ("批次", "1"),
                "province": ("省份", "浙江")}
BASE_PATENT = {"company_id": ("企业ID", "C2"), "appln_no": ("申请号", "CN1"), "patent_type": ("专利类型", "发明"),
               "appln_date": ("申请日", "2019-01-01"), "pub_date": ("公开日", "2019-07-01")}
TWO_COMPANIES = csv("企业ID,企业名称,批次,省份", "C1,甲公司,1,浙江", "C2,乙公司,1,江苏")
# a column that stands in for a base column: 所在地区 for 省份, 申请人 for 企业ID
STANDS_IN_FOR = {"region": "province", "applicant": "company_id"}


def test_alias_lists_match_the_schema():
    """A new alias in schema.py needs a line in the lists above (and in docs/data-format.md)."""
    def spelled(columns):
        return {c.name: sorted({c.name, *c.aliases}) for c in columns}
    assert spelled(schema.COMPANY_COLUMNS + schema.AGGREGATE_COLUMNS) == {k: sorted(v) for k, v in COMPANY_ALIASES.items()}
    assert spelled(schema.PATENT_COLUMNS) == {k: sorted(v) for k, v in PATENT_ALIASES.items()}
    assert set(COMPANY_CASES) == set(COMPANY_ALIASES) and set(PATENT_CASES) == set(PATENT_ALIASES)


def _table_with(base: dict, canonical: str, header: str, cell: str) -> str:
    columns = {k: v for k, v in base.items() if k != STANDS_IN_FOR.get(canonical)}
    columns[canonical] = (header, cell)
    return csv(",".join(h for h, _ in columns.values()), ",".join(v for _, v in columns.values()))


def _companies_with(canonical: str, header: str, cell: str) -> str:
    return _table_with(BASE_COMPANY, canonical, header, cell)


def _expected(canonical: str, value) -> dict:
    return value if isinstance(value, dict) else {canonical: value}


@pytest.mark.parametrize("canonical, header", [(c, h) for c, hs in COMPANY_ALIASES.items() for h in hs])
def test_company_alias(canonical, header, tmp_path):
    cell, value = COMPANY_CASES[canonical]
    write(tmp_path, {"companies.csv": _companies_with(canonical, header, cell)})
    dataset = load_dataset(tmp_path)
    assert len(dataset.companies) == 1
    for column, expected in _expected(canonical, value).items():
        assert dataset.companies.at[0, column] == expected, column
    assert not any("未使用的列" in note for note in dataset.notes)


@pytest.mark.parametrize("canonical, header", [(c, h) for c, hs in PATENT_ALIASES.items() for h in hs])
def test_patent_alias(canonical, header, tmp_path):
    cell, value = PATENT_CASES[canonical]
    write(tmp_path, {"companies.csv": TWO_COMPANIES,
                     "patents.csv": _table_with(BASE_PATENT, canonical, header, cell)})
    dataset = load_dataset(tmp_path)
    assert len(dataset.patents) == 1
    for column, expected in _expected(canonical, value).items():
        assert dataset.patents.at[0, column] == expected, column
    assert dataset.patents.at[0, "company_id"] == "C2"          # the patent lands on 乙公司 whichever column names it
    assert not any("未使用的列" in note for note in dataset.notes)


@pytest.mark.parametrize("file, header, cell, column, value", [
    ("companies.csv", "省（区、市）", "浙江", "province", "浙江省"),              # full-width brackets = half-width
    ("companies.csv", "区（县）", "西湖区", "district", "西湖区"),
    ("companies.csv", " 所在 地区 ", "北京市海淀区", "district", "海淀区"),        # spaces anywhere
    ("patents.csv", "公开（公告）日", "2019/7/1", "pub_date", pd.Timestamp("2019-07-01")),
    ("patents.csv", "申请（专利权）人", "乙公司", "company_id", "C2"),
    ("patents.csv", "ＰＣＴ国际申请号", "PCT/CN2019/000001", "is_pct", True),        # full-width letters
])
def test_full_width_and_spaced_headers(file, header, cell, column, value, tmp_path):
    canonical = schema.header_map(schema.COMPANY_COLUMNS + schema.PATENT_COLUMNS)[schema.normalise_header(header).casefold()]
    if file == "companies.csv":
        files = {"companies.csv": _companies_with(canonical, header, cell)}
    else:
        files = {"companies.csv": TWO_COMPANIES, "patents.csv": _table_with(BASE_PATENT, canonical, header, cell)}
    dataset = load_dataset(write(tmp_path, files))
    frame = dataset.companies if file == "companies.csv" else dataset.patents
    assert frame.at[0, column] == value


@pytest.mark.parametrize("header", ["applications_2021", "2021年专利申请量", "2021专利申请量"])
def test_yearly_applications_column(header, tmp_path):
    write(tmp_path, {"companies.csv": csv(f"企业ID,企业名称,批次,省份,{header}", "C1,甲公司,1,浙江,7")})
    assert load_dataset(tmp_path).companies.at[0, "applications_2021"] == 7


def test_yearly_applications_bad_value_names_the_year(tmp_path):
    write(tmp_path, {"companies.csv": csv("企业ID,企业名称,批次,省份,2021年专利申请量", "C1,甲公司,1,浙江,-7")})
    _, problems = validate_folder(tmp_path)
    assert problems == [P("companies.csv", 2, "2021年专利申请量", "-7", INT)]


@pytest.mark.parametrize("header", [" 企业ID ", "\ufeff企业ID", "企业 ID", "COMPANY_ID", "Company_Id"])
def test_header_spelling_is_forgiving(header, tmp_path):
    write(tmp_path, {"companies.csv": csv(f"{header},企业名称,批次,省份", "C1,甲公司,1,浙江")})
    assert load_dataset(tmp_path).companies.at[0, "company_id"] == "C1"


def test_unknown_columns_are_ignored(tmp_path):
    write(tmp_path, {"companies.csv": csv("序号,企业ID,企业名称,批次,省份,备注", "1,C1,甲公司,1,浙江,随便写")})
    companies = load_dataset(tmp_path).companies
    assert "序号" not in companies.columns and "备注" not in companies.columns


# ---------------------------------------------------------------- normalisation rules

NORMALISE = csv(
    "企业ID,企业名称,批次,省份,城市,产业领域,上市板块,一级市场融资,参保人数,成立日期",
    "R1,省简称,1,浙江,杭州,新材料,,,,",                         # province short → full, city short → full
    "R2,省全称,第三批,江苏省,南京市,,,,,",                        # full stays full; empty industry → 其他
    "R3,计划单列市,2,宁波,,高档数控机床和机器人,,,,",              # 计划单列市 → its province, fills city
    "R4,计划单列市全称,2,深圳市,,电力装备,,,,",
    "R5,直辖市,1,北京,,农机装备,,,,",                              # municipality is its own city
    "R6,自治区简称,1,广西,南宁,其他领域,,,,",
    "R7,别名,1,内蒙,包头,新一代信息技术,,,,",
    "R8,兵团,1,新疆生产建设兵团,,,,,,",
    "R9,全角空格,1,　浙 江　,温州,,,,,",
    "R10,自治州,1,吉林,延边州,,,,,",
    "R11,上市,1,上海市,上海,,港交所；科创板,TRUE,1,2008年5月20日",
)


@pytest.fixture
def normalised(tmp_path):
    write(tmp_path, {"companies.csv": NORMALISE})
    return load_dataset(tmp_path).companies.set_index("company_id")


@pytest.mark.parametrize("cid, province, city", [
    ("R1", "浙江省", "杭州市"),
    ("R2", "江苏省", "南京市"),
    ("R3", "浙江省", "宁波市"),
    ("R4", "广东省", "深圳市"),
    ("R5", "北京市", "北京市"),
    ("R6", "广西壮族自治区", "南宁市"),
    ("R7", "内蒙古自治区", "包头市"),
    ("R8", "新疆维吾尔自治区", ""),
    ("R9", "浙江省", "温州市"),
    ("R10", "吉林省", "延边朝鲜族自治州"),
    ("R11", "上海市", "上海市"),
])
def test_region_normalisation(normalised, cid, province, city):
    assert normalised.at[cid, "province"] == province
    assert normalised.at[cid, "city"] == city


@pytest.mark.parametrize("cid, industry", [
    ("R1", "新材料"), ("R2", "其他"), ("R3", "高端机械装备"), ("R4", "高端机械装备"), ("R5", "高端机械装备"),
    ("R6", "其他"), ("R7", "新一代信息技术"), ("R8", "其他"),
])
def test_industry_normalisation(normalised, cid, industry):
    assert normalised.at[cid, "industry"] == industry


def test_value_normalisation(normalised):
    assert normalised.at["R2", "batch"] == 3 and normalised.at["R3", "batch"] == 2
    assert normalised.at["R11", "listing"] == "科创板;港交所" and normalised.at["R1", "listing"] == ""
    assert bool(normalised.at["R11", "financed"]) is True and bool(normalised.at["R1", "financed"]) is False
    assert normalised.at["R11", "employees"] == 1 and pd.isna(normalised.at["R1", "employees"])
    assert normalised.at["R11", "founded"] == pd.Timestamp("2008-05-20") and pd.isna(normalised.at["R1", "founded"])


def test_optional_company_columns_get_defaults(tmp_path):
    write(tmp_path, {"companies.csv": csv("企业ID,企业名称,批次,省份", "C1,甲公司,1,北京")})
    row = load_dataset(tmp_path).companies.iloc[0]
    assert row["city"] == "北京市" and row["district"] == "" and row["industry"] == "其他"
    assert row["listing"] == "" and not row["financed"] and pd.isna(row["employees"]) and pd.isna(row["founded"])


def test_optional_patent_columns_get_defaults(tmp_path):
    write(tmp_path, {"companies.csv": COMPANIES,
                     "patents.csv": csv("企业ID,申请号,专利类型,申请日,公开日", "C1,CN1,外观设计,2020-01-01,2020-06-01")})
    row = load_dataset(tmp_path).patents.iloc[0]
    assert (row["cited_by"], row["licenses"], row["transfers"]) == (0, 0, 0)
    assert not row["is_pct"] and row["legal_status"] == "" and pd.isna(row["grant_date"])


def test_patent_counts_default_to_zero_when_empty(tmp_path):
    write(tmp_path, {"companies.csv": COMPANIES, "patents.csv": csv(PATENT_HEADER, patent(cited="", licenses="3"))})
    patents = load_dataset(tmp_path).patents
    assert patents[["cited_by", "licenses", "transfers"]].iloc[0].tolist() == [0, 3, 0]
    assert str(patents["cited_by"].dtype) == "int64"


def test_header_only_patents_file_means_no_patents(tmp_path):
    write(tmp_path, {"companies.csv": COMPANIES, "patents.csv": csv(PATENT_HEADER)})
    patents = load_dataset(tmp_path).patents
    assert len(patents) == 0
    for name in ("company_id", "appln_no", "patent_type", "appln_date", "pub_date", "grant_date",
                 "legal_status", "is_pct", "cited_by", "licenses", "transfers"):
        assert name in patents.columns


# ---------------------------------------------------------------- encodings and formats

GBK_COMPANIES = csv(COMPANY_HEADER, C1, "C2,乙公司（深圳）,第二批,广东,深圳,南山区,生物医药及高性能医疗器械,医疗器械,30,2012-01-01,科创板,否")
GBK_PATENTS = csv(PATENT_HEADER, "C2,CN103,外观设计,2020-02-01,2020-08-01,,审中,否,,,")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_csv_encodings(encoding, tmp_path):
    write(tmp_path, {"companies.csv": GBK_COMPANIES.encode(encoding), "patents.csv": GBK_PATENTS.encode(encoding)})
    dataset = load_dataset(tmp_path)
    c2 = dataset.companies.set_index("company_id").loc["C2"]
    assert c2["name"] == "乙公司（深圳）" and c2["province"] == "广东省" and c2["city"] == "深圳市"
    assert c2["industry"] == "生物医药及高性能医疗器械" and c2["listing"] == "科创板"
    assert dataset.patents.iloc[0]["patent_type"] == "外观设计"


def test_gb18030_only_characters(tmp_path):
    name = "𠀾𫟼科技"                         # outside GBK, inside GB18030
    with pytest.raises(UnicodeEncodeError):
        name.encode("gbk")
    write(tmp_path, {"companies.csv": csv("企业ID,企业名称,批次,省份", f"C1,{name},1,浙江").encode("gb18030")})
    assert load_dataset(tmp_path).companies.at[0, "name"] == name


def test_windows_line_endings(tmp_path):
    write(tmp_path, {"companies.csv": "企业ID,企业名称,批次,省份\r\nC1,甲公司,1,浙江\r\nC2,乙公司,2,江苏\r\n"})
    companies = load_dataset(tmp_path).companies
    assert companies["company_id"].tolist() == ["C1", "C2"] and companies["province"].tolist() == ["浙江省", "江苏省"]


@pytest.mark.parametrize("raw, encoding", [
    ("企业".encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + "企业".encode("utf-8"), "utf-8-sig"),
    ("企业".encode("gbk"), "gb18030"),
    (b"plain ascii", "utf-8"),
    (b"\xff\xfe\x00\x81", None),
])
def test_detect_encoding(raw, encoding):
    assert detect_encoding(raw) == encoding


TRICKY_CSV = [
    ("quotes", 'a,b,c\n"x,y","say ""hi""",z\n'),
    ("quoted newline", 'a,b\n"line1\nline2",2\n3,4\n'),
    ("spaces kept for trimming later", "a,b\n  x , y \n"),
    ("na words stay text", "a,b,c,d,e,f\nNA,null,NaN,None,#N/A,n/a\n"),
    ("numbers stay text", "a,b,c\n007,1e5,1,234\n".replace("1,234", '"1,234"')),
    ("crlf", "a,b\r\n1,2\r\n3,4\r\n"),
    ("no final newline", "a,b\n1,2"),
    ("empty cells", "a,b,c\n,,x\n1,,\n"),
    ("one column", "a\n1\n2\n"),
    ("full width", "企业ID,企业名称\nＣ１,（甲）公司\n"),
]


@pytest.mark.parametrize("name, text", TRICKY_CSV, ids=[n for n, _ in TRICKY_CSV])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_fast_csv_reader_agrees_with_pandas_c_parser(name, text, encoding):
    from giantreport.data.readers import _read_csv_arrow
    raw = text.encode(encoding)
    enc = detect_encoding(raw)
    fast = _read_csv_arrow(raw, enc)
    assert fast is not None
    slow = pd.read_csv(io.BytesIO(raw), encoding=enc, dtype=str, keep_default_na=False, skip_blank_lines=False)
    pd.testing.assert_frame_equal(fast, slow)


@pytest.mark.parametrize("text", [
    "a,b\n1,2\n\n3,4\n",            # blank line: pyarrow would drop it and shift row numbers
    "a,b\r\n1,2\r\n\r\n3,4\r\n",
    "a,a\n1,2\n",                    # duplicate header
    "a,,c\n1,2,3\n",                 # empty header
    "a,b\n1,2,3\n",                  # too many fields
    "a,b,c\n1,2\n",                  # too few fields (the C parser fills them with "")
])
def test_fast_csv_reader_leaves_the_odd_cases_to_pandas(text):
    from giantreport.data.readers import _read_csv_arrow
    assert _read_csv_arrow(text.encode("utf-8"), "utf-8") is None


def test_xlsx_with_typed_cells(tmp_path):
    write(tmp_path, {
        "companies.xlsx": xlsx(
            ["企业ID", "企业名称", "批次", "省(区、市)", "所在城市", "参保人数", "成立日期", "一级市场融资", "上市板块"],
            ["C1", "甲公司", 1, "浙江", "杭州", 100, dt.datetime(2000, 6, 30), "是", "创业板"],
            [None] * 9,
            [91330100, "乙公司", 2.0, "宁波", None, 12.0, 2010, 0, None],
            ["C3", "丙公司", "第三批", "北京", None, None, "2012/1/1", True, "主板、港交所"]),
        "patents.xlsx": xlsx(
            ["企业ID", "申请号", "专利类型", "申请日", "公开(公告)日", "授权日", "PCT", "被引用次数"],
            ["C1", "CN1", "发明", dt.datetime(2019, 1, 10), dt.datetime(2020, 3, 1), None, "否", 3],
            [91330100, "CN2", "实用新型", "2020-02-01", dt.date(2020, 8, 1), dt.datetime(2020, 8, 1), 1, None]),
    })
    dataset = load_dataset(tmp_path)
    assert dataset.files == {"companies": "companies.xlsx", "patents": "patents.xlsx"}
    c = dataset.companies.set_index("company_id")
    assert c.index.tolist() == ["C1", "91330100", "C3"]
    assert c.at["C1", "founded"] == pd.Timestamp("2000-06-30") and c.at["91330100", "founded"] == pd.Timestamp("2010-01-01")
    assert c.at["91330100", "batch"] == 2 and c.at["91330100", "employees"] == 12
    assert c.at["91330100", "province"] == "浙江省" and c.at["91330100", "city"] == "宁波市"
    assert c["financed"].tolist() == [True, False, True]
    assert c.at["C3", "listing"] == "主板;港交所" and c.at["C3", "city"] == "北京市"
    p = dataset.patents.set_index("appln_no")
    assert p.at["CN2", "company_id"] == "91330100" and p.at["CN2", "is_pct"]
    assert p.at["CN1", "appln_date"] == pd.Timestamp("2019-01-10") and p.at["CN2", "pub_date"] == pd.Timestamp("2020-08-01")
    assert p["cited_by"].tolist() == [3, 0]


def test_parquet_input(tmp_path):
    write(tmp_path, {
        "companies.parquet": parquet(pd.DataFrame({
            "企业ID": ["C1", "C2"], "企业名称": ["甲公司", "乙公司"], "批次": [1, 2], "省份": ["浙江", "青岛"],
            "参保人数": [10, 20], "成立日期": pd.to_datetime(["2001-01-01", "2002-02-02"]), "一级市场融资": [True, False]})),
        "patents.parquet": parquet(pd.DataFrame({
            "企业ID": ["C2"], "申请号": ["CN1"], "专利类型": ["发明"], "申请日": pd.to_datetime(["2020-01-01"]),
            "公开日": pd.to_datetime(["2020-06-01"]), "被引用次数": [4]})),
    })
    dataset = load_dataset(tmp_path)
    c = dataset.companies.set_index("company_id")
    assert c.at["C2", "province"] == "山东省" and c.at["C2", "city"] == "青岛市"
    assert c.at["C2", "founded"] == pd.Timestamp("2002-02-02") and c["employees"].tolist() == [10, 20]
    assert dataset.patents.at[0, "cited_by"] == 4


@pytest.mark.parametrize("name", ["企业名单.csv", "企业.csv", "companies.xlsx"])
def test_other_company_file_names(name, tmp_path):
    content = xlsx(["企业ID", "企业名称", "批次", "省份"], ["C1", "甲公司", 1, "浙江"]) if name.endswith(".xlsx") \
        else csv("企业ID,企业名称,批次,省份", "C1,甲公司,1,浙江")
    write(tmp_path, {name: content, "专利.csv": csv(PATENT_HEADER, P1)})
    dataset = load_dataset(tmp_path)
    assert dataset.files == {"companies": name, "patents": "专利.csv"}


def test_benchmarks_yaml_overrides_defaults(tmp_path):
    write(tmp_path, {"companies.csv": COMPANIES, "benchmarks.yaml": "ashare:\n  applications_mean: 500.5\n"})
    benchmarks = load_dataset(tmp_path).benchmarks
    assert benchmarks["ashare"]["applications_mean"] == 500.5
    assert benchmarks["ashare"]["valid_inventions_mean"] == 83.70          # untouched defaults stay


# ---------------------------------------------------------------- the documented example

def test_docs_minimal_example_validates(tmp_path):
    """The minimal example in docs/data-format.md, copied block by block into a folder, passes."""
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- example: (\S+) -->\s*```[a-z]*\n(.*?)```", text, flags=re.S)
    assert {name for name, _ in blocks} >= {"companies.csv", "patents.csv", "benchmarks.yaml"}
    for name, body in blocks:
        (tmp_path / name).write_text(body, encoding="utf-8")
    dataset = load_dataset(tmp_path)
    assert len(dataset.companies) == 3 and len(dataset.patents) == 4
    c = dataset.companies.set_index("company_id")       # what the text under the example says
    assert (c.at["C2", "province"], c.at["C2", "city"], c.at["C2", "industry"]) == ("浙江省", "宁波市", "高端机械装备")
    assert c.at["C2", "founded"] == pd.Timestamp("2010-01-01")
    assert (c.at["C3", "city"], c.at["C3", "listing"]) == ("北京市", "主板;港交所")
    assert dataset.benchmarks["ashare"]["applications_mean"] == 460.1


def test_docs_name_every_alias():
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for columns in (schema.COMPANY_COLUMNS, schema.AGGREGATE_COLUMNS, schema.PATENT_COLUMNS):
        for column in columns:
            for spelling in (column.name, *column.aliases):
                assert spelling in text, spelling


# ---------------------------------------------------------------- a title above the header

@pytest.mark.parametrize("name, content", [
    ("companies.xlsx", xlsx(["附件：第四批专精特新“小巨人”企业名单"], [None, None],
                            ["企业ID", "企业名称", "批次", "省份"], ["C1", "甲公司", 4, "浙江"], ["C2", "乙公司", 4, "北京"])),
    ("companies.csv", csv("附件：第四批专精特新“小巨人”企业名单", "", "企业ID,企业名称,批次,省份",
                          "C1,甲公司,4,浙江", "C2,乙公司,4,北京").encode("gbk")),
], ids=["xlsx", "gbk-csv"])          # ids, not the bytes: an XLSX holds its write time
def test_title_rows_above_the_header_are_skipped_and_said(name, content, tmp_path):
    dataset = load_dataset(write(tmp_path, {name: content}))
    assert dataset.companies["company_id"].tolist() == ["C1", "C2"]
    assert dataset.companies["province"].tolist() == ["浙江省", "北京市"]
    assert dataset.notes == [f"{name}：表头在第 3 行，上方 2 行（标题、空行等）未作为数据读取",
                             f"没有专利数据（既无专利明细文件 patents.csv/.xlsx，{name} 中也没有专利汇总列）："
                             "科创能力、行业技术、明星企业和区域科创的图表从略"]
    result = CliRunner().invoke(cli, ["validate", "--data", str(tmp_path)])
    assert result.exit_code == 0
    assert f"说明：{name}：表头在第 3 行" in result.output


def test_patent_file_with_a_title_line(tmp_path):
    write(tmp_path, {"companies.csv": COMPANIES,
                     "patents.csv": csv("专利清单（截至2022年6月30日）", PATENT_HEADER, P1, P2)})
    dataset = load_dataset(tmp_path)
    assert dataset.patents["appln_no"].tolist() == ["CN101", "CN102"]
    assert dataset.notes == ["companies.csv 的“成立日期”列：1 个只写年份的日期按当年 1 月 1 日计",   # C2: 2015
                             "patents.csv：表头在第 2 行，上方 1 行（标题、空行等）未作为数据读取"]


def test_patent_totals_in_the_company_list_are_said_to_be_unused_when_patent_rows_exist(tmp_path):
    write(tmp_path, {"companies.csv": csv("企业ID,企业名称,批次,省份,有效发明专利量,2021年专利申请量",
                                          "C1,甲公司,1,浙江,5,3", "C2,乙公司,2,江苏,0,1"),
                     "patents.csv": csv(PATENT_HEADER, P1, P2)})
    dataset = load_dataset(tmp_path)
    assert dataset.notes == ["companies.csv 中的专利汇总列（有效发明专利量、2021年专利申请量）未使用："
                             "有专利明细文件 patents.csv 时，专利指标一律按明细逐条计算"]
    (tmp_path / "patents.csv").unlink()
    assert load_dataset(tmp_path).notes == []          # without patent rows the totals are the data


# ---------------------------------------------------------------- the shipped examples (data/examples/)

EXAMPLES = ROOT / "data" / "examples" / "第五批名单"
EXAMPLE_LIST = "2023年第五批专精特新小巨人名单.xlsx"
EXAMPLE_NOTES = [    # docs/data-format.md §9.3 shows the same lines
    f"{EXAMPLE_LIST} 是文件夹中唯一的表格文件，作为企业名单读取",
    f"{EXAMPLE_LIST}：名单在工作表“名单”中（跳过了“填表说明”）",
    f"{EXAMPLE_LIST}：表头在第 3 行，上方 2 行（标题、空行等）未作为数据读取",
    f"{EXAMPLE_LIST} 中未使用的列：序号、备注",
    f"{EXAMPLE_LIST}：从“所在地区”列拆出省份、城市、区县（按民政部区划表）",
    f"{EXAMPLE_LIST} 没有企业ID列（统一社会信用代码）：按企业名称识别企业（全角与半角括号、空格视为相同）",
    f"{EXAMPLE_LIST} 的“成立日期”列：2 个只写到月的日期按当月 1 日计，2 个只写年份的日期按当年 1 月 1 日计",
    "专利导出.csv 中未使用的列：序号、公开(公告)号、标题",
    "专利导出.csv：按申请人名称关联企业名单，26 行专利属于名单内的企业",       # 28 rows: 2 without a listed applicant
    "专利导出.csv：2 行的申请人不在企业名单中，已忽略",                         # 示例理工大学 alone, 上海示例电子 alone
    "专利导出.csv：3 行有名单外的共同申请人（如高校、其他企业），只计入名单内的企业",   # 序号 11, 15, 18
    "数据中没有“一级市场融资”，以下内容从略（统计结果中为空值）：图 1.4 的一级市场融资企业数与占比",
    "数据中没有“专利许可次数”，以下内容从略（统计结果中为空值）：图 2.5 的平均专利对外许可次数",   # no 许可次数 column
    "数据中没有“专利转让次数”，以下内容从略（统计结果中为空值）：图 2.5 的平均专利对外转让次数",
]


def test_shipped_examples_validate_and_say_how_they_were_read(tmp_path):
    """`giantreport validate --data data/examples/第五批名单/` passes and prints exactly these notes."""
    done = run_cli(EXAMPLES, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"校验通过：{EXAMPLES}，20 家企业，28 条专利记录。 / OK: 20 companies, 28 patents." in done.stdout
    printed = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip().startswith("说明：")]
    assert printed == [f"说明：{note}" for note in EXAMPLE_NOTES]
    assert "Traceback" not in done.stderr
    docs = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for note in EXAMPLE_NOTES:
        assert f"  说明：{note}\n" in docs, note


def test_shipped_examples_read_as_the_docs_say():
    """The rows worked by hand in docs/data-format.md §9."""
    dataset = load_dataset(EXAMPLES)
    assert dataset.files == {"companies": EXAMPLE_LIST, "patents": "专利导出.csv"}
    assert dataset.missing == frozenset({"financed", "licenses", "transfers"})
    c = dataset.companies.set_index("name")
    assert len(c) == 20 and set(c["batch"]) == {5}                                    # 2023年第五批
    columns = ["province", "city", "district", "industry", "listing", "founded", "employees"]
    rows = {
        "杭州示例精工机械有限公司": ("浙江省", "杭州市", "余杭区", "高端机械装备", "", pd.Timestamp("2009-07-01"), 236),
        "杭州示例智联科技股份有限公司": ("浙江省", "杭州市", "滨江区", "新一代信息技术", "创业板", pd.Timestamp("2012-03-15"), 418),
        "宁波示例新材料科技有限公司": ("浙江省", "宁波市", "鄞州区", "新材料", "", pd.Timestamp("2006-08-01"), 152),
        "浙江示例电气（集团）有限公司": ("浙江省", "温州市", "乐清市", "高端机械装备", "主板", pd.Timestamp("1998-01-01"), 1260),
        "东莞示例模具有限公司": ("广东省", "东莞市", "", "高端机械装备", "", pd.Timestamp("2007-01-01"), 96),
        "佛山示例陶瓷材料有限公司": ("广东省", "佛山市", "顺德区", "新材料", "北交所", pd.Timestamp("2002-12-18"), 134),
        "北京示例航天测控技术有限公司": ("北京市", "北京市", "海淀区", "航空航天装备", "", pd.Timestamp("2010-10-10"), 276),
        "北京示例医疗器械有限公司": ("北京市", "北京市", "昌平区", "生物医药及高性能医疗器械", "港交所",
                                  pd.Timestamp("2013-04-01"), 358),
        "成都示例航空部件有限公司": ("四川省", "成都市", "双流区", "航空航天装备", "", pd.Timestamp("2012-02-29"), 145),
        "昌吉示例农牧机械有限公司": ("新疆维吾尔自治区", "昌吉回族自治州", "昌吉市", "高端机械装备", "",
                                  pd.Timestamp("2014-07-18"), 88),
    }
    for name, expected in rows.items():
        assert tuple(c.loc[name, columns]) == expected, name
    jinan = c.loc["济南示例仪器仪表有限公司"]                                          # 暂无 in two cells
    assert jinan["industry"] == "其他" and pd.isna(jinan["founded"]) and pd.isna(jinan["employees"])
    assert (c["listing"] != "").sum() == 7

    p = dataset.patents
    assert len(p) == 27 and p["appln_no"].nunique() == 26
    per_company = p.groupby("company_id").size()
    assert per_company["杭州示例精工机械有限公司"] == 3                                # 序号 3 shared with 苏州
    assert per_company["苏州示例精密传动有限公司"] == 2
    assert per_company["浙江示例电气(集团)有限公司"] == 2                              # (集团) in either width
    assert set(p.loc[p["appln_no"] == "CN202110000103.3", "company_id"]) == {"杭州示例精工机械有限公司",
                                                                             "苏州示例精密传动有限公司"}
    assert not p["company_id"].str.contains("大学|上海示例电子").any()
    assert set(p.loc[p["is_pct"], "appln_no"]) == {"CN201810000201.5", "CN201510000401.4", "CN202010000601.2",
                                                    "CN201810000801.0", "CN202110001701.6"}    # "-" is not PCT
    status = p.drop_duplicates("appln_no").set_index("appln_no")["legal_status"]   # 未缴年费, 期限届满, 等待实审
    assert (status["CN201620000302.1"], status["CN201610001001.7"], status["CN202110001701.6"]) == ("失效", "失效", "审中")
    kinds = p.drop_duplicates("appln_no").set_index("appln_no")["patent_type"]   # 发明申请, 实用新型专利, 外观设计专利
    assert (kinds["CN202110000103.3"], kinds["CN201920000701.6"], kinds["CN202030001201.2"]) == ("发明", "实用新型", "外观设计")


def test_shipped_examples_are_what_the_script_makes():
    """data/examples/make_examples.py makes the committed files (the CSV byte for byte, the workbook cell for cell)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "data" / "examples" / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.patents_csv() == (EXAMPLES / "专利导出.csv").read_bytes()

    def cells(raw: bytes) -> dict:
        book = openpyxl.load_workbook(io.BytesIO(raw))
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    made, shipped = cells(module.workbook_bytes()), cells((EXAMPLES / EXAMPLE_LIST).read_bytes())
    assert made == shipped and list(shipped) == ["填表说明", "名单"]
    assert len((EXAMPLES / EXAMPLE_LIST).read_bytes()) < 12_000 and len((EXAMPLES / "专利导出.csv").read_bytes()) < 6_000
