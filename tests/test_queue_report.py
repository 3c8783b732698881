"""The periodic report's waiting section (reports/waits.py): the promised wait kept per day and field."""

import datetime as dt

import pytest
from django.urls import reverse

from dossiers import queue
from reports import periods, tables
from reports.selectors import office_report
from reports.waits import wait_section
from tests.conftest import at, frozen
from tests.dossier_helpers import staff
from tests.queue_helpers import TUESDAY, WEDNESDAY, no_wait_days, queue_office

FRIDAY = dt.date(2026, 11, 27)
NOVEMBER = periods.build(2026, "month", 11, official=False)


@pytest.fixture
def office(demo):
    office = queue_office()
    no_wait_days(office, minutes=15)
    return office


def called(office, seat, field, taken, waited, served=dt.timedelta(minutes=5)):
    """A ticket of `field` taken at `taken`, called after `waited`, served for `served`."""
    clerk = staff("sa-dec-p1.clerk")
    ticket = queue.take(office, field, now=taken)
    assert queue.call_next(clerk, seat, field=ticket.field, now=taken + waited).pk == ticket.pk
    return queue.done(clerk, seat, now=taken + waited + served)


def test_a_wait_of_exactly_the_promise_is_kept_one_second_more_is_not(office):
    called(office, 1, "ho-tich", at(TUESDAY, 9, 0), dt.timedelta(minutes=15))
    called(office, 2, "ho-tich", at(TUESDAY, 9, 1), dt.timedelta(minutes=15, seconds=1))
    called(office, 1, "chung-thuc", at(TUESDAY, 10, 0), dt.timedelta(minutes=3), dt.timedelta(minutes=7))
    with frozen(FRIDAY, 16, 0):
        section = wait_section(office, NOVEMBER)
    (tuesday,) = section["by_day"]
    assert tuesday["day"] == "2026-11-24"
    assert (tuesday["promised"], tuesday["kept"], tuesday["broken"], tuesday["kept_pct"]) == (3, 2, 1, 66.7)
    fields = {r["field"]: r for r in section["by_field"]}
    assert (fields["Hộ tịch"]["kept"], fields["Hộ tịch"]["broken"]) == (1, 1)
    assert (fields["Chứng thực"]["kept"], fields["Chứng thực"]["kept_pct"]) == (1, 100.0)
    # Waits 15:00, 15:01, 3:00 → 11.0 minutes; services 5, 5, 7 → 5.7.
    assert section["total"]["avg_wait_minutes"] == 11.0 and section["total"]["avg_service_minutes"] == 5.7
    assert section["promised_minutes"] == [15]


def test_a_number_never_called_breaks_the_promise_once_it_has_passed(office):
    queue.take(office, "ho-tich", now=at(FRIDAY, 16, 40))
    with frozen(FRIDAY, 16, 55):  # still within its 15 minutes: neither kept nor broken
        assert wait_section(office, NOVEMBER)["total"]["broken"] == 0
    with frozen(FRIDAY, 16, 55, 1):
        total = wait_section(office, NOVEMBER)["total"]
    assert (total["promised"], total["kept"], total["broken"], total["kept_pct"]) == (1, 0, 1, 0.0)


def test_days_without_the_model_promise_nothing(office):
    called(office, 1, "ho-tich", at(WEDNESDAY, 9, 0), dt.timedelta(minutes=40))
    with frozen(FRIDAY, 16, 0):
        (day,) = wait_section(office, NOVEMBER)["by_day"]
    assert (day["taken"], day["promised"], day["kept_pct"], day["avg_wait_minutes"]) == (1, 0, None, 40.0)


def test_the_report_page_tables_and_an_office_without_tickets(office, staff_client, settings):
    settings.MOCUA_REPORT_PERIOD = "calendar"
    called(office, 1, "ho-tich", at(TUESDAY, 9, 0), dt.timedelta(minutes=20))
    called(office, 1, "ho-tich", at(FRIDAY, 9, 0), dt.timedelta(minutes=4))
    with frozen(FRIDAY, 16, 0):
        data = office_report(office, NOVEMBER)
        page = staff_client("sa-dec-p1.leader").get(
            reverse("reports:office", args=[office.slug]), {"ky": "2026-11"}
        )
    by_key = {t.key: t for t in tables.all_tables(data)}
    assert [r[0] for r in by_key["waits_day"].rows] == ["24/11/2026", "27/11/2026", "Tổng cộng"]
    assert by_key["waits_day"].rows[-1][-3:] == [1, 1, 50.0]
    assert by_key["waits_field"].rows[0][0] == "Hộ tịch"
    html = page.content.decode()
    assert "Thời gian chờ theo ngày" in html and "Tỷ lệ đúng hẹn (%)" in html and "15 phút" in html
    other = queue_office("duc-thanh")
    with frozen(FRIDAY, 16, 0):
        assert "waits_day" not in {t.key for t in tables.all_tables(office_report(other, NOVEMBER))}
