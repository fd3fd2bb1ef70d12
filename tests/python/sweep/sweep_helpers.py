"""Helpers of the sweep tests: the program under test, h5diff and sweep files.
(Not named conftest.py: tests/python/conftest.py already is.)"""
import os
import pathlib
import shutil
import subprocess

WFSIM = os.environ.get("WFSIM_BIN", "build/release/wfsim")
SOURCE = pathlib.Path(os.environ.get("WFSIM_SOURCE_DIR", pathlib.Path(__file__).parents[3]))

PI = "3.141592653589793"


def wfsim(*args, env=None, timeout=300, cwd=None):
    """Runs wfsim; returns the completed process (text output)."""
    return subprocess.run([WFSIM, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=cwd)


def h5diff(a, b):
    """h5diff of two sweep files, provenance aside; returns (status, output)."""
    result = subprocess.run(["h5diff", "--exclude-path", "/provenance", str(a), str(b)],
                            capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout + result.stderr


def ishigami_sweep(folder, design, replications=1, noise=0.0, name="sweep.yaml"):
    """Writes an Ishigami base config and a sweep over x1..x3; returns the sweep path."""
    folder = pathlib.Path(folder)
    (folder / "ishigami.yaml").write_text(
        f"model: ishigami\nseed: 1\nparameters:\n  noise_sd: {noise}\n")
    sweep = folder / name
    sweep.write_text(
        "base: ishigami.yaml\n"
        "seed: 21\n"
        f"replications: {replications}\n"
        f"design: {design}\n"
        "parameters:\n"
        f"  x1: {{min: -{PI}, max: {PI}}}\n"
        f"  x2: {{min: -{PI}, max: {PI}}}\n"
        f"  x3: {{min: -{PI}, max: {PI}}}\n"
        "outcomes:\n"
        "  y: y\n")
    return sweep


def mmc_sweep(folder, samples, name="mmc-sweep.yaml"):
    """A sweep of M/M/c points that each take a few milliseconds."""
    folder = pathlib.Path(folder)
    (folder / "mmc.yaml").write_text(
        "model: mmc\nseed: 3\nreplications: 2\nparameters:\n"
        "  servers: 3\n  end_time: 20000\n  warmup: 1000\n  period: 1000\n")
    sweep = folder / name
    sweep.write_text(
        "base: mmc.yaml\n"
        f"design: {{type: lhs, samples: {samples}}}\n"
        "parameters:\n"
        "  arrival_rate: {min: 1.0, max: 2.5}\n"
        "  service_rate: {min: 0.9, max: 1.1}\n"
        "outcomes:\n"
        "  wait: mean_wait\n"
        "  served: {series: arrivals, reduce: sum, from: 2, to: 10}\n")
    return sweep
