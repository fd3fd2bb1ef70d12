"""scripts/bench-instructions end to end: exact instruction counts per
employee-month, function by function, under callgrind."""
import os
import shutil
import subprocess

import pytest

SOURCE = os.environ["WFSIM_SOURCE_DIR"]
WFSIM = os.environ["WFSIM_BIN"]
SCRIPT = os.path.join(SOURCE, "scripts", "bench-instructions")
SMALL = ["--employees", "1000", "--months", "27", "--batch-replications", "1"]


@pytest.fixture(autouse=True)
def needs_valgrind():
    if shutil.which("valgrind") is None:
        pytest.fail("valgrind is missing: scripts/install-deps profile installs it")


def bench(*args):
    return subprocess.run(["/usr/bin/python3", SCRIPT, "--binary", WFSIM, "--no-doc", *args],
                          capture_output=True, text=True, timeout=300)


def rows(stdout):
    """{table title: {component: [numbers]}} of the printed tables."""
    tables, title = {}, None
    for line in stdout.splitlines():
        if line.startswith("**") and line.endswith("**"):
            title = line.strip("*")
            tables[title] = {}
        elif title and line.startswith("| ") and not line.startswith("| component"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            name = cells[0].replace("&nbsp;", "").strip("*")
            tables[title][name] = [float(c.rstrip(" %").replace(",", ""))
                                   for c in cells[1:] if c not in ("-", "")]
    return tables


def test_a_build_against_itself_executes_exactly_the_same_instructions():
    result = bench("--baseline", WFSIM, *SMALL)
    assert result.returncode == 0, result.stderr
    tables = rows(result.stdout)
    assert len(tables) == 3
    for title, table in tables.items():
        assert table, title
        for name, (baseline, candidate, ratio) in table.items():
            # Counted, not timed: the same program does the same work.
            assert baseline == candidate, (title, name)
            assert ratio == 1.0, (title, name)


def test_the_parts_add_up_and_the_month_is_mostly_the_model():
    result = bench(*SMALL)
    assert result.returncode == 0, result.stderr
    run, setup, batch = rows(result.stdout).values()
    month_end = run["month end, per person (`team_month_end`)"][0]
    events = run["events in the kernel's windows"][0]
    total = run["total"][0]
    # Every employee is walked at each month end and has about one event a
    # month: a few thousand instructions each, not tens or tens of thousands.
    assert 500 < month_end < 20_000
    assert 200 < events < 20_000
    parts = [values[0] for name, values in run.items()
             if name.startswith(("budget,", "push,", "stage rules", "engagement and"))]
    assert len(parts) == 4 and sum(parts) < month_end
    assert run["arrivals: experiments and recruiter calls (`experiments::on_arrival`)"][0] < events
    top = [run[name][0] for name in run if name.startswith(("month end,", "events in",
                                                              "organisation's", "everything"))]
    assert sum(top) == pytest.approx(total, rel=1e-3)
    # The run's months are the model's work, not overhead.
    assert month_end + events > 0.8 * total
    # The seats' past is most of the set-up, and the batch pays it.
    past = setup["the seats' past (`live_history`)"][0]
    assert 0.5 * setup["set-up (`set_up`: the organisation, the seats' past, initial state)"][0] \
        < past
    assert batch["the seats' past (`live_history`)"][0] > 0


@pytest.mark.parametrize("args, message", [
    (["--baseline", "/nonexistent/wfsim"], "--baseline /nonexistent/wfsim is not an executable"),
    (["--employees", "10"], "--employees must be at least 1000"),
    (["--months", "24"], "--months must be more than 24"),
    (["--batch-replications", "0"], "--batch-replications must be at least 1"),
])
def test_bad_options_are_one_error_before_any_run(args, message):
    result = bench(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
