"""Load wfsim results files into xarray and pandas.

A run's results file (written by ``wfsim run``) opens in one call:

    import sys; sys.path.insert(0, "scripts/python")
    import wfsim_results as wr

    ds = wr.open_run("results/baseline.h5")       # series: (replication, month[, role])
    s = wr.summary("results/baseline.h5")         # (statistic, month[, role])
    exits = wr.events("results/baseline.h5", "exits")   # one row per exit, categoricals
    per_run = wr.scalars("results/baseline.h5")   # one row per replication
    wr.provenance("results/baseline.h5")["config"]

The layout is documented in docs/results-format.md, a stable public format
with a major version (``wfsim_format_version``): this module reads every
major version up to ``FORMAT_VERSION`` and refuses newer ones with
``NewerFormatError``. Everything here uses only h5py, xarray (h5netcdf
engine), numpy and pandas.
"""

from __future__ import annotations

import os
from typing import Any

import h5py
import numpy as np
import pandas as pd
import xarray as xr

__all__ = [
    "WfsimResultsError",
    "NotAResultsFile",
    "NewerFormatError",
    "RUN_FORMAT",
    "FORMAT_VERSION",
    "SUPPORTED_VERSIONS",
    "check",
    "open_run",
    "summary",
    "scalars",
    "diagnostics",
    "events",
    "table_names",
    "provenance",
    "by_visibility",
    "by_date",
    "series_names",
    "lead_times",
]

RUN_FORMAT = "wfsim-run"
# The newest major version of the run layout this module reads. A minor
# version (``wfsim_format_minor_version``) only adds to a major one, so any
# minor version of a known major version is read.
FORMAT_VERSION = 2
# Version 1 files lack the CF time coordinate; everything else reads alike.
SUPPORTED_VERSIONS = (1, 2)
STATISTICS = ("mean", "p5", "p25", "p50", "p75", "p95", "count")


class WfsimResultsError(Exception):
    """A problem with a wfsim results file."""


class NotAResultsFile(WfsimResultsError):
    """The file is not a wfsim run's results file (or of a version this
    module does not read)."""


class NewerFormatError(NotAResultsFile):
    """The file was written by a newer wfsim, in a major version of the
    format this module does not know: update the module (it ships with
    wfsim, in scripts/python or <prefix>/share/wfsim/python)."""


def _text(value: Any) -> Any:
    """Attribute values as plain Python: str for text, scalars for numbers."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "OSU":
            return [_text(v) for v in value.tolist()]
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def check(path: str | os.PathLike) -> dict:
    """Checks that ``path`` is a wfsim run's results file and returns its
    root attributes. Raises FileNotFoundError when it does not exist and
    NotAResultsFile when it is something else."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    if os.path.isdir(path):
        raise NotAResultsFile(f"{path}: is a directory, not a wfsim results file")
    try:
        is_hdf5 = h5py.is_hdf5(path)
    except OSError as error:
        raise NotAResultsFile(f"{path}: cannot be read ({error})") from error
    if not is_hdf5:
        raise NotAResultsFile(f"{path}: not an HDF5 file, so not a wfsim results file")
    with h5py.File(path, "r") as f:
        attrs = {k: _text(v) for k, v in f.attrs.items()}
    kind = attrs.get("wfsim_format")
    if kind is None:
        raise NotAResultsFile(
            f"{path}: an HDF5 file without the 'wfsim_format' attribute, so not written by wfsim"
        )
    if kind != RUN_FORMAT:
        raise NotAResultsFile(f"{path}: a '{kind}' file, not a run's results ('{RUN_FORMAT}')")
    version = attrs.get("wfsim_format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        minor = attrs.get("wfsim_format_minor_version", 0)
        raise NewerFormatError(
            f"{path}: written by a newer wfsim, in results format version {version}.{minor}; "
            f"this wfsim_results reads versions up to {FORMAT_VERSION}: use the "
            f"wfsim_results of the wfsim that wrote the file"
        )
    if version not in SUPPORTED_VERSIONS:
        raise NotAResultsFile(
            f"{path}: results format version {version}; this module reads {SUPPORTED_VERSIONS}"
        )
    return attrs


def _load(path: str, group: str | None = None) -> xr.Dataset:
    with xr.open_dataset(path, engine="h5netcdf", group=group) as ds:
        return ds.load()


def open_run(path: str | os.PathLike, lazy: bool = False) -> xr.Dataset:
    """The per-replication series: variables on (replication, month) or
    (replication, month, <dimension>), with units, long_name and visibility
    attributes, and the file's global attributes. Loaded into memory unless
    ``lazy`` (then close the dataset when done)."""
    check(path)
    if lazy:
        return xr.open_dataset(path, engine="h5netcdf")
    return _load(os.fspath(path))


def summary(path: str | os.PathLike) -> xr.Dataset:
    """Statistics across replications per period: every series on
    (statistic, month[, <dimension>]) with statistic one of mean, p5, p25,
    p50, p75, p95 (quantiles) and count (replications with a value)."""
    root = check(path)
    path = os.fspath(path)
    mean = _load(path, "summary/mean")
    quantiles = _load(path, "summary/quantiles")
    count = _load(path, "summary/count")
    labels = [f"p{round(q * 100)}" for q in quantiles["quantile"].values]
    out = {}
    for name in series_names(mean):
        parts = [
            mean[name].expand_dims(statistic=["mean"]),
            quantiles[name].rename(quantile="statistic").assign_coords(statistic=labels),
            count[name].astype(float).expand_dims(statistic=["count"]),
        ]
        combined = xr.concat(parts, dim="statistic", coords="minimal", compat="override")
        combined.attrs = {
            "units": mean[name].attrs.get("units", ""),
            "long_name": mean[name].attrs.get("long_name", "").replace(
                "mean over replications of: ", ""
            ),
            "visibility": mean[name].attrs.get("visibility", ""),
        }
        out[name] = combined.drop_vars("quantile", errors="ignore")
    result = xr.Dataset(out)
    if "statistic" not in result.coords:
        result = result.assign_coords(statistic=list(STATISTICS))
    quantile_values = [np.nan] + [float(q) for q in quantiles["quantile"].values] + [np.nan]
    result = result.assign_coords(quantile=("statistic", quantile_values))
    result.attrs = dict(root)
    result.attrs.update(_group_attrs(path, "summary"))
    return result


def _group_attrs(path: str, group: str) -> dict:
    with h5py.File(path, "r") as f:
        return {k: _text(v) for k, v in f[group].attrs.items()}


def _frame(path: str, group: str) -> pd.DataFrame:
    ds = _load(path, group)
    frame = ds.to_dataframe()
    frame.attrs = {
        "units": {n: ds[n].attrs.get("units", "") for n in ds.data_vars},
        "long_name": {n: ds[n].attrs.get("long_name", "") for n in ds.data_vars},
        "visibility": {n: ds[n].attrs.get("visibility", "") for n in ds.data_vars},
    }
    return frame


def scalars(path: str | os.PathLike) -> pd.DataFrame:
    """One row per replication (indexed by replication), one column per
    per-replication result: for the workforce model, the early-warning
    results (drain_onset_month, alarm_month_<indicator>,
    lead_months_<indicator>). Units and long names are in ``.attrs``."""
    check(path)
    return _frame(os.fspath(path), "scalars")


def run_summary(path: str | os.PathLike, name: str = "early_warning") -> pd.DataFrame:
    """A table about the run as a whole (``run_summaries/<name>``, format
    2.1 and later): for the workforce model's ``early_warning``, one row per
    indicator and one for the HR alarm (``hr``), with the threshold, the
    false-alarm target and measured rates, the share of replications that
    alarm and the median lead with its 95 % interval. Units and long names
    are in ``.attrs``."""
    check(path)
    return _frame(os.fspath(path), f"run_summaries/{name}")


def diagnostics(path: str | os.PathLike) -> pd.DataFrame:
    """Per-replication facts about the simulation (kernel events)."""
    check(path)
    return _frame(os.fspath(path), "diagnostics")


def table_names(path: str | os.PathLike) -> list[str]:
    """The event tables in a results file."""
    check(path)
    with h5py.File(path, "r") as f:
        return list(f["tables"].keys())


def events(path: str | os.PathLike, name: str) -> pd.DataFrame:
    """An event table as a tidy DataFrame, one row per event, with a
    ``replication`` column first. Category columns (role, turnover path...)
    are pandas categoricals with their labels; units, long names and
    visibility (observed or latent) per column are in ``.attrs``."""
    check(path)
    with h5py.File(path, "r") as f:
        tables = f["tables"]
        if name not in tables:
            raise KeyError(f"{os.fspath(path)}: no table {name!r}; tables: {', '.join(tables)}")
        group = tables[name]
        columns = {}
        units = {}
        long_names = {}
        visibility = {}
        for column, dataset in group.items():
            if dataset.attrs.get("CLASS") == b"DIMENSION_SCALE":
                continue  # the row dimension
            values = dataset[()]
            categories = dataset.attrs.get("categories")
            if categories is not None:
                labels = _text(categories)
                values = pd.Categorical.from_codes(values, categories=labels)
            columns[column] = values
            units[column] = _text(dataset.attrs.get("units", ""))
            long_names[column] = _text(dataset.attrs.get("long_name", ""))
            visibility[column] = _text(dataset.attrs.get("visibility", ""))
        long_name = _text(group.attrs.get("long_name", ""))
    frame = pd.DataFrame(columns)
    frame.attrs = {"table": name, "long_name": long_name, "units": units,
                   "long_names": long_names, "visibility": visibility}
    return frame


def provenance(path: str | os.PathLike) -> dict:
    """How the file was made: model, wfsim version and git commit, seed,
    replications, threads, host, start and end time, command line, the
    config as given (``config``) and as resolved with defaults
    (``config_resolved``), and per-replication wall-clock seconds."""
    check(path)
    with h5py.File(path, "r") as f:
        group = f["provenance"]
        record = {k: _text(v) for k, v in group.attrs.items()}
        for name in ("config", "config_resolved"):
            record[name] = _text(group[name][()])
        record["replication_wall_seconds"] = pd.Series(
            group["replication_wall_seconds"][()],
            index=pd.Index(group["replication"][()], name="replication"),
        )
    return record


def series_names(ds: xr.Dataset) -> list[str]:
    """The results variables of ``ds``: every data variable but the time
    coordinate's bounds (``time_bnds``)."""
    bounds = {ds[c].attrs.get("bounds") for c in ds.variables} | {
        ds[c].encoding.get("bounds") for c in ds.variables
    }
    return [n for n in ds.data_vars if n not in bounds]


def by_date(ds: xr.Dataset) -> xr.Dataset:
    """``ds`` indexed by date: the period dimension (``month``) replaced by
    the ``time`` coordinate (the start of each period, dated from the run's
    ``start_date``), so that the series line up with other dated data, for
    example ``ds.sel(time="2025-06")`` or a join with an HR system's monthly
    figures. The period numbers stay as a coordinate."""
    if "time" not in ds.coords:
        raise WfsimResultsError(
            "no time coordinate: the model's periods have no length in time, or the file "
            "predates format version 2"
        )
    period = ds["time"].dims[0]
    return ds.drop_vars([n for n in ("time_bnds",) if n in ds.variables]).swap_dims({period: "time"})


def by_visibility(ds: xr.Dataset, visibility: str) -> list[str]:
    """Names of the variables of ``ds`` whose visibility is ``visibility``
    (observed, latent or diagnostic)."""
    return [n for n in ds.data_vars if ds[n].attrs.get("visibility") == visibility]


def lead_times(per_run: pd.DataFrame | str | os.PathLike, prefix: str = "lead_months_") -> pd.DataFrame:
    """The lead-time scalars (``<prefix><indicator>``) in long form: one row
    per replication and indicator, NaN where the indicator never alarmed."""
    if not isinstance(per_run, pd.DataFrame):
        per_run = scalars(per_run)
    columns = [c for c in per_run.columns if c.startswith(prefix)]
    if not columns:
        return pd.DataFrame({"replication": [], "indicator": [], "lead_months": []})
    long = per_run[columns].reset_index().melt(
        id_vars="replication", var_name="indicator", value_name="lead_months"
    )
    long["indicator"] = long["indicator"].str.slice(len(prefix))
    return long
