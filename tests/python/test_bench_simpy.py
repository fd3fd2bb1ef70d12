"""scripts/bench-simpy end to end: the M/M/c queue in wfsim and in SimPy
(Debian's python3-simpy3), checked to be the same queue before any ratio."""
import os
import subprocess

import pytest

SOURCE = os.environ["WFSIM_SOURCE_DIR"]
WFSIM = os.environ["WFSIM_BIN"]
SCRIPT = os.path.join(SOURCE, "scripts", "bench-simpy")


def bench(*args):
    return subprocess.run(["/usr/bin/python3", SCRIPT, "--binary", WFSIM, "--no-doc", *args],
                          capture_output=True, text=True, timeout=240)


@pytest.fixture(scope="module", autouse=True)
def simpy_is_installed():
    found = subprocess.run(["/usr/bin/python3", "-c", "import simpy; simpy.Environment"],
                           capture_output=True)
    if found.returncode != 0:
        pytest.fail("SimPy is missing: scripts/install-deps peers installs python3-simpy3")


def test_pairs_of_the_same_queue_give_a_ratio():
    result = bench("--pairs", "2", "--end-time", "20000")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert sum(line.startswith("pair ") for line in lines) == 2
    # Both sides serve about lambda x (end - warm-up) = 4.5 x 18,000 customers.
    for line in lines[:2]:
        assert line.count("served") == 2
    summary = lines[-1]
    assert summary.startswith("SimPy 3.") and "own timers" in summary
    ratio = float(summary.split("own timers ")[1].split("x")[0])
    assert ratio > 1.0  # a compiled engine ahead of an interpreted one


def test_no_ratio_when_the_queues_disagree():
    # A tolerance no finite run meets: the check must refuse, naming why.
    result = bench("--pairs", "1", "--end-time", "5000", "--tolerance", "1e-9")
    assert result.returncode == 1
    assert "do not simulate the same queue" in result.stderr
    assert "Erlang C" in result.stderr
    assert "own timers" not in result.stdout


def test_a_checkout_without_simpy_is_one_error(tmp_path):
    result = bench("--pairs", "1", "--end-time", "5000", "--simpy", str(tmp_path))
    assert result.returncode == 1
    assert f"no simpy package in {tmp_path}" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--pairs", "0"], "--pairs must be at least 1"),
    (["--tolerance", "2"], "--tolerance 2 must lie between 0 and 1"),
    (["--end-time", "nan"], "--end-time nan must be a finite time beyond the warm-up"),
    (["--end-time", "100"], "--end-time 100 must be a finite time beyond the warm-up of 2000"),
])
def test_bad_options_are_one_error_before_any_run(args, message):
    result = bench(*args)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"bench-simpy: error: {message}")
    assert result.stdout == ""
