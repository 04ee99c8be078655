"""The pipeline, top to bottom: load and validate → compute → present → render.

Every command goes through these functions; the CLI only parses and reports.
"""
from __future__ import annotations

import dataclasses

import datetime as dt
from pathlib import Path

from typing import TYPE_CHECKING

from . import edition
from .config import Config, load_config
from .data.bundled import data_dir
from .output import atomic_output
from .progress import QUIET, Progress
from .runtime import paused_gc

if TYPE_CHECKING:           # pandas loads inside the functions: a command's PDF worker starts before it
    from .data.load import Dataset
    from .stats import Stats


def load_data(data: Path | None, progress: Progress = QUIET, config: Config | None = None,
              engine: str = "auto") -> Dataset:
    """``engine``: how patent rows are read and counted — "pandas" (into memory), "duckdb" (left in
    their file, SQL; giantreport/data/patent_file.py) or "auto" (by the patents file's size)."""
    from .data.load import load_dataset
    with progress.stage("读取并校验数据"):
        dataset = load_dataset(data_dir(data), config.columns if config else None, engine)
    say_notes(dataset, progress)
    return dataset


def say_notes(dataset: Dataset, progress: Progress = QUIET) -> None:
    """The loader's notes (unused columns, title rows, name joins …) and what missing inputs leave out."""
    from .stats.missing import notes as missing_notes
    for note in dataset.notes + missing_notes(dataset.missing):
        progress.say(f"  说明：{note}")


def prepare(data: Path | None, config_path: Path | None, as_of: dt.date | None,
            progress: Progress = QUIET, engine: str = "auto", cohort: tuple[Path, str] | None = None
            ) -> tuple[Config, Dataset, Stats]:
    """Config, validated dataset and statistics; reused from the cache when the data files'
    bytes, the configuration and the code version are unchanged (validation included).
    ``cohort``: (folder, name) of a comparison cohort computed from data (`use_cohort`)."""
    from . import stats_cache
    from .config import check_as_of
    config = load_config(config_path).with_as_of(check_as_of(as_of, "--as-of"))
    folder = data_dir(data)
    key = _stats_key(folder, config, engine)
    if cohort is not None and key is not None:        # the cohort's files and name are inputs too
        import hashlib
        cohort_key = _stats_key(Path(cohort[0]), config, engine)
        key = None if cohort_key is None else hashlib.sha256(f"{key}|{cohort_key}|{cohort[1]}".encode()).hexdigest()
    cached = stats_cache.get(key)
    configured = config
    if cached is not None:
        progress.detail("  数据与配置未变：复用已校验的数据和统计结果")
        dataset, stats = cached
        say_notes(dataset, progress)
        config = config.resolved(stats.as_of)          # the cut-off the statistics were computed at
        _say_as_of(configured, config, dataset, progress)
        return config, dataset, stats
    dataset = load_data(folder, progress, config, engine)
    # the edition follows the data: without --as-of or report.as_of, D is the latest date it supports
    config = edition.resolve(config, dataset)
    _say_as_of(configured, config, dataset, progress)
    if cohort is not None:
        use_cohort(dataset, config, config_path, cohort, progress, engine)
    from .stats import compute_stats
    with progress.stage("计算统计量"):
        stats = compute_stats(dataset, config)
    stats_cache.put(key, _light(dataset), stats)
    return config, dataset, stats


def use_cohort(dataset: Dataset, config: Config, config_path, cohort: tuple[Path, str],
               progress: Progress = QUIET, engine: str = "auto") -> None:
    """--cohort DIR --cohort-name NAME: the cohort's data computed by the same engine and configuration at
    the same cut-off; its results replace the A-share blocks of the benchmarks (giantreport/stats/cohort.py)."""
    from .stats.cohort import with_cohort
    folder, name = Path(cohort[0]), cohort[1]
    with progress.stage(f"计算对比群体“{name}”"):
        _, _, cohort_stats = prepare(folder, config_path, config.as_of, QUIET, engine)
    dataset.benchmarks = with_cohort(dataset.benchmarks, cohort_stats.summary, name, folder.name)


def attach_previous(stats: Stats, dataset: Dataset, previous: Path | None, config_path=None,
                    progress: Progress = QUIET, engine: str = "auto") -> None:
    """--previous PATH: the previous edition's summary.json (or a stats folder holding it), or its data
    folder (loaded and computed with the same configuration, at its own cut-off). Adds ``previous`` and
    ``change`` to the summary (giantreport/stats/change.py)."""
    if previous is None:
        return
    import json
    from .errors import GiantReportError
    from .stats import change
    path = Path(previous)
    summary_file = path if path.suffix.lower() == ".json" else path / "summary.json"
    with progress.stage("与上一版比较"):
        if summary_file.is_file():
            try:
                prev = json.loads(summary_file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise GiantReportError(f"无法读取上一版的统计结果 {summary_file}：{exc}") from None
            if not isinstance(prev, dict) or not isinstance(prev.get("batches"), dict):
                raise GiantReportError(f"{summary_file} 不是 giantreport stats 写出的 summary.json（没有 batches）")
            prev_companies, source = None, "summary"
        elif path.suffix.lower() == ".json":
            raise GiantReportError(f"找不到上一版的统计结果：{path}")
        else:
            _, prev_dataset, prev_stats = prepare(path, config_path, None, QUIET, engine)
            prev, prev_companies, source = prev_stats.summary, prev_dataset.companies, "data"
        current_companies = dataset.companies if source == "data" else None
        stats.summary["previous"], stats.summary["change"] = change.compare(
            stats.summary, prev, source, current_companies, prev_companies)


def _say_as_of(configured: Config, config: Config, dataset: Dataset, progress: Progress) -> None:
    note = edition.as_of_note(configured, config, dataset)
    if note:
        progress.say(f"  说明：{note}")


def _light(dataset: Dataset) -> Dataset:
    """The dataset as the renderers need it after the statistics: patent rows only counted."""
    import copy
    import pandas as pd
    light = copy.copy(dataset)
    if dataset.patents is not None:
        light.patents = pd.DataFrame(index=pd.RangeIndex(len(dataset.patents)))
    return light


PRESENTATION_KEYS = frozenset({"title", "publisher", "author"})     # [report] keys the statistics never read


def _stats_key(folder: Path, config: Config, engine: str = "auto") -> str | None:
    import hashlib
    from . import __version__
    # the engine too: the results are the same, but not the checks (the DuckDB path counts, see patent_file.py)
    # the words on the cover (title, publisher, author) are not inputs of the statistics: a new title reuses them
    # nor are the publisher's profile ([publisher]) and the PDF variant ([pdf])
    raw = {**{k: v for k, v in config.raw.items() if k not in ("pdf", "publisher")},
           "report": {k: v for k, v in config.raw.get("report", {}).items() if k not in PRESENTATION_KEYS}}
    h = hashlib.sha256(f"{__version__}|{_code_fingerprint()}|{config.as_of}|{sorted(raw.items())!r}|{folder.resolve()}|{engine}".encode())
    try:
        for path in sorted(folder.iterdir() if folder.is_dir() else [folder, *folder.parent.iterdir()]):
            if path.is_file():
                h.update(path.name.encode())
                with open(path, "rb") as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _code_fingerprint() -> str:
    """Hash of the package's own source, so a changed engine never reuses old statistics."""
    import hashlib
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


# The files `stats` writes: a run removes those of an earlier run it did not write again
# (a province no longer in the data), so the folder holds one consistent set.
STATS_FILES = ("summary.json", "fig-*.csv", "table-*.csv", "province-*.csv", "city-*.csv", "industry-*.csv",
               "giantreport-stats.xlsx")


def write_stats_files(data, config_path, as_of, out: Path, progress: Progress = QUIET,
                      engine: str = "auto", previous: Path | None = None, cohort=None) -> list[Path]:
    from .render.tables import write_area_sheets, write_stats
    config, dataset, stats = prepare(data, config_path, as_of, progress, engine, cohort)
    attach_previous(stats, dataset, previous, config_path, progress, engine)
    with progress.stage("写出统计文件"), atomic_output(out, replaces=STATS_FILES) as staging:
        written = write_stats(stats, staging)
        written += write_area_sheets(stats, staging, config.briefing_min_companies)
    return [out / p.name for p in written]


def attach_audit(stats: Stats, dataset: Dataset, progress: Progress = QUIET):
    """On the bundled sample as of 2022-06-30, the reproduction audit goes into the report as an appendix
    (on any other data there is nothing to compare, and no appendix)."""
    if not edition.audit_applies(dataset, stats.as_of):
        return None
    from .audit import audit
    with progress.stage("复现审计"):
        result = audit(stats.summary)
    stats.audit = result.table
    return result


def chart_cache_dir() -> Path:
    from .charts.cache import default_dir
    return default_dir()


def build_report(data, config_path, as_of, out: Path, formats, progress: Progress = QUIET,
                 engine: str = "auto", previous: Path | None = None, cohort=None,
                 text_dir: Path | None = None) -> list[Path]:
    """The annual report: prepare → (previous edition) → audit → figures → document → html → pdf → write
    (write_report). `previous`: --previous; `cohort`: --cohort (folder, name); `text_dir`: --text, the
    editor's Markdown texts (over [report] text)."""
    from .render.pdf_worker import pdf_worker
    from .render.report import check_formats
    formats = check_formats(formats)
    # WeasyPrint loads in its own process while the data is read (see render/pdf_worker.py)
    with paused_gc(), pdf_worker("pdf" in formats) as worker:
        config, dataset, stats = prepare(data, config_path, as_of, progress, engine, cohort)
        if text_dir is not None:
            config = dataclasses.replace(config, text_dir=Path(text_dir))
        attach_previous(stats, dataset, previous, config_path, progress, engine)
        attach_audit(stats, dataset, progress)
        return write_report(stats, config, dataset, out, formats, progress,
                            cache_dir=chart_cache_dir(), pdf_worker=worker)


def write_report(stats, config, dataset, out: Path, formats=("pdf", "html"), progress: Progress = QUIET, *,
                 figures=None, cache_dir=None, pdf_worker=None, timings: dict | None = None) -> list[Path]:
    """The report's files (report-<year>.pdf / .html / .docx, report-<year>-charts/) from its statistics,
    written all or none.

    `figures`: ready render.report.ReportFigures (tests) instead of drawing the charts with the chart
    cache at `cache_dir` (None: no cache). With a started `pdf_worker` (render.pdf_worker) the PDF is
    laid out in that process, which begins on the document with placeholder charts while they are drawn."""
    from .render import report as R
    formats = R.check_formats(formats)
    timer = R.Timer(progress, timings)
    worker = pdf_worker if "pdf" in formats else None
    if figures is None:
        figures = R.report_figures(stats, config, cache_dir, timer, defer=worker is not None)
    if figures.pending:
        figures = R.draw_during_layout(stats, config, dataset, figures, worker, timer)
    document = R.report_document(stats, config, dataset, figures, timer)
    charts = (lambda: R.chart_files(stats, config, timer, cache_dir)) if "charts" in formats else None
    files = R.document_files(document, formats, lambda fmt: R.report_filename(config, fmt),
                             lambda: R.report_specs(stats, config), config, timer, cache_dir, worker, charts)
    return R.write_files(Path(out), files, timer)


def build_province(data, config_path, as_of, names: list[str] | None, out: Path, formats,
                   progress: Progress = QUIET, jobs: int | None = None, engine: str = "auto",
                   previous: Path | None = None, cohort=None, worker=None) -> list[Path]:
    """One briefing per named province, or every province when names is None (in parallel):
    prepare → for each province, figures → document → html → pdf → write (write_briefing).
    `worker`: the PDF worker build_briefing started, used for a single briefing."""
    import contextlib
    from .render.pdf_worker import pdf_worker
    single = names is not None and len(names) == 1
    # one briefing: WeasyPrint loads in its own process (started before pandas is) while the data is read
    started = contextlib.nullcontext(worker) if worker is not None else pdf_worker(single and "pdf" in formats)
    with started as worker:
        names = None if names is None else [province_name(n, progress) for n in names]
        config, dataset, stats = prepare(data, config_path, as_of, progress, engine, cohort)
        attach_previous(stats, dataset, previous, config_path, progress, engine)
        if single:
            with progress.stage(f"生成 {names[0]} 简报"):
                return write_briefing(stats, config, dataset, names[0], out, formats, cache_dir=chart_cache_dir(),
                                      pdf_worker=worker)
    targets = names or list(stats.summary["provinces"])
    # --all replaces the whole set of briefings (this edition, these formats) at once: a province
    # no longer in the data loses its old briefing, and an interrupted run leaves the old set whole
    replaces = () if names else tuple(f"province-*-{config.edition_year}.{fmt}" for fmt in formats)
    with atomic_output(out, replaces=replaces) as staging:
        written = _parallel_briefings(stats, config, dataset, targets, staging, formats, progress, jobs)
    return [Path(out) / p.relative_to(staging) for p in written]


def write_briefing(stats, config, dataset, province: str, out: Path, formats=("pdf", "html"),
                   progress: Progress = QUIET, *, figures=None, cache_dir=None, pdf_worker=None,
                   timings: dict | None = None) -> list[Path]:
    """One province's briefing (province-<省份>-<year>.pdf / .html), written all or none; `province` may
    be short ("浙江"). `figures`: ready charts (tests) instead of drawing them (chart cache at `cache_dir`);
    `pdf_worker`: a started render.pdf_worker.PdfWorker that lays the PDF out."""
    from .render import report as R
    formats = R.check_formats(formats, R.BRIEFING_FORMATS)
    timer = R.Timer(progress, timings)
    name = R.briefing_province(stats, province)
    if figures is None:
        figures = R.briefing_figures(stats, name, cache_dir, timer, config)
    document = R.briefing_document(stats, config, dataset, name, figures, timer)
    files = R.document_files(document, formats, lambda fmt: R.province_filename(config, name, fmt),
                             lambda: R.briefing_specs(stats, name, config), config, timer, cache_dir, pdf_worker)
    return R.write_files(Path(out), files, timer)


BRIEFING_SETS = ("provinces", "cities", "industries")


def build_briefing(data, config_path, as_of, names: list[str] | None, all_: str | None, out: Path, formats,
                   progress: Progress = QUIET, jobs: int | None = None, engine: str = "auto",
                   previous: Path | None = None, cohort=None) -> list[Path]:
    """`giantreport briefing`: one briefing per name (a province, a city, a district written with its city,
    or a key industry: data.regions.resolve_area), or a whole set (`all_`: provinces, cities with at least
    [briefings] min_companies companies, the key industries), in parallel."""
    from .render.pdf_worker import pdf_worker
    single = not all_ and len(names or []) == 1
    # one briefing: WeasyPrint loads in its own process (started before pandas is) while the data is read
    with pdf_worker(single and "pdf" in formats) as worker:
        from .data import regions
        from .data.schema import KEY_INDUSTRIES
        from .errors import GiantReportError
        from .stats import briefs
        areas = [regions.resolve_area(n) for n in names or []]
        if all_ == "provinces" or (areas and all(a.kind == "province" for a in areas)):
            return build_province(data, config_path, as_of, None if all_ else [a.name for a in areas], out, formats,
                                  progress, jobs, engine, previous, cohort, worker)
        config, dataset, stats = prepare(data, config_path, as_of, progress, engine, cohort)
        attach_previous(stats, dataset, previous, config_path, progress, engine)
        df = stats.companies
        if all_ == "cities":
            cities = briefs.cities_for_briefings(df, config.briefing_min_companies)
            areas = [regions.Area("city", c, str(df.loc[df["city"] == c, "province"].iloc[0])) for c in cities]
            replaces = tuple(f"city-*-{config.edition_year}.{fmt}" for fmt in formats)
        elif all_ == "industries":
            areas = [regions.Area("industry", n) for n in KEY_INDUSTRIES if (df["industry"] == n).any()]
            replaces = tuple(f"industry-*-{config.edition_year}.{fmt}" for fmt in formats)
        else:
            replaces = ()
            for a in areas:
                there = (df[a.kind] == a.name) if a.kind != "district" else ((df["city"] == a.city) & (df["district"] == a.name))
                if a.kind != "province" and not there.any():
                    raise GiantReportError(f"数据中没有{a.label}的“小巨人”企业，无法生成简报。")
        if not areas:
            raise GiantReportError(f"没有企业不少于 {config.briefing_min_companies} 家的城市（配置项 [briefings] min_companies）")
        city_peers = city_ranks = star_rows = None
        if any(a.kind == "city" for a in areas):          # computed once, shared by the forked workers
            from .stats import areas as area_stats
            from .stats.company_metrics import growth_years
            city_peers = briefs.peers(df, "city", growth_years(stats.as_of), config.briefing_min_companies)
            city_ranks = briefs.peer_ranks(city_peers, stats.summary)
            star_rows = area_stats.star_rows(briefs.star_tables_of(stats))
        targets = [a.name if a.kind == "province" else a for a in areas]
        if len(targets) == 1:
            _SHARED.update(stats=stats, config=config, dataset=dataset, out=Path(out), formats=formats,
                           cache=chart_cache_dir(), city_peers=city_peers, city_ranks=city_ranks, star_rows=star_rows)
            label = getattr(targets[0], "label", targets[0])
            with progress.stage(f"生成 {label} 简报"):
                return [Path(p) for p in _one_briefing(targets[0], worker)]
        _SHARED.update(city_peers=city_peers, city_ranks=city_ranks, star_rows=star_rows)
        with atomic_output(out, replaces=replaces) as staging:
            written = _parallel_briefings(stats, config, dataset, targets, staging, formats, progress, jobs)
        return [Path(out) / p.relative_to(staging) for p in written]


def write_area_briefing(stats, config, dataset, area, block: dict, out: Path, formats=("pdf", "html"),
                        progress: Progress = QUIET, *, cache_dir=None, pdf_worker=None,
                        timings: dict | None = None) -> list[Path]:
    """A city's, a district's or an industry's briefing (city-杭州市-2022.pdf …) from its statistics
    (`block`, stats/briefs.py): figures → document → html → pdf → write, all or none."""
    from .render import briefing as B
    from .render import report as R
    formats = R.check_formats(formats, R.BRIEFING_FORMATS)
    timer = R.Timer(progress, timings)
    figures = B.area_figures(stats, area, block, cache_dir, timer, config)
    document = B.area_document(stats, config, dataset, area, block, figures, timer)
    files = R.document_files(document, formats, lambda fmt: B.area_filename(config, area, fmt),
                             lambda: B.area_specs(stats, area, block, config), config, timer, cache_dir, pdf_worker)
    return R.write_files(Path(out), files, timer)


def province_name(name: str, progress: Progress = QUIET) -> str:
    """Full province name from a full or short name; a clear error with close matches otherwise.
    A 计划单列市 (宁波, 大连 …) names its province, and the user is told so."""
    from .data import regions
    from .errors import GiantReportError
    full, city = regions.resolve_province(name)
    found = [] if full else regions.area_candidates(name)
    if found and not any(a.kind == "province" for a in found):
        a = found[0]
        raise GiantReportError(f"“{name}”是{regions.AREA_KINDS[a.kind]}（{a.label}），不是省份。"
                               f"请用 giantreport briefing {name} 生成它的简报。")
    if full is not None and city is not None:
        progress.say(f"  说明：{city}是计划单列市，简报按其所在的{full}生成（{city}的城市简报：giantreport briefing {city}）。")
    if full is None:
        close = regions.close_matches(name, regions.province_names())
        hint = f"是否想写：{'、'.join(close)}？" if close else ""
        raise GiantReportError(f"不认识的省份“{name}”。{hint}请用省级行政区的全称或简称，如 浙江 或 浙江省。")
    return full


_SHARED: dict = {}


def _one_briefing(name, pdf_worker=None) -> list[str]:
    """One briefing in a worker (or, alone, in the main process with its PDF worker): a province by
    name, or a city, district or industry (a regions.Area)."""
    s = _SHARED
    if isinstance(name, str):
        return [str(p) for p in write_briefing(s["stats"], s["config"], s["dataset"], name, s["out"],
                                               s["formats"], cache_dir=s["cache"], pdf_worker=pdf_worker)]
    from .stats import briefs
    block = briefs.block(s["stats"], name, s["config"].briefing_min_companies, s.get("city_peers"), s.get("city_ranks"),
                         s.get("star_rows"))
    return [str(p) for p in write_area_briefing(s["stats"], s["config"], s["dataset"], name, block, s["out"],
                                                s["formats"], cache_dir=s["cache"], pdf_worker=pdf_worker)]


def _pool_worker(parent_pid: int) -> None:
    """A briefing worker: Ctrl-C is the main process's to handle (it stops the pool), and the
    worker ends with the main process, even when that is killed."""
    import signal
    from .runtime import die_with_parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent_pid)


def _parallel_briefings(stats, config, dataset, names, out, formats, progress, jobs) -> list[Path]:
    import multiprocessing as mp
    import os
    _SHARED.update(stats=stats, config=config, dataset=dataset, out=out, formats=formats, cache=chart_cache_dir())
    jobs = jobs or os.cpu_count() or 1
    import weasyprint  # noqa: F401  - imported once here, inherited by the forked workers
    paths: list[Path] = []
    kinds = {"省份" if isinstance(n, str) else {"city": "城市", "district": "区县", "industry": "产业领域"}[n.kind] for n in names}
    with progress.stage(f"生成 {len(names)} 份{'、'.join(sorted(kinds))}简报（{jobs} 个进程）"):
        if jobs == 1:
            results = map(_one_briefing, names)
            for k, (name, files) in enumerate(zip(names, results), start=1):
                progress.say(f"  [{k}/{len(names)}] {getattr(name, 'label', name)}")
                paths += [Path(f) for f in files]
        else:
            with mp.get_context("fork").Pool(jobs, initializer=_pool_worker, initargs=(os.getpid(),)) as pool:
                for k, (name, files) in enumerate(zip(names, pool.imap(_one_briefing, names)), start=1):
                    progress.say(f"  [{k}/{len(names)}] {getattr(name, 'label', name)}")
                    paths += [Path(f) for f in files]
    return paths


def run_audit(data, config_path, as_of, out: Path | None, progress: Progress = QUIET, engine: str = "auto"):
    """The audit's result, or the one line saying there is nothing to compare (other data or cut-off)."""
    from .audit import audit
    config, dataset, stats = prepare(data, config_path, as_of, progress, engine)
    if not edition.audit_applies(dataset, stats.as_of):
        return edition.nothing_to_audit(dataset, stats.as_of)
    with progress.stage("复现审计"):
        result = audit(stats.summary)
    if out is not None:
        with atomic_output(out) as staging:
            from .render.tables import write_csv       # spreadsheet-safe text cells
            write_csv(result.table, staging / "audit.csv")
    return result
