"""The report's words: pure functions from ``stats.summary`` (and the benchmarks) to Chinese sentences.

Every number, comparison, ranking and trend in the prose is computed here from the data,
so another data folder yields other — but still true — sentences. A clause whose input is
missing (a benchmark not given, a ratio with an empty denominator) is left out, never
printed as "None" or "nan".

The building blocks:

* number formatting: :func:`fmt_int` (thousands separators), :func:`fmt_num`,
  :func:`fmt_pct` (one decimal), :func:`fmt_pp` (percentage points), :func:`count`
  (``9,279 家``), :func:`cn_num` (Chinese numerals), :func:`batch_name`;
* comparisons: :func:`higher_lower`, :func:`times_phrase` (约为…倍),
  :func:`pp_phrase` (高出 X 个百分点), :func:`rel_phrase` (高出 X%),
  :func:`batch_range_pp` / :func:`batch_range_rel` (newest batch against each earlier one);
* sections: one function per section of the report returning a list of :class:`Para`
  (a bold lead sentence and its supporting text), plus :func:`key_findings` for 摘要
  and :func:`province_paragraph` for fact sheets and briefings.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache

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


GIANT = "“小巨人”"
GIANT_FULL = "专精特新“小巨人”"

# ---------------------------------------------------------------- values


def ok(x) -> bool:
    """A usable number: not None, not NaN, not infinite."""
    if x is None or isinstance(x, bool):
        return False
    try:
        f = float(x)
    except (TypeError, ValueError):
        return False
    return not (math.isnan(f) or math.isinf(f))


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

_CN_DIGITS = "零一二三四五六七八九"


def cn_num(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 31 → 三十一; beyond 99 Arabic digits."""
    n = int(n)
    if n < 0 or n > 99:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def fmt_int(x) -> str:
    """9279 → "9,279"; None → "—"."""
    if not ok(x):
        return "—"
    return f"{int(round(float(x))):,}"


def fmt_num(x, digits: int = 2) -> str:
    """104.4321 → "104.43"; 12345.6 → "12,345.60"; None → "—"."""
    if not ok(x):
        return "—"
    return f"{float(x):,.{digits}f}"


def fmt_pct(x, digits: int | None = 1) -> str:
    """A share in [0, 1] as a percent with one decimal: 0.4344 → "43.4%".

    Very small shares keep two significant digits instead of printing "0.0%":
    0.00037 → "0.037%". ``digits=None`` chooses that precision for any value.
    """
    if not ok(x):
        return "—"
    v = float(x) * 100
    if digits is not None and 0.1 <= abs(v) < 1:
        digits = max(digits, 2)                     # 0.35%, not 0.3%
    if v != 0 and abs(v) < 0.1 or digits is None:
        if v == 0:
            return "0%"
        places = max(0, 1 - int(math.floor(math.log10(abs(v)))))
        return f"{v:.{places}f}%"
    return f"{v:.{digits}f}%"


def fmt_rel(x) -> str:
    """A relative difference with one decimal: 0.103 → "10.3%", 0.002 → "0.2%"."""
    return "—" if not ok(x) else f"{float(x) * 100:.1f}%"


def fmt_pp(diff, digits: int = 1) -> str:
    """Difference of two shares in percentage points (absolute value): 0.023 → "2.3 个百分点"."""
    return f"{abs(float(diff)) * 100:.{digits}f} 个百分点"


def fmt_times(r: float) -> str:
    """A multiple: 2.48 → "2.5", 116.3 → "116", 0.5 → "0.50"."""
    r = float(r)
    if r >= 20:
        return fmt_int(r)
    if r >= 1:
        return f"{r:.1f}"
    return f"{r:.2f}"


def count(n, unit: str = "家") -> str:
    """9279 → "9,279 家"."""
    return f"{fmt_int(n)} {unit}"


def mean(x, unit: str = "件", digits: int = 2) -> str:
    return f"{fmt_num(x, digits)} {unit}"


def cheng(x) -> str | None:
    """A share as 成 (tenths): 0.416 → "约四成", 0.07 → "不足一成", 0.95 → "九成以上"."""
    if not ok(x):
        return None
    x = float(x)
    if x < 0.1:
        return "不足一成"
    if x >= 0.95:
        return "九成以上"
    return f"约{cn_num(int(round(x * 10)))}成"


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


def earlier_name(newest) -> str:
    """The batches before `newest` as a group: 4 → "前三批", 2 → "第一批"."""
    n = int(newest) - 1
    return "第一批" if n == 1 else ("前两批" if n == 2 else f"前{cn_num(n)}批")


def join_cn(items: list[str], last: str = "和") -> str:
    """["甲", "乙", "丙"] → "甲、乙和丙"."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + last + items[-1]


_CJK = "\u4e00-\u9fff"
_SPACE_BEFORE = re.compile(f"([{_CJK}])([A-Za-z0-9])")
_SPACE_AFTER = re.compile(f"([A-Za-z0-9%])([{_CJK}])")


def spaced(text: str) -> str:
    """One space between Han characters and Latin letters/digits (and after "%"): "约为A股" → "约为 A 股"."""
    return _SPACE_AFTER.sub(r"\1 \2", _SPACE_BEFORE.sub(r"\1 \2", text))


def sentence(*clauses: str | None, sep: str = "，") -> str:
    """Join the non-empty clauses and end with "。"; "" when every clause is empty."""
    parts = [c.strip().rstrip("。，；") for c in clauses if c]
    return spaced(sep.join(parts) + "。") if parts else ""


def paragraph(*sentences: str | None) -> str:
    return "".join(s for s in sentences if s)


# ---------------------------------------------------------------- comparisons

TOLERANCE = 0.005   # relative difference treated as "持平"


def higher_lower(a, b, tol: float = TOLERANCE) -> str | None:
    """"高于" / "低于" / "持平于" comparing a to b (None when either is missing)."""
    if not (ok(a) and ok(b)):
        return None
    a, b = float(a), float(b)
    scale = max(abs(a), abs(b)) or 1.0
    if abs(a - b) / scale <= tol:
        return "持平于"
    return "高于" if a > b else "低于"


def times_phrase(a, b, of: str = "") -> str | None:
    """a relative to b as a multiple or a fraction: "约为{of}的 2.5 倍" / "约为{of}的 1/4" / "相当于{of}的 23.5%"."""
    r = ratio(a, b)
    if r is None:
        return None
    who = "" if not of else (of if of == "其" else f"{of}的")
    if r >= 1.1:
        return f"约为{who} {fmt_times(r)} 倍"
    if r > 0.95:
        return f"与{of}基本相当" if of else "基本相当"
    if r <= 0:
        return None
    k = round(1 / r)
    if 2 <= k <= 10 and abs(1 / k - r) / r < 0.06:
        return f"约为{who} 1/{k}"
    return f"相当于{who} {fmt_pct(r)}"


def pp_phrase(a, b, higher: str = "高出", lower: str = "低", same: str = "基本持平") -> str | None:
    """Two shares: "高出 2.3 个百分点" / "低 2.3 个百分点" / "基本持平"."""
    if not (ok(a) and ok(b)):
        return None
    d = float(a) - float(b)
    if abs(d) < 0.0005:
        return same
    return f"{higher if d > 0 else lower} {fmt_pp(d)}"


def rel_phrase(a, b, higher: str = "高出", lower: str = "低", same: str = "基本持平") -> str | None:
    """Two amounts: "高出 12.3%" / "低 8.0%" / "基本持平"."""
    r = ratio(a, b)
    if r is None:
        return None
    d = r - 1
    if abs(d) < TOLERANCE:
        return same
    return f"{higher if d > 0 else lower} {fmt_rel(abs(d))}"


def cmp_word(a, b, more: str, less: str, same: str, tol: float = 0.03) -> str | None:
    """A word for a against b with a relative tolerance: more / less / same (None when missing)."""
    if not (ok(a) and ok(b)):
        return None
    a, b = float(a), float(b)
    scale = max(abs(a), abs(b)) or 1.0
    if abs(a - b) / scale <= tol:
        return same
    return more if a > b else less


def _range_text(lo: float, hi: float, fmt) -> str:
    a, b = fmt(lo), fmt(hi)
    if a == b or float(a.rstrip("%")) == 0:
        return b
    return f"{a}～{b}"


def _slightly(lo: float, hi: float, fmt) -> bool:
    """The smallest difference rounds to zero: say "略高/略低（至多 X）" rather than a range from 0."""
    return fmt(lo) != fmt(hi) and float(fmt(lo).rstrip("%")) == 0


def batch_range_pp(new, olds: list, earlier: str) -> str | None:
    """Newest batch's share against each earlier batch: "比前三批高出 2.0～3.1 个百分点"."""
    olds = [float(o) for o in olds if ok(o)]
    if not ok(new) or not olds:
        return None
    diffs = [float(new) - o for o in olds]
    if all(abs(d) < 0.0005 for d in diffs):
        return f"与{earlier}基本持平"
    pp = lambda v: f"{v * 100:.1f}"  # noqa: E731
    if all(d > 0 for d in diffs) or all(d < 0 for d in diffs):
        up = diffs[0] > 0
        lo, hi = min(abs(d) for d in diffs), max(abs(d) for d in diffs)
        if _slightly(lo, hi, pp):
            return f"比{earlier}略{'高' if up else '低'}（至多 {pp(hi)} 个百分点）"
        return f"比{earlier}{'高出' if up else '低'} {_range_text(lo, hi, pp)} 个百分点"
    return f"介于{earlier}各批之间"


def batch_range_rel(new, olds: list, earlier: str, more: str = "高", less: str = "低") -> str | None:
    """Newest batch's amount against each earlier batch: "比前三批低 4.3%～28.0%"."""
    olds = [float(o) for o in olds if ok(o) and float(o) != 0]
    if not ok(new) or not olds:
        return None
    diffs = [float(new) / o - 1 for o in olds]
    if all(abs(d) < TOLERANCE for d in diffs):
        return f"与{earlier}基本持平"
    if all(d > 0 for d in diffs) or all(d < 0 for d in diffs):
        word = more if diffs[0] > 0 else less
        lo, hi = min(abs(d) for d in diffs), max(abs(d) for d in diffs)
        if _slightly(lo, hi, fmt_rel):
            return f"比{earlier}略{word}（至多 {fmt_rel(hi)}）"
        return f"比{earlier}{word} {_range_text(lo, hi, fmt_rel)}"
    return f"介于{earlier}各批之间"


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


def _newest_vs(summary: dict, key: str, inner: str | None = None, kind: str = "rel",
               more: str = "高", less: str = "低") -> tuple[str, object, str | None] | None:
    """(newest batch name, its value, comparison with each earlier batch)."""
    new, olds = newest_info(summary)
    if new is None:
        return None
    value = _by_batch(summary, key, [new], inner)[0]
    if not ok(value):
        return None
    earlier = _by_batch(summary, key, olds, inner)
    name = earlier_name(new)
    cmp = batch_range_pp(value, earlier, name) if kind == "pp" else batch_range_rel(value, earlier, name, more, less)
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
        largest = max(keys, key=lambda b: batches[b])
        body += sentence(f"{batch_name(largest)}规模最大，占全部企业的 {fmt_pct(ratio(batches[largest], n))}",
                         "入选数量总体呈逐批扩大之势" if all(batches[a] < batches[b] for a, b in zip(keys, keys[1:])) else None)
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
    e = _newest_vs(summary, "employees_mean", more="多", less="少")
    a = _newest_vs(summary, "founded_years_median")
    clauses = []
    if e:
        clauses.append(f"{e[0]}企业平均员工 {fmt_num(e[1], 0)} 人" + (f"，{e[2]}" if e[2] else ""))
    if a:
        new, olds = newest_info(summary)
        first_age = _by_batch(summary, "founded_years_median", [olds[0]])[0]
        age_clause = f"成立年限中位数为 {fmt_num(a[1], 0)} 年"
        if ok(first_age) and float(first_age) - float(a[1]) >= 1:
            age_clause += f"，比{batch_name(olds[0])}短约 {fmt_num(float(first_age) - float(a[1]), 0)} 年"
        elif ok(first_age) and float(a[1]) - float(first_age) >= 1:
            age_clause += f"，比{batch_name(olds[0])}长约 {fmt_num(float(a[1]) - float(first_age), 0)} 年"
        clauses.append(age_clause)
    if clauses:
        body = sentence(*clauses, sep="；")
    return [Para(lead, body)]


def ch1_national(summary: dict, benchmarks: dict) -> list[Para]:
    nat = summary.get("national") or {}
    cs, es, gs = nat.get("companies_share"), nat.get("employment_share"), nat.get("granted_inventions_share")
    if not ok(cs):
        return []
    er, gr = nat.get("employment_ratio"), nat.get("granted_inventions_ratio")
    lead_clauses = [f"{GIANT}企业数量仅占全国企业的 {fmt_pct(cs)}"]
    if ok(er) and ok(gr):
        lead_clauses.append(f"但就业占比是其数量占比的约 {fmt_times(er)} 倍，发明专利占比更达到约 {fmt_times(gr)} 倍")
    lead = sentence(*lead_clauses)
    clauses = []
    total_nat = get(benchmarks, "national", "companies")
    if ok(total_nat):
        clauses.append(f"以全国约 {fmt_num(float(total_nat) / 1e4, 0)} 万户企业法人单位计，{count(summary.get('companies'))}{GIANT}只占 {fmt_pct(cs)}")
    emp_total, grants_total = nat.get("employees_total") or 0, nat.get("granted_inventions_total") or 0
    if ok(es):
        people = f"约 {fmt_num(emp_total / 1e4, 1)} 万人" if emp_total >= 1e4 else f"{fmt_int(emp_total)} 人"
        clauses.append(f"其参保员工合计{people}，占全国企业就业人数的 {fmt_pct(es)}")
    if ok(gs):
        grants = f"约 {fmt_num(grants_total / 1e4, 2)} 万件" if grants_total >= 1e4 else f" {fmt_int(grants_total)} 件"
        clauses.append(f"累计获授权发明专利{grants}，占全国企业有效发明专利总量的 {fmt_pct(gs)}")
    body = sentence(*clauses, sep="；")
    if ok(gr) and float(gr) > 1:
        body += sentence("数量少而技术贡献高，体现出这一群体在细分领域的技术积累")
    return [Para(lead, body)]


def ch1_financing(summary: dict) -> list[Para]:
    ls, fs = summary.get("listed_share"), summary.get("financed_share")
    if not ok(ls) and not ok(fs):
        return []
    main = "一级市场融资" if ok(fs) and ok(ls) and fs >= ls else "上市"
    lead = sentence(f"{GIANT}的资本市场参与以{main}为主",
                    f"获得过一级市场融资的企业{cheng(fs)}" if ok(fs) else None,
                    f"上市企业{cheng(ls)}" if ok(ls) else None)
    body = sentence(f"全部 {count(summary.get('companies'))}中，已上市 {count(summary.get('listed_count'))}，占 {fmt_pct(ls)}" if ok(ls) else None,
                    f"有一级市场融资记录的 {count(summary.get('financed_count'))}，占 {fmt_pct(fs)}" if ok(fs) else None)
    new, olds = newest_info(summary)
    if new is not None:
        l_new = _by_batch(summary, "listed_share", [new])[0]
        l_old = _by_batch(summary, "listed_share", olds)
        clauses = []
        if ok(l_new):
            c = f"{batch_name(new)}上市企业占比为 {fmt_pct(l_new)}"
            valid_old = [v for v in l_old if ok(v)]
            if valid_old and all(l_new < v for v in valid_old):
                c += f"，为各批次最低，{batch_name(olds[l_old.index(max(valid_old))])}最高（{fmt_pct(max(valid_old))}）"
            elif valid_old and all(l_new > v for v in valid_old):
                c += "，为各批次最高"
            clauses.append(c)
        f_new = _by_batch(summary, "financed_share", [new])[0]
        f_cmp = batch_range_pp(f_new, _by_batch(summary, "financed_share", olds), earlier_name(new))
        if ok(f_new):
            clauses.append(f"一级市场融资企业占比为 {fmt_pct(f_new)}" + (f"，{f_cmp}" if f_cmp else ""))
        body += sentence(*clauses, sep="；")
        if ok(l_new) and l_old and all(ok(v) and l_new < v for v in l_old):
            body += sentence("较新入选的企业上市时间尚短，未来进入证券市场的空间较大")
    return [Para(lead, body)]


A_SHARE_BOARDS = ("主板", "创业板", "科创板", "北交所")


def ch1_boards(summary: dict) -> list[Para]:
    boards = summary.get("boards") or {}
    if not boards:
        return []
    a_counts = {b: get(boards, b, "count") or 0 for b in A_SHARE_BOARDS}
    a_total = sum(a_counts.values())
    top = max(a_counts, key=lambda b: a_counts[b]) if a_total else None
    listed = summary.get("listed_count")
    lead = sentence(f"已上市的 {count(listed)}以 A 股为主" + (f"，其中{top}数量最多" if top else "") if ok(listed) else None)
    clauses = []
    if a_total:
        clauses.append(f"A 股各板块合计 {count(a_total, '家次')}（" + "、".join(f"{b} {count(a_counts[b])}" for b in A_SHARE_BOARDS) + "）")
    abroad = [f"{b} {count(get(boards, b, 'count'))}" for b in ("港交所", "新交所") if get(boards, b, "count")]
    if abroad:
        clauses.append("境外上市的有" + "、".join(abroad))
    body = sentence(*clauses, sep="；")
    neeq = boards.get("新三板") or {}
    if neeq.get("count"):
        body += sentence(f"另有 {count(neeq['count'])}在新三板挂牌，占全部企业的 {fmt_pct(neeq.get('share'))}",
                         "是潜在的上市后备力量")
    body += sentence("同一企业在多个市场上市或挂牌时分别计入")
    return [Para(lead, body)]


def ch1_board_contribution(summary: dict) -> list[Para]:
    boards = {b: s for b, s in (summary.get("boards") or {}).items()
              if ok(s.get("giant_share_of_board")) and s.get("board_size")}
    if not boards:
        return []
    best = max(boards, key=lambda b: boards[b]["giant_share_of_board"])
    lead = sentence(f"{GIANT}对 A 股创新板块的贡献尤为突出，在{best}上市企业中的占比达到 "
                    f"{fmt_pct(boards[best]['giant_share_of_board'])}，为各板块最高")
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


def ch2_volume(summary: dict, benchmarks: dict) -> list[Para]:
    apps, valid = summary.get("applications_mean"), summary.get("valid_inventions_mean")
    if not ok(apps) and not ok(valid):
        return []
    lead = sentence(f"平均每家{GIANT}累计申请专利 {mean(apps)}，持有有效发明专利 {mean(valid)}")
    clauses = []
    nat_valid = get(benchmarks, "national", "valid_inventions_mean")
    t = times_phrase(valid, nat_valid, "全国拥有有效发明专利企业平均水平")
    if t:
        clauses.append(f"有效发明专利量{t}（{mean(nat_valid)}）")
    a_apps, a_valid = get(benchmarks, "ashare", "applications_mean"), get(benchmarks, "ashare", "valid_inventions_mean")
    ta, tv = times_phrase(apps, a_apps, "A 股上市企业"), times_phrase(valid, a_valid, "A 股上市企业")
    if ta and tv:
        ta, tv = times_phrase(apps, a_apps, "其"), times_phrase(valid, a_valid, "其")
        clauses.append(f"与体量更大的 A 股上市企业相比，累计专利申请量{ta}（{mean(a_apps)}），有效发明专利量{tv}（{mean(a_valid)}）")
    body = sentence(*clauses, sep="；")
    a = _newest_vs(summary, "applications_mean")
    v = _newest_vs(summary, "valid_inventions_mean")
    if a and v:
        same = a[2] and a[2] == v[2]
        body += sentence(f"{a[0]}企业平均累计申请 {mean(a[1])}、有效发明 {mean(v[1])}",
                         f"两项均{a[2]}" if same else (f"累计申请量{a[2]}" if a[2] else None),
                         None if same else (f"有效发明专利量{v[2]}" if v[2] else None))
    return [Para(lead, body)]


def ch2_growth(summary: dict, benchmarks: dict) -> list[Para]:
    g = summary.get("applications_growth") or {}
    rate = g.get("rate")
    if not ok(rate):
        return []
    target = benchmarks.get("policy_growth_target") if isinstance(benchmarks, dict) else None
    lead = sentence(f"{g.get('to_year')} 年平均每家企业公开的专利申请量同比{'增长' if rate >= 0 else '下降'} {fmt_pct(abs(rate))}",
                    (f"{higher_lower(rate, target)}“十四五”规划提出的中小企业专利申请量年均增长 {fmt_pct(target, 0)} 的目标"
                     if ok(target) else None))
    body = sentence(f"平均专利申请量由 {g.get('from_year')} 年的 {mean(g.get('from_mean'))}变为 {g.get('to_year')} 年的 {mean(g.get('to_mean'))}"
                    if ok(g.get("from_mean")) and ok(g.get("to_mean")) else None)
    n = _newest_vs(summary, "applications_growth", inner="rate", kind="pp")
    if n:
        body += sentence(f"{n[0]}企业的增速为 {fmt_pct(n[1])}", n[2],
                         (f"比规划目标{pp_phrase(n[1], target)}" if ok(target) and pp_phrase(n[1], target) not in (None, "基本持平") else None))
    body += sentence("由于专利申请公开存在约 18 个月的滞后，增速按公开年份计算，以保证年份之间可比")
    return [Para(lead, body)]


def ch2_density(summary: dict, benchmarks: dict) -> list[Para]:
    d = summary.get("invention_density_per_1000")
    if not ok(d):
        return []
    a = get(benchmarks, "ashare", "invention_density_per_1000")
    t = times_phrase(d, a, "A 股上市企业")
    lead = sentence(f"{GIANT}每千名员工持有有效发明专利 {fmt_num(d)} 件",
                    f"{t}（{fmt_num(a)} 件/千人）" if t else None)
    body = ""
    if t and ok(a) and d > a:
        body += sentence("剔除企业规模的影响后，中小体量的“小巨人”技术密集程度明显更高，体现出“专业化、精细化”的特点")
    n = _newest_vs(summary, "invention_density_per_1000")
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
        c1 += f"，比 A 股上市企业（{fmt_pct(a_share)}）{pp_phrase(share, a_share)}"
    c2 = f"发明专利授权率为 {fmt_pct(rate)}" if ok(rate) else None
    if c2 and ok(a_rate):
        c2 += f"，{higher_lower(rate, a_rate)} A 股上市企业的 {fmt_pct(a_rate)}"
    lead = sentence(c1, c2, sep="；")
    body = ""
    if ok(rate) and ok(a_rate) and rate < a_rate:
        body += sentence("发明专利从申请到授权通常需要一年半以上，成立较晚、专利多处于审查阶段的企业授权率天然偏低，"
                         "随着在审申请陆续结案，这一差距有望收窄")
    n1 = _newest_vs(summary, "invention_application_share", kind="pp")
    n2 = _newest_vs(summary, "invention_grant_rate", kind="pp")
    clauses = []
    if n1:
        clauses.append(f"{n1[0]}企业发明专利申请占比为 {fmt_pct(n1[1])}" + (f"，{n1[2]}" if n1[2] else ""))
    if n2:
        clauses.append(f"授权率为 {fmt_pct(n2[1])}" + (f"，{n2[2]}" if n2[2] else ""))
    body += sentence(*clauses, sep="；")
    return [Para(lead, body)]


def ch2_influence(summary: dict) -> list[Para]:
    c, l, t = summary.get("citations_mean"), summary.get("licenses_mean"), summary.get("transfers_mean")
    if not ok(c):
        return []
    lead = sentence(f"平均每家{GIANT}的专利被引用 {fmt_num(c)} 次" +
                    (f"、对外许可 {fmt_num(l)} 次" if ok(l) else "") + (f"、对外转让 {fmt_num(t)} 次" if ok(t) else ""),
                    "被引用是其技术影响力最主要的体现")
    body = sentence("专利被其他企业和机构引用，说明其技术成为后续研发的基础；许可和转让则反映技术的直接商业化流动")
    new, olds = newest_info(summary)
    if new is not None:
        nb = get(summary, "newest_batch", "newest") or {}
        eb = get(summary, "newest_batch", "earlier") or {}
        clauses = []
        for key, label in (("citations_mean", "被引用"), ("licenses_mean", "许可"), ("transfers_mean", "转让")):
            if ok(nb.get(key)) and ok(eb.get(key)):
                r = rel_phrase(nb[key], eb[key])
                clauses.append(f"{label} {fmt_num(nb[key])} 次（{earlier_name(new)}平均 {fmt_num(eb[key])} 次，{r}）")
        if clauses:
            body += sentence(f"{batch_name(new)}企业平均专利" + "、".join(clauses))
            if ok(nb.get("citations_mean")) and ok(eb.get("citations_mean")) and nb["citations_mean"] < eb["citations_mean"]:
                body += sentence("被引用需要时间积累，较新入选企业的技术影响力仍在形成之中")
    return [Para(lead, body)]


def ch2_pct(summary: dict, benchmarks: dict) -> list[Para]:
    m, s = summary.get("pct_mean"), summary.get("pct_share")
    if not ok(m):
        return []
    top = benchmarks.get("top500_pct_share") if isinstance(benchmarks, dict) else None
    t = times_phrase(s, top, "中国专利规模前 500 家科技企业")
    level = ("整体不高" if ok(top) and ok(s) and s < top else "较高") if ok(top) and ok(s) else None
    lead = sentence((f"{GIANT}的技术全球化程度{level}：" if level else "") + f"平均每家 PCT 专利申请 {mean(m)}，占全部专利申请的 {fmt_pct(s)}",
                    f"{t}（{fmt_pct(top, 2)}）" if t else None)
    out = [Para(lead, "")]
    counts, shares = summary.get("pct_buckets") or {}, summary.get("pct_bucket_shares") or {}
    if counts:
        labels = {"0": "没有 PCT 专利申请", "1-9": "有 1～9 件", "10-100": "有 10～100 件", ">100": "超过 100 件"}
        clauses = [f"{labels.get(k, k)}的 {count(v)}（{fmt_pct(shares.get(k))}）" for k, v in counts.items()]
        lead2 = sentence(f"从分布看，{cheng(shares.get('0'))}的企业尚无 PCT 专利申请" if ok(shares.get("0")) else None,
                         (f"超过 100 件的仅 {count(counts['>100'])}" if counts.get(">100") else "没有企业超过 100 件") if ">100" in counts else None)
        out.append(Para(lead2, sentence("全部企业中，" + "；".join(clauses), sep="；")))
    n1 = _newest_vs(summary, "pct_mean")
    n2 = _newest_vs(summary, "pct_share", kind="pp")
    if n1 and n2:
        out[-1].text += sentence(f"{n1[0]}企业平均 PCT 申请 {mean(n1[1])}，占其全部申请的 {fmt_pct(n2[1])}",
                                 f"占比{n2[2]}" if n2[2] else None)
    return out


# ================================================================ chapter 3


def _industries(summary: dict, key_only: bool = True) -> dict:
    ind = summary.get("industries") or {}
    return {k: v for k, v in ind.items() if not (key_only and k == "其他")}


def ch3_distribution(summary: dict, benchmarks: dict) -> list[Para]:
    focus = summary.get("focus_share")
    ind = _industries(summary)
    if not ind:
        return []
    ranked = sorted(ind, key=lambda k: -(ind[k].get("companies") or 0))
    top3 = [f"{k}（{count(ind[k]['companies'])}）" for k in ranked[:3] if ind[k].get("companies")]
    other_a = get(summary, "industries", "其他", "ashare_share")
    a_focus = 1 - other_a if ok(other_a) else None
    lead = sentence(f"十大重点产业领域的企业合计占全部{GIANT}的 {fmt_pct(focus)}" if ok(focus) else None,
                    f"{higher_lower(focus, a_focus)} A 股上市企业的 {fmt_pct(a_focus)}" if ok(a_focus) and ok(focus) else None)
    body = sentence(f"按企业数量排序，位居前三的是{join_cn(top3)}" if top3 else None)
    body += sentence("其中“高端机械装备”合并了电力装备、农机装备、高档数控机床和机器人三个重点领域")
    out = [Para(lead, body)]
    # against A-share: individual industries and groups with a benchmark share
    rows = [(k, v["share"], v["ashare_share"]) for k, v in ind.items() if ok(v.get("ashare_share")) and ok(v.get("share"))]
    rows += [(k, v["share"], v["ashare_share"]) for k, v in (summary.get("industry_groups") or {}).items()
             if ok(v.get("ashare_share")) and ok(v.get("share"))]
    if rows:
        up = sorted([r for r in rows if r[1] > r[2]], key=lambda r: r[2] - r[1])
        down = sorted([r for r in rows if r[1] < r[2]], key=lambda r: r[1] - r[2])
        lead2 = sentence(f"与 A 股上市企业的行业结构相比，{GIANT}在{join_cn([r[0] for r in up[:2]])}领域的企业占比更高" if up else None)
        clauses = [f"{k}占 {fmt_pct(s)}，比 A 股上市企业（{fmt_pct(a)}）高出 {fmt_pp(s - a)}" for k, s, a in up]
        clauses += [f"{k}占 {fmt_pct(s)}，比 A 股上市企业（{fmt_pct(a)}）低 {fmt_pp(s - a)}" for k, s, a in down]
        body2 = sentence(*clauses, sep="；")
        if up and any(r[0] in ("高端装备制造", "新材料", "高端机械装备") for r in up[:2]):
            body2 += sentence("“硬科技”制造类领域得到更集中的培育")
        out.append(Para(lead2, body2))
    return out


def ch3_by_batch(summary: dict) -> list[Para]:
    fb = summary.get("focus_share_by_batch") or {}
    keys = [k for k in batch_keys(summary) if ok(fb.get(k))]
    if len(keys) < 2:
        return []
    values = [fb[k] for k in keys]
    if all(a < b for a, b in zip(values, values[1:])):
        trend = f"重点领域覆盖率逐批提高，由{batch_name(keys[0])}的 {fmt_pct(values[0])}升至{batch_name(keys[-1])}的 {fmt_pct(values[-1])}"
    elif all(a > b for a, b in zip(values, values[1:])):
        trend = f"重点领域覆盖率逐批下降，由{batch_name(keys[0])}的 {fmt_pct(values[0])}降至{batch_name(keys[-1])}的 {fmt_pct(values[-1])}"
    else:
        trend = f"各批次中重点领域企业的占比在 {fmt_pct(min(values))}～{fmt_pct(max(values))} 之间，{batch_name(keys[-1])}为 {fmt_pct(values[-1])}"
    lead = sentence(trend)
    new, olds = newest_info(summary)
    per = summary.get("industries_by_batch") or {}
    body = ""
    if new is not None and per.get(new):
        old_total = sum(sum(v["companies"] for v in per[b].values()) for b in olds if per.get(b))
        changes = []
        for name in per[new]:
            if name == "其他":
                continue
            old_n = sum(get(per, b, name, "companies") or 0 for b in olds)
            old_share = ratio(old_n, old_total)
            new_share = per[new][name].get("share")
            if ok(old_share) and ok(new_share):
                changes.append((name, new_share, old_share, new_share - old_share))
        ups = sorted([c for c in changes if c[3] >= 0.005], key=lambda c: -c[3])[:2]
        downs = sorted([c for c in changes if c[3] <= -0.005], key=lambda c: c[3])[:2]
        clauses = [f"{n}占 {fmt_pct(s)}，比{earlier_name(new)}合计高出 {fmt_pp(d)}" for n, s, _, d in ups]
        clauses += [f"{n}占 {fmt_pct(s)}，低 {fmt_pp(d)}" for n, s, _, d in downs]
        if clauses:
            body = sentence(f"细分领域看，{batch_name(new)}中" + "；".join(clauses), sep="；")
    return [Para(lead, body)]


def ch3_scale(summary: dict) -> list[Para]:
    ind = {k: v for k, v in _industries(summary).items() if ok(v.get("valid_inventions_mean"))}
    overall = summary.get("valid_inventions_mean")
    if not ind:
        return []
    above = sorted([k for k in ind if ok(overall) and ind[k]["valid_inventions_mean"] > overall],
                   key=lambda k: -ind[k]["valid_inventions_mean"])
    if len(above) == 1:
        lead = sentence(f"只有{above[0]}领域企业的平均有效发明专利量（{fmt_num(ind[above[0]]['valid_inventions_mean'], 1)} 件/家）"
                        f"高于全部{GIANT}的均值（{mean(overall)}）")
    elif above:
        lead = sentence(f"{cn_count(len(above))}个重点领域企业的平均有效发明专利量高于全部{GIANT}的均值（{mean(overall)}）")
    else:
        lead = sentence(f"各重点领域企业的平均有效发明专利量均未超过全部{GIANT}的均值（{mean(overall)}）")
    body = sentence(("分别为" + "、".join(f"{k} {fmt_num(ind[k]['valid_inventions_mean'], 1)} 件/家" for k in above)) if len(above) > 1 else None)
    rated = sorted([k for k in ind if ok(ind[k].get("ratio_to_ashare"))], key=lambda k: -ind[k]["ratio_to_ashare"])
    if rated:
        best = rated[0]
        c = [f"与同领域 A 股上市企业相比，{best}的差距最小，平均有效发明专利量相当于后者的 {fmt_pct(ind[best]['ratio_to_ashare'])}"]
        if len(rated) > 1:
            c.append(f"{rated[1]}次之（{fmt_pct(ind[rated[1]]['ratio_to_ashare'])}）")
        c.append(f"{rated[-1]}差距最大（{fmt_pct(ind[rated[-1]]['ratio_to_ashare'])}）")
        body += sentence(*c, sep="；")
    return [Para(lead, body)]


def ch3_stars_intro(weights: dict[str, float] | None, count_per: int | None) -> str:
    w = weights or {}
    labels = {"volume": "技术体量", "quality": "技术质量", "influence": "技术影响力", "globalisation": "技术全球化"}
    parts = [f"{labels[k]} {fmt_pct(v / (sum(w.values()) or 1), 0)}" for k, v in w.items() if k in labels]
    return sentence(f"在八个产业领域内，分别按技术体量、技术质量、技术影响力和技术全球化四个维度为每家企业打分："
                    f"各子指标先除以本领域内的最高值归一，再按权重（{'、'.join(parts)}）加总" if parts else
                    "在八个产业领域内，分别按四个维度为每家企业打分",
                    f"每个领域取综合得分最高的 {count_per or 10} 家列为明星企业，按得分排序")


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


def ch3_newest(summary: dict, benchmarks: dict) -> list[Para]:
    nb = summary.get("newest_batch") or {}
    new, old = nb.get("newest") or {}, nb.get("earlier")
    if not old:
        return []
    b = nb.get("batch")
    name, ename = batch_name(b), earlier_name(b)
    out = []
    # size and age
    e_new, e_old = new.get("employees_mean"), old.get("employees_mean")
    a_new, a_old = new.get("founded_years_median"), old.get("founded_years_median")
    size = cmp_word(e_new, e_old, "规模更大", "规模更小", "规模相当")
    age = None
    if ok(a_new) and ok(a_old):
        age = "成立时间相近" if abs(a_new - a_old) < 0.5 else ("成立时间更晚" if a_new < a_old else "成立时间更早")
    lead = sentence(f"与{ename}相比，{name}企业" + "、".join(w for w in (size, age) if w)) if (size or age) else None
    e = rel_phrase(e_new, e_old, "多", "少")
    body = sentence(f"平均员工 {fmt_num(e_new, 0)} 人，比{ename}（{fmt_num(e_old, 0)} 人）{e}" if e and e != "基本持平" else
                    (f"平均员工 {fmt_num(e_new, 0)} 人，与{ename}基本持平" if e else None),
                    f"成立年限中位数 {fmt_num(a_new, 1)} 年，{ename}为 {fmt_num(a_old, 1)} 年" if ok(a_new) and ok(a_old) else None,
                    sep="；")
    body += sentence(f"上市企业占比 {fmt_pct(new.get('listed_share'))}，比{ename}{pp_phrase(new.get('listed_share'), old.get('listed_share'))}"
                     if ok(new.get("listed_share")) and ok(old.get("listed_share")) else None)
    if lead or body:
        out.append(Para(lead, body))
    # technology
    dims = []
    g_new, g_old = get(new, "applications_growth", "rate"), get(old, "applications_growth", "rate")
    scale = cmp_word(new.get("applications_mean"), old.get("applications_mean"), "技术规模更大", "技术规模更小", "技术规模相当")
    speed = None
    if ok(g_new) and ok(g_old):
        speed = "增速相近" if abs(g_new - g_old) < 0.005 else ("增长更快" if g_new > g_old else "增长较慢")
    if scale and speed:
        dims.append(f"{scale}但{speed}" if (scale.endswith("更小") and speed == "增长更快") or
                    (scale.endswith("更大") and speed == "增长较慢") else f"{scale}、{speed}")
    elif scale or speed:
        dims.append(scale or speed)
    q_new, q_old = new.get("invention_application_share"), old.get("invention_application_share")
    if ok(q_new) and ok(q_old):
        dims.append("技术质量相当" if abs(q_new - q_old) < 0.005 else ("技术质量更高" if q_new > q_old else "技术质量略低"))
    c_new, c_old = new.get("citations_mean"), old.get("citations_mean")
    w = cmp_word(c_new, c_old, "技术影响力更强", "技术影响力尚待积累", "技术影响力相当")
    if w:
        dims.append(w)
    p_new, p_old = new.get("pct_share"), old.get("pct_share")
    if ok(p_new) and ok(p_old):
        dims.append("全球化程度相当" if abs(p_new - p_old) < 0.0005 else ("全球化程度更深" if p_new > p_old else "全球化程度较低"))
    lead2 = sentence(f"科创能力上，{name}企业" + "，".join(dims)) if dims else None
    clauses = []
    if ok(new.get("applications_mean")) and ok(old.get("applications_mean")):
        clauses.append(f"平均累计专利申请 {mean(new['applications_mean'])}（{ename} {mean(old['applications_mean'])}）")
    if ok(g_new) and ok(g_old):
        clauses.append(f"专利申请增速 {fmt_pct(g_new)}，{pp_phrase(g_new, g_old)}")
    if ok(q_new) and ok(q_old):
        clauses.append(f"发明专利申请占比 {fmt_pct(q_new)}，{pp_phrase(q_new, q_old)}")
    if ok(c_new) and ok(c_old):
        clauses.append(f"平均被引用 {fmt_num(c_new)} 次（{ename} {fmt_num(c_old)} 次）")
    if ok(p_new) and ok(p_old):
        clauses.append(f"PCT 申请占比 {fmt_pct(p_new)}（{ename} {fmt_pct(p_old)}）")
    if lead2 or clauses:
        out.append(Para(lead2, sentence(*clauses, sep="；")))
    # focus
    f_new, f_old = new.get("focus_share"), old.get("focus_share")
    if ok(f_new) and ok(f_old):
        focus = "与" + ename + "同样集中于" if abs(f_new - f_old) < 0.005 else ("更加集中于" if f_new > f_old else "较少集中于")
        lead3 = sentence(f"行业上，{name}企业{focus}十大重点产业领域",
                         f"占比 {fmt_pct(f_new)}，比{ename}{pp_phrase(f_new, f_old)}")
        out.append(Para(lead3, ""))
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
    clauses = [f"前 10 位{LEVEL_NAMES[lv]}只占有企业分布的 {fmt_int(cr[lv].get('regions'))} 个{LEVEL_NAMES[lv]}的 "
               f"{fmt_pct(cr[lv].get('top_share_of_regions'))}，却集中了 {fmt_pct(cr[lv]['cr10'])} 的企业"
               for lv in levels if ok(cr[lv].get("top_share_of_regions"))]
    body = sentence(*clauses, sep="；")
    ratios = [ratio(cr[lv]["cr10"], cr[lv].get("top_share_of_regions")) for lv in levels]
    if all(ok(r) for r in ratios) and len(ratios) >= 2 and all(a < b for a, b in zip(ratios, ratios[1:])):
        body += sentence("空间层级越细，头部地区的集聚效应越明显")
    return [Para(lead, body)]


def province_classes(summary: dict, min_companies: int = 1) -> dict[str, list[str]]:
    """Provinces by mean employees and mean valid inventions against the national means."""
    emp, val = summary.get("employees_mean"), summary.get("valid_inventions_mean")
    out = {"小而精": [], "大而强": [], "大而不强": [], "小而弱": []}
    if not (ok(emp) and ok(val)):
        return out
    for name, p in (summary.get("provinces") or {}).items():
        if (p.get("companies") or 0) < min_companies or not (ok(p.get("employees_mean")) and ok(p.get("valid_inventions_mean"))):
            continue
        small = p["employees_mean"] < emp
        strong = p["valid_inventions_mean"] > val
        out["小而精" if small and strong else "大而强" if strong else "大而不强" if not small else "小而弱"].append(name)
    return out


def ch4_bubble(summary: dict) -> list[Para]:
    provinces = summary.get("provinces") or {}
    emp, val, den = summary.get("employees_mean"), summary.get("valid_inventions_mean"), summary.get("invention_density_per_1000")
    if not provinces or not ok(val):
        return []
    classes = province_classes(summary)
    above = [n for n, p in provinces.items() if ok(p.get("valid_inventions_mean")) and p["valid_inventions_mean"] > val]
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
    dens = sorted([k for k, p in provinces.items() if ok(p.get("invention_density_per_1000"))],
                  key=lambda k: -provinces[k]["invention_density_per_1000"])
    if dens and ok(den):
        top = dens[:2]
        body += sentence("纵轴（平均有效发明专利量）与横轴（平均员工数）之比反映发明专利密度",
                         "发明专利密度最高的是" + "和".join(
                             f"{short_province(k)}（{fmt_num(provinces[k]['invention_density_per_1000'], 1)} 件/千人"
                             + (f"，{t}" if (t := times_phrase(provinces[k]['invention_density_per_1000'], den, '全国均值')) else "") + "）"
                             for k in top),
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


def province_paragraph(summary: dict, province: str) -> str:
    """One paragraph on a province for its fact sheet and briefing."""
    p = (summary.get("provinces") or {}).get(province)
    if not p:
        return ""
    short = short_province(province)
    r_count, n = rank_of(summary, province, "companies")
    out = sentence(f"{province}共有{GIANT} {count(p['companies'])}" + (f"，数量居全国第 {r_count} 位" if r_count else ""),
                   f"占全国的 {fmt_pct(ratio(p['companies'], summary.get('companies')))}" if ok(summary.get("companies")) else None)
    val, nat = p.get("valid_inventions_mean"), summary.get("valid_inventions_mean")
    emp, nemp = p.get("employees_mean"), summary.get("employees_mean")
    if ok(val) and ok(nat):
        out += sentence(f"平均每家持有有效发明专利 {fmt_num(val)} 件，{rel_phrase(val, nat, '比全国均值高出', '比全国均值低', '与全国均值基本持平')}",
                        f"平均员工 {fmt_num(emp, 0)} 人，{higher_lower(emp, nemp)}全国均值" if ok(emp) and ok(nemp) else None)
    radar = p.get("radar") or {}
    if radar and max(radar.values()) > 0:
        best = max(radar, key=lambda k: radar[k])
        worst = min(radar, key=lambda k: radar[k])
        ranks = {d: rank_of(summary, province, lambda q, d=d: get(q, "radar", d))[0] for d in radar}
        out += sentence(f"科创能力雷达的四个维度中，{short}得分最高的是{RADAR_LABELS.get(best, best)}（{fmt_pct(radar[best], 0)}，全国第 {ranks[best]} 位）",
                        f"最低的是{RADAR_LABELS.get(worst, worst)}（{fmt_pct(radar[worst], 0)}，全国第 {ranks[worst]} 位）" if worst != best else None)
    hl = p.get("highlights") or []
    if hl:
        out += sentence("按有效发明专利总量的全国排名，亮点产业领域为" + "、".join(
            f"{h['industry']}（{count(h['companies'])}，{count(h['valid_inventions'], '件')}有效发明专利，全国第 {h['rank']} 位）" for h in hl))
    return out


# ================================================================ 摘要


def key_findings(summary: dict, benchmarks: dict) -> list[Finding]:
    """The five blocks of 摘要: computed findings and takeaways, mirroring the report's chapters."""
    bm = benchmarks or {}
    out: list[Finding] = []
    n = summary.get("companies")

    # 1 basic profile
    f1 = Finding(1, f"{GIANT_FULL}企业的基本特征")
    keys = batch_keys(summary)
    f1.items.append(sentence(f"截至{_cut_off(summary)}，{cn_count(len(keys)) + '个批次' if len(keys) > 1 else ''}共有{GIANT_FULL}企业 {count(n)}"))
    emp, age = summary.get("employees_mean"), summary.get("founded_years_median")
    if ok(emp) or ok(age):
        f1.items.append(sentence(f"典型{GIANT}平均参保员工 {fmt_num(emp, 0)} 人" if ok(emp) else None,
                                 f"成立年限中位数 {fmt_num(age, 0)} 年" if ok(age) else None))
    nat = summary.get("national") or {}
    if ok(nat.get("companies_share")) and ok(nat.get("employment_ratio")) and ok(nat.get("granted_inventions_ratio")):
        f1.items.append(sentence(f"{GIANT}数量只占全国企业的 {fmt_pct(nat['companies_share'])}",
                                 f"就业占比却是数量占比的约 {fmt_times(nat['employment_ratio'])} 倍",
                                 f"发明专利占比约为 {fmt_times(nat['granted_inventions_ratio'])} 倍"))
        if nat["granted_inventions_ratio"] > 1 and nat["employment_ratio"] > 1:
            f1.takeaways.append("数量小、贡献大：以极小的企业占比支撑了可观的就业与技术产出。")
    if ok(summary.get("financed_share")) and ok(summary.get("listed_share")):
        f1.items.append(sentence(f"{cheng(summary['financed_share'])}企业获得过一级市场融资，上市企业占比 {fmt_pct(summary['listed_share'])}"))
    boards = {b: s for b, s in (summary.get("boards") or {}).items() if ok(s.get("giant_share_of_board"))}
    if boards:
        best = max(boards, key=lambda b: boards[b]["giant_share_of_board"])
        f1.items.append(sentence(f"在{best}，{GIANT}占上市企业的 {fmt_pct(boards[best]['giant_share_of_board'])}，为 A 股各板块中最高"))
        if ok(summary.get("listed_share")) and summary["listed_share"] < 0.2:
            f1.takeaways.append(f"资本市场参与度仍有提升空间；在{best}等创新板块中已是重要力量。")
    out.append(f1)

    # 2 technology
    f2 = Finding(2, f"{GIANT_FULL}企业的整体科创能力")
    apps, valid = summary.get("applications_mean"), summary.get("valid_inventions_mean")
    nat_valid = get(bm, "national", "valid_inventions_mean")
    a_valid = get(bm, "ashare", "valid_inventions_mean")
    if ok(apps) and ok(valid):
        f2.items.append(sentence(f"平均每家累计申请专利 {mean(apps)}、持有有效发明专利 {mean(valid)}",
                                 f"有效发明专利量{times_phrase(valid, nat_valid, '全国企业平均水平')}" if times_phrase(valid, nat_valid) else None,
                                 f"{times_phrase(valid, a_valid, 'A 股上市企业')}" if times_phrase(valid, a_valid) else None))
    g = get(summary, "applications_growth", "rate")
    target = bm.get("policy_growth_target")
    if ok(g):
        f2.items.append(sentence(f"{get(summary, 'applications_growth', 'to_year')} 年平均专利申请量增速为 {fmt_pct(g)}",
                                 f"{higher_lower(g, target)}“十四五”规划 {fmt_pct(target, 0)} 的年均增长目标" if ok(target) else None))
        small = ok(valid) and ok(a_valid) and valid < a_valid
        fast = ok(target) and g > target
        if small and fast:
            f2.takeaways.append("技术体量：规模尚小，但增长较快。")
    d, ad = summary.get("invention_density_per_1000"), get(bm, "ashare", "invention_density_per_1000")
    if ok(d):
        f2.items.append(sentence(f"每千名员工持有有效发明专利 {fmt_num(d)} 件",
                                 f"{times_phrase(d, ad, 'A 股上市企业')}" if times_phrase(d, ad) else None))
        if ok(ad) and d > ad:
            f2.takeaways.append("技术质量：技术密集度高，专业化、精细化特征明显。")
    if ok(summary.get("citations_mean")):
        f2.items.append(sentence(f"平均每家专利被引用 {fmt_num(summary['citations_mean'])} 次、对外许可 {fmt_num(summary.get('licenses_mean'))} 次、"
                                 f"对外转让 {fmt_num(summary.get('transfers_mean'))} 次"))
        f2.takeaways.append("技术影响力：以专利被引用为主要体现。")
    pm, ps = summary.get("pct_mean"), summary.get("pct_share")
    if ok(pm):
        zero = get(summary, "pct_bucket_shares", "0")
        f2.items.append(sentence(f"平均每家 PCT 专利申请 {mean(pm)}，占全部申请的 {fmt_pct(ps)}",
                                 f"{fmt_pct(zero)}的企业没有 PCT 申请" if ok(zero) else None))
        top = bm.get("top500_pct_share")
        if ok(ps) and ok(top) and ps < top:
            f2.takeaways.append("技术全球化：“走出去”程度还不高。")
    out.append(f2)

    # 3 the newest batch
    nb = summary.get("newest_batch") or {}
    if nb.get("earlier"):
        f3 = Finding(3, f"{batch_name(nb['batch'])}{GIANT}企业的特色")
        for para in ch3_newest(summary, bm):
            if para.lead:
                f3.items.append(para.lead)
        new, old = nb["newest"], nb["earlier"]
        g_new, g_old = get(new, "applications_growth", "rate"), get(old, "applications_growth", "rate")
        if ok(g_new) and ok(g_old) and g_new > g_old:
            f3.takeaways.append("新入选企业规模更小、成长更快。")
        out.append(f3)

    # 4 industries
    f4 = Finding(len(out) + 1, f"{GIANT_FULL}企业的行业科创格局")
    for para in ch3_distribution(summary, bm)[:2] + ch3_scale(summary):
        if para.lead:
            f4.items.append(para.lead)
    if ok(summary.get("focus_share")) and summary["focus_share"] >= 0.5:
        f4.takeaways.append("深度聚焦十大重点产业领域，“硬科技”特征鲜明。")
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
    cr = summary.get("cr10") or {}
    ratios = [ratio(get(cr, lv, "cr10"), get(cr, lv, "top_share_of_regions")) for lv in ("province", "city", "district")]
    if all(ok(r) for r in ratios) and ratios[0] < ratios[1] < ratios[2]:
        f5.takeaways.append("省、市、区县三级层层集聚，头部地区集中效应明显。")
    for para in ch4_bubble(summary):
        if para.lead:
            f5.items.append(para.lead)
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
