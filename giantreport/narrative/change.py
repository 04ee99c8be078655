"""与上一版相比: the change against the previous edition, from ``summary["change"]`` (stats/change.py).

Every direction word and difference is read from the values as printed (words.compare): 43.44% against
43.41% prints 43.4% twice and reads 持平, never 上升 0.0 个百分点.
"""
from __future__ import annotations

from ..words import batch_name, cn_count, cn_date, compare, fmt_int, fmt_mean, fmt_num, fmt_pct, join_cn, ok
from .phrases import sentence

#: How each compared measure is named and printed: key → (name, unit after the number, formatter).
MEASURES: dict[str, tuple[str, str, object]] = {
    "employees_mean": ("平均参保员工", " 人", lambda x: fmt_num(x, 0)),
    "listed_share": ("上市企业占比", "", fmt_pct),
    "financed_share": ("一级市场融资企业占比", "", fmt_pct),
    "focus_share": ("十大重点产业领域企业占比", "", fmt_pct),
    "applications_mean": ("平均累计专利申请量", " 件/家", fmt_mean),
    "valid_inventions_mean": ("平均有效发明专利量", " 件/家", fmt_mean),
    "invention_applications_mean": ("平均发明专利申请量", " 件/家", fmt_mean),
    "invention_grants_mean": ("平均发明专利授权量", " 件/家", fmt_mean),
    "invention_density_per_1000": ("发明专利密度", " 件/千人", fmt_mean),
    "invention_application_share": ("发明专利申请占比", "", fmt_pct),
    "invention_grant_rate": ("发明专利授权率", "", fmt_pct),
    "pct_share": ("PCT 申请占比", "", fmt_pct),
}
PROFILE = ("employees_mean", "listed_share", "financed_share", "focus_share")
LEVELS = {"province": "省份", "city": "城市", "industry": "产业领域"}
#: At most this many regions or fields are named per rank sentence (the largest moves first).
RANKS_NAMED = 3
CITIES_HELD = 20          # summary["cities"]: the top 20 cities by companies
SETTING_LABELS = {"settings.radar": "省份雷达权重", "settings.stars": "明星企业得分权重",
                  "settings.star_count": "明星企业数量", "settings.benchmarks_other_year": "外部基准年份的处理"}


def _edition(prev: dict) -> str:
    year = prev.get("edition_year")
    when = f"，数据截至 {cn_date(prev['as_of'])}" if prev.get("as_of") else ""
    return f"与上一版（{year} 年版{when}）" if year else "与上一版"


def measure_clause(key: str, entry: dict) -> str | None:
    """"平均有效发明专利量由 40.10 件/家增至 42.30 件/家（增加 5.5%）" as printed; None when not compared."""
    name, unit, fmt = MEASURES[key]
    if entry.get("note") or not (ok(entry.get("previous")) and ok(entry.get("current"))):
        return None
    c = compare(entry["current"], entry["previous"], fmt)
    if c is None:
        return None
    a, b = c.b.text + unit, c.a.text + unit
    if not c.sign:
        return f"{name}与上一版持平（{b}）"
    if unit == "" and b.endswith("%"):          # a share: the change in percentage points
        return f"{name}由 {a}{c.word('升至', '降至', '')} {b}（{c.pp('提高', '降低')}）"
    rel = c.rel("增加", "减少")
    return f"{name}由 {a}{c.word('增至', '降至', '')} {b}" + (f"（{rel}）" if rel else "")


def _membership(change: dict, summary: dict) -> str | None:
    m = change.get("companies") or {}
    marked = m.get("dropped_marked") or []
    failed = sum(1 for d in marked if d.get("status") == "未通过")
    revoked = sum(1 for d in marked if d.get("status") == "撤销")
    why = join_cn([f"复核未通过 {failed} 家" if failed else "", f"被撤销 {revoked} 家" if revoked else ""])
    if m.get("added") is None:
        if not marked:
            return None
        return f"本版数据标明 {fmt_int(len(marked))} 家企业已不在名单中（{why}），不计入统计"
    added, dropped = len(m["added"]), m.get("dropped") or 0
    out = f"新列入 {fmt_int(added)} 家，上一版名单中有 {fmt_int(dropped)} 家不在本版名单中" if dropped else \
        f"新列入 {fmt_int(added)} 家，上一版名单中的企业全部保留"
    return out + (f"（其中{why}）" if marked else "")


def _place(ranks: dict, rank: int, when: str) -> str:
    """"第 7 位", or "并列第 7 位" when another name holds the same rank in that edition (`when`)."""
    tied = sum(1 for x in ranks.values() if x.get(when) == rank) > 1
    return f"{'并列' if tied else ''}第 {rank} 位"


def _ranks(level: str, ranks: dict | None) -> str | None:
    if not ranks:
        return None
    moved = [(n, r) for n, r in ranks.items() if r.get("change")]
    entered = [n for n, r in ranks.items() if r.get("previous") is None and r.get("current") is not None]
    if not moved and not entered:
        both = [n for n, r in ranks.items() if r.get("previous") is not None and r.get("current") is not None]
        return f"按企业数量排名，{'各' + LEVELS[level]}的名次与上一版相同" if both and level != "city" else None
    moved.sort(key=lambda nr: (-abs(nr[1]["change"]), nr[1]["current"]))
    parts = [f"{n}由{_place(ranks, r['previous'], 'previous')}{'升至' if r['change'] > 0 else '降至'}"
             f"{_place(ranks, r['current'], 'current')}" for n, r in moved[:RANKS_NAMED]]
    more = f"等 {cn_count(len(moved))}个{LEVELS[level]}名次有变化" if len(moved) > RANKS_NAMED else ""
    text = f"按企业数量排名的{LEVELS[level]}中，" + "、".join(parts) + more if parts else ""
    if level == "city" and entered:
        names = join_cn(entered[:RANKS_NAMED]) + ("等" if len(entered) > RANKS_NAMED else "")
        # the summary holds the top 20 cities: fewer in the previous edition means every other city had none
        held = sum(1 for r in ranks.values() if r.get("previous") is not None)
        new = f"{names}上一版没有名单企业" if held < CITIES_HELD else f"{names}新进入前 {CITIES_HELD} 位城市"
        text = sentence(text or None, new).rstrip("。")
    return text or None


def _differences(change: dict) -> list[str]:
    diffs = {d["what"]: d for d in change.get("differences") or []}
    out = []
    if "tool_version" in diffs and "definitions_version" not in diffs and "definitions" not in diffs:
        d = diffs["tool_version"]
        out.append(f"上一版由 giantreport {d['previous']} 生成，本版为 {d['current']}，指标口径相同")
    out += list(change.get("notes") or [])
    settings = [SETTING_LABELS.get(w, w) for w in diffs if w.startswith("settings.")]
    if settings:
        out.append(f"两版的{join_cn(settings)}设置不同，上述比较的指标不受其影响")
    return out


def change_items(summary: dict) -> list[str]:
    """The sentences of 与上一版相比 (empty without a previous edition)."""
    change, prev = summary.get("change"), summary.get("previous")
    if not change or not prev:
        return []
    if change.get("scope"):                  # unlike editions: only why nothing is compared
        return [sentence(f"{_edition(prev)}相比：{change['scope']}")]
    if change.get("same_data"):
        return [sentence(f"{_edition(prev)}相比，两版的数据截止日和名单相同（{fmt_int(summary.get('companies'))} 家），"
                         f"没有可比较的变化")]
    items = []
    measures = change.get("measures") or {}
    n = measures.get("companies") or {}
    c = compare(n.get("current"), n.get("previous"), fmt_int)
    head = None
    if c is not None:
        head = (f"{_edition(prev)}相比，名单企业由 {c.b.text} 家{c.word('增至', '减至', '')} {c.a.text} 家"
                f"（{c.word('增加', '减少', '')} {fmt_int(abs(c.diff))} 家）" if c.sign else
                f"{_edition(prev)}相比，名单企业数量不变（{c.a.text} 家）")
    new = [f"{batch_name(b)} {fmt_int((change['batches'].get(b) or {}).get('current'))} 家"
           for b in change.get("new_batches") or []]
    items.append(sentence(head, f"新增{join_cn(new)}" if new else None, _membership(change, summary)))
    profile = [measure_clause(k, measures[k]) for k in PROFILE if k in measures]
    patents = [measure_clause(k, measures[k]) for k in MEASURES if k not in PROFILE and k in measures]
    items.append(sentence(*profile, sep="；"))
    items.append(sentence(*patents, sep="；"))
    ranks = change.get("ranks") or {}
    items += [sentence(_ranks(level, ranks.get(level))) for level in LEVELS]
    items += [sentence(d) for d in _differences(change)]
    return [i for i in items if i]


def change_finding(summary: dict) -> str | None:
    """The key finding on the change: the list's growth and, when compared, the mean of valid inventions."""
    change = summary.get("change")
    if not change or change.get("scope") or change.get("same_data"):
        return None
    measures = change.get("measures") or {}
    n = measures.get("companies") or {}
    c = compare(n.get("current"), n.get("previous"), fmt_int)
    if c is None:
        return None
    size = (f"名单{c.word('扩大', '缩小', '')} {c.rel_text()}" if c.sign and c.rel_text() else "名单规模不变")
    valid = measure_clause("valid_inventions_mean", measures.get("valid_inventions_mean") or {})
    return sentence(f"与上一版相比，{size}", valid)


def province_change(summary: dict, province: str) -> str | None:
    """The briefing's sentence on the province against the previous edition: its companies and national rank."""
    change = summary.get("change") or {}
    if change.get("scope") or change.get("same_data"):
        return None
    ranks = (change.get("ranks") or {}).get("province") or {}
    r = ranks.get(province)
    if not r or r.get("previous") is None or r.get("current") is None:
        return None
    c = compare(r["current_companies"], r["previous_companies"], fmt_int)
    count_text = (f"名单企业由 {c.b.text} 家{c.word('增至', '减至', '')} {c.a.text} 家" if c.sign
                  else f"名单企业数量不变（{c.a.text} 家）")
    rank_text = (f"按企业数量的全国排名由{_place(ranks, r['previous'], 'previous')}{'升至' if r['change'] > 0 else '降至'}"
                 f"{_place(ranks, r['current'], 'current')}"
                 if r["change"] else f"按企业数量的全国排名保持{_place(ranks, r['current'], 'current')}")
    return sentence(f"{_edition(summary.get('previous') or {})}相比，{province}的{count_text}", rank_text)
