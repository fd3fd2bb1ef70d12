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


# A workforce run whose event tables outgrow the memory set aside for them
# (WFSIM_TABLE_BUFFER_BYTES) and wait in a temporary file in TMPDIR.
SPILLING_RUN = """\
model: workforce
seed: 1
replications: 1
parameters:
  simulation: {months: 24}
  org:
    teams:
      - {archetype: consumer, teams: 40, size: 10}
  output: {shocks: all, panel_every_months: 1}
  early_warning: {calibration_replications: 0}
"""


def test_full_disk_for_spilled_event_tables_is_one_line_and_leaves_nothing(tmp_path, small_disk):
    config = write(tmp_path, "workforce.yaml", SPILLING_RUN)
    fill(small_disk, 64 * 1024)
    output = tmp_path / "out" / "x.h5"
    output.parent.mkdir()
    env = dict(os.environ, TMPDIR=str(small_disk), WFSIM_TABLE_BUFFER_BYTES="16384")
    result = subprocess.run([WFSIM, "run", str(config), "-o", str(output), "-q"],
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"wfsim: error: no space left on device while setting aside event-table "
                     f"rows in a temporary file in {small_disk} (TMPDIR chooses the directory)"]
    assert list(output.parent.iterdir()) == []
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
    # With room, the same run completes and leaves nothing in TMPDIR.
    (small_disk / "filler").unlink()
    result = subprocess.run([WFSIM, "run", str(config), "-o", str(output), "-q"],
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    assert list(small_disk.iterdir()) == []


def limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def test_file_size_limit_is_one_line_with_the_cause_and_leaves_nothing(tmp_path):
    config = write(tmp_path, "big.yaml", BIG_RUN)
    output = tmp_path / "out" / "x.h5"
    output.parent.mkdir()
    result = run("run", config, "-o", output, "-q", preexec_fn=limit_file_size)
    assert_one_clean_write_failure(result, "file too large", output)
    assert list(output.parent.iterdir()) == []


# ---- damaged files ---------------------------------------------------------

def write_sweep(tmp_path):
    write(tmp_path, "base.yaml", SMALL_BASE)
    return write(tmp_path, "sweep.yaml", SMALL_SWEEP)


def flip_byte_of_chunk(path, dataset, chunk=0):
    import h5py

    with h5py.File(path, "r") as f:
        info = f[dataset].id.get_chunk_info(chunk)
    with open(path, "r+b") as out:
        out.seek(info.byte_offset + info.size // 2)
        byte = out.read(1)
        out.seek(info.byte_offset + info.size // 2)
        out.write(bytes([byte[0] ^ 0x5A]))


def test_every_numeric_dataset_carries_a_checksum(tmp_path):
    import h5py

    sweep = write_sweep(tmp_path)
    assert run("sweep", sweep, "-o", tmp_path / "s.h5", "-q", "--threads", "1").returncode == 0
    config = write(tmp_path, "big.yaml", BIG_RUN)
    assert run("run", config, "-o", tmp_path / "r.h5", "-q", "-r", "2").returncode == 0
    for name in ["s.h5", "r.h5"]:
        unchecked = []
        with h5py.File(tmp_path / name, "r") as f:
            def visit(key, item):
                if (isinstance(item, h5py.Dataset) and item.shape != ()
                        and item.dtype.kind in "fiu" and not item.fletcher32):
                    unchecked.append(key)
            f.visititems(visit)
        assert unchecked == [], (name, unchecked)


def test_a_damaged_shard_is_one_error_naming_file_and_dataset(tmp_path):
    sweep = write_sweep(tmp_path)
    for index in range(2):
        result = run("sweep", sweep, "-o", tmp_path / "s.h5", "--shard", f"{index}/2", "-q",
                     "--threads", "1")
        assert result.returncode == 0, result.stderr
    shard = tmp_path / "s.shard-1-of-2.h5"
    flip_byte_of_chunk(shard, "outcomes")
    result = run("merge", tmp_path / "s.shard-0-of-2.h5", shard, "-o", tmp_path / "m.h5")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{shard}: error:") and "outcomes" in lines[0], lines[0]
    assert "checksum" in lines[0].lower(), lines[0]
    assert not (tmp_path / "m.h5").exists()


# ---- --dump-json -------------------------------------------------------------

def test_dump_json_is_strict_json_and_refuses_to_overwrite(tmp_path):
    import json

    config = write(tmp_path, "c.yaml", SMALL_BASE)
    dump = tmp_path / "d.json"
    dump.write_text("keep me")
    result = run("run", config, "--no-output", "-q", "--dump-json", dump)
    assert result.returncode == 2 and "--overwrite" in result.stderr, result.stderr
    assert dump.read_text() == "keep me"
    result = run("run", config, "--no-output", "-q", "--dump-json", config, "--overwrite")
    assert result.returncode == 2 and "config" in result.stderr, result.stderr
    assert config.read_text() == textwrap.dedent(SMALL_BASE)
    result = run("run", config, "--no-output", "-q", "--dump-json", dump, "--overwrite")
    assert result.returncode == 0, result.stderr

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    lines = dump.read_text().splitlines()
    assert len(lines) == 2
    for line in lines:
        json.loads(line, parse_constant=refuse)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# ---- integers ----------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["--seed", "-1"], "expected a whole number from 0 to 18446744073709551615"),
    (["--seed", "18446744073709551616"], "out of range"),
    (["--seed", "18446744073709551617"], "out of range"),
    (["-r", "99999999999999999999"], "out of range"),
    (["-r", "0"], "not in 1 to"),
    (["--threads", "-1"], "expected a whole number from 0 to 65536"),
    (["-r", "1.5"], "expected a whole number"),
])
def test_out_of_range_integers_are_refused_readably(tmp_path, args, words):
    config = write(tmp_path, "c.yaml", SMALL_BASE)
    result = run("run", config, "--no-output", "-q", *args)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert words in result.stderr, result.stderr
    assert len(result.stderr) < 300, result.stderr


def test_the_largest_seed_is_stored_unsigned_and_its_config_validates(tmp_path):
    import h5py

    config = write(tmp_path, "c.yaml", SMALL_BASE)
    output = tmp_path / "r.h5"
    result = run("run", config, "-o", output, "-q", "--seed", "18446744073709551615")
    assert result.returncode == 0, result.stderr
    with h5py.File(output, "r") as f:
        assert int(f.attrs["seed"]) == 2**64 - 1
        resolved = f["provenance/config_resolved"][()].decode()
    again = write(tmp_path, "resolved.yaml", resolved)
    result = run("validate", again)
    assert result.returncode == 0, result.stderr
    with_seed = write(tmp_path, "big-seed.yaml", SMALL_BASE.replace("seed: 1", "seed: 18446744073709551616"))
    result = run("validate", with_seed)
    assert result.returncode == 2 and "2^64 - 1" in result.stderr, result.stderr


# ---- sizes -------------------------------------------------------------------

def test_an_organisation_too_large_for_memory_is_refused_before_building(tmp_path):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    config = os.path.join(repo, "configs", "baseline.yaml")
    result = run("run", config, "--no-output", "-q", "--set", "org.scale=100000", timeout=60)
    assert result.returncode == 2, result.stderr
    assert "needs about" in result.stderr and "this machine has" in result.stderr
    assert "--ignore-memory-limit" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_design_too_large_for_memory_is_refused_even_on_a_dry_run(tmp_path):
    write(tmp_path, "base.yaml", SMALL_BASE)
    sweep = write(tmp_path, "sobol.yaml", """\
        base: base.yaml
        replications: 1
        design: {type: sobol, samples: 1073741824}
        parameters:
          arrival_rate: {min: 3.0, max: 4.0}
          service_rate: {min: 1.0, max: 1.3}
        outcomes:
          wait: mean_wait
        """)
    result = run("sweep", sweep, "--dry-run", timeout=60)
    assert result.returncode == 2, result.stderr
    assert "needs about" in result.stderr and "points" in result.stderr, result.stderr


def test_validate_refuses_a_period_longer_than_the_run(tmp_path):
    config = write(tmp_path, "c.yaml", SMALL_BASE.replace("period: 100", "period: 1000"))
    for command in ["validate", "run"]:
        result = run(command, config, "--no-output" if command == "run" else "--resolved")
        assert result.returncode == 2, result.stderr
        assert "key 'parameters.period'" in result.stderr or "key 'period'" in result.stderr


def test_validate_refuses_the_phold_lps_the_kernel_cannot_hold(tmp_path):
    config = write(tmp_path, "p.yaml", "model: phold\n")
    result = run("validate", config, "--set", "lps=16777216")
    assert result.returncode == 2 and "lps" in result.stderr and "out of range" in result.stderr
    assert run("validate", config, "--set", "lps=16777215").returncode == 0


# ---- smaller -----------------------------------------------------------------

def test_a_directory_as_config_says_so(tmp_path):
    result = run("run", tmp_path)
    assert result.returncode == 2 and "is a directory" in result.stderr, result.stderr


def test_an_endless_file_as_config_is_refused(tmp_path):
    result = run("validate", "/dev/zero", timeout=60)
    assert result.returncode == 2 and "larger than 64 MiB" in result.stderr, result.stderr


def test_messages_keep_nul_bytes_visible_and_cut_long_keys(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text('model: mmc\nparameters:\n  "ab\\0cd": 1\n')
    result = run("validate", path)
    assert result.returncode == 2
    assert "\\x00" in result.stderr or "\\0" in result.stderr, result.stderr
    key = "k" * (1 << 20)
    # An explicit key: a plain one is limited to 1024 characters by YAML.
    path.write_text(f"model: mmc\nparameters:\n  ? {key}\n  : 1\n")
    result = run("validate", path)
    assert result.returncode == 2
    assert len(result.stderr) < 2000 and "more bytes" in result.stderr, len(result.stderr)


def test_wording_of_small_errors(tmp_path):
    config = write(tmp_path, "c.yaml", SMALL_BASE)
    result = run("validate", config, "--set", "servers=[1]")
    assert result.returncode == 2
    assert "expected an integer value" in result.stderr, result.stderr
    assert ":1:1" not in result.stderr, result.stderr


def test_unknown_command_suggests_and_help_prints_help():
    result = run("rnu")
    assert result.returncode == 2
    assert "did you mean 'run'" in result.stderr, result.stderr
    result = run("help")
    assert result.returncode == 0 and "sweep" in result.stdout
    result = run("help", "run")
    assert result.returncode == 0 and "--dump-json" in result.stdout


# ---- signals -----------------------------------------------------------------

SLOW_SWEEP = """\
base: base.yaml
replications: 4
design:
  type: grid
parameters:
  servers: [5, 6, 7, 8]
  arrival_rate: {min: 3.0, max: 4.0, points: 8}
outcomes:
  wait: mean_wait
"""


@pytest.mark.parametrize("signal_number", [2, 15, 1])
def test_an_interrupted_sweep_says_what_it_kept_and_leaves_no_temporary(tmp_path, signal_number):
    import time

    write(tmp_path, "base.yaml", SMALL_BASE.replace("end_time: 500", "end_time: 400000"))
    sweep = write(tmp_path, "sweep.yaml", SLOW_SWEEP)
    output = tmp_path / "s.h5"
    process = subprocess.Popen([WFSIM, "sweep", sweep, "-o", output, "-q", "--threads", "1"],
                               stderr=subprocess.PIPE, text=True)
    checkpoint = tmp_path / "s.h5.checkpoint"
    deadline = time.time() + 60
    while not checkpoint.exists() and time.time() < deadline and process.poll() is None:
        time.sleep(0.01)
    time.sleep(0.2)
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == -signal_number, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "interrupted by SIG" in lines[0] and "--resume" in lines[0] and str(checkpoint) in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.yaml", "s.h5.checkpoint",
                                                         "sweep.yaml"]


def test_resume_removes_a_temporary_file_left_by_a_killed_sweep(tmp_path):
    sweep = write_sweep(tmp_path)
    output = tmp_path / "s.h5"
    # A temporary file of a process that no longer exists.
    stale = tmp_path / ".s.h5.999999999.part"
    stale.write_text("torn")
    result = run("sweep", sweep, "-o", output, "--resume", "-q", "--threads", "1")
    assert result.returncode == 0, result.stderr
    assert "removed" in result.stderr and stale.name in result.stderr
    assert not stale.exists() and output.exists()
