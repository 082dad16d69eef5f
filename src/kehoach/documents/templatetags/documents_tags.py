from __future__ import annotations

from django import template
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
