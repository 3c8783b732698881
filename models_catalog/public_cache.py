"""The public catalog pages (procedure list and page), cached per office and day (issue 19).

A page's HTML is built once per office, day and *stamp* and kept in the shared cache (Redis when
configured): the stamp joins the catalog's version, bumped on every save or delete of a procedure,
its documents, a field, an office's offering or a reform model (models_catalog.paper_cache.connect:
the one list of rows the catalog's public face shows, which bumps both), and the calendar's
version (schedules.calendar bumps it on every change of days off, hours or reform models). So a
change shows at once, and a new day builds new pages.

Only "today" differs within a day: the banner of the reform models in force now (minutes left,
the time of day), from `policy_at`, which reads memoised data and asks the database nothing. It
is rendered per request into the cached HTML in place of TODAY. Each answer carries an ETag of
its exact content and a Last-Modified, with `Cache-Control: no-cache`: a phone that opens the page
again asks, and gets 304 Not Modified while nothing it shows has changed.
"""

import contextlib
import datetime as dt
import hashlib
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.safestring import mark_safe

from schedules import calendar

VERSION_KEY = "catalog:public-version"
TODAY = mark_safe("<!--mocua:today-->")  # noqa: S308 - a constant marker, replaced before sending
TTL_SECONDS = 26 * 3600  # a day and a margin: a key names its day, so it is never read the day after


def stamp() -> str:
    """The versions the cached pages depend on (one round trip to the cache)."""
    try:
        values = cache.get_many([VERSION_KEY, calendar.VERSION_KEY])
    except Exception:  # noqa: BLE001 - a cache outage: build the page (the key is then not reused)
        return f"down-{time.monotonic_ns()}"
    return f"{values.get(VERSION_KEY, 0)}.{values.get(calendar.VERSION_KEY, 0)}"


def bump(*args, **kwargs) -> None:
    """A catalog change: every cached public page is stale (a signal receiver, or call it after a
    bulk update, which sends no signal)."""
    try:
        cache.add(VERSION_KEY, 0, timeout=None)
        cache.incr(VERSION_KEY)
    except Exception:  # noqa: BLE001, S110 - a cache outage must not break a save; keys expire by day
        pass


def page(parts: tuple, day: dt.date, build) -> dict:
    """The cached entry of a page named by `parts` (view name, office id, …) for `day`, or a new one
    from build() — a dict with "html" (TODAY where the banner goes) and anything the view needs
    per request; Http404 and other errors from build() are not cached."""
    key = "public-page:" + ":".join(str(p) for p in (*parts, day.isoformat(), stamp()))
    digest = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()
    try:
        entry = cache.get(f"public-page:{digest}")
    except Exception:  # noqa: BLE001
        entry = None
    if entry is None:
        entry = {**build(), "built": time.time()}
        with contextlib.suppress(Exception):  # a cache outage: serve what was built
            cache.set(f"public-page:{digest}", entry, TTL_SECONDS)
    return entry


def respond(request, entry: dict, policy) -> HttpResponse:
    """The page with today's banner, or 304 when the phone already holds exactly this."""
    banner = render_to_string("catalog/public/_today.html", {"policy": policy})
    html = entry["html"].replace(TODAY, banner, 1)
    etag = '"' + hashlib.md5(html.encode(), usedforsecurity=False).hexdigest() + '"'
    # The banner shows the time to the minute when it has lines: the page is as new as that minute.
    shown = policy.at.timestamp() // 60 * 60 if policy.lines else 0
    last_modified = int(max(entry["built"], shown))
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(html)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "no-cache"
    return response
