"""Atomic outputs: everything is written to a temporary folder beside the target and moved in
only when complete, so a failed or interrupted run leaves earlier good files intact."""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from .errors import GiantReportError


@contextlib.contextmanager
def atomic_output(out_dir: str | Path):
    """Yield a staging folder; on success move its files into out_dir (replacing same-named files)."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".giantreport-", dir=out))
    except OSError as exc:
        raise GiantReportError(f"无法写入输出文件夹 {out}：{exc.strerror or exc}（请检查路径和写入权限）") from None
    try:
        yield staging
        for path in sorted(staging.rglob("*")):
            if path.is_file():
                target = out / path.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
