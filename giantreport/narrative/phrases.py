"""Shared phrases of the report's prose: small types, value access, formatting, comparisons, names, batches."""
from __future__ import annotations

from ..data import regions
from dataclasses import dataclass, field
from functools import cache
from ..stats.measures import batch_keys
from ..words import against_each, batch_name, compare, earlier_name, fmt_pct, num, ok, tidy

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


def _than(other: str, c) -> str:
    """Two printed shares: "比前三批高出 3.1 个百分点" / "比前三批低 …" / "与前三批持平"."""
    return f"与{other}持平" if not c.sign else f"比{other}{c.pp()}"

