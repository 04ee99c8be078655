"""The pipeline, top to bottom: load and validate → compute → present → render.

Every command goes through these functions; the CLI only parses and reports.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .config import Config, load_config
from .data.bundled import data_dir
from .data.load import Dataset, load_dataset
from .output import atomic_output
from .progress import QUIET, Progress
from .stats import Stats, compute_stats


def load_data(data: Path | None, progress: Progress = QUIET) -> Dataset:
    with progress.stage("读取并校验数据"):
        return load_dataset(data_dir(data))


def prepare(data: Path | None, config_path: Path | None, as_of: dt.date | None,
            progress: Progress = QUIET) -> tuple[Config, Dataset, Stats]:
    config = load_config(config_path).with_as_of(as_of)
    dataset = load_data(data, progress)
    with progress.stage("计算统计量"):
        stats = compute_stats(dataset, config)
    return config, dataset, stats


def write_stats_files(data, config_path, as_of, out: Path, progress: Progress = QUIET) -> list[Path]:
    from .render.tables import write_stats
    _, _, stats = prepare(data, config_path, as_of, progress)
    with progress.stage("写出统计文件"), atomic_output(out) as staging:
        written = write_stats(stats, staging)
    return [out / p.name for p in written]
