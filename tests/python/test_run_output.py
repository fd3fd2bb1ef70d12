"""Where `wfsim run` writes: the default path, -o, --no-output and
--overwrite; every bad output path found before the run with one error and
exit status 2; failed, interrupted and killed runs leave nothing at the
final path."""
import os
import pathlib
import shutil
import signal
import stat
import subprocess
import tempfile
import time

import h5py
import pytest

from conftest import MMC_CONFIG, SHOWCASE, WFSIM, run, write_config

import wfsim_results as wr

SLOW_SHOWCASE = """\
model: showcase
seed: 1
replications: 400
parameters:
  months: 120
  people: 100
  work: 3000
"""


def one_error_line(result):
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def listing(directory):
    return sorted(p.name for p in pathlib.Path(directory).iterdir())


def test_default_output_is_results_slash_config_name(tmp_path):
    config = write_config(tmp_path, "my-run.yaml", MMC_CONFIG)
    work = tmp_path / "work"
    work.mkdir()
    result = run(WFSIM, "run", config, cwd=work)
    assert result.returncode == 0, result.stderr
    expected = work / "results" / "my-run.h5"
    assert expected.is_file()
    assert f"results: results{os.sep}my-run.h5" in result.stdout
    assert wr.check(expected)["model"] == "mmc"
    # Run again: the file exists, so without --overwrite nothing happens.
    before = expected.read_bytes()
    again = run(WFSIM, "run", config, cwd=work)
    assert again.returncode == 2
    message = one_error_line(again)
    assert message.startswith(f"results{os.sep}my-run.h5: error: key '--output'")
    assert "--overwrite" in message
    assert expected.read_bytes() == before
    assert listing(work / "results") == ["my-run.h5"]
    assert run(WFSIM, "run", config, "--overwrite", "--quiet", cwd=work).returncode == 0
    assert expected.read_bytes() != before  # the provenance times at least differ


def test_no_output_writes_nothing(tmp_path):
    config = write_config(tmp_path, "m.yaml", MMC_CONFIG)
    work = tmp_path / "work"
    work.mkdir()
    result = run(WFSIM, "run", config, "--no-output", cwd=work)
    assert result.returncode == 0, result.stderr
    assert listing(work) == []
    assert "results:" not in result.stdout


def test_output_and_no_output_together_is_a_command_line_error(tmp_path):
    config = write_config(tmp_path, "m.yaml", MMC_CONFIG)
    result = run(WFSIM, "run", config, "-o", tmp_path / "x.h5", "--no-output")
    assert result.returncode == 2
    assert not (tmp_path / "x.h5").exists()


def test_missing_directory_is_found_before_the_run(tmp_path):
    config = write_config(tmp_path, "m.yaml", MMC_CONFIG)
    target = tmp_path / "nowhere" / "run.h5"
    result = run(WFSIM, "run", config, "-o", target)
    assert result.returncode == 2
    message = one_error_line(result)
    assert message.startswith(f"{target}: error: key '--output'")
    assert "does not exist" in message
    assert result.stdout == ""  # no run happened: no summary
    assert listing(tmp_path) == ["m.yaml"]


def test_output_path_that_is_a_directory(tmp_path):
    config = write_config(tmp_path, "m.yaml", MMC_CONFIG)
    result = run(WFSIM, "run", config, "-o", tmp_path)
    assert result.returncode == 2
    assert "directory" in one_error_line(result)


def test_existing_file_is_not_overwritten_without_overwrite(tmp_path):
    config = write_config(tmp_path, "m.yaml", MMC_CONFIG)
    target = tmp_path / "precious.h5"
    target.write_text("not to be lost\n")
    result = run(WFSIM, "run", config, "-o", target)
    assert result.returncode == 2
    assert "file exists" in one_error_line(result)
    assert target.read_text() == "not to be lost\n"
    assert listing(tmp_path) == ["m.yaml", "precious.h5"]
    replaced = run(WFSIM, "run", config, "-o", target, "--overwrite", "--quiet")
    assert replaced.returncode == 0, replaced.stderr
    assert h5py.is_hdf5(target)


def test_read_only_directory_is_found_before_the_run():
    # Root writes anywhere, so as root the program runs as nobody.
    base = pathlib.Path(tempfile.mkdtemp(prefix="wfsim-ro-"))
    try:
        os.chmod(base, 0o755)
        config = write_config(base, "m.yaml", MMC_CONFIG)
        os.chmod(config, 0o644)
        locked = base / "locked"
        locked.mkdir()
        os.chmod(locked, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH
                 | stat.S_IXOTH)
        command = [WFSIM, "run", str(config), "-o", str(locked / "run.h5")]
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if not setpriv:
                pytest.skip("LOUD SKIP: running as root without setpriv; a read-only directory "
                            "cannot be tested")
            command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if os.geteuid() == 0 and "Permission denied" in result.stderr and "wfsim" in result.stderr \
                and "error: key" not in result.stderr:
            pytest.skip(f"LOUD SKIP: user nobody cannot run the program here: {result.stderr}")
        assert result.returncode == 2, result.stderr
        message = one_error_line(result)
        assert message.startswith(f"{locked / 'run.h5'}: error: key '--output'")
        assert "not writable" in message
        assert listing(locked) == []
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_failing_replication_leaves_no_file(tmp_path):
    config = write_config(tmp_path, "s.yaml", "model: showcase\nreplications: 6\n"
                          "parameters:\n  fail_at: 3\n")
    target = tmp_path / "run.h5"
    dump = tmp_path / "run.jsonl"
    result = run(SHOWCASE, "run", config, "-o", target, "--dump-json", dump)
    assert result.returncode == 1
    assert "fails on purpose" in result.stderr
    assert listing(tmp_path) == ["s.yaml"]  # no results, no temporary file, no partial dump


def wait_for_temporary(directory, process, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        hidden = [p for p in pathlib.Path(directory).iterdir() if p.name.startswith(".")]
        if hidden:
            return hidden[0]
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    raise AssertionError("the temporary results file never appeared")


def start_slow_run(directory, target):
    config = write_config(directory, "slow.yaml", SLOW_SHOWCASE)
    return subprocess.Popen([SHOWCASE, "run", str(config), "-o", str(target), "--threads", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_run_killed_mid_write_leaves_nothing_at_the_final_path(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "run.h5"
    process = start_slow_run(tmp_path, target)
    temporary = wait_for_temporary(out, process)
    assert temporary.name.startswith(".run.h5.") and temporary.name.endswith(".part")
    # Let some replications reach the file, then kill without warning.
    deadline = time.monotonic() + 30
    while temporary.stat().st_size < 200_000 and time.monotonic() < deadline:
        assert process.poll() is None
        time.sleep(0.05)
    process.kill()
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not target.exists()
    # What is left is the hidden temporary file, which no loader mistakes
    # for results under the final name; a rerun works, and points at it.
    assert listing(out) == [temporary.name]
    small = write_config(tmp_path, "small.yaml", "model: showcase\nreplications: 2\n")
    rerun = run(SHOWCASE, "run", small, "-o", target, "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    assert wr.check(target)["replications"] == 2
    assert temporary.name in rerun.stderr and "interrupted run" in rerun.stderr
    assert temporary.exists()  # reported, never deleted behind the user's back
    # A temporary file of a process that is still running is not reported.
    alive = out / f".run.h5.{os.getpid()}.part"
    alive.write_bytes(b"")
    rerun = run(SHOWCASE, "run", small, "-o", target, "--quiet", "--overwrite")
    assert alive.name not in rerun.stderr and temporary.name in rerun.stderr


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_removes_its_temporary_file(tmp_path, signal_number):
    target = tmp_path / "run.h5"
    process = start_slow_run(tmp_path, target)
    wait_for_temporary(tmp_path, process)
    time.sleep(0.3)
    process.send_signal(signal_number)
    process.wait(timeout=60)
    assert process.returncode == -signal_number
    assert listing(tmp_path) == ["slow.yaml"]
