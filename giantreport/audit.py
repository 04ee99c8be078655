"""The reproduction audit: every figure the 2022 report publishes beside the one computed here.

Reads data/published (the yardstick) and a computed summary; never feeds anything back into
the engine. Statuses: 一致 (exact), 舍入范围内 (within the published rounding), 偏差 (off by X),
来源矛盾 (the source contradicts itself), 近似表述 (a loose statement, checked against its bounds),
基准 (an outside input, not computed), 无对应 (no computed counterpart).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .published import Published, load_published

EXACT, ROUNDED, OFF, CONTRADICTED, APPROX_OK, APPROX_OFF, BENCHMARK, NONE = (
    "一致", "舍入范围内", "偏差", "来源矛盾", "近似表述·相符", "近似表述·不符", "基准（输入）", "无对应统计")
MATCHED = (EXACT, ROUNDED)
#: The statuses the report's appendix lists as exceptions.
EXCEPTIONS = (OFF, CONTRADICTED, APPROX_OFF)
#: What each status means, as the appendix explains it.
MEANINGS = {
    EXACT: "复现值与公布值完全相同",
    ROUNDED: "差异小于公布值最后一位的半个单位",
    OFF: "差异超出公布精度",
    CONTRADICTED: "公开报告在不同位置给出的数字互相矛盾，无法作为标准",
    APPROX_OK: "原文为约数表述（如“近八成”），复现值在其含义范围内",
    APPROX_OFF: "原文为约数表述，复现值超出其含义范围",
    BENCHMARK: "外部基准数值，是输入而非计算结果",
    NONE: "原文数字在本项目的统计中没有对应项",
}


@dataclass
class AuditResult:
    table: pd.DataFrame

    @property
    def checked(self) -> pd.DataFrame:
        """Rows that count: published, non-contradictory, exact figures with a computed counterpart."""
        return self.table[self.table["状态"].isin((EXACT, ROUNDED, OFF))]

    @property
    def matched(self) -> int:
        return int(self.checked["状态"].isin(MATCHED).sum())

    def counts(self) -> dict[str, int]:
        return status_counts(self.table)

    def line(self) -> str:
        c = self.counts()
        return (f"复现审计：可核对的公开数字 {len(self.checked)} 个，其中 {self.matched} 个在公布精度内一致"
                f"（一致 {c.get(EXACT, 0)}，舍入范围内 {c.get(ROUNDED, 0)}，偏差 {c.get(OFF, 0)}）；"
                f"来源自相矛盾 {c.get(CONTRADICTED, 0)} 个，近似表述 {c.get(APPROX_OK, 0) + c.get(APPROX_OFF, 0)} 个"
                f"（相符 {c.get(APPROX_OK, 0)}），外部基准 {c.get(BENCHMARK, 0)} 个。")


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """Rows per status (状态), the most frequent first."""
    return {str(k): int(v) for k, v in table["状态"].astype(str).value_counts().items()}


def counts_by(table: pd.DataFrame, column: str, exceptions: tuple[str, ...]) -> list[tuple[str, int, int, int]]:
    """Per value of `column` (图表), in order of first appearance: (value, rows, rows matched within the
    published rounding, rows whose status is one of `exceptions`)."""
    matched = table["状态"].isin(MATCHED)
    off = table["状态"].isin(exceptions)
    return [(place, len(g), int(matched[g.index].sum()), int(off[g.index].sum()))
            for place, g in table.groupby(column, sort=False)]


def resolve(summary: dict, key: str):
    node = summary
    for part in key.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def printed_units(value: float, unit: str) -> float:
    if unit == "%":
        return value * 100
    if str(unit).startswith("万"):
        return value / 1e4
    return value


def audit(summary: dict, published: Published | None = None) -> AuditResult:
    pub = published or load_published()
    rows = []
    for r in pub.figures.itertuples(index=False):
        if ".highlight." in r.id:
            continue                      # checked below, matched by industry rather than position
        rows.append(_row(summary, r))
    rows += _highlights(summary, pub)
    rows += _stars(summary, pub)
    return AuditResult(pd.DataFrame(rows, columns=["编号", "图表", "指标", "公布值", "复现值", "差值", "状态", "说明"]))


def _fmt(value, decimals) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    d = 0 if pd.isna(decimals) else int(decimals)
    return f"{value:,.{max(d, 0)}f}" if d >= 0 else str(value)


def _row(summary: dict, r) -> list:
    printed = f"{r.value}{'' if r.unit in ('date',) else r.unit}"
    base = [r.id, r.figure, r.label, printed]
    if r.status == "benchmark":
        return base + ["", "", BENCHMARK, r.note or ""]
    if not isinstance(r.key, str) or not r.key:
        return base + ["", "", NONE, r.note or ""]
    computed = resolve(summary, r.key)
    if computed is None:
        return base + ["", "", NONE, f"summary 中没有 {r.key}"]
    if r.unit == "date":
        status = EXACT if str(computed) == str(r.value) else OFF
        return base + [str(computed), "", status if r.status != "contradicted" else CONTRADICTED, _note(r)]
    value = printed_units(float(computed), r.unit)
    target = float(r.value)
    diff = value - target
    shown = _fmt(value, (r.decimals if not pd.isna(r.decimals) else 0) + 2)
    if r.status == "approximate":
        ok = _within_bounds(r.note, value)
        return base + [shown, f"{diff:+.4g}", APPROX_OK if ok else APPROX_OFF, r.note or ""]
    tol = 0.5 * 10 ** -(0 if pd.isna(r.decimals) else int(r.decimals))   # in printed units
    if r.status == "contradicted":
        return base + [shown, f"{diff:+.4g}", CONTRADICTED, _note(r)]
    if abs(diff) < 1e-9:
        status = EXACT
    elif abs(diff) <= tol + 1e-9:
        status = ROUNDED
    else:
        status = OFF
    return base + [shown, f"{diff:+.4g}", status, "" if status != OFF else f"偏差 {diff:+.4g}"]


def _note(r) -> str:
    """The reader's explanation (Chinese) where the transcription has one, else its working note."""
    cn = getattr(r, "note_cn", "")
    return cn if isinstance(cn, str) and cn else (r.note or "")


_BOUNDS = re.compile(r"bounds:\s*([\[(])\s*(-?inf|[-\d.]+)\s*,\s*(-?inf|[-\d.]+)\s*([\])])")


def _within_bounds(note, value: float) -> bool:
    """Whether value lies in the note's interval; "(" and ")" are open ends ("小于一成" is [0, 10)), inf allowed."""
    m = _BOUNDS.search(str(note or ""))
    if not m:
        return False
    lo, hi = float(m.group(2)), float(m.group(3))
    above = value > lo if m.group(1) == "(" else value >= lo
    below = value < hi if m.group(4) == ")" else value <= hi
    return above and below


def _highlights(summary: dict, pub: Published) -> list[list]:
    out = []
    statuses = pub.figures.set_index("id")["status"].to_dict()
    notes = (pub.figures.set_index("id")["note_cn"].to_dict() if "note_cn" in pub.figures.columns else {})
    for h in pub.highlights.itertuples():
        computed = {e["industry"]: e for e in (resolve(summary, f"provinces.{h.province}.highlights") or [])}
        mine = computed.get(h.industry)
        for field, label in (("companies", "企业数"), ("valid_inventions", "总有效发明专利"), ("national_rank", "全国排名")):
            rid = f"sheet-{h.province}.highlight.{h.position}.{field}"
            published = int(getattr(h, field))
            base = [rid + "#audit", f"sheet-{h.province}", f"{h.province}亮点产业{h.position}·{h.industry}·{label}", str(published)]
            if mine is None:
                out.append(base + ["（未入前三）", "", OFF if statuses.get(rid) != "contradicted" else CONTRADICTED,
                                   "该产业未进入复现结果的前三"])
                continue
            value = mine["rank" if field == "national_rank" else field]
            note = ""
            if statuses.get(rid) == "contradicted":
                status = CONTRADICTED
                note = notes.get(rid, "")
            else:
                status = EXACT if value == published else OFF
            out.append(base + [str(value), f"{value - published:+d}", status, note])
    return out


def _stars(summary: dict, pub: Published) -> list[list]:
    out = []
    computed = summary.get("stars", {})
    for s in pub.stars.itertuples():
        names = computed.get(s.industry, [])
        status = EXACT if s.name in names else OFF
        out.append([f"star.{s.industry}.{s.name}", f"table-{s.table}", f"明星企业·{s.industry}", s.name,
                    "在列" if status == EXACT else "未在列", "", status, ""])
    return out
