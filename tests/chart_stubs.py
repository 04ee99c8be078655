"""Stand-in charts for tests that are about pages, not charts: simple SVG with text, the same Figure
fields. Passed as ``figures=`` to pipeline.write_report / write_briefing instead of drawn charts."""
from __future__ import annotations

from dataclasses import dataclass

from giantreport import definition as D
from giantreport.render.report import ReportFigures, fact_sheet_provinces


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


def chapter_figures(stats, config) -> dict[str, StubFigure]:
    """Every report figure, "fig-1-1" … "fig-4-4", as charts.report_figures keys them."""
    return {key: StubFigure(key, number, title, stub_svg(f"样例图 {number}"), "测试数据", None, title)
            for key, (number, title) in D.FIGURES.items()}


def province_figures(stats, province) -> dict[str, StubFigure]:
    """A briefing's charts, keyed as charts.province_figures keys them."""
    return {key: StubFigure(key, "", title, stub_svg(title, 221, 200), "测试数据", None, title)
            for key, title in D.PROVINCE_FIGURES.items()}


def report_figures(stats, config) -> ReportFigures:
    """The report's charts: every chapter figure and each fact sheet's radar."""
    return ReportFigures(chapter_figures(stats, config),
                         {name: {"radar": province_figures(stats, name)["radar"]} for name in fact_sheet_provinces(stats)})
