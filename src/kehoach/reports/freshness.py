"""Caching computed pages safely: a data version that every committed write
moves forward.

Dashboards and the inbox are read far more often than the data under them
changes, and recomputing them costs tens of milliseconds of CPU. Their
rendered HTML is cached under the current *data version*: one counter in
the database (:class:`~kehoach.reports.models.DataVersion`), advanced after
every committed transaction that wrote to the tables pages are built from
(plans, documents, the directory). Because the counter lives in the
database, a change made by any process — a web worker, the task worker, a
management command — makes every process's cached pages stale at once.

Writes are noticed where they happen, in the database layer: a wrapper on
every connection watches ``INSERT``, ``UPDATE`` and ``DELETE`` statements,
so ``save()``, ``QuerySet.update()``, ``bulk_create()`` and raw SQL are all
seen without each service having to remember to say so. Inside a
transaction the counter moves once, after the commit (a rolled-back
transaction leaves it alone); outside one, at once.

A reader that fetched the version just before a commit may store a page
built from the newer data under the older version: harmless, the next
reader sees the newer version and rebuilds. Entries also expire after
``CACHE_SECONDS`` whatever happens.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")
logger = logging.getLogger(__name__)

CACHE_SECONDS = 600
VERSION_TABLE = "reports_dataversion"
_TRACKED_PREFIXES = ("plans_", "documents_", "orgs_")
# Written on every login or API call, and no page is built from them.
_IGNORED_TABLES = frozenset({VERSION_TABLE, "orgs_user", "orgs_apitoken"})
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE
)


def written_table(sql: str) -> str | None:
    """The table a statement writes to when pages depend on it, else None."""
    match = _WRITE.match(sql)
    if match is None:
        return None
    table = match.group(1).lower()
    if table in _IGNORED_TABLES or not table.startswith(_TRACKED_PREFIXES):
        return None
    return table


def _bump(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        cursor.execute(
            f"UPDATE {VERSION_TABLE} SET version = version + 1 WHERE id = 1"  # noqa: S608 -- constant
        )
        if cursor.rowcount:
            return
    # The row is missing (a test database flushed it): create it.
    try:
        with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, 1)"  # noqa: S608 -- constant
            )
    except IntegrityError:
        _bump(conn)


def _bump_logged(conn: BaseDatabaseWrapper) -> None:
    try:
        _bump(conn)
    except DatabaseError:
        # The write itself is done; cached pages expire anyway. (Also the
        # case while migrations run before this table exists.)
        logger.warning("data version not moved after a write", exc_info=True)


def _pending(conn: BaseDatabaseWrapper) -> bool:
    """Whether this transaction already has its bump registered: the entry
    we appended to the connection's on-commit list is still where we put
    it (a commit or rollback empties or rebuilds the list)."""
    mark = getattr(conn, "_kehoach_bump_mark", None)
    if mark is None:
        return False
    index, entry = mark
    return index < len(conn.run_on_commit) and conn.run_on_commit[index] is entry


def _register(conn: BaseDatabaseWrapper) -> None:
    transaction.on_commit(lambda: _bump_logged(conn), using=conn.alias)
    conn._kehoach_bump_mark = (  # type: ignore[attr-defined]
        len(conn.run_on_commit) - 1,
        conn.run_on_commit[-1],
    )


def track_writes(
    execute: Callable[..., Any],
    sql: str,
    params: Any,
    many: bool,
    context: dict[str, Any],
) -> Any:
    """Connection execute wrapper: notes writes to the tracked tables."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and written_table(sql):
        if _request_version.get() != _NOT_IN_REQUEST:
            _request_version.set(None)  # this request changed the data
        conn: BaseDatabaseWrapper = context["connection"]
        if not conn.in_atomic_block:
            _bump_logged(conn)
        elif not _pending(conn):
            _register(conn)
    return result


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: watch this connection's writes."""
    if track_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(track_writes)


# Within one request the version is read once (:class:`VersionMiddleware`),
# and read again after the request itself wrote something.
_NOT_IN_REQUEST = -1
_request_version: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "kehoach_data_version", default=_NOT_IN_REQUEST
)


def data_version() -> int:
    """The current data version (0 before anything was counted)."""
    known = _request_version.get()
    if known is not None and known != _NOT_IN_REQUEST:
        return known
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")  # noqa: S608 -- constant
        row = cursor.fetchone()
    version = int(row[0]) if row else 0
    if known is None:
        _request_version.set(version)
    return version


class VersionMiddleware:
    """Reads the data version at most once per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_version.set(None)
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


def cache_key(scope: str, parts: Iterable[Any]) -> str:
    """A key for one computed page: its scope, what it depends on, the data
    version, the language and the local day (deadlines turn overdue at
    midnight)."""
    raw = "|".join(str(p) for p in parts)
    digest = hashlib.blake2b(raw.encode("utf-8"), digest_size=16).hexdigest()
    language = translation.get_language() or ""
    today = timezone.localdate().isoformat()
    return f"page:{scope}:{data_version()}:{language}:{today}:{digest}"


def cached_value(scope: str, parts: Iterable[Any], build: Callable[[], T]) -> T:
    """The value ``build`` returns (picklable: figures, choices, rendered
    HTML), from the cache when the data has not changed since. ``parts``
    must name everything it depends on besides the data (the viewer, the
    object, the filters)."""
    key = cache_key(scope, parts)
    marker = object()
    value = cache.get(key, marker)
    if value is marker:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value  # type: ignore[no-any-return]


def cached_html(
    scope: str, parts: Iterable[Any], build: Callable[[], str]
) -> SafeString:
    """:func:`cached_value` for HTML. Never cache HTML that holds a CSRF
    token or a message."""
    return mark_safe(cached_value(scope, parts, build))  # noqa: S308 -- our own rendered template
