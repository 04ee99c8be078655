"""The WeasyPrint in use is one this project supports: pyproject.toml pins the tested versions because
render/flow.py and render/pdf.py reach into WeasyPrint's internals, which change between versions."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

weasyprint = pytest.importorskip("weasyprint")

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def pinned_range() -> tuple[int, int]:
    """(lowest, first unsupported) major version from the 'weasyprint>=A,<B' requirement."""
    deps = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    (spec,) = [d for d in deps if d.replace(" ", "").startswith("weasyprint")]
    m = re.fullmatch(r"weasyprint>=(\d+)(?:\.\d+)*,<(\d+)", spec.replace(" ", ""))
    assert m, f"pyproject.toml should pin WeasyPrint to the tested versions as weasyprint>=A,<B, not {spec!r}"
    return int(m.group(1)), int(m.group(2))


def test_installed_weasyprint_is_a_tested_version():
    low, high = pinned_range()
    major = int(weasyprint.__version__.split(".")[0])
    assert low <= major < high, (
        f"WeasyPrint {weasyprint.__version__} is installed, but giantreport is tested with {low}.x–{high - 1}.x "
        f"(pyproject.toml): render/flow.py and render/pdf.py use WeasyPrint internals. Install a tested version "
        f"(pip install 'weasyprint>={low},<{high}'), or check those two modules against the new one and widen the pin.")


def test_the_internals_we_use_are_there():
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import page
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: F401 - pdf.make_url_fetcher
    assert callable(page.make_page), "render/flow.py wraps weasyprint.layout.page.make_page"
    assert hasattr(boxes, "TextBox"), "render/pdf.py reads the laid-out text from boxes.TextBox"
    document = weasyprint.HTML(string="<p>测试</p>").render()
    assert hasattr(document.pages[0], "_page_box"), "render/pdf.py walks each page's _page_box for its text"
