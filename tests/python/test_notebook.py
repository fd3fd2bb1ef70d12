"""The example notebook scripts/notebooks/silent-drain.ipynb executes
headlessly (jupyter nbconvert --execute) on a fresh, small run of the
workforce baseline."""
import json
import os
import re
import subprocess

import pytest

from conftest import SOURCE_DIR, WFSIM, run

NOTEBOOK = SOURCE_DIR / "scripts" / "notebooks" / "silent-drain.ipynb"


def horizon_override():
    """--set for a short horizon, found in the model's parameter table."""
    listing = run(WFSIM, "params", "workforce")
    keys = re.findall(r"^(\S*months)\n", listing.stdout, flags=re.M)
    for key in keys:
        if key in ("months", "simulation.months", "horizon_months", "simulation.horizon_months"):
            return ["--set", f"{key}=24"]
    return []


def test_the_silent_drain_notebook_runs_on_a_baseline_run(tmp_path):
    models = run(WFSIM, "models")
    assert models.returncode == 0
    if "workforce" not in [line.split()[0] for line in models.stdout.splitlines() if line.strip()]:
        pytest.skip("LOUD SKIP: `wfsim models` does not list 'workforce', so there is no "
                    "baseline results file to run the silent-drain notebook on")
    config = SOURCE_DIR / "configs" / "baseline.yaml"
    assert config.is_file(), "the workforce model is built but configs/baseline.yaml is missing"
    results = tmp_path / "baseline.h5"
    # The fewest in-control replications that calibrate the early warning
    # (5 % needs 19): the notebook reads alarms, not their calibration.
    made = run(WFSIM, "run", config, "-r", 3, "-o", results, "--quiet", *horizon_override(),
               "--set", "early_warning.calibration_replications=19", timeout=600)
    assert made.returncode == 0, made.stderr
    # The inline backend renders figures as PNG outputs, headless; with Agg
    # nothing would be displayed.
    environment = dict(os.environ, WFSIM_RESULTS=str(results),
                       MPLBACKEND="module://matplotlib_inline.backend_inline")
    executed = subprocess.run(
        ["jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.timeout=300", "--output-dir", str(tmp_path),
         "--output", "executed", str(NOTEBOOK)],
        capture_output=True, text=True, timeout=600, env=environment, cwd=SOURCE_DIR)
    assert executed.returncode == 0, executed.stderr[-3000:]
    notebook = json.loads((tmp_path / "executed.ipynb").read_text())
    outputs = [o for cell in notebook["cells"] if cell["cell_type"] == "code"
               for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 4, "the figures were not drawn"
    text = "".join("".join(o.get("text", "")) for o in outputs)
    assert "In the median replication" in text or "never started" in text
