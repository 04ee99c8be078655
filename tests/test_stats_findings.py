"""The numbers behind the 摘要 findings (giantreport/stats/findings.py) against hand arithmetic.

Same fixture and conventions as tests/test_stats.py (tests/fixtures/stats/rows, README there): 8 companies,
batches 1: A1 A2 · 2: A3 A4 A5 · 3: A6 A7 A8; D = 2022-06-30. Expected values are literal numbers with the
arithmetic in a comment.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from giantreport.config import load_config
from giantreport.data.load import load_dataset
from giantreport.stats import compute_stats, findings

FIX = Path(__file__).parent / "fixtures" / "stats"
ROWS = FIX / "rows"
D = dt.date(2022, 6, 30)


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-12)


def run(folder: Path = ROWS, as_of: dt.date = D):
    cfg = load_config(None, search_dir=FIX).with_as_of(as_of)
    return compute_stats(load_dataset(folder), cfg).summary


def with_benchmarks(tmp_path: Path, extra: str) -> Path:
    """The rows fixture with `extra` appended to its benchmarks.yaml."""
    folder = tmp_path / "rows"
    shutil.copytree(ROWS, folder)
    with open(folder / "benchmarks.yaml", "a", encoding="utf-8") as fh:
        fh.write("\n" + extra)
    return folder


RECOGNITION = """recognition:
  listed: {1: 2, 2: 3, 3: 3, 4: 100}
  recognised: {1: 1, 2: 3, 3: 2, 4: 90}
"""


@pytest.fixture(scope="module")
def s():
    return run()


def test_recognition_for_this_list(tmp_path):
    s = run(with_benchmarks(tmp_path, RECOGNITION))
    # the data's batches are 1, 2, 3 with 2, 3, 3 companies = listed; batch 4 (not in the data) is ignored
    assert s["recognition"] == {"listed": 8, "recognised": 6,                      # 2+3+3; 1+3+2
                                "listed_by_batch": {"1": 2, "2": 3, "3": 3},
                                "recognised_by_batch": {"1": 1, "2": 3, "3": 2},
                                "recognised_share": approx(0.75)}                   # 6 / 8
    # the 十四五 target (bundled: 10,000, 2021–2025) counts the recognised companies
    assert s["policy_target"] == {"target": 10000, "from_year": 2021, "to_year": 2025, "counted": 6,
                                  "counted_as": "recognised", "share": approx(0.0006)}   # 6 / 10,000


def test_recognition_of_another_list_is_not_used(s, tmp_path):
    # the bundled benchmarks give the 2022 list's batches (248, 1,744 …): not this data
    assert s["recognition"] is None
    assert s["policy_target"]["counted"] == 8 and s["policy_target"]["counted_as"] == "listed"
    assert s["policy_target"]["share"] == approx(0.0008)                            # 8 / 10,000
    wrong = "recognition:\n  listed: {1: 2, 2: 3, 3: 4}\n  recognised: {1: 1, 2: 3, 3: 2}\n"   # batch 3 has 3, not 4
    assert run(with_benchmarks(tmp_path, wrong))["recognition"] is None


def test_recognition_pure_function_edges():
    bm = {"recognition": {"listed": {1: 2, 2: 3}, "recognised": {1: 1, 2: 4}}}
    assert findings.recognition({"1": 2, "2": 3}, bm) is None            # more recognised than listed in batch 2
    bm = {"recognition": {"listed": {1: 2, 2: 3}, "recognised": {1: 1}}}
    assert findings.recognition({"1": 2, "2": 3}, bm) is None            # batch 2 has no recognised count
    assert findings.recognition({"1": 2}, {}) is None


def test_policy_target_only_in_the_plan_years_and_for_a_whole_list():
    bm = {"policy_targets": {"little_giants": 10000, "from_year": 2021, "to_year": 2025}}
    assert findings.policy_target(8, {"1": 2, "2": 6}, dt.date(2026, 1, 1), bm, None) is None    # after 2025
    assert findings.policy_target(8, {"1": 2, "2": 6}, dt.date(2020, 12, 31), bm, None) is None  # before 2021
    assert findings.policy_target(6, {"2": 6}, D, bm, None) is None      # no first batch: not the cumulative list
    assert findings.policy_target(8, {"1": 2, "2": 6}, D, {}, None) is None
    assert findings.policy_target(9000, {"1": 9000}, D, bm, None)["share"] == approx(0.9)        # 9,000 / 10,000


def test_after_the_plan_no_target(tmp_path):
    assert run(as_of=dt.date(2026, 6, 30))["policy_target"] is None


def test_ashare_focus_share(s):
    # the fixture's benchmarks give no 其他 share: the bundled 0.2784 applies → 1 − 0.2784
    assert s["ashare_focus_share"] == approx(1 - 0.2784)


def test_newest_batch_industry_shares(s):
    new, old = s["newest_batch"]["newest"]["industry_shares"], s["newest_batch"]["earlier"]["industry_shares"]
    # newest = batch 3: A6 其他, A7 高端机械装备, A8 生物医药及高性能医疗器械
    assert new["其他"] == approx(1 / 3) and new["高端机械装备"] == approx(1 / 3)
    assert new["生物医药及高性能医疗器械"] == approx(1 / 3) and new["新材料"] == approx(0.0)
    # earlier = A1–A5: 新材料 A1 A2 A3, 新一代信息技术 A4 A5
    assert old["新材料"] == approx(0.6) and old["新一代信息技术"] == approx(0.4) and old["其他"] == approx(0.0)
    assert sum(new.values()) == approx(1.0) and sum(old.values()) == approx(1.0)


def test_province_density_ratio(s):
    p = s["provinces"]
    # national density: valid inventions of companies with known employees (A1 1, A2 0, A3 2, A4 1 = 4) over
    # their 1,000 people → 4.0 per 1,000
    assert s["invention_density_per_1000"] == approx(4.0)
    assert p["江苏省"]["density_ratio_to_national"] == approx(1.25)       # 5.0 / 4.0
    assert p["浙江省"]["density_ratio_to_national"] == approx(0.625)      # 2.5 / 4.0
    assert p["广东省"]["density_ratio_to_national"] is None               # A5: employees unknown


def test_missing_inputs_null_the_new_keys(tmp_path):
    folder = tmp_path / "rows"
    shutil.copytree(ROWS, folder)
    (folder / "patents.csv").unlink()
    import csv
    with open(folder / "companies.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    keep = [i for i, h in enumerate(rows[0]) if h not in ("产业领域",)]
    with open(folder / "companies.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([[r[i] for i in keep] for r in rows])
    s = run(folder)
    assert s["ashare_focus_share"] is None
    assert s["newest_batch"]["newest"]["industry_shares"] is None
    assert all(p["density_ratio_to_national"] is None for p in s["provinces"].values())
