"""What several test files share, built once per run.

- `bundled_build`: the bundled sample's report and the 浙江 briefing, PDF and HTML, as `giantreport build` and
  `giantreport province 浙江` write them (test_render, test_layout, test_style, test_edition read them).
- `bundled_prepared`: (config, dataset, stats) of the bundled sample with the default configuration.
- `generated_sample`: `giantreport sample-data` run once as its own process.

The two builds are jobs: each starts as its own process as soon as the selected tests include one that
needs it, runs beside the tests, and is shared by every pytest-xdist worker of the run (pyproject.toml runs
the suite in one worker per CPU; `-n 0` runs it in one process).
"""
from __future__ import annotations

import compileall
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1656547200"          # 2022-06-30T00:00:00Z: no build time in the files
SAMPLE_SEED = "2022"
SHARED_ENV = "GIANTREPORT_TEST_SHARED"

# A job's command runs in a child of this runner, which writes its exit code and stderr to status.json
# when it ends: the pytest worker that waits for it need not be the one that started it.
_RUNNER = """import json, os, subprocess, sys
status, argv = sys.argv[1], sys.argv[2:]
p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
with open(status + ".part", "w", encoding="utf-8") as f:
    json.dump({"returncode": p.returncode, "stderr": p.stderr.decode("utf-8", "replace")}, f)
os.replace(status + ".part", status)
"""


def _bundled_argv(out: Path) -> list[str]:
    code = ("import sys; from giantreport.cli import main; "
            f"sys.exit(main(['-q', 'build', '--out', {str(out)!r}]) or main(['-q', 'province', '浙江', '--out', {str(out)!r}]))")
    return [sys.executable, "-c", code]


def _sample_argv(out: Path) -> list[str]:
    return [sys.executable, "-m", "giantreport.cli", "-q", "sample-data", "--out", str(out / "sample"), "--seed", SAMPLE_SEED]


# name: (the fixture that needs the job, its command given its output folder, extra environment)
JOBS = {
    "bundled": ("bundled_build", _bundled_argv, {"SOURCE_DATE_EPOCH": EPOCH}),
    "sample": ("generated_sample", _sample_argv, {}),
}
_started: dict[str, subprocess.Popen] = {}      # the jobs this process started

# pytest keeps its assertion-rewritten test modules only where bytecode may be written; with
# PYTHONDONTWRITEBYTECODE set every worker would rewrite all of them again at each run (≈ 2.5 s).
# The caches are __pycache__ folders, which git ignores.
sys.dont_write_bytecode = False


def pytest_configure(config):
    if hasattr(config, "workerinput"):            # a pytest-xdist worker: the controller has done this
        return
    # .pyc files as `pip install` writes them: the tests start ~100 giantreport processes, and with
    # PYTHONDONTWRITEBYTECODE set each would compile the package's source again (≈ 0.2 s apiece)
    compileall.compile_dir(ROOT / "giantreport", quiet=1)
    os.environ[SHARED_ENV] = tempfile.mkdtemp(prefix="giantreport-tests-")   # inherited by xdist's workers


def pytest_unconfigure(config):
    # The controller ends the run's jobs, workers never do: xdist stops a worker whose queue is empty while
    # another may still wait for the job it started. Each job is a process group (its runner and the build).
    if not hasattr(config, "workerinput") and os.environ.get(SHARED_ENV):
        shared = Path(os.environ.pop(SHARED_ENV))
        for pid_file in shared.glob("*/pid"):
            if (pid_file.parent / "status.json").exists():
                continue                           # ended (its pid may belong to another process by now)
            try:
                os.killpg(int(pid_file.read_text()), signal.SIGKILL)
            except (OSError, ValueError):
                pass                               # ended meanwhile
        for proc in _started.values():
            proc.wait()
        shutil.rmtree(shared, ignore_errors=True)


def _shared() -> Path:
    return Path(os.environ[SHARED_ENV])


def _start(name: str) -> None:
    """Start job `name` unless some worker of this run has (the first to create its folder wins)."""
    folder = _shared() / name
    try:
        folder.mkdir()
    except FileExistsError:
        return
    _, argv, extra = JOBS[name]
    work = folder / "cwd"                          # an empty working folder: no giantreport.toml is read
    work.mkdir()
    env = {**os.environ, **extra,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-c", _RUNNER, str(folder / "status.json"), *argv(folder / "out")],
                            cwd=work, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    _started[name] = proc
    (folder / "pid.part").write_text(str(proc.pid))  # its process group, for the controller to end
    os.replace(folder / "pid.part", folder / "pid")


def _running(name: str) -> bool:
    """Job `name`'s runner is still there (it writes status.json before it ends)."""
    proc = _started.get(name)
    if proc is not None:
        return proc.poll() is None
    try:
        os.kill(int((_shared() / name / "pid").read_text()), 0)
    except FileNotFoundError:
        return True                                # started this instant: its pid is not written yet
    except OSError:
        return False
    return True


def _result(name: str, timeout: float = 900) -> tuple[Path, int, str]:
    """(output folder, exit code, stderr) of job `name`, started now if no one has; waits for it to end."""
    _start(name)
    status = _shared() / name / "status.json"
    deadline = time.monotonic() + timeout
    while not status.exists():
        if not _running(name) and not status.exists():
            raise RuntimeError(f"{name}: the job's process ended without a result (killed?)")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name}: no result after {timeout:.0f} s")
        time.sleep(0.05)
    done = json.loads(status.read_text(encoding="utf-8"))
    return _shared() / name / "out", done["returncode"], done["stderr"]


def pytest_collection_finish(session):
    # after -k / -m selection, the jobs the selected tests need start beside the tests (on the second core)
    for name, (fixture, _, _) in JOBS.items():
        if any(fixture in getattr(item, "fixturenames", ()) for item in session.items):
            _start(name)


@pytest.fixture(scope="session")
def generated_sample() -> tuple[Path, int, bytes]:
    """(output folder, exit code, stderr) of `python -m giantreport.cli -q sample-data --seed 2022`."""
    out, code, err = _result("sample")
    return out / "sample", code, err.encode("utf-8")


@pytest.fixture(scope="session")
def bundled_build() -> dict[str, Path]:
    """The bundled report and the 浙江 briefing built by the CLI (PDF and HTML), from an empty working folder."""
    out, code, err = _result("bundled")
    assert code == 0, err
    files = {"folder": out, "pdf": out / "report-2022.pdf", "html": out / "report-2022.html",
             "brief_pdf": out / "province-浙江省-2022.pdf", "brief_html": out / "province-浙江省-2022.html"}
    assert all(p.is_file() for p in files.values() if p is not out), sorted(p.name for p in out.iterdir())
    return files


@pytest.fixture(scope="session")
def bundled_prepared(tmp_path_factory):
    """(config, dataset, stats) of the bundled sample, default configuration, from an empty working folder."""
    from giantreport.pipeline import prepare

    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path_factory.mktemp("prepared-cwd"))
        return prepare(None, None, None)
