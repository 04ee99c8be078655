"""The bundled default dataset: a synthetic sample calibrated to the published 2022 report.

The one home of "is this the bundled sample?" (`is_bundled`): the reproduction audit, the synthetic
source lines and the unranked star tables all ask it here.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import GiantReportError
from ..resources import asset_path

SAMPLE_DIR = "data/sample"
# The cut-off of the 2022 report the sample is calibrated to: the bundled data's own as-of date,
# and the only one on which the reproduction audit has something to compare.
SAMPLE_AS_OF = dt.date(2022, 6, 30)
PUBLISHED_EDITION = 2022


def default_data_dir() -> Path:
    folder = asset_path(SAMPLE_DIR)
    if not (folder / "companies.parquet").is_file():
        raise GiantReportError(f"内置样例数据缺失：{folder}（请用 giantreport sample-data --out DIR 生成，或用 --data 指定数据文件夹）")
    return folder


def data_dir(option: str | Path | None) -> Path:
    return Path(option) if option else default_data_dir()


def is_bundled(dataset_or_folder) -> bool:
    """True when the data (a Dataset, or its folder) is the bundled synthetic sample."""
    folder = getattr(dataset_or_folder, "folder", dataset_or_folder)
    if folder is None:
        return False
    try:
        return Path(folder).resolve() == asset_path(SAMPLE_DIR).resolve()
    except (OSError, TypeError):
        return False


def published_stars() -> dict[str, "object"]:
    """Tables 3.1–3.8 of the 2022 report (data/published/stars.csv), in its order of fields and of
    companies, without rank or score: what the report shows of the star companies on the bundled
    sample, whose company-level values are synthetic (no real company is ranked on them)."""
    import pandas as pd
    from ..published import load_published
    stars = load_published().stars
    out = {}
    for industry, g in stars.groupby("industry", sort=False):
        out[str(industry)] = pd.DataFrame({"企业名称": g["name"].values, "具体产业类别": g["industry_detail"].values,
                                           "所在城市": g["city"].values, "所在省份": g["province"].values})
    return out
