"""The ticket queue's door (dossiers/queue.py): numbers, opening hours, the promised wait, seats."""

import datetime as dt

import pytest
from django.db import connection

from dossiers import queue
from dossiers.models import Ticket, TicketStatus
from schedules import calendar
from tests.conftest import at
from tests.dossier_helpers import staff
from tests.queue_helpers import SUNDAY, TUESDAY, WEDNESDAY, no_wait_days, queue_office


@pytest.fixture
def office(demo):
    return queue_office()


@pytest.fixture
def clerk(office):
    return staff("sa-dec-p1.clerk")


def test_numbers_run_per_office_and_day_and_carry_the_promise_of_the_day(office):
    model = no_wait_days(office)
    first = queue.take(office, "ho-tich", now=at(TUESDAY, 8, 0))
    second = queue.take(office, "chung-thuc", now=at(TUESDAY, 8, 1))
    next_day = queue.take(office, "ho-tich", now=at(WEDNESDAY, 8, 0))
    assert (first.number, second.number, next_day.number) == (1, 2, 1)
    assert first.reform_model == model and first.promised_wait_minutes == 15
    assert first.call_by == at(TUESDAY, 8, 15)
    assert next_day.reform_model is None and next_day.call_by is None  # Wednesday promises nothing


def test_a_ticket_at_closing_time_is_refused_one_second_before_is_taken(office):
    periods = calendar.opening_periods(office, TUESDAY)
    (_, noon), (_, close) = periods  # the morning and the afternoon session of the calendar
    assert queue.take(office, "ho-tich", now=close - dt.timedelta(seconds=1)).number == 1
    for moment in (close, noon, at(TUESDAY, 6, 59), at(SUNDAY, 9, 0)):
        with pytest.raises(queue.QueueError) as refused:
            queue.take(office, "ho-tich", now=moment)
        assert "Ngoài giờ tiếp nhận" in str(refused.value)
    assert Ticket.objects.filter(office=office).count() == 1
    with pytest.raises(queue.QueueError) as refused:
        queue.take(office, "ho-tich", now=close)
    assert "Mời ông/bà quay lại lúc 07:30 Thứ Tư, ngày 25/11/2026" in str(refused.value)
    with pytest.raises(queue.QueueError) as refused:
        queue.take(office, "ho-tich", now=noon)
    assert "Giờ tiếp nhận hôm nay: 07:30–11:30, 13:30–17:00" in str(refused.value)
    assert "quay lại lúc 13:30 hôm nay" in str(refused.value)


def test_an_unknown_or_foreign_field_is_refused(office):
    from models_catalog.models import Field

    Field.objects.create(code="dat-dai-khong-co", name="Lĩnh vực đơn vị không giải quyết")
    for code in ("", "khong-co", "dat-dai-khong-co", "x" * 500):
        with pytest.raises(queue.QueueError) as refused:
            queue.take(office, code, now=at(TUESDAY, 9, 0))
        assert str(refused.value) == queue.NO_FIELD
    assert not Ticket.objects.exists()


def test_next_recall_skip_done_and_the_measured_times(office, clerk):
    no_wait_days(office)
    a = queue.take(office, "ho-tich", now=at(TUESDAY, 9, 0))
    b = queue.take(office, "chung-thuc", now=at(TUESDAY, 9, 2))
    c = queue.take(office, "ho-tich", now=at(TUESDAY, 9, 3))
    called = queue.call_next(clerk, 1, now=at(TUESDAY, 9, 10))
    assert called.pk == a.pk and called.status == TicketStatus.CALLED and called.seat == 1
    with pytest.raises(queue.QueueError) as busy:
        queue.call_next(clerk, 1, now=at(TUESDAY, 9, 11))
    assert "đang phục vụ số 001" in str(busy.value)
    assert queue.recall(clerk, 1, now=at(TUESDAY, 9, 12)).recalls == 1
    served = queue.done(clerk, 1, now=at(TUESDAY, 9, 20))
    assert served.wait == dt.timedelta(minutes=10) and served.service == dt.timedelta(minutes=10)
    # A seat serving one field calls the next of that field, not the older one of another.
    from models_catalog.models import Field

    assert (
        queue.call_next(clerk, 1, field=Field.objects.get(code="ho-tich"), now=at(TUESDAY, 9, 21)).pk == c.pk
    )
    assert queue.skip(clerk, 1, now=at(TUESDAY, 9, 25)).status == TicketStatus.SKIPPED
    assert queue.call_next(clerk, 2, now=at(TUESDAY, 9, 26)).pk == b.pk
    with pytest.raises(queue.QueueError) as nobody:
        queue.call_next(clerk, 1, now=at(TUESDAY, 9, 27))
    assert str(nobody.value) == queue.NOBODY
    with pytest.raises(queue.QueueError):
        queue.done(clerk, 1, now=at(TUESDAY, 9, 28))  # seat 1 has no number called


def test_only_counter_staff_call_and_only_seats_that_exist(office):
    queue.take(office, "ho-tich", now=at(TUESDAY, 9, 0))
    with pytest.raises(queue.QueueError) as refused:
        queue.call_next(staff("sa-dec-p1.leader"), 1, now=at(TUESDAY, 9, 1))
    assert refused.value.status == 403
    with pytest.raises(queue.QueueError) as refused:
        queue.call_next(staff("sa-dec-p1.clerk"), 99, now=at(TUESDAY, 9, 1))
    assert refused.value.status == 404
    assert Ticket.objects.get(office=office).status == TicketStatus.WAITING


def test_tickets_belong_to_an_office_a_seat_elsewhere_never_calls_them(office):
    queue.take(office, "ho-tich", now=at(TUESDAY, 9, 0))
    other = queue_office("duc-thanh")
    with pytest.raises(queue.QueueError) as nobody:
        queue.call_next(staff("duc-thanh.clerk"), 1, now=at(TUESDAY, 9, 5))
    assert str(nobody.value) == queue.NOBODY
    assert queue.take(other, "ho-tich", now=at(TUESDAY, 9, 6)).number == 1  # its own numbering


def test_intake_finds_only_todays_called_ticket_of_its_own_office(office, clerk):
    queue.take(office, "ho-tich", now=at(TUESDAY, 9, 0))
    queue.take(office, "ho-tich", now=at(TUESDAY, 9, 1))
    queue.call_next(clerk, 1, now=at(TUESDAY, 9, 5))
    assert queue.ticket_for_intake(office, "1", at(TUESDAY, 9, 6)).number == 1
    assert queue.ticket_for_intake(office, "", at(TUESDAY, 9, 6)) is None
    for bad in ("2", "abc", "0", "-1", "99999999999999999999"):  # 2 still waits
        with pytest.raises(queue.QueueError):
            queue.ticket_for_intake(office, bad, at(TUESDAY, 9, 6))
    with pytest.raises(queue.QueueError):
        queue.ticket_for_intake(office, "1", at(WEDNESDAY, 9, 6))
    with pytest.raises(queue.QueueError):
        queue.ticket_for_intake(queue_office("duc-thanh"), "1", at(TUESDAY, 9, 6))


def test_the_kiosk_limit_counts_per_address_and_spares_trusted_kiosks(settings):
    settings.MOCUA_QUEUE_KIOSK_LIMIT = 3
    settings.MOCUA_QUEUE_KIOSK_TRUSTED = ["10.0.0.5"]
    assert [queue.kiosk_allows("203.0.113.7") for _ in range(4)] == [True, True, True, False]
    assert queue.kiosk_allows("203.0.113.8")
    assert all(queue.kiosk_allows("10.0.0.5") for _ in range(10))


def test_two_seats_calling_at_once_never_get_the_same_ticket(require_postgres, transactional_db):
    """Two threads, two connections: each seat asks for the next number at the same moment."""
    import threading

    from mocua.demo import load

    load()
    office = queue_office()
    for minute in range(6):
        queue.take(office, "ho-tich", now=at(TUESDAY, 9, minute))
    clerks = [staff("sa-dec-p1.clerk"), staff("sa-dec-p1.volunteer")]
    rounds = 3
    got, errors = {1: [], 2: []}, []
    barrier = threading.Barrier(2)

    def seat(number):
        try:
            for r in range(rounds):
                barrier.wait()
                ticket = queue.call_next(clerks[number - 1], number, now=at(TUESDAY, 10, r))
                got[number].append(ticket.pk)
                barrier.wait()
                queue.done(clerks[number - 1], number, now=at(TUESDAY, 10, r, 30))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=seat, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    everything = got[1] + got[2]
    assert len(everything) == 6 and len(set(everything)) == 6
    assert set(Ticket.objects.filter(office=office).values_list("status", flat=True)) == {TicketStatus.DONE}


def test_the_kiosk_offers_the_fields_of_procedures_in_force_that_day(office):
    from models_catalog.models import Field, Procedure, TimeUnit

    field = Field.objects.create(code="tam-thoi", name="Lĩnh vực tạm thời")
    proc = Procedure.objects.create(
        code="9.000001",
        name="Thủ tục hết hiệu lực",
        field=field,
        time_unit=TimeUnit.SAME_DAY,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 11, 23),
    )
    proc.offices.add(office)
    assert "tam-thoi" in [f.code for f in queue.kiosk_fields(office, dt.date(2026, 11, 23))]
    names = [f.name for f in queue.kiosk_fields(office, TUESDAY)]
    assert names == ["Chứng thực", "Hộ tịch"]  # Vietnamese order, the lapsed field gone
    with pytest.raises(queue.QueueError):
        queue.take(office, "tam-thoi", now=at(TUESDAY, 9, 0))
