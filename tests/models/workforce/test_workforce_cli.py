"""The workforce model through the wfsim program: params, validate, run, bad input."""
import os
import pathlib
import subprocess

import pytest

WFSIM = os.environ.get("WFSIM_BIN", "build/release/wfsim")
SOURCE = pathlib.Path(os.environ.get("WFSIM_SOURCE_DIR", "."))
CONFIGS = sorted((SOURCE / "configs").glob("*.yaml"))
WORKFORCE_CONFIGS = [c for c in CONFIGS if "model: workforce" in c.read_text()]


def run(*args, cwd=None):
    return subprocess.run([WFSIM, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def test_the_workforce_model_is_registered_and_documents_its_parameters():
    assert "workforce" in run("models").stdout
    result = run("params", "workforce")
    assert result.returncode == 0
    text = result.stdout
    for key in ["policy.tokens.budget_per_head", "policy.approval.signoffs",
                "policy.pay.ai_premium", "policy.upskilling.capacity_per_1000",
                "policy.mlops.maturity_growth_per_year", "hiring.plan", "schedule",
                "market.ai_premium", "roles.researcher.experiment_rate"]:
        assert f"\n{key}\n" in "\n" + text, key
    assert "unit: M tokens/month" in text
    markdown = run("params", "workforce", "--markdown").stdout
    assert "`org.teams[].archetype`" in markdown


@pytest.mark.parametrize("config", WORKFORCE_CONFIGS, ids=lambda p: p.name)
def test_every_workforce_config_validates(config):
    result = run("validate", str(config))
    assert result.returncode == 0, result.stderr
    assert "valid workforce config" in result.stdout


def test_there_are_the_documented_scenarios():
    names = {c.name for c in WORKFORCE_CONFIGS}
    assert {"baseline.yaml", "permission-constrained.yaml", "ai-enabled.yaml",
            "research-lab-no-mlops.yaml", "mlops-first.yaml", "census-example.yaml"} <= names


def test_run_prints_the_monthly_summary_and_the_early_warning(tmp_path):
    result = run("run", str(SOURCE / "configs" / "baseline.yaml"), "-r", "2",
                 "--set", "simulation.months=12", "--set", "org.scale=0.2",
                 "--set", "early_warning.calibration_replications=19", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    header = out.splitlines()[0].split()
    assert header == ["month", "headcount", "exits", "experiments", "shipped_features", "effort",
                      "survey_engagement"]
    assert "\nearly_warning: " in out
    months = [line.split()[0] for line in out.splitlines()[1:13]]
    assert months == [str(m) for m in range(1, 13)]
    for scalar in ["drain_onset_month", "alarm_month_experiments", "alarm_month_hr",
                   "lead_months_experiments", "annual_attrition"]:
        assert scalar in out


def test_a_bad_census_row_is_one_located_error_and_nothing_runs(tmp_path):
    census = tmp_path / "people.csv"
    census.write_text("employee_id,role,team,manager_id,salary,tenure_months\n"
                      "1,ml_engineer,a,,190000,12\n"
                      "2,ml_enginer,a,1,150000,2\n")
    config = tmp_path / "run.yaml"
    config.write_text("model: workforce\nparameters:\n  org:\n    source: census\n"
                      "    census_file: people.csv\n")
    for command in ("run", "validate"):
        result = run(command, str(config), cwd=tmp_path)
        assert result.returncode == 2
        lines = [l for l in result.stderr.splitlines() if l.strip()]
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"{census}:3:2: error: key 'role': 'ml_enginer' is not one of")
        assert "did you mean 'ml_engineer'" in lines[0]
        assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv", "run.yaml"]


def test_a_bad_schedule_key_is_one_located_error(tmp_path):
    config = tmp_path / "run.yaml"
    config.write_text("model: workforce\nparameters:\n  schedule:\n"
                      "    - {month: 3, key: policy.tokens.budget, value: 2}\n")
    result = run("validate", str(config))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{config}:4:7: error: key 'schedule[0].key': 'policy.tokens.budget' is not a policy.* "
        "or market.* parameter (did you mean 'policy.tokens.budget_per_head'?)")


def test_the_parameter_reference_is_current():
    generated = run("params", "workforce", "--markdown").stdout
    documented = (SOURCE / "docs" / "model" / "parameters.md").read_text()
    table = documented[documented.index("| key |"):]
    assert table == generated, "regenerate docs/model/parameters.md (see its header)"


def test_the_early_warning_table_is_in_the_file_and_the_console(tmp_path):
    import h5py
    import xarray as xr
    import sys
    sys.path.insert(0, str(SOURCE / "scripts" / "python"))
    import wfsim_results

    out = tmp_path / "run.h5"
    result = run("run", str(SOURCE / "configs" / "permission-constrained.yaml"), "-r", "6",
                 "--set", "org.scale=0.2", "--set", "simulation.months=18",
                 "--set", "early_warning.false_alarm_rate=0.1",
                 "--set", "early_warning.calibration_replications=39", "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("early_warning:"))
    header = lines[start + 1].split()
    assert header[:2] == ["indicator", "threshold"]
    assert "alarm_share" in header and "median_lead_months" in header
    rows = {l.split()[0]: l.split()[1:] for l in lines[start + 2:start + 13]}
    assert set(rows) >= {"experiments", "approval_wait_days", "exits", "hr"}

    with xr.open_dataset(out, engine="h5netcdf", group="run_summaries/early_warning") as ds:
        assert list(ds["indicator"].values)[-1] == "hr"
        assert ds["threshold"].attrs["units"] == "1"
        assert ds["median_lead_months"].attrs["units"] == "months"
        assert float(ds["false_alarm_target"].sel(indicator="hr")) == 0.1
        assert float(ds["calibration_replications"].sel(indicator="exits")) == 39
        # In sample, the calibration honours the target by construction.
        assert (ds["false_alarm_rate_calibration"].values <= 0.1 + 1e-12).all()
        # The drain alarms through the calibrated threshold in every run.
        assert float(ds["alarm_share"].sel(indicator="experiments")) == 1.0
    table = wfsim_results.run_summary(out)
    assert table.loc["experiments", "alarm_share"] == 1.0
    assert table.attrs["units"]["lead_ci_low"] == "months"
    with h5py.File(out) as f:
        assert f.attrs["wfsim_format_minor_version"] >= 1
        # The file still opens whole in xarray.
    xr.open_dataset(out, engine="h5netcdf").close()


@pytest.mark.parametrize("setting, key", [
    ("early_warning.false_alarm_rate=0.5", "early_warning.false_alarm_rate"),
    ("early_warning.false_alarm_rate=0", "early_warning.false_alarm_rate"),
    ("early_warning.calibration_replications=10", "early_warning.calibration_replications"),
    ("early_warning.baseline_months=12", "early_warning.baseline_months"),
])
def test_an_unreachable_false_alarm_target_is_one_error_naming_the_key(tmp_path, setting, key):
    result = run("run", str(SOURCE / "configs" / "baseline.yaml"), "-r", "1",
                 "--set", "simulation.months=12", "--set", setting, cwd=tmp_path)
    assert result.returncode == 2
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    assert f"key '{key}'" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_a_confidence_the_calibration_cannot_reach_is_one_error(tmp_path):
    result = run("run", str(SOURCE / "configs" / "baseline.yaml"), "-r", "1",
                 "--set", "early_warning.calibration_confidence=0.9",
                 "--set", "early_warning.calibration_replications=30", cwd=tmp_path)
    assert result.returncode == 2
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    assert "key 'early_warning.calibration_replications'" in lines[0]
    assert "at least 45" in lines[0]


def test_event_tables_that_spill_to_disk_give_the_same_results(tmp_path):
    """A replication's event tables go to the results file a month at a time
    in bounded memory: rows beyond WFSIM_TABLE_BUFFER_BYTES wait in a
    temporary file with no name. With almost no memory for them, so that
    every month's rows spill, the results file and the JSON dump hold what a
    run that keeps every row in memory writes, on 1 thread or 2, and nothing
    is left in TMPDIR."""
    import json

    spill = tmp_path / "spill"
    spill.mkdir()
    common = ["run", str(SOURCE / "configs" / "baseline.yaml"), "-r", "2", "--quiet",
              "--set", "org.scale=0.5", "--set", "simulation.months=24",
              "--set", "output.panel_every_months=6", "--set", "output.shocks=all",
              "--set", "early_warning.calibration_replications=0"]

    def run_with(label, threads, buffer=None, tmpdir=spill):
        env = dict(os.environ, TMPDIR=str(tmpdir))
        env.pop("WFSIM_TABLE_BUFFER_BYTES", None)
        if buffer is not None:
            env["WFSIM_TABLE_BUFFER_BYTES"] = str(buffer)
        out = tmp_path / "out" / label
        out.mkdir(parents=True)
        result = subprocess.run([WFSIM, *common, "-t", str(threads), "-o", str(out / "run.h5"),
                                 "--dump-json", str(out / "run.jsonl")],
                                capture_output=True, text=True, timeout=300, env=env)
        return result, out

    def dump(out):
        lines = [json.loads(line) for line in (out / "run.jsonl").read_text().splitlines()]
        for line in lines:
            del line["wall_seconds"]
        return lines

    runs = {}
    for label, threads, buffer in [("memory", 2, None), ("spilled", 1, 4096), ("spilled2", 2, 0)]:
        result, out = run_with(label, threads, buffer)
        assert result.returncode == 0, result.stderr
        runs[label] = out
    assert list(spill.iterdir()) == []
    tables = 0
    for label in ["spilled", "spilled2"]:
        same = subprocess.run(["h5diff", "--exclude-path", "/provenance",
                               str(runs["memory"] / "run.h5"), str(runs[label] / "run.h5")],
                              capture_output=True, text=True, timeout=60)
        assert same.returncode == 0, same.stdout + same.stderr
        assert dump(runs[label]) == dump(runs["memory"])
    for line in dump(runs["memory"]):
        tables += sum(len(t["employee"]) for t in line["tables"].values())
    assert tables > 10000  # far beyond 4096 bytes

    # The spilled runs did use the temporary directory: without one, they
    # stop with one line, leaving nothing; a run that fits in memory needs none.
    missing = tmp_path / "missing"
    result, out = run_with("no-tmpdir", 1, 4096, missing)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1
    assert lines == [f"wfsim: error: no such file or directory while setting aside event-table "
                     f"rows in a temporary file in {missing} (TMPDIR chooses the directory)"]
    assert list(out.iterdir()) == []
    result, out = run_with("fits", 1, None, missing)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["abc", "-5", "12kB", "99999999999999999999999"])
def test_a_bad_table_buffer_size_is_one_line_and_leaves_no_results(tmp_path, value):
    env = dict(os.environ, WFSIM_TABLE_BUFFER_BYTES=value)
    out = tmp_path / "run.h5"
    result = subprocess.run([WFSIM, "run", str(SOURCE / "configs" / "baseline.yaml"), "-r", "2",
                             "--quiet", "--set", "early_warning.calibration_replications=0",
                             "-o", str(out)], capture_output=True, text=True, timeout=300,
                            env=env)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1
    assert lines == [f"wfsim: error: WFSIM_TABLE_BUFFER_BYTES is '{value}'; it must be a whole "
                     f"number of bytes"]
    assert list(tmp_path.iterdir()) == []
