"""The editor's Markdown texts: file names checked against section ids, placeholders in a sandbox."""
from __future__ import annotations

from pathlib import Path

import pytest

from giantreport.editor import read_texts
from giantreport.errors import GiantReportError

SECTIONS = {"ch1": 1, "ch1.scale": 2, "ch2.volume": 2, "ch3.stars": 2}   # as definition.text_ids(): chapter h1, section h2
REPLACEABLE = {"ch1", "ch1.scale", "ch2.volume"}
SUMMARY = {"companies": 9279, "listed_share": 0.06961957, "applications_mean": 104.43205,
           "provinces": {"浙江省": {"companies": 1068}}, "batches": {"第一批": 248}, "missing": None}


def folder(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_files_land_where_their_names_say(tmp_path):
    texts = read_texts(folder(tmp_path, **{
        "preface.md": "# 前言\n\n本报告收录 {{ summary.companies }} 家企业。\n",
        "ch1.scale.before.md": "政策背景。\n",
        "ch1.after.md": "第一章小结。\n",
        "ch2.volume.md": "# 规模\n\n平均 {{ summary.applications_mean | mean }} 件，上市占比 {{ summary.listed_share | pct }}。\n",
        "chapter-05-展望.md": "# 政策建议\n\n浙江 {{ summary.provinces[\"浙江省\"].companies }} 家。\n",
        "chapter-3-附录说明.md": "正文。\n",
        "notes.txt": "not markdown: ignored",
    }), SECTIONS, SUMMARY)
    # 9279 with a thousands separator; 104.43205 → two decimals; 0.0696… → 7.0%
    assert "本报告收录 9,279 家企业。" in texts.preface.html
    assert '<h1 id="text-preface-1" data-label="前言">前言</h1>' in texts.preface.html   # a part's heading, bookmarked
    assert set(texts.before) == {"ch1.scale"} and set(texts.after) == {"ch1"} and set(texts.replace) == {"ch2.volume"}
    assert "平均 104.43 件，上市占比 7.0%。" in texts.replace["ch2.volume"].html
    assert texts.replace["ch2.volume"].headings[0].level == 3          # "#" one level below the h2 section
    assert [(c.order, c.title) for c in texts.chapters] == [(3, "附录说明"), (5, "展望")]
    chapter = texts.chapters[1].text
    assert "浙江 1,068 家。" in chapter.html and chapter.headings[0].level == 2 and chapter.headings[0].text == "6.1 政策建议"
    # the two extra chapters follow the report's four in the order of their numbers: 3 → 第五章, 05 → 第六章


@pytest.mark.parametrize("name, text, expected", [
    ("ch9.md", "x", "ch9.md 第 1 行：文件名中的“ch9”不是报告中的章节编号。是否想写：ch1.md"),
    ("ch1.md", "一\n二 {{ summary.companys }}\n", "ch1.md 第 2 行：summary 中没有“companys”。是否想写：companies"),
    ("ch1.md", "{{ summary.provinces[\"江苏省\"].companies }}", "第 1 行：summary['provinces'] 中没有“江苏省”"),
    ("ch1.md", "\n\n{{ summary.listed_share }}", "第 3 行：数值 0.06961957 需写明格式"),
    ("ch1.md", "{{ summary.provinces }}", "这里是一组数值"),
    ("ch1.md", "{{ summary.companies | pct }", "第 1 行：占位符写法有误"),
    ("ch1.md", "{{ summary.items() }}", "ch1.md 第 1 行"),
    ("ch1.md", "{{ summary.__class__ }}", "ch1.md 第 1 行"),
    ("ch1.md", "{{ config }}", "只能使用 summary"),
    ("ch1.md", "{{ summary.companies | attr('x') }}", "第 1 行：格式写法有误"),
    ("ch1.md", "{{ 9**(9**9) }}", "第 1 行：占位符中只能写 summary 的键名和格式"),          # refused before it runs
    ("ch1.md", "{{ summary.companies * 100000000 }}", "不能计算或调用"),
    ("ch1.md", "{{ summary.companies / 0 }}", "不能计算或调用"),
    ("ch1.md", "{{ '%1000000000d' % 1 }}", "不能计算或调用"),
    ("ch1.md", "{{ summary.listed_share | num('x') }}", "格式写法有误"),
    ("ch1.md", "{{ summary.listed_share | pct(2, 3) }}", "格式写法有误"),
    ("ch1.md", "{{ summary.listed_share | num(99) }}", "格式写法有误"),
    ("ch1.md", "{{ " + "(" * 400 + "summary.companies" + ")" * 400 + " }}", "ch1.md"),
    ("ch3.stars.md", "x", "没有可替换的自动生成文字"),
    ("chapter-06-空章.md", "", "没有内容"),
    ("ch1.md", "{% include '/etc/passwd' %}", "ch1.md 第 1 行：编者文字中只能用 {{ summary.… }} 占位符"),
    ("ch1.md", "一\n{% for k in summary %}{{ k }}{% endfor %}", "ch1.md 第 2 行：编者文字中只能用"),
    ("ch1.md", "![图](/etc/passwd)", "不能插入图片"),
    ("ch1.md", "[链接](ftp://example.com/a)", "链接“ftp://example.com/a”只能是 http(s)://"),
])
def test_bad_texts_name_file_and_line(tmp_path, name, text, expected):
    with pytest.raises(GiantReportError) as err:
        read_texts(folder(tmp_path, **{name: text}), SECTIONS, SUMMARY, REPLACEABLE)
    assert expected in str(err.value)


def test_raw_html_is_text(tmp_path):
    texts = read_texts(folder(tmp_path, **{"preface.md": "<script>alert(1)</script> <b>粗</b> [a](file:///etc/passwd)\n"}),
                       SECTIONS, SUMMARY)
    assert "<script>" not in texts.preface.html and "&lt;script&gt;" in texts.preface.html
    assert "href" not in texts.preface.html          # a file: link is not made a link (markdown-it's validateLink)


def test_duplicate_chapter_numbers(tmp_path):
    with pytest.raises(GiantReportError, match="附加章的序号 5 与 chapter-05-甲.md 重复"):
        read_texts(folder(tmp_path, **{"chapter-05-甲.md": "a", "chapter-5-乙.md": "b"}), SECTIONS, SUMMARY)


def test_no_folder_no_texts():
    assert not read_texts(None, SECTIONS, SUMMARY)


def test_links_and_hidden_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET_TOKEN=hunter2", encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "preface.md").symlink_to(secret)
    with pytest.raises(GiantReportError, match="不接受链接"):
        read_texts(texts, SECTIONS, SUMMARY)
    (texts / "preface.md").unlink()
    (texts / "._preface.md").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")   # skipped, not an error
    assert not read_texts(texts, SECTIONS, SUMMARY)


def test_extra_chapter_headings_numbered_as_plain_text():
    from giantreport.editor import render_source
    text = render_source("# It's **重要** 的 `下一步`\n\n正文。\n\n# 第二节\n", Path("chapter-05-x.md"), SUMMARY,
                         top=2, number="5")
    assert [h.text for h in text.headings] == ["5.1 It's 重要 的 下一步", "5.2 第二节"]
    assert 'data-label="5.1 It\'s 重要 的 下一步"' in text.html or "data-label=\"5.1 It&#x27;s" in text.html
    assert ">5.1 It" in text.html and "<strong>重要</strong>" in text.html and ">5.2 第二节</h2>" in text.html
