"""Every sentence checked by its own numbers (issue 13, items 3 and 4).

The report is rendered as HTML (stub charts, no PDF: the words are what is tested) on small data folders
built here so that one comparison flips at a time — the newest batch above, equal to, between or below
the earlier ones on PCT share and listed share; the giants above or below the A-share benchmarks; a
board over or under the 深度参与 threshold; a recognised count given for this very list or not — and
the words must flip with the data. On the bundled sample the known contradictions are gone and every
"占 a%，比 …（b%）高出 d 个百分点" has d = a − b of the printed values. Every 图/表/附录 the text names
exists as a caption or heading of the same page (bundled data and thin data folders).
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import re
from pathlib import Path

import pytest

import chart_stubs as stub
from giantreport import narrative as N
from giantreport import words as W
from giantreport.config import load_config
from giantreport.data.load import load_dataset
from giantreport.render.report_view import render_report_html
from giantreport.stats import compute_stats

AS_OF = dt.date(2022, 6, 30)
HEADER = ["企业ID", "企业名称", "批次", "省份", "城市", "区县", "产业领域", "具体产业类别", "参保人数", "成立日期",
          "上市板块", "一级市场融资"]
PATENT_HEADER = ["企业ID", "申请号", "专利类型", "申请日", "公开日", "授权日", "法律状态", "PCT", "被引用次数", "许可次数",
                 "转让次数"]
PLACES = [("浙江", "杭州", "西湖区"), ("江苏", "南京", "玄武区"), ("广东", "深圳", "南山区"), ("山东", "青岛", "黄岛区")]
INDUSTRIES = ["新材料", "新一代信息技术", "高端机械装备", "其他"]


# ---------------------------------------------------------------- building and rendering

def company(**kw) -> dict:
    """One company: 10 patents (5 inventions, 3 of them granted and valid; 5 utility models), published
    in 2020 and 2021, `pct` of them PCT; overrides for listing, financing, employees, patents, place."""
    spec = {"employees": 100, "founded": "2010-01-01", "listing": "", "financed": "否", "patents": 10, "pct": 1,
            "inventions": 5, "granted": 3, "citations": 2, "place": None, "industry": None}
    spec.update(kw)
    return spec


def write(folder: Path, batches: dict[int, list[dict]], benchmarks: str | None = None) -> Path:
    """A data folder from {batch: [company(...), …]}; `benchmarks` is the text of its benchmarks.yaml."""
    folder.mkdir(parents=True)
    rows, patents, k, i = [], [], 0, 0
    for batch, specs in batches.items():
        for spec in specs:
            i += 1
            province, city, district = spec["place"] or PLACES[i % len(PLACES)]
            cid = f"C{i:03d}"
            rows.append([cid, f"测试{i}号科技有限公司", batch, province, city, district,
                         spec["industry"] or INDUSTRIES[i % len(INDUSTRIES)], "", spec["employees"], spec["founded"],
                         spec["listing"] or "未上市", spec["financed"]])
            for j in range(spec["patents"]):
                k += 1
                invention = j < spec["inventions"]
                granted = invention and j < spec["granted"]
                year = 2020 + j % 2
                patents.append([cid, f"CN{k:07d}", "发明" if invention else "实用新型", f"{year - 1}-03-01", f"{year}-02-10",
                                f"{year}-09-01" if granted or not invention else "", "有效" if granted or not invention else "审中",
                                "是" if j < spec["pct"] else "否", spec["citations"], 0, 0])
    for name, header, data in (("companies.csv", HEADER, rows), ("patents.csv", PATENT_HEADER, patents)):
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(data)
    if benchmarks:
        (folder / "benchmarks.yaml").write_text(benchmarks, encoding="utf-8")
    return folder


def render(folder: Path, as_of: dt.date = AS_OF) -> tuple[str, dict]:
    """(visible text of the report page, summary), rendered as HTML with stub charts."""
    config = load_config(None, search_dir=folder).with_as_of(as_of)
    dataset = load_dataset(folder)
    stats = compute_stats(dataset, config)
    page = render_report_html(stats, config, dataset, stub.chapter_figures(stats, config)).html
    return visible(page), stats.summary, page


def visible(page: str) -> str:
    text = re.sub(r"<style\b.*?</style>|<svg\b.*?</svg>", " ", page, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def batches(pct=(1, 1, 1), listed=(1, 1, 1), n=4, **kw) -> dict[int, list[dict]]:
    """Three batches of `n` companies; in batch b, pct[b] PCT patents per company and listed[b] listed companies."""
    out = {}
    for b in range(3):
        out[b + 1] = [company(pct=pct[b], listing="科创板" if i < listed[b] else "", **kw) for i in range(n)]
    return out


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("sentences")


_cases: dict[str, tuple] = {}


def case(root: Path, name: str, data: dict, benchmarks: str | None = None, as_of: dt.date = AS_OF):
    """Render each data folder once per module."""
    if name not in _cases:
        _cases[name] = render(write(root / name, data, benchmarks), as_of)
    return _cases[name]


# ---------------------------------------------------------------- the helper itself

def test_words_compare_printed_values():
    c = W.compare(0.2324, 0.1916, N.fmt_pct)
    assert (c.a.text, c.b.text, c.pp()) == ("23.2%", "19.2%", "高出 4.0 个百分点")      # not 4.1 (unrounded)
    assert W.compare(0.4344, 0.4336, N.fmt_pct).pp() == "持平"                          # both print 43.4%
    assert W.compare(226.4, 275.3, N.num(0)).rel("多", "少") == "少 17.8%"               # 226 / 275 − 1
    assert W.compare(124.74, 62.99, N.num(1), N.num(2)).times("全国") == "约为全国的 2.0 倍"
    assert W.compare(1.0, 4.0, N.num(2)).times("其") == "约为其 1/4"
    assert W.compare(1.02, 1.0, N.num(2)).times("A") == "与A基本相当"
    # the newest batch against each earlier one
    assert N.batch_range_pp(0.447, [0.435, 0.419, 0.428], "前三批") == "比前三批各批（41.9%～43.5%）高出 1.2～2.8 个百分点"
    assert N.batch_range_pp(0.30, [0.30, 0.10], "前两批") == "与第一批持平，比第二批（10.0%）高出 20.0 个百分点"
    assert N.batch_range_pp(0.20, [0.10, 0.30], "前两批") == "介于前两批各批之间（10.0%～30.0%）"
    assert N.batch_range_pp(0.1, [0.1, 0.1], "前两批") == "与前两批各批持平（均为 10.0%）"
    assert N.batch_range_rel(226, [287, 315, 250], "前三批", "多", "少", fmt=N.num(0), unit=" 人") == \
        "比前三批各批（250～315 人）少 9.6%～28.3%"
    assert N.cheng(0.795) == "近八成" and N.cheng(0.416) == "约四成" and N.cheng(0.0999) == "一成"
    assert N.cheng(0.75) == "七成半" and N.cheng(0.252) == "两成半"       # a half is said, not rounded up
    assert N.cheng_span([0.661, 0.840]) == "六至八成"          # 66.1% is not yet 七成 (editor's review)


# ---------------------------------------------------------------- words flip with the data

PCT_CASES = {
    # name: (PCT patents per company in batches 1, 2, 3; words that must appear; words that must not)
    "pct_above": ((1, 1, 3), ["高出 20.0 个百分点", "全球化程度更深"], ["全球化程度较低", "全球化程度相当", "介于"]),
    "pct_equal": ((1, 1, 1), ["与前两批各批持平（均为 10.0%）", "全球化程度相当"], ["全球化程度更深", "全球化程度较低"]),
    "pct_below": ((2, 2, 0), ["低 20.0 个百分点", "全球化程度较低"], ["全球化程度更深", "全球化程度相当"]),
    "pct_between": ((0, 2, 1), ["介于前两批各批之间（0.0%～20.0%）"], ["全球化程度更深"]),
    "pct_equal_to_one": ((1, 0, 1), ["与第一批持平，比第二批（0.0%）高出 10.0 个百分点"], ["介于前两批各批之间"]),
}


@pytest.mark.parametrize("name", list(PCT_CASES))
def test_pct_words_follow_the_newest_batch(root, name):
    pct, present, absent = PCT_CASES[name]
    text, _, _ = case(root, name, batches(pct=pct))
    for words in present:
        assert words in text, (name, words)
    for words in absent:
        assert words not in text, (name, words)


def test_pct_mean_and_share_disagree(root):
    """More PCT applications per company but a smaller PCT share: no single 全球化 word, both measures named."""
    data = {1: [company(patents=10, pct=2) for _ in range(4)], 2: [company(patents=10, pct=2) for _ in range(4)],
            3: [company(patents=20, pct=3, inventions=10, granted=6) for _ in range(4)]}
    text, _, _ = case(root, "pct_mixed", data)
    assert "平均 PCT 申请量更多、PCT 申请占比更低" in text
    for word in ("全球化程度更深", "全球化程度较低", "全球化程度相当"):
        assert word not in text


LISTED_CASES = {
    "listed_above": ((1, 1, 3), ["为各批次最高", "上市企业占比 75.0%，比前两批高出 50.0 个百分点"], ["各批次最低"]),
    "listed_equal": ((1, 1, 1), ["上市企业占比 25.0%，与前两批持平"], ["各批次最低", "各批次最高"]),
    "listed_below": ((1, 1, 0), ["为各批次最低，第一批和第二批最高（25.0%）", "比前两批低 25.0 个百分点"], ["各批次最高"]),
    "listed_tied_lowest": ((0, 1, 0), ["与第一批并列各批次最低，第二批最高（25.0%）"], ["为各批次最低"]),
}


@pytest.mark.parametrize("name", list(LISTED_CASES))
def test_listed_words_follow_the_newest_batch(root, name):
    listed, present, absent = LISTED_CASES[name]
    text, _, _ = case(root, name, batches(listed=listed))
    for words in present:
        assert words in text, (name, words)
    for words in absent:
        assert words not in text, (name, words)


def test_size_words_follow_the_newest_batch(root):
    bigger = {1: [company(employees=100)] * 4, 2: [company(employees=100)] * 4, 3: [company(employees=200)] * 4}
    same = {1: [company(employees=100)] * 4, 2: [company(employees=100)] * 4, 3: [company(employees=102)] * 4}
    text_big, _, _ = case(root, "size_bigger", bigger)
    text_same, _, _ = case(root, "size_same", same)
    assert "企业规模更大" in text_big and "比前两批（100 人）多 100.0%" in text_big
    assert "企业规模相当" in text_same and "规模更大" not in text_same     # 102 against 100: within NEAR (3%)


ASHARE = """ashare:
  invention_application_share: {share}
  invention_grant_rate: {rate}
"""


def test_quality_against_ashare_flips(root):
    # every company: 5 invention applications of 10 (50.0%), 3 of them granted (60.0%)
    higher, _, _ = case(root, "ashare_low", batches(), ASHARE.format(share=0.3, rate=0.9))
    lower, _, _ = case(root, "ashare_high", batches(), ASHARE.format(share=0.7, rate=0.5))
    assert ("比 A 股上市企业更侧重发明专利，但授权率偏低：发明专利申请占全部申请的 50.0%（A 股上市企业为 30.0%），"
            "授权率为 60.0%（A 股上市企业为 90.0%）") in higher
    assert "比 A 股上市企业（30.0%）高出 20.0 个百分点" in higher
    assert ("发明专利在申请中的比重低于 A 股上市企业，但授权率更高：发明专利申请占全部申请的 50.0%（A 股上市企业为 70.0%），"
            "授权率为 60.0%（A 股上市企业为 50.0%）") in lower
    assert "比 A 股上市企业（70.0%）低 20.0 个百分点" in lower


BOARDS = """boards:
  主板: {main}
  创业板: 1000
  科创板: {star}
  北交所: 1000
"""


def test_deep_participation_follows_the_threshold(root):
    # four companies on 科创板 (one per batch in batches(listed=(1, 1, 2)))
    deep, _, _ = case(root, "boards_deep", batches(listed=(1, 1, 2)), BOARDS.format(main=1000, star=16))
    shallow, _, _ = case(root, "boards_shallow", batches(listed=(1, 1, 2)), BOARDS.format(main=1000, star=40))
    assert "深度参与科创板" in deep and "25.0%" in deep                 # 4 / 16
    assert "深度参与" not in shallow and "占比科创板最高，达到 10.0%" in shallow   # 4 / 40: under 20%


RECOGNITION = """recognition:
  listed: {1: 4, 2: 4, 3: 4}
  recognised: {1: 3, 2: 4, 3: 3}
"""


def test_recognised_count_only_for_this_list(root):
    given, s_given, _ = case(root, "recognised", batches(), RECOGNITION)
    assert s_given["recognition"]["recognised"] == 10
    assert "共公示专精特新“小巨人”企业 12 家，实际培育认定 10 家" in given
    assert "比实际认定多 2 家" in given
    # the bundled benchmarks describe the 2022 list (248, 1,744 …), not this one: no recognised count, and said so
    plain, s_plain, _ = case(root, "pct_equal", batches())
    assert s_plain["recognition"] is None and "实际培育认定" not in plain
    assert "数据中没有实际认定数，按名单企业数计" in plain
    # a cut-off after the 十四五 plan: no target at all
    late, s_late, _ = case(root, "after_plan", batches(), None, dt.date(2026, 6, 30))
    assert s_late["policy_target"] is None and "“十四五”规划提出的培育" not in late


def test_dense_provinces_follow_the_data(root):
    dense = {b: [company(place=PLACES[0], employees=20)] + [company(place=p) for p in PLACES[1:]] for b in (1, 2, 3)}
    even = {b: [company(place=p) for p in PLACES] for b in (1, 2, 3)}
    text_dense, s_dense, _ = case(root, "dense", dense)
    text_even, _, _ = case(root, "even", even)
    assert "技术密集度看，浙江突出" in text_dense
    ratio = s_dense["provinces"]["浙江省"]["density_ratio_to_national"]
    assert ratio == pytest.approx((9 / 60 * 1000) / (36 / 960 * 1000))       # 3 valid × 3 / 60 people vs 36 / 960
    assert "技术密集度看" not in text_even


# ---------------------------------------------------------------- the bundled report

@pytest.fixture(scope="module")
def bundled():
    from giantreport.data.bundled import default_data_dir
    return render(default_data_dir())            # the sample ships with the package: missing is a failure


def test_bundled_known_contradictions_are_gone(bundled):
    text, s, _ = bundled
    assert "全球化程度更深" not in text                        # its PCT mean is below the earlier batches'
    assert "平均 PCT 申请量更少、PCT 申请占比相当" in text
    assert "新材料占 23.2%，比 A 股上市企业（19.2%）高出 4.0 个百分点" in text
    assert "除以本领域内的最高值" not in text                  # the star method is described once, in appendix A
    assert "方法见附录 A" in text
    assert "科创能力雷达的四个维度都未进入全国前五位，名次最靠前的是技术体量，最靠后的技术质量是最需要补齐的一环" in text
    assert "得分最高的是" not in text


def test_bundled_states_the_original_conclusions(bundled):
    text, s, _ = bundled
    assert ("“十四五”规划培育 1 万家专精特新“小巨人”企业的目标已接近完成：截至 2022 年 6 月 30 日，四个批次共公示"
            "专精特新“小巨人”企业 9,279 家，实际培育认定 8,997 家，达到目标的 90.0%") in text
    assert "深度参与科创板、北交所和创业板" in text
    assert ("比 A 股上市企业更侧重发明专利，但授权率偏低：发明专利申请占全部申请的 43.4%（A 股上市企业为 22.0%），"
            "授权率为 36.0%（A 股上市企业为 94.3%）") in text
    assert "分别达到后者的 84.0% 和 66.1%（约六至八成）" in text and "“硬科技”能力的领域差异明显" in text
    assert "北京和上海突出" in text and "2.0 倍和 1.8 倍" in text
    assert "位居前三的是新材料（23.2%）、新一代信息技术（20.3%）和高端机械装备（16.6%）" in text
    assert "并在新材料和新一代信息技术领域格外增加侧重" in text


PP = re.compile(r"(\d+(?:\.\d+)?)%[^。；%]{0,40}?（(\d+(?:\.\d+)?)%）\s*(高出|低)\s*(\d+(?:\.\d+)?)\s*个百分点")


def test_bundled_differences_are_of_printed_values(bundled):
    text = bundled[0]
    found = PP.findall(text)
    assert len(found) >= 5
    for a, b, word, d in found:
        places = max(len(x.split(".")[1]) if "." in x else 0 for x in (a, b))
        assert f"{abs(float(a) - float(b)):.{places}f}" == d, (a, b, word, d)
        assert (word == "高出") == (float(a) > float(b)), (a, b, word, d)


def test_bundled_province_superlatives_are_ranks(bundled):
    page = bundled[2]
    sheets = re.findall(r'<section class="factsheet".*?</section>', page, flags=re.S)
    assert sheets
    for sheet in sheets:
        rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"n\">[^<]*</td><td class=\"n\">第(\d+)</td></tr>", sheet)
        ranks = {label: int(r) for label, r in rows}
        # the paragraph names the dimensions in words (their ranks are in the table above it)
        m = re.search(r"(?:名次最靠前|相对靠前)的是(.+?)[，。]", visible(sheet))
        if not ranks or not m:
            continue
        assert all(ranks[d] == min(ranks.values()) for d in re.split("、|和", m.group(1)))
        w = re.search(r"最靠后的(?:是)?(.+?)(?:是最需要|[，。])", visible(sheet))
        if w:
            assert all(ranks[d] == max(ranks.values()) for d in re.split("、|和", w.group(1)))


# ---------------------------------------------------------------- cross-references resolve

MENTION = re.compile(r"(图|表)\s*(\d+\.\d+)|附录\s*([A-Z])")
CAPTION = re.compile(r"<(figcaption|caption|h1)\b[^>]*>(.*?)</\1>|<p class=\"caption\">(.*?)</p>", re.S)


def unresolved(page: str) -> set[str]:
    text = visible(page)
    mentioned = {f"{m[0]} {m[1]}" if m[0] else f"附录 {m[2]}" for m in MENTION.findall(text)}
    captions = set()
    for m in CAPTION.finditer(page):
        caption = visible(m.group(2) or m.group(3) or "")
        for c in MENTION.findall(caption):
            captions.add(f"{c[0]} {c[1]}" if c[0] else f"附录 {c[2]}")
    return mentioned - captions


def test_cross_references_resolve_bundled(bundled):
    assert unresolved(bundled[2]) == set()


def test_cross_references_resolve_thin_data(root):
    from test_thin_data import write_folder
    for shape, kwargs in {"companies_only": dict(patents=False), "one_batch": dict(n=16, batches=(2,)),
                          "no_district": dict(drop=("区县",))}.items():
        _, _, page = render(write_folder(root / f"thin-{shape}", **kwargs))
        assert unresolved(page) == set(), shape


def test_listed_regions_say_their_ties():
    from giantreport.narrative.ch4 import in_order
    names = ["浙江", "广东", "江苏"]
    assert in_order({"top10_companies": [14, 13, 12]}, names, "省份") == "浙江、广东、江苏"
    assert in_order({"top10_companies": [14, 13, 13]}, names, "省份") == "浙江、广东、江苏，其中广东和江苏均为 13 家"
    assert in_order({"top10_companies": [13, 13, 13]}, names, "省份") == "浙江、广东、江苏，其中浙江、广东和江苏均为 13 家"
    # the last one listed ties with the first one left out: the list is one choice among equals
    assert in_order({"top10_companies": [14, 13, 12], "next_companies": 12}, names, "城市") == \
        "浙江、广东、江苏，另有未列出的城市同为 12 家"
    assert in_order({"top10_companies": [5, 5, 4], "next_companies": 4}, names, "区县") == \
        "浙江、广东、江苏，其中浙江和广东均为 5 家，另有未列出的区县同为 4 家"
    assert in_order({}, names, "省份") == "浙江、广东、江苏"          # a summary without the counts: the names only


def test_concentration_sentence_makes_no_contrast_between_equal_shares():
    # 19 districts with one company each, 20 companies (one without a district): the top 10 are 52.6% of the
    # districts and hold 10 / 20 = 50.0% of the companies: no "只是…却" contrast
    summary = {"cr10": {"district": {"cr10": 10 / 20, "top_share_of_regions": 10 / 19, "regions": 19}}}
    (para,) = N.ch4_concentration(summary)
    text = "".join(str(x) for x in (para if isinstance(para, (list, tuple)) else [para]))
    assert "却" not in text and "仍聚集" not in text and "分布并不集中" in text and "52.6%" in text and "50.0%" in text


def test_earlier_batches_are_named_as_the_data_holds_them():
    # a list of the third and fourth batches only has no 前三批 to compare with
    assert N.earlier_name(4, {"batches": {"3": 2, "4": 3}}) == "第三批"
    assert N.earlier_name(5, {"batches": {"3": 1, "4": 1, "5": 1}}) == "第三批和第四批"
    assert N.earlier_name(4, {"batches": {"1": 1, "2": 1, "3": 1, "4": 1}}) == "前三批"
    assert N.cheng(1.0) == "全部" and N.cheng(0.96) == "九成以上"
