"""Domain errors that carry a message fit to show a user."""

from __future__ import annotations

from typing import Any


class ActionRefused(Exception):
    """A service refused to act. ``message`` is translated (Vietnamese by
    default); ``status`` is the HTTP status a view or the API should answer.
    """

    status = 400

    def __init__(
        self, message: Any, *, status: int | None = None, code: str = "refused"
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        if status is not None:
            self.status = status


class PermissionRefused(ActionRefused):
    status = 403

    def __init__(self, message: Any, *, code: str = "forbidden") -> None:
        super().__init__(message, status=403, code=code)


class NotFound(ActionRefused):
    status = 404

    def __init__(self, message: Any, *, code: str = "not_found") -> None:
        super().__init__(message, status=404, code=code)


class Conflict(ActionRefused):
    status = 409

    def __init__(self, message: Any, *, code: str = "conflict") -> None:
        super().__init__(message, status=409, code=code)
