"""A freshly written results file, read by h5py, xarray (h5netcdf), pandas
and h5dump, holds what the engine computed (compared with the engine's own
--dump-json of the raw replication results)."""
import subprocess
import warnings

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from conftest import MMC_CONFIG, SHOWCASE, SOURCE_DIR, WFSIM, read_dump, run, write_config


def series_array(dump, name, width):
    """(replication, month[, width]) array of one series from the dump."""
    rows = [np.asarray(dump[r]["series"][name], dtype=float) for r in sorted(dump)]
    array = np.stack(rows)
    return array.reshape(len(rows), -1, width) if width > 1 else array


def test_xarray_sees_named_dimensions_and_coordinates_with_no_extra_code(showcase_run):
    ds = xr.open_dataset(showcase_run["path"], engine="h5netcdf")
    assert ds["level"].dims == ("replication", "month")
    assert ds["level_by_group"].dims == ("replication", "month", "group")
    assert list(ds["replication"].values) == list(range(6))
    assert list(ds["month"].values) == list(range(1, 16))
    assert list(ds["group"].values) == ["alpha team", "beta", "γ team"]
    # A dimension only a table uses is no axis: its labels are with the column.
    assert "channel" not in ds.coords and "channel" not in ds.dims
    for name, variable in ds.data_vars.items():
        if name == "time_bnds":  # bounds take the time coordinate's units
            continue
        assert {"units", "long_name", "visibility"} <= set(variable.attrs), name
    assert ds["hidden_drive"].attrs["visibility"] == "latent"
    assert ds["level"].attrs["visibility"] == "observed"
    assert ds["draws"].attrs["visibility"] == "diagnostic"
    assert ds.attrs["wfsim_format"] == "wfsim-run"
    # Labelled selection works straight away.
    assert float(ds["level_by_group"].sel(replication=2, month=4, group="beta")) >= 0
    ds.close()


def test_series_match_what_the_engine_computed(showcase_run):
    dump = showcase_run["dump"]
    ds = xr.open_dataset(showcase_run["path"], engine="h5netcdf")
    for name, width in [("level", 1), ("level_by_group", 3), ("survey", 1), ("hidden_drive", 1),
                        ("leavers_by_reason", 2)]:
        expected = series_array(dump, name, width)
        np.testing.assert_array_equal(ds[name].values, expected, err_msg=name)
    # The quarterly survey is missing (NaN) in other months.
    assert np.isnan(ds["survey"].sel(month=1)).all()
    assert not np.isnan(ds["survey"].sel(month=3)).any()
    ds.close()


def test_summaries_match_numpy_over_the_replications(showcase_run):
    dump = showcase_run["dump"]
    path = showcase_run["path"]
    mean = xr.open_dataset(path, engine="h5netcdf", group="summary/mean")
    quantiles = xr.open_dataset(path, engine="h5netcdf", group="summary/quantiles")
    count = xr.open_dataset(path, engine="h5netcdf", group="summary/count")
    np.testing.assert_array_equal(quantiles["quantile"].values, [0.05, 0.25, 0.5, 0.75, 0.95])
    for name, width in [("level", 1), ("level_by_group", 3), ("hidden_drive", 1), ("survey", 1)]:
        values = series_array(dump, name, width)
        with warnings.catch_warnings():  # all-NaN months of the survey
            warnings.simplefilter("ignore", RuntimeWarning)
            expected_mean = np.nanmean(values, axis=0)
            expected_q = np.nanquantile(values, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
        np.testing.assert_allclose(mean[name].values, expected_mean, rtol=1e-12, err_msg=name)
        np.testing.assert_allclose(quantiles[name].values, expected_q, rtol=1e-12, err_msg=name)
        np.testing.assert_array_equal(count[name].values, np.sum(~np.isnan(values), axis=0))
    assert quantiles["level_by_group"].dims == ("quantile", "month", "group")


def test_event_tables_are_tidy_and_match_the_engine(showcase_run):
    dump = showcase_run["dump"]
    path = showcase_run["path"]
    table = xr.open_dataset(path, engine="h5netcdf", group="tables/departures")
    frame = table.to_dataframe()
    expected_rows = sum(len(dump[r]["tables"]["departures"]["person"]) for r in dump)
    assert len(frame) == expected_rows > 0
    expected_replication = [r for r in sorted(dump) for _ in dump[r]["tables"]["departures"]["person"]]
    assert list(frame["replication"]) == expected_replication
    for column in ["person", "month", "tenure", "drive_before", "group", "reason"]:
        expected = [v for r in sorted(dump) for v in dump[r]["tables"]["departures"][column]]
        np.testing.assert_array_equal(frame[column].values, expected, err_msg=column)
    # Category columns carry their labels, which pandas turns into categoricals.
    attrs = table["group"].attrs
    labels = list(attrs["categories"])
    assert labels == ["alpha team", "beta", "γ team"]
    assert list(attrs["flag_values"]) == [0, 1, 2]
    assert attrs["flag_meanings"] == "alpha_team beta γ_team"
    categorical = pd.Categorical.from_codes(frame["group"].values, categories=labels)
    assert set(categorical.categories) == set(labels)
    table.close()


def test_h5py_reads_scalars_provenance_and_the_panel(showcase_run):
    dump = showcase_run["dump"]
    with h5py.File(showcase_run["path"], "r") as f:
        onset = f["scalars/onset_month"][()]
        np.testing.assert_array_equal(onset, [dump[r]["scalars"]["onset_month"] for r in sorted(dump)])
        np.testing.assert_array_equal(f["diagnostics/kernel_events"][()],
                                      [dump[r]["events"] for r in sorted(dump)])
        record = f["provenance"]
        for key in ["wfsim_version", "git_commit", "seed", "threads", "start_time", "end_time",
                    "host", "command_line", "config_file", "model", "replications"]:
            assert key in record.attrs, key
        assert record.attrs["seed"] == 7 and record.attrs["threads"] == 2
        # The commit is the one the program was built from (written at each
        # build, not at configure time), marked when the tree had changes.
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=SOURCE_DIR,
                              capture_output=True, text=True)
        if head.returncode == 0:
            assert record.attrs["git_commit"] in (head.stdout.strip(), head.stdout.strip() + "-dirty")
        config = record["config"][()].decode()
        assert config == showcase_run["config"].read_text()
        resolved = record["config_resolved"][()].decode()
        assert "leave_rate:" in resolved and "months: 15" in resolved
        # Panel snapshots every 5 months: months 5, 10, 15 only.
        assert sorted(set(f["tables/panel/month"][()])) == [5, 10, 15]
        # Series are chunked and compressed.
        assert f["level"].chunks is not None and f["level"].compression == "gzip"
        assert f["tables/departures/tenure"].maxshape == (None,)


def test_h5dump_reads_the_file(showcase_run):
    result = subprocess.run(["h5dump", "-H", str(showcase_run["path"])], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for name in ['DATASET "level_by_group"', 'GROUP "summary"', 'GROUP "departures"',
                 'DATASET "config_resolved"', "DIMENSION_LIST"]:
        assert name in result.stdout
    data = subprocess.run(["h5dump", "-d", "/scalars/final_level", str(showcase_run["path"])],
                          capture_output=True, text=True, timeout=60)
    assert data.returncode == 0 and "DATA" in data.stdout


def test_results_do_not_depend_on_threads_and_h5diff_would_see_a_difference(tmp_path):
    config = write_config(tmp_path, "m.yaml", MMC_CONFIG)
    paths = {}
    for label, extra in [("t1", ["--threads", 1]), ("t2", ["--threads", 2]),
                         ("seed", ["--threads", 2, "--seed", 99])]:
        paths[label] = tmp_path / f"{label}.h5"
        result = run(WFSIM, "run", config, "-o", paths[label], "--quiet", *extra)
        assert result.returncode == 0, result.stderr

    def h5diff(a, b):
        return subprocess.run(["h5diff", "--exclude-path", "/provenance", str(a), str(b)],
                              capture_output=True, text=True, timeout=60)

    same = h5diff(paths["t1"], paths["t2"])
    assert same.returncode == 0, same.stdout + same.stderr
    different = h5diff(paths["t1"], paths["seed"])
    assert different.returncode == 1, different.stdout + different.stderr


def test_a_replication_does_not_depend_on_how_many_ran_beside_it(tmp_path):
    config = write_config(tmp_path, "m.yaml", MMC_CONFIG)
    few, many = tmp_path / "few.h5", tmp_path / "many.h5"
    assert run(WFSIM, "run", config, "-o", few, "-r", 2, "-t", 1, "--quiet").returncode == 0
    assert run(WFSIM, "run", config, "-o", many, "-r", 7, "-t", 2, "--quiet").returncode == 0
    a = xr.load_dataset(few, engine="h5netcdf")
    b = xr.load_dataset(many, engine="h5netcdf")
    xr.testing.assert_identical(a["arrivals"], b["arrivals"].sel(replication=[0, 1]))
    assert not np.array_equal(b["arrivals"].sel(replication=0), b["arrivals"].sel(replication=1))


def test_replications_can_be_set_in_the_config_and_on_the_command_line(tmp_path):
    config = write_config(tmp_path, "m.yaml", MMC_CONFIG)  # replications: 4
    out = tmp_path / "a.h5"
    assert run(WFSIM, "run", config, "-o", out, "--quiet").returncode == 0
    with h5py.File(out) as f:
        assert f["replication"].shape == (4,)
    out2 = tmp_path / "b.h5"
    assert run(WFSIM, "run", config, "-o", out2, "--quiet", "--set", "replications=3").returncode == 0
    with h5py.File(out2) as f:
        assert f["replication"].shape == (3,) and f.attrs["replications"] == 3


def test_a_model_without_periods_or_with_only_tables_writes_a_valid_file(phold_file):
    ds = xr.open_dataset(phold_file, engine="h5netcdf")
    assert ds.sizes["replication"] == 2 and not ds.data_vars
    lps = xr.open_dataset(phold_file, engine="h5netcdf", group="tables/lps").to_dataframe()
    assert len(lps) == 2 * 64
    assert sorted(set(lps["replication"])) == [0, 1]
    ds.close()


def test_the_console_summary_agrees_with_the_file(showcase_run):
    # The console prints the mean of `level` per month with 3 decimals.
    lines = showcase_run["stdout"].splitlines()
    assert lines[0].split()[:2] == ["month", "level"]
    printed = [float(line.split()[1]) for line in lines[1:16]]
    mean = xr.open_dataset(showcase_run["path"], engine="h5netcdf", group="summary/mean")
    np.testing.assert_allclose(mean["level"].values, printed, atol=5e-4)


def test_netcdf_tools_read_the_file_with_named_dimensions(showcase_run):
    result = subprocess.run(["ncdump", "-h", str(showcase_run["path"])], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    header = result.stdout
    for text in ["replication = 6 ;", "month = 15 ;", "group = 3 ;",
                 "double level_by_group(replication, month, group) ;",
                 "group: departures {", "row = UNLIMITED ;", "double tenure(row) ;",
                 "group: quantiles {", "double hidden_drive(quantile, month) ;"]:
        assert text in header, text
    values = subprocess.run(["ncdump", "-v", "group", str(showcase_run["path"])],
                            capture_output=True, text=True, timeout=60)
    assert values.returncode == 0 and '"alpha team", "beta", "γ team"' in values.stdout


def test_compression_level_is_chosen_on_the_command_line(tmp_path):
    config = write_config(tmp_path, "m.yaml", MMC_CONFIG)
    plain, packed = tmp_path / "plain.h5", tmp_path / "packed.h5"
    assert run(WFSIM, "run", config, "-o", plain, "--compression", 0, "--quiet").returncode == 0
    assert run(WFSIM, "run", config, "-o", packed, "--compression", 9, "--quiet").returncode == 0
    with h5py.File(plain) as a, h5py.File(packed) as b:
        assert a["arrivals"].compression is None
        assert b["arrivals"].compression == "gzip" and b["arrivals"].compression_opts == 9
        np.testing.assert_array_equal(a["arrivals"][()], b["arrivals"][()])
    bad = run(WFSIM, "run", config, "-o", tmp_path / "x.h5", "--compression", 10)
    assert bad.returncode == 2 and not (tmp_path / "x.h5").exists()
