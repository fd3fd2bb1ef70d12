"""The analysis module (scripts/python/wfsim_results) on real results files
from the mmc, phold and showcase models: every loader and plot function,
and a clear error for files that are not wfsim results."""
import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import wfsim_results as wr  # noqa: E402
from wfsim_results import plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_open_run_gives_labelled_series(showcase_run, mmc_file):
    ds = wr.open_run(showcase_run["path"])
    assert ds["level_by_group"].dims == ("replication", "month", "group")
    assert ds.attrs["model"] == "showcase"
    np.testing.assert_array_equal(
        ds["level"].values, [showcase_run["dump"][r]["series"]["level"] for r in range(6)])
    mmc = wr.open_run(mmc_file)
    assert mmc["mean_wait"].dims == ("replication", "period")
    assert mmc.sizes["period"] == 20
    lazy = wr.open_run(mmc_file, lazy=True)
    assert float(lazy["arrivals"].sum()) == float(mmc["arrivals"].sum())
    lazy.close()


def test_summary_has_mean_quantiles_and_count_per_period(showcase_run):
    s = wr.summary(showcase_run["path"])
    assert list(s["statistic"].values) == ["mean", "p5", "p25", "p50", "p75", "p95", "count"]
    np.testing.assert_array_equal(s["quantile"].values[1:6], [0.05, 0.25, 0.5, 0.75, 0.95])
    level = np.array([showcase_run["dump"][r]["series"]["level"] for r in range(6)])
    np.testing.assert_allclose(s["level"].sel(statistic="mean").values, level.mean(axis=0),
                               rtol=1e-12)
    np.testing.assert_allclose(s["level"].sel(statistic="p50").values, np.median(level, axis=0))
    assert s["level_by_group"].dims == ("statistic", "month", "group")
    assert s["survey"].sel(statistic="count", month=1).item() == 0
    assert s["survey"].sel(statistic="count", month=3).item() == 6
    assert s["hidden_drive"].attrs["visibility"] == "latent"
    assert s.attrs["replications"] == 6


def test_events_are_tidy_frames_with_categoricals(showcase_run, phold_file):
    dump = showcase_run["dump"]
    exits = wr.events(showcase_run["path"], "departures")
    assert list(exits.columns) == ["replication", "person", "month", "group", "tenure", "reason",
                                   "drive_before"]
    assert exits["group"].dtype == "category"
    assert list(exits["group"].cat.categories) == ["alpha team", "beta", "γ team"]
    expected = [["alpha team", "beta", "γ team"][code]
                for r in sorted(dump) for code in dump[r]["tables"]["departures"]["group"]]
    assert list(exits["group"].astype(str)) == expected
    assert exits.attrs["units"]["tenure"] == "month"
    assert exits.attrs["visibility"]["drive_before"] == "latent"
    assert exits.attrs["visibility"]["tenure"] == "observed"
    # pandas does the usual things straight away.
    by_reason = exits.groupby("reason", observed=False).size()
    assert by_reason.sum() == len(exits)
    assert wr.table_names(showcase_run["path"]) == ["departures", "arrivals", "panel"]
    arrivals = wr.events(showcase_run["path"], "arrivals")
    codes = [c for r in sorted(dump) for c in dump[r]["tables"]["arrivals"]["channel"]]
    assert -1 in codes  # a missing category reads as NaN
    assert list(arrivals["channel"].isna()) == [c == -1 for c in codes]
    assert list(arrivals["channel"].cat.categories) == ["referral", "agency"]
    assert len(wr.events(showcase_run["path"], "panel")) > 0
    lps = wr.events(phold_file, "lps")
    assert len(lps) == 128 and lps["events"].sum() > 0
    with pytest.raises(KeyError, match="departures"):
        wr.events(showcase_run["path"], "exits")


def test_scalars_diagnostics_provenance_and_lead_times(showcase_run, mmc_file):
    dump = showcase_run["dump"]
    per_run = wr.scalars(showcase_run["path"])
    assert per_run.index.name == "replication"
    np.testing.assert_array_equal(per_run["final_level"],
                                  [dump[r]["scalars"]["final_level"] for r in range(6)])
    assert per_run.attrs["units"]["onset_month"] == "1"
    assert list(wr.diagnostics(mmc_file)["kernel_events"] > 0) == [True] * 4
    record = wr.provenance(showcase_run["path"])
    assert record["seed"] == 7 and record["model"] == "showcase"
    assert record["config"] == showcase_run["config"].read_text()
    assert "months: 15" in record["config_resolved"]
    assert len(record["replication_wall_seconds"]) == 6
    leads = wr.lead_times(per_run)
    assert list(leads.columns) == ["replication", "indicator", "lead_months"]
    assert set(leads["indicator"]) == {"survey"} and len(leads) == 6
    assert wr.lead_times(mmc_file).empty
    ds = wr.open_run(showcase_run["path"])
    assert wr.by_visibility(ds, "latent") == ["hidden_drive"]


def test_fan_chart_draws_median_bands_and_mean(showcase_run, mmc_file):
    ax = plots.fan_chart(showcase_run["path"], "level")
    median, mean = ax.lines[0], ax.lines[1]
    s = wr.summary(showcase_run["path"])
    np.testing.assert_allclose(median.get_ydata(), s["level"].sel(statistic="p50"))
    np.testing.assert_allclose(mean.get_ydata(), s["level"].sel(statistic="mean"))
    assert len(ax.collections) == 2  # the 5-95 and 25-75 bands
    # A sparse (quarterly) series is drawn at the months it has.
    sparse = plots.fan_chart(s, "survey")
    assert list(sparse.lines[0].get_xdata()) == [3, 6, 9, 12, 15]
    by_group = plots.fan_chart(s, "level_by_group", select={"group": "beta"})
    assert "group=beta" in by_group.get_title()
    with pytest.raises(ValueError, match="select"):
        plots.fan_chart(s, "level_by_group")
    plots.fan_chart(mmc_file, "utilisation")


def test_latent_vs_observed_puts_both_on_one_normalised_axis(showcase_run, mmc_file, tmp_path):
    ax = plots.latent_vs_observed(showcase_run["path"], marks={"onset": 5.0})
    labels = [line.get_label() for line in ax.lines if not line.get_label().startswith("_")]
    assert "hidden_drive (latent)" in labels
    assert {"level (observed)", "survey (observed)"} <= set(labels)
    assert not any(label.startswith("draws") for label in labels)  # diagnostic: neither
    latent = next(line for line in ax.lines if line.get_label() == "hidden_drive (latent)")
    assert latent.get_linestyle() == "--"
    assert latent.get_ydata()[0] == pytest.approx(1.0, abs=0.05)  # relative to the start
    ax.figure.savefig(tmp_path / "latent.png")
    assert (tmp_path / "latent.png").stat().st_size > 0
    chosen = plots.latent_vs_observed(mmc_file, observed=["arrivals"], latent=[], how="range")
    y = chosen.lines[0].get_ydata()
    assert np.nanmin(y) == 0.0 and np.nanmax(y) == 1.0
    with pytest.raises(KeyError):
        plots.latent_vs_observed(mmc_file, observed=["headcount"])


def test_normalise():
    assert list(plots.normalise([2.0, 2.0, 2.0, 4.0], "baseline", 3)) == [1.0, 1.0, 1.0, 2.0]
    assert list(plots.normalise([0.0, 0.0, 0.0, 5.0], "baseline")) == [0.0, 0.0, 0.0, 1.0]
    np.testing.assert_allclose(plots.normalise([1.0, np.nan, 3.0], "range"), [0.0, np.nan, 1.0])
    with pytest.raises(ValueError):
        plots.normalise([1.0], "log")


def test_lead_time_distribution(showcase_run, mmc_file):
    ax = plots.lead_time_distribution(showcase_run["path"])
    per_run = wr.scalars(showcase_run["path"])
    alarmed = int(per_run["lead_months_survey"].notna().sum())
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"survey  ({alarmed}/6 alarmed)"]
    plots.lead_time_distribution(wr.lead_times(per_run))
    with pytest.raises(ValueError, match="lead"):
        plots.lead_time_distribution(mmc_file)


def test_files_that_are_not_wfsim_results_get_a_clear_error(tmp_path):
    text = tmp_path / "notes.h5"
    text.write_text("hello\n")
    with pytest.raises(wr.NotAResultsFile, match="not an HDF5 file"):
        wr.open_run(text)
    plain = tmp_path / "plain.h5"
    with h5py.File(plain, "w") as f:
        f["x"] = np.arange(3)
    with pytest.raises(wr.NotAResultsFile, match="wfsim_format"):
        wr.events(plain, "exits")
    other = tmp_path / "sweep.h5"
    with h5py.File(other, "w") as f:
        f.attrs["wfsim_format"] = "wfsim-sweep"
        f.attrs["wfsim_format_version"] = 1
    with pytest.raises(wr.NotAResultsFile, match="wfsim-sweep"):
        wr.summary(other)
    future = tmp_path / "future.h5"
    with h5py.File(future, "w") as f:
        f.attrs["wfsim_format"] = "wfsim-run"
        f.attrs["wfsim_format_version"] = 99
    with pytest.raises(wr.NotAResultsFile, match="version 99"):
        wr.provenance(future)
    with pytest.raises(wr.NotAResultsFile, match="directory"):
        wr.scalars(tmp_path)
    with pytest.raises(FileNotFoundError):
        wr.open_run(tmp_path / "missing.h5")
    assert issubclass(wr.NotAResultsFile, wr.WfsimResultsError)


def test_the_format_is_versioned_and_a_newer_major_version_is_refused(showcase_run, tmp_path):
    import shutil
    assert wr.check(showcase_run["path"])["wfsim_format_version"] == wr.FORMAT_VERSION
    # A newer minor version only adds: it is read.
    newer_minor = tmp_path / "minor.h5"
    shutil.copy(showcase_run["path"], newer_minor)
    with h5py.File(newer_minor, "a") as f:
        f.attrs["wfsim_format_minor_version"] = np.int64(7)
        f.create_group("something_new")
    assert wr.open_run(newer_minor).sizes["replication"] == 6
    # A newer major version is refused, with what to do about it.
    newer_major = tmp_path / "major.h5"
    shutil.copy(showcase_run["path"], newer_major)
    with h5py.File(newer_major, "a") as f:
        f.attrs["wfsim_format_version"] = np.int64(wr.FORMAT_VERSION + 1)
        f.attrs["wfsim_format_minor_version"] = np.int64(0)
    with pytest.raises(wr.NewerFormatError, match=r"newer wfsim, in results format version 3\.0"):
        wr.open_run(newer_major)
    assert issubclass(wr.NewerFormatError, wr.NotAResultsFile)
