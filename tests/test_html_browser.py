"""The standalone HTML in a real browser: headless Chromium screenshots at desktop and phone width.

Skipped (with the reason) when Chromium is not installed. The browser runs with a throwaway
profile and background networking off; the page itself has no outside URL to fetch.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from giantreport.pipeline import prepare, write_briefing, write_report

import chart_stubs as stub

FIXTURE = Path(__file__).parent / "fixtures" / "small"
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or "")
                 if p and Path(p).is_file()), None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (Debian package `chromium`): "
                                                          "browser screenshots of the HTML report skipped")


def screenshot(html: Path, png: Path, size: tuple[int, int], profile: Path) -> Path:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
           f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}", f"--screenshot={png}",
           html.resolve().as_uri()]
    result = subprocess.run(cmd, capture_output=True, timeout=120)
    assert png.is_file(), result.stderr.decode("utf-8", "replace")[-2000:]
    return png


def assert_not_blank(png: Path, size: tuple[int, int]) -> None:
    from PIL import Image, ImageStat
    with Image.open(png) as im:
        assert im.size == size
        rgb = im.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 20, "screenshot has almost no colours"
        assert max(ImageStat.Stat(rgb.convert("L")).stddev) > 10, "screenshot is flat"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    config, dataset, stats = prepare(FIXTURE, None, None)
    report = write_report(stats, config, dataset, out, formats=("html",), figures=stub.report_figures(stats, config))[0]
    briefing = write_briefing(stats, config, dataset, "浙江", out, formats=("html",),
                              figures=stub.province_figures(stats, "浙江省"))[0]
    return {"report": report, "briefing": briefing}


@pytest.mark.parametrize("doc", ["report", "briefing"])
@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_screenshot(pages, doc, size, tmp_path):
    png = screenshot(pages[doc], tmp_path / f"{doc}-{size[0]}.png", size, tmp_path / "profile")
    assert_not_blank(png, size)
