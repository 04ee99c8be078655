"""The first run on an analyst's own files (issue [1/8]): ministry-style lists and patent exports.

Every file is written here, and every expected number is worked out by hand in the comments
(cut-off D = 2022-06-30), never taken from the code under test.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from giantreport.cli import cli
from giantreport.config import DEFAULT_TOML, load_config
from giantreport.data import parse
from giantreport.data.load import load_dataset, validate_folder
from giantreport.errors import GiantReportError
from giantreport.stats import compute_stats

D = dt.date(2022, 6, 30)


def config(tmp_path: Path | None = None, extra: str = ""):
    """The default configuration (never a giantreport.toml of the working folder), or ``extra`` over it."""
    if not extra:
        return load_config(None, search_dir=Path("/nonexistent")).with_as_of(D)
    path = tmp_path / "giantreport.toml"
    path.write_text(extra, encoding="utf-8")
    return load_config(path).with_as_of(D)


# ---------------------------------------------------------------- a ministry list and a patent export

MINISTRY_ROWS = [
    ["序号", "企业名称", "所在地区", "所属领域", "上市情况", "批次", "成立日期", "参保人数", "备注"],
    [1, "杭州甲科技有限公司", "浙江省杭州市余杭区", "新一代信息技术产业", "上交所科创板", "第五批", "2010年3月", 120, None],
    [2, "宁波乙材料股份有限公司", "宁波市鄞州区", "新材料", "未上市", "2023年第五批", "2001.3.5", 80, "复核中"],
    [3, "北京丙医疗（集团）有限公司", "北京市海淀区", "生物医药及高性能医疗器械", "深交所创业板", "5", 2005, "-", None],
    [4, "杭州丁装备有限公司", "浙江省杭州市滨江区", "高档数控机床和机器人", "暂无", "第四批", "20120701", 100, None],
]
PATENT_EXPORT = (
    "申请号,申请(专利权)人,专利类型,申请日,公开(公告)日,授权公告日,当前法律状态,被引证次数,PCT国际申请号\n"
    "CN1,杭州甲科技有限公司；浙江大学,发明专利,2019-01-02,2019-06-01,2021-01-01,授权,3,PCT/CN2019/000001\n"
    "CN2,北京丙医疗(集团)有限公司,实用新型专利,2020-01-02,2020-06-01,2020-09-01,有效,0,\n"
    "CN3,清华大学,发明申请,2020-01-02,2020-06-01,,实质审查,0,\n"
    "CN4,杭州甲科技有限公司、宁波乙材料股份有限公司,发明授权,2018-01-02,2018-06-01,2020-01-01,未缴年费,1,\n"
    "CN5,杭州 甲科技有限公司,发明,2021-03-01,2021-09-01,,公开,2,\n"
    "CN6,宁波乙材料股份有限公司,外观设计专利,2022-03-01,2022-08-01,,审中,0,\n"
)


def ministry_xlsx(path: Path, rows=MINISTRY_ROWS, instructions: bool = True) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    if instructions:
        sheet.title = "填表说明"
        sheet.append(["1. 本表由各省主管部门填报"])
        sheet.append(["2. 请勿修改表头"])
        sheet = book.create_sheet("名单")
    else:
        sheet.title = "名单"
    sheet.append(["第五批专精特新“小巨人”企业名单"])
    sheet.append([None])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def ministry(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ministry")
    ministry_xlsx(folder / "2023年第五批小巨人名单.xlsx")
    (folder / "专利导出.csv").write_bytes(PATENT_EXPORT.encode("gbk"))
    return folder


@pytest.fixture(scope="module")
def ministry_stats(ministry):
    return compute_stats(load_dataset(ministry), config())


def test_ministry_list_is_read_as_the_analyst_means_it(ministry):
    dataset = load_dataset(ministry)
    c = dataset.companies.set_index("name")
    assert list(c.index) == ["杭州甲科技有限公司", "宁波乙材料股份有限公司", "北京丙医疗（集团）有限公司", "杭州丁装备有限公司"]
    assert c.loc["杭州甲科技有限公司", ["province", "city", "district"]].tolist() == ["浙江省", "杭州市", "余杭区"]
    assert c.loc["宁波乙材料股份有限公司", ["province", "city", "district"]].tolist() == ["浙江省", "宁波市", "鄞州区"]
    assert c.loc["北京丙医疗（集团）有限公司", ["province", "city", "district"]].tolist() == ["北京市", "北京市", "海淀区"]
    assert c["batch"].tolist() == [5, 5, 5, 4]
    assert c["industry"].tolist() == ["新一代信息技术", "新材料", "生物医药及高性能医疗器械", "高端机械装备"]
    assert c["listing"].tolist() == ["科创板", "", "创业板", ""]
    assert c["founded"].tolist() == [pd.Timestamp("2010-03-01"), pd.Timestamp("2001-03-05"),
                                     pd.Timestamp("2005-01-01"), pd.Timestamp("2012-07-01")]
    assert c["employees"].tolist()[:2] == [120, 80] and pd.isna(c.loc["北京丙医疗（集团）有限公司", "employees"])
    assert dataset.missing == {"financed", "licenses", "transfers"}      # no 许可次数 / 转让次数 in the export


def test_ministry_notes_name_every_unused_column_and_the_join(ministry):
    notes = load_dataset(ministry).notes
    for expected in [
        "2023年第五批小巨人名单.xlsx 中未使用的列：序号、备注",
        "2023年第五批小巨人名单.xlsx：从“所在地区”列拆出省份、城市、区县（按民政部区划表）",
        "2023年第五批小巨人名单.xlsx 没有企业ID列（统一社会信用代码）：按企业名称识别企业（全角与半角括号、空格视为相同）",
        "2023年第五批小巨人名单.xlsx 的“成立日期”列：1 个只写到月的日期按当月 1 日计，1 个只写年份的日期按当年 1 月 1 日计",
        "专利导出.csv：按申请人名称关联企业名单，5 行专利属于名单内的企业",      # CN1, CN2, CN4, CN5, CN6
        "专利导出.csv：1 行的申请人不在企业名单中，已忽略",                    # CN3 (清华大学)
        "专利导出.csv：1 行有名单外的共同申请人（如高校、其他企业），只计入名单内的企业",   # CN1 (浙江大学)
    ]:
        assert expected in notes, expected


def test_ministry_statistics_worked_by_hand(ministry_stats):
    s = ministry_stats.summary
    assert s["companies"] == 4 and s["batches"] == {"4": 1, "5": 3}
    # whole years at 2022-06-30: 甲 2010-03-01 → 12, 乙 2001-03-05 → 21, 丙 2005-01-01 → 17,
    # 丁 2012-07-01 → 9 (one day short of 10); median of 9, 12, 17, 21 = 14.5
    assert s["founded_years_median"] == 14.5
    assert s["listed_count"] == 2 and s["listed_share"] == 0.5                 # 科创板 and 创业板 of 4
    assert s["employees_mean"] == pytest.approx(100.0)                          # (120 + 80 + 100) / 3 known
    assert s["financed_share"] is None and s["financed_count"] is None          # no financing column: null
    # patents published by D: 甲 CN1, CN4, CN5; 乙 CN4 (CN6 published after D); 丙 CN2; 丁 none
    assert s["applications_mean"] == pytest.approx(5 / 4)
    assert s["invention_application_share"] == pytest.approx(4 / 5)             # CN1, CN4 ×2, CN5 of 5
    assert s["invention_grant_rate"] == pytest.approx(3 / 4)                    # CN1, CN4 ×2 granted by D
    assert s["valid_inventions_mean"] == pytest.approx(1 / 4)                   # CN1 only (CN4 未缴年费)
    assert s["citations_mean"] == pytest.approx((3 + 1 + 2 + 1) / 4)            # 甲 3+1+2, 乙 1 (CN4 counted for each)
    assert s["pct_mean"] == pytest.approx(1 / 4)                                # CN1 has a PCT number
    assert s["industries"]["高端机械装备"]["companies"] == 1                     # 高档数控机床和机器人 folds in
    assert s["licenses_mean"] is None and s["transfers_mean"] is None        # unknown, not 0
    assert s["missing"] == ["financed", "licenses", "transfers"]


def test_a_column_of_the_wrong_name_is_mapped_in_the_config(tmp_path):
    (tmp_path / "companies.csv").write_text(
        "企业名称,批次,省份,所属行业\n甲公司,1,浙江,新材料\n乙公司,1,江苏,新材料\n", encoding="utf-8")
    plain = load_dataset(tmp_path)
    assert "companies.csv 中未使用的列：所属行业" in plain.notes and "industry" in plain.missing
    mapped = load_dataset(tmp_path, config(tmp_path, '[columns]\n"所属行业" = "industry"\n').columns)
    assert mapped.companies["industry"].tolist() == ["新材料", "新材料"] and "industry" not in mapped.missing
    with pytest.raises(GiantReportError, match="“industri”不是标准列名。是否想写：industry？"):
        config(tmp_path, '[columns]\n"所属行业" = "industri"\n')
    assert '# "所属行业" = "industry"' in DEFAULT_TOML and "[columns]" in DEFAULT_TOML


def test_missing_inputs_are_null_never_other_or_zero(tmp_path):
    (tmp_path / "companies.csv").write_text("企业名称,批次,省份\n甲公司,1,浙江\n乙公司,2,江苏\n", encoding="utf-8")
    stats = compute_stats(load_dataset(tmp_path), config())
    s = stats.summary
    assert s["missing"] == ["city", "district", "employees", "financed", "founded", "industry", "listing", "patents"]
    for key in ("industries", "listed_count", "listed_share", "boards", "financed_share", "employees_mean",
                "founded_years_median", "applications_mean", "valid_inventions_mean", "stars", "cities", "districts"):
        assert s[key] is None, key
    assert s["listed_share_by_batch"] == {"1": None, "2": None}
    for key in ("fig-1-5", "fig-1-6", "fig-2-1", "fig-3-1", "fig-3-2", "fig-4-2", "fig-4-3", "table-3-1"):
        assert stats.tables[key] is None, key
    assert s["batches"] == {"1": 1, "2": 1} and s["provinces"]["浙江省"]["companies"] == 1


def test_every_note_and_exit_through_the_cli(tmp_path):
    (tmp_path / "companies.csv").write_text("企业名称,批次,省份,序号\n甲公司,1,浙江,1\n", encoding="utf-8")
    for args in (["validate", "--data", str(tmp_path)], ["--data", str(tmp_path), "validate"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert "说明：companies.csv 中未使用的列：序号" in result.output
        assert ("说明：数据中没有“上市板块”，以下内容从略（统计结果中为空值）："
                "图 1.4 的上市企业数与占比、图 1.5、图 1.6") in result.output
    quiet = CliRunner().invoke(cli, ["validate", "--data", str(tmp_path), "-q"])
    assert quiet.exit_code == 0 and quiet.output == ""


# ---------------------------------------------------------------- errors an analyst can act on

def _problems(folder: Path) -> list[str]:
    _, problems = validate_folder(folder)
    return [str(p) for p in problems]


def test_the_same_name_twice_names_both_rows(tmp_path):
    (tmp_path / "companies.csv").write_text(
        "企业名称,批次,省份\n甲公司（集团）,1,浙江\n乙公司,1,浙江\n甲公司(集团) ,2,浙江\n", encoding="utf-8")
    assert _problems(tmp_path) == [
        "companies.csv，第 4 行，列“企业名称”：值“甲公司(集团)”不符合要求，应为不重复的企业名称"
        "（与第 2 行是同一家企业；名单没有企业ID列时按名称识别企业）"]


def test_a_bare_a_share_is_ambiguous(tmp_path):
    (tmp_path / "companies.csv").write_text("企业名称,批次,省份,上市情况\n甲公司,1,浙江,A股\n乙公司,1,浙江,深交所\n",
                                            encoding="utf-8")
    assert _problems(tmp_path) == [
        "companies.csv，第 2 行，列“上市板块”：值“A股”不符合要求，应为写明的上市板块：这一写法无法区分"
        "主板、创业板、科创板、北交所，请改为具体板块（如 深交所创业板、科创板）",
        "companies.csv，第 3 行，列“上市板块”：值“深交所”不符合要求，应为写明的上市板块：这一写法无法区分"
        "主板、创业板，请改为具体板块（如 深交所创业板、科创板）"]


def test_patents_keyed_by_id_need_an_id_in_the_list(tmp_path):
    (tmp_path / "companies.csv").write_text("企业名称,批次,省份\n甲公司,1,浙江\n", encoding="utf-8")
    (tmp_path / "patents.csv").write_text("企业ID,申请号,专利类型,申请日,公开日\nC1,CN1,发明,2020-01-01,2020-06-01\n",
                                          encoding="utf-8")
    assert _problems(tmp_path) == [
        "patents.csv，第 1 行，列“企业ID”：企业名单没有企业ID列，专利只能按申请人名称关联：请在专利文件中保留“申请人”"
        "（申请(专利权)人）列，或在企业名单中加上统一社会信用代码"]


def test_files_as_they_come(tmp_path):
    ministry_xlsx(tmp_path / "名单.xlsx", instructions=False)
    assert len(load_dataset(tmp_path).companies) == 4                      # the only spreadsheet
    assert len(load_dataset(tmp_path / "名单.xlsx").companies) == 4        # --data names the file itself
    ministry_xlsx(tmp_path / "另一份.xlsx", instructions=False)
    assert _problems(tmp_path) == [
        f"{tmp_path}：找到多个表格文件（另一份.xlsx、名单.xlsx），无法判断哪个是企业名单：请把名单文件改名为 "
        "companies.xlsx（或 .csv），专利明细改名为 patents.xlsx（或 .csv），或用 --data 直接指定名单文件"]


# ---------------------------------------------------------------- values as databases write them

@pytest.mark.parametrize("cell, board", [
    ("上交所科创板", "科创板"), ("上海证券交易所主板", "主板"), ("深交所创业板", "创业板"), ("深市主板", "主板"),
    ("沪市主板", "主板"), ("北京证券交易所", "北交所"), ("香港联交所", "港交所"), ("港股", "港交所"), ("H股", "港交所"),
    ("新加坡交易所", "新交所"), ("科创板（688001）", "科创板"), ("未上市", ""), ("无", ""), ("否", ""), ("暂无", ""),
])
def test_listing_as_written(cell, board):
    values, bad = parse.parse_listing(pd.Series([cell], dtype=object))
    assert values.tolist() == [board] and not bad.any()


@pytest.mark.parametrize("cell, status", [
    *[(c, "有效") for c in ("有效", "授权", "维持", "部分有效")],
    *[(c, "失效") for c in ("失效", "无效", "驳回", "撤回", "视为撤回", "放弃", "期限届满", "届满", "未缴年费", "避重放弃")],
    *[(c, "审中") for c in ("审中", "实质审查", "在审", "公开", "等待实审")],
])
def test_legal_status_as_databases_write_it(cell, status):
    values, bad = parse.parse_legal_status(pd.Series([cell], dtype=object))
    assert values.tolist() == [status] and not bad.any()


@pytest.mark.parametrize("cell, kind", [("发明专利", "发明"), ("发明申请", "发明"), ("发明授权", "发明"), ("授权发明", "发明"),
                                        ("实用新型专利", "实用新型"), ("外观设计专利", "外观设计")])
def test_patent_type_as_databases_write_it(cell, kind):
    values, bad = parse.parse_patent_type(pd.Series([cell], dtype=object))
    assert values.tolist() == [kind] and not bad.any()


@pytest.mark.parametrize("cell, industry", [
    ("新一代信息技术产业", "新一代信息技术"), ("高档数控机床和机器人", "高端机械装备"), ("电力装备", "高端机械装备"),
    ("农机装备", "高端机械装备"), ("航空航天装备", "航空航天装备"), ("海洋工程装备及高技术船舶", "海洋工程装备及高技术船舶"),
    ("先进轨道交通装备", "先进轨道交通装备"), ("节能与新能源汽车", "节能与新能源汽车"), ("新材料", "新材料"),
    ("生物医药及高性能医疗器械", "生物医药及高性能医疗器械"), ("其他领域", "其他"),
])
def test_industry_in_made_in_china_2025_wording(cell, industry):
    values, bad = parse.parse_industry(pd.Series([cell], dtype=object))
    assert values.tolist() == [industry] and not bad.any()


@pytest.mark.parametrize("cell", ["第五批", "第5批", "5", "五", "2023年第五批", "５"])
def test_batch_as_written(cell):
    values, bad = parse.parse_batch(pd.Series([cell], dtype=object))
    assert values.tolist() == [5] and not bad.any()


# ---------------------------------------------------------------- the same data, two spellings

def _two_spellings(folder: Path, n: int = 300, seed: int = 7) -> tuple[Path, Path]:
    """The same fictitious companies and patents, once in canonical form (IDs) and once as a ministry
    list plus a name-keyed patent export in database wording."""
    rng = np.random.default_rng(seed)
    places = [("浙江省", "杭州市", "余杭区"), ("浙江省", "宁波市", "鄞州区"), ("北京市", "北京市", "海淀区"),
              ("江苏省", "苏州市", "吴中区"), ("广东省", "深圳市", "南山区"), ("新疆维吾尔自治区", "昌吉回族自治州", "昌吉市")]
    industries = [("新材料", "新材料"), ("新一代信息技术", "新一代信息技术产业"), ("高端机械装备", "高档数控机床和机器人"),
                  ("高端机械装备", "电力装备"), ("生物医药及高性能医疗器械", "生物医药及高性能医疗器械"), ("其他", "其他领域")]
    boards = [("", "未上市"), ("科创板", "上交所科创板"), ("创业板", "深交所创业板"), ("主板", "上海证券交易所主板"), ("", "暂无")]
    statuses = [("有效", "授权"), ("有效", "维持"), ("失效", "驳回"), ("失效", "视为撤回"), ("审中", "实质审查")]
    kinds = [("发明", "发明专利"), ("发明", "发明授权"), ("实用新型", "实用新型专利"), ("外观设计", "外观设计专利")]
    canon_c, ministry_c = [], []
    for i in range(n):
        p = places[rng.integers(len(places))]
        ind = industries[rng.integers(len(industries))]
        board = boards[rng.integers(len(boards))]
        batch = int(rng.integers(1, 6))
        founded = dt.date(1990, 1, 1) + dt.timedelta(days=int(rng.integers(0, 11000)))
        emp = int(rng.integers(10, 900))
        fin = bool(rng.integers(2))
        name = f"测试{i:03d}科技（集团）有限公司" if i % 7 == 0 else f"测试{i:03d}科技有限公司"
        canon_c.append([f"C{i:03d}", name, batch, p[0], p[1], p[2], ind[0], emp, founded.isoformat(), board[0],
                        "是" if fin else "否"])
        region = (p[0] + p[2]) if p[0] == "北京市" else (p[0] + p[1] + p[2])
        ministry_c.append([i + 1, name, region, ind[1],
                           board[1], f"2023年第{'一二三四五'[batch - 1]}批", f"{founded.year}年{founded.month}月{founded.day}日",
                           emp, "是" if fin else "否"])
    canon_p, ministry_p = [], []
    for j in range(2000):
        i = int(rng.integers(n))
        kind = kinds[rng.integers(len(kinds))]
        status = statuses[rng.integers(len(statuses))]
        appln = dt.date(2012, 1, 1) + dt.timedelta(days=int(rng.integers(0, 3800)))
        pub = appln + dt.timedelta(days=int(rng.integers(100, 700)))
        grant = pub + dt.timedelta(days=int(rng.integers(50, 600))) if status[0] != "审中" else None
        pct = bool(rng.random() < 0.1)
        cited = int(rng.integers(0, 20))
        canon_p.append([f"C{i:03d}", f"CN{j:05d}", kind[0], appln.isoformat(), pub.isoformat(),
                        grant.isoformat() if grant else "", status[0], "是" if pct else "否", cited])
        applicant = canon_c[i][1].replace("（", " (").replace("）", ")")         # as the database spells it
        applicant += "；浙江大学" if j % 5 == 0 else ""
        ministry_p.append([f"CN{j:05d}", applicant, kind[1], appln.strftime("%Y.%m.%d"), pub.isoformat(),
                           grant.strftime("%Y/%m/%d") if grant else "", status[1], cited,
                           f"PCT/CN{appln.year}/{j:06d}" if pct else ""])
    for j in range(40):    # patents of outsiders only: in the export, skipped by the join
        ministry_p.append([f"CNX{j:03d}", "某某大学", "发明专利", "2019.01.01", "2019-07-01", "", "实质审查", 0, ""])
    canonical, ministry = folder / "canonical", folder / "ministry"
    canonical.mkdir()
    ministry.mkdir()
    pd.DataFrame(canon_c, columns=["企业ID", "企业名称", "批次", "省份", "城市", "区县", "产业领域", "参保人数", "成立日期",
                                   "上市板块", "一级市场融资"]).to_csv(canonical / "companies.csv", index=False)
    pd.DataFrame(canon_p, columns=["企业ID", "申请号", "专利类型", "申请日", "公开日", "授权日", "法律状态", "PCT",
                                   "被引用次数"]).to_csv(canonical / "patents.csv", index=False)
    ministry_xlsx(ministry / "名单.xlsx", [["序号", "企业名称", "所在地区", "所属领域", "上市情况", "入选批次", "成立时间",
                                          "从业人数", "是否获得融资"]] + ministry_c)
    pd.DataFrame(ministry_p, columns=["申请号", "当前申请(专利权)人", "专利类别", "申请日期", "公开公告日", "授权日期",
                                      "简单法律状态", "被引用专利数", "PCT国际申请号"]).to_csv(
        ministry / "专利导出.csv", index=False, encoding="gbk")
    return canonical, ministry


def test_aliases_name_joins_and_database_wording_give_the_canonical_summary(tmp_path):
    canonical, ministry = _two_spellings(tmp_path)
    a = compute_stats(load_dataset(canonical), config()).summary
    b = compute_stats(load_dataset(ministry), config()).summary
    assert a["companies"] == 300 and a["applications_mean"] > 0 and a["missing"] == ["licenses", "transfers"]
    assert json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("cell, parts", [
    ("浙江省杭州市余杭区", ("浙江省", "杭州市", "余杭区")),
    ("北京市海淀区", ("北京市", "北京市", "海淀区")),
    ("新疆维吾尔自治区昌吉回族自治州昌吉市", ("新疆维吾尔自治区", "昌吉回族自治州", "昌吉市")),
    ("宁波市鄞州区", ("浙江省", "宁波市", "鄞州区")),             # a 计划单列市 before any province
    ("吉林市丰满区", ("吉林省", "吉林市", "丰满区")),             # the city, not the province 吉林
    ("浙江杭州", ("浙江省", "杭州市", "")),
    ("广东", ("广东省", "", "")),
    ("上海市浦东新区", ("上海市", "上海市", "浦东新区")),
])
def test_region_in_one_cell_is_split_with_the_division_tables(cell, parts):
    from giantreport.data.regions import split_region
    assert split_region(cell) == parts


def test_stats_prints_the_same_notes_as_validate_even_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "companies.csv").write_text("企业名称,批次,省份,序号\n甲公司,1,浙江,1\n乙公司,1,江苏,2\n", encoding="utf-8")
    for _ in range(2):                              # the second run reuses the cached statistics
        result = CliRunner().invoke(cli, ["stats", "--data", str(tmp_path), "--out", str(tmp_path / "out")])
        assert result.exit_code == 0, result.output
        assert "说明：companies.csv 中未使用的列：序号" in result.output
        assert "说明：数据中没有“产业领域”" in result.output


# ---------------------------------------------------------------- found in review (each a real file an analyst had)

def test_an_empty_region_cell_is_an_error_under_its_own_header(tmp_path):
    (tmp_path / "companies.csv").write_text("企业名称,批次,所在地区\n甲公司,1,浙江省杭州市\n乙公司,1,\n丙公司,1,火星市某区\n",
                                            encoding="utf-8")
    assert _problems(tmp_path) == [
        "companies.csv，第 3 行，列“所在地区”：值“”不符合要求，应为非空（应含省份，如 浙江省杭州市余杭区）",
        "companies.csv，第 4 行，列“所在地区”：值“火星市某区”不符合要求，应为31 个省级行政区之一（全称或简称，如 浙江 / 浙江省）"]


def test_columns_table_picks_one_of_two_id_columns_or_leaves_one_out(tmp_path):
    (tmp_path / "companies.csv").write_text("企业ID,统一社会信用代码,企业名称,批次,省份\nC1,X1,甲公司,1,浙江\n",
                                            encoding="utf-8")
    chose = load_dataset(tmp_path, config(tmp_path, '[columns]\n"统一社会信用代码" = "company_id"\n').columns)
    assert chose.companies["company_id"].tolist() == ["X1"] and "companies.csv 中未使用的列：企业ID" in chose.notes
    left = load_dataset(tmp_path, config(tmp_path, '[columns]\n"企业ID" = "-"\n').columns)
    assert left.companies["company_id"].tolist() == ["X1"] and "companies.csv 中未使用的列：企业ID" in left.notes


def test_no_listed_company_is_an_answer_not_a_missing_column(tmp_path):
    (tmp_path / "companies.csv").write_text("企业名称,批次,省份,上市情况,融资情况\n甲公司,1,浙江,无,未融资\n乙公司,1,浙江,-,否\n",
                                            encoding="utf-8")
    stats = compute_stats(load_dataset(tmp_path), config())
    assert stats.summary["listed_count"] == 0 and stats.summary["financed_count"] == 0
    assert "listing" not in stats.summary["missing"] and "financed" not in stats.summary["missing"]


def test_a_patent_export_that_matches_no_company_is_an_error(tmp_path):
    (tmp_path / "companies.csv").write_text("企业名称,批次,省份\n甲公司,1,浙江\n", encoding="utf-8")
    (tmp_path / "patents.csv").write_text("企业ID,申请人,申请号,专利类型,申请日,公开日\nC1,乙公司,CN1,发明,2020-01-01,2020-06-01\n",
                                          encoding="utf-8")
    assert _problems(tmp_path) == [
        "patents.csv，列“申请人”：至少有一行的申请人是企业名单中的企业：没有一行能按申请人名称关联到名单，"
        "请检查申请人列是否写的是企业全称，或改用企业ID关联"]


@pytest.mark.parametrize("cell, value", [("第五批次", 5), ("第5批次", 5), ("2023第五批", 5)])
def test_more_batch_spellings(cell, value):
    values, bad = parse.parse_batch(pd.Series([cell], dtype=object))
    assert values.tolist() == [value] and not bad.any()


@pytest.mark.parametrize("cell, industry", [("航空航天装备产业", "航空航天装备"), ("农机装备产业", "高端机械装备"),
                                            ("海洋工程装备及高技术船舶产业", "海洋工程装备及高技术船舶"),
                                            ("先进轨道交通装备产业", "先进轨道交通装备")])
def test_every_field_with_chanye(cell, industry):
    values, bad = parse.parse_industry(pd.Series([cell], dtype=object))
    assert values.tolist() == [industry] and not bad.any()


@pytest.mark.parametrize("cell, financed", [("已融资", True), ("未融资", False), ("A轮", True), ("天使轮", True),
                                            ("Pre-A轮", True), ("战略融资", True), ("暂未融资", False)])
def test_financing_as_lists_write_it(cell, financed):
    values, bad = parse.parse_bool(pd.Series([cell], dtype=object))
    assert values.tolist() == [financed] and not bad.any()


def test_problem_totals_count_every_duplicate_name(tmp_path):
    rows = "".join(f"甲{i}公司,1,浙江\n甲{i}公司,1,浙江\n" for i in range(60))      # 60 names, each twice
    (tmp_path / "companies.csv").write_text("企业名称,批次,省份\n" + rows, encoding="utf-8")
    _, problems = validate_folder(tmp_path)
    assert len(problems) == 51 and sum(p.count for p in problems) == 60
    assert str(problems[-1]) == "companies.csv，列“企业名称”：另有 10 行重复的企业名称未逐条列出"


# ---------------------------------------------------------------- editor's review of a 20-company build

def test_an_industry_without_a_valid_invention_is_no_highlight(tmp_path):
    # 甲 (浙江, 新材料) holds one valid invention; 乙 (浙江, 新能源汽车) none: only 新材料 may be a highlight,
    # although 节能与新能源汽车 ranks "first" nationally among provinces that all have 0
    (tmp_path / "companies.csv").write_text(
        "企业ID,企业名称,批次,省份,产业领域,有效发明专利量,专利申请量,发明专利申请量,发明专利授权量\n"
        "C1,甲公司,1,浙江,新材料,1,3,2,1\nC2,乙公司,1,浙江,节能与新能源汽车,0,1,0,0\n", encoding="utf-8")
    stats = compute_stats(load_dataset(tmp_path), config())
    assert [h["industry"] for h in stats.summary["provinces"]["浙江省"]["highlights"]] == ["新材料"]


def test_national_multiples_are_the_exact_ratio_of_the_means_not_of_rounded_shares():
    from giantreport import narrative as N
    # 20 companies of 25,055,456 print as 0.000080%; 6,688 staff of 636,437,000 as 0.0011%: the printed shares
    # divide to 13.8, the means (334.4 staff against 25.4 per enterprise) to 13.2, as figure 1.3 draws it
    summary = {"national": {"companies_share": 20 / 25_055_456, "employment_share": 6_688 / 636_437_000,
                            "employment_ratio": (6_688 / 20) / (636_437_000 / 25_055_456)}}
    m = N.national_multiples(summary)
    assert m["companies"] == "0.000080%" and m["employment"] == "0.0011%" and m["employment_times"] == "13.2"


def test_cr10_counts_every_company_in_the_denominator(tmp_path):
    # three companies, one without a 区县: the two districts hold 2 of 3 companies (66.7%), not 2 of 2
    (tmp_path / "companies.csv").write_text(
        "企业名称,批次,所在地区\n甲公司,1,浙江省杭州市余杭区\n乙公司,1,浙江省杭州市滨江区\n丙公司,1,浙江省杭州市\n",
        encoding="utf-8")
    stats = compute_stats(load_dataset(tmp_path), config())
    assert stats.summary["cr10"]["district"]["cr10"] == pytest.approx(2 / 3)
    assert stats.summary["cr10"]["city"]["cr10"] == pytest.approx(1.0)


@pytest.mark.parametrize("shape", ["bundled", "companies_only", "ministry_xlsx"])
def test_thin_and_ministry_data_are_cached_like_the_bundled_sample(shape, tmp_path, monkeypatch):
    # text columns filled or split by the loader keep the text dtype, so the statistics cache can store them;
    # a statistics table the cache cannot store exactly (an object column of ints and floats) is not cached
    # at all, and every warm run recomputes: the bundled sample is checked too
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    if shape == "bundled":
        from giantreport.resources import asset_path
        data = asset_path("data/sample")
    elif shape == "companies_only":
        (data / "companies.csv").write_text("企业名称,批次,省份\n甲公司,1,浙江\n乙公司,2,江苏\n", encoding="utf-8")
    else:
        ministry_xlsx(data / "名单.xlsx")
        (data / "专利导出.csv").write_bytes(PATENT_EXPORT.encode("gbk"))
    args = ["-v", "stats", "--data", str(data), "--out", str(tmp_path / "out"), "--as-of", "2022-06-30"]
    first, second = CliRunner().invoke(cli, args), CliRunner().invoke(cli, args)
    assert first.exit_code == 0 and second.exit_code == 0
    assert "复用已校验的数据和统计结果" not in first.output and "复用已校验的数据和统计结果" in second.output
