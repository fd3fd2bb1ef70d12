"""Small inline-SVG charts for self-contained HTML reports: no library, no
script, no external request. Titles and axes are words with units; the
legend sits to the right of the plot and marker labels are stacked in rows
so that no text overlaps another.
"""

from __future__ import annotations

import html
import math

import numpy as np

__all__ = ["PALETTE", "line_chart", "bar_chart", "nice_ticks"]

# Colour-blind-safe (Okabe-Ito).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#F0E442"]

FONT = "font-family='Helvetica, Arial, sans-serif'"


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0, 1.0]
    if high <= low:
        high = low + (abs(low) * 0.1 or 1.0)
    span = high - low
    raw = span / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw),
               default=10 * magnitude)
    first = math.floor(low / step) * step
    ticks = []
    t = first
    while t <= high + step * 0.5:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _label(value: float) -> str:
    a = abs(value)
    if a >= 1e6:
        return f"{value / 1e6:g}M"
    if a >= 1e4:
        return f"{value / 1e3:g}k"
    if a == 0 or a >= 1:
        return f"{value:g}"
    return f"{value:.3g}"


def _text_width(text: str, size: float = 12) -> float:
    return 0.58 * size * len(text)


def _wrap(text: str, width_px: float, size: float = 12) -> list[str]:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if _text_width(trial, size) > width_px and line:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines or [""]


def line_chart(chart_id: str, title: str, x_label: str, y_label: str, series: list[dict],
               markers: list[dict] | None = None, width: int = 860, height: int = 380,
               y_zero: bool = False) -> str:
    """Lines with optional bands. ``series``: dicts with name, x, y and
    optionally low, high (a band), color, dash. ``markers``: vertical lines
    at x with a label and color."""
    markers = [m for m in (markers or []) if m.get("x") is not None and math.isfinite(m["x"])]
    legend_width = max([_text_width(s["name"], 12) for s in series] + [80]) + 36
    legend_width = min(legend_width, 260)
    marker_rows = min(len(markers), 3)
    left, right = 78, legend_width + 16
    top = 46 + 16 * marker_rows
    bottom = 58
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = np.concatenate([np.asarray(s["x"], float) for s in series]) if series else np.array([0, 1])
    ys = [np.asarray(s["y"], float) for s in series]
    for s in series:
        for k in ("low", "high"):
            if s.get(k) is not None:
                ys.append(np.asarray(s[k], float))
    yall = np.concatenate(ys) if ys else np.array([0.0, 1.0])
    yall = yall[np.isfinite(yall)]
    ylo, yhi = (float(yall.min()), float(yall.max())) if yall.size else (0.0, 1.0)
    if y_zero:
        ylo = min(0.0, ylo)
    pad = (yhi - ylo) * 0.05 or 1.0
    yticks = nice_ticks(ylo - (0 if y_zero and ylo == 0 else pad), yhi + pad)
    ylo, yhi = yticks[0], yticks[-1]
    xlo, xhi = float(np.nanmin(xs)), float(np.nanmax(xs))
    if markers:
        xlo = min(xlo, min(m["x"] for m in markers))
        xhi = max(xhi, max(m["x"] for m in markers))
    xticks = nice_ticks(xlo, xhi, 8)
    xticks = [t for t in xticks if xlo - 1e-9 <= t <= xhi + 1e-9] or [xlo, xhi]
    if xhi == xlo:
        xhi = xlo + 1

    def px(x):
        return left + (x - xlo) / (xhi - xlo) * plot_w

    def py(y):
        return top + plot_h - (y - ylo) / (yhi - ylo) * plot_h

    out = [f"<svg id='{_e(chart_id)}' class='chart-svg' xmlns='http://www.w3.org/2000/svg' "
           f"viewBox='0 0 {width} {height}' width='{width}' height='{height}' role='img' "
           f"aria-label='{_e(title)}' {FONT} font-size='12'>",
           f"<title>{_e(title)}</title>",
           f"<text x='{left}' y='20' font-size='15' font-weight='bold'>{_e(title)}</text>"]
    # Grid and axes.
    for t in yticks:
        y = py(t)
        out.append(f"<line x1='{left}' x2='{left + plot_w}' y1='{y:.1f}' y2='{y:.1f}' "
                   f"stroke='#e3e3e3'/>")
        out.append(f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end'>{_label(t)}</text>")
    for t in xticks:
        x = px(t)
        out.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{top + plot_h}' y2='{top + plot_h + 5}' "
                   f"stroke='#444'/>")
        out.append(f"<text x='{x:.1f}' y='{top + plot_h + 18}' text-anchor='middle'>"
                   f"{_label(t)}</text>")
    out.append(f"<rect x='{left}' y='{top}' width='{plot_w}' height='{plot_h}' fill='none' "
               f"stroke='#444'/>")
    out.append(f"<text x='{left + plot_w / 2:.1f}' y='{height - 12}' text-anchor='middle'>"
               f"{_e(x_label)}</text>")
    ylines = _wrap(y_label, plot_h, 12)[:2]
    for i, line in enumerate(ylines):
        xx = 16 + 14 * i
        out.append(f"<text transform='translate({xx},{top + plot_h / 2:.1f}) rotate(-90)' "
                   f"text-anchor='middle'>{_e(line)}</text>")
    # Bands under lines.
    for i, s in enumerate(series):
        color = s.get("color") or PALETTE[i % len(PALETTE)]
        if s.get("low") is None or s.get("high") is None:
            continue
        x = np.asarray(s["x"], float)
        lo = np.asarray(s["low"], float)
        hi = np.asarray(s["high"], float)
        ok = np.isfinite(lo) & np.isfinite(hi)
        if ok.sum() < 2:
            continue
        upper = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(x[ok], hi[ok]))
        lower = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(x[ok][::-1], lo[ok][::-1]))
        out.append(f"<polygon class='band' points='{upper} {lower}' fill='{color}' "
                   f"fill-opacity='0.18' stroke='none'><title>{_e(s['name'])}: 95 % confidence "
                   f"interval of the mean</title></polygon>")
    for i, s in enumerate(series):
        color = s.get("color") or PALETTE[i % len(PALETTE)]
        x = np.asarray(s["x"], float)
        y = np.asarray(s["y"], float)
        ok = np.isfinite(y)
        dash = f" stroke-dasharray='{s['dash']}'" if s.get("dash") else ""
        points = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(x[ok], y[ok]))
        out.append(f"<polyline class='series' points='{points}' fill='none' stroke='{color}' "
                   f"stroke-width='2.2'{dash}><title>{_e(s['name'])}</title></polyline>")
        for a, b in zip(x[ok], y[ok]):
            out.append(f"<circle cx='{px(a):.1f}' cy='{py(b):.1f}' r='2.2' fill='{color}'>"
                       f"<title>{_e(s['name'])}, {_label(a)}: {b:.4g}</title></circle>")
    # Markers: labels in rows above the plot, never on the lines.
    for i, m in enumerate(sorted(markers, key=lambda m: m["x"])):
        x = px(m["x"])
        color = m.get("color", "#555")
        row = i % max(1, marker_rows)
        out.append(f"<line class='marker' x1='{x:.1f}' x2='{x:.1f}' y1='{top}' "
                   f"y2='{top + plot_h}' stroke='{color}' stroke-width='1.5' "
                   f"stroke-dasharray='5,4'/>")
        label = m["label"]
        ly = 38 + 16 * row
        anchor = "start" if x + _text_width(label, 11) < left + plot_w + right - 4 else "end"
        out.append(f"<text x='{x + (3 if anchor == 'start' else -3):.1f}' y='{ly}' "
                   f"font-size='11' fill='{color}' text-anchor='{anchor}'>{_e(label)}</text>")
        out.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{ly + 3}' y2='{top}' stroke='{color}' "
                   f"stroke-width='0.8'/>")
    # Legend right of the plot.
    lx = left + plot_w + 14
    ly = top + 8
    for i, s in enumerate(series):
        color = s.get("color") or PALETTE[i % len(PALETTE)]
        dash = f" stroke-dasharray='{s['dash']}'" if s.get("dash") else ""
        lines = _wrap(s["name"], legend_width - 30, 12)[:3]
        out.append(f"<line x1='{lx}' x2='{lx + 20}' y1='{ly}' y2='{ly}' stroke='{color}' "
                   f"stroke-width='2.5'{dash}/>")
        for j, line in enumerate(lines):
            out.append(f"<text x='{lx + 26}' y='{ly + 4 + 14 * j}'>{_e(line)}</text>")
        ly += 14 * len(lines) + 8
    out.append("</svg>")
    return "\n".join(out)


def bar_chart(chart_id: str, title: str, value_label: str, items: list[dict],
              width: int = 860, bar_height: int = 22) -> str:
    """Horizontal bars with optional 95 % intervals. ``items``: dicts with
    label, value and optionally low, high, color, note (text after the bar)."""
    label_width = min(300, max([_text_width(i["label"], 12) for i in items] + [60]) + 12)
    note_width = max([_text_width(i.get("note", ""), 11) for i in items] + [0]) + 10
    left, right, top, bottom = label_width + 10, 20 + note_width, 36, 50
    height = top + bottom + bar_height * len(items) + 6
    plot_w = width - left - right
    values = []
    for i in items:
        values += [v for v in (i.get("value"), i.get("low"), i.get("high"))
                   if v is not None and math.isfinite(v)]
    lo = min(values + [0.0])
    hi = max(values + [0.0])
    ticks = nice_ticks(lo, hi if hi > lo else lo + 1, 6)
    lo, hi = ticks[0], ticks[-1]

    def px(v):
        return left + (v - lo) / (hi - lo) * plot_w

    out = [f"<svg id='{_e(chart_id)}' class='chart-svg' xmlns='http://www.w3.org/2000/svg' "
           f"viewBox='0 0 {width} {height}' width='{width}' height='{height}' role='img' "
           f"aria-label='{_e(title)}' {FONT} font-size='12'>",
           f"<title>{_e(title)}</title>",
           f"<text x='10' y='20' font-size='15' font-weight='bold'>{_e(title)}</text>"]
    base = top + bar_height * len(items)
    for t in ticks:
        x = px(t)
        out.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{top}' y2='{base}' stroke='#e3e3e3'/>")
        out.append(f"<text x='{x:.1f}' y='{base + 16}' text-anchor='middle'>{_label(t)}</text>")
    out.append(f"<line x1='{px(0):.1f}' x2='{px(0):.1f}' y1='{top}' y2='{base}' stroke='#444'/>")
    for k, item in enumerate(items):
        y = top + bar_height * k
        color = item.get("color", PALETTE[0])
        v = item.get("value")
        label = item["label"]
        if _text_width(label) > label_width - 10:
            label = label[: int((label_width - 10) / (0.58 * 12)) - 1] + "…"
        out.append(f"<text x='{left - 8}' y='{y + bar_height / 2 + 4:.1f}' text-anchor='end'>"
                   f"{_e(label)}<title>{_e(item['label'])}</title></text>")
        if v is not None and math.isfinite(v):
            x0, x1 = sorted((px(0), px(v)))
            out.append(f"<rect class='bar' x='{x0:.1f}' y='{y + 4}' width='{max(x1 - x0, 1):.1f}' "
                       f"height='{bar_height - 8}' fill='{color}' fill-opacity='0.8'>"
                       f"<title>{_e(item['label'])}: {v:.4g}</title></rect>")
        low, high = item.get("low"), item.get("high")
        if low is not None and high is not None and math.isfinite(low) and math.isfinite(high):
            ym = y + bar_height / 2
            out.append(f"<line x1='{px(low):.1f}' x2='{px(high):.1f}' y1='{ym:.1f}' y2='{ym:.1f}' "
                       f"stroke='#222' stroke-width='1.5'/>")
            for edge in (low, high):
                out.append(f"<line x1='{px(edge):.1f}' x2='{px(edge):.1f}' y1='{ym - 5:.1f}' "
                           f"y2='{ym + 5:.1f}' stroke='#222' stroke-width='1.5'/>")
        if item.get("note"):
            out.append(f"<text x='{left + plot_w + 8}' y='{y + bar_height / 2 + 4:.1f}' "
                       f"font-size='11' fill='#444'>{_e(item['note'])}</text>")
    out.append(f"<text x='{left + plot_w / 2:.1f}' y='{height - 10}' text-anchor='middle'>"
               f"{_e(value_label)}</text>")
    out.append("</svg>")
    return "\n".join(out)
