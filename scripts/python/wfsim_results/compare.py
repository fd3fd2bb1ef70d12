"""Paired comparison of scenarios run with common random numbers.

Runs made with the same seed share their random streams replication by
replication: every draw is a function of (seed, replication, entity,
stream, counter), so replication i of each scenario meets the same
recruiter calls, offers and survey noise as far as the scenarios agree.
The difference of an outcome between two scenarios is therefore taken
pair by pair (replication i against replication i), and its confidence
interval is that of the mean of the paired differences: much tighter than
the difference of two independent means.

    from wfsim_results import compare
    ds = compare.compare(["results/baseline.h5", "results/drain.h5"], window=(7, 36))
    print(compare.table(ds))
    compare.write(ds, "results/comparison.h5")   # opens in xarray (h5netcdf)

``python3 -m wfsim_results.compare FILES... [--window A:B] [--by-role]
[-o OUT]`` does the same from the command line (``wfsim compare`` calls
it).
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import sys

import h5py
import numpy as np
import xarray as xr

from . import WfsimResultsError, _text, check, open_run, provenance, scalars, series_names

__all__ = [
    "COMPARISON_FORMAT",
    "IncompatibleRuns",
    "DEFAULT_SERIES",
    "compare",
    "open_comparison",
    "table",
    "write",
    "t_quantile",
]

COMPARISON_FORMAT = "wfsim-comparison"
COMPARISON_VERSION = 1
CONFIDENCE = 0.95

# Series compared over the window when present. A series counted "in the
# month" is summed over the window, any other (a level, a mean, a rate) is
# averaged.
DEFAULT_SERIES = (
    "regretted_exits",
    "exits",
    "hires",
    "headcount",
    "attrition_rate",
    "experiments",
    "shipped_features",
    "shipped_value",
    "survey_engagement",
    "engagement",
    "effort",
    "searching_share",
)
BY_ROLE_SERIES = ("regretted_exits_by_role", "exits_by_role", "headcount_by_role")
# Monthly series kept in the comparison file for the silent-drain chart.
MONTHLY_SERIES = (
    "effort",
    "engagement",
    "experiments",
    "survey_engagement",
    "exits",
    "regretted_exits",
    "headcount",
    "attrition_rate",
)


class IncompatibleRuns(WfsimResultsError):
    """The files cannot be paired: different seeds, replications or months."""


def _t_central(t: float, dof: int) -> float:
    """P(|T| <= t) for Student's t with a whole number of degrees of freedom
    (the finite sums of Abramowitz and Stegun 26.7.3 and 26.7.4)."""
    theta = math.atan(t / math.sqrt(dof))
    c2 = math.cos(theta) ** 2
    if dof % 2 == 1:
        total, term = 0.0, math.cos(theta)
        for k in range(3, dof + 1, 2):
            total += term
            term *= c2 * (k - 1) / k
        return 2 / math.pi * (theta + math.sin(theta) * total) if dof > 1 else 2 * theta / math.pi
    total, term = 0.0, 1.0
    for k in range(2, dof + 1, 2):
        total += term
        term *= c2 * (k - 1) / k
    return math.sin(theta) * total


@functools.lru_cache(maxsize=None)
def t_quantile(p: float, dof: int) -> float:
    """The p-quantile (p > 0.5) of Student's t with ``dof`` degrees of
    freedom, by bisection on the exact distribution function: no SciPy,
    whose import alone would take a second."""
    if not 0.5 < p < 1 or dof < 1:
        raise ValueError("t_quantile needs 0.5 < p < 1 and dof >= 1")
    target = 2 * p - 1
    low, high = 0.0, 1.0
    while _t_central(high, dof) < target:
        high *= 2
    for _ in range(80):
        middle = (low + high) / 2
        if _t_central(middle, dof) < target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _mean_ci(values: np.ndarray) -> tuple[float, float, float, int]:
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = values.size
    if n == 0:
        return (math.nan, math.nan, math.nan, 0)
    mean = float(values.mean())
    if n < 2:
        return (mean, math.nan, math.nan, n)
    half = t_quantile(0.5 + CONFIDENCE / 2, n - 1) * float(values.std(ddof=1)) / math.sqrt(n)
    return (mean, mean - half, mean + half, n)


def _scenario_name(path: str, used: set) -> str:
    record = provenance(path)
    config = record.get("config_file") or path
    name = os.path.splitext(os.path.basename(str(config)))[0] or "scenario"
    # Two runs of one config (a --set variant) keep distinct names.
    base, k = name, 2
    while name in used:
        name = f"{base}-{k}"
        k += 1
    used.add(name)
    return name


def _check_pairable(paths: list[str]) -> list[dict]:
    records = []
    for path in paths:
        root = check(path)
        record = provenance(path)
        with h5py.File(path, "r") as f:
            replications = [int(r) for r in f["replication"][()]]
        records.append({"path": path, "root": root, "seed": record.get("seed"),
                        "replications": replications})
    first = records[0]
    for other in records[1:]:
        if other["seed"] != first["seed"]:
            raise IncompatibleRuns(
                f"{other['path']}: seed {other['seed']}, but {first['path']} has seed "
                f"{first['seed']}: replications pair only under the same seed (common random "
                f"numbers); run both with the same --seed"
            )
        if other["replications"] != first["replications"]:
            raise IncompatibleRuns(
                f"{other['path']}: {len(other['replications'])} replications, but "
                f"{first['path']} has {len(first['replications'])}: run both with the same "
                f"--replications"
            )
    return records


def _period_dim(ds: xr.Dataset) -> str:
    return ds.attrs.get("period_dimension") or "month"


def _window_slice(ds: xr.Dataset, window) -> tuple[int, int]:
    period = _period_dim(ds)
    periods = ds[period].values
    first, last = int(periods.min()), int(periods.max())
    if window is None:
        return first, last
    a, b = window
    a = first if a is None else int(a)
    b = last if b is None else int(b)
    if not (first <= a <= b <= last):
        raise IncompatibleRuns(
            f"--window {a}:{b} is outside the run's {period}s {first}..{last} (or empty)"
        )
    return a, b


# Counted per month, though their long names do not say "in the month".
SUMMED = {"regretted_exits", "regretted_exits_by_role"}


def _summed(name: str, long_name: str) -> bool:
    return name in SUMMED or "in the month" in long_name


def compare(paths, window=None, by_role: bool = False, series=None,
            names: list[str] | None = None) -> xr.Dataset:
    """The comparison of the runs in ``paths`` (the first is the reference):
    for every scalar outcome and each series over ``window`` (first, last
    period; default the whole run), each scenario's mean and the paired
    difference from the reference, each with a 95 % confidence interval
    (``estimate`` = mean, ci_low, ci_high) and the number of pairs."""
    paths = [os.fspath(p) for p in paths]
    if len(paths) < 2:
        raise IncompatibleRuns("compare needs at least two runs")
    records = _check_pairable(paths)
    used: set = set()
    if names is None:
        names = [_scenario_name(p, used) for p in paths]
    elif len(names) != len(paths) or len(set(names)) != len(names):
        raise IncompatibleRuns(f"--names: {len(paths)} different names needed")
    runs = [open_run(p) for p in paths]
    period = _period_dim(runs[0])
    months = [r.sizes.get(period) for r in runs]
    if len(set(months)) != 1:
        raise IncompatibleRuns(
            f"{paths[months.index(max(months))]}: {max(months)} {period}s against "
            f"{min(months)}: the runs must cover the same {period}s"
        )
    first, last = _window_slice(runs[0], window)
    per_run = [scalars(p) for p in paths]
    wanted = list(series) if series is not None else [s for s in DEFAULT_SERIES]
    if by_role:
        wanted += list(BY_ROLE_SERIES)

    # outcome name -> (per scenario: per-replication values [, by category]), attrs
    outcomes: dict[str, tuple[list[np.ndarray], dict, str | None]] = {}
    for column in per_run[0].columns:
        units = per_run[0].attrs["units"].get(column, "")
        long_name = per_run[0].attrs["long_name"].get(column, column)
        values = [frame[column].to_numpy(dtype=float) for frame in per_run]
        outcomes[column] = (values, {"units": units, "long_name": long_name,
                                     "kind": "per-replication result"}, None)
    for name in wanted:
        if name not in runs[0] or any(name not in r for r in runs):
            continue
        da0 = runs[0][name]
        long_name = da0.attrs.get("long_name", name)
        summed = _summed(name, long_name)
        extra = [d for d in da0.dims if d not in ("replication", period)]
        values = []
        for r in runs:
            window_data = r[name].sel({period: slice(first, last)})
            reduced = window_data.sum(period, min_count=1) if summed else window_data.mean(period)
            values.append(reduced.transpose("replication", *extra).to_numpy().astype(float))
        how = "total" if summed else "mean"
        out_name = f"{name}_{how}_in_window"
        outcomes[out_name] = (
            values,
            {"units": da0.attrs.get("units", ""),
             "long_name": f"{long_name.replace(' in the month', '')}: {how} over "
                          f"{period}s {first}-{last}",
             "kind": f"series {how} over the window"},
            extra[0] if extra else None,
        )

    estimate = ["mean", "ci_low", "ci_high"]
    data_vars = {}
    categories: dict[str, list] = {}
    for out_name, (values, attrs, category) in outcomes.items():
        if category is not None:
            categories[category] = [str(v) for v in runs[0][category].values]
        cat_size = values[0].shape[1] if category is not None else None
        shape = (len(paths), 3) + ((cat_size,) if category else ())
        level = np.full(shape, np.nan)
        difference = np.full(shape, np.nan)
        pairs = np.zeros((len(paths),) + ((cat_size,) if category else ()), dtype=np.int64)
        for s in range(len(paths)):
            for k in range(cat_size if category else 1):
                own = values[s][:, k] if category else values[s]
                ref = values[0][:, k] if category else values[0]
                index = (s, slice(None)) + ((k,) if category else ())
                level[index] = _mean_ci(own)[:3]
                d = _mean_ci(own - ref)
                difference[index] = d[:3]
                pairs[(s,) + ((k,) if category else ())] = d[3]
        dims = ("scenario", "estimate") + ((category,) if category else ())
        base = {"units": attrs["units"], "outcome_kind": attrs["kind"]}
        data_vars[out_name] = (dims, level, {**base, "long_name": attrs["long_name"]})
        data_vars[f"{out_name}_difference"] = (
            dims, difference,
            {**base, "long_name": f"{attrs['long_name']}: paired difference from "
                                  f"{names[0]} (replication by replication)"})
        data_vars[f"{out_name}_pairs"] = (
            dims[:1] + dims[2:], pairs,
            {"units": "1", "long_name": f"{attrs['long_name']}: replications with a value in "
                                        f"both this scenario and {names[0]}"})

    # Monthly means with intervals, for charts on one time axis.
    monthly_months = runs[0][period].values
    for name in MONTHLY_SERIES:
        if any(name not in r for r in runs) or len(runs[0][name].dims) != 2:
            continue
        arr = np.full((len(paths), len(monthly_months), 3), np.nan)
        for s, r in enumerate(runs):
            x = r[name].transpose("replication", period).to_numpy().astype(float)
            for m in range(x.shape[1]):
                arr[s, m, :] = _mean_ci(x[:, m])[:3]
        da0 = runs[0][name]
        data_vars[f"monthly_{name}"] = (
            ("scenario", period, "estimate"), arr,
            {"units": da0.attrs.get("units", ""),
             "long_name": f"{da0.attrs.get('long_name', name)} (mean over replications)",
             "visibility": da0.attrs.get("visibility", "")})

    if all("regretted_exits" in r for r in runs):
        arr = np.full((len(paths), len(monthly_months), 3), np.nan)
        for s, r in enumerate(runs):
            x = r["regretted_exits"].transpose("replication", period).to_numpy().astype(float)
            x = np.nancumsum(x, axis=1)
            for m in range(x.shape[1]):
                arr[s, m, :] = _mean_ci(x[:, m])[:3]
        data_vars["monthly_cumulative_regretted_exits"] = (
            ("scenario", period, "estimate"), arr,
            {"units": "1", "long_name": "regretted exits since the first reported month "
                                        "(mean over replications)"})

    coords = {
        "scenario": ("scenario", names, {"long_name": "scenario (the first is the reference)"}),
        "estimate": ("estimate", estimate,
                     {"long_name": "mean over replications and the bounds of its 95 % "
                                   "confidence interval (Student's t)"}),
        period: (period, monthly_months.astype(np.int32),
                 {"units": "1", "long_name": f"reported {period} (1: the first)"}),
    }
    for category, labels in categories.items():
        coords[category] = (category, labels, {"long_name": category})
    ds = xr.Dataset(data_vars, coords=coords)
    root = records[0]["root"]
    ds.attrs = {
        "Conventions": "CF-1.8",
        "wfsim_format": COMPARISON_FORMAT,
        "wfsim_format_version": COMPARISON_VERSION,
        "title": f"wfsim comparison: {', '.join(names[1:])} against {names[0]}",
        "reference_scenario": names[0],
        "scenario_files": [os.path.abspath(p) for p in paths],
        "seed": int(records[0]["seed"]),
        "replications": len(records[0]["replications"]),
        "window_first": first,
        "window_last": last,
        "period_dimension": period,
        "confidence_level": CONFIDENCE,
        "pairing": "common random numbers: replication i of every scenario uses the same "
                   "seed and replication index, hence the same random streams",
        "model": str(root.get("model", "")),
    }
    # The policy changes of each scenario (month, key, value), for charts.
    changes = []
    for name, p in zip(names, paths):
        for month, key, value in _schedule(p):
            changes.append(f"{name}|{month}|{key}|{value}")
    ds.attrs["schedule_changes"] = changes if changes else [""]
    ds.attrs["early_warning_reference_months"] = _reference_months(paths[0])
    return ds


def _resolved_parameters(path: str) -> dict:
    import yaml

    resolved = provenance(path).get("config_resolved", "")
    try:
        document = yaml.safe_load(resolved) or {}
    except yaml.YAMLError:
        return {}
    return document.get("parameters", {}) or {}


def _schedule(path: str) -> list[tuple[int, str, str]]:
    rows = _resolved_parameters(path).get("schedule") or []
    out = []
    for row in rows:
        if isinstance(row, dict) and "month" in row:
            out.append((int(row["month"]), str(row.get("key", "")), str(row.get("value", ""))))
    return out


def _reference_months(path: str) -> int:
    early = _resolved_parameters(path).get("early_warning") or {}
    return int(early.get("baseline_months", 0) or 0)


def open_comparison(path) -> xr.Dataset:
    """A comparison file written by ``write`` (or ``wfsim compare``)."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    with h5py.File(path, "r") as f:
        kind = _text(f.attrs.get("wfsim_format", ""))
    if kind != COMPARISON_FORMAT:
        raise WfsimResultsError(f"{path}: not a wfsim comparison file")
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        return ds.load()


def write(ds: xr.Dataset, path, overwrite: bool = False) -> None:
    """Writes the comparison as HDF5 (netCDF-4, opens with
    ``xr.open_dataset(path, engine="h5netcdf")``), atomically: a temporary
    file renamed into place."""
    path = os.fspath(path)
    if os.path.exists(path) and not overwrite:
        raise FileExistsError(f"{path}: exists; give --overwrite to replace it")
    directory = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.part")
    encoding = {n: {"_FillValue": np.nan} for n in ds.data_vars if ds[n].dtype.kind == "f"}
    try:
        ds.to_netcdf(temporary, engine="h5netcdf", encoding=encoding, invalid_netcdf=True)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def _cell(mean: float, low: float, high: float) -> str:
    if math.isnan(mean):
        return "-"
    if math.isnan(low):
        return _num(mean)
    return f"{_num(mean)} [{_num(low)}, {_num(high)}]"


def _num(x: float) -> str:
    a = abs(x)
    if a != 0 and (a >= 1e6 or a < 1e-3):
        return f"{x:.3g}"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 10:
        return f"{x:.1f}"
    return f"{x:.3f}" if a < 1 else f"{x:.2f}"


def outcome_names(ds: xr.Dataset) -> list[str]:
    """The compared outcomes (their mean variables) in file order."""
    return [n for n in ds.data_vars
            if f"{n}_difference" in ds.data_vars and "scenario" in ds[n].dims]


def table(ds: xr.Dataset) -> str:
    """The comparison as a console table: each scenario's mean and each
    difference from the reference, with 95 % confidence intervals."""
    names = [str(s) for s in ds["scenario"].values]
    lines = [
        f"{', '.join(names[1:])} against {names[0]}: {ds.attrs['replications']} paired "
        f"replications (seed {ds.attrs['seed']}), {ds.attrs['period_dimension']}s "
        f"{ds.attrs['window_first']}-{ds.attrs['window_last']}; [95 % confidence intervals]"
    ]
    header = ["outcome", "units"] + names + [f"{n} - {names[0]}" for n in names[1:]]
    rows = []
    for name in outcome_names(ds):
        level = ds[name]
        diff = ds[f"{name}_difference"]
        extra = [d for d in level.dims if d not in ("scenario", "estimate")]
        labels = [None] if not extra else [str(v) for v in ds[extra[0]].values]
        for label in labels:
            sel = {} if label is None else {extra[0]: label}
            lv = level.sel(sel)
            dv = diff.sel(sel)
            if np.all(np.isnan(lv.sel(estimate="mean").values)):
                continue
            units = level.attrs.get("units", "")
            row = [name if label is None else f"{name}[{label}]", "" if units == "1" else units]
            for s in range(len(names)):
                row.append(_cell(*[float(lv.isel(scenario=s).sel(estimate=e))
                                   for e in ("mean", "ci_low", "ci_high")]))
            for s in range(1, len(names)):
                row.append(_cell(*[float(dv.isel(scenario=s).sel(estimate=e))
                                   for e in ("mean", "ci_low", "ci_high")]))
            rows.append(row)
    widths = [max(len(str(r[c])) for r in rows + [header]) for c in range(len(header))]
    fmt = lambda r: "  ".join(  # noqa: E731
        (str(v).ljust(widths[c]) if c < 2 else str(v).rjust(widths[c])) for c, v in enumerate(r))
    lines.append(fmt(header))
    lines.extend(fmt(r) for r in rows)
    return "\n".join(lines)


def _parse_window(text: str | None):
    if not text:
        return None
    parts = text.split(":")
    try:
        if len(parts) != 2:
            raise ValueError
        return tuple(int(p) if p else None for p in parts)
    except ValueError:
        raise IncompatibleRuns(f"--window {text}: expected FIRST:LAST, e.g. 7:36") from None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="wfsim compare", description="paired comparison of runs made with the same seed")
    parser.add_argument("files", nargs="+", help="results files; the first is the reference")
    parser.add_argument("--window", help="FIRST:LAST months compared (default: the whole run)")
    parser.add_argument("--by-role", action="store_true", help="also exits by role")
    parser.add_argument("-o", "--output", help="comparison file to write (HDF5)")
    parser.add_argument("--overwrite", action="store_true")
    parser.add_argument("-q", "--quiet", action="store_true")
    parser.add_argument("--names", help="scenario names, comma-separated (default: the configs')")
    args = parser.parse_args(argv)
    try:
        if args.output and os.path.exists(args.output) and not args.overwrite:
            raise WfsimResultsError(f"{args.output}: exists; give --overwrite to replace it")
        ds = compare(args.files, window=_parse_window(args.window), by_role=args.by_role,
                     names=args.names.split(",") if args.names else None)
    except (WfsimResultsError, FileNotFoundError) as error:
        print(f"wfsim: error: {error}", file=sys.stderr)
        return 2
    if args.output:
        write(ds, args.output, overwrite=args.overwrite)
    if not args.quiet:
        print(table(ds))
        if args.output:
            print(f"comparison: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
