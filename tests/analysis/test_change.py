"""`--change KEY=VALUE@MONTH`: a change at a month on the schedule, variant
runs that never overwrite the plain config's results, and the note when the
early warning has no change to date."""
import h5py
import pytest
import yaml

from conftest import DRAINING, run, small_config


def resolved_schedule(path):
    with h5py.File(path, "r") as f:
        text = f["provenance/config_resolved"][()]
    text = text.decode() if isinstance(text, bytes) else text
    return yaml.safe_load(text)["parameters"].get("schedule") or []


def test_change_becomes_a_schedule_row_and_a_variant_file(tmp_path):
    config = small_config(tmp_path, "org.yaml", replications=2)
    plain = run("run", config, "-q", cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    variant = run("run", config, "--change", "policy.approval.signoffs=2@8", "--change",
                  "policy.tokens.budget_per_head=5@9", cwd=tmp_path)
    assert variant.returncode == 0, variant.stderr
    files = sorted(p.name for p in (tmp_path / "results").iterdir())
    assert "org.h5" in files and len(files) == 2, files
    variant_file = next(p for p in (tmp_path / "results").iterdir() if p.name != "org.h5")
    assert variant_file.name.startswith("org.variant-")
    assert f"results: results/{variant_file.name}" in variant.stdout
    assert "a variant of" in variant.stdout and "results/org.h5" in variant.stdout
    rows = resolved_schedule(variant_file)
    assert {(r["month"], r["key"], str(r["value"])) for r in rows} == {
        (8, "policy.approval.signoffs", "2"), (9, "policy.tokens.budget_per_head", "5")}
    assert resolved_schedule(tmp_path / "results" / "org.h5") == []
    # The same variant again names the same file, refused without --overwrite.
    again = run("run", config, "--change", "policy.approval.signoffs=2@8", "--change",
                "policy.tokens.budget_per_head=5@9", "-q", cwd=tmp_path)
    assert again.returncode == 2 and variant_file.name in again.stderr
    # A --set variant gets yet another name.
    other = run("run", config, "--set", "policy.approval.signoffs=2", "-q", cwd=tmp_path)
    assert other.returncode == 0, other.stderr
    assert len(list((tmp_path / "results").iterdir())) == 3


def test_a_change_gives_the_same_results_as_the_schedule_table(tmp_path):
    by_table = small_config(tmp_path, "table.yaml", replications=2, extra=DRAINING)
    by_flag = small_config(tmp_path, "flag.yaml", replications=2)
    a = run("run", by_table, "-q", "-o", tmp_path / "a.h5")
    b = run("run", by_flag, "-q", "-o", tmp_path / "b.h5", "--change",
            "policy.tokens.budget_per_head=4@8", "--change", "policy.approval.signoffs=2@8")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    with h5py.File(tmp_path / "a.h5") as fa, h5py.File(tmp_path / "b.h5") as fb:
        for name in ("exits", "effort", "experiments"):
            assert (fa[name][()] == fb[name][()]).all(), name


def test_the_note_when_nothing_changes_after_the_reference_months(tmp_path):
    config = small_config(tmp_path, "org.yaml", replications=1)
    plain = run("run", config, "--no-output")
    notes = [l for l in plain.stdout.splitlines() if l.startswith("note: early warning")]
    assert len(notes) == 1, plain.stdout
    assert "--change" in notes[0]
    early = run("run", config, "--no-output", "--change", "policy.approval.signoffs=2@3")
    assert any(l.startswith("note: early warning") for l in early.stdout.splitlines())
    changed = run("run", config, "--no-output", "--change", "policy.approval.signoffs=2@8")
    assert changed.returncode == 0, changed.stderr
    assert not any(l.startswith("note:") for l in changed.stdout.splitlines())


@pytest.mark.parametrize("change, words", [
    ("policy.approval.signofs=2@8", "did you mean 'policy.approval.signoffs'"),
    ("org.division_size=20@8", "cannot change during a run"),
    ("policy.approval.signoffs=2@99", "after the last month (14)"),
    ("policy.approval.signoffs=2@0", "whole number from 1"),
    ("policy.approval.signoffs=two@8", "whole number"),
    ("policy.tokens.rationing=lottery@8", "one of"),
    ("policy.approval.signoffs=2", "expected KEY=VALUE@MONTH"),
])
def test_bad_change_is_one_error_naming_the_argument(tmp_path, change, words):
    config = small_config(tmp_path, "org.yaml", replications=1)
    result = run("run", config, "--change", change, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"--change {change}: error:"), lines[0]
    assert words in lines[0]
    assert not (tmp_path / "results").exists() or not list((tmp_path / "results").iterdir())


def test_sweeps_take_changes_too(tmp_path):
    base = small_config(tmp_path, "org.yaml", replications=1)
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("base: org.yaml\nreplications: 1\ndesign: {type: grid}\n"
                     "parameters:\n  policy.pay.ai_premium: [0.0, 0.1]\n"
                     "outcomes:\n  exits: {series: exits, reduce: sum}\n")
    bad = run("sweep", sweep, "--dry-run", "--change", "policy.nope=1@3")
    assert bad.returncode == 2 and bad.stderr.startswith("--change policy.nope=1@3: error:")
    good = run("sweep", sweep, "-o", tmp_path / "s.h5", "-q", "--change",
               "policy.approval.signoffs=2@8")
    assert good.returncode == 0, good.stderr
    with h5py.File(tmp_path / "s.h5") as f:
        overrides = [o.decode() if isinstance(o, bytes) else o for o in f.attrs["overrides"]]
    assert overrides == ["--change policy.approval.signoffs=2@8"]
    assert base.exists()
