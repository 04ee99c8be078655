"""The statistics engine against hand arithmetic.

Fixtures: tests/fixtures/stats/ (README.md there has the per-company table every number below
comes from). Expected values are literal numbers with the arithmetic in a comment; nothing here
computes an expected value with the code under test. D = 2022-06-30 unless a test says otherwise.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from giantreport.cli import main
from giantreport.config import load_config
from giantreport.data.load import load_dataset
from giantreport.stats import compute_stats, regions, technology
from giantreport.stats.company_metrics import growth_years

FIX = Path(__file__).parent / "fixtures" / "stats"
ROWS = FIX / "rows"
AGGREGATES = FIX / "aggregates"
SIMPLE = FIX / "simple.toml"
D = dt.date(2022, 6, 30)


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-12)


def run(folder: Path = ROWS, as_of: dt.date = D, config: Path | None = None):
    # search_dir=FIX: never pick up a giantreport.toml from the current directory
    cfg = load_config(config, search_dir=FIX).with_as_of(as_of)
    return compute_stats(load_dataset(folder), cfg)


@pytest.fixture(scope="module")
def st():
    return run()


@pytest.fixture(scope="module")
def s(st):
    return st.summary


@pytest.fixture(scope="module")
def simple():
    return run(config=SIMPLE)


# ---------------------------------------------------------------- per company (the heavy step)

def test_growth_years():
    # Y = the last calendar year ending on or before D; the growth compares Y with Y-1
    assert growth_years(dt.date(2021, 12, 31)) == (2020, 2021)   # 2021 ends on D itself
    assert growth_years(dt.date(2022, 6, 30)) == (2020, 2021)    # 2022 has not ended
    assert growth_years(dt.date(2022, 12, 30)) == (2020, 2021)   # one day short of the end of 2022
    assert growth_years(dt.date(2022, 12, 31)) == (2021, 2022)
    assert growth_years(dt.date(2021, 12, 30)) == (2019, 2020)


def test_company_metrics_per_company(st):
    m = st.companies.set_index("company_id")
    cols = ["applications", "invention_applications", "invention_grants", "valid_inventions", "citations",
            "licenses", "transfers", "pct_applications", "applications_prev", "applications_last"]
    got = {cid: [int(v) for v in row] for cid, row in m[cols].iterrows()}
    assert got == {
        # A1: P4 published 2022-07-15 > D is left out entirely (its 5 citations and 3 licenses too);
        #     P2 granted 2022-08-01 > D is an invention application but not a grant, and not valid
        #     although its status is 有效. apps P1 P2 P3; inv P1 P2; grant P1; cit 10+2+0; pub 2020: P1; 2021: P2 P3
        "A1": [3, 2, 1, 1, 12, 1, 1, 1, 1, 2],
        # A2: P5 granted but 失效 → grant, not valid; P6 design published 2020
        "A2": [2, 1, 1, 0, 3, 0, 2, 0, 1, 0],
        # A3: P7 P8 granted ≤ D and 有效, P9 pending; P7 P8 are PCT; cit 7+1+0
        "A3": [3, 3, 2, 2, 8, 2, 0, 2, 1, 2],
        "A4": [2, 1, 1, 1, 4, 0, 1, 0, 0, 1],
        "A5": [1, 1, 1, 1, 6, 0, 0, 1, 0, 1],
        "A6": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],   # no patents: zeros, and still counted in every mean
        "A7": [2, 1, 1, 1, 2, 1, 0, 0, 1, 0],
        "A8": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],   # no patents
    }


# ---------------------------------------------------------------- chapter 1: profile

def test_profile_overall(s):
    assert s["as_of"] == "2022-06-30"
    assert s["companies"] == 8
    assert s["batches"] == {"1": 2, "2": 3, "3": 3}
    assert s["employees_mean"] == approx(250.0)     # (100 + 300 + 200 + 400) / 4 known (A5–A8 unknown)
    assert s["employees_total"] == 1000
    assert s["employees_known"] == 4
    # years to D: A1 20, A2 12, A3 8, A4 16, A5 4, A6 4, A8 8 (A7 unknown); every span is a multiple of
    # 4 years from 30 June, so days / 365.25 is whole. Sorted 4 4 8 [8] 12 16 20 → median 8
    assert s["founded_years_median"] == approx(8.0)
    assert s["listed_count"] == 4                   # A1 创业板, A3 主板;港交所, A4 科创板, A7 北交所 (A2 新三板 is not)
    assert s["listed_share"] == approx(0.5)         # 4 / 8
    assert s["financed_count"] == 3                 # A1, A3, A5
    assert s["financed_share"] == approx(0.375)     # 3 / 8


def test_profile_by_batch(s):
    # batch 3 has no employee counts at all: its mean is None, not 0
    assert s["employees_mean_by_batch"] == {"1": approx(200.0),   # (100 + 300) / 2
                                            "2": approx(300.0),   # (200 + 400) / 2, A5 unknown
                                            "3": None}
    assert s["founded_years_median_by_batch"] == {"1": approx(16.0),   # median(20, 12)
                                                  "2": approx(8.0),    # median(8, 16, 4)
                                                  "3": approx(6.0)}    # median(4, 8), A7 unknown
    assert s["listed_count_by_batch"] == {"1": 1, "2": 2, "3": 1}     # A1 | A3 A4 | A7
    assert s["listed_share_by_batch"] == {"1": approx(0.5), "2": approx(2 / 3), "3": approx(1 / 3)}
    assert s["financed_count_by_batch"] == {"1": 1, "2": 2, "3": 0}   # A1 | A3 A5 | –
    assert s["financed_share_by_batch"] == {"1": approx(0.5), "2": approx(2 / 3), "3": approx(0.0)}


def test_boards_with_sizes_from_fixture_benchmarks(s):
    # sizes from rows/benchmarks.yaml (主板 100, 创业板 50, 科创板 20, 北交所 10, 港交所 200); 8 companies
    assert s["boards"] == {
        "主板": {"count": 1, "share": approx(0.125), "board_size": 100, "giant_share_of_board": approx(0.01)},   # A3; 1/100
        "创业板": {"count": 1, "share": approx(0.125), "board_size": 50, "giant_share_of_board": approx(0.02)},  # A1; 1/50
        "科创板": {"count": 1, "share": approx(0.125), "board_size": 20, "giant_share_of_board": approx(0.05)},  # A4; 1/20
        "北交所": {"count": 1, "share": approx(0.125), "board_size": 10, "giant_share_of_board": approx(0.1)},   # A7; 1/10
        "港交所": {"count": 1, "share": approx(0.125), "board_size": 200, "giant_share_of_board": approx(0.005)},  # A3; 1/200
        "新交所": {"count": 0, "share": approx(0.0), "board_size": None, "giant_share_of_board": None},         # no size given
        "新三板": {"count": 1, "share": approx(0.125), "board_size": None, "giant_share_of_board": None},       # A2
    }


def test_boards_by_batch(s):
    # batch 1 = A1 (创业板) A2 (新三板); batch 2 = A3 (主板;港交所) A4 (科创板) A5; batch 3 = A6 A7 (北交所) A8
    # share = count / companies of the batch; giant_share_of_board = count / board size (0 when none listed there)
    by = s["boards_by_batch"]
    assert list(by) == ["1", "2", "3"]
    assert by["1"]["创业板"] == {"count": 1, "share": approx(0.5), "board_size": 50, "giant_share_of_board": approx(0.02)}   # 1/2; 1/50
    assert by["1"]["新三板"] == {"count": 1, "share": approx(0.5), "board_size": None, "giant_share_of_board": None}
    assert by["1"]["主板"] == {"count": 0, "share": approx(0.0), "board_size": 100, "giant_share_of_board": approx(0.0)}
    assert by["2"]["主板"] == {"count": 1, "share": approx(1 / 3), "board_size": 100, "giant_share_of_board": approx(0.01)}
    assert by["2"]["科创板"] == {"count": 1, "share": approx(1 / 3), "board_size": 20, "giant_share_of_board": approx(0.05)}
    assert by["2"]["港交所"] == {"count": 1, "share": approx(1 / 3), "board_size": 200, "giant_share_of_board": approx(0.005)}
    assert by["3"]["北交所"] == {"count": 1, "share": approx(1 / 3), "board_size": 10, "giant_share_of_board": approx(0.1)}
    for board in ("主板", "创业板", "科创板", "北交所", "港交所", "新交所", "新三板"):   # the batches add up to the total
        assert sum(by[b][board]["count"] for b in by) == s["boards"][board]["count"], board


def test_national_by_batch(s):
    # national totals from rows/benchmarks.yaml: 800 companies, 5000 employees, 70 granted inventions
    by = s["national_by_batch"]
    assert by["1"] == {"companies_share": approx(0.0025),            # 2 / 800
                       "employment_share": approx(0.08),           # (100 + 300) / 5000
                       "granted_inventions_share": approx(1 / 35),  # (1 + 1) / 70
                       "granted_inventions_total": approx(2.0),
                       "employees_total": approx(400.0),
                       "employment_ratio": approx(32.0),           # 0.08 / 0.0025
                       "granted_inventions_ratio": approx(80 / 7)}  # (2/70) / (2/800) = 800/70
    assert by["2"] == {"companies_share": approx(0.00375),           # 3 / 800
                       "employment_share": approx(0.12),           # (200 + 400) / 5000, A5 unknown
                       "granted_inventions_share": approx(2 / 35),  # (2 + 1 + 1) / 70
                       "granted_inventions_total": approx(4.0),
                       "employees_total": approx(600.0),
                       "employment_ratio": approx(32.0),           # 0.12 / 0.00375
                       "granted_inventions_ratio": approx(320 / 21)}  # (4/70) / (3/800)
    # batch 3 has no known employee counts: no employee total, no share, no ratio (None, not 0)
    assert by["3"] == {"companies_share": approx(0.00375),
                       "employment_share": None,
                       "granted_inventions_share": approx(1 / 70),  # A7's one grant
                       "granted_inventions_total": approx(1.0),
                       "employees_total": None,
                       "employment_ratio": None,
                       "granted_inventions_ratio": approx(80 / 21)}  # (1/70) / (3/800)


def test_national_shares(s):
    n = s["national"]
    assert n["companies_share"] == approx(0.01)            # 8 / 800
    assert n["employees_total"] == approx(1000.0)
    assert n["employment_share"] == approx(0.2)            # 1000 / (0.5 × 10 000)
    assert n["granted_inventions_total"] == approx(7.0)    # Σ invention grants ≤ D
    assert n["granted_inventions_share"] == approx(0.1)    # 7 / (0.007 × 10 000)
    assert n["employment_ratio"] == approx(20.0)           # 0.2 / 0.01
    assert n["granted_inventions_ratio"] == approx(10.0)   # 0.1 / 0.01


def test_profile_tables(st):
    t = st.tables
    assert t["fig-1-1"].to_dict("list") == {"批次": [1, 2, 3], "企业数量": [2, 3, 3], "累计企业数量": [2, 5, 8]}
    fig14 = t["fig-1-4"].set_index("批次")
    assert list(fig14.index) == ["1", "2", "3", "总计"]
    assert fig14.loc["总计", "上市企业占比"] == approx(0.5)       # a fraction, not 50
    assert fig14.loc["3", "一级市场融资企业占比"] == approx(0.0)
    fig12 = t["fig-1-2"].set_index("批次")
    assert math.isnan(fig12.loc["3", "平均员工规模（人）"])           # no employee counts in batch 3
    assert list(t["fig-1-6"]["板块"]) == ["主板", "创业板", "科创板", "北交所", "港交所"]   # boards with a size


# ---------------------------------------------------------------- chapter 2: patents

def test_patents_overall(s):
    # Σ over 8 companies: apps 13, inv 9, grants 7, valid 6, cit 35, lic 4, tr 4, PCT 4; pub 2020: 4, 2021: 6
    assert s["applications_mean"] == approx(1.625)             # 13 / 8 (A6, A8 count as 0)
    assert s["invention_applications_mean"] == approx(1.125)   # 9 / 8
    assert s["invention_grants_mean"] == approx(0.875)         # 7 / 8
    assert s["valid_inventions_mean"] == approx(0.75)          # 6 / 8
    assert s["applications_growth"] == {"from_year": 2020, "to_year": 2021,
                                        "from_mean": approx(0.5),    # 4 / 8
                                        "to_mean": approx(0.75),     # 6 / 8
                                        "rate": approx(0.5)}         # 6 / 4 − 1
    # density over companies with known employees only (A1–A4): valid 1+0+2+1 = 4, employees 1000;
    # A5 and A7's valid inventions are left out with their unknown employees (else it would be 6 / 1000)
    assert s["invention_density_per_1000"] == approx(4.0)      # 4 / 1000 × 1000
    assert s["invention_application_share"] == approx(9 / 13)  # Σ inv / Σ apps
    assert s["invention_grant_rate"] == approx(7 / 9)          # Σ grants / Σ inv
    assert s["citations_mean"] == approx(4.375)                # 35 / 8
    assert s["licenses_mean"] == approx(0.5)                   # 4 / 8
    assert s["transfers_mean"] == approx(0.5)                  # 4 / 8
    assert s["pct_mean"] == approx(0.5)                        # 4 / 8
    assert s["pct_share"] == approx(4 / 13)                    # Σ PCT / Σ apps


def test_patents_by_batch(s):
    # batch 1 = A1 A2, batch 2 = A3 A4 A5, batch 3 = A6 A7 A8
    assert s["applications_mean_by_batch"] == {"1": approx(2.5), "2": approx(2.0), "3": approx(2 / 3)}    # 5/2, 6/3, 2/3
    assert s["invention_applications_mean_by_batch"] == {"1": approx(1.5), "2": approx(5 / 3), "3": approx(1 / 3)}  # 3/2, 5/3, 1/3
    assert s["invention_grants_mean_by_batch"] == {"1": approx(1.0), "2": approx(4 / 3), "3": approx(1 / 3)}    # 2/2, 4/3, 1/3
    assert s["valid_inventions_mean_by_batch"] == {"1": approx(0.5), "2": approx(4 / 3), "3": approx(1 / 3)}    # 1/2, 4/3, 1/3
    assert s["applications_growth_by_batch"] == {
        "1": {"from_year": 2020, "to_year": 2021, "from_mean": approx(1.0), "to_mean": approx(1.0), "rate": approx(0.0)},     # 2/2 → 2/2
        "2": {"from_year": 2020, "to_year": 2021, "from_mean": approx(1 / 3), "to_mean": approx(4 / 3), "rate": approx(3.0)},  # 1 → 4
        "3": {"from_year": 2020, "to_year": 2021, "from_mean": approx(1 / 3), "to_mean": approx(0.0), "rate": approx(-1.0)},   # 1 → 0
    }
    # batch 3 has no employee counts: density None, not 0
    assert s["invention_density_per_1000_by_batch"] == {"1": approx(2.5),   # (1 + 0) / (100 + 300) × 1000
                                                        "2": approx(5.0),   # (2 + 1) / (200 + 400) × 1000, A5 unknown
                                                        "3": None}
    assert s["invention_application_share_by_batch"] == {"1": approx(0.6), "2": approx(5 / 6), "3": approx(0.5)}  # 3/5, 5/6, 1/2
    assert s["invention_grant_rate_by_batch"] == {"1": approx(2 / 3), "2": approx(0.8), "3": approx(1.0)}        # 2/3, 4/5, 1/1
    assert s["citations_mean_by_batch"] == {"1": approx(7.5), "2": approx(6.0), "3": approx(2 / 3)}   # 15/2, 18/3, 2/3
    assert s["licenses_mean_by_batch"] == {"1": approx(0.5), "2": approx(2 / 3), "3": approx(1 / 3)}  # 1/2, 2/3, 1/3
    assert s["transfers_mean_by_batch"] == {"1": approx(1.5), "2": approx(1 / 3), "3": approx(0.0)}   # 3/2, 1/3, 0/3
    assert s["pct_mean_by_batch"] == {"1": approx(0.5), "2": approx(1.0), "3": approx(0.0)}           # 1/2, 3/3, 0/3
    assert s["pct_share_by_batch"] == {"1": approx(0.2), "2": approx(0.5), "3": approx(0.0)}          # 1/5, 3/6, 0/2


def test_pct_buckets(s):
    # PCT per company: A1 1, A3 2, A5 1 → 1-9; the other five 0
    assert s["pct_buckets"] == {"0": 5, "1-9": 3, "10-100": 0, ">100": 0}
    assert s["pct_bucket_shares"] == {"0": approx(0.625), "1-9": approx(0.375), "10-100": approx(0.0), ">100": approx(0.0)}
    assert s["pct_buckets_by_batch"] == {"1": {"0": 1, "1-9": 1, "10-100": 0, ">100": 0},
                                         "2": {"0": 1, "1-9": 2, "10-100": 0, ">100": 0},
                                         "3": {"0": 3, "1-9": 0, "10-100": 0, ">100": 0}}


def test_pct_bucket_edges():
    counts, shares = technology.pct_buckets(pd.DataFrame({"pct_applications": [0, 1, 9, 10, 100, 101, 5000, 0]}))
    assert counts == {"0": 2, "1-9": 2, "10-100": 2, ">100": 2}   # 0 0 | 1 9 | 10 100 | 101 5000
    assert shares == {"0": approx(0.25), "1-9": approx(0.25), "10-100": approx(0.25), ">100": approx(0.25)}


def test_patent_tables(st):
    fig22 = st.tables["fig-2-2"]
    assert list(fig22.columns) == ["批次", "2020年平均公开专利申请量", "2021年平均公开专利申请量", "专利申请增速"]
    assert fig22.set_index("批次").loc["总计", "专利申请增速"] == approx(0.5)
    fig24 = st.tables["fig-2-4"].set_index("批次")
    assert fig24.loc["总计", "发明专利授权率"] == approx(7 / 9)
    assert st.tables["fig-2-6b"].to_dict("list") == {"PCT专利申请量分组（件）": ["0", "1-9", "10-100", ">100"],
                                                    "企业数": [5, 3, 0, 0], "占比": [0.625, 0.375, 0.0, 0.0]}


# ---------------------------------------------------------------- the newest batch

def test_newest_batch_against_earlier(s):
    nb = s["newest_batch"]
    assert nb["batch"] == 3
    new, old = nb["newest"], nb["earlier"]
    # newest = batch 3 (A6 A7 A8)
    assert new["companies"] == 3
    assert new["employees_mean"] is None and new["invention_density_per_1000"] is None
    assert new["applications_mean"] == approx(2 / 3)
    assert new["focus_share"] == approx(2 / 3)        # A7, A8 in key industries; A6 其他
    # earlier = batches 1 and 2 (A1–A5): apps 11, inv 8, grants 6, valid 5, cit 33, lic 3, tr 4, PCT 4
    assert old["companies"] == 5
    assert old["employees_mean"] == approx(250.0)     # 1000 / 4
    assert old["founded_years_median"] == approx(12.0)   # median(20, 12, 8, 16, 4)
    assert old["listed_share"] == approx(0.6)         # A1 A3 A4: 3 / 5
    assert old["financed_share"] == approx(0.6)       # A1 A3 A5: 3 / 5
    assert old["applications_mean"] == approx(2.2)    # 11 / 5
    assert old["valid_inventions_mean"] == approx(1.0)   # 5 / 5
    assert old["invention_application_share"] == approx(8 / 11)
    assert old["invention_grant_rate"] == approx(0.75)   # 6 / 8
    assert old["invention_density_per_1000"] == approx(4.0)   # 4 / 1000 × 1000
    assert old["applications_growth"]["rate"] == approx(1.0)  # 2020: 3/5 → 2021: 6/5
    assert old["citations_mean"] == approx(6.6)       # 33 / 5
    assert old["pct_share"] == approx(4 / 11)
    assert old["focus_share"] == approx(1.0)          # no 其他 among A1–A5


# ---------------------------------------------------------------- chapter 3: industries and stars

def test_industries(s):
    ind = s["industries"]
    # A-share means from rows/benchmarks.yaml (新材料 4, 新一代信息技术 2, 高端机械装备 10); the rest from defaults
    assert ind["新材料"] == {"companies": 3, "share": approx(0.375), "valid_inventions_mean": approx(1.0),   # 3/8; (1+0+2)/3
                          "ashare_share": 0.2, "ashare_valid_inventions_mean": 4, "ratio_to_ashare": approx(0.25)}  # 1/4
    assert ind["新一代信息技术"] == {"companies": 2, "share": approx(0.25), "valid_inventions_mean": approx(1.0),  # (1+1)/2
                              "ashare_share": 0.3, "ashare_valid_inventions_mean": 2, "ratio_to_ashare": approx(0.5)}
    assert ind["高端机械装备"]["valid_inventions_mean"] == approx(1.0)
    assert ind["高端机械装备"]["ratio_to_ashare"] == approx(0.1)             # 1 / 10
    assert ind["生物医药及高性能医疗器械"]["valid_inventions_mean"] == approx(0.0)   # A8 has no patents
    assert ind["生物医药及高性能医疗器械"]["ratio_to_ashare"] == approx(0.0)         # 0 / 46 (default benchmark)
    assert ind["节能与新能源汽车"]["companies"] == 0
    assert ind["节能与新能源汽车"]["valid_inventions_mean"] is None and ind["节能与新能源汽车"]["ratio_to_ashare"] is None
    assert ind["其他"]["share"] == approx(0.125) and ind["其他"]["ratio_to_ashare"] is None
    assert sum(v["companies"] for v in ind.values()) == 8
    assert s["industry_groups"]["高端装备制造"]["companies"] == 1      # A7 (高端机械装备)
    assert s["industry_groups"]["高端装备制造"]["share"] == approx(0.125)
    assert s["focus_share"] == approx(0.875)                          # 7 of 8 outside 其他
    assert s["focus_share_by_batch"] == {"1": approx(1.0), "2": approx(1.0), "3": approx(2 / 3)}


def test_industries_by_batch(s):
    by = s["industries_by_batch"]
    assert by["1"]["新材料"] == {"companies": 2, "share": approx(1.0)}
    assert by["2"]["新材料"] == {"companies": 1, "share": approx(1 / 3)}
    assert by["2"]["新一代信息技术"] == {"companies": 2, "share": approx(2 / 3)}
    assert by["3"]["其他"] == {"companies": 1, "share": approx(1 / 3)}
    assert by["3"]["高端机械装备"] == {"companies": 1, "share": approx(1 / 3)}
    assert by["3"]["新材料"] == {"companies": 0, "share": approx(0.0)}


def test_industry_scale_table(st):
    fig33 = st.tables["fig-3-3"].set_index("产业领域")
    assert fig33.loc["新材料", "小巨人为上市企业的比例"] == approx(0.25)
    assert fig33.loc["平均值", "小巨人平均有效发明专利量"] == approx(0.75)       # 6 / 8
    assert fig33.loc["平均值", "小巨人为上市企业的比例"] == approx(0.25)         # 0.75 / 3 (ashare.valid_inventions_mean)


def test_star_scores_three_company_industry(st, s):
    # 新材料 = A1, A2, A3. Each sub-indicator becomes its percentile rank within the industry
    # (rank / n with n = 3, ties share the average rank: lowest 1/3, middle 2/3, highest 1), the ranks are
    # averaged within a dimension, and the dimensions weighted: default volume 0.3, quality 0.2,
    # influence 0.3, globalisation 0.2 (sum 1).
    #   volume:        apps 3 2 3 → A2 rank 1; A1, A3 tie for ranks 2 and 3 → 2.5 each → 5/6 1/3 5/6
    #                  valid 1 0 2 → 2/3 1/3 1
    #                  → A1 (5/6 + 2/3)/2 = 3/4, A2 (1/3 + 1/3)/2 = 1/3, A3 (5/6 + 1)/2 = 11/12
    #   quality:       inv share 2/3 1/2 1 → 2/3 1/3 1; grant rate 1/2 1 2/3 → 1/3 1 2/3
    #                  → A1 (2/3 + 1/3)/2 = 1/2, A2 (1/3 + 1)/2 = 2/3, A3 (1 + 2/3)/2 = 5/6
    #   influence:     cit 12 3 8 → 1 1/3 2/3; lic 1 0 2 → 2/3 1/3 1; tr 1 2 0 → 2/3 1 1/3
    #                  → A1 (1 + 2/3 + 2/3)/3 = 7/9, A2 (1/3 + 1/3 + 1)/3 = 5/9, A3 (2/3 + 1 + 1/3)/3 = 2/3
    #   globalisation: PCT 1 0 2 → A1 2/3, A2 1/3, A3 1
    score = st.companies.set_index("company_id")["star_score"]
    assert score["A1"] == approx(0.3 * 3 / 4 + 0.2 * 1 / 2 + 0.3 * 7 / 9 + 0.2 * 2 / 3)     # = 83/120 = 0.691666…
    assert score["A2"] == approx(0.3 * 1 / 3 + 0.2 * 2 / 3 + 0.3 * 5 / 9 + 0.2 * 1 / 3)     # = 56/120 = 0.466666…
    assert score["A3"] == approx(0.3 * 11 / 12 + 0.2 * 5 / 6 + 0.3 * 2 / 3 + 0.2 * 1)       # = 101/120 = 0.841666…
    assert score["A1"] == approx(83 / 120) and score["A2"] == approx(7 / 15) and score["A3"] == approx(101 / 120)
    # A8 is alone in 生物医药及高性能医疗器械: every percentile rank is 1/1 = 1, so its score is 1 although it
    # has no patents (a rank compares companies of the same industry only; with one company there is nothing
    # to compare). It is the industry's only, hence first, star.
    assert score["A8"] == approx(1.0)
    assert s["stars"]["生物医药及高性能医疗器械"] == ["辛公司"]
    assert s["stars"]["新材料"] == ["丙公司", "甲公司", "乙公司"]                       # A3 > A1 > A2
    table = st.tables["table-3-2"]                      # table 3.2 is 新材料 (3.1 新一代信息技术, as in the 2022 report)
    assert list(table["排名"]) == [1, 2, 3]
    assert list(table["企业名称"]) == ["丙公司", "甲公司", "乙公司"]
    assert list(table["所在城市"]) == ["南京市", "杭州市", "宁波市"]
    assert list(table["综合得分"]) == [approx(101 / 120), approx(83 / 120), approx(7 / 15)]
    assert s["stars"]["节能与新能源汽车"] == []


def test_star_scores_two_company_industry_with_ties(st, s):
    # 新一代信息技术 = A4, A5 (n = 2: lower 1/2, higher 1, a tie 1.5/2 = 3/4 each)
    #   volume:        apps 2 1 → 1 1/2; valid 1 1 → 3/4 3/4        → A4 7/8, A5 5/8
    #   quality:       inv share 1/2 1 → 1/2 1; grant rate 1 1 → 3/4 3/4 → A4 5/8, A5 7/8
    #   influence:     cit 4 6 → 1/2 1; lic 0 0 → 3/4 3/4; tr 1 0 → 1 1/2 → A4 (1/2+3/4+1)/3 = 3/4, A5 (1+3/4+1/2)/3 = 3/4
    #   globalisation: PCT 0 1 → 1/2 1
    score = st.companies.set_index("company_id")["star_score"]
    assert score["A4"] == approx(0.3 * 7 / 8 + 0.2 * 5 / 8 + 0.3 * 3 / 4 + 0.2 * 1 / 2)   # = 0.7125
    assert score["A5"] == approx(0.3 * 5 / 8 + 0.2 * 7 / 8 + 0.3 * 3 / 4 + 0.2 * 1)       # = 0.7875
    assert s["stars"]["新一代信息技术"] == ["戊公司", "丁公司"]                            # A5 > A4


def _star_frame(rows):
    cols = ["company_id", "industry", "applications", "valid_inventions", "invention_applications",
            "invention_grants", "citations", "licenses", "transfers", "pct_applications"]
    return pd.DataFrame(rows, columns=cols)


def test_star_scores_one_giant_filer_does_not_flatten_the_rest():
    from giantreport.stats.industries import star_scores
    # Four companies in one industry, only volume weighted. G is a giant filer; B C D are small and distinct.
    # Percentile ranks (n = 4: 1/4 … 1) depend on the order only:
    #   apps  G 5000, B 30, C 20, D 10 → 1, 3/4, 1/2, 1/4;  valid G 2000, B 12, C 8, D 4 → the same
    # so B, C, D stay 1/4 apart instead of all being ≈ 0 (30/5000 = 0.006 under share-of-maximum).
    rows = [["G", "X", 5000, 2000, 3000, 2500, 0, 0, 0, 0],
            ["B", "X", 30, 12, 20, 10, 0, 0, 0, 0],
            ["C", "X", 20, 8, 10, 5, 0, 0, 0, 0],
            ["D", "X", 10, 4, 5, 2, 0, 0, 0, 0]]
    weights = {"volume": 1.0, "quality": 0.0, "influence": 0.0, "globalisation": 0.0}
    got = dict(zip("GBCD", star_scores(_star_frame(rows), weights)))
    assert got == {"G": approx(1.0), "B": approx(0.75), "C": approx(0.5), "D": approx(0.25)}
    # a hundred times larger giant: nothing changes
    rows[0][2:4] = [500_000, 200_000]
    assert dict(zip("GBCD", star_scores(_star_frame(rows), weights))) == got


def test_star_scores_tiny_filer_ratios_do_not_dominate():
    from giantreport.stats.industries import star_scores
    # T filed one invention, granted: both quality ratios are 1 (the best), but it is last on every count.
    # B: apps 40, valid 10, inv 30 (share 3/4), grants 15 (rate 1/2), cit 20, lic 2, tr 1, PCT 3
    # C: apps 20, valid 5,  inv 10 (share 1/2), grants 4 (rate 2/5),  cit 10, lic 1, tr 2, PCT 1
    # T: apps 1,  valid 1,  inv 1  (share 1),   grants 1 (rate 1),    cit 0,  lic 0, tr 0, PCT 0
    rows = [["B", "X", 40, 10, 30, 15, 20, 2, 1, 3],
            ["C", "X", 20, 5, 10, 4, 10, 1, 2, 1],
            ["T", "X", 1, 1, 1, 1, 0, 0, 0, 0]]
    # default weights 0.3 / 0.2 / 0.3 / 0.2; n = 3: ranks 1/3, 2/3, 1
    #   volume:   apps 1 2/3 1/3; valid 1 2/3 1/3             → B 1, C 2/3, T 1/3
    #   quality:  share 3/4 1/2 1 → 2/3 1/3 1; rate 1/2 2/5 1 → 2/3 1/3 1 → B 2/3, C 1/3, T 1
    #   influence: cit 1 2/3 1/3; lic 1 2/3 1/3; tr 2/3 1 1/3  → B 8/9, C 7/9, T 1/3
    #   globalisation: PCT 1 2/3 1/3
    weights = {"volume": 0.3, "quality": 0.2, "influence": 0.3, "globalisation": 0.2}
    got = dict(zip("BCT", star_scores(_star_frame(rows), weights)))
    assert got["B"] == approx(0.3 * 1 + 0.2 * 2 / 3 + 0.3 * 8 / 9 + 0.2 * 1)               # = 0.9
    assert got["C"] == approx(0.3 * 2 / 3 + 0.2 * 1 / 3 + 0.3 * 7 / 9 + 0.2 * 2 / 3)       # = 19/30 ≈ 0.6333
    assert got["T"] == approx(0.3 * 1 / 3 + 0.2 * 1 + 0.3 * 1 / 3 + 0.2 * 1 / 3)           # = 7/15 ≈ 0.4667
    # weights are divided by their sum: doubling every weight changes nothing
    doubled = dict(zip("BCT", star_scores(_star_frame(rows), {k: 2 * v for k, v in weights.items()})))
    assert doubled == {k: approx(v) for k, v in got.items()}


def test_star_count_from_config(simple):
    assert simple.summary["stars"]["新材料"] == ["丙公司", "甲公司"]   # stars.count = 2 in simple.toml
    assert len(simple.tables["table-3-2"]) == 2       # table 3.2: 新材料


# ---------------------------------------------------------------- chapter 4: regions

def test_region_counts_and_cr10_with_fewer_than_ten_regions(st, s):
    # 江苏省 A3 A4 A7 A8, 浙江省 A1 A2 A6, 广东省 A5 (ties by total are broken by name)
    assert s["cr10"]["province"] == {"cr10": approx(1.0), "top_share_of_regions": approx(1.0), "regions": 3,
                                     "top10": ["江苏省", "浙江省", "广东省"],       # 8/8, 3/3
                                     "top10_companies": [4, 3, 1], "next_companies": None}
    assert s["cr10"]["city"] == {"cr10": approx(1.0), "top_share_of_regions": approx(1.0), "regions": 5,
                                 "top10": ["南京市", "杭州市", "苏州市", "宁波市", "深圳市"],
                                 # 南京 A3 A7, 杭州 A1 A6, 苏州 A4 A8, 宁波 A2, 深圳 A5
                                 "top10_companies": [2, 2, 2, 1, 1], "next_companies": None}
    # A7 has no district: 7 of the 8 companies in 5 districts, so the top ten hold 7/8 of all companies
    assert s["cr10"]["district"] == {"cr10": approx(7 / 8), "top_share_of_regions": approx(1.0), "regions": 5,
                                     "top10": ["杭州市西湖区", "苏州市姑苏区", "南京市玄武区", "宁波市鄞州区", "深圳市南山区"],
                                     "top10_companies": [2, 2, 1, 1, 1], "next_companies": None}
    assert s["regions_over_100"] == {"province": 0, "city": 0, "district": 0}
    fig41 = st.tables["fig-4-1"].set_index("省份")
    assert fig41.to_dict("index") == {"江苏省": {"第1批": 0, "第2批": 2, "第3批": 2, "总计": 4},
                                      "浙江省": {"第1批": 2, "第2批": 0, "第3批": 1, "总计": 3},
                                      "广东省": {"第1批": 0, "第2批": 1, "第3批": 0, "总计": 1}}
    assert s["cities"]["南京市"] == {"companies": 2, "companies_by_batch": {"1": 0, "2": 1, "3": 1}}   # A3, A7
    assert s["cities"]["宁波市"] == {"companies": 1, "companies_by_batch": {"1": 1, "2": 0, "3": 0}}   # A2
    assert s["districts"]["杭州市西湖区"] == {"companies": 2, "companies_by_batch": {"1": 1, "2": 0, "3": 1}}  # A1, A6
    assert sum(v["companies"] for v in s["districts"].values()) == 7


def test_cr10_with_more_than_ten_regions():
    sizes = [101, 100, 5, 4, 3, 2, 2, 1, 1, 1, 1, 1]          # 12 provinces, 222 companies
    df = pd.DataFrame({"province": [f"P{i:02d}" for i, n in enumerate(sizes, 1) for _ in range(n)], "batch": 1})
    conc = regions.concentration(df, "province")
    assert conc["regions"] == 12
    assert conc["cr10"] == approx(220 / 222)                   # 101+100+5+4+3+2+2+1+1+1 of 222
    assert conc["top_share_of_regions"] == approx(10 / 12)
    assert conc["top10"] == ["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10"]   # ties by name
    assert conc["over_100"] == 1                               # 101 only; 100 is not over 100
    assert conc["top10_companies"] == sizes[:10] and conc["next_companies"] == 1      # P11: 1, as P08–P10


def test_province_table_and_one_company_province(st, s):
    table = st.tables["table-4-1"]
    assert list(table["省份"]) == ["江苏省", "浙江省", "广东省"]
    assert list(table["企业数量"]) == [4, 3, 1]
    p = s["provinces"]
    assert p["江苏省"]["employees_mean"] == approx(300.0)                 # (200 + 400) / 2
    assert p["江苏省"]["valid_inventions_mean"] == approx(1.0)            # (2 + 1 + 1 + 0) / 4
    assert p["江苏省"]["invention_density_per_1000"] == approx(5.0)       # (2 + 1) / 600 × 1000
    assert p["浙江省"]["employees_mean"] == approx(200.0)                 # (100 + 300) / 2
    assert p["浙江省"]["valid_inventions_mean"] == approx(1 / 3)          # (1 + 0 + 0) / 3
    assert p["浙江省"]["invention_density_per_1000"] == approx(2.5)       # 1 / 400 × 1000
    # 广东省: one company (A5), employees unknown
    assert p["广东省"]["companies"] == 1
    assert p["广东省"]["companies_by_batch"] == {"1": 0, "2": 1, "3": 0}
    assert p["广东省"]["employees_mean"] is None
    assert p["广东省"]["valid_inventions_mean"] == approx(1.0)
    assert p["广东省"]["invention_density_per_1000"] is None
    assert s["fact_sheets"] == ["江苏省", "浙江省", "广东省"]


def test_radar_three_provinces_simple_weights(simple):
    # province sums (apps, valid, inv, grants, cit, PCT; valid and employees over known employees):
    #   江苏省 7, 4, 5, 4, 14, 2; 3 / 600    浙江省 5, 1, 3, 2, 15, 1; 1 / 400    广东省 1, 1, 1, 1, 6, 1; 0 / 0
    # sub-indicators: density 5, 2.5, 0 (no employees → 0); grant rate 4/5, 2/3, 1; PCT share 2/7, 1/5, 1
    # best province: apps 7, valid 4, density 5, grant rate 1, cit 15, PCT 2, PCT share 1
    r = {name: p["radar"] for name, p in simple.summary["provinces"].items()}
    assert r["江苏省"] == {"volume": approx(1.0),              # (7/7 + 4/4) / 2
                          "quality": approx(0.9),             # (5/5 + 0.8) / 2
                          "influence": approx(14 / 15),       # citations only
                          "globalisation": approx(9 / 14)}    # (2/2 + (2/7)/1) / (1 + 1)
    assert r["浙江省"] == {"volume": approx(27 / 56),          # (5/7 + 1/4) / 2
                          "quality": approx(7 / 12),          # (2.5/5 + 2/3) / 2
                          "influence": approx(1.0),           # 15 / 15
                          "globalisation": approx(0.35)}      # (1/2 + 1/5) / 2
    assert r["广东省"] == {"volume": approx(11 / 56),          # (1/7 + 1/4) / 2
                          "quality": approx(0.5),             # (0/5 + 1) / 2
                          "influence": approx(0.4),           # 6 / 15
                          "globalisation": approx(0.75)}      # (1/2 + 1) / 2


def test_default_weights():
    cfg = load_config(None, search_dir=FIX)          # FIX has no giantreport.toml: the defaults alone
    assert cfg.radar == {
        "volume": {"applications": 0.5, "valid_inventions": 0.5},
        # grant rate is not a default: it depends on filing age (young portfolios are not yet examined)
        "quality": {"invention_density": 0.5, "invention_application_share": 0.5},
        "influence": {"citations": 0.5, "transfers": 0.3, "licenses": 0.2},
        "globalisation": {"pct_applications": 0.7, "pct_share": 0.3},
    }
    assert cfg.stars == {"volume": 0.3, "quality": 0.2, "influence": 0.3, "globalisation": 0.2}
    assert cfg.star_count == 10


def test_radar_default_weights(s):
    # defaults: quality = 0.5 density + 0.5 invention share (no grant rate); influence = 0.5 cit + 0.3 tr + 0.2 lic
    # density 江苏 5, 浙江 2.5, 广东 0 (max 5); inv share 江苏 5/7, 浙江 3/5, 广东 1/1 (max 1)
    js = s["provinces"]["江苏省"]["radar"]
    assert js["quality"] == approx(0.5 * 5 / 5 + 0.5 * (5 / 7) / 1)                      # = 6/7
    assert s["provinces"]["浙江省"]["radar"]["quality"] == approx(0.5 * 2.5 / 5 + 0.5 * 3 / 5)   # = 0.55
    assert s["provinces"]["广东省"]["radar"]["quality"] == approx(0.5 * 0 / 5 + 0.5 * 1)        # = 0.5
    # 江苏 cit 14 (max 15), tr 1 (max 3, 浙江), lic 3 (max 3)
    assert js["influence"] == approx(0.5 * 14 / 15 + 0.3 * 1 / 3 + 0.2 * 3 / 3)
    assert s["provinces"]["广东省"]["radar"]["volume"] == approx(0.5 * 1 / 7 + 0.5 * 1 / 4)


def test_highlights_tie_broken_by_total(s):
    # 江苏省 ranks 1st in four key industries: 新材料 (A3, 2 valid vs 浙江's 1), 新一代信息技术 (A4, 1, tied
    # with 广东's A5: both rank 1), 高端机械装备 (A7, 1), 生物医药 (A8, 0). The rank tie is broken by the
    # larger total: 新材料 (2) first, 生物医药 (0) drops out; equal totals fall back to the name.
    # (By name alone 新一代信息技术 < 新材料 < 生物医药 would be the order.)
    assert s["provinces"]["江苏省"]["highlights"] == [
        {"industry": "新材料", "companies": 1, "valid_inventions": 2, "rank": 1},
        {"industry": "新一代信息技术", "companies": 1, "valid_inventions": 1, "rank": 1},
        {"industry": "高端机械装备", "companies": 1, "valid_inventions": 1, "rank": 1},
    ]
    assert s["provinces"]["浙江省"]["highlights"] == [
        {"industry": "新材料", "companies": 2, "valid_inventions": 1, "rank": 2}]     # 其他 (A6) is not a key industry
    assert s["provinces"]["广东省"]["highlights"] == [
        {"industry": "新一代信息技术", "companies": 1, "valid_inventions": 1, "rank": 1}]


# ---------------------------------------------------------------- aggregate columns and the cut-off date

def _assert_same(a, b, where="summary"):
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for k in a:
            _assert_same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _assert_same(x, y, f"{where}[{i}]")
    elif isinstance(a, float):
        assert b == approx(a), where
    else:
        assert a == b, where


def test_aggregate_columns_give_the_same_numbers(st):
    agg = run(AGGREGATES)
    assert load_dataset(AGGREGATES).patents is None
    # spot checks against the hand arithmetic, then everything against the patent-rows path
    assert agg.summary["applications_mean"] == approx(1.625)           # 13 / 8
    assert agg.summary["invention_grant_rate"] == approx(7 / 9)
    assert agg.summary["valid_inventions_mean_by_batch"]["2"] == approx(4 / 3)
    assert agg.summary["applications_growth"]["rate"] == approx(0.5)   # 2020年 4 → 2021年 6
    # the numbers are the same; what they were counted from is recorded as it is (docs/metrics.md §11.2)
    assert (st.summary["definitions"]["patent_source"], agg.summary["definitions"]["patent_source"]) == ("patents", "aggregates")
    _assert_same({k: v for k, v in st.summary.items() if k != "definitions"},
                 {k: v for k, v in agg.summary.items() if k != "definitions"})
    assert list(agg.tables) == list(st.tables)
    for name in st.tables:
        pd.testing.assert_frame_equal(agg.tables[name], st.tables[name], check_dtype=False, obj=name)


@pytest.mark.parametrize("as_of, expected", [
    # D = 2021-12-31 → Y 2021: P2 (granted 2022-08-01), P8 (2022-03-01), P12 (2022-01-01) are not yet granted;
    # grants P1 P5 P7 P10 P13, of which valid P1 P7 P10 P13 (P5 失效)
    ("2021-12-31", {"years": (2020, 2021), "from": 4 / 8, "to": 6 / 8, "apps": 13 / 8, "grants": 5 / 8, "valid": 4 / 8}),
    # D = 2022-06-30 → Y 2021 (the fixture's default)
    ("2022-06-30", {"years": (2020, 2021), "from": 4 / 8, "to": 6 / 8, "apps": 13 / 8, "grants": 7 / 8, "valid": 6 / 8}),
    # D = 2022-12-30 → still Y 2021; P4 (published 2022-07-15) and P2 (granted 2022-08-01, 有效) now count
    ("2022-12-30", {"years": (2020, 2021), "from": 4 / 8, "to": 6 / 8, "apps": 14 / 8, "grants": 8 / 8, "valid": 7 / 8}),
    # D = 2022-12-31 → Y 2022: 2021 has 6 publications, 2022 one (P4)
    ("2022-12-31", {"years": (2021, 2022), "from": 6 / 8, "to": 1 / 8, "apps": 14 / 8, "grants": 8 / 8, "valid": 7 / 8}),
])
def test_as_of_moves_growth_years_and_cut(as_of, expected):
    s = run(as_of=dt.date.fromisoformat(as_of)).summary
    g = s["applications_growth"]
    assert (g["from_year"], g["to_year"]) == expected["years"]
    assert g["from_mean"] == approx(expected["from"])
    assert g["to_mean"] == approx(expected["to"])
    assert g["rate"] == approx(expected["to"] / expected["from"] - 1)
    assert s["applications_mean"] == approx(expected["apps"])
    assert s["invention_grants_mean"] == approx(expected["grants"])
    assert s["valid_inventions_mean"] == approx(expected["valid"])


def test_growth_rate_none_without_earlier_year():
    # D = 2021-12-30 → Y 2020 vs 2019: one publication in 2019 (P10), four in 2020 (P1 P6 P7 P14)
    g = run(as_of=dt.date(2021, 12, 30)).summary["applications_growth"]
    assert (g["from_year"], g["to_year"]) == (2019, 2020)
    assert g["from_mean"] == approx(1 / 8) and g["to_mean"] == approx(4 / 8)
    assert g["rate"] == approx(3.0)
    # D = 2018-12-31 → Y 2018 vs 2017: nothing published in 2017 → no rate
    g = run(as_of=dt.date(2018, 12, 31)).summary["applications_growth"]
    assert (g["from_year"], g["to_year"]) == (2017, 2018)
    assert g["from_mean"] == approx(0.0) and g["to_mean"] == approx(1 / 8)   # P13 published 2018-07-01
    assert g["rate"] is None


def test_header_only_patents_file_means_no_patents(tmp_path):
    (tmp_path / "companies.csv").write_bytes((ROWS / "companies.csv").read_bytes())
    (tmp_path / "patents.csv").write_text((ROWS / "patents.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
                                          encoding="utf-8")
    s = run(tmp_path).summary
    assert s["applications_mean"] == approx(0.0)
    assert s["invention_grant_rate"] is None             # 0 / 0
    assert s["pct_buckets"] == {"0": 8, "1-9": 0, "10-100": 0, ">100": 0}


def _walk(node, where="summary"):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{where}[{i}]")
    else:
        yield where, node


def test_summary_has_plain_values_and_no_nan(st):
    # undefined values are None (null in JSON), never NaN; numbers are plain Python numbers
    for where, value in _walk(st.summary):
        assert value is None or type(value) in (str, int, float, bool), (where, type(value))
        assert not (isinstance(value, float) and math.isnan(value)), where


# ---------------------------------------------------------------- the stats command

TOP_LEVEL_KEYS = [
    "as_of", "companies", "batches",
    "employees_mean", "employees_total", "employees_known", "founded_years_median", "listed_count", "listed_share",
    "financed_count", "financed_share", "applications_mean", "valid_inventions_mean", "invention_applications_mean",
    "invention_grants_mean", "applications_growth", "invention_density_per_1000", "invention_application_share",
    "invention_grant_rate", "citations_mean", "licenses_mean", "transfers_mean", "pct_mean", "pct_share",
    "employees_mean_by_batch", "founded_years_median_by_batch", "listed_share_by_batch", "financed_share_by_batch",
    "applications_mean_by_batch", "valid_inventions_mean_by_batch", "invention_applications_mean_by_batch",
    "invention_grants_mean_by_batch", "applications_growth_by_batch", "invention_density_per_1000_by_batch",
    "invention_application_share_by_batch", "invention_grant_rate_by_batch", "citations_mean_by_batch",
    "licenses_mean_by_batch", "transfers_mean_by_batch", "pct_mean_by_batch", "pct_share_by_batch",
    "listed_count_by_batch", "financed_count_by_batch",
    "boards", "national", "boards_by_batch", "national_by_batch", "recognition", "policy_target",
    "pct_buckets", "pct_bucket_shares", "pct_buckets_by_batch", "newest_batch",
    "industries", "industry_groups", "industries_by_batch", "focus_share", "focus_share_by_batch", "ashare_focus_share", "stars",
    "cr10", "regions_over_100", "cities", "districts", "provinces", "radar_median", "fact_sheets",
    "edition_year", "benchmark_years", "benchmarks_other_year", "benchmarks_left_out",
    "missing", "definitions",
]
BY_BATCH = ["employees_mean", "founded_years_median", "listed_share", "financed_share", "applications_mean",
            "valid_inventions_mean", "invention_applications_mean", "invention_grants_mean", "applications_growth",
            "invention_density_per_1000", "invention_application_share", "invention_grant_rate", "citations_mean",
            "licenses_mean", "transfers_mean", "pct_mean", "pct_share", "listed_count", "financed_count",
            "pct_buckets", "focus_share", "boards", "national"]
TABLES = (["fig-1-1", "fig-1-2", "fig-1-3", "fig-1-4", "fig-1-5", "fig-1-6",
           "fig-2-1", "fig-2-2", "fig-2-3", "fig-2-4", "fig-2-5", "fig-2-6", "fig-2-6b",
           "fig-3-1", "fig-3-2", "fig-3-3"] + [f"table-3-{i}" for i in range(1, 9)]
          + ["fig-4-1", "fig-4-2", "fig-4-3", "table-4-1", "fig-4-4",
             "province-江苏省", "province-浙江省", "province-广东省"]
          # the four key industries with companies in the fixture (其他 is none); no city has 30 companies
          + ["industry-新材料", "industry-新一代信息技术", "industry-高端机械装备", "industry-生物医药及高性能医疗器械"])


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stats-out")
    assert main(["-q", "stats", "--data", str(ROWS), "--as-of", "2022-06-30", "--out", str(folder)]) == 0
    return folder


def test_stats_command_summary_json(out):
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert list(s) == TOP_LEVEL_KEYS
    for key in BY_BATCH:
        assert list(s[f"{key}_by_batch"]) == ["1", "2", "3"], key
    # fractions, not percents
    assert s["listed_share"] == approx(0.5)
    assert s["financed_share"] == approx(0.375)
    assert s["invention_application_share"] == approx(9 / 13)
    assert s["boards"]["北交所"]["giant_share_of_board"] == approx(0.1)
    assert s["cr10"]["province"]["cr10"] == approx(1.0)
    for key in ("listed_share", "financed_share", "invention_application_share", "invention_grant_rate", "pct_share",
                "focus_share"):
        assert 0 <= s[key] <= 1, key
        assert all(v is None or 0 <= v <= 1 for v in s[f"{key}_by_batch"].values()), key
    # None is written as null
    assert s["employees_mean_by_batch"]["3"] is None
    assert '"3": null' in (out / "summary.json").read_text(encoding="utf-8")


def test_stats_command_csv_files(out):
    assert sorted(p.stem for p in out.glob("*.csv")) == sorted(TABLES)
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{t}.csv" for t in TABLES]
                                                           + ["summary.json", "giantreport-stats.xlsx"])
    raw = (out / "fig-1-1.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                       # UTF-8 with BOM, for Excel
    assert raw.decode("utf-8-sig") == "批次,企业数量,累计企业数量\n1,2,2\n2,3,5\n3,3,8\n"
    fig14 = pd.read_csv(out / "fig-1-4.csv", encoding="utf-8-sig").set_index("批次")
    assert fig14.loc["总计", "上市企业占比"] == approx(0.5)      # a fraction in the CSV as well


def test_stats_command_xlsx(out):
    book = openpyxl.load_workbook(out / "giantreport-stats.xlsx")
    # a contents sheet, then one sheet per figure or table named by its number (layout: tests/test_formats.py)
    assert book.sheetnames[0] == "目录" and "图1.1" in book.sheetnames and "图2.4" in book.sheetnames
    for ws in book.worksheets[1:]:
        assert ws.freeze_panes == "A3", ws.title                # title row and header row frozen
        # value cells must not be numbers stored as text (the first column holds row labels)
        for row in ws.iter_rows(min_row=3, min_col=2, values_only=True):
            for value in row:
                if isinstance(value, str):
                    with pytest.raises(ValueError):
                        float(value)
    fig11 = book["图1.1"]
    assert [c.value for c in fig11[2]] == ["批次", "企业数量（家）", "累计企业数量（家）"]
    assert [c.value for c in fig11[5]] == ["第三批", 3, 8]
    assert all(isinstance(c.value, int) for c in fig11[5][1:])
    fig24 = {r[0]: r for r in book["图2.4"].iter_rows(min_row=3, values_only=True)}
    assert isinstance(fig24["总计"][5], float) and fig24["总计"][5] == approx(7 / 9)   # 发明专利授权率
    fig12 = {r[0]: r for r in book["图1.2"].iter_rows(min_row=3, values_only=True)}
    assert fig12["第三批"][1] is None                             # no employees in batch 3: an empty cell


def test_stats_command_as_of_changes_growth_years(tmp_path):
    assert main(["-q", "stats", "--data", str(ROWS), "--as-of", "2022-12-31", "--out", str(tmp_path)]) == 0
    s = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert s["as_of"] == "2022-12-31"
    assert (s["applications_growth"]["from_year"], s["applications_growth"]["to_year"]) == (2021, 2022)
    header = (tmp_path / "fig-2-2.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "批次,2021年平均公开专利申请量,2022年平均公开专利申请量,专利申请增速"
