"""pyHanko's synchronous API wraps ``asyncio.run``, which refuses to run in
a thread that already has an event loop (async views, notebooks, a browser
driven from a test). There the call goes to a short-lived worker thread."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def call_sync(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()
