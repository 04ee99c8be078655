"""Chapter 4 (区域分布): provinces, cities, districts, concentration and the bubble chart."""
from __future__ import annotations
from ..words import cn_count, compare, count, fmt_int, fmt_num, fmt_pct, GIANT, join_cn, mean, num, ok, times_text, top_n
from .phrases import Para, district_city, district_label, get, sentence, short_city, short_province

# ================================================================ chapter 4

LEVEL_NAMES = {"province": "省份", "city": "城市", "district": "区县"}


def _top10_names(summary: dict, level: str) -> list[str]:
    names = get(summary, "cr10", level, "top10") or []
    if level == "province":
        return [short_province(n) for n in names]
    if level == "city":
        return [short_city(n) for n in names]
    return [district_label(n) for n in names]


def in_order(c: dict, names: list[str], unit: str) -> str:
    """The listed regions (`c`: summary["cr10"][level]; `names` as printed) in their order, with the ties the
    order hides: "浙江、广东、江苏，其中广东和江苏均为 13 家", and "，另有未列出的城市同为 13 家" when the
    last listed ties with the first one left out (so "the top ten" is one choice among equals)."""
    counts = c.get("top10_companies") or []
    text = join_cn(names, "、")
    if len(counts) != len(names):
        return text
    groups: list[tuple[int, list[str]]] = []
    for name, n in zip(names, counts):
        if groups and groups[-1][0] == n:
            groups[-1][1].append(name)
        else:
            groups.append((n, [name]))
    ties = [f"{join_cn(g)}均为 {count(n)}" for n, g in groups if len(g) > 1]
    if ties:
        text += "，其中" + "，".join(ties)
    if counts and c.get("next_companies") == counts[-1]:
        text += f"，另有未列出的{unit}同为 {count(counts[-1])}"
    return text


def _few_regions(c: dict, names: list[str], where: str, unit: str) -> list[Para] | None:
    """Ten regions or fewer: all of them are named (a top ten and its CR10 of 100% would say nothing)."""
    regions = c.get("regions") or 0
    if regions > 10 or len(names) != regions:
        return None
    if regions == 1:
        return [Para(sentence(f"{where}{GIANT}分布于 1 个{unit}（{names[0]}）"), "")]
    return [Para(sentence(f"{where}{GIANT}分布于 {regions} 个{unit}"),
                 sentence(f"按企业数量依次为{in_order(c, names, unit)}"))]


def ch4_provinces(summary: dict) -> list[Para]:
    c = get(summary, "cr10", "province") or {}
    if not c:
        return []
    names = _top10_names(summary, "province")
    few = _few_regions(c, names, "", "省级行政区")
    if few:
        return few
    over = get(summary, "regions_over_100", "province")
    lead = sentence(f"{GIANT}分布于 {c.get('regions')} 个省级行政区", f"其中 {over} 个超过 100 家" if ok(over) and over else None)
    body = sentence(f"企业数量居{top_n(len(names))}的省份依次为{in_order(c, names, '省份')}" if names else None,
                    f"合计占全部企业的 {fmt_pct(c.get('cr10'))}" if ok(c.get("cr10")) else None)
    return [Para(lead, body)]


def ch4_cities(summary: dict) -> list[Para]:
    c = get(summary, "cr10", "city") or {}
    if not c:
        return []
    names = _top10_names(summary, "city")
    few = _few_regions(c, names, "从地级层面看，", "城市（含直辖市）")
    if few:
        return few
    over = get(summary, "regions_over_100", "city")
    lead = sentence(f"从地级层面看，{GIANT}分布于 {fmt_int(c.get('regions'))} 个城市（含直辖市）",
                    f"{over} 个城市超过 100 家" if ok(over) and over else None)
    body = sentence(f"数量{top_n(len(names))}的城市依次为{in_order(c, names, '城市')}" if names else None,
                    f"合计占全部企业的 {fmt_pct(c.get('cr10'))}" if ok(c.get("cr10")) else None)
    return [Para(lead, body)]


def ch4_districts(summary: dict) -> list[Para]:
    c = get(summary, "cr10", "district") or {}
    if not c:
        return []
    few = _few_regions(c, [district_label(n) for n in get(summary, "cr10", "district", "top10") or []],
                       "从区县层面看，", "区县")
    if few:
        return few
    over = get(summary, "regions_over_100", "district")
    lead = sentence(f"从区县层面看，{GIANT}分布于 {fmt_int(c.get('regions'))} 个区县",
                    f"其中 {over} 个超过 100 家" if ok(over) and over else None)
    top = get(summary, "cr10", "district", "top10") or []
    body = sentence(f"数量{top_n(len(top))}的区县依次为{in_order(c, [district_label(n) for n in top], '区县')}"
                    if top else None)
    by_city: dict[str, int] = {}
    for n in top:
        city = district_city(n)
        if city:
            by_city[city] = by_city.get(city, 0) + 1
    multi = sorted([k for k, v in by_city.items() if v >= 2], key=lambda k: (-by_city[k], k))
    if multi:
        body += sentence(f"{top_n(len(top))}中" + "、".join(f"{short_city(k)}占 {by_city[k]} 席" for k in multi))
    districts, cities = summary.get("districts") or {}, summary.get("cities") or {}
    if top and top[0] in districts and cities:
        first = districts[top[0]]["companies"]
        beaten = [k for k, v in cities.items() if v["companies"] < first]
        if beaten:
            among = f"前 {len(cities)} 位城市中 " if len(cities) >= 20 else ""     # fewer: every city is listed
            body += sentence(f"排名第一的{district_label(top[0])}有 {count(first)}，超过{among}{len(beaten)} 个城市的全市数量")
    return [Para(lead, body)]


def ch4_concentration(summary: dict) -> list[Para]:
    cr = summary.get("cr10") or {}
    # with ten regions or fewer the top ten are all of them: CR10 is 100% and says nothing
    levels = [lv for lv in ("province", "city", "district")
              if ok(get(cr, lv, "cr10")) and (get(cr, lv, "regions") or 0) > 10]
    if not levels:
        return []
    words = {"province": "省", "city": "市", "district": "区县"}
    what = "、".join(words[lv] for lv in levels) + (f"{cn_count(len(levels))}级" if len(levels) > 1 else "一级")
    lead = sentence(f"{what}的集中度（CR10，前 10 位地区企业数之和占全部企业的比重）"
                    + ("分别为" if len(levels) > 1 else "为") + "、".join(fmt_pct(cr[lv]["cr10"]) for lv in levels))
    # one clause per level, each worded its own way: the count of regions, then how few of them hold how many
    patterns = (
        "在有“小巨人”的 {n} 个{name}中，企业数量居前 10 位的{name}集中了 {cr} 的企业",
        "{n} 个{name}里排在前 10 位的只是其中的 {share}，企业却占到 {cr}",
        "到{name}一级，前 10 位在 {n} 个{name}中仅占 {share}，仍聚集了 {cr} 的企业",
    )
    clauses = []
    for lv in levels:
        if not ok(cr[lv].get("top_share_of_regions")):
            continue
        fields = dict(n=fmt_int(cr[lv].get("regions")), name=LEVEL_NAMES[lv],
                      share=fmt_pct(cr[lv].get("top_share_of_regions")), cr=fmt_pct(cr[lv]["cr10"]))
        c = compare(cr[lv]["cr10"], cr[lv]["top_share_of_regions"], fmt_pct, fmt_pct)
        if c is None or c.sign <= 0:      # the top ten hold no more than their share of regions: no contrast
            clauses.append("{n} 个{name}中前 10 位所占比重为 {share}，集中了 {cr} 的企业，分布并不集中".format(**fields))
            continue
        pattern = patterns[min(len(clauses), len(patterns) - 1)]
        clauses.append(pattern.format(**fields))
    body = sentence(*clauses, sep="；")
    if _concentration_rises(summary, levels):
        body += sentence("空间层级越细，头部地区的集聚效应越明显（CR10 与前 10 位地区所占比重之比逐级增大）")
    return [Para(lead, body)]


def province_classes(summary: dict, min_companies: int = 1) -> dict[str, list[str]]:
    """Provinces by their class (小而精, 大而强, 大而不强, 小而弱; stats.areas.area_class), those with at least
    `min_companies` companies."""
    out = {"小而精": [], "大而强": [], "大而不强": [], "小而弱": []}
    for name, p in (summary.get("provinces") or {}).items():
        if (p.get("companies") or 0) >= min_companies and p.get("class") in out:
            out[p["class"]].append(name)
    return out


#: A province counts as technology-dense in 摘要 when its invention density is at least this multiple of the
#: national one (printed values) and it holds at least 1% of all companies (docs/metrics.md §10).
DENSE_MULTIPLE = 1.5


def density_multiples(summary: dict, min_share: float = 0.0) -> list[tuple[str, "object"]]:
    """(province, Comparison of its density, printed with one decimal, against the national one, two decimals),
    highest first, over provinces with at least `min_share` of all companies."""
    provinces, den = summary.get("provinces") or {}, summary.get("invention_density_per_1000")
    least = min_share * (summary.get("companies") or 0)
    out = [(k, compare(p.get("invention_density_per_1000"), den, num(1), num(2))) for k, p in provinces.items()
           if (p.get("companies") or 0) >= least]
    out = [(k, c) for k, c in out if c is not None and c.ratio is not None]
    return sorted(out, key=lambda kc: -kc[1].a.value)


def dense_provinces(summary: dict) -> list[tuple[str, "object"]]:
    """Provinces with ≥ 1% of the companies whose printed density multiple (one decimal) is ≥ DENSE_MULTIPLE."""
    return [(k, c) for k, c in density_multiples(summary, 0.01) if float(times_text(c.ratio)) >= DENSE_MULTIPLE]


def ch4_bubble(summary: dict) -> list[Para]:
    provinces = summary.get("provinces") or {}
    emp, val, den = summary.get("employees_mean"), summary.get("valid_inventions_mean"), summary.get("invention_density_per_1000")
    if not provinces or not ok(val):
        return []
    classes = province_classes(summary)
    above = [n for n, p in provinces.items()
             if (c := compare(p.get("valid_inventions_mean"), val, num(2))) is not None and c.sign > 0]
    lead = sentence(f"{cn_count(len(above))}个省份的“小巨人”平均有效发明专利量高于全国均值（{mean(val)}）" if above else None)
    clauses = []

    def top_by(names, key, n=3):
        return sorted(names, key=lambda k: -provinces[k][key])[:n]

    if classes["小而精"]:
        sel = top_by(classes["小而精"], "valid_inventions_mean")
        clauses.append(f"{join_cn([short_province(k) for k in classes['小而精']], '、')}呈“小而精”特征：平均员工少于全国均值（{fmt_num(emp, 0)} 人），"
                       f"技术规模却高于均值，其中" + "、".join(f"{short_province(k)}平均 {fmt_num(provinces[k]['valid_inventions_mean'])} 件/家" for k in sel))
    if classes["大而强"]:
        sel = top_by(classes["大而强"], "valid_inventions_mean")
        clauses.append(f"{join_cn([short_province(k) for k in classes['大而强']], '、')}呈“大而强”特征：员工规模和技术规模均高于全国均值，其中"
                       + "、".join(f"{short_province(k)}平均 {fmt_num(provinces[k]['valid_inventions_mean'])} 件/家" for k in sel))
    body = sentence(*clauses, sep="；")
    dens = density_multiples(summary)
    if dens and ok(den):
        top = [kc for kc in dens if kc[1].a.value == dens[0][1].a.value]
        if len(top) == 1 and len(dens) > 1:
            top = dens[:2]
        body += sentence("纵轴（平均有效发明专利量）与横轴（平均员工数）之比反映发明专利密度",
                         "发明专利密度最高的是" + "和".join(
                             f"{short_province(k)}（{c.a.text} 件/千人" + (f"，{t}" if (t := c.times('全国均值')) else "") + "）"
                             for k, c in top),
                         f"全国均值为 {fmt_num(den)} 件/千人")
    return [Para(lead, body)]




def _concentration_rises(summary: dict, levels) -> bool:
    """CR10 relative to the top ten's share of regions (printed values) rises strictly from level to level."""
    cr = summary.get("cr10") or {}
    ratios = []
    for lv in levels:
        c = compare(get(cr, lv, "cr10"), get(cr, lv, "top_share_of_regions"), fmt_pct)
        if c is None or c.ratio is None:
            return False
        ratios.append(c.ratio)
    return len(ratios) >= 2 and all(a < b for a, b in zip(ratios, ratios[1:]))
