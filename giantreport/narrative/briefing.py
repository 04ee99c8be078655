"""City, district and industry briefings: the paragraph on one area (stats/briefs.py gives its numbers).

Every comparison is of the values as the briefing prints them (mean valid inventions with two decimals,
shares with one); ranks are those of the statistics. An area with fewer than FEW_COMPANIES companies says
so and makes no comparison: its means move with one company.
"""
from __future__ import annotations

from ..data.schema import KEY_INDUSTRIES
from ..words import GIANT, batch_name, cn_count, compare, count, fmt_num, fmt_pct, join_cn, num, ok
from .phrases import ratio, rel_phrase, sentence, paragraph
from .province import NEWEST_SHARE_PP

#: Below this many companies a briefing's paragraph only counts them (docs/metrics.md §10).
FEW_COMPANIES = 5


def _newest(block: dict, summary: dict, who: str) -> str:
    """The newest batch's share of the area against the nation's, named when they differ by NEWEST_SHARE_PP."""
    keys = sorted((summary.get("batches") or {}), key=int)
    if len(keys) < 2:
        return ""
    newest = keys[-1]
    c = compare(ratio((block.get("companies_by_batch") or {}).get(newest), block.get("companies")),
                ratio((summary.get("batches") or {}).get(newest), summary.get("companies")), fmt_pct)
    if c is None or abs(c.diff) < NEWEST_SHARE_PP:
        return ""
    return sentence(f"{batch_name(newest)}占{who}{GIANT}的 {c.a.text}，比全国{'高出' if c.sign > 0 else '低'} {c.diff_text()}",
                    "新近入选的企业分量更重" if c.sign > 0 else "较早入选的企业占了更大份额")


def _few(block: dict, name: str) -> str:
    return sentence(f"{name}只有 {count(block.get('companies'))}{GIANT}",
                    "以下均值和占比受个别企业影响很大，只宜作为参考，不宜据此与其他地区比较")


def place(ranks: dict, key: str) -> str:
    """"居第 6 位", or "并列第 6 位" when another area holds the same rank (stats/areas.ranks: "tied")."""
    return f"{'并列' if key in (ranks.get('tied') or ()) else '居'}第 {ranks.get(key)} 位"


def city_paragraph(block: dict, summary: dict, label: str | None = None) -> str:
    """A city's (or a district's) count and ranks, its mean valid inventions against its parent and the nation,
    its newest batch's weight."""
    name = label or block["name"]
    parent = block.get("parent") or {}
    if (block.get("companies") or 0) < FEW_COMPANIES:
        return _few(block, name)
    ranks = block.get("ranks") or {}
    rp, rn = (ranks.get("province") or {}), (ranks.get("nation") or {})
    peers = block.get("peers") or {}
    first = sentence(
        f"{name}有{GIANT} {count(block['companies'])}，占{parent.get('name')}的 "
        f"{fmt_pct(ratio(block['companies'], parent.get('companies')))}",
        (f"企业数量在{parent.get('name')}企业不少于 {block['min_companies']} 家的 {peers.get('province')} 个城市中"
         f"{place(rp, 'companies')}，在全国 {peers.get('nation')} 个这样的城市中{place(rn, 'companies')}")
        if block.get("ranked") and rp.get("companies") else
        (f"企业少于 {block['min_companies']} 家，不参与城市排名" if block.get("kind") == "city" else None))
    tech = None
    mine, prov, nat = block.get("valid_inventions_mean"), parent.get("valid_inventions_mean"), summary.get("valid_inventions_mean")
    if ok(mine) and ok(prov) and ok(nat):
        tech = sentence(f"户均有效发明专利量 {fmt_num(mine, 2)} 件，{rel_phrase(mine, prov, '比' + parent['name'] + '高出', '比' + parent['name'] + '低', '与' + parent['name'] + '持平')}，"
                        f"{rel_phrase(mine, nat, '比全国高出', '比全国低', '与全国持平')}",
                        f"在全国 {peers.get('nation')} 个城市中{place(rn, 'valid_inventions_mean')}" if rn.get("valid_inventions_mean") else None)
    mix = block.get("industries") or {}
    nat_mix = summary.get("industries") or {}
    over = []
    for ind, m in mix.items():
        if ind == "其他":
            continue
        c = compare(m.get("share"), (nat_mix.get(ind) or {}).get("share"), fmt_pct)
        if c is not None and c.diff >= 5.0 and (m.get("companies") or 0) >= FEW_COMPANIES:
            over.append((ind, c))
    over.sort(key=lambda kc: -kc[1].diff)
    industry = sentence(f"产业结构上，{over[0][0]}企业占 {over[0][1].a.text}，比全国高出 {over[0][1].diff_text()}，是{name}相对集中的领域") if over else ""
    return paragraph(first, tech, _newest(block, summary, name), industry)


def industry_paragraph(block: dict, summary: dict) -> str:
    """An industry's count and rank among the key industries, where it concentrates, its mean valid
    inventions against all little giants and the A-share companies of the field."""
    name = block["name"]
    if (block.get("companies") or 0) < FEW_COMPANIES:
        return _few(block, f"{name}领域")
    r = (block.get("ranks") or {}).get("nation") or {}
    first = sentence(f"{name}领域有{GIANT} {count(block['companies'])}，占全部{GIANT}的 {fmt_pct(block.get('share'))}",
                     f"企业数量在{cn_count(len(KEY_INDUSTRIES))}个重点产业领域中{place(r, 'companies')}" if r.get("companies") else None)
    provinces = block.get("provinces") or []
    where = ""
    if provinces:
        top = provinces[:3]
        # a province with as many companies as the third is named with it: a cut through a tie names none
        tie = [p for p in provinces[3:] if p["companies"] == top[-1]["companies"]]
        if tie:
            top = [p for p in top if p["companies"] > top[-1]["companies"]]
            tied = [p for p in provinces if p["companies"] == tie[0]["companies"]]
            where = sentence((f"企业最多的省份是{join_cn([p['name'] for p in top])}（{'、'.join(count(p['companies']) for p in top)}），"
                              if top else "") +
                             f"{join_cn([p['name'] for p in tied])}各有 {count(tied[0]['companies'])}，并列第 {len(top) + 1} 位")
        else:
            where = sentence(f"企业最多的省份是{join_cn([p['name'] for p in top])}（{'、'.join(count(p['companies']) for p in top)}）",
                             f"合计占本领域的 {fmt_pct(ratio(sum(p['companies'] for p in top), block['companies']))}"
                             if len(provinces) > len(top) else None)
    tech = ""
    mine, nat = block.get("valid_inventions_mean"), summary.get("valid_inventions_mean")
    bm = block.get("benchmark") or {}
    if ok(mine) and ok(nat):
        ashare = bm.get("ashare_valid_inventions_mean")
        vs_ashare = None
        if ok(ashare) and ashare > 0:
            c = compare(mine, ashare, num(2))
            vs_ashare = c.times(f"同领域 A 股上市企业（{fmt_num(ashare, 2)} 件）") if c is not None else None
        tech = sentence(f"户均有效发明专利量 {fmt_num(mine, 2)} 件，{rel_phrase(mine, nat, '比全部小巨人高出', '比全部小巨人低', '与全部小巨人持平')}",
                        vs_ashare)
    return paragraph(first, where, tech, _newest(block, summary, f"{name}领域"))
