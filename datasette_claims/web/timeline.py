"""A timeline of dates as a bar chart, drawn on the server as SVG.

Dates come at the precision the text gave (YYYY-MM-DD, YYYY-MM or YYYY). The chart picks
one unit for its bars from the span the dates cover (days for a few months, months for a
few years, years beyond), puts every date at least that precise into its bar, and lists
the coarser ones apart ("dated only to 2017") rather than pretend to know their month.

Every text in the SVG is escaped; nothing is loaded from outside the page.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from markupsafe import Markup

ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
UNITS = ("year", "month", "day")  # coarse to fine
PRECISION = {"year": 0, "month": 1, "day": 2}
MONTHS = [calendar.month_abbr[m] for m in range(13)]

# Beyond these spans (in days) a finer unit would make too many bars to read.
DAY_SPAN_LIMIT = 120
MONTH_SPAN_LIMIT = 3 * 366

WIDTH, HEIGHT = 800, 220
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 12, 14, 36
MAX_AXIS_LABELS = 12
MAX_BAR_WIDTH = 48  # a lone bar stays a bar, not a wall


@dataclass
class Bin:
    period: str  # "2021", "2021-11" or "2021-11-16"
    counts: dict = field(default_factory=dict)  # series -> count

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Timeline:
    unit: str | None = None
    bins: list[Bin] = field(default_factory=list)
    coarser: list[Bin] = field(default_factory=list)  # dates less precise than `unit`

    def as_json(self, series_name: str = "count") -> dict:
        def row(b):
            return {"period": b.period, series_name: b.total, "by_series": dict(b.counts)}
        return {"unit": self.unit, "bins": [row(b) for b in self.bins],
                "coarser": [row(b) for b in self.coarser]}


def parse_period(value) -> tuple[str, tuple[int, int, int]] | None:
    """("day"|"month"|"year", (y, m, d)) for an ISO date at any precision, else None."""
    match = ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    if day is not None:
        return "day", (year, month, day)
    if month is not None:
        return "month", (year, month, 1)
    return "year", (year, 1, 1)


def _first_and_last_day(unit, ymd) -> tuple[date, date]:
    year, month, day = ymd
    if unit == "day":
        return date(year, month, day), date(year, month, day)
    if unit == "month":
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def _key(unit, ymd) -> str:
    year, month, day = ymd
    if unit == "year":
        return f"{year:04d}"
    if unit == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _periods(unit, first: date, last: date) -> list[str]:
    keys, here = [], first
    while here <= last:
        keys.append(_key(unit, (here.year, here.month, here.day)))
        if unit == "day":
            here += timedelta(days=1)
        elif unit == "month":
            here = date(here.year + here.month // 12, here.month % 12 + 1, 1)
        else:
            here = date(here.year + 1, 1, 1)
    return keys


# An ISO date cut to this many characters is its bar's key in a chart of that unit.
KEY_LENGTH = {"year": 4, "month": 7, "day": 10}


def unit_for_span(first: date, last: date) -> str:
    span_days = (last - first).days
    return "day" if span_days <= DAY_SPAN_LIMIT else "month" if span_days <= MONTH_SPAN_LIMIT else "year"


def unit_for_days(first: str | None, last: str | None) -> str | None:
    """The unit of a chart of whole days from `first` to `last` (so that SQL can total
    them per bar); None when either is not a day."""
    first_day, last_day = (parse_period(value) if value else None for value in (first, last))
    if not first_day or not last_day or first_day[0] != "day" or last_day[0] != "day":
        return None
    return unit_for_span(date(*first_day[1]), date(*last_day[1]))


def build_timeline(dated_counts, unit: str | None = None) -> Timeline:
    """dated_counts: (iso date, series, count) triples. Unparseable dates are skipped.
    The unit of the bars is the one given, or else the one the dates' span calls for."""
    counts: dict[str, Counter] = defaultdict(Counter)  # date -> series -> count
    for value, series, count in dated_counts:
        if count:
            counts[value][series] += count
    periods = {value: period for value in counts if (period := parse_period(value)) is not None}
    if not periods:
        return Timeline()
    spans = [_first_and_last_day(date_unit, ymd) for date_unit, ymd in set(periods.values())]
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    unit = unit or unit_for_span(first, last)
    bins = {key: Bin(key) for key in _periods(unit, first, last)}
    coarser: dict[str, Bin] = {}
    for value, (date_unit, ymd) in periods.items():
        if PRECISION[date_unit] >= PRECISION[unit]:
            target = bins[_key(unit, ymd)]
        else:
            key = _key(date_unit, ymd)
            target = coarser.setdefault(key, Bin(key))
        for series, count in counts[value].items():
            target.counts[series] = target.counts.get(series, 0) + count
    return Timeline(unit, list(bins.values()), sorted(coarser.values(), key=lambda b: b.period))


def period_label(period: str) -> str:
    """"2021", "Nov 2021", "16 Nov 2021"."""
    parsed = parse_period(period)
    if parsed is None:
        return period
    unit, (year, month, day) = parsed
    if unit == "year":
        return str(year)
    if unit == "month":
        return f"{MONTHS[month]} {year}"
    return f"{day} {MONTHS[month]} {year}"


def y_axis(left: float, right: float, top: float, baseline: float, top_value: int) -> list[Markup]:
    """A y axis from 0 at `baseline` up to `top_value` at `top`, as the charts draw it:
    a line at each, and the two numbers left of them."""
    return [
        Markup('<line class="axis" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}"/>').format(x1=left, x2=right, y=baseline),
        Markup('<line class="grid" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}"/>').format(x1=left, x2=right, y=top),
        Markup('<text class="tick" x="{x}" y="{y}" text-anchor="end">{n:,}</text>').format(
            x=left - 6, y=top + 4, n=top_value),
        Markup('<text class="tick" x="{x}" y="{y}" text-anchor="end">0</text>').format(x=left - 6, y=baseline + 4),
    ]


def timeline_svg(timeline: Timeline, title: str, noun: str, series_order=(), href=None) -> Markup:
    """The bars as an inline <svg>. `href(period)` gives each bar a link (or None);
    `series_order` stacks the series bottom up (each bar's segments get the class
    `series-NAME`, coloured by the stylesheet)."""
    if not timeline.bins:
        return Markup("")
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = max(b.total for b in timeline.bins) or 1
    step = plot_width / len(timeline.bins)
    bar_width = min(max(step * 0.8, 1), MAX_BAR_WIDTH)
    baseline = MARGIN_TOP + plot_height
    out = [
        Markup('<svg class="claims-timeline" role="img" viewBox="0 0 {w} {h}" width="100%"'
               ' xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
               '<title>{title}</title>').format(w=WIDTH, h=HEIGHT, title=title),
        *y_axis(MARGIN_LEFT, WIDTH - MARGIN_RIGHT, MARGIN_TOP, baseline, top),
    ]
    order = list(series_order) + sorted(
        {s for b in timeline.bins for s in b.counts} - set(series_order), key=str)
    label_every = max(1, -(-len(timeline.bins) // MAX_AXIS_LABELS))
    for index, bin_ in enumerate(timeline.bins):
        x = MARGIN_LEFT + index * step + (step - bar_width) / 2
        if bin_.total:
            parts = ", ".join(f"{bin_.counts[s]} {s}" for s in order if bin_.counts.get(s))
            tooltip = f"{period_label(bin_.period)}: {bin_.total} {noun}"
            if len(bin_.counts) > 1 or series_order:
                tooltip += f" ({parts})"
            link = href(bin_.period) if href else None
            out.append(Markup('<a href="{}">').format(link) if link else Markup("<g>"))
            out.append(Markup('<title>{}</title>').format(tooltip))
            y = baseline
            for series in order:
                count = bin_.counts.get(series, 0)
                if not count:
                    continue
                height = plot_height * count / top
                y -= height
                out.append(Markup(
                    '<rect class="bar series-{s}" data-period="{p}" x="{x:.1f}" y="{y:.1f}"'
                    ' width="{w:.1f}" height="{h:.1f}"/>'
                ).format(s=series, p=bin_.period, x=x, y=y, w=bar_width, h=height))
            out.append(Markup("</a>") if link else Markup("</g>"))
        if index % label_every == 0:
            out.append(Markup(
                '<text class="tick" x="{x:.1f}" y="{y}" text-anchor="middle">{label}</text>'
            ).format(x=x + bar_width / 2, y=baseline + 16, label=_axis_label(timeline.unit, bin_.period)))
    out.append(Markup("</svg>"))
    return Markup("").join(out)


def _axis_label(unit: str, period: str) -> str:
    if unit == "day":
        _, month, day = period.split("-")
        return f"{int(day)} {MONTHS[int(month)]}"
    if unit == "month":
        year, month = period.split("-")
        return f"{MONTHS[int(month)]} {year[2:]}" if month != "01" else f"{MONTHS[1]} {year}"
    return period


def coarser_text(timeline: Timeline) -> str:
    """The dates too coarse for a bar, as text: "2017 (1); Nov 2021 (2)"."""
    return "; ".join(f"{period_label(b.period)} ({b.total})" for b in timeline.coarser)

