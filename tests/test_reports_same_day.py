"""closed_at and promised_same_day: set by the workflow, backfilled, and read by the reform-model sections."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.db import connection

from dossiers import workflow
from dossiers.models import AuditEvent, Dossier, Status, Track
from reports import sections
from reports.periods import build
from tests.conftest import VN, at, frozen
from tests.dossier_helpers import moved_to, received_dossier

WEDNESDAY = dt.date(2026, 11, 25)  # a "Ngày không hẹn" of Đức Thạnh
CLOSE = dt.datetime(2026, 11, 25, 17, 0, tzinfo=VN)  # the same-day due moment
PERIOD = build(2026, "month", 12, official=True)  # 15/11/2026 .. 14/12/2026
pytestmark = pytest.mark.django_db


def receive(people, proc, h=9, m=0, **over):
    """Received by Đức Thạnh's clerk on Wednesday at h:m."""
    clerk = people["clerk"]
    return received_dossier(clerk.office, proc, received_at=at(WEDNESDAY, h, m), by=clerk, **over)


def to_ready(people, d):
    return moved_to(d, Status.RESULT_READY)


def return_at(people, d, moment: dt.datetime):
    with time_machine.travel(moment, tick=False):
        d = to_ready(people, d)
        return workflow.return_result(people["clerk"], d, "Nguyễn Thị Hồng Nhung")


def section(office):
    model = sections.models_in_force(office, PERIOD).get(name="Ngày không hẹn")
    with time_machine.travel(dt.datetime(2026, 12, 20, 9, tzinfo=VN), tick=False):
        return sections.model_section(office, model, PERIOD)


# --- closed_at ---------------------------------------------------------------------------------


def test_return_refuse_and_stop_set_closed_at_to_the_moment(people, proc):
    returned = receive(people, proc, 9, 0)
    refused = receive(people, proc, 9, 5)
    stopped = receive(people, proc, 9, 10)
    assert returned.closed_at is None and refused.closed_at is None
    moment = dt.datetime(2026, 11, 25, 16, 59, 59, tzinfo=VN)
    returned = return_at(people, returned, moment)
    assert returned.closed_at == returned.returned_at == moment
    with frozen(WEDNESDAY, 10, 30):
        refused = workflow.refuse(people["clerk"], refused, "Giấy tờ giả mạo")
    with frozen(WEDNESDAY, 11, 0):
        stopped = workflow.stop(people["clerk"], stopped, "Người nộp xin rút hồ sơ")
    assert refused.closed_at == dt.datetime(2026, 11, 25, 10, 30, tzinfo=VN)
    assert stopped.closed_at == dt.datetime(2026, 11, 25, 11, 0, tzinfo=VN)


def test_a_refused_transition_leaves_closed_at_empty(people, proc):
    d = receive(people, proc)
    with pytest.raises(workflow.WorkflowError):
        workflow.return_result(people["clerk"], d, "Nguyễn Thị Hồng Nhung")
    d.refresh_from_db()
    assert d.closed_at is None and d.status == Status.RECEIVED


def test_refused_at_intake_is_closed_at_intake(people, proc):
    d = receive(people, proc, 8, 15, refusal_reasons="Thủ tục không thuộc thẩm quyền của xã", documents=[])
    assert d.status == Status.REFUSED
    assert d.closed_at == dt.datetime(2026, 11, 25, 8, 15, tzinfo=VN)


def without_closed_at_check():
    """Lift dossiers 0008's check for the rest of this test (the test's transaction restores it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events before ALTER
            cursor.execute("ALTER TABLE dossiers_dossier DROP CONSTRAINT dossier_closed_at_when_closed")


@pytest.fixture
def restore_sqlite_checks():
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


@pytest.mark.usefixtures("restore_sqlite_checks")
def test_migration_backfills_from_the_audit_trail(people, proc):
    returned = return_at(people, receive(people, proc, 9, 0), dt.datetime(2026, 11, 26, 8, tzinfo=VN))
    with frozen(WEDNESDAY, 14, 0):
        stopped = workflow.stop(people["clerk"], receive(people, proc, 9, 5), "Người nộp xin rút hồ sơ")
    open_one = receive(people, proc, 9, 10)
    old_refused = receive(people, proc, 9, 15)
    # Converted to the normal track before dossiers 0003: only its intake note tells the promise.
    Dossier.objects.filter(pk=old_refused.pk).update(track=Track.NORMAL)
    with frozen(WEDNESDAY, 9, 20):
        workflow.refuse(people["clerk"], old_refused, "Thiếu giấy tờ")
    # Converted by the end-of-day sweep (jobs: workflow.convert_to_normal), which writes its own event.
    swept = receive(people, proc, 15, 10)  # normal at intake: only the sweep's event tells
    normal = receive(people, proc, 15, 30)
    AuditEvent.objects.create(dossier=swept, at=CLOSE, action="convert_to_normal", note="Quá giờ")
    # As the rows stood before dossiers 0003 (and before 0008 made the database refuse them).
    without_closed_at_check()
    Dossier.objects.update(closed_at=None, promised_same_day=False)
    migration = importlib.import_module("dossiers.migrations.0005_report_fields")
    migration.backfill(apps, None)
    got = dict(Dossier.objects.values_list("pk", "closed_at"))
    assert got[returned.pk] == dt.datetime(2026, 11, 26, 8, tzinfo=VN)
    assert got[stopped.pk] == dt.datetime(2026, 11, 25, 14, 0, tzinfo=VN)
    assert got[old_refused.pk] == dt.datetime(2026, 11, 25, 9, 20, tzinfo=VN)
    assert got[open_one.pk] is None
    # Same-day from the track, and from the intake note of one that is now on the normal track.
    promised = set(Dossier.objects.filter(promised_same_day=True).values_list("pk", flat=True))
    assert promised == {returned.pk, stopped.pk, open_one.pk, old_refused.pk, swept.pk}
    assert normal.pk not in promised


# --- promised_same_day -------------------------------------------------------------------------


def test_promised_at_intake_and_kept_when_a_supplement_moves_it_to_the_normal_track(people, proc):
    d = receive(people, proc, 9, 0)
    assert d.track == Track.SAME_DAY and d.promised_same_day
    with frozen(WEDNESDAY, 9, 30):
        workflow.request_supplement(people["clerk"], d, ["Bản sao trích lục ly hôn"])
    with frozen(WEDNESDAY + dt.timedelta(days=2), 9, 0):
        d = workflow.supplement(people["clerk"], d)
    assert d.track == Track.NORMAL and d.promised_same_day


def test_promised_when_papers_complete_it_on_a_model_day(people, proc):
    d = receive(people, proc, 9, 0, documents=[])
    assert d.track == Track.NORMAL and not d.promised_same_day
    with frozen(WEDNESDAY, 10, 30):
        d = workflow.supplement(people["clerk"], d)
    assert d.track == Track.SAME_DAY and d.promised_same_day


def test_not_promised_after_the_cutoff(people, proc):
    d = receive(people, proc, 15, 0)
    assert d.track == Track.NORMAL and not d.promised_same_day


# --- the reform-model section ------------------------------------------------------------------


def test_kept_and_broken_promises_at_the_due_moment(people, office, proc):
    return_at(people, receive(people, proc, 9, 0), CLOSE - dt.timedelta(seconds=1))  # kept
    return_at(people, receive(people, proc, 9, 5), CLOSE)  # kept: by the due moment
    return_at(people, receive(people, proc, 9, 10), CLOSE + dt.timedelta(seconds=1))  # broken
    receive(people, proc, 9, 15)  # broken: still open after the close
    receive(people, proc, 15, 1)  # normal from the start: not promised
    got = section(office)
    assert (got["same_day_promised"], got["same_day_kept"], got["same_day_broken"]) == (4, 2, 2)


def test_a_result_ready_by_the_close_keeps_the_promise_while_the_citizen_has_not_come(people, office, proc):
    collected_next_day = receive(people, proc, 9, 0)
    with time_machine.travel(CLOSE - dt.timedelta(minutes=30), tick=False):
        collected_next_day = to_ready(people, collected_next_day)
    with time_machine.travel(CLOSE + dt.timedelta(hours=15), tick=False):  # 08:00 the next morning
        collected_next_day = workflow.return_result(
            people["clerk"], collected_next_day, "Nguyễn Thị Hồng Nhung"
        )
    assert collected_next_day.outcome == "on_time"  # judged at the decision time
    not_collected = receive(people, proc, 9, 5)
    with time_machine.travel(CLOSE, tick=False):
        to_ready(people, not_collected)
    ready_late = receive(people, proc, 9, 10)
    with time_machine.travel(CLOSE + dt.timedelta(seconds=1), tick=False):
        to_ready(people, ready_late)
    got = section(office)
    assert (got["same_day_promised"], got["same_day_kept"], got["same_day_broken"]) == (3, 2, 1)


def test_promises_moved_to_the_normal_track_are_broken(people, office, proc):
    by_supplement = receive(people, proc, 9, 0)
    with frozen(WEDNESDAY, 9, 30):
        workflow.request_supplement(people["clerk"], by_supplement, ["Bản sao trích lục ly hôn"])
    with frozen(WEDNESDAY + dt.timedelta(days=1), 9, 0):
        by_supplement = workflow.supplement(people["clerk"], by_supplement)
    # The end-of-day sweep moves an unreturned one to the normal track; even returned on time
    # against its new due date, the same-day promise was broken.
    by_sweep = receive(people, proc, 9, 5)
    workflow.convert_to_normal(
        by_sweep, "Chưa có kết quả khi hết giờ làm việc", new_due_at=CLOSE + dt.timedelta(days=3), now=CLOSE
    )
    return_at(people, by_sweep, CLOSE + dt.timedelta(days=1))
    assert Dossier.objects.get(pk=by_sweep.pk).promised_same_day
    got = section(office)
    assert (got["same_day_promised"], got["same_day_kept"], got["same_day_broken"]) == (2, 0, 2)


def test_an_open_promise_before_the_close_is_neither_kept_nor_broken(people, office, proc):
    receive(people, proc, 9, 0)
    model = sections.models_in_force(office, PERIOD).get(name="Ngày không hẹn")
    with frozen(WEDNESDAY, 16, 59, 59):
        got = sections.model_section(office, model, PERIOD)
    assert (got["same_day_promised"], got["same_day_kept"], got["same_day_broken"]) == (1, 0, 0)
    with frozen(WEDNESDAY, 17, 0, 1):
        got = sections.model_section(office, model, PERIOD)
    assert got["same_day_broken"] == 1
