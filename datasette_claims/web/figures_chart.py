"""How the figures reported about one incident changed with publication date, drawn on
the server as SVG.

One panel per count quantity ("officer injured"), stacked, sharing the x axis (the
articles' publication dates); each panel has its own y scale from 0, so 7 injured
officers and 3,000 migrants both read well. Each claim is a point (an exact figure) or a
low–high bar (a range); an open range ("at least 8") runs faded to the panel's edge.
Each source has its colour (its column's on the page), the same in every panel; a figure
in a conflict is ringed in red, a republished copy's is hollow in its original's colour. Every mark links
to the sentence in its article and carries a tooltip. All text is escaped; nothing is
loaded from outside the page.
"""
from __future__ import annotations

from datetime import date, timedelta

from markupsafe import Markup

from .timeline import MONTHS, y_axis

WIDTH = 800
MARGIN_LEFT, MARGIN_RIGHT = 56, 16
PANEL_TITLE, PANEL_GAP = 18, 16
PANEL_PLOT, CHART_PLOT = 84, 180  # each panel's height, at least; a chart of few panels shares this
AXIS_HEIGHT = 28
PALETTE_SIZE = 8  # source-0 .. source-7 in claims.css, then round again
MARK_SPREAD = 18  # pixels between marks of one day, so they do not hide each other
BAR_WIDTH = 10
POINT_RADIUS = 6


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) and len(value) >= 10 else None
    except ValueError:
        return None


def _nice_top(value: int) -> int:
    """The smallest round number at or above value: 1, 1.5, 2, 3, 4, 5, 6 or 8 times a power of ten."""
    value = max(value, 1)
    step = 1
    while True:
        for factor in (1, 1.5, 2, 3, 4, 5, 6, 8):
            if step * factor >= value and float(step * factor).is_integer():
                return int(step * factor)
        step *= 10


def _figure(point: dict) -> str:
    low, high = point["low"], point["high"]
    if low is not None and low == high:
        return f"{low:,}"
    if low is not None and high is not None:
        return f"{low:,}–{high:,}"
    return f"≥{low:,}" if low is not None else f"≤{high:,}"


def _day_label(day: date) -> str:
    return f"{day.day} {MONTHS[day.month]}"


def figures_chart_svg(series: list[dict], title: str) -> Markup:
    """series: [{"quantity", "points": [{"published", "low", "high", "source_name", "source_index",
    "republished_by", "conflict", "path"}]}], as side_by_side.chart_series makes them."""
    days = sorted({d for s in series for p in s["points"] if (d := _day(p["published"]))})
    if not days:
        return Markup("")
    first, last = days[0] - timedelta(days=1), days[-1] + timedelta(days=1)
    span = (last - first).days
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT

    def x_of(day: date) -> float:
        return MARGIN_LEFT + plot_width * (day - first).days / span

    plot_height = max(PANEL_PLOT, CHART_PLOT // len(series))
    panel_height = PANEL_TITLE + plot_height + PANEL_GAP
    height = len(series) * panel_height + AXIS_HEIGHT
    bottom = len(series) * panel_height
    out = [Markup(
        '<svg class="claims-figures" role="img" viewBox="0 0 {w} {h}" width="100%"'
        ' xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet"><title>{t}</title>'
    ).format(w=WIDTH, h=height, t=title)]
    # a faint line and a label for each day an article came out
    label_every = max(1, -(-len(days) // 12))
    for index, day in enumerate(days):
        out.append(Markup('<line class="grid" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{y}"/>').format(
            x=x_of(day), y=bottom - PANEL_GAP))
        if index % label_every == 0:
            out.append(Markup('<text class="tick" x="{x:.1f}" y="{y}" text-anchor="middle">{label}</text>').format(
                x=x_of(day), y=bottom + 4, label=_day_label(day)))
    for number, one in enumerate(series):
        out.append(_panel(one, number * panel_height, plot_height, x_of))
    out.append(Markup("</svg>"))
    return Markup("").join(out)


def _panel(series: dict, top: int, plot_height: int, x_of) -> Markup:
    points = [p for p in series["points"] if _day(p["published"])]
    plot_top, baseline = top + PANEL_TITLE, top + PANEL_TITLE + plot_height
    biggest = max(max(v for v in (p["low"], p["high"]) if v is not None) for p in points)
    y_top = _nice_top(-(-biggest * 23 // 20))  # headroom for the figures written above the marks

    def y_of(value: int) -> float:
        return baseline - plot_height * value / y_top

    out = [
        Markup('<g class="panel" data-quantity="{q}">').format(q=series["quantity"]),
        Markup('<text class="panel-title" x="{x}" y="{y}">{q}</text>').format(
            x=MARGIN_LEFT, y=top + PANEL_TITLE - 5, q=series["quantity"]),
        *y_axis(MARGIN_LEFT, WIDTH - MARGIN_RIGHT, plot_top, baseline, y_top),
    ]
    by_day: dict = {}
    for point in points:
        by_day.setdefault(_day(point["published"]), []).append(point)
    for day, same_day in by_day.items():
        for index, point in enumerate(same_day):
            x = x_of(day) + (index - (len(same_day) - 1) / 2) * MARK_SPREAD
            out.append(_mark(point, x, y_of, plot_top, baseline, series["quantity"]))
    out.append(Markup("</g>"))
    return Markup("").join(out)


def _mark(point: dict, x: float, y_of, plot_top: float, baseline: float, quantity: str) -> Markup:
    low, high = point["low"], point["high"]
    classes = ["mark", f"source-{point['source_index'] % PALETTE_SIZE}"]
    classes += [name for name, applies in (("conflict", point["conflict"]), ("republished", point["republished_by"]),
                                           ("open", low is None or high is None)) if applies]
    figure = _figure(point)
    tooltip = f"{point['source_name']}, published {point['published']}: {figure} ({quantity})"
    if point["republished_by"]:
        tooltip += f", republished by {point['republished_by']}"
    if point["conflict"]:
        tooltip += " — in conflict with another source"
    out = [Markup('<a href="{}">').format(point["path"]) if point.get("path") else Markup("<g>"),
           Markup("<title>{}</title>").format(tooltip)]
    attrs = Markup('class="{c}" data-claim="{id}" data-low="{low}" data-high="{high}"').format(
        c=" ".join(classes), id=point["claim_id"], low="" if low is None else low, high="" if high is None else high)
    if low is not None and low == high:
        out.append(Markup('<circle {a} cx="{x:.1f}" cy="{y:.1f}" r="{r}"/>').format(
            a=attrs, x=x, y=y_of(low), r=POINT_RADIUS))
        label_y = y_of(low) - POINT_RADIUS - 3
    else:
        # a range is a bar; an open one ("at least 8") runs on to the panel's edge, faded
        upper = y_of(high) if high is not None else plot_top
        lower = y_of(low) if low is not None else baseline
        out.append(Markup('<rect {a} x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h:.1f}"/>').format(
            a=attrs, x=x - BAR_WIDTH / 2, y=upper, w=BAR_WIDTH, h=max(lower - upper, 2)))
        label_y = upper - 3
    out.append(Markup('<text class="figure" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{f}</text>').format(
        x=x, y=max(label_y, plot_top - 2), f=figure))
    out.append(Markup("</a>") if point.get("path") else Markup("</g>"))
    return Markup("").join(out)


def chart_sources(series: list[dict]) -> list[dict]:
    """The chart's legend: each source drawn, with its colour class."""
    found = {p["source_index"]: p["source_name"] for s in series for p in s["points"]}
    return [{"name": name, "colour": f"source-{index % PALETTE_SIZE}"} for index, name in sorted(found.items())]
