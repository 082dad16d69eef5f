from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kehoach.documents.enums import DatePrecision
from kehoach.documents.models import Document

register = template.Library()


@register.filter
def date_line(document: Document) -> str:
    """``"Đắk Nông, ngày 05 tháng 8 năm 2023"``; blanks where the document
    leaves the day or month open, as Decree 30 drafts do."""
    date = document.issued_on
    place = document.place
    if date is None:
        text = _("ngày … tháng … năm …")
    elif document.issued_precision == DatePrecision.YEAR:
        text = _("ngày … tháng … năm {year}").format(year=date.year)
    elif document.issued_precision == DatePrecision.MONTH:
        text = _("ngày … tháng {month} năm {year}").format(
            month=f"{date.month:02d}" if date.month < 3 else date.month, year=date.year
        )
    else:
        text = _("ngày {day} tháng {month} năm {year}").format(
            day=f"{date.day:02d}",
            month=f"{date.month:02d}" if date.month < 3 else date.month,
            year=date.year,
        )
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


@register.filter
def issued_short(document: Document) -> str:
    """dd/mm/yyyy at the document's precision (``…/08/2023`` for a month)."""
    date = document.issued_on
    if date is None:
        return ""
    if document.issued_precision == DatePrecision.YEAR:
        return str(date.year)
    if document.issued_precision == DatePrecision.MONTH:
        return f"{date.month:02d}/{date.year}"
    return date.strftime("%d/%m/%Y")


@register.filter
def number_line(document: Document) -> str:
    """``"Số: 12/KH-STTTT"``; a draft keeps the blank: ``"Số:      /KH-STTTT"``."""
    if not document.symbol:
        return _("Số: {number}").format(number=document.number or "")
    return _("Số: {number}/{symbol}").format(
        number=document.number or "\u2003\u2003", symbol=document.symbol
    )


_ROMAN = frozenset("IVXLC")


@register.filter
def section_label(label: str | None) -> str:
    """A body label as a document prints it: ``III.``, ``3.1.``, ``a)``, ``-``."""
    if not label:
        return ""
    if label in {"-", "+", "*", "•"}:
        return label
    if len(label) == 1 and label.isalpha() and label.islower():
        return f"{label})"
    if label[-1] in ".)":
        return label
    if set(label) <= _ROMAN or label.replace(".", "").isdigit() or label.isalpha():
        return f"{label}."
    return label


@register.filter
def is_bullet(label: str | None) -> bool:
    return label in {"-", "+", "*", "•"}


@register.filter
def cite_links(text: str, links: list[tuple[str, str]] | None) -> str:
    """The paragraph with each citation the agency holds turned into a link."""
    html = str(conditional_escape(text))
    for cited, url in links or []:
        escaped = str(conditional_escape(cited))
        if escaped and escaped in html:
            html = html.replace(
                escaped, f'<a href="{conditional_escape(url)}">{escaped}</a>', 1
            )
    return mark_safe(html)  # noqa: S308 -- built from escaped parts only


@register.filter
def is_heading(text: str | None) -> bool:
    """A labelled line reads as a heading when it is short and not a
    sentence; "1. Các doanh nghiệp …: Căn cứ Kế hoạch này …" is body text."""
    return (
        bool(text)
        and len(text or "") <= 110
        and not (text or "").rstrip().endswith((".", ";", ":"))
    )


@register.filter
def transition_label(action: str) -> str:
    """The Vietnamese name of a workflow step (``"approve"`` → "Lãnh đạo
    duyệt")."""
    from kehoach.documents.enums import TransitionAction  # noqa: PLC0415 -- tags load early

    try:
        return str(TransitionAction(action).label)
    except ValueError:
        return action


@register.filter
def needs_comment(action: str) -> bool:
    return action in {"return", "recall"}
