"""The input contract: canonical column names, their Chinese aliases and value rules.

Documented for users in docs/data-format.md; keep the two in step.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str                      # canonical name
    label: str                     # Chinese name used in messages
    kind: str                      # id | text | region | present | int | batch | date | date_or_year | listing | bool | industry | legal_status | patent_type | review
    required: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)


COMPANY_COLUMNS: tuple[Column, ...] = (
    # no ID column: companies are keyed by their normalised name (see name_key)
    Column("company_id", "企业ID", "id", False, ("企业ID", "企业id", "统一社会信用代码", "社会信用代码", "信用代码")),
    Column("name", "企业名称", "text", True, ("企业名称", "公司名称", "单位名称", "企业名单")),
    Column("batch", "批次", "batch", True, ("批次", "入选批次", "所属批次")),
    Column("province", "省份", "text", True, ("省份", "省", "所在省份", "所属省份", "省(区、市)", "省(自治区、直辖市)",
                                             "省(区、市)及计划单列市", "省级行政区")),
    Column("city", "城市", "text", False, ("城市", "地市", "所在城市", "所在地市", "市", "所属地市", "所属城市")),
    Column("district", "区县", "text", False, ("区县", "区(县)", "县区", "所在区县", "区/县")),
    # one string holding province + city (+ district): 浙江省杭州市余杭区; split with the division tables
    Column("region", "所在地区", "region", False, ("所在地区", "所属地区", "地区", "注册地", "注册地址所在地区")),
    Column("industry", "产业领域", "industry", False, ("产业领域", "所属领域", "所属重点领域", "重点领域", "所属行业领域",
                                                   "重点产业领域", "领域")),
    Column("industry_detail", "具体产业类别", "text", False, ("具体产业类别",)),
    Column("employees", "参保人数", "int", False, ("参保人数", "员工数", "员工人数", "从业人数", "职工人数")),
    Column("founded", "成立日期", "date_or_year", False, ("成立日期", "成立年份", "成立时间", "注册日期")),
    Column("listing", "上市板块", "listing", False, ("上市板块", "上市情况", "上市状态", "上市地点")),
    Column("financed", "一级市场融资", "bool", False, ("一级市场融资", "是否融资", "是否获得融资", "融资情况")),
    # the ministry's review of an earlier batch: 通过 (still listed), 未通过 or 撤销 (no longer in the list)
    Column("review", "复核状态", "review", False, ("复核状态", "复核结果", "复核", "状态", "名单状态")),
)

# Patent aggregates a companies file may carry when there is no patents file.
AGGREGATE_COLUMNS: tuple[Column, ...] = (
    Column("patent_applications", "专利申请量", "int", False, ("专利申请量", "专利申请总量")),
    Column("invention_applications", "发明专利申请量", "int", False, ("发明专利申请量",)),
    Column("invention_grants", "发明专利授权量", "int", False, ("发明专利授权量",)),
    Column("valid_inventions", "有效发明专利量", "int", False, ("有效发明专利量", "有效发明专利数")),
    Column("citations", "专利被引用次数", "int", False, ("专利被引用次数", "被引用次数")),
    Column("licenses", "专利许可次数", "int", False, ("专利许可次数", "许可次数")),
    Column("transfers", "专利转让次数", "int", False, ("专利转让次数", "转让次数")),
    Column("pct_applications", "PCT专利申请量", "int", False, ("PCT专利申请量", "PCT申请量")),
)
YEARLY_APPLICATIONS = re.compile(r"^(?:applications_(\d{4})|(\d{4})年?专利申请量)$")

PATENT_COLUMNS: tuple[Column, ...] = (
    # a patent row names its company by ID or by applicant name (one of the two is required)
    Column("company_id", "企业ID", "id", False, ("企业ID", "企业id", "统一社会信用代码", "社会信用代码", "信用代码")),
    Column("applicant", "申请人", "text", False, ("申请人", "申请(专利权)人", "当前申请(专利权)人", "专利权人",
                                              "申请人名称", "原始申请(专利权)人")),
    Column("appln_no", "申请号", "id", True, ("申请号",)),
    Column("patent_type", "专利类型", "patent_type", True, ("专利类型", "专利类别")),
    Column("appln_date", "申请日", "date", True, ("申请日", "申请日期")),
    Column("pub_date", "公开日", "date", True, ("公开日", "公开公告日", "公开(公告)日", "公开日期")),
    Column("grant_date", "授权日", "date", False, ("授权日", "授权日期", "授权公告日")),
    Column("legal_status", "法律状态", "legal_status", False, ("法律状态", "当前法律状态", "简单法律状态")),
    Column("is_pct", "PCT", "bool", False, ("PCT", "是否PCT")),
    # a PCT application number: a non-empty cell means the patent has a PCT filing
    Column("pct_number", "PCT国际申请号", "present", False, ("PCT国际申请号", "PCT申请号")),
    Column("cited_by", "被引用次数", "int", False, ("被引用次数", "被引证次数", "被引用专利数")),
    Column("licenses", "许可次数", "int", False, ("许可次数",)),
    Column("transfers", "转让次数", "int", False, ("转让次数",)),
)
CANONICAL_NAMES = frozenset(c.name for c in COMPANY_COLUMNS + AGGREGATE_COLUMNS + PATENT_COLUMNS)

INDUSTRIES: tuple[str, ...] = (
    "新材料",
    "新一代信息技术",
    "高端机械装备",
    "节能与新能源汽车",
    "生物医药及高性能医疗器械",
    "航空航天装备",
    "海洋工程装备及高技术船舶",
    "先进轨道交通装备",
    "其他",
)
KEY_INDUSTRIES: tuple[str, ...] = INDUSTRIES[:-1]
# The report folds three of the ten key fields into 高端机械装备.
INDUSTRY_FOLDS: dict[str, str] = {
    "电力装备": "高端机械装备",
    "农机装备": "高端机械装备",
    "高档数控机床和机器人": "高端机械装备",
    "其他领域": "其他",
}

BOARDS: tuple[str, ...] = ("主板", "创业板", "科创板", "北交所", "港交所", "新交所", "新三板")
LISTED_BOARDS: tuple[str, ...] = BOARDS[:-1]   # 新三板 is quotation, not a listing
LISTING_SEPARATORS = re.compile(r"[;；、,，/]")

PATENT_TYPES: tuple[str, ...] = ("发明", "实用新型", "外观设计")
LEGAL_STATUSES: tuple[str, ...] = ("有效", "失效", "审中")
# 复核: a company marked 未通过 or 撤销 is no longer in the list (left out of every statistic, counted as dropped)
REVIEW_STATUSES: tuple[str, ...] = ("通过", "未通过", "撤销")
REVIEW_DROPPED: tuple[str, ...] = REVIEW_STATUSES[1:]

TRUE_WORDS = frozenset({"是", "true", "1", "yes", "y", "t", "有", "已融资", "有融资", "获得融资", "已获融资"})
FALSE_WORDS = frozenset({"否", "false", "0", "no", "n", "f", "无", "", "未融资", "无融资", "暂未融资", "未获融资"})

CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def normalise_header(text: object) -> str:
    """Header as compared: BOM and every space removed, full-width forms (（）、ＰＣＴ) made half-width."""
    return name_key(str(text).replace("\ufeff", ""))


def name_key(text: str) -> str:
    """A company name as compared when it is the key: full-width forms half-width, no spaces.
    ``"杭州某某科技 (集团)有限公司"`` and ``"杭州某某科技（集团）有限公司"`` are one company."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def header_map(columns: tuple[Column, ...], extra: dict[str, str] | None = None) -> dict[str, str]:
    """Every accepted spelling (normalised, case-folded) → canonical name; ``extra`` (the
    ``[columns]`` table of giantreport.toml: header → canonical name) comes first."""
    out: dict[str, str] = {}
    names = {c.name for c in columns}
    for header, canonical in (extra or {}).items():
        if canonical in names:
            out[normalise_header(header).casefold()] = canonical
    for col in columns:
        for spelling in (col.name, *col.aliases):
            out.setdefault(normalise_header(spelling).casefold(), col.name)
    return out
