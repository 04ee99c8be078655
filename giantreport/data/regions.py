"""China's administrative divisions: reference tables and a normaliser for company lists.

The tables live in ``data/reference/`` (see its README.md for source and year):
``provinces.csv`` (31 provincial divisions), ``cities.csv`` (every prefecture-level
division plus the four 直辖市 as cities) and ``plan_cities.csv`` (the five 计划单列市,
which MIIT lists show in the province column).

Everything here is a pure function of its arguments and those tables; the tables are
read once per process.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

import numpy as np
import pandas as pd

from giantreport.resources import asset_path

from . import parse

_REFERENCE = "data/reference"

# Extra spellings of a province that are not its full name or short form.
_PROVINCE_ALIASES: dict[str, str] = {
    "内蒙": "内蒙古自治区",
    "广西自治区": "广西壮族自治区",
    "宁夏自治区": "宁夏回族自治区",
    "新疆自治区": "新疆维吾尔自治区",
    # MIIT lists the corps as a province-level entry; geographically it is in Xinjiang.
    "新疆生产建设兵团": "新疆维吾尔自治区",
    "兵团": "新疆维吾尔自治区",
}

_WHITESPACE = re.compile(r"\s+")
# Distinct unresolvable provinces per frame that get "是否想写" suggestions.
_MAX_SUGGESTED = 100
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟")


# ---------------------------------------------------------------- tables

@cache
def _read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(asset_path(f"{_REFERENCE}/{name}"), dtype=str, keep_default_na=False,
                        encoding="utf-8")
    return frame


def provinces() -> pd.DataFrame:
    """The 31 provincial divisions: code, name, short, kind (直辖市/省/自治区), in code order."""
    return _read("provinces.csv").copy()


def cities() -> pd.DataFrame:
    """Prefecture-level divisions and the four 直辖市: code, name, short, province, in code order.

    ``short`` is empty where two cities would share it (none at present).
    """
    return _read("cities.csv").copy()


def plan_cities() -> pd.DataFrame:
    """The five 计划单列市: name, short, province."""
    return _read("plan_cities.csv").copy()


def province_names() -> list[str]:
    """Full names of the 31 provincial divisions, in code order."""
    return list(_lookups().province_order)


def city_names() -> list[str]:
    """Full names of the cities in ``cities()``, in code order."""
    return list(_lookups().city_order)


# ---------------------------------------------------------------- lookups

@dataclass(frozen=True)
class _Lookups:
    province_order: tuple[str, ...]
    province: dict[str, tuple[str, str | None]]    # spelling → (province, implied city)
    city: dict[str, tuple[str, ...]]               # spelling → candidate full names
    city_province: dict[str, str]                  # full city name → province
    core: dict[str, str]                           # full name → short form, for suggestions
    city_order: tuple[str, ...]


def _clean(value: object) -> str:
    """Comparable form: NFKC (full-width → half-width), all whitespace removed."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", str(value)))


@cache
def _lookups() -> _Lookups:
    prov = _read("provinces.csv")
    city = _read("cities.csv")
    plan = _read("plan_cities.csv")

    province: dict[str, tuple[str, str | None]] = {}
    core: dict[str, str] = {}
    for name, short, kind in zip(prov["name"], prov["short"], prov["kind"]):
        province[_clean(name)] = (name, None)
        province[_clean(short)] = (name, None)
        if kind == "自治区":
            province[_clean(short + "自治区")] = (name, None)
        core[name] = short
    for alias, name in _PROVINCE_ALIASES.items():
        province.setdefault(_clean(alias), (name, None))
    for name, short, in_province in zip(plan["name"], plan["short"], plan["province"]):
        province.setdefault(_clean(name), (in_province, name))
        province.setdefault(_clean(short), (in_province, name))

    spellings: dict[str, list[str]] = {}

    def add(spelling: str, name: str) -> None:
        key = _clean(spelling)
        if key and name not in spellings.setdefault(key, []):
            spellings[key].append(name)

    for name, short in zip(city["name"], city["short"]):
        add(name, name)
        if short:
            add(short, name)
            if name.endswith("自治州"):
                add(short + "州", name)      # 延边州, 黔南州, 湘西州 …
        core.setdefault(name, short or _strip_suffix(name))
    return _Lookups(
        province_order=tuple(prov["name"]),
        province=province,
        city={k: tuple(v) for k, v in spellings.items()},
        city_province=dict(zip(city["name"], city["province"])),
        core=core,
        city_order=tuple(city["name"]),
    )


def _strip_suffix(text: str) -> str:
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


# ---------------------------------------------------------------- resolving one value

def resolve_province(value: object) -> tuple[str | None, str | None]:
    """(full province name, city implied or None); (None, None) when unknown.

    Accepts full names and short forms in any width, with stray whitespace, and the five
    计划单列市 in either form: ``"宁波"`` → ``("浙江省", "宁波市")``.
    """
    return _lookups().province.get(_clean(value), (None, None))


def province_in(value: object, names) -> str | None:
    """Which of `names` (the provinces a dataset holds, as it spells them) the user means by `value`: the
    name itself, or any spelling ``resolve_province`` reads (浙江, 浙江省, full-width); None when none of them.
    The one place a province typed by a user is matched to the data (CLI, charts, briefings)."""
    names = list(names)
    text = str(value).strip() if value is not None else ""
    if text in names:
        return text
    full = resolve_province(value)[0]
    return full if full in names else None


@dataclass(frozen=True)
class Place:
    level: str         # "province" or "city"
    name: str          # full name: 浙江省, 杭州市
    province: str      # the province it lies in (itself for a province)


def resolve_place(value: object) -> Place | None:
    """A province or a prefecture-level city from any spelling: 浙江 → province 浙江省; 杭州 → city 杭州市 in
    浙江省; 宁波, a 计划单列市, is a city (``resolve_province`` reads it as its province); 北京 is the
    province-level 北京市. None when unknown or ambiguous."""
    full, city = resolve_province(value)
    if full is not None and city is None:
        return Place("province", full, full)
    name = city or resolve_city(value)
    return Place("city", name, _lookups().city_province[name]) if name else None


def resolve_city(value: object, province: str | None = None) -> str | None:
    """Full name of a prefecture-level city (or 直辖市) from its full or short name; None when unknown.

    ``province`` (any form ``resolve_province`` accepts) picks among cities sharing a spelling.
    """
    tables = _lookups()
    found = tables.city.get(_clean(value), ())
    if len(found) == 1:
        return found[0]
    if not found or province is None:
        return None
    in_province = resolve_province(province)[0]
    narrowed = [name for name in found if tables.city_province[name] == in_province]
    return narrowed[0] if len(narrowed) == 1 else None


def city_province(city: object) -> str | None:
    """The province a city (full or unambiguous short name) belongs to; None when unknown."""
    name = resolve_city(city)
    return _lookups().city_province[name] if name else None


def split_region(value: object) -> tuple[str, str, str]:
    """(province, city, district) from one string holding them in order, as ministry lists write
    所在地区: ``"浙江省杭州市余杭区"`` → (浙江省, 杭州市, 余杭区); ``"北京市海淀区"`` → (北京市, 北京市, 海淀区);
    ``"宁波市鄞州区"`` → (浙江省, 宁波市, 鄞州区). Full or short names, any width. A part that cannot be
    read is '' (the province then stays as written, and the loader reports it)."""
    text = _clean(value)
    if not text:
        return "", "", ""
    tables = _lookups()
    province, city, rest = "", "", text
    p_len, p_hit = _longest_prefix(text, tables.province)
    c_len, c_hit = _longest_prefix(text, tables.city)
    if c_len > p_len and len(c_hit) == 1:                     # 宁波市…, 吉林市… (a city before any province)
        city = c_hit[0]
        province = tables.city_province[city]
        rest = text[c_len:]
    elif p_len:
        province, implied = p_hit
        rest = text[p_len:]
        if implied:                                            # 宁波 in the province slot
            city = implied
        elif province in MUNICIPALITIES:
            city = province
            rest = rest.removeprefix(province).removeprefix(_strip_suffix(province)).removeprefix("市辖区")
        else:
            n, hit = _longest_prefix(rest, tables.city)
            names = [c for c in hit if tables.city_province[c] == province] if n else []
            if len(names) == 1:
                city, rest = names[0], rest[n:]
    else:
        return text, "", ""
    return province, city, rest


def _longest_prefix(text: str, table: dict):
    for n in range(min(len(text), 16), 1, -1):
        hit = table.get(text[:n])
        if hit:
            return n, hit
    return 0, None


def close_matches(value: object, candidates: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates resembling ``value``, best first.

    Scores with difflib on the whole strings and on their short forms (no 省/市/自治区…),
    and by characters shared in any order, which is what separates short Chinese names
    (``"浙将"`` → 浙江省; ``"广州省"`` → 广东省, 贵州省, 广西壮族自治区).
    """
    text = _clean(value)
    if not text or n <= 0:
        return []
    tables = _lookups()
    text_core = _strip_suffix(text)
    chars = set(text)
    whole, core = SequenceMatcher(None, "", text), SequenceMatcher(None, "", text_core)
    scored: list[tuple[float, int, str]] = []
    for order, candidate in enumerate(candidates):
        cand = _clean(candidate)
        if not cand or chars.isdisjoint(cand):
            continue
        cand_core = _clean(tables.core.get(candidate) or _strip_suffix(cand))
        whole.set_seq1(cand)
        core.set_seq1(cand_core)
        score = max(whole.ratio(), core.ratio(), _shared_chars(text_core, cand_core))
        if score >= 0.5:
            scored.append((-score, order, candidate))
    scored.sort()
    out: list[str] = []
    for _, _, candidate in scored:
        if candidate not in out:
            out.append(candidate)
        if len(out) == n:
            break
    return out


def _shared_chars(a: str, b: str) -> float:
    """Dice coefficient of the two strings' character sets."""
    sa, sb = set(a), set(b)
    return 2 * len(sa & sb) / (len(sa) + len(sb)) if sa and sb else 0.0


def province_expectation(value: object, suggest: bool = True) -> str:
    """What a province cell should hold, with up to three suggestions for ``value``."""
    text = "31 个省级行政区之一（全称或简称，如 浙江 / 浙江省）"
    if not suggest:
        return text
    suggestions: list[str] = []
    as_city = city_province(_strip_suffix(_clean(value)))     # 广州省 → 广州 → 广东省
    if as_city:
        suggestions.append(as_city)
    for name in close_matches(value, province_names(), n=3):
        if name not in suggestions:
            suggestions.append(name)
    if suggestions:
        text += "；是否想写：" + " / ".join(suggestions[:3]) + "？"
    return text


# ---------------------------------------------------------------- a whole frame

def normalise_regions(df: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[int, str, str, str]]]:
    """Province, city and district columns in canonical form, and the problems found.

    ``province`` becomes its full name (a 计划单列市 becomes its province, and fills an
    empty ``city``; a ``city`` column is added if there was none and one is needed).
    ``city`` becomes the full name of a known prefecture-level city; unknown cities are
    kept, trimmed. ``district`` is trimmed. Empty cells stay as they are.

    Problems are ``(row index label, column, value, expected text)``: a province that
    cannot be resolved (kept as given, trimmed), or a known city that lies in another
    province than the row's. Each distinct value is resolved once.
    """
    if "province" not in df.columns:
        raise KeyError("normalise_regions needs a 'province' column")
    out = df.copy()
    labels = df.index.tolist()
    problems: list[tuple[int, int, str, str, str]] = []     # (position, column order, …)

    # provinces
    p_codes, p_uniques = pd.factorize(df["province"], use_na_sentinel=True)
    p_text = [_text(v) for v in p_uniques]
    p_resolved = [resolve_province(t) if t else (None, None) for t in p_text]
    p_new = np.array([r[0] or t for r, t in zip(p_resolved, p_text)] + [None], dtype=object)
    p_bad = np.array([bool(t) and r[0] is None for r, t in zip(p_resolved, p_text)] + [False])
    out["province"] = _column(p_new[p_codes], df["province"], p_codes < 0)
    # suggestions cost ~0.2 ms a value: give them to the first distinct bad values only
    bad_uniques = np.flatnonzero(p_bad[:-1]).tolist()
    expected = {u: province_expectation(p_text[u], suggest=k < _MAX_SUGGESTED)
                for k, u in enumerate(bad_uniques)}
    for position in np.flatnonzero(p_bad[p_codes]).tolist():
        u = int(p_codes[position])
        problems.append((position, 0, "province", p_text[u], expected[u]))

    row_province = np.array([r[0] for r in p_resolved] + [None], dtype=object)[p_codes]
    implied = np.array([r[1] for r in p_resolved] + [None], dtype=object)[p_codes]

    # cities
    if "city" in df.columns:
        c_codes, c_uniques = pd.factorize(df["city"], use_na_sentinel=True)
        c_text = [_text(v) for v in c_uniques] + [""]
        c_codes = np.where(c_codes < 0, len(c_uniques), c_codes)
        # resolve each distinct (city, row province) pair once
        r_codes, r_uniques = pd.factorize(pd.Series(row_province, dtype=object), use_na_sentinel=True)
        r_codes = np.where(r_codes < 0, len(r_uniques), r_codes)
        pair = c_codes.astype(np.int64) * (len(r_uniques) + 1) + r_codes
        pair_uniques, pair_inverse = np.unique(pair, return_inverse=True)
        tables = _lookups()
        new_city, mismatch = [], []
        for key in pair_uniques.tolist():
            c, r = divmod(key, len(r_uniques) + 1)
            text = c_text[c]
            in_province = r_uniques[r] if r < len(r_uniques) else None
            name = resolve_city(text, in_province) if text else None
            new_city.append(name or text)
            home = tables.city_province.get(name) if name else None
            mismatch.append(f"城市“{text}”属于{home}，与省份“{in_province}”不一致"
                            if home and in_province and home != in_province else "")
        city_values = np.array(new_city, dtype=object)[pair_inverse.ravel()]
        city_empty = city_values == ""
        fill = city_empty & (implied != None)    # noqa: E711 — elementwise on an object array
        city_values = np.where(fill, implied, city_values)
        keep_original = city_empty & ~fill
        out["city"] = _column(city_values, df["city"], keep_original)
        mismatch_arr = np.array(mismatch, dtype=object)[pair_inverse.ravel()]
        for position in np.flatnonzero(mismatch_arr != ""):
            problems.append((position, 1, "city", c_text[c_codes[position]], mismatch_arr[position]))
    elif (implied != None).any():                # noqa: E711
        filled = np.where(implied != None, implied, "")           # noqa: E711
        out["city"] = _column(filled, df["province"].rename("city"), np.zeros(len(df), dtype=bool))

    # districts: trimmed only (no county-level table)
    if "district" in df.columns:
        d_codes, d_uniques = pd.factorize(df["district"], use_na_sentinel=True)
        d_new = np.array([_text(v) for v in d_uniques] + [None], dtype=object)
        out["district"] = _column(d_new[d_codes], df["district"], d_codes < 0)

    problems.sort(key=lambda p: (p[0], p[1]))
    return out, [(labels[pos], column, value, expected) for pos, _, column, value, expected in problems]


def _text(value: object) -> str:
    """A cell as trimmed text ('' for missing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _column(values: np.ndarray, original: pd.Series, keep: np.ndarray) -> pd.Series:
    """New values, with the original cell where ``keep``; in the original's dtype when it holds text."""
    merged = values.copy()
    if keep.any():
        merged[keep] = original.to_numpy(dtype=object)[keep]
    dtype = original.dtype if (pd.api.types.is_string_dtype(original.dtype)
                               or original.dtype == object) else object
    return pd.Series(merged, index=original.index, dtype=dtype, name=original.name)


# ---------------------------------------------------------------- what a briefing is about

#: What a briefing's name may say beyond what a list may (data/parse.INDUSTRY_ALIASES and its part rule):
#: short search words for the key industries, and the fields the report folds into 高端机械装备.
INDUSTRY_ALIASES: dict[str, str] = {**parse.INDUSTRY_ALIASES,
                                    "高端装备": "高端机械装备", "机械装备": "高端机械装备", "新能源车": "节能与新能源汽车",
                                    "电力装备": "高端机械装备", "农机装备": "高端机械装备",
                                    "高档数控机床和机器人": "高端机械装备", "数控机床": "高端机械装备", "机器人": "高端机械装备"}
AREA_KINDS = {"province": "省份", "city": "城市", "district": "区县", "industry": "产业领域"}


@dataclass(frozen=True)
class Area:
    """What a briefing is about: a province, a prefecture-level city, a district of a city, or a key industry."""
    kind: str                  # "province", "city", "district", "industry"
    name: str                  # 浙江省, 杭州市, 滨江区, 新材料
    province: str | None = None
    city: str | None = None    # a district's city

    @property
    def label(self) -> str:
        """The name a title prints: 杭州市滨江区 for a district, the name otherwise."""
        return f"{self.city}{self.name}" if self.kind == "district" else self.name


def _industries(value: str) -> list[str]:
    """The key industries a name can mean; a briefing's search also takes two-character parts (信息 …)."""
    from .schema import KEY_INDUSTRIES
    meant = [n for n in parse.industries_meant(value, INDUSTRY_ALIASES) if n in KEY_INDUSTRIES]
    return meant or [n for n in KEY_INDUSTRIES if len(value) >= 2 and value in n]


def area_candidates(value: object) -> list[Area]:
    """Every area `value` may name, provinces first: 浙江 → [province 浙江省]; 杭州 / 杭州市 → [city 杭州市];
    宁波 (a 计划单列市) → [city 宁波市]; 北京 → [province 北京市] (a 直辖市 is a province here); 吉林 → [province
    吉林省, city 吉林市]; 杭州市滨江区 / 浙江省杭州市滨江区 → [district 滨江区 of 杭州市]; 新材料, 生物医药 →
    [industry]. Empty when nothing matches."""
    text = _clean(value)
    if not text:
        return []
    tables = _lookups()
    out: list[Area] = []
    full, implied = resolve_province(text)
    if full is not None and implied is None:
        out.append(Area("province", full, full))
    for name in ([implied] if implied else list(tables.city.get(text, ()))):
        if name not in tables.province_order:                  # 北京市 the city is 北京市 the province
            out.append(Area("city", name, tables.city_province[name]))
    if not out:
        province, city, rest = split_region(text)
        if city and rest:
            out.append(Area("district", rest, province, city))
    out += [Area("industry", n) for n in _industries(text)]
    return out


def resolve_area(value: object) -> Area:
    """The one area `value` names (area_candidates); an error naming the input otherwise: the choices when
    it is ambiguous, close provinces, cities and industries when it is unknown."""
    from ..errors import GiantReportError
    from .schema import KEY_INDUSTRIES
    found = area_candidates(value)
    if len(found) == 1:
        return found[0]
    text = str(value).strip()
    if found:
        choices = "、".join(f"{a.label}（{AREA_KINDS[a.kind]}）" for a in found)
        return_hint = "、".join(f"giantreport briefing {a.label}" for a in found[:2])
        raise GiantReportError(f"“{text}”可以指：{choices}。请写得更具体，如 {return_hint}。")
    close = close_matches(value, province_names() + city_names() + list(KEY_INDUSTRIES), n=4)
    hint = f"是否想写：{'、'.join(close)}？" if close else ""
    raise GiantReportError(f"不认识“{text}”：它不是省份、地级城市、区县（请带城市名，如 杭州市滨江区）或重点产业领域"
                           f"（如 新材料、生物医药）。{hint}")
