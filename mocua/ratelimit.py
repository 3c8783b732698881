"""The one rate limiter of public pages (tracking look-ups, the feedback form): counters in the cache.

A caller names its counters by any text (hashed here, so any text is a valid cache key) with a
limit each; `blocked` says whether one of them is at its limit, `hit` adds one to each for `window`
seconds (the window starts at the first hit). A cache that fails (Redis down) blocks nobody: the
page still answers, and the failure is logged.
"""

import hashlib
import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


def key(prefix: str, *parts: str) -> str:
    """'prefix:<hash of parts>' — the client address never appears in the cache as typed."""
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"{prefix}:{digest}"


def blocked(limits: dict[str, int]) -> bool:
    """True when a counter of `limits` (key -> limit) has reached its limit."""
    try:
        counts = cache.get_many(list(limits))
    except Exception:  # noqa: BLE001 - the cache is down: nobody is blocked
        log.warning("rate limit: the cache cannot be read; requests are not limited now", exc_info=True)
        return False
    return any(counts.get(k, 0) >= limit for k, limit in limits.items())


def hit(keys, window: int) -> None:
    """Count one more for each key, for `window` seconds from its first hit."""
    for k in keys:
        try:
            if cache.add(k, 1, window):
                continue
            try:
                cache.incr(k)
            except ValueError:  # expired between add and incr
                cache.add(k, 1, window)
        except Exception:  # noqa: BLE001 - the cache is down: not counted
            log.warning("rate limit: the cache cannot be written; a request was not counted", exc_info=True)
            return
