"""The synthetic sample generator (`giantreport sample-data`): determinism, the input contract,
obviously fictitious names, and the published star companies.

The generator runs once per session, as its own `python -m giantreport.cli -q sample-data --seed 2022`
process started early by tests/conftest.py (fixture `generated_sample`). Determinism is its output against
data/sample/*.parquet, byte for byte: those files were written by an earlier process with the same seed.
Expected star names, industries and cities come from data/published/stars.csv (tables 3.1–3.8 of the 2022
report). The 737/737 audit of the bundled sample against the published figures is tests/test_audit.py.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from giantreport.cli import cli
from giantreport.data.load import load_dataset

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "data" / "sample"
STARS = ROOT / "data" / "published" / "stars.csv"
FILES = ("companies.parquet", "patents.parquet")


@pytest.fixture(scope="module")
def generated(generated_sample):
    folder, code, err = generated_sample
    assert code == 0, err.decode("utf-8", "replace")
    assert err == b""                                    # -q: nothing but errors, and there are none
    return folder


@pytest.fixture(scope="module")
def dataset(generated):
    return load_dataset(generated)


def test_writes_the_two_files_and_nothing_else(generated):
    assert sorted(p.name for p in generated.iterdir()) == sorted(FILES)     # no staging folder or stray files left
    assert sorted(p.name for p in generated.parent.iterdir()) == ["sample"]


def test_same_seed_in_another_process_reproduces_the_committed_sample(generated):
    # data/sample/*.parquet are what `giantreport sample-data --seed 2022` writes, in any process
    for name in FILES:
        assert (generated / name).read_bytes() == (COMMITTED / name).read_bytes(), name


def test_default_seed_is_2022():
    seed = next(p for p in cli.commands["sample-data"].params if p.name == "seed")
    assert seed.default == 2022


def test_output_validates_with_the_loader(dataset):
    c = dataset.companies
    # the published figures the skeleton is built from: 9,279 companies in four batches of 248/1744/2930/4357
    assert len(c) == 9279
    assert c["company_id"].is_unique
    assert c.groupby("batch").size().to_dict() == {1: 248, 2: 1744, 3: 2930, 4: 4357}
    assert dataset.patents is not None and len(dataset.patents) > 0
    assert set(dataset.patents["company_id"]) <= set(c["company_id"])


@pytest.fixture(scope="module")
def stars():
    s = pd.read_csv(STARS)
    assert len(s) == 80 and s["name"].is_unique      # ten per key industry, tables 3.1–3.8
    return s


def test_every_other_company_name_is_obviously_fictitious(dataset, stars):
    c = dataset.companies
    real = c["name"].isin(set(stars["name"]))
    assert int(real.sum()) == 80
    fictitious = c.loc[~real, "name"]
    assert fictitious.str.contains("示例").all(), fictitious[~fictitious.str.contains("示例")].head().tolist()
    assert not c.loc[real, "name"].str.contains("示例").any()
    assert c["name"].is_unique


# Table 3.6 prints 贵州航天精工制造有限公司 with city 天津市 and province 北京市 (data/published/README.md, item 13);
# a company cannot be in both, and the sample follows the city.
CITY_WINS = {"贵州航天精工制造有限公司": "天津市"}


def test_published_stars_keep_their_industry_and_city(dataset, stars):
    c = dataset.companies.set_index("name")
    for s in stars.itertuples(index=False):
        row = c.loc[s.name]
        assert (row["industry"], row["industry_detail"], row["city"]) == (s.industry, s.industry_detail, s.city), s.name
        assert row["province"] == CITY_WINS.get(s.name, s.province), s.name
