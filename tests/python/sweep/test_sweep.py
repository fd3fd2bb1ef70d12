"""wfsim sweep and wfsim merge end to end, on one process: the results file,
the designs' estimates, shards and merge, kill -9 and resume, bad input."""
import json
import os
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest
import xarray as xr

from sweep_helpers import WFSIM, h5diff, ishigami_sweep, mmc_sweep, wfsim

ISHIGAMI_FIRST = [0.3139, 0.4424, 0.0]
ISHIGAMI_TOTAL = [0.5576, 0.4424, 0.2437]


def test_sobol_sweep_file_opens_in_xarray_and_recovers_ishigami(tmp_path):
    sweep = ishigami_sweep(tmp_path, "{type: sobol, samples: 4096, bootstrap: 300}")
    out = tmp_path / "s.h5"
    result = wfsim("sweep", sweep, "-o", out, "--stats", "-q")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["points"] == 4096 * 5

    data = xr.open_dataset(out, engine="h5netcdf")  # the one line an analyst needs
    assert list(data["parameter"].values) == ["x1", "x2", "x3"]
    assert list(data["outcome"].values) == ["y"]
    assert data["outcomes"].dims == ("point", "replication", "outcome")
    assert data["design"].dims == ("point", "parameter")
    assert data["first_order"].dims == ("parameter", "outcome")
    s1 = data["first_order"].sel(outcome="y").values
    st = data["total"].sel(outcome="y").values
    assert np.all(np.abs(s1 - ISHIGAMI_FIRST) < 0.02), s1
    assert np.all(np.abs(st - ISHIGAMI_TOTAL) < 0.02), st
    assert np.all(data["first_order_low"].values <= data["first_order"].values)
    assert np.all(data["total"].values <= data["total_high"].values)
    for name in ["first_order", "total", "outcome_valid"]:
        assert "long_name" in data[name].attrs and data[name].attrs["units"] == "1"
    # Values in each outcome's (or parameter's) own units name where those are.
    for name in ["outcomes", "outcome_mean", "outcome_sd"]:
        assert "long_name" in data[name].attrs and "units" not in data[name].attrs
        assert data[name].attrs["units_variable"] == "outcome_units"
    assert data["design"].attrs["units_variable"] == "parameter_units"
    assert data.attrs["wfsim_format"] == "wfsim-sweep"
    assert data.attrs["design"] == "sobol"
    assert data.attrs["samples"] == 4096

    # The design matrix is the unit-cube design mapped onto each range, and
    # the outcomes are the Ishigami function at those values.
    x = data["design"].values
    assert np.allclose(x, -np.pi + 2 * np.pi * data["design_unit"].values)
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    assert np.allclose(data["outcomes"].values[:, 0, 0], y)
    # Saltelli layout: AB_i takes column i from B and the rest from A.
    matrix = data["matrix"].values
    assert list(matrix[:5]) == [0, 1, 2, 3, 4]
    assert x[1, 0] == x[4, 0] and x[1, 1] == x[0, 1] and x[1, 2] == x[0, 2]
    with h5py.File(out) as raw:
        assert raw["provenance"].attrs["processes"] == 1
        assert raw["outcomes"].compression == "gzip"


def test_morris_ranks_sobol_g_inputs_and_summaries_match_the_outcomes(tmp_path):
    (tmp_path / "g.yaml").write_text("model: sobol_g\nparameters:\n  noise_sd: 0.01\n")
    sweep = tmp_path / "m.yaml"
    factors = "".join(f"  x{i}: {{min: 0, max: 1}}\n" for i in range(1, 9))
    sweep.write_text("base: g.yaml\nreplications: 3\n"
                     "design: {type: morris, trajectories: 40, levels: 4}\n"
                     f"parameters:\n{factors}outcomes:\n  y: y\n")
    out = tmp_path / "m.h5"
    result = wfsim("sweep", sweep, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    data = xr.open_dataset(out, engine="h5netcdf")
    mu_star = data["mu_star"].sel(outcome="y").values
    assert list(np.argsort(-mu_star)[:4]) == [0, 1, 2, 3]
    assert np.all(mu_star[4:] < 0.2 * mu_star[3])
    assert data.sizes["point"] == 40 * 9
    assert np.all(data["trajectory"].values == np.arange(360) // 9)
    outcomes = data["outcomes"].values
    assert np.allclose(data["outcome_mean"].values, outcomes.mean(axis=1))
    assert np.allclose(data["outcome_sd"].values, outcomes.std(axis=1, ddof=1))
    assert np.all(data["outcome_valid"].values == 3)


def test_grid_design_enumerates_levels_and_ranges(tmp_path):
    (tmp_path / "b.yaml").write_text("model: mmc\nparameters:\n  end_time: 3000\n  warmup: 100\n")
    sweep = tmp_path / "g.yaml"
    sweep.write_text("base: b.yaml\nreplications: 2\ndesign: {type: grid}\n"
                     "parameters:\n  servers: [1, 2]\n"
                     "  arrival_rate: {min: 0.2, max: 0.6, points: 3}\n"
                     "outcomes:\n  u: utilisation\n"
                     "  arrivals: {series: arrivals, at: 2}\n")
    out = tmp_path / "g.h5"
    result = wfsim("sweep", sweep, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    data = xr.open_dataset(out, engine="h5netcdf")
    design = data["design"].values
    assert design.tolist() == [[1, 0.2], [1, 0.4], [1, 0.6], [2, 0.2], [2, 0.4], [2, 0.6]]
    util = data["outcome_mean"].sel(outcome="u").values
    # More arrivals on the same servers: busier; more servers: less busy.
    assert util[0] < util[1] < util[2]
    assert util[3] < util[0]
    assert "first_order" not in data and "mu_star" not in data


def test_shards_merge_into_the_single_run_file(tmp_path, have_h5diff):
    sweep = ishigami_sweep(tmp_path, "{type: sobol, samples: 64}", replications=2, noise=0.3)
    single = tmp_path / "single.h5"
    assert wfsim("sweep", sweep, "-o", single, "-q").returncode == 0
    for i in range(3):
        result = wfsim("sweep", sweep, "-o", tmp_path / "part.h5", "--shard", f"{i}/3", "-q")
        assert result.returncode == 0, result.stderr
    shards = [tmp_path / f"part.shard-{i}-of-3.h5" for i in range(3)]
    assert all(s.exists() for s in shards)
    merged = tmp_path / "merged.h5"
    result = wfsim("merge", *reversed(shards), "-o", merged)  # any order
    assert result.returncode == 0, result.stderr
    status, diff = h5diff(single, merged)
    assert status == 0, diff
    # Provenance does differ, and h5diff notices when it is not excluded.
    assert subprocess.run(["h5diff", single, merged], capture_output=True).returncode == 1

    # Slurm's job-array variables choose the shard when --shard is absent.
    env = dict(os.environ, SLURM_ARRAY_TASK_ID="5", SLURM_ARRAY_TASK_MIN="4",
               SLURM_ARRAY_TASK_COUNT="3")
    result = wfsim("sweep", sweep, "-o", tmp_path / "env.h5", "-q", env=env)
    assert result.returncode == 0, result.stderr
    assert h5diff(shards[1], tmp_path / "env.shard-1-of-3.h5")[0] == 0


def test_set_changes_the_base_config_and_travels_with_shards_and_merge(tmp_path, have_h5diff):
    sweep = ishigami_sweep(tmp_path, "{type: lhs, samples: 20}")
    plain, changed = tmp_path / "plain.h5", tmp_path / "changed.h5"
    assert wfsim("sweep", sweep, "-o", plain, "-q").returncode == 0
    result = wfsim("sweep", sweep, "-o", changed, "-q", "--set", "a=0", "--set", "seed=5")
    assert result.returncode == 0, result.stderr
    with h5py.File(plain, "r") as p, h5py.File(changed, "r") as c:
        assert list(c.attrs["overrides"]) == ["a=0", "seed=5"]
        assert "a: 0" in c.attrs["base_config_resolved"]
        assert c.attrs["seed"] == 5 and p.attrs["seed"] == 21
        # With a = 0 the sin^2 x2 term is gone: y = sin x1 (1 + b x3^4).
        x = c["design"][...]
        y = c["outcomes"][:, 0, 0]
        assert np.allclose(y, np.sin(x[:, 0]) * (1 + 0.1 * x[:, 2] ** 4))
        assert not np.allclose(p["outcomes"][:, 0, 0], y)
        assert "--set a=0" in c["provenance"].attrs["command_line"]

    # Shards with the same assignments merge into the single run's file ...
    for i in range(2):
        result = wfsim("sweep", sweep, "-o", tmp_path / "part.h5", "--shard", f"{i}/2", "-q",
                       "--set", "a=0", "--set", "seed=5")
        assert result.returncode == 0, result.stderr
    shards = [tmp_path / f"part.shard-{i}-of-2.h5" for i in range(2)]
    assert wfsim("merge", *shards, "-o", tmp_path / "merged.h5").returncode == 0
    assert h5diff(changed, tmp_path / "merged.h5")[0] == 0
    # ... and a shard run with other assignments is another sweep.
    assert wfsim("sweep", sweep, "-o", tmp_path / "odd.h5", "--shard", "1/2", "-q",
                 "--set", "a=1").returncode == 0
    result = wfsim("merge", shards[0], tmp_path / "odd.shard-1-of-2.h5", "-o", tmp_path / "m2.h5")
    assert result.returncode == 2 and "different sweep" in result.stderr, result.stderr

    # A varied parameter cannot be set; an unknown one gets a suggestion.
    result = wfsim("sweep", sweep, "-o", tmp_path / "x.h5", "--set", "x2=1")
    assert result.returncode == 2 and "the sweep varies this parameter" in result.stderr
    assert "sweep.yaml:" in result.stderr and not (tmp_path / "x.h5").exists()
    result = wfsim("sweep", sweep, "-o", tmp_path / "x.h5", "--set", "noise_sdd=1")
    assert result.returncode == 2 and "noise_sd" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    # The sweep's own bound on replications holds for --set too.
    result = wfsim("sweep", sweep, "-o", tmp_path / "x.h5", "--set", "replications=20000000")
    assert result.returncode == 2 and "at most 10000000" in result.stderr, result.stderr


def test_merge_refuses_shards_that_do_not_belong_together(tmp_path):
    sweep = ishigami_sweep(tmp_path, "{type: lhs, samples: 30}")
    other = ishigami_sweep(tmp_path, "{type: lhs, samples: 31}", name="other.yaml")
    for i in range(2):
        assert wfsim("sweep", sweep, "-o", tmp_path / "a.h5", "--shard", f"{i}/2", "-q").returncode == 0
    assert wfsim("sweep", sweep, "-o", tmp_path / "b.h5", "--shard", "0/3", "-q").returncode == 0
    assert wfsim("sweep", other, "-o", tmp_path / "c.h5", "--shard", "1/2", "-q").returncode == 0
    a0, a1 = tmp_path / "a.shard-0-of-2.h5", tmp_path / "a.shard-1-of-2.h5"
    cases = {
        "missing": ([a0], "shards missing from the merge: 1"),
        "twice": ([a0, a0, a1], "given twice"),
        "count": ([a0, a1, tmp_path / "b.shard-0-of-3.h5"], "of 3"),
        "sweep": ([a0, tmp_path / "c.shard-1-of-2.h5"], "different sweep"),
        "not hdf5": ([a0, sweep], "not an HDF5 file"),
    }
    for name, (files, message) in cases.items():
        out = tmp_path / f"merged-{name.replace(' ', '-')}.h5"
        result = wfsim("merge", *files, "-o", out)
        assert result.returncode == 2, (name, result.stderr)
        assert message in result.stderr, (name, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert not out.exists()


def checkpoint_records(path):
    return max(0, (os.path.getsize(path) - 56) // (16 + 8 * 4))


def test_kill_9_then_resume_gives_the_uninterrupted_file(tmp_path, have_h5diff):
    sweep = mmc_sweep(tmp_path, samples=600)
    reference = tmp_path / "reference.h5"
    result = wfsim("sweep", sweep, "-o", reference, "-q", "--threads", "2")
    assert result.returncode == 0, result.stderr

    out = tmp_path / "killed.h5"
    checkpoint = tmp_path / "killed.h5.checkpoint"
    process = subprocess.Popen([WFSIM, "sweep", str(sweep), "-o", str(out), "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if checkpoint.exists() and checkpoint_records(checkpoint) >= 20:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the sweep ended before it could be killed"
    assert not out.exists()
    done = checkpoint_records(checkpoint)
    assert 20 <= done < 600

    # Without --resume, the checkpoint is protected.
    refused = wfsim("sweep", sweep, "-o", out, "-q")
    assert refused.returncode == 2 and "--resume" in refused.stderr

    resumed = wfsim("sweep", sweep, "-o", out, "--resume", "--stats", "-q")
    assert resumed.returncode == 0, resumed.stderr
    stats = json.loads(resumed.stdout)
    assert stats["resumed"] >= 20 and stats["computed"] > 0
    assert stats["resumed"] + stats["computed"] == 600
    assert not checkpoint.exists()
    status, diff = h5diff(reference, out)
    assert status == 0, diff
    again = wfsim("sweep", sweep, "-o", out, "--resume")
    assert again.returncode == 0 and "already complete" in again.stdout


def test_resume_against_a_different_sweep_is_refused_and_keeps_the_checkpoint(tmp_path):
    sweep = mmc_sweep(tmp_path, samples=400)
    out = tmp_path / "o.h5"
    checkpoint = tmp_path / "o.h5.checkpoint"
    process = subprocess.Popen([WFSIM, "sweep", str(sweep), "-o", str(out), "-q"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (checkpoint.exists() and checkpoint_records(checkpoint) >= 5):
        time.sleep(0.005)
    process.kill()
    process.wait(timeout=30)
    before = checkpoint.read_bytes()
    sweep.write_text(sweep.read_text().replace("max: 2.5", "max: 2.4"))
    result = wfsim("sweep", sweep, "-o", out, "--resume")
    assert result.returncode == 2
    assert "different sweep" in result.stderr and "o.h5.checkpoint" in result.stderr
    assert checkpoint.read_bytes() == before
    assert not out.exists()


@pytest.mark.parametrize("change, key, message", [
    ("x1: {min: -1, max: 1}", "parameters.x11", "did you mean 'x1'"),
    ("x1: {min: 1, max: -1}", "parameters.x1", "inverted range"),
    ("x1: {min: 1, max: 1}", "parameters.x1", "empty range"),
    ("samples: 64", "design.samples", "power of two"),
])
def test_bad_sweep_files_get_one_located_error(tmp_path, change, key, message):
    sweep = ishigami_sweep(tmp_path, "{type: sobol, samples: 64}")
    text = sweep.read_text()
    if change.startswith("samples"):
        text = text.replace("samples: 64", "samples: 100")
    elif "x11" in key:
        text = text.replace(f"  x1: {{min: -3.141592653589793", "  x11: {min: -3.141592653589793")
    else:
        text = text.replace("  x1: {min: -3.141592653589793, max: 3.141592653589793}", "  " + change)
    sweep.write_text(text)
    out = tmp_path / "bad.h5"
    result = wfsim("sweep", sweep, "-o", out)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{sweep}:")
    line, column = lines[0].split(":")[1:3]
    assert int(line) > 0 and int(column) > 0
    assert f"key '{key}'" in lines[0] and message in lines[0]
    assert not out.exists() and not (tmp_path / "bad.h5.checkpoint").exists()


def test_bad_command_lines(tmp_path):
    sweep = ishigami_sweep(tmp_path, "{type: lhs, samples: 10}")
    for shard in ["3/3", "a/2", "1"]:
        result = wfsim("sweep", sweep, "-o", tmp_path / "x.h5", "--shard", shard)
        assert result.returncode == 2 and "--shard" in result.stderr, result.stderr
    result = wfsim("sweep", sweep, "-o", tmp_path / "missing-folder" / "x.h5")
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert wfsim("sweep", sweep, "-o", tmp_path / "x.h5", "-q").returncode == 0
    result = wfsim("sweep", sweep, "-o", tmp_path / "x.h5")
    assert result.returncode == 2 and "--overwrite" in result.stderr
    assert wfsim("sweep", sweep, "-o", tmp_path / "x.h5", "--overwrite", "-q").returncode == 0
    result = wfsim("sweep", tmp_path / "nope.yaml", "-o", tmp_path / "y.h5")
    assert result.returncode == 2 and "nope.yaml" in result.stderr


def test_example_sweeps_are_valid():
    from sweep_helpers import SOURCE
    examples = sorted((SOURCE / "configs" / "sweeps").glob("*.yaml"))
    assert len(examples) >= 3
    for example in examples:
        result = wfsim("sweep", example, "--dry-run")
        assert result.returncode == 0, (example, result.stderr)
        assert "valid" in result.stdout


def test_more_shards_than_points_leaves_empty_shards_that_still_merge(tmp_path, have_h5diff):
    sweep = ishigami_sweep(tmp_path, "{type: lhs, samples: 3}")
    for i in range(5):
        result = wfsim("sweep", sweep, "-o", tmp_path / "t.h5", "--shard", f"{i}/5", "-q")
        assert result.returncode == 0, result.stderr
    empty = xr.open_dataset(tmp_path / "t.shard-0-of-5.h5", engine="h5netcdf")
    assert empty.sizes["point"] == 0
    shards = sorted(tmp_path.glob("t.shard-*-of-5.h5"))
    assert wfsim("merge", *shards, "-o", tmp_path / "m.h5").returncode == 0
    assert wfsim("sweep", sweep, "-o", tmp_path / "one.h5", "-q").returncode == 0
    assert h5diff(tmp_path / "one.h5", tmp_path / "m.h5")[0] == 0
