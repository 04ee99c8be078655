"""The report's view: everything report.html.j2 receives, and the report's HTML."""
from __future__ import annotations
import re
from typing import Any, Mapping
import base64
from pathlib import Path

import pandas as pd
from markupsafe import Markup
from .. import __version__
from .. import audit as A
from .. import edition as E
from .. import narrative as N
from .. import definition as D
from ..errors import GiantReportError
from ..editor import EditorTexts, read_texts, render_source
from ..audit import counts_by, status_counts
from .html import Rendered, TableView, _doc_meta, drop_empty_columns, figure_view, frame_table, missing_inputs, omitted_figure, plain_table, render_template, sanitize_svg, screen_stylesheet, stylesheet, svg_text
from .shared import FIGURE_BENCHMARKS, METRICS, _folder_label, credit, default_source, is_synthetic, radar_method, star_method

BENCHMARK_LABELS = {
    "national.companies": ("全国企业法人单位数", "家"),
    "national.employment_10k": ("全国企业就业人数", "万人"),
    "national.granted_inventions_10k": ("全国企业有效发明专利总量", "万件"),
    "national.valid_inventions_mean": ("拥有有效发明专利企业的平均有效发明专利量", "件/家"),
    "ashare.applications_mean": ("A 股上市企业平均累计专利申请量", "件/家"),
    "ashare.valid_inventions_mean": ("A 股上市企业平均有效发明专利量", "件/家"),
    "ashare.invention_applications_mean": ("A 股上市企业平均发明专利申请量", "件/家"),
    "ashare.invention_grants_mean": ("A 股上市企业平均发明专利授权量", "件/家"),
    "ashare.invention_density_per_1000": ("A 股上市企业发明专利密度", "件/千人"),
    "ashare.invention_application_share": ("A 股上市企业发明专利申请占比", "%"),
    "ashare.invention_grant_rate": ("A 股上市企业发明专利授权率", "%"),
    "top500_pct_share": ("专利规模前 500 家科技企业的 PCT 申请占比", "%"),
    "policy_growth_target": ("“十四五”规划中小企业专利申请年均增长目标", "%"),
    "policy_targets.little_giants": ("“十四五”规划专精特新“小巨人”企业培育目标", "家"),
}


def benchmarks_table(bm: dict) -> TableView:
    """The outside figures used, with the year each describes ("—": a target, not data of a year)."""
    years = bm.get("years") or {}
    year = lambda block: str(years[block]) if block in years else "—"  # noqa: E731
    rows = []
    for key, (label, unit) in BENCHMARK_LABELS.items():
        value = N.get(bm, *key.split("."))
        if N.ok(value):
            rows.append([label, N.fmt_pct(value) if unit == "%" else N.fmt_num(value, 2).removesuffix(".00"), unit,
                         year(key.split(".")[0])])
    for board, size in (bm.get("boards") or {}).items():
        if N.ok(size):
            rows.append([f"{board}上市企业数", N.fmt_int(size), "家", year("boards")])
    for name, spec in (bm.get("industries") or {}).items():
        if N.ok(N.get(spec, "share")):
            rows.append([f"A 股上市企业中{name}的占比", N.fmt_pct(spec["share"]), "%", year("industries")])
        if N.ok(N.get(spec, "valid_inventions_mean")):
            rows.append([f"{name}领域 A 股上市企业平均有效发明专利量", N.fmt_num(spec["valid_inventions_mean"], 2).removesuffix(".00"),
                         "件/家", year("industries")])
    for name, spec in (bm.get("industry_groups") or {}).items():
        if N.ok(N.get(spec, "share")):
            rows.append([f"A 股上市企业中{name}的占比", N.fmt_pct(spec["share"]), "%", year("industry_groups")])
    return plain_table(["项目", "数值", "单位", "年份"], rows, [False, True, False, True])




# ---------------------------------------------------------------- provinces


def _rank_text(rank: int | None) -> str:
    return "" if rank is None else f"全国第{rank}"


def _no_highlights(summary: dict, p: dict) -> str:
    """What the TOP3 box says when it lists no industry."""
    missing = set(summary.get("missing") or ())
    if "patents" in missing or "industry" in missing:
        return N.sentence(f"{N.lacking([n for n in ('industry', 'patents') if n in missing])}，无从评选亮点产业领域")
    return "该省份在十大重点产业领域暂无企业。"


def fact_sheet_view(summary: dict, name: str, radar_fig: Any | None, source: str) -> dict:
    provinces = summary.get("provinces") or {}
    p = provinces[name]
    rank = lambda *key: _rank_text(N.get(p, "ranks", *key))  # noqa: E731  - national ranks, stats/areas.py
    radar = p.get("radar") or {}
    radar_rows = []
    for dim, value in radar.items():
        r = N.get(p, "ranks", "radar", dim)
        radar_rows.append({"label": N.RADAR_LABELS.get(dim, dim), "value": N.fmt_pct(value, 0),
                           "rank": f"第{r}" if r else "—"})
    total_valid = p.get("valid_inventions_total")
    # a figure the data does not have (no patents, no 参保人数) is no KPI at all, not "— 件/家"
    with_unit = lambda value, unit, digits=2: f"{N.fmt_num(value, digits)} {unit}" if N.ok(value) else None  # noqa: E731
    return {
        "name": name,
        "short": N.short_province(name),
        "companies_text": N.count(p["companies"]),
        "rank_companies": rank("companies"),
        "total_valid_text": N.count(total_valid, "件") if N.ok(total_valid) else None,
        "rank_total_valid": rank("valid_inventions_total"),
        "mean_valid_text": with_unit(p.get("valid_inventions_mean"), "件/家"),
        "rank_mean_valid": rank("valid_inventions_mean"),
        "density_text": with_unit(p.get("invention_density_per_1000"), "件/千人", 1),
        "rank_density": rank("invention_density_per_1000"),
        "employees_text": with_unit(p.get("employees_mean"), "人", 0),
        "rank_employees": rank("employees_mean"),
        "share_text": N.fmt_pct(N.ratio(p["companies"], summary.get("companies"))),
        "radar": radar_rows,
        "radar_svg": sanitize_svg(getattr(radar_fig, "svg", None)) if radar_fig is not None else None,
        "radar_alt": getattr(radar_fig, "alt", None) or f"{name}科创能力雷达",
        "highlights": [{**h, "companies_text": N.count(h["companies"]), "valid_text": N.count(h["valid_inventions"], "件")}
                       for h in p.get("highlights") or []],
        "highlights_empty": _no_highlights(summary, p),
        "paragraph": N.province_paragraph(summary, name),
        "batches_text": "、".join(f"{N.batch_name(b)} {N.fmt_int(n)} 家" for b, n in (p.get("companies_by_batch") or {}).items()),
        "source": source,
    }


# ---------------------------------------------------------------- report


STARS_PUBLISHED_SOURCE = "智慧芽《2022 专精特新“小巨人”企业科创能力报告》表 {table}（data/published/stars.csv）"
STARS_SYNTHETIC_INTRO = ("下列各表照录 2022 年报告中八个重点产业领域各 10 家明星“小巨人”的名单，按原报告的顺序列出，不排名、不列得分："
                         "本版使用的内置样例数据中，企业级数值（员工、专利、被引用等）是合成的，据此给真实企业打分排名，"
                         "就等于把合成的数值当作它们的表现。用 --data 分析自己的数据时，各表按综合得分排名{metrics}。")


def _stars_synthetic_intro(metrics: dict | None) -> str:
    """The bundled sample's star-table intro; the appendix reference only when that appendix is printed."""
    return STARS_SYNTHETIC_INTRO.format(metrics=f"（方法见附录 {metrics['letter']}）" if metrics else "")


def publisher_view(profile) -> dict:
    """The publisher as the templates show it: the logo as a data URI (nothing outside the file)."""
    logo = None
    if profile.logo is not None:
        mime = "image/svg+xml" if profile.logo.kind == "svg" else "image/png"
        logo = f"data:{mime};base64,{base64.b64encode(profile.logo.data).decode('ascii')}"
    return {"name": profile.name, "short": profile.header_name, "logo": logo, "copyright": profile.copyright,
            "disclaimer": profile.disclaimer, "contact": profile.contact, "colophon": profile.colophon,
            "given": profile.given}


def render_about(profile, summary: dict) -> Markup | None:
    """The about-the-publisher page from its Markdown, or None without one."""
    if not profile.about.strip():
        return None
    return render_source(profile.about, profile.about_path or Path("[publisher] about"), summary, top=2).html


def _star_views(stats, synthetic: bool, source: str, chapters=None) -> tuple[list[dict], list[dict]]:
    views, rows = [], []
    names = list((stats.summary.get("stars") or {}).keys())
    for key, industry in zip(D.star_table_keys(), names):
        df = stats.tables.get(key)
        if df is None:
            continue
        number = D.number(key, chapters)
        published = D.number(key)              # the 2022 report's own table number
        cols = [c for c in ("排名", "企业名称", "具体产业类别", "所在城市", "所在省份") if c in df.columns]
        notes = []
        if industry == "高端机械装备":
            notes.append("对应电力装备、农机装备、高档数控机床和机器人三个重点产业领域")
        if synthetic:
            # the bundled sample: the 2022 report's list (stats gives it without rank or score)
            cols = [c for c in cols if c != "排名"]
            notes.append(f"名单及顺序照录 2022 年报告表 {published}，不排名、不列得分：本样例数据的企业级数值为合成数据，"
                         "不代表这些企业的真实表现")
        views.append({"key": key, "number": number, "industry": industry,
                      "title": D.table(key).title.format(industry=industry),
                      "table": frame_table(df, cols, empty="本数据中该领域暂无企业"),
                      "source": STARS_PUBLISHED_SOURCE.format(table=published) if synthetic else source,
                      "note": "；".join(notes),
                      "omitted": N.omitted(f"数据中没有{industry}领域的企业", "表") if df.empty else ""})
        rows += [{"province": p} for p in df.get("所在省份", pd.Series(dtype=str))]
    return views, rows


_NEWEST_ROWS: list[tuple[str, str, str]] = [
    # (label, key in measures, kind: int | num0 | num | pct | growth)
    ("企业数量（家）", "companies", "int"),
    ("平均员工规模（人）", "employees_mean", "num0"),
    ("成立年限中位数（年）", "founded_years_median", "num1"),
    ("上市企业占比", "listed_share", "pct"),
    ("一级市场融资企业占比", "financed_share", "pct"),
    ("平均累计专利申请量（件/家）", "applications_mean", "num"),
    ("平均有效发明专利量（件/家）", "valid_inventions_mean", "num"),
    ("专利申请增速", "applications_growth.rate", "pct"),
    ("发明专利密度（件/千人）", "invention_density_per_1000", "num"),
    ("发明专利申请占比", "invention_application_share", "pct"),
    ("发明专利授权率", "invention_grant_rate", "pct"),
    ("平均专利被引用次数", "citations_mean", "num"),
    ("平均专利对外许可次数", "licenses_mean", "num"),
    ("平均专利对外转让次数", "transfers_mean", "num"),
    ("平均 PCT 专利申请量（件/家）", "pct_mean", "num"),
    ("PCT 申请占比", "pct_share", "pct"),
    ("十大重点产业领域企业占比", "focus_share", "pct"),
]


def _fmt_kind(value, kind: str) -> str:
    if kind == "int":
        return N.fmt_int(value)
    if kind == "pct":
        return N.fmt_pct(value)
    if kind == "num0":
        return N.fmt_num(value, 0)
    if kind == "num1":
        return N.fmt_num(value, 1)
    return N.fmt_num(value, 2)


def _signed(value: float, unit: str) -> str:
    text = f"{value:+.1f}"
    if text in ("+0.0", "-0.0"):
        return f"0.0{unit}"
    return text.replace("-", "−") + unit


def _signed_diff(c, unit: str) -> str:
    """a − b of a words.Comparison as printed, with its sign: "+2.2 个百分点", "−0.34 个百分点", "0.0 个百分点"."""
    text = f"{c.diff:+.{c.places}f}"
    if float(text) == 0:
        return text.lstrip("+-") + unit
    return text.replace("-", "−") + unit


def _diff_kind(a, b, kind: str) -> str:
    """The 差异 column, from the two values as printed beside it (so the row can be checked by hand):
    shares in percentage points, amounts as a relative difference."""
    if not (N.ok(a) and N.ok(b)) or kind == "int":
        return "—"
    c = N.compare(a, b, lambda x: _fmt_kind(x, kind))
    if c is None:
        return "—"
    if kind == "pct":
        return _signed_diff(c, " 个百分点")
    if c.ratio is None:
        return "—"
    return _signed((c.ratio - 1) * 100, "%")


#: The table comparing the newest batch with the earlier ones.
NEWEST_TABLE = D.NEWEST_TABLE


def newest_view(summary: dict, source: str, chapters=None) -> dict | None:
    nb = summary.get("newest_batch") or {}
    if not nb.get("earlier"):
        return None
    new, old = nb["newest"], nb["earlier"]
    name, ename = N.batch_name(nb["batch"]), N.earlier_name(nb["batch"], summary)
    rows = []
    for label, key, kind in _NEWEST_ROWS:
        a, b = N.get(new, *key.split(".")), N.get(old, *key.split("."))
        if not (N.ok(a) or N.ok(b)):          # an input the data lacks (patents, 参保人数 …): no row
            continue
        rows.append([label, _fmt_kind(a, kind), _fmt_kind(b, kind), _diff_kind(a, b, kind)])
    table = plain_table(["指标", name, f"{ename}合计", "差异"], rows, [False, True, True, True])
    # only the company counts: the data has none of the measures compared here
    omitted = N.omitted("数据中除企业数量外没有可比较的指标", "节") if len(rows) <= 1 else ""
    return {"name": name, "ename": ename, "key": NEWEST_TABLE, "number": D.number(NEWEST_TABLE, chapters) if _printed(NEWEST_TABLE, chapters) else None,
            "title": D.table(NEWEST_TABLE).title.format(newest=name, earlier=ename),
            "table": table, "source": source, "omitted": omitted,
            "companies_text": N.count(new.get("companies")), "earlier_text": N.count(old.get("companies")),
            "note": "差异列按表中所列（四舍五入后）的数值计算：比率类指标为两者之差（百分点），其余为相对差异。"}


AUDIT_MEANINGS, AUDIT_EXCEPTIONS = A.MEANINGS, A.EXCEPTIONS      # the statuses are giantreport.audit's
AUDIT_EXCEPTIONS_SHOWN = 60
_PLACE = [(re.compile(r"^fig-(\d+)[-.](\d+)(\w*)$"), lambda m: f"图 {m.group(1)}.{m.group(2)}"),
          (re.compile(r"^table-(\d+)[-.](\d+)$"), lambda m: f"表 {m.group(1)}.{m.group(2)}"),
          (re.compile(r"^prose-(\d+)[-.](\d+)$"), lambda m: f"正文 {m.group(1)}.{m.group(2)}"),
          (re.compile(r"^sheet-(.+)$"), lambda m: f"{m.group(1)}速览"),
          (re.compile(r"^summary$"), lambda m: "摘要"), (re.compile(r"^intro$"), lambda m: "引言")]


def audit_place(name) -> str:
    """"fig-1-2" → "图 1.2", "sheet-浙江省" → "浙江省速览", "prose-2-1" → "正文 2.1"."""
    text = str(name)
    for pattern, label in _PLACE:
        m = pattern.match(text)
        if m:
            return label(m)
    return text


def _audit_view(audit: pd.DataFrame | None) -> dict | None:
    """The audit appendix: counts by status and by figure, the exceptions, and (HTML only) every row."""
    if audit is None:
        return None
    audit = audit.copy()
    has_status = "状态" in audit.columns
    if "图表" in audit.columns:
        audit["图表"] = audit["图表"].map(audit_place)
    cols = [c for c in ("图表", "指标", "公布值", "复现值", "状态") if c in audit.columns] or list(audit.columns)
    status = status_counts(audit) if has_status else {}
    counts = "，".join(f"{k} {int(v)} 项" for k, v in status.items())
    intro = (f"下表把本次计算结果与公开发布的 2022 年度报告中的数字逐项对照，共 {len(audit)} 项"
             + (f"（{counts}）" if counts else "") + "。公布值取自报告原文，复现值由本次数据计算，两者按同一单位列出。")
    out = {"intro": intro, "table": frame_table(audit, cols, total_label=None, plain=True),
           "status": None, "by_figure": None, "exceptions": None, "exceptions_note": ""}
    if not has_status:
        return out
    out["status"] = plain_table(["状态", "项数", "含义"],
                                [[k, N.fmt_int(v), AUDIT_MEANINGS.get(k, "")] for k, v in status.items()],
                                [False, True, False])
    if "图表" in audit.columns:
        rows = [[place, N.fmt_int(n), N.fmt_int(matched), N.fmt_int(off), N.fmt_int(n - matched - off)]
                for place, n, matched, off in counts_by(audit, "图表", AUDIT_EXCEPTIONS)]
        out["by_figure"] = plain_table(["图表", "项数", "一致或舍入范围内", "偏差或不符", "其他"], rows,
                                       [False, True, True, True, True])
    exceptions = audit[audit["状态"].isin(AUDIT_EXCEPTIONS)]
    ex_cols = cols + (["说明"] if "说明" in audit.columns else [])
    shown = exceptions.head(AUDIT_EXCEPTIONS_SHOWN)
    if "说明" in shown.columns:      # transcription notes can be long: keep the page readable
        shown = shown.assign(说明=shown["说明"].astype(str).map(lambda t: t if len(t) <= 90 else t[:88] + "…"))
    out["exceptions"] = frame_table(shown, ex_cols, total_label=None, plain=True, empty="没有偏差项")
    if len(exceptions) > len(shown):
        out["exceptions_note"] = (f"共 {len(exceptions)} 项，此处列出前 {len(shown)} 项；完整核对表见 HTML 版本或 "
                                  "giantreport audit 命令的输出。")
    return out


def _sources_view(stats, dataset, synthetic: bool) -> dict:
    files = getattr(dataset, "files", {}) or {}
    counted = getattr(dataset, "file_rows", {}) or {}          # rows as the files hold them
    roles = {"companies": ("企业名单", counted.get("companies", len(dataset.companies) if getattr(dataset, "companies", None) is not None else None)),
             "patents": ("专利记录", counted.get("patents", len(dataset.patents) if getattr(dataset, "patents", None) is not None else None))}
    rows = []
    for role, name in files.items():
        label, n = roles.get(role, (role, None))
        rows.append([label, name, N.fmt_int(n) if n is not None else "—"])
    for note in getattr(dataset, "notes", []) or []:
        rows.append(["说明", str(note), ""])
    bm = stats.benchmarks or {}
    return {"files": plain_table(["内容", "文件", "行数"], rows, [False, False, True]),
            "benchmarks": benchmarks_table(bm),
            "benchmark_source": bm.get("source") or "数据文件夹中的 benchmarks.yaml"}


_FILE_ROLES = {"companies": "企业名单", "patents": "专利记录"}


def _entry(level: int, anchor: str, label: str) -> dict:
    return {"level": level, "anchor": anchor, "label": label}


def _toc(chapters: list[dict], factsheets: list[dict], appendices: dict[str, dict], front: list[dict]) -> list[dict]:
    """The contents, from the definition: front matter, each chapter with its sections (none for a chapter
    that is one notice), the fact sheets under their section, the appendices lettered as printed."""
    toc = [_entry(1, p["anchor"], p["label"]) for p in front]
    for ch in chapters:
        toc.append(_entry(1, ch["anchor"], ch["toc_label"]))
        if ch["notice"]:
            continue
        for s in ch["sections"] + ch.get("extra_sections", []):
            toc.append(_entry(2, s["anchor"], s["label"]))
            if any(item["kind"] == "factsheets" for item in s.get("items", [])):
                toc += [_entry(3, f"fs-{i}", fs["name"]) for i, fs in enumerate(factsheets, start=1)]
    return toc + [_entry(1, a["anchor"], a["label"]) for a in appendices.values()]


def _appendices(present: set[str], parts: tuple[str, ...] | None = None, publisher: str = "") -> dict[str, dict]:
    """Part id → anchor, heading ("附录 B　数据来源") and bookmark label of each end part printed."""
    shown = {p.id for p in D.APPENDICES if (parts is None or p.id in parts) and (p.when is None or p.when in present)}
    letters = D.appendix_letters(present, shown)
    out = {}
    for part in D.APPENDICES:
        if part.id not in shown:
            continue
        letter = letters.get(part.id)
        title = part.title.format(publisher=publisher)
        out[part.id] = {"anchor": part.id, "letter": letter,
                        "label": f"附录 {letter}　{title}" if letter else title,
                        "bookmark": f"附录 {letter} {title}" if letter else title}
    return out


def _notices(missing: frozenset[str], stars: list[dict]) -> dict[str, str]:
    """One sentence for each chapter or section the data cannot fill, keyed by its id (absent: filled)."""
    out = {}
    for chapter in D.CHAPTERS:
        lacks = [n for n in chapter.needs if n in missing]
        if lacks:
            out[chapter.id] = N.omitted(N.PATENTS_LACKING if lacks == ["patents"] else N.lacking(lacks), "章")
        for section in chapter.sections:
            lacks = [n for n in section.needs if n in missing]
            if lacks:
                out[section.id] = N.omitted(N.lacking(lacks), "节")
            elif not stars and any(i.kind == "table" and i.layout == "stars" for i in section.items):
                lacks = [n for n in ("industry", "patents") if n in missing]
                out[section.id] = N.omitted(N.lacking(lacks) if lacks else "数据中没有十大重点产业领域的企业", "节")
    return out


def _chapters(figs: dict, prose: dict, notices: dict[str, str], newest: dict | None,
              chapters=None, parts: tuple[str, ...] | None = None, texts=None) -> list[dict]:
    """The chapters as the template lays them out: sections, and in each its figures with their
    paragraphs, paragraphs of their own and tables, in the order of the definition; the editor's texts
    around and in place of the generated ones; the editor's extra chapters numbered after them."""
    out = []
    texts = texts or EditorTexts()
    for chapter in chapters:
        sections = []
        for section in chapter.sections:
            if section.when == "newest" and not newest:
                continue
            if section.id == D.SHEETS and parts is not None and D.SHEETS not in parts:
                continue
            items = []
            replaced = section.id in texts.replace          # the editor's text in place of the generated paragraphs
            for item in section.items:
                if item.kind == "figure":
                    items.append({"kind": "figure", "heading": item.heading if not replaced else None,
                                  "lead": item.lead if not replaced else None,
                                  "paras": prose[item.prose] if item.prose and not replaced else [], "fig": figs[item.key]})
                elif item.kind == "prose":
                    items.append({"kind": "prose", "heading": item.heading,
                                  "paras": prose[item.prose] if not replaced else []})
                elif item.kind == "table":
                    items.append({"kind": item.layout, "key": item.key,
                                  "number": D.number(item.key, chapters) if not item.per_industry else None})
                else:
                    items.append({"kind": item.name})
            number = D.section_number(section, chapters)
            title = section.title.format(newest=newest["name"]) if newest else section.title
            sections.append({"id": section.id, "anchor": D.section_anchor(section), "number": number,
                             "title": title, "label": f"{number} {title}", "notice": notices.get(section.id, ""),
                             "items": items, **_texts_of(texts, section.id)})
        label = D.chapter_label(chapter, chapters)
        out.append({"id": chapter.id, "anchor": chapter.id, "no": f"{D.chapter_number(chapter, chapters):02d}",
                    "title": chapter.title, "label": label, "short": chapter.short, "toc_label": f"{label}　{chapter.title}",
                    "intro": (chapter.intro.format(sheets=sheets_clause(chapters, parts)) if chapter.intro is not None
                              else prose[chapter.intro_prose]),
                    "notice": notices.get(chapter.id, ""), "sections": sections, "extra": None,
                    **_texts_of(texts, chapter.id)})
    for n, extra in enumerate(texts.chapters, start=len(chapters) + 1):
        label = D.chapter_label(n)
        anchor = f"chapter-{n}"
        # its "#" headings are its sections, numbered n.1, n.2 … by the editor module (editor.read_texts)
        sections = [{"id": f"{anchor}-{i}", "anchor": h.anchor, "title": h.text, "label": h.text}
                    for i, h in enumerate((h for h in extra.text.headings if h.level == 2), start=1)]
        out.append({"id": anchor, "anchor": anchor, "no": f"{n:02d}", "title": extra.title, "label": label,
                    "short": extra.title, "toc_label": f"{label}　{extra.title}", "intro": "", "notice": "",
                    "sections": [], "extra": extra.text.html, "extra_sections": sections,
                    **_texts_of(texts, anchor)})
    return out


def _outline(chapters: list[dict], printed, newest: dict | None, factsheets: list[dict]) -> list[dict]:
    """The 引言's line on each printed chapter (the editor's extra chapters by their titles)."""
    by_id = {c.id: c for c in printed}
    out = []
    for ch in chapters:
        c = by_id.get(ch["id"])
        text = (c.outline.format(newest=f"，并对比{newest['name']}与此前批次的差异" if newest else "",
                                 sheets="，并为代表性省份给出一页式科创能力速览" if factsheets else "")
                if c is not None else f"为{ch['title']}")
        out.append({"label": ch["label"], "text": text})
    return out


def _cohort_note(bm: dict) -> str:
    """--cohort: the A-share comparisons are the cohort's, computed from its data; said where the data is described."""
    c = bm.get("cohort")
    if not c:
        return ""
    return N.spaced(f"文中与“A 股上市企业”的各项对比，本版按对比群体“{c['name']}”的企业数据计算"
                    f"（{N.count(c.get('companies'))}，截至 {N.cn_date(c.get('as_of'))}），口径与本报告相同。")


def _printed(key: str, chapters) -> bool:
    return key in D.numbers(chapters)


def sheets_clause(chapters, parts) -> str:
    """"，并给出代表性省份的一页式速览" when the report prints the fact sheets."""
    printed = D.chapter_of(D.SHEETS) in (chapters or D.CHAPTERS) and (parts is None or D.SHEETS in parts)
    return "，并给出代表性省份的一页式速览" if printed else ""


def _texts_printed(texts, parts: tuple[str, ...] | None, folder) -> None:
    """An editor's text for a part [report] parts leaves out would vanish: said instead."""
    if parts is None:
        return
    for where, by_id in (("before", texts.before), ("after", texts.after), ("", texts.replace)):
        for part_id in by_id:
            owner = part_id.split(".")[0] if part_id.startswith("ch") and part_id != D.SHEETS else part_id
            if owner not in parts and part_id not in parts:
                name = f"{part_id}.{where}.md" if where else f"{part_id}.md"
                raise GiantReportError(f"{folder}/{name}：“{part_id}”不在配置项 [report] parts 中，这段编者文字不会出现在报告里；"
                                       f"请把它加进 parts，或移走这个文件")


def _texts_of(texts, part_id: str) -> dict:
    """The editor's texts of one part: before, after and in place of its generated paragraphs."""
    return {"before": _html_of(texts.before.get(part_id)), "after": _html_of(texts.after.get(part_id)),
            "replace": _html_of(texts.replace.get(part_id))}


def _html_of(text) -> Markup | None:
    return text.html if text is not None else None


def _figure_table_lists(chapters: list[dict], stars: list[dict], newest: dict | None, table41: bool) -> dict:
    """The list of figures and the list of tables after the contents (page numbers in the PDF via
    target-counter): those printed, in the order of the chapters; and `anchors`: every figure and table
    id a text may link to ("图 2.3")."""
    figure_list, table_list = [], []
    for ch in chapters:
        if ch["notice"]:
            continue
        for s in ch["sections"]:
            if s["notice"]:
                continue
            for item in s["items"]:
                if item["kind"] == "figure" and item["fig"].number:
                    f = item["fig"]
                    figure_list.append(_entry(2, f.key, f"图 {f.number}　{f.title}"))
                elif item["kind"] == "stars":
                    table_list += [_entry(2, t["key"], f"表 {t['number']}　{t['title']}") for t in stars]
                elif item["kind"] == "newest" and newest and not newest.get("omitted"):
                    table_list.append(_entry(2, newest["key"], f"表 {newest['number']}　{newest['title']}"))
                elif item["kind"] == "table" and table41:
                    table_list.append(_entry(2, item["key"], f"表 {item['number']}　{D.table(item['key']).title}"))
    return {"figure_list": [{"anchor": e["anchor"], "label": e["label"]} for e in figure_list],
            "table_list": [{"anchor": e["anchor"], "label": e["label"]} for e in table_list],
            "anchors": frozenset(e["anchor"] for e in figure_list + table_list)}


def _batches_text(summary: dict) -> str:
    keys = N.batch_keys(summary)
    if not keys:
        return ""
    if len(keys) == 1:
        return N.batch_name(keys[0])
    ints = [int(k) for k in keys]
    if ints == list(range(ints[0], ints[-1] + 1)):          # consecutive: the span says how many
        return f"{N.batch_name(keys[0])}至{N.batch_name(keys[-1])}"
    return "、".join(N.batch_name(k) for k in keys)


def _cfg_view(config, summary: dict) -> dict:
    return {"title": config.title, "edition_year": config.edition_year,
            "as_of_cn": N.cn_date(config.as_of), "publisher": config.publisher,
            "companies_text": N.count(summary.get("companies")), "batches_text": _batches_text(summary),
            "version": __version__, "config_source": getattr(config, "source", "默认配置")}


def report_context(stats, config, dataset, figures: Mapping[str, Any],
                   province_figures: Mapping[str, Mapping[str, Any]] | None = None, texts=None) -> dict:
    """Everything report.html.j2 shows, computed and formatted (templates only lay out); `texts`: the
    editor's Markdown texts (giantreport/editor.py); config.parts: the parts printed."""
    s, bm = stats.summary, stats.benchmarks or {}
    parts = config.parts
    printed = D.chapters_in(parts)
    if texts is None:
        texts = read_texts(config.text_dir, D.text_ids(), s, D.replaceable_ids(), first_chapter=len(printed) + 1)
        _texts_printed(texts, parts, config.text_dir)
    profile = config.profile
    synthetic = is_synthetic(dataset)
    by = credit(profile)
    src = default_source(dataset, synthetic, by=by)
    missing = missing_inputs(stats, dataset)
    # A figure without data (the charts module drew none, or an input it needs is missing) keeps its
    # number and caption, with one sentence saying what the data lacks; the others keep their numbers.
    from ..charts.base import batches_phrase
    numbers = D.numbers(printed)
    figs = {f.key: (figure_view(f.key, figures[f.key], stats.tables.get(f.key),
                                default_source(dataset, synthetic, f.key, bm, by), numbers[f.key][0],
                                synthetic=synthetic, benchmarks=bm, by=by)
                    if figures.get(f.key) is not None and not N.lacks(missing, f.key)
                    else omitted_figure(f.key, _left_out_sentence(f.key, bm, config)
                                        or N.figure_omission(f.key, s, missing, bm),
                                        numbers[f.key][0], f.caption(batches_phrase(stats))))
            for f in D.figures() if f.key in numbers}
    stars, star_rows = _star_views(stats, synthetic, src, printed) if "table-3-1" in numbers else ([], [])
    notices = _notices(missing, stars)
    sheets_section = next(sec.id for c in D.CHAPTERS for sec in c.sections
                          if any(i.kind == "block" and i.name == "factsheets" for i in sec.items))
    newest = newest_view(s, src, printed) if D.NEWEST_TABLE in numbers else None
    t41 = drop_empty_columns(stats.tables.get("table-4-1"))
    factsheets = [fact_sheet_view(s, name, (province_figures or {}).get(name, {}).get("radar"), src)
                  for name in s.get("fact_sheets") or [] if name in (s.get("provinces") or {})
                  and sheets_section not in notices and (parts is None or D.SHEETS in parts) and D.chapter_of(D.SHEETS) in printed]
    audit = _audit_view(stats.audit) if parts is None or "appendix-b" in parts else None
    about = render_about(profile, s)
    present = {name for name, part in (("newest", newest), ("audit", audit), ("about", about)) if part is not None}
    appendices = _appendices(present, parts, profile.short_name or profile.name)
    front = [{"anchor": p.id, "label": p.title} for p in D.FRONT if parts is None or p.id in parts]
    if texts.preface is not None:        # its own "#" headings in the contents; none: it is headed 前言
        heads = [h for h in texts.preface.headings if h.level == 1]
        front[:0] = ([{"anchor": h.anchor, "label": h.text} for h in heads] if heads
                     else [{"anchor": "preface", "label": "前言"}])
    title = f"{config.edition_year} {config.title}"
    prose = {
        "ch1_scale": N.ch1_scale(s), "ch1_size": N.ch1_size(s), "ch1_national": N.ch1_national(s, bm),
        "ch1_financing": N.ch1_financing(s), "ch1_boards": N.ch1_boards(s),
        "ch1_board_contribution": N.ch1_board_contribution(s),
        "ch2_intro": N.ch2_intro(), "ch2_volume": N.ch2_volume(s, bm), "ch2_growth": N.ch2_growth(s, bm),
        "ch2_density": N.ch2_density(s, bm), "ch2_quality": N.ch2_quality(s, bm), "ch2_influence": N.ch2_influence(s),
        "ch2_pct": N.ch2_pct(s, bm),
        "ch3_distribution": N.ch3_distribution(s, bm), "ch3_by_batch": N.ch3_by_batch(s), "ch3_scale": N.ch3_scale(s),
        "ch3_newest": N.ch3_newest(s, bm),
        "ch4_provinces": N.ch4_provinces(s), "ch4_cities": N.ch4_cities(s), "ch4_districts": N.ch4_districts(s),
        "ch4_concentration": N.ch4_concentration(s), "ch4_bubble": N.ch4_bubble(s),
    }
    for f in D.figures():            # the paragraphs describing a figure without data go with it
        if f.prose and f.key in figs and figs[f.key].omitted:
            prose[f.prose] = []
    for name, blocks in PROSE_BENCHMARKS.items():       # benchmarks of another year: each use says so
        if prose.get(name):
            note = _other_year_note(bm, blocks, config)
            if note:
                prose[name] = list(prose[name]) + [N.Para(None, note)]
    sheet_names = [fs["short"] for fs in factsheets]
    t41_note = "；".join(part for part, column in (("企业数量按各批次公示名单累计", "企业数量"),
                                                   ("员工数采用参保人数口径", "平均员工数量"),
                                                   ("有效发明专利统计至数据截止日", "平均有效发明专利量"))
                         if t41 is not None and column in t41.columns)
    chapters = _chapters(figs, prose, notices, newest, printed, parts, texts)
    return {
        "doc": _doc_meta(title, config.author, profile.subject or f"{title}：基于专利数据的“小巨人”企业科创能力分析",
                         title, profile),
        "profile": publisher_view(profile),
        "front": {p["anchor"]: p for p in front},
        "preface": texts.preface.html if texts.preface is not None else None,
        "preface_headed": texts.preface is not None and any(h.level == 1 for h in texts.preface.headings),
        "about": about,
        "texts": {pid: _texts_of(texts, pid) for pid in ("summary", "intro", *D.APPENDIX_IDS)},
        "css": Markup(stylesheet()),
        "screen_css": Markup(screen_stylesheet()),
        "cfg": _cfg_view(config, s),
        "synthetic": synthetic,
        "data_note": {"folder_label": _folder_label(dataset, synthetic),
                      "files_text": "、".join(f"{_FILE_ROLES.get(k, k)} {v}" for k, v in (getattr(dataset, "files", {}) or {}).items())
                      + f"，共 {N.count(s.get('companies'))}企业",
                      "lacking": (N.sentence(N.lacking([n for n in N.INPUT_LABELS if n in missing]),
                                             "依赖这些数据的章节、图表和表格从略，并在相应位置说明") if missing else ""),
                      "cohort": _cohort_note(bm)},
        "findings": N.key_findings(s, bm),
        "findings_note": _other_year_note(bm, E.DATED, config, where="摘要中"),
        # --previous: this edition against the last (stats/change.py, narrative/change.py)
        "change": {"items": N.change_items(s), "finding": N.change_finding(s)} if s.get("change") else None,
        "p": prose,
        "figs": figs,
        "chapters": chapters,
        "stars": stars,
        "stars_intro": (_stars_synthetic_intro(appendices.get("appendix-a")) if synthetic
                        else N.ch3_stars_intro(config.stars, config.star_count,
                                               (appendices.get("appendix-a") or {}).get("letter"))),
        "stars_summary": N.ch3_stars_summary(star_rows),
        "newest": newest,
        "tables": {"table-4-1": {
                    "key": "table-4-1", "number": numbers.get("table-4-1", ("",))[0], "title": D.table("table-4-1").title,
                    "table": frame_table(t41, total_label=None) if t41 is not None else plain_table(["省份"], []),
                    "source": src,
                    "note": t41_note + "。" if t41_note else ""}},
        "factsheets": factsheets,
        "factsheets_intro": (f"企业数量居前的{N.cn_count(len(factsheets))}个省份（{'、'.join(sheet_names)}）" if factsheets else "所选省份"),
        "audit": audit,
        "metrics": plain_table(["指标", "定义", "单位"], [list(m) for m in METRICS]),
        "radar_method": radar_method(config),
        "star_method": star_method(config),
        "sources": _sources_view(stats, dataset, synthetic),
        "toc": _toc(chapters, factsheets, appendices, front),
        "outline": _outline(chapters, printed, newest, factsheets),
        **_figure_table_lists(chapters, stars, newest, t41 is not None),
        "appendix": {key: part["letter"] for key, part in appendices.items()},
        "appendices": appendices,
        # national totals or A-share figures still compared (not all left out as another year's)
        "benchmarks_compared": any(b in bm for b in ("national", "ashare")),
    }


#: The paragraphs that compare with outside benchmark blocks (see FIGURE_BENCHMARKS).
PROSE_BENCHMARKS: dict[str, tuple[str, ...]] = {
    "ch1_national": ("national",), "ch1_board_contribution": ("boards",), "ch2_volume": ("national", "ashare"),
    "ch2_density": ("ashare",), "ch2_quality": ("ashare",), "ch2_pct": ("top500_pct_share",),
    "ch3_distribution": ("industries", "industry_groups"), "ch3_scale": ("industries",)}


def _other_year_note(bm: dict, blocks, config, where: str = "文中") -> str:
    """"注：文中 A 股上市企业为 2022 年数据（外部基准），本报告数据截至 2024 年 6 月 30 日。" or ""."""
    years = E.other_year_text(bm, blocks)
    if not years:
        return ""
    return N.spaced(f"注：{where}{years}（外部基准），本报告数据截至 {N.cn_date(config.as_of)}。")


def _left_out_sentence(key: str, bm: dict, config) -> str | None:
    """A figure whose benchmarks are of another year and left out by configuration: that sentence."""
    left = (bm or {}).get("left_out") or {}
    blocks = [b for b in FIGURE_BENCHMARKS.get(key, ()) if b in left]
    if key not in ("fig-1-3", "fig-1-6") or not blocks:      # the others are drawn without the comparison
        return None
    labels = "、".join(dict.fromkeys(E.BLOCK_LABELS.get(b, b) for b in blocks))
    years = "、".join(str(y) for y in sorted({left[b] for b in blocks}))
    return N.omitted(f"外部基准（{labels}）为 {years} 年数据，按配置（report.benchmarks_other_year = \"omit\"）"
                     f"不与 {config.edition_year} 年的数据对比")


def render_report_html(stats, config, dataset, figures: Mapping[str, Any],
                       province_figures: Mapping[str, Mapping[str, Any]] | None = None) -> Rendered:
    ctx = report_context(stats, config, dataset, figures, province_figures)
    texts = [t for f in ctx["figs"].values() for t in svg_text(f.svg)]
    texts += [t for fs in ctx["factsheets"] for t in svg_text(fs["radar_svg"])]
    return Rendered(render_template("report.html.j2", ctx), ctx["doc"]["title"], texts)


