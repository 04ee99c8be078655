"""Chapter 1 (企业概况): scale, size, national comparison, financing and listing."""
from __future__ import annotations
from ..stats.measures import batch_keys
from ..words import (GIANT, GIANT_FULL, batch_name, cheng, cn_count, cn_date, compare, count, earlier_name, extremes,
                     fmt_int, fmt_num, fmt_pct, join_cn, monotone, num, ok, show, times_text)
from .phrases import Para, _by_batch, _pairs, batch_range_pp, batch_range_rel, get, newest_info, ratio, sentence

# ================================================================ chapter 1


def ch1_scale(summary: dict) -> list[Para]:
    n = summary.get("companies")
    batches = summary.get("batches") or {}
    keys = batch_keys(summary)
    out = []
    lead = sentence(f"截至{cn_date(summary.get('as_of'))}，本报告分析的{GIANT_FULL}企业共 {count(n)}"
                    + (f"，来自{cn_count(len(keys))}个批次" if len(keys) > 1 else ""))
    parts = [f"{batch_name(b)} {count(batches[b])}" for b in keys]
    body = sentence(f"分批次看，{'、'.join(parts)}" if len(parts) > 1 else None)
    if len(keys) > 1:
        ends = extremes({b: batches[b] for b in keys}, fmt_int)
        largest = ends[0] if ends else []
        share = fmt_pct(ratio(batches[largest[0]], n)) if largest else ""
        body += sentence((f"{batch_name(largest[0])}规模最大，占全部企业的 {share}" if len(largest) == 1 else
                          f"{join_cn([batch_name(b) for b in largest])}并列规模最大，各占全部企业的 {share}")
                         if largest else "各批次企业数量相同",
                         "入选数量逐批增加" if monotone([batches[b] for b in keys], fmt_int) > 0 else None)
    rec = summary.get("recognition")
    if rec:
        by = rec.get("recognised_by_batch") or {}
        body += sentence(f"据工信部公布的认定结果，名单中实际通过培育认定的为 {count(rec['recognised'])}"
                         + (f"（{'、'.join(f'{batch_name(b)} {count(v)}' for b, v in by.items())}）" if len(by) > 1 else ""),
                         f"本报告按公示名单的 {count(rec['listed'])}分析，比实际认定多 {count(rec['listed'] - rec['recognised'])}"
                         if rec["listed"] != rec["recognised"] else None)
    target = target_clause(summary)
    if target:
        body += sentence(("以实际认定数计，" if rec else "以名单企业数计（数据中没有实际认定数），") + target)
    out.append(Para(lead, body))
    return out


def ch1_size(summary: dict) -> list[Para]:
    emp, age = summary.get("employees_mean"), summary.get("founded_years_median")
    if not ok(emp) and not ok(age):
        return []
    lead = sentence(f"{GIANT}整体上是具有一定经营积淀的中小企业",
                    f"平均参保员工 {fmt_num(emp, 0)} 人" if ok(emp) else None,
                    f"成立年限的中位数为 {fmt_num(age, 0)} 年" if ok(age) else None)
    body = ""
    new, olds = newest_info(summary)
    clauses = []
    if new is not None:
        e_new = _by_batch(summary, "employees_mean", [new])[0]
        if ok(e_new):
            cmp = batch_range_rel(e_new, _pairs(summary, "employees_mean", olds), earlier_name(new, summary), "多", "少",
                                  fmt=num(0), unit=" 人")
            clauses.append(f"{batch_name(new)}企业平均员工 {fmt_num(e_new, 0)} 人" + (f"，{cmp}" if cmp else ""))
        a_new = _by_batch(summary, "founded_years_median", [new])[0]
        first_age = _by_batch(summary, "founded_years_median", [olds[0]])[0]
        if ok(a_new):
            # one decimal, as figure 1.2 prints the medians (13.0, 18.5 年); the difference is of those
            age_clause = f"成立年限中位数为 {fmt_num(a_new, 1)} 年"
            c = compare(a_new, first_age, num(1))
            if c is not None:
                age_clause += (f"，比{batch_name(olds[0])}（{c.b.text} 年）" + c.word("长", "短", "") + f" {c.diff_text(' 年')}"
                               if c.sign else f"，与{batch_name(olds[0])}相同")
            clauses.append(age_clause)
    if clauses:
        body = sentence(*clauses, sep="；")
    return [Para(lead, body)]


def _pct2(x) -> str:
    """A share as every share is printed (one decimal, docs/style.md §5); kept for the callers' names."""
    return fmt_pct(x)


def national_multiples(summary: dict) -> dict | None:
    """The national shares as printed (companies, employment, granted inventions) and the multiples
    "户均为全国企业的约 N 倍" (the exact ratio of the means, as figure 1.3 draws it; None without the companies share)."""
    nat = summary.get("national") or {}
    cs = show(nat.get("companies_share"), fmt_pct)
    if cs is None:
        return None
    out = {"companies": cs.text, "employment": None, "grants": None, "employment_times": None, "grants_times": None,
           "employment_ratio": None, "grants_ratio": None}
    exact = {"employment": nat.get("employment_ratio"), "grants": nat.get("granted_inventions_ratio")}
    for key, share, fmt in (("employment", "employment_share", fmt_pct), ("grants", "granted_inventions_share", _pct2)):
        c = compare(nat.get(share), nat.get("companies_share"), fmt, fmt_pct)
        if c is not None and c.ratio:
            # shares as small as 0.000080% keep too few digits to divide: the multiple is the exact ratio of
            # the means (the one figure 1.3 draws), said to one decimal
            ratio = exact[key] if ok(exact[key]) else c.ratio
            out[key], out[f"{key}_times"], out[f"{key}_ratio"] = c.a.text, times_text(ratio), ratio
    return out


def ch1_national(summary: dict, benchmarks: dict) -> list[Para]:
    nat = summary.get("national") or {}
    m = national_multiples(summary)
    if m is None:
        return []
    # the share of employment over the share of companies is the mean per company over the national mean:
    # the multiple is said of the means (a company's staff and patents), never of a share
    lead_clauses = [f"{GIANT}企业数量仅占全国企业的 {m['companies']}"]
    if m["employment_times"] and m["grants_times"]:
        lead_clauses.append(f"但平均每家的就业人数约为全国企业平均的 {m['employment_times']} 倍，"
                            f"发明专利更达到约 {m['grants_times']} 倍"
                            if m["employment_ratio"] > 1 and m["grants_ratio"] > m["employment_ratio"] else
                            f"平均每家的就业人数和发明专利分别约为全国企业平均的 {m['employment_times']} 倍和 {m['grants_times']} 倍")
    lead = sentence(*lead_clauses)
    clauses = []
    total_nat = get(benchmarks, "national", "companies")
    if ok(total_nat):
        clauses.append(f"以全国约 {fmt_num(float(total_nat) / 1e4, 0)} 万户企业法人单位计，{count(summary.get('companies'))}{GIANT}只占 {m['companies']}")
    emp_total, grants_total = nat.get("employees_total") or 0, nat.get("granted_inventions_total") or 0
    if m["employment"]:
        people = f"约 {fmt_num(emp_total / 1e4, 1)} 万人" if emp_total >= 1e4 else f"{fmt_int(emp_total)} 人"
        clauses.append(f"其参保员工合计{people}，占全国企业就业人数的 {m['employment']}")
    if m["grants"]:
        grants = f"约 {fmt_num(grants_total / 1e4, 2)} 万件" if grants_total >= 1e4 else f" {fmt_int(grants_total)} 件"
        clauses.append(f"累计获授权发明专利{grants}，占全国企业有效发明专利总量的 {m['grants']}")
    body = sentence(*clauses, sep="；")
    if m["grants_ratio"] and m["grants_ratio"] > 1:
        body += sentence("数量少而技术贡献高，体现出这一群体在细分领域的技术积累")
    return [Para(lead, body)]


def _names(keys) -> str:
    return join_cn([batch_name(b) for b in keys])


def ch1_financing(summary: dict) -> list[Para]:
    ls, fs = summary.get("listed_share"), summary.get("financed_share")
    if not ok(ls) and not ok(fs):
        return []
    c = compare(fs, ls, fmt_pct)
    main = (c.word("一级市场融资", "上市", "上市和一级市场融资并重") if c is not None
            else ("一级市场融资" if ok(fs) else "上市"))
    lead = sentence(f"{GIANT}的资本市场参与以{main}为主" if not main.endswith("并重") else f"{GIANT}的资本市场参与{main}",
                    f"获得过一级市场融资的企业{cheng(fs)}" if ok(fs) else None,
                    f"上市企业{cheng(ls)}" if ok(ls) else None)
    body = sentence(f"全部 {count(summary.get('companies'))}中，已上市 {count(summary.get('listed_count'))}，占 {fmt_pct(ls)}" if ok(ls) else None,
                    f"有一级市场融资记录的 {count(summary.get('financed_count'))}，占 {fmt_pct(fs)}" if ok(fs) else None)
    new, olds = newest_info(summary)
    if new is not None:
        keys = [*olds, new]
        listed = dict(zip(keys, _by_batch(summary, "listed_share", keys)))
        lowest = False
        clauses = []
        if ok(listed[new]):
            clause = f"{batch_name(new)}上市企业占比为 {fmt_pct(listed[new])}"
            ends = extremes(listed, fmt_pct)
            if ends:
                top, bottom = ends
                if new in bottom:
                    lowest = True
                    clause += ("，为各批次最低" if bottom == [new] else
                               f"，与{_names([b for b in bottom if b != new])}并列各批次最低")
                    clause += f"，{_names(top)}最高（{fmt_pct(listed[top[0]])}）"
                elif new in top:
                    clause += ("，为各批次最高" if top == [new] else
                               f"，与{_names([b for b in top if b != new])}并列各批次最高")
            clauses.append(clause)
        f_new = _by_batch(summary, "financed_share", [new])[0]
        f_cmp = batch_range_pp(f_new, _pairs(summary, "financed_share", olds), earlier_name(new, summary))
        if ok(f_new):
            clauses.append(f"一级市场融资企业占比为 {fmt_pct(f_new)}" + (f"，{f_cmp}" if f_cmp else ""))
        body += sentence(*clauses, sep="；")
        if lowest:
            body += sentence("较新入选的企业上市时间尚短，未来进入证券市场的空间较大")
    return [Para(lead, body)]


A_SHARE_BOARDS = ("主板", "创业板", "科创板", "北交所")


#: A board on which little giants are at least this share of the listed firms counts as 深度参与
#: (docs/metrics.md §10); compared with the printed share (20.0%).
DEEP_BOARD_SHARE = 0.20


def ch1_boards(summary: dict) -> list[Para]:
    boards = summary.get("boards") or {}
    if not boards:
        return []
    a_counts = {b: get(boards, b, "count") or 0 for b in A_SHARE_BOARDS}
    a_total = sum(a_counts.values())
    abroad_counts = {b: get(boards, b, "count") or 0 for b in ("港交所", "新交所")}
    ends = extremes(a_counts, fmt_int) if a_total else None
    top = ends[0] if ends else []
    listed = summary.get("listed_count")
    mostly_a = a_total > sum(abroad_counts.values())
    lead = sentence(f"已上市的 {count(listed)}" + ("以 A 股为主" if mostly_a else "中")
                    + (f"，其中{join_cn(top)}数量最多" if len(top) == 1 else
                       (f"，其中{join_cn(top)}数量并列最多" if top else ""))
                    if ok(listed) else None)
    clauses = []
    if a_total:
        clauses.append(f"A 股各板块合计 {count(a_total, '家次')}（" + "、".join(f"{b} {count(a_counts[b])}" for b in A_SHARE_BOARDS) + "）")
    abroad = [f"{b} {count(n)}" for b, n in abroad_counts.items() if n]
    if abroad:
        clauses.append("境外上市的有" + "、".join(abroad))
    body = sentence(*clauses, sep="；")
    neeq = boards.get("新三板") or {}
    if neeq.get("count"):
        body += sentence(f"另有 {count(neeq['count'])}在新三板挂牌，占全部企业的 {fmt_pct(neeq.get('share'))}",
                         "是潜在的上市后备力量")
    body += sentence("同一企业在多个市场上市或挂牌时分别计入")
    return [Para(lead, body)]


def board_shares(summary: dict) -> dict[str, float]:
    """Share of each board's listed firms that are little giants (boards with a size in the benchmarks)."""
    return {b: s["giant_share_of_board"] for b, s in (summary.get("boards") or {}).items()
            if isinstance(s, dict) and ok(s.get("giant_share_of_board")) and s.get("board_size")}


def deep_boards(summary: dict) -> list[str]:
    """Boards where little giants are at least DEEP_BOARD_SHARE of the listed firms (printed shares),
    largest share first."""
    shares = board_shares(summary)
    limit = show(DEEP_BOARD_SHARE, fmt_pct).value
    deep = [b for b, v in shares.items() if show(v, fmt_pct).value >= limit]
    return sorted(deep, key=lambda b: -show(shares[b], fmt_pct).value)


def ch1_board_contribution(summary: dict) -> list[Para]:
    boards = {b: s for b, s in (summary.get("boards") or {}).items()
              if ok(s.get("giant_share_of_board")) and s.get("board_size")}
    if not boards:
        return []
    shares = board_shares(summary)
    ends = extremes(shares, fmt_pct)
    best = ends[0] if ends else []
    deep = deep_boards(summary)
    best_text = (f"{join_cn(best)}" + ("" if len(best) == 1 else "并列") + f"最高，达到 {fmt_pct(shares[best[0]])}") if best else None
    if deep:
        lead = sentence(f"{GIANT}深度参与{join_cn(deep)}：在{'这些板块' if len(deep) > 1 else '该板块'}的上市企业中，"
                        f"“小巨人”占 {fmt_pct(DEEP_BOARD_SHARE, 0)} 以上（每五家至少一家）",
                        f"其中{best_text}" if best_text else None)
    else:
        lead = sentence(f"在 A 股各板块的上市企业中，{GIANT}占比{best_text}" if best_text else
                        f"{GIANT}在 A 股各板块上市企业中的占比相同，均为 {fmt_pct(next(iter(shares.values())))}")
    clauses = [f"{b}共 {count(s['board_size'])}上市企业，其中{GIANT}占 {fmt_pct(s['giant_share_of_board'])}"
               for b, s in boards.items()]
    body = sentence(*clauses, sep="；")
    if "北交所" in boards:
        body += sentence(f"北交所以服务创新型中小企业为定位，随着新三板挂牌的{GIANT}陆续转板，这一比例仍有上升空间")
    return [Para(lead, body)]





#: "已接近完成" the 十四五 target when the counted companies reach this share of it (printed percent).
NEAR_TARGET = 0.85
#: "整体资本市场参与度不高" when the printed listed share is below this.
LOW_LISTED = 0.10


def _target_text(target: int) -> str:
    """10000 → "1 万家"; other targets as counts."""
    return f"{fmt_num(target / 1e4, 0)} 万家" if target % 10000 == 0 else count(target)


def target_clause(summary: dict) -> str | None:
    """The counted companies against the 十四五 target (summary["policy_target"]): "已接近完成…（达到 90.0%）"."""
    tgt = summary.get("policy_target")
    share = show((tgt or {}).get("share"), fmt_pct)
    if not tgt or share is None:
        return None
    goal = f"“十四五”规划提出的培育 {_target_text(tgt['target'])}专精特新“小巨人”企业的目标"
    if share.value >= 100:
        return f"已完成{goal}（达到 {share.text}）"
    if share.value >= show(NEAR_TARGET, fmt_pct).value:
        return f"已接近完成{goal}（达到 {share.text}）"
    return f"相当于{goal}的 {share.text}"


