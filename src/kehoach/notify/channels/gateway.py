"""SMS and chat apps through a generic HTTP gateway (``models.Gateway``).

The agency configures the URL, method, body template, body format, an
auth header and a timeout. Placeholders ``{to}``, ``{text}``, ``{subject}``,
``{link}`` and ``{id}`` are replaced with values escaped for the body format
(the inside of a JSON string, form encoding, or as is for plain text) and
URL-encoded in the URL.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from django.conf import settings
from django.utils import translation

from kehoach.notify.channels.base import (
    DeliveryError,
    SendResult,
    channel,
    http_request,
)
from kehoach.notify.enums import BodyFormat, Channel, HttpMethod
from kehoach.notify.models import Delivery, Gateway
from kehoach.notify.rules import RULES

PLACEHOLDERS = ("to", "text", "subject", "link", "id")
SMS_LIMIT = 320


def fill(template: str, values: dict[str, str], escape: Any) -> str:
    result = template
    for key in PLACEHOLDERS:
        result = result.replace("{" + key + "}", escape(values.get(key, "")))
    return result


def _json_escape(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


ESCAPES = {
    BodyFormat.JSON: _json_escape,
    BodyFormat.FORM: urllib.parse.quote_plus,
    BodyFormat.TEXT: str,
}


def build_request(gateway: Gateway, values: dict[str, str]) -> dict[str, Any]:
    """URL, method, headers and body of the gateway call for ``values``."""
    url = fill(gateway.url, values, lambda v: urllib.parse.quote(v, safe=""))
    headers = {"Content-Type": f"{gateway.body_format}; charset=utf-8"}
    if gateway.auth_header_name and gateway.auth_header_value:
        headers[gateway.auth_header_name] = gateway.auth_header_value
    body = None
    if gateway.method != HttpMethod.GET and gateway.body_template:
        escape = ESCAPES.get(BodyFormat(gateway.body_format), str)
        body = fill(gateway.body_template, values, escape).encode("utf-8")
    return {"url": url, "method": gateway.method, "headers": headers, "body": body}


def message_values(delivery: Delivery) -> dict[str, str]:
    reminder = delivery.reminder
    user = delivery.recipient
    if reminder is None or user is None:
        raise DeliveryError("gateway message without a reminder", permanent=True)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        message = RULES[reminder.rule].render(reminder.payload)
    link = message.absolute_url
    if delivery.channel == Channel.SMS:
        text = f"{message.title[: SMS_LIMIT - len(link) - 1]} {link}".strip()
    else:
        text = "\n".join(part for part in (message.title, message.body, link) if part)
    return {
        "to": delivery.address,
        "text": text,
        "subject": message.title,
        "link": link,
        "id": str(delivery.event_id),
    }


def _gateway(delivery: Delivery, state: dict[str, Any]) -> Gateway:
    gateways = state.setdefault("gateways", {})
    key = (delivery.agency_id, delivery.channel)
    if key not in gateways:
        gateways[key] = Gateway.objects.filter(
            agency_id=delivery.agency_id or 0, channel=delivery.channel, is_active=True
        ).first()
    gateway = gateways[key]
    if gateway is None or not settings.KEHOACH_GATEWAY_ENABLED:
        raise DeliveryError("no active gateway for this channel", permanent=True)
    return gateway  # type: ignore[no-any-return]


def send_via_gateway(delivery: Delivery, state: dict[str, Any]) -> SendResult:
    gateway = _gateway(delivery, state)
    request = build_request(gateway, message_values(delivery))
    return http_request(
        request["url"],
        method=request["method"],
        body=request["body"],
        headers=request["headers"],
        timeout=gateway.timeout_seconds,
    )


channel(Channel.SMS)(send_via_gateway)
channel(Channel.CHAT)(send_via_gateway)
