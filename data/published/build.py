"""Build figures.csv / stars.csv / highlights.csv from the PDF-extracted seed text.

Every row names the printed token; the source line is located in the seed text
(within a given line window) so a wrong transcription fails loudly.

    python data/published/build.py path/to/seed.txt
    GIANTREPORT_SEED_TEXT=path/to/seed.txt python data/published/build.py

The resolution arithmetic behind the `derived` rows is documented in README.md
and re-verified by check.py.
"""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED_ENV = "GIANTREPORT_SEED_TEXT"


def seed_path(argv: list[str]) -> Path:
    """The seed text (the 2022 report's PDF text): the first argument, else $GIANTREPORT_SEED_TEXT."""
    given = argv[1] if len(argv) > 1 else os.environ.get(SEED_ENV)
    if not given:
        raise SystemExit(f"give the seed text (the PDF-extracted text of the 2022 report) as the first argument "
                         f"or in {SEED_ENV}: python data/published/build.py path/to/seed.txt")
    path = Path(given)
    if not path.is_file():
        raise SystemExit(f"seed text not found: {path}")
    return path


SEED = seed_path(sys.argv)
LINES = SEED.read_text(encoding="utf-8").split("\n")

ROWS: list[dict] = []
IDS: set[str] = set()

B = ["1", "2", "3", "4"]


def find(token: str, lo: int, hi: int | None = None) -> int:
    hi = lo if hi is None else hi
    for n in range(lo, hi + 1):
        if token in LINES[n - 1]:
            return n
    raise SystemExit(f"token {token!r} not found in lines {lo}-{hi}")


def decimals_of(value: str) -> str:
    try:
        float(value)
    except ValueError:
        return ""
    return str(len(value.split(".")[1])) if "." in value else "0"


def add(figure, key, label, value, unit, lo, hi=None, status="ok", note="", slug=None, token=None):
    value = str(value)
    line = find(token if token is not None else value, lo, hi)
    if slug is None:
        if not key:
            raise SystemExit(f"keyless row needs slug: {label}")
        slug = key.replace("_by_batch.", ".b")
    rid = f"{figure}.{slug}"
    k = 2
    while rid in IDS:
        rid = f"{figure}.{slug}#{k}"
        k += 1
    IDS.add(rid)
    ROWS.append(dict(id=rid, figure=figure, key=key, label=label, value=value, unit=unit,
                     decimals=decimals_of(value), status=status, source_line=line, note=note))


BATCH_CN = {"1": "第一批", "2": "第二批", "3": "第三批", "4": "第四批"}

# ----------------------------------------------------------------------------------------------
# 摘要
S = "summary"
add(S, "companies", "四批累计公示小巨人数", "9279", "家", 7)
add(S, "", "实际培育认定数", "8997", "家", 8, slug="certified",
    note="no engine counterpart (certified list not published); = 155+1584+2930+4328")
add(S, "", "十四五小巨人培育目标", "1", "万家", 8, status="benchmark", token="一万家",
    slug="target_14th_fyp", note="benchmark: policy.target_little_giants (十四五 一万家); printed as 一万家")
add(S, "employees_mean", "平均员工规模", "252", "人", 11)
add(S, "founded_years_median", "成立年限", "13", "年", 11,
    note="summary says 平均成立年限, fig 1.2 labels it 成立年限（中位数）")
add(S, "national.companies_share", "小巨人企业数占全国比重", "0.04", "%", 13)
add(S, "national.employment_ratio", "就业贡献为企业数占比的倍数（近十倍）", "10", "倍", 13, status="approximate",
    token="近十倍", note="printed: 近十倍; bounds: [8.5, 10.5]; computed 0.35/0.04=8.75, unrounded 0.3527/0.0370=9.53")
add(S, "national.granted_inventions_ratio", "技术贡献为企业数占比的倍数（百余倍）", "100", "倍", 14, status="approximate", token="百余倍",
    slug="granted_inventions_ratio",
    note="printed: 百余倍; bounds: [100, 200); computed 4.64/0.0370=125 (prose-1-3 says 120余倍)")
add(S, "financed_share", "有过一级市场融资企业占比（约四成）", "40", "%", 18, status="approximate", token="约四成",
    note="printed: 约四成; bounds: [35, 45]; published exact 41.59%")
add(S, "listed_share", "上市公司占比（小于一成）", "10", "%", 19, status="approximate", token="小于一成",
    note="printed: 小于一成; bounds: [0, 10); published exact 6.96%")
add(S, "listed_count", "已上市小巨人数", "646", "家", 21)
add(S, "boards.科创板.giant_share_of_board", "科创板上市企业中小巨人占比", "48.8", "%", 25)
add(S, "applications_mean", "平均累计专利申请量", "104", "件/家", 31)
add(S, "valid_inventions_mean", "平均有效发明专利量", "16", "件/家", 31)
add(S, "", "技术规模为全国企业平均水平的倍数", "2.5", "倍", 32, status="approximate", slug="ratio_to_national",
    note="printed: 2.5 倍; bounds: [2.45, 2.55]; benchmark: national.enterprise_valid_inventions_mean=6.4; 15.89/6.4=2.48")
add(S, "", "技术规模相当于典型上市企业的比例", "17.5", "%", 32, status="approximate", token="15-20%", slug="ratio_to_ashare",
    note="printed: 15-20%; bounds: [14.5, 20.5]; valid inventions 15.89/83.70=19.0% fits, but applications 104.43/444.25=23.5% does not")
add(S, "applications_growth.rate", "2021年专利申请增速", "18.3", "%", 34)
add(S, "", "发明专利密度为A股上市企业的倍数", "3.4", "倍", 39, slug="density_ratio_to_ashare",
    note="62.99/18.51=3.40; benchmark: ashare.invention_density_per_1000=18.51")
add(S, "citations_mean", "平均专利被引用次数", "184.34", "次/家", 47)
add(S, "licenses_mean", "平均专利对外许可次数", "0.59", "次/家", 47)
add(S, "transfers_mean", "平均专利对外转让次数", "7.82", "次/家", 48)
add(S, "pct_mean", "平均PCT专利", "1.27", "件/家", 52)
add(S, "pct_share", "PCT占全部专利申请比重", "1.2", "%", 52)
add(S, "", "PCT占比为中国头部企业的比例（1/5）", "0.2", "倍", 53, status="approximate", token="1/5", slug="pct_share_ratio_top500",
    note="printed: 1/5; bounds: [0.15, 0.25]; 1.2/5.13=0.23; benchmark: top500.pct_share=5.13%")
add(S, "pct_bucket_shares.0", "没有PCT专利的企业占比（八成）", "80", "%", 55, status="approximate", token="八成",
    note="printed: 八成; bounds: [75, 85]; published exact 79.5%")
add(S, "pct_bucket_shares.>100", "有100件以上PCT的企业占比（不足0.1%）", "0.1", "%", 55, status="approximate",
    token="不足0.1%", note="printed: 不足0.1%; bounds: [0, 0.1); published exact 0.09%")
add(S, "companies", "四批小巨人数（行业）", "9279", "家", 71)
add(S, "focus_share", "十大重点产业领域企业占比（近八成）", "80", "%", 72, status="approximate", token="近八成",
    note="printed: 近八成; bounds: [75, 80]; published exact 79.5%")
add(S, "", "高端装备制造和新材料企业数占比高出A股的百分点", "6.5", "个百分点", 77, 78, status="approximate", token="4-9",
    slug="ashare_gap_pp", note="printed: 4-9 个百分点; bounds: [3.5, 9.5]; 23.24-19.16=4.08, 22.00-13.17=8.83")
add(S, "", "生物医药和航空航天技术规模相当于上市公司的比例（七至八成）", "75", "%", 81, status="approximate",
    token="七至八成", slug="ratio_to_ashare_bio_aero",
    note="printed: 七至八成; bounds: [65, 85] (nearest 成); 83.96% and 66.09% (fig 3.3)")
add(S, "cr10.province.top_share_of_regions", "前10省份占全部省份比重", "32.3", "%", 88)
add(S, "cr10.province.cr10", "省份集中度CR10", "68.1", "%", 89)
add(S, "cr10.city.top_share_of_regions", "前10城市占全部城市比重", "3.3", "%", 92)
add(S, "cr10.city.cr10", "城市集中度CR10", "33.3", "%", 93)
add(S, "cr10.district.top_share_of_regions", "前10区县占全部区县比重", "0.7", "%", 97)
add(S, "cr10.district.cr10", "区县集中度CR10", "11.9", "%", 98)
add(S, "", "技术规模高于全国平均的省份数", "9", "个", 102, slug="provinces_above_mean",
    note="table 4.1: 9 provinces above 15.89 (沪 皖 粤 苏 京 津 川 宁 琼)")
add(S, "", "京沪技术密集度为全国水平的倍数（两倍）", "2", "倍", 105, status="approximate", token="两倍",
    slug="density_ratio_bj_sh", note="printed: 两倍; bounds: [1.75, 2.25]; 124.7/62.99=1.98, 112.21/62.99=1.78")

# ----------------------------------------------------------------------------------------------
# 引言
I = "intro"
add(I, "", "十四五创新型中小企业目标", "100", "万家", 126, status="benchmark", slug="target_innovative_sme",
    note="benchmark: policy.target_innovative_sme (100万家)")
add(I, "", "十四五专精特新中小企业目标", "10", "万家", 127, status="benchmark", slug="target_specialised_sme",
    note="benchmark: policy.target_specialised_sme (10万家)")
add(I, "", "十四五小巨人培育目标", "1", "万家", 128, status="benchmark", slug="target_14th_fyp",
    note="benchmark: policy.target_little_giants (1万家)")
add(I, "companies", "累计公示小巨人数", "9279", "家", 130)
add(I, "", "实际培育认定数", "8997", "家", 130, slug="certified", note="no engine counterpart")
add(I, "companies", "分析采用的入选公示数", "9279", "家", 165)
add(I, "", "公示数比实际认定数多", "282", "家", 166, slug="published_minus_certified",
    note="'比实际培育认定多 282 家': 9279-8997=282, correct (prose-1-1 says 少 282 家)")
add(I, "as_of", "数据统计截止日", "2022-06-30", "date", 169, token="2022 年 6 月 30 日",
    note="printed: 2022 年 6 月 30 日")

# ----------------------------------------------------------------------------------------------
# 1.1 prose
P = "prose-1-1"
add(P, "companies", "累计公示小巨人数", "9279", "家", 185)
add(P, "", "实际培育认定数", "8997", "家", 186, slug="certified", note="no engine counterpart")
for b, pub, cert, lo in (("1", "248", "155", 188), ("2", "1744", "1584", 189), ("3", "2930", None, 190), ("4", "4357", "4328", 191)):
    add(P, f"batches.{b}", f"{BATCH_CN[b]}入选公示数", pub, "家", lo, lo + 1)
    if cert:
        add(P, "", f"{BATCH_CN[b]}实际认定数", cert, "家", lo, lo + 1, slug=f"certified.b{b}",
            note="certified count; no engine counterpart")
add(P, "", "第三批实际认定数（全部通过）", "2930", "家", 190, status="ok", token="实际全部通过认", slug="certified.b3",
    note="printed as 实际全部通过认定 (= the 2930 published); value implied")
add(P, "companies", "分析采用的入选公示数", "9279", "家", 195)
add(P, "", "公示数比实际认定数少（sic）", "282", "家", 195, status="contradicted", slug="published_minus_certified",
    note="printed '比实际培育认定少 282 家' but 9279 published - 8997 certified = +282: published is MORE (intro line 166 says 多)")
add(P, "employees_mean", "平均员工规模", "252", "人", 208)
add(P, "founded_years_median", "成立年限", "13", "年", 208, note="printed as 平均成立年限")
add(P, "employees_mean_by_batch.4", "第四批平均员工规模", "226", "人", 211)
add(P, "", "第四批员工规模比前三批少", "20", "%", 212, status="approximate", token="10-30%", slug="b4_employees_gap",
    note="printed: 10-30%; bounds: [9.5, 30.5]; 1-226/287=21.3%, 1-226/315=28.3%, 1-226/250=9.6%")
add(P, "founded_years_median_by_batch.4", "第四批成立年限", "13", "年", 212,
    note="'也略短于前三批' but batch 3 is also 13 at printed precision")
add(P, "", "第四批比第一批年轻", "6", "年", 214, token="六岁", slug="b4_younger_than_b1",
    note="printed: 六岁; founded_years_median_by_batch.1 - .4 = 19-13 = 6")

# ----------------------------------------------------------------------------------------------
# Fig 1.2
F = "fig-1-2"
emp = {"1": ("287", 236), "2": ("315", 238), "3": ("250", 240), "4": ("226", 242)}
yrs = {"1": ("19", 246), "2": ("17", 248), "3": ("13", 250), "4": ("13", 252)}
for b in B:
    add(F, f"employees_mean_by_batch.{b}", f"{BATCH_CN[b]}平均员工规模", emp[b][0], "人", emp[b][1],
        note="value order = label order 第一..第四批, 总计; weighted mean (248·287+1744·315+2930·250+4357·226)/9279=251.9 confirms")
    add(F, f"founded_years_median_by_batch.{b}", f"{BATCH_CN[b]}中位数成立年限", yrs[b][0], "年", yrs[b][1])
add(F, "employees_mean", "总计平均员工规模", "252", "人", 244)
add(F, "founded_years_median", "总计中位数成立年限", "13", "年", 254)

# ----------------------------------------------------------------------------------------------
# 1.1 prose 3) and fig 1.3
P = "prose-1-3"
add(P, "national.companies_share", "企业数量占全国比重", "0.04", "%", 259)
add(P, "national.granted_inventions_share", "技术贡献（授权发明专利占全国比重）", "4.64", "%", 260)
add(P, "companies", "四批小巨人数", "9279", "家", 263)
add(P, "national.companies_share", "企业数量占全国比重", "0.04", "%", 264)
add(P, "employees_total", "小巨人总员工数", "224.5", "万人", 265, status="contradicted",
    note="employees_mean 252.25 x 9279 = 234.06万 (batch means give 251.94 x 9279 = 233.8万), not 224.5万; 224.5万/9279 = 241.9 人")
add(P, "national.employment_share", "就业占全社会比重", "0.35", "%", 266)
add(P, "national.employment_ratio", "就业占比是企业数占比的倍数（近10倍）", "10", "倍", 266, status="approximate",
    token="近 10 倍", note="printed: 近 10 倍; bounds: [8.5, 10.5]; 0.35/0.04=8.75; 0.3527/0.0370=9.53")
add(P, "national.granted_inventions_total", "小巨人授权发明专利总量", "15.16", "万件", 268,
    note="= batch-weighted invention_grants_mean 16.348 x 9279 = 151,694 件")
add(P, "national.granted_inventions_share", "授权发明专利占全国企业有效发明比重", "4.64", "%", 269)
add(P, "national.granted_inventions_ratio", "技术占比是企业数占比的倍数（120余倍）", "120", "倍", 270, status="approximate", token="120 余倍",
    slug="granted_inventions_ratio", note="printed: 120 余倍; bounds: [120, 130); 0.0464/0.000370=125.3")

F = "fig-1-3"
add(F, "companies", "小巨人企业数量", "9279", "家", 301)
add(F, "employees_total", "小巨人总就业数", "224.5", "万人", 303, status="contradicted",
    note="252.25 人/家 x 9279 = 234.06万, not 224.5万 (see prose-1-3)")
add(F, "national.granted_inventions_total", "小巨人授权发明专利量", "15.16", "万件", 305)
add(F, "", "全国企业总数（不含港澳台）", "25055456", "家", 307, status="benchmark", slug="national_companies_total",
    note="benchmark: national.companies_total (国家统计局 2021 企业法人单位)")
add(F, "", "全国企业总就业数", "63643.7", "万人", 309, status="benchmark", slug="national_employment_total",
    note="benchmark: national.employment_total")
add(F, "", "全国企业有效发明专利量", "327.02", "万件", 311, status="benchmark", slug="national_inventions_total",
    note="benchmark: national.granted_inventions_national_total")
add(F, "national.companies_share", "企业数量占全国比重", "0.04", "%", 315, note="9279/25055456=0.0370%")
add(F, "national.employment_share", "就业占全国比重", "0.35", "%", 317, note="224.5/63643.7=0.353%")
add(F, "national.granted_inventions_share", "授权发明专利占全国比重", "4.64", "%", 319, note="15.16/327.02=4.636%")

# ----------------------------------------------------------------------------------------------
# 1.2 prose
P = "prose-1-2"
add(P, "financed_share", "有过一级市场融资企业占比（约四成）", "40", "%", 326, status="approximate", token="约四成",
    note="printed: 约四成; bounds: [35, 45]; exact 41.59%")
add(P, "listed_share", "上市公司占比（小于一成）", "10", "%", 327, status="approximate", token="小于一成",
    note="printed: 小于一成; bounds: [0, 10); exact 6.96%")
add(P, "companies", "四批小巨人数", "9279", "家", 327)
add(P, "listed_count", "上市小巨人数", "646", "家", 328)
add(P, "listed_share", "上市占比", "6.96", "%", 329)
add(P, "financed_count", "有融资经历的小巨人数", "3859", "家", 329)
add(P, "financed_share", "融资占比", "41.59", "%", 330)
add(P, "listed_share_by_batch.4", "第四批上市占比", "5.23", "%", 333)
add(P, "listed_share_by_batch.1", "第一批上市占比", "17.74", "%", 335)
add(P, "listed_share_by_batch.2", "第二批上市占比", "11.18", "%", 336)
add(P, "financed_share_by_batch.4", "第四批融资占比", "41.66", "%", 338)
add(P, "listed_count", "已上市小巨人数", "646", "家", 366)
add(P, "", "A股上市小巨人数", "638", "家", 369, status="contradicted", slug="ashare_listed_count",
    note="174+246+205+29=654, not 638; 638+1+7=646 but 654+1+7=662 (fig 1.5 footnote: 包含双重上市、转板, i.e. 16 board listings double-counted)")
add(P, "boards.新交所.count", "新交所上市数", "1", "家", 370, token="新交所上市 1")
add(P, "boards.港交所.count", "港交所上市数", "7", "家", 370, token="港交所上市 7")
add(P, "boards.主板.count", "A股主板上市数", "174", "家", 371,
    note="174/3155=5.5% but the board share is printed as 6.4% (see boards.主板.giant_share_of_board)")
add(P, "boards.创业板.count", "创业板上市数", "246", "家", 371)
add(P, "boards.科创板.count", "科创板上市数", "205", "家", 372, note="printed 科创版 (sic)")
add(P, "boards.北交所.count", "北交所上市数", "29", "家", 372)
add(P, "boards.新三板.count", "新三板挂牌数", "1372", "家", 374)
add(P, "boards.新三板.share", "新三板挂牌占比", "14.8", "%", 375, note="1372/9279=14.79%")
add(P, "boards.科创板.giant_share_of_board", "科创板中小巨人占比", "48.8", "%", 422)
add(P, "boards.主板.board_size", "A股沪深主板企业数", "3155", "家", 423, status="benchmark",
    note="benchmark: ashare.board_size.主板 (input)")
add(P, "boards.主板.giant_share_of_board", "沪深主板中小巨人占比", "6.4", "%", 424, status="contradicted",
    note="174/3155 = 5.52%, not 6.4%; 6.4% x 3155 = 202 companies")
add(P, "boards.创业板.board_size", "创业板企业数", "1142", "家", 424, status="benchmark",
    note="benchmark: ashare.board_size.创业板 (input)")
add(P, "boards.创业板.giant_share_of_board", "创业板中小巨人占比", "21.5", "%", 425, note="246/1142=21.54%")
add(P, "boards.科创板.board_size", "科创板企业数", "420", "家", 426, status="benchmark",
    note="benchmark: ashare.board_size.科创板 (input)")
add(P, "boards.科创板.giant_share_of_board", "科创板中小巨人占比", "48.8", "%", 427, note="205/420=48.81%")
add(P, "boards.北交所.board_size", "北交所企业数", "89", "家", 428, status="benchmark",
    note="benchmark: ashare.board_size.北交所 (input)")
add(P, "boards.北交所.giant_share_of_board", "北交所中小巨人占比", "32.6", "%", 429, note="29/89=32.58%")

# Fig 1.4
F = "fig-1-4"
for b, v, ln in (("1", "17.74", 347), ("2", "11.18", 349), ("3", "6.11", 350), ("4", "5.23", 350)):
    add(F, f"listed_share_by_batch.{b}", f"{BATCH_CN[b]}上市企业占比", v, "%", ln,
        note="order = 第一..第四批, 全部; counts 44/248, 195/1744, 179/2930, 228/4357 sum to 646")
add(F, "listed_share", "全部小巨人上市企业占比", "6.96", "%", 350)
add(F, "financed_share_by_batch.1", "第一批一级市场融资企业占比", "56.28", "%", 352, status="contradicted",
    note="3859-767-1138-1815 = 139 financed in batch 1 -> 139/248 = 56.05%; no integer count over 248 gives 56.28% (139.57); 56.28% = 139/247")
for b, v, ln in (("2", "43.98", 354), ("3", "38.84", 355), ("4", "41.66", 357)):
    add(F, f"financed_share_by_batch.{b}", f"{BATCH_CN[b]}一级市场融资企业占比", v, "%", ln,
        note="counts 767/1744, 1138/2930, 1815/4357")
add(F, "financed_share", "全部小巨人融资企业占比", "41.59", "%", 357)

# Fig 1.5
F = "fig-1-5"
add(F, "boards.科创板.count", "A股科创板上市", "205", "家", 381, token="205家")
add(F, "boards.科创板.share", "科创板上市占比", "2.2", "%", 382, note="205/9279=2.21%")
add(F, "boards.主板.count", "A股主板上市", "174", "家", 386, token="174家", status="derived",
    note="labels printed together ('A股创业板上市A股主板上市'); 174=主板 per prose-1-2 line 371")
add(F, "boards.主板.share", "主板上市占比", "1.9", "%", 387, status="derived", note="174/9279=1.88%")
add(F, "boards.创业板.count", "A股创业板上市", "246", "家", 389, token="246家", status="derived",
    note="246=创业板 per prose-1-2 line 371")
add(F, "boards.创业板.share", "创业板上市占比", "2.7", "%", 390, status="derived", note="246/9279=2.65%")
add(F, "boards.新交所.count", "新加坡交易所上市", "1", "家", 396, token="1家", status="derived",
    note="labels printed 港交所, 新交所 then values 1家, 7家; prose line 370 gives 新交所 1, 港交所 7")
add(F, "boards.新交所.share", "新交所上市占比", "0.01", "%", 397, status="derived", note="1/9279=0.011%")
add(F, "boards.港交所.count", "港交所上市", "7", "家", 399, token="7家", status="derived",
    note="港交所 7 per prose line 370 (chart label order is reversed)")
add(F, "boards.港交所.share", "港交所上市占比", "0.1", "%", 400, status="derived", note="7/9279=0.075%")
add(F, "boards.北交所.count", "A股北交所上市", "29", "家", 402, token="29家")
add(F, "boards.北交所.share", "北交所上市占比", "0.3", "%", 403, note="29/9279=0.31%")
add(F, "boards.新三板.count", "新三板挂牌", "1372", "家", 407, token="1372家")
add(F, "boards.新三板.share", "新三板挂牌占比", "14.8", "%", 408)
add(F, "financed_count", "参与一级市场融资", "3859", "家", 412, token="3859家")
add(F, "financed_share", "参与一级市场融资占比", "41.6", "%", 413)

# Fig 1.6
F = "fig-1-6"
add(F, "boards.主板.board_size", "沪深主板企业数", "3155", "家", 445, status="benchmark", note="benchmark: ashare.board_size.主板")
add(F, "boards.创业板.board_size", "创业板企业数", "1142", "家", 450, status="benchmark", note="benchmark: ashare.board_size.创业板")
add(F, "boards.创业板.giant_share_of_board", "创业板中小巨人占比", "21.5", "%", 452, status="derived",
    note="'21.5%6.4%' printed fused; 246/1142=21.54% -> 创业板 (prose line 425 agrees)")
add(F, "boards.主板.giant_share_of_board", "沪深主板中小巨人占比", "6.4", "%", 452, status="contradicted",
    note="fused label resolved via prose line 424; but 174/3155=5.52%, not 6.4%")
add(F, "boards.科创板.board_size", "科创板企业数", "420", "家", 455, status="benchmark", note="benchmark: ashare.board_size.科创板")
add(F, "boards.科创板.giant_share_of_board", "科创板中小巨人占比", "48.8", "%", 457)
add(F, "boards.北交所.board_size", "北交所企业数", "89", "家", 460, status="benchmark", note="benchmark: ashare.board_size.北交所")
add(F, "boards.北交所.giant_share_of_board", "北交所中小巨人占比", "32.6", "%", 466)

# ----------------------------------------------------------------------------------------------
# 2.1 prose
P = "prose-2-1"
add(P, "applications_mean", "平均累计专利申请", "104", "件/家", 491)
add(P, "valid_inventions_mean", "平均有效发明", "16", "件/家", 491)
add(P, "", "技术规模是全国企业平均的倍数", "2.5", "倍", 492, 493, status="approximate", slug="ratio_to_national",
    note="printed: 2.5 倍; bounds: [2.45, 2.55]; 15.89/6.4=2.48")
add(P, "", "相当于典型上市企业的比例", "17.5", "%", 493, status="approximate", token="15-20%", slug="ratio_to_ashare",
    note="printed: 15-20%; bounds: [14.5, 20.5]; applications 104.43/444.25=23.5% (outside); valid inventions 15.89/83.70=19.0%")
add(P, "as_of", "专利申请统计截止日", "2022-07-31", "date", 494, 495, token="截至 2022 年 7", status="contradicted",
    note="printed: 截至 2022 年 7 月 31 日; fig 2.1-2.6 notes and intro say 2022-06-30")
add(P, "applications_mean", "平均专利申请总量", "104.43", "件/家", 496)
add(P, "", "A股上市企业平均专利申请总量", "444.25", "件/家", 497, status="benchmark", slug="ashare_applications_mean",
    note="benchmark: ashare.applications_mean")
add(P, "", "A股是小巨人专利申请的倍数（4倍以上）", "4", "倍", 498, status="approximate", token="4 倍以上",
    slug="ashare_applications_ratio", note="printed: 4 倍以上; bounds: [4, inf); 444.25/104.43=4.25")
add(P, "as_of", "有效发明统计截止日", "2022-07-31", "date", 510, token="2022 年 7 月 31", status="contradicted",
    note="printed: 截至 2022 年 7 月 31 日; chart notes say 2022-06-30")
add(P, "valid_inventions_mean", "平均有效发明专利总量", "15.89", "件/家", 511)
add(P, "", "拥有有效发明专利的国内企业数", "32.6", "万家", 514, status="benchmark", slug="national_inventing_companies",
    note="benchmark: national.companies_with_inventions (CNIPA, 2022-07)")
add(P, "", "国内企业有效发明专利量", "208.6", "万件", 514, status="benchmark", slug="national_valid_inventions",
    note="benchmark: national.valid_inventions_total (CNIPA, 2022-07); 208.6/32.6=6.40")
add(P, "", "全国企业平均有效发明专利量", "6.4", "件/家", 515, status="benchmark", slug="national_valid_mean",
    note="benchmark: national.enterprise_valid_inventions_mean")
add(P, "", "小巨人是全国企业平均的倍数（2.5倍左右）", "2.5", "倍", 516, status="approximate", token="2.5 倍",
    slug="ratio_to_national", note="printed: 2.5 倍左右; bounds: [2.4, 2.6]; 15.89/6.4=2.48")
add(P, "", "A股上市企业平均有效发明专利总量", "83.70", "件/家", 517, status="benchmark", slug="ashare_valid_mean",
    note="benchmark: ashare.valid_inventions_mean")
add(P, "", "小巨人技术体量为上市企业的比例", "17.5", "%", 518, status="approximate", token="15-20%", slug="ratio_to_ashare",
    note="printed: 15-20%; bounds: [14.5, 20.5]; 15.89/83.70=19.0%")
add(P, "applications_mean_by_batch.4", "第四批累计专利申请总量", "96.93", "件/家", 522)
add(P, "valid_inventions_mean_by_batch.4", "第四批有效发明专利总量", "15.58", "件/家", 522,
    note="'均略低于前三批': 15.58 > batch 3 (14.78); true only against the pooled first three batches (16.16)")

# Fig 2.1
F = "fig-2-1"
for b, v, ln in (("1", "21.40", 531), ("2", "17.73", 532), ("3", "14.78", 532), ("4", "15.58", 532)):
    add(F, f"valid_inventions_mean_by_batch.{b}", f"{BATCH_CN[b]}平均有效发明专利总量", v, "件/家", ln,
        note="order = label order; batch-weighted mean 15.887 reproduces 15.89")
add(F, "", "全国企业平均有效发明专利总量", "6.40", "件/家", 534, status="benchmark", slug="national_valid_mean",
    note="benchmark: national.enterprise_valid_inventions_mean")
add(F, "", "A股上市公司平均有效发明专利总量", "83.70", "件/家", 536, status="benchmark", slug="ashare_valid_mean",
    note="benchmark: ashare.valid_inventions_mean")
add(F, "valid_inventions_mean", "四批小巨人平均值", "15.89", "件/家", 542)
for b, v, ln in (("1", "140.07", 546), ("2", "120.63", 547), ("3", "102.93", 549), ("4", "96.93", 549)):
    add(F, f"applications_mean_by_batch.{b}", f"{BATCH_CN[b]}平均累计专利申请总量", v, "件/家", ln,
        note="batch-weighted mean 104.432 reproduces 104.43")
add(F, "", "A股上市公司平均累计专利申请总量", "444.25", "件/家", 551, status="benchmark", slug="ashare_applications_mean",
    note="benchmark: ashare.applications_mean")
add(F, "applications_mean", "四批小巨人平均值", "104.43", "件/家", 557)

# 2.1 prose 2)
P = "prose-2-1"
add(P, "applications_growth.rate", "2021年专利申请增速", "18.3", "%", 559)
add(P, "applications_growth.from_mean", "2020年平均专利申请量", "15.19", "件/家", 562)
add(P, "applications_growth.to_mean", "2021年平均专利申请量", "17.97", "件/家", 563)
add(P, "applications_growth.rate", "专利申请增速", "18.3", "%", 563, note="17.97/15.19-1=18.30%")
add(P, "", "十四五中小企业专利申请年均增长目标", "10", "%", 567, status="benchmark", slug="target_growth",
    note="benchmark: policy.target_application_growth (10% 以上)")
add(P, "applications_growth_by_batch.4.rate", "第四批专利申请增速", "20.4", "%", 571)
add(P, "applications_growth_by_batch.4.from_mean", "第四批2020年平均专利申请", "14.12", "件/家", 573)
add(P, "applications_growth_by_batch.4.to_mean", "第四批2021年平均专利申请", "17.00", "件/家", 573)
add(P, "applications_growth_by_batch.4.rate", "第四批增速", "20.4", "%", 574, note="17.00/14.12-1=20.40%")
add(P, "", "第四批增速高于前三批的百分点", "8.5", "个百分点", 574, status="approximate", token="2-15", slug="b4_growth_gap_pp",
    note="printed: 2-15 个百分点; bounds: [1.5, 15.5]; 20.4-18.1=2.3, 20.4-16.2=4.2, 20.4-5.9=14.5")
add(P, "", "十四五增长要求", "10", "%", 575, status="benchmark", slug="target_growth", note="benchmark: policy.target_application_growth")

# Fig 2.2
F = "fig-2-2"
frm = {"1": ("17.78", 586), "2": ("17.71", 586), "3": ("15.05", 587), "4": ("14.12", 587)}
to = {"1": ("18.84", 589), "2": ("20.57", 590), "3": ("17.77", 592), "4": ("17.00", 592)}
rate = {"1": ("5.9", 594), "2": ("16.2", 596), "3": ("18.1", 597), "4": ("20.4", 599)}
for b in B:
    st = "ok" if b == "4" else "derived"
    nt = ("batch 4 confirmed by prose line 573" if b == "4" else
          "pairing by ratio: 18.84/17.78-1=5.96% (5.9 within input rounding), 20.57/17.71-1=16.15%, 17.77/15.05-1=18.07%; "
          "batch-weighted means 15.186 and 17.963 reproduce 15.19 and 17.97")
    add(F, f"applications_growth_by_batch.{b}.from_mean", f"{BATCH_CN[b]}2020年平均公开专利申请量", frm[b][0], "件/家", frm[b][1], status=st, note=nt)
    add(F, f"applications_growth_by_batch.{b}.to_mean", f"{BATCH_CN[b]}2021年平均公开专利申请量", to[b][0], "件/家", to[b][1], status=st, note=nt)
    add(F, f"applications_growth_by_batch.{b}.rate", f"{BATCH_CN[b]}专利申请增速", rate[b][0], "%", rate[b][1], status=st, note=nt)
add(F, "applications_growth.from_mean", "全部小巨人2020年平均公开专利申请量", "15.19", "件/家", 587)
add(F, "applications_growth.to_mean", "全部小巨人2021年平均公开专利申请量", "17.97", "件/家", 592)
add(F, "applications_growth.rate", "全部小巨人专利申请增速", "18.3", "%", 600)

# 2.2 prose
P = "prose-2-2"
add(P, "", "发明专利密度是A股的倍数", "3.4", "倍", 638, slug="density_ratio_to_ashare", note="62.99/18.51=3.40")
add(P, "invention_density_per_1000", "千人均有效发明专利数", "62.99", "件/千人", 640)
add(P, "invention_density_per_1000", "每千名员工有效发明专利", "62.99", "件/千人", 642)
add(P, "", "A股上市企业发明专利密度", "18.51", "件/千人", 643, status="benchmark", slug="ashare_density",
    note="benchmark: ashare.invention_density_per_1000")
add(P, "invention_application_share", "平均发明专利申请占比", "43.44", "%", 703,
    note="ratio of means: 45.357/104.43=43.43% (batch-weighted invention applications)")
add(P, "", "发明申请占比是上市公司的倍数（两倍）", "2", "倍", 703, status="approximate", token="两倍",
    slug="invention_share_ratio_ashare", note="printed: 两倍; bounds: [1.75, 2.25]; 43.44/22.0=1.97")
add(P, "invention_grant_rate", "平均发明专利授权率", "36.03", "%", 704, note="16.348/45.357=36.04%")
add(P, "", "授权率是上市公司的比例（1/3）", "0.33", "倍", 704, status="approximate", token="1/3",
    slug="grant_rate_ratio_ashare", note="printed: 1/3; bounds: [0.28, 0.40]; 36.03/94.3=0.38 (loose)")
add(P, "", "发明专利从申请到授权平均时长", "18", "月", 705, status="benchmark", slug="grant_lag_months",
    note="benchmark: cnipa.grant_lag_months")
add(P, "applications_mean_by_batch.4", "第四批平均累计专利申请量", "96.93", "件/家", 712)
add(P, "invention_applications_mean_by_batch.4", "第四批平均累计发明专利申请量", "43.31", "件/家", 713)
add(P, "invention_application_share_by_batch.4", "第四批发明专利申请占比", "44.7", "%", 713)
add(P, "", "第四批发明申请占比高于前三批的百分点", "2.5", "个百分点", 714, status="contradicted", token="2-3",
    slug="b4_invention_share_gap_pp",
    note="printed: 2-3 个百分点; bounds: [1.5, 3.5]; 44.7-43.5=1.2 (batch 1) is outside; 44.7-41.9=2.8, 44.7-42.8=1.9")
add(P, "invention_grants_mean_by_batch.4", "第四批平均累计发明专利授权量", "16.18", "件/家", 715)
add(P, "invention_grant_rate_by_batch.4", "第四批发明专利授权率", "37.3", "%", 716,
    note="16.18/43.31=37.36% (37.3 reachable within input rounding: 16.175/43.315=37.34%)")
add(P, "", "第四批授权率高于前三批的百分点", "2", "个百分点", 716, status="approximate", token="1-3",
    slug="b4_grant_rate_gap_pp", note="printed: 1-3 个百分点; bounds: [0.5, 3.5]; 37.3-36.2=1.1, -35.7=1.6, -34.3=3.0")

# Fig 2.3
F = "fig-2-3"
add(F, "", "A股上市企业发明专利密度", "18.51", "件/千人", 656, status="benchmark", slug="ashare_density",
    note="benchmark: ashare.invention_density_per_1000")
add(F, "invention_density_per_1000", "小巨人发明专利密度", "62.99", "件/千人", 658, note="15.89/252.25x1000=62.99")
for b, v, ln, calc in (("4", "69.03", 664, "15.58/226=68.9"), ("3", "59.05", 666, "14.78/250=59.1"),
                       ("2", "56.35", 668, "17.73/315=56.3"), ("1", "74.59", 670, "21.40/287=74.6")):
    add(F, f"invention_density_per_1000_by_batch.{b}", f"{BATCH_CN[b]}发明专利密度", v, "件/千人", ln, status="derived",
        note=f"bars printed 第四..第一批; valid/employees x1000: {calc} (each within rounding of the integer employee means)")

# Fig 2.4
F = "fig-2-4"
for b, v, ln in (("1", "140.07", 729), ("2", "120.63", 730), ("3", "102.93", 732), ("4", "96.93", 732)):
    add(F, f"applications_mean_by_batch.{b}", f"{BATCH_CN[b]}专利申请总量", v, "件/家", ln)
add(F, "", "A股上市公司专利申请总量", "444.25", "件/家", 734, status="benchmark", slug="ashare_applications_mean",
    note="benchmark: ashare.applications_mean")
for b, v in zip(B, ("60.89", "50.51", "44.02", "43.31")):
    add(F, f"invention_applications_mean_by_batch.{b}", f"{BATCH_CN[b]}发明专利申请总量", v, "件/家", 736,
        note="batch-weighted mean 45.357; x9279 / applications gives 43.43% (prose 43.44%)")
add(F, "", "A股上市公司发明专利申请总量", "97.94", "件/家", 738, status="benchmark", slug="ashare_invention_applications_mean",
    note="benchmark: ashare.invention_applications_mean")
for b, v in zip(B, ("22.03", "18.04", "15.11", "16.18")):
    add(F, f"invention_grants_mean_by_batch.{b}", f"{BATCH_CN[b]}发明专利授权量", v, "件/家", 740,
        note="batch-weighted mean 16.348 x 9279 = 151,694 = 15.16万 (fig 1.3)")
add(F, "", "A股上市公司发明专利授权量", "92.32", "件/家", 742, status="benchmark", slug="ashare_invention_grants_mean",
    note="benchmark: ashare.invention_grants_mean")
pairs = (("1", "43.5", 748, "36.2", 750, "60.89/140.07=43.47%", "22.03/60.89=36.18%"),
         ("2", "41.9", 752, "35.7", 754, "50.51/120.63=41.87%", "18.04/50.51=35.72%"),
         ("3", "42.8", 756, "34.3", 758, "44.02/102.93=42.77%", "15.11/44.02=34.32%"),
         ("4", "44.7", 760, "37.3", 762, "43.31/96.93=44.68%", "16.18/43.31=37.36% (37.3 within input rounding)"))
for b, s, ls, r, lr, cs, cr in pairs:
    add(F, f"invention_application_share_by_batch.{b}", f"{BATCH_CN[b]}发明专利申请占比", s, "%", ls, status="derived",
        note=f"percent labels printed as an unlabelled list; {cs}")
    add(F, f"invention_grant_rate_by_batch.{b}", f"{BATCH_CN[b]}发明专利授权率", r, "%", lr, status="derived",
        note=f"percent labels printed as an unlabelled list; {cr}")
add(F, "", "A股上市公司发明专利申请占比", "22.0", "%", 764, status="benchmark", slug="ashare_invention_share",
    note="benchmark: ashare.invention_application_share; 97.94/444.25=22.05%")
add(F, "", "A股上市公司发明专利授权率", "94.3", "%", 766, status="benchmark", slug="ashare_grant_rate",
    note="benchmark: ashare.invention_grant_rate; 92.32/97.94=94.26%")

# 2.3 prose
P = "prose-2-3"
add(P, "citations_mean", "平均专利被引用", "184.34", "次/家", 779)
add(P, "licenses_mean", "平均专利对外许可", "0.59", "次/家", 779)
add(P, "transfers_mean", "平均专利对外转让", "7.82", "次/家", 780)
add(P, "citations_mean_by_batch.4", "第四批专利被引", "175.64", "次/家", 785)
add(P, "licenses_mean_by_batch.4", "第四批专利许可", "0.49", "次/家", 785)
add(P, "transfers_mean_by_batch.4", "第四批专利转让", "8.00", "次/家", 786)

# Fig 2.5
F = "fig-2-5"
lic = (("1", "1.57", 802), ("2", "0.59", 804), ("3", "0.65", 804), ("4", "0.49", 804))
cit = (("1", "267.84", 806), ("2", "203.95", 807), ("3", "178.55", 807), ("4", "175.64", 807))
trn = (("1", "9.57", 819), ("2", "8.03", 820), ("3", "7.28", 820), ("4", "8.00", 820))
for name, key, rows, wnote in (("专利对外许可次数", "licenses_mean", lic,
                                "point-estimate weighted mean 0.5882 -> 0.59 in printed order; swapping batches 2/3 gives 0.5805 -> 0.58 (reaches 0.585 only if every input sits at its rounding extreme), so the printed order is taken"),
                               ("专利总被引次数", "citations_mean", cit, "weighted mean 184.344 -> 184.34"),
                               ("专利对外转让次数", "transfers_mean", trn,
                                "weighted mean 7.820 -> 7.82 only in printed order (swapping 8.03/7.28 gives 7.92)")):
    for b, v, ln in rows:
        st = "ok" if b == "4" else "derived"
        add(F, f"{key}_by_batch.{b}", f"{BATCH_CN[b]}平均每家企业{name}", v, "次/家", ln, status=st,
            note=("batch 4 confirmed by prose line 785" if b == "4" else f"batch order by label sequence; {wnote}"))
add(F, "licenses_mean", "全部小巨人平均专利对外许可次数", "0.59", "次/家", 812)
add(F, "citations_mean", "全部小巨人平均专利总被引次数", "184.34", "次/家", 817)
add(F, "transfers_mean", "全部小巨人平均专利对外转让次数", "7.82", "次/家", 830)

# 2.4 prose
P = "prose-2-4"
add(P, "pct_mean", "平均PCT专利", "1.27", "件/家", 846)
add(P, "pct_share", "PCT占全部专利申请比重", "1.2", "%", 847)
add(P, "", "PCT占比为中国头部企业的比例（1/5）", "0.2", "倍", 848, status="approximate", token="1/5",
    slug="pct_share_ratio_top500", note="printed: 1/5; bounds: [0.15, 0.25]; 1.2/5.13=0.23")
add(P, "", "中国专利规模最大科技企业数", "500", "家", 849, status="benchmark", slug="top500_n",
    note="benchmark: top500 peer group size")
add(P, "", "头部500家科技企业PCT占比", "5.13", "%", 850, status="benchmark", slug="top500_pct_share",
    note="benchmark: top500.pct_share")
add(P, "pct_bucket_shares.0", "没有PCT专利的企业占比（八成）", "80", "%", 852, status="approximate", token="八成",
    note="printed: 八成; bounds: [75, 85]; exact 79.5%")
add(P, "pct_bucket_shares.>100", "100件以上PCT企业占比（不足0.1%）", "0.1", "%", 853, status="approximate", token="0.1%",
    note="printed: 不足0.1%; bounds: [0, 0.1); exact 0.09%")
add(P, "pct_bucket_shares.0", "没有任何PCT专利的企业占比", "79.5", "%", 854)
add(P, "pct_bucket_shares.1-9", "仅有个位数PCT专利的企业占比", "17.43", "%", 855)
add(P, "pct_bucket_shares.10-100", "有10-100件PCT专利的企业占比", "2.99", "%", 856)
add(P, "pct_buckets.>100", "超过100件PCT专利的企业数", "8", "家", 857, token="仅 8")
add(P, "pct_bucket_shares.>100", "超过100件PCT专利的企业占比", "0.09", "%", 858)
add(P, "pct_mean_by_batch.4", "第四批平均PCT专利申请总量", "1.24", "件/家", 861)
add(P, "pct_share_by_batch.4", "第四批PCT占全部专利申请比重", "1.3", "%", 862)

# Fig 2.6
F = "fig-2-6"
pm = (("1", "1.35", 871, "1.0", 876), ("2", "1.55", 872, "1.3", 878), ("3", "1.14", 874, "1.1", 880), ("4", "1.24", 874, "1.3", 882))
for b, m, lm, s, ls in pm:
    st = "ok" if b == "4" else "derived"
    add(F, f"pct_mean_by_batch.{b}", f"{BATCH_CN[b]}平均PCT专利", m, "件/家", lm, status=st,
        note=("batch 4 per prose line 861" if b == "4" else
              "weighted mean (248x1.35+1744x1.55+2930x1.14+4357x1.24)/9279=1.2696 -> 1.27 (point estimates of all other orders miss 1.27); jointly with the share series only this order works: 1.35/140.07=0.96%->1.0, 1.55/120.63=1.28%->1.3, 1.14/102.93=1.11%->1.1"))
    add(F, f"pct_share_by_batch.{b}", f"{BATCH_CN[b]}PCT占全部专利申请比重", s, "%", ls, status=st,
        note=("batch 4 per prose line 862" if b == "4" else
              "pct_mean/applications_mean: 1.35/140.07=0.96%, 1.55/120.63=1.28%, 1.14/102.93=1.11%"))
add(F, "pct_mean", "全部小巨人平均PCT专利", "1.27", "件/家", 874)
add(F, "pct_share", "全部小巨人PCT占比", "1.2", "%", 883)
BUCKET_NOTE = "bucket counts 8+277+1617+7376=9278, one short of 9279"
add(F, "pct_buckets.>100", ">100件PCT专利企业数", "8", "家", 914, token="8家", note=BUCKET_NOTE)
add(F, "pct_bucket_shares.>100", ">100件PCT专利企业占比", "0.09", "%", 916, note="8/9279=0.086%")
add(F, "pct_buckets.10-100", "10-100件PCT专利企业数", "277", "家", 919, token="277家", note=BUCKET_NOTE)
add(F, "pct_bucket_shares.10-100", "10-100件PCT专利企业占比", "2.99", "%", 921, note="277/9279=2.985%")
add(F, "pct_buckets.1-9", "1-10件PCT专利企业数", "1617", "家", 923, token="1617家",
    note=BUCKET_NOTE + "; chart label 1-10件, prose says 个位数 (1-9)")
add(F, "pct_bucket_shares.1-9", "1-10件PCT专利企业占比", "17.43", "%", 925, note="1617/9279=17.426%")
add(F, "pct_buckets.0", "0件PCT专利企业数", "7376", "家", 928, token="7376家", note=BUCKET_NOTE)
add(F, "pct_bucket_shares.0", "0件PCT专利企业占比", "79.5", "%", 930, note="7376/9279=79.49%")

# ----------------------------------------------------------------------------------------------
# 3.1 prose
P = "prose-3-1"
add(P, "companies", "四批小巨人数", "9279", "家", 972)
add(P, "focus_share", "十大重点产业领域企业占比（八成）", "80", "%", 974, status="approximate", token="八成",
    note="printed: 八成; bounds: [75, 85]; exact 79.5%")
add(P, "industries.新材料.companies", "新材料企业数", "2156", "家", 979)
add(P, "industries.新一代信息技术.companies", "新一代信息技术企业数", "1881", "家", 979)
add(P, "industries.高端机械装备.companies", "高端机械装备企业数", "1536", "家", 979)
add(P, "focus_share", "十个重点产业领域企业占比", "79.5", "%", 980, note="1-1905/9279=79.47%")
add(P, "", "A股上市企业十大重点领域占比", "72.2", "%", 981, status="benchmark", slug="ashare_focus_share",
    note="benchmark: ashare.focus_share; = 100-27.84")
add(P, "", "高端装备制造领域企业数占比", "22.00", "%", 1078, slug="high_end_equipment_share",
    note="no key; 高端装备制造 = 高端机械装备+航空航天+海洋工程+轨道交通 = 1536+199+149+157 = 2041; 2041/9279=21.996%")
add(P, "", "高端装备制造占比高于A股的百分点（近9）", "9", "个百分点", 1079, status="approximate", token="近 9",
    slug="high_end_gap_pp", note="printed: 近 9 个百分点; bounds: [8.5, 9]; 22.00-13.17=8.83")
add(P, "industries.新材料.share", "新材料企业数量占比", "23.24", "%", 1080, note="2156/9279=23.235%")
add(P, "", "新材料占比高于A股的百分点", "4", "个百分点", 1081, status="approximate", token="4 个百分点",
    slug="new_materials_gap_pp", note="printed: 4 个百分点; bounds: [3.5, 4.5]; 23.24-19.16=4.08")
add(P, "focus_share_by_batch.4", "第四批来自十大重点产业领域的占比", "81.1", "%", 1197)
add(P, "industries_by_batch.4.新材料.share", "第四批新材料企业占比", "25.1", "%", 1202)
add(P, "", "第四批新材料占比高于前三批的百分点", "3.5", "个百分点", 1202, status="approximate", token="3-4",
    slug="b4_new_materials_gap_pp", note="printed: 3-4 个百分点; bounds: [2.5, 4.5]; 25.1-21.8=3.3, -22.1=3.0, -21.3=3.8")
add(P, "industries_by_batch.4.新一代信息技术.share", "第四批新一代信息技术企业占比", "21.8", "%", 1204)
add(P, "", "第四批新一代信息技术占比高于前三批的百分点", "4.5", "个百分点", 1204, 1205, status="approximate", token="1-8",
    slug="b4_it_gap_pp", note="printed: 1-8 个百分点; bounds: [0.5, 8.5]; 21.8-13.7=8.1, -15.9=5.9, -21.1=0.7")

# Fig 3.1
F = "fig-3-1"
IND_ORDER_REV = ["先进轨道交通装备", "海洋工程装备及高技术船舶", "航空航天装备", "生物医药及高性能医疗器械",
                 "节能与新能源汽车", "高端机械装备", "新一代信息技术", "新材料"]
cnt = (("其他", "1905", 1013), ("先进轨道交通装备", "157", 1015), ("海洋工程装备及高技术船舶", "149", 1017),
       ("航空航天装备", "199", 1019), ("生物医药及高性能医疗器械", "578", 1021), ("节能与新能源汽车", "718", 1023),
       ("高端机械装备", "1536", 1025), ("新一代信息技术", "1881", 1027), ("新材料", "2156", 1029))
for ind, v, ln in cnt:
    if ind in ("新材料", "新一代信息技术", "高端机械装备"):
        st, nt = "ok", "confirmed by prose line 979"
    elif ind == "其他":
        st, nt = "derived", "1905/9279=20.53% (the printed 其他 share); all nine counts sum to 9279"
    elif ind in ("生物医药及高性能医疗器械", "节能与新能源汽车"):
        st, nt = "derived", f"bars printed in reverse label order; {v}/9279 = {int(v)/9279*100:.2f}% matches the printed share"
    else:
        st, nt = "derived", ("bars printed in reverse label order (verified for 其他/生物/节能/高端/新一代/新材料); "
                             "157+149+199=505=2041-1536 (高端装备制造 22.00%); fig 3.2 batch-weighted shares give 156/147/197 "
                             "for the same three positions; the label order among the three small fields rests on the reversal only")
    add(F, f"industries.{ind}.companies", f"{ind}企业数", v, "家", ln, status=st, note=nt)
shr = (("新材料", "23.24", 1034, "ok", "2156/9279=23.235%"), ("新一代信息技术", "20.27", 1036, "ok", "1881/9279=20.27%"),
       (None, "22.00", 1038, "ok", "高端装备制造 aggregate (no key): 2041/9279=21.996%"),
       ("节能与新能源汽车", "7.74", 1040, "derived", "718/9279=7.738%"),
       ("生物医药及高性能医疗器械", "6.23", 1042, "derived", "578/9279=6.229%"),
       ("其他", "20.53", 1044, "derived", "1905/9279=20.53%"))
for ind, v, ln, st, nt in shr:
    if ind is None:
        add(F, "", "高端装备制造企业数量占比", v, "%", ln, status=st, note=nt, slug="high_end_equipment_share")
    else:
        add(F, f"industries.{ind}.share", f"{ind}企业数量占比", v, "%", ln, status=st, note=nt)
ash = (("新材料", "19.16", 1048), ("新一代信息技术", "22.55", 1050), ("高端装备制造", "13.17", 1052),
       ("节能与新能源汽车", "6.65", 1054), ("生物医药及高性能医疗器械", "10.63", 1056), ("其他", "27.84", 1058))
for ind, v, ln in ash:
    add(F, "", f"A股上市企业{ind}数量占比", v, "%", ln, status="benchmark", slug=f"ashare_share.{ind}",
        note=f"benchmark: ashare.industries.{ind}.share; same order as the giants' share column; six values sum to 100.00")

# Fig 3.2
F = "fig-3-2"
for b, v in zip(B, ("74.2", "76.9", "79.0", "81.1")):
    add(F, f"focus_share_by_batch.{b}", f"{BATCH_CN[b]}十大重点产业领域覆盖", v, "%", 1091,
        note="batch-weighted 79.46% reproduces focus_share 79.5%")
groups = {
    "1": (("2.4", 1124), ("0.8", 1126), ("2.0", 1128), ("9.3", 1130), ("6.5", 1132), ("17.7", 1134), ("13.7", 1136), ("21.8", 1138)),
    "2": (("1.6", 1140), ("1.4", 1142), ("1.4", 1144), ("12.2", 1146), ("8.3", 1148), ("13.9", 1150), ("15.9", 1152), ("22.1", 1154)),
    "3": (("1.8", 1156), ("1.9", 1158), ("2.3", 1160), ("4.6", 1162), ("7.5", 1164), ("18.5", 1166), ("21.1", 1168), ("21.3", 1170)),
    "4": (("1.6", 1172), ("1.5", 1174), ("2.3", 1176), ("4.8", 1178), ("7.8", 1180), ("16.3", 1182), ("21.8", 1184), ("25.1", 1186)),
}
for b, vals in groups.items():
    for ind, (v, ln) in zip(IND_ORDER_REV, vals):
        confirmed = b == "4" and ind in ("新材料", "新一代信息技术")
        add(F, f"industries_by_batch.{b}.{ind}.share", f"{BATCH_CN[b]}{ind}企业占比", v, "%", ln,
            status="ok" if confirmed else "derived",
            note=("confirmed by prose lines 1202/1204" if confirmed else
                  "32 values in 4 groups of 8; each group sums to its batch coverage (74.2/76.8/79.0/81.2); "
                  "within a group the order is the reversed label order (as fig 3.1); batch-weighted shares reproduce "
                  "fig 3.1 counts (新材料 2157, 新一代 1879, 高端 1539, 节能 721, 生物 580, 航空 197, 海洋 147, 轨道 156)"))

# 3.2 prose + Fig 3.3
P = "prose-3-2"
add(P, "", "技术规模最接近上市公司水平（七至八成）", "75", "%", 1212, status="approximate", token="七至八成",
    slug="ratio_to_ashare_bio_aero", note="printed: 七至八成; bounds: [65, 85]; 83.96% and 66.09%")
add(P, "industries.生物医药及高性能医疗器械.valid_inventions_mean", "生物医药平均有效发明", "38", "件/家", 1215)
add(P, "industries.新一代信息技术.valid_inventions_mean", "新一代信息技术平均有效发明", "23", "件/家", 1216)
add(P, "industries.航空航天装备.valid_inventions_mean", "航空航天装备平均有效发明", "19", "件/家", 1216, 1217)
add(P, "industries.生物医药及高性能医疗器械.ratio_to_ashare", "生物医药相当于同领域上市公司比例", "83.96", "%", 1220)
add(P, "industries.航空航天装备.ratio_to_ashare", "航空航天相当于同领域上市公司比例", "66.09", "%", 1222)

F = "fig-3-3"
giant = (("15", 1229), ("13", 1231), ("19", 1233), ("38", 1235), ("14", 1237), ("14", 1239), ("23", 1241), ("14", 1243))
ashv = (("52", 1245), ("62", 1247), ("29", 1249), ("46", 1251), ("323", 1253), ("57", 1255), ("140", 1257), ("82", 1259))
ratio = {"新材料": ("16.85", 1280), "新一代信息技术": ("16.14", 1282), "高端机械装备": ("25.09", 1284),
         "节能与新能源汽车": ("4.28", 1286), "生物医药及高性能医疗器械": ("83.96", 1288), "航空航天装备": ("66.09", 1290),
         "海洋工程装备及高技术船舶": ("21.37", 1292), "先进轨道交通装备": ("28.69", 1294)}
RES33 = ("bars printed in reverse label order; every giant/A-share pair reproduces its printed ratio within rounding "
         "(14/82, 23/140, 14/57, 14/323, 38/46, 19/29, 13/62, 15/52) and the pairing is unique")
for ind, (g, lg), (a, la) in zip(IND_ORDER_REV, giant, ashv):
    known = ind in ("生物医药及高性能医疗器械", "新一代信息技术", "航空航天装备")
    add(F, f"industries.{ind}.valid_inventions_mean", f"{ind}小巨人平均有效发明专利量", g, "件/家", lg,
        status="ok" if known else "derived", note=("confirmed by prose lines 1215-1217" if known else RES33))
    add(F, "", f"{ind}A股上市企业平均有效发明专利量", a, "件/家", la, status="benchmark", slug=f"ashare_valid_mean.{ind}",
        note=f"benchmark: ashare.industries.{ind}.valid_inventions_mean; " + RES33)
for ind in ["新材料", "新一代信息技术", "高端机械装备", "节能与新能源汽车", "生物医药及高性能医疗器械", "航空航天装备",
            "海洋工程装备及高技术船舶", "先进轨道交通装备"]:
    v, ln = ratio[ind]
    known = ind in ("生物医药及高性能医疗器械", "航空航天装备")
    add(F, f"industries.{ind}.ratio_to_ashare", f"{ind}小巨人是上市企业的%", v, "%", ln,
        status="ok" if known else "derived",
        note=("confirmed by prose lines 1220/1222" if known else "ratio column printed in label order; " + RES33))
add(F, "valid_inventions_mean", "小巨人平均值", "16", "件/家", 1299)
add(F, "", "A股上市企业平均值", "83", "件/家", 1302, status="benchmark", slug="ashare_valid_mean",
    note="benchmark: ashare.valid_inventions_mean (83.70 in fig 2.1)")

# ----------------------------------------------------------------------------------------------
# Section 4
PROV_ASC = ["西藏自治区", "青海省", "海南省", "内蒙古自治区", "宁夏回族自治区", "甘肃省", "新疆维吾尔自治区", "黑龙江省", "吉林省",
            "贵州省", "云南省", "广西壮族自治区", "山西省", "陕西省", "天津市", "江西省", "重庆市", "辽宁省", "河北省", "四川省",
            "福建省", "河南省", "湖南省", "湖北省", "安徽省", "上海市", "北京市", "江苏省", "山东省", "广东省", "浙江省"]
b4_prov = [2, 4, 4, 5, 3, 7, 14, 19, 25, 17, 20, 22, 40, 52, 64, 73, 139, 76, 137, 138, 133, 167, 174, 306, 259, 245, 334, 425, 402, 448, 603]
tot_prov_desc = [1079, 881, 768, 714, 597, 507, 495, 484, 415, 379, 360, 350, 347, 288, 263, 224, 199, 166, 152, 106,
                 81, 69, 63, 61, 59, 56, 40, 35, 21, 15, 4]

P = "prose-4-1"
add(P, "cr10.province.regions", "小巨人分布的省区市数", "31", "个", 1788)
add(P, "regions_over_100.province", "超过100家小巨人的省份数", "20", "个", 1788, note="fig 4.1: 20 provinces >100 (广西 106 is 20th, 云南 81 21st)")

F = "fig-4-1"
ln = 1801
for prov, v in zip(PROV_ASC, b4_prov):
    ln = find(str(v), ln, ln + 2)
    add(F, f"provinces.{prov}.companies_by_batch.4", f"{prov}第四批小巨人数", str(v), "家", ln, status="derived",
        note="unlabelled series printed in the same (ascending) order as the 31 province labels; sums to 4357 = batches.4; "
             "每值 ≤ 省总数; the 4 municipalities equal the batch-4 city values in fig 4.2 (京334 沪245 津64 渝139)")
    ln += 1
ln = 1929
for prov, v in zip(PROV_ASC[::-1], tot_prov_desc):
    ln = find(str(v), ln, ln + 2)
    add(F, f"provinces.{prov}.companies", f"{prov}四批总计", str(v), "家", ln,
        note="totals printed descending, labels ascending: paired by rank; identical to table 4.1 pairing; "
             "the 31 totals sum to 9278, one short of 9279")
    ln += 1

P = "prose-4-1"
add(P, "cr10.city.regions", "小巨人分布的城市数", "300", "个", 1969)
add(P, "regions_over_100.city", "超过100家小巨人的城市数", "21", "个", 1970,
    note="only top 20 charted (20th 南京 106); 21st city not shown")
CITY_ASC = ["南京市", "温州市", "东莞市", "西安市", "郑州市", "广州市", "合肥市", "长沙市", "厦门市", "青岛市", "苏州市", "天津市",
            "成都市", "杭州市", "武汉市", "重庆市", "宁波市", "深圳市", "上海市", "北京市"]
b4_city = [62, 55, 31, 38, 49, 55, 79, 74, 65, 54, 123, 64, 95, 155, 158, 139, 101, 276, 245, 334]
tot_city_desc = [597, 507, 446, 283, 263, 209, 209, 205, 199, 172, 155, 146, 145, 143, 124, 112, 112, 110, 108, 106]
F = "fig-4-2"
ln = 1983
for c, v in zip(CITY_ASC, b4_city):
    ln = find(str(v), ln, ln + 2)
    add(F, f"cities.{c}.companies_by_batch.4", f"{c}第四批小巨人数", str(v), "家", ln, status="derived",
        note="series printed in label order; identified as 第四批 because fig 4.1's same-position series sums to 4357 and the "
             "municipalities match it (北京334 上海245 天津64 重庆139); every value ≤ city total")
    ln += 1
ln = 2067
for c, v in zip(CITY_ASC[::-1], tot_city_desc):
    ln = find(str(v), ln, ln + 2)
    tie = "; tie 武汉市/杭州市 both 209" if c in ("武汉市", "杭州市") else ("; tie 西安市/郑州市 both 112" if c in ("西安市", "郑州市") else "")
    add(F, f"cities.{c}.companies", f"{c}四批总计", str(v), "家", ln,
        note="totals printed descending, labels ascending: paired by rank; top-10 order matches prose line 1973" + tie)
    ln += 1

P = "prose-4-1"
add(P, "cr10.district.regions", "小巨人分布的区县数", "1461", "个", 2111)
add(P, "regions_over_100.district", "超过100家小巨人的区县数", "4", "个", 2111, token="4个区县")
add(P, "", "前10区县中上海席位", "4", "席", 2118, token="上海占 4 席", slug="top10_districts_shanghai",
    note="浦东新区、嘉定区、松江区、闵行区")
add(P, "", "前10区县中北京席位", "2", "席", 2118, token="各 2 席", slug="top10_districts_beijing", note="海淀区、大兴区")
add(P, "", "前10区县中深圳席位", "2", "席", 2118, token="各 2 席", slug="top10_districts_shenzhen", note="宝安区、南山区")
add(P, "", "海淀区小巨人数是上海的一半之多", "0.5", "倍", 2119, 2120, status="approximate", token="一半之多",
    slug="haidian_vs_shanghai", note="printed: 一半之多; bounds: (0.5, 0.6]; 265/507=0.52")
add(P, "cr10.province.top_share_of_regions", "前10省市占全部省市比重", "32.3", "%", 2135, note="10/31=32.26%")
add(P, "cr10.province.cr10", "省份集中度CR10", "68.1", "%", 2137, note="6319/9279=68.10%")
add(P, "cr10.city.top_share_of_regions", "前10城市占全部城市比重", "3.3", "%", 2138, note="10/300=3.33%")
add(P, "cr10.city.cr10", "城市集中度CR10", "33.3", "%", 2139, note="3090/9279=33.30%")
add(P, "cr10.district.top_share_of_regions", "前10区县占全部区县比重", "0.7", "%", 2140, note="10/1461=0.68%")
add(P, "cr10.district.cr10", "区县集中度CR10", "11.9", "%", 2141,
    note="implies top-10 district total in [1100, 1109] (fig 4.3 illegible)")

F = "fig-4-3"
add(F, "districts.北京市海淀区.companies", "北京海淀区四批总计", "265", "家", 2154, status="derived",
    note="only two numbers survive extraction; 265 is 海淀 (rank 1): prose line 2119-2121 says 海淀 > half of 上海 (507/2=253.5) and > 重庆 (263)")
add(F, "", "图4.3未能识别标签的数值", "66", "家", 2155, slug="unresolved_66",
    note="UNRESOLVED: label not recoverable; candidates: 20th district total (宁波鄞州区 is the first/bottom label) or 海淀's batch-4 value; not asserted")

P = "prose-4-2"
add(P, "", "京沪平均员工数（200人上下）", "200", "人", 2168, status="approximate", token="200 人上下",
    slug="bj_sh_employees_approx", note="printed: 200 人上下; bounds: [180, 220]; 北京 193.10, 上海 206.92; key left empty (two provinces)")
add(P, "provinces.北京市.valid_inventions_mean", "北京平均有效发明专利量", "24.08", "件/家", 2169)
add(P, "provinces.上海市.valid_inventions_mean", "上海平均有效发明专利量", "23.22", "件/家", 2169)
add(P, "", "北京比全国平均高出（按文序）", "46", "%", 2170, token="46%", slug="beijing_above_mean", status="contradicted",
    note="text pairs 北京/上海 with 46%/52%, but 24.08/15.89-1=51.5% (北京) and 23.22/15.89-1=46.1% (上海): percentages swapped")
add(P, "", "上海比全国平均高出（按文序）", "52", "%", 2170, token="52%", slug="shanghai_above_mean", status="contradicted",
    note="swapped: 上海 is 46.1% above (23.22/15.89), 北京 51.5%")
add(P, "", "琼苏平均员工数（330人上下）", "330", "人", 2176, status="approximate", token="330 人上下",
    slug="hn_js_employees_approx", note="printed: 330 人上下; bounds: [310, 350]; 海南 334.71, 江苏 330.31")
add(P, "provinces.海南省.valid_inventions_mean", "海南平均有效发明专利量", "24.67", "件/家", 2176)
add(P, "provinces.江苏省.valid_inventions_mean", "江苏平均有效发明专利量", "23.56", "件/家", 2176, 2177)
add(P, "", "海南比全国平均高出", "55", "%", 2178, token="55%", slug="hainan_above_mean", note="24.67/15.89-1=55.3%")
add(P, "", "江苏比全国平均高出", "48", "%", 2178, token="48%", slug="jiangsu_above_mean", note="23.56/15.89-1=48.3%")
add(P, "", "京沪技术密集度为全国水平的倍数（两倍）", "2", "倍", 2183, status="approximate", token="两倍",
    slug="density_ratio_bj_sh", note="printed: 两倍; bounds: [1.75, 2.25]; 124.7/62.99=1.98, 112.21/62.99=1.78")
add(P, "provinces.北京市.invention_density_per_1000", "北京千人均有效发明专利量", "124.7", "件/千人", 2184,
    note="24.08/193.10x1000=124.70")
add(P, "provinces.上海市.invention_density_per_1000", "上海千人均有效发明专利量", "112.21", "件/千人", 2184,
    note="23.22/206.92x1000=112.22 (112.21 within input rounding)")
add(P, "invention_density_per_1000", "全国平均千人均有效发明专利量", "62.99", "件/千人", 2185)

F = "fig-4-4"
add(F, "valid_inventions_mean", "平均值（平均技术规模）", "15.89", "件/家", 2280)
add(F, "employees_mean", "平均值（平均经营规模）", "252.25", "人", 2282,
    note="table 4.1 company-weighted mean of 30 provinces (西藏 absent) = 251.90; 西藏's 4 firms would need ~1066 人 each to reach 252.25")

# Table 4.1
F = "table-4-1"
T_NAMES = ["上海市", "安徽省", "湖北省", "湖南省", "河南省", "浙江省", "广东省", "山东省", "江苏省", "北京市", "江西省", "天津市",
           "陕西省", "山西省", "广西壮族自治区", "福建省", "四川省", "河北省", "辽宁省", "重庆市", "甘肃省", "宁夏回族自治区",
           "内蒙古自治区", "海南省", "青海省", "云南省", "贵州省", "吉林省", "黑龙江省", "新疆维吾尔自治区"]
T_INV = ["23.22", "16.04", "12.13", "14.72", "12.10", "15.46", "19.47", "12.98", "23.56", "24.08", "7.56", "20.88", "13.71", "5.53",
         "12.19", "15.09", "16.61", "8.80", "10.38", "11.17", "8.93", "18.28", "7.31", "24.67", "7.47", "9.98", "15.42", "7.62",
         "11.70", "7.78"]
T_EMP = ["206.92", "265.20", "238.63", "241.03", "222.00", "267.47", "242.04", "230.41", "330.31", "193.10", "206.65", "256.80",
         "294.85", "171.43", "349.27", "285.80", "280.00", "256.46", "235.92", "318.98", "228.33", "248.78", "318.49", "334.71",
         "153.07", "185.14", "305.37", "248.69", "232.20", "171.39"]
T_N = ["507", "495", "484", "415", "379", "1079", "881", "768", "714", "597", "224", "199", "166", "152", "106", "360", "350",
       "347", "288", "263", "56", "40", "35", "21", "15", "81", "69", "63", "61", "59"]
TNOTE = ("30 rows (西藏 omitted); each column printed in the same name order (blocks of 5); "
         "company column equals fig 4.1 totals; prose 4.2 confirms 京24.08 沪23.22 苏23.56 琼24.67")
for col, vals, lo, key, unit, lab in ((0, T_INV, 2353, "valid_inventions_mean", "件/家", "平均有效发明专利量"),
                                      (1, T_EMP, 2416, "employees_mean", "人", "平均员工数量"),
                                      (2, T_N, 2479, "companies", "家", "小巨人企业数量")):
    ln = lo
    for prov, v in zip(T_NAMES, vals):
        ln = find(v, ln, ln + 2)
        add(F, f"provinces.{prov}.{key}", f"{prov}{lab}", v, unit, ln, note=TNOTE)
        ln += 1

# Province fact sheets
SHEETS = {
    "浙江省": dict(n=("1079", 2561), radar=(("89", 2602), ("55", 2604), ("61", 2606), ("32", 2608)),
                 hl=(("高端机械装备", "299", 2582, "4287", 2584, 1, 2586), ("节能与新能源汽车", "88", 2588, "1109", 2590, 1, 2592),
                     ("新材料", "233", 2596, "2898", 2598, 2, 2600))),
    "广东省": dict(n=("881", 2634), radar=(("100", 2675), ("65", 2677), ("72", 2679), ("100", 2681)),
                 hl=(("新一代信息技术", "359", 2654, "8063", 2656, 1, 2658), ("节能与新能源汽车", "58", 2660, "841", 2662, 2, 2664),
                     ("高端机械装备", "143", 2669, "2741", 2671, 3, 2673))),
    "山东省": dict(n=("768", 2627), radar=(("61", 2734), ("55", 2736), ("51", 2738), ("21", 2740)),
                 hl=(("海洋工程装备及高技术船舶", "28", 2714, "484", 2716, 1, 2718), ("节能与新能源汽车", "75", 2720, "757", 2722, 4, 2724),
                     ("新材料", "208", 2728, "2222", 2730, 4, 2732))),
    "江苏省": dict(n=("714", 2759), radar=(("93", 2807), ("63", 2809), ("89", 2811), ("63", 2813)),
                 hl=(("新材料", "182", 2787, "4204", 2789, 1, 2791), ("高端机械装备", "158", 2793, "3172", 2795, 2, 2797),
                     ("生物医药及高性能医疗器械", "48", 2801, "1381", 2803, 2, 2805))),
    "北京市": dict(n=("597", 2766), radar=(("85", 2866), ("93", 2868), ("85", 2870), ("62", 2872)),
                 hl=(("航空航天装备", "42", 2846, "849", 2848, 1, 2850), ("生物医药及高性能医疗器械", "64", 2852, "1875", 2854, 1, 2856),
                     ("先进轨道交通装备", "13", 2860, "417", 2862, 1, 2864))),
    "上海市": dict(n=("507", 2891), radar=(("69", 2931), ("82", 2933), ("100", 2935), ("58", 2937)),
                 hl=(("新材料", "87", 2911, "2515", 2913, 3, 2915), ("生物医药及高性能医疗器械", "48", 2917, "1041", 2919, 4, 2921),
                     ("航空航天装备", "11", 2925, "311", 2927, 4, 2929))),
    "安徽省": dict(n=("495", 2957), radar=(("41", 2964), ("57", 2966), ("65", 2968), ("10", 2970)),
                 hl=(("高端机械装备", "76", 3002, "1474", 3004, 5, 3006), ("新材料", "128", 3008, "1934", 3010, 6, 3012),
                     ("节能与新能源汽车", "50", 3016, "638", 3018, 7, 3020))),
    "湖北省": dict(n=("484", 3037), radar=(("49", 3078), ("54", 3080), ("44", 3082), ("19", 3084)),
                 hl=(("海洋工程装备及高技术船舶", "11", 3057, "122", 3059, 5, 3061), ("航空航天装备", "14", 3063, "258", 3065, 7, 3067),
                     ("高端机械装备", "80", 3072, "873", 3074, 8, 3076))),
    "湖南省": dict(n=("415", 3030), radar=(("45", 3138), ("58", 3140), ("54", 3142), ("20", 3144)),
                 hl=(("先进轨道交通装备", "20", 3117, "25", 3119, 3, 3121), ("节能与新能源汽车", "44", 3123, "667", 3125, 6, 3127),
                     ("高端机械装备", "60", 3132, "954", 3134, 6, 3136))),
    "河南省": dict(n=("379", 3173), radar=(("35", 3214), ("51", 3216), ("51", 3218), ("16", 3220)),
                 hl=(("先进轨道交通装备", "9", 3193, "147", 3195, 6, 3197), ("新材料", "125", 3199, "1574", 3201, 8, 3203),
                     ("高端机械装备", "70", 3208, "552", 3210, 12, 3212))),
}
RANK_CN = {1: "第一", 2: "第二", 3: "第三", 4: "第四", 5: "第五", 6: "第六", 7: "第七", 8: "第八", 12: "第十二"}
RADAR = (("volume", "技术体量"), ("quality", "技术质量"), ("influence", "技术影响力"), ("globalisation", "技术全球化"))
HL_ROWS = []
for prov, d in SHEETS.items():
    F = f"sheet-{prov}"
    add(F, f"provinces.{prov}.companies", f"{prov}小巨人数（简报）", d["n"][0], "家", d["n"][1], token=d["n"][0] + " 家")
    for (dim, cn), (v, ln) in zip(RADAR, d["radar"]):
        add(F, f"provinces.{prov}.radar.{dim}", f"{prov}科创能力雷达-{cn}", v, "%", ln, token=v + "%",
            note="radar values printed in label order 体量, 质量, 影响力, 全球化; normalised so the best province = 100%")
    for pos, (ind, n, ln_n, inv, ln_inv, rank, ln_r) in enumerate(d["hl"], start=1):
        hnote = f"TOP3 position {pos}"
        st = "ok"
        if prov == "湖南省" and ind == "先进轨道交通装备":
            st = "contradicted"
            hnote += ("; 25 件 for 20 firms = 1.25/家 vs 湖南 mean 14.72 and 轨道 industry mean 15; ranked 第三 nationally although "
                      "河南 轨道 has 147 件 and ranks 第六 -> true value must lie in (147, 417); 25 is implausible")
        add(F, "", f"{prov}亮点产业{pos}-{ind}企业数", n, "家", ln_n, token=n + "家", slug=f"highlight.{pos}.companies",
            note=hnote if st == "ok" else hnote)
        add(F, "", f"{prov}亮点产业{pos}-{ind}总有效发明专利", inv, "件", ln_inv, token=inv, slug=f"highlight.{pos}.valid_inventions",
            status=st, note=hnote)
        add(F, "", f"{prov}亮点产业{pos}-{ind}全国排名", str(rank), "名", ln_r, token=RANK_CN[rank],
            slug=f"highlight.{pos}.national_rank", note=hnote + f"; printed 专利量全国排名{RANK_CN[rank]}")
        HL_ROWS.append(dict(province=prov, position=pos, industry=ind, companies=n, valid_inventions=inv, national_rank=rank))

# ----------------------------------------------------------------------------------------------
# Resolutions found while calibrating the sample (giantreport/sample): what can and cannot hold at once.
CALIBRATION = {
    "prose-1-3.employees_total": ("ok", "consistent after all: 224.5万 / 252.25 = 8,900 firms with a known 参保人数; "
                                  "the other 379 have none. The mean (252.25) and the density (62.99 = Σ有效发明 / Σ参保人数) "
                                  "are over the 8,900; with the 379 firms' 6,029 valid inventions (15.9/家) all figures agree"),
    "fig-1-3.employees_total": ("ok", "see prose-1-3.employees_total: 8,900 firms with a known 参保人数 x 252.25 = 224.5万"),
    "prose-1-3.national.granted_inventions_total": ("contradicted", "batch grant means 22.03/18.04/15.11/16.18 x 248/1744/2930/4357 "
                                  "give at least 151,650 件 even at the bottom of each mean's rounding, which prints as 15.17万, not 15.16万"),
    "fig-1-3.national.granted_inventions_total": ("contradicted", "see prose-1-3.national.granted_inventions_total"),
    "fig-2-6.pct_buckets.0": ("contradicted", "the four PCT buckets add to 9,278 firms, one short of 9,279; all four shares "
                              "(79.5/17.43/2.99/0.09%) hold with 7,377 here, so the count is the one that gives"),
    "fig-4-1.provinces.西藏自治区.companies": ("contradicted", "the 31 province totals add to 9,278; the 9,279th firm must be "
                              "somewhere, and 西藏 is the one province whose count no other published figure depends on"),
    "prose-3-2.industries.生物医药及高性能医疗器械.valid_inventions_mean": ("contradicted", "83.96% of the A-share 46 件 = 38.62 件, "
                              "which prints as 39; the chart and prose show 38 (truncated); the 2-decimal ratio is kept"),
    "fig-3-3.industries.生物医药及高性能医疗器械.valid_inventions_mean": ("contradicted", "see prose-3-2: 0.8396 x 46 = 38.62"),
}
for row in ROWS:
    if row["id"] in CALIBRATION:
        row["status"], note = CALIBRATION[row["id"]]
        row["note"] = (row["note"] + "; " if row["note"] else "") + "calibration: " + note
missing = set(CALIBRATION) - {r["id"] for r in ROWS}
if missing:
    raise SystemExit(f"calibration overrides name unknown rows: {sorted(missing)}")

# ----------------------------------------------------------------------------------------------
# Chinese explanations of the contradictions, shown to readers in the report's audit appendix.
NOTE_CN = {
    "prose-1-1.published_minus_certified": "公示 9279 家比认定 8997 家多 282 家，原文此处写作“少”（引言写作“多”）",
    "prose-1-3.national.granted_inventions_total": "按各批平均授权发明量取舍入下限计算，总量至少 151,650 件，应印作 15.17 万件",
    "fig-1-3.national.granted_inventions_total": "同正文 1.3：各批均值推算的总量至少 151,650 件（15.17 万件）",
    "prose-1-2.ashare_listed_count": "主板、创业板、科创板、北交所合计 654 家次而非 638（含双重上市、转板）",
    "prose-1-2.boards.主板.giant_share_of_board": "174 ÷ 3155 = 5.52%，与所印 6.4% 不符（6.4% 对应 202 家）",
    "fig-1-4.financed_share.b1": "第一批 248 家中任何整数家数都得不到 56.28%（139 家为 56.05%）",
    "fig-1-6.boards.主板.giant_share_of_board": "同正文 1.2：174 ÷ 3155 = 5.52%",
    "prose-2-1.as_of": "此处写截至 2022 年 7 月 31 日，图注与引言均为 6 月 30 日",
    "prose-2-1.as_of#2": "同上：图注为 2022 年 6 月 30 日",
    "prose-2-2.b4_invention_share_gap_pp": "第四批比第一批仅高 1.2 个百分点，不在“2–3 个百分点”之内",
    "fig-2-6.pct_buckets.0": "四个 PCT 分组合计 9278 家，比 9279 少 1 家；按四个占比，这一家应在 0 件组",
    "prose-3-2.industries.生物医药及高性能医疗器械.valid_inventions_mean": "83.96% × A 股 46 件 = 38.62 件，应印作 39；图与正文印作 38",
    "fig-3-3.industries.生物医药及高性能医疗器械.valid_inventions_mean": "同正文 3.2：0.8396 × 46 = 38.62 件",
    "fig-4-1.provinces.西藏自治区.companies": "31 个省份合计 9278 家，比 9279 少 1 家；样例把这 1 家放在不影响其他公开数字的西藏",
    "prose-4-2.beijing_above_mean": "北京、上海两个百分比印反：北京高出 51.5%，上海高出 46.1%",
    "prose-4-2.shanghai_above_mean": "同上：上海高出 46.1%",
    "sheet-湖南省.highlight.1.valid_inventions": "20 家仅 25 件却全国第三，而河南 147 件仅第六；真实值应在 147–417 件之间",
}
for row in ROWS:
    row["note_cn"] = NOTE_CN.get(row["id"], "")
stale = set(NOTE_CN) - {r["id"] for r in ROWS if r["status"] == "contradicted"}
if stale:
    raise SystemExit(f"Chinese notes for rows that are not contradicted: {sorted(stale)}")

FIELDS = ["id", "figure", "key", "label", "value", "unit", "decimals", "status", "source_line", "note", "note_cn"]
with open(HERE / "figures.csv", "w", encoding="utf-8", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=FIELDS)
    w.writeheader()
    w.writerows(ROWS)

with open(HERE / "highlights.csv", "w", encoding="utf-8", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=["province", "position", "industry", "companies", "valid_inventions", "national_rank"])
    w.writeheader()
    w.writerows(HL_ROWS)

# ----------------------------------------------------------------------------------------------
# Stars: each table prints names 1-5, names 6-10, details 1-5, details 6-10, cities 1-5, 6-10, provinces 1-5, 6-10.
TABLES = (("3.1", "新一代信息技术", 1318), ("3.2", "新材料", 1376), ("3.3", "高端机械装备", 1433),
          ("3.4", "节能与新能源汽车", 1497), ("3.5", "生物医药及高性能医疗器械", 1555), ("3.6", "航空航天装备", 1612),
          ("3.7", "海洋工程装备及高技术船舶", 1670), ("3.8", "先进轨道交通装备", 1728), ("end", None, 1785))
SKIP = {"企业名", "具体产业类别", "所在城市", "所在省份", "（对应电力装备、农机装备和高端数控机床及机器人三个类别）"}
stars = []
for (tab, ind, start), (_, _, nxt) in zip(TABLES, TABLES[1:]):
    items = [l.strip() for l in LINES[start:nxt - 1] if l.strip() and l.strip() not in SKIP]
    items = [x for x in items if not x.startswith("表 ")]
    if len(items) != 40:
        raise SystemExit(f"table {tab}: {len(items)} cells, expected 40: {items}")
    names, details, cities, provs = items[0:10], items[10:20], items[20:30], items[30:40]
    for i in range(10):
        stars.append(dict(industry=ind, name=names[i], industry_detail=details[i], city=cities[i], province=provs[i], table=tab))
with open(HERE / "stars.csv", "w", encoding="utf-8", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=["industry", "name", "industry_detail", "city", "province", "table"])
    w.writeheader()
    w.writerows(stars)

from collections import Counter
print(f"figures.csv: {len(ROWS)} rows; stars.csv: {len(stars)}; highlights.csv: {len(HL_ROWS)}")
for fig, n in sorted(Counter(r["figure"] for r in ROWS).items()):
    print(f"  {fig:16s} {n}")
