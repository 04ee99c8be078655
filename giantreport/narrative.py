"""The report's words: pure functions from ``stats.summary`` (and the benchmarks) to Chinese sentences.

Every number, comparison, ranking and trend in the prose is computed here from the data,
so another data folder yields other — but still true — sentences. A clause whose input is
missing (a benchmark not given, a ratio with an empty denominator) is left out, never
printed as "None" or "nan".

The building blocks:

* number formatting: :func:`fmt_int` (thousands separators), :func:`fmt_num`,
  :func:`fmt_pct` (one decimal), :func:`fmt_pp` (percentage points), :func:`count`
  (``9,279 家``), :func:`cn_num` (Chinese numerals), :func:`batch_name`;
* comparisons, always between the values as the sentence prints them (giantreport.words; each helper takes
  the formatter the sentence prints with): :func:`higher_lower`, :func:`times_phrase` (约为…倍),
  :func:`pp_phrase` (高出 X 个百分点), :func:`rel_phrase` (高出 X%), :func:`cmp_word`, :func:`cheng` (近八成),
  :func:`batch_range_pp` / :func:`batch_range_rel` (newest batch against each earlier one, their range printed);
  thresholds of threshold-based words and of the 摘要 findings are constants here, documented in
  docs/metrics.md §10;
* sections: one function per section of the report returning a list of :class:`Para`
  (a bold lead sentence and its supporting text), plus :func:`key_findings` for 摘要
  and :func:`province_paragraph` for fact sheets and briefings.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache

from .words import (GIANT, GIANT_FULL, against_each, ok, cn_date, cn_number, compare, extremes, fmt_int,  # noqa: F401
                    fmt_mean, fmt_num, fmt_pct, fmt_pp, fmt_rel, monotone, rank, show, spaced, span, times_text, tidy)

# ---------------------------------------------------------------- small types


@dataclass
class Para:
    """A paragraph: an optional bold lead sentence, then its supporting text."""

    lead: str | None
    text: str = ""

    def __str__(self) -> str:
        return (self.lead or "") + self.text


@dataclass
class Finding:
    """One block of 摘要: a heading, its findings, and a one-line takeaway."""

    number: int
    title: str
    items: list[str] = field(default_factory=list)
    takeaways: list[str] = field(default_factory=list)



# ---------------------------------------------------------------- values


def get(d, *path):
    """Nested lookup that returns None for any missing step (dicts or None)."""
    for key in path:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def ratio(a, b):
    return float(a) / float(b) if ok(a) and ok(b) and float(b) != 0 else None


# ---------------------------------------------------------------- formatting

# Number formatting is the house style of giantreport.words (docs/style.md), re-exported here.
cn_num = cn_number
fmt_times = times_text


def count(n, unit: str = "家") -> str:
    """9279 → "9,279 家"."""
    return f"{fmt_int(n)} {unit}"


def mean(x, unit: str = "件", digits: int = 2) -> str:
    return f"{fmt_num(x, digits)} {unit}"


#: "近X成" when a printed percent is at most this many points below a whole 成 (79.5% → 近八成).
NEAR_CHENG = 3.0


def cheng(x) -> str | None:
    """A share in 成 (tenths), read from its printed percent (fmt_pct): 41.6% → "约四成", 79.5% → "近八成",
    80.0% → "八成", 17.7% → "约两成", 75.0% → "七成半", 7.0% → "不足一成", 95.0% → "九成以上"."""
    s = show(x, fmt_pct)
    if s is None:
        return None
    p = s.value
    if p < 10:
        return "不足一成"
    if p >= 100:
        return "全部"
    if p >= 95:
        return "九成以上"
    k = int(math.floor(p / 10 + 0.5))
    name = "两" if k == 2 else cn_num(k)
    if p == k * 10:
        return f"{name}成"
    if k * 10 - NEAR_CHENG <= p < k * 10:
        return f"近{name}成"
    if abs(p - (k * 10 - 5)) < 0.5:                # 75.0% is not "约八成" but 七成半
        return f"{'两' if k - 1 == 2 else cn_num(k - 1)}成半"
    return f"约{name}成"


def cheng_span(values) -> str | None:
    """Several shares as one span of 成: 66.1% and 84.0% → "六至八成" (the lowest floored, the highest rounded)."""
    shown = [show(v, fmt_pct) for v in values]
    if not shown or any(s is None for s in shown):
        return None
    low = int(math.floor(min(s.value for s in shown) / 10))           # 66.1% is six tenths and more, not 七成
    high = int(math.floor(max(s.value for s in shown) / 10 + 0.5))
    tenths = sorted({low, high})
    name = lambda k: "两" if k == 2 else cn_num(k)  # noqa: E731
    if tenths[0] < 1:
        return None
    return f"{name(tenths[0])}成" if len(tenths) == 1 else f"{name(tenths[0])}至{name(tenths[-1])}成"


def cn_count(n) -> str:
    """Counts in prose: Chinese numerals below 10 ("三个"), digits from 10 ("16 个")."""
    n = int(n)
    if n == 2:
        return "两"
    return cn_num(n) if 0 <= n < 10 else f"{n} "


def top_n(n) -> str:
    """"前十位", "前两位", "前 12 位"."""
    n = int(n)
    if n == 2:
        return "前两位"
    return f"前{cn_num(n)}位" if 0 < n <= 10 else f"前 {n} 位"


def batch_name(batch) -> str:
    """3 → "第三批"."""
    return f"第{cn_num(int(batch))}批"


def earlier_name(newest, summary: dict | None = None) -> str:
    """The batches before `newest` that the data holds, as a group: 4 → "前三批", 2 → "第一批";
    a list of batches 3 and 4 only → "第三批", of 3, 4 and 5 → "第三批和第四批" (never "前四批")."""
    n = int(newest) - 1
    held = sorted(int(b) for b in ((summary or {}).get("batches") or {}) if int(b) < int(newest))
    if held and held != list(range(1, n + 1)):
        return join_cn([batch_name(b) for b in held])
    return "第一批" if n == 1 else ("前两批" if n == 2 else f"前{cn_num(n)}批")


def join_cn(items: list[str], last: str = "和") -> str:
    """["甲", "乙", "丙"] → "甲、乙和丙"."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + last + items[-1]


def sentence(*clauses: str | None, sep: str = "，") -> str:
    """Join the non-empty clauses and end with "。"; "" when every clause is empty."""
    parts = [c.strip().rstrip("。，；") for c in clauses if c]
    return tidy(sep.join(parts) + "。") if parts else ""


def paragraph(*sentences: str | None) -> str:
    return "".join(s for s in sentences if s)


# ---------------------------------------------------------------- comparisons
# Every comparative word, difference and multiple comes from the values as the sentence prints them
# (giantreport.words): each helper takes the formatter the sentence prints with — fmt_pct for shares,
# num(2) for amounts with two decimals, num(0) for whole people — and compares the printed numbers.


def num(digits: int = 2):
    """A formatter printing with `digits` decimals, as fmt_num (for the comparison helpers)."""
    return lambda x: fmt_num(x, digits)


def higher_lower(a, b, fmt=fmt_pct, fmt_b=None) -> str | None:
    """"高于" / "低于" / "持平于" comparing a to b as printed (None when either is missing)."""
    c = compare(a, b, fmt, fmt_b)
    return None if c is None else c.word("高于", "低于", "持平于")


def times_phrase(a, b, of: str = "", fmt=None, fmt_b=None) -> str | None:
    """a relative to b, from the printed values (default: two decimals): "约为{of}的 2.5 倍" /
    "与{of}基本相当" / "约为{of}的 1/4" / "相当于{of}的 23.5%"."""
    c = compare(a, b, fmt or num(2), fmt_b)
    return None if c is None else c.times(of)


def pp_phrase(a, b, higher: str = "高出", lower: str = "低", same: str = "持平", fmt=fmt_pct) -> str | None:
    """Two shares as printed: "高出 2.3 个百分点" / "低 2.3 个百分点" / "持平"."""
    c = compare(a, b, fmt)
    return None if c is None else c.pp(higher, lower, same)


def rel_phrase(a, b, higher: str = "高出", lower: str = "低", same: str = "持平", fmt=None) -> str | None:
    """Two amounts as printed (default: two decimals): "高出 12.3%" / "低 8.0%" / "持平"."""
    c = compare(a, b, fmt or num(2))
    return None if c is None else c.rel(higher, lower, same)


def cmp_word(a, b, more: str, less: str, same: str, fmt=None, near: float = 0.0) -> str | None:
    """A word for a against b as printed: `same` when they print the same, or differ by at most
    `near` relative to the larger (the documented NEAR threshold), else `more` / `less`."""
    c = compare(a, b, fmt or num(2))
    if c is None:
        return None
    scale = max(abs(c.a.value), abs(c.b.value)) or 1.0
    if abs(c.a.value - c.b.value) / scale <= near:
        return same
    return c.word(more, less, same)


def _named(olds: list) -> list[tuple[str, object]]:
    """Earlier batches as (name, value): given as pairs, or as plain values of batches 1, 2, …"""
    return [o if isinstance(o, tuple) else (batch_name(i), o) for i, o in enumerate(olds, start=1)]


def batch_range_pp(new, olds: list, earlier: str, fmt=fmt_pct) -> str | None:
    """Newest batch's share against each earlier batch (words.against_each):
    "比前三批各批（41.9%～43.5%）高出 1.2～2.8 个百分点"."""
    return against_each(new, _named(olds), fmt, earlier, "pp")


def batch_range_rel(new, olds: list, earlier: str, more: str = "高", less: str = "低", fmt=None,
                    unit: str = "") -> str | None:
    """Newest batch's amount against each earlier batch: "比前三批各批（250～315 人）少 9.6%～28.3%"."""
    return against_each(new, _named(olds), fmt or num(2), earlier, "rel", more, less, unit)


# ---------------------------------------------------------------- names


@cache
def _province_short() -> dict[str, str]:
    try:
        from .data.regions import provinces
        table = provinces()
        return dict(zip(table["name"], table["short"]))
    except Exception:          # reference tables unavailable: keep full names
        return {}


@cache
def _city_short() -> dict[str, str]:
    try:
        from .data.regions import cities
        table = cities()
        return dict(zip(table["name"], table["short"]))
    except Exception:
        return {}


def short_province(name: str) -> str:
    """浙江省 → 浙江, 广西壮族自治区 → 广西."""
    return _province_short().get(name, name)


def short_city(name: str) -> str:
    """宁波市 → 宁波 (municipalities too: 北京市 → 北京)."""
    short = _city_short().get(name)
    if short:
        return short
    return _province_short().get(name, name)


def district_label(name: str) -> str:
    """"北京市海淀区" → "北京海淀区" (the city in its short form)."""
    for city in sorted(set(_city_short()) | set(_province_short()), key=len, reverse=True):
        if name.startswith(city) and len(name) > len(city):
            return short_city(city) + name[len(city):]
    return name


def district_city(name: str) -> str | None:
    """The city part of a district label "北京市海淀区" → "北京市"."""
    for city in sorted(set(_city_short()) | set(_province_short()), key=len, reverse=True):
        if name.startswith(city) and len(name) > len(city):
            return city
    return None


# ---------------------------------------------------------------- batch helpers


def batch_keys(summary: dict) -> list[str]:
    return sorted((summary.get("batches") or {}).keys(), key=lambda b: int(b))


def newest_info(summary: dict) -> tuple[str | None, list[str]]:
    """(newest batch key, earlier batch keys); (None, []) with fewer than two batches."""
    keys = batch_keys(summary)
    if len(keys) < 2:
        return None, []
    return keys[-1], keys[:-1]


def _by_batch(summary: dict, key: str, batches: list[str], inner: str | None = None) -> list:
    values = summary.get(f"{key}_by_batch") or {}
    out = []
    for b in batches:
        v = values.get(b)
        if inner is not None:
            v = get(v, inner)
        out.append(v)
    return out


def _pairs(summary: dict, key: str, batches: list[str], inner: str | None = None) -> list[tuple[str, object]]:
    """(batch name, value) of `key` for `batches` (for batch_range_pp / batch_range_rel)."""
    return list(zip([batch_name(b) for b in batches], _by_batch(summary, key, batches, inner)))


def _newest_vs(summary: dict, key: str, inner: str | None = None, kind: str = "rel",
               more: str = "高", less: str = "低", fmt=None, unit: str = "") -> tuple[str, object, str | None] | None:
    """(newest batch name, its value, comparison with each earlier batch as printed with `fmt`)."""
    new, olds = newest_info(summary)
    if new is None:
        return None
    value = _by_batch(summary, key, [new], inner)[0]
    if not ok(value):
        return None
    earlier = _pairs(summary, key, olds, inner)
    name = earlier_name(new, summary)
    cmp = (batch_range_pp(value, earlier, name, fmt or fmt_pct) if kind == "pp"
           else batch_range_rel(value, earlier, name, more, less, fmt or num(2), unit))
    return batch_name(new), value, cmp


def _cut_off(summary: dict) -> str:
    as_of = summary.get("as_of") or ""
    try:
        y, m, d = (int(p) for p in str(as_of).split("-"))
        return f"{y} 年 {m} 月 {d} 日"
    except ValueError:
        return str(as_of)


def date_cn(iso: str) -> str:
    """"2022-06-30" → "2022 年 6 月 30 日"."""
    return _cut_off({"as_of": iso})


# ---------------------------------------------------------------- what the data lacks

#: Inputs a data folder may lack (``Dataset.missing`` / ``summary["missing"]``), in the user's words.
INPUT_LABELS = {
    "industry": "产业领域", "listing": "上市板块", "financed": "一级市场融资", "employees": "参保人数",
    "founded": "成立日期", "city": "城市", "district": "区县", "patents": "专利",
    "yearly_applications": "分年度专利申请量", "applications": "专利申请量", "invention_applications": "发明专利申请量",
    "invention_grants": "发明专利授权量", "valid_inventions": "有效发明专利量", "citations": "专利被引用次数",
    "licenses": "专利许可次数", "transfers": "专利转让次数", "pct_applications": "PCT 专利申请量",
}

#: What each report figure is drawn from: groups of inputs, each group a set of alternatives.
#: The figure has nothing to draw when every input of some group is missing.
FIGURE_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "fig-1-2": (("employees", "founded"),),
    "fig-1-4": (("listing", "financed"),),
    "fig-1-5": (("listing", "financed"),),
    "fig-1-6": (("listing",),),
    "fig-2-1": (("patents",), ("applications", "valid_inventions")),
    "fig-2-2": (("patents",), ("yearly_applications",)),
    "fig-2-3": (("patents",), ("valid_inventions",), ("employees",)),
    "fig-2-4": (("patents",), ("applications", "invention_applications")),
    "fig-2-5": (("patents",), ("citations", "licenses", "transfers")),
    "fig-2-6": (("patents",), ("pct_applications",)),
    "fig-3-1": (("industry",),),
    "fig-3-2": (("industry",),),
    "fig-3-3": (("industry",), ("patents",), ("valid_inventions",)),
    "fig-4-2": (("city",),),
    "fig-4-3": (("district",),),
    "fig-4-4": (("patents",), ("valid_inventions",), ("employees",)),
}

#: Why a figure is empty when no input is missing (the column is there, the values say nothing).
_EMPTY_REASONS = {
    "fig-1-2": "数据中的企业都没有参保人数和成立日期",
    "fig-1-3": "外部基准中没有全国企业的数量、就业和发明专利总量",
    "fig-2-2": "数据中的专利申请不足以比较最近两个完整年度",
    "fig-4-2": "数据中没有城市信息",
    "fig-4-3": "数据中没有区县信息",
}

PATENTS_LACKING = "数据中没有专利信息（既无专利明细文件，企业名单中也没有专利汇总列）"


def lacking(names) -> str:
    """"数据中没有区县信息" / "数据中没有参保人数和成立日期信息" for the missing inputs `names`."""
    labels = [INPUT_LABELS.get(n, n) for n in names]
    if labels == ["专利"]:
        return "数据中没有专利信息"
    return f"数据中没有{join_cn(labels)}信息"


def lacks(missing, key: str) -> list[str]:
    """The missing inputs that leave report figure `key` with nothing to draw ([] when none does)."""
    missing = set(missing or ())
    for group in FIGURE_NEEDS.get(key, ()):
        if all(name in missing for name in group):
            return list(group)
    return []


def omitted(reason: str, what: str = "图") -> str:
    """The one sentence printed in place of a figure, table, section or chapter: "…，本图从略。"."""
    return sentence(f"{reason}，本{what}从略")


#: What each briefing figure is drawn from (as FIGURE_NEEDS), and why it is empty otherwise.
PROVINCE_FIGURE_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "radar": (("patents",),), "cities": (("city", "district"),), "industry_mix": (("industry",),)}
_PROVINCE_EMPTY = {"radar": "数据中没有可供比较的专利指标", "cities": "数据中没有{province}企业的城市和区县信息",
                   "industry_mix": "数据中没有产业领域信息", "batches": "数据中没有批次信息"}


def province_figure_omission(key: str, missing=(), province: str = "该省份") -> str:
    """The sentence in place of briefing figure `key` ("radar", "batches", "cities", "industry_mix")."""
    missing = set(missing or ())
    for group in PROVINCE_FIGURE_NEEDS.get(key, ()):
        if all(name in missing for name in group):
            return omitted(lacking(group))
    return omitted(_PROVINCE_EMPTY.get(key, "数据中没有绘制本图所需的数值").format(province=province))


def figure_omission(key: str, summary: dict | None = None, missing=(), benchmarks: dict | None = None) -> str:
    """The sentence in place of report figure `key`, saying what the data lacks."""
    names = lacks(missing, key)
    if names:
        return omitted(lacking(names))
    missing, summary = set(missing or ()), summary or {}
    if key in ("fig-1-4", "fig-1-5"):
        listed = "上市板块信息" if "listing" in missing else ("上市企业" if key == "fig-1-4" else "上市或挂牌的企业")
        financed = "一级市场融资信息" if "financed" in missing else "获得一级市场融资的企业"
        return omitted(f"数据中没有{listed}，也没有{financed}")
    if key == "fig-1-6":
        sizes = [v for v in ((benchmarks or {}).get("boards") or {}).values() if ok(v)]
        return omitted("外部基准中没有 A 股各板块的上市企业数" if not sizes else "数据中没有在 A 股上市的企业")
    if key == "fig-3-2" and len(summary.get("batches") or {}) == 1:
        return omitted("数据中只有一个批次，无从比较各批次的产业结构")
    return omitted(_EMPTY_REASONS.get(key, "数据中没有绘制本图所需的数值"))


# ================================================================ chapter 1


def ch1_scale(summary: dict) -> list[Para]:
    n = summary.get("companies")
    batches = summary.get("batches") or {}
    keys = batch_keys(summary)
    out = []
    lead = sentence(f"截至{_cut_off(summary)}，本报告分析的{GIANT_FULL}企业共 {count(n)}"
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
            out[key], out[f"{key}_times"], out[f"{key}_ratio"] = c.a.text, fmt_times(ratio), ratio
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
    body = sentence(f"按企业数量排序，{'位居前列' if tied else '位居前' + cn_num(len(top))}的是{join_cn(top3)}" if top3 else None)
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


def ch3_stars_intro(weights: dict[str, float] | None, count_per: int | None) -> str:
    """The star companies in one sentence; the scoring method is described once, in appendix A."""
    return sentence(f"在八个重点产业领域内，按技术体量、技术质量、技术影响力和技术全球化四个维度的综合得分，"
                    f"每个领域选出得分最高的 {count_per or 10} 家列为明星企业（得分的计算方法见附录 A）")


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


def _than(other: str, c) -> str:
    """Two printed shares: "比前三批高出 3.1 个百分点" / "比前三批低 …" / "与前三批持平"."""
    return f"与{other}持平" if not c.sign else f"比{other}{c.pp()}"


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


# ================================================================ chapter 4

LEVEL_NAMES = {"province": "省份", "city": "城市", "district": "区县"}


def _top10_names(summary: dict, level: str) -> list[str]:
    names = get(summary, "cr10", level, "top10") or []
    if level == "province":
        return [short_province(n) for n in names]
    if level == "city":
        return [short_city(n) for n in names]
    return [district_label(n) for n in names]


def _few_regions(c: dict, names: list[str], where: str, unit: str) -> list[Para] | None:
    """Ten regions or fewer: all of them are named (a top ten and its CR10 of 100% would say nothing)."""
    regions = c.get("regions") or 0
    if regions > 10 or len(names) != regions:
        return None
    if regions == 1:
        return [Para(sentence(f"{where}{GIANT}分布于 1 个{unit}（{names[0]}）"), "")]
    return [Para(sentence(f"{where}{GIANT}分布于 {regions} 个{unit}"),
                 sentence(f"按企业数量依次为{join_cn(names, '、')}"))]


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
    body = sentence(f"企业数量居{top_n(len(names))}的省份依次为{join_cn(names, '、')}" if names else None,
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
    body = sentence(f"数量{top_n(len(names))}的城市依次为{join_cn(names, '、')}" if names else None,
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
    body = sentence(f"数量{top_n(len(top))}的区县依次为{join_cn([district_label(n) for n in top], '、')}" if top else None)
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
    """Provinces by mean employees and mean valid inventions against the national means, as printed:
    employees and inventions with two decimals, as table 4.1 prints them (a mean is always two decimals)."""
    emp, val = summary.get("employees_mean"), summary.get("valid_inventions_mean")
    out = {"小而精": [], "大而强": [], "大而不强": [], "小而弱": []}
    if not (ok(emp) and ok(val)):
        return out
    for name, p in (summary.get("provinces") or {}).items():
        if (p.get("companies") or 0) < min_companies or not (ok(p.get("employees_mean")) and ok(p.get("valid_inventions_mean"))):
            continue
        small = compare(p["employees_mean"], emp, num(2)).sign < 0      # as table 4.1 prints it (351.67 < 351.90)
        strong = compare(p["valid_inventions_mean"], val, num(2)).sign > 0
        out["小而精" if small and strong else "大而强" if strong else "大而不强" if not small else "小而弱"].append(name)
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
    return [(k, c) for k, c in density_multiples(summary, 0.01) if float(fmt_times(c.ratio)) >= DENSE_MULTIPLE]


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


# ================================================================ provinces


def rank_of(summary: dict, province: str, key) -> tuple[int | None, int]:
    """National rank (1 = best) of `province` among provinces on `key` (a field name or a callable)."""
    provinces = summary.get("provinces") or {}
    value = (lambda p: key(p)) if callable(key) else (lambda p: p.get(key))
    vals = {n: value(p) for n, p in provinces.items() if ok(value(p))}
    if province not in vals:
        return None, len(vals)
    mine = vals[province]
    return 1 + sum(1 for v in vals.values() if v > mine), len(vals)


def rank_text(rank: int | None) -> str:
    return "" if rank is None else f"全国第{rank}"


RADAR_LABELS = {"volume": "技术体量", "quality": "技术质量", "influence": "技术影响力", "globalisation": "技术全球化"}


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
    rc = rank_of(summary, province, "companies")[0]
    rv = rank_of(summary, province, "valid_inventions_mean")[0]
    rd = rank_of(summary, province, "invention_density_per_1000")[0]
    c = compare(p.get("invention_density_per_1000"), summary.get("invention_density_per_1000"), num(1), num(2))
    times = c.times("全国均值") if c is not None else None
    dens = None
    if times:
        dens = "发明专利密度" + ("只" if c.ratio is not None and c.ratio < 1 and times.startswith("相当于") else "") + times
    klass = next((k for k, names in province_classes(summary).items() if province in names), None)
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
    ranks = {d: rank_of(summary, province, lambda q, d=d: get(q, "radar", d))[0] for d in radar}
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
    rc = rank_of(summary, province, "companies")[0]
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


# ================================================================ 摘要


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


def recognition_finding(summary: dict) -> str:
    """The list's size, its recognised part (when the benchmarks give it for this very list) and the 十四五
    target; without a recognised count it says that the list is counted instead."""
    n = summary.get("companies")
    keys = batch_keys(summary)
    batches = f"{cn_count(len(keys))}个批次" if len(keys) > 1 else ""
    rec = summary.get("recognition")
    if rec:
        head = (f"截至{_cut_off(summary)}，{batches}共公示{GIANT_FULL}企业 {count(rec['listed'])}，"
                f"实际培育认定 {count(rec['recognised'])}")
    else:
        head = f"截至{_cut_off(summary)}，{batches}共有{GIANT_FULL}企业 {count(n)}"
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
            lead = (f"典型{GIANT}已有{cn_num(int(years.value // 10) * 10)}余年的经营历史" if years.value >= 10
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
        f4.items.append(sentence(f"按企业数量，{'位居前列' if tied else '位居前' + cn_num(len(top))}的是"
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
            f5.items.append(sentence(f"数量{top_n(len(names))}的{LEVEL_NAMES[level]}依次为{join_cn(names, '、')}",
                                     f"集中度 CR10 为 {fmt_pct(c['cr10'])}"))
        elif names and len(names) == c.get("regions"):     # ten or fewer: all of them, no CR10 (it is 100%)
            f5.items.append(sentence(f"{GIANT}分布于 {len(names)} 个{LEVEL_NAMES[level]}"
                                     + (f"（{names[0]}）" if len(names) == 1 else f"，按企业数量依次为{join_cn(names, '、')}")))
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
                                 + "和 ".join(f"{fmt_times(c.ratio)} 倍" for _, c in dense)))
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
