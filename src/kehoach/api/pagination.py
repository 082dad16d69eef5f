"""Pages of API lists cached under the data version
(:mod:`kehoach.reports.freshness`): the same request by the same user is
answered from the cache until something it could show changes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja.pagination import LimitOffsetPagination

from kehoach.reports.freshness import cached_value


class CachedLimitOffsetPagination(LimitOffsetPagination):
    """``limit``/``offset`` like :class:`LimitOffsetPagination`; the page
    (items and count) is cached per user and query string. Only for lists
    built from plans, documents and the directory."""

    def __init__(self, *, cache_scope: str, **kwargs: Any) -> None:
        self.cache_scope = cache_scope
        super().__init__(**kwargs)

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: LimitOffsetPagination.Input,
        request: HttpRequest,
        **params: Any,
    ) -> Any:
        def build() -> dict[str, Any]:
            page = dict(
                LimitOffsetPagination.paginate_queryset(
                    self, queryset, pagination, request, **params
                )
            )
            page[self.items_attribute] = list(page[self.items_attribute])
            return page

        return cached_value(
            self.cache_scope,
            [request.user.pk, request.get_full_path()],
            build,
        )
