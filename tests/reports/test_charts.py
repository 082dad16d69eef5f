import datetime as dt

from kehoach.reports.charts import (
    BarInput,
    TimelineInput,
    bar_chart,
    stacked_bar,
    timeline,
    truncate,
)
from kehoach.reports.svg import bar_chart as bar_svg
from kehoach.reports.svg import timeline as timeline_svg

D = dt.date


def _item(pk, end, *, start=None, shape="bar", status="todo", planned=False):
    return TimelineInput(
        pk=pk,
        label=f"Hoạt động {pk}",
        start=start,
        end=end,
        shape=shape,
        planned=planned,
        status=status,
        due_text="",
    )


def test_timeline_places_bars_markers_and_today_in_order():
    t = timeline(
        [
            _item(1, D(2023, 8, 25), start=D(2023, 8, 1)),
            _item(2, D(2023, 8, 25), shape="marker", planned=True),
        ],
        plan_start=D(2023, 8, 1),
        today=D(2023, 8, 20),
    )
    bar, marker = t.rows
    assert bar.x1 < t.today_x < bar.x2
    # The diamond sits on the deadline's day, where the bar ends.
    day = (bar.x2 - bar.x1) / 25
    assert abs(bar.x2 - day / 2 - (marker.x1 + marker.x2) / 2) < 1
    assert t.start <= D(2023, 8, 1)
    assert t.end >= D(2023, 8, 25)
    assert t.ticks[0][1] == "08/2023"


def test_timeline_leaves_out_a_far_today_and_grows_for_long_plans():
    short = timeline(
        [_item(1, D(2023, 9, 1), start=D(2023, 8, 1))],
        plan_start=D(2023, 8, 1),
        today=D(2026, 1, 1),
    )
    assert short.today_x is None
    long = timeline(
        [_item(1, D(2023, 12, 31), start=D(2023, 1, 1))],
        plan_start=D(2023, 1, 1),
        today=D(2023, 6, 1),
    )
    assert long.width > short.width
    labels = [label for _x, label in long.ticks]
    assert labels[:12] == [f"{m:02d}/2023" for m in range(1, 13)]


def test_timeline_of_nothing_is_none():
    assert timeline([], plan_start=D(2023, 1, 1), today=D(2023, 1, 1)) is None


def test_bar_chart_scales_percent_and_clamps():
    chart = bar_chart(
        [BarInput("a", "A", 50), BarInput("b", "B", 140), BarInput("c", "C", -5)]
    )
    assert [b.percent for b in chart.bars] == [50, 100, 0]
    assert chart.bars[0].width == chart.bar_area / 2
    assert chart.bars[1].width == chart.bar_area


def test_stacked_bar_shares_add_up():
    stack = stacked_bar([("done", "Xong", 3), ("todo", "Chưa", 1), ("late", "Trễ", 0)])
    assert [s.key for s in stack.segments] == ["done", "todo"]
    assert sum(s.width for s in stack.segments) == stack.width
    assert stack.segments[1].x == stack.segments[0].width


def test_svg_escapes_text_and_uses_dots():
    chart = bar_chart([BarInput("x", "<b>Tri ân & thăm hỏi</b>", 33)])
    html = bar_svg(chart, chart_id="c", title="T <1>", desc="D")
    assert "<b>" not in html
    assert "&lt;b&gt;Tri ân &amp; thăm hỏi&lt;/b&gt;" in html
    assert 'width="125.4"' in html
    t = timeline(
        [_item(7, D(2023, 8, 25), start=D(2023, 8, 1), status="done")],
        plan_start=D(2023, 8, 1),
        today=D(2023, 8, 10),
    )
    svg = timeline_svg(t)
    assert '<g id="timeline-activity-7" class="tl-item tl-done"' in svg
    assert 'data-status="done"' in svg
    assert "tl-check" in svg


def test_truncate():
    assert truncate("  a   b  ", 10) == "a b"
    assert truncate("abcdefghij", 5) == "abcd…"
