"""The wfsim program's commands, end to end."""
import json
import os
import subprocess

WFSIM = os.environ.get("WFSIM_BIN", "build/release/wfsim")


def run(*args):
    return subprocess.run([WFSIM, *args], capture_output=True, text=True, timeout=300)


def test_models_lists_the_builtin_models():
    result = run("models")
    assert result.returncode == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert "phold" in names and "mmc" in names


def test_params_prints_every_parameter_with_type_default_and_help():
    result = run("params", "phold")
    assert result.returncode == 0
    for key in ["lps", "events_per_lp", "end_time", "lookahead", "mean_delay", "remote"]:
        assert f"\n{key}\n" in "\n" + result.stdout
    assert "default: 0.25" in result.stdout
    markdown = run("params", "mmc", "--markdown")
    assert markdown.stdout.startswith("| key | type |")
    assert "`arrival_rate`" in markdown.stdout


def test_validate_resolved_is_a_valid_config(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("model: mmc\nparameters:\n  servers: 3\n  arrival_rate: 2.0\n")
    resolved = run("validate", str(config), "--resolved")
    assert resolved.returncode == 0, resolved.stderr
    assert "servers: 3" in resolved.stdout and "warmup:" in resolved.stdout
    again = tmp_path / "resolved.yaml"
    again.write_text(resolved.stdout)
    assert run("validate", str(again)).returncode == 0


def test_run_stats_are_identical_across_thread_counts(tmp_path):
    config = tmp_path / "p.yaml"
    config.write_text("model: phold\nseed: 3\nparameters:\n  lps: 300\n  end_time: 50\n")
    stats = []
    for threads in ["1", "2"]:
        result = run("run", str(config), "--threads", threads, "--quiet", "--stats",
                     "--replications", "3", "--no-output")
        assert result.returncode == 0, result.stderr
        stats.append(json.loads(result.stdout))
    assert stats[0]["events"] == stats[1]["events"] > 0
    assert stats[0]["replications"] == 3


def test_run_prints_a_period_table_for_models_with_periods(tmp_path):
    config = tmp_path / "m.yaml"
    config.write_text("model: mmc\nparameters:\n  end_time: 5000\n  period: 1000\n")
    result = run("run", str(config), "-r", "2", "--no-output")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["period", "arrivals", "mean_wait"]
    assert [l.split()[0] for l in lines[1:6]] == ["1", "2", "3", "4", "5"]
    assert "erlang_c_wait" in result.stdout
