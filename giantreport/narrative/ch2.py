"""Chapter 2 (科创能力): volume, growth, density, quality, influence and PCT."""
from __future__ import annotations
from ..words import batch_name, cheng, compare, count, earlier_name, extremes, fmt_num, fmt_pct, GIANT, join_cn, mean, num, ok, show
from .phrases import Para, _newest_vs, _than, get, higher_lower, newest_info, sentence, times_phrase

# ================================================================ chapter 2


def ch2_intro() -> str:
    return ("本章从专利数据出发，按技术体量、技术质量、技术影响力和技术全球化四个维度评价"
            f"{GIANT}的科创能力：技术体量看累计规模与近年增速；技术质量看单位员工的发明专利产出"
            "以及发明专利的申请占比与授权率；技术影响力看专利被引用、对外许可和转让的情况；"
            "技术全球化看通过《专利合作条约》（PCT）提交的国际专利申请。")


def _newest_clause(n, label: str, fmt) -> str | None:
    """"{label} {value}，{comparison with each earlier batch}" for a _newest_vs result."""
    if not n:
        return None
    return f"{label} {fmt(n[1])}" + (f"，{n[2]}" if n[2] else "")


def ch2_volume(summary: dict, benchmarks: dict) -> list[Para]:
    apps, valid = summary.get("applications_mean"), summary.get("valid_inventions_mean")
    if not ok(apps) and not ok(valid):
        return []
    lead = sentence(f"平均每家{GIANT}累计申请专利 {mean(apps)}，持有有效发明专利 {mean(valid)}")
    clauses = []
    nat_valid = get(benchmarks, "national", "valid_inventions_mean")
    t = times_phrase(valid, nat_valid, f"全国拥有有效发明专利企业的平均水平（{mean(nat_valid)}）")
    if t:
        clauses.append(f"有效发明专利量{t}")
    a_apps, a_valid = get(benchmarks, "ashare", "applications_mean"), get(benchmarks, "ashare", "valid_inventions_mean")
    ta, tv = times_phrase(apps, a_apps, "其"), times_phrase(valid, a_valid, "其")
    if ta and tv:
        clauses.append(f"A 股上市企业平均累计申请专利 {mean(a_apps)}、持有有效发明专利 {mean(a_valid)}，"
                       f"“小巨人”的累计申请量{ta}，有效发明专利量{tv}")
    body = sentence(*clauses, sep="；")
    a = _newest_vs(summary, "applications_mean", unit=" 件")
    v = _newest_vs(summary, "valid_inventions_mean", unit=" 件")
    if a or v:
        name = (a or v)[0]
        body += sentence(f"{name}企业" + (_newest_clause(a, "平均累计申请", mean) or ""),
                         _newest_clause(v, "有效发明专利" if a else "平均有效发明专利", mean), sep="；")
    return [Para(lead, body)]


def ch2_growth(summary: dict, benchmarks: dict) -> list[Para]:
    g = summary.get("applications_growth") or {}
    rate = g.get("rate")
    if not ok(rate):
        return []
    target = benchmarks.get("policy_growth_target") if isinstance(benchmarks, dict) else None
    shown_rate = show(rate, fmt_pct)
    move = "增长" if shown_rate.value > 0 else ("下降" if shown_rate.value < 0 else "持平")
    lead = sentence(f"{g.get('to_year')} 年平均每家企业公开的专利申请量同比{move}"
                    + (f" {fmt_pct(abs(rate))}" if shown_rate.value else ""),
                    (f"{higher_lower(rate, target, fmt_pct, _pct0)}“十四五”规划提出的中小企业专利申请量年均增长 {_pct0(target)} 的目标"
                     if ok(target) else None))
    body = sentence(f"平均专利申请量由 {g.get('from_year')} 年的 {mean(g.get('from_mean'))}变为 {g.get('to_year')} 年的 {mean(g.get('to_mean'))}"
                    if ok(g.get("from_mean")) and ok(g.get("to_mean")) else None)
    n = _newest_vs(summary, "applications_growth", inner="rate", kind="pp")
    if n:
        c = compare(n[1], target, fmt_pct, _pct0)
        body += sentence(f"{n[0]}企业的增速为 {fmt_pct(n[1])}", n[2],
                         f"比规划目标{c.pp()}" if c is not None and c.sign else None)
    body += sentence("由于专利申请公开存在约 18 个月的滞后，增速按公开年份计算，以保证年份之间可比")
    return [Para(lead, body)]


def _pct0(x) -> str:
    return fmt_pct(x, 0)


def ch2_density(summary: dict, benchmarks: dict) -> list[Para]:
    d = summary.get("invention_density_per_1000")
    if not ok(d):
        return []
    a = get(benchmarks, "ashare", "invention_density_per_1000")
    t = times_phrase(d, a, f"A 股上市企业（{fmt_num(a)} 件/千人）")
    lead = sentence(f"{GIANT}每千名员工持有有效发明专利 {fmt_num(d)} 件", t)
    body = ""
    c = compare(d, a, num(2))
    if t and c is not None and c.sign > 0:
        body += sentence("剔除企业规模的影响后，中小体量的“小巨人”技术密集程度明显更高，体现出“专业化、精细化”的特点")
    n = _newest_vs(summary, "invention_density_per_1000", unit=" 件/千人")
    if n:
        body += sentence(f"{n[0]}企业的发明专利密度为 {fmt_num(n[1])} 件/千人", n[2])
    return [Para(lead, body)]


def ch2_quality(summary: dict, benchmarks: dict) -> list[Para]:
    share, rate = summary.get("invention_application_share"), summary.get("invention_grant_rate")
    if not ok(share) and not ok(rate):
        return []
    a_share = get(benchmarks, "ashare", "invention_application_share")
    a_rate = get(benchmarks, "ashare", "invention_grant_rate")
    c1 = f"发明专利申请占全部申请的 {fmt_pct(share)}" if ok(share) else None
    if c1 and ok(a_share):
        c1 += "，" + _than(f"A 股上市企业（{fmt_pct(a_share)}）", compare(share, a_share, fmt_pct))
    c2 = f"发明专利授权率为 {fmt_pct(rate)}" if ok(rate) else None
    if c2 and ok(a_rate):
        c2 += f"，{higher_lower(rate, a_rate)} A 股上市企业的 {fmt_pct(a_rate)}"
    lead = sentence(c1, c2, sep="；")
    body = ""
    c = compare(rate, a_rate, fmt_pct)
    if c is not None and c.sign < 0:
        body += sentence("发明专利从申请到授权通常需要一年半以上，成立较晚、专利多处于审查阶段的企业授权率天然偏低，"
                         "随着在审申请陆续结案，这一差距有望收窄")
    n1 = _newest_vs(summary, "invention_application_share", kind="pp")
    n2 = _newest_vs(summary, "invention_grant_rate", kind="pp")
    clauses = []
    if n1:
        clauses.append(f"{n1[0]}企业" + _newest_clause(n1, "发明专利申请占比为", fmt_pct))
    if n2:
        clauses.append(("" if n1 else f"{n2[0]}企业") + _newest_clause(n2, "授权率为" if n1 else "发明专利授权率为", fmt_pct))
    body += sentence(*clauses, sep="；")
    return [Para(lead, body)]


def ch2_influence(summary: dict) -> list[Para]:
    c, l, t = summary.get("citations_mean"), summary.get("licenses_mean"), summary.get("transfers_mean")
    if not ok(c):
        return []
    parts = {"被引用": c, "对外许可": l, "对外转让": t}
    ends = extremes({k: v for k, v in parts.items() if ok(v)}, num(2))
    lead = sentence(f"平均每家{GIANT}的专利被引用 {fmt_num(c)} 次" +
                    (f"、对外许可 {fmt_num(l)} 次" if ok(l) else "") + (f"、对外转让 {fmt_num(t)} 次" if ok(t) else ""),
                    "被引用是其技术影响力最主要的体现" if ends and ends[0] == ["被引用"] else None)
    body = sentence("专利被其他企业和机构引用，说明其技术成为后续研发的基础；许可和转让则反映技术的直接商业化流动")
    new, olds = newest_info(summary)
    if new is not None:
        nb = get(summary, "newest_batch", "newest") or {}
        eb = get(summary, "newest_batch", "earlier") or {}
        # the three measures said once, grouped by the direction of their difference (not one bracket each)
        groups: dict[int, list] = {}
        for key, label in (("citations_mean", "被引用"), ("licenses_mean", "许可"), ("transfers_mean", "转让")):
            cmp = compare(nb.get(key), eb.get(key), num(2))
            if cmp is not None and cmp.rel_text() is not None:
                groups.setdefault(cmp.sign, []).append((label, cmp))
        clauses = []
        for sign in (-1, 1, 0):
            group = groups.get(sign) or []
            if not group:
                continue
            labels = join_cn([lab for lab, _ in group])
            mine = "、".join(f"{c.a.text} 次" for _, c in group)
            theirs = "、".join(f"{c.b.text} 次" for _, c in group)
            each = "分别" if len(group) > 1 else ""
            if sign == 0:
                clauses.append(f"{labels}与{earlier_name(new, summary)}持平（{mine}）")
            else:
                word = "高出" if sign > 0 else "低"
                clauses.append(f"{labels}{each}为 {mine}，比{earlier_name(new, summary)}的平均水平（{theirs}）{each}{word} "
                               + "、".join(c.rel_text() for _, c in group))
        if clauses:
            body += sentence(f"{batch_name(new)}企业的专利" + clauses[0], *clauses[1:], sep="；")
            cmp = compare(nb.get("citations_mean"), eb.get("citations_mean"), num(2))
            if cmp is not None and cmp.sign < 0:
                body += sentence("被引用需要时间积累，较新入选企业的技术影响力仍在形成之中")
    return [Para(lead, body)]


def ch2_pct(summary: dict, benchmarks: dict) -> list[Para]:
    m, s = summary.get("pct_mean"), summary.get("pct_share")
    if not ok(m):
        return []
    top = benchmarks.get("top500_pct_share") if isinstance(benchmarks, dict) else None
    # two shares: compared in percentage points, never as a multiple (docs/style.md §5)
    s_fmt = fmt_pct
    c = compare(s, top, s_fmt)
    t = (f"比中国专利规模前 500 家科技企业（{c.b.text}）{c.pp('高出', '低', '持平')}" if c is not None and c.sign
         else (f"与中国专利规模前 500 家科技企业（{c.b.text}）持平" if c is not None else None))
    level = c.word("较高", "整体不高", "与头部科技企业相当") if c is not None else None
    lead = sentence((f"{GIANT}的技术全球化程度{level}：" if level else "") + f"平均每家 PCT 专利申请 {mean(m)}，占全部专利申请的 {s_fmt(s)}",
                    t)
    out = [Para(lead, "")]
    counts, shares = summary.get("pct_buckets") or {}, summary.get("pct_bucket_shares") or {}
    if counts:
        labels = {"0": "没有 PCT 专利申请", "1-9": "有 1～9 件", "10-100": "有 10～100 件", ">100": "超过 100 件"}
        clauses = [f"{labels.get(k, k)}的 {count(v)}（{fmt_pct(shares.get(k))}）" for k, v in counts.items()]
        lead2 = sentence(f"从分布看，{cheng(shares.get('0'))}的企业尚无 PCT 专利申请" if ok(shares.get("0")) else None,
                         (f"超过 100 件的仅 {count(counts['>100'])}" if counts.get(">100") else "没有企业超过 100 件") if ">100" in counts else None)
        out.append(Para(lead2, sentence("全部企业中，" + "；".join(clauses), sep="；")))
    n1 = _newest_vs(summary, "pct_mean", unit=" 件")
    n2 = _newest_vs(summary, "pct_share", kind="pp")
    if n1 or n2:
        name = (n1 or n2)[0]
        out[-1].text += sentence(f"{name}企业" + (_newest_clause(n1, "平均 PCT 申请", mean) or ""),
                                 _newest_clause(n2, "PCT 申请占其全部申请的比重为" if n1 else "PCT 申请占比为", fmt_pct),
                                 sep="；")
    return out


