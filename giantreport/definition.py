"""The documents as data: the report's parts, chapters, sections, figures, tables and appendices, and the
briefing's parts. Nothing else names them: the contents, bookmarks, lists of figures and tables, "见图 2.3" /
"附录 B" references, omitted figures, the statistics files and the tests all read this module.

Numbers are derived from order, never typed: the n-th figure of chapter 2 is 图 2.n, the n-th table of
chapter 3 表 3.n (the star tables count one per key industry), the n-th appendix printed 附录 A, B, …
A figure's key ("fig-2-3": its statistics table, CSV file, XLSX sheet and HTML anchor) is checked by the
tests to match its number, so grepping "fig-2-3" finds figure 2.3 here.

Section ids ("ch1.scale") are stable names for editors; the HTML anchors ("s1-1") follow the numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from string import Formatter

from .words import cn_number

GIANTS = "专精特新“小巨人”企业"
COMPARED = "与A股上市企业对比"       # a title's {compared}: the chart draws the A-share comparison


@dataclass(frozen=True)
class Figure:
    key: str                               # "fig-2-3"
    title: str                             # caption template: {batches} 四批, {compared}, {years}, {n}
    chart: str                             # the drawing function in giantreport.charts ("technology.fig_2_3")
    prose: str | None = None               # the narrative function (giantreport.narrative) writing its paragraphs
    heading: str | None = None             # the h3 above those paragraphs
    lead: str | None = None                # a fixed paragraph before them
    benchmarks: bool = False               # its source line also names the outside benchmarks
    needs: tuple[tuple[str, ...], ...] = ()  # input groups (stats.missing names); all of one group missing: no figure
    data: tuple[str, ...] = ()             # further statistics tables of the figure ("fig-2-6b")
    top: int | None = None                 # regions shown ({n} of the title when the chart is not drawn)
    kind: str = field(default="figure", init=False)

    def caption(self, batches: str = "", compared: bool = False, years: str | None = None,
                n: int | str | None = None) -> str:
        """The figure's title (without its number); a part in （…） whose value is unknown is left out."""
        values = {"batches": batches, "giants": GIANTS, "compared": COMPARED if compared else "",
                  "years": years, "n": self.top if n is None else n}
        text = self.title
        for name, value in values.items():
            if value is None:
                text = re.sub(r"（[^（）]*\{" + name + r"\}[^（）]*）", "", text)
        return text.format(**values)


@dataclass(frozen=True)
class Table:
    key: str                               # "table-4-1"; a table per key industry: "table-3-{i}"
    title: str
    per_industry: bool = False             # one table for each key industry (the star tables)
    prose: str | None = None               # the narrative function writing its paragraphs
    layout: str = "table"                  # the template's block for it: "table", "stars", "newest"
    kind: str = field(default="table", init=False)


@dataclass(frozen=True)
class Prose:
    """Paragraphs without a figure of their own (printed under `heading` when there are any)."""
    prose: str
    heading: str | None = None
    kind: str = field(default="prose", init=False)


@dataclass(frozen=True)
class Block:
    """A part laid out by its own template block ("factsheets": the fact sheets of the provinces)."""
    name: str
    kind: str = field(default="block", init=False)


@dataclass(frozen=True)
class Section:
    id: str                                # stable: "ch2.volume"
    title: str                             # "{newest}": the newest batch's name
    items: tuple = ()
    needs: tuple[str, ...] = ()            # inputs without which the section is one notice
    when: str | None = None                # printed only when the report has this part ("newest")


@dataclass(frozen=True)
class Chapter:
    id: str                                # "ch1"
    title: str
    short: str                             # bookmark label: 第一章 基本情况
    intro: str | None                      # fixed chapter intro (None: the narrative's `intro_prose`); {sheets}
    sections: tuple[Section, ...]
    intro_prose: str | None = None
    needs: tuple[str, ...] = ()            # inputs without which the chapter is one notice
    outline: str = ""                      # the 引言's line on this chapter: {newest}, {sheets} clauses


@dataclass(frozen=True)
class Part:
    """Front matter, appendix or end matter: an anchor and a title; `lettered`: 附录 A, B, …"""
    id: str
    title: str
    lettered: bool = False
    when: str | None = None                # printed only when the report has this part ("audit")


_PATENT_INPUTS = ("patents",)

FRONT = (Part("summary", "摘要"), Part("intro", "引言"))

CHAPTERS: tuple[Chapter, ...] = (
    Chapter("ch1", "专精特新“小巨人”企业的基本情况", "基本情况",
            "本章从企业数量与规模、融资与上市两个方面刻画“小巨人”的基本面。", (
        Section("ch1.scale", "数量与规模", (
            Figure("fig-1-1", "{batches}{giants}数量及累计数量", "profile.fig_1_1", "ch1_scale", "批次与数量"),
            Figure("fig-1-2", "{batches}{giants}的平均员工规模和成立年限中位数", "profile.fig_1_2", "ch1_size",
                   "企业规模与年龄", needs=(("employees", "founded"),)),
            Figure("fig-1-3", "{batches}{giants}在全国企业中的占比", "profile.fig_1_3", "ch1_national",
                   "在全国经济中的分量", benchmarks=True),
        )),
        Section("ch1.capital", "融资与上市", (
            Figure("fig-1-4", "{batches}{giants}的上市和一级市场融资情况", "profile.fig_1_4", "ch1_financing",
                   "整体融资情况", needs=(("listing", "financed"),)),
            Figure("fig-1-5", "{batches}{giants}在各级资本市场中的参与情况", "profile.fig_1_5", "ch1_boards", "上市去向",
                   needs=(("listing", "financed"),)),
            Figure("fig-1-6", "A股各板块上市企业中{giants}的占比", "profile.fig_1_6", "ch1_board_contribution",
                   "对 A 股各板块的贡献", benchmarks=True, needs=(("listing",),)),
        )),
    ), outline="梳理基本情况，从数量、规模和资本市场参与三个方面刻画“小巨人”的基本面"),
    Chapter("ch2", "整体科创能力评价", "整体科创能力评价", None, (
        Section("ch2.volume", "技术体量", (
            Figure("fig-2-1", "{batches}{giants}的专利规模{compared}", "technology.fig_2_1", "ch2_volume",
                   "技术规模：累计专利申请量与有效发明专利量", benchmarks=True,
                   needs=(("patents",), ("applications", "valid_inventions"))),
            Figure("fig-2-2", "{batches}{giants}的专利申请增长情况（{years}年）", "technology.fig_2_2", "ch2_growth",
                   "技术增长：专利申请增速", needs=(("patents",), ("yearly_applications",))),
        )),
        Section("ch2.quality", "技术质量", (
            Figure("fig-2-3", "{batches}{giants}的发明专利密度{compared}", "technology.fig_2_3", "ch2_density",
                   "技术密集度：发明专利密度",
                   "发明专利密度以每千名参保员工持有的有效发明专利件数衡量，可以排除企业规模差异，比较单位人力的技术产出。",
                   benchmarks=True, needs=(("patents",), ("valid_inventions",), ("employees",))),
            Figure("fig-2-4", "{batches}{giants}的发明专利申请占比及授权率{compared}", "technology.fig_2_4",
                   "ch2_quality", "技术水平：发明专利申请占比与授权率",
                   "发明专利申请占比是发明专利申请在全部专利申请（发明、实用新型、外观设计）中的比重；发明专利授权率是"
                   "已授权发明专利占发明专利申请的比重。前者反映申请结构，后者反映经审查确认的技术含金量。",
                   benchmarks=True, needs=(("patents",), ("applications", "invention_applications"))),
        )),
        Section("ch2.influence", "技术影响力", (
            Figure("fig-2-5", "{batches}{giants}的技术影响力", "technology.fig_2_5", "ch2_influence",
                   needs=(("patents",), ("citations", "licenses", "transfers"))),
        )),
        Section("ch2.global", "技术全球化", (
            Figure("fig-2-6", "{batches}{giants}的PCT专利情况", "technology.fig_2_6", "ch2_pct",
                   lead="PCT 专利申请是依据《专利合作条约》经世界知识产权组织提交、可进入多个国家的国际专利申请。"
                        "PCT 申请量体现技术走向海外市场的规模，其占全部申请的比重体现技术布局的国际化程度。",
                   needs=(("patents",), ("pct_applications",)), data=("fig-2-6b",)),
        )),
    ), intro_prose="ch2_intro", needs=_PATENT_INPUTS,
       outline="从技术体量、技术质量、技术影响力和技术全球化四个维度评价整体科创能力"),
    Chapter("ch3", "行业科创格局", "行业科创格局",
            "“小巨人”的主导产品应属于《中国制造 2025》确定的十大重点产业领域。本报告按战略性新兴产业分类把企业归入产业领域，"
            "其中电力装备、农机装备、高档数控机床和机器人三个领域合并为“高端机械装备”，其余领域单独列示，"
            "不属于十大领域的企业归入“其他”。", (
        Section("ch3.distribution", "产业领域分布", (
            Figure("fig-3-1", "{batches}{giants}的产业领域分布{compared}", "industries.fig_3_1", "ch3_distribution",
                   benchmarks=True, needs=(("industry",),)),
            Figure("fig-3-2", "{batches}{giants}的产业领域分布变化", "industries.fig_3_2", "ch3_by_batch",
                   needs=(("industry",),)),
        )),
        Section("ch3.scale", "技术规模对比", (
            Figure("fig-3-3", "各产业领域{giants}的有效发明专利量{compared}", "industries.fig_3_3", "ch3_scale",
                   benchmarks=True, needs=(("industry",), ("patents",), ("valid_inventions",))),
        ), needs=_PATENT_INPUTS),
        Section("ch3.stars", "各产业领域明星企业", (
            Table("table-3-{i}", "{industry}领域明星“小巨人”", per_industry=True, layout="stars"),
        )),
        Section("ch3.newest", "{newest}企业的特色", (
            Table("table-3-9", "{newest}与{earlier}企业的主要指标对比", prose="ch3_newest", layout="newest"),
        ), when="newest"),
    ), outline="按产业领域比较企业数量与技术规模，列出各领域的明星企业{newest}"),
    Chapter("ch4", "区域科创版图", "区域科创版图",
            "本章从省、市、区县三个空间层级观察“小巨人”的分布与集聚，比较各省份的经营规模与技术规模{sheets}。", (
        Section("ch4.distribution", "企业分布", (
            Figure("fig-4-1", "各省区市{giants}数量分布（按批次）", "regions.fig_4_1", "ch4_provinces", "省份分布"),
            Figure("fig-4-2", "{giants}数量前{n}的城市（按批次）", "regions.fig_4_2", "ch4_cities", "城市分布",
                   needs=(("city",),), top=20),
            Figure("fig-4-3", "{giants}数量前{n}的区县（按批次）", "regions.fig_4_3", "ch4_districts", "区县分布",
                   needs=(("district",),), top=20),
            Prose("ch4_concentration", "空间集中度"),
        )),
        Section("ch4.scale", "技术规模对比", (
            Figure("fig-4-4", "各省区市{giants}的经营规模与技术规模", "regions.fig_4_4", "ch4_bubble",
                   needs=(("patents",), ("valid_inventions",), ("employees",))),
            Table("table-4-1", "各省区市专精特新“小巨人”企业的整体表现"),
        ), needs=_PATENT_INPUTS),
        Section("ch4.sheets", "代表性省份科创能力速览", (Block("factsheets"),), needs=_PATENT_INPUTS),
    ), outline="按省、市、区县展示区域分布与集中度{sheets}"),
)

APPENDICES = (Part("appendix-a", "指标定义", lettered=True), Part("appendix-b", "复现核对", lettered=True, when="audit"),
              Part("appendix-c", "数据来源", lettered=True), Part("about", "关于{publisher}", when="about"),
              Part("colophon", "版本说明"))

APPENDIX_IDS = tuple(p.id for p in APPENDICES)

#: The section holding the province fact sheets: a part of its own in [report] parts.
SHEETS = "ch4.sheets"
#: The table comparing the newest batch with the earlier ones.
NEWEST_TABLE = next(t.key for c in CHAPTERS for s in c.sections for t in s.items
                    if t.kind == "table" and t.layout == "newest")

#: The briefing of one province: its parts (anchor, title; numbered 一、二、… after the summary) and figures.
BRIEFING_PARTS = (Part("b-summary", "概要"), Part("b-distribution", "企业分布"), Part("b-industry", "产业结构"),
                  Part("b-dimensions", "科创能力四维对比"), Part("b-stars", "明星企业"))
PROVINCE_FIGURES: dict[str, str] = {
    "radar": "区域科创能力雷达",
    "batches": "分批次企业数量",
    "cities": "分城市企业数量",
    "industry_mix": "产业领域结构与全国对比",
}

#: The statistics table of a province with a fact sheet (province-浙江省.csv).
BRIEFING_TABLE = "province-{province}"

KEYWORDS = ["专精特新", "小巨人", "科创能力", "专利", "中小企业", "产业领域", "区域分布"]


# ---------------------------------------------------------------- derived: numbers and look-ups

def chapter_number(chapter: Chapter, chapters: tuple[Chapter, ...] | None = None) -> int:
    """The chapter's number among `chapters` (the chapters a report prints: [report] parts may leave some out)."""
    return (chapters or CHAPTERS).index(chapter) + 1


def chapter_label(chapter: Chapter | int, chapters: tuple[Chapter, ...] | None = None) -> str:
    """"第一章" (a chapter, or its number)."""
    n = chapter if isinstance(chapter, int) else chapter_number(chapter, chapters)
    return f"第{cn_number(n)}章"


def section_number(section: Section, chapters: tuple[Chapter, ...] | None = None) -> str:
    """"2.3"."""
    for c, chapter in enumerate(chapters or CHAPTERS, start=1):
        if section in chapter.sections:
            return f"{c}.{chapter.sections.index(section) + 1}"
    raise KeyError(section.id)


def section_anchor(section: Section) -> str:
    """"ch2-quality", the section's HTML id (stable whatever the numbering)."""
    return section.id.replace(".", "-")


def part_ids() -> list[str]:
    """The ids [report] parts chooses among, in document order."""
    return ([p.id for p in FRONT] + [c.id for c in CHAPTERS] + [SHEETS] + [p.id for p in APPENDICES])


def text_ids() -> dict[str, int]:
    """The ids an editor's Markdown file may be named after, with their heading level (1: a part or
    chapter, printed as h1; 2: a section, h2)."""
    out = {p.id: 1 for p in FRONT}
    for chapter in CHAPTERS:
        out[chapter.id] = 1
        out.update({sec.id: 2 for sec in chapter.sections})
    out.update({p.id: 1 for p in APPENDICES})
    return out


def replaceable_ids() -> frozenset[str]:
    """The ids whose generated text an editor's ``<id>.md`` may replace: the abstract and the
    introduction, each chapter's intro, the sections written in prose around their figures, the
    metrics appendix. Tables, fact sheets and the other appendices come from the data: texts go
    before or after them."""
    out = {p.id for p in FRONT} | {c.id for c in CHAPTERS} | {"appendix-a"}
    for chapter in CHAPTERS:
        out |= {s.id for s in chapter.sections if any(i.kind in ("figure", "prose") for i in s.items)}
    return frozenset(out)


def chapters_in(parts: tuple[str, ...] | None) -> tuple[Chapter, ...]:
    """The chapters a report with these parts prints (None: all)."""
    return CHAPTERS if parts is None else tuple(c for c in CHAPTERS if c.id in parts)


def star_industries() -> tuple[str, ...]:
    """The key industries with a star table each, in table order."""
    from .stats.industries import STAR_TABLE_ORDER      # imported late: the statistics import this module
    return STAR_TABLE_ORDER


def _items(chapters: tuple[Chapter, ...] | None = None) -> dict[str, tuple[str, Figure | Table]]:
    """key → (number, figure or table) for every figure and table: "fig-2-3" → ("2.3", …)."""
    return _numbered(chapters or CHAPTERS)


@cache
def _numbered(chapters: tuple[Chapter, ...]) -> dict[str, tuple[str, Figure | Table]]:
    out: dict[str, tuple[str, Figure | Table]] = {}
    for c, chapter in enumerate(chapters, start=1):
        figures = tables = 0
        for section in chapter.sections:
            for item in section.items:
                if item.kind == "figure":
                    figures += 1
                    out[item.key] = (f"{c}.{figures}", item)
                elif item.kind == "table":
                    for _ in (star_industries() if item.per_industry else (None,)):
                        tables += 1
                        out[item.key.format(i=tables)] = (f"{c}.{tables}", item)
    return out


def number(key: str, chapters: tuple[Chapter, ...] | None = None) -> str:
    """The printed number of figure or table `key`: "fig-2-3" → "2.3", "table-3-9" → "3.9" (among `chapters`)."""
    return _items(chapters)[key][0]


def numbers(chapters: tuple[Chapter, ...] | None = None) -> dict[str, tuple[str, Figure | Table]]:
    """Every figure and table printed among `chapters`, with its number."""
    return _items(chapters)


def figures() -> list[Figure]:
    """The report's figures in order."""
    return [item for chapter in CHAPTERS for section in chapter.sections for item in section.items
            if item.kind == "figure"]


def figure(key: str) -> Figure:
    for f in figures():
        if f.key == key:
            return f
    raise KeyError(key)


def table(key: str) -> Table:
    item = _items()[key][1]
    if item.kind != "table":
        raise KeyError(key)
    return item


def star_table_keys() -> list[str]:
    """"table-3-1" … one per key industry, in star_industries() order."""
    return [key for key, (_, item) in _items().items() if item.kind == "table" and item.per_industry]


def section(section_id: str) -> Section:
    for chapter in CHAPTERS:
        for s in chapter.sections:
            if s.id == section_id:
                return s
    raise KeyError(section_id)


def chapter_of(section_id: str) -> Chapter:
    return next(c for c in CHAPTERS if any(s.id == section_id for s in c.sections))


def statistics_tables() -> list[str]:
    """The statistics tables the definition knows, in report order (the CSV files and XLSX sheets):
    each figure with its further tables, then the tables."""
    out = []
    for key in _items():
        out.append(key)
        if key.startswith("fig-"):
            out += list(figure(key).data)
    return out


def statistics_file(name: str) -> str | None:
    """The file stem of statistics table `name` ("fig-2-3" → "fig-2-3": fig-2-3.csv and the XLSX sheet of that
    name), or None for a table the definition does not have (it is not written)."""
    if name in statistics_tables() or re.fullmatch(BRIEFING_TABLE.format(province=".+"), name):
        return name
    return None


def appendix_letters(present: set[str] | frozenset[str] = frozenset(), chosen=None) -> dict[str, str]:
    """Part id → letter of the appendices printed ("appendix-c" → "B" without the audit); `present`:
    the optional parts the report has ("audit"); `chosen`: the part ids [report] parts keeps (None: all)."""
    shown = [p for p in APPENDICES if p.lettered and (p.when is None or p.when in present)
             and (chosen is None or p.id in chosen)]
    return {p.id: "ABCDEFGHIJ"[i] for i, p in enumerate(shown)}


def briefing_labels() -> dict[str, str]:
    """Anchor → heading of the briefing's parts: "概要", "一、企业分布", …"""
    head, *parts = BRIEFING_PARTS
    return {head.id: head.title, **{p.id: f"{cn_number(i)}、{p.title}" for i, p in enumerate(parts, start=1)}}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


# ---------------------------------------------------------------- the views of older callers

#: key → (number, title without values): the figures of the report (numbered within their chapter).
FIGURES: dict[str, tuple[str, str]] = {
    f.key: (f"{chapter_number(c)}.{n}", f.caption())
    for c in CHAPTERS
    for n, f in enumerate((i for s in c.sections for i in s.items if i.kind == "figure"), start=1)}

#: Figures whose source line also names the outside benchmarks.
_WITH_BENCHMARKS = frozenset(f.key for f in figures() if f.benchmarks)
