"""Sweep results files (``wfsim sweep``): open them, rank the levers, plot
Morris and Sobol indices.

    from wfsim_results import sweep
    ds = sweep.open_sweep("results/levers.h5")
    sweep.ranked_levers(ds)              # one row per outcome and parameter, best first
    sweep.morris_plot(ds, "regretted_exits")
    sweep.sobol_plot(ds, "y")

Every index variable carries its outcome's units in ``units_by_outcome``
(a dict) and, after ``index_units``, as a DataArray on ``outcome``: Morris
mu, mu* and sigma are in the outcome's units (an elementary effect is the
change of the outcome over one step of the parameter's range); Sobol
indices are shares of the outcome's variance (units 1).
"""

from __future__ import annotations

import math
import os

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from . import WfsimResultsError, _text

__all__ = ["SWEEP_FORMAT", "open_sweep", "ranked_levers", "morris_plot", "sobol_plot"]

SWEEP_FORMAT = "wfsim-sweep"
SWEEP_VERSIONS = (2,)
MORRIS = ("mu", "mu_star", "mu_star_low", "mu_star_high", "sigma")
SOBOL = ("first_order", "first_order_low", "first_order_high", "total", "total_low", "total_high")


def open_sweep(path) -> xr.Dataset:
    """A sweep file as one Dataset (loaded). The outcome units are set on
    each index variable: ``ds.mu_star.attrs['units_by_outcome']`` maps
    outcome to units, and ``ds['outcome_units']`` holds them on the
    outcome axis."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    if not h5py.is_hdf5(path):
        raise WfsimResultsError(f"{path}: not an HDF5 file, so not a wfsim sweep file")
    with h5py.File(path, "r") as f:
        attrs = {k: _text(v) for k, v in f.attrs.items()}
    if attrs.get("wfsim_format") != SWEEP_FORMAT:
        raise WfsimResultsError(f"{path}: not a wfsim sweep file ('{attrs.get('wfsim_format')}')")
    if attrs.get("wfsim_format_version") not in SWEEP_VERSIONS:
        raise WfsimResultsError(
            f"{path}: sweep format version {attrs.get('wfsim_format_version')}; this module "
            f"reads {SWEEP_VERSIONS}")
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        ds = ds.load()
    units = {}
    if "outcome_units" in ds:
        units = {str(o): str(u) for o, u in zip(ds["outcome"].values, ds["outcome_units"].values)}
    for name in MORRIS + ("outcome_mean", "outcome_sd"):
        if name in ds:
            ds[name].attrs["units_by_outcome"] = units
    for name in SOBOL:
        if name in ds:
            ds[name].attrs["units"] = "1"
            ds[name].attrs["units_by_outcome"] = {o: "1" for o in units}
    return ds


def _design(ds: xr.Dataset) -> str:
    if "mu_star" in ds:
        return "morris"
    if "total" in ds:
        return "sobol"
    return str(ds.attrs.get("design", ""))


def ranked_levers(ds) -> pd.DataFrame:
    """Per outcome, the parameters from most to least influential: by mu*
    (Morris, with sigma) or by the total index ST (Sobol, with S1), each
    with its interval and the outcome's units. Empty for designs without
    indices."""
    if not isinstance(ds, xr.Dataset):
        ds = open_sweep(ds)
    design = _design(ds)
    rows = []
    units = {}
    if "outcome_units" in ds:
        units = {str(o): str(u) for o, u in zip(ds["outcome"].values, ds["outcome_units"].values)}
    for outcome in ds["outcome"].values:
        o = str(outcome)
        for parameter in ds["parameter"].values:
            sel = {"outcome": outcome, "parameter": parameter}
            if design == "morris":
                rows.append({"outcome": o, "parameter": str(parameter), "measure": "mu_star",
                             "value": float(ds["mu_star"].sel(sel)),
                             "low": float(ds["mu_star_low"].sel(sel)) if "mu_star_low" in ds
                             else math.nan,
                             "high": float(ds["mu_star_high"].sel(sel)) if "mu_star_high" in ds
                             else math.nan,
                             "sigma": float(ds["sigma"].sel(sel)),
                             "mu": float(ds["mu"].sel(sel)),
                             "units": units.get(o, "")})
            elif design == "sobol":
                rows.append({"outcome": o, "parameter": str(parameter), "measure": "total",
                             "value": float(ds["total"].sel(sel)),
                             "low": float(ds["total_low"].sel(sel)),
                             "high": float(ds["total_high"].sel(sel)),
                             "first_order": float(ds["first_order"].sel(sel)),
                             "first_order_low": float(ds["first_order_low"].sel(sel)),
                             "first_order_high": float(ds["first_order_high"].sel(sel)),
                             "units": "1", "outcome_units": units.get(o, "")})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["rank"] = frame.groupby("outcome", sort=False)["value"].rank(
        ascending=False, method="first", na_option="bottom").astype(int)
    order = {o: k for k, o in enumerate(dict.fromkeys(frame["outcome"]))}
    frame["_o"] = frame["outcome"].map(order)
    return frame.sort_values(["_o", "rank"]).drop(columns="_o").reset_index(drop=True)


def morris_plot(ds, outcome: str, ax=None):
    """mu* against sigma for one outcome, each point a parameter, with the
    interval of mu*; axes in the outcome's units."""
    import matplotlib.pyplot as plt

    if not isinstance(ds, xr.Dataset):
        ds = open_sweep(ds)
    if "mu_star" not in ds:
        raise WfsimResultsError("not a Morris sweep: no mu_star")
    ax = ax or plt.subplots(figsize=(7, 4.5), constrained_layout=True)[1]
    unit = ds["mu_star"].attrs.get("units_by_outcome", {}).get(outcome, "")
    sel = ds.sel(outcome=outcome)
    x = sel["mu_star"].values
    y = sel["sigma"].values
    low = sel["mu_star_low"].values if "mu_star_low" in sel else x
    high = sel["mu_star_high"].values if "mu_star_high" in sel else x
    ax.errorbar(x, y, xerr=[x - low, high - x], fmt="o", capsize=3)
    for xi, yi, name in zip(x, y, sel["parameter"].values):
        ax.annotate(str(name), (xi, yi), textcoords="offset points", xytext=(5, 4), fontsize=8)
    u = f" ({unit})" if unit and unit != "1" else ""
    ax.set_xlabel(f"mu*: mean absolute effect on {outcome}{u}")
    ax.set_ylabel(f"sigma: spread of the effects{u}")
    ax.set_title(f"Morris screening of {outcome}: influence against non-linearity")
    return ax


def sobol_plot(ds, outcome: str, ax=None):
    """First-order (S1) and total (ST) indices of one outcome as bars with
    their bootstrap intervals."""
    import matplotlib.pyplot as plt

    if not isinstance(ds, xr.Dataset):
        ds = open_sweep(ds)
    if "total" not in ds:
        raise WfsimResultsError("not a Sobol sweep: no total indices")
    ax = ax or plt.subplots(figsize=(7, 4.5), constrained_layout=True)[1]
    sel = ds.sel(outcome=outcome)
    names = [str(p) for p in sel["parameter"].values]
    pos = np.arange(len(names))
    for offset, (name, label) in zip((-0.2, 0.2), (("first_order", "S1 (first order)"),
                                                   ("total", "ST (total)"))):
        v = sel[name].values
        err = [v - sel[f"{name}_low"].values, sel[f"{name}_high"].values - v]
        ax.barh(pos + offset, v, height=0.38, xerr=err, capsize=3, label=label)
    ax.set_yticks(pos, names)
    ax.invert_yaxis()
    ax.set_xlabel(f"share of the variance of {outcome} (95 % bootstrap interval)")
    ax.set_title(f"Sobol indices of {outcome}")
    ax.legend(loc="lower right")
    return ax


def ranking_table(ds, top: int | None = None) -> str:
    """The ranked levers per outcome as console text."""
    frame = ranked_levers(ds)
    if frame.empty:
        return "no sensitivity indices in this design (grid or Latin hypercube)"

    def num(x):
        if not math.isfinite(x):
            return "-"
        a = abs(x)
        return f"{x:.3g}" if a < 1000 else f"{x:,.0f}"

    lines = []
    for outcome, group in frame.groupby("outcome", sort=False):
        measure = group.iloc[0]["measure"]
        if measure == "mu_star":
            unit = group.iloc[0]["units"]
            words = {"": "a count or share", "1": "a count or share",
                     "1e3": "thousands of dollars", "1e6": "millions of tokens"}.get(unit, unit)
            lines.append(f"{outcome} ({words}): "
                         f"levers by mu* [95 % interval], sigma")
        else:
            lines.append(f"{outcome}: levers by total index ST [95 % interval], first order S1 "
                         f"(shares of its variance)")
        rows = group if top is None else group.head(top)
        width = max(len(p) for p in rows["parameter"])
        for _, r in rows.iterrows():
            extra = (f"sigma {num(r['sigma'])}" if measure == "mu_star"
                     else f"S1 {num(r['first_order'])}")
            lines.append(f"  {int(r['rank'])}. {r['parameter']:<{width}}  {num(r['value'])} "
                         f"[{num(r['low'])}, {num(r['high'])}]  {extra}")
    return "\n".join(lines)


def main(argv=None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python3 -m wfsim_results.sweep",
                                     description="the ranked levers of a sweep file")
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        print(ranking_table(open_sweep(args.file), args.top))
    except (WfsimResultsError, FileNotFoundError) as error:
        print(f"wfsim: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
