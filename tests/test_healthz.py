"""/healthz/ reports each component (database, cache, broker, sweeps) and an overall status."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mocua.jobs.models import JobRun
from mocua.jobs.registry import sweeps
from tests.test_paper_pipeline import dead_broker  # noqa: F401  (a fixture)

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


@pytest.mark.usefixtures("dead_broker", "paper_media")
def test_with_redis_down_the_counter_and_the_public_still_work(
    client, settings, django_capture_on_commit_callbacks
):
    """Cache and broker both unreachable (Redis stopped): intake, the staff pages, tracking and the
    public catalog answer; the papers wait for the heal sweep; /healthz/ says what is down."""
    from django.contrib.auth import get_user_model

    from dossiers.models import Dossier
    from mocua.models import Office
    from tests.dossier_helpers import api, api_body, marriage_status_procedure

    fresh_sweeps(timezone.now())
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD}
    }
    proc = marriage_status_procedure(Office.objects.get(slug="duc-thanh"))
    with django_capture_on_commit_callbacks(execute=True):
        made = api("duc-thanh.clerk").post("/api/v1/dossiers/", api_body(proc), format="json")
    assert made.status_code == 201, made.content
    d = Dossier.objects.get(code=made.json()["code"])
    client.force_login(get_user_model().objects.get(username="duc-thanh.clerk"))
    for url in (reverse("dossiers:worklist"), reverse("dossiers:detail", args=[d.code]), reverse("home")):
        assert client.get(url).status_code == 200, url
    client.logout()
    assert client.get(reverse("dossiers:track"), {"code": d.code, "secret": d.secret}).status_code == 200
    assert client.get(reverse("models_catalog:public_offices")).status_code == 200
    health = client.get("/healthz/").json()
    assert health["status"] == "degraded"
    assert not health["components"]["cache"]["ok"] and not health["components"]["broker"]["ok"]
