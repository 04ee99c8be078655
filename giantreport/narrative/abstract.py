"""摘要: the key findings and the recognition finding."""
from __future__ import annotations
from ..words import batch_name, cheng, cn_count, cn_date, cn_number, compare, count, extremes, fmt_num, fmt_pct, GIANT, GIANT_FULL, join_cn, mean, num, ok, show, tidy, times_text, top_n
from .ch1 import DEEP_BOARD_SHARE, LOW_LISTED, NEAR_TARGET, _target_text, board_shares, deep_boards, national_multiples
from .ch2 import _pct0
from .ch3 import HARD_TECH, NEAR, _industries, _measure_sign, _top_by_count, ch3_distribution, ch3_newest, ch3_scale, ch3_scale_vs_listed
from .ch4 import LEVEL_NAMES, _concentration_rises, _top10_names, ch4_bubble, in_order, dense_provinces, province_classes
from ..stats.measures import batch_keys
from .phrases import Finding, cmp_word, get, sentence, short_province, times_phrase

# ================================================================ 摘要

def recognition_finding(summary: dict) -> str:
    """The list's size, its recognised part (when the benchmarks give it for this very list) and the 十四五
    target; without a recognised count it says that the list is counted instead."""
    n = summary.get("companies")
    keys = batch_keys(summary)
    batches = f"{cn_count(len(keys))}个批次" if len(keys) > 1 else ""
    rec = summary.get("recognition")
    if rec:
        head = (f"截至{cn_date(summary.get('as_of'))}，{batches}共公示{GIANT_FULL}企业 {count(rec['listed'])}，"
                f"实际培育认定 {count(rec['recognised'])}")
    else:
        head = f"截至{cn_date(summary.get('as_of'))}，{batches}共有{GIANT_FULL}企业 {count(n)}"
    tgt, share = summary.get("policy_target"), show((summary.get("policy_target") or {}).get("share"), fmt_pct)
    if not tgt or share is None:
        return sentence(head)
    # the finding first (how far the 十四五 target is reached), then the counts it rests on
    goal = f"“十四五”规划培育 {_target_text(tgt['target'])}专精特新“小巨人”企业的目标"
    lead = (f"{goal}已经完成" if share.value >= 100 else
            f"{goal}已接近完成" if share.value >= show(NEAR_TARGET, fmt_pct).value else f"{goal}仍在推进")
    return tidy(lead + "：") + sentence(head, f"达到目标的 {share.text}"
                                  + ("（数据中没有实际认定数，按名单企业数计）" if not rec else ""))


def key_findings(summary: dict, benchmarks: dict) -> list[Finding]:
    """The five blocks of 摘要: computed findings and takeaways, mirroring the report's chapters.

    Each finding states what the data supports, with the numbers it rests on; a comparison word comes
    from the printed values and a threshold-based claim from the thresholds above (docs/metrics.md §10)."""
    bm = benchmarks or {}
    out: list[Finding] = []

    # 1 basic profile
    f1 = Finding(1, f"{GIANT_FULL}企业的基本特征")
    f1.items.append(recognition_finding(summary))
    emp, age = summary.get("employees_mean"), summary.get("founded_years_median")
    if ok(emp) or ok(age):
        years = show(age, num(1))
        lead = None
        if years is not None:       # the years as printed: 13.0 → 十余年, 8.0 → 不到十年
            lead = (f"典型{GIANT}已有{cn_number(int(years.value // 10) * 10)}余年的经营历史" if years.value >= 10
                    else f"典型{GIANT}成立不到十年")
        body = sentence(f"成立年限中位数 {years.text} 年" if years is not None else None,
                        f"平均参保员工 {fmt_num(emp, 0)} 人" if ok(emp) else None)
        f1.items.append(tidy(lead + "：") + body if lead else body)
    m = national_multiples(summary)
    if m and m["employment_times"] and m["grants_times"]:
        more = m["grants_ratio"] > 1 and m["employment_ratio"] > 1
        f1.items.append(("数量少、贡献大：" if more else "")
                        + sentence(f"{GIANT}只占全国企业的 {m['companies']}，发明专利却占 {m['grants']}、就业占 {m['employment']}",
                                   f"平均每家的发明专利约为全国企业平均的 {m['grants_times']} 倍、就业人数约为 {m['employment_times']} 倍"))
        if more:
            f1.takeaways.append("数量小、贡献大：以极小的企业占比支撑了可观的就业与技术产出。")
    fs, ls = summary.get("financed_share"), summary.get("listed_share")
    if ok(fs) and ok(ls):
        f1.items.append(sentence(f"{cheng(fs)}企业获得过一级市场融资（{fmt_pct(fs)}），上市企业{cheng(ls)}（{fmt_pct(ls)}）"))
        if show(ls, fmt_pct).value < show(LOW_LISTED, fmt_pct).value:
            f1.takeaways.append("整体资本市场参与度不高，上市企业不足一成。")
    shares = board_shares(summary)
    deep = deep_boards(summary)
    if deep:
        f1.items.append(sentence(f"{GIANT}深度参与{join_cn(deep)}：在{'这些板块' if len(deep) > 1 else '该板块'}的上市企业中"
                                 f"{'分别' if len(deep) > 1 else ''}占 {'、'.join(fmt_pct(shares[b]) for b in deep)}",
                                 f"均在 {fmt_pct(DEEP_BOARD_SHARE, 0)} 以上" if len(deep) > 1 else None))
        f1.takeaways.append(f"深度参与{join_cn(deep)}。")
    elif shares:
        ends = extremes(shares, fmt_pct)
        if ends:
            best = ends[0]
            f1.items.append(sentence(f"在{join_cn(best)}，{GIANT}占上市企业的 {fmt_pct(shares[best[0]])}，"
                                     + ("为 A 股各板块中最高" if len(best) == 1 else "并列 A 股各板块中最高")))
    out.append(f1)

    # 2 technology
    f2 = Finding(2, f"{GIANT_FULL}企业的整体科创能力")
    apps, valid = summary.get("applications_mean"), summary.get("valid_inventions_mean")
    nat_valid = get(bm, "national", "valid_inventions_mean")
    a_valid = get(bm, "ashare", "valid_inventions_mean")
    if ok(apps) and ok(valid):
        # the benchmark is the mean over enterprises that hold valid invention patents, not over all enterprises
        t_nat = times_phrase(valid, nat_valid, f"全国拥有有效发明专利企业的平均水平（{mean(nat_valid)}）")
        t_a = times_phrase(valid, a_valid, f"A 股上市企业（{mean(a_valid)}）")
        c_nat, c_a = compare(valid, nat_valid, num(2)), compare(valid, a_valid, num(2))
        s_nat, s_a = (c.sign if c is not None else None for c in (c_nat, c_a))
        lead = ("技术体量高于一般有专利的企业，但与上市企业仍有差距" if s_nat == 1 and s_a == -1 else
                "技术体量超过有专利的企业和 A 股上市企业的平均水平" if s_nat == 1 and s_a == 1 else
                "技术体量高于全国有专利企业的平均水平" if s_nat == 1 else
                "技术体量不及 A 股上市企业" if s_a == -1 else None)
        body = sentence(f"平均每家持有有效发明专利 {mean(valid)}",
                        f"{t_nat}" if t_nat else None, t_a, f"累计申请专利 {mean(apps)}")
        f2.items.append(tidy(lead + "：") + body if lead else body)
    g = get(summary, "applications_growth", "rate")
    target = bm.get("policy_growth_target")
    if ok(g):
        cg = compare(g, target, fmt_pct, _pct0)
        lead = (cg.word("专利申请增长快于“十四五”规划目标", "专利申请增长慢于“十四五”规划目标",
                        "专利申请增长与“十四五”规划目标持平") if cg is not None else
                cmp_word(g, 0, "专利申请保持增长", "专利申请有所减少", "专利申请量与上年持平", fmt=fmt_pct))
        body = sentence(f"{get(summary, 'applications_growth', 'to_year')} 年平均专利申请量增速为 {fmt_pct(g)}",
                        f"规划的年均增长目标为 {_pct0(target)}" if ok(target) else None)
        f2.items.append(tidy(lead + "：") + body if lead else body)
        small = (c := compare(valid, a_valid, num(2))) is not None and c.sign < 0
        fast = (c := compare(g, target, fmt_pct, _pct0)) is not None and c.sign > 0
        if small and fast:
            f2.takeaways.append("技术体量：规模尚小，但增长较快。")
    d, ad = summary.get("invention_density_per_1000"), get(bm, "ashare", "invention_density_per_1000")
    dense = False
    if ok(d):
        t = times_phrase(d, ad, f"A 股上市企业（{fmt_num(ad)} 件/千人）")
        c = compare(d, ad, num(2))
        lead = c.word("技术密集度高于 A 股上市企业", "技术密集度低于 A 股上市企业", "技术密集度与 A 股上市企业相当") if c else None
        body = sentence(f"每千名员工持有有效发明专利 {fmt_num(d)} 件", t)
        f2.items.append(tidy(lead + "：") + body if lead else body)
        dense = c is not None and c.sign > 0
    share, rate = summary.get("invention_application_share"), summary.get("invention_grant_rate")
    a_share, a_rate = get(bm, "ashare", "invention_application_share"), get(bm, "ashare", "invention_grant_rate")
    cs, cr = compare(share, a_share, fmt_pct), compare(rate, a_rate, fmt_pct)
    if cs is not None and cr is not None:
        w_share = cs.word("比 A 股上市企业更侧重发明专利", "发明专利在申请中的比重低于 A 股上市企业",
                          "发明专利在申请中的比重与 A 股上市企业持平")
        w_rate = cr.word("授权率更高", "授权率偏低", "授权率相当")
        but = "，但" if cs.sign > 0 > cr.sign or cs.sign < 0 < cr.sign else "，"
        f2.items.append(tidy(f"{w_share}{but}{w_rate}：")
                        + sentence(f"发明专利申请占全部申请的 {cs.a.text}（A 股上市企业为 {cs.b.text}）",
                                   f"授权率为 {cr.a.text}（A 股上市企业为 {cr.b.text}）"
                                   + ("；发明专利授权周期较长，在审申请多的企业授权率自然较低" if cr.sign < 0 else "")))
    if dense:
        f2.takeaways.append("技术质量：技术密集度高" + ("，发明专利申请占比高" if cs is not None and cs.sign > 0 else "")
                            + "，专业化、精细化特征明显。")
    if ok(summary.get("citations_mean")):
        parts = {k: summary.get(k) for k in ("citations_mean", "licenses_mean", "transfers_mean") if ok(summary.get(k))}
        ends = extremes(parts, num(2))
        labels = {"citations_mean": "专利被引用", "licenses_mean": "对外许可", "transfers_mean": "对外转让"}
        lead = f"技术影响力主要体现在{join_cn([labels[k] for k in ends[0]])}上" if ends else None
        body = sentence(f"平均每家专利被引用 {fmt_num(summary['citations_mean'])} 次"
                        + (f"，对外转让 {fmt_num(summary.get('transfers_mean'))} 次" if ok(summary.get("transfers_mean")) else "")
                        + (f"、对外许可 {fmt_num(summary.get('licenses_mean'))} 次" if ok(summary.get("licenses_mean")) else ""))
        f2.items.append(tidy(lead + "：") + body if lead else body)
        if ends and ends[0] == ["citations_mean"]:
            f2.takeaways.append("技术影响力：以专利被引用为主要体现。")
    pm, ps = summary.get("pct_mean"), summary.get("pct_share")
    if ok(pm):
        zero = get(summary, "pct_bucket_shares", "0")
        top = bm.get("top500_pct_share")
        c = compare(ps, top, fmt_pct)
        t = (f"比中国专利规模前 500 家科技企业（{c.b.text}）{c.pp()}" if c is not None and c.sign
             else (f"与中国专利规模前 500 家科技企业（{c.b.text}）持平" if c is not None else None))
        lead = (c.word("国际专利布局多于中国专利规模前 500 家科技企业", "国际专利布局尚少",
                       "国际专利布局与中国专利规模前 500 家科技企业相当") if c is not None else
                (f"{cheng(zero)}企业没有 PCT 申请" if ok(zero) else None))
        body = sentence(f"{fmt_pct(zero)}的企业（{cheng(zero)}）没有 PCT 申请" if ok(zero) and c is not None else None,
                        f"平均每家 PCT 专利申请 {mean(pm)}，占全部申请的 {fmt_pct(ps)}", t)
        f2.items.append(tidy(lead + "：") + body if lead else body)
        if c is not None and c.sign < 0:
            f2.takeaways.append("技术全球化：“走出去”程度还不高。")
    out.append(f2)

    # 3 the newest batch
    nb = summary.get("newest_batch") or {}
    if nb.get("earlier"):
        f3 = Finding(3, f"{batch_name(nb['batch'])}{GIANT}企业的特色")
        for i, para in enumerate(ch3_newest(summary, bm)):
            if para.lead:       # the finding, then its first supporting clause from the chapter (the earlier batches in brackets)
                first = para.text.split("。")[0].split("；")[0] if i < 2 and para.text else ""
                f3.items.append(para.lead.rstrip("。") + ("：" + first + "。" if first else "。"))
        new, old = nb["newest"], nb["earlier"]
        size = cmp_word(new.get("employees_mean"), old.get("employees_mean"), "规模更大", "规模更小", "规模相当",
                        fmt=num(0), near=NEAR)
        g_new, g_old = get(new, "applications_growth", "rate"), get(old, "applications_growth", "rate")
        speed = _measure_sign(g_new, g_old, "pct")
        if size == "规模更小" and speed == 1:
            f3.takeaways.append("新入选企业规模更小、成长更快。")
        elif size == "规模更大" and speed == -1:
            f3.takeaways.append("新入选企业规模更大、增长较慢。")
        out.append(f3)

    # 4 industries
    f4 = Finding(len(out) + 1, f"{GIANT_FULL}企业的行业科创格局")
    dist = ch3_distribution(summary, bm)
    focus, a_focus = summary.get("focus_share"), summary.get("ashare_focus_share")
    if ok(focus):
        c = compare(focus, a_focus, fmt_pct)
        f4.items.append(tidy(f"{cheng(focus)}{GIANT}集中在十大重点产业领域：")
                        + sentence(f"合计占 {fmt_pct(focus)}",
                                   f"{c.word('高于', '低于', '持平于')} A 股上市企业的 {c.b.text}" if c is not None else None))
    ind = _industries(summary)
    top, tied = _top_by_count(ind)
    if top:
        f4.items.append(sentence(f"按企业数量，{'位居前列' if tied else '位居前' + cn_number(len(top))}的是"
                                 + join_cn([f"{k}（{fmt_pct(ind[k].get('share'))}）" for k in top])))
    if len(dist) > 1 and dist[1].lead:
        f4.items.append(dist[1].lead)
    for para in ch3_scale(summary):
        if para.lead:
            f4.items.append(para.lead)
    vs_listed = ch3_scale_vs_listed(summary, short=True)
    if vs_listed:
        f4.items.append(vs_listed)
    focus, a_focus = summary.get("focus_share"), summary.get("ashare_focus_share")
    if ok(focus) and show(focus, fmt_pct).value >= 50:
        c = compare(focus, a_focus, fmt_pct)
        f4.takeaways.append("深度聚焦十大重点产业领域" + ("，占比高于 A 股上市企业" if c is not None and c.sign > 0 else "") + "。")
    hard = [k for k, c in ((k, compare(v.get("share"), v.get("ashare_share"), fmt_pct))
                           for k, v in list(ind.items()) + list((summary.get("industry_groups") or {}).items()))
            if c is not None and c.sign > 0 and k in HARD_TECH]
    gap = "“硬科技”能力的领域差异明显" in vs_listed
    if hard or gap:
        f4.takeaways.append("，".join(w for w in ("体现“硬科技”特色" if hard else None,
                                                  "存在“硬科技”能力差异" if gap else None) if w) + "。")
    out.append(f4)

    # 5 regions
    f5 = Finding(len(out) + 1, f"{GIANT_FULL}企业的区域科创版图")
    for level in ("province", "city", "district"):
        c = get(summary, "cr10", level) or {}
        names = _top10_names(summary, level)
        if names and ok(c.get("cr10")) and (c.get("regions") or 0) > 10:
            f5.items.append(sentence(f"数量{top_n(len(names))}的{LEVEL_NAMES[level]}依次为{in_order(c, names, LEVEL_NAMES[level])}",
                                     f"集中度 CR10 为 {fmt_pct(c['cr10'])}"))
        elif names and len(names) == c.get("regions"):     # ten or fewer: all of them, no CR10 (it is 100%)
            f5.items.append(sentence(f"{GIANT}分布于 {len(names)} 个{LEVEL_NAMES[level]}"
                                     + (f"（{names[0]}）" if len(names) == 1
                                        else f"，按企业数量依次为{in_order(c, names, LEVEL_NAMES[level])}")))
    if _concentration_rises(summary, ("province", "city", "district")):
        f5.takeaways.append("省、市、区县三级层层集聚，头部地区集中效应明显。")
    for para in ch4_bubble(summary):
        if para.lead:
            f5.items.append(para.lead)
    dense = dense_provinces(summary)
    if dense:
        f5.items.append(sentence(f"从技术密集度看，{join_cn([short_province(k) for k, _ in dense])}突出：发明专利密度"
                                 + ("分别为" if len(dense) > 1 else "为")
                                 + "、".join(f"{c.a.text} 件/千人" for _, c in dense)
                                 + f"，{'分别' if len(dense) > 1 else ''}约为全国水平（{dense[0][1].b.text} 件/千人）的 "
                                 + "和 ".join(f"{times_text(c.ratio)} 倍" for _, c in dense)))
    # the takeaway names provinces with a meaningful number of companies (≥ 1% of all), when there are any
    big_enough = max(1, int(0.01 * (summary.get("companies") or 0)))
    classes = province_classes(summary, big_enough)
    if not (classes["小而精"] or classes["大而强"]):
        classes = province_classes(summary)
    if classes["小而精"] or classes["大而强"]:
        parts = []
        if classes["大而强"]:
            best = max(classes["大而强"], key=lambda k: summary["provinces"][k]["valid_inventions_mean"])
            parts.append(f"{short_province(best)}的“小巨人”大而强")
        if classes["小而精"]:
            sel = sorted(classes["小而精"], key=lambda k: -summary["provinces"][k]["valid_inventions_mean"])[:2]
            parts.append(f"{join_cn([short_province(k) for k in sel])}的“小巨人”小而精")
        f5.takeaways.append("；".join(parts) + "。")
    out.append(f5)
    kept = [f for f in out if f.items]          # a block the data says nothing about (no patents) goes,
    for number, f in enumerate(kept, start=1):  # and the others are numbered 1, 2, 3 … without a gap
        f.number = number
    return kept


