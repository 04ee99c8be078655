"""The figures of the report and of the province briefing: numbers, titles, keywords."""
from __future__ import annotations

# ---------------------------------------------------------------- the figures of the report

#: key → (number, fallback title). Chart titles from giantreport.charts take precedence.
FIGURES: dict[str, tuple[str, str]] = {
    "fig-1-1": ("1.1", "各批次专精特新“小巨人”企业数量及累计数量"),
    "fig-1-2": ("1.2", "各批次企业的平均员工规模与成立年限中位数"),
    "fig-1-3": ("1.3", "“小巨人”企业在全国企业中的数量、就业与技术占比"),
    "fig-1-4": ("1.4", "各批次企业的上市与一级市场融资情况"),
    "fig-1-5": ("1.5", "“小巨人”企业在各级资本市场的分布"),
    "fig-1-6": ("1.6", "A 股各板块上市企业中“小巨人”的占比"),
    "fig-2-1": ("2.1", "各批次企业的专利规模及与 A 股上市企业对比"),
    "fig-2-2": ("2.2", "各批次企业的专利申请增长情况"),
    "fig-2-3": ("2.3", "各批次企业的发明专利密度及与 A 股上市企业对比"),
    "fig-2-4": ("2.4", "各批次企业的发明专利申请占比与授权率"),
    "fig-2-5": ("2.5", "各批次企业的专利被引用、许可与转让"),
    "fig-2-6": ("2.6", "各批次企业的 PCT 专利申请情况"),
    "fig-3-1": ("3.1", "“小巨人”企业的产业领域分布及与 A 股上市企业对比"),
    "fig-3-2": ("3.2", "各批次企业的产业领域结构变化"),
    "fig-3-3": ("3.3", "各产业领域企业的平均有效发明专利量及与 A 股上市企业对比"),
    "fig-4-1": ("4.1", "各省区市“小巨人”企业数量"),
    "fig-4-2": ("4.2", "企业数量前 20 位的城市"),
    "fig-4-3": ("4.3", "企业数量前 20 位的区县"),
    "fig-4-4": ("4.4", "各省区市企业的平均员工规模与平均有效发明专利量"),
}

#: Figures whose source line also names the outside benchmarks.
_WITH_BENCHMARKS = {"fig-1-3", "fig-1-6", "fig-2-1", "fig-2-3", "fig-2-4", "fig-3-1", "fig-3-3"}

PROVINCE_FIGURES: dict[str, str] = {
    "radar": "区域科创能力雷达",
    "batches": "分批次企业数量",
    "cities": "分城市企业数量",
    "industry_mix": "产业领域结构与全国对比",
}

KEYWORDS = ["专精特新", "小巨人", "科创能力", "专利", "中小企业", "产业领域", "区域分布"]


