"""/healthz/ reports each component (database, cache, broker, sweeps) and an overall status."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mocua.jobs.models import JobRun
from mocua.jobs.registry import sweeps

pytestmark = pytest.mark.django_db
DEAD = "redis://127.0.0.1:6390/0"  # nothing listens here


def fresh_sweeps(now):
    for s in sweeps():
        JobRun.objects.create(name=s.name, started_at=now, finished_at=now, ok=True)


def test_all_components_ok_is_200(client):
    fresh_sweeps(timezone.now())
    r = client.get("/healthz/")
    body = r.json()
    assert r.status_code == 200 and body["status"] == "ok", body
    assert set(body["components"]) == {"database", "cache", "broker", "sweeps"}


def test_a_late_sweep_is_degraded_and_named(client):
    fresh_sweeps(timezone.now() - dt.timedelta(days=1))
    r = client.get("/healthz/")
    body = r.json()
    assert r.status_code == 503 and body["status"] == "degraded"
    assert body["components"]["database"]["ok"] and not body["components"]["sweeps"]["ok"]
    assert "end_of_day" in body["components"]["sweeps"]["detail"]


def test_the_cache_down_is_reported_and_pages_still_answer(client, settings):
    fresh_sweeps(timezone.now())
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD}
    }
    r = client.get("/healthz/")
    body = r.json()
    assert r.status_code == 503 and body["status"] == "degraded"
    assert not body["components"]["cache"]["ok"] and "6390" in body["components"]["cache"]["detail"]
    assert body["components"]["database"]["ok"] and body["components"]["broker"]["ok"]
    assert client.get(reverse("models_catalog:public_offices")).status_code == 200
