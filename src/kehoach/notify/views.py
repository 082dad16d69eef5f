"""Pages of the notification centre, personal preferences, and the
agency's notification settings (admin/Office)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from kehoach.lib.exceptions import ActionRefused
from kehoach.notify import queries, services
from kehoach.notify.enums import GATEWAY_CHANNELS, Channel
from kehoach.notify.forms import (
    GatewayForm,
    PreferencesForm,
    SettingsForm,
    SubscriptionForm,
)
from kehoach.notify.models import Gateway
from kehoach.notify.permissions import (
    can_manage_notifications,
    get_delivery_for,
    get_notification_for,
    get_subscription_for,
)
from kehoach.orgs.models import Agency
from kehoach.orgs.viewer import viewer_for

PAGE_SIZE = 30


def _htmx(request: HttpRequest) -> HtmxDetails:
    return request.htmx  # type: ignore[attr-defined,no-any-return] # set by django-htmx's middleware


def _center_context(request: HttpRequest) -> dict[str, Any]:
    unread_only = request.GET.get("chua-doc") == "1"
    page = Paginator(
        queries.notifications_for(request.user, unread_only=unread_only), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return {"page": page, "unread_only": unread_only}


@login_required
def center(request: HttpRequest) -> HttpResponse:
    template = "notify/center.html"
    if _htmx(request) and _htmx(request).target == "notification-list":
        template += "#notification-list"
    return render(request, template, _center_context(request))


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open what a notification is about, marking it read."""
    notification = get_notification_for(request.user, pk)
    services.mark_read(notification, actor=request.user)
    target = notification.url or "notify:center"
    if notification.url and not url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        target = "notify:center"
    return redirect(target)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = services.mark_read(
        get_notification_for(request.user, pk), actor=request.user
    )
    if _htmx(request):
        response = render(
            request, "notify/center.html#notification-row", {"n": notification}
        )
        response["HX-Trigger"] = "notify-read"
        return response
    return redirect("notify:center")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    if _htmx(request):
        response = render(
            request, "notify/center.html#notification-list", _center_context(request)
        )
        response["HX-Trigger"] = "notify-read"
        return response
    messages.success(request, _("Đã đánh dấu {n} thông báo là đã đọc.").format(n=count))
    return redirect("notify:center")


@login_required
def bell(request: HttpRequest) -> HttpResponse:
    """The header's unread count (refreshed by HTMX after mark-as-read)."""
    return render(request, "notify/_bell.html")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    preference = queries.preference_for(request.user)
    form = PreferencesForm(request.POST or None, preference=preference)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preferences(
                request.user,
                actor=request.user,
                channels=form.channels(),
                quiet_start=form.cleaned_data["quiet_start"],
                quiet_end=form.cleaned_data["quiet_end"],
                chat_id=form.cleaned_data["chat_id"],
            )
        except ActionRefused as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Đã lưu tùy chọn thông báo."))
            return redirect("notify:preferences")
    return render(
        request,
        "notify/preferences.html",
        {
            "form": form,
            "channels": [Channel(c).label for c in ("email", "sms", "chat")],
        },
        status=400 if form.errors else 200,
    )


def _managed_agency(request: HttpRequest) -> Agency:
    viewer = viewer_for(request.user)
    agency = viewer.person.agency if viewer.person else None
    if agency is None or not can_manage_notifications(viewer, agency):
        raise Http404(_("Bạn không quản lý cấu hình thông báo."))
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def agency_settings(request: HttpRequest) -> HttpResponse:
    agency = _managed_agency(request)
    instance = queries.agency_settings(agency)
    gateways = queries.gateways_for(agency)
    section = request.POST.get("section", "")
    form = SettingsForm(request.POST if section == "rules" else None, instance=instance)
    gateway_forms = {
        channel: GatewayForm(
            request.POST if section == channel else None,
            instance=gateways[channel] or Gateway(agency=agency, channel=channel),
            prefix=channel,
        )
        for channel in GATEWAY_CHANNELS
    }
    if request.method == "POST":
        bound = (
            form
            if section == "rules"
            else gateway_forms.get(Channel(section))
            if section in GATEWAY_CHANNELS
            else None
        )
        if bound is not None and bound.is_valid():
            try:
                if section == "rules":
                    services.update_agency_settings(
                        agency, actor=request.user, values=_changed(bound)
                    )
                else:
                    services.save_gateway(
                        agency, section, actor=request.user, values=_changed(bound)
                    )
            except ActionRefused as exc:
                bound.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Đã lưu cấu hình thông báo."))
                return redirect("notify:settings")
    return render(
        request,
        "notify/settings.html",
        {
            "agency": agency,
            "form": form,
            "gateway_forms": [
                (channel, Channel(channel).label, f)
                for channel, f in gateway_forms.items()
            ],
        },
    )


def _changed(form: Any) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.fields}


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    agency = _managed_agency(request)
    form = SubscriptionForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_subscription(
                agency, actor=request.user, **form.cleaned_data
            )
        except ActionRefused as exc:
            form.add_error(None, str(exc.message))
        else:
            form = SubscriptionForm()
    return render(
        request,
        "notify/webhook_list.html",
        {
            "form": form,
            "created": created,
            "subscriptions": queries.subscriptions_for(agency),
        },
    )


@login_required
@require_POST
def webhook_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_subscription_for(viewer_for(request.user), pk)
    services.set_subscription_active(
        subscription, actor=request.user, active=not subscription.is_active
    )
    return redirect("notify:webhook-list")


@login_required
def failed_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    _managed_agency(request)
    page = Paginator(queries.failed_deliveries_for(viewer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notify/failed_list.html", {"page": page})


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_delivery_for(viewer_for(request.user), pk)
    services.retry_delivery(delivery, actor=request.user)
    messages.success(request, _("Đã đưa lượt gửi vào hàng đợi gửi lại."))
    return redirect("notify:failed-list")
