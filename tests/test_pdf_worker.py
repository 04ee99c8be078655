"""The PDF laid out in a forked worker process (render/pdf_worker.py) while the charts are drawn:
the same bytes as the in-process path, errors that cross back in plain words, no hang."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from giantreport import charts
from giantreport.errors import GiantReportError
from giantreport.pipeline import build_report, prepare, write_report
from giantreport.render.report_view import render_report_html
from giantreport.render.pdf import MissingGlyphsError, charts_as_images
from giantreport.render.pdf_worker import PdfWorker, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="the PDF worker needs fork and two CPUs")

FIXTURE = Path(__file__).parent / "fixtures" / "small"
EPOCH = "1656547200"


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="module")
def prepared():
    return prepare(FIXTURE, None, None)


def files(paths) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


def render(prepared, out: Path, cache: Path, worker: PdfWorker | None) -> dict[str, bytes]:
    config, dataset, stats = prepared
    try:
        return files(write_report(stats, config, dataset, out, cache_dir=cache, pdf_worker=worker))
    finally:
        if worker is not None:
            worker.close()


def test_same_bytes_as_in_process_cold_and_warm(prepared, tmp_path):
    alone = render(prepared, tmp_path / "alone", tmp_path / "cache-a", None)
    cold = render(prepared, tmp_path / "cold", tmp_path / "cache-b", PdfWorker.start())
    warm = render(prepared, tmp_path / "warm", tmp_path / "cache-b", PdfWorker.start())   # every chart cached
    assert list(alone) == ["report-2022.pdf", "report-2022.html"]
    assert cold == alone and warm == alone


def test_pipeline_build_uses_the_worker_and_gives_the_same_bytes(tmp_path, monkeypatch):
    started = []
    real_start = PdfWorker.start.__func__

    def start(cls):
        worker = real_start(cls)
        started.append(worker)
        return worker
    monkeypatch.setattr(PdfWorker, "start", classmethod(start))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with_worker = files(build_report(FIXTURE, None, None, tmp_path / "a", ("pdf", "html")))
    monkeypatch.setenv("GIANTREPORT_PDF_WORKER", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache2"))
    without = files(build_report(FIXTURE, None, None, tmp_path / "b", ("pdf", "html")))
    assert started[0] is not None and started[1] is None
    assert not started[0].process.is_alive()
    assert with_worker == without


def test_placeholder_html_lays_out_like_the_final_html(prepared, tmp_path):
    config, dataset, stats = prepared
    pending: list = []
    deferred = charts.report_figures(stats, config, cache_dir=tmp_path, defer=pending)
    drawn = {p.token: p.draw() for p in pending}
    final = {k: charts.fill_pending(f, drawn) for k, f in deferred.items()}
    early, _ = charts_as_images(render_report_html(stats, config, dataset, deferred).html)
    late, _ = charts_as_images(render_report_html(stats, config, dataset, final).html)
    assert early == late


def test_missing_glyph_error_crosses_back():
    rare = "\U00020000"
    page = f'<html lang="zh-CN"><body><p>企业名称：测试{rare}公司</p></body></html>'
    worker = PdfWorker.start()
    try:
        worker.lay_out(page)
        with pytest.raises(MissingGlyphsError) as err:
            worker.finish(page, [])
    finally:
        worker.close()
    assert "U+20000" in str(err.value) and err.value.chars == [rare]


def test_a_worker_that_dies_is_a_plain_error():
    worker = PdfWorker.start()
    try:
        os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.join(10)
        worker.lay_out("<html><body><p>测试</p></body></html>")
        with pytest.raises(GiantReportError) as err:
            worker.finish("<html></html>", [])
    finally:
        worker.close()
    assert "PDF 排版进程意外退出" in str(err.value) and "GIANTREPORT_PDF_WORKER=0" in str(err.value)


def test_closing_an_idle_worker_ends_it():
    worker = PdfWorker.start()
    worker.close()
    assert not worker.process.is_alive() and worker.process.exitcode is not None


def test_switched_off_by_environment(monkeypatch):
    monkeypatch.setenv("GIANTREPORT_PDF_WORKER", "0")
    assert PdfWorker.start() is None
