"""The REST API: one NinjaAPI, one router per app, one error handler."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from kehoach.api.auth import api_auth
from kehoach.lib.exceptions import ActionRefused

api = NinjaAPI(
    title="kehoach API",
    version="1",
    description=(
        "API của kehoach: cơ quan, đơn vị, cán bộ, văn bản, kế hoạch, hoạt động, "
        "nhiệm vụ. Xác thực bằng phiên đăng nhập hoặc mã truy cập "
        "(Authorization: Bearer …)."
    ),
    auth=api_auth,
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "detail": message}, status=status
    )


@api.exception_handler(ActionRefused)
def on_action_refused(request: HttpRequest, exc: ActionRefused) -> HttpResponse:
    return _error(request, exc.status, exc.code, str(exc.message))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", str(exc) or _("Không tìm thấy."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        "unauthenticated",
        _("Cần đăng nhập hoặc mã truy cập hợp lệ. / Authentication required."),
    )


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {
            "code": "invalid",
            "detail": _("Dữ liệu không hợp lệ. / Invalid input."),
            "errors": exc.errors,
        },
        status=422,
    )


def register_routers() -> None:
    """Attach each app's router. Kept in one place so the order is stable."""
    from kehoach.api import routers  # noqa: PLC0415 -- routers import models; done once at URL load

    for prefix, router in routers.ROUTERS:
        api.add_router(prefix, router)


register_routers()
