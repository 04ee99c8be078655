"""The statistics cache: the validated (light) dataset and the statistics of one build, kept as
data so that a later build with the same data files, configuration and code skips loading and
computing. Nothing in it can run code: it is JSON and Arrow, never pickle.

    $XDG_CACHE_HOME/giantreport/stats/<key>/entry.json        format, version, key, the fields
    $XDG_CACHE_HOME/giantreport/stats/<key>/frame-000.arrow   DataFrames (Arrow IPC files)

`entry.json` holds every field of ``Stats`` and of the light ``Dataset`` (pipeline._light), each
as one of: ``{"json": value}`` (plain values: the summary, benchmarks, notes …; what JSON lacks,
such as number keys, tagged: see _to_json), ``{"date": iso}``, ``{"path": text}``,
``{"frozenset": [items]}`` (or ``"set"``), ``{"frame": file}``,
``{"frames": [[name, ref], …]}`` (an ordered dict of DataFrames; a ref is a file, rows
``{"stack": file, "start": i, "stop": j}`` of a file holding several frames of one shape, or null)
or ``{"rows": n}`` (the light dataset's column-less patent frame). An entry is written only when
every field reads back exactly (types included); otherwise the build just runs uncached.

Reading checks the format name, version and key, that the fields are exactly the dataclass's and
each value fits its annotation; any entry that fails (unreadable, malformed, another version,
the wrong shape) is removed and rebuilt. Writing goes through a temporary folder renamed into
place, so readers never see half an entry; the newest KEEP entries are kept.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import re
import shutil
import tempfile
import time
import types
import typing
from pathlib import Path

FORMAT = "giantreport-stats-cache"
VERSION = 1
KEEP = 8                     # entries kept (newest first)
STALE_TMP = 3600.0           # seconds: a temporary folder older than this was left by a dead run
ENTRY = "entry.json"
_KEY = re.compile(r"[0-9a-f]{64}")


class _Unsupported(Exception):
    """A value this format does not hold exactly: the entry is not written."""


class _Bad(Exception):
    """An entry that does not read back as a Dataset and Stats: discarded."""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "giantreport" / "stats"


# ------------------------------------------------------------------ reading

def get(key: str | None):
    """(light Dataset, Stats) stored under `key`, or None (absent, unreadable or malformed:
    a bad entry is removed)."""
    if key is None or not _KEY.fullmatch(key):
        return None
    folder = cache_dir() / key
    try:
        text = (folder / ENTRY).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        if folder.exists() or folder.is_symlink():
            _discard(folder)
        return None
    import pyarrow as pa
    try:
        entry = json.loads(text)
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("version") != VERSION \
                or entry.get("key") != key:
            raise _Bad
        from .data.load import Dataset
        from .stats import Stats
        read: dict = {}                # a frame stored once for two fields is read once, shared as it was
        dataset = _decode_instance(Dataset, entry.get("dataset"), folder, read)
        stats = _decode_instance(Stats, entry.get("stats"), folder, read)
    except (_Bad, OSError, ValueError, TypeError, RecursionError, pa.ArrowException):
        # unreadable, malformed or of another shape: the entry is rebuilt, never trusted
        _discard(folder)
        return None
    return dataset, stats


def _decode_instance(cls, fields, folder: Path, read: dict):
    names = [f.name for f in dataclasses.fields(cls)]
    if not isinstance(fields, dict) or list(fields) != names:
        raise _Bad
    hints = typing.get_type_hints(cls)
    values = {}
    for name in names:
        value = _decode(fields[name], folder, read)
        if not _fits(value, hints[name]):
            raise _Bad
        values[name] = value
    return cls(**values)


def _decode(node, folder: Path, read: dict):
    if not isinstance(node, dict) or len(node) != 1:
        raise _Bad
    (kind, value), = node.items()
    if kind == "json":
        return _from_json(value)
    if kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if kind == "path" and isinstance(value, str):
        return Path(value)
    if kind == "frame":
        return _read_frame(folder, value, read)
    if kind == "frames" and isinstance(value, list):
        out = {}
        for pair in value:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
                raise _Bad
            out[pair[0]] = None if pair[1] is None else _frame_ref(folder, pair[1], read)
        return out
    if kind in ("set", "frozenset") and isinstance(value, list):
        return (set if kind == "set" else frozenset)(_from_json(value))
    if kind == "rows" and type(value) is int and value >= 0:
        return _rows_only(value)
    raise _Bad


def _frame_ref(folder: Path, ref, read: dict):
    """A frame of a dict of frames: a file of its own, or rows start:stop of a stack."""
    if isinstance(ref, dict):
        start, stop = ref.get("start"), ref.get("stop")
        if set(ref) != {"stack", "start", "stop"} or type(start) is not int or type(stop) is not int \
                or not 0 <= start <= stop:
            raise _Bad
        stack = _read_frame(folder, ref["stack"], read)
        if stop > len(stack):
            raise _Bad
        return stack.iloc[start:stop].reset_index(drop=True)
    return _read_frame(folder, ref, read)


def _read_frame(folder: Path, name, read: dict):
    import pyarrow as pa
    if not (isinstance(name, str) and re.fullmatch(r"frame-\d{3,}\.arrow", name)):
        raise _Bad
    if name not in read:
        with pa.OSFile(str(folder / name), "rb") as source:
            table = pa.ipc.open_file(source).read_all()
        table.validate(full=True)
        read[name] = table.to_pandas()
    return read[name]


def _fits(value, hint) -> bool:
    """Does `value` have the type the dataclass field is annotated with (containers included)?"""
    if hint is typing.Any:
        return True
    if hint is type(None) or hint is None:
        return value is None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, a) for a in args)
    if origin is dict:
        # a dict of frames may hold None for a table the data cannot give (stats/missing.py)
        return isinstance(value, dict) and (not args or all(
            _fits(k, args[0]) and (_fits(v, args[1]) or (v is None and args[1] is _frame_type()))
            for k, v in value.items()))
    if origin in (list, set, frozenset):
        return type(value) is origin and (not args or all(_fits(v, args[0]) for v in value))
    if origin is not None:
        return isinstance(value, origin)
    if hint is float:
        return type(value) in (int, float)
    if hint is dt.date:
        return type(value) is dt.date
    return isinstance(value, hint)


# ------------------------------------------------------------------ writing

def put(key: str | None, dataset, stats) -> None:
    """Store (light dataset, stats) under `key`; silently nothing when the cache cannot be written
    or a value has no exact data form."""
    if key is None or not _KEY.fullmatch(key):
        return
    try:
        import pyarrow as pa
    except ImportError:
        return
    root = cache_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        _tidy(root)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-", dir=root))
    except OSError:
        return
    try:
        frames: list = []
        entry = {"format": FORMAT, "version": VERSION, "key": key,
                 "dataset": _encode_instance(dataset, frames), "stats": _encode_instance(stats, frames)}
        for name, table, _ in frames:
            _write_frame(tmp / name, table)
        text = json.dumps(entry, ensure_ascii=False, allow_nan=True)
        (tmp / ENTRY).write_text(text, encoding="utf-8")
        target = root / key
        if target.exists() or target.is_symlink():
            _discard(target)
        os.rename(tmp, target)
    except (OSError, _Unsupported, pa.ArrowException):
        pass                                           # a cache that cannot be written is no error
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _encode_instance(obj, frames: list) -> dict:
    return {f.name: _encode(getattr(obj, f.name), frames) for f in dataclasses.fields(obj)}


def _encode(value, frames: list) -> dict:
    import pandas as pd
    if isinstance(value, pd.DataFrame):
        if _is_rows_only(value):
            return {"rows": len(value)}
        return {"frame": _add_frame(value, frames)}
    if isinstance(value, dict) and any(isinstance(v, pd.DataFrame) for v in value.values()):
        if not all(isinstance(k, str) for k in value) or \
                not all(v is None or isinstance(v, pd.DataFrame) for v in value.values()):
            raise _Unsupported
        refs = _frame_refs({k: v for k, v in value.items() if v is not None}, frames)
        return {"frames": [[k, refs.get(k)] for k in value]}
    if type(value) is dt.date:
        return {"date": value.isoformat()}
    if type(value) in (set, frozenset):
        items = sorted(value, key=repr)
        return {type(value).__name__: _encode(items, frames)["json"]}   # items are str in practice
    if isinstance(value, Path):
        if not isinstance(value, type(Path())):
            raise _Unsupported
        return {"path": str(value)}
    try:
        plain = _to_json(value)
        back = _from_json(json.loads(json.dumps(plain, ensure_ascii=False, allow_nan=True)))
    except (TypeError, ValueError, RecursionError):
        raise _Unsupported from None
    if not _same(value, back):
        raise _Unsupported
    return {"json": plain}


# Plain values are JSON; what JSON lacks is tagged, as an object with one key starting with NUL:
# a dict with keys other than text (batch numbers 1, 2 …) as {"\0items": [[key, value], …]},
# a tuple as {"\0tuple": […]}, a date as {"\0date": "YYYY-MM-DD"}.
_TAG = "\0"


def _to_json(value):
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is list:
        return [_to_json(v) for v in value]
    if type(value) is tuple:
        return {_TAG + "tuple": [_to_json(v) for v in value]}
    if type(value) is dt.date:
        return {_TAG + "date": value.isoformat()}
    if type(value) is dict:
        if all(type(k) is str and not k.startswith(_TAG) for k in value):
            return {k: _to_json(v) for k, v in value.items()}
        return {_TAG + "items": [[_to_json(k), _to_json(v)] for k, v in value.items()]}
    raise TypeError(type(value).__name__)


def _from_json(value):
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (key, inner), = value.items()
        if key == _TAG + "tuple" and isinstance(inner, list):
            return tuple(_from_json(v) for v in inner)
        if key == _TAG + "date" and isinstance(inner, str):
            return dt.date.fromisoformat(inner)
        if key == _TAG + "items" and isinstance(inner, list):
            out = {}
            for pair in inner:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise _Bad
                out[_from_json(pair[0])] = _from_json(pair[1])   # an unhashable key: TypeError, entry discarded
            return out
    if any(k.startswith(_TAG) for k in value):
        raise _Bad
    return {k: _from_json(v) for k, v in value.items()}


def _add_frame(frame, frames: list) -> str:
    for name, _, stored in frames:
        if stored is frame:           # the same object in two places
            return name
    table = _arrow(frame)
    if table is None or not _same_frame(frame, table.to_pandas()):
        raise _Unsupported
    return _add_table(table, frame, frames)


def _add_table(table, frame, frames: list) -> str:
    name = f"frame-{len(frames):03d}.arrow"
    frames.append((name, table, frame))
    return name


def _arrow(frame):
    import pyarrow as pa
    try:
        return pa.Table.from_pandas(frame, preserve_index=None)
    except (pa.ArrowException, TypeError, ValueError):
        return None


def _frame_refs(value: dict, frames: list) -> dict:
    """How each frame of a dict of frames is stored. Frames of one shape (same columns and dtypes,
    a plain 0…n index: the province sheets, the star tables) go into one Arrow file, read back as
    slices of it, which reads many times faster than a file each (a warm build reads them all);
    a group that would not read back exactly is stored a frame a file."""
    import pandas as pd
    groups: dict = {}
    for key, frame in value.items():
        groups.setdefault(_shape(frame) or ("alone", key), []).append(key)
    refs = {}
    for shape, keys in groups.items():
        if shape[0] != "alone" and len(keys) > 1:
            try:
                stack = pd.concat([value[k] for k in keys], ignore_index=True)
            except (TypeError, ValueError):
                stack = None
            table = None if stack is None else _arrow(stack)
            if table is not None:
                back, start, slices = table.to_pandas(), 0, {}
                for k in keys:
                    slices[k] = {"start": start, "stop": start + len(value[k])}
                    start += len(value[k])
                if all(_same_frame(value[k], back.iloc[r["start"]:r["stop"]].reset_index(drop=True))
                       for k, r in slices.items()):
                    name = _add_table(table, stack, frames)
                    refs.update({k: {"stack": name, **r} for k, r in slices.items()})
                    continue
        for k in keys:
            refs[k] = _add_frame(value[k], frames)
    return refs


def _shape(frame) -> tuple | None:
    import pandas as pd
    index = frame.index
    if (type(index) is not pd.RangeIndex or index.start != 0 or index.step != 1 or index.name is not None
            or type(frame.columns) is not pd.Index or frame.attrs or not frame.columns.is_unique):
        return None
    return ("stack", tuple(frame.columns), tuple(str(d) for d in frame.dtypes), str(frame.columns.dtype))


def _write_frame(path: Path, table) -> None:
    import pyarrow as pa
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _is_rows_only(frame) -> bool:
    import pandas as pd
    return (frame.shape[1] == 0 and type(frame.columns) is pd.RangeIndex and type(frame.index) is pd.RangeIndex
            and frame.index.start == 0 and frame.index.step == 1 and frame.index.name is None and not frame.attrs)


def _frame_type():
    import pandas as pd
    return pd.DataFrame


def _rows_only(n: int):
    import pandas as pd
    return pd.DataFrame(index=pd.RangeIndex(n))


def _same(a, b) -> bool:
    """Equal, and of the same types all the way down (1 is not 1.0, a tuple is not a list)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(k, k2) and _same(a[k], b[k2]) for k, k2 in zip(a, b))
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def _same_frame(a, b) -> bool:
    def same_index(x, y):
        return (type(x) is type(y) and x.dtype == y.dtype and list(x.names) == list(y.names) and x.equals(y)
                and [type(v) for v in x[:1000]] == [type(v) for v in y[:1000]])
    return (type(a) is type(b) and a.shape == b.shape and same_index(a.index, b.index)
            and same_index(a.columns, b.columns) and list(a.dtypes) == list(b.dtypes)
            and a.attrs == b.attrs and a.equals(b))


# ------------------------------------------------------------------ housekeeping

def _discard(path: Path) -> None:
    try:
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass


def _tidy(root: Path) -> None:
    """Keep the newest KEEP entries; remove pickles of earlier versions (never read) and
    temporary folders of runs that died."""
    from .output import _alive
    now = time.time()
    entries = []
    for path in root.iterdir():
        try:
            if path.name.startswith(".tmp-"):
                pid = path.name.split("-")[2] if path.name.count("-") >= 2 else ""
                if (pid.isdigit() and not _alive(int(pid))) or now - path.stat().st_mtime > STALE_TMP:
                    _discard(path)
            elif path.suffix == ".pickle":
                _discard(path)
            elif _KEY.fullmatch(path.name):
                entries.append((path.stat().st_mtime, path.name, path))
        except OSError:
            continue
    for _, _, path in sorted(entries, reverse=True)[KEEP - 1:]:
        _discard(path)            # room for the entry about to be written
