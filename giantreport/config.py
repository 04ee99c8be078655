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
from .publisher import PUBLISHER_KEYS, Publisher, read_publisher

CONFIG_NAME = "giantreport.toml"

DEFAULT_TOML = """\
# giantreport 配置文件 / report configuration
# 每一项都有默认值，删去的项按默认处理。Every field has a default.

[report]
title = "专精特新“小巨人”企业科创能力报告"   # 报告标题
# 数据截止日 D：默认依次取命令行 --as-of、数据中最近的专利日期（内置样例为 2022-06-30）、2022-06-30。
# 在此写明则固定使用（--as-of 仍可覆盖）。The cut-off: --as-of, else the latest date in the data.
# as_of = "2022-06-30"
# 版次年份：默认为截止日 D 的年份（标题、封面、页眉、文件名 report-<年份>.pdf）。
# edition_year = 2022
# publisher = "giantreport 开源项目"          # 发布方的旧写法；请改用下面 [publisher] 的 name
# author = "giantreport"                      # PDF 元数据中的作者（默认：写了 [publisher] 时为发布方名称）
# 外部基准（benchmarks.yaml：全国总量、A 股均值、板块规模）的年份与版次年份不同时：
# "mark" 在每处使用旁注明“2022 年数据”；"omit" 不作这些对比（相应图表和句子从略）。
benchmarks_other_year = "mark"
# 编者文字：Markdown 文件所在文件夹（相对于本配置文件），按章节编号命名：preface.md、ch1.scale.before.md、
# ch2.volume.md、chapter-05-展望.md……（章节编号见 giantreport sections；也可用 --text 指定）。
# text = "编者文字"
# 报告包含的部分（默认全部；复现核对附录只在 2022 年内置数据上出现）。可选：
#   summary 摘要、intro 引言、ch1–ch4 四章、ch4.sheets 省份速览、appendix-a 指标定义、appendix-b 复现核对、
#   appendix-c 数据来源、about 关于发布方、colophon 版本说明。The parts of the report, in the definition's order.
# parts = ["summary", "intro", "ch1", "ch2", "ch3", "ch4", "ch4.sheets", "appendix-a", "appendix-b", "appendix-c", "about", "colophon"]

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

# 表头对应：名单或专利导出的表头不在内置写法之列时，把表头原文对应到标准列名。
# Map any header of your files to a canonical column (names in docs/data-format.md).
# 标准列名 / canonical names: company_id name batch province city district region industry employees
#   founded listing financed; patents: company_id applicant appln_no patent_type appln_date pub_date
#   grant_date legal_status is_pct pct_number cited_by licenses transfers
[columns]
# "所属行业" = "industry"
# "企业（单位）名称" = "name"
# "第一申请人" = "applicant"
# "企业编号" = "-"          # - ：不用这一列（两列含义相同时，留下一列） / leave this column out

# 发布方：以本单位名义发布时填写（封面、页眉页脚、版权页、PDF 元数据）。路径相对于本配置文件所在文件夹。
# The publisher's profile. Commented values are the defaults they replace.
[publisher]
# name = "某省工业和信息化厅中小企业处"   # 发布方全称（默认 "giantreport 开源项目"）
# short_name = "省工信厅"                 # 简称，用于页眉（默认同全称）
# logo = "logo.svg"                       # 标志：SVG 或 PNG，嵌入输出文件（默认无）
# primary = "#12304f"                     # 主色：标题、表头、封面标题（与白底对比度须 ≥ 4.5:1）
# accent = "#0b5fa5"                      # 强调色：色带、图号、链接（与白底对比度须 ≥ 3:1）
# about = "about.md"                      # “关于发布方”页（Markdown，默认无此页）
# copyright = "© 2026 某省工业和信息化厅"  # 版权行（默认无）
# disclaimer = "本报告仅供参考……"          # 免责声明（默认为工具自带的数据说明）
# contact = "电话 0571-0000 0000"          # 联系方式（默认无）
# subject = "专精特新“小巨人”企业科创能力"  # PDF 元数据：主题（默认为报告标题）
# keywords = ["专精特新", "小巨人"]         # PDF 元数据：关键词（默认为内置关键词）
# colophon = true                         # 版本说明中注明“由 giantreport 生成”；false 则不提工具名

# PDF 变体：默认是普通 PDF（生成最快）。"pdf/a-3b"：归档（PDF/A-3b，嵌入字体与色彩描述）；
# "pdf/ua-1"：无障碍（PDF/UA-1，带结构标签：标题、表头单元格、图表的替代文字，文档语言 zh-CN）；
# "pdf/x-4"：印刷（PDF/X-4，印刷厂用）。The PDF variant, passed to WeasyPrint; none by default (fastest).
[pdf]
# variant = "pdf/a-3b"

[fact_sheets]
top = 10                  # 为企业数量最多的前 N 个省份生成一页速览
provinces = []            # 或直接列出省份，如 ["浙江省", "广东省"]；非空时优先

# 城市简报：giantreport briefing --all cities 只为企业不少于 N 家的城市生成简报；城市间的排名也只排这些城市
# （企业太少的城市，均值不稳定）。Cities with at least N companies get briefings with --all and are ranked.
[briefings]
# min_companies = 30
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
    profile: Publisher = field(default_factory=Publisher)   # [publisher]
    source: str = "默认配置"
    raw: dict = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)   # [columns]: a file's header → canonical column
    as_of_given: bool = False          # the cut-off was set (--as-of or report.as_of), not derived from the data
    edition_given: bool = False        # report.edition_year was set; otherwise the year of the cut-off
    benchmarks_other_year: str = "mark"   # benchmarks of another year than the edition's: "mark" or "omit"
    text_dir: Path | None = None       # [report] text: the editor's Markdown texts (giantreport/editor.py)
    parts: tuple[str, ...] | None = None   # [report] parts: None = every part
    pdf_variant: str | None = None     # [pdf] variant: None (plain PDF) or one of PDF_VARIANTS
    briefing_min_companies: int = 30   # [briefings] min_companies: cities ranked and briefed by --all cities

    def with_as_of(self, as_of: dt.date | None) -> "Config":
        """The cut-off given on the command line (wins over everything); the edition follows it."""
        if as_of is None:
            return self
        out = self.resolved(as_of)
        out.as_of_given = True
        return out

    def resolved(self, as_of: dt.date) -> "Config":
        """This configuration with the cut-off `as_of`; the edition year is its year unless configured."""
        out = copy.copy(self)
        out.as_of = as_of
        if not self.edition_given:
            out.edition_year = as_of.year
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
    return _build(data, source, Path(path).parent if path is not None else Path.cwd())


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _build(data: dict, source: str, base: Path | None = None) -> Config:
    """Every value checked (type, range, known keys); all problems are reported together."""
    problems: list[str] = []
    _known_keys(data, "", _sections(), problems)
    report, radar, stars, sheets, pdf = (_section(data, name, problems)
                                         for name in ("report", "radar", "stars", "fact_sheets", "pdf"))

    _known_keys(report, "report.", REPORT_KEYS, problems)
    title = _text(report.get("title"), "report.title", problems)
    profile = read_publisher(data.get("publisher", {}), report, base or Path.cwd(), problems)
    _known_keys(_section(data, "publisher", []), "publisher.", PUBLISHER_KEYS, problems)
    publisher = profile.name
    author = _text(report.get("author", profile.name if profile.given or "publisher" in report else "giantreport"),
                   "report.author", problems)
    edition_given, as_of_given = "edition_year" in report, "as_of" in report
    as_of = _date(report.get("as_of"), "report.as_of", problems) if as_of_given else DEFAULT_AS_OF
    edition_year = (_integer(report.get("edition_year"), "report.edition_year", *EDITION_YEARS, problems)
                    if edition_given else as_of.year)
    text_dir = None
    if "text" in report:
        value = report["text"]
        if not isinstance(value, str) or not value.strip():
            problems.append(f"report.text 应为编者文字文件夹的路径，实际为 {_show(value)}")
        else:
            text_dir = (base or Path.cwd()) / value
    parts = _parts(report["parts"], problems) if "parts" in report else None
    other_year = report.get("benchmarks_other_year", "mark")
    if other_year not in BENCHMARKS_OTHER_YEAR:
        problems.append(f"report.benchmarks_other_year 应为 {' 或 '.join(f'“{v}”' for v in BENCHMARKS_OTHER_YEAR)}"
                        f"（注明年份或不作对比），实际为 {_show(other_year)}")

    _known_keys(radar, "radar.", RADAR_DIMENSIONS, problems)
    radar_weights = {}
    for dim in RADAR_DIMENSIONS if isinstance(data.get("radar", {}), dict) else ():
        table = radar.get(dim)
        if not isinstance(table, dict) or not table:
            problems.append(f"radar.{dim} 应为“子指标 = 权重”的表（如 [radar.{dim}] 下 applications = 0.5），"
                            f"实际为 {_show(table)}")
            continue
        _known_keys(table, f"radar.{dim}.", RADAR_SUBINDICATORS, problems)
        radar_weights[dim] = _weights({k: v for k, v in table.items() if k in RADAR_SUBINDICATORS},
                                      f"radar.{dim}.", problems)

    _known_keys(stars, "stars.", ("count", *RADAR_DIMENSIONS), problems)
    star_count = _integer(stars.get("count", 10), "stars.count", 1, STAR_COUNT_MAX, problems)
    star_weights = _weights({d: stars.get(d) for d in RADAR_DIMENSIONS}, "stars.", problems)

    _known_keys(sheets, "fact_sheets.", ("top", "provinces"), problems)
    top = _integer(sheets.get("top", 10), "fact_sheets.top", 0, PROVINCES_MAX, problems)
    provinces = _provinces(sheets.get("provinces", []), "fact_sheets.provinces", problems)

    briefings = _section(data, "briefings", problems)
    _known_keys(briefings, "briefings.", ("min_companies",), problems)
    min_companies = _integer(briefings.get("min_companies", BRIEFING_MIN_COMPANIES), "briefings.min_companies",
                             1, 100_000, problems)

    _known_keys(pdf, "pdf.", ("variant",), problems)
    variant = pdf.get("variant")
    if variant is not None and variant not in PDF_VARIANTS:
        problems.append(f"pdf.variant 应为 {'、'.join(f'“{v}”' for v in PDF_VARIANTS)} 之一（或删去，生成普通 PDF），"
                        f"实际为 {_show(variant)}")
        variant = None

    if problems:
        if len(problems) == 1:
            raise GiantReportError(f"配置文件 {source}：{problems[0]}")
        listed = "\n".join(f"  ✗ {p}" for p in problems)
        raise GiantReportError(f"配置文件 {source} 有 {len(problems)} 处问题 / {len(problems)} problems in the configuration：\n{listed}")
    try:
        return Config(
            title=title, edition_year=edition_year, as_of=as_of, publisher=publisher, author=author,
            radar=radar_weights, stars=star_weights, star_count=star_count,
            fact_sheet_top=top, fact_sheet_provinces=provinces, profile=profile,
            source=source, raw=data, columns=_columns(data.get("columns", {}), source),
            as_of_given=as_of_given, edition_given=edition_given, benchmarks_other_year=other_year,
            pdf_variant=variant, text_dir=text_dir, parts=parts, briefing_min_companies=min_companies,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise GiantReportError(f"配置文件 {source} 有误：{exc}") from None


# ---------------------------------------------------------------- value checks

REPORT_KEYS = ("title", "edition_year", "as_of", "publisher", "author", "benchmarks_other_year", "text", "parts")
DEFAULT_AS_OF = dt.date(2022, 6, 30)    # the cut-off when neither --as-of, the configuration nor the data gives one
BENCHMARKS_OTHER_YEAR = ("mark", "omit")
#: [pdf] variant: archival (PDF/A-3b), accessible (PDF/UA-1, tagged), print shop (PDF/X-4); WeasyPrint's names
PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1", "pdf/x-4")
# the radar's sub-indicators (stats.regions.radar_subindicators computes each of them)
RADAR_SUBINDICATORS = ("applications", "valid_inventions", "invention_density", "invention_application_share",
                       "invention_grant_rate", "citations", "transfers", "licenses", "pct_applications", "pct_share")
EDITION_YEARS = (1990, 2100)
AS_OF_EARLIEST = dt.date(1990, 1, 1)    # the as-of date lies between this and a year from today
STAR_COUNT_MAX = 100
BRIEFING_MIN_COMPANIES = 30            # [briefings] min_companies by default
PROVINCES_MAX = 34                      # provincial-level divisions of China


def _sections() -> tuple[str, ...]:
    """The top-level tables a configuration may have: those of DEFAULT_TOML."""
    return tuple(tomllib.loads(DEFAULT_TOML))


def _show(value) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, dict):
        return "表 {…}"
    return "空" if value is None else str(value)


def _known_keys(table: dict, prefix: str, known, problems: list[str]) -> None:
    from difflib import get_close_matches
    for key in table:
        if key in known:
            continue
        close = get_close_matches(str(key), list(known), n=1, cutoff=0.6)
        hint = f"是否想写 {prefix}{close[0]}？" if close else ""
        problems.append(f"未知的配置项 {prefix}{key}（unknown key）。{hint}可用的项：{'、'.join(known)}")


def _section(data: dict, name: str, problems: list[str]) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        problems.append(f"{name} 应为表 [{name}]，实际为 {_show(value)}")
        return {}
    return value


def _text(value, name: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{name} 应为非空文字（加引号），实际为 {_show(value)}")
        return ""
    return value


def _integer(value, name: str, low: int, high: int, problems: list[str]) -> int:
    if type(value) is not int or not low <= value <= high:
        problems.append(f"{name} 应为 {low}～{high} 之间的整数，实际为 {_show(value)}")
        return low
    return value


def _weights(table: dict, prefix: str, problems: list[str]) -> dict[str, float]:
    """Weights: finite, non-negative numbers, not all zero."""
    import math
    out = {}
    for key, value in table.items():
        if type(value) not in (int, float) or not math.isfinite(value) or value < 0:
            problems.append(f"{prefix}{key} 的权重应为非负的有限数（如 0.5），实际为 {_show(value)}")
        else:
            out[key] = float(value)
    if len(out) == len(table) and not any(out.values()):
        problems.append(f"{prefix.rstrip('.')} 的权重不能全为 0（各项：{'、'.join(f'{k} = {v:g}' for k, v in out.items())}）")
    return out


def _date(value, name: str, problems: list[str]) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.isoformat()            # a time of day is not a date: reported below
    if isinstance(value, str):
        try:
            value = parse_as_of(value)
        except ValueError:
            pass
    if type(value) is not dt.date:
        problems.append(f"{name} 应为 YYYY-MM-DD 格式的日期，实际为 {_show(value) if value is not None else '空'}")
        return AS_OF_EARLIEST
    try:
        check_as_of(value, name)
    except GiantReportError as exc:
        problems.append(str(exc))
    return value


def check_as_of(value: dt.date | None, name: str = "--as-of") -> dt.date | None:
    """The as-of date must be plausible: from 1990-01-01 to a year from today."""
    if value is None:
        return None
    today = dt.date.today()
    try:
        latest = today.replace(year=today.year + 1)
    except ValueError:                       # 29 February
        latest = today.replace(year=today.year + 1, day=28)
    if not AS_OF_EARLIEST <= value <= latest:
        raise GiantReportError(f"{name} 数据截止日 {value.isoformat()} 不合理：应在 {AS_OF_EARLIEST.isoformat()} 与 "
                               f"{latest.isoformat()}（一年后）之间 / as-of date out of range")
    return value


def _provinces(value, name: str, problems: list[str]) -> list[str]:
    """Province names (full or short), as their full names; unknown ones named with close matches."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{name} 应为省份名称的列表，如 [\"浙江省\", \"广东省\"]，实际为 {_show(value)}")
        return []
    if not value:
        return []
    from .data import regions
    out = []
    for text in value:
        full, city = regions.resolve_province(text)
        if full is None or city is not None:
            close = [full] if full else regions.close_matches(text, regions.province_names())
            hint = f"是否想写：{'、'.join(close)}？" if close else ""
            problems.append(f"{name} 中的“{text}”不是省级行政区的名称。{hint}")
        elif full not in out:
            out.append(full)
    return out


def _parts(value, problems: list[str]) -> tuple[str, ...] | None:
    """[report] parts: ids of the report definition's parts, each known, at least one chapter."""
    from .definition import part_ids
    known = part_ids()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"report.parts 应为部分编号的列表，如 [\"summary\", \"ch1\", \"ch2\"]，实际为 {_show(value)}")
        return None
    from difflib import get_close_matches
    for v in value:
        if v not in known:
            close = get_close_matches(v, known, n=1, cutoff=0.5)
            hint = f"是否想写 {close[0]}？" if close else ""
            problems.append(f"report.parts 中的“{v}”不是报告的部分。{hint}可用：{'、'.join(known)}")
    if not any(v.startswith("ch") and "." not in v for v in value):
        problems.append("report.parts 至少要包含一章（ch1–ch4 之一）")
    return tuple(v for v in known if v in value)


def _columns(table, source: str) -> dict[str, str]:
    """The [columns] table: header → canonical column name, every name checked."""
    from .data.schema import CANONICAL_NAMES
    if not isinstance(table, dict):
        raise GiantReportError(f"配置文件 {source}：[columns] 应为“表头原文 = 标准列名”的表")
    out = {}
    for header, canonical in table.items():
        if not isinstance(canonical, str) or (canonical not in CANONICAL_NAMES and canonical != "-"):
            from difflib import get_close_matches
            close = get_close_matches(str(canonical), sorted(CANONICAL_NAMES), n=1)
            hint = f"是否想写：{close[0]}？" if close else ""
            raise GiantReportError(f"配置文件 {source}：[columns] 中“{header}”对应的“{canonical}”不是标准列名。{hint}"
                                   f"可用：{'、'.join(sorted(CANONICAL_NAMES))}，或 - 表示不用这一列")
        out[str(header)] = canonical
    return out


def parse_as_of(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())
