"""E-mail over SMTP: HTML and text, in the recipient's language.

One SMTP connection serves a batch. The Message-ID is the delivery's id, so
a receiving system can recognise the (rare) resend after a crash between
the SMTP server's acceptance and our bookkeeping.
"""

from __future__ import annotations

import contextlib
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from kehoach.notify.channels.base import DeliveryError, SendResult, channel
from kehoach.notify.enums import Channel
from kehoach.notify.models import Delivery
from kehoach.notify.rules import RULES


def _recipient_name(delivery: Delivery) -> str:
    user = delivery.recipient
    if user is None:  # an address without a login: the rule names it
        reminder = delivery.reminder
        return str(reminder.payload.get("name", "")) if reminder else ""
    person = getattr(user, "person", None)
    return person.full_name if person else user.get_username()


def render_email(delivery: Delivery) -> EmailMultiAlternatives:
    reminder = delivery.reminder
    user = delivery.recipient
    if reminder is None or (user is None and not reminder.address):
        raise DeliveryError("e-mail without a reminder or recipient", permanent=True)
    language = (user.language if user else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        message = RULES[reminder.rule].render(reminder.payload)
        context = {
            "message": message,
            "recipient_name": _recipient_name(delivery),
            "site_url": settings.SITE_URL,
            "language": language,
            "preferences_url": settings.SITE_URL + "/thong-bao/tuy-chon/",
            **message.context,
        }
        text = render_to_string(f"{message.email_template}.txt", context)
        html = render_to_string(f"{message.email_template}.html", context)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "kehoach"
    email = EmailMultiAlternatives(
        subject=message.title,
        body=text,
        to=[delivery.address],
        headers={
            "Message-ID": f"<{delivery.event_id}@{domain}>",
            "Content-Language": language,
        },
    )
    email.attach_alternative(html, "text/html")
    return email


@channel(Channel.EMAIL)
def send_email(delivery: Delivery, state: dict[str, Any]) -> SendResult:
    email = render_email(delivery)
    connection = state.get("smtp")
    if connection is None:
        connection = state["smtp"] = get_connection(fail_silently=False)
    email.connection = connection
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        state["smtp"] = None
        raise DeliveryError(
            f"SMTP refused the recipient: {exc}", permanent=True
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        state["smtp"] = None
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
    return SendResult()


def close(state: dict[str, Any]) -> None:
    connection = state.pop("smtp", None)
    if connection is not None:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
