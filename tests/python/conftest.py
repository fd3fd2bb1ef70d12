"""Shared fixtures of the results-file tests: the wfsim programs under test,
small configs, and the analysis module on sys.path."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("WFSIM_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
WFSIM = os.environ.get("WFSIM_BIN", str(SOURCE_DIR / "build/release/wfsim"))
SHOWCASE = os.environ.get("WFSIM_SHOWCASE_BIN", str(SOURCE_DIR / "build/release/tests/wfsim_showcase"))

sys.path.insert(0, str(SOURCE_DIR / "scripts" / "python"))


def run(program, *args, cwd=None, timeout=300, env=None):
    """Runs a wfsim program and returns the CompletedProcess (text mode)."""
    return subprocess.run(
        [program, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout, env=env
    )


def write_config(directory, name, text):
    path = pathlib.Path(directory) / name
    path.write_text(text)
    return path


SHOWCASE_CONFIG = """\
model: showcase
description: every feature of a results schema
seed: 7
replications: 6
parameters:
  months: 15
  people: 30
  snapshot_every: 5
"""

MMC_CONFIG = """\
model: mmc
seed: 3
replications: 4
parameters:
  arrival_rate: 2.5
  servers: 3
  end_time: 4000
  warmup: 200
  period: 200
"""

PHOLD_CONFIG = """\
model: phold
seed: 2
replications: 2
parameters:
  lps: 64
  end_time: 20
"""


def read_dump(path):
    """The replications of a --dump-json file, by replication number."""
    def missing_as_nan(value):
        # Missing values are null in the dump (NaN is not JSON).
        if value is None:
            return float("nan")
        if isinstance(value, list):
            return [missing_as_nan(v) for v in value]
        if isinstance(value, dict):
            return {k: missing_as_nan(v) for k, v in value.items()}
        return value

    with open(path) as f:
        return {r["replication"]: missing_as_nan(r) for r in map(json.loads, f)}


@pytest.fixture(scope="session")
def showcase_run(tmp_path_factory):
    """A small showcase run: its results file and the engine's raw dump."""
    directory = tmp_path_factory.mktemp("showcase")
    config = write_config(directory, "showcase.yaml", SHOWCASE_CONFIG)
    output = directory / "showcase.h5"
    dump = directory / "showcase.jsonl"
    result = run(SHOWCASE, "run", config, "-o", output, "--dump-json", dump, "--threads", 2)
    assert result.returncode == 0, result.stderr
    return {"path": output, "dump": read_dump(dump), "config": config, "stdout": result.stdout}


@pytest.fixture(scope="session")
def mmc_file(tmp_path_factory):
    directory = tmp_path_factory.mktemp("mmc")
    config = write_config(directory, "mmc.yaml", MMC_CONFIG)
    output = directory / "mmc.h5"
    result = run(WFSIM, "run", config, "-o", output, "--quiet")
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="session")
def phold_file(tmp_path_factory):
    directory = tmp_path_factory.mktemp("phold")
    config = write_config(directory, "phold.yaml", PHOLD_CONFIG)
    output = directory / "phold.h5"
    result = run(WFSIM, "run", config, "-o", output, "--quiet")
    assert result.returncode == 0, result.stderr
    return output


def pytest_configure(config):
    # Skips are reported with their reasons in the short summary.
    if "s" not in config.option.reportchars:
        config.option.reportchars += "s"


def pytest_sessionfinish(session, exitstatus):
    """Everything skipped: exit 77, which CTest reports as a skipped test
    (SKIP_RETURN_CODE) rather than a quiet pass."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if exitstatus == 0 and reporter is not None:
        if reporter.stats.get("skipped") and not reporter.stats.get("passed"):
            session.exitstatus = 77
