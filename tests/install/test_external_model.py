"""A model in its own CMake project, built against an installed wfsim.

The build under test is installed to a temporary prefix (cmake --install),
examples/external-model is configured with only that prefix on
CMAKE_PREFIX_PATH (find_package(wfsim)), built, and its program runs the
external model through the same run and sweep commands as wfsim's own
models; the files it writes are read back with h5py, xarray and the
installed wfsim_results module."""
import os
import pathlib
import subprocess
import sys

import h5py
import numpy as np
import pytest
import xarray as xr

BUILD = pathlib.Path(os.environ["WFSIM_BUILD_DIR"])
SOURCE = pathlib.Path(os.environ["WFSIM_SOURCE_DIR"])
CMAKE = os.environ.get("CMAKE_COMMAND", "cmake")
GENERATOR = os.environ.get("WFSIM_GENERATOR", "Ninja")
EXAMPLE = SOURCE / "examples" / "external-model"


def call(*args, cwd=None, timeout=540):
    result = subprocess.run([*map(str, args)], capture_output=True, text=True, cwd=cwd,
                            timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    root = tmp_path_factory.mktemp("install")
    prefix = root / "prefix"
    call(CMAKE, "--install", BUILD, "--prefix", prefix)
    build = root / "example-build"
    configure = call(CMAKE, "-S", EXAMPLE, "-B", build, "-G", GENERATOR,
                     f"-DCMAKE_PREFIX_PATH={prefix}", "-DCMAKE_BUILD_TYPE=Release")
    call(CMAKE, "--build", build)
    return {"prefix": prefix, "program": build / "support-desk-wfsim", "root": root,
            "configure": configure.stdout}


def test_the_package_installs_headers_libraries_and_its_cmake_config(installed):
    prefix = installed["prefix"]
    assert (prefix / "lib/cmake/wfsim/wfsimConfig.cmake").is_file()
    assert (prefix / "lib/cmake/wfsim/wfsimConfigVersion.cmake").is_file()
    assert (prefix / "include/wfsim/engine/model/model.hpp").is_file()
    assert (prefix / "include/wfsim/engine/core/kernel.hpp").is_file()
    assert (prefix / "bin/wfsim").is_file()
    # Internals stay out: the HDF5 layer and the sweep file code.
    assert not (prefix / "include/wfsim/engine/io/detail").exists()
    assert not (prefix / "include/wfsim/engine/experiment/detail").exists()
    # The example found this prefix's package, not a source tree.
    cache = (installed["root"] / "example-build/CMakeCache.txt").read_text()
    assert f"wfsim_DIR:PATH={prefix}/lib/cmake/wfsim" in cache


def test_the_external_model_is_registered_beside_the_shipped_ones(installed):
    models = call(installed["program"], "models").stdout
    assert "support_desk" in models and "workforce" in models
    params = call(installed["program"], "params", "support_desk").stdout
    assert "handoff_share" in params


def test_the_external_model_runs_through_the_run_command(installed, tmp_path):
    output = tmp_path / "desk.h5"
    call(installed["program"], "run", EXAMPLE / "support-desk.yaml", "-o", output, "--quiet",
         "--threads", 2)
    ds = xr.open_dataset(output, engine="h5netcdf")
    assert ds["resolved"].dims == ("replication", "week")
    assert ds.sizes["replication"] == 8 and ds.sizes["week"] == 26
    assert (ds["resolved"].values > 0).all()
    # A week of the day clock, dated from the config's start_date.
    assert str(ds["time"].values[0])[:10] == "2025-01-06"
    assert str(ds["time"].values[1])[:10] == "2025-01-13"
    ds.close()
    # The installed analysis module reads it.
    sys.path.insert(0, str(installed["prefix"] / "share/wfsim/python"))
    import wfsim_results as wr
    assert pathlib.Path(wr.__file__).is_relative_to(installed["prefix"])
    per_run = wr.scalars(output)
    assert (per_run["mean_days_to_resolve"] > 0).all()
    # The same seed gives the same results on one thread.
    again = tmp_path / "again.h5"
    call(installed["program"], "run", EXAMPLE / "support-desk.yaml", "-o", again, "--quiet",
         "--threads", 1)
    with h5py.File(output) as a, h5py.File(again) as b:
        np.testing.assert_array_equal(a["backlog"][()], b["backlog"][()])


def test_the_external_model_runs_through_the_sweep_command(installed, tmp_path):
    output = tmp_path / "sweep.h5"
    call(installed["program"], "sweep", EXAMPLE / "support-desk-sweep.yaml", "-o", output,
         "--quiet", "--threads", 2)
    data = xr.open_dataset(output, engine="h5netcdf")
    assert data.attrs["model"] == "support_desk"
    assert list(data["parameter"].values) == ["specialists", "agent_rate", "handoff_share"]
    assert data["outcomes"].shape == (8, 2, 2)
    assert np.isfinite(data["outcome_mean"].values).all()
    data.close()


def test_a_bad_config_for_the_external_model_is_one_located_error(installed, tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text("model: support_desk\nparameters:\n  specialists: 0\n  handoff_share: 0.2\n")
    result = subprocess.run([installed["program"], "validate", config], capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert "key 'parameters.handoff_share'" in result.stderr or "handoff_share" in result.stderr
