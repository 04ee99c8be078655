"""Province fact sheets and briefings: the paragraph on one province."""
from __future__ import annotations
from ..config import RADAR_LABELS
from ..words import batch_name, cn_count, compare, fmt_pct, GIANT, join_cn, num, ok, top_n
from .ch3 import SHIFT_PP
from ..stats.measures import batch_keys
from .phrases import get, paragraph, ratio, sentence, short_province

# ================================================================ provinces


def rank_of(summary: dict, province: str, key: str, *path: str) -> int | None:
    """National rank (1 = best) of `province` on `key` ("companies", a measure, or "radar", dim), as the
    statistics rank it (summary["provinces"][province]["ranks"], stats/areas.py); None without a value."""
    return get((summary.get("provinces") or {}).get(province) or {}, "ranks", key, *path)




#: A province is "larger in count than in technology" (or the reverse) when its national ranks by mean valid
#: inventions and by invention density both lie on the same side of its rank by company count, the closer of
#: them at least this many places away; within fewer places the two read "大体相称" (docs/metrics.md §10).
RANK_GAP = 3
#: "全国前五位": the radar dimensions of a province all within (or all outside) this many places.
TOP_PLACES = 5
#: The newest batch's share of a province's companies is named when it differs from the national share by at
#: least this many percentage points (printed values).
NEWEST_SHARE_PP = 10.0
#: A highlight industry's share above the national one by at least this many points reads "格外集中", from
#: MIX_PP "相对集中", below that "略高" (printed values; it is named from SHIFT_PP).
CONCENTRATED_PP = 10.0
MIX_PP = 3.0


def _whole(province: str) -> str:
    return "全市" if province.endswith("市") else ("全区" if province.endswith("自治区") else "全省")


def _province_profile(summary: dict, province: str, p: dict, short: str) -> str:
    """Count against technology (national ranks), and the invention density as a multiple of the national one."""
    rc = rank_of(summary, province, "companies")
    rv = rank_of(summary, province, "valid_inventions_mean")
    rd = rank_of(summary, province, "invention_density_per_1000")
    c = compare(p.get("invention_density_per_1000"), summary.get("invention_density_per_1000"), num(1), num(2))
    times = c.times("全国均值") if c is not None else None
    dens = None
    if times:
        dens = "发明专利密度" + ("只" if c.ratio is not None and c.ratio < 1 and times.startswith("相当于") else "") + times
    klass = p.get("class")
    if None in (rc, rv, rd):
        return sentence(f"{short}的{dens}" if dens else None)
    near = min(rv, rd)
    if rv > rc and rd > rc and near - rc >= RANK_GAP:
        weak = "单个企业的技术积累仍有提升空间" if klass in ("大而不强", "小而弱") else None
        if rc <= 3:
            return sentence(f"{short}是{GIANT}数量大省，技术却没有同步领先：户均有效发明专利量和发明专利密度的"
                            "全国排名都明显落后于数量排名", dens, weak)
        return sentence(f"{short}的{GIANT}以数量见长，户均有效发明专利量和发明专利密度的全国排名都落后于企业数量的排名",
                        dens, weak)
    if rv < rc and rd < rc and klass in ("小而精", "大而强"):
        tail = {"小而精": "平均员工少于全国均值，是典型的“小而精”",
                "大而强": "员工规模也高于全国均值，“大而强”的特征明显"}.get(klass)
        return sentence(f"{short}的{GIANT}胜在技术而不在数量",
                        "户均有效发明专利量和发明专利密度的全国排名都高于企业数量的排名", dens, tail)
    if abs(near - rc) < RANK_GAP:
        lead = (f"{short}在数量和技术上的全国排名大体相称" if klass not in ("大而强", "小而精") else
                f"{short}的{GIANT}数量与技术并重，户均有效发明专利量高于全国均值")
        return sentence(lead, dens)
    return sentence(f"{short}的{dens}" if dens else None)


def _province_radar(summary: dict, province: str, p: dict, short: str) -> str:
    """The radar's strongest and weakest dimension by national rank, in words (the ranks are in the table)."""
    radar = p.get("radar") or {}
    if not radar or not any(ok(v) and v > 0 for v in radar.values()):
        return ""
    ranks = {d: rank_of(summary, province, "radar", d) for d in radar}
    last = len(summary.get("provinces") or {})
    # a dimension scored 0 shares the last place, whatever its rank among the tied zeros
    ranks = {d: (r if ok(radar.get(d)) and radar[d] > 0 else last) for d, r in ranks.items() if r is not None}
    if not ranks:
        return ""
    best, worst = min(ranks.values()), max(ranks.values())
    name = lambda r: join_cn([RADAR_LABELS.get(d, d) for d in ranks if ranks[d] == r])  # noqa: E731
    if best == worst:
        return sentence(f"科创能力雷达的{cn_count(len(ranks))}个维度，{short}的全国名次完全相同，各方面发展均衡")
    if worst <= TOP_PLACES:
        return sentence(f"科创能力雷达的{cn_count(len(ranks))}个维度都在全国{top_n(TOP_PLACES)}之内",
                        f"名次最靠前的是{name(best)}，最靠后的是{name(worst)}")
    if best > TOP_PLACES and worst - best < RANK_GAP:
        return sentence(f"科创能力雷达的{cn_count(len(ranks))}个维度名次相近，都未进入全国{top_n(TOP_PLACES)}",
                        f"相对靠前的是{name(best)}")
    if best > TOP_PLACES:
        return sentence(f"科创能力雷达的{cn_count(len(ranks))}个维度都未进入全国{top_n(TOP_PLACES)}",
                        f"名次最靠前的是{name(best)}，最靠后的{name(worst)}是最需要补齐的一环")
    return sentence(f"科创能力雷达上，{short}名次最靠前的是{name(best)}，已进入全国{top_n(TOP_PLACES)}",
                    f"最靠后的是{name(worst)}，名次与前者相差较远" if worst - best >= 2 * RANK_GAP else f"最靠后的是{name(worst)}")


def _province_industries(summary: dict, province: str, p: dict, short: str) -> str:
    """The highlight industries: how high they rank nationally, and the one most over-represented against the nation."""
    hl = [h for h in (p.get("highlights") or []) if h.get("rank") is not None]
    if not hl:
        return ""
    rc = rank_of(summary, province, "companies")
    names = lambda hs: join_cn([h["industry"] for h in hs])  # noqa: E731
    firsts = [h for h in hl if h["rank"] == 1]
    if len(firsts) == len(hl):
        head = (f"{cn_count(len(hl))}个亮点产业领域的有效发明专利总量都居全国首位" if len(hl) > 1
                else f"亮点产业领域{hl[0]['industry']}的有效发明专利总量居全国首位")
    elif firsts:
        head = f"亮点产业领域中，{names(firsts)}的有效发明专利总量居全国首位"
    elif min(h["rank"] for h in hl) <= 3:
        head = f"亮点产业领域中，{names([h for h in hl if h['rank'] <= 3])}的有效发明专利总量进入全国前三位"
    else:
        ahead = [h for h in hl if rc is not None and h["rank"] < rc]
        head = ("亮点产业领域的有效发明专利总量都未进入全国前三位"
                + (f"，但{names(ahead)}的全国名次高于{short}企业数量的名次" if ahead else ""))
    # the highlight industry most over-represented in the province, against the national share (printed values)
    nat = {**(summary.get("industry_groups") or {}), **(summary.get("industries") or {})}
    mix = []
    for h in hl:
        c = compare(ratio(h.get("companies"), p.get("companies")), get(nat, h["industry"], "share"), fmt_pct)
        if c is not None:
            mix.append((h["industry"], c))
    over = sorted([(k, c) for k, c in mix if c.diff >= SHIFT_PP], key=lambda kc: -kc[1].diff)
    tail = None
    named = [h["industry"] for h in (firsts or [h for h in hl if h["rank"] <= 3])]
    if over:
        k, c = over[0]
        who = "该领域" if named == [k] else k
        if c.diff >= CONCENTRATED_PP:
            tail = f"产业结构上，{k}格外集中：其企业占{_whole(province)}{GIANT}的 {c.a.text}，比全国高出 {c.diff_text()}"
            return sentence(head) + sentence(tail)
        if c.diff >= MIX_PP:
            tail = f"{who}企业占{_whole(province)}{GIANT}的 {c.a.text}，比全国高出 {c.diff_text()}，是{short}相对集中的领域"
        else:
            tail = f"{who}企业的占比（{c.a.text}）比全国略高 {c.diff_text()}"
    elif mix:
        tail = "这些领域的企业占比并不明显高于全国，亮点来自技术产出而非企业数量"
    return sentence(head, tail)


def _province_batches(summary: dict, p: dict, short: str) -> str:
    """The newest batch's weight in the province against the nation, in words, when it differs markedly."""
    keys = batch_keys(summary)
    if len(keys) < 2:
        return ""
    newest = keys[-1]
    c = compare(ratio((p.get("companies_by_batch") or {}).get(newest), p.get("companies")),
                ratio((summary.get("batches") or {}).get(newest), summary.get("companies")), fmt_pct)
    if c is None or abs(c.diff) < NEWEST_SHARE_PP:
        return ""
    if c.sign > 0:
        return sentence(f"{short}的{GIANT}中{batch_name(newest)}所占比重明显高于全国",
                        "新近入选的企业已过半数" if c.a.value > 50 else "新近入选的企业分量更重")
    return sentence(f"{short}的{GIANT}中{batch_name(newest)}所占比重明显低于全国，较早入选的企业占了更大份额")


def province_paragraph(summary: dict, province: str) -> str:
    """One paragraph on a province for its fact sheet and briefing: it interprets the cards above it (company
    count against technology, the radar's strongest and weakest dimension, the highlight industries) rather than
    repeating them, and adds at most three numbers the cards do not show (the invention density as a multiple
    of the national one, one industry's share and its difference from the national share). Its superlatives
    speak of national ranks; every comparative word is read from the printed values."""
    p = (summary.get("provinces") or {}).get(province)
    if not p:
        return ""
    short = short_province(province)
    return paragraph(_province_profile(summary, province, p, short), _province_batches(summary, p, short),
                     _province_radar(summary, province, p, short), _province_industries(summary, province, p, short))


