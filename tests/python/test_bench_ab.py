"""scripts/bench-ab end to end: two builds in interleaved pairs, a ratio only
when both give the same results."""
import os
import stat
import subprocess

import pytest

SOURCE = os.environ["WFSIM_SOURCE_DIR"]
WFSIM = os.environ["WFSIM_BIN"]
SCRIPT = os.path.join(SOURCE, "scripts", "bench-ab")
SMALL = ["--employees", "2000", "--months", "24", "--batch-replications", "3"]


def bench(*args):
    return subprocess.run(["/usr/bin/python3", SCRIPT, "--candidate", WFSIM, "--no-doc", *args],
                          capture_output=True, text=True, timeout=240)


def test_a_build_against_itself_gives_ratios_near_one():
    result = bench("--baseline", WFSIM, "--pairs", "2", *SMALL)
    assert result.returncode == 0, result.stderr
    pairs = [line for line in result.stdout.splitlines() if ", pair " in line]
    assert len(pairs) == 4  # two pairs of each case
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and "**" in line]
    assert len(rows) == 2
    for row in rows:
        ratio = float(row.split("**")[1])
        # The same program both sides: only the machine's noise separates them.
        assert 0.5 < ratio < 2.0


def test_builds_whose_results_differ_get_no_ratio(tmp_path):
    # A "build" whose runs differ: the same program with faster outside offers.
    other = tmp_path / "other-wfsim"
    other.write_text("#!/bin/sh\n"
                     f"if [ \"$1\" = --version ]; then exec {WFSIM} --version; fi\n"
                     f"exec {WFSIM} \"$@\" --set turnover.offer_rate=0.6\n")
    other.chmod(other.stat().st_mode | stat.S_IXUSR)
    result = bench("--baseline", str(other), "--pairs", "1", *SMALL)
    assert result.returncode == 1
    assert "the builds' results differ" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "**" not in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--baseline", "/nonexistent/wfsim"], "--baseline /nonexistent/wfsim is not an executable"),
    (["--baseline", WFSIM, "--pairs", "0"], "--pairs must be at least 1"),
    (["--baseline", WFSIM, "--employees", "10"], "--employees must be at least 1000"),
    # Shorter than the early warning's baseline: wfsim's own error, passed on.
    (["--baseline", WFSIM, "--employees", "2000", "--months", "6"],
     "key 'early_warning.baseline_months'"),
])
def test_bad_options_are_one_error_before_any_run(args, message):
    result = bench(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
