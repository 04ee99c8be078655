"""Who the synthetic companies are: batch, province, city, district, industry, name.

Counts come from the published report (data/published); where it says nothing
(batches 1–3 per province, cities outside the top 20, districts outside the top 10)
the split is proportional or follows a fixed rank-size rule, documented in data/README.md.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import regions
from ..data.regions import MUNICIPALITIES
from ..data.schema import INDUSTRIES, KEY_INDUSTRIES
from ..published import Published
from ..resources import asset_path
from .fit import closest_integers, controlled_round, integer_program, split_integer

EXTRA_COMPANY_PROVINCE = "西藏自治区"   # fig 4.1 adds to 9278; the 9279th company goes where no other figure is affected
CITY_21 = ("佛山市", 104)                # the report counts 21 cities above 100 but names only 20
CITY_CAP = 100
# Top-10 districts: the report names them in order and prints only 海淀's 265; CR10 = 11.9%
# (1100–1108 companies) and exactly four districts above 100 fix the rest within narrow bounds.
TOP_DISTRICTS = (("北京市", "海淀区", 265), ("深圳市", "宝安区", 130), ("深圳市", "南山区", 125),
                 ("上海市", "浦东新区", 110), ("北京市", "大兴区", 95), ("上海市", "嘉定区", 90),
                 ("上海市", "松江区", 80), ("上海市", "闵行区", 78), ("武汉市", "江夏区", 66),
                 ("成都市", "武侯区", 65))
DISTRICT_CAP = 60                        # every other district stays below the tenth
# Prefecture-level cities without districts count their towns and subdistricts as county-level units.
TOWNS = {
    "东莞市": ("松山湖", "长安镇", "虎门镇", "塘厦镇", "大朗镇", "清溪镇", "寮步镇", "东城街道", "南城街道", "常平镇",
              "凤岗镇", "厚街镇", "石碣镇", "大岭山镇", "黄江镇", "樟木头镇", "茶山镇", "万江街道"),
    "中山市": ("火炬开发区", "小榄镇", "古镇镇", "南头镇", "东凤镇", "坦洲镇", "三乡镇", "石岐街道", "东区街道", "黄圃镇",
              "西区街道", "南区街道"),
}

DETAILS = {
    "新材料": ("先进石化化工新材料", "先进无机非金属材料", "高性能纤维及制品和复合材料", "先进有色金属材料", "先进钢铁材料", "前沿新材料"),
    "新一代信息技术": ("电子核心产业", "下一代信息网络产业", "新兴软件和新型信息技术服务", "互联网与云计算、大数据服务", "人工智能"),
    "高端机械装备": ("智能制造装备产业",),
    "节能与新能源汽车": ("新能源汽车装置、配件制造", "先进环保产业", "资源循环利用产业", "高效节能产业"),
    "生物医药及高性能医疗器械": ("生物医药产业", "生物医学工程产业"),
    "航空航天装备": ("航空装备产业", "卫星及应用产业"),
    "海洋工程装备及高技术船舶": ("海洋工程装备产业",),
    "先进轨道交通装备": ("轨道交通装备产业",),
    "其他": ("数字创意产业", "相关服务业", "其他制造业"),
}
NAME_WORD = {"新材料": "新材料", "新一代信息技术": "信息技术", "高端机械装备": "智能装备", "节能与新能源汽车": "新能源",
             "生物医药及高性能医疗器械": "生物医药", "航空航天装备": "航空航天", "海洋工程装备及高技术船舶": "海洋装备",
             "先进轨道交通装备": "轨道交通", "其他": "实业"}


def build_skeleton(pub: Published, rng: np.random.Generator) -> pd.DataFrame:
    provinces = regions.province_names()
    sizes = np.array([int(pub.value(f"batches.{b}")) for b in (1, 2, 3, 4)])
    n_bp = batch_by_province(pub, provinces, sizes)
    cities = city_plan(pub, provinces, n_bp, rng)                   # rows: province, city, batch, count
    k_bi = batch_by_industry(pub, sizes)
    x = industry_plan(pub, provinces, n_bp, k_bi)                    # [batch, province, industry] counts
    rows = []
    for p_idx, province in enumerate(provinces):
        for b in range(4):
            plan = cities[(cities["province"] == province) & (cities["batch"] == b + 1)]
            city_list = np.repeat(plan["city"].to_numpy(), plan["count"].to_numpy())
            industries = np.repeat(np.array(INDUSTRIES), x[b, p_idx])
            assert len(city_list) == len(industries) == n_bp[b, p_idx], (province, b)
            industries = industries[rng.permutation(len(industries))]
            for city, industry in zip(city_list, industries):
                rows.append((b + 1, province, city, industry))
    df = pd.DataFrame(rows, columns=["batch", "province", "city", "industry"])
    df = place_stars(df, pub, rng)
    df["district"] = district_plan(df, pub, rng)
    df = name_companies(df, rng)
    return df


def batch_by_province(pub: Published, provinces: list[str], sizes: np.ndarray) -> np.ndarray:
    totals = np.array([int(pub.value(f"provinces.{p}.companies", allow_contradicted=True)) for p in provinces])
    totals[provinces.index(EXTRA_COMPANY_PROVINCE)] += int(sizes.sum() - totals.sum())
    b4 = np.array([int(pub.value(f"provinces.{p}.companies_by_batch.4")) for p in provinces])
    rest = totals - b4
    real = np.outer(rest, sizes[:3] / sizes[:3].sum())
    early = controlled_round(real, rest, sizes[:3])
    return np.vstack([early.T, b4])                                   # 4 × provinces


def city_plan(pub: Published, provinces: list[str], n_bp: np.ndarray, rng) -> pd.DataFrame:
    table = regions.cities()
    fixed = {}
    for key in pub.keys_like("cities."):
        parts = key.split(".")
        if len(parts) == 3 and parts[2] == "companies" and pub.has(key):
            fixed[parts[1]] = int(pub.value(key))
    fixed[CITY_21[0]] = CITY_21[1]
    fixed_b4 = {c: int(pub.value(f"cities.{c}.companies_by_batch.4")) for c in fixed
                if pub.has(f"cities.{c}.companies_by_batch.4")}
    target_regions = int(round(pub.value("cr10.city.top_share_of_regions", 0) and 10 / pub.value("cr10.city.top_share_of_regions")))
    if pub.has("cr10.city.regions"):
        target_regions = int(pub.value("cr10.city.regions"))
    # how many companies each province's cities hold, fixed ones first
    per_province = {}
    for p_idx, province in enumerate(provinces):
        total = int(n_bp[:, p_idx].sum())
        if province in MUNICIPALITIES:
            per_province[province] = ({province: total}, [])
            continue
        names = table.loc[table["province"] == province, "name"].tolist()
        fixed_here = {c: n for c, n in fixed.items() if c in names}
        others = [c for c in names if c not in fixed_here]
        per_province[province] = (fixed_here, others)
    # active cities: as many as possible, trimmed to the published count of cities with companies
    active = {}
    for province, (fixed_here, others) in per_province.items():
        rest = int(n_bp[:, provinces.index(province)].sum()) - sum(fixed_here.values())
        active[province] = min(len(others), rest)
    n_active = sum(len(f) for f, _ in per_province.values()) + sum(active.values())
    while n_active > target_regions:
        # drop a city where the remaining ones are least crowded
        province = max(active, key=lambda p: (active[p] / max(1, len(per_province[p][1])), active[p]) if active[p] > 0 and
                       _min_active(n_bp, provinces, p, per_province) < active[p] else (-1, 0))
        active[province] -= 1
        n_active -= 1
    rows = []
    for p_idx, province in enumerate(provinces):
        fixed_here, others = per_province[province]
        rest = int(n_bp[:, p_idx].sum()) - sum(fixed_here.values())
        counts = dict(fixed_here)
        if others and active[province]:
            order = _city_order(others, table, set(pub.stars["city"]))
            chosen = order[: active[province]]
            weights = 1.0 / np.arange(1, len(chosen) + 1) ** 0.8
            counts.update(zip(chosen, split_integer(rest, weights, lo=np.ones(len(chosen)),
                                                    hi=np.full(len(chosen), CITY_CAP)).tolist()))
        names = list(counts)
        totals = np.array([counts[c] for c in names])
        batches = n_bp[:, p_idx]
        b4 = np.zeros(len(names), dtype=np.int64)
        known = np.array([c in fixed_b4 for c in names])
        b4[known] = [fixed_b4[c] for c in np.array(names)[known]]
        if (~known).any():
            b4[~known] = split_integer(int(batches[3] - b4[known].sum()), totals[~known], hi=totals[~known])
        early_totals = totals - b4
        if batches[:3].sum():
            early = controlled_round(np.outer(early_totals, batches[:3] / batches[:3].sum()), early_totals, batches[:3])
        else:
            early = np.zeros((len(names), 3), dtype=np.int64)
        for i, city in enumerate(names):
            for b in range(3):
                rows.append((province, city, b + 1, int(early[i, b])))
            rows.append((province, city, 4, int(b4[i])))
    return pd.DataFrame(rows, columns=["province", "city", "batch", "count"])


def _min_active(n_bp, provinces, province, per_province) -> int:
    fixed_here, _ = per_province[province]
    rest = int(n_bp[:, provinces.index(province)].sum()) - sum(fixed_here.values())
    return int(np.ceil(rest / CITY_CAP))


def _city_order(names: list[str], table: pd.DataFrame, must: set[str]) -> list[str]:
    """Provincial capitals and the star companies' cities first, then cities (市) by code, then 州/地区/盟."""
    codes = table.set_index("name")["code"].astype(str)
    def rank(name):
        code = codes[name]
        return (0 if code.endswith("0100") or name in must else 1, 0 if name.endswith("市") else 1, code)
    return sorted(names, key=rank)


def batch_by_industry(pub: Published, sizes: np.ndarray) -> np.ndarray:
    """Companies per batch and industry: every share of fig 3.2 and every batch's coverage of the key
    industries inside its printed rounding, adding up to the industry totals of fig 3.1."""
    from .batches import _interval
    B, I = 4, len(INDUSTRIES)
    totals = np.array([int(pub.value(f"industries.{i}.companies")) for i in INDUSTRIES])
    n = B * I
    idx = np.arange(n).reshape(B, I)
    eq, rhs, ub, ubr = [], [], [], []
    centre = np.zeros(n)
    for b in range(B):
        r = np.zeros(n); r[idx[b]] = 1; eq.append(r); rhs.append(sizes[b])
        for j, ind in enumerate(KEY_INDUSTRIES):
            iv = _interval(pub, f"industries_by_batch.{b + 1}.{ind}.share")
            centre[idx[b, j]] = (iv[0] + iv[1]) / 2 * sizes[b]
            r = np.zeros(n); r[idx[b, j]] = 1; ub.append(r); ubr.append(iv[1] * sizes[b])
            r = np.zeros(n); r[idx[b, j]] = -1; ub.append(r); ubr.append(-iv[0] * sizes[b])
        centre[idx[b, -1]] = sizes[b] - centre[idx[b, :-1]].sum()
        iv = _interval(pub, f"focus_share_by_batch.{b + 1}")
        if iv:
            r = np.zeros(n); r[idx[b, :-1]] = 1; ub.append(r); ubr.append(iv[1] * sizes[b])
            r = np.zeros(n); r[idx[b, :-1]] = -1; ub.append(r); ubr.append(-iv[0] * sizes[b])
    for j in range(I):
        r = np.zeros(n); r[idx[:, j]] = 1; eq.append(r); rhs.append(totals[j])
    table = closest_integers(centre, eq, rhs, ub, ubr, what="industry shares by batch")
    return table.reshape(B, I)


def industry_plan(pub: Published, provinces: list[str], n_bp: np.ndarray, k_bi: np.ndarray) -> np.ndarray:
    """Companies per (batch, province, industry) with exact margins and the fact-sheet counts.

    Iterative proportional fitting from independence within each batch, then an integer program
    rounds every cell to its floor or ceiling while keeping all margins exact.
    """
    B, P, I = 4, len(provinces), len(INDUSTRIES)
    fixed = {(provinces.index(r.province), INDUSTRIES.index(r.industry)): int(r.companies)
             for r in pub.highlights.itertuples()}
    x = np.zeros((B, P, I))
    for b in range(B):
        x[b] = np.outer(n_bp[b], k_bi[b]) / max(1, n_bp[b].sum()) + 1e-6
    for _ in range(3000):
        for (p, i), count in fixed.items():
            x[:, p, i] *= count / x[:, p, i].sum()
        x *= (n_bp / np.maximum(x.sum(axis=2), 1e-12))[:, :, None]
        x *= (k_bi / np.maximum(x.sum(axis=1), 1e-12))[:, None, :]
        err = max(abs(x[:, p, i].sum() - c) for (p, i), c in fixed.items())
        if err < 1e-9 and np.abs(x.sum(axis=2) - n_bp).max() < 1e-9:
            break
    n = B * P * I
    idx = np.arange(n).reshape(B, P, I)
    rows, rhs = [], []
    for b in range(B):
        for p in range(P):
            r = np.zeros(n); r[idx[b, p, :]] = 1; rows.append(r); rhs.append(n_bp[b, p])
        for i in range(I):
            r = np.zeros(n); r[idx[b, :, i]] = 1; rows.append(r); rhs.append(k_bi[b, i])
    for (p, i), count in fixed.items():
        r = np.zeros(n); r[idx[:, p, i]] = 1; rows.append(r); rhs.append(count)
    flat = x.ravel()
    # every named star needs a company of its industry in its province
    need = {}
    for star in pub.stars.itertuples():
        province = star.province if star.province in provinces else None
        if star.city in MUNICIPALITIES:
            province = star.city
        elif regions.city_province(star.city):
            province = regions.city_province(star.city)
        key = (provinces.index(province), INDUSTRIES.index(star.industry))
        need[key] = need.get(key, 0) + 1
    ub, ubr = [], []
    for (p, i), count in need.items():
        r = np.zeros(n); r[idx[:, p, i]] = -1; ub.append(r); ubr.append(-count)
    # stay at floor or ceiling; prefer the nearer one
    cost = 0.5 - (flat - np.floor(flat))
    for slack in (0, 1, 2, 4):
        try:
            sol = integer_program(cost, np.array(rows), np.array(rhs, dtype=float), np.array(ub), np.array(ubr, dtype=float),
                                  lo=np.maximum(np.floor(flat) - slack, 0), hi=np.ceil(flat) + slack)
            return sol.reshape(B, P, I)
        except ValueError:
            continue
    raise ValueError("industry plan: no integer table within bounds")


def place_stars(df: pd.DataFrame, pub: Published, rng) -> pd.DataFrame:
    """Give the 80 star companies a row in their province and city, swapping industries within a
    (batch, province) so that no count changes."""
    df = df.copy()
    df["is_star"] = False
    df["star_name"] = ""
    df["star_detail"] = ""
    for star in pub.stars.itertuples():
        province = star.province
        if star.city in regions.city_names() and regions.city_province(star.city) not in (None, province) \
                and star.city not in MUNICIPALITIES or (star.city in MUNICIPALITIES and star.city != province):
            province = regions.city_province(star.city) or star.city   # the source pairs city and province wrongly
        star = star._replace(province=province)
        here = df[(df["province"] == star.province) & (df["city"] == star.city) & ~df["is_star"]]
        if here.empty:
            raise ValueError(f"no company slot in {star.province}{star.city} for star {star.name}")
        here = here.loc[rng.permutation(here.index.to_numpy())]          # any batch, not the first rows
        same = here[here["industry"] == star.industry]
        if not same.empty:
            r = same.index[0]
        else:
            r = None
            for cand in here.index:
                donors = df[(df["batch"] == df.at[cand, "batch"]) & (df["province"] == star.province)
                            & (df["industry"] == star.industry) & ~df["is_star"]]
                if not donors.empty:
                    s = donors.index[0]
                    df.loc[[cand, s], "industry"] = [star.industry, df.at[cand, "industry"]]
                    r = cand
                    break
            if r is None:
                raise ValueError(f"cannot place star {star.name}")
        df.at[r, "is_star"] = True
        df.at[r, "star_name"] = star.name
        df.at[r, "star_detail"] = star.industry_detail
    return df


def district_plan(df: pd.DataFrame, pub: Published, rng) -> pd.Series:
    """District of every company: the named top ten fixed, the rest rank-size within each city,
    the number of districts with companies trimmed to the published count (fig 4.3)."""
    table = pd.read_csv(asset_path("data/reference/districts.csv"), dtype=str)
    target = int(pub.value("cr10.district.regions")) if pub.has("cr10.district.regions") else None
    fixed = {(c, d): n for c, d, n in TOP_DISTRICTS}
    plans = {}
    for city, group in df.groupby("city", sort=True):
        names = table.loc[table["city"] == city, "name"].tolist() or list(TOWNS.get(city, ()))
        fixed_here = {d: n for (c, d), n in fixed.items() if c == city}
        others = [d for d in names if d not in fixed_here]
        others.sort(key=lambda d: (0 if d.endswith("区") else 1, names.index(d)))   # 区 before 县
        rest = len(group) - sum(fixed_here.values())
        if not names:            # a prefecture-level city without districts (东莞, 中山…) is its own unit
            fixed_here, others, rest = {city: len(group)}, [], 0
        low = int(np.ceil(rest / DISTRICT_CAP)) if rest > 0 else 0
        plans[city] = [fixed_here, others, rest, low, min(len(others), rest)]
    total = sum(len(p[0]) + p[4] for p in plans.values())
    while target is not None and total > target:
        # take a district away where the city has the most districts per company
        city = max((c for c, p in plans.items() if p[4] > max(p[3], 1)), key=lambda c: (plans[c][4] / plans[c][2], c))
        plans[city][4] -= 1
        total -= 1
    out = pd.Series("", index=df.index, dtype=object)
    for city, group in df.groupby("city", sort=True):
        fixed_here, others, rest, _, k = plans[city]
        counts = dict(fixed_here)
        if k:
            weights = 1.0 / np.arange(1, k + 1) ** 0.7
            counts.update(zip(others[:k], split_integer(rest, weights, lo=np.ones(k), hi=np.full(k, DISTRICT_CAP)).tolist()))
        labels = np.repeat(list(counts), list(counts.values()))
        out[group.index] = labels[rng.permutation(len(labels))]
    return out


def name_companies(df: pd.DataFrame, rng) -> pd.DataFrame:
    df = df.sort_values(["batch", "province", "city", "district", "industry", "is_star"], kind="stable").reset_index(drop=True)
    df["company_id"] = [f"GR{i:06d}" for i in range(1, len(df) + 1)]
    short = regions.cities().set_index("name")["short"].to_dict()
    names, details = [], []
    for i, row in enumerate(df.itertuples()):
        if row.is_star:
            names.append(row.star_name)
            details.append(row.star_detail)
        else:
            place = short.get(row.city) or row.city.removesuffix("市")
            names.append(f"{place}示例{NAME_WORD[row.industry]}企业{i + 1:04d}号")
            pool = DETAILS[row.industry]
            details.append(pool[int(rng.integers(len(pool)))])
    df["name"] = names
    df["industry_detail"] = details
    return df.drop(columns=["star_name", "star_detail"])
