"""Shared phrases of the report's prose: small types, value access, formatting, comparisons, names, batches."""
from __future__ import annotations

from ..data import regions
import math
from dataclasses import dataclass, field
from functools import cache
from ..words import (against_each, ok, cn_number, compare, fmt_int, fmt_num, fmt_pct, show, times_text, tidy)

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
    table = regions.provinces()
    return dict(zip(table["name"], table["short"]))


@cache
def _city_short() -> dict[str, str]:
    table = regions.cities()
    return dict(zip(table["name"], table["short"]))


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




def _than(other: str, c) -> str:
    """Two printed shares: "比前三批高出 3.1 个百分点" / "比前三批低 …" / "与前三批持平"."""
    return f"与{other}持平" if not c.sign else f"比{other}{c.pp()}"

