"""Write the example files of data/examples/ (see README.md there; docs/data-format.md walks through them).

    python data/examples/make_examples.py

Every company, applicant and patent here is fictitious. The files are written as analysts receive them:

- 第五批名单/2023年第五批专精特新小巨人名单.xlsx — a ministry-style list: an instructions sheet first, a title
  row and a blank row above the header, 序号, 企业名称, 所在地区 (province + city + district in one cell),
  所属领域 in the 中国制造2025 wording, 上市情况 with exchange prefixes, 2023年第五批, founding dates as date
  cells, text months, bare years and an unformatted Excel serial number, no ID column.
- 第五批名单/专利导出.csv — a patent-database export in GBK, one row per patent, keyed by 申请(专利权)人, with
  co-applicants (listed companies, a university, other firms) and the database's own wording.

Same script, same bytes: the workbook's timestamps are fixed.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "第五批名单"
LIST_FILE = FOLDER / "2023年第五批专精特新小巨人名单.xlsx"
PATENT_FILE = FOLDER / "专利导出.csv"
FIXED_TIME = dt.datetime(2023, 7, 1, 0, 0, 0)

INSTRUCTIONS = [
    ["填表说明"],
    ["1. 本表为示例文件，企业名称、地区、人数与专利均为虚构，仅用于演示 giantreport 的读取规则。"],
    ["2. “所在地区”填写省、市、区县，如 浙江省杭州市余杭区。"],
    ["3. “所属领域”按《中国制造2025》十大重点领域填写，不属于的填“其他领域”。"],
    ["4. “上市情况”填写交易所及板块，如 深交所创业板；未上市的填“未上市”。"],
    ["5. 成立日期不详的填“暂无”。"],
]
TITLE = "附件：2023年第五批专精特新“小巨人”企业名单（示例，企业均为虚构）"
HEADER = ["序号", "企业名称", "所在地区", "所属领域", "上市情况", "批次", "成立日期", "参保人数", "备注"]
BATCH = "2023年第五批"


def d(text: str) -> dt.datetime:
    """A date cell (Excel shows it as a date)."""
    return dt.datetime.fromisoformat(text)


# 企业名称, 所在地区, 所属领域, 上市情况, 成立日期 (cell as written), 参保人数, 备注
COMPANIES = [
    ("杭州示例精工机械有限公司", "浙江省杭州市余杭区", "高档数控机床和机器人", "未上市", d("2009-07-01"), 236, None),
    ("杭州示例智联科技股份有限公司", "浙江省杭州市滨江区", "新一代信息技术产业", "深交所创业板", d("2012-03-15"), 418, None),
    ("宁波示例新材料科技有限公司", "宁波市鄞州区", "新材料", "未上市", "2006年8月", 152, None),
    ("浙江示例电气（集团）有限公司", "浙江省温州市乐清市", "电力装备", "上交所主板", 1998, 1260, None),
    ("苏州示例精密传动有限公司", "江苏省苏州市吴中区", "高档数控机床和机器人", "未上市", d("2011-05-20"), 310, None),
    ("南京示例生物医药有限公司", "江苏省南京市江宁区", "生物医药及高性能医疗器械", "上交所科创板", d("2015-11-02"), 205, None),
    ("无锡示例汽车部件有限公司", "江苏省无锡市新吴区", "节能与新能源汽车产业", "未上市", d("2004-09-09"), 540, None),
    ("深圳示例芯片科技有限公司", "广东省深圳市南山区", "新一代信息技术产业", "未上市", d("2016-06-06"), 188, None),
    ("东莞示例模具有限公司", "广东省东莞市", "高档数控机床和机器人", "-", 2007, 96, None),
    ("佛山示例陶瓷材料有限公司", "广东省佛山市顺德区", "新材料", "北京证券交易所", d("2002-12-18"), 134, None),
    ("北京示例航天测控技术有限公司", "北京市海淀区", "航空航天装备", "未上市", d("2010-10-10"), 276, None),
    ("北京示例医疗器械有限公司", "北京市昌平区", "生物医药及高性能医疗器械", "香港联交所", "2013年4月", 358, None),
    ("上海示例船舶配套设备有限公司", "上海市浦东新区", "海洋工程装备及高技术船舶", "未上市", d("2005-03-28"), 167, None),
    ("上海示例轨道交通信号有限公司", "上海市闵行区", "先进轨道交通装备", "未上市", d("2008-08-08"), 203, None),
    ("青岛示例农业装备有限公司", "山东省青岛市黄岛区", "农机装备", "未上市", d("2003-06-16"), 412, None),
    ("济南示例仪器仪表有限公司", "山东省济南市历城区", "其他领域", "未上市", "暂无", "暂无", "原名济南示例仪表厂"),
    ("合肥示例新能源科技有限公司", "安徽省合肥市蜀山区", "节能与新能源汽车产业", "上交所科创板", d("2017-01-09"), 620, None),
    ("武汉示例光电有限公司", "湖北省武汉市东湖新技术开发区", "新一代信息技术产业", "深交所主板", d("2000-05-05"), 880, None),
    # an Excel serial number in a cell not formatted as a date: 40968 = 2012-02-29
    ("成都示例航空部件有限公司", "四川省成都市双流区", "航空航天装备", "未上市", 40968, 145, None),
    ("昌吉示例农牧机械有限公司", "新疆维吾尔自治区昌吉回族自治州昌吉市", "农机装备", "未上市", d("2014-07-18"), 88, None),
]

UNIVERSITY = "示例理工大学"
PATENT_HEADER = ["序号", "公开(公告)号", "申请号", "标题", "申请(专利权)人", "申请日", "公开(公告)日", "授权公告日",
                 "专利类型", "简单法律状态", "被引用专利数", "PCT国际申请号"]
# 申请(专利权)人, 申请号, 标题, 申请日, 公开(公告)日, 授权公告日, 专利类型, 简单法律状态, 被引用专利数, PCT国际申请号
PATENTS = [
    ("杭州示例精工机械有限公司", "CN201910000101.1", "一种五轴联动加工中心的刀库", "2019-03-04", "2019-07-12", "2021-02-05",
     "发明专利", "有效", 6, ""),
    ("杭州示例精工机械有限公司", "CN202020000102.2", "一种机床防护罩", "2020-05-11", "2020-12-01", "2020-12-01",
     "实用新型", "有效", 0, ""),
    # two listed companies on one patent: each gets it once
    ("苏州示例精密传动有限公司；杭州示例精工机械有限公司", "CN202110000103.3", "一种精密减速器的装配方法", "2021-01-20",
     "2021-05-18", "", "发明申请", "实质审查", 1, ""),
    ("杭州示例智联科技股份有限公司", "CN201810000201.5", "一种工业数据的边缘计算方法", "2018-06-01", "2018-11-30", "2020-09-15",
     "发明授权", "有效", 14, "PCT/CN2018/000201"),
    ("杭州示例智联科技股份有限公司", "CN202110000202.6", "一种设备故障的预测方法", "2021-04-06", "2021-08-20", "",
     "发明专利", "审中", 2, "-"),
    ("宁波示例新材料科技有限公司", "CN201710000301.9", "一种高导热复合膜及其制备方法", "2017-02-14", "2017-08-01", "2019-05-21",
     "发明专利", "有效", 9, ""),
    ("宁波示例新材料科技有限公司", "CN201620000302.1", "一种涂布辊", "2016-09-09", "2017-03-01", "2017-03-01",
     "实用新型", "未缴年费", 0, ""),
    # the list writes （集团） with full-width brackets, the export with half-width ones: one company
    ("浙江示例电气(集团)有限公司", "CN201510000401.4", "一种真空断路器", "2015-04-22", "2015-09-30", "2017-06-13",
     "发明专利", "有效", 21, "PCT/CN2015/000401"),
    ("浙江示例电气(集团)有限公司", "CN202030000402.5", "配电柜", "2020-07-07", "2020-11-10", "2020-11-10",
     "外观设计", "有效", 0, ""),
    ("苏州示例精密传动有限公司", "CN201910000501.8", "一种谐波减速器柔轮", "2019-08-08", "2020-01-10", "2021-09-03",
     "发明专利", "有效", 5, ""),
    # a listed company with a university as co-applicant: counted for the company only
    ("南京示例生物医药有限公司;示例理工大学", "CN202010000601.2", "一种抗体偶联药物及其应用", "2020-03-18", "2020-09-25",
     "2022-04-01", "发明专利", "有效", 3, "PCT/CN2020/000601"),
    ("南京示例生物医药有限公司", "CN202110000602.3", "一种缓释制剂", "2021-06-30", "2021-12-28", "",
     "发明专利", "驳回", 0, ""),
    ("无锡示例汽车部件有限公司", "CN201920000701.6", "一种电池包散热结构", "2019-10-15", "2020-04-21", "2020-04-21",
     "实用新型专利", "有效", 2, ""),
    ("深圳示例芯片科技有限公司", "CN201810000801.0", "一种低功耗时钟电路", "2018-01-09", "2018-07-20", "2020-03-31",
     "发明专利", "有效", 11, "PCT/CN2018/000801"),
    ("深圳示例芯片科技有限公司、上海示例电子有限公司", "CN202210000802.1", "一种芯片封装测试方法", "2022-02-22",
     "2022-06-10", "", "发明申请", "公开", 0, ""),
    ("东莞示例模具有限公司", "CN202120000901.4", "一种注塑模具的顶出机构", "2021-03-03", "2021-09-07", "2021-09-07",
     "实用新型", "有效", 0, ""),
    ("佛山示例陶瓷材料有限公司", "CN201610001001.7", "一种氧化锆陶瓷粉体的制备方法", "2016-05-05", "2016-10-12", "2018-08-24",
     "发明专利", "期限届满", 4, ""),
    ("北京示例航天测控技术有限公司；示例理工大学", "CN201910001101.9", "一种卫星遥测数据的解码方法", "2019-11-11",
     "2020-05-15", "2022-01-18", "发明专利", "有效", 7, ""),
    ("北京示例医疗器械有限公司", "CN202030001201.2", "血糖仪", "2020-08-18", "2021-01-05", "2021-01-05",
     "外观设计专利", "有效", 0, ""),
    ("上海示例船舶配套设备有限公司", "CN201710001301.5", "一种船用压载水处理装置", "2017-12-01", "2018-06-15", "2019-10-11",
     "发明专利", "有效", 3, ""),
    ("上海示例轨道交通信号有限公司", "CN201810001401.8", "一种列车定位方法", "2018-04-04", "2018-10-09", "",
     "发明专利", "视为撤回", 1, ""),
    ("青岛示例农业装备有限公司", "CN202020001501.0", "一种花生收获机的清选装置", "2020-06-06", "2020-12-22", "2020-12-22",
     "实用新型", "有效", 1, ""),
    ("合肥示例新能源科技有限公司", "CN202110001701.6", "一种固态电解质及其制备方法", "2021-02-02", "2021-07-30", "",
     "发明专利", "等待实审", 0, "PCT/CN2021/001701"),
    ("武汉示例光电有限公司", "CN201510001801.1", "一种光纤激光器", "2015-01-15", "2015-06-24", "2017-04-05",
     "发明专利", "有效", 18, ""),
    ("成都示例航空部件有限公司", "CN201920001901.3", "一种钛合金紧固件的夹具", "2019-05-20", "2019-12-03", "2019-12-03",
     "实用新型", "有效", 0, ""),
    ("昌吉示例农牧机械有限公司", "CN202120002001.7", "一种牧草打捆机", "2021-07-01", "2022-01-14", "2022-01-14",
     "实用新型", "有效", 0, ""),
    # no applicant on the list: skipped, counted in a note
    (UNIVERSITY, "CN202010002101.2", "一种图像分割方法", "2020-09-09", "2021-03-16", "", "发明专利", "撤回", 0, ""),
    ("上海示例电子有限公司", "CN202120002102.3", "一种连接器", "2021-10-10", "2022-03-01", "2022-03-01",
     "实用新型", "有效", 0, ""),
]


def workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填表说明"
    for row in INSTRUCTIONS:
        notes.append(row)
    notes.column_dimensions["A"].width = 90
    sheet = book.create_sheet("名单")
    sheet.append([TITLE])
    sheet.append([])
    sheet.append(HEADER)
    for number, (name, region, industry, listing, founded, staff, remark) in enumerate(COMPANIES, start=1):
        sheet.append([number, name, region, industry, listing, BATCH, founded, staff, remark])
    for row in sheet.iter_rows(min_row=4, min_col=7, max_col=7):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGHI", (6, 32, 36, 26, 16, 14, 12, 10, 20)):
        sheet.column_dimensions[letter].width = width
    book.properties.creator = "giantreport examples"
    buf = io.BytesIO()
    book.save(buf)
    return _fixed_times(buf.getvalue())


def _fixed_times(raw: bytes) -> bytes:
    """The same bytes on every run: zip entry times and the core properties' dates fixed."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def _kind_code(kind: str, grant: str) -> str:
    """The publication number's kind code: A (invention published), B (granted), U (utility model), S (design)."""
    if "实用新型" in kind:
        return "U"
    if "外观" in kind:
        return "S"
    return "B" if grant else "A"


def patents_csv() -> bytes:
    lines = [",".join(PATENT_HEADER)]
    for number, (applicant, appln_no, title, appln, pub, grant, kind, status, cited, pct) in enumerate(PATENTS, start=1):
        publication = "CN" + appln_no[2:14] + _kind_code(kind, grant)
        lines.append(",".join(str(v) for v in (number, publication, appln_no, title, applicant, appln, pub, grant, kind,
                                               status, cited, pct)))
    return ("\r\n".join(lines) + "\r\n").encode("gbk")     # Excel 中文版“CSV（逗号分隔）”: GBK, CRLF


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    LIST_FILE.write_bytes(workbook_bytes())
    PATENT_FILE.write_bytes(patents_csv())
    for path in (LIST_FILE, PATENT_FILE):
        print(f"{path.relative_to(HERE.parent.parent)}：{path.stat().st_size:,} 字节")


if __name__ == "__main__":
    main()
