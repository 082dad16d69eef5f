"""Outbound webhooks: signed JSON events.

Headers of each request:

- ``X-Kehoach-Event``: the event name, e.g. ``task.overdue``;
- ``X-Kehoach-Event-Id``: the event's id (the same on every retry: receivers
  use it to ignore duplicates);
- ``X-Kehoach-Timestamp``: Unix time of this attempt;
- ``X-Kehoach-Signature``: ``sha256=`` + hex HMAC-SHA256, keyed with the
  subscription's secret, of ``"<timestamp>." + body`` (the raw body bytes).

A receiver recomputes the HMAC, compares in constant time and rejects
timestamps more than a few minutes old.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from kehoach.notify.channels.base import (
    DeliveryError,
    SendResult,
    channel,
    http_request,
)
from kehoach.notify.enums import Channel
from kehoach.notify.models import Delivery

TIMEOUT_SECONDS = 10


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(
        secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256
    ).hexdigest()
    return f"sha256={digest}"


def webhook_body(delivery: Delivery) -> bytes:
    envelope = {"id": str(delivery.event_id), **delivery.payload}
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True).encode("utf-8")


@channel(Channel.WEBHOOK)
def send_webhook(delivery: Delivery, state: dict[str, Any]) -> SendResult:
    subscription = delivery.subscription
    if subscription is None or not subscription.is_active:
        raise DeliveryError("subscription removed or disabled", permanent=True)
    body = webhook_body(delivery)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "kehoach-webhooks/1",
        "X-Kehoach-Event": delivery.event,
        "X-Kehoach-Event-Id": str(delivery.event_id),
        "X-Kehoach-Timestamp": timestamp,
        "X-Kehoach-Signature": signature(subscription.secret, timestamp, body),
    }
    return http_request(
        subscription.url,
        method="POST",
        body=body,
        headers=headers,
        timeout=TIMEOUT_SECONDS,
    )
