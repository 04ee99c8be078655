"""The two engines of the patent aggregation give identical results (issue 17, item 4).

pandas loads and validates every patent row and counts with numpy; DuckDB leaves the rows in their
file, checks them in SQL and runs the aggregation SQL of giantreport/stats/patent_sql.py (docs/scale.md).
Both are run on the same hand-worked table (expected values worked out below, by hand) and on generated
tables (a few thousand rows with the spellings real exports use), and must give the same per-company
metrics and the same summary.json.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import duckdb  # noqa: F401  (the test extra installs it: both engines are compared here)

from giantreport.cli import main  # noqa: E402
from giantreport.config import load_config  # noqa: E402
from giantreport.data import patent_file  # noqa: E402
from giantreport.data.load import load_dataset, validate_folder  # noqa: E402
from giantreport.data.patent_file import PatentFile  # noqa: E402
from giantreport.stats import compute_stats  # noqa: E402
from giantreport.stats.company_metrics import METRICS, company_metrics  # noqa: E402
from giantreport.stats.patent_sql import aggregate_sql  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "stats"
D = dt.date(2022, 6, 30)          # growth years: 2020 and 2021

HEADER = ["企业ID", "申请号", "专利类型", "申请日", "公开日", "授权日", "法律状态", "PCT", "PCT国际申请号",
          "被引用次数", "许可次数", "转让次数"]
# The companies are A1 … A8 of tests/fixtures/stats/rows; A6 and A8 have no patents here.
HAND = [
    # published 2020 · invention · granted · valid · cited 10, licensed 1
    ["A1", "Q1", "发明", "2019-01-10", "2020-03-01", "2021-05-01", "有效", "否", "", "10", "1", "0"],
    # published 2021 · invention (发明专利) · granted after D: not granted, not valid · PCT · cited 2, transferred 1
    ["A1", "Q2", "发明专利", "2020/2/1", "2021/4/1", "2022-08-01", "授权", "是", "", "2", "0", "1"],
    # published 2021 · utility model
    ["A1", "Q3", "实用新型", "2021年1月5日", "2021年6月1日", "2021年6月1日", "有效", "", "", "0", "0", "0"],
    # published after D: counts nowhere (not granted either)
    ["A1", "Q4", "发明", "20220101", "20220715", "", "审中", "否", "", "5", "3", "0"],
    # published 2019 · invention (发明授权) · granted · 未缴年费 = 失效: not valid · PCT (1) · cited 1,200
    ["A2", "Q5", "发明授权", "2018-05-05", "2019-01-01", "2020-01-01", "未缴年费", "1", "", "1,200", "0", "0"],
    # month-only dates (1st of the month): published 2020-09 · design (外观) · status "-" = empty · transferred 2
    ["A2", "Q6", "外观", "2020-07", "2020-09", "2020-10-01", "-", "否", "", "0", "0", "2"],
    # published on D itself (counts) · invention · granted on D · valid · PCT by its PCT number · cited 4, licensed 2
    ["A3", "Q7", "发明", "2021-02-02", "2022-06-30", "2022-06-30", "有效", "", "PCT/CN2021/000001", "4", "2", "0"],
    # published 2019 · invention · granted · 维持 = 有效: valid · PCT (true)
    ["A3", "Q8", "发明", "2019-03-03", "2019-09-09", "2020-02-02", "维持", "true", "", "0", "0", "0"],
    # published 2021-12-31 08:00 (year 2021) · invention · pending · PCT number "—" = unknown: not PCT · cited 1
    ["A3", "Q9", "发明", "2020-11-11", "2021-12-31 08:00", "", "审中", "否", "—", "1", "0", "0"],
    # published after D, but granted before D: a grant counts by its own date (granted and valid);
    # its citations, licences and transfers do not (unpublished)
    ["A4", "Q10", "发明", "2022-03-01", "2022-09-01", "2022-05-01", "有效", "否", "", "9", "9", "9"],
    # published 2021 · utility model · cited 3
    ["A4", "Q11", "实用新型", "2021-01-01", "2021-03-03", "2021-03-03", "失效", "否", "", "3", "0", "0"],
    # published 2016 · invention · granted · valid · PCT · cited 6
    ["A5", "Q12", "发明", "2015-01-01", "2016-01-01", "2017-01-01", "有效", "是", "", "6", "0", "0"],
    # published 2020 · invention (发明申请) · pending · no status · cited 2, licensed 1
    ["A7", "Q13", "发明申请", "2020-05-05", "2020-11-11", "", "", "否", "", "2", "1", "0"],
    # published 2021 · design (外观设计专利)
    ["A7", "Q14", "外观设计专利", "2021-05-05", "2021-08-08", "2021-09-09", "有效", "", "", "0", "0", "0"],
]
# METRICS order: applications, invention applications, invention grants, valid inventions, citations,
# licences, transfers, PCT applications, published in 2020, published in 2021
EXPECTED = {
    "A1": (3, 2, 1, 1, 12, 1, 1, 1, 1, 2),      # Q1–Q3 published; inv Q1, Q2; grant Q1; 10+2+0; PCT Q2; 2020 Q1; 2021 Q2, Q3
    "A2": (2, 1, 1, 0, 1200, 0, 2, 1, 1, 0),    # Q5, Q6; inv Q5; grant Q5 (失效); 1200+0; tr 2 (Q6); PCT Q5; 2020 Q6
    "A3": (3, 3, 2, 2, 5, 2, 0, 2, 0, 1),       # Q7–Q9; all inventions; grants Q7, Q8, both valid; 4+0+1; PCT Q7, Q8; 2021 Q9
    "A4": (1, 0, 1, 1, 3, 0, 0, 0, 0, 1),       # Q11 published; Q10 granted and valid though unpublished; cited 3 (Q11)
    "A5": (1, 1, 1, 1, 6, 0, 0, 1, 0, 0),       # Q12
    "A6": (0,) * 10,
    "A7": (2, 1, 0, 0, 2, 1, 0, 0, 1, 1),       # Q13, Q14; inv Q13 (pending); 2+0; lic 1; 2020 Q13; 2021 Q14
    "A8": (0,) * 10,
}


def _folder(tmp: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    for name in ("companies.csv", "benchmarks.yaml"):
        shutil.copy(FIX / "rows" / name, tmp / name)
    with open(tmp / "patents.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    return tmp


def _parquet_copy(folder: Path, tmp: Path) -> Path:
    """The same data with a typed patents.parquet (timestamps, integers, booleans: DuckDB's typed path)."""
    tmp.mkdir(parents=True, exist_ok=True)
    for name in ("companies.csv", "benchmarks.yaml"):
        if (folder / name).is_file():
            shutil.copy(folder / name, tmp / name)
    frame = load_dataset(folder).patents.copy()
    frame["grant_date"] = frame["grant_date"].astype("datetime64[ms]")
    frame.to_parquet(tmp / "patents.parquet", index=False)
    return tmp


def _stats(folder: Path, engine: str):
    dataset = load_dataset(folder, engine=engine)
    config = load_config(None, search_dir=FIX).with_as_of(D)
    return dataset, compute_stats(dataset, config)


def _summary_text(stats) -> str:
    return json.dumps(stats.summary, ensure_ascii=False, sort_keys=True, default=str)


@pytest.fixture(scope="module")
def hand(tmp_path_factory) -> Path:
    return _folder(tmp_path_factory.mktemp("hand"), HAND)


@pytest.fixture(scope="module")
def hand_parquet(hand, tmp_path_factory) -> Path:
    return _parquet_copy(hand, tmp_path_factory.mktemp("hand-parquet"))


# ---------------------------------------------------------------- hand-worked

@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_hand_worked_metrics(engine, kind, hand, hand_parquet):
    folder = hand if kind == "csv" else hand_parquet
    dataset = load_dataset(folder, engine=engine)
    assert isinstance(dataset.patents, PatentFile) == (engine == "duckdb")
    assert len(dataset.patents) == 14
    metrics = company_metrics(dataset.companies, dataset.patents, D)
    assert list(metrics.columns) == list(METRICS)
    got = {cid: tuple(int(v) for v in row) for cid, row in zip(dataset.companies["company_id"], metrics.to_numpy())}
    assert got == EXPECTED


def test_duckdb_over_a_loaded_frame(hand):
    """The same SQL run by DuckDB over the pandas loader's frame: the same numbers."""
    dataset = load_dataset(hand)
    pandas_ = company_metrics(dataset.companies, dataset.patents, D, engine="pandas")
    duck = company_metrics(dataset.companies, dataset.patents, D, engine="duckdb")
    pd.testing.assert_frame_equal(pandas_, duck)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_hand_worked_summary_identical(kind, hand, hand_parquet):
    folder = hand if kind == "csv" else hand_parquet
    _, by_pandas = _stats(folder, "pandas")
    _, by_duckdb = _stats(folder, "duckdb")
    assert _summary_text(by_pandas) == _summary_text(by_duckdb)
    pd.testing.assert_frame_equal(by_pandas.companies[list(METRICS)], by_duckdb.companies[list(METRICS)])
    for name, table in by_pandas.tables.items():
        pd.testing.assert_frame_equal(table, by_duckdb.tables[name], obj=name)


def test_the_edition_follows_the_file(hand):
    """Without a cut-off the edition takes the latest patent date; DuckDB finds it in SQL."""
    by_pandas, by_duckdb = load_dataset(hand), load_dataset(hand, engine="duckdb")
    from giantreport.edition import latest_date
    assert latest_date(by_duckdb) == latest_date(by_pandas) == dt.date(2022, 9, 1)   # Q10's publication


# ---------------------------------------------------------------- generated

TYPES = ["发明", "发明", "发明专利", "发明授权", "实用新型", "实用新型专利", "外观设计", "外观"]
STATUSES = ["有效", "有效", "授权", "维持", "失效", "未缴年费", "视为撤回", "审中", "实质审查", "", "-"]
PCT = ["否", "否", "否", "是", "", "1", "0", "true", "N/A"]


def _dates(rng, n: int, start: str, span_days: int, styles: bool) -> list[str]:
    days = pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, span_days, n), unit="D")
    if not styles:
        return [d.strftime("%Y-%m-%d") for d in days]
    out = []
    for d, style in zip(days, rng.integers(0, 6, n)):
        out.append([f"{d:%Y-%m-%d}", f"{d.year}/{d.month}/{d.day}", f"{d:%Y%m%d}", f"{d.year}年{d.month}月{d.day}日",
                    f"{d:%Y-%m-%d}", f"{d:%Y.%m.%d}"][style])
    return out


def _generated(tmp: Path, n: int, seed: int, styles: bool = True) -> Path:
    rng = np.random.default_rng(seed)
    companies = [f"G{k:03d}" for k in range(60)]
    provinces = ["浙江省", "江苏省", "广东省", "北京市", "四川省", "山东省"]
    industries = ["新材料", "新一代信息技术", "高端机械装备", "生物医药及高性能医疗器械", "其他"]
    tmp.mkdir(parents=True, exist_ok=True)
    with open(tmp / "companies.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["企业ID", "企业名称", "批次", "省份", "产业领域", "参保人数", "上市板块", "一级市场融资"])
        for k, cid in enumerate(companies):
            w.writerow([cid, f"生成企业{k}", 1 + k % 4, provinces[k % len(provinces)], industries[k % len(industries)],
                        50 + 7 * k, "" if k % 5 else "创业板", "是" if k % 3 else "否"])
    owner = rng.choice(len(companies) - 4, size=n)                   # the last four have no patents
    appln = _dates(rng, n, "2012-01-01", 3600, styles)
    appln_days = pd.to_datetime([a.replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
                                 if not a.isdigit() else f"{a[:4]}-{a[4:6]}-{a[6:]}" for a in appln])
    pub = [(a + pd.Timedelta(days=int(x))).strftime("%Y-%m-%d") for a, x in zip(appln_days, rng.integers(60, 900, n))]
    granted = rng.random(n) < 0.6
    grant = [(a + pd.Timedelta(days=int(x))).strftime("%Y/%m/%d") if g else ("" if x % 2 else "-")
             for a, x, g in zip(appln_days, rng.integers(100, 1600, n), granted)]
    with open(tmp / "patents.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["企业ID", "申请号", "专利类型", "申请日", "公开(公告)日", "授权日", "简单法律状态", "PCT",
                    "PCT国际申请号", "被引用次数", "许可次数", "转让次数"])
        for i in range(n):
            w.writerow([companies[owner[i]], f"CN{i:09d}", TYPES[rng.integers(len(TYPES))], appln[i], pub[i], grant[i],
                        STATUSES[rng.integers(len(STATUSES))], PCT[rng.integers(len(PCT))],
                        "PCT/CN/1" if rng.random() < 0.02 else "", rng.poisson(2), int(rng.random() < 0.05),
                        rng.poisson(0.1)])
    return tmp


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return _generated(tmp_path_factory.mktemp("generated"), 4000, seed=17)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_generated_identical(kind, generated, tmp_path_factory):
    folder = generated if kind == "csv" else _parquet_copy(generated, tmp_path_factory.mktemp("gen-parquet"))
    d_pandas, by_pandas = _stats(folder, "pandas")
    d_duckdb, by_duckdb = _stats(folder, "duckdb")
    assert isinstance(d_duckdb.patents, PatentFile) and len(d_duckdb.patents) == len(d_pandas.patents) == 4000
    pd.testing.assert_frame_equal(by_pandas.companies[list(METRICS)], by_duckdb.companies[list(METRICS)])
    assert _summary_text(by_pandas) == _summary_text(by_duckdb)
    assert by_pandas.companies["applications"].sum() > 1000          # the data exercises the metrics
    assert (by_pandas.companies["valid_inventions"] > 0).sum() > 30


def test_summary_json_identical_through_the_cli(generated, tmp_path):
    """`giantreport stats` with each engine (option after or before the command): the same files."""
    out = {}
    for engine, args in (("pandas", ["stats", "--engine", "pandas"]), ("duckdb", ["--engine", "duckdb", "stats"]),
                         ("auto", ["stats"])):
        out[engine] = tmp_path / engine
        assert main(["-q", *args, "--data", str(generated), "--as-of", D.isoformat(), "--out", str(out[engine])]) == 0
    summary = (out["pandas"] / "summary.json").read_bytes()
    assert summary == (out["duckdb"] / "summary.json").read_bytes() == (out["auto"] / "summary.json").read_bytes()
    for path in sorted(out["pandas"].glob("*.csv")):
        assert path.read_bytes() == (out["duckdb"] / path.name).read_bytes(), path.name


def test_without_cut_off_both_editions_agree(generated, tmp_path):
    """No --as-of: the cut-off is the latest patent date, found by each engine in its own way."""
    for engine in ("pandas", "duckdb"):
        assert main(["-q", "stats", "--engine", engine, "--data", str(generated), "--out", str(tmp_path / engine)]) == 0
    a = json.loads((tmp_path / "pandas" / "summary.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "duckdb" / "summary.json").read_text(encoding="utf-8"))
    assert a == b


# ---------------------------------------------------------------- the choice, the checks, the SQL

def test_auto_chooses_by_size(generated, monkeypatch):
    assert isinstance(load_dataset(generated, engine="auto").patents, pd.DataFrame)      # small: pandas
    monkeypatch.setitem(patent_file.AUTO_DUCKDB_BYTES, ".csv", 1)
    dataset = load_dataset(generated, engine="auto")
    assert isinstance(dataset.patents, PatentFile)
    assert any("DuckDB" in note for note in dataset.notes)


def test_duckdb_refuses_what_it_cannot_read(tmp_path):
    """Name-keyed exports (no 企业ID) and XLSX need the pandas engine: said plainly, not guessed."""
    example = Path(__file__).parent.parent / "data" / "examples" / "第五批名单"
    _, problems = validate_folder(example, engine="duckdb")
    assert len(problems) == 1 and "--engine pandas" in problems[0].expected
    dataset, problems = validate_folder(example, engine="auto")          # auto: the pandas loader
    assert not problems and isinstance(dataset.patents, pd.DataFrame)


def test_checks_count_the_same_problems(tmp_path):
    rows = [r[:] for r in HAND]
    rows[0][0] = "NOPE"                  # unknown company
    rows[1][3] = "2020-13-01"            # no such date
    rows[2][2] = "专利X"                 # unknown patent type
    rows[3][9] = "-2"                    # negative count
    rows[4][5] = "2010-01-01"            # granted before its application (2018-05-05)
    rows[5][6] = "奇怪"                  # unknown legal status
    rows[6][2] = ""                      # empty required cell
    folder = _folder(tmp_path / "bad", rows)
    _, by_pandas = validate_folder(folder, engine="pandas")
    _, by_duckdb = validate_folder(folder, engine="duckdb")
    assert sum(p.count for p in by_pandas) == sum(p.count for p in by_duckdb) == 7
    assert sorted({p.column for p in by_pandas}) == sorted({p.column for p in by_duckdb})
    assert any("NOPE" in p.expected for p in by_duckdb)            # an example value is shown


def test_documented_sql_is_the_sql_that_runs():
    """docs/scale.md shows the aggregation for D = 2022-06-30 exactly as DuckDB runs it."""
    doc = (Path(__file__).parent.parent / "docs" / "scale.md").read_text(encoding="utf-8")
    assert aggregate_sql(D) in doc
