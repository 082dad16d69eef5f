"""Pages of the plan editor. Every change posts a small form; with HTMX
the changed part of the page comes back (``#editor-<part>``), without
JavaScript the page reloads at that part."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kehoach.documents.authority import signers_for
from kehoach.documents.distribution import allowed_recipient_units, recipient_people
from kehoach.documents.enums import Direction
from kehoach.documents.forms import RecipientLineForm
from kehoach.documents.models import Document
from kehoach.documents.permissions import can_edit_document, can_import_documents
from kehoach.lib.exceptions import ActionRefused
from kehoach.lib.http import HtmxHttpRequest
from kehoach.orgs.models import Agency
from kehoach.orgs.viewer import viewer_for
from kehoach.plans.editor import services
from kehoach.plans.editor.forms import (
    ActivityForm,
    ArchiveForm,
    CitationForm,
    CopyPlanForm,
    DutyForm,
    HeaderForm,
    NewPlanForm,
    SectionForm,
    SignerForm,
    UploadPlanForm,
)
from kehoach.plans.enums import ActivityKind, TaskRole
from kehoach.plans.models import Activity, Plan
from kehoach.plans.permissions import get_plan_for


def _agency(request: HtmxHttpRequest) -> Agency:
    viewer = viewer_for(request.user)
    agency = viewer.person.agency if viewer.person else None
    if agency is None or not can_import_documents(viewer, agency):
        raise Http404(_("Bạn không có quyền soạn kế hoạch."))
    return agency


def _copyable_plans(agency: Agency) -> list[Plan]:
    return list(
        Plan.objects.filter(agency=agency)
        .select_related("document")
        .order_by("-year", "-id")[:50]
    )


@login_required
@require_http_methods(["GET", "POST"])
def editor_new(request: HtmxHttpRequest) -> HttpResponse:
    agency = _agency(request)
    form = NewPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_draft_plan(
                agency,
                actor=request.user,
                title=form.cleaned_data["title"],
                from_template=form.cleaned_data["start"] == "template",
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            return redirect("plans:editor", pk=plan.pk)
    plans = _copyable_plans(agency)
    return render(
        request,
        "plans/editor/editor_new.html",
        {
            "form": form,
            "upload_form": UploadPlanForm(),
            "copy_form": CopyPlanForm(plans=plans, initial={"year": _next_year(plans)}),
            "has_plans": bool(plans),
        },
    )


def _next_year(plans: list[Plan]) -> int:
    from kehoach.documents.numbering import today  # noqa: PLC0415 -- small helper

    return today().year + (1 if plans and plans[0].year >= today().year else 0)


@login_required
@require_POST
def editor_upload(request: HtmxHttpRequest) -> HttpResponse:
    agency = _agency(request)
    form = UploadPlanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Cần chọn tệp dự thảo."))
        return redirect("plans:editor-new")
    upload = form.cleaned_data["file"]
    try:
        plan = services.create_plan_from_upload(
            upload.read(), filename=upload.name, agency=agency, actor=request.user
        )
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
        return redirect("plans:editor-new")
    return redirect("plans:editor", pk=plan.pk)


@login_required
@require_POST
def editor_copy(request: HtmxHttpRequest) -> HttpResponse:
    agency = _agency(request)
    form = CopyPlanForm(request.POST, plans=_copyable_plans(agency))
    if not form.is_valid():
        messages.error(request, _("Cần chọn kế hoạch và năm."))
        return redirect("plans:editor-new")
    source = get_plan_for(viewer_for(request.user), form.cleaned_data["plan"])
    try:
        plan = services.copy_plan(
            source, actor=request.user, year=form.cleaned_data["year"]
        )
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
        return redirect("plans:editor-new")
    return redirect("plans:editor", pk=plan.pk)


# --- the editor page ---------------------------------------------------------------


def _editor_context(request: HtmxHttpRequest, plan: Plan) -> dict[str, Any]:
    document = plan.document
    units = services.editor_units(plan.agency)
    activities = list(
        Activity.objects.filter(plan=plan)
        .prefetch_related("tasks")
        .order_by("kind", "order")
    )
    rows: list[dict[str, Any]] = []
    for activity in activities:
        tasks = list(activity.tasks.all())
        initial = {
            "label": activity.label,
            "title": activity.title,
            "lead": [str(t.unit_id) for t in tasks if t.role == TaskRole.LEAD],
            "support": [str(t.unit_id) for t in tasks if t.role == TaskRole.SUPPORT],
            "due_kind": activity.due_kind,
            "due_date": activity.due_date,
            "funding": activity.funding,
        }
        form_class = (
            ActivityForm if activity.kind == ActivityKind.ACTIVITY else DutyForm
        )
        rows.append(
            {
                "activity": activity,
                "form": form_class(
                    units=units, initial=initial, prefix=f"a{activity.pk}"
                ),
            }
        )
    incoming = Document.objects.filter(
        agency_id=plan.agency_id,
        direction=Direction.INCOMING,
        register_number__isnull=False,
    ).order_by("-register_year", "-register_number")[:100]
    return {
        "plan": plan,
        "document": document,
        "editable": can_edit_document(viewer_for(request.user), document),
        "header_form": HeaderForm(
            initial={
                "title": document.title,
                "issuer_parent": document.issuer_parent,
                "issuer_name": document.issuer_name,
                "place": document.place,
                "month": document.issued_on.month if document.issued_on else "",
            }
        ),
        "references": list(
            document.references.select_related("target").order_by("order")
        ),
        "incoming": list(incoming),
        "citation_form": CitationForm(),
        "sections": _flatten(document.body or []),
        "section_form": SectionForm(),
        "activities": [r for r in rows if r["activity"].kind == ActivityKind.ACTIVITY],
        "duties": [r for r in rows if r["activity"].kind == ActivityKind.DUTY],
        "activity_form": ActivityForm(units=units, prefix="new"),
        "duty_form": DutyForm(units=units, prefix="newduty"),
        "lines": list(
            document.recipients.select_related("person").prefetch_related(
                "units__agency"
            )
        ),
        "recipient_form": RecipientLineForm(
            units=list(allowed_recipient_units(document)),
            people=recipient_people(document),
        ),
        "signer_form": SignerForm(
            people=signers_for(plan.agency_id),
            initial={"signer": document.planned_signer_id},
        ),
        "archive_form": ArchiveForm(
            initial={"archive": ", ".join(document.archive or [])}
        ),
        "editor_url": reverse("plans:editor", args=[plan.pk]),
    }


def _flatten(
    body: list[dict[str, Any]], prefix: str = "", depth: int = 0
) -> list[dict[str, Any]]:
    """The body tree as rows with their path ("0", "0.1") and depth, each
    with its text as the textarea shows it."""
    rows = []
    for index, node in enumerate(body):
        path = f"{prefix}{index}"
        rows.append(
            {
                "path": path,
                "depth": depth,
                "label": node.get("label") or "",
                "heading": node.get("heading") or "",
                "text": "\n".join(node.get("paragraphs") or []),
                "first": index == 0,
                "last": index == len(body) - 1,
            }
        )
        rows += _flatten(list(node.get("children") or []), f"{path}.", depth + 1)
    return rows


def _plan(request: HtmxHttpRequest, pk: int) -> Plan:
    return get_plan_for(viewer_for(request.user), pk)


@login_required
def editor(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if plan.agency_id != viewer_for(request.user).agency_id:
        raise Http404
    return render(request, "plans/editor/editor.html", _editor_context(request, plan))


def _done(request: HtmxHttpRequest, plan: Plan, part: str) -> HttpResponse:
    """The changed part for HTMX, otherwise back to the editor at it."""
    if request.htmx:
        plan.document.refresh_from_db()
        return render(
            request,
            f"plans/editor/editor.html#editor-{part}",
            _editor_context(request, plan),
        )
    return redirect(f"{reverse('plans:editor', args=[plan.pk])}#editor-{part}")


def _run(
    request: HtmxHttpRequest, plan: Plan, part: str, action: Callable[[], object]
) -> HttpResponse:
    try:
        action()
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
        if request.htmx:
            response = _done(request, plan, part)
            response["HX-Trigger"] = "editor-error"
            return response
    return _done(request, plan, part)


@login_required
@require_POST
def editor_header(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = HeaderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nhập trích yếu và cơ quan ban hành."))
        return _done(request, plan, "header")
    data = form.cleaned_data
    return _run(
        request,
        plan,
        "header",
        lambda: services.update_header(
            plan,
            actor=request.user,
            title=data["title"],
            place=data["place"],
            issuer_parent=data["issuer_parent"],
            issuer_name=data["issuer_name"],
            month=data["month"] or None,
        ),
    )


@login_required
@require_POST
def editor_base_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    document_id = request.POST.get("document_id", "")
    if document_id.isdigit():
        return _run(
            request,
            plan,
            "bases",
            lambda: services.add_base_document(
                plan, actor=request.user, document_id=int(document_id)
            ),
        )
    text = request.POST.get("text", "")
    return _run(
        request,
        plan,
        "bases",
        lambda: services.add_base_citation(plan, actor=request.user, text=text),
    )


@login_required
@require_POST
def editor_base_delete(request: HtmxHttpRequest, pk: int, ref_pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return _run(
        request,
        plan,
        "bases",
        lambda: services.remove_base(plan, actor=request.user, reference_id=ref_pk),
    )


@login_required
@require_POST
def editor_section(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add, change, move or delete a section (``op`` in the form)."""
    plan = _plan(request, pk)
    post = request.POST
    path, op = post.get("path", ""), post.get("op", "add")
    form = SectionForm(post)
    form.is_valid()
    data = form.cleaned_data

    def act() -> object:
        if op == "update":
            return services.update_section(
                plan,
                actor=request.user,
                path=path,
                label=data.get("label", ""),
                heading=data.get("heading", ""),
                text=data.get("text", ""),
            )
        if op in {"up", "down"}:
            return services.move_section(
                plan, actor=request.user, path=path, offset=-1 if op == "up" else 1
            )
        if op == "delete":
            return services.delete_section(plan, actor=request.user, path=path)
        return services.add_section(
            plan,
            actor=request.user,
            label=data.get("label", ""),
            heading=data.get("heading", ""),
            text=data.get("text", ""),
            parent=post.get("parent", ""),
        )

    return _run(request, plan, "sections", act)


@login_required
@require_POST
def editor_activity(
    request: HtmxHttpRequest, pk: int, activity_pk: int | None = None
) -> HttpResponse:
    """Add (no ``activity_pk``), change or delete an activity or a duty."""
    plan = _plan(request, pk)
    activity = None
    if activity_pk is not None:
        activity = Activity.objects.filter(plan=plan, pk=activity_pk).first()
        if activity is None:
            raise Http404
    kind = (
        activity.kind if activity else request.POST.get("kind", ActivityKind.ACTIVITY)
    )
    part = "duties" if kind == ActivityKind.DUTY else "activities"
    if activity is not None and request.POST.get("delete"):
        return _run(
            request,
            plan,
            part,
            lambda: services.delete_activity(
                plan, actor=request.user, activity=activity
            ),
        )
    prefix = (
        f"a{activity.pk}"
        if activity
        else ("newduty" if kind == ActivityKind.DUTY else "new")
    )
    units = services.editor_units(plan.agency)
    form_class = DutyForm if kind == ActivityKind.DUTY else ActivityForm
    form = form_class(request.POST, units=units, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("Cần nhập nội dung; kiểm tra đơn vị và thời hạn."))
        return _done(request, plan, part)
    data = form.cleaned_data
    return _run(
        request,
        plan,
        part,
        lambda: services.save_activity(
            plan,
            actor=request.user,
            activity=activity,
            kind=kind,
            label=data.get("label", ""),
            title=data["title"],
            lead_ids=[int(i) for i in data.get("lead", [])],
            support_ids=[int(i) for i in data.get("support", [])],
            due_kind=data.get("due_kind", ""),
            due_date=data.get("due_date"),
            funding=data.get("funding", ""),
        ),
    )


@login_required
@require_POST
def editor_signer(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = SignerForm(request.POST, people=signers_for(plan.agency_id))
    person_id = form.cleaned_data["signer"] if form.is_valid() else None
    return _run(
        request,
        plan,
        "signer",
        lambda: services.set_signer(
            plan, actor=request.user, person_id=person_id or None
        ),
    )


@login_required
@require_POST
def editor_archive(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    text = request.POST.get("archive", "")
    return _run(
        request,
        plan,
        "signer",
        lambda: services.set_archive(plan, actor=request.user, text=text),
    )
