"""Shared pieces of the analyst-facing tests: the program, small workforce
configs that run in seconds, and the results module on sys.path."""
import os
import pathlib
import subprocess
import sys
import textwrap

SOURCE_DIR = pathlib.Path(os.environ.get("WFSIM_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
WFSIM = os.environ.get("WFSIM_BIN", str(SOURCE_DIR / "build/release/wfsim"))
BUILD_DIR = pathlib.Path(WFSIM).resolve().parent
PYTHON = "/usr/bin/python3"

sys.path.insert(0, str(SOURCE_DIR / "scripts" / "python"))

# A small organisation: 36 people, a short past and warm-up, 14 months.
SMALL = """\
model: workforce
seed: {seed}
replications: {replications}
parameters:
  simulation:
    months: 14
    warmup_months: 6
    history_months: 12
  org:
    teams:
      - {{archetype: consumer, teams: 3, size: 8}}
      - {{archetype: fine_tuner, teams: 1, size: 6}}
      - {{archetype: trainer, teams: 1, size: 6}}
  early_warning:
    calibration_replications: 19   # the fewest for a 5 % false-alarm rate
{extra}"""

DRAINING = """\
  schedule:
    - {month: 8, key: policy.tokens.budget_per_head, value: 4}
    - {month: 8, key: policy.approval.signoffs, value: 2}
"""


def run(*args, cwd=None, timeout=600):
    return subprocess.run([WFSIM, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def small_config(directory, name, seed=3, replications=4, extra=""):
    path = pathlib.Path(directory) / name
    path.write_text(SMALL.format(seed=seed, replications=replications, extra=extra))
    return path
