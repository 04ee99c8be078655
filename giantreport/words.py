"""Comparative words chosen from the numbers a sentence prints.

A reader checks a sentence against the numbers on the page, so every comparison in the prose is
made between the values *as printed*. Each value is formatted the way the sentence shows it (the
``fmt`` passed in: ``narrative.fmt_pct``, ``fmt_num`` …), the printed text is read back, and from
those printed values come

* the word: 高于 / 低于 / 持平, 更多 / 更少, 最高 / 最低 (:meth:`Comparison.word`, :func:`extremes`);
* the difference: "高出 4.0 个百分点", "少 17.7%" (:meth:`Comparison.pp`, :meth:`Comparison.rel`);
* the multiple: "约为 2.0 倍", "约为 1/4", "相当于 23.4%" (:meth:`Comparison.times`);
* the newest batch against each earlier one (:func:`against_each`): "比前三批各批（41.9%～43.5%）高出
  1.2～2.8 个百分点", "介于前三批各批之间（…）" only when it lies strictly between two of them, and
  "与第二批持平" when it prints the same as one of them.

23.24% against 19.16% prints as "23.2%" and "19.2%", so the difference is 4.0 percentage points, not
the 4.1 of the unrounded values; two values that print the same are 持平, whatever their unrounded
difference. The one threshold-based word, 基本相当 for a multiple, is documented in docs/metrics.md §10.

The house style (docs/style.md) lives here and nowhere else: the formatters every chart, table and
sentence prints with — numbers (:func:`fmt_int`, :func:`fmt_num`, :func:`fmt_mean`, :func:`fmt_pct`,
:func:`fmt_pp`, :func:`times_text`), a table cell by its column's declared kind (:func:`fmt_kind`, kinds in
giantreport.stats.columns), units (:func:`count`, :func:`mean`), ranges (:func:`span`), ranks (:func:`rank`,
:func:`top_n`), counts in words (:func:`cn_number`, :func:`cn_count`), tenths (:func:`cheng`), lists
(:func:`join_cn`), batch names (:func:`batch_name`, :func:`batches_word`, :func:`earlier_name`), dates
(:func:`cn_date`) — and :func:`tidy`, which puts any text (caption, note, source, table header, chart
label) into the house spacing and signs. giantreport.narrative re-exports them for its callers.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable

Fmt = Callable[[object], str]

# ================================================================= house style (docs/style.md)

CN_DIGITS = "零一二三四五六七八九"
#: The name of the companies, always in Chinese quotation marks (style.md §8).
GIANT = "“小巨人”"
GIANT_FULL = "专精特新“小巨人”"
#: Range sign between two numbers (style.md §3): a wave dash, no spaces, the unit once after the second.
RANGE = "～"


def _missing(x) -> bool:
    return not ok(x)


def cn_number(n) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (0–99; larger as Arabic digits)."""
    n = int(n)
    if not 0 <= n < 100:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])


def fmt_int(x) -> str:
    """A count, whole, grouped by thousands: 9279 → "9,279"; missing → "—"."""
    return "—" if _missing(x) else f"{int(round(float(x))):,}"


def fmt_num(x, digits: int = 2) -> str:
    """104.4321 → "104.43"; 12345.6 → "12,345.60"; missing → "—"."""
    return "—" if _missing(x) else f"{float(x):,.{digits}f}"


#: Decimals per kind of measure (style.md §5): a mean per company (件/家, 次/家, 件/千人) two,
#: a share one, a multiple one, a score of the radar none, a count none.
MEAN_DIGITS = 2
SHARE_DIGITS = 1


def fmt_mean(x) -> str:
    """A mean per company or per 1,000 staff: always two decimals ("6.40", "83.70", "140.07")."""
    return fmt_num(x, MEAN_DIGITS)


def fmt_pct(x, digits: int | None = SHARE_DIGITS) -> str:
    """A share in [0, 1] as a percent with one decimal: 0.4344 → "43.4%", 0.0096 → "1.0%".

    A share below 0.05%, which one decimal would print as "0.0%", keeps two significant digits instead
    (0.00037 → "0.037%", the one documented exception, style.md §5; 0.00075 → "0.1%"); ``digits=0`` prints whole percents (radar
    scores, weights); ``digits=None`` is the same as the default.
    """
    if _missing(x):
        return "—"
    v = float(x) * 100
    if digits is None:
        digits = SHARE_DIGITS
    if v == 0:
        return "0%" if digits == 0 else f"{0:.{digits}f}%"
    if digits and abs(v) < 0.05:
        places = max(digits, 1 - int(math.floor(math.log10(abs(v)))))
        return f"{v:.{places}f}%"
    return f"{v:.{digits}f}%"


def fmt_pp(diff, digits: int = 1) -> str:
    """Difference of two shares in percentage points (absolute value): 0.023 → "2.3 个百分点"."""
    return f"{abs(float(diff)) * 100:.{digits}f} 个百分点"


def fmt_auto(x) -> str:
    """A chart's value label of a mean: as fmt_mean (the same kind of measure, the same decimals everywhere)."""
    return fmt_mean(x)


def cn_date(when) -> str:
    """A date as printed (style.md §2): "2022-06-30", a date or a datetime → "2022 年 6 月 30 日";
    None or "" → ""; text that is no ISO date is returned as it is."""
    if when is None:
        return ""
    if hasattr(when, "year") and hasattr(when, "month") and hasattr(when, "day"):
        return f"{when.year} 年 {when.month} 月 {when.day} 日"
    try:
        y, m, d = (int(p) for p in str(when)[:10].split("-"))
    except ValueError:
        return str(when)
    return f"{y} 年 {m} 月 {d} 日"


def span(lo: str, hi: str, unit: str = "") -> str:
    """A range of two printed values: ("1", "9", " 件") → "1～9 件"; the same text twice → that text."""
    return (lo if lo == hi else f"{lo}{RANGE}{hi}") + unit


def rank(n, word: str = "全国") -> str:
    """An ordinal rank: 1 → "全国第 1 位"; missing → ""."""
    return "" if n is None or (isinstance(n, float) and math.isnan(n)) else f"{word}第 {int(n)} 位"


def top_n(n) -> str:
    """The first n places: 10 → "前十位", 2 → "前两位", 12 → "前 12 位"."""
    n = int(n)
    if n == 2:
        return "前两位"
    return f"前{cn_number(n)}位" if 0 < n <= 10 else f"前 {n} 位"


def cn_count(n) -> str:
    """A count before a measure word, in prose, titles and charts alike (GB/T 15835: small counts in
    words): 2 → "两" (两批), below 10 in Chinese numerals ("三" 个), from 10 in digits with the space
    before the measure word ("16 " 个, "12 " 批)."""
    n = int(n)
    if n == 2:
        return "两"
    return cn_number(n) if 0 <= n < 10 else f"{n} "


def count(n, unit: str = "家") -> str:
    """A count with its unit: 9279 → "9,279 家"; (28, "件") → "28 件"."""
    return f"{fmt_int(n)} {unit}"


def mean(x, unit: str = "件", digits: int = MEAN_DIGITS) -> str:
    """A mean with its unit, two decimals unless told: 6.4 → "6.40 件"; (252.4, "人", 0) → "252 人"."""
    return f"{fmt_num(x, digits)} {unit}"


def join_cn(items, last: str = "和") -> str:
    """["甲", "乙", "丙"] → "甲、乙和丙" (empty items left out); `last="、"` lists them all alike."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + last + items[-1]


def num(digits: int = 2):
    """A formatter printing with `digits` decimals, as fmt_num (for the comparison helpers)."""
    return lambda x: fmt_num(x, digits)


#: "近X成" when a printed percent is at most this many points below a whole 成 (79.5% → 近八成).
NEAR_CHENG = 3.0


def cheng(x) -> str | None:
    """A share in 成 (tenths), read from its printed percent (fmt_pct): 41.6% → "约四成", 79.5% → "近八成",
    80.0% → "八成", 17.7% → "近两成", 16.5% → "约两成", 75.0% → "七成半", 7.0% → "不足一成", 95.0% → "九成以上"."""
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
    name = "两" if k == 2 else cn_number(k)
    if p == k * 10:
        return f"{name}成"
    if k * 10 - NEAR_CHENG <= p < k * 10:
        return f"近{name}成"
    if abs(p - (k * 10 - 5)) < 0.5:                # 75.0% is not "约八成" but 七成半
        return f"{'两' if k - 1 == 2 else cn_number(k - 1)}成半"
    return f"约{name}成"


def cheng_span(values) -> str | None:
    """Several shares as one span of 成: 66.1% and 84.0% → "六至八成" (the lowest floored, the highest rounded)."""
    shown = [show(v, fmt_pct) for v in values]
    if not shown or any(s is None for s in shown):
        return None
    low = int(math.floor(min(s.value for s in shown) / 10))           # 66.1% is six tenths and more, not 七成
    high = int(math.floor(max(s.value for s in shown) / 10 + 0.5))
    tenths = sorted({low, high})
    name = lambda k: "两" if k == 2 else cn_number(k)  # noqa: E731
    if tenths[0] < 1:
        return None
    return f"{name(tenths[0])}成" if len(tenths) == 1 else f"{name(tenths[0])}至{name(tenths[-1])}成"


def fmt_kind(kind: str | None, x) -> str:
    """A table cell's number by the kind its column declares (giantreport.stats.columns): count "9,279",
    share "23.2%", mean "6.40", median "18.5", score "0.873", rank "第 3 位", batch "第三批"; a column
    holding several units (``number``, or undeclared) whole numbers grouped, others two decimals."""
    if not ok(x):
        return "—"
    f = float(x)
    if kind == "count":
        return fmt_int(f)
    if kind == "share":
        return fmt_pct(f)
    if kind == "mean":
        return fmt_mean(f)
    if kind == "median":
        return fmt_num(f, 1)
    if kind == "score":
        return fmt_num(f, 3)
    if kind == "rank":
        return rank(f, "")
    if kind == "batch" and f.is_integer():
        return batch_name(int(f))
    return fmt_int(f) if f.is_integer() else fmt_num(f, 2)


# ---------------------------------------------------------------- batches


def batch_name(batch) -> str:
    """3 or "3" → "第三批"."""
    return f"第{cn_number(int(batch))}批"


def batches_word(batches) -> str:
    """All the batches together: four → "四批", twelve → "12 批"; one batch by its own name ("第三批")."""
    batches = list(batches)
    if len(batches) == 1:
        return batch_name(batches[0])
    return f"{cn_count(len(batches))}批"


def earlier_name(newest, summary: dict | None = None) -> str:
    """The batches before `newest` that the data holds (`summary["batches"]`), as a group: 4 → "前三批",
    2 → "第一批"; a list of batches 3 and 4 only → "第三批", of 3, 4 and 5 → "第三批和第四批" (never "前四批")."""
    n = int(newest) - 1
    held = sorted(int(b) for b in ((summary or {}).get("batches") or {}) if int(b) < int(newest))
    if held and held != list(range(1, n + 1)):
        return join_cn([batch_name(b) for b in held])
    return "第一批" if n == 1 else ("前两批" if n == 2 else f"前{cn_number(n)}批")


_HAN = "\u4e00-\u9fff"
_SPACE_BEFORE = re.compile(f"([{_HAN}])([A-Za-z0-9])")
_SPACE_AFTER = re.compile(f"([A-Za-z0-9%])([{_HAN}])")
_HAN_GAP = re.compile(f"(?<=[{_HAN}]) +(?=[{_HAN}])")
_DIGIT_RANGE = re.compile(r"(?<![\d.])(\d[\d,.]*%?) ?[–—~] ?(?=\d)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WIND = re.compile(r"\bWIND\b")
_BARE_GIANT = re.compile(r"(?<!“)小巨人(?!”)")
_BARE_RANK = re.compile(r"第 ?(\d+)(?! ?[\d位批名章页节])")
_UNGROUPED = re.compile(r"(?<![\d,.\w-])(?<!T )(\d{4,})(?![\d.]|-\d)")    # not in "GB/T 2260"


def spaced(text: str) -> str:
    """One space between Han characters and Latin letters/digits (and after "%"): "约为A股" → "约为 A 股"."""
    return _SPACE_AFTER.sub(r"\1 \2", _SPACE_BEFORE.sub(r"\1 \2", text))


def tidy(text):
    """Any printed text in the house style (style.md §1–§3, §9): "截至2022年6月30日" → "截至 2022 年 6 月
    30 日", "1–9件" / "2020—2021年" → "1～9 件" / "2020～2021 年", "WIND" → "Wind", 小巨人 in quotation
    marks, "第3" → "第 3 位", "9279" → "9,279" (years 1900–2099 stay as they are), no space between two
    Han characters ("6 月 30 日 的" → "6 月 30 日的"). ISO dates (2022-06-30) are left as they are.
    Non-strings and markup (charts, prepared HTML: anything with ``__html__``) are returned unchanged."""
    if not isinstance(text, str) or not text or hasattr(text, "__html__"):
        return text
    out = _WIND.sub("Wind", text)
    if not _ISO_DATE.search(out):
        out = _DIGIT_RANGE.sub(lambda m: m.group(1) + RANGE, out)
    out = _BARE_GIANT.sub(GIANT, out)
    out = _BARE_RANK.sub(r"第 \1 位", out)
    out = _UNGROUPED.sub(lambda m: m.group(1) if re.fullmatch(r"(?:19|20)\d\d", m.group(1))
                         else f"{int(m.group(1)):,}", out)
    out = spaced(out)
    return _HAN_GAP.sub("", out)

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")

#: A multiple of printed values within this of 1 reads "基本相当" (0.95 … 1.05).
SAME_MULTIPLE = 0.05
#: "约为 1/k" when the printed ratio is within this relative distance of 1/k (k = 2 … 10).
FRACTION_TOLERANCE = 0.06


def ok(x) -> bool:
    """A usable number: not None, not NaN, not infinite."""
    if x is None or isinstance(x, bool):
        return False
    try:
        f = float(x)
    except (TypeError, ValueError):
        return False
    return not (math.isnan(f) or math.isinf(f))


@dataclass(frozen=True)
class Shown:
    """A number as printed: its text ("23.2%"), the number read back (23.2) and its decimals (1)."""

    text: str
    value: float
    places: int


def read_back(text: str) -> tuple[float, int] | None:
    """The first number of a printed text and its decimals: "1,234.50 件" → (1234.5, 2), "−3.1%" → (-3.1, 1)."""
    m = _NUMBER.search(str(text).replace("−", "-"))
    if not m:
        return None
    digits = m.group(0).replace(",", "")
    return float(digits), (len(digits.split(".")[1]) if "." in digits else 0)


def show(x, fmt: Fmt) -> Shown | None:
    """`x` as `fmt` prints it, read back; None when x is missing or prints no number."""
    if not ok(x):
        return None
    text = fmt(x)
    back = read_back(text)
    return Shown(text, *back) if back else None


def _places_text(value: float, places: int) -> str:
    return f"{value:,.{places}f}"


def times_text(r: float) -> str:
    """A multiple: 2.48 → "2.5", 116.3 → "116", 0.5 → "0.50" (narrative.fmt_times)."""
    r = float(r)
    if r >= 20:
        return f"{int(round(r)):,}"
    if r >= 1:
        return f"{r:.1f}"
    return f"{r:.2f}"


@dataclass(frozen=True)
class Comparison:
    """Two printed values, a against b."""

    a: Shown
    b: Shown

    @property
    def sign(self) -> int:
        """+1 when a prints larger, -1 smaller, 0 when both print the same number."""
        return (self.a.value > self.b.value) - (self.a.value < self.b.value)

    def word(self, more: str, less: str, same: str) -> str:
        return more if self.sign > 0 else (less if self.sign < 0 else same)

    @property
    def places(self) -> int:
        return max(self.a.places, self.b.places)

    @property
    def diff(self) -> float:
        """a − b of the printed values, rounded to the finer of their decimals (exact for printed values)."""
        return round(self.a.value - self.b.value, self.places)

    def diff_text(self, unit: str = " 个百分点") -> str:
        """|a − b| as printed: "4.0 个百分点" (23.2% against 19.2%)."""
        return _places_text(abs(self.diff), self.places) + unit

    @property
    def ratio(self) -> float | None:
        """a / b of the printed values (None when b prints as 0)."""
        return self.a.value / self.b.value if self.b.value else None

    def rel_text(self) -> str | None:
        """|a / b − 1| of the printed values with one decimal ("17.7%"); "不足 0.1%" when that rounds to 0."""
        r = self.ratio
        if r is None:
            return None
        text = f"{abs(r - 1) * 100:.1f}%"
        return "不足 0.1%" if text == "0.0%" and self.sign else text

    def pp(self, higher: str = "高出", lower: str = "低", same: str = "持平") -> str:
        """Two printed percentages: "高出 4.0 个百分点" / "低 2.3 个百分点" / "持平"."""
        return same if not self.sign else f"{higher if self.sign > 0 else lower} {self.diff_text()}"

    def rel(self, higher: str = "高出", lower: str = "低", same: str = "持平") -> str | None:
        """Two printed amounts: "高出 12.3%" / "少 17.7%" / "持平" (None when b prints as 0)."""
        if not self.sign:
            return same
        text = self.rel_text()
        return None if text is None else f"{higher if self.sign > 0 else lower} {text}"

    def times(self, of: str = "") -> str | None:
        """a relative to b: "约为{of}的 2.5 倍" / "与{of}基本相当" / "约为{of}的 1/4" / "相当于{of}的 23.5%"."""
        r = self.ratio
        if r is None or r <= 0:
            return None
        who = "" if not of else (of if of == "其" else f"{of}的")
        if abs(r - 1) <= SAME_MULTIPLE:
            return f"与{of}基本相当" if of and of != "其" else "基本相当"
        if r > 1:
            return f"约为{who} {times_text(r)} 倍"
        k = round(1 / r)
        if 2 <= k <= 10 and abs(1 / k - r) / r < FRACTION_TOLERANCE:
            return f"约为{who} 1/{k}"
        return f"相当于{who} {r * 100:.1f}%"


def compare(a, b, fmt: Fmt, fmt_b: Fmt | None = None) -> Comparison | None:
    """a against b as the sentence prints them (b with `fmt_b` when it is printed differently)."""
    sa, sb = show(a, fmt), show(b, fmt_b or fmt)
    return Comparison(sa, sb) if sa and sb else None


def _span(texts: list[str]) -> str:
    """["5.9%", "18.1%"] → "5.9%～18.1%"; one distinct text → that text."""
    first, last = texts[0], texts[-1]
    return first if first == last else f"{first}～{last}"


def _span_amounts(amounts: list[tuple[float, str]], unit: str = "") -> str:
    ordered = sorted(amounts)
    lo, hi = ordered[0][1], ordered[-1][1]
    return (lo if lo == hi else f"{lo}～{hi}") + unit


def against_each(new, olds: list[tuple[str, object]], fmt: Fmt, earlier: str, mode: str = "pp",
                 more: str = "高", less: str = "低", unit: str = "") -> str | None:
    """The newest batch's value against each earlier batch, from the printed values.

    `olds` are (batch name, value) in batch order; `earlier` names them together ("前三批", "第一批");
    `mode` "pp" gives differences in percentage points, "rel" relative differences; `unit` follows the
    earlier batches' printed values (" 人"). Returns e.g.
    "比前三批各批（41.9%～43.5%）高出 1.2～2.8 个百分点", "比第一批（287 人）少 21.3%",
    "与前三批各批持平（均为 13.0 年）", "与第二批持平，比第一批、第三批（…）高出 …",
    "介于前三批各批之间（5.9%～18.1%）".
    """
    n = show(new, fmt)
    shown = [(name, show(v, fmt)) for name, v in olds]
    shown = [(name, s) for name, s in shown if s is not None]
    if n is None or not shown:
        return None
    single = len(shown) == 1
    each = "" if single else "各批"
    cmps = [(name, Comparison(n, s)) for name, s in shown]
    ups = [(name, c) for name, c in cmps if c.sign > 0]
    downs = [(name, c) for name, c in cmps if c.sign < 0]
    sames = [name for name, c in cmps if c.sign == 0]

    def values(group) -> str:
        return _span([c.b.text for _, c in sorted(group, key=lambda nc: nc[1].b.value)]) + unit

    if not ups and not downs:
        return f"与{earlier}{each}持平" + ("" if single else f"（均为 {n.text}{unit}）")
    if ups and downs:
        return f"介于{earlier}各批之间（{values(cmps)}）"
    group = ups or downs
    if mode == "pp":
        word = "高出" if ups else "低"
        amount = _span_amounts([(abs(c.diff), c.diff_text("")) for _, c in group], " 个百分点")
    else:
        word = more if ups else less
        rels = [(abs((c.ratio or 1) - 1), c.rel_text()) for _, c in group]
        if any(t is None for _, t in rels):
            return None
        amount = _span_amounts(rels)
    if sames:
        others = "、".join(name for name, _ in group)
        return f"与{'、'.join(sames)}持平，比{others}（{values(group)}）{word} {amount}"
    return f"比{earlier}{each}（{values(group)}）{word} {amount}"


def extremes(values: dict[str, object], fmt: Fmt) -> tuple[list[str], list[str]] | None:
    """(names printing the largest value, names printing the smallest) among `values`; ties share the place.

    None when fewer than two values print or all print the same.
    """
    shown = {k: show(v, fmt) for k, v in values.items()}
    shown = {k: s for k, s in shown.items() if s is not None}
    if len(shown) < 2:
        return None
    hi = max(s.value for s in shown.values())
    lo = min(s.value for s in shown.values())
    if hi == lo:
        return None
    return [k for k, s in shown.items() if s.value == hi], [k for k, s in shown.items() if s.value == lo]


def monotone(values: Iterable[object], fmt: Fmt) -> int:
    """+1 when the printed values rise strictly one after another, -1 when they fall strictly, else 0."""
    shown = [show(v, fmt) for v in values]
    if len(shown) < 2 or any(s is None for s in shown):
        return 0
    nums = [s.value for s in shown]
    if all(a < b for a, b in zip(nums, nums[1:])):
        return 1
    if all(a > b for a, b in zip(nums, nums[1:])):
        return -1
    return 0
