"""This edition against the last (giantreport/stats/change.py, narrative/change.py, --previous).

Fixture tests/fixtures/editions: two hand-made editions with aggregate columns (no patents file).
2022 (D 2022-06-30): C1 甲 1 浙江杭州 新材料 · C2 乙 1 浙江宁波 新材料 · C3 丙 2 江苏南京 新一代 · C4 丁 2 广东深圳 高端机械
2023 (D 2023-06-30): C4 no longer in the file, C3 marked 撤销, batch 3 added: C5 戊 江苏苏州 新一代, C6 己 江苏苏州 其他,
C7 庚 江苏无锡 高端机械. Expected values are worked out by hand in the comments.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from giantreport import narrative as N
from giantreport.config import load_config
from giantreport.data.load import load_dataset
from giantreport.stats import change, compute_stats

FIX = Path(__file__).parent / "fixtures" / "editions"
D22, D23 = dt.date(2022, 6, 30), dt.date(2023, 6, 30)


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-12)


def run(year: int, as_of: dt.date):
    dataset = load_dataset(FIX / str(year))
    return dataset, compute_stats(dataset, load_config(None, search_dir=FIX).with_as_of(as_of))


@pytest.fixture(scope="module")
def editions():
    (d22, s22), (d23, s23) = run(2022, D22), run(2023, D23)
    return d22, s22.summary, d23, s23.summary


def test_revoked_company_is_out_of_the_statistics(editions):
    _, _, _, cur = editions
    # C3 撤销: 5 companies left (C1 C2 C5 C6 C7); batch 2 has none left
    assert cur["companies"] == 5
    assert cur["batches"] == {"1": 2, "3": 3}
    assert cur["review"] == {"passed": 5, "failed": 0, "revoked": 1,
                             "dropped": [{"id": "C3", "name": "丙公司", "status": "撤销"}]}
    # employees 100 + 300 + 100 + 500 + 200 = 1200 over 5 (C3's 200 not counted)
    assert cur["employees_mean"] == approx(240.0)


def test_change_values_of_two_editions(editions):
    d22, prev, d23, cur = editions
    block, ch = change.compare(cur, prev, "data", d23.companies, d22.companies)
    assert block["edition_year"] == 2022 and block["as_of"] == "2022-06-30" and block["companies"] == 4
    assert block["batches"] == {"1": 2, "2": 2} and block["source"] == "data"
    assert ch["comparable"] is True and ch["differences"] == [] and ch["notes"] == []
    m = ch["measures"]
    # companies 4 → 5: +1, +25%
    assert (m["companies"]["previous"], m["companies"]["current"], m["companies"]["change"]) == (4, 5, 1)
    assert m["companies"]["change_relative"] == approx(0.25)
    # employees 1000/4 = 250 → 1200/5 = 240: −10, −4%
    assert m["employees_mean"]["change"] == approx(-10.0) and m["employees_mean"]["change_relative"] == approx(-0.04)
    # listed C1 C4 of 4 = 50% → C1 C5 of 5 = 40%: −10 pp (change holds the fraction −0.1); no relative change
    assert m["listed_share"]["change"] == approx(-0.1) and m["listed_share"]["change_relative"] is None
    assert m["listed_share"]["unit"] == "pp"
    # financed C1 C3 of 4 → C1 C5 of 5: 50% → 40%
    assert m["financed_share"]["change"] == approx(-0.1)
    # valid inventions 2+4+0+2 = 8 over 4 = 2.0 → 3+5+1+0+3 = 12 over 5 = 2.4: +0.4, +20%
    assert m["valid_inventions_mean"]["previous"] == approx(2.0)
    assert m["valid_inventions_mean"]["change"] == approx(0.4)
    assert m["valid_inventions_mean"]["change_relative"] == approx(0.2)
    # applications 40/4 = 10 → 12+24+4+0+10 = 50/5 = 10: unchanged
    assert m["applications_mean"]["change"] == approx(0.0)
    # invention grants 12/4 = 3 → 3+6+1+0+4 = 14/5 = 2.8: −0.2, −1/15
    assert m["invention_grants_mean"]["change_relative"] == approx(2.8 / 3 - 1)
    # density 8 / 1000 staff × 1000 = 8 → 12 / 1200 × 1000 = 10: +2
    assert m["invention_density_per_1000"]["change"] == approx(2.0)
    # invention application share 20/40 = 0.5 → 26/50 = 0.52: +2 pp; grant rate 12/20 = 0.6 → 14/26
    assert m["invention_application_share"]["change"] == approx(0.02)
    assert m["invention_grant_rate"]["change"] == approx(14 / 26 - 0.6)
    # ten key fields 4/4 → 4/5 (C6 其他): −20 pp
    assert m["focus_share"]["change"] == approx(-0.2)
    # no PCT column in either edition: null, not 0
    assert m["pct_share"]["previous"] is None and m["pct_share"]["change"] is None
    # batches: 3 is new; batch 2 has no company left
    assert ch["new_batches"] == ["3"]
    assert ch["batches"]["2"] == {"previous": 2, "current": None}
    # companies by ID: C5 C6 C7 added; C4 not in the file, C3 marked 撤销
    c = ch["companies"]
    assert c["matched_by"] == "id" and c["added"] == ["戊公司", "己公司", "庚公司"]
    assert c["dropped_unlisted"] == ["丁公司"] and [d["id"] for d in c["dropped_marked"]] == ["C3"]
    assert c["dropped"] == 2            # 4 + 3 − 2 = 5
    # provinces 浙江 2, 江苏 1, 广东 1 (ranks 1, 2, 2) → 江苏 3, 浙江 2: 江苏 2 → 1 (+1), 浙江 1 → 2 (−1)
    p = ch["ranks"]["province"]
    assert p["江苏省"] == {"previous": 2, "current": 1, "change": 1, "previous_companies": 1, "current_companies": 3}
    assert p["浙江省"] == {"previous": 1, "current": 2, "change": -1, "previous_companies": 2, "current_companies": 2}
    assert p["广东省"] == {"previous": 2, "current": None, "change": None, "previous_companies": 1, "current_companies": None}
    # cities: four with one company each (all first) → 苏州 2 first, 杭州 宁波 无锡 1 (second)
    assert ch["ranks"]["city"]["杭州市"]["change"] == -1
    assert ch["ranks"]["city"]["苏州市"]["previous"] is None
    # key fields 新材料 2, 新一代 1, 高端机械 1 in both editions: ranks unchanged (其他 is no field)
    assert {k: v["change"] for k, v in ch["ranks"]["industry"].items()} == {"新材料": 0, "新一代信息技术": 0, "高端机械装备": 0}


def test_by_name_when_a_list_has_no_ids(editions):
    d22, prev, d23, cur = editions
    p = d22.companies.copy()
    p.attrs["key"] = "name"
    p["company_id"] = ["X1", "X2", "X3", "X4"]          # other keys; names still match
    _, ch = change.compare(cur, prev, "data", d23.companies, p)
    assert ch["companies"]["matched_by"] == "name" and ch["companies"]["added"] == ["戊公司", "己公司", "庚公司"]


def test_previous_summary_alone_knows_only_the_marked_drops(editions):
    _, prev, _, cur = editions
    _, ch = change.compare(cur, json.loads(json.dumps(prev)), "summary")
    c = ch["companies"]
    assert c["added"] is None and c["dropped_unlisted"] is None and c["dropped"] == 1 and c["note"]


def test_settings_mismatch_nulls_the_affected_values(editions):
    _, prev, _, cur = editions
    other = copy.deepcopy(prev)
    other["definitions"]["patent_source"] = "patents"           # counted from patent rows last time
    other["definitions"]["settings"]["radar"] = {"volume": {"applications": 1.0}}
    _, ch = change.compare(cur, other, "summary")
    m = ch["measures"]
    assert ch["comparable"] is False
    assert {d["what"] for d in ch["differences"]} == {"patent_source", "settings.radar"}
    for key in ("applications_mean", "valid_inventions_mean", "invention_density_per_1000", "invention_grant_rate"):
        assert m[key]["change"] is None and m[key]["note"], key
        assert m[key]["previous"] is not None            # the values stay, the comparison does not
    for key in ("companies", "employees_mean", "listed_share", "focus_share"):     # resting on the list only
        assert m[key]["change"] is not None and m[key]["note"] is None, key
    items = N.change_items({**cur, "change": ch, "previous": change.previous_block(other, "summary")})
    text = "".join(items)
    assert "平均有效发明专利量" not in text and "专利数据来源不同" in text and "省份雷达权重" in text


def test_previous_without_definitions_compares_counts_only(editions):
    _, prev, _, cur = editions
    old = {k: v for k, v in prev.items() if k != "definitions"}
    _, ch = change.compare(cur, old, "summary")
    assert ch["measures"]["companies"]["change"] == 1
    assert ch["measures"]["listed_share"]["change"] is None and ch["measures"]["listed_share"]["note"]
    assert ch["ranks"]["province"]["江苏省"]["change"] == 1       # ranks by company counts need no definitions


def test_sentences_state_the_printed_numbers(editions):
    d22, prev, d23, cur = editions
    block, ch = change.compare(cur, prev, "data", d23.companies, d22.companies)
    s = {**cur, "previous": block, "change": ch}
    text = "".join(N.change_items(s))
    assert "名单企业由 4 家增至 5 家（增加 1 家）" in text
    assert "新增第三批 3 家" in text
    assert "上一版名单中有 2 家不在本版名单中（其中被撤销 1 家）" in text
    assert "上市企业占比由 50.0% 降至 40.0%（降低 10.0 个百分点）" in text
    assert "平均有效发明专利量由 2.00 件/家增至 2.40 件/家（增加 20.0%）" in text
    assert "平均累计专利申请量与上一版持平（10.00 件/家）" in text
    assert "江苏省由并列第 2 位升至第 1 位" in text          # 2022: 江苏 1 company, tied with 广东
    assert "None" not in text and "nan" not in text
    assert N.change_finding(s).startswith("与上一版相比，名单扩大 25.0%")
    # the briefing's sentence: 江苏 1 → 3 companies, 2nd → 1st
    assert N.province_change(s, "江苏省") == ("与上一版（2022 年版，数据截至 2022 年 6 月 30 日）相比，江苏省的名单企业由 1 家增至 3 家，"
                                            "按企业数量的全国排名由并列第 2 位升至第 1 位。")


def test_share_that_prints_the_same_reads_unchanged():
    from giantreport.narrative.change import measure_clause
    entry = {"previous": 0.4341, "current": 0.4344, "note": None}      # 43.41% and 43.44% both print 43.4%
    assert measure_clause("listed_share", entry) == "上市企业占比与上一版持平（43.4%）"


def test_cli_stats_previous(tmp_path):
    from giantreport.cli import main
    assert main(["-q", "stats", "--data", str(FIX / "2022"), "--as-of", "2022-06-30", "--out", str(tmp_path / "s22")]) == 0
    assert main(["-q", "stats", "--data", str(FIX / "2023"), "--as-of", "2023-06-30", "--out", str(tmp_path / "s23"),
                 "--previous", str(tmp_path / "s22")]) == 0
    summary = json.loads((tmp_path / "s23" / "summary.json").read_text(encoding="utf-8"))
    assert summary["previous"]["source"] == "summary" and summary["previous"]["companies"] == 4
    assert summary["change"]["measures"]["valid_inventions_mean"]["change"] == approx(0.4)
    assert summary["change"]["companies"]["dropped"] == 1      # only C3 is known from a summary
    # the previous data folder instead: added and dropped by ID
    assert main(["-q", "stats", "--data", str(FIX / "2023"), "--as-of", "2023-06-30", "--out", str(tmp_path / "s23b"),
                 "--previous", str(FIX / "2022")]) == 0
    summary = json.loads((tmp_path / "s23b" / "summary.json").read_text(encoding="utf-8"))
    assert summary["previous"]["source"] == "data" and summary["change"]["companies"]["dropped"] == 2


def test_unlike_or_reversed_editions_are_not_compared():
    """The newest batch alone against the whole list, a "previous" edition newer than this one, and the
    same data twice: no change values, one sentence saying why."""
    whole = {"as_of": "2022-06-30", "edition_year": 2022, "companies": 9279,
             "batches": {"1": 248, "2": 1744, "3": 2930, "4": 4357}}
    fifth = {"as_of": "2023-06-30", "edition_year": 2023, "companies": 20, "batches": {"5": 20}}
    block, ch = change.compare(fifth, whole)
    assert ch["scope"] and "本版缺少第一批、第二批、第三批、第四批" in ch["scope"]
    assert all(m["change"] is None for m in ch["measures"].values()) and ch["ranks"]["province"] is None
    text = N.change_items({**fifth, "previous": block, "change": ch})
    assert len(text) == 1 and "不作比较" in text[0] and "减至" not in text[0]
    assert N.change_finding({**fifth, "previous": block, "change": ch}) is None
    # a "previous" edition cut off later than this one
    _, ch = change.compare(whole, {**whole, "as_of": "2023-06-30"})
    assert "晚于本版" in ch["scope"]
    # the same data again
    block, ch = change.compare(whole, dict(whole))
    assert ch["scope"] is None and ch["same_data"]
    assert N.change_items({**whole, "previous": block, "change": ch}) == [
        "与上一版（2022 年版，数据截至 2022 年 6 月 30 日）相比，两版的数据截止日和名单相同（9,279 家），没有可比较的变化。"]
