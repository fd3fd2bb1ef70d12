"""Cells of table parameters (TABLE[ROW].COLUMN) end to end: a workforce
sweep over a hiring plan's count and month, the file it writes, shards and
merge, the ranking and the report; `--set` of a cell on run; bad cells."""
import sys

import pytest
import xarray as xr

from sweep_helpers import SOURCE, h5diff, wfsim

sys.path.insert(0, str(SOURCE / "scripts" / "python"))

# Twelve people and twelve months: every run takes milliseconds.
ORG = """\
model: workforce
seed: 3
replications: 2
parameters:
  simulation: {months: 12, warmup_months: 3, history_months: 6}
  org:
    teams:
      - {archetype: custom, teams: 2, researcher: 4, ml_engineer: 2}
  hiring:
    plan:
      - {month: 2, role: researcher, count: 10}
  early_warning: {calibration_replications: 0}
"""

STAFF = "outcomes:\n  staff: {series: headcount, at: 12}\n"
CELL = "hiring.plan[0].count"


def write(folder, name, text):
    path = folder / name
    path.write_text(text)
    return path


def grid_sweep(folder, factor=f"  {CELL}: [1, 15, 30]\n"):
    write(folder, "org.yaml", ORG)
    return write(folder, "grid.yaml",
                 "base: org.yaml\ndesign: {type: grid}\nparameters:\n" + factor + STAFF)


def test_a_grid_over_a_cell_moves_the_outcome_and_names_the_factor(tmp_path):
    out = tmp_path / "grid.h5"
    result = wfsim("sweep", grid_sweep(tmp_path), "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    with xr.open_dataset(out, engine="h5netcdf") as ds:
        assert list(ds["parameter"].values) == [CELL]
        assert list(ds["design"].sel(parameter=CELL).values) == [1.0, 15.0, 30.0]
        staff = ds["outcome_mean"].sel(outcome="staff").values
    # More hires, more staff at month 12, by a clear margin each step.
    assert staff[1] > staff[0] + 5 and staff[2] > staff[1] + 5, staff


def test_two_cells_of_one_table_in_a_morris_sweep_shard_merge_rank_and_report(tmp_path):
    write(tmp_path, "org.yaml", ORG)
    sweep = write(tmp_path, "morris.yaml",
                  "base: org.yaml\n"
                  "design: {type: morris, trajectories: 4, levels: 4, bootstrap: 20}\n"
                  "parameters:\n"
                  f"  {CELL}: {{min: 1, max: 30}}\n"
                  "  hiring.plan[0].month: {min: 1, max: 6}\n"
                  "  policy.pay.ai_premium: {min: 0, max: 0.2}\n" + STAFF)
    whole = tmp_path / "m.h5"
    result = wfsim("sweep", sweep, "-o", whole)
    assert result.returncode == 0, result.stderr
    # The ranking printed on the console names the cells.
    assert CELL in result.stdout and "hiring.plan[0].month" in result.stdout, result.stdout
    for i in range(3):
        assert wfsim("sweep", sweep, "-o", tmp_path / "s.h5", "--shard", f"{i}/3",
                     "-q").returncode == 0
    shards = sorted(tmp_path.glob("s.shard-*-of-3.h5"))
    merged = tmp_path / "merged.h5"
    result = wfsim("merge", *shards, "-o", merged)
    assert result.returncode == 0, result.stderr
    assert h5diff(whole, merged)[0] == 0

    from wfsim_results import sweep as sweep_module
    ranking = sweep_module.ranked_levers(sweep_module.open_sweep(whole))
    assert set(ranking["parameter"]) == {CELL, "hiring.plan[0].month", "policy.pay.ai_premium"}
    result = wfsim("report", whole)
    assert result.returncode == 0, result.stderr
    assert CELL in (tmp_path / "m.html").read_text()


def test_set_of_a_cell_changes_a_run(tmp_path):
    config = write(tmp_path, "org.yaml", ORG)
    runs = {}
    for name, extra in [("base", []), ("more", ["--set", f"{CELL}=30"])]:
        out = tmp_path / f"{name}.h5"
        result = wfsim("run", config, "-o", out, "-q", *extra)
        assert result.returncode == 0, result.stderr
        with xr.open_dataset(out, engine="h5netcdf") as ds:
            runs[name] = ds["headcount"].isel(month=-1).values
    assert (runs["more"] > runs["base"] + 5).all(), runs


@pytest.mark.parametrize("factor, key, words", [
    ("hiring.plan[1].count: [1, 2]", "parameters.hiring.plan[1].count", "row 1 does not exist"),
    ("hiring.plan[0].cuont: [1, 2]", "parameters.hiring.plan[0].cuont", "did you mean 'count'"),
    ("org.scale[0].count: [1, 2]", "parameters.org.scale[0].count", "not a table"),
    ("hiring.plan[0.count: [1, 2]", "parameters.hiring.plan[0.count", "missing ']'"),
])
def test_a_bad_cell_in_a_sweep_exits_2_naming_file_line_and_key(tmp_path, factor, key, words):
    sweep = grid_sweep(tmp_path, f"  {factor}\n")
    result = wfsim("sweep", sweep, "-o", tmp_path / "x.h5")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{sweep}:4:3: error: key '{key}'"), result.stderr
    assert words in result.stderr
    assert not (tmp_path / "x.h5").exists()


@pytest.mark.parametrize("command", ["run", "validate", "compare"])
@pytest.mark.parametrize("assignment, words", [
    ("hiring.plan[3].count=5", "row 3 does not exist"),
    ("hiring.plan[0].cuont=5", "did you mean 'count'"),
    ("hiring.plan[0].count=many", "whole number"),
])
def test_a_bad_cell_in_set_exits_2_naming_the_argument(tmp_path, command, assignment, words):
    config = write(tmp_path, "org.yaml", ORG)
    result = wfsim(command, config, "--set", assignment, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    key = assignment.split("=")[0]
    assert f"--set {assignment}: error: key '{key}'" in result.stderr, result.stderr
    assert words in result.stderr


def test_sweep_set_and_change_of_cells(tmp_path):
    sweep = grid_sweep(tmp_path)
    result = wfsim("sweep", sweep, "-o", tmp_path / "x.h5",
                   "--set", "hiring.plan=[{month: 1, role: researcher, count: 3}]")
    assert result.returncode == 2 and f"varies its cell {CELL}" in result.stderr, result.stderr
    result = wfsim("sweep", sweep, "-o", tmp_path / "x.h5", "--change", f"{CELL}=3@4")
    assert result.returncode == 2 and "scalar parameters only" in result.stderr, result.stderr
    # Another cell of the varied table may be set.
    result = wfsim("sweep", sweep, "-o", tmp_path / "y.h5", "-q",
                   "--set", "hiring.plan[0].month=3")
    assert result.returncode == 0, result.stderr
