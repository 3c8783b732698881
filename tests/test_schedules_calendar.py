"""The working calendar and due dates, on real 2026 dates (domain-vn.md §5.2)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mocua.demo import ensure_default_hours
from mocua.models import Office
from models_catalog.models import Procedure, TimeUnit
from schedules import calendar as cal
from schedules.calendar_import import import_calendar
from schedules.deadlines import due_at
from schedules.models import CalendarDay, DayKind
from tests.conftest import at
from tests.dossier_helpers import ninth_hour


def make_office(slug="thu-nghiem", code="000.00.53.H01", saturday=False):
    office = Office.objects.create(
        name=f"UBND xã {slug}",
        short_name=slug,
        slug=slug,
        kind="commune",
        province="Đồng Tháp",
        unit_code=code,
        opens_saturday_morning=saturday,
    )
    ensure_default_hours(office)
    return office


@pytest.fixture
def office(db):
    return make_office()


def days(n, unit=TimeUnit.WORKING_DAYS):
    return Procedure(code="1.000001", name="Thử", processing_time=n, time_unit=unit)


def test_tet_2026_three_working_days(office):
    assert due_at(office, days(3), at(2026, 2, 13, 9)) == at(2026, 2, 25, 9)
    assert cal.add_working_time(office, at(2026, 2, 13, 9), 3, "working_days") == at(2026, 2, 25, 9)
    assert cal.working_time_between(office, at(2026, 2, 13, 9), at(2026, 2, 25, 9)) == dt.timedelta(
        hours=22.5
    )
    status = cal.day_status(office, dt.date(2026, 2, 17))
    assert not status.working and status.reason == "Tết Nguyên đán Bính Ngọ"


def test_january_swap_friday_off_saturday_worked(office):
    assert not cal.is_working_day(office, dt.date(2026, 1, 2))
    assert cal.day_status(office, dt.date(2026, 1, 1)).reason == "Tết Dương lịch"
    make_up = cal.day_status(office, dt.date(2026, 1, 10))
    assert make_up.working and make_up.reason.startswith("Ngày làm bù")
    assert cal.working_periods(office, dt.date(2026, 1, 10))[0] == (
        at(2026, 1, 10, 7, 30),
        at(2026, 1, 10, 11, 30),
    )
    # Wednesday 31/12/2025 (a year without table rows: the holidays package) + 1 day → Monday 5/1.
    assert due_at(office, days(1), at(2025, 12, 31, 9)) == at(2026, 1, 5, 9)
    # Friday 9/1 + 1 day → the make-up Saturday 10/1.
    assert due_at(office, days(1), at(2026, 1, 9, 9)) == at(2026, 1, 10, 9)


def test_august_swap_and_quoc_khanh_bridge(office):
    assert cal.is_working_day(office, dt.date(2026, 8, 22))
    assert due_at(office, days(1), at(2026, 8, 21, 9)) == at(2026, 8, 22, 9)
    for day in range(29, 32):
        assert not cal.is_working_day(office, dt.date(2026, 8, day))
    assert cal.day_status(office, dt.date(2026, 9, 2)).reason == "Quốc khánh"
    assert due_at(office, days(1), at(2026, 8, 28, 9)) == at(2026, 9, 3, 9)
    assert due_at(office, days(1, TimeUnit.SAME_DAY), at(2026, 8, 28, 15)) == at(2026, 9, 3, 17)


def test_weekend_reasons(office):
    assert cal.day_status(office, dt.date(2026, 3, 7)).reason == "Thứ Bảy"
    assert cal.day_status(office, dt.date(2026, 3, 8)).reason == "Chủ nhật"
    assert cal.day_status(office, dt.date(2026, 3, 9)).working


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2026, 2, 23, 14, 59, 59), at(2026, 2, 23, 17)),
        (at(2026, 2, 23, 15, 0, 0), at(2026, 2, 24, 17)),
        (at(2026, 2, 23, 6, 0), at(2026, 2, 23, 17)),  # before opening: counts from 07:30
        (at(2026, 2, 27, 15, 0), at(2026, 3, 2, 17)),  # Friday after the cutoff → Monday
        (at(2026, 3, 7, 9, 0), at(2026, 3, 9, 17)),  # Saturday → Monday
        (at(2026, 2, 13, 16, 0), at(2026, 2, 23, 17)),  # the Friday before Tết
    ],
)
def test_same_day_cutoff_edges(office, received, due):
    assert due_at(office, days(0, TimeUnit.SAME_DAY), received) == due


def test_office_cutoff_is_per_office(office):
    office.same_day_cutoff = dt.time(16, 0)
    office.save()
    assert due_at(office, days(0, TimeUnit.SAME_DAY), at(2026, 2, 23, 15, 30)) == at(2026, 2, 23, 17)


def test_outside_hours_counts_from_next_opening(office):
    assert cal.next_opening(office, at(2026, 3, 1, 20)) == at(2026, 3, 2, 7, 30)
    assert cal.next_opening(office, at(2026, 3, 2, 12)) == at(2026, 3, 2, 13, 30)
    assert cal.next_opening(office, at(2026, 3, 2, 10)) == at(2026, 3, 2, 10)
    assert due_at(office, days(1), at(2026, 3, 1, 20)) == at(2026, 3, 2, 17)
    assert cal.add_working_time(office, at(2026, 3, 2, 12), 1, "working_hours") == at(2026, 3, 2, 14, 30)
    assert cal.close_of_day(office, dt.date(2026, 3, 2)) == at(2026, 3, 2, 17)
    with pytest.raises(ValueError):
        cal.close_of_day(office, dt.date(2026, 3, 1))
    with pytest.raises(ValueError):
        cal.add_working_time(office, at(2026, 3, 2, 9), 1, "weeks")


def test_supplement_wait_stops_the_clock(office):
    received = at(2026, 3, 2, 9)
    # 1 h before the wait, 6.5 h after it from Wednesday 10:00 → Thursday 09:00.
    assert due_at(office, days(1), received, [(at(2026, 3, 2, 10), at(2026, 3, 4, 10))]) == at(2026, 3, 5, 9)
    assert due_at(office, days(1), received, [(at(2026, 3, 2, 10), None)]) is None
    # A wait after the due moment changes nothing.
    assert due_at(office, days(1), received, [(at(2026, 3, 10, 8), at(2026, 3, 11, 8))]) == at(2026, 3, 3, 9)
    same_day = days(0, TimeUnit.SAME_DAY)
    assert due_at(office, same_day, received, [(at(2026, 3, 2, 9, 30), at(2026, 3, 2, 15, 30))]) == at(
        2026, 3, 3, 17
    )


def test_ninth_hour_counts_only_inside_its_dates(office):
    ninth_hour(office, dt.date(2026, 3, 2), dt.date(2026, 3, 31))
    assert cal.working_periods(office, dt.date(2026, 3, 31))[-1] == (
        at(2026, 3, 31, 13, 30),
        at(2026, 3, 31, 17, 30),
    )
    assert cal.working_periods(office, dt.date(2026, 4, 1))[-1][1] == at(2026, 4, 1, 17)
    assert cal.working_periods(office, dt.date(2026, 2, 27))[-1][1] == at(2026, 2, 27, 17)
    assert cal.add_working_time(office, at(2026, 3, 31, 16), 1.5, "working_hours") == at(2026, 3, 31, 17, 30)
    assert cal.add_working_time(office, at(2026, 4, 1, 16), 1.5, "working_hours") == at(2026, 4, 2, 8)
    assert cal.close_of_day(office, dt.date(2026, 3, 31)) == at(2026, 3, 31, 17)
    assert cal.next_opening(office, at(2026, 3, 31, 17, 10)) == at(2026, 3, 31, 17, 10)
    assert cal.next_opening(office, at(2026, 4, 1, 17, 10)) == at(2026, 4, 2, 7, 30)


def test_local_day_off_is_office_only(office):
    other = make_office("xa-khac", "000.00.53.H02")
    assert cal.is_working_day(office, dt.date(2026, 3, 3))
    CalendarDay.objects.create(
        office=office, date=dt.date(2026, 3, 3), kind=DayKind.LOCAL_DAY_OFF, name="Lễ hội"
    )
    status = cal.day_status(office, dt.date(2026, 3, 3))
    assert not status.working and status.reason == "Ngày nghỉ của đơn vị: Lễ hội"
    assert cal.is_working_day(other, dt.date(2026, 3, 3))


def test_saturday_morning_open_but_not_counted(db):
    office = make_office(saturday=True)
    status = cal.day_status(office, dt.date(2026, 3, 7))
    assert not status.working and status.open_for_intake
    assert cal.opening_periods(office, dt.date(2026, 3, 7)) == [
        (at(2026, 3, 7, 7, 30), at(2026, 3, 7, 11, 30))
    ]
    assert cal.working_periods(office, dt.date(2026, 3, 7)) == []
    assert not cal.day_status(office, dt.date(2026, 2, 14)).open_for_intake  # Tết Saturday


def test_year_without_rows_uses_the_holidays_package(office):
    status = cal.day_status(office, dt.date(2027, 2, 8))
    assert not status.working and "Tết" in status.reason
    assert cal.is_working_day(office, dt.date(2027, 2, 11))


def test_import_with_bad_date_saves_nothing(office):
    before = CalendarDay.objects.count()
    text = "date,kind,name\n03/03/2026,local_day_off,Lễ hội\n31/02/2026,local_day_off,Sai ngày\n"
    with pytest.raises(ValidationError) as caught:
        import_calendar(text, office)
    assert "Dòng 3: ngày “31/02/2026” không hợp lệ" in caught.value.messages[0]
    assert CalendarDay.objects.count() == before
    assert import_calendar("03/03/2026,local_day_off,Lễ hội", office) == 1
    assert not cal.is_working_day(office, dt.date(2026, 3, 3))
    with pytest.raises(ValidationError):
        import_calendar("04/03/2026,holiday,Không được", office)


def test_shipped_file_backs_an_empty_table(office):
    CalendarDay.objects.filter(office__isnull=True).delete()
    assert cal.is_working_day(office, dt.date(2026, 1, 10))
    assert cal.day_status(office, dt.date(2026, 2, 14)).reason == "Tết Nguyên đán Bính Ngọ"
    CalendarDay.objects.create(date=dt.date(2026, 11, 24), kind=DayKind.HOLIDAY, name="Ngày Văn hóa Việt Nam")
    # Once the year has rows, the table is the whole truth: 10/1 is an ordinary Saturday again.
    assert not cal.is_working_day(office, dt.date(2026, 1, 10))


def test_a_models_own_cutoff_replaces_the_offices(office):
    same_day = days(0, TimeUnit.SAME_DAY)
    received = at(2026, 2, 25, 15, 30)
    assert due_at(office, same_day, received) == at(2026, 2, 26, 17)
    assert due_at(office, same_day, received, cutoff=dt.time(16)) == at(2026, 2, 25, 17)
    assert due_at(office, same_day, at(2026, 2, 25, 14), cutoff=dt.time(14)) == at(2026, 2, 26, 17)


def test_another_process_change_reaches_this_memo(office):
    from django.core.cache import cache

    day = dt.date(2026, 3, 3)
    assert cal.is_working_day(office, day)
    # Another process writes (no signal here) and bumps the shared version.
    CalendarDay.objects.bulk_create(
        [CalendarDay(office=office, date=day, kind=DayKind.LOCAL_DAY_OFF, name="Bão")]
    )
    assert cal.is_working_day(office, day)  # still memoised
    cache.incr(cal.VERSION_KEY)
    cal._seen["checked"] = 0.0  # the next check is due
    assert not cal.is_working_day(office, day)
