"""The PDF laid out in a second process, so that WeasyPrint's work overlaps the rest of the build.

    with pdf_worker() as worker:              # before the data is read: WeasyPrint loads meanwhile
        worker.lay_out(html)                  # the report with placeholder charts: layout begins
        worker.chart(token, svg)              # each chart as it is drawn; layout waits for those it needs
        result = worker.finish(html, texts)   # final HTML (file identifier) and chart text -> PdfResult

render.report.draw_during_layout is the one place that drives the overlap (lay_out, then chart).

Layout needs every chart before it can place the pages, but reading the styles and building the
boxes does not: that part runs while the main process draws the charts. A placeholder is the
chart's empty <svg> marked ``data-pending="<token>"`` (``charts.base.placeholder_svg``); the
worker's URL fetcher hands WeasyPrint the real chart for it once it has arrived. The PDF is
byte-identical to ``render_pdf(final_html)`` (tested).

Linux (fork) with two or more CPUs; elsewhere ``start()`` returns None and the caller renders
in its own process. Errors cross back as the same GiantReportError; a worker that dies is
reported in plain words.
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
import time
import traceback
from collections.abc import Mapping

from ..errors import GiantReportError
from ..svgsafe import PENDING_ATTR

_PENDING = re.compile(f'{PENDING_ATTR}="([^"]+)"'.encode())


def can_fork() -> bool:
    import multiprocessing as mp
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return cpus >= 2 and sys.platform.startswith("linux") and "fork" in mp.get_all_start_methods()


@contextlib.contextmanager
def pdf_worker(wanted: bool = True):
    """A started PdfWorker, or None when not `wanted` or not possible here; closed on leaving."""
    worker = PdfWorker.start() if wanted else None
    try:
        yield worker
    finally:
        if worker is not None:
            worker.close()


class PdfWorker:
    def __init__(self, process, conn):
        self.process, self.conn = process, conn
        self.sent_html = False
        self.finished = False

    @classmethod
    def start(cls) -> PdfWorker | None:
        if os.environ.get("GIANTREPORT_PDF_WORKER", "1") == "0" or not can_fork():
            return None
        import multiprocessing as mp
        for stream in (sys.stdout, sys.stderr):      # or the child would write the parent's buffered text again
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        ours, theirs = mp.get_context("fork").Pipe(duplex=True)
        process = mp.get_context("fork").Process(target=_serve, args=(theirs, ours, os.getpid()), daemon=True,
                                                 name="giantreport-pdf")
        process.start()
        theirs.close()
        return cls(process, ours)

    def _send(self, message) -> None:
        try:
            self.conn.send(message)
        except (BrokenPipeError, EOFError, OSError):
            pass                     # the worker stopped: finish() reports why

    def lay_out(self, html: str) -> None:
        self._send(("html", html))
        self.sent_html = True

    def chart(self, token: str, svg: str) -> None:
        self._send(("chart", token, svg))

    def finish(self, html: str, extra_text: list[str], variant: str | None = None):
        """Wait for the PDF (a pdf.PdfResult); the worker's error is raised here. The worker lays out
        `html` itself when it was sent no placeholder document (every chart was drawn already)."""
        if not self.sent_html:
            self.lay_out(html)
        self._send(("finish", html, list(extra_text), variant))
        try:
            kind, payload = self.conn.recv()
            self.finished = True
        except (EOFError, OSError):
            self.process.join(5)
            raise GiantReportError(f"PDF 排版进程意外退出（退出码 {self.process.exitcode}），可能是内存不足；"
                                   "可设置环境变量 GIANTREPORT_PDF_WORKER=0 改为单进程排版后重试。") from None
        if kind == "ok":
            return payload
        if kind == "error":
            raise payload
        raise RuntimeError(f"PDF 排版进程出错：\n{payload}")

    def close(self) -> None:
        """Let a worker that delivered its PDF end; stop one that did not (the command failed or stopped
        early) at once: it may still be loading WeasyPrint, and nothing it holds is needed."""
        if not self.finished:
            self.process.kill()
        self._send(("quit",))
        self.conn.close()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class _Closed(Exception):
    """The main process went away or gave up: stop quietly."""


class _Inbox:
    """Messages from the main process, read by a thread so that the sender never blocks."""

    def __init__(self, conn):
        self.conn, self.items, self.closed = conn, {}, False
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):         # the main process exited without saying quit
                os._exit(0)                     # (killed): nobody waits for the PDF, stop now
            with self.cond:
                if message[0] == "quit":
                    self.closed = True
                elif message[0] == "chart":
                    self.items["chart", message[1]] = message[2:]
                else:
                    self.items[message[0]] = message[1:]
                self.cond.notify_all()
            if message[0] == "quit":
                return

    def wait(self, key):
        with self.cond:
            while key not in self.items:
                if self.closed:
                    raise _Closed
                self.cond.wait()
            return self.items[key]


class _AwaitedCharts(Mapping):
    """The print HTML's chart images; a placeholder is swapped for its chart when that arrives."""

    def __init__(self, charts: dict[str, bytes], inbox: _Inbox):
        self.charts, self.inbox = charts, inbox

    def __getitem__(self, url: str) -> bytes:
        from .pdf import image_bytes
        data = self.charts[url]
        m = _PENDING.search(data[:4000])
        if m is None:
            return data
        (svg,) = self.inbox.wait(("chart", m.group(1).decode("utf-8")))
        return image_bytes(svg)

    def __iter__(self):
        return iter(self.charts)

    def __len__(self) -> int:
        return len(self.charts)


def _serve(conn, parent_end=None, parent_pid: int | None = None) -> None:
    """The worker process: load WeasyPrint and the fonts, then lay out and write what it is sent.

    It ends with the main process: its copy of the main process's end of the pipe is closed (so
    the main process's death is an EOF here), and on Linux the kernel kills it when the main
    process dies (runtime.die_with_parent)."""
    import gc
    import signal
    from ..runtime import die_with_parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the main process's to handle
    if parent_end is not None:
        parent_end.close()
    if parent_pid is not None:
        die_with_parent(parent_pid)
    from . import pdf
    gc.disable()                      # a short-lived process: reference counting frees what it needs to
    inbox = _Inbox(conn)
    try:
        t0 = time.perf_counter()
        import weasyprint  # noqa: F401
        pdf._font_setup(pdf.asset_path("templates").resolve().as_uri() + "/")
        timings = {"import": time.perf_counter() - t0}
        (html,) = inbox.wait("html")
        print_html, charts = pdf.charts_as_images(html)
        document, warnings = pdf.lay_out(print_html, _AwaitedCharts(charts, inbox), timings)
        final_html, extra_text, variant = inbox.wait("finish")
        reply = ("ok", pdf.write(document, final_html, extra_text, timings, warnings, variant=variant))
    except _Closed:
        return
    except GiantReportError as exc:
        reply = ("error", exc)
    except BaseException:                      # a bug: the main process shows it
        reply = ("crash", traceback.format_exc())
    try:
        conn.send(reply)
    except OSError:
        pass                                   # the main process has gone; nobody to tell
    # the process ends here; its end of the pipe closes with it
