"""What several test files share, built once per session.

- `bundled_build`: the bundled sample's report and the 浙江 briefing, PDF and HTML, as `giantreport build` and
  `giantreport province 浙江` write them (test_render, test_layout, test_style, test_edition read them).
- `bundled_prepared`: (config, dataset, stats) of the bundled sample with the default configuration.
- `generated_sample`: `giantreport sample-data` run once as its own process. It is started as soon as the
  collected tests include tests/test_sample.py, so it runs beside the other tests on the second core.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1656547200"          # 2022-06-30T00:00:00Z: no build time in the files
SAMPLE_SEED = "2022"

_sample_run: dict = {}


def _start_sample_generator() -> None:
    out = Path(tempfile.mkdtemp(prefix="giantreport-sample-"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-m", "giantreport.cli", "-q", "sample-data", "--out", str(out / "sample"),
                             "--seed", SAMPLE_SEED], cwd=out, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _sample_run.update(proc=proc, out=out)


def pytest_collection_finish(session):
    # after -k / -m selection: only when a test of tests/test_sample.py will run
    if any(item.path.name == "test_sample.py" for item in session.items) and not _sample_run:
        _start_sample_generator()


def pytest_sessionfinish(session, exitstatus):
    proc = _sample_run.get("proc")
    if proc is not None:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
        shutil.rmtree(_sample_run["out"], ignore_errors=True)


@pytest.fixture(scope="session")
def generated_sample() -> tuple[Path, int, bytes]:
    """(output folder, exit code, stderr) of `python -m giantreport.cli -q sample-data --seed 2022`."""
    if not _sample_run:                  # collected some other way: start it now
        _start_sample_generator()
    _, err = _sample_run["proc"].communicate(timeout=900)
    return _sample_run["out"] / "sample", _sample_run["proc"].returncode, err


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory) -> dict[str, Path]:
    """The bundled report and the 浙江 briefing built by the CLI (PDF and HTML), from an empty working folder."""
    from giantreport.cli import main

    out = tmp_path_factory.mktemp("bundled-build")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.chdir(tmp_path_factory.mktemp("bundled-cwd"))
        assert main(["-q", "build", "--out", str(out)]) == 0
        assert main(["-q", "province", "浙江", "--out", str(out)]) == 0
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
