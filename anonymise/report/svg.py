"""Inline SVG charts, drawn by hand so the report needs no plotting library and no assets.

Each function returns an <svg> element as text, sized in a viewBox so it scales
with the page and prints sharply. Charts carry a <title> and <desc> for screen
readers; the same figures are always in a table beside the chart, so nothing
is only in a picture. Coordinates are rounded to one decimal: same figures,
same bytes.
"""

from __future__ import annotations

from html import escape

# Colour-blind-safe palette (Okabe-Ito order), dark enough to print on grey-scale printers.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999933", "#666666")
BEFORE, AFTER = "#B8B8B8", "#0072B2"
MAX_BARS = 50
MAX_SERIES = len(PALETTE) - 1  # the last colour is "other"


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _t(text) -> str:
    return escape(str(text), quote=True)


def _open(width: int, height: int, title: str, desc: str, ident: str) -> list[str]:
    return [
        # The <title> as first child is the chart's accessible name; no aria attributes needed.
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">',
        f'<title id="{ident}-title">{_t(title)}</title>',
        f'<desc id="{ident}-desc">{_t(desc)}</desc>',
    ]


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 5 times a power of ten, at least 5),
    so that five grid steps fall on whole numbers."""
    if value <= 5:
        return 5
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 4, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _ticks(top: float, count: int = 5) -> list[float]:
    return [top * i / count for i in range(count + 1)]


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else "…" + label[-(limit - 1):]


def stacked_bars(rows: list[dict], title: str, ident: str = "ids-per-file") -> str:
    """Horizontal bars, one per row ({"label", "parts": {series: n}}), stacked by series.

    The largest series get their own colour; the rest are drawn together as "other"."""
    rows = rows[:MAX_BARS]
    totals: dict[str, int] = {}
    for row in rows:
        for series, n in row["parts"].items():
            totals[series] = totals.get(series, 0) + n
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    shown = ranked[:MAX_SERIES] if len(ranked) > MAX_SERIES + 1 else ranked
    colour = {s: PALETTE[i] for i, s in enumerate(shown)}
    legend = shown + (["other"] if len(shown) < len(ranked) else [])
    if "other" in legend:
        colour["other"] = PALETTE[-1]

    label_w, bar_w, row_h, top = 250, 430, 22, 34
    legend_rows = (len(legend) + 3) // 4
    width = label_w + bar_w + 60
    height = top + max(len(rows), 1) * row_h + 30 + legend_rows * 20 + 10
    peak = _nice_max(max((sum(r["parts"].values()) for r in rows), default=0))
    desc = "; ".join(f"{r['label']}: {sum(r['parts'].values())}" for r in rows) or "no files"
    out = _open(width, height, title, desc, ident)
    out.append(f'<text class="chart-title" x="0" y="18">{_t(title)}</text>')
    base_y = top + max(len(rows), 1) * row_h
    for tick in _ticks(peak):
        x = label_w + bar_w * tick / peak
        out.append(f'<line x1="{_f(x)}" y1="{top - 4}" x2="{_f(x)}" y2="{base_y}" class="grid"/>')
        out.append(f'<text x="{_f(x)}" y="{base_y + 14}" class="tick" text-anchor="middle">{_f(tick)}</text>')
    for i, row in enumerate(rows):
        y = top + i * row_h
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" class="label" text-anchor="end">{_t(_short(row["label"]))}</text>')
        x = float(label_w)
        parts: dict[str, int] = {}
        for series, n in row["parts"].items():
            key = series if series in colour and series != "other" else "other"
            parts[key] = parts.get(key, 0) + n
        for series in legend:
            n = parts.get(series, 0)
            if not n:
                continue
            w = bar_w * n / peak
            out.append(f'<rect x="{_f(x)}" y="{y + 3}" width="{_f(w)}" height="{row_h - 6}" fill="{colour[series]}">'
                       f'<title>{_t(row["label"])}: {n} {_t(series)}</title></rect>')
            x += w
        out.append(f'<text x="{_f(x + 5)}" y="{y + 15}" class="value">{sum(row["parts"].values())}</text>')
    legend_y = base_y + 34
    for i, series in enumerate(legend):
        lx, ly = (i % 4) * 180, legend_y + (i // 4) * 20
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour[series]}"/>')
        out.append(f'<text x="{lx + 17}" y="{ly}" class="legend">{_t(series.replace("_", " ").lower())}</text>')
    out.append("</svg>")
    return "\n".join(out)


def paired_histogram(bins: list[str], before: list[int], after: list[int], title: str, ident: str) -> str:
    """Vertical bars, one pair (before, after) per risk bin."""
    left, plot_w, plot_h, top = 50, 640, 220, 52
    width, height = left + plot_w + 20, top + plot_h + 74
    peak = _nice_max(max([*before, *after, 0]))
    group = plot_w / max(len(bins), 1)
    bar = group * 0.36
    desc = "; ".join(f"{label}: {b} before, {a} after" for label, b, a in zip(bins, before, after))
    out = _open(width, height, title, desc, ident)
    out.append(f'<text class="chart-title" x="0" y="18">{_t(title)}</text>')
    for i, (name, fill) in enumerate((("before anonymisation", BEFORE), ("after anonymisation", AFTER))):
        out.append(f'<rect x="{left + i * 190}" y="28" width="12" height="12" fill="{fill}"/>')
        out.append(f'<text x="{left + i * 190 + 17}" y="38" class="legend">{name}</text>')
    base_y = top + plot_h
    for tick in _ticks(peak):
        y = base_y - plot_h * tick / peak
        out.append(f'<line x1="{left}" y1="{_f(y)}" x2="{left + plot_w}" y2="{_f(y)}" class="grid"/>')
        out.append(f'<text x="{left - 6}" y="{_f(y + 4)}" class="tick" text-anchor="end">{_f(tick)}</text>')
    for i, label in enumerate(bins):
        gx = left + i * group
        for j, (n, fill) in enumerate(((before[i], BEFORE), (after[i], AFTER))):
            h = plot_h * n / peak
            x = gx + group * 0.12 + j * bar
            out.append(f'<rect x="{_f(x)}" y="{_f(base_y - h)}" width="{_f(bar)}" height="{_f(h)}" fill="{fill}">'
                       f'<title>{_t(label)}: {n} records {"before" if j == 0 else "after"}</title></rect>')
            if n:
                out.append(f'<text x="{_f(x + bar / 2)}" y="{_f(base_y - h - 4)}" class="value" text-anchor="middle">{n}</text>')
        words = label.split(" ")
        half = (len(words) + 1) // 2
        for k, line in enumerate((" ".join(words[:half]), " ".join(words[half:]))):
            if line:
                out.append(f'<text x="{_f(gx + group / 2)}" y="{base_y + 16 + k * 13}" class="tick" text-anchor="middle">{_t(line)}</text>')
    out.append(f'<line x1="{left}" y1="{base_y}" x2="{left + plot_w}" y2="{base_y}" class="axis"/>')
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 6}" class="tick" text-anchor="middle">'
               f'chance of re-identifying a record (number of records per band)</text>')
    out.append("</svg>")
    return "\n".join(out)
