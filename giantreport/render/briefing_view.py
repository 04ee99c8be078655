"""The province briefing's view: everything province.html.j2 receives, and the briefing's HTML."""
from __future__ import annotations
from typing import Any, Mapping
from markupsafe import Markup
from .. import narrative as N
from ..data.regions import province_in
from ..definition import PROVINCE_FIGURES
from .html import Rendered, _doc_meta, figure_view, missing_inputs, omitted_figure, plain_table, render_template, screen_stylesheet, stylesheet, svg_text
from .report_view import publisher_view, _cfg_view, _diff_kind, _fmt_kind, _signed_diff, fact_sheet_view
from .shared import DIMENSION_UNITS, briefing_method, credit, default_source, is_synthetic, star_method_short

# ---------------------------------------------------------------- province briefing


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
    """"浙江" / "浙江省" / full-width spaces → the province key used in summary["provinces"]; None if not there."""
    return province_in(name, summary.get("provinces") or {})


def province_context(stats, config, dataset, province: str, figures: Mapping[str, Any]) -> dict:
    s = stats.summary
    synthetic = is_synthetic(dataset)
    by = credit(config.profile)
    src = default_source(dataset, synthetic, by=by)
    p = s["provinces"][province]
    short = N.short_province(province)
    fs = fact_sheet_view(s, province, None, src)
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
        figs[key] = figure_view(key, fig, None, src, number=str(number), by=by,
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

    # cities, or districts (the rule: stats.areas.place_level)
    level = p.get("place_level") or "city"
    label = {"city": "城市", "district": "区县"}[level]
    city_label = label
    places = p.get("places") or []
    city_rows = [[pl["name"]] + [N.fmt_int(pl["companies_by_batch"].get(b, 0)) for b in batch_keys]
                 + [N.fmt_int(pl["companies"]), N.fmt_pct(pl["share"])] for pl in places]
    city_table = plain_table([label] + [N.batch_name(b) for b in batch_keys] + ["合计", f"占{whole}比重"], city_rows,
                             [False] + [True] * (len(batch_keys) + 2))
    city_omitted = "" if city_rows or figs["cities"].omitted else N.omitted(
        N.lacking(["city", "district"]) if {"city", "district"} <= missing else f"数据中没有{province}企业的城市和区县信息", "表")
    city_paras = []
    if places:
        top = [(pl["name"], pl["companies"]) for pl in places[:3]]
        name_of = N.short_city if level == "city" else str
        city_paras.append(N.Para(None, N.sentence(
            f"{short}的“小巨人”分布在 {len(places)} 个{label}",
            "数量居前的是" + "、".join(f"{name_of(c)}（{N.count(n)}）" for c, n in top),
            f"{N.top_n(len(top))}合计占{whole}的 {N.fmt_pct(N.ratio(sum(n for _, n in top), p['companies']))}"
            if len(places) > len(top) else None)))

    # industries
    from ..data.schema import INDUSTRIES
    nat_ind = s.get("industries") or {}
    ind_rows, diffs = [], []
    for name in INDUSTRIES:
        n = N.get(p, "industries", name, "companies") or 0
        share = N.get(p, "industries", name, "share")
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
    ranks = p.get("ranks") or {}
    nat = s
    dim_rows, dim_paras = [], []
    per_dim: dict[str, list[str]] = {}
    for dim, label, key, kind in _DIMENSION_ROWS:
        path = key.split(".")
        mine_v = N.get(p.get("measures") or {}, *path)
        nat_v = N.get(nat, *path)
        r = ranks.get(path[0])
        dim_rows.append([dim, label, _fmt_kind(mine_v, kind), _fmt_kind(nat_v, kind), _diff_kind(mine_v, nat_v, kind),
                         f"第{r}" if r else "—"])
        if N.ok(mine_v) and N.ok(nat_v):
            cmp = (N.pp_phrase(mine_v, nat_v, "比全国高出", "比全国低", "与全国持平") if kind == "pct"
                   else N.rel_phrase(mine_v, nat_v, "比全国高出", "比全国低", "与全国持平"))
            unit = f" {DIMENSION_UNITS[key]}" if key in DIMENSION_UNITS else ""
            per_dim.setdefault(dim, []).append(f"{label.split('（')[0]} {_fmt_kind(mine_v, kind)}{unit}，{cmp}"
                                               + (f"，居第 {r} 位" if r else ""))
    for dim, value in (p.get("radar") or {}).items():
        r = N.get(ranks, "radar", dim)
        dim_rows.append([N.RADAR_LABELS.get(dim, dim), "科创能力雷达得分", N.fmt_pct(value, 0), "—", "—", f"第{r}" if r else "—"])
    for dim, clauses in per_dim.items():
        dim_paras.append(N.Para(f"{dim}：", N.sentence(*clauses, sep="；")))
    dimension_table = plain_table(["维度", "指标", short, "全国", "差异", "省份排名"], dim_rows,
                                  [False, False, True, True, True, True])

    # star companies of the province
    star_rows = [[st["industry"]] + ([] if synthetic else ["" if st["rank"] is None else str(st["rank"])])
                 + [st["name"], st["industry_detail"], st["city"]] for st in p.get("stars") or []]
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

    change = N.province_change(s, province) if s.get("change") else None     # --previous: against the last edition
    summary_paras = [N.province_paragraph(s, province)] + ([change] if change else [])
    return {
        **_page(config, s, province, synthetic),
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


# ---------------------------------------------------------------- city, district and industry briefings

AREA_KICKER = {"city": "城市简报", "district": "区县简报", "industry": "产业领域简报"}
AREA_FIGURE_TITLES = {"batches": "分批次企业数量", "places": "企业数量居前的区县或省份", "industry_mix": "产业领域结构与全国对比"}


def area_method(area, block: dict) -> str:
    """The method note of a city's, district's or industry's briefing."""
    who = {"city": "该市", "district": "该区县", "industry": "该领域"}[area.kind]
    ranked = (f"城市排名只在企业不少于 {block.get('min_companies')} 家的城市之间进行（企业太少的城市，均值随个别企业大幅变动），"
              "第 1 位为最高。" if area.kind == "city" else
              "排名在八个重点产业领域之间按数值从高到低排列，第 1 位为最高。" if area.kind == "industry" else "")
    return ("专利指标只统计数据截止日前已公开的专利申请；有效发明专利指截止日前已授权且法律状态为有效的发明专利。"
            f"均值按{who}全部“小巨人”计算（没有专利的企业计为 0），比率类指标取总和之比；发明专利密度为有效发明专利总数"
            "除以参保人数总数再乘以 1000（只计有参保人数的企业）；专利申请增速比较截止日前最近两个完整年度按公开年份"
            "统计的申请量。" + ranked)


def _rank_cell(r) -> str:
    return f"第{r}" if r else "—"


def _page(config, summary: dict, label: str, synthetic: bool) -> dict:
    """What every briefing's page carries: title and metadata, the publisher, the stylesheets, the edition."""
    title = f"{label}专精特新“小巨人”企业科创能力简报"
    return {
        "doc": _doc_meta(f"{config.edition_year} {title}", config.author, f"{title}（{config.edition_year}）",
                         f"{config.edition_year} · {label}简报", config.profile),
        "profile": publisher_view(config.profile),
        "css": Markup(stylesheet()),
        "screen_css": Markup(screen_stylesheet()),
        "cfg": _cfg_view(config, summary),
        "synthetic": synthetic,
    }


def _tie(ranks: dict, key: str) -> str:
    """"并列" when another area holds the same rank (stats/areas.ranks: "tied")."""
    return "并列" if key in (ranks.get("tied") or ()) else ""


def area_context(stats, config, dataset, area, block: dict, figures: Mapping[str, Any]) -> dict:
    """What area.html.j2 receives for a city (against its province and the nation), a district (against its
    city and the nation) or an industry (against all little giants and the field's A-share benchmark)."""
    from ..narrative.briefing import city_paragraph, industry_paragraph
    s = stats.summary
    synthetic = is_synthetic(dataset)
    by = credit(config.profile)
    src = default_source(dataset, synthetic, by=by)
    label, kind = area.label, area.kind
    parent = block.get("parent") or {}
    own_word = {"city": "本市", "district": "本区县", "industry": "本领域"}[kind]
    batch_keys = N.batch_keys(s)
    nat_batches = s.get("batches") or {}
    ranks = block.get("ranks") or {}
    rp, rn = ranks.get("province") or {}, ranks.get("nation") or {}
    peers = block.get("peers") or {}

    figs: dict[str, Any] = {k: None for k in AREA_FIGURE_TITLES}      # a chart without data: no figure
    for number, key in enumerate([k for k in AREA_FIGURE_TITLES if k in figures], start=1):
        fig = figures[key]
        figs[key] = figure_view(f"{kind}-{key}", fig, None, src, number=str(number), title=fig.title,
                                synthetic=synthetic, by=by)

    # batches: the area, its parent (a city's province, a district's city), the nation
    head = ["批次", "企业数", f"{own_word}结构"] + ([f"{parent['name']}结构"] if parent else []) + ["全国结构"]
    rows = []
    for b in batch_keys:
        n = (block.get("companies_by_batch") or {}).get(b, 0)
        rows.append([N.batch_name(b), N.fmt_int(n), N.fmt_pct(N.ratio(n, block["companies"]))]
                    + ([N.fmt_pct(N.ratio((parent.get("companies_by_batch") or {}).get(b, 0), parent.get("companies")))] if parent else [])
                    + [N.fmt_pct(N.ratio(nat_batches.get(b), s.get("companies")))])
    rows.append(["合计", N.fmt_int(block["companies"])] + ["100.0%"] * (len(head) - 2))
    batch_table = plain_table(head, rows, [False] + [True] * (len(head) - 1), totals={len(rows) - 1})

    # places: a city's districts; an industry's leading provinces and cities
    place_tables = []
    if kind == "industry":
        for level, word in (("provinces", "省份"), ("cities", "城市")):
            pl = block.get(level) or []
            place_tables.append((f"企业数量居前的{word}", plain_table(
                [word, "企业数", "占本领域比重", f"占该{word}小巨人比重"],
                [[p["name"], N.fmt_int(p["companies"]), N.fmt_pct(p["share"]), N.fmt_pct(p["share_of_place"])] for p in pl],
                [False, True, True, True])))
    elif kind == "city":
        pl = block.get("places") or []
        place_tables.append(("分区县企业数量", plain_table(
            ["区县"] + [N.batch_name(b) for b in batch_keys] + ["合计", "占全市比重"],
            [[p["name"]] + [N.fmt_int(p["companies_by_batch"].get(b, 0)) for b in batch_keys]
             + [N.fmt_int(p["companies"]), N.fmt_pct(p["share"])] for p in pl],
            [False] + [True] * (len(batch_keys) + 2), empty="数据中没有该市企业的区县信息")))

    # industries (not for an industry)
    industry_table = None
    if kind != "industry":
        from ..data.schema import INDUSTRIES
        nat_ind = s.get("industries") or {}
        head = ["产业领域", "企业数", f"{own_word}占比"] + ([f"{parent['name']}占比"] if parent.get("industries") else []) + ["全国占比"]
        ind_rows = [[name, N.fmt_int(N.get(block, "industries", name, "companies") or 0),
                     N.fmt_pct(N.get(block, "industries", name, "share"))]
                    + ([N.fmt_pct(N.get(parent, "industries", name, "share"))] if parent.get("industries") else [])
                    + [N.fmt_pct(N.get(nat_ind, name, "share"))] for name in INDUSTRIES]
        industry_table = plain_table(head, ind_rows, [False] + [True] * (len(head) - 1))

    # the four dimensions: the area, its parent, the nation (an industry: all little giants), its ranks
    nat_word = "全部小巨人" if kind == "industry" else "全国"
    head = ["维度", "指标", N.short_city(label) if kind == "city" else label] + ([parent["name"]] if parent else []) + [nat_word]
    ranked = kind == "industry" or (kind == "city" and bool(block.get("ranked")))
    rank_cols = ([f"省内排名（{peers.get('province')} 市）", f"全国城市排名（{peers.get('nation')} 市）"] if kind == "city" and ranked
                 else ["领域排名（8 个）"] if kind == "industry" else [])
    dim_rows = []
    for dim, lab, key, fmt in _DIMENSION_ROWS:
        path = key.split(".")
        row = [dim, lab, _fmt_kind(N.get(block.get("measures") or {}, *path), fmt)]
        if parent:
            row.append(_fmt_kind(N.get(parent.get("measures") or {}, *path), fmt))
        row.append(_fmt_kind(N.get(s, *path), fmt))
        if kind == "city" and ranked:
            row += [_rank_cell(rp.get(path[0])), _rank_cell(rn.get(path[0]))]
        elif kind == "industry":
            row.append(_rank_cell(rn.get(path[0])))
        dim_rows.append(row)
    dimension_table = plain_table(head + rank_cols, dim_rows, [False, False] + [True] * (len(head) + len(rank_cols) - 2))
    dimension_omitted = N.omitted(N.lacking(["patents"]), "节") if "patents" in missing_inputs(stats, dataset) else ""

    # the outside benchmark of an industry
    bm = block.get("benchmark") or {}
    benchmark_table = None
    if kind == "industry" and bm:
        benchmark_table = plain_table(
            ["指标", "专精特新“小巨人”", "A 股上市企业"],
            [["本领域企业占比", N.fmt_pct(bm.get("share")), N.fmt_pct(bm.get("ashare_share"))],
             ["平均有效发明专利量（件/家）", N.fmt_num(bm.get("valid_inventions_mean"), 2) if N.ok(bm.get("valid_inventions_mean")) else "—",
              N.fmt_num(bm.get("ashare_valid_inventions_mean"), 2) if N.ok(bm.get("ashare_valid_inventions_mean")) else "—"],
             ["小巨人相当于 A 股的比例", N.fmt_pct(bm.get("ratio_to_ashare")), "—"]],
            [False, True, True])

    # stars
    stars = block.get("stars")
    star_columns = (["产业领域"] if kind != "industry" else []) + ([] if synthetic else ["领域内排名"]) + ["企业名称", "具体产业类别"] \
        + (["所在省份", "所在城市"] if kind == "industry" else ["所在城市"])
    star_rows = [([st["industry"]] if kind != "industry" else []) + ([] if synthetic else ["" if st["rank"] is None else str(st["rank"])])
                 + [st["name"], st["industry_detail"]] + ([st.get("province", ""), st["city"]] if kind == "industry" else [st["city"]])
                 for st in stars or []]
    stars_table = plain_table(star_columns, star_rows, [c == "领域内排名" for c in star_columns],
                              empty=f"{label}暂无企业入选明星榜")
    stars_omitted = N.omitted(N.lacking(["patents"]), "节") if stars is None and kind != "district" else ""
    if kind == "district" and synthetic:
        # the 2022 report's stars are real companies; the sample's districts are synthetic: no district claim
        stars, star_rows = [], []
        stars_omitted = N.sentence("2022 年报告的明星企业名单只记到城市，本样例数据中企业所在的区县是合成的，"
                                   "因此不列出区县的明星企业")
    if kind == "industry":
        stars_text = N.sentence(f"2022 年报告列出的{label}领域明星“小巨人”共 {len(star_rows)} 家" if synthetic else
                                f"{label}领域综合得分前 {len(star_rows)} 的企业如下")
    else:
        stars_text = (N.sentence(f"{'2022 年报告列出的明星“小巨人”' if synthetic else '八个重点产业领域的明星榜'}中，{label}有 {len(star_rows)} 家",
                                 f"分布在 {len({r[0] for r in star_rows})} 个领域") if star_rows else
                      N.sentence(f"{'2022 年报告列出的明星“小巨人”' if synthetic else '八个重点产业领域的明星榜'}中没有{label}的企业"))

    # KPIs
    def with_unit(value, unit, digits=2):
        return f"{N.fmt_num(value, digits)} {unit}" if N.ok(value) else None
    if kind == "city":
        rank = lambda key: (" · ".join(t for t in (f"省内{_tie(rp, key)}第{rp[key]}" if rp.get(key) else "",  # noqa: E731
                                                    f"全国城市{_tie(rn, key)}第{rn[key]}" if rn.get(key) else "") if t) or None)
    else:
        rank = lambda key: f"重点领域{_tie(rn, key)}第{rn[key]}" if rn.get(key) else None  # noqa: E731
    kpis = [("企业数量", N.count(block["companies"]), rank("companies")),
            (f"占{parent['name']}比重" if parent else "占全部小巨人比重",
             N.fmt_pct(N.ratio(block["companies"], parent.get("companies") if parent else s.get("companies"))), None),
            ("有效发明专利总量", N.count(block.get("valid_inventions_total"), "件") if N.ok(block.get("valid_inventions_total")) else None,
             rank("valid_inventions_total")),
            ("平均有效发明专利量", with_unit(block.get("valid_inventions_mean"), "件/家"), rank("valid_inventions_mean")),
            ("发明专利密度", with_unit(block.get("invention_density_per_1000"), "件/千人", 1), rank("invention_density_per_1000")),
            ("平均员工规模", with_unit(block.get("employees_mean"), "人", 0), rank("employees_mean"))]
    summary = city_paragraph(block, s, label) if kind != "industry" else industry_paragraph(block, s)
    notes = []
    if kind == "city" and not block.get("ranked"):
        notes.append(f"{label}的“小巨人”少于 {block.get('min_companies')} 家，不参与城市排名。")
    return {
        **_page(config, s, label, synthetic),
        "figs": figs,
        "area": {"kind": kind, "label": label, "kicker": AREA_KICKER[kind], "kpis": kpis, "summary": summary,
                 "notes": notes, "batch_table": batch_table, "place_tables": place_tables,
                 "industry_table": industry_table, "dimension_table": dimension_table,
                 "dimension_omitted": dimension_omitted, "nat_word": nat_word, "ranked": ranked,
                 "parent": parent.get("name"), "benchmark_table": benchmark_table,
                 "stars_table": stars_table, "stars_text": stars_text, "stars_omitted": stars_omitted},
        "star_method": star_method_short(config),
        "method": area_method(area, block),
        "stars_note": ("名单照录 2022 年报告表 3.1–3.8，不排名：本样例数据的企业级数值为合成数据，不代表这些企业的真实表现。"
                       if synthetic else None),
        "stars_source": "智慧芽《2022 专精特新“小巨人”企业科创能力报告》表 3.1–3.8" if synthetic else src,
        "source": src,
    }


def render_area_html(stats, config, dataset, area, block: dict, figures: Mapping[str, Any]) -> Rendered:
    ctx = area_context(stats, config, dataset, area, block, figures)
    texts = [t for f in ctx["figs"].values() if f is not None for t in svg_text(f.svg)]
    return Rendered(render_template("area.html.j2", ctx), ctx["doc"]["title"], texts)
