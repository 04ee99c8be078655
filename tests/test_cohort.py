"""A comparison cohort computed from data (--cohort) against the same figures typed into benchmarks.yaml.

Cohort tests/fixtures/cohort: nine companies, one per industry field, 100 staff each (900 in all).
applications 10+20+30+40+50+10+20+10+0 = 190, invention applications 4+8+10+20+20+6+6+4+0 = 78,
invention grants 2+6+8+10+12+4+4+2+0 = 48, valid inventions 2+5+6+8+10+3+4+1+0 = 39.
Main data: tests/fixtures/editions/2022, D 2022-06-30.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from giantreport import pipeline
from giantreport.stats import cohort

FIX = Path(__file__).parent / "fixtures"
D = dt.date(2022, 6, 30)
FIELDS = {"新材料": 2, "新一代信息技术": 5, "高端机械装备": 6, "节能与新能源汽车": 8, "生物医药及高性能医疗器械": 10,
          "航空航天装备": 3, "海洋工程装备及高技术船舶": 4, "先进轨道交通装备": 1, "其他": 0}   # valid inventions of each

# by hand: means over 9 companies, density over 900 staff, shares as ratios of sums
ASHARE = {"applications_mean": 190 / 9, "valid_inventions_mean": 39 / 9, "invention_applications_mean": 78 / 9,
          "invention_grants_mean": 48 / 9, "invention_density_per_1000": 39 / 900 * 1000,
          "invention_application_share": 78 / 190, "invention_grant_rate": 48 / 78}


def typed_benchmarks() -> str:
    """The same figures as a user would type them into benchmarks.yaml (each field 1 of 9 companies;
    高端装备制造 = 高端机械 + 航空航天 + 海洋工程 + 轨道交通: 4 of 9)."""
    lines = ["ashare:", "  year: 2022"] + [f"  {k}: {v!r}" for k, v in ASHARE.items()]
    lines += ["industries:", "  year: 2022"]
    lines += [f"  {name}: {{share: {1 / 9!r}, valid_inventions_mean: {float(v)!r}}}" for name, v in FIELDS.items()]
    lines += ["industry_groups:", "  year: 2022", "  高端装备制造:",
              '    members: "高端机械装备;航空航天装备;海洋工程装备及高技术船舶;先进轨道交通装备"', f"    share: {4 / 9!r}"]
    return "\n".join(lines) + "\n"


def test_cohort_blocks_by_hand():
    _, _, stats = pipeline.prepare(FIX / "cohort", None, D)
    blocks = cohort.cohort_blocks(stats.summary, {"高端装备制造": {"members": "x"}})
    assert blocks["ashare"] == {k: pytest.approx(v, rel=1e-12) for k, v in ASHARE.items()}
    assert blocks["industries"]["新一代信息技术"] == {"share": pytest.approx(1 / 9), "valid_inventions_mean": 5.0}
    assert blocks["industry_groups"] == {"高端装备制造": {"members": "x", "share": pytest.approx(4 / 9)}}


def test_cohort_gives_the_same_comparison_as_typed_benchmarks(tmp_path):
    typed = tmp_path / "typed"
    shutil.copytree(FIX / "editions" / "2022", typed)
    (typed / "benchmarks.yaml").write_text(typed_benchmarks(), encoding="utf-8")
    _, _, by_yaml = pipeline.prepare(typed, None, D)
    _, _, by_data = pipeline.prepare(FIX / "editions" / "2022", None, D, cohort=(FIX / "cohort", "A 股上市企业"))
    a, b = by_yaml.summary, by_data.summary
    for key in ("industries", "industry_groups", "ashare_focus_share", "benchmark_years", "benchmarks_other_year"):
        assert a[key] == b[key], key
    assert {k: by_yaml.benchmarks["ashare"][k] for k in ASHARE} == by_data.benchmarks["ashare"]
    for fig in ("fig-3-1", "fig-3-3"):
        assert by_yaml.tables[fig].equals(by_data.tables[fig]), fig
    # the comparison itself, by hand: 新材料 in the main data 2 companies of 4, mean (2 + 4) / 2 = 3 against 2
    assert b["industries"]["新材料"]["ratio_to_ashare"] == pytest.approx(1.5)
    assert b["ashare_focus_share"] == pytest.approx(8 / 9)          # 1 − 其他's 1/9
    # the source line names the cohort
    assert by_data.benchmarks["cohort"]["name"] == "A 股上市企业"
    assert "A 股上市企业：cohort 的企业数据" in by_data.benchmarks["source"]
