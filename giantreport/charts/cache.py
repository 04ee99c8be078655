"""Content-keyed chart cache: unchanged charts are not redrawn on the next build.

The key is the sha256 of the figure function's name, the exact data the chart plots
(the JSON-able dict the drawing reads, and nothing else), the palette it is drawn in
(every colour, style.Palette.identity), STYLE_VERSION, the matplotlib version, the SVG
text mode and the chart font's fingerprint. The value
is the SVG markup as drawn, in ``<dir>/<key[:2]>/<key>.svg``; the same chart's PNG for the Word
document and the chart files (render/chart_export.py) is ``<key'>.png``, its key made from the
function's name and the resolution. Writes are atomic (temporary file + rename), so concurrent
builds sharing a folder are safe; a corrupt or unreadable entry is treated as a miss, and an
entry is only served when it is what giantreport writes there (SVG the sanitiser passes
unchanged; a whole PNG), so nothing in the folder can run or smuggle in code.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import svgsafe
from . import style


def canonical(data) -> str:
    """Stable JSON text of the plotted data (sorted keys, exact float repr, NaN as null)."""
    return json.dumps(_plain(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return int(value)
    try:
        f = float(value)            # numpy scalars, pandas NA raise or give nan
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(f) or math.isinf(f):
        return None
    if f.is_integer() and not isinstance(value, float) and "float" not in type(value).__name__:
        return int(f)
    return f


@cache
def _matplotlib_version() -> str:
    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:   # pragma: no cover
        return "?"


@cache
def _font_identity() -> str:
    return style.font_identity()


def _environment() -> str:
    return f"{style.STYLE_VERSION}|mpl {_matplotlib_version()}|{style.SVG_FONTTYPE}|{_font_identity()}"


def cache_key(function_name: str, data, palette: style.Palette = style.HOUSE) -> str:
    h = hashlib.sha256()
    for part in (function_name, _environment(), palette.identity, canonical(data)):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def default_dir() -> Path:
    """~/.cache/giantreport/charts (or $XDG_CACHE_HOME/giantreport/charts)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "giantreport" / "charts"


class ChartCache:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder).expanduser()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str, kind: str = "svg") -> Path:
        return self.folder / key[:2] / f"{key}.{kind}"

    def get(self, key: str) -> str | None:
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.misses += 1
            return None
        if not (text.startswith("<svg") and text.rstrip().endswith("</svg>")) or not _clean(text):
            self.misses += 1        # a broken or tampered entry is redrawn (and overwritten)
            return None
        self.hits += 1
        return text

    def put(self, key: str, svg: str) -> None:
        if _clean(svg):
            self._write(self._path(key), svg.encode("utf-8"))

    def get_png(self, key: str) -> bytes | None:
        try:
            data = self._path(key, "png").read_bytes()
        except OSError:
            self.misses += 1
            return None
        if not _whole_png(data):
            self.misses += 1        # a broken or foreign entry is redrawn (and overwritten)
            return None
        self.hits += 1
        return data

    def put_png(self, key: str, data: bytes) -> None:
        if _whole_png(data):
            self._write(self._path(key, "png"), data)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except OSError:
            pass                    # a cache that cannot be written is just a slower build


def _whole_png(data: bytes) -> bool:
    """A PNG from its signature to its IEND chunk (a truncated or foreign file is not served)."""
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


def _clean(svg: str) -> bool:
    """Well-formed SVG that the sanitiser would pass unchanged (no <style>, <script>, foreignObject,
    external link, event handler …, see giantreport.svgsafe): anything else in the cache folder was not
    written by giantreport and is not served."""
    try:
        return not svgsafe.problems(svg)
    except svgsafe.SVGError:
        return False


def open_cache(cache_dir) -> ChartCache | None:
    if cache_dir is None:
        return None
    if isinstance(cache_dir, ChartCache):
        return cache_dir
    return ChartCache(cache_dir)
