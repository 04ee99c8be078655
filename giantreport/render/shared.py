"""Pieces the report and the briefings share: source lines, method texts, the data folder."""
from __future__ import annotations
from pathlib import Path
from typing import Mapping
from .. import edition as E
from .. import narrative as N
from ..data.bundled import is_bundled
from ..definition import _WITH_BENCHMARKS

# ---------------------------------------------------------------- data folder


#: The bundled sample's company values are synthetic: one check, data.bundled.is_bundled.
is_synthetic = is_bundled


def _folder_label(dataset, synthetic: bool) -> str:
    if synthetic:
        return "内置样例数据（data/sample）"
    folder = getattr(dataset, "folder", None)
    return Path(folder).name if folder is not None else "（未知）"


# ---------------------------------------------------------------- shared pieces


#: What the source line of anything built from the bundled sample's company-level values says.
SYNTHETIC_SOURCE = "内置样例数据（企业级数值为合成数据，仅汇总指标按 2022 年报告校准）"
_LIST_SOURCES = ("工信部公示名单；专利数据", "工信部公示名单")      # the charts' own wording for real lists

#: The outside benchmark blocks (benchmarks.yaml) each figure compares with.
FIGURE_BENCHMARKS: dict[str, tuple[str, ...]] = {
    "fig-1-3": ("national",), "fig-1-6": ("boards",), "fig-2-1": ("national", "ashare"), "fig-2-3": ("ashare",),
    "fig-2-4": ("ashare",), "fig-3-1": ("industries", "industry_groups"), "fig-3-3": ("industries", "ashare")}


#: Who computed the numbers, in every source line: the tool, or the publisher when a profile names one.
CREDIT = "giantreport 计算"


def credit(profile) -> str:
    """"东海中小企业中心计算" with a publisher's profile; the tool's name otherwise."""
    return f"{profile.header_name}计算" if profile is not None and profile.given else CREDIT


def source_line(source: str, synthetic: bool, key: str | None = None, benchmarks: dict | None = None,
                by: str = CREDIT) -> str:
    """A figure's source line: on the bundled sample the list is the synthetic sample, not the ministry's;
    benchmarks of another year than the edition's are named with their year ("A 股上市企业为 2022 年数据");
    `by`: who computed it (see credit)."""
    source = source.replace(CREDIT, by)
    if synthetic:
        for real in _LIST_SOURCES:
            if source.startswith(real):
                source = SYNTHETIC_SOURCE + source[len(real):]
                break
        else:
            if SYNTHETIC_SOURCE not in source:
                source = f"{SYNTHETIC_SOURCE}；{source}"
    years = E.other_year_text(benchmarks or {}, FIGURE_BENCHMARKS.get(key or "", ()))
    return N.spaced(f"{source}（外部基准中{years}）") if years else source


def default_source(dataset, synthetic: bool, key: str | None = None, benchmarks: dict | None = None,
                   by: str = CREDIT) -> str:
    if synthetic:
        base = SYNTHETIC_SOURCE
    else:
        base = "专精特新“小巨人”企业名单" + ("" if "patents" in (getattr(dataset, "missing", None) or ()) else "及专利数据")
    out = f"{base}；{by}"
    if key in _WITH_BENCHMARKS and benchmarks and benchmarks.get("source"):
        out += f"；外部基准：{benchmarks['source']}"
    return out


RADAR_SUBINDICATORS = {
    "applications": "专利申请总量", "valid_inventions": "有效发明专利总量",
    "invention_density": "千人有效发明专利数", "invention_application_share": "发明专利申请占比",
    "invention_grant_rate": "发明专利授权率", "citations": "专利被引用总次数", "transfers": "专利转让总次数",
    "licenses": "专利许可总次数", "pct_applications": "PCT 专利申请总量", "pct_share": "PCT 申请占全部申请的比重",
}
STAR_SUBINDICATORS_CN = {
    "applications": "累计专利申请量", "valid_inventions": "有效发明专利量",
    "invention_application_share": "发明专利申请占比", "invention_grant_rate": "发明专利授权率",
    "citations": "专利被引用次数", "licenses": "专利许可次数", "transfers": "专利转让次数",
    "pct_applications": "PCT 专利申请量",
}


def _weights_text(weights: Mapping[str, float], labels: Mapping[str, str]) -> str:
    total = sum(weights.values()) or 1.0
    return "、".join(f"{labels.get(k, k)} {N.fmt_pct(v / total, 0)}" for k, v in weights.items())


def radar_method(config) -> str:
    parts = [f"{N.RADAR_LABELS.get(dim, dim)}由{_weights_text(w, RADAR_SUBINDICATORS)}构成"
             for dim, w in config.radar.items()]
    return ("每个省份先把全部“小巨人”的各项子指标加总（计数取总和，比率取“总和之比”），再除以所有省份中该子指标的最大值归一到 0～100%，"
            "最后在各维度内按权重相加：" + "；".join(parts) + "。得分 100% 表示与该维度表现最好的省份持平。"
            # the configuration file names the tool: said only where the publisher lets the tool name itself
            + ("权重可在配置文件 giantreport.toml 的 [radar] 中调整。" if config.profile.colophon else ""))


def star_method(config) -> str:
    from ..stats.industries import STAR_SUBINDICATORS
    dims = []
    for dim, subs in STAR_SUBINDICATORS.items():
        dims.append(f"{N.RADAR_LABELS.get(dim, dim)}（{'、'.join(STAR_SUBINDICATORS_CN.get(s, s) for s in subs)}）")
    return ("在每个重点产业领域内，先把每家企业的各子指标换算为在本领域企业中的百分位（0～1，并列取平均名次），同一维度的子指标取平均，"
            f"再按维度权重（{_weights_text(config.stars, N.RADAR_LABELS)}）加总得到 0～1 之间的综合得分。四个维度及其子指标为："
            + "；".join(dims) + f"。每个领域取得分最高的 {config.star_count} 家，得分相同时按企业 ID 排序。")


def star_method_short(config) -> str:
    """The briefing's self-contained version of star_method (a briefing reader has no appendix to turn to)."""
    from ..stats.industries import STAR_SUBINDICATORS
    subs = "、".join(STAR_SUBINDICATORS_CN.get(x, x) for group in STAR_SUBINDICATORS.values() for x in group)
    return (f"在每个重点产业领域内，把每家企业的各子指标（{subs}）换算为在本领域企业中的百分位，同一维度取平均，"
            f"再按维度权重（{_weights_text(config.stars, N.RADAR_LABELS)}）加总为综合得分，每个领域取得分最高的 "
            f"{config.star_count} 家。")


def briefing_method(config) -> str:
    """The briefing's method note: what its measures mean, without sending the reader to another document."""
    return ("专利指标只统计数据截止日前已公开的专利申请；有效发明专利指截止日前已授权且法律状态为有效的发明专利。"
            "均值按该省全部“小巨人”计算（没有专利的企业计为 0），比率类指标取总和之比；发明专利密度为有效发明专利总数"
            "除以参保人数总数再乘以 1000（只计有参保人数的企业）；专利申请增速比较截止日前最近两个完整年度按公开年份"
            "统计的申请量。科创能力雷达把各省全部“小巨人”的子指标加总，除以各省中的最大值归一，再按权重加总，"
            "100% 表示与该维度表现最好的省份持平。排名在全部有“小巨人”的省份中按数值从高到低排列，第 1 位为最高。")


#: Units of the briefing's four-dimension measures, as a number is written in a sentence ("79.88 件").
DIMENSION_UNITS = {"applications_mean": "件", "valid_inventions_mean": "件", "invention_density_per_1000": "件/千人",
                   "citations_mean": "次", "licenses_mean": "次", "transfers_mean": "次", "pct_mean": "件"}


METRICS: list[tuple[str, str, str]] = [
    ("企业数量", "数据中入选名单的企业数，按批次公示名单累计", "家"),
    ("平均员工规模", "参保人数的算术平均，只计有参保人数的企业", "人"),
    ("成立年限（中位数）", "成立日期至数据截止日的年数（天数 ÷ 365.25）的中位数", "年"),
    ("上市企业占比", "在主板、创业板、科创板、北交所、港交所或新交所上市的企业数 ÷ 企业数；新三板挂牌不计为上市", "%"),
    ("一级市场融资企业占比", "有一级市场融资记录的企业数 ÷ 企业数", "%"),
    ("累计专利申请量", "截止日前已公开的专利申请件数（发明、实用新型、外观设计），按全部企业平均", "件/家"),
    ("有效发明专利量", "截止日前已授权、且法律状态为有效的发明专利件数，按全部企业平均", "件/家"),
    ("专利申请增速", "截止日前最近两个完整年度按公开年份统计的平均专利申请量之比减 1", "%"),
    ("发明专利密度", "有效发明专利总数 ÷ 参保人数总数 × 1000（只计有参保人数的企业）", "件/千人"),
    ("发明专利申请占比", "发明专利申请总数 ÷ 专利申请总数", "%"),
    ("发明专利授权率", "截止日前已授权的发明专利总数 ÷ 发明专利申请总数", "%"),
    ("专利被引用 / 许可 / 转让次数", "截止日前已公开专利的被引用、对外许可、对外转让次数之和，按全部企业平均", "次/家"),
    ("PCT 专利申请量", "截止日前已公开的 PCT 国际专利申请件数，按全部企业平均", "件/家"),
    ("PCT 申请占比", "PCT 专利申请总数 ÷ 专利申请总数", "%"),
    ("占全国比重", "“小巨人”的企业数、参保人数、授权发明专利数分别除以外部基准中的全国总量", "%"),
    ("集中度 CR10", "企业数量前 10 位地区的企业数之和 ÷ 全部企业数（省、市、区县分别计算）", "%"),
    ("亮点产业领域", "省份在各重点产业领域有效发明专利总量的全国名次，取名次最好的三个领域（名次相同时取总量较大者）", "—"),
]

