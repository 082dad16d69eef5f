"""Pages of sub-plans (the detailed plan of a duty), the plan tree and the
annual rollover."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.viewer import viewer_for
from kehoach.plans import rollover, subplans
from kehoach.plans.permissions import get_plan_for


class SubPlanForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Trích yếu kế hoạch chi tiết"),
        max_length=1000,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )
    file = forms.FileField(
        label=gettext_lazy("Hoặc tải lên kế hoạch đã soạn"),
        help_text=gettext_lazy("TXT, DOCX, PDF hoặc HTML; tối đa 20 MB."),
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("title") and not data.get("file"):
            raise forms.ValidationError(_("Hãy nhập trích yếu hoặc chọn tệp kế hoạch."))
        upload = data.get("file")
        if upload is not None and upload.size > settings.KEHOACH_MAX_UPLOAD_BYTES:
            self.add_error("file", _("Tệp quá lớn."))
        return data


@login_required
@require_http_methods(["GET", "POST"])
def sub_plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Lập kế hoạch chi tiết" for an activity: a titled empty draft, or an
    upload read by the parser."""
    viewer = viewer_for(request.user)
    activity = subplans.get_activity_for(viewer, pk)
    if not subplans.can_create_sub_plan(viewer, activity):
        raise Http404(_("Bạn không lập kế hoạch chi tiết cho nhiệm vụ này."))
    form = (
        SubPlanForm(request.POST, request.FILES)
        if request.method == "POST"
        else SubPlanForm()
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                if upload is not None:
                    plan = subplans.create_sub_plan_from_upload(
                        upload.read(),
                        filename=upload.name,
                        parent_activity=activity,
                        actor=request.user,
                    )
                else:
                    plan = subplans.create_sub_plan(
                        activity, actor=request.user, title=form.cleaned_data["title"]
                    )
            except ActionRefused as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("Đã tạo kế hoạch chi tiết (dự thảo)."))
                return redirect("plans:plan-detail", pk=plan.pk)
        else:
            status = 400
    return render(
        request,
        "plans/subplan_create.html",
        {"activity": activity, "form": form},
        status=status,
    )


@login_required
def plan_tree(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    plan = get_plan_for(viewer, pk)
    return render(
        request,
        "plans/plan_tree.html",
        {"plan": plan, "root": subplans.plan_tree(plan, viewer=viewer)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_rollover(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the preview of next year's draft, every change listed. POST:
    create it."""
    viewer = viewer_for(request.user)
    plan = get_plan_for(viewer, pk)
    if not rollover.can_rollover_plan(viewer, plan):
        raise Http404(_("Bạn không có quyền tạo kế hoạch năm sau."))
    try:
        year = int(request.POST.get("year") or request.GET.get("year") or plan.year + 1)
        if request.method == "POST":
            created = rollover.rollover_plan(plan, actor=request.user, year=year)
            messages.success(
                request,
                _("Đã tạo dự thảo kế hoạch năm {year}.").format(year=created.year),
            )
            return redirect("plans:plan-detail", pk=created.pk)
        draft = rollover.rollover_preview(plan, year=year)
    except (ActionRefused, ValueError) as exc:
        messages.error(request, str(getattr(exc, "message", _("Năm không hợp lệ."))))
        return redirect("plans:plan-detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_rollover.html",
        {
            "plan": plan,
            "draft": draft,
            "existing": rollover.existing_rollover(draft),
            "years": range(plan.year + 1, plan.year + rollover.MAX_YEARS_AHEAD + 1),
        },
    )
