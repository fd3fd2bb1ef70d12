"""The notebook scripts/notebooks/silent-drain.ipynb executes headlessly
(jupyter nbconvert --execute) on a fresh comparison of a small baseline and
a draining organisation, finds its file from the current folder, and
writes nothing into the repository."""
import json
import os
import subprocess
import sys

from conftest import SOURCE_DIR, WFSIM, run

sys.path.insert(0, str(SOURCE_DIR / "tests" / "analysis"))
from conftest_small import DRAINING, small_config  # noqa: E402

NOTEBOOK = SOURCE_DIR / "scripts" / "notebooks" / "silent-drain.ipynb"


def git_status():
    return subprocess.run(["git", "-C", str(SOURCE_DIR), "status", "--porcelain", "--ignored",
                           "--", "scripts", "configs", "docs", "README.md"],
                          capture_output=True, text=True).stdout


def test_the_silent_drain_notebook_tells_the_comparison(tmp_path):
    baseline = small_config(tmp_path, "baseline.yaml", seed=3, replications=4)
    draining = small_config(tmp_path, "draining.yaml", seed=3, replications=4, extra=DRAINING)
    made = run(WFSIM, "compare", baseline, draining, "--window", "8:14", "-q", cwd=tmp_path,
               timeout=600)
    assert made.returncode == 0, made.stderr
    before = git_status()
    # Resolved from the current folder, as a person would give it.
    # PWD: the folder a shell would be in when starting nbconvert.
    environment = dict(os.environ, WFSIM_RESULTS="results/compare-baseline-vs-draining.h5",
                       PWD=str(tmp_path),
                       MPLBACKEND="module://matplotlib_inline.backend_inline")
    executed = subprocess.run(
        ["jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.timeout=300", "--output-dir", str(tmp_path / "out"),
         "--output", "executed", str(NOTEBOOK)],
        capture_output=True, text=True, timeout=600, env=environment, cwd=tmp_path)
    assert executed.returncode == 0, executed.stderr[-3000:]
    assert git_status() == before, "the notebook wrote into the repository"
    notebook = json.loads((tmp_path / "out" / "executed.ipynb").read_text())
    outputs = [o for cell in notebook["cells"] if cell["cell_type"] == "code"
               for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3, "the figures were not drawn"
    text = "".join("".join(o.get("text", "")) for o in outputs)
    assert "more top performers than baseline" in text and "95 % CI" in text
