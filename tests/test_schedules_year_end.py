"""December 2026 → January 2027: load_demo's rosters for the seed offices, the 2027 calendar
(an estimate from the `holidays` package, no announced swaps), and 24/11/2026 (not a day off:
domain-vn.md §5.1–5.2 could not verify the law that would make it one)."""

import datetime as dt
import importlib
import io
from collections import Counter

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from mocua.models import Office
from models_catalog.demo import DEMO_OFFICES
from schedules import calendar as cal
from schedules.calendar_import import parse_calendar_csv, shipped_text
from schedules.deadlines import due_at
from schedules.models import CalendarDay, DayKind, Shift
from schedules.roster import month_bounds
from schedules.roster_selectors import roster_conflicts, roster_counts, shifts_between
from tests.conftest import VN
from tests.test_schedules_calendar import at, days, make_office


@pytest.fixture
def demo_now(db):
    """load_demo run on 2 December 2026, as on the demo machine."""
    cal.clear_memo()
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, tzinfo=VN), tick=False):
        call_command("load_demo", stdout=io.StringIO())
    yield
    cal.clear_memo()


def spread(counter: Counter) -> int:
    return max(counter.values()) - min(counter.values()) if counter else 0


@pytest.mark.parametrize(("year", "month"), [(2026, 12), (2027, 1)])
def test_load_demo_rosters_are_fair_and_without_conflicts(demo_now, year, month):
    first, last = month_bounds(year, month)
    for slug in DEMO_OFFICES:
        office = Office.objects.get(slug=slug)
        shifts = list(shifts_between(office, first, last))
        open_days = [s.date for s in cal.days_between(office, first, last) if s.open_for_intake]
        assert [s.date for s in shifts] == open_days, slug
        assert roster_conflicts(office, first, last) == [], slug
        assert all(s.counter_staff and s.leader for s in shifts)
        counts = roster_counts(shifts)
        assert spread(counts.counter) <= 1 and spread(counts.leaders) <= 1, (slug, counts)
        assert spread(counts.organisations) <= 1, (slug, counts)
        for slot in ("counter_staff_id", "leader_id"):
            assert all(getattr(a, slot) != getattr(b, slot) for a, b in zip(shifts, shifts[1:], strict=False))
    if (year, month) == (2027, 1):
        duc_thanh = Office.objects.get(slug="duc-thanh")
        jan = {s.date: s for s in shifts_between(duc_thanh, first, last)}
        assert dt.date(2027, 1, 1) not in jan  # Tết Dương lịch (Friday)
        wednesdays = [d for d in jan if d.weekday() == 2]
        assert len(wednesdays) == 4 and all(jan[d].volunteer for d in wednesdays)  # Ngày không hẹn
        sa_dec = Office.objects.get(slug="sa-dec-p1")
        saturdays = [s for s in shifts_between(sa_dec, first, last) if s.date.weekday() == 5]
        assert len(saturdays) == 5 and all(s.end.astimezone(VN).time() == dt.time(11, 30) for s in saturdays)


def test_load_demo_months_follow_the_clock(demo_now):
    months = {(d.year, d.month) for d in Shift.objects.values_list("date", flat=True)}
    assert months == {(2026, 12), (2027, 1)}


def test_2027_is_an_estimate_without_swaps(db):
    office = make_office()
    assert cal.is_provisional_year(2027) and not cal.is_provisional_year(2026)
    tet = cal.day_status(office, dt.date(2027, 2, 8))
    assert not tet.working and tet.reason.endswith("(dự kiến)")
    assert [d for d in cal.national_days(2027) if d.month == 1] == [dt.date(2027, 1, 1)]
    assert not any(kind == DayKind.MAKE_UP for kind, _ in cal.national_days(2027).values())
    # Thu 4/2 – Wed 10/2/2027 off: a 3-day dossier of Wed 3/2 09:00 is due Mon 15/2 09:00.
    assert due_at(office, days(3), at(2027, 2, 3, 9)) == at(2027, 2, 15, 9)
    assert cal.is_working_day(office, dt.date(2027, 11, 24))  # unconfirmed, left out
    # Once the announcement is imported, the year is no longer an estimate.
    CalendarDay.objects.create(date=dt.date(2027, 1, 1), kind=DayKind.HOLIDAY, name="Tết Dương lịch")
    cal.clear_memo()
    assert not cal.is_provisional_year(2027)


def test_24_november_2026_is_a_working_day(db):
    office = make_office()
    assert dt.date(2026, 11, 24) not in {
        r["date"] for r in parse_calendar_csv(shipped_text(2026), national=True)
    }
    assert not CalendarDay.objects.filter(date=dt.date(2026, 11, 24)).exists()  # migrated database
    assert cal.is_working_day(office, dt.date(2026, 11, 24))
    assert due_at(office, days(1), at(2026, 11, 23, 9)) == at(2026, 11, 24, 9)
    # The announced 2026 breaks (domain-vn.md §5.2): 25 days off in all, and no 26th.
    breaks = [((1, 1), (1, 4)), ((2, 14), (2, 22)), ((4, 25), (4, 27)), ((4, 30), (5, 3)), ((8, 29), (9, 2))]
    total = 0
    for (m1, d1), (m2, d2) in breaks:
        span = cal.days_between(office, dt.date(2026, m1, d1), dt.date(2026, m2, d2))
        assert not any(s.working for s in span)
        total += len(span)
    assert total == 25
    year = cal.days_between(office, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    announced_off = [s.date for s in year if not s.working and s.kind != "weekend"]
    assert len(announced_off) == 20 and dt.date(2026, 11, 24) not in announced_off


def test_migration_drops_only_the_shipped_row(db):
    drop = importlib.import_module("schedules.migrations.0004_drop_unconfirmed_culture_day_2026")
    day = dt.date(2026, 11, 24)
    CalendarDay.objects.create(
        date=day, kind=DayKind.HOLIDAY, name="Ngày Văn hóa Việt Nam", note=drop.SHIPPED_NOTE
    )
    drop.drop(apps, None)
    assert not CalendarDay.objects.filter(date=day).exists()
    CalendarDay.objects.create(
        date=day, kind=DayKind.HOLIDAY, name="Ngày Văn hóa Việt Nam", note="Luật sửa đổi"
    )
    drop.drop(apps, None)
    assert CalendarDay.objects.filter(date=day).exists()  # an administrator's row stays


def test_pages_and_api_say_2027_is_an_estimate(staff_client, client, demo_now):
    staff = staff_client("duc-thanh.clerk")
    for path in ("/lich-lam-viec/?thang=2027-01", "/lich-truc/?thang=2027-01"):
        page = staff.get(path).content.decode()
        assert "Năm 2027 chưa có thông báo chính thức về lịch nghỉ lễ" in page
        assert "chưa có ngày hoán đổi hay ngày làm bù nào" in page
    assert "chưa có thông báo chính thức" not in staff.get("/lich-lam-viec/?thang=2026-12").content.decode()
    data = client.get(
        "/api/v1/offices/duc-thanh/calendar/", {"from": "2026-12-31", "to": "2027-01-01"}
    ).json()
    assert [(d["date"], d["provisional"], d["working"]) for d in data["days"]] == [
        ("2026-12-31", False, True),
        ("2027-01-01", True, False),
    ]
    assert data["days"][1]["reason"] == "Tết Dương lịch (dự kiến)"


def test_luan_thanh_ninth_hour_only_inside_its_seed_dates(demo_now):
    """Luận Thành's 9th hour: Monday–Friday 16:30–17:30 from 23/02/2026 to 23/03/2026."""
    office = Office.objects.get(slug="luan-thanh")
    assert cal.working_periods(office, dt.date(2026, 2, 23))[-1][1] == at(2026, 2, 23, 17, 30)  # first day
    assert cal.working_periods(office, dt.date(2026, 3, 23))[-1][1] == at(2026, 3, 23, 17, 30)  # last day
    assert cal.working_periods(office, dt.date(2026, 3, 24))[-1][1] == at(2026, 3, 24, 17)
    assert cal.working_periods(office, dt.date(2026, 2, 20)) == []  # Tết, before the range
    assert cal.add_working_time(office, at(2026, 3, 23, 16), 1.5, "working_hours") == at(2026, 3, 23, 17, 30)
    assert cal.add_working_time(office, at(2026, 3, 24, 16), 1.5, "working_hours") == at(2026, 3, 25, 8)
    # Received 23/3 17:00 inside the 9th hour, 3 working days (22.5 h): 0.5 h that evening,
    # 7.5 h on 24/3 and 25/3, 7 h on 26/3 → 16:30.
    assert due_at(office, days(3), at(2026, 3, 23, 17)) == at(2026, 3, 26, 16, 30)
    # The same-day close of the day stays 17:00 even inside the range.
    assert cal.close_of_day(office, dt.date(2026, 3, 23)) == at(2026, 3, 23, 17)


@pytest.mark.parametrize(("slug", "day"), [("sa-dec-p1", "2026-12-16"), ("duc-thanh", "2027-01-01")])
def test_week_pdf_from_load_demo(staff_client, demo_now, slug, day):
    from tests.pdftools import pdf_text, pdf_to_pngs

    response = staff_client(f"{slug}.clerk").get(f"/lich-truc/tuan/{day}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, f"roster-week-demo-{slug}").split())
    assert pdf_to_pngs(response.content, f"roster-week-demo-{slug}", dpi=80)
    if slug == "sa-dec-p1":
        assert "Tuần từ ngày 14/12/2026 đến ngày 20/12/2026" in text
        assert "Đăng ký kết hôn “hai không”" in text and "Thứ Bảy" in text
    else:
        assert "Tuần từ ngày 28/12/2026 đến ngày 03/01/2027" in text
        assert "Thứ Sáu Nghỉ, không trực: Tết Dương lịch (dự kiến) 01/01/2027" in text
        assert "Lịch nghỉ năm 2027 là dự kiến" in text


@pytest.mark.django_db(transaction=True)
def test_january_2027_on_a_phone(live_server, phone_page):
    from mocua.demo import DEMO_PASSWORD
    from tests.conftest import screenshot

    call_command("load_demo", stdout=io.StringIO())
    page = phone_page
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", "duc-thanh.secretary")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/lich-lam-viec/?thang=2027-01")
    assert "Năm 2027 chưa có thông báo chính thức" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "calendar-2027-01-phone")
    page.goto(f"{live_server.url}/lich-truc/?thang=2027-01")
    body = page.inner_text("main")
    assert "Năm 2027 chưa có thông báo chính thức" in body and "không có xung đột" in body
    screenshot(page, "roster-2027-01-phone")
