"""The channel interface and a small HTTP helper (standard library only:
the gateways and webhook receivers are on the agency's own network)."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kehoach.notify.models import Delivery

RESPONSE_EXCERPT = 500


class DeliveryError(Exception):
    """Sending failed; ``status_code`` is the HTTP status when there was one.
    ``permanent`` failures are not retried."""

    def __init__(
        self, message: str, *, status_code: int | None = None, permanent: bool = False
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.permanent = permanent


@dataclass(frozen=True)
class SendResult:
    status_code: int | None = None


# channel → send(delivery, batch_state) ; batch_state is shared by the
# deliveries of one batch (an open SMTP connection, the gateways).
Sender = Callable[["Delivery", dict[str, Any]], SendResult]
CHANNELS: dict[str, Sender] = {}


def channel(name: str) -> Callable[[Sender], Sender]:
    def register(func: Sender) -> Sender:
        CHANNELS[name] = func
        return func

    return register


def http_request(
    url: str,
    *,
    method: str,
    body: bytes | None,
    headers: dict[str, str],
    timeout: float,
) -> SendResult:
    """Send one request; 2xx is success, anything else a DeliveryError
    (4xx other than 408/429 are permanent: retrying will not help)."""
    if not url.lower().startswith(("http://", "https://")):
        raise DeliveryError(f"URL must be http(s): {url}", permanent=True)
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310 -- scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 -- scheme checked above
            response.read(RESPONSE_EXCERPT)
            return SendResult(status_code=response.status)
    except urllib.error.HTTPError as exc:
        excerpt = exc.read(RESPONSE_EXCERPT).decode("utf-8", "replace")
        permanent = 400 <= exc.code < 500 and exc.code not in {408, 429}
        raise DeliveryError(
            f"HTTP {exc.code}: {excerpt}".strip(),
            status_code=exc.code,
            permanent=permanent,
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
