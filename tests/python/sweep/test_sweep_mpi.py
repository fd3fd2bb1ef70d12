"""Sweeps under real mpirun (OpenMPI): 2 and 3 ranks write the same file as
one process; a bad sweep file ends every rank with one error, no hang."""
import json
import os
import shutil
import subprocess

import pytest

from sweep_helpers import WFSIM, h5diff, ishigami_sweep, mmc_sweep, wfsim

MPIRUN = shutil.which("mpirun")
pytestmark = pytest.mark.skipif(MPIRUN is None, reason="mpirun is missing (openmpi-bin)")


def mpirun(ranks, *args, timeout=180):
    command = [MPIRUN, "--allow-run-as-root", "--oversubscribe", "-np", str(ranks), WFSIM, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("ranks", [2, 3])
def test_mpi_sweep_equals_single_process(tmp_path, ranks, have_h5diff):
    sweep = mmc_sweep(tmp_path, samples=60)
    single = tmp_path / "single.h5"
    assert wfsim("sweep", sweep, "-o", single, "-q").returncode == 0
    out = tmp_path / f"mpi{ranks}.h5"
    result = mpirun(ranks, "sweep", sweep, "-o", out, "--stats", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    assert stats["processes"] == ranks
    status, diff = h5diff(single, out)
    assert status == 0, diff


def test_mpi_sobol_with_many_cheap_points(tmp_path, have_h5diff):
    sweep = ishigami_sweep(tmp_path, "{type: sobol, samples: 1024}", replications=2, noise=0.1)
    single = tmp_path / "single.h5"
    assert wfsim("sweep", sweep, "-o", single, "-q").returncode == 0
    out = tmp_path / "mpi.h5"
    result = mpirun(3, "sweep", sweep, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    assert h5diff(single, out)[0] == 0


def test_mpi_bad_input_and_resume(tmp_path):
    sweep = ishigami_sweep(tmp_path, "{type: sobol, samples: 100}")
    result = mpirun(3, "sweep", sweep, "-o", tmp_path / "bad.h5")
    assert result.returncode != 0
    assert "power of two" in result.stderr
    assert not (tmp_path / "bad.h5").exists()

    # Rank 0 alone refuses (a checkpoint exists without --resume); the other
    # ranks are released instead of waiting forever.
    sweep = ishigami_sweep(tmp_path, "{type: lhs, samples: 40}")
    (tmp_path / "o.h5.checkpoint").write_bytes(b"x" * 100)
    result = mpirun(2, "sweep", sweep, "-o", tmp_path / "o.h5", timeout=60)
    assert result.returncode != 0 and "--resume" in result.stderr
