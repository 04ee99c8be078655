"""The command line, driven three ways: click's CliRunner on `giantreport.cli.cli`, the entry point
`giantreport.cli.main(argv)` (plain error messages, exit codes 1 user error / 2 usage error / 3 internal),
and a real `python -m giantreport.cli` process.

Fixture: tests/fixtures/small (5 companies, 9 patent rows, deliberately untidy spellings such as 第一批,
浙江, 宁波 as a province, 2016/6/30). Numbers expected from it are worked out by hand in the comments.
Every test runs in an empty temporary working folder (so no giantreport.toml is picked up) with its own
cache folder (XDG_CACHE_HOME), so nothing from the developer's machine leaks in.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from giantreport import __version__
from giantreport.cli import cli, main
from giantreport.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small"
COMMANDS = ["validate", "stats", "build", "province", "audit", "sample-data", "init"]


@pytest.fixture(scope="session")
def cache_home(tmp_path_factory):
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch, cache_home):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    return work


def sub(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`python -m giantreport.cli ARGS` in a fresh process, with this checkout on the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "giantreport.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="giantreport", catch_exceptions=False)


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_plain_error(err: str, *fragments: str):
    assert "Traceback" not in err and 'File "' not in err, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def bad_data(folder: Path) -> Path:
    """A data folder that fails validation: negative employees, a duplicate ID, an unknown province."""
    folder.mkdir()
    (folder / "companies.csv").write_text(
        "企业ID,企业名称,批次,省份,城市,区县,产业领域,具体产业类别,参保人数,成立日期,上市板块,一级市场融资\n"
        "C1,甲公司,1,火星,杭州,西湖区,新材料,先进石化化工新材料,-5,2000-06-30,创业板,是\n"
        "C1,乙公司,1,浙江省,宁波市,鄞州区,新材料,先进无机非金属材料,300,2010,新三板,否\n", encoding="utf-8")
    return folder


# ------------------------------------------------------------------ --version and --help

def test_version(isolated):
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout == f"giantreport {__version__}\n"
    p = sub("--version", cwd=isolated)
    assert p.returncode == 0 and p.stdout == f"giantreport {__version__}\n" and p.stderr == ""


def test_top_level_help_lists_every_command_with_examples(isolated):
    result = invoke("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", result.stdout, re.M), command
    assert "giantreport build" in result.stdout and "giantreport province 浙江" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_shows_examples(command, isolated):
    for text in (invoke(command, "--help").stdout, sub(command, "-h", cwd=isolated).stdout):
        assert text.startswith(f"Usage: giantreport {command}")
        assert "示例" in text
        examples = text.split("示例", 1)[1].split("Options:", 1)[0]
        assert re.search(rf"^\s+giantreport {command}\b", examples, re.M), text


# ------------------------------------------------------------------ init

def test_init_writes_a_commented_config_and_refuses_to_overwrite(isolated, capsys):
    result = invoke("init")
    assert result.exit_code == 0 and "giantreport.toml" in result.stdout
    path = isolated / "giantreport.toml"
    text = path.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 5                               # a commented file, not a bare dump
    assert "# invention_grant_rate" in text                  # present but commented out (not a default)
    data = tomllib.loads(text)
    # the cut-off and edition follow the data unless written: both are shown, commented out
    assert "as_of" not in data["report"] and '# as_of = "2022-06-30"' in text and "# edition_year" in text
    assert data["report"]["benchmarks_other_year"] == "mark"
    assert data["radar"]["quality"] == {"invention_density": 0.5, "invention_application_share": 0.5}
    assert data["stars"]["count"] == 10
    cfg = load_config(path)                                  # what the other commands read
    assert cfg.source == str(path) and cfg.star_count == 10

    # a second init refuses, names the file and the way out; the file is untouched
    path.write_text("# mine\n", encoding="utf-8")
    code, out, err = run_main(capsys, "init")
    assert code == 1
    assert_plain_error(err, "giantreport.toml", "已存在", "--force")
    assert path.read_text(encoding="utf-8") == "# mine\n"
    # --force overwrites
    code, out, err = run_main(capsys, "init", "--force")
    assert code == 0 and path.read_text(encoding="utf-8") == text


def test_init_as_a_process(isolated):
    p = sub("init", "--path", "my.toml", cwd=isolated)
    assert p.returncode == 0 and "my.toml" in p.stdout
    written = (isolated / "my.toml").read_bytes()
    p = sub("init", "--path", "my.toml", cwd=isolated)
    assert p.returncode == 1
    assert_plain_error(p.stderr, "my.toml", "已存在", "--force")
    assert (isolated / "my.toml").read_bytes() == written


def test_init_into_a_missing_folder_is_a_plain_error(isolated, capsys):
    code, _, err = run_main(capsys, "init", "--path", str(isolated / "no" / "such" / "giantreport.toml"))
    assert code == 1
    assert_plain_error(err, "无法写入", "giantreport.toml")


# ------------------------------------------------------------------ validate

def test_validate(isolated, capsys):
    result = invoke("validate", "--data", str(SMALL))
    assert result.exit_code == 0
    assert "校验通过" in result.stdout and "5 家企业" in result.stdout and "9 条专利记录" in result.stdout
    bad = bad_data(isolated.parent / "bad")
    code, out, err = run_main(capsys, "validate", "--data", str(bad))
    assert code == 1
    assert_plain_error(err, "✗", "参保人数", "企业ID", "省份", "数据校验未通过")
    p = sub("validate", "--data", str(bad), cwd=isolated)
    assert p.returncode == 1
    assert_plain_error(p.stderr, "✗", "数据校验未通过")


def test_missing_data_folder(isolated, capsys):
    code, _, err = run_main(capsys, "stats", "--data", str(isolated / "nowhere"), "--out", "o")
    assert code == 1
    assert_plain_error(err, "找不到数据文件夹", "nowhere")
    assert not (isolated / "o").exists()


# ------------------------------------------------------------------ stats

def test_stats_on_the_small_fixture(isolated):
    out = isolated / "stats"
    # the cut-off given (without it D is the fixture's latest patent date, 2022-08-01: tests/test_edition.py)
    result = invoke("stats", "--data", str(SMALL), "--as-of", "2022-06-30", "--out", str(out))
    assert result.exit_code == 0
    assert "已写出" in result.stdout and str(out) in result.stdout
    names = {p.name for p in out.iterdir()}
    assert {"summary.json", "giantreport-stats.xlsx", "fig-1-1.csv", "table-4-1.csv"} <= names
    assert not [n for n in names if n.startswith(".")]        # no staging folder left behind
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # by hand, D = 2022-06-30:
    assert s["as_of"] == "2022-06-30"
    assert s["companies"] == 5
    assert s["batches"] == {"1": 2, "2": 3}                  # 第一批 and 1 are batch 1
    assert s["employees_mean"] == pytest.approx(250.0)       # (100 + 300 + 200 + 400) / 4, C3 unknown
    assert s["listed_count"] == 2                            # C1 创业板, C3 主板;港交所 (新三板 is not listed)
    assert s["financed_count"] == 2                          # C1 是, C3 1
    # applications ≤ D: C1 CN1 CN2 CN3 (CN4 published 2022-07-15), C2 CN5 CN6, C3 CN7 CN8, C4 CN9 → 8 / 5
    assert s["applications_mean"] == pytest.approx(1.6)
    # valid inventions: CN1, CN7, CN8 (CN2 granted after D, CN5 失效) → 3 / 5
    assert s["valid_inventions_mean"] == pytest.approx(0.6)
    assert s["invention_grant_rate"] == pytest.approx(0.8)  # grants CN1 CN5 CN7 CN8 / inventions CN1 CN2 CN5 CN7 CN8
    assert s["pct_buckets"] == {"0": 3, "1-9": 2, "10-100": 0, ">100": 0}   # C1 1 (CN2), C3 2 (CN7 CN8)
    assert s["provinces"]["浙江省"]["companies"] == 3          # C1 浙江, C2 浙江省, C4 宁波 → 浙江省


def test_stats_quiet_and_as_a_process_give_the_same_files(isolated):
    a, b = isolated / "a", isolated / "b"
    result = invoke("-q", "stats", "--data", str(SMALL), "--out", str(a))
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""   # -q: silence
    p = sub("stats", "--data", str(SMALL), "--out", str(b), cwd=isolated)
    assert p.returncode == 0, p.stderr
    assert "已写出" in p.stdout
    assert "读取并校验数据" in p.stderr or "写出统计文件" in p.stderr   # stage lines go to stderr
    assert snapshot(a) == snapshot(b)


def test_as_of_option(isolated, capsys):
    out = isolated / "o"
    assert invoke("-q", "stats", "--data", str(SMALL), "--as-of", "2022-12-31", "--out", str(out)).exit_code == 0
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["as_of"] == "2022-12-31"
    assert (s["applications_growth"]["from_year"], s["applications_growth"]["to_year"]) == (2021, 2022)


@pytest.mark.parametrize("bad", ["2022-13-45", "30/06/2022", "yesterday"])
def test_bad_as_of_is_a_clear_usage_error(bad, isolated, capsys):
    code, out, err = run_main(capsys, "stats", "--data", str(SMALL), "--as-of", bad, "--out", "o")
    assert code == 2                                         # click's exit code for a bad option value
    assert_plain_error(err, "--as-of", "YYYY-MM-DD", bad)
    assert not (isolated / "o").exists()
    p = sub("stats", "--data", str(SMALL), "--as-of", bad, "--out", "o", cwd=isolated)
    assert p.returncode == 2
    assert_plain_error(p.stderr, "--as-of", "YYYY-MM-DD", bad)


def test_bad_as_of_in_the_config_names_the_file(isolated, capsys):
    cfg = isolated / "c.toml"
    cfg.write_text('[report]\nas_of = "2022-02-30"\n', encoding="utf-8")
    code, _, err = run_main(capsys, "stats", "--data", str(SMALL), "--config", str(cfg), "--out", "o")
    assert code == 1
    assert_plain_error(err, str(cfg), "report.as_of", "2022-02-30")


# ------------------------------------------------------------------ config errors

@pytest.mark.parametrize("content, fragment", [
    (b'[report\ntitle = "x"\n', "格式错误"),                                   # malformed TOML
    ('[report]\ntitle = "浙江"\n'.encode("gbk"), "无法读取配置文件"),          # not UTF-8
    (b"[radar.quality]\ninvention_density = -1\n", "radar.quality"),        # a negative weight
])
def test_unreadable_config_is_a_plain_error_naming_the_file(content, fragment, isolated, capsys):
    cfg = isolated / "broken.toml"
    cfg.write_bytes(content)
    code, _, err = run_main(capsys, "stats", "--data", str(SMALL), "--config", str(cfg), "--out", "o")
    assert code == 1
    assert_plain_error(err, str(cfg), fragment)
    assert not (isolated / "o").exists()
    p = sub("stats", "--data", str(SMALL), "--config", str(cfg), "--out", "o", cwd=isolated)
    assert p.returncode == 1
    assert_plain_error(p.stderr, str(cfg), fragment)


def test_missing_config_file(isolated, capsys):
    # validate reads the configuration too, so a wrong --config is reported there and not silently ignored
    code, _, err = run_main(capsys, "validate", "--data", str(SMALL), "--config", str(isolated / "nope.toml"))
    assert code == 1
    assert_plain_error(err, "找不到配置文件", "nope.toml")


def test_a_giantreport_toml_in_the_working_folder_is_read(isolated):
    # init, then lower stars.count: the star tables in the working folder's run follow it
    assert invoke("init").exit_code == 0
    path = isolated / "giantreport.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("count = 10", "count = 1"), encoding="utf-8")
    out = isolated / "o"
    assert invoke("-q", "stats", "--data", str(SMALL), "--out", str(out)).exit_code == 0
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert len(s["stars"]["新材料"]) == 1                    # C1 C4 are 新材料; one star only


# ------------------------------------------------------------------ output folder not writable

def test_output_folder_under_a_regular_file(isolated, capsys):
    blocker = isolated / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for command in (["stats"], ["build", "--format", "html"], ["province", "浙江", "--format", "html"]):
        code, _, err = run_main(capsys, *command, "--data", str(SMALL), "--out", str(blocker / "sub"))
        assert code == 1, command
        assert_plain_error(err, "无法写入输出文件夹", str(blocker / "sub"))
    assert blocker.read_text(encoding="utf-8") == "x"
    p = sub("stats", "--data", str(SMALL), "--out", str(blocker / "sub"), cwd=isolated)
    assert p.returncode == 1
    assert_plain_error(p.stderr, "无法写入输出文件夹")
    # sample-data fails the same way at once, before the long generation
    code, _, err = run_main(capsys, "sample-data", "--out", str(blocker / "sub"))
    assert code == 1
    assert_plain_error(err, "无法写入输出文件夹")


def test_output_folder_that_is_a_file(isolated, capsys):
    blocker = isolated / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run_main(capsys, "stats", "--data", str(SMALL), "--out", str(blocker))
    assert code == 2                                         # rejected by the option type itself
    assert_plain_error(err, "--out", "is a file")


# ------------------------------------------------------------------ earlier outputs survive a failed run

def test_earlier_outputs_survive_a_failed_run(isolated, capsys):
    out = isolated / "D"
    assert invoke("-q", "stats", "--data", str(SMALL), "--out", str(out)).exit_code == 0
    before = snapshot(out)
    assert "summary.json" in before
    bad = bad_data(isolated.parent / "bad")
    code, _, err = run_main(capsys, "stats", "--data", str(bad), "--out", str(out))
    assert code == 1 and "数据校验未通过" in err
    assert snapshot(out) == before
    p = sub("stats", "--data", str(bad), "--out", str(out), cwd=isolated)
    assert p.returncode == 1
    assert snapshot(out) == before
    code, _, _ = run_main(capsys, "stats", "--data", str(SMALL), "--as-of", "2022-02-30", "--out", str(out))
    assert code == 2
    assert snapshot(out) == before


def test_a_crash_while_writing_leaves_earlier_outputs_alone(isolated, capsys, monkeypatch):
    out = isolated / "D"
    assert invoke("-q", "stats", "--data", str(SMALL), "--out", str(out)).exit_code == 0
    before = snapshot(out)

    def half_written(stats, staging):
        (Path(staging) / "summary.json").write_text("{ truncated", encoding="utf-8")
        raise RuntimeError("disk full (simulated)")

    import giantreport.render.tables as tables
    monkeypatch.setattr(tables, "write_stats", half_written)
    code, _, err = run_main(capsys, "stats", "--data", str(SMALL), "--as-of", "2022-12-31", "--out", str(out))
    assert code == 3                                         # an internal error, in plain words
    assert_plain_error(err, "内部错误", "disk full (simulated)", "--verbose")
    assert snapshot(out) == before                           # no half-written summary.json, no staging folder
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


# ------------------------------------------------------------------ build and province

def test_build_html_on_the_small_fixture(isolated):
    out = isolated / "report"
    result = invoke("build", "--data", str(SMALL), "--format", "html", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report-2022.html"]     # html only, no PDF
    html = (out / "report-2022.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "</html>" in html
    assert f"已生成 {out / 'report-2022.html'}" in result.stdout
    out2 = isolated / "report2"
    p = sub("build", "--data", str(SMALL), "--format", "html", "--out", str(out2), cwd=isolated)
    assert p.returncode == 0, p.stderr
    assert sorted(x.name for x in out2.iterdir()) == ["report-2022.html"]


def test_bad_format_is_a_usage_error(isolated, capsys):
    code, _, err = run_main(capsys, "build", "--data", str(SMALL), "--format", "odt", "--out", "o")   # docx is one now
    assert code == 2
    assert_plain_error(err, "--format", "odt", "pdf")


def test_province_html_on_the_small_fixture(isolated):
    out = isolated / "briefing"
    result = invoke("province", "浙江", "--data", str(SMALL), "--format", "html", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["province-浙江省-2022.html"]   # the short name resolved
    assert "浙江省" in (out / "province-浙江省-2022.html").read_text(encoding="utf-8")
    out2 = isolated / "briefing2"
    p = sub("province", "浙江省", "--data", str(SMALL), "--format", "html", "--out", str(out2), cwd=isolated)
    assert p.returncode == 0, p.stderr
    assert sorted(x.name for x in out2.iterdir()) == ["province-浙江省-2022.html"]


def test_a_city_with_provincial_planning_status_names_its_province(isolated, capsys):
    code, _, err = run_main(capsys, "province", "宁波", "--data", str(SMALL), "--format", "html", "--out", "o")
    assert code == 0, err
    assert "宁波市是计划单列市，简报按其所在的浙江省生成" in err
    assert sorted(p.name for p in (isolated / "o").iterdir()) == ["province-浙江省-2022.html"]


def test_unknown_province_lists_close_matches(isolated, capsys):
    code, _, err = run_main(capsys, "province", "浙疆", "--data", str(SMALL), "--format", "html", "--out", "o")
    assert code == 1
    assert_plain_error(err, "不认识的省份“浙疆”", "浙江省", "新疆维吾尔自治区")   # the two closest names
    assert not (isolated / "o").exists()
    p = sub("province", "浙江x", "--data", str(SMALL), "--format", "html", "--out", "o", cwd=isolated)
    assert p.returncode == 1
    assert_plain_error(p.stderr, "不认识的省份", "浙江省")


def test_province_without_companies_in_the_data(isolated, capsys):
    # 新疆 is a real province, but the small fixture has companies only in 浙江省, 北京市, 广东省
    code, _, err = run_main(capsys, "province", "新疆", "--data", str(SMALL), "--format", "html", "--out", "o")
    assert code == 1
    assert_plain_error(err, "新疆维吾尔自治区", "浙江省", "北京市", "广东省")


@pytest.mark.parametrize("args", [[], ["浙江", "--all"]])
def test_province_needs_exactly_one_of_name_and_all(args, isolated, capsys):
    code, _, err = run_main(capsys, "province", *args, "--data", str(SMALL), "--format", "html", "--out", "o")
    assert code == 1
    assert_plain_error(err, "省份名称", "--all")
    p = sub("province", *args, "--data", str(SMALL), "--format", "html", "--out", "o", cwd=isolated)
    assert p.returncode == 1
    assert_plain_error(p.stderr, "--all")


# ------------------------------------------------------------------ audit and sample-data

def test_audit_on_the_bundled_data(isolated):
    out = isolated / "audit"
    p = sub("audit", "--out", str(out), cwd=isolated)
    assert p.returncode == 0, p.stderr
    last = p.stdout.strip().splitlines()[-2]                 # the summary line, then "已写出 …/audit.csv"
    m = re.search(r"可核对的公开数字 (\d+) 个，其中 (\d+) 个在公布精度内一致", last)
    assert m and int(m.group(1)) >= 737 and int(m.group(2)) >= 737, p.stdout
    assert p.stdout.strip().splitlines()[-1] == f"已写出 {out}/audit.csv"
    header = (out / "audit.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "编号,图表,指标,公布值,复现值,差值,状态,说明"
    result = invoke("-q", "audit")                           # in-process, same data: the same summary line
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1] == last


def test_sample_data_needs_out(isolated, capsys):
    code, _, err = run_main(capsys, "sample-data")
    assert code == 2
    assert_plain_error(err, "--out")
