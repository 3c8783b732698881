"""The demo's ticket queue (dossiers/demo_queue.py): Sa Đéc Phường 1's "không chờ" Tuesdays and Fridays."""

import datetime as dt

import pytest
import time_machine
from django.db.models import Avg, DurationField, ExpressionWrapper, F

from dossiers import demo_queue
from dossiers.models import Ticket, TicketStatus
from tests.conftest import VN

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=VN)  # a Thursday morning
pytestmark = pytest.mark.django_db


def test_two_weeks_of_queue_at_the_office_running_no_wait_days(demo):
    from models_catalog import demo as catalog_demo

    with time_machine.travel(NOW, tick=False):
        catalog_demo.load()
        added = demo_queue.load(days=14)
        assert added == Ticket.objects.count() > 100
        assert demo_queue.load(days=14) == 0  # a second load adds nothing
    tickets = Ticket.objects.all()
    assert set(tickets.values_list("office__slug", flat=True)) == {"sa-dec-p1"}
    assert not tickets.filter(day__gte=NOW.date()).exists()
    # Every number of a past day was called, then served or skipped, in the door's order of time.
    assert set(tickets.values_list("status", flat=True)) == {TicketStatus.DONE, TicketStatus.SKIPPED}
    assert not tickets.filter(called_at__lt=F("taken_at")).exists()
    assert not tickets.filter(done_at__lt=F("called_at")).exists()
    # The promise of 15 minutes on Tuesdays (week_day 3) and Fridays (6) only.
    promised = tickets.filter(call_by__isnull=False)
    assert set(promised.values_list("day__week_day", flat=True)) == {3, 6}
    assert not tickets.filter(day__week_day__in=[3, 6], call_by__isnull=True).exists()
    assert set(promised.values_list("promised_wait_minutes", flat=True)) == {15}
    kept = promised.filter(called_at__lte=F("call_by")).count()
    assert 0.6 * promised.count() <= kept < promised.count()  # mostly kept, not always
    wait = ExpressionWrapper(F("called_at") - F("taken_at"), output_field=DurationField())
    on_promise_days = promised.aggregate(w=Avg(wait))["w"]
    other_days = tickets.filter(call_by__isnull=True).aggregate(w=Avg(wait))["w"]
    assert on_promise_days < other_days
