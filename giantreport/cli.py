"""Command line: parse, call the pipeline, report. No statistics or layout here."""
from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

import click

from . import __version__
from .errors import GiantReportError, ValidationFailed
from .progress import Progress

class _Ctx:
    """What the group's options set; a subcommand's own spelling of the same option wins."""

    def __init__(self, level: int, data=None, config_path=None, as_of=None, out=None, engine=None):
        self.progress = Progress(level)
        self.data, self.config_path, self.as_of, self.out = data, config_path, as_of, out
        self.engine = engine or "auto"

    def done(self, text: str) -> None:
        """The result line of a command (stdout); silent with --quiet."""
        if self.progress.level >= 1:
            click.echo(text)


def _as_of(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"应为 YYYY-MM-DD 格式的日期，例如 2022-06-30，实际为“{value}”") from None


_HELP = {
    "config": "配置文件（默认读取当前文件夹下的 giantreport.toml，没有则用默认值）。",
    "as_of": "数据截止日 D（覆盖配置中的 report.as_of）；默认取数据中最近的专利日期（内置样例为 2022-06-30）。版次年份随之（report-<年份>.pdf）。",
    "data": "数据文件夹（含企业名单，可选专利明细、benchmarks.yaml），或企业名单文件本身；省略时用内置样例数据（合成数据）。",
    "quiet": "只输出错误（适合 CI）。",
    "verbose": "输出每个阶段的耗时；出错时显示详细信息。",
    "engine": "专利明细的汇总引擎：pandas 逐行载入内存；duckdb 在 Parquet/CSV 文件上用 SQL 检查和汇总，不载入内存"
              "（pip install 'giantreport[scale]'，见 docs/scale.md）；auto（默认）按专利文件大小选择。",
}

ENGINES = ("auto", "pandas", "duckdb")


def _edition_options(f):
    """--previous (this edition against the last) and --cohort/--cohort-name (a comparison cohort from data)."""
    f = click.option("--cohort-name", default="A 股上市企业", show_default=True,
                     help="对比群体的名称（来源行与外部基准附录中使用）。")(f)
    f = click.option("--cohort", type=click.Path(exists=True, path_type=Path), default=None,
                     help="对比群体的数据文件夹（格式同 --data，如自有的 A 股上市企业名单及专利）：用同一引擎、口径和截止日"
                          "计算，代替 benchmarks.yaml 中键入的 A 股均值和产业分布（见 docs/metrics.md §12）。")(f)
    f = click.option("--previous", type=click.Path(exists=True, path_type=Path), default=None,
                     help="上一版：其数据文件夹，或其统计结果（summary.json 或 stats 输出文件夹）；报告和统计结果增加"
                          "“与上一版相比”（见 docs/metrics.md §11）。")(f)
    return f


def _cohort(path, name):
    return None if path is None else (path, name)


def _level_options(f):
    f = click.option("-v", "--verbose", is_flag=True, default=None, help=_HELP["verbose"])(f)
    f = click.option("-q", "--quiet", is_flag=True, default=None, help=_HELP["quiet"])(f)
    return f


def _data_options(f):
    f = click.option("--engine", type=click.Choice(ENGINES), default=None, help=_HELP["engine"])(f)
    f = click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help=_HELP["config"])(f)
    f = click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD", help=_HELP["as_of"])(f)
    f = click.option("--data", "data", type=click.Path(path_type=Path), help=_HELP["data"])(f)
    return f


def common(f=None, *, data: bool = True):
    """-q/-v (and --data/--as-of/--config) on a subcommand, written before or after its name:
    ``giantreport -v build`` and ``giantreport build -v`` are the same; the subcommand's value wins."""
    def wrap(func):
        @functools.wraps(func)
        @click.pass_obj
        def inner(obj, *args, quiet=None, verbose=None, **kwargs):
            if quiet:
                obj.progress.level = 0
            elif verbose:
                obj.progress.level = 2
            for name in ("data", "config_path", "as_of"):
                if name in kwargs and kwargs[name] is None:
                    kwargs[name] = getattr(obj, name)
            obj.engine = kwargs.pop("engine", None) or obj.engine      # commands read obj.engine
            if "out" in kwargs and kwargs["out"] is None:
                kwargs["out"] = obj.out
            return func(obj, *args, **kwargs)
        inner = _level_options(inner)
        return _data_options(inner) if data else inner
    return wrap(f) if f is not None else wrap


def out_option(default: str, help_text: str = "输出文件夹"):
    """--out with a default applied after the group's --out (which a subcommand's --out overrides)."""
    def callback(ctx, param, value):
        if value is not None:
            return value
        group_out = ctx.find_object(_Ctx).out if ctx.find_object(_Ctx) else None
        return group_out if group_out is not None else Path(default)
    return click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, callback=callback,
                        help=f"{help_text}（默认 {default}）。")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="giantreport", message="%(prog)s %(version)s")
@click.option("-q", "--quiet", is_flag=True, help=_HELP["quiet"])
@click.option("-v", "--verbose", is_flag=True, help=_HELP["verbose"])
@click.option("--data", "data", type=click.Path(path_type=Path), help=_HELP["data"])
@click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD", help=_HELP["as_of"])
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help=_HELP["config"])
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="输出文件夹（各命令有各自的默认值）。")
@click.option("--engine", type=click.Choice(ENGINES), default=None, help=_HELP["engine"])
@click.pass_context
def cli(ctx, quiet, verbose, data, as_of, config_path, out, engine):
    """giantreport：专精特新“小巨人”企业科创能力报告生成工具。

    \b
    常用命令 / examples:
      giantreport validate --data 我的数据/          校验数据文件夹
      giantreport stats --out 统计结果/              计算全部统计量（JSON、CSV、XLSX）
      giantreport build                              用内置样例数据生成年度报告（PDF+HTML）
      giantreport province 浙江                      生成一个省份的简报
      giantreport briefing 杭州                      城市、区县或产业领域的简报（如 新材料）
      giantreport audit                              把计算结果与 2022 年报告的公开数字逐项对照
    """
    ctx.obj = _Ctx(0 if quiet else (2 if verbose else 1), data, config_path, as_of, out, engine)


@cli.command()
@common
def validate(obj, data, as_of, config_path):
    """校验数据文件夹：逐条列出所有问题（文件、行、列、值、要求），无问题时退出码为 0。

    \b
    示例：
      giantreport validate --data ./2023名单/
      giantreport validate --data ./2023名单/ --config 2023配置.toml   同时检查配置文件
    """
    from .config import load_config
    from .pipeline import load_data
    config = load_config(config_path)  # a broken --config (or ./giantreport.toml) is reported here, not ignored
    dataset = load_data(data, obj.progress, config, obj.engine)
    n_pat = dataset.file_rows.get("patents", 0 if dataset.patents is None else len(dataset.patents))   # rows of the file
    obj.done(f"校验通过：{dataset.folder}，{len(dataset.companies)} 家企业，{n_pat} 条专利记录。"
               f" / OK: {len(dataset.companies)} companies, {n_pat} patents.")


@cli.command()
@common
@out_option("giantreport-stats")
@_edition_options
def stats(obj, data, as_of, config_path, out, previous, cohort, cohort_name):
    """计算全部统计量，写出 summary.json、每个图表一个 CSV（fig-1-1.csv…）和一个 XLSX 工作簿。

    \b
    示例：
      giantreport stats --out 统计结果/
      giantreport stats --data ./2023名单/ --as-of 2023-06-30 --out 2023统计/
    """
    from .pipeline import write_stats_files
    written = write_stats_files(data, config_path, as_of, out, obj.progress, obj.engine, previous,
                                _cohort(cohort, cohort_name))
    obj.done(f"已写出 {len(written)} 个文件到 {out}/（summary.json、CSV、giantreport-stats.xlsx）")


@cli.command()
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path), default=Path("giantreport.toml"),
              show_default=True, help="配置文件写到哪里。")
@click.option("--force", is_flag=True, help="覆盖已有文件。")
def init(path, force):
    """写出一份带注释的配置文件 giantreport.toml（报告标题、截止日、雷达与明星企业权重等）。

    当前文件夹下的 giantreport.toml 会被其他命令自动读取；也可用 --config 指定。

    \b
    示例：
      giantreport init                                    在当前文件夹写出 giantreport.toml
      giantreport init --path 2023配置.toml               写到指定文件，再用 --config 2023配置.toml
      giantreport init --force                            覆盖已有的 giantreport.toml
    """
    from .config import DEFAULT_TOML
    if path.exists() and not force:
        raise GiantReportError(f"{path} 已存在；如要覆盖请加 --force")
    try:
        path.write_text(DEFAULT_TOML, encoding="utf-8")
    except OSError as exc:
        raise GiantReportError(f"无法写入 {path}：{exc.strerror or exc}") from None
    click.echo(f"已写出配置文件 {path}")  # init has no progress object


REPORT_FORMATS = ("pdf", "html", "docx", "charts")
BRIEFING_FORMATS = ("pdf", "html", "docx")


def _formats(value: str, allowed: tuple[str, ...] = REPORT_FORMATS) -> tuple[str, ...]:
    out = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    bad = [f for f in out if f not in allowed]
    if bad or not out:
        raise click.BadParameter(f"可选 {'、'.join(allowed)}，用逗号分隔，例如 pdf,html；实际为“{value}”")
    return out


@cli.command()
@common
@out_option("giantreport-out")
@click.option("--format", "formats", default="pdf,html", show_default=True, callback=lambda c, p, v: _formats(v),
              help="输出格式，逗号分隔：pdf、html、docx（可编辑的 Word 文档）、charts（每幅图一个 SVG、PNG 和数据 CSV，"
                   "写在 report-<年份>-charts/ 中）。")
@_edition_options
@click.option("--text", "text_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="编者文字文件夹（Markdown，按章节编号命名，见 giantreport sections）；也可在配置文件 [report] text 中指定。")
def build(obj, data, as_of, config_path, out, formats, previous, cohort, cohort_name, text_dir):
    """生成年度报告（PDF 与单文件 HTML），结构与 2022 年报告一致。

    \b
    示例：
      giantreport build                                   用内置样例数据生成 2022 年报告
      giantreport build --data ./2023名单/ --as-of 2023-06-30 --out 2023报告/
      giantreport build --format html                     只生成 HTML
      giantreport build --format docx,charts              Word 文档（供审阅）与幻灯片用的图表文件
      giantreport build --data ./2023名单/ --previous ./2022名单/   与上一版比较
      giantreport build --cohort ./A股/ --cohort-name "A 股上市企业"  A 股对比按自有数据计算
      giantreport build --text ./编者文字/                  加入前言、改写的段落和附加章（见 giantreport sections）
    """
    from .pipeline import build_report
    paths = build_report(data, config_path, as_of, out, formats, obj.progress, obj.engine, previous,
                         _cohort(cohort, cohort_name), text_dir)
    obj.progress.summary()
    folders: dict[Path, int] = {}
    for p in paths:
        if p.parent != Path(out):                 # the chart files: one line for their folder
            folders[p.parent] = folders.get(p.parent, 0) + 1
        else:
            obj.done(f"已生成 {p}")
    for folder, n in folders.items():
        obj.done(f"已生成 {folder}/（{n} 个文件）")


@cli.command()
@click.argument("name", required=False)
@click.option("--all", "all_", is_flag=True, help="为每个省份各生成一份简报（多进程并行）。")
@common
@out_option("giantreport-out")
@click.option("--format", "formats", default="pdf,html", show_default=True,
              callback=lambda c, p, v: _formats(v, BRIEFING_FORMATS), help="输出格式，逗号分隔：pdf、html、docx。")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="--all 时的并行进程数（默认为 CPU 核数）。")
@_edition_options
def province(obj, name, all_, data, as_of, config_path, out, formats, jobs, previous, cohort, cohort_name):
    """生成省份简报（3–6 页）：科创雷达、亮点产业、批次与城市分布、与全国对比、明星企业。

    NAME 可写全称或简称，如 浙江 或 浙江省。

    \b
    示例：
      giantreport province 浙江
      giantreport province 广西 --format pdf --out 简报/
      giantreport province --all --out 简报/
    """
    if bool(name) == bool(all_):
        raise GiantReportError("请给出一个省份名称（如 giantreport province 浙江），或使用 --all 生成全部省份")
    from .pipeline import build_province
    names = None if all_ else [name]
    paths = build_province(data, config_path, as_of, names, out, formats, obj.progress, jobs, obj.engine,
                           previous, _cohort(cohort, cohort_name))
    _say_written(obj, paths, out, bool(all_))


def _say_written(obj, paths, out, whole_set: bool) -> None:
    """The timings, then the files written: one line for a whole set of briefings, else one per file."""
    obj.progress.summary()
    if whole_set:
        obj.done(f"已生成 {len(paths)} 个文件到 {out}/")
    else:
        for p in paths:
            obj.done(f"已生成 {p}")


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--all", "all_", type=click.Choice(["provinces", "cities", "industries"]), default=None,
              help="生成一整套简报：全部省份；企业不少于 [briefings] min_companies 家的城市；八个重点产业领域。")
@common
@out_option("giantreport-out")
@click.option("--format", "formats", default="pdf,html", show_default=True,
              callback=lambda c, p, v: _formats(v, BRIEFING_FORMATS), help="输出格式，逗号分隔：pdf、html、docx。")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="多份简报时的并行进程数（默认为 CPU 核数）。")
@_edition_options
def briefing(obj, names, all_, data, as_of, config_path, out, formats, jobs, previous, cohort, cohort_name):
    """生成一个省份、城市、区县或重点产业领域的简报（2–6 页）。

    NAME 可以是省份（浙江、浙江省）、地级城市（杭州、杭州市、宁波；计划单列市按城市）、带城市名的区县
    （杭州市滨江区）或重点产业领域（新材料、生物医药、新一代信息技术……，可写简称）。

    \b
    示例：
      giantreport briefing 杭州
      giantreport briefing 杭州市滨江区 新材料 --format pdf
      giantreport briefing --all cities --out 简报/
    """
    if bool(names) == bool(all_):
        raise GiantReportError("请给出名称（如 giantreport briefing 杭州），或用 --all provinces|cities|industries")
    from .pipeline import build_briefing
    paths = build_briefing(data, config_path, as_of, list(names) or None, all_, out, formats, obj.progress, jobs,
                           obj.engine, previous, _cohort(cohort, cohort_name))
    _say_written(obj, paths, out, bool(all_))


@cli.command()
@common
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="把逐项对照写成 OUT/audit.csv。")
@click.option("--show", type=click.Choice(["off", "all"]), default="off", show_default=True,
              help="off：只列出偏差和来源矛盾；all：列出全部。")
def audit(obj, data, as_of, config_path, out, show):
    """复现审计：把计算结果与 2022 年报告公开的每个数字逐项对照（一致、舍入范围内、偏差、来源矛盾）。

    只有内置样例数据、截止日 2022-06-30 时才有可对照的数字；其他数据或截止日只输出一行说明，退出码为 0。

    \b
    示例：
      giantreport audit                        审计内置样例数据
      giantreport audit --out 审计/ --show all
    """
    from .pipeline import run_audit
    result = run_audit(data, config_path, as_of, out, obj.progress, obj.engine)
    if isinstance(result, str):                 # not the 2022 publication's data: nothing to compare
        click.echo(result)
        return
    table = result.table
    rows = table if show == "all" else table[table["状态"].isin(["偏差", "来源矛盾", "近似表述·不符"])]
    for r in rows.itertuples(index=False):
        click.echo(f"{r.状态}\t{r.图表}\t{r.指标}\t公布 {r.公布值}\t复现 {r.复现值}")
    click.echo(result.line())
    if out is not None:
        obj.done(f"已写出 {out}/audit.csv")


@cli.command()
def sections():
    """列出报告的章节编号：编者文字的文件名（--text）和配置文件 [report] parts 都用这些编号。

    \b
    编者文字 / the editor's Markdown files:
      preface.md                  前言（摘要之前）
      <编号>.before.md            放在该部分之前
      <编号>.after.md             放在该部分之后
      <编号>.md                   替换该部分自动生成的文字（图表保留）
      chapter-<序号>-<标题>.md    附加章，按序号排在各章之后，与各章统一编号
    """
    from . import definition as D
    parts = set(D.part_ids())
    click.echo("编号\t标题\t可用于")
    for part in D.FRONT:
        click.echo(f"{part.id}\t{part.title}\t文字、parts")
    for chapter in D.CHAPTERS:
        click.echo(f"{chapter.id}\t{D.chapter_label(chapter)} {chapter.title}\t文字、parts")
        for section in chapter.sections:
            use = "文字、parts" if section.id in parts else "文字"
            click.echo(f"{section.id}\t  {D.section_number(section)} {section.title.format(newest='最新一批')}\t{use}")
    for part in D.APPENDICES:
        click.echo(f"{part.id}\t{part.title.format(publisher='发布方')}\t文字、parts")


@cli.command("sample-data")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="输出文件夹。")
@click.option("--seed", type=int, default=2022, show_default=True, help="随机种子：相同种子生成逐字节相同的文件。")
@click.option("--force", is_flag=True, help="输出文件夹已有文件时仍写入（覆盖其中的 companies.parquet、patents.parquet）。")
@common(data=False)
def sample_data(obj, out, seed, force):
    """生成内置样例数据（合成数据，按 2022 年报告公开的汇总数字校准）：companies.parquet、patents.parquet。

    企业层面的数值是合成的，只有汇总统计与公开报告一致。输出文件夹已存在且不为空时，需加 --force。

    \b
    示例：
      giantreport sample-data --out ./样例数据/
      giantreport sample-data --out ./样例数据/ --force      覆盖已有的样例数据
    """
    from .output import STAGING_PREFIX, atomic_output
    from .sample import write
    try:
        present = sorted(p.name for p in out.iterdir() if not p.name.startswith(STAGING_PREFIX)) if out.is_dir() else []
    except OSError:
        present = []                  # unreadable: atomic_output reports it
    if present and not force:
        shown = "、".join(present[:5]) + ("…" if len(present) > 5 else "")
        raise GiantReportError(f"输出文件夹 {out} 已存在且不为空（{shown}）；sample-data 会覆盖其中的 companies.parquet、"
                               "patents.parquet。如确要写入，请加 --force，或换一个空文件夹。"
                               " / The folder is not empty: add --force to overwrite.")
    with obj.progress.stage("生成并校准样例数据"), atomic_output(out) as staging:
        paths = write(staging, seed)
    obj.progress.summary()
    for p in paths:
        obj.done(f"已生成 {out / p.name}")


def _os_error(exc: BaseException) -> str | None:
    """Plain words for the operating system's refusals (a full disk …); None for anything else.
    Outputs are staged (output.atomic_output), so the earlier files are intact."""
    import errno
    if not isinstance(exc, OSError):
        return None
    what = f"无法写入 {exc.filename}" if exc.filename else "写入失败"
    kept = "之前的输出文件保持不变。"
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间不足：{what}。{kept}请腾出空间后重试。 / No space left on device."
    if exc.errno == getattr(errno, "EDQUOT", None):
        return f"磁盘配额已用完：{what}。{kept}请腾出空间后重试。 / Disk quota exceeded."
    if exc.errno == errno.EROFS:
        return f"文件系统只读：{what}。{kept} / Read-only file system."
    if exc.errno in (errno.EACCES, errno.EPERM):
        where = f"：{exc.filename}" if exc.filename else ""
        return f"权限不足{where}（请检查路径和读写权限）。{kept} / Permission denied."
    return None


def main(argv=None) -> int:
    try:
        cli.main(args=argv, prog_name="giantreport", standalone_mode=False)
    except ValidationFailed as exc:
        for problem in exc.problems:
            click.echo(f"  ✗ {problem}", err=True)
        click.echo(str(exc), err=True)
        return 1
    except GiantReportError as exc:
        click.echo(f"错误：{exc}", err=True)
        return 1
    except click.exceptions.Abort:     # Ctrl-C, which click turns into Abort
        click.echo("已中止；之前的输出文件保持不变。", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt as exc:
        from .output import InterruptedAfterCommit
        if isinstance(exc, InterruptedAfterCommit):
            click.echo("已中断；中断时新的输出文件已完整写入。", err=True)
        else:
            click.echo("已中断；之前的输出文件保持不变。", err=True)
        return 130
    except Exception as exc:  # last resort: plain words, not a traceback
        plain = _os_error(exc)
        if plain is not None:          # a full disk, a read-only folder …: the user's to fix, not a bug
            click.echo(f"错误：{plain}", err=True)
            return 1
        if "--verbose" in (argv or sys.argv) or "-v" in (argv or sys.argv):
            raise
        click.echo(f"内部错误：{type(exc).__name__}: {exc}。请加 --verbose 重试查看详情，并报告此问题。", err=True)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
