"""SVG markup of the charts laid out by ``reports.charts``.

Written in Python rather than in templates: a dashboard draws hundreds of
elements and the template engine spent most of the page's time resolving
their variables (see ``bench/load.py``). Every text is escaped; numbers are
written with a dot whatever the language; there is no script and no
external reference, only classes styled by ``app.css``.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kehoach.reports.charts import BarChart, StackedBar, Timeline


def _n(value: float) -> str:
    """A coordinate: at most one decimal, always a dot."""
    return f"{value:.1f}".removesuffix(".0")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def bar_chart(chart: BarChart, *, chart_id: str, title: str, desc: str) -> SafeString:
    """Horizontal bars with their labels and percents, an accessible title
    and description, and a visually hidden table of the same figures."""
    cid = _e(chart_id)
    out = [
        '<figure class="chart">',
        f'<svg class="chart-svg" id="{cid}" viewBox="0 0 {chart.width} {chart.height}" '
        f'width="{chart.width}" height="{chart.height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{cid}-title">{_e(title)}</title>',
        f'<desc id="{cid}-desc">{_e(desc)}</desc>',
    ]
    out += [
        f'<line class="chart-grid" x1="{_n(x)}" x2="{_n(x)}" y1="0" y2="{chart.height}"/>'
        for x, _p in chart.grid
    ]
    for bar in chart.bars:
        note = f" — {bar.note}" if bar.note else ""
        label = (
            f'<text class="chart-label" x="{chart.label_width}" y="{bar.text_y}" '
            f'text-anchor="end">{_e(bar.short_label)}</text>'
        )
        if bar.href:
            label = f'<a href="{_e(bar.href)}">{label}</a>'
        out.append(
            f'<g id="{cid}-{_e(bar.key)}" class="chart-row" data-status="{_e(bar.status)}" '
            f'data-percent="{bar.percent}"><title>{_e(bar.label)}: {bar.percent}%{_e(note)}</title>'
            f"{label}"
            f'<rect class="chart-track" x="{chart.bar_x}" y="{bar.y}" width="{chart.bar_area}" '
            f'height="{chart.bar_height}" rx="3"/>'
            f'<rect class="chart-bar chart-bar-{_e(bar.status or "none")}" x="{chart.bar_x}" '
            f'y="{bar.y}" width="{_n(bar.width)}" height="{chart.bar_height}" rx="3"/>'
            f'<text class="chart-value" x="{chart.value_x}" y="{bar.text_y}">{bar.percent}%</text>'
            "</g>"
        )
    out.append("</svg>")
    # gettext calls stay outside the f-string: xgettext does not look inside.
    item, percent, note = _("Mục"), _("Tiến độ"), _("Ghi chú")
    out.append(
        f'<div class="visually-hidden"><table><caption>{_e(title)}</caption><thead><tr>'
        f'<th scope="col">{_e(item)}</th><th scope="col">{_e(percent)}</th>'
        f'<th scope="col">{_e(note)}</th></tr></thead><tbody>'
    )
    out += [
        f"<tr><td>{_e(b.label)}</td><td>{b.percent}%</td><td>{_e(b.note)}</td></tr>"
        for b in chart.bars
    ]
    out.append("</tbody></table></div></figure>")
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


def timeline(t: Timeline) -> SafeString:
    """The plan's timeline: one row per activity (a bar from start to
    deadline, or a diamond for one day; dashed when tentative; a check mark
    when done), month ticks and the today line. Each row is a ``<g>`` with
    id ``timeline-activity-<pk>`` and ``data-status``."""
    wide = " timeline-wide" if t.width > 900 else ""
    desc = _(
        "{n} hoạt động có thời hạn, từ {start} đến {end}; hôm nay là {today}."
    ).format(
        n=len(t.rows),
        start=t.start.strftime("%d/%m/%Y"),
        end=t.end.strftime("%d/%m/%Y"),
        today=t.today.strftime("%d/%m/%Y"),
    )
    region = _("Biểu đồ thời gian (cuộn ngang)")
    title = _("Tiến độ các hoạt động theo thời gian")
    out = [
        f'<div class="timeline-scroll" role="region" aria-label="{_e(region)}" tabindex="0">',
        f'<svg class="timeline-svg{wide}" id="timeline" viewBox="0 0 {t.width} {t.height}" '
        f'width="{t.width}" height="{t.height}" role="img" '
        'aria-labelledby="timeline-title timeline-desc" preserveAspectRatio="xMinYMin meet" '
        f'data-start="{t.start.isoformat()}" data-end="{t.end.isoformat()}">',
        f'<title id="timeline-title">{_e(title)}</title>',
        f'<desc id="timeline-desc">{_e(desc)}</desc>',
    ]
    for x, label in t.ticks:
        out.append(
            f'<line class="tl-tick" x1="{_n(x)}" x2="{_n(x)}" y1="18" y2="{t.height}"/>'
            f'<text class="tl-tick-label" x="{_n(x)}" y="14">{_e(label)}</text>'
        )
    for index, row in enumerate(t.rows, start=1):
        planned = " tl-planned" if row.planned else ""
        stripe = (
            f'<rect class="tl-stripe" x="0" y="{row.y}" width="{t.width}" height="28"/>'
            if index % 2 == 0
            else ""
        )
        if row.shape == "bar":
            mark = (
                f'<rect class="tl-bar" x="{_n(row.x1)}" y="{row.bar_y}" '
                f'width="{_n(row.width)}" height="14" rx="3"/>'
            )
        else:
            mark = f'<polygon class="tl-marker" points="{row.marker_points}"/>'
        check = (
            f'<text class="tl-check" x="{_n(row.check_x)}" y="{row.label_y}" aria-hidden="true">✓</text>'
            if row.status == "done"
            else ""
        )
        due = row.due_text or row.end.strftime("%d/%m/%Y")
        out.append(
            f'<g id="timeline-activity-{row.pk}" class="tl-item tl-{_e(row.status)}{planned}" '
            f'data-status="{_e(row.status)}" data-shape="{row.shape}" '
            f'data-planned="{"true" if row.planned else "false"}" data-due="{row.end.isoformat()}">'
            f"<title>{_e(row.label)} — {_e(due)} — {_e(row.status_label)}</title>"
            f"{stripe}"
            f'<text class="tl-label" x="{t.label_width}" y="{row.label_y}" text-anchor="end">{_e(row.short_label)}</text>'
            f"{mark}{check}</g>"
        )
    if t.today_x is not None:
        today = _("Hôm nay")
        out.append(
            f'<g id="timeline-today" class="tl-today" data-date="{t.today.isoformat()}">'
            f"<title>{_e(today)} {t.today.strftime('%d/%m/%Y')}</title>"
            f'<line x1="{_n(t.today_x)}" x2="{_n(t.today_x)}" y1="20" y2="{t.height}"/>'
            f'<text x="{_n(t.today_x)}" y="30" text-anchor="middle">{_e(today)}</text></g>'
        )
    out.append("</svg></div>")
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


def stacked_bar(stack: StackedBar, *, chart_id: str, title: str) -> SafeString:
    """One bar split by status, with a legend."""
    cid = _e(chart_id)
    desc = "; ".join(f"{s.label}: {s.count}" for s in stack.segments)
    out = [
        '<figure class="chart">',
        f'<svg class="chart-svg" id="{cid}" viewBox="0 0 {stack.width} {stack.height}" '
        f'width="{stack.width}" height="{stack.height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{cid}-title">{_e(title)}</title><desc id="{cid}-desc">{_e(desc)}</desc>',
    ]
    out += [
        f'<g id="{cid}-{_e(s.key)}" data-count="{s.count}"><title>{_e(s.label)}: {s.count} ({s.percent}%)</title>'
        f'<rect class="chart-bar chart-bar-{_e(s.key)}" x="{_n(s.x)}" y="0" width="{_n(s.width)}" height="{stack.height}"/></g>'
        for s in stack.segments
    ]
    out.append('</svg><figcaption><ul class="legend">')
    out += [
        f'<li><span class="swatch swatch-{_e(s.key)}" aria-hidden="true"></span>{_e(s.label)}: <strong>{s.count}</strong></li>'
        for s in stack.segments
    ]
    out.append("</ul></figcaption></figure>")
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped
