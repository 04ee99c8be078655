"""The province briefing's view: everything province.html.j2 receives, and the briefing's HTML."""
from __future__ import annotations
from typing import Any, Mapping
import pandas as pd
from markupsafe import Markup
from .. import narrative as N
from ..definition import PROVINCE_FIGURES
from .html import Rendered, _doc_meta, figure_view, missing_inputs, omitted_figure, plain_table, render_template, screen_stylesheet, stylesheet, svg_text
from .report_view import _cfg_view, _diff_kind, _fmt_kind, _rank, _signed_diff, fact_sheet_view
from .shared import DIMENSION_UNITS, briefing_method, default_source, is_synthetic, star_method_short

# ---------------------------------------------------------------- province briefing


def province_measures(stats) -> dict[str, dict]:
    """Profile and technology measures per province (same definitions as the national figures)."""
    from ..stats.company_metrics import growth_years
    from ..stats.measures import profile_measures, tech_measures
    years = growth_years(stats.as_of)
    out = {}
    for name, g in stats.companies.groupby("province", sort=False):
        out[str(name)] = {**profile_measures(g, stats.as_of), **tech_measures(g, years)}
    return out


_DIMENSION_ROWS: list[tuple[str, str, str, str]] = [
    ("技术体量", "平均累计专利申请量（件/家）", "applications_mean", "num"),
    ("技术体量", "平均有效发明专利量（件/家）", "valid_inventions_mean", "num"),
    ("技术体量", "专利申请增速", "applications_growth.rate", "pct"),
    ("技术质量", "发明专利密度（件/千人）", "invention_density_per_1000", "num"),
    ("技术质量", "发明专利申请占比", "invention_application_share", "pct"),
    ("技术质量", "发明专利授权率", "invention_grant_rate", "pct"),
    ("技术影响力", "平均专利被引用次数（次/家）", "citations_mean", "num"),
    ("技术影响力", "平均专利对外许可次数（次/家）", "licenses_mean", "num"),
    ("技术影响力", "平均专利对外转让次数（次/家）", "transfers_mean", "num"),
    ("技术全球化", "平均 PCT 专利申请量（件/家）", "pct_mean", "num"),
    ("技术全球化", "PCT 申请占比", "pct_share", "pct"),
]


def resolve_province(summary: dict, name: str) -> str | None:
    """"浙江" / "浙江省" / "zhejiang"-free exact names → the province key used in summary["provinces"]."""
    provinces = list((summary.get("provinces") or {}).keys())
    text = str(name).strip()
    if text in provinces:
        return text
    from ..data.regions import resolve_province as _resolve
    full, _ = _resolve(text)
    if full in provinces:
        return full
    matches = [p for p in provinces if p.startswith(text) or N.short_province(p) == text]
    return matches[0] if len(matches) == 1 else None


def province_context(stats, config, dataset, province: str, figures: Mapping[str, Any]) -> dict:
    s = stats.summary
    synthetic = is_synthetic(dataset)
    src = default_source(dataset, synthetic)
    p = s["provinces"][province]
    short = N.short_province(province)
    fs = fact_sheet_view(s, province, None, src)
    df = stats.companies
    mine = df[df["province"] == province]
    whole = "全市" if province.endswith("市") else ("全区" if province.endswith("自治区") else "全省")

    missing = missing_inputs(stats, dataset)
    # figures, numbered within the briefing; one without data keeps its number, with one sentence instead
    figs = {}
    for number, (key, title) in enumerate(PROVINCE_FIGURES.items(), start=1):
        fig = figures.get(key)
        if fig is None or any(all(n in missing for n in group) for group in N.PROVINCE_FIGURE_NEEDS.get(key, ())):
            figs[key] = omitted_figure(key, N.province_figure_omission(key, missing, province), number=str(number),
                                       title=f"{province}{title}")
            continue
        figs[key] = figure_view(key, fig, None, src, number=str(number),
                                title=getattr(fig, "title", None) or f"{province}{title}", synthetic=synthetic)

    # batches
    batch_keys = N.batch_keys(s)
    nat_batches = s.get("batches") or {}
    rows = []
    for b in batch_keys:
        n = p["companies_by_batch"].get(b, 0)
        rows.append([N.batch_name(b), N.fmt_int(n), N.fmt_pct(N.ratio(n, p["companies"])),
                     N.fmt_pct(N.ratio(nat_batches.get(b), s.get("companies")))])
    rows.append(["合计", N.fmt_int(p["companies"]), "100.0%", "100.0%"])
    batch_table = plain_table(["批次", "企业数", f"{whole[1:]}结构", "全国结构"],
                              rows, [False, True, True, True], totals={len(rows) - 1})
    batch_paras = []
    if batch_keys:
        newest = batch_keys[-1]
        n_new = p["companies_by_batch"].get(newest, 0)
        batch_paras.append(N.Para(None, N.sentence(
            f"分批次看，{short}" + "、".join(f"{N.batch_name(b)} {N.count(p['companies_by_batch'].get(b, 0))}" for b in batch_keys),
            f"{N.batch_name(newest)}占{whole}的 {N.fmt_pct(N.ratio(n_new, p['companies']))}，全国这一比例为 "
            f"{N.fmt_pct(N.ratio(nat_batches.get(newest), s.get('companies')))}" if len(batch_keys) > 1 else None)))

    # cities (districts for a municipality: its one city says nothing)
    level, label = ("city", "城市")
    if mine["city"].replace("", pd.NA).nunique() <= 1 and (mine["district"] != "").any():
        level, label = ("district", "区县")
    city_label = label
    known = mine[mine[level] != ""]
    city_counts = known.groupby(level).size()
    city_counts = city_counts.loc[sorted(city_counts.index, key=lambda k: (-city_counts[k], str(k)))]
    city_rows = []
    for city, n in city_counts.items():
        by_b = known[known[level] == city].groupby("batch").size()
        city_rows.append([str(city)] + [N.fmt_int(by_b.get(int(b), 0)) for b in batch_keys] + [N.fmt_int(n), N.fmt_pct(N.ratio(n, p["companies"]))])
    city_table = plain_table([label] + [N.batch_name(b) for b in batch_keys] + ["合计", f"占{whole}比重"], city_rows,
                             [False] + [True] * (len(batch_keys) + 2))
    city_omitted = "" if city_rows or figs["cities"].omitted else N.omitted(
        N.lacking(["city", "district"]) if {"city", "district"} <= missing else f"数据中没有{province}企业的城市和区县信息", "表")
    city_paras = []
    if len(city_counts):
        top = list(city_counts.items())[:3]
        name_of = N.short_city if level == "city" else str
        city_paras.append(N.Para(None, N.sentence(
            f"{short}的“小巨人”分布在 {len(city_counts)} 个{label}",
            "数量居前的是" + "、".join(f"{name_of(c)}（{N.count(n)}）" for c, n in top),
            f"{N.top_n(len(top))}合计占{whole}的 {N.fmt_pct(N.ratio(sum(n for _, n in top), p['companies']))}"
            if len(city_counts) > len(top) else None)))

    # industries
    from ..data.schema import INDUSTRIES
    nat_ind = s.get("industries") or {}
    ind_rows, diffs = [], []
    for name in INDUSTRIES:
        n = int((mine["industry"] == name).sum())
        share = N.ratio(n, p["companies"])
        nat_share = N.get(nat_ind, name, "share")
        diff = N.compare(share, nat_share, N.fmt_pct)          # of the printed shares
        diffs.append((name, n, share, nat_share, diff))
        ind_rows.append([name, N.fmt_int(n), N.fmt_pct(share), N.fmt_pct(nat_share),
                         _signed_diff(diff, "") if diff is not None else "—"])
    industry_table = plain_table(["产业领域", "企业数量（家）", f"{whole[1:]}占比", "全国占比", "占比差（百分点）"], ind_rows,
                                 [False, True, True, True, True])
    key_diffs = [d for d in diffs if d[0] != "其他" and d[4] is not None]
    industry_paras = []
    industry_omitted = N.omitted(N.lacking(["industry"]), "节") if "industry" in missing or s.get("industries") is None else ""
    if key_diffs and not industry_omitted:
        most = max(d[1] for d in key_diffs)
        largest = [d for d in key_diffs if d[1] == most]
        # differences of the printed shares, named from N.SHIFT_PP (0.5) percentage points
        over = sorted([d for d in key_diffs if d[4].diff >= N.SHIFT_PP], key=lambda d: -d[4].diff)[:2]
        under = sorted([d for d in key_diffs if d[4].diff <= -N.SHIFT_PP], key=lambda d: d[4].diff)[:2]
        industry_paras.append(N.Para(
            N.sentence(f"{short}企业数量最多的重点产业领域是{largest[0][0]}（{N.count(most)}，占{whole}的 {N.fmt_pct(largest[0][2])}）"
                       if len(largest) == 1 else
                       f"{short}企业数量最多的重点产业领域是{N.join_cn([d[0] for d in largest])}（各 {N.count(most)}，"
                       f"各占{whole}的 {N.fmt_pct(largest[0][2])}）"),
            N.sentence(("与全国相比，" + "、".join(f"{d[0]}占比高出 {d[4].diff_text()}" for d in over)) if over else None,
                       ("、".join(f"{d[0]}低 {d[4].diff_text()}" for d in under)) if under else None, sep="；")))

    # four dimensions
    measures = province_measures(stats)
    nat = s
    dim_rows, dim_paras = [], []
    per_dim: dict[str, list[str]] = {}
    for dim, label, key, kind in _DIMENSION_ROWS:
        path = key.split(".")
        mine_v = N.get(measures.get(province, {}), *path)
        nat_v = N.get(nat, *path)
        r = _rank({k: N.get(v, *path) for k, v in measures.items()}, province)
        dim_rows.append([dim, label, _fmt_kind(mine_v, kind), _fmt_kind(nat_v, kind), _diff_kind(mine_v, nat_v, kind),
                         f"第{r}" if r else "—"])
        if N.ok(mine_v) and N.ok(nat_v):
            cmp = (N.pp_phrase(mine_v, nat_v, "比全国高出", "比全国低", "与全国持平") if kind == "pct"
                   else N.rel_phrase(mine_v, nat_v, "比全国高出", "比全国低", "与全国持平"))
            unit = f" {DIMENSION_UNITS[key]}" if key in DIMENSION_UNITS else ""
            per_dim.setdefault(dim, []).append(f"{label.split('（')[0]} {_fmt_kind(mine_v, kind)}{unit}，{cmp}"
                                               + (f"，居第 {r} 位" if r else ""))
    for dim, value in (p.get("radar") or {}).items():
        r = _rank({k: N.get(v, "radar", dim) for k, v in (s.get("provinces") or {}).items()}, province)
        dim_rows.append([N.RADAR_LABELS.get(dim, dim), "科创能力雷达得分", N.fmt_pct(value, 0), "—", "—", f"第{r}" if r else "—"])
    for dim, clauses in per_dim.items():
        dim_paras.append(N.Para(f"{dim}：", N.sentence(*clauses, sep="；")))
    dimension_table = plain_table(["维度", "指标", short, "全国", "差异", "省份排名"], dim_rows,
                                  [False, False, True, True, True, True])

    # star companies of the province
    star_rows = []
    for i, industry in enumerate((s.get("stars") or {}).keys(), start=1):
        t = stats.tables.get(f"table-3-{i}")
        if t is None or "所在省份" not in t.columns:
            continue
        for r in t[t["所在省份"] == province].itertuples(index=False):
            rec = r._asdict()
            star_rows.append([industry] + ([] if synthetic else [str(rec.get("排名", ""))])
                             + [str(rec.get("企业名称", "")), str(rec.get("具体产业类别", "")), str(rec.get("所在城市", ""))])
    # the bundled sample: the 2022 report's list, unranked (its company values are synthetic)
    star_columns = ["产业领域"] + ([] if synthetic else ["领域内排名"]) + ["企业名称", "具体产业类别", "所在城市"]
    stars_table = plain_table(star_columns, star_rows, [c == "领域内排名" for c in star_columns],
                              empty="该省份暂无企业入选明星榜")
    n_industries = len({r[0] for r in star_rows})
    lacks = [n for n in ("industry", "patents") if n in missing]
    stars_omitted = N.omitted(N.lacking(lacks), "节") if lacks or s.get("stars") is None else ""
    dimension_omitted = N.omitted(N.lacking(["patents"]), "节") if "patents" in missing else ""
    if synthetic:
        stars_text = (N.sentence(f"2022 年报告列出的明星“小巨人”（八个重点产业领域各 10 家）中，{province}有 {len(star_rows)} 家",
                                 f"分布在 {n_industries} 个领域") if star_rows else
                      N.sentence(f"2022 年报告列出的明星“小巨人”中没有{province}的企业"))
    else:
        stars_text = (N.sentence(f"在八个重点产业领域各 {config.star_count} 家的明星榜中，{province}有 {len(star_rows)} 家企业入选",
                                 f"分布在 {n_industries} 个领域") if star_rows else
                      N.sentence(f"{province}暂无企业进入八个重点产业领域的明星榜"))

    summary_paras = [N.province_paragraph(s, province)]
    title = f"{province}专精特新“小巨人”企业科创能力简报"
    return {
        "doc": _doc_meta(f"{config.edition_year} {title}", config.author, f"{title}（{config.edition_year}）",
                         f"{config.edition_year} · {province}简报"),
        "css": Markup(stylesheet()),
        "screen_css": Markup(screen_stylesheet()),
        "cfg": _cfg_view(config, s),
        "synthetic": synthetic,
        "figs": figs,
        "prov": {**fs, "summary": summary_paras, "batch_table": batch_table, "batch_paras": batch_paras,
                 "city_table": city_table, "city_paras": city_paras, "city_label": city_label, "industry_table": industry_table,
                 "industry_paras": industry_paras, "dimension_table": dimension_table, "dimension_paras": dim_paras,
                 "stars_table": stars_table, "stars_text": stars_text, "city_omitted": city_omitted,
                 "industry_omitted": industry_omitted, "dimension_omitted": dimension_omitted,
                 "stars_omitted": stars_omitted,
                 "province_count": len(s.get("provinces") or {})},
        "star_method": star_method_short(config),
        "method": briefing_method(config),
        "stars_note": ("名单及顺序照录 2022 年报告表 3.1–3.8，不排名：本样例数据的企业级数值为合成数据，不代表这些企业的真实表现。"
                       if synthetic else None),
        "stars_source": "智慧芽《2022 专精特新“小巨人”企业科创能力报告》表 3.1–3.8" if synthetic else src,
        "source": src,
    }


def render_province_html(stats, config, dataset, province: str, figures: Mapping[str, Any]) -> Rendered:
    ctx = province_context(stats, config, dataset, province, figures)
    texts = [t for f in ctx["figs"].values() if f is not None for t in svg_text(f.svg)]
    return Rendered(render_template("province.html.j2", ctx), ctx["doc"]["title"], texts)
