"""/healthz/: each component the service needs, checked now, for a monitor to alert on.

database (SELECT 1), cache (a write and a read), broker (a connection), sweeps (the dead-man's
switch of mocua.jobs.health: no sweep late). Each answers {"ok": bool, "detail": str}; the whole is
"ok" only when every component is, "down" when the database is not (nothing works without it), and
"degraded" otherwise (pages answer; what the failing part does waits).
"""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from mocua.jobs.health import any_late


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def _cache() -> str:
    cache.set("healthz:probe", "ok", 30)
    if cache.get("healthz:probe") != "ok":
        raise RuntimeError("the value written was not read back")
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _broker() -> str:
    from mocua.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return conn.transport.driver_name


def _sweeps(now: dt.datetime) -> str:
    late = [h.sweep.name for h in any_late(now)]
    if late:
        raise RuntimeError("no recent successful run: " + ", ".join(late))
    return "every sweep ran on time"


def components(now: dt.datetime | None = None) -> dict[str, dict]:
    now = now or timezone.now()
    checks = {"database": _database, "cache": _cache, "broker": _broker, "sweeps": lambda: _sweeps(now)}
    out = {}
    for name, check in checks.items():
        try:
            out[name] = {"ok": True, "detail": str(check())}
        except Exception as error:  # noqa: BLE001 - each failure is reported, none stops the others
            out[name] = {"ok": False, "detail": f"{type(error).__name__}: {error}"[:300]}
        if name == "database" and not out[name]["ok"]:
            break  # the sweep check reads the database too
    return out


def overall(parts: dict[str, dict]) -> str:
    if not parts.get("database", {}).get("ok"):
        return "down"
    return "ok" if all(p["ok"] for p in parts.values()) else "degraded"
