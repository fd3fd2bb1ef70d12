"""Plots of wfsim results: fan charts with quantile bands, latent and
observed indicators on one time axis, and the distribution of early-warning
lead times. Each function draws on a matplotlib Axes (a new one when none is
given) and returns it; nothing is shown or saved here.

    from wfsim_results import plots
    plots.fan_chart("results/baseline.h5", "effort")
    plots.latent_vs_observed("results/baseline.h5", observed=["experiments", "exits"],
                             latent=["effort", "engagement"])
    plots.lead_time_distribution("results/baseline.h5")
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import xarray as xr

from . import lead_times, scalars, summary

__all__ = ["fan_chart", "latent_vs_observed", "lead_time_distribution", "normalise"]


def _summary(source) -> xr.Dataset:
    if isinstance(source, xr.Dataset):
        if "statistic" not in source.dims:
            raise ValueError("expected the Dataset of wfsim_results.summary(), with a "
                             "'statistic' dimension")
        return source
    return summary(source)


def _period_dim(s: xr.Dataset) -> str:
    return s.attrs.get("period_dimension") or next(
        d for d in s.dims if d not in ("statistic",) and d in s.coords and s[d].dtype.kind in "iu"
    )


def _one_line(s: xr.Dataset, variable: str, select: dict | None) -> xr.DataArray:
    if variable not in s:
        raise KeyError(f"no series {variable!r}; series: {', '.join(s.data_vars)}")
    data = s[variable]
    if select:
        data = data.sel(select)
    period = _period_dim(s)
    extra = [d for d in data.dims if d not in ("statistic", period)]
    if extra:
        raise ValueError(
            f"{variable} is broken down by {', '.join(extra)}: pick one with "
            f"select={{{extra[0]!r}: ...}} (labels: {', '.join(map(str, s[extra[0]].values))})"
        )
    # Periods without any value (a quarterly survey's other months) are
    # dropped, so sparse series draw as connected points.
    present = (data.sel(statistic="count") > 0).values
    return data.isel({period: present})


def fan_chart(source, variable: str, ax=None, select: dict | None = None, color=None,
              label: str | None = None, bands=((5, 95), (25, 75)), show_mean: bool = True):
    """Median of ``variable`` over replications with shaded quantile bands
    (5-95 and 25-75 by default) and the mean dashed. ``source`` is a results
    file path or the Dataset of wfsim_results.summary(); ``select`` picks one
    label of a breakdown, e.g. ``{"role": "researcher"}``."""
    s = _summary(source)
    data = _one_line(s, variable, select)
    period = _period_dim(s)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    x = data[period].values
    line = ax.plot(x, data.sel(statistic="p50").values, color=color, lw=2,
                   label=label or f"{variable} (median)")[0]
    color = line.get_color()
    for i, (lo, hi) in enumerate(sorted(bands, key=lambda b: b[1] - b[0], reverse=True)):
        ax.fill_between(x, data.sel(statistic=f"p{lo}").values, data.sel(statistic=f"p{hi}").values,
                        color=color, alpha=0.15 + 0.15 * i, lw=0, label=f"{lo}-{hi}%")
    if show_mean:
        ax.plot(x, data.sel(statistic="mean").values, color=color, lw=1, ls="--", label="mean")
    units = s[variable].attrs.get("units", "")
    ax.set_xlabel(period)
    ax.set_ylabel(f"{variable} [{units}]" if units and units != "1" else variable)
    title = s[variable].attrs.get("long_name") or variable
    if select:
        title += " (" + ", ".join(f"{k}={v}" for k, v in select.items()) + ")"
    ax.set_title(title, fontsize="medium")
    ax.legend(fontsize="small", frameon=False)
    return ax


def normalise(values: np.ndarray, how: str = "baseline", baseline: int = 3) -> np.ndarray:
    """Puts a series on a common scale: ``baseline`` divides by the mean of
    its first ``baseline`` values present (1 = where it started; a series
    that starts at zero falls back to its largest magnitude); ``range`` maps
    min..max to 0..1; ``zscore`` subtracts the mean and divides by the
    standard deviation."""
    values = np.asarray(values, dtype=float)
    present = values[~np.isnan(values)]
    if present.size == 0:
        return values
    if how == "baseline":
        reference = present[:baseline].mean()
        if not np.isfinite(reference) or abs(reference) < 1e-12 * max(1.0, np.abs(present).max()):
            reference = np.abs(present).max() or 1.0
        return values / reference
    if how == "range":
        lo, hi = present.min(), present.max()
        return (values - lo) / (hi - lo) if hi > lo else values * 0.0
    if how == "zscore":
        sd = present.std()
        return (values - present.mean()) / sd if sd > 0 else values * 0.0
    raise ValueError(f"unknown normalisation {how!r}: baseline, range or zscore")


def latent_vs_observed(source, observed=None, latent=None, ax=None, statistic: str = "p50",
                       how: str = "baseline", baseline: int = 3, marks: dict | None = None):
    """Latent and observed indicators on one time axis, each normalised
    (see normalise()): observed as solid lines, latent dashed, so that it
    shows which moves first. ``observed`` and ``latent`` default to every
    series of that visibility without a breakdown; ``statistic`` is the line
    drawn (p50 by default, or mean); ``marks`` draws labelled vertical lines,
    e.g. ``{"drain onset (median)": 7}``."""
    s = _summary(source)
    period = _period_dim(s)
    plain = [n for n in s.data_vars if set(s[n].dims) == {"statistic", period}]

    def pick(names, visibility):
        if names is None:
            return [n for n in plain if s[n].attrs.get("visibility") == visibility]
        missing = [n for n in names if n not in s]
        if missing:
            raise KeyError(f"no series {', '.join(missing)}; series: {', '.join(s.data_vars)}")
        return list(names)

    observed = pick(observed, "observed")
    latent = pick(latent, "latent")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    for names, style, kind in [(latent, "--", "latent"), (observed, "-", "observed")]:
        for name in names:
            data = _one_line(s, name, None).sel(statistic=statistic)
            ax.plot(data[period].values, normalise(data.values, how, baseline), ls=style,
                    marker="o" if data.sizes[period] < 0.5 * s.sizes[period] else None, ms=3,
                    lw=2 if kind == "latent" else 1.5, label=f"{name} ({kind})")
    for label, month in (marks or {}).items():
        if month is not None and np.isfinite(month):
            ax.axvline(month, color="0.3", lw=1, ls=":")
            ax.annotate(label, (month, 1), xycoords=("data", "axes fraction"), rotation=90,
                        va="top", ha="right", fontsize="small", color="0.3")
    ax.set_xlabel(period)
    ax.set_ylabel({"baseline": "relative to the first months", "range": "min-max scaled",
                   "zscore": "standard scores"}[how])
    ax.set_title(f"latent (dashed) and observed (solid), {statistic} over replications",
                 fontsize="medium")
    ax.legend(fontsize="small", frameon=False, ncol=2)
    return ax


def lead_time_distribution(source, prefix: str = "lead_months_", ax=None):
    """Distribution over replications of each indicator's early-warning lead
    time (months between the latent drain onset and the indicator's alarm;
    scalars named ``<prefix><indicator>``): a box per indicator with the
    replications as dots, sorted by median lead, and how many replications
    alarmed at all. ``source`` is a results file path, the DataFrame of
    wfsim_results.scalars() or that of wfsim_results.lead_times()."""
    if isinstance(source, pd.DataFrame) and {"indicator", "lead_months"} <= set(source.columns):
        long = source
    else:
        long = lead_times(source if isinstance(source, pd.DataFrame) else scalars(source), prefix)
    if long.empty:
        raise ValueError(f"no lead-time scalars (named {prefix}<indicator>) in the results")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.5 + 0.45 * long["indicator"].nunique()))
    groups = {name: g["lead_months"].to_numpy(dtype=float) for name, g in long.groupby("indicator")}

    def order(item):
        present = item[1][~np.isnan(item[1])]
        return np.median(present) if present.size else -np.inf

    ordered = sorted(groups.items(), key=order)
    labels = []
    rng = np.random.default_rng(0)  # jitter only; fixed so figures are reproducible
    for position, (name, values) in enumerate(ordered):
        present = values[~np.isnan(values)]
        labels.append(f"{name}  ({present.size}/{values.size} alarmed)")
        if present.size:
            ax.boxplot(present, positions=[position], vert=False, widths=0.6,
                       showfliers=False, manage_ticks=False)
            ax.scatter(present, position + rng.uniform(-0.15, 0.15, present.size), s=8,
                       alpha=0.5, color="C0")
    ax.set_yticks(range(len(ordered)))
    ax.set_yticklabels(labels)
    ax.axvline(0, color="0.5", lw=1)
    ax.set_xlabel("lead time [months]; positive: the indicator alarmed first")
    ax.set_title("early-warning lead time by indicator", fontsize="medium")
    return ax
