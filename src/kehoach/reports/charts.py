"""Geometry of the server-rendered SVG charts: horizontal bar charts and the
plan timeline (Gantt-like). Pure Python; the templates in
``reports/charts/`` draw what these functions compute.

Hand-written rather than a charting library: we need stable ids and data
attributes on each bar (tests and the end-to-end test find them), a
``<title>`` per element for the tooltip, and no script or external style in
the SVG; the drawing itself is a few rectangles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 250
BAR_AREA = 380
VALUE_WIDTH = 70
ROW_HEIGHT = 30
BAR_HEIGHT = 16
TOP = 8


def truncate(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@dataclass(frozen=True)
class BarInput:
    key: str
    label: str
    percent: int
    status: str = ""
    note: str = ""
    href: str = ""


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    short_label: str
    percent: int
    status: str
    note: str
    href: str
    y: int
    text_y: int
    width: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bar_x: int
    bar_area: int
    value_x: int
    bar_height: int
    bars: list[Bar]
    grid: list[tuple[float, int]]


def bar_chart(items: Sequence[BarInput], *, label_chars: int = 30) -> BarChart:
    """One horizontal bar (0–100 %) per item, labels on the left."""
    bars = []
    for index, item in enumerate(items):
        y = TOP + index * ROW_HEIGHT
        percent = max(0, min(100, int(item.percent)))
        bars.append(
            Bar(
                key=item.key,
                label=item.label,
                short_label=truncate(item.label, label_chars),
                percent=percent,
                status=item.status,
                note=item.note,
                href=item.href,
                y=y + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                text_y=y + ROW_HEIGHT // 2 + 5,
                width=round(BAR_AREA * percent / 100, 1),
            )
        )
    bar_x = LABEL_WIDTH + 10
    return BarChart(
        width=bar_x + BAR_AREA + VALUE_WIDTH,
        height=TOP * 2 + max(1, len(bars)) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        bar_x=bar_x,
        bar_area=BAR_AREA,
        value_x=bar_x + BAR_AREA + 8,
        bar_height=BAR_HEIGHT,
        bars=bars,
        grid=[(bar_x + BAR_AREA * p / 100, p) for p in (0, 25, 50, 75, 100)],
    )


# --- timeline -------------------------------------------------------------------

TL_LABEL_WIDTH = 240
TL_HEADER = 34
TL_ROW = 28
TL_MIN_WIDTH = 520
TL_MAX_DAY_WIDTH = 40.0
TL_MIN_DAY_WIDTH = 2.0
TODAY_MARGIN_DAYS = 90


@dataclass(frozen=True)
class TimelineInput:
    pk: int
    label: str
    start: dt.date | None
    end: dt.date
    shape: str  # "bar" (from start to end) or "marker" (one day)
    planned: bool
    status: str  # done, in_progress, todo, overdue
    due_text: str
    status_label: str = ""


@dataclass(frozen=True)
class TimelineRow:
    pk: int
    label: str
    short_label: str
    shape: str
    planned: bool
    status: str
    due_text: str
    start: dt.date | None
    end: dt.date
    y: int
    mid_y: int
    x1: float
    x2: float
    marker_points: str
    status_label: str = ""

    @property
    def width(self) -> float:
        return round(self.x2 - self.x1, 1)

    @property
    def bar_y(self) -> int:
        return self.mid_y - 7

    @property
    def label_y(self) -> int:
        return self.mid_y + 4

    @property
    def check_x(self) -> float:
        return self.x2 + 4 if self.shape == "bar" else self.x2 + 6


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_width: int
    chart_width: int
    start: dt.date
    end: dt.date
    rows: list[TimelineRow]
    ticks: list[tuple[float, str]]
    today: dt.date
    today_x: float | None


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months = []
    current = dt.date(start.year, start.month, 1)
    if current < start:
        current = _next_month(current)
    while current <= end:
        months.append(current)
        current = _next_month(current)
    return months


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def timeline(
    items: Sequence[TimelineInput], *, plan_start: dt.date, today: dt.date
) -> Timeline | None:
    """Lay out activities on a time axis from the plan's start (or the
    earliest start) to the latest deadline, extended to today when today is
    within ``TODAY_MARGIN_DAYS`` of that span. A short plan fills the
    width; a long one gets wider (the page scrolls it sideways)."""
    if not items:
        return None
    first = min(
        [plan_start, *(i.start or i.end for i in items), *(i.end for i in items)]
    )
    last = max(i.end for i in items)
    if (
        first - dt.timedelta(TODAY_MARGIN_DAYS)
        <= today
        <= last + dt.timedelta(TODAY_MARGIN_DAYS)
    ):
        first, last = min(first, today), max(last, today)
    first -= dt.timedelta(days=2)
    last += dt.timedelta(days=3)
    days = (last - first).days
    day_width = min(TL_MAX_DAY_WIDTH, max(TL_MIN_DAY_WIDTH, TL_MIN_WIDTH / days))
    chart_width = round(days * day_width)
    x0 = TL_LABEL_WIDTH + 10

    def x(day: dt.date) -> float:
        return round(x0 + (day - first).days * day_width, 1)

    rows = []
    for index, item in enumerate(items):
        y = TL_HEADER + index * TL_ROW
        mid = y + TL_ROW // 2
        start = item.start if item.shape == "bar" else None
        x1 = x(start or item.end)
        x2 = round(x(item.end) + day_width, 1)
        cx = round(x(item.end) + day_width / 2, 1)
        if item.shape != "bar":
            x1, x2 = cx - 8, cx + 8
        points = f"{cx},{mid - 8} {cx + 8},{mid} {cx},{mid + 8} {cx - 8},{mid}"
        rows.append(
            TimelineRow(
                pk=item.pk,
                label=item.label,
                short_label=truncate(item.label, 30),
                shape=item.shape,
                planned=item.planned,
                status=item.status,
                due_text=item.due_text,
                start=start,
                end=item.end,
                y=y,
                mid_y=mid,
                x1=x1,
                x2=max(x2, x1 + 3),
                marker_points=points,
                status_label=item.status_label,
            )
        )
    ticks = [(x(m), f"{m.month:02d}/{m.year}") for m in _month_starts(first, last)]
    return Timeline(
        width=x0 + chart_width + 40,
        height=TL_HEADER + len(rows) * TL_ROW + 8,
        label_width=TL_LABEL_WIDTH,
        chart_width=chart_width,
        start=first,
        end=last,
        rows=rows,
        ticks=ticks,
        today=today,
        today_x=x(today) + day_width / 2 if first <= today <= last else None,
    )


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    count: int
    x: float
    width: float
    percent: int


@dataclass(frozen=True)
class StackedBar:
    width: int
    height: int
    total: int
    segments: list[Segment]


def stacked_bar(
    parts: Sequence[tuple[str, str, int]], *, width: int = 600, height: int = 28
) -> StackedBar:
    """One bar split by share: ``parts`` are (key, label, count)."""
    total = sum(count for _key, _label, count in parts)
    segments, x = [], 0.0
    for key, label, count in parts:
        if not count:
            continue
        w = round(width * count / total, 1)
        segments.append(
            Segment(
                key=key,
                label=label,
                count=count,
                x=round(x, 1),
                width=w,
                percent=round(100 * count / total),
            )
        )
        x += w
    return StackedBar(width=width, height=height, total=total, segments=segments)
