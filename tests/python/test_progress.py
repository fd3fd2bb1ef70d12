"""Progress of `wfsim run`: a redrawn bar with ETA on a terminal, plain
lines when not a terminal, nothing with --quiet."""
import json
import os
import pty
import re
import select
import subprocess

from conftest import SHOWCASE, run, write_config

CONFIG = """\
model: showcase
replications: 20
parameters:
  months: 24
  people: 50
  work: 20000
"""


def test_plain_lines_when_not_a_terminal(tmp_path):
    config = write_config(tmp_path, "p.yaml", CONFIG)
    result = run(SHOWCASE, "run", config, "--no-output", "--threads", 2)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines, "no progress at all"
    assert "\r" not in result.stderr and "\x1b" not in result.stderr
    pattern = re.compile(r"^replications: (\d+)/20 \(\d+%\) elapsed \S+ ETA \S+$")
    done = []
    for line in lines:
        match = pattern.match(line)
        assert match, line
        done.append(int(match.group(1)))
    assert done[-1] == 20 and lines[-1].endswith("ETA 0s")
    assert done == sorted(done)


def test_quiet_prints_nothing(tmp_path):
    config = write_config(tmp_path, "p.yaml", CONFIG)
    result = run(SHOWCASE, "run", config, "-o", tmp_path / "q.h5", "--quiet")
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""
    assert (tmp_path / "q.h5").exists()


def test_a_bar_with_eta_on_a_terminal(tmp_path):
    config = write_config(tmp_path, "p.yaml", CONFIG)
    master, slave = pty.openpty()
    process = subprocess.Popen([SHOWCASE, "run", str(config), "--no-output", "--threads", "2"],
                               stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    output = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the program
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=120)
    os.close(master)
    assert process.returncode == 0
    text = output.decode()
    # Redrawn in place: carriage return and erase-line, a bar, an ETA.
    frames = [f for f in text.split("\r\x1b[K") if f.strip()]
    assert len(frames) >= 2, text
    assert re.search(r"replications \[#*\.*\] +\d+/20 +\d+%  elapsed \S+  ETA \S+", frames[0])
    assert frames[-1].startswith("replications [" + "#" * 30 + "] 20/20 100%")
    assert frames[-1].rstrip().endswith("ETA 0s")


# A workforce run calibrates its early warning on in-control replications
# first: that work is shown like the run's own, and a problem with the
# output is found before it starts.
WORKFORCE = """\
model: workforce
replications: 2
parameters:
  simulation: {months: 12, warmup_months: 6, history_months: 12}
  org:
    teams: [{archetype: consumer, teams: 2, size: 6}]
  early_warning: {false_alarm_rate: 0.25, calibration_replications: 30}
"""


def test_a_calibration_is_announced_and_shows_its_progress(tmp_path):
    from conftest import WFSIM

    config = write_config(tmp_path, "w.yaml", WORKFORCE)
    result = run(WFSIM, "run", config, "-o", tmp_path / "w.h5", "--threads", 2)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "on 30 replications" in lines[0]
    assert "early_warning.calibration_replications" in lines[0]
    assert any(re.match(r"^calibration replications: 30/30 \(100%\) .* ETA 0s$", l) for l in lines)
    calibration_end = next(i for i, l in enumerate(lines) if l.startswith("calibration replications: 30/30"))
    assert all(not l.startswith("replications:") for l in lines[:calibration_end])

    stats = run(WFSIM, "run", config, "--no-output", "--quiet", "--stats")
    assert stats.returncode == 0 and stats.stderr == ""
    figures = json.loads(stats.stdout.splitlines()[-1])
    assert figures["prepare_seconds"] > 0

    uncalibrated = run(WFSIM, "run", config, "--no-output", "--quiet", "--stats",
                       "--set", "early_warning.calibration_replications=0")
    assert json.loads(uncalibrated.stdout.splitlines()[-1])["prepare_seconds"] == 0


def test_an_existing_output_is_refused_before_the_calibration(tmp_path):
    from conftest import WFSIM

    config = write_config(tmp_path, "w.yaml",
                          WORKFORCE.replace("calibration_replications: 30",
                                            "calibration_replications: 100000"))
    existing = tmp_path / "w.h5"
    existing.write_text("earlier results")
    result = run(WFSIM, "run", config, "-o", existing, timeout=60)
    assert result.returncode == 2
    assert "calibrating" not in result.stderr
    assert "--overwrite" in result.stderr
    assert existing.read_text() == "earlier results"
