"""Atomic outputs: everything is written to a temporary folder beside the target and moved in
only when complete, so a failed or interrupted run leaves earlier good files intact.

    with atomic_output(out, replaces=("fig-*.csv", …)) as staging:
        … write files into staging …

On success the staged files replace same-named files in `out`; files in `out` that match
`replaces` but were not written by this run (the tool's own files from an earlier run: a
province that is no longer in the data, say) are removed, so `out` holds one consistent set.
Files the tool did not write (a user's notes.txt) are never touched.

The staging folder is named ``.giantreport-<pid>-<random>`` and is locked (flock) while its
run is alive. A run that was killed (SIGKILL, power cut) cannot remove its own staging folder;
the next run into the same folder does: a staging folder whose lock is free and whose process
is gone (or that is over an hour old) is removed. A live concurrent run's folder is never touched.
"""
from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

from .errors import GiantReportError

STAGING_PREFIX = ".giantreport-"
STALE_AFTER = 3600.0            # seconds: an unlocked staging folder older than this is left over
_STAGING_PID = re.compile(re.escape(STAGING_PREFIX) + r"(\d+)-")


@contextlib.contextmanager
def atomic_output(out_dir: str | Path, replaces: tuple[str, ...] = ()):
    """Yield a staging folder; on success move its files into out_dir (replacing same-named files)
    and remove the files in out_dir matching `replaces` (glob patterns) that this run did not write."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(out)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out))
    except OSError as exc:
        raise GiantReportError(f"无法写入输出文件夹 {out}：{exc.strerror or exc}（请检查路径和写入权限）") from None
    lock, _ = _try_lock(staging)
    try:
        yield staging
        with _signals_held():
            _commit(staging, out, replaces)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if lock is not None:
            os.close(lock)


def _commit(staging: Path, out: Path, replaces: tuple[str, ...]) -> None:
    written = set()
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            relative = path.relative_to(staging)
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            written.add(relative.as_posix())
    if not replaces:
        return
    for path in sorted(out.iterdir()):
        if path.name in written or path.name.startswith(STAGING_PREFIX):
            continue
        if any(fnmatch.fnmatchcase(path.name, pattern) for pattern in replaces) and (path.is_symlink() or path.is_file()):
            path.unlink(missing_ok=True)


class InterruptedAfterCommit(KeyboardInterrupt):
    """Ctrl-C came while the new files were being moved in: they are complete, the run stops after."""


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C or SIGTERM during the few moves of a commit takes effect after it, so the set is
    replaced whole (only SIGKILL can cut it, and only in these milliseconds). Main thread only."""
    held: list[int] = []
    previous = {}
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, lambda s, frame: held.append(s))
    except ValueError:                          # not the main thread: nothing to hold
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if signal.SIGINT in held and previous.get(signal.SIGINT) is signal.default_int_handler:
            raise InterruptedAfterCommit
        for signum in dict.fromkeys(held):
            signal.raise_signal(signum)         # under the handler the run had before


def _try_lock(folder: Path) -> tuple[int | None, bool]:
    """(file descriptor holding an exclusive flock on `folder`, or None; whether another holds it).
    The lock lasts as long as the descriptor: until this process and its forked children end."""
    try:
        import fcntl
    except ImportError:
        return None, False
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None, False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        return None, exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN)
    return fd, False


def remove_stale_staging(out: Path, now: float | None = None) -> list[Path]:
    """Remove the staging folders in `out` left by runs that died; returns those removed."""
    removed = []
    try:
        candidates = sorted(p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX))
    except OSError:
        return removed
    now = time.time() if now is None else now
    for path in candidates:
        try:
            if path.is_symlink() or not path.is_dir():
                continue
            age = now - path.stat().st_mtime
        except OSError:
            continue
        lock, held = _try_lock(path)
        if held:
            continue                                  # a live run holds it
        try:
            m = _STAGING_PID.match(path.name)
            pid = int(m.group(1)) if m else None
            if (pid is not None and pid != os.getpid() and not _alive(pid)) or age > STALE_AFTER:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        finally:
            if lock is not None:
                os.close(lock)
    return removed


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True                  # os.kill would end the process there: keep, the age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True                  # exists (another user's) or cannot tell: keep
    return True
