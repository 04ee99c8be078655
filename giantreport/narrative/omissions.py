"""What the data lacks: the sentences that stand in for an omitted figure, table or clause."""
from __future__ import annotations
from .. import definition as D
from ..words import join_cn, ok
from .phrases import sentence

# ---------------------------------------------------------------- what the data lacks

#: Inputs a data folder may lack (``Dataset.missing`` / ``summary["missing"]``), in the user's words.
INPUT_LABELS = {
    "industry": "产业领域", "listing": "上市板块", "financed": "一级市场融资", "employees": "参保人数",
    "founded": "成立日期", "city": "城市", "district": "区县", "patents": "专利",
    "yearly_applications": "分年度专利申请量", "applications": "专利申请量", "invention_applications": "发明专利申请量",
    "invention_grants": "发明专利授权量", "valid_inventions": "有效发明专利量", "citations": "专利被引用次数",
    "licenses": "专利许可次数", "transfers": "专利转让次数", "pct_applications": "PCT 专利申请量",
}

#: What each report figure is drawn from (giantreport.definition, Figure.needs): groups of inputs, each
#: group a set of alternatives. The figure has nothing to draw when every input of some group is missing.
FIGURE_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {f.key: f.needs for f in D.figures() if f.needs}

#: Why a figure is empty when no input is missing (the column is there, the values say nothing).
_EMPTY_REASONS = {
    "fig-1-2": "数据中的企业都没有参保人数和成立日期",
    "fig-1-3": "外部基准中没有全国企业的数量、就业和发明专利总量",
    "fig-2-2": "数据中的专利申请不足以比较最近两个完整年度",
    "fig-4-2": "数据中没有城市信息",
    "fig-4-3": "数据中没有区县信息",
}

PATENTS_LACKING = "数据中没有专利信息（既无专利明细文件，企业名单中也没有专利汇总列）"


def lacking(names) -> str:
    """"数据中没有区县信息" / "数据中没有参保人数和成立日期信息" for the missing inputs `names`."""
    labels = [INPUT_LABELS.get(n, n) for n in names]
    if labels == ["专利"]:
        return "数据中没有专利信息"
    return f"数据中没有{join_cn(labels)}信息"


def lacks(missing, key: str) -> list[str]:
    """The missing inputs that leave report figure `key` with nothing to draw ([] when none does)."""
    missing = set(missing or ())
    for group in FIGURE_NEEDS.get(key, ()):
        if all(name in missing for name in group):
            return list(group)
    return []


def omitted(reason: str, what: str = "图") -> str:
    """The one sentence printed in place of a figure, table, section or chapter: "…，本图从略。"."""
    return sentence(f"{reason}，本{what}从略")


#: What each briefing figure is drawn from (as FIGURE_NEEDS), and why it is empty otherwise.
PROVINCE_FIGURE_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "radar": (("patents",),), "cities": (("city", "district"),), "industry_mix": (("industry",),)}
_PROVINCE_EMPTY = {"radar": "数据中没有可供比较的专利指标", "cities": "数据中没有{province}企业的城市和区县信息",
                   "industry_mix": "数据中没有产业领域信息", "batches": "数据中没有批次信息"}


def province_figure_omission(key: str, missing=(), province: str = "该省份") -> str:
    """The sentence in place of briefing figure `key` ("radar", "batches", "cities", "industry_mix")."""
    missing = set(missing or ())
    for group in PROVINCE_FIGURE_NEEDS.get(key, ()):
        if all(name in missing for name in group):
            return omitted(lacking(group))
    return omitted(_PROVINCE_EMPTY.get(key, "数据中没有绘制本图所需的数值").format(province=province))


def figure_omission(key: str, summary: dict | None = None, missing=(), benchmarks: dict | None = None) -> str:
    """The sentence in place of report figure `key`, saying what the data lacks."""
    names = lacks(missing, key)
    if names:
        return omitted(lacking(names))
    missing, summary = set(missing or ()), summary or {}
    if key in ("fig-1-4", "fig-1-5"):
        listed = "上市板块信息" if "listing" in missing else ("上市企业" if key == "fig-1-4" else "上市或挂牌的企业")
        financed = "一级市场融资信息" if "financed" in missing else "获得一级市场融资的企业"
        return omitted(f"数据中没有{listed}，也没有{financed}")
    if key == "fig-1-6":
        sizes = [v for v in ((benchmarks or {}).get("boards") or {}).values() if ok(v)]
        return omitted("外部基准中没有 A 股各板块的上市企业数" if not sizes else "数据中没有在 A 股上市的企业")
    if key == "fig-3-2" and len(summary.get("batches") or {}) == 1:
        return omitted("数据中只有一个批次，无从比较各批次的产业结构")
    return omitted(_EMPTY_REASONS.get(key, "数据中没有绘制本图所需的数值"))


