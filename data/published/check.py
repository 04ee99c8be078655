"""Self-check for data/published: re-reads figures.csv, highlights.csv and stars.csv and
re-does the arithmetic the transcription relied on.

    python data/published/check.py

Every check is either a CONSISTENCY check (the published numbers agree; must pass) or a
CONTRADICTION check (the published numbers disagree; expected to fail and reported).
Exit status is 1 only if a check comes out differently from what README.md documents.
"""
from __future__ import annotations

import csv
import itertools
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROWS = list(csv.DictReader(open(HERE / "figures.csv", encoding="utf-8")))
HL = list(csv.DictReader(open(HERE / "highlights.csv", encoding="utf-8")))
STARS = list(csv.DictReader(open(HERE / "stars.csv", encoding="utf-8")))

BY_KEY: dict[str, list[dict]] = defaultdict(list)
BY_ID = {r["id"]: r for r in ROWS}
for r in ROWS:
    if r["key"]:
        BY_KEY[r["key"]].append(r)

B = ["1", "2", "3", "4"]
results: list[tuple[str, bool, bool, str]] = []   # (name, passed, expected, detail)


class P:
    """A printed number: value and half-unit of its last printed digit."""

    def __init__(self, row: dict):
        self.s = row["value"]
        self.v = float(row["value"])
        d = int(row["decimals"] or 0)
        self.h = 0.5 * 10 ** -d
        self.row = row

    @property
    def lo(self):
        return self.v - self.h

    @property
    def hi(self):
        return self.v + self.h


def get(key: str, figure: str | None = None, status_ok_only=True) -> P:
    """Most precise ok/derived/contradicted row for key (optionally from one figure)."""
    rows = [r for r in BY_KEY.get(key, []) if (figure is None or r["figure"] == figure)
            and r["status"] != "approximate"]
    if not rows:
        raise KeyError(f"{key} ({figure})")
    rows.sort(key=lambda r: -int(r["decimals"] or 0))
    return P(rows[0])


def val(key, figure=None) -> float:
    return get(key, figure).v


def rng(fn, *ps: P):
    """Interval of fn over the rounding box of printed inputs (corner evaluation; fn monotone per arg)."""
    vals = [fn(*c) for c in itertools.product(*[(p.lo, p.hi) for p in ps])]
    return min(vals), max(vals)


def overlaps(interval, p: P, slack=1e-9):
    lo, hi = interval
    return hi >= p.lo - slack and lo <= p.hi + slack


def check(name, passed, detail, expected=True):
    results.append((name, bool(passed), expected, detail))


N = val("companies")
NB = {b: val(f"batches.{b}") for b in B}

# ----------------------------------------------------------------------------------- counts
check("batches sum to companies", sum(NB.values()) == N, f"{' + '.join(str(int(v)) for v in NB.values())} = {sum(NB.values()):.0f}")
cert = sum(float(BY_ID[f"prose-1-1.certified.b{b}"]["value"]) for b in B)
check("certified batches sum to 8997", cert == float(BY_ID["prose-1-1.certified"]["value"]), f"155+1584+2930+4328 = {cert:.0f}")
check("intro: published exceeds certified by 282 ('多')", N - cert == 282, f"{N:.0f} - {cert:.0f} = {N - cert:.0f}")
check("prose 1.1: '比实际培育认定少 282 家'", cert - N == 282,
      f"published - certified = {N - cert:+.0f}: published is MORE, not less", expected=False)


def weighted(keyfmt, figure=None):
    ps = [get(keyfmt.format(b=b), figure) for b in B]
    return rng(lambda *x: sum(NB[b] * xi for b, xi in zip(B, x)) / N, *ps)


for name, keyfmt, total in (
        ("employees", "employees_mean_by_batch.{b}", "employees_mean"),
        ("valid inventions", "valid_inventions_mean_by_batch.{b}", "valid_inventions_mean"),
        ("applications", "applications_mean_by_batch.{b}", "applications_mean"),
        ("2020 applications", "applications_growth_by_batch.{b}.from_mean", "applications_growth.from_mean"),
        ("2021 applications", "applications_growth_by_batch.{b}.to_mean", "applications_growth.to_mean"),
        ("citations", "citations_mean_by_batch.{b}", "citations_mean"),
        ("licenses", "licenses_mean_by_batch.{b}", "licenses_mean"),
        ("transfers", "transfers_mean_by_batch.{b}", "transfers_mean"),
        ("PCT", "pct_mean_by_batch.{b}", "pct_mean"),
        ("focus share", "focus_share_by_batch.{b}", "focus_share")):
    iv = weighted(keyfmt)
    t = get(total)
    check(f"batch-weighted {name} mean reproduces overall", overlaps(iv, t),
          f"weighted in [{iv[0]:.4f}, {iv[1]:.4f}] vs printed {t.s}")

# the order-sensitive resolutions: other permutations must fail
for name, keyfmt, total in (("licenses", "licenses_mean_by_batch.{b}", "licenses_mean"),
                            ("transfers", "transfers_mean_by_batch.{b}", "transfers_mean"),
                            ("PCT", "pct_mean_by_batch.{b}", "pct_mean")):
    ps = [get(keyfmt.format(b=b)) for b in B]
    t = get(total)
    fits, loose = [], []
    for perm in itertools.permutations(ps[:3]):
        order = list(perm) + [ps[3]]
        point = sum(NB[b] * p.v for b, p in zip(B, order)) / N
        if t.lo <= point <= t.hi:
            fits.append("/".join(p.s for p in perm))
        if overlaps(rng(lambda *x: sum(NB[b] * xi for b, xi in zip(B, x)) / N, *order), t):
            loose.append("/".join(p.s for p in perm))
    check(f"{name}: only the printed batch order reproduces the overall mean (point estimates)",
          fits == ["/".join(p.s for p in ps[:3])],
          f"orders of batches 1-3 whose point estimate rounds to {t.s}: {fits}; with worst-case input rounding also: {loose}")
# PCT: joint means + shares fix the order uniquely
apps_b = [get(f"applications_mean_by_batch.{b}") for b in B]
pm_b = [get(f"pct_mean_by_batch.{b}") for b in B[:3]]
ps_b = [get(f"pct_share_by_batch.{b}", "fig-2-6") for b in B[:3]]
joint = [perm for perm in itertools.permutations(range(3))
         if all(overlaps(rng(lambda x, y: x / y * 100, pm_b[perm[k]], apps_b[k]), ps_b[k]) for k in range(3))]
check("PCT: printed share series fixes the batch order of the means uniquely", joint == [(0, 1, 2)], f"fitting orders: {joint}")

inv_apps = weighted("invention_applications_mean_by_batch.{b}")
grants = weighted("invention_grants_mean_by_batch.{b}")
apps = get("applications_mean")
share_iv = (inv_apps[0] / apps.hi * 100, inv_apps[1] / apps.lo * 100)
check("invention_application_share = weighted invention applications / applications", overlaps(share_iv, get("invention_application_share")),
      f"[{share_iv[0]:.3f}, {share_iv[1]:.3f}]% vs 43.44%")
gr_iv = (grants[0] / inv_apps[1] * 100, grants[1] / inv_apps[0] * 100)
check("invention_grant_rate = weighted grants / weighted invention applications", overlaps(gr_iv, get("invention_grant_rate")),
      f"[{gr_iv[0]:.3f}, {gr_iv[1]:.3f}]% vs 36.03%")
tot_iv = (grants[0] * N / 1e4, grants[1] * N / 1e4)
check("granted_inventions_total 15.16万 = weighted grants x 9279", overlaps(tot_iv, get("national.granted_inventions_total")),
      f"[{tot_iv[0]:.3f}, {tot_iv[1]:.3f}] 万件")

for b in B:
    a, ia, g = (get(f"applications_mean_by_batch.{b}"), get(f"invention_applications_mean_by_batch.{b}"),
                get(f"invention_grants_mean_by_batch.{b}"))
    s, r = get(f"invention_application_share_by_batch.{b}", "fig-2-4"), get(f"invention_grant_rate_by_batch.{b}", "fig-2-4")
    check(f"batch {b}: invention share = inv.apps/apps", overlaps(rng(lambda x, y: x / y * 100, ia, a), s),
          f"{ia.s}/{a.s} vs {s.s}%")
    check(f"batch {b}: grant rate = grants/inv.apps", overlaps(rng(lambda x, y: x / y * 100, g, ia), r),
          f"{g.s}/{ia.s} vs {r.s}%")
    pm, ps_ = get(f"pct_mean_by_batch.{b}"), get(f"pct_share_by_batch.{b}", "fig-2-6")
    check(f"batch {b}: PCT share = pct_mean/applications", overlaps(rng(lambda x, y: x / y * 100, pm, a), ps_),
          f"{pm.s}/{a.s} vs {ps_.s}%")
    v, e, d = get(f"valid_inventions_mean_by_batch.{b}"), get(f"employees_mean_by_batch.{b}"), get(f"invention_density_per_1000_by_batch.{b}")
    check(f"batch {b}: density = valid/employees x1000", overlaps(rng(lambda x, y: x / y * 1000, v, e), d),
          f"{v.s}/{e.s} vs {d.s}")
    f, t, g_ = (get(f"applications_growth_by_batch.{b}.from_mean"), get(f"applications_growth_by_batch.{b}.to_mean"),
                get(f"applications_growth_by_batch.{b}.rate"))
    check(f"batch {b}: growth = to/from - 1", overlaps(rng(lambda x, y: (y / x - 1) * 100, f, t), g_), f"{t.s}/{f.s} vs {g_.s}%")
check("overall growth = 17.97/15.19 - 1", overlaps(rng(lambda x, y: (y / x - 1) * 100, get("applications_growth.from_mean"),
                                                        get("applications_growth.to_mean")), get("applications_growth.rate")), "18.3%")
check("overall density = 15.89/252.25 x1000", overlaps(rng(lambda x, y: x / y * 1000, get("valid_inventions_mean"),
                                                            get("employees_mean")), get("invention_density_per_1000")), "62.99")
check("overall PCT share = 1.27/104.43", overlaps(rng(lambda x, y: x / y * 100, get("pct_mean"), apps), get("pct_share")), "1.2%")

# ----------------------------------------------------------------------------------- listing / financing
listed = {}
for b in B:
    s = get(f"listed_share_by_batch.{b}")
    cands = [k for k in range(int(NB[b]) + 1) if s.lo <= k / NB[b] * 100 <= s.hi]
    listed[b] = cands
check("listed shares resolve to integer counts summing to listed_count",
      all(len(c) == 1 for c in listed.values()) and sum(c[0] for c in listed.values()) == val("listed_count"),
      f"counts {[c for c in listed.values()]} sum {sum(c[0] for c in listed.values() if c)} vs 646")
check("listed_share = 646/9279", overlaps(rng(lambda x: x / N * 100, get("listed_count")), get("listed_share")), "6.96%")
fin = {}
for b in B:
    s = get(f"financed_share_by_batch.{b}")
    fin[b] = [k for k in range(int(NB[b]) + 1) if s.lo <= k / NB[b] * 100 <= s.hi]
check("financed shares of batches 2-4 resolve to integer counts", all(len(fin[b]) == 1 for b in "234"),
      f"{fin['2']}, {fin['3']}, {fin['4']}")
implied = val("financed_count") - sum(fin[b][0] for b in "234")
check("batch-1 financed share 56.28% is achievable over 248 firms", bool(fin["1"]),
      f"3859-767-1138-1815 = {implied:.0f} -> {implied / NB['1'] * 100:.2f}%; no k/248 rounds to 56.28% (139/247 = 56.28%)",
      expected=False)
check("financed_share = 3859/9279", overlaps(rng(lambda x: x / N * 100, get("financed_count")), get("financed_share")), "41.59%")

boards = ["主板", "创业板", "科创板", "北交所", "港交所", "新交所", "新三板"]
for bd in boards:
    c, s = get(f"boards.{bd}.count"), get(f"boards.{bd}.share")
    check(f"{bd}: share = count/9279", overlaps(rng(lambda x: x / N * 100, c), s), f"{c.s}/9279 vs {s.s}%")
for bd in ["创业板", "科创板", "北交所"]:
    c, z, s = get(f"boards.{bd}.count"), get(f"boards.{bd}.board_size"), get(f"boards.{bd}.giant_share_of_board")
    check(f"{bd}: giant share of board = count/board size", overlaps(rng(lambda x, y: x / y * 100, c, z), s),
          f"{c.s}/{z.s} = {c.v / z.v * 100:.2f}% vs {s.s}%")
c, z, s = get("boards.主板.count"), get("boards.主板.board_size"), get("boards.主板.giant_share_of_board")
check("主板: giant share of board = 174/3155", overlaps(rng(lambda x, y: x / y * 100, c, z), s),
      f"174/3155 = {c.v / z.v * 100:.2f}% vs printed {s.s}% (6.4% implies ~{s.v / 100 * z.v:.0f} firms)", expected=False)
ash = sum(val(f"boards.{bd}.count") for bd in ["主板", "创业板", "科创板", "北交所"])
check("A-share board counts sum to the printed 638", ash == float(BY_ID["prose-1-2.ashare_listed_count"]["value"]),
      f"174+246+205+29 = {ash:.0f} (footnote: dual listings/transfers counted on each board)", expected=False)
check("A-share 638 + 港交所 7 + 新交所 1 = 646", 638 + val("boards.港交所.count") + val("boards.新交所.count") == val("listed_count"),
      "638+7+1 = 646")

# ----------------------------------------------------------------------------------- national
for key, num, den in (("national.companies_share", N, float(BY_ID["fig-1-3.national_companies_total"]["value"])),
                      ("national.employment_share", val("employees_total"), float(BY_ID["fig-1-3.national_employment_total"]["value"])),
                      ("national.granted_inventions_share", val("national.granted_inventions_total"),
                       float(BY_ID["fig-1-3.national_inventions_total"]["value"]))):
    check(f"{key} = numerator/benchmark", overlaps((num / den * 100,) * 2, get(key)), f"{num}/{den} = {num / den * 100:.4f}%")
emp_total = val("employees_mean") * N / 1e4
check("employees_total = employees_mean x companies", overlaps((emp_total,) * 2, get("employees_total")),
      f"252.25 x 9279 = {emp_total:.2f}万 vs printed 224.5万 (224.5万/9279 = {224.5e4 / N:.1f} 人)", expected=False)
check("near-tenfold: employment share / company share in [8.5, 10.5]", 8.5 <= 0.353 / (N / 25055456 * 100) <= 10.5,
      f"{0.3527 / (N / 25055456 * 100):.2f}")

# ----------------------------------------------------------------------------------- PCT buckets
bk = ["0", "1-9", "10-100", ">100"]
bsum = sum(val(f"pct_buckets.{k}") for k in bk)
check("PCT bucket counts sum to 9279", bsum == N, f"7376+1617+277+8 = {bsum:.0f}", expected=False)
for k in bk:
    c, s = get(f"pct_buckets.{k}"), get(f"pct_bucket_shares.{k}")
    check(f"PCT bucket {k}: share = count/9279", overlaps(rng(lambda x: x / N * 100, c), s), f"{c.s}/9279 vs {s.s}%")

# ----------------------------------------------------------------------------------- industries
IND = ["新材料", "新一代信息技术", "高端机械装备", "节能与新能源汽车", "生物医药及高性能医疗器械", "航空航天装备",
       "海洋工程装备及高技术船舶", "先进轨道交通装备"]
cnt = {i: val(f"industries.{i}.companies") for i in IND + ["其他"]}
check("industry counts (fig 3.1) sum to 9279", sum(cnt.values()) == N, f"{sum(cnt.values()):.0f}")
for i in ["新材料", "新一代信息技术", "节能与新能源汽车", "生物医药及高性能医疗器械", "其他"]:
    s = get(f"industries.{i}.share")
    check(f"{i}: share = count/9279", overlaps((cnt[i] / N * 100,) * 2, s), f"{cnt[i]:.0f}/9279 = {cnt[i] / N * 100:.3f}% vs {s.s}%")
he = cnt["高端机械装备"] + cnt["航空航天装备"] + cnt["海洋工程装备及高技术船舶"] + cnt["先进轨道交通装备"]
check("高端装备制造 22.00% = (高端机械+航空+海洋+轨道)/9279", overlaps((he / N * 100,) * 2, P(BY_ID["fig-3-1.high_end_equipment_share"])),
      f"{he:.0f}/9279 = {he / N * 100:.3f}%")
check("focus share = 1 - 其他/9279", overlaps(((N - cnt['其他']) / N * 100,) * 2, get("focus_share")), f"{(N - cnt['其他']) / N * 100:.2f}%")
ash_sh = [float(r["value"]) for r in ROWS if r["id"].startswith("fig-3-1.ashare_share.")]
check("A-share industry shares sum to 100", abs(sum(ash_sh) - 100) < 0.03, f"{sum(ash_sh):.2f}")
check("A-share focus share 72.2 = 100 - 27.84", abs(100 - float(BY_ID["fig-3-1.ashare_share.其他"]["value"]) - 72.2) < 0.05, "72.16")
for b in B:
    tot = sum(val(f"industries_by_batch.{b}.{i}.share") for i in IND)
    cov = get(f"focus_share_by_batch.{b}")
    check(f"fig 3.2 batch {b}: 8 shares sum to coverage", abs(tot - cov.v) <= 8 * 0.05 + cov.h, f"{tot:.1f} vs {cov.s}")
for i in IND:
    ps = [get(f"industries_by_batch.{b}.{i}.share") for b in B]
    iv = rng(lambda *x: sum(NB[b] * xi / 100 for b, xi in zip(B, x)), *ps)
    check(f"fig 3.2 batch-weighted {i} reproduces fig 3.1 count", iv[0] - 0.5 <= cnt[i] <= iv[1] + 0.5,
          f"[{iv[0]:.1f}, {iv[1]:.1f}] vs {cnt[i]:.0f}")
for i in IND:
    g = get(f"industries.{i}.valid_inventions_mean", "fig-3-3")
    a = P(BY_ID[f"fig-3-3.ashare_valid_mean.{i}"])
    r = get(f"industries.{i}.ratio_to_ashare", "fig-3-3")
    check(f"fig 3.3 {i}: ratio = giant/A-share", overlaps(rng(lambda x, y: x / y * 100, g, a), r), f"{g.s}/{a.s} vs {r.s}%")
# uniqueness of the fig 3.3 pairing
gs = [get(f"industries.{i}.valid_inventions_mean", "fig-3-3") for i in IND]
as_ = [P(BY_ID[f"fig-3-3.ashare_valid_mean.{i}"]) for i in IND]
rs = [get(f"industries.{i}.ratio_to_ashare", "fig-3-3") for i in IND]
ways = 0
for perm in itertools.permutations(range(8)):
    if all(overlaps(rng(lambda x, y: x / y * 100, gs[k], as_[perm[k]]), rs[k]) for k in range(8)):
        ways += 1
check("fig 3.3: exactly one giant/A-share pairing fits all 8 printed ratios (up to equal values)", ways >= 1,
      f"{ways} fitting permutation(s) (ties between equal giant values 14 count separately)")

# ----------------------------------------------------------------------------------- regions
PROV = sorted({r["key"].split(".")[1] for r in ROWS if r["key"].startswith("provinces.") and r["key"].endswith(".companies")
               and r["figure"] == "fig-4-1"})
ptot = {p: val(f"provinces.{p}.companies", "fig-4-1") for p in PROV}
pb4 = {p: val(f"provinces.{p}.companies_by_batch.4") for p in PROV}
check("fig 4.1: 31 provinces", len(PROV) == 31, str(len(PROV)))
check("fig 4.1 province totals sum to 9279", sum(ptot.values()) == N, f"{sum(ptot.values()):.0f}", expected=False)
check("fig 4.1 small series sums to batches.4 (4357)", sum(pb4.values()) == NB["4"], f"{sum(pb4.values()):.0f}")
check("fig 4.1 batch-4 value <= total for every province", all(pb4[p] <= ptot[p] for p in PROV), "")
t41 = {r["key"].split(".")[1]: float(r["value"]) for r in ROWS if r["figure"] == "table-4-1" and r["key"].endswith(".companies")}
check("table 4.1 company counts equal fig 4.1 totals", all(ptot[p] == v for p, v in t41.items()), f"{len(t41)} provinces")
inv41 = {r["key"].split(".")[1]: P(r) for r in ROWS if r["figure"] == "table-4-1" and r["key"].endswith(".valid_inventions_mean")}
emp41 = {r["key"].split(".")[1]: P(r) for r in ROWS if r["figure"] == "table-4-1" and r["key"].endswith(".employees_mean")}
wi = sum(t41[p] * inv41[p].v for p in t41) / sum(t41.values())
we = sum(t41[p] * emp41[p].v for p in t41) / sum(t41.values())
check("table 4.1 company-weighted valid inventions ~ 15.89", abs(wi - 15.89) < 0.01, f"{wi:.3f} (30 provinces, 西藏 absent)")
check("table 4.1 company-weighted employees ~ 252.25", abs(we - 252.25) < 0.1,
      f"{we:.2f} (30 provinces); 西藏's 4 firms would need {(252.25 * sum(ptot.values()) - we * sum(t41.values())) / 4:.0f} 人 each",
      expected=False)
above = [p for p in inv41 if inv41[p].v > 15.89]
check("9 provinces above the national mean", len(above) == 9, ", ".join(above))
check("20 provinces with >100 firms", sum(v > 100 for v in ptot.values()) == val("regions_over_100.province"),
      f"{sum(v > 100 for v in ptot.values())}")
top10 = sorted(ptot.values(), reverse=True)[:10]
check("province CR10 = top-10 / 9279", overlaps((sum(top10) / N * 100,) * 2, get("cr10.province.cr10")),
      f"{sum(top10):.0f}/9279 = {sum(top10) / N * 100:.2f}%")
check("province top share = 10/31", overlaps((10 / val("cr10.province.regions") * 100,) * 2, get("cr10.province.top_share_of_regions")), "32.26%")
CITY = sorted({r["key"].split(".")[1] for r in ROWS if r["key"].startswith("cities.") and r["key"].endswith(".companies")})
ctot = {c: val(f"cities.{c}.companies") for c in CITY}
cb4 = {c: val(f"cities.{c}.companies_by_batch.4") for c in CITY}
ctop = sorted(ctot.values(), reverse=True)[:10]
check("city CR10 = top-10 / 9279", overlaps((sum(ctop) / N * 100,) * 2, get("cr10.city.cr10")), f"{sum(ctop):.0f}/9279 = {sum(ctop) / N * 100:.2f}%")
check("city top share = 10/300", overlaps((10 / val("cr10.city.regions") * 100,) * 2, get("cr10.city.top_share_of_regions")), "3.33%")
check("district top share = 10/1461", overlaps((10 / val("cr10.district.regions") * 100,) * 2, get("cr10.district.top_share_of_regions")), "0.68%")
check("all 20 charted cities have >100 firms (21 claimed)", all(v > 100 for v in ctot.values()) and val("regions_over_100.city") >= 20, "")
check("city batch-4 <= city total", all(cb4[c] <= ctot[c] for c in CITY), "")
muni = ["北京市", "上海市", "天津市", "重庆市"]
check("municipalities: city values equal province values (totals and batch 4)",
      all(ctot[m] == ptot[m] and cb4[m] == pb4[m] for m in muni), "; ".join(f"{m} {ctot[m]:.0f}/{cb4[m]:.0f}" for m in muni))
C2P = {"南京市": "江苏省", "苏州市": "江苏省", "温州市": "浙江省", "杭州市": "浙江省", "宁波市": "浙江省", "东莞市": "广东省",
       "广州市": "广东省", "深圳市": "广东省", "西安市": "陕西省", "郑州市": "河南省", "合肥市": "安徽省", "长沙市": "湖南省",
       "厦门市": "福建省", "青岛市": "山东省", "成都市": "四川省", "武汉市": "湖北省"}
agg_t, agg_b = defaultdict(float), defaultdict(float)
for c, p in C2P.items():
    agg_t[p] += ctot[c]
    agg_b[p] += cb4[c]
check("charted cities of a province never exceed the province (totals and batch 4)",
      all(agg_t[p] <= ptot[p] and agg_b[p] <= pb4[p] for p in agg_t), "")
hd = val("districts.北京市海淀区.companies")
check("海淀 265: > half of 上海 and > 重庆, <= 北京", hd > ptot["上海市"] / 2 and hd > ctot["重庆市"] and hd <= ptot["北京市"], "")
for p, key in (("北京市", "provinces.北京市.invention_density_per_1000"), ("上海市", "provinces.上海市.invention_density_per_1000")):
    check(f"{p} density = table 4.1 valid/employees", overlaps(rng(lambda x, y: x / y * 1000, inv41[p], emp41[p]), get(key)),
          f"{inv41[p].s}/{emp41[p].s}")
for p, rid, ok in (("北京市", "prose-4-2.beijing_above_mean", False), ("上海市", "prose-4-2.shanghai_above_mean", False),
                   ("海南省", "prose-4-2.hainan_above_mean", True), ("江苏省", "prose-4-2.jiangsu_above_mean", True)):
    r = P(BY_ID[rid])
    calc = (inv41[p].v / 15.89 - 1) * 100
    check(f"'{p} above mean by {r.s}%'", abs(calc - r.v) <= 0.5 + 0.2, f"{inv41[p].s}/15.89-1 = {calc:.1f}%", expected=ok)

# ----------------------------------------------------------------------------------- highlights
by_ind = defaultdict(list)
for h in HL:
    by_ind[h["industry"]].append((int(h["national_rank"]), int(h["valid_inventions"]), h["province"]))
viol = []
for ind, lst in by_ind.items():
    for (r1, v1, p1), (r2, v2, p2) in itertools.permutations(lst, 2):
        if r1 < r2 and v1 <= v2:
            viol.append(f"{ind}: {p1} rank {r1} with {v1} vs {p2} rank {r2} with {v2}")
check("fact-sheet national ranks consistent with valid inventions across provinces", not viol, "; ".join(viol), expected=False)
viol_ok = [v for v in viol if "湖南省" not in v]
check("... all rank violations involve 湖南 先进轨道交通装备 (25 件)", not viol_ok, "; ".join(viol_ok))
for h in HL:
    p = h["province"]
    per = int(h["valid_inventions"]) / int(h["companies"])
    if per < 0.25 * inv41[p].v:
        check(f"{p} {h['industry']}: inventions per firm plausible vs province mean", False,
              f"{h['valid_inventions']}/{h['companies']} = {per:.2f} vs province mean {inv41[p].s}", expected=False)
for p in {h["province"] for h in HL}:
    s = sum(int(h["valid_inventions"]) for h in HL if h["province"] == p)
    check(f"{p}: TOP3 inventions <= province total (n x mean)", s <= ptot[p] * inv41[p].v, f"{s} <= {ptot[p] * inv41[p].v:.0f}")
for ind, lst in by_ind.items():
    s = sum(int(h["companies"]) for h in HL if h["industry"] == ind)
    check(f"{ind}: fact-sheet firms <= national industry count", s <= cnt[ind], f"{s} <= {cnt[ind]:.0f}")
for h in HL:
    pos = [x for x in HL if x["province"] == h["province"]]
    ranks = [int(x["national_rank"]) for x in sorted(pos, key=lambda x: int(x["position"]))]
check("TOP3 positions are in non-decreasing national rank in every sheet",
      all([int(x["national_rank"]) for x in sorted([y for y in HL if y["province"] == p], key=lambda y: int(y["position"]))] ==
          sorted(int(x["national_rank"]) for x in HL if x["province"] == p) for p in {h["province"] for h in HL}), "")

# ----------------------------------------------------------------------------------- stars
check("80 star companies, 10 per table", len(STARS) == 80 and all(
    sum(s["table"] == t for s in STARS) == 10 for t in {s["table"] for s in STARS}), f"{len(STARS)}")
mun_bad = [s["name"] for s in STARS if (s["city"] in muni or s["province"] in muni) and s["city"] != s["province"]]
check("stars: municipality cities have city == province", not mun_bad, "; ".join(mun_bad), expected=False)
c2p = defaultdict(set)
for s in STARS:
    c2p[s["city"]].add(s["province"])
check("stars: every city maps to one province", all(len(v) == 1 for v in c2p.values()),
      "; ".join(f"{c}: {sorted(v)}" for c, v in c2p.items() if len(v) > 1), expected=False)

# ----------------------------------------------------------------------------------- approximate rows
BOUNDS = re.compile(r"bounds: ([\[(])\s*([-\d.]+),\s*([-\d.inf]+)\s*([\])])")
for r in ROWS:
    if r["status"] != "approximate" or not r["key"]:
        continue
    m = BOUNDS.search(r["note"])
    try:
        exact = get(r["key"])
    except KeyError:
        exact = None
    if r["key"] == "national.companies_ratio":   # no exact row: recompute from the unrounded shares
        exact = P({"value": f"{get('national.employment_share').v / (N / 25055456 * 100):.4f}", "decimals": "4"})
    if not m or exact is None:
        continue
    lo, hi = float(m.group(2)), float(m.group(3))
    x = exact.v
    inside = (x >= lo if m.group(1) == "[" else x > lo) and (x <= hi if m.group(4) == "]" else x < hi)
    check(f"approximate {r['id']} ({r['label']}) brackets the exact value", inside, f"{x:g} in {m.group(0)[8:]}")

# keyless approximate rows: the exact values they summarise
V = lambda k, f=None: get(k, f).v
nat_share = N / 25055456 * 100
inv = {p: inv41[p].v for p in inv41}
EXACT = {
    "granted_inventions_ratio": [V("national.granted_inventions_share") / nat_share],
    "ratio_to_national": [V("valid_inventions_mean") / 6.4],
    "ratio_to_ashare": [V("valid_inventions_mean") / 83.70 * 100],
    "pct_share_ratio_top500": [V("pct_mean") / V("applications_mean") * 100 / 5.13],
    "ashare_gap_pp": [23.24 - 19.16, 22.00 - 13.17],
    "ratio_to_ashare_bio_aero": [V("industries.生物医药及高性能医疗器械.ratio_to_ashare"), V("industries.航空航天装备.ratio_to_ashare")],
    "density_ratio_bj_sh": [V("provinces.北京市.invention_density_per_1000") / V("invention_density_per_1000"),
                            V("provinces.上海市.invention_density_per_1000") / V("invention_density_per_1000")],
    "b4_employees_gap": [(1 - V("employees_mean_by_batch.4") / V(f"employees_mean_by_batch.{b}")) * 100 for b in "123"],
    "ashare_applications_ratio": [444.25 / V("applications_mean")],
    "b4_growth_gap_pp": [V("applications_growth_by_batch.4.rate") - V(f"applications_growth_by_batch.{b}.rate") for b in "123"],
    "invention_share_ratio_ashare": [V("invention_application_share") / 22.0],
    "grant_rate_ratio_ashare": [V("invention_grant_rate") / 94.3],
    "b4_grant_rate_gap_pp": [V("invention_grant_rate_by_batch.4", "fig-2-4") - V(f"invention_grant_rate_by_batch.{b}") for b in "123"],
    "high_end_gap_pp": [22.00 - 13.17],
    "new_materials_gap_pp": [V("industries.新材料.share") - 19.16],
    "b4_new_materials_gap_pp": [V("industries_by_batch.4.新材料.share") - V(f"industries_by_batch.{b}.新材料.share") for b in "123"],
    "b4_it_gap_pp": [V("industries_by_batch.4.新一代信息技术.share") - V(f"industries_by_batch.{b}.新一代信息技术.share") for b in "123"],
    "haidian_vs_shanghai": [hd / ptot["上海市"]],
    "bj_sh_employees_approx": [emp41["北京市"].v, emp41["上海市"].v],
    "hn_js_employees_approx": [emp41["海南省"].v, emp41["江苏省"].v],
}
for r in ROWS:
    if r["key"] or r["status"] not in ("approximate", "contradicted"):
        continue
    slug = r["id"].split(".", 1)[1].split("#")[0]
    m = BOUNDS.search(r["note"])
    if not m or slug not in EXACT:
        if r["status"] == "approximate" and not m:
            check(f"approximate {r['id']} has bounds in its note", False, r["note"])
        continue
    lo, hi = float(m.group(2)), float(m.group(3))
    xs = [round(x, 6) for x in EXACT[slug]]
    inside = all((x >= lo if m.group(1) == "[" else x > lo) and (x <= hi if m.group(4) == "]" else x < hi) for x in xs)
    check(f"{r['status']} {r['id']} ({r['label']}) brackets the exact values", inside,
          f"{[round(x, 2) for x in xs]} vs {m.group(0)[8:]}", expected=(r["status"] == "approximate"))
if True:   # the 2-3 pp claim (contradicted, keyless)
    r = BY_ID["prose-2-2.b4_invention_share_gap_pp"]
    xs = [V("invention_application_share_by_batch.4", "fig-2-4") - V(f"invention_application_share_by_batch.{b}") for b in "123"]
    check("'第四批发明申请占比比前三批高 2-3 个百分点'", all(1.5 <= x <= 3.5 for x in xs), f"{[round(x, 1) for x in xs]}", expected=False)

# ----------------------------------------------------------------------------------- report
bad = [x for x in results if x[1] != x[2]]
print(f"{len(results)} checks: {sum(1 for x in results if x[1] and x[2])} consistency checks pass, "
      f"{sum(1 for x in results if not x[1] and not x[2])} documented contradictions reproduced, {len(bad)} unexpected")
print("\n== CONTRADICTIONS (arithmetic) ==")
for name, passed, expected, detail in results:
    if not expected and not passed:
        print(f"  - {name}: {detail}")
print("\n== rows marked contradicted in figures.csv ==")
for r in ROWS:
    if r["status"] == "contradicted":
        print(f"  - {r['id']} = {r['value']} {r['unit']} (line {r['source_line']}): {r['note']}")
if bad:
    print("\n== UNEXPECTED ==")
    for name, passed, expected, detail in bad:
        print(f"  ! {name}: {'PASS' if passed else 'FAIL'} (expected {'PASS' if expected else 'FAIL'}) {detail}")
if "-v" in sys.argv:
    print("\n== all checks ==")
    for name, passed, expected, detail in results:
        print(f"  [{'ok ' if passed else 'FAIL'}] {name}: {detail}")
sys.exit(1 if bad else 0)
