"""Access to the bundled assets (templates/, fonts/, data/).

Installed from a wheel they live in ``giantreport/_assets``; in a source
checkout (editable install, tests) they are the top-level folders beside the
package. Never resolved against the working folder.
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def assets_root() -> Path:
    packaged = Path(str(resources.files("giantreport"))) / "_assets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def asset_path(relative: str) -> Path:
    """Path of a bundled asset, e.g. ``asset_path("data/reference/provinces.csv")``."""
    return assets_root() / relative
