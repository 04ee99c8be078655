"""Writing the statistics as files: summary.json, one CSV per figure/table, one XLSX workbook."""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import definition as D
from ..runtime import source_date
from ..stats import Stats
from ..stats import columns as C


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


def write_csv(table: pd.DataFrame, path: Path, sheet: bool = False) -> None:
    """One table as UTF-8 CSV (with BOM, for Excel), spreadsheet-safe (see csv_safe); in a `sheet`
    (province-, city-, industry-*.csv: counts, measures and ranks in one column) a count prints as a
    count (stats.columns.MIXED_VALUE_KEYS)."""
    mixed = [label for label in map(C.label, C.MIXED_VALUE_KEYS)
             if sheet and label in table.columns and pd.api.types.is_float_dtype(table[label].dtype)]
    if mixed:
        table = table.assign(**{label: C.mixed_values(table[label]) for label in mixed})
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
        write_csv(table, path, sheet=name.startswith("province-"))
        written.append(path)
    book = out / "giantreport-stats.xlsx"
    write_workbook(stats, book)
    written.append(book)
    return written


def write_area_sheets(stats: Stats, out: Path, min_companies: int) -> list[Path]:
    """city-<城市>.csv for the cities with at least `min_companies` companies and industry-<领域>.csv for the key
    industries (stats/briefs.py): the numbers of their briefings."""
    from ..stats.briefs import sheets
    written = []
    for name, table in sheets(stats, min_companies).items():
        path = out / f"{name}.csv"
        write_csv(table, path, sheet=True)
        written.append(path)
    return written


# ---------------------------------------------------------------- the workbook a reader opens
#
# A contents sheet, then one sheet per figure and table ("图1.1", "表3.1") with its number and title in
# the first row, the header in the second (units in brackets), numbers as numbers in the house decimals
# (percent formats for shares), batches as 第一批…, then one sheet per province for every province.

#: Units of the headers that do not name theirs (the tables' own words otherwise: 平均员工规模（人）).
UNITS = {
    "企业数量": "家", "累计企业数量": "家", "上市企业数": "家", "一级市场融资企业数": "家", "企业数": "家",
    "板块上市企业数": "家", "其中小巨人": "家", "总计": "家",
    "平均专利被引次数": "次/家", "平均专利对外许可次数": "次/家", "平均专利对外转让次数": "次/家",
    "小巨人平均有效发明专利量": "件/家", "A股上市企业平均有效发明专利量": "件/家", "平均有效发明专利量": "件/家",
    "平均员工数量": "人",
}
_YEARLY_MEAN = re.compile(r"^\d{4}年平均.*申请量$")          # "2020年平均公开专利申请量": 件/家
_BATCH = re.compile(r"第(\d+)批")
#: Shares (values 0–1), printed as percents: the house's percent decimals (words.fmt_pct).
_SHARE_WORDS = ("占比", "比重", "增速", "授权率", "比例")
#: Table 4.1's title as the report prints it (report_view); the figures' titles are definition.FIGURES.
TABLE_4_1_TITLE = "各省区市专精特新“小巨人”企业的整体表现"
PROVINCE_SHEET_TITLE = "科创能力与亮点产业速览"


def _is_share(header: str) -> bool:
    return any(word in header for word in _SHARE_WORDS)


def _header(header: str) -> str:
    """Chinese batch names and the unit: "第1批占比" → "第一批占比", "企业数量" → "企业数量（家）"."""
    from ..words import cn_number
    text = _BATCH.sub(lambda m: f"第{cn_number(int(m.group(1)))}批", str(header))
    unit = UNITS.get(str(header)) or ("件/家" if _YEARLY_MEAN.match(str(header)) else None)
    if _BATCH.fullmatch(str(header)):
        unit = "家"                        # a batch column of counts (figures 4.1–4.3)
    return f"{text}（{unit}）" if unit and "（" not in text else text


def _batch_value(value):
    """1 → "第一批" in a 批次 column ("总计" and other words stay)."""
    from ..words import cn_number
    if isinstance(value, (int, np.integer)) or (isinstance(value, str) and value.isdigit()):
        return f"第{cn_number(int(value))}批"
    return value


def _decimals_format(text: str, percent: bool = False) -> str:
    """The number format that prints like `text` (a house formatter's output): "1,234.56" → "#,##0.00",
    "43.4%" → "0.0%", "0.037%" → "0.000%"."""
    body = text.rstrip("%")
    places = len(body.split(".")[1]) if "." in body else 0
    decimals = "." + "0" * places if places else ""
    return f"0{decimals}%" if percent else f"#,##0{decimals}"


def _number_format(header: str, value, integer_column: bool, row_label=None) -> str:
    from ..words import fmt_int, fmt_mean, fmt_num, fmt_pct
    if _is_share(header):
        return _decimals_format(fmt_pct(value), percent=True)
    if integer_column or UNITS.get(header) == "家" or (isinstance(row_label, str) and row_label.endswith("（家）")):
        return _decimals_format(fmt_int(value))
    if header.endswith("（年）"):
        return _decimals_format(fmt_num(value, 1))        # a median of years: 13.0 年
    if header.endswith("（人）"):
        return _decimals_format(fmt_int(value))           # staff per company: 252 人
    return _decimals_format(fmt_mean(value))              # a mean per company or per 1,000 staff


def _sheets(stats: Stats) -> list[tuple[str, str, str | None, pd.DataFrame | None]]:
    """(sheet name, number, title, table or None when the data lacks it) in report order."""
    from ..definition import FIGURES
    out = []
    stars = list((stats.summary.get("stars") or {}).keys())
    for key, table in stats.tables.items():
        if key.startswith("fig-"):
            base = re.match(r"fig-\d+-\d+", key).group(0)
            number, title = FIGURES.get(base, (key[4:].replace("-", "."), key))
            part = key[len(base):]
            if part:                                       # fig-2-6b: the second table of figure 2.6
                number += part
                title += f"：{re.sub(r'（.*?）', '', str(table.columns[0]))}" if table is not None else ""
            out.append((f"图{number}", f"图 {number}", title, table))
        elif key.startswith("table-"):
            number = key[6:].replace("-", ".")
            i = int(number.split(".")[1])
            title = (TABLE_4_1_TITLE if number == "4.1"
                     else f"{stars[i - 1]}领域明星“小巨人”" if number.startswith("3.") and i <= len(stars) else key)
            out.append((f"表{number}", f"表 {number}", title, table))
    return out


def _province_sheet(sheet: pd.DataFrame) -> pd.DataFrame:
    """A province's sheet in Chinese words: radar dimensions by name (volume → 技术体量), a unit column."""
    from ..config import RADAR_LABELS
    out = sheet.copy()
    out["维度/产业领域"] = [RADAR_LABELS.get(v, v) for v in out["维度/产业领域"]]
    units = {"企业数量": "家", "科创能力雷达": "%（与该维度最好的省份之比）"}
    out.insert(3, "单位", [units.get(item, "件（有效发明专利总量）") for item in out["项目"]])
    if "企业数量" in out.columns:
        out = out.rename(columns={"企业数量": "企业数量（家）"})
    return out


def write_workbook(stats: Stats, book: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink
    from ..words import cn_date

    wb = Workbook()
    contents = wb.active
    contents.title = "目录"
    contents.append([f"giantreport 统计结果 · 数据截止日 {cn_date(stats.as_of.isoformat())}"])
    contents.append(["工作表", "编号", "标题", "说明"])
    bold, title_font = Font(bold=True), Font(bold=True, size=12, color="12304F")
    fill = PatternFill("solid", fgColor="EEF4FA")
    sheets = _sheets(stats)
    provinces = [(name, None, f"{name}　{PROVINCE_SHEET_TITLE}", _province_sheet(sheet))
                 for name, sheet in (stats.province_sheets or {}).items()]
    for name, number, title, table in sheets + provinces:
        row = contents.max_row + 1
        contents.append([name if table is not None else "", number or "", title,
                         "" if table is not None else "数据缺少相应的输入，本表为空值，未生成工作表"])
        if table is None:
            continue
        link = contents.cell(row=row, column=1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1", display=name)
        link.font = Font(color="0B5FA5", underline="single")
        ws = wb.create_sheet(name[:31])
        ws.append([f"{number}　{title}" if number else title])
        ws["A1"].font = title_font
        table = xlsx_safe(table)
        headers = [str(c) for c in table.columns]
        ws.append([_header(h) for h in headers])
        for cell in ws[2]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        integer = [pd.api.types.is_integer_dtype(table[h].dtype) for h in headers]
        for values in table.itertuples(index=False):
            ws.append([_cell(h, v) for h, v in zip(headers, values)])
            r = ws.max_row
            for j, (h, v) in enumerate(zip(headers, values), start=1):
                if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) and _cell(h, v) is not None:
                    if number is None and h == "数值":      # a province's row: its unit says how it prints
                        ws.cell(r, j).number_format = _province_format(ws.cell(r, 4).value, v)
                    elif number is not None:
                        ws.cell(r, j).number_format = _number_format(h, v, integer[j - 1], values[0])
                    else:
                        ws.cell(r, j).number_format = "#,##0"
        _text_cells_as_text(ws)
        ws.freeze_panes = "A3"
        _widths(ws)
    for cell in contents[2]:
        cell.font, cell.fill = bold, fill
    contents["A1"].font = title_font
    _text_cells_as_text(contents)
    contents.freeze_panes = "A3"
    _widths(contents)
    wb.save(book)
    _fix_zip_times(book)


def _cell(header: str, value):
    """The value as the workbook holds it: NaN/NA empty (a statistic without data), batch numbers named."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if header == "批次":
        return _batch_value(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _province_format(unit: str | None, value) -> str:
    from ..words import fmt_pct
    if unit and unit.startswith("%"):
        return _decimals_format(fmt_pct(value, 0), percent=True)     # radar scores: whole percents
    return "#,##0"


def _widths(ws) -> None:
    """Column widths from the longest text in the first 50 rows (a CJK character counts double),
    the title row left out."""
    for col in ws.iter_cols(min_row=2, max_row=min(ws.max_row, 50)):
        width = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(c.value)) for c in col if c.value is not None),
                    default=8)
        ws.column_dimensions[col[0].column_letter].width = min(48, max(9, width + 2))


def _fix_zip_times(path: Path) -> None:
    path.write_bytes(fixed_zip_times(path.read_bytes()))


def fixed_zip_times(data: bytes) -> bytes:
    """Byte-identical workbooks (and Word documents) for identical content: fixed document dates and
    zip entry times (SOURCE_DATE_EPOCH when set)."""
    import datetime as dt
    import io
    import os
    import zipfile
    when = source_date() or dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    stamp = max(when, dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc))     # the zip format's earliest time
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, content in items:
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                                 lambda m: m.group(1) + iso.encode() + m.group(2), content)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            zout.writestr(zi, content)
    return out.getvalue()
