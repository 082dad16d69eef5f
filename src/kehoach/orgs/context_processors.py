from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kehoach.orgs.viewer import viewer_for


def viewer(request: HttpRequest) -> dict[str, Any]:
    """Expose the viewer (agency, units, roles) to every template."""
    return {"viewer": viewer_for(getattr(request, "user", None))}
