"""Content-keyed chart cache: unchanged charts are not redrawn on the next build.

The key is the sha256 of the figure function's name, the exact data the chart plots
(the JSON-able dict the drawing reads, and nothing else), the palette it is drawn in
(every colour, style.Palette.identity), STYLE_VERSION, the matplotlib version, the SVG
text mode and the chart font's fingerprint. The value
is the SVG markup as drawn, in ``<dir>/<key[:2]>/<key>.svg``; the same chart's PNG for the Word
document and the chart files (render/chart_export.py) is ``<key'>.png``, its key made from the
function's name, the resolution, chart_export.PNG_VERSION and Pillow's version. Writes are atomic (temporary file + rename), so concurrent
builds sharing a folder are safe; a corrupt or unreadable entry is treated as a miss, and an
entry is only served when it is what giantreport writes there (SVG the sanitiser passes
unchanged; a PNG with only the chunks matplotlib writes, each CRC right),
so nothing in the folder can run or smuggle in code.
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
        """The PNG stored under `key` if it is one as giantreport writes them: only the chunks matplotlib
        writes, every chunk's CRC right, nothing after the end. Anything else is a miss."""
        try:
            data = self._path(key, "png").read_bytes()
        except OSError:
            self.misses += 1
            return None
        if png_pixels(data) is None:
            self.misses += 1        # a broken or foreign entry is redrawn (and overwritten)
            return None
        self.hits += 1
        return data

    def put_png(self, key: str, data: bytes) -> None:
        if png_pixels(data) is not None:
            self._write(self._path(key, "png"), data)

    def _write(self, path: Path, data: bytes) -> None:
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
            tmp = None
        except OSError:
            pass                    # a cache that cannot be written is just a slower build
        finally:
            if tmp is not None:     # not moved into place (an error, or Ctrl-C): no leftover
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


#: The chunks of the PNGs matplotlib (through Pillow) writes for the charts.
PNG_CHUNKS = {b"IHDR", b"pHYs", b"IDAT", b"IEND"}


def png_pixels(data: bytes) -> tuple[int, int] | None:
    """(width, height) of `data` if it is a PNG as the charts are written: the signature, IHDR first,
    only PNG_CHUNKS, every CRC right, nothing after IEND; None otherwise."""
    import struct
    import zlib
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    i, size = 8, None
    while i + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[i:i + 8])
        end = i + 12 + length
        if kind not in PNG_CHUNKS or end > len(data) or (size is None) != (kind == b"IHDR"):
            return None
        if zlib.crc32(data[i + 4:end - 4]) != struct.unpack(">I", data[end - 4:end])[0]:
            return None
        if kind == b"IHDR":
            size = struct.unpack(">II", data[i + 8:i + 16])
        if kind == b"IEND":
            return size if end == len(data) else None
        i = end
    return None


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
