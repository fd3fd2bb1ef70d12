"""Bad input to the wfsim program: one located error, exit status 2."""
import os
import subprocess
import textwrap

import pytest

WFSIM = os.environ.get("WFSIM_BIN", "build/release/wfsim")


def run(*args, cwd=None):
    return subprocess.run([WFSIM, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def write(tmp_path, text, name="config.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


@pytest.mark.parametrize(
    "text, line, column, key, words",
    [
        ("model: phlod\n", 1, 8, "model", "did you mean 'phold'"),
        ("seed: 3\n", 1, 1, "model", "missing"),
        ("model: phold\nparameters:\n  lps: many\n", 3, 8, "parameters.lps", "whole number"),
        ("model: phold\nparameters:\n  remote: 1.5\n", 3, 11, "parameters.remote", "out of range"),
        ("model: phold\nparameters:\n  remtoe: 0.5\n", 3, 3, "parameters.remtoe",
         "did you mean 'parameters.remote'"),
        ("model: phold\nparameters:\n  lps: [1, 2\n", 4, None, None, "YAML syntax error"),
        ("model: mmc\nparameters:\n  arrival_rate: 3\n", 3, 17, "arrival_rate", "unstable"),
    ],
)
@pytest.mark.parametrize("command", ["run", "validate"])
def test_bad_config_is_one_located_error(tmp_path, command, text, line, column, key, words):
    path = write(tmp_path, text)
    result = run(command, str(path))
    assert result.returncode == 2, result.stderr
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    message = lines[0]
    where = f"{path}:{line}:" + (f"{column}:" if column else "")
    assert message.startswith(where), message
    if key:
        assert f"key '{key}'" in message
    assert words in message
    assert result.stdout == ""
    # Nothing was written next to the config.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]


def test_missing_config_file(tmp_path):
    result = run("run", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert "nope.yaml" in result.stderr and "cannot open" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["frobnicate"],
        ["run", "x.yaml", "--threads", "-3"],
        ["run", "x.yaml", "--replications", "0"],
        ["params", "nosuchmodel"],
    ],
)
def test_bad_command_line_exits_2(args):
    result = run(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.strip()


def test_bad_override_names_the_override(tmp_path):
    path = write(tmp_path, "model: phold\n")
    result = run("run", str(path), "--set", "lps=0")
    assert result.returncode == 2
    assert "--set lps=0" in result.stderr and "out of range" in result.stderr
