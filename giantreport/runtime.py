"""Process-level settings for the long computations."""
from __future__ import annotations

import datetime as dt
import gc
import os
from contextlib import contextmanager


@contextmanager
def paused_gc():
    """No cyclic garbage collection inside the block (restored after, as it was).

    A build makes millions of short-lived objects (layout boxes, chart artists) that reference
    counting frees; the collector's passes over them cost ~0.4 s of an ~7 s report build.
    Leftover cycles are collected when the block ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def die_with_parent(parent_pid: int) -> None:
    """In a forked child: end when the parent process ends, even by SIGKILL.

    On Linux the kernel sends the child SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG);
    a parent that died before that was set is caught by the check of os.getppid()."""
    import os
    import signal
    import sys
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass                                       # no prctl: the checks of the parent remain
    if os.getppid() != parent_pid:
        os._exit(0)


_PR_SET_PDEATHSIG = 1   # <linux/prctl.h>


def source_date() -> dt.datetime | None:
    """The build time of a reproducible build: SOURCE_DATE_EPOCH (seconds since 1970, UTC) when it is
    set to a whole number, else None (the caller's own default: now for the HTML, a fixed date for the
    workbook)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
