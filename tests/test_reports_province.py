"""seed_province at a small size: offices under one Sở Nội vụ, a realistic mix, idempotent, --reset."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Q

from dossiers.models import ApologyLetter, Dossier, Rating, SupplementRequest
from mocua.models import Office
from models_catalog.text import fold
from reports import figures, province
from reports.periods import current, previous
from reports.selectors import area_report

pytestmark = pytest.mark.django_db


def test_seed_a_small_province(require_postgres, client):
    call_command("seed_province", offices=4, dossiers=6000)
    supervisor = Office.objects.get(slug=province.SUPERVISOR_SLUG)
    offices = Office.objects.filter(supervisor=supervisor)
    assert offices.count() == 4
    seeded = Dossier.objects.filter(office__in=offices)
    assert seeded.count() == 6000
    mix = seeded.aggregate(
        online=Count("pk", filter=Q(channel="online")),
        post=Count("pk", filter=Q(channel="post")),
        late=Count("pk", filter=Q(outcome="late")),
        promised=Count("pk", filter=Q(promised_same_day=True)),
        converted=Count("pk", filter=Q(promised_same_day=True, track="normal")),
        assisted=Count("pk", filter=~Q(assisted_writing="")),
        refused=Count("pk", filter=Q(status="refused")),
        open=Count("pk", filter=Q(closed_at__isnull=True)),
        closed_without_moment=Count("pk", filter=Q(status__in=figures.CLOSING, closed_at__isnull=True)),
        future=Count("pk", filter=Q(received_at__gt=dt.datetime.now(dt.UTC))),
    )
    assert mix["closed_without_moment"] == 0 and mix["future"] == 0
    for key in ("online", "post", "late", "promised", "converted", "assisted", "refused", "open"):
        assert mix[key] > 0, key
    assert 0.2 < mix["online"] / 6000 < 0.5 and mix["late"] / 6000 < 0.15
    assert Rating.objects.filter(dossier__in=seeded).exists()
    one = seeded.first()
    assert one.search_name == fold(one.full_name)  # the worklist's search without diacritics finds them
    assert ApologyLetter.objects.filter(dossier__in=seeded).exists()
    assert SupplementRequest.objects.filter(dossier__in=seeded).exists()
    # Every office has data in the last full quarter and the identities of the table hold.
    period = previous(current("quarter"))
    data = area_report(supervisor, period)
    assert len(data["offices"]) == 4 and all(o["received"]["total"] > 0 for o in data["offices"])
    for row in data["offices"]:
        assert row["received"]["total"] == (
            row["resolved"]["total"] + row["in_progress"]["total"] + row["refused"] + row["stopped"]
        )
    # The supervisor login of the seed reads the area report.
    assert client.login(username=province.SUPERVISOR_LOGIN, password="mocua-demo")
    page = client.get(f"/bao-cao/{province.SUPERVISOR_SLUG}/?ky={period.key}")
    assert page.status_code == 200
    assert offices.order_by("pk").first().name in page.content.decode()


def test_seed_again_keeps_the_data_and_reset_makes_it_anew(require_postgres):
    call_command("seed_province", offices=2, dossiers=500)
    first = list(Dossier.objects.order_by("code").values_list("code", "received_at", "status")[:50])
    call_command("seed_province", offices=2, dossiers=500)
    assert Dossier.objects.filter(code__startswith="PV-").count() == 500
    call_command("seed_province", offices=2, dossiers=800, reset=True)
    assert Dossier.objects.filter(code__startswith="PV-").count() == 800
    assert Office.objects.filter(supervisor__slug=province.SUPERVISOR_SLUG).count() == 2
    # Deterministic: the same seed gives the same dossiers.
    call_command("seed_province", offices=2, dossiers=500, reset=True)
    again = list(Dossier.objects.order_by("code").values_list("code", "received_at", "status")[:50])
    assert [(c, s) for c, _, s in again] == [(c, s) for c, _, s in first]


def test_bad_options_are_a_clear_message(db):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="cần PostgreSQL"):
            call_command("seed_province", offices=2, dossiers=10)
        return
    with pytest.raises(CommandError, match="Số đơn vị phải từ 1 đến 999"):
        call_command("seed_province", offices=0, dossiers=10)
    with pytest.raises(CommandError, match="Số hồ sơ không được âm"):
        call_command("seed_province", offices=2, dossiers=-1)
    assert not Office.objects.filter(slug=province.SUPERVISOR_SLUG).exists()
