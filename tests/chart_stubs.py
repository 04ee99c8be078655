"""A stand-in for giantreport.charts in tests that are about pages, not charts: simple SVG with
text, the same Figure interface (report_figures, province_figures)."""
from __future__ import annotations

from dataclasses import dataclass

from giantreport import definition as D


@dataclass(frozen=True)
class StubFigure:
    key: str
    number: str
    title: str
    svg: str
    source: str
    note: str | None
    alt: str


def stub_svg(label: str, width: float = 453.5, height: float = 150) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" '
            f'viewBox="0 0 {width} {height}"><rect x="10" y="20" width="{width / 2}" height="{height / 2}" '
            f'fill="#0b5fa5"/><text x="12" y="14" font-size="9" font-family="Giant Sans SC">{label}</text></svg>')


class StubCharts:
    """Same interface as giantreport.charts: report_figures and province_figures."""

    @staticmethod
    def report_figures(stats, config, cache_dir=None):
        return {key: StubFigure(key, number, title, stub_svg(f"样例图 {number}"), "测试数据", None, title)
                for key, (number, title) in D.FIGURES.items()}

    @staticmethod
    def province_figures(stats, province, cache_dir=None):
        return {key: StubFigure(key, "", title, stub_svg(title, 221, 200), "测试数据", None, title)
                for key, title in D.PROVINCE_FIGURES.items()}
