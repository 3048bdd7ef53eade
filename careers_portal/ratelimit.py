"""Count attempts per key in fixed windows, in the cache every web process shares.

Written here rather than taken from django-ratelimit: that library refuses the database cache
(its checks fail start-up), and the database cache is what `make run` and small schools use
when no Redis is configured. On Redis the count is atomic; on the database cache two requests in
the same instant may count as one, which is close enough for slowing abuse down.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time

from django.core.cache import cache


def _cache_key(scope: str, key: str, window_seconds: int) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no address or email in the cache
    return f"rate:{scope}:{digest}:{int(time.time() // window_seconds)}"


def attempt(scope: str, key: str, *, limit: int, window: dt.timedelta) -> bool:
    """Count one attempt of `key` in `scope`; True while it is within `limit` for this window."""
    seconds = int(window.total_seconds())
    cache_key = _cache_key(scope, key, seconds)
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count <= limit


def count(scope: str, key: str, *, window: dt.timedelta) -> int:
    """How many attempts of `key` this window has counted so far, without counting one."""
    return cache.get(_cache_key(scope, key, int(window.total_seconds())), 0)
