"""The registers (sổ đăng ký văn bản đi / đến) with the fields of Decree 30
Appendix IV, searchable without diacritics, and their XLSX export."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.documents.enums import (
    DeliveryChannel,
    Direction,
    DocumentStatus,
    RegisterKind,
    TransitionAction,
)
from kehoach.documents.models import Document, DocumentTransition
from kehoach.lib.text import fold

OUTGOING_COLUMNS = [
    gettext_lazy("Số, ký hiệu"),
    gettext_lazy("Ngày tháng văn bản"),
    gettext_lazy("Tên loại và trích yếu nội dung"),
    gettext_lazy("Người ký"),
    gettext_lazy("Nơi nhận"),
    gettext_lazy("Đơn vị, người nhận bản lưu"),
    gettext_lazy("Số lượng bản"),
    gettext_lazy("Ngày chuyển"),
    gettext_lazy("Ký nhận"),
    gettext_lazy("Ghi chú"),
]
INCOMING_COLUMNS = [
    gettext_lazy("Ngày đến"),
    gettext_lazy("Số đến"),
    gettext_lazy("Tác giả"),
    gettext_lazy("Số, ký hiệu"),
    gettext_lazy("Ngày tháng văn bản"),
    gettext_lazy("Tên loại và trích yếu nội dung"),
    gettext_lazy("Đơn vị hoặc người nhận"),
    gettext_lazy("Ngày chuyển"),
    gettext_lazy("Ký nhận"),
    gettext_lazy("Ghi chú"),
]


@dataclass(frozen=True)
class RegisterFilters:
    year: int | None = None
    doc_type: str | None = None
    q: str = ""


@dataclass
class RegisterRow:
    """One line of a register. ``cells`` follow the Appendix IV columns;
    dates stay dates (the XLSX gets real date cells)."""

    document: Document
    cells: list[object] = field(default_factory=list)

    @property
    def recalled(self) -> bool:
        return self.document.status == DocumentStatus.RECALLED


def _type_and_subject(document: Document) -> str:
    kind = document.get_doc_type_display() if document.doc_type else ""
    return f"{kind}: {document.title}" if kind else document.title


def register_documents(
    agency_id: int, kind: str, filters: RegisterFilters | None = None
) -> QuerySet[Document]:
    """Documents entered in one register of one agency, in register order."""
    filters = filters or RegisterFilters()
    direction = (
        Direction.OUTGOING if kind == RegisterKind.OUTGOING else Direction.INCOMING
    )
    qs = Document.objects.filter(
        agency_id=agency_id, direction=direction, register_number__isnull=False
    )
    if filters.year:
        qs = qs.filter(register_year=filters.year)
    if filters.doc_type:
        qs = qs.filter(doc_type=filters.doc_type)
    for word in fold(filters.q).split():
        qs = qs.filter(
            Q(search_text__contains=word) | Q(recipients__name__icontains=word)
        )
    return qs.distinct().order_by("register_year", "register_number")


def register_years(agency_id: int, kind: str) -> list[int]:
    direction = (
        Direction.OUTGOING if kind == RegisterKind.OUTGOING else Direction.INCOMING
    )
    years = (
        Document.objects.filter(
            agency_id=agency_id, direction=direction, register_year__isnull=False
        )
        .values_list("register_year", flat=True)
        .distinct()
    )
    return sorted({y for y in years if y} | {timezone.localdate().year}, reverse=True)


def _outgoing_rows(documents: QuerySet[Document]) -> list[RegisterRow]:
    documents = (
        documents.select_related("distribution", "amends", "replaces")
        .prefetch_related("recipients")
        .annotate(
            acks=Count(
                "distribution__recipients",
                filter=Q(distribution__recipients__acknowledged_at__isnull=False),
                distinct=True,
            ),
            sent=Count("distribution__recipients", distinct=True),
            own_units=Count(
                "distribution__recipients",
                filter=Q(distribution__recipients__channel=DeliveryChannel.UNIT),
                distinct=True,
            ),
        )
    )
    rows = []
    for doc in documents:
        recipients = list(doc.recipients.all())
        notes = []
        if doc.status == DocumentStatus.RECALLED:
            notes.append(_("Đã thu hồi"))
        if doc.amends_id:
            notes.append(
                _("Sửa đổi văn bản {label}").format(label=doc.amends.reference_label)  # type: ignore[union-attr]
            )
        if doc.replaces_id:
            notes.append(
                _("Thay thế văn bản {label}").format(label=doc.replaces.reference_label)  # type: ignore[union-attr]
            )
        distribution = getattr(doc, "distribution", None)
        sent_on = (
            timezone.localtime(distribution.sent_at).date()
            if distribution is not None and distribution.sent_at
            else None
        )
        rows.append(
            RegisterRow(
                doc,
                [
                    doc.reference_label,
                    doc.issued_on,
                    _type_and_subject(doc),
                    doc.signer_name,
                    "; ".join(
                        f"{r.name} ({r.purpose})" if r.purpose else r.name
                        for r in recipients
                    ),
                    ", ".join(doc.archive or []),
                    len(recipients) + len(doc.archive or []),
                    sent_on,
                    _("{acks}/{sent} đã xác nhận").format(
                        acks=doc.acks,
                        sent=doc.sent,
                    )
                    if doc.sent
                    else "",
                    "; ".join(str(n) for n in notes),
                ],
            )
        )
    return rows


def _incoming_rows(documents: QuerySet[Document]) -> list[RegisterRow]:
    from kehoach.documents.incoming import HANDLING_PREFIX  # noqa: PLC0415 -- incoming imports workflow
    from kehoach.plans.models import Activity  # noqa: PLC0415 -- plans depend on documents

    documents = documents.select_related("plan").prefetch_related(
        Prefetch(
            "plan__activities",
            queryset=Activity.objects.order_by("order"),
            to_attr="register_activities",
        ),
        Prefetch(
            "transitions",
            queryset=DocumentTransition.objects.filter(action=TransitionAction.DIRECT),
            to_attr="directions",
        ),
    )
    rows = []
    for doc in documents:
        plan = getattr(doc, "plan", None)
        handlers: list[str] = []
        for activity in getattr(plan, "register_activities", []) if plan else []:
            if activity.title.startswith(HANDLING_PREFIX):
                handlers += [*activity.lead_text, *activity.support_text]
        directions = doc.directions
        handed = (
            timezone.localtime(directions[0].created_at).date() if directions else None
        )
        notes = []
        if doc.status == DocumentStatus.RETURNED:
            notes.append(_("Đã trả lại: {reason}").format(reason=doc.return_reason))
        if doc.direction_note:
            notes.append(doc.direction_note)
        if doc.handling_deadline:
            notes.append(
                _("Hạn xử lý {date}").format(
                    date=doc.handling_deadline.strftime("%d/%m/%Y")
                )
            )
        rows.append(
            RegisterRow(
                doc,
                [
                    doc.received_on,
                    doc.register_number,
                    doc.issuer_name or doc.issuer_parent,
                    doc.reference_label,
                    doc.issued_on,
                    _type_and_subject(doc),
                    ", ".join(dict.fromkeys(handlers)),
                    handed,
                    "",
                    "; ".join(notes),
                ],
            )
        )
    return rows


def register_rows(documents: QuerySet[Document], kind: str) -> list[RegisterRow]:
    """The rows of a register page or export, in a fixed number of queries."""
    if kind == RegisterKind.OUTGOING:
        return _outgoing_rows(documents)
    return _incoming_rows(documents)


def columns_for(kind: str) -> list[object]:
    return list(OUTGOING_COLUMNS if kind == RegisterKind.OUTGOING else INCOMING_COLUMNS)


def export_register_xlsx(
    rows: Iterable[RegisterRow], *, kind: str, agency_name: str, year: int | None
) -> bytes:
    """The register as an XLSX workbook: a title, Vietnamese headers, one
    line per document, dates as dd/mm/yyyy date cells."""
    from openpyxl import Workbook  # noqa: PLC0415 -- only exports need it
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415 -- idem

    workbook = Workbook()
    sheet: Any = workbook.active
    title = (
        _("Sổ đăng ký văn bản đi")
        if kind == RegisterKind.OUTGOING
        else _("Sổ đăng ký văn bản đến")
    )
    sheet.title = title[:31]
    sheet.append([agency_name])
    heading = title.upper()
    if year:
        heading = _("{register} NĂM {year}").format(register=heading, year=year)
    sheet.append([heading])
    sheet["A2"].font = Font(bold=True, size=13)
    sheet.append([])
    headers = [str(c) for c in columns_for(kind)]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(
            wrap_text=True, vertical="center", horizontal="center"
        )
    for row in rows:
        sheet.append(list(row.cells))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [14, 12, 50, 22, 40, 18, 10, 12, 16, 30]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[
            sheet.cell(row=4, column=index).column_letter
        ].width = width
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
