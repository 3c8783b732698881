"""The demo history of load_demo: lived through the workflow door, idempotent, every state and channel."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from dossiers import demo
from dossiers.models import (
    ApologyLetter,
    ApologyStatus,
    AssistedWriting,
    AuditEvent,
    Channel,
    Dossier,
    Outcome,
    Rating,
    Status,
    SupplementRequest,
    Track,
)
from reports import figures
from reports.periods import Period
from tests.conftest import VN

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=VN)  # a Thursday morning
pytestmark = pytest.mark.django_db


def test_no_history_under_tests_by_default(demo):
    call_command("load_demo", stdout=io.StringIO())
    assert not Dossier.objects.exists()


def test_history_of_three_weeks(settings):
    from mocua import demo as office_demo
    from models_catalog import demo as catalog_demo

    settings.MOCUA_DEMO_HISTORY_DAYS = 21
    with time_machine.travel(NOW, tick=False):
        office_demo.load()
        catalog_demo.load()
        added = demo.load()
        assert added == Dossier.objects.count() > 300
        assert demo.load() == 0  # a second load adds nothing
    assert Dossier.objects.count() == added

    dossiers = Dossier.objects.all()
    assert set(dossiers.values_list("status", flat=True)) == set(Status.values)
    assert set(dossiers.values_list("channel", flat=True)) == set(Channel.values)
    assert set(dossiers.values_list("track", flat=True)) == set(Track.values)
    assert set(dossiers.values_list("outcome", flat=True)) == {"", *Outcome.values}
    assert set(dossiers.values_list("assisted_writing", flat=True)) == set(AssistedWriting.values)
    assert (
        dossiers.filter(assisted_writing=AssistedWriting.VOLUNTEER)
        .values("assisted_organisation")
        .distinct()
        .count()
        >= 2
    )
    # Every seed office, from three weeks ago up to yesterday, nothing from today on.
    assert dossiers.values("office").distinct().count() == 5
    first = dt.datetime.combine(NOW.date() - dt.timedelta(days=21), dt.time.min, tzinfo=VN)
    last = NOW.replace(hour=0)
    assert not dossiers.filter(received_at__lt=first).exists()
    assert not dossiers.filter(received_at__gte=last).exists()
    assert not AuditEvent.objects.filter(at__gt=NOW).exists()
    # Same-day dossiers on model days only: Đức Thạnh's are all received on a Wednesday before 15:00.
    for d in dossiers.filter(track=Track.SAME_DAY, office__slug="duc-thanh"):
        local = d.received_at.astimezone(VN)
        assert local.weekday() == 2 and local.time() < dt.time(15, 0)
    assert dossiers.filter(track=Track.SAME_DAY, office__slug="duc-thanh").exists()
    # The one door: every dossier's trail starts with its intake and ends in its state.
    for d in dossiers.prefetch_related("events"):
        events = list(d.events.all())
        assert events[0].action == "receive" and events[-1].to_status in ("", d.status)
        assert [e.at for e in events] == sorted(e.at for e in events)
    assert SupplementRequest.objects.filter(stage="intake").exists()
    assert SupplementRequest.objects.filter(stage="processing").exists()
    signed = ApologyLetter.objects.filter(status=ApologyStatus.SIGNED)
    assert signed.exists() and all(a.number.endswith("/PXL") and a.signed_by.leader_title for a in signed)
    assert dossiers.filter(outcome=Outcome.LATE, apology_letters__isnull=False).exists()
    ratings = list(Rating.objects.values_list("score", flat=True))
    assert ratings and sum(s >= 4 for s in ratings) / len(ratings) > 0.6
    assert Rating.objects.exclude(comment="").exists()

    period = Period("test", "month", 2026, first.date(), last.date() - dt.timedelta(days=1), False)
    table = figures.bieu_ii06a(dossiers, period)
    assert table["received"]["total"] == added
    assert table["resolved"]["total"] > 0 and table["resolved"]["late"] > 0
    assert table["refused"] > 0 and table["stopped"] > 0 and table["in_progress"]["total"] > 0
