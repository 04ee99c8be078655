"""The report definition (giantreport/definition.py): numbers as the 2022 report has them, every name it
gives resolves, and the report's references ("见图 2.3", "附录 B") name what the report prints."""
from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest

from giantreport import definition as D
from giantreport import narrative as N
from giantreport.charts import _function
from giantreport.pipeline import attach_audit, prepare
from giantreport.pipeline import write_report
from giantreport.render.tables import write_stats
from giantreport.stats.missing import EFFECTS

import chart_stubs as stub
from test_thin_data import write_folder

SMALL = Path(__file__).parent / "fixtures" / "small"
# the 2022 report: figures 1.1–1.6, 2.1–2.6, 3.1–3.3, 4.1–4.4; tables 3.1–3.8 (stars), 3.9 (the fourth batch), 4.1
PUBLISHED_FIGURES = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
                     "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4"]
PUBLISHED_TABLES = ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "4.1"]
_REF = re.compile(r"([图表]) ?(\d+\.\d+)|附录 ?([A-Z])")


def test_numbers_as_the_2022_report():
    assert [D.number(f.key) for f in D.figures()] == PUBLISHED_FIGURES
    tables = [key for key in D.statistics_tables() if key.startswith("table-")]
    assert [D.number(key) for key in tables] == PUBLISHED_TABLES
    assert [D.section_number(s) for s in D.chapter_of("ch2.volume").sections] == ["2.1", "2.2", "2.3", "2.4"]
    assert D.appendix_letters({"audit"}) == {"appendix-a": "A", "appendix-b": "B", "appendix-c": "C"}
    assert D.appendix_letters() == {"appendix-a": "A", "appendix-c": "B"}        # no audit: sources are B


def test_keys_name_their_numbers():
    # grepping "fig-2-3" (or "2.3") finds figure 2.3 in the definition
    for key in D.statistics_tables():
        if key in ("fig-2-6b",):
            continue
        assert key.split("-", 1)[1] == D.number(key).replace(".", "-"), key


def test_every_name_resolves():
    section_ids = [s.id for c in D.CHAPTERS for s in c.sections]
    assert len(section_ids) == len(set(section_ids)) and all(re.fullmatch(r"ch\d\.[a-z]+", i) for i in section_ids)
    for f in D.figures():
        assert callable(_function(f.chart)), f.key
        assert f.prose is None or callable(getattr(N, f.prose)), f.prose
        assert D.placeholders(f.title) <= {"batches", "giants", "compared", "years", "n"}, f.key
        for group in f.needs:
            assert set(group) <= set(N.INPUT_LABELS), f.key
    for chapter in D.CHAPTERS:
        assert chapter.intro or callable(getattr(N, chapter.intro_prose))


def test_captions():
    fig = D.figure("fig-2-2")
    assert fig.caption("四批", years="2020—2021") == "四批专精特新“小巨人”企业的专利申请增长情况（2020—2021年）"
    assert fig.caption("四批") == "四批专精特新“小巨人”企业的专利申请增长情况"        # years unknown: no （年）
    assert D.figure("fig-2-3").caption("两批", True) == "两批专精特新“小巨人”企业的发明专利密度与A股上市企业对比"
    assert D.figure("fig-4-2").caption() == "专精特新“小巨人”企业数量前20的城市（按批次）"


def test_missing_input_effects_name_the_definitions_tables():
    known = set(D.statistics_tables())
    numbers = {("图" if k.startswith("fig-") else "表") + " " + D.number(k) for k in known if k != "fig-2-6b"}
    for name, effect in EFFECTS.items():
        assert set(effect.tables) <= known, name
        assert {table for table, _ in effect.columns} <= known, name
        for kind, first, last in re.findall(r"([图表]) ?(\d+\.\d+)(?:–(\d+\.\d+))?", effect.affects):
            for number in (first, *([last] if last else [])):
                assert f"{kind} {number}" in numbers, (name, kind, number)


def test_statistics_tables_are_all_in_the_definition():
    _, _, stats = prepare(SMALL, None, None)
    for name in stats.tables:
        assert D.statistics_file(name) == name, name


def _text(markup: str) -> str:
    markup = re.sub(r"<style\b.*?</style>|<svg\b.*?</svg>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\xa0", " ")


def check_references(markup: str) -> None:
    """Every 图 x.y / 表 x.y / 附录 X the report prints names a figure, table or appendix it has, and none
    that it leaves out (an omitted figure's own caption and the list of figures aside)."""
    figures = set(re.findall(r'<figure class="figure" id="fig-[^"]+">\s*<figcaption><span class="fig-no">图 ([\d.]+)<', markup))
    tables = set(re.findall(r"<caption>表 ([\d.]+)　", markup)) | set(re.findall(r'<p class="caption">表 ([\d.]+)　', markup))
    appendices = set(re.findall(r'<h1 data-label="附录 ([A-Z]) ', markup))
    body = re.sub(r'<figure class="figure omitted".*?</figure>', " ", markup, flags=re.S)
    body = re.sub(r'<nav class="toc lof">.*?</nav>', " ", body, flags=re.S)
    seen = 0
    for kind, number, letter in _REF.findall(_text(body)):
        seen += 1
        if letter:
            assert letter in appendices, f"附录 {letter}"
        else:
            assert number in (figures if kind == "图" else tables), f"{kind} {number}"
    assert seen > 20 and appendices


@pytest.fixture(scope="module")
def bundled_html(tmp_path_factory):
    config, dataset, stats = prepare(None, None, None)
    attach_audit(stats, dataset)
    out = tmp_path_factory.mktemp("bundled")
    return write_report(stats, config, dataset, out, formats=("html",), figures=stub.report_figures(stats, config))[0].read_text("utf-8")


def test_references_resolve_in_the_bundled_report(bundled_html):
    check_references(bundled_html)
    assert "附录 C　数据来源" in bundled_html and "附录 B　复现核对" in bundled_html


def test_references_resolve_without_patents(tmp_path):
    folder = write_folder(tmp_path / "data", patents=False)
    config, dataset, stats = prepare(folder, None, None)
    markup = write_report(stats, config, dataset, tmp_path / "out", formats=("html",), figures=stub.report_figures(stats, config))[0].read_text("utf-8")
    check_references(markup)
    assert "附录 B　数据来源" in markup and "附录 C" not in markup          # no audit: sources are B


def test_a_figure_removed_from_the_definition_is_gone_everywhere(tmp_path, monkeypatch):
    ch1 = D.CHAPTERS[0]
    scale = ch1.sections[0]
    without = dataclasses.replace(scale, items=tuple(i for i in scale.items if getattr(i, "key", "") != "fig-1-2"))
    monkeypatch.setattr(D, "CHAPTERS", (dataclasses.replace(ch1, sections=(without, *ch1.sections[1:])),
                                        *D.CHAPTERS[1:]))
    try:
        config, dataset, stats = prepare(SMALL, None, None)
        markup = write_report(stats, config, dataset, tmp_path, formats=("html",), figures=stub.report_figures(stats, config))[0].read_text("utf-8")
        written = {p.name for p in write_stats(stats, tmp_path)}
    finally:
        monkeypatch.undo()
    assert 'id="fig-1-2"' not in markup and 'href="#fig-1-2"' not in markup
    assert "平均员工规模和成立年限中位数" not in markup
    assert "fig-1-2.csv" not in written and "fig-1-1.csv" in written
    lof = re.search(r'<nav class="toc lof">(.*?)</nav>', markup, flags=re.S).group(1)
    numbers = re.findall(r"图 (1\.\d)　", lof)
    assert numbers == ["1.1", "1.2", "1.3", "1.4", "1.5"]     # the chapter numbers on without a gap
