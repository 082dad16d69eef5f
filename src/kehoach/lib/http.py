"""Typing helpers for requests."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request seen through django-htmx's middleware (for typing)."""

    htmx: HtmxDetails
