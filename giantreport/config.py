"""Report configuration: giantreport.toml, every field with a default.

`giantreport init` writes DEFAULT_TOML (commented); `load_config` merges a file over the defaults.
"""
from __future__ import annotations

import copy
import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GiantReportError

CONFIG_NAME = "giantreport.toml"

DEFAULT_TOML = """\
# giantreport 配置文件 / report configuration
# 每一项都有默认值，删去的项按默认处理。Every field has a default.

[report]
title = "专精特新“小巨人”企业科创能力报告"   # 报告标题
edition_year = 2022                           # 版次年份
as_of = "2022-06-30"                          # 数据截止日 D（命令行 --as-of 可覆盖）
publisher = "giantreport 开源项目"            # 发布方（封面、页眉）
author = "giantreport"                        # PDF 元数据中的作者

# 省份科创能力雷达：四个维度，每个维度由若干子指标加权。
# 子指标先按省汇总（计数求和，比率取“和之比”），再除以所有省份中的最大值归一，最后按权重相加（权重之和应为 1）。
# Province radar: each sub-indicator is summed per province, divided by the best province, then weighted.
[radar.volume]            # 技术体量
applications = 0.5        # 专利申请总量
valid_inventions = 0.5    # 有效发明专利总量

[radar.quality]           # 技术质量
invention_density = 0.5            # 千人有效发明专利数（Σ有效发明 / Σ参保人数）
invention_application_share = 0.5  # 发明专利申请占比
# invention_grant_rate = 0.0       # 发明专利授权率：受专利申请年份影响大（新申请尚未审结），默认不参与跨省比较

[radar.influence]         # 技术影响力
citations = 0.5           # 专利被引用总次数
transfers = 0.3           # 专利转让总次数
licenses = 0.2            # 专利许可总次数

[radar.globalisation]     # 技术全球化
pct_applications = 0.7    # PCT 专利申请总量
pct_share = 0.3           # PCT 申请占全部申请的比重

# 明星企业综合得分：在同一产业领域内，各子指标换算为企业间的百分位（并列取平均名次），维度内取平均，再按维度权重相加。
# Star score within an industry: each sub-indicator's percentile rank among the industry's companies,
# averaged within a dimension, dimensions weighted.
[stars]
count = 10
volume = 0.3
quality = 0.2
influence = 0.3
globalisation = 0.2

[fact_sheets]
top = 10                  # 为企业数量最多的前 N 个省份生成一页速览
provinces = []            # 或直接列出省份，如 ["浙江省", "广东省"]；非空时优先
"""

RADAR_DIMENSIONS = ("volume", "quality", "influence", "globalisation")
RADAR_LABELS = {"volume": "技术体量", "quality": "技术质量", "influence": "技术影响力", "globalisation": "技术全球化"}


@dataclass
class Config:
    title: str
    edition_year: int
    as_of: dt.date
    publisher: str
    author: str
    radar: dict[str, dict[str, float]]
    stars: dict[str, float]
    star_count: int
    fact_sheet_top: int
    fact_sheet_provinces: list[str]
    source: str = "默认配置"
    raw: dict = field(default_factory=dict)

    def with_as_of(self, as_of: dt.date | None) -> "Config":
        if as_of is None:
            return self
        out = copy.copy(self)
        out.as_of = as_of
        return out


def load_config(path: str | Path | None = None, search_dir: Path | None = None) -> Config:
    """Defaults, overlaid by `path`, or by ./giantreport.toml when path is None and it exists."""
    data = tomllib.loads(DEFAULT_TOML)
    source = "默认配置"
    if path is None:
        candidate = (search_dir or Path.cwd()) / CONFIG_NAME
        path = candidate if candidate.is_file() else None
    if path is not None:
        path = Path(path)
        try:
            user = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise GiantReportError(f"找不到配置文件：{path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise GiantReportError(f"无法读取配置文件 {path}：{exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise GiantReportError(f"配置文件 {path} 格式错误（TOML）：{exc}") from None
        data = _merge(data, user)
        source = str(path)
    return _build(data, source)


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _build(data: dict, source: str) -> Config:
    report = data.get("report", {})
    try:
        as_of = parse_as_of(str(report.get("as_of")))
    except ValueError:
        raise GiantReportError(f"配置文件 {source}：report.as_of 应为 YYYY-MM-DD 格式的日期，实际为“{report.get('as_of')}”") from None
    radar = data.get("radar", {})
    for dim in RADAR_DIMENSIONS:
        weights = radar.get(dim, {})
        if not weights or any(not isinstance(v, (int, float)) or v < 0 for v in weights.values()):
            raise GiantReportError(f"配置文件 {source}：radar.{dim} 的权重应为非负数")
    stars = data.get("stars", {})
    sheets = data.get("fact_sheets", {})
    try:
        return Config(
            title=str(report["title"]), edition_year=int(report["edition_year"]), as_of=as_of,
            publisher=str(report["publisher"]), author=str(report.get("author", "giantreport")),
            radar={d: {k: float(v) for k, v in radar[d].items()} for d in RADAR_DIMENSIONS},
            stars={d: float(stars[d]) for d in RADAR_DIMENSIONS}, star_count=int(stars.get("count", 10)),
            fact_sheet_top=int(sheets.get("top", 10)), fact_sheet_provinces=list(sheets.get("provinces", [])),
            source=source, raw=data,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise GiantReportError(f"配置文件 {source} 有误：{exc}") from None


def parse_as_of(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())
