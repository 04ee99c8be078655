"""The input contract: canonical column names, their Chinese aliases and value rules.

Documented for users in docs/data-format.md; keep the two in step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str                      # canonical name
    label: str                     # Chinese name used in messages
    kind: str                      # id | text | int | batch | date | date_or_year | listing | bool | industry | legal_status | patent_type
    required: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)


COMPANY_COLUMNS: tuple[Column, ...] = (
    Column("company_id", "企业ID", "id", True, ("企业ID", "企业id", "统一社会信用代码")),
    Column("name", "企业名称", "text", True, ("企业名称",)),
    Column("batch", "批次", "batch", True, ("批次",)),
    Column("province", "省份", "text", True, ("省份", "所属省份", "省(区、市)", "省（区、市）")),
    Column("city", "城市", "text", False, ("城市", "所在城市")),
    Column("district", "区县", "text", False, ("区县",)),
    Column("industry", "产业领域", "industry", False, ("产业领域",)),
    Column("industry_detail", "具体产业类别", "text", False, ("具体产业类别",)),
    Column("employees", "参保人数", "int", False, ("参保人数", "员工数")),
    Column("founded", "成立日期", "date_or_year", False, ("成立日期", "成立年份")),
    Column("listing", "上市板块", "listing", False, ("上市板块",)),
    Column("financed", "一级市场融资", "bool", False, ("一级市场融资",)),
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
    Column("company_id", "企业ID", "id", True, ("企业ID", "企业id", "统一社会信用代码")),
    Column("appln_no", "申请号", "id", True, ("申请号",)),
    Column("patent_type", "专利类型", "patent_type", True, ("专利类型",)),
    Column("appln_date", "申请日", "date", True, ("申请日",)),
    Column("pub_date", "公开日", "date", True, ("公开日", "公开(公告)日", "公开（公告）日")),
    Column("grant_date", "授权日", "date", False, ("授权日",)),
    Column("legal_status", "法律状态", "legal_status", False, ("法律状态",)),
    Column("is_pct", "PCT", "bool", False, ("PCT", "是否PCT")),
    Column("cited_by", "被引用次数", "int", False, ("被引用次数",)),
    Column("licenses", "许可次数", "int", False, ("许可次数",)),
    Column("transfers", "转让次数", "int", False, ("转让次数",)),
)

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

TRUE_WORDS = frozenset({"是", "true", "1", "yes", "y", "t", "有"})
FALSE_WORDS = frozenset({"否", "false", "0", "no", "n", "f", "无", ""})

CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def normalise_header(text: object) -> str:
    """Header as compared: trimmed, BOM removed, full-width brackets made half-width."""
    s = str(text).replace("\ufeff", "").strip()
    return s.replace("（", "(").replace("）", ")").replace(" ", "")


def header_map(columns: tuple[Column, ...]) -> dict[str, str]:
    """Every accepted spelling (normalised, case-folded) → canonical name."""
    out: dict[str, str] = {}
    for col in columns:
        for spelling in (col.name, *col.aliases):
            out[normalise_header(spelling).casefold()] = col.name
    return out
