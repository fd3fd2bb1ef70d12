"""Faults outside the input: a full disk, a file-size limit, damaged files,
signals. Each ends in one clear message, a clean exit and nothing left that
could pass for results."""
import os
import resource
import shutil
import subprocess
import textwrap

import pytest

WFSIM = os.path.abspath(os.environ.get("WFSIM_BIN", "build/release/wfsim"))

# Enough results to overflow a 2 MiB file system: an M/M/c run whose
# per-customer tables grow with the replications.
BIG_RUN = """\
model: mmc
seed: 1
replications: 40
parameters:
  arrival_rate: 4.5
  service_rate: 1.0
  servers: 5
  end_time: 20000
  warmup: 100
  period: 50
"""

SMALL_SWEEP = """\
base: base.yaml
replications: 2
design:
  type: grid
parameters:
  servers: [5, 6]
  arrival_rate: {min: 3.0, max: 4.0, points: 2}
outcomes:
  wait: mean_wait
"""

SMALL_BASE = """\
model: mmc
seed: 1
replications: 2
parameters:
  arrival_rate: 4.0
  service_rate: 1.0
  servers: 5
  end_time: 500
  warmup: 10
  period: 100
"""


def run(*args, cwd=None, preexec_fn=None, timeout=300):
    return subprocess.run([WFSIM, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, preexec_fn=preexec_fn)


def write(directory, name, text):
    path = directory / name
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MiB tmpfs (needs root; skipped elsewhere)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def assert_one_clean_write_failure(result, reason, final_path):
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"wfsim: error: {reason} while writing {final_path}"], result.stderr
    assert "HDF5-DIAG" not in result.stderr


def fill(disk, leave):
    """Fills the disk but for `leave` bytes."""
    with open(disk / "filler", "wb") as out:
        out.write(b"\0" * (2 * 1024 * 1024 - leave))


@pytest.mark.parametrize("room", [8 * 1024, 96 * 1024, 400 * 1024])
def test_full_disk_is_one_line_with_the_cause_and_leaves_nothing(tmp_path, small_disk, room):
    # Room for less than the layout, for the layout and part of the data,
    # and for all but the summaries.
    config = write(tmp_path, "big.yaml", BIG_RUN)
    fill(small_disk, room)
    output = small_disk / "x.h5"
    result = run("run", config, "-o", output, "-q")
    assert_one_clean_write_failure(result, "no space left on device", output)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_full_disk_during_a_sweep_leaves_nothing(tmp_path, small_disk):
    write(tmp_path, "base.yaml", SMALL_BASE)
    sweep = write(tmp_path, "sweep.yaml", SMALL_SWEEP)
    # Room for the checkpoint, not for the sweep file.
    fill(small_disk, 16 * 1024)
    output = small_disk / "sweep.h5"
    result = run("sweep", sweep, "-o", output, "-q", "--threads", "1")
    assert_one_clean_write_failure(result, "no space left on device", output)
    # The finished points stay in the checkpoint: with room made, --resume
    # writes the file without running them again.
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "sweep.h5.checkpoint"]
    (small_disk / "filler").unlink()
    resumed = run("sweep", sweep, "-o", output, "--resume", "--stats", "--threads", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert '"computed": 0' in resumed.stdout
    assert sorted(p.name for p in small_disk.iterdir()) == ["sweep.h5"]


def limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def test_file_size_limit_is_one_line_with_the_cause_and_leaves_nothing(tmp_path):
    config = write(tmp_path, "big.yaml", BIG_RUN)
    output = tmp_path / "out" / "x.h5"
    output.parent.mkdir()
    result = run("run", config, "-o", output, "-q", preexec_fn=limit_file_size)
    assert_one_clean_write_failure(result, "file too large", output)
    assert list(output.parent.iterdir()) == []
