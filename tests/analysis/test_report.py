"""`wfsim report`: one self-contained HTML file for a run, a comparison and a
sweep, opened in real headless Chromium: every chart rendered, no console
errors, no request leaves the file; screenshots are kept in the build
folder (report-screenshots/) for a person to look at."""
import re
import shutil
import subprocess

import pytest

from conftest import BUILD_DIR, DRAINING, run, small_config

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = BUILD_DIR / "report-screenshots"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    baseline = small_config(folder, "baseline.yaml", seed=7, replications=6)
    draining = small_config(folder, "draining.yaml", seed=7, replications=6, extra=DRAINING)
    made = run("compare", baseline, draining, "--by-role", "-q", "-o", folder / "cmp.h5")
    assert made.returncode == 0, made.stderr
    sweep = folder / "levers.yaml"
    sweep.write_text(
        "base: baseline.yaml\nreplications: 1\ndesign: {type: morris, trajectories: 3, "
        "levels: 4}\nparameters:\n  policy.tokens.budget_per_head: {min: 4, max: 30}\n"
        "  policy.approval.latency_days: {min: 0.5, max: 10}\n"
        "  policy.pay.ai_premium: {min: 0.0, max: 0.15}\n"
        "outcomes:\n  regretted_exits: {series: regretted_exits, reduce: sum}\n"
        "  effort: {series: effort, reduce: mean}\n")
    swept = run("sweep", sweep, "-o", folder / "levers.h5")
    assert swept.returncode == 0, swept.stderr
    return {"run": folder / "cmp.draining.h5", "comparison": folder / "cmp.h5",
            "sweep": folder / "levers.h5", "sweep_stdout": swept.stdout}


def chromium(*args, timeout=120):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--no-first-run", "--disable-extensions", *args],
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("kind, charts", [
    ("run", {"silent-drain", "regretted-exits", "regretted_exits_by_role-chart"}),
    ("comparison", {"silent-drain", "regretted-exits"}),
    ("sweep", {"levers-0", "levers-1"}),
])
def test_report_opens_offline_in_chromium_with_every_chart(files, kind, charts, tmp_path):
    if CHROMIUM is None:
        pytest.fail("chromium is not installed: scripts/install-deps browser")
    out = tmp_path / f"{kind}.html"
    made = run("report", files[kind], "-o", out)
    assert made.returncode == 0, made.stderr
    text = out.read_text()
    # Self-contained: nothing to fetch, no script.
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:|//)""", text)
    assert "<script" not in text and "@import" not in text
    assert "95 % CI" in text or "interval" in text
    dom = chromium("--dump-dom", "--enable-logging=stderr", "--v=0", out.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [l for l in dom.stderr.splitlines() if "CONSOLE" in l or "Uncaught" in l]
    assert not console, console
    rendered = set(re.findall(r"<svg id=\"([^\"]+)\"", dom.stdout))
    assert charts <= rendered, (charts, rendered)
    # Every chart drew marks (lines, bands or bars), not an empty frame.
    for chart in re.findall(r"<svg id=\"[^\"]+\".*?</svg>", dom.stdout, flags=re.S):
        assert re.search(r"<(polyline|rect|polygon) [^>]*class=\"(series|bar|band)\"", chart)
    SHOTS.mkdir(exist_ok=True)
    shot = SHOTS / f"{kind}.png"
    if shot.exists():
        shot.unlink()
    taken = chromium(f"--screenshot={shot}", "--window-size=1000,3000", "--hide-scrollbars",
                     out.as_uri())
    assert taken.returncode == 0 and shot.stat().st_size > 10_000, taken.stderr[-2000:]


def test_run_report_says_the_answer_in_words(files, tmp_path):
    out = tmp_path / "run.html"
    assert run("report", files["run"], "-o", out).returncode == 0
    text = out.read_text()
    assert "regretted exits" in text and "annual attrition" in text
    assert "policy change, month 8" in text


def test_sweep_prints_ranked_levers(files):
    out = files["sweep_stdout"]
    assert "regretted_exits" in out and "levers by mu*" in out
    assert "1. policy." in out


def test_report_refuses_what_is_not_a_results_file(tmp_path):
    bogus = tmp_path / "notes.h5"
    bogus.write_text("not hdf5")
    bad = run("report", bogus, cwd=tmp_path)
    assert bad.returncode == 2, bad.stderr
    lines = [l for l in bad.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and str(bogus) in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.h5"]
    missing = run("report", tmp_path / "none.h5")
    assert missing.returncode == 2 and "no such file" in missing.stderr
