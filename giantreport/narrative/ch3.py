"""Chapter 3 (产业领域): distribution, batches, scale against listed firms, stars, the newest batch."""
from __future__ import annotations
from ..words import batch_name, cheng, cheng_span, cn_count, cn_number, compare, count, earlier_name, extremes, fmt_num, fmt_pct, GIANT, join_cn, mean, monotone, num, ok, show
from ..stats.measures import batch_keys
from .phrases import Para, _than, cmp_word, get, higher_lower, sentence, short_province

# ================================================================ chapter 3


def _industries(summary: dict, key_only: bool = True) -> dict:
    ind = summary.get("industries") or {}
    return {k: v for k, v in ind.items() if not (key_only and k == "其他")}


#: Thresholds of the chapter-3 and 摘要 wording (docs/metrics.md §10), applied to printed values.
NEAR = 0.03            # two amounts within 3% of the larger read "相当" (规模相当, 技术影响力相当)
NEAR_PP = 0.5          # two shares within 0.5 percentage points read "相当"
SHIFT_PP = 0.5         # an industry's share moved by at least this between batches is named
FOCUS_SHIFT_PP = 1.0   # … and by at least this, "格外增加侧重" in the newest batch's lead
CLOSE_TO_LISTED = 0.6  # an industry whose giants reach ≥ 60% of listed firms' mean valid inventions is "接近"
GAP_PP = 30.0          # ratios to listed firms spread over ≥ 30 percentage points: a marked "硬科技" gap
HARD_TECH = ("高端装备制造", "新材料", "高端机械装备")


def _top_by_count(ind: dict, n: int = 3) -> tuple[list[str], bool]:
    """The `n` industries with most companies (more when the next ties the last); True when ties widened it."""
    ranked = sorted([k for k in ind if ind[k].get("companies")], key=lambda k: -ind[k]["companies"])
    top = ranked[:n]
    while len(top) < len(ranked) and top and ind[ranked[len(top)]]["companies"] == ind[top[-1]]["companies"]:
        top.append(ranked[len(top)])
    return top, len(top) > n


def ch3_distribution(summary: dict, benchmarks: dict) -> list[Para]:
    focus = summary.get("focus_share")
    ind = _industries(summary)
    if not ind:
        return []
    top, tied = _top_by_count(ind)
    top3 = [f"{k}（{count(ind[k]['companies'])}）" for k in top]
    a_focus = summary.get("ashare_focus_share")
    lead = sentence(f"十大重点产业领域的企业合计占全部{GIANT}的 {fmt_pct(focus)}（{cheng(focus)}）" if ok(focus) else None,
                    f"{higher_lower(focus, a_focus)} A 股上市企业的 {fmt_pct(a_focus)}" if ok(a_focus) and ok(focus) else None)
    body = sentence(f"按企业数量排序，{'位居前列' if tied else '位居前' + cn_number(len(top))}的是{join_cn(top3)}" if top3 else None)
    body += sentence("其中“高端机械装备”合并了电力装备、农机装备、高档数控机床和机器人三个重点领域")
    out = [Para(lead, body)]
    # against A-share: individual industries and groups with a benchmark share
    rows = [(k, compare(v.get("share"), v.get("ashare_share"), fmt_pct)) for k, v in ind.items()]
    rows += [(k, compare(v.get("share"), v.get("ashare_share"), fmt_pct))
             for k, v in (summary.get("industry_groups") or {}).items()]
    rows = [(k, c) for k, c in rows if c is not None]
    if rows:
        up = sorted([r for r in rows if r[1].sign > 0], key=lambda r: -r[1].diff)
        down = sorted([r for r in rows if r[1].sign < 0], key=lambda r: r[1].diff)
        same = [r for r in rows if r[1].sign == 0]
        lead2 = None
        if up:
            named = up[:2]
            lead2 = sentence(f"与 A 股上市企业的行业结构相比，{GIANT}在{join_cn([k for k, _ in named])}领域的企业占比更高",
                             ("分别高出 " + "和 ".join(c.diff_text() for _, c in named)) if len(named) > 1
                             else f"高出 {named[0][1].diff_text()}")
        clauses = [f"{k}占 {c.a.text}，比 A 股上市企业（{c.b.text}）{c.pp()}" for k, c in up + down]
        clauses += [f"{k}占 {c.a.text}，与 A 股上市企业持平" for k, c in same]
        body2 = sentence(*clauses, sep="；")
        if up and any(k in HARD_TECH for k, _ in up[:2]):
            body2 += sentence("“硬科技”制造类领域得到更集中的培育")
        out.append(Para(lead2, body2))
    return out


def ch3_by_batch(summary: dict) -> list[Para]:
    fb = summary.get("focus_share_by_batch") or {}
    keys = [k for k in batch_keys(summary) if ok(fb.get(k))]
    if len(keys) < 2:
        return []
    values = [fb[k] for k in keys]
    trend = monotone(values, fmt_pct)
    if trend > 0:
        text = f"重点领域覆盖率逐批提高，由{batch_name(keys[0])}的 {fmt_pct(values[0])}升至{batch_name(keys[-1])}的 {fmt_pct(values[-1])}"
    elif trend < 0:
        text = f"重点领域覆盖率逐批下降，由{batch_name(keys[0])}的 {fmt_pct(values[0])}降至{batch_name(keys[-1])}的 {fmt_pct(values[-1])}"
    elif fmt_pct(min(values)) == fmt_pct(max(values)):
        text = f"各批次中重点领域企业的占比均为 {fmt_pct(values[0])}"
    else:
        text = f"各批次中重点领域企业的占比在 {fmt_pct(min(values))}～{fmt_pct(max(values))} 之间，{batch_name(keys[-1])}为 {fmt_pct(values[-1])}"
    lead = sentence(text)
    body = ""
    ups, downs = industry_shifts(summary)
    new = get(summary, "newest_batch", "batch")
    if ups or downs:
        ename = earlier_name(new, summary)
        clauses = [f"{n}占 {c.a.text}，比{ename}合计（{c.b.text}）高出 {c.diff_text()}" for n, c in ups[:2]]
        clauses += [f"{n}占 {c.a.text}，比{ename}合计（{c.b.text}）低 {c.diff_text()}" for n, c in downs[:2]]
        body = sentence(f"细分领域看，{batch_name(new)}中" + "；".join(clauses), sep="；")
    return [Para(lead, body)]


def industry_shifts(summary: dict, at_least: float = SHIFT_PP) -> tuple[list, list]:
    """Key industries whose share of the newest batch differs from that of the earlier batches together
    by at least `at_least` percentage points (printed shares): (rises, falls) as (name, Comparison), largest first."""
    nb = summary.get("newest_batch") or {}
    new, old = get(nb, "newest", "industry_shares") or {}, get(nb, "earlier", "industry_shares") or {}
    changes = [(name, compare(new.get(name), old.get(name), fmt_pct)) for name in new if name != "其他"]
    changes = [(n, c) for n, c in changes if c is not None and abs(c.diff) >= at_least]
    ups = sorted([x for x in changes if x[1].sign > 0], key=lambda x: -x[1].diff)
    downs = sorted([x for x in changes if x[1].sign < 0], key=lambda x: x[1].diff)
    return ups, downs


def _scale_rated(summary: dict) -> dict[str, float]:
    return {k: v["ratio_to_ashare"] for k, v in _industries(summary).items() if ok(v.get("ratio_to_ashare"))}


def close_to_listed(summary: dict) -> list[str]:
    """Key industries whose giants' mean valid inventions reach CLOSE_TO_LISTED of listed firms' (printed %)."""
    rated = _scale_rated(summary)
    limit = show(CLOSE_TO_LISTED, fmt_pct).value
    close = [k for k, v in rated.items() if show(v, fmt_pct).value >= limit]
    return sorted(close, key=lambda k: -show(rated[k], fmt_pct).value)


def ch3_scale(summary: dict) -> list[Para]:
    ind = {k: v for k, v in _industries(summary).items() if ok(v.get("valid_inventions_mean"))}
    overall = summary.get("valid_inventions_mean")
    if not ind:
        return []
    # the industry means and the overall mean printed alike (two decimals), so "高于" can be checked
    above = sorted([k for k in ind if (c := compare(ind[k]["valid_inventions_mean"], overall, num(2))) is not None and c.sign > 0],
                   key=lambda k: -ind[k]["valid_inventions_mean"])
    if len(above) == 1:
        lead = sentence(f"只有{above[0]}领域企业的平均有效发明专利量（{fmt_num(ind[above[0]]['valid_inventions_mean'])} 件/家）"
                        f"高于全部{GIANT}的均值（{mean(overall)}）")
    elif above:
        lead = sentence(f"{cn_count(len(above))}个重点领域企业的平均有效发明专利量高于全部{GIANT}的均值（{mean(overall)}）")
    else:
        lead = sentence(f"各重点领域企业的平均有效发明专利量均未超过全部{GIANT}的均值（{mean(overall)}）")
    body = sentence(("分别为" + "、".join(f"{k} {fmt_num(ind[k]['valid_inventions_mean'])} 件/家" for k in above)) if len(above) > 1 else None)
    body += ch3_scale_vs_listed(summary)
    return [Para(lead, body)]


def ch3_scale_vs_listed(summary: dict, short: bool = False) -> str:
    """The industries' mean valid inventions against listed firms of the same industry (fig 3.3's last column):
    which come close (≥ CLOSE_TO_LISTED), and how far apart the industries are (GAP_PP)."""
    rated = _scale_rated(summary)
    if not rated:
        return ""
    pct = {k: show(v, fmt_pct) for k, v in rated.items()}
    close = close_to_listed(summary)
    ordered = sorted(rated, key=lambda k: -pct[k].value)
    rest = [k for k in ordered if k not in close]
    clauses = []
    if close:
        span = cheng_span([rated[k] for k in close])
        clauses.append(f"与同领域 A 股上市企业相比，{join_cn(close)}领域{GIANT}的技术规模最接近上市企业水平，"
                       f"平均有效发明专利量{'分别' if len(close) > 1 else ''}达到后者的 {'和 '.join(pct[k].text for k in close)}"
                       + (f"（约{span}）" if span else ""))
    else:
        ends = extremes(rated, fmt_pct)
        best = ends[0] if ends else ordered[:1]
        clauses.append(f"与同领域 A 股上市企业相比，{join_cn(best)}的差距最小，平均有效发明专利量相当于后者的 {pct[best[0]].text}")
    if rest and (close or len(rest) > 1):
        lo, hi = pct[rest[-1]].text, pct[rest[0]].text
        worst = [k for k in rest if pct[k].value == pct[rest[-1]].value]
        clauses.append(("其余领域" if close else "各领域") + (f"在 {lo}～{hi} 之间" if lo != hi else f"均为 {lo}")
                       + (f"，{join_cn(worst)}差距最大" + ("（并列）" if len(worst) > 1 else "")
                          if not short and pct[rest[-1]].value < pct[ordered[0]].value else ""))
    text = sentence(*clauses, sep="；")
    spread = pct[ordered[0]].value - pct[ordered[-1]].value
    if len(ordered) > 2 and spread >= GAP_PP:
        text += sentence(f"各领域之间相差 {fmt_num(spread, 1)} 个百分点，“硬科技”能力的领域差异明显")
    return text


def ch3_stars_intro(weights: dict[str, float] | None, count_per: int | None, metrics: str | None = "A") -> str:
    """The star companies in one sentence; the scoring method is described once, in the metrics appendix
    (its letter `metrics`; None: the report leaves it out, and the reference goes with it)."""
    see = f"（得分的计算方法见附录 {metrics}）" if metrics else ""
    return sentence(f"在八个重点产业领域内，按技术体量、技术质量、技术影响力和技术全球化四个维度的综合得分，"
                    f"每个领域选出得分最高的 {count_per or 10} 家列为明星企业{see}")


def ch3_stars_summary(star_rows: list[dict]) -> str:
    """star_rows: [{"province": …}, …] over all star tables."""
    if not star_rows:
        return ""
    provinces: dict[str, int] = {}
    for r in star_rows:
        if r.get("province"):
            provinces[r["province"]] = provinces.get(r["province"], 0) + 1
    ranked = sorted(provinces, key=lambda p: (-provinces[p], p))
    return sentence(f"{len(star_rows)} 家明星企业分布在 {len(provinces)} 个省份",
                    "数量较多的是" + "、".join(f"{short_province(p)}（{provinces[p]} 家）" for p in ranked[:3]) if ranked else None)


def _measure_sign(a, b, kind: str) -> int | None:
    """+1 / -1 / 0 for a against b as printed: amounts within NEAR (relative) and shares within NEAR_PP
    (percentage points) count as 0 ("相当")."""
    if kind == "pct":
        c = compare(a, b, fmt_pct)
        if c is None:
            return None
        return 0 if abs(c.diff) <= NEAR_PP else c.sign
    c = compare(a, b, num(0) if kind == "int" else num(2))
    if c is None:
        return None
    scale = max(abs(c.a.value), abs(c.b.value)) or 1.0
    return 0 if abs(c.a.value - c.b.value) / scale <= NEAR else c.sign


#: The dimensions of the newest batch's lead: (measures (key, label, kind, more, less), words more/less/same).
_NEWEST_DIMENSIONS = (
    ((("applications_mean", "累计专利申请量", "num", "更多", "更少"),
      ("valid_inventions_mean", "有效发明专利量", "num", "更多", "更少")), ("技术规模更大", "技术规模更小", "技术规模相当")),
    ((("applications_growth.rate", "专利申请增速", "pct", "更快", "更慢"),), ("增长更快", "增长较慢", "增速相近")),
    ((("invention_density_per_1000", "发明专利密度", "num", "更高", "更低"),
      ("invention_application_share", "发明专利申请占比", "pct", "更高", "更低"),
      ("invention_grant_rate", "发明专利授权率", "pct", "更高", "更低")), ("技术质量更高", "技术质量略低", "技术质量相当")),
    ((("citations_mean", "平均被引用次数", "num", "更多", "更少"),), ("技术影响力更强", "技术影响力尚待积累", "技术影响力相当")),
    ((("pct_mean", "平均 PCT 申请量", "num", "更多", "更少"),
      ("pct_share", "PCT 申请占比", "pct", "更高", "更低")), ("全球化程度更深", "全球化程度较低", "全球化程度相当")),
)


def newest_dimensions(new: dict, old: dict) -> list[tuple[str, int | None]]:
    """One phrase per dimension with the data for it, and its direction (+1 / -1 / 0; None = measures disagree):
    a dimension word when all its measures agree (within NEAR / NEAR_PP: 相当), else each measure named."""
    out = []
    for measures, (more, less, same) in _NEWEST_DIMENSIONS:
        signs = []
        for key, label, kind, m_more, m_less in measures:
            path = key.split(".")
            sign = _measure_sign(get(new, *path), get(old, *path), kind)
            if sign is not None:
                signs.append((label, sign, m_more, m_less))
        if not signs:
            continue
        values = {s for _, s, _, _ in signs}
        if len(values) == 1:
            v = values.pop()
            out.append((more if v > 0 else less if v < 0 else same, v))
        else:
            out.append(("、".join(f"{label}{m_more if s > 0 else m_less if s < 0 else '相当'}"
                                  for label, s, m_more, m_less in signs), None))
    return out



def ch3_newest(summary: dict, benchmarks: dict) -> list[Para]:
    nb = summary.get("newest_batch") or {}
    new, old = nb.get("newest") or {}, nb.get("earlier")
    if not old:
        return []
    b = nb.get("batch")
    name, ename = batch_name(b), earlier_name(b, summary)
    out = []
    # size and age
    e_new, e_old = new.get("employees_mean"), old.get("employees_mean")
    a_new, a_old = new.get("founded_years_median"), old.get("founded_years_median")
    size = cmp_word(e_new, e_old, "规模更大", "规模更小", "规模相当", fmt=num(0), near=NEAR)
    age_c = compare(a_new, a_old, num(1))
    age = age_c.word("成立时间更早", "成立时间更晚", "成立时间相近") if age_c is not None else None
    lead = sentence(f"与{ename}相比，{name}企业" + "、".join(w for w in (size, age) if w)) if (size or age) else None
    e = compare(e_new, e_old, num(0))
    body = sentence(f"平均员工 {e.a.text} 人，比{ename}（{e.b.text} 人）{e.rel('多', '少', '持平')}" if e is not None and e.sign else
                    (f"平均员工 {e.a.text} 人，与{ename}持平" if e is not None else None),
                    f"成立年限中位数 {age_c.a.text} 年，{ename}为 {age_c.b.text} 年" if age_c is not None else None,
                    sep="；")
    listed = compare(new.get("listed_share"), old.get("listed_share"), fmt_pct)
    body += sentence(f"上市企业占比 {listed.a.text}，{_than(ename, listed)}" if listed is not None else None)
    if lead or body:
        out.append(Para(lead, body))
    # technology: four dimensions (and growth), each word from the measures printed after it
    dims = newest_dimensions(new, old)
    words = [w for w, _ in dims]
    if len(words) >= 2 and words[0] == "技术规模更小" and words[1] == "增长更快":
        words[:2] = ["技术规模更小但增长更快"]
    elif len(words) >= 2 and words[0] == "技术规模更大" and words[1] == "增长较慢":
        words[:2] = ["技术规模更大但增长较慢"]
    lead2 = sentence(f"科创能力上，{name}企业" + "，".join(words)) if words else None
    clauses = []
    for key, label, fmt, unit in (("applications_mean", "平均累计专利申请", num(2), " 件"),
                                  ("valid_inventions_mean", "平均有效发明专利", num(2), " 件"),
                                  ("applications_growth.rate", "专利申请增速", fmt_pct, ""),
                                  ("invention_density_per_1000", "发明专利密度", num(2), " 件/千人"),
                                  ("invention_application_share", "发明专利申请占比", fmt_pct, ""),
                                  ("invention_grant_rate", "发明专利授权率", fmt_pct, ""),
                                  ("citations_mean", "平均被引用", num(2), " 次"),
                                  ("pct_mean", "平均 PCT 申请", num(2), " 件"),
                                  ("pct_share", "PCT 申请占比", fmt_pct, "")):
        path = key.split(".")
        c = compare(get(new, *path), get(old, *path), fmt)
        if c is not None:
            clauses.append(f"{label} {c.a.text}{unit}（{ename} {c.b.text}{unit}）")
    if lead2 or clauses:
        out.append(Para(lead2, sentence(*clauses, sep="；")))
    # focus
    f = compare(new.get("focus_share"), old.get("focus_share"), fmt_pct)
    if f is not None:
        focus = (f"与{ename}同样集中于" if abs(f.diff) <= NEAR_PP else ("更加集中于" if f.sign > 0 else "较少集中于"))
        ups, _ = industry_shifts(summary, FOCUS_SHIFT_PP)
        ups = ups[:2]
        lead3 = sentence(f"行业上，{name}企业{focus}十大重点产业领域"
                         + (f"，并在{join_cn([n for n, _ in ups])}领域格外增加侧重" if ups else ""),
                         f"重点领域企业占比 {f.a.text}，{_than(ename, f)}")
        body3 = sentence(("、".join(f"{n}占 {c.a.text}（{ename}合计 {c.b.text}）" for n, c in ups)) if ups else None)
        out.append(Para(lead3, body3))
    return out


