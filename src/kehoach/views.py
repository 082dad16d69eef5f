"""Site-wide pages: home (per role), health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "placeholder.html")


@login_required
def placeholder(request: HttpRequest) -> HttpResponse:
    return render(request, "placeholder.html")


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
