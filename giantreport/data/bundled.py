"""The bundled default dataset: a synthetic sample calibrated to the published 2022 report."""
from __future__ import annotations

from pathlib import Path

from ..errors import GiantReportError
from ..resources import asset_path

SAMPLE_DIR = "data/sample"


def default_data_dir() -> Path:
    folder = asset_path(SAMPLE_DIR)
    if not (folder / "companies.parquet").is_file():
        raise GiantReportError(f"内置样例数据缺失：{folder}（请用 giantreport sample-data --out DIR 生成，或用 --data 指定数据文件夹）")
    return folder


def data_dir(option: str | Path | None) -> Path:
    return Path(option) if option else default_data_dir()
