"""Sweep files in Python: open_sweep, ranked levers with units, Morris and
Sobol plots; and the ranking `wfsim sweep` prints."""
import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from conftest import SOURCE_DIR, run  # noqa: E402
from wfsim_results import sweep  # noqa: E402


@pytest.fixture(scope="module")
def sobol(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sobol")
    made = run("sweep", SOURCE_DIR / "configs/sweeps/ishigami-sobol.yaml", "-o",
               folder / "ishigami.h5", "--set", "replications=1")
    assert made.returncode == 0, made.stderr
    return folder / "ishigami.h5", made.stdout


@pytest.fixture(scope="module")
def morris(tmp_path_factory):
    folder = tmp_path_factory.mktemp("morris")
    made = run("sweep", SOURCE_DIR / "configs/sweeps/mmc-morris.yaml", "-o", folder / "m.h5",
               "--set", "parameters.end_time=52000", "--set", "replications=2")
    assert made.returncode == 0, made.stderr
    return folder / "m.h5", made.stdout


def test_sobol_ranking_matches_the_known_order(sobol):
    path, stdout = sobol
    ranking = sweep.ranked_levers(path)
    y = ranking[ranking["outcome"] == "y"]
    # Ishigami: ST = (0.56, 0.44, 0.24), so x1 > x2 > x3.
    assert list(y["parameter"]) == ["x1", "x2", "x3"]
    assert (y["low"] <= y["value"]).all() and (y["value"] <= y["high"]).all()
    assert "levers by total index ST" in stdout and "1. x1" in stdout
    ax = sweep.sobol_plot(path, "y")
    assert "share of the variance of y" in ax.get_xlabel()
    assert len(ax.patches) == 6


def test_morris_indices_carry_their_outcome_units(morris):
    path, stdout = morris
    ds = sweep.open_sweep(path)
    units = ds["mu_star"].attrs["units_by_outcome"]
    assert set(units) == {str(o) for o in ds["outcome"].values}
    ranking = sweep.ranked_levers(ds)
    for _, row in ranking.iterrows():
        assert row["units"] == units[row["outcome"]]
    assert "levers by mu*" in stdout
    wait_unit = units["wait"]
    ax = sweep.morris_plot(ds, "wait")
    assert "mu*" in ax.get_xlabel() and "sigma" in ax.get_ylabel()
    if wait_unit not in ("", "1"):
        assert wait_unit in ax.get_xlabel()


def test_open_sweep_refuses_a_run_file(tmp_path):
    config = tmp_path / "mmc.yaml"
    config.write_text((SOURCE_DIR / "configs/mmc.yaml").read_text())
    assert run("run", config, "-r", "1", "-q", "-o", tmp_path / "r.h5",
               "--set", "end_time=6000").returncode == 0
    with pytest.raises(sweep.WfsimResultsError, match="not a wfsim sweep file"):
        sweep.open_sweep(tmp_path / "r.h5")
