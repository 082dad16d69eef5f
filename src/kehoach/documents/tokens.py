"""Personal links that work without logging in: a signed, expiring token
naming one recipient (acknowledging receipt) or one invitee (answering a
consultation)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

ACK_SALT = "kehoach.documents.acknowledge"
CONSULT_SALT = "kehoach.documents.consult"


def _max_age() -> int:
    return int(settings.KEHOACH_ACK_LINK_DAYS) * 24 * 3600


def make_token(pk: int, *, salt: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(str(pk))


def read_token(token: str, *, salt: str) -> int | None:
    """The id in a valid, unexpired token; None otherwise."""
    try:
        value = signing.TimestampSigner(salt=salt).unsign(token, max_age=_max_age())
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    return int(value) if value.isdigit() else None


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def ack_url(recipient_pk: int) -> str:
    token = make_token(recipient_pk, salt=ACK_SALT)
    return absolute_url(reverse("documents:acknowledge", args=[token]))


def consult_url(response_pk: int) -> str:
    token = make_token(response_pk, salt=CONSULT_SALT)
    return absolute_url(reverse("documents:consultation-answer-link", args=[token]))
