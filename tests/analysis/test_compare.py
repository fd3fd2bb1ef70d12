"""`wfsim compare`: scenarios run with common random numbers, paired
differences with 95 % confidence intervals, a comparison file xarray opens."""
import shutil

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import DRAINING, run, small_config


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    baseline = small_config(folder, "baseline.yaml", seed=11, replications=5)
    draining = small_config(folder, "draining.yaml", seed=99, replications=2, extra=DRAINING)
    made = run("compare", baseline, draining, "--window", "8:14", "--by-role", cwd=folder)
    assert made.returncode == 0, made.stderr
    return folder, made


def test_configs_run_with_one_seed_and_pair(pair):
    folder, made = pair
    out = folder / "results" / "compare-baseline-vs-draining.h5"
    assert out.exists()
    ds = xr.open_dataset(out, engine="h5netcdf")
    assert ds.attrs["wfsim_format"] == "wfsim-comparison"
    assert ds.attrs["Conventions"] == "CF-1.8"
    # The first config's seed and replications hold for every scenario.
    assert int(ds.attrs["seed"]) == 11 and int(ds.attrs["replications"]) == 5
    for run_file in ("compare-baseline-vs-draining.baseline.h5",
                     "compare-baseline-vs-draining.draining.h5"):
        with h5py.File(folder / "results" / run_file) as f:
            assert int(f["provenance"].attrs["seed"]) == 11
            assert f["replication"].shape == (5,)
    assert list(ds["scenario"].values) == ["baseline", "draining"]
    assert list(ds["estimate"].values) == ["mean", "ci_low", "ci_high"]
    name = "regretted_exits_total_in_window"
    assert ds[name].attrs["units"] == "1"
    assert "months 8-14" in ds[name].attrs["long_name"]
    d = ds[f"{name}_difference"].sel(scenario="draining")
    assert float(d.sel(estimate="ci_low")) <= float(d.sel(estimate="mean")) <= float(
        d.sel(estimate="ci_high"))
    # The reference's difference from itself is exactly zero.
    assert float(ds[f"{name}_difference"].sel(scenario="baseline", estimate="mean")) == 0
    assert "role" in ds["regretted_exits_by_role_total_in_window"].dims
    for variable in ds.data_vars:
        assert "units" in ds[variable].attrs, variable
    assert "95 %" in made.stdout and "draining - baseline" in made.stdout


def test_the_paired_difference_is_the_mean_of_replication_differences(pair):
    folder, _ = pair
    ds = xr.open_dataset(folder / "results" / "compare-baseline-vs-draining.h5", engine="h5netcdf")
    runs = [xr.open_dataset(folder / "results" / f"compare-baseline-vs-draining.{n}.h5",
                            engine="h5netcdf") for n in ("baseline", "draining")]
    totals = [r["exits"].sel(month=slice(8, 14)).sum("month").values for r in runs]
    expected = (totals[1] - totals[0]).mean()
    got = float(ds["exits_total_in_window_difference"].sel(scenario="draining", estimate="mean"))
    assert got == pytest.approx(expected)


def test_common_random_numbers_make_identical_scenarios_identical(tmp_path):
    a = small_config(tmp_path, "a.yaml", seed=5, replications=3)
    b = tmp_path / "b.yaml"
    shutil.copy(a, b)
    made = run("compare", a, b, "-q", "-o", tmp_path / "c.h5")
    assert made.returncode == 0, made.stderr
    ds = xr.open_dataset(tmp_path / "c.h5", engine="h5netcdf")
    d = ds["exits_total_in_window_difference"].sel(scenario="b")
    assert float(d.sel(estimate="mean")) == 0.0
    assert float(d.sel(estimate="ci_high")) - float(d.sel(estimate="ci_low")) == 0.0


def test_results_files_compare_and_mismatches_are_refused(tmp_path):
    config = small_config(tmp_path, "org.yaml", seed=4, replications=2)
    for name, args in (("a.h5", []), ("b.h5", ["--change", "policy.approval.signoffs=2@8"]),
                       ("seed.h5", ["--seed", "5"]), ("reps.h5", ["-r", "3"])):
        made = run("run", config, "-q", "-o", tmp_path / name, *args)
        assert made.returncode == 0, made.stderr
    good = run("compare", tmp_path / "a.h5", tmp_path / "b.h5", "-o", tmp_path / "ab.h5")
    assert good.returncode == 0, good.stderr
    assert xr.open_dataset(tmp_path / "ab.h5", engine="h5netcdf").sizes["scenario"] == 2
    for other, words in (("seed.h5", "seed 5"), ("reps.h5", "3 replications")):
        out = tmp_path / f"bad-{other}"
        bad = run("compare", tmp_path / "a.h5", tmp_path / other, "-o", out)
        assert bad.returncode == 2, bad.stdout + bad.stderr
        lines = [l for l in bad.stderr.splitlines() if l.strip()]
        assert len(lines) == 1 and str(tmp_path / other) in lines[0] and words in lines[0]
        assert not out.exists()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".bad")]


@pytest.mark.parametrize("args, words", [
    (["--window", "0:5"], "--window 0:5"),
    (["--window", "3-5"], "expected FIRST:LAST"),
    (["--window", "3:40"], "1 to 14"),
])
def test_bad_compare_arguments_run_nothing(tmp_path, args, words):
    a = small_config(tmp_path, "a.yaml")
    b = small_config(tmp_path, "b.yaml")
    bad = run("compare", a, b, *args, cwd=tmp_path)
    assert bad.returncode == 2 and words in bad.stderr, bad.stderr
    assert not (tmp_path / "results").exists() or not list((tmp_path / "results").iterdir())


def test_one_config_against_its_variant(tmp_path):
    config = small_config(tmp_path, "org.yaml", seed=6, replications=3)
    made = run("compare", config, "--change", "policy.approval.signoffs=2@8", "--set",
               "hiring.plan=[{month: 8, role: researcher, count: 4}]", "-q", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    [out] = (tmp_path / "results").glob("compare-org-vs-org-variant-????????.h5")
    ds = xr.open_dataset(out, engine="h5netcdf")
    assert list(ds["scenario"].values) == ["org", "org-variant"]
    with h5py.File(str(out).replace(".h5", ".org-variant.h5")) as f:
        command = f["provenance"].attrs["command_line"]
    command = command.decode() if isinstance(command, bytes) else command
    assert "--change policy.approval.signoffs=2@8" in command and "--set hiring.plan=" in command
    hires = ds["hires_total_in_window_difference"].sel(scenario="org-variant", estimate="mean")
    assert float(hires) > 0
    # Another variant of the same config gets its own files.
    other = run("compare", config, "--change", "policy.approval.signoffs=3@8", "-q", cwd=tmp_path)
    assert other.returncode == 0, other.stderr
    assert len(list((tmp_path / "results").glob("compare-org-vs-org-variant-????????.h5"))) == 2


@pytest.mark.parametrize("args, words", [
    (["--change", "policy.nope=1@8"], "--change policy.nope=1@8: error"),
    (["--change", "policy.approval.signoffs=2@40"], "after the last month (14)"),
    (["--set", "policy.approval.signoffs=two"], "whole number"),
])
def test_a_bad_variant_runs_nothing(tmp_path, args, words):
    config = small_config(tmp_path, "org.yaml")
    bad = run("compare", config, *args, cwd=tmp_path)
    assert bad.returncode == 2 and words in bad.stderr, bad.stderr
    assert not (tmp_path / "results").exists() or not list((tmp_path / "results").iterdir())
