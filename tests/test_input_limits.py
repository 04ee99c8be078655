"""Hostile and broken input: bounded work for bounded input, plain problems instead of internal errors.

Every bad file is built here, from bytes, zipfile or openpyxl. The bombs run the real CLI in a child
process under RLIMIT_AS of 1.5 GB and must end with exit 1, a message naming the limit and its
environment variable, no traceback, and a peak RSS under 1 GB (the child's VmHWM).
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from giantreport.cli import main
from giantreport.data.load import load_dataset
from giantreport.data.readers import column_letters, read_table
from giantreport.data.schema import COMPANY_COLUMNS, AGGREGATE_COLUMNS, header_map
from giantreport.errors import Problem, ValidationFailed

ROOT = Path(__file__).resolve().parent.parent
COMPANIES = "企业ID,企业名称,批次,省份\nC1,甲公司,1,浙江\nC2,乙公司,2,江苏\n"
PATENT_HEADER = "企业ID,申请号,专利类型,申请日,公开日"
KNOWN = set(header_map(COMPANY_COLUMNS + AGGREGATE_COLUMNS))


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def workbook(*sheets: tuple[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def validate(folder: Path, capsys) -> tuple[int, str]:
    code = main(["validate", "--data", str(folder)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


# ---------------------------------------------------------------- the CLI in a child process, memory capped

CHILD = """
import sys
from giantreport.cli import main
code = main(["validate", "--data", sys.argv[1]])
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        sys.stderr.write("PEAK_KIB=" + line.split()[1] + "\\n")
sys.exit(code)
"""
AS_LIMIT = int(1.5 * 2**30)


def run_capped(folder: Path, env: dict[str, str] | None = None) -> tuple[int, str, float]:
    """exit code, stderr, peak RSS in MiB of `giantreport validate` under RLIMIT_AS 1.5 GB."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))
    environ = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {}),
               "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder)], capture_output=True, text=True,
                          timeout=60, preexec_fn=cap, env=environ)
    m = re.search(r"PEAK_KIB=(\d+)", done.stderr)
    assert m, done.stderr
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr, done.stderr
    return done.returncode, done.stderr, int(m.group(1)) / 1024


# ---------------------------------------------------------------- 1. bombs

def test_csv_header_of_two_million_empty_columns_is_refused(tmp_path):
    # 2 MB: before, 275 s and 9.1 GB, then std::bad_alloc
    write(tmp_path, {"companies.csv": b"," * 2_000_000 + "\nC1,甲公司,1,浙江\n".encode()})
    code, err, peak = run_capped(tmp_path)
    assert code == 1
    assert "companies.csv，第 1 行：表头至少有 65,537 列（其中 65,537 列没有列名），超过上限 500 列" in err
    assert "GIANTREPORT_MAX_COLUMNS" in err
    assert peak < 1024


def test_column_limit_counts_exactly_and_can_be_raised(tmp_path, capsys, monkeypatch):
    header = "企业ID,企业名称,批次,省份," + ",".join(f"备注{i}" for i in range(497))
    write(tmp_path, {"companies.csv": header + "\nC1,甲公司,1,浙江\n"})
    code, out = validate(tmp_path, capsys)
    assert code == 1
    assert ("companies.csv，第 1 行：表头有 501 列，超过上限 500 列：请删去多余的列；如确有需要，可设环境变量 "
            "GIANTREPORT_MAX_COLUMNS 放宽上限（当前 500 列）") in out
    monkeypatch.setenv("GIANTREPORT_MAX_COLUMNS", "600")
    assert validate(tmp_path, capsys)[0] == 0


def test_a_limit_set_to_nonsense_is_a_plain_error(tmp_path, capsys, monkeypatch):
    write(tmp_path, {"companies.csv": COMPANIES})
    monkeypatch.setenv("GIANTREPORT_MAX_COLUMNS", "很多")
    code, out = validate(tmp_path, capsys)
    assert code == 1 and "错误：环境变量 GIANTREPORT_MAX_COLUMNS 应为正整数，实际为“很多”" in out


def _zip(parts: dict[str, bytes | tuple[bytes, int, int]]) -> bytes:
    """A zip archive written by hand. A part is bytes (deflated here) or (raw deflate stream, crc, size)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, part in parts.items():
        if isinstance(part, bytes):
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            part = (c.compress(part) + c.flush(), zlib.crc32(part), len(part))
        data, crc, size = part
        raw_name = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(raw_name), 0))
        out.write(raw_name + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                  len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name)
    start, directory = out.tell(), central.getvalue()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), start, 0))
    return out.getvalue()


def xlsx_with_one_huge_cell(size: int) -> bytes:
    """A valid workbook whose B2 holds `size` letters A, deflated (~1,000:1): a zip bomb."""
    template = zipfile.ZipFile(io.BytesIO(workbook(("名单", [["企业ID", "企业名称", "批次", "省份"],
                                                             ["C1", "@@CELL@@", 1, "浙江"]]))))
    parts: dict = {}
    for info in template.infolist():
        data = template.read(info.filename)
        if b"@@CELL@@" not in data:
            parts[info.filename] = data
            continue
        before, after = data.split(b"@@CELL@@")
        chunk = b"A" * (1 << 24)
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        head = c.compress(before) + c.flush(zlib.Z_FULL_FLUSH)
        block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)     # after a full flush: the same bytes each time
        n, rest = divmod(size, len(chunk))
        tail = c.compress(chunk[:rest] + after) + c.flush()
        crc = zlib.crc32(before)
        for _ in range(n):
            crc = zlib.crc32(chunk, crc)
        crc = zlib.crc32(chunk[:rest] + after, crc)
        parts[info.filename] = (head + block * n + tail, crc, len(before) + size + len(after))
    return _zip(parts)


def test_xlsx_bomb_beyond_the_size_limit_is_refused_before_it_is_opened(tmp_path):
    # 1.5 MB file, one 1.5 GB cell: before, it passed validate after 46 s at 8.5 GB
    write(tmp_path, {"companies.xlsx": xlsx_with_one_huge_cell(1_500_000_000)})
    assert (tmp_path / "companies.xlsx").stat().st_size < 2_000_000
    code, err, peak = run_capped(tmp_path)
    assert code == 1
    assert re.search(r"companies\.xlsx：工作簿解压后有 1,43\d MB，超过上限 1,024 MB", err), err
    assert "GIANTREPORT_MAX_XLSX_MB" in err
    assert peak < 1024


def test_xlsx_bomb_within_the_size_limit_is_refused_for_its_ratio(tmp_path):
    write(tmp_path, {"companies.xlsx": xlsx_with_one_huge_cell(300_000_000)})
    code, err, peak = run_capped(tmp_path)
    assert code == 1
    assert re.search(r"companies\.xlsx：工作簿中的 xl/\S+\.xml 压缩比为 [\d,]+ 倍", err), err
    assert "超过上限 100 倍" in err and "GIANTREPORT_MAX_XLSX_RATIO" in err
    assert peak < 1024


def test_the_hand_made_zip_is_a_real_workbook(tmp_path):
    """The bomb builder makes valid files: a small one reads, and the long cell is refused by length."""
    write(tmp_path, {"companies.xlsx": xlsx_with_one_huge_cell(40_000)})
    table, problems = read_table(tmp_path / "companies.xlsx", KNOWN)
    assert table is None
    assert [str(p) for p in problems] == [
        "companies.xlsx，第 2 行，列“企业名称”：值“AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…”不符合要求，应为不超过 32,767 个字符的内容"
        "（Excel 单元格的上限），这一格有 40,000 个字符；如确有需要，可设环境变量 GIANTREPORT_MAX_CELL_CHARS 放宽上限"
        "（当前 32,767 个字符）"]


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]" for p, n in zip("abcdefgh", "bcdefghi")]) + "\n"


def test_yaml_alias_bomb_is_refused(tmp_path):
    # 730 bytes: before, still running after 120 s
    write(tmp_path, {"companies.csv": COMPANIES, "benchmarks.yaml": BILLION_LAUGHS})
    assert len(BILLION_LAUGHS.encode()) < 1000
    code, err, peak = run_capped(tmp_path)
    assert code == 1
    assert "benchmarks.yaml，第 2 行：不支持 YAML 别名（*a）：请把引用处的值直接写出" in err
    assert peak < 1024


@pytest.mark.parametrize("text, message", [
    ("a: &a [*a]\n", "benchmarks.yaml，第 1 行：不支持 YAML 别名（*a）"),                       # recursive
    ("a: &a {b: *a}\n", "benchmarks.yaml，第 1 行：不支持 YAML 别名（*a）"),
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "benchmarks.yaml，第 1 行：嵌套超过 20 层"),     # was RecursionError
    ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 30)) + "  " * 30 + "v: 1\n",
     "benchmarks.yaml，第 20 行：嵌套超过 20 层"),
])
def test_recursive_and_deep_yaml_is_a_plain_problem(text, message, tmp_path, capsys):
    write(tmp_path, {"companies.csv": COMPANIES, "benchmarks.yaml": text})
    code, out = validate(tmp_path, capsys)
    assert code == 1 and message in out
    if "嵌套" in message:
        assert "GIANTREPORT_MAX_YAML_DEPTH" in out


def test_yaml_depth_and_size_limits_can_be_raised(tmp_path, capsys, monkeypatch):
    deep = "extra:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 25)) + "  " * 25 + "v: 1\n"
    write(tmp_path, {"companies.csv": COMPANIES, "benchmarks.yaml": deep})
    assert validate(tmp_path, capsys)[0] == 1
    monkeypatch.setenv("GIANTREPORT_MAX_YAML_DEPTH", "40")
    assert validate(tmp_path, capsys)[0] == 0
    big = "source: \"" + "说明" * 300_000 + "\"\n"          # 1.8 MB
    write(tmp_path, {"benchmarks.yaml": big})
    code, out = validate(tmp_path, capsys)
    assert code == 1 and "benchmarks.yaml：文件有 1,758 KB，超过上限 1,024 KB" in out and "GIANTREPORT_MAX_YAML_KB" in out


def test_long_cells_in_csv_are_refused_where_the_loader_reads_them(tmp_path, capsys, monkeypatch):
    long_name = "长" * 40_000
    note = "注" * 40_000                       # in a column the loader ignores: no harm
    write(tmp_path, {"companies.csv": f"企业ID,企业名称,批次,省份,备注\nC1,甲公司,1,浙江,{note}\nC2,{long_name},2,江苏,\n"})
    code, out = validate(tmp_path, capsys)
    assert code == 1
    assert ("  ✗ companies.csv，第 3 行，列“企业名称”：值“" + "长" * 39 + "…”不符合要求，应为不超过 32,767 个字符的内容"
            "（Excel 单元格的上限），这一格有 40,000 个字符；如确有需要，可设环境变量 GIANTREPORT_MAX_CELL_CHARS 放宽上限"
            "（当前 32,767 个字符）") in out
    assert "第 2 行" not in out
    monkeypatch.setenv("GIANTREPORT_MAX_CELL_CHARS", "50000")
    assert validate(tmp_path, capsys)[0] == 0


def test_row_limit_csv_xlsx_parquet(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GIANTREPORT_MAX_ROWS", "3")
    rows = [["C1", "甲", 1, "浙江"], ["C2", "乙", 1, "浙江"], ["C3", "丙", 1, "浙江"], ["C4", "丁", 1, "浙江"]]
    header = ["企业ID", "企业名称", "批次", "省份"]
    frame = pd.DataFrame(rows, columns=header)
    for name, content, count in [
            ("companies.csv", frame.to_csv(index=False), "数据有 4 行，超过"),
            ("companies.xlsx", workbook(("名单", [header] + rows)), "数据超过"),      # reading stops at the limit
            ("companies.parquet", frame.to_parquet(index=False), "数据有 4 行，超过")]:
        folder = tmp_path / name
        folder.mkdir()
        write(folder, {name: content})
        code, out = validate(folder, capsys)
        assert code == 1
        assert (f"  ✗ {name}：{count}上限 3 行：请拆分文件；如确有需要，"
                "可设环境变量 GIANTREPORT_MAX_ROWS 放宽上限（当前 3 行）") in out, out


def test_xlsx_row_wider_than_the_column_limit(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GIANTREPORT_MAX_COLUMNS", "20")
    stray = ["C2", "乙", 2, "江苏"] + [None] * 25 + ["x"]           # a stray cell in column AD
    write(tmp_path, {"companies.xlsx": workbook(("名单", [["企业ID", "企业名称", "批次", "省份"],
                                                           ["C1", "甲", 1, "浙江"], stray]))})
    code, out = validate(tmp_path, capsys)
    assert code == 1
    assert "companies.xlsx，第 3 行：这一行第 AD 列还有内容，超过列数上限 20 列" in out


def test_xlsx_row_number_beyond_excel_is_a_damaged_file(tmp_path, capsys):
    raw = workbook(("名单", [["企业ID", "企业名称", "批次", "省份"], ["C1", "甲", 1, "浙江"], ["C2", "乙", 2, "江苏"]]))
    template = zipfile.ZipFile(io.BytesIO(raw))
    parts = {}
    for info in template.infolist():
        data = template.read(info.filename)
        if info.filename.startswith("xl/worksheets/"):
            data = re.sub(rb'r="3"', b'r="2000000000"', data)
            data = re.sub(rb'r="([A-Z]+)3"', rb'r="\g<1>2000000000"', data)
        parts[info.filename] = data
    write(tmp_path, {"companies.xlsx": _zip(parts)})
    code, out = validate(tmp_path, capsys)
    assert code == 1 and "companies.xlsx：工作表的行号超过 Excel 的上限 1,048,576 行，文件可能已损坏" in out


# ---------------------------------------------------------------- 2. internal errors on plausible input

def test_extra_comma_in_the_first_data_row(tmp_path, capsys):
    # was: 内部错误：ValueError: invalid literal for int() with base 10: 'C2'
    write(tmp_path, {"companies.csv": "企业ID,企业名称,批次,省份\nC1,甲科技,有限公司,1,浙江\nC2,乙公司,2,江苏\n"})
    code, out = validate(tmp_path, capsys)
    assert code == 1
    assert "  ✗ companies.csv，第 2 行：列数与表头不一致：表头有 4 列，这一行有 5 列（含逗号的值需用英文双引号括起来）" in out


def test_extra_comma_in_the_first_data_row_below_a_title(tmp_path, capsys):
    write(tmp_path, {"companies.csv": "第五批名单\n企业ID,企业名称,批次,省份\nC1,甲,科技,1,浙江\nC2,乙公司,2,江苏\n"})
    code, out = validate(tmp_path, capsys)
    assert code == 1 and "  ✗ companies.csv，第 3 行：列数与表头不一致：表头有 4 列，这一行有 5 列" in out


def test_quoted_line_breaks_in_the_header_are_not_taken_for_extra_commas(tmp_path, capsys):
    write(tmp_path, {"companies.csv": '企业ID,"企业\n名称",批次,省份,城市,区县\nC1,甲公司,1,浙江,杭州,西湖区\n\nC2,乙公司,2,江苏,南京,玄武区\n'})
    code, out = validate(tmp_path, capsys)
    assert code == 0 and "列数与表头不一致" not in out


def test_parquet_dates_beyond_what_the_engine_holds(tmp_path, capsys):
    # was: 内部错误：OutOfBoundsDatetime: Out of bounds nanosecond timestamp: 9999-12-31 00:00:00
    patents = pa.table({
        "企业ID": ["C1", "C1", "C2"], "申请号": ["CN1", "CN2", "CN3"], "专利类型": ["发明"] * 3,
        "申请日": pa.array([dt.date(1600, 1, 1), dt.date(2020, 2, 1), dt.date(2021, 1, 5)], pa.date32()),
        "公开日": pa.array([dt.datetime(2020, 3, 1), dt.datetime(2020, 8, 1), dt.datetime(9999, 12, 31)],
                        pa.timestamp("us")),
        "有效期至": pa.array([dt.datetime(9999, 12, 31)] * 3, pa.timestamp("us")),   # ignored column: no problem
    })
    buf = io.BytesIO()
    pq.write_table(patents, buf)
    write(tmp_path, {"companies.csv": COMPANIES, "patents.parquet": buf.getvalue()})
    code, out = validate(tmp_path, capsys)
    assert code == 1
    expect = "1678–2261 年间的日期（超出这一范围的日期无法处理，请检查是否录入有误）"
    assert [line for line in out.splitlines() if line.startswith("  ✗")] == [
        f"  ✗ patents.parquet，第 1 行，列“申请日”：值“1600-01-01”不符合要求，应为{expect}",
        f"  ✗ patents.parquet，第 3 行，列“公开日”：值“9999-12-31”不符合要求，应为{expect}"]


@pytest.mark.parametrize("appln, pub", [("1600-01-01", "2020-01-01"), ("2020-01-01", "9999-12-31")])
def test_csv_dates_out_of_range_are_value_problems(appln, pub, tmp_path, capsys):
    write(tmp_path, {"companies.csv": COMPANIES, "patents.csv": f"{PATENT_HEADER}\nC1,CN1,发明,{appln},{pub}\n"})
    code, out = validate(tmp_path, capsys)
    bad, column = (appln, "申请日") if appln.startswith("1600") else (pub, "公开日")
    assert code == 1 and f"  ✗ patents.csv，第 2 行，列“{column}”：值“{bad}”不符合要求，应为" in out


def test_xlsx_dates_out_of_range_are_value_problems(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(PATENT_HEADER.split(","))
    sheet.append(["C1", "CN1", "发明", dt.datetime(9999, 12, 31), dt.datetime(2020, 1, 1)])    # Excel's last day
    sheet.append(["C1", "CN2", "发明", "1600-01-01", dt.datetime(2020, 1, 1)])                  # text
    sheet.append(["C2", "CN3", "发明", 99_999_999, dt.datetime(2020, 1, 1)])                    # a serial past 9999
    sheet["D4"].number_format = "yyyy-mm-dd"
    buf = io.BytesIO()
    book.save(buf)
    write(tmp_path, {"companies.csv": COMPANIES, "patents.xlsx": buf.getvalue()})
    code, out = validate(tmp_path, capsys)
    assert code == 1
    assert "  ✗ patents.xlsx，第 2 行，列“申请日”：值“9999-12-31”不符合要求，应为1678–2261 年间的日期" in out
    assert ("  ✗ patents.xlsx，第 4 行，列“申请日”：值“99999999”不符合要求，应为日期：这一格设成了日期格式，"
            "但其中的数字不是 Excel 能表示的日期（请改为正确的日期）") in out
    assert "UserWarning" not in out


def test_xlsx_text_date_out_of_range_is_a_value_problem(tmp_path, capsys):
    write(tmp_path, {"companies.csv": COMPANIES, "patents.xlsx": workbook(("专利", [
        PATENT_HEADER.split(","), ["C1", "CN2", "发明", "1600-01-01", dt.datetime(2020, 1, 1)]]))})
    code, out = validate(tmp_path, capsys)
    assert code == 1 and "  ✗ patents.xlsx，第 2 行，列“申请日”：值“1600-01-01”不符合要求，应为" in out


def test_corrupt_sheet_xml(tmp_path, capsys):
    # was: 内部错误：ParseError: unclosed token
    template = zipfile.ZipFile(io.BytesIO(workbook(("名单", [["企业ID", "企业名称", "批次", "省份"], ["C1", "甲", 1, "浙江"]]))))
    parts = {i.filename: template.read(i.filename) for i in template.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-40]
    write(tmp_path, {"companies.xlsx": _zip(parts)})
    code, out = validate(tmp_path, capsys)
    assert code == 1 and "  ✗ companies.xlsx：无法读取文件，格式可能已损坏（ParseError: " in out


@pytest.mark.parametrize("text, line", [
    # was: AttributeError: 'int' object has no attribute 'get' (in the statistics)
    ("ashare: 5\n", "benchmarks.yaml，列“ashare”：值“5”不符合要求，应为下一层的映射，不能是单个值（写法如 “ashare:” 换行后缩进写 "
                    "“applications_mean: 444.25”）"),
    ("ashare:\n", "benchmarks.yaml，列“ashare”：值“”不符合要求，应为下一层的映射"),
    ("industries:\n  新材料: 0.2\n", "benchmarks.yaml，列“industries.新材料”：值“0.2”不符合要求，应为下一层的映射"),
    ("industry_groups:\n  新组合: 0.3\n", "benchmarks.yaml，列“industry_groups.新组合”：值“0.3”不符合要求，应为下一层的映射"),
    ("boards:\n  主板: {count: 1}\n", "benchmarks.yaml，列“boards.主板”：值“{'count': 1}”不符合要求，应为一个数值（如 444.25），"
                                     "不能是下一层的映射"),
    ("boards:\n  纳斯达克: {count: 1}\n", "benchmarks.yaml，列“boards.纳斯达克”：值“{'count': 1}”不符合要求，应为一个数值"),
    ("boards: [1, 2]\n", "benchmarks.yaml，列“boards”：值“[1, 2]”不符合要求，应为下一层的映射"),
    ("ashare:\n  applications_mean: .inf\n", "benchmarks.yaml，列“ashare.applications_mean”：值“inf”不符合要求，应为数值（如 444.25）"),
    ("policy_growth_target: " + "9" * 400 + "\n", "benchmarks.yaml，列“policy_growth_target”：值“" + "9" * 39 + "…”不符合要求，应为数值"),
    ("top500_pct_share: " + "9" * 5000 + "\n", "benchmarks.yaml：YAML 格式错误"),
])
def test_benchmarks_in_the_wrong_shape(text, line, tmp_path, capsys):
    write(tmp_path, {"companies.csv": COMPANIES, "benchmarks.yaml": text})
    with pytest.raises(ValidationFailed):
        load_dataset(tmp_path)
    code, out = validate(tmp_path, capsys)
    assert code == 1 and f"  ✗ {line}" in out


def test_benchmarks_may_add_keys_in_the_shape_of_their_siblings(tmp_path):
    write(tmp_path, {"companies.csv": COMPANIES, "benchmarks.yaml":
                     "boards:\n  新三板: 6500\nindustry_groups:\n  新组合: {members: '新材料;其他', share: 0.3, note: 示例}\n"
                     "industries:\n  高端机械装备: {share: 0.12}\nsource: 自编\nnew_top_level: {anything: 1}\n"})
    bm = load_dataset(tmp_path).benchmarks
    assert bm["boards"]["新三板"] == 6500 and bm["boards"]["主板"] == 3155
    assert bm["industry_groups"]["新组合"]["share"] == 0.3 and bm["industries"]["高端机械装备"] == {
        "valid_inventions_mean": 57, "share": 0.12}


# ---------------------------------------------------------------- 3. identical duplicate headers

def test_identical_duplicate_headers_csv(tmp_path, capsys):
    write(tmp_path, {"companies.csv": "企业ID,企业名称,批次,省份,城市,企业名称,备注,备注\nC1,甲公司,1,浙江,杭州,甲,,\n"})
    code, out = validate(tmp_path, capsys)
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("  ✗")] == [
        "  ✗ companies.csv，第 1 行，列“企业名称”：表头中第 B、F 列同名（都叫“企业名称”），只能保留一列：请删去或改名其余各列"
        "（否则只会读取第一列）"]                                  # two 备注 columns are ignored anyway


def test_identical_duplicate_headers_xlsx_below_a_title(tmp_path, capsys):
    write(tmp_path, {"companies.xlsx": workbook(("名单", [
        ["第五批名单"], [None], ["序号", "企业ID", "企业名称", "批次", "省份", "批次"], [1, "C1", "甲公司", 1, "浙江", 1]]))})
    code, out = validate(tmp_path, capsys)
    assert code == 1
    assert "  ✗ companies.xlsx，第 3 行，列“批次”：表头中第 D、F 列同名（都叫“批次”）" in out


def test_identical_duplicate_headers_parquet(tmp_path, capsys):
    table = pa.table([pa.array(["C1"]), pa.array(["甲公司"]), pa.array([1]), pa.array(["浙江"]), pa.array(["乙公司"])],
                     names=["企业ID", "企业名称", "批次", "省份", "企业名称"])
    buf = io.BytesIO()
    pq.write_table(table, buf)
    write(tmp_path, {"companies.parquet": buf.getvalue()})
    code, out = validate(tmp_path, capsys)
    assert code == 1 and "  ✗ companies.parquet，列“企业名称”：表头中第 2、5 列同名（都叫“企业名称”）" in out


def test_column_letters():
    assert [column_letters(i) for i in (0, 5, 25, 26, 27, 701, 702, 16383)] == \
        ["A", "F", "Z", "AA", "AB", "ZZ", "AAA", "XFD"]


# ---------------------------------------------------------------- 4. totals count every problem

def test_the_total_counts_the_rows_a_summary_line_stands_for(tmp_path, capsys):
    rows = "".join(f"X{i},CN{i},发明,2020-01-01,2020-06-01\n" for i in range(200))
    write(tmp_path, {"companies.csv": COMPANIES, "patents.csv": PATENT_HEADER + "\n" + rows})
    with pytest.raises(ValidationFailed) as caught:
        load_dataset(tmp_path)
    assert len(caught.value.problems) == 51 and caught.value.count == 200
    assert caught.value.problems[-1].count == 150
    code, out = validate(tmp_path, capsys)
    lines = out.splitlines()
    assert "  ✗ patents.csv，列“企业ID”：另有 150 行同类问题未逐条列出（应为企业名单中已有的企业ID（该企业不在企业名单里））" in lines
    assert lines[-1] == "数据校验未通过：共发现 200 处问题（涉及 patents.csv）。 / Validation failed: 200 problem(s)."


def test_validation_failed_sums_counts():
    problems = [Problem("a.csv", 2, "批次", "0", "x"), Problem("a.csv", None, "批次", None, "另有 7 行", count=7)]
    assert str(ValidationFailed(problems)).startswith("数据校验未通过：共发现 8 处问题（涉及 a.csv）。")


# ---------------------------------------------------------------- 5. workbooks as they come

INSTRUCTIONS = ("填表说明", [["填表说明"], ["1. 企业名称请填写全称"], ["2. 批次填写 第一批 至 第五批"], ["企业名称"]])
LIST = ("第五批名单", [["2023年第五批专精特新“小巨人”企业名单"], [None],
                     ["企业ID", "企业名称", "批次", "省份"], ["C1", "甲公司", 5, "浙江"], [None], ["C2", "乙公司", 0, "江苏"]])


def test_the_list_is_found_past_an_instructions_sheet(tmp_path, capsys):
    write(tmp_path, {"companies.xlsx": workbook(INSTRUCTIONS, LIST)})
    table, problems = read_table(tmp_path / "companies.xlsx", KNOWN)
    assert problems == [] and table.sheet == "第五批名单" and table.skipped_sheets == ("填表说明",)
    assert table.header_row == 3 and [table.row_number(i) for i in table.frame.index] == [4, 6]
    code, out = validate(tmp_path, capsys)
    assert code == 1       # row numbers are Excel's, on the sheet that holds the list
    assert "  ✗ companies.xlsx，第 6 行，列“批次”：值“0”不符合要求，应为不小于 1 的整数，或“第一批”“第二批”这样的写法" in out


def test_the_sheet_is_said_in_a_note(tmp_path):
    good = (LIST[0], LIST[1][:-1])
    dataset = load_dataset(write(tmp_path, {"companies.xlsx": workbook(("说明", [["见下一页"]]), INSTRUCTIONS, good)}))
    assert dataset.companies["company_id"].tolist() == ["C1"]
    assert "companies.xlsx：名单在工作表“第五批名单”中（跳过了“说明”、“填表说明”）" in dataset.notes
    assert "companies.xlsx：表头在第 3 行，上方 2 行（标题、空行等）未作为数据读取" in dataset.notes


def test_without_a_header_anywhere_the_first_sheet_is_read(tmp_path):
    write(tmp_path, {"companies.xlsx": workbook(INSTRUCTIONS, ("其他", [["甲", "乙"], [1, 2]]))})
    table, problems = read_table(tmp_path / "companies.xlsx", KNOWN)
    assert table.sheet == "填表说明" and table.skipped_sheets == () and table.sheet_note() is None


def test_a_list_on_the_first_sheet_needs_no_note(tmp_path):
    dataset = load_dataset(write(tmp_path, {"companies.xlsx": workbook(
        ("名单", [["企业ID", "企业名称", "批次", "省份"], ["C1", "甲公司", 1, "浙江"]]), INSTRUCTIONS)}))
    assert not any("工作表" in note for note in dataset.notes)
