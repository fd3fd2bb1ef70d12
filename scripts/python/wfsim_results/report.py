"""One self-contained HTML report of a run, a comparison or a sweep.

The page has no script and makes no request: charts are inline SVG, styles
are inline, so it opens offline and can be mailed as one file.

    python3 -m wfsim_results.report results/baseline.h5        # results/baseline.html
    wfsim report results/baseline.h5                          # the same
"""

from __future__ import annotations

import argparse
import datetime
import html
import math
import os
import sys

import h5py
import numpy as np

from . import WfsimResultsError, _text, open_run, provenance, scalars
from . import compare as cmp
from .svg import PALETTE, bar_chart, line_chart

__all__ = ["write_report", "render", "file_kind"]

# Exits are counted in the cumulative chart: indexed to a few exits a month
# they swing too widely to share an axis with effort.
OBSERVED = [("experiments", "experiments run (observed)"),
            ("survey_engagement", "survey engagement (observed)")]
LATENT = [("effort", "effort (latent)"), ("engagement", "engagement (latent)")]


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def file_kind(path: str) -> str:
    """'wfsim-run', 'wfsim-comparison' or 'wfsim-sweep'; raises
    WfsimResultsError for anything else."""
    if not os.path.exists(path):
        raise WfsimResultsError(f"{path}: no such file")
    if os.path.isdir(path):
        raise WfsimResultsError(f"{path}: is a directory, not a wfsim results file")
    try:
        ok = h5py.is_hdf5(path)
    except OSError:
        ok = False
    if not ok:
        raise WfsimResultsError(f"{path}: not an HDF5 file, so not a wfsim results file")
    with h5py.File(path, "r") as f:
        kind = _text(f.attrs.get("wfsim_format", ""))
    if kind not in ("wfsim-run", "wfsim-comparison", "wfsim-sweep"):
        raise WfsimResultsError(
            f"{path}: not a wfsim run, comparison or sweep file"
            + (f" (a '{kind}' file)" if kind else " (no 'wfsim_format' attribute)"))
    return kind


def _num(x, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1:
        return f"{x:.2f}"
    return f"{x:.{digits}g}"


def _ci(mean, low, high, unit: str = "") -> str:
    unit = "" if unit in ("", "1") else f" {unit}"
    if not math.isfinite(low):
        return f"{_num(mean)}{unit}"
    return f"{_num(mean)}{unit} (95 % CI {_num(low)} to {_num(high)})"


def _mean_ci(values) -> tuple[float, float, float, int]:
    return cmp._mean_ci(np.asarray(values, float))


def _monthly_ci(x: np.ndarray) -> np.ndarray:
    """Per-month mean and 95 % interval of (replication, month) data."""
    return np.array([_mean_ci(x[:, m])[:3] for m in range(x.shape[1])])


def _unit_words(units: str) -> str:
    return {"1": "", "1e3": "thousand $", "1e6": "million tokens", "1/year": "per year",
            "day": "days", "month": "months"}.get(units, units)


STYLE = """
body{font-family:Helvetica,Arial,sans-serif;max-width:960px;margin:24px auto;padding:0 16px;
color:#222;line-height:1.45}
h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ccc}
.headline{background:#f3f7fb;border-left:4px solid #0072B2;padding:10px 14px;font-size:16px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}
figure.chart{margin:12px 0}figcaption{font-size:13px;color:#444;max-width:860px}
.meta td{text-align:left}.small{font-size:12px;color:#555}
"""


def _page(title: str, body: list[str]) -> str:
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body)
            + f"\n<p class='small'>Written by wfsim report, {generated}.</p></body></html>\n")


def _figure(svg: str, caption: str) -> str:
    return f"<figure class='chart'>{svg}<figcaption>{_e(caption)}</figcaption></figure>"


def _meta_table(rows: list[tuple[str, str]]) -> str:
    return "<table class='meta'>" + "".join(
        f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows) + "</table>"


def _schedule_markers(changes: list[tuple[int, str, str]], prefix: str = "") -> list[dict]:
    by_month: dict[int, list[str]] = {}
    for month, key, value in changes:
        by_month.setdefault(month, []).append(f"{key.split('.')[-1]}={value}")
    markers = []
    for month, items in sorted(by_month.items()):
        what = ", ".join(items[:2]) + (f" +{len(items) - 2} more" if len(items) > 2 else "")
        markers.append({"x": month, "label": f"{prefix}policy change, month {month}: {what}",
                        "color": "#7a1f5c"})
    return markers


# ---------------------------------------------------------------- run report

def _run_report(path: str) -> tuple[str, list[str]]:
    # Only the series drawn are read: a 1,000-replication file holds far more.
    wanted = [n for n, _ in OBSERVED + LATENT] + ["regretted_exits", "regretted_exits_by_role",
                                                  "exits_by_role"]
    with open_run(path, lazy=True) as everything:
        ds = everything[[n for n in wanted if n in everything]].load()
        ds.attrs = dict(everything.attrs)
    record = provenance(path)
    per_run = scalars(path)
    period = ds.attrs.get("period_dimension") or "month"
    months = ds[period].values.astype(float)
    n = ds.sizes["replication"]
    config = str(record.get("config_file", path))
    changes = cmp._schedule(path)
    reference = cmp._reference_months(path)
    title = f"wfsim report: {os.path.basename(config)}"
    body = [f"<h1>{_e(title)}</h1>"]
    body.append("<h2>What was run</h2>")
    body.append(_meta_table([
        ("model", record.get("model", "")),
        ("config", config),
        ("description", record.get("description", "") or "–"),
        ("replications", str(n)),
        ("seed", str(record.get("seed", ""))),
        (f"{period}s reported", f"{int(months.min())}–{int(months.max())}"),
        ("policy changes", "; ".join(f"month {m}: {k} = {v}" for m, k, v in changes) or
         "none (the policy holds from the start)"),
        ("command", record.get("command_line", "")),
        ("wfsim", f"{record.get('wfsim_version', '')} ({record.get('git_commit', '')})"),
    ]))

    # Headline.
    facts = []
    units = per_run.attrs.get("units", {})
    for column, words in (("regretted_exits_total", "regretted exits (top performers)"),
                          ("exits_total", "exits in all"),
                          ("annual_attrition", "annual attrition"),
                          ("shipped_value_total", "value shipped")):
        if column in per_run:
            m, lo, hi, _ = _mean_ci(per_run[column])
            unit = _unit_words(units.get(column, ""))
            if column == "annual_attrition":
                facts.append(f"{words} {_num(100 * m)} % (95 % CI {_num(100 * lo)} to "
                             f"{_num(100 * hi)} %)")
            else:
                facts.append(f"{_ci(m, lo, hi, unit)} {words}")
    headline = (f"Over {period}s {int(months.min())}–{int(months.max())}, mean of {n} "
                f"replications: " + "; ".join(facts) + ".")
    onset_text = ""
    if "drain_onset_month" in per_run:
        onset = per_run["drain_onset_month"].to_numpy(float)
        k = int(np.isfinite(onset).sum())
        if k:
            onset_text = (f" The latent drain began in {k} of {n} replications, at a median "
                          f"{period} {_num(float(np.nanmedian(onset)))}.")
        else:
            onset_text = f" No latent drain began in any of the {n} replications."
    if "alarm_month_hr" in per_run:
        hr = per_run["alarm_month_hr"].to_numpy(float)
        k = int(np.isfinite(hr).sum())
        onset_text += (f" HR's metrics alarmed in {k} of {n} replications"
                       + (f" (median {period} {_num(float(np.nanmedian(hr)))})." if k else "."))
    if not any(m > reference for m, _, _ in changes) and reference:
        onset_text += (f" Nothing changes after the early warning's reference {period}s "
                       f"1–{reference}, so alarms here are false alarms.")
    body.append(f"<h2>The answer</h2><p class='headline'>{_e(headline + onset_text)}</p>")

    # Silent drain: observed vs latent, indexed to the reference months.
    ref_last = reference if reference else min(6, len(months))
    curves = []
    for i, (name, words) in enumerate(OBSERVED + LATENT):
        if name not in ds or len(ds[name].dims) != 2:
            continue
        x = ds[name].transpose("replication", period).to_numpy().astype(float)
        base = np.nanmean(x[:, :ref_last], axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            index = 100 * x / base
        index[~np.isfinite(index)] = np.nan
        stats = _monthly_ci(index)
        present = np.isfinite(stats[:, 0])
        latent = name in dict(LATENT)
        curves.append({"name": words, "x": months[present], "y": stats[present, 0],
                       "low": stats[present, 1], "high": stats[present, 2],
                       "color": PALETTE[i % len(PALETTE)], "dash": "6,4" if latent else None})
    markers = _schedule_markers(changes)
    for column, words, color in (("drain_onset_month", "drain onset", "#D55E00"),
                                 ("alarm_month_hr", "HR alarm", "#000000")):
        if column in per_run:
            v = per_run[column].to_numpy(float)
            k = int(np.isfinite(v).sum())
            if k:
                markers.append({"x": float(np.nanmedian(v)),
                                "label": f"{words} (median, {k} of {n} replications)",
                                "color": color})
    if curves:
        body.append("<h2>The silent drain</h2>")
        body.append(_figure(
            line_chart("silent-drain", "What people put in and do: latent against observed",
                       f"{period} (1: the first reported {period})",
                       f"index, mean of {period}s 1–{ref_last} = 100", curves, markers),
            f"Each line is the mean over {n} replications of the series divided by its own "
            f"mean over {period}s 1–{ref_last}; bands are 95 % confidence intervals of the "
            f"mean. Dashed lines are latent (not observable by the organisation)."))

    # Cumulative regretted exits.
    if "regretted_exits" in ds:
        x = ds["regretted_exits"].transpose("replication", period).to_numpy().astype(float)
        cumulative = np.nancumsum(x, axis=1)
        stats = _monthly_ci(cumulative)
        body.append("<h2>Regretted exits</h2>")
        body.append(_figure(
            line_chart("regretted-exits", "Top performers lost, cumulative",
                       f"{period} (1: the first reported {period})",
                       "regretted exits since the start (people)",
                       [{"name": "regretted exits", "x": months, "y": stats[:, 0],
                         "low": stats[:, 1], "high": stats[:, 2], "color": PALETTE[1]}],
                       _schedule_markers(changes), y_zero=True),
            f"Mean over {n} replications with its 95 % confidence interval."))

    body += _lead_time_section(per_run, n, period)
    body += _by_role_section(ds, period, n)
    body += _scalars_table(per_run)
    return title, body


def _lead_time_section(per_run, n: int, period: str) -> list[str]:
    leads = [c for c in per_run.columns if c.startswith("lead_months_")]
    if not leads:
        return []
    false_alarm = {c: c for c in per_run.columns if "false_alarm" in c}
    items = []
    rows = []
    for c in leads:
        v = per_run[c].to_numpy(float)
        k = int(np.isfinite(v).sum())
        indicator = c[len("lead_months_"):]
        m, lo, hi, _ = _mean_ci(v)
        fa = next((false_alarm[f] for f in false_alarm if f.endswith(indicator)), None)
        fa_text = ""
        if fa is not None:
            fa_text = f"false alarms {_num(float(np.nanmean(per_run[fa].to_numpy(float))))}"
        items.append({"label": indicator.replace("_", " "), "value": m, "low": lo, "high": hi,
                      "note": f"{k} of {n} alarmed" + (f"; {fa_text}" if fa_text else "")})
        rows.append((indicator, k, _ci(m, lo, hi), fa_text or "–"))
    out = ["<h2>Early warning: lead times</h2>"]
    if all(not math.isfinite(i["value"]) for i in items):
        out.append(f"<p>No indicator gave a lead in any of the {n} replications (no drain to "
                   f"date, or no HR alarm to lead).</p>")
    else:
        out.append(_figure(
            bar_chart("lead-times", "How many months before HR's metrics each indicator alarmed",
                      f"lead over the HR alarm ({period}s; mean and 95 % CI)", items),
            "Positive: the indicator alarmed earlier than HR's metrics. Replications in which "
            "either did not alarm have no lead and are left out (counted on the right)."))
    names = [c for c in per_run.columns if "false_alarm" in c]
    if names:
        out.append("<p>False-alarm figures in this file: " + ", ".join(
            f"{_e(c)} = {_num(float(np.nanmean(per_run[c].to_numpy(float))))}" for c in names)
            + "</p>")
    return out


def _by_role_section(ds, period: str, n: int) -> list[str]:
    out = []
    for name, words in (("regretted_exits_by_role", "Regretted exits over the run, by role"),
                        ("exits_by_role", "Exits over the run, by role")):
        if name not in ds:
            continue
        da = ds[name]
        role = [d for d in da.dims if d not in ("replication", period)][0]
        totals = da.sum(period, min_count=1).transpose("replication", role).to_numpy().astype(float)
        items = []
        for k, label in enumerate(ds[role].values):
            m, lo, hi, _ = _mean_ci(totals[:, k])
            items.append({"label": str(label).replace("_", " "), "value": m, "low": lo,
                          "high": hi, "color": PALETTE[2]})
        if not out:
            out.append("<h2>Results by role</h2>")
        out.append(_figure(bar_chart(f"{name}-chart", words, "people (mean and 95 % CI)", items),
                           f"Totals over every reported {period}, mean over {n} replications."))
    return out


def _scalars_table(per_run) -> list[str]:
    rows = []
    for c in per_run.columns:
        v = per_run[c].to_numpy(float)
        m, lo, hi, k = _mean_ci(v)
        rows.append(f"<tr><td>{_e(per_run.attrs['long_name'].get(c, c))} <span class='small'>"
                    f"({_e(c)})</span></td><td>{_e(_unit_words(per_run.attrs['units'].get(c, '')))}"
                    f"</td><td>{_num(m)}</td><td>{_num(lo)} to {_num(hi)}</td><td>{k}</td></tr>")
    return ["<h2>Every per-replication result</h2><table><tr><th>result</th><th>unit</th>"
            "<th>mean</th><th>95 % CI</th><th>replications with a value</th></tr>"
            + "".join(rows) + "</table>"]


# --------------------------------------------------------- comparison report

def _comparison_report(path: str) -> tuple[str, list[str]]:
    ds = cmp.open_comparison(path)
    names = [str(s) for s in ds["scenario"].values]
    period = ds.attrs.get("period_dimension", "month")
    first, last = int(ds.attrs["window_first"]), int(ds.attrs["window_last"])
    n = int(ds.attrs["replications"])
    title = f"wfsim comparison: {', '.join(names[1:])} against {names[0]}"
    body = [f"<h1>{_e(title)}</h1>", "<h2>What was compared</h2>"]
    changes_attr = ds.attrs.get("schedule_changes", [])
    if isinstance(changes_attr, str):
        changes_attr = [changes_attr]
    changes = []
    for item in changes_attr:
        parts = str(item).split("|")
        if len(parts) == 4:
            changes.append((parts[0], int(parts[1]), parts[2], parts[3]))
    body.append(_meta_table([
        ("scenarios", ", ".join(names) + f" (reference: {names[0]})"),
        ("replications", f"{n} per scenario, paired: replication i of every scenario uses the "
                         f"same random streams (seed {ds.attrs['seed']})"),
        ("window", f"{period}s {first}–{last}"),
        ("policy changes", "; ".join(f"{s}: month {m}, {k} = {v}" for s, m, k, v in changes)
         or "none"),
    ]))
    facts = []
    for name, words in (("regretted_exits_total_in_window", "regretted exits"),
                        ("exits_total_in_window", "exits"),
                        ("shipped_value_total_in_window", "value shipped"),
                        ("alarm_month_hr", "HR alarm month"),
                        ("drain_onset_month", "drain onset month")):
        if name not in ds:
            continue
        unit = _unit_words(ds[name].attrs.get("units", ""))
        for s in range(1, len(names)):
            d = ds[f"{name}_difference"].isel(scenario=s)
            m, lo, hi = (float(d.sel(estimate=e)) for e in ("mean", "ci_low", "ci_high"))
            if not math.isfinite(m):
                continue
            lv = ds[name].isel(scenario=s)
            lr = ds[name].isel(scenario=0)
            facts.append(f"{words}: {names[s]} {_num(float(lv.sel(estimate='mean')))} against "
                         f"{_num(float(lr.sel(estimate='mean')))}, a difference of "
                         f"{'+' if m >= 0 else ''}{_ci(m, lo, hi, unit)}")
    for s_ in range(1, len(names)):
        if "lead_months_experiments" in ds and "alarm_month_hr" in ds:
            lead = ds["lead_months_experiments"].isel(scenario=s_)
            m, lo, hi = (float(lead.sel(estimate=e)) for e in ("mean", "ci_low", "ci_high"))
            if math.isfinite(m):
                facts.append(f"in {names[s_]}, the experiment count alarmed "
                             f"{_ci(m, lo, hi, 'months')} before HR's metrics")
    headline = (f"Over {period}s {first}–{last} ({n} paired replications): "
                + "; ".join(facts) + ".")
    body.append(f"<h2>The answer</h2><p class='headline'>{_e(headline)}</p>")

    months = ds[period].values.astype(float)
    reference = int(ds.attrs.get("early_warning_reference_months", 0) or 0)
    ref_last = reference if reference else 6
    markers = []
    by_month = {}
    for s, m, k, v in changes:
        by_month.setdefault((s, m), []).append((m, k, v))
    for (s, m), rows in sorted(by_month.items(), key=lambda t: t[0][1]):
        markers += _schedule_markers(rows, prefix=f"{s}: ")
    curves = []
    for k, (series, words) in enumerate((("effort", "effort (latent)"),
                                         ("experiments", "experiments run (observed)"),
                                         ("survey_engagement", "survey engagement (observed)"))):
        var = f"monthly_{series}"
        if var not in ds:
            continue
        for s, scenario in enumerate(names):
            stats = ds[var].isel(scenario=s).transpose(period, "estimate").to_numpy()
            base = np.nanmean(ds[var].isel(scenario=0).sel(estimate="mean").to_numpy()[:ref_last])
            idx = 100 * stats / base if base else stats * np.nan
            ok = np.isfinite(idx[:, 0])
            curves.append({"name": f"{words}, {scenario}", "x": months[ok], "y": idx[ok, 0],
                           "low": idx[ok, 1], "high": idx[ok, 2],
                           "color": PALETTE[(2 * k + s) % len(PALETTE)],
                           "dash": "6,4" if series == "effort" else (None if s else "2,3")})
    if curves:
        body.append("<h2>The silent drain</h2>")
        body.append(_figure(
            line_chart("silent-drain", "What people put in and do, by scenario",
                       f"{period} (1: the first reported {period})",
                       f"index, {names[0]}'s mean of {period}s 1–{ref_last} = 100", curves,
                       markers),
            f"Means over {n} replications with 95 % confidence intervals, each series divided "
            f"by the reference scenario's mean over {period}s 1–{ref_last}."))
    if "monthly_cumulative_regretted_exits" in ds:
        series = []
        for s, scenario in enumerate(names):
            stats = ds["monthly_cumulative_regretted_exits"].isel(scenario=s).transpose(
                period, "estimate").to_numpy()
            series.append({"name": scenario, "x": months, "y": stats[:, 0], "low": stats[:, 1],
                           "high": stats[:, 2], "color": PALETTE[s % len(PALETTE)]})
        body.append("<h2>Regretted exits</h2>")
        body.append(_figure(
            line_chart("regretted-exits", "Top performers lost, cumulative, by scenario",
                       f"{period} (1: the first reported {period})",
                       "regretted exits since the start (people)", series, markers, y_zero=True),
            f"Means over {n} replications with 95 % confidence intervals."))
    # Each scenario's lead times (a difference of leads would pair the
    # reference's false alarms with the scenario's real ones).
    items = []
    for name in cmp.outcome_names(ds):
        if len(ds[name].dims) != 2 or not name.startswith("lead_months_"):
            continue
        for s_, scenario in enumerate(names):
            level = ds[name].isel(scenario=s_)
            items.append({"label": f"{name[len('lead_months_'):].replace('_', ' ')}, {scenario}",
                          "value": float(level.sel(estimate="mean")),
                          "low": float(level.sel(estimate="ci_low")),
                          "high": float(level.sel(estimate="ci_high")),
                          "color": PALETTE[s_ % len(PALETTE)]})
    if any(math.isfinite(i["value"]) for i in items):
        body.append("<h2>Early warning: lead times</h2>")
        body.append(_figure(
            bar_chart("lead-times", "How many months before HR's metrics each indicator alarmed",
                      "lead over the HR alarm (months; mean and 95 % CI)", items),
            "Mean over the replications in which both the indicator and HR's metrics alarmed. "
            "Where a scenario changes nothing after the reference months, its alarms are false "
            "alarms."))
    role_vars = [n_ for n_ in cmp.outcome_names(ds) if len(ds[n_].dims) == 3]
    for name in role_vars:
        role = [d for d in ds[name].dims if d not in ("scenario", "estimate")][0]
        items = []
        for s in range(1, len(names)):
            for label in ds[role].values:
                d = ds[f"{name}_difference"].isel(scenario=s).sel({role: label})
                items.append({"label": str(label).replace("_", " ")
                              + (f" ({names[s]})" if len(names) > 2 else ""),
                              "value": float(d.sel(estimate="mean")),
                              "low": float(d.sel(estimate="ci_low")),
                              "high": float(d.sel(estimate="ci_high")), "color": PALETTE[2]})
        if not any("Results by role" in b for b in body):
            body.append("<h2>Results by role</h2>")
        body.append(_figure(
            bar_chart(f"{name}-chart", ds[name].attrs.get("long_name", name) + ": difference",
                      f"{', '.join(names[1:])} minus {names[0]} (people; mean and 95 % CI)",
                      items), "Paired differences per role."))
    body.append("<h2>Every outcome</h2>")
    body.append("<pre style='font-size:11px;overflow-x:auto'>" + _e(cmp.table(ds)) + "</pre>")
    return title, body


# -------------------------------------------------------------- sweep report

def _sweep_report(path: str) -> tuple[str, list[str]]:
    from .sweep import open_sweep, ranked_levers

    ds = open_sweep(path)
    design = str(ds.attrs.get("design", ""))
    title = f"wfsim sweep report: {design} design, {int(ds.sizes['parameter'])} parameters"
    body = [f"<h1>{_e(title)}</h1>", "<h2>What was run</h2>"]
    body.append(_meta_table([
        ("model", ds.attrs.get("model", "")), ("design", design),
        ("points", str(ds.attrs.get("points", ""))),
        ("replications per point", str(ds.attrs.get("replications", ""))),
        ("seed", str(ds.attrs.get("seed", ""))),
        ("parameters", ", ".join(map(str, ds["parameter"].values))),
        ("outcomes", ", ".join(map(str, ds["outcome"].values)))]))
    ranking = ranked_levers(ds)
    if ranking.empty:
        body.append("<p>This design computes no sensitivity indices (grid or Latin hypercube); "
                    "the outcomes per point are in the file.</p>")
        return title, body
    words = []
    for outcome, group in ranking.groupby("outcome", sort=False):
        top = group.iloc[0]
        words.append(f"{outcome}: {top['parameter']} ({top['measure']} {_num(top['value'])}"
                     + (f", {_num(top['low'])} to {_num(top['high'])}"
                        if math.isfinite(top["low"]) else "") + ")")
    body.append("<h2>The answer</h2><p class='headline'>"
                + _e("The lever that matters most, per outcome: " + "; ".join(words) + ".")
                + "</p>")
    for k, (outcome, group) in enumerate(ranking.groupby("outcome", sort=False)):
        unit = group.iloc[0]["units"]
        unit = "" if unit == "1" else _unit_words(unit)
        measure = group.iloc[0]["measure"]
        items = [{"label": str(r["parameter"]), "value": r["value"], "low": r["low"],
                  "high": r["high"], "color": PALETTE[k % len(PALETTE)],
                  "note": (f"sigma {_num(r['sigma'])}" if "sigma" in r and
                           math.isfinite(r.get("sigma", math.nan)) else "")}
                 for _, r in group.iterrows()]
        label = (f"mu* (mean absolute elementary effect on {outcome}, {unit or 'a count or share'}; "
                 f"95 % interval)"
                 if measure == "mu_star" else
                 f"total-order index ST (share of the variance of {outcome}; 95 % interval)")
        body.append(_figure(bar_chart(f"levers-{k}", f"Levers ranked for {outcome}", label,
                                      items),
                            f"{outcome} ({unit or 'a count or share'}): parameters by {measure}; sigma (right) "
                            f"is the spread of the effects, large for non-linear or "
                            f"interacting levers."))
    return title, body


def render(path: str) -> str:
    """The report of ``path`` as HTML text."""
    kind = file_kind(path)
    if kind == "wfsim-run":
        title, body = _run_report(path)
    elif kind == "wfsim-comparison":
        title, body = _comparison_report(path)
    else:
        title, body = _sweep_report(path)
    return _page(title, body)


def write_report(path, output=None, overwrite: bool = False) -> str:
    """Writes the report of ``path`` to ``output`` (default: the same name
    with .html), atomically; returns the output path."""
    path = os.fspath(path)
    output = os.fspath(output) if output else os.path.splitext(path)[0] + ".html"
    if os.path.exists(output) and not overwrite:
        raise FileExistsError(f"{output}: exists; give --overwrite to replace it")
    text = render(path)
    temporary = os.path.join(os.path.dirname(os.path.abspath(output)),
                             f".{os.path.basename(output)}.{os.getpid()}.part")
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, output)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return output


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="wfsim report")
    parser.add_argument("file")
    parser.add_argument("-o", "--output")
    parser.add_argument("--overwrite", action="store_true")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        file_kind(args.file)
        output = write_report(args.file, args.output, args.overwrite)
    except (WfsimResultsError, FileExistsError) as error:
        print(f"wfsim: error: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"report: {output} ({os.path.getsize(output) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
