"""Hostile and broken input, killed processes, poisoned caches (issue [2/8]).

* processes that die together: a SIGKILLed build takes its PDF worker with it; a killed or
  interrupted `province --all` leaves no worker behind, no traceback, and the earlier set of
  briefings whole; staging folders of dead runs are removed by the next run, a live run's never;
* the statistics cache is data (JSON + Arrow), never pickle: a planted pickle is never run and
  any damaged entry is rebuilt;
* every configuration value is checked, with the same plain error (exit 1) in every command;
* a full disk is a plain error with the earlier outputs intact; sample-data does not overwrite
  a folder without --force; `stats --out` leaves only what the run wrote among its own files.

Processes and signals are driven through `python -m giantreport.cli` in a subprocess; the rest
through `giantreport.cli.main` in this process. Small data throughout: tests/fixtures/small
(3 provinces) and a ten-province list written here.
"""
from __future__ import annotations

import errno
import json
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from giantreport import pipeline, stats_cache
from giantreport import stats as stats_module
from giantreport.cli import main
from giantreport.config import RADAR_SUBINDICATORS, load_config
from giantreport.render.pdf_worker import can_fork

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small"
EPOCH = "1656547200"
needs_fork = pytest.mark.skipif(not (can_fork() and Path("/proc/self/stat").exists()),
                                reason="forked workers on Linux with two CPUs")

# ten provinces, one company each (a patent each): `province --all` writes ten briefings
TEN = [("浙江省", "杭州市", "西湖区"), ("江苏省", "南京市", "玄武区"), ("广东省", "深圳市", "南山区"),
       ("北京市", "", "海淀区"), ("上海市", "", "浦东新区"), ("山东省", "济南市", "历下区"),
       ("湖北省", "武汉市", "洪山区"), ("四川省", "成都市", "武侯区"), ("福建省", "厦门市", "思明区"),
       ("湖南省", "长沙市", "岳麓区")]


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return work


def provinces_data(folder: Path, rows=TEN) -> Path:
    folder.mkdir(parents=True)
    companies = ["企业ID,企业名称,批次,省份,城市,区县,产业领域,具体产业类别,参保人数,成立日期,上市板块,一级市场融资"]
    patents = ["企业ID,申请号,专利类型,申请日,公开日,授权日,法律状态,PCT,被引用次数,许可次数,转让次数"]
    for i, (province, city, district) in enumerate(rows, start=1):
        companies.append(f"C{i},公司{i},{1 + i % 3},{province},{city},{district},新材料,先进无机非金属材料,"
                         f"{100 + i},2010-01-01,创业板,否")
        patents.append(f"C{i},CN{i},发明,2019-01-10,2020-03-01,2021-05-01,有效,否,{i},0,0")
    (folder / "companies.csv").write_text("\n".join(companies) + "\n", encoding="utf-8")
    (folder / "patents.csv").write_text("\n".join(patents) + "\n", encoding="utf-8")
    return folder


def briefing_names(rows=TEN, fmt="html") -> set[str]:
    return {f"province-{p}-2022.{fmt}" for p, _, _ in rows}


def env() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def start(*args: str, cwd: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "giantreport.cli", *args], cwd=cwd, env=env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", **kwargs)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "giantreport.cli", *args], cwd=cwd, env=env(),
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


def run_main(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def assert_plain(err: str, *fragments: str) -> None:
    assert "Traceback" not in err and 'File "' not in err, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def staging(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".giantreport-"))


# ------------------------------------------------------------------ processes

def _state(pid: int) -> str | None:
    """The process state letter from /proc (None: no such process)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()[0]


def gone(pid: int) -> bool:
    return _state(pid) in (None, "Z", "X")          # a zombie has ended; only its exit status is left


def children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
                out.append(int(entry))
    return out


def wait_for(condition, timeout: float, step: float = 0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


class Lines:
    """A process's stderr, read line by line in a thread (so that waiting never blocks on the pipe)."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for line in stream:
            self.lines.append(line)

    def seen(self, fragment: str) -> bool:
        return any(fragment in line for line in self.lines)

    def text(self, timeout: float = 10) -> str:
        self.thread.join(timeout)
        return "".join(self.lines)


@needs_fork
def test_a_killed_build_takes_its_pdf_worker_with_it(isolated):
    proc = start("build", "--data", str(SMALL), "--out", "o", cwd=isolated)
    err = Lines(proc.stderr)
    try:
        workers = wait_for(lambda: children(proc.pid), timeout=120)
        assert workers, "the build never started its PDF worker"
        assert not any(gone(w) for w in workers)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        t0 = time.monotonic()
        assert wait_for(lambda: all(gone(w) for w in workers), timeout=5), "the PDF worker outlived the build"
        print(f"worker gone {time.monotonic() - t0:.3f} s after the build was killed")
    finally:
        proc.kill()
        proc.wait()
    assert "Traceback" not in err.text()
    assert not (isolated / "o" / "report-2022.pdf").exists()


@needs_fork
def test_the_pdf_worker_ends_when_its_parent_closes_without_a_word(isolated):
    # without the kernel's help (no prctl: not Linux, or it failed): the worker holds only its own
    # end of the pipe, so the parent's death is an EOF there and it exits
    script = (
        "import sys, time\n"
        "import giantreport.runtime as runtime\n"
        "runtime.die_with_parent = lambda pid: None\n"
        "from giantreport.render.pdf_worker import PdfWorker\n"
        "worker = PdfWorker.start()\n"
        "print(worker.process.pid, flush=True)\n"
        "time.sleep(120)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=isolated, env=env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        worker = int(proc.stdout.readline())
        assert not gone(worker)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        assert wait_for(lambda: gone(worker), timeout=5), "the PDF worker outlived its parent"
    finally:
        proc.kill()
        proc.wait()
    assert "Traceback" not in proc.stderr.read()


@needs_fork
def test_sigint_during_province_all_leaves_the_earlier_set_whole(isolated):
    data = provinces_data(isolated / "ten")
    out = isolated / "briefings"
    out.mkdir()
    for name in briefing_names():                   # an earlier complete set, marked to tell it from a new one
        (out / name).write_text(f"earlier {name}", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(out)

    # Ctrl-C goes to the whole foreground process group: the main process and its pool workers
    proc = start("province", "--all", "--as-of", "2022-06-30", "--jobs", "2", "--format", "html",
                 "--data", str(data), "--out", str(out),
                 cwd=isolated, start_new_session=True)
    err = Lines(proc.stderr)
    try:
        assert wait_for(lambda: err.seen("[1/10]"), timeout=120), err.text(0)
        workers = children(proc.pid)
        assert not err.seen("[10/10]")
        os.killpg(proc.pid, signal.SIGINT)
        code = proc.wait(60)
    finally:
        proc.kill()
        proc.wait()
    text = err.text()
    assert code == 130, text
    assert_plain(text, "之前的输出文件保持不变")
    assert snapshot(out) == before                  # the earlier ten, untouched; none of the new run's
    assert staging(out) == []
    assert wait_for(lambda: all(gone(w) for w in workers), timeout=5)


@needs_fork
def test_a_killed_province_all_leaves_no_worker_and_no_traceback_and_its_staging_goes_next_run(isolated):
    data = provinces_data(isolated / "ten")
    out = isolated / "briefings"
    proc = start("province", "--all", "--as-of", "2022-06-30", "--jobs", "2", "--format", "html",
                 "--data", str(data), "--out", str(out),
                 cwd=isolated)
    err = Lines(proc.stderr)
    try:
        assert wait_for(lambda: err.seen("[1/10]"), timeout=120), err.text(0)
        workers = children(proc.pid)
        assert len(workers) == 2
        os.kill(proc.pid, signal.SIGKILL)           # the main process only, as the OOM killer would
        proc.wait(10)
        assert wait_for(lambda: all(gone(w) for w in workers), timeout=5), "pool workers outlived the run"
    finally:
        proc.kill()
        proc.wait()
    assert "Traceback" not in err.text(), err.text()
    assert not [p for p in out.iterdir() if p.name.startswith("province-")]   # nothing moved in
    assert len(staging(out)) == 1                   # the dead run's staging folder is still there …
    again = run("-q", "stats", "--data", str(SMALL), "--out", str(out), cwd=isolated)
    assert again.returncode == 0, again.stderr
    assert staging(out) == []                       # … until the next run into the same folder


def test_province_all_replaces_the_whole_set(isolated, capsys):
    out = isolated / "b"
    three, two = TEN[:3], TEN[:2]                   # a later list without 广东省
    assert main(["-q", "province", "--all", "--as-of", "2022-06-30", "--jobs", "1", "--format", "html",
                 "--data", str(provinces_data(isolated / "three", three)), "--out", str(out)]) == 0
    assert {p.name for p in out.iterdir()} == briefing_names(three)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "province-广东省-2021.html").write_text("another edition", encoding="utf-8")
    (out / "province-广东省-2022.pdf").write_text("another format", encoding="utf-8")
    assert main(["-q", "province", "--all", "--as-of", "2022-06-30", "--jobs", "1", "--format", "html",
                 "--data", str(provinces_data(isolated / "two", two)), "--out", str(out)]) == 0
    assert {p.name for p in out.iterdir()} == briefing_names(two) | {
        "notes.txt", "province-广东省-2021.html", "province-广东省-2022.pdf"}


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_staging_of_dead_runs_goes_and_of_live_runs_stays(isolated, capsys, tmp_path):
    out = isolated / "o"
    out.mkdir()
    locked = out / f".giantreport-{_dead_pid()}-c3"           # locked by a live run (another pid namespace)
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, os, sys, time\n"
                               "fd = os.open(sys.argv[1], os.O_RDONLY)\nfcntl.flock(fd, fcntl.LOCK_EX)\n"
                               "print('locked', flush=True)\ntime.sleep(120)\n", str(locked)],
                              stdout=subprocess.PIPE, text=True) if locked.mkdir() is None else None
    try:
        assert holder.stdout.readline().strip() == "locked"
        dead = out / f".giantreport-{_dead_pid()}-a1"         # its run was killed
        old = out / ".giantreport-x7k2"                       # an earlier version's name, 2 hours old
        young = out / ".giantreport-q9z8"                     # an earlier version's name, just made
        alive = out / f".giantreport-{holder.pid}-b2"         # a live process's (not locked yet)
        for folder in (dead, old, young, alive, locked):
            folder.mkdir(exist_ok=True)
            (folder / "summary.json").write_text("{}", encoding="utf-8")
        two_hours_ago = time.time() - 7200
        os.utime(old, (two_hours_ago, two_hours_ago))
        code, err = run_main(capsys, "-q", "stats", "--data", str(SMALL), "--out", str(out))
    finally:
        holder.kill()
        holder.wait()
    assert code == 0, err
    assert staging(out) == sorted(p.name for p in (young, alive, locked))
    assert (out / "summary.json").is_file()


# ------------------------------------------------------------------ the statistics cache

def _evil_pickle(marker: Path) -> bytes:
    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))
    return pickle.dumps(Evil())


def test_a_planted_pickle_is_never_run(isolated, tmp_path):
    # the payload does run when unpickled …
    probe = tmp_path / "probe"
    pickle.loads(_evil_pickle(probe))
    assert probe.exists()
    # … but the cache never unpickles: planted where the old cache read its pickle, and as the
    # new cache's entry and frame, under the key of this very run (computed in the same process)
    marker = tmp_path / "ran"
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from giantreport import pipeline, stats_cache\nfrom giantreport.config import load_config\n"
        "from giantreport.cli import main\n"
        "payload, data = Path(sys.argv[1]).read_bytes(), Path(sys.argv[2])\n"
        "key = pipeline._stats_key(data, load_config(None))\n"
        "root = stats_cache.cache_dir()\n(root / key).mkdir(parents=True)\n"
        "(root / f'{key}.pickle').write_bytes(payload)\n"
        "(root / key / 'entry.json').write_bytes(payload)\n"
        "(root / key / 'frame-000.arrow').write_bytes(payload)\n"
        "print(key, flush=True)\n"
        "sys.exit(main(['-q', 'stats', '--data', str(data), '--out', 'o']))\n")
    payload = tmp_path / "payload"
    payload.write_bytes(_evil_pickle(marker))
    p = subprocess.run([sys.executable, "-c", script, str(payload), str(SMALL)], cwd=isolated, env=env(),
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert not marker.exists()
    key = p.stdout.strip()
    root = tmp_path / "xdg" / "giantreport" / "stats"
    assert not (root / f"{key}.pickle").exists()              # old pickles are removed, unread
    entry = json.loads((root / key / "entry.json").read_text(encoding="utf-8"))
    assert (entry["format"], entry["version"], entry["key"]) == ("giantreport-stats-cache", 1, key)
    assert json.loads((isolated / "o" / "summary.json").read_text(encoding="utf-8"))["companies"] == 5


@pytest.fixture
def counted(monkeypatch):
    """compute_stats calls counted (the pipeline imports it from giantreport.stats when it runs); the code
    fingerprint fixed (others may edit the code meanwhile)."""
    calls = []
    real = stats_module.compute_stats

    def compute(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(stats_module, "compute_stats", compute)
    monkeypatch.setattr(pipeline, "_code_fingerprint", lambda: "fixed")
    return calls


def _entry(tmp_path) -> Path:
    (entry,) = [p for p in (tmp_path / "xdg" / "giantreport" / "stats").iterdir() if not p.name.startswith(".")]
    return entry


def _edit(field_path: tuple, value):
    def damage(entry: Path):
        data = json.loads((entry / "entry.json").read_text(encoding="utf-8"))
        node = data
        for key in field_path[:-1]:
            node = node[key]
        if value is KeyError:
            del node[field_path[-1]]
        else:
            node[field_path[-1]] = value
        (entry / "entry.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return damage


def _first_frame(entry: Path) -> Path:
    return sorted(entry.glob("frame-*.arrow"))[0]


DAMAGES = {
    "not JSON": lambda e: (e / "entry.json").write_text("{", encoding="utf-8"),
    "empty": lambda e: (e / "entry.json").write_bytes(b""),
    "a list": lambda e: (e / "entry.json").write_text("[]", encoding="utf-8"),
    "entry.json missing": lambda e: (e / "entry.json").unlink(),
    "another version": _edit(("version",), 999),
    "another format": _edit(("format",), "pickle"),
    "another key": _edit(("key",), "0" * 64),
    "a field missing": _edit(("stats", "tables"), KeyError),
    "a field too many": _edit(("stats", "extra"), {"json": 1}),
    "summary of the wrong shape": _edit(("stats", "summary"), {"json": [1, 2, 3]}),
    "as_of not a date": _edit(("stats", "as_of"), {"date": "2022-02-30"}),
    "unknown kind": _edit(("stats", "summary"), {"pickle": "gASV"}),
    "frame outside the entry": _edit(("stats", "companies"), {"frame": "../../../../etc/passwd"}),
    "frame missing": lambda e: _first_frame(e).unlink(),
    "frame garbage": lambda e: _first_frame(e).write_bytes(b"ARROW1 but not really"),
    "frame truncated": lambda e: _first_frame(e).write_bytes(_first_frame(e).read_bytes()[:100]),
}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A cache entry and the files of the run that wrote it (the same key in every test: the code
    fingerprint is fixed, as in `counted`)."""
    base = tmp_path_factory.mktemp("first-run")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(base / "xdg"))
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setattr(pipeline, "_code_fingerprint", lambda: "fixed")
        mp.chdir(base)
        assert main(["-q", "stats", "--data", str(SMALL), "--out", str(base / "a")]) == 0
    return base


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_cache_entry_is_discarded_and_rebuilt(damage, first_run, isolated, tmp_path, counted, capsys):
    import shutil
    shutil.copytree(first_run / "xdg", tmp_path / "xdg")
    DAMAGES[damage](_entry(tmp_path))
    code, err = run_main(capsys, "-q", "stats", "--data", str(SMALL), "--out", "b")
    assert code == 0, err
    assert counted == [1]                                     # computed again, not read from the bad entry
    assert snapshot(isolated / "b") == snapshot(first_run / "a")
    assert main(["-q", "stats", "--data", str(SMALL), "--out", "c"]) == 0
    assert counted == [1]                                     # the rebuilt entry serves the next run
    assert snapshot(isolated / "c") == snapshot(first_run / "a")


def test_an_intact_entry_is_read(first_run, isolated, tmp_path, counted):
    import shutil
    shutil.copytree(first_run / "xdg", tmp_path / "xdg")
    assert main(["-q", "stats", "--data", str(SMALL), "--out", "b"]) == 0
    assert counted == []
    assert snapshot(isolated / "b") == snapshot(first_run / "a")


def test_the_warm_run_reads_the_cache_and_writes_the_same_bytes(isolated, tmp_path, counted):
    args = ["-q", "build", "--format", "html", "--data", str(SMALL)]
    assert main([*args, "--out", "cold"]) == 0
    assert main([*args, "--out", "warm"]) == 0
    assert counted == [1]                                     # the second build computed nothing
    assert snapshot(isolated / "warm") == snapshot(isolated / "cold")
    entry = _entry(tmp_path)
    assert not list(entry.parent.glob("*.pickle"))
    assert {p.suffix for p in entry.iterdir()} == {".json", ".arrow"}


def test_the_cache_gives_back_what_was_stored(isolated):
    import datetime as dt
    import pandas as pd
    config, dataset, stats = pipeline.prepare(SMALL, None, None)
    # values JSON has no word for: number keys, tuples, dates, NaN
    stats.benchmarks = {**stats.benchmarks, "extra": {1: (2, "两"), 2.5: [dt.date(2022, 6, 30), float("nan")]}}
    light = pipeline._light(dataset)
    stats_cache.put("a" * 64, light, stats)
    got_dataset, got = stats_cache.get("a" * 64)
    assert got.benchmarks["extra"][1] == (2, "两")
    assert got.benchmarks["extra"][2.5][0] == dt.date(2022, 6, 30) and got.benchmarks["extra"][2.5][1] != 0.0
    assert list(got.benchmarks) == list(stats.benchmarks)
    assert got.as_of == stats.as_of and type(got.as_of) is type(stats.as_of)
    assert json.dumps(got.summary, ensure_ascii=False) == json.dumps(stats.summary, ensure_ascii=False)
    assert list(got.tables) == list(stats.tables)
    for name, table in stats.tables.items():
        if table is None:
            assert got.tables[name] is None
        else:
            pd.testing.assert_frame_equal(got.tables[name], table, check_exact=True, check_index_type=True,
                                          check_column_type=True)
    pd.testing.assert_frame_equal(got.companies, stats.companies, check_exact=True, check_index_type=True)
    assert list(got.province_sheets) == list(stats.province_sheets)
    for name, sheet in stats.province_sheets.items():
        pd.testing.assert_frame_equal(got.province_sheets[name], sheet, check_exact=True, check_index_type=True)
    pd.testing.assert_frame_equal(got_dataset.companies, dataset.companies, check_exact=True)
    assert len(got_dataset.patents) == len(dataset.patents) == 9               # rows counted, as _light keeps them
    assert (got_dataset.folder, got_dataset.files, got_dataset.notes) == (dataset.folder, dataset.files, dataset.notes)


# ------------------------------------------------------------------ configuration values

CONFIG_ERRORS = [
    ("[radar.quality]\ninvention_dnsity = 0.5\n", ["radar.quality.invention_dnsity", "invention_density",
                                                    "是否想写", "invention_application_share"]),
    ("[stras]\ncount = 3\n", ["stras", "是否想写 stars", "fact_sheets"]),
    ("[report]\ntitel = \"x\"\n", ["report.titel", "report.title"]),
    ("[stars]\ncount = -3\n", ["stars.count", "-3", "1～100"]),
    ("[stars]\ncount = 0\n", ["stars.count", "1～100"]),
    ("[stars]\ncount = 2.5\n", ["stars.count", "2.5"]),
    ("[radar.volume]\napplications = 0\nvalid_inventions = 0\n", ["radar.volume", "全为 0"]),
    ("[radar.volume]\napplications = nan\n", ["radar.volume.applications", "nan"]),
    ("[radar.volume]\napplications = inf\n", ["radar.volume.applications", "inf"]),
    ("[radar.quality]\ninvention_density = -1\n", ["radar.quality.invention_density", "-1"]),
    ("[radar.volume]\napplications = \"0.5\"\n", ["radar.volume.applications", "0.5"]),
    ("[radar]\nvolume = 3\n", ["radar.volume", "3"]),
    ("[stars]\nvolume = 0\nquality = 0\ninfluence = 0\nglobalisation = 0\n", ["stars", "全为 0"]),
    ("[stars]\nvolume = -inf\n", ["stars.volume", "-inf"]),
    ("[report]\nas_of = 9999-12-31\n", ["report.as_of", "9999-12-31", "1990-01-01"]),
    ("[report]\nas_of = \"1900-01-01\"\n", ["report.as_of", "1900-01-01", "1990-01-01"]),
    ("[report]\nas_of = 2022-06-30T12:00:00\n", ["report.as_of", "YYYY-MM-DD"]),
    ("[report]\nedition_year = \"2022\"\n", ["report.edition_year", "2022"]),
    ("[report]\ntitle = \"\"\n", ["report.title"]),
    ("[fact_sheets]\ntop = 100\n", ["fact_sheets.top", "0～34"]),
    ("[fact_sheets]\nprovinces = [\"浙将\"]\n", ["fact_sheets.provinces", "浙将", "浙江省"]),
    ("[fact_sheets]\nprovinces = \"浙江省\"\n", ["fact_sheets.provinces"]),
]


@pytest.mark.parametrize("content, fragments", CONFIG_ERRORS)
def test_every_config_value_is_checked_the_same_way_in_every_command(content, fragments, isolated, capsys):
    cfg = isolated / "c.toml"
    cfg.write_text(content, encoding="utf-8")
    errors = {}
    for command in (["validate"], ["stats", "--out", "o"], ["build", "--format", "html", "--out", "o"],
                    ["province", "浙江", "--format", "html", "--out", "o"], ["audit"]):
        code, err = run_main(capsys, *command, "--data", str(SMALL), "--config", str(cfg))
        assert code == 1, (command, err)
        assert_plain(err, str(cfg), *fragments)
        errors[command[0]] = err
    assert len(set(errors.values())) == 1, errors             # one message, whichever the command
    assert not (isolated / "o").exists()


def test_several_config_problems_are_listed_together(isolated, capsys):
    cfg = isolated / "c.toml"
    cfg.write_text("[stars]\ncount = -3\nvolume = nan\n[report]\nedition_year = 0\n", encoding="utf-8")
    code, err = run_main(capsys, "validate", "--data", str(SMALL), "--config", str(cfg))
    assert code == 1
    assert_plain(err, "3 处问题", "stars.count", "stars.volume", "report.edition_year")


@pytest.mark.parametrize("as_of", ["9999-12-31", "1989-12-31"])
def test_an_implausible_as_of_option_is_a_plain_error(as_of, isolated, capsys):
    for command in (["stats", "--out", "o"], ["build", "--format", "html", "--out", "o"], ["audit"]):
        code, err = run_main(capsys, *command, "--data", str(SMALL), "--as-of", as_of)
        assert code == 1, (command, err)
        assert_plain(err, "--as-of", as_of, "1990-01-01")
    assert not (isolated / "o").exists()


def test_values_at_the_edges_are_accepted(isolated):
    import datetime as dt
    cfg = isolated / "c.toml"
    cfg.write_text(f"[report]\nas_of = {dt.date.today().isoformat()}\n[stars]\ncount = 1\nvolume = 0\n"
                   "[radar.quality]\ninvention_application_share = 0\n"
                   "[fact_sheets]\ntop = 0\nprovinces = [\"浙江\", \"广东省\", \"浙江省\"]\n", encoding="utf-8")
    config = load_config(cfg)
    assert config.star_count == 1 and config.stars["volume"] == 0.0
    assert config.fact_sheet_provinces == ["浙江省", "广东省"]              # short names as full ones, once
    assert config.radar["quality"] == {"invention_density": 0.5, "invention_application_share": 0.0}


def test_the_radar_keys_a_config_may_name_are_those_the_statistics_compute(isolated):
    from giantreport.stats.regions import radar_subindicators
    _, _, stats = pipeline.prepare(SMALL, None, None)
    assert set(RADAR_SUBINDICATORS) == set(radar_subindicators(stats.companies).columns)


# ------------------------------------------------------------------ plain errors

def test_a_full_disk_is_a_plain_error_and_the_earlier_files_stay(isolated, capsys, monkeypatch):
    out = isolated / "o"
    assert main(["-q", "stats", "--data", str(SMALL), "--out", str(out)]) == 0
    before = snapshot(out)

    def full(stats, folder):
        path = Path(folder) / "summary.json"
        path.write_text("{ half", encoding="utf-8")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    import giantreport.render.tables as tables
    monkeypatch.setattr(tables, "write_stats", full)
    code, err = run_main(capsys, "stats", "--data", str(SMALL), "--out", str(out))
    assert code == 1
    assert_plain(err, "磁盘空间不足：", "summary.json", "No space left on device")
    assert snapshot(out) == before and staging(out) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs (needs root and mount; skipped where neither is available)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if p.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {p.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_really_full_disk(small_disk, isolated):
    out = small_disk / "stats"
    first = run("-q", "stats", "--data", str(SMALL), "--out", str(out), cwd=isolated)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    with open(small_disk / "filler", "wb") as fh:              # fill the disk to the last byte
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    again = run("stats", "--data", str(SMALL), "--as-of", "2022-12-31", "--out", str(out), cwd=isolated)
    assert again.returncode == 1, again.stderr
    assert_plain(again.stderr, "磁盘空间不足：")
    assert snapshot(out) == before and staging(out) == []


def test_sample_data_does_not_overwrite_a_folder_without_force(isolated, capsys, monkeypatch):
    out = isolated / "样例"
    out.mkdir()
    (out / "companies.parquet").write_bytes(b"the user's own list")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(out)
    code, err = run_main(capsys, "sample-data", "--out", str(out))
    assert code == 1
    assert_plain(err, str(out), "不为空", "--force")
    assert snapshot(out) == before

    def write(folder, seed):                                  # the real generator takes a while
        paths = [Path(folder) / "companies.parquet", Path(folder) / "patents.parquet"]
        for path in paths:
            path.write_bytes(f"sample {seed}".encode())
        return paths
    import giantreport.sample as sample
    monkeypatch.setattr(sample, "write", write)
    code, err = run_main(capsys, "-q", "sample-data", "--out", str(out), "--force")
    assert code == 0, err
    assert snapshot(out) == {"companies.parquet": b"sample 2022", "patents.parquet": b"sample 2022",
                             "notes.txt": "mine".encode()}
    # an empty folder (or one holding only a dead run's staging) needs no --force
    empty = isolated / "empty"
    (empty / f".giantreport-{_dead_pid()}-x").mkdir(parents=True)
    code, err = run_main(capsys, "-q", "sample-data", "--out", str(empty))
    assert code == 0, err
    assert sorted(p.name for p in empty.iterdir()) == ["companies.parquet", "patents.parquet"]


def test_stats_out_holds_only_what_the_run_wrote_among_its_own_files(isolated, capsys):
    out = isolated / "o"
    out.mkdir()
    stale = ["province-火星省.csv", "province-西藏自治区.csv", "fig-9-9.csv", "table-9-1.csv"]
    for name in stale:
        (out / name).write_text("from an earlier dataset", encoding="utf-8")
    mine = ["notes.txt", "my-province-notes.csv", "report-2022.pdf"]
    for name in mine:
        (out / name).write_text("the user's", encoding="utf-8")
    code, err = run_main(capsys, "-q", "stats", "--data", str(SMALL), "--out", str(out))
    assert code == 0, err
    names = {p.name for p in out.iterdir()}
    assert not names & set(stale)
    assert set(mine) <= names
    # the small fixture's provinces by hand: 浙江 (C1, C2, 宁波 C4), 北京 (C3), 广东 (C5): all three get a sheet
    assert {n for n in names if n.startswith("province-")} == {"province-浙江省.csv", "province-北京市.csv",
                                                                "province-广东省.csv"}
    assert {"summary.json", "giantreport-stats.xlsx", "fig-1-1.csv", "table-4-1.csv"} <= names


def test_ctrl_c_during_the_commit_finishes_the_set_and_says_so(tmp_path, monkeypatch):
    import signal
    from giantreport import output
    real_commit = output._commit

    def commit_interrupted(staging, out, replaces):
        signal.raise_signal(signal.SIGINT)          # held until the moves are done
        real_commit(staging, out, replaces)

    monkeypatch.setattr(output, "_commit", commit_interrupted)
    with pytest.raises(output.InterruptedAfterCommit):
        with output.atomic_output(tmp_path / "out") as staging:
            (staging / "a.csv").write_text("x", encoding="utf-8")
    assert (tmp_path / "out" / "a.csv").read_text(encoding="utf-8") == "x"


def test_a_new_report_title_reuses_the_statistics_but_a_new_weight_does_not(tmp_path):
    from giantreport.config import load_config
    from giantreport.pipeline import _stats_key
    from giantreport.data.bundled import default_data_dir
    folder = default_data_dir()
    base = tmp_path / "a.toml"
    base.write_text('[report]\ntitle = "甲"\n', encoding="utf-8")
    retitled = tmp_path / "b.toml"
    retitled.write_text('[report]\ntitle = "乙"\npublisher = "某厅"\n', encoding="utf-8")
    reweighted = tmp_path / "c.toml"
    reweighted.write_text('[report]\ntitle = "甲"\n[stars]\nvolume = 0.4\nquality = 0.1\n', encoding="utf-8")
    key = _stats_key(folder, load_config(base))
    assert _stats_key(folder, load_config(retitled)) == key
    assert _stats_key(folder, load_config(reweighted)) != key
