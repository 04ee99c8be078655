"""The report's words: pure functions from ``stats.summary`` (and the benchmarks) to Chinese sentences.

Every number, comparison, ranking and trend in the prose is computed here from the data,
so another data folder yields other — but still true — sentences. A clause whose input is
missing (a benchmark not given, a ratio with an empty denominator) is left out, never
printed as "None" or "nan".

The building blocks:

* number formatting is giantreport.words (the house style of docs/style.md, re-exported here):
  :func:`fmt_int`, :func:`fmt_pct`, :func:`count` (``9,279 家``), :func:`cn_number`, :func:`batch_name`, …;
* comparisons, always between the values as the sentence prints them (giantreport.words; each helper takes
  the formatter the sentence prints with): :func:`higher_lower`, :func:`times_phrase` (约为…倍),
  :func:`pp_phrase` (高出 X 个百分点), :func:`rel_phrase` (高出 X%), :func:`cmp_word`, :func:`cheng` (近八成),
  :func:`batch_range_pp` / :func:`batch_range_rel` (newest batch against each earlier one, their range printed);
  thresholds of threshold-based words and of the 摘要 findings are constants here, documented in
  docs/metrics.md §10;
* sections: one function per section of the report returning a list of :class:`Para`
  (a bold lead sentence and its supporting text), plus :func:`key_findings` for 摘要
  and :func:`province_paragraph` for fact sheets and briefings.

The modules: :mod:`.phrases` (formatting and comparison phrases shared by all chapters),
:mod:`.omissions` (what stands in for what the data lacks), one module per chapter
(:mod:`.ch1` … :mod:`.ch4`), :mod:`.province` (fact sheets and briefings) and :mod:`.abstract` (摘要).
"""
from .phrases import *  # noqa: F401,F403
from .omissions import *  # noqa: F401,F403
from .ch1 import *  # noqa: F401,F403
from .ch2 import *  # noqa: F401,F403
from .ch3 import *  # noqa: F401,F403
from .ch4 import *  # noqa: F401,F403
from .province import *  # noqa: F401,F403
from .abstract import *  # noqa: F401,F403
from ..stats.measures import batch_keys  # noqa: F401
# the house style, for callers that reach it through the narrative (N.count, N.batch_name …): giantreport.words
from ..words import (GIANT, GIANT_FULL, against_each, batch_name, batches_word, cheng, cheng_span, cn_count,  # noqa: F401
                     cn_date, cn_number, compare, count, earlier_name, extremes, fmt_int, fmt_mean, fmt_num, fmt_pct,
                     fmt_pp, join_cn, mean, monotone, num, ok, rank, show, spaced, span, times_text, tidy,
                     top_n)
from .change import change_finding, change_items, province_change  # noqa: F401
